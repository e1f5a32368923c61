// The parameter tables. Sources are keys of CALIBRATION.md (shared domain
// documents), MODEL.md, or "D:" derivations written out in docs/model.md. Units:
// cards in millions per year (M/yr), money in $B per quarter unless stated,
// prices in $k per card, TPP as in ECCN 3A090.
#include "games/model_params.h"

#include "engine/core/error.h"
#include "games/stage_game.h"

namespace geostrat {
namespace {

using P = ModelParams;

const std::vector<ModelParamField> kWorld = {
    // China market
    {{"cn_budget_2026", 40, 0.1, 1000, "$B/yr",
      "D: capex.cn.2026 ($70B, 50-100) x accelerator share 0.45-0.6; cn.accel_value ($15-35B in 2025)",
      "Chinese buyers' AI-accelerator budget in 2026"}, &P::cn_budget_2026},
    {{"cn_budget_growth", 0.2, -0.5, 2, "1/yr",
      "capex.cn.big3.h1 (+117% 2023-24); capex.bytedance (+88% 2025, +7% 2026); capex.alibaba; D",
      "annual growth of that budget"}, &P::cn_budget_growth},
    {{"defer_markup", 2.0, 1, 20, "x",
      "D: docs/model.md (calibrated so that about a tenth of the 2026 budget waits)",
      "cost per H100e, as a multiple of the US frontier's abroad, above which a buyer would rather wait"},
     &P::defer_markup},
    {{"defer_carry", 0.5, 0, 1, "share",
      "D: L (h200.orders: >2M ordered against ~700k in stock, orders carried over)",
      "share of the budget deferred in a quarter that is spent in the next"}, &P::defer_carry},
    {{"offshore_markup", 1.5, 1, 10, "x",
      "D: L (cloud rental over own-build cost; hyperscaler cloud operating margins ~30-40%)",
      "lifetime cost of renting compute abroad over the cost of owning it there"}, &P::offshore_markup},
    {{"offshore_penalty", 0.6, 0, 5, "log cost premium",
      "D: L (data residency, latency, the risk of a US remote-access rule; us.diffusion_rule)",
      "Chinese buyers' dislike of renting compute abroad"}, &P::offshore_penalty},
    {{"grey_cap", 0.1, 0, 10, "M cards/yr",
      "D: L (seed 002: a porous wall; reports of ~$1B of smuggled Blackwell servers a quarter in 2025)",
      "frontier US cards the grey market can deliver to China"}, &P::grey_cap},
    {{"grey_penalty", 0.4, 0, 5, "log cost premium", "D: L (legal risk, no support or warranty)",
      "Chinese buyers' dislike of grey-market cards beyond the security discount"}, &P::grey_penalty},
    {{"cn_capacity_2026", 1.6, 0.05, 20, "M cards/yr", "1L domestic supply capacity; huawei.ascend.volume",
      "domestic accelerator output at the 2026 yield"}, &P::cn_capacity_2026},
    {{"cn_yield_2026", 0.4, 0.05, 1, "", "smic.7nm.yield; huawei.910c.yield; 1L",
      "yield of domestic advanced-node accelerators in 2026"}, &P::cn_yield_2026},
    {{"cn_yield_target", 0.6, 0.05, 1, "", "huawei.910c.yield (target 60%)",
      "yield the domestic line ramps toward"}, &P::cn_yield_target},
    {{"yield_ramp", 0.15, 0, 1, "1/quarter", "D: learn.yield_ramp (20%->40% in a quarter, then slower)",
      "share of the gap to the target yield closed each quarter"}, &P::yield_ramp},
    {{"export_alloc_share", 0.22, 0, 1, "share of US output",
      "nvda.china_dc_share (China 20-25% of Nvidia DC revenue before controls); h200.orders (~700k in stock); D",
      "share of US accelerator output its makers can allocate to China, at any red line"},
     &P::export_alloc_share},
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
    {{"node_milestone_rate", 0.06, 0, 1, "1/quarter",
      "cn.5nm (N+3 rumoured in 2025, disputed); smic.7nm.yield; D: a DUV-reachable node in about 3 years at 2026 R&D and output",
      "hazard of China reaching its next process node (before the EUV penalty)"}, &P::node_milestone_rate},
    {{"euv_node", 2, 1, 10, "nodes after 2026",
      "cn.euv (no working EUV chips); cn.5nm: 7nm-class N+2 in 2026, a 5nm-class step by DUV multipatterning, 3nm-class needs EUV",
      "the first node that needs EUV lithography"}, &P::euv_node},
    {{"euv_hazard_factor", 0.3, 0, 1, "",
      "cn.euv (working chips: 2028 target, ~2030 realistic); sub.asml_hist (ASML: 18 years prototype to production); D",
      "hazard of an EUV node relative to a DUV-reachable one"}, &P::euv_hazard_factor},
    {{"node_gain", 1.7, 1, 4, "x per node",
      "D: L (TSMC N7 to N5 ~1.8x logic density, N5 to N3 ~1.6x; spec.ascend.roadmap)",
      "rise of the best achievable chip performance per process node"}, &P::node_gain},
    {{"cn_node_headroom", 2.2, 1, 10, "x",
      "spec.ascend.roadmap (950 in 2026, 960 in 2027 at ~2x, on SMIC N+2/N+3 with in-house HBM); D",
      "best chip achievable on the 2026 node and memory, over the 2026 volume chip"}, &P::cn_node_headroom},
    {{"ceiling_growth", 0.15, 0, 2, "1/yr",
      "spec.cm384 (scale-out: 384 chips per pod); spec.910c (two 910B dies); D: L (about half of Nvidia's 2x per 2 years comes from packaging and formats, not the node)",
      "yearly rise of the achievable chip on a fixed node"}, &P::ceiling_growth},
    {{"ceiling_curvature", 4, 1, 20, "",
      "spec.910b -> spec.910c (5.1k to 12.4k TPP in 2023-25 on SMIC N+2: a doubling in ~6 quarters, full design speed below the limit); D",
      "how sharply design progress stalls near the ceiling: room = 1 - (a / ceiling)^curvature"}, &P::ceiling_curvature},
    {{"hedge_ceiling_gain", 0.3, 0, 2, "",
      "rule.2024.hbm (HBM and SME controls); cxmt.hbm (domestic HBM 3-4 years behind); D: L",
      "rise of that ceiling per unit of allied alignment below alpha_align (HBM and tools flow)"},
     &P::hedge_ceiling_gain},
    {{"node_learning_elasticity", 0.25, 0, 2, "",
      "learn.rate (Irwin & Klenow 1994: learning by doing, firms learn mostly from own output); D",
      "elasticity of the node hazard to cumulative domestic output"}, &P::node_learning_elasticity},
    {{"align_node_drag", 1.0, 0, 5, "",
      "rule.2024.hbm (24 SME types); jp.sme_share (Japan ~30% of tools); D: L",
      "fall of the log node hazard per unit of allied alignment above alpha_align"}, &P::align_node_drag},
    {{"import_diffusion", 0.2, 0, 2, "",
      "Garcia-Macia & Goyal 2020 (technology diffusion through imports); D: L",
      "rise of domestic design progress when the whole installed base is imported"}, &P::import_diffusion},
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
      "price markup of grey-market frontier cards in China"}, &P::grey_markup},
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
    {{"power_us", 9.1, 1, 50, "c/kWh", "power.us.avg (EIA via FT); power.range 8-15",
      "US data-centre power price (the frontier's cost abroad, offshore rental)"}, &P::power_us},
    {{"us_power_build_2026", 12, 0.1, 200, "GW/yr",
      "D: L (power.cn.grid: a ~44 GW US data-centre power shortfall within 3 years)",
      "new US-bloc data-centre power that can be connected in 2026"}, &P::us_power_build_2026},
    {{"us_power_growth", 0.15, -0.5, 2, "1/yr", "D: L (interconnection queues, turbines and transformers)",
      "annual growth of that build rate"}, &P::us_power_build_growth},
    {{"cn_power_build_2026", 8, 0.1, 200, "GW/yr",
      "power.cn.dc_gw (32 GW installed, ~60 GW by 2030); power.cn.grid (~400 GW spare); D",
      "new Chinese data-centre power that can be connected in 2026"}, &P::cn_power_build_2026},
    {{"cn_power_growth", 0.15, -0.5, 2, "1/yr", "power.cn.grid (~$560B of grid projects to 2030); D: L",
      "annual growth of that build rate"}, &P::cn_power_build_growth},
    // buyer choice
    {{"choice_sensitivity", 4.0, 0, 20, "",
      "trade elasticity of substitution (Simonovska & Waugh 2014: ~4; Broda & Weinstein 2006); D",
      "elasticity of substitution between suppliers: the logit weight on log cost per H100e"},
     &P::choice_sensitivity},
    {{"cuda_lockin", 1.25, 0, 5, "log cost premium",
      "D: seed 000 (the mature foreign product is preferred); h200.orders (>2M H200s sought at ~2x the domestic cost per H100e)",
      "ecosystem (CUDA) premium for US chips when no domestic base is installed (1.25: worth a cost e^1.25 = 3.5 times lower)"},
     &P::cuda_lockin},
    {{"security_discount", 0.25, 0, 5, "log cost premium", "S15 (CAC 'backdoor' summons)",
      "perceived security risk of imported chips"}, &P::security_discount},
    {{"procurement_bias", 0.5, 0, 5, "log cost premium per notch", "D: L",
      "shift of the import/domestic choice per notch of the buyer's procurement stance"}, &P::procurement_bias},
    {{"fee_pass_through", 1.0, 0, 1, "",
      "Weyl & Fabinger 2013 (a monopolist facing constant-elasticity demand passes an ad-valorem tax on fully: p/(1-t))",
      "pass-through of the revenue share: buyers pay (1 - fee)^-pass_through times the list price"},
     &P::fee_pass_through},
    {{"fee_collection", 0.65, 0, 1, "", "1L realised collection probability 0.3-1.0; fee.realised.2025",
      "share of the licence fee actually collected"}, &P::fee_collection},

