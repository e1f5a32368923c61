// The report pages in a real browser: Debian's headless Chromium loads each
// page from disk, and the test reads back the DOM it built and the console
// messages it logged. Needs the chromium package (scripts/setup.sh installs it).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "engine/core/config_node.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;

struct Loaded {
  int status;
  std::string dom;
  std::string log;  // Chromium's stderr: console messages appear as "...:CONSOLE(...)" lines
};

// Loads `page` in headless Chromium (at most 60 s) and returns the serialised
// DOM; `window` ("1280,900") sets the window size for layout checks.
Loaded LoadInChromium(const std::string& page, const std::string& scratch,
                      const std::string& window = "") {
  REQUIRE(std::system("command -v chromium >/dev/null 2>&1") == 0);  // see scripts/setup.sh
  const std::string dom = scratch + "/dom.html", log = scratch + "/chromium.log";
  const std::string cmd =
      "timeout 60 chromium --headless --disable-gpu --no-sandbox --no-first-run "
      "--user-data-dir=" +
      scratch +
      "/profile --enable-logging=stderr --v=0 " +
      (window.empty() ? std::string() : "--window-size=" + window + " ") +
      "--dump-dom 'file://" +
      fs::absolute(page).string() + "' >" + dom + " 2>" + log;
  const int status = std::system(cmd.c_str());
  return {status, ReadFile(dom), ReadFile(log)};
}

std::vector<std::string> ConsoleLines(const std::string& log) {
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos) {
      lines.push_back(line);
    }
  }
  return lines;
}

// A number as the reports print one other than a probability: four
// significant digits, none after the point from 1000 on, and below 1e-4 fixed
// notation to six decimals without trailing zeros (never an exponent).
std::string ValueText(double v) {
  char buf[64];
  if (std::abs(v) >= 1000) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (std::abs(v) >= 1e-4) {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
  }
  return buf;
}

// Every data-key="summary.json#<pointer>" cell in the DOM, with its text.
std::vector<std::pair<std::string, std::string>> KeyedNumbers(const std::string& dom,
                                                              const std::string& file) {
  std::vector<std::pair<std::string, std::string>> found;
  const std::string marker = "data-key=\"" + file + "#";
  for (size_t at = dom.find(marker); at != std::string::npos; at = dom.find(marker, at + 1)) {
    const size_t pointer = at + marker.size();
    const size_t quote = dom.find('"', pointer);
    if (quote == std::string::npos || dom.compare(quote, 2, "\">") != 0) continue;
    const size_t text = quote + 2;
    found.emplace_back(dom.substr(pointer, quote - pointer),
                       dom.substr(text, dom.find('<', text) - text));
  }
  return found;
}

// Appended to a copy of a page: once laid out, every <text> of every <svg> is
// measured in screen pixels; a text under 14 px, or whose box leaves its
// SVG's box by more than half a pixel, is written into <pre id="layout-check">
// after a first line "texts N".
constexpr const char* kLayoutChecker = R"JS(<script>
window.addEventListener('load', function () {
  var problems = [], texts = 0;
  document.querySelectorAll('svg').forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(function (t) {
      if (t.textContent.trim() === '') return;
      texts++;
      var r = t.getBoundingClientRect(), m = t.getScreenCTM();
      var px = parseFloat(getComputedStyle(t).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      var what = '#' + svg.id + ' "' + t.textContent + '"';
      if (px < 14) problems.push('small ' + px.toFixed(1) + 'px ' + what);
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 ||
          r.bottom > box.bottom + 0.5) {
        problems.push('outside ' + what + ' text [' + [r.left, r.top, r.right, r.bottom].map(
            function (v) { return v.toFixed(1); }) + '] svg [' + [box.left, box.top, box.right,
            box.bottom].map(function (v) { return v.toFixed(1); }) + ']');
      }
    });
  });
  var pre = document.createElement('pre');
  pre.id = 'layout-check';
  pre.textContent = ['texts ' + texts].concat(problems).join('\n');
  document.body.appendChild(pre);
});
</script>)JS";

struct Layout {
  int texts = -1;                      // -1: the checker did not run
  std::vector<std::string> problems;  // one line per text too small or outside its SVG
};

