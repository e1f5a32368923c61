// Round-robin tournaments: hand-computed totals, self-play exclusion, thread
// invariance, the ecological and Moran modes, and the game sources.
#include <catch2/catch.hpp>
#include <cmath>

#include <filesystem>

#include "engine/core/error.h"
#include "engine/analysis/stage.h"
#include "engine/analysis/tournament.h"
#include "games/classic_games.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

TournamentSpec Load(const std::string& json) {
  return LoadTournament(WriteFile(TempDir("tournament"), "t.json", json));
}

const char* kThree = R"({
  "name": "three", "seed": 1, "turns": 10, "repetitions": 2, "noise": 0,
  "game": {"classic": "prisoners_dilemma"},
  "strategies": [
    {"label": "Cooperator", "policy": {"name": "fixed", "action": "C"}},
    {"label": "Defector", "policy": {"name": "fixed", "action": "D"}},
    {"name": "tit_for_tat"}
  ]})";

TEST_CASE("Tournament totals match a hand computation and exclude self-play", "[tournament]") {
  const TournamentSpec spec = Load(kThree);
  const TournamentResult r = RunTournament(spec, 1, false);
  // 3 strategies: 6 unordered pairs with self-play, x 2 repetitions.
  REQUIRE(r.matches.size() == 12);
  // Per repetition: C vs D 0:50, C vs TFT 30:30, D vs TFT 14:9.
  CHECK(r.stats[0].total == 2 * (0 + 30));
  CHECK(r.stats[1].total == 2 * (50 + 14));
  CHECK(r.stats[2].total == 2 * (30 + 9));
  CHECK(r.stats[1].mean_per_turn == Approx(64.0 / 20));
  CHECK(r.stats[1].wins == 4);
  CHECK(r.stats[0].wins == 0);
  CHECK(r.stats[2].wins == 0);  // a tie with the cooperator is no win
  CHECK(r.order == std::vector<int>{1, 2, 0});
  CHECK(r.stats[1].rank_counts == std::vector<int>{2, 0, 0});
  // The payoff matrix includes self-play: C vs C pays 3 per turn.
  CHECK(r.payoff_matrix[0][0] == 3);
  CHECK(r.payoff_matrix[1][2] == Approx(1.4));
  CHECK(r.payoff_matrix[2][1] == Approx(0.9));
  CHECK(r.stats[0].cooperation == 1.0);
}

TEST_CASE("Tournament results do not depend on the thread count", "[tournament]") {
  const TournamentSpec spec = Load(R"({
    "name": "noisy", "seed": 7, "turns": 100, "repetitions": 10, "noise": 0.1,
    "game": {"classic": "prisoners_dilemma"},
    "strategies": [{"name": "tit_for_tat"}, {"name": "grim_trigger"},
                   {"label": "D", "policy": {"name": "fixed", "action": "D"}},
                   {"name": "cross_retaliation", "probability": 0.5}]})");
  const TournamentResult one = RunTournament(spec, 1, true);
  const TournamentResult two = RunTournament(spec, 2, true);
  const TournamentResult four = RunTournament(spec, 4, true);
  for (size_t k = 0; k < one.matches.size(); ++k) {
    REQUIRE(one.matches[k].actions == two.matches[k].actions);
    REQUIRE(one.matches[k].actions == four.matches[k].actions);
  }
  for (size_t i = 0; i < one.stats.size(); ++i) {
    CHECK(one.stats[i].total == two.stats[i].total);
    CHECK(one.stats[i].median_per_turn == four.stats[i].median_per_turn);
  }
}

TEST_CASE("Moran fixation: the exact formula and simulation agree", "[tournament][moran]") {
  // Neutral selection: every payoff equal, rho = 1 / N.
  CHECK(MoranFixationExact(2, 2, 2, 2, 10, 1.0) == Approx(0.1));
  // Constant fitness r for the mutant, 1 for residents: rho = (1 - 1/r) / (1 - 1/r^N).
  const double r = 1.5;
  CHECK(MoranFixationExact(1, 1, r, r, 8, 1.0) == Approx((1 - 1 / r) / (1 - std::pow(1 / r, 8))));
  const TournamentSpec spec = Load(R"({
    "name": "moran", "seed": 5, "turns": 20, "repetitions": 1,
    "game": {"classic": "prisoners_dilemma"},
    "strategies": [{"label": "C", "policy": {"name": "fixed", "action": "C"}},
                   {"label": "D", "policy": {"name": "fixed", "action": "D"}},
                   {"name": "tit_for_tat"}],
    "moran": {"population": 12, "trials": 4000}})");
  const TournamentResult res = RunTournament(spec, 2, false);
  REQUIRE(res.moran.size() == 6);
  for (const auto& m : res.moran) {
    INFO(spec.labels[m.resident] << " invaded by " << spec.labels[m.mutant]);
    const double sd = std::sqrt(m.exact * (1 - m.exact) / m.trials);
    CHECK(std::abs(m.estimate - m.exact) <= 4 * sd + 1e-12);
    CHECK(m.ci_low <= m.estimate);
    CHECK(m.estimate <= m.ci_high);
  }
}

