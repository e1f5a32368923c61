#include "games/solvers/lcp.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>

#include "games/solvers/exact.h"

namespace geostrat {

namespace {

// The tableau of {z >= 0 : M z + s = 1} with the slacks s basic: variables
// 0..dim-1 are z, dim.. the slacks.
IntegerTableau SlackTableau(const IntegerMatrix& m) {
  const int rows = static_cast<int>(m.size()), dim = static_cast<int>(m[0].size());
  IntegerTableau t(rows, dim + rows);
  std::vector<int> basis(rows);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < dim; ++c) t.At(r, c) = m[r][c];
    t.At(r, dim + r) = 1;
    t.At(r, dim + rows) = 1;
    basis[r] = dim + r;
  }
  t.SetBasis(basis);
  return t;
}

// The tableau of IntegerTableau in machine integers: entries are kept below
// 2^62 in magnitude, so every product of two fits in __int128 with room for a
// difference, and a Bareiss update that would leave that range reports
// overflow instead (the path is then redone with GMP). Random games' paths
// mostly stay small, and this is several times faster than GMP there.
// (__extension__ because -Wpedantic flags the GCC/Clang builtin type.)
__extension__ typedef __int128 Int128;

class SmallTableau {
 public:
  static constexpr int64_t kLimit = int64_t{1} << 62;

