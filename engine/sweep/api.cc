#include "engine/sweep/api.h"

namespace geostrat::api {

SweepSpec PrepareSweep(MergedConfig config, const std::string& file,
                       const SweepOverrides& overrides) {
  std::string rerun_options;
  if (overrides.replicates) {
    if (config.json.contains("sweep") && config.json["sweep"].is_object()) {
      config.json["sweep"]["replicates"] = *overrides.replicates;
    }
    rerun_options += " --replicates " + std::to_string(*overrides.replicates);
  }
  if (overrides.seed) {
    config.json["seed"] = *overrides.seed;
    rerun_options += " --seed " + std::to_string(*overrides.seed);
  }
  SweepSpec spec = SweepFromConfig(config, file);
  spec.rerun_options = rerun_options;
  return spec;
}

}  // namespace geostrat::api
