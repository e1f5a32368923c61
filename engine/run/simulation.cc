#include "engine/run/simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/core/error.h"
#include "engine/run/runner.h"
#include "engine/run/snapshot.h"
#include "games/step.h"

namespace geostrat {
namespace {

// Counterfactual payoffs in the model: the quarter step re-run on a copy of
// the World with one seat's action changed and the same chance draws.
class ModelOracle : public PayoffOracle {
 public:
  ModelOracle(const Experiment& e, const ModelParams& p, const std::vector<AgentWeights>& w,
              uint32_t replicate, std::vector<std::vector<double>>& record,
              const std::vector<std::unique_ptr<Policy>>& policies)
      : e_(e), p_(p), w_(w), replicate_(replicate), record_(record), policies_(policies) {}

  // QuarterStepper::SampleFuturesFrom: counterfactuals of those quarters use
  // the same sampled chance as the quarters themselves.
  void SampleFuturesFrom(int from, uint32_t stream) {
    sample_from_ = from;
    sample_stream_ = stream;
  }

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

  double Lookahead(int seat, int own, int horizon, int sample, bool anticipate) const override {
    const Scenario& s = e_.scenario;
    const size_t n = s.seats.size();
    std::vector<int> actions(n);
    for (size_t k = 0; k < n; ++k) {
      actions[k] = current_->quarter == 0
                       ? s.seat_initial[k]
                       : current_->ActionAt(current_->quarter - 1, static_cast<int>(k));
    }
    actions[seat] = own;
    // The seats simulated by copies of their policies (anticipate); the rest
    // repeat their last actions.
    std::vector<std::unique_ptr<Policy>> others(n);
    std::vector<Rng> streams;
    if (anticipate) {
      streams.reserve(n);
      for (size_t k = 0; k < n; ++k) {
        if (static_cast<int>(k) != seat) others[k] = policies_[k]->Clone();
        streams.emplace_back(e_.seed, replicate_, Rng::kLookaheadPolicyStream + static_cast<uint32_t>(k),
                             static_cast<uint32_t>(current_->quarter) * 65536u +
                                 static_cast<uint32_t>(sample));
      }
    }
    World w = *current_;
    const int agent = s.seats[seat].agent;
    const int steps = std::min(horizon, s.horizon - current_->quarter);
    double value = 0, weight = 1;
    for (int h = 0; h < steps; ++h) {
      if (anticipate) AnticipateQuarter(w, h == 0, others, streams, actions);
      Rng chance(e_.seed, replicate_, Rng::kLookaheadStream + static_cast<uint32_t>(sample),
                 static_cast<uint32_t>(w.quarter));
      StepQuarter(s, p_, w_, w, actions.data(), chance);
      value += weight * w.last_utility[agent];
      weight *= s.discount;
    }
    return value;
  }

 private:
  // One quarter's moves of the simulated seats (`others`; the deciding seat
  // has none), in the model's order: the other leaders choose again from the
  // second quarter on (in the first they choose at the same time as the
  // deciding seat, unseen, so they hold); followers answer in every quarter,
  // seeing the quarter's leader moves. Lobbying's softening of the red line
  // is not foreseen.
  void AnticipateQuarter(const World& w, bool first,
                         std::vector<std::unique_ptr<Policy>>& others, std::vector<Rng>& streams,
                         std::vector<int>& actions) const {
    const Scenario& s = e_.scenario;
    const size_t n = actions.size();
    bool any_leader = false;
    for (size_t k = 0; k < n; ++k) {
      if (!s.seat_leads[k]) continue;
      any_leader = true;
      if (first || !others[k]) continue;
      actions[k] = others[k]->Act(ObserveWorld(s, w, static_cast<int>(k)), streams[k]);
    }
    std::vector<int> seen(n, -1);
    for (size_t k = 0; k < n; ++k) {
      if (s.seat_leads[k]) seen[k] = actions[k];
    }
    for (size_t k = 0; k < n; ++k) {
      if (s.seat_leads[k] || !others[k]) continue;
      Observation obs = ObserveWorld(s, w, static_cast<int>(k));
      obs.current = any_leader ? seen.data() : nullptr;
      actions[k] = others[k]->Act(obs, streams[k]);
    }
  }

  double Evaluate(const World& from, const std::vector<int>& actions, int seat) const {
    World w = from;
    const uint32_t stream = from.quarter >= sample_from_ ? sample_stream_ : Rng::kChanceStream;
    Rng chance(e_.seed, replicate_, stream, static_cast<uint32_t>(from.quarter));
    StepQuarter(e_.scenario, p_, w_, w, actions.data(), chance);
    return w.last_utility[e_.scenario.seats[seat].agent];
  }

