// Policies: each family played against scripted opponents with its exact joint
// action sequence, then contracts every registry entry must keep (same seed =>
// same play, fresh instances agree, deterministic policies draw nothing,
// declared memory depth bounds behaviour, metadata matches the plan).
#include <algorithm>
#include <cmath>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
#include "policies/policy.h"
#include "tests/policies/contract_specs.h"
#include "engine/core/error.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Names = std::vector<std::string>;
using testing::ClassicSpecs;
using testing::LearningSpecs;

// Two agents are enough for the seats of export_control, license_fee and
// mineral_retaliation (us: restrictor, seller, target; china: buyer, controller).
const Json& Agents() {
  static const Json agents = {{"us", {{"kind", "country"}, {"bloc", "us"}}},
                              {"china", {{"kind", "country"}, {"bloc", "china"}}}};
  return agents;
}

// An experiment config with the given games ("name": {} entries) and policies
// (seat id -> policy spec entries), written to a fresh folder and loaded.
Experiment Load(const std::string& games, const std::string& policies, int horizon = 12,
                int replicates = 1, int seed = 7, const Json& leaders = nullptr) {
  Json config = {
      {"name", "policy_test"},
      {"seed", seed},
      {"replicates", replicates},
      {"scenario",
       {{"horizon", horizon}, {"agents", Agents()}, {"games", Json::parse("{" + games + "}")}}},
      {"policies", Json::parse("{" + policies + "}")}};
  if (!leaders.is_null()) config["scenario"]["leaders"] = leaders;
  const std::string dir = testing::TempDir("policies");
  return LoadExperiment(testing::WriteFile(dir, "experiment.json", config.dump(2)));
}

// The action names each seat actually played in one replicate, by seat id.
std::map<std::string, Names> Play(const Experiment& e, uint32_t replicate = 0) {
  const World world = Simulation(e).Run(replicate);
  std::map<std::string, Names> out;
  for (size_t seat = 0; seat < e.scenario.seats.size(); ++seat) {
    const Seat& s = e.scenario.seats[seat];
    Names& names = out[s.id];
    for (int q = 0; q < world.quarter; ++q) {
      names.push_back(s.actions[world.ActionAt(q, static_cast<int>(seat))]);
    }
  }
  return out;
}

std::string Quoted(const Names& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
  return out;
}

std::string Scripted(const Names& actions) {
  return R"({"name": "scripted", "actions": [)" + Quoted(actions) + "]}";
}

std::string Entry(const std::string& seat, const std::string& spec) {
  return "\"" + seat + "\": " + spec;
}

constexpr const char* kFeeGame = R"("license_fee": {})";
constexpr const char* kRetaliationGames = R"("export_control": {}, "mineral_retaliation": {})";

// ---------------------------------------------------------------------------
// fixed

TEST_CASE("fixed plays its action every quarter, the status quo by default", "[policies]") {
  const Experiment e =
      Load(kFeeGame, Entry("license_fee.seller", R"({"name": "fixed", "action": "high"})") + ", " +
                         Entry("license_fee.buyer", R"({"name": "fixed"})"));
  auto play = Play(e);
  CHECK(play["license_fee.seller"] == Names(12, "high"));
  CHECK(play["license_fee.buyer"] == Names(12, "guide"));  // buyer's status quo
  CHECK(e.policies[0]->ToJson() == Json({{"name", "fixed"}, {"action", "high"}}));
  CHECK(e.policies[1]->ToJson() == Json({{"name", "fixed"}, {"action", "guide"}}));
}

// ---------------------------------------------------------------------------
// scripted

TEST_CASE("scripted plays its timeline, then stays at its last action", "[policies]") {
  const Experiment e =
      Load(kFeeGame, Entry("license_fee.seller", Scripted({"none", "low", "high"})) + ", " +
                         Entry("license_fee.buyer", R"({"name": "fixed"})"));
  auto play = Play(e);
  CHECK(play["license_fee.seller"] == Names{"none", "low", "high", "high", "high", "high", "high",
                                            "high", "high", "high", "high", "high"});
  CHECK(e.policies[0]->ToJson()["fallback"] == Json({{"name", "fixed"}, {"action", "high"}}));
  CHECK(e.policies[0]->MemoryDepth() == 0);
  CHECK_FALSE(e.policies[0]->Stochastic());
}

TEST_CASE("scripted hands over to an explicit fallback policy after its timeline", "[policies]") {
  // The seller replays two quarters of "high", then plays tit for tat on the
  // buyer (3 rungs mapped onto 4: free -> none, guide -> mid, prohibit -> high).
  const Names buyer = {"prohibit", "free",  "guide",    "prohibit", "free",  "free",
                       "guide",    "guide", "prohibit", "free",     "guide", "free"};
  const std::string seller =
      R"({"name": "scripted", "actions": ["high", "high"], "fallback": {"name": "tit_for_tat"}})";
  const Experiment e = Load(kFeeGame, Entry("license_fee.seller", seller) + ", " +
                                          Entry("license_fee.buyer", Scripted(buyer)));
  auto play = Play(e);
  CHECK(play["license_fee.buyer"] == buyer);
  CHECK(play["license_fee.seller"] == Names{"high", "high", "none", "mid", "high", "none", "none",
                                            "mid", "mid", "high", "none", "mid"});
  CHECK(e.policies[0]->MemoryDepth() == 1);  // the fallback's
}

TEST_CASE("scripted replays the same timeline in every replicate", "[policies]") {
  const Experiment e = Load(kFeeGame,
                            Entry("license_fee.seller", Scripted({"mid", "none", "low"})) + ", " +
                                Entry("license_fee.buyer", Scripted({"prohibit"})),
                            4, 3);
  for (uint32_t r = 0; r < 3; ++r) {
    auto play = Play(e, r);
    CHECK(play["license_fee.seller"] == Names{"mid", "none", "low", "low"});
    CHECK(play["license_fee.buyer"] == Names(4, "prohibit"));
  }
}

// ---------------------------------------------------------------------------
// tit_for_tat

