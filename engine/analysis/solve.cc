#include "engine/analysis/solve.h"

#include <cmath>

#include "engine/core/error.h"
#include "games/solvers/correlated.h"
#include "games/solvers/dominance.h"
#include "games/solvers/dynamics.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/enumpure.h"
#include "games/solvers/enumsupport.h"
#include "games/solvers/gnm.h"
#include "games/solvers/lcp.h"
#include "games/solvers/liap.h"
#include "games/solvers/logit.h"

namespace geostrat {

// One explicit list of the methods `geostrat solve` offers (Gambit's names).
const std::vector<MethodInfo>& SolveMethods() {
  static const std::vector<MethodInfo> methods = {
      {"enumpure", [](const NormalForm& g, const SolveOptions&) { return EnumPure(g); }, {}, true},
      {"enummixed",
       [](const NormalForm& g, const SolveOptions& o) {
         return EnumMixed(g, {.max_seconds = o.max_seconds, .threads = o.threads});
       },
       {"max-seconds", "threads"},
       true},
      {"enumsupport", [](const NormalForm& g, const SolveOptions&) { return EnumSupport(g); }, {},
       true},
      {"lcp",
       [](const NormalForm& g, const SolveOptions& o) { return LemkeHowson(g, o.start_label); },
       {"start-label"},
       true},
      {"logit",
       [](const NormalForm& g, const SolveOptions& o) {
         LogitOptions lo;
         if (!o.lambdas.empty()) lo.report_lambdas = o.lambdas;
         return Logit(g, lo);
       },
       {"lambda"},
       false},
      {"liap",
       [](const NormalForm& g, const SolveOptions& o) {
         LiapOptions lo;
         if (o.starts > 0) lo.starts = o.starts;
         lo.seed = o.seed;
         return Liap(g, lo);
       },
       {"starts", "seed"},
       true},
      {"gnm",
       [](const NormalForm& g, const SolveOptions& o) {
         GnmOptions go;
         if (o.starts > 0) go.starts = o.starts;
         go.seed = o.seed;
         return GlobalNewton(g, go);
       },
       {"starts", "seed"},
       true},
      {"replicator",
       [](const NormalForm& g, const SolveOptions& o) {
         ReplicatorOptions ro;
         if (o.iterations > 0) ro.steps = static_cast<int>(o.iterations);
         return Replicator(g, ro);
       },
       {"iterations"},
       false},
      {"fictitious_play",
       [](const NormalForm& g, const SolveOptions& o) {
         FictitiousPlayOptions fo;
         if (o.iterations > 0) fo.iterations = static_cast<int>(o.iterations);
         return FictitiousPlay(g, fo);
       },
       {"iterations"},
       false},
      {"regret_matching",
       [](const NormalForm& g, const SolveOptions& o) {
         RegretMatchingOptions ro;
         if (o.iterations > 0) ro.iterations = static_cast<int>(o.iterations);
         ro.seed = o.seed;
         return RegretMatching(g, ro);
       },
       {"iterations", "seed"},
       false},
      {"correlated", [](const NormalForm& g, const SolveOptions&) { return CorrelatedEquilibrium(g); },
       {}, true},
      {"dominance",
       [](const NormalForm& g, const SolveOptions& o) { return IteratedDominance(g, o.mixed_dominance); },
       {"mixed"},
       true},
  };
  return methods;
}

std::vector<std::string> SolveMethodNames() {
  std::vector<std::string> names;
  for (const auto& m : SolveMethods()) names.push_back(m.name);
  return names;
}

std::vector<bool> VerifyResult(const NormalForm& game, const MethodInfo& method,
                               const SolveResult& result) {
  std::vector<bool> nash;
  const NormalForm normalised = NormalisedPayoffs(game);
  for (size_t i = 0; i < result.equilibria.size(); ++i) {
    const Equilibrium& eq = result.equilibria[i];
    bool finite = IsMixedProfile(game, eq.profile) && std::isfinite(eq.max_regret) &&
                  eq.payoffs.size() == static_cast<size_t>(game.num_players());
    for (double u : eq.payoffs) finite = finite && std::isfinite(u);
    if (!eq.joint.empty()) {
      double total = 0;
      for (double z : eq.joint) {
        finite = finite && z >= 0.0 && z <= 1.0;
        total += z;
      }
      finite = finite && eq.joint.size() == game.num_profiles() && std::fabs(total - 1.0) <= 1e-9;
    }
    if (!finite) {
      throw InternalError(method.name + " produced point " + std::to_string(i + 1) +
                          " that is not a finite probability distribution; nothing is printed");
    }
    const double regret = eq.joint.empty() ? UnitRegret(normalised, eq.profile)
                                           : CorrelatedRegret(normalised, eq.joint);
    const bool small = regret <= kNashRelativeTolerance;
    const bool is_limit = result.method != "logit" || eq.detail.value("limit", false);
    if (method.claims_equilibria && !small) {
      throw InternalError(method.name + " produced point " + std::to_string(i + 1) +
                          " with relative regret " + std::to_string(regret) +
                          ", not an equilibrium; nothing is printed");
    }
    nash.push_back(small && is_limit);
  }
  return nash;
}

}  // namespace geostrat
