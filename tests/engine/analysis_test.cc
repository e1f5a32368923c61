// geostrat solve, stage and equilibrium: Gambit-style output, the teaching
// table's critical discount factor, and the meta-game's common random numbers.
#include <catch2/catch.hpp>
#include <sstream>
#include <cmath>
#include <filesystem>

#include "engine/core/error.h"
#include "engine/analysis/metagame.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

const char* kBattle = R"(NFG 1 R "Battle of the sexes" { "Alice" "Bob" } { 2 2 }
""
2 1 0 0 0 0 1 2
)";

TEST_CASE("geostrat solve prints equilibria as Gambit does", "[analysis]") {
  const std::string game = WriteFile(TempDir("solve"), "bos.nfg", kBattle);
  const auto mixed = RunGeostrat("solve " + game + " --method enummixed");
  REQUIRE(mixed.status == 0);
  CHECK_THAT(mixed.out, Catch::Contains("NE,2/3,1/3,1/3,2/3"));
  CHECK_THAT(mixed.out, Catch::Contains("NE,1,0,1,0"));
  CHECK_THAT(mixed.out, Catch::Contains("NE,0,1,0,1"));
  const auto pure = RunGeostrat("solve " + game + " --method enumpure");
  CHECK(pure.out == "NE,1,0,1,0\nNE,0,1,0,1\n");
  const auto json = RunGeostrat("solve " + game + " --method lcp --json");
  REQUIRE(json.status == 0);
  const Json j = Json::parse(json.out);
  CHECK(j["method"] == "lcp");
  CHECK(j["equilibria"].size() >= 1);
  for (const auto& e : j["equilibria"]) CHECK(e["max_regret"].get<double>() < 1e-9);
  const auto logit = RunGeostrat("solve " + game + " --method logit --lambda 1,3");
  CHECK_THAT(logit.out, Catch::StartsWith("QRE,1,"));
  CHECK_THAT(logit.out, Catch::Contains("\nQRE,3,"));
  CHECK_THAT(logit.out, Catch::Contains("\nNE,0.66666"));
}

TEST_CASE("geostrat solve selects only by an explicit rule", "[analysis]") {
  const std::string game = WriteFile(TempDir("select"), "bos.nfg", kBattle);
  const auto welfare = RunGeostrat("solve " + game + " --method enumpure --select max_welfare --json");
  REQUIRE(welfare.status == 0);
  // Both pure equilibria pay 3 in total: the first listed wins the tie.
  CHECK(Json::parse(welfare.out)["selected"]["index"] == 0);
  const auto risk = RunGeostrat("solve " + game + " --method enumpure --select risk_dominance --json");
  CHECK(Json::parse(risk.out)["selected"]["index"].is_null());  // a tie selects nothing
  const auto bad = RunGeostrat("solve " + game + " --select welfare");
  CHECK(bad.status == 64);
  CHECK_THAT(bad.out, Catch::Contains("valid: max_welfare"));
}

TEST_CASE("geostrat solve reports bad input and inapplicable methods", "[analysis]") {
  const std::string dir = TempDir("solve-bad");
  const std::string broken = WriteFile(dir, "broken.nfg", "NFG 1 R \"x\" { \"a\" \"b\" } { 2 2 }\n1 2 3");
  const auto r = RunGeostrat("solve " + broken);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("broken.nfg:2:6: expected payoff of player 2 in profile 2 of 4"));
  const std::string three = WriteFile(dir, "three.nfg", "NFG 1 R \"x\" { \"a\" \"b\" \"c\" } { 2 2 2 }\n"
                                                        "1 1 1 0 0 0 0 0 0 1 1 1 0 0 0 1 1 1 0 0 0 1 1 1");
  const auto lcp = RunGeostrat("solve " + three + " --method lcp");
  CHECK(lcp.status == 2);
  CHECK_THAT(lcp.out, Catch::Contains("lcp does not apply"));
  const auto unknown = RunGeostrat("solve " + three + " --method enummixd");
  CHECK(unknown.status == 64);
  CHECK_THAT(unknown.out, Catch::Contains("valid: enummixed"));
  const auto pure3 = RunGeostrat("solve " + three + " --method enumpure");
  CHECK(pure3.status == 0);
}

