// Policies: how a seat chooses its action each quarter. A Policy instance lives
// for one replicate (fresh per replicate, never reused); a PolicyPlan is the
// parsed configuration of one seat's policy and makes those instances.
//
// Contract: Act() sees only the Observation (the history of play, payoffs, and
// in the model the pre-quarter World) and its own random stream; a
// deterministic policy never draws from that stream. Policies derive their
// state from the history, visiting each past turn once, so a fresh instance
// given the same history acts exactly like one that saw every turn.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/config_node.h"
#include "engine/core/param.h"
#include "engine/core/rng.h"
#include "games/scenario.h"
#include "games/world.h"

namespace geostrat {

// The seats a policy configuration is checked against: the model's seats
// ("export_control.restrictor"...) or a matrix game's ("row", "column").
struct GameContext {
  std::vector<std::string> seat_ids;
  std::vector<std::vector<std::string>> actions;  // per seat, cooperative -> escalatory
  std::vector<int> initial;  // per seat: the action "before the first turn" (status quo)
  std::vector<int> default_opponent;  // per seat: whom it answers by default (-1: none)

  int SeatIndex(const std::string& id) const;  // -1 if unknown
  int NumActions(int seat) const { return static_cast<int>(actions[seat].size()); }
};

GameContext ContextOf(const Scenario& scenario);

// Counterfactual payoffs, for full-information learners and best responses.
// Matrix games answer from the payoff table; the model evaluates the quarter
// step on a copy of the World with the same chance draws (common random numbers).
class PayoffOracle {
 public:
  virtual ~PayoffOracle() = default;
  // Fills out[a] = the payoff `seat` would have had at turn t (< the current
  // turn) had it played a while every other seat played as it did. Returns
  // false if turn t can no longer be evaluated (the model keeps only the last).
  virtual bool Counterfactual(int seat, int t, std::vector<double>& out) const = 0;
  // The payoff `seat` gets this turn from playing `own` while `other_seat`
  // plays `other` and every remaining seat repeats its last action.
  virtual double StagePayoff(int seat, int own, int other_seat, int other) const = 0;
  // The discounted utility `seat`'s agent gets over the next `horizon` turns
  // (fewer near the end of the game) if it plays `own` throughout, under
  // sampled future number `sample`: chance draws of their own, never the
  // run's (common random numbers across `own`). Every other seat repeats its
  // last action; with `anticipate`, each seat whose policy can be simulated
  // (Policy::Clone) plays it instead, followers answering the quarter's
  // leaders within it (docs/model.md §4.1). NaN where there is no model to
  // look ahead in (matrix games).
  virtual double Lookahead(int seat, int own, int horizon, int sample, bool anticipate) const;
};

// What a policy may look at when it decides: the actions actually played
// (after noise) and the payoffs, turn-major, for every seat.
struct Observation {
  int seat = 0;  // the deciding seat
  int turn = 0;  // turns played so far (the model's quarter)
  int num_seats = 0;
  const int8_t* actions = nullptr;   // [t * num_seats + s], t < turn
  const double* payoffs = nullptr;   // [t * num_seats + s], t < turn
  const int* num_actions = nullptr;  // per seat
  const int* initial = nullptr;      // per seat, the action before turn 0
  const PayoffOracle* oracle = nullptr;  // may be null
  const World* world = nullptr;          // the model's pre-quarter state (null in matrix games)
  // The leaders' moves of the current turn, per seat (-1: not yet moved), for
  // a follower in the model's order of moves; null when all move at once.
  const int* current = nullptr;

