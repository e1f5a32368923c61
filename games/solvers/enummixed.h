// enummixed: every extreme Nash equilibrium of a two-player game, and the
// maximal convex sets of equilibria they span, in exact arithmetic.
//
// Method (Gambit's "enummixed"; Avis, Rosenberg, Savani and von Stengel 2010,
// "Enumeration of Nash equilibria for two-player games", Economic Theory 42):
// with payoffs shifted to be positive, the best-response polytopes are
//   P = {x >= 0 : B^T x <= 1}  and  Q = {y >= 0 : A y <= 1},
// labelled by the constraints they make tight (row strategy i: x_i = 0 or
// (A y)_i = 1; column strategy j: (B^T x)_j = 1 or y_j = 0). The extreme
// equilibria are exactly the completely labelled vertex pairs (x, y) other
// than (0, 0), normalised to sum 1.
//
// Vertices: a depth-first search over the bases of each polytope, from
// the origin's basis, with ONE simplex dictionary per thread (no tableau
// stored per basis, which is what limited the previous version to 15x15):
// it pivots to an unvisited neighbour and back. The dictionary is
// fraction-free (Bareiss 1968, as in Avis-Fukuda's lrs): every entry is a
// minor of the constraint matrix, a function of the basis alone, so the
// pivot back restores it exactly; the last 32 dictionaries on the search
// path are kept, which spares most pivots back. What is stored per basis is
// its set of basic variables (a bit set, in a hash set of visited bases),
// and per vertex its label set. Ties in the ratio test are broken by the
// lexicographic rule (the right-hand side perturbed by 1 + (e, e^2, ...)):
// the perturbed polytope is simple, its graph is connected, and every
// vertex of P or Q is a limit of its vertices, so the search reaches every
// vertex of a degenerate game through its lexicographically feasible bases
// only, not every feasible basis (lrs's device, without lrs's reverse
// search: the hash set is cheaper per basis than reverse search's parent
// test, at 16-24 bytes a basis).
// Entries are 64-bit integers while they fit, 128-bit ones (with exact
// 256-bit intermediate products) beyond, and GMP integers beyond that: each
// pivot is checked for overflow and redone one width up, and the dictionary
// narrowed again once its entries fit. Random 15x15 games need 128 bits at
// about one pivot in ten, 17x17 ones at four in ten, and games with huge
// payoffs GMP throughout; the answer is the same exact one.
// Exact divisions are multiplications by the divisor's inverse modulo 2^64
// or 2^128, not divisions.
//
// Pairs: a vertex x of P with label set L(x) matches the vertices y of Q
// whose labels include all the others. A nondegenerate x lacks exactly n
// labels and a nondegenerate y has exactly n, so they match only when y's
// label set IS the complement: one binary search per x in Q's sorted label
// sets (no quadratic scan). Degenerate vertices
// (more labels than their dimension) are checked against the candidates
// sharing the complement's rarest label. The equilibria are listed in one
// canonical order whatever the thread count or search order: by x's
// probabilities in decreasing lexicographic order, then by y's (so pure
// strategy 1 of the row player first).
//
// Maximal bicliques of the graph linking the x and y of each equilibrium
// (Bron and Kerbosch 1973) give the convex sets: every mix of the x's of a
// clique against every mix of its y's is an equilibrium, and the union of
// the cliques' hulls is the whole equilibrium set.
//
// Cost: time linear in the number of lexicographically feasible bases of
// P and Q (for each, a ratio test per nonbasic variable, a hash lookup per
// neighbour, and a pivot of rows x (dim + 1) entries), which for random
// n x n games grows about 2.5 to 3-fold per strategy: about 85 thousand at
// 15x15 (0.25-0.3 s on one core, 0.15-0.18 s on two; lrsnash 2.2-3.4 s)
// and 5 million at 20x20 (about 40 s on one core, 26 s on two, 300 MB;
// lrsnash about 2 minutes, in 4 MB: reverse search keeps no visited set,
// testing instead whether each neighbour is a child, a ratio test more per
// edge); bench/bench_solvers.cc measures these.
// Threads share the search of both polytopes: one hash set of visited bases
// per polytope (sharded, spin-locked), P's and Q's searches started on
// different threads, and a thread that runs out of work is handed the
// claimed, unexplored neighbours of the oldest basis on another thread's
// search path (it rebuilds that basis's dictionary). The result is the
// same for any thread count: the set of vertices does not depend on the
// order of the search, and the listing is canonical. Games whose polytopes
// cannot have 2000 bases (McMullen's upper bound; up to about 8x8) use one
// thread, since waking a second costs more than the whole search.
//
// Options: max_seconds stops the enumeration early (then the result lists
// the equilibria among the vertices found so far, complete = false, and the
// warning says so); threads sets the OpenMP threads (0: OpenMP's default,
// e.g. OMP_NUM_THREADS). Neither changes what a complete run returns.
#pragma once

#include <cstdint>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

struct EnumMixedOptions {
  // Wall-clock limit on the vertex enumeration, in seconds; 0: none. When it
  // is reached every thread stops and the equilibria among the vertices
  // found so far are returned, with complete = false and a warning.
  double max_seconds = 0;
  // OpenMP threads; 0: omp_get_max_threads() (OMP_NUM_THREADS, else the
  // cores). Inside another parallel region OpenMP's nesting rules apply.
  int threads = 0;
};

// Limits.
// - Up front, one dense tableau of the larger polytope (max(m, n) x
//   (m + n + 1) integers) at most kMaxEnumMixedCells, and at most
//   kMaxEnumMixedStrategies strategies in all: bases and label sets are
//   fixed-size bit sets of one to four 64-bit words (a game past that, unless
//   one player has a handful of strategies, has far more vertices than can
//   be enumerated anyway; lcp finds one equilibrium of any size).
// - During the search, the memory it keeps (the hash sets of visited bases
//   and of degenerate vertices' label sets, the vertex lists and the search
//   stacks) at most kMaxEnumMixedBytes: a random 20x20 game needs about
//   300 MB and each strategy more about 2.5-3 times that, so the limit is
//   near 22x22; a degenerate game can need more. Reaching it
//   throws NotApplicable (nothing partial is returned: unlike a time limit,
//   it says the game is out of reach, not that it was cut short).
// - The extreme equilibria at most kMaxListedProbabilities / (m + n), with
//   at most kMaxEnumMixedGraph pairs of their x's and y's for the clique
//   search.
inline constexpr double kMaxEnumMixedCells = 4e7;
inline constexpr int kMaxEnumMixedStrategies = 256;
inline constexpr int64_t kMaxEnumMixedBytes = int64_t{3} << 30;  // 3 GiB
inline constexpr double kMaxEnumMixedGraph = 1e7;

// Throws NotApplicable unless the game has two players, or when a limit is
// reached; std::invalid_argument when max_seconds is negative or NaN.
// result.equilibria are the extreme equilibria (profile, exact
// fractions, payoffs, max regret) in the canonical order above;
// result.cliques lists, per maximal clique, the indices of its equilibria.
// result.parameters holds max_seconds when it is set (threads never: the
// result does not depend on them).
SolveResult EnumMixed(const NormalForm& game, const EnumMixedOptions& options = {});

}  // namespace geostrat
