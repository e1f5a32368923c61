// enummixed beyond the fixtures: a continuum with known extreme points, the
// same output for any thread count, agreement with support enumeration on
// nondegenerate games, the exact fallback past 64 and 128 bits, the time
// limit, and games past the old tableau limit.
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>

#include "games/normal_form.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/enumsupport.h"
#include "games/solvers/exact.h"
#include "games/solvers/lcp.h"
#include "tests/solvers/fixtures.h"

namespace geostrat {
namespace {

std::vector<std::vector<int>> RandomMatrix(std::mt19937& rng, int m, int n, int high) {
  std::uniform_int_distribution<int> payoff(0, high);
  std::vector<std::vector<int>> a(m, std::vector<int>(n));
  for (auto& row : a) {
    for (int& v : row) v = payoff(rng);
  }
  return a;
}

// An .nfg game whose payoffs are a[r][c] and b[r][c] written with `suffix`
// (e.g. "e30": the same game in other units, exactly).
NormalForm NfgGame(const std::vector<std::vector<int>>& a, const std::vector<std::vector<int>>& b,
                   const std::string& suffix) {
  const int m = static_cast<int>(a.size()), n = static_cast<int>(a[0].size());
  std::string text = "NFG 1 R \"g\" { \"1\" \"2\" } { " + std::to_string(m) + " " +
                     std::to_string(n) + " }\n";
  for (int c = 0; c < n; ++c) {
    for (int r = 0; r < m; ++r) {
      text += std::to_string(a[r][c]) + suffix + " " + std::to_string(b[r][c]) + suffix + " ";
    }
  }
  return ParseNfg(text, "test.nfg");
}

NormalForm RandomGame(int m, int n, unsigned seed, int high = 99, const std::string& suffix = "") {
  std::mt19937 rng(seed);
  const auto a = RandomMatrix(rng, m, n, high);
  const auto b = RandomMatrix(rng, m, n, high);
  return NfgGame(a, b, suffix);
}

// The largest gain from deviating, computed exactly from the exact profile.
Rational ExactGain(const NormalForm& game, const Equilibrium& eq) {
  const ExactBimatrix g = ExactPayoffMatrices(game);
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  std::vector<Rational> x, y;
  for (const auto& s : eq.exact[0]) x.push_back(ParseExactNumber(s));
  for (const auto& s : eq.exact[1]) y.push_back(ParseExactNumber(s));
  std::vector<Rational> row(m, Rational(0)), col(n, Rational(0));
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) {
      row[r] += g.a[r][c] * y[c];
      col[c] += g.b[r][c] * x[r];
    }
  }
  Rational row_value = 0, col_value = 0, gain = 0;
  for (int r = 0; r < m; ++r) row_value += x[r] * row[r];
  for (int c = 0; c < n; ++c) col_value += y[c] * col[c];
  for (const Rational& v : row) gain = std::max(gain, Rational(v - row_value));
  for (const Rational& v : col) gain = std::max(gain, Rational(v - col_value));
  return gain;
}

std::set<std::vector<std::vector<std::string>>> ExactSet(const SolveResult& r) {
  std::set<std::vector<std::vector<std::string>>> out;
  for (const auto& eq : r.equilibria) out.insert(eq.exact);
  return out;
}

// Everything a caller sees, as `geostrat solve --json` prints it.
std::string Printed(const NormalForm& game, const SolveResult& r) {
  std::string text = ToJson(r, game).dump() + "\n" + r.note + "\n";
  for (const auto& eq : r.equilibria) text += GambitLine(eq) + "\n";
  return text;
}

SolveResult WithThreads(const NormalForm& game, int threads) {
  EnumMixedOptions options;
  options.threads = threads;
  return EnumMixed(game, options);
}

