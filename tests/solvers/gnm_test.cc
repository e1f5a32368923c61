// The global Newton method ("gnm"): against the fixture library, against
// the exact enumerator on random bimatrix games, on three-player games with
// known equilibria, and on the index theorem (the indices of a regular
// game's equilibria sum to +1, and so do those of one path's).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/gnm.h"
#include "tests/solvers/fixtures.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using testing::Fixtures;

GnmOptions Starts(int starts, uint64_t seed = 1) {
  GnmOptions o;
  o.starts = starts;
  o.seed = seed;
  return o;
}

bool Contains(const SolveResult& result, const MixedProfile& profile, double tolerance = 1e-6) {
  for (const Equilibrium& eq : result.equilibria) {
    if (MaxDifference(eq.profile, profile) <= tolerance) return true;
  }
  return false;
}

int IndexSum(const SolveResult& result) {
  int sum = 0;
  for (const Equilibrium& eq : result.equilibria) sum += eq.detail["index"].get<int>();
  return sum;
}

// Every path of the result reached its far end (the note counts them).
bool AllPathsComplete(const SolveResult& result, int starts) {
  return result.note.find("(" + std::to_string(starts) + " followed to their far end") !=
         std::string::npos;
}

// Payoffs 0-99 drawn from a fixed seed.
NormalForm RandomGame(const std::vector<int>& strategies, uint64_t seed) {
  std::vector<std::string> players;
  std::vector<std::vector<std::string>> names;
  for (size_t p = 0; p < strategies.size(); ++p) {
    players.push_back(std::to_string(p + 1));
    names.emplace_back();
    for (int s = 0; s < strategies[p]; ++s) names.back().push_back("s" + std::to_string(s + 1));
  }
  NormalForm g("random", players, names);
  Rng rng(seed, 0, 0, 0);
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    for (int p = 0; p < g.num_players(); ++p) g.SetPayoff(index, p, rng.Below(100));
  }
  return g;
}

// Three players choose A or B; each gets 1 if all three agree, else 0.
// Equilibria: (A, A, A) and (B, B, B), strict, of index +1, and uniform
// play, where each player's gain from A is q r and from B (1 - q)(1 - r),
// equal at q = r = 1/2, of index -1. No other: if two players mix with
// q != r, or one plays pure, the third strictly prefers one side.
NormalForm Unanimity() {
  NormalForm g("unanimity", {"1", "2", "3"}, {{"A", "B"}, {"A", "B"}, {"A", "B"}});
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    const std::vector<int> s = g.ProfileAt(index);
    const double agree = s[0] == s[1] && s[1] == s[2] ? 1.0 : 0.0;
    for (int p = 0; p < 3; ++p) g.SetPayoff(index, p, agree);
  }
  return g;
}

// Jordan's (1993) cyclic pennies: player 1 matches 2, 2 matches 3, 3
// mismatches 1. The unique equilibrium is uniform play.
NormalForm CyclicPennies() {
  NormalForm g("cyclic pennies", {"1", "2", "3"}, {{"H", "T"}, {"H", "T"}, {"H", "T"}});
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    const std::vector<int> s = g.ProfileAt(index);
    g.SetPayoff(index, 0, s[0] == s[1] ? 1 : -1);
    g.SetPayoff(index, 1, s[1] == s[2] ? 1 : -1);
    g.SetPayoff(index, 2, s[2] != s[0] ? 1 : -1);
  }
  return g;
}

TEST_CASE("gnm: every fixture's equilibria are verified and known", "[solvers][gnm]") {
  for (const auto& f : Fixtures()) {
    INFO(f.name);
    const SolveResult r = GlobalNewton(f.game, Starts(20));
    CHECK(r.method == "gnm");
    CHECK_FALSE(r.complete);
    CHECK_FALSE(r.equilibria.empty());
    for (const Equilibrium& eq : r.equilibria) {
      CHECK(eq.max_regret <= PayoffTolerance(f.game));
      if (f.degenerate) continue;  // points of a continuum need not be extreme
      bool known = false;
      for (const auto& k : f.extreme) known = known || MaxDifference(eq.profile, k.profile) < 1e-9;
      CHECK(known);
    }
    if (!f.degenerate) {
      // Twenty directions find every equilibrium of these small games.
      for (const auto& k : f.extreme) CHECK(Contains(r, k.profile));
      CHECK(AllPathsComplete(r, 20));
      CHECK(IndexSum(r) == 1);
    }
  }
}

TEST_CASE("gnm: battle of the sexes has indices +1, +1 and -1", "[solvers][gnm]") {
  const SolveResult r = GlobalNewton(BuildClassicGame("battle_of_the_sexes"), Starts(10));
  REQUIRE(r.equilibria.size() == 3);
  for (const Equilibrium& eq : r.equilibria) {
    const bool pure = eq.profile[0][0] == 1.0 || eq.profile[0][1] == 1.0;
    CHECK(eq.detail["index"].get<int>() == (pure ? 1 : -1));
  }
}