  // Nullopt when an entry of `t` is out of range.
  static std::optional<SmallTableau> From(const IntegerTableau& t) {
    SmallTableau s;
    s.rows_ = t.rows();
    s.vars_ = t.vars();
    s.cells_.resize(static_cast<size_t>(s.rows_) * (s.vars_ + 1));
    for (int r = 0; r < s.rows_; ++r) {
      for (int c = 0; c <= s.vars_; ++c) {
        const BigInt& v = t.At(r, c);
        if (v >= kLimit || v <= -kLimit) return std::nullopt;
        s.cells_[static_cast<size_t>(r) * (s.vars_ + 1) + c] = v.convert_to<int64_t>();
      }
    }
    s.basis_ = t.basis();
    s.row_of_.assign(s.vars_, -1);
    for (int r = 0; r < s.rows_; ++r) s.row_of_[s.basis_[r]] = r;
    s.det_ = t.det().convert_to<int64_t>();
    return s;
  }
  int rows() const { return rows_; }
  int vars() const { return vars_; }
  int64_t At(int row, int col) const {
    return cells_[static_cast<size_t>(row) * (vars_ + 1) + col];
  }
  int64_t Rhs(int row) const { return At(row, vars_); }
  BigInt Det() const { return BigInt(det_); }
  BigInt RhsBig(int row) const { return BigInt(Rhs(row)); }
  int BasicIn(int row) const { return basis_[row]; }
  int RowOf(int var) const { return row_of_[var]; }
  // Sign of a * b - c * d, exactly.
  static int CrossSign(int64_t a, int64_t b, int64_t c, int64_t d) {
    const Int128 x = static_cast<Int128>(a) * b, y = static_cast<Int128>(c) * d;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // Same update as IntegerTableau::Pivot; false on overflow (the tableau is
  // then unusable).
  bool Pivot(int row, int col) {
    const int leaving = basis_[row];
    const int64_t p = At(row, col);
    const int width = vars_ + 1;
    for (int i = 0; i < rows_; ++i) {
      if (i == row) continue;
      int64_t* cells = &cells_[static_cast<size_t>(i) * width];
      const int64_t* pivot_row = &cells_[static_cast<size_t>(row) * width];
      const int64_t factor = cells[col];
      for (int k = 0; k < width; ++k) {
        if (k < vars_ && row_of_[k] >= 0 && k != leaving) continue;  // stays a unit column
        if (k == col) continue;
        const Int128 t =
            (static_cast<Int128>(cells[k]) * p - static_cast<Int128>(factor) * pivot_row[k]) / det_;
        if (t >= kLimit || t <= -kLimit) return false;
        cells[k] = static_cast<int64_t>(t);
      }
    }
    for (int i = 0; i < rows_; ++i) {
      if (i == row) continue;
      cells_[static_cast<size_t>(i) * width + col] = 0;
      cells_[static_cast<size_t>(i) * width + basis_[i]] = p;
    }
    det_ = p;
    row_of_[leaving] = -1;
    row_of_[col] = row;
    basis_[row] = col;
    return true;
  }

 private:
  int rows_ = 0, vars_ = 0;
  std::vector<int64_t> cells_;
  std::vector<int> basis_, row_of_;
  int64_t det_ = 1;
};

int CrossSign(const BigInt& a, const BigInt& b, const BigInt& c, const BigInt& d) {
  const BigInt x = a * b, y = c * d;
  return x < y ? -1 : x > y ? 1 : 0;
}

// The leaving row for entering column `col` by the lexicographic minimum
// ratio test: minimise (rhs, then each initial-slack column) / entry over the
// rows with a positive entry. The slack columns hold the basis inverse, whose
// rows are independent, so two rows never tie on all of it.
template <typename Tableau>
int LexMinRatioRow(const Tableau& t, int col, int first_slack) {
  int best = -1;
  for (int r = 0; r < t.rows(); ++r) {
    if (t.At(r, col) <= 0) continue;
    if (best < 0) {
      best = r;
      continue;
    }
    // Compare t[r][k]/t[r][col] with t[best][k]/t[best][col] for k = rhs,
    // then the slacks; the denominators are positive.
    for (int k = -1; k < t.rows(); ++k) {
      const int column = k < 0 ? t.vars() : first_slack + k;
      const int sign =
          CrossSign(t.At(r, column), t.At(best, col), t.At(best, column), t.At(r, col));
      if (sign != 0) {
        if (sign < 0) best = r;
        break;
      }
    }
  }
  if (best < 0) throw std::logic_error("lcp: unbounded ray (payoffs not positive)");
  return best;
}

bool PivotChecked(IntegerTableau& t, int row, int col) {
  t.Pivot(row, col);
  return true;
}
bool PivotChecked(SmallTableau& t, int row, int col) { return t.Pivot(row, col); }

BigInt RhsOf(const IntegerTableau& t, int row) { return t.Rhs(row); }
BigInt RhsOf(const SmallTableau& t, int row) { return BigInt(t.Rhs(row)); }
BigInt DetOf(const IntegerTableau& t) { return t.det(); }
BigInt DetOf(const SmallTableau& t) { return t.Det(); }

template <typename Tableau>
std::vector<Rational> Strategy(const Tableau& t, int dim) {
  std::vector<Rational> z(dim, Rational(0));
  Rational sum = 0;
  for (int k = 0; k < dim; ++k) {
    const int row = t.RowOf(k);
    if (row >= 0) z[k] = Rational(RhsOf(t, row), DetOf(t));
    sum += z[k];
  }
  for (Rational& c : z) c /= sum;
  return z;
}

struct PathEnd {
  std::vector<Rational> x, y;
  int pivots = 0;
};

// The Lemke-Howson path dropping label k from the tableaus p (for P: x then
// the column slacks, so a variable's index is its label) and q (for Q: y,
// then the row slacks). Nullopt if a machine-integer tableau overflowed, or
// (with `exhausted` set) when the path would take more than `max_pivots`.
template <typename Tableau>
std::optional<PathEnd> Path(Tableau& p, Tableau& q, int m, int n, int k, double max_pivots,
                            bool& exhausted, int& pivots_made) {
  exhausted = false;
  pivots_made = 0;
  auto q_var = [m, n](int label) { return label < m ? n + label : label - m; };
  auto q_label = [m, n](int var) { return var < n ? m + var : var - n; };
  // Drop label k where its strategy variable lives, then alternate: the
  // variable that leaves one tableau carries the label now held twice, so
  // the other tableau's variable with that label enters next.
  bool in_p = k < m;
  int entering = in_p ? k : q_var(k);
  PathEnd end;
  while (true) {
    if (end.pivots >= max_pivots) {
      exhausted = true;
      return std::nullopt;
    }
    Tableau& t = in_p ? p : q;
    const int row = LexMinRatioRow(t, entering, in_p ? m : n);
    const int leaving = t.BasicIn(row);
    ++pivots_made;
    if (!PivotChecked(t, row, entering)) return std::nullopt;
    ++end.pivots;
    const int label = in_p ? leaving : q_label(leaving);
    if (label == k) break;
    in_p = !in_p;
    entering = in_p ? label : q_var(label);
  }
  end.x = Strategy(p, m);
  end.y = Strategy(q, n);
  return end;
}

// ---------------------------------------------------------------------------
// Floating-point path with exact verification of its end.
//
// Why: on long paths (hundreds of pivots on 30x30 games) the Bareiss integers
// grow to hundreds of bits, so the exact path spends its time in GMP. Most of
// that work only decides which basis comes next; the equilibrium itself only
// needs the last basis. So the path is first followed in doubles, and its end
// basis is then checked and evaluated exactly: the equilibrium reported is
// computed from the integer payoffs in rational arithmetic, never from the
// doubles. The double path is abandoned for the exact one (per label)
// whenever a decision is numerically unsafe (an entry or ratio difference in
// the band between "clearly zero" and "clearly nonzero"), when it runs too
// long, or when the end basis fails the exact check.

// Ordinary (non-fraction-free) tableau in doubles: entries are the true
// tableau entries, the basic columns kept exactly unit.
class FloatTableau {
 public:
  // Nullopt when some entry of `t` is not exactly representable: the float
  // path would not even start from the right problem.
  static std::optional<FloatTableau> From(const IntegerTableau& t) {
    FloatTableau f;
    f.rows_ = t.rows();
    f.vars_ = t.vars();
    f.width_ = f.vars_ + 1;
    f.cells_.resize(static_cast<size_t>(f.rows_) * f.width_);
    constexpr int64_t kExact = int64_t{1} << 53;
    for (int r = 0; r < f.rows_; ++r) {
      for (int c = 0; c <= f.vars_; ++c) {
        const BigInt& v = t.At(r, c);
        if (v >= kExact || v <= -kExact) return std::nullopt;
        f.cells_[static_cast<size_t>(r) * f.width_ + c] = v.convert_to<double>();
      }
    }
    f.basis_ = t.basis();
    f.row_of_.assign(f.vars_, -1);
    for (int r = 0; r < f.rows_; ++r) f.row_of_[f.basis_[r]] = r;
    return f;
  }
  int rows() const { return rows_; }
  int vars() const { return vars_; }
  double At(int row, int col) const { return cells_[static_cast<size_t>(row) * width_ + col]; }
  int BasicIn(int row) const { return basis_[row]; }
  int RowOf(int var) const { return row_of_[var]; }
  double ColumnMagnitude(int col) const {
    double m = 0;
    for (int r = 0; r < rows_; ++r) m = std::max(m, std::fabs(At(r, col)));
    return m;
  }
  void Pivot(int row, int col) {
    double* prow = &cells_[static_cast<size_t>(row) * width_];
    const double inv = 1.0 / prow[col];
    for (int k = 0; k < width_; ++k) prow[k] *= inv;
    prow[col] = 1.0;
    for (int i = 0; i < rows_; ++i) {
      if (i == row) continue;
      double* cells = &cells_[static_cast<size_t>(i) * width_];
      const double factor = cells[col];
      if (factor == 0.0) continue;
      for (int k = 0; k < width_; ++k) cells[k] -= factor * prow[k];
      cells[col] = 0.0;  // exactly, so the entering column stays a unit column
    }
    const int leaving = basis_[row];
    row_of_[leaving] = -1;
    row_of_[col] = row;
    basis_[row] = col;
  }