// Loads a copy of `page` with the checker at a 1280 x 900 window.
Layout CheckLayout(const std::string& page, const std::string& scratch) {
  std::string html = ReadFile(page);
  const size_t body = html.rfind("</body>");
  html.insert(body == std::string::npos ? html.size() : body, kLayoutChecker);
  const std::string copy = testing::WriteFile(scratch, "layout-check.html", html);
  const Loaded loaded = LoadInChromium(copy, scratch, "1280,900");
  REQUIRE(loaded.status == 0);
  Layout out;
  const std::string open = "<pre id=\"layout-check\">";
  const size_t at = loaded.dom.find(open);
  if (at == std::string::npos) return out;
  const size_t from = at + open.size();
  std::istringstream lines(loaded.dom.substr(from, loaded.dom.find("</pre>", from) - from));
  std::string line;
  std::getline(lines, line);
  if (line.rfind("texts ", 0) == 0) out.texts = std::stoi(line.substr(6));
  while (std::getline(lines, line)) out.problems.push_back(line);
  return out;
}

// Every chart text of `page` at 14 px or more and inside its chart.
void CheckReadable(const std::string& page, const std::string& scratch) {
  const Layout layout = CheckLayout(page, scratch);
  REQUIRE(layout.texts > 50);
  std::string all;
  for (const auto& p : layout.problems) all += p + "\n";
  INFO(all);
  CHECK(layout.problems.empty());
}

// Runs `command` (a geostrat verb and its arguments) with --report into
// dir/run, loads the page in Chromium and checks that it logged nothing.
Loaded RenderedReport(const std::string& command, const std::string& dir) {
  const auto r = RunGeostrat(command + " --out " + dir + "/run --report -q");
  INFO(r.out);
  REQUIRE(r.status == 0);
  Loaded page = LoadInChromium(dir + "/run/report.html", dir);
  REQUIRE(page.status == 0);
  INFO(page.log);
  CHECK(ConsoleLines(page.log).empty());
  return page;
}

TEST_CASE("Chromium reports console errors the way the page checks expect", "[report][browser]") {
  // A control: a page with a script error must show up in the log, or the
  // absence of console lines below would prove nothing.
  const std::string dir = testing::TempDir("browser-control");
  testing::WriteFile(dir, "bad.html",
                     "<html><body><p id=\"x\">hi</p><script>undefinedFn();</script></body></html>");
  const Loaded page = LoadInChromium(dir + "/bad.html", dir);
  REQUIRE(page.status == 0);
  CHECK(page.dom.find("<p id=\"x\">hi</p>") != std::string::npos);
  const auto lines = ConsoleLines(page.log);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::Contains("Uncaught ReferenceError: undefinedFn is not defined"));
}

TEST_CASE("The layout checker catches a chart text that is clipped or too small",
          "[report][browser]") {
  // A control: without it a clean result below would prove nothing.
  const std::string dir = testing::TempDir("browser-layout-control");
  const std::string page = testing::WriteFile(
      dir, "clipped.html",
      "<html><body><svg id=\"c\" viewBox=\"0 0 400 100\" style=\"width:800px\">"
      "<text x=\"200\" y=\"50\" font-size=\"12\">fine</text>"
      "<text x=\"395\" y=\"50\" font-size=\"12\">2028Q1</text>"
      "<text x=\"100\" y=\"80\" font-size=\"5\">tiny</text></svg></body></html>");
  const Layout layout = CheckLayout(page, dir);
  REQUIRE(layout.texts == 3);
  REQUIRE(layout.problems.size() == 2);
  CHECK_THAT(layout.problems[0], Catch::StartsWith("outside #c \"2028Q1\""));
  CHECK_THAT(layout.problems[1], Catch::StartsWith("small 10.0px #c \"tiny\""));
}

