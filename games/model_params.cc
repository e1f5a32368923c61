// The parameter tables. Sources are keys of CALIBRATION.md (shared domain
// documents), MODEL.md, or "D:" derivations written out in docs/model.md. Units:
// cards in millions per year (M/yr), money in $B per quarter unless stated,
// prices in $k per card, TPP as in ECCN 3A090.
#include "games/model_params.h"

#include "engine/core/error.h"

namespace geostrat {
namespace {

using P = ModelParams;

const std::vector<ModelParamField> kWorld = {
    // China market
    {{"cn_demand_2026", 5.0, 0.1, 50, "M cards/yr", "1L China accelerator demand 2026; cn.accel_units",
      "Chinese AI-accelerator demand in 2026"}, &P::cn_demand_2026},
    {{"cn_demand_growth", 0.25, 0, 2, "1/yr", "1L growth prior 0-75%",
      "annual growth of Chinese accelerator demand"}, &P::cn_demand_growth},
    {{"cn_capacity_2026", 1.6, 0.05, 20, "M cards/yr", "1L domestic supply capacity; huawei.ascend.volume",
      "domestic accelerator output at the 2026 yield"}, &P::cn_capacity_2026},
    {{"cn_yield_2026", 0.4, 0.05, 1, "", "smic.7nm.yield; huawei.910c.yield; 1L",
      "yield of domestic advanced-node accelerators in 2026"}, &P::cn_yield_2026},
    {{"cn_yield_target", 0.6, 0.05, 1, "", "huawei.910c.yield (target 60%)",
      "yield the domestic line ramps toward"}, &P::cn_yield_target},
    {{"yield_ramp", 0.15, 0, 1, "1/quarter", "D: learn.yield_ramp (20%->40% in a quarter, then slower)",
      "share of the gap to the target yield closed each quarter"}, &P::yield_ramp},
    {{"export_supply_cap", 1.5, 0, 20, "M cards/yr", "h200.orders (~700k in stock vs >2M ordered); cn.accel_units (2.2M Nvidia in 2025)",
      "US chips available for licensed export to China"}, &P::export_supply_cap},
    // technology
    {{"us_frontier_tpp", 36000, 1000, 1e6, "TPP", "spec.b200", "best US chip shipping at home in 2026Q1"},
     &P::us_frontier_tpp},
    {{"h100_tpp", 15830, 1000, 1e5, "TPP", "spec.h100", "TPP of one H100-equivalent (H100e)"}, &P::h100_tpp},
    {{"h200_tpp", 15832, 1000, 1e5, "TPP", "spec.h200", "TPP of the H200 (the licensed chip's price anchor)"},
     &P::h200_tpp},
    {{"us_doubling_quarters", 8, 2, 40, "quarters", "gap.chip_years (Nvidia TPP doubles every ~2 years)",
      "doubling time of the US frontier"}, &P::us_doubling_quarters},
    {{"us_tech_noise", 0.03, 0, 0.5, "sd of log growth", "D: L, docs/model.md",
      "quarterly noise of frontier growth"}, &P::us_tech_noise},
    {{"cn_perf_vs_h100", 0.7, 0.1, 3, "H100e per card", "1L domestic card performance vs H100; spec.910c",
      "effective performance of the best domestic volume chip in 2026Q1"}, &P::cn_perf_vs_h100},
    {{"cn_doubling_quarters", 7, 2, 40, "quarters", "D: sub.ascend (~2x a year, roadmap) tempered by gap.chip_years",
      "doubling time of domestic chip performance at baseline R&D"}, &P::cn_doubling_quarters},
    {{"cn_tech_noise", 0.04, 0, 0.5, "sd of log growth", "D: L, docs/model.md",
      "quarterly noise of domestic chip progress"}, &P::cn_tech_noise},
    {{"rd_elasticity", 0.5, 0, 2, "", "D: L (square-root returns to R&D stock)",
      "elasticity of domestic progress to the R&D stock"}, &P::rd_elasticity},
    {{"rd_depreciation", 0.05, 0, 1, "1/quarter", "D: L (knowledge stock, ~20%/yr)",
      "depreciation of the R&D stock"}, &P::rd_depreciation},
    {{"breakthrough_rate", 0.05, 0, 1, "1/quarter", "S9 (DeepSeek-R1); D: about one per 5 years",
      "Poisson rate of a domestic efficiency breakthrough"}, &P::breakthrough_rate},
    {{"breakthrough_gain", 0.15, 0, 2, "", "sw.efficiency (+57% in 12 months on fixed hardware); D",
      "jump in effective domestic performance per breakthrough"}, &P::breakthrough_gain},
    {{"node_milestone_rate", 0.02, 0, 1, "1/quarter", "cn.euv (working chips 2028 target, ~2030 realistic)",
      "Poisson rate (at baseline R&D) of a leading-edge node milestone"}, &P::node_milestone_rate},
    {{"node_milestone_step", 0.1, 0, 1, "share", "D: L", "China's gain in leading-edge capacity share per milestone"},
     &P::node_milestone_step},
    {{"cn_leading_edge_2026", 0.0, 0, 1, "share", "cn.5nm; cn.euv (no <=3nm-class capacity)",
      "China's share of leading-edge logic capacity in 2026"}, &P::cn_leading_edge_2026},
    // prices and costs
    {{"h200_price", 25, 1, 200, "$k", "h200.price; 1L", "H200 price in China"}, &P::h200_price},
    {{"price_perf_elasticity", 0.3, 0, 2, "", "D: h20.price $12-15k at 0.15x H200 TPP vs h200.price $25k",
      "elasticity of a licensed chip's price to its TPP"}, &P::price_perf_elasticity},
    {{"us_frontier_price", 35, 1, 300, "$k", "D: L (B200-class list price)", "price of a frontier US card"},
     &P::us_frontier_price},
    {{"cn_card_price", 12, 1, 100, "$k", "1L domestic card price (8-20, L)", "domestic card price in 2026"},
     &P::cn_card_price},
    {{"cn_learning_rate", 0.2, 0, 0.5, "", "learn.rate (Irwin-Klenow 1994); 1L",
      "cost fall per doubling of cumulative domestic output"}, &P::cn_learning_rate},
    {{"cn_cum_output_2026", 3.0, 0.1, 100, "M cards", "D: cn.accel_units (1.65M in 2025) + earlier years",
      "cumulative domestic accelerator output before 2026"}, &P::cn_cum_output_2026},
    {{"grey_markup", 1.5, 1, 10, "x", "D: L (seed 002: the wall is porous)",
      "price markup of grey-market imports under a ban"}, &P::grey_markup},
    {{"energy_ratio_cn", 1.4, 1, 5, "x", "spec.cn_power_per_token; ioc.cn_us_ratio; 1L",
      "energy per unit of compute, domestic vs US chips"}, &P::energy_ratio_cn},
    {{"h100_kw", 0.7, 0.1, 5, "kW", "spec.h100", "board power of one H100"}, &P::h100_kw},
    {{"energy_perf_elasticity", 0.5, 0, 1, "", "D: B200 ~1.0 kW for 2.3 H100e (recalled spec)",
      "fall of energy per H100e with chip performance"}, &P::energy_perf_elasticity},
    {{"pue", 1.25, 1, 3, "", "ioc.kwh_per_mtok", "data-centre power usage effectiveness"}, &P::pue},
    {{"chip_life_quarters", 20, 1, 80, "quarters", "ioc.capex_cost (5 years)", "economic life of a card"},
     &P::chip_life_quarters},
    {{"power_cn", 5.6, 1, 50, "c/kWh", "power.cn.dc_subsidised; 1L", "China power price for domestic chips"},
     &P::power_cn},
    {{"power_cn_import_markup", 1.5, 1, 3, "x", "power.cn.dc_subsidised (subsidy up to 50%, domestic chips only)",
      "power price markup for imported chips in China"}, &P::power_cn_import_markup},
    {{"power_gs", 8.0, 1, 50, "c/kWh", "D: L (between power.range US and China)",
      "Global South data-centre power price"}, &P::power_gs},
    // buyer choice
    {{"choice_sensitivity", 2.0, 0, 20, "", "D: L (logit in log cost)",
      "sensitivity of buyers' choice to log cost per H100e"}, &P::choice_sensitivity},
    {{"cuda_lockin", 2.0, 0, 20, "logit units", "D: seed 000 (the mature foreign product is preferred); docs/model.md",
      "ecosystem (CUDA) preference for US chips when no domestic base is installed"}, &P::cuda_lockin},
    {{"security_discount", 0.5, 0, 10, "logit units", "S15 (CAC 'backdoor' summons)",
      "perceived security risk of imported chips"}, &P::security_discount},
    {{"procurement_bias", 1.0, 0, 10, "logit units per notch", "D: L",
      "shift of the import/domestic choice per notch of the buyer's procurement stance"}, &P::procurement_bias},
    {{"fee_pass_through", 0.5, 0, 1, "", "D: L", "share of the licence fee passed on to buyers"},
     &P::fee_pass_through},
    {{"fee_collection", 0.65, 0, 1, "", "1L realised collection probability 0.3-1.0; fee.realised.2025",
      "share of the licence fee actually collected"}, &P::fee_collection},
    {{"export_leak", 0.02, 0, 1, "share of demand", "seed 002 (a porous wall); D: L",
      "share of Chinese demand still served by US chips under a ban"}, &P::export_leak},
    // US and Global South
    {{"us_capex_2026", 533, 1, 5000, "$B/yr", "capex.us5.2026; 1L", "US-bloc hyperscaler capex in 2026"},
     &P::us_capex_2026},
    {{"us_capex_growth", 0.15, -0.5, 2, "1/yr", "D: L (capex.us4 +66% in 2025, +34% in 2026f, slowing)",
      "annual growth of US-bloc capex after 2026"}, &P::us_capex_growth},
    {{"us_accel_share", 0.45, 0, 1, "", "D: nvda.dc_rev (~$190B FY26) / capex.us4 ($416B)",
      "share of capex spent on accelerators"}, &P::us_accel_share},
    {{"gs_demand_2026", 1.0, 0, 50, "M cards/yr", "D: L (Gaps 6: Global South volumes not found)",
      "Global South accelerator demand in 2026"}, &P::gs_demand_2026},
    {{"gs_demand_growth", 0.3, 0, 2, "1/yr", "D: L", "annual growth of Global South demand"},
     &P::gs_demand_growth},
    {{"gs_trust_share", 0.3, 0, 1, "", "seed 001 (trust-premium vs cost-performance markets); D: L",
      "share of Global South demand in the trust-premium segment (US stack only)"}, &P::gs_trust_share},
    // money and compute
    {{"us_margin", 0.72, 0, 1, "", "nvda.dc_rev (Nvidia gross margin ~70-75%)", "US designers' gross margin"},
     &P::us_margin},
    {{"cn_margin", 0.55, 0, 1, "", "cambricon.rev (gross margin 55%)", "domestic designers' gross margin"},
     &P::cn_margin},
    {{"allied_foundry_take", 0.1, 0, 1, "", "D: L (foundry and memory gross profit per $ of US chip sales)",
      "allied gross profit per dollar of US accelerator revenue"}, &P::allied_foundry_take},
    {{"allied_sme_china_gp", 2.0, 0, 100, "$B/q", "jp.sme_share; D: L",
      "allied equipment makers' gross profit from China per quarter"}, &P::allied_sme_china_gp},
    {{"align_sme_loss", 0.5, 0, 1, "", "D: L", "share of that profit lost under full alignment"},
     &P::align_sme_loss},
    {{"compute_us_2026", 40, 0, 1e4, "M H100e", "compute.share.cluster (US+EU ~81%)",
      "US-bloc installed AI compute in 2026Q1"}, &P::compute_us_2026},
    {{"compute_cn_2026", 5, 0, 1e4, "M H100e", "compute.share.owner/cluster (China 5-15%)",
      "China's installed AI compute in 2026Q1"}, &P::compute_cn_2026},
    {{"compute_gs_2026", 2, 0, 1e4, "M H100e", "compute.share.cluster (rest ~4%)",
      "Global South installed AI compute in 2026Q1"}, &P::compute_gs_2026},
    {{"cn_installed_domestic_2026", 0.3, 0, 1, "share", "cn.domestic_share (10% H1 2023 -> 41% 2025)",
      "domestic share of China's installed compute (feeds the CUDA lock-in)"}, &P::cn_installed_domestic_2026},
    {{"cn_export_priority", 0.5, 0, 1, "", "D: L (Huawei Ascend export deals in 2025 despite domestic shortage)",
      "share of Global South orders for the Chinese stack served before domestic rationing"}, &P::cn_export_priority},
    {{"gs_installed_us_2026", 0.85, 0, 1, "share", "OUTCOMES G_US (not sourced; likely >0.8 in 2025)",
      "US-stack share of the Global South's installed compute"}, &P::gs_installed_us_2026},
    {{"compute_depreciation", 0.05, 0, 1, "1/quarter", "ioc.capex_cost (5-year life)",
      "share of installed compute retired each quarter"}, &P::compute_depreciation},
    // minerals
    {{"mineral_dependence_2026", 0.9, 0, 1, "share", "ga.cn_share; ree.cn_share; graphite.cn_share; ge.cn_share",
      "China's share of the US bloc's Ga/Ge/Sb/graphite/REE supply"}, &P::mineral_dependence_2026},
    {{"mineral_flow_2026", 0.4, 0, 1, "index", "ge.cn_exports (-59%); ga.cn_exports (-70%); OUTCOMES X_min",
      "cross-bloc mineral flow index X_min at the start"}, &P::mineral_flow_2026},
    {{"flow_adjust", 0.6, 0, 1, "1/quarter", "sb.cn_exports (-97% within a month); D",
      "share of the gap to the target flow closed each quarter"}, &P::flow_adjust},
    {{"price_multiplier_2026", 2.3, 1, 100, "x", "ga.price (x2.3 by Dec 2024)", "mineral price multiplier at the start"},
     &P::price_multiplier_2026},
    {{"full_cutoff_multiplier", 3.0, 1, 100, "x", "1L mineral price response x1.5-36; ga.price; ge.price; ree.2010.price",
      "long-run price multiplier of a full cut-off"}, &P::full_cutoff_multiplier},
    {{"price_adjust", 0.35, 0, 1, "1/quarter", "ga.price (x2 within ~6 months)",
      "share of the gap to the target price closed each quarter"}, &P::price_adjust},
    {{"supply_response", 0.01, 0, 1, "1/quarter per log price", "ree.2010.share_response (~20pp in 4 years); D",
      "growth of non-China supply per unit of log price multiplier"}, &P::supply_response},
    {{"mineral_gdp_cost", 3.4, 0, 1000, "$B/yr", "usgs.gage_ban",
      "US-bloc output loss under a full cut-off at its long-run price"},
     &P::mineral_gdp_cost},
    {{"mineral_cost_us_share", 0.5, 0, 1, "", "D: L", "share of that loss borne by the US (rest: allies)"},
     &P::mineral_cost_us_share},
    {{"cn_mineral_exports", 2.0, 0, 100, "$B/yr", "D: ga.market + ge.market + sb.market (US-bloc share)",
      "China's critical-mineral exports to the US bloc at pre-control volumes and prices"}, &P::cn_mineral_exports},
    // politics
    {{"salience_2026", 0.5, 0, 1, "", "S4 (H200 decision in the news, Dec 2025); D: L", "issue salience at the start"},
     &P::salience_2026},
    {{"salience_decay", 0.8, 0, 1, "1/quarter", "seed 002; D: L", "share of salience kept each quarter"},
     &P::salience_decay},
    {{"salience_policy_change", 0.2, 0, 1, "", "seed 002; D: L", "salience added by any change of policy"},
     &P::salience_policy_change},
    {{"salience_breakthrough", 0.3, 0, 1, "", "S9 (DeepSeek-R1 shock)", "salience added by a domestic breakthrough"},
     &P::salience_breakthrough},
    {{"writeoff_ratio", 1.0, 0, 10, "quarters of China revenue", "h20.ban.charge ($4.5B vs ~$4.6B H20 sales in the quarter)",
      "write-off when the red line moves down, in quarters of China revenue"}, &P::writeoff_ratio},
};

const std::vector<ModelParamField> kExportControl = {
    {{"f_license", 0.44, 0, 1, "F", "red_line.F (H200/B200 from Dec 2025)", "export frontier ratio under 'license'"},
     &P::f_license},
    {{"f_tight", 0.066, 0, 1, "F", "red_line.F (H20-class: 0.15 of H100, 0.066 of B200)",
      "export frontier ratio under 'tight' (an H20-class chip against the B200 frontier)"},
     &P::f_tight},
};

const std::vector<ModelParamField> kLicenseFee = {
    {{"fee_low", 0.15, 0, 1, "", "fee.h20", "fee under 'low'"}, &P::fee_low},
    {{"fee_mid", 0.25, 0, 1, "", "fee.h200", "fee under 'mid'"}, &P::fee_mid},
    {{"fee_high", 0.35, 0, 1, "", "1L fee levels {0, 0.15, 0.25, 0.35}", "fee under 'high'"}, &P::fee_high},
    {{"block_guide", 0.5, 0, 1, "b", "1L buyer-side block 0.5 (0.3-0.8); cn.procurement_rules",
      "share of Chinese demand barred from US chips under 'guide'"}, &P::block_guide},
    {{"block_prohibit", 0.9, 0, 1, "b", "MODEL.md (b ~ 0.9)", "share barred under 'prohibit'"}, &P::block_prohibit},
};

const std::vector<ModelParamField> kMineral = {
    {{"flow_open", 1.0, 0, 1, "X_min", "OUTCOMES X_min (pre-2023: 1.0)", "target flow under 'open'"}, &P::flow_open},
    {{"flow_licensing", 0.4, 0, 1, "X_min", "ge.cn_exports (-59%); ga.cn_exports (-69 to -73%)",
      "target flow under 'licensing'"}, &P::flow_licensing},
    {{"flow_ban", 0.1, 0, 1, "X_min", "sb.cn_exports (-84 to -97%)", "target flow under 'ban'"}, &P::flow_ban},
    {{"stockpile_build", 0.25, 0, 4, "quarters of cover per quarter", "D: L", "stock added per quarter of 'stockpile'"},
     &P::stockpile_build},
    {{"stockpile_cap", 2.0, 0, 20, "quarters of cover", "D: L", "largest stockpile"}, &P::stockpile_cap},
    {{"stockpile_cost", 0.3, 0, 100, "$B/q", "D: L", "fiscal cost of a quarter of 'stockpile'"}, &P::stockpile_cost},
    {{"offtake_boost", 0.005, 0, 1, "share per quarter", "mp.floor (10 kt/yr magnet plant, 2028)",
      "extra growth of non-China supply under 'offtake'"}, &P::offtake_boost},
    {{"offtake_cost", 0.5, 0, 100, "$B/q", "mp.floor ($400M equity, $150M loan, floor ~2x price)",
      "fiscal cost of a quarter of 'offtake'"}, &P::offtake_cost},
};

const std::vector<ModelParamField> kSubstitution = {
    {{"rd_low", 1.5, 0, 100, "$B/q", "cn.big_fund (III: $47.5B); D", "state R&D spend under 'low'"}, &P::rd_low},
    // Not 0: progress is scaled by the R&D stock relative to the stock mid
    // spending sustains (rd_mid / rd_depreciation); a zero reference makes
    // every other spending level infinitely effective (NaN in the run).
    {{"rd_mid", 3.0, 0.01, 100, "$B/q", "cn.big_fund; D",
      "state R&D spend under 'mid' (the reference for R&D progress: at least 0.01)"}, &P::rd_mid},
    {{"rd_high", 6.0, 0, 100, "$B/q", "cn.big_fund; capex.cn.state; D", "state R&D spend under 'high'"}, &P::rd_high},
    {{"capacity_growth_low", 0.03, 0, 1, "1/quarter", "D: L", "capacity growth under 'low' investment"},
     &P::capacity_growth_low},
    {{"capacity_growth_high", 0.07, 0, 1, "1/quarter", "cn.adv_capacity.target (targets of 9.1%/q for x2 in 2 years, 12.2%/q for x10 by 2030, discounted); D",
      "capacity growth under 'high' investment"}, &P::capacity_growth_high},
    {{"capacity_cost_low", 1.0, 0, 100, "$B/q", "D: L", "capacity investment under 'low'"}, &P::capacity_cost_low},
    {{"capacity_cost_high", 2.5, 0, 100, "$B/q", "D: ~$20B to double 50k wspm over 8 quarters",
      "capacity investment under 'high'"}, &P::capacity_cost_high},
    {{"alpha_hedge", 0.3, 0, 1, "alpha", "jp.sme_share; D: L", "allied alignment under 'hedge'"}, &P::alpha_hedge},
    {{"alpha_align", 1.0, 0, 1, "alpha", "rule.2024.hbm (allied SME controls); D", "allied alignment under 'align'"},
     &P::alpha_align},
    {{"align_capacity_drag", 0.4, 0, 1, "", "D: L (tools, spares and service)", "capacity growth lost per unit of alignment above alpha_align (the calibrated status quo)"},
     &P::align_capacity_drag},
    {{"align_perf_drag", 0.3, 0, 1, "", "D: L", "domestic progress lost per unit of alignment above alpha_align"}, &P::align_perf_drag},
};

const std::vector<ModelParamField> kLobbying = {
    {{"lobby_p_quiet", 0.15, 0, 1, "1/quarter", "seed 002 (quiet lobbying works out of the news); D: L",
      "chance quiet lobbying softens the export stance one notch at zero salience"}, &P::lobby_p_quiet},
    {{"lobby_p_loud", 0.3, 0, 1, "1/quarter", "seed 002; seed 003 (H200 lobbying); D: L",
      "the same for loud lobbying"}, &P::lobby_p_loud},
    {{"lobby_salience_exponent", 2, 0, 10, "", "seed 002; gh.welfare_weight (lobbying second-order)",
      "how fast salience kills lobbying: p x (1 - s)^k"}, &P::lobby_salience_exponent},
    {{"salience_loud", 0.15, 0, 1, "", "seed 002", "salience added by loud lobbying"}, &P::salience_loud},
    {{"lobby_spend_quiet", 0.0012, 0, 10, "$B/q", "lobby.nvda ($4.9M in 2025)", "spend of quiet lobbying"},
     &P::lobby_spend_quiet},
    {{"lobby_spend_loud", 0.005, 0, 10, "$B/q", "lobby.bigtech; D", "spend of loud lobbying"}, &P::lobby_spend_loud},
    {{"margin_perf", 0.85, 0, 1, "", "seed 002 (designing just under the line stopped paying)",
      "performance of a China SKU that keeps a margin, relative to the line"}, &P::margin_perf},
    {{"margin_writeoff", 0.4, 0, 1, "", "D: L", "write-off of a margin SKU relative to one that hugs the line"},
     &P::margin_writeoff},
};

// The trade block (games/tariffs.h). Flows are 2018 levels, the free-trade
// benchmark of the 2018-2025 replay; elasticities are judgment calls bracketed
// by MODELS.md (docs/replay.md writes out the arithmetic).
const std::vector<ModelParamField> kTariffs = {
    {{"us_imports_from_cn", 540, 0, 5000, "$B/yr",
      "MODELS.md M6 (the 2018 tariffs covered $303B, 12.7% of US imports); US goods imports from China 2018 ~$540B (Census, recalled: L)",
      "US imports from China under free trade"}, &P::us_imports_from_cn},
    {{"cn_imports_from_us", 120, 0, 5000, "$B/yr",
      "US goods exports to China 2018 ~$120B (Census, recalled: L); tariff.cn_on_us coverage 58.3%",
      "Chinese imports from the US under free trade"}, &P::cn_imports_from_us},
    {{"import_elasticity_us", 2.5, 0.1, 20, "",
      "MODELS.md M6 (Fajgelbaum et al. 2020: import-demand elasticity ~2.5, recalled); M5 sensitivity 3.5-6.5",
      "elasticity of US import demand for Chinese goods"}, &P::import_elasticity_us},
    {{"import_elasticity_cn", 2.5, 0.1, 20, "", "D: L (taken equal to the US's)",
      "elasticity of Chinese import demand for US goods"}, &P::import_elasticity_cn},
    {{"export_elasticity_us", 4, 0.1, 1000, "",
      "MODELS.md V9 (eps* = 5 gives t* = 25%); D: L (Fajgelbaum et al.'s complete pass-through points higher)",
      "elasticity of US export supply to China (China's optimal tariff is its inverse)"}, &P::export_elasticity_us},
    {{"export_elasticity_cn", 4, 0.1, 1000, "",
      "MODELS.md V9 (eps* = 5 gives t* = 25%); D: L (Fajgelbaum et al.'s complete pass-through points higher)",
      "elasticity of Chinese export supply to the US (the US's optimal tariff is its inverse)"}, &P::export_elasticity_cn},
};

const std::vector<ModelParamField> kNone = {};

}  // namespace

const std::vector<ModelParamField>& WorldParamFields() { return kWorld; }

const std::vector<ModelParamField>& GameParamFields(const std::string& game) {
  if (game == "export_control") return kExportControl;
  if (game == "license_fee") return kLicenseFee;
  if (game == "mineral_retaliation") return kMineral;
  if (game == "substitution_rnd") return kSubstitution;
  if (game == "lobbying") return kLobbying;
  if (game == "procurement") return kNone;
  if (game == "tariffs") return kTariffs;
  throw InternalError("no parameter table for game " + game);
}

std::vector<ParamSpec> SpecsOf(const std::vector<ModelParamField>& fields) {
  std::vector<ParamSpec> specs;
  for (const auto& f : fields) specs.push_back(f.spec);
  return specs;
}

}  // namespace geostrat
