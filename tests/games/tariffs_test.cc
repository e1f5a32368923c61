// The tariffs stage game: Johnson's closed form (MODELS.md V9) against the
// numerical best response, the trade block's bounds and conservation, and the
// game in the quarter step.
#include "games/tariffs.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
#include "games/model_params.h"
#include "games/step.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

TEST_CASE("The numerical best-response tariff is Johnson's 1/(eps - 1) in the offer-curve case",
          "[games][tariffs][validation]") {
  // Special case: the exporter's export supply is its offer curve, eta = eps - 1.
  for (double eps : {1.5, 2.0, 3.0, 5.0, 11.0}) {
    for (double sigma : {0.5, 1.0, 2.5, 6.0}) {
      const TradeFlow flow{540, sigma, eps - 1.0};
      INFO("eps " << eps << " sigma " << sigma);
      CHECK(OptimalTariff(flow) == Approx(JohnsonOptimalTariff(eps)).margin(1e-6));
    }
  }
  // MODELS.md V9's examples.
  CHECK(JohnsonOptimalTariff(2.0) == Approx(1.0));
  CHECK(JohnsonOptimalTariff(3.0) == Approx(0.5));
  CHECK(JohnsonOptimalTariff(5.0) == Approx(0.25));
  CHECK_THROWS(JohnsonOptimalTariff(1.0));
}

TEST_CASE("The discrete best response picks the ladder's rung nearest in welfare to the optimum",
          "[games][tariffs]") {
  // eps 5 -> t* = 25%: between t20 and t30; the gain is asymmetric around the
  // peak, so the best rung is checked against every rung's gain.
  const TradeFlow flow{540, 2.5, 4.0};
  const int best = BestTariffAction(flow);
  for (size_t a = 0; a < TariffRates().size(); ++a) {
    CHECK(ResolveTariff(flow, TariffRates()[a]).importer_gain <=
          ResolveTariff(flow, TariffRates()[best]).importer_gain);
  }
  CHECK((TariffActionNames()[best] == "t20" || TariffActionNames()[best] == "t30"));
  // A nearly horizontal export supply (complete pass-through) makes free trade best.
  CHECK(BestTariffAction({540, 2.5, 1000.0}) == 0);
  // eps 2 -> t* = 100%: the 125% rung beats 50%.
  CHECK(TariffActionNames()[BestTariffAction({540, 2.5, 1.0})] == "t125");
}

TEST_CASE("Tariff outcomes: bounds, market clearing and the deadweight loss", "[games][tariffs]") {
  for (double sigma : {0.5, 1.0, 2.5}) {
    for (double eta : {0.5, 4.0, 50.0}) {
      const TradeFlow flow{100, sigma, eta};
      const TariffOutcome free = ResolveTariff(flow, 0.0);
      CHECK(free.world_price == 1.0);
      CHECK(free.quantity == Approx(100));
      CHECK(free.importer_gain == Approx(0).margin(1e-12));
      CHECK(free.exporter_gain == Approx(0).margin(1e-12));
      double last_quantity = free.quantity;
      for (double t : {0.05, 0.25, 1.0, 5.0}) {
        const TariffOutcome o = ResolveTariff(flow, t);
        INFO("sigma " << sigma << " eta " << eta << " t " << t);
        // The wedge: the importer pays (1 + t) times what the exporter gets.
        CHECK(o.home_price == Approx((1 + t) * o.world_price));
        CHECK(o.world_price < 1.0);
        CHECK(o.home_price > 1.0);
        // Demand equals supply at the new prices.
        CHECK(100 * std::pow(o.home_price, -sigma) == Approx(o.quantity));
        CHECK(100 * std::pow(o.world_price, eta) == Approx(o.quantity));
        // Trade shrinks as the tariff rises.
        CHECK(o.quantity < last_quantity);
        last_quantity = o.quantity;
        CHECK(o.revenue == Approx(t * o.world_price * o.quantity));
        CHECK(o.consumer_loss > 0);
        CHECK(o.exporter_gain < 0);
        // World welfare falls: free trade is efficient in partial equilibrium.
        CHECK(o.importer_gain + o.exporter_gain < 0);
      }
      // At the optimum the importer gains.
      CHECK(ResolveTariff(flow, OptimalTariff(flow)).importer_gain > 0);
    }
  }
}

TEST_CASE("V4: the 2018 tariffs pass through completely and cost the US (Fajgelbaum et al. 2020)",
          "[games][tariffs][validation]") {
  // The model's defaults: $540B of US imports from China, import demand
  // elasticity 2.5, Chinese export supply elastic enough for complete
  // pass-through. Fajgelbaum, Goldberg, Kennedy & Khandelwal (QJE 2020):
  // import prices rose by the full tariff and the US lost $7.2B a year net of
  // tariff revenue and producer gains (MODELS.md V4).
  auto by_default = [](const std::string& name) {
    for (const ModelParamField& f : GameParamFields("tariffs")) {
      if (f.spec.name == name) return f.spec.default_value;
    }
    FAIL("no tariffs parameter " << name);
    return 0.0;
  };
  const TradeFlow into_us{by_default("us_imports_from_cn"), by_default("import_elasticity_us"),
                          by_default("export_elasticity_cn")};
  const TariffOutcome o = ResolveTariff(into_us, 0.10);
  const double pass_through = (o.home_price - 1.0) / 0.10;
  CHECK(pass_through > 0.99);
  CHECK(pass_through <= 1.0);
  // A net loss, of the published order: within [$4B, $10B] a year for a 10%
  // tariff on all $540B (a triangle of 0.5 x 0.1^2 x 2.5 x 540 = $6.75B).
  CHECK(o.importer_gain < -4.0);
  CHECK(o.importer_gain > -10.0);
  // The optimal tariff against a perfectly elastic supply is near zero.
  CHECK(OptimalTariff(into_us) < 0.01);
}

