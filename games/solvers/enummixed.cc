#include "games/solvers/enummixed.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "games/solvers/exact.h"

namespace geostrat {

namespace {

using LabelSet = std::vector<uint64_t>;

struct Vertex {
  // Coordinates in the polytope times a common positive factor (the
  // tableau's determinant), which normalising removes.
  std::vector<BigInt> point;
  LabelSet labels;
  bool zero = true;
};

// All vertices of {z >= 0 : M z <= 1} for a positive integer matrix M
// (rows x dim). Variables 0..dim-1 are z, dim.. are the row slacks; variable
// k carries label label_of[k] when it is zero.
std::vector<Vertex> EnumerateVertices(const IntegerMatrix& m, const std::vector<int>& label_of,
                                      int num_labels) {
  const int rows = static_cast<int>(m.size());
  const int dim = static_cast<int>(m[0].size());
  const int vars = dim + rows;
  // Each basis reached costs a tableau of rows x (vars + 1) integers (a
  // copy and a pivot), held until it is visited; a degenerate game can have
  // exponentially many bases per vertex. The cells of all tableaus made are
  // bounded, which bounds both time and memory.
  const double cells = static_cast<double>(rows) * (vars + 1);
  const double max_bases = std::floor(kMaxEnumMixedCells / cells);  // at least 1: see EnumMixed
  double made = 1;
  auto over_limit = [&]() {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "enummixed: a best-response polytope of this game has more than %.0f bases "
                  "(%d constraints, %d variables: %.0f integers a basis; the limit is %.3g "
                  "integers in all, which keeps vertex enumeration to seconds); degenerate "
                  "games, e.g. with many equal payoffs, have far more bases than vertices; use "
                  "lcp or enumpure",
                  max_bases, rows, vars, cells, kMaxEnumMixedCells);
    return NotApplicable(buf);
  };
  if (made > max_bases) throw over_limit();
  IntegerTableau start(rows, vars);
  std::vector<int> basis(rows);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < dim; ++c) start.At(r, c) = m[r][c];
    start.At(r, dim + r) = 1;
    start.At(r, vars) = 1;
    basis[r] = dim + r;
  }
  start.SetBasis(basis);

  // Bases visited, as sets of basic variables: a bit mask when there are at
  // most 64 variables (the usual case, and cheap to hash), else the sorted
  // indices as bytes.
  std::unordered_set<uint64_t> seen_masks;
  std::unordered_set<std::string> seen_sorted;
  auto first_visit = [&](std::vector<int> b) {
    if (vars <= 64) {
      uint64_t mask = 0;
      for (int k : b) mask |= uint64_t{1} << k;
      return seen_masks.insert(mask).second;
    }
    std::sort(b.begin(), b.end());
    return seen_sorted
        .insert(std::string(reinterpret_cast<const char*>(b.data()), b.size() * sizeof(int)))
        .second;
  };
  first_visit(basis);
  std::unordered_map<std::string, int> vertex_index;
  std::vector<Vertex> vertices;
  // Depth-first over the bases. A basis waiting on the stack is its parent
  // and the pivot that reaches it, made when it is taken off: parents are
  // shared, so memory holds the tableaus on the current path with children
  // still waiting, not one tableau per waiting basis (which took gigabytes).
  struct Pending {
    std::shared_ptr<const IntegerTableau> parent;
    int row, col;  // -1: the parent itself
  };
  std::vector<Pending> stack{{std::make_shared<const IntegerTableau>(std::move(start)), -1, -1}};
  const size_t words = (num_labels + 63) / 64;
  BigInt lhs, rhs;
  while (!stack.empty()) {
    const Pending next_basis = std::move(stack.back());
    stack.pop_back();
    std::shared_ptr<const IntegerTableau> current = next_basis.parent;
    if (next_basis.row >= 0) {
      IntegerTableau u = *next_basis.parent;
      u.Pivot(next_basis.row, next_basis.col);
      current = std::make_shared<const IntegerTableau>(std::move(u));
    }
    const IntegerTableau& t = *current;

    // Record the vertex of this basis. A basis with no basic variable at
    // zero is the only basis of its vertex, so only degenerate bases need
    // the exact coordinates as a key to tell whether the vertex is new.
    Vertex v;
    v.point.assign(dim, BigInt(0));
    v.labels.assign(words, 0);
    bool degenerate = false;
    for (int k = 0; k < vars; ++k) {
      const int row = t.RowOf(k);
      const bool is_zero = row < 0 || t.Rhs(row) == 0;
      if (is_zero) v.labels[label_of[k] / 64] |= uint64_t{1} << (label_of[k] % 64);
      if (row >= 0 && is_zero) degenerate = true;
      if (k < dim && !is_zero) {
        v.point[k] = t.Rhs(row);
        v.zero = false;
      }
    }
    if (degenerate) {
      std::string key;
      for (const BigInt& c : v.point) key += FractionString(Rational(c, t.det())) + ",";
      if (vertex_index.emplace(key, static_cast<int>(vertices.size())).second) {
        vertices.push_back(std::move(v));
      }
    } else {
      vertices.push_back(std::move(v));
    }

    // Every feasible pivot from this basis: each entering column, each row
    // attaining the minimum ratio (ties are where degeneracy lives, so all
    // of them are followed).
    for (int col = 0; col < vars; ++col) {
      if (t.RowOf(col) >= 0) continue;
      std::vector<int> best;
      for (int r = 0; r < rows; ++r) {
        if (t.At(r, col) <= 0) continue;
        if (best.empty()) {
          best.push_back(r);
          continue;
        }
        // Rhs(r)/At(r,col) versus Rhs(b)/At(b,col), denominators positive.
        const int b = best.front();
        lhs = t.Rhs(r) * t.At(b, col);
        rhs = t.Rhs(b) * t.At(r, col);
        if (lhs < rhs) {
          best.assign(1, r);
        } else if (lhs == rhs) {
          best.push_back(r);
        }
      }
      // No positive entry would mean an unbounded edge; P and Q are bounded
      // because the matrix is positive, so this does not happen.
      for (int r : best) {
        std::vector<int> next = t.basis();
        next[r] = col;
        if (!first_visit(next)) continue;
        if (++made > max_bases) throw over_limit();
        stack.push_back({current, r, col});
      }
    }
  }
  return vertices;
}

