// No-regret learners over the seat's own actions: they need no model of any
// opponent, only what each own action earned (or would have earned).
//
//   regret_matching  plays each action with probability proportional to its
//                    positive cumulative regret (how much more it would have
//                    earned than what was played), uniformly when no regret is
//                    positive: the unconditional regret matching of Hart and
//                    Mas-Colell (2000, Econometrica 68:1127), whose empirical
//                    play converges to the coarse correlated (Hannan) set.
//                    Parameters: explore = 0.1 (used only without an
//                    oracle), oracle = true.
//   hedge            full-information exponential weights (Freund and Schapire
//                    1997; Littlestone and Warmuth 1994): P(a) proportional to
//                    exp(eta x cumulative payoff of a), payoffs rescaled to
//                    [0, 1] by the running bounds (every payoff so far, past
//                    sums rescaled with the current bounds, which is exact as
//                    the rescaling is affine). Parameters: eta = 0.1,
//                    oracle = true.
//   exp3             Exp3 (Auer, Cesa-Bianchi, Freund and Schapire 2002, SIAM
//                    J. Comput. 32:48): bandit feedback from its own realised
//                    payoffs only, rescaled like hedge; importance-weighted
//                    payoff estimates, a share gamma of uniform exploration.
//                    Parameter: gamma = 0.1. Never reads an oracle.
//
// Counterfactual payoffs come from the oracle (the payoff table in matrix
// games; in the model the quarter step re-run with the same chance draws).
// Where a past turn cannot be evaluated (no oracle, "oracle": false, or a
// turn older than the last in the model, whose oracle keeps only the last),
// regret_matching and hedge fall back on bandit estimates from the realised
// payoff: the payoff of the action played divided by the probability the
// learner gave it (which it recomputes exactly, its mix being a function of
// the history). Without an oracle regret_matching then mixes in `explore` of
// uniform play so every action keeps being sampled (Hart and Mas-Colell 2001,
// J. Econ. Theory 98:26), and hedge becomes exponential weights on estimated
// losses (Exp3 in its loss form, Lattimore and Szepesvari 2020, ch. 11),
// which needs no forced exploration.
//
// The model's oracle can evaluate only the last quarter, so a running
// instance sees each quarter's counterfactuals while that quarter is the last.
// The simulation keeps what it handed out (engine/run/simulation.h,
// ReplicateState), so an instance created mid-run, as when a run resumes from
// a snapshot, gets the same answers and acts like the running one; a seat
// whose earlier policy never asked has nothing kept and is estimated.
//
// All three are stochastic: one uniform per decision, sampled by inverse CDF.
#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include "policies/learning_common.h"
#include "policies/policy.h"

namespace geostrat {

namespace {

// Probabilities below this are treated as "never played" by the estimates
// (an action the learner gave no chance can only have been played by noise).
constexpr double kMinProbability = 1e-12;

const std::vector<ParamSpec>& RegretMatchingSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"explore", 0.1, 0, 1, "", "Hart and Mas-Colell 2001 (delta)",
       "share of uniform play mixed in when payoffs are estimated from realised ones (no oracle)"},
  };
  return specs;
}

const std::vector<ParamSpec>& HedgeSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"eta", 0.1, 0, 100, "", "Freund and Schapire 1997",
       "learning rate per turn, on payoffs rescaled to [0, 1]"},
  };
  return specs;
}

const std::vector<ParamSpec>& Exp3Specs() {
  static const std::vector<ParamSpec> specs = {
      {"gamma", 0.1, 0.001, 1, "", "Auer et al. 2002",
       "share of uniform exploration (also sets the learning rate gamma / actions)"},
  };
  return specs;
}

// The smallest and largest payoff seen so far.
struct Bounds {
  double lo = 0, hi = 0;
  bool any = false;
  void Add(double u) {
    lo = any ? std::min(lo, u) : u;
    hi = any ? std::max(hi, u) : u;
    any = true;
  }
  // The rescaling divisor; 1 while every payoff has been equal (the rescaled
  // sums are then all zero whatever it is).
  double Range() const { return hi > lo ? hi - lo : 1.0; }
};

