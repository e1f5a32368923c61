#include "engine/seminar/play_console.h"

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
#include "engine/seminar/play_narrative.h"
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
  const char* short_label;  // for the compact panel of an 80-column screen
  double Indicators::*field;
  int digits;
};

const std::vector<IndicatorRow>& IndicatorRows() {
  static const std::vector<IndicatorRow> rows = {
      {"export frontier F", "export frontier F", &Indicators::f, 3},
      {"US share of China's new chips", "US share, CN new chips", &Indicators::x_chip, 3},
      {"China's own share, new chips", "CN domestic chip share", &Indicators::s_cn, 3},
      {"cross-bloc mineral flow", "cross-bloc minerals", &Indicators::x_min, 3},
      {"US-bloc share, chip profits", "US share, chip profits", &Indicators::r_us, 3},
      {"China's share, world compute", "CN share, compute", &Indicators::c_cn, 3},
      {"China's share, new AI power", "CN share, new AI power", &Indicators::p_cn, 3},
      {"Global South on the US stack", "South on the US stack", &Indicators::g_us, 3},
      {"frontier gap, years", "frontier gap, years", &Indicators::gap, 2},
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

// The first line of `candidates` that fits in `width` columns (the last one
// if none does).
std::string FirstThatFits(const std::vector<std::string>& candidates, size_t width) {
  for (const auto& c : candidates) {
    if (Visible(c) <= width) return c;
  }
  return candidates.back();
}

// The title: what is played and when, on one line when any wording fits
// (a projector's 80 columns get the short one), else on two.
std::vector<std::string> TitleLines(const PlaySession& session, size_t width) {
  const Experiment& e = session.experiment();
  const Scenario& s = e.scenario;
  const int q = session.quarter();
  const std::string left = "geostrat play | " + e.name + " | replicate " +
                           std::to_string(session.replicate()) + " | you are " +
                           session.agent_id();
  const std::string right =
      session.Finished() ? "after " + s.QuarterLabel(q - 1) + " | the end"
                         : s.QuarterLabel(q) + " | quarter " + std::to_string(q + 1) + " of " +
                               std::to_string(s.horizon);
  if (left.size() + right.size() + 1 <= width) {
    return {left + std::string(width - left.size() - right.size(), ' ') + right};
  }
  const std::string when = session.Finished()
                               ? "after " + s.QuarterLabel(q - 1) + ", the end"
                               : s.QuarterLabel(q) + " (" + std::to_string(q + 1) + " of " +
                                     std::to_string(s.horizon) + ")";
  const std::string compact = "geostrat play | " + e.name + " | rep " +
                              std::to_string(session.replicate()) + " | as " +
                              session.agent_id() + " | " + when;
  if (compact.size() <= width) return {compact};
  return {left, right};
}

// The two panels: the indicators, and everyone's last moves grouped by agent.
struct Panels {
  std::vector<std::string> lhs, rhs;
  size_t lwidth = 0;
  std::string separator;  // between them, side by side
};

Panels BuildPanels(const PlaySession& session, const Paint& paint, bool compact) {
  const Scenario& s = session.experiment().scenario;
  const World& w = session.world();
  const int q = w.quarter;
  const bool started = q > 0;
  const World previous = q >= 2 ? PreviousWorld(session) : session.start();
  const Indicators& before = previous.now;
  // Compact: the 80-column wording (labels of at most 22 characters).
  const size_t kLabel = compact ? 22 : 30, kNumber = compact ? 7 : 8, kChange = kNumber;
  Panels p;
  p.lwidth = kLabel + kNumber + kChange;
  p.separator = compact ? " |" : " | ";
  const std::string when = started ? (compact ? ", END " : " after ") + s.QuarterLabel(q - 1)
                                   : (compact ? " AT START" : " at the start");
  p.lhs.push_back(paint.Heading(Pad("INDICATORS" + when, kLabel)) + PadLeft("now", kNumber) +
                  PadLeft(started ? "change" : "", kChange));
  auto indicator = [&](const std::string& label, double now, double was, int digits, bool good,
                       bool has_change = true) {
    std::string row = Pad(label, kLabel) + PadLeft(Fixed(now, digits), kNumber);
    if (started && has_change) {
      const std::string c = PadLeft(Change(now - was, digits), kChange);
      const double shown = std::stod(Fixed(now - was, digits));
      row += good ? paint.Signed(shown, c) : (shown == 0 ? paint.Dim(c) : c);
    }
    p.lhs.push_back(row);
  };
  for (const auto& r : IndicatorRows()) {
    indicator(compact ? r.short_label : r.label, w.now.*r.field, before.*r.field, r.digits, false);
  }
  indicator("salience (in the news)", w.salience, previous.salience, 3, false);
  const int a = session.agent();
  indicator(compact ? "your utility last qtr" : "your utility last quarter", w.last_utility[a],
            previous.last_utility[a], 2, true, q >= 2);
  indicator(compact ? "your discounted total" : "your discounted utility", w.utility[a],
            previous.utility[a], 2, true);
  {
    // How far the player's moves have taken the agent from where its
    // configured policy would be after the same quarters.
    const double edge = w.utility[a] - session.PolicyLine(q).utility[a];
    const std::string label = Pad(compact ? " vs configured policy" : "  vs your configured policy", kLabel);
    p.lhs.push_back(label + (q == 0 ? PadLeft("-", kNumber)
                                    : paint.Signed(std::stod(Fixed(edge, 2)),
                                                   PadLeft(Change(edge, 2), kNumber))));
  }

  const std::string hint = compact ? "  (^ up, v down)" : "  (^ up, v down the ladder)";
  p.rhs.push_back(paint.Heading(started ? "MOVES IN " + s.QuarterLabel(q - 1) : "STATUS QUO") +
                  (started ? paint.Dim(hint) : ""));
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
    p.rhs.push_back(row);
  }
  return p;
}

size_t Widest(const std::vector<std::string>& lines) {
  size_t w = 0;
  for (const auto& l : lines) w = std::max(w, Visible(l));
  return w;
}

bool SideBySide(const Panels& p, size_t width) {
  return p.lwidth + p.separator.size() + Widest(p.rhs) <= width;
}

// The panels side by side when they fit in `width`, else one above the other.
std::vector<std::string> PanelLines(const Panels& p, size_t width) {
  std::vector<std::string> lines;
  if (SideBySide(p, width)) {
    const size_t rows = std::max(p.lhs.size(), p.rhs.size());
    for (size_t r = 0; r < rows; ++r) {
      std::string l = r < p.lhs.size() ? p.lhs[r] : "";
      l += std::string(p.lwidth - std::min(p.lwidth, Visible(l)), ' ');
      std::string line = l + p.separator + (r < p.rhs.size() ? p.rhs[r] : "");
      while (!line.empty() && line.back() == ' ') line.pop_back();
      lines.push_back(line);
    }
    return lines;
  }
  lines = p.lhs;
  lines.push_back("");
  lines.insert(lines.end(), p.rhs.begin(), p.rhs.end());
  return lines;
}

// What happened, one bullet per sentence, wrapped to `width`.
std::vector<std::string> HappenedLines(const PlaySession& session, size_t width) {
  std::vector<std::string> lines;
  for (const std::string& h : WhatHappened(session)) {
    for (std::string& line : Wrap("  - ", "    ", h, width)) lines.push_back(std::move(line));
  }
  return lines;
}

std::string HappenedHeading(const PlaySession& session, const Paint& paint) {
  const Scenario& s = session.experiment().scenario;
  const int q = session.quarter();
  return paint.Heading(q > 0 ? "WHAT HAPPENED IN " + s.QuarterLabel(q - 1) + ", AND WHY"
                             : "WHAT HAPPENED");
}

}  // namespace

