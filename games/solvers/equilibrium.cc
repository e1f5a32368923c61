#include "games/solvers/equilibrium.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace geostrat {

std::vector<double> StrategyValues(const NormalForm& game, const MixedProfile& profile,
                                   int player) {
  const int n = game.num_players();
  std::vector<double> values(game.num_strategies(player), 0.0);
  std::vector<int> pure(n, 0);  // the profile of `index`, kept in step
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    if (index > 0) {
      for (int q = 0; q < n; ++q) {
        if (++pure[q] < game.num_strategies(q)) break;
        pure[q] = 0;
      }
    }
    double weight = 1.0;
    for (int q = 0; q < n && weight != 0.0; ++q) {
      if (q != player) weight *= profile[q][pure[q]];
    }
    if (weight != 0.0) values[pure[player]] += weight * game.Payoff(index, player);
  }
  return values;
}

std::vector<double> ExpectedPayoffs(const NormalForm& game, const MixedProfile& profile) {
  std::vector<double> out(game.num_players(), 0.0);
  for (int p = 0; p < game.num_players(); ++p) {
    const std::vector<double> v = StrategyValues(game, profile, p);
    for (size_t s = 0; s < v.size(); ++s) out[p] += profile[p][s] * v[s];
  }
  return out;
}

double MaxRegret(const NormalForm& game, const MixedProfile& profile) {
  double regret = 0.0;
  for (int p = 0; p < game.num_players(); ++p) {
    const std::vector<double> v = StrategyValues(game, profile, p);
    double expected = 0.0;
    for (size_t s = 0; s < v.size(); ++s) expected += profile[p][s] * v[s];
    for (double value : v) regret = std::max(regret, value - expected);
  }
  return regret;
}

double MaxDifference(const MixedProfile& a, const MixedProfile& b) {
  double d = 0.0;
  for (size_t p = 0; p < a.size(); ++p) {
    for (size_t s = 0; s < a[p].size(); ++s) d = std::max(d, std::fabs(a[p][s] - b[p][s]));
  }
  return d;
}

double MaxAbsPayoff(const NormalForm& game) {
  double largest = 0.0;
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    for (int p = 0; p < game.num_players(); ++p) {
      largest = std::max(largest, std::fabs(game.Payoff(index, p)));
    }
  }
  return largest;
}

double PayoffTolerance(const NormalForm& game, double eps) { return eps * MaxAbsPayoff(game); }

namespace {

// Player p's lowest payoff, and max - min of its payoffs (DBL_MAX when the
// difference of two finite payoffs overflows; `high` is then needed too).
void Span(const NormalForm& game, int p, double& low, double& range, double* high = nullptr) {
  double lo = game.Payoff(0, p), hi = lo;
  for (size_t index = 1; index < game.num_profiles(); ++index) {
    lo = std::min(lo, game.Payoff(index, p));
    hi = std::max(hi, game.Payoff(index, p));
  }
  low = lo;
  range = hi - lo;
  if (!std::isfinite(range)) range = std::numeric_limits<double>::max();
  if (high != nullptr) *high = hi;
}

}  // namespace

std::vector<double> PayoffRanges(const NormalForm& game) {
  std::vector<double> ranges(game.num_players());
  double low = 0;
  for (int p = 0; p < game.num_players(); ++p) Span(game, p, low, ranges[p]);
  return ranges;
}

NormalForm ScaledPayoffs(const NormalForm& game, double factor) {
  std::vector<std::vector<std::string>> strategies;
  for (int p = 0; p < game.num_players(); ++p) strategies.push_back(game.strategies(p));
  NormalForm out(game.title(), game.players(), std::move(strategies));
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    for (int p = 0; p < game.num_players(); ++p) {
      out.SetPayoff(index, p, game.Payoff(index, p) * factor);
    }
  }
  return out;
}

NormalForm NormalisedPayoffs(const NormalForm& game) {
  std::vector<std::vector<std::string>> strategies;
  for (int p = 0; p < game.num_players(); ++p) strategies.push_back(game.strategies(p));
  NormalForm out(game.title(), game.players(), std::move(strategies));
  for (int p = 0; p < game.num_players(); ++p) {
    double low = 0, range = 0, high = 0;
    Span(game, p, low, range, &high);
    // A range beyond the double range: halve everything first.
    const bool halve = !std::isfinite(high - low);
    for (size_t index = 0; index < game.num_profiles(); ++index) {
      const double u = game.Payoff(index, p);
      double v = 0.0;
      if (range > 0.0) {
        v = halve ? (u / 2 - low / 2) / (high / 2 - low / 2) : (u - low) / range;
        v = std::clamp(v, 0.0, 1.0);
      }
      out.SetPayoff(index, p, v);
    }
  }
  return out;
}

