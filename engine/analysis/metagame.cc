#include "engine/analysis/metagame.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/run/results.h"
#include "engine/core/stats.h"
#include "engine/run/runner.h"
#include "engine/run/simulation.h"
#include "games/classifier.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/gnm.h"
#include "games/solvers/liap.h"

namespace geostrat {
namespace {

// A stream id no agent uses (agents take 1 + their index).
constexpr uint32_t kBootstrapStream = 0xB0070000u;

// Cancellation of the simulation loops: OpenMP's thread 0 (the caller's)
// asks `keep_going` after each simulation it finishes; once it says no,
// every thread skips what is left, and Check throws RunCancelled.
class Stopper {
 public:
  explicit Stopper(const std::function<bool()>& keep_going) : keep_going_(keep_going) {}
  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }
  void Ask() {
    if (keep_going_ && omp_get_thread_num() == 0 && !keep_going_()) stopped_ = true;
  }
  void Check() const {
    if (stopped()) throw RunCancelled("meta-game cancelled; nothing was written");
  }

 private:
  const std::function<bool()>& keep_going_;
  std::atomic<bool> stopped_{false};
};

SolveResult Solve(const NormalForm& game, const MetaGameSpec& spec, int threads) {
  const std::string& method = spec.method;
  if (method == "enummixed") {
    return EnumMixed(game, {.max_seconds = spec.max_seconds, .threads = threads});
  }
  if (method == "gnm") return GlobalNewton(game, GnmOptions{});
  return Liap(game, LiapOptions{});
}

// Supports as a comparable key: for each player the strategies played with
// probability above `tol`.
std::vector<std::vector<int>> Support(const MixedProfile& profile, double tol = 1e-9) {
  std::vector<std::vector<int>> support(profile.size());
  for (size_t p = 0; p < profile.size(); ++p) {
    for (size_t s = 0; s < profile[p].size(); ++s) {
      if (profile[p][s] > tol) support[p].push_back(static_cast<int>(s));
    }
  }
  return support;
}

// Probability of each pure profile when every seat mixes independently.
std::vector<double> ProfileWeights(const NormalForm& game, const MixedProfile& mix) {
  std::vector<double> w(game.num_profiles(), 1.0);
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    const std::vector<int> pure = game.ProfileAt(index);
    for (int p = 0; p < game.num_players(); ++p) w[index] *= mix[p][pure[p]];
  }
  return w;
}

// The default pool of a seat: receding-horizon best responses over 1, 2 and
// 8 quarters and a response rule, each watching the next seat of the
// meta-game.
Json DefaultPool(const std::string& watch) {
  Json pool = Json::array();
  for (int horizon : {1, 2, 8}) {
    pool.push_back({{"name", "receding_horizon"},
                    {"watch", watch},
                    {"horizon", horizon},
                    {"samples", 4},
                    {"lambda", 1}});
  }
  pool.push_back({{"name", "response_rule"}, {"watch", watch}, {"hazard", 0.5}, {"grievance", 0.5}});
  return pool;
}

void ReadExpansion(const ConfigNode& node, const GameContext& context, MetaGameSpec& spec) {
  auto& x = spec.expand;
  const Scenario& s = spec.experiment.scenario;
  std::optional<ConfigNode> pools;
  if (node.IsObject()) {
    node.AllowOnlyKeys({"epsilon", "rounds", "pool"});
    x.enabled = true;
    if (auto e = node.Find("epsilon")) x.epsilon = e->Number(0, 1e12);
    if (auto r = node.Find("rounds")) x.rounds = static_cast<int>(r->Integer(1, 100));
    if ((pools = node.Find("pool"))) {
      std::vector<std::string> ids;
      for (int seat : spec.seats) ids.push_back(s.seats[seat].id);
      pools->AllowOnlyKeys(ids);
    }
  } else {
    x.enabled = node.Bool();
  }
  if (!x.enabled) return;
  for (size_t k = 0; k < spec.seats.size(); ++k) {
    const std::string& id = s.seats[spec.seats[k]].id;
    const std::string& next = s.seats[spec.seats[(k + 1) % spec.seats.size()]].id;
    const ConfigNode l = pools && pools->Has(id) ? pools->At(id)
                                                 : ConfigNode::Root(DefaultPool(next), node.file());
    if (!l.IsArray() || l.Size() == 0) l.Fail("a non-empty array of policy specs");
    x.pool.emplace_back();
    x.pool_labels.emplace_back();
    for (size_t i = 0; i < l.Size(); ++i) {
      x.pool.back().push_back(ReadPolicy(l.Element(i), context, spec.seats[k]));
      const Json& j = l.Element(i).json();
      std::string label = j.value("name", "");
      if (j.contains("horizon") && j["horizon"].is_number()) {
        label += "_h" + std::to_string(j["horizon"].get<int>());
      }
      x.pool_labels.back().push_back("br:" + label + "#" + std::to_string(i + 1));
    }
  }
}

}  // namespace

