// Designs of experiments on the unit cube, global sensitivity estimators and
// the search for a probability crossing along one lever. Pure numerics: no
// model, no threads; the sweep engine maps unit-cube points onto parameter
// ranges and feeds model results back in.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace geostrat {

// One point per row, coordinates in [0, 1).
using UnitPoints = std::vector<std::vector<double>>;

// The most dimensions Boost.Random's Sobol' table supports.
constexpr int kMaxSobolDimension = 3667;

// n points of the d-dimensional Sobol' sequence (Boost.Random's Joe-Kuo
// direction numbers), after skipping the first `skip` points. Deterministic.
// Boost leaves out the all-zero point: the sequence starts (0.5, ..., 0.5),
// then (0.75, 0.25, ...), (0.25, 0.75, ...).
UnitPoints SobolSequence(int n, int d, uint64_t skip = 0);

// Latin hypercube: in every dimension each of the n strata [k/n, (k+1)/n) holds
// exactly one point; permutations and in-stratum positions drawn from the
// counter-based Rng keyed by `seed`. Deterministic for a given seed.
UnitPoints LatinHypercube(int n, int d, uint64_t seed);

// Saltelli's (2010) design for first-order and total Sobol' indices: base
// matrices A and B (n x d, the two halves of a 2d-dimensional Sobol' sequence)
// and, for each input i, AB_i = A with column i taken from B.
struct SaltelliDesign {
  int n = 0;
  int d = 0;
  UnitPoints a, b;
  // Every point to evaluate, in this order: the n rows of A, the n rows of B,
  // then AB_0 (n rows), ..., AB_{d-1}: n * (d + 2) points.
  UnitPoints Points() const;
};
SaltelliDesign MakeSaltelliDesign(int n, int d, uint64_t skip = 0);

struct SobolIndices {
  // Per input: first-order (Saltelli 2010 estimator) and total (Jansen 1999)
  // indices, each with a bootstrap percentile interval over the n base rows.
  std::vector<double> first, first_low, first_high;
  std::vector<double> total, total_low, total_high;
  double variance = 0;  // of the model output over A and B
};
// `y` holds the model output at SaltelliDesign::Points(), in that order.
SobolIndices EstimateSobolIndices(const std::vector<double>& y, int n, int d, int bootstrap,
                                  double confidence, uint64_t seed);

// Where a probability that changes monotonically along one lever crosses a
// threshold. `trials(x, r)` runs r replicates at lever value x and returns how
// many had the event; when an evaluation needs more replicates it is called
// again at the same x with the larger r, so it should run replicates 0..r-1
// (common random numbers) rather than r new ones.
//
// The search evaluates both ends, requires them to lie significantly on
// opposite sides (Wilson interval at `confidence` not holding the threshold),
// and bisects. A midpoint whose interval holds the threshold is re-run with
// doubled replicates up to max_replicates; if it still holds it, the point is
// undecided and the search narrows the two gaps between the bracket's ends
// and the undecided points instead.
//
// What [low, high] means: each end's own interval lies wholly on its side of
// the threshold, so for a monotone p the crossing lies in the bracket unless an
// end's interval missed its true p on the threshold's side (a one-sided error
// of at most (1 - confidence) / 2 for each end). The bracket is conservative:
// wider than a confidence interval for the crossing itself would be, because
// both ends must be individually significant and it cannot shrink below the
// zone where p is within sampling resolution (at max_replicates) of the
// threshold. `estimate` is the bracket's midpoint.
struct CrossingOptions {
  double lo = 0, hi = 1;       // the lever's search range
  double threshold = 0.5;      // the probability whose crossing is sought
  int replicates = 1000;       // per evaluation, doubled while a Wilson
  int max_replicates = 16000;  //   interval still straddles the threshold
  double tolerance = 0;        // stop when the bracket is this narrow (0: (hi - lo) / 1000)
  int max_evaluations = 40;   // lever values evaluated, both ends included
  double confidence = 0.95;
};
struct CrossingEvaluation {
  double x;
  uint64_t events, trials;
  double p, ci_low, ci_high;
};
struct Crossing {
  bool found = false;          // false when p(lo) and p(hi) are on the same side
  double estimate = 0;         // the bracket's midpoint
  double low = 0, high = 0;    // the final bracket: its ends lie significantly on either side
  bool increasing = true;      // whether p rises along the lever
  // One per lever value, at its final replicate count, in the order made.
  std::vector<CrossingEvaluation> evaluations;
};
Crossing FindCrossing(const std::function<uint64_t(double x, int replicates)>& trials,
                      const CrossingOptions& options);

}  // namespace geostrat
