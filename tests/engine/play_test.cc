// The seminar mode (geostrat play): a session played with the marked choices
// is the Monte Carlo replicate itself; the dashboard, menu and narrative show
// the World's numbers and the policies' reasons; undo, fork/back and
// save/load restore exact states; the best response equals the
// counterfactual stage table; the console and the binary give the same
// transcript for the same input.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cereal/archives/binary.hpp>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/seminar/play.h"
#include "engine/seminar/play_console.h"
#include "engine/seminar/play_narrative.h"
#include "engine/report/report_transcript.h"
#include "engine/run/simulation.h"
#include "engine/analysis/stage.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::EndsWith;
using Catch::StartsWith;
using testing::ReadFile;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

const char* kLesson = "experiments/seminar/play-export-dilemma.json";

const Experiment& Lesson() {
  static const Experiment e = LoadExperiment(SourcePath(kLesson));
  return e;
}

std::string Bytes(const World& w) {
  std::ostringstream out;
  {
    cereal::BinaryOutputArchive ar(out);
    ar(w);
  }
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool HasLine(const std::string& text, const std::string& line) {
  for (const auto& l : Lines(text)) {
    if (l == line) return true;
  }
  return false;
}

std::string Transcript(const Experiment& e, const std::string& agent, const std::string& input,
                       uint32_t replicate = 0, bool colour = false) {
  PlaySession session(e, agent, replicate);
  std::istringstream in(input);
  std::ostringstream out;
  ConsoleStyle style;
  style.echo = true;
  style.colour = colour;
  CHECK(RunPlayConsole(session, in, out, style) == 0);
  return out.str();
}

// The US seats of the lesson, in menu order.
constexpr int kRestrictor = 0, kSeller = 1;
constexpr int kTight = 2, kBan = 3, kMid = 2, kOfftake = 2;

TEST_CASE("Playing the marked choices reproduces the Monte Carlo replicate byte for byte",
          "[play]") {
  // The lesson's linkage policies, and learners that read the payoff oracle
  // (which needs the previous quarter's World).
  const std::string dir = TempDir("play");
  const std::string learners = WriteFile(dir, "learners.json", R"({
    "extends": ")" + SourcePath(kLesson) + R"(",
    "name": "learners",
    "policies": {
      "export_control.restrictor": {"name": "myopic_best_response", "watch": "mineral_retaliation.controller"},
      "license_fee.buyer": {"name": "fictitious_play"},
      "mineral_retaliation.controller": {"name": "regret_matching"}}})");
  const Experiment with_learners = LoadExperiment(learners);
  for (const Experiment* e : {&Lesson(), &with_learners}) {
    for (uint32_t r : {0u, 7u}) {
      for (const char* agent : {"us", "china"}) {
        PlaySession session(*e, agent, r);
        while (!session.Finished()) session.Play(session.MarkedMoves());
        CHECK(Bytes(session.world()) == Bytes(Simulation(*e).Run(r)));
        CHECK(Bytes(session.PolicyLine(e->scenario.horizon)) == Bytes(session.world()));
      }
    }
  }
}

TEST_CASE("The agent played must have seats; a wrong id lists the valid ones nearest first",
          "[play]") {
  try {
    PlaySession(Lesson(), "uss", 0);
    FAIL("no error");
  } catch (const UsageError& e) {
    CHECK_THAT(e.what(), StartsWith("play: unknown agent 'uss' for --as; valid: us, "));
  }
  try {
    PlaySession(Lesson(), "global_south", 0);
    FAIL("no error");
  } catch (const UsageError& e) {
    CHECK_THAT(e.what(), StartsWith("play: agent 'global_south' has no seat in experiment "
                                    "'play-export-dilemma'; agents with seats: "));
  }
  PlaySession china(Lesson(), "china", 0);
  CHECK(china.seats() == std::vector<int>{2, 3, 5});  // buyer, controller, funder
}

TEST_CASE("The dashboard at the start: title, indicators from the World, status quo, menu",
          "[play]") {
  PlaySession session(Lesson(), "us", 0);
  const World& w = session.world();
  const std::string dash = PlayDashboard(session, false);
  const auto lines = Lines(dash);
  REQUIRE(lines.size() > 16);
  CHECK(lines[0] ==
        "geostrat play | play-export-dilemma | replicate 0 | you are us                          "
        "2026Q1 | quarter 1 of 12");
  CHECK(lines[1] == std::string(112, '-'));
  CHECK(lines[2] == "INDICATORS at the start            now         | STATUS QUO");
  CHECK(lines[3] == "export frontier F                0.440         | > us          restrictor license");
  CHECK(lines[7] == "US-bloc share, chip profits      0.965         | > us          target     absorb");
  CHECK(lines[15] == "  vs your configured policy          -         |");
  // The numbers shown are the World's.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", w.now.x_chip);
  CHECK_THAT(lines[4], StartsWith("US share of China's new chips    " + std::string(buf)));
  std::snprintf(buf, sizeof buf, "%.2f", w.now.gap);
  CHECK_THAT(lines[11], StartsWith("frontier gap, years               " + std::string(buf)));
  CHECK(HasLine(dash, "  - The game starts in 2026Q1 from the calibrated world, with the status quo "
                      "in force."));
  for (const auto& l : lines) CHECK(l.size() <= 112);
  CHECK(dash.find('\x1b') == std::string::npos);
  CHECK(PlayDashboard(session, true).find("\x1b[") != std::string::npos);

  CHECK(PlayMenu(session, false) ==
        "\nYOUR MOVES FOR 2026Q1  numbers or names; Enter plays the * (your configured policy); "
        "'best'; 'help'\n"
        "  export_control.restrictor   [1] open         [2] license*     [3] tight        [4] ban\n"
        "  license_fee.seller          [5] none         [6] low          [7] mid*         [8] high\n"
        "  mineral_retaliation.target  [9] absorb       [10] stockpile   [11] offtake*\n");
}

