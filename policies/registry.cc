// The registry of policies: one entry per policy with its metadata. Adding a
// policy = one .cc with its parser, one entry here, one test file.
#include "engine/core/error.h"
#include "policies/policy.h"

#include <cmath>
#include <limits>

namespace geostrat {

const std::vector<PolicyInfo>& Policies() {
  static const std::vector<PolicyInfo> all = [] {
    std::vector<PolicyInfo> list = CorePolicies();
    for (const auto* family : {&ClassicPolicies(), &LearningPolicies()}) {
      list.insert(list.end(), family->begin(), family->end());
    }
    return list;
  }();
  return all;
}

const std::vector<PolicyInfo>& CorePolicies() {
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
       "Starts at `start`, then copies the watched seat's latest action (its move of the "
       "quarter when it leads and this seat follows, else its last), mapped onto its own "
       "ladder (level x (own rungs - 1) / (their rungs - 1), rounded), never below `floor`.",
       "1",
       false,
       "the watched seat's last action",
       {{"watch", "the seat's opponent (required where it has none)",
         "seat id whose actions are copied"},
        {"floor", "the seat's first action", "least escalatory action it will play"},
        {"start", "the seat's initial action (status quo), at least the floor",
         "action in the first quarter"},
        {"ratchet", "false", "never below its own last action (a programme not unwound)"}},
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
       {{"watch", "the seat's opponent (required where it has none)",
         "seat id watched, usually in another game"},
        {"trigger", "one rung above the watched seat's status quo",
         "watched action at or above which an escalation counts"},
        {"baseline", "the seat's status-quo action", "action when not retaliating"},
        {"response", "the seat's last action", "retaliation action"},
        {"lag", "1",
         "quarters from the escalation to the response (>= 0; 0 answers in the same quarter "
         "when the watched seat leads and this one follows)"},
        {"duration", "4", "quarters the response lasts"},
        {"probability", "1", "chance an escalation is answered (may be a prior)"}},
       "linkage strategies; CALIBRATION 1K (technology controls answered by mineral controls)",
       ParseCrossRetaliation},
      {"response_rule",
       "A state-contingent answer to escalations by the watched seats: each quarter in which k "
       "of them escalate, it answers with probability 1 - (1 - hazard)^k exp(-grievance n), n "
       "the escalations left unanswered since its last answer or concession, by raising the "
       "seat one rung (to at most `ceiling`) `lag` quarters later, for `duration` quarters (0: "
       "until suspended). A quarter of concessions clears the grievance and with probability "
       "`relent` lowers the seat `relent_rungs` rungs (to no less than `floor`). Its numbers "
       "are fitted by `geostrat calibrate`.",
       "unbounded",
       true,
       "the watched seats' escalations and concessions since the first quarter; its own last "
       "action",
       {{"watch", "the seat's opponent (required where it has none)",
         "seat id, or a list of seat ids, whose escalations are answered"},
        {"floor", "the seat's first action", "lowest rung a concession lowers it to"},
        {"ceiling", "the seat's last action", "highest rung an answer raises it to"},
        {"hazard", "0.2", "chance one escalation is answered (may be a prior)"},
        {"grievance", "0", "rise of the hazard per unanswered escalation (may be a prior)"},
        {"lag", "0", "quarters from the escalation to the answer (>= 0)"},
        {"duration", "0", "quarters an answer lasts (0: until suspended)"},
        {"relent", "0.5", "chance a concession steps the seat down (may be a prior)"},
        {"relent_rungs", "1", "rungs a concession steps the seat down"}},
       "Schelling's coercion and Axelrod's reciprocity with hazards, as in event-history models "
       "of sanctions; CALIBRATION 1K; TIMELINE rows 1-32",
       ParseResponseRule},
      {"deal_maker",
       "A negotiator, made for the negotiation seats (on other seats the last action is 'no "
       "offer' and lower ones are offers). Each quarter, one uniform: while a deal holds it "
       "makes no offer; when a deal's term has just ended it offers `term` again with "
       "probability `renew`; when the counterpart has an offer on the table (made this quarter "
       "if it leads, else last quarter) it accepts, with the shorter term, with probability "
       "`accept`; in a lull after a peak (the watched seats "
       "escalated `peak` times or more in the last `memory` quarters, none this quarter) it "
       "offers `term` with probability `hazard`.",
       "unbounded",
       true,
       "the watched seats' escalations over the last `memory` quarters; the counterpart's "
       "latest offer; whether a deal holds or has just ended",
       {{"watch", "(required)", "list of seat ids whose escalations make a peak (both sides')"},
        {"counterpart", "the seat's opponent (required where it has none)",
         "seat id whose offers it accepts"},
        {"term", "the seat's action before last (ninety_days)", "the offer it makes"},
        {"hazard", "0.3", "chance of an offer in a lull after a peak (may be a prior)"},
        {"accept", "0.5", "chance of accepting the counterpart's offer (may be a prior)"},
        {"renew", "0.5", "chance of renewing a deal whose term has ended (may be a prior)"},
        {"peak", "3", "escalations within `memory` quarters that make a peak"},
        {"memory", "4", "quarters over which escalations are counted"}},
       "Zartman's ripe moment (a mutually hurting stalemate) and time-limited truces; TIMELINE "
       "rows 7 and 12",
       ParseDealMaker},
  };
  return policies;
}

double PayoffOracle::Lookahead(int, int, int, int, bool) const {
  return std::numeric_limits<double>::quiet_NaN();
}

int GameContext::SeatIndex(const std::string& id) const {
  for (size_t i = 0; i < seat_ids.size(); ++i) {
    if (seat_ids[i] == id) return static_cast<int>(i);
  }
  return -1;
}

