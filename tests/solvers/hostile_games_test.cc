// The solvers and `geostrat solve` on games built to break them: payoffs near
// the ends of the double range, games past each method's stated limit, and
// the exact inputs a tester found crashing, hanging or printing NaN. Every
// method either stops up front with its limit or returns finite profiles in
// the simplex, and nothing with a large regret is called an equilibrium.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "engine/core/rng.h"
#include "games/classic_games.h"
#include "games/normal_form.h"
#include "games/solvers/correlated.h"
#include "games/solvers/dominance.h"
#include "games/solvers/dynamics.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/enumpure.h"
#include "games/solvers/enumsupport.h"
#include "games/solvers/exact.h"
#include "games/solvers/glpk_guard.h"
#include "games/solvers/gnm.h"
#include "games/solvers/lcp.h"
#include "games/solvers/liap.h"
#include "games/solvers/logit.h"
#include "games/solvers/selection.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using testing::RunGeostrat;
using testing::TempDir;
using testing::WriteFile;

// A game read from .nfg text, the way untrusted input arrives.
NormalForm Nfg(const std::string& text) { return ParseNfg(text, "test.nfg"); }

// The prisoner's dilemma with every payoff written as "<digit><suffix>",
// e.g. suffix "e-200": the same game in other units.
NormalForm ScaledDilemma(const std::string& suffix) {
  std::string text = "NFG 1 R \"pd\" { \"1\" \"2\" } { 2 2 }\n";
  for (const char* v : {"3", "3", "5", "0", "0", "5", "1", "1"}) text += std::string(v) + suffix + " ";
  return Nfg(text);
}

// Matching pennies with payoffs of +-1e300: every difference of two payoffs
// is 2e300, and a sum of squares would overflow.
NormalForm HugePennies() {
  return Nfg("NFG 1 R \"mp\" { \"1\" \"2\" } { 2 2 }\n"
             "1e300 -1e300 -1e300 1e300 -1e300 1e300 1e300 -1e300\n");
}

NormalForm AllZero(int m, int n) {
  std::vector<std::string> rows(m), cols(n);
  for (int i = 0; i < m; ++i) rows[i] = "r" + std::to_string(i);
  for (int j = 0; j < n; ++j) cols[j] = "c" + std::to_string(j);
  return NormalForm("zero", {"1", "2"}, {rows, cols});
}

NormalForm Random(const std::vector<int>& shape, uint64_t seed, int values = 100) {
  std::vector<std::string> players;
  std::vector<std::vector<std::string>> names;
  for (size_t p = 0; p < shape.size(); ++p) {
    players.push_back(std::to_string(p + 1));
    names.emplace_back();
    for (int s = 0; s < shape[p]; ++s) names.back().push_back(std::to_string(s + 1));
  }
  NormalForm g("random", players, names);
  Rng rng(seed, 0, 0, 0);
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    for (int p = 0; p < g.num_players(); ++p) g.SetPayoff(index, p, rng.Below(values));
  }
  return g;
}

// Every point finite and in the simplex with finite payoffs and regret; the
// methods that claim equilibria have small regret relative to the payoffs.
void CheckSound(const NormalForm& game, const SolveResult& r, bool claims) {
  for (const Equilibrium& eq : r.equilibria) {
    REQUIRE(IsMixedProfile(game, eq.profile));
    REQUIRE(std::isfinite(eq.max_regret));
    for (double u : eq.payoffs) REQUIRE(std::isfinite(u));
    if (claims) CHECK(RelativeRegret(game, eq.profile) <= kNashRelativeTolerance);
  }
}

