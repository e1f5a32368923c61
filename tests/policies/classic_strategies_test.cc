// The classic strategies on the prisoner's dilemma against scripted opponents,
// with the exact joint play (row = the strategy, column = the opponent), in the
// style of the Axelrod library's own tests; then their generalisation to
// escalation ladders, their random streams and their parameters.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/analysis/match.h"
#include "games/classic_games.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

using Names = std::vector<std::string>;

std::shared_ptr<const PolicyPlan> Plan(const NormalForm& g, int seat, const std::string& json) {
  const Json j = Json::parse(json);
  return ReadPolicy(ConfigNode::Root(j, "test"), MatrixContext(g), seat);
}

MatchResult Play(const NormalForm& g, const std::string& row, const std::string& column,
                 int turns, uint32_t index = 0) {
  const auto r = Plan(g, 0, row), c = Plan(g, 1, column);
  return PlayMatch({.game = &g, .row = r.get(), .column = c.get(), .turns = turns, .noise = 0,
                    .seed = 1, .index = index});
}

// A scripted opponent from a string of one-letter PD moves: "CDD".
std::string Script(const std::string& moves) {
  std::string out = R"({"name": "scripted", "actions": [)";
  for (size_t i = 0; i < moves.size(); ++i) {
    out += (i ? ", \"" : "\"") + std::string(1, moves[i]) + "\"";
  }
  return out + "]}";
}

// A scripted opponent from action names.
std::string Script(const Names& moves) {
  std::string out = R"({"name": "scripted", "actions": [)";
  for (size_t i = 0; i < moves.size(); ++i) out += (i ? ", \"" : "\"") + moves[i] + "\"";
  return out + "]}";
}

// The joint play of a PD match as "CD DC ...": row's move, then column's.
std::string Joint(const NormalForm& g, const MatchResult& m) {
  std::string out;
  for (size_t t = 0; t < m.actions.size() / 2; ++t) {
    if (t) out += " ";
    out += g.strategies(0)[m.actions[2 * t]] + g.strategies(1)[m.actions[2 * t + 1]];
  }
  return out;
}

// One seat's moves by name.
Names Moves(const NormalForm& g, const MatchResult& m, int seat) {
  Names out;
  for (size_t t = 0; t < m.actions.size() / 2; ++t) {
    out.push_back(g.strategies(seat)[m.actions[2 * t + seat]]);
  }
  return out;
}

// The joint play of `strategy` (row) against the scripted PD moves.
std::string VersusScript(const std::string& strategy, const std::string& moves) {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  return Joint(pd, Play(pd, strategy, Script(moves), static_cast<int>(moves.size())));
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Joint sequences joined with single spaces (empty parts skipped).
std::string Cat(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += " ";
    out += p;
  }
  return out;
}
// A joint pair such as "DC" n times: "DC DC DC".
std::string Pairs(const std::string& pair, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + pair;
  return out;
}

// An escalation ladder pair for the generalisation: the row seat has five
// rungs (r0..r4), the column seat three (c0..c2). Payoffs play no part.
NormalForm Ladder() {
  return NormalForm("ladder", {"Row", "Column"},
                    {{"r0", "r1", "r2", "r3", "r4"}, {"c0", "c1", "c2"}});
}

// Plays `plan` at the row seat of `g` against the column's moves by hand,
// drawing its numbers like PlayMatch, and returns its actions; `rng` is its
// stream (so tests can count the draws).
std::vector<int> Drive(const NormalForm& g, const PolicyPlan& plan, const std::vector<int>& column,
                       Rng& rng) {
  const int n[2] = {g.num_strategies(0), g.num_strategies(1)};
  const int initial[2] = {0, 0};
  auto policy = plan.Make(plan.numbers().Draw(1, 0, 20000));
  std::vector<int8_t> actions;
  std::vector<double> payoffs;
  std::vector<int> out;
  Observation obs;
  obs.seat = 0;
  obs.num_seats = 2;
  obs.num_actions = n;
  obs.initial = initial;
  for (size_t t = 0; t < column.size(); ++t) {
    obs.turn = static_cast<int>(t);
    obs.actions = actions.data();
    obs.payoffs = payoffs.data();
    out.push_back(policy->Act(obs, rng));
    actions.push_back(static_cast<int8_t>(out.back()));
    actions.push_back(static_cast<int8_t>(column[t]));
    payoffs.push_back(0);
    payoffs.push_back(0);
  }
  return out;
}

