// Equilibrium solver timings on random integer games (fixed seeds): all
// extreme equilibria in exact arithmetic (enummixed, on 1 and 2 threads)
// beside lrslib's lrsnash as the reference, on the same games (payoffs 0-99,
// and a degenerate family with payoffs 0-2), with their equilibrium counts
// (a mismatch, or a different output on 2 threads, makes the run exit 1)
// and peak memory; Lemke-Howson from every label; the n-player methods
// (global Newton beside Lyapunov minimisation) on random games of three and
// more players; and the meta-game's throughput on the shipped
// equilibrium-baseline config.
//
//   geostrat_bench_solvers [--enum-sizes 5,10,15,20] [--seeds 3]
//                          [--degenerate-sizes 6,8,10] [--lh-sizes 10,20,30]
//                          [--repeat 3] [--shapes 3x3x3,4x4x4,5x5x5,3x3x3x3]
//                          [--metagame experiments/equilibrium-baseline.json]
//                          [--sections enum,lh,nplayer,metagame]
//
// --sizes is the old name of --enum-sizes; --repeat is the seeds of the
// n-player section. A quick run: --enum-sizes 5,10,15 --seeds 1
// --degenerate-sizes 6 --sections enum. Size 20 takes lrsnash about 5
// minutes a seed.
#include <omp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/analysis/metagame.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/gnm.h"
#include "games/solvers/lcp.h"
#include "games/solvers/liap.h"

namespace {

using Clock = std::chrono::steady_clock;

// An n x n game with payoffs drawn from 0..values-1 (100: generic; 3: many
// ties, so degenerate).
geostrat::NormalForm RandomGame(int n, uint64_t seed, int values = 100) {
  geostrat::Rng rng(seed, static_cast<uint32_t>(n), values == 100 ? 0 : values, 0);
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back(std::to_string(i + 1));
  geostrat::NormalForm g("random " + std::to_string(n), {"1", "2"}, {names, names});
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    g.SetPayoff(index, 0, rng.Below(values));
    g.SetPayoff(index, 1, rng.Below(values));
  }
  return g;
}

// The process's peak resident memory (VmHWM) in MiB, after resetting it
// (writing 5 to /proc/self/clear_refs) when `reset`; -1 when unreadable.
double PeakMiB(bool reset) {
  if (reset) {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
  }
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  }
  return -1;
}

// Everything a caller of enummixed sees, to compare runs.
std::string Printed(const geostrat::NormalForm& g, const geostrat::SolveResult& r) {
  std::ostringstream out;
  out << geostrat::ToJson(r, g).dump() << "\n" << r.note << "\n";
  for (const auto& eq : r.equilibria) out << geostrat::GambitLine(eq) << "\n";
  return out.str();
}

struct Timed {
  double seconds = -1, mib = -1;
  int found = -1;
  std::string printed;
};

Timed TimeEnumMixed(const geostrat::NormalForm& g, int threads) {
  Timed t;
  PeakMiB(true);
  geostrat::EnumMixedOptions options;
  options.threads = threads;
  const auto t0 = Clock::now();
  const geostrat::SolveResult r = geostrat::EnumMixed(g, options);
  t.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  t.mib = PeakMiB(false);
  t.found = static_cast<int>(r.equilibria.size());
  t.printed = Printed(g, r);
  return t;
}

// A game of any shape ("3x3x3": three players with three strategies each).
geostrat::NormalForm RandomShape(const std::vector<int>& shape, uint64_t seed) {
  std::vector<std::string> players;
  std::vector<std::vector<std::string>> names;
  for (size_t p = 0; p < shape.size(); ++p) {
    players.push_back(std::to_string(p + 1));
    names.emplace_back();
    for (int s = 0; s < shape[p]; ++s) names.back().push_back(std::to_string(s + 1));
  }
  geostrat::NormalForm g("random", players, names);
  geostrat::Rng rng(seed, 0, 0, 0);
  for (size_t index = 0; index < g.num_profiles(); ++index) {
    for (int p = 0; p < g.num_players(); ++p) g.SetPayoff(index, p, rng.Below(100));
  }
  return g;
}