std::string NotApplicableOf(const std::function<void()>& run) {
  try {
    run();
  } catch (const NotApplicable& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("correlated: payoffs scaled by 1e-200 or 1e200 do not abort GLPK", "[solvers][hostile]") {
  // GLPK aborted the process (glp_set_sjj: invalid scale factor) on these.
  const SolveResult unit = CorrelatedEquilibrium(ScaledDilemma(""));
  for (const std::string suffix : {"e-200", "e200", "e-290", "e290"}) {
    INFO(suffix);
    const NormalForm game = ScaledDilemma(suffix);
    const SolveResult r = CorrelatedEquilibrium(game);
    REQUIRE(r.equilibria.size() == 1);
    CheckSound(game, r, false);
    // The same LP after normalisation: the same distribution, (defect, defect).
    for (size_t a = 0; a < game.num_profiles(); ++a) {
      CHECK(r.equilibria[0].joint[a] == Approx(unit.equilibria[0].joint[a]).margin(1e-9));
    }
    CHECK(r.equilibria[0].joint[3] == Approx(1.0));
  }
  const NormalForm tiny_chicken = Nfg("NFG 1 R \"c\" { \"1\" \"2\" } { 2 2 }\n"
                                      "6e-200 6e-200 7e-200 2e-200 2e-200 7e-200 0 0\n");
  const SolveResult chicken = CorrelatedEquilibrium(tiny_chicken);
  CHECK(CorrelatedRegret(NormalisedPayoffs(tiny_chicken), chicken.equilibria[0].joint) <= 1e-6);
  // The welfare-maximising CE of chicken puts weight on (C, C).
  CHECK(chicken.equilibria[0].joint[0] > 0.3);
}

TEST_CASE("A GLPK internal error comes back as a status and not an abort", "[solvers][hostile]") {
  // The correlated-equilibrium LP as it was built before normalisation, for
  // the dilemma in units of 1e-200: GLPK's scaling aborted the process
  // (glp_set_sjj: invalid scale factor, exit 134).
  const NormalForm game = ScaledDilemma("e-200");
  GlpkProb lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MAX);
  glp_add_cols(lp.get(), 4);
  for (int a = 0; a < 4; ++a) {
    glp_set_col_bnds(lp.get(), a + 1, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp.get(), a + 1, game.Payoff(a, 0) + game.Payoff(a, 1));
  }
  std::vector<int> ia(1), ja(1);
  std::vector<double> ar(1);
  const size_t stride[2] = {1, 2};
  for (int p = 0; p < 2; ++p) {
    for (int s = 0; s < 2; ++s) {
      const int row = glp_add_rows(lp.get(), 1);
      glp_set_row_bnds(lp.get(), row, GLP_LO, 0.0, 0.0);
      for (size_t a = 0; a < 4; ++a) {
        if (static_cast<int>((a / stride[p]) % 2) != s) continue;
        const size_t deviation = a + (static_cast<size_t>(1 - s) - s) * stride[p];
        const double coef = game.Payoff(a, p) - game.Payoff(deviation, p);
        if (coef == 0.0) continue;
        ia.push_back(row);
        ja.push_back(static_cast<int>(a) + 1);
        ar.push_back(coef);
      }
    }
  }
  const int total = glp_add_rows(lp.get(), 1);
  glp_set_row_bnds(lp.get(), total, GLP_FX, 1.0, 1.0);
  for (int a = 0; a < 4; ++a) {
    ia.push_back(total);
    ja.push_back(a + 1);
    ar.push_back(1.0);
  }
  glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  int code = 0;
  CHECK_FALSE(GuardedSimplex(lp, parm, code));
  CHECK(lp == nullptr);  // freed with GLPK's environment, never deleted twice
  // GLPK starts a fresh environment afterwards.
  const SolveResult after = CorrelatedEquilibrium(ScaledDilemma(""));
  REQUIRE(after.equilibria.size() == 1);
  CHECK(after.equilibria[0].joint[3] == Approx(1.0));
}

TEST_CASE("Methods in doubles give finite points on payoffs of 1e300 and 1e-200",
          "[solvers][hostile]") {
  for (const NormalForm& game : {HugePennies(), ScaledDilemma("e-200"), ScaledDilemma("e200")}) {
    INFO(game.title() << " " << game.Payoff(0, 0));
    CheckSound(game, Replicator(game), false);
    CheckSound(game, FictitiousPlay(game), false);
    CheckSound(game, RegretMatching(game), false);
    CheckSound(game, Logit(game), false);
    CheckSound(game, Liap(game, {.starts = 10}), true);
    CheckSound(game, GlobalNewton(game), true);
    CheckSound(game, EnumMixed(game), true);
    CheckSound(game, LemkeHowson(game), true);
  }
  // Replicator printed "NE,-nan,..." on +-1e308 (now refused by the reader);
  // on +-1e300 it stays at the uniform equilibrium.
  const SolveResult rep = Replicator(HugePennies());
  CHECK(MaxDifference(rep.equilibria[0].profile, {{0.5, 0.5}, {0.5, 0.5}}) < 1e-9);
  CHECK(rep.equilibria[0].max_regret == 0.0);
}

TEST_CASE("No 'equilibrium' of a tiny-payoff game has a large relative regret", "[solvers][hostile]") {
  // With a tolerance of 1e-9 in absolute terms every profile of a game whose
  // payoffs are about 1e-200 passed as an equilibrium: only (D, D) is one.
  const NormalForm game = ScaledDilemma("e-200");
  CHECK(PayoffTolerance(game) == Approx(5e-209));
  for (const SolveResult& r : {Liap(game, {.starts = 20}), GlobalNewton(game)}) {
    INFO(r.method);
    REQUIRE(r.equilibria.size() == 1);
    CHECK(MaxDifference(r.equilibria[0].profile, {{0, 1}, {0, 1}}) < 1e-9);
  }
  CHECK(Logit(game).equilibria.back().profile[0][1] == Approx(1.0));
  CHECK(FictitiousPlay(game).equilibria[0].profile[0][1] == Approx(1.0));
}

TEST_CASE("enumpure is O(profiles x players) and lists a bounded number", "[solvers][hostile]") {
  // The all-zero 150 x 150 game took 27 s: every profile is an equilibrium.
  const NormalForm zero = AllZero(150, 150);
  const SolveResult r = EnumPure(zero);
  CHECK(r.equilibria.size() == kMaxListedProbabilities / 300);
  CHECK_FALSE(r.complete);
  CHECK(r.warning == "the game has 22500 pure equilibria; the first 3333 are listed (at most "
                     "1000000 probabilities in all)");
  CHECK(r.equilibria.back().max_regret == 0.0);
  // The best-response tables agree with checking every deviation.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const NormalForm g = Random({3, 4, 2}, seed, 3);  // many ties
    const SolveResult fast = EnumPure(g);
    std::vector<size_t> brute;
    for (size_t index = 0; index < g.num_profiles(); ++index) {
      const std::vector<int> pure = g.ProfileAt(index);
      bool nash = true;
      for (int p = 0; p < 3; ++p) {
        for (int s = 0; s < g.num_strategies(p); ++s) {
          std::vector<int> d = pure;
          d[p] = s;
          nash = nash && !(g.Payoff(d, p) > g.Payoff(index, p));
        }
      }
      if (nash) brute.push_back(index);
    }
    REQUIRE(fast.equilibria.size() == brute.size());
    for (size_t i = 0; i < brute.size(); ++i) {
      const std::vector<int> pure = g.ProfileAt(brute[i]);
      for (int p = 0; p < 3; ++p) CHECK(fast.equilibria[i].profile[p][pure[p]] == 1.0);
    }
  }
}

