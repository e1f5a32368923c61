// An experiment: a scenario, a policy for every seat, replicates and seed.
// Loaded from a JSON config that may "extends" another config (a JSON merge
// patch, RFC 7386, applied on the parent; a seat's policy in the child replaces
// the parent's whole policy for that seat).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "games/scenario.h"
#include "policies/policy.h"

namespace geostrat {

struct Branch;  // engine/run/snapshot.h

struct Experiment {
  std::string name;
  std::string description;
  std::string file;  // the config file it was loaded from
  uint64_t seed = 0;
  uint32_t replicates = 0;
  Scenario scenario;
  std::vector<std::shared_ptr<const PolicyPlan>> policies;  // one per seat
  // Set when the experiment starts from a snapshot ("start_from").
  std::shared_ptr<const Branch> start_from;

  Json ToJson() const;  // fully resolved, every default filled in
  std::string Hash() const;  // 16 hex digits of FNV-1a over ToJson().dump()
};

// Limits on every config file and "extends" chain, checked while reading
// (docs/limits.md gives the reasons).
constexpr size_t kMaxConfigBytes = size_t{1} << 20;  // one file: 1 MiB
constexpr int kMaxConfigDepth = 64;                  // nesting of arrays and objects
constexpr int kMaxExtendsChain = 8;                  // files in a chain, the config included
constexpr size_t kMaxNameLength = 64;                // "name": a results folder

// Reads the config file (following "extends"), merging and validating it.
// Throws ConfigError naming the file and JSON pointer of each problem
// (ConfigErrors when there are several).
Experiment LoadExperiment(const std::string& path);

// The merged JSON of a config and its "extends" chain, with the file that
// supplied each value. Exposed for `geostrat validate --print`.
struct MergedConfig {
  Json json;
  std::shared_ptr<SourceMap> sources;
};
MergedConfig LoadMergedConfig(const std::string& path);
// A config given in memory (a program's or a Python dict's), called `label`
// in error messages; a relative "extends" in it is read from the current
// directory.
MergedConfig MergedConfigFromJson(const Json& json, const std::string& label);

Experiment ExperimentFromConfig(const MergedConfig& config, const std::string& file);

// What a config is for, told from its top-level keys, and so which verb reads
// it: "sweep" (sweep), "metagame" (equilibrium), "timeline" (replay, backtest),
// "game" or "strategies" without "scenario" and "policies" (tournament), else
// an experiment (run, play, stage).
enum class ConfigKind { kExperiment, kHistory, kSweep, kMetaGame, kTournament };
ConfigKind KindOfConfig(const Json& config);
// Throws a ConfigError naming the verb for the config's kind unless it is one
// of `accepted`; `expected` says what the caller reads.
void ExpectConfigKind(const MergedConfig& config, const std::string& file,
                      const std::vector<ConfigKind>& accepted, const std::string& expected);

// A config's "name": it names the results folder, so 1 to kMaxNameLength
// lower-case letters, digits, '_' and '-', starting with a letter or digit.
std::string ReadFolderName(const ConfigNode& node);

}  // namespace geostrat
