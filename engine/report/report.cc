#include "engine/report/report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "engine/core/config_node.h"
#include "engine/core/error.h"
#include "engine/report/report_html.h"
#include "engine/run/results.h"
#include "engine/report/svg.h"
#include "games/classifier.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using namespace report_html;
using svg::Escape;
using svg::FormatP;
using svg::FormatValue;

// The CART tree of discovery.json: the leaves densest first (where the class
// gathers, each as the conditions of its box), the tree itself read top-down
// (each node with the condition its parent's split adds), and each input's
// share of the tree's Gini decrease.
Section TreeSection(const Doc& disc, const std::string& outcome) {
  const Json& nodes = disc.Array("/tree/nodes");
  const auto node = [&](size_t k) { return "/tree/nodes/" + std::to_string(k); };
  const auto conditions = [&](size_t k) {
    std::string text;
    for (const auto& c : disc.At(node(k) + "/conditions")) {
      text += (text.empty() ? "" : " and ") + c.get<std::string>();
    }
    return text.empty() ? std::string("every run") : text;
  };
  std::vector<std::vector<Cell>> leaves;
  for (const auto& k : disc.Array("/tree/leaves_by_density")) {
    const size_t n = k.get<size_t>();
    leaves.push_back({Text(conditions(n)), V(disc.Num(node(n) + "/runs"), disc.Key(node(n) + "/runs")),
                      P(disc.Num(node(n) + "/density"), disc.Key(node(n) + "/density")),
                      P(disc.Num(node(n) + "/coverage"), disc.Key(node(n) + "/coverage"))});
  }
  // Each node's line: the split that leads to it, indented by its depth.
  std::vector<std::string> reached(nodes.size(), "all runs");
  for (size_t k = 0; k < nodes.size(); ++k) {
    const Json& split = disc.At(node(k) + "/split");
    if (split.is_null()) continue;
    const std::string input = split.at("input").get<std::string>();
    const std::string at = FormatValue(split.at("threshold").get<double>());
    reached[disc.At(node(k) + "/left").get<size_t>()] = input + " <= " + at;
    reached[disc.At(node(k) + "/right").get<size_t>()] = input + " > " + at;
  }
  std::vector<std::vector<Cell>> tree;
  for (size_t k = 0; k < nodes.size(); ++k) {
    const int depth = static_cast<int>(disc.Num(node(k) + "/depth"));
    std::string indent;
    for (int d = 0; d < depth; ++d) indent += "\u00a0\u00a0\u00a0\u00a0";
    const bool leaf = disc.At(node(k) + "/split").is_null();
    tree.push_back({Text(indent + (depth > 0 ? "if " : "") + reached[k] + (leaf ? " (leaf)" : "")),
                    V(disc.Num(node(k) + "/runs"), disc.Key(node(k) + "/runs")),
                    P(disc.Num(node(k) + "/density"), disc.Key(node(k) + "/density"))});
  }
  svg::BarChart importance{"chart-tree-importance", "share of the tree's Gini decrease", {}, true};
  const Json& shares = disc.Array("/tree/importance");
  for (size_t j = 0; j < shares.size(); ++j) {
    const std::string b = "/tree/importance/" + std::to_string(j);
    importance.bars.push_back({disc.Str(b + "/input"), disc.Num(b + "/share")});
  }
  std::string body =
      "<p>A classification tree (CART) over the same runs: each split divides a node's runs "
      "where " + Escape(outcome) + " and the rest separate best (Gini impurity), down to depth " +
      FormatValue(disc.Num("/tree/options/max_depth")) + ", every leaf keeping at least " +
      FormatP(disc.Num("/tree/options/min_leaf")) + " of the runs.</p>" +
      Table("table-tree-leaves", {"leaf: the runs where", "runs", "density", "coverage"}, leaves,
            "The tree's leaves, densest first: the share of each leaf's runs that end in " +
                outcome + " (density) and its share of all such runs (coverage).") +
      Table("table-tree", {"node", "runs", "density"}, tree,
            "The tree read top-down: each node with the split that leads to it.");
  if (!importance.bars.empty()) {
    body += Figure(svg::DrawBars(importance),
                   "Which inputs the tree splits on: each one's share of the impurity the splits "
                   "remove (discovery.json#/tree/importance).");
  }
  return {"discovery-tree", "Scenario discovery (CART)", body};
}

// ---------------------------------------------------------------------------
// Run folders.

std::string OutcomesBlock(const Doc& summary, const std::string& pointer, uint64_t replicates,
                          const std::string& id, const std::string& interval) {
  const Json& outcomes = summary.Object(pointer);
  svg::BarChart chart{id, "probability of each end state", {}, true};
  std::vector<std::vector<Cell>> rows;
  const std::vector<std::string> keys = KeysInOrder(outcomes, OutcomeClassNames());
  const bool counts =
      !keys.empty() && summary.Has(pointer + "/" + PointerToken(keys[0]) + "/count");
  for (const std::string& key : keys) {
    const std::string base = pointer + "/" + PointerToken(key);
    const double p = summary.Num(base + "/p"), lo = summary.Num(base + "/ci_low"),
                 hi = summary.Num(base + "/ci_high");
    chart.bars.push_back({key, p, lo, hi});
    std::vector<Cell> row = {Text(key)};
    if (counts) row.push_back(V(summary.Num(base + "/count"), summary.Key(base + "/count")));
    row.push_back(P(p, summary.Key(base + "/p")));
    row.push_back(P(lo, summary.Key(base + "/ci_low")));
    row.push_back(P(hi, summary.Key(base + "/ci_high")));
    const auto m = ClassMeaning().find(key);
    row.push_back(Text(m == ClassMeaning().end() ? "" : m->second));
    rows.push_back(row);
  }
  std::vector<std::string> header = {"end state"};
  if (counts) header.push_back("count");
  for (const char* h : {"p", "95% low", "95% high", "meaning"}) header.push_back(h);
  return Figure(svg::DrawBars(chart), "Probability of each end state at the horizon with " +
                                          interval + ", from " + Plural(replicates, "replicate") +
                                          ".") +
         Table("table-" + id, header, rows,
               "p = share of replicates; " + interval + ". Values as in " + summary.name() + ".");
}

std::string MomentsTable(const Doc& summary, const std::string& pointer, const std::string& id,
                         const std::string& caption, bool meanings) {
  const Json& obj = summary.Object(pointer);
  std::vector<std::vector<Cell>> rows;
  for (const std::string& key :
       KeysInOrder(obj, meanings ? IndicatorOrder() : std::vector<std::string>{})) {
    const std::string base = pointer + "/" + PointerToken(key);
    std::vector<Cell> row = {Text(key)};
    for (const char* k : {"mean", "sd", "q05", "q25", "q50", "q75", "q95"}) {
      const std::string ptr = base + "/" + k;
      row.push_back(V(summary.Num(ptr), summary.Key(ptr)));
    }
    if (meanings) {
      const auto m = IndicatorMeaning().find(key);
      row.push_back(Text(m == IndicatorMeaning().end() ? "" : m->second));
    }
    rows.push_back(row);
  }
  std::vector<std::string> header = {"", "mean", "sd", "5%", "25%", "median", "75%", "95%"};
  if (meanings) header.push_back("meaning");
  return Table(id, header, rows, caption);
}

std::string FanCharts(const Csv& series, uint64_t replicates) {
  const int c_quarter = series.Column("quarter"), c_ind = series.Column("indicator");
  const int cq[5] = {series.Column("q05"), series.Column("q25"), series.Column("q50"),
                     series.Column("q75"), series.Column("q95")};
  std::vector<std::string> order;
  std::map<std::string, svg::FanChart> charts;
  for (size_t r = 0; r < series.rows().size(); ++r) {
    const std::string& ind = series.rows()[r][c_ind];
    auto [it, fresh] = charts.try_emplace(ind);
    if (fresh) {
      order.push_back(ind);
      it->second.id = "fan-" + Slug(ind);
      it->second.y_label = ind;
    }
    svg::FanChart& f = it->second;
    f.x_labels.push_back(series.rows()[r][c_quarter]);
    f.q05.push_back(series.Num(r, cq[0]));
    f.q25.push_back(series.Num(r, cq[1]));
    f.q50.push_back(series.Num(r, cq[2]));
    f.q75.push_back(series.Num(r, cq[3]));
    f.q95.push_back(series.Num(r, cq[4]));
  }
  std::string s =
      "<p class=\"note\">Each chart shows, quarter by quarter, the median over "
      "replicates (line), the middle 50% (dark band) and the middle 90% (light band). "
      "The first point is the start state.</p><div class=\"grid\">";
  for (const auto& ind : order) {
    const auto& f = charts.at(ind);
    s += Figure(svg::DrawFan(f), Meaning(ind) + ". Median, 50% and 90% bands per quarter from " +
                                     Plural(replicates, "replicate") + " (" + f.x_labels.front() +
                                     " to " + f.x_labels.back() + ").");
  }
  return s + "</div>";
}

