// Configuration errors: every kind of mistake gives one message naming the
// file, the JSON pointer, what was expected and what was found (and, for
// unknown names, the valid names nearest first). Also "extends" chains: what a
// child may override, and which file an error is blamed on.
#include <catch2/catch.hpp>
#include <functional>
#include <sstream>
#include <string>

#include "engine/core/error.h"
#include "engine/run/experiment.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Catch::Contains;
using Catch::EndsWith;
using Catch::Equals;
using Catch::StartsWith;
using testing::ConfigErrorOf;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

const Json& Baseline() {
  static const Json json = Json::parse(testing::ReadFile(SourcePath("experiments/status-quo.json")));
  return json;
}

struct Outcome {
  std::string path;     // the config file written
  std::string message;  // its ConfigError message ("" if it loaded)
};

// The baseline config after `edit`, written to a fresh folder as bad.json.
Outcome LoadEdited(const std::function<void(Json&)>& edit) {
  Json json = Baseline();
  edit(json);
  const std::string path = WriteFile(TempDir("config"), "bad.json", json.dump(2));
  return {path, ConfigErrorOf(path)};
}

Json& Policy(Json& config, const std::string& seat) { return config["policies"][seat]; }

TEST_CASE("The baseline and smoke configs load without error", "[config]") {
  CHECK(ConfigErrorOf(SourcePath("experiments/status-quo.json")) == "");
  CHECK(ConfigErrorOf(SourcePath("experiments/smoke.json")) == "");
  const Outcome unedited = LoadEdited([](Json&) {});
  CHECK(unedited.message == "");
}

TEST_CASE("An unknown top-level key lists the valid keys nearest first", "[config]") {
  const Outcome o = LoadEdited([](Json& j) { j["replicate"] = 5; });
  CHECK_THAT(o.message, StartsWith(o.path + ": at /replicate: expected a known key name, "
                                            "found 'replicate'; valid: replicates, "));
  // Nine keys: the nearest five, and how many more.
  CHECK_THAT(o.message, EndsWith("valid: replicates, policies, metagame, name, timeline (and 4 more)"));
}

