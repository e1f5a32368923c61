#include "engine/report/report_html.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/report/svg.h"
#include "engine/version.h"

namespace geostrat::report_html {
namespace {

namespace fs = std::filesystem;
using svg::Escape;
using svg::FormatP;
using svg::FormatValue;

// ---------------------------------------------------------------------------
// Reading the folder's files. Every failure names the file and where in it.


// The page's style sheet: large type for a projector, tabular figures in
// tables, print-friendly breaks.
constexpr const char* kStyle = R"CSS(
:root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d8d8d8; --accent: #0072B2; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 18px/1.5 "Source Sans 3", "Source Sans Pro", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
/* engine/report/svg.cc sizes chart text for these widths: a 1056 px column at a
   1280 px window, and two 514 px columns in .grid. */
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 64px; }
header.page { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 10px; }
h1 { font-size: 2.1em; margin: 0 0 4px; line-height: 1.15; }
h2 { font-size: 1.45em; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--rule); }
h3 { font-size: 1.1em; margin: 20px 0 6px; }
p.lead { font-size: 1.12em; margin: 4px 0 8px; }
p.meta, figcaption, caption, .note { color: var(--muted); font-size: 0.86em; }
nav.toc { font-size: 0.92em; margin: 6px 0 0; }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 16px; white-space: nowrap; }
.headline { display: flex; flex-wrap: wrap; gap: 14px; margin: 16px 0; }
.stat { flex: 1 1 0; background: var(--band); border-left: 5px solid var(--accent); padding: 10px 16px; min-width: 220px; }
.stat .big { font-size: 1.9em; font-weight: 700; font-variant-numeric: tabular-nums; }
.stat .what { color: var(--muted); font-size: 0.9em; }
figure { margin: 14px 0 22px; }
figcaption { margin-top: 4px; }
svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
svg .tick { fill: #333; }
svg .axis { fill: #111; font-weight: 600; }
svg .legend, svg .label, svg .level { fill: #111; }
svg .value { fill: #111; font-variant-numeric: tabular-nums; }
svg .cellvalue { font-variant-numeric: tabular-nums; }
p.verdict { font-weight: 600; margin: 6px 0 2px; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: var(--band); padding: 0 3px; }
#present-bar { position: absolute; top: 8px; right: 10px; z-index: 20; display: flex; gap: 10px; align-items: center; }
#present-toggle { font: inherit; font-size: 15px; padding: 4px 12px; border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: 4px; cursor: pointer; }
#present-count, #present-title { display: none; }
body.present { overflow: hidden; }
body.present #present-bar { position: fixed; }
body.present main { visibility: hidden; }
body.present #present-count { display: inline; font-size: 18px; color: var(--muted); }
body.present #present-title { display: block; position: fixed; top: 10px; left: 4vw; z-index: 20; font-size: 26px; font-weight: 700; }
body.present figure.current { visibility: visible; position: fixed; inset: 0; z-index: 10; margin: 0; background: #fff;
  padding: 52px 3vw 2vh; display: flex; flex-direction: column; align-items: center; justify-content: center; }
body.present figure.current svg.chart { width: min(94vw, calc(74vh * var(--ar, 2))); }
body.present figure.current figcaption, body.present figure.current p { font-size: 22px; max-width: 94vw; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 4px 28px; }
.tablewrap { overflow-x: auto; margin: 10px 0 20px; }
table { border-collapse: collapse; font-size: 0.88em; min-width: 50%; }
caption { text-align: left; caption-side: bottom; padding-top: 4px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
th.num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
ol.timeline { list-style: none; padding: 0; margin: 10px 0; border-left: 3px solid var(--rule); }
ol.timeline > li { margin: 0 0 14px; padding: 2px 0 2px 18px; position: relative; }
ol.timeline > li::before { content: ""; position: absolute; left: -8px; top: 9px; width: 13px; height: 13px;
  border-radius: 50%; background: #fff; border: 3px solid var(--accent); }
ol.timeline > li.quiet::before { border-color: var(--rule); }
.quarter { font-weight: 700; margin-right: 10px; }
.holds { font-size: 0.8em; background: #e8f1f8; color: #08306b; padding: 1px 8px; border-radius: 10px; }
ul.moves { margin: 4px 0; padding-left: 20px; }
ul.moves li { margin: 2px 0; }
.seat { font-weight: 600; }
.change { font-variant-numeric: tabular-nums; }
details { margin: 4px 0; font-size: 0.92em; }
summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 48px; color: var(--muted); font-size: 0.8em; border-top: 1px solid var(--rule); padding-top: 8px; }
@media print { h2 { break-before: auto; } figure, table { break-inside: avoid; } #present-bar { display: none; } }
)CSS";

// The presentation toggle: the button or the URL hash #present shows one
// figure per screen with its section's title, at the size of the screen;
// arrow keys, space, Page Up/Down and a click go from figure to figure,
// Escape leaves. Plain script with neither '<' nor '&' in it, so the page
// stays well-formed XHTML.
constexpr const char* kScript = R"JS(
(function () {
  var figs = Array.prototype.slice.call(document.querySelectorAll('figure'));
  var at = 0;
  var button = document.getElementById('present-toggle');
  figs.forEach(function (f) {
    var svg = f.querySelector('svg.chart');
    if (svg) {
      var box = svg.viewBox.baseVal;
      if (box.height) svg.style.setProperty('--ar', box.width / box.height);
    }
  });
  function show(k) {
    if (figs.length === 0) return;
    at = Math.max(0, Math.min(figs.length - 1, k));
    figs.forEach(function (f, i) { f.classList.toggle('current', i === at); });
    var section = figs[at].closest('section');
    var heading = section ? section.querySelector('h2') : null;
    document.getElementById('present-title').textContent = heading ? heading.textContent : '';
    document.getElementById('present-count').textContent = (at + 1) + ' / ' + figs.length;
  }
  var presenting = false;
  // Entering starts at the first figure still on screen; leaving scrolls the
  // page to the figure last shown.
  function apply() {
    var on = location.hash === '#present';
    if (on === presenting) return;
    presenting = on;
    if (on) {
      var first = figs.findIndex(function (f) { return f.getBoundingClientRect().bottom > 0; });
      show(first === -1 ? 0 : first);
    } else {
      figs.forEach(function (f) { f.classList.remove('current'); });
    }
    document.body.classList.toggle('present', on);
    button.textContent = on ? 'Leave (Esc)' : 'Present';
    if (on === false) {
      if (figs[at]) figs[at].scrollIntoView({block: 'center'});
    }
  }
  button.addEventListener('click', function () {
    location.hash = location.hash === '#present' ? '' : 'present';
    button.blur();  // else the space bar, which moves on, would press it again
  });
  window.addEventListener('hashchange', apply);
  document.addEventListener('keydown', function (e) {
    if (!document.body.classList.contains('present')) return;
    var next = ['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'].indexOf(e.key) !== -1;
    var back = ['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'].indexOf(e.key) !== -1;
    if (next) show(at + 1);
    else if (back) show(at - 1);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(figs.length - 1);
    else if (e.key === 'Escape') location.hash = '';
    else return;
    e.preventDefault();
  });
  document.addEventListener('click', function (e) {
    if (document.body.classList.contains('present') === false) return;
    if (e.target.closest('#present-bar')) return;
    show(at + 1);
  });
  apply();
})();
)JS";

// In the order of the model's indicator list (docs/model.md).
const std::vector<std::pair<std::string, std::string>>& IndicatorMeanings() {
  static const std::vector<std::pair<std::string, std::string>> m = {
      {"F", "export frontier ratio: the best chip China may buy relative to the US frontier"},
      {"X_chip", "US-bloc share of China's new AI-chip deployments"},
      {"S_CN", "domestic share of China's new AI-chip deployments"},
      {"X_min", "cross-bloc critical-mineral flow index"},
      {"R_US", "US-bloc share of accelerator gross profit"},
      {"C_CN", "China's share of installed global AI compute"},
      {"P_CN", "China's share of new AI data-centre power"},
      {"G_US", "US-stack share of Global South AI spending"},
      {"Gap", "frontier gap between US and Chinese chips, years"},
      {"US_compute_share", "US-bloc share of installed global AI compute"},
      {"LE_US", "US-bloc share of leading-edge logic capacity"},
      {"mineral_self_sufficiency", "US-bloc mineral supply from outside China"},
      {"mineral_ban", "1 when a US-specific mineral ban is in force"},
      {"buy_ban", "1 when China prohibits purchases of US chips"},
      {"export_ban", "1 when the US bans chip exports (and withdraws IP/EDA licences)"},
  };
  return m;
}

}  // namespace

// ---------------------------------------------------------------------------
// Page building blocks.

// An id made of [A-Za-z0-9_-] only, from any name.
std::string Slug(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

std::string Plural(uint64_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// One chart with its caption: what it shows and from how many replicates.
std::string Figure(const std::string& svg, const std::string& caption, const std::string& extra) {
  return "<figure>" + svg + extra + "<figcaption>" + Escape(caption) + "</figcaption></figure>\n";
}

Cell Text(const std::string& s) { return {s, false, "", false}; }
Cell Markdown(const std::string& s) { return {InlineMarkdown(s), false, "", true}; }

std::string InlineMarkdown(const std::string& text) {
  // The end of a span opened by `marker` at `from`: the next marker not
  // preceded by a space, npos if none.
  const auto closing = [&](const std::string& marker, size_t from) {
    for (size_t at = text.find(marker, from); at != std::string::npos;
         at = text.find(marker, at + 1)) {
      if (at > from && text[at - 1] != ' ') return at;
    }
    return std::string::npos;
  };
  // The span starting at i, as HTML, and where it ends; "" when none does.
  const auto span = [&](size_t i) -> std::pair<std::string, size_t> {
    if (text[i] == '`') {
      const size_t end = text.find('`', i + 1);
      if (end == std::string::npos || end == i + 1) return {"", i};
      return {"<code>" + Escape(text.substr(i + 1, end - i - 1)) + "</code>", end + 1};
    }
    for (const auto& [marker, tag] : {std::pair<std::string, std::string>{"**", "strong"},
                                      std::pair<std::string, std::string>{"*", "em"}}) {
      if (text.compare(i, marker.size(), marker) != 0) continue;
      const size_t from = i + marker.size();
      if (from >= text.size() || text[from] == ' ' || text[from] == '*') continue;
      const size_t end = closing(marker, from);
      if (end == std::string::npos) continue;
      return {"<" + tag + ">" + InlineMarkdown(text.substr(from, end - from)) + "</" + tag + ">",
              end + marker.size()};
    }
    return {"", i};
  };
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const auto [html, next] = span(i);
    if (html.empty()) {
      out += Escape(std::string_view(&text[i], 1));
      ++i;
    } else {
      out += html;
      i = next;
    }
  }
  return out;
}

std::string ShiftQuarter(const std::string& label, double offset) {
  if (label.size() != 6 || label[4] != 'Q' || label[5] < '1' || label[5] > '4' ||
      !std::isfinite(offset) || std::abs(offset) > 1e6) {
    return "";
  }
  for (int k = 0; k < 4; ++k) {
    if (label[k] < '0' || label[k] > '9') return "";
  }
  const int start = std::stoi(label.substr(0, 4)) * 4 + (label[5] - '1');
  const auto name = [](int index) {
    return std::to_string(index / 4) + "Q" + std::to_string(index % 4 + 1);
  };
  const int whole = static_cast<int>(std::floor(offset));
  if (offset == whole) return name(start + whole);
  return name(start + whole) + "/Q" + std::to_string((start + whole + 1) % 4 + 1);
}
Cell P(double v, const std::string& key) { return {FormatP(v), true, key}; }
Cell V(double v, const std::string& key) { return {FormatValue(v), true, key}; }

std::string Table(const std::string& id, const std::vector<std::string>& header,
                  const std::vector<std::vector<Cell>>& rows, const std::string& caption) {
  std::ostringstream s;
  s << "<div class=\"tablewrap\"><table id=\"" << Slug(id) << "\"><caption>" << Escape(caption)
    << "</caption><thead><tr>";
  // A column of numbers is right-aligned, its heading too.
  for (size_t i = 0; i < header.size(); ++i) {
    const bool numeric = !rows.empty() && i < rows[0].size() && rows[0][i].numeric;
    s << (numeric ? "<th class=\"num\">" : "<th>") << Escape(header[i]) << "</th>";
  }
  s << "</tr></thead><tbody>";
  for (const auto& row : rows) {
    s << "<tr>";
    for (const Cell& c : row) {
      s << "<td";
      if (c.numeric) s << " class=\"num\"";
      if (!c.key.empty()) s << " data-key=\"" << Escape(c.key) << "\"";
      s << ">" << (c.html ? c.text : Escape(c.text)) << "</td>";
    }
    s << "</tr>";
  }
  s << "</tbody></table></div>\n";
  return s.str();
}

std::string Page(const std::string& title, const std::string& lead, const std::string& meta,
                 const std::string& headline, const std::vector<Section>& sections,
                 const std::string& kind) {
  std::ostringstream s;
  s << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
    << "<meta name=\"generator\" content=\"geostrat " << Escape(kVersion) << "\"/>"
    << "<title>" << Escape(title) << " - geostrat report</title><style>" << kStyle
    << "</style></head>\n<body><div id=\"present-bar\"><span id=\"present-count\"></span>"
    << "<button id=\"present-toggle\" type=\"button\" title=\"One chart per screen for a "
    << "projector (or add #present to the address); arrow keys move, Esc leaves\">Present"
    << "</button></div><div id=\"present-title\"></div><main data-kind=\"" << kind
    << "\">\n<header class=\"page\"><h1 id=\"title\">" << Escape(title) << "</h1>";
  if (!lead.empty()) s << "<p class=\"lead\" id=\"description\">" << InlineMarkdown(lead) << "</p>";
  s << "<p class=\"meta\">" << Escape(meta) << "</p><nav class=\"toc\">";
  for (const Section& sec : sections) {
    s << "<a href=\"#" << Slug(sec.id) << "\">" << Escape(sec.title) << "</a>";
  }
  s << "</nav></header>\n" << headline;
  for (const Section& sec : sections) {
    s << "<section id=\"" << Slug(sec.id) << "\"><h2>" << Escape(sec.title) << "</h2>\n"
      << sec.body << "</section>\n";
  }
  s << "<footer>Written by geostrat " << Escape(kVersion) << " from the files of this folder; "
    << "charts are drawn by the program and the page needs no network.</footer>\n"
    << "</main><script>" << kScript << "</script></body></html>\n";
  return s.str();
}

std::string Stat(const std::string& big, const std::string& what, const std::string& key) {
  std::string s = "<div class=\"stat\"><div class=\"big\"";
  if (!key.empty()) s += " data-key=\"" + Escape(key) + "\"";
  return s + ">" + Escape(big) + "</div><div class=\"what\">" + Escape(what) + "</div></div>";
}

// ---------------------------------------------------------------------------
// What the indicators and classes mean, in one place for every report.

const std::map<std::string, std::string>& IndicatorMeaning() {
  static const std::map<std::string, std::string> m(IndicatorMeanings().begin(),
                                                    IndicatorMeanings().end());
  return m;
}

std::vector<std::string> IndicatorOrder() {
  std::vector<std::string> order;
  for (const auto& [name, meaning] : IndicatorMeanings()) order.push_back(name);
  return order;
}

// The keys of a JSON object (which nlohmann keeps sorted) in a given order;
// keys not in it follow in their own order.
std::vector<std::string> KeysInOrder(const Json& obj, const std::vector<std::string>& order) {
  std::vector<std::string> keys;
  for (const auto& k : order) {
    if (obj.contains(k)) keys.push_back(k);
  }
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(order.begin(), order.end(), it.key()) == order.end()) keys.push_back(it.key());
  }
  return keys;
}

std::string Meaning(const std::string& indicator) {
  const auto it = IndicatorMeaning().find(indicator);
  return it == IndicatorMeaning().end() ? indicator : indicator + ": " + it->second;
}

const std::map<std::string, std::string>& ClassMeaning() {
  static const std::map<std::string, std::string> m = {
      {"full_decoupling", "two separate stacks with almost no chip or mineral trade"},
      {"reintegration", "one market again: open exports, minerals flowing, no bans"},
      {"china_catch_up", "China closes the gap and holds a large compute share"},
      {"us_led_unipolar", "the US stack dominates rents, compute and the Global South"},
      {"symbiotic_bifurcation",
       "the US keeps the blueprints and IP rents, China holds scale, "
       "and the two layered ecosystems still trade"},
      {"contested_transition", "no end state held for the last 8 quarters"},
  };
  return m;
}

}  // namespace geostrat::report_html