std::string RepresentativeSection(const Doc& rep) {
  std::ostringstream s;
  const std::string outcome = rep.Str("/outcome");
  s << "<p class=\"lead\">Replicate <strong data-key=\"" << Escape(rep.Key("/replicate")) << "\">"
    << FormatValue(rep.Num("/replicate")) << "</strong> ends in <strong>" << Escape(outcome)
    << "</strong>. It was chosen because, " << Escape(rep.Str("/chosen_because")) << ".</p>";
  const Json& quarters = rep.Array("/quarters");
  const Json& seats = rep.Array("/seats");
  std::map<std::string, std::string> agent_of;
  for (const auto& seat : seats) agent_of[seat.value("seat", "")] = seat.value("agent", "");

  // Who plays how: every seat's policy, in plain words.
  std::vector<std::vector<Cell>> who;
  for (size_t k = 0; k < seats.size(); ++k) {
    const std::string b = "/seats/" + std::to_string(k);
    // Its settings: the configured names (watch, trigger, action...), then the
    // numbers drawn for this replicate.
    std::string params;
    const Json& policy = rep.Object(b + "/policy");
    for (auto it = policy.begin(); it != policy.end(); ++it) {
      if (it.key() == "name") continue;
      if (it->is_string())
        params += (params.empty() ? "" : ", ") + it.key() + " " + it->get<std::string>();
      if (it->is_object() && it->contains("name") && (*it)["name"].is_string()) {
        params += (params.empty() ? "" : ", ") + it.key() + " " + (*it)["name"].get<std::string>();
      }
      if (it->is_array())
        params += (params.empty() ? "" : ", ") + it.key() + " (" + std::to_string(it->size()) + ")";
    }
    const Json& drawn = rep.Object(b + "/drawn");
    for (auto it = drawn.begin(); it != drawn.end(); ++it) {
      params += (params.empty() ? "" : ", ") + it.key() + " " +
                FormatValue(rep.Num(b + "/drawn/" + PointerToken(it.key())));
    }
    who.push_back({Text(rep.Str(b + "/agent")), Text(rep.Str(b + "/seat")),
                   Text(rep.Str(b + "/policy/name")), Markdown(rep.Str(b + "/policy_doc")),
                   Text(params)});
  }
  s << Table(
      "table-seats", {"agent", "seat", "policy", "what it does", "settings"}, who,
      "Every seat's policy: its settings as configured and the numbers drawn for this replicate.");

  // Its key indicators over time.
  const std::vector<std::string> keys = {"X_chip", "S_CN", "X_min",
                                         "G_US",   "R_US", "US_compute_share"};
  svg::LineChart chart;
  chart.id = "chart-representative";
  chart.x_label = "quarter";
  chart.y_label = "share";
  chart.probability = true;
  // The start state is the quarter before the first one played.
  const std::string first_played = quarters.empty() ? "" : rep.Str("/quarters/0/quarter");
  for (const auto& k : keys) {
    svg::Line line{k, {}, {}, {}, ""};
    if (rep.Has("/start/" + k)) line.y.push_back(rep.Num("/start/" + k));
    for (size_t q = 0; q < quarters.size(); ++q) {
      line.y.push_back(rep.Num("/quarters/" + std::to_string(q) + "/indicators/" + k));
    }
    chart.lines.push_back(line);
  }
  for (size_t q = 0; q <= quarters.size(); ++q) {
    chart.x.push_back(static_cast<double>(q));
    chart.x_names.push_back(ShiftQuarter(first_played, static_cast<double>(q) - 1));
  }
  if (std::find(chart.x_names.begin(), chart.x_names.end(), "") != chart.x_names.end()) {
    chart.x_names.clear();  // no quarter labels in this file: quarter numbers
  }
  s << Figure(svg::DrawLines(chart),
              "Key share indicators of replicate " + FormatValue(rep.Num("/replicate")) +
                  " (one replicate, not a distribution), from the start state (" +
                  (chart.x_names.empty() ? std::string("quarter 0") : chart.x_names.front()) +
                  ") to the last quarter played.");

  // The timeline: every quarter with the moves that changed and why; the
  // opening quarter lists every seat's stance.
  s << "<h3>Timeline of moves</h3><p class=\"note\">Each entry lists the seats that changed their "
       "action that quarter and why their policy chose it, then the largest moves of the key "
       "indicators. Every seat's reasoning is under \"all seats\".</p><ol class=\"timeline\" "
       "id=\"timeline\">";
  // The key indicators that moved most between two states.
  const auto changes = [&](const Json& from, const Json& to) {
    std::vector<std::pair<double, std::string>> deltas;
    for (auto it = to.begin(); it != to.end(); ++it) {
      if (!from.contains(it.key()) || !it->is_number()) continue;
      const double a = from[it.key()].get<double>(), b = it->get<double>();
      const double scale = it.key() == "Gap" ? 20.0 : 1.0;  // years vs shares
      if (std::abs(b - a) / scale >= 0.005) {
        deltas.emplace_back(-std::abs(b - a) / scale,
                            it.key() + " " + FormatValue(a) + " \u2192 " + FormatValue(b));
      }
    }
    std::stable_sort(deltas.begin(), deltas.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::string line;
    for (size_t k = 0; k < std::min<size_t>(3, deltas.size()); ++k) {
      line += (k ? "; " : "") + Escape(deltas[k].second);
    }
    return line.empty() ? line : "<div class=\"change\">" + line + "</div>";
  };
  Json previous = rep.Has("/start") ? rep.At("/start") : Json::object();
  // Quarters in which no seat changed course are told as one span.
  size_t quiet_from = 0, quiet_count = 0;
  Json quiet_start;
  const auto flush_quiet = [&]() {
    if (quiet_count == 0) return;
    const size_t last = quiet_from + quiet_count - 1;
    s << "<li class=\"quiet\" id=\"q-" << quiet_from + 1 << "\"><span class=\"quarter\">"
      << Escape(rep.Str("/quarters/" + std::to_string(quiet_from) + "/quarter"));
    if (quiet_count > 1) {
      s << " \u2013 " << Escape(rep.Str("/quarters/" + std::to_string(last) + "/quarter"));
    }
    s << "</span><div class=\"note\">No seat changed its action"
      << (quiet_count > 1 ? " in these " + std::to_string(quiet_count) + " quarters" : "")
      << ".</div>"
      << changes(quiet_start, rep.Object("/quarters/" + std::to_string(last) + "/indicators"))
      << "</li>";
    quiet_count = 0;
  };
  for (size_t q = 0; q < quarters.size(); ++q) {
    const std::string base = "/quarters/" + std::to_string(q);
    const Json& moves = rep.Array(base + "/moves");
    const Json& now = rep.Object(base + "/indicators");
    std::vector<const Json*> changed;
    for (const auto& m : moves) {
      if (q == 0 || m.value("changed", false) || m.contains("played")) changed.push_back(&m);
    }
    const std::string holds = rep.Str(base + "/conditions_hold");
    const std::string held_before =
        q > 0 ? rep.Str("/quarters/" + std::to_string(q - 1) + "/conditions_hold") : "";
    if (changed.empty() && holds == held_before) {
      if (quiet_count++ == 0) {
        quiet_from = q;
        quiet_start = previous;
      }
      previous = now;
      continue;
    }
    flush_quiet();
    s << "<li id=\"q-" << q + 1 << "\"><span class=\"quarter\">"
      << Escape(rep.Str(base + "/quarter")) << "</span>";
    if (!holds.empty())
      s << "<span class=\"holds\">conditions of " << Escape(holds) << " hold</span>";
    auto move_line = [&](const Json& m) {
      const std::string seat = m.value("seat", "");
      std::string line = "<li><span class=\"seat\">" + Escape(agent_of[seat]) + "</span> (" +
                         Escape(seat) + ") plays <strong>" + Escape(m.value("action", "")) +
                         "</strong>";
      if (m.value("changed", false)) line += " instead of " + Escape(m.value("previous", ""));
      line += ": " + Escape(m.value("reason", ""));
      if (m.contains("played")) {
        line += " Played as <strong>" + Escape(m.value("played", "")) +
                "</strong> after lobbying softened the stance.";
      }
      return line + "</li>";
    };
    if (changed.empty()) {
      s << "<div class=\"note\">No seat changed its action.</div>";
    } else {
      s << "<ul class=\"moves\">";
      for (const Json* m : changed) s << move_line(*m);
      s << "</ul>";
    }
    s << changes(previous, now);
    if (q > 0) {
      s << "<details><summary>all seats</summary><ul class=\"moves\">";
      for (const auto& m : moves) s << move_line(m);
      s << "</ul></details>";
    }
    s << "</li>";
    previous = now;
  }
  flush_quiet();
  s << "</ol>";
  return s.str();
}

std::string RunReport(const fs::path& folder) {
  const Doc manifest(folder / "manifest.json");
  const Doc summary(folder / "summary.json");
  const Csv series(folder / "series.csv");
  const uint64_t n = static_cast<uint64_t>(summary.Num("/replicates"));
  const std::string name = summary.Str("/experiment", manifest.Str("/config/name"));
  std::ostringstream meta;
  meta << "Monte Carlo run: " << n << " replicates, seed " << summary.Str("/seed") << ", horizon "
       << summary.Str("/horizon_quarters") << " quarters from "
       << manifest.Str("/config/scenario/start", "?") << "; config hash "
       << summary.Str("/config_hash") << "; geostrat " << manifest.Str("/program/version", "?")
       << " (" << manifest.Str("/program/git", "?") << ")";
  if (manifest.Has("/run/created_utc")) meta << "; created " << manifest.Str("/run/created_utc");
  meta << ". Rerun: " << manifest.Str("/rerun", "?");

  // Headline: the most likely end state and the symbiotic bifurcation.
  const Json& outcomes = summary.Object("/outcomes");
  std::string modal;
  double modal_p = -1;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    const double p = summary.Num("/outcomes/" + PointerToken(it.key()) + "/p");
    if (p > modal_p) {
      modal_p = p;
      modal = it.key();
    }
  }
  std::string headline = "<div class=\"headline\">";
  const std::string mp = "/outcomes/" + PointerToken(modal);
  headline += Stat(FormatP(modal_p),
                   "most likely end state: " + modal + " [" + FormatP(summary.Num(mp + "/ci_low")) +
                       ", " + FormatP(summary.Num(mp + "/ci_high")) + "]",
                   summary.Key(mp + "/p"));
  if (outcomes.contains("symbiotic_bifurcation") && modal != "symbiotic_bifurcation") {
    const std::string sp = "/outcomes/symbiotic_bifurcation";
    headline += Stat(FormatP(summary.Num(sp + "/p")),
                     "symbiotic bifurcation [" + FormatP(summary.Num(sp + "/ci_low")) + ", " +
                         FormatP(summary.Num(sp + "/ci_high")) + "]",
                     summary.Key(sp + "/p"));
  }
  headline += Stat(std::to_string(n), "replicates") + "</div>\n";

  std::vector<Section> sections;
  sections.push_back(
      {"outcomes", "End states",
       OutcomesBlock(summary, "/outcomes", n, "chart-outcomes", "Wilson 95% intervals")});
  sections.push_back({"series", "Indicators over time", FanCharts(series, n)});
  sections.push_back({"end-indicators", "End indicators",
                      MomentsTable(summary, "/end_indicators", "table-end-indicators",
                                   "Trailing 8-quarter means at the horizon, over " +
                                       Plural(n, "replicate") + "; quantiles R type 7.",
                                   true)});
  sections.push_back({"utilities", "Discounted utility",
                      MomentsTable(summary, "/discounted_utility", "table-utilities",
                                   "Sum over quarters of discount^q x quarterly utility, "
                                   "$B-equivalents, per agent over " +
                                       Plural(n, "replicate") + ".",
                                   false)});
  if (summary.Has("/conditions_first_met")) {
    const Json& first = summary.Object("/conditions_first_met");
    // series.csv's first row is the start state, the quarter before the
    // first one played (quarter 0 here).
    const int c_label = series.Column("quarter");
    const std::string start = series.rows().empty() ? "" : series.rows()[0][c_label];
    const auto when = [&](double q) {
      const std::string label = ShiftQuarter(start, q + 1);
      return label.empty() ? FormatValue(q) : label;
    };
    std::vector<std::vector<Cell>> rows;
    for (const std::string& key : KeysInOrder(first, OutcomeClassNames())) {
      const std::string base = "/conditions_first_met/" + PointerToken(key);
      rows.push_back(
          {Text(key),
           P(summary.Num(base + "/share_ever_met"), summary.Key(base + "/share_ever_met")),
           summary.Has(base + "/median_first_quarter")
               ? Cell{when(summary.Num(base + "/median_first_quarter")), true, "", false}
               : Cell{"never", true, "", false}});
    }
    sections.push_back(
        {"first-met", "When conditions first hold",
         Table("table-first-met", {"end state", "share ever met", "median first quarter"}, rows,
               "Share of the " + Plural(n, "replicate") +
                   " in which a class's conditions held at some quarter, and "
                   "the median quarter they first did (a median between two quarters shows "
                   "both: 2027Q2/Q3).")});
  }
  if (fs::exists(folder / "representative.json")) {
    sections.push_back({"representative", "One representative future",
                        RepresentativeSection(Doc(folder / "representative.json"))});
  }
  return Page(name, manifest.Str("/config/description"), meta.str(), headline, sections, "run");
}