TEST_CASE("geostrat stage prints the payoff table and the critical discount factor",
          "[analysis]") {
  const auto r = RunGeostrat("stage " + SourcePath("experiments/smoke.json") +
                             " --game license_fee --quarter 0");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("license_fee.seller vs license_fee.buyer in 2026Q1"));
  CHECK_THAT(r.out, Catch::Contains("prohibit"));
  CHECK_THAT(r.out, Catch::Contains("critical discount factor"));
  CHECK_THAT(r.out, Catch::Contains("punish with 1:"));
  // The US seller leads (the default order of moves): it commits, China's
  // buyer best-responds.
  CHECK_THAT(r.out, Catch::Contains("leader-follower (Stackelberg, pure) solution in the "
                                    "scenario's order of moves:\n  license_fee.seller leads (ties "
                                    "broken for the leader): (none, prohibit) paying 53.423, "
                                    "12.260\n"));
  const auto bad = RunGeostrat("stage " + SourcePath("experiments/smoke.json") + " --game licence_fee");
  CHECK(bad.status == 64);
  CHECK_THAT(bad.out, Catch::Contains("valid: license_fee"));
}

TEST_CASE("The meta-game pairs profiles by common random numbers", "[analysis][metagame]") {
  // Two copies of the same candidate must produce identical payoff columns
  // and outcome counts: every profile sees the same replicates' draws.
  const std::string dir = TempDir("meta");
  const std::string config = WriteFile(dir, "meta.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(",
    "name": "meta-crn",
    "metagame": {
      "candidates": {
        "export_control.restrictor": [{"name": "fixed", "action": "license"},
                                      {"name": "fixed", "action": "ban"},
                                      {"name": "fixed", "action": "license"}],
        "mineral_retaliation.controller": [{"name": "fixed", "action": "licensing"},
                                           {"name": "fixed", "action": "ban"}]},
      "replicates": 40, "bootstrap": 20}})");
  const MetaGameSpec spec = LoadMetaGame(config);
  const MetaGameResult r = RunMetaGame(spec, 2);
  const NormalForm& g = r.game;
  for (int c = 0; c < 2; ++c) {
    for (int p = 0; p < 2; ++p) {
      CHECK(g.Payoff({0, c}, p) == g.Payoff({2, c}, p));
    }
    CHECK(r.outcome_counts[g.ProfileIndex({0, c})] == r.outcome_counts[g.ProfileIndex({2, c})]);
  }
  // Every reported equilibrium is one of the table, and its outcome
  // distribution is a distribution.
  REQUIRE_FALSE(r.solved.equilibria.empty());
  for (size_t e = 0; e < r.solved.equilibria.size(); ++e) {
    CHECK(r.solved.equilibria[e].max_regret <= 1e-6 * (1 + std::fabs(g.Payoff(0, 0))));
    double total = 0;
    for (double p : r.assessments[e].outcome_p) total += p;
    CHECK(total == Approx(1.0));
    CHECK(r.assessments[e].stability >= 0.0);
    CHECK(r.assessments[e].stability <= 1.0);
  }
  // Same config, same seed: identical results for 1 thread.
  const MetaGameResult one = RunMetaGame(spec, 1);
  for (size_t i = 0; i < g.num_profiles(); ++i) {
    CHECK(one.game.Payoff(i, 0) == g.Payoff(i, 0));
  }
}