  const Experiment& e_;
  const ModelParams& p_;
  const std::vector<AgentWeights>& w_;
  uint32_t replicate_;
  std::vector<std::vector<double>>& record_;
  const std::vector<std::unique_ptr<Policy>>& policies_;
  const World* current_ = nullptr;
  const World* previous_ = nullptr;
  int sample_from_ = std::numeric_limits<int>::max();
  uint32_t sample_stream_ = Rng::kChanceStream;
  const std::vector<int>* previous_chosen_ = nullptr;
};

}  // namespace

struct QuarterStepper::Inner {
  Inner(const Experiment& e, uint32_t r, ReplicateState s)
      : experiment(e), replicate(r), state(std::move(s)), params(e.scenario.DrawParams(e.seed, r)),
        weights(e.scenario.DrawAgentWeights(e.seed, r)),
        oracle(e, params, weights, r, state.counterfactuals, policies) {}

  const Experiment& experiment;
  uint32_t replicate;
  // The World started on, the last quarter played with its actions (for the
  // oracle's counterfactuals) and the counterfactuals handed out.
  ReplicateState state;
  ModelParams params;
  std::vector<AgentWeights> weights;
  std::vector<std::unique_ptr<Policy>> policies;
  std::vector<Rng> streams;
  bool oracle_needed = false;
  ModelOracle oracle;  // reads the members above, so declared after them
  std::vector<int> decided;  // Decide()'s answer, reused across quarters
  // SampleFuturesFrom: quarters from sample_from on draw from sample_stream.
  int sample_from = std::numeric_limits<int>::max();
  uint32_t sample_stream = Rng::kChanceStream;
  uint32_t ChanceStream(int quarter) const {
    return quarter >= sample_from ? sample_stream : Rng::kChanceStream;
  }
};

QuarterStepper::QuarterStepper(const Experiment& e, uint32_t replicate)
    : QuarterStepper(e, replicate, Simulation(e).Start(replicate)) {}

QuarterStepper::QuarterStepper(const Experiment& e, uint32_t replicate, ReplicateState state)
    : inner_(std::make_unique<Inner>(e, replicate, std::move(state))) {
  const Scenario& s = e.scenario;
  const size_t seats = s.seats.size();
  inner_->policies.reserve(seats);
  inner_->streams.reserve(seats);
  for (size_t seat = 0; seat < seats; ++seat) {
    const PolicyPlan& plan = *e.policies[seat];
    const auto numbers = plan.numbers().Draw(e.seed, replicate,
                                             kPolicySubstream + 100 * static_cast<uint32_t>(seat));
    inner_->policies.push_back(plan.Make(numbers));
    // One stream per agent; each of its seats has its own substream. Fresh
    // instances skip the draws of the quarters they did not play (the Policy
    // contract), so starting from a later state needs no stream positions.
    inner_->streams.emplace_back(e.seed, replicate, 1 + static_cast<uint32_t>(s.seats[seat].agent),
                                 static_cast<uint32_t>(seat));
  }
  for (const auto& plan : e.policies) {
    inner_->oracle_needed = inner_->oracle_needed || plan->UsesOracle();
  }
}

QuarterStepper::~QuarterStepper() = default;

const World& QuarterStepper::Start() const { return inner_->state.world; }

std::vector<int> LeadersSeen(const Experiment& e, const ModelParams& params, uint32_t replicate,
                             const World& world, const std::vector<int>& chosen,
                             uint32_t chance_stream) {
  const Scenario& s = e.scenario;
  std::vector<int> seen(chosen.size(), -1);
  for (size_t seat = 0; seat < seen.size(); ++seat) {
    if (s.seat_leads[seat]) seen[seat] = chosen[seat];
  }
  // Lobbying may soften the export stance, a leader's move (docs/model.md
  // §3.2); it depends on the lobbyist's move, so followers see it only when
  // the lobbyist leads too.
  const int restrictor = s.slot_seat[kRestrictor], lobbyist = s.slot_seat[kLobbyist];
  if (restrictor >= 0 && s.seat_leads[restrictor] && (lobbyist < 0 || s.seat_leads[lobbyist])) {
    // Followers' entries are not read by LobbyingSoftens; their status quo
    // stands in for any not chosen yet.
    std::vector<int> probe = chosen;
    for (size_t seat = 0; seat < probe.size(); ++seat) {
      if (probe[seat] < 0) probe[seat] = s.seat_initial[seat];
    }
    if (LobbyingSoftens(s, params, world, probe.data(),
                        LobbyingUniform(e.seed, replicate, chance_stream, world.quarter))) {
      seen[restrictor] -= 1;
    }
  }
  return seen;
}

const std::vector<int>& QuarterStepper::Decide(const World& world, const std::vector<int>& pinned) {
  Inner& in = *inner_;
  const Experiment& e = in.experiment;
  const Scenario& s = e.scenario;
  if (in.oracle_needed) {
    in.oracle.Update(&world, in.state.has_previous ? &in.state.previous : nullptr,
                     &in.state.previous_chosen);
  }
  std::vector<int>& actions = in.decided;
  actions.assign(s.seats.size(), -1);
  auto decide = [&](size_t seat, const int* current) {
    if (!pinned.empty() && pinned[seat] >= 0) {
      actions[seat] = pinned[seat];
      return;
    }
    Observation obs =
        ObserveWorld(s, world, static_cast<int>(seat), in.oracle_needed ? &in.oracle : nullptr);
    obs.current = current;
    actions[seat] = in.policies[seat]->Act(obs, in.streams[seat]);
  };
  // Leaders choose on the pre-quarter World.
  for (size_t seat = 0; seat < actions.size(); ++seat) {
    if (s.seat_leads[seat]) decide(seat, nullptr);
  }
  const std::vector<int> seen =
      LeadersSeen(e, in.params, in.replicate, world, actions, in.ChanceStream(world.quarter));
  const bool any_leader = std::find(s.seat_leads.begin(), s.seat_leads.end(), 1) != s.seat_leads.end();
  for (size_t seat = 0; seat < actions.size(); ++seat) {
    if (!s.seat_leads[seat]) decide(seat, any_leader ? seen.data() : nullptr);
  }
  return actions;
}

void QuarterStepper::Play(World& world, const std::vector<int>& actions) {
  Inner& in = *inner_;
  if (in.oracle_needed) {
    in.state.previous = world;
    in.state.previous_chosen = actions;
    in.state.has_previous = true;
  }
  const Experiment& e = in.experiment;
  Rng chance(e.seed, in.replicate, in.ChanceStream(world.quarter),
             static_cast<uint32_t>(world.quarter));
  StepQuarter(e.scenario, in.params, in.weights, world, actions.data(), chance);
}

void QuarterStepper::SampleFuturesFrom(int from, uint32_t sample) {
  if (sample == 0) return;  // the replicate's own future
  inner_->sample_from = from;
  inner_->sample_stream = Rng::kLookaheadStream + sample;
  inner_->oracle.SampleFuturesFrom(from, inner_->sample_stream);
}

ReplicateState QuarterStepper::State(World world) const {
  ReplicateState state = inner_->state;
  state.world = std::move(world);
  return state;
}

const ModelParams& QuarterStepper::params() const { return inner_->params; }
const std::vector<AgentWeights>& QuarterStepper::weights() const { return inner_->weights; }

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
  const int until = std::min(until_quarter, experiment_.scenario.horizon);
  if (state.world.quarter >= until) return;
  QuarterStepper stepper(experiment_, replicate, std::move(state));
  World world = stepper.Start();
  while (world.quarter < until) {
    const std::vector<int>& actions = stepper.Decide(world);
    if (decided) decided(world, actions);
    stepper.Play(world, actions);
    if (observe) observe(world);
  }
  state = stepper.State(std::move(world));
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
  CheckFinite(out, replicate);
  return out;
}