TEST_CASE("A value of the wrong type names what was expected and what was found", "[config]") {
  SECTION("seed as a string") {
    const Outcome o = LoadEdited([](Json& j) { j["seed"] = "abc"; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /seed: expected an integer in [0, "));
    CHECK_THAT(o.message, Contains("], found the string \"abc\""));
  }
  SECTION("replicates not an integer") {
    const Outcome o = LoadEdited([](Json& j) { j["replicates"] = 2.5; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /replicates: expected an integer in [1, "));
    CHECK_THAT(o.message, Contains("], found the number 2.5"));
  }
  SECTION("an agent that is not an object") {
    const Outcome o = LoadEdited([](Json& j) { j["scenario"]["agents"]["us"] = 3; });
    CHECK_THAT(o.message,
               Equals(o.path + ": at /scenario/agents/us: expected an object, found the number 3"));
  }
  SECTION("a policy given as a bare name") {
    const Outcome o = LoadEdited([](Json& j) { Policy(j, "license_fee.seller") = "fixed"; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/license_fee.seller: expected a "
                                              "policy object like {\"name\": \"fixed\""));
    CHECK_THAT(o.message, Contains("found the string \"fixed\""));
  }
  SECTION("a missing required member") {
    const Outcome o = LoadEdited([](Json& j) { j.erase("seed"); });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /: expected a member \"seed\", found an "
                                              "object with keys "));
    CHECK_THAT(o.message, Contains(" without it"));
  }
}

TEST_CASE("Out-of-range values give the allowed range", "[config]") {
  SECTION("horizon 0") {
    const Outcome o = LoadEdited([](Json& j) { j["scenario"]["horizon"] = 0; });
    CHECK_THAT(o.message, Equals(o.path + ": at /scenario/horizon: expected an integer in [1, "
                                          "400], found the number 0"));
  }
  SECTION("a parameter outside [lo, hi]") {
    const Outcome o = LoadEdited([](Json& j) { j["scenario"]["parameters"]["pue"] = 5; });
    CHECK_THAT(o.message, Equals(o.path + ": at /scenario/parameters/pue: expected a number in "
                                          "[1, 3], found the number 5"));
  }
  SECTION("a parameter's fixed value outside [lo, hi]") {
    const Outcome o =
        LoadEdited([](Json& j) { j["scenario"]["parameters"]["pue"]["value"] = 0.5; });
    CHECK_THAT(o.message, Equals(o.path + ": at /scenario/parameters/pue/value: expected a number "
                                          "in [1, 3], found the number 0.5"));
  }
  SECTION("a game parameter outside [lo, hi]") {
    const Outcome o = LoadEdited(
        [](Json& j) { j["scenario"]["games"]["license_fee"]["params"]["fee_mid"] = -0.1; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /scenario/games/license_fee/params/fee_mid: "
                                              "expected a number in [0, "));
    CHECK_THAT(o.message, Contains("found the number -0.1"));
  }
  SECTION("a triangular prior with min > mode") {
    const Outcome o = LoadEdited([](Json& j) {
      j["scenario"]["parameters"]["cn_yield_2026"]["triangular"] = {0.5, 0.4, 0.6};
    });
    CHECK_THAT(o.message,
               Equals(o.path + ": at /scenario/parameters/cn_yield_2026/triangular: expected "
                               "[min, mode, max] with min <= mode <= max, found an array of 3 "
                               "element(s)"));
  }
  SECTION("a prior's support outside [lo, hi]") {
    const Outcome o = LoadEdited([](Json& j) {
      j["scenario"]["parameters"]["cn_yield_2026"]["triangular"] = {0.3, 0.4, 1.5};
    });
    CHECK_THAT(o.message, Equals(o.path + ": at /scenario/parameters/cn_yield_2026/triangular/2: "
                                          "expected a number in [0.05, 1], found the number 1.5"));
  }
  SECTION("a prior with two forms") {
    const Outcome o = LoadEdited([](Json& j) {
      j["scenario"]["parameters"]["pue"] = {{"value", 1.2}, {"uniform", {1.1, 1.3}}};
    });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /scenario/parameters/pue: expected exactly "
                                              "one of \"value\", \"triangular\""));
    CHECK_THAT(o.message, Contains("found an object with keys uniform, value"));
  }
  SECTION("a probability of 1.5") {
    const Outcome o =
        LoadEdited([](Json& j) { Policy(j, "export_control.restrictor")["probability"] = 1.5; });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies/export_control.restrictor/probability: "
                                          "expected a number in [0, 1], found the number 1.5"));
  }
  SECTION("a probability prior reaching above 1") {
    const Outcome o = LoadEdited([](Json& j) {
      Policy(j, "mineral_retaliation.controller")["probability"]["triangular"] = {0.5, 0.7, 1.2};
    });
    CHECK_THAT(o.message,
               Equals(o.path + ": at /policies/mineral_retaliation.controller/probability/"
                               "triangular/2: expected a number in [0, 1], found the number 1.2"));
  }
  SECTION("a negative retaliation lag") {
    const Outcome o =
        LoadEdited([](Json& j) { Policy(j, "export_control.restrictor")["lag"] = -1; });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies/export_control.restrictor/lag: "
                                          "expected an integer in [0, 40], found the number -1"));
  }
}

TEST_CASE("Unknown agent kinds and blocs list the valid names nearest first", "[config]") {
  SECTION("agent kind") {
    const Outcome o = LoadEdited([](Json& j) { j["scenario"]["agents"]["us"]["kind"] = "contry"; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /scenario/agents/us/kind: expected a known "
                                              "agent kind name, found 'contry'; valid: country, "));
    CHECK_THAT(o.message, Contains("chipmaker"));
    CHECK_THAT(o.message, Contains("hyperscaler"));
  }
  SECTION("bloc") {
    const Outcome o = LoadEdited([](Json& j) { j["scenario"]["agents"]["us"]["bloc"] = "usa"; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /scenario/agents/us/bloc: expected a known "
                                              "bloc name, found 'usa'; valid: us, "));
    CHECK_THAT(o.message, Contains("global_south"));
  }
  SECTION("agent parameter") {
    const Outcome o =
        LoadEdited([](Json& j) { j["scenario"]["agents"]["us"]["params"]["w_industri"] = 1.0; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /scenario/agents/us/params/w_industri: "
                                              "expected a known key name, found 'w_industri'; "
                                              "valid: w_industry, "));
  }
}