// lrsnash's single-file format: "m n", then A, then B, row by row. Its peak
// memory from /usr/bin/time -f %M when that exists, else the largest of all
// children so far (getrusage), in *mib.
double TimeLrsnash(const geostrat::NormalForm& g, int* found, double* mib = nullptr) {
  const std::string path = "/tmp/geostrat-bench-lrs-" + std::to_string(getpid()) + ".txt";
  {
    std::ofstream out(path);
    const int m = g.num_strategies(0), n = g.num_strategies(1);
    out << m << " " << n << "\n\n";
    for (int p = 0; p < 2; ++p) {
      for (int r = 0; r < m; ++r) {
        for (int c = 0; c < n; ++c) out << g.Payoff2(r, c, p) << (c + 1 < n ? " " : "\n");
      }
      out << "\n";
    }
  }
  const std::string memory = path + ".mem";
  const bool timer = access("/usr/bin/time", X_OK) == 0;
  const auto t0 = Clock::now();
  const std::string cmd = (timer ? "/usr/bin/time -f %M -o " + memory + " " : std::string()) +
                          "lrsnash " + path +
                          " 2>/dev/null | sed -n 's/.*Number of equilibria found: *//p'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return -1;
  *found = -1;
  if (std::fscanf(pipe, "%d", found) != 1) *found = -1;
  const int status = pclose(pipe);
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (mib != nullptr) {
    *mib = -1;
    std::ifstream in(memory);
    double kb = 0;
    if (timer && (in >> kb)) {
      *mib = kb / 1024.0;
    } else {
      rusage usage{};
      if (getrusage(RUSAGE_CHILDREN, &usage) == 0) *mib = usage.ru_maxrss / 1024.0;
    }
  }
  std::remove(path.c_str());
  std::remove(memory.c_str());
  return status == -1 ? -1 : seconds;
}

// One row of the enumeration table; false on a mismatch (counts, or the
// output on 2 threads).
bool EnumRow(const char* family, int n, uint64_t seed, int values) {
  const geostrat::NormalForm g = RandomGame(n, seed, values);
  const Timed one = TimeEnumMixed(g, 1);
  const Timed two = TimeEnumMixed(g, 2);
  int lrs_found = -1;
  double lrs_mib = -1;
  const double lrs = TimeLrsnash(g, &lrs_found, &lrs_mib);
  const bool same = one.printed == two.printed;
  const bool agree = lrs_found == one.found;
  std::printf("%-6s %4d %6llu %10.3f %10.3f %10.3f %8.2f %8.2f %6d %6d %8.1f %8.1f %8.1f%s%s\n",
              family, n, static_cast<unsigned long long>(seed), one.seconds, two.seconds, lrs,
              lrs / one.seconds, lrs / two.seconds, one.found, lrs_found, one.mib, two.mib, lrs_mib,
              agree ? "" : "  COUNT MISMATCH", same ? "" : "  2-THREAD OUTPUT DIFFERS");
  std::fflush(stdout);
  return same && agree;
}

std::vector<int> ParseList(const char* text) {
  std::vector<int> out;
  for (const char* p = text; *p;) {
    out.push_back(std::atoi(p));
    while (*p && *p != ',') ++p;
    if (*p == ',') ++p;
  }
  return out;
}

std::vector<std::vector<int>> ParseShapes(const char* text) {
  std::vector<std::vector<int>> shapes;
  std::vector<int> shape;
  for (const char* p = text;; ++p) {
    if (*p >= '0' && *p <= '9') {
      shape.push_back(std::atoi(p));
      while (p[1] >= '0' && p[1] <= '9') ++p;
    } else if (*p == ',' || *p == '\0') {
      shapes.push_back(shape);
      shape.clear();
      if (*p == '\0') break;
    }
  }
  return shapes;
}