MetaGameSpec LoadMetaGame(const std::string& path) {
  return MetaGameFromConfig(LoadMergedConfig(path), path);
}

MetaGameSpec MetaGameFromConfig(MergedConfig merged, const std::string& path) {
  ExpectConfigKind(merged, path, {ConfigKind::kMetaGame},
                   "a meta-game config (a member \"metagame\": candidate policies per seat)");
  const Json meta_json = merged.json["metagame"];
  merged.json.erase("metagame");
  MetaGameSpec spec;
  spec.file = path;
  spec.experiment = ExperimentFromConfig(merged, path);
  const ConfigNode meta(meta_json, "/metagame", merged.sources);
  meta.AllowOnlyKeys(
      {"candidates", "labels", "replicates", "bootstrap", "method", "max_seconds", "observed",
       "expand"});
  if (auto r = meta.Find("replicates")) spec.replicates = static_cast<uint32_t>(r->Integer(2, 10000000L));
  if (auto b = meta.Find("bootstrap")) spec.bootstrap = static_cast<int>(b->Integer(0, 100000L));
  if (auto m = meta.Find("method")) spec.method = m->Name("meta-game method", {"enummixed", "gnm", "liap"});
  if (auto s = meta.Find("max_seconds")) {
    if (spec.method != "enummixed") s->Fail("no \"max_seconds\": it limits enummixed alone");
    spec.max_seconds = s->Number(1e-3, 1e6);
  }
  const ConfigNode candidates = meta.At("candidates");
  const Scenario& s = spec.experiment.scenario;
  candidates.AllowOnlyKeys(s.SeatIds());
  if (candidates.Size() < 2) candidates.Fail("candidate policies for at least two seats");
  const GameContext context = ContextOf(s);
  for (const auto& seat_id : candidates.Keys()) {
    const int seat = s.SeatIndex(seat_id);
    const ConfigNode list = candidates.At(seat_id);
    if (!list.IsArray() || list.Size() == 0) list.Fail("a non-empty array of policy specs");
    spec.seats.push_back(seat);
    spec.candidates.emplace_back();
    spec.labels.emplace_back();
    for (size_t i = 0; i < list.Size(); ++i) {
      spec.candidates.back().push_back(ReadPolicy(list.Element(i), context, seat));
      spec.labels.back().push_back(spec.candidates.back().back()->ToJson()["name"].get<std::string>() +
                                   "#" + std::to_string(i + 1));
    }
  }
  if (auto labels = meta.Find("labels")) {
    labels->AllowOnlyKeys(candidates.Keys());
    for (size_t k = 0; k < spec.seats.size(); ++k) {
      const std::string& id = s.seats[spec.seats[k]].id;
      if (!labels->Has(id)) continue;
      const ConfigNode l = labels->At(id);
      if (!l.IsArray() || l.Size() != spec.candidates[k].size()) {
        l.Fail("one label per candidate (" + std::to_string(spec.candidates[k].size()) + ")");
      }
      for (size_t i = 0; i < l.Size(); ++i) spec.labels[k][i] = l.Element(i).String();
    }
  }
  if (auto observed = meta.Find("observed")) {
    observed->AllowOnlyKeys(candidates.Keys());
    for (size_t k = 0; k < spec.seats.size(); ++k) {
      const std::string& id = s.seats[spec.seats[k]].id;
      const ConfigNode label = observed->At(id);
      const std::string name = label.Name("candidate label of " + id, spec.labels[k]);
      spec.observed.push_back(static_cast<int>(
          std::find(spec.labels[k].begin(), spec.labels[k].end(), name) - spec.labels[k].begin()));
    }
  }
  if (auto expand = meta.Find("expand")) ReadExpansion(*expand, context, spec);
  if (spec.method == "enummixed" && spec.seats.size() != 2) {
    const std::string expected = "\"gnm\" or \"liap\" for a meta-game of more than two seats";
    if (meta.Has("method")) meta.At("method").Fail(expected);
    meta.Fail("a \"method\": " + expected + " (the default, enummixed, is for two)");
  }
  return spec;
}

