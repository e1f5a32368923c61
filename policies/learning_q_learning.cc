// q_learning: tabular Q-learning (Watkins and Dayan 1992, Machine Learning
// 8:279; Sutton and Barto 2018, ch. 6.5) with softmax (Boltzmann) exploration.
//
// State: the watched seat's last action (its initial action before the first
// turn). Reward: the seat's own realised payoff. After each past turn t, with
// s the watched seat's action before t, a the action played at t, r its
// payoff and s' the watched seat's action at t:
//   Q(s, a) += alpha (r + gamma max_a' Q(s', a') - Q(s, a)).
// Decision: P(a) proportional to exp(Q(s, a) / (temperature x range)), with
// range the spread (max - min) of the payoffs realised so far (1 while they
// are all equal, when all Q are equal too). Every Q starts, once the first
// payoff r0 is known, at r0 / (1 - gamma), the value of earning it forever
// (the first turn is uniform). With that start Q scales with the payoffs and
// a constant c added to every payoff shifts every Q by c / (1 - gamma), so
// dividing by the range makes the play invariant to any increasing affine
// rescaling of the payoffs (a few units in textbook games, $B in the model)
// and `temperature` unit-free. (A start at 0 would be pessimistic when
// payoffs are positive: the first action tried would lock in.) Needs no
// oracle.
// Parameters: watch (default the seat's opponent), alpha = 0.1, gamma = 0.9,
// temperature = 0.1. Stochastic: one uniform per decision, inverse CDF.
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include "policies/learning_common.h"
#include "policies/policy.h"

namespace geostrat {

namespace {

const std::vector<ParamSpec>& QLearningSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"alpha", 0.1, 0, 1, "", "Sutton and Barto 2018, ch. 6", "learning rate"},
      {"gamma", 0.9, 0, 0.999, "per turn", "Sutton and Barto 2018, ch. 3",
       "discount factor of future rewards"},
      {"temperature", 0.1, 0.001, 1e6, "payoff range", "Sutton and Barto 2018, ch. 2.8",
       "softmax temperature, in units of the spread of realised payoffs"},
  };
  return specs;
}

class QLearning : public Policy {
 public:
  QLearning(int watch, int own_n, int watch_n, double alpha, double gamma, double temperature)
      : watch_(watch), alpha_(alpha), gamma_(gamma), temperature_(temperature),
        q_(watch_n, std::vector<double>(own_n, 0.0)) {}

  int Act(const Observation& obs, Rng& rng) override {
    for (; seen_ < obs.turn; ++seen_) {
      const int s = seen_ == 0 ? obs.initial[watch_] : obs.At(seen_ - 1, watch_);
      const int a = obs.At(seen_, obs.seat);
      const int next = obs.At(seen_, watch_);
      const double r = obs.PayoffAt(seen_, obs.seat);
      if (seen_ == 0) {
        // Every Q starts at the value of the first payoff forever (see above).
        for (auto& row : q_) std::fill(row.begin(), row.end(), r / (1 - gamma_));
        lo_ = hi_ = r;
      }
      lo_ = std::min(lo_, r);
      hi_ = std::max(hi_, r);
      const double future = *std::max_element(q_[next].begin(), q_[next].end());
      q_[s][a] += alpha_ * (r + gamma_ * future - q_[s][a]);
    }
    const std::vector<double>& q = q_[obs.Played(watch_, 1)];
    const double scale = temperature_ * (hi_ > lo_ ? hi_ - lo_ : 1.0);
    std::vector<double> x(q.size());
    for (size_t a = 0; a < q.size(); ++a) x[a] = q[a] / scale;
    return learning::SampleInverseCdf(learning::Softmax(x),
                                      learning::DecisionUniform(rng, obs.turn, &drawn_));
  }

 private:
  int watch_;
  double alpha_, gamma_, temperature_;
  std::vector<std::vector<double>> q_;  // [watched action][own action]
  double lo_ = 0, hi_ = 0;              // realised payoffs so far
  int seen_ = 0, drawn_ = 0;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseQLearning(const ConfigNode& node, const GameContext& context,
                                                 int seat) {
  node.AllowOnlyKeys({"name", "watch", "alpha", "gamma", "temperature"});
  const int watch = policy_util::ReadWatch(node, context, seat);
  const int own_n = context.NumActions(seat), watch_n = context.NumActions(watch);
  return learning::MakePlan({{"name", "q_learning"}, {"watch", context.seat_ids[watch]}},
                            learning::ReadNumbers(node, QLearningSpecs()), true, false,
                            [=](const std::vector<double>& v) -> std::unique_ptr<Policy> {
                              return std::make_unique<QLearning>(watch, own_n, watch_n, v[0], v[1],
                                                                 v[2]);
                            });
}

}  // namespace geostrat
