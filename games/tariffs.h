// The trade block of the `tariffs` stage game: each side's ad-valorem tariff on
// its imports from the other, resolved in partial equilibrium on one flow per
// direction. Importers face constant-elasticity import demand
// D(p) = V p^-sigma, exporters a constant-elasticity export supply
// S(p*) = V p*^eta, with world price p* = 1 and quantity V (the flow's value)
// under free trade. A tariff t drives a wedge p = (1 + t) p*.
//
// Why this form: it is the textbook setting of Johnson (1953-54; MODELS.md M1)
// in which the importer's welfare-maximising tariff is the inverse of the
// exporter's supply elasticity, t* = 1/eta, whatever sigma. In the special case
// where the exporter's export supply is its offer curve (two goods, balanced
// trade), eta = eps* - 1 with eps* the exporter's import-demand elasticity,
// and t* = 1/(eps* - 1): MODELS.md V9, the known answer the tests hold the
// numerical best response to.
#pragma once

#include <string>
#include <vector>

namespace geostrat {

struct TradeFlow {
  double value = 0;              // trade under free trade, $B per year (world price 1)
  double import_elasticity = 0;  // sigma > 0: the importer's import-demand elasticity
  double export_elasticity = 0;  // eta > 0: the exporter's export-supply elasticity
};

// What a tariff does to one flow. Gains are changes against free trade, $B per
// year: the importer gains revenue and loses consumer surplus; the exporter
// loses producer surplus as its price falls.
struct TariffOutcome {
  double world_price = 1;    // p*, received by exporters
  double home_price = 1;     // p = (1 + t) p*, paid by importers
  double quantity = 0;       // traded, at free-trade prices ($B per year)
  double revenue = 0;        // t p* Q
  double consumer_loss = 0;  // lost consumer surplus (>= 0)
  double importer_gain = 0;  // revenue - consumer_loss
  double exporter_gain = 0;  // change of producer surplus (<= 0)
};

TariffOutcome ResolveTariff(const TradeFlow& flow, double tariff);

// The importer's welfare-maximising tariff found numerically (golden-section
// search on importer_gain over [0, 100]); no closed form is used.
double OptimalTariff(const TradeFlow& flow);

// Johnson's closed form t* = 1/(eps - 1), for eps > 1.
double JohnsonOptimalTariff(double offer_elasticity);

// The tariff rate of each action of a tariffs seat (none, t10, t15, ..., t125): the
// additional bilateral tariff above the 2018 MFN rates.
const std::vector<double>& TariffRates();
const std::vector<std::string>& TariffActionNames();

// The action (index into TariffRates) with the highest importer gain on `flow`.
int BestTariffAction(const TradeFlow& flow);

}  // namespace geostrat
