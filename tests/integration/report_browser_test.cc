// The report pages in a real browser: Debian's headless Chromium loads each
// page from disk, and the test reads back the DOM it built and the console
// messages it logged. Needs the chromium package (scripts/setup.sh installs it).
#include <catch2/catch.hpp>
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

// Loads `page` in headless Chromium (at most 60 s) and returns the serialised DOM.
Loaded LoadInChromium(const std::string& page, const std::string& scratch) {
  REQUIRE(std::system("command -v chromium >/dev/null 2>&1") == 0);  // see scripts/setup.sh
  const std::string dom = scratch + "/dom.html", log = scratch + "/chromium.log";
  const std::string cmd =
      "timeout 60 chromium --headless --disable-gpu --no-sandbox --no-first-run "
      "--user-data-dir=" +
      scratch +
      "/profile --enable-logging=stderr --v=0 "
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
    char expected[32];
    if (last == "p" || last == "ci_low" || last == "ci_high" || last == "share_ever_met") {
      std::snprintf(expected, sizeof expected, "%.3f", v);
    } else {
      std::snprintf(expected, sizeof expected, std::abs(v) >= 1000 ? "%.0f" : "%.4g", v);
    }
    CHECK(text == expected);
  }
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
    char expected[32];
    if (pointer.substr(pointer.rfind('/') + 1) == "cooperation") {
      std::snprintf(expected, sizeof expected, "%.3f", v);
    } else {
      std::snprintf(expected, sizeof expected, std::abs(v) >= 1000 ? "%.0f" : "%.4g", v);
    }
    CHECK(text == expected);
  }
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
    char expected[32];
    std::snprintf(expected, sizeof expected,
                  pointer.substr(pointer.rfind('/') + 1) == "threshold" ? "%.3f" : "%.4g", v);
    CHECK(text == expected);
  }
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
}

}  // namespace
}  // namespace geostrat
