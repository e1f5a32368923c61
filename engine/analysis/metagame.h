// The meta-game (empirical game-theoretic analysis): candidate policies for
// some seats, every profile simulated R times with common random numbers,
// the table of mean discounted utilities with standard errors, its
// equilibria, their stability under bootstrap resampling of the replicates,
// and the distribution of end states under equilibrium play.
//
// Config: an experiment config with a "metagame" member:
//   "metagame": {
//     "candidates": {"<seat>": [policy spec, ...], "<seat>": [...]},
//     "labels": {"<seat>": ["name", ...]}        (optional)
//     "replicates": 1000, "bootstrap": 200, "method": "enummixed" | "gnm" | "liap"
//   (enummixed, exact and complete, for two seats only; gnm, the global
//   Newton method, for any number)
//     "max_seconds": 60                          (optional, enummixed only: each
//   solve stops there and keeps the equilibria found so far, "complete": false)
//     "observed": {"<seat>": "label", ...}       (optional: the profile played
//   today, whose regret is reported)
//     "expand": true | {"epsilon": 1, "rounds": 4, "pool": {"<seat>": [spec, ...]}}
//   (optional: policy-space response oracles. Each round solves the meta-game,
//   values every pool policy against each equilibrium's mix of the other
//   seats, and adds to each seat's menu its pool policy that beats an
//   equilibrium by most, if by more than epsilon; it stops when no pool policy
//   does or after `rounds` rounds. The default pool: receding-horizon best
//   responses over 1, 2 and 8 quarters and a response rule.)
//   }
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/run/experiment.h"
#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

struct MetaGameSpec {
  Experiment experiment;  // the base experiment (its policies for the other seats)
  std::vector<int> seats;
  std::vector<std::vector<std::shared_ptr<const PolicyPlan>>> candidates;  // per seat
  std::vector<std::vector<std::string>> labels;                             // per seat
  uint32_t replicates = 1000;
  int bootstrap = 200;
  std::string method = "enummixed";
  // enummixed: stop each solve after this many seconds, with the equilibria
  // found so far (0: no limit). A limit that is reached makes the result
  // depend on the machine's speed; the summary then says so.
  double max_seconds = 0;
  std::string file;
  std::vector<int> observed;  // per seat: the observed candidate's index (empty: none given)
  struct Expansion {
    bool enabled = false;
    double epsilon = 1.0;  // $B-equivalents of discounted utility
    int rounds = 4;
    std::vector<std::vector<std::shared_ptr<const PolicyPlan>>> pool;  // per seat
    std::vector<std::vector<std::string>> pool_labels;                 // per seat
  } expand;
};

MetaGameSpec LoadMetaGame(const std::string& path);
// The same from a config already read (a file with its "extends", or a JSON
// object from a program); `path` names it in errors and the manifest.
MetaGameSpec MetaGameFromConfig(MergedConfig merged, const std::string& path);

struct MetaGameResult {
  NormalForm game;                              // mean discounted utilities
  std::vector<std::vector<double>> std_error;   // [profile][seat]
  // Per profile: count of replicates ending in each outcome class.
  std::vector<std::vector<uint32_t>> outcome_counts;
  SolveResult solved;
  struct Assessment {
    double stability = 0;  // share of bootstrap samples with an equilibrium of the same support
    std::vector<double> outcome_p, outcome_low, outcome_high;  // per class
  };
  std::vector<Assessment> assessments;  // per equilibrium
  double wall_seconds = 0;
  int threads = 1;
  // The expansion's rounds: the best pool policy's gain over an equilibrium
  // (the equilibria's regret against the pool) and what each seat added.
  struct Round {
    double regret = 0;
    std::vector<std::string> added;  // per seat: the label added ("" if none)
  };
  std::vector<Round> rounds;
  bool converged = true;  // the last round's regret is within epsilon
  // Bootstrap solves that max_seconds cut short (their supports may miss).
  int bootstrap_cut_short = 0;
  // The observed profile's regret per seat (best reply in the table minus its
  // payoff) and as a share of the seat's payoff range in the table.
  std::vector<double> observed_regret, observed_regret_share;
};

// `keep_going`, when given, is called on the calling thread (OpenMP's thread
// 0) after each simulation it finishes; returning false cancels the run,
// which then throws RunCancelled (engine/run/runner.h).
MetaGameResult RunMetaGame(const MetaGameSpec& spec, int threads,
                           const std::function<bool()>& keep_going = {});

// The resolved config (the manifest's "config"; its FNV-1a hash names the run).
Json MetaGameConfig(const MetaGameSpec& spec);
// equilibria.json: each equilibrium with its bootstrap stability and end
// states, the table of profiles, the expansion's rounds, the observed profile.
Json MetaGameSummary(const MetaGameSpec& spec, const MetaGameResult& result);
// profiles.csv: the same table for a spreadsheet, a row per profile.
std::string MetaGameProfilesCsv(const MetaGameSpec& spec, const MetaGameResult& result);
// The folder geostrat equilibrium writes (metagame.nfg, equilibria.json,
// profiles.csv, manifest.json), complete or not at all; `finish` adds to it
// before it is renamed into place (the report page).
void WriteMetaGameFolder(const std::string& dir, const MetaGameSpec& spec,
                         const MetaGameResult& result,
                         const std::function<void(const std::filesystem::path&)>& finish = {});

}  // namespace geostrat
