// Offline HTML reports: escaping, number formats, well-formed SVG and pages,
// the numbers shown against the folder's JSON files, every folder kind, the
// representative replicate and its reasons, and bad folders.
#include "engine/report/report.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/core/error.h"
#include "engine/run/narrative.h"
#include "engine/report/report_html.h"
#include "engine/run/results.h"
#include "engine/run/runner.h"
#include "engine/report/svg.h"
#include "engine/sweep/sweep.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::WriteFile;

// "" when `text` is well-formed XML (the report pages are written as XHTML:
// every tag closed or self-closed, attributes quoted, only known entities),
// else the first problem and where it is.
std::string XmlProblem(const std::string& text) {
  std::vector<std::string> open;
  size_t i = 0;
  auto where = [&](size_t at) { return " at offset " + std::to_string(at); };
  // &amp; &lt; &gt; &quot; &#39; &#NNN; &#xHH;
  auto entity_ok = [&](size_t at) {
    const size_t end = text.find(';', at);
    if (end == std::string::npos || end - at > 10) return false;
    const std::string name = text.substr(at + 1, end - at - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot") return true;
    if (name.size() < 2 || name[0] != '#') return false;
    const bool hex = name[1] == 'x';
    if (hex && name.size() < 3) return false;
    for (size_t k = hex ? 2 : 1; k < name.size(); ++k) {
      if (!(hex ? std::isxdigit(static_cast<unsigned char>(name[k]))
                : std::isdigit(static_cast<unsigned char>(name[k])))) {
        return false;
      }
    }
    return true;
  };
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '&') {
      if (!entity_ok(i)) return "bare '&'" + where(i);
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (text.compare(i, 9, "<!DOCTYPE") == 0) {
      i = text.find('>', i);
      if (i == std::string::npos) return "unterminated DOCTYPE";
      ++i;
      continue;
    }
    if (text.compare(i, 4, "<!--") == 0) {
      i = text.find("-->", i);
      if (i == std::string::npos) return "unterminated comment";
      i += 3;
      continue;
    }
    const bool closing = i + 1 < text.size() && text[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    const size_t name_start = j;
    while (j < text.size() && is_name(text[j])) ++j;
    const std::string name = text.substr(name_start, j - name_start);
    if (name.empty()) return "'<' not starting a tag" + where(i);
    if (closing) {
      if (j >= text.size() || text[j] != '>') return "malformed closing tag </" + name + where(i);
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes " +
               (open.empty() ? std::string("nothing") : "<" + open.back() + ">") + where(i);
      }
      open.pop_back();
      i = j + 1;
      continue;
    }
    // Attributes: name="value" or name='value'.
    while (true) {
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j >= text.size()) return "unterminated tag <" + name;
      if (text[j] == '>') {
        open.push_back(name);
        ++j;
        break;
      }
      if (text.compare(j, 2, "/>") == 0) {
        j += 2;
        break;
      }
      const size_t attr = j;
      while (j < text.size() && is_name(text[j])) ++j;
      if (j == attr) return "bad attribute in <" + name + where(j);
      if (j >= text.size() || text[j] != '=')
        return "attribute without value in <" + name + where(j);
      ++j;
      if (j >= text.size() || (text[j] != '"' && text[j] != '\''))
        return "unquoted attribute in <" + name + where(j);
      const char quote = text[j++];
      while (j < text.size() && text[j] != quote) {
        if (text[j] == '<') return "'<' in an attribute of <" + name + where(j);
        if (text[j] == '&' && !entity_ok(j)) return "bare '&' in an attribute" + where(j);
        ++j;
      }
      if (j >= text.size()) return "unterminated attribute in <" + name;
      ++j;
    }
    i = j;
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  return "";
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The text of the element carrying data-key="<key>" ("" if none).
std::string Shown(const std::string& html, const std::string& key) {
  const std::string marker = "data-key=\"" + key + "\">";
  const size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const size_t from = at + marker.size();
  return html.substr(from, html.find('<', from) - from);
}

// The page's one script is its own presentation toggle (report_html.cc): no
// text from a config or a results file ever becomes a script.
bool OnlyOwnScript(const std::string& html) {
  return Count(html, "<script") == 1 && Count(html, "<script>\n(function () {") == 1;
}

std::string ThreeDecimals(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

TEST_CASE("Escaping covers the five characters HTML and XML treat specially", "[report]") {
  CHECK(svg::Escape("<script>alert(\"x\")</script> & 'q'") ==
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
  CHECK(svg::Escape("plain text, 5% and 2026Q1") == "plain text, 5% and 2026Q1");
  CHECK(svg::Escape("") == "");
}

TEST_CASE("One number format: three decimals for probabilities, four significant digits else",
          "[report]") {
  CHECK(svg::FormatP(0.0556) == "0.056");
  CHECK(svg::FormatP(1) == "1.000");
  CHECK(svg::FormatP(0) == "0.000");
  CHECK(svg::FormatP(svg::kNone) == "n/a");
  CHECK(svg::FormatValue(0.51234) == "0.5123");
  CHECK(svg::FormatValue(12.345) == "12.35");
  CHECK(svg::FormatValue(20431.4) == "20431");
  CHECK(svg::FormatValue(-1858.2) == "-1858");
  CHECK(svg::FormatValue(3) == "3");
  CHECK(svg::FormatValue(svg::kNone) == "n/a");
}

TEST_CASE("Numbers for people: no exponent, and zero within rounding is 0", "[report]") {
  CHECK(svg::FormatValue(5.609e-15) == "0");
  CHECK(svg::FormatValue(-3.1e-16) == "0");
  CHECK(svg::FormatValue(0) == "0");
  CHECK(svg::FormatValue(1.234e-5) == "0.000012");
  CHECK(svg::FormatValue(-4.5e-5) == "-0.000045");
  CHECK(svg::FormatValue(0.00012) == "0.00012");
  CHECK(svg::FormatValue(123456789.0) == "123456789");
  for (double v : {1e-9, 3.3e-7, 0.5e-4, 2e-3, 0.25, 999.5, 1e7, -1e-12}) {
    INFO(v);
    CHECK(svg::FormatValue(v).find('e') == std::string::npos);
  }
}

TEST_CASE("Policy descriptions: inline markdown rendered, the rest escaped", "[report]") {
  using report_html::InlineMarkdown;
  CHECK(InlineMarkdown("plays `ban` when **X_chip** < 0.5, *else* `open`") ==
        "plays <code>ban</code> when <strong>X_chip</strong> &lt; 0.5, <em>else</em> "
        "<code>open</code>");
  CHECK(InlineMarkdown("a * b and 2*3 stay") == "a * b and 2*3 stay");
  CHECK(InlineMarkdown("`<script>`") == "<code>&lt;script&gt;</code>");
  CHECK(InlineMarkdown("an unclosed ` tick & more") == "an unclosed ` tick &amp; more");
  CHECK(report_html::Markdown("`x`").html);
  CHECK_FALSE(report_html::Text("`x`").html);
}

TEST_CASE("Quarter labels: the mapping of Scenario::QuarterLabel from any label", "[report]") {
  using report_html::ShiftQuarter;
  CHECK(ShiftQuarter("2026Q1", 0) == "2026Q1");
  CHECK(ShiftQuarter("2026Q1", 5) == "2027Q2");
  CHECK(ShiftQuarter("2025Q4", 1) == "2026Q1");
  CHECK(ShiftQuarter("2026Q1", -1) == "2025Q4");
  CHECK(ShiftQuarter("2026Q1", 31) == "2033Q4");
  CHECK(ShiftQuarter("2027Q4", 2.5) == "2028Q2/Q3");
  CHECK(ShiftQuarter("2027Q4", 0.5) == "2027Q4/Q1");
  CHECK(ShiftQuarter("quarter", 1) == "");
  CHECK(ShiftQuarter("2026Q5", 1) == "");
}

TEST_CASE("Phase-diagram verdicts are computed from the grid", "[report]") {
  // A flat grid: P(symbiotic) from 0.032 to 0.038 over the two levers.
  PhaseGrid flat{"P(symbiotic_bifurcation)",
                 "fee",
                 {0.0, 0.2, 0.4},
                 "red_line",
                 {0.3, 1.0},
                 {{0.032, 0.035, 0.038}, {0.033, 0.036, 0.037}}};
  CHECK(PhaseVerdict(flat, 0.5) ==
        "P(symbiotic_bifurcation) changes by less than 0.01 across fee and red_line (0.032 to "
        "0.038).");
  PhaseGrid zero = flat;
  for (auto& row : zero.z) row.assign(3, 0.0);
  CHECK(PhaseVerdict(zero, 0.5) == "P(symbiotic_bifurcation) is 0.000 everywhere on this grid.");
  // A crossing along the fee in one row only; the red line moves it too.
  PhaseGrid crossing{"P(x)", "fee", {0.1, 0.2, 0.3}, "red_line", {0.5, 1.0},
                     {{0.1, 0.2, 0.3}, {0.3, 0.45, 0.62}}};
  CHECK(PhaseVerdict(crossing, 0.5) ==
        "P(x) crosses 0.500 rising between fee 0.2 and 0.3 at red_line 1.");
  // Falling along the red line only (every row is flat along the fee).
  PhaseGrid column{"P(y)", "fee", {0.1, 0.2}, "red_line", {0.5, 1.0},
                   {{0.7, 0.702}, {0.3, 0.301}}};
  CHECK(PhaseVerdict(column, 0.5) ==
        "P(y) crosses 0.500 falling between red_line 0.5 and 1 at every fee; across fee it "
        "changes by less than 0.01.");
  // Crossings at different places are told apart, each with where it is.
  PhaseGrid places{"P(w)", "fee", {0.1, 0.2, 0.3}, "red_line", {0.5, 0.7, 1.0},
                   {{0.1, 0.6, 0.7}, {0.2, 0.3, 0.8}, {0.1, 0.7, 0.9}}};
  CHECK(PhaseVerdict(places, 0.5) ==
        "P(w) crosses 0.500 rising between fee 0.1 and 0.2 at red_line 0.5, 1; rising between "
        "fee 0.2 and 0.3 at red_line 0.7.");
  // No crossing: which lever moves it most.
  PhaseGrid below{"P(z)", "fee", {0.1, 0.2, 0.3}, "red_line", {0.5, 1.0},
                  {{0.1, 0.1, 0.1}, {0.3, 0.3, 0.3}}};
  CHECK(PhaseVerdict(below, 0.5) ==
        "P(z) stays below 0.500 everywhere (0.100 to 0.300), changing most with red_line (by "
        "up to 0.200); across fee it changes by less than 0.01.");
  CHECK(PhaseVerdict(below, 0.05) ==
        "P(z) stays above 0.050 everywhere (0.100 to 0.300), changing most with red_line (by "
        "up to 0.200); across fee it changes by less than 0.01.");
  CHECK(MostLikelyVerdict({"a", "b"}, {{0, 0, 1}, {0, 0, svg::kNone}}) ==
        "The most likely end state is a in 4 of 5 cells, b in 1.");
  CHECK(MostLikelyVerdict({"a", "b"}, {{1, 1}}) == "The most likely end state is b in every cell.");
}

TEST_CASE("Contours by marching squares on the cell grid", "[report]") {
  // One cell above 0.5 in a 3 x 3 grid: a closed diamond of four segments.
  const std::vector<std::vector<double>> peak = {{0, 0, 0}, {0, 1, 0}, {0, 0, 0}};
  const auto diamond = svg::ContourSegments(peak, 0.5);
  CHECK(diamond.size() == 4);
  for (const auto& s : diamond) {
    // Every end point lies half way between the peak and a neighbour.
    for (const auto& [x, y] : {std::pair{s.x1, s.y1}, std::pair{s.x2, s.y2}}) {
      CHECK(std::abs(x - 1) + std::abs(y - 1) == Approx(0.5));
    }
  }
  // A step along x: one straight line through the three rows (two squares
  // high), at x = 0.5 between the columns 0 and 1.
  const std::vector<std::vector<double>> step = {{0, 1, 1}, {0, 1, 1}, {0, 1, 1}};
  const auto line = svg::ContourSegments(step, 0.5);
  REQUIRE(line.size() == 2);
  for (const auto& s : line) {
    CHECK(s.x1 == Approx(0.5));
    CHECK(s.x2 == Approx(0.5));
  }
  CHECK(svg::ContourSegments(step, 2.0).empty());           // never reached
  CHECK(svg::ContourSegments({{0, 1, 0}}, 0.5).empty());    // one row: no squares
  // A saddle gives two segments; a missing corner none.
  CHECK(svg::ContourSegments({{1, 0}, {0, 1}}, 0.5).size() == 2);
  CHECK(svg::ContourSegments({{1, svg::kNone}, {0, 1}}, 0.5).empty());
  // Drawn on a heat map: the halo and the line.
  svg::HeatMap map{"m", "fee", "red_line", "P(x)", {0, 1, 2}, {0, 1, 2}, {}, {}, peak, 0, 1, 0.5,
                   {}};
  const std::string drawn = svg::DrawHeatMap(map);
  CHECK(Count(drawn, "class=\"contour\"") == 1);
  CHECK(Count(drawn, "class=\"contour-halo\"") == 1);
  CHECK(XmlProblem(drawn) == "");
}

TEST_CASE("Chart text is sized for a projector and time axes read in quarters", "[report]") {
  // Every text carries its size; full-width charts at least 12.5 units
  // (x 1.39 at a 1280 px window), compact ones at least 14.5 (x 1.07).
  svg::LineChart chart;
  chart.id = "t";
  chart.x_label = "quarter";
  chart.y_label = "share";
  for (int q = 0; q <= 40; ++q) {
    chart.x.push_back(q);
    chart.x_names.push_back(report_html::ShiftQuarter("2025Q4", q));
  }
  chart.lines = {{"a", std::vector<double>(41, 0.5), {}, {}, ""}};
  chart.probability = true;
  for (const bool compact : {false, true}) {
    chart.compact = compact;
    const std::string text = svg::DrawLines(chart);
    CHECK(XmlProblem(text) == "");
    size_t texts = 0;
    for (size_t at = text.find("<text"); at != std::string::npos; at = text.find("<text", at + 1)) {
      ++texts;
      const size_t size = text.find("font-size=\"", at);
      REQUIRE(size < text.find('>', at));
      CHECK(std::stod(text.substr(size + 11)) >= (compact ? 14.5 : 12.5));
    }
    CHECK(texts > 8);
    // Quarter ticks on the same quarter of each year, never a bare number.
    CHECK(text.find(">2026Q1</text>") != std::string::npos);
    CHECK(text.find(">10</text>") == std::string::npos);
  }
  // A threshold is labelled on its line.
  chart.level = 0.05;
  chart.level_label = "threshold 0.050";
  CHECK(svg::DrawLines(chart).find(">threshold 0.050</text>") != std::string::npos);
}

TEST_CASE("Colour scales: Okabe-Ito categories and viridis end points", "[report]") {
  CHECK(std::string(svg::CategoryColour(0)) == "#0072B2");
  CHECK(std::string(svg::CategoryColour(7)) == "#0072B2");
  CHECK(svg::Viridis(0) == "#440154");
  CHECK(svg::Viridis(1) == "#fde725");
  CHECK(svg::Viridis(-3) == "#440154");
  CHECK(svg::Viridis(svg::kNone) == "#440154");
}

TEST_CASE("Every chart kind is well-formed SVG and escapes its labels", "[report]") {
  const std::string evil = "<script>\"x\" & 'y'</script>";
  svg::FanChart fan{"fan",
                    evil,
                    {"2026Q1", "2026Q2", "2026Q3"},
                    {0.1, 0.2, 0.3},
                    {0.2, 0.3, 0.4},
                    {0.3, 0.4, 0.5},
                    {0.4, 0.5, 0.6},
                    {0.5, 0.6, 0.7}};
  svg::BarChart bars{
      "bars", evil, {{evil, 0.2, 0.1, 0.3}, {"b", 0.5, svg::kNone, svg::kNone}}, true};
  svg::HeatMap heat{"heat", evil,      "y",
                    "p",    {0, 1, 2}, {10, 20},
                    {},     {},        {{0.1, 0.2, 0.3}, {0.4, svg::kNone, 0.6}},
                    0,      1,         0.5,
                    {}};
  svg::HeatMap named{"named", "x",    "y", "z", {0, 1}, {0, 1}, {evil, "b"}, {"c", evil},
                     {{1, 2}, {3, 4}}, 1, 4, svg::kNone, {}};
  svg::LineChart lines;
  lines.id = "lines";
  lines.x_label = evil;
  lines.y_label = "p";
  lines.x = {0, 1, 2};
  lines.lines = {{evil, {0.1, 0.5, 0.9}, {0.05, 0.4, 0.8}, {0.2, 0.6, 0.95}, ""},
                 {"flat", {0.3, 0.3, 0.3}, {}, {}, "#bdbdbd"}};
  lines.shaded = {{0.5, 1.5}};
  lines.level = 0.5;
  lines.markers = true;
  const std::vector<std::pair<std::string, std::string>> charts = {
      {"fan", svg::DrawFan(fan)},
      {"bars", svg::DrawBars(bars)},
      {"heat", svg::DrawHeatMap(heat)},
      {"named", svg::DrawHeatMap(named)},
      {"lines", svg::DrawLines(lines)}};
  for (const auto& [id, text] : charts) {
    INFO(id << ": " << text.substr(0, 400));
    CHECK(XmlProblem(text) == "");
    CHECK(text.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\"", 0) == 0);
    CHECK(text.find("<script") == std::string::npos);
    CHECK(text.find("&lt;script&gt;") != std::string::npos);
  }
  // What each chart draws: two bands and a median; a bar and a whisker per
  // bar; one cell per grid point (the missing one white); a bracket and a
  // dashed threshold.
  CHECK(Count(charts[0].second, "class=\"band90\"") == 1);
  CHECK(Count(charts[0].second, "class=\"band50\"") == 1);
  CHECK(Count(charts[0].second, "class=\"median\"") == 1);
  CHECK(Count(charts[1].second, "<g class=\"bar\"") == 2);
  CHECK(Count(charts[1].second, "class=\"value\">0.200</text>") == 1);
  CHECK(Count(charts[2].second, "class=\"cell\"") == 6);
  CHECK(Count(charts[2].second, "fill=\"#ffffff\"") == 1);
  CHECK(Count(charts[2].second, ">0.600</text>") == 1);
  CHECK(Count(charts[4].second, "class=\"bracket\"") == 1);
  CHECK(Count(charts[4].second, "stroke-dasharray") == 1);
  CHECK(Count(charts[4].second, "class=\"ci\"") == 1);
  CHECK(Count(charts[4].second, "<circle") == 6);
}

TEST_CASE("The XML checker rejects what a browser would misread", "[report]") {
  CHECK(XmlProblem("<a><b></b></a>") == "");
  CHECK(XmlProblem("<a x=\"1\"/>") == "");
  CHECK(XmlProblem("<a><b></a>") != "");
  CHECK(XmlProblem("<a>x & y</a>") != "");
  CHECK(XmlProblem("<a x=1></a>") != "");
  CHECK(XmlProblem("<a>") != "");
}

TEST_CASE("The representative replicate is the modal class's most typical one", "[report]") {
  RunOutput run;
  auto add = [&](OutcomeClass c, double s_cn) {
    ReplicateOutcome o;
    o.outcome = c;
    o.end.s_cn = s_cn;
    run.replicates.push_back(o);
  };
  add(kSymbioticBifurcation, 0.9);  // 0
  add(kContestedTransition, 0.1);   // 1
  add(kContestedTransition, 0.52);  // 2: nearest the class median 0.5
  add(kContestedTransition, 0.5);   // 3: the median itself
  add(kContestedTransition, 0.9);   // 4
  add(kSymbioticBifurcation, 0.5);  // 5
  const Representative rep = ChooseRepresentative(run);
  CHECK(rep.outcome == kContestedTransition);
  CHECK(rep.class_count == 4);
  // Class medians: S_CN (0.5 + 0.52) / 2 = 0.51 -> replicates 2 and 3 tie; the lower wins.
  CHECK(rep.replicate == 2);
  // A tie between classes goes to the earlier class.
  run.replicates.resize(2);
  CHECK(ChooseRepresentative(run).outcome == kSymbioticBifurcation);
}

// A world where every US escalation is answered: export controls fixed at
// "ban", the mineral controller's cross_retaliation answering with certainty.
std::string CertainRetaliationConfig(const std::string& dir) {
  return WriteFile(dir, "ban.json",
                   R"({"extends": ")" + SourcePath("experiments/what-if-ban.json") +
                       R"(", "name": "certain-retaliation", "replicates": 40,
  "policies": {"mineral_retaliation.controller": {"name": "cross_retaliation",
    "watch": "export_control.restrictor", "trigger": "tight", "baseline": "licensing",
    "response": "ban", "lag": 1, "duration": 4, "probability": 1}}})");
}