TEST_CASE("enummixed: a continuum's extreme points, cliques and canonical order", "[solvers]") {
  // The row player is indifferent; the column player matches the row
  // player's likelier strategy, and is indifferent at x = (1/2, 1/2). The
  // equilibria are x1 >= 1/2 against c1, x1 <= 1/2 against c2, and x =
  // (1/2, 1/2) against anything: three segments meeting at two points.
  const NormalForm game = testing::Bimatrix("segments", {{1, 1}, {1, 1}}, {{1, 0}, {0, 1}});
  const SolveResult r = EnumMixed(game);
  CHECK(r.complete);
  REQUIRE(r.equilibria.size() == 4);
  // Listed by x (decreasing probabilities), then by y.
  using Exact = std::vector<std::vector<std::string>>;
  CHECK(r.equilibria[0].exact == Exact{{"1", "0"}, {"1", "0"}});
  CHECK(r.equilibria[1].exact == Exact{{"1/2", "1/2"}, {"1", "0"}});
  CHECK(r.equilibria[2].exact == Exact{{"1/2", "1/2"}, {"0", "1"}});
  CHECK(r.equilibria[3].exact == Exact{{"0", "1"}, {"0", "1"}});
  CHECK(r.cliques == std::vector<std::vector<int>>{{0, 1}, {1, 2}, {2, 3}});
  for (const auto& eq : r.equilibria) CHECK(ExactGain(game, eq) == 0);
  CHECK(r.parameters.empty());  // no max_seconds unless one is set
}

TEST_CASE("enummixed: a constant game's many bases per vertex", "[solvers]") {
  // Every vertex of P and Q but the origin lies on all of its polytope's
  // identical constraints: hundreds of feasible bases for 1 + 5 vertices
  // each (the lexicographic rule visits a few of them).
  const std::vector<std::vector<double>> zero(5, std::vector<double>(5, 0.0));
  const NormalForm game = testing::Bimatrix("zero", zero, zero);
  for (int threads : {1, 2}) {
    const SolveResult r = WithThreads(game, threads);
    REQUIRE(r.equilibria.size() == 25);
    CHECK(r.note == "6 vertices of P, 6 of Q; 1 maximal cliques");
    REQUIRE(r.cliques.size() == 1);
    CHECK(r.cliques[0].size() == 25);
    // Pure pairs, row strategy 1 first.
    CHECK(r.equilibria[0].exact == std::vector<std::vector<std::string>>{
                                       {"1", "0", "0", "0", "0"}, {"1", "0", "0", "0", "0"}});
    CHECK(r.equilibria[24].exact == std::vector<std::vector<std::string>>{
                                        {"0", "0", "0", "0", "1"}, {"0", "0", "0", "0", "1"}});
  }
}

TEST_CASE("enummixed: the same output on 1 and 2 threads and the default", "[solvers]") {
  struct Case {
    int size;
    unsigned seed;
    int high;
  };
  for (const Case& c : {Case{10, 1, 99}, Case{12, 2, 99}, Case{12, 3, 99}, Case{9, 4, 2}}) {
    INFO("size " << c.size << " seed " << c.seed << " payoffs 0-" << c.high);
    const NormalForm game = RandomGame(c.size, c.size, c.seed, c.high);
    const std::string one = Printed(game, WithThreads(game, 1));
    CHECK(Printed(game, WithThreads(game, 2)) == one);
    CHECK(Printed(game, WithThreads(game, 3)) == one);
    CHECK(Printed(game, WithThreads(game, 0)) == one);
    CHECK(Printed(game, EnumMixed(game)) == one);
  }
}

TEST_CASE("enummixed: the equilibria of support enumeration on nondegenerate games",
          "[solvers]") {
  // With payoffs drawn from a million values the games are nondegenerate
  // (almost surely; these seeds are), so every equilibrium is isolated,
  // extreme, and has supports of equal size, which enumsupport tries all of.
  for (int m = 2; m <= 7; ++m) {
    for (int n : {m, m + 1}) {
      for (unsigned seed = 1; seed <= 3; ++seed) {
        INFO(m << "x" << n << " seed " << seed);
        const NormalForm game = RandomGame(m, n, 1000 * m + 10 * n + seed, 999999);
        const SolveResult mixed = EnumMixed(game);
        const SolveResult support = EnumSupport(game);
        CHECK(ExactSet(mixed) == ExactSet(support));
        CHECK(mixed.cliques.size() == mixed.equilibria.size());  // all isolated
        for (const auto& eq : mixed.equilibria) CHECK(ExactGain(game, eq) == 0);
      }
    }
  }
}

