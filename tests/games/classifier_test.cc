// The classifier of OUTCOMES.md 3.2 on hand-made indicator paths.
#include <catch2/catch.hpp>

#include "games/classifier.h"

namespace geostrat {
namespace {

// A world of the 2024 kind: US-led unipolar (OUTCOMES 3.3).
Indicators Unipolar() {
  Indicators i;
  i.f = 0.15;
  i.x_chip = 0.65;
  i.s_cn = 0.35;
  i.x_min = 0.4;
  i.r_us = 0.9;
  i.c_cn = 0.12;
  i.p_cn = 0.2;
  i.g_us = 0.85;
  i.gap = 2.0;
  i.us_compute_share = 0.8;
  i.le_us = 1.0;
  i.mineral_self = 0.1;
  return i;
}

Indicators Decoupled() {
  Indicators i = Unipolar();
  i.f = 0.0;
  i.x_chip = 0.02;
  i.s_cn = 0.98;
  i.x_min = 0.1;
  i.mineral_self = 0.85;
  i.mineral_ban = 1;
  return i;
}

Indicators Reintegrated() {
  Indicators i = Unipolar();
  i.f = 1.0;
  i.x_chip = 0.8;
  i.s_cn = 0.2;
  i.x_min = 0.95;
  i.g_us = 0.6;  // not unipolar
  return i;
}

Indicators CatchUp() {
  Indicators i = Unipolar();
  i.r_us = 0.6;
  i.c_cn = 0.4;
  i.g_us = 0.4;
  i.s_cn = 0.7;
  i.x_chip = 0.3;
  i.gap = 0.3;
  return i;
}

Indicators Symbiotic() {
  Indicators i = Unipolar();
  i.r_us = 0.8;
  i.s_cn = 0.7;
  i.x_chip = 0.3;
  i.x_min = 0.5;
  i.c_cn = 0.25;
  i.g_us = 0.6;
  i.us_compute_share = 0.6;
  return i;
}

std::vector<int8_t> Verdicts(const std::vector<Indicators>& path) {
  std::vector<int8_t> v;
  for (int t = 0; t < static_cast<int>(path.size()); ++t) v.push_back(ClassifyAt(path, t, DefaultModelParams()).first);
  return v;
}

OutcomeClass ClassOf(const std::vector<Indicators>& path) { return DeclareClass(Verdicts(path)); }

TEST_CASE("Each class is declared on a path that holds it for 8+ quarters", "[games][classifier]") {
  CHECK(ClassOf(std::vector<Indicators>(16, Decoupled())) == kFullDecoupling);
  CHECK(ClassOf(std::vector<Indicators>(16, Reintegrated())) == kReintegration);
  CHECK(ClassOf(std::vector<Indicators>(16, CatchUp())) == kChinaCatchUp);
  CHECK(ClassOf(std::vector<Indicators>(16, Unipolar())) == kUsLedUnipolar);
  CHECK(ClassOf(std::vector<Indicators>(16, Symbiotic())) == kSymbioticBifurcation);
}

TEST_CASE("A class needs 8 quarters of full 8-quarter windows", "[games][classifier]") {
  // The first full trailing window ends at quarter 7; eight consecutive
  // verdicts need quarters 7..14, so 15 quarters is the shortest declared run.
  CHECK(ClassOf(std::vector<Indicators>(14, Unipolar())) == kContestedTransition);
  CHECK(ClassOf(std::vector<Indicators>(15, Unipolar())) == kUsLedUnipolar);
  CHECK(ClassifyAt(std::vector<Indicators>(7, Unipolar()), 6, DefaultModelParams()).first == kContestedTransition);
  CHECK(ClassifyAt(std::vector<Indicators>(8, Unipolar()), 7, DefaultModelParams()).first == kUsLedUnipolar);
}

TEST_CASE("A class must hold for the last 8 consecutive quarters", "[games][classifier]") {
  // 16 quarters unipolar, then 16 quarters symbiotic: the trailing window mixes
  // both for 7 quarters, then holds symbiotic for the last 9+.
  std::vector<Indicators> path(16, Unipolar());
  path.insert(path.end(), 16, Symbiotic());
  CHECK(ClassOf(path) == kSymbioticBifurcation);
  // The same switch only 6 quarters before the end: not yet declared.
  std::vector<Indicators> late(26, Unipolar());
  late.insert(late.end(), 6, Symbiotic());
  CHECK(ClassOf(late) == kContestedTransition);
}

TEST_CASE("Conditions read trailing 8-quarter means, not one-quarter spikes",
          "[games][classifier]") {
  // One quarter of S_CN = 0.9 inside a unipolar path leaves the 8-quarter
  // mean below 0.5: still unipolar (like the Apr-Jul 2025 H20 gap).
  std::vector<Indicators> path(20, Unipolar());
  path[15].s_cn = 0.9;
  path[15].x_chip = 0.1;
  CHECK(ClassOf(path) == kUsLedUnipolar);
  const Indicators m = TrailingMean(path, 19);
  CHECK(m.s_cn == Approx((7 * 0.35 + 0.9) / 8));
}

TEST_CASE("Classes are checked in order: the first match wins", "[games][classifier]") {
  // A path meeting both unipolar and symbiotic thresholds is impossible
  // (S_CN < 0.5 vs >= 0.5); decoupling and catch-up can overlap.
  Indicators both = CatchUp();
  both.x_chip = 0.02;
  both.x_min = 0.1;
  both.f = 0.0;
  both.s_cn = 0.95;
  both.mineral_self = 0.9;
  const std::vector<Indicators> path(10, both);
  const WindowVerdict v = ClassifyAt(path, 9, DefaultModelParams());
  CHECK((v.mask >> kFullDecoupling & 1u));
  CHECK((v.mask >> kChinaCatchUp & 1u));
  CHECK(v.first == kFullDecoupling);
}

TEST_CASE("A shrinking gap rules out US-led unipolar", "[games][classifier]") {
  std::vector<Indicators> path(20, Unipolar());
  for (int t = 0; t < 20; ++t) path[t].gap = 3.0 - 0.1 * t;
  CHECK(ClassOf(path) == kContestedTransition);
}

TEST_CASE("The gap trend, not its end points, decides whether it shrinks", "[games][classifier]") {
  // A gap widening by 0.05 years a quarter whose last quarter dips below the
  // window's first: two end points would call it shrinking, the trend does not.
  std::vector<Indicators> path(20, Unipolar());
  for (int t = 0; t < 20; ++t) path[t].gap = 3.0 + 0.05 * t;
  path[19].gap = path[12].gap - 0.01;
  CHECK(GapSlope(path, 19) > 0);
  CHECK(ClassOf(path) == kUsLedUnipolar);
  // The slope of a straight line is its slope.
  for (int t = 0; t < 20; ++t) path[t].gap = 3.0 - 0.1 * t;
  CHECK(GapSlope(path, 19) == Approx(-0.1));
}

TEST_CASE("A mineral ban in force blocks reintegration", "[games][classifier]") {
  std::vector<Indicators> path(20, Reintegrated());
  CHECK(ClassOf(path) == kReintegration);
  path[18].mineral_ban = 1;
  CHECK(ClassOf(path) != kReintegration);
}

TEST_CASE("Decoupling reads the share of mineral supply from outside China", "[games][classifier]") {
  // Non-China capacity of 0.4 of 2026 needs while China ships 10% of its old
  // flow: 0.4 / (0.4 + 0.6 x 0.1) = 0.87 of supply is from outside China.
  Indicators i = Decoupled();
  i.mineral_self = 0.4;
  CHECK(ClassOf(std::vector<Indicators>(16, i)) == kFullDecoupling);
  // At 20% of the old flow: 0.4 / (0.4 + 0.6 x 0.2) = 0.77 < 0.8.
  i.x_min = 0.2;
  CHECK(ClassOf(std::vector<Indicators>(16, i)) == kContestedTransition);
  // Little capacity outside China: 0.2 / (0.2 + 0.8 x 0.1) = 0.71.
  i = Decoupled();
  i.mineral_self = 0.2;
  CHECK(ClassOf(std::vector<Indicators>(16, i)) == kContestedTransition);
}

TEST_CASE("Thresholds are parameters: moving one moves the class", "[games][classifier]") {
  const std::vector<Indicators> path(16, Symbiotic());  // G_US 0.6
  ModelParams p = DefaultModelParams();
  std::vector<int8_t> v;
  for (int t = 0; t < 16; ++t) v.push_back(ClassifyAt(path, t, p).first);
  CHECK(DeclareClass(v) == kSymbioticBifurcation);
  p.symbiotic_g_us_max = 0.55;  // the Global South is now "too US" for two markets
  v.clear();
  for (int t = 0; t < 16; ++t) v.push_back(ClassifyAt(path, t, p).first);
  CHECK(DeclareClass(v) == kContestedTransition);
  p = DefaultModelParams();
  p.unipolar_us_compute_min = 0.55;  // 0.6 now clears the unipolar bar, which is tested first
  p.unipolar_s_cn_max = 0.8;
  p.unipolar_r_us_min = 0.75;
  p.unipolar_g_us_min = 0.55;
  v.clear();
  for (int t = 0; t < 16; ++t) v.push_back(ClassifyAt(path, t, p).first);
  CHECK(DeclareClass(v) == kUsLedUnipolar);
}

}  // namespace
}  // namespace geostrat
