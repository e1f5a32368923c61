#include "engine/seminar/play_narrative.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "games/classifier.h"
#include "games/stage_game.h"

namespace geostrat {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// "the US", "China", "US chip designers"... from an agent's kind and bloc.
std::string AgentName(const AgentSpec& a) {
  switch (a.kind) {
    case AgentKind::kCountry:
      switch (a.bloc) {
        case Bloc::kUs: return "the US";
        case Bloc::kAllied: return "the allies";
        case Bloc::kChina: return "China";
        case Bloc::kGlobalSouth: return "the Global South";
      }
      break;
    case AgentKind::kChipmaker:
      return a.bloc == Bloc::kChina ? "Chinese chipmakers" : "US chip designers";
    case AgentKind::kHyperscaler:
      switch (a.bloc) {
        case Bloc::kUs: return "US clouds";
        case Bloc::kAllied: return "allied clouds";
        case Bloc::kChina: return "Chinese clouds";
        case Bloc::kGlobalSouth: return "Global South clouds";
      }
      break;
  }
  return a.id;
}

std::string SeatAgentName(const Scenario& s, int seat) {
  return AgentName(s.agents[s.seats[seat].agent]);
}

// What a seat did when it moved to `action` from `before`, as a verb phrase.
std::string MovePhrase(const Scenario& s, int seat, int action, int before) {
  const Seat& st = s.seats[seat];
  const std::string name = "'" + st.actions[action] + "'";
  const bool up = action > before;
  switch (st.slot) {
    case kRestrictor: {
      const char* p[] = {"lifted its AI-chip export controls",
                         "licensed AI-chip exports to China case by case (H200-class)",
                         "tightened the red line to H20-class chips",
                         "banned AI-chip exports to China"};
      return p[action];
    }
    case kFeeSeller:
      if (action == action::kFeeNone) return "dropped the licence fee";
      return std::string(up ? "raised" : "cut") + " the licence fee to " + name;
    case kFeeBuyer: {
      const char* p[] = {"let its buyers purchase US chips freely",
                         "guided its buyers away from US chips",
                         "prohibited purchases of US chips"};
      return p[action];
    }
    case kMineralController: {
      const char* p[] = {"reopened critical-mineral exports",
                         "put gallium, germanium and rare-earth exports under licence",
                         "banned gallium, germanium and antimony exports to the US"};
      return p[action];
    }
    case kMineralTarget: {
      const char* p[] = {"stopped buying mineral insurance (absorbing shocks)",
                         "started a critical-mineral stockpile",
                         "backed non-China mineral supply with offtake and a price floor"};
      return p[action];
    }
    case kRdFunder:
      return std::string(up ? "raised" : "cut") + " the state chip R&D budget to " + name;
    case kCapacityBuilder:
      return action == action::kCapacityHigh ? "invested heavily in advanced-node capacity"
                                             : "slowed its advanced-node investment";
    case kAligner:
      return action == action::kAlign ? "aligned its equipment controls with the US"
                                      : "hedged on equipment controls";
    case kLobbyist: {
      const char* p[] = {"stopped lobbying", "lobbied quietly", "lobbied loudly (and made news)"};
      return p[action];
    }
    case kSkuDesigner:
      return action == action::kHug ? "designed its China chip to hug the red line"
                                    : "kept its China chip a margin below the red line";
    case kCnBuyer: {
      const char* p[] = {"bought imported chips first", "dual-sourced imported and domestic chips",
                         "put domestic chips first"};
      return p[action];
    }
    case kGsBuyer: {
      const char* p[] = {"leaned to the US stack", "hedged between the two stacks",
                         "leaned to the Chinese stack"};
      return p[action];
    }
    case kUsTariff:
    case kCnTariff: {
      const std::string goods = st.slot == kUsTariff ? "Chinese" : "US";
      if (action == 0) return "removed its additional tariffs on " + goods + " goods";
      // Action names are "t10", "t25", ...: the additional tariff in percent.
      return std::string(up ? "raised" : "cut") + " its additional tariff on " + goods +
             " goods to " + st.actions[action].substr(1) + "%";
    }
    case kRegulator:
      return action == action::kProbe ? "opened a regulatory probe of US chip firms"
                                      : "closed its regulatory probe of US chip firms";
    case kListing:
      return action == action::kList ? "put US firms on its Unreliable Entity List"
                                     : "took US firms off its Unreliable Entity List";
    case kPurchases: {
      const char* p[] = {"pledged purchases of US goods", "bought US goods as usual",
                         "halted state purchases of US goods"};
      return p[action];
    }
    case kUsNegotiator:
    case kCnNegotiator: {
      const char* p[] = {"offered a one-year deal", "offered a 90-day truce", "made no offer"};
      return p[action];
    }
    case kNumSlots: break;
  }
  return "moved to " + name;
}

// The drawn value of a policy's numeric parameter in this replicate.
double PolicyNumber(const Experiment& e, uint32_t replicate, int seat, const PolicyPlan& plan,
                    const std::string& name) {
  const ParamSet& n = plan.numbers();
  const auto values = n.Draw(e.seed, replicate, kPolicySubstream + 100 * static_cast<uint32_t>(seat));
  return values[n.IndexOf(name)];
}

// Why `seat`'s policy played `action` at quarter q, from its configuration
// and the history.
std::string PolicyReason(const PlaySession& session, int seat, const Json& spec, int q,
                         int action) {
  const Experiment& e = session.experiment();
  const Scenario& s = e.scenario;
  const World& w = session.world();
  const std::string name = spec.value("name", "");
  const int watch = spec.contains("watch") ? s.SeatIndex(spec["watch"].get<std::string>()) : -1;
  auto move_of = [&](int t) {
    const int a = PlayedAt(s, w, t, watch);
    return SeatAgentName(s, watch) + "'s move to '" + s.seats[watch].actions[a] + "' in " +
           s.QuarterLabel(t);
  };
  if (name == "scripted") {
    if (q < static_cast<int>(spec["actions"].size())) return "as scripted for " + s.QuarterLabel(q);
    return PolicyReason(session, seat, spec["fallback"], q, action);
  }
  if (name == "cross_retaliation" && watch >= 0) {
    const PolicyPlan& plan = *e.policies[seat];
    const int lag = static_cast<int>(PolicyNumber(e, session.replicate(), seat, plan, "lag"));
    const int duration =
        static_cast<int>(PolicyNumber(e, session.replicate(), seat, plan, "duration"));
    const int trigger = static_cast<int>(
        std::find(s.seats[watch].actions.begin(), s.seats[watch].actions.end(),
                  spec["trigger"].get<std::string>()) -
        s.seats[watch].actions.begin());
    const std::string tag = " (cross_retaliation, lag " + std::to_string(lag) + ")";
    // The escalations of the watched seat: quarters it crossed up to the trigger.
    auto escalated = [&](int t) {
      return t >= 0 && PlayedAt(s, w, t, watch) >= trigger && PlayedAt(s, w, t - 1, watch) < trigger;
    };
    if (s.seats[seat].actions[action] == spec["response"].get<std::string>()) {
      for (int t = q - lag; t >= 0 && t > q - lag - duration; --t) {
        if (escalated(t)) return "answering " + move_of(t) + tag;
      }
      return "answering an escalation" + tag;
    }
    for (int t = q - lag; t >= 0 && t > q - lag - duration; --t) {
      if (escalated(t)) {
        return "letting " + move_of(t) + " pass (cross_retaliation answers with probability " +
               Fixed(PolicyNumber(e, session.replicate(), seat, plan, "probability"), 2) + ")";
      }
    }
    if (escalated(q - lag - duration)) {
      return "its answer to " + move_of(q - lag - duration) + " ran its course after " +
             std::to_string(duration) + " quarters (cross_retaliation)";
    }
    return "back to its baseline '" + spec["baseline"].get<std::string>() + "' (cross_retaliation)";
  }
  // A follower sees a leader's move of the same quarter (docs/model.md §3).
  const bool same_quarter = watch >= 0 && s.seat_leads[watch] && !s.seat_leads[seat];
  if (name == "tit_for_tat" && watch >= 0) {
    if (q == 0 && !same_quarter) return "its opening move (tit_for_tat)";
    return "matching " + move_of(same_quarter ? q : q - 1) + " (tit_for_tat, floor '" +
           spec.value("floor", std::string()) + "')";
  }
  if (name == "grim_trigger" && watch >= 0) {
    const auto& ladder = s.seats[watch].actions;
    const int threshold = static_cast<int>(
        std::find(ladder.begin(), ladder.end(), spec.value("threshold", std::string())) -
        ladder.begin());
    for (int t = 0; t < q + (same_quarter ? 1 : 0); ++t) {
      if (PlayedAt(s, w, t, watch) >= threshold) {
        return "punishing " + move_of(t) + " for ever (grim_trigger)";
      }
    }
    return "its grim_trigger policy";
  }
  if (watch >= 0) return "its " + name + " policy, watching " + s.seats[watch].id;
  return "its " + name + " policy";
}

}  // namespace