constexpr const char* kCooperator = R"({"name": "cooperator"})";
constexpr const char* kDefector = R"({"name": "defector"})";
constexpr const char* kAlternator = R"({"name": "alternator"})";
constexpr const char* kTitForTat = R"({"name": "tit_for_tat"})";

// ---------------------------------------------------------------------------
// Known noiseless 200-turn results

TEST_CASE("Classic 200-turn prisoner's dilemma scores", "[classic_strategies]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const MatchResult tft_d = Play(pd, kTitForTat, kDefector, 200);
  CHECK(tft_d.score[0] == 199);  // S once, then P 199 times
  CHECK(tft_d.score[1] == 204);  // T once, then P
  const MatchResult cc = Play(pd, kCooperator, kCooperator, 200);
  CHECK(cc.score[0] == 600);
  CHECK(cc.score[1] == 600);
  const MatchResult dc = Play(pd, kDefector, kCooperator, 200);
  CHECK(dc.score[0] == 1000);
  CHECK(dc.score[1] == 0);
  // Alternator never defects twice in a row, so tit for two tats always
  // cooperates: 100 x R and 100 x S against 100 x R and 100 x T.
  const MatchResult tf2t_alt = Play(pd, R"({"name": "tit_for_two_tats"})", kAlternator, 200);
  CHECK(tf2t_alt.cooperations[0] == 200);
  CHECK(tf2t_alt.score[0] == 300);
  CHECK(tf2t_alt.score[1] == 800);
  // Prober: T, R, R, then T for ever (the cooperator did not answer the probe).
  const MatchResult prober_c = Play(pd, R"({"name": "prober"})", kCooperator, 200);
  CHECK(prober_c.score[0] == 5 + 3 + 3 + 197 * 5);
  CHECK(prober_c.score[1] == 6);
  // Win-stay lose-shift against defector alternates C, D: S, P, S, P...
  const MatchResult wsls_d = Play(pd, R"({"name": "win_stay_lose_shift"})", kDefector, 200);
  CHECK(wsls_d.score[0] == 100 * 0 + 100 * 1);
  CHECK(wsls_d.score[1] == 100 * 5 + 100 * 1);
}

// ---------------------------------------------------------------------------
// Unconditional strategies

TEST_CASE("cooperator and defector ignore the opponent", "[classic_strategies]") {
  CHECK(VersusScript(kCooperator, "CDDCDCCDDD") == "CC CD CD CC CD CC CC CD CD CD");
  CHECK(VersusScript(kDefector, "CDDCDCCDDD") == "DC DD DD DC DD DC DC DD DD DD");
}

TEST_CASE("alternator plays C, D, C, D... whatever the opponent does", "[classic_strategies]") {
  CHECK(VersusScript(kAlternator, "DDCCDDCCDD") == "CD DD CC DC CD DD CC DC CD DD");
  // The Axelrod library's tit for tat against alternator.
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(Joint(pd, Play(pd, kTitForTat, kAlternator, 10)) == "CC CD DC CD DC CD DC CD DC CD");
}

TEST_CASE("cycler repeats its pattern, CCD by default", "[classic_strategies]") {
  CHECK(VersusScript(R"({"name": "cycler"})", "CCCCCCCCCC") == "CC CC DC CC CC DC CC CC DC CC");
  CHECK(VersusScript(R"({"name": "cycler", "pattern": "DDCD"})", "CDCDCDCDCD") ==
        "DC DD CC DD DC DD CC DD DC DD");
  // On a three-action game C is the first action and D the last.
  const NormalForm rps = BuildClassicGame("rock_paper_scissors");
  const MatchResult m =
      Play(rps, R"({"name": "cycler", "pattern": "CD"})", R"({"name": "fixed"})", 4);
  CHECK(Moves(rps, m, 0) == Names{"rock", "scissors", "rock", "scissors"});
  CHECK(Plan(rps, 0, R"({"name": "cycler"})")->ToJson() ==
        Json({{"name", "cycler"}, {"pattern", "CCD"}}));
}