TEST_CASE("The presentation mode shows one figure at a time from the #present address",
          "[report][browser]") {
  const std::string dir = testing::TempDir("browser-present");
  const auto r = RunGeostrat("run " + SourcePath("experiments/smoke.json") +
                             " --replicates 20 --out " + dir + "/run --report -q");
  REQUIRE(r.status == 0);
  const Loaded page = LoadInChromium(dir + "/run/report.html#present", dir, "1280,800");
  REQUIRE(page.status == 0);
  INFO(page.log);
  CHECK(ConsoleLines(page.log).empty());
  const std::string html = ReadFile(dir + "/run/report.html");
  size_t figures = 0;
  for (size_t at = html.find("<figure>"); at != std::string::npos; at = html.find("<figure>", at + 1))
    ++figures;
  REQUIRE(figures > 3);
  // The script marked the page and exactly the first figure, and counts them.
  CHECK(page.dom.find("<body class=\"present\">") != std::string::npos);
  size_t current = 0;
  for (size_t at = page.dom.find("<figure class=\"current\">"); at != std::string::npos;
       at = page.dom.find("<figure class=\"current\">", at + 1))
    ++current;
  CHECK(current == 1);
  CHECK(page.dom.find("<span id=\"present-count\">1 / " + std::to_string(figures) + "</span>") !=
        std::string::npos);
  CHECK(page.dom.find(">Leave (Esc)</button>") != std::string::npos);
  // Arrow keys and space step through the figures.
  std::string stepped = html;
  stepped.insert(stepped.rfind("</body>"), R"JS(<script>
window.addEventListener('load', function () {
  var seen = [];
  ['ArrowRight', ' ', 'ArrowLeft', 'End'].forEach(function (key) {
    document.dispatchEvent(new KeyboardEvent('keydown', {key: key}));
    seen.push(document.getElementById('present-count').textContent);
  });
  var pre = document.createElement('pre');
  pre.id = 'keys';
  pre.textContent = seen.join('|');
  document.body.appendChild(pre);
});
</script>)JS");
  const std::string copy = testing::WriteFile(dir + "/run", "stepped.html", stepped);
  const Loaded keys = LoadInChromium(copy + "#present", dir, "1280,800");
  const std::string n = std::to_string(figures);
  CHECK_THAT(keys.dom, Catch::Contains("<pre id=\"keys\">2 / " + n + "|3 / " + n + "|2 / " + n +
                                       "|" + n + " / " + n + "</pre>"));
  // Without the hash the page is the ordinary report.
  const Loaded plain = LoadInChromium(dir + "/run/report.html", dir, "1280,800");
  CHECK(plain.dom.find("<body class=\"present\">") == std::string::npos);
  CHECK(plain.dom.find("class=\"current\"") == std::string::npos);
  CHECK(plain.dom.find(">Present</button>") != std::string::npos);
}

TEST_CASE("A run report renders in Chromium without console errors, showing summary.json's numbers",
          "[report][browser]") {
  const std::string dir = testing::TempDir("browser-run");
  const Loaded page = RenderedReport(
      "run " + SourcePath("experiments/what-if-ban.json") + " --replicates 150 --threads 2", dir);
  // The page rendered: its charts, captions and timeline are in the DOM.
  for (const char* id :
       {"id=\"title\"", "id=\"chart-outcomes\"", "id=\"table-chart-outcomes\"", "id=\"fan-F\"",
        "id=\"fan-mineral_self_sufficiency\"", "id=\"table-end-indicators\"",
        "id=\"chart-representative\"", "id=\"timeline\""}) {
    CHECK(page.dom.find(id) != std::string::npos);
  }
  CHECK_THAT(page.dom,
             Catch::Contains("Probability of each end state at the horizon with Wilson 95% "
                             "intervals, from 150 replicates."));
  // Every number tied to summary.json shows its value in the one format.
  const Json summary = Json::parse(ReadFile(dir + "/run/summary.json"));
  const auto numbers = KeyedNumbers(page.dom, "summary.json");
  CHECK(numbers.size() >= 6 * 4 + 14 * 7);
  for (const auto& [pointer, text] : numbers) {
    INFO(pointer);
    const double v = summary.at(Json::json_pointer(pointer)).get<double>();
    const std::string last = pointer.substr(pointer.rfind('/') + 1);
    char p[32];
    std::snprintf(p, sizeof p, "%.3f", v);
    if (last == "p" || last == "ci_low" || last == "ci_high" || last == "share_ever_met") {
      CHECK(text == p);
    } else {
      CHECK(text == ValueText(v));
      CHECK(text.find('e') == std::string::npos);
    }
  }
  CheckReadable(dir + "/run/report.html", dir);
}

