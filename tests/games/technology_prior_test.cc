// The technology priors of the baseline, narrowed on the 2023-25 record
// (docs/model.md §7.2). experiments/calibration/technology-record.json draws
// the doubling time of China's chip performance and the node hazard from wide
// priors; each replicate's first eight quarters stand in for 2023-25, which
// China spent on one node (SMIC N+2, no EUV) as it does in 2026. Each draw is
// weighted by the likelihood of the record:
//   - performance: the Ascend 910B (2023, ~5.1k TPP, spec.910b) to the 910C
//     (2025, ~12.4k TPP, spec.910c) is x2.4 in eight quarters; the 910B's
//     spec range (256-376 TFLOPS) makes the log ratio uncertain by ~0.17;
//   - nodes: no node step confirmed in those two years (cn.5nm: the N+3
//     rumours are disputed; the Kirin X90 is still 7nm), so at most one.
// The shipped doubling-time prior must match that posterior, quantile by
// quantile. (The node hazard's posterior barely moves from its wide prior:
// two years without a confirmed node say little about a rate of ~0.06 a
// quarter, so its shipped prior rests on its sources alone.)
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

constexpr double kRecordGrowth = 2.4;   // 910B -> 910C, 2023-25
constexpr double kRecordLogSd = 0.096;  // spec.910b: 256-376 TFLOPS read as +-2 sd
constexpr int kRecordMaxNodes = 1;      // none confirmed, one disputed
constexpr uint32_t kDraws = 4000;

struct Draw {
  double doubling = 0, weight = 0;
};

// The weighted quantile q of `values` (pairs of value and weight).
double WeightedQuantile(std::vector<std::pair<double, double>> values, double q) {
  std::sort(values.begin(), values.end());
  double total = 0;
  for (const auto& v : values) total += v.second;
  double seen = 0;
  for (const auto& v : values) {
    seen += v.second;
    if (seen >= q * total) return v.first;
  }
  return values.back().first;
}

Experiment Load(const std::string& relative) {
  const std::string path = testing::SourcePath(relative);
  return ExperimentFromConfig(LoadMergedConfig(path), path);
}

std::vector<Draw> WeightedDraws() {
  const Experiment e = Load("experiments/calibration/technology-record.json");
  REQUIRE(e.scenario.horizon == 8);
  const Simulation sim(e);
  std::vector<Draw> draws;
  for (uint32_t rep = 0; rep < kDraws; ++rep) {
    const ModelParams p = e.scenario.DrawParams(e.seed, rep);
    double a0 = 0;
    const World w = sim.Run(rep, [&](const World& now) {
      if (now.quarter == 0) a0 = now.a_cn;
    });
    const double z = (std::log(w.a_cn / a0) - std::log(kRecordGrowth)) / kRecordLogSd;
    const double weight = w.node <= kRecordMaxNodes ? std::exp(-0.5 * z * z) : 0.0;
    draws.push_back({p.cn_doubling_quarters, weight});
  }
  return draws;
}

TEST_CASE("The 2023-25 record narrows the technology priors to the shipped ones", "[games][validation]") {
  const std::vector<Draw> draws = WeightedDraws();
  std::vector<std::pair<double, double>> posterior, prior;
  double sum = 0, sum_sq = 0;
  for (const Draw& d : draws) {
    posterior.push_back({d.doubling, d.weight});
    prior.push_back({d.doubling, 1.0});
    sum += d.weight;
    sum_sq += d.weight * d.weight;
  }
  // Enough draws carry weight for the quantiles to mean something.
  CHECK(sum * sum / sum_sq > 500);
  // The record informs: the central 90% of the wide prior shrinks by a third.
  const auto width = [](const std::vector<std::pair<double, double>>& v) {
    return WeightedQuantile(v, 0.95) - WeightedQuantile(v, 0.05);
  };
  CHECK(width(posterior) < 0.7 * width(prior));
  // The shipped prior is that posterior fitted as a triangle: each quantile
  // within half a quarter.
  const Experiment base = Load("experiments/status-quo.json");
  std::vector<std::pair<double, double>> shipped;
  for (uint32_t rep = 0; rep < kDraws; ++rep) {
    shipped.push_back({base.scenario.DrawParams(base.seed, rep).cn_doubling_quarters, 1.0});
  }
  for (const double q : {0.05, 0.25, 0.5, 0.75, 0.95}) {
    INFO("quantile " << q);
    CHECK(std::abs(WeightedQuantile(shipped, q) - WeightedQuantile(posterior, q)) < 0.5);
  }
}

}  // namespace
}  // namespace geostrat
