#include "games/solvers/stackelberg.h"

#include "engine/core/error.h"

namespace geostrat {

StackelbergSolution SolveStackelberg(const NormalForm& game, int leader) {
  if (game.num_players() != 2) throw InternalError("SolveStackelberg: a two-player game");
  if (leader != 0 && leader != 1) throw InternalError("SolveStackelberg: leader 0 or 1");
  const int follower = 1 - leader;
  auto payoff = [&](int lead, int follow, int player) {
    return leader == 0 ? game.Payoff2(lead, follow, player) : game.Payoff2(follow, lead, player);
  };
  StackelbergSolution s;
  s.leader = leader;
  bool first = true;
  for (int a = 0; a < game.num_strategies(leader); ++a) {
    // The follower's best responses to a.
    std::vector<int> best;
    for (int b = 0; b < game.num_strategies(follower); ++b) {
      if (best.empty() || payoff(a, b, follower) > payoff(a, best[0], follower)) {
        best.assign(1, b);
      } else if (payoff(a, b, follower) == payoff(a, best[0], follower)) {
        best.push_back(b);
      }
    }
    // Among them, the leader's best and worst.
    int hi = best[0], lo = best[0];
    for (int b : best) {
      if (payoff(a, b, leader) > payoff(a, hi, leader)) hi = b;
      if (payoff(a, b, leader) < payoff(a, lo, leader)) lo = b;
    }
    auto outcome = [&](int b) {
      return StackelbergOutcome{a, b, payoff(a, b, leader), payoff(a, b, follower)};
    };
    if (first || payoff(a, hi, leader) > s.strong.leader_payoff) s.strong = outcome(hi);
    if (first || payoff(a, lo, leader) > s.weak.leader_payoff) s.weak = outcome(lo);
    first = false;
    s.best_responses.push_back(std::move(best));
  }
  return s;
}

}  // namespace geostrat
