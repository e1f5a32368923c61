#include "games/scenario.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "engine/core/error.h"

namespace geostrat {
namespace {

constexpr uint32_t kGameSubstream = 1000;
constexpr uint32_t kAgentSubstream = 10000;

void ParseStart(const ConfigNode& node, Scenario& s) {
  const std::string text = node.String();
  int year = 0, quarter = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4dQ%1d%c", &year, &quarter, &tail) != 2 || year < 1900 ||
      year > 2200 || quarter < 1 || quarter > 4) {
    node.Fail("a quarter like \"2026Q1\"");
  }
  s.start = text;
  s.start_year = year;
  s.start_quarter = quarter;
}

AgentWeights WeightsFrom(const AgentSpec& agent, const std::vector<double>& v) {
  AgentWeights w;
  const auto& names = agent.params.specs();
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i].name;
    double* target = n == "w_industry"           ? &w.w_industry
                     : n == "w_compute"          ? &w.w_compute
                     : n == "w_rival_compute"    ? &w.w_rival_compute
                     : n == "w_self_sufficiency" ? &w.w_self_sufficiency
                     : n == "w_dependence"       ? &w.w_dependence
                     : n == "w_political"        ? &w.w_political
                     : n == "w_alliance"         ? &w.w_alliance
                     : n == "w_hedge"            ? &w.w_hedge
                     : n == "w_shortfall"        ? &w.w_shortfall
                     : n == "share"              ? &w.share
                     : n == "compute_value"      ? &w.compute_value
                                                 : nullptr;
    if (target == nullptr) throw InternalError("agent parameter without a weight: " + n);
    *target = v[i];
  }
  return w;
}

}  // namespace