TEST_CASE("cycler rejects patterns other than C and D letters", "[classic_strategies]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK_THROWS_AS(Plan(pd, 0, R"({"name": "cycler", "pattern": "CXD"})"), ConfigError);
  CHECK_THROWS_AS(Plan(pd, 0, R"({"name": "cycler", "pattern": ""})"), ConfigError);
  CHECK_THROWS_AS(Plan(pd, 0, R"({"name": "cycler", "pattern": 3})"), ConfigError);
  CHECK_THROWS_AS(Plan(pd, 0, R"({"name": "cooperator", "watch": "column"})"), ConfigError);
}

TEST_CASE("random cooperates with probability p, one uniform per turn", "[classic_strategies]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(VersusScript(R"({"name": "random", "p": 1})", "CDCDCDCDCD") ==
        "CC CD CC CD CC CD CC CD CC CD");
  CHECK(VersusScript(R"({"name": "random", "p": 0})", "CDCDCDCDCD") ==
        "DC DD DC DD DC DD DC DD DC DD");
  const MatchResult half = Play(pd, R"({"name": "random"})", kCooperator, 20000);
  CHECK(half.cooperations[0] / 20000.0 == Approx(0.5).margin(0.015));
  const MatchResult third = Play(pd, R"({"name": "random", "p": 0.3})", kCooperator, 20000);
  CHECK(third.cooperations[0] / 20000.0 == Approx(0.3).margin(0.015));
  // Same seed, same play; another match index, other play.
  CHECK(Play(pd, R"({"name": "random"})", kDefector, 50).actions ==
        Play(pd, R"({"name": "random"})", kDefector, 50).actions);
  CHECK(Play(pd, R"({"name": "random"})", kDefector, 50).actions !=
        Play(pd, R"({"name": "random"})", kDefector, 50, 1).actions);
  // Exactly one uniform (two 32-bit words) per turn, even at p = 1.
  for (const char* spec : {R"({"name": "random"})", R"({"name": "random", "p": 1})"}) {
    Rng rng(1, 0, 1, 0);
    Drive(pd, *Plan(pd, 0, spec), std::vector<int>(12, 0), rng);
    CHECK(rng.blocks_drawn() == 6);  // 24 words
  }
  CHECK(Plan(pd, 0, R"({"name": "random"})")->ToJson()["p"]["value"] == 0.5);
  CHECK(Plan(pd, 0, R"({"name": "random"})")->Stochastic());
}

TEST_CASE("random: a fresh instance skips the draws of the turns already played",
          "[classic_strategies]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const auto plan = Plan(pd, 0, R"({"name": "random"})");
  Rng rng(5, 0, 1, 0);
  const std::vector<int> column(30, 1);
  const std::vector<int> played = Drive(pd, *plan, column, rng);
  // Replay: turn t decided by an instance made at turn t with a fresh stream.
  std::vector<int8_t> actions;
  const int n[2] = {2, 2}, initial[2] = {0, 0};
  for (int t = 0; t < 30; ++t) {
    Observation obs;
    obs.num_seats = 2;
    obs.num_actions = n;
    obs.initial = initial;
    obs.turn = t;
    obs.actions = actions.data();
    Rng fresh(5, 0, 1, 0);
    CHECK(plan->Make({0.5})->Act(obs, fresh) == played[t]);
    actions.push_back(static_cast<int8_t>(played[t]));
    actions.push_back(1);
  }
}

// ---------------------------------------------------------------------------
// Reactive strategies with short memory

