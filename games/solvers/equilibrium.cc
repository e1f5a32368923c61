#include "games/solvers/equilibrium.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace geostrat {

std::vector<double> StrategyValues(const NormalForm& game, const MixedProfile& profile,
                                   int player) {
  const int n = game.num_players();
  std::vector<double> values(game.num_strategies(player), 0.0);
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    const std::vector<int> pure = game.ProfileAt(index);
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

double PayoffTolerance(const NormalForm& game, double eps) {
  return eps * std::max(1.0, MaxAbsPayoff(game));
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
  return out;
}

}  // namespace geostrat