namespace {

MetaGameResult RunOnce(const MetaGameSpec& spec, int threads, Stopper& stop) {
  const auto t0 = std::chrono::steady_clock::now();
  const int players = static_cast<int>(spec.seats.size());
  std::vector<std::string> player_names;
  for (int seat : spec.seats) player_names.push_back(spec.experiment.scenario.seats[seat].id);
  MetaGameResult result;
  result.threads = threads;
  result.game = NormalForm(spec.experiment.name + " meta-game", player_names, spec.labels);
  const size_t profiles = result.game.num_profiles();
  const uint32_t reps = spec.replicates;

  // One experiment per profile: the base policies with the profile's
  // candidates in the meta-game's seats. Same seed and replicate indices in
  // every profile: common random numbers.
  std::vector<Experiment> experiments(profiles, spec.experiment);
  for (size_t index = 0; index < profiles; ++index) {
    const std::vector<int> pure = result.game.ProfileAt(index);
    for (int p = 0; p < players; ++p) {
      experiments[index].policies[spec.seats[p]] = spec.candidates[p][pure[p]];
    }
    experiments[index].replicates = reps;
  }
  // utility[(profile * reps + rep) * players + p], class per (profile, rep).
  std::vector<double> utility(profiles * reps * players);
  std::vector<int8_t> outcome(profiles * reps);
  std::vector<std::exception_ptr> errors(profiles * reps);
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
  for (int64_t k = 0; k < static_cast<int64_t>(profiles * reps); ++k) {
    if (stop.stopped()) continue;
    try {
      const size_t index = static_cast<size_t>(k) / reps;
      const uint32_t rep = static_cast<uint32_t>(k % reps);
      const Simulation sim(experiments[index]);
      const World world = sim.Run(rep);
      sim.Summarise(world, rep);  // a non-finite result is an error, not a payoff
      for (int p = 0; p < players; ++p) {
        const int agent = spec.experiment.scenario.seats[spec.seats[p]].agent;
        utility[static_cast<size_t>(k) * players + p] = world.utility[agent];
      }
      outcome[k] = static_cast<int8_t>(DeclareClass(world.class_history));
    } catch (...) {
      errors[k] = std::current_exception();
    }
    stop.Ask();
  }
  stop.Check();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }

  // Means, standard errors and outcome counts, serially in index order.
  auto mean_table = [&](const std::vector<uint32_t>& sample) {
    NormalForm g = result.game;
    for (size_t index = 0; index < profiles; ++index) {
      for (int p = 0; p < players; ++p) {
        double sum = 0;
        for (uint32_t r : sample) sum += utility[(index * reps + r) * players + p];
        g.SetPayoff(index, p, sum / sample.size());
      }
    }
    return g;
  };
  std::vector<uint32_t> all(reps);
  for (uint32_t r = 0; r < reps; ++r) all[r] = r;
  result.game = mean_table(all);
  result.std_error.assign(profiles, std::vector<double>(players, 0.0));
  result.outcome_counts.assign(profiles, std::vector<uint32_t>(kNumClasses, 0));
  for (size_t index = 0; index < profiles; ++index) {
    for (int p = 0; p < players; ++p) {
      std::vector<double> v(reps);
      for (uint32_t r = 0; r < reps; ++r) v[r] = utility[(index * reps + r) * players + p];
      result.std_error[index][p] = MeanSd(v).sd / std::sqrt(static_cast<double>(reps));
    }
    for (uint32_t r = 0; r < reps; ++r) ++result.outcome_counts[index][outcome[index * reps + r]];
  }
  result.solved = Solve(result.game, spec, threads);