class RegretMatching : public Policy {
 public:
  RegretMatching(int n, bool use_oracle, double explore)
      : use_oracle_(use_oracle), explore_(explore), regret_(n, 0.0) {}

  int Act(const Observation& obs, Rng& rng) override {
    const PayoffOracle* oracle = use_oracle_ ? obs.oracle : nullptr;
    const bool estimated_mode = oracle == nullptr;
    for (; seen_ < obs.turn; ++seen_) {
      const int played = obs.At(seen_, obs.seat);
      const double u = obs.PayoffAt(seen_, obs.seat);
      if (oracle != nullptr && oracle->Counterfactual(obs.seat, seen_, counterfactual_)) {
        for (size_t a = 0; a < regret_.size(); ++a) {
          regret_[a] += counterfactual_[a] - counterfactual_[played];
        }
      } else {
        // Unbiased regret estimate: E[x 1{played = a} / p(a)] - x is the
        // regret of a, for x the payoff minus a baseline fixed before the
        // turn (the mean realised payoff so far), which only cuts variance.
        const std::vector<double> p = Mix(estimated_mode);
        if (p[played] > kMinProbability) {
          const double x = u - (seen_ > 0 ? payoff_sum_ / seen_ : 0.0);
          for (double& r : regret_) r -= x;
          regret_[played] += x / p[played];
        }
      }
      payoff_sum_ += u;
    }
    return learning::SampleInverseCdf(Mix(estimated_mode),
                                      learning::DecisionUniform(rng, obs.turn, &drawn_));
  }

 private:
  // The mix played next: positive regrets normalised (uniform if none),
  // mixed with `explore` of uniform play when payoffs are estimated.
  std::vector<double> Mix(bool estimated_mode) const {
    const size_t n = regret_.size();
    std::vector<double> p(n);
    double total = 0;
    for (size_t a = 0; a < n; ++a) total += p[a] = std::max(0.0, regret_[a]);
    for (double& v : p) v = total > 0 ? v / total : 1.0 / n;
    if (estimated_mode) {
      for (double& v : p) v = (1 - explore_) * v + explore_ / n;
    }
    return p;
  }

  bool use_oracle_;
  double explore_;
  std::vector<double> regret_;
  std::vector<double> counterfactual_;
  double payoff_sum_ = 0;
  int seen_ = 0, drawn_ = 0;
};

// Cumulative (possibly importance-weighted) payoffs per action, kept raw so
// they can be rescaled with the current bounds: turn t adds weight[a] to
// count_[a] and weight[a] x payoff to sum_[a] (weight 1 for every action with
// full information; 1 / p for the action played under bandit feedback). The
// rescaled cumulative payoff of a is then (sum_[a] - lo count_[a]) / range.
class WeightedPayoffs {
 public:
  explicit WeightedPayoffs(int n) : count_(n, 0.0), sum_(n, 0.0) {}
  void AddAll(const std::vector<double>& payoffs) {
    for (size_t a = 0; a < payoffs.size(); ++a) {
      count_[a] += 1;
      sum_[a] += payoffs[a];
      bounds_.Add(payoffs[a]);
    }
  }
  void AddPlayed(int a, double payoff, double probability) {
    bounds_.Add(payoff);
    if (probability <= kMinProbability) return;
    count_[a] += 1 / probability;
    sum_[a] += payoff / probability;
  }
  // Rescaled cumulative gains (payoff - lo) / range and losses (hi - payoff) / range.
  double Gain(int a) const { return (sum_[a] - bounds_.lo * count_[a]) / bounds_.Range(); }
  double Loss(int a) const { return (bounds_.hi * count_[a] - sum_[a]) / bounds_.Range(); }
  int size() const { return static_cast<int>(count_.size()); }

 private:
  std::vector<double> count_, sum_;
  Bounds bounds_;
};

class Hedge : public Policy {
 public:
  Hedge(int n, bool use_oracle, double eta) : use_oracle_(use_oracle), eta_(eta), payoffs_(n) {}

