// One replicate from start to horizon: draw its parameters, build its World
// and fresh policy instances, and play every quarter (decide, then update).
// No threading here; the Monte Carlo runner calls this from its parallel loop.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "engine/run/experiment.h"
#include "games/classifier.h"
#include "games/world.h"

namespace geostrat {

struct ReplicateOutcome {
  std::vector<double> drawn;       // uncertain parameters (UncertainNames order)
  Indicators end;                  // trailing 8-quarter means at the horizon
  std::vector<double> utility;     // discounted utility per agent
  OutcomeClass outcome = kContestedTransition;
  std::array<int, kNumClasses> first_met{};
};

// Everything one replicate needs to go on from the quarter it has reached:
// the World and, for policies that read counterfactual payoffs, the previous
// quarter's World and choices and the counterfactuals handed out so far.
// Serialisable with cereal: a snapshot is one of these per replicate.
//
// No random-stream positions: policy instances are fresh for every Advance and,
// by the Policy contract (policies/policy.h), skip the draws of the turns
// they did not play, so a fresh stream goes on exactly as the running one.
struct ReplicateState {
  World world;
  Indicators start;  // the start state's indicators (series step 0)
  bool has_previous = false;
  World previous;
  std::vector<int> previous_chosen;
  // Counterfactual payoffs given out while each quarter was the last, by
  // [quarter * seats + seat] (empty where none was asked for). A fresh policy
  // instance visiting past quarters gets the same answers the running one got
  // (the model can evaluate only the last quarter).
  std::vector<std::vector<double>> counterfactuals;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(world, start, has_previous, previous, previous_chosen, counterfactuals);
  }
};

// What followers see of the leaders' moves of quarter world.quarter
// (docs/model.md §3): each leader seat's chosen action as it will be played
// (lobbying may soften the export stance), -1 for followers.
// `chance_stream` is the stream the quarter is played with.
std::vector<int> LeadersSeen(const Experiment& experiment, const ModelParams& params,
                             uint32_t replicate, const World& world,
                             const std::vector<int>& chosen, uint32_t chance_stream);

// One replicate stepped a quarter at a time: its drawn parameters and agent
// weights, a policy instance and random stream per seat, and the payoff oracle
// the learning policies read. Decide() asks every policy for its action on the
// pre-quarter World in the scenario's order of moves: leaders first, then the
// followers, who see the leaders' moves of the quarter (as lobbying leaves
// them). Play() then plays the quarter with whatever actions it is given.
// Policies keep state across quarters: call Decide() once per quarter, then
// Play(), in order from the World the stepper started on. A caller that
// replaces some seats' choices (the seminar mode's player) pins them in
// Decide(), so that followers answer the pinned leaders' moves.
class QuarterStepper {
 public:
  // From the replicate's start: Simulation::Start (a snapshot's state for an
  // experiment that starts from one).
  QuarterStepper(const Experiment& experiment, uint32_t replicate);
  // From `state`, a state of replicate `replicate` reached earlier.
  QuarterStepper(const Experiment& experiment, uint32_t replicate, ReplicateState state);
  ~QuarterStepper();
  QuarterStepper(const QuarterStepper&) = delete;
  QuarterStepper& operator=(const QuarterStepper&) = delete;

  // The World the stepper started on.
  const World& Start() const;
  // What every seat's policy chooses for quarter world.quarter (valid until
  // the next call). `pinned` (empty, or one entry per seat) fixes seats whose
  // entry is >= 0: their policies are not asked.
  const std::vector<int>& Decide(const World& world, const std::vector<int>& pinned = {});
  // Plays quarter world.quarter with one action per seat (scenario order) and
  // the quarter's chance stream.
  void Play(World& world, const std::vector<int>& actions);
  // From quarter `from` on, chance (shocks, lobbying, the oracle's
  // counterfactuals) comes from sampled future `sample` (>= 1: stream
  // Rng::kLookaheadStream + sample) instead of the replicate's own draws:
  // another future of the same world, for averaging over futures.
  void SampleFuturesFrom(int from, uint32_t sample);
  // The state to go on from `world` later (what a snapshot keeps): `world`
  // with the previous quarter and the counterfactuals handed out so far.
  ReplicateState State(World world) const;

  const ModelParams& params() const;
  const std::vector<AgentWeights>& weights() const;

 private:
  struct Inner;
  std::unique_ptr<Inner> inner_;
};

class Simulation {
 public:
  explicit Simulation(const Experiment& experiment);

  // Called with the pre-quarter World and the actions the policies chose for
  // it (before lobbying may soften the export stance).
  using DecisionHook = std::function<void(const World&, const std::vector<int>&)>;

  // Plays replicate `replicate` to the horizon (from Start()). `observe`, if
  // set, is called with the start state and after every quarter; `decided`
  // after every decision.
  World Run(uint32_t replicate, const std::function<void(const World&)>& observe = {},
            const DecisionHook& decided = {}) const;
  // Plays from `world` (a state of replicate `replicate`) to the horizon.
  // Policies reading counterfactuals see only those of the last quarter; a
  // ReplicateState (Advance) keeps them all.
  void Continue(World& world, uint32_t replicate,
                const std::function<void(const World&)>& observe = {},
                const DecisionHook& decided = {}) const;
  ReplicateOutcome Summarise(const World& world, uint32_t replicate) const;

  // Replicate `replicate`'s state before its first quarter: the initial World,
  // or, for an experiment that starts from a snapshot, the snapshot's state of
  // that replicate with the experiment's shocks applied.
  ReplicateState Start(uint32_t replicate) const;
  // Plays on from `state` until `until_quarter` quarters have been played (or
  // the horizon). `observe`, if set, is called after every quarter.
  void Advance(ReplicateState& state, uint32_t replicate, int until_quarter,
               const std::function<void(const World&)>& observe = {},
               const DecisionHook& decided = {}) const;

  const Experiment& experiment() const { return experiment_; }

 private:
  // Throws a ConfigError naming the replicate and seed when an end indicator
  // or a utility is not finite.
  void CheckFinite(const ReplicateOutcome& outcome, uint32_t replicate) const;

  const Experiment& experiment_;
};

// Policy parameter substreams: 20000 + 100 * seat (see games/scenario.h).
constexpr uint32_t kPolicySubstream = 20000;

// Every parameter drawn from a prior (scenario, games, agents and policies) as
// "parameters/<name>", "games/<game>/<name>", "agents/<id>/<name>",
// "policies/<seat>/<name>", and one replicate's values in the same order.
std::vector<std::string> UncertainNames(const Experiment& experiment);
std::vector<double> UncertainValues(const Experiment& experiment, uint32_t replicate);

}  // namespace geostrat