 private:
  int rows_ = 0, vars_ = 0, width_ = 0;
  std::vector<double> cells_;
  std::vector<int> basis_, row_of_;
};

// Tolerances, relative to the magnitudes involved (column magnitude over the
// pivot entry). A value below kZero is taken as an exact zero (a tie, as in
// degenerate games), one above kClear as clearly nonzero, and anything in
// between is "unsure", which sends the label to the exact path rather than
// risking a different pivot from the exact lexicographic rule. kZero is
// tight because genuine ratio gaps near 1e-12 of that scale do occur (45x45
// games with payoffs up to 1e5), while true ties come out far smaller;
// kClear is as loose as it is because a wider unsure band sent most labels
// of 30x30 games to the slow exact path.
constexpr double kZero = 1e-14;
constexpr double kClear = 1e-9;

// The lexicographic minimum-ratio row as LexMinRatioRow picks it, in doubles:
// -1 when some comparison is unsure (or no entry is clearly positive, which
// the exact path then reports).
int FloatLexMinRatioRow(const FloatTableau& t, int col, int first_slack,
                        std::vector<int>& candidates, std::vector<int>& ties) {
  const double col_mag = t.ColumnMagnitude(col);
  candidates.clear();
  for (int r = 0; r < t.rows(); ++r) {
    const double a = t.At(r, col);
    if (a > kClear * col_mag) {
      candidates.push_back(r);
    } else if (a > kZero * col_mag) {
      return -1;  // positive or a rounded zero: cannot tell
    }
  }
  if (candidates.empty()) return -1;
  // Narrow the candidates column by column (rhs, then the initial slacks)
  // to those tying for the minimum ratio, as the exact comparison does.
  for (int k = -1; k < t.rows() && candidates.size() > 1; ++k) {
    const int column = k < 0 ? t.vars() : first_slack + k;
    const double mag = t.ColumnMagnitude(column);
    // Error scale of a ratio t[r][column] / t[r][col]: the column's
    // magnitude over the (positive) denominator.
    double best = std::numeric_limits<double>::infinity();
    int best_row = -1;
    for (int r : candidates) {
      const double q = t.At(r, column) / t.At(r, col);
      if (q < best) {
        best = q;
        best_row = r;
      }
    }
    ties.clear();
    const double best_scale = mag / t.At(best_row, col);
    for (int r : candidates) {
      const double q = t.At(r, column) / t.At(r, col);
      const double scale = std::max(best_scale, mag / t.At(r, col));
      const double gap = q - best;
      if (gap <= kZero * scale) {
        ties.push_back(r);
      } else if (gap < kClear * scale) {
        return -1;
      }
    }
    candidates.swap(ties);
  }
  // Two rows never tie on the whole basis inverse; if they seem to, the
  // doubles are not to be trusted.
  return candidates.size() == 1 ? candidates[0] : -1;
}

// The equilibrium strategy of one polytope's final basis, exactly: with X
// the basic strategy variables and T the rows whose slacks are nonbasic,
// solves M[T][X] z_X = 1 in rationals, then requires z >= 0, every basic
// slack 1 - (M z)_j >= 0 and z != 0. Returns z normalised to sum 1 (the
// value Strategy() gives from the exact tableau with this basis), or
// nullopt when the basis is not a feasible one of this polytope.
std::optional<std::vector<Rational>> ExactStrategyOfBasis(const IntegerMatrix& mat,
                                                          const FloatTableau& t, int dim) {
  const int rows = static_cast<int>(mat.size());
  std::vector<int> xs, tight;
  for (int v = 0; v < dim; ++v) {
    if (t.RowOf(v) >= 0) xs.push_back(v);
  }
  for (int j = 0; j < rows; ++j) {
    if (t.RowOf(dim + j) < 0) tight.push_back(j);
  }
  const int s = static_cast<int>(xs.size());
  if (s == 0 || static_cast<int>(tight.size()) != s) return std::nullopt;
  // Gauss-Jordan elimination on [M[T][X] | 1] in rationals (s is the support
  // size, small for the equilibria paths usually end at).
  std::vector<std::vector<Rational>> a(s, std::vector<Rational>(s + 1));
  for (int i = 0; i < s; ++i) {
    for (int c = 0; c < s; ++c) a[i][c] = Rational(mat[tight[i]][xs[c]]);
    a[i][s] = 1;
  }
  for (int c = 0; c < s; ++c) {
    int pivot = -1;
    for (int i = c; i < s; ++i) {
      if (a[i][c] != 0) {
        pivot = i;
        break;
      }
    }
    if (pivot < 0) return std::nullopt;  // singular: not a basis at all
    std::swap(a[c], a[pivot]);
    for (int k = c + 1; k <= s; ++k) a[c][k] /= a[c][c];
    a[c][c] = 1;
    for (int i = 0; i < s; ++i) {
      if (i == c || a[i][c] == 0) continue;
      const Rational f = a[i][c];
      for (int k = c; k <= s; ++k) a[i][k] -= f * a[c][k];
    }
  }
  std::vector<Rational> z(dim, Rational(0));
  Rational sum = 0;
  for (int c = 0; c < s; ++c) {
    if (a[c][s] < 0) return std::nullopt;
    z[xs[c]] = a[c][s];
    sum += a[c][s];
  }
  if (sum <= 0) return std::nullopt;
  for (int j = 0; j < rows; ++j) {
    if (t.RowOf(dim + j) < 0) continue;
    Rational used = 0;
    for (int v : xs) used += Rational(mat[j][v]) * z[v];
    if (used > 1) return std::nullopt;  // this basic slack would be negative
  }
  for (Rational& c : z) c /= sum;
  return z;
}

// The path of Path() in doubles, its end checked exactly. `p_mat` and
// `q_mat` are the constraint matrices of P (B^T) and Q (A). Nullopt when the
// doubles were unsure anywhere, the path exceeded `max_pivots`, or the end
// failed the exact check.
std::optional<PathEnd> FloatPath(FloatTableau& p, FloatTableau& q, const IntegerMatrix& p_mat,
                                 const IntegerMatrix& q_mat, int m, int n, int k,
                                 int max_pivots, int& pivots_made) {
  auto q_var = [m, n](int label) { return label < m ? n + label : label - m; };
  auto q_label = [m, n](int var) { return var < n ? m + var : var - n; };
  std::vector<int> candidates, ties;
  bool in_p = k < m;
  int entering = in_p ? k : q_var(k);
  PathEnd end;
  pivots_made = 0;
  while (true) {
    if (end.pivots >= max_pivots) return std::nullopt;
    FloatTableau& t = in_p ? p : q;
    const int row = FloatLexMinRatioRow(t, entering, in_p ? m : n, candidates, ties);
    if (row < 0) return std::nullopt;
    const int leaving = t.BasicIn(row);
    t.Pivot(row, entering);
    ++end.pivots;
    ++pivots_made;
    const int label = in_p ? leaving : q_label(leaving);
    if (label == k) break;
    in_p = !in_p;
    entering = in_p ? label : q_var(label);
  }
  // The labels were tracked combinatorially, so the end bases are
  // complementary by construction; what the doubles may have got wrong is
  // feasibility, which is checked here exactly.
  std::optional<std::vector<Rational>> x = ExactStrategyOfBasis(p_mat, p, m);
  if (!x) return std::nullopt;
  std::optional<std::vector<Rational>> y = ExactStrategyOfBasis(q_mat, q, n);
  if (!y) return std::nullopt;
  end.x = std::move(*x);
  end.y = std::move(*y);
  return end;
}

}  // namespace

