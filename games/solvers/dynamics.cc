#include "games/solvers/dynamics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "games/solvers/correlated.h"

namespace geostrat {
namespace {

// Pure profiles decoded once: the dynamics evaluate payoffs against mixes
// thousands of times, and NormalForm::ProfileAt allocates on every call.
struct ProfileTable {
  int n;
  std::vector<int> pure;  // [index * n + player]
  std::vector<size_t> stride;

  explicit ProfileTable(const NormalForm& game) : n(game.num_players()) {
    pure.reserve(game.num_profiles() * n);
    for (size_t index = 0; index < game.num_profiles(); ++index) {
      const std::vector<int> a = game.ProfileAt(index);
      pure.insert(pure.end(), a.begin(), a.end());
    }
    stride.assign(n, 1);
    for (int p = 1; p < n; ++p) stride[p] = stride[p - 1] * game.num_strategies(p - 1);
  }
  int At(size_t index, int p) const { return pure[index * n + p]; }
};

// Expected payoff of each of p's strategies against the others' mixes (as
// StrategyValues, over the decoded table).
std::vector<double> Values(const NormalForm& game, const ProfileTable& table,
                           const MixedProfile& mix, int p) {
  std::vector<double> values(game.num_strategies(p), 0.0);
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    double weight = 1.0;
    for (int q = 0; q < table.n && weight != 0.0; ++q) {
      if (q != p) weight *= mix[q][table.At(index, q)];
    }
    if (weight != 0.0) values[table.At(index, p)] += weight * game.Payoff(index, p);
  }
  return values;
}

double Regret(const NormalForm& game, const ProfileTable& table, const MixedProfile& mix) {
  double regret = 0.0;
  for (int p = 0; p < table.n; ++p) {
    const std::vector<double> v = Values(game, table, mix, p);
    double expected = 0.0;
    for (size_t s = 0; s < v.size(); ++s) expected += mix[p][s] * v[s];
    for (double value : v) regret = std::max(regret, value - expected);
  }
  return regret;
}

MixedProfile Uniform(const NormalForm& game) {
  MixedProfile mix(game.num_players());
  for (int p = 0; p < game.num_players(); ++p) {
    mix[p].assign(game.num_strategies(p), 1.0 / game.num_strategies(p));
  }
  return mix;
}

void CheckGame(const NormalForm& game, const std::string& method) {
  if (game.num_players() < 1 || game.num_profiles() == 0) {
    throw NotApplicable(method + ": the game has no players or no profiles");
  }
}

// Lowest index whose value is within tol of the best.
int BestResponse(const std::vector<double>& values, double tol) {
  const double best = *std::max_element(values.begin(), values.end());
  for (size_t s = 0; s < values.size(); ++s) {
    if (values[s] >= best - tol) return static_cast<int>(s);
  }
  return 0;  // unreachable: the maximum itself qualifies
}

// Payoff look-ups per iteration, and once per run.
void Work(const NormalForm& game, const std::string& method, double& per_iteration, double& once) {
  const double profiles = static_cast<double>(game.num_profiles());
  const double n = game.num_players();
  double strategies = 0, widest = 0;
  for (int p = 0; p < game.num_players(); ++p) {
    strategies += game.num_strategies(p);
    widest = std::max(widest, static_cast<double>(game.num_strategies(p)));
  }
  if (method == "regret matching") {
    per_iteration = strategies + n;
    once = profiles * n * (widest + 1);
  } else {
    per_iteration = profiles * n * n;
    once = profiles * n * n;
  }
}

}  // namespace

void CheckDynamicsLimits(const NormalForm& game, const std::string& method, long long iterations) {
  if (iterations > kMaxDynamicsIterations) {
    throw NotApplicable(method + ": " + std::to_string(iterations) + " iterations is more than " +
                        std::to_string(kMaxDynamicsIterations));
  }
  double per_iteration = 0, once = 0;
  Work(game, method, per_iteration, once);
  const double work = per_iteration * static_cast<double>(iterations) + once;
  if (work > kMaxDynamicsWork) {
    const double allowed = std::floor((kMaxDynamicsWork - once) / per_iteration);
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s: %lld iterations on this game (%zu profiles, %d players) is %.3g payoff "
                  "look-ups, more than the limit of %.3g (a few seconds of work); this game "
                  "allows at most %.0f iterations",
                  method.c_str(), iterations, game.num_profiles(), game.num_players(), work,
                  kMaxDynamicsWork, std::max(0.0, allowed));
    throw NotApplicable(buf);
  }
}

