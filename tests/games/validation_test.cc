// Validation checks V3 and V10 of MODELS.md (V4 is in tariffs_test.cc, V6 and
// V9 beside their games). Run them all with: geostrat_tests "[validation]".
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
#include "games/protection_for_sale.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Json = nlohmann::json;

// ---- V10: Grossman & Helpman's protection for sale ----

// A sector whose inverse import penetration is z and import elasticity e at
// the tariff t: X = z, M(p) = (p / (1 + t))^-e, so M = 1 at the optimum.
ProtectedSector SectorAt(double z, double e, double t, bool organised) {
  ProtectedSector s;
  s.output = z;
  s.imports = std::pow(1 + t, e);
  s.import_elasticity = e;
  s.organised = organised;
  return s;
}

TEST_CASE("V10: the political optimum is Grossman-Helpman's protection for sale",
          "[validation][games]") {
  const PoliticalWeights w{50, 0.5};
  // MODELS.md V10: a = 50, alpha_L = 0.5, z = 5, e = 2.
  const double organised = GrossmanHelpmanTariff(true, w, 5, 2);
  const double unorganised = GrossmanHelpmanTariff(false, w, 5, 2);
  CHECK(organised == Approx(0.025381).margin(5e-7));
  CHECK(unorganised == Approx(-0.02415).margin(5e-6));
  // Maximising the government's objective numerically lands on the closed form.
  CHECK(ProtectionForSaleTariff(SectorAt(5, 2, organised, true), w) == Approx(organised).margin(1e-7));
  CHECK(ProtectionForSaleTariff(SectorAt(5, 2, unorganised, false), w) == Approx(unorganised).margin(1e-7));
  // Beyond the worked example: other weights, penetrations and elasticities.
  int checked = 0;
  for (double a : {0.5, 5.0, 88.0}) {  // a = 0.5: contributions outweigh welfare
    for (double z : {0.5, 5.0, 20.0}) {
      for (double e : {0.8, 2.0, 4.0}) {
        const PoliticalWeights wz{a, 0.3};
        for (bool org : {true, false}) {
          const double t = GrossmanHelpmanTariff(org, wz, z, e);
          // Where (I - alpha_L) z / ((a + alpha_L) e) nears 1 the closed form
          // has no finite optimum (a = 0.5, z = 20): only interior cases count.
          if (!(std::fabs(t) < 0.5)) continue;
          INFO("a " << a << " z " << z << " e " << e << " organised " << org);
          CHECK(ProtectionForSaleTariff(SectorAt(z, e, t, org), wz) == Approx(t).margin(1e-6));
          ++checked;
        }
      }
    }
  }
  CHECK(checked == 38);  // of 54 (16 have no interior optimum): the grid is not silently skipped
}

TEST_CASE("V10: protection falls with the welfare weight and the elasticity, rises with z",
          "[validation][games]") {
  // A government that weighs welfare without limit sets free trade (Johnson's
  // small-country case); an organised sector is protected, an unorganised one
  // subsidised; protection is higher where imports are a small share (z) and
  // demand is inelastic (e).
  ProtectedSector s;
  s.output = 5;
  s.imports = 1;
  s.import_elasticity = 2;
  CHECK(std::fabs(ProtectionForSaleTariff(s, {1e7, 0.5})) < 1e-6);
  const double t50 = ProtectionForSaleTariff(s, {50, 0.5});
  const double t88 = ProtectionForSaleTariff(s, {88, 0.5});
  CHECK(t50 > t88);
  CHECK(t88 > 0);
  ProtectedSector elastic = s;
  elastic.import_elasticity = 4;
  CHECK(ProtectionForSaleTariff(elastic, {50, 0.5}) < t50);
  ProtectedSector bigger = s;
  bigger.output = 10;
  CHECK(ProtectionForSaleTariff(bigger, {50, 0.5}) > t50);
  s.organised = false;
  CHECK(ProtectionForSaleTariff(s, {50, 0.5}) < 0);
  // Goldberg and Maggi's a = 50-88: lobbying is a second-order force, a few
  // per cent of protection, unless z / e is large.
  CHECK(t50 < 0.03);
}

// ---- V3: the USGS Ga/Ge disruption figure ----

// The baseline with a total Chinese ban held for ten years, no stockpile, no
// supply response and the long-run price fixed at its mode: the setting of
// USGS OFR 2024-1057's total-restriction scenario.
Json TotalBan(double flow) {
  Json j = Json::parse(testing::ReadFile(testing::SourcePath("experiments/status-quo.json")));
  j["/policies/mineral_retaliation.controller"_json_pointer] = {{"name", "fixed"}, {"action", "ban"}};
  j["/policies/mineral_retaliation.target"_json_pointer] = {{"name", "fixed"}, {"action", "absorb"}};
  j["/scenario/games/mineral_retaliation/params/flow_ban"_json_pointer] = {{"value", flow}};
  j["/scenario/parameters/supply_response"_json_pointer] = {{"value", 0.0}};
  j["/scenario/parameters/full_cutoff_multiplier"_json_pointer] = {{"value", 3.0}};
  return j;
}

double AnnualLossAtEnd(const Json& config) {
  MergedConfig merged{config, std::make_shared<SourceMap>()};
  merged.sources->Record("", "v3.json");
  const Experiment e = ExperimentFromConfig(merged, "v3.json");
  const World w = Simulation(e).Run(0, [](const World&) {});
  return 4 * w.flows.mineral_cost;
}

TEST_CASE("V3: a total Chinese Ga/Ge ban costs the US bloc USGS's $3.4B a year",
          "[validation][games]") {
  // USGS OFR 2024-1057 (Nassar et al. 2024): a complete restriction of Chinese
  // gallium and germanium exports lowers US GDP by about $3.4B. The model's
  // loss per year, once the price has reached its long-run multiplier:
  const double total = AnnualLossAtEnd(TotalBan(0.0));
  CHECK(total == Approx(3.4).epsilon(0.01));
  // Partial restrictions cost less, and more than in proportion to the cut
  // (the price rises with the shortfall): USGS's losses rise with the
  // restriction level.
  const double half = AnnualLossAtEnd(TotalBan(0.5));
  const double light = AnnualLossAtEnd(TotalBan(0.8));
  CHECK(light < half);
  CHECK(half < total);
  CHECK(half < 0.5 * total);
  CHECK(light > 0);
}

}  // namespace
}  // namespace geostrat
