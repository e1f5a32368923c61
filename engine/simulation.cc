#include "engine/simulation.h"

#include "games/step.h"

namespace geostrat {
namespace {

// Counterfactual payoffs in the model: the quarter step re-run on a copy of
// the World with one seat's action changed and the same chance draws.
class ModelOracle : public PayoffOracle {
 public:
  ModelOracle(const Experiment& e, const ModelParams& p, const std::vector<AgentWeights>& w,
              uint32_t replicate)
      : e_(e), p_(p), w_(w), replicate_(replicate) {}

  void Update(const World* current, const World* previous, const std::vector<int>* chosen) {
    current_ = current;
    previous_ = previous;
    previous_chosen_ = chosen;
  }

  bool Counterfactual(int seat, int t, std::vector<double>& out) const override {
    if (previous_ == nullptr || t != current_->quarter - 1) return false;
    const int n = static_cast<int>(e_.scenario.seats[seat].actions.size());
    out.assign(n, 0.0);
    for (int a = 0; a < n; ++a) {
      std::vector<int> actions = *previous_chosen_;
      actions[seat] = a;
      out[a] = Evaluate(*previous_, actions, seat);
    }
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
  const World* current_ = nullptr;
  const World* previous_ = nullptr;
  const std::vector<int>* previous_chosen_ = nullptr;
};

}  // namespace

struct QuarterStepper::State {
  State(const Experiment& e, uint32_t r)
      : experiment(e), replicate(r), params(e.scenario.DrawParams(e.seed, r)),
        weights(e.scenario.DrawAgentWeights(e.seed, r)), oracle(e, params, weights, r) {}

  const Experiment& experiment;
  uint32_t replicate;
  ModelParams params;
  std::vector<AgentWeights> weights;
  std::vector<std::unique_ptr<Policy>> policies;
  std::vector<Rng> streams;
  bool oracle_needed = false;
  ModelOracle oracle;  // reads params and weights above, so declared after them
  // The last quarter played and its actions, for the oracle's counterfactuals.
  World previous;
  std::vector<int> previous_chosen;
  bool has_previous = false;
  std::vector<int> decided;  // Decide()'s answer, reused across quarters
};

QuarterStepper::QuarterStepper(const Experiment& e, uint32_t replicate)
    : state_(std::make_unique<State>(e, replicate)) {
  const Scenario& s = e.scenario;
  const size_t seats = s.seats.size();
  state_->policies.reserve(seats);
  state_->streams.reserve(seats);
  for (size_t seat = 0; seat < seats; ++seat) {
    const PolicyPlan& plan = *e.policies[seat];
    const auto numbers = plan.numbers().Draw(e.seed, replicate,
                                             kPolicySubstream + 100 * static_cast<uint32_t>(seat));
    state_->policies.push_back(plan.Make(numbers));
    // One stream per agent; each of its seats has its own substream.
    state_->streams.emplace_back(e.seed, replicate, 1 + static_cast<uint32_t>(s.seats[seat].agent),
                                 static_cast<uint32_t>(seat));
  }
  for (const auto& plan : e.policies) {
    state_->oracle_needed = state_->oracle_needed || plan->UsesOracle();
  }
}

QuarterStepper::~QuarterStepper() = default;

World QuarterStepper::Start() const { return InitialWorld(state_->experiment.scenario, state_->params); }

const std::vector<int>& QuarterStepper::Decide(const World& world) {
  State& st = *state_;
  const Scenario& s = st.experiment.scenario;
  // Every policy decides on the same pre-quarter World.
  if (st.oracle_needed) {
    st.oracle.Update(&world, st.has_previous ? &st.previous : nullptr, &st.previous_chosen);
  }
  std::vector<int>& actions = st.decided;
  actions.resize(s.seats.size());
  for (size_t seat = 0; seat < actions.size(); ++seat) {
    const Observation obs =
        ObserveWorld(s, world, static_cast<int>(seat), st.oracle_needed ? &st.oracle : nullptr);
    actions[seat] = st.policies[seat]->Act(obs, st.streams[seat]);
  }
  return actions;
}

void QuarterStepper::Play(World& world, const std::vector<int>& actions) {
  State& st = *state_;
  if (st.oracle_needed) {
    st.previous = world;
    st.previous_chosen = actions;
    st.has_previous = true;
  }
  const Experiment& e = st.experiment;
  Rng chance(e.seed, st.replicate, Rng::kChanceStream, static_cast<uint32_t>(world.quarter));
  StepQuarter(e.scenario, st.params, st.weights, world, actions.data(), chance);
}

const ModelParams& QuarterStepper::params() const { return state_->params; }
const std::vector<AgentWeights>& QuarterStepper::weights() const { return state_->weights; }

Simulation::Simulation(const Experiment& experiment) : experiment_(experiment) {}

World Simulation::Run(uint32_t replicate, const std::function<void(const World&)>& observe,
                      const DecisionHook& decided) const {
  QuarterStepper stepper(experiment_, replicate);
  World world = stepper.Start();
  if (observe) observe(world);
  Play(stepper, world, observe, decided);
  return world;
}

void Simulation::Continue(World& world, uint32_t replicate,
                          const std::function<void(const World&)>& observe,
                          const DecisionHook& decided) const {
  QuarterStepper stepper(experiment_, replicate);
  Play(stepper, world, observe, decided);
}

void Simulation::Play(QuarterStepper& stepper, World& world,
                      const std::function<void(const World&)>& observe,
                      const DecisionHook& decided) const {
  while (world.quarter < experiment_.scenario.horizon) {
    const std::vector<int>& actions = stepper.Decide(world);
    if (decided) decided(world, actions);
    stepper.Play(world, actions);
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
