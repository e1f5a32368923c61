#include "engine/simulation.h"

#include <algorithm>
#include <string>

#include "engine/core/error.h"
#include "engine/snapshot.h"
#include "games/step.h"

namespace geostrat {
namespace {

// Counterfactual payoffs in the model: the quarter step re-run on a copy of
// the World with one seat's action changed and the same chance draws.
class ModelOracle : public PayoffOracle {
 public:
  ModelOracle(const Experiment& e, const ModelParams& p, const std::vector<AgentWeights>& w,
              uint32_t replicate, std::vector<std::vector<double>>& record)
      : e_(e), p_(p), w_(w), replicate_(replicate), record_(record) {}

  void Update(const World* current, const World* previous, const std::vector<int>* chosen) {
    current_ = current;
    previous_ = previous;
    previous_chosen_ = chosen;
  }

  bool Counterfactual(int seat, int t, std::vector<double>& out) const override {
    const size_t seats = e_.scenario.seats.size();
    const size_t slot = static_cast<size_t>(t) * seats + static_cast<size_t>(seat);
    // What was handed out while turn t was the last (before a snapshot, for a
    // fresh instance catching up); an older turn never asked about stays
    // unanswerable, as in an uninterrupted run.
    if (t >= 0 && t < current_->quarter - 1) {
      if (slot >= record_.size() || record_[slot].empty()) return false;
      out = record_[slot];
      return true;
    }
    if (previous_ == nullptr || t != current_->quarter - 1) return false;
    const int n = static_cast<int>(e_.scenario.seats[seat].actions.size());
    out.assign(n, 0.0);
    for (int a = 0; a < n; ++a) {
      std::vector<int> actions = *previous_chosen_;
      actions[seat] = a;
      out[a] = Evaluate(*previous_, actions, seat);
    }
    if (record_.size() < (static_cast<size_t>(t) + 1) * seats) {
      record_.resize((static_cast<size_t>(t) + 1) * seats);
    }
    record_[slot] = out;
    return true;
  }

  double StagePayoff(int seat, int own, int other_seat, int other) const override {
    const Scenario& s = e_.scenario;
    std::vector<int> actions(s.seats.size());
    for (size_t k = 0; k < s.seats.size(); ++k) {
      actions[k] = current_->quarter == 0 ? s.seat_initial[k]
                                          : current_->ActionAt(current_->quarter - 1, static_cast<int>(k));
    }
    actions[seat] = own;
    if (other_seat >= 0) actions[other_seat] = other;
    return Evaluate(*current_, actions, seat);
  }

 private:
  double Evaluate(const World& from, const std::vector<int>& actions, int seat) const {
    World w = from;
    Rng chance(e_.seed, replicate_, Rng::kChanceStream, static_cast<uint32_t>(from.quarter));
    StepQuarter(e_.scenario, p_, w_, w, actions.data(), chance);
    return w.last_utility[e_.scenario.seats[seat].agent];
  }

