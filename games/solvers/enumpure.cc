#include "games/solvers/enumpure.h"

#include <vector>

namespace geostrat {

SolveResult EnumPure(const NormalForm& game) {
  SolveResult result;
  result.method = "enumpure";
  result.complete = true;
  const int n = game.num_players();
  // Profile index stride of each player's strategy (first player fastest):
  // changing player p's strategy by d moves the index by d * stride[p].
  std::vector<size_t> stride(n, 1);
  for (int p = 1; p < n; ++p) stride[p] = stride[p - 1] * game.num_strategies(p - 1);

  for (size_t index = 0; index < game.num_profiles(); ++index) {
    const std::vector<int> pure = game.ProfileAt(index);
    bool equilibrium = true;
    for (int p = 0; p < n && equilibrium; ++p) {
      const size_t base = index - static_cast<size_t>(pure[p]) * stride[p];
      const double own = game.Payoff(index, p);
      for (int s = 0; s < game.num_strategies(p); ++s) {
        // Exact comparison on purpose: both sides are payoffs as stored.
        if (game.Payoff(base + static_cast<size_t>(s) * stride[p], p) > own) {
          equilibrium = false;
          break;
        }
      }
    }
    if (!equilibrium) continue;
    Equilibrium eq;
    eq.profile.resize(n);
    eq.exact.resize(n);
    for (int p = 0; p < n; ++p) {
      eq.profile[p].assign(game.num_strategies(p), 0.0);
      eq.exact[p].assign(game.num_strategies(p), "0");
      eq.profile[p][pure[p]] = 1.0;
      eq.exact[p][pure[p]] = "1";
    }
    Evaluate(game, eq);
    result.equilibria.push_back(std::move(eq));
  }
  return result;
}

}  // namespace geostrat
