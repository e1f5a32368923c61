// The exact two-player solvers (enummixed, enumsupport, lcp) against the
// fixture library, random integer games and each other.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "games/normal_form.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/enumsupport.h"
#include "games/solvers/exact.h"
#include "games/solvers/lcp.h"
#include "tests/solvers/fixtures.h"

namespace geostrat {
namespace {

using testing::Fixture;
using testing::Fixtures;

bool SameProfile(const MixedProfile& a, const MixedProfile& b, double tol = 1e-12) {
  if (a.size() != b.size()) return false;
  for (size_t p = 0; p < a.size(); ++p) {
    if (a[p].size() != b[p].size()) return false;
    for (size_t s = 0; s < a[p].size(); ++s) {
      if (std::fabs(a[p][s] - b[p][s]) > tol) return false;
    }
  }
  return true;
}

// Index of the equilibrium in `list` with the same exact fractions, or -1.
int FindExact(const SolveResult& result, const Equilibrium& eq) {
  for (size_t i = 0; i < result.equilibria.size(); ++i) {
    if (result.equilibria[i].exact == eq.exact) return static_cast<int>(i);
  }
  return -1;
}

// The largest gain from deviating, computed exactly from the exact profile.
Rational ExactRegret(const NormalForm& game, const Equilibrium& eq) {
  const ExactBimatrix g = ExactPayoffMatrices(game);
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  std::vector<Rational> x, y;
  for (const auto& s : eq.exact[0]) x.push_back(ParseExactNumber(s));
  for (const auto& s : eq.exact[1]) y.push_back(ParseExactNumber(s));
  Rational regret = 0;
  std::vector<Rational> row_values(m, Rational(0)), col_values(n, Rational(0));
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) {
      row_values[r] += g.a[r][c] * y[c];
      col_values[c] += g.b[r][c] * x[r];
    }
  }
  Rational row_expected = 0, col_expected = 0;
  for (int r = 0; r < m; ++r) row_expected += x[r] * row_values[r];
  for (int c = 0; c < n; ++c) col_expected += y[c] * col_values[c];
  for (const Rational& v : row_values) regret = std::max(regret, Rational(v - row_expected));
  for (const Rational& v : col_values) regret = std::max(regret, Rational(v - col_expected));
  return regret;
}

NormalForm RandomGame(int m, int n, unsigned seed, int high = 99) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> payoff(0, high);
  std::vector<std::vector<double>> a(m, std::vector<double>(n)), b = a;
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) {
      a[r][c] = payoff(rng);
      b[r][c] = payoff(rng);
    }
  }
  return testing::Bimatrix("random", a, b);
}

void CheckMatchesFixture(const Fixture& f, const SolveResult& result) {
  INFO(f.name << " by " << result.method);
  REQUIRE(result.equilibria.size() == f.extreme.size());
  for (const auto& known : f.extreme) {
    int matches = 0;
    for (const auto& eq : result.equilibria) matches += SameProfile(eq.profile, known.profile);
    CHECK(matches == 1);
  }
  for (const auto& eq : result.equilibria) {
    CHECK(eq.max_regret <= PayoffTolerance(f.game));
    CHECK(ExactRegret(f.game, eq) == 0);
  }
}

TEST_CASE("Exact payoffs read decimals, fractions and doubles exactly", "[solvers]") {
  CHECK(ParseExactNumber("0.25") == Rational(1, 4));
  CHECK(ParseExactNumber("-3/2") == Rational(-3, 2));
  CHECK(ParseExactNumber("1e1") == Rational(10));
  CHECK(ParseExactNumber("1.5e-3") == Rational(3, 2000));
  CHECK(ParseExactNumber("0.1") == Rational(1, 10));
  CHECK(ParseExactNumber("0.5/3") == Rational(1, 6));
  CHECK_THROWS_AS(ParseExactNumber("abc"), std::invalid_argument);
  CHECK_THROWS_AS(ParseExactNumber("1/0"), std::invalid_argument);
  CHECK(ExactFromDouble(0.75) == Rational(3, 4));
  CHECK(ExactFromDouble(-6.0) == Rational(-6));
  // 0.1 as a double is a dyadic rational, not 1/10.
  CHECK(ExactFromDouble(0.1) != Rational(1, 10));
  CHECK(ExactFromDouble(0.1).convert_to<double>() == 0.1);
  CHECK(FractionString(Rational(6, 22)) == "3/11");
  CHECK(FractionString(Rational(4, 2)) == "2");
}

TEST_CASE("enummixed finds exactly the extreme equilibria of every fixture", "[solvers]") {
  for (const Fixture& f : Fixtures()) {
    if (f.game.num_players() != 2) continue;
    const SolveResult result = EnumMixed(f.game);
    CHECK(result.method == "enummixed");
    CHECK(result.complete);
    CheckMatchesFixture(f, result);
    // Every equilibrium is in some clique.
    std::vector<bool> covered(result.equilibria.size(), false);
    for (const auto& clique : result.cliques) {
      for (int i : clique) covered.at(i) = true;
    }
    for (bool c : covered) CHECK(c);
  }
}

