#include "engine/play_console.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <istream>
#include <numeric>
#include <ostream>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/play_narrative.h"
#include "games/classifier.h"

namespace geostrat {
namespace {

// Screen widths: the dashboard uses at most kWidth columns (pipes get that),
// and stacks its panels on narrower terminals down to kMinWidth.
constexpr size_t kWidth = 112;
constexpr size_t kMinWidth = 72;

// ---------------------------------------------------------------- text

// ANSI SGR codes, applied only when colour is on.
struct Paint {
  bool on;
  std::string operator()(const char* code, const std::string& text) const {
    return on ? "\x1b[" + std::string(code) + "m" + text + "\x1b[0m" : text;
  }
  std::string Bold(const std::string& t) const { return (*this)("1", t); }
  std::string Dim(const std::string& t) const { return (*this)("2", t); }
  std::string Cyan(const std::string& t) const { return (*this)("36", t); }
  std::string Yellow(const std::string& t) const { return (*this)("33", t); }
  std::string Heading(const std::string& t) const { return (*this)("1;34", t); }
  // Green when better for the player, red when worse.
  std::string Signed(double v, const std::string& t) const {
    return v > 0 ? (*this)("32", t) : v < 0 ? (*this)("31", t) : Dim(t);
  }
};

std::string Pad(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}
std::string PadLeft(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  // "-0.000" reads as a change where there is none.
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}
std::string Change(double v, int digits) {
  std::string s = Fixed(v, digits);
  return s[0] == '-' ? s : "+" + s;
}

// Words of `text` in lines of at most `width` columns, the first after
// `first`, the others after `indent`.
std::vector<std::string> Wrap(const std::string& first, const std::string& indent,
                              const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::istringstream words(text);
  std::string word, line = first;
  bool empty = true;
  while (words >> word) {
    if (!empty && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line = indent;
      empty = true;
    }
    line += (empty ? "" : " ") + word;
    empty = false;
  }
  lines.push_back(line);
  return lines;
}

// Columns a string takes on screen: its length without ANSI escapes.
size_t Visible(const std::string& t) {
  size_t n = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\x1b') {
      while (i < t.size() && t[i] != 'm') ++i;
    } else {
      ++n;
    }
  }
  return n;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---------------------------------------------------------------- dashboard

struct IndicatorRow {
  const char* label;
  double Indicators::*field;
  int digits;
};

const std::vector<IndicatorRow>& IndicatorRows() {
  static const std::vector<IndicatorRow> rows = {
      {"export frontier F", &Indicators::f, 3},
      {"US share of China's new chips", &Indicators::x_chip, 3},
      {"China's own share, new chips", &Indicators::s_cn, 3},
      {"cross-bloc mineral flow", &Indicators::x_min, 3},
      {"US-bloc share, chip profits", &Indicators::r_us, 3},
      {"China's share, world compute", &Indicators::c_cn, 3},
      {"China's share, new AI power", &Indicators::p_cn, 3},
      {"Global South on the US stack", &Indicators::g_us, 3},
      {"frontier gap, years", &Indicators::gap, 2},
  };
  return rows;
}

// The World one quarter before the session's (the start at quarter 1).
World PreviousWorld(const PlaySession& session) {
  const int q = session.quarter();
  std::vector<PlayerMoves> prefix(session.choices().begin(), session.choices().begin() + (q - 1));
  return session.Line(prefix, q - 1);
}

std::string EndStateLine(const PlaySession& session) {
  const World& w = session.world();
  const auto& names = OutcomeClassNames();
  if (w.quarter < kClassWindow) {
    return "end-state check: from " + session.experiment().scenario.QuarterLabel(kClassWindow - 1) +
           " on (it reads trailing " + std::to_string(kClassWindow) + "-quarter means)";
  }
  const int current = w.class_history.back();
  if (current == kContestedTransition) return "end-state check: no class's conditions hold now";
  int streak = 0;
  for (auto it = w.class_history.rbegin(); it != w.class_history.rend() && *it == current; ++it) {
    ++streak;
  }
  return "end-state check: the conditions of " + names[current] + " hold, " +
         std::to_string(streak) + " quarter" + (streak == 1 ? "" : "s") + " in a row (" +
         std::to_string(kClassWindow) + " at the horizon declare it)";
}

}  // namespace

