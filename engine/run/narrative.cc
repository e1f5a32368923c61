#include "engine/run/narrative.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.h"
#include "engine/core/stats.h"
#include "engine/run/simulation.h"
#include "games/classifier.h"

namespace geostrat {
namespace {

int SeatIndex(const Scenario& s, const std::string& id) {
  for (size_t k = 0; k < s.seats.size(); ++k) {
    if (s.seats[k].id == id) return static_cast<int>(k);
  }
  return -1;
}

int ActionIndex(const Scenario& s, int seat, const std::string& name) {
  const auto& actions = s.seats[seat].actions;
  const auto it = std::find(actions.begin(), actions.end(), name);
  return it == actions.end() ? -1 : static_cast<int>(it - actions.begin());
}

// The action `seat` played `ago` quarters before `world`'s next quarter; its
// status quo before the first quarter.
int Played(const Scenario& s, const World& world, int seat, int ago) {
  const int t = world.quarter - ago;
  return t < 0 ? s.seat_initial[seat] : world.ActionAt(t, seat);
}

std::string Quoted(const std::string& action) { return "'" + action + "'"; }

std::string Who(const Scenario& s, int seat) {
  return s.agents[s.seats[seat].agent].id + " (" + s.seats[seat].id + ")";
}

std::string ActionName(const Scenario& s, int seat, int action) {
  return action >= 0 && action < static_cast<int>(s.seats[seat].actions.size())
             ? s.seats[seat].actions[action]
             : "?";
}

double Number(const Json& numbers, const char* name, double fallback) {
  return numbers.contains(name) && numbers[name].is_number() ? numbers[name].get<double>()
                                                             : fallback;
}

// The seat a policy watches: its "watch" member, else the seat's opponent in
// its own game (the policies' default), else none.
int Watched(const Scenario& s, int seat, const Json& policy) {
  if (policy.contains("watch") && policy["watch"].is_string()) {
    return SeatIndex(s, policy["watch"].get<std::string>());
  }
  return ContextOf(s).default_opponent[seat];
}

// Whether `seat` sees `watch`'s move of the current quarter: `watch` leads,
// `seat` follows (docs/model.md §3), and the quarter's moves are known.
bool SeesThisQuarter(const Scenario& s, int seat, int watch, const std::vector<int>& now) {
  return !now.empty() && watch >= 0 && s.seat_leads[watch] && !s.seat_leads[seat];
}

// Quarters in which `watch` crossed up to `trigger` or above from below; the
// current quarter too when `now` holds its moves.
std::vector<int> Escalations(const Scenario& s, const World& w, int watch, int trigger,
                             const std::vector<int>& now) {
  std::vector<int> quarters;
  auto at = [&](int t) {
    if (t < 0) return s.seat_initial[watch];
    return t < w.quarter ? w.ActionAt(t, watch) : now[watch];
  };
  const int last = now.empty() ? w.quarter - 1 : w.quarter;
  for (int t = 0; t <= last; ++t) {
    if (at(t) >= trigger && at(t - 1) < trigger) quarters.push_back(t);
  }
  return quarters;
}

std::string FirstSentence(const std::string& doc) {
  const size_t end = doc.find(". ");
  return end == std::string::npos ? doc : doc.substr(0, end + 1);
}

// The registry's description of a policy, up to its first full stop.
std::string PolicyDoc(const std::string& name) {
  for (const auto& info : Policies()) {
    if (info.name == name) return FirstSentence(info.doc);
  }
  return "";
}

std::string ExplainCrossRetaliation(const Experiment& e, const World& w, int seat, int action,
                                    const Json& policy, const Json& numbers,
                                    const std::vector<int>& now) {
  const Scenario& s = e.scenario;
  const int watch = Watched(s, seat, policy);
  if (watch < 0) return "plays " + Quoted(ActionName(s, seat, action)) + ".";
  const std::string trigger_name = policy.value("trigger", std::string());
  const int trigger = ActionIndex(s, watch, trigger_name);
  const int lag = static_cast<int>(Number(numbers, "lag", 1));
  const int duration = static_cast<int>(Number(numbers, "duration", 4));
  const double probability = Number(numbers, "probability", 1);
  const int q = w.quarter;
  const std::string who = Who(s, watch);
  const std::string act = Quoted(ActionName(s, seat, action));
  const std::vector<int> seen = SeesThisQuarter(s, seat, watch, now) ? now : std::vector<int>{};
  const std::vector<int> esc =
      trigger < 0 ? std::vector<int>{} : Escalations(s, w, watch, trigger, seen);
  auto moved_to = [&](int t) {
    return Quoted(ActionName(s, watch, t < w.quarter ? w.ActionAt(t, watch) : now[watch]));
  };
  const bool is_response = policy.value("response", std::string()) == ActionName(s, seat, action) &&
                           policy.value("baseline", std::string()) != ActionName(s, seat, action);
  std::vector<int> in_window;  // escalations whose response window covers this quarter
  for (int t : esc) {
    if (q >= t + lag && q < t + lag + duration) in_window.push_back(t);
  }
  if (is_response && !in_window.empty()) {
    const int t = in_window.back();
    return "retaliates with " + act + " (quarter " + std::to_string(q - t - lag + 1) + " of " +
           std::to_string(duration) + "), answering " + who + "'s move up to " + moved_to(t) +
           " in " + s.QuarterLabel(t) + ".";
  }
  if (!in_window.empty()) {
    char p[16];
    std::snprintf(p, sizeof p, "%.2f", probability);
    return "stays at " + act + ": it let " + who + "'s move up to " + moved_to(in_window.back()) +
           " in " +
           s.QuarterLabel(in_window.back()) + " pass unanswered (it answers an escalation with " +
           "probability " + p + ").";
  }
  for (int t : esc) {
    if (q < t + lag) {
      return "holds " + act + " for now: " + who + " moved up to " + moved_to(t) + " in " +
             s.QuarterLabel(t) +
             " and any answer comes " + std::to_string(lag) + " quarter(s) later.";
    }
  }
  if (!esc.empty()) {
    return "is back at " + act + ": its answer to " + who + "'s escalation in " +
           s.QuarterLabel(esc.back()) + " has run its " + std::to_string(duration) + " quarters.";
  }
  return "holds " + act + ": " + who + " has not moved up to " + Quoted(trigger_name) +
         " or above.";
}

std::string ExplainTitForTat(const Experiment& e, const World& w, int seat, int action,
                             const Json& policy, const std::vector<int>& now) {
  const Scenario& s = e.scenario;
  const std::string act = Quoted(ActionName(s, seat, action));
  const int watch = Watched(s, seat, policy);
  const bool same = SeesThisQuarter(s, seat, watch, now);
  if (w.quarter == 0 && !same) return "opens at its start action " + act + ".";
  if (watch < 0) return "plays " + act + ".";
  const int last = same ? now[watch] : Played(s, w, watch, 1);
  const int mapped = policy_util::MapLevel(last, static_cast<int>(s.seats[watch].actions.size()),
                                           static_cast<int>(s.seats[seat].actions.size()));
  std::string why = "mirrors " + Who(s, watch) + (same ? "'s move this quarter " : "'s last move ") +
                    Quoted(ActionName(s, watch, last)) + " with " + act;
  if (mapped < action) why += ", its floor: it never goes lower";
  return why + ".";
}

std::string ExplainGrimTrigger(const Experiment& e, const World& w, int seat, int action,
                               const Json& policy, const std::vector<int>& now) {
  const Scenario& s = e.scenario;
  const int watch = Watched(s, seat, policy);
  const std::string act = Quoted(ActionName(s, seat, action));
  const std::string threshold = policy.value("threshold", std::string());
  const int th = watch < 0 ? -1 : ActionIndex(s, watch, threshold);
  const bool same = SeesThisQuarter(s, seat, watch, now);
  for (int t = 0; th >= 0 && t < w.quarter + (same ? 1 : 0); ++t) {
    const int a = t < w.quarter ? w.ActionAt(t, watch) : now[watch];
    if (a >= th) {
      return "punishes with " + act + " for good: " + Who(s, watch) + " played " +
             Quoted(ActionName(s, watch, a)) + " in " + s.QuarterLabel(t) + ".";
    }
  }
  return "cooperates with " + act + ": " +
         (watch < 0 ? std::string("the watched seat") : Who(s, watch)) + " has never played " +
         Quoted(threshold) + " or above.";
}

std::string ExplainGeneric(const Experiment& e, const World& w, int seat, int action,
                           const Json& policy) {
  const Scenario& s = e.scenario;
  const std::string name = policy.value("name", std::string("?"));
  std::string why = "plays " + Quoted(ActionName(s, seat, action)) + " by its " + name + " rule";
  const int watch = Watched(s, seat, policy);
  if (watch >= 0 && w.quarter > 0) {
    why += "; " + Who(s, watch) + " last played " +
           Quoted(ActionName(s, watch, Played(s, w, watch, 1)));
  }
  return why + ".";
}

// The single place that turns a policy kind into a reason. Policies it does
// not know in detail get their name and what they watched (the report lists
// every seat's policy with its registry description).
std::string Explain(const Experiment& e, const World& w, int seat, int action, const Json& policy,
                    const Json& numbers, const std::vector<int>& now) {
  const std::string name = policy.value("name", std::string());
  const Scenario& s = e.scenario;
  if (name == "fixed") return "plays its fixed action " + Quoted(ActionName(s, seat, action)) + ".";
  if (name == "scripted") {
    const size_t script = policy.contains("actions") ? policy["actions"].size() : 0;
    if (static_cast<size_t>(w.quarter) < script) {
      return "follows its script: " + Quoted(ActionName(s, seat, action)) + " in " +
             s.QuarterLabel(w.quarter) + ".";
    }
    return "has finished its script and " +
           Explain(e, w, seat, action, policy.value("fallback", Json::object()), numbers, now);
  }
  if (name == "cross_retaliation")
    return ExplainCrossRetaliation(e, w, seat, action, policy, numbers, now);
  if (name == "tit_for_tat") return ExplainTitForTat(e, w, seat, action, policy, now);
  if (name == "grim_trigger") return ExplainGrimTrigger(e, w, seat, action, policy, now);
  return ExplainGeneric(e, w, seat, action, policy);
}

Json IndicatorJson(const Indicators& ind) {
  Json j = Json::object();
  for (const auto& si : SeriesIndicators()) j[si.name] = ind.*(si.field);
  return j;
}

}  // namespace

std::string ExplainMove(const Experiment& experiment, const World& before, int seat, int action,
                        const Json& policy, const Json& numbers, const std::vector<int>& now) {
  return Explain(experiment, before, seat, action, policy, numbers, now);
}

Representative ChooseRepresentative(const RunOutput& run) {
  Representative rep;
  if (run.replicates.empty()) return rep;
  std::vector<uint64_t> counts(kNumClasses, 0);
  for (const auto& r : run.replicates) ++counts[r.outcome];
  const int modal =
      static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  rep.outcome = static_cast<OutcomeClass>(modal);
  rep.class_count = counts[modal];
  std::vector<uint32_t> members;
  for (size_t i = 0; i < run.replicates.size(); ++i) {
    if (run.replicates[i].outcome == modal) members.push_back(static_cast<uint32_t>(i));
  }
  const auto& inds = SeriesIndicators();
  std::vector<double> median(inds.size()), scale(inds.size());
  for (size_t k = 0; k < inds.size(); ++k) {
    std::vector<double> v;
    v.reserve(members.size());
    for (uint32_t i : members) v.push_back(run.replicates[i].end.*(inds[k].field));
    const Moments m = MeanSd(v);
    std::sort(v.begin(), v.end());
    median[k] = QuantileSorted(v, 0.5);
    scale[k] = m.sd > 0 ? m.sd : 1.0;
  }
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t i : members) {
    double d = 0;
    for (size_t k = 0; k < inds.size(); ++k) {
      const double z = (run.replicates[i].end.*(inds[k].field) - median[k]) / scale[k];
      d += z * z;
    }
    if (d < best) {
      best = d;
      rep.replicate = i;
    }
  }
  return rep;
}

