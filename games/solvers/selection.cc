#include "games/solvers/selection.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "games/solvers/dynamics.h"
#include "games/solvers/logit.h"

namespace geostrat {
namespace {

int Nearest(const std::vector<Equilibrium>& equilibria, const MixedProfile& target) {
  int best = -1;
  double best_distance = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < equilibria.size(); ++i) {
    const double d = MaxDifference(equilibria[i].profile, target);
    if (d < best_distance) {
      best_distance = d;
      best = static_cast<int>(i);
    }
  }
  return best;
}

// The product over players of the loss from the best unilateral deviation
// to a strategy outside the equilibrium's support (0 for mixed equilibria,
// which no player strictly prefers to keep).
double DeviationLossProduct(const NormalForm& game, const Equilibrium& eq) {
  double product = 1.0;
  for (int p = 0; p < game.num_players(); ++p) {
    const std::vector<double> values = StrategyValues(game, eq.profile, p);
    double expected = 0;
    for (size_t s = 0; s < values.size(); ++s) expected += eq.profile[p][s] * values[s];
    double best_outside = -std::numeric_limits<double>::infinity();
    for (size_t s = 0; s < values.size(); ++s) {
      if (eq.profile[p][s] == 0.0) best_outside = std::max(best_outside, values[s]);
    }
    if (!std::isfinite(best_outside)) return 0.0;
    product *= std::max(0.0, expected - best_outside);
  }
  return product;
}

}  // namespace

const std::vector<std::string>& SelectionRules() {
  static const std::vector<std::string> rules = {"payoff_dominance", "risk_dominance",
                                                 "max_welfare", "logit_limit", "learning"};
  return rules;
}

void CheckSelectionRule(const NormalForm& game, const std::string& rule) {
  if (rule == "risk_dominance" && game.num_players() != 2) {
    throw NotApplicable("risk_dominance needs a two-player game; this one has " +
                        std::to_string(game.num_players()) +
                        (game.num_players() == 1 ? " player" : " players"));
  }
  if (rule == "logit_limit") CheckLogitLimits(game);
  if (rule == "learning") CheckDynamicsLimits(game, "fictitious play", FictitiousPlayOptions{}.iterations);
}

int SelectEquilibrium(const NormalForm& game, const std::vector<Equilibrium>& equilibria,
                      const std::string& rule) {
  if (equilibria.empty()) return -1;
  const double tol = PayoffTolerance(game);
  if (rule == "payoff_dominance") {
    for (size_t i = 0; i < equilibria.size(); ++i) {
      bool dominates = true;
      for (size_t j = 0; j < equilibria.size() && dominates; ++j) {
        for (int p = 0; p < game.num_players(); ++p) {
          if (equilibria[i].payoffs[p] < equilibria[j].payoffs[p] - tol) dominates = false;
        }
      }
      if (dominates) return static_cast<int>(i);
    }
    return -1;
  }
  if (rule == "risk_dominance") {
    CheckSelectionRule(game, rule);
    // The largest product wins; a tie at the top selects nothing (as in
    // battle of the sexes, where neither pure equilibrium risk-dominates).
    // Each player's payoffs are mapped onto [0, 1] first: that multiplies
    // every product by the same positive constant, so the order is the same,
    // and the products neither overflow nor underflow.
    const NormalForm unit = NormalisedPayoffs(game);
    const double unit_tol = 1e-9;
    int best = -1;
    double best_product = 0;
    bool tied = false;
    for (size_t i = 0; i < equilibria.size(); ++i) {
      const double product = DeviationLossProduct(unit, equilibria[i]);
      if (product > best_product + unit_tol * unit_tol) {
        best_product = product;
        best = static_cast<int>(i);
        tied = false;
      } else if (best >= 0 && std::fabs(product - best_product) <= unit_tol * unit_tol) {
        tied = true;
      }
    }
    return tied ? -1 : best;
  }
  if (rule == "max_welfare") {
    int best = 0;
    double best_welfare = -std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < equilibria.size(); ++i) {
      double welfare = 0;
      for (double u : equilibria[i].payoffs) welfare += u;
      if (welfare > best_welfare + tol) {
        best_welfare = welfare;
        best = static_cast<int>(i);
      }
    }
    return best;
  }
  if (rule == "logit_limit" || rule == "learning") CheckSelectionRule(game, rule);
  if (rule == "logit_limit") {
    const SolveResult logit = Logit(game, LogitOptions{});
    return Nearest(equilibria, logit.equilibria.back().profile);
  }
  if (rule == "learning") {
    const SolveResult fp = FictitiousPlay(game, FictitiousPlayOptions{});
    return Nearest(equilibria, fp.equilibria.back().profile);
  }
  throw std::invalid_argument("unknown selection rule " + rule);
}

}  // namespace geostrat
