#include "games/china_market.h"

#include <algorithm>
#include <cmath>

namespace geostrat {
namespace {

// The budget of the unblocked (0) and the blocked (1) buyers.
constexpr int kSegments = 2;

// An option is on offer when it has performance and some supply; whether a
// buyer may take it is the segment's question (Shares).
bool OnOffer(const ChinaOptionSpec& o) { return o.perf > 0 && o.cap != 0; }

// sigma x (premium - ln cost). With sigma = 0 buyers ignore cost and
// preference alike, an infinite cost too (0 x inf is NaN).
double Utility(double sigma, double premium, double cost) {
  return sigma == 0 ? 0.0 : sigma * (premium - std::log(cost));
}

void Utilities(const ChinaMarketInput& in, const double* price, double* u) {
  for (int k = 0; k < kNumChinaOptions; ++k) {
    const ChinaOptionSpec& o = in.option[k];
    u[k] = OnOffer(o) ? Utility(in.sigma, o.pref, CostPerH100e(o, price[k])) : -INFINITY;
  }
}

// Budget shares of every option for both segments from the options'
// utilities `u`. The blocked segment drops the US options. Exponentials are
// shifted by the largest utility; should the blocked segment's weights all
// underflow under that shift, they are taken again under their own.
void Shares(const ChinaMarketInput& in, const double* u, double u_defer,
            double share[kSegments][kNumChinaOptions]) {
  double top = u_defer;
  for (int k = 0; k < kNumChinaOptions; ++k) top = std::max(top, u[k]);
  double weight[kNumChinaOptions];
  double total[kSegments] = {std::exp(u_defer - top), std::exp(u_defer - top)};
  for (int k = 0; k < kNumChinaOptions; ++k) {
    weight[k] = u[k] == -INFINITY ? 0.0 : std::exp(u[k] - top);
    total[0] += weight[k];
    if (!in.option[k].us_chip) total[1] += weight[k];
  }
  for (int k = 0; k < kNumChinaOptions; ++k) share[0][k] = weight[k] / total[0];
  if (total[1] < 1e-280) {
    double own = u_defer;
    for (int k = 0; k < kNumChinaOptions; ++k) {
      if (!in.option[k].us_chip) own = std::max(own, u[k]);
    }
    total[1] = std::exp(u_defer - own);
    for (int k = 0; k < kNumChinaOptions; ++k) {
      weight[k] = in.option[k].us_chip || u[k] == -INFINITY ? 0.0 : std::exp(u[k] - own);
      total[1] += weight[k];
    }
  }
  for (int k = 0; k < kNumChinaOptions; ++k) share[1][k] = in.option[k].us_chip ? 0.0 : weight[k] / total[1];
}

}  // namespace

ChinaMarketOutcome ClearChinaMarket(const ChinaMarketInput& in) {
  const double budget[kSegments] = {(1.0 - in.block) * in.budget, in.block * in.budget};
  double price[kNumChinaOptions];
  for (int k = 0; k < kNumChinaOptions; ++k) price[k] = in.option[k].price;

  // Utilities change only with their option's price: kept, and updated for
  // the options whose price moved.
  double u[kNumChinaOptions];
  Utilities(in, price, u);
  const double u_defer = Utility(in.sigma, 0.0, in.defer_cost);
  double share[kSegments][kNumChinaOptions];
  auto evaluate = [&] { Shares(in, u, u_defer, share); };

  // Capped options clear by price: Newton steps in log price on each
  // option's own excess demand, ln(cards / cap), never below the base price.
  // Cross effects (a dearer domestic card sends buyers to imports) are picked
  // up by the next round; the rounds are a fixed, input-determined sequence.
  constexpr int kMaxRounds = 60;
  constexpr double kTolerance = 1e-10;
  evaluate();
  for (int round = 0; round < kMaxRounds; ++round) {
    bool settled = true;
    for (int k = 0; k < kNumChinaOptions; ++k) {
      const ChinaOptionSpec& o = in.option[k];
      if (o.cap < 0 || o.perf <= 0 || o.cap == 0) continue;
      double spend = 0, slope = 0;
      const double w = price[k] / (price[k] + o.energy);
      for (int seg = 0; seg < kSegments; ++seg) {
        const double s = share[seg][k];
        spend += budget[seg] * s;
        slope += budget[seg] * s * (-in.sigma * w * (1.0 - s));
      }
      const double cards = spend / price[k];
      const bool above_floor = price[k] > o.price;
      if (cards <= o.cap && !above_floor) continue;
      // d ln(cards) / d ln(price) = (d spend / d ln p) / spend - 1 < 0.
      const double gap = cards > 0 ? std::log(cards / o.cap) : -1.0;
      if (std::fabs(gap) <= kTolerance) continue;
      settled = false;
      const double derivative = (spend > 0 ? slope / spend : 0.0) - 1.0;
      const double step = std::clamp(-gap / derivative, -3.0, 3.0);
      price[k] = std::max(o.price, price[k] * std::exp(step));
      u[k] = Utility(in.sigma, o.pref, CostPerH100e(o, price[k]));
    }
    if (settled) break;
    evaluate();
  }

  ChinaMarketOutcome out;
  double spent = 0;
  for (int k = 0; k < kNumChinaOptions; ++k) {
    out.price[k] = price[k];
    out.spend[k] = budget[0] * share[0][k] + budget[1] * share[1][k];
    out.cards[k] = out.spend[k] > 0 ? out.spend[k] / price[k] : 0.0;
    out.compute += out.cards[k] * in.option[k].perf;
    spent += out.spend[k];
  }
  out.deferred = std::max(0.0, in.budget - spent);
  for (int k = 0; k < kNumChinaOptions; ++k) out.utility[k] = u[k];
  out.defer_utility = u_defer;
  return out;
}

}  // namespace geostrat
