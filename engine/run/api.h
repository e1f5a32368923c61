// geostrat as a library: what a program that embeds it (or the Python
// module) calls to run an experiment config and hold its results in memory,
// writing files only when asked. `geostrat run` is this plus its command
// line, so a program and the CLI give the same numbers for the same config,
// seed and replicate count.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "engine/run/experiment.h"
#include "engine/run/results.h"
#include "engine/run/runner.h"

namespace geostrat::api {

// A config read from a file, or given as JSON (`label` names it in errors).
MergedConfig LoadConfig(const std::string& path);
MergedConfig ConfigFromJson(const Json& json, const std::string& label = "<config>");

// What a run may override in its config; the overrides become part of the
// resolved config and so of its hash, exactly as `run --replicates --seed`.
struct Overrides {
  std::optional<long long> replicates;  // in [1, 100000000]
  std::optional<long long> seed;        // in [0, 2^53 - 1]
};

// The experiment a config describes, with the overrides applied. Throws
// ConfigError (ConfigErrors for several) on a bad config or override.
Experiment PrepareExperiment(MergedConfig config, const std::string& file,
                             const Overrides& overrides = {});

struct RunResult {
  Experiment experiment;
  RunOutput output;  // per replicate outcomes, per quarter histograms
  Json summary;      // summary.json's content

  // Writes the run folder `geostrat run` writes (manifest.json, summary.json,
  // outcomes.csv, series.csv, representative.json and any snapshots),
  // complete or not at all; only manifest.json's "run" member (command,
  // threads, time) differs between two writers of one result.
  void Write(const std::string& dir, const RunInfo& info,
             const std::function<void(const std::filesystem::path&)>& finish = {}) const;
};

// Runs the experiment (RunOptions: threads, a progress callback that may
// cancel, snapshot quarters). Throws RunCancelled when the callback cancels.
RunResult Run(const Experiment& experiment, const RunOptions& options);

}  // namespace geostrat::api
