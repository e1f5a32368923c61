// The 2018-2025 history replay, its timeline checks, and the backtest's
// scores against hand-computed values.
#include "engine/history/replay.h"

#include "engine/history/calibrate.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <functional>

#include "engine/core/error.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using testing::SourcePath;

const std::string& HistoryPath() {
  static const std::string p = SourcePath("experiments/history-2018-2025.json");
  return p;
}

struct History {
  MergedConfig merged;
  Experiment e;
  std::vector<TimelineMove> timeline;
};

const History& LoadHistory() {
  static const History h = [] {
    History x{LoadMergedConfig(HistoryPath()), {}, {}};
    x.e = ExperimentFromConfig(x.merged, HistoryPath());
    x.timeline = ReadTimeline(x.merged, x.e);
    return x;
  }();
  return h;
}

// The history with China's purchase rule switched off (hazard 0): the harness
// tests below count replicates exactly, and a purchase halt answering a US
// tariff in the same quarter would share them with China's tariff.
const History& LoadHistoryTariffsOnly() {
  static const History h = [] {
    History x{LoadMergedConfig(HistoryPath()), {}, {}};
    x.merged.json["policies"]["countermeasures.purchases"]["fallback"]["hazard"] = 0;
    x.e = ExperimentFromConfig(x.merged, HistoryPath());
    x.timeline = ReadTimeline(x.merged, x.e);
    return x;
  }();
  return h;
}

int Seat(const Experiment& e, const std::string& id) {
  const int seat = e.scenario.SeatIndex(id);
  REQUIRE(seat >= 0);
  return seat;
}

std::string Observed(const Experiment& e, const ReplayResult& r, const std::string& id, int q) {
  const int seat = Seat(e, id);
  const int a = r.At(q, seat).observed;
  return a < 0 ? "" : e.scenario.seats[seat].actions[a];
}

TEST_CASE("The history config starts in 2018Q1, ends in 2025Q4 and plays the tariffs game",
          "[replay]") {
  const History& h = LoadHistory();
  const Scenario& s = h.e.scenario;
  CHECK(s.QuarterLabel(0) == "2018Q1");
  CHECK(s.QuarterLabel(s.horizon - 1) == "2025Q4");
  CHECK(s.slot_seat[kUsTariff] >= 0);
  CHECK(s.slot_seat[kCnTariff] >= 0);
  // Rows 1-32 and the US, allied and technology rows from 33 on.
  std::vector<int> rows;
  for (const auto& m : h.timeline) rows.push_back(m.row);
  for (int row : {1, 3, 9, 20, 21, 25, 27, 30, 32, 36, 40, 45, 46, 52, 64}) {
    CHECK(std::find(rows.begin(), rows.end(), row) != rows.end());
  }
  CHECK(*std::max_element(rows.begin(), rows.end()) == 66);
}

