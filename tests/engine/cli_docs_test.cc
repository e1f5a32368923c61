// The README documents the command line the program accepts: every verb of
// `geostrat --help` has a row in the README's command table, and that row's
// synopsis names exactly the options `geostrat VERB --help` lists.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace geostrat {
namespace {

using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;

std::set<std::string> OptionsIn(const std::string& text, const std::regex& pattern) {
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

TEST_CASE("The README's command table and each verb's --help agree", "[cli][docs]") {
  const auto usage = RunGeostrat("--help");
  REQUIRE(usage.status == 0);
  // The verbs: "  VERB ..." lines of the usage's "verbs:" block.
  std::vector<std::string> verbs, usage_lines;
  {
    std::istringstream in(usage.out.substr(usage.out.find("verbs:")));
    std::string line;
    const std::regex verb_line(R"(^  ([a-z]+)( |$))");
    std::smatch m;
    while (std::getline(in, line)) {
      if (std::regex_search(line, m, verb_line)) {
        verbs.push_back(m[1]);
        usage_lines.push_back(line);
      }
    }
  }
  REQUIRE(verbs.size() >= 16);
  const std::string readme = ReadFile(SourcePath("README.md"));
  // Positional arguments are options to boost but words in a synopsis.
  const std::set<std::string> positional = {"config", "runs", "shards", "folder"};
  int rows = 0;
  for (size_t v = 0; v < verbs.size(); ++v) {
    const std::string& verb = verbs[v];
    INFO(verb);
    const std::string start = "\n| `geostrat " + verb;
    const size_t at = readme.find(start);
    REQUIRE(at != std::string::npos);
    const size_t cell_end = readme.find("` |", at + 1);
    const std::string synopsis = readme.substr(at, cell_end - at);
    const auto help = RunGeostrat(verb + " --help");
    REQUIRE(help.status == 0);
    std::set<std::string> accepted =
        OptionsIn(help.out, std::regex(R"((?:^|\n)\s+(?:-[a-zA-Z] \[ )?--([a-z-]+))"));
    accepted.erase("help");
    for (const auto& p : positional) accepted.erase(p);
    if (verb == "solve") accepted.erase("game");  // GAME.nfg
    const std::set<std::string> documented = OptionsIn(synopsis, std::regex(R"(--([a-z-]+))"));
    CHECK(documented == accepted);
    // The usage's synopsis too.
    CHECK(OptionsIn(usage_lines[v], std::regex(R"(--([a-z-]+))")) == accepted);
    ++rows;
  }
  // And no README row names a verb the program does not have.
  const std::regex row(R"(\n\| `geostrat ([a-z]+))");
  for (const auto& v : OptionsIn(readme, row)) {
    INFO(v);
    CHECK(std::find(verbs.begin(), verbs.end(), v) != verbs.end());
  }
  CHECK(rows == static_cast<int>(verbs.size()));
}

}  // namespace
}  // namespace geostrat
