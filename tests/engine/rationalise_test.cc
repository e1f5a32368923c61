// geostrat rationalise: utilities decompose into weighted terms that add up
// to the utility the run books; the strategic terms scale with the market;
// the regret of a seat playing its best constant action is zero; the fit
// never worsens a government's worst regret, lands on its grid, and is the
// same on any thread count; bad input is refused.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/run/experiment.h"
#include "engine/analysis/rationalise.h"
#include "engine/run/simulation.h"
#include "games/step.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

MergedConfig BaselineWith(uint32_t replicates, const std::string& seat = "",
                          const std::string& action = "") {
  MergedConfig c = LoadMergedConfig(testing::SourcePath("experiments/status-quo.json"));
  c.json["replicates"] = replicates;
  if (!seat.empty()) c.json["policies"][seat] = {{"name", "fixed"}, {"action", action}};
  return c;
}

const SeatRegret& SeatOf(const std::vector<SeatRegret>& seats, const std::string& id) {
  return *std::find_if(seats.begin(), seats.end(), [&](const SeatRegret& s) { return s.seat == id; });
}

TEST_CASE("Utility terms add up to the utility booked, and strategic terms scale with the market",
          "[rationalise]") {
  const MergedConfig c = BaselineWith(2);
  const Experiment e = ExperimentFromConfig(c, "baseline.json");
  const Scenario& s = e.scenario;
  const ModelParams p = s.DrawParams(e.seed, 1);
  const auto weights = s.DrawAgentWeights(e.seed, 1);
  std::vector<double> total(s.agents.size(), 0.0);
  std::vector<UtilityTerms> terms;
  double first_scale = 0, last_scale = 0;
  const World end = Simulation(e).Run(1, [&](const World& w) {
    if (w.quarter == 0) return;
    UtilityTermsOf(s, p, weights, w, terms);
    for (size_t a = 0; a < s.agents.size(); ++a) {
      double u = terms[a].base;
      for (int k = 0; k < kNumWeightTerms; ++k) u += WeightOf(weights[a], k) * terms[a].x[k];
      total[a] += std::pow(s.discount, w.quarter - 1) * u;
    }
    const double m = MarketScale(p, w);
    if (w.quarter == 1) first_scale = m;
    last_scale = m;
    // The US compute term is the scaled share.
    const int us = s.AgentIndex("us");
    CHECK(terms[us].x[kTermCompute] == Approx(m * w.now.us_compute_share));
  });
  for (size_t a = 0; a < s.agents.size(); ++a) {
    INFO(s.agents[a].id);
    CHECK(total[a] == Approx(end.utility[a]).epsilon(1e-12));
  }
  CHECK(first_scale == Approx(1.0).epsilon(0.1));
  CHECK(last_scale > 2.0);  // the AI market grows several-fold by 2035
}

TEST_CASE("rationalise: a seat playing its best constant action has no regret", "[rationalise]") {
  RationaliseOptions opt;
  opt.replicates = 60;
  opt.grid = {0, 10, 100};  // the regrets at the config's weights do not depend on it
  const MergedConfig c = BaselineWith(60);
  const RationaliseResult r = Rationalise(c, ExperimentFromConfig(c, "baseline.json"), opt);
  const SeatRegret& seller = SeatOf(r.start, "license_fee.seller");
  REQUIRE_FALSE(seller.best.empty());
  CHECK(seller.regret > 0);
  CHECK(seller.range >= seller.seat_range);
  // The same profile with the seller fixed at its best deviation: no regret
  // left at the same weights, and its old action now costs what it gained.
  const MergedConfig best = BaselineWith(60, "license_fee.seller", seller.best);
  const RationaliseResult b = Rationalise(best, ExperimentFromConfig(best, "baseline.json"), opt);
  const SeatRegret& now = SeatOf(b.start, "license_fee.seller");
  CHECK(now.regret == 0.0);
  CHECK(now.best.empty());
  // Every seat's regret and ranges are non-negative, and the shares bounded.
  for (const SeatRegret& x : r.start) {
    INFO(x.seat);
    CHECK(x.regret >= 0);
    CHECK(x.Ratio() <= 1.0);
    CHECK(x.SeatRatio() <= 1.0);
  }
}

TEST_CASE("rationalise: the fit never worsens a government, lands on its grid, and is the same on "
          "1 and 2 threads",
          "[rationalise]") {
  RationaliseOptions opt;
  opt.replicates = 40;
  opt.threads = 1;
  opt.grid = {0, 2, 20, 200};  // a coarse grid keeps the exhaustive search quick
  const MergedConfig c = BaselineWith(40);
  const Experiment e = ExperimentFromConfig(c, "baseline.json");
  const RationaliseResult one = Rationalise(c, e, opt);
  opt.threads = 2;
  const RationaliseResult two = Rationalise(c, e, opt);
  REQUIRE(one.weights.size() == 3);  // us, china, allies: the governments with seats
  CHECK(one.profiles == 1 + 35);     // the policy profile and every seat's every action
  CHECK_FALSE(one.payoff_readers);
  for (size_t i = 0; i < one.weights.size(); ++i) {
    const WeightFit& f = one.weights[i];
    INFO(f.agent);
    CHECK(f.fitted_ratio <= f.start_ratio);
    CHECK(f.fitted == two.weights[i].fitted);
    CHECK(f.fitted_ratio == two.weights[i].fitted_ratio);
    for (size_t k = 0; k < f.names.size(); ++k) {
      const auto& g = opt.grid;
      CHECK((std::count(g.begin(), g.end(), f.fitted[k]) == 1 || f.fitted[k] == f.start[k]));
    }
  }
  for (size_t i = 0; i < one.fitted.size(); ++i) CHECK(one.fitted[i].regret == two.fitted[i].regret);
  // The fitted config extends the parent with the weights and loads.
  const std::string dir = testing::TempDir("rationalise");
  const Json fitted = RationalisedConfig(one, testing::SourcePath("experiments/status-quo.json"),
                                         "baseline-rationalised", 0.05);
  const Experiment loaded =
      LoadExperiment(testing::WriteFile(dir, "rationalised.json", fitted.dump(2)));
  const WeightFit& us = one.weights[static_cast<size_t>(
      std::find_if(one.weights.begin(), one.weights.end(),
                   [](const WeightFit& f) { return f.agent == "us"; }) -
      one.weights.begin())];
  const AgentSpec& agent = loaded.scenario.agents[loaded.scenario.AgentIndex("us")];
  for (size_t k = 0; k < us.names.size(); ++k) {
    CHECK(agent.params.Central(us.names[k]) == us.fitted[k]);
  }
}

TEST_CASE("rationalise refuses configs of another kind", "[rationalise]") {
  const auto r = testing::RunGeostrat("rationalise " +
                                      testing::SourcePath("experiments/history-2018-2025.json"));
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("expected an experiment config, found a history config"));
}

}  // namespace
}  // namespace geostrat
