#include "games/solvers/enumpure.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace geostrat {

SolveResult EnumPure(const NormalForm& game) {
  SolveResult result;
  result.method = "enumpure";
  result.complete = true;
  const int n = game.num_players();
  const size_t profiles = game.num_profiles();
  // Profile index stride of each player's strategy (first player fastest):
  // changing player p's strategy by d moves the index by d * stride[p].
  std::vector<size_t> stride(n, 1);
  for (int p = 1; p < n; ++p) stride[p] = stride[p - 1] * game.num_strategies(p - 1);

  // Best-response tables: best[p][o] is player p's highest payoff against
  // the opponents' profile o (the profile index with p's strategy removed).
  // One pass over the profiles fills them, one more checks every profile, so
  // the cost is O(profiles x players) whatever the number of equilibria.
  auto opponents = [&](size_t index, int p) {
    const size_t m = static_cast<size_t>(game.num_strategies(p));
    return index % stride[p] + (index / (stride[p] * m)) * stride[p];
  };
  std::vector<std::vector<double>> best(n);
  for (int p = 0; p < n; ++p) {
    best[p].assign(profiles / static_cast<size_t>(game.num_strategies(p)),
                   -std::numeric_limits<double>::infinity());
  }
  for (size_t index = 0; index < profiles; ++index) {
    for (int p = 0; p < n; ++p) {
      double& b = best[p][opponents(index, p)];
      b = std::max(b, game.Payoff(index, p));
    }
  }

  // Listing every equilibrium of a game where most profiles are equilibria
  // (an all-zero game) would hold profiles x strategies probabilities; stop
  // at kMaxListedProbabilities and say so.
  size_t total_strategies = 0;
  for (int p = 0; p < n; ++p) total_strategies += static_cast<size_t>(game.num_strategies(p));
  const size_t max_listed = std::max<size_t>(1, kMaxListedProbabilities / total_strategies);
  size_t found = 0;
  std::vector<int> pure(n, 0);  // the profile of `index`, kept in step
  for (size_t index = 0; index < profiles; ++index) {
    if (index > 0) {
      for (int p = 0; p < n; ++p) {
        if (++pure[p] < game.num_strategies(p)) break;
        pure[p] = 0;
      }
    }
    bool equilibrium = true;
    for (int p = 0; p < n && equilibrium; ++p) {
      // Exact comparison on purpose: both sides are payoffs as stored.
      equilibrium = !(best[p][opponents(index, p)] > game.Payoff(index, p));
    }
    if (!equilibrium) continue;
    if (++found > max_listed) continue;  // counted, not listed
    Equilibrium eq;
    eq.profile.resize(n);
    eq.exact.resize(n);
    eq.payoffs.resize(n);
    for (int p = 0; p < n; ++p) {
      eq.profile[p].assign(game.num_strategies(p), 0.0);
      eq.exact[p].assign(game.num_strategies(p), "0");
      eq.profile[p][pure[p]] = 1.0;
      eq.exact[p][pure[p]] = "1";
      eq.payoffs[p] = game.Payoff(index, p);
    }
    // No deviation gains anything (checked exactly above).
    eq.max_regret = 0.0;
    result.equilibria.push_back(std::move(eq));
  }
  if (found > max_listed) {
    result.complete = false;
    result.note = "the game has " + std::to_string(found) + " pure equilibria; the first " +
                  std::to_string(max_listed) + " are listed (at most " +
                  std::to_string(kMaxListedProbabilities) + " probabilities in all)";
    result.warning = result.note;
  }
  return result;
}

}  // namespace geostrat