std::string PlayDashboard(const PlaySession& session, bool colour, size_t width, int max_lines) {
  const Paint paint{colour};
  width = std::clamp(width, kMinWidth, kWidth);
  const std::vector<std::string> title = TitleLines(session, width);
  // The full wording side by side when it fits, the compact one side by side
  // on an 80-column screen, else the panels stacked.
  const Panels full = BuildPanels(session, paint, false);
  std::vector<std::string> panels = PanelLines(full, width);
  if (!SideBySide(full, width)) {
    const Panels compact = BuildPanels(session, paint, true);
    if (SideBySide(compact, width)) panels = PanelLines(compact, width);
  }
  std::vector<std::string> happened = HappenedLines(session, width);
  const std::string end_state = "  " + paint.Dim(EndStateLine(session));

  // The natural screen: title, a rule, the panels, a blank line, what
  // happened, the end-state check.
  std::vector<std::string> lines = title;
  const auto add = [&lines](const std::vector<std::string>& more) {
    lines.insert(lines.end(), more.begin(), more.end());
  };
  const size_t natural = title.size() + 1 + panels.size() + 2 + happened.size() + 1;
  const size_t budget = max_lines > 0 ? static_cast<size_t>(max_lines) : natural;
  if (natural <= budget) {
    lines.push_back(std::string(width, '-'));
    add(panels);
    lines.push_back("");
    lines.push_back(HappenedHeading(session, paint));
    add(happened);
    lines.push_back(end_state);
  } else {
    // A short screen (a projector's 30 rows, an 80 x 24 terminal): no rule
    // or blank line, and what happened cut to the rows left, the rest (and
    // the end-state check) behind `more`, which the last line names.
    add(panels);
    lines.push_back(HappenedHeading(session, paint));
    const size_t fixed = lines.size() + 1;  // + the line naming `more`
    const size_t room = budget > fixed ? budget - fixed : 0;
    if (happened.size() <= room) {
      add(happened);
      lines.push_back(paint.Dim("  ('more' shows the end-state check)"));
    } else {
      const size_t hidden = happened.size() - room;
      happened.resize(room);
      add(happened);
      lines.push_back(paint.Dim("  (" + std::to_string(hidden) + " more line" +
                                (hidden == 1 ? "" : "s") + ": 'more' shows them all)"));
    }
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += (i < title.size() ? paint.Bold(lines[i]) : lines[i]) + "\n";
  }
  return out;
}

