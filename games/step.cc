// The quarter step. Each block below is one item of MODEL.md's "One quarter, in
// order"; docs/model.md writes out every equation with its source.
#include "games/step.h"

#include <algorithm>
#include <cmath>

#include "games/classifier.h"
#include "games/tariffs.h"

namespace geostrat {
namespace {

constexpr double kHoursPerQuarter = 8766.0 / 4.0;
constexpr double kLn2 = 0.6931471805599453;

double Logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Board power of a card delivering `perf` H100e: energy per unit of compute
// falls with performance (elasticity energy_perf_elasticity).
double CardKw(const ModelParams& p, double perf) {
  return p.h100_kw * std::pow(perf, 1.0 - p.energy_perf_elasticity);
}

// Lifetime energy cost of a card in $k: kW x PUE x hours x life x price.
double LifetimeEnergyK(const ModelParams& p, double kw, double cents_per_kwh) {
  return kw * p.pue * kHoursPerQuarter * p.chip_life_quarters * cents_per_kwh / 1e5;
}

// The action of each slot this quarter (status quo for games not played).
struct Levels {
  int v[kNumSlots];
  int operator[](Slot s) const { return v[s]; }
};

Levels ReadLevels(const Scenario& s, const int* actions) {
  Levels l{};
  for (int slot = 0; slot < kNumSlots; ++slot) {
    const int seat = s.slot_seat[slot];
    l.v[slot] = seat >= 0 ? actions[seat] : s.status_quo[slot];
  }
  return l;
}

double ExportFrontier(const ModelParams& p, int level) {
  switch (level) {
    case action::kOpen: return 1.0;
    case action::kLicense: return p.f_license;
    case action::kTight: return p.f_tight;
    default: return 0.0;
  }
}

double FeeRate(const ModelParams& p, int export_level, int fee_level) {
  // No fee when exports are open (MODEL.md: open = F 1, tau 0) or banned.
  if (export_level != action::kLicense && export_level != action::kTight) return 0.0;
  const double fees[] = {0.0, p.fee_low, p.fee_mid, p.fee_high};
  return fees[fee_level];
}

double BlockShare(const ModelParams& p, int stance) {
  const double b[] = {0.0, p.block_guide, p.block_prohibit};
  return b[stance];
}

double AlphaOf(const ModelParams& p, int align) {
  return align == action::kAlign ? p.alpha_align : p.alpha_hedge;
}

// The policy state in force under the quarter's levels (F, fee, buy-side
// block, mineral control, alignment).
void ApplyPolicyLevels(const ModelParams& p, const Levels& l, World& w) {
  w.export_level = l[kRestrictor];
  w.fee_level = l[kFeeSeller];
  w.mineral_level = l[kMineralController];
  w.stance_level = l[kFeeBuyer];
  w.f = ExportFrontier(p, w.export_level);
  w.tau = FeeRate(p, w.export_level, w.fee_level);
  // Regulatory probes and entity listings bar state-linked buyers on top of
  // the buy-side stance (countermeasures game).
  w.block = std::min(1.0, BlockShare(p, w.stance_level) +
                              (l[kRegulator] == action::kProbe ? p.probe_block : 0.0) +
                              (l[kListing] == action::kList ? p.listing_block : 0.0));
  w.purchase_level = l[kPurchases];
  w.alpha = AlphaOf(p, l[kAligner]);
  w.tariff_us = TariffRates()[l[kUsTariff]];
  w.tariff_cn = TariffRates()[l[kCnTariff]];
}

// The measures a deal holds down (negotiation game): each side's
// countermeasures, not its industrial policy or market choices. China's
// buy-side guidance stays out: it is procurement policy as much as a
// countermeasure, and no deal of 2018-2025 touched it.
constexpr Slot kDealCovered[] = {kUsTariff, kRestrictor, kCnTariff, kMineralController,
                                 kRegulator, kListing};

int TermQuarters(int offer) { return offer == action::kDealYear ? 4 : 1; }

// 2b. Negotiation. A deal forms when both sides offer in a quarter with none
// in force, for the shorter term offered; each covered measure is capped at
// its lowest level over the deal's quarter and the deal_reach quarters before
// (the books: actions as played, this quarter's included), so the latest
// round is suspended and nothing covered may rise. A deal that ended last
// quarter is renewed on the same caps if both offer again; otherwise it
// lapses and the measures on the books apply again. While a deal holds,
// China's state purchases are pledged.
void ResolveDeal(const Scenario& s, const ModelParams& p, World& w, Levels& l, Flows& fl) {
  if (s.slot_seat[kUsNegotiator] < 0) return;
  const int us = l[kUsNegotiator], cn = l[kCnNegotiator];
  if (w.deal_left == 0 && us != action::kNoDeal && cn != action::kNoDeal) {
    if (!w.deal_renewable) {
      const int q = w.quarter;
      const int reach = static_cast<int>(p.deal_reach);
      w.deal_cap.fill(World::kNoCap);
      for (Slot slot : kDealCovered) {
        const int seat = s.slot_seat[slot];
        int cap = l[slot];
        for (int t = std::max(0, q - reach); t <= q && seat >= 0; ++t) {
          cap = std::min(cap, w.ActionAt(t, seat));
        }
        if (q - reach < 0) cap = std::min(cap, s.status_quo[slot]);
        w.deal_cap[slot] = cap;
      }
    }
    w.deal_left = TermQuarters(std::max(us, cn));
  }
  w.deal_renewable = 0;
  if (w.deal_left == 0) return;
  for (Slot slot : kDealCovered) l.v[slot] = std::min(l.v[slot], w.deal_cap[slot]);
  l.v[kPurchases] = action::kPledge;
  fl.deal = 1;
  if (--w.deal_left == 0) w.deal_renewable = 1;
}

// The trade war (games/tariffs.h): one partial-equilibrium flow per direction.
// A side's welfare change is its importer gain on its imports plus its
// exporters' loss on the other side's tariff. Only when the game is played:
// the chip model's other blocks never read these flows.
//
// China's state purchases (countermeasures game) scale its import demand for
// US goods: a pledge adds pledge_share, a halt removes halt_share. Managed
// purchases move surplus, they do not create it: US exporters gain the producer
// surplus of the extra volume at the tariff-ridden price, and China pays the
// same amount (it buys what it would otherwise have bought elsewhere, cheaper).
void ResolveTrade(const ModelParams& p, const World& w, Flows& flows) {
  const double shift = w.purchase_level == action::kPledge ? p.pledge_share
                       : w.purchase_level == action::kHalt ? -p.halt_share
                                                            : 0.0;
  const TariffOutcome into_us = ResolveTariff(
      {p.us_imports_from_cn, p.import_elasticity_us, p.export_elasticity_cn}, w.tariff_us);
  const TariffOutcome into_cn = ResolveTariff(
      {p.cn_imports_from_us, p.import_elasticity_cn, p.export_elasticity_us}, w.tariff_cn);
  // Producer surplus at the world price p*: V p*^(1+eta) / (1 + eta), with
  // V p*^eta the quantity traded.
  const double managed =
      shift * into_cn.quantity * into_cn.world_price / (1.0 + p.export_elasticity_us);
  flows.trade_us_from_cn = into_us.quantity / 4.0;
  flows.trade_cn_from_us = into_cn.quantity / 4.0;
  flows.tariff_revenue_us = into_us.revenue / 4.0;
  flows.tariff_revenue_cn = into_cn.revenue / 4.0;
  flows.trade_cn_from_us *= 1.0 + shift;
  flows.tariff_welfare_us = (into_us.importer_gain + into_cn.exporter_gain + managed) / 4.0;
  flows.tariff_welfare_cn = (into_cn.importer_gain + into_us.exporter_gain - managed) / 4.0;
}

// The best TPP China's designers can reach on their current process node with
// the memory and tools they can get: the 2026 node's headroom over the 2026
// chip, node_gain per node since, ceiling_growth a year from packaging and
// number formats on any node, more if allies hedge (HBM and tools flow).
double DomesticCeiling(const ModelParams& p, const World& w) {
  return p.cn_perf_vs_h100 * p.h100_tpp * p.cn_node_headroom * std::pow(p.node_gain, w.node) *
         std::pow(1.0 + p.ceiling_growth, w.quarter / 4.0) *
         (1.0 + p.hedge_ceiling_gain * std::max(0.0, p.alpha_align - w.alpha));
}

// Price of the US frontier card ($k): list prices rise with performance as
// the licensed chips' do (price_perf_elasticity), so a dollar buys more
// compute every year but not more cards.
double FrontierPrice(const ModelParams& p, const World& w) {
  return p.us_frontier_price * std::pow(w.a_us / p.us_frontier_tpp, p.price_perf_elasticity);
}

// The TPP of the licensed chip: the red line, kept a margin below it by a
// margin SKU. A margin matters only while there is a line: it fades over the
// last tenth of F, so that F -> 1 meets open trade without a jump.
double LicensedTpp(const ModelParams& p, double f, double a_us, bool margin_sku) {
  if (!margin_sku) return f * a_us;
  const double fade = std::clamp((f - 0.9) / 0.1, 0.0, 1.0);
  return f * a_us * (p.margin_perf + (1.0 - p.margin_perf) * fade);
}

// US-bloc build-out lost to last quarter's mineral shortfall beyond the
// standing licensing regime, after the stockpile (Clayton-Maggiori-Schreger:
// the loss is convex in the share cut off), as a share of the build-out.
double MineralBuildoutLoss(const ModelParams& p, const World& w) {
  const double dependence0 = std::max(p.mineral_dependence_2026, 1e-9);
  const double cut = std::clamp(w.mineral_excess / dependence0, 0.0, 1.0);
  return p.mineral_buildout_bite * std::pow(cut, p.mineral_buildout_convexity);
}

// Global South orders for the Chinese stack this quarter (M cards): a
// trust-premium segment buys the US stack only; the cost-performance segment
// chooses between the stacks by cost per H100e, lock-in, its stance and the
// financing that comes with the China stack.
double GlobalSouthWantsChina(const ModelParams& p, const World& w, int gs_stance) {
  const double perf_dom = w.a_cn / p.h100_tpp;
  const double perf_frontier = w.a_us / p.h100_tpp;
  const double kw_dom = CardKw(p, perf_dom) * p.energy_ratio_cn;
  const double gs_cost_us =
      (FrontierPrice(p, w) + LifetimeEnergyK(p, CardKw(p, perf_frontier), p.power_gs)) / perf_frontier;
  const double gs_cost_cn = (w.cn_price + LifetimeEnergyK(p, kw_dom, p.power_gs)) / perf_dom;
  const double gs_installed = w.compute_gs_us + w.compute_gs_cn;
  const double gs_cn_base = gs_installed > 0 ? w.compute_gs_cn / gs_installed : 0.0;
  // State financing of the China stack (policy-bank loans bundled with
  // Digital Silk Road projects) lowers its cost to the buyer by a log premium.
  const double gs_gap = p.choice_sensitivity * (p.cuda_lockin * (1.0 - gs_cn_base) +
                                                p.procurement_bias * (1 - gs_stance) -
                                                std::log(gs_cost_us / gs_cost_cn) - p.gs_cn_financing);
  return w.gs_budget / 4.0 * (1.0 - p.gs_trust_share) * (1.0 - Logistic(gs_gap)) / w.cn_price;
}

}  // namespace

ChinaMarketInput ChinaMarketOf(const ModelParams& p, const World& w, int sku_level, int buyer_stance,
                               double domestic_cap) {
  ChinaMarketInput in;
  in.budget = w.cn_budget / 4.0 + w.backlog;
  in.block = w.block;
  in.sigma = p.choice_sensitivity;

  const double perf_frontier = w.a_us / p.h100_tpp;
  const double perf_dom = w.a_cn / p.h100_tpp;
  const double kw_frontier = CardKw(p, perf_frontier);
  const double frontier_price = FrontierPrice(p, w);
  // A buyer's yardstick: the frontier card's cost per H100e where power is
  // not subsidised (US prices). Waiting beats paying defer_markup times that.
  const double frontier_cost =
      (frontier_price + LifetimeEnergyK(p, kw_frontier, p.power_us)) / perf_frontier;
  in.defer_cost = p.defer_markup * frontier_cost;

  // CUDA lock-in fades as the domestic installed base grows.
  const double cn_installed = w.compute_cn_dom + w.compute_cn_imp;
  const double domestic_base = cn_installed > 0 ? w.compute_cn_dom / cn_installed : 0.0;
  const double lockin = p.cuda_lockin * (1.0 - domestic_base);

  // Licensed imports at the red line. The buyer pays the list price grossed
  // up by the revenue share's pass-through; the allocation is a share of US
  // output at any F, so open trade (F = 1) is the limit of a rising line.
  ChinaOptionSpec& imp = in.option[kImportOption];
  const double theta = LicensedTpp(p, w.f, w.a_us, sku_level == action::kMargin);
  imp.perf = theta / p.h100_tpp;
  const double tau_eff = std::min(w.tau * p.fee_collection, 0.99);
  imp.price = p.h200_price * std::pow(theta / p.h200_tpp, p.price_perf_elasticity) *
              std::pow(1.0 - tau_eff, -p.fee_pass_through);
  imp.energy = imp.perf > 0 ? LifetimeEnergyK(p, CardKw(p, imp.perf), p.power_cn * p.power_cn_import_markup) : 0.0;
  imp.pref = lockin - p.security_discount + p.procurement_bias * (1 - buyer_stance);
  imp.cap = p.export_alloc_share * w.us_capex * p.us_accel_share / frontier_price / 4.0;
  imp.us_chip = true;

  ChinaOptionSpec& dom = in.option[kDomesticOption];
  dom.perf = perf_dom;
  dom.price = w.cn_price;
  dom.energy = LifetimeEnergyK(p, CardKw(p, perf_dom) * p.energy_ratio_cn, p.power_cn);
  dom.pref = 0.0;
  dom.cap = domestic_cap;

  // Smuggled frontier cards: always on offer, in small numbers, at a markup.
  ChinaOptionSpec& grey = in.option[kGreyOption];
  grey.perf = perf_frontier;
  grey.price = frontier_price * p.grey_markup;
  grey.energy = LifetimeEnergyK(p, kw_frontier, p.power_cn * p.power_cn_import_markup);
  grey.pref = lockin - p.security_discount - p.grey_penalty;
  grey.cap = p.grey_cap / 4.0;
  grey.us_chip = true;

  // Renting frontier compute abroad: priced per frontier-card equivalent over
  // its life, energy included.
  ChinaOptionSpec& off = in.option[kOffshoreOption];
  off.perf = perf_frontier;
  off.price = p.offshore_markup * frontier_cost * perf_frontier;
  off.energy = 0.0;
  off.pref = lockin - p.offshore_penalty;
  off.us_chip = true;
  return in;
}

double DomesticCapForChina(const ModelParams& p, const World& w, int gs_stance) {
  const double supply = w.capacity_gross * w.yield / 4.0;
  return supply - std::min(GlobalSouthWantsChina(p, w, gs_stance) * p.cn_export_priority, supply);
}

FeeCurve LicenceFeeCurve(const ModelParams& p, const World& world, int sku_level, int buyer_stance,
                         int gs_stance) {
  const double cap = DomesticCapForChina(p, world, gs_stance);
  World w = world;
  auto at = [&](double fee) {
    w.tau = fee;
    const ChinaMarketOutcome m = ClearChinaMarket(ChinaMarketOf(p, w, sku_level, buyer_stance, cap));
    FeePoint point;
    point.fee = fee;
    point.import_cards = m.cards[kImportOption];
    const double budget = w.cn_budget / 4.0 + w.backlog;
    point.import_share = budget > 0 ? m.spend[kImportOption] / budget : 0.0;
    point.fees = std::min(fee * p.fee_collection, 0.99) * m.spend[kImportOption];
    point.utility_gap = m.utility[kImportOption] - m.utility[kDomesticOption];
    return point;
  };
  FeeCurve curve;
  for (int i = 0; i <= 100; ++i) curve.points.push_back(at(i / 100.0));
  // Walk-away: the gap falls with the fee (a dearer import, and a cheaper
  // domestic card as buyers leave it), so bisect on its sign change.
  if (curve.points.front().utility_gap <= 0) {
    curve.walk_away_fee = 0;
  } else if (curve.points.back().utility_gap > 0) {
    curve.walk_away_fee = INFINITY;
  } else {
    double lo = 0, hi = 1;
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (lo + hi);
      (at(mid).utility_gap > 0 ? lo : hi) = mid;
    }
    curve.walk_away_fee = 0.5 * (lo + hi);
  }
  // Revenue maximum: the best grid point, refined by golden-section search
  // between its neighbours.
  size_t best = 0;
  for (size_t i = 1; i < curve.points.size(); ++i) {
    if (curve.points[i].fees > curve.points[best].fees) best = i;
  }
  double lo = curve.points[best == 0 ? 0 : best - 1].fee;
  double hi = curve.points[std::min(best + 1, curve.points.size() - 1)].fee;
  const double golden = 0.6180339887498949;
  for (int i = 0; i < 60; ++i) {
    const double a = hi - golden * (hi - lo), b = lo + golden * (hi - lo);
    if (at(a).fees >= at(b).fees) {
      hi = b;
    } else {
      lo = a;
    }
  }
  curve.revenue_max_fee = 0.5 * (lo + hi);
  curve.revenue_max = at(curve.revenue_max_fee).fees;
  return curve;
}