TEST_CASE("suspicious_tit_for_tat defects first, then copies", "[classic_strategies]") {
  const std::string stft = R"({"name": "suspicious_tit_for_tat"})";
  CHECK(VersusScript(stft, "CCDDCDCCDC") == "DC CC CD DD DC CD DC CC CD DC");
  // Axelrod library: against tit for tat the two alternate out of phase.
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(Joint(pd, Play(pd, stft, kTitForTat, 16)) == Pairs("DC CD", 8));
  CHECK(VersusScript(stft, "CCCCCCCCCC") == "DC CC CC CC CC CC CC CC CC CC");
  CHECK(VersusScript(stft, "DDDDDDDDDD") == Pairs("DD", 10));
}

TEST_CASE("tit_for_two_tats defects only after two defections in a row",
          "[classic_strategies]") {
  const std::string tf2t = R"({"name": "tit_for_two_tats"})";
  // The Axelrod library's test sequence.
  CHECK(VersusScript(tf2t, "CCDDCDDCCDD") == "CC CC CD CD DC CD CD DC CC CD CD");
  CHECK(VersusScript(tf2t, "DDDCCDDDDC") == "CD CD DD DC CC CD CD DD DD DC");
}

TEST_CASE("two_tits_for_tat answers each defection twice", "[classic_strategies]") {
  const std::string tt = R"({"name": "two_tits_for_tat"})";
  CHECK(VersusScript(tt, "DCCDCCCDDC") == "CD DC DC CD DC DC CC CD DD DC");
  CHECK(VersusScript(tt, "DDDDDDDDDD") == "CD DD DD DD DD DD DD DD DD DD");
}

TEST_CASE("hard_tit_for_tat defects after a defection in any of the last three turns",
          "[classic_strategies]") {
  const std::string htft = R"({"name": "hard_tit_for_tat"})";
  // The Axelrod library's [D, C, C, C, D, C], continued.
  CHECK(VersusScript(htft, "DCCCDCCCCC") == "CD DC DC DC CD DC DC DC CC CC");
  CHECK(VersusScript(htft, "CCCCCCCCCC") == Pairs("CC", 10));
}

TEST_CASE("bully defects first, then plays the opposite of the opponent's last move",
          "[classic_strategies]") {
  const std::string bully = R"({"name": "bully"})";
  CHECK(VersusScript(bully, "CCDDCDCCDC") == "DC DC DD CD CC DD CC DC DD CC");
  // Axelrod library: against alternator, cooperator, defector.
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(Joint(pd, Play(pd, bully, kAlternator, 10)) == "DC DD CC DD CC DD CC DD CC DD");
  CHECK(Joint(pd, Play(pd, bully, kCooperator, 10)) == Pairs("DC", 10));
  CHECK(Joint(pd, Play(pd, bully, kDefector, 10)) == Cat({"DD", Pairs("CD", 9)}));
}

TEST_CASE("win_stay_lose_shift repeats after a win and switches after a loss",
          "[classic_strategies]") {
  const std::string wsls = R"({"name": "win_stay_lose_shift"})";
  CHECK(VersusScript(wsls, "CDCCDDCDCC") == "CC CD DC DC DD CD DC DD CC CC");
  // Axelrod library: against alternator.
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(Joint(pd, Play(pd, wsls, kAlternator, 10)) == "CC CD DC DD CC CD DC DD CC CD");
  // Two of them cooperate throughout.
  CHECK(Play(pd, wsls, wsls, 50).cooperations[0] == 50);
}

TEST_CASE("generous_tit_for_tat is tit for tat at p = 0 and cooperator at p = 1",
          "[classic_strategies]") {
  const std::string script = "CDDCDCCDDC";
  CHECK(VersusScript(R"({"name": "generous_tit_for_tat", "p": 0})", script) ==
        VersusScript(kTitForTat, script));
  CHECK(VersusScript(R"({"name": "generous_tit_for_tat", "p": 0})", script) ==
        "CC CD DD DC CD DC CC CD DD DC");
  CHECK(VersusScript(R"({"name": "generous_tit_for_tat", "p": 1})", script) ==
        VersusScript(kCooperator, script));
}