TEST_CASE("The replay plays every scripted move at its quarter", "[replay]") {
  const History& h = LoadHistory();
  const Experiment& e = h.e;
  const ReplayResult r = Replay(e, 0);
  REQUIRE(r.quarters == 32);
  int played_moves = 0;
  for (const auto& m : h.timeline) {
    if (m.seat < 0) continue;
    ++played_moves;
    INFO("row " << m.row << " " << e.scenario.seats[m.seat].id);
    CHECK(r.At(m.quarter, m.seat).observed == m.action);
    // Only lobbying may change what is played, and only the export stance.
    if (e.scenario.seats[m.seat].slot != kRestrictor)
      CHECK(r.At(m.quarter, m.seat).played == m.action);
  }
  CHECK(played_moves > 40);

  // Exact sequences: the tariff war, 2018Q1-2020Q1 and 2025.
  const std::vector<std::string> us = {"none", "none", "t10", "t10", "t10",
                                       "t15",  "t20",  "t20", "t15"};
  const std::vector<std::string> cn = {"none", "none", "t10", "t10", "t10",
                                       "t15",  "t15",  "t15", "t15"};
  for (int q = 0; q < 9; ++q) {
    CHECK(Observed(e, r, "tariffs.us", q) == us[q]);
    CHECK(Observed(e, r, "tariffs.china", q) == cn[q]);
  }
  const std::vector<std::string> us2025 = {"t40", "t125", "t50",
                                           "t40"};  // rows 41-42, 43-44, 46, 58
  for (int k = 0; k < 4; ++k) CHECK(Observed(e, r, "tariffs.us", 28 + k) == us2025[k]);
  // The red line: open until row 20 (2022Q3), tight from row 30 (2023Q4), the
  // H20 ban (row 45, 2025Q2), H20 resumed (row 51) and the H200 licence (row 64).
  CHECK(Observed(e, r, "export_control.restrictor", 17) == "open");
  CHECK(Observed(e, r, "export_control.restrictor", 18) == "license");
  CHECK(Observed(e, r, "export_control.restrictor", 22) == "license");
  CHECK(Observed(e, r, "export_control.restrictor", 23) == "tight");
  CHECK(Observed(e, r, "export_control.restrictor", 29) == "ban");
  CHECK(Observed(e, r, "export_control.restrictor", 30) == "tight");
  CHECK(Observed(e, r, "export_control.restrictor", 31) == "license");
  CHECK(Observed(e, r, "license_fee.seller", 30) == "low");
  CHECK(Observed(e, r, "license_fee.seller", 31) == "mid");
  // Ga/Ge licensing (row 27, 2023Q3); China's scripts end with 2023 (held out).
  CHECK(Observed(e, r, "mineral_retaliation.controller", 21) == "open");
  CHECK(Observed(e, r, "mineral_retaliation.controller", 22) == "licensing");
  CHECK(Observed(e, r, "mineral_retaliation.controller", 24) == "");
  CHECK(Observed(e, r, "tariffs.china", 24) == "");
  CHECK(Observed(e, r, "export_control.restrictor", 31) == "license");

  // From 2024 China plays the model: it follows, so its tariff matches the US
  // rung of the same quarter.
  const int cn_seat = Seat(e, "tariffs.china"), us_seat = Seat(e, "tariffs.us");
  for (int q = 24; q < 32; ++q) CHECK(r.At(q, cn_seat).played == r.At(q, us_seat).played);
  // The model column of a scripted seat is its fallback policy on the same
  // history: China's tit for tat on the US tariff, in the quarter.
  for (int q = 0; q < 24; ++q) CHECK(r.At(q, cn_seat).model == r.At(q, us_seat).played);
  // The myopic best response of the US tariff: with complete pass-through
  // (Fajgelbaum et al. 2020, V4) the US has no terms-of-trade gain to take, so
  // Johnson's optimum 1/eta is near zero and the best rung is no tariff.
  const std::string br = e.scenario.seats[us_seat].actions[r.At(5, us_seat).best_response];
  CHECK(br == "none");
}

TEST_CASE("Timeline errors name the move, the quarter and the script", "[replay][config]") {
  const History& h = LoadHistory();
  auto error_of = [&](const std::function<void(Json&)>& edit) {
    MergedConfig m = h.merged;
    edit(m.json);
    try {
      const Experiment e = ExperimentFromConfig(m, HistoryPath());
      ReadTimeline(m, e);
    } catch (const ConfigError& err) {
      return std::string(err.what());
    }
    return std::string();
  };
  SECTION("a move whose action is not the script's") {
    const std::string msg = error_of([](Json& j) {
      for (auto& m : j["timeline"]) {
        if (m["row"] == 45) m["action"] = "tight";
      }
    });
    CHECK_THAT(msg, Contains("expected the action the script of export_control.restrictor plays in "
                             "2025Q2 ('ban'), found 'tight'"));
  }
  SECTION("a change of the script that no move explains") {
    const std::string msg = error_of([](Json& j) {
      auto& actions = j["policies"]["export_control.restrictor"]["actions"];
      actions[10] = "tight";
    });
    CHECK_THAT(msg, Contains("/policies/export_control.restrictor/actions/10"));
    CHECK_THAT(msg,
               Contains("a timeline move of export_control.restrictor in 2020Q3 explaining the "
                        "change from 'open'"));
  }
  SECTION("an unknown class lists the valid ones") {
    const std::string msg = error_of([](Json& j) { j["timeline"][0]["class"] = "TARIFF"; });
    CHECK_THAT(msg, Contains("/timeline/0/class"));
    CHECK_THAT(msg, Contains("found 'TARIFF'; valid: TAR"));
  }
  SECTION("a move on a seat that is not scripted") {
    const std::string msg = error_of([](Json& j) {
      j["timeline"][0]["seat"] = "lobbying.lobbyist";
      j["timeline"][0]["action"] = "quiet";
    });
    CHECK_THAT(msg, Contains("expected a seat whose policy is 'scripted'"));
  }
}

