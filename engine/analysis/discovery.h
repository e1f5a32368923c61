// Scenario discovery: which inputs, in which ranges, make an outcome likely?
// PRIM, the patient rule induction method (Friedman and Fisher 1999), as the
// EMA Workbench uses it on exploratory runs (Kwakkel 2017): starting from the
// box holding every run, repeatedly peel off the alpha share of the runs at
// one end of one input, choosing the peel that leaves the highest share of
// runs with the outcome (density), until the box would hold less than
// min_mass of all runs. Each step is a box with its coverage (the share of
// all runs with the outcome that it holds) and density; the trade-off
// between them is the user's choice, and the box reported is the densest one
// that still covers at least `coverage` of the outcome's runs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/core/config_node.h"

namespace geostrat {

struct PrimOptions {
  double alpha = 0.05;     // share of the box's runs peeled per step
  double min_mass = 0.05;  // stop before the box holds less than this share of all runs
  double coverage = 0.5;   // the box reported: densest with at least this coverage
  // Then each restriction whose removal costs less than this share of the
  // box's density is removed (greedily, the least useful first), so the box
  // names only the inputs that matter.
  double prune = 0.05;
};

struct PrimBox {
  std::vector<double> low, high;  // per input: the box's limits (inclusive)
  size_t runs = 0, hits = 0;      // runs in the box, and those with the outcome
  double coverage = 0, density = 0, mass = 0;
};

struct PrimResult {
  std::vector<std::string> inputs;
  std::vector<double> data_low, data_high;  // each input's range over all runs
  size_t runs = 0, hits = 0;                // all runs, and those with the outcome
  double base_rate = 0;                     // hits / runs: the first box's density
  std::vector<PrimBox> trajectory;          // step 0 is the whole box
  size_t chosen = 0;                        // index into trajectory
  PrimBox box;                              // the chosen box, pruned
  // Per input: the box's density without its restriction on that input
  // (the box's own where it has none); the lower, the more it matters.
  std::vector<double> density_without;
};

// x[i][j]: run i's value of input j; y[i]: whether run i has the outcome.
PrimResult Prim(const std::vector<std::string>& inputs, const std::vector<std::vector<double>>& x,
                const std::vector<bool>& y, const PrimOptions& options);

// The chosen box and the trajectory as JSON: the restricted inputs (those
// whose limits differ from the data's range) with their limits first.
Json PrimJson(const PrimResult& r, const std::string& outcome, const PrimOptions& options);
// A few lines for the terminal.
std::string PrimText(const PrimResult& r, const std::string& outcome);

// The second scenario-discovery method beside PRIM: a classification tree
// (CART, Breiman et al. 1984). Each node splits its runs in two at the input
// and threshold that most reduce the Gini impurity of "has the outcome",
// until max_depth or until no split leaves min_leaf of all runs on each
// side. Where PRIM gives one box, the tree partitions every run, so it also
// shows where the outcome does not happen, and a split near the root names
// the input that separates most.
struct TreeOptions {
  int max_depth = 3;
  double min_leaf = 0.02;  // share of all runs each child must keep
};

struct TreeNode {
  size_t runs = 0, hits = 0;
  double density = 0;        // hits / runs
  int depth = 0;
  int input = -1;            // split input; -1: a leaf
  double threshold = 0;      // runs with x[input] <= threshold go left
  int left = -1, right = -1; // indices into TreeResult::nodes
  // The box of the node's runs: per input the limits its ancestors' splits
  // set (the data's range where none did).
  std::vector<double> low, high;
};

struct TreeResult {
  std::vector<std::string> inputs;
  std::vector<double> data_low, data_high;
  size_t runs = 0, hits = 0;
  std::vector<TreeNode> nodes;    // node 0 is the root; children after parents
  std::vector<double> importance; // per input: its share of the tree's Gini decrease
};

TreeResult Cart(const std::vector<std::string>& inputs, const std::vector<std::vector<double>>& x,
                const std::vector<bool>& y, const TreeOptions& options);
// The leaves, densest first (ties: more runs first, then tree order).
std::vector<size_t> LeavesByDensity(const TreeResult& t);
// The conditions of node k's box, as "input <= v" / "input > v" / "a < input <= b".
std::vector<std::string> NodeConditions(const TreeResult& t, size_t k);
Json TreeJson(const TreeResult& t, const std::string& outcome, const TreeOptions& options);
std::string TreeText(const TreeResult& t, const std::string& outcome);

}  // namespace geostrat
