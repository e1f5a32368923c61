#include "engine/analysis/discovery.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/format.h"

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

// Each input's range over all runs.
void DataRanges(const std::vector<std::vector<double>>& x, size_t d, std::vector<double>& low,
                std::vector<double>& high) {
  low.assign(d, 0);
  high.assign(d, 0);
  for (size_t j = 0; j < d; ++j) {
    low[j] = high[j] = x[0][j];
    for (const auto& row : x) {
      low[j] = std::min(low[j], row[j]);
      high[j] = std::max(high[j], row[j]);
    }
  }
}

}  // namespace

PrimResult Prim(const std::vector<std::string>& inputs, const std::vector<std::vector<double>>& x,
                const std::vector<bool>& y, const PrimOptions& options) {
  if (x.size() != y.size() || x.empty()) throw InternalError("Prim: no runs, or x and y differ");
  const size_t n = x.size(), d = inputs.size();
  PrimResult r;
  r.inputs = inputs;
  r.runs = n;
  DataRanges(x, d, r.data_low, r.data_high);
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
    out << "  " << r.inputs[j] << " in [" << FormatValue(b.low[j]) << ", "
        << FormatValue(b.high[j]) << "] (of [" << FormatValue(r.data_low[j]) << ", "
        << FormatValue(r.data_high[j]) << "]; density without it "
        << FormatValue(r.density_without[j]) << ")\n";
  }
  if (restricted.empty()) out << "  no input restricted: no box is denser at that coverage\n";
  return out.str();
}

}  // namespace geostrat

namespace geostrat {
namespace {

// n times the Gini impurity of a set of n runs of which h have the outcome.
double WeightedGini(size_t n, size_t h) {
  if (n == 0) return 0;
  const double dn = static_cast<double>(n), dh = static_cast<double>(h);
  return 2 * dh * (dn - dh) / dn;
}

struct Split {
  int input = -1;
  double threshold = 0, decrease = 0;
};

// The split of `in` that most reduces the weighted Gini impurity with at
// least `min_runs` on each side; on ties the first input, then the lowest
// threshold (the order of the loops).
Split BestSplit(const std::vector<size_t>& in, const std::vector<std::vector<double>>& x,
                const std::vector<bool>& y, size_t d, size_t min_runs) {
  Split best;
  size_t hits = 0;
  for (size_t i : in) hits += y[i];
  const double parent = WeightedGini(in.size(), hits);
  std::vector<size_t> order = in;
  for (size_t j = 0; j < d; ++j) {
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return x[a][j] < x[b][j]; });
    size_t left_hits = 0;
    for (size_t k = 0; k + 1 < order.size(); ++k) {
      left_hits += y[order[k]];
      const double here = x[order[k]][j], next = x[order[k + 1]][j];
      if (here == next) continue;  // a threshold must fall between distinct values
      const size_t nl = k + 1, nr = order.size() - nl;
      if (nl < min_runs || nr < min_runs) continue;
      const double decrease =
          parent - WeightedGini(nl, left_hits) - WeightedGini(nr, hits - left_hits);
      if (decrease > best.decrease) {
        best.input = static_cast<int>(j);
        best.threshold = here + (next - here) / 2;
        best.decrease = decrease;
      }
    }
  }
  return best;
}

}  // namespace

TreeResult Cart(const std::vector<std::string>& inputs, const std::vector<std::vector<double>>& x,
                const std::vector<bool>& y, const TreeOptions& options) {
  if (x.size() != y.size() || x.empty()) throw InternalError("Cart: no runs, or x and y differ");
  const size_t n = x.size(), d = inputs.size();
  TreeResult t;
  t.inputs = inputs;
  t.runs = n;
  DataRanges(x, d, t.data_low, t.data_high);
  for (bool v : y) t.hits += v;
  t.importance.assign(d, 0);
  const size_t min_runs = std::max<size_t>(
      1, static_cast<size_t>(std::ceil(options.min_leaf * static_cast<double>(n))));

  // Depth first, left before right: a node's index is fixed before its
  // children's, so the tree reads top-down in `nodes`.
  struct Pending {
    std::vector<size_t> in;
    int depth;
    std::vector<double> low, high;
    int parent;
    bool left;
  };
  std::vector<Pending> stack;
  std::vector<size_t> all(n);
  for (size_t i = 0; i < n; ++i) all[i] = i;
  stack.push_back({std::move(all), 0, t.data_low, t.data_high, -1, true});
  while (!stack.empty()) {
    Pending p = std::move(stack.back());
    stack.pop_back();
    TreeNode node;
    node.runs = p.in.size();
    for (size_t i : p.in) node.hits += y[i];
    node.density = static_cast<double>(node.hits) / static_cast<double>(node.runs);
    node.depth = p.depth;
    node.low = p.low;
    node.high = p.high;
    const int index = static_cast<int>(t.nodes.size());
    if (p.parent >= 0) (p.left ? t.nodes[p.parent].left : t.nodes[p.parent].right) = index;
    const bool pure = node.hits == 0 || node.hits == node.runs;
    const Split split = (p.depth < options.max_depth && !pure)
                            ? BestSplit(p.in, x, y, d, min_runs)
                            : Split{};
    if (split.input >= 0) {
      node.input = split.input;
      node.threshold = split.threshold;
      t.importance[split.input] += split.decrease;
    }
    t.nodes.push_back(node);
    if (split.input < 0) continue;
    const size_t j = static_cast<size_t>(split.input);
    Pending left{{}, p.depth + 1, p.low, p.high, index, true};
    Pending right{{}, p.depth + 1, p.low, p.high, index, false};
    for (size_t i : p.in) (x[i][j] <= split.threshold ? left : right).in.push_back(i);
    left.high[j] = split.threshold;
    right.low[j] = split.threshold;
    stack.push_back(std::move(right));  // popped after the left subtree
    stack.push_back(std::move(left));
  }
  double total = 0;
  for (double v : t.importance) total += v;
  if (total > 0) {
    for (double& v : t.importance) v /= total;
  }
  return t;
}