TEST_CASE("Forecast scores equal hand-computed values", "[replay][backtest]") {
  // 12 classes, 10 replicates, pseudo-count 0.5: a count n gives (n + 0.5) / 16.
  std::vector<double> counts(ResponseClasses().size(), 0.0);
  counts[1] = 8;  // TAR
  counts[0] = 2;  // none
  const Forecast f = ForecastFromCounts(counts, 0.5, 12.0, 8);
  CHECK(f.p[1] == 8.5 / 16);
  CHECK(f.p[0] == 2.5 / 16);
  CHECK(f.p[5] == 0.5 / 16);
  CHECK(f.lag_known);
  CHECK(f.lag == 1.5);
  const Scores s = ScoreForecasts({f, f}, {1, 0}, {0, 0});
  CHECK(s.triggers == 2);
  CHECK(s.log_score == Approx((std::log(0.53125) + std::log(0.15625)) / 2));
  // (1 - .53125)^2 + .15625^2 + 10 x .03125^2 = .25390625; with none observed
  // .53125^2 + (1 - .15625)^2 + 10 x .03125^2 = 1.00390625.
  CHECK(s.brier == Approx((0.25390625 + 1.00390625) / 2));
  CHECK(s.lag_scored == 1);  // the second trigger has no observed response
  CHECK(s.lag_error == 1.5);
  // Reliability: 2 triggers x 12 classes in ten bins; TAR's 0.53125 (bin
  // 0.5-0.6) was observed once of twice, the ten 0.03125s never.
  int pairs = 0;
  for (const ReliabilityBin& b : s.reliability) pairs += b.pairs;
  CHECK(pairs == 24);
  CHECK(s.reliability[5].pairs == 2);
  CHECK(s.reliability[5].observed_frequency == 0.5);
  CHECK(s.reliability[0].pairs == 20);
  CHECK(s.reliability[1].pairs == 2);  // none's 0.15625, observed once
  CHECK(s.reliability[1].observed_frequency == 0.5);
  CHECK(s.reliability[0].observed_frequency == 0.0);
  // A fractional count: a replicate whose first response had two classes.
  std::vector<double> half(ResponseClasses().size(), 0.0);
  half[1] = 0.5;
  half[4] = 0.5;
  const Forecast g = ForecastFromCounts(half, 0.5, 1.0, 1.0);
  CHECK(g.p[1] == Approx(1.0 / 7));
  CHECK(g.p[4] == Approx(1.0 / 7));
}

TEST_CASE("Backtest on a hand-made observed file: the model and the naive baselines",
          "[replay][backtest]") {
  const History& h = LoadHistoryTariffsOnly();
  const std::string dir = testing::TempDir("observed");
  const std::string path = testing::WriteFile(
      dir, "observed.md",
      "# a test file\n\n"
      "| # | Date | Actor | Move (code) | Parameters | Observed response (lag) | Source | Conf |\n"
      "|---|---|---|---|---|---|---|---|\n"
      "| 3 | 2018-07-06 | US | List 1: 25% on $34B (TAR) | — | [TAR 2018-07-06] China the same day "
      "| PIIE | H |\n"
      "| 7 | 2018-12-01 | US/China | Buenos Aires truce (NEG) | — | — | PIIE | H |\n"
      "| 10 | 2019-06-21 | US BIS | Sugon and others listed (EL) | — | — (nothing) | recalled | M "
      "|\n"
      "| 15 | 2020-10-17 | China NPC | Export Control Law (institutional) | — | — | recalled | M "
      "|\n");
  const std::vector<ObservedRow> rows = ReadObservedFile(path);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].instrument == "TAR");
  REQUIRE(rows[0].responses.size() == 1);
  CHECK(rows[0].responses[0].instrument == "TAR");
  CHECK(rows[0].responses[0].date == "2018-07-06");
  CHECK(rows[2].responses.empty());
  CHECK(rows[3].instrument.empty());

  BacktestOptions opt;
  opt.replicates = 10;
  const BacktestResult r = Backtest(h.merged, h.e, rows, opt);
  REQUIRE(r.triggers.size() == 2);
  REQUIRE(r.skipped.size() == 2);
  CHECK(r.skipped[0].first.row == 7);
  CHECK(r.skipped[1].first.row == 15);
  const double hit = 10.5 / 16, miss = 0.5 / 16;
  // Row 3 (2018Q3): China's model (tit for tat on the US tariff) answers with
  // a tariff in the same quarter (China follows), in every replicate.
  const BacktestTrigger& t3 = r.triggers[0];
  CHECK(t3.quarter == 2);
  CHECK(t3.observed == 1);
  CHECK(t3.observed_lag == 0);
  CHECK(t3.model.p[1] == hit);
  CHECK(t3.model.lag == 0.0);
  // "Always match in kind" predicts the trigger's own class at lag 0; "never
  // respond" predicts none.
  CHECK(t3.match_in_kind.p[1] == hit);
  CHECK(t3.never_respond.p[0] == hit);
  CHECK(r.triggers[1].match_in_kind.p[3] == hit);  // EL
  CHECK(r.triggers[1].observed == 0);
  // Never respond: ln(miss) on row 3, ln(hit) on row 10; Brier 1.37890625 and
  // 0.12890625. Match in kind scores the mirror image.
  CHECK(r.never_respond.log_score == Approx((std::log(miss) + std::log(hit)) / 2));
  CHECK(r.never_respond.brier == Approx((1.37890625 + 0.12890625) / 2));
  CHECK(r.never_respond.lag_scored == 0);
  CHECK(r.match_in_kind.log_score == Approx((std::log(hit) + std::log(miss)) / 2));
  CHECK(r.match_in_kind.brier == Approx((0.12890625 + 1.37890625) / 2));
  CHECK(r.match_in_kind.lag_scored == 1);
  CHECK(r.match_in_kind.lag_error == 0.0);
  CHECK(r.model.lag_scored == 1);
  CHECK(r.model.lag_error == 0.0);
}

