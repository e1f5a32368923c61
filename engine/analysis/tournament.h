// Axelrod-style round-robin tournaments of strategies on a two-player stage
// game, with an ecological variant (discrete replicator dynamics over the mean
// payoff matrix) and a Moran process (birth-death, one mutant).
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/config_node.h"
#include "engine/run/experiment.h"
#include "engine/analysis/match.h"
#include "games/normal_form.h"

namespace geostrat {

struct TournamentSpec {
  std::string name;
  std::string description;
  std::string file;
  Json game_json;  // the resolved "game" member, for the manifest
  NormalForm game;
  bool symmetric = true;  // symmetric games play each unordered pair once
  std::vector<std::string> labels;  // one per strategy
  // plans[i][seat]: strategy i parsed for seat 0 (row) and seat 1 (column).
  std::vector<std::array<std::shared_ptr<const PolicyPlan>, 2>> plans;
  int turns = 200;
  int repetitions = 10;
  double noise = 0;
  uint64_t seed = 0;
  // Ecological mode: generations of discrete replicator dynamics (0: off).
  int ecological_generations = 0;
  // Moran process: population size (0: off), trials per ordered pair and
  // selection intensity w (fitness = 1 - w + w * mean payoff per turn).
  int moran_population = 0;
  int moran_trials = 0;
  double moran_intensity = 1.0;

  Json ToJson() const;
  std::string Hash() const;
};

// Reads a tournament config. Each strategy is a policy spec, {"label", "policy"},
// or {"label", "row", "column"} (one spec per seat, same policy). The game is one of
//   {"classic": NAME, "params": {...}}, {"matrix": {...}}, {"nfg": PATH},
//   {"model": CONFIG, "seats": [SEAT_A, SEAT_B], "quarter": Q, "replicate": R}.
TournamentSpec LoadTournament(const std::string& path);
TournamentSpec TournamentFromConfig(const MergedConfig& config, const std::string& path);

// One match of the tournament.
struct MatchRecord {
  int a = 0, b = 0;  // strategy indices; a plays the row seat
  int repetition = 0;
  double score_a = 0, score_b = 0;
  double cooperation_a = 0, cooperation_b = 0;  // share of turns at action 0
  std::vector<int8_t> actions;                   // kept only when asked
};

struct StrategyStats {
  std::string label;
  double total = 0;             // over all repetitions, self-play excluded
  double mean_per_turn = 0, median_per_turn = 0, sd_per_turn = 0, ci_low = 0, ci_high = 0;
  int wins = 0;                 // matches scored strictly higher than the opponent
  double cooperation = 0;       // share of its turns at action 0, self-play excluded
  std::vector<int> rank_counts;  // how often it ranked 1st, 2nd... over repetitions
  int rank = 0;
  // Asymmetric games only: the strategy in each seat (0 row, 1 column), its
  // per-turn payoff there against the other strategies, compared only with
  // what they earn in the same seat. `normalised` places the seat mean
  // between the seat's worst (0) and best (1) strategy; the overall ranking
  // is by the mean of the two, so a row payoff is never set against a
  // column payoff.
  struct Seat {
    double mean_per_turn = 0, ci_low = 0, ci_high = 0, normalised = 0;
    int rank = 0;
  };
  std::array<Seat, 2> seats{};
  double normalised = 0;
};

struct TournamentResult {
  std::vector<MatchRecord> matches;  // in (pair, repetition) order
  std::vector<StrategyStats> stats;  // in strategy order
  std::vector<int> order;            // strategy indices by rank
  // Mean per-turn payoff of i against j over repetitions (self-play included).
  std::vector<std::vector<double>> payoff_matrix;
  std::vector<std::vector<double>> ecological;  // generation x strategy shares
  struct Moran {
    int resident, mutant, fixations, trials;
    double estimate, ci_low, ci_high, exact;
  };
  std::vector<Moran> moran;
  double wall_seconds = 0;
  int threads = 1;
};

TournamentResult RunTournament(const TournamentSpec& spec, int threads, bool keep_actions);

// The exact fixation probability of one mutant of type j among N - 1 of type
// i in a birth-death Moran process with fitness 1 - w + w * payoff, payoffs
// M[x][y] per turn (Nowak 2006, eq. 6.13 with frequency dependence).
double MoranFixationExact(double m_ii, double m_ij, double m_ji, double m_jj, int population,
                          double intensity);

// One file of a run folder: its name and its bytes.
struct ResultFile {
  std::string name;
  std::string text;
};

// The files of a tournament's folder, in memory and in the order written:
// pairs.csv, ranking.csv, ecological.csv and moran.csv (when run),
// actions.csv (when kept), summary.json, game.nfg, manifest.json.
std::vector<ResultFile> TournamentFiles(const TournamentSpec& spec, const TournamentResult& result,
                                        bool with_actions, const std::string& command);
// Writes them, complete or not at all; `finish` adds to the folder before it
// is renamed into place (the report page).
void WriteTournamentFolder(const std::string& dir, const TournamentSpec& spec,
                           const TournamentResult& result, bool with_actions,
                           const std::string& command,
                           const std::function<void(const std::filesystem::path&)>& finish = {});
std::string RankingTable(const TournamentSpec& spec, const TournamentResult& result);

}  // namespace geostrat