TEST_CASE("An unknown stage game lists the games nearest first", "[config]") {
  const Outcome o = LoadEdited([](Json& j) {
    auto& games = j["scenario"]["games"];
    games["export_controls"] = games["export_control"];
    games.erase("export_control");
  });
  CHECK_THAT(o.message, StartsWith(o.path + ": at /scenario/games/export_controls: expected a "
                                            "known key name, found 'export_controls'; valid: "
                                            "export_control, "));
  CHECK_THAT(o.message, Contains("procurement"));
}

TEST_CASE("Unknown seats and seat assignments", "[config]") {
  SECTION("an unknown seat name") {
    const Outcome o = LoadEdited([](Json& j) {
      auto& seats = j["scenario"]["games"]["license_fee"]["seats"];
      seats["sellr"] = seats["seller"];
      seats.erase("seller");
    });
    CHECK_THAT(o.message, Equals(o.path + ": at /scenario/games/license_fee/seats/sellr: expected "
                                          "a known key name, found 'sellr'; valid: seller, buyer"));
  }
  SECTION("a seat assigned to an unknown agent") {
    const Outcome o = LoadEdited(
        [](Json& j) { j["scenario"]["games"]["license_fee"]["seats"]["seller"] = "usa"; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /scenario/games/license_fee/seats/seller: "
                                              "expected a known agent name, found 'usa'; valid: "
                                              "us, "));
    CHECK_THAT(o.message, EndsWith(" (and 4 more)"));
  }
  SECTION("a seat whose default agent is missing") {
    const Outcome o = LoadEdited([](Json& j) {
      j["scenario"]["agents"].erase("us_designer");
      j["scenario"]["games"]["lobbying"].erase("seats");
    });
    // The scenario's agents in document (sorted) order.
    std::string agents;
    for (auto it = Baseline()["scenario"]["agents"].begin();
         it != Baseline()["scenario"]["agents"].end(); ++it) {
      if (it.key() != "us_designer") agents += (agents.empty() ? "" : ", ") + it.key();
    }
    REQUIRE_THAT(agents, StartsWith("allies, china, "));
    // Both seats of the game lack their agent: both are reported.
    CHECK(o.message ==
          "2 errors; fix them all, then rerun:\n  " + o.path +
              ": at /scenario/games/lobbying/seats/lobbyist: expected an agent for seat 'lobbyist' "
              "(default 'us_designer' is not among the scenario's agents), found no seat "
              "assignment; valid agents: " +
              agents + "\n  " + o.path +
              ": at /scenario/games/lobbying/seats/sku: expected an agent for seat 'sku' (default "
              "'us_designer' is not among the scenario's agents), found no seat assignment; valid "
              "agents: " +
              agents);
  }
}

