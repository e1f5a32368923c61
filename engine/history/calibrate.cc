#include "engine/history/calibrate.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/hash.h"

namespace geostrat {
namespace {

// Where a seat's response rule sits in the config: the policy itself or its
// script's fallback (J: Json or const Json).
template <class J>
J* RuleOf(J& policies, const std::string& seat) {
  const auto it = policies.find(seat);
  if (it == policies.end()) return nullptr;
  J& policy = *it;
  if (policy.value("name", "") == "response_rule") return &policy;
  const auto fallback = policy.find("fallback");
  if (fallback != policy.end() && fallback->value("name", "") == "response_rule") {
    return &*fallback;
  }
  return nullptr;
}

// A rule's current value of a number: the fixed value, a prior's mode, or the
// policy's default.
double CurrentValue(const Json& rule, const std::string& name) {
  if (!rule.contains(name)) return name == "hazard" ? 0.2 : 0.0;
  const Json& v = rule[name];
  if (v.is_number()) return v.get<double>();
  if (v.contains("value")) return v["value"].get<double>();
  if (v.contains("triangular")) return v["triangular"][1].get<double>();
  throw ConfigError("", "/policies", "a fixed or triangular " + name + " to calibrate from",
                    v.dump());
}

using Values = std::vector<double>;

Json WithValues(const Json& config, const std::vector<std::pair<std::string, std::string>>& free,
                const Values& values) {
  Json c = config;
  for (size_t i = 0; i < free.size(); ++i)
    (*RuleOf(c["policies"], free[i].first))[free[i].second] = values[i];
  return c;
}

// The total log-likelihood of `rows` under the config with `values`: the sum
// of ln p(observed class) of the model's backtest forecasts.
double LogLikelihood(const MergedConfig& base, const std::string& file,
                     const std::vector<std::pair<std::string, std::string>>& free,
                     const Values& values, const std::vector<ObservedRow>& rows,
                     const BacktestOptions& options) {
  const MergedConfig c{WithValues(base.json, free, values), base.sources};
  const Experiment e = ExperimentFromConfig(c, file);
  const BacktestResult r = Backtest(c, e, rows, options);
  return r.model.log_score * r.model.triggers;
}

// The backtests already run, by fit and values (engine/history/calibrate.h,
// CalibrateOptions::journal). Lookups happen in parallel; additions only
// between parallel sections.
class Journal {
 public:
  Journal(const std::string& path, const Json& header) : path_(path) {
    if (path_.empty()) return;
    if (std::filesystem::exists(path_)) {
      std::ifstream in(path_);
      std::string line;
      if (!std::getline(in, line) || Json::parse(line, nullptr, false) != header) {
        throw ConfigError(path_, "/",
                          "the journal of this calibration (" + header.dump() + ")",
                          "another calibration's; remove its folder to start again");
      }
      while (std::getline(in, line)) {
        const size_t tab = line.rfind('\t');
        if (tab == std::string::npos) continue;  // a line cut short by the interruption
        char* end = nullptr;
        const double ll = std::strtod(line.c_str() + tab + 1, &end);
        if (end != line.c_str() + line.size()) continue;
        memo_[line.substr(0, tab)] = ll;
      }
    } else {
      std::ofstream out(path_);
      out << header.dump() << "\n";
      if (!out) throw ConfigError(path_, "/", "a journal file that can be written", "an error");
    }
  }
  const double* Find(const std::string& key) const {
    const auto it = memo_.find(key);
    return it == memo_.end() ? nullptr : &it->second;
  }
  void Add(const std::vector<std::pair<std::string, double>>& entries) {
    std::ofstream out;
    if (!path_.empty()) out.open(path_, std::ios::app);
    for (const auto& [key, ll] : entries) {
      memo_[key] = ll;
      if (!path_.empty()) {
        char number[32];
        std::snprintf(number, sizeof number, "%.17g", ll);
        out << key << '\t' << number << '\n';
      }
    }
  }
  static std::string Key(const std::string& label, const Values& values) {
    std::string key = label;
    char number[32];
    for (double v : values) {
      std::snprintf(number, sizeof number, "|%.17g", v);
      key += number;
    }
    return key;
  }

