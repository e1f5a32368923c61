// Two run folders compared replicate by replicate. Replicate r of two runs
// with the same seed draws the same parameters and chance (common random
// numbers), so the difference of a what-if from its parent is measured on
// pairs: its interval is far narrower than that of two independent runs,
// which is reported beside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/config_node.h"

namespace geostrat {

// P(class) in each run and the paired difference B − A.
struct ClassDifference {
  std::string name;
  double p_a = 0, p_b = 0;
  double diff = 0, ci_low = 0, ci_high = 0;  // 95%, paired (Wald on the discordant pairs)
  uint64_t only_a = 0, only_b = 0;           // replicates in the class in one run only
  double mcnemar_p = 1;                      // exact two-sided McNemar test of p_a = p_b
  double unpaired_half_width = 0;            // what two independent runs would give
};

// The mean of one per-replicate column (end indicator or utility) in each run
// and the mean paired difference B − A.
struct MeanDifference {
  std::string name;
  uint64_t pairs = 0;  // replicates where both runs have a value
  double mean_a = 0, mean_b = 0;
  double diff = 0, sd = 0, ci_low = 0, ci_high = 0;  // 95%, normal approximation
  double unpaired_half_width = 0;
};

// One value that differs between the two resolved configs.
struct ConfigChange {
  std::string pointer;
  Json a, b;  // null where the config has no such value
};

struct Comparison {
  std::string run_a, run_b, experiment_a, experiment_b;
  uint64_t seed = 0;
  uint64_t replicates = 0;
  std::vector<ClassDifference> classes;
  std::vector<MeanDifference> columns;
  std::vector<ConfigChange> changes;
};

// Reads two run folders of `geostrat run` (manifest.json, outcomes.csv) and
// pairs them. Folders that cannot be paired (another seed, another replicate
// count, rows that do not match) are a ConfigError saying why, how to rerun
// one so that they pair, and how wide an unpaired interval would be.
Comparison CompareRuns(const std::filesystem::path& a, const std::filesystem::path& b);

// Every value in which two JSON documents differ, by JSON pointer (objects
// member by member, arrays element by element when of equal length).
std::vector<ConfigChange> JsonDifferences(const Json& a, const Json& b);

Json ComparisonJson(const Comparison& c);
// The tables `geostrat compare` prints.
std::string ComparisonText(const Comparison& c);

// The exact two-sided McNemar p-value for b and c discordant pairs.
double McNemarExact(uint64_t b, uint64_t c);

}  // namespace geostrat
