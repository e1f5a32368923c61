// China's accelerator market (docs/model.md §3.4): buyers spend an AI budget
// on effective compute (H100-equivalents) from the options open to them, or
// defer. Pure functions of their inputs, so the market can be cleared, swept
// and tested apart from the rest of the quarter.
//
// The demand system. Each dollar of budget chooses one option by a logit in
// the log of its lifetime cost per H100e (card price plus lifetime energy,
// over performance), less the log premium buyers would pay for its non-price
// qualities (the CUDA ecosystem, the security discount, procurement
// guidance), so that a premium of 0.1 is worth a 10% lower cost:
//
//   u_k = sigma * (pref_k - ln((price_k + energy_k) / perf_k)),   u_defer = -sigma * ln(defer_cost)
//   share_k = exp(u_k) / (exp(u_defer) + sum_j exp(u_j))
//
// sigma is the elasticity of substitution between suppliers (a trade
// elasticity); deferral makes the total spend price-elastic. A share of the
// budget (`block`, state-linked buyers) may not buy US chips at all.
//
// Capped options (domestic output, the export allocation, the grey market)
// clear by price: when buyers want more cards than sellers can supply at the
// base price, the price rises until they do not, so a shortage becomes a
// scarcity rent to the seller and extra deferral, never rationing.
#pragma once

namespace geostrat {

enum ChinaOption { kImportOption, kDomesticOption, kGreyOption, kOffshoreOption, kNumChinaOptions };

struct ChinaOptionSpec {
  double perf = 0;    // H100e per card; 0: the option is absent
  double price = 0;   // $k per card at the seller's base price (the floor)
  double energy = 0;  // lifetime energy per card, $k
  double pref = 0;    // non-price premium, in log cost per H100e
  double cap = -1;    // M cards per quarter the sellers can supply; < 0: no cap
  bool us_chip = false;  // barred to the blocked (state-linked) buyers
};

struct ChinaMarketInput {
  double budget = 0;      // $B this quarter
  double block = 0;       // share of the budget that may not buy US chips
  double sigma = 0;       // elasticity of substitution
  double defer_cost = 0;  // $k per H100e at which a buyer is indifferent to waiting
  ChinaOptionSpec option[kNumChinaOptions];
};

struct ChinaMarketOutcome {
  double cards[kNumChinaOptions] = {};  // M cards bought this quarter
  double spend[kNumChinaOptions] = {};  // $B spent
  double price[kNumChinaOptions] = {};  // $k per card paid, scarcity included
  double compute = 0;                   // M H100e bought
  double deferred = 0;                  // $B of budget not spent
  // Each option's logit utility at the cleared prices, and deferral's (-inf:
  // the option is absent).
  double utility[kNumChinaOptions] = {};
  double defer_utility = 0;
};

ChinaMarketOutcome ClearChinaMarket(const ChinaMarketInput& in);

// Cost per H100e of option k at price p ($k).
inline double CostPerH100e(const ChinaOptionSpec& o, double price) { return (price + o.energy) / o.perf; }

}  // namespace geostrat
