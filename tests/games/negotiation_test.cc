// The negotiation game: a deal forms when both sides offer, suspends the
// latest round of covered measures for its term (the books keep them),
// pledges China's purchases, lapses at the end of its term unless both offer
// again, and is renewed on its original caps. Rows 7 and 12 of TIMELINE in
// the history config.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
#include "games/tariffs.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Names = std::vector<std::string>;

Json Scripted(const Names& actions) { return {{"name", "scripted"}, {"actions", actions}}; }

// A trade war between two scripted sides, with the negotiation and
// countermeasures games; `us_offers` and `cn_offers` script the negotiators.
Experiment TradeWar(const Names& us_tariff, const Names& us_offers, const Names& cn_offers,
                    int reach = 1) {
  const Names cn_tariff = {"none", "t10", "t20", "t20", "t20", "t20", "t20", "t20"};
  Json config = {
      {"name", "negotiation_test"},
      {"seed", 11},
      {"replicates", 1},
      {"scenario",
       {{"horizon", 8},
        {"agents",
         {{"us", {{"kind", "country"}, {"bloc", "us"}}},
          {"china", {{"kind", "country"}, {"bloc", "china"}}}}},
        {"games",
         {{"tariffs", Json::object()},
          {"countermeasures", Json::object()},
          {"negotiation", {{"params", {{"deal_reach", reach}}}}}}}}},
      {"policies",
       {{"tariffs.us", Scripted(us_tariff)},
        {"tariffs.china", Scripted(cn_tariff)},
        {"countermeasures.regulator", Scripted({"none", "none", "probe"})},
        {"countermeasures.listing", Scripted({"none"})},
        {"countermeasures.purchases", Scripted({"normal", "normal", "halt"})},
        {"negotiation.us", Scripted(us_offers)},
        {"negotiation.china", Scripted(cn_offers)}}}};
  const std::string dir = testing::TempDir("negotiation");
  return LoadExperiment(testing::WriteFile(dir, "experiment.json", config.dump(2)));
}

// The World after each quarter of replicate 0.
std::vector<World> After(const Experiment& e) {
  std::vector<World> worlds;
  Simulation(e).Run(0, [&](const World& w) { worlds.push_back(w); });
  worlds.erase(worlds.begin());  // the state before the first quarter
  return worlds;
}

const Names kUsTariff = {"none", "t10", "t20", "t20", "t20", "t20", "t20", "t20"};
const Names kNone = {"none"};

double Rate(const std::string& name) {
  const auto& names = TariffActionNames();
  return TariffRates()[static_cast<size_t>(std::find(names.begin(), names.end(), name) -
                                           names.begin())];
}

TEST_CASE("negotiation: a 90-day deal suspends the latest round for one quarter, then lapses",
          "[games][negotiation]") {
  // Both sides offer in quarter 2, the quarter of the second round (t10 ->
  // t20) and of China's probe and purchase halt.
  const Names offer = {"none", "none", "ninety_days", "none"};
  const auto w = After(TradeWar(kUsTariff, offer, offer));
  REQUIRE(w.size() == 8);
  const Experiment e = TradeWar(kUsTariff, offer, offer);
  // (The buy-side block starts at the status quo of the license_fee game,
  // which is not played here.)
  const int us = e.scenario.SeatIndex("tariffs.us");
  // Quarter 2: the books say t20 and probe; in force are t10, no probe, and
  // pledged purchases.
  CHECK(w[2].flows.deal == 1);
  CHECK(w[2].ActionAt(2, us) == 3);  // t20 on the books
  CHECK(w[2].tariff_us == Rate("t10"));
  CHECK(w[2].tariff_cn == Rate("t10"));
  CHECK(w[2].block == Approx(w[1].block));
  CHECK(w[2].purchase_level == action::kPledge);
  // Quarter 3: no renewal, so the deal lapses and the books apply again.
  CHECK(w[3].flows.deal == 0);
  CHECK(w[3].tariff_us == Rate("t20"));
  CHECK(w[3].tariff_cn == Rate("t20"));
  CHECK(w[3].block > w[1].block);
  CHECK(w[3].purchase_level == action::kHalt);
  // Before the deal, nothing is suspended.
  CHECK(w[1].flows.deal == 0);
  CHECK(w[1].tariff_us == Rate("t10"));
}