bool CompletelyLabelled(const LabelSet& a, const LabelSet& b, const LabelSet& all) {
  for (size_t w = 0; w < all.size(); ++w) {
    if ((a[w] | b[w]) != all[w]) return false;
  }
  return true;
}

std::vector<Rational> Normalised(const std::vector<BigInt>& point) {
  BigInt sum = 0;
  for (const BigInt& c : point) sum += c;
  std::vector<Rational> out;
  out.reserve(point.size());
  for (const BigInt& c : point) out.push_back(Rational(c, sum));
  return out;
}

// Maximal bicliques of a bipartite graph (left vertices 0..L-1, right
// 0..R-1, adj[l] = set of right neighbours) with both sides nonempty, by
// Bron-Kerbosch with pivoting on the graph in which each side is made a
// complete graph: its maximal cliques are the maximal bicliques, plus one
// side alone when nothing on the other side is adjacent to all of it.
std::vector<std::pair<std::vector<int>, std::vector<int>>> MaximalBicliques(
    int left, int right, const std::vector<std::vector<bool>>& adj) {
  const int total = left + right;
  auto adjacent = [&](int u, int v) {
    if (u == v) return false;
    if ((u < left) == (v < left)) return true;
    if (u < left) return static_cast<bool>(adj[u][v - left]);
    return static_cast<bool>(adj[v][u - left]);
  };
  std::vector<std::pair<std::vector<int>, std::vector<int>>> out;
  std::function<void(std::vector<int>&, std::vector<int>, std::vector<int>)> expand =
      [&](std::vector<int>& clique, std::vector<int> candidates, std::vector<int> excluded) {
        if (candidates.empty() && excluded.empty()) {
          std::vector<int> ls, rs;
          for (int v : clique) (v < left ? ls : rs).push_back(v < left ? v : v - left);
          if (!ls.empty() && !rs.empty()) {
            std::sort(ls.begin(), ls.end());
            std::sort(rs.begin(), rs.end());
            out.emplace_back(ls, rs);
          }
          return;
        }
        // Pivot: the vertex with most neighbours among the candidates.
        int pivot = -1, best = -1;
        for (const auto* set : {&candidates, &excluded}) {
          for (int u : *set) {
            int count = 0;
            for (int v : candidates) count += adjacent(u, v);
            if (count > best) best = count, pivot = u;
          }
        }
        // Bron-Kerbosch with a pivot: branch only on candidates the pivot does
        // not reach (the others are found through the pivot's branch).
        std::vector<int> branch_on;
        for (int v : candidates) {
          if (!adjacent(pivot, v)) branch_on.push_back(v);
        }
        for (int v : branch_on) {
          std::vector<int> c2, x2;
          for (int u : candidates) {
            if (adjacent(u, v)) c2.push_back(u);
          }
          for (int u : excluded) {
            if (adjacent(u, v)) x2.push_back(u);
          }
          clique.push_back(v);
          expand(clique, c2, x2);
          clique.pop_back();
          candidates.erase(std::find(candidates.begin(), candidates.end(), v));
          excluded.push_back(v);
        }
      };
  std::vector<int> all(total), clique;
  for (int v = 0; v < total; ++v) all[v] = v;
  expand(clique, all, {});
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

SolveResult EnumMixed(const NormalForm& game) {
  RequireTwoPlayers(game, "enummixed");
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  // Up front: one tableau of each polytope (n x (m + n + 1) and m x (m + n
  // + 1) integers) must fit in the limit before anything is converted.
  const double cells = static_cast<double>(std::max(m, n)) * (m + n + 1);
  if (cells > kMaxEnumMixedCells) {
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  "enummixed: the tableau of a best-response polytope of this game would hold "
                  "%.0f integers; the limit is %.3g in all; use lcp or enumpure",
                  cells, kMaxEnumMixedCells);
    throw NotApplicable(buf);
  }
  const IntegerBimatrix g = PositiveIntegerPayoffs(ExactPayoffMatrices(game));

  // P: x in R^m, constraints B^T x <= 1 (n rows). x_i has label i, the slack
  // of column j has label m + j.
  IntegerMatrix bt(n, std::vector<BigInt>(m));
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) bt[c][r] = g.b[r][c];
  }
  std::vector<int> p_labels(m + n), q_labels(n + m);
  for (int k = 0; k < m + n; ++k) p_labels[k] = k;
  // Q: y in R^n, constraints A y <= 1 (m rows). y_j has label m + j, the
  // slack of row i has label i.
  for (int j = 0; j < n; ++j) q_labels[j] = m + j;
  for (int i = 0; i < m; ++i) q_labels[n + i] = i;
  const std::vector<Vertex> xs = EnumerateVertices(bt, p_labels, m + n);
  const std::vector<Vertex> ys = EnumerateVertices(g.a, q_labels, m + n);

  LabelSet all((m + n + 63) / 64, 0);
  for (int k = 0; k < m + n; ++k) all[k / 64] |= uint64_t{1} << (k % 64);

  SolveResult result;
  result.method = "enummixed";
  result.complete = true;
  // Equilibria in the order of their x-vertex, then y-vertex; the cliques
  // are over the x's and y's that occur in some equilibrium.
  std::map<int, int> x_node, y_node;  // vertex index -> clique-graph node
  std::vector<std::pair<int, int>> pairs;
  auto count = [](const LabelSet& labels) {
    int c = 0;
    for (uint64_t w : labels) c += __builtin_popcountll(w);
    return c;
  };
  auto key_of = [](const LabelSet& labels) {
    return std::string(reinterpret_cast<const char*>(labels.data()),
                       labels.size() * sizeof(uint64_t));
  };
  // A vertex of Q has at least n labels, exactly n when it is nondegenerate;
  // it matches x when it carries every label x lacks (at most n of them).
  // So a nondegenerate y matching a nondegenerate x (which lacks exactly n)
  // has exactly the complement of x's labels: a hash lookup. Degenerate
  // vertices on either side, rare in generic games, are compared with all.
  std::unordered_map<std::string, std::vector<int>> simple_y;
  std::vector<int> degenerate_y;
  for (size_t j = 0; j < ys.size(); ++j) {
    if (ys[j].zero) continue;
    if (count(ys[j].labels) == n) {
      simple_y[key_of(ys[j].labels)].push_back(static_cast<int>(j));
    } else {
      degenerate_y.push_back(static_cast<int>(j));
    }
  }
  std::vector<int> matches;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (xs[i].zero) continue;
    matches.clear();
    if (count(xs[i].labels) == m) {
      LabelSet complement = all;
      for (size_t w = 0; w < all.size(); ++w) complement[w] &= ~xs[i].labels[w];
      const auto it = simple_y.find(key_of(complement));
      if (it != simple_y.end()) matches = it->second;
      for (int j : degenerate_y) {
        if (CompletelyLabelled(xs[i].labels, ys[j].labels, all)) matches.push_back(j);
      }
    } else {
      for (size_t j = 0; j < ys.size(); ++j) {
        if (!ys[j].zero && CompletelyLabelled(xs[i].labels, ys[j].labels, all)) {
          matches.push_back(static_cast<int>(j));
        }
      }
    }
    std::sort(matches.begin(), matches.end());
    for (int j : matches) {
      pairs.emplace_back(static_cast<int>(i), j);
      x_node.emplace(static_cast<int>(i), static_cast<int>(x_node.size()));
      y_node.emplace(j, static_cast<int>(y_node.size()));
    }
  }
  // The equilibria are listed, and their x's and y's form a graph whose
  // maximal bicliques are computed: both must stay of a listable size.
  if (static_cast<double>(pairs.size()) * (m + n) > static_cast<double>(kMaxListedProbabilities) ||
      static_cast<double>(x_node.size()) * static_cast<double>(y_node.size()) > kMaxEnumMixedGraph) {
    throw NotApplicable("enummixed: this game has " + std::to_string(pairs.size()) +
                        " extreme equilibria (between " + std::to_string(x_node.size()) + " and " +
                        std::to_string(y_node.size()) +
                        " distinct strategies of the two players), too many to list with their "
                        "cliques; use enumpure or lcp");
  }
  std::vector<std::vector<int>> pair_index(x_node.size(), std::vector<int>(y_node.size(), -1));
  std::vector<std::vector<bool>> adj(x_node.size(), std::vector<bool>(y_node.size(), false));
  for (const auto& [i, j] : pairs) {
    const std::vector<Rational> x = Normalised(xs[i].point), y = Normalised(ys[j].point);
    Equilibrium eq;
    eq.profile.resize(2);
    eq.exact.resize(2);
    for (const auto* v : {&x, &y}) {
      const int p = v == &x ? 0 : 1;
      for (const Rational& c : *v) {
        eq.profile[p].push_back(c.convert_to<double>());
        eq.exact[p].push_back(FractionString(c));
      }
    }
    Evaluate(game, eq);
    const int xi = x_node[i], yj = y_node[j];
    pair_index[xi][yj] = static_cast<int>(result.equilibria.size());
    adj[xi][yj] = true;
    result.equilibria.push_back(std::move(eq));
  }
  for (const auto& [ls, rs] :
       MaximalBicliques(static_cast<int>(x_node.size()), static_cast<int>(y_node.size()), adj)) {
    std::vector<int> clique;
    for (int l : ls) {
      for (int r : rs) clique.push_back(pair_index[l][r]);
    }
    std::sort(clique.begin(), clique.end());
    result.cliques.push_back(std::move(clique));
  }
  result.note = std::to_string(xs.size()) + " vertices of P, " + std::to_string(ys.size()) +
                " of Q; " + std::to_string(result.cliques.size()) + " maximal cliques";
  return result;
}

}  // namespace geostrat