TEST_CASE("enumsupport's limit is on support pairs and true", "[solvers][hostile]") {
  // A 12 x 12 game ran past 60 s under the old limit of 24 strategies.
  CHECK(NotApplicableOf([] { EnumSupport(Random({12, 12}, 1)); }) ==
        "enumsupport tries every pair of equal-size supports, C(m + n, m) - 1 = more than 100000 "
        "of them for this 12x12 game; its limit is 100000 (a 9x9 game has 48619), so that it ends "
        "within seconds; use enummixed or lcp");
  CHECK_THAT(NotApplicableOf([] { EnumSupport(AllZero(1, 1000000)); }), Catch::Contains("1x1000000"));
  // Wide games within the limit: supports are no longer 32-bit masks (a
  // 2 x 300 game shifted past them and crashed).
  const NormalForm wide = Random({2, 60}, 3);
  const SolveResult r = EnumSupport(wide);
  CheckSound(wide, r, true);
  CHECK_FALSE(r.equilibria.empty());
}

TEST_CASE("enummixed stops at its limit and up front for huge polytopes", "[solvers][hostile]") {
  CHECK(NotApplicableOf([] { EnumMixed(AllZero(2, 500000)); }) ==
        "enummixed: the tableau of a best-response polytope of this game would hold 250001500000 "
        "integers; the limit is 4e+07 in all; use lcp or enumpure");
  CHECK_THAT(NotApplicableOf([] { EnumMixed(Random({2, 1000}, 5)); }),
             Catch::Contains("use lcp or enumpure"));
  // Degenerate but small: fine, and every extreme equilibrium listed.
  const SolveResult zero = EnumMixed(AllZero(6, 6));
  CHECK(zero.equilibria.size() == 36);
  CheckSound(AllZero(6, 6), zero, true);
}

