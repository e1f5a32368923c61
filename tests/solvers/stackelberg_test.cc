// The leader-follower (Stackelberg) solution in pure strategies, on games
// whose answer is known by hand.
#include "games/solvers/stackelberg.h"

#include <catch2/catch.hpp>

#include "games/solvers/enumpure.h"
#include "tests/solvers/fixtures.h"

namespace geostrat {
namespace {

// The value of commitment (von Stackelberg 1934; Fudenberg and Tirole 1991,
// §3.2): the row player's r1 strictly dominates, so the only Nash equilibrium
// is (r1, c1) paying it 1; committing to r2 makes the follower answer c2 and
// pays it 2.
const NormalForm& Commitment() {
  static const NormalForm g =
      testing::Bimatrix("commitment", {{1, 3}, {0, 2}}, {{1, 0}, {0, 1}});
  return g;
}

TEST_CASE("Stackelberg: a leader gains by committing to a dominated action", "[solvers][stackelberg]") {
  const SolveResult nash = EnumPure(Commitment());
  REQUIRE(nash.equilibria.size() == 1);
  CHECK(nash.equilibria[0].payoffs[0] == 1);

  const StackelbergSolution row = SolveStackelberg(Commitment(), 0);
  CHECK(row.best_responses == std::vector<std::vector<int>>{{0}, {1}});
  CHECK(row.strong.leader_action == 1);
  CHECK(row.strong.follower_action == 1);
  CHECK(row.strong.leader_payoff == 2);
  CHECK(row.strong.follower_payoff == 1);
  CHECK(row.weak.leader_action == row.strong.leader_action);
  CHECK(row.weak.follower_action == row.strong.follower_action);

  // The column player leading: c1 draws r1 (1 > 0), c2 draws r1 (3 > 2);
  // c1 pays it 1, c2 pays 0.
  const StackelbergSolution column = SolveStackelberg(Commitment(), 1);
  CHECK(column.best_responses == std::vector<std::vector<int>>{{0}, {0}});
  CHECK(column.strong.leader_action == 0);
  CHECK(column.strong.follower_action == 0);
  CHECK(column.strong.leader_payoff == 1);
}

TEST_CASE("Stackelberg: an indifferent follower splits the strong and the weak solution",
          "[solvers][stackelberg]") {
  // After r1 the follower is indifferent (0, 0): strongly it picks c2 (the
  // leader's 3), weakly c1 (the leader's 1), so the weak leader prefers r2
  // (answered by c1, paying 2).
  const NormalForm g = testing::Bimatrix("tie", {{1, 3}, {2, 0}}, {{0, 0}, {1, 0}});
  const StackelbergSolution s = SolveStackelberg(g, 0);
  CHECK(s.best_responses == std::vector<std::vector<int>>{{0, 1}, {0}});
  CHECK(s.strong.leader_action == 0);
  CHECK(s.strong.follower_action == 1);
  CHECK(s.strong.leader_payoff == 3);
  CHECK(s.weak.leader_action == 1);
  CHECK(s.weak.follower_action == 0);
  CHECK(s.weak.leader_payoff == 2);
}

}  // namespace
}  // namespace geostrat
