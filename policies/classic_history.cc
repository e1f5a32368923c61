// The classic strategies that keep the watched seat's whole history:
//   soft_grudger         C until the watched seat defects, then D, D, D, D,
//                        C, C regardless of its moves meanwhile, then watches
//                        again (the Axelrod library's SoftGrudger, grudger.py;
//                        Li, Hingston and Kendall 2011);
//   forgiver             D iff the watched seat has defected in more than 10%
//                        of the turns so far (Forgiver, forgiver.py);
//   prober               D, C, C; then D forever if the watched seat
//                        cooperated in turns 2 and 3, else tit for tat
//                        (Prober, prober.py);
//   soft_go_by_majority  C iff the watched seat has cooperated at least as
//                        often as it defected so far, so C first
//                        (GoByMajority with soft=True, gobymajority.py).
// On escalation ladders the watched seat defected at a turn iff it played
// above its first action; C is the seat's first action and D its last.
// Parameters: watch (seat id; default the seat's opponent).
#include "policies/policy.h"

namespace geostrat {
namespace {

// The punishment of soft grudger, from the turn after the defection.
constexpr int kGrudge[] = {1, 1, 1, 1, 0, 0};  // 1 = D
constexpr int kGrudgeLength = 6;

// Decides every turn once, in order, from the watched seat's moves (the
// grudge is a state, as in the Axelrod library, so a fresh instance replays
// the turns it has not seen).
class SoftGrudger : public CopyablePolicy<SoftGrudger> {
 public:
  SoftGrudger(int watch, int defect) : watch_(watch), defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    for (; decided_ <= obs.quarter(); ++decided_) last_ = Decide(obs, decided_);
    return last_;
  }

 private:
  int Decide(const Observation& obs, int t) {
    // In a grudge it ignores the watched seat; the defection that started
    // it counts once, and moves during it are not held against it later.
    if (grudge_ < 0 && t > 0 && obs.At(t - 1, watch_) > 0) grudge_ = 0;
    if (grudge_ < 0) return 0;
    const int action = kGrudge[grudge_] ? defect_ : 0;
    if (++grudge_ == kGrudgeLength) grudge_ = -1;
    return action;
  }

  int watch_, defect_;
  int decided_ = 0;
  int last_ = 0;
  int grudge_ = -1;  // position in kGrudge, -1 when not grudging
};

// Counts the watched seat's defections over the turns not yet seen.
class DefectionCount : public Policy {
 public:
  explicit DefectionCount(int watch) : watch_(watch) {}

 protected:
  int Defections(const Observation& obs) {
    for (; seen_ < obs.quarter(); ++seen_) defections_ += obs.At(seen_, watch_) > 0;
    return defections_;
  }

 private:
  int watch_;
  int seen_ = 0;
  int defections_ = 0;
};

class Forgiver : public DefectionCount {
 public:
  std::unique_ptr<Policy> Clone() const override { return std::make_unique<Forgiver>(*this); }
  Forgiver(int watch, int defect) : DefectionCount(watch), defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    // Axelrod: defections > len(history) / 10, in integers.
    return 10 * Defections(obs) > obs.quarter() ? defect_ : 0;
  }

 private:
  int defect_;
};

class SoftGoByMajority : public DefectionCount {
 public:
  std::unique_ptr<Policy> Clone() const override { return std::make_unique<SoftGoByMajority>(*this); }
  SoftGoByMajority(int watch, int defect) : DefectionCount(watch), defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    const int defections = Defections(obs);
    // Ties (including the empty history) cooperate: the "soft" rule.
    return defections > obs.quarter() - defections ? defect_ : 0;
  }

 private:
  int defect_;
};

class Prober : public CopyablePolicy<Prober> {
 public:
  Prober(int watch, int defect) : watch_(watch), defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    const int t = obs.quarter();
    if (t == 0) return defect_;
    if (t <= 2) return 0;
    // Moves 2 and 3 are turns 1 and 2: an opponent that did not answer the
    // probe is exploited for ever.
    if (obs.At(1, watch_) == 0 && obs.At(2, watch_) == 0) return defect_;
    return obs.At(t - 1, watch_) > 0 ? defect_ : 0;
  }

 private:
  int watch_, defect_;
};

template <class P>
std::shared_ptr<const PolicyPlan> WatchPlan(const ConfigNode& node, const GameContext& context,
                                            int seat, const std::string& name) {
  node.AllowOnlyKeys({"name", "watch"});
  const int watch = policy_util::ReadWatch(node, context, seat);
  const int defect = context.NumActions(seat) - 1;
  // Each reads back to the first turn (prober: turns 2 and 3, at any age).
  return policy_util::MakeFactoryPlan(
      Json{{"name", name}, {"watch", context.seat_ids[watch]}}, ParamSet(), PolicyPlan::kUnbounded,
      false, [=](const std::vector<double>&) { return std::make_unique<P>(watch, defect); });
}

}  // namespace

std::shared_ptr<const PolicyPlan> ParseSoftGrudger(const ConfigNode& node,
                                                   const GameContext& context, int seat) {
  return WatchPlan<SoftGrudger>(node, context, seat, "soft_grudger");
}

std::shared_ptr<const PolicyPlan> ParseForgiver(const ConfigNode& node, const GameContext& context,
                                                int seat) {
  return WatchPlan<Forgiver>(node, context, seat, "forgiver");
}

std::shared_ptr<const PolicyPlan> ParseProber(const ConfigNode& node, const GameContext& context,
                                              int seat) {
  return WatchPlan<Prober>(node, context, seat, "prober");
}

std::shared_ptr<const PolicyPlan> ParseSoftGoByMajority(const ConfigNode& node,
                                                        const GameContext& context, int seat) {
  return WatchPlan<SoftGoByMajority>(node, context, seat, "soft_go_by_majority");
}

}  // namespace geostrat
