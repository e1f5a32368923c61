// The model's economics (docs/model.md §3.4 and §9): China's demand system
// as a market (budget balance, caps cleared by price), the licence fee's
// Laffer shape against its closed-form optimum, the walk-away threshold,
// levers without cliffs, and the signed comparative statics of the table in
// docs/model.md §9, each under common random numbers.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
#include "games/china_market.h"
#include "games/step.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Json = nlohmann::json;

Json BaselineJson() {
  static const Json j = Json::parse(testing::ReadFile(testing::SourcePath("experiments/status-quo.json")));
  return j;
}

Experiment FromJson(const Json& json) {
  MergedConfig merged{json, std::make_shared<SourceMap>()};
  merged.sources->Record("", "economy.json");
  return ExperimentFromConfig(merged, "economy.json");
}

// A two-option market (licensed imports and deferral) with no caps: the
// setting of the inverse-elasticity rule.
ChinaMarketInput ImportOnly(double fee) {
  ChinaMarketInput in;
  in.budget = 10;
  in.sigma = 4;
  in.defer_cost = 30;
  ChinaOptionSpec& imp = in.option[kImportOption];
  imp.perf = 1;
  imp.price = 25 / (1 - fee);  // full pass-through of the revenue share
  imp.energy = 3;
  imp.pref = 0.2;
  imp.us_chip = true;
  return in;
}

TEST_CASE("China's budget is spent or deferred and caps clear by price", "[economy]") {
  ChinaMarketInput in = ImportOnly(0.25);
  ChinaOptionSpec& dom = in.option[kDomesticOption];
  dom.perf = 0.7;
  dom.price = 12;
  dom.energy = 2.5;
  dom.cap = 0.2;  // binding: buyers want more at $12k
  in.block = 0.5;
  const ChinaMarketOutcome m = ClearChinaMarket(in);
  double spent = 0;
  for (double s : m.spend) spent += s;
  CHECK(spent + m.deferred == Approx(in.budget).epsilon(1e-12));
  // The shortage becomes a scarcity price, not a queue.
  CHECK(m.cards[kDomesticOption] == Approx(0.2).epsilon(1e-9));
  CHECK(m.price[kDomesticOption] > 12.5);
  // The same market with room to spare sells at the base price.
  in.option[kDomesticOption].cap = 10;
  const ChinaMarketOutcome loose = ClearChinaMarket(in);
  CHECK(loose.price[kDomesticOption] == 12);
  CHECK(loose.cards[kDomesticOption] > 0.2);
  // S13: a scarcer domestic card sends buyers to imports and to waiting.
  CHECK(m.spend[kImportOption] > loose.spend[kImportOption]);
  CHECK(m.deferred > loose.deferred);
  // Blocked buyers cannot buy US chips: with everyone blocked, none are sold.
  in.block = 1;
  CHECK(ClearChinaMarket(in).cards[kImportOption] == 0);
}

TEST_CASE("The revenue-maximising fee obeys the inverse-elasticity rule", "[economy]") {
  // Fee revenue R = fee x B x s(fee); with full pass-through the first-order
  // condition is fee x sigma x w x (1 - s) / (1 - fee) = 1, w the card's
  // share of its lifetime cost (Lerner; Weyl & Fabinger 2013).
  auto revenue = [](double fee) { return fee * ClearChinaMarket(ImportOnly(fee)).spend[kImportOption]; };
  double lo = 0, hi = 0.99;
  for (int i = 0; i < 200; ++i) {
    const double a = hi - 0.618 * (hi - lo), b = lo + 0.618 * (hi - lo);
    if (revenue(a) >= revenue(b)) {
      hi = b;
    } else {
      lo = a;
    }
  }
  const double fee = 0.5 * (lo + hi);
  const ChinaMarketInput in = ImportOnly(fee);
  const double s = ClearChinaMarket(in).spend[kImportOption] / in.budget;
  const double w = in.option[kImportOption].price / (in.option[kImportOption].price + 3);
  CHECK(fee * in.sigma * w * (1 - s) / (1 - fee) == Approx(1.0).epsilon(1e-6));
  CHECK(fee > 0.05);
  CHECK(fee < 0.6);
}