TEST_CASE("tit_for_tat maps a 4-rung ladder onto 3 rungs, rounding to the nearest", "[policies]") {
  // buyer level = round(seller level x 2 / 3): none 0 -> free, low 0.67 ->
  // guide, mid 1.33 -> guide, high 2 -> prohibit. The buyer (China) follows
  // the seller (the US): it answers each quarter's move in that quarter.
  const Names seller = {"none", "low", "mid",  "high", "low", "none",
                        "high", "mid", "none", "none", "low", "high"};
  const Experiment e = Load(kFeeGame, Entry("license_fee.seller", Scripted(seller)) + ", " +
                                          Entry("license_fee.buyer", R"({"name": "tit_for_tat"})"));
  auto play = Play(e);
  CHECK(play["license_fee.seller"] == seller);
  CHECK(play["license_fee.buyer"] == Names{"free", "guide", "guide", "prohibit", "guide", "free",
                                           "prohibit", "guide", "free", "free", "guide", "prohibit"});
  CHECK(e.policies[1]->ToJson() == Json({{"name", "tit_for_tat"},
                                         {"watch", "license_fee.seller"},
                                         {"floor", "free"},
                                         {"start", "guide"}}));
}

TEST_CASE("tit_for_tat with a ratchet never goes below its own last action", "[policies]") {
  // The buyer follows the seller's level (none -> free, low/mid -> guide,
  // high -> prohibit) upwards only.
  const Names seller = {"low", "none", "high", "mid", "none", "low"};
  const Experiment e =
      Load(kFeeGame, Entry("license_fee.seller", Scripted(seller)) + ", " +
                         Entry("license_fee.buyer", R"({"name": "tit_for_tat", "ratchet": true})"),
           6);
  CHECK(Play(e)["license_fee.buyer"] ==
        Names{"guide", "guide", "prohibit", "prohibit", "prohibit", "prohibit"});
  CHECK(e.policies[1]->ToJson()["ratchet"] == true);
}

TEST_CASE("tit_for_tat maps 3 rungs onto 4 rounding halves up, never below its floor",
          "[policies]") {
  // seller level = round(buyer level x 3 / 2): free 0 -> none (raised to the
  // floor "low"), guide 1.5 -> mid (half away from zero), prohibit 3 -> high.
  const Names buyer = {"free",  "guide",    "prohibit", "free",     "free",  "guide",
                       "guide", "prohibit", "free",     "prohibit", "guide", "free"};
  const Experiment e = Load(
      kFeeGame,
      Entry("license_fee.seller", R"({"name": "tit_for_tat", "floor": "low", "start": "high"})") +
          ", " + Entry("license_fee.buyer", Scripted(buyer)));
  auto play = Play(e);
  CHECK(play["license_fee.seller"] == Names{"high", "low", "mid", "high", "low", "low", "mid",
                                            "mid", "high", "low", "high", "mid"});
}

TEST_CASE("tit_for_tat starts at its floor by default and may watch another game", "[policies]") {
  // The controller (3 rungs) copies the restrictor (4 rungs): open 0 -> open,
  // license 0.67 -> licensing, tight 1.33 -> licensing, ban 2 -> ban; never
  // below its floor "licensing". As a follower it answers in the quarter;
  // when all move at once ("leaders": []) a quarter later, starting at its
  // floor.
  const Names restrictor = {"ban",     "open", "ban", "tight", "open",  "open",
                            "license", "ban",  "ban", "open",  "tight", "license"};
  const std::string controller =
      R"({"name": "tit_for_tat", "floor": "licensing", "watch": "export_control.restrictor"})";
  const Experiment e =
      Load(kRetaliationGames, Entry("export_control.restrictor", Scripted(restrictor)) + ", " +
                                  Entry("mineral_retaliation.controller", controller) + ", " +
                                  Entry("mineral_retaliation.target", R"({"name": "fixed"})"));
  auto play = Play(e);
  CHECK(play["mineral_retaliation.controller"] ==
        Names{"ban", "licensing", "ban", "licensing", "licensing", "licensing", "licensing", "ban",
              "ban", "licensing", "licensing", "licensing"});
  const Experiment at_once =
      Load(kRetaliationGames,
           Entry("export_control.restrictor", Scripted(restrictor)) + ", " +
               Entry("mineral_retaliation.controller", controller) + ", " +
               Entry("mineral_retaliation.target", R"({"name": "fixed"})"),
           12, 1, 7, Json::array());
  CHECK(Play(at_once)["mineral_retaliation.controller"] ==
        Names{"licensing", "ban", "licensing", "ban", "licensing", "licensing", "licensing",
              "licensing", "ban", "ban", "licensing", "licensing"});
}

TEST_CASE("The order of moves: leaders choose first, followers see their moves of the quarter",
          "[policies][order]") {
  // Default leaders: the agents of the US and allied blocs.
  const Experiment e = Load(kFeeGame, Entry("license_fee.seller", R"({"name": "fixed"})") + ", " +
                                          Entry("license_fee.buyer", R"({"name": "fixed"})"));
  CHECK(e.scenario.leaders == std::vector<std::string>{"us"});
  CHECK(e.scenario.seat_leads == std::vector<char>{1, 0});
  CHECK(e.scenario.ToJson()["leaders"] == Json::array({"us"}));
  // The US seller answering China's buyer as a follower: China leads.
  const Names buyer = {"prohibit", "free", "guide", "prohibit"};
  const Experiment flipped =
      Load(kFeeGame,
           Entry("license_fee.seller", R"({"name": "tit_for_tat"})") + ", " +
               Entry("license_fee.buyer", Scripted(buyer)),
           4, 1, 7, Json::array({"china"}));
  CHECK(flipped.scenario.seat_leads == std::vector<char>{0, 1});
  CHECK(Play(flipped)["license_fee.seller"] == Names{"high", "none", "mid", "high"});
  // Bad input: an unknown agent, named twice.
  auto error_of = [&](const Json& leaders) {
    try {
      Load(kFeeGame, Entry("license_fee.seller", R"({"name": "fixed"})"), 4, 1, 7, leaders);
    } catch (const ConfigError& err) {
      return std::string(err.what());
    }
    return std::string();
  };
  CHECK_THAT(error_of(Json::array({"usa"})),
             Catch::Matchers::Contains("at /scenario/leaders/0: expected a known agent name, found 'usa'; valid: us"));
  CHECK_THAT(error_of(Json::array({"us", "us"})),
             Catch::Matchers::Contains("at /scenario/leaders/1: expected each agent once, found 'us' again"));
}