TEST_CASE("negotiation: a deal freezes covered measures and is renewed on its first caps",
          "[games][negotiation]") {
  // The US raises to t50 in quarter 3 while a year-long deal (quarters 2-5)
  // holds: frozen at t10. Both offer again in quarter 6, when the term has
  // ended: renewed with the caps of quarter 2, not recomputed from the books.
  const Names us_tariff = {"none", "t10", "t20", "t50", "t50", "t50", "t50", "t50"};
  const Names offer = {"none", "none", "year", "none", "none", "none", "year", "none"};
  const auto w = After(TradeWar(us_tariff, offer, offer));
  for (int q = 2; q <= 7; ++q) {
    INFO("quarter " << q);
    CHECK(w[q].flows.deal == 1);
    CHECK(w[q].tariff_us == Rate("t10"));
  }
  // Without the renewal the deal lapses after four quarters.
  const Names once = {"none", "none", "year", "none"};
  const auto l = After(TradeWar(us_tariff, once, once));
  CHECK(l[5].flows.deal == 1);
  CHECK(l[6].flows.deal == 0);
  CHECK(l[6].tariff_us == Rate("t50"));
}

TEST_CASE("negotiation: a deal takes the shorter term; one offer alone is no deal; reach 0 "
          "freezes",
          "[games][negotiation]") {
  const Names year = {"none", "none", "year", "none"};
  const Names ninety = {"none", "none", "ninety_days", "none"};
  const auto shorter = After(TradeWar(kUsTariff, year, ninety));
  CHECK(shorter[2].flows.deal == 1);
  CHECK(shorter[3].flows.deal == 0);
  const auto alone = After(TradeWar(kUsTariff, year, kNone));
  for (const World& w : alone) CHECK(w.flows.deal == 0);
  CHECK(alone[2].tariff_us == Rate("t20"));
  // deal_reach 0: the measures in force are frozen, the latest round stays.
  const auto frozen = After(TradeWar(kUsTariff, ninety, ninety, 0));
  CHECK(frozen[2].flows.deal == 1);
  CHECK(frozen[2].tariff_us == Rate("t20"));
  CHECK(frozen[2].purchase_level == action::kPledge);
}

TEST_CASE("negotiation: deals in the history config suspend rather than repeal (rows 7, 12)",
          "[games][negotiation][validation]") {
  // Buenos Aires (2018Q4, extended in 2019Q1) and Phase One (2020Q1-2021Q4)
  // hold while they run; every tariff stays on the books through both, and
  // the pledge ends when Phase One lapses in 2022Q1.
  const Experiment e = LoadExperiment(testing::SourcePath("experiments/history-2018-2025.json"));
  const auto w = After(e);
  const int us = e.scenario.SeatIndex("tariffs.us");
  const int cn = e.scenario.SeatIndex("tariffs.china");
  auto deal = [&](int q) { return w[static_cast<size_t>(q)].flows.deal == 1; };
  CHECK(deal(3));
  CHECK(deal(4));
  CHECK_FALSE(deal(5));
  for (int q = 8; q < 16; ++q) CHECK(deal(q));
  CHECK_FALSE(deal(16));
  for (int q = 3; q < 16; ++q) {
    INFO("quarter " << q);
    CHECK(w[q].ActionAt(q, us) > 0);
    CHECK(w[q].ActionAt(q, cn) > 0);
    CHECK(w[q].tariff_us > 0.0);
    CHECK(w[q].tariff_cn > 0.0);
    if (deal(q)) CHECK(w[q].purchase_level == action::kPledge);
  }
  CHECK(w[16].purchase_level == action::kNormalPurchases);
}

}  // namespace
}  // namespace geostrat