    // US and Global South
    {{"us_capex_2026", 533, 1, 5000, "$B/yr", "capex.us5.2026; 1L", "US-bloc hyperscaler capex in 2026"},
     &P::us_capex_2026},
    {{"us_capex_growth", 0.15, -0.5, 2, "1/yr", "D: L (capex.us4 +66% in 2025, +34% in 2026f, slowing)",
      "annual growth of US-bloc capex after 2026"}, &P::us_capex_growth},
    {{"us_accel_share", 0.45, 0, 1, "", "D: nvda.dc_rev (~$190B FY26) / capex.us4 ($416B)",
      "share of capex spent on accelerators"}, &P::us_accel_share},
    {{"gs_budget_2026", 30, 0, 1000, "$B/yr",
      "D: L (Gulf, Indian and South-East Asian AI data-centre plans; Gaps 6: no measured Global South series)",
      "Global South AI-accelerator budget in 2026"}, &P::gs_budget_2026},
    {{"gs_budget_growth", 0.2, -0.5, 2, "1/yr", "D: L (taken as China's budget growth)",
      "annual growth of that budget"}, &P::gs_budget_growth},
    {{"gs_trust_share", 0.3, 0, 1, "", "seed 001 (trust-premium vs cost-performance markets); D: L",
      "share of Global South demand in the trust-premium segment (US stack only)"}, &P::gs_trust_share},
    {{"gs_cn_financing", 0.15, 0, 2, "log cost premium",
      "D: no measured series (Gaps 6); seed 001 (Digital Silk Road: Chinese policy-bank loans bundled with Huawei data centres). A 5-year loan at a few points below market rates is worth ~10-20% of its principal",
      "cost advantage of the China stack to Global South buyers from state financing"}, &P::gs_cn_financing},
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
    {{"mineral_buildout_bite", 0.3, 0, 1, "share",
      "D: L (magnets for cooling and power, gallium for GaN power electronics, graphite; no measured series)",
      "share of US-bloc data-centre build-out lost when the whole 2026 dependence is cut off"},
     &P::mineral_buildout_bite},
    {{"mineral_buildout_convexity", 2.0, 1, 4, "",
      "Clayton, Maggiori & Schreger 2024 (a chokepoint's leverage is convex in its supply share); D",
      "exponent of the build-out loss in the shortfall"}, &P::mineral_buildout_convexity},
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
    // outcome classifier thresholds (docs/model.md §5 gives the reasons)
    {{"decoupling_x_chip_max", 0.05, 0, 1, "X_chip", "OUTCOMES 3.2 (Huang's '95% -> 0'; Bernstein ~8% for 2026 just above)",
      "full decoupling: China's imports of US-designed chips at most this share"}, &P::decoupling_x_chip_max},
    {{"decoupling_x_min_max", 0.2, 0, 1, "X_min", "OUTCOMES 3.2 (Sb -84 to -97%, Ga -70%: the worst observed regimes)",
      "full decoupling: cross-bloc mineral flow at most this"}, &P::decoupling_x_min_max},
    {{"decoupling_f_max", 0.15, 0, 1, "F", "OUTCOMES 3.2 (red_line.F 2024-25: 0.07-0.15)",
      "full decoupling: red line at most this"}, &P::decoupling_f_max},
    {{"decoupling_s_cn_min", 0.9, 0, 1, "S_CN", "OUTCOMES 3.2 (0.8 self-sufficiency rule; Clayton-Maggiori-Schreger)",
      "full decoupling: China's domestic share at least this"}, &P::decoupling_s_cn_min},
    {{"decoupling_mineral_self_min", 0.8, 0, 1, "share", "OUTCOMES 3.2 (Clayton-Maggiori-Schreger: leverage small beyond 80% internal supply)",
      "full decoupling: US-bloc mineral self-sufficiency at least this"}, &P::decoupling_mineral_self_min},
    {{"reintegration_f_min", 0.5, 0, 1, "F", "OUTCOMES 3.2 (better than H200-relative access: H200/B200 ~0.44)",
      "reintegration: red line at least this"}, &P::reintegration_f_min},
    {{"reintegration_x_chip_min", 0.6, 0, 1, "X_chip", "OUTCOMES 3.2 (2024 level, before the buy-side campaign; cn.domestic_share)",
      "reintegration: import share at least this"}, &P::reintegration_x_chip_min},
    {{"reintegration_x_min_min", 0.8, 0, 1, "X_min", "OUTCOMES 3.2 (near pre-2023 flows)",
      "reintegration: mineral flow at least this"}, &P::reintegration_x_min_min},
    {{"catch_up_cn_rent_min", 0.3, 0, 1, "share", "OUTCOMES 3.2 (China's rent share ~0.1 today: a tripling)",
      "catch-up: China-bloc share of value-chain gross profit at least this (or the gap clause)"}, &P::catch_up_cn_rent_min},
    {{"catch_up_gap_max", 0.5, 0, 20, "years", "OUTCOMES 3.2; gap.chip_years (1-3 years in 2025)",
      "catch-up: frontier gap at most this (or the rent clause)"}, &P::catch_up_gap_max},
    {{"catch_up_c_cn_min", 0.35, 0, 1, "C_CN", "OUTCOMES 3.2 (C_CN 0.05-0.15 today: a tripling); compute.share.owner",
      "catch-up: China's share of installed compute at least this"}, &P::catch_up_c_cn_min},
    {{"catch_up_g_us_max", 0.5, 0, 1, "G_US", "OUTCOMES 3.2 (a Global South majority on the China stack)",
      "catch-up: US-stack share of the Global South's new deployments below this"}, &P::catch_up_g_us_max},
    {{"unipolar_r_us_min", 0.85, 0, 1, "R_US", "OUTCOMES 3.2 (Nvidia ~90% of the market, 2023-24)",
      "unipolar: US-bloc rent share at least this"}, &P::unipolar_r_us_min},
    {{"unipolar_us_compute_min", 0.7, 0, 1, "share", "OUTCOMES 3.2 (Epoch: US ~75% of compute, 2023-24)",
      "unipolar: US-bloc share of installed compute at least this"}, &P::unipolar_us_compute_min},
    {{"unipolar_s_cn_max", 0.5, 0, 1, "S_CN", "OUTCOMES 3.2 (domestic share 10-37% in 2023-24)",
      "unipolar: China's domestic share below this"}, &P::unipolar_s_cn_max},
    {{"unipolar_g_us_min", 0.7, 0, 1, "G_US", "OUTCOMES 3.2",
      "unipolar: US-stack share of Global South deployments at least this"}, &P::unipolar_g_us_min},
    {{"symbiotic_r_us_min", 0.65, 0, 1, "R_US", "OUTCOMES 3.2 (the US keeps design and IP rents)",
      "symbiotic: US-bloc rent share at least this"}, &P::symbiotic_r_us_min},
    {{"symbiotic_le_us_min", 0.8, 0, 1, "share", "OUTCOMES 3.2 (leading-edge logic capacity)",
      "symbiotic: US-bloc share of leading-edge logic at least this"}, &P::symbiotic_le_us_min},
    {{"symbiotic_s_cn_min", 0.5, 0, 1, "S_CN", "OUTCOMES 3.2 (China deploys mostly its own silicon)",
      "symbiotic: China's domestic share at least this"}, &P::symbiotic_s_cn_min},
    {{"symbiotic_x_chip_min", 0.05, 0, 1, "X_chip", "OUTCOMES 3.2 (the two ecosystems still trade)",
      "symbiotic: import share above this"}, &P::symbiotic_x_chip_min},
    {{"symbiotic_x_chip_max", 0.6, 0, 1, "X_chip", "OUTCOMES 3.2 (below the 2024 level)",
      "symbiotic: import share below this"}, &P::symbiotic_x_chip_max},
    {{"symbiotic_x_min_min", 0.3, 0, 1, "X_min", "OUTCOMES 3.2 (post-Busan: licences granted, bans suspended)",
      "symbiotic: mineral flow at least this"}, &P::symbiotic_x_min_min},
    {{"symbiotic_c_cn_min", 0.2, 0, 1, "C_CN", "OUTCOMES 3.2 (China grows into the builder role from 0.05-0.15)",
      "symbiotic: China's compute share at least this (or the power clause)"}, &P::symbiotic_c_cn_min},
    {{"symbiotic_p_cn_min", 0.3, 0, 1, "P_CN", "OUTCOMES 3.2",
      "symbiotic: China's share of new data-centre power at least this (or the compute clause)"}, &P::symbiotic_p_cn_min},
    {{"symbiotic_g_us_min", 0.25, 0, 1, "G_US", "OUTCOMES 3.2 (two Global South markets: trust premium vs cost-performance)",
      "symbiotic: US-stack share of Global South deployments at least this"}, &P::symbiotic_g_us_min},
    {{"symbiotic_g_us_max", 0.75, 0, 1, "G_US", "OUTCOMES 3.2",
      "symbiotic: ... and at most this"}, &P::symbiotic_g_us_max},
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
    {{"export_elasticity_cn", 1000, 0.1, 1000, "",
      "Fajgelbaum, Goldberg, Kennedy & Khandelwal 2020 and Amiti, Redding & Weinstein 2019: complete pass-through of the 2018 US tariffs (MODELS.md V4)",
      "elasticity of Chinese export supply to the US (the US's optimal tariff is its inverse)"}, &P::export_elasticity_cn},
};

