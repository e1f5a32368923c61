// deal_maker: a negotiator that seeks a deal at an escalation peak, accepts
// the other side's offer, and renews a deal when its term ends, each with a
// stated chance. Made for the negotiation game's seats (games/registry.cc),
// whose last action is "none" and whose lower actions are offers of a longer
// term; on any other seat the last action is "no offer" and the lower ones
// are offers, so it plays a concession conditional on a peak.
//
// Each quarter it draws one uniform u and, in this order:
//   - while a deal holds, makes no offer (the term binds);
//   - when a deal ended last quarter, offers `term` again if u < renew;
//   - when the counterpart has an offer on the table (made this quarter if
//     it leads, else last quarter), accepts if u < accept, with the shorter
//     of the two terms;
//   - after a peak, when the watched seats have escalated at least `peak`
//     times over the last `memory` quarters and not in this quarter (as far
//     as its leaders have moved), offers `term` if u < hazard;
//   - otherwise makes no offer.
// A peak counts every watched seat's every rise, both sides' alike: a tariff
// war of matched rounds is a peak however it started (TIMELINE rows 3-7:
// three rounds matched the same day, then the Buenos Aires truce; rows 8-12:
// two rounds, a purchase halt, then Phase One). Offers come in a lull, once
// the latest round has been answered, never in place of the answer: this is
// Zartman's ripe moment (a mutually hurting stalemate) read off the record of
// escalation rather than off payoffs.
#include <algorithm>

#include "policies/policy.h"

namespace geostrat {
namespace {

const std::vector<ParamSpec>& NumberSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"hazard", 0.3, 0, 1, "",
       "TIMELINE rows 3-12: two deals (rows 7, 12) in the seven quarters 2018Q3-2019Q4 at a "
       "peak; D: L",
       "chance of offering a deal in a lull after a peak"},
      {"accept", 0.5, 0, 1, "", "D: L (rows 7 and 12 were both accepted, after talks)",
       "chance of accepting the counterpart's offer"},
      {"renew", 0.5, 0, 1, "",
       "TIMELINE row 7 (the 90-day truce extended once, then lapsed); row 12 (Phase One's "
       "purchase term ran its two years); D: L",
       "chance of offering to renew a deal when its term ends"},
      {"peak", 3, 1, 100, "escalations", "TIMELINE rows 3-6 (three matched rounds before row 7)",
       "escalations by the watched seats within `memory` quarters that make a peak", true},
      {"memory", 4, 1, 40, "quarters", "TIMELINE rows 3-12 (rounds within a year of each deal)",
       "quarters over which escalations are counted", true},
  };
  return specs;
}

class DealMaker : public CopyablePolicy<DealMaker> {
 public:
  DealMaker(std::vector<int> watch, int counterpart, int term, int none,
            const std::vector<double>& v)
      : watch_(std::move(watch)), counterpart_(counterpart), term_(term), none_(none),
        hazard_(v[0]), accept_(v[1]), renew_(v[2]), peak_(static_cast<int>(v[3])),
        memory_(static_cast<int>(v[4])) {}

  int Act(const Observation& obs, Rng& rng) override {
    // One uniform per quarter, so that a fresh instance draws what a running
    // one draws.
    for (; drawn_ < obs.quarter(); ++drawn_) rng.Uniform();
    const double u = rng.Uniform();
    ++drawn_;
    const World* w = obs.world;
    if (w != nullptr && w->deal_left > 0) return none_;
    if (w != nullptr && w->deal_renewable) return u < renew_ ? term_ : none_;
    // The counterpart's offer: made this quarter if it leads, else left open
    // from last quarter (no deal came of it, or one would hold now).
    const int their_none = obs.NumActions(counterpart_) - 1;
    const int offer = obs.Latest(counterpart_);
    if (offer < their_none) {
      const int theirs = policy_util::MapLevel(offer, their_none + 1, none_ + 1);
      return u < accept_ ? std::min(none_ - 1, std::max(term_, theirs)) : none_;
    }
    return Lull(obs) && Escalations(obs) >= peak_ && u < hazard_ ? term_ : none_;
  }

 private:
  // Rises of the watched seats over the last `memory` quarters.
  int Escalations(const Observation& obs) const {
    const int q = obs.quarter();
    int n = 0;
    for (int s : watch_) {
      for (int t = std::max(0, q - memory_); t < q; ++t) {
        n += obs.At(t, s) > (t == 0 ? obs.initial[s] : obs.At(t - 1, s));
      }
    }
    return n;
  }
  // No watched seat that has moved this quarter has risen.
  bool Lull(const Observation& obs) const {
    return std::none_of(watch_.begin(), watch_.end(), [&](int s) {
      return obs.MovedThisTurn(s) && obs.current[s] > obs.Played(s, 1);
    });
  }

  std::vector<int> watch_;
  int counterpart_, term_, none_;
  double hazard_, accept_, renew_;
  int peak_, memory_;
  int drawn_ = 0;
};

}  // namespace

std::shared_ptr<const PolicyPlan> ParseDealMaker(const ConfigNode& node,
                                                 const GameContext& context, int seat) {
  node.AllowOnlyKeys({"name", "watch", "counterpart", "term", "hazard", "accept", "renew", "peak",
                      "memory"});
  const int none = context.NumActions(seat) - 1;
  if (none < 1) node.Fail("a seat with an offer and a last action for no offer");
  int counterpart = context.default_opponent[seat];
  if (auto c = node.Find("counterpart")) {
    counterpart = policy_util::ReadSeat(*c, context);
    if (counterpart == seat) c->Fail("a seat other than the policy's own");
  } else if (counterpart < 0) {
    node.Fail("a member \"counterpart\" (seat " + context.seat_ids[seat] +
              " has no single opponent in its game)");
  }
  const ConfigNode w = node.At("watch");
  if (!w.IsArray() || w.Size() == 0) w.Fail("a non-empty list of seat ids");
  std::vector<int> watch;
  for (size_t i = 0; i < w.Size(); ++i) {
    const ConfigNode e = w.Element(i);
    const int s = policy_util::ReadSeat(e, context);
    if (s == seat || s == counterpart) {
      e.Fail("a seat other than the policy's own and its counterpart");
    }
    if (std::find(watch.begin(), watch.end(), s) != watch.end()) e.Fail("a seat not listed twice");
    watch.push_back(s);
  }
  int term = none - 1;
  if (auto t = node.Find("term")) {
    term = policy_util::ReadAction(*t, context, seat);
    if (term == none) {
      t->Fail("an offer, not the seat's last action ('" + context.actions[seat][none] + "')");
    }
  }
  ParamSet numbers = policy_util::ReadNumbers(node, NumberSpecs());
  Json json = {{"name", "deal_maker"},
               {"watch", Json::array()},
               {"counterpart", context.seat_ids[counterpart]},
               {"term", context.actions[seat][term]}};
  for (int s : watch) json["watch"].push_back(context.seat_ids[s]);
  return policy_util::MakeFactoryPlan(
      std::move(json), std::move(numbers), PolicyPlan::kUnbounded, true,
      [watch, counterpart, term, none](const std::vector<double>& v) {
        return std::make_unique<DealMaker>(watch, counterpart, term, none, v);
      });
}

}  // namespace geostrat