TEST_CASE("The meta-game finds an equilibrium known by construction", "[analysis][metagame]") {
  // With China's mineral controls fixed at licensing, a US stockpile is never
  // drawn (it only covers shortfalls beyond licensing), so "stockpile" is
  // "absorb" plus a fiscal cost of stockpile_cost = 0.3 $B every quarter:
  // its discounted utility is lower by exactly 0.3 x sum_{q<40} 0.98^q,
  // whatever the Global South buyer does. The only equilibria have the US
  // absorbing.
  const std::string dir = TempDir("meta-known");
  const std::string config = WriteFile(dir, "meta.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(",
    "name": "meta-known",
    "policies": {"mineral_retaliation.controller": {"name": "fixed", "action": "licensing"}},
    "metagame": {
      "candidates": {
        "mineral_retaliation.target": [{"name": "fixed", "action": "absorb"},
                                       {"name": "fixed", "action": "stockpile"}],
        "procurement.gs_buyer": [{"name": "fixed", "action": "hedge"},
                                 {"name": "fixed", "action": "china_stack"}]},
      "replicates": 30, "bootstrap": 10}})");
  const MetaGameResult r = RunMetaGame(LoadMetaGame(config), 2);
  const NormalForm& g = r.game;
  double cost = 0;
  for (int q = 0; q < 40; ++q) cost += 0.3 * std::pow(0.98, q);
  for (int c = 0; c < 2; ++c) {
    CHECK(g.Payoff({0, c}, 0) - g.Payoff({1, c}, 0) == Approx(cost).epsilon(1e-9));
  }
  REQUIRE_FALSE(r.solved.equilibria.empty());
  for (const auto& eq : r.solved.equilibria) {
    CHECK(eq.profile[0][0] == 1.0);  // absorb
    CHECK(eq.max_regret <= 1e-9);
  }
  // Every bootstrap resample keeps the dominance, so the support survives.
  CHECK(r.assessments[0].stability == 1.0);
}

TEST_CASE("The expanding meta-game adds the best response its pool holds, then stops",
          "[analysis][metagame]") {
  // The US target's menu holds only "stockpile"; its pool holds "absorb",
  // which beats it by the stockpile's fiscal cost whatever the Global South
  // does (the test above). Round 1 adds it; round 2 finds nothing left that
  // gains more than epsilon, so the expansion converges with the US absorbing.
  // The observed profile (stockpile, hedge) then has the US's regret: that
  // cost exactly.
  const std::string dir = TempDir("meta-expand");
  const std::string config = WriteFile(dir, "meta.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(",
    "name": "meta-expand",
    "policies": {"mineral_retaliation.controller": {"name": "fixed", "action": "licensing"}},
    "metagame": {
      "candidates": {
        "mineral_retaliation.target": [{"name": "fixed", "action": "stockpile"}],
        "procurement.gs_buyer": [{"name": "fixed", "action": "hedge"},
                                 {"name": "fixed", "action": "china_stack"}]},
      "observed": {"mineral_retaliation.target": "fixed#1", "procurement.gs_buyer": "fixed#1"},
      "expand": {"epsilon": 1, "rounds": 3,
                 "pool": {"mineral_retaliation.target": [{"name": "fixed", "action": "absorb"}],
                          "procurement.gs_buyer": [{"name": "fixed", "action": "hedge"}]}},
      "replicates": 30, "bootstrap": 10}})");
  const MetaGameResult r = RunMetaGame(LoadMetaGame(config), 2);
  double cost = 0;
  for (int q = 0; q < 40; ++q) cost += 0.3 * std::pow(0.98, q);
  REQUIRE(r.rounds.size() == 2);
  CHECK(r.rounds[0].regret == Approx(cost).epsilon(1e-9));
  CHECK(r.rounds[0].added == std::vector<std::string>{"br:fixed#1", ""});
  CHECK(r.rounds[1].regret <= 1.0);
  CHECK(r.rounds[1].added == std::vector<std::string>{"", ""});
  CHECK(r.converged);
  REQUIRE(r.game.num_strategies(0) == 2);
  REQUIRE_FALSE(r.solved.equilibria.empty());
  for (const auto& eq : r.solved.equilibria) CHECK(eq.profile[0][1] == 1.0);  // the absorb added
  REQUIRE(r.observed_regret.size() == 2);
  CHECK(r.observed_regret[0] == Approx(cost).epsilon(1e-9));
  CHECK(r.observed_regret_share[0] > 0.0);
  CHECK(r.observed_regret_share[0] <= 1.0);
  // An epsilon above that cost adds nothing: the stockpile stands, its regret
  // against the pool is reported, and the expansion has converged at once.
  const std::string loose = WriteFile(dir, "loose.json", R"({
    "extends": "meta.json", "name": "meta-loose",
    "metagame": {"expand": {"epsilon": )" + std::to_string(cost + 1) + R"(}}})");
  const MetaGameResult l = RunMetaGame(LoadMetaGame(loose), 2);
  REQUIRE(l.rounds.size() == 1);
  CHECK(l.rounds[0].regret == Approx(cost).epsilon(1e-9));
  CHECK(l.rounds[0].added == std::vector<std::string>{"", ""});
  CHECK(l.converged);
  CHECK(l.game.num_strategies(0) == 1);
}