TEST_CASE("Policy errors: unknown policy, action, watched seat, missing seats", "[config]") {
  SECTION("an unknown policy name") {
    const Outcome o =
        LoadEdited([](Json& j) { Policy(j, "license_fee.buyer")["name"] = "tit_for_tatt"; });
    // Nearest first: the full list grows with the registry.
    CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/license_fee.buyer/name: expected a "
                                              "known policy name, found 'tit_for_tatt'; valid: "
                                              "tit_for_tat, "));
    CHECK_THAT(o.message, Contains("tit_for_tat, tit_for_two_tats, "));
    CHECK_THAT(o.message, Contains(" more)"));
    CHECK_THAT(o.message, !Contains("cross_retaliation"));
  }
  SECTION("an unknown action of the seat") {
    const Outcome o =
        LoadEdited([](Json& j) { Policy(j, "license_fee.seller")["action"] = "hihg"; });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies/license_fee.seller/action: expected a "
                                          "known action of license_fee.seller name, found "
                                          "'hihg'; valid: high, mid, none, low"));
  }
  SECTION("an action of another seat") {
    // "tight" is the restrictor's, not the buyer's.
    const Outcome o =
        LoadEdited([](Json& j) { Policy(j, "license_fee.buyer")["floor"] = "tight"; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/license_fee.buyer/floor: expected "
                                              "a known action of license_fee.buyer name, found "
                                              "'tight'; valid: "));
    CHECK_THAT(o.message, Contains("free"));
    CHECK_THAT(o.message, Contains("prohibit"));
  }
  SECTION("an unknown watched seat") {
    const Outcome o = LoadEdited(
        [](Json& j) { Policy(j, "license_fee.buyer")["watch"] = "export_control.restricter"; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/license_fee.buyer/watch: expected "
                                              "a known seat name, found "
                                              "'export_control.restricter'; valid: "
                                              "export_control.restrictor, "));
  }
  SECTION("a policy watching its own seat") {
    const Outcome o =
        LoadEdited([](Json& j) { Policy(j, "license_fee.buyer")["watch"] = "license_fee.buyer"; });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies/license_fee.buyer/watch: expected a "
                                          "seat other than the policy's own, found the string "
                                          "\"license_fee.buyer\""));
  }
  SECTION("tit_for_tat without an obvious opponent") {
    const Outcome o = LoadEdited([](Json& j) {
      Policy(j, "export_control.restrictor") = {{"name", "tit_for_tat"}};
    });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies/export_control.restrictor: expected a "
                                          "member \"watch\" (seat export_control.restrictor has "
                                          "no single opponent in its game), found none"));
  }
  SECTION("a parameter the policy does not take") {
    const Outcome o = LoadEdited([](Json& j) { Policy(j, "license_fee.seller")["lag"] = 2; });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies/license_fee.seller/lag: expected a "
                                          "known key name, found 'lag'; valid: name, action"));
  }
  SECTION("a policy for a seat that is not played") {
    const Outcome o = LoadEdited(
        [](Json& j) { j["policies"]["license_fee.sellr"] = j["policies"]["license_fee.seller"]; });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/license_fee.sellr: expected a known "
                                              "key name, found 'license_fee.sellr'; valid: "
                                              "license_fee.seller, "));
  }
  SECTION("missing policies list the seats without one") {
    const Outcome o = LoadEdited([](Json& j) {
      j["policies"].erase("license_fee.buyer");
      j["policies"].erase("procurement.gs_buyer");
    });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies: expected a policy for every seat of "
                                          "the games played, found none for license_fee.buyer, "
                                          "procurement.gs_buyer"));
  }
  SECTION("a scripted policy with an empty timeline") {
    const Outcome o = LoadEdited([](Json& j) {
      Policy(j, "license_fee.seller") = {{"name", "scripted"}, {"actions", Json::array()}};
    });
    CHECK_THAT(o.message, Equals(o.path + ": at /policies/license_fee.seller/actions: expected a "
                                          "non-empty array of action names, found an array of 0 "
                                          "element(s)"));
  }
  SECTION("a scripted policy with an unknown action in its timeline") {
    const Outcome o = LoadEdited([](Json& j) {
      Policy(j, "license_fee.seller") = {{"name", "scripted"},
                                         {"actions", Json::array({"low", "hgh"})}};
    });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/license_fee.seller/actions/1: "
                                              "expected a known action of license_fee.seller "
                                              "name, found 'hgh'; valid: high, "));
  }
  SECTION("an error inside a scripted policy's fallback") {
    const Outcome o = LoadEdited([](Json& j) {
      Policy(j, "license_fee.seller") = {{"name", "scripted"},
                                         {"actions", Json::array({"low"})},
                                         {"fallback", {{"name", "grim_triger"}}}};
    });
    CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/license_fee.seller/fallback/name: "
                                              "expected a known policy name, found "
                                              "'grim_triger'; valid: grim_trigger, "));
  }
}

TEST_CASE("An unknown key inside a policy's numeric prior", "[config]") {
  const Outcome o = LoadEdited([](Json& j) {
    Policy(j, "export_control.restrictor")["probability"] = {{"value", 0.5}, {"sorce", "x"}};
  });
  CHECK_THAT(o.message, StartsWith(o.path + ": at /policies/export_control.restrictor/probability/"
                                            "sorce: expected a known key name, found 'sorce'"));
}

TEST_CASE("An unknown key inside a policy's numeric prior lists the valid keys", "[config]") {
  const Outcome o = LoadEdited([](Json& j) {
    Policy(j, "export_control.restrictor")["probability"] = {{"value", 0.5}, {"sorce", "x"}};
  });
  CHECK_THAT(o.message, Contains("found 'sorce'; valid: source, "));
}

TEST_CASE("A JSON syntax error is reported with its line", "[config]") {
  const std::string dir = TempDir("config");
  const std::string path =
      WriteFile(dir, "broken.json", "{\n  \"name\": \"x\",\n  \"seed\": ,\n}\n");
  const std::string message = ConfigErrorOf(path);
  CHECK_THAT(message, StartsWith(path + ": at /: expected valid JSON, found a syntax error at "
                                        "line 3, column "));
  CHECK_THAT(message, Contains("unexpected ','"));
}