TEST_CASE("Backtest: the forecast answers the trigger, base rates leave it out, windows extend",
          "[replay][backtest]") {
  const History& h = LoadHistoryTariffsOnly();
  const std::string dir = testing::TempDir("observed-conditional");
  // Rows 4 and 5 fall in the same quarter (2018Q3): row 5's tariff list is
  // played by the US tariff seat, row 4 (ECRA) by no seat. The model answers
  // the tariff with a tariff and has nothing to answer for ECRA.
  const std::string path = testing::WriteFile(
      dir, "observed.md",
      "| # | Date | Actor | Move (code) | Parameters | Observed response (lag) | Source | Conf |\n"
      "|---|---|---|---|---|---|---|---|\n"
      "| 4 | 2018-08-13 | US Congress | ECRA and FIRRMA (XC) | — | — | recalled | M |\n"
      "| 5 | 2018-08-23 | US | List 2: 25% on $16B (TAR) | — | [TAR 2018-08-23] same day | PIIE | H "
      "|\n"
      "| 6 | 2018-09-24 | US | List 3 (TAR) | — | [TAR 2018-09-24] same day | PIIE | H |\n"
      "| 40 | 2025-11-20 | US BIS | a late rule (XC) | — | — | x | L |\n");
  const std::vector<ObservedRow> rows = ReadObservedFile(path);
  BacktestOptions opt;
  opt.replicates = 10;
  const BacktestResult r = Backtest(h.merged, h.e, rows, opt);
  REQUIRE(r.triggers.size() == 4);
  const double hit = 10.5 / 16, miss = 0.5 / 16;
  const BacktestTrigger& ecra = r.triggers[0];
  const BacktestTrigger& list2 = r.triggers[1];
  CHECK(ecra.quarter == list2.quarter);
  CHECK_FALSE(ecra.played);
  CHECK(ecra.model.p[0] == hit);
  CHECK(list2.played);
  CHECK(list2.model.p[1] == hit);
  CHECK(list2.model.lag == 0.0);  // China follows: the same quarter
  // Base rates, leaving the scored trigger's year out: the three 2018
  // triggers see only row 40 (2025: none), so TAR gets .5 / (1 + 6) and no lag
  // is known; row 40 sees the 2018 ones (none, TAR, TAR): TAR (2 + .5) / (3 +
  // 6), at their observed lag 0.
  const BacktestTrigger& late = r.triggers[3];
  CHECK(ecra.base_rates.p[0] == Approx(1.5 / 7));
  CHECK(ecra.base_rates.p[1] == Approx(0.5 / 7));
  CHECK(list2.base_rates.p[1] == Approx(0.5 / 7));
  CHECK_FALSE(list2.base_rates.lag_known);
  CHECK(late.base_rates.p[1] == Approx(2.5 / 9));
  CHECK(late.base_rates.p[0] == Approx(1.5 / 9));
  CHECK(late.base_rates.lag == 0.0);
  // A trigger whose window runs past the config's 32 quarters extends the
  // simulation to cover it instead of scoring "none" by construction.
  CHECK(late.quarter == 31);
  CHECK(r.horizon == 31 + 4 + 1);
  // With --train, base rates come from the training rows only.
  opt.train = ReadObservedFile(testing::WriteFile(
      dir, "train.md",
      "| # | Date | Actor | Move (code) | Parameters | Observed response (lag) | Source | Conf |\n"
      "| 1 | 2018-03-22 | US | x (TAR) | — | [MIN 2018-04-04] y | s | H |\n"));
  const BacktestResult t = Backtest(h.merged, h.e, rows, opt);
  CHECK(t.triggers[0].base_rates.p[4] == Approx(1.5 / 7));
  // Every observed class (none, TAR, TAR, none) got 0.5 / 7.
  CHECK(t.base_rates.log_score == Approx(std::log(0.5 / 7)));
  CHECK(std::log(miss) < t.base_rates.log_score);
}