TEST_CASE("The licence fee has an interior revenue maximum and a walk-away threshold", "[economy]") {
  // The calibrated central world: every parameter at its prior's mode.
  const Experiment e = FromJson(BaselineJson());
  const ModelParams p = DefaultModelParams();
  World w = InitialWorld(e.scenario, p);
  const FeeCurve curve = LicenceFeeCurve(p, w, action::kHug, 1, 1);
  // A Laffer shape: no revenue at no fee, less at 100% than at the maximum.
  CHECK(curve.points.front().fees == 0);
  CHECK(curve.revenue_max_fee > 0.05);
  CHECK(curve.revenue_max_fee < 0.95);
  CHECK(curve.revenue_max > 1.2 * curve.points.back().fees);
  for (const FeePoint& point : curve.points) CHECK(point.fees <= curve.revenue_max * (1 + 1e-9));
  // Licensed sales fall as the fee rises.
  for (size_t i = 1; i < curve.points.size(); ++i) {
    CHECK(curve.points[i].import_cards <= curve.points[i - 1].import_cards * (1 + 1e-12));
  }
  // S14: the walk-away fee is where the licensed card stops beating the
  // domestic one, and procurement guidance lowers it ("China won't buy").
  const FeeCurve free_choice = LicenceFeeCurve(p, w, action::kHug, 1, 1);
  const FeeCurve guided = LicenceFeeCurve(p, w, action::kHug, 2, 1);
  REQUIRE(std::isfinite(free_choice.walk_away_fee));
  REQUIRE(free_choice.walk_away_fee > 0);
  CHECK(guided.walk_away_fee < free_choice.walk_away_fee);
  auto gap_at = [&](double fee) {
    World x = w;
    x.tau = fee;
    const double cap = DomesticCapForChina(p, x, 1);
    const ChinaMarketOutcome m = ClearChinaMarket(ChinaMarketOf(p, x, action::kHug, 1, cap));
    return m.utility[kImportOption] - m.utility[kDomesticOption];
  };
  CHECK(gap_at(free_choice.walk_away_fee - 0.01) > 0);
  CHECK(gap_at(free_choice.walk_away_fee + 0.01) < 0);
}

// One quarter's China market at the start, as a function of a lever set on
// the World: the lever's response curve.
struct Market {
  double x_chip, licensed, fees, deferred;
};
Market MarketAt(const std::function<void(World&)>& set) {
  static const Experiment e = FromJson(BaselineJson());
  const ModelParams p = e.scenario.DrawParams(e.seed, 0);
  World w = InitialWorld(e.scenario, p);
  set(w);
  const ChinaMarketOutcome m =
      ClearChinaMarket(ChinaMarketOf(p, w, action::kMargin, 1, DomesticCapForChina(p, w, 1)));
  const double us = m.cards[kImportOption] + m.cards[kGreyOption];
  return {us / (us + m.cards[kDomesticOption]), m.cards[kImportOption],
          std::min(w.tau * p.fee_collection, 0.99) * m.spend[kImportOption], m.deferred};
}

// The largest change between neighbouring points of a fine sweep, relative to
// the quantity's range over the sweep.
double LargestStep(const std::vector<double>& v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  double step = 0;
  for (size_t i = 1; i < v.size(); ++i) step = std::max(step, std::fabs(v[i] - v[i - 1]));
  return *hi > *lo ? step / (*hi - *lo) : 0.0;
}

