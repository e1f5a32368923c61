// The Monte Carlo runner: the only OpenMP in the project. One loop over
// replicates; each iteration builds its own World and policies; results land
// in a pre-sized vector by replicate index and are reduced serially after the
// loop, so output is byte-identical for any thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/stats.h"
#include "engine/run/simulation.h"

namespace geostrat {

// The indicators tracked per quarter in series.csv, with their histogram range.
struct SeriesIndicator {
  const char* name;
  double Indicators::*field;
  double lo, hi;
};
const std::vector<SeriesIndicator>& SeriesIndicators();

struct RunOptions {
  int threads = 1;
  bool progress = false;  // a progress line with ETA on stderr
  // Quarters (quarters played, ascending) at which every replicate's state is
  // saved for branching; none before the quarter the experiment starts at.
  std::vector<int> snapshot_quarters = {};
  // Called on the calling thread (OpenMP's thread 0), after each replicate
  // that thread finishes, with the count done so far. Returning false
  // cancels the run: every thread stops at its next replicate and
  // RunMonteCarlo throws RunCancelled. The calling thread is the one an
  // embedding program owns, so the callback may touch its state (Python's
  // interpreter, to show progress and honour Ctrl-C).
  std::function<bool(uint32_t done, uint32_t total)> on_progress = {};
};

// A run stopped by RunOptions::on_progress: no result exists.
class RunCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunOutput {
  std::vector<ReplicateOutcome> replicates;
  // Histograms per (step, indicator): step 0 = the start state, step t = after
  // quarter t. Index: step * SeriesIndicators().size() + indicator.
  std::vector<Histogram> series;
  int steps = 0;
  // Per snapshot quarter (RunOptions order), every replicate's state as a
  // cereal record (engine/run/snapshot.h), in replicate order.
  std::vector<int> snapshot_quarters;
  std::vector<std::vector<std::string>> snapshots;
  double wall_seconds = 0;
  int threads = 1;
};

RunOutput RunMonteCarlo(const Experiment& experiment, const RunOptions& options);

}  // namespace geostrat