// ---------------------------------------------------------------------------
// Tournament folders.

std::string TournamentReport(const fs::path& folder) {
  const Doc summary(folder / "summary.json");
  const bool has_manifest = fs::exists(folder / "manifest.json");
  const Json manifest_json = has_manifest ? Doc(folder / "manifest.json").root() : Json::object();
  const std::string name = summary.Str("/tournament");
  const int reps = static_cast<int>(summary.Num("/repetitions"));
  const Json& strategies = summary.Array("/strategies");
  std::ostringstream meta;
  meta << "Round-robin tournament: " << strategies.size() << " strategies, "
       << summary.Str("/turns") << " turns x " << reps << " repetitions, noise "
       << FormatValue(summary.Num("/noise")) << ", seed " << summary.Str("/seed")
       << "; config hash " << summary.Str("/config_hash") << ".";
  const std::string description = manifest_json.contains("config") &&
                                          manifest_json["config"].contains("description") &&
                                          manifest_json["config"]["description"].is_string()
                                      ? manifest_json["config"]["description"].get<std::string>()
                                      : "";

  const bool symmetric = !summary.Has("/symmetric_game") || summary.At("/symmetric_game") == true;
  std::vector<Section> sections;
  std::string headline = "<div class=\"headline\">";
  if (symmetric) {
    svg::BarChart chart{"chart-ranking", "mean score per turn (95% CI over repetitions)", {}, false};
    std::vector<std::vector<Cell>> rows;
    for (size_t k = 0; k < strategies.size(); ++k) {
      const std::string b = "/strategies/" + std::to_string(k);
      const std::string label = summary.Str(b + "/strategy");
      chart.bars.push_back({label, summary.Num(b + "/mean_per_turn"), summary.Num(b + "/ci_low"),
                            summary.Num(b + "/ci_high")});
      rows.push_back({V(summary.Num(b + "/rank"), summary.Key(b + "/rank")), Text(label),
                      V(summary.Num(b + "/median_per_turn"), summary.Key(b + "/median_per_turn")),
                      V(summary.Num(b + "/mean_per_turn"), summary.Key(b + "/mean_per_turn")),
                      V(summary.Num(b + "/sd_per_turn"), summary.Key(b + "/sd_per_turn")),
                      V(summary.Num(b + "/ci_low"), summary.Key(b + "/ci_low")),
                      V(summary.Num(b + "/ci_high"), summary.Key(b + "/ci_high")),
                      summary.At(b + "/wins").is_null()
                          ? Cell{"n/a", true, "", false}
                          : V(summary.Num(b + "/wins"), summary.Key(b + "/wins")),
                      P(summary.Num(b + "/cooperation"), summary.Key(b + "/cooperation"))});
    }
    // The chart draws means, so it is ordered by them (the table keeps the
    // ranking by median): bars and their order agree.
    std::stable_sort(chart.bars.begin(), chart.bars.end(),
                     [](const svg::Bar& x, const svg::Bar& y) { return x.value > y.value; });
    if (!strategies.empty()) {
      headline += Stat(summary.Str("/strategies/0/strategy"),
                       "ranks first, median " +
                           FormatValue(summary.Num("/strategies/0/median_per_turn")) + " per turn");
    }
    sections.push_back({"ranking", "Ranking",
                        Figure(svg::DrawBars(chart),
                               "Mean score per turn of each strategy with Student's t 95% "
                               "intervals over " +
                                   Plural(reps, "repetition") +
                                   "; self-play excluded; highest mean first.") +
                            Table("table-ranking",
                                  {"rank", "strategy", "median/turn", "mean/turn", "sd", "95% low",
                                   "95% high", "wins", "cooperation"},
                                  rows,
                                  "Ranked by median per-turn score over repetitions, then mean. "
                                  "Values as in summary.json.")});
  } else {
    // An asymmetric game: each seat on its own scale, a chart per seat, and
    // the ranking by the mean of the normalised seat scores.
    std::vector<std::vector<Cell>> rows;
    std::string charts;
    for (const char* seat : {"row", "column"}) {
      svg::BarChart chart{std::string("chart-ranking-") + seat,
                          std::string("mean payoff per turn in the ") + seat + " seat", {}, false};
      for (size_t k = 0; k < strategies.size(); ++k) {
        const std::string b = "/strategies/" + std::to_string(k) + "/seats/" + seat;
        chart.bars.push_back({summary.Str("/strategies/" + std::to_string(k) + "/strategy"),
                              summary.Num(b + "/mean_per_turn"), summary.Num(b + "/ci_low"),
                              summary.Num(b + "/ci_high")});
      }
      std::stable_sort(chart.bars.begin(), chart.bars.end(),
                       [](const svg::Bar& x, const svg::Bar& y) { return x.value > y.value; });
      charts += Figure(svg::DrawBars(chart),
                       std::string("Mean payoff per turn of each strategy in the ") + seat +
                           " seat, against the other strategies, with Student's t 95% intervals "
                           "over " +
                           Plural(reps, "repetition") + "; highest first.");
    }
    for (size_t k = 0; k < strategies.size(); ++k) {
      const std::string b = "/strategies/" + std::to_string(k);
      rows.push_back({V(summary.Num(b + "/rank"), summary.Key(b + "/rank")),
                      Text(summary.Str(b + "/strategy")),
                      V(summary.Num(b + "/seats/row/mean_per_turn"),
                        summary.Key(b + "/seats/row/mean_per_turn")),
                      V(summary.Num(b + "/seats/row/rank"), summary.Key(b + "/seats/row/rank")),
                      V(summary.Num(b + "/seats/column/mean_per_turn"),
                        summary.Key(b + "/seats/column/mean_per_turn")),
                      V(summary.Num(b + "/seats/column/rank"),
                        summary.Key(b + "/seats/column/rank")),
                      V(summary.Num(b + "/normalised"), summary.Key(b + "/normalised"))});
    }
    if (!strategies.empty()) {
      headline += Stat(summary.Str("/strategies/0/strategy"),
                       "ranks first, normalised seat score " +
                           FormatValue(summary.Num("/strategies/0/normalised")));
    }
    sections.push_back({"ranking", "Ranking by seat",
                        charts + Table("table-ranking",
                                       {"rank", "strategy", "row/turn", "row rank", "column/turn",
                                        "column rank", "normalised"},
                                       rows,
                                       "The two seats' payoffs differ in kind, so each strategy is "
                                       "compared only within a seat; ranked by the mean of its two "
                                       "normalised seat scores (0: the seat's worst strategy, 1: "
                                       "its best). Values as in summary.json.")});
  }
  headline += Stat(std::to_string(reps), "repetitions") + "</div>\n";
  const std::vector<std::string> labels = [&] {
    std::vector<std::string> l;
    for (const auto& x : summary.Array("/labels"))
      l.push_back(x.is_string() ? x.get<std::string>() : x.dump());
    return l;
  }();
  if (summary.Has("/mean_payoff_matrix") && !labels.empty()) {
    const Json& m = summary.Array("/mean_payoff_matrix");
    svg::HeatMap map;
    map.id = "chart-payoffs";
    map.x_label = "opponent";
    map.y_label = "strategy";
    map.x_names = labels;
    map.y_names = labels;
    map.z_label = "payoff/turn";
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < m.size(); ++i) {
      map.ys.push_back(static_cast<double>(i));
      map.xs.push_back(static_cast<double>(i));
      std::vector<double> row;
      for (size_t j = 0; j < m[i].size(); ++j) {
        const double v =
            summary.Num("/mean_payoff_matrix/" + std::to_string(i) + "/" + std::to_string(j));
        row.push_back(v);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      map.z.push_back(row);
    }
    map.lo = std::isfinite(lo) ? lo : 0;
    map.hi = std::isfinite(hi) && hi > lo ? hi : map.lo + 1;
    sections.push_back(
        {"payoffs", "Who scores against whom",
         Figure(svg::DrawHeatMap(map),
                "Mean payoff per turn of the row strategy against the column strategy, "
                "over " +
                    Plural(reps, "repetition") + " (self-play on the diagonal).")});
  }
  if (fs::exists(folder / "ecological.csv")) {
    const Csv eco(folder / "ecological.csv");
    svg::LineChart lines;
    lines.id = "chart-ecological";
    lines.x_label = "generation";
    lines.y_label = "population share";
    const int g = eco.Column("generation");
    std::vector<svg::Line> all;
    for (size_t k = 0; k + 1 < eco.header().size(); ++k)
      all.push_back({eco.header()[k + 1], {}, {}, {}, ""});
    for (size_t r = 0; r < eco.rows().size(); ++r) {
      lines.x.push_back(eco.Num(r, g));
      for (size_t k = 0; k < all.size(); ++k)
        all[k].y.push_back(eco.Num(r, static_cast<int>(k + 1)));
    }
    // Seven colours tell seven lines apart: beyond that the strategies with
    // the six largest final shares are coloured and the rest drawn in grey.
    constexpr size_t kColoured = 6;
    std::string caption = "Population shares over " + Plural(eco.rows().size() - 1, "generation") +
                          " of discrete replicator dynamics on the mean payoff matrix of " +
                          Plural(reps, "repetition") + ".";
    if (all.size() > kColoured + 1) {
      std::stable_sort(all.begin(), all.end(), [](const svg::Line& a, const svg::Line& b) {
        return a.y.back() > b.y.back();
      });
      for (size_t k = kColoured; k < all.size(); ++k) {
        all[k].name.clear();
        all[k].colour = "#bdbdbd";
      }
      lines.lines.assign(all.begin() + kColoured, all.end());  // grey first, under the colours
      for (size_t k = 0; k < kColoured; ++k) {
        all[k].colour = svg::CategoryColour(k);
        lines.lines.push_back(all[k]);
      }
      caption += " The six strategies with the largest final shares are in colour, the other " +
                 std::to_string(all.size() - kColoured) + " in grey.";
    } else {
      lines.lines = all;
    }
    sections.push_back(
        {"ecological", "Ecological tournament", Figure(svg::DrawLines(lines), caption)});
  }
  if (fs::exists(folder / "moran.csv")) {
    const Csv mo(folder / "moran.csv");
    std::vector<std::vector<Cell>> mrows;
    const int res = mo.Column("resident"), mut = mo.Column("mutant"), tr = mo.Column("trials"),
              est = mo.Column("estimate"), lo = mo.Column("ci_low"), hi = mo.Column("ci_high"),
              ex = mo.Column("exact"), neu = mo.Column("neutral"), pop = mo.Column("population");
    std::vector<std::pair<double, size_t>> by_fixation;
    for (size_t r = 0; r < mo.rows().size(); ++r) {
      mrows.push_back({Text(mo.rows()[r][res]), Text(mo.rows()[r][mut]), V(mo.Num(r, pop)),
                       V(mo.Num(r, tr)), P(mo.Num(r, est)), P(mo.Num(r, lo)), P(mo.Num(r, hi)),
                       P(mo.Num(r, ex)), P(mo.Num(r, neu))});
      by_fixation.emplace_back(-mo.Num(r, est), r);
    }
    const std::vector<std::string> header = {"resident", "mutant",   "population",
                                             "trials",   "fixation", "95% low",
                                             "95% high", "exact",    "neutral"};
    const std::string what =
        "Fixation probability of one mutant among residents (birth-death Moran "
        "process): simulated with Wilson 95% intervals beside the exact value "
        "and the neutral 1/N.";
    std::string body;
    constexpr size_t kShown = 10;
    if (mrows.size() > 2 * kShown) {
      // A long table goes under a fold; the strongest invasions come first.
      std::stable_sort(by_fixation.begin(), by_fixation.end());
      std::vector<std::vector<Cell>> top;
      for (size_t k = 0; k < kShown; ++k) top.push_back(mrows[by_fixation[k].second]);
      body = Table("table-moran-top", header, top,
                   "The " + std::to_string(kShown) + " most likely invasions. " + what) +
             "<details><summary>all " + std::to_string(mrows.size()) +
             " resident-mutant pairs</summary>" + Table("table-moran", header, mrows, what) +
             "</details>";
    } else {
      body = Table("table-moran", header, mrows, what);
    }
    sections.push_back({"moran", "Moran process", body});
  }
  return Page(name, description, meta.str(), headline, sections, "tournament");
}

