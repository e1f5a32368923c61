#include "engine/analysis/rationalise.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "engine/run/simulation.h"
#include "games/step.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

// One simulated profile: the config's policies with at most one seat fixed
// at one action (seat -1: the config's profile itself).
struct Profile {
  int seat = -1, action = -1;
  std::vector<UtilityTerms> totals;  // per agent: discounted sums, mean over replicates
};

// Each agent's utility terms summed over the horizon with the scenario's
// discount, averaged over replicates. Replicates run in parallel into their
// own slots and are added in replicate order, so the sums are the same for any
// thread count.
std::vector<UtilityTerms> Totals(const Experiment& e, uint32_t replicates, int threads) {
  const Scenario& s = e.scenario;
  const Simulation sim(e);
  const size_t agents = s.agents.size();
  std::vector<std::vector<UtilityTerms>> per(replicates, std::vector<UtilityTerms>(agents));
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads > 0 ? threads : omp_get_max_threads())
  for (long r = 0; r < static_cast<long>(replicates); ++r) {
    const uint32_t rep = static_cast<uint32_t>(r);
    const ModelParams p = s.DrawParams(e.seed, rep);
    const std::vector<AgentWeights> weights = s.DrawAgentWeights(e.seed, rep);
    std::vector<UtilityTerms>& sum = per[rep];
    std::vector<UtilityTerms> quarter;
    sim.Run(rep, [&](const World& w) {
      if (w.quarter == 0) return;  // the start, before any quarter is played
      UtilityTermsOf(s, p, weights, w, quarter);
      const double d = std::pow(s.discount, w.quarter - 1);
      for (size_t a = 0; a < agents; ++a) {
        sum[a].base += d * quarter[a].base;
        for (int k = 0; k < kNumWeightTerms; ++k) sum[a].x[k] += d * quarter[a].x[k];
      }
    });
  }
  std::vector<UtilityTerms> mean(agents);
  for (const auto& rep : per) {
    for (size_t a = 0; a < agents; ++a) {
      mean[a].base += rep[a].base / replicates;
      for (int k = 0; k < kNumWeightTerms; ++k) mean[a].x[k] += rep[a].x[k] / replicates;
    }
  }
  return mean;
}

double Utility(const UtilityTerms& t, const std::array<double, kNumWeightTerms>& w) {
  double u = t.base;
  for (int k = 0; k < kNumWeightTerms; ++k) u += w[k] * t.x[k];
  return u;
}

// The config's weights of one agent (its central values; 0 where its kind has
// no such weight).
std::array<double, kNumWeightTerms> StartWeights(const AgentSpec& agent) {
  std::array<double, kNumWeightTerms> w{};
  for (const ParamSpec& spec : agent.params.specs()) {
    for (int k = 0; k < kNumWeightTerms; ++k) {
      if (spec.name == WeightTermNames()[k]) w[k] = agent.params.Central(spec.name);
    }
  }
  return w;
}

// Seat `seat`'s regret under its agent's weights `w`, and its agent's utility
// range: over every profile simulated (the game's outcomes as far as they were
// explored), the normalisation of an epsilon-equilibrium with payoffs scaled to
// [0, 1]. `local_range`, if given, gets the range over the seat's own actions.
std::pair<double, double> RegretAndRange(const Scenario& s, const std::vector<Profile>& profiles,
                                         int seat, const std::array<double, kNumWeightTerms>& w,
                                         int* best_action = nullptr,
                                         double* local_range = nullptr) {
  const int agent = s.seats[seat].agent;
  const double base = Utility(profiles[0].totals[agent], w);
  double lo = base, hi = base, best = base, local_lo = base, local_hi = base;
  for (const Profile& p : profiles) {
    const double u = Utility(p.totals[agent], w);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    if (p.seat != seat) continue;
    local_lo = std::min(local_lo, u);
    local_hi = std::max(local_hi, u);
    if (u > best) {
      best = u;
      if (best_action) *best_action = p.action;
    }
  }
  if (local_range) *local_range = local_hi - local_lo;
  return {best - base, hi - lo};
}