namespace {

// Market clearing for China and the Global South, and US deployments.
// Fills the card flows, prices and the new power draw of `flows`.
void ClearMarkets(const ModelParams& p, const World& w, const Levels& l, Flows& flows) {
  const double perf_dom = w.a_cn / p.h100_tpp;
  const double perf_frontier = w.a_us / p.h100_tpp;
  const double kw_dom = CardKw(p, perf_dom) * p.energy_ratio_cn;
  const double kw_frontier = CardKw(p, perf_frontier);
  const double domestic_supply = w.capacity_gross * w.yield / 4.0;
  const double frontier_price = FrontierPrice(p, w);
  const double kw_imp = CardKw(p, LicensedTpp(p, w.f, w.a_us, l[kSkuDesigner] == action::kMargin) / p.h100_tpp);

  const double want_cn = GlobalSouthWantsChina(p, w, l[kGsBuyer]);
  // A share of Global South orders is served first (strategic exports, as
  // Huawei's 2025 Ascend deals abroad despite the shortage at home); China's
  // buyers then bid for the rest of domestic output, and the Global South's
  // other orders take what they leave.
  const double gs_first = std::min(want_cn * p.cn_export_priority, domestic_supply);

  const ChinaMarketOutcome m =
      ClearChinaMarket(ChinaMarketOf(p, w, l[kSkuDesigner], l[kCnBuyer], domestic_supply - gs_first));
  double scale = 1.0;  // China's power cap, applied to every source alike
  {
    const double need = p.pue * (m.cards[kImportOption] * kw_imp + m.cards[kDomesticOption] * kw_dom +
                                 m.cards[kGreyOption] * kw_frontier);
    const double room = w.cn_power_build / 4.0;
    if (need > room) scale = room / need;
    flows.cn_power_cut = 1.0 - scale;
  }
  const double imports = m.cards[kImportOption] * scale;
  const double domestic = m.cards[kDomesticOption] * scale;
  const double grey = m.cards[kGreyOption] * scale;
  const double spend_imp = m.spend[kImportOption] * scale;
  const double spend_grey = m.spend[kGreyOption] * scale;
  const double spend_dom = m.spend[kDomesticOption] * scale;
  const double gs_cn = gs_first + std::min(want_cn - gs_first, std::max(0.0, domestic_supply - gs_first - domestic));

  flows.cn_budget = w.cn_budget / 4.0 + w.backlog;
  flows.imports = imports + grey;  // every US card deployed in China
  flows.grey = grey;
  flows.domestic = domestic;
  flows.offshore = m.cards[kOffshoreOption];
  flows.offshore_spend = m.spend[kOffshoreOption];
  flows.cn_spend = spend_imp + spend_grey + spend_dom + flows.offshore_spend;
  flows.deferred = std::max(0.0, flows.cn_budget - flows.cn_spend);
  flows.unmet = flows.deferred / w.cn_price;
  flows.import_price = flows.imports > 0 ? (spend_imp + spend_grey) / flows.imports : m.price[kImportOption];
  flows.domestic_price = m.price[kDomesticOption];
  // The Global South spends its whole budget: what it cannot buy from China
  // buys the US stack.
  flows.gs_cn = gs_cn;
  flows.gs_us = std::max(0.0, w.gs_budget / 4.0 - gs_cn * w.cn_price) / frontier_price;
  flows.gs_demand = flows.gs_us + flows.gs_cn;
  flows.gs_us_spend = flows.gs_us * frontier_price;
  flows.gs_cn_spend = flows.gs_cn * w.cn_price;

  // US deployments: capex at the frontier price, less what mineral
  // shortages cost the build-out, within the power that can be connected.
  // A shortage slows every part of the build-out, power equipment included
  // (magnets in turbines and cooling, gallium in power electronics).
  flows.us_mineral_loss = MineralBuildoutLoss(p, w);
  const double wanted_us = w.us_capex * p.us_accel_share / frontier_price / 4.0;
  const double us_room = w.us_power_build / 4.0 / (p.pue * kw_frontier);
  flows.us_power_cut = wanted_us > us_room ? 1.0 - us_room / wanted_us : 0.0;
  flows.us_cards = std::min(wanted_us, us_room) * (1.0 - flows.us_mineral_loss);

  // Money: M cards x $k = $B. The licence fee is the revenue share of
  // licensed sales actually collected; grey-market cards pay none, and their
  // markup goes to intermediaries (US makers book the list price).
  const double tau_eff = std::min(w.tau * p.fee_collection, 0.99);
  flows.us_china_rev = spend_imp + grey * frontier_price;
  flows.fees = tau_eff * spend_imp;
  flows.us_rev = (flows.us_cards + flows.gs_us) * frontier_price + flows.us_china_rev +
                 flows.offshore_spend / p.offshore_markup;
  flows.cn_rev = spend_dom + flows.gs_cn * flows.domestic_price;
  flows.us_gp = p.us_margin * flows.us_rev;
  // Domestic makers keep their margin on the cost-based price and every
  // scarcity rent above it.
  const double rent = flows.cn_rev - (domestic + gs_cn) * w.cn_price;
  flows.cn_gp = p.cn_margin * (flows.cn_rev - rent) + rent;
  flows.allied_gp = p.allied_foundry_take * flows.us_rev +
                    p.allied_sme_china_gp * (1.0 - p.align_sme_loss * w.alpha);

  // New data-centre power, GW (M cards x kW).
  flows.new_power_cn = (imports * kw_imp + grey * kw_frontier + domestic * kw_dom) * p.pue;
  flows.new_power_total = flows.new_power_cn +
                          ((flows.us_cards + flows.gs_us) * kw_frontier + flows.gs_cn * kw_dom) * p.pue;
}

Indicators Measure(const ModelParams& p, const World& w) {
  Indicators ind;
  const Flows& fl = w.flows;
  const double deployed = fl.imports + fl.domestic;
  ind.f = w.f;
  ind.x_chip = deployed > 0 ? fl.imports / deployed : 0.0;
  ind.s_cn = deployed > 0 ? fl.domestic / deployed : 0.0;
  ind.x_min = w.x_min;
  const double us_bloc_gp = fl.us_gp + fl.allied_gp;
  ind.r_us = us_bloc_gp + fl.cn_gp > 0 ? us_bloc_gp / (us_bloc_gp + fl.cn_gp) : 1.0;
  const double cn = w.compute_cn_dom + w.compute_cn_imp;
  const double total = w.compute_us + cn + w.compute_gs_us + w.compute_gs_cn;
  ind.c_cn = total > 0 ? cn / total : 0.0;
  ind.us_compute_share = total > 0 ? w.compute_us / total : 0.0;
  ind.p_cn = fl.new_power_total > 0 ? fl.new_power_cn / fl.new_power_total : 0.0;
  const double gs_spend = fl.gs_us_spend + fl.gs_cn_spend;
  ind.g_us = gs_spend > 0 ? fl.gs_us_spend / gs_spend : 1.0;
  // Years since the US first shipped China's current best chip, at the
  // nominal frontier doubling time.
  ind.gap = std::max(0.0, std::log2(w.a_us / w.a_cn) * p.us_doubling_quarters / 4.0);
  ind.le_us = 1.0 - w.le_cn;
  ind.mineral_self = w.nonchina_share;
  ind.mineral_ban = w.mineral_level == action::kMineralBan ? 1.0 : 0.0;
  ind.buy_ban = w.stance_level == action::kProhibit ? 1.0 : 0.0;
  ind.export_ban = w.export_level == action::kBan ? 1.0 : 0.0;
  return ind;
}

// Quarterly utility of every agent ($B-equivalents), see agents/registry.cc.
void Utilities(const Scenario& s, const ModelParams& p, const std::vector<AgentWeights>& weights,
               const World& w, std::vector<double>& out) {
  thread_local std::vector<UtilityTerms> terms;
  UtilityTermsOf(s, p, weights, w, terms);
  for (size_t a = 0; a < s.agents.size(); ++a) {
    double u = terms[a].base;
    for (int k = 0; k < kNumWeightTerms; ++k) u += WeightOf(weights[a], k) * terms[a].x[k];
    out[a] = u;
  }
}

void RecordQuarter(const Scenario& s, const ModelParams& p, const std::vector<AgentWeights>& weights,
                   World& w) {
  w.now = Measure(p, w);
  w.history.push_back(w.now);
  Utilities(s, p, weights, w, w.last_utility);
  for (const Seat& seat : s.seats) w.seat_payoffs.push_back(w.last_utility[seat.agent]);
  const double discount = std::pow(s.discount, w.quarter);
  for (size_t a = 0; a < w.utility.size(); ++a) w.utility[a] += discount * w.last_utility[a];
  const WindowVerdict verdict = ClassifyAt(w.history, w.quarter, p);
  w.class_history.push_back(static_cast<int8_t>(verdict.first));
  for (int c = 0; c < kNumClasses - 1; ++c) {
    if ((verdict.mask >> c & 1u) && w.first_met[c] < 0) w.first_met[c] = w.quarter;
  }
}

}  // namespace

