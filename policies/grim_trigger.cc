// grim_trigger: cooperate until the watched seat has ever played `threshold`
// or above, then punish forever (Friedman 1971; the Axelrod library's Grudger).
// Parameters: watch (seat id; default the only other seat of the same game),
// cooperate (default first action), punish (default last action), threshold
// (an action of the watched seat; default its second action).
#include "policies/policy.h"

namespace geostrat {

int ReadWatch(const ConfigNode& node, const Scenario& scenario, int seat);

namespace {

class GrimTrigger : public Policy {
 public:
  GrimTrigger(int watch, int cooperate, int punish, int threshold)
      : watch_(watch), cooperate_(cooperate), punish_(punish), threshold_(threshold) {}
  int Act(const Observation& obs, Rng&) override {
    // Scan the quarters not yet seen, so a fresh instance on a World restored
    // mid-run reaches the same verdict.
    for (; seen_ < obs.quarter() && !triggered_; ++seen_) {
      triggered_ = obs.world.ActionAt(seen_, watch_) >= threshold_;
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
  GrimTriggerPlan(const Scenario& s, int seat, int watch, int cooperate, int punish, int threshold)
      : watch_(watch), cooperate_(cooperate), punish_(punish), threshold_(threshold),
        json_({{"name", "grim_trigger"},
               {"watch", s.seats[watch].id},
               {"cooperate", s.seats[seat].actions[cooperate]},
               {"punish", s.seats[seat].actions[punish]},
               {"threshold", s.seats[watch].actions[threshold]}}) {}
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
                                                   const Scenario& scenario, int seat) {
  node.AllowOnlyKeys({"name", "watch", "cooperate", "punish", "threshold"});
  const int watch = ReadWatch(node, scenario, seat);
  int cooperate = 0;
  if (auto c = node.Find("cooperate")) cooperate = policy_util::ReadAction(*c, scenario, seat);
  int punish = static_cast<int>(scenario.seats[seat].actions.size()) - 1;
  if (auto p = node.Find("punish")) punish = policy_util::ReadAction(*p, scenario, seat);
  int threshold = std::min<int>(1, static_cast<int>(scenario.seats[watch].actions.size()) - 1);
  if (auto t = node.Find("threshold")) threshold = policy_util::ReadAction(*t, scenario, watch);
  return std::make_shared<GrimTriggerPlan>(scenario, seat, watch, cooperate, punish, threshold);
}

}  // namespace geostrat
