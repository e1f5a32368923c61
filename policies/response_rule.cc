// response_rule: a state-contingent answer to the other side's escalations,
// with a hazard that grows with grievance and a chance of suspension when the
// other side steps back. Its numbers are meant to be fitted (`geostrat
// calibrate`), not set.
//
// Each quarter in which k >= 1 watched seats escalate (raise their action),
// the rule draws one uniform and answers with probability
//
//   h = 1 - (1 - hazard)^k exp(-grievance n),
//
// where n counts the watched escalations of earlier quarters left unanswered
// since the rule last answered or was conceded to: every escalation is
// answered independently with probability `hazard`, and grievance makes a
// patient side less patient the longer it has been pushed (TIMELINE rows 1-32:
// China let a dozen listings and rules of 2019-2022 pass, then answered the
// 2023 rules within days; CALIBRATION 1K). An answer raises the seat one rung
// (at most to `ceiling`) `lag` quarters after the escalation, for `duration`
// quarters (0: until suspended). A quarter in which the watched seats only step
// back is a concession: it clears the grievance and, with probability `relent`,
// the seat steps down `relent_rungs` rungs (not below `floor`): truces suspend
// the latest measure rather than repeal them all (rows 7 and 12; S10), and a
// halt of purchases can turn into a pledge (row 12).
//
// The rule moves the seat from where it stands, so it can take over from a
// script at any quarter (the backtest does, at every trigger). When the
// watched seats lead and this one follows (docs/model.md §3), their moves are
// seen in their own quarter, so lag 0 answers at once.
#include <algorithm>
#include <cmath>

#include "engine/core/error.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

const std::vector<ParamSpec>& NumberSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"hazard", 0.2, 0, 1, "", "fitted: geostrat calibrate (TIMELINE rows 1-32)",
       "chance one escalation is answered, before grievance"},
      {"grievance", 0, 0, 10, "1/escalation", "fitted: geostrat calibrate",
       "how fast unanswered escalations raise the hazard: h = 1 - (1 - hazard)^k exp(-grievance n)"},
      {"lag", 0, 0, 40, "quarters", "CALIBRATION 1K (most answers within 0-23 days)",
       "quarters from the escalation to the answer (0: the same quarter, for a follower)", true},
      {"duration", 0, 0, 400, "quarters", "S10 (controls stay until suspended)",
       "quarters an answer lasts (0: until suspended)", true},
      {"relent", 0.5, 0, 1, "", "fitted: geostrat calibrate (TIMELINE rows 7, 12)",
       "chance a concession by the watched seats is met by stepping down"},
      {"relent_rungs", 1, 1, 10, "rungs", "TIMELINE row 12 (a halt turned into a pledge)",
       "rungs a concession steps the seat down", true},
  };
  return specs;
}

class ResponseRule : public CopyablePolicy<ResponseRule> {
 public:
  ResponseRule(std::vector<int> watch, int floor, int ceiling, const std::vector<double>& v)
      : watch_(std::move(watch)), floor_(floor), ceiling_(ceiling), hazard_(v[0]),
        grievance_(v[1]), lag_(static_cast<int>(v[2])), duration_(static_cast<int>(v[3])),
        relent_(v[4]), relent_rungs_(static_cast<int>(v[5])) {}

  int Act(const Observation& obs, Rng& rng) override {
    // Visit each past quarter once, in order, drawing the same uniforms a
    // fresh instance draws when it visits the same history.
    const int q = obs.quarter();
    for (; seen_ < q; ++seen_) {
      Visit(seen_, [&](int s) { return obs.At(seen_, s); }, obs, rng);
    }
    // The leaders' moves of this quarter, when every watched seat has made one.
    const bool all_moved = std::all_of(watch_.begin(), watch_.end(),
                                       [&](int s) { return obs.MovedThisTurn(s); });
    if (seen_ == q && all_moved) {
      Visit(seen_, [&](int s) { return obs.current[s]; }, obs, rng);
      ++seen_;
    }
    int level = obs.Played(obs.seat, 1);
    const int up = static_cast<int>(std::count(raise_at_.begin(), raise_at_.end(), q));
    const int down = static_cast<int>(std::count(lower_at_.begin(), lower_at_.end(), q));
    if (up > 0) level = std::max(level, std::min(ceiling_, level + up));
    if (down > 0) level = std::min(level, std::max(floor_, level - down));
    return level;
  }

 private:
  template <class ActionAt>
  void Visit(int t, ActionAt action_at, const Observation& obs, Rng& rng) {
    int up = 0, down = 0;
    for (int s : watch_) {
      const int before = t == 0 ? obs.initial[s] : obs.At(t - 1, s);
      const int now = action_at(s);
      up += now > before;
      down += now < before;
    }
    if (up > 0) {
      const double keep = std::pow(1.0 - hazard_, up) * std::exp(-grievance_ * unanswered_);
      if (rng.Uniform() < 1.0 - keep) {
        raise_at_.push_back(t + lag_);
        if (duration_ > 0) lower_at_.push_back(t + lag_ + duration_);
        unanswered_ = 0;
      } else {
        unanswered_ += up;
      }
    } else if (down > 0) {
      unanswered_ = 0;
      if (rng.Uniform() < relent_) lower_at_.insert(lower_at_.end(), relent_rungs_, t);
    }
  }

  std::vector<int> watch_;
  int floor_, ceiling_;
  double hazard_, grievance_;
  int lag_, duration_;
  double relent_;
  int relent_rungs_;
  int seen_ = 0;
  int unanswered_ = 0;
  std::vector<int> raise_at_, lower_at_;  // quarters of one-rung moves up and down
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseResponseRule(const ConfigNode& node,
                                                    const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "floor", "ceiling", "hazard", "grievance", "lag",
                      "duration", "relent", "relent_rungs"});
  std::vector<int> watch;
  const auto w = node.Find("watch");
  if (w && w->IsArray()) {
    if (w->Size() == 0) w->Fail("a non-empty list of seat ids");
    for (size_t i = 0; i < w->Size(); ++i) {
      const ConfigNode e = w->Element(i);
      const int s = policy_util::ReadSeat(e, context);
      if (s == seat) e.Fail("a seat other than the policy's own");
      if (std::find(watch.begin(), watch.end(), s) != watch.end()) e.Fail("a seat not listed twice");
      watch.push_back(s);
    }
  } else {
    watch.push_back(policy_util::ReadWatch(node, context, seat));
  }
  int floor = 0;
  if (auto f = node.Find("floor")) floor = policy_util::ReadAction(*f, context, seat);
  int ceiling = context.NumActions(seat) - 1;
  if (auto c = node.Find("ceiling")) ceiling = policy_util::ReadAction(*c, context, seat);
  if (ceiling <= floor) {
    (node.Has("ceiling") ? node.At("ceiling") : node)
        .Fail("a ceiling above the floor ('" + context.actions[seat][floor] + "')");
  }
  ParamSet numbers = policy_util::ReadNumbers(node, NumberSpecs());
  Json json = {{"name", "response_rule"},
               {"watch", Json::array()},
               {"floor", context.actions[seat][floor]},
               {"ceiling", context.actions[seat][ceiling]}};
  for (int s : watch) json["watch"].push_back(context.seat_ids[s]);
  return policy_util::MakeFactoryPlan(
      std::move(json), std::move(numbers), PolicyPlan::kUnbounded, true,
      [watch, floor, ceiling](const std::vector<double>& v) {
        return std::make_unique<ResponseRule>(watch, floor, ceiling, v);
      });
}

}  // namespace geostrat
