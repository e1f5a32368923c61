// The analysis layer's front door for programs that embed geostrat (and the
// Python module): a tournament or a meta-game from a config read by
// engine/run/api.h, with the overrides the CLI offers, run and held in
// memory; their folders are written only when asked.
//
//   MergedConfig config = api::LoadConfig("experiments/tournaments/axelrod-classic.json");
//   TournamentSpec spec = api::PrepareTournament(config, "axelrod-classic.json", {.seed = 7});
//   TournamentResult result = RunTournament(spec, threads, /*keep_actions=*/false);
//   for (const ResultFile& f : TournamentFiles(spec, result, false, "my program")) ...
//
// Equilibria of a game of one's own: engine/analysis/solve.h (SolveMethods).
#pragma once

#include <optional>
#include <string>

#include "engine/analysis/metagame.h"
#include "engine/analysis/solve.h"
#include "engine/analysis/tournament.h"
#include "engine/run/api.h"

namespace geostrat::api {

// Values that replace the config's own and are checked like them (a
// ConfigError names the member they set).
struct TournamentOverrides {
  std::optional<long long> repetitions;  // /repetitions, in [1, 1000000]
  std::optional<long long> seed;         // /seed, in [0, 2^53 - 1]
};
TournamentSpec PrepareTournament(MergedConfig config, const std::string& file,
                                 const TournamentOverrides& overrides = {});

// `replicates` replaces /metagame/replicates (in [2, 10000000]).
MetaGameSpec PrepareMetaGame(MergedConfig config, const std::string& file,
                             std::optional<long long> replicates = {});

}  // namespace geostrat::api
