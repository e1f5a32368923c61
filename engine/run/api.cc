#include "engine/run/api.h"

#include "engine/core/error.h"

namespace geostrat::api {

MergedConfig LoadConfig(const std::string& path) { return LoadMergedConfig(path); }

MergedConfig ConfigFromJson(const Json& json, const std::string& label) {
  return MergedConfigFromJson(json, label);
}

Experiment PrepareExperiment(MergedConfig config, const std::string& file,
                             const Overrides& overrides) {
  // Checked like the config's own values, and named by the member they set.
  ConfigErrorCollector errors;
  if (overrides.replicates) {
    errors.Try([&] {
      if (*overrides.replicates < 1 || *overrides.replicates > 100000000) {
        throw ConfigError(file, "/replicates", "an override in [1, 100000000]",
                          std::to_string(*overrides.replicates));
      }
      config.json["replicates"] = *overrides.replicates;
    });
  }
  if (overrides.seed) {
    errors.Try([&] {
      if (*overrides.seed < 0 || *overrides.seed > 9007199254740991LL) {
        throw ConfigError(file, "/seed", "an override in [0, 9007199254740991]",
                          std::to_string(*overrides.seed));
      }
      config.json["seed"] = *overrides.seed;
    });
  }
  errors.ThrowIfAny();
  return ExperimentFromConfig(config, file);
}

RunResult Run(const Experiment& experiment, const RunOptions& options) {
  RunResult result{experiment, RunMonteCarlo(experiment, options), Json()};
  result.summary = Summarise(experiment, result.output);
  return result;
}

void RunResult::Write(const std::string& dir, const RunInfo& info,
                      const std::function<void(const std::filesystem::path&)>& finish) const {
  WriteRunFolder(dir, experiment, output, summary, info, finish);
}

}  // namespace geostrat::api
