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
namespace {

class LearningPlan : public PolicyPlan {
 public:
  using Factory = std::function<std::unique_ptr<Policy>(const std::vector<double>&)>;
  LearningPlan(Json json, ParamSet numbers, bool stochastic, bool uses_oracle, Factory make)
      : json_(std::move(json)), stochastic_(stochastic), uses_oracle_(uses_oracle),
        make_(std::move(make)) {
    numbers_ = std::move(numbers);
    const Json n = numbers_.ToJson();
    for (auto it = n.begin(); it != n.end(); ++it) json_[it.key()] = *it;
  }
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>& v) const override { return make_(v); }
  // Every learner accumulates over the whole history.
  int MemoryDepth() const override { return kUnbounded; }
  bool Stochastic() const override { return stochastic_; }
  bool UsesOracle() const override { return uses_oracle_; }

 private:
  Json json_;
  bool stochastic_, uses_oracle_;
  Factory make_;
};

}  // namespace

ParamSet ReadNumbers(const ConfigNode& node, const std::vector<ParamSpec>& specs) {
  // The parameter reader rejects unknown keys, so it reads a copy of the node
  // holding only the numeric keys (as cross_retaliation does); errors keep
  // the policy node's file and pointer.
  Json numeric = Json::object();
  for (const ParamSpec& s : specs) {
    if (node.Has(s.name)) numeric[s.name] = node.json()[s.name];
  }
  ConfigNode numeric_node(numeric, node.pointer(), nullptr);
  try {
    return ParamSet::Read(specs, &numeric_node);
  } catch (const ConfigError& e) {
    throw ConfigError(node.file(), e.pointer(), e.expected(), e.found(), e.hint());
  }
}

std::shared_ptr<const PolicyPlan> MakePlan(
    Json json, ParamSet numbers, bool stochastic, bool uses_oracle,
    std::function<std::unique_ptr<Policy>(const std::vector<double>&)> make) {
  return std::make_shared<LearningPlan>(std::move(json), std::move(numbers), stochastic,
                                        uses_oracle, std::move(make));
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