TEST_CASE("Ecological mode: defection takes over a cooperative population", "[tournament]") {
  const TournamentSpec spec = Load(R"({
    "name": "eco", "seed": 1, "turns": 10, "repetitions": 1,
    "game": {"classic": "prisoners_dilemma"},
    "strategies": [{"label": "C", "policy": {"name": "fixed", "action": "C"}},
                   {"label": "D", "policy": {"name": "fixed", "action": "D"}}],
    "ecological": {"generations": 200}})");
  const TournamentResult r = RunTournament(spec, 1, false);
  REQUIRE(r.ecological.size() == 201);
  CHECK(r.ecological[0][0] == 0.5);
  CHECK(r.ecological.back()[1] > 0.99);
  for (const auto& x : r.ecological) CHECK(x[0] + x[1] == Approx(1.0));
}

TEST_CASE("Asymmetric games play every ordered pair", "[tournament]") {
  const TournamentSpec spec = Load(R"({
    "name": "insp", "seed": 1, "turns": 5, "repetitions": 1,
    "game": {"classic": "inspection", "params": {"P": 8}},
    "strategies": [{"label": "hawk", "row": {"name": "fixed", "action": "enforce"},
                    "column": {"name": "fixed", "action": "violate"}},
                   {"name": "tit_for_tat"}]})");
  CHECK_FALSE(spec.symmetric);
  const TournamentResult r = RunTournament(spec, 1, false);
  CHECK(r.matches.size() == 4);
}

TEST_CASE("Asymmetric games are scored and ranked per seat", "[tournament]") {
  // Row payoffs in the tens, column payoffs in units: a total over both seats
  // would be the row seat's ranking. Per turn, no noise (hand computation):
  //   row seat:    L 60 (vs H, X), H (90 + 80) / 2 = 85, X (100 + 60) / 2 = 80
  //   column seat: L (0 + 1) / 2 = 0.5, H 5, X (5 + 2) / 2 = 3.5
  const TournamentSpec spec = Load(R"({
    "name": "seats", "seed": 1, "turns": 4, "repetitions": 2, "noise": 0,
    "game": {"matrix": {"rows": ["lo", "hi"], "columns": ["lo", "hi"],
                        "payoffs": [[[100, 1], [60, 5]], [[90, 0], [80, 2]]]}},
    "strategies": [{"label": "L", "policy": {"name": "fixed", "action": "lo"}},
                   {"label": "H", "policy": {"name": "fixed", "action": "hi"}},
                   {"label": "X", "row": {"name": "fixed", "action": "lo"},
                    "column": {"name": "fixed", "action": "hi"}}]})");
  REQUIRE_FALSE(spec.symmetric);
  const TournamentResult r = RunTournament(spec, 1, false);
  const auto& L = r.stats[0];
  const auto& H = r.stats[1];
  const auto& X = r.stats[2];
  CHECK(L.seats[0].mean_per_turn == Approx(60));
  CHECK(H.seats[0].mean_per_turn == Approx(85));
  CHECK(X.seats[0].mean_per_turn == Approx(80));
  CHECK(L.seats[1].mean_per_turn == Approx(0.5));
  CHECK(H.seats[1].mean_per_turn == Approx(5));
  CHECK(X.seats[1].mean_per_turn == Approx(3.5));
  CHECK(H.seats[0].rank == 1);
  CHECK(X.seats[0].rank == 2);
  CHECK(L.seats[1].rank == 3);
  CHECK(X.seats[0].normalised == Approx(0.8));
  CHECK(X.seats[1].normalised == Approx(3.0 / 4.5));
  CHECK(X.normalised == Approx((0.8 + 3.0 / 4.5) / 2));
  CHECK(r.order == std::vector<int>{1, 2, 0});
  // No repetition varies: the intervals are points.
  CHECK(X.seats[1].ci_low == Approx(3.5));
  CHECK(X.seats[1].ci_high == Approx(3.5));

  const std::string dir = TempDir("tournament-seats");
  WriteTournamentFolder(dir + "/run", spec, r, false, "test");
  const std::string ranking = testing::ReadFile(dir + "/run/ranking.csv");
  CHECK_THAT(ranking, Catch::Contains("row_mean_per_turn,row_rank,column_mean_per_turn,"
                                      "column_rank,normalised\n1,H,"));
  // No winner across seats: a row payoff is not set against a column one.
  const std::string pairs = testing::ReadFile(dir + "/run/pairs.csv");
  CHECK_THAT(pairs, Catch::Contains("\n0,H,L,360,0,90,0,0,1,\n"));
  const Json summary = Json::parse(testing::ReadFile(dir + "/run/summary.json"));
  CHECK(summary["strategies"][0]["strategy"] == "H");
  CHECK(summary["strategies"][0]["seats"]["column"]["mean_per_turn"] == 5.0);
  CHECK(summary["strategies"][0]["wins"].is_null());
  CHECK_THAT(RankingTable(spec, r), Catch::Contains("column/turn"));
}