SolveResult Replicator(const NormalForm& game, const ReplicatorOptions& options) {
  CheckGame(game, "replicator");
  const int n = game.num_players();
  if (options.steps < 0) throw std::invalid_argument("replicator: steps must be >= 0");
  CheckDynamicsLimits(game, "replicator", options.steps);
  if (!options.discrete && !(options.dt > 0.0)) {
    throw std::invalid_argument("replicator: dt must be > 0 for the Euler step");
  }
  MixedProfile x = options.start.empty() ? Uniform(game) : options.start;
  if (static_cast<int>(x.size()) != n) {
    throw std::invalid_argument("replicator: start has the wrong number of players");
  }
  for (int p = 0; p < n; ++p) {
    if (static_cast<int>(x[p].size()) != game.num_strategies(p)) {
      throw std::invalid_argument("replicator: start has the wrong number of strategies for " +
                                  game.players()[p]);
    }
    double total = 0.0;
    for (double v : x[p]) {
      if (!(v >= 0.0)) throw std::invalid_argument("replicator: negative start probability");
      total += v;
    }
    if (!(total > 0.0)) throw std::invalid_argument("replicator: start mix sums to 0");
    for (double& v : x[p]) v /= total;
  }

  // Fitness shift per player (discrete form): f = v - min + range > 0.
  std::vector<double> low(n), range(n);
  for (int p = 0; p < n; ++p) {
    double lo = game.Payoff(0, p), hi = lo;
    for (size_t index = 0; index < game.num_profiles(); ++index) {
      lo = std::min(lo, game.Payoff(index, p));
      hi = std::max(hi, game.Payoff(index, p));
    }
    low[p] = lo;
    range[p] = hi - lo;
  }

  const ProfileTable table(game);
  MixedProfile average = x;
  for (auto& row : average) std::fill(row.begin(), row.end(), 0.0);
  for (int step = 0; step < options.steps; ++step) {
    for (int p = 0; p < n; ++p) {
      for (size_t s = 0; s < x[p].size(); ++s) average[p][s] += x[p][s];
    }
    // All populations update simultaneously against the current state.
    MixedProfile next = x;
    for (int p = 0; p < n; ++p) {
      const std::vector<double> v = Values(game, table, x, p);
      if (options.discrete) {
        // A player with constant payoffs (range 0) has nothing to select on.
        if (!(range[p] > 0.0)) continue;
        double mean = 0.0;
        for (size_t s = 0; s < v.size(); ++s) mean += x[p][s] * (v[s] - low[p] + range[p]);
        for (size_t s = 0; s < v.size(); ++s) {
          next[p][s] = x[p][s] * (v[s] - low[p] + range[p]) / mean;
        }
      } else {
        double mean = 0.0;
        for (size_t s = 0; s < v.size(); ++s) mean += x[p][s] * v[s];
        double total = 0.0;
        for (size_t s = 0; s < v.size(); ++s) {
          next[p][s] = std::max(0.0, x[p][s] + options.dt * x[p][s] * (v[s] - mean));
          total += next[p][s];
        }
        for (double& value : next[p]) value /= total;
      }
    }
    x = std::move(next);
  }
  if (options.steps > 0) {
    for (auto& row : average) {
      for (double& value : row) value /= options.steps;
    }
  } else {
    average = x;
  }

  SolveResult result;
  result.method = "replicator";
  result.parameters = {
      {"steps", options.steps},
      {"form", options.discrete ? "discrete" : "euler"},
      {"start", options.start.empty() ? nlohmann::json("uniform") : nlohmann::json(options.start)}};
  if (!options.discrete) result.parameters["dt"] = options.dt;
  result.complete = false;
  Equilibrium eq;
  eq.profile = x;
  Evaluate(game, eq);
  eq.detail = {{"point", "last"},
               {"time_average", average},
               {"time_average_regret", MaxRegret(game, average)}};
  result.equilibria.push_back(std::move(eq));
  result.note = "last point of the replicator trajectory; not necessarily an equilibrium";
  return result;
}

SolveResult FictitiousPlay(const NormalForm& game, const FictitiousPlayOptions& options) {
  CheckGame(game, "fictitious play");
  if (options.iterations < 1) {
    throw std::invalid_argument("fictitious play: iterations must be >= 1");
  }
  CheckDynamicsLimits(game, "fictitious play", options.iterations);
  const int n = game.num_players();
  const double tol = PayoffTolerance(game, 1e-12);
  const ProfileTable table(game);
  MixedProfile counts(n);
  for (int p = 0; p < n; ++p) counts[p].assign(game.num_strategies(p), 0.0);
  MixedProfile belief = Uniform(game);
  nlohmann::json trace = nlohmann::json::array();
  std::vector<int> play(n);
  for (int round = 1; round <= options.iterations; ++round) {
    // Simultaneous: everyone responds to the same beliefs, then counts move.
    for (int p = 0; p < n; ++p) play[p] = BestResponse(Values(game, table, belief, p), tol);
    for (int p = 0; p < n; ++p) {
      counts[p][play[p]] += 1.0;
      for (size_t s = 0; s < counts[p].size(); ++s) belief[p][s] = counts[p][s] / round;
    }
    if (options.trace_every > 0 && round % options.trace_every == 0) {
      trace.push_back({{"iteration", round}, {"max_regret", Regret(game, table, belief)}});
    }
  }

  SolveResult result;
  result.method = "fictitious play";
  result.parameters = {{"iterations", options.iterations},
                       {"ties", "lowest index"},
                       {"first_round", "best response to uniform"}};
  result.complete = false;
  Equilibrium eq;
  eq.profile = belief;
  Evaluate(game, eq);
  eq.detail = {{"point", "empirical frequencies"}};
  if (options.trace_every > 0) eq.detail["regret_trace"] = trace;
  result.equilibria.push_back(std::move(eq));
  result.note = "empirical frequencies of fictitious play; not necessarily an equilibrium";
  return result;
}

