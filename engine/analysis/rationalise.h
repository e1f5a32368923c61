// Inverse optimisation of the governments' objective weights: the weights,
// nearest the config's own, under which its policy profile (the observed
// 2025-26 stances, in the baseline) is an approximate equilibrium of the
// model: each seat's best constant deviation gains at most `target` of the
// range of its agent's utility across the seat's own actions (docs/model.md
// §7.4). The looser ratio over the agent's whole utility range, the usual
// normalisation of an epsilon-equilibrium, is reported beside it.
//
// Utilities are linear in the weights (games/step.h UtilityTerms), and no
// weight moves the world unless a policy reads payoffs, so every profile is
// simulated once and each candidate weight vector is scored in closed form:
// the search is exhaustive over a grid, not a local descent.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/run/experiment.h"

namespace geostrat {

struct RationaliseOptions {
  uint32_t replicates = 400;
  double target = 0.05;  // max regret as a share of the utility range
  int threads = 0;       // 0: OpenMP's default
  // The values each free weight is searched on (empty: WeightGrid()); the
  // search visits every combination, so its cost is the grid's size to the
  // power of the free weights (five for the US and China).
  std::vector<double> grid;
  std::function<void(const std::string&)> progress;  // one line per step, never from a worker
};

// One seat's regret at one weight vector: the best constant deviation's gain
// over the config's policy, in its agent's discounted utility over the
// horizon (mean over replicates, common random numbers). `range` is that
// agent's utility range over every profile simulated (the normalisation of an
// epsilon-equilibrium with payoffs scaled to [0, 1]); `seat_range` the range
// over this seat's own actions alone, reported beside it.
struct SeatRegret {
  std::string seat, agent, policy;
  std::string best;  // the best constant action ("" when none beats the policy)
  double regret = 0, range = 0, seat_range = 0;
  double Ratio() const { return range > 0 ? regret / range : 0.0; }
  double SeatRatio() const { return seat_range > 0 ? regret / seat_range : 0.0; }
};

// A government's weights before and after the fit, and its seats' worst ratio.
struct WeightFit {
  std::string agent;
  std::vector<std::string> names;      // the free weights (w_industry is the numeraire)
  std::vector<double> start, fitted;
  double start_ratio = 0, fitted_ratio = 0;  // max over its seats of SeatRatio()
};

struct RationaliseResult {
  std::vector<SeatRegret> start, fitted;  // every seat, registry order
  std::vector<WeightFit> weights;         // every government
  int profiles = 0;                       // profiles simulated
  bool payoff_readers = false;  // a policy reads payoffs: the closed form is a first-order one
};

// The grid each free weight is searched on ($B-equivalents per quarter per
// unit share at the start).
const std::vector<double>& WeightGrid();

RationaliseResult Rationalise(const MergedConfig& config, const Experiment& e,
                              const RationaliseOptions& options);

// A config extending `parent_file` (relative to the folder it is written to)
// with the fitted weights.
Json RationalisedConfig(const RationaliseResult& r, const std::string& parent_file,
                        const std::string& name, double target);

}  // namespace geostrat