const Json& MoveOf(const Json& rep, int quarter_index, const std::string& seat) {
  for (const auto& m : rep["quarters"][quarter_index]["moves"]) {
    if (m["seat"] == seat) return m;
  }
  FAIL("no move of " << seat);
  static const Json none;
  return none;
}

TEST_CASE("Every move's reason names the policy's trigger", "[report]") {
  const std::string dir = testing::TempDir("reasons");
  const Experiment e = LoadExperiment(CertainRetaliationConfig(dir));
  const RunOutput run = RunMonteCarlo(e, {.threads = 1, .progress = false});
  const Json rep = RepresentativeJson(e, run);
  REQUIRE(rep["quarters"].size() == 40);
  CHECK(rep["quarters"][0]["quarter"] == "2026Q1");
  // Quarter 1: the opening moves.
  CHECK(MoveOf(rep, 0, "export_control.restrictor")["reason"] == "plays its fixed action 'ban'.");
  CHECK(MoveOf(rep, 0, "export_control.restrictor")["changed"] == true);
  CHECK(MoveOf(rep, 0, "export_control.restrictor")["previous"] == "license");
  // China follows: it sees the US ban of the quarter. The controller's answer
  // comes after its one-quarter lag; tit for tat mirrors it at once.
  CHECK(MoveOf(rep, 0, "mineral_retaliation.controller")["reason"] ==
        "holds 'licensing' for now: us (export_control.restrictor) moved up to 'ban' in 2026Q1 "
        "and any answer comes 1 quarter(s) later.");
  CHECK(MoveOf(rep, 0, "license_fee.buyer")["reason"] ==
        "mirrors us (export_control.restrictor)'s move this quarter 'ban' with 'prohibit'.");
  // Quarter 2: the ban of 2026Q1 is answered after the one-quarter lag.
  CHECK(MoveOf(rep, 1, "mineral_retaliation.controller")["action"] == "ban");
  CHECK(MoveOf(rep, 1, "mineral_retaliation.controller")["reason"] ==
        "retaliates with 'ban' (quarter 1 of 4), answering us (export_control.restrictor)'s move "
        "up to 'ban' in 2026Q1.");
  CHECK(MoveOf(rep, 1, "license_fee.buyer")["reason"] ==
        "mirrors us (export_control.restrictor)'s move this quarter 'ban' with 'prohibit'.");
  CHECK(MoveOf(rep, 4, "mineral_retaliation.controller")["reason"] ==
        "retaliates with 'ban' (quarter 4 of 4), answering us (export_control.restrictor)'s move "
        "up to 'ban' in 2026Q1.");
  // Quarter 6: the four quarters of response are over.
  CHECK(MoveOf(rep, 5, "mineral_retaliation.controller")["action"] == "licensing");
  CHECK(MoveOf(rep, 5, "mineral_retaliation.controller")["reason"] ==
        "is back at 'licensing': its answer to us (export_control.restrictor)'s escalation in "
        "2026Q1 has run its 4 quarters.");
  CHECK(rep["seats"].size() == e.scenario.seats.size());
  CHECK(rep["replicate"].get<uint32_t>() == ChooseRepresentative(run).replicate);
}

