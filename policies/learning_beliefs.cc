// Belief-based learners: each answers a model of the watched seat's play.
//
//   fictitious_play       best response to the watched seat's empirical action
//                         frequencies (Brown 1951; Robinson 1951; Fudenberg and
//                         Levine 1998, ch. 2). Deterministic: ties go to the
//                         lowest action index. Parameters: watch, prior = 0
//                         (pseudo-count added to every watched action), oracle.
//   logit_response        logit quantal response to the same empirical mix,
//                         P(a) proportional to exp(lambda U(a)) (McKelvey and
//                         Palfrey 1995; Fudenberg and Levine 1998, ch. 4).
//                         Stochastic (one uniform per decision, inverse CDF).
//                         Parameters: watch, lambda = 1 (per unit of payoff:
//                         raw payoffs, as in the quantal response literature),
//                         prior = 0, oracle.
//   myopic_best_response  best response to every seat repeating its last action
//                         (Cournot adjustment); its initial action on the first
//                         turn. Deterministic, lowest index on ties. Parameters:
//                         watch, oracle.
//   receding_horizon      logit choice over each action's value held for a
//                         horizon: in the model the oracle's Lookahead (the
//                         discounted utility over `horizon` quarters, others
//                         repeating their last actions or, with anticipate,
//                         playing their own policies, averaged over
//                         `samples` sampled futures); elsewhere the stage
//                         payoff as logit_response would have it against the
//                         last action. Stochastic (one uniform per decision).
//                         Parameters: watch, horizon = 4, samples = 4,
//                         lambda = 1, anticipate = false, oracle.
// watch defaults to the seat's opponent; oracle = true.
//
// Payoffs U(a, b) of own action a against watched action b come from the
// oracle's StagePayoff (the remaining seats repeating their last actions; in
// the model with the quarter's common random numbers). StagePayoff depends on
// the current state only, so with an oracle a fresh instance still acts like
// a running one. Without an oracle (or with "oracle": false) U(a, b) is
// estimated from realised payoffs: the mean payoff of past turns where the
// seat played a and the watched seat b, or if that pair was never seen, the
// mean payoff of a. An action never played is tried first by the
// deterministic two (lowest index first: optimistic initialisation, so no
// action is written off unseen); logit_response values it at the best payoff
// realised so far (0 before any). In the model realised payoffs also move
// with the state (the buyer's utility trends up over the quarters), which
// these estimates cannot separate from the effect of the action; the oracle
// can. The estimate needs the whole history, so all three declare unbounded
// memory (with an oracle, myopic_best_response reads only the last turn).
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

#include "policies/learning_common.h"
#include "policies/policy.h"

namespace geostrat {

namespace {

const ParamSpec kPriorSpec = {"prior", 0, 0, 1e6, "observations",
                              "Fudenberg and Levine 1998, ch. 2 (initial weights)",
                              "pseudo-count of every watched action before the first turn"};

const std::vector<ParamSpec>& FictitiousPlaySpecs() {
  static const std::vector<ParamSpec> specs = {kPriorSpec};
  return specs;
}

const std::vector<ParamSpec>& LogitSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"lambda", 1, 0, 1e6, "1/payoff", "McKelvey and Palfrey 1995",
       "precision: 0 plays uniformly, large values approach the best response"},
      kPriorSpec,
  };
  return specs;
}

// What the parser resolves for every belief learner.
struct Setup {
  int watch, own_n, watch_n;
  bool use_oracle;  // false: realised payoffs even where an oracle is offered
};

// What every belief learner tracks: the watched seat's action counts and the
// realised-payoff table used when there is no oracle.
class BeliefLearner : public Policy {
 public:
  // Without an oracle, an action never played is worth +infinity when
  // `try_first` (so the deterministic learners try it), else the best payoff
  // realised so far.
  BeliefLearner(const Setup& setup, double prior, bool try_first)
      : watch_(setup.watch), own_n_(setup.own_n), use_oracle_(setup.use_oracle), prior_(prior),
        try_first_(try_first), counts_(setup.watch_n, 0),
        sum_(setup.own_n, std::vector<double>(setup.watch_n, 0)),
        pairs_(setup.own_n, std::vector<int>(setup.watch_n, 0)), own_sum_(setup.own_n, 0),
        own_count_(setup.own_n, 0) {}