// The action `seat` played at quarter q (its status quo before quarter 0).
int PlayedAt(const Scenario& s, const World& w, int q, int seat) {
  return q < 0 ? s.seat_initial[seat] : w.ActionAt(q, seat);
}

// One sentence per seat whose played action changed in the last quarter,
// then the chance events and lobbying.
std::vector<std::string> WhatHappened(const PlaySession& session) {
  const Experiment& e = session.experiment();
  const Scenario& s = e.scenario;
  const World& w = session.world();
  std::vector<std::string> lines;
  if (w.quarter == 0) {
    lines.push_back("The game starts in " + s.QuarterLabel(0) +
                    " from the calibrated world, with the status quo in force.");
    return lines;
  }
  const int q = w.quarter - 1;
  const int restrictor = s.slot_seat[kRestrictor];
  for (size_t k = 0; k < s.seats.size(); ++k) {
    const int seat = static_cast<int>(k);
    const int now = PlayedAt(s, w, q, seat);
    const int before = PlayedAt(s, w, q - 1, seat);
    if (now == before) continue;
    const bool mine = std::find(session.seats().begin(), session.seats().end(), seat) !=
                      session.seats().end();
    std::string why;
    if (seat == restrictor && w.flows.softened) {
      why = "lobbying softened the planned '" + s.seats[seat].actions[session.last_chosen()[seat]] +
            "' one notch";
    } else if (mine && session.last_chosen()[seat] != session.last_marked()[seat]) {
      why = "your move";
    } else {
      why = PolicyReason(session, seat, e.policies[seat]->ToJson(), q, now);
      if (mine) {
        // "its fixed policy" -> "your configured fixed policy".
        const std::string its = "its ";
        const bool policy_name = why.compare(0, its.size(), its) == 0 &&
                                 why.size() > 7 && why.compare(why.size() - 7, 7, " policy") == 0;
        why = policy_name ? "your configured " + why.substr(its.size())
                          : "your configured policy, " + why;
      }
    }
    lines.push_back(Capitalised(SeatAgentName(s, seat)) + " " + MovePhrase(s, seat, now, before) +
                    ": " + why + ".");
  }
  if (restrictor >= 0 && w.flows.softened &&
      PlayedAt(s, w, q, restrictor) == PlayedAt(s, w, q - 1, restrictor)) {
    lines.push_back("Lobbying softened the US export move '" +
                    s.seats[restrictor].actions[session.last_chosen()[restrictor]] + "' back to '" +
                    s.seats[restrictor].actions[PlayedAt(s, w, q, restrictor)] +
                    "' (it works only out of the news).");
  }
  if (w.flows.breakthroughs > 0) {
    lines.push_back("Chinese chipmakers made " +
                    std::string(w.flows.breakthroughs == 1 ? "a technology breakthrough"
                                                           : "technology breakthroughs") +
                    " (chance event).");
  }
  if (w.flows.milestones > 0) {
    lines.push_back("China reached a leading-edge node milestone (chance event, faster with R&D).");
  }
  if (w.flows.writeoff > 0) {
    lines.push_back("US chip designers wrote off $" + Fixed(w.flows.writeoff, 2) +
                    "B of China inventory as the red line moved down.");
  }
  if (lines.empty()) lines.push_back("No one changed course.");
  return lines;
}

