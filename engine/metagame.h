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
//   }
#pragma once

#include <string>
#include <vector>

#include "engine/experiment.h"
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
  std::string file;
};

MetaGameSpec LoadMetaGame(const std::string& path);

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
};

MetaGameResult RunMetaGame(const MetaGameSpec& spec, int threads);

}  // namespace geostrat