TEST_CASE("A JSON syntax error is reported with its exact column", "[config]") {
  const std::string dir = TempDir("config");
  // Line 3 is `  "seed": ,`: the comma is its 11th character.
  const std::string path =
      WriteFile(dir, "broken.json", "{\n  \"name\": \"x\",\n  \"seed\": ,\n}\n");
  CHECK_THAT(ConfigErrorOf(path), Contains("found a syntax error at line 3, column 11 ("));
}

TEST_CASE("A config that is not a JSON object", "[config]") {
  const std::string path = WriteFile(TempDir("config"), "list.json", "[1, 2]");
  CHECK_THAT(ConfigErrorOf(path), Equals(path + ": at /: expected a JSON object at the top "
                                                "level, found an array of 2 element(s)"));
}

TEST_CASE("A config file that does not exist", "[config]") {
  const std::string path = TempDir("config") + "/absent.json";
  CHECK_THAT(ConfigErrorOf(path), Equals(path + ": at /: expected a readable JSON file (a "
                                                "regular file of at most 1 MiB), found no such "
                                                "file"));
}

// ---------------------------------------------------------------------------
// "extends"

const std::string& BaselinePath() {
  static const std::string path = SourcePath("experiments/status-quo.json");
  return path;
}

TEST_CASE("extends to a missing file names the path it tried", "[config]") {
  const std::string dir = TempDir("config");
  const std::string child =
      WriteFile(dir, "child.json", R"({"extends": "nope.json", "name": "child"})");
  CHECK_THAT(ConfigErrorOf(child),
             Equals(child +
                    ": at /extends: expected the path of a config (a regular file of at most "
                    "1 MiB), relative to this file, found \"nope.json\" (" +
                    dir + "/nope.json: no such file)"));
}

TEST_CASE("extends that is not a string", "[config]") {
  const std::string dir = TempDir("config");
  const std::string child = WriteFile(dir, "child.json", R"({"extends": 3, "name": "child"})");
  CHECK_THAT(ConfigErrorOf(child), Equals(child + ": at /extends: expected a path to the parent "
                                                  "config (a string), found the number 3"));
}

TEST_CASE("An extends cycle is an error, not a hang", "[config]") {
  const std::string dir = TempDir("config");
  SECTION("two files") {
    // Blamed on the file whose "extends" closes the cycle.
    const std::string a = WriteFile(dir, "a.json", R"({"extends": "b.json", "name": "a"})");
    const std::string b = WriteFile(dir, "b.json", R"({"extends": "a.json", "name": "b"})");
    CHECK_THAT(ConfigErrorOf(a), Equals(b +
                                        ": at /extends: expected a chain of \"extends\" "
                                        "without cycles, found a cycle back to " +
                                        a));
  }
  SECTION("a file extending itself") {
    const std::string self = WriteFile(dir, "self.json", R"({"extends": "self.json"})");
    CHECK_THAT(ConfigErrorOf(self), Equals(self +
                                           ": at /extends: expected a chain of \"extends\" "
                                           "without cycles, found a cycle back to " +
                                           self));
  }
}

// Writes dir/child.json: {"extends": <baseline by absolute path>, <members>}.
std::string WriteChild(const std::string& dir, const std::string& members) {
  return WriteFile(dir, "child.json", "{\"extends\": \"" + BaselinePath() + "\", " + members + "}");
}

TEST_CASE("An error in a child's override is reported with the child's file", "[config]") {
  const std::string dir = TempDir("config");
  SECTION("an overridden scalar") {
    const std::string child = WriteChild(dir, R"("scenario": {"horizon": 0})");
    CHECK_THAT(ConfigErrorOf(child), Equals(child + ": at /scenario/horizon: expected an integer "
                                                    "in [1, 400], found the number 0"));
  }
  SECTION("an overridden policy") {
    const std::string child = WriteChild(
        dir, R"("policies": {"license_fee.seller": {"name": "fixed", "action": "hihg"}})");
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(child + ": at /policies/license_fee.seller/action: expected a known "
                                  "action of license_fee.seller name, found 'hihg'; valid: "
                                  "high, "));
  }
  SECTION("an overridden prior") {
    const std::string child = WriteChild(
        dir, R"("scenario": {"parameters": {"cn_yield_2026": {"triangular": [0.5, 0.4, 0.6]}}})");
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(child + ": at /scenario/parameters/cn_yield_2026/triangular: expected "
                                  "[min, mode, max] with min <= mode <= max"));
  }
  SECTION("an unknown key added by the child (its file: see the known bug below)") {
    const std::string child = WriteChild(dir, R"("replicate": 5)");
    CHECK_THAT(ConfigErrorOf(child), Contains(": at /replicate: expected a known key name, found "
                                              "'replicate'; valid: replicates, "));
  }
  SECTION("a syntax error in the child") {
    // A trailing comma before the end of the object.
    const std::string child = WriteChild(dir, R"("name": "child",)");
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(child + ": at /: expected valid JSON, found a syntax error at line 1"));
  }
}

