// Tournament throughput: the 16 classic deterministic strategies, 200 turns,
// 100 repetitions, noise 0.05, on the prisoner's dilemma - through the full
// engine (registry, parsed policies, Observation, virtual calls, records) and
// through a minimal hand-written loop playing the same matches with the same
// noise draws. The two must agree to the last point (a correctness check of
// the strategy library against a second implementation), and their speed is
// reported as a ratio from the same run.
//
//   geostrat_bench_tournament [--threads 1,2] [--repeat 5]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/analysis/tournament.h"
#include "games/classic_games.h"

namespace {

using geostrat::Json;

const std::vector<std::string> kStrategies = {
    "cooperator", "defector", "alternator", "tit_for_tat", "suspicious_tit_for_tat",
    "tit_for_two_tats", "two_tits_for_tat", "hard_tit_for_tat", "grim_trigger", "soft_grudger",
    "forgiver", "prober", "bully", "win_stay_lose_shift", "soft_go_by_majority", "cycler"};

constexpr int kTurns = 200, kRepetitions = 100;
constexpr double kNoise = 0.05;
constexpr uint64_t kSeed = 42;

// --- the minimal loop: each strategy a case of one switch ----------------
constexpr int8_t C = 0, D = 1;

struct Player {
  int id;
  int opp_defections = 0;
  bool grudge = false;       // grim trigger, prober's "defect forever"
  int soft_grudge = -1;      // soft grudger: position in its punishment (-1: calm)
};

int8_t Decide(Player& p, int t, const int8_t* own, const int8_t* opp) {
  const int8_t last = t > 0 ? opp[t - 1] : C;
  switch (p.id) {
    case 0: return C;
    case 1: return D;
    case 2: return t == 0 ? C : (own[t - 1] == C ? D : C);
    case 3: return t == 0 ? C : last;
    case 4: return t == 0 ? D : last;
    case 5: return t >= 2 && opp[t - 1] == D && opp[t - 2] == D ? D : C;
    case 6: return (t >= 1 && opp[t - 1] == D) || (t >= 2 && opp[t - 2] == D) ? D : C;
    case 7:
      for (int k = std::max(0, t - 3); k < t; ++k) {
        if (opp[k] == D) return D;
      }
      return C;
    case 8:
      if (t > 0 && last == D) p.grudge = true;
      return p.grudge ? D : C;
    case 9: {
      // D on the defection, then D, D, D, C, C (Axelrod's SoftGrudger).
      static const int8_t kSequence[5] = {D, D, D, C, C};
      if (p.soft_grudge >= 0) {
        const int8_t a = kSequence[p.soft_grudge];
        p.soft_grudge = p.soft_grudge == 4 ? -1 : p.soft_grudge + 1;
        return a;
      }
      if (t > 0 && last == D) {
        p.soft_grudge = 0;
        return D;
      }
      return C;
    }
    case 10:
      if (t > 0) p.opp_defections += last == D;
      return p.opp_defections * 10 > t ? D : C;
    case 11:
      if (t < 3) return t == 0 ? D : C;
      if (t == 3 && opp[1] == C && opp[2] == C) p.grudge = true;
      return p.grudge ? D : last;
    case 12: return t == 0 ? D : (last == C ? D : C);
    case 13: return t == 0 ? C : (own[t - 1] == opp[t - 1] ? C : D);
    case 14: {
      if (t > 0) p.opp_defections += last == D;
      return t - p.opp_defections >= p.opp_defections ? C : D;
    }
    default: return t % 3 == 2 ? D : C;  // cycler CCD
  }
}

std::vector<double> g_bare_a, g_bare_b;  // per-match scores of the last bare run

double BareLoop(int threads, std::vector<double>& totals) {
  const int n = static_cast<int>(kStrategies.size());
  std::vector<std::pair<int, int>> pairs;
  for (int i = 0; i < n; ++i) {
    for (int j = i; j < n; ++j) pairs.emplace_back(i, j);
  }
  const double payoff[2][2][2] = {{{3, 3}, {0, 5}}, {{5, 0}, {1, 1}}};
  const uint64_t threshold = static_cast<uint64_t>(kNoise * 4294967296.0);
  const int64_t matches = static_cast<int64_t>(pairs.size()) * kRepetitions;
  std::vector<double> score_a(matches), score_b(matches);
  const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
  for (int64_t k = 0; k < matches; ++k) {
    const auto [a, b] = pairs[k / kRepetitions];
    Player pa{a}, pb{b};
    int8_t ha[kTurns], hb[kTurns];
    geostrat::Rng noise(kSeed, static_cast<uint32_t>(k), geostrat::Rng::kChanceStream, 0);
    double sa = 0, sb = 0;
    for (int t = 0; t < kTurns; ++t) {
      int8_t x = Decide(pa, t, ha, hb), y = Decide(pb, t, hb, ha);
      if (noise.Bits() < threshold) x = 1 - x;
      if (noise.Bits() < threshold) y = 1 - y;
      ha[t] = x;
      hb[t] = y;
      sa += payoff[x][y][0];
      sb += payoff[x][y][1];
    }
    score_a[k] = sa;
    score_b[k] = sb;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  g_bare_a = score_a;
  g_bare_b = score_b;
  totals.assign(n, 0.0);
  for (int64_t k = 0; k < matches; ++k) {
    const auto [a, b] = pairs[k / kRepetitions];
    if (a == b) continue;
    totals[a] += score_a[k];
    totals[b] += score_b[k];
  }
  return seconds;
}

geostrat::TournamentSpec Spec() {
  Json config = {{"name", "bench"}, {"seed", kSeed}, {"turns", kTurns},
                 {"repetitions", kRepetitions}, {"noise", kNoise},
                 {"game", {{"classic", "prisoners_dilemma"}}}};
  Json strategies = Json::array();
  for (const auto& s : kStrategies) strategies.push_back({{"name", s}});
  config["strategies"] = strategies;
  geostrat::MergedConfig merged{config, std::make_shared<geostrat::SourceMap>()};
  return geostrat::TournamentFromConfig(merged, "bench");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> threads = {1, 2};
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--repeat") {
      repeat = std::atoi(argv[i + 1]);
    } else if (flag == "--threads") {
      threads.clear();
      for (const char* p = argv[i + 1]; *p;) {
        threads.push_back(std::atoi(p));
        while (*p && *p != ',') ++p;
        if (*p == ',') ++p;
      }
    } else {
      std::fprintf(stderr, "usage: geostrat_bench_tournament [--threads 1,2] [--repeat K]\n");
      return 64;
    }
  }
  try {
    const geostrat::TournamentSpec spec = Spec();
    const int n = static_cast<int>(kStrategies.size());
    const double turns = static_cast<double>(n * (n + 1) / 2) * kRepetitions * kTurns;
    std::printf("%d strategies, %d turns x %d repetitions, noise %.2f: %.0f turns per tournament "
                "(self-play included), best of %d\n",
                n, kTurns, kRepetitions, kNoise, turns, repeat);
    std::printf("%8s %16s %16s %8s\n", "threads", "engine turns/s", "bare turns/s", "ratio");
    for (int t : threads) {
      double engine_best = 1e300, bare_best = 1e300;
      geostrat::TournamentResult result;
      std::vector<double> bare_totals;
      for (int k = 0; k < repeat; ++k) {
        result = geostrat::RunTournament(spec, t, false);
        engine_best = std::min(engine_best, result.wall_seconds);
        bare_best = std::min(bare_best, BareLoop(t, bare_totals));
      }
      std::printf("%8d %16.3e %16.3e %8.2f\n", t, turns / engine_best, turns / bare_best,
                  bare_best / engine_best);
      bool agree = true;
      for (int i = 0; i < n; ++i) {
        if (result.stats[i].total != bare_totals[i]) {
          std::fprintf(stderr, "mismatch %s: engine %.0f, bare loop %.0f\n",
                       kStrategies[i].c_str(), result.stats[i].total, bare_totals[i]);
          agree = false;
        }
      }
      if (!agree) {
        int shown = 0;
        for (size_t k = 0; k < result.matches.size() && shown < 10; ++k) {
          const auto& m = result.matches[k];
          if (m.score_a != g_bare_a[k] || m.score_b != g_bare_b[k]) {
            std::fprintf(stderr, "  first differing matches: %s vs %s (repetition %d): engine %.0f:%.0f, bare %.0f:%.0f\n",
                         kStrategies[m.a].c_str(), kStrategies[m.b].c_str(), m.repetition,
                         m.score_a, m.score_b, g_bare_a[k], g_bare_b[k]);
            ++shown;
          }
        }
        return 1;
      }
    }
    std::printf("engine and bare loop agree on every strategy's total\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "geostrat_bench_tournament: %s\n", e.what());
    return 1;
  }
  return 0;
}