TEST_CASE("A tournament report renders in Chromium without console errors", "[report][browser]") {
  const std::string dir = testing::TempDir("browser-tournament");
  const Loaded page = RenderedReport(
      "tournament " + SourcePath("experiments/tournaments/axelrod-classic.json") + " --repetitions 2",
      dir);
  for (const char* id : {"id=\"chart-ranking\"", "id=\"table-ranking\"", "id=\"chart-ecological\"",
                         "id=\"table-moran\""}) {
    CHECK(page.dom.find(id) != std::string::npos);
  }
  const Json summary = Json::parse(ReadFile(dir + "/run/summary.json"));
  const auto numbers = KeyedNumbers(page.dom, "summary.json");
  CHECK(numbers.size() == summary["strategies"].size() * 8);
  for (const auto& [pointer, text] : numbers) {
    INFO(pointer);
    const double v = summary.at(Json::json_pointer(pointer)).get<double>();
    char p[32];
    std::snprintf(p, sizeof p, "%.3f", v);
    CHECK(text == (pointer.substr(pointer.rfind('/') + 1) == "cooperation" ? p : ValueText(v)));
  }
  CheckReadable(dir + "/run/report.html", dir);
}

TEST_CASE("A sweep report renders in Chromium without console errors", "[report][browser]") {
  const std::string dir = testing::TempDir("browser-sweep");
  // A 3 x 2 phase grid with a tipping search, on the smoke config.
  const Json config = {
      {"extends", SourcePath("experiments/smoke.json")},
      {"name", "browser-sweep"},
      {"sweep",
       {{"levers",
         {{{"name", "fee"},
           {"pointer", "/scenario/games/license_fee/params/fee_mid"},
           {"values", {0.0, 0.2, 0.4}}},
          {{"name", "red_line"},
           {"pointer", "/scenario/games/export_control/params/f_license"},
           {"values", {0.3, 1.0}}}}},
        {"replicates", 30},
        {"scenario_csv", false},
        {"tipping",
         {{{"lever", {{"pointer", "/scenario/parameters/cuda_lockin"}, {"range", {0.5, 4.0}}}},
           {"event", "symbiotic_bifurcation"},
           {"threshold", 0.06},
           {"replicates", 30},
           {"max_evaluations", 4}}}}}}};
  const std::string path = testing::WriteFile(dir, "sweep.json", config.dump(2));
  const Loaded page = RenderedReport("sweep " + path, dir);
  for (const char* id : {"id=\"title\"", "id=\"heat-symbiotic_bifurcation\"",
                         "id=\"heat-contested_transition\"", "id=\"table-tipping\"",
                         "id=\"tipping-1\"", "id=\"table-points\""}) {
    CHECK(page.dom.find(id) != std::string::npos);
  }
  const Json tipping = Json::parse(ReadFile(dir + "/run/tipping.json"));
  const auto numbers = KeyedNumbers(page.dom, "tipping.json");
  CHECK(numbers.size() >= 1);
  for (const auto& [pointer, text] : numbers) {
    INFO(pointer);
    const double v = tipping.at(Json::json_pointer(pointer)).get<double>();
    char p[32];
    std::snprintf(p, sizeof p, "%.3f", v);
    CHECK(text == (pointer.substr(pointer.rfind('/') + 1) == "threshold" ? p : ValueText(v)));
  }
  // The phase diagrams: the most likely class, a verdict above each map.
  CHECK(page.dom.find("id=\"phase-most-likely\"") != std::string::npos);
  CHECK(page.dom.find("class=\"verdict\"") != std::string::npos);
  CheckReadable(dir + "/run/report.html", dir);
}

TEST_CASE("A history replay report renders in Chromium without console errors",
          "[report][browser]") {
  const std::string dir = testing::TempDir("browser-replay");
  const Loaded page =
      RenderedReport("replay " + SourcePath("experiments/history-2018-2025.json"), dir);
  for (const char* id : {"id=\"title\"", "id=\"replay-F\"", "id=\"replay-S_CN\"",
                         "id=\"replay-gap\"", "id=\"table-agreement\"", "id=\"table-timeline\""}) {
    CHECK(page.dom.find(id) != std::string::npos);
  }
  const Json timeline = Json::parse(ReadFile(dir + "/run/timeline.json"));
  const auto rows = KeyedNumbers(page.dom, "timeline.json");
  CHECK(rows.size() == timeline.size());
  for (const auto& [pointer, text] : rows) {
    INFO(pointer);
    CHECK(text == std::to_string(timeline.at(Json::json_pointer(pointer)).get<int>()));
  }
  CheckReadable(dir + "/run/report.html", dir);
}

}  // namespace
}  // namespace geostrat