TEST_CASE("gnm: the three-player unanimity game has exactly its three equilibria",
          "[solvers][gnm]") {
  const SolveResult r = GlobalNewton(Unanimity(), Starts(10));
  CHECK(r.equilibria.size() == 3);
  CHECK(Contains(r, {{1, 0}, {1, 0}, {1, 0}}));
  CHECK(Contains(r, {{0, 1}, {0, 1}, {0, 1}}));
  CHECK(Contains(r, {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}, 1e-12));
  CHECK(IndexSum(r) == 1);
  CHECK(AllPathsComplete(r, 10));
}

TEST_CASE("gnm: cyclic pennies has one equilibrium, uniform, of index +1", "[solvers][gnm]") {
  const SolveResult r = GlobalNewton(CyclicPennies(), Starts(10));
  REQUIRE(r.equilibria.size() == 1);
  CHECK(MaxDifference(r.equilibria[0].profile, {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}) < 1e-12);
  CHECK(r.equilibria[0].detail["index"].get<int>() == 1);
}

TEST_CASE("gnm: on random bimatrix games it finds what exact enumeration lists",
          "[solvers][gnm]") {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    INFO("seed " << seed);
    const NormalForm game = RandomGame({6, 6}, seed);
    const SolveResult exact = EnumMixed(game);
    const SolveResult newton = GlobalNewton(game, Starts(30));
    CHECK(newton.equilibria.size() == exact.equilibria.size());
    for (const Equilibrium& eq : exact.equilibria) CHECK(Contains(newton, eq.profile));
  }
}

TEST_CASE("gnm: each path of a random game crosses equilibria of index sum +1",
          "[solvers][gnm]") {
  // A path runs from lambda = +infinity to -infinity, so it crosses lambda = 0
  // an odd number of times, alternately downwards (index +1) and upwards
  // (index -1): in a regular game (random payoffs are regular almost surely)
  // the indices of one path's equilibria sum to +1.
  const std::vector<std::vector<int>> shapes = {{3, 3, 3}, {2, 3, 4}, {4, 4, 4}, {3, 3, 2, 2}};
  for (size_t k = 0; k < shapes.size(); ++k) {
    const NormalForm game = RandomGame(shapes[k], 100 + k);
    SolveResult all;
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      INFO("shape " << k << ", direction seed " << seed);
      const SolveResult path = GlobalNewton(game, Starts(1, seed));
      CHECK(AllPathsComplete(path, 1));
      CHECK(path.equilibria.size() % 2 == 1);
      CHECK(IndexSum(path) == 1);
      for (const Equilibrium& eq : path.equilibria) CHECK(eq.max_regret <= PayoffTolerance(game));
    }
  }
}

TEST_CASE("gnm: more directions find more equilibria than one", "[solvers][gnm]") {
  const NormalForm game = RandomGame({4, 4, 4}, 102);
  const SolveResult one = GlobalNewton(game, Starts(1));
  const SolveResult ten = GlobalNewton(game, Starts(10));
  // The first path is the first of the ten.
  for (const Equilibrium& eq : one.equilibria) CHECK(Contains(ten, eq.profile, 0));
  CHECK(ten.equilibria.size() > one.equilibria.size());
}

TEST_CASE("gnm: same seed, same result; other seeds, other paths", "[solvers][gnm]") {
  const NormalForm game = RandomGame({3, 3, 3}, 7);
  const SolveResult a = GlobalNewton(game, Starts(5, 11));
  const SolveResult b = GlobalNewton(game, Starts(5, 11));
  REQUIRE(a.equilibria.size() == b.equilibria.size());
  for (size_t i = 0; i < a.equilibria.size(); ++i) {
    CHECK(a.equilibria[i].profile == b.equilibria[i].profile);
  }
  CHECK(a.parameters["seed"] == 11);
  CHECK_THROWS_WITH(GlobalNewton(game, Starts(0)), "gnm: starts must be at least 1");
}

TEST_CASE("geostrat solve --method gnm prints NE lines", "[solvers][gnm]") {
  const std::string game = testing::WriteFile(testing::TempDir("gnm"), "bos.nfg",
                                              "NFG 1 R \"BoS\" { \"1\" \"2\" } { 2 2 }\n"
                                              "2 1 0 0 0 0 1 2\n");
  const auto out = testing::RunGeostrat("solve " + game + " --method gnm --starts 5");
  CHECK(out.status == 0);
  CHECK(out.out.find("NE,1.000000,0.000000,1.000000,0.000000\n") != std::string::npos);
  CHECK(out.out.find("NE,0.666667,0.333333,0.333333,0.666667\n") != std::string::npos);
  CHECK(out.out.find("NE,0.000000,1.000000,0.000000,1.000000\n") != std::string::npos);
}

}  // namespace
}  // namespace geostrat