TEST_CASE("At 80 columns the panels keep side by side in short words; narrower they stack",
          "[play]") {
  PlaySession session(Lesson(), "china", 0);
  session.Play({2, 2, 2});
  // An 80-column terminal gets 79 (a line filling the last column may wrap).
  const std::string eighty = PlayDashboard(session, false, 79);
  for (const auto& l : Lines(eighty)) CHECK(l.size() <= 79);
  CHECK(Lines(eighty)[0] == "geostrat play | play-export-dilemma | rep 0 | as china | 2026Q2 (2 of 12)");
  CHECK(Lines(eighty)[2] == "INDICATORS, END 2026Q1    now change |MOVES IN 2026Q1  (^ up, v down)");
  CHECK(HasLine(eighty, "CN domestic chip share  0.952 +0.211 |> china       buyer      prohibit       ^"));
  CHECK(HasLine(eighty, " vs configured policy   +1.98        |"));
  CHECK_THAT(PlayMenu(session, false, 79),
             Contains("\n  license_fee.buyer               [1] free        [2] guide*      [3] prohibit\n"));
  PlaySession us(Lesson(), "us", 0);
  CHECK(PlayMenu(us, false, 79) ==
        "\nYOUR MOVES FOR 2026Q1  Enter plays the *; numbers or names; 'best'; 'help'\n"
        "  restrictor  [1] open        [2] license*    [3] tight       [4] ban\n"
        "  seller      [5] none        [6] low         [7] mid*        [8] high\n"
        "  target      [9] absorb      [10] stockpile  [11] offtake*\n");

  const std::string narrow = PlayDashboard(session, false, 72);
  for (const auto& l : Lines(narrow)) CHECK(l.size() <= 72);
  CHECK(HasLine(narrow, "geostrat play | play-export-dilemma | replicate 0 | you are china"));
  CHECK(HasLine(narrow, "2026Q2 | quarter 2 of 12"));
  CHECK(HasLine(narrow, "> china       buyer      prohibit       ^"));
  CHECK(HasLine(PlayDashboard(session, false, 100),
                "export frontier F                0.440  +0.000 |   us          restrictor license"));
}

TEST_CASE("What happened and why: the player's move, the policies' answers and their lags",
          "[play]") {
  PlaySession session(Lesson(), "us", 0);
  session.Play({kTight, kMid, kOfftake});
  CHECK(WhatHappened(session) ==
        std::vector<std::string>{
            "The US tightened the red line to H20-class chips: your move.",
            "The US backed non-China mineral supply with offtake and a price floor: your "
            "configured fixed policy.",
            "Chinese chipmakers invested heavily in advanced-node capacity: its fixed policy.",
            "US chip designers lobbied quietly: its fixed policy.",
            "US chip designers wrote off $0.93B of China inventory as the red line moved down."});
  const std::string dash = PlayDashboard(session, false);
  CHECK(HasLine(dash, "export frontier F                0.066  -0.374 | > us          restrictor "
                      "tight          ^"));
  session.Play(session.MarkedMoves());
  CHECK(WhatHappened(session) ==
        std::vector<std::string>{
            "The US licensed AI-chip exports to China case by case (H200-class): your configured "
            "policy, back to its baseline 'license' (cross_retaliation).",
            "China banned gallium, germanium and antimony exports to the US: answering the US's "
            "move to 'tight' in 2026Q1 (cross_retaliation, lag 1)."});
  // China's ban triggers the US policy's own answer, marked for the next quarter.
  CHECK(session.marked()[kRestrictor] == kTight);
  session.Play(session.MarkedMoves());
  CHECK(WhatHappened(session) ==
        std::vector<std::string>{"The US tightened the red line to H20-class chips: your "
                                 "configured policy, answering China's move to 'ban' in 2026Q2 "
                                 "(cross_retaliation, lag 1).",
                                 "US chip designers wrote off $1.05B of China inventory as the red "
                                 "line moved down."});
}

TEST_CASE("What happened and why: grim trigger and scripted policies", "[play]") {
  const std::string path = WriteFile(TempDir("play-why"), "why.json", R"({
    "extends": ")" + SourcePath(kLesson) + R"(", "name": "why",
    "policies": {
      "mineral_retaliation.controller": {"name": "grim_trigger", "watch": "export_control.restrictor",
                                         "cooperate": "licensing", "punish": "ban", "threshold": "tight"},
      "license_fee.buyer": {"name": "scripted", "actions": ["guide", "prohibit"]}}})");
  const Experiment e = LoadExperiment(path);
  PlaySession session(e, "us", 0);
  // China follows: it answers the player's ban in the same quarter.
  session.Play({kBan, kMid, kOfftake});
  const std::vector<std::string> first = WhatHappened(session);
  CHECK(std::count(first.begin(), first.end(),
                   "China banned gallium, germanium and antimony exports to the US: punishing the "
                   "US's move to 'ban' in 2026Q1 for ever (grim_trigger).") == 1);
  CHECK(std::count(first.begin(), first.end(),
                   "China raised the state chip R&D budget to 'high': matching the US's move to "
                   "'ban' in 2026Q1 (tit_for_tat, floor 'mid').") == 1);
  session.Play({kBan, kMid, kOfftake});
  CHECK(WhatHappened(session) ==
        std::vector<std::string>{"China prohibited purchases of US chips: as scripted for 2026Q2."});
}

TEST_CASE("What happened and why: lobbying that softens the player's export move", "[play]") {
  // The first replicate where US chip designers' quiet lobbying softens a
  // move to 'tight' in the first quarter (a chance event of the quarter).
  int found = -1;
  for (uint32_t r = 0; r < 400 && found < 0; ++r) {
    PlaySession session(Lesson(), "us", r);
    session.Play({kTight, kMid, kOfftake});
    if (session.world().flows.softened) found = static_cast<int>(r);
  }
  REQUIRE(found >= 0);
  PlaySession session(Lesson(), "us", static_cast<uint32_t>(found));
  session.Play({kTight, kMid, kOfftake});
  const auto lines = WhatHappened(session);
  CHECK(lines.front() ==
        "The US backed non-China mineral supply with offtake and a price floor: your configured "
        "fixed policy.");
  CHECK(std::find(lines.begin(), lines.end(),
                  "Lobbying softened the US export move 'tight' back to 'license' (it works only out "
                  "of the news).") != lines.end());
  CHECK(session.world().ActionAt(0, 0) == 1);  // played: license
  session.Undo();
  session.Play({kBan, kMid, kOfftake});  // the same chance draw softens a ban to tight
  CHECK(WhatHappened(session).front() ==
        "The US tightened the red line to H20-class chips: lobbying softened the planned 'ban' "
        "one notch.");
}