TEST_CASE("generous_tit_for_tat forgives a third of defections by default",
          "[classic_strategies]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const std::string gtft = R"({"name": "generous_tit_for_tat"})";
  CHECK(Plan(pd, 0, gtft)->ToJson()["p"]["value"].get<double>() == Approx(1.0 / 3.0));
  // Against defector: C first, then C with probability 1/3.
  const MatchResult d = Play(pd, gtft, kDefector, 30001);
  CHECK(d.actions[0] == 0);
  CHECK((d.cooperations[0] - 1) / 30000.0 == Approx(1.0 / 3.0).margin(0.01));
  // Never defects after a cooperation.
  const MatchResult alt = Play(pd, gtft, kAlternator, 1000);
  for (int t = 1; t < 1000; ++t) {
    if (alt.actions[2 * (t - 1) + 1] == 0) CHECK(alt.actions[2 * t] == 0);
  }
  CHECK(Play(pd, gtft, kCooperator, 100).cooperations[0] == 100);
}

TEST_CASE("generous_tit_for_tat draws one uniform per turn after the first, whatever happens",
          "[classic_strategies]") {
  // The Axelrod library draws only after a defection; drawing every turn
  // keeps the turn-t decision on the same number of the stream whatever the
  // history, and the play is the same in distribution.
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const auto plan = Plan(pd, 0, R"({"name": "generous_tit_for_tat"})");
  for (int opponent : {0, 1}) {
    Rng rng(1, 0, 1, 0);
    Drive(pd, *plan, std::vector<int>(13, opponent), rng);
    CHECK(rng.blocks_drawn() == 6);  // 12 uniforms = 24 words
  }
  Rng first(1, 0, 1, 0);
  Drive(pd, *plan, {1}, first);
  CHECK(first.blocks_drawn() == 0);  // the first move is C without a draw
}

// ---------------------------------------------------------------------------
// Strategies with long memory

TEST_CASE("soft_grudger punishes with D, D, D, D, C, C and ignores moves meanwhile",
          "[classic_strategies]") {
  const std::string sg = R"({"name": "soft_grudger"})";
  // The defection in turn 5 falls in the punishment and is not answered.
  CHECK(VersusScript(sg, "CCCDCDCCCCCC") == "CC CC CC CD DC DD DC DC CC CC CC CC");
  // A defection in the punishment's last turn is answered right after it.
  CHECK(VersusScript(sg, "DCCCCCDCCCCCCC") == "CD DC DC DC DC CC CD DC DC DC DC CC CC CC");
  // Axelrod library: against defector, [(C, D)] + ([(D, D)] * 4 + [(C, D)] * 2) * 5.
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const std::string grudge = Cat({Pairs("DD", 4), Pairs("CD", 2)});
  CHECK(Joint(pd, Play(pd, sg, kDefector, 31)) ==
        Cat({"CD", grudge, grudge, grudge, grudge, grudge}));
  CHECK(Joint(pd, Play(pd, sg, kCooperator, 20)) == Pairs("CC", 20));
}

TEST_CASE("forgiver defects while the opponent has defected in more than 10% of turns",
          "[classic_strategies]") {
  const std::string f = R"({"name": "forgiver"})";
  // Axelrod library: one D in ten brings it back to exactly 10%, then C.
  const std::string one_in_ten = "D" + Repeat("C", 9);
  CHECK(VersusScript(f, Repeat(one_in_ten, 2)) ==
        Cat({"CD", Pairs("DC", 9), "CD", Pairs("DC", 9)}));
  // Never more than 10%: never defects.
  const std::string late = Repeat("C", 9) + "D";
  CHECK(VersusScript(f, Repeat(late, 2)) == Cat({Pairs("CC", 9), "CD", Pairs("CC", 9), "CD"}));
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(Joint(pd, Play(pd, f, kDefector, 11)) == Cat({"CD", Pairs("DD", 10)}));
}