TEST_CASE("The vertex and pivoting methods refuse too large a common denominator",
          "[solvers][hostile]") {
  // 1/(p q) for distinct primes p, q above a million: each player's common
  // denominator has thousands of bits (40 for each payoff).
  auto primes_game = [](int m) {
    std::string text = "NFG 1 R \"d\" { \"1\" \"2\" } { " + std::to_string(m) + " " +
                       std::to_string(m) + " }\n";
    long long p = 1000000;
    auto next_prime = [&p]() {
      for (bool prime = false; !prime;) {
        ++p;
        prime = true;
        for (long long d = 2; d * d <= p; ++d) prime = prime && p % d != 0;
      }
      return p;
    };
    for (int k = 0; k < 2 * m * m; ++k) {
      const long long a = next_prime(), b = next_prime();
      text += "1/" + std::to_string(a * b) + " ";
    }
    return Nfg(text);
  };
  const NormalForm game = primes_game(9);  // 81 payoffs a player: over 3000 bits
  for (const auto& run : std::vector<std::function<void()>>{[&] { EnumMixed(game); },
                                                           [&] { LemkeHowson(game); }}) {
    CHECK_THAT(NotApplicableOf(run), Catch::Contains("more than 2048 bits"));
  }
  // Support enumeration solves small systems of the fractions themselves,
  // and the methods in doubles never see the fractions.
  CheckSound(game, EnumSupport(game), true);
  CheckSound(game, Logit(game), false);
}

TEST_CASE("lcp refuses tableaus too large to build and reports its skipped paths",
          "[solvers][hostile]") {
  CHECK_THAT(NotApplicableOf([] { LemkeHowson(AllZero(1, 1000000)); }),
             Catch::Contains("lcp: the tableaus of this 1x1000000 game would hold"));
  const SolveResult ok = LemkeHowson(Random({20, 20}, 9));
  CHECK(ok.warning.empty());
  CheckSound(Random({20, 20}, 9), ok, true);
}

TEST_CASE("Iterative methods state their limits up front", "[solvers][hostile]") {
  const NormalForm wide = AllZero(150, 150);
  CHECK_THAT(NotApplicableOf([&] { Liap(wide); }),
             Catch::Contains("liap: this game has 22500 profiles and 300 strategies in all; the "
                             "limits are 200 strategies in all"));
  CHECK_THAT(NotApplicableOf([&] { GlobalNewton(wide); }),
             Catch::Contains("gnm: this game has 22500 profiles and 300 strategies in all"));
  CHECK_THAT(NotApplicableOf([&] { Logit(wide); }),
             Catch::Contains("logit: this game has 22500 profiles and 300 strategies in all"));
  ReplicatorOptions long_run;
  long_run.steps = 100000;
  CHECK_THAT(NotApplicableOf([&] { Replicator(wide, long_run); }),
             Catch::Contains("this game allows at most 11110 iterations"));
  CHECK_THAT(NotApplicableOf([&] { CheckDynamicsLimits(wide, "regret matching", 200000000); }),
             Catch::Contains("200000000 iterations is more than 100000000"));
  CHECK_THAT(NotApplicableOf([] { CorrelatedEquilibrium(AllZero(40, 40)); }),
             Catch::Contains("correlated: the LP of this game has 1600 variables"));
  CHECK_THAT(NotApplicableOf([] { IteratedDominance(AllZero(300, 300)); }),
             Catch::Contains("dominance: this game (90000 profiles) may take up to 599"));
  CHECK_THAT(NotApplicableOf([] { IteratedDominance(AllZero(100, 100), true); }),
             Catch::Contains("dominance --mixed"));
  // 64 two-strategy players cannot even be built; 20 one-strategy players are
  // a trivial game for every n-player method.
  NormalForm solo("solo", std::vector<std::string>(20, "p"),
                  std::vector<std::vector<std::string>>(20, {"s"}));
  CHECK(GlobalNewton(solo).equilibria.empty() == false);
  CHECK(Liap(solo, {.starts = 2}).equilibria.size() == 1);
}