TEST_CASE("Reasons for scripts, their fallbacks and policies told by name", "[report]") {
  const std::string dir = testing::TempDir("reasons-script");
  CertainRetaliationConfig(dir);
  const std::string config =
      WriteFile(dir, "script.json", R"({"extends": "ban.json", "name": "script",
  "policies": {"export_control.restrictor": {"name": "scripted", "actions": ["license", "tight"],
     "fallback": {"name": "grim_trigger", "watch": "mineral_retaliation.controller",
                  "cooperate": "license", "punish": "ban", "threshold": "ban"}},
   "license_fee.seller": {"name": "win_stay_lose_shift"}}})");
  const Experiment e = LoadExperiment(config);
  const RunOutput run = RunMonteCarlo(e, {.threads = 2, .progress = false});
  const Json rep = RepresentativeJson(e, run);
  CHECK(MoveOf(rep, 1, "export_control.restrictor")["reason"] ==
        "follows its script: 'tight' in 2026Q2.");
  // The escalation to 'tight' in 2026Q2 is answered in 2026Q3; the grim
  // trigger behind the script still cooperates then and punishes after.
  CHECK(MoveOf(rep, 2, "mineral_retaliation.controller")["action"] == "ban");
  CHECK(MoveOf(rep, 2, "export_control.restrictor")["reason"] ==
        "has finished its script and cooperates with 'license': china "
        "(mineral_retaliation.controller) has never played 'ban' or above.");
  CHECK(MoveOf(rep, 3, "export_control.restrictor")["reason"] ==
        "has finished its script and punishes with 'ban' for good: china "
        "(mineral_retaliation.controller) played 'ban' in 2026Q3.");
  const std::string seller = MoveOf(rep, 1, "license_fee.seller")["action"];
  CHECK(MoveOf(rep, 1, "license_fee.seller")["reason"].get<std::string>().rfind(
            "plays '" + seller +
                "' by its win_stay_lose_shift rule; china (license_fee.buyer) last played '",
            0) == 0);
  CHECK(rep["seats"][1]["policy_doc"].get<std::string>().rfind("Cooperates first;", 0) == 0);
}

