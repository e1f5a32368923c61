// Two retaliation strategies native to escalation ladders.
//
// proportional_retaliation: answers the watched seat's escalation level in
// kind. While the watched seat is above its first action, it plays that level
// mapped onto its own ladder (at least one notch: a defection is never
// answered by cooperation) plus `boost` notches, capped at `cap`, never below
// `floor`. Once the watched seat has been at its first action for `calm`
// consecutive quarters, it steps down one notch per quarter from its own last
// played action toward `floor`; before that it holds. It models in-kind
// countermeasures that are eased slowly: "equivalent" retaliation (WTO DSU
// Art. 22.4) and countermeasures "commensurate with the injury" (ILC Articles
// on State Responsibility, Art. 51); boost > 0 models escalation dominance.
// With two actions, calm 1 and boost 0 it is tit for tat.
// Parameters: watch (default the seat's opponent), boost (notches, default 0),
// cap (action, default the last), calm (quarters, default 2), floor (action,
// default the first), start (action, default the seat's initial action, at
// least the floor).
//
// time_limited_suspension: when the watched seat escalates above its previous
// level, plays `response` for `duration` quarters, then `baseline` for
// `suspension` quarters during which it does not respond to anything, then
// watches again. Otherwise it plays `baseline`. It models a retaliation that
// is suspended for a fixed term by a truce (for instance one-year suspensions
// of announced export controls) and that ignores what happened during the
// truce: only a fresh escalation, seen while watching, restarts the cycle.
// Parameters: watch (default the seat's opponent), response (action, default
// the last), baseline (action, default the seat's initial action), duration
// (quarters, default 4), suspension (quarters, default 4).
#include <algorithm>
#include <climits>

#include "engine/core/error.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

Json WithNumbers(Json json, const ParamSet& numbers) {
  const Json n = numbers.ToJson();
  for (auto it = n.begin(); it != n.end(); ++it) json[it.key()] = *it;
  return json;
}

// ---------------------------------------------------------------------------
// proportional_retaliation

const std::vector<ParamSpec>& ProportionalSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"boost", 0, 0, 20, "notches", "D: 0 = answer in kind",
       "notches added to the mapped answer (escalation dominance when > 0)", true},
      {"calm", 2, 1, 40, "quarters", "D: half a year of quiet before easing",
       "quarters the watched seat must stay at its first action before each step down", true},
  };
  return specs;
}

struct Proportional {
  int watch, own_n, floor, cap, start;
};

class ProportionalRetaliation : public CopyablePolicy<ProportionalRetaliation> {
 public:
  ProportionalRetaliation(const Proportional& c, int boost, int calm)
      : c_(c), boost_(boost), calm_(calm) {}
  int Act(const Observation& obs, Rng&) override {
    const int t = obs.quarter();
    if (t == 0) return c_.start;
    const int level = obs.Played(c_.watch, 1);
    if (level > 0) {
      const int mapped = std::max(1, policy_util::MapLevel(level, obs.NumActions(c_.watch),
                                                           c_.own_n));
      return std::max(c_.floor, std::min(c_.cap, mapped + boost_));
    }
    // Quiet last quarter: step down only after `calm` quiet quarters in a
    // row (quarters before the first do not count), else hold.
    int quiet = 1;
    while (quiet < calm_ && quiet < t && obs.Played(c_.watch, quiet + 1) == 0) ++quiet;
    const int own = obs.Played(obs.seat, 1);
    return std::max(c_.floor, quiet >= calm_ ? own - 1 : own);
  }

 private:
  Proportional c_;
  int boost_, calm_;
};

class ProportionalPlan : public PolicyPlan {
 public:
  ProportionalPlan(ParamSet numbers, const Proportional& c, Json json)
      : c_(c), json_(WithNumbers(std::move(json), numbers)) {
    numbers_ = std::move(numbers);
  }
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>& v) const override {
    return std::make_unique<ProportionalRetaliation>(c_, static_cast<int>(v[0]),
                                                     static_cast<int>(v[1]));
  }
  // The watched seat's last `calm` quarters and its own last action. calm is
  // an integer, so never drawn from a prior.
  int MemoryDepth() const override { return static_cast<int>(numbers_.Central("calm")); }
  bool Stochastic() const override { return false; }

 private:
  Proportional c_;
  Json json_;
};

// ---------------------------------------------------------------------------
// time_limited_suspension

const std::vector<ParamSpec>& SuspensionSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"duration", 4, 1, 400, "quarters", "D: a year of retaliation",
       "quarters the response lasts", true},
      {"suspension", 4, 0, 400, "quarters", "D: a one-year truce",
       "quarters of baseline, deaf to escalations, after each response", true},
  };
  return specs;
}

