#include "engine/discovery.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "engine/core/error.h"
#include "engine/svg.h"

namespace geostrat {
namespace {

// One candidate peel: drop the runs of input `dim` below (low end) or above
// (high end) `cut`.
struct Peel {
  size_t dim = 0;
  bool low_end = true;
  double cut = 0;
  size_t runs = 0, hits = 0;  // what the box keeps
};

PrimBox BoxOf(const std::vector<size_t>& in, const std::vector<bool>& y, std::vector<double> low,
              std::vector<double> high, size_t n, size_t hits_total) {
  PrimBox b;
  b.low = std::move(low);
  b.high = std::move(high);
  b.runs = in.size();
  for (size_t i : in) b.hits += y[i];
  b.mass = static_cast<double>(b.runs) / static_cast<double>(n);
  b.density = b.runs ? static_cast<double>(b.hits) / static_cast<double>(b.runs) : 0;
  b.coverage = hits_total ? static_cast<double>(b.hits) / static_cast<double>(hits_total) : 0;
  return b;
}

}  // namespace

PrimResult Prim(const std::vector<std::string>& inputs, const std::vector<std::vector<double>>& x,
                const std::vector<bool>& y, const PrimOptions& options) {
  if (x.size() != y.size() || x.empty()) throw InternalError("Prim: no runs, or x and y differ");
  const size_t n = x.size(), d = inputs.size();
  PrimResult r;
  r.inputs = inputs;
  r.runs = n;
  r.data_low.assign(d, 0);
  r.data_high.assign(d, 0);
  for (size_t j = 0; j < d; ++j) {
    double lo = x[0][j], hi = x[0][j];
    for (const auto& row : x) {
      lo = std::min(lo, row[j]);
      hi = std::max(hi, row[j]);
    }
    r.data_low[j] = lo;
    r.data_high[j] = hi;
  }
  for (bool v : y) r.hits += v;
  r.base_rate = static_cast<double>(r.hits) / static_cast<double>(n);

  std::vector<size_t> in(n);
  for (size_t i = 0; i < n; ++i) in[i] = i;
  std::vector<double> low = r.data_low, high = r.data_high;
  r.trajectory.push_back(BoxOf(in, y, low, high, n, r.hits));
  const size_t min_runs = static_cast<size_t>(options.min_mass * static_cast<double>(n));
  while (true) {
    bool found = false;
    Peel best;
    double best_density = -1;
    for (size_t j = 0; j < d; ++j) {
      std::vector<double> v;
      v.reserve(in.size());
      for (size_t i : in) v.push_back(x[i][j]);
      std::sort(v.begin(), v.end());
      if (v.front() == v.back()) continue;  // nothing to peel on this input
      const size_t k = std::max<size_t>(
          1, static_cast<size_t>(options.alpha * static_cast<double>(v.size())));
      for (const bool low_end : {true, false}) {
        // Cut so that at least one run goes: ties at the cut go with it.
        Peel p;
        p.dim = j;
        p.low_end = low_end;
        p.cut = low_end ? v[k] : v[v.size() - 1 - k];
        if (low_end && p.cut == v.front()) p.cut = *std::upper_bound(v.begin(), v.end(), v.front());
        if (!low_end && p.cut == v.back()) {
          p.cut = *(std::lower_bound(v.begin(), v.end(), v.back()) - 1);
        }
        for (size_t i : in) {
          const double xi = x[i][j];
          if (low_end ? xi >= p.cut : xi <= p.cut) {
            ++p.runs;
            p.hits += y[i];
          }
        }
        if (p.runs < min_runs || p.runs == 0 || p.runs == in.size()) continue;
        const double density = static_cast<double>(p.hits) / static_cast<double>(p.runs);
        // The densest box; on a tie the one keeping more runs, then the
        // first input and the low end (the order of the loops).
        if (density > best_density || (density == best_density && p.runs > best.runs)) {
          best = p;
          best_density = density;
          found = true;
        }
      }
    }
    if (!found) break;
    std::vector<size_t> kept;
    for (size_t i : in) {
      const double xi = x[i][best.dim];
      if (best.low_end ? xi >= best.cut : xi <= best.cut) kept.push_back(i);
    }
    in = std::move(kept);
    (best.low_end ? low : high)[best.dim] = best.cut;
    r.trajectory.push_back(BoxOf(in, y, low, high, n, r.hits));
  }
  // The densest box covering enough of the outcome (the first such on ties).
  r.chosen = 0;
  for (size_t s = 0; s < r.trajectory.size(); ++s) {
    const PrimBox& b = r.trajectory[s];
    if (b.coverage >= options.coverage && b.density > r.trajectory[r.chosen].density) r.chosen = s;
  }
  // Pruning: a box over every run, as limits only.
  auto box_over_all = [&](const std::vector<double>& lo, const std::vector<double>& hi) {
    std::vector<size_t> members;
    for (size_t i = 0; i < n; ++i) {
      bool inside = true;
      for (size_t j = 0; j < d && inside; ++j) inside = x[i][j] >= lo[j] && x[i][j] <= hi[j];
      if (inside) members.push_back(i);
    }
    return BoxOf(members, y, lo, hi, n, r.hits);
  };
  r.box = r.trajectory[r.chosen];
  while (true) {
    size_t drop = d;
    PrimBox best_without;
    for (size_t j = 0; j < d; ++j) {
      if (r.box.low[j] == r.data_low[j] && r.box.high[j] == r.data_high[j]) continue;
      std::vector<double> lo = r.box.low, hi = r.box.high;
      lo[j] = r.data_low[j];
      hi[j] = r.data_high[j];
      const PrimBox without = box_over_all(lo, hi);
      if (without.density < r.box.density * (1 - options.prune)) continue;
      if (drop == d || without.density > best_without.density) {
        drop = j;
        best_without = without;
      }
    }
    if (drop == d) break;
    r.box = best_without;
  }
  r.density_without.assign(d, r.box.density);
  for (size_t j = 0; j < d; ++j) {
    if (r.box.low[j] == r.data_low[j] && r.box.high[j] == r.data_high[j]) continue;
    std::vector<double> lo = r.box.low, hi = r.box.high;
    lo[j] = r.data_low[j];
    hi[j] = r.data_high[j];
    r.density_without[j] = box_over_all(lo, hi).density;
  }
  return r;
}

namespace {
// The restricted inputs of the reported box, the most decisive first.
std::vector<size_t> RestrictedByImportance(const PrimResult& r) {
  std::vector<size_t> order;
  for (size_t j = 0; j < r.inputs.size(); ++j) {
    if (r.box.low[j] != r.data_low[j] || r.box.high[j] != r.data_high[j]) order.push_back(j);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return r.density_without[a] < r.density_without[b];
  });
  return order;
}
}  // namespace