TEST_CASE("MapLevel rounds level x (to - 1) / (from - 1) half away from zero", "[policies]") {
  using policy_util::MapLevel;
  CHECK(MapLevel(1, 3, 4) == 2);  // 1.5
  CHECK(MapLevel(1, 4, 3) == 1);  // 0.67
  CHECK(MapLevel(2, 4, 3) == 1);  // 1.33
  CHECK(MapLevel(3, 4, 3) == 2);
  CHECK(MapLevel(1, 2, 4) == 3);
  CHECK(MapLevel(1, 4, 2) == 0);  // 0.33
  CHECK(MapLevel(2, 4, 2) == 1);  // 0.67
  CHECK(MapLevel(1, 3, 2) == 1);  // 0.5 rounds up
  CHECK(MapLevel(0, 1, 4) == 0);  // a one-rung ladder maps to the bottom
}

// ---------------------------------------------------------------------------
// grim_trigger

TEST_CASE("grim_trigger defaults: cooperate first action, punish last, threshold second",
          "[policies]") {
  // The seller watches the buyer; the buyer's "guide" (its second action) in
  // quarter 3 triggers "high" from quarter 4 on, forever, though the buyer
  // goes back to "free".
  const Names buyer = {"free", "free", "free", "guide", "free", "free",
                       "free", "free", "free", "free",  "free", "free"};
  const Experiment e = Load(kFeeGame, Entry("license_fee.seller", R"({"name": "grim_trigger"})") +
                                          ", " + Entry("license_fee.buyer", Scripted(buyer)));
  auto play = Play(e);
  CHECK(play["license_fee.seller"] == Names{"none", "none", "none", "none", "high", "high", "high",
                                            "high", "high", "high", "high", "high"});
  CHECK(e.policies[0]->ToJson() == Json({{"name", "grim_trigger"},
                                         {"watch", "license_fee.buyer"},
                                         {"cooperate", "none"},
                                         {"punish", "high"},
                                         {"threshold", "guide"}}));
}

TEST_CASE("grim_trigger is not triggered by the watched seat's status quo", "[policies]") {
  // The buyer's status quo is "guide" (= the default threshold); only actions
  // played count.
  const Experiment e = Load(kFeeGame, Entry("license_fee.seller", R"({"name": "grim_trigger"})") +
                                          ", " + Entry("license_fee.buyer", Scripted({"free"})));
  auto play = Play(e);
  CHECK(play["license_fee.seller"] == Names(12, "none"));
}

TEST_CASE("grim_trigger fires at its threshold or above, not below", "[policies]") {
  const Names seller = {"none", "mid",  "mid",  "low",  "mid", "none",
                        "high", "none", "none", "none", "low", "none"};
  const std::string buyer = R"({"name": "grim_trigger", "cooperate": "guide", )"
                            R"("punish": "prohibit", "threshold": "high"})";
  const Experiment e = Load(kFeeGame, Entry("license_fee.seller", Scripted(seller)) + ", " +
                                          Entry("license_fee.buyer", buyer));
  auto play = Play(e);
  // The buyer follows: it punishes from the quarter of the seller's 'high'.
  CHECK(play["license_fee.buyer"] == Names{"guide", "guide", "guide", "guide", "guide", "guide",
                                           "prohibit", "prohibit", "prohibit", "prohibit",
                                           "prohibit", "prohibit"});
}

// ---------------------------------------------------------------------------
// cross_retaliation

std::string RetaliationPolicies(const Names& restrictor, const std::string& controller) {
  return Entry("export_control.restrictor", Scripted(restrictor)) + ", " +
         Entry("mineral_retaliation.controller", controller) + ", " +
         Entry("mineral_retaliation.target", R"({"name": "fixed"})");
}

TEST_CASE("cross_retaliation defaults: trigger one above the status quo, lag 1, duration 4",
          "[policies]") {
  // Crossings of "tight" from below: quarters 1 (license -> tight), 8 (license
  // -> ban) and 10 (license -> tight); quarter 2 (tight -> tight) is no new
  // escalation. Answers: "ban" (the controller's last action) in 2-5, 9-12
  // and 11-14; "licensing" (its status quo) otherwise.
  const Names restrictor = {"license", "tight",   "tight", "license", "license", "license",
                            "license", "license", "ban",   "license", "tight",   "license"};
  const std::string controller =
      R"({"name": "cross_retaliation", "watch": "export_control.restrictor"})";
  const Experiment e = Load(kRetaliationGames, RetaliationPolicies(restrictor, controller));
  auto play = Play(e);
  CHECK(play["export_control.restrictor"] == restrictor);  // no lobbying game: as chosen
  CHECK(play["mineral_retaliation.controller"] == Names{"licensing", "licensing", "ban", "ban",
                                                        "ban", "ban", "licensing", "licensing",
                                                        "licensing", "ban", "ban", "ban"});
  const Json spec = e.policies[e.scenario.SeatIndex("mineral_retaliation.controller")]->ToJson();
  CHECK(spec["trigger"] == "tight");
  CHECK(spec["baseline"] == "licensing");
  CHECK(spec["response"] == "ban");
  // Numbers appear as {"value": ..., "source": ...} (or plain, if simplified).
  auto value = [](const Json& j) { return j.is_object() ? j.at("value") : j; };
  CHECK(value(spec["lag"]) == 1);
  CHECK(value(spec["duration"]) == 4);
  CHECK(value(spec["probability"]) == 1.0);
}

