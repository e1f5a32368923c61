#include "engine/run/runner.h"

#include <omp.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>

#include "engine/core/error.h"
#include "engine/run/snapshot.h"

namespace geostrat {

const std::vector<SeriesIndicator>& SeriesIndicators() {
  // Shares get 2,000 bins (quantiles to +-0.00025); the gap 4,000 bins over
  // 0-20 years (+-0.0025 years).
  static const std::vector<SeriesIndicator> list = {
      {"F", &Indicators::f, 0, 1},
      {"X_chip", &Indicators::x_chip, 0, 1},
      {"S_CN", &Indicators::s_cn, 0, 1},
      {"X_min", &Indicators::x_min, 0, 1},
      {"R_US", &Indicators::r_us, 0, 1},
      {"C_CN", &Indicators::c_cn, 0, 1},
      {"P_CN", &Indicators::p_cn, 0, 1},
      {"G_US", &Indicators::g_us, 0, 1},
      {"Gap", &Indicators::gap, 0, 20},
      {"US_compute_share", &Indicators::us_compute_share, 0, 1},
      {"LE_US", &Indicators::le_us, 0, 1},
      {"mineral_self_sufficiency", &Indicators::mineral_self, 0, 1},
  };
  return list;
}

namespace {

std::vector<Histogram> EmptySeries(int steps) {
  std::vector<Histogram> series;
  series.reserve(static_cast<size_t>(steps) * SeriesIndicators().size());
  for (int t = 0; t < steps; ++t) {
    for (const auto& ind : SeriesIndicators()) {
      series.emplace_back(ind.lo, ind.hi, ind.hi - ind.lo > 1 ? 4000 : 2000);
    }
  }
  return series;
}

class Progress {
 public:
  Progress(bool enabled, uint32_t total)
      : enabled_(enabled && isatty(STDERR_FILENO)), total_(total),
        start_(std::chrono::steady_clock::now()) {}
  void Tick() {
    const uint32_t done = ++done_;
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (done != total_ && elapsed - last_print_.load() < 0.2) return;
    last_print_ = elapsed;
    const double eta = done > 0 ? elapsed * (total_ - done) / done : 0.0;
    std::fprintf(stderr, "\r%u/%u replicates (%.0f%%)  elapsed %.1fs  ETA %.1fs   ", done,
                 total_, 100.0 * done / total_, elapsed, eta);
    if (done == total_) std::fprintf(stderr, "\n");
  }

 private:
  bool enabled_;
  uint32_t total_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<uint32_t> done_{0};
  std::atomic<double> last_print_{-1.0};
};

}  // namespace

RunOutput RunMonteCarlo(const Experiment& experiment, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const uint32_t n = experiment.replicates;
  const Simulation simulation(experiment);
  const int steps = experiment.scenario.horizon + 1;

  RunOutput out;
  out.steps = steps;
  out.threads = options.threads;
  out.replicates.resize(n);
  out.series = EmptySeries(steps);
  const int first = experiment.start_from ? experiment.start_from->quarter : 0;
  for (size_t k = 0; k < options.snapshot_quarters.size(); ++k) {
    const int q = options.snapshot_quarters[k];
    if (q < first || q > experiment.scenario.horizon ||
        (k > 0 && q <= options.snapshot_quarters[k - 1])) {
      throw InternalError("snapshot quarters must ascend within [" + std::to_string(first) +
                          ", horizon]");
    }
  }
  out.snapshot_quarters = options.snapshot_quarters;
  out.snapshots.assign(options.snapshot_quarters.size(), std::vector<std::string>(n));
  std::vector<std::exception_ptr> errors(n);
  Progress progress(options.progress, n);
  const size_t per_step = SeriesIndicators().size();
  std::atomic<bool> cancelled{false};
  std::atomic<uint32_t> done{0};

#pragma omp parallel num_threads(options.threads)
  {
    // Integer histogram counts: merging per-thread copies gives the same
    // result in any order.
    std::vector<Histogram> local = EmptySeries(steps);
#pragma omp for schedule(dynamic, 8)
    for (int64_t i = 0; i < static_cast<int64_t>(n); ++i) {
      const auto rep = static_cast<uint32_t>(i);
      if (cancelled.load(std::memory_order_relaxed)) continue;  // OpenMP loops cannot break
      try {
        ReplicateState state = simulation.Start(rep);
        const auto record = [&](const Indicators& now, int step) {
          for (size_t k = 0; k < per_step; ++k) {
            local[step * per_step + k].Add(now.*(SeriesIndicators()[k].field));
          }
        };
        // A branch starts mid-run: the quarters it inherits come from history.
        record(state.start, 0);
        for (int t = 1; t <= state.world.quarter; ++t) record(state.world.history[t - 1], t);
        const auto observe = [&](const World& w) { record(w.now, w.quarter); };
        for (size_t k = 0; k < options.snapshot_quarters.size(); ++k) {
          simulation.Advance(state, rep, options.snapshot_quarters[k], observe);
          out.snapshots[k][rep] = SerialiseState(state);
        }
        simulation.Advance(state, rep, experiment.scenario.horizon, observe);
        out.replicates[rep] = simulation.Summarise(state.world, rep);
      } catch (...) {
        errors[rep] = std::current_exception();
      }
      progress.Tick();
      const uint32_t finished = done.fetch_add(1) + 1;
      if (options.on_progress && omp_get_thread_num() == 0 &&
          !options.on_progress(finished, n)) {
        cancelled = true;
      }
    }
#pragma omp critical(geostrat_series_merge)
    for (size_t h = 0; h < local.size(); ++h) out.series[h].Merge(local[h]);
  }

  if (cancelled) {
    throw RunCancelled("run cancelled after " + std::to_string(done.load()) + " of " +
                       std::to_string(n) + " replicates; nothing was written");
  }
  // Rethrow the failure of the lowest replicate index, naming it.
  for (uint32_t rep = 0; rep < n; ++rep) {
    if (!errors[rep]) continue;
    try {
      std::rethrow_exception(errors[rep]);
    } catch (const ConfigError&) {
      throw;  // its message names the replicate and seed already
    } catch (const std::exception& e) {
      throw std::runtime_error("replicate " + std::to_string(rep) + " (seed " +
                               std::to_string(experiment.seed) + ") failed: " + e.what());
    }
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace geostrat
