// Every number the quarter step uses, as one flat struct so the hot loop reads
// fields, not maps. Each field is declared once in a table (model_params.cc)
// with its default, range, unit, source key in CALIBRATION.md and meaning; the
// scenario's "parameters" object and each game's "params" object are read
// against those tables, and priors are drawn per replicate.
#pragma once

#include <string>
#include <vector>

#include "engine/core/param.h"

namespace geostrat {

struct ModelParams {
  // --- China market (cards in millions per year, prices in $k) ---
  double cn_budget_2026, cn_budget_growth, defer_markup, defer_carry;
  double offshore_markup, offshore_penalty, grey_cap, grey_penalty;
  double cn_capacity_2026, cn_yield_2026, cn_yield_target, yield_ramp;
  double export_alloc_share;
  // --- technology ---
  double us_frontier_tpp, h100_tpp, h200_tpp, us_doubling_quarters, us_tech_noise;
  double cn_perf_vs_h100, cn_doubling_quarters, cn_tech_noise, rd_elasticity, rd_depreciation;
  double breakthrough_rate, breakthrough_gain, node_milestone_rate, node_milestone_step;
  double cn_leading_edge_2026;
  double euv_node, euv_hazard_factor, node_gain, cn_node_headroom, hedge_ceiling_gain;
  double node_learning_elasticity, align_node_drag, import_diffusion, ceiling_growth, ceiling_curvature;
  // --- prices and costs ---
  double h200_price, price_perf_elasticity, us_frontier_price, cn_card_price;
  double cn_learning_rate, cn_cum_output_2026, grey_markup;
  double energy_ratio_cn, h100_kw, energy_perf_elasticity, pue, chip_life_quarters;
  double power_cn, power_cn_import_markup, power_gs, power_us;
  double us_power_build_2026, us_power_build_growth, cn_power_build_2026, cn_power_build_growth;
  // --- buyer choice ---
  double choice_sensitivity, cuda_lockin, security_discount, procurement_bias;
  double fee_pass_through, fee_collection;
  // --- US and Global South markets ---
  double us_capex_2026, us_capex_growth, us_accel_share;
  double gs_budget_2026, gs_budget_growth, gs_trust_share, cn_export_priority, gs_cn_financing;
  // --- money and compute ---
  double us_margin, cn_margin, allied_foundry_take, allied_sme_china_gp, align_sme_loss;
  double compute_us_2026, compute_cn_2026, compute_gs_2026, cn_installed_domestic_2026;
  double gs_installed_us_2026;
  double compute_depreciation;
  // --- minerals ---
  double mineral_dependence_2026, mineral_flow_2026, flow_adjust, price_multiplier_2026;
  double full_cutoff_multiplier, price_adjust, supply_response;
  double mineral_gdp_cost, mineral_cost_us_share, cn_mineral_exports;
  double mineral_buildout_bite, mineral_buildout_convexity;
  // --- politics ---
  double salience_2026, salience_decay, salience_policy_change, salience_breakthrough;
  double writeoff_ratio;
  // --- outcome classifier thresholds (games/classifier.h; OUTCOMES.md §3.2) ---
  double decoupling_x_chip_max, decoupling_x_min_max, decoupling_f_max, decoupling_s_cn_min;
  double decoupling_mineral_self_min;
  double reintegration_f_min, reintegration_x_chip_min, reintegration_x_min_min;
  double catch_up_cn_rent_min, catch_up_gap_max, catch_up_c_cn_min, catch_up_g_us_max;
  double unipolar_r_us_min, unipolar_us_compute_min, unipolar_s_cn_max, unipolar_g_us_min;
  double symbiotic_r_us_min, symbiotic_le_us_min, symbiotic_s_cn_min, symbiotic_x_chip_min;
  double symbiotic_x_chip_max, symbiotic_x_min_min, symbiotic_c_cn_min, symbiotic_p_cn_min;
  double symbiotic_g_us_min, symbiotic_g_us_max;

  // --- game: export_control ---
  double f_license, f_tight;
  // --- game: license_fee ---
  double fee_low, fee_mid, fee_high, block_guide, block_prohibit;
  // --- game: mineral_retaliation ---
  double flow_open, flow_licensing, flow_ban;
  double stockpile_build, stockpile_cap, stockpile_cost, offtake_boost, offtake_cost;
  // --- game: substitution_rnd ---
  double rd_low, rd_mid, rd_high, capacity_growth_low, capacity_growth_high;
  double capacity_cost_low, capacity_cost_high, alpha_hedge, alpha_align;
  double align_capacity_drag, align_perf_drag;
  // --- game: lobbying ---
  double lobby_p_quiet, lobby_p_loud, lobby_salience_exponent, salience_loud;
  double lobby_spend_quiet, lobby_spend_loud, margin_perf, margin_writeoff;
  // --- game: tariffs ---
  double us_imports_from_cn, cn_imports_from_us;
  double import_elasticity_us, import_elasticity_cn, export_elasticity_us, export_elasticity_cn;
  // --- game: countermeasures ---
  double probe_block, listing_block, pledge_share, halt_share;
  // --- game: negotiation ---
  double deal_reach;
};

// One row of a parameter table: its spec and where the value goes.
struct ModelParamField {
  ParamSpec spec;
  double ModelParams::*field;
};

// Scenario-level parameters ("scenario.parameters"), the classifier's
// thresholds included.
const std::vector<ModelParamField>& WorldParamFields();
// Every table's defaults: what a scenario with no "parameters" and no game
// "params" runs with.
ModelParams DefaultModelParams();
// Parameters owned by a stage game ("scenario.games.<name>.params").
const std::vector<ModelParamField>& GameParamFields(const std::string& game);

std::vector<ParamSpec> SpecsOf(const std::vector<ModelParamField>& fields);

}  // namespace geostrat