double RelativeRegret(const NormalForm& game, const MixedProfile& profile) {
  // On the normalised payoffs, so that a payoff range far below the
  // payoffs' magnitude (1e15 and 1e15 + 1) loses nothing to cancellation.
  return UnitRegret(NormalisedPayoffs(game), profile);
}

double UnitRegret(const NormalForm& unit, const MixedProfile& profile) {
  const NormalForm& game = unit;
  const int n = game.num_players();
  // A pure profile: its deviations only.
  bool pure = true;
  size_t index = 0, stride = 1;
  std::vector<int> own(n, 0);
  for (int p = 0; p < n && pure; ++p) {
    int ones = 0;
    for (int s = 0; s < game.num_strategies(p); ++s) {
      if (profile[p][s] == 1.0) {
        ++ones;
        own[p] = s;
      } else if (profile[p][s] != 0.0) {
        pure = false;
      }
    }
    pure = pure && ones == 1;
    index += static_cast<size_t>(own[p]) * stride;
    stride *= static_cast<size_t>(game.num_strategies(p));
  }
  if (!pure) return MaxRegret(unit, profile);
  double worst = 0.0;
  stride = 1;
  for (int p = 0; p < n; ++p) {
    const size_t base = index - static_cast<size_t>(own[p]) * stride;
    for (int s = 0; s < game.num_strategies(p); ++s) {
      worst = std::max(worst, unit.Payoff(base + static_cast<size_t>(s) * stride, p) -
                                  unit.Payoff(index, p));
    }
    stride *= static_cast<size_t>(game.num_strategies(p));
  }
  return worst;
}

bool IsMixedProfile(const NormalForm& game, const MixedProfile& profile) {
  if (profile.size() != static_cast<size_t>(game.num_players())) return false;
  for (int p = 0; p < game.num_players(); ++p) {
    if (profile[p].size() != static_cast<size_t>(game.num_strategies(p))) return false;
    double total = 0.0;
    for (double x : profile[p]) {
      if (!(x >= 0.0 && x <= 1.0)) return false;  // NaN fails too
      total += x;
    }
    if (!(std::fabs(total - 1.0) <= 1e-9)) return false;
  }
  return true;
}

void Evaluate(const NormalForm& game, Equilibrium& eq) {
  eq.payoffs = ExpectedPayoffs(game, eq.profile);
  eq.max_regret = MaxRegret(game, eq.profile);
}

std::string GambitLine(const Equilibrium& eq, int digits) {
  std::string line = "NE";
  char buf[64];
  for (size_t p = 0; p < eq.profile.size(); ++p) {
    for (size_t s = 0; s < eq.profile[p].size(); ++s) {
      if (!eq.exact.empty() && !eq.exact[p][s].empty()) {
        line += "," + eq.exact[p][s];
      } else {
        std::snprintf(buf, sizeof buf, "%.*f", digits, eq.profile[p][s]);
        line += ",";
        line += buf;
      }
    }
  }
  return line;
}

nlohmann::json ToJson(const SolveResult& result, const NormalForm& game) {
  nlohmann::json list = nlohmann::json::array();
  for (const Equilibrium& eq : result.equilibria) {
    nlohmann::json players = nlohmann::json::object();
    for (int p = 0; p < game.num_players(); ++p) {
      nlohmann::json strategies = nlohmann::json::object();
      for (int s = 0; s < game.num_strategies(p); ++s) {
        strategies[game.strategies(p)[s]] = eq.profile[p][s];
      }
      players[game.players()[p]] = strategies;
    }
    nlohmann::json e = {{"profile", players}, {"max_regret", eq.max_regret},
                        {"payoffs", eq.payoffs}};
    if (!eq.exact.empty()) e["exact"] = eq.exact;
    if (!eq.detail.empty()) e["detail"] = eq.detail;
    if (!eq.joint.empty()) e["joint"] = eq.joint;
    list.push_back(e);
  }
  nlohmann::json out = {{"game", game.title()},
                        {"method", result.method},
                        {"parameters", result.parameters},
                        {"complete", result.complete},
                        {"equilibria", list}};
  if (!result.cliques.empty()) out["cliques"] = result.cliques;
  if (!result.surviving.empty()) out["surviving"] = result.surviving;
  if (!result.note.empty()) out["note"] = result.note;
  if (!result.warning.empty()) out["warning"] = result.warning;
  return out;
}

}  // namespace geostrat