TEST_CASE("A run report shows summary.json's numbers, every indicator and the timeline",
          "[report]") {
  const std::string dir = testing::TempDir("run-report");
  const std::string config = WriteFile(
      dir, "evil.json",
      R"({"extends": ")" + SourcePath("experiments/smoke.json") +
          R"(", "name": "evil", "description": "Quotes \"double\" & 'single' <script>alert(1)</script>", "replicates": 120})");
  const auto r = RunGeostrat("run " + config + " --threads 2 --out " + dir + "/run --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string html = ReadFile(dir + "/run/report.html");
  CHECK(XmlProblem(html) == "");
  CHECK(OnlyOwnScript(html));
  CHECK(html.find("<link") == std::string::npos);
  CHECK(Count(html, "http://") == Count(html, "http://www.w3.org/2000/svg"));
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("Quotes &quot;double&quot; &amp; &#39;single&#39; "
                  "&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

  const Json summary = Json::parse(ReadFile(dir + "/run/summary.json"));
  for (auto it = summary["outcomes"].begin(); it != summary["outcomes"].end(); ++it) {
    for (const char* k : {"p", "ci_low", "ci_high"}) {
      INFO(it.key() << " " << k);
      CHECK(Shown(html, "summary.json#/outcomes/" + it.key() + "/" + k) ==
            ThreeDecimals((*it)[k].get<double>()));
    }
    CHECK(Shown(html, "summary.json#/outcomes/" + it.key() + "/count") ==
          std::to_string((*it)["count"].get<int>()));
  }
  for (auto it = summary["end_indicators"].begin(); it != summary["end_indicators"].end(); ++it) {
    for (const char* k : {"mean", "q50", "q95"}) {
      CHECK(Shown(html, "summary.json#/end_indicators/" + it.key() + "/" + k) ==
            svg::FormatValue((*it)[k].get<double>()));
    }
  }
  CHECK(Shown(html, "summary.json#/discounted_utility/us/q50") ==
        svg::FormatValue(summary["discounted_utility"]["us"]["q50"].get<double>()));
  // One fan chart per indicator of series.csv, each captioned with the
  // replicate count; the outcome chart has a bar per class.
  for (const auto& ind : SeriesIndicators()) {
    CHECK(Count(html, std::string("id=\"fan-") + ind.name + "\"") == 1);
  }
  CHECK(Count(html, "from 120 replicates") >= SeriesIndicators().size() + 1);
  CHECK(Count(html, "<g class=\"bar\"") == summary["outcomes"].size());
  CHECK(Count(html, "<figcaption>") == Count(html, "<figure>"));
  // The representative replicate's timeline.
  const Json rep = Json::parse(ReadFile(dir + "/run/representative.json"));
  CHECK(html.find("id=\"timeline\"") != std::string::npos);
  CHECK(Count(html, "id=\"table-seats\"") == 1);
  CHECK(Shown(html, "representative.json#/replicate") ==
        std::to_string(rep["replicate"].get<int>()));
  CHECK(html.find(svg::Escape(rep["quarters"][0]["moves"][0]["reason"].get<std::string>())) !=
        std::string::npos);
}

TEST_CASE("representative.json is the same for any thread count and matches outcomes.csv",
          "[report]") {
  const std::string dir = testing::TempDir("rep-threads");
  for (int t : {1, 3}) {
    const auto r =
        RunGeostrat("run " + SourcePath("experiments/smoke.json") + " --replicates 90 --threads " +
                    std::to_string(t) + " --out " + dir + "/t" + std::to_string(t) + " -q");
    INFO(r.out);
    REQUIRE(r.status == 0);
  }
  const std::string one = ReadFile(dir + "/t1/representative.json");
  CHECK(ReadFile(dir + "/t3/representative.json") == one);
  CHECK_FALSE(fs::exists(dir + "/t1/report.html"));  // only with --report
  // A folder without representative.json (older runs) still has a report,
  // without the timeline.
  fs::remove(dir + "/t3/representative.json");
  const std::string page = ReportHtml(dir + "/t3");
  CHECK(XmlProblem(page) == "");
  CHECK(page.find("id=\"chart-outcomes\"") != std::string::npos);
  CHECK(page.find("id=\"timeline\"") == std::string::npos);
  const Json rep = Json::parse(one);
  const std::string outcomes = ReadFile(dir + "/t1/outcomes.csv");
  const std::string row = "\n" + std::to_string(rep["replicate"].get<int>()) + ",";
  const size_t at = outcomes.find(row);
  REQUIRE(at != std::string::npos);
  const std::string line = outcomes.substr(at + 1, outcomes.find('\n', at + 1) - at - 1);
  CHECK(line.find("," + rep["outcome"].get<std::string>() + ",") != std::string::npos);
  // The most frequent class of the run.
  const Json summary = Json::parse(ReadFile(dir + "/t1/summary.json"));
  for (auto it = summary["outcomes"].begin(); it != summary["outcomes"].end(); ++it) {
    CHECK((*it)["count"].get<int>() <=
          summary["outcomes"][rep["outcome"].get<std::string>()]["count"].get<int>());
  }
}

TEST_CASE("A tournament report ranks the strategies as summary.json does", "[report]") {
  const std::string dir = testing::TempDir("tournament-report");
  const std::string config = WriteFile(
      dir, "t.json",
      R"({"extends": ")" + SourcePath("experiments/tournaments/axelrod-classic.json") +
          R"(", "name": "t", "repetitions": 3, "turns": 20, "moran": {"population": 4, "trials": 20},
  "strategies": [{"label": "<b>\"tft\"</b> & co", "policy": {"name": "tit_for_tat"}},
                 {"name": "defector"}, {"name": "cooperator"}]})");
  const auto r = RunGeostrat("tournament " + config + " --out " + dir + "/run --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string html = ReadFile(dir + "/run/report.html");
  CHECK(XmlProblem(html) == "");
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("&lt;b&gt;&quot;tft&quot;&lt;/b&gt; &amp; co") != std::string::npos);
  const Json summary = Json::parse(ReadFile(dir + "/run/summary.json"));
  for (size_t k = 0; k < summary["strategies"].size(); ++k) {
    const std::string b = "summary.json#/strategies/" + std::to_string(k);
    CHECK(Shown(html, b + "/mean_per_turn") ==
          svg::FormatValue(summary["strategies"][k]["mean_per_turn"].get<double>()));
    CHECK(Shown(html, b + "/rank") == std::to_string(summary["strategies"][k]["rank"].get<int>()));
  }
  for (const char* id : {"id=\"chart-ranking\"", "id=\"table-ranking\"", "id=\"chart-payoffs\"",
                         "id=\"chart-ecological\"", "id=\"table-moran\""}) {
    CHECK(Count(html, id) == 1);
  }
  CHECK(Count(html, "<g class=\"bar\"") == 3);
  CHECK(html.find("over 3 repetitions") != std::string::npos);
}