TEST_CASE("Stylised fact: tariff for tariff within the same quarter (TIMELINE rows 3, 5, 6, 8)",
          "[replay][backtest][stylised]") {
  // Rows 3, 5 and 6 (2018 lists 1-3) were answered by China the same day,
  // row 8 (List 3 raised to 25%) three days later. The model's answer to each
  // of those moves, with and without it under common random numbers: a
  // Chinese tariff in the same quarter with probability at least 0.75, the mode.
  const History& h = LoadHistory();
  const std::vector<ObservedRow> all =
      ReadObservedFile(SourcePath("experiments/history/observed-1-32.md"));
  std::vector<ObservedRow> rows;
  for (const ObservedRow& row : all) {
    if (row.row == 3 || row.row == 5 || row.row == 6 || row.row == 8) rows.push_back(row);
  }
  REQUIRE(rows.size() == 4);
  BacktestOptions opt;
  opt.replicates = 50;
  const BacktestResult r = Backtest(h.merged, h.e, rows, opt);
  REQUIRE(r.triggers.size() == 4);
  const int tar = 1;
  for (const BacktestTrigger& t : r.triggers) {
    INFO("row " << t.row.row);
    CHECK(t.played);
    CHECK(t.observed == tar);
    CHECK(t.observed_lag == 0);
    // Most replicates answer with a tariff alone; a few also halt purchases
    // in the same quarter (the purchase rule's hazard), sharing the replicate.
    CHECK(t.model.p[tar] >= 0.75);
    CHECK(std::max_element(t.model.p.begin(), t.model.p.end()) - t.model.p.begin() == tar);
    CHECK(t.model.lag == 0.0);
  }
}

TEST_CASE("Stylised fact: technology controls answered by mineral controls within the quarter "
          "(TIMELINE rows 20, 30)",
          "[replay][backtest][stylised]") {
  // The October 2023 rule (row 30) was answered by graphite controls three
  // days later. Under the fitted rules (experiments/history-fitted.json) a
  // mineral control is the model's most likely answer in the same quarter,
  // and likelier than to the first chip rule of August 2022 (row 20): the
  // controls left unanswered in between raise the hazard (grievance).
  const std::string path = SourcePath("experiments/history-fitted.json");
  const MergedConfig merged = LoadMergedConfig(path);
  const Experiment e = ExperimentFromConfig(merged, path);
  const std::vector<ObservedRow> all =
      ReadObservedFile(SourcePath("experiments/history/observed-1-32.md"));
  std::vector<ObservedRow> rows;
  for (const ObservedRow& row : all) {
    if (row.row == 20 || row.row == 30) rows.push_back(row);
  }
  REQUIRE(rows.size() == 2);
  BacktestOptions opt;
  opt.replicates = 200;
  opt.window = 0;
  const BacktestResult r = Backtest(merged, e, rows, opt);
  REQUIRE(r.triggers.size() == 2);
  const int min = 4;  // ResponseClasses(): none, TAR, XC, EL, MIN, ...
  REQUIRE(ResponseClasses()[min] == "MIN");
  const Forecast& august_2022 = r.triggers[0].model;
  const Forecast& october_2023 = r.triggers[1].model;
  CHECK(r.triggers[1].observed == min);
  CHECK(std::max_element(october_2023.p.begin(), october_2023.p.end()) - october_2023.p.begin() ==
        min);
  CHECK(october_2023.p[min] >= 0.3);
  CHECK(october_2023.p[min] > august_2022.p[min]);
}

TEST_CASE("Stylised fact: no Chinese concession on technology policy (TIMELINE rows 1-32)",
          "[replay][stylised]") {
  // China's R&D budget and purchase guidance, wherever the model plays them,
  // never fall, whatever the US does (its loosenings included: lobbying
  // softens the red line in some quarters); China's concessions are
  // purchases and suspensions of its own countermeasures (rows 2, 7, 12).
  const History& h = LoadHistory();
  const Scenario& s = h.e.scenario;
  int loosenings = 0;
  for (uint32_t rep = 0; rep < 20; ++rep) {
    const ReplayResult r = Replay(h.e, rep);
    const int restrictor = s.SeatIndex("export_control.restrictor");
    for (const char* id : {"substitution_rnd.funder", "license_fee.buyer"}) {
      const int seat = s.SeatIndex(id);
      for (int q = 1; q < r.quarters; ++q) {
        INFO(id << " in " << s.QuarterLabel(q) << ", replicate " << rep);
        CHECK(r.At(q, seat).model >= r.At(q - 1, seat).played);
        loosenings += r.At(q, restrictor).played < r.At(q - 1, restrictor).played;
      }
    }
  }
  // The check met US loosenings, so it could have failed.
  CHECK(loosenings > 0);
}