TEST_CASE("The tariffs game in the quarter step: played only when listed, welfare in utilities",
          "[games][tariffs]") {
  Experiment e = LoadExperiment(testing::SourcePath("experiments/history-2018-2025.json"));
  const Scenario& s = e.scenario;
  REQUIRE(s.slot_seat[kUsTariff] >= 0);
  const ModelParams p = s.DrawParams(e.seed, 0);
  const auto weights = s.DrawAgentWeights(e.seed, 0);
  World w = InitialWorld(s, p);
  std::vector<int> actions(s.seats.size());
  for (size_t seat = 0; seat < s.seats.size(); ++seat) actions[seat] = s.seat_initial[seat];
  const int t20 = 3;
  REQUIRE(TariffActionNames()[t20] == "t20");
  actions[s.slot_seat[kUsTariff]] = t20;
  actions[s.slot_seat[kCnTariff]] = 0;  // none
  Rng chance(e.seed, 0, Rng::kChanceStream, 0);
  StepQuarter(s, p, weights, w, actions.data(), chance);
  const TariffOutcome into_us =
      ResolveTariff({p.us_imports_from_cn, p.import_elasticity_us, p.export_elasticity_cn}, 0.20);
  CHECK(w.tariff_us == 0.20);
  CHECK(w.tariff_cn == 0.0);
  CHECK(w.flows.tariff_revenue_us == Approx(into_us.revenue / 4));
  CHECK(w.flows.tariff_revenue_cn == 0.0);
  CHECK(w.flows.trade_cn_from_us == Approx(p.cn_imports_from_us / 4));
  CHECK(w.flows.tariff_welfare_us == Approx(into_us.importer_gain / 4));
  CHECK(w.flows.tariff_welfare_cn == Approx(into_us.exporter_gain / 4));
  // The utilities carry the welfare terms: the same quarter under free trade
  // differs by exactly them.
  World free = InitialWorld(s, p);
  actions[s.slot_seat[kUsTariff]] = 0;
  Rng chance2(e.seed, 0, Rng::kChanceStream, 0);
  StepQuarter(s, p, weights, free, actions.data(), chance2);
  const int us = s.AgentIndex("us"), china = s.AgentIndex("china");
  CHECK(w.last_utility[us] - free.last_utility[us] == Approx(into_us.importer_gain / 4));
  CHECK(w.last_utility[china] - free.last_utility[china] == Approx(into_us.exporter_gain / 4));

  // The baseline does not list the game: no trade flows, nothing in utilities.
  const Experiment base = LoadExperiment(testing::SourcePath("experiments/status-quo.json"));
  CHECK(base.scenario.slot_seat[kUsTariff] == -1);
  const World end = Simulation(base).Run(0);
  CHECK(end.flows.trade_us_from_cn == 0.0);
  CHECK(end.flows.tariff_welfare_us == 0.0);
}

}  // namespace
}  // namespace geostrat

namespace geostrat {
namespace {

TEST_CASE("Trade-war invariants hold in random 2018 worlds under random actions",
          "[games][tariffs]") {
  const Experiment e = LoadExperiment(testing::SourcePath("experiments/history-2018-2025.json"));
  const Scenario& s = e.scenario;
  for (uint32_t rep = 0; rep < 50; ++rep) {
    const ModelParams p = s.DrawParams(e.seed, rep);
    const auto weights = s.DrawAgentWeights(e.seed, rep);
    World w = InitialWorld(s, p);
    Rng actions_rng(e.seed, rep, 999, 0);
    std::vector<int> actions(s.seats.size());
    for (int q = 0; q < s.horizon; ++q) {
      for (size_t seat = 0; seat < s.seats.size(); ++seat) {
        actions[seat] = static_cast<int>(actions_rng.Below(s.seats[seat].actions.size()));
      }
      Rng chance(e.seed, rep, Rng::kChanceStream, q);
      StepQuarter(s, p, weights, w, actions.data(), chance);
      const Flows& f = w.flows;
      INFO("replicate " << rep << " quarter " << q);
      // The rates in force are the books' unless a deal suspends them.
      const double us_books = TariffRates()[actions[s.slot_seat[kUsTariff]]];
      const double cn_books = TariffRates()[actions[s.slot_seat[kCnTariff]]];
      CHECK(w.tariff_us <= us_books);
      CHECK(w.tariff_cn <= cn_books);
      if (w.flows.deal == 0) {
        CHECK(w.tariff_us == us_books);
        CHECK(w.tariff_cn == cn_books);
      }
      // Tariffs only shrink trade, revenue is never negative, and the two
      // sides together never gain from a trade war (managed purchases move
      // surplus between them).
      CHECK(f.trade_us_from_cn <= p.us_imports_from_cn / 4 + 1e-9);
      // A purchase pledge (countermeasures game) is the one way above free trade.
      const double pledged = w.purchase_level == action::kPledge ? p.pledge_share : 0.0;
      CHECK(f.trade_cn_from_us <= p.cn_imports_from_us * (1 + pledged) / 4 + 1e-9);
      CHECK(f.tariff_revenue_us >= 0);
      CHECK(f.tariff_revenue_cn >= 0);
      CHECK(f.tariff_welfare_us + f.tariff_welfare_cn <= 1e-9);
      CHECK(std::isfinite(f.tariff_welfare_us));
      CHECK(std::isfinite(f.tariff_welfare_cn));
    }
  }
}

}  // namespace
}  // namespace geostrat