// The agents' utility terms (docs/model.md §4). A government's strategic
// terms (shares of compute, self-sufficiency, dependence, softness, alignment,
// balance) are scaled by the AI market's size against the start, so that they
// keep their weight against profits as the market grows: a point of compute
// share is worth as much, relative to the industry's profit, in 2035 as in
// 2026. Unmet demand is counted in cards and grows with the market already.
void UtilityTermsOf(const Scenario& s, const ModelParams& p, const std::vector<AgentWeights>& weights,
                    const World& w, std::vector<UtilityTerms>& out) {
  const Flows& fl = w.flows;
  const double frontier_price = FrontierPrice(p, w);
  const Indicators& ind = w.now;
  const double mineral_cost_us = fl.mineral_cost * p.mineral_cost_us_share;
  const double mineral_cost_allied = fl.mineral_cost - mineral_cost_us;
  const double cn_compute = w.compute_cn_dom + w.compute_cn_imp;
  const double gs_compute = w.compute_gs_us + w.compute_gs_cn;
  const double total = w.compute_us + cn_compute + gs_compute;
  const double gs_share = total > 0 ? gs_compute / total : 0.0;
  const double m = MarketScale(p, w);
  out.assign(s.agents.size(), UtilityTerms{});
  for (size_t a = 0; a < s.agents.size(); ++a) {
    const AgentSpec& agent = s.agents[a];
    const AgentWeights& k = weights[a];
    UtilityTerms& t = out[a];
    switch (agent.kind) {
      case AgentKind::kCountry:
        switch (agent.bloc) {
          case Bloc::kUs:
            t.base = fl.fees - mineral_cost_us - fl.offtake_spend - fl.stockpile_spend +
                     fl.tariff_welfare_us;
            t.x[kTermIndustry] = fl.us_gp - fl.fees - fl.writeoff;
            t.x[kTermCompute] = m * ind.us_compute_share;
            t.x[kTermRivalCompute] = -m * ind.c_cn;
            t.x[kTermSelfSufficiency] = m * ind.mineral_self;
            t.x[kTermDependence] = m * ind.x_chip;
            t.x[kTermPolitical] = -m * w.salience * ind.f;
            break;
          case Bloc::kAllied:
            t.base = -mineral_cost_allied;
            t.x[kTermIndustry] = fl.allied_gp;
            t.x[kTermCompute] = m * ind.us_compute_share;
            t.x[kTermRivalCompute] = -m * ind.c_cn;
            t.x[kTermSelfSufficiency] = m * ind.mineral_self;
            t.x[kTermAlliance] = m * w.alpha;
            break;
          case Bloc::kChina:
            t.base = fl.mineral_export_rev - fl.rd_spend + fl.tariff_welfare_cn;
            t.x[kTermIndustry] = fl.cn_gp;
            t.x[kTermCompute] = m * ind.c_cn;
            t.x[kTermRivalCompute] = -m * ind.us_compute_share;
            t.x[kTermSelfSufficiency] = m * ind.s_cn;
            t.x[kTermDependence] = m * (1.0 - ind.g_us);
            t.x[kTermShortfall] = -fl.unmet * 4.0;
            break;
          case Bloc::kGlobalSouth:
            t.x[kTermCompute] = m * gs_share;
            t.x[kTermHedge] = m * 4.0 * ind.g_us * (1.0 - ind.g_us);
            break;
        }
        break;
      case AgentKind::kChipmaker:
        if (agent.bloc == Bloc::kChina) {
          t.base = k.share * (fl.cn_gp - fl.capacity_spend);
        } else {
          t.base = k.share * (fl.us_gp - fl.fees - fl.writeoff - fl.lobby_spend);
        }
        break;
      case AgentKind::kHyperscaler:
        switch (agent.bloc) {
          case Bloc::kChina:
            t.base = k.share * (k.compute_value * cn_compute -
                                (fl.imports * fl.import_price + fl.domestic * fl.domestic_price));
            break;
          case Bloc::kGlobalSouth:
            t.base = k.share * (k.compute_value * gs_compute -
                                (fl.gs_us * frontier_price + fl.gs_cn * fl.domestic_price));
            break;
          default:
            t.base = k.share * (k.compute_value * w.compute_us - fl.us_cards * frontier_price);
            break;
        }
        break;
    }
  }
}