TEST_CASE("An unknown key added by a child is reported with the child's file", "[config]") {
  const std::string dir = TempDir("config");
  SECTION("at the top level") {
    const std::string child = WriteChild(dir, R"("replicate": 5)");
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(child + ": at /replicate: expected a known key name"));
  }
  SECTION("in an inherited object") {
    const std::string child = WriteChild(dir, R"("scenario": {"horizn": 10})");
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(child + ": at /scenario/horizn: expected a known key name"));
  }
}

TEST_CASE("An error in an inherited value is reported with the parent's file", "[config]") {
  const std::string dir = TempDir("config");
  SECTION("a bad value the child does not touch") {
    Json parent = Baseline();
    parent["seed"] = "abc";
    const std::string parent_path = WriteFile(dir, "parent.json", parent.dump(2));
    const std::string child =
        WriteFile(dir, "child.json", R"({"extends": "parent.json", "name": "child"})");
    CHECK_THAT(ConfigErrorOf(child), StartsWith(parent_path + ": at /seed: expected an integer"));
    CHECK_THAT(ConfigErrorOf(child), Contains("found the string \"abc\""));
  }
  SECTION("inherited policies for a game the child removes") {
    const std::string child = WriteChild(dir, R"("scenario": {"games": {"procurement": null}})");
    // Both of the removed game's seats are reported, with the parent's file.
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith("2 errors; fix them all, then rerun:\n  " + BaselinePath() +
                          ": at /policies/procurement.cn_buyer: expected a known key name, found "
                          "'procurement.cn_buyer'"));
    CHECK_THAT(ConfigErrorOf(child),
               Contains("\n  " + BaselinePath() +
                        ": at /policies/procurement.gs_buyer: expected a known key name"));
  }
  SECTION("a syntax error in the parent") {
    const std::string parent = WriteFile(dir, "parent.json", "{\"name\": \"p\"\n\"seed\": 1}");
    const std::string child =
        WriteFile(dir, "child.json", R"({"extends": "parent.json", "name": "child"})");
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(parent + ": at /: expected valid JSON, found a syntax error at line 2"));
  }
}

TEST_CASE("A five-line what-if extends the baseline and replaces whole policies", "[config]") {
  const std::string dir = TempDir("config");
  const std::string child =
      WriteFile(dir, "what_if.json",
                "{\n"
                "  \"extends\": \"" +
                    BaselinePath() +
                    "\",\n"
                    "  \"name\": \"what_if_ban\",\n"
                    "  \"policies\": {\"export_control.restrictor\": {\"name\": "
                    "\"fixed\", \"action\": \"ban\"}},\n"
                    "  \"scenario\": {\"parameters\": {\"pue\": 1.5}}\n"
                    "}\n");
  REQUIRE(ConfigErrorOf(child) == "");
  const Experiment e = LoadExperiment(child);
  const Experiment base = LoadExperiment(BaselinePath());
  CHECK(e.name == "what_if_ban");
  CHECK(e.file == child);
  CHECK(e.seed == base.seed);
  CHECK(e.replicates == base.replicates);
  // Without a description of its own it is described as its parent with its
  // overrides, not by the parent's description.
  CHECK(e.description ==
        "status-quo with: /policies/export_control.restrictor = "
        "{\"action\":\"ban\",\"name\":\"fixed\"}; /scenario/parameters/pue = 1.5");
  const int restrictor = e.scenario.SeatIndex("export_control.restrictor");
  // The child's policy replaces the parent's: none of its keys are left over.
  CHECK(e.policies[restrictor]->ToJson() == Json({{"name", "fixed"}, {"action", "ban"}}));
  const MergedConfig merged = LoadMergedConfig(child);
  CHECK(merged.json["policies"]["export_control.restrictor"] ==
        Json({{"name", "fixed"}, {"action", "ban"}}));
  // The other policies and parameters are the parent's.
  for (size_t seat = 0; seat < e.policies.size(); ++seat) {
    if (static_cast<int>(seat) == restrictor) continue;
    CHECK(e.policies[seat]->ToJson() == base.policies[seat]->ToJson());
  }
  CHECK(e.scenario.world_params.Central("pue") == 1.5);
  CHECK(base.scenario.world_params.Central("pue") == 1.25);
  CHECK(e.scenario.world_params.Central("cn_yield_2026") == 0.4);  // the parent's prior
  CHECK(e.scenario.world_params.ToJson()["cn_yield_2026"] ==
        base.scenario.world_params.ToJson()["cn_yield_2026"]);
  CHECK(e.Hash() != base.Hash());
}

