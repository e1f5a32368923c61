// Grossman & Helpman's "protection for sale" (1994; MODELS.md M4) for one
// import-competing sector of a small open economy: the micro-foundation of
// the lobbying block. Organised owners (a share alpha_L of the population)
// offer the government truthful contributions; the government maximises
// contributions plus a times welfare,
//
//   Omega(p) = (I - alpha_L) pi(p) + (a + alpha_L) W(p),
//
// where p = 1 + t is the domestic price (world price 1), pi the sector's
// producer surplus, W = pi + tariff revenue + consumer surplus, and I = 1 if the
// sector is organised. Its first-order condition is the closed form
//
//   t / (1 + t) = (I - alpha_L) / (a + alpha_L) * z / e,
//
// with z = X / M the inverse import penetration and e the import-demand
// elasticity, both at the optimum. The quarter step's lobbying is a reduced
// form calibrated on the same finding (gh.welfare_weight): with a = 50-88,
// contributions move policy only where z / e is large (docs/model.md §3.2).
#pragma once

namespace geostrat {

// One sector: domestic output X(p) = output * p^supply_elasticity and import
// demand M(p) = imports * p^-import_elasticity, both at world price 1.
struct ProtectedSector {
  double output = 0;
  double supply_elasticity = 0;
  double imports = 0;
  double import_elasticity = 0;
  bool organised = true;
};

struct PoliticalWeights {
  double welfare_weight = 50;   // a: Goldberg & Maggi (1999) estimate 50-88
  double organised_share = 0.5;  // alpha_L
};

// The government's objective at tariff t, relative to free trade.
double PoliticalObjective(const ProtectedSector& s, const PoliticalWeights& w, double t);

// The tariff at the objective's first local maximum from free trade (found by
// walking uphill, then golden-section search): the protection-for-sale
// tariff. At higher, prohibitive tariffs imports vanish and the sector's own
// demand, not the import schedule, would set the price. |t| <= 0.9.
double ProtectionForSaleTariff(const ProtectedSector& s, const PoliticalWeights& w);

// The closed form solved for t, given z and e at the optimum.
double GrossmanHelpmanTariff(bool organised, const PoliticalWeights& w, double z, double e);

}  // namespace geostrat
