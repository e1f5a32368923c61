// The equilibrium methods of `geostrat solve` and of the Python module's
// geostrat.solve, by Gambit's names, with the tuning options each reads, and
// the check every result passes before it is shown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

struct SolveOptions {
  std::vector<double> lambdas;
  long long iterations = 0;  // 0: the method's default
  uint64_t seed = 1;
  int start_label = -1;
  int starts = 0;  // 0: the method's default
  bool mixed_dominance = false;
  // enummixed: stop after this many seconds with the equilibria found so
  // far (0: no limit), and its OpenMP threads (0: OpenMP's default).
  double max_seconds = 0;
  int threads = 0;
};

using Method = std::function<SolveResult(const NormalForm&, const SolveOptions&)>;

// What a method is, and which of solve's tuning options it reads: giving one
// it does not read is a usage error, never silently ignored.
struct MethodInfo {
  std::string name;
  Method run;
  std::vector<std::string> options;
  // Whether the method's points are claimed to be equilibria (verified before
  // printing) or are the end points of a process (printed as NE only when
  // they turn out to be one).
  bool claims_equilibria;
};

// The numeric ranges of solve's options, stated in their errors.
inline constexpr long long kMaxIterations = 100'000'000;
inline constexpr long long kMaxStarts = 100'000;
inline constexpr size_t kMaxLambdas = 1000;
inline constexpr double kMaxLambda = 1e6;
inline constexpr double kMaxSolveSeconds = 1e6;
inline constexpr int kMaxSolveThreads = 1024;

// One explicit list of the methods (Gambit's names where Gambit has them).
const std::vector<MethodInfo>& SolveMethods();
std::vector<std::string> SolveMethodNames();

// The last check before anything is printed: every point is a finite
// probability distribution with finite payoffs and regret, and a point a
// method claims as an equilibrium has a small regret. Returns, per point,
// whether it is an equilibrium within kNashRelativeTolerance.
std::vector<bool> VerifyResult(const NormalForm& game, const MethodInfo& method,
                               const SolveResult& result);

}  // namespace geostrat