TEST_CASE("prober probes with D, C, C and exploits an opponent that did not answer",
          "[classic_strategies]") {
  const std::string p = R"({"name": "prober"})";
  // Cooperated in turns 2 and 3: defect for ever, whatever follows.
  CHECK(VersusScript(p, "DCCDCCDCCD") == "DD CC CC DD DC DC DD DC DC DD");
  // Otherwise tit for tat from turn 4 (Axelrod library: against alternator).
  CHECK(VersusScript(p, "CDCDCDCDCD") == "DC CD CC CD DC CD DC CD DC CD");
  CHECK(VersusScript(p, "CCDCCCDCCC") == "DC CC CD DC CC CC CD DC CC CC");
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(Joint(pd, Play(pd, p, kDefector, 10)) == "DD CD CD DD DD DD DD DD DD DD");
  CHECK(Joint(pd, Play(pd, p, kCooperator, 10)) == "DC CC CC DC DC DC DC DC DC DC");
}

TEST_CASE("soft_go_by_majority cooperates while cooperations >= defections",
          "[classic_strategies]") {
  const std::string m = R"({"name": "soft_go_by_majority"})";
  CHECK(VersusScript(m, "DCDCCDDDCC") == "CD DC CD DC CC CD CD DD DC DC");
  // Axelrod library: 50 C, 100 D, 52 C.
  const std::string moves = Repeat("C", 50) + Repeat("D", 100) + Repeat("C", 52);
  CHECK(VersusScript(m, moves) ==
        Cat({Pairs("CC", 50), Pairs("CD", 51), Pairs("DD", 49), Pairs("DC", 50), Pairs("CC", 2)}));
}

// ---------------------------------------------------------------------------
// Escalation-ladder strategies

TEST_CASE("proportional_retaliation on the prisoner's dilemma", "[classic_strategies]") {
  // Defaults (calm 2): one D answered by D, held one more turn while the
  // opponent has been calm for one turn only, then stepped down.
  const std::string pr = R"({"name": "proportional_retaliation"})";
  CHECK(VersusScript(pr, "DCCCDDCCCCCC") == "CD DC DC CC CD DD DC DC CC CC CC CC");
  // calm 1 is tit for tat on two actions.
  const std::string script = "CDDCDCCDDCDC";
  CHECK(VersusScript(R"({"name": "proportional_retaliation", "calm": 1})", script) ==
        VersusScript(kTitForTat, script));
}

TEST_CASE("proportional_retaliation maps, boosts, caps, holds and steps down",
          "[classic_strategies]") {
  // Column levels c1 -> r2 and c2 -> r4 on the row's five rungs, plus boost
  // 1, capped at r3. After two calm quarters it steps down one rung per
  // quarter from its own last action, never below its floor r1 (also its
  // start: the initial action r0 is below the floor).
  const NormalForm g = Ladder();
  const Names column = {"c0", "c1", "c1", "c0", "c0", "c0", "c0",
                        "c2", "c0", "c1", "c0", "c0", "c0", "c0"};
  const std::string pr = R"({"name": "proportional_retaliation", "boost": 1, "cap": "r3", )"
                         R"("floor": "r1"})";
  const MatchResult m = Play(g, pr, Script(column), 14);
  CHECK(Moves(g, m, 1) == column);
  CHECK(Moves(g, m, 0) == Names{"r1", "r1", "r3", "r3", "r3", "r2", "r1", "r1", "r3", "r3", "r3",
                                "r3", "r2", "r1"});
  const Json spec = Plan(g, 0, pr)->ToJson();
  CHECK(spec["cap"] == "r3");
  CHECK(spec["floor"] == "r1");
  CHECK(spec["start"] == "r1");
  CHECK(spec["watch"] == "column");
  CHECK(spec["boost"]["value"] == 1);
  CHECK(spec["calm"]["value"] == 2);
  CHECK(Plan(g, 0, pr)->MemoryDepth() == 2);
  CHECK(Plan(g, 0, R"({"name": "proportional_retaliation", "calm": 5})")->MemoryDepth() == 5);
}