TEST_CASE("enummixed: past 64 and 128 bits the exact fallback gives the same equilibria",
          "[solvers]") {
  // The same games in other units. The dictionary's entries are minors of
  // the payoff matrix: x 10^4 those of 3 to 6 rows need 64 to 128 bits, so
  // the search moves between all three widths, up and down; x 10^12 most
  // need GMP integers; x 10^40 the payoffs alone need 140 bits, so every
  // pivot is in GMP integers. Equilibria do not change with the units.
  for (unsigned seed : {1u, 2u}) {
    for (int high : {99, 2}) {
      INFO("seed " << seed << " payoffs 0-" << high);
      // 9x9: big enough for a team of threads (smaller games get one).
      const NormalForm game = RandomGame(9, 9, seed, high);
      const SolveResult base = EnumMixed(game);
      REQUIRE_FALSE(base.equilibria.empty());
      for (const std::string suffix : {"e4", "e12", "e40"}) {
        const NormalForm scaled = RandomGame(9, 9, seed, high, suffix);
        for (int threads : {1, 2}) {
          INFO(suffix << ", " << threads << " threads");
          const SolveResult r = WithThreads(scaled, threads);
          REQUIRE(r.equilibria.size() == base.equilibria.size());
          for (size_t i = 0; i < r.equilibria.size(); ++i) {
            CHECK(r.equilibria[i].exact == base.equilibria[i].exact);
          }
          CHECK(r.cliques == base.cliques);
          CHECK(r.note == base.note);
        }
      }
    }
  }
}

TEST_CASE("enummixed: the time limit stops every thread and lists what it found", "[solvers]") {
  // A 20x20 game has millions of bases: far more than 0.01 s of work.
  const NormalForm game = RandomGame(20, 20, 7);
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    EnumMixedOptions options;
    options.max_seconds = 0.01;
    options.threads = threads;
    const SolveResult r = EnumMixed(game, options);
    CHECK_FALSE(r.complete);
    CHECK(r.parameters["max_seconds"] == 0.01);
    CHECK_THAT(r.warning, Catch::StartsWith("the time limit (0.01 s) stopped the vertex "
                                            "enumeration after "));
    CHECK_THAT(r.warning, Catch::Contains("equilibria found among them are listed, not "
                                          "necessarily all (lcp or gnm"));
    CHECK_THAT(r.note, Catch::Contains(r.warning));
    for (const auto& eq : r.equilibria) {
      CHECK(ExactGain(game, eq) == 0);
      CHECK(eq.max_regret <= PayoffTolerance(game));
    }
  }
  EnumMixedOptions bad;
  bad.max_seconds = -1;
  CHECK_THROWS_AS(EnumMixed(game, bad), std::invalid_argument);
}

TEST_CASE("enummixed: games past the old tableau limit are solved", "[solvers]") {
  // 16x16 was refused (a GMP tableau kept per basis); lcp's equilibria are
  // among the extreme ones listed.
  const NormalForm game = RandomGame(16, 16, 11);
  const SolveResult r = EnumMixed(game);
  CHECK(r.complete);
  REQUIRE_FALSE(r.equilibria.empty());
  for (const auto& eq : r.equilibria) CHECK(ExactGain(game, eq) == 0);
  const SolveResult lh = LemkeHowson(game, -1);
  const auto all = ExactSet(r);
  for (const auto& eq : lh.equilibria) CHECK(all.count(eq.exact) == 1);
}

TEST_CASE("enummixed: refuses games past its strategy limit up front", "[solvers]") {
  std::vector<std::string> rows = {"a", "b"}, cols;
  for (int j = 0; j < 300; ++j) cols.push_back("c" + std::to_string(j));
  const NormalForm game("wide", {"1", "2"}, {rows, cols});
  CHECK_THROWS_WITH(EnumMixed(game),
                    "enummixed: this game has 302 strategies in all (2 + 300); the limit is 256, "
                    "beyond which the vertices of its best-response polytopes are too many to "
                    "enumerate unless one player has very few strategies; use lcp or enumpure");
}

}  // namespace
}  // namespace geostrat
