// The leader-follower (Stackelberg) solution of a two-player game in pure
// strategies (von Stackelberg 1934): the leader commits to an action, the
// follower sees it and best-responds, and the leader picks the action whose
// best response pays it most. Ties among the follower's best responses are
// reported both ways: `strong` breaks them in the leader's favour, `weak`
// against it (Breton, Alj and Haurie 1988); they coincide when the follower
// never ties. The comparison is exact on the game's payoff numbers.
#pragma once

#include <vector>

#include "games/normal_form.h"

namespace geostrat {

struct StackelbergOutcome {
  int leader_action = 0, follower_action = 0;
  double leader_payoff = 0, follower_payoff = 0;
};

struct StackelbergSolution {
  int leader = 0;  // player index (0: row, 1: column)
  // Per leader action: the follower's best responses (ascending).
  std::vector<std::vector<int>> best_responses;
  StackelbergOutcome strong, weak;
};

// `leader` is 0 (the row player commits) or 1 (the column player commits).
StackelbergSolution SolveStackelberg(const NormalForm& game, int leader);

}  // namespace geostrat
