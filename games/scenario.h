// The immutable description of a simulated world: agents, which stage games
// are played and who sits where, the horizon and discount, and every model
// parameter (fixed or with a prior).
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "agents/agent.h"
#include "engine/core/config_node.h"
#include "engine/core/param.h"
#include "games/model_params.h"
#include "games/stage_game.h"

namespace geostrat {

// One decision of the quarter: a seat of a game occupied by an agent.
struct Seat {
  std::string id;  // "<game>.<seat>", e.g. "export_control.restrictor"
  Slot slot;
  int agent;       // index into Scenario::agents
  std::vector<std::string> actions;
};

// Per-agent numbers the utility function reads, resolved for one replicate.
struct AgentWeights {
  double w_industry = 0, w_compute = 0, w_rival_compute = 0, w_self_sufficiency = 0;
  double w_dependence = 0, w_political = 0, w_alliance = 0, w_hedge = 0, w_shortfall = 0;
  double share = 0, compute_value = 0;
};

struct Scenario {
  std::string start = "2026Q1";
  int start_year = 2026, start_quarter = 1;
  int horizon = 40;
  double discount = 0.98;
  std::vector<AgentSpec> agents;
  std::vector<std::string> games;  // games played, registry order
  std::vector<Seat> seats;         // every seat of every game played
  std::array<int, kNumSlots> slot_seat{};  // seat index per slot, -1 if its game is absent
  std::array<int, kNumSlots> status_quo{};  // action of each slot when its game is absent
  std::vector<int> seat_num_actions;  // per seat
  std::vector<int> seat_initial;      // per seat: its status-quo action (before quarter 0)
  // The order of moves within a quarter: the leaders' seats choose first; the
  // other seats (followers) see the leaders' moves of the same quarter before
  // they choose. Empty: every seat chooses at once. Default: the agents of the
  // US and allied blocs (docs/model.md §3).
  std::vector<std::string> leaders;   // agent ids
  std::vector<char> seat_leads;       // per seat: 1 if its agent is a leader
  ParamSet world_params;
  std::map<std::string, ParamSet> game_params;

  int SeatIndex(const std::string& id) const;  // -1 if unknown
  std::vector<std::string> SeatIds() const;
  int AgentIndex(const std::string& id) const;  // -1 if unknown
  std::string QuarterLabel(int q) const;        // "2026Q1" for q = 0

  // One replicate's parameter values. Substreams: world 0.., games 1000*(g+1)..,
  // agents 10000 + 100*a.. (policies use 20000 + 100*seat, see policies/).
  ModelParams DrawParams(uint64_t seed, uint32_t replicate) const;
  std::vector<AgentWeights> DrawAgentWeights(uint64_t seed, uint32_t replicate) const;

  Json ToJson() const;  // fully resolved, every default filled in
};

Scenario ReadScenario(const ConfigNode& node);

// Parameters whose prior is not a fixed value, as "parameters/<name>",
// "games/<game>/<name>" or "agents/<id>/<name>", in draw order.
std::vector<std::string> UncertainParameterNames(const Scenario& s);
// Their values for one replicate, in the same order.
std::vector<double> UncertainParameterValues(const Scenario& s, uint64_t seed, uint32_t replicate);

}  // namespace geostrat