// ---------------------------------------------------------------------------
// Equilibrium (meta-game) folders.

std::string EquilibriumReport(const fs::path& folder) {
  const Doc eq(folder / "equilibria.json");
  const std::string name = eq.Str("/experiment");
  const uint64_t reps = static_cast<uint64_t>(eq.Num("/replicates_per_profile"));
  const Json& equilibria = eq.Array("/equilibria");
  const Json& profiles = eq.Array("/profiles");
  std::ostringstream meta;
  meta << "Meta-game of candidate policies: " << profiles.size() << " profiles x " << reps
       << " replicates (common random numbers), " << eq.Str("/bootstrap")
       << " bootstrap resamples, "
       << "method " << eq.Str("/method") << " ("
       << (eq.At("/complete").is_boolean() && eq.At("/complete").get<bool>()
               ? "all extreme equilibria"
               : "equilibria found")
       << "); config hash " << eq.Str("/config_hash") << ".";

  std::vector<std::vector<Cell>> rows;
  std::string charts;
  std::vector<std::string> players;
  for (size_t e = 0; e < equilibria.size(); ++e) {
    const std::string b = "/equilibria/" + std::to_string(e);
    const Json& profile = eq.Object(b + "/profile");
    // One row per seat; the equilibrium's own figures on its first row.
    size_t p = 0;
    for (auto it = profile.begin(); it != profile.end(); ++it, ++p) {
      if (e == 0) players.push_back(it.key());
      std::string support;
      for (auto s = it->begin(); s != it->end(); ++s) {
        const double prob = s->is_number() ? s->get<double>() : 0;
        if (prob > 1e-9) support += (support.empty() ? "" : ", ") + s.key() + " " + FormatP(prob);
      }
      const std::string pay = b + "/payoffs/" + std::to_string(p);
      std::vector<Cell> row = {p == 0 ? V(static_cast<double>(e + 1)) : Text(""), Text(it.key()),
                               Text(support), V(eq.Num(pay), eq.Key(pay))};
      if (p == 0) {
        row.push_back(V(eq.Num(b + "/max_regret"), eq.Key(b + "/max_regret")));
        row.push_back(P(eq.Num(b + "/bootstrap_stability"), eq.Key(b + "/bootstrap_stability")));
      } else {
        row.push_back(Text(""));
        row.push_back(Text(""));
      }
      rows.push_back(row);
    }
    charts +=
        "<h3>Under equilibrium " + std::to_string(e + 1) + "</h3>" +
        OutcomesBlock(eq, b + "/outcomes", reps, "chart-eq-" + std::to_string(e + 1) + "-outcomes",
                      "95% bootstrap percentile intervals");
  }
  const std::vector<std::string> header = {"#",      "seat",       "plays (probability)",
                                           "payoff", "max regret", "bootstrap stability"};
  std::vector<Section> sections;
  sections.push_back(
      {"equilibria", "Equilibria",
       Table("table-equilibria", header, rows,
             "Each equilibrium's mix (support with probabilities), expected discounted utility of "
             "each seat's agent, the largest gain any seat could make by deviating (max regret), "
             "and the share of bootstrap resamples with an equilibrium of the same support.")});
  sections.push_back({"equilibrium-outcomes", "End states under equilibrium play", charts});

  // The payoff table, and for two seats a heat map per seat.
  std::vector<std::vector<Cell>> prow;
  std::vector<std::string> pheader;
  std::vector<std::vector<std::string>> strategy_names(players.size());
  for (size_t k = 0; k < profiles.size(); ++k) {
    const std::string b = "/profiles/" + std::to_string(k);
    std::vector<Cell> row;
    for (size_t p = 0; p < players.size(); ++p) {
      const std::string pb = b + "/" + PointerToken(players[p]);
      const std::string policy = eq.Str(pb + "/policy");
      if (std::find(strategy_names[p].begin(), strategy_names[p].end(), policy) ==
          strategy_names[p].end()) {
        strategy_names[p].push_back(policy);
      }
      row.push_back(Text(policy));
      row.push_back(V(eq.Num(pb + "/mean"), eq.Key(pb + "/mean")));
      row.push_back(V(eq.Num(pb + "/std_error"), eq.Key(pb + "/std_error")));
    }
    prow.push_back(row);
  }
  for (const auto& pl : players) {
    for (const auto& h : {pl, pl + " mean", pl + " s.e."}) pheader.push_back(h);
  }
  std::string heat;
  if (players.size() == 2 && !strategy_names[0].empty() && !strategy_names[1].empty()) {
    for (size_t p = 0; p < 2; ++p) {
      svg::HeatMap map;
      map.id = "heat-payoff-" + Slug(players[p]);
      map.x_label = players[1];
      map.y_label = players[0];
      map.x_names = strategy_names[1];
      map.y_names = strategy_names[0];
      map.z_label = "scaled payoff";
      const size_t nr = strategy_names[0].size(), nc = strategy_names[1].size();
      map.z.assign(nr, std::vector<double>(nc, svg::kNone));
      double lo = INFINITY, hi = -INFINITY;
      std::vector<std::vector<double>> raw(nr, std::vector<double>(nc, svg::kNone));
      for (size_t k = 0; k < profiles.size(); ++k) {
        const std::string b = "/profiles/" + std::to_string(k);
        const auto find = [&](size_t pl) {
          const std::string policy = eq.Str(b + "/" + PointerToken(players[pl]) + "/policy");
          return static_cast<size_t>(
              std::find(strategy_names[pl].begin(), strategy_names[pl].end(), policy) -
              strategy_names[pl].begin());
        };
        const double v = eq.Num(b + "/" + PointerToken(players[p]) + "/mean");
        raw[find(0)][find(1)] = v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      // Cells show the payoff scaled to [0, 1] between the seat's worst and
      // best profile, so both seats read on one colour scale.
      for (size_t i = 0; i < nr; ++i) {
        for (size_t j = 0; j < nc; ++j) map.z[i][j] = hi > lo ? (raw[i][j] - lo) / (hi - lo) : 0.5;
      }
      for (size_t i = 0; i < nr; ++i) map.ys.push_back(static_cast<double>(i));
      for (size_t j = 0; j < nc; ++j) map.xs.push_back(static_cast<double>(j));
      heat += Figure(svg::DrawHeatMap(map),
                     "Payoff of " + players[p] + " in each profile, scaled from its worst (" +
                         FormatValue(lo) + ", 0) to its best (" + FormatValue(hi) +
                         ", 1); means over " + Plural(reps, "replicate") + " per profile.");
    }
  }
  sections.push_back(
      {"payoff-table", "Payoff table",
       heat + Table("table-payoffs", pheader, prow,
                    "Mean discounted utility (with standard error) of each seat's agent "
                    "per profile, over " +
                        Plural(reps, "replicate") + ".")});
  std::string headline = "<div class=\"headline\">" +
                         Stat(std::to_string(equilibria.size()), "equilibria") +
                         Stat(std::to_string(profiles.size()), "profiles simulated") +
                         Stat(std::to_string(reps), "replicates per profile") + "</div>\n";
  std::string description;
  if (fs::exists(folder / "manifest.json")) {
    const Doc manifest(folder / "manifest.json");
    description = manifest.Str("/config/description");
  }
  return Page(name, description, meta.str(), headline, sections, "equilibrium");
}

// ---------------------------------------------------------------------------
// Sweep folders.

std::vector<std::string> ClassesOf(const Csv& csv) {
  std::vector<std::string> classes;
  for (const auto& h : csv.header()) {
    if (h.rfind("p_", 0) == 0) classes.push_back(h.substr(2));
  }
  return classes;
}

// Sobol' indices lie in [0, 1]; estimates and their bootstrap intervals can
// stray far outside when an input barely matters. The chart's axis stops at
// these bounds (the whisker is cut there, the caption says how many) and the
// table beside it gives every interval in full.
constexpr double kSobolAxisLow = -0.25, kSobolAxisHigh = 1.25;

// A probability that changes by less than this across a lever is flat: at
// the replicates of a sweep the lever has no effect a room could act on.
constexpr double kFlat = 0.01;

// Where z crosses `level` between neighbouring cells along x (along = true,
// one entry per row) or along y: (row or column, first cell, rising).
struct Crossing {
  size_t line, at;
  bool rising;
};
std::vector<Crossing> Crossings(const std::vector<std::vector<double>>& z, double level,
                                bool along) {
  std::vector<Crossing> out;
  const size_t ny = z.size(), nx = ny ? z[0].size() : 0;
  const size_t lines = along ? ny : nx, cells = along ? nx : ny;
  for (size_t l = 0; l < lines; ++l) {
    for (size_t i = 0; i + 1 < cells; ++i) {
      const double a = along ? z[l][i] : z[i][l], b = along ? z[l][i + 1] : z[i + 1][l];
      if (std::isfinite(a) && std::isfinite(b) && (a >= level) != (b >= level)) {
        out.push_back({l, i, b > a});
      }
    }
  }
  return out;
}

// The largest change of z within one row (along = true) or one column.
double Spread(const std::vector<std::vector<double>>& z, bool along) {
  const size_t ny = z.size(), nx = ny ? z[0].size() : 0;
  double widest = 0;
  for (size_t l = 0; l < (along ? ny : nx); ++l) {
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < (along ? nx : ny); ++i) {
      const double v = along ? z[l][i] : z[i][l];
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (hi >= lo) widest = std::max(widest, hi - lo);
  }
  return widest;
}

}  // namespace