// A number from a resolved config: plain, or {"value": ..., "source": ...}.
Json ValueOf(const Json& j) { return j.is_object() ? j.at("value") : j; }

TEST_CASE("A child's policy of the same name still replaces the parent's", "[config]") {
  // The parent's cross_retaliation sets response "tight" and probability 0.7;
  // the child names only the watched seat, so the defaults apply.
  const std::string dir = TempDir("config");
  const std::string child = WriteChild(dir, R"("policies": {"export_control.restrictor": )"
                                            R"({"name": "cross_retaliation", )"
                                            R"("watch": "mineral_retaliation.controller"}})");
  const Experiment e = LoadExperiment(child);
  const Json p = e.policies[e.scenario.SeatIndex("export_control.restrictor")]->ToJson();
  CHECK(p["response"] == "ban");
  CHECK(ValueOf(p["probability"]) == 1.0);
  CHECK(p["trigger"] == "ban");
  CHECK(p["baseline"] == "license");
}

TEST_CASE("smoke.json extends status-quo.json by a relative path", "[config]") {
  const Experiment smoke = LoadExperiment(SourcePath("experiments/smoke.json"));
  const Experiment base = LoadExperiment(BaselinePath());
  CHECK(smoke.name == "smoke");
  CHECK(smoke.replicates == 200);
  CHECK(smoke.seed == base.seed);
  CHECK(smoke.scenario.ToJson() == base.scenario.ToJson());
}

TEST_CASE("All of a file's independent errors are reported at once, in document order",
          "[config]") {
  const Outcome o = LoadEdited([](Json& j) {
    j["colour"] = 1;
    j["seed"] = "seven";
    j["scenario"]["parameters"]["cuda_lokin"] = 1.0;
    j["scenario"]["parameters"]["cn_perf_vs_h100"] = 7;
    j["scenario"]["games"]["license_fee"]["params"]["fee_mid"] = -1;
  });
  const std::vector<std::string> lines = {
      "5 errors; fix them all, then rerun:",
      "  " + o.path + ": at /colour: expected a known key name, found 'colour'; valid: ",
      "  " + o.path + ": at /seed: expected an integer in [0, 9007199254740991], found the string "
                      "\"seven\"",
      "  " + o.path + ": at /scenario/parameters/cuda_lokin: expected a known key name, found "
                      "'cuda_lokin'; valid: cuda_lockin, ",
      "  " + o.path + ": at /scenario/parameters/cn_perf_vs_h100: expected a number in [0.1, 3], "
                      "found the number 7",
      "  " + o.path + ": at /scenario/games/license_fee/params/fee_mid: expected a number in [0, "
                      "1], found the number -1"};
  std::istringstream in(o.message);
  std::string line;
  for (const auto& expected : lines) {
    REQUIRE(std::getline(in, line));
    CHECK_THAT(line, StartsWith(expected));
  }
  CHECK_FALSE(std::getline(in, line));

  // A policy is read against the scenario's seats, so with a broken scenario
  // its errors wait: no error is a consequence of another.
  const Outcome dependent = LoadEdited([](Json& j) {
    j["scenario"]["horizon"] = 0;
    j["policies"]["export_control.restrictor"] = {{"name", "tit_for_tatt"}};
  });
  CHECK_THAT(dependent.message, StartsWith(dependent.path + ": at /scenario/horizon: "));
  CHECK_THAT(dependent.message, !Contains("tit_for_tatt"));
  // With the scenario right, two policies' errors come together.
  const Outcome policies = LoadEdited([](Json& j) {
    j["policies"]["export_control.restrictor"] = {{"name", "tit_for_tatt"}};
    j["policies"]["license_fee.seller"] = {{"name", "fixed"}, {"action", "shrug"}};
  });
  CHECK_THAT(policies.message, StartsWith("2 errors; fix them all, then rerun:\n"));
  CHECK_THAT(policies.message, Contains("'tit_for_tatt'"));
  CHECK_THAT(policies.message, Contains("'shrug'"));
}

