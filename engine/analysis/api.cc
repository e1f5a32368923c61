#include "engine/analysis/api.h"

namespace geostrat::api {

TournamentSpec PrepareTournament(MergedConfig config, const std::string& file,
                                 const TournamentOverrides& overrides) {
  // Set into the config, whose reader checks their ranges and puts them in
  // the hash, exactly as the values of a file would be.
  if (overrides.repetitions) config.json["repetitions"] = *overrides.repetitions;
  if (overrides.seed) config.json["seed"] = *overrides.seed;
  return TournamentFromConfig(config, file);
}

MetaGameSpec PrepareMetaGame(MergedConfig config, const std::string& file,
                             std::optional<long long> replicates) {
  if (replicates && config.json.contains("metagame") && config.json["metagame"].is_object()) {
    config.json["metagame"]["replicates"] = *replicates;
  }
  return MetaGameFromConfig(std::move(config), file);
}

}  // namespace geostrat::api