std::string PhaseVerdict(const PhaseGrid& g, double level) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& row : g.z) {
    for (double v : row) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(hi >= lo)) return g.what + " has no values on this grid.";
  const bool vary_x = g.xs.size() > 1, vary_y = g.ys.size() > 1;
  const std::string across = "across " + (vary_x && vary_y ? g.x_name + " and " + g.y_name
                                          : vary_x         ? g.x_name
                                                           : g.y_name);
  if (hi - lo < kFlat) {
    if (FormatP(lo) == FormatP(hi)) return g.what + " is " + FormatP(lo) + " everywhere on this grid.";
    return g.what + " changes by less than " + FormatValue(kFlat) + " " + across + " (" +
           FormatP(lo) + " to " + FormatP(hi) + ").";
  }
  const double along_x = Spread(g.z, true), along_y = Spread(g.z, false);
  // A lever that moves nothing while the other does is worth saying.
  std::string flat;
  if (vary_x && along_x < kFlat) {
    flat = "; across " + g.x_name + " it changes by less than " + FormatValue(kFlat);
  } else if (vary_y && along_y < kFlat) {
    flat = "; across " + g.y_name + " it changes by less than " + FormatValue(kFlat);
  }
  const std::string at_level = FormatP(level);
  for (const bool along : {true, false}) {
    const auto crossings = Crossings(g.z, level, along);
    if (crossings.empty()) continue;
    const auto& lever = along ? g.xs : g.ys;
    const auto& other = along ? g.ys : g.xs;
    const std::string& lever_name = along ? g.x_name : g.y_name;
    const std::string& other_name = along ? g.y_name : g.x_name;
    // Crossings at the same place (the same pair of lever values, the same
    // direction) are told once, with the values of the other lever where
    // they happen; up to three such places.
    std::vector<std::pair<Crossing, std::vector<size_t>>> places;
    for (const Crossing& c : crossings) {
      auto it = std::find_if(places.begin(), places.end(), [&](const auto& p) {
        return p.first.at == c.at && p.first.rising == c.rising;
      });
      if (it == places.end()) {
        places.push_back({c, {c.line}});
      } else if (it->second.back() != c.line) {
        it->second.push_back(c.line);
      }
    }
    std::string text = g.what + " crosses " + at_level + " ";
    for (size_t k = 0; k < std::min<size_t>(3, places.size()); ++k) {
      const auto& [c, where] = places[k];
      text += std::string(k ? "; " : "") + (c.rising ? "rising" : "falling") + " between " +
              lever_name + " " + FormatValue(lever[c.at]) + " and " +
              FormatValue(lever[c.at + 1]);
      if (other.size() < 2) continue;
      if (where.size() == other.size()) {
        text += " at every " + other_name;
        continue;
      }
      text += " at " + other_name + " ";
      for (size_t i = 0; i < std::min<size_t>(4, where.size()); ++i) {
        text += (i ? ", " : "") + FormatValue(other[where[i]]);
      }
      if (where.size() > 4) text += " and " + std::to_string(where.size() - 4) + " more";
    }
    if (places.size() > 3) {
      text += "; and at " + std::to_string(places.size() - 3) + " more places";
    }
    return text + flat + ".";
  }
  const bool x_more = along_x >= along_y;
  return g.what + " stays " + (lo >= level ? "above " : "below ") + at_level + " everywhere (" +
         FormatP(lo) + " to " + FormatP(hi) + "), changing most with " +
         (x_more || !vary_y ? g.x_name : g.y_name) + " (by up to " +
         FormatP(x_more ? along_x : along_y) + ")" + flat + ".";
}

std::string MostLikelyVerdict(const std::vector<std::string>& classes,
                              const std::vector<std::vector<double>>& index) {
  std::vector<size_t> count(classes.size(), 0);
  size_t cells = 0;
  for (const auto& row : index) {
    for (double v : row) {
      if (!std::isfinite(v) || v < 0 || static_cast<size_t>(v) >= classes.size()) continue;
      ++count[static_cast<size_t>(v)];
      ++cells;
    }
  }
  std::vector<size_t> order(classes.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return count[a] > count[b]; });
  if (cells == 0) return "No cell has a most likely end state.";
  if (count[order[0]] == cells) {
    return "The most likely end state is " + classes[order[0]] + " in every cell.";
  }
  std::string text = "The most likely end state is " + classes[order[0]] + " in " +
                     std::to_string(count[order[0]]) + " of " + std::to_string(cells) + " cells";
  for (size_t k = 1; k < order.size() && count[order[k]] > 0; ++k) {
    text += ", " + classes[order[k]] + " in " + std::to_string(count[order[k]]);
  }
  return text + ".";
}

namespace {

// The phase diagrams of phase.csv: the most likely end state in each cell,
// then each class's probability on one shared 0-1 colour scale (or each on
// its own range with "report": {"phase_scale": "local"} in the sweep), with
// a contour at "contour" (0.5 by default) and a verdict computed from the grid.
std::string PhaseSection(const fs::path& folder, const Doc& manifest, uint64_t reps) {
  const Csv phase(folder / "phase.csv");
  if (phase.header().size() < 3) {
    throw ConfigError((folder / "phase.csv").string(), "row 1",
                      "two lever columns then p_<class> columns",
                      std::to_string(phase.header().size()) + " columns");
  }
  const bool local = manifest.Str("/sweep/report/phase_scale", "shared") == "local";
  const double level =
      manifest.Has("/sweep/report/contour") ? manifest.Num("/sweep/report/contour") : 0.5;
  const std::string lx = phase.header()[0], ly = phase.header()[1];
  std::vector<double> xs, ys;
  for (size_t r = 0; r < phase.rows().size(); ++r) {
    const double x = phase.Num(r, 0), y = phase.Num(r, 1);
    if (std::find(xs.begin(), xs.end(), x) == xs.end()) xs.push_back(x);
    if (std::find(ys.begin(), ys.end(), y) == ys.end()) ys.push_back(y);
  }
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  const auto cell_of = [&](size_t r) {
    return std::pair<size_t, size_t>(
        std::find(ys.begin(), ys.end(), phase.Num(r, 1)) - ys.begin(),
        std::find(xs.begin(), xs.end(), phase.Num(r, 0)) - xs.begin());
  };
  const std::vector<std::string> classes = ClassesOf(phase);
  const std::string cells = Plural(xs.size() * ys.size(), "cell") + " of " +
                            Plural(reps, "replicate");

  // The most likely class of each cell.
  std::vector<std::vector<double>> best(ys.size(), std::vector<double>(xs.size(), svg::kNone));
  std::vector<std::vector<double>> best_p(ys.size(), std::vector<double>(xs.size(), -1));
  for (size_t k = 0; k < classes.size(); ++k) {
    const int col = phase.Column("p_" + classes[k]);
    for (size_t r = 0; r < phase.rows().size(); ++r) {
      const auto [iy, ix] = cell_of(r);
      if (phase.Num(r, col) > best_p[iy][ix]) {
        best_p[iy][ix] = phase.Num(r, col);
        best[iy][ix] = static_cast<double>(k);
      }
    }
  }
  svg::HeatMap modal;
  modal.id = "phase-most-likely";
  modal.x_label = lx;
  modal.y_label = ly;
  modal.z_label = "most likely end state";
  modal.xs = xs;
  modal.ys = ys;
  // Every class keeps the colour of its place in the model's list, so a
  // class has one colour in every report; the legend lists those shown.
  modal.classes = classes;
  modal.z = best;
  std::string body =
      "<p class=\"note\">The first map shows the most likely end state in each cell of the "
      "grid. The others show each end state's probability" +
      std::string(local ? ", each coloured over its own range (printed at the ends of its "
                          "legend): compare diagrams by those numbers, not by colour"
                        : " on one shared scale from 0 (dark) to 1 (yellow), so the same "
                          "colour means the same probability in every diagram") +
      "; a black line runs where the probability is " + FormatP(level) +
      " (in the diagrams that reach it). Above each map, one sentence says what it shows.</p>";
  body += Figure("<p class=\"verdict\">" + Escape(MostLikelyVerdict(modal.classes, modal.z)) +
                     "</p>" + svg::DrawHeatMap(modal),
                 "The most likely end state in each cell over " + lx + " (across) and " + ly +
                     " (up), " + cells + " (phase.csv).");
  for (const auto& c : classes) {
    svg::HeatMap map;
    map.id = "heat-" + Slug(c);
    map.x_label = lx;
    map.y_label = ly;
    map.z_label = "P(" + c + ")";
    map.xs = xs;
    map.ys = ys;
    map.contour = level;
    map.z.assign(ys.size(), std::vector<double>(xs.size(), svg::kNone));
    const int col = phase.Column("p_" + c);
    double lo = 1, hi = 0;
    for (size_t r = 0; r < phase.rows().size(); ++r) {
      const auto [iy, ix] = cell_of(r);
      const double p = phase.Num(r, col);
      map.z[iy][ix] = p;
      lo = std::min(lo, p);
      hi = std::max(hi, p);
    }
    if (local && hi > lo) {
      map.lo = lo;
      map.hi = hi;
    }
    const std::string verdict = PhaseVerdict({map.z_label, lx, xs, ly, ys, map.z}, level);
    body += Figure(
        "<p class=\"verdict\">" + Escape(verdict) + "</p>" + svg::DrawHeatMap(map),
        "Phase diagram of " + c + ": its probability over " + lx + " (across) and " + ly +
            " (up), " + cells + "; " +
            (hi > lo ? "from " + FormatP(lo) + " to " + FormatP(hi)
                     : FormatP(lo) + " in every cell") +
            (local && hi > lo ? ", colours over that range" : ", colours on the shared 0-1 scale") +
            " (phase.csv).");
  }
  return body;
}

std::string SweepReport(const fs::path& folder) {
  const Doc manifest(folder / "manifest.json");
  const std::string name =
      manifest.Str("/name", manifest.Str("/config/name", folder.filename().string()));
  const std::string description = manifest.Str("/description", manifest.Str("/config/description"));
  // A sweep of tipping-point searches alone has no design points.
  const bool has_points = fs::exists(folder / "points.csv");
  const Csv points = has_points ? Csv(folder / "points.csv") : Csv();
  const int c_point = has_points ? points.Column("point") : 0;
  const int c_reps = has_points ? points.Column("replicates") : 0;
  std::vector<int> levers;
  for (int c = c_point + 1; c < c_reps; ++c) levers.push_back(c);
  const std::vector<std::string> classes = ClassesOf(points);
  const uint64_t reps =
      manifest.Has("/design/replicates_per_point")
          ? static_cast<uint64_t>(manifest.Num("/design/replicates_per_point"))
          : (points.rows().empty() ? 0 : static_cast<uint64_t>(points.Num(0, c_reps)));
  const std::string design = manifest.Str("/design/kind", "grid");
  std::vector<Section> sections;

  // One lever: p of every class against it. Any number: the table of points.
  if (levers.size() == 1 && !points.rows().empty()) {
    svg::LineChart chart;
    chart.id = "chart-sweep-lines";
    chart.x_label = points.header()[levers[0]];
    chart.y_label = "probability";
    chart.probability = true;
    chart.markers = true;
    for (size_t r = 0; r < points.rows().size(); ++r) chart.x.push_back(points.Num(r, levers[0]));
    for (const auto& c : classes) {
      svg::Line line{c, {}, {}, {}, ""};
      for (size_t r = 0; r < points.rows().size(); ++r) {
        line.y.push_back(points.Num(r, points.Column("p_" + c)));
        line.low.push_back(points.Num(r, points.Column("ci_low_" + c)));
        line.high.push_back(points.Num(r, points.Column("ci_high_" + c)));
      }
      chart.lines.push_back(line);
    }
    sections.push_back(
        {"sweep-lines", "End states along the lever",
         Figure(svg::DrawLines(chart), "Probability of each end state against " + chart.x_label +
                                           " with Wilson 95% bands, " + Plural(reps, "replicate") +
                                           " per point.")});
  }

  // Sampled designs (scenario discovery): how each end state varies along
  // each lever, the other levers varying too; fifths of the sampled values.
  if ((design == "latin_hypercube" || design == "sobol") && levers.size() >= 2 &&
      points.rows().size() >= 10) {
    constexpr size_t kBins = 5;
    std::string body =
        "<p class=\"note\">Each chart sorts the points by one lever, splits them into five "
        "equal groups and plots the mean probability of each end state in each group against "
        "the group's mean lever value. The other levers vary within every group, so a slope "
        "is a main effect averaged over them, not a controlled comparison; classes that never "
        "occur are left out.</p><div class=\"grid\">";
    std::vector<std::string> seen;
    for (const auto& c : classes) {
      const int col = points.Column("p_" + c);
      for (size_t r = 0; r < points.rows().size(); ++r) {
        if (points.Num(r, col) > 0) {
          seen.push_back(c);
          break;
        }
      }
    }
    for (int l : levers) {
      std::vector<size_t> order(points.rows().size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return points.Num(a, l) < points.Num(b, l); });
      svg::LineChart chart;
      chart.id = "main-effect-" + Slug(points.header()[l]);
      chart.x_label = points.header()[l] + " (fifths of the points)";
      chart.y_label = "mean probability";
      chart.probability = true;
      chart.markers = true;
      chart.compact = true;
      std::vector<svg::Line> lines;
      for (const auto& c : seen) lines.push_back({c, {}, {}, {}, ""});
      for (size_t bin = 0; bin < kBins; ++bin) {
        const size_t from = bin * order.size() / kBins, to = (bin + 1) * order.size() / kBins;
        double x = 0;
        for (size_t i = from; i < to; ++i) x += points.Num(order[i], l);
        chart.x.push_back(x / static_cast<double>(to - from));
        for (size_t k = 0; k < seen.size(); ++k) {
          const int col = points.Column("p_" + seen[k]);
          double p = 0;
          for (size_t i = from; i < to; ++i) p += points.Num(order[i], col);
          lines[k].y.push_back(p / static_cast<double>(to - from));
        }
      }
      chart.lines = lines;
      body += Figure(svg::DrawLines(chart),
                     "Mean probability of each end state in each fifth of the points sorted by " +
                         points.header()[l] + " (about " +
                         Plural(points.rows().size() / kBins, "point") + " of " +
                         Plural(reps, "replicate") + " each; points.csv).");
    }
    sections.push_back({"main-effects", "End states along each lever", body + "</div>"});
  }