TEST_CASE("Mixed dominance works in any payoff units", "[solvers][hostile]") {
  // r3 is dominated by the half-half mix of r1 and r2, in every unit.
  for (const std::string suffix : {"", "e-200", "e200"}) {
    INFO(suffix);
    std::string text = "NFG 1 R \"d\" { \"1\" \"2\" } { 3 2 }\n";
    for (const char* v : {"3", "0", "0", "0", "1", "0", "0", "0", "3", "0", "1", "0"}) {
      text += std::string(v) + suffix + " ";
    }
    const SolveResult r = IteratedDominance(Nfg(text), true);
    CHECK(r.surviving[0] == std::vector<int>{0, 1});
  }
}

TEST_CASE("Logit's QRE do not depend on payoff units", "[solvers][hostile]") {
  // QRE(lambda, c u) = QRE(lambda c, u): the dilemma in thousandths at
  // lambda 1000 is the dilemma at lambda 1.
  const SolveResult small = Logit(ScaledDilemma("e-3"), {.report_lambdas = {1000}});
  const SolveResult unit = Logit(ScaledDilemma(""), {.report_lambdas = {1}});
  CHECK(MaxDifference(small.equilibria[0].profile, unit.equilibria[0].profile) < 1e-9);
  CHECK(small.equilibria[0].detail["lambda"].get<double>() == Approx(1000));
  // A requested lambda beyond the traced branch is named, not dropped.
  const SolveResult huge = Logit(HugePennies(), {.report_lambdas = {1}});
  CHECK_THAT(huge.warning, Catch::Contains("no QRE point reported for lambda 1"));
  CHECK(huge.equilibria.back().detail.value("limit", false));
}

TEST_CASE("Selection rules check that they apply", "[solvers][hostile]") {
  const NormalForm one = Nfg("NFG 1 R \"one\" { \"solo\" } { 3 }\n1 2 3\n");
  CHECK(NotApplicableOf([&] { CheckSelectionRule(one, "risk_dominance"); }) ==
        "risk_dominance needs a two-player game; this one has 1 player");
  CHECK(NotApplicableOf([&] { SelectEquilibrium(one, EnumPure(one).equilibria, "risk_dominance"); }) ==
        "risk_dominance needs a two-player game; this one has 1 player");
  CHECK_THAT(NotApplicableOf([] { CheckSelectionRule(AllZero(150, 150), "logit_limit"); }),
             Catch::Contains("logit: this game has 22500 profiles"));
  // Risk dominance in tiny units picks what it picks in unit payoffs.
  const NormalForm stag = BuildClassicGame("stag_hunt");
  const NormalForm tiny = ScaledPayoffs(stag, 1e-200);
  CHECK(SelectEquilibrium(tiny, EnumMixed(tiny).equilibria, "risk_dominance") ==
        SelectEquilibrium(stag, EnumMixed(stag).equilibria, "risk_dominance"));
  CHECK(SelectEquilibrium(stag, EnumMixed(stag).equilibria, "risk_dominance") >= 0);
}

// --- The tester's inputs through the real binary ---

const char* kFivePlayers =
    "NFG 1 R \"g\" { \"1\" \"2\" \"3\" \"4\" \"5\" } { 4 5581 8681 49477 384773 }\n1 2 3\n";

TEST_CASE("geostrat solve refuses oversized and non-finite games with exit 2", "[analysis][hostile]") {
  const std::string dir = TempDir("hostile-solve");
  const std::string five = WriteFile(dir, "five.nfg", kFivePlayers);
  const std::string expected = "geostrat: configuration error: " + five +
                               ":1:46: expected a game of at most 2000000 payoffs (profiles x "
                               "players), found 5 players with strategy counts 4 x 5581 x 8681 x ...\n";
  for (const std::string method : {"enumpure", "liap", "gnm", "enummixed", "replicator"}) {
    const auto r = RunGeostrat("solve " + five + " --method " + method);
    CHECK(r.status == 2);
    CHECK(r.out == expected);
  }
  const std::string inf = WriteFile(dir, "inf.nfg", "NFG 1 R \"g\" { \"1\" \"2\" } { 2 2 }\n"
                                                    "1e308/1e-308 0 0 0 0 0 0 0\n");
  const auto r = RunGeostrat("solve " + inf + " --method replicator");
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("to be 0 or of magnitude 1e-300 to 1e300, found '1e308/1e-308'"));
  // A tournament naming the file gives the same message inside its own.
  const std::string config = WriteFile(dir, "t.json", R"({"name": "x", "seed": 1, "game": {"nfg": "five.nfg"},
      "strategies": [{"name": "fixed"}, {"name": "fixed"}]})");
  const auto t = RunGeostrat("tournament " + config + " --out " + dir + "/out");
  CHECK(t.status == 2);
  CHECK(t.out == "geostrat: configuration error: " + config +
                     ": at /game/nfg: expected a valid two-player .nfg file, found " + five +
                     ":1:46: expected a game of at most 2000000 payoffs (profiles x players), found "
                     "5 players with strategy counts 4 x 5581 x 8681 x ...\n");
}

