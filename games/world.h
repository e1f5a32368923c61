// The mutable state of one replicate. Plain data: the rules live in step.cc,
// the classification in classifier.cc. Serialisable with cereal so a run can be
// saved mid-way and resumed or branched.
#pragma once

#include <array>
#include <cereal/types/array.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <vector>

#include "games/stage_game.h"

namespace geostrat {

// The outcome indicators of OUTCOMES.md section 3.1 (plus the flags the
// classifier needs), measured each quarter.
struct Indicators {
  double f = 0;                  // export frontier ratio F
  double x_chip = 0;             // US-bloc share of China's new deployments (cards)
  double s_cn = 0;               // domestic share of China's new deployments
  double x_min = 0;              // cross-bloc mineral flow index
  double r_us = 0;               // US-bloc share of accelerator gross profit
  double c_cn = 0;               // China's share of installed global compute (H100e)
  double p_cn = 0;               // China's share of new AI data-centre power
  double g_us = 0;               // US-stack share of Global South AI spending
  double gap = 0;                // frontier gap, years
  double us_compute_share = 0;   // US-bloc share of installed global compute
  double le_us = 0;              // US-bloc share of leading-edge logic capacity
  double mineral_self = 0;       // US-bloc mineral supply from outside China
  double mineral_ban = 0;        // 1 when a US-specific mineral ban is in force
  double buy_ban = 0;            // 1 when China prohibits purchases of US chips
  double export_ban = 0;         // 1 when the US bans exports (IP/EDA licences withdrawn too)

  template <class Archive>
  void serialize(Archive& ar) {
    ar(f, x_chip, s_cn, x_min, r_us, c_cn, p_cn, g_us, gap, us_compute_share, le_us,
       mineral_self, mineral_ban, buy_ban, export_ban);
  }
};

// What flowed in the last quarter (cards in M per quarter, money in $B).
struct Flows {
  // China: the budget on offer (this quarter's plus the backlog carried in),
  // cards bought by source, the budget deferred, and that deferral in
  // domestic-card equivalents (`unmet`).
  double cn_budget = 0, imports = 0, domestic = 0, unmet = 0, deferred = 0;
  double grey = 0, offshore = 0, offshore_spend = 0, cn_spend = 0;
  double gs_demand = 0, gs_us = 0, gs_cn = 0, us_cards = 0;
  // The Global South's spending by stack ($B per quarter): G_US is a market
  // share by value, as trade and deal data report it.
  double gs_us_spend = 0, gs_cn_spend = 0;
  // US-bloc build-out lost to mineral shortages and to the power cap (share).
  double us_mineral_loss = 0, us_power_cut = 0, cn_power_cut = 0;
  double import_price = 0, domestic_price = 0;   // $k per card, as paid by buyers
  double us_rev = 0, us_china_rev = 0, fees = 0, cn_rev = 0;
  double us_gp = 0, cn_gp = 0, allied_gp = 0;
  double writeoff = 0, mineral_cost = 0, mineral_export_rev = 0;
  double rd_spend = 0, capacity_spend = 0, offtake_spend = 0, stockpile_spend = 0;
  double lobby_spend = 0;
  // Trade war ($B per quarter): bilateral flows at free-trade prices, tariff
  // revenue, and each side's welfare change against free trade (tariffs game).
  double trade_us_from_cn = 0, trade_cn_from_us = 0, tariff_revenue_us = 0, tariff_revenue_cn = 0;
  double tariff_welfare_us = 0, tariff_welfare_cn = 0;
  double new_power_cn = 0, new_power_total = 0;  // GW
  int softened = 0, breakthroughs = 0, milestones = 0;
  int deal = 0;  // 1 when a deal holds this quarter (negotiation game)

