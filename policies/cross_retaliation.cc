// cross_retaliation: answer an escalation in one game by an escalation in
// another. When the watched seat crosses up to `trigger` or above (having been
// below it the quarter before), the policy draws one uniform: with probability
// `probability` it plays `response` for `duration` quarters starting `lag`
// quarters after the escalation; otherwise it plays `baseline`. Models linkage
// such as "cut my chips and I cut your periodic table" (seed 001; CALIBRATION
// 1K: Ga/Ge controls 3 days after the Dutch rules, graphite 3 days after the
// Oct 2023 rules; 1L: re-imposition hazard 0.5-0.9).
// When the watched seat leads and this one follows (docs/model.md §3), an
// escalation is seen in its own quarter, so lag 0 answers it at once.
// Parameters: watch (default the seat's opponent), trigger, baseline, response, lag (>= 0),
// duration (>= 1), probability (may be a prior).
#include "engine/core/error.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

const std::vector<ParamSpec>& NumberSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"lag", 1, 0, 40, "quarters", "CALIBRATION 1K",
       "quarters from the escalation to the response (0: the same quarter, for a follower)", true},
      {"duration", 4, 1, 400, "quarters", "S10 (suspensions after about a year)",
       "quarters the response lasts", true},
      {"probability", 1.0, 0, 1, "", "1L re-imposition hazard 0.5-0.9",
       "chance an escalation is answered"},
  };
  return specs;
}

class CrossRetaliation : public CopyablePolicy<CrossRetaliation> {
 public:
  CrossRetaliation(int watch, int trigger, int baseline, int response, int lag, int duration,
                   double probability)
      : watch_(watch), trigger_(trigger), baseline_(baseline), response_(response), lag_(lag),
        duration_(duration), probability_(probability) {}

  int Act(const Observation& obs, Rng& rng) override {
    // Visit each past quarter once, in order: an escalation there draws one
    // uniform, whatever happens later, so the stream is consumed the same way
    // by every instance.
    const int q = obs.quarter();
    auto visit = [&](int t, int now) {
      const int before = t == 0 ? obs.initial[watch_] : obs.At(t - 1, watch_);
      if (now >= trigger_ && before < trigger_ && rng.Uniform() < probability_) {
        answered_.push_back(t);
      }
    };
    for (; seen_ < q; ++seen_) visit(seen_, obs.At(seen_, watch_));
    // A leader's move of this quarter, seen by a follower: the same draw a
    // fresh instance makes when it visits this quarter in the history.
    if (seen_ == q && obs.MovedThisTurn(watch_)) visit(seen_++, obs.current[watch_]);
    for (int e : answered_) {
      if (q >= e + lag_ && q < e + lag_ + duration_) return response_;
    }
    return baseline_;
  }

 private:
  int watch_, trigger_, baseline_, response_, lag_, duration_;
  double probability_;
  int seen_ = 0;
  std::vector<int> answered_;  // quarters of escalations that will be answered
};

class CrossRetaliationPlan : public PolicyPlan {
 public:
  CrossRetaliationPlan(ParamSet numbers, const GameContext& c, int seat, int watch, int trigger,
                       int baseline, int response)
      : watch_(watch), trigger_(trigger), baseline_(baseline), response_(response) {
    numbers_ = std::move(numbers);
    json_ = {{"name", "cross_retaliation"},
             {"watch", c.seat_ids[watch]},
             {"trigger", c.actions[watch][trigger]},
             {"baseline", c.actions[seat][baseline]},
             {"response", c.actions[seat][response]}};
    const Json n = numbers_.ToJson();
    for (auto it = n.begin(); it != n.end(); ++it) json_[it.key()] = *it;
  }
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>& v) const override {
    return std::make_unique<CrossRetaliation>(watch_, trigger_, baseline_, response_,
                                              static_cast<int>(v[0]), static_cast<int>(v[1]),
                                              v[2]);
  }
  int MemoryDepth() const override {
    return static_cast<int>(numbers_.Central("lag") + numbers_.Central("duration"));
  }
  bool Stochastic() const override { return true; }

 private:
  int watch_, trigger_, baseline_, response_;
  Json json_;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseCrossRetaliation(const ConfigNode& node,
                                                        const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "trigger", "baseline", "response", "lag", "duration",
                      "probability"});
  const int watch = policy_util::ReadWatch(node, context, seat);
  int trigger = std::min(context.initial[watch] + 1, context.NumActions(watch) - 1);
  if (auto t = node.Find("trigger")) trigger = policy_util::ReadAction(*t, context, watch);
  int baseline = context.initial[seat];
  if (auto b = node.Find("baseline")) baseline = policy_util::ReadAction(*b, context, seat);
  int response = context.NumActions(seat) - 1;
  if (auto r = node.Find("response")) response = policy_util::ReadAction(*r, context, seat);
  ParamSet numbers = policy_util::ReadNumbers(node, NumberSpecs());
  return std::make_shared<CrossRetaliationPlan>(std::move(numbers), context, seat, watch, trigger,
                                                baseline, response);
}

}  // namespace geostrat