TEST_CASE("An asymmetric tournament's report ranks within each seat", "[report]") {
  // Lesson 1 pits US and China seats of a model stage game: a chart per seat,
  // bars highest first, the table's values those of summary.json's seats.
  const std::string dir = testing::TempDir("tournament-seats-report");
  const auto r = RunGeostrat("tournament " + SourcePath("experiments/seminar/export-control-dilemma.json") +
                             " --out " + dir + "/run --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string html = ReadFile(dir + "/run/report.html");
  CHECK(XmlProblem(html) == "");
  CHECK(Count(html, "id=\"chart-ranking-row\"") == 1);
  CHECK(Count(html, "id=\"chart-ranking-column\"") == 1);
  CHECK(Count(html, "id=\"chart-ranking\"") == 0);
  const Json summary = Json::parse(ReadFile(dir + "/run/summary.json"));
  REQUIRE(summary["symmetric_game"] == false);
  double last = INFINITY;
  for (size_t k = 0; k < summary["strategies"].size(); ++k) {
    const Json& s = summary["strategies"][k];
    const std::string b = "summary.json#/strategies/" + std::to_string(k);
    CHECK(Shown(html, b + "/seats/column/mean_per_turn") ==
          svg::FormatValue(s["seats"]["column"]["mean_per_turn"].get<double>()));
    // Ranked by the mean normalised seat score, best first.
    CHECK(s["normalised"].get<double>() <= last);
    last = s["normalised"].get<double>();
  }
  // pairs.csv names no winner across seats.
  const std::string pairs = ReadFile(dir + "/run/pairs.csv");
  CHECK(pairs.find(",grim_trigger\n") == std::string::npos);
}

TEST_CASE("A meta-game report shows each equilibrium as equilibria.json does", "[report]") {
  const std::string dir = testing::TempDir("equilibrium-report");
  const auto r = RunGeostrat("equilibrium " + SourcePath("experiments/equilibrium-baseline.json") +
                             " --replicates 12 --threads 2 --out " + dir + "/run --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string html = ReadFile(dir + "/run/report.html");
  CHECK(XmlProblem(html) == "");
  const Json eq = Json::parse(ReadFile(dir + "/run/equilibria.json"));
  REQUIRE(eq["equilibria"].size() >= 1);
  for (size_t e = 0; e < eq["equilibria"].size(); ++e) {
    const std::string b = "equilibria.json#/equilibria/" + std::to_string(e);
    const Json& x = eq["equilibria"][e];
    CHECK(Shown(html, b + "/max_regret") == svg::FormatValue(x["max_regret"].get<double>()));
    CHECK(Shown(html, b + "/bootstrap_stability") ==
          ThreeDecimals(x["bootstrap_stability"].get<double>()));
    CHECK(Shown(html, b + "/outcomes/symbiotic_bifurcation/p") ==
          ThreeDecimals(x["outcomes"]["symbiotic_bifurcation"]["p"].get<double>()));
    CHECK(Count(html, "id=\"chart-eq-" + std::to_string(e + 1) + "-outcomes\"") == 1);
  }
  CHECK(Shown(html, "equilibria.json#/profiles/0/export_control.restrictor/mean") ==
        svg::FormatValue(eq["profiles"][0]["export_control.restrictor"]["mean"].get<double>()));
  CHECK(Count(html, "id=\"table-payoffs\"") == 1);
  CHECK(Count(html, "id=\"heat-payoff-export_control_restrictor\"") == 1);
  CHECK(html.find("from 12 replicates") != std::string::npos);
}

// A small hand-written sweep folder in the shapes the sweep verb writes
// (engine/sweep/sweep.cc; results/README.md), for the verb's own checks.
std::string WriteSweepFolder(const std::string& dir) {
  const std::string f = dir + "/sweep";
  fs::create_directories(f);
  WriteFile(f, "manifest.json",
            R"({"kind": "sweep", "name": "sweep<script>", "description": "A \"sweep\" & more",
                "design": {"kind": "grid", "points": 3, "replicates_per_point": 200}})");
  WriteFile(
      f, "points.csv",
      "point,x,replicates,p_a,ci_low_a,ci_high_a,p_b,ci_low_b,ci_high_b\n"
      "0,0.1,200,0.1,0.06,0.15,0.9,0.85,0.94\n"
      "1,0.5,200,0.45,0.38,0.52,0.55,0.48,0.62\n"
      "2,0.9,200,0.8,0.74,0.85,0.2,0.15,0.26\n");
  WriteFile(f, "tipping.json",
            R"({"crossings": [{"lever": "x", "event_label": "a", "threshold": 0.5, "confidence": 0.95,
    "found": true, "estimate": 0.56, "bracket": [0.5, 0.62], "range": [0, 1],
    "evaluations": [{"x": 0.9, "events": 160, "trials": 200, "p": 0.8, "ci_low": 0.74, "ci_high": 0.85},
                    {"x": 0.1, "events": 20, "trials": 200, "p": 0.1, "ci_low": 0.06, "ci_high": 0.15},
                    {"x": 0.5, "events": 90, "trials": 200, "p": 0.45, "ci_low": 0.38, "ci_high": 0.52}]}]})");
  return f;
}