TEST_CASE("proportional_retaliation answers any defection with at least one notch",
          "[classic_strategies]") {
  // A 2-action seat watching a 4-rung one: "low" maps to round(1/3) = 0, so
  // tit_for_tat ignores it; proportional retaliation answers it with D.
  const NormalForm g("ladder", {"Row", "Column"}, {{"C", "D"}, {"none", "low", "mid", "high"}});
  const Names column = {"none", "low", "none", "mid", "high", "none",
                        "none", "none", "low", "low", "none", "none"};
  const MatchResult pr = Play(g, R"({"name": "proportional_retaliation", "calm": 1})",
                              Script(column), 12);
  CHECK(Moves(g, pr, 0) == Names{"C", "C", "D", "C", "D", "D", "C", "C", "C", "D", "D", "C"});
  const MatchResult tft = Play(g, kTitForTat, Script(column), 12);
  CHECK(Moves(g, tft, 0) == Names{"C", "C", "C", "C", "D", "D", "C", "C", "C", "C", "C", "C"});
}

TEST_CASE("proportional_retaliation rejects a cap below its floor and calm 0",
          "[classic_strategies]") {
  const NormalForm g = Ladder();
  CHECK_THROWS_AS(
      Plan(g, 0, R"({"name": "proportional_retaliation", "cap": "r1", "floor": "r2"})"),
      ConfigError);
  CHECK_THROWS_AS(Plan(g, 0, R"({"name": "proportional_retaliation", "calm": 0})"), ConfigError);
  CHECK_THROWS_AS(Plan(g, 0, R"({"name": "proportional_retaliation", "boost": 0.5})"),
                  ConfigError);
  CHECK_THROWS_AS(Plan(g, 0, R"({"name": "proportional_retaliation", "lag": 1})"), ConfigError);
}

TEST_CASE("time_limited_suspension: respond, suspend deaf, then watch again",
          "[classic_strategies]") {
  // Defaults: D for 4 turns, then C for 4 turns whatever happens, then
  // watching. The escalation in turn 6 falls in the suspension (ignored);
  // the one in turn 11 starts a new cycle.
  const std::string tls = R"({"name": "time_limited_suspension"})";
  CHECK(VersusScript(tls, "CDDCCCDCCCCDCCCCCC") ==
        "CC CD DD DC DC DC CD CC CC CC CC CD DC DC DC DC CC CC");
  // An escalation in the suspension's last turn is seen when watching resumes.
  CHECK(VersusScript(tls, "DCCCCCCCDCCC") == "CD DC DC DC DC CC CC CC CD DC DC DC");
  // A defector escalates once (from its initial C): answered once, then the
  // suspension accepts its level for good.
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(Joint(pd, Play(pd, tls, kDefector, 14)) ==
        Cat({"CD", Pairs("DD", 4), Pairs("CD", 9)}));
}

TEST_CASE("time_limited_suspension on a ladder answers rises above the previous level",
          "[classic_strategies]") {
  // Rises at 1 (c0 -> c1), 2 (c1 -> c2; during the response, ignored), 5
  // (c1 -> c2) and 8 (c0 -> c1); falls and steady levels are no escalation.
  const NormalForm g = Ladder();
  const Names column = {"c0", "c1", "c2", "c2", "c1", "c2", "c0", "c0", "c1", "c0"};
  const std::string tls = R"({"name": "time_limited_suspension", "response": "r3", )"
                          R"("baseline": "r1", "duration": 2, "suspension": 1})";
  const MatchResult m = Play(g, tls, Script(column), 10);
  CHECK(Moves(g, m, 0) == Names{"r1", "r1", "r3", "r3", "r1", "r1", "r3", "r3", "r1", "r3"});
  const Json spec = Plan(g, 0, tls)->ToJson();
  CHECK(spec["response"] == "r3");
  CHECK(spec["baseline"] == "r1");
  CHECK(spec["duration"]["value"] == 2);
  CHECK(spec["suspension"]["value"] == 1);
  CHECK(Plan(g, 0, tls)->MemoryDepth() == PolicyPlan::kUnbounded);
}