TEST_CASE("Levers act without cliffs: red line, fee and buy-side block swept finely", "[economy]") {
  // 400 steps each; a smooth response moves at most a few percent of its
  // range per step. The old model's F >= 1 switch moved X_chip by 0.25 in one.
  constexpr int kSteps = 400;
  constexpr double kBound = 0.03;
  std::vector<double> x_f, lic_f, x_fee, fees, x_block, def_block;
  for (int i = 0; i <= kSteps; ++i) {
    const double t = static_cast<double>(i) / kSteps;
    const Market f = MarketAt([&](World& w) { w.f = 0.05 + 0.95 * t; });
    x_f.push_back(f.x_chip);
    lic_f.push_back(f.licensed);
    const Market fee = MarketAt([&](World& w) { w.tau = t; });
    x_fee.push_back(fee.x_chip);
    fees.push_back(fee.fees);
    const Market block = MarketAt([&](World& w) { w.block = t; });
    x_block.push_back(block.x_chip);
    def_block.push_back(block.deferred);
  }
  for (const auto* v : {&x_f, &lic_f, &x_fee, &fees, &x_block, &def_block}) CHECK(LargestStep(*v) < kBound);
  // F -> 1 meets open trade: the last step of the red line is as small as any.
  CHECK(std::fabs(x_f[kSteps] - x_f[kSteps - 1]) < 0.01);
  // And each lever moves its market by a lot over its range.
  CHECK(x_f.back() - x_f.front() > 0.1);
  CHECK(x_fee.front() - x_fee.back() > 0.05);
  CHECK(x_block.front() - x_block.back() > 0.1);
}

// Mean end-of-run quantities over replicates 0..n-1 of a config: common
// random numbers across the configs a test compares.
struct Ends {
  double x_chip = 0, s_cn = 0, c_cn = 0, p_cn = 0, us_share = 0, node = 0, log_a_cn = 0, gap = 0;
  double compute_us = 0, compute_cn = 0, cum_domestic = 0, us_utility = 0, fees = 0, us_mineral_loss = 0;
};
Ends RunEnds(const Json& config, uint32_t n = 200) {
  const Experiment e = FromJson(config);
  const Simulation sim(e);
  size_t us = 0;
  while (e.scenario.agents[us].id != "us") ++us;
  Ends m;
  for (uint32_t rep = 0; rep < n; ++rep) {
    double fees = 0, loss = 0;
    const World w = sim.Run(rep, [&](const World& x) {
      if (x.quarter == 0) return;  // the start state, before any quarter is played
      fees += x.flows.fees;
      loss += x.flows.us_mineral_loss;
    });
    m.x_chip += w.now.x_chip / n;
    m.s_cn += w.now.s_cn / n;
    m.c_cn += w.now.c_cn / n;
    m.p_cn += w.now.p_cn / n;
    m.us_share += w.now.us_compute_share / n;
    m.node += w.node / static_cast<double>(n);
    m.log_a_cn += std::log(w.a_cn) / n;
    m.gap += w.now.gap / n;
    m.compute_us += w.compute_us / n;
    m.compute_cn += (w.compute_cn_dom + w.compute_cn_imp) / n;
    m.cum_domestic += w.cum_output / n;
    m.us_utility += w.utility[us] / n;
    m.fees += fees / n;
    m.us_mineral_loss += loss / n;
  }
  return m;
}

Json With(std::initializer_list<std::pair<const char*, Json>> changes) {
  Json j = BaselineJson();
  for (const auto& [pointer, value] : changes) j[Json::json_pointer(pointer)] = value;
  return j;
}

Json Fixed(const std::string& action) { return Json{{"name", "fixed"}, {"action", action}}; }

TEST_CASE("Comparative statics: export controls and China's substitution", "[economy][statics]") {
  const Json license = Fixed("license");
  const Ends licensed = RunEnds(With({{"/policies/export_control.restrictor", license}}));
  const Ends banned = RunEnds(With({{"/policies/export_control.restrictor", Fixed("ban")}}));
  const Ends open = RunEnds(With({{"/policies/export_control.restrictor", Fixed("open")}}));
  // S1: a ban speeds China's substitution (Woods 2024; seed 004): more
  // domestic output, more process nodes, a domestic share at least as high.
  CHECK(banned.cum_domestic > 1.02 * licensed.cum_domestic);
  CHECK(banned.node > licensed.node + 0.02);
  CHECK(banned.s_cn >= licensed.s_cn);
  // S2: licensed sales slow it (seeds 003, 004; Garcia-Macia & Goyal on the
  // demand side): open trade leaves China less domestic output and fewer nodes.
  CHECK(open.cum_domestic < 0.98 * licensed.cum_domestic);
  CHECK(open.node < licensed.node);
  // S3: a higher red line raises the US share of China's deployments.
  CHECK(open.x_chip > licensed.x_chip + 0.02);
}