TEST_CASE("Observed files: sides from the actor's words or a Side column", "[replay][backtest]") {
  CHECK(ActorSide("US BIS") == "us");
  CHECK(ActorSide("China MOFCOM/GAC") == "china");
  CHECK(ActorSide("US/JP/NL") == "us");
  CHECK(ActorSide("US/China") == "joint");
  CHECK(ActorSide("Huawei") == "china");
  CHECK(ActorSide("Chinese provinces") == "china");
  CHECK(ActorSide("Netherlands") == "us");
  // Words, not substrings: "CACHE" is not CAC, "USTRA" not US.
  CHECK(ActorSide("CACHE Foundation") == "");
  CHECK(ActorSide("USTRA") == "");
  const std::string dir = testing::TempDir("observed-side");
  const std::vector<ObservedRow> rows = ReadObservedFile(testing::WriteFile(
      dir, "side.md",
      "| # | Date | Actor | Side | Move (code) | Parameters | Observed response (lag) |\n"
      "|---|---|---|---|---|---|---|\n"
      "| 1 | 2018-03-22 | a consortium | china | x (TAR) | — | — |\n"));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].side == "china");
  CHECK(rows[0].instrument == "TAR");
}

TEST_CASE("Observed files: errors name the file and the line", "[replay][backtest][config]") {
  const std::string dir = testing::TempDir("observed-bad");
  const std::string header =
      "| # | Date | Actor | Move (code) | Parameters | Observed response (lag) | Source | Conf |\n";
  auto error_of = [&](const std::string& body) {
    const std::string path = testing::WriteFile(dir, "bad.md", header + body);
    try {
      ReadObservedFile(path);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(error_of("| 3 | 2018-07-06 | US | x (TAR) | — | [TARIFF 2018-07-06] x | s | H |\n"),
             StartsWith(dir + "/bad.md: at line 2: expected a known response class name, found "
                              "'TARIFF'; valid: TAR"));
  CHECK_THAT(error_of("| 3 | 2018-07-06 | US | x (TAR) | — | China answered | s | H |\n"),
             Contains("expected '—' (no response) or tags [CODE YYYY-MM-DD]"));
  CHECK_THAT(error_of("| x3 | 2018-07-06 | US | x (TAR) | — | — | s | H |\n"),
             Contains("expected a row number in the first cell, found 'x3'"));
  CHECK_THAT(error_of("| 3 | July 2018 | US | x (TAR) | — | — | s | H |\n"),
             Contains("expected a date like 2018-07-06 in the Date cell"));
  CHECK_THAT(error_of("| 3 | 2018-07-06 | a consortium | x (TAR) | — | — | s | H |\n"),
             StartsWith(dir + "/bad.md: at line 2: expected an actor naming a known government, "
                              "agency or firm (US, USA, BIS"));
  CHECK_THAT(error_of("| 3 | 2018-07-06 | US | x (TARIFF) | — | — | s | H |\n"),
             StartsWith(dir + "/bad.md: at line 2: expected a known instrument code name, found "
                              "'TARIFF'; valid: TAR, "));
  CHECK_THAT(error_of("| 3 | 2018-07-06 | US | x (TAR) | — | [TAR 2018-07-01] x | s | H |\n"),
             Contains("expected a response dated on or after the move (2018-07-06)"));
  const std::string sided =
      "| # | Date | Actor | Side | Move (code) | Parameters | Observed response (lag) |\n";
  CHECK_THAT(error_of(sided + "| 3 | 2018-07-06 | US | usa | x (TAR) | — | — |\n"),
             StartsWith(dir + "/bad.md: at line 3: expected a known side name, found 'usa'; "
                              "valid: us, china, joint"));
  // A date outside the config's quarters is an error when backtested.
  const std::string early = testing::WriteFile(
      dir, "early.md", header + "| 1 | 2017-12-31 | US | x (TAR) | — | — | s | H |\n");
  BacktestOptions opt;
  opt.replicates = 2;
  try {
    Backtest(LoadHistory().merged, LoadHistory().e, ReadObservedFile(early), opt);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK_THAT(std::string(e.what()),
               StartsWith(dir + "/early.md: at line 2: expected a date inside the config's quarters "
                                "(2018Q1 to 2025Q4), found '2017-12-31' (row 1)"));
  }
}

TEST_CASE("geostrat replay and backtest write complete run folders", "[replay][integration]") {
  namespace fs = std::filesystem;
  const std::string tmp = testing::TempDir("replay-cli");
  const auto r = testing::RunGeostrat("replay " + HistoryPath() + " --out " + tmp + "/replay");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("2018Q3"));
  CHECK_THAT(r.out, Contains("row 30 2023-10-17 US BIS (XC)"));
  const std::string csv = testing::ReadFile(tmp + "/replay/replay.csv");
  CHECK_THAT(csv, StartsWith("quarter,seat,observed,played,model,best_response,rows\n"));
  CHECK_THAT(csv, Contains("2023Q4,export_control.restrictor,tight,"));
  CHECK_THAT(csv, Contains("2025Q2,tariffs.us,t125,t125,"));
  CHECK(fs::exists(tmp + "/replay/indicators.csv"));
  CHECK(fs::exists(tmp + "/replay/manifest.json"));

  const auto b = testing::RunGeostrat("backtest " + HistoryPath() + " --observed " +
                                      SourcePath("experiments/history/observed-1-32.md") +
                                      " --replicates 20 --out " + tmp + "/backtest");
  INFO(b.out);
  REQUIRE(b.status == 0);
  CHECK_THAT(b.out, Contains("always match in kind"));
  CHECK_THAT(b.out, Contains("never respond"));
  const Json summary = Json::parse(testing::ReadFile(tmp + "/backtest/backtest.json"));
  CHECK(summary["replicates"] == 20);
  CHECK(summary["triggers"].size() == 27);
  CHECK(summary["scores"]["never_respond"]["lag_scored"] == 0);
  for (const char* f : {"model", "match_in_kind", "never_respond", "base_rates"}) {
    INFO(f);
    CHECK(summary["scores"][f]["triggers"] == 27);
    CHECK(summary["scores"][f]["log_score"].is_number());
    CHECK(summary["scores"][f]["brier"].is_number());
    CHECK(summary["scores"][f]["reliability"].size() == 10);
  }
  CHECK_THAT(b.out, Contains("base rates (leave year out)"));
  // validate checks the timeline against the scripts.
  Json bad = LoadHistory().merged.json;
  for (auto& m : bad["timeline"]) {
    if (m["row"] == 27) m["action"] = "ban";
  }
  const std::string bad_path = testing::WriteFile(tmp, "bad-history.json", bad.dump(2));
  const auto v = testing::RunGeostrat("validate " + bad_path);
  CHECK(v.status == 2);
  CHECK_THAT(v.out, Contains("the script of mineral_retaliation.controller plays in 2023Q3 "
                             "('licensing'), found 'ban'"));
  CHECK(testing::RunGeostrat("validate " + HistoryPath()).status == 0);
  // A missing --observed is a usage error; an output folder that exists too.
  CHECK(testing::RunGeostrat("backtest " + HistoryPath()).status == 64);
  CHECK(testing::RunGeostrat("replay " + HistoryPath() + " --out " + tmp + "/replay").status == 64);
}

}  // namespace
}  // namespace geostrat