 protected:
  // Visits each past turn once, in order.
  void Observe(const Observation& obs) {
    for (; seen_ < obs.turn; ++seen_) {
      const int a = obs.At(seen_, obs.seat), b = obs.At(seen_, watch_);
      const double u = obs.PayoffAt(seen_, obs.seat);
      counts_[b] += 1;
      sum_[a][b] += u;
      pairs_[a][b] += 1;
      own_sum_[a] += u;
      own_count_[a] += 1;
      best_payoff_ = seen_ == 0 ? u : std::max(best_payoff_, u);
    }
  }

  double Payoff(const Observation& obs, int a, int b) const {
    if (use_oracle_ && obs.oracle != nullptr) {
      return obs.oracle->StagePayoff(obs.seat, a, watch_, b);
    }
    if (pairs_[a][b] > 0) return sum_[a][b] / pairs_[a][b];
    if (own_count_[a] > 0) return own_sum_[a] / own_count_[a];
    if (try_first_) return std::numeric_limits<double>::infinity();
    return seen_ > 0 ? best_payoff_ : 0.0;
  }

  // Expected payoff of each own action against the empirical mix (counts plus
  // the prior; uniform while both are zero), unnormalised when `normalise` is
  // false: the weights are then integers for integer priors, so expected
  // payoffs of integer games are exact and ties stay ties.
  std::vector<double> Expected(const Observation& obs, bool normalise) const {
    const int m = static_cast<int>(counts_.size());
    std::vector<double> w(m);
    double total = 0;
    for (int b = 0; b < m; ++b) total += w[b] = counts_[b] + prior_;
    if (total <= 0) {
      std::fill(w.begin(), w.end(), 1.0);
      total = m;
    }
    std::vector<double> u(own_n_, 0.0);
    for (int a = 0; a < own_n_; ++a) {
      for (int b = 0; b < m; ++b) {
        if (w[b] > 0) u[a] += w[b] * Payoff(obs, a, b);
      }
      if (normalise) u[a] /= total;
    }
    return u;
  }

  int watch_, own_n_;
  bool use_oracle_;
  double prior_;
  bool try_first_;

 private:
  int seen_ = 0;
  std::vector<double> counts_;             // watched actions
  std::vector<std::vector<double>> sum_;   // realised payoff by [own][watched] action
  std::vector<std::vector<int>> pairs_;    // turns by [own][watched] action
  std::vector<double> own_sum_;            // realised payoff by own action
  std::vector<int> own_count_;             // turns by own action
  double best_payoff_ = 0;
};

class FictitiousPlay : public BeliefLearner {
 public:
  FictitiousPlay(const Setup& setup, double prior) : BeliefLearner(setup, prior, true) {}
  int Act(const Observation& obs, Rng&) override {
    Observe(obs);
    return learning::ArgMaxLowest(Expected(obs, false));
  }
};

class LogitResponse : public BeliefLearner {
 public:
  LogitResponse(const Setup& setup, double prior, double lambda)
      : BeliefLearner(setup, prior, false), lambda_(lambda) {}
  int Act(const Observation& obs, Rng& rng) override {
    Observe(obs);
    std::vector<double> x = Expected(obs, true);
    for (double& v : x) v *= lambda_;
    return learning::SampleInverseCdf(learning::Softmax(x),
                                      learning::DecisionUniform(rng, obs.turn, &drawn_));
  }

 private:
  double lambda_;
  int drawn_ = 0;
};

class MyopicBestResponse : public BeliefLearner {
 public:
  MyopicBestResponse(const Setup& setup, int initial)
      : BeliefLearner(setup, 0, true), initial_(initial) {}
  int Act(const Observation& obs, Rng&) override {
    Observe(obs);  // the fallback's payoff table
    if (obs.turn == 0) return initial_;
    const int last = obs.Played(watch_, 1);
    std::vector<double> u(own_n_);
    for (int a = 0; a < own_n_; ++a) u[a] = Payoff(obs, a, last);
    return learning::ArgMaxLowest(u);
  }

 private:
  int initial_;
};

class RecedingHorizon : public BeliefLearner {
 public:
  RecedingHorizon(const Setup& setup, int horizon, int samples, double lambda, bool anticipate)
      : BeliefLearner(setup, 0, false),
        horizon_(horizon),
        samples_(samples),
        lambda_(lambda),
        anticipate_(anticipate) {}
  int Act(const Observation& obs, Rng& rng) override {
    Observe(obs);
    const int last = obs.Played(watch_, 1);
    std::vector<double> v(own_n_);
    for (int a = 0; a < own_n_; ++a) {
      // The model: the mean over sampled futures of the discounted utility of
      // holding a for the horizon. Elsewhere the stage repeated, which ranks
      // actions as the stage payoff against the watched seat's last action
      // does (or, without an oracle, the realised payoffs).
      bool ahead = use_oracle_ && obs.oracle != nullptr;
      double total = 0;
      for (int k = 0; ahead && k < samples_; ++k) {
        const double x = obs.oracle->Lookahead(obs.seat, a, horizon_, k, anticipate_);
        ahead = !std::isnan(x);
        total += x;
      }
      v[a] = lambda_ * (ahead ? total / samples_ : Payoff(obs, a, last));
    }
    return learning::SampleInverseCdf(learning::Softmax(v),
                                      learning::DecisionUniform(rng, obs.turn, &drawn_));
  }