TEST_CASE("Comparative statics: fees, the buy-side block and China's buyers", "[economy][statics]") {
  const Json license = Fixed("license");
  const Ends none = RunEnds(With({{"/policies/export_control.restrictor", license},
                                  {"/policies/license_fee.seller", Fixed("none")}}));
  const Ends high = RunEnds(With({{"/policies/export_control.restrictor", license},
                                  {"/policies/license_fee.seller", Fixed("high")}}));
  // S4: a fee makes China's buyers buy fewer licensed chips.
  CHECK(high.x_chip < none.x_chip);
  // S5: a fee raises fee revenue from zero (below the revenue maximum).
  CHECK(high.fees > 0);
  CHECK(none.fees == 0);
  const Ends free = RunEnds(With({{"/policies/export_control.restrictor", license},
                                  {"/policies/license_fee.buyer", Fixed("free")}}));
  const Ends prohibit = RunEnds(With({{"/policies/export_control.restrictor", license},
                                      {"/policies/license_fee.buyer", Fixed("prohibit")}}));
  // S6: a buy-side prohibition lowers the US share of China's deployments and
  // raises China's domestic share ("China won't buy", seeds 003, 004).
  CHECK(prohibit.x_chip < free.x_chip - 0.01);
  CHECK(prohibit.s_cn > free.s_cn);
}

TEST_CASE("Comparative statics: minerals, power, alliances and R&D", "[economy][statics]") {
  const Ends base = RunEnds(BaselineJson());
  // S7: a Chinese mineral ban lowers US build-out and hurts the US (CMS 2024;
  // USGS 2024 for the direction).
  const Ends ban = RunEnds(With({{"/policies/mineral_retaliation.controller", Fixed("ban")}}));
  CHECK(ban.us_mineral_loss > base.us_mineral_loss);
  CHECK(ban.compute_us < 0.995 * base.compute_us);  // measured: -1.0%
  CHECK(ban.us_utility < base.us_utility);
  // S8: allied hedging speeds China's catch-up (rule.2024.hbm; seed 001).
  const Ends hedge = RunEnds(With({{"/policies/substitution_rnd.aligner", Fixed("hedge")}}));
  const Ends align = RunEnds(With({{"/policies/substitution_rnd.aligner", Fixed("align")}}));
  CHECK(hedge.log_a_cn > align.log_a_cn + 0.05);
  CHECK(hedge.gap < align.gap);
  // S9: cheaper Chinese power raises the domestic share of China's
  // deployments and China's share of new data-centre power (seed 001:
  // energy as China's advantage). With domestic output the binding limit, it
  // raises the domestic card's scarcity price rather than China's compute.
  const Ends cheap = RunEnds(With({{"/scenario/parameters/power_cn", Json{{"value", 3.0}}}}));
  const Ends dear = RunEnds(With({{"/scenario/parameters/power_cn", Json{{"value", 8.0}}}}));
  CHECK(cheap.s_cn > dear.s_cn + 0.002);
  CHECK(cheap.p_cn > dear.p_cn + 0.002);
  // S10: more new US power raises the US share of installed compute.
  const Ends power = RunEnds(With({{"/scenario/parameters/us_power_build_2026", Json{{"value", 25}}}}));
  CHECK(power.us_share > base.us_share + 0.005);
  // S11: more Chinese R&D brings more process nodes.
  const Ends rd_high = RunEnds(With({{"/policies/substitution_rnd.funder", Fixed("high")}}));
  const Ends rd_low = RunEnds(With({{"/policies/substitution_rnd.funder", Fixed("low")}}));
  CHECK(rd_high.node > rd_low.node + 0.05);
  // S12: a larger Chinese budget raises China's share of installed compute.
  const Ends rich = RunEnds(With({{"/scenario/parameters/cn_budget_2026", Json{{"value", 60}}}}));
  CHECK(rich.c_cn > base.c_cn);
}

}  // namespace
}  // namespace geostrat
