// scripted: a timeline of actions by quarter, then a fallback policy. Used for
// historical replays and for "what if the US bans in 2027Q2" scenarios.
// Parameters: actions (required, one action name per quarter from the start);
// fallback (a policy specification; default: fixed at the last scripted action).
#include "policies/policy.h"

namespace geostrat {

std::shared_ptr<const PolicyPlan> MakeFixedPlan(const GameContext& context, int seat, int action);

namespace {

class Scripted : public Policy {
 public:
  Scripted(std::vector<int> actions, std::unique_ptr<Policy> fallback)
      : actions_(std::move(actions)), fallback_(std::move(fallback)) {}
  int Act(const Observation& obs, Rng& rng) override {
    const int q = obs.quarter();
    if (q < static_cast<int>(actions_.size())) return actions_[q];
    return fallback_->Act(obs, rng);
  }
  std::unique_ptr<Policy> Clone() const override {
    std::unique_ptr<Policy> fallback = fallback_->Clone();
    if (!fallback) return nullptr;
    return std::make_unique<Scripted>(actions_, std::move(fallback));
  }

 private:
  std::vector<int> actions_;
  std::unique_ptr<Policy> fallback_;
};

class ScriptedPlan : public PolicyPlan {
 public:
  ScriptedPlan(std::vector<int> actions, Json names, std::shared_ptr<const PolicyPlan> fallback)
      : actions_(std::move(actions)), names_(std::move(names)), fallback_(std::move(fallback)) {}
  // The fallback's numbers are the scripted policy's numbers.
  const ParamSet& numbers() const override { return fallback_->numbers(); }
  Json ToJson() const override {
    return {{"name", "scripted"}, {"actions", names_}, {"fallback", fallback_->ToJson()}};
  }
  std::unique_ptr<Policy> Make(const std::vector<double>& numbers) const override {
    return std::make_unique<Scripted>(actions_, fallback_->Make(numbers));
  }
  std::vector<const PolicyPlan*> Nested() const override { return {fallback_.get()}; }
  int MemoryDepth() const override { return fallback_->MemoryDepth(); }
  bool Stochastic() const override { return fallback_->Stochastic(); }

 private:
  std::vector<int> actions_;
  Json names_;
  std::shared_ptr<const PolicyPlan> fallback_;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseScripted(const ConfigNode& node,
                                                const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "actions", "fallback"});
  const ConfigNode list = node.At("actions");
  if (!list.IsArray() || list.Size() == 0) list.Fail("a non-empty array of action names");
  std::vector<int> actions;
  Json names = Json::array();
  for (size_t i = 0; i < list.Size(); ++i) {
    actions.push_back(policy_util::ReadAction(list.Element(i), context, seat));
    names.push_back(context.actions[seat][actions.back()]);
  }
  std::shared_ptr<const PolicyPlan> fallback;
  if (auto f = node.Find("fallback")) {
    fallback = ReadPolicy(*f, context, seat);
  } else {
    fallback = MakeFixedPlan(context, seat, actions.back());
  }
  return std::make_shared<ScriptedPlan>(std::move(actions), std::move(names), fallback);
}

}  // namespace geostrat
