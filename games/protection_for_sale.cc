#include "games/protection_for_sale.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace geostrat {
namespace {

constexpr double kMaxTariff = 0.9;

// The integral of c * q^k over q in [1, p].
double PowerIntegral(double c, double k, double p) {
  if (std::fabs(k + 1) < 1e-12) return c * std::log(p);
  return c * (std::pow(p, k + 1) - 1) / (k + 1);
}

}  // namespace

double PoliticalObjective(const ProtectedSector& s, const PoliticalWeights& w, double t) {
  const double p = 1 + t;
  const double producer = PowerIntegral(s.output, s.supply_elasticity, p);
  // Welfare: revenue on imports plus the change in producer and consumer
  // surplus. Demand is X + M, so the surplus change of consumers is minus the
  // integral of X + M; the producer part cancels, leaving the import schedule.
  const double imports = s.imports * std::pow(p, -s.import_elasticity);
  const double welfare = t * imports - PowerIntegral(s.imports, -s.import_elasticity, p);
  const double organised = s.organised ? 1.0 : 0.0;
  return (organised - w.organised_share) * producer + (w.welfare_weight + w.organised_share) * welfare;
}

double ProtectionForSaleTariff(const ProtectedSector& s, const PoliticalWeights& w) {
  if (!(s.output > 0 && s.imports > 0 && s.import_elasticity > 0 && w.welfare_weight + w.organised_share > 0)) {
    throw InternalError("protection for sale needs output, imports and an import elasticity above 0");
  }
  // Walk from free trade uphill in steps of 0.001 until the objective falls:
  // that brackets the first local maximum. Beyond it, at high enough
  // tariffs, imports vanish and the objective climbs again with the sector's
  // unbounded producer surplus; that branch is prohibitive, not protection.
  constexpr double kStep = 1e-3;
  const double up = PoliticalObjective(s, w, kStep) >= PoliticalObjective(s, w, -kStep) ? kStep : -kStep;
  double t = 0, f = PoliticalObjective(s, w, 0);
  for (;;) {
    if (std::fabs(t + up) > kMaxTariff) {
      throw InternalError("protection for sale: no optimum with |t| <= 0.9");
    }
    const double next = PoliticalObjective(s, w, t + up);
    if (next < f) break;
    t += up;
    f = next;
  }
  double lo = std::min(t - up, t + up), hi = std::max(t - up, t + up);
  const double golden = (std::sqrt(5.0) - 1) / 2;
  double x1 = hi - golden * (hi - lo), x2 = lo + golden * (hi - lo);
  double f1 = PoliticalObjective(s, w, x1), f2 = PoliticalObjective(s, w, x2);
  while (hi - lo > 1e-12) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + golden * (hi - lo);
      f2 = PoliticalObjective(s, w, x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - golden * (hi - lo);
      f1 = PoliticalObjective(s, w, x1);
    }
  }
  return 0.5 * (lo + hi);
}

double GrossmanHelpmanTariff(bool organised, const PoliticalWeights& w, double z, double e) {
  const double ratio = ((organised ? 1.0 : 0.0) - w.organised_share) / (w.welfare_weight + w.organised_share) * z / e;
  return ratio / (1 - ratio);  // t / (1 + t) = ratio
}

}  // namespace geostrat