SolveResult RegretMatching(const NormalForm& game, const RegretMatchingOptions& options) {
  CheckGame(game, "regret matching");
  if (options.iterations < 1) {
    throw std::invalid_argument("regret matching: iterations must be >= 1");
  }
  CheckDynamicsLimits(game, "regret matching", options.iterations);
  const int n = game.num_players();
  const ProfileTable table(game);
  // Regrets are accumulated on payoffs divided by the largest one: the same
  // play (regret matching is unchanged by a positive scaling), and sums over
  // 1e8 rounds cannot overflow.
  const double largest = MaxAbsPayoff(game);
  const NormalForm scaled = ScaledPayoffs(game, largest > 0.0 ? 1.0 / largest : 1.0);
  Rng rng(options.seed, 0, 0, 0);
  // regret[p][t]: sum over past rounds of u_p(t, a_-p) - u_p(a).
  std::vector<std::vector<double>> regret(n);
  for (int p = 0; p < n; ++p) regret[p].assign(game.num_strategies(p), 0.0);
  std::vector<double> joint_counts(game.num_profiles(), 0.0);
  nlohmann::json trace = nlohmann::json::array();
  std::vector<int> play(n);
  std::vector<double> weights;
  for (int round = 1; round <= options.iterations; ++round) {
    for (int p = 0; p < n; ++p) {
      const int m = game.num_strategies(p);
      weights.assign(m, 0.0);
      double total = 0.0;
      for (int t = 0; t < m; ++t) {
        weights[t] = std::max(0.0, regret[p][t]);
        total += weights[t];
      }
      // No positive regret (round 1 included): play uniformly.
      if (!(total > 0.0)) {
        std::fill(weights.begin(), weights.end(), 1.0);
        total = m;
      }
      double u = rng.Uniform() * total;
      int choice = m - 1;  // u < total always; m - 1 guards the rounding
      for (int t = 0; t < m; ++t) {
        if (u < weights[t]) {
          choice = t;
          break;
        }
        u -= weights[t];
      }
      // Rounding could land on a zero-weight last strategy; pick the last
      // strategy with weight instead.
      while (weights[choice] == 0.0 && choice > 0) --choice;
      play[p] = choice;
    }
    size_t index = 0;
    for (int p = 0; p < n; ++p) index += static_cast<size_t>(play[p]) * table.stride[p];
    joint_counts[index] += 1.0;
    for (int p = 0; p < n; ++p) {
      const size_t base = index - static_cast<size_t>(play[p]) * table.stride[p];
      const double realised = scaled.Payoff(index, p);
      for (int t = 0; t < game.num_strategies(p); ++t) {
        regret[p][t] += scaled.Payoff(base + static_cast<size_t>(t) * table.stride[p], p) - realised;
      }
    }
    if (options.trace_every > 0 && round % options.trace_every == 0) {
      double cce = 0.0;
      for (const auto& r : regret) {
        for (double value : r) cce = std::max(cce, value / round * largest);
      }
      trace.push_back({{"iteration", round}, {"cce_regret", cce}});
    }
  }

  SolveResult result;
  result.method = "regret matching";
  result.parameters = {
      {"iterations", options.iterations}, {"seed", options.seed}, {"regret", "unconditional"}};
  result.complete = false;
  Equilibrium eq;
  eq.joint = joint_counts;
  for (double& z : eq.joint) z /= options.iterations;
  eq.profile = Marginals(game, eq.joint);
  Evaluate(game, eq);
  // Realised average payoffs: under the joint play, not the marginals' product.
  std::fill(eq.payoffs.begin(), eq.payoffs.end(), 0.0);
  for (size_t a = 0; a < game.num_profiles(); ++a) {
    for (int p = 0; p < n; ++p) eq.payoffs[p] += eq.joint[a] * game.Payoff(a, p);
  }
  eq.detail = {{"point", "empirical frequencies"},
               {"cce_regret", CoarseCorrelatedRegret(game, eq.joint)},
               {"ce_regret", CorrelatedRegret(game, eq.joint)}};
  if (options.trace_every > 0) eq.detail["cce_regret_trace"] = trace;
  result.equilibria.push_back(std::move(eq));
  result.note =
      "empirical play of regret matching: the joint approaches the coarse correlated "
      "equilibria; the marginals need not approach a Nash equilibrium";
  return result;
}

}  // namespace geostrat