GameContext ContextOf(const Scenario& scenario) {
  GameContext c;
  for (size_t seat = 0; seat < scenario.seats.size(); ++seat) {
    const Seat& s = scenario.seats[seat];
    c.seat_ids.push_back(s.id);
    c.actions.push_back(s.actions);
    c.initial.push_back(scenario.status_quo[s.slot]);
    // The only other seat of the same game answers by default.
    const std::string game = s.id.substr(0, s.id.find('.'));
    int other = -1, count = 0;
    for (size_t i = 0; i < scenario.seats.size(); ++i) {
      const std::string& id = scenario.seats[i].id;
      if (i != seat && id.substr(0, id.find('.')) == game) {
        other = static_cast<int>(i);
        ++count;
      }
    }
    c.default_opponent.push_back(count == 1 ? other : -1);
  }
  return c;
}

Observation ObserveWorld(const Scenario& scenario, const World& world, int seat,
                         const PayoffOracle* oracle) {
  Observation obs;
  obs.seat = seat;
  obs.turn = world.quarter;
  obs.num_seats = world.num_seats;
  obs.actions = world.actions.data();
  obs.payoffs = world.seat_payoffs.data();
  obs.num_actions = scenario.seat_num_actions.data();
  obs.initial = scenario.seat_initial.data();
  obs.oracle = oracle;
  obs.world = &world;
  return obs;
}

std::vector<std::string> PolicyNames() {
  std::vector<std::string> names;
  for (const auto& p : Policies()) names.push_back(p.name);
  return names;
}

std::shared_ptr<const PolicyPlan> ReadPolicy(const ConfigNode& node, const GameContext& context,
                                             int seat) {
  if (node.IsString()) {
    node.Fail("a policy object like {\"name\": \"fixed\", \"action\": \"license\"}");
  }
  node.ExpectObject();
  const std::string name = node.At("name").Name("policy", PolicyNames());
  for (const auto& p : Policies()) {
    if (p.name == name) return p.parse(node, context, seat);
  }
  throw InternalError("policy registry lost " + name);
}

namespace policy_util {

int ReadAction(const ConfigNode& node, const GameContext& context, int seat) {
  const auto& actions = context.actions[seat];
  const std::string name = node.Name("action of " + context.seat_ids[seat], actions);
  for (size_t i = 0; i < actions.size(); ++i) {
    if (actions[i] == name) return static_cast<int>(i);
  }
  throw InternalError("action lookup");
}

int ReadSeat(const ConfigNode& node, const GameContext& context) {
  return context.SeatIndex(node.Name("seat", context.seat_ids));
}

int ReadWatch(const ConfigNode& node, const GameContext& context, int seat) {
  if (auto w = node.Find("watch")) {
    const int watch = ReadSeat(*w, context);
    if (watch == seat) w->Fail("a seat other than the policy's own");
    return watch;
  }
  const int other = context.default_opponent[seat];
  if (other < 0) {
    throw ConfigError(node.file(), node.pointer(),
                      "a member \"watch\" (seat " + context.seat_ids[seat] +
                          " has no single opponent in its game)",
                      "none");
  }
  return other;
}

int MapLevel(int level, int from_n, int to_n) {
  if (from_n <= 1) return 0;
  return static_cast<int>(std::lround(static_cast<double>(level) * (to_n - 1) / (from_n - 1)));
}

ParamSet ReadNumbers(const ConfigNode& node, const std::vector<ParamSpec>& specs) {
  // The parameter reader rejects unknown keys, so it reads a copy of the node
  // holding only the numeric keys; errors keep the policy node's file.
  Json numeric = Json::object();
  for (const ParamSpec& s : specs) {
    if (node.Has(s.name)) numeric[s.name] = node.json()[s.name];
  }
  ConfigNode numeric_node(numeric, node.pointer(), nullptr);
  try {
    return ParamSet::Read(specs, &numeric_node);
  } catch (const ConfigError& e) {
    RethrowEach(e, [&](const ConfigError& one) {
      return ConfigError(node.file(), one.pointer(), one.expected(), one.found(), one.hint());
    });
  }
}

namespace {

class FactoryPlan : public PolicyPlan {
 public:
  FactoryPlan(Json json, ParamSet numbers, int memory, bool stochastic, PolicyFactory make,
              bool uses_oracle)
      : json_(std::move(json)), memory_(memory), stochastic_(stochastic),
        uses_oracle_(uses_oracle), make_(std::move(make)) {
    numbers_ = std::move(numbers);
    const Json n = numbers_.ToJson();
    for (auto it = n.begin(); it != n.end(); ++it) json_[it.key()] = *it;
  }
  Json ToJson() const override { return json_; }
  std::unique_ptr<Policy> Make(const std::vector<double>& v) const override { return make_(v); }
  int MemoryDepth() const override { return memory_; }
  bool Stochastic() const override { return stochastic_; }
  bool UsesOracle() const override { return uses_oracle_; }

 private:
  Json json_;
  int memory_;
  bool stochastic_, uses_oracle_;
  PolicyFactory make_;
};

}  // namespace

std::shared_ptr<const PolicyPlan> MakeFactoryPlan(Json json, ParamSet numbers, int memory,
                                                  bool stochastic, PolicyFactory make,
                                                  bool uses_oracle) {
  return std::make_shared<FactoryPlan>(std::move(json), std::move(numbers), memory, stochastic,
                                       std::move(make), uses_oracle);
}

}  // namespace policy_util
}  // namespace geostrat