// China's other instruments (games/registry.cc, docs/model.md §1 and §3.3). The buy-side
// shares add to license_fee's block; the purchase shifts scale the trade
// block's Chinese imports from the US.
const std::vector<ModelParamField> kCountermeasures = {
    {{"probe_block", 0.05, 0, 1, "",
      "TIMELINE rows 24-25 (the CAC review of Micron ended with critical-infrastructure operators "
      "told to stop buying; China ~11% of Micron's revenue); S15 (the 2025 CAC summons of Nvidia "
      "preceded purchase guidance); D: L",
      "share of China's demand for US chips barred while a regulatory probe runs"},
     &P::probe_block},
    {{"listing_block", 0.02, 0, 1, "",
      "TIMELINE row 9 (the Unreliable Entity List, May 2019, first used on US defence firms); "
      "D: L (listings have not yet named a chip designer)",
      "share of China's demand for US chips barred while US firms are on the list"},
     &P::listing_block},
    {{"pledge_share", 0.3, 0, 5, "",
      "phase1.purchases (+$200B over 2020-21 on a 2017 base of ~$186B, about 58% met, "
      "recalled: L); D: 0.58 x 100/186 ~ 0.3 a year",
      "rise of China's imports from the US under a purchase pledge"},
     &P::pledge_share},
    {{"halt_share", 0.15, 0, 1, "",
      "TIMELINE row 11 (US farm purchases halted, Aug 2019); US farm exports to China ~$20B of "
      "~$130B in 2017 (recalled: L)",
      "fall of China's imports from the US when state purchases halt"},
     &P::halt_share},
};

