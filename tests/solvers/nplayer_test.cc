// Tests of the n-player methods: pure equilibria, iterated dominance, the
// learning dynamics and the maximum-welfare correlated equilibrium, against
// the fixture library and hand-made games whose answers are derived in the
// comments.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "games/solvers/correlated.h"
#include "games/solvers/dominance.h"
#include "games/solvers/dynamics.h"
#include "games/solvers/enumpure.h"
#include "tests/solvers/fixtures.h"

namespace geostrat {
namespace {

using testing::Bimatrix;
using testing::Fixtures;

bool IsPure(const std::vector<std::vector<double>>& profile) {
  for (const auto& mix : profile) {
    if (std::count(mix.begin(), mix.end(), 1.0) != 1) return false;
  }
  return true;
}

std::vector<std::vector<int>> PureProfiles(const SolveResult& result) {
  std::vector<std::vector<int>> out;
  for (const Equilibrium& eq : result.equilibria) {
    std::vector<int> pure;
    for (const auto& mix : eq.profile) {
      pure.push_back(static_cast<int>(std::max_element(mix.begin(), mix.end()) - mix.begin()));
    }
    out.push_back(pure);
  }
  return out;
}

// Option builders (designated initializers that skip members trip
// -Wmissing-field-initializers under GCC 12).
ReplicatorOptions Rep(int steps, MixedProfile start = {}) {
  ReplicatorOptions o;
  o.steps = steps;
  o.start = std::move(start);
  return o;
}
FictitiousPlayOptions Fp(int iterations, int trace_every = 0) {
  FictitiousPlayOptions o;
  o.iterations = iterations;
  o.trace_every = trace_every;
  return o;
}
RegretMatchingOptions Rm(int iterations, uint64_t seed, int trace_every = 0) {
  RegretMatchingOptions o;
  o.iterations = iterations;
  o.seed = seed;
  o.trace_every = trace_every;
  return o;
}

// Diekmann's (1985) volunteer's dilemma for three players: volunteering (1)
// costs 1, and everyone gets 2 if at least one volunteers. Pure equilibria:
// exactly one volunteer (the volunteer would get 0 by quitting, the others 1
// instead of 2 by joining); none volunteers is not one (1 > 0), nor two or
// three (a volunteer saves the cost by quitting).
NormalForm Volunteer() {
  NormalForm g("volunteer's dilemma", {"A", "B", "C"},
               {{"wait", "volunteer"}, {"wait", "volunteer"}, {"wait", "volunteer"}});
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    const std::vector<int> a = g.ProfileAt(index);
    const int volunteers = a[0] + a[1] + a[2];
    for (int p = 0; p < 3; ++p) g.SetPayoff(index, p, volunteers == 0 ? 0.0 : 2.0 - a[p]);
  }
  return g;
}

TEST_CASE("EnumPure lists exactly the pure extreme equilibria of the fixtures", "[solvers]") {
  for (const auto& fixture : Fixtures()) {
    INFO(fixture.name);
    const SolveResult result = EnumPure(fixture.game);
    CHECK(result.method == "enumpure");
    CHECK(result.complete);
    std::vector<std::vector<std::vector<double>>> expected;
    for (const auto& known : fixture.extreme) {
      if (IsPure(known.profile)) expected.push_back(known.profile);
    }
    std::vector<std::vector<std::vector<double>>> found;
    for (const Equilibrium& eq : result.equilibria) {
      found.push_back(eq.profile);
      CHECK(eq.max_regret <= PayoffTolerance(fixture.game));
    }
    std::sort(expected.begin(), expected.end());
    std::sort(found.begin(), found.end());
    CHECK(found == expected);
  }
  // The counts the brief names, spelled out.
  CHECK(PureProfiles(EnumPure(BuildClassicGame("prisoners_dilemma"))) ==
        std::vector<std::vector<int>>{{1, 1}});
  CHECK(EnumPure(BuildClassicGame("battle_of_the_sexes")).equilibria.size() == 2);
  CHECK(EnumPure(BuildClassicGame("stag_hunt")).equilibria.size() == 2);
  for (const char* name : {"matching_pennies", "rock_paper_scissors", "shapley", "inspection"}) {
    INFO(name);
    CHECK(EnumPure(BuildClassicGame(name)).equilibria.empty());
  }
}

TEST_CASE("EnumPure on three-player games", "[solvers]") {
  const SolveResult result = EnumPure(Volunteer());
  // Profile order is first player fastest: (1,0,0), (0,1,0), (0,0,1).
  CHECK(PureProfiles(result) == std::vector<std::vector<int>>{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  CHECK(result.equilibria[0].payoffs == std::vector<double>{1, 2, 2});
  CHECK(result.equilibria[0].exact[0] == std::vector<std::string>{"0", "1"});

  // Random 3-player games with few payoff values (many ties, so weak
  // equilibria occur): EnumPure must agree with a brute-force check through
  // NormalForm::ProfileIndex.
  uint32_t state = 12345;
  for (int trial = 0; trial < 50; ++trial) {
    NormalForm g("random", {"A", "B", "C"}, {{"a0", "a1"}, {"b0", "b1", "b2"}, {"c0", "c1"}});
    for (size_t index = 0; index < g.num_profiles(); ++index) {
      for (int p = 0; p < 3; ++p) {
        state = state * 1664525u + 1013904223u;
        g.SetPayoff(index, p, static_cast<double>((state >> 16) % 3));
      }
    }
    std::vector<std::vector<int>> expected;
    for (size_t index = 0; index < g.num_profiles(); ++index) {
      const std::vector<int> a = g.ProfileAt(index);
      bool ok = true;
      for (int p = 0; p < 3; ++p) {
        for (int s = 0; s < g.num_strategies(p); ++s) {
          std::vector<int> d = a;
          d[p] = s;
          if (g.Payoff(d, p) > g.Payoff(a, p)) ok = false;
        }
      }
      if (ok) expected.push_back(a);
    }
    CHECK(PureProfiles(EnumPure(g)) == expected);
  }
}

TEST_CASE("IteratedDominance on the fixtures", "[solvers]") {
  const SolveResult pd = IteratedDominance(BuildClassicGame("prisoners_dilemma"));
  CHECK(pd.method == "dominance");
  CHECK(pd.equilibria.empty());
  CHECK(pd.surviving == std::vector<std::vector<int>>{{1}, {1}});
  CHECK(pd.note.find("dominance solvable") != std::string::npos);

  for (bool mixed : {false, true}) {
    const SolveResult mp = IteratedDominance(BuildClassicGame("matching_pennies"), mixed);
    CHECK(mp.surviving == std::vector<std::vector<int>>{{0, 1}, {0, 1}});
    CHECK(mp.note.find("0 round") != std::string::npos);
    // Shapley's and RPS's unique equilibria are fully mixed: nothing is
    // dominated, even by mixtures.
    const SolveResult rps = IteratedDominance(BuildClassicGame("rock_paper_scissors"), mixed);
    CHECK(rps.surviving == std::vector<std::vector<int>>{{0, 1, 2}, {0, 1, 2}});
  }
}

TEST_CASE("IteratedDominance needs several rounds on a 3x3 game", "[solvers]") {
  // Rows T, M, B; columns L, C, R.
  //   round 1: R is dominated by C for the column player (2 > 0, 2 > 1, 1 > 0);
  //            no row is dominated, even by a mixture (B is best against R);
  //   round 2: without R, B = (1, 0) is dominated by M = (2, 1);
  //   round 3: without B, L = (1, 0) is dominated by C = (2, 2);
  //   round 4: against C alone, T (0) is dominated by M (1).
  // Survivors: (M, C), the unique equilibrium.
  const NormalForm g =
      Bimatrix("four rounds", {{3, 0, 0}, {2, 1, 1}, {1, 0, 4}}, {{1, 2, 0}, {0, 2, 1}, {3, 1, 0}});
  for (bool mixed : {false, true}) {
    INFO("mixed " << mixed);
    const SolveResult result = IteratedDominance(g, mixed);
    CHECK(result.surviving == std::vector<std::vector<int>>{{1}, {1}});
    CHECK(result.note.find("after 4 round") != std::string::npos);
  }
  REQUIRE(PureProfiles(EnumPure(g)) == std::vector<std::vector<int>>{{1, 1}});
}

TEST_CASE("IteratedDominance by mixed strategies", "[solvers]") {
  // Row B = (1, 1, 1) is beaten by no pure row (T has 0 against C, M has 0
  // against L) but by 1/2 T + 1/2 M = (1.5, 1.5, 2). The column player wants
  // to match the row; once B is gone, R = (0, 0) is beaten by no pure column
  // (L and C each tie it once) but by 1/2 L + 1/2 C = (0.5, 0.5).
  const NormalForm g = Bimatrix("mixed dominance", {{3, 0, 2}, {0, 3, 2}, {1, 1, 1}},
                                {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  const SolveResult pure = IteratedDominance(g, false);
  CHECK(pure.surviving == std::vector<std::vector<int>>{{0, 1, 2}, {0, 1, 2}});
  const SolveResult mixed = IteratedDominance(g, true);
  CHECK(mixed.parameters["mixed"] == true);
  CHECK(mixed.surviving == std::vector<std::vector<int>>{{0, 1}, {0, 1}});
  CHECK(mixed.note.find("after 2 round") != std::string::npos);
  CHECK(mixed.note.find("0.5 r1 + 0.5 r2") != std::string::npos);

  // Weak dominance is not strict: with B = (1.5, 1.5, 2) the mixture only
  // ties it, so nothing goes.
  const NormalForm tie =
      Bimatrix("tie", {{3, 0, 2}, {0, 3, 2}, {1.5, 1.5, 2}}, {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  CHECK(IteratedDominance(tie, true).surviving ==
        std::vector<std::vector<int>>{{0, 1, 2}, {0, 1, 2}});
}

TEST_CASE("IteratedDominance on a three-player game", "[solvers]") {
  // Three-player prisoner's dilemma: each player gets 2 per other cooperator
  // and 1 for defecting itself; defecting (1) is strictly dominant.
  NormalForm g("3pd", {"A", "B", "C"}, {{"C", "D"}, {"C", "D"}, {"C", "D"}});
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    const std::vector<int> a = g.ProfileAt(index);
    for (int p = 0; p < 3; ++p) {
      double u = a[p];
      for (int q = 0; q < 3; ++q) u += (q != p && a[q] == 0) ? 2.0 : 0.0;
      g.SetPayoff(index, p, u);
    }
  }
  CHECK(IteratedDominance(g).surviving == std::vector<std::vector<int>>{{1}, {1}, {1}});
  CHECK(IteratedDominance(Volunteer()).surviving ==
        std::vector<std::vector<int>>{{0, 1}, {0, 1}, {0, 1}});
}

TEST_CASE("Replicator dynamics", "[solvers]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const SolveResult result = Replicator(pd, Rep(500));
  CHECK(result.method == "replicator");
  CHECK_FALSE(result.complete);
  CHECK(result.parameters["steps"] == 500);
  const Equilibrium& eq = result.equilibria.at(0);
  CHECK(eq.profile[0][1] > 1 - 1e-9);
  CHECK(eq.profile[1][1] > 1 - 1e-9);
  CHECK(eq.max_regret < 1e-8);

  // Euler form from a start favouring cooperation still ends in (D, D).
  ReplicatorOptions euler = Rep(3000, {{0.99, 0.01}, {0.99, 0.01}});
  euler.discrete = false;
  euler.dt = 0.05;
  const Equilibrium e2 = Replicator(pd, euler).equilibria.at(0);
  CHECK(e2.profile[0][1] > 0.999);
  CHECK(e2.profile[1][1] > 0.999);

  // In the stag hunt the basin decides: above the mixed point 3/4 on stag
  // the populations go to (stag, stag), below it to (hare, hare).
  const NormalForm sh = BuildClassicGame("stag_hunt");
  CHECK(Replicator(sh, Rep(500, {{0.8, 0.2}, {0.8, 0.2}})).equilibria[0].profile[0][0] > 0.999);
  CHECK(Replicator(sh, Rep(500, {{0.7, 0.3}, {0.7, 0.3}})).equilibria[0].profile[0][1] > 0.999);
  CHECK_THROWS_AS(Replicator(sh, Rep(10, {{1.0, 0.0}})), std::invalid_argument);

  // Matching pennies off the equilibrium: the discrete replicator spirals out
  // to the boundary, while the time average stays near (1/2, 1/2).
  const Equilibrium mp =
      Replicator(BuildClassicGame("matching_pennies"), Rep(2000, {{0.6, 0.4}, {0.5, 0.5}}))
          .equilibria.at(0);
  CHECK(mp.max_regret > 1.0);
  CHECK(mp.detail["time_average_regret"].get<double>() < 0.05);
}

TEST_CASE("Fictitious play converges in matching pennies and the inspection game", "[solvers]") {
  const SolveResult mp = FictitiousPlay(BuildClassicGame("matching_pennies"), Fp(20000, 1000));
  CHECK(mp.method == "fictitious play");
  const Equilibrium& eq = mp.equilibria.at(0);
  for (int p = 0; p < 2; ++p) CHECK(eq.profile[p][0] == Approx(0.5).margin(0.01));
  CHECK(eq.max_regret < 0.02);
  const auto& trace = eq.detail["regret_trace"];
  REQUIRE(trace.size() == 20);
  CHECK(trace[19]["max_regret"].get<double>() < trace[0]["max_regret"].get<double>());

  for (double P : {4.0, 8.0}) {
    INFO("P = " << P);
    const NormalForm g = BuildClassicGame("inspection", {{"P", P}});
    const Equilibrium e = FictitiousPlay(g, Fp(20000)).equilibria.at(0);
    CHECK(e.profile[0][1] == Approx(3 / (3 + P)).margin(0.01));
    CHECK(e.profile[1][1] == Approx(0.4).margin(0.01));
  }
}

TEST_CASE("Fictitious play cycles in Shapley's game", "[solvers]") {
  // Shapley (1964): the frequencies circle the equilibrium (1/3, 1/3, 1/3)
  // along ever longer cycles and never approach it, so their regret stays
  // bounded away from 0. Matching pennies, run alike, shows the contrast.
  const FictitiousPlayOptions options = Fp(20000, 100);
  const Equilibrium shapley = FictitiousPlay(BuildClassicGame("shapley"), options).equilibria.at(0);
  const Equilibrium pennies =
      FictitiousPlay(BuildClassicGame("matching_pennies"), options).equilibria.at(0);
  double shapley_min = 1e9, pennies_max = 0;
  const auto& st = shapley.detail["regret_trace"];
  const auto& pt = pennies.detail["regret_trace"];
  REQUIRE(st.size() == 200);
  for (size_t i = 100; i < 200; ++i) {  // the last half of the run
    shapley_min = std::min(shapley_min, st[i]["max_regret"].get<double>());
    pennies_max = std::max(pennies_max, pt[i]["max_regret"].get<double>());
  }
  CHECK(shapley_min > 0.1);
  CHECK(pennies_max < 0.05);
}

TEST_CASE("Regret matching approaches the coarse correlated equilibria", "[solvers]") {
  const NormalForm mp = BuildClassicGame("matching_pennies");
  const SolveResult result = RegretMatching(mp, Rm(100000, 7, 10000));
  CHECK(result.method == "regret matching");
  CHECK(result.parameters["seed"] == 7);
  const Equilibrium& eq = result.equilibria.at(0);
  REQUIRE(eq.joint.size() == 4);
  double total = 0;
  for (double z : eq.joint) total += z;
  CHECK(total == Approx(1.0));
  for (int p = 0; p < 2; ++p) CHECK(eq.profile[p][0] == Approx(0.5).margin(0.02));
  const double cce = eq.detail["cce_regret"].get<double>();
  CHECK(cce == Approx(CoarseCorrelatedRegret(mp, eq.joint)).margin(1e-12));
  CHECK(cce < 0.01);
  // The trace is the same quantity computed on the fly.
  CHECK(eq.detail["cce_regret_trace"][9]["cce_regret"].get<double>() == Approx(cce).margin(1e-12));
  // Deterministic per seed.
  CHECK(RegretMatching(mp, Rm(1000, 3)).equilibria[0].joint ==
        RegretMatching(mp, Rm(1000, 3)).equilibria[0].joint);

  // Three players: in the volunteer's dilemma the joint play also has small
  // CCE regret.
  const Equilibrium v = RegretMatching(Volunteer(), Rm(50000, 11)).equilibria.at(0);
  CHECK(v.detail["cce_regret"].get<double>() < 0.02);

  // Shapley's game: the joint play reaches the coarse correlated equilibria
  // but not the (smaller) correlated-equilibrium set, and its marginals are
  // far from the Nash equilibrium: unconditional regret matching guarantees
  // the Hannan set only.
  const Equilibrium s = RegretMatching(BuildClassicGame("shapley"), Rm(20000, 5)).equilibria.at(0);
  CHECK(s.detail["cce_regret"].get<double>() < 0.01);
  CHECK(s.detail["ce_regret"].get<double>() > 0.05);
  CHECK(s.max_regret > 0.05);
}

TEST_CASE("CorrelatedRegret and CoarseCorrelatedRegret", "[solvers]") {
  // Chicken with (6,6), (2,7), (7,2), (0,0); order (C,C), (D,C), (C,D), (D,D).
  const NormalForm g = Bimatrix("chicken", {{6, 2}, {7, 0}}, {{6, 7}, {2, 0}});
  // All on (C, C): told C, D gains 7 - 6 = 1.
  CHECK(CorrelatedRegret(g, {1, 0, 0, 0}) == Approx(1.0));
  CHECK(CoarseCorrelatedRegret(g, {1, 0, 0, 0}) == Approx(1.0));
  // Aumann's 1/3 on each of (C,C), (C,D), (D,C) is a CE.
  CHECK(CorrelatedRegret(g, {1.0 / 3, 1.0 / 3, 1.0 / 3, 0}) < 1e-12);
  CHECK_THROWS_AS(CorrelatedRegret(g, {1, 0}), std::invalid_argument);
}

TEST_CASE("CorrelatedEquilibrium: maximum welfare by LP", "[solvers]") {
  // Chicken: z = (a, c, b, d) on (C,C), (D,C), (C,D), (D,D). The incentive
  // constraints are 2b >= a and c >= 2d for the row player, 2c >= a and
  // b >= 2d for the column player; welfare 12a + 9b + 9c is largest with
  // d = 0, b = c = a / 2, so a = 1/2, b = c = 1/4, welfare 10.5, above
  // Aumann's (1974) 1/3-1/3-1/3 device (10) and every Nash equilibrium (9,
  // 9 and 14/3 for the mixed one).
  const NormalForm g = Bimatrix("chicken", {{6, 2}, {7, 0}}, {{6, 7}, {2, 0}});
  const SolveResult result = CorrelatedEquilibrium(g);
  CHECK(result.method == "correlated");
  CHECK_FALSE(result.complete);
  const Equilibrium& eq = result.equilibria.at(0);
  CHECK(eq.detail["welfare"].get<double>() == Approx(10.5).margin(1e-9));
  CHECK(eq.joint[0] == Approx(0.5).margin(1e-9));
  CHECK(eq.joint[1] == Approx(0.25).margin(1e-9));
  CHECK(eq.joint[2] == Approx(0.25).margin(1e-9));
  CHECK(eq.joint[3] == Approx(0.0).margin(1e-9));
  CHECK(eq.profile[0][0] == Approx(0.75).margin(1e-9));
  CHECK(eq.payoffs[0] == Approx(5.25).margin(1e-9));
  CHECK(eq.max_regret <= PayoffTolerance(g));
  CHECK(eq.max_regret == Approx(CorrelatedRegret(g, eq.joint)).margin(1e-15));

  // In the prisoner's dilemma D is strictly dominant, so the only CE is
  // (D, D) with certainty, though (C, C) has more welfare.
  const Equilibrium pd =
      CorrelatedEquilibrium(BuildClassicGame("prisoners_dilemma")).equilibria.at(0);
  CHECK(pd.joint[3] == Approx(1.0).margin(1e-9));
  CHECK(pd.detail["welfare"].get<double>() == Approx(2.0).margin(1e-9));

  // Every fixture: the LP result is a CE whose welfare is at least that of
  // each known Nash equilibrium (every NE is a CE).
  for (const auto& fixture : Fixtures()) {
    INFO(fixture.name);
    const Equilibrium ce = CorrelatedEquilibrium(fixture.game).equilibria.at(0);
    const double tol = PayoffTolerance(fixture.game, 1e-7);
    CHECK(ce.max_regret <= tol);
    for (const auto& known : fixture.extreme) {
      double welfare = 0;
      for (double v : ExpectedPayoffs(fixture.game, known.profile)) welfare += v;
      CHECK(ce.detail["welfare"].get<double>() >= welfare - tol);
    }
  }

  // Three players: the volunteer's dilemma's best CE puts all weight on the
  // one-volunteer profiles: welfare is 5 there, 4 with two volunteers, 3
  // with three and 0 with none, and those pure profiles are equilibria.
  const Equilibrium v = CorrelatedEquilibrium(Volunteer()).equilibria.at(0);
  CHECK(v.detail["welfare"].get<double>() == Approx(5.0).margin(1e-9));
  CHECK(v.max_regret <= 1e-9);
}

}  // namespace
}  // namespace geostrat