  // Bootstrap: resample replicate indices (the same resample for every
  // profile, keeping the common random numbers paired), re-solve, and ask
  // whether each equilibrium's support survives; the outcome distribution
  // under each equilibrium's mix is recomputed on the same samples.
  const size_t n_eq = result.solved.equilibria.size();
  result.assessments.assign(n_eq, {});
  std::vector<std::vector<std::vector<double>>> boot_p(n_eq, std::vector<std::vector<double>>(kNumClasses));
  std::vector<std::vector<double>> weights(n_eq);
  for (size_t e = 0; e < n_eq; ++e) weights[e] = ProfileWeights(result.game, result.solved.equilibria[e].profile);
  std::vector<int> survived(n_eq, 0);
  for (int b = 0; b < spec.bootstrap; ++b) {
    Rng rng(spec.experiment.seed, static_cast<uint32_t>(b), kBootstrapStream, 0);
    std::vector<uint32_t> sample(reps);
    for (uint32_t r = 0; r < reps; ++r) sample[r] = rng.Below(reps);
    const SolveResult again = Solve(mean_table(sample), spec, threads);
    if (!again.complete && spec.method == "enummixed") ++result.bootstrap_cut_short;
    for (size_t e = 0; e < n_eq; ++e) {
      const auto support = Support(result.solved.equilibria[e].profile);
      for (const auto& other : again.equilibria) {
        if (Support(other.profile) == support) {
          ++survived[e];
          break;
        }
      }
      for (int c = 0; c < kNumClasses; ++c) {
        double p = 0;
        for (size_t index = 0; index < profiles; ++index) {
          if (weights[e][index] == 0.0) continue;
          uint32_t count = 0;
          for (uint32_t r : sample) count += outcome[index * reps + r] == c;
          p += weights[e][index] * count / reps;
        }
        boot_p[e][c].push_back(p);
      }
    }
  }
  for (size_t e = 0; e < n_eq; ++e) {
    auto& a = result.assessments[e];
    a.stability = spec.bootstrap > 0 ? static_cast<double>(survived[e]) / spec.bootstrap : 0.0;
    for (int c = 0; c < kNumClasses; ++c) {
      double p = 0;
      for (size_t index = 0; index < profiles; ++index) {
        p += weights[e][index] * result.outcome_counts[index][c] / reps;
      }
      a.outcome_p.push_back(p);
      if (spec.bootstrap > 0) {
        std::vector<double> v = boot_p[e][c];
        std::sort(v.begin(), v.end());
        a.outcome_low.push_back(QuantileSorted(v, 0.025));
        a.outcome_high.push_back(QuantileSorted(v, 0.975));
      } else {
        a.outcome_low.push_back(p);
        a.outcome_high.push_back(p);
      }
    }
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

// The mean discounted utility of the agent of meta seat `k` when the
// meta-game's seats play `plans`, over the spec's replicates (the same
// replicate indices as the table: common random numbers).
double MeanUtility(const MetaGameSpec& spec,
                   const std::vector<std::shared_ptr<const PolicyPlan>>& plans, size_t k,
                   int threads, Stopper& stop) {
  Experiment e = spec.experiment;
  for (size_t j = 0; j < spec.seats.size(); ++j) e.policies[spec.seats[j]] = plans[j];
  e.replicates = spec.replicates;
  const Simulation sim(e);
  const int agent = e.scenario.seats[spec.seats[k]].agent;
  std::vector<double> u(spec.replicates);
  std::vector<std::exception_ptr> errors(spec.replicates);
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
  for (int64_t r = 0; r < static_cast<int64_t>(spec.replicates); ++r) {
    if (stop.stopped()) continue;
    try {
      const World world = sim.Run(static_cast<uint32_t>(r));
      sim.Summarise(world, static_cast<uint32_t>(r));
      u[r] = world.utility[agent];
    } catch (...) {
      errors[r] = std::current_exception();
    }
    stop.Ask();
  }
  stop.Check();
  for (const auto& err : errors) {
    if (err) std::rethrow_exception(err);
  }
  double sum = 0;
  for (double x : u) sum += x;
  return sum / spec.replicates;
}

// The observed profile's regret per seat in the final table.
void AssessObserved(const MetaGameSpec& spec, MetaGameResult& r) {
  if (spec.observed.empty()) return;
  const NormalForm& g = r.game;
  for (int p = 0; p < g.num_players(); ++p) {
    std::vector<int> profile = spec.observed;
    const double payoff = g.Payoff(profile, p);
    double best = payoff;
    for (int s = 0; s < g.num_strategies(p); ++s) {
      profile[p] = s;
      best = std::max(best, g.Payoff(profile, p));
    }
    double lo = payoff, hi = payoff;
    for (size_t i = 0; i < g.num_profiles(); ++i) {
      lo = std::min(lo, g.Payoff(i, p));
      hi = std::max(hi, g.Payoff(i, p));
    }
    r.observed_regret.push_back(best - payoff);
    r.observed_regret_share.push_back(hi > lo ? (best - payoff) / (hi - lo) : 0.0);
  }
}

}  // namespace

MetaGameResult RunMetaGame(const MetaGameSpec& input, int threads,
                           const std::function<bool()>& keep_going) {
  Stopper stop(keep_going);
  if (!input.expand.enabled) {
    MetaGameResult r = RunOnce(input, threads, stop);
    AssessObserved(input, r);
    return r;
  }
  // Policy-space response oracles: the menus grow by the pool policies that
  // beat an equilibrium of the current meta-game by more than epsilon.
  const auto t0 = std::chrono::steady_clock::now();
  MetaGameSpec spec = input;
  const size_t seats = spec.seats.size();
  std::vector<std::vector<bool>> added(seats);
  for (size_t k = 0; k < seats; ++k) added[k].assign(spec.expand.pool[k].size(), false);
  std::vector<MetaGameResult::Round> rounds;
  for (int round = 0;; ++round) {
    MetaGameResult r = RunOnce(spec, threads, stop);
    const NormalForm& g = r.game;
    MetaGameResult::Round this_round;
    this_round.added.assign(seats, "");
    std::vector<int> best(seats, -1);
    std::vector<double> best_gain(seats, 0.0);
    std::map<std::pair<std::pair<size_t, size_t>, std::vector<int>>, double> values;
    for (size_t k = 0; k < seats; ++k) {
      for (size_t i = 0; i < spec.expand.pool[k].size(); ++i) {
        if (added[k][i]) continue;
        double gain = -std::numeric_limits<double>::infinity();
        for (const Equilibrium& eq : r.solved.equilibria) {
          // The pool policy against the others' mix: every pure profile of
          // the other seats with positive probability (seat k's own entry
          // fixed at 0 to list each once).
          double value = 0;
          for (size_t index = 0; index < g.num_profiles(); ++index) {
            std::vector<int> pure = g.ProfileAt(index);
            if (pure[k] != 0) continue;
            double w = 1.0;
            for (size_t j = 0; j < seats; ++j) {
              if (j != k) w *= eq.profile[j][pure[j]];
            }
            if (w == 0.0) continue;
            const auto key = std::make_pair(std::make_pair(k, i), pure);
            auto it = values.find(key);
            if (it == values.end()) {
              std::vector<std::shared_ptr<const PolicyPlan>> plans(seats);
              for (size_t j = 0; j < seats; ++j) plans[j] = spec.candidates[j][pure[j]];
              plans[k] = spec.expand.pool[k][i];
              it = values.emplace(key, MeanUtility(spec, plans, k, threads, stop)).first;
            }
            value += w * it->second;
          }
          gain = std::max(gain, value - eq.payoffs[k]);
        }
        if (gain > best_gain[k]) {
          best_gain[k] = gain;
          best[k] = static_cast<int>(i);
        }
      }
      this_round.regret = std::max(this_round.regret, best_gain[k]);
    }
    const bool within = this_round.regret <= spec.expand.epsilon;
    if (within || round == spec.expand.rounds) {
      rounds.push_back(this_round);
      r.rounds = rounds;
      r.converged = within;
      AssessObserved(spec, r);
      // The whole expansion's time, every round's simulations included.
      r.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      return r;
    }
    for (size_t k = 0; k < seats; ++k) {
      if (best[k] < 0 || best_gain[k] <= spec.expand.epsilon) continue;
      added[k][best[k]] = true;
      spec.candidates[k].push_back(spec.expand.pool[k][best[k]]);
      spec.labels[k].push_back(spec.expand.pool_labels[k][best[k]]);
      this_round.added[k] = spec.expand.pool_labels[k][best[k]];
    }
    rounds.push_back(this_round);
  }
}

}  // namespace geostrat