// A config extending smoke.json with `sweep` as its "sweep" member.
std::string SweepConfig(const std::string& dir, const std::string& name, const Json& sweep) {
  const Json config = {{"extends", SourcePath("experiments/smoke.json")},
                       {"name", "report-" + name},
                       {"description", "A \"sweep\" & <more>"},
                       {"sweep", sweep}};
  return WriteFile(dir, name + ".json", config.dump(2));
}

const char* kFee = "/scenario/games/license_fee/params/fee_mid";
const char* kRedLine = "/scenario/games/export_control/params/f_license";

// The grid sweep of the tests below: 2 x 3 points and one tipping search.
Json GridSweep() {
  return {{"levers",
           {{{"name", "fee"}, {"pointer", kFee}, {"values", {0.0, 0.35}}},
            {{"name", "red_line"}, {"pointer", kRedLine}, {"values", {0.1, 0.44, 1.0}}}}},
          {"replicates", 40},
          {"scenario_csv", false},
          {"tipping",
           {{{"lever", {{"pointer", "/scenario/parameters/cuda_lockin"}, {"range", {0.5, 4.0}}}},
             {"event", "symbiotic_bifurcation"},
             {"threshold", 0.06},
             {"replicates", 40},
             {"max_evaluations", 5}}}}};
}

// Splits a CSV line (the project's CSVs never quote).
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  size_t from = 0;
  while (true) {
    const size_t comma = line.find(',', from);
    cells.push_back(line.substr(from, comma - from));
    if (comma == std::string::npos) return cells;
    from = comma + 1;
  }
}
std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  size_t from = 0;
  while (from < text.size()) {
    const size_t nl = text.find('\n', from);
    rows.push_back(Cells(text.substr(from, nl - from)));
    if (nl == std::string::npos) break;
    from = nl + 1;
  }
  return rows;
}