 private:
  std::string path_;
  std::map<std::string, double> memo_;
};

struct Fit {
  Values values;
  double best = 0;
  std::vector<std::vector<std::pair<double, double>>> profiles;  // last sweep, per number
};

// Coordinate ascent on each number's grid, the others held; every grid point
// of a coordinate is one backtest, run in parallel. Ties go to the earlier
// (smaller) grid value, so the fit does not depend on the thread count.
Fit FitNumbers(const MergedConfig& base, const std::string& file,
               const std::vector<std::pair<std::string, std::string>>& free, Values start,
               const std::vector<ObservedRow>& rows, const CalibrateOptions& options,
               Journal& journal, CalibrationResult& result, const std::string& label) {
  Fit fit;
  fit.values = std::move(start);
  fit.profiles.assign(free.size(), {});
  if (const double* known = journal.Find(Journal::Key(label, fit.values))) {
    fit.best = *known;
    ++result.reused;
  } else {
    fit.best = LogLikelihood(base, file, free, fit.values, rows, options.backtest);
    journal.Add({{Journal::Key(label, fit.values), fit.best}});
  }
  ++result.evaluations;
  for (int sweep = 0; sweep < options.sweeps; ++sweep) {
    for (size_t i = 0; i < free.size(); ++i) {
      const std::vector<double>& grid = CalibrationGrid(free[i].second);
      std::vector<double> ll(grid.size());
      const int n = static_cast<int>(grid.size());
      std::string error;
      std::vector<char> computed(grid.size(), 0);
#pragma omp parallel for schedule(dynamic, 1) num_threads(options.threads > 0 ? options.threads : omp_get_max_threads())
      for (int g = 0; g < n; ++g) {
        Values v = fit.values;
        v[i] = grid[g];
        if (const double* known = journal.Find(Journal::Key(label, v))) {
          ll[g] = *known;
          continue;
        }
        try {
          ll[g] = LogLikelihood(base, file, free, v, rows, options.backtest);
          computed[g] = 1;
        } catch (const std::exception& ex) {
#pragma omp critical(geostrat_calibrate_error)
          if (error.empty()) error = ex.what();
        }
      }
      if (!error.empty()) throw InternalError("calibrate: " + error);
      std::vector<std::pair<std::string, double>> fresh;
      for (int g = 0; g < n; ++g) {
        if (!computed[g]) {
          ++result.reused;
          continue;
        }
        Values v = fit.values;
        v[i] = grid[g];
        fresh.push_back({Journal::Key(label, v), ll[g]});
      }
      journal.Add(fresh);
      result.evaluations += n;
      int arg = 0;
      for (int g = 1; g < n; ++g) {
        if (ll[g] > ll[arg]) arg = g;
      }
      fit.values[i] = grid[arg];
      fit.best = ll[arg];
      fit.profiles[i].clear();
      for (int g = 0; g < n; ++g) fit.profiles[i].push_back({grid[g], ll[g]});
      if (options.progress) {
        char line[256];
        std::snprintf(line, sizeof line, "%s sweep %d: %s %s = %g (log-likelihood %.3f)",
                      label.c_str(), sweep + 1, free[i].first.c_str(), free[i].second.c_str(),
                      grid[arg], ll[arg]);
        options.progress(line);
      }
    }
  }
  return fit;
}

std::vector<FittedNumber> Numbers(const std::vector<std::pair<std::string, std::string>>& free,
                                  const Values& start, const Fit& fit) {
  std::vector<FittedNumber> out;
  for (size_t i = 0; i < free.size(); ++i) {
    FittedNumber f;
    f.seat = free[i].first;
    f.name = free[i].second;
    f.start = start[i];
    f.value = fit.values[i];
    f.profile = fit.profiles[i];
    double best = -INFINITY;
    for (const auto& [x, ll] : f.profile) best = std::max(best, ll);
    f.low = f.high = f.value;
    // 1.92 = chi-square(1) 95% / 2: the profile-likelihood interval.
    for (const auto& [x, ll] : f.profile) {
      if (ll >= best - 1.92) {
        f.low = std::min(f.low, x);
        f.high = std::max(f.high, x);
      }
    }
    out.push_back(f);
  }
  return out;
}

std::string YearOf(const ObservedRow& row) { return row.date.substr(0, 4); }

}  // namespace

std::vector<std::pair<std::string, std::string>> FreeNumbers(const Json& config) {
  std::vector<std::pair<std::string, std::string>> free;
  if (!config.contains("policies")) return free;
  for (auto it = config["policies"].begin(); it != config["policies"].end(); ++it) {
    if (!RuleOf(config["policies"], it.key())) continue;
    free.push_back({it.key(), "hazard"});
    free.push_back({it.key(), "grievance"});
  }
  return free;
}

const std::vector<double>& CalibrationGrid(const std::string& parameter) {
  static const std::vector<double> hazard = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.98};
  static const std::vector<double> grievance = {0, 0.1, 0.2, 0.4, 0.8, 1.6};
  if (parameter == "hazard") return hazard;
  if (parameter == "grievance") return grievance;
  throw InternalError("no calibration grid for " + parameter);
}