namespace geostrat {

Json MetaGameConfig(const MetaGameSpec& spec) {
  Json config = spec.experiment.ToJson();
  Json candidates = Json::object();
  for (size_t k = 0; k < spec.seats.size(); ++k) {
    Json list = Json::array();
    for (size_t i = 0; i < spec.candidates[k].size(); ++i) {
      list.push_back({{"label", spec.labels[k][i]}, {"policy", spec.candidates[k][i]->ToJson()}});
    }
    candidates[spec.experiment.scenario.seats[spec.seats[k]].id] = list;
  }
  config["metagame"] = {{"candidates", candidates},
                        {"replicates", spec.replicates},
                        {"bootstrap", spec.bootstrap},
                        {"method", spec.method}};
  // Only when set, so that the hashes of configs without it stay as they were.
  if (spec.max_seconds > 0) config["metagame"]["max_seconds"] = spec.max_seconds;
  if (spec.expand.enabled) {
    Json pool = Json::object();
    for (size_t k = 0; k < spec.seats.size(); ++k) {
      Json list = Json::array();
      for (size_t i = 0; i < spec.expand.pool[k].size(); ++i) {
        list.push_back({{"label", spec.expand.pool_labels[k][i]},
                        {"policy", spec.expand.pool[k][i]->ToJson()}});
      }
      pool[spec.experiment.scenario.seats[spec.seats[k]].id] = list;
    }
    config["metagame"]["expand"] = {
        {"epsilon", spec.expand.epsilon}, {"rounds", spec.expand.rounds}, {"pool", pool}};
  }
  if (!spec.observed.empty()) {
    Json observed = Json::object();
    for (size_t k = 0; k < spec.seats.size(); ++k) {
      observed[spec.experiment.scenario.seats[spec.seats[k]].id] = spec.labels[k][spec.observed[k]];
    }
    config["metagame"]["observed"] = observed;
  }
  return config;
}

Json MetaGameSummary(const MetaGameSpec& spec, const MetaGameResult& r) {
  const NormalForm& g = r.game;
  Json equilibria = Json::array();
  for (size_t e = 0; e < r.solved.equilibria.size(); ++e) {
    const Equilibrium& eq = r.solved.equilibria[e];
    const auto& a = r.assessments[e];
    Json mix = Json::object();
    for (int p = 0; p < g.num_players(); ++p) {
      Json m = Json::object();
      for (int s = 0; s < g.num_strategies(p); ++s) m[g.strategies(p)[s]] = eq.profile[p][s];
      mix[g.players()[p]] = m;
    }
    Json outcomes = Json::object();
    for (int c = 0; c < kNumClasses; ++c) {
      outcomes[OutcomeClassNames()[c]] = {{"p", a.outcome_p[c]},
                                          {"ci_low", a.outcome_low[c]},
                                          {"ci_high", a.outcome_high[c]}};
    }
    equilibria.push_back({{"profile", mix},
                          {"max_regret", eq.max_regret},
                          {"payoffs", eq.payoffs},
                          {"bootstrap_stability", a.stability},
                          {"outcomes", outcomes}});
  }
  Json table = Json::array();
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    const std::vector<int> pure = g.ProfileAt(index);
    Json row = Json::object();
    for (int p = 0; p < g.num_players(); ++p) {
      row[g.players()[p]] = {{"policy", g.strategies(p)[pure[p]]},
                             {"mean", g.Payoff(index, p)},
                             {"std_error", r.std_error[index][p]}};
    }
    Json counts = Json::object();
    for (int c = 0; c < kNumClasses; ++c) counts[OutcomeClassNames()[c]] = r.outcome_counts[index][c];
    row["outcome_counts"] = counts;
    table.push_back(row);
  }
  Json expansion = nullptr;
  if (spec.expand.enabled) {
    Json rounds = Json::array();
    for (const auto& round : r.rounds) {
      Json added = Json::object();
      for (size_t k = 0; k < round.added.size(); ++k) {
        if (!round.added[k].empty()) added[g.players()[k]] = round.added[k];
      }
      rounds.push_back({{"regret_against_pool", round.regret}, {"added", added}});
    }
    expansion = {{"epsilon", spec.expand.epsilon},
                 {"rounds", rounds},
                 {"converged", r.converged},
                 {"note", "policy-space response oracles: each round values every pool policy "
                          "against each equilibrium's mix of the other seats and adds each "
                          "seat's best if it gains more than epsilon"}};
  }
  Json observed = nullptr;
  if (!spec.observed.empty()) {
    Json seats = Json::object();
    for (int p = 0; p < g.num_players(); ++p) {
      seats[g.players()[p]] = {{"policy", g.strategies(p)[spec.observed[p]]},
                               {"regret", r.observed_regret[p]},
                               {"regret_share_of_range", r.observed_regret_share[p]}};
    }
    observed = {{"seats", seats},
                {"note", "the best reply in the table minus the observed profile's payoff, and "
                         "as a share of the seat's payoff range in the table"}};
  }
  Json summary = {{"experiment", spec.experiment.name},
                  {"config_hash", Fnv1aHex(MetaGameConfig(spec).dump())},
                  {"expansion", expansion},
                  {"observed_profile", observed},
                  {"replicates_per_profile", spec.replicates},
                  {"bootstrap", spec.bootstrap},
                  {"method", r.solved.method},
                  {"complete", r.solved.complete},
                  {"warning", r.solved.warning.empty() ? Json() : Json(r.solved.warning)},
                  {"bootstrap_cut_short", r.bootstrap_cut_short},
                  {"equilibria", equilibria},
                  {"profiles", table},
                  {"notes",
                   {{"payoffs", "mean discounted utility of each seat's agent over replicates, "
                                "$B-equivalents; common random numbers across profiles"},
                    {"bootstrap_stability", "share of bootstrap resamples of the replicates "
                                            "whose meta-game has an equilibrium with the same "
                                            "support"},
                    {"outcomes", "end-state probabilities under the equilibrium's mix; "
                                 "95% bootstrap percentile intervals"}}}};
  return summary;
}