// ---------------------------------------------------------------- transcript

namespace {

namespace fs = std::filesystem;

struct TranscriptColumn {
  const char* name;   // the CSV column (the report's indicator names)
  const char* label;  // the dashboard's words
  double Indicators::*field;
  int digits;  // in the Markdown
};

const std::vector<TranscriptColumn>& TranscriptColumns() {
  static const std::vector<TranscriptColumn> columns = {
      {"F", "export frontier", &Indicators::f, 3},
      {"X_chip", "US share of China's new chips", &Indicators::x_chip, 3},
      {"S_CN", "China's own share, new chips", &Indicators::s_cn, 3},
      {"X_min", "cross-bloc mineral flow", &Indicators::x_min, 3},
      {"R_US", "US-bloc share, chip profits", &Indicators::r_us, 3},
      {"C_CN", "China's share, world compute", &Indicators::c_cn, 3},
      {"P_CN", "China's share, new AI power", &Indicators::p_cn, 3},
      {"G_US", "Global South on the US stack", &Indicators::g_us, 3},
      {"Gap", "frontier gap, years", &Indicators::gap, 2},
  };
  return columns;
}

// Spreadsheet numbers: six significant digits.
std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Signed(double v, int digits) {
  std::string s = Fixed(v, digits);
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s[0] == '-' ? s : "+" + s;
}

bool IsPlayerSeat(const PlaySession& session, int seat) {
  return std::find(session.seats().begin(), session.seats().end(), seat) != session.seats().end();
}

// The quarter just played, as the dashboard shows it now.
TranscriptQuarter RecordLastQuarter(const PlaySession& session) {
  const Scenario& s = session.experiment().scenario;
  const World& w = session.world();
  const int q = w.quarter - 1;
  const int a = session.agent();
  TranscriptQuarter t;
  t.choice = session.choices().back();
  for (size_t k = 0; k < s.seats.size(); ++k) {
    const int seat = static_cast<int>(k);
    t.played.push_back(PlayedAt(s, w, q, seat));
    // What the seat's configured policy chose: for the player's seats the
    // marked choice, for the others their choice after the player's moves.
    t.policy.push_back(IsPlayerSeat(session, seat) ? session.last_marked()[k]
                                                   : session.last_chosen()[k]);
  }
  t.now = w.now;
  t.salience = w.salience;
  t.utility_quarter = w.last_utility[a];
  t.utility = w.utility[a];
  t.explanations = WhatHappened(session);
  return t;
}

void WriteTranscriptFile(const std::string& path, const std::string& text) {
  try {
    WriteFileDurably(path, text);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot write the transcript " + path + " (" + e.what() + ")");
  }
}

}  // namespace