CalibrationResult Calibrate(const MergedConfig& config, const Experiment& e,
                            const std::vector<ObservedRow>& rows, const CalibrateOptions& options) {
  const auto free = FreeNumbers(config.json);
  if (free.empty()) {
    throw ConfigError(e.file, "/policies",
                      "at least one seat (or script fallback) playing response_rule",
                      "none: there is nothing to calibrate");
  }
  CalibrateOptions opt = options;
  if (opt.backtest.replicates == 0) opt.backtest.replicates = 100;
  Values start;
  for (const auto& [seat, name] : free)
    start.push_back(CurrentValue(*RuleOf(config.json["policies"], seat), name));

  // The journal's header: what makes its log-likelihoods this calibration's.
  std::string rows_text;
  for (const ObservedRow& row : rows) {
    rows_text += std::to_string(row.row) + " " + row.date + " " + row.side + " " + row.instrument;
    for (const auto& o : row.responses) rows_text += " " + o.instrument + "@" + o.date;
    rows_text += "\n";
  }
  Journal journal(opt.journal, {{"format", "geostrat calibrate journal 1"},
                                {"config_hash", e.Hash()},
                                {"observed_rows", Fnv1aHex(rows_text)},
                                {"replicates", opt.backtest.replicates},
                                {"window", opt.backtest.window},
                                {"smoothing", opt.backtest.smoothing}});
  CalibrationResult r;
  {
    const MergedConfig c{WithValues(config.json, free, start), config.sources};
    r.start = Backtest(c, ExperimentFromConfig(c, e.file), rows, opt.backtest).model;
    ++r.evaluations;
  }
  const Fit all = FitNumbers(config, e.file, free, start, rows, opt, journal, r, "all years");
  r.numbers = Numbers(free, start, all);
  {
    const MergedConfig c{WithValues(config.json, free, all.values), config.sources};
    r.at_fit = Backtest(c, ExperimentFromConfig(c, e.file), rows, opt.backtest);
    r.fitted = r.at_fit.model;
    ++r.evaluations;
  }
  if (!opt.cross_validate) return r;

  // Leave one year out: fit without the year, forecast its triggers from the
  // full backtest at that fit (so their base rates stay leave-one-year-out too).
  std::vector<std::string> years;
  for (const BacktestTrigger& t : r.at_fit.triggers) {
    if (std::find(years.begin(), years.end(), YearOf(t.row)) == years.end())
      years.push_back(YearOf(t.row));
  }
  std::map<int, Forecast> held_out;  // trigger index -> its fold's forecast
  for (const std::string& year : years) {
    std::vector<ObservedRow> train;
    for (const ObservedRow& row : rows) {
      if (YearOf(row) != year) train.push_back(row);
    }
    const Fit fold = FitNumbers(config, e.file, free, start, train, opt, journal, r,
                                "without " + year);
    const MergedConfig c{WithValues(config.json, free, fold.values), config.sources};
    const BacktestResult b = Backtest(c, ExperimentFromConfig(c, e.file), rows, opt.backtest);
    ++r.evaluations;
    CalibrationFold f;
    f.year = year;
    f.numbers = Numbers(free, start, fold);
    for (size_t k = 0; k < b.triggers.size(); ++k) {
      if (YearOf(b.triggers[k].row) != year) continue;
      held_out[static_cast<int>(k)] = b.triggers[k].model;
      f.triggers += 1;
      f.model_log_likelihood += std::log(b.triggers[k].model.p[b.triggers[k].observed]);
    }
    r.folds.push_back(f);
  }
  std::vector<Forecast> model, kind, never, base;
  std::vector<int> observed, lag;
  for (size_t k = 0; k < r.at_fit.triggers.size(); ++k) {
    const BacktestTrigger& t = r.at_fit.triggers[k];
    model.push_back(held_out.at(static_cast<int>(k)));
    kind.push_back(t.match_in_kind);
    never.push_back(t.never_respond);
    base.push_back(t.base_rates);
    observed.push_back(t.observed);
    lag.push_back(t.observed_lag);
  }
  r.cv_model = ScoreForecasts(model, observed, lag);
  r.cv_match_in_kind = ScoreForecasts(kind, observed, lag);
  r.cv_never_respond = ScoreForecasts(never, observed, lag);
  r.cv_base_rates = ScoreForecasts(base, observed, lag);
  return r;
}

Json FittedConfig(const CalibrationResult& r, const Json& config, const std::string& parent_file,
                  const std::string& name, const std::string& observed_file) {
  Json policies = Json::object();
  for (const FittedNumber& f : r.numbers) {
    Json number;
    if (f.high > f.low) {
      number["triangular"] = {f.low, f.value, f.high};
    } else {
      number["value"] = f.value;
    }
    char source[256];
    std::snprintf(source, sizeof source,
                  "geostrat calibrate on %s: maximum simulated likelihood %g, 95%% profile "
                  "interval [%g, %g]",
                  observed_file.c_str(), f.value, f.low, f.high);
    number["source"] = source;
    // A child config replaces a seat's policy whole (engine/run/experiment.cc), so the
    // seat's policy is restated with the fitted numbers in its rule.
    if (!policies.contains(f.seat)) policies[f.seat] = config["policies"][f.seat];
    (*RuleOf(policies, f.seat))[f.name] = number;
  }
  return {{"extends", parent_file},
          {"name", name},
          {"description",
           "The history config with its response rules' hazards and grievances fitted to the "
           "observed responses (geostrat calibrate); each replicate draws them from their "
           "profile-likelihood intervals."},
          {"policies", policies}};
}

}  // namespace geostrat