TEST_CASE("cross_retaliation: lag, duration, overlapping events, crossings from below only",
          "[policies]") {
  // trigger "ban": crossings at 0 (from the status quo "license"), 2 (license
  // -> ban) and 10 (tight -> ban); quarter 3 (ban -> ban) is none. With lag 2
  // and duration 3 the answers cover 2-4 and 4-6 (overlapping: one run 2-6)
  // and 12-14 (after the horizon). "tight" in quarter 9 is below the trigger.
  const Names restrictor = {"ban",     "license", "ban",     "ban",   "license", "license",
                            "license", "license", "license", "tight", "ban",     "license"};
  const std::string controller =
      R"({"name": "cross_retaliation", "watch": "export_control.restrictor", "trigger": "ban", )"
      R"("baseline": "open", "response": "licensing", "lag": 2, "duration": 3, )"
      R"("probability": 1})";
  const Experiment e = Load(kRetaliationGames, RetaliationPolicies(restrictor, controller));
  auto play = Play(e);
  CHECK(play["mineral_retaliation.controller"] == Names{"open", "open", "licensing", "licensing",
                                                        "licensing", "licensing", "licensing",
                                                        "open", "open", "open", "open", "open"});
  CHECK(e.policies[e.scenario.SeatIndex("mineral_retaliation.controller")]->MemoryDepth() == 5);
}

TEST_CASE("cross_retaliation: a watched seat already at the trigger is no escalation",
          "[policies]") {
  // trigger "license" = the restrictor's status quo: playing it from the start
  // is no crossing; only the move up from "open" in quarter 3 is.
  const Names restrictor = {"license", "license", "open", "license", "tight", "open",
                            "open",    "open",    "open", "open",    "open",  "open"};
  const std::string controller =
      R"({"name": "cross_retaliation", "watch": "export_control.restrictor", )"
      R"("trigger": "license", "duration": 2})";
  const Experiment e = Load(kRetaliationGames, RetaliationPolicies(restrictor, controller));
  auto play = Play(e);
  CHECK(play["mineral_retaliation.controller"] ==
        Names{"licensing", "licensing", "licensing", "licensing", "ban", "ban", "licensing",
              "licensing", "licensing", "licensing", "licensing", "licensing"});
}

// ---------------------------------------------------------------------------
// response_rule

TEST_CASE("response_rule with hazard 1 answers every escalation at once and relents",
          "[policies]") {
  // Escalations (quarters 1, 4, 8) raise the controller one rung from where it
  // stands; concessions (3, 6) lower it one rung. Holding is neither.
  const Names restrictor = {"license", "tight", "tight", "license", "ban",     "ban",
                            "open",    "open",  "license", "license", "license", "license"};
  const std::string controller =
      R"({"name": "response_rule", "watch": "export_control.restrictor", "hazard": 1, )"
      R"("relent": 1})";
  const Experiment e = Load(kRetaliationGames, RetaliationPolicies(restrictor, controller));
  CHECK(Play(e)["mineral_retaliation.controller"] ==
        Names{"licensing", "ban", "ban", "licensing", "ban", "ban", "licensing", "licensing",
              "ban", "ban", "ban", "ban"});
  const Json spec = e.policies[e.scenario.SeatIndex("mineral_retaliation.controller")]->ToJson();
  CHECK(spec["floor"] == "open");
  CHECK(spec["ceiling"] == "ban");
  CHECK(spec["watch"] == Json::array({"export_control.restrictor"}));
}

TEST_CASE("response_rule: grievance answers the second escalation, after the lag", "[policies]") {
  // hazard 0: the first escalation (quarter 1) is never answered; grievance
  // 100 makes the second (quarter 2) certain: answered from quarter 3 (lag 1).
  // No concession, so nothing steps down.
  const Names restrictor = {"license", "tight", "ban", "ban", "ban", "ban",
                            "ban",     "ban",   "ban", "ban", "ban", "ban"};
  const std::string controller =
      R"({"name": "response_rule", "watch": "export_control.restrictor", "hazard": 0, )"
      R"("grievance": 10, "lag": 1, "relent": 0})";
  const Experiment e = Load(kRetaliationGames, RetaliationPolicies(restrictor, controller));
  CHECK(Play(e)["mineral_retaliation.controller"] ==
        Names{"licensing", "licensing", "licensing", "ban", "ban", "ban", "ban", "ban", "ban",
              "ban", "ban", "ban"});
  // A concession in between clears the grievance: neither escalation is
  // answered (and with relent 0 the concession is not returned).
  const Names with_truce = {"license", "tight", "license", "tight", "tight", "tight",
                            "tight",   "tight", "tight",   "tight", "tight", "tight"};
  const Experiment t = Load(kRetaliationGames, RetaliationPolicies(with_truce, controller));
  CHECK(Play(t)["mineral_retaliation.controller"] == Names(12, "licensing"));
}

TEST_CASE("response_rule: a duration, a floor and relent_rungs", "[policies]") {
  // An answer lasting 2 quarters (1-2), then a concession in quarter 5 that
  // steps down two rungs but not below the floor "licensing".
  const Names restrictor = {"license", "tight", "tight", "tight", "tight", "license",
                            "license", "license", "license", "license", "license", "license"};
  const std::string lasting =
      R"({"name": "response_rule", "watch": "export_control.restrictor", "hazard": 1, )"
      R"("duration": 2, "relent": 0})";
  CHECK(Play(Load(kRetaliationGames, RetaliationPolicies(restrictor, lasting)))
            ["mineral_retaliation.controller"] ==
        Names{"licensing", "ban", "ban", "licensing", "licensing", "licensing", "licensing",
              "licensing", "licensing", "licensing", "licensing", "licensing"});
  const std::string floored =
      R"({"name": "response_rule", "watch": "export_control.restrictor", "hazard": 1, )"
      R"("relent": 1, "relent_rungs": 2, "floor": "licensing"})";
  CHECK(Play(Load(kRetaliationGames, RetaliationPolicies(restrictor, floored)))
            ["mineral_retaliation.controller"] ==
        Names{"licensing", "ban", "ban", "ban", "ban", "licensing", "licensing", "licensing",
              "licensing", "licensing", "licensing", "licensing"});
}