  const Experiment& e_;
  const ModelParams& p_;
  const std::vector<AgentWeights>& w_;
  uint32_t replicate_;
  std::vector<std::vector<double>>& record_;
  const World* current_ = nullptr;
  const World* previous_ = nullptr;
  const std::vector<int>* previous_chosen_ = nullptr;
};

}  // namespace

Simulation::Simulation(const Experiment& experiment) : experiment_(experiment) {}

World Simulation::Run(uint32_t replicate, const std::function<void(const World&)>& observe,
                      const DecisionHook& decided) const {
  ReplicateState state = Start(replicate);
  if (observe) observe(state.world);
  Advance(state, replicate, experiment_.scenario.horizon, observe, decided);
  return std::move(state.world);
}

void Simulation::Continue(World& world, uint32_t replicate,
                          const std::function<void(const World&)>& observe,
                          const DecisionHook& decided) const {
  ReplicateState state;
  state.world = std::move(world);
  Advance(state, replicate, experiment_.scenario.horizon, observe, decided);
  world = std::move(state.world);
}

ReplicateState Simulation::Start(uint32_t replicate) const {
  if (experiment_.start_from) return BranchStart(*experiment_.start_from, replicate);
  const Scenario& s = experiment_.scenario;
  ReplicateState state;
  state.world = InitialWorld(s, s.DrawParams(experiment_.seed, replicate));
  state.start = state.world.now;
  return state;
}

void Simulation::Advance(ReplicateState& state, uint32_t replicate, int until_quarter,
                         const std::function<void(const World&)>& observe,
                         const DecisionHook& decided) const {
  const Scenario& s = experiment_.scenario;
  const uint64_t seed = experiment_.seed;
  World& world = state.world;
  const int until = std::min(until_quarter, s.horizon);
  if (world.quarter >= until) return;
  const ModelParams params = s.DrawParams(seed, replicate);
  const std::vector<AgentWeights> weights = s.DrawAgentWeights(seed, replicate);

  const size_t seats = s.seats.size();
  std::vector<std::unique_ptr<Policy>> policies;
  std::vector<Rng> streams;
  policies.reserve(seats);
  streams.reserve(seats);
  for (size_t seat = 0; seat < seats; ++seat) {
    const PolicyPlan& plan = *experiment_.policies[seat];
    const auto numbers = plan.numbers().Draw(seed, replicate,
                                             kPolicySubstream + 100 * static_cast<uint32_t>(seat));
    policies.push_back(plan.Make(numbers));
    // One stream per agent; each of its seats has its own substream.
    streams.emplace_back(seed, replicate, 1 + static_cast<uint32_t>(s.seats[seat].agent),
                         static_cast<uint32_t>(seat));
  }

  bool oracle_needed = false;
  for (const auto& plan : experiment_.policies) oracle_needed = oracle_needed || plan->UsesOracle();
  ModelOracle oracle(experiment_, params, weights, replicate, state.counterfactuals);

  std::vector<int> actions(seats);
  while (world.quarter < until) {
    // 1. Every policy decides on the same pre-quarter World.
    if (oracle_needed) {
      oracle.Update(&world, state.has_previous ? &state.previous : nullptr,
                    &state.previous_chosen);
    }
    for (size_t seat = 0; seat < seats; ++seat) {
      const Observation obs =
          ObserveWorld(s, world, static_cast<int>(seat), oracle_needed ? &oracle : nullptr);
      actions[seat] = policies[seat]->Act(obs, streams[seat]);
    }
    if (oracle_needed) {
      state.previous = world;
      state.previous_chosen = actions;
      state.has_previous = true;
    }
    if (decided) decided(world, actions);
    Rng chance(seed, replicate, Rng::kChanceStream, static_cast<uint32_t>(world.quarter));
    StepQuarter(s, params, weights, world, actions.data(), chance);
    if (observe) observe(world);
  }
}

ReplicateOutcome Simulation::Summarise(const World& world, uint32_t replicate) const {
  ReplicateOutcome out;
  out.drawn = UncertainValues(experiment_, replicate);
  out.end = world.history.empty() ? world.now
                                  : TrailingMean(world.history,
                                                 static_cast<int>(world.history.size()) - 1);
  out.utility = world.utility;
  out.outcome = DeclareClass(world.class_history);
  out.first_met = world.first_met;
  return out;
}

std::vector<std::string> UncertainNames(const Experiment& e) {
  std::vector<std::string> names = UncertainParameterNames(e.scenario);
  for (size_t seat = 0; seat < e.policies.size(); ++seat) {
    const ParamSet& n = e.policies[seat]->numbers();
    for (size_t i = 0; i < n.size(); ++i) {
      if (!n.priors()[i].IsFixed()) {
        names.push_back("policies/" + e.scenario.seats[seat].id + "/" + n.specs()[i].name);
      }
    }
  }
  return names;
}

std::vector<double> UncertainValues(const Experiment& e, uint32_t replicate) {
  std::vector<double> values = UncertainParameterValues(e.scenario, e.seed, replicate);
  for (size_t seat = 0; seat < e.policies.size(); ++seat) {
    const ParamSet& n = e.policies[seat]->numbers();
    if (!n.AnyUncertain()) continue;
    const auto v = n.Draw(e.seed, replicate, kPolicySubstream + 100 * static_cast<uint32_t>(seat));
    for (size_t i = 0; i < v.size(); ++i) {
      if (!n.priors()[i].IsFixed()) values.push_back(v[i]);
    }
  }
  return values;
}

}  // namespace geostrat
