// tit_for_tat on ordered escalation ladders: start at `start`, then copy the
// watched seat's last action, mapped onto this seat's ladder, never below
// `floor`. With two actions each and floor 0 this is Axelrod's Tit For Tat.
// Parameters: watch (seat id; default the only other seat of the same game),
// floor (action; default the first), start (action; default = floor).
#include "engine/core/error.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

class TitForTat : public Policy {
 public:
  TitForTat(int watch, int floor, int start, int own_n)
      : watch_(watch), floor_(floor), start_(start), own_n_(own_n) {}
  int Act(const Observation& obs, Rng&) override {
    if (obs.quarter() == 0) return start_;
    const int mapped = policy_util::MapLevel(obs.Played(watch_, 1), obs.NumActions(watch_), own_n_);
    return std::max(floor_, mapped);
  }

 private:
  int watch_, floor_, start_, own_n_;
};

class TitForTatPlan : public PolicyPlan {
 public:
  TitForTatPlan(const Scenario& s, int seat, int watch, int floor, int start)
      : watch_(watch), floor_(floor), start_(start),
        own_n_(static_cast<int>(s.seats[seat].actions.size())),
        json_({{"name", "tit_for_tat"},
               {"watch", s.seats[watch].id},
               {"floor", s.seats[seat].actions[floor]},
               {"start", s.seats[seat].actions[start]}}) {}
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>&) const override {
    return std::make_unique<TitForTat>(watch_, floor_, start_, own_n_);
  }
  int MemoryDepth() const override { return 1; }
  bool Stochastic() const override { return false; }

 private:
  int watch_, floor_, start_, own_n_;
  Json json_;
};

}  // namespace

int ReadWatch(const ConfigNode& node, const Scenario& scenario, int seat) {
  if (auto w = node.Find("watch")) {
    const int watch = policy_util::ReadSeat(*w, scenario);
    if (watch == seat) w->Fail("a seat other than the policy's own");
    return watch;
  }
  const int other = policy_util::OtherSeatOfGame(scenario, seat);
  if (other < 0) {
    throw ConfigError(node.file(), node.pointer(),
                      "a member \"watch\" (seat " + scenario.seats[seat].id +
                          " has no single opponent in its game)",
                      "none");
  }
  return other;
}

std::shared_ptr<const PolicyPlan> ParseTitForTat(const ConfigNode& node, const Scenario& scenario,
                                                 int seat) {
  node.AllowOnlyKeys({"name", "watch", "floor", "start"});
  const int watch = ReadWatch(node, scenario, seat);
  int floor = 0;
  if (auto f = node.Find("floor")) floor = policy_util::ReadAction(*f, scenario, seat);
  int start = floor;
  if (auto s = node.Find("start")) start = policy_util::ReadAction(*s, scenario, seat);
  return std::make_shared<TitForTatPlan>(scenario, seat, watch, floor, start);
}

}  // namespace geostrat
