// Throughput of the sweep engine: point-replicates per second for a sweep
// config at each requested thread count, including everything a sweep does
// (building every point's experiment, the flattened point x replicate loop,
// per-point reduction, checkpoints and the run folder). Under mpirun every
// rank runs it and rank 0 reports. Not a test: run it on a quiet machine.
//
//   geostrat_bench_sweep experiments/sweep-fee-redline.json [--threads 1,2] [--repeat K]
//                        [--replicates R] [--scenario-csv on|off]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/run/ranks.h"
#include "engine/sweep/sweep.h"

namespace {

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::vector<int> ParseList(const std::string& list) {
  std::vector<int> values;
  size_t start = 0;
  while (start < list.size()) {
    const size_t comma = list.find(',', start);
    values.push_back(std::atoi(list.substr(start, comma - start).c_str()));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: geostrat_bench_sweep CONFIG [--threads 1,2] [--repeat K] [--replicates R] "
                         "[--scenario-csv on|off]\n");
    return 64;
  }
  const std::string config = argv[1];
  std::vector<int> threads = {1, 2};
  int repeat = 1;
  long replicates = 0;
  std::string scenario_csv;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--threads") {
      threads = ParseList(argv[i + 1]);
    } else if (flag == "--repeat") {
      repeat = std::atoi(argv[i + 1]);
    } else if (flag == "--replicates") {
      replicates = std::atol(argv[i + 1]);
    } else if (flag == "--scenario-csv") {
      scenario_csv = argv[i + 1];
    } else {
      std::fprintf(stderr, "geostrat_bench_sweep: unknown flag %s\n", flag.c_str());
      return 64;
    }
  }
  const geostrat::Ranks& ranks = geostrat::Ranks::World();
  const bool root = ranks.rank() == 0;
  try {
    geostrat::MergedConfig merged = geostrat::LoadMergedConfig(config);
    if (replicates > 0) merged.json["sweep"]["replicates"] = replicates;
    if (!scenario_csv.empty()) merged.json["sweep"]["scenario_csv"] = scenario_csv == "on";
    const auto t_load = std::chrono::steady_clock::now();
    const geostrat::SweepSpec spec = geostrat::SweepFromConfig(merged, config);
    const double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load).count();
    const double work = static_cast<double>(spec.points.size()) * spec.replicates;
    if (root) {
      std::printf("config %s: %zu points x %u replicates, %d rank(s), scenario.csv %s, best of %d "
                  "(loading and validating every point: %.2f s, not included)\n",
                  config.c_str(), spec.points.size(), spec.replicates, ranks.size(),
                  spec.scenario_csv ? "on" : "off", repeat, load);
      std::printf("%8s %6s %10s %24s %26s %14s\n", "threads", "ranks", "wall s", "point-replicates/s",
                  "per core (p-r/s/core)", "peak RSS MiB");
    }
    double base = 0;
    const std::string out = (std::filesystem::temp_directory_path() /
                             ("geostrat-bench-sweep-" + std::to_string(getpid())))
                                .string();
    for (int t : threads) {
      double best = 1e300;
      for (int k = 0; k < repeat; ++k) {
        if (root) std::filesystem::remove_all(out);
        geostrat::SweepOptions o;
        o.threads = t;
        o.out = out;
        o.command = "geostrat_bench_sweep";
        const auto summary = geostrat::RunSweep(spec, o);
        best = std::min(best, summary.wall_seconds);
      }
      if (!root) continue;
      const int cores = t * ranks.size();
      const double rate = work / best;
      if (base == 0) base = rate / cores;
      std::printf("%8d %6d %10.2f %24.0f %26.0f %14.1f   (efficiency vs first row %.0f%%)\n", t,
                  ranks.size(), best, rate, rate / cores, PeakRssKb() / 1024.0,
                  100.0 * rate / cores / base);
    }
    if (root) std::filesystem::remove_all(out);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "geostrat_bench_sweep: %s\n", ex.what());
    ranks.Abort(1);
  }
  return 0;
}