  int quarter() const { return turn; }
  // The action `s` played `ago` turns back (1 = last turn); its initial action
  // before the first turn.
  int Played(int s, int ago) const {
    const int t = turn - ago;
    return t < 0 ? initial[s] : actions[t * num_seats + s];
  }
  int At(int t, int s) const { return actions[t * num_seats + s]; }
  // Whether `s` has already moved this turn, and its latest move: this turn's
  // if it has, else last turn's (its initial action before the first turn).
  bool MovedThisTurn(int s) const { return current != nullptr && current[s] >= 0; }
  int Latest(int s) const { return MovedThisTurn(s) ? current[s] : Played(s, 1); }
  double PayoffAt(int t, int s) const { return payoffs[t * num_seats + s]; }
  int NumActions(int s) const { return num_actions[s]; }
};

// The model's view for `seat` of the World before its next quarter.
Observation ObserveWorld(const Scenario& scenario, const World& world, int seat,
                         const PayoffOracle* oracle = nullptr);

class Policy {
 public:
  virtual ~Policy() = default;
  virtual int Act(const Observation& obs, Rng& rng) = 0;
  // A copy in the same state, which a look-ahead plays forward with streams
  // of its own so that a forward-looking seat can anticipate how this one
  // answers (PayoffOracle::Lookahead). Null where the policy cannot be
  // simulated cheaply (it reads payoffs, or looks ahead itself): a look-ahead
  // then holds the seat at its last action.
  virtual std::unique_ptr<Policy> Clone() const { return nullptr; }
};

// A policy whose whole state is its value: Clone() copies it.
template <class Derived>
class CopyablePolicy : public Policy {
 public:
  std::unique_ptr<Policy> Clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// A parsed policy configuration for one seat.
class PolicyPlan {
 public:
  virtual ~PolicyPlan() = default;
  // Numeric parameters, possibly with priors; drawn once per replicate.
  virtual const ParamSet& numbers() const { return numbers_; }
  // The resolved configuration, every default filled in (for the manifest).
  virtual Json ToJson() const = 0;
  // A fresh instance for one replicate, given its drawn numeric parameters.
  virtual std::unique_ptr<Policy> Make(const std::vector<double>& numbers) const = 0;
  // All plans nested in this one (scripted's fallback), for drawing numbers.
  virtual std::vector<const PolicyPlan*> Nested() const { return {}; }
  // Quarters of history the policy reads (kUnbounded: all of it).
  static constexpr int kUnbounded = -1;
  virtual int MemoryDepth() const = 0;
  virtual bool Stochastic() const = 0;
  // Whether Act() reads obs.oracle. The model keeps the previous quarter's
  // World for counterfactuals only when some policy asks for it.
  virtual bool UsesOracle() const { return false; }

 protected:
  ParamSet numbers_;
};

// One documented parameter of a policy (numeric or not), for `geostrat list`.
struct PolicyParamDoc {
  std::string name;
  std::string default_value;
  std::string doc;
};

struct PolicyInfo {
  std::string name;
  std::string doc;
  std::string memory;  // quarters of history read: "0", "1", "lag + duration", "unbounded"
  bool stochastic;
  std::string observes;
  std::vector<PolicyParamDoc> params;
  std::string references;
  // Parses {"name": ..., <params>} for `seat` of `context`.
  std::function<std::shared_ptr<const PolicyPlan>(const ConfigNode&, const GameContext&, int seat)>
      parse;
};

// The registry of policies: one explicit list, assembled from three families
// in this order: the model's linkage policies (registry.cc), the classic
// repeated-game strategies (classic_registry.cc) and the learning strategies
// (learning_registry.cc).
const std::vector<PolicyInfo>& Policies();
const std::vector<PolicyInfo>& CorePolicies();
const std::vector<PolicyInfo>& ClassicPolicies();
const std::vector<PolicyInfo>& LearningPolicies();
std::vector<std::string> PolicyNames();

// Reads a policy specification {"name": "...", ...} for a seat.
std::shared_ptr<const PolicyPlan> ReadPolicy(const ConfigNode& node, const GameContext& context,
                                             int seat);

// Helpers for policy parsers.
namespace policy_util {
// An action name of `seat` (validated, nearest-first error), as its index.
int ReadAction(const ConfigNode& node, const GameContext& context, int seat);
// A seat id of the context, as its index.
int ReadSeat(const ConfigNode& node, const GameContext& context);
// The seat watched: "watch" if given, else the seat's default opponent (an
// error naming the need for "watch" if it has none).
int ReadWatch(const ConfigNode& node, const GameContext& context, int seat);
// Maps a level of a ladder with `from_n` rungs onto one with `to_n` rungs.
int MapLevel(int level, int from_n, int to_n);
// The numeric parameters of `specs` among a policy node's keys (each may be a
// prior); errors name the policy node's file and the parameter's pointer.
ParamSet ReadNumbers(const ConfigNode& node, const std::vector<ParamSpec>& specs);
// A plan whose instances `make` builds from the drawn numbers; its resolved
// spec is `json` with the numbers added.
using PolicyFactory = std::function<std::unique_ptr<Policy>(const std::vector<double>&)>;
std::shared_ptr<const PolicyPlan> MakeFactoryPlan(Json json, ParamSet numbers, int memory,
                                                  bool stochastic, PolicyFactory make,
                                                  bool uses_oracle = false);
}  // namespace policy_util

// Lists of each family's parser, defined in the policy's own .cc file.
std::shared_ptr<const PolicyPlan> ParseFixed(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseScripted(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseTitForTat(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseGrimTrigger(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseCrossRetaliation(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseResponseRule(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseDealMaker(const ConfigNode&, const GameContext&, int);

}  // namespace geostrat