std::vector<size_t> LeavesByDensity(const TreeResult& t) {
  std::vector<size_t> leaves;
  for (size_t k = 0; k < t.nodes.size(); ++k) {
    if (t.nodes[k].input < 0) leaves.push_back(k);
  }
  std::stable_sort(leaves.begin(), leaves.end(), [&](size_t a, size_t b) {
    const TreeNode &na = t.nodes[a], &nb = t.nodes[b];
    if (na.density != nb.density) return na.density > nb.density;
    return na.runs > nb.runs;
  });
  return leaves;
}

std::vector<std::string> NodeConditions(const TreeResult& t, size_t k) {
  const TreeNode& node = t.nodes[k];
  std::vector<std::string> out;
  for (size_t j = 0; j < t.inputs.size(); ++j) {
    // A split's threshold lies strictly inside the data's range, so a limit
    // that differs from the range was set by a split.
    const bool has_low = node.low[j] != t.data_low[j], has_high = node.high[j] != t.data_high[j];
    const std::string lo = FormatValue(node.low[j]), hi = FormatValue(node.high[j]);
    if (has_low && has_high) out.push_back(lo + " < " + t.inputs[j] + " <= " + hi);
    else if (has_low) out.push_back(t.inputs[j] + " > " + lo);
    else if (has_high) out.push_back(t.inputs[j] + " <= " + hi);
  }
  return out;
}

namespace {
std::string JoinConditions(const std::vector<std::string>& conditions) {
  if (conditions.empty()) return "every run";
  std::string out;
  for (const auto& c : conditions) out += (out.empty() ? "" : " and ") + c;
  return out;
}

double Coverage(const TreeResult& t, const TreeNode& node) {
  return t.hits ? static_cast<double>(node.hits) / static_cast<double>(t.hits) : 0;
}
}  // namespace

Json TreeJson(const TreeResult& t, const std::string& outcome, const TreeOptions& options) {
  Json nodes = Json::array();
  for (size_t k = 0; k < t.nodes.size(); ++k) {
    const TreeNode& node = t.nodes[k];
    Json j = {{"node", k},
              {"depth", node.depth},
              {"runs", node.runs},
              {"hits", node.hits},
              {"density", node.density},
              {"coverage", Coverage(t, node)},
              {"conditions", NodeConditions(t, k)}};
    if (node.input >= 0) {
      j["split"] = {{"input", t.inputs[node.input]}, {"threshold", node.threshold}};
      j["left"] = node.left;
      j["right"] = node.right;
    } else {
      j["split"] = nullptr;
    }
    nodes.push_back(j);
  }
  Json leaves = Json::array();
  for (size_t k : LeavesByDensity(t)) leaves.push_back(k);
  std::vector<size_t> by_importance(t.inputs.size());
  for (size_t j = 0; j < by_importance.size(); ++j) by_importance[j] = j;
  std::stable_sort(by_importance.begin(), by_importance.end(),
                   [&](size_t a, size_t b) { return t.importance[a] > t.importance[b]; });
  Json importance = Json::array();
  for (size_t j : by_importance) {
    if (t.importance[j] > 0) importance.push_back({{"input", t.inputs[j]}, {"share", t.importance[j]}});
  }
  return {{"method",
           "CART (Breiman et al. 1984): each node splits its runs at the input and threshold "
           "(midway between two observed values; runs at or below it go left) that most reduce "
           "the Gini impurity of the outcome, while both sides keep at least min_leaf of all "
           "runs, down to max_depth"},
          {"options", {{"max_depth", options.max_depth}, {"min_leaf", options.min_leaf}}},
          {"outcome", outcome},
          {"nodes", nodes},
          {"leaves_by_density", leaves},
          {"importance", importance}};
}

std::string TreeText(const TreeResult& t, const std::string& outcome) {
  std::ostringstream out;
  const std::vector<size_t> leaves = LeavesByDensity(t);
  int depth = 0;
  for (const auto& node : t.nodes) depth = std::max(depth, node.depth);
  out << "discovery (CART) of " << outcome << ": a tree of depth " << depth << " with "
      << leaves.size() << " leaves";
  if (leaves.size() == 1) {
    out << "; no split separates the outcome\n";
    return out.str();
  }
  out << "; the densest leaves:\n";
  int shown = 0;
  for (size_t k : leaves) {
    const TreeNode& node = t.nodes[k];
    if (node.hits == 0 || shown == 3) break;
    ++shown;
    out << "  density " << FormatP(node.density) << ", coverage "
        << FormatP(Coverage(t, node)) << ", " << node.runs
        << " runs: " << JoinConditions(NodeConditions(t, k)) << "\n";
  }
  return out.str();
}

}  // namespace geostrat
