// Every outcome class can happen (docs/model.md §5): each scenario of
// experiments/reachability/ makes its class the most likely end state, with
// the 95% Wilson interval of its probability above 0.5.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/core/stats.h"
#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
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
}

TEST_CASE("Reachability: each scenario makes its class the most likely end state", "[games][reachability]") {
  int checked = 0;
  for (int c = 0; c < kNumClasses; ++c) {
    const std::string name = OutcomeClassNames()[c];
    INFO(name);
    const std::vector<int> counts = ClassCounts(name);
    CHECK(WilsonInterval(counts[c], kReplicates).low > 0.5);
    ++checked;
  }
  CHECK(checked == 6);
}

}  // namespace
}  // namespace geostrat