const std::array<const char*, kNumWeightTerms>& WeightTermNames() {
  static const std::array<const char*, kNumWeightTerms> names = {
      "w_industry", "w_compute",  "w_rival_compute", "w_self_sufficiency", "w_dependence",
      "w_political", "w_alliance", "w_hedge",         "w_shortfall"};
  return names;
}

double WeightOf(const AgentWeights& w, int term) {
  switch (term) {
    case kTermIndustry: return w.w_industry;
    case kTermCompute: return w.w_compute;
    case kTermRivalCompute: return w.w_rival_compute;
    case kTermSelfSufficiency: return w.w_self_sufficiency;
    case kTermDependence: return w.w_dependence;
    case kTermPolitical: return w.w_political;
    case kTermAlliance: return w.w_alliance;
    case kTermHedge: return w.w_hedge;
    case kTermShortfall: return w.w_shortfall;
    default: return 0.0;
  }
}

double MarketScale(const ModelParams& p, const World& w) {
  const double start = p.us_capex_2026 + p.cn_budget_2026 + p.gs_budget_2026;
  return start > 0 ? (w.us_capex + w.cn_budget + w.gs_budget) / start : 1.0;
}

World InitialWorld(const Scenario& s, const ModelParams& p) {
  World w;
  w.num_seats = static_cast<int>(s.seats.size());
  w.a_us = p.us_frontier_tpp;
  w.a_cn = p.cn_perf_vs_h100 * p.h100_tpp;
  w.rd_stock_ref = p.rd_mid / std::max(p.rd_depreciation, 1e-9);
  w.rd_stock = w.rd_stock_ref;
  w.cum_output = p.cn_cum_output_2026;
  w.yield = p.cn_yield_2026;
  w.capacity_gross = p.cn_capacity_2026 / p.cn_yield_2026;
  w.cn_price = p.cn_card_price;
  w.le_cn = p.cn_leading_edge_2026;

  Levels l{};
  for (int slot = 0; slot < kNumSlots; ++slot) l.v[slot] = s.status_quo[slot];
  ApplyPolicyLevels(p, l, w);
  w.sku_level = l[kSkuDesigner];
  w.salience = p.salience_2026;

  w.cn_budget = p.cn_budget_2026;
  w.us_power_build = p.us_power_build_2026;
  w.cn_power_build = p.cn_power_build_2026;
  w.gs_budget = p.gs_budget_2026;
  w.us_capex = p.us_capex_2026;
  w.x_min = p.mineral_flow_2026;
  w.price_mult = p.price_multiplier_2026;
  w.nonchina_share = 1.0 - p.mineral_dependence_2026;

  w.compute_us = p.compute_us_2026;
  w.compute_cn_dom = p.compute_cn_2026 * p.cn_installed_domestic_2026;
  w.compute_cn_imp = p.compute_cn_2026 - w.compute_cn_dom;
  w.compute_gs_us = p.compute_gs_2026 * p.gs_installed_us_2026;
  w.compute_gs_cn = p.compute_gs_2026 - w.compute_gs_us;

  // The start state's flow indicators: markets cleared under the status quo.
  ClearMarkets(p, w, l, w.flows);
  if (s.slot_seat[kUsTariff] >= 0) ResolveTrade(p, w, w.flows);
  w.now = Measure(p, w);

  w.actions.reserve(static_cast<size_t>(s.horizon) * s.seats.size());
  w.seat_payoffs.reserve(static_cast<size_t>(s.horizon) * s.seats.size());
  w.history.reserve(s.horizon);
  w.class_history.reserve(s.horizon);
  w.utility.assign(s.agents.size(), 0.0);
  w.last_utility.assign(s.agents.size(), 0.0);
  w.first_met.fill(-1);
  return w;
}

