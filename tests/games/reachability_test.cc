// Every outcome class can happen (docs/model.md §5): each scenario of
// experiments/reachability/ makes its class the most likely end state, with
// the 95% Wilson interval of its probability above 0.5 - except the
// symbiotic bifurcation, for which the likeliest scenario found is tested
// for what it is: a rise from a few in 1,000 in the baseline to about 1 in
// 5, not a majority.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/core/stats.h"
#include "engine/experiment.h"
#include "engine/simulation.h"
#include "games/classifier.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

constexpr uint32_t kReplicates = 1000;

std::vector<int> ClassCounts(const std::string& name) {
  const std::string path = testing::SourcePath("experiments/reachability/" + name + ".json");
  const Experiment e = ExperimentFromConfig(LoadMergedConfig(path), path);
  const Simulation sim(e);
  std::vector<int> counts(kNumClasses, 0);
  for (uint32_t rep = 0; rep < kReplicates; ++rep) ++counts[DeclareClass(sim.Run(rep).class_history)];
  return counts;
  return counts;
}

TEST_CASE("Reachability: each scenario makes its class the most likely end state", "[games][reachability]") {
  const std::vector<std::string> reached = {"full_decoupling", "reintegration", "china_catch_up",
                                            "us_led_unipolar", "contested_transition"};
  for (const std::string& name : reached) {
    INFO(name);
    const std::vector<int> counts = ClassCounts(name);
    int c = 0;
    while (OutcomeClassNames()[c] != name) ++c;
    CHECK(WilsonInterval(counts[c], kReplicates).low > 0.5);
  }
}

TEST_CASE("Reachability: the likeliest symbiotic scenario found", "[games][reachability]") {
  const std::vector<int> counts = ClassCounts("symbiotic_bifurcation");
  const double p = static_cast<double>(counts[kSymbioticBifurcation]) / kReplicates;
  CHECK(p > 0.1);
}

}  // namespace
}  // namespace geostrat