namespace geostrat {
namespace {

TEST_CASE("Every seminar lesson validates, runs in seconds and is described in its README",
          "[replay][seminar][integration]") {
  namespace fs = std::filesystem;
  const std::string dir = SourcePath("experiments/seminar");
  const std::string readme = testing::ReadFile(dir + "/README.md");
  const std::string tmp = testing::TempDir("seminar");
  int lessons = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++lessons;
    const std::string file = entry.path().string();
    const std::string name = entry.path().stem().string();
    INFO(file);
    CHECK_THAT(readme, Contains("experiments/seminar/" + name + ".json"));
    const bool tournament = Json::parse(testing::ReadFile(file)).contains("game");
    const auto r = testing::RunGeostrat((tournament ? "tournament " + file + " --repetitions 2"
                                                    : "run " + file + " --replicates 50") +
                                        " --report --out " + tmp + "/" + name);
    INFO(r.out);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Contains(tournament ? "rank" : "symbiotic_bifurcation"));
    CHECK(fs::exists(tmp + "/" + name + "/manifest.json"));
    CHECK(fs::exists(tmp + "/" + name + "/report.html"));
  }
  CHECK(lessons >= 7);  // four lessons, three of them what-if pairs
}

// ---------------------------------------------------------------------------
// calibrate

std::vector<ObservedRow> ObservedRows(std::initializer_list<int> wanted) {
  std::vector<ObservedRow> rows;
  for (const ObservedRow& row :
       ReadObservedFile(SourcePath("experiments/history/observed-1-32.md"))) {
    if (std::find(wanted.begin(), wanted.end(), row.row) != wanted.end()) rows.push_back(row);
  }
  return rows;
}