namespace {
std::string NonFinite(double v) { return std::isnan(v) ? "NaN" : v > 0 ? "+inf" : "-inf"; }
}  // namespace

void Simulation::CheckFinite(const ReplicateOutcome& outcome, uint32_t replicate) const {
  // A division by zero or an overflow in the model at these parameter values
  // must stop the run, never reach summary.json as NaN. (mineral_ban and
  // buy_ban are means of 0/1 flags, finite by construction.)
  std::string bad;
  for (const auto& ind : SeriesIndicators()) {
    const double v = outcome.end.*(ind.field);
    if (!std::isfinite(v)) {
      bad = "end indicator " + std::string(ind.name) + " = " + NonFinite(v);
      break;
    }
  }
  for (size_t a = 0; bad.empty() && a < outcome.utility.size(); ++a) {
    if (!std::isfinite(outcome.utility[a])) {
      bad = "utility of agent " + experiment_.scenario.agents[a].id + " = " +
            NonFinite(outcome.utility[a]);
    }
  }
  if (bad.empty()) return;
  throw ConfigError(experiment_.file, "/scenario",
                    "parameter values at which the model stays finite",
                    "a non-finite " + bad + " in replicate " + std::to_string(replicate) +
                        " (seed " + std::to_string(experiment_.seed) + ")",
                    "a parameter at or near the end of its range may divide by zero or "
                    "overflow; see docs/limits.md");
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
