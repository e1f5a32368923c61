// See learning_common.h.
#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include "engine/core/error.h"
#include "policies/learning_common.h"
#include "policies/policy.h"

namespace geostrat::learning {

ParamSet ReadNumbers(const ConfigNode& node, const std::vector<ParamSpec>& specs) {
  return policy_util::ReadNumbers(node, specs);
}

std::shared_ptr<const PolicyPlan> MakePlan(
    Json json, ParamSet numbers, bool stochastic, bool uses_oracle,
    std::function<std::unique_ptr<Policy>(const std::vector<double>&)> make) {
  // Every learner accumulates over the whole history.
  return policy_util::MakeFactoryPlan(std::move(json), std::move(numbers), PolicyPlan::kUnbounded,
                                      stochastic, std::move(make), uses_oracle);
}

bool ReadUseOracle(const ConfigNode& node) {
  // On by default: these learners are defined with counterfactual payoffs.
  // Off, they learn from realised payoffs as they do when there is no oracle
  // (a seat that knows only its experience, not a model of the game).
  if (auto o = node.Find("oracle")) return o->Bool();
  return true;
}

double DecisionUniform(Rng& rng, int turn, int* drawn) {
  for (; *drawn < turn; ++*drawn) rng.Uniform();  // decisions this instance never made
  ++*drawn;
  return rng.Uniform();
}

int SampleInverseCdf(const std::vector<double>& p, double u) {
  // p sums to 1 up to rounding; the last action takes whatever is left so a
  // u just below 1 never falls off the end.
  double cdf = 0;
  const int n = static_cast<int>(p.size());
  for (int a = 0; a + 1 < n; ++a) {
    cdf += p[a];
    if (u < cdf) return a;
  }
  return n - 1;
}

std::vector<double> Softmax(const std::vector<double>& x) {
  // Shifted by the maximum: exp never overflows and the best action has weight 1.
  const double top = *std::max_element(x.begin(), x.end());
  std::vector<double> p(x.size());
  double sum = 0;
  for (size_t a = 0; a < x.size(); ++a) sum += p[a] = std::exp(x[a] - top);
  for (double& v : p) v /= sum;
  return p;
}

int ArgMaxLowest(const std::vector<double>& v) {
  // Values within a relative 1e-12 of the best count as ties, so rounding in
  // sums of payoffs never breaks a tie that is exact in the game.
  int best = 0;
  for (int a = 1; a < static_cast<int>(v.size()); ++a) {
    if (v[a] > v[best] + 1e-12 * std::max(1.0, std::fabs(v[best]))) best = a;
  }
  return best;
}

}  // namespace geostrat::learning