bool LobbyingSoftens(const Scenario& s, const ModelParams& p, const World& w, const int* actions,
                     double u_lobby) {
  // Lobbying may soften the US stance one notch; it works only out of the
  // news, and loud lobbying itself makes news (seed 002).
  const Levels l = ReadLevels(s, actions);
  const int lobby = l[kLobbyist];
  const double loud_bump = lobby == action::kLoud ? p.salience_loud : 0.0;
  const double salience_seen = std::min(1.0, w.salience + loud_bump);
  const double p_soften = (lobby == action::kQuiet  ? p.lobby_p_quiet
                           : lobby == action::kLoud ? p.lobby_p_loud
                                                    : 0.0) *
                          std::pow(1.0 - salience_seen, p.lobby_salience_exponent);
  return l[kRestrictor] > action::kOpen && u_lobby < p_soften;
}

double LobbyingUniform(uint64_t seed, uint32_t replicate, uint32_t stream, int quarter) {
  Rng chance(seed, replicate, stream, static_cast<uint32_t>(quarter));
  return chance.Uniform();  // the quarter's first chance variate (StepQuarter)
}

void StepQuarter(const Scenario& s, const ModelParams& p, const std::vector<AgentWeights>& weights,
                 World& w, const int* actions, Rng& chance) {
  Levels l = ReadLevels(s, actions);
  Flows& fl = w.flows;
  const Flows last = fl;
  fl = Flows{};

  // Every chance variate of the quarter is drawn here, in a fixed order, so
  // the same replicate sees the same shocks under any policy profile.
  const double u_lobby = chance.Uniform();
  const double z_us = chance.Normal();
  const double z_cn = chance.Normal();
  const int breakthroughs = chance.Poisson(p.breakthrough_rate);
  const double u_milestone = chance.Uniform();

  // 2. Lobbying (LobbyingSoftens).
  const int lobby = l[kLobbyist];
  const double loud_bump = lobby == action::kLoud ? p.salience_loud : 0.0;
  if (LobbyingSoftens(s, p, w, actions, u_lobby)) {
    l.v[kRestrictor] -= 1;
    fl.softened = 1;
  }
  // The history records the actions actually played (after softening).
  const size_t first = w.actions.size();
  w.actions.insert(w.actions.end(), actions, actions + s.seats.size());
  if (fl.softened && s.slot_seat[kRestrictor] >= 0) {
    w.actions[first + s.slot_seat[kRestrictor]] = static_cast<int8_t>(l.v[kRestrictor]);
  }
  ResolveDeal(s, p, w, l, fl);
  fl.lobby_spend = lobby == action::kQuiet ? p.lobby_spend_quiet
                   : lobby == action::kLoud ? p.lobby_spend_loud
                                            : 0.0;

  // Policies in force this quarter.
  const double old_f = w.f;
  const bool changed = l[kRestrictor] != w.export_level ||
                       (FeeRate(p, l[kRestrictor], l[kFeeSeller]) != w.tau) ||
                       l[kMineralController] != w.mineral_level || l[kFeeBuyer] != w.stance_level;
  ApplyPolicyLevels(p, l, w);
  // A red line that moves down strands inventory built for the old line
  // (h20.ban.charge); a SKU hugging the line loses most.
  if (w.f < old_f) {
    fl.writeoff = p.writeoff_ratio * last.us_china_rev *
                  (w.sku_level == action::kHug ? 1.0 : p.margin_writeoff);
  }
  w.sku_level = l[kSkuDesigner];

  // 3. Procurement and market clearing; the trade war, when played.
  ClearMarkets(p, w, l, fl);
  if (s.slot_seat[kUsTariff] >= 0) ResolveTrade(p, w, fl);

  // 6. Compute (money was booked at clearing): installed stocks depreciate and
  // grow by this quarter's deployments, at the performance of the chips sold
  // this quarter (before technology moves on).
  const double keep = 1.0 - p.compute_depreciation;
  const double perf_frontier = w.a_us / p.h100_tpp;
  const double perf_dom = w.a_cn / p.h100_tpp;
  const double perf_imp = LicensedTpp(p, w.f, w.a_us, w.sku_level == action::kMargin) / p.h100_tpp;
  w.compute_us = keep * w.compute_us + fl.us_cards * perf_frontier;
  w.compute_cn_dom = keep * w.compute_cn_dom + fl.domestic * perf_dom;
  // US chips in China's hands: licensed, grey and rented abroad.
  w.compute_cn_imp = keep * w.compute_cn_imp + (fl.imports - fl.grey) * perf_imp +
                     (fl.grey + fl.offshore) * perf_frontier;
  w.compute_gs_us = keep * w.compute_gs_us + fl.gs_us * perf_frontier;
  w.compute_gs_cn = keep * w.compute_gs_cn + fl.gs_cn * perf_dom;

  // 4. Minerals.
  const double flow_target = w.mineral_level == action::kMineralOpen ? p.flow_open
                             : w.mineral_level == action::kLicensing ? p.flow_licensing
                                                                     : p.flow_ban;
  w.x_min += p.flow_adjust * (flow_target - w.x_min);
  const double dependence0 = std::max(p.mineral_dependence_2026, 1e-9);
  const double shortfall = (1.0 - w.nonchina_share) * (1.0 - w.x_min);
  if (l[kMineralTarget] == action::kStockpile) {
    w.stockpile = std::min(p.stockpile_cap, w.stockpile + p.stockpile_build);
    fl.stockpile_spend = p.stockpile_cost;
  }
  // The stockpile buffers shocks, not the standing licensing regime: it
  // covers only the shortfall beyond what licensing alone would cause.
  const double licensing_shortfall = (1.0 - w.nonchina_share) * (1.0 - p.flow_licensing);
  const double drawn = std::min(w.stockpile, std::max(0.0, shortfall - licensing_shortfall));
  w.stockpile -= drawn;
  const double felt = shortfall - drawn;
  w.mineral_excess = std::max(0.0, felt - licensing_shortfall);
  const double price_target = std::pow(p.full_cutoff_multiplier, felt / dependence0);
  w.price_mult += p.price_adjust * (price_target - w.price_mult);
  double supply_growth = p.supply_response * std::max(0.0, std::log(w.price_mult));
  if (l[kMineralTarget] == action::kOfftake) {
    supply_growth += p.offtake_boost;
    fl.offtake_spend = p.offtake_cost;
  }
  w.nonchina_share += supply_growth * (1.0 - w.nonchina_share);
  // Output lost rises with the shortage and the price it drives (MODEL.md:
  // price x dependence), reaching the USGS figure in a full cut-off once the
  // price has reached its long-run multiplier.
  const double price_effect =
      std::log(std::max(w.price_mult, 1.0)) / std::max(std::log(p.full_cutoff_multiplier), 1e-9);
  fl.mineral_cost = p.mineral_gdp_cost / 4.0 * (felt / dependence0) * price_effect;
  fl.mineral_export_rev = p.cn_mineral_exports / 4.0 * w.x_min * w.price_mult;

  // 5. Technology.
  w.a_us *= std::exp(kLn2 / p.us_doubling_quarters + p.us_tech_noise * z_us -
                     0.5 * p.us_tech_noise * p.us_tech_noise);
  const double rd_levels[] = {p.rd_low, p.rd_mid, p.rd_high};
  fl.rd_spend = rd_levels[l[kRdFunder]];
  w.rd_stock = (1.0 - p.rd_depreciation) * w.rd_stock + fl.rd_spend;
  const double rd_effect = std::pow(w.rd_stock / w.rd_stock_ref, p.rd_elasticity);
  // Calibrated doubling times describe the 2026 status quo (allies aligned),
  // so alignment acts relative to alpha_align: hedging speeds China up.
  const double alignment_shift = w.alpha - p.alpha_align;
  // Design progress runs at the R&D-driven rate while there is room under
  // what the process node, memory and tools allow (the ceiling) and stalls
  // near it: room = 1 - (a / ceiling)^ceiling_curvature. The 2023-25 record
  // (910B to 910C on one node, a doubling in about six quarters) shows full
  // speed well below the limit, which a linear approach (curvature 1) halves
  // from the start. Imported chips also teach (Garcia-Macia & Goyal:
  // diffusion through imports).
  const double ceiling = DomesticCeiling(p, w);
  const double cn_installed = w.compute_cn_dom + w.compute_cn_imp;
  const double imported_base = cn_installed > 0 ? w.compute_cn_imp / cn_installed : 0.0;
  const double room = std::max(0.0, 1.0 - std::pow(w.a_cn / ceiling, p.ceiling_curvature));
  const double cn_growth = kLn2 / p.cn_doubling_quarters * rd_effect *
                           (1.0 - p.align_perf_drag * alignment_shift) *
                           (1.0 + p.import_diffusion * imported_base) * room;
  w.a_cn *= std::exp(cn_growth + p.cn_tech_noise * z_cn - 0.5 * p.cn_tech_noise * p.cn_tech_noise) *
            std::pow(1.0 + p.breakthrough_gain, breakthroughs);
  fl.breakthroughs = breakthroughs;
  // A node milestone: Poisson, read by inversion of the one uniform drawn
  // above, so the draw count never depends on the rate. The hazard rises with
  // R&D and with cumulative domestic output (learning by doing: a ban that
  // moves buyers to domestic chips speeds it, licensed sales slow it), falls
  // with allied alignment on tools, and drops by euv_hazard_factor for nodes
  // that need EUV.
  const double learning = std::pow(w.cum_output / p.cn_cum_output_2026, p.node_learning_elasticity);
  const double milestone_mean = p.node_milestone_rate * rd_effect * learning *
                                std::exp(-p.align_node_drag * alignment_shift) *
                                (w.node + 1 >= p.euv_node ? p.euv_hazard_factor : 1.0);
  int milestones = 0;
  for (double cdf = std::exp(-milestone_mean), term = cdf; u_milestone >= cdf && milestones < 10;) {
    ++milestones;
    term *= milestone_mean / milestones;
    cdf += term;
  }
  fl.milestones = milestones;
  w.node += milestones;
  // Only nodes at the EUV frontier add leading-edge capacity.
  const int leading_nodes = std::max(0, w.node - static_cast<int>(p.euv_node) + 1) -
                            std::max(0, w.node - milestones - static_cast<int>(p.euv_node) + 1);
  w.le_cn = std::min(1.0, w.le_cn + p.node_milestone_step * leading_nodes);
  const double capacity_growth =
      l[kCapacityBuilder] == action::kCapacityHigh ? p.capacity_growth_high : p.capacity_growth_low;
  fl.capacity_spend =
      l[kCapacityBuilder] == action::kCapacityHigh ? p.capacity_cost_high : p.capacity_cost_low;
  w.capacity_gross *= 1.0 + capacity_growth * (1.0 - p.align_capacity_drag * alignment_shift);
  w.yield += p.yield_ramp * (p.cn_yield_target - w.yield);
  // Wright's law: domestic card cost falls by the learning rate per doubling
  // of cumulative output (Irwin & Klenow 1994).
  w.cum_output += fl.domestic + fl.gs_cn;
  // A newer, faster card lists higher, as US cards do (price_perf_elasticity).
  w.cn_price = p.cn_card_price *
               std::pow(w.cum_output / p.cn_cum_output_2026, std::log2(1.0 - p.cn_learning_rate)) *
               std::pow(w.a_cn / (p.cn_perf_vs_h100 * p.h100_tpp), p.price_perf_elasticity);
  w.cn_budget *= std::pow(1.0 + p.cn_budget_growth, 0.25);
  w.backlog = p.defer_carry * fl.deferred;
  w.us_power_build *= std::pow(1.0 + p.us_power_build_growth, 0.25);
  w.cn_power_build *= std::pow(1.0 + p.cn_power_build_growth, 0.25);
  w.gs_budget *= std::pow(1.0 + p.gs_budget_growth, 0.25);
  w.us_capex *= std::pow(1.0 + p.us_capex_growth, 0.25);

  // Salience: decays, rises with every change of policy, loud lobbying and
  // breakthroughs (seed 002, S9).
  w.salience = std::clamp(p.salience_decay * w.salience +
                              (changed ? p.salience_policy_change : 0.0) + loud_bump +
                              p.salience_breakthrough * breakthroughs,
                          0.0, 1.0);

  // 7-8. Utility, indicators and the classifier.
  RecordQuarter(s, p, weights, w);
  ++w.quarter;
}

}  // namespace geostrat