TEST_CASE("Calibrate: every response rule is free; the fit never scores below its start",
          "[replay][calibrate]") {
  const History& h = LoadHistory();
  const auto free = FreeNumbers(h.merged.json);
  // Seven rules (China's three countermeasure seats, purchase guidance and
  // mineral controls; the US red line and mineral offtake), two numbers
  // each, in seat-name order.
  REQUIRE(free.size() == 14);
  CHECK(free[0] == std::pair<std::string, std::string>{"countermeasures.listing", "hazard"});
  CHECK(free[13] ==
        std::pair<std::string, std::string>{"mineral_retaliation.target", "grievance"});

  // Rows 3, 9 (EL answered by EL), 20 and 30 (XC answered by minerals).
  const std::vector<ObservedRow> rows = ObservedRows({3, 9, 20, 30});
  CalibrateOptions opt;
  opt.backtest.replicates = 10;
  opt.sweeps = 1;
  opt.cross_validate = false;
  opt.threads = 1;
  const CalibrationResult one = Calibrate(h.merged, h.e, rows, opt);
  REQUIRE(one.numbers.size() == 14);
  CHECK(one.fitted.triggers == 4);
  CHECK(one.fitted.log_score >= one.start.log_score);
  for (const FittedNumber& f : one.numbers) {
    INFO(f.seat << " " << f.name);
    const auto& grid = CalibrationGrid(f.name);
    CHECK(std::find(grid.begin(), grid.end(), f.value) != grid.end());
    CHECK(f.low <= f.value);
    CHECK(f.value <= f.high);
    CHECK(f.profile.size() == grid.size());
  }
  // Row 9's listing answer makes a listing hazard above the smallest the fit.
  CHECK(one.numbers[0].value > 0.02);

  // The same fit on two threads.
  opt.threads = 2;
  const CalibrationResult two = Calibrate(h.merged, h.e, rows, opt);
  for (size_t i = 0; i < one.numbers.size(); ++i) {
    CHECK(two.numbers[i].value == one.numbers[i].value);
    CHECK(two.numbers[i].profile == one.numbers[i].profile);
  }

  // The fitted config restates each rule's policy whole, loads, and draws the
  // fitted numbers from their intervals.
  const Json fitted = FittedConfig(one, h.merged.json, HistoryPath(), "fitted", "observed.md");
  Json child = fitted;
  child.erase("extends");
  Json merged = h.merged.json;
  for (auto it = child["policies"].begin(); it != child["policies"].end(); ++it)
    merged["policies"][it.key()] = *it;
  const Experiment e = ExperimentFromConfig({merged, h.merged.sources}, HistoryPath());
  const Json listing = e.policies[e.scenario.SeatIndex("countermeasures.listing")]->ToJson();
  CHECK(listing["fallback"]["name"] == "response_rule");
}

TEST_CASE("Calibrate: a journal makes an interrupted calibration resume with the same result",
          "[replay][calibrate]") {
  namespace fs = std::filesystem;
  const History& h = LoadHistory();
  const std::vector<ObservedRow> rows = ObservedRows({3, 9, 30});
  CalibrateOptions opt;
  opt.backtest.replicates = 8;
  opt.sweeps = 1;
  opt.cross_validate = false;
  const std::string dir = testing::TempDir("calibrate-journal");
  opt.journal = dir + "/journal.jsonl";
  const CalibrationResult first = Calibrate(h.merged, h.e, rows, opt);
  // Rerun on the journal: every likelihood is read back (only the start and
  // fitted scores, which are not journaled, are backtests again), and the
  // fit is the same to the last bit.
  const CalibrationResult again = Calibrate(h.merged, h.e, rows, opt);
  CHECK(again.reused == again.evaluations - 2);
  REQUIRE(again.numbers.size() == first.numbers.size());
  for (size_t i = 0; i < first.numbers.size(); ++i) {
    CHECK(again.numbers[i].value == first.numbers[i].value);
    CHECK(again.numbers[i].profile == first.numbers[i].profile);
  }
  CHECK(again.fitted.log_score == first.fitted.log_score);
  // A journal written under other options is refused, not mixed in.
  CalibrateOptions other = opt;
  other.backtest.replicates = 9;
  CHECK_THROWS_WITH(Calibrate(h.merged, h.e, rows, other),
                    Catch::Contains(opt.journal) &&
                        Catch::Contains("another calibration's; remove its folder to start again"));
  // The command line keeps the journal beside the folder until it is done.
  const std::string out = dir + "/fit";
  fs::create_directories(out + ".inprogress");
  const std::string command = "calibrate " + HistoryPath() + " --observed " +
                              SourcePath("experiments/history/observed-1-32.md") + " --out " + out;
  const auto blocked = testing::RunGeostrat(command);
  CHECK(blocked.status == 64);
  CHECK_THAT(blocked.out, Contains("holds an interrupted calibration: add --resume to continue it"));
  fs::remove_all(out + ".inprogress");
  const auto nothing = testing::RunGeostrat(command + " --resume");
  CHECK(nothing.status == 64);
  CHECK_THAT(nothing.out, Contains("--resume: nothing to resume"));
}

TEST_CASE("Calibrate: a config without response rules is a clear error", "[replay][calibrate]") {
  const History& h = LoadHistory();
  Json none = h.merged.json;
  for (auto it = none["policies"].begin(); it != none["policies"].end(); ++it) {
    if (it->contains("fallback") && (*it)["fallback"]["name"] == "response_rule")
      (*it)["fallback"] = {{"name", "fixed"}};
  }
  const MergedConfig c{none, h.merged.sources};
  const Experiment e = ExperimentFromConfig(c, HistoryPath());
  CHECK_THROWS_WITH(Calibrate(c, e, ObservedRows({3}), CalibrateOptions{}),
                    Contains("expected at least one seat (or script fallback) playing "
                             "response_rule, found none: there is nothing to calibrate"));
}

}  // namespace
}  // namespace geostrat
