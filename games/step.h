// The rules of one quarter (MODEL.md "One quarter, in order"). Every policy has
// already chosen its action from the same pre-quarter World; StepQuarter then
// resolves the games in a fixed order and updates the World in place. Pure
// function of (world, actions, parameters, chance stream): a best-response
// policy can evaluate a counterfactual quarter on a copy of the World.
#pragma once

#include <array>
#include <vector>

#include "engine/core/rng.h"
#include "games/china_market.h"
#include "games/model_params.h"
#include "games/scenario.h"
#include "games/world.h"

namespace geostrat {

// The objective weights that multiply a government's utility terms, in this
// order; named as in the agent registry.
enum WeightTerm {
  kTermIndustry, kTermCompute, kTermRivalCompute, kTermSelfSufficiency, kTermDependence,
  kTermPolitical, kTermAlliance, kTermHedge, kTermShortfall, kNumWeightTerms
};
const std::array<const char*, kNumWeightTerms>& WeightTermNames();
double WeightOf(const AgentWeights& weights, int term);

// An agent's utility in one quarter as base + sum_k weight_k x[k]
// (docs/model.md §4): the terms its objective weights multiply, and the rest.
// Firms' utilities are all base (their weights are shares and values, not
// objective weights).
struct UtilityTerms {
  double base = 0;
  std::array<double, kNumWeightTerms> x{};
};
void UtilityTermsOf(const Scenario& scenario, const ModelParams& p,
                    const std::vector<AgentWeights>& weights, const World& world,
                    std::vector<UtilityTerms>& out);

// The AI market's size (US capex and China's and the Global South's chip
// budgets) against the start: the scale of governments' strategic terms.
double MarketScale(const ModelParams& p, const World& world);

// The world at the start (quarter 0 not yet played), calibrated to 2026Q1.
// Its `now` indicators describe the start state.
World InitialWorld(const Scenario& scenario, const ModelParams& p);

// Plays quarter world.quarter with one action per seat (scenario.seats order).
// `chance` must be the chance stream of this replicate and quarter: every
// quarter draws the same number of chance variates whatever the actions, so
// policy profiles share their chance events (common random numbers).
void StepQuarter(const Scenario& scenario, const ModelParams& p,
                 const std::vector<AgentWeights>& weights, World& world, const int* actions,
                 Rng& chance);

// Whether lobbying softens the US export stance one notch in quarter
// world.quarter under `actions`, given the quarter's lobbying uniform
// (LobbyingUniform). StepQuarter applies it; followers that see the leaders'
// moves of the quarter see the stance as softened.
bool LobbyingSoftens(const Scenario& scenario, const ModelParams& p, const World& world,
                     const int* actions, double u_lobby);
// The first chance variate of a quarter, which decides lobbying, from the
// chance stream `stream` (Rng::kChanceStream, or a sampled future's).
double LobbyingUniform(uint64_t seed, uint32_t replicate, uint32_t stream, int quarter);

// China's accelerator market as the quarter step sets it up from `world`:
// the options on offer with their prices, caps and preferences
// (docs/model.md §3.4). `sku_level` is the SKU designer's action, `buyer_stance`
// the Chinese hyperscaler's procurement action, `domestic_cap` the domestic
// cards (M per quarter) left for China's buyers.
ChinaMarketInput ChinaMarketOf(const ModelParams& p, const World& world, int sku_level, int buyer_stance,
                               double domestic_cap);

// Domestic cards (M per quarter) left for China's buyers after the Global
// South's first call on them (docs/model.md §3.4).
double DomesticCapForChina(const ModelParams& p, const World& world, int gs_stance);

// The licence fee seen from the US seller at one quarter (docs/model.md
// §3.4, "the fee and the walk-away threshold"): China's market cleared at
// each fee with everything else as in `world`.
struct FeePoint {
  double fee = 0;           // the nominal revenue share
  double import_cards = 0;  // licensed cards bought, M per quarter
  double import_share = 0;  // share of China's budget spent on licensed cards
  double fees = 0;          // fee revenue collected, $B per quarter
  double utility_gap = 0;   // licensed import's utility minus the domestic card's
};
struct FeeCurve {
  std::vector<FeePoint> points;  // fees 0, 0.01, ..., 1
  // The fee beyond which buyers prefer the domestic card to the licensed one
  // (0: they already do at no fee; > 1: not within the range).
  double walk_away_fee = 0;
  double revenue_max_fee = 0;  // the fee that maximises fee revenue
  double revenue_max = 0;      // that revenue, $B per quarter
};
FeeCurve LicenceFeeCurve(const ModelParams& p, const World& world, int sku_level, int buyer_stance,
                         int gs_stance);

}  // namespace geostrat