TEST_CASE("Undo restores the exact state, and the policies' memories with it", "[play]") {
  PlaySession session(Lesson(), "us", 0);
  CHECK_FALSE(session.Undo());
  session.Play({kTight, kMid, kOfftake});
  const std::string before = Bytes(session.world());
  const std::vector<int> marked = session.marked();
  session.Play({kBan, 0, 0});  // the escalation China's policies remember
  session.Play(session.MarkedMoves());
  REQUIRE(session.quarter() == 3);
  CHECK(session.Undo());
  CHECK(session.Undo());
  CHECK(session.quarter() == 1);
  CHECK(Bytes(session.world()) == before);
  CHECK(session.marked() == marked);
  CHECK(session.choices() == std::vector<PlayerMoves>{{kTight, kMid, kOfftake}});
  // Played on after the undo, the replicate is the one never played past it.
  PlaySession fresh(Lesson(), "us", 0);
  fresh.Play({kTight, kMid, kOfftake});
  for (int q = 1; q < 12; ++q) {
    session.Play(session.MarkedMoves());
    fresh.Play(fresh.MarkedMoves());
  }
  CHECK(Bytes(session.world()) == Bytes(fresh.world()));
}

TEST_CASE("Fork and back: a what-if branch, then the fork point exactly", "[play]") {
  PlaySession session(Lesson(), "us", 3);
  session.Play(session.MarkedMoves());
  session.Play(session.MarkedMoves());
  const std::string at_fork = Bytes(session.world());
  session.Fork("ban");
  session.Play({kBan, kMid, kOfftake});
  session.Play({kBan, kMid, kOfftake});
  const std::string transcript =
      Transcript(Lesson(), "us", "\n\nfork ban\n4\n4\nback\nquit\n", 3);
  CHECK(session.Back());
  CHECK_FALSE(session.Back());
  CHECK(session.quarter() == 2);
  CHECK(Bytes(session.world()) == at_fork);
  // The console reports the branch against the configured policy from the fork.
  PlaySession branch(Lesson(), "us", 3);
  const World policy = branch.PolicyLine(4);
  branch.Play(branch.MarkedMoves());
  branch.Play(branch.MarkedMoves());
  branch.Play({kBan, kMid, kOfftake});
  branch.Play({kBan, kMid, kOfftake});
  const double diff = branch.world().utility[branch.agent()] - policy.utility[branch.agent()];
  char buf[128];
  std::snprintf(buf, sizeof buf, "your discounted utility %.2f, %+.2f vs your configured policy",
                branch.world().utility[branch.agent()], diff);
  CHECK_THAT(transcript, Contains("fork 'ban' at 2026Q3: play the what-if; 'back' returns here "
                                  "and compares\n"));
  CHECK_THAT(transcript, Contains("what-if 'ban' from 2026Q3 to 2026Q4: " + std::string(buf) +
                                  " from the fork point\nback at fork 'ban', 2026Q3\n"));
}

TEST_CASE("Save and load: a round trip, and clear errors for other configs and other files",
          "[play]") {
  const std::string dir = TempDir("play-save");
  PlaySession session(Lesson(), "us", 5);
  session.Play({kTight, kMid, kOfftake});
  session.Fork("after the tightening");
  session.Play({kBan, 0, 1});
  session.Play(session.MarkedMoves());
  const std::string save = dir + "/lesson.sav";
  session.Save(save);

  PlaySession loaded(Lesson(), "us", 0);
  loaded.Load(save);
  CHECK(loaded.replicate() == 5);
  CHECK(loaded.quarter() == 3);
  CHECK(Bytes(loaded.world()) == Bytes(session.world()));
  CHECK(loaded.choices() == session.choices());
  CHECK(loaded.marked() == session.marked());
  REQUIRE(loaded.forks().size() == 1);
  CHECK(loaded.forks()[0].name == "after the tightening");
  CHECK(loaded.Back());
  CHECK(loaded.quarter() == 1);

  // Another config: the hash differs.
  const std::string other_path = WriteFile(dir, "longer.json", R"({
    "extends": ")" + SourcePath(kLesson) + R"(", "name": "longer", "scenario": {"horizon": 13}})");
  const Experiment other = LoadExperiment(other_path);
  PlaySession elsewhere(other, "us", 0);
  elsewhere.Play({kBan, 0, 0});
  const std::string untouched = Bytes(elsewhere.world());
  try {
    elsewhere.Load(save);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) ==
          save + ": at /config_hash: expected a save of this session's config (experiment "
                 "'longer', hash " + other.Hash() + "), found a save of experiment "
                 "'play-export-dilemma' (hash " + Lesson().Hash() +
                 "); play it with the config it was saved from");
  }
  CHECK(Bytes(elsewhere.world()) == untouched);

  PlaySession china(Lesson(), "china", 0);
  try {
    china.Load(save);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) == save + ": at /agent: expected a save of a game played as "
                                          "'china', found one played as 'us'; start the session "
                                          "with --as us");
  }
  const std::string junk = WriteFile(dir, "junk.sav", "hello");
  try {
    china.Load(junk);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) ==
          junk + ": at /: expected a save of geostrat play, found a file that is not one (5 bytes)");
  }
  const std::string bytes = testing::ReadFile(save);
  const std::string cut = WriteFile(dir, "cut.sav", bytes.substr(0, bytes.size() / 2));
  try {
    loaded.Load(cut);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), StartsWith(cut + ": at /: expected a complete save of geostrat play, "
                                          "found a damaged one ("));
  }
}

std::string Console(const std::string& input, bool ask) {
  PlaySession session(Lesson(), "us", 0);
  std::istringstream in(input);
  std::ostringstream out;
  ConsoleStyle style;
  style.echo = !ask;
  style.ask = ask;
  CHECK(RunPlayConsole(session, in, out, style) == 0);
  return out.str();
}

