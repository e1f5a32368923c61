// Matches of two policies on a matrix game: known scores and noise.
#include <catch2/catch.hpp>

#include "engine/analysis/match.h"
#include "games/classic_games.h"

namespace geostrat {
namespace {

std::shared_ptr<const PolicyPlan> Plan(const NormalForm& g, int seat, const std::string& json) {
  const Json j = Json::parse(json);
  return ReadPolicy(ConfigNode::Root(j, "test"), MatrixContext(g), seat);
}

MatchResult Play(const NormalForm& g, const std::string& row, const std::string& column,
                 int turns, double noise = 0, uint32_t index = 0) {
  const auto r = Plan(g, 0, row), c = Plan(g, 1, column);
  return PlayMatch({.game = &g, .row = r.get(), .column = c.get(), .turns = turns,
                    .noise = noise, .seed = 1, .index = index});
}

const char* kCooperator = R"({"name": "fixed", "action": "C"})";
const char* kDefector = R"({"name": "fixed", "action": "D"})";
const char* kTitForTat = R"({"name": "tit_for_tat"})";

TEST_CASE("Noiseless 200-turn prisoner's dilemma: known scores", "[match]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const MatchResult tft_d = Play(pd, kTitForTat, kDefector, 200);
  CHECK(tft_d.score[0] == 199);  // S once, then P 199 times
  CHECK(tft_d.score[1] == 204);  // T once, then P
  const MatchResult cc = Play(pd, kCooperator, kCooperator, 200);
  CHECK(cc.score[0] == 600);
  CHECK(cc.score[1] == 600);
  CHECK(cc.cooperations[0] == 200);
  const MatchResult tt = Play(pd, kTitForTat, kTitForTat, 200);
  CHECK(tt.score[0] == 600);
}

TEST_CASE("Noise flips played actions at the stated rate, and is reproducible", "[match]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  const MatchResult a = Play(pd, kCooperator, kCooperator, 20000, 0.1);
  const MatchResult b = Play(pd, kCooperator, kCooperator, 20000, 0.1);
  CHECK(a.actions == b.actions);
  CHECK(a.cooperations[0] / 20000.0 == Approx(0.9).margin(0.01));
  const MatchResult other = Play(pd, kCooperator, kCooperator, 20000, 0.1, 1);
  CHECK(other.actions != a.actions);
  // Tit for tat answers the played (noisy) action, not the intended one: its
  // move matches the column's last played move unless its own move was
  // flipped (rate 0.05). Copying intended moves would agree only ~0.905.
  const MatchResult t = Play(pd, kTitForTat, kCooperator, 20000, 0.05);
  int agree = 0;
  for (int turn = 1; turn < 20000; ++turn) agree += t.actions[turn * 2] == t.actions[(turn - 1) * 2 + 1];
  CHECK(agree / 19999.0 == Approx(0.95).margin(0.006));
}

TEST_CASE("Noise on three actions picks one of the other actions uniformly", "[match]") {
  const NormalForm rps = BuildClassicGame("rock_paper_scissors");
  const MatchResult m = Play(rps, R"({"name": "fixed", "action": "rock"})",
                             R"({"name": "fixed", "action": "rock"})", 30000, 0.3);
  int counts[3] = {0, 0, 0};
  for (int t = 0; t < 30000; ++t) ++counts[m.actions[t * 2]];
  CHECK(counts[0] / 30000.0 == Approx(0.7).margin(0.01));
  CHECK(counts[1] / 30000.0 == Approx(0.15).margin(0.01));
  CHECK(counts[2] / 30000.0 == Approx(0.15).margin(0.01));
}

}  // namespace
}  // namespace geostrat