std::string PlayMore(const PlaySession& session, bool colour, size_t width) {
  const Paint paint{colour};
  width = std::clamp(width, kMinWidth, kWidth);
  std::string out = HappenedHeading(session, paint) + "\n";
  for (const std::string& line : HappenedLines(session, width)) out += line + "\n";
  for (const std::string& line : Wrap("  ", "  ", EndStateLine(session), width)) {
    out += paint.Dim(line) + "\n";
  }
  return out;
}

std::string PlayMenu(const PlaySession& session, bool colour, size_t width) {
  const Paint paint{colour};
  const Scenario& s = session.experiment().scenario;
  width = std::clamp(width, kMinWidth, kWidth);
  std::ostringstream out;
  const std::string heading = "YOUR MOVES FOR " + s.QuarterLabel(session.quarter());
  const std::string hint =
      FirstThatFits({"numbers or names; Enter plays the * (your configured policy); 'best'; 'help'",
                     "Enter plays the *; numbers or names; 'best'; 'help'",
                     "Enter plays the *; 'help'"},
                    width - heading.size() - 2);
  out << "\n" << paint.Heading(heading) << "  " << paint.Dim(hint) << "\n";
  // Full seat ids and wide columns when they fit without folding a seat's
  // moves onto a second line; else the seat's own name (unique in the model,
  // and accepted as "seat=action") and narrower columns.
  bool folded = false;  // a seat's moves went on below its line
  const auto rows = [&](bool compact) {
    folded = false;
    std::vector<std::string> lines;
    size_t seat_width = 0, item_width = 0;
    int number = 1;
    auto seat_name = [&](int seat) {
      const std::string& id = s.seats[seat].id;
      return compact ? id.substr(id.find('.') + 1) : id;
    };
    for (int seat : session.seats()) {
      seat_width = std::max(seat_width, seat_name(seat).size() + 2);
      for (const auto& action : s.seats[seat].actions) {
        item_width = std::max(item_width, std::to_string(number++).size() + action.size() +
                                              (compact ? 5 : 6));
      }
    }
    number = 1;
    for (int seat : session.seats()) {
      std::string line = "  " + Pad(seat_name(seat), seat_width);
      size_t used = line.size();
      for (size_t a = 0; a < s.seats[seat].actions.size(); ++a, ++number) {
        const bool marked = session.marked()[seat] == static_cast<int>(a);
        std::string item = "[" + std::to_string(number) + "] " + s.seats[seat].actions[a] +
                           (marked ? "*" : "");
        // A seat with more actions than the line holds goes on below.
        if (used + item.size() > width && used > 2 + seat_width) {
          while (!line.empty() && line.back() == ' ') line.pop_back();
          lines.push_back(line);
          folded = true;
          line = std::string(2 + seat_width, ' ');
          used = line.size();
        }
        item = Pad(item, item_width);
        used += item.size();
        line += marked ? paint.Bold(item) : item;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      lines.push_back(line);
    }
    return lines;
  };
  std::vector<std::string> lines = rows(false);
  if (folded || Widest(lines) > width) lines = rows(true);
  for (const auto& line : lines) out << line << "\n";
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
                                      "back", "best", "show", "more", "quit"};
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

std::string BestAnswerTable(const PlaySession& session, const BestAnswer& best, bool colour,
                            size_t width) {
  const Paint paint{colour};
  const Scenario& s = session.experiment().scenario;
  width = std::clamp(width, kMinWidth, kWidth);
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
                ".", width)) {
    out << paint.Dim(line) << "\n";
  }
  // Column widths: roomy on a wide screen, tight on an 80-column one.
  const bool wide = width >= 96;
  const size_t indent = wide ? 4 : 2, rank = wide ? 6 : 5, move = wide ? 19 : 17,
               quarter = wide ? 14 : 9, change = wide ? 10 : 8, horizon = wide ? 16 : 11,
               se = wide ? 10 : 7;
  const std::string pad(indent, ' ');
  int first = 1;
  for (size_t k = 0; k < best.seats.size(); ++k) {
    const SeatAnswer& answer = best.seats[k];
    const auto& actions = s.seats[answer.seat].actions;
    const int marked = session.marked()[answer.seat];
    out << "  " << paint.Bold(s.seats[answer.seat].id) << "\n"
        << paint.Dim(wide ? "    rank  move                 this quarter    change      to " + end +
                                "    change       +/-"
                          : pad + Pad("rank", rank) + Pad("move", move) + PadLeft("quarter", quarter) +
                                PadLeft("change", change) + PadLeft("to " + end, horizon) +
                                PadLeft("change", change) + PadLeft("+/-", se))
        << "\n";
    std::vector<int> order(actions.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int x, int y) { return answer.quarter[x] > answer.quarter[y]; });
    for (size_t r = 0; r < order.size(); ++r) {
      const int act = order[r];
      const double dq = answer.quarter[act] - answer.quarter[marked];
      const double dh = answer.horizon[act] - answer.horizon[marked];
      out << pad << Pad(std::to_string(r + 1), rank)
          << Pad("[" + std::to_string(first + act) + "] " + actions[act] +
                     (act == marked ? "*" : ""),
                 move)
          << PadLeft(Fixed(answer.quarter[act], 2), quarter)
          << paint.Signed(std::stod(Fixed(dq, 2)), PadLeft(Change(dq, 2), change))
          << PadLeft(Fixed(answer.horizon[act], 2), horizon)
          << paint.Signed(std::stod(Fixed(dh, 2)), PadLeft(Change(dh, 2), change))
          << PadLeft(Fixed(answer.horizon_se[act], 2), se) << "\n";
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
  const std::string line = "  best moves together this quarter: " + paint.Bold(names) + " (" +
                           Fixed(best.joint_quarter, 2) + ", " +
                           paint.Signed(std::stod(Fixed(gain, 2)), Change(gain, 2)) +
                           " vs the * choices); type: " + paint.Bold(numbers);
  if (Visible(line) <= width) {
    out << line << "\n";
  } else {
    out << "  best moves together this quarter: " << paint.Bold(names) << "\n    ("
        << Fixed(best.joint_quarter, 2) << ", "
        << paint.Signed(std::stod(Fixed(gain, 2)), Change(gain, 2))
        << " vs the * choices); type: " << paint.Bold(numbers) << "\n";
  }
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

// At most 79 columns: it fits an 80-column projector terminal.
constexpr const char* kHelp =
    "commands:\n"
    "  (Enter) or next   play the quarter with the * moves (your configured policy)\n"
    "  3 7 11            play these numbered moves (seats not named keep their *)\n"
    "  tight             the same by action name; restrictor=tight when names repeat\n"
    "  best              the model's best response: each of your moves evaluated\n"
    "  more              what happened in full, and the end-state check\n"
    "  undo              back one quarter\n"
    "  fork [NAME]       remember this point to try a what-if from it\n"
    "  back              return to the last fork point and compare the what-if\n"
    "  save FILE         save the session (resume with 'load FILE' or --load FILE)\n"
    "  save! FILE        the same, replacing a previous save without asking\n"
    "  load FILE         load a saved session of this config\n"
    "  show              draw the dashboard again\n"
    "  help              this list\n"
    "  quit              stop, with a summary\n";

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

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

int RunPlayConsole(PlaySession& session, std::istream& in, std::ostream& out,
                   const ConsoleStyle& style, PlayTranscript* transcript) {
  const Paint paint{style.colour};
  const Scenario& s = session.experiment().scenario;
  size_t width = style.width;
  int height = style.height;
  // The dashboard, then `before` (a message) and the menu or the summary.
  // On a screen of `height` rows everything down to the prompt fits: blank
  // lines go first, then what happened is cut short (the `more` command
  // shows the rest), so the title is never scrolled away.
  auto screen = [&](const std::string& before) {
    if (style.measure) style.measure(width, height);
    const auto tail = [&](const std::string& gap) {
      std::string t = before.empty() ? "" : gap + before;
      if (!session.Finished()) {
        const std::string menu = PlayMenu(session, style.colour, width);
        return t + gap + menu.substr(1);  // the menu starts with its own blank line
      }
      return t + gap + PlaySummary(session, style.colour) +
             paint.Dim("The game is over: 'undo' or 'back' to play on, 'save FILE', or 'quit'.") +
             "\n";
    };
    std::string dashboard = PlayDashboard(session, style.colour, width);
    std::string rest = tail("\n");
    if (height > 0 && CountLines(dashboard) + CountLines(rest) + 1 > static_cast<size_t>(height)) {
      rest = tail("");
      const int room = height - 1 - static_cast<int>(CountLines(rest));
      dashboard = PlayDashboard(session, style.colour, width, std::max(room, 1));
    }
    if (style.clear) out << "\x1b[H\x1b[2J";
    out << dashboard << rest;
  };
  auto error = [&](const std::string& message) {
    out << paint("31", "error: ") << message << "\n";
  };
  // The transcript follows the session's history: a quarter played is
  // added, an undone one removed, a load or a fork's `back` rewrites it.
  auto record = [&] {
    if (transcript == nullptr) return;
    try {
      transcript->Update(session);
    } catch (const std::exception& e) {
      error(std::string("transcript not written: ") + e.what());
    }
  };
  screen("");
  int forks_made = 0;
  while (true) {
    record();
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
      } else if (command == "more") {
        out << PlayMore(session, style.colour, width);
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
        out << BestAnswerTable(session, session.Best(style.best_futures), style.colour, width);
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
