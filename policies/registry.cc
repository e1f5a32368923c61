// The registry of policies: one entry per policy with its metadata. Adding a
// policy = one .cc with its parser, one entry here, one test file.
#include "engine/core/error.h"
#include "policies/policy.h"

#include <cmath>

namespace geostrat {

const std::vector<PolicyInfo>& Policies() {
  static const std::vector<PolicyInfo> policies = {
      {"fixed",
       "Plays the same action every quarter.",
       "0",
       false,
       "nothing",
       {{"action", "the seat's status-quo action", "the action played"}},
       "Always Cooperate / Always Defect when the action is the first / last",
       ParseFixed},
      {"scripted",
       "Plays a timeline of actions by quarter (quarter 0 = the scenario start), then hands "
       "over to a fallback policy.",
       "0 (then the fallback's)",
       false,
       "the quarter only",
       {{"actions", "(required)", "array of action names, one per quarter from the start"},
        {"fallback", "fixed at the last scripted action",
         "policy specification used after the timeline ends"}},
       "historical replay",
       ParseScripted},
      {"tit_for_tat",
       "Starts at `start`, then copies the watched seat's last action, mapped onto its own "
       "ladder (level x (own rungs - 1) / (their rungs - 1), rounded), never below `floor`.",
       "1",
       false,
       "the watched seat's last action",
       {{"watch", "the other seat of the same game (required if there is none or several)",
         "seat id whose actions are copied"},
        {"floor", "the seat's first action", "least escalatory action it will play"},
        {"start", "= floor", "action in the first quarter"}},
       "Tit For Tat (Axelrod 1984), on ordered escalation ladders",
       ParseTitForTat},
      {"grim_trigger",
       "Plays `cooperate` until the watched seat has ever played `threshold` or above, then "
       "`punish` forever.",
       "unbounded",
       false,
       "the watched seat's whole history",
       {{"watch", "the other seat of the same game", "seat id watched"},
        {"cooperate", "the seat's first action", "action while untriggered"},
        {"punish", "the seat's last action", "action once triggered"},
        {"threshold", "the watched seat's second action",
         "watched action at or above which the trigger fires"}},
       "Grim trigger, Grudger (Friedman 1971; Axelrod library)",
       ParseGrimTrigger},
      {"cross_retaliation",
       "Answers an escalation in another game: when the watched seat crosses up to `trigger` "
       "or above (from below it), with probability `probability` it plays `response` for "
       "`duration` quarters starting `lag` quarters after the escalation; otherwise "
       "`baseline`. One uniform draw per escalation event.",
       "lag + duration",
       true,
       "the watched seat's actions over the last lag + duration quarters",
       {{"watch", "(required)", "seat id watched, usually in another game"},
        {"trigger", "one rung above the watched seat's status quo",
         "watched action at or above which an escalation counts"},
        {"baseline", "the seat's status-quo action", "action when not retaliating"},
        {"response", "the seat's last action", "retaliation action"},
        {"lag", "1", "quarters from the escalation to the response (>= 1)"},
        {"duration", "4", "quarters the response lasts"},
        {"probability", "1", "chance an escalation is answered (may be a prior)"}},
       "linkage strategies; CALIBRATION 1K (technology controls answered by mineral controls)",
       ParseCrossRetaliation},
  };
  return policies;
}

std::vector<std::string> PolicyNames() {
  std::vector<std::string> names;
  for (const auto& p : Policies()) names.push_back(p.name);
  return names;
}

std::shared_ptr<const PolicyPlan> ReadPolicy(const ConfigNode& node, const Scenario& scenario,
                                             int seat) {
  if (node.IsString()) {
    node.Fail("a policy object like {\"name\": \"fixed\", \"action\": \"license\"}");
  }
  node.ExpectObject();
  const std::string name = node.At("name").Name("policy", PolicyNames());
  for (const auto& p : Policies()) {
    if (p.name == name) return p.parse(node, scenario, seat);
  }
  throw InternalError("policy registry lost " + name);
}

namespace policy_util {

int ReadAction(const ConfigNode& node, const Scenario& scenario, int seat) {
  const auto& actions = scenario.seats[seat].actions;
  const std::string name = node.Name("action of " + scenario.seats[seat].id, actions);
  for (size_t i = 0; i < actions.size(); ++i) {
    if (actions[i] == name) return static_cast<int>(i);
  }
  throw InternalError("action lookup");
}

int ReadSeat(const ConfigNode& node, const Scenario& scenario) {
  return scenario.SeatIndex(node.Name("seat", scenario.SeatIds()));
}

int OtherSeatOfGame(const Scenario& scenario, int seat) {
  const std::string& id = scenario.seats[seat].id;
  const std::string game = id.substr(0, id.find('.'));
  int other = -1, count = 0;
  for (size_t i = 0; i < scenario.seats.size(); ++i) {
    const std::string& sid = scenario.seats[i].id;
    if (static_cast<int>(i) != seat && sid.substr(0, sid.find('.')) == game) {
      other = static_cast<int>(i);
      ++count;
    }
  }
  return count == 1 ? other : -1;
}

int MapLevel(int level, int from_n, int to_n) {
  if (from_n <= 1) return 0;
  return static_cast<int>(std::lround(static_cast<double>(level) * (to_n - 1) / (from_n - 1)));
}

}  // namespace policy_util
}  // namespace geostrat
