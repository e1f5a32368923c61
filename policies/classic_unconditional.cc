// The classic strategies that ignore the opponent: cooperator (always C),
// defector (always D), random (C with probability p), alternator (C, D, C, D...
// by its own last move) and cycler (a fixed pattern of C and D). They are the
// Axelrod library's Cooperator, Defector (axelrod/strategies/cooperator.py,
// defector.py), Random (rand.py), Alternator (alternator.py) and Cycler
// (cycler.py). On an escalation ladder C is the seat's first action and D its
// last (most escalatory) one.
// Parameters: random: p (probability of C, default 0.5, may be a prior);
// cycler: pattern (a string of C and D, default "CCD").
#include "engine/core/error.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

// Reads the numeric members `specs` of `node` (the other keys are the
// caller's) with the shared parameter reader, so they may be priors.
class Constant : public CopyablePolicy<Constant> {
 public:
  explicit Constant(int action) : action_(action) {}
  int Act(const Observation&, Rng&) override { return action_; }

 private:
  int action_;
};

// Cooperates with probability p each quarter. It draws exactly one uniform
// per quarter, even when p is 0 or 1 (where Axelrod's random_choice skips the
// draw), so quarter t always uses the t-th number of the stream; a fresh
// instance skips the numbers of the quarters already played.
class Random : public CopyablePolicy<Random> {
 public:
  Random(double p, int defect) : p_(p), defect_(defect) {}
  int Act(const Observation& obs, Rng& rng) override {
    for (; drawn_ < obs.quarter(); ++drawn_) rng.Uniform();
    ++drawn_;
    return rng.Uniform() < p_ ? 0 : defect_;
  }

 private:
  double p_;
  int defect_;
  int drawn_ = 0;
};

// C first, then the opposite of its own last played move (so noise that
// flips a move shifts the phase, as in the Axelrod library).
class Alternator : public CopyablePolicy<Alternator> {
 public:
  explicit Alternator(int defect) : defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    if (obs.quarter() == 0) return 0;
    return obs.Played(obs.seat, 1) == 0 ? defect_ : 0;
  }

 private:
  int defect_;
};

// Plays its pattern by quarter number, over and over.
class Cycler : public CopyablePolicy<Cycler> {
 public:
  explicit Cycler(std::vector<int> pattern) : pattern_(std::move(pattern)) {}
  int Act(const Observation& obs, Rng&) override {
    return pattern_[static_cast<size_t>(obs.quarter()) % pattern_.size()];
  }

 private:
  std::vector<int> pattern_;
};

const std::vector<ParamSpec>& RandomSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"p", 0.5, 0, 1, "", "Axelrod library rand.py (Random, p = 0.5)",
       "probability of cooperating each quarter"},
  };
  return specs;
}

}  // namespace

std::shared_ptr<const PolicyPlan> ParseCooperator(const ConfigNode& node, const GameContext&,
                                                  int) {
  node.AllowOnlyKeys({"name"});
  return policy_util::MakeFactoryPlan(
      Json{{"name", "cooperator"}}, ParamSet(), 0, false,
      [](const std::vector<double>&) { return std::make_unique<Constant>(0); });
}

std::shared_ptr<const PolicyPlan> ParseDefector(const ConfigNode& node, const GameContext& context,
                                                int seat) {
  node.AllowOnlyKeys({"name"});
  const int defect = context.NumActions(seat) - 1;
  return policy_util::MakeFactoryPlan(
      Json{{"name", "defector"}}, ParamSet(), 0, false,
      [defect](const std::vector<double>&) { return std::make_unique<Constant>(defect); });
}

std::shared_ptr<const PolicyPlan> ParseRandom(const ConfigNode& node, const GameContext& context,
                                              int seat) {
  node.AllowOnlyKeys({"name", "p"});
  const int defect = context.NumActions(seat) - 1;
  return policy_util::MakeFactoryPlan(
      Json{{"name", "random"}}, policy_util::ReadNumbers(node, RandomSpecs()), 0, true,
      [defect](const std::vector<double>& v) { return std::make_unique<Random>(v[0], defect); });
}

std::shared_ptr<const PolicyPlan> ParseAlternator(const ConfigNode& node,
                                                  const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name"});
  const int defect = context.NumActions(seat) - 1;
  return policy_util::MakeFactoryPlan(
      Json{{"name", "alternator"}}, ParamSet(), 1, false,
      [defect](const std::vector<double>&) { return std::make_unique<Alternator>(defect); });
}

std::shared_ptr<const PolicyPlan> ParseCycler(const ConfigNode& node, const GameContext& context,
                                              int seat) {
  node.AllowOnlyKeys({"name", "pattern"});
  std::string text = "CCD";
  if (auto p = node.Find("pattern")) {
    if (!p->IsString()) p->Fail("a string of C and D, like \"CCD\"");
    text = p->String();
    if (text.empty() || text.find_first_not_of("CD") != std::string::npos) {
      p->Fail("a non-empty string of the letters C and D only, like \"CCD\"");
    }
  }
  std::vector<int> pattern;
  const int defect = context.NumActions(seat) - 1;
  for (char c : text) pattern.push_back(c == 'C' ? 0 : defect);
  // It reads the quarter number only, no history: memory 0 (Axelrod declares
  // len(pattern) - 1, the history needed to infer the phase from its moves).
  return policy_util::MakeFactoryPlan(
      Json{{"name", "cycler"}, {"pattern", text}}, ParamSet(), 0, false,
      [pattern](const std::vector<double>&) { return std::make_unique<Cycler>(pattern); });
}

}  // namespace geostrat