const std::vector<std::string>& TranscriptIndicatorColumns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& c : TranscriptColumns()) n.push_back(c.name);
    for (const char* extra : {"salience", "utility_quarter", "utility_discounted"}) n.push_back(extra);
    return n;
  }();
  return names;
}

PlayTranscript::Files PlayTranscript::FilesFor(const std::string& path) {
  if (path.empty()) throw UsageError("play: --transcript needs a file name, found an empty string");
  std::string base = path;
  for (const std::string_view ending : {".md", ".csv"}) {
    if (base.size() > ending.size() &&
        std::string_view(base).substr(base.size() - ending.size()) == ending) {
      base.resize(base.size() - ending.size());
      break;
    }
  }
  if (base.back() == '/' || fs::is_directory(base)) {
    throw UsageError("play: --transcript " + path +
                     " is a folder; give a file name in it, such as " +
                     (fs::path(base) / "class").string() + " (for class.md and class.csv)");
  }
  return {base + ".md", base + ".csv"};
}

PlayTranscript::PlayTranscript(const std::string& path, const std::string& config, bool replace,
                               const PlaySession& session)
    : files_(FilesFor(path)), config_(config), replicate_(session.replicate()) {
  for (const std::string& file : {files_.markdown, files_.csv}) {
    if (!replace && fs::exists(fs::symlink_status(file))) {
      throw UsageError("play: the transcript " + file +
                       " already exists; choose another --transcript or add --force to replace it");
    }
    if (fs::is_directory(file)) {
      throw UsageError("play: the transcript " + file + " is a folder; choose another --transcript");
    }
  }
  const fs::path folder = fs::path(files_.markdown).parent_path();
  if (!folder.empty() && !fs::is_directory(folder)) {
    throw UsageError("play: cannot write the transcript " + files_.markdown + ": the folder " +
                     folder.string() + " does not exist");
  }
  Update(session);
  if (quarters_.empty()) Write(session);  // Update wrote nothing: no quarter yet
}