TEST_CASE("geostrat solve checks its numbers and the rule before solving", "[analysis][hostile]") {
  const std::string dir = TempDir("hostile-flags");
  const std::string pd = WriteFile(dir, "pd.nfg", "NFG 1 R \"pd\" { \"1\" \"2\" } { 2 2 }\n3 3 5 0 0 5 1 1\n");
  // 4294967297 was cut to 1 step and a non-equilibrium printed as NE.
  for (const std::string n : {"4294967297", "3000000000", "0", "-1", "1e3", "12x"}) {
    const auto r = RunGeostrat("solve " + pd + " --method replicator --iterations " + n);
    CHECK(r.status == 64);
    CHECK(r.out == "geostrat: solve: --iterations takes a whole number in [1, 100000000], found '" +
                       n + "'\n");
  }
  // One step: printed, but not as an equilibrium.
  const auto one = RunGeostrat("solve " + pd + " --method replicator --iterations 1");
  CHECK(one.status == 0);
  CHECK_THAT(one.out, Catch::StartsWith("END,"));
  const auto converged = RunGeostrat("solve " + pd + " --method replicator");
  CHECK(converged.out == "NE,0.000000,1.000000,0.000000,1.000000\n");
  const auto label = RunGeostrat("solve " + pd + " --method lcp --start-label 99");
  CHECK(label.status == 64);
  CHECK(label.out == "geostrat: solve: --start-label 99 is not a label of this 2x2 game: its labels "
                     "are 0 to 3 (row strategies first), or -1 for all\n");
  const auto unused = RunGeostrat("solve " + pd + " --method enumpure --iterations 5");
  CHECK(unused.status == 64);
  CHECK(unused.out == "geostrat: solve: --iterations applies to replicator, fictitious_play, "
                      "regret_matching, not to --method enumpure\n");
  const std::string one_player = WriteFile(dir, "one.nfg", "NFG 1 R \"one\" { \"solo\" } { 3 }\n1 2 3\n");
  const auto risk = RunGeostrat("solve " + one_player + " --method enumpure --select risk_dominance");
  CHECK(risk.status == 2);
  CHECK(risk.out == "geostrat: --select risk_dominance does not apply: risk_dominance needs a "
                    "two-player game; this one has 1 player\n");
}

TEST_CASE("geostrat solve prints no NaN on extreme payoffs", "[analysis][hostile]") {
  const std::string dir = TempDir("hostile-nan");
  const std::string huge = WriteFile(dir, "huge.nfg", "NFG 1 R \"mp\" { \"1\" \"2\" } { 2 2 }\n"
                                                      "1e300 -1e300 -1e300 1e300 -1e300 1e300 1e300 -1e300\n");
  const std::string tiny = WriteFile(dir, "tiny.nfg", "NFG 1 R \"pd\" { \"1\" \"2\" } { 2 2 }\n"
                                                      "3e-200 3e-200 5e-200 0 0 5e-200 1e-200 1e-200\n");
  for (const std::string& game : {huge, tiny}) {
    for (const std::string method : {"replicator", "gnm", "liap", "correlated", "logit",
                                     "fictitious_play", "regret_matching", "lcp", "enummixed"}) {
      INFO(game << " " << method);
      const auto r = RunGeostrat("solve " + game + " --method " + method + " --json");
      REQUIRE(r.status == 0);
      CHECK(r.out.find("nan") == std::string::npos);
      CHECK(r.out.find("null") == std::string::npos);
    }
  }
  CHECK(RunGeostrat("solve " + huge + " --method replicator").out ==
        "NE,0.500000,0.500000,0.500000,0.500000\n");
  CHECK(RunGeostrat("solve " + tiny + " --method correlated").out ==
        "CE,0.000000,0.000000,0.000000,1.000000\n");
}

}  // namespace
}  // namespace geostrat