// Seat `seat`'s regret under its agent's weights `w`, for the report.
SeatRegret RegretOf(const Experiment& e, const std::vector<Profile>& profiles, int seat,
                    const std::array<double, kNumWeightTerms>& w) {
  const Seat& st = e.scenario.seats[seat];
  SeatRegret r;
  r.seat = st.id;
  r.agent = e.scenario.agents[st.agent].id;
  r.policy = e.policies[seat]->ToJson().value("name", "");
  int best = -1;
  std::tie(r.regret, r.range) =
      RegretAndRange(e.scenario, profiles, seat, w, &best, &r.seat_range);
  if (best >= 0) r.best = st.actions[best];
  return r;
}

bool ReadsPayoffs(const PolicyPlan& plan) {
  if (plan.UsesOracle()) return true;
  const std::string name = plan.ToJson().value("name", "");
  for (const PolicyInfo& info : LearningPolicies()) {
    if (info.name == name) return true;
  }
  for (const PolicyPlan* nested : plan.Nested()) {
    if (nested != &plan && ReadsPayoffs(*nested)) return true;
  }
  return false;
}

}  // namespace

const std::vector<double>& WeightGrid() {
  static const std::vector<double> grid = {0,  0.5, 1,  2,   3,   5,   7,   10,  15,  20,
                                           30, 50,  70, 100, 150, 200, 300, 500, 700, 1000};
  return grid;
}