Json RepresentativeJson(const Experiment& e, const RunOutput& run) {
  const Scenario& s = e.scenario;
  const Representative rep = ChooseRepresentative(run);
  const size_t seats = s.seats.size();

  Json seat_list = Json::array();
  std::vector<Json> policies(seats), numbers(seats);
  for (size_t k = 0; k < seats; ++k) {
    const PolicyPlan& plan = *e.policies[k];
    policies[k] = plan.ToJson();
    const ParamSet& n = plan.numbers();
    const auto drawn =
        n.Draw(e.seed, rep.replicate, kPolicySubstream + 100 * static_cast<uint32_t>(k));
    numbers[k] = Json::object();
    for (size_t i = 0; i < n.size(); ++i) numbers[k][n.specs()[i].name] = drawn[i];
    seat_list.push_back({{"seat", s.seats[k].id},
                         {"agent", s.agents[s.seats[k].agent].id},
                         {"policy", policies[k]},
                         {"policy_doc", PolicyDoc(policies[k].value("name", std::string()))},
                         {"drawn", numbers[k]}});
  }

  // Re-simulate: the decision hook sees the pre-quarter World and the chosen
  // actions; the observer the World after the quarter (the played actions,
  // possibly softened by lobbying, and the indicators).
  Json quarters = Json::array();
  Json start;
  // What each seat's policy chose last quarter (its status quo before the
  // first): a move is a change of choice; lobbying's softening is told apart.
  std::vector<int> last_chosen(s.seat_initial.begin(), s.seat_initial.end());
  Json pending;
  // The first observation is the start: quarter 0, or the snapshot's quarter
  // for a branch, whose status quo is what each seat played just before it.
  bool at_start = true;
  const Simulation sim(e);
  const World end = sim.Run(
      rep.replicate,
      [&](const World& w) {
        if (at_start) {
          at_start = false;
          start = IndicatorJson(w.now);
          if (w.quarter > 0) {
            for (size_t k = 0; k < seats; ++k) {
              last_chosen[k] = w.ActionAt(w.quarter - 1, static_cast<int>(k));
            }
          }
          return;
        }
        Json& moves = pending["moves"];
        for (size_t k = 0; k < seats; ++k) {
          const int played = w.ActionAt(w.quarter - 1, static_cast<int>(k));
          if (played != moves[k]["chosen"].get<int>()) {
            moves[k]["played"] = s.seats[k].actions[played];
          }
          moves[k].erase("chosen");
        }
        pending["indicators"] = IndicatorJson(w.now);
        const int cls = w.class_history.empty() ? -1 : w.class_history.back();
        pending["conditions_hold"] =
            cls >= 0 && cls < kNumClasses - 1 ? Json(OutcomeClassNames()[cls]) : Json();
        quarters.push_back(std::move(pending));
        pending = Json();
      },
      [&](const World& before, const std::vector<int>& actions) {
        Json moves = Json::array();
        for (size_t k = 0; k < seats; ++k) {
          const int seat = static_cast<int>(k);
          const int previous = last_chosen[k];
          last_chosen[k] = actions[k];
          moves.push_back(
              {{"seat", s.seats[k].id},
               {"action", s.seats[k].actions[actions[k]]},
               {"previous", s.seats[k].actions[previous]},
               {"changed", actions[k] != previous},
               {"chosen", actions[k]},
               {"reason", Explain(e, before, seat, actions[k], policies[k], numbers[k], actions)}});
        }
        pending = {{"quarter", s.QuarterLabel(before.quarter)},
                   {"step", before.quarter + 1},
                   {"moves", moves}};
      });
  const ReplicateOutcome again = sim.Summarise(end, rep.replicate);
  if (again.outcome != run.replicates[rep.replicate].outcome) {
    throw InternalError("representative replicate " + std::to_string(rep.replicate) +
                        " ended differently when re-simulated");
  }
  return {{"experiment", e.name},
          {"replicate", rep.replicate},
          {"outcome", OutcomeClassNames()[rep.outcome]},
          {"chosen_because",
           "of the " + std::to_string(rep.class_count) + " replicates ending in " +
               OutcomeClassNames()[rep.outcome] +
               " (the most frequent class), the one whose end indicators are closest to the "
               "class's medians (distance in within-class standard deviations)"},
          {"seats", seat_list},
          {"start", start},
          {"quarters", quarters},
          {"end_indicators", IndicatorJson(again.end)}};
}

}  // namespace geostrat