  int Act(const Observation& obs, Rng& rng) override {
    const PayoffOracle* oracle = use_oracle_ ? obs.oracle : nullptr;
    for (; seen_ < obs.turn; ++seen_) {
      if (oracle != nullptr && oracle->Counterfactual(obs.seat, seen_, counterfactual_)) {
        payoffs_.AddAll(counterfactual_);
      } else {
        const int played = obs.At(seen_, obs.seat);
        payoffs_.AddPlayed(played, obs.PayoffAt(seen_, obs.seat), Mix()[played]);
      }
    }
    return learning::SampleInverseCdf(Mix(), learning::DecisionUniform(rng, obs.turn, &drawn_));
  }

 private:
  // Weights exp(-eta x rescaled cumulative loss): with full information the
  // same as exp(eta x rescaled cumulative payoff), as the losses of all
  // actions differ from minus the payoffs by the same amount.
  std::vector<double> Mix() const {
    std::vector<double> x(payoffs_.size());
    for (int a = 0; a < payoffs_.size(); ++a) x[a] = -eta_ * payoffs_.Loss(a);
    return learning::Softmax(x);
  }

  bool use_oracle_;
  double eta_;
  WeightedPayoffs payoffs_;
  std::vector<double> counterfactual_;
  int seen_ = 0, drawn_ = 0;
};

class Exp3 : public Policy {
 public:
  Exp3(int n, double gamma) : gamma_(gamma), payoffs_(n) {}

  int Act(const Observation& obs, Rng& rng) override {
    // Bandit feedback only, whether or not an oracle is there.
    for (; seen_ < obs.turn; ++seen_) {
      const int played = obs.At(seen_, obs.seat);
      payoffs_.AddPlayed(played, obs.PayoffAt(seen_, obs.seat), Mix()[played]);
    }
    return learning::SampleInverseCdf(Mix(), learning::DecisionUniform(rng, obs.turn, &drawn_));
  }

 private:
  // Auer et al.'s p(a) = (1 - gamma) w(a) / sum w + gamma / K, with
  // w(a) = exp(gamma / K x estimated rescaled cumulative payoff of a).
  std::vector<double> Mix() const {
    const int k = payoffs_.size();
    std::vector<double> x(k);
    for (int a = 0; a < k; ++a) x[a] = gamma_ / k * payoffs_.Gain(a);
    std::vector<double> p = learning::Softmax(x);
    for (double& v : p) v = (1 - gamma_) * v + gamma_ / k;
    return p;
  }

  double gamma_;
  WeightedPayoffs payoffs_;
  int seen_ = 0, drawn_ = 0;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseRegretMatching(const ConfigNode& node,
                                                      const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "explore", "oracle"});
  const int n = context.NumActions(seat);
  const bool use_oracle = learning::ReadUseOracle(node);
  return learning::MakePlan({{"name", "regret_matching"}, {"oracle", use_oracle}},
                            learning::ReadNumbers(node, RegretMatchingSpecs()), true, use_oracle,
                            [=](const std::vector<double>& v) -> std::unique_ptr<Policy> {
                              return std::make_unique<RegretMatching>(n, use_oracle, v[0]);
                            });
}

std::shared_ptr<const PolicyPlan> ParseHedge(const ConfigNode& node, const GameContext& context,
                                             int seat) {
  node.AllowOnlyKeys({"name", "eta", "oracle"});
  const int n = context.NumActions(seat);
  const bool use_oracle = learning::ReadUseOracle(node);
  return learning::MakePlan({{"name", "hedge"}, {"oracle", use_oracle}},
                            learning::ReadNumbers(node, HedgeSpecs()), true, use_oracle,
                            [=](const std::vector<double>& v) -> std::unique_ptr<Policy> {
                              return std::make_unique<Hedge>(n, use_oracle, v[0]);
                            });
}

std::shared_ptr<const PolicyPlan> ParseExp3(const ConfigNode& node, const GameContext& context,
                                            int seat) {
  node.AllowOnlyKeys({"name", "gamma"});
  const int n = context.NumActions(seat);
  return learning::MakePlan({{"name", "exp3"}}, learning::ReadNumbers(node, Exp3Specs()), true,
                            false, [=](const std::vector<double>& v) -> std::unique_ptr<Policy> {
                              return std::make_unique<Exp3>(n, v[0]);
                            });
}

}  // namespace geostrat