std::string MetaGameProfilesCsv(const MetaGameSpec& spec, const MetaGameResult& r) {
  const NormalForm& g = r.game;
  auto field = [](const std::string& text) {  // RFC 4180 quoting where needed
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string q = "\"";
    for (char ch : text) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  std::string csv = "profile";
  for (int p = 0; p < g.num_players(); ++p) {
    const std::string& seat = g.players()[p];
    csv += "," + field(seat) + "," + field(seat + "_mean") + "," + field(seat + "_std_error");
  }
  for (int c = 0; c < kNumClasses; ++c) csv += ",p_" + OutcomeClassNames()[c];
  csv += "\n";
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    const std::vector<int> pure = g.ProfileAt(index);
    csv += std::to_string(index);
    for (int p = 0; p < g.num_players(); ++p) {
      csv += "," + field(g.strategies(p)[pure[p]]) + "," + CsvNumber(g.Payoff(index, p)) + "," +
             CsvNumber(r.std_error[index][p]);
    }
    for (int c = 0; c < kNumClasses; ++c) {
      csv += "," + CsvNumber(static_cast<double>(r.outcome_counts[index][c]) / spec.replicates);
    }
    csv += "\n";
  }
  return csv;
}

void WriteMetaGameFolder(const std::string& dir, const MetaGameSpec& spec, const MetaGameResult& r,
                         const std::function<void(const std::filesystem::path&)>& finish) {
  const Json config = MetaGameConfig(spec);
  WriteFolderAtomically(dir, [&](const std::filesystem::path& partial) {
    WriteText(partial / "metagame.nfg", WriteNfg(r.game));
    WriteText(partial / "equilibria.json", MetaGameSummary(spec, r).dump(2) + "\n");
    WriteText(partial / "profiles.csv", MetaGameProfilesCsv(spec, r));
    const Json manifest = {{"config", config},
                           {"config_file", spec.file},
                           {"config_hash", Fnv1aHex(config.dump())},
                           {"run", {{"threads", r.threads}, {"wall_seconds", r.wall_seconds}}}};
    WriteText(partial / "manifest.json", manifest.dump(2) + "\n");
    if (finish) finish(partial);
  });
}

}  // namespace geostrat