  if (fs::exists(folder / "phase.csv")) {
    sections.push_back({"phase", "Phase diagrams", PhaseSection(folder, manifest, reps)});
  }

  if (fs::exists(folder / "tipping.json")) {
    const Doc tipping(folder / "tipping.json");
    const Json& list = tipping.Array("/crossings");
    std::string body;
    std::vector<std::vector<Cell>> trows;
    for (size_t k = 0; k < list.size(); ++k) {
      const std::string b = "/crossings/" + std::to_string(k);
      const std::string lever = tipping.Str(b + "/lever"), event = tipping.Str(b + "/event_label");
      const bool found = tipping.At(b + "/found").is_boolean() && tipping.At(b + "/found").get<bool>();
      svg::LineChart chart;
      chart.id = "tipping-" + std::to_string(k + 1);
      chart.x_label = lever;
      chart.y_label = "P(" + event + ")";
      // The axis spans the data and the threshold, so a threshold of 0.05
      // is not flattened against a 0-1 axis.
      chart.probability = false;
      chart.markers = true;
      chart.level = tipping.Num(b + "/threshold");
      chart.level_label = "threshold " + FormatP(chart.level);
      svg::Line line{"P(" + event + ")", {}, {}, {}, ""};
      const Json& evals = tipping.Array(b + "/evaluations");
      // Evaluations come in the order the search made them; the chart reads
      // them along the lever.
      std::vector<size_t> order(evals.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t c) {
        return tipping.Num(b + "/evaluations/" + std::to_string(a) + "/x") <
               tipping.Num(b + "/evaluations/" + std::to_string(c) + "/x");
      });
      uint64_t trials = 0;
      std::vector<std::vector<Cell>> erows;
      for (size_t i : order) {
        const std::string e = b + "/evaluations/" + std::to_string(i);
        chart.x.push_back(tipping.Num(e + "/x"));
        line.y.push_back(tipping.Num(e + "/p"));
        line.low.push_back(tipping.Num(e + "/ci_low"));
        line.high.push_back(tipping.Num(e + "/ci_high"));
        trials += static_cast<uint64_t>(tipping.Num(e + "/trials"));
      }
      chart.lines.push_back(line);
      const double low = found ? tipping.Num(b + "/bracket/0") : svg::kNone;
      const double high = found ? tipping.Num(b + "/bracket/1") : svg::kNone;
      const double estimate = found ? tipping.Num(b + "/estimate") : svg::kNone;
      if (found) chart.shaded.push_back({low, high});
      const std::string threshold = FormatP(chart.level);
      const std::string verdict =
          found ? "the grey band is the " + FormatP(tipping.Num(b + "/confidence")) +
                      " bracket [" + FormatValue(low) + ", " + FormatValue(high) +
                      "] of the crossing, estimated at " + FormatValue(estimate) + "."
                : "P(" + event + ") does not cross " + threshold + " between " +
                      FormatValue(tipping.Num(b + "/range/0")) + " and " +
                      FormatValue(tipping.Num(b + "/range/1")) + ".";
      const std::string headline =
          found ? "P(" + event + ") crosses " + threshold + " at " + lever + " \u2248 " +
                      FormatValue(estimate) + " (between " + FormatValue(low) + " and " +
                      FormatValue(high) + ")."
                : "P(" + event + ") does not cross " + threshold + " along " + lever + ".";
      body += Figure("<p class=\"verdict\">" + Escape(headline) + "</p>" + svg::DrawLines(chart),
                     "Tipping point of " + event + " along " + lever + ": P(" + event +
                         ") with Wilson 95% bands at " + Plural(evals.size(), "evaluated value") +
                         " (" + Plural(trials, "replicate") +
                         " in all); the dashed line is the threshold " + threshold + "; " +
                         verdict,
                     "");
      std::vector<Cell> row = {Text(lever), Text(event),
                               P(chart.level, tipping.Key(b + "/threshold"))};
      if (found) {
        row.push_back(V(estimate, tipping.Key(b + "/estimate")));
        row.push_back(V(low, tipping.Key(b + "/bracket/0")));
        row.push_back(V(high, tipping.Key(b + "/bracket/1")));
      } else {
        for (int i = 0; i < 3; ++i) row.push_back(Text("no crossing"));
      }
      row.push_back(V(static_cast<double>(evals.size())));
      row.push_back(V(static_cast<double>(trials)));
      trows.push_back(row);
    }
    sections.push_back(
        {"tipping", "Tipping points",
         Table("table-tipping",
               {"lever", "event", "threshold", "estimate", "bracket low", "bracket high",
                "evaluations", "replicates"},
               trows,
               "Where the probability of an event crosses its threshold along a lever, found by "
               "bisection with Wilson intervals (tipping.json).") +
             body});
  }

  if (fs::exists(folder / "sensitivity.json")) {
    const Doc sens(folder / "sensitivity.json");
    const Json& targets = sens.Array("/targets");
    const std::string confidence = FormatP(sens.Num("/confidence"));
    std::string body =
        "<p class=\"note\">First order: the share of the target's variance over the design that "
        "each lever explains alone; total: with all its interactions. Indices lie in [0, 1]; an "
        "estimate below 0 or an interval far wider than [0, 1] means the target barely depends "
        "on that lever at this sample size.</p>";
    for (size_t t = 0; t < targets.size(); ++t) {
      const std::string b = "/targets/" + std::to_string(t);
      const std::string target = sens.Str(b + "/target");
      svg::BarChart chart{"sensitivity-" + std::to_string(t + 1),
                          "Sobol' index (whiskers: " + confidence + " bootstrap interval)",
                          {},
                          false};
      std::vector<std::vector<Cell>> srows;
      const Json& inputs = sens.Array(b + "/indices");
      int clipped = 0, defined = 0;
      const auto clip = [&](double v) {
        if (!std::isfinite(v)) return v;
        ++defined;
        if (v < kSobolAxisLow || v > kSobolAxisHigh) ++clipped;
        return std::clamp(v, kSobolAxisLow, kSobolAxisHigh);
      };
      for (size_t i = 0; i < inputs.size(); ++i) {
        const std::string ib = b + "/indices/" + std::to_string(i);
        const std::string lever = sens.Str(ib + "/lever");
        for (const char* order : {"first", "total"}) {
          const std::string o = ib + "/" + order;
          const double v = sens.Num(o);
          // An estimate off the axis is drawn at its edge and flagged, so the
          // number printed beside the bar is never mistaken for it.
          const bool off = std::isfinite(v) && (v < kSobolAxisLow || v > kSobolAxisHigh);
          chart.bars.push_back(
              {lever + (order[0] == 'f' ? " (first order)" : " (total)") + (off ? " *" : ""),
               clip(v), clip(sens.Num(o + "_low")), clip(sens.Num(o + "_high")),
               off ? FormatValue(v) + " (off the axis)" : ""});
        }
        std::vector<Cell> row = {Text(lever)};
        for (const char* k :
             {"first", "first_low", "first_high", "total", "total_low", "total_high"}) {
          row.push_back(V(sens.Num(ib + "/" + k), sens.Key(ib + "/" + k)));
        }
        srows.push_back(row);
      }
      const std::string cut =
          clipped == 0 ? ""
                       : " " + Plural(static_cast<uint64_t>(clipped), "value") +
                             " (estimates or interval ends) beyond the axis [" +
                             FormatValue(kSobolAxisLow) + ", " + FormatValue(kSobolAxisHigh) +
                             "] are cut at its edge (* marks an estimate drawn there); the "
                             "table gives every value in full.";
      const std::string figure =
          defined == 0
              ? "<p class=\"note\" id=\"sensitivity-" + std::to_string(t + 1) + "-none\">" +
                    Escape(target) +
                    " does not vary over the design (variance " +
                    FormatValue(sens.Num(b + "/variance")) +
                    "), so no index is defined: no lever moves it at this sample size.</p>"
              : Figure(svg::DrawBars(chart),
                     "First-order and total Sobol' indices of " + target +
                         " for each lever, with " + confidence +
                         " bootstrap intervals, from a Saltelli design of " +
                         Plural(static_cast<uint64_t>(sens.Num("/points")), "point") + " x " +
                         Plural(reps, "replicate") + " (variance over the design " +
                         FormatValue(sens.Num(b + "/variance")) + ")." + cut);
      body += "<h3>" + Escape(target) + "</h3>" + figure +
              Table("table-sensitivity-" + std::to_string(t + 1),
                    {"lever", "first", "first low", "first high", "total", "total low",
                     "total high"},
                    srows, "Sobol' indices of " + target + " (sensitivity.json).");
    }
    sections.push_back({"sensitivity", "Sensitivity", body});
  }

  if (fs::exists(folder / "discovery.json")) {
    const Doc disc(folder / "discovery.json");
    const std::string outcome = disc.Str("/outcome");
    std::vector<std::vector<Cell>> rows;
    const Json& restricted = disc.Array("/box/restricted");
    for (size_t k = 0; k < restricted.size(); ++k) {
      const std::string b = "/box/restricted/" + std::to_string(k);
      rows.push_back({Text(disc.Str(b + "/input")),
                      V(disc.Num(b + "/low"), disc.Key(b + "/low")),
                      V(disc.Num(b + "/high"), disc.Key(b + "/high")),
                      Text("[" + FormatValue(disc.Num(b + "/data_low")) + ", " +
                           FormatValue(disc.Num(b + "/data_high")) + "]"),
                      P(disc.Num(b + "/density_without"), disc.Key(b + "/density_without"))});
    }
    std::string verdict =
        "<p>" + Escape(outcome) + " in " + FormatValue(disc.Num("/hits")) + " of " +
        FormatValue(disc.Num("/runs")) + " runs (base rate " + FormatP(disc.Num("/base_rate")) +
        "). Inside the box below: density " + FormatP(disc.Num("/box/density")) + ", coverage " +
        FormatP(disc.Num("/box/coverage")) + ", " + FormatValue(disc.Num("/box/runs")) +
        " runs.</p>";
    sections.push_back(
        {"discovery", "Scenario discovery (PRIM)",
         verdict + Table("table-discovery",
                         {"input", "from", "to", "range in the runs", "density without it"},
                         rows,
                         "The PRIM box for " + outcome +
                             ": each restricted input, the most decisive first (the box's density "
                             "if its limits were dropped); discovery.json holds the peeling "
                             "trajectory of coverage against density.")});
    if (disc.Has("/tree")) sections.push_back(TreeSection(disc, outcome));
  }

  if (has_points) {
    std::vector<std::vector<Cell>> rows;
    std::vector<std::string> header = {"point"};
    for (int l : levers) header.push_back(points.header()[l]);
    header.push_back("replicates");
    for (const auto& c : classes) header.push_back("p " + c + " [95% CI]");
    for (size_t r = 0; r < points.rows().size(); ++r) {
      std::vector<Cell> row = {Text(points.rows()[r][c_point])};
      for (int l : levers) row.push_back(V(points.Num(r, l)));
      row.push_back(V(points.Num(r, c_reps)));
      for (const auto& c : classes) {
        row.push_back({FormatP(points.Num(r, points.Column("p_" + c))) + " [" +
                           FormatP(points.Num(r, points.Column("ci_low_" + c))) + ", " +
                           FormatP(points.Num(r, points.Column("ci_high_" + c))) + "]",
                       true, "", false});
      }
      rows.push_back(row);
    }
    // A long design folds away: the charts above are what a room reads.
    const bool fold = rows.size() > 40;
    sections.push_back(
        {"points", "Sweep points",
         (fold ? "<details><summary>all " + std::to_string(rows.size()) + " points</summary>"
               : std::string()) +
             Table("table-points", header, rows,
               "Each point of the " + design + " design: lever values, replicates, and the "
               "probability of each end state with its Wilson 95% interval (points.csv, which "
               "also holds end-indicator quantiles and agents' utilities).") +
             (fold ? "</details>" : "")});
  }
  std::ostringstream meta;
  if (has_points) {
    meta << "Parameter sweep (" << design << " design): " << points.rows().size()
         << " points over " << levers.size() << " lever(s), " << reps << " replicates per point";
  } else {
    meta << "Tipping-point searches (no design points)";
  }
  meta << "; seed " << manifest.Str("/seed", "?") << ", config hash "
       << manifest.Str("/config_hash", "?") << ".";
  std::string headline = "<div class=\"headline\">";
  if (has_points) {
    headline += Stat(std::to_string(points.rows().size()), "points") +
                Stat(std::to_string(reps), "replicates per point");
  }
  if (fs::exists(folder / "tipping.json")) {
    const Doc tipping(folder / "tipping.json");
    headline += Stat(std::to_string(tipping.Array("/crossings").size()), "tipping-point searches");
  }
  headline += "</div>\n";
  return Page(name, description, meta.str(), headline, sections, "sweep");
}

