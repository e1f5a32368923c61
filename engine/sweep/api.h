// The sweep layer's front door for programs that embed geostrat (and the
// Python module): a sweep from a config read by engine/run/api.h, with the
// CLI's overrides. RunSweep (engine/sweep/sweep.h) then writes its folder
// with checkpoints, as `geostrat sweep` does.
#pragma once

#include <optional>
#include <string>

#include "engine/run/api.h"
#include "engine/sweep/sweep.h"

namespace geostrat::api {

// `replicates` replaces /sweep/replicates (per point), `seed` the base seed;
// both are checked like the config's own values, enter the sweep's hash, and
// are added to the rerun command of its manifest.
struct SweepOverrides {
  std::optional<long long> replicates;
  std::optional<long long> seed;
};
SweepSpec PrepareSweep(MergedConfig config, const std::string& file,
                       const SweepOverrides& overrides = {});

}  // namespace geostrat::api
