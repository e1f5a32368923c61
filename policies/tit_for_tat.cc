// tit_for_tat on ordered escalation ladders: start at `start`, then copy the
// watched seat's latest action, mapped onto this seat's ladder, never below
// `floor`: its move of this quarter when it leads and this seat follows
// (docs/model.md §3), else its last one. With two actions each and floor 0
// this is Axelrod's Tit For Tat. With `ratchet` it never goes below its own
// last action: a programme that is built up but not unwound (China's chip
// funds and purchase guidance grew through every truce of 2018-2025).
// Parameters: watch (seat id; default the seat's opponent), floor (action;
// default the first), start (action; default the seat's initial action, at
// least the floor).
#include <algorithm>

#include "engine/core/error.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

class TitForTat : public CopyablePolicy<TitForTat> {
 public:
  TitForTat(int watch, int floor, int start, int own_n, bool ratchet)
      : watch_(watch), floor_(floor), start_(start), own_n_(own_n), ratchet_(ratchet) {}
  int Act(const Observation& obs, Rng&) override {
    if (obs.quarter() == 0 && !obs.MovedThisTurn(watch_)) return start_;
    const int mapped = policy_util::MapLevel(obs.Latest(watch_), obs.NumActions(watch_), own_n_);
    const int action = std::max(floor_, mapped);
    return ratchet_ ? std::max(action, obs.Played(obs.seat, 1)) : action;
  }

 private:
  int watch_, floor_, start_, own_n_;
  bool ratchet_;
};

class TitForTatPlan : public PolicyPlan {
 public:
  TitForTatPlan(const GameContext& c, int seat, int watch, int floor, int start, bool ratchet)
      : watch_(watch), floor_(floor), start_(start), own_n_(c.NumActions(seat)), ratchet_(ratchet),
        json_({{"name", "tit_for_tat"},
               {"watch", c.seat_ids[watch]},
               {"floor", c.actions[seat][floor]},
               {"start", c.actions[seat][start]}}) {
    // The resolved form names the ratchet only when it is on, so configs
    // written before it resolve (and hash) as they did.
    if (ratchet_) json_["ratchet"] = true;
  }
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>&) const override {
    return std::make_unique<TitForTat>(watch_, floor_, start_, own_n_, ratchet_);
  }
  int MemoryDepth() const override { return 1; }
  bool Stochastic() const override { return false; }

 private:
  int watch_, floor_, start_, own_n_;
  bool ratchet_;
  Json json_;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseTitForTat(const ConfigNode& node, const GameContext& context,
                                                 int seat) {
  node.AllowOnlyKeys({"name", "watch", "floor", "start", "ratchet"});
  const int watch = policy_util::ReadWatch(node, context, seat);
  int floor = 0;
  if (auto f = node.Find("floor")) floor = policy_util::ReadAction(*f, context, seat);
  // By default it opens with its seat's initial action (the status quo in the
  // model, the cooperative action in matrix games), never below the floor.
  int start = std::max(floor, context.initial[seat]);
  if (auto s = node.Find("start")) start = policy_util::ReadAction(*s, context, seat);
  bool ratchet = false;
  if (auto r = node.Find("ratchet")) ratchet = r->Bool();
  return std::make_shared<TitForTatPlan>(context, seat, watch, floor, start, ratchet);
}

}  // namespace geostrat