 private:
  int horizon_, samples_;
  double lambda_;
  bool anticipate_;
  int drawn_ = 0;
};

const std::vector<ParamSpec>& RecedingHorizonSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"horizon", 4, 1, 40, "quarters", "D: a year of look-ahead", "quarters simulated ahead",
       true},
      {"samples", 4, 1, 64, "", "D", "sampled futures averaged", true},
      {"lambda", 1, 0, 1e6, "1/payoff", "McKelvey and Palfrey 1995",
       "logit precision per unit of discounted utility: 0 plays uniformly, large values the "
       "best response"},
  };
  return specs;
}

// Reads what all three share: the watched seat and the oracle switch.
Setup ReadSetup(const ConfigNode& node, const GameContext& context, int seat) {
  const int watch = policy_util::ReadWatch(node, context, seat);
  return {watch, context.NumActions(seat), context.NumActions(watch),
          learning::ReadUseOracle(node)};
}

Json BaseJson(const std::string& name, const GameContext& context, const Setup& setup) {
  return {{"name", name}, {"watch", context.seat_ids[setup.watch]}, {"oracle", setup.use_oracle}};
}

}  // namespace

std::shared_ptr<const PolicyPlan> ParseRecedingHorizon(const ConfigNode& node,
                                                       const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "horizon", "samples", "lambda", "anticipate", "oracle"});
  const Setup setup = ReadSetup(node, context, seat);
  // Off by default: the others held at their last actions is the plain
  // receding-horizon best response; on, the seat also foresees the answers
  // of the seats that follow rules (a Stackelberg leader against them).
  bool anticipate = false;
  if (auto a = node.Find("anticipate")) anticipate = a->Bool();
  Json json = BaseJson("receding_horizon", context, setup);
  json["anticipate"] = anticipate;
  return learning::MakePlan(json,
                            learning::ReadNumbers(node, RecedingHorizonSpecs()), true,
                            setup.use_oracle,
                            [=](const std::vector<double>& v) -> std::unique_ptr<Policy> {
                              return std::make_unique<RecedingHorizon>(
                                  setup, static_cast<int>(v[0]), static_cast<int>(v[1]), v[2],
                                  anticipate);
                            });
}

std::shared_ptr<const PolicyPlan> ParseFictitiousPlay(const ConfigNode& node,
                                                      const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "prior", "oracle"});
  const Setup setup = ReadSetup(node, context, seat);
  return learning::MakePlan(BaseJson("fictitious_play", context, setup),
                            learning::ReadNumbers(node, FictitiousPlaySpecs()), false,
                            setup.use_oracle,
                            [=](const std::vector<double>& v) -> std::unique_ptr<Policy> {
                              return std::make_unique<FictitiousPlay>(setup, v[0]);
                            });
}

std::shared_ptr<const PolicyPlan> ParseLogitResponse(const ConfigNode& node,
                                                     const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "lambda", "prior", "oracle"});
  const Setup setup = ReadSetup(node, context, seat);
  return learning::MakePlan(BaseJson("logit_response", context, setup),
                            learning::ReadNumbers(node, LogitSpecs()), true, setup.use_oracle,
                            [=](const std::vector<double>& v) -> std::unique_ptr<Policy> {
                              return std::make_unique<LogitResponse>(setup, v[1], v[0]);
                            });
}

std::shared_ptr<const PolicyPlan> ParseMyopicBestResponse(const ConfigNode& node,
                                                          const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "oracle"});
  const Setup setup = ReadSetup(node, context, seat);
  const int initial = context.initial[seat];
  return learning::MakePlan(BaseJson("myopic_best_response", context, setup), ParamSet(), false,
                            setup.use_oracle,
                            [=](const std::vector<double>&) -> std::unique_ptr<Policy> {
                              return std::make_unique<MyopicBestResponse>(setup, initial);
                            });
}

}  // namespace geostrat