TEST_CASE("save asks before replacing a previous save and never replaces the config or other files", "[play]") {
  const std::string dir = TempDir("play-overwrite");
  const std::string save = dir + "/a.sav";
  const std::string notes = WriteFile(dir, "notes.txt", "my notes");
  const std::string config = SourcePath(kLesson);
  const std::string config_text = testing::ReadFile(config);
  // Piped input: nobody can answer a question, so the player is told how.
  const std::string piped = Console("save " + save + "\n3\nsave " + save + "\nsave! " + save + "\nsave " + notes +
                                        "\nsave! " + notes + "\nsave " + config + "\nsave! " + config + "\nsave " +
                                        dir + "\nsave a\x1b[2Jb\n",
                                    false);
  CHECK_THAT(piped, Contains("saved 2026Q1 to " + save + "\n"));
  CHECK_THAT(piped, Contains("error: save: " + save + " holds a previous save; 'save! " + save + "' replaces it\n"));
  CHECK_THAT(piped, Contains("saved 2026Q2 to " + save + "\n"));
  const std::string not_save = "error: save: " + notes + " exists and is not a save of geostrat play; refusing to "
                               "overwrite it (choose another file name)\n";
  CHECK_THAT(piped, Contains("save " + notes + "\n" + not_save));
  CHECK_THAT(piped, Contains("save! " + notes + "\n" + not_save));
  const std::string played = "error: save: " + config + " is the config being played; choose another file name\n";
  CHECK_THAT(piped, Contains("save " + config + "\n" + played));
  CHECK_THAT(piped, Contains("save! " + config + "\n" + played));
  CHECK_THAT(piped, Contains("error: save: " + dir + " is a folder; name a file\n"));
  CHECK_THAT(piped, Contains("error: save needs a file name without control characters\n"));
  CHECK(testing::ReadFile(notes) == "my notes");
  CHECK(testing::ReadFile(config) == config_text);
  PlaySession loaded(Lesson(), "us", 0);
  loaded.Load(save);
  CHECK(loaded.quarter() == 1);

  // At a terminal the player is asked; only yes replaces.
  const std::string no = Console("save " + save + "\nn\n", true);
  CHECK_THAT(no, Contains(save + " holds a previous save; replace it? [y/N] not saved\n"));
  loaded.Load(save);
  CHECK(loaded.quarter() == 1);
  const std::string yes = Console("save " + save + "\ny\n", true);
  CHECK_THAT(yes, Contains(save + " holds a previous save; replace it? [y/N] saved 2026Q1 to " + save + "\n"));
  loaded.Load(save);
  CHECK(loaded.quarter() == 0);
}

TEST_CASE("Damaged saves are clear errors: a changed length or version and a folder or hostile name",
          "[play]") {
  const std::string dir = TempDir("play-damaged");
  PlaySession session(Lesson(), "us", 2);
  session.Play({kTight, kMid, kOfftake});
  const std::string save = dir + "/s.sav";
  session.Save(save);
  const std::string bytes = testing::ReadFile(save);
  CHECK(bytes.size() < 2000);
  const size_t magic = std::string("geostrat play save\n").size();
  const auto error = [&](const std::string& content) {
    const std::string path = WriteFile(dir, "forged.sav", content);
    try {
      PlaySession other(Lesson(), "us", 0);
      other.Load(path);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string forged_path = dir + "/forged.sav";
  CHECK(error(bytes) == "");
  // The config hash's length (after the byte-order byte and the version),
  // one byte changed: refused from the bytes left, nothing allocated.
  std::string forged = bytes;
  forged[magic + 5 + 3] = 0x7f;
  CHECK(error(forged) == forged_path + ": at /: expected a complete save of geostrat play, found a damaged one (a "
                                       "length of 2130706448 at byte 5, more than the " +
                             std::to_string(bytes.size() - magic - 13) + " bytes after it can hold)");
  forged = bytes;
  forged[magic + 1] = 3;
  CHECK(error(forged) == forged_path + ": at /version: expected save format 2, found format 3 (written by another "
                                       "version of geostrat)");
  CHECK(error(bytes + "x") == forged_path + ": at /: expected a complete save of geostrat play, found a damaged one "
                                            "(1 unexpected bytes after the end, at byte " +
                                  std::to_string(bytes.size() - magic) + ")");
  try {
    session.Load(dir);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) ==
          dir + ": at /: expected a save of geostrat play (a regular file of at most 16 MiB), found a folder");
  }
  // A fork name that would act on the player's terminal.
  session.Fork("\x1b]0;owned\x07");
  session.Save(save);
  CHECK(error(testing::ReadFile(save)) == forged_path + ": at /forks/0/name: expected a name of at most 200 "
                                                        "printable characters, found \"\\x1b]0;owned\\x07\"");
}