std::string ShapeName(const std::vector<int>& shape) {
  std::string name;
  for (int k : shape) name += (name.empty() ? "" : "x") + std::to_string(k);
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {5, 10, 15, 20}, degenerate_sizes = {6, 8, 10}, lh_sizes = {10, 20, 30};
  int repeat = 3, seeds = 3;
  std::vector<std::vector<int>> shapes = {{3, 3, 3}, {4, 4, 4}, {5, 5, 5}, {3, 3, 3, 3}};
  std::string metagame = "experiments/equilibrium-baseline.json";
  std::string sections = "enum,lh,nplayer,metagame";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--sizes" || flag == "--enum-sizes") sizes = ParseList(argv[i + 1]);
    else if (flag == "--degenerate-sizes") degenerate_sizes = ParseList(argv[i + 1]);
    else if (flag == "--seeds") seeds = std::atoi(argv[i + 1]);
    else if (flag == "--sections") sections = argv[i + 1];
    else if (flag == "--lh-sizes") lh_sizes = ParseList(argv[i + 1]);
    else if (flag == "--repeat") repeat = std::atoi(argv[i + 1]);
    else if (flag == "--shapes") shapes = ParseShapes(argv[i + 1]);
    else if (flag == "--metagame") metagame = argv[i + 1];
    else {
      std::fprintf(stderr, "geostrat_bench_solvers: unknown flag %s\n", flag.c_str());
      return 64;
    }
  }
  auto section = [&](const char* name) {
    return ("," + sections + ",").find("," + std::string(name) + ",") != std::string::npos;
  };
  bool all_agree = true;
  try {
    if (section("enum")) {
      std::printf("all extreme equilibria, n x n games, seeds 1000-%d: enummixed on 1 and 2 threads "
                  "(1t, 2t) and lrsnash, seconds, lrsnash / ours, equilibria found, peak MiB\n"
                  "(random: payoffs 0-99; degen: payoffs 0-2)\n"
                  "%-6s %4s %6s %10s %10s %10s %8s %8s %6s %6s %8s %8s %8s\n",
                  999 + seeds, "family", "size", "seed", "1t s", "2t s", "lrsnash s", "lrs/1t",
                  "lrs/2t", "found", "lrs", "1t MiB", "2t MiB", "lrs MiB");
      for (int n : sizes) {
        for (int k = 0; k < seeds; ++k) all_agree = EnumRow("random", n, 1000 + k, 100) && all_agree;
      }
      for (int n : degenerate_sizes) {
        for (int k = 0; k < seeds; ++k) all_agree = EnumRow("degen", n, 1000 + k, 3) && all_agree;
      }
    }
    if (!section("lh")) lh_sizes.clear();
    if (!section("nplayer")) shapes.clear();
    if (!section("metagame")) metagame.clear();
    if (!lh_sizes.empty()) {
      std::printf("\nLemke-Howson from every label (2n runs), random integer games:\n%6s %14s %10s\n",
                  "size", "seconds", "distinct");
    }
    for (int n : lh_sizes) {
      const geostrat::NormalForm g = RandomGame(n, 7);
      const auto t0 = Clock::now();
      const geostrat::SolveResult r = geostrat::LemkeHowson(g, -1);
      std::printf("%6d %14.4f %10zu\n", n, std::chrono::duration<double>(Clock::now() - t0).count(),
                  r.equilibria.size());
    }
    if (!shapes.empty()) {
      std::printf("\nn-player games (payoffs 0-99): gnm from 10 directions, liap from 100 starts\n"
                  "%10s %6s %10s %12s %8s %8s %10s %8s\n", "shape", "seed", "gnm s", "ms/path",
                  "found", "index", "liap s", "found");
    }
    for (const auto& shape : shapes) {
      for (int k = 0; k < repeat; ++k) {
        const geostrat::NormalForm g = RandomShape(shape, 2000 + k);
        geostrat::GnmOptions go;
        go.starts = 10;
        auto t0 = Clock::now();
        const geostrat::SolveResult newton = geostrat::GlobalNewton(g, go);
        const double gnm_s = std::chrono::duration<double>(Clock::now() - t0).count();
        int index = 0;
        for (const auto& eq : newton.equilibria) index += eq.detail["index"].get<int>();
        geostrat::LiapOptions lo;
        lo.starts = 100;
        t0 = Clock::now();
        const geostrat::SolveResult local = geostrat::Liap(g, lo);
        const double liap_s = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("%10s %6d %10.4f %12.2f %8zu %8d %10.4f %8zu\n", ShapeName(shape).c_str(), 2000 + k,
                    gnm_s, gnm_s * 100.0, newton.equilibria.size(), index, liap_s, local.equilibria.size());
      }
    }
    std::ifstream probe(metagame.empty() ? "/nonexistent" : metagame);
    if (probe) {
      const geostrat::MetaGameSpec spec = geostrat::LoadMetaGame(metagame);
      size_t profiles = 1;
      for (const auto& c : spec.candidates) profiles *= c.size();
      std::printf("\nmeta-game %s: %zu profiles x %u replicates, bootstrap %d\n%8s %12s %24s\n",
                  metagame.c_str(), profiles, spec.replicates, spec.bootstrap, "threads", "wall s",
                  "profile-replicates/s");
      for (int t : {1, 2}) {
        const geostrat::MetaGameResult r = geostrat::RunMetaGame(spec, t);
        std::printf("%8d %12.3f %24.0f\n", t, r.wall_seconds,
                    static_cast<double>(profiles) * spec.replicates / r.wall_seconds);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "geostrat_bench_solvers: %s\n", e.what());
    return 1;
  }
  if (!all_agree) {
    std::fprintf(stderr, "geostrat_bench_solvers: enummixed and lrsnash disagree (or enummixed's "
                         "output differs on 2 threads): see the marked rows\n");
    return 1;
  }
  return 0;
}