TEST_CASE("response_rule: the answer rate matches its hazard", "[policies]") {
  // One escalation in quarter 1, hazard 0.3, no grievance: over 2000
  // replicates the share answering is 0.3 within 4 standard errors.
  const Names restrictor = {"license", "tight", "tight", "tight"};
  const std::string controller =
      R"({"name": "response_rule", "watch": "export_control.restrictor", "hazard": 0.3})";
  const Experiment e =
      Load(kRetaliationGames, RetaliationPolicies(restrictor, controller), 4, 2000);
  const Simulation sim(e);
  const int seat = e.scenario.SeatIndex("mineral_retaliation.controller");
  int answered = 0;
  for (uint32_t r = 0; r < 2000; ++r) answered += sim.Run(r).ActionAt(1, seat) == 2;
  CHECK(std::abs(answered / 2000.0 - 0.3) < 4 * std::sqrt(0.3 * 0.7 / 2000));
}

TEST_CASE("response_rule: bad configurations are clear errors", "[policies]") {
  using Catch::Matchers::Contains;
  auto error = [](const std::string& controller) {
    try {
      Load(kRetaliationGames, RetaliationPolicies({"license"}, controller));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error(R"({"name": "response_rule", "watch": "export_control.restrictor", )"
                   R"("floor": "ban", "ceiling": "licensing"})"),
             Contains("a ceiling above the floor ('ban')"));
  CHECK_THAT(error(R"({"name": "response_rule", "watch": ["mineral_retaliation.controller"]})"),
             Contains("a seat other than the policy's own"));
  CHECK_THAT(error(R"({"name": "response_rule", "watch": ["export_control.restrictor", )"
                   R"("export_control.restrictor"]})"),
             Contains("a seat not listed twice"));
  CHECK_THAT(error(R"({"name": "response_rule", "watch": []})"),
             Contains("a non-empty list of seat ids"));
  CHECK_THAT(error(R"({"name": "response_rule", "watch": "export_control.restrictor", )"
                   R"("hazard": 1.5})"),
             Contains("hazard"));
}

TEST_CASE("cross_retaliation with probability 0 never answers", "[policies]") {
  const Names restrictor = {"tight", "license", "ban",   "open", "tight", "license",
                            "ban",   "license", "tight", "open", "ban",   "license"};
  const std::string controller =
      R"({"name": "cross_retaliation", "watch": "export_control.restrictor", "probability": 0})";
  const Experiment e = Load(kRetaliationGames, RetaliationPolicies(restrictor, controller), 12, 20);
  for (uint32_t r = 0; r < 20; ++r) {
    CHECK(Play(e, r)["mineral_retaliation.controller"] == Names(12, "licensing"));
  }
}

TEST_CASE("cross_retaliation with probability 0.5 answers about half the replicates",
          "[policies]") {
  // One escalation (quarter 1); an answered one shows as "ban" in quarter 2.
  const int kReplicates = 2000;
  const std::string spec = R"({"name": "cross_retaliation", "watch": "export_control.restrictor", )"
                           R"("probability": 0.5, "duration": 1})";
  const Experiment e = Load(
      kRetaliationGames, RetaliationPolicies({"license", "tight", "tight"}, spec), 3, kReplicates);
  const Simulation sim(e);
  const int controller = e.scenario.SeatIndex("mineral_retaliation.controller");
  int answered = 0;
  for (int r = 0; r < kReplicates; ++r) {
    const World w = sim.Run(static_cast<uint32_t>(r));
    REQUIRE(w.ActionAt(0, controller) == action::kLicensing);
    REQUIRE(w.ActionAt(1, controller) == action::kLicensing);
    const int a = w.ActionAt(2, controller);
    REQUIRE((a == action::kLicensing || a == action::kMineralBan));
    answered += a == action::kMineralBan;
  }
  CHECK(static_cast<double>(answered) / kReplicates == Approx(0.5).margin(0.05));
}

// ---------------------------------------------------------------------------
// deal_maker

constexpr const char* kNegotiationGames =
    R"("export_control": {}, "mineral_retaliation": {}, "negotiation": {})";

std::string Negotiator(double hazard, double accept, double renew) {
  return R"({"name": "deal_maker", "watch": ["export_control.restrictor", )"
         R"("mineral_retaliation.controller"], "peak": 2, "hazard": )" +
         std::to_string(hazard) + R"(, "accept": )" + std::to_string(accept) +
         R"(, "renew": )" + std::to_string(renew) + "}";
}

TEST_CASE("deal_maker offers in the lull after a peak; the leader takes the open offer",
          "[policies]") {
  // The red line rises in quarters 1 and 2 (a peak of 2). China (a follower)
  // offers in quarter 3, the first quarter without a rise; the US (a leader)
  // cannot see it that quarter and takes it in quarter 4, when China accepts
  // its own term back: the 90-day deal holds in quarter 4. At the end of the
  // term the US does not renew (renew 0) and China does: no renewal in
  // quarter 5, and China's renewal offer, left open, is taken in quarter 6.
  const Names restrictor = {"license", "tight", "ban", "ban", "ban", "ban", "ban", "ban"};
  const std::string policies =
      Entry("export_control.restrictor", Scripted(restrictor)) + ", " +
      Entry("mineral_retaliation.controller", Scripted({"licensing"})) + ", " +
      Entry("mineral_retaliation.target", R"({"name": "fixed"})") + ", " +
      Entry("negotiation.us", Negotiator(0, 1, 0)) + ", " +
      Entry("negotiation.china", Negotiator(1, 1, 1));
  const Experiment e = Load(kNegotiationGames, policies, 8);
  const auto play = Play(e);
  CHECK(play.at("negotiation.china") ==
        Names{"none", "none", "none", "ninety_days", "ninety_days", "ninety_days",
              "ninety_days", "ninety_days"});
  CHECK(play.at("negotiation.us") ==
        Names{"none", "none", "none", "none", "ninety_days", "none", "ninety_days", "none"});
  std::vector<int> deal;
  Simulation(e).Run(0, [&](const World& w) {
    if (w.quarter > 0) deal.push_back(w.flows.deal);
  });
  CHECK(deal == std::vector<int>{0, 0, 0, 0, 1, 0, 1, 0});
  const Json spec = e.policies[e.scenario.SeatIndex("negotiation.china")]->ToJson();
  CHECK(spec["counterpart"] == "negotiation.us");
  CHECK(spec["term"] == "ninety_days");
}

TEST_CASE("deal_maker: no offer below the peak, none while a deal holds, the shorter term",
          "[policies]") {
  // One rise only (quarter 1): below the peak of 2, China never offers.
  const Names once = {"license", "tight", "tight", "tight", "tight", "tight"};
  auto policies = [](const Names& restrictor, const std::string& us, const std::string& cn) {
    return Entry("export_control.restrictor", Scripted(restrictor)) + ", " +
           Entry("mineral_retaliation.controller", Scripted({"licensing"})) + ", " +
           Entry("mineral_retaliation.target", R"({"name": "fixed"})") + ", " +
           Entry("negotiation.us", us) + ", " + Entry("negotiation.china", cn);
  };
  const Experiment calm =
      Load(kNegotiationGames, policies(once, Negotiator(0, 1, 0), Negotiator(1, 1, 1)), 6);
  CHECK(Play(calm).at("negotiation.china") == Names(6, "none"));
  // The US offers a year in quarter 1 (scripted); China accepts at once with
  // its own shorter term, so the deal lasts one quarter and is not renewed.
  const std::string us_year = Scripted({"none", "year", "none"});
  const Experiment shorter =
      Load(kNegotiationGames, policies(once, us_year, Negotiator(0, 1, 0)), 6);
  CHECK(Play(shorter).at("negotiation.china") ==
        Names{"none", "ninety_days", "none", "none", "none", "none"});
  // China's term is a year: it accepts the US's year, and makes no offer
  // while the deal holds (quarters 2-4).
  const std::string cn_year = R"({"name": "deal_maker", "watch": ["export_control.restrictor"], )"
                              R"("term": "year", "hazard": 1, "accept": 1, "renew": 0})";
  const Names rising = {"license", "tight", "ban", "ban", "ban", "ban"};
  const Experiment year = Load(kNegotiationGames, policies(rising, us_year, cn_year), 6);
  CHECK(Play(year).at("negotiation.china") == Names{"none", "year", "none", "none", "none", "none"});
}

TEST_CASE("deal_maker: configuration errors", "[policies]") {
  const std::string fixed = R"({"name": "fixed"})";
  auto load = [&](const std::string& cn) {
    return Load(kNegotiationGames,
                Entry("export_control.restrictor", fixed) + ", " +
                    Entry("mineral_retaliation.controller", fixed) + ", " +
                    Entry("mineral_retaliation.target", fixed) + ", " +
                    Entry("negotiation.us", fixed) + ", " + Entry("negotiation.china", cn));
  };
  CHECK_THROWS_WITH(load(R"({"name": "deal_maker"})"),
                    Catch::Contains("/policies/negotiation.china") &&
                        Catch::Contains("watch"));
  CHECK_THROWS_WITH(
      load(R"({"name": "deal_maker", "watch": ["negotiation.us"]})"),
      Catch::Contains("a seat other than the policy's own and its counterpart"));
  CHECK_THROWS_WITH(
      load(R"({"name": "deal_maker", "watch": ["export_control.restrictor"], "term": "none"})"),
      Catch::Contains("an offer, not the seat's last action ('none')"));
}

// ---------------------------------------------------------------------------
// Contracts over every registry entry. The policy under test sits at
// license_fee.buyer; the other seats are scripted to escalate and back off.

const std::map<std::string, std::string>& CoreSpecs() {
  static const std::map<std::string, std::string> specs = {
      {"fixed", R"({"name": "fixed", "action": "prohibit"})"},
      {"scripted", R"({"name": "scripted", "actions": ["free", "prohibit", "guide"]})"},
      {"tit_for_tat", R"({"name": "tit_for_tat"})"},
      {"grim_trigger", R"({"name": "grim_trigger", "threshold": "high"})"},
      {"cross_retaliation", R"({"name": "cross_retaliation", )"
                            R"("watch": "export_control.restrictor", )"
                            R"("probability": 0.5, "duration": 2})"},
      {"response_rule", R"({"name": "response_rule", )"
                        R"("watch": ["export_control.restrictor", "license_fee.seller"], )"
                        R"("hazard": 0.4, "grievance": 0.3, "relent": 0.5})"},
      {"deal_maker", R"({"name": "deal_maker", "watch": ["export_control.restrictor"], )"
                     R"("peak": 1, "hazard": 0.5, "accept": 0.5})"},
  };
  return specs;
}

// Every registered policy's spec: the core ones above and the families'.
const std::map<std::string, std::string>& Specs() {
  static const std::map<std::string, std::string> all = [] {
    std::map<std::string, std::string> m = CoreSpecs();
    for (const auto* family : {&ClassicSpecs(), &LearningSpecs()}) {
      m.insert(family->begin(), family->end());
    }
    return m;
  }();
  return all;
}

const Names kRestrictorScript = {"license", "tight", "license", "ban",     "license", "tight",
                                 "tight",   "open",  "ban",     "license", "tight",   "license"};
const Names kSellerScript = {"none", "low", "high", "mid",  "none", "high",
                             "low",  "mid", "none", "high", "none", "low"};

Experiment LoadWithBuyer(const std::string& spec, int replicates = 1) {
  return Load(std::string(kRetaliationGames) + ", " + kFeeGame,
              Entry("export_control.restrictor", Scripted(kRestrictorScript)) + ", " +
                  Entry("license_fee.seller", Scripted(kSellerScript)) + ", " +
                  Entry("license_fee.buyer", spec) + ", " +
                  Entry("mineral_retaliation.controller", Scripted({"licensing"})) + ", " +
                  Entry("mineral_retaliation.target", R"({"name": "fixed"})"),
              12, replicates);
}

constexpr int kBuyer = 2;  // seat index of license_fee.buyer (registry order)

// The World before each quarter of one replicate (index q: quarter q).
std::vector<World> Snapshots(const Experiment& e, uint32_t replicate, World* final_world) {
  std::vector<World> worlds;
  *final_world = Simulation(e).Run(replicate, [&](const World& w) { worlds.push_back(w); });
  worlds.pop_back();  // the state after the last quarter
  return worlds;
}

Rng SeatStream(const Experiment& e, uint32_t replicate, int seat) {
  return Rng(e.seed, replicate, 1 + static_cast<uint32_t>(e.scenario.seats[seat].agent),
             static_cast<uint32_t>(seat));
}

std::vector<double> Numbers(const Experiment& e, uint32_t replicate, int seat) {
  return e.policies[seat]->numbers().Draw(e.seed, replicate,
                                          kPolicySubstream + 100 * static_cast<uint32_t>(seat));
}

TEST_CASE("Every registered policy has a contract-test spec", "[policies]") {
  CHECK(Policies().size() == Specs().size());
  for (const auto& info : Policies()) {
    INFO(info.name);
    CHECK(Specs().count(info.name) == 1);
  }
  const Names names = PolicyNames();
  CHECK(Names(names.begin(), names.begin() + 5) ==
        Names{"fixed", "scripted", "tit_for_tat", "grim_trigger", "cross_retaliation"});
}

TEST_CASE("Contract: the registry's stochastic flag and memory match each plan", "[policies]") {
  for (const auto& info : Policies()) {
    INFO(info.name);
    const Experiment e = LoadWithBuyer(Specs().at(info.name));
    REQUIRE(e.scenario.seats[kBuyer].id == "license_fee.buyer");
    const PolicyPlan& plan = *e.policies[kBuyer];
    CHECK(plan.ToJson()["name"] == info.name);
    CHECK(plan.Stochastic() == info.stochastic);
    if (info.memory == "unbounded") {
      CHECK(plan.MemoryDepth() == PolicyPlan::kUnbounded);
    } else if (info.memory == "lag + duration") {
      CHECK(plan.MemoryDepth() ==
            static_cast<int>(plan.numbers().Central("lag") + plan.numbers().Central("duration")));
    } else {
      // "0", "1", "0 (then the fallback's)" with the default fixed fallback.
      CHECK(plan.MemoryDepth() == std::stoi(info.memory));
    }
  }
}

TEST_CASE("Contract: the same seed gives the same play", "[policies]") {
  for (const auto& info : Policies()) {
    INFO(info.name);
    const Experiment e1 = LoadWithBuyer(Specs().at(info.name), 4);
    const Experiment e2 = LoadWithBuyer(Specs().at(info.name), 4);
    for (uint32_t r = 0; r < 4; ++r) {
      const World a = Simulation(e1).Run(r);
      const World b = Simulation(e1).Run(r);
      const World c = Simulation(e2).Run(r);
      REQUIRE(a.actions.size() == 12 * e1.scenario.seats.size());
      CHECK(a.actions == b.actions);
      CHECK(a.actions == c.actions);
    }
  }
}

TEST_CASE("Contract: a fresh instance plays like one that saw every quarter", "[policies]") {
  for (const auto& info : Policies()) {
    INFO(info.name);
    const Experiment e = LoadWithBuyer(Specs().at(info.name), 3);
    for (uint32_t r = 0; r < 3; ++r) {
      World end;
      const std::vector<World> worlds = Snapshots(e, r, &end);
      REQUIRE(worlds.size() == 12);
      const PolicyPlan& plan = *e.policies[kBuyer];
      auto running = plan.Make(Numbers(e, r, kBuyer));
      Rng running_rng = SeatStream(e, r, kBuyer);
      for (int q = 0; q < 12; ++q) {
        INFO("replicate " << r << ", quarter " << q);
        REQUIRE(worlds[q].quarter == q);
        // The buyer (China) follows: it sees the leaders' moves of the quarter
        // as they were played.
        Observation obs = ObserveWorld(e.scenario, worlds[q], kBuyer);
        std::vector<int> current(e.scenario.seats.size(), -1);
        for (size_t seat = 0; seat < current.size(); ++seat) {
          if (e.scenario.seat_leads[seat]) current[seat] = end.ActionAt(q, static_cast<int>(seat));
        }
        REQUIRE_FALSE(e.scenario.seat_leads[kBuyer]);
        obs.current = current.data();
        // A second instance that saw every quarter, and one made just now.
        CHECK(running->Act(obs, running_rng) == end.ActionAt(q, kBuyer));
        Rng fresh_rng = SeatStream(e, r, kBuyer);
        CHECK(plan.Make(Numbers(e, r, kBuyer))->Act(obs, fresh_rng) == end.ActionAt(q, kBuyer));
      }
    }
  }
}

TEST_CASE("Contract: deterministic policies draw nothing from their stream", "[policies]") {
  for (const auto& info : Policies()) {
    INFO(info.name);
    const Experiment e = LoadWithBuyer(Specs().at(info.name));
    World end;
    const std::vector<World> worlds = Snapshots(e, 0, &end);
    const PolicyPlan& plan = *e.policies[kBuyer];
    auto policy = plan.Make(Numbers(e, 0, kBuyer));
    Rng rng = SeatStream(e, 0, kBuyer);
    for (const World& w : worlds) policy->Act(ObserveWorld(e.scenario, w, kBuyer), rng);
    if (info.name == "cross_retaliation") {
      // The restrictor crosses up to tight or above five times (quarters 1,
      // 3, 5, 8, 10): one uniform (two 32-bit words) each, 10 words = 3 blocks.
      CHECK(rng.blocks_drawn() == 3);
    } else if (plan.Stochastic()) {
      CHECK(rng.blocks_drawn() > 0);
    } else {
      CHECK(rng.blocks_drawn() == 0);
    }
  }
}

// cross_retaliation answering every escalation (its play is then a function
// of the history alone), with memory depth lag + duration = 5.
constexpr const char* kCertainRetaliation =
    R"({"name": "cross_retaliation", "watch": "export_control.restrictor", )"
    R"("probability": 1, "lag": 2, "duration": 3})";

// A synthetic history: `quarters` quarters of random actions for every seat.
World RandomHistory(const Scenario& s, int quarters, Rng& rng) {
  World w;
  w.quarter = quarters;
  w.num_seats = static_cast<int>(s.seats.size());
  for (int q = 0; q < quarters; ++q) {
    for (const auto& seat : s.seats) {
      w.actions.push_back(
          static_cast<int8_t>(rng.Below(static_cast<uint32_t>(seat.actions.size()))));
    }
  }
  return w;
}

TEST_CASE("Contract: a policy's declared memory depth bounds what it reads", "[policies]") {
  // Two histories that agree on the last `depth` quarters must give the same
  // action. cross_retaliation is checked with probability 1 (its behaviour is
  // then a function of the history); unbounded policies are checked below.
  std::map<std::string, std::string> specs = Specs();
  specs["cross_retaliation"] = kCertainRetaliation;
  for (const auto& info : Policies()) {
    INFO(info.name);
    const Experiment e = LoadWithBuyer(specs.at(info.name));
    const PolicyPlan& plan = *e.policies[kBuyer];
    const int depth = plan.MemoryDepth();
    if (depth == PolicyPlan::kUnbounded) continue;
    const int seats = static_cast<int>(e.scenario.seats.size());
    Rng random(99, 0, 0, 0);
    for (int trial = 0; trial < 200; ++trial) {
      const int quarter = depth + 1 + trial % (12 - depth);
      World a = RandomHistory(e.scenario, quarter, random);
      World b = RandomHistory(e.scenario, quarter, random);
      // b keeps its own (random) past but copies a's last `depth` quarters.
      for (int q = quarter - depth; q < quarter; ++q) {
        for (int seat = 0; seat < seats; ++seat) {
          b.actions[static_cast<size_t>(q) * seats + seat] = a.ActionAt(q, seat);
        }
      }
      Rng rng_a(1, 0, 1, 0), rng_b(1, 0, 1, 0);
      const int act_a = plan.Make(Numbers(e, 0, kBuyer))->Act(ObserveWorld(e.scenario, a, kBuyer), rng_a);
      const int act_b = plan.Make(Numbers(e, 0, kBuyer))->Act(ObserveWorld(e.scenario, b, kBuyer), rng_b);
      INFO("trial " << trial << ", quarter " << quarter << ", depth " << depth);
      CHECK(act_a == act_b);
    }
  }
}

TEST_CASE("Contract: the declared depths are tight for tit_for_tat and cross_retaliation",
          "[policies]") {
  // The quarter just beyond what each policy is allowed to read is not read,
  // and the deepest quarter it is allowed to read can change its action.
  const Experiment tft = LoadWithBuyer(R"({"name": "tit_for_tat"})");
  const Experiment cross = LoadWithBuyer(kCertainRetaliation);
  const int seats = static_cast<int>(tft.scenario.seats.size());
  auto history = [&](const Names& restrictor, const Names& seller) {
    World w;
    w.quarter = static_cast<int>(restrictor.size());
    w.num_seats = seats;
    for (size_t q = 0; q < restrictor.size(); ++q) {
      const auto& s = tft.scenario.seats;
      auto index = [](const std::vector<std::string>& v, const std::string& n) {
        return static_cast<int8_t>(std::find(v.begin(), v.end(), n) - v.begin());
      };
      w.actions.push_back(index(s[0].actions, restrictor[q]));
      w.actions.push_back(index(s[1].actions, seller[q]));
      w.actions.push_back(0);
      w.actions.push_back(1);
      w.actions.push_back(0);
    }
    return w;
  };
  auto act = [&](const Experiment& e, const World& w) {
    Rng rng(1, 0, 1, 0);
    return e.scenario.seats[kBuyer].actions
        [e.policies[kBuyer]->Make(Numbers(e, 0, kBuyer))->Act(ObserveWorld(e.scenario, w, kBuyer), rng)];
  };
  // tit_for_tat reads the last quarter only.
  CHECK(act(tft, history({"open", "open"}, {"high", "none"})) == "free");
  CHECK(act(tft, history({"open", "open"}, {"none", "high"})) == "prohibit");
  // cross_retaliation (lag 2, duration 3; depth 5) in quarter 6 answers a
  // crossing in quarter 2, which it sees by reading quarters 1 and 2: the
  // deepest quarter (1, five back) matters, and a crossing in quarter 1 is
  // answered in quarters 3-5 only.
  const Names seller(6, "none");
  CHECK(act(cross, history({"open", "open", "tight", "open", "open", "open"}, seller)) ==
        "prohibit");
  CHECK(act(cross, history({"tight", "tight", "tight", "open", "open", "open"}, seller)) ==
        "guide");
  CHECK(act(cross, history({"open", "tight", "open", "open", "open", "open"}, seller)) == "guide");
}

TEST_CASE("Contract: grim_trigger's unbounded memory is needed", "[policies]") {
  // A threshold crossing in quarter 0 still decides quarter 11.
  const Experiment e = LoadWithBuyer(R"({"name": "grim_trigger", "threshold": "high"})");
  const int seats = static_cast<int>(e.scenario.seats.size());
  World calm;
  calm.quarter = 11;
  calm.num_seats = seats;
  calm.actions.assign(static_cast<size_t>(11 * seats), 0);
  World provoked = calm;
  provoked.actions[1] = action::kFeeHigh;  // quarter 0, license_fee.seller
  Rng rng(1, 0, 1, 0);
  CHECK(e.policies[kBuyer]->Make({})->Act(ObserveWorld(e.scenario, calm, kBuyer), rng) == action::kFree);
  CHECK(e.policies[kBuyer]->Make({})->Act(ObserveWorld(e.scenario, provoked, kBuyer), rng) ==
        action::kProhibit);
}

}  // namespace
}  // namespace geostrat