TEST_CASE("A sweep config's errors come together too: the sweep member's and its base's",
          "[config][sweep]") {
  const std::string dir = TempDir("config");
  const std::string path = WriteFile(dir, "sweep.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(", "name": "sw", "seed": -1,
    "sweep": {"levers": [{"name": "fee", "pointer": "/scenario/games/license_fee/params/fee_mdi",
                          "values": [0.1]},
                         {"name": "lockin", "pointer": "/scenario/parameters/cuda_lockin",
                          "values": [1.0]}],
              "replicates": 0, "discovery": {"outcome": "symbiotic"}}})");
  const auto r = testing::RunGeostrat("validate " + path);
  CHECK(r.status == 2);
  // The levers point into the base config, so they wait for it.
  CHECK_THAT(r.out, StartsWith("geostrat: configuration error: 3 errors; fix them all, then "
                               "rerun:\n  " + path + ": at /seed: expected an integer"));
  CHECK_THAT(r.out, Contains("\n  " + path + ": at /sweep/replicates: expected an integer in [1, "
                             "100000000], found the number 0\n"));
  CHECK_THAT(r.out, Contains("\n  " + path + ": at /sweep/discovery/outcome: expected a known "
                             "outcome class name, found 'symbiotic'"));
  CHECK_THAT(r.out, !Contains("/sweep/levers/0"));
  // With the base right, the lever's error joins the others.
  Json fixed = Json::parse(testing::ReadFile(path));
  fixed["seed"] = 1;
  const auto f = testing::RunGeostrat("validate " + WriteFile(dir, "sweep.json", fixed.dump()));
  CHECK_THAT(f.out, StartsWith("geostrat: configuration error: 3 errors; fix them all, then "
                               "rerun:\n  " + path + ": at /sweep/replicates: "));
  CHECK_THAT(f.out, Contains("\n  " + path + ": at /sweep/levers/0/pointer: expected a JSON "
                             "pointer to a value of the resolved config"));
}

TEST_CASE("Past 20 errors the list stops and says there were more", "[config]") {
  const Outcome o = LoadEdited([](Json& j) {
    for (int k = 0; k < 25; ++k) j["scenario"]["parameters"]["typo_" + std::to_string(k)] = 1;
  });
  CHECK_THAT(o.message, StartsWith("20 errors (and more); fix them all, then rerun:\n"));
  CHECK_THAT(o.message, EndsWith("\n  (reading went on past 20 errors without showing the rest)"));
  CHECK_THAT(o.message, Contains("typo_19'"));  // document order: typo_0, typo_1, typo_10...
  // A single error keeps its one-line message, as before.
  ConfigErrorCollector one;
  CHECK(one.Try([] {}));
  CHECK_FALSE(one.Try([] { throw ConfigError("f.json", "/x", "a", "b"); }));
  CHECK_THROWS_WITH(one.ThrowIfAny(), "f.json: at /x: expected a, found b");
}

TEST_CASE("geostrat validate exits 0 on a good config, 2 with the message on stderr", "[config]") {
  const auto ok = testing::RunGeostrat("validate " + BaselinePath());
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Contains(BaselinePath() + ": ok (experiment 'status-quo'"));

  const Outcome bad = LoadEdited([](Json& j) { j["seed"] = "abc"; });
  const std::string err = TempDir("config") + "/stderr.txt";
  // stderr to a file, stdout to the pipe; `exit $?` keeps geostrat's status
  // (RunGeostrat appends its own 2>&1, which then applies to `exit` only).
  const auto r = testing::RunGeostrat("validate " + bad.path + " 2>" + err + "; exit $?");
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK_THAT(testing::ReadFile(err),
             Equals("geostrat: configuration error: " + bad.message + "\n"));
  CHECK_THAT(bad.message, StartsWith(bad.path + ": at /seed: expected an integer"));
}

}  // namespace
}  // namespace geostrat
