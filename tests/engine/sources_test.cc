// Traceability: every source key a shipped config cites (a dotted key such as
// nvda.dc_rev, a calibration section such as 1L, a seed fact such as S10, a
// seed document, a gap) is resolved in docs/calibration.md.
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "engine/core/config_node.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::SourcePath;

void CollectSources(const Json& j, std::set<std::string>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "source" && it.value().is_string()) {
        out.insert(it.value().get<std::string>());
      } else {
        CollectSources(it.value(), out);
      }
    }
  } else if (j.is_array()) {
    for (const auto& v : j) CollectSources(v, out);
  }
}

// The keys in one source text.
std::set<std::string> KeysOf(const std::string& source) {
  std::set<std::string> keys;
  static const std::regex dotted(R"(^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$)");
  static const std::regex section(R"(^(1[A-L]|S[0-9]+)$)");
  std::string token;
  auto flush = [&] {
    const bool file = token.size() > 3 && (token.rfind(".md") == token.size() - 3 ||
                                           token.rfind(".json") == token.size() - 5);
    const bool factor = token.size() > 1 && token[0] == 'x' && std::isdigit(token[1]);
    if ((std::regex_match(token, dotted) && !file && !factor) || std::regex_match(token, section)) {
      keys.insert(token);
    }
    token.clear();
  };
  for (char ch : source) {
    if (std::isspace(static_cast<unsigned char>(ch)) || std::string(";,():'\"[]").find(ch) != std::string::npos) {
      flush();
    } else {
      token += ch;
    }
  }
  flush();
  static const std::regex phrase(R"((seed 00[0-9]|Gaps [0-9]+|CALIBRATION 1[A-L]))");
  for (std::sregex_iterator it(source.begin(), source.end(), phrase), end; it != end; ++it) {
    keys.insert((*it)[1]);
  }
  return keys;
}

TEST_CASE("Every source key of the shipped configs is resolved in docs/calibration.md",
          "[docs][sources]") {
  CHECK(KeysOf("nvda.dc_rev (gross margin ~70-75%); 1L; S10 (x2.4); seed 002; D: docs/model.md") ==
        std::set<std::string>{"1L", "S10", "nvda.dc_rev", "seed 002"});
  std::set<std::string> sources;
  int configs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(SourcePath("experiments"))) {
    if (entry.path().extension() != ".json") continue;
    CollectSources(Json::parse(ReadFile(entry.path().string())), sources);
    ++configs;
  }
  REQUIRE(configs >= 30);
  std::set<std::string> keys;
  for (const auto& s : sources) {
    for (const auto& k : KeysOf(s)) keys.insert(k);
  }
  REQUIRE(keys.size() >= 60);
  const std::string doc = ReadFile(SourcePath("docs/calibration.md"));
  for (const auto& k : keys) {
    INFO(k);
    CHECK(doc.find("`" + k + "`") != std::string::npos);
  }
}

}  // namespace
}  // namespace geostrat