TEST_CASE("A real grid sweep's report: phase diagrams, the tipping point, every point",
          "[report][sweep]") {
  const std::string dir = testing::TempDir("sweep-report");
  const std::string config = SweepConfig(dir, "grid", GridSweep());
  const auto r = RunGeostrat("sweep " + config + " --threads 2 --out " + dir + "/grid --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string folder = dir + "/grid";
  REQUIRE(DetectFolderKind(folder) == FolderKind::kSweep);
  const std::string html = ReadFile(folder + "/report.html");
  CHECK(html == ReportHtml(folder));  // what geostrat report writes later
  CHECK(XmlProblem(html) == "");
  CHECK(OnlyOwnScript(html));
  CHECK(html.find("A &quot;sweep&quot; &amp; &lt;more&gt;") != std::string::npos);
  CHECK(html.find("<more>") == std::string::npos);
  CHECK(html.find("40 replicates per point") != std::string::npos);

  // One phase diagram per class of phase.csv, 2 x 3 cells each, every cell's
  // probability printed as phase.csv has it.
  const auto phase = CsvRows(ReadFile(folder + "/phase.csv"));
  REQUIRE(phase.size() == 7);
  REQUIRE(phase[0][0] == "fee");
  for (size_t c = 2; c < phase[0].size(); ++c) {
    const std::string cls = phase[0][c].substr(2);
    const std::string id = "id=\"heat-" + cls + "\"";
    REQUIRE(Count(html, id) == 1);
    const size_t at = html.find(id);
    const std::string svg = html.substr(at, html.find("</svg>", at) - at);
    CHECK(Count(svg, "class=\"cell\"") == 6);
    for (size_t row = 1; row < phase.size(); ++row) {
      CHECK(svg.find(">" + ThreeDecimals(std::stod(phase[row][c])) + "</text>") !=
            std::string::npos);
    }
  }
  // Every point with its probabilities and Wilson intervals as in points.csv.
  const auto points = CsvRows(ReadFile(folder + "/points.csv"));
  REQUIRE(points.size() == 7);
  CHECK(Count(html, "id=\"table-points\"") == 1);
  for (size_t row = 1; row < points.size(); ++row) {
    for (size_t c = 0; c < points[0].size(); ++c) {
      if (points[0][c].rfind("p_", 0) != 0) continue;
      CHECK(html.find(ThreeDecimals(std::stod(points[row][c])) + " [" +
                      ThreeDecimals(std::stod(points[row][c + 1])) + ", " +
                      ThreeDecimals(std::stod(points[row][c + 2])) + "]") != std::string::npos);
    }
  }
  // The tipping search as tipping.json records it.
  const Json tipping = Json::parse(ReadFile(folder + "/tipping.json"));
  const Json& crossing = tipping["crossings"][0];
  CHECK(Count(html, "id=\"tipping-1\"") == 1);
  CHECK(Shown(html, "tipping.json#/crossings/0/threshold") == "0.060");
  if (crossing["found"].get<bool>()) {
    CHECK(Shown(html, "tipping.json#/crossings/0/estimate") ==
          svg::FormatValue(crossing["estimate"].get<double>()));
    CHECK(Shown(html, "tipping.json#/crossings/0/bracket/1") ==
          svg::FormatValue(crossing["bracket"][1].get<double>()));
    CHECK(Count(html, "class=\"bracket\"") == 1);
  } else {
    CHECK(html.find("does not cross 0.060") != std::string::npos);
  }
  CHECK(html.find("at " + std::to_string(crossing["evaluations"].size()) + " evaluated value") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(folder + ".inprogress"));
  // The phase diagrams on the shared 0-1 scale by default, the most likely
  // class first, a verdict above each.
  CHECK(Count(html, "id=\"phase-most-likely\"") == 1);
  CHECK(Count(html, "class=\"verdict\"") >= phase[0].size() - 2 + 1);
  CHECK(Count(html, "colours on the shared 0-1 scale") == phase[0].size() - 2);
  CHECK(html.find("a black line runs where the probability is 0.500") != std::string::npos);
  // The sweep's "report" member (read from the manifest's copy) asks for
  // each diagram's own range and another contour level.
  const std::string local = dir + "/local";
  fs::copy(folder, local);
  Json manifest = Json::parse(ReadFile(local + "/manifest.json"));
  manifest["sweep"]["report"] = {{"phase_scale", "local"}, {"contour", 0.2}};
  WriteFile(local, "manifest.json", manifest.dump(2));
  const std::string local_html = ReportHtml(local);
  CHECK(XmlProblem(local_html) == "");
  CHECK(Count(local_html, "colours on the shared 0-1 scale") + Count(local_html, "colours over that range") ==
        phase[0].size() - 2);
  CHECK(local_html.find("each coloured over its own range") != std::string::npos);
  CHECK(local_html.find("a black line runs where the probability is 0.200") != std::string::npos);

  // One lever: the end states along it.
  Json one = GridSweep();
  one["levers"].erase(1);
  one.erase("tipping");
  const std::string line_config = SweepConfig(dir, "line", one);
  REQUIRE(RunGeostrat("sweep " + line_config + " --out " + dir + "/line --report -q").status == 0);
  const std::string line = ReadFile(dir + "/line/report.html");
  CHECK(XmlProblem(line) == "");
  CHECK(Count(line, "id=\"chart-sweep-lines\"") == 1);
  CHECK(Count(line, "id=\"heat-") == 0);

  // Tipping-point searches alone: no design points, no points.csv.
  Json searches = GridSweep();
  searches.erase("levers");
  REQUIRE(RunGeostrat("sweep " + SweepConfig(dir, "tipping", searches) + " --out " + dir +
                      "/tipping --report -q")
              .status == 0);
  CHECK_FALSE(fs::exists(dir + "/tipping/points.csv"));
  const std::string searched = ReadFile(dir + "/tipping/report.html");
  CHECK(XmlProblem(searched) == "");
  CHECK(Count(searched, "id=\"tipping-1\"") == 1);
  CHECK(Count(searched, "id=\"table-points\"") == 0);
  CHECK(searched.find("Tipping-point searches (no design points)") != std::string::npos);

  // A Latin hypercube: each end state along each lever, in fifths of the points.
  const Json lhs = {
      {"levers",
       {{{"name", "fee"}, {"pointer", kFee}, {"range", {0.0, 0.5}}},
        {{"name", "trust"}, {"pointer", "/scenario/parameters/gs_trust_share"}, {"range", {0.0, 0.9}}}}},
      {"design", {{"kind", "latin_hypercube"}, {"points", 10}}},
      {"replicates", 10},
      {"scenario_csv", false}};
  REQUIRE(RunGeostrat("sweep " + SweepConfig(dir, "lhs", lhs) + " --out " + dir + "/lhs --report -q")
              .status == 0);
  const std::string sampled = ReadFile(dir + "/lhs/report.html");
  CHECK(XmlProblem(sampled) == "");
  CHECK(Count(sampled, "id=\"main-effect-fee\"") == 1);
  CHECK(Count(sampled, "id=\"main-effect-trust\"") == 1);
  CHECK(sampled.find("about 2 points of 10 replicates each") != std::string::npos);
}

TEST_CASE("A sensitivity report shows sensitivity.json's indices and cuts wide intervals honestly",
          "[report][sweep]") {
  const std::string dir = testing::TempDir("sensitivity-report");
  const Json sweep = {
      {"levers",
       {{{"name", "fee"}, {"pointer", kFee}, {"range", {0.0, 0.5}}},
        {{"name", "trust"}, {"pointer", "/scenario/parameters/gs_trust_share"}, {"range", {0.1, 0.6}}}}},
      {"design", {{"kind", "saltelli"}, {"base", 8}}},
      {"replicates", 12},
      {"scenario_csv", false},
      {"sensitivity", {{"targets", {"symbiotic_bifurcation", "S_CN"}}, {"bootstrap", 50}}}};
  const auto r = RunGeostrat("sweep " + SweepConfig(dir, "saltelli", sweep) + " --out " + dir +
                             "/s --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string html = ReadFile(dir + "/s/report.html");
  CHECK(XmlProblem(html) == "");
  const Json sens = Json::parse(ReadFile(dir + "/s/sensitivity.json"));
  REQUIRE(sens["targets"].size() == 2);
  for (size_t t = 0; t < 2; ++t) {
    CHECK(Count(html, "id=\"table-sensitivity-" + std::to_string(t + 1) + "\"") == 1);
    for (size_t i = 0; i < 2; ++i) {
      for (const char* k : {"first", "first_low", "total_high"}) {
        const std::string key = "sensitivity.json#/targets/" + std::to_string(t) + "/indices/" +
                                std::to_string(i) + "/" + k;
        const Json& v = sens["targets"][t]["indices"][i][k];
        CHECK(Shown(html, key) == (v.is_number() ? svg::FormatValue(v.get<double>()) : "n/a"));
      }
    }
  }
  // A first-order interval far wider than [0, 1]: the axis stops at its
  // bounds and the caption says so; the table keeps the value.
  Json wide = sens;
  wide["targets"][0]["indices"][0]["first"] = 3.5;
  wide["targets"][0]["indices"][0]["first_low"] = -7.25;
  wide["targets"][0]["indices"][0]["first_high"] = 9.5;
  wide["targets"][0]["variance"] = 0.01;
  WriteFile(dir + "/s", "sensitivity.json", wide.dump(2));
  const std::string cut = ReportHtml(dir + "/s");
  const size_t at = cut.find("id=\"sensitivity-1\"");
  REQUIRE(at != std::string::npos);
  const std::string chart = cut.substr(at, cut.find("</svg>", at) - at);
  CHECK(chart.find("fee (first order) *") != std::string::npos);
  CHECK(chart.find(">9.5<") == std::string::npos);
  CHECK(chart.find(">3.5 (off the axis)</text>") != std::string::npos);
  CHECK(cut.find("3 values (estimates or interval ends) beyond the axis [-0.25, 1.25] are cut at "
                 "its edge") != std::string::npos);
  CHECK(Shown(cut, "sensitivity.json#/targets/0/indices/0/first_high") == "9.5");
  // A target that does not vary has no indices: said in words, no chart.
  for (auto& i : wide["targets"][1]["indices"]) {
    for (const char* k : {"first", "first_low", "first_high", "total", "total_low", "total_high"})
      i[k] = nullptr;
  }
  WriteFile(dir + "/s", "sensitivity.json", wide.dump(2));
  const std::string flat = ReportHtml(dir + "/s");
  CHECK(Count(flat, "id=\"sensitivity-2\"") == 0);
  CHECK(Count(flat, "id=\"sensitivity-2-none\"") == 1);
  CHECK(XmlProblem(flat) == "");
}

TEST_CASE("Merged shards and a resumed sweep, with --report, give the one-process page",
          "[report][sweep]") {
  const std::string dir = testing::TempDir("sweep-report-merge");
  const std::string config = SweepConfig(dir, "grid", GridSweep());
  REQUIRE(RunGeostrat("sweep " + config + " --out " + dir + "/one --report -q").status == 0);
  const std::string reference = ReadFile(dir + "/one/report.html");
  for (int k = 1; k <= 2; ++k) {
    const std::string shard = dir + "/shard" + std::to_string(k);
    REQUIRE(RunGeostrat("sweep " + config + " --shard " + std::to_string(k) + "/2 --out " + shard +
                        " --report -q")
                .status == 0);
    CHECK_FALSE(fs::exists(shard + "/report.html"));  // a shard is not a sweep folder yet
  }
  const auto shard = RunGeostrat("report " + dir + "/shard1");
  CHECK(shard.status == 64);
  CHECK_THAT(shard.out, Catch::Contains("report: " + dir + "/shard1 is one shard of a sweep; join "
                                        "the shards with geostrat merge"));
  const auto m = RunGeostrat("merge " + dir + "/shard1 " + dir + "/shard2 --out " + dir +
                             "/merged --report -q");
  INFO(m.out);
  REQUIRE(m.status == 0);
  CHECK(ReadFile(dir + "/merged/report.html") == reference);

  // A sweep stopped by a failure after its first points, then resumed.
  const std::string out = dir + "/resumed";
  {
    const SweepSpec spec = LoadSweep(config);
    SweepOptions o;
    o.out = out;
    o.checkpoint_seconds = 0;
    o.block_replicates = 40;  // one point per block: a checkpoint after each
    o.before_replicate = [](size_t point, uint32_t) {
      if (point == 3) throw std::runtime_error("stopped for the test");
    };
    CHECK_THROWS_WITH(RunSweep(spec, o), Catch::Contains("stopped for the test"));
  }
  REQUIRE(fs::exists(out + ".inprogress/checkpoint.bin"));
  CHECK_FALSE(fs::exists(out));
  const auto r = RunGeostrat("sweep " + config + " --resume --out " + out + " --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(ReadFile(out + "/report.html") == reference);
  CHECK_FALSE(fs::exists(out + ".inprogress"));
}

const std::string& HistoryPath() {
  static const std::string p = SourcePath("experiments/history-2018-2025.json");
  return p;
}

TEST_CASE("A replay report: indicators over the quarters, every timeline move, agreement",
          "[report][replay]") {
  const std::string dir = testing::TempDir("replay-report");
  const auto r = RunGeostrat("replay " + HistoryPath() + " --out " + dir + "/replay --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string folder = dir + "/replay";
  REQUIRE(DetectFolderKind(folder) == FolderKind::kReplay);
  const std::string html = ReadFile(folder + "/report.html");
  CHECK(html == ReportHtml(folder));
  CHECK(XmlProblem(html) == "");
  for (const char* id : {"F", "X_chip", "S_CN", "X_min", "R_US", "C_CN", "G_US", "gap"}) {
    CHECK(Count(html, "id=\"replay-" + std::string(id) + "\"") == 1);
  }
  // Each indicator chart has one marker per quarter of indicators.csv.
  const auto indicators = CsvRows(ReadFile(folder + "/indicators.csv"));
  const size_t quarters = indicators.size() - 1;
  CHECK(quarters == 32);
  CHECK(html.find("from 2018Q1 to 2025Q4") != std::string::npos);

  // Every timeline move is a row, its text escaped, the model's choices beside it.
  const Json timeline = Json::parse(ReadFile(folder + "/timeline.json"));
  REQUIRE(timeline.size() >= 32);
  const size_t table = html.find("id=\"table-timeline\"");
  REQUIRE(table != std::string::npos);
  const std::string rows = html.substr(table, html.find("</table>", table) - table);
  CHECK(Count(rows, "<tr") == timeline.size() + 1);
  for (size_t k = 0; k < timeline.size(); ++k) {
    const Json& m = timeline[k];
    INFO("timeline move " << k);
    CHECK(Shown(html, "timeline.json#/" + std::to_string(k) + "/row") ==
          std::to_string(m["row"].get<int>()));
    CHECK(rows.find(svg::Escape(m["move"].get<std::string>())) != std::string::npos);
    if (!m["seat"].is_null()) {
      CHECK(rows.find(svg::Escape(m["seat"].get<std::string>() + " = " +
                                  m["action"].get<std::string>())) != std::string::npos);
    }
  }
  // Agreement rates recomputed from replay.csv.
  const auto replay = CsvRows(ReadFile(folder + "/replay.csv"));
  REQUIRE(replay[0] == std::vector<std::string>{"quarter", "seat", "observed", "played", "model",
                                                "best_response", "rows"});
  int scripted = 0, model = 0, best = 0;
  for (size_t i = 1; i < replay.size(); ++i) {
    if (replay[i][2].empty()) continue;
    ++scripted;
    model += replay[i][4] == replay[i][2];
    best += replay[i][5] == replay[i][2];
  }
  REQUIRE(scripted > 0);
  const auto share = [&](int n) {
    return ThreeDecimals(static_cast<double>(n) / scripted) + " (" + std::to_string(n) + " of " +
           std::to_string(scripted) + ")";
  };
  CHECK(html.find(share(model)) != std::string::npos);
  CHECK(html.find(share(best)) != std::string::npos);
}

TEST_CASE("A backtest report: the model against the naive forecasters, each trigger",
          "[report][replay]") {
  const std::string dir = testing::TempDir("backtest-report");
  const auto r = RunGeostrat("backtest " + HistoryPath() + " --observed " +
                             SourcePath("experiments/history/observed-1-32.md") +
                             " --replicates 8 --out " + dir + "/bt --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string folder = dir + "/bt";
  REQUIRE(DetectFolderKind(folder) == FolderKind::kBacktest);
  const std::string html = ReadFile(folder + "/report.html");
  CHECK(html == ReportHtml(folder));
  CHECK(XmlProblem(html) == "");
  for (const char* id : {"id=\"table-scores\"", "id=\"chart-log-score\"", "id=\"chart-brier\"",
                         "id=\"table-triggers\"", "id=\"table-skipped\"",
                         "id=\"table-reliability\""}) {
    CHECK(Count(html, id) == 1);
  }
  CHECK(Count(html, "<g class=\"bar\"") == 8);  // four forecasters, two charts
  const Json bt = Json::parse(ReadFile(folder + "/backtest.json"));
  for (const char* f : {"model", "match_in_kind", "never_respond", "base_rates"}) {
    const std::string pairs = "backtest.json#/scores/" + std::string(f) + "/reliability/0/pairs";
    CHECK(Shown(html, pairs) == svg::FormatValue(bt["scores"][f]["reliability"][0]["pairs"].get<double>()));
    for (const char* k : {"log_score", "brier"}) {
      CHECK(Shown(html, "backtest.json#/scores/" + std::string(f) + "/" + k) ==
            svg::FormatValue(bt["scores"][f][k].get<double>()));
    }
  }
  CHECK(Shown(html, "backtest.json#/scores/never_respond/lag_error_quarters") == "n/a");
  REQUIRE(bt["triggers"].size() == 27);
  for (size_t k = 0; k < bt["triggers"].size(); ++k) {
    const Json& t = bt["triggers"][k];
    const std::string observed = t["observed"].get<std::string>();
    for (const char* f : {"model", "match_in_kind", "never_respond", "base_rates"}) {
      CHECK(Shown(html, "backtest.json#/triggers/" + std::to_string(k) + "/" + f + "/p/" +
                            observed) == ThreeDecimals(t[f]["p"][observed].get<double>()));
    }
  }
  CHECK(html.find("from 8 replicates per trigger") != std::string::npos);
}

TEST_CASE("geostrat report: the default output, --out, and bad folders", "[report]") {
  const std::string dir = testing::TempDir("report-verb");
  const std::string folder = WriteSweepFolder(dir);
  auto r = RunGeostrat("report " + folder);
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out == "sweep report: " + folder + "/report.html\n");
  CHECK(fs::exists(folder + "/report.html"));
  r = RunGeostrat("report " + folder + " --out " + dir + "/elsewhere.html");
  CHECK(r.status == 0);
  CHECK(ReadFile(dir + "/elsewhere.html") == ReadFile(folder + "/report.html"));

  r = RunGeostrat("report " + dir + "/missing");
  CHECK(r.status == 64);
  CHECK_THAT(r.out, Catch::Contains("report: " + dir + "/missing is not a folder"));
  fs::create_directories(dir + "/empty");
  r = RunGeostrat("report " + dir + "/empty");
  CHECK(r.status == 64);
  CHECK_THAT(r.out, Catch::Contains(
                        "is not a geostrat results folder: a run has manifest.json, summary.json"));
  r = RunGeostrat("report");
  CHECK(r.status == 64);
  CHECK_THAT(r.out, Catch::Contains("report: missing RUN_DIR"));

  // A malformed file: the file, the pointer or column, what was expected.
  WriteFile(folder, "tipping.json",
            R"({"crossings": [{"lever": "x", "event_label": "a", "found": false, "threshold": "half"}]})");
  r = RunGeostrat("report " + folder);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("tipping.json: at /crossings/0/threshold: expected a number, "
                                    "found the string \"half\""));
  WriteFile(folder, "tipping.json", R"({"crossings": []})");
  WriteFile(folder, "points.csv", "point,replicates,p_a,ci_low_a\n0,10,0.5,0.2\n");
  r = RunGeostrat("report " + folder);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("points.csv: at column ci_high_a: expected a column named "
                                    "'ci_high_a', found none; columns: ci_low_a"));
  WriteFile(folder, "points.csv", "point,replicates\n0,ten\n");
  r = RunGeostrat("report " + folder);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains(
                        "points.csv: at row 2, column replicates: expected a number, found 'ten'"));
}

}  // namespace
}  // namespace geostrat