void PlayTranscript::Update(const PlaySession& session) {
  const std::vector<PlayerMoves>& choices = session.choices();
  if (session.replicate() != replicate_) {
    quarters_.clear();
    replicate_ = session.replicate();
  }
  size_t kept = 0;
  while (kept < quarters_.size() && kept < choices.size() && quarters_[kept].choice == choices[kept]) {
    ++kept;
  }
  if (kept == quarters_.size() && kept == choices.size()) return;  // nothing changed
  quarters_.resize(kept);
  if (kept + 1 == choices.size()) {
    quarters_.push_back(RecordLastQuarter(session));
  } else if (kept < choices.size()) {
    // A load or a fork's `back`: the quarters are replayed as they were
    // played (the session is a replay of its choices).
    PlaySession replay(session.experiment(), session.agent_id(), session.replicate());
    for (size_t q = 0; q < choices.size(); ++q) {
      replay.Play(choices[q]);
      if (q >= kept) quarters_.push_back(RecordLastQuarter(replay));
    }
  }
  Write(session);
}

void PlayTranscript::Write(const PlaySession& session) const {
  WriteTranscriptFile(files_.markdown, Markdown(session));
  WriteTranscriptFile(files_.csv, Csv(session));
}

std::string PlayTranscript::Csv(const PlaySession& session) const {
  const Scenario& s = session.experiment().scenario;
  std::ostringstream out;
  out << "quarter,seat,agent,action,by,configured_policy";
  for (const auto& name : TranscriptIndicatorColumns()) out << "," << name;
  out << "\n";
  for (size_t q = 0; q < quarters_.size(); ++q) {
    const TranscriptQuarter& t = quarters_[q];
    std::string values;
    for (const auto& c : TranscriptColumns()) values += "," + Number(t.now.*c.field);
    values += "," + Number(t.salience) + "," + Number(t.utility_quarter) + "," + Number(t.utility);
    for (size_t k = 0; k < s.seats.size(); ++k) {
      const Seat& seat = s.seats[k];
      out << s.QuarterLabel(static_cast<int>(q)) << "," << seat.id << ","
          << s.agents[seat.agent].id << "," << seat.actions[t.played[k]] << ","
          << (IsPlayerSeat(session, static_cast<int>(k)) ? "human" : "policy") << ","
          << seat.actions[t.policy[k]] << values << "\n";
    }
  }
  return out.str();
}

