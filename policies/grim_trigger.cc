// grim_trigger: cooperate until the watched seat has ever played `threshold`
// or above, then punish forever (Friedman 1971; the Axelrod library's Grudger);
// from the quarter of that move when the watched seat leads and this one
// follows (docs/model.md §3).
// Parameters: watch (seat id; default the seat's opponent),
// cooperate (default first action), punish (default last action), threshold
// (an action of the watched seat; default its second action).
#include "policies/policy.h"

namespace geostrat {

namespace {

class GrimTrigger : public CopyablePolicy<GrimTrigger> {
 public:
  GrimTrigger(int watch, int cooperate, int punish, int threshold)
      : watch_(watch), cooperate_(cooperate), punish_(punish), threshold_(threshold) {}
  int Act(const Observation& obs, Rng&) override {
    // Scan the quarters not yet seen, so a fresh instance on a World restored
    // mid-run reaches the same verdict.
    for (; seen_ < obs.quarter() && !triggered_; ++seen_) {
      triggered_ = obs.At(seen_, watch_) >= threshold_;
    }
    // A follower punishes a leader's move of this quarter at once; that move
    // is in the history when the next quarter scans it.
    if (!triggered_ && obs.MovedThisTurn(watch_) && obs.current[watch_] >= threshold_) {
      return punish_;
    }
    return triggered_ ? punish_ : cooperate_;
  }

 private:
  int watch_, cooperate_, punish_, threshold_;
  int seen_ = 0;
  bool triggered_ = false;
};

class GrimTriggerPlan : public PolicyPlan {
 public:
  GrimTriggerPlan(const GameContext& c, int seat, int watch, int cooperate, int punish,
                  int threshold)
      : watch_(watch), cooperate_(cooperate), punish_(punish), threshold_(threshold),
        json_({{"name", "grim_trigger"},
               {"watch", c.seat_ids[watch]},
               {"cooperate", c.actions[seat][cooperate]},
               {"punish", c.actions[seat][punish]},
               {"threshold", c.actions[watch][threshold]}}) {}
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>&) const override {
    return std::make_unique<GrimTrigger>(watch_, cooperate_, punish_, threshold_);
  }
  int MemoryDepth() const override { return kUnbounded; }
  bool Stochastic() const override { return false; }

 private:
  int watch_, cooperate_, punish_, threshold_;
  Json json_;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseGrimTrigger(const ConfigNode& node,
                                                   const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "cooperate", "punish", "threshold"});
  const int watch = policy_util::ReadWatch(node, context, seat);
  int cooperate = 0;
  if (auto c = node.Find("cooperate")) cooperate = policy_util::ReadAction(*c, context, seat);
  int punish = context.NumActions(seat) - 1;
  if (auto p = node.Find("punish")) punish = policy_util::ReadAction(*p, context, seat);
  int threshold = std::min(1, context.NumActions(watch) - 1);
  if (auto t = node.Find("threshold")) threshold = policy_util::ReadAction(*t, context, watch);
  return std::make_shared<GrimTriggerPlan>(context, seat, watch, cooperate, punish, threshold);
}

}  // namespace geostrat