SolveResult LemkeHowson(const NormalForm& game, int start_label) {
  RequireTwoPlayers(game, "lcp");
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  if (start_label < -1 || start_label >= m + n) {
    throw std::invalid_argument("lcp: start label " + std::to_string(start_label) +
                                " is outside [0, " + std::to_string(m + n) + ") and not -1");
  }
  // Up front: the tableaus (n x (m + n + 1) and m x (m + n + 1) integers)
  // must be of a size to build at all.
  const double cells = static_cast<double>(std::max(m, n)) * (m + n + 1);
  if (cells > kMaxLcpTableauCells) {
    throw NotApplicable("lcp: the tableaus of this " + std::to_string(m) + "x" +
                        std::to_string(n) + " game would hold " +
                        std::to_string(static_cast<long long>(cells)) +
                        " integers each; the limit is " +
                        std::to_string(static_cast<long long>(kMaxLcpTableauCells)));
  }
  const IntegerBimatrix g = PositiveIntegerPayoffs(ExactPayoffMatrices(game));
  IntegerMatrix bt(n, std::vector<BigInt>(m));
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) bt[c][r] = g.b[r][c];
  }
  const IntegerTableau p_start = SlackTableau(bt), q_start = SlackTableau(g.a);
  const std::optional<SmallTableau> p_small = SmallTableau::From(p_start),
                                    q_small = SmallTableau::From(q_start);
  const std::optional<FloatTableau> p_float = FloatTableau::From(p_start),
                                    q_float = FloatTableau::From(q_start);
  // Generous: paths far longer than this are rare and are better done exactly.
  const int max_float_pivots = 50 * (m + n) + 100;

  SolveResult result;
  result.method = "lcp";
  result.parameters = {{"start_label", start_label}};
  result.complete = false;
  std::map<std::string, int> found;
  const int first = start_label < 0 ? 0 : start_label;
  const int last = start_label < 0 ? m + n - 1 : start_label;
  // Work budgets, in tableau entries updated by pivots, shared by all the
  // paths of the run: Lemke-Howson paths can be exponentially long (Savani
  // and von Stengel 2006), so a path that would exceed what is left is
  // stopped and its label skipped (said in the result's warning).
  double float_budget = kMaxLcpFloatWork, exact_budget = kMaxLcpExactWork;
  std::vector<int> skipped;
  FloatTableau p_float_work, q_float_work;
  SmallTableau p_small_work, q_small_work;
  IntegerTableau p_work(0, 0), q_work(0, 0);
  for (int k = first; k <= last; ++k) {
    // Doubles with an exact check of the end first; then machine integers;
    // GMP when they overflow (same pivots, so the same path and endpoint).
    // Each attempt copies the two tableaus (charged as two pivots) before
    // its own pivots; an attempt the budget cannot pay for is not made.
    // Paths pivot working copies, assigned from the start tableaus (reusing
    // their storage from path to path).
    std::optional<PathEnd> end;
    int made = 0;
    if (p_float && q_float && float_budget >= 3 * cells) {
      float_budget -= 2 * cells;
      const int cap = static_cast<int>(std::min<double>(max_float_pivots, float_budget / cells));
      p_float_work = *p_float;
      q_float_work = *q_float;
      end = FloatPath(p_float_work, q_float_work, bt, g.a, m, n, k, cap, made);
      float_budget -= made * cells;
    }
    bool exhausted = false;
    if (!end && p_small && q_small && exact_budget >= 3 * cells) {
      exact_budget -= 2 * cells;
      p_small_work = *p_small;
      q_small_work = *q_small;
      end = Path(p_small_work, q_small_work, m, n, k, std::floor(exact_budget / cells), exhausted,
                 made);
      exact_budget -= made * cells;
    }
    if (!end && !exhausted && exact_budget >= 3 * cells) {
      exact_budget -= 2 * cells;
      p_work = p_start;
      q_work = q_start;
      end = Path(p_work, q_work, m, n, k, std::floor(exact_budget / cells), exhausted, made);
      exact_budget -= made * cells;
    }
    if (!end) {
      skipped.push_back(k);
      continue;
    }
    const std::vector<Rational>& x = end->x;
    const std::vector<Rational>& y = end->y;
    const int pivots = end->pivots;
    Equilibrium eq;
    eq.profile.resize(2);
    eq.exact.resize(2);
    std::string key;
    for (int player = 0; player < 2; ++player) {
      for (const Rational& c : player == 0 ? x : y) {
        eq.profile[player].push_back(c.convert_to<double>());
        eq.exact[player].push_back(FractionString(c));
        key += eq.exact[player].back() + ",";
      }
      key += ";";
    }
    const auto [it, added] = found.emplace(key, static_cast<int>(result.equilibria.size()));
    if (added) {
      Evaluate(game, eq);
      eq.detail = {{"labels", nlohmann::json::array()}, {"pivots", nlohmann::json::array()}};
      result.equilibria.push_back(std::move(eq));
    }
    result.equilibria[it->second].detail["labels"].push_back(k);
    result.equilibria[it->second].detail["pivots"].push_back(pivots);
  }
  if (!skipped.empty()) {
    std::string labels;
    for (size_t i = 0; i < skipped.size() && i < 20; ++i) {
      labels += (i ? ", " : "") + std::to_string(skipped[i]);
    }
    if (skipped.size() > 20) labels += ", ...";
    const std::string text =
        std::to_string(skipped.size()) + " of the " + std::to_string(last - first + 1) +
        " Lemke-Howson paths (labels " + labels +
        ") were stopped at the work limit (tableau entries updated: 2e9 in doubles, 2e7 in "
        "exact integers, shared by all paths); their equilibria are not listed";
    if (result.equilibria.empty()) throw NotApplicable("lcp: " + text);
    result.warning = text;
    result.note = text;
  }
  return result;
}

}  // namespace geostrat