TEST_CASE("A three-seat meta-game is solved by the global Newton method", "[analysis][metagame]") {
  // The game of the test above with a third seat, the allies' alignment:
  // absorbing still beats stockpiling by the stockpile's fiscal cost
  // whatever the others do, so every equilibrium has the US absorbing. Exact
  // enumeration is for two seats only, and says so.
  const std::string dir = TempDir("meta-three");
  const std::string body = R"(
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(",
    "name": "meta-three",
    "policies": {"mineral_retaliation.controller": {"name": "fixed", "action": "licensing"}},
    "metagame": {
      "candidates": {
        "mineral_retaliation.target": [{"name": "fixed", "action": "absorb"},
                                       {"name": "fixed", "action": "stockpile"}],
        "procurement.gs_buyer": [{"name": "fixed", "action": "hedge"},
                                 {"name": "fixed", "action": "china_stack"}],
        "substitution_rnd.aligner": [{"name": "fixed", "action": "align"},
                                     {"name": "fixed", "action": "hedge"}]},
      "replicates": 20, "bootstrap": 5, "method": )";
  const std::string config = WriteFile(dir, "meta.json", "{" + body + "\"gnm\"}}");
  const MetaGameResult r = RunMetaGame(LoadMetaGame(config), 2);
  CHECK(r.solved.method == "gnm");
  REQUIRE_FALSE(r.solved.equilibria.empty());
  for (const auto& eq : r.solved.equilibria) {
    CHECK(eq.profile[0][0] == 1.0);  // absorb
    CHECK(eq.max_regret <= PayoffTolerance(r.game));
  }
  const std::string exact = WriteFile(dir, "exact.json", "{" + body + "\"enummixed\"}}");
  std::string message;
  try {
    LoadMetaGame(exact);
  } catch (const ConfigError& e) {
    message = e.what();
  }
  CHECK(message == exact + ": at /metagame/method: expected \"gnm\" or \"liap\" for a "
                           "meta-game of more than two seats, found the string \"enummixed\"");
}

TEST_CASE("geostrat equilibrium writes metagame.nfg and equilibria.json", "[analysis][metagame]") {
  const std::string dir = TempDir("meta-cli");
  const auto r = RunGeostrat("equilibrium " + SourcePath("experiments/equilibrium-baseline.json") +
                             " --replicates 20 -q --out " + dir + "/run");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const Json eq = Json::parse(ReadFile(dir + "/run/equilibria.json"));
  CHECK(eq["profiles"].size() == 49);  // 7 x 7 candidates
  CHECK(eq["equilibria"].size() >= 1);
  CHECK(eq["equilibria"][0]["outcomes"].contains("symbiotic_bifurcation"));
  CHECK_THAT(ReadFile(dir + "/run/metagame.nfg"), Catch::StartsWith("NFG 1 R"));
  // profiles.csv: the same table, a row per profile, agreeing with the JSON.
  std::istringstream csv(ReadFile(dir + "/run/profiles.csv"));
  std::string header, line;
  std::getline(csv, header);
  CHECK_THAT(header, Catch::StartsWith("profile,export_control.restrictor,"
                                       "export_control.restrictor_mean,"
                                       "export_control.restrictor_std_error,"));
  CHECK_THAT(header, Catch::EndsWith(",p_contested_transition"));
  int rows = 0;
  while (std::getline(csv, line)) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    REQUIRE(cells.size() == 1 + 2 * 3 + 6);
    const Json& row = eq["profiles"][rows];
    CHECK(cells[0] == std::to_string(rows));
    CHECK(cells[1] == row["export_control.restrictor"]["policy"]);
    CHECK(std::stod(cells[2]) == Approx(row["export_control.restrictor"]["mean"].get<double>()));
    CHECK(std::stod(cells[12]) * 20 ==
          Approx(row["outcome_counts"]["contested_transition"].get<double>()));
    ++rows;
  }
  CHECK(rows == 49);
}

}  // namespace
}  // namespace geostrat
