// fixed: the same action every quarter.
// Parameters: action (default: the seat's status-quo action).
#include "policies/policy.h"

namespace geostrat {
namespace {

class Fixed : public CopyablePolicy<Fixed> {
 public:
  explicit Fixed(int action) : action_(action) {}
  int Act(const Observation&, Rng&) override { return action_; }

 private:
  int action_;
};

class FixedPlan : public PolicyPlan {
 public:
  FixedPlan(int action, std::string name) : action_(action), name_(std::move(name)) {}
  Json ToJson() const override { return {{"name", "fixed"}, {"action", name_}}; }
  std::unique_ptr<Policy> Make(const std::vector<double>&) const override {
    return std::make_unique<Fixed>(action_);
  }
  int MemoryDepth() const override { return 0; }
  bool Stochastic() const override { return false; }

 private:
  int action_;
  std::string name_;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseFixed(const ConfigNode& node, const GameContext& context,
                                             int seat) {
  node.AllowOnlyKeys({"name", "action"});
  int action = context.initial[seat];
  if (auto a = node.Find("action")) action = policy_util::ReadAction(*a, context, seat);
  return std::make_shared<FixedPlan>(action, context.actions[seat][action]);
}

// Used by scripted as its default fallback.
std::shared_ptr<const PolicyPlan> MakeFixedPlan(const GameContext& context, int seat, int action) {
  return std::make_shared<FixedPlan>(action, context.actions[seat][action]);
}

}  // namespace geostrat