TEST_CASE("enummixed gives exact fractions", "[solvers]") {
  const SolveResult inspection = EnumMixed(BuildClassicGame("inspection", {{"P", 8.0}}));
  REQUIRE(inspection.equilibria.size() == 1);
  CHECK(inspection.equilibria[0].exact ==
        std::vector<std::vector<std::string>>{{"8/11", "3/11"}, {"3/5", "2/5"}});
  const SolveResult rps = EnumMixed(BuildClassicGame("rock_paper_scissors"));
  REQUIRE(rps.equilibria.size() == 1);
  for (const auto& player : rps.equilibria[0].exact) {
    for (const auto& p : player) CHECK(p == "1/3");
  }
  const SolveResult bos = EnumMixed(BuildClassicGame("battle_of_the_sexes"));
  CHECK(bos.cliques.size() == 3);  // three isolated equilibria
  for (const auto& clique : bos.cliques) CHECK(clique.size() == 1);
}

TEST_CASE("enummixed puts the degenerate edge's extreme equilibria in one clique", "[solvers]") {
  for (const Fixture& f : Fixtures()) {
    if (!f.degenerate) continue;
    const SolveResult result = EnumMixed(f.game);
    REQUIRE(result.equilibria.size() == 2);
    REQUIRE(result.cliques.size() == 1);
    CHECK(result.cliques[0] == std::vector<int>{0, 1});
    // Midpoint of the edge is an equilibrium too.
    MixedProfile mid = result.equilibria[0].profile;
    for (size_t p = 0; p < mid.size(); ++p) {
      for (size_t s = 0; s < mid[p].size(); ++s) {
        mid[p][s] = 0.5 * (mid[p][s] + result.equilibria[1].profile[p][s]);
      }
    }
    CHECK(MaxRegret(f.game, mid) <= PayoffTolerance(f.game));
  }
}

TEST_CASE("A constant game: every pure pair in one clique", "[solvers]") {
  // Every profile is an equilibrium: the extreme ones are the 3 x 4 pure
  // pairs, and the whole (product) set is a single clique. Every vertex of
  // P and Q but the origin is degenerate, with several bases each.
  const std::vector<std::vector<double>> five(3, std::vector<double>(4, 5.0));
  const NormalForm game = testing::Bimatrix("constant", five, five);
  const SolveResult mixed = EnumMixed(game);
  REQUIRE(mixed.equilibria.size() == 12);
  REQUIRE(mixed.cliques.size() == 1);
  CHECK(mixed.cliques[0].size() == 12);
  const SolveResult lh = LemkeHowson(game, -1);
  REQUIRE_FALSE(lh.equilibria.empty());
  for (const auto& eq : lh.equilibria) CHECK(FindExact(mixed, eq) >= 0);
}

TEST_CASE("A player with one strategy", "[solvers]") {
  // The column player best-responds to the only row: c2 and c3 tie.
  const NormalForm game = testing::Bimatrix("one row", {{1, 2, 3}}, {{0, 4, 4}});
  const SolveResult mixed = EnumMixed(game);
  REQUIRE(mixed.equilibria.size() == 2);
  CHECK(mixed.cliques == std::vector<std::vector<int>>{{0, 1}});
  for (const SolveResult& other : {LemkeHowson(game, -1), EnumSupport(game)}) {
    REQUIRE_FALSE(other.equilibria.empty());
    for (const auto& eq : other.equilibria) CHECK(FindExact(mixed, eq) >= 0);
  }
}

TEST_CASE("enumsupport agrees with enummixed on the nondegenerate fixtures", "[solvers]") {
  for (const Fixture& f : Fixtures()) {
    if (f.game.num_players() != 2) continue;
    const SolveResult support = EnumSupport(f.game);
    CHECK(support.method == "enumsupport");
    CHECK_FALSE(support.complete);
    const SolveResult mixed = EnumMixed(f.game);
    if (!f.degenerate) {
      CheckMatchesFixture(f, support);
      CHECK(support.equilibria.size() == mixed.equilibria.size());
    }
    // On any game, what it finds is extreme, so enummixed lists it.
    for (const auto& eq : support.equilibria) CHECK(FindExact(mixed, eq) >= 0);
  }
}

