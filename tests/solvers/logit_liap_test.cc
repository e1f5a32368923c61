// The logit QRE tracer ("logit") and the seeded multi-start solver ("liap":
// Lyapunov-function minimisation) on the fixture games and on three-player
// games.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/core/rng.h"
#include "games/solvers/logit.h"
#include "games/solvers/liap.h"
#include "tests/solvers/fixtures.h"

namespace geostrat {
namespace {

using testing::Fixtures;

double Distance(const MixedProfile& a, const MixedProfile& b) {
  double d = 0.0;
  for (size_t p = 0; p < a.size(); ++p) {
    for (size_t s = 0; s < a[p].size(); ++s) d = std::max(d, std::fabs(a[p][s] - b[p][s]));
  }
  return d;
}

const Equilibrium& Limit(const SolveResult& result) {
  REQUIRE(!result.equilibria.empty());
  const Equilibrium& last = result.equilibria.back();
  REQUIRE(last.detail.value("limit", false));
  return last;
}

// Jordan's (1993) cyclic three-player matching pennies: player 1 wants to
// match player 2, player 2 to match player 3, player 3 to mismatch player 1.
// Its unique equilibrium is uniform play.
NormalForm CyclicPennies() {
  NormalForm g("cyclic pennies", {"1", "2", "3"}, {{"H", "T"}, {"H", "T"}, {"H", "T"}});
  for (int a = 0; a < 2; ++a) {
    for (int b = 0; b < 2; ++b) {
      for (int c = 0; c < 2; ++c) {
        g.SetPayoff({a, b, c}, 0, a == b ? 1 : -1);
        g.SetPayoff({a, b, c}, 1, b == c ? 1 : -1);
        g.SetPayoff({a, b, c}, 2, c != a ? 1 : -1);
      }
    }
  }
  return g;
}

// A 3x2x3 game with payoffs drawn once from a fixed seed.
NormalForm RandomThreePlayer() {
  NormalForm g("random 3p", {"1", "2", "3"}, {{"a", "b", "c"}, {"a", "b"}, {"a", "b", "c"}});
  Rng rng(20240601, 0, 0, 0);
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    for (int p = 0; p < 3; ++p) g.SetPayoff(index, p, std::floor(rng.Uniform() * 10.0));
  }
  return g;
}

TEST_CASE("logit: matching pennies stays at (1/2, 1/2)", "[solvers][logit]") {
  const SolveResult r = Logit(BuildClassicGame("matching_pennies"));
  CHECK(r.method == "logit");
  CHECK_FALSE(r.complete);
  REQUIRE(r.equilibria.size() == 5);
  for (const Equilibrium& eq : r.equilibria) {
    CHECK(Distance(eq.profile, {{0.5, 0.5}, {0.5, 0.5}}) < 1e-9);
  }
  CHECK(Limit(r).detail["lambda"].get<double>() == Approx(1e6));
}

TEST_CASE("logit: inspection game limit is the Tsebelis equilibrium", "[solvers][logit][validation]") {
  for (double P : {4.0, 8.0}) {
    const NormalForm game = BuildClassicGame("inspection", {{"P", P}});
    const SolveResult r = Logit(game, {.report_lambdas = {0.1, 2, 5, 10, 20, 50}});
    REQUIRE(r.equilibria.size() == 7);
    const double p = 3.0 / (3.0 + P);
    const MixedProfile nash = {{1 - p, p}, {0.6, 0.4}};
    const Equilibrium& limit = Limit(r);
    CHECK(Distance(limit.profile, nash) < 1e-6);
    CHECK(limit.max_regret < 1e-5);
    // The branch is NOT between uniform play and the limit at small lambda:
    // it first moves towards the best replies to uniform play (enforcing
    // earns 1/2 > 0, complying 0 > (3 - P) / 2), so enforce rises above
    // 1/2 and violate falls below 1/2 (later below 0.4) before both return.
    const MixedProfile& small = r.equilibria[0].profile;
    CHECK(small[0][1] > 0.5);
    CHECK(small[1][1] < 0.5);
    // From lambda = 2 on, each reported point is closer to the limit and
    // has smaller regret than the previous one.
    for (size_t i = 2; i < r.equilibria.size(); ++i) {
      CHECK(Distance(r.equilibria[i].profile, nash) < Distance(r.equilibria[i - 1].profile, nash));
      CHECK(r.equilibria[i].max_regret < r.equilibria[i - 1].max_regret);
    }
  }
}

TEST_CASE("logit: prisoner's dilemma defects more as lambda grows", "[solvers][logit]") {
  const SolveResult r =
      Logit(BuildClassicGame("prisoners_dilemma"), {.report_lambdas = {0.1, 0.5, 1, 2, 5}});
  REQUIRE(r.equilibria.size() == 6);
  double previous = 0.5;
  for (const Equilibrium& eq : r.equilibria) {
    CHECK(eq.profile[0][1] > previous);
    CHECK(eq.profile[1][1] == Approx(eq.profile[0][1]));
    previous = eq.profile[0][1];
  }
  CHECK(Distance(Limit(r).profile, {{0, 1}, {0, 1}}) < 1e-9);
}

TEST_CASE("logit: the limit selects one equilibrium in coordination games", "[solvers][logit]") {
  // Stag hunt: against uniform play hare earns more, and the branch goes to
  // the risk-dominant (hare, hare).
  const SolveResult stag = Logit(BuildClassicGame("stag_hunt"));
  CHECK(Distance(Limit(stag).profile, {{0, 1}, {0, 1}}) < 1e-9);
  // Battle of the sexes: the game is symmetric under swapping the players
  // and the strategies, the branch keeps that symmetry, and the only
  // symmetric equilibrium is the mixed one.
  const SolveResult bos = Logit(BuildClassicGame("battle_of_the_sexes"));
  CHECK(Distance(Limit(bos).profile, {{2.0 / 3, 1.0 / 3}, {1.0 / 3, 2.0 / 3}}) < 1e-6);
}

TEST_CASE("logit: the branch stays in the simplex", "[solvers][logit]") {
  std::vector<NormalForm> games = {RandomThreePlayer(), CyclicPennies()};
  for (const auto& f : Fixtures()) games.push_back(f.game);
  for (const NormalForm& game : games) {
    const std::vector<LogitPoint> path = TraceLogit(game);
    REQUIRE(path.size() > 2);
    CHECK(path.back().lambda == Approx(1e6));
    double lambda = -1.0;
    for (const LogitPoint& point : path) {
      CHECK(point.lambda > lambda);  // principal branches here go forward
      lambda = point.lambda;
      for (const auto& mix : point.profile) {
        double sum = 0.0;
        for (double q : mix) {
          CHECK(q >= 0.0);
          CHECK(q <= 1.0);
          sum += q;
        }
        CHECK(sum == Approx(1.0).margin(1e-12));
      }
    }
  }
}

TEST_CASE("logit: three-player games reach a limit with small regret", "[solvers][logit]") {
  for (const NormalForm& game : {RandomThreePlayer(), CyclicPennies()}) {
    const SolveResult r = Logit(game);
    CHECK(Limit(r).max_regret < PayoffTolerance(game, 1e-5));
  }
  const SolveResult cyclic = Logit(CyclicPennies());
  CHECK(Distance(Limit(cyclic).profile, {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}) < 1e-6);
}

TEST_CASE("liap: every fixture's equilibria are verified and known", "[solvers][liap]") {
  for (const auto& f : Fixtures()) {
    INFO(f.name);
    const SolveResult r = Liap(f.game, {.starts = 40});
    CHECK(r.method == "liap");
    CHECK_FALSE(r.complete);
    REQUIRE(!r.equilibria.empty());
    const double tolerance = PayoffTolerance(f.game, 1e-9);
    for (const Equilibrium& eq : r.equilibria) {
      CHECK(eq.max_regret <= tolerance);
      if (f.degenerate) continue;
      bool known = false;
      for (const auto& k : f.extreme) known = known || Distance(eq.profile, k.profile) < 1e-6;
      CHECK(known);
    }
    if (!f.degenerate && f.extreme.size() == 1) CHECK(r.equilibria.size() == 1);
  }
}

TEST_CASE("liap: finds all three equilibria of battle of the sexes", "[solvers][liap]") {
  const SolveResult r = Liap(BuildClassicGame("battle_of_the_sexes"), {.starts = 100});
  CHECK(r.equilibria.size() == 3);
}

TEST_CASE("liap: three-player cyclic pennies gives uniform play", "[solvers][liap]") {
  const NormalForm game = CyclicPennies();
  const SolveResult r = Liap(game, {.starts = 20});
  REQUIRE(r.equilibria.size() == 1);
  CHECK(Distance(r.equilibria[0].profile, {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}) < 1e-9);
  // And the random three-player game: whatever is found is verified.
  const NormalForm random = RandomThreePlayer();
  const SolveResult rr = Liap(random, {.starts = 30});
  CHECK(!rr.equilibria.empty());
  for (const Equilibrium& eq : rr.equilibria) {
    CHECK(eq.max_regret <= PayoffTolerance(random, 1e-9));
  }
}

TEST_CASE("liap: same seed, same results", "[solvers][liap]") {
  const NormalForm game = BuildClassicGame("stag_hunt");
  const SolveResult a = Liap(game, {.starts = 25, .seed = 7});
  const SolveResult b = Liap(game, {.starts = 25, .seed = 7});
  REQUIRE(a.equilibria.size() == b.equilibria.size());
  for (size_t i = 0; i < a.equilibria.size(); ++i) {
    CHECK(a.equilibria[i].profile == b.equilibria[i].profile);
    CHECK(a.equilibria[i].detail == b.equilibria[i].detail);
  }
}

}  // namespace
}  // namespace geostrat