std::string PlayDashboard(const PlaySession& session, bool colour, size_t width) {
  const Paint paint{colour};
  const Experiment& e = session.experiment();
  const Scenario& s = e.scenario;
  const World& w = session.world();
  const int q = w.quarter;
  width = std::clamp(width, kMinWidth, kWidth);
  std::ostringstream out;

  // Title: what is played, and when.
  const std::string left = "geostrat play | " + e.name + " | replicate " +
                           std::to_string(session.replicate()) + " | you are " +
                           session.agent_id();
  const std::string right =
      session.Finished() ? "after " + s.QuarterLabel(q - 1) + " | the end"
                         : s.QuarterLabel(q) + " | quarter " + std::to_string(q + 1) + " of " +
                               std::to_string(s.horizon);
  // The quarter at the right edge, or on a line of its own if both do not fit.
  const std::string title = left.size() + right.size() + 1 <= width
                                ? left + std::string(width - left.size() - right.size(), ' ') + right
                                : left + "\n" + right;
  out << paint.Bold(title) << "\n" << std::string(width, '-') << "\n";

  // Two panels: the indicators, and everyone's last moves grouped by agent;
  // side by side when the width allows, else one above the other.
  const bool started = q > 0;
  const World previous = q >= 2 ? PreviousWorld(session) : session.start();
  const Indicators& before = previous.now;
  std::vector<std::string> lhs, rhs;
  constexpr size_t kLabel = 30, kNumber = 8, kChange = 8;
  const std::string when = started ? "after " + s.QuarterLabel(q - 1) : "at the start";
  lhs.push_back(paint.Heading(Pad("INDICATORS " + when, kLabel)) + PadLeft("now", kNumber) +
                PadLeft(started ? "change" : "", kChange));
  auto indicator = [&](const std::string& label, double now, double was, int digits, bool good,
                       bool has_change = true) {
    std::string row = Pad(label, kLabel) + PadLeft(Fixed(now, digits), kNumber);
    if (started && has_change) {
      const std::string c = PadLeft(Change(now - was, digits), kChange);
      const double shown = std::stod(Fixed(now - was, digits));
      row += good ? paint.Signed(shown, c) : (shown == 0 ? paint.Dim(c) : c);
    }
    lhs.push_back(row);
  };
  for (const auto& r : IndicatorRows()) {
    indicator(r.label, w.now.*r.field, before.*r.field, r.digits, false);
  }
  indicator("salience (in the news)", w.salience, previous.salience, 3, false);
  const int a = session.agent();
  indicator("your utility last quarter", w.last_utility[a], previous.last_utility[a], 2, true,
            q >= 2);
  indicator("your discounted utility", w.utility[a], previous.utility[a], 2, true);
  {
    // How far the player's moves have taken the agent from where its
    // configured policy would be after the same quarters.
    const double edge = w.utility[a] - session.PolicyLine(q).utility[a];
    const std::string label = Pad("  vs your configured policy", kLabel);
    lhs.push_back(label + (q == 0 ? PadLeft("-", kNumber)
                                  : paint.Signed(std::stod(Fixed(edge, 2)),
                                                 PadLeft(Change(edge, 2), kNumber))));
  }

  rhs.push_back(paint.Heading(started ? "MOVES IN " + s.QuarterLabel(q - 1) : "STATUS QUO") +
                (started ? paint.Dim("  (^ up, v down the ladder)") : ""));
  // One row per seat: who, which seat (its name is unique in the model; the
  // menu gives the full id), what it played, and whether that moved it up or
  // down its ladder.
  size_t agent_width = 0, seat_width = 0, action_width = 0;
  auto seat_name = [&](size_t k) { return s.seats[k].id.substr(s.seats[k].id.find('.') + 1); };
  for (size_t k = 0; k < s.seats.size(); ++k) {
    agent_width = std::max(agent_width, s.agents[s.seats[k].agent].id.size() + 1);
    seat_width = std::max(seat_width, seat_name(k).size() + 1);
    for (const auto& act : s.seats[k].actions) action_width = std::max(action_width, act.size() + 1);
  }
  for (size_t k = 0; k < s.seats.size(); ++k) {
    const int seat = static_cast<int>(k);
    const int now = PlayedAt(s, w, q - 1, seat);
    const int was = PlayedAt(s, w, q - 2, seat);
    const bool mine = s.seats[k].agent == a;
    const std::string who = (mine ? "> " : "  ") + Pad(s.agents[s.seats[k].agent].id, agent_width) +
                            Pad(seat_name(k), seat_width);
    std::string row = mine ? paint.Cyan(who) : who;
    if (started && now != was) {
      row += paint.Yellow(Pad(s.seats[k].actions[now], action_width) + (now > was ? "^" : "v"));
    } else {
      row += s.seats[k].actions[now];
    }
    rhs.push_back(row);
  }

  const size_t lwidth = kLabel + kNumber + kChange;
  size_t rwidth = 0;
  for (const auto& r : rhs) rwidth = std::max(rwidth, Visible(r));
  if (lwidth + 3 + rwidth <= width) {
    const size_t rows = std::max(lhs.size(), rhs.size());
    for (size_t r = 0; r < rows; ++r) {
      std::string l = r < lhs.size() ? lhs[r] : "";
      l += std::string(lwidth - std::min(lwidth, Visible(l)), ' ');
      std::string line = l + " | " + (r < rhs.size() ? rhs[r] : "");
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
  } else {
    for (const auto& l : lhs) out << l << "\n";
    out << "\n";
    for (const auto& r : rhs) out << r << "\n";
  }

  out << "\n" << paint.Heading(started ? "WHAT HAPPENED IN " + s.QuarterLabel(q - 1) + ", AND WHY"
                                       : "WHAT HAPPENED")
      << "\n";
  for (const std::string& h : WhatHappened(session)) {
    for (const std::string& line : Wrap("  - ", "    ", h, width)) out << line << "\n";
  }
  out << "  " << paint.Dim(EndStateLine(session)) << "\n";
  return out.str();
}

std::string PlayMenu(const PlaySession& session, bool colour) {
  const Paint paint{colour};
  const Scenario& s = session.experiment().scenario;
  std::ostringstream out;
  out << "\n"
      << paint.Heading("YOUR MOVES FOR " + s.QuarterLabel(session.quarter())) << "  "
      << paint.Dim("numbers or names; Enter plays the * (your configured policy); 'best'; 'help'")
      << "\n";
  // Columns sized to the player's seats and the longest "[n] action*".
  size_t seat_width = 0, item_width = 0;
  int number = 1;
  for (int seat : session.seats()) {
    seat_width = std::max(seat_width, s.seats[seat].id.size() + 2);
    for (const auto& action : s.seats[seat].actions) {
      item_width = std::max(item_width, std::to_string(number++).size() + action.size() + 6);
    }
  }
  number = 1;
  for (int seat : session.seats()) {
    std::string line = "  " + Pad(s.seats[seat].id, seat_width);
    for (size_t a = 0; a < s.seats[seat].actions.size(); ++a, ++number) {
      const bool marked = session.marked()[seat] == static_cast<int>(a);
      std::string item = "[" + std::to_string(number) + "] " + s.seats[seat].actions[a] +
                         (marked ? "*" : "");
      item = Pad(item, item_width);
      line += marked ? paint.Bold(item) : item;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  return out.str();
}

std::string ParseMoves(const PlaySession& session, const std::string& line, PlayerMoves& moves) {
  const Scenario& s = session.experiment().scenario;
  const std::vector<int>& seats = session.seats();
  moves = session.MarkedMoves();
  std::vector<bool> named(seats.size(), false);
  // Every way to name a move: its number, its action (if no other seat of
  // the player has one of that name), "seat=action" with the seat's full id,
  // its seat name or its game.
  std::vector<std::string> valid;
  int number = 1;
  for (size_t k = 0; k < seats.size(); ++k) {
    for (const auto& a : s.seats[seats[k]].actions) {
      valid.push_back(std::to_string(number++));
      valid.push_back(a);
    }
  }
  auto set = [&](size_t k, int a, const std::string& token) -> std::string {
    if (named[k] && moves[k] != a) {
      return "two moves for " + s.seats[seats[k]].id + " ('" +
             s.seats[seats[k]].actions[moves[k]] + "' and '" + s.seats[seats[k]].actions[a] +
             "', from '" + token + "'): give one per seat";
    }
    named[k] = true;
    moves[k] = a;
    return "";
  };
  std::istringstream words(line);
  std::string token;
  while (words >> token) {
    const std::string t = Lower(token);
    if (std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      const long n = t.size() > 6 ? -1 : std::stol(t);
      int first = 1;
      bool found = false;
      for (size_t k = 0; k < seats.size() && !found; ++k) {
        const int count = s.seat_num_actions[seats[k]];
        if (n >= first && n < first + count) {
          const std::string err = set(k, static_cast<int>(n - first), token);
          if (!err.empty()) return err;
          found = true;
        }
        first += count;
      }
      if (!found) {
        return "there is no move " + token + "; the moves are numbered 1 to " +
               std::to_string(first - 1);
      }
      continue;
    }
    const size_t eq = t.find_first_of("=:");
    std::vector<size_t> seat_candidates;
    std::string action = t;
    if (eq != std::string::npos) {
      const std::string seat_name = t.substr(0, eq);
      action = t.substr(eq + 1);
      std::vector<std::string> seat_names;
      for (size_t k = 0; k < seats.size(); ++k) {
        const std::string& id = s.seats[seats[k]].id;
        const size_t dot = id.find('.');
        seat_names.push_back(id);
        if (seat_name == id || seat_name == id.substr(dot + 1) || seat_name == id.substr(0, dot)) {
          seat_candidates.push_back(k);
        }
      }
      if (seat_candidates.size() != 1) {
        return std::string(seat_candidates.empty() ? "you have no seat '" : "more than one seat is '") +
               seat_name + "'; your seats: " + JoinNearestFirst(seat_name, seat_names);
      }
    } else {
      for (size_t k = 0; k < seats.size(); ++k) seat_candidates.push_back(k);
    }
    std::vector<std::pair<size_t, int>> hits;
    std::vector<std::string> names;
    for (size_t k : seat_candidates) {
      const auto& actions = s.seats[seats[k]].actions;
      for (size_t a = 0; a < actions.size(); ++a) {
        names.push_back(actions[a]);
        if (actions[a] == action) hits.push_back({k, static_cast<int>(a)});
      }
    }
    if (hits.empty()) {
      if (eq != std::string::npos) {
        return "'" + action + "' is not an action of " + s.seats[seats[seat_candidates[0]]].id +
               "; valid: " + JoinNearestFirst(action, names);
      }
      std::vector<std::string> all = {"help", "next", "undo", "save", "load", "fork",
                                      "back", "best", "show", "quit"};
      all.insert(all.end(), names.begin(), names.end());
      // The few nearest names: the whole list is on the screen already.
      std::vector<std::string> nearest = NearestFirst(t, all);
      std::string list;
      for (size_t i = 0; i < nearest.size() && i < 6; ++i) list += (i ? ", " : "") + nearest[i];
      return "'" + token + "' is neither a command nor a move; nearest: " + list + " ('help' lists all)";
    }
    if (hits.size() > 1) {
      std::string forms;
      for (const auto& h : hits) {
        forms += (forms.empty() ? "" : ", ") + s.seats[seats[h.first]].id + "=" + action;
      }
      return "'" + token + "' is an action of several of your seats; say which: " + forms;
    }
    const std::string err = set(hits[0].first, hits[0].second, token);
    if (!err.empty()) return err;
  }
  return "";
}

std::string BestAnswerTable(const PlaySession& session, const BestAnswer& best, bool colour) {
  const Paint paint{colour};
  const Scenario& s = session.experiment().scenario;
  std::ostringstream out;
  const std::string end = s.QuarterLabel(s.horizon - 1);
  out << paint.Heading("THE MODEL'S BEST RESPONSE FOR " + s.QuarterLabel(session.quarter())) << "\n";
  for (const std::string& line :
       Wrap("  ", "  ",
            "Each of your moves evaluated by replaying this quarter with its own chance draws, "
            "everyone else playing as marked (the myopic best response); 'to " + end +
                "' is your discounted utility at the horizon if every seat, yours included, "
                "follows its configured policy afterwards, averaged over " +
                std::to_string(best.futures) +
                (best.futures == 1 ? " future (this replicate's own)"
                                   : " futures of this world (this replicate's own and " +
                                         std::to_string(best.futures - 1) +
                                         " sampled ones); +/- is the standard error of the change, "
                                         "paired over the same futures") +
                ".", kWidth)) {
    out << paint.Dim(line) << "\n";
  }
  int first = 1;
  for (size_t k = 0; k < best.seats.size(); ++k) {
    const SeatAnswer& answer = best.seats[k];
    const auto& actions = s.seats[answer.seat].actions;
    const int marked = session.marked()[answer.seat];
    out << "  " << paint.Bold(s.seats[answer.seat].id) << "\n"
        << paint.Dim("    rank  move                 this quarter    change      to " + end +
                     "    change       +/-")
        << "\n";
    std::vector<int> order(actions.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int x, int y) { return answer.quarter[x] > answer.quarter[y]; });
    for (size_t r = 0; r < order.size(); ++r) {
      const int act = order[r];
      const double dq = answer.quarter[act] - answer.quarter[marked];
      const double dh = answer.horizon[act] - answer.horizon[marked];
      out << "    " << Pad(std::to_string(r + 1), 6)
          << Pad("[" + std::to_string(first + act) + "] " + actions[act] +
                     (act == marked ? "*" : ""),
                 19)
          << PadLeft(Fixed(answer.quarter[act], 2), 14)
          << paint.Signed(std::stod(Fixed(dq, 2)), PadLeft(Change(dq, 2), 10))
          << PadLeft(Fixed(answer.horizon[act], 2), 16)
          << paint.Signed(std::stod(Fixed(dh, 2)), PadLeft(Change(dh, 2), 10))
          << PadLeft(Fixed(answer.horizon_se[act], 2), 10) << "\n";
    }
    first += static_cast<int>(actions.size());
  }
  std::string names, numbers;
  first = 1;
  for (size_t k = 0; k < best.joint.size(); ++k) {
    const int seat = session.seats()[k];
    names += (k ? ", " : "") + s.seats[seat].actions[best.joint[k]];
    numbers += (k ? " " : "") + std::to_string(first + best.joint[k]);
    first += s.seat_num_actions[seat];
  }
  const double gain = best.joint_quarter - best.marked_quarter;
  out << "  best moves together this quarter: " << paint.Bold(names) << " ("
      << Fixed(best.joint_quarter, 2) << ", "
      << paint.Signed(std::stod(Fixed(gain, 2)), Change(gain, 2)) << " vs the * choices); type: "
      << paint.Bold(numbers) << "\n";
  return out.str();
}

std::string PlaySummary(const PlaySession& session, bool colour) {
  const Paint paint{colour};
  const Scenario& s = session.experiment().scenario;
  const World& w = session.world();
  const int a = session.agent();
  const World policy = session.PolicyLine(w.quarter);
  std::ostringstream out;
  const auto& names = OutcomeClassNames();
  if (session.Finished()) {
    out << paint.Heading("THE END: " + s.QuarterLabel(s.horizon - 1) + " played (" +
                         std::to_string(s.horizon) + " quarters)")
        << "\n";
    const OutcomeClass c = DeclareClass(w.class_history);
    out << "  end state: " << paint.Bold(names[c])
        << (c == kContestedTransition
                ? " (no class's conditions held for the last " + std::to_string(kClassWindow) +
                      " quarters)"
                : " (its conditions held for the last " + std::to_string(kClassWindow) +
                      " quarters)")
        << "\n";
    std::string met;
    for (int k = 0; k < kNumClasses - 1; ++k) {
      if (w.first_met[k] >= 0) {
        met += (met.empty() ? "" : ", ") + names[k] + " in " + s.QuarterLabel(w.first_met[k]);
      }
    }
    out << "  conditions first met: " << (met.empty() ? "none" : met) << "\n";
  } else {
    out << paint.Heading((w.quarter == 0 ? std::string("STOPPED before the first quarter")
                                         : "STOPPED after " + s.QuarterLabel(w.quarter - 1)) +
                         " (" + std::to_string(w.quarter) + " of " + std::to_string(s.horizon) +
                         " quarters played)")
        << "\n";
  }
  const double mine = w.utility[a], theirs = policy.utility[a];
  const double diff = mine - theirs;
  out << "  your discounted utility (" << session.agent_id() << "): " << Fixed(mine, 2) << "\n"
      << "  your configured policy on the same replicate and quarters: " << Fixed(theirs, 2)
      << "\n"
      << "  difference: "
      << paint.Signed(std::stod(Fixed(diff, 2)),
                      Change(diff, 2) + (theirs != 0 ? " (" + Change(100 * diff / std::fabs(theirs), 1) + "%)" : ""))
      << "\n";
  if (session.Finished()) {
    out << "  the configured policies' end state: " << names[DeclareClass(policy.class_history)]
        << "\n";
  }
  return out.str();
}

namespace {

constexpr const char* kHelp =
    "commands:\n"
    "  (Enter) or next    play the quarter with the * choices (your configured policy)\n"
    "  3 7 11             play the quarter with these numbered moves (seats not named keep *)\n"
    "  tight, restrictor=tight\n"
    "                     the same by action name, or seat=action when names repeat\n"
    "  best               the model's best response here: every move of yours evaluated\n"
    "  undo               back one quarter\n"
    "  fork [NAME]        remember this point to try a what-if from it\n"
    "  back               return to the last fork point and compare the what-if\n"
    "  save FILE          save the session (load it later with 'load FILE' or --load FILE)\n"
    "  save! FILE         the same, replacing a previous save without asking\n"
    "  load FILE          load a saved session of this config\n"
    "  show               draw the dashboard again\n"
    "  help               this list\n"
    "  quit               stop, with a summary\n";

bool HasControlCharacters(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// Whether the session may be saved to `path`: never over the config played
// or a file that is not a save; over a previous save when forced, or when
// the player says so at a terminal (with piped input nobody can answer, so
// the player is told how to force it).
template <class Error>
bool SaveAsked(const PlaySession& session, const std::string& path, bool force, std::istream& in,
               std::ostream& out, const ConsoleStyle& style, const Error& error) {
  const PlaySession::SaveTarget target = session.CheckSaveTarget(path);
  if (!target.refusal.empty()) {
    error(target.refusal);
    return false;
  }
  if (!target.previous_save || force) return true;
  if (!style.ask) {
    error("save: " + path + " holds a previous save; 'save! " + path + "' replaces it");
    return false;
  }
  out << path << " holds a previous save; replace it? [y/N] " << std::flush;
  std::string answer;
  if (std::getline(in, answer) && (Lower(answer) == "y" || Lower(answer) == "yes")) return true;
  out << "not saved\n";
  return false;
}

}  // namespace

ConsoleCommand ParseConsoleCommand(const std::string& line) {
  std::istringstream words(line);
  ConsoleCommand c;
  words >> c.command;
  std::getline(words >> std::ws, c.argument);
  while (!c.argument.empty() && c.argument.back() == ' ') c.argument.pop_back();
  c.command = Lower(c.command);
  return c;
}

int RunPlayConsole(PlaySession& session, std::istream& in, std::ostream& out,
                   const ConsoleStyle& style) {
  const Paint paint{style.colour};
  const Scenario& s = session.experiment().scenario;
  auto screen = [&](const std::string& before) {
    if (style.clear) out << "\x1b[H\x1b[2J";
    out << PlayDashboard(session, style.colour, style.width);
    if (!before.empty()) out << "\n" << before;
    if (!session.Finished()) {
      out << PlayMenu(session, style.colour);
    } else {
      out << "\n" << PlaySummary(session, style.colour)
          << paint.Dim("The game is over: 'undo' or 'back' to play on, 'save FILE', or 'quit'.")
          << "\n";
    }
  };
  auto error = [&](const std::string& message) {
    out << paint("31", "error: ") << message << "\n";
  };
  screen("");
  int forks_made = 0;
  while (true) {
    const std::string prompt =
        "[" + (session.Finished() ? std::string("end") : s.QuarterLabel(session.quarter())) + "] " +
        session.agent_id() + "> ";
    out << paint.Bold(prompt) << std::flush;
    std::string line;
    if (!std::getline(in, line)) {
      out << (style.echo ? "(end of input)\n" : "\n");
      if (!session.Finished()) out << PlaySummary(session, style.colour);
      return 0;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (style.echo) out << line << "\n";
    const auto [command, argument] = ParseConsoleCommand(line);
    try {
      if (command == "quit" || command == "exit" || command == "q") {
        if (!session.Finished()) out << PlaySummary(session, style.colour);
        return 0;
      } else if (command == "help" || command == "?") {
        out << kHelp;
      } else if (command == "show") {
        screen("");
      } else if (command == "undo") {
        if (!session.Undo()) {
          error("nothing to undo: no quarter has been played");
        } else {
          screen("undone: back to " + s.QuarterLabel(session.quarter()) + "\n");
        }
      } else if (command == "save" || command == "save!" || command == "load") {
        if (argument.empty()) {
          error(command + " needs a file name: " + command + " FILE");
        } else if (HasControlCharacters(argument)) {
          error(command + " needs a file name without control characters");
        } else if (command != "load") {
          if (SaveAsked(session, argument, command == "save!", in, out, style, error)) {
            session.Save(argument);
            out << "saved " << s.QuarterLabel(session.quarter()) << " to " << argument << "\n";
          }
        } else {
          session.Load(argument);
          screen("loaded " + argument + ": replicate " + std::to_string(session.replicate()) +
                 ", " + std::to_string(session.quarter()) + " quarters played\n");
        }
      } else if (command == "fork" && (HasControlCharacters(argument) || argument.size() > kMaxForkName)) {
        error("fork needs a name of at most " + std::to_string(kMaxForkName) + " printable characters");
      } else if (command == "fork") {
        const std::string name =
            argument.empty() ? "fork " + std::to_string(++forks_made) : argument;
        session.Fork(name);
        out << "fork '" << name << "' at " << s.QuarterLabel(session.quarter())
            << ": play the what-if; 'back' returns here and compares\n";
      } else if (command == "back") {
        if (session.forks().empty()) {
          error("no fork point to go back to: 'fork' makes one");
        } else {
          // The what-if against every seat following its policy from the
          // fork point over the same quarters.
          const ForkPoint fork = session.forks().back();
          const World branch = session.world();
          const int a = session.agent();
          std::string report;
          const bool extends = session.choices().size() >= fork.choices.size() &&
                               std::equal(fork.choices.begin(), fork.choices.end(),
                                          session.choices().begin());
          if (extends && branch.quarter > static_cast<int>(fork.choices.size())) {
            const World policy = session.Line(fork.choices, branch.quarter);
            const double diff = branch.utility[a] - policy.utility[a];
            report = "what-if '" + fork.name + "' from " +
                     s.QuarterLabel(static_cast<int>(fork.choices.size())) + " to " +
                     s.QuarterLabel(branch.quarter - 1) + ": your discounted utility " +
                     Fixed(branch.utility[a], 2) + ", " +
                     paint.Signed(std::stod(Fixed(diff, 2)), Change(diff, 2)) +
                     " vs your configured policy from the fork point\n";
          }
          session.Back();
          screen(report + "back at fork '" + fork.name + "', " +
                 s.QuarterLabel(session.quarter()) + "\n");
        }
      } else if (session.Finished()) {
        error("the game is over: 'undo', 'back', 'load FILE', 'save FILE' or 'quit'");
      } else if (command == "best") {
        out << BestAnswerTable(session, session.Best(style.best_futures), style.colour);
      } else {
        PlayerMoves moves;
        const std::string err =
            command.empty() || command == "next" ? (moves = session.MarkedMoves(), "")
                                                 : ParseMoves(session, line, moves);
        if (!err.empty()) {
          error(err);
        } else {
          session.Play(moves);
          screen("");
        }
      }
    } catch (const std::exception& e) {
      // A bad file name or save: say so and keep the session going.
      error(e.what());
    }
  }
}

}  // namespace geostrat
