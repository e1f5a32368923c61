// Calibration of response rules on the observed history: the hazards and
// grievances of every `response_rule` policy of a history config (as a seat's
// policy or a script's fallback) fitted by simulated maximum likelihood on the
// backtest's forecasts of the observed responses, with profile-likelihood
// intervals and a leave-one-year-out cross-validation (docs/replay.md §6).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/run/experiment.h"
#include "engine/history/replay.h"

namespace geostrat {

struct CalibrateOptions {
  BacktestOptions backtest;  // window, replicates (0: 100), smoothing
  int sweeps = 2;            // coordinate sweeps over the free parameters
  bool cross_validate = true;
  int threads = 0;           // 0: OpenMP's default
  // Called with one line per finished step (never from a worker thread).
  std::function<void(const std::string&)> progress;
  // A journal of the backtests run (one line per fit and values, with the
  // log-likelihood), appended as the fit goes and read back first, so that
  // an interrupted calibration resumes where it stopped with the same result.
  // Empty: none. A journal of another calibration (config, observed rows or
  // options) is an error.
  std::string journal;
};

// One fitted number: its value, the 95% profile-likelihood interval on its
// grid (the values within 1.92 of the best log-likelihood, others held at
// their fit), and the profile itself.
struct FittedNumber {
  std::string seat, name;
  double start = 0, value = 0, low = 0, high = 0;
  std::vector<std::pair<double, double>> profile;  // (value, total log-likelihood)
};

// One fold of the cross-validation: the rules fitted without one year's
// triggers, then scored on them.
struct CalibrationFold {
  std::string year;
  int triggers = 0;
  double model_log_likelihood = 0;  // sum of ln p over the year's triggers
  std::vector<FittedNumber> numbers;
};

struct CalibrationResult {
  std::vector<FittedNumber> numbers;  // fitted on every trigger
  Scores start, fitted;               // the model's in-sample scores before and after
  BacktestResult at_fit;              // the backtest at the fit (every forecaster)
  std::vector<CalibrationFold> folds;
  // Leave-one-year-out scores: the model's forecast of each trigger comes from
  // the fold that did not see its year; the baselines as in the backtest.
  Scores cv_model, cv_match_in_kind, cv_never_respond, cv_base_rates;
  int evaluations = 0;  // backtests run
  int reused = 0;       // of them, answered from the journal (an earlier run's, or values met again)
};

// The free numbers of `config`: (seat id, parameter) for every response rule.
std::vector<std::pair<std::string, std::string>> FreeNumbers(const Json& config);
// The grid each free parameter is searched on.
const std::vector<double>& CalibrationGrid(const std::string& parameter);

CalibrationResult Calibrate(const MergedConfig& config, const Experiment& e,
                            const std::vector<ObservedRow>& rows, const CalibrateOptions& options);

// A config that extends `parent_file` (whose merged JSON is `config`) (a path relative to the folder the
// config is written to) with the fitted numbers as triangular priors over
// their profile intervals (a fixed value where the interval is one point).
Json FittedConfig(const CalibrationResult& r, const Json& config, const std::string& parent_file,
                  const std::string& name, const std::string& observed_file);

}  // namespace geostrat