// ---------------------------------------------------------------------------
// History replays and backtests.

// "2018Q3" -> 2018.5: quarters on a calendar axis.
double QuarterYear(const std::string& label, const std::string& file, size_t row) {
  if (label.size() == 6 && label[4] == 'Q' && label[5] >= '1' && label[5] <= '4') {
    try {
      size_t used = 0;
      const int year = std::stoi(label.substr(0, 4), &used);
      if (used == 4) return year + (label[5] - '1') / 4.0;
    } catch (const std::exception&) {
    }
  }
  throw ConfigError(file, "row " + std::to_string(row + 2) + ", column quarter",
                    "a quarter such as 2018Q1", "'" + label + "'");
}

// A share of agreements as "0.625 (5 of 8)".
std::string Agreement(int agree, int of) {
  return (of > 0 ? FormatP(static_cast<double>(agree) / of) : std::string("n/a")) + " (" +
         std::to_string(agree) + " of " + std::to_string(of) + ")";
}

std::string ReplayReport(const fs::path& folder) {
  const Doc manifest(folder / "manifest.json");
  const Csv replay(folder / "replay.csv");
  const Csv indicators(folder / "indicators.csv");
  const std::string name = manifest.Str("/config/name", folder.filename().string());
  const std::string replicate = manifest.Str("/replicate", "0");
  std::vector<Section> sections;

  // The indicators quarter by quarter: one small chart each, on a calendar axis.
  const int c_q = indicators.Column("quarter");
  std::vector<double> years;
  for (size_t r = 0; r < indicators.rows().size(); ++r) {
    years.push_back(QuarterYear(indicators.rows()[r][c_q], "indicators.csv", r));
  }
  const std::string span = indicators.rows().empty()
                               ? std::string("no quarters")
                               : indicators.rows().front()[c_q] + " to " +
                                     indicators.rows().back()[c_q];
  std::string charts =
      "<p class=\"note\">One replicate played along the observed moves: each chart shows an "
      "indicator at the end of every quarter (a single history, not a distribution).</p>"
      "<div class=\"grid\">";
  for (const char* ind : {"F", "X_chip", "S_CN", "X_min", "R_US", "C_CN", "G_US", "gap"}) {
    const std::string column = ind;
    const int c = indicators.Column(column);
    svg::LineChart chart;
    chart.id = "replay-" + Slug(column);
    chart.x_label = "quarter";
    chart.y_label = column == "gap" ? "years" : column;
    chart.markers = true;
    chart.compact = true;
    chart.x = years;
    for (const auto& row : indicators.rows()) chart.x_names.push_back(row[c_q]);
    // Shares read on [0, 1]; C_CN (China's compute share of a small base) and
    // the gap in years on their own scales.
    chart.probability = column != "gap" && column != "C_CN";
    svg::Line line{"", {}, {}, {}, ""};
    for (size_t r = 0; r < indicators.rows().size(); ++r) line.y.push_back(indicators.Num(r, c));
    chart.lines.push_back(line);
    const std::string what = column == "gap" ? "gap: China's lag behind the US frontier in years"
                                             : Meaning(column);
    charts += Figure(svg::DrawLines(chart), what + ", quarter by quarter from " + span +
                                                " (replicate " + replicate + ", indicators.csv).");
  }
  sections.push_back({"indicators", "Indicators over the replay", charts + "</div>"});

  // Agreement of the model's own agents with what was observed.
  const int c_seat = replay.Column("seat"), c_obs = replay.Column("observed"),
            c_model = replay.Column("model"), c_best = replay.Column("best_response"),
            c_rows = replay.Column("rows"), c_rq = replay.Column("quarter");
  int scripted = 0, model_agrees = 0, best_agrees = 0;
  int moved = 0, model_moved = 0, best_moved = 0;
  for (const auto& row : replay.rows()) {
    if (row[c_obs].empty()) continue;
    ++scripted;
    model_agrees += row[c_model] == row[c_obs];
    best_agrees += row[c_best] == row[c_obs];
    if (row[c_rows].empty()) continue;
    ++moved;
    model_moved += row[c_model] == row[c_obs];
    best_moved += row[c_best] == row[c_obs];
  }
  sections.push_back(
      {"agreement", "Would the model have done the same?",
       Table("table-agreement", {"compared", "model policy agrees", "best response agrees"},
             {{Text("every scripted seat-quarter"), Text(Agreement(model_agrees, scripted)),
               Text(Agreement(best_agrees, scripted))},
              {Text("seat-quarters with a timeline move"), Text(Agreement(model_moved, moved)),
               Text(Agreement(best_moved, moved))}},
             "Share of seat-quarters in which the seat's model policy, and the myopic best "
             "response of its agent, chose the observed action from the same pre-quarter world "
             "(replay.csv).")});

  // Every move of the timeline with the model's choices beside it.
  std::vector<std::vector<Cell>> trows;
  if (fs::exists(folder / "timeline.json")) {
    const Doc timeline(folder / "timeline.json");
    const Json& moves = timeline.Array("");
    for (size_t k = 0; k < moves.size(); ++k) {
      const std::string b = "/" + std::to_string(k);
      const bool played = timeline.Has(b + "/seat") && !timeline.At(b + "/seat").is_null();
      const std::string instrument = timeline.Str(b + "/instrument");
      std::vector<Cell> row = {
          V(timeline.Num(b + "/row"), timeline.Key(b + "/row")),
          Text(timeline.Str(b + "/quarter")),
          Text(timeline.Str(b + "/actor") + (instrument.empty() ? "" : " (" + instrument + ")")),
          Text(timeline.Str(b + "/date") + ": " + timeline.Str(b + "/move"))};
      if (played) {
        const std::string action = timeline.Str(b + "/action");
        const auto mark = [&](const std::string& choice) {
          return Text(choice + (choice == action ? " \u2713" : ""));
        };
        row.push_back(Text(timeline.Str(b + "/seat") + " = " + action));
        row.push_back(Text(timeline.Str(b + "/played")));
        row.push_back(mark(timeline.Str(b + "/model")));
        row.push_back(mark(timeline.Str(b + "/best_response")));
      } else {
        row.push_back(Text("not played: " + timeline.Str(b + "/note")));
        for (int i = 0; i < 3; ++i) row.push_back(Text("\u2014"));
      }
      trows.push_back(row);
    }
  } else {
    // Older folders: the moves as replay.csv ties them to seats.
    for (const auto& row : replay.rows()) {
      if (row[c_rows].empty()) continue;
      trows.push_back({Text(row[c_rows]), Text(row[c_rq]), Text(""), Text(""),
                       Text(row[c_seat] + " = " + row[c_obs]),
                       Text(row[replay.Column("played")]), Text(row[c_model]), Text(row[c_best])});
    }
  }
  sections.push_back(
      {"timeline", "Timeline of observed moves",
       Table("table-timeline",
             {"row", "quarter", "actor (class)", "date: move", "played as (seat = action)",
              "played", "model policy", "best response"},
             trows,
             "Every move of the timeline (the row of TIMELINE.md it comes from; the quarter "
             "it is played from), the seat and "
             "action it is played as, what was played after lobbying, and what the seat's model "
             "policy and the best response of its agent would have chosen that quarter "
             "(\u2713: the same as observed). Moves without a seat are recorded, not played "
             "(timeline.json).")});

  std::ostringstream meta;
  meta << "History replay of replicate " << replicate << ", " << span << "; config hash "
       << manifest.Str("/config_hash", "?") << ". Rerun: " << manifest.Str("/rerun", "?");
  const std::string headline =
      "<div class=\"headline\">" + Stat(std::to_string(trows.size()), "timeline moves") +
      Stat(scripted ? FormatP(static_cast<double>(model_agrees) / scripted) : "n/a",
           "model policy agrees") +
      Stat(scripted ? FormatP(static_cast<double>(best_agrees) / scripted) : "n/a",
           "best response agrees") +
      "</div>\n";
  return Page(name + ": history replay", manifest.Str("/config/description"), meta.str(),
              headline, sections, "replay");
}