Json PrimJson(const PrimResult& r, const std::string& outcome, const PrimOptions& options) {
  auto box_json = [&](const PrimBox& b) {
    Json limits = Json::array();
    for (size_t j = 0; j < r.inputs.size(); ++j) {
      if (b.low[j] == r.data_low[j] && b.high[j] == r.data_high[j]) continue;
      limits.push_back({{"input", r.inputs[j]},
                        {"low", b.low[j]},
                        {"high", b.high[j]},
                        {"data_low", r.data_low[j]},
                        {"data_high", r.data_high[j]}});
    }
    return Json{{"runs", b.runs},
                {"hits", b.hits},
                {"coverage", b.coverage},
                {"density", b.density},
                {"mass", b.mass},
                {"restricted", limits}};
  };
  Json box = box_json(r.box);
  Json ranked = Json::array();  // the chosen box's restrictions, most decisive first
  for (size_t j : RestrictedByImportance(r)) {
    ranked.push_back({{"input", r.inputs[j]},
                      {"low", r.box.low[j]},
                      {"high", r.box.high[j]},
                      {"data_low", r.data_low[j]},
                      {"data_high", r.data_high[j]},
                      {"density_without", r.density_without[j]}});
  }
  box["restricted"] = ranked;
  Json trajectory = Json::array();
  for (const PrimBox& b : r.trajectory) {
    trajectory.push_back({{"coverage", b.coverage},
                          {"density", b.density},
                          {"mass", b.mass},
                          {"restricted_inputs", box_json(b)["restricted"].size()}});
  }
  return {{"method",
           "PRIM (Friedman and Fisher 1999): peel the alpha share of the box's runs at one end of "
           "one input, the peel leaving the highest density, while the box keeps at least "
           "min_mass of all runs; the box reported is the densest one with at least the stated "
           "coverage, then pruned: each restriction whose removal costs less than the prune share "
           "of its density is removed"},
          {"outcome", outcome},
          {"options", {{"alpha", options.alpha}, {"min_mass", options.min_mass},
                       {"coverage", options.coverage}, {"prune", options.prune}}},
          {"runs", r.runs},
          {"hits", r.hits},
          {"base_rate", r.base_rate},
          {"box", box},
          {"box_before_pruning", box_json(r.trajectory[r.chosen])},
          {"chosen_step", r.chosen},
          {"trajectory", trajectory}};
}

std::string PrimText(const PrimResult& r, const std::string& outcome) {
  const PrimBox& b = r.box;
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line,
                "discovery (PRIM) of %s: %zu of %zu runs (base rate %.3f); the box below holds "
                "%zu runs, density %.3f, coverage %.3f\n",
                outcome.c_str(), r.hits, r.runs, r.base_rate, b.runs, b.density, b.coverage);
  out << line;
  const std::vector<size_t> restricted = RestrictedByImportance(r);
  for (size_t j : restricted) {
    out << "  " << r.inputs[j] << " in [" << svg::FormatValue(b.low[j]) << ", "
        << svg::FormatValue(b.high[j]) << "] (of [" << svg::FormatValue(r.data_low[j]) << ", "
        << svg::FormatValue(r.data_high[j]) << "]; density without it "
        << svg::FormatValue(r.density_without[j]) << ")\n";
  }
  if (restricted.empty()) out << "  no input restricted: no box is denser at that coverage\n";
  return out.str();
}

}  // namespace geostrat