TEST_CASE("Inline matrices and model stage games are tournament games", "[tournament]") {
  const TournamentSpec inline_spec = Load(R"({
    "name": "inline", "seed": 1, "turns": 3, "repetitions": 1,
    "game": {"matrix": {"rows": ["C", "D"], "columns": ["C", "D"],
                        "payoffs": [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]}},
    "strategies": [{"name": "tit_for_tat"}, {"name": "grim_trigger"}]})");
  CHECK(inline_spec.game.Payoff2(1, 0, 0) == 5);
  CHECK(inline_spec.symmetric);

  const Experiment e = LoadExperiment(SourcePath("experiments/status-quo.json"));
  const int seller = e.scenario.SeatIndex("license_fee.seller");
  const int buyer = e.scenario.SeatIndex("license_fee.buyer");
  const NormalForm stage = StagePayoffTable(e, seller, buyer, 0, 0);
  REQUIRE(stage.num_strategies(0) == 4);
  REQUIRE(stage.num_strategies(1) == 3);
  // The fee reaches the US government's payoff (fee revenue against lost
  // sales)...
  CHECK(stage.Payoff2(3, 1, 0) != stage.Payoff2(0, 1, 0));
  // ...and prohibiting purchases raises China's self-sufficiency term.
  CHECK(stage.Payoff2(2, 2, 1) != stage.Payoff2(2, 0, 1));
}

TEST_CASE("Tournament configs fail clearly", "[tournament]") {
  auto error = [](const std::string& json) {
    try {
      Load(json);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(error(R"({"name": "x", "seed": 1, "game": {"classic": "prisoners_dilema"},
                       "strategies": [{"name": "fixed"}, {"name": "fixed"}]})"),
             Catch::Contains("at /game/classic: expected a known classic game name, found "
                             "'prisoners_dilema'; valid: prisoners_dilemma"));
  CHECK_THAT(error(R"({"name": "x", "seed": 1, "game": {"classic": "prisoners_dilemma"},
                       "strategies": [{"name": "fixed"}]})"),
             Catch::Contains("at /strategies: expected an array of at least two strategies"));
  CHECK_THAT(error(R"({"name": "x", "seed": 1, "game": {"matrix": {"rows": ["a"], "columns": ["b"],
                       "payoffs": [[[1, 2, 3]]]}}, "strategies": [{"name": "fixed"}, {"name": "fixed"}]})"),
             Catch::Contains("at /game/matrix/payoffs/0/0: expected [row payoff, column payoff]"));
  CHECK_THAT(error(R"({"name": "x", "seed": 1, "game": {"classic": "prisoners_dilemma", "nfg": "a.nfg"},
                       "strategies": [{"name": "fixed"}, {"name": "fixed"}]})"),
             Catch::Contains("exactly one of \"classic\", \"matrix\", \"nfg\", \"model\""));
  CHECK_THAT(error(R"({"name": "x", "seed": 1, "game": {"nfg": "missing.nfg"},
                       "strategies": [{"name": "fixed"}, {"name": "fixed"}]})"),
             Catch::Contains("expected a valid two-player .nfg file"));
}

TEST_CASE("Tournament files are byte-identical for 1 and 2 threads", "[tournament][integration]") {
  const std::string dir = TempDir("tour-threads");
  const std::string config = SourcePath("experiments/tournaments/axelrod-noisy.json");
  for (const std::string t : {"1", "2"}) {
    const auto r = testing::RunGeostrat("tournament " + config + " --repetitions 5 --actions -q --threads " +
                                        t + " --out " + dir + "/t" + t);
    INFO(r.out);
    REQUIRE(r.status == 0);
  }
  for (const char* f : {"pairs.csv", "ranking.csv", "summary.json", "actions.csv"}) {
    INFO(f);
    const std::string one = testing::ReadFile(dir + "/t1/" + f);
    REQUIRE(one.size() > 100);
    CHECK(testing::ReadFile(dir + "/t2/" + f) == one);
  }
}

TEST_CASE("geostrat tournament writes its run folder", "[tournament][integration]") {
  const std::string dir = TempDir("tour");
  const std::string config = WriteFile(dir, "t.json", kThree);
  const auto r = testing::RunGeostrat("tournament " + config + " --actions --out " + dir + "/run");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("Defector"));
  for (const char* f : {"pairs.csv", "ranking.csv", "summary.json", "manifest.json", "game.nfg",
                        "actions.csv"}) {
    CHECK(std::filesystem::exists(dir + "/run/" + f));
  }
  const std::string actions = testing::ReadFile(dir + "/run/actions.csv");
  CHECK_THAT(actions, Catch::Contains("Cooperator,Defector,CCCCCCCCCC,DDDDDDDDDD"));
  CHECK_THAT(actions, Catch::Contains("Defector,tit_for_tat,DDDDDDDDDD,CDDDDDDDDD"));
}

}  // namespace
}  // namespace geostrat
