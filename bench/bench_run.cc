// Throughput of the Monte Carlo engine on an experiment config: replicate-
// quarters per second at each requested thread count, with the peak resident
// memory. Not a test: run it on a quiet machine.
//
//   geostrat_bench experiments/baseline.json [--replicates N] [--threads 1,2] [--repeat K]
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/run/runner.h"

namespace {

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: geostrat_bench CONFIG [--replicates N] [--threads 1,2] [--repeat K]\n");
    return 64;
  }
  std::string config = argv[1];
  long replicates = 10000;
  int repeat = 3;
  std::vector<int> threads = {1, 2};
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--replicates") {
      replicates = std::atol(argv[i + 1]);
    } else if (flag == "--repeat") {
      repeat = std::atoi(argv[i + 1]);
    } else if (flag == "--threads") {
      threads.clear();
      std::string list = argv[i + 1];
      size_t start = 0;
      while (start < list.size()) {
        const size_t comma = list.find(',', start);
        threads.push_back(std::atoi(list.substr(start, comma - start).c_str()));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else {
      std::fprintf(stderr, "geostrat_bench: unknown flag %s\n", flag.c_str());
      return 64;
    }
  }
  try {
    geostrat::Experiment e = geostrat::LoadExperiment(config);
    e.replicates = static_cast<uint32_t>(replicates);
    const double rq = static_cast<double>(replicates) * e.scenario.horizon;
    std::printf("config %s: %ld replicates x %d quarters, best of %d\n", config.c_str(), replicates,
                e.scenario.horizon, repeat);
    std::printf("%8s %12s %22s %24s %14s\n", "threads", "wall s", "replicate-quarters/s",
                "per thread (rq/s/thread)", "peak RSS MiB");
    double base = 0;
    for (int t : threads) {
      double best = 1e300;
      for (int k = 0; k < repeat; ++k) {
        const auto run = geostrat::RunMonteCarlo(e, {.threads = t, .progress = false});
        best = std::min(best, run.wall_seconds);
      }
      const double rate = rq / best;
      if (base == 0) base = rate / t;
      std::printf("%8d %12.3f %22.0f %24.0f %14.1f   (efficiency vs first row %.0f%%)\n", t, best,
                  rate, rate / t, PeakRssKb() / 1024.0, 100.0 * rate / t / base);
    }
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "geostrat_bench: %s\n", ex.what());
    return 1;
  }
  return 0;
}