RationaliseResult Rationalise(const MergedConfig& config, const Experiment& e,
                              const RationaliseOptions& options) {
  const Scenario& s = e.scenario;
  RationaliseResult result;
  for (const auto& plan : e.policies) result.payoff_readers |= ReadsPayoffs(*plan);

  // The profiles: the config's, then each seat fixed at each of its actions.
  std::vector<Profile> profiles(1);
  for (int seat = 0; seat < static_cast<int>(s.seats.size()); ++seat) {
    for (int a = 0; a < s.seat_num_actions[seat]; ++a) profiles.push_back({seat, a, {}});
  }
  for (size_t i = 0; i < profiles.size(); ++i) {
    Profile& p = profiles[i];
    if (p.seat < 0) {
      p.totals = Totals(e, options.replicates, options.threads);
    } else {
      Json json = config.json;
      const Seat& st = s.seats[p.seat];
      json["policies"][st.id] = {{"name", "fixed"}, {"action", st.actions[p.action]}};
      const Experiment deviation = ExperimentFromConfig({json, config.sources}, e.file);
      p.totals = Totals(deviation, options.replicates, options.threads);
    }
    if (options.progress && (i + 1) % 8 == 0) {
      options.progress("rationalise: " + std::to_string(i + 1) + " of " +
                       std::to_string(profiles.size()) + " profiles simulated");
    }
  }
  result.profiles = static_cast<int>(profiles.size());

  // Each government's weights, searched exhaustively on the grid: the nearest
  // to its own (in log(1 + w)) among those meeting the target, else those
  // with the smallest worst ratio. The ratio fitted is the strict one, regret
  // over the range of the seat's own actions; the ratio over the agent's whole
  // range is reported beside it. Its utility depends on its weights alone, so
  // governments are fitted one at a time.
  std::vector<std::array<double, kNumWeightTerms>> start(s.agents.size()), fitted;
  for (size_t a = 0; a < s.agents.size(); ++a) start[a] = StartWeights(s.agents[a]);
  fitted = start;
  for (size_t a = 0; a < s.agents.size(); ++a) {
    const AgentSpec& agent = s.agents[a];
    std::vector<int> seats;
    for (int seat = 0; seat < static_cast<int>(s.seats.size()); ++seat) {
      if (s.seats[seat].agent == static_cast<int>(a)) seats.push_back(seat);
    }
    if (agent.kind != AgentKind::kCountry || seats.empty()) continue;
    std::vector<int> free;
    for (int k = 0; k < kNumWeightTerms; ++k) {
      if (k == kTermIndustry) continue;
      const bool used = std::any_of(profiles.begin(), profiles.end(),
                                    [&](const Profile& p) { return p.totals[a].x[k] != 0.0; });
      if (used) free.push_back(k);
    }
    std::vector<std::vector<double>> grids;
    for (int k : free) {
      std::vector<double> g = options.grid.empty() ? WeightGrid() : options.grid;
      g.push_back(start[a][k]);
      std::sort(g.begin(), g.end());
      g.erase(std::unique(g.begin(), g.end()), g.end());
      grids.push_back(g);
    }
    auto worst = [&](const std::array<double, kNumWeightTerms>& w) {
      double m = 0;
      for (int seat : seats) {
        // The seat's own profiles only (the agent's whole range is not needed).
        const double base = Utility(profiles[0].totals[a], w);
        double lo = base, hi = base;
        for (const Profile& p : profiles) {
          if (p.seat != seat) continue;
          const double u = Utility(p.totals[a], w);
          lo = std::min(lo, u);
          hi = std::max(hi, u);
        }
        m = std::max(m, hi > lo ? (hi - base) / (hi - lo) : 0.0);
      }
      return m;
    };
    auto distance = [&](const std::array<double, kNumWeightTerms>& w) {
      double d = 0;
      for (int k : free) d += std::pow(std::log1p(w[k]) - std::log1p(start[a][k]), 2);
      return d;
    };
    WeightFit fit;
    fit.agent = agent.id;
    fit.start_ratio = worst(start[a]);
    bool best_meets = false;
    double best_worst = std::numeric_limits<double>::infinity();
    double best_distance = std::numeric_limits<double>::infinity();
    std::vector<size_t> index(free.size(), 0);
    std::array<double, kNumWeightTerms> w = start[a];
    while (true) {
      for (size_t i = 0; i < free.size(); ++i) w[free[i]] = grids[i][index[i]];
      const double m = worst(w);
      const double d = distance(w);
      const bool meets = m <= options.target;
      const bool better = meets ? (!best_meets || d < best_distance)
                                : (!best_meets && (m < best_worst || (m == best_worst && d < best_distance)));
      if (better) {
        best_meets = meets;
        best_worst = m;
        best_distance = d;
        fitted[a] = w;
      }
      size_t i = 0;
      while (i < free.size() && ++index[i] == grids[i].size()) index[i++] = 0;
      if (i == free.size()) break;
    }
    fit.fitted_ratio = best_worst;
    for (int k : free) {
      fit.names.push_back(WeightTermNames()[k]);
      fit.start.push_back(start[a][k]);
      fit.fitted.push_back(fitted[a][k]);
    }
    result.weights.push_back(fit);
  }
  for (int seat = 0; seat < static_cast<int>(s.seats.size()); ++seat) {
    const int a = s.seats[seat].agent;
    result.start.push_back(RegretOf(e, profiles, seat, start[a]));
    result.fitted.push_back(RegretOf(e, profiles, seat, fitted[a]));
  }
  return result;
}

Json RationalisedConfig(const RationaliseResult& r, const std::string& parent_file,
                        const std::string& name, double target) {
  Json agents = Json::object();
  for (const WeightFit& f : r.weights) {
    Json params = Json::object();
    for (size_t i = 0; i < f.names.size(); ++i) {
      params[f.names[i]] = {
          {"value", f.fitted[i]},
          {"source", "geostrat rationalise: the weights nearest the parent's under which its "
                     "policy profile leaves each of this agent's seats a best constant deviation "
                     "worth at most " +
                         std::to_string(static_cast<int>(std::lround(target * 100))) +
                         "% of its utility range (docs/model.md §7.4)"}};
    }
    agents[f.agent] = {{"params", params}};
  }
  return {{"extends", parent_file},
          {"name", name},
          {"description",
           "The parent config with its governments' objective weights rationalised: the "
           "weights nearest the parent's under which its policy profile is an approximate "
           "equilibrium of the model (geostrat rationalise)."},
          {"scenario", {{"agents", agents}}}};
}

}  // namespace geostrat