  template <class Archive>
  void serialize(Archive& ar) {
    ar(cn_budget, imports, domestic, unmet, deferred, grey, offshore, offshore_spend, cn_spend,
       us_mineral_loss, us_power_cut, cn_power_cut, gs_demand, gs_us, gs_cn, us_cards, import_price,
       domestic_price, us_rev, us_china_rev, fees, cn_rev, us_gp, cn_gp, allied_gp, writeoff,
       mineral_cost, mineral_export_rev, rd_spend, capacity_spend, offtake_spend,
       stockpile_spend, lobby_spend, new_power_cn, new_power_total, softened, breakthroughs,
       milestones, trade_us_from_cn, trade_cn_from_us, tariff_revenue_us, tariff_revenue_cn,
       tariff_welfare_us, tariff_welfare_cn, gs_us_spend, gs_cn_spend, deal);
  }
};

constexpr int kNumClasses = 6;

struct World {
  int quarter = 0;  // quarters played so far
  int num_seats = 0;

  // technology (TPP; R&D stock in $B; cumulative output in M cards)
  double a_us = 0, a_cn = 0, rd_stock = 0, rd_stock_ref = 0, cum_output = 0;
  double yield = 0, capacity_gross = 0, cn_price = 0, le_cn = 0;
  int node = 0;  // process nodes China has gained since 2026
  // policy in force
  double f = 0, tau = 0, block = 0, alpha = 0, salience = 0, stockpile = 0;
  int export_level = 0, fee_level = 0, mineral_level = 0, stance_level = 0, sku_level = 0;
  double tariff_us = 0, tariff_cn = 0;  // average tariff rates in force (tariffs game)
  int purchase_level = action::kNormalPurchases;  // China's state purchases (countermeasures game)
  // A deal (negotiation game): quarters of its term still to run after the
  // last one; whether it ended last quarter and may be renewed on the same
  // terms; and the level each slot's measure is held to while it holds
  // (kNoCap: not covered).
  static constexpr int kNoCap = 127;
  int deal_left = 0;
  int deal_renewable = 0;
  std::array<int, kNumSlots> deal_cap{};
  // markets (China's and the Global South's accelerator budgets and US capex,
  // $B/yr); China's deferred budget carried into the next quarter ($B);
  // new data-centre power that can be connected (GW/yr)
  double cn_budget = 0, gs_budget = 0, us_capex = 0, backlog = 0;
  double us_power_build = 0, cn_power_build = 0;
  // minerals
  double x_min = 0, price_mult = 1, nonchina_share = 0;
  double mineral_excess = 0;  // last quarter's shortfall beyond licensing, after the stockpile
  // installed compute, M H100e
  double compute_us = 0, compute_cn_dom = 0, compute_cn_imp = 0, compute_gs_us = 0,
         compute_gs_cn = 0;

  Flows flows;                     // the last quarter
  Indicators now;                  // indicators after the last quarter
  std::vector<Indicators> history; // one per quarter played
  std::vector<int8_t> actions;     // actions played, quarter-major: [q * num_seats + seat]
  std::vector<double> seat_payoffs;  // per quarter and seat: its agent's utility, same layout
  std::vector<double> utility;     // discounted utility so far, per agent
  std::vector<double> last_utility;  // last quarter's undiscounted utility, per agent
  std::vector<int8_t> class_history;  // per quarter: class whose conditions hold (trailing)
  std::array<int, kNumClasses> first_met{};  // first quarter each class held (-1: never)

  int ActionAt(int q, int seat) const { return actions[static_cast<size_t>(q) * num_seats + seat]; }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(quarter, num_seats, a_us, a_cn, rd_stock, rd_stock_ref, cum_output, yield,
       capacity_gross, cn_price, le_cn, f, tau, block, alpha, salience, stockpile, export_level,
       fee_level, mineral_level, stance_level, sku_level, cn_budget, gs_budget, us_capex, backlog,
       us_power_build, cn_power_build, x_min, mineral_excess,
       price_mult, nonchina_share, compute_us, compute_cn_dom, compute_cn_imp, compute_gs_us,
       compute_gs_cn, node, flows, now, history, actions, seat_payoffs, utility, last_utility, class_history,
       first_met, tariff_us, tariff_cn, purchase_level, deal_left, deal_renewable, deal_cap);
  }
};

}  // namespace geostrat