TEST_CASE("The best response is the counterfactual stage table; its horizon value a scripted run",
          "[play]") {
  const Experiment& e = Lesson();
  PlaySession session(e, "us", 0);
  session.Play(session.MarkedMoves());
  session.Play(session.MarkedMoves());
  const int q = session.quarter();
  // One future, the replicate's own: the values of single runs.
  const BestAnswer best = session.Best(1);
  REQUIRE(best.seats.size() == 3);
  // Every other seat as marked: the rows of the stage table at the marked column.
  const std::vector<int>& seats = session.seats();
  const NormalForm table = StagePayoffTable(e, seats[kRestrictor], seats[kSeller], q, 0);
  const int seller = session.marked()[seats[kSeller]];
  const int restrictor = session.marked()[seats[kRestrictor]];
  for (int a = 0; a < 4; ++a) {
    CHECK(best.seats[kRestrictor].quarter[a] == table.Payoff(std::vector<int>{a, seller}, 0));
    CHECK(best.seats[kSeller].quarter[a] == table.Payoff(std::vector<int>{restrictor, a}, 0));
  }
  CHECK(best.marked_quarter == table.Payoff(std::vector<int>{restrictor, seller}, 0));
  double top = best.marked_quarter;
  for (const auto& s : best.seats) {
    for (double v : s.quarter) top = std::max(top, v);
  }
  CHECK(best.joint_quarter >= top);

  // To the horizon: the marked choices are the configured policy's run...
  CHECK(best.marked_horizon == Simulation(e).Run(0).utility[session.agent()]);
  // ...and a ban now is a run whose restrictor is scripted to ban this quarter.
  const World& w = session.world();
  const auto& actions = e.scenario.seats[seats[kRestrictor]].actions;
  Json config = Json::parse(testing::ReadFile(SourcePath("experiments/status-quo.json")));
  Json script = Json::array();
  for (int t = 0; t < q; ++t) script.push_back(actions[w.ActionAt(t, seats[kRestrictor])]);
  script.push_back("ban");
  const Json original = config["policies"]["export_control.restrictor"];
  const std::string dir = TempDir("play-best");
  const std::string path = WriteFile(dir, "scripted.json", R"({
    "extends": ")" + SourcePath(kLesson) + R"(", "name": "scripted-ban",
    "policies": {"export_control.restrictor": {"name": "scripted", "actions": )" +
                                               script.dump() + R"(, "fallback": )" +
                                               original.dump() + "}}}");
  const Experiment scripted = LoadExperiment(path);
  CHECK(best.seats[kRestrictor].horizon[kBan] ==
        Simulation(scripted).Run(0).utility[session.agent()]);

  // Five futures: the replicate's own and sampled ones from this quarter on,
  // the mean of the five lines, and the change's standard error paired.
  const BestAnswer five = session.Best(5);
  CHECK(five.futures == 5);
  std::vector<PlayerMoves> ban_line = session.choices(), marked_line = session.choices();
  PlayerMoves ban_moves = session.MarkedMoves();
  ban_moves[kRestrictor] = kBan;
  ban_line.push_back(ban_moves);
  marked_line.push_back(session.MarkedMoves());
  double sum = 0, sum_change = 0, sum_change2 = 0;
  std::vector<double> lines;
  for (uint32_t k = 0; k < 5; ++k) {
    const double v = session.Line(ban_line, e.scenario.horizon, k, q).utility[session.agent()];
    const double m = session.Line(marked_line, e.scenario.horizon, k, q).utility[session.agent()];
    lines.push_back(v);
    sum += v;
    sum_change += v - m;
    sum_change2 += (v - m) * (v - m);
  }
  CHECK(lines[0] == best.seats[kRestrictor].horizon[kBan]);  // future 0 is the run's own
  CHECK(lines[1] != lines[0]);
  CHECK(five.seats[kRestrictor].horizon[kBan] == Approx(sum / 5).epsilon(1e-12));
  const double var = (sum_change2 - sum_change * sum_change / 5) / 4;
  CHECK(five.seats[kRestrictor].horizon_se[kBan] == Approx(std::sqrt(var / 5)).epsilon(1e-9));
  CHECK(five.seats[kRestrictor].horizon_se[restrictor] == 0);  // the marked move itself

  // At the start, the exact ranking the console prints.
  PlaySession start(e, "us", 0);
  const std::string shown = BestAnswerTable(start, start.Best(), false);
  INFO(shown);
  CHECK_THAT(shown, StartsWith("THE MODEL'S BEST RESPONSE FOR 2026Q1\n"));
  CHECK_THAT(shown, Contains("averaged over 20 futures"));
  CHECK(HasLine(shown, "    1     [2] license*                57.55     +0.00          768.46     +0.00      0.00"));
  CHECK(HasLine(shown, "    3     [4] ban                     55.25     -2.30          743.32    -25.14      1.20"));
  CHECK(HasLine(shown, "  best moves together this quarter: license, none, absorb (58.30, +0.75 vs "
                       "the * choices); type: 2 5 9"));
}

TEST_CASE("Moves by number, name or seat=action; bad moves say why", "[play]") {
  PlaySession session(Lesson(), "us", 0);
  PlayerMoves m;
  CHECK(ParseMoves(session, "3 7", m) == "");
  CHECK(m == PlayerMoves{kTight, kMid, kOfftake});
  CHECK(ParseMoves(session, "ban stockpile", m) == "");
  CHECK(m == PlayerMoves{kBan, kMid, 1});
  CHECK(ParseMoves(session, "restrictor=open license_fee:high", m) == "");
  CHECK(m == PlayerMoves{0, 3, kOfftake});
  CHECK(ParseMoves(session, "TIGHT", m) == "");
  CHECK(m == PlayerMoves{kTight, kMid, kOfftake});
  CHECK(ParseMoves(session, "12", m) == "there is no move 12; the moves are numbered 1 to 11");
  CHECK(ParseMoves(session, "3 4", m) ==
        "two moves for export_control.restrictor ('tight' and 'ban', from '4'): give one per seat");
  CHECK(ParseMoves(session, "tite", m) ==
        "'tite' is neither a command nor a move; nearest: save, more, quit, tight, none, mid "
        "('help' lists all)");
  CHECK(ParseMoves(session, "seller=free", m) ==
        "'free' is not an action of license_fee.seller; valid: none, low, mid, high");
  CHECK(ParseMoves(session, "buyer=free", m) ==
        "you have no seat 'buyer'; your seats: license_fee.seller, export_control.restrictor, "
        "mineral_retaliation.target");
  // us_designer's two seats share no action name; the lobbying game names both.
  PlaySession designer(Lesson(), "us_designer", 0);
  CHECK(ParseMoves(designer, "lobbying=loud", m) ==
        "more than one seat is 'lobbying'; your seats: lobbying.sku, lobbying.lobbyist");
}

TEST_CASE("The console: echoed commands, errors then the prompt again, the end summary",
          "[play]") {
  const Experiment& e = Lesson();
  const std::string t = Transcript(e, "us", "best\n3\nfoo\nundo\nundo\nsave\nquit\n");
  CHECK_THAT(t, Contains("\n[2026Q1] us> best\nTHE MODEL'S BEST RESPONSE FOR 2026Q1\n"));
  CHECK_THAT(t, Contains("[2026Q2] us> foo\nerror: 'foo' is neither a command nor a move; "
                         "nearest: fork, low, undo, load, show, more ('help' lists all)\n"
                         "[2026Q2] us> undo\n"));
  CHECK_THAT(t, Contains("undone: back to 2026Q1\n"));
  CHECK_THAT(t, Contains("[2026Q1] us> undo\nerror: nothing to undo: no quarter has been played\n"));
  CHECK_THAT(t, Contains("[2026Q1] us> save\nerror: save needs a file name: save FILE\n"));
  CHECK_THAT(t, EndsWith("[2026Q1] us> quit\nSTOPPED before the first quarter (0 of 12 quarters "
                         "played)\n  your discounted utility (us): 0.00\n  your configured policy "
                         "on the same replicate and quarters: 0.00\n  difference: +0.00\n"));
  for (const auto& l : Lines(t)) CHECK(l.size() <= 112);
  CHECK(t.find('\x1b') == std::string::npos);
  CHECK(Transcript(e, "us", "best\n3\nfoo\nundo\nundo\nsave\nquit\n") == t);

  // Twelve quarters of the configured policy, then the end of input.
  const std::string full = Transcript(e, "us", std::string(12, '\n'));
  const World run = Simulation(e).Run(0);
  const std::string end_state = OutcomeClassNames()[DeclareClass(run.class_history)];
  char utility[64];
  std::snprintf(utility, sizeof utility, "%.2f", run.utility[e.scenario.AgentIndex("us")]);
  CHECK_THAT(full, Contains("THE END: 2028Q4 played (12 quarters)\n  end state: " + end_state));
  CHECK_THAT(full, Contains("  your discounted utility (us): " + std::string(utility) +
                            "\n  your configured policy on the same replicate and quarters: " +
                            utility + "\n  difference: +0.00 (+0.0%)\n"));
  CHECK_THAT(full, EndsWith("[end] us> (end of input)\n"));
  CHECK_THAT(Transcript(e, "us", std::string(12, '\n') + "3\n"),
             Contains("[end] us> 3\nerror: the game is over: 'undo', 'back', 'load FILE', "
                      "'save FILE' or 'quit'\n"));
}

TEST_CASE("The binary with piped input prints the console's transcript", "[play]") {
  const std::string dir = TempDir("play-cli");
  const std::string script = "best\n3\n\nfork\n4\nback\nsave " + dir + "/s.sav\nrestrictor=ban\n";
  const std::string input = WriteFile(dir, "input.txt", script);
  const std::string config = SourcePath(kLesson);
  // The same script in process first; its save is removed so that the
  // binary's save goes to a new file too.
  const std::string expected = Transcript(Lesson(), "us", script);
  fs::remove(dir + "/s.sav");
  const auto run = testing::RunGeostrat("play " + config + " --as us < " + input);
  CHECK(run.status == 0);
  CHECK(run.out == expected);
  CHECK_THAT(run.out, Contains("saved 2026Q3 to " + dir + "/s.sav\n"));
  // --load starts from the save.
  const auto resumed =
      testing::RunGeostrat("play " + config + " --as us --load " + dir + "/s.sav < /dev/null");
  CHECK(resumed.status == 0);
  CHECK_THAT(resumed.out, Contains(" 2026Q3 | quarter 3 of 12\n"));

  const auto bad = testing::RunGeostrat("play " + config + " --as uss < /dev/null");
  CHECK(bad.status == 64);
  CHECK_THAT(bad.out, StartsWith("geostrat: play: unknown agent 'uss' for --as; valid: us, "));
  const auto missing = testing::RunGeostrat("play " + config + " < /dev/null");
  CHECK(missing.status == 64);
  CHECK_THAT(missing.out, StartsWith("geostrat: play: missing --as AGENT\n"));
  const auto junk = testing::RunGeostrat("play " + config + " --as us --load " + input +
                                         " < /dev/null");
  CHECK(junk.status == 2);
  CHECK_THAT(junk.out, StartsWith("geostrat: configuration error: " + input +
                                  ": at /: expected a save of geostrat play"));
}

// ---------------------------------------------------------------- screen sizes

// The screens a console drew (each starts with the clear-screen sequence),
// each up to and including the prompt that followed it.
std::vector<std::string> Screens(const std::string& output) {
  const std::string clear = "\x1b[H\x1b[2J";
  std::vector<std::string> screens;
  for (size_t at = output.find(clear); at != std::string::npos; at = output.find(clear, at + 1)) {
    const size_t start = at + clear.size();
    const size_t prompt = output.find(" us> ", start);
    screens.push_back(output.substr(start, prompt == std::string::npos ? std::string::npos
                                                                       : prompt + 5 - start));
  }
  return screens;
}

TEST_CASE("The console fits a 100 x 30 projector and an 80 x 24 terminal; 'more' shows the rest",
          "[play]") {
  struct Size {
    size_t width;
    int height;
  };
  // A terminal of C columns gets C - 1 (play_command.cc).
  for (const Size size : {Size{99, 30}, Size{79, 24}, Size{79, 30}}) {
    INFO("screen " << size.width + 1 << " x " << size.height);
    PlaySession session(Lesson(), "us", 0);
    std::istringstream in("3\n\nundo\nshow\nmore\nhelp\nbest\n");
    std::ostringstream out;
    ConsoleStyle style;
    style.clear = true;
    style.width = size.width;
    style.height = size.height;
    CHECK(RunPlayConsole(session, in, out, style) == 0);
    const auto screens = Screens(out.str());
    REQUIRE(screens.size() == 5);  // the start, 3, Enter, undo, show
    for (const std::string& screen : screens) {
      INFO(screen);
      const auto lines = Lines(screen);
      // Everything down to the prompt fits: the title is never scrolled away.
      CHECK(static_cast<int>(lines.size()) <= size.height);
      CHECK_THAT(lines.front(), StartsWith("geostrat play | play-export-dilemma | "));
      CHECK_THAT(lines.back(), EndsWith("] us> "));
      CHECK_THAT(screen, Contains("YOUR MOVES FOR "));
      CHECK_THAT(screen, Contains("[11] offtake"));
      for (const auto& l : lines) CHECK(l.size() <= size.width);
    }
    CHECK_THAT(screens[1], Contains("WHAT HAPPENED IN 2026Q1, AND WHY"));
    CHECK_THAT(screens[1], Contains("  - The US tightened the red line to H20-class chips"));
    CHECK_THAT(screens[2], Contains("MOVES IN 2026Q2"));
    // Nothing else printed is wider than the screen: help, more, best.
    std::string printed = out.str();
    // At a terminal the Enter typed after each prompt ends its line.
    for (size_t at; (at = printed.find("\x1b[H\x1b[2J")) != std::string::npos;) {
      printed.replace(at, 7, "\n");
    }
    for (const auto& l : Lines(printed)) {
      INFO(l);
      CHECK(l.size() <= size.width);
    }
    CHECK_THAT(out.str(), Contains("end-state check: from 2027Q4 on"));
    CHECK_THAT(out.str(), Contains("best moves together this quarter"));
  }
  // The short screen says where the rest is.
  PlaySession session(Lesson(), "us", 0);
  session.Play({kTight, kMid, kOfftake});
  session.Play(session.MarkedMoves());
  const std::string cut = PlayDashboard(session, false, 79, 18);
  CHECK(Lines(cut).size() == 18);
  CHECK_THAT(Lines(cut).back(), Contains("'more' shows them all)"));
  CHECK_THAT(PlayMore(session, false, 79), Contains("China banned gallium, germanium and antimony"));
  CHECK_THAT(PlayMore(session, false, 79), Contains("  end-state check: from 2027Q4 on"));
  // Unlimited (pipes): the dashboard as it always was.
  CHECK(PlayDashboard(session, false, 112, 0) == PlayDashboard(session, false));
}

// ---------------------------------------------------------------- transcript

// A session played at the console with a transcript in `dir`/class.
std::string PlayWithTranscript(PlaySession& session, PlayTranscript& transcript,
                               const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  ConsoleStyle style;
  style.echo = true;
  CHECK(RunPlayConsole(session, in, out, style, &transcript) == 0);
  return out.str();
}

std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  std::istringstream in(row);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

TEST_CASE("The transcript holds every quarter's moves, indicators and explanations; undo removes one",
          "[play][transcript]") {
  const std::string dir = TempDir("play-transcript");
  const Experiment& e = Lesson();
  const Scenario& s = e.scenario;
  PlaySession session(e, "us", 0);
  PlayTranscript transcript(dir + "/class.md", "lesson.json", false, session);
  CHECK(transcript.files().markdown == dir + "/class.md");
  CHECK(transcript.files().csv == dir + "/class.csv");
  // Written before the first quarter: a header and no rows.
  const std::string header =
      "quarter,seat,agent,action,by,configured_policy,F,X_chip,S_CN,X_min,R_US,C_CN,P_CN,G_US,"
      "Gap,salience,utility_quarter,utility_discounted\n";
  CHECK(ReadFile(dir + "/class.csv") == header);
  const std::string empty = ReadFile(dir + "/class.md");
  CHECK_THAT(empty, StartsWith("# Seminar transcript: play-export-dilemma\n\n- config: lesson.json\n"
                               "- experiment: play-export-dilemma\n- seed: "));
  CHECK_THAT(empty, Contains("\n- replicate: 0\n- played as: us (export_control.restrictor, "
                             "license_fee.seller, mineral_retaliation.target)\n- starts: 2026Q1, "
                             "12 quarters to 2028Q4\n- quarters played: 0 of 12\n"));

  // tight, then Enter, then ban, undone.
  PlayWithTranscript(session, transcript, "3\n\n4\nundo\n");
  REQUIRE(session.quarter() == 2);
  const std::string csv = ReadFile(dir + "/class.csv");
  const std::string md = ReadFile(dir + "/class.md");
  CHECK(csv == transcript.Csv(session));
  CHECK(md == transcript.Markdown(session));
  const auto rows = Lines(csv);
  REQUIRE(rows.size() == 1 + 2 * s.seats.size());
  const World& w = session.world();
  for (int q = 0; q < 2; ++q) {
    std::vector<PlayerMoves> prefix(session.choices().begin(), session.choices().begin() + q + 1);
    const World after = session.Line(prefix, q + 1);
    for (size_t k = 0; k < s.seats.size(); ++k) {
      const auto cells = Cells(rows[1 + q * s.seats.size() + k]);
      INFO(rows[1 + q * s.seats.size() + k]);
      REQUIRE(cells.size() == 18);
      CHECK(cells[0] == s.QuarterLabel(q));
      CHECK(cells[1] == s.seats[k].id);
      CHECK(cells[2] == s.agents[s.seats[k].agent].id);
      CHECK(cells[3] == s.seats[k].actions[w.ActionAt(q, static_cast<int>(k))]);
      CHECK(cells[4] == (s.seats[k].agent == session.agent() ? "human" : "policy"));
      CHECK(std::stod(cells[6]) == Approx(after.now.f).epsilon(1e-5));
      CHECK(std::stod(cells[7]) == Approx(after.now.x_chip).epsilon(1e-5));
      CHECK(std::stod(cells[14]) == Approx(after.now.gap).epsilon(1e-5));
      CHECK(std::stod(cells[15]) == Approx(after.salience).epsilon(1e-5));
      CHECK(std::stod(cells[17]) == Approx(after.utility[session.agent()]).epsilon(1e-5));
    }
  }
  CHECK(rows[1] == Cells(rows[1])[0] + ",export_control.restrictor,us,tight,human,license," +
                       rows[1].substr(rows[1].find("license,") + 8));
  CHECK_THAT(md, Contains("\n## 2026Q1\n\n| seat | move | by | configured policy |\n"
                          "| --- | --- | --- | --- |\n"
                          "| export_control.restrictor | **tight** | **human** | license |\n"
                          "| license_fee.seller | **mid** | **human** | mid |\n"));
  CHECK_THAT(md, Contains("| license_fee.buyer | guide | policy | guide |\n"));
  CHECK_THAT(md, Contains("\nIndicators after 2026Q1:\n\n| indicator | value | change |\n"));
  CHECK_THAT(md, Contains("- quarters played: 2 of 12\n"));
  // The explanations the dashboard showed after each quarter.
  PlaySession replay(e, "us", 0);
  for (int q = 0; q < 2; ++q) {
    replay.Play(session.choices()[q]);
    const std::string section = md.substr(md.find("## " + s.QuarterLabel(q)));
    for (const std::string& line : WhatHappened(replay)) CHECK_THAT(section, Contains("- " + line + "\n"));
  }
  CHECK_THAT(md, Contains("- The US tightened the red line to H20-class chips: your move.\n"));
  // The undone quarter is gone.
  CHECK_THAT(md, !Contains("## 2026Q3"));
  CHECK(csv.find("\n2026Q3,") == std::string::npos);

  // Played to the end: the end state follows.
  PlayWithTranscript(session, transcript, std::string(10, '\n'));
  const std::string full = ReadFile(dir + "/class.md");
  CHECK_THAT(full, Contains("\n## 2028Q4\n"));
  CHECK_THAT(full, Contains("\n## The end\n\n- end state: "));
  CHECK(Lines(ReadFile(dir + "/class.csv")).size() == 1 + 12 * s.seats.size());
}

TEST_CASE("The transcript after a load or a fork's back is the history replayed", "[play][transcript]") {
  const std::string dir = TempDir("play-transcript-replay");
  PlaySession session(Lesson(), "us", 0);
  PlayTranscript transcript(dir + "/class", "lesson.json", false, session);
  PlayWithTranscript(session, transcript, "3\nfork\n4\n\n2\nback\n\nsave " + dir + "/s.sav\n");
  REQUIRE(session.quarter() == 2);
  // The same files as a transcript started on the session as it is.
  PlayTranscript fresh(dir + "/fresh.csv", "lesson.json", false, session);
  CHECK(ReadFile(dir + "/class.md") == ReadFile(dir + "/fresh.md"));
  CHECK(ReadFile(dir + "/class.csv") == ReadFile(dir + "/fresh.csv"));
  // Undo everything, then load: the quarters come back.
  PlayWithTranscript(session, transcript, "undo\nundo\n");
  CHECK(Lines(ReadFile(dir + "/class.csv")).size() == 1);
  PlayWithTranscript(session, transcript, "load " + dir + "/s.sav\n");
  CHECK(ReadFile(dir + "/class.csv") == ReadFile(dir + "/fresh.csv"));
  CHECK(ReadFile(dir + "/class.md") == ReadFile(dir + "/fresh.md"));
}

TEST_CASE("Transcript errors: an existing file, a folder, a missing folder, an unwritable place",
          "[play][transcript]") {
  const std::string dir = TempDir("play-transcript-errors");
  PlaySession session(Lesson(), "us", 0);
  auto message = [&](const std::string& path, bool replace = false) -> std::string {
    try {
      PlayTranscript(path, "lesson.json", replace, session);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  WriteFile(dir, "old.csv", "precious\n");
  CHECK(message(dir + "/old") == "play: the transcript " + dir +
                                     "/old.csv already exists; choose another --transcript or add "
                                     "--force to replace it");
  CHECK(ReadFile(dir + "/old.csv") == "precious\n");
  CHECK(message(dir + "/old.md", true) == "");  // --force
  CHECK_THAT(ReadFile(dir + "/old.csv"), StartsWith("quarter,seat,"));
  CHECK(message(dir) == "play: --transcript " + dir + " is a folder; give a file name in it, such as " +
                            dir + "/class (for class.md and class.csv)");
  CHECK(message(dir + "/none/class") == "play: cannot write the transcript " + dir +
                                            "/none/class.md: the folder " + dir +
                                            "/none does not exist");
  CHECK(message("") == "play: --transcript needs a file name, found an empty string");
  CHECK_THAT(message("/proc/geostrat-class"),
             StartsWith("cannot write the transcript /proc/geostrat-class.md ("));

  // The binary: refused before play starts, with the exit status of misuse
  // (64) or of a failure (1).
  const std::string config = SourcePath(kLesson);
  const auto exists = testing::RunGeostrat("play " + config + " --as us --transcript " + dir +
                                           "/old.csv < /dev/null");
  CHECK(exists.status == 64);
  CHECK_THAT(exists.out, StartsWith("geostrat: play: the transcript " + dir + "/old.md already exists"));
  const auto force = testing::RunGeostrat("play " + config + " --as us --force < /dev/null");
  CHECK(force.status == 64);
  CHECK_THAT(force.out, StartsWith("geostrat: play: --force replaces an existing transcript; it "
                                   "needs --transcript FILE"));
  const auto proc = testing::RunGeostrat("play " + config +
                                         " --as us --transcript /proc/geostrat-class < /dev/null");
  CHECK(proc.status == 1);
  CHECK_THAT(proc.out, StartsWith("geostrat: error: cannot write the transcript /proc/geostrat-class.md ("));
  CHECK_THAT(proc.out, !Contains("YOUR MOVES"));
  const auto help = testing::RunGeostrat("play --help");
  CHECK_THAT(help.out, Contains("--transcript"));
  CHECK_THAT(help.out, Contains("--force"));
}

TEST_CASE("The binary writes the transcript of piped play, and report renders it", "[play][transcript]") {
  const std::string dir = TempDir("play-transcript-cli");
  const std::string config = SourcePath(kLesson);
  const std::string input = WriteFile(dir, "input.txt", "3\n\nundo\n4 6\n");
  const auto run =
      testing::RunGeostrat("play " + config + " --as us --transcript " + dir + "/class < " + input);
  REQUIRE(run.status == 0);
  // The same as in process.
  PlaySession session(Lesson(), "us", 0);
  PlayTranscript transcript(dir + "/in-process", config, false, session);
  PlayWithTranscript(session, transcript, "3\n\nundo\n4 6\n");
  CHECK(ReadFile(dir + "/class.csv") == ReadFile(dir + "/in-process.csv"));
  CHECK(ReadFile(dir + "/class.md") == ReadFile(dir + "/in-process.md"));

  // The page: each quarter with its moves, the charts and the explanations.
  const std::string page = TranscriptReportHtml(dir + "/class.csv");
  CHECK(TranscriptReportHtml(dir + "/class.md") == page);
  for (const char* label : {"2026Q1", "2026Q2"}) CHECK_THAT(page, Contains(label));
  CHECK_THAT(page, Contains("tight (human; policy: license)"));
  CHECK_THAT(page, Contains("ban (human; policy: license)"));
  CHECK_THAT(page, Contains("low (human; policy: mid)"));
  CHECK_THAT(page, Contains("<svg"));
  CHECK_THAT(page, Contains("id=\"chart-transcript-shares\""));
  CHECK_THAT(page, Contains("The US tightened the red line to H20-class chips: your move."));
  CHECK_THAT(page, Contains("The US banned AI-chip exports to China: your move."));
  CHECK_THAT(page, !Contains("2026Q3"));

  const auto report = testing::RunGeostrat("report " + dir + "/class.csv");
  CHECK(report.status == 0);
  CHECK(report.out == "transcript report: " + dir + "/class.html\n");
  CHECK(ReadFile(dir + "/class.html") == page);
  const auto to = testing::RunGeostrat("report " + dir + "/class.md --out " + dir + "/page.html");
  CHECK(to.status == 0);
  CHECK(ReadFile(dir + "/page.html") == page);
  // A CSV that is not a transcript.
  const std::string other = WriteFile(dir, "other.csv", "a,b\n1,2\n");
  const auto wrong = testing::RunGeostrat("report " + other);
  CHECK(wrong.status == 2);
  CHECK_THAT(wrong.out, StartsWith("geostrat: configuration error: " + other + ": at row 1: expected "
                                   "a transcript of geostrat play --transcript"));
  CHECK_THAT(testing::RunGeostrat("report " + dir + "/missing.csv").out,
             Contains(dir + "/missing.csv"));
}

}  // namespace
}  // namespace geostrat
