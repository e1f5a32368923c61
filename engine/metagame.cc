#include "engine/metagame.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "engine/core/error.h"
#include "engine/core/stats.h"
#include "engine/simulation.h"
#include "games/classifier.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/gnm.h"
#include "games/solvers/liap.h"

namespace geostrat {
namespace {

// A stream id no agent uses (agents take 1 + their index).
constexpr uint32_t kBootstrapStream = 0xB0070000u;

SolveResult Solve(const NormalForm& game, const std::string& method) {
  if (method == "enummixed") return EnumMixed(game);
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

}  // namespace

MetaGameSpec LoadMetaGame(const std::string& path) {
  MergedConfig merged = LoadMergedConfig(path);
  ExpectConfigKind(merged, path, {ConfigKind::kMetaGame},
                   "a meta-game config (a member \"metagame\": candidate policies per seat)");
  const Json meta_json = merged.json["metagame"];
  merged.json.erase("metagame");
  MetaGameSpec spec;
  spec.file = path;
  spec.experiment = ExperimentFromConfig(merged, path);
  const ConfigNode meta(meta_json, "/metagame", merged.sources);
  meta.AllowOnlyKeys({"candidates", "labels", "replicates", "bootstrap", "method"});
  if (auto r = meta.Find("replicates")) spec.replicates = static_cast<uint32_t>(r->Integer(2, 10000000L));
  if (auto b = meta.Find("bootstrap")) spec.bootstrap = static_cast<int>(b->Integer(0, 100000L));
  if (auto m = meta.Find("method")) spec.method = m->Name("meta-game method", {"enummixed", "gnm", "liap"});
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
  if (spec.method == "enummixed" && spec.seats.size() != 2) {
    const std::string expected = "\"gnm\" or \"liap\" for a meta-game of more than two seats";
    if (meta.Has("method")) meta.At("method").Fail(expected);
    meta.Fail("a \"method\": " + expected + " (the default, enummixed, is for two)");
  }
  return spec;
}

MetaGameResult RunMetaGame(const MetaGameSpec& spec, int threads) {
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
  }
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
  result.solved = Solve(result.game, spec.method);

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
    const SolveResult again = Solve(mean_table(sample), spec.method);
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

}  // namespace geostrat