int Scenario::SeatIndex(const std::string& id) const {
  for (size_t i = 0; i < seats.size(); ++i) {
    if (seats[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Scenario::SeatIds() const {
  std::vector<std::string> ids;
  for (const auto& s : seats) ids.push_back(s.id);
  return ids;
}

int Scenario::AgentIndex(const std::string& id) const {
  for (size_t i = 0; i < agents.size(); ++i) {
    if (agents[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::string Scenario::QuarterLabel(int q) const {
  const int index = (start_year * 4 + start_quarter - 1) + q;
  return std::to_string(index / 4) + "Q" + std::to_string(index % 4 + 1);
}

ModelParams Scenario::DrawParams(uint64_t seed, uint32_t replicate) const {
  ModelParams p{};
  const std::vector<double> world = world_params.Draw(seed, replicate, 0);
  for (size_t i = 0; i < WorldParamFields().size(); ++i) p.*(WorldParamFields()[i].field) = world[i];
  const auto names = StageGameNames();
  for (size_t g = 0; g < names.size(); ++g) {
    const auto& fields = GameParamFields(names[g]);
    const ParamSet& set = game_params.at(names[g]);  // defaults for games not played
    const std::vector<double> v =
        set.Draw(seed, replicate, kGameSubstream * static_cast<uint32_t>(g + 1));
    for (size_t i = 0; i < fields.size(); ++i) p.*(fields[i].field) = v[i];
  }
  return p;
}

std::vector<AgentWeights> Scenario::DrawAgentWeights(uint64_t seed, uint32_t replicate) const {
  std::vector<AgentWeights> out;
  for (size_t a = 0; a < agents.size(); ++a) {
    const auto v = agents[a].params.Draw(seed, replicate,
                                         kAgentSubstream + 100 * static_cast<uint32_t>(a));
    out.push_back(WeightsFrom(agents[a], v));
  }
  return out;
}

Json Scenario::ToJson() const {
  Json agents_json = Json::object();
  for (const auto& a : agents) agents_json[a.id] = AgentToJson(a);
  Json games_json = Json::object();
  for (const auto& g : games) {
    Json seats_json = Json::object();
    for (const auto& seat : seats) {
      const std::string prefix = g + ".";
      if (seat.id.rfind(prefix, 0) == 0) {
        seats_json[seat.id.substr(prefix.size())] = agents[seat.agent].id;
      }
    }
    games_json[g] = {{"seats", seats_json}, {"params", game_params.at(g).ToJson()}};
  }
  return Json{{"start", start},
              {"horizon", horizon},
              {"discount", discount},
              {"leaders", leaders},
              {"agents", agents_json},
              {"parameters", world_params.ToJson()},
              {"games", games_json}};
}

namespace {

// One stage game's entry: its seats (each an agent id of `agent_ids`) and
// parameters. The seats are booked only when every agent was read
// (`agents_read`), since a seat holds its agent's index.
void ReadGame(const ConfigNode& game, const StageGameInfo& info,
              const std::vector<std::string>& agent_ids, bool agents_read, Scenario& s) {
  game.ExpectObject();
  ConfigErrorCollector errors;
  errors.Try([&] { game.AllowOnlyKeys({"seats", "params", "doc"}); });
  errors.Try([&] {
    if (auto d = game.Find("doc")) d->String();
  });
  std::vector<std::string> seat_names;
  for (const auto& seat : info.seats) seat_names.push_back(seat.name);
  auto seats = game.Find("seats");
  if (seats) errors.Try([&] { seats->AllowOnlyKeys(seat_names); });
  std::vector<Seat> booked;
  for (const auto& seat : info.seats) {
    errors.Try([&] {
      std::string agent_id = seat.default_agent;
      if (seats && seats->IsObject() && seats->Has(seat.name)) {
        agent_id = seats->At(seat.name).Name("agent", agent_ids);
      } else if (std::find(agent_ids.begin(), agent_ids.end(), agent_id) == agent_ids.end()) {
        std::string valid;
        for (const auto& a : agent_ids) valid += (valid.empty() ? "" : ", ") + a;
        throw ConfigError(game.file(), game.pointer() + "/seats/" + seat.name,
                          "an agent for seat '" + seat.name + "' (default '" + agent_id +
                              "' is not among the scenario's agents)",
                          "no seat assignment", "valid agents: " + valid);
      }
      booked.push_back({info.name + "." + seat.name, seat.slot, s.AgentIndex(agent_id),
                        seat.actions});
    });
  }
  errors.Try([&] {
    auto gp = game.Find("params");
    s.game_params[info.name] =
        ParamSet::Read(SpecsOf(GameParamFields(info.name)), gp ? &*gp : nullptr);
  });
  errors.ThrowIfAny();
  if (!agents_read) return;  // the caller reports the agents' errors
  s.games.push_back(info.name);
  for (auto& seat : booked) {
    s.slot_seat[seat.slot] = static_cast<int>(s.seats.size());
    s.seats.push_back(std::move(seat));
  }
}

}  // namespace

Scenario ReadScenario(const ConfigNode& node) {
  // Each independent part is read even when another failed, so that all of a
  // file's mistakes are reported together; what depends on a part that
  // failed is skipped, and nothing after ThrowIfAny sees a half-read scenario.
  node.ExpectObject();  // nothing else can be read otherwise
  ConfigErrorCollector errors;
  errors.Try([&] {
    node.AllowOnlyKeys(
        {"start", "horizon", "discount", "leaders", "agents", "parameters", "games", "doc"});
  });
  Scenario s;
  errors.Try([&] {
    if (auto d = node.Find("doc")) d->String();
  });
  errors.Try([&] {
    if (auto start = node.Find("start")) ParseStart(*start, s);
  });
  errors.Try([&] {
    if (auto h = node.Find("horizon")) s.horizon = static_cast<int>(h->Integer(1, 400));
  });
  errors.Try([&] {
    if (auto d = node.Find("discount")) s.discount = d->Number(0, 1);
  });

  // Seats name agents by id: the ids are known from the keys even where an
  // agent's own entry has an error.
  std::vector<std::string> agent_ids;
  const bool agents_read = errors.Try([&] {
    const ConfigNode agents = node.At("agents");
    agents.ExpectObject();
    if (agents.Size() == 0) agents.Fail("at least one agent");
    agent_ids = agents.Keys();
    ConfigErrorCollector each;
    for (const auto& id : agents.Keys()) {
      each.Try([&] { s.agents.push_back(ReadAgent(id, agents.At(id))); });
    }
    each.ThrowIfAny();
  });

  errors.Try([&] {
    auto params = node.Find("parameters");
    s.world_params = ParamSet::Read(SpecsOf(WorldParamFields()), params ? &*params : nullptr);
  });

  std::optional<ConfigNode> games;
  errors.Try([&] {
    games = node.At("games");
    games->AllowOnlyKeys(StageGameNames());
  });
  s.slot_seat.fill(-1);
  for (const auto& info : StageGames()) {
    for (const auto& seat : info.seats) s.status_quo[seat.slot] = seat.status_quo;
    auto game = games && games->IsObject() ? games->Find(info.name) : std::nullopt;
    if (!game) {
      s.game_params[info.name] = ParamSet::Defaults(SpecsOf(GameParamFields(info.name)));
      continue;
    }
    errors.Try([&] { ReadGame(*game, info, agent_ids, agents_read, s); });
  }
  errors.ThrowIfAny();
  if (s.seats.empty()) games->Fail("at least one stage game");
  for (const auto& seat : s.seats) {
    s.seat_num_actions.push_back(static_cast<int>(seat.actions.size()));
    s.seat_initial.push_back(s.status_quo[seat.slot]);
  }
  if (auto leaders = node.Find("leaders")) {
    leaders->ExpectArray();
    for (size_t k = 0; k < leaders->Size(); ++k) {
      const std::string id = leaders->Element(k).Name("agent", agent_ids);
      if (std::find(s.leaders.begin(), s.leaders.end(), id) != s.leaders.end()) {
        leaders->Element(k).Fail("each agent once", "'" + id + "' again");
      }
      s.leaders.push_back(id);
    }
  } else {
    for (const auto& a : s.agents) {
      if (a.bloc == Bloc::kUs || a.bloc == Bloc::kAllied) s.leaders.push_back(a.id);
    }
  }
  for (const auto& seat : s.seats) {
    const std::string& id = s.agents[seat.agent].id;
    s.seat_leads.push_back(std::find(s.leaders.begin(), s.leaders.end(), id) != s.leaders.end());
  }
  return s;
}

std::vector<std::string> UncertainParameterNames(const Scenario& s) {
  std::vector<std::string> names;
  const auto& wp = s.world_params;
  for (size_t i = 0; i < wp.size(); ++i) {
    if (!wp.priors()[i].IsFixed()) names.push_back("parameters/" + wp.specs()[i].name);
  }
  for (const auto& g : StageGameNames()) {
    auto it = s.game_params.find(g);
    if (it == s.game_params.end()) continue;
    for (size_t i = 0; i < it->second.size(); ++i) {
      if (!it->second.priors()[i].IsFixed()) {
        names.push_back("games/" + g + "/" + it->second.specs()[i].name);
      }
    }
  }
  for (const auto& a : s.agents) {
    for (size_t i = 0; i < a.params.size(); ++i) {
      if (!a.params.priors()[i].IsFixed()) {
        names.push_back("agents/" + a.id + "/" + a.params.specs()[i].name);
      }
    }
  }
  return names;
}

std::vector<double> UncertainParameterValues(const Scenario& s, uint64_t seed,
                                             uint32_t replicate) {
  std::vector<double> values;
  const auto world = s.world_params.Draw(seed, replicate, 0);
  for (size_t i = 0; i < world.size(); ++i) {
    if (!s.world_params.priors()[i].IsFixed()) values.push_back(world[i]);
  }
  const auto names = StageGameNames();
  for (size_t g = 0; g < names.size(); ++g) {
    auto it = s.game_params.find(names[g]);
    if (it == s.game_params.end()) continue;
    const auto v = it->second.Draw(seed, replicate, kGameSubstream * static_cast<uint32_t>(g + 1));
    for (size_t i = 0; i < v.size(); ++i) {
      if (!it->second.priors()[i].IsFixed()) values.push_back(v[i]);
    }
  }
  for (size_t a = 0; a < s.agents.size(); ++a) {
    const auto v = s.agents[a].params.Draw(seed, replicate,
                                           kAgentSubstream + 100 * static_cast<uint32_t>(a));
    for (size_t i = 0; i < v.size(); ++i) {
      if (!s.agents[a].params.priors()[i].IsFixed()) values.push_back(v[i]);
    }
  }
  return values;
}

}  // namespace geostrat