// Deals (games/registry.cc "negotiation", docs/model.md §1 and §3.3).
const std::vector<ModelParamField> kNegotiation = {
    {{"deal_reach", 1, 0, 8, "quarters",
      "TIMELINE rows 7 (Buenos Aires froze the tariffs in force: 0) and 12 (Phase One cut List "
      "4A, imposed a quarter earlier: 1-2); D: L",
      "a deal suspends the measures of its own quarter and of the deal_reach quarters before "
      "it (0: a freeze of the measures in force)", true},
     &P::deal_reach},
};

const std::vector<ModelParamField> kNone = {};

}  // namespace

const std::vector<ModelParamField>& WorldParamFields() { return kWorld; }

ModelParams DefaultModelParams() {
  ModelParams p{};
  for (const auto& f : kWorld) p.*f.field = f.spec.default_value;
  // Every game of the registry, as Scenario::DrawParams reads them, so a new
  // game's table needs no second list here.
  for (const std::string& game : StageGameNames()) {
    for (const auto& f : GameParamFields(game)) p.*f.field = f.spec.default_value;
  }
  return p;
}

const std::vector<ModelParamField>& GameParamFields(const std::string& game) {
  if (game == "export_control") return kExportControl;
  if (game == "license_fee") return kLicenseFee;
  if (game == "mineral_retaliation") return kMineral;
  if (game == "substitution_rnd") return kSubstitution;
  if (game == "lobbying") return kLobbying;
  if (game == "procurement") return kNone;
  if (game == "tariffs") return kTariffs;
  if (game == "countermeasures") return kCountermeasures;
  if (game == "negotiation") return kNegotiation;
  throw InternalError("no parameter table for game " + game);
}

std::vector<ParamSpec> SpecsOf(const std::vector<ModelParamField>& fields) {
  std::vector<ParamSpec> specs;
  for (const auto& f : fields) specs.push_back(f.spec);
  return specs;
}

}  // namespace geostrat