struct Suspension {
  int watch, response, baseline;
};

// Decides every quarter once, in order (the phase is a state that chains
// back to the first quarter, so a fresh instance replays what it has not seen).
class TimeLimitedSuspension : public CopyablePolicy<TimeLimitedSuspension> {
 public:
  TimeLimitedSuspension(const Suspension& c, int duration, int suspension)
      : c_(c), duration_(duration), suspension_(suspension) {}
  int Act(const Observation& obs, Rng&) override {
    for (; decided_ <= obs.quarter(); ++decided_) last_ = Decide(obs, decided_);
    return last_;
  }

 private:
  int Decide(const Observation& obs, int t) {
    if (cycle_start_ != kNone) {
      const int into = t - cycle_start_;
      if (into < duration_) return c_.response;
      if (into < duration_ + suspension_) return c_.baseline;  // suspended: deaf
    }
    // Watching: did the watched seat go above its previous level (its
    // initial action before the first quarter) in the last quarter?
    if (t > 0) {
      const int now = obs.At(t - 1, c_.watch);
      const int before = t >= 2 ? obs.At(t - 2, c_.watch) : obs.initial[c_.watch];
      if (now > before) {
        cycle_start_ = t;
        return c_.response;
      }
    }
    return c_.baseline;
  }

  static constexpr int kNone = INT_MIN;
  Suspension c_;
  int duration_, suspension_;
  int decided_ = 0;
  int last_ = 0;
  int cycle_start_ = kNone;  // quarter the current (or last) response began
};

class SuspensionPlan : public PolicyPlan {
 public:
  SuspensionPlan(ParamSet numbers, const Suspension& c, Json json)
      : c_(c), json_(WithNumbers(std::move(json), numbers)) {
    numbers_ = std::move(numbers);
  }
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>& v) const override {
    return std::make_unique<TimeLimitedSuspension>(c_, static_cast<int>(v[0]),
                                                   static_cast<int>(v[1]));
  }
  int MemoryDepth() const override { return kUnbounded; }
  bool Stochastic() const override { return false; }

 private:
  Suspension c_;
  Json json_;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseProportionalRetaliation(const ConfigNode& node,
                                                               const GameContext& context,
                                                               int seat) {
  node.AllowOnlyKeys({"name", "watch", "boost", "cap", "calm", "floor", "start"});
  Proportional c;
  c.watch = policy_util::ReadWatch(node, context, seat);
  c.own_n = context.NumActions(seat);
  c.floor = 0;
  if (auto f = node.Find("floor")) c.floor = policy_util::ReadAction(*f, context, seat);
  c.cap = c.own_n - 1;
  if (auto k = node.Find("cap")) {
    c.cap = policy_util::ReadAction(*k, context, seat);
    if (c.cap < c.floor) k->Fail("an action at or above the floor \"" +
                                 context.actions[seat][c.floor] + "\"");
  }
  c.start = std::max(c.floor, context.initial[seat]);
  if (auto s = node.Find("start")) c.start = policy_util::ReadAction(*s, context, seat);
  const auto& names = context.actions[seat];
  Json json = {{"name", "proportional_retaliation"},
               {"watch", context.seat_ids[c.watch]},
               {"cap", names[c.cap]},
               {"floor", names[c.floor]},
               {"start", names[c.start]}};
  return std::make_shared<ProportionalPlan>(policy_util::ReadNumbers(node, ProportionalSpecs()), c,
                                            std::move(json));
}

std::shared_ptr<const PolicyPlan> ParseTimeLimitedSuspension(const ConfigNode& node,
                                                             const GameContext& context,
                                                             int seat) {
  node.AllowOnlyKeys({"name", "watch", "response", "baseline", "duration", "suspension"});
  Suspension c;
  c.watch = policy_util::ReadWatch(node, context, seat);
  c.response = context.NumActions(seat) - 1;
  if (auto r = node.Find("response")) c.response = policy_util::ReadAction(*r, context, seat);
  c.baseline = context.initial[seat];
  if (auto b = node.Find("baseline")) c.baseline = policy_util::ReadAction(*b, context, seat);
  const auto& names = context.actions[seat];
  Json json = {{"name", "time_limited_suspension"},
               {"watch", context.seat_ids[c.watch]},
               {"response", names[c.response]},
               {"baseline", names[c.baseline]}};
  return std::make_shared<SuspensionPlan>(policy_util::ReadNumbers(node, SuspensionSpecs()), c,
                                          std::move(json));
}

}  // namespace geostrat