TEST_CASE("lcp from every label reaches only listed equilibria", "[solvers]") {
  for (const Fixture& f : Fixtures()) {
    if (f.game.num_players() != 2) continue;
    INFO(f.name);
    const SolveResult lh = LemkeHowson(f.game, -1);
    const SolveResult mixed = EnumMixed(f.game);
    CHECK(lh.method == "lcp");
    CHECK_FALSE(lh.complete);
    REQUIRE_FALSE(lh.equilibria.empty());
    size_t runs = 0;
    for (const auto& eq : lh.equilibria) {
      CHECK(FindExact(mixed, eq) >= 0);
      CHECK(eq.max_regret <= PayoffTolerance(f.game));
      runs += eq.detail["labels"].size();
    }
    CHECK(runs == static_cast<size_t>(f.game.num_strategies(0) + f.game.num_strategies(1)));
    // A single label gives one equilibrium, reached from that label.
    const SolveResult one = LemkeHowson(f.game, 1);
    REQUIRE(one.equilibria.size() == 1);
    CHECK(one.equilibria[0].detail["labels"] == nlohmann::json::array({1}));
  }
  CHECK_THROWS_AS(LemkeHowson(BuildClassicGame("stag_hunt"), 4), std::invalid_argument);
}

TEST_CASE("Random integer games: exact equilibria, lcp a subset", "[solvers]") {
  // Payoffs 0-99 (generic) and 0-2 (many ties, so degenerate).
  for (int high : {99, 2}) {
    for (int size = 3; size <= 6; ++size) {
      for (unsigned seed : {1u, 2u, 3u}) {
        const NormalForm game =
            RandomGame(size, size + (seed == 3 ? -1 : 0), seed * 100 + size, high);
        INFO("size " << size << " seed " << seed << " payoffs 0-" << high);
        const SolveResult mixed = EnumMixed(game);
        REQUIRE_FALSE(mixed.equilibria.empty());
        for (const auto& eq : mixed.equilibria) {
          CHECK(ExactRegret(game, eq) == 0);
          CHECK(eq.max_regret <= PayoffTolerance(game));
        }
        const SolveResult lh = LemkeHowson(game, -1);
        REQUIRE_FALSE(lh.equilibria.empty());
        for (const auto& eq : lh.equilibria) CHECK(FindExact(mixed, eq) >= 0);
        const SolveResult support = EnumSupport(game);
        for (const auto& eq : support.equilibria) CHECK(FindExact(mixed, eq) >= 0);
        // (Not all of them: payoffs 0-99 still tie now and then, e.g. a row
        // with two best responses to a pure column, and such degenerate
        // equilibria have unequal supports.)
        // The cliques cover every equilibrium, and every pair within a
        // clique is an equilibrium (their x's and y's combine).
        for (const auto& clique : mixed.cliques) {
          for (int i : clique) {
            for (int j : clique) {
              const MixedProfile mix = {mixed.equilibria[i].profile[0],
                                        mixed.equilibria[j].profile[1]};
              CHECK(MaxRegret(game, mix) <= PayoffTolerance(game));
            }
          }
        }
      }
    }
  }
}

TEST_CASE("An .nfg with rational and decimal payoffs is solved exactly", "[solvers]") {
  // a = [[0.1, 0], [0, 0.3]], b = [[1/3, 0], [0, 2/3]]: the mixed
  // equilibrium is x = (2/3, 1/3), y = (3/4, 1/4), exactly only if 0.1 and
  // 0.3 are read as tenths rather than as doubles.
  const NormalForm game = ParseNfg(
      "NFG 1 R \"rational\" { \"Row\" \"Column\" } { 2 2 }\n\n"
      "0.1 1/3 0 0 0 0 0.3 2/3\n",
      "rational.nfg");
  for (const SolveResult& result : {EnumMixed(game), EnumSupport(game)}) {
    REQUIRE(result.equilibria.size() == 3);
    int mixed = 0;
    for (const auto& eq : result.equilibria) {
      if (eq.exact == std::vector<std::vector<std::string>>{{"2/3", "1/3"}, {"3/4", "1/4"}}) {
        ++mixed;
      }
      CHECK(eq.max_regret <= PayoffTolerance(game));
    }
    CHECK(mixed == 1);
  }
  const SolveResult lh = LemkeHowson(game, -1);
  for (const auto& eq : lh.equilibria) CHECK(ExactRegret(game, eq) == 0);
}

TEST_CASE("The two-player solvers refuse a three-player game", "[solvers]") {
  NormalForm game("three", {"a", "b", "c"}, {{"x", "y"}, {"x", "y"}, {"x", "y"}});
  CHECK_THROWS_WITH(EnumMixed(game), Catch::Contains("enummixed") && Catch::Contains("3 players"));
  CHECK_THROWS_WITH(EnumSupport(game),
                    Catch::Contains("enumsupport") && Catch::Contains("3 players"));
  CHECK_THROWS_WITH(LemkeHowson(game, -1), Catch::Contains("lcp") && Catch::Contains("3 players"));
  CHECK_THROWS_AS(EnumMixed(game), NotApplicable);
  CHECK_THROWS_AS(ExactPayoffMatrices(game), NotApplicable);
}

}  // namespace
}  // namespace geostrat
