#include "games/tariffs.h"

#include <cmath>
#include <stdexcept>

namespace geostrat {

TariffOutcome ResolveTariff(const TradeFlow& f, double t) {
  const double sigma = f.import_elasticity, eta = f.export_elasticity;
  TariffOutcome o;
  // Market clearing V ((1 + t) p*)^-sigma = V p*^eta.
  o.world_price = std::pow(1.0 + t, -sigma / (sigma + eta));
  o.home_price = (1.0 + t) * o.world_price;
  o.quantity = f.value * std::pow(o.world_price, eta);
  o.revenue = t * o.world_price * o.quantity;
  // Consumer surplus lost between the free-trade price 1 and p: V * int_1^p x^-sigma dx.
  o.consumer_loss = std::abs(sigma - 1.0) < 1e-12
                        ? f.value * std::log(o.home_price)
                        : f.value * (std::pow(o.home_price, 1.0 - sigma) - 1.0) / (1.0 - sigma);
  o.importer_gain = o.revenue - o.consumer_loss;
  // Producer surplus between p* and 1: V * int_1^p* x^eta dx (negative for p* < 1).
  o.exporter_gain = f.value * (std::pow(o.world_price, 1.0 + eta) - 1.0) / (1.0 + eta);
  return o;
}

double OptimalTariff(const TradeFlow& flow) {
  // The importer's gain is single-peaked in t on [0, inf): it rises while the
  // terms-of-trade gain exceeds the deadweight loss, then falls.
  const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double lo = 0.0, hi = 100.0;
  double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
  double f1 = ResolveTariff(flow, x1).importer_gain, f2 = ResolveTariff(flow, x2).importer_gain;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = ResolveTariff(flow, x2).importer_gain;
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = ResolveTariff(flow, x1).importer_gain;
    }
  }
  return 0.5 * (lo + hi);
}

double JohnsonOptimalTariff(double eps) {
  if (!(eps > 1.0)) throw std::invalid_argument("Johnson's optimal tariff needs eps > 1");
  return 1.0 / (eps - 1.0);
}

const std::vector<double>& TariffRates() {
  static const std::vector<double> rates = {0.0, 0.10, 0.15, 0.20, 0.30, 0.40, 0.50, 1.25};
  return rates;
}

const std::vector<std::string>& TariffActionNames() {
  static const std::vector<std::string> names = {"none", "t10", "t15", "t20",
                                                 "t30",  "t40", "t50", "t125"};
  return names;
}

int BestTariffAction(const TradeFlow& flow) {
  int best = 0;
  double best_gain = ResolveTariff(flow, TariffRates()[0]).importer_gain;
  for (size_t a = 1; a < TariffRates().size(); ++a) {
    const double g = ResolveTariff(flow, TariffRates()[a]).importer_gain;
    if (g > best_gain) {
      best_gain = g;
      best = static_cast<int>(a);
    }
  }
  return best;
}

}  // namespace geostrat