std::string PlayTranscript::Markdown(const PlaySession& session) const {
  const Experiment& e = session.experiment();
  const Scenario& s = e.scenario;
  const std::string agent = session.agent_id();
  std::ostringstream out;
  out << "# Seminar transcript: " << e.name << "\n\n";
  std::string seats;
  for (int seat : session.seats()) seats += (seats.empty() ? "" : ", ") + s.seats[seat].id;
  out << "- config: " << config_ << "\n"
      << "- experiment: " << e.name << "\n"
      << "- seed: " << e.seed << "\n"
      << "- replicate: " << session.replicate() << "\n"
      << "- played as: " << agent << " (" << seats << ")\n"
      << "- starts: " << s.QuarterLabel(0) << ", " << s.horizon << " quarters to "
      << s.QuarterLabel(s.horizon - 1) << "\n"
      << "- quarters played: " << quarters_.size() << " of " << s.horizon << "\n\n"
      << "Moves by **human** were chosen at the prompt (Enter takes the configured policy's "
         "choice); the others are the seats' configured policies. Written by `geostrat play "
         "--transcript`; `geostrat report` renders it as a page.\n";
  const Indicators* before = &session.start().now;
  double salience_before = session.start().salience, utility_before = 0;
  for (size_t q = 0; q < quarters_.size(); ++q) {
    const TranscriptQuarter& t = quarters_[q];
    const std::string label = s.QuarterLabel(static_cast<int>(q));
    out << "\n## " << label << "\n\n| seat | move | by | configured policy |\n| --- | --- | --- | --- |\n";
    for (size_t k = 0; k < s.seats.size(); ++k) {
      const bool human = IsPlayerSeat(session, static_cast<int>(k));
      const std::string& action = s.seats[k].actions[t.played[k]];
      out << "| " << s.seats[k].id << " | " << (human ? "**" + action + "**" : action) << " | "
          << (human ? "**human**" : "policy") << " | " << s.seats[k].actions[t.policy[k]] << " |\n";
    }
    out << "\nIndicators after " << label << ":\n\n| indicator | value | change |\n| --- | ---: | ---: |\n";
    for (const auto& c : TranscriptColumns()) {
      out << "| " << c.label << " (" << c.name << ") | " << Fixed(t.now.*c.field, c.digits) << " | "
          << Signed(t.now.*c.field - before->*c.field, c.digits) << " |\n";
    }
    out << "| salience (in the news) | " << Fixed(t.salience, 3) << " | "
        << Signed(t.salience - salience_before, 3) << " |\n"
        << "| utility of " << agent << " this quarter | " << Fixed(t.utility_quarter, 2) << " | |\n"
        << "| discounted utility of " << agent << " | " << Fixed(t.utility, 2) << " | "
        << Signed(t.utility - utility_before, 2) << " |\n";
    out << "\nWhat happened, and why:\n\n";
    for (const std::string& line : t.explanations) out << "- " << line << "\n";
    before = &t.now;
    salience_before = t.salience;
    utility_before = t.utility;
  }
  if (session.Finished() && static_cast<int>(quarters_.size()) == s.horizon) {
    const World& w = session.world();
    const World policy = session.PolicyLine(s.horizon);
    const int a = session.agent();
    out << "\n## The end\n\n"
        << "- end state: " << OutcomeClassNames()[DeclareClass(w.class_history)] << "\n"
        << "- discounted utility of " << agent << ": " << Fixed(w.utility[a], 2)
        << " (its configured policy on the same replicate: " << Fixed(policy.utility[a], 2) << ")\n"
        << "- the configured policies' end state: "
        << OutcomeClassNames()[DeclareClass(policy.class_history)] << "\n";
  }
  return out.str();
}

}  // namespace geostrat