std::string BacktestReport(const fs::path& folder) {
  const Doc bt(folder / "backtest.json");
  const std::string name = bt.Str("/experiment", folder.filename().string());
  const uint64_t reps = static_cast<uint64_t>(bt.Num("/replicates"));
  const std::string window = bt.Str("/window_quarters");
  const std::vector<std::pair<std::string, std::string>> forecasters = {
      {"model", "the model"},
      {"match_in_kind", "always match in kind"},
      {"never_respond", "never respond"},
      {"base_rates", "base rates"}};
  std::vector<Section> sections;

  std::vector<std::vector<Cell>> srows;
  svg::BarChart log_chart{"chart-log-score", "mean log score (higher is better)", {}, false};
  svg::BarChart brier_chart{"chart-brier", "mean Brier score (lower is better)", {}, false};
  for (const auto& [key, label] : forecasters) {
    const std::string b = "/scores/" + key;
    log_chart.bars.push_back({label, bt.Num(b + "/log_score")});
    brier_chart.bars.push_back({label, bt.Num(b + "/brier")});
    srows.push_back({Text(label), V(bt.Num(b + "/log_score"), bt.Key(b + "/log_score")),
                     V(bt.Num(b + "/brier"), bt.Key(b + "/brier")),
                     V(bt.Num(b + "/lag_error_quarters"), bt.Key(b + "/lag_error_quarters")),
                     V(bt.Num(b + "/lag_scored"), bt.Key(b + "/lag_scored")),
                     V(bt.Num(b + "/triggers"), bt.Key(b + "/triggers"))});
  }
  const std::string triggers = bt.Str("/scores/model/triggers");
  sections.push_back(
      {"scores", "Scores: the model against naive forecasters",
       Table("table-scores",
             {"forecaster", "log score", "Brier", "lag error (quarters)", "lags scored",
              "triggers"},
             srows,
             "Log score: " + bt.Str("/notes/log_score") + ". Brier: " + bt.Str("/notes/brier") +
                 ". Lag error: " + bt.Str("/notes/lag_error_quarters") + " (backtest.json).") +
           Figure(svg::DrawBars(log_chart),
                  "Mean log score of each forecaster over " + triggers +
                      " triggers; the model's forecasts from " + Plural(reps, "replicate") +
                      " per trigger.") +
           Figure(svg::DrawBars(brier_chart),
                  "Mean Brier score of each forecaster over " + triggers + " triggers (0 is "
                  "perfect, 2 the worst).")});

  // Per trigger: what was observed and the probability each forecaster gave it.
  const Json& list = bt.Array("/triggers");
  std::vector<std::vector<Cell>> trows;
  for (size_t k = 0; k < list.size(); ++k) {
    const std::string b = "/triggers/" + std::to_string(k);
    const std::string observed = bt.Str(b + "/observed");
    const std::string lag = bt.At(b + "/observed_lag").is_null()
                                ? ""
                                : " +" + bt.Str(b + "/observed_lag") + " q";
    std::vector<Cell> row = {V(bt.Num(b + "/row"), bt.Key(b + "/row")), Text(bt.Str(b + "/date")),
                             Text(bt.Str(b + "/quarter")), Text(bt.Str(b + "/actor")),
                             Text(bt.Str(b + "/instrument")), Text(observed + lag)};
    for (const auto& f : forecasters) {
      const std::string ptr = b + "/" + f.first + "/p/" + PointerToken(observed);
      row.push_back(P(bt.Num(ptr), bt.Key(ptr)));
    }
    // The model's most likely class and its expected lag.
    const Json& p = bt.Object(b + "/model/p");
    std::string mode;
    double best = -1;
    for (const auto& c : bt.Array("/classes")) {
      const std::string cls = c.get<std::string>();
      if (p.contains(cls) && p[cls].is_number() && p[cls].get<double>() > best) {
        best = p[cls].get<double>();
        mode = cls;
      }
    }
    row.push_back(Text(mode + " " + FormatP(best)));
    row.push_back(V(bt.Num(b + "/model/lag"), bt.Key(b + "/model/lag")));
    trows.push_back(row);
  }
  sections.push_back(
      {"triggers", "Each trigger",
       Table("table-triggers",
             {"row", "date", "quarter", "actor", "class", "observed response",
              "P(observed): model", "match in kind", "never respond", "base rates",
              "model's most likely",
              "model lag (q)"},
             trows,
             "For every observed move by one side (a trigger), the response observed within " +
                 window + " quarters after it and the probability each forecaster gave that "
                 "class; the model's forecast is its response to the move: the first change of a "
                 "responding-side seat that the world without the move does not have, over " +
                 Plural(reps, "replicate") + " (backtest.json).")});

  // Reliability: does a forecast of p come true a share p of the time?
  std::vector<std::vector<Cell>> rrows;
  for (size_t bin = 0; bin < 10; ++bin) {
    std::vector<Cell> row = {Text(FormatP(bin / 10.0) + "-" + FormatP((bin + 1) / 10.0))};
    for (const auto& f : forecasters) {
      const std::string b = "/scores/" + f.first + "/reliability/" + std::to_string(bin);
      row.push_back(V(bt.Num(b + "/pairs"), bt.Key(b + "/pairs")));
      row.push_back(P(bt.Num(b + "/observed_frequency"), bt.Key(b + "/observed_frequency")));
    }
    rrows.push_back(row);
  }
  std::vector<std::string> rhead = {"forecast"};
  for (const auto& f : forecasters) {
    rhead.push_back(f.second + ": pairs");
    rhead.push_back("observed");
  }
  sections.push_back(
      {"reliability", "Reliability",
       Table("table-reliability", rhead, rrows,
             "Every (trigger, class) pair binned by the probability the forecaster gave it, and "
             "how often that class was the one observed: " + bt.Str("/notes/reliability") +
                 " (backtest.json).")});

  const Json& skipped = bt.Array("/skipped");
  if (!skipped.empty()) {
    std::vector<std::vector<Cell>> krows;
    for (size_t k = 0; k < skipped.size(); ++k) {
      const std::string b = "/skipped/" + std::to_string(k);
      krows.push_back({V(bt.Num(b + "/row"), bt.Key(b + "/row")), Text(bt.Str(b + "/why"))});
    }
    sections.push_back({"skipped", "Rows not scored",
                        Table("table-skipped", {"row", "why"}, krows,
                              "Rows of the observed file that are not triggers.")});
  }
  std::ostringstream meta;
  meta << "Backtest against " << bt.Str("/observed_file") << ": window " << window
       << " quarters, " << reps << " replicates per trigger, smoothing " << bt.Str("/smoothing")
       << "; config hash " << bt.Str("/config_hash") << ".";
  const std::string headline =
      "<div class=\"headline\">" + Stat(triggers, "triggers scored") +
      Stat(FormatValue(bt.Num("/scores/model/log_score")), "model log score",
           bt.Key("/scores/model/log_score")) +
      Stat(FormatValue(bt.Num("/scores/never_respond/log_score")), "never-respond log score",
           bt.Key("/scores/never_respond/log_score")) +
      "</div>\n";
  std::string description;
  if (fs::exists(folder / "manifest.json")) {
    const Doc manifest(folder / "manifest.json");
    description = manifest.Str("/config/description");
  }
  return Page(name + ": backtest", description, meta.str(), headline, sections, "backtest");
}

}  // namespace

const char* FolderKindName(FolderKind kind) {
  switch (kind) {
    case FolderKind::kRun:
      return "run";
    case FolderKind::kTournament:
      return "tournament";
    case FolderKind::kEquilibrium:
      return "equilibrium";
    case FolderKind::kSweep:
      return "sweep";
    case FolderKind::kReplay:
      return "replay";
    case FolderKind::kBacktest:
      return "backtest";
  }
  return "?";
}

FolderKind DetectFolderKind(const fs::path& folder) {
  if (!fs::is_directory(folder))
    throw UsageError("report: " + folder.string() + " is not a folder");
  const auto has = [&](const char* f) { return fs::exists(folder / f); };
  if (has("manifest.json")) {
    // A sweep of tipping-point searches alone writes no points.csv.
    const Doc manifest(folder / "manifest.json");
    if (manifest.Str("/kind") == "sweep") return FolderKind::kSweep;
    if (manifest.Str("/kind") == "sweep-shard") {
      throw UsageError("report: " + folder.string() +
                       " is one shard of a sweep; join the shards with geostrat merge and report "
                       "on the merged folder");
    }
  }
  if (has("equilibria.json")) return FolderKind::kEquilibrium;
  if (has("backtest.json")) return FolderKind::kBacktest;
  if (has("manifest.json") && has("replay.csv") && has("indicators.csv")) return FolderKind::kReplay;
  if (has("summary.json") && has("ranking.csv")) return FolderKind::kTournament;
  if (has("manifest.json") && has("summary.json") && has("series.csv")) return FolderKind::kRun;
  throw UsageError("report: " + folder.string() +
                   " is not a geostrat results folder: a run has manifest.json, summary.json and "
                   "series.csv; a tournament summary.json and ranking.csv; a meta-game "
                   "equilibria.json; a sweep manifest.json with \"kind\": \"sweep\"; "
                   "a history replay manifest.json, replay.csv and indicators.csv; a backtest "
                   "backtest.json");
}

std::string ReportHtml(const fs::path& folder) {
  switch (DetectFolderKind(folder)) {
    case FolderKind::kRun:
      return RunReport(folder);
    case FolderKind::kTournament:
      return TournamentReport(folder);
    case FolderKind::kEquilibrium:
      return EquilibriumReport(folder);
    case FolderKind::kSweep:
      return SweepReport(folder);
    case FolderKind::kReplay:
      return ReplayReport(folder);
    case FolderKind::kBacktest:
      return BacktestReport(folder);
  }
  throw InternalError("report: unknown folder kind");
}

void WriteReport(const fs::path& folder, const fs::path& out) {
  WriteText(out, ReportHtml(folder));
}

}  // namespace geostrat