// ---------------------------------------------------------------------------
// The generalisation to ladders of the C/D strategies

TEST_CASE("Classic strategies on three actions: C is the first, D the last, any rise defects",
          "[classic_strategies]") {
  const NormalForm rps = BuildClassicGame("rock_paper_scissors");
  const Names column = {"rock", "paper", "rock", "rock", "scissors",
                        "rock", "rock",  "rock", "rock", "rock"};
  auto row = [&](const std::string& spec) {
    return Moves(rps, Play(rps, spec, Script(column), 10), 0);
  };
  CHECK(row(R"({"name": "two_tits_for_tat"})") ==
        Names{"rock", "rock", "scissors", "scissors", "rock", "scissors", "scissors", "rock",
              "rock", "rock"});
  CHECK(row(R"({"name": "bully"})") == Names{"scissors", "scissors", "rock", "scissors",
                                             "scissors", "rock", "scissors", "scissors",
                                             "scissors", "scissors"});
  CHECK(row(kDefector) == Names(10, "scissors"));
  // Suspicious tit for tat copies levels (3 onto 3 rungs: the same action).
  CHECK(row(R"({"name": "suspicious_tit_for_tat"})") ==
        Names{"scissors", "rock", "paper", "rock", "rock", "scissors", "rock", "rock", "rock",
              "rock"});
}

TEST_CASE("suspicious_tit_for_tat is tit_for_tat opening with the last action on any ladder",
          "[classic_strategies]") {
  // Five rungs copying three: c0 -> r0, c1 -> r2, c2 -> r4.
  const NormalForm g = Ladder();
  const Names column = {"c1", "c2", "c0", "c1", "c1", "c2", "c0", "c0", "c2", "c1"};
  const MatchResult stft = Play(g, R"({"name": "suspicious_tit_for_tat"})", Script(column), 10);
  const MatchResult tft =
      Play(g, R"({"name": "tit_for_tat", "start": "r4"})", Script(column), 10);
  CHECK(Moves(g, stft, 0) ==
        Names{"r4", "r2", "r4", "r0", "r2", "r2", "r4", "r0", "r0", "r4"});
  CHECK(stft.actions == tft.actions);
}

TEST_CASE("win_stay_lose_shift and alternator read their own played level on a ladder",
          "[classic_strategies]") {
  // The answers are r0 or r4; any action above the first counts as D.
  const NormalForm g = Ladder();
  const Names column = {"c0", "c2", "c0", "c1", "c1", "c0", "c0", "c2", "c0", "c0"};
  const MatchResult wsls = Play(g, R"({"name": "win_stay_lose_shift"})", Script(column), 10);
  CHECK(Moves(g, wsls, 0) ==
        Names{"r0", "r0", "r4", "r4", "r0", "r4", "r4", "r4", "r0", "r0"});
  const MatchResult alt = Play(g, kAlternator, Script(column), 10);
  CHECK(Moves(g, alt, 0) ==
        Names{"r0", "r4", "r0", "r4", "r0", "r4", "r0", "r4", "r0", "r4"});
  // Their own move is the one played (noise may have moved it to a middle
  // rung): after playing r2 against c0, win-stay lose-shift shifts (it "lost"
  // as D against C) and alternator switches to C.
  const int n[2] = {5, 3}, initial[2] = {0, 0};
  const std::vector<int8_t> history = {0, 0, 2, 0};  // turns 0, 1: (r0, c0), (r2, c0)
  Observation obs;
  obs.num_seats = 2;
  obs.num_actions = n;
  obs.initial = initial;
  obs.turn = 2;
  obs.actions = history.data();
  Rng rng(1, 0, 1, 0);
  CHECK(Plan(g, 0, R"({"name": "win_stay_lose_shift"})")->Make({})->Act(obs, rng) == 4);
  CHECK(Plan(g, 0, kAlternator)->Make({})->Act(obs, rng) == 0);
  CHECK(rng.blocks_drawn() == 0);
}

}  // namespace
}  // namespace geostrat
