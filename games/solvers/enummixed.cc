#include "games/solvers/enummixed.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "games/solvers/exact.h"

namespace geostrat {

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

// ---------------------------------------------------------------------------
// Fixed-width exact arithmetic for the Bareiss update
//   T'[i][k] = (T[i][k] * p - T[i][s] * T[r][k]) / d,
// where the division is exact (d, the previous pivot, divides the numerator).
// Dividing is the costly part (a 128-bit division is a library call of some
// hundred cycles); an exact quotient is instead the numerator times the
// inverse of d's odd part modulo 2^64 or 2^128, after shifting out d's power
// of two: one multiplication. Every result is checked to fit, and a pivot
// that does not fit is redone one width up (Dictionary::Pivot).

// Entries of the 64-bit dictionary stay below 2^62 in magnitude, so a
// numerator (two products and a difference) always fits in 127 bits.
constexpr int64_t kLimit64 = int64_t{1} << 62;
// Entries of the 128-bit dictionary stay below 2^126, so their products fit
// in 253 bits (signed 256-bit intermediates, below).
constexpr i128 kLimit128 = i128{1} << 126;

template <typename U>
U InverseOfOdd(U odd) {
  // Newton's iteration x <- x (2 - odd x) doubles the correct low bits; odd
  // is its own inverse modulo 8 (3 bits), so 6 steps give 192 >= 128.
  U x = odd;
  for (int i = 0; i < 6; ++i) x *= U(2) - odd * x;
  return x;
}

struct Divisor64 {
  int shift;
  uint64_t odd, inverse;
  explicit Divisor64(int64_t d) {
    shift = __builtin_ctzll(static_cast<uint64_t>(d));
    odd = static_cast<uint64_t>(d) >> shift;
    inverse = InverseOfOdd<uint64_t>(odd);
  }
};

struct Divisor128 {
  int shift;
  u128 odd, inverse;
  // A numerator whose magnitude's high 128 bits are below hi_limit - 1 has
  // a quotient below 2^125: |n| < 2^(124 + L) with odd >= 2^(L - 1), L the
  // bit length of odd (0 when L < 5: then every quotient is verified).
  u128 hi_limit;
  explicit Divisor128(i128 d) {
    const u128 u = static_cast<u128>(d);
    const uint64_t low = static_cast<uint64_t>(u);
    shift = low != 0 ? __builtin_ctzll(low) : 64 + __builtin_ctzll(static_cast<uint64_t>(u >> 64));
    odd = u >> shift;
    inverse = InverseOfOdd<u128>(odd);
    const uint64_t top = static_cast<uint64_t>(odd >> 64);
    const int bits = top != 0 ? 128 - __builtin_clzll(top)
                              : 64 - __builtin_clzll(static_cast<uint64_t>(odd) | 1);
    hi_limit = bits >= 5 ? u128{1} << (bits - 4) : 0;
  }
};

inline bool Fits64(i128 v) { return v < kLimit64 && v > -kLimit64; }

// (a p - c b) / d into *out, or false when it would not fit in 62 bits.
inline bool Update64(int64_t a, int64_t p, int64_t c, int64_t b, const Divisor64& d, int64_t* out) {
  i128 n = static_cast<i128>(a) * p - static_cast<i128>(c) * b;
  n >>= d.shift;  // exact: 2^shift divides n
  if (Fits64(n)) {  // |quotient| <= |n|: the low 64 bits are all of it
    *out = static_cast<int64_t>(static_cast<uint64_t>(n) * d.inverse);
    return true;
  }
  const int64_t q = static_cast<int64_t>(static_cast<uint64_t>(n) * d.inverse);
  if (static_cast<i128>(q) * static_cast<i128>(d.odd) != n || !Fits64(q)) return false;
  *out = q;
  return true;
}

// A signed 256-bit integer in two's complement, only as wide as a product of
// two 128-bit entries needs.
struct I256 {
  u128 lo, hi;
};

inline I256 MulUnsigned(u128 a, u128 b) {
  const uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
  const uint64_t b0 = static_cast<uint64_t>(b), b1 = static_cast<uint64_t>(b >> 64);
  const u128 p00 = static_cast<u128>(a0) * b0, p01 = static_cast<u128>(a0) * b1;
  const u128 p10 = static_cast<u128>(a1) * b0, p11 = static_cast<u128>(a1) * b1;
  const u128 mid = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p10);
  I256 out;
  out.lo = static_cast<uint64_t>(p00) | (mid << 64);
  out.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
  return out;
}

inline u128 Magnitude(i128 v) { return v < 0 ? ~static_cast<u128>(v) + 1 : static_cast<u128>(v); }

// Two's complement: a = a_u - 2^128 [a < 0], so modulo 2^256 the signed
// product is the unsigned one less 2^128 ([a < 0] b_u + [b < 0] a_u).
inline I256 MulSigned(i128 a, i128 b) {
  I256 m = MulUnsigned(static_cast<u128>(a), static_cast<u128>(b));
  if (a < 0) m.hi -= static_cast<u128>(b);
  if (b < 0) m.hi -= static_cast<u128>(a);
  return m;
}

inline I256 Subtract(I256 x, I256 y) {
  I256 out;
  out.lo = x.lo - y.lo;
  out.hi = x.hi - y.hi - (x.lo < y.lo ? 1 : 0);
  return out;
}

inline bool Update128Wide(i128 a, i128 p, i128 c, i128 b, const Divisor128& d, i128* out) {
  I256 n = Subtract(MulSigned(a, p), MulSigned(c, b));
  if (d.shift > 0) {  // arithmetic shift, exact
    n.lo = (n.lo >> d.shift) | (n.hi << (128 - d.shift));
    n.hi = static_cast<u128>(static_cast<i128>(n.hi) >> d.shift);
  }
  const i128 q = static_cast<i128>(n.lo * d.inverse);
  // q is the quotient modulo 2^128: the quotient itself when that is known
  // to be small, or when q * odd is n.
  const u128 high = static_cast<i128>(n.hi) < 0 ? ~n.hi : n.hi;
  if (high + 1 < d.hi_limit) {
    *out = q;
    return true;
  }
  if (q >= kLimit128 || q <= -kLimit128) return false;
  const I256 back = MulSigned(q, static_cast<i128>(d.odd));
  if (back.lo != n.lo || back.hi != n.hi) return false;
  *out = q;
  return true;
}

inline bool Small(i128 v) { return v == static_cast<int64_t>(v); }

// `small`: p and c both fit in 64 bits (fixed for a row of a pivot). Then so
// does the whole numerator when a and b do; otherwise it takes 256 bits.
// (Not __builtin_mul_overflow on __int128: clang lowers it to __muloti4,
// which libgcc lacks.)
inline bool Update128(i128 a, i128 p, i128 c, i128 b, bool small, const Divisor128& d, i128* out) {
  if (!small || !Small(a) || !Small(b)) return Update128Wide(a, p, c, b, d, out);
  i128 n = a * p - c * b;  // each product below 2^126 in magnitude
  n >>= d.shift;
  const i128 q = static_cast<i128>(static_cast<u128>(n) * d.inverse);  // |q| <= |n|: exact
  if (q >= kLimit128 || q <= -kLimit128) return false;
  *out = q;
  return true;
}

// Sign of a b - c e for nonnegative a, c and positive b, e (the ratio test).
inline int CompareProducts(int64_t a, int64_t b, int64_t c, int64_t e) {
  const i128 l = static_cast<i128>(a) * b, r = static_cast<i128>(c) * e;
  return l < r ? -1 : l > r ? 1 : 0;
}

inline int CompareProducts(i128 a, i128 b, i128 c, i128 e) {
  constexpr u128 kWord = u128{1} << 64;
  if (static_cast<u128>(a | b | c | e) < kWord) {
    const u128 l = static_cast<u128>(a) * static_cast<u128>(b);
    const u128 r = static_cast<u128>(c) * static_cast<u128>(e);
    return l < r ? -1 : l > r ? 1 : 0;
  }
  const I256 x = MulUnsigned(static_cast<u128>(a), static_cast<u128>(b));
  const I256 y = MulUnsigned(static_cast<u128>(c), static_cast<u128>(e));
  if (x.hi != y.hi) return x.hi < y.hi ? -1 : 1;
  return x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0;
}

// Sign of a b - c e for any a, c and positive b, e (the lexicographic rule).
inline int CompareSignedProducts(int64_t a, int64_t b, int64_t c, int64_t e) {
  const i128 l = static_cast<i128>(a) * b, r = static_cast<i128>(c) * e;
  return l < r ? -1 : l > r ? 1 : 0;
}

inline int CompareSignedProducts(i128 a, i128 b, i128 c, i128 e) {
  const I256 x = MulSigned(a, b), y = MulSigned(c, e);
  if (x.hi != y.hi) return static_cast<i128>(x.hi) < static_cast<i128>(y.hi) ? -1 : 1;
  return x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0;
}

void SetBig(BigInt& out, i128 v) {
  const u128 m = Magnitude(v);
  const uint64_t limbs[2] = {static_cast<uint64_t>(m), static_cast<uint64_t>(m >> 64)};
  mpz_ptr z = out.backend().data();
  mpz_import(z, 2, -1, sizeof(uint64_t), 0, 0, limbs);
  if (v < 0) mpz_neg(z, z);
}

// |v| < 2^bits, for a GMP integer.
bool BigFits(const BigInt& v, size_t bits) {
  mpz_srcptr z = v.backend().data();
  return mpz_sgn(z) == 0 || mpz_sizeinbase(z, 2) <= bits;
}

i128 FromBig(const BigInt& v) {  // |v| < 2^127
  mpz_srcptr z = v.backend().data();
  uint64_t limbs[2] = {0, 0};
  size_t count = 0;
  mpz_export(limbs, &count, -1, sizeof(uint64_t), 0, 0, z);
  const i128 m = static_cast<i128>((static_cast<u128>(limbs[1]) << 64) | limbs[0]);
  return mpz_sgn(z) < 0 ? -m : m;
}

// ---------------------------------------------------------------------------
// A best-response polytope {z >= 0 : M z <= 1}, M positive (rows x dim).
// Variables are named by their labels: coordinate c carries col_label[c],
// the slack of row r carries row_label[r]. P: rows = n, dim = m, M = B^T,
// labels 0..m-1 for x, m + j for the slack of column j. Q: rows = m, dim =
// n, M = A, labels m + j for y_j, i for the slack of row i. So bases and
// label sets of both are subsets of the same m + n labels.
struct Polytope {
  int rows = 0, dim = 0;
  IntegerMatrix matrix;
  std::vector<int> row_label, col_label;
};

// The fraction-free simplex dictionary of one basis: rows x (dim + 1)
// entries, the nonbasic columns and then the right-hand side, each the true
// entry times det (the basis matrix's determinant, positive since every
// pivot is). Basic columns are not stored: they are det times a unit
// vector. Three widths, one in use per basis (`tier`).
//
// The search's path is kept in a ring of `slots` dictionaries: a pivot
// reads one slot and writes the next, so the dictionaries of the last
// `slots` bases on the path stay intact, and returning to one of them is
// free; an older one is recomputed by the inverse pivot. Most returns are to
// a basis a few levels up (the subtrees the search hangs below a basis are
// mostly small), so this spares most of the pivots back, which were half
// the work: on random 15x15 and 17x17 games 83-84% of the returns find the
// parent in the ring. A pivot that overflows leaves its source slot
// untouched and is redone wider.
class Dictionary {
 public:
  int rows = 0, cols = 0;            // cols = dim + 1: column dim is the right-hand side
  std::vector<int> basis, nonbasic;  // labels: basic in each row, nonbasic in each column
  int tier = 0;                      // of the current slot: 0 int64, 1 int128, 2 GMP

  void Start(const Polytope& p) {
    rows = p.rows;
    cols = p.dim + 1;
    basis = p.row_label;
    nonbasic = p.col_label;
    slacks_ = p.row_label;
    Locate();
    size_t bits = 1;
    for (const auto& row : p.matrix) {
      for (const BigInt& v : row) bits = std::max(bits, mpz_sizeinbase(v.backend().data(), 2));
    }
    Reset(bits <= 58 ? 0 : bits <= 120 ? 1 : 2);
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        const BigInt v = c < p.dim ? p.matrix[r][c] : BigInt(1);
        const size_t k = At(r, c);
        if (tier == 0) a64_[k] = v.convert_to<int64_t>();
        if (tier == 1) a128_[k] = FromBig(v);
        if (tier == 2) abig_[k] = v;
      }
    }
    if (tier == 0) det64_[0] = 1;
    if (tier == 1) det128_[0] = 1;
    if (tier == 2) detbig_[0] = 1;
  }

  // The dictionary of the basis whose basic labels are `wanted` (a
  // feasible basis, so its matrix is nonsingular): from the slack basis,
  // each missing label is pivoted in on a row whose basic label is not
  // wanted and whose entry is nonzero (one exists, or the wanted columns
  // would be dependent). Such pivots may be negative; the dictionary is
  // then negated, which keeps det positive and every later division exact.
  // About rows pivots: a few hundred microseconds at 20x20.
  template <typename Wanted>
  void StartAt(const Polytope& p, const Wanted& wanted) {
    Start(p);
    for (int c = 0; c + 1 < cols; ++c) {
      while (wanted(nonbasic[c])) {
        int r = 0;
        while (r < rows && (wanted(basis[r]) || IsZero(At(r, c)))) ++r;
        if (r == rows) throw std::logic_error("enummixed: a visited basis is singular");
        const int to = static_cast<int>((depth_ + 1) & mask_);
        Pivot(r, c, to);
        ++depth_;
        slot_depth_[to] = depth_;
        if (DetNegative()) NegateCurrent();
        Swap(r, c);
      }
    }
    // This basis is the root of its own search.
    std::fill(slot_depth_.begin(), slot_depth_.end(), -1);
    depth_ = static_cast<int64_t>(cur_);
    slot_depth_[cur_] = depth_;
  }

  // The pivot (row, column) from this basis, `from`, to its neighbour `to`
  // (bases as label sets of any width).
  template <typename K>
  std::pair<int, int> PivotTo(const K& from, const K& to) const {
    int entering = -1, leaving = -1;
    for (size_t l = 0; l < where_.size(); ++l) {
      const int label = static_cast<int>(l);
      if (to.Has(label) && !from.Has(label)) entering = label;
      if (from.Has(label) && !to.Has(label)) leaving = label;
    }
    return {where_[leaving], -1 - where_[entering]};
  }

  bool RhsZero(int r) const {
    const size_t k = At(r, cols - 1);
    if (tier == 0) return a64_[k] == 0;
    if (tier == 1) return a128_[k] == 0;
    return mpz_sgn(abig_[k].backend().data()) == 0;
  }

  // The row leaving when the variable nonbasic in column s enters, or -1
  // when none can (no positive entry: an unbounded edge, which P and Q do
  // not have, M being positive). The minimum ratio rhs / entry, with ties
  // broken by the lexicographic rule (Dantzig, Orden and Wolfe 1955; as in
  // Avis-Fukuda's lrs): the right-hand side is perturbed to 1 + (e, e^2,
  // ...) for the slacks in row order, which makes the polytope simple. Its
  // vertices are the lexicographically feasible bases, each pivot from one
  // reaches exactly one other, its graph is connected, and each vertex of
  // the true polytope is one of them in the limit e -> 0. So the search
  // visits every vertex without following every degenerate pivot: a vertex
  // on k constraints more than its dimension has up to C(dim + k, dim)
  // feasible bases but usually few lexicographically feasible ones.
  int Leaving(int s) {
    ties_.clear();
    if (tier == 0) {
      // Exactly: products of two 62-bit entries fit in 128 bits.
      const int64_t* a = &a64_[cur_ * Size()];
      int64_t best_rhs = 0, best_entry = 1;
      for (int r = 0; r < rows; ++r) {
        const int64_t entry = a[r * cols + s];
        if (entry <= 0) continue;
        const int64_t rhs = a[r * cols + cols - 1];
        const i128 mine = static_cast<i128>(rhs) * best_entry;
        const i128 theirs = static_cast<i128>(best_rhs) * entry;
        if (ties_.empty() || mine < theirs) {
          ties_.assign(1, r);
          best_rhs = rhs;
          best_entry = entry;
        } else if (mine == theirs) {
          ties_.push_back(r);
        }
      }
    } else if (tier == 2) {
      for (int r = 0; r < rows; ++r) {
        if (mpz_sgn(abig_[At(r, s)].backend().data()) <= 0) continue;
        const int c = ties_.empty() ? -1 : CompareRatios(r, ties_.front(), s);
        if (c < 0) {
          ties_.assign(1, r);
        } else if (c == 0) {
          ties_.push_back(r);
        }
      }
    } else {
      // In doubles first (each a product of two approximations within
      // 2^-52), exactly only when they are too close to tell.
      const i128* a = &a128_[cur_ * Size()];
      if (!rhs_ready_) {
        rhs_.resize(rows);
        for (int r = 0; r < rows; ++r) rhs_[r] = Approx(a[r * cols + cols - 1]);
        rhs_ready_ = true;
      }
      constexpr double kClose = 1e-9;
      double best_rhs = 0, best_entry = 0;
      for (int r = 0; r < rows; ++r) {
        const i128 e = a[r * cols + s];
        if (e <= 0) continue;
        const double entry = Approx(e);
        int c = -1;
        if (!ties_.empty()) {
          const double mine = rhs_[r] * best_entry, theirs = best_rhs * entry;
          if (mine < theirs * (1 - kClose)) {
            c = -1;
          } else if (mine > theirs * (1 + kClose)) {
            c = 1;
          } else {
            const int t = ties_.front();
            c = CompareProducts(a[r * cols + cols - 1], a[t * cols + s], a[t * cols + cols - 1], e);
          }
        }
        if (c < 0) {
          ties_.assign(1, r);
          best_rhs = rhs_[r];
          best_entry = entry;
        } else if (c == 0) {
          ties_.push_back(r);
        }
      }
    }
    if (ties_.empty()) return -1;
    int best = ties_[0];
    for (size_t i = 1; i < ties_.size(); ++i) {
      if (LexBefore(ties_[i], best, s)) best = ties_[i];
    }
    return best;
  }

  // To the neighbour with the variable nonbasic in column s basic in row r
  // (entry positive).
  void Descend(int r, int s) {
    const int to = static_cast<int>((depth_ + 1) & mask_);
    Pivot(r, s, to);
    ++depth_;
    slot_depth_[to] = depth_;
    Swap(r, s);
  }

  // Back to the parent, reached by Descend(r, s): from the ring when its
  // slot still holds it, else by the same pivot, which inverts itself.
  void Ascend(int r, int s) {
    const int64_t parent = depth_ - 1;
    const int to = static_cast<int>(parent & mask_);
    if (slot_depth_[to] == parent) {
      cur_ = to;
      tier = slot_tier_[to];
      rhs_ready_ = false;
    } else {
      Pivot(r, s, to);
      slot_depth_[to] = parent;
    }
    depth_ = parent;
    Swap(r, s);
  }

 private:
  size_t Size() const { return static_cast<size_t>(rows) * cols; }

  // where_[label]: its row when basic, -1 - its column when nonbasic.
  void Locate() {
    int labels = 0;
    for (int l : basis) labels = std::max(labels, l + 1);
    for (int l : nonbasic) labels = std::max(labels, l + 1);
    where_.assign(labels, 0);
    for (int r = 0; r < rows; ++r) where_[basis[r]] = r;
    for (int c = 0; c + 1 < cols; ++c) where_[nonbasic[c]] = -1 - c;
  }
  void Swap(int r, int s) {
    std::swap(basis[r], nonbasic[s]);
    where_[basis[r]] = r;
    where_[nonbasic[s]] = -1 - s;
  }

  // Whether row r1 comes before row r2 (equal ratios in column s) in the
  // lexicographic rule: the first slack, in row order, whose column (of
  // the basis inverse, times det) differs in value / entry decides.
  bool LexBefore(int r1, int r2, int s) {
    for (int label : slacks_) {
      const int w = where_[label];
      int c;
      if (w >= 0) {  // basic: det in its row, 0 elsewhere; det > 0
        if (w != r1 && w != r2) continue;
        return w == r2;  // r2 has det / e2 > 0 = r1's value
      }
      const int col = -1 - w;
      if (tier == 0) {
        c = CompareSignedProducts(a64_[At(r1, col)], a64_[At(r2, s)], a64_[At(r2, col)],
                                  a64_[At(r1, s)]);
      } else if (tier == 1) {
        c = CompareSignedProducts(a128_[At(r1, col)], a128_[At(r2, s)], a128_[At(r2, col)],
                                  a128_[At(r1, s)]);
      } else {
        mpz_mul(t1_.backend().data(), abig_[At(r1, col)].backend().data(),
                abig_[At(r2, s)].backend().data());
        mpz_mul(t2_.backend().data(), abig_[At(r2, col)].backend().data(),
                abig_[At(r1, s)].backend().data());
        c = mpz_cmp(t1_.backend().data(), t2_.backend().data());
      }
      if (c != 0) return c < 0;
    }
    return false;  // not reached: the rows of a basis inverse differ
  }
  size_t At(int r, int c) const { return cur_ * Size() + static_cast<size_t>(r) * cols + c; }

  // An empty ring of the given width holding nothing but slot 0, depth 0.
  void Reset(int start_tier) {
    // Up to 32 slots, fewer for big dictionaries (about 1 MB a width).
    slots_ = 2;
    while (slots_ < 32 && static_cast<size_t>(slots_) * 2 * Size() <= (size_t{1} << 16)) slots_ *= 2;
    mask_ = slots_ - 1;
    slot_depth_.assign(slots_, -1);
    slot_tier_.assign(slots_, 0);
    slot_depth_[0] = 0;
    slot_tier_[0] = start_tier;
    depth_ = 0;
    cur_ = 0;
    tier = start_tier;
    rhs_ready_ = false;
    Allocate(start_tier);
  }

  void Allocate(int t) {
    const size_t size = slots_ * Size();
    if (t == 0 && a64_.size() != size) a64_.assign(size, 0), det64_.assign(slots_, 1);
    if (t == 1 && a128_.size() != size) a128_.assign(size, 0), det128_.assign(slots_, 1);
    if (t == 2 && abig_.size() != size) abig_.resize(size), detbig_.resize(slots_);
  }

  static double Approx(i128 v) {
    return static_cast<double>(static_cast<int64_t>(v >> 64)) * 18446744073709551616.0 +
           static_cast<double>(static_cast<uint64_t>(v));
  }

  // Sign of rhs_r1 / T[r1][s] - rhs_r2 / T[r2][s], both entries positive.
  int CompareRatios(int r1, int r2, int s) {
    const size_t h1 = At(r1, cols - 1), h2 = At(r2, cols - 1), e1 = At(r1, s), e2 = At(r2, s);
    if (tier == 0) return CompareProducts(a64_[h1], a64_[e2], a64_[h2], a64_[e1]);
    if (tier == 1) return CompareProducts(a128_[h1], a128_[e2], a128_[h2], a128_[e1]);
    mpz_mul(t1_.backend().data(), abig_[h1].backend().data(), abig_[e2].backend().data());
    mpz_mul(t2_.backend().data(), abig_[h2].backend().data(), abig_[e1].backend().data());
    const int c = mpz_cmp(t1_.backend().data(), t2_.backend().data());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }

  // The pivot on (r, s) from the current slot into slot `to`, as narrow as
  // it fits; `to` becomes current.
  void Pivot(int r, int s, int to) {
    slot_depth_[to] = -1;  // being overwritten
    const int from = cur_;
    for (;;) {
      if (tier == 0) {
        if (Pivot64(r, s, from, to)) break;
        Convert(from, 1);
      } else if (tier == 1) {
        bool narrow = false;
        if (Pivot128(r, s, from, to, &narrow)) {
          if (narrow) {
            tier = 1;
            cur_ = to;
            Convert(to, 0);
          }
          break;
        }
        Convert(from, 2);
      } else {
        PivotBig(r, s, from, to);
        bool fits = BigFits(detbig_[to], 120);
        const size_t base = to * Size();
        for (size_t k = 0; fits && k < Size(); ++k) fits = BigFits(abig_[base + k], 120);
        if (fits) {
          cur_ = to;
          Convert(to, 1);
        }
        break;
      }
    }
    cur_ = to;
    slot_tier_[to] = tier;
    rhs_ready_ = false;
  }

  // Slot `slot` rewritten in width t (exactly: widening always fits, and
  // narrowing is only asked for when the entries fit); it becomes current.
  bool IsZero(size_t k) const {
    if (tier == 0) return a64_[k] == 0;
    if (tier == 1) return a128_[k] == 0;
    return mpz_sgn(abig_[k].backend().data()) == 0;
  }
  bool DetNegative() const {
    if (tier == 0) return det64_[cur_] < 0;
    if (tier == 1) return det128_[cur_] < 0;
    return mpz_sgn(detbig_[cur_].backend().data()) < 0;
  }
  void NegateCurrent() {
    const size_t size = Size(), base = cur_ * size;
    for (size_t k = base; k < base + size; ++k) {
      if (tier == 0) a64_[k] = -a64_[k];
      if (tier == 1) a128_[k] = -a128_[k];
      if (tier == 2) mpz_neg(abig_[k].backend().data(), abig_[k].backend().data());
    }
    if (tier == 0) det64_[cur_] = -det64_[cur_];
    if (tier == 1) det128_[cur_] = -det128_[cur_];
    if (tier == 2) mpz_neg(detbig_[cur_].backend().data(), detbig_[cur_].backend().data());
  }

  void Convert(int slot, int t) {
    Allocate(t);
    const size_t size = Size(), base = slot * size;
    if (tier == 0 && t == 1) {
      for (size_t k = 0; k < size; ++k) a128_[base + k] = a64_[base + k];
      det128_[slot] = det64_[slot];
    } else if (tier == 1 && t == 2) {
      for (size_t k = 0; k < size; ++k) SetBig(abig_[base + k], a128_[base + k]);
      SetBig(detbig_[slot], det128_[slot]);
    } else if (tier == 1 && t == 0) {
      for (size_t k = 0; k < size; ++k) a64_[base + k] = static_cast<int64_t>(a128_[base + k]);
      det64_[slot] = static_cast<int64_t>(det128_[slot]);
    } else {  // 2 -> 1
      for (size_t k = 0; k < size; ++k) a128_[base + k] = FromBig(abig_[base + k]);
      det128_[slot] = FromBig(detbig_[slot]);
    }
    tier = t;
    slot_tier_[slot] = t;
    cur_ = slot;
  }

  bool Pivot64(int r, int s, int from, int to) {
    const size_t size = Size();
    const int64_t* a = &a64_[from * size];
    int64_t* b = &a64_[to * size];
    const int64_t det = det64_[from];
    const int64_t p = a[static_cast<size_t>(r) * cols + s];
    const Divisor64 d(det);
    const int64_t* pivot_row = a + static_cast<size_t>(r) * cols;
    for (int i = 0; i < rows; ++i) {
      const int64_t* in = a + static_cast<size_t>(i) * cols;
      int64_t* out = b + static_cast<size_t>(i) * cols;
      if (i == r) {
        std::copy(in, in + cols, out);
        out[s] = det;
        continue;
      }
      const int64_t c = in[s];
      for (int k = 0; k < cols; ++k) {
        if (!Update64(in[k], p, c, pivot_row[k], d, &out[k])) return false;
      }
      out[s] = -c;
    }
    det64_[to] = p;
    return true;
  }

  // *narrow: every entry now fits the 64-bit dictionary with room to spare.
  bool Pivot128(int r, int s, int from, int to, bool* narrow) {
    const size_t size = Size();
    const i128* a = &a128_[from * size];
    i128* b = &a128_[to * size];
    const i128 det = det128_[from];
    const i128 p = a[static_cast<size_t>(r) * cols + s];
    const Divisor128 d(det);
    const i128* pivot_row = a + static_cast<size_t>(r) * cols;
    u128 bits = Magnitude(p) | Magnitude(det);
    for (int i = 0; i < rows; ++i) {
      const i128* in = a + static_cast<size_t>(i) * cols;
      i128* out = b + static_cast<size_t>(i) * cols;
      if (i == r) {
        for (int k = 0; k < cols; ++k) bits |= Magnitude(in[k]);
        std::copy(in, in + cols, out);
        out[s] = det;
        continue;
      }
      const i128 c = in[s];
      const bool small = Small(p) && Small(c);
      for (int k = 0; k < cols; ++k) {
        if (!Update128(in[k], p, c, pivot_row[k], small, d, &out[k])) return false;
        bits |= Magnitude(out[k]);
      }
      out[s] = -c;
      bits |= Magnitude(c);
    }
    det128_[to] = p;
    *narrow = bits < (u128{1} << 58);
    return true;
  }

  void PivotBig(int r, int s, int from, int to) {
    const size_t size = Size(), a = from * size, b = to * size;
    const BigInt p = abig_[a + static_cast<size_t>(r) * cols + s];
    mpz_srcptr pz = p.backend().data();
    mpz_srcptr dz = detbig_[from].backend().data();
    mpz_ptr t = t1_.backend().data();
    for (int i = 0; i < rows; ++i) {
      const size_t in = a + static_cast<size_t>(i) * cols, out = b + static_cast<size_t>(i) * cols;
      const size_t pivot_row = a + static_cast<size_t>(r) * cols;
      if (i == r) {
        for (int k = 0; k < cols; ++k) abig_[out + k] = abig_[in + k];
        abig_[out + s] = detbig_[from];
        continue;
      }
      mpz_srcptr c = abig_[in + s].backend().data();
      const bool zero = mpz_sgn(c) == 0;
      for (int k = 0; k < cols; ++k) {
        mpz_mul(t, abig_[in + k].backend().data(), pz);
        if (!zero) mpz_submul(t, c, abig_[pivot_row + k].backend().data());
        mpz_divexact(abig_[out + k].backend().data(), t, dz);
      }
      mpz_neg(abig_[out + s].backend().data(), c);
    }
    detbig_[to] = p;
  }

  int slots_ = 2;
  int64_t mask_ = 1;
  int64_t depth_ = 0;  // of the current basis on the search path
  size_t cur_ = 0;     // its slot
  std::vector<int64_t> slot_depth_;  // the depth each slot holds (-1: none)
  std::vector<int> slot_tier_;
  std::vector<int64_t> a64_, det64_;
  std::vector<i128> a128_, det128_;
  std::vector<BigInt> abig_, detbig_;
  std::vector<double> rhs_;  // the current right-hand side in doubles
  bool rhs_ready_ = false;
  std::vector<int> ties_;
  std::vector<int> slacks_;  // the perturbation's order
  std::vector<int> where_;
  BigInt t1_, t2_;  // scratch
};

// ---------------------------------------------------------------------------
// Sets of labels (bases, label sets) as W 64-bit words.
template <int W>
struct Key {
  uint64_t w[W] = {};
  void Flip(int bit) { w[bit >> 6] ^= uint64_t{1} << (bit & 63); }
  void Set(int bit) { w[bit >> 6] |= uint64_t{1} << (bit & 63); }
  bool Has(int bit) const { return (w[bit >> 6] >> (bit & 63)) & 1; }
  bool Empty() const {
    for (int i = 0; i < W; ++i) {
      if (w[i] != 0) return false;
    }
    return true;
  }
  int Count() const {
    int c = 0;
    for (int i = 0; i < W; ++i) c += __builtin_popcountll(w[i]);
    return c;
  }
  bool Contains(const Key& o) const {  // o is a subset of this
    for (int i = 0; i < W; ++i) {
      if ((o.w[i] & ~w[i]) != 0) return false;
    }
    return true;
  }
  friend bool operator==(const Key& a, const Key& b) {
    for (int i = 0; i < W; ++i) {
      if (a.w[i] != b.w[i]) return false;
    }
    return true;
  }
  friend bool operator<(const Key& a, const Key& b) {
    for (int i = W - 1; i >= 0; --i) {
      if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
    }
    return false;
  }
  uint64_t Hash() const {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < W; ++i) {
      uint64_t z = w[i] + h;  // splitmix64 per word
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      h = z ^ (z >> 31);
    }
    return h;
  }
};

template <int W>
struct KeyHash {
  size_t operator()(const Key<W>& k) const { return static_cast<size_t>(k.Hash()); }
};

// A hash set of nonempty keys shared by the threads: 64 shards, each an
// open-addressing table behind its own spin lock (held for a probe, or for
// a rehash of that shard alone). Its bytes are added to *bytes as it grows.
template <int W>
class KeySet {
 public:
  explicit KeySet(std::atomic<int64_t>* bytes) : bytes_(bytes) {}

  // Starts loading the slot where `key` (of hash h) would be: the search
  // computes a basis's neighbours first and looks them up after, so that
  // their cache misses overlap. (It reads the table's address without the
  // lock: a stale one only makes the prefetch useless, never a fault.)
  void Prefetch(uint64_t h) const {
    const Shard& s = shards_[h >> (64 - kShardBits)];
    const Key<W>* data = s.data.load(std::memory_order_relaxed);
    if (data != nullptr) __builtin_prefetch(data + (h & s.mask.load(std::memory_order_relaxed)));
  }

  bool Insert(const Key<W>& key) { return Insert(key, key.Hash()); }
  bool Insert(const Key<W>& key, uint64_t h) {
    Shard& s = shards_[h >> (64 - kShardBits)];
    Lock(s);
    if (s.slots.empty()) Grow(s, 16);
    const size_t mask = s.slots.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Key<W>& slot = s.slots[i];
      if (slot.Empty()) {
        slot = key;
        if (++s.count * 2 > s.slots.size()) Grow(s, s.slots.size() * 2);
        break;
      }
      if (slot == key) {
        s.lock.clear(std::memory_order_release);
        return false;
      }
    }
    s.lock.clear(std::memory_order_release);
    return true;
  }

  size_t Size() const {
    size_t n = 0;
    for (const Shard& s : shards_) n += s.count;
    return n;
  }

 private:
  static constexpr int kShardBits = 6;
  struct alignas(64) Shard {
    std::atomic_flag lock = ATOMIC_FLAG_INIT;
    std::vector<Key<W>> slots;
    size_t count = 0;
    std::atomic<const Key<W>*> data{nullptr};  // slots.data() and its mask, for Prefetch
    std::atomic<size_t> mask{0};
  };

  static void Lock(Shard& s) {
    for (int spins = 0; s.lock.test_and_set(std::memory_order_acquire); ++spins) {
      if (spins > 64) std::this_thread::yield();
    }
  }

  void Grow(Shard& s, size_t size) {
    std::vector<Key<W>> old(size);
    old.swap(s.slots);
    const size_t mask = size - 1;
    for (const Key<W>& k : old) {
      if (k.Empty()) continue;
      size_t i = k.Hash() & mask;
      while (!s.slots[i].Empty()) i = (i + 1) & mask;
      s.slots[i] = k;
    }
    s.data.store(s.slots.data(), std::memory_order_relaxed);
    s.mask.store(mask, std::memory_order_relaxed);
    bytes_->fetch_add(static_cast<int64_t>((size - old.size()) * sizeof(Key<W>)),
                      std::memory_order_relaxed);
  }

  std::atomic<int64_t>* bytes_;
  Shard shards_[1 << kShardBits];
};

// The vertices found: each by its label set (the labels of the nonbasic
// variables and of the basic ones at zero), which identifies it (a vertex
// is the one point of its polytope where its constraints are tight). A
// nondegenerate vertex's one basis is the complement of its labels; a
// degenerate vertex's labels are kept beside one of its bases.
template <int W>
struct DegenerateVertex {
  Key<W> labels, basis;
};

// Appends to a vector, counting the bytes of any growth.
template <typename T>
void PushCounted(std::vector<T>& v, const T& item, std::atomic<int64_t>* bytes) {
  if (v.size() == v.capacity()) {
    const size_t before = v.capacity();
    v.reserve(std::max<size_t>(64, before * 2));
    bytes->fetch_add(static_cast<int64_t>((v.capacity() - before) * sizeof(T)),
                     std::memory_order_relaxed);
  }
  v.push_back(item);
}

enum class StopReason { kNone, kTime, kMemory, kError };

// The depth-first search of both polytopes' bases by a team of threads.
template <int W>
class VertexSearch {
 public:
  VertexSearch(const Polytope* polytopes, int threads, double max_seconds)
      : polytopes_(polytopes),
        threads_(threads),
        max_seconds_(max_seconds),
        visited_{KeySet<W>(&bytes_), KeySet<W>(&bytes_)},
        degenerate_{KeySet<W>(&bytes_), KeySet<W>(&bytes_)},
        found_(threads) {}

  void Run() {
    start_ = std::chrono::steady_clock::now();
    for (int p = 0; p < 2; ++p) {
      Task t;
      t.polytope = p;
      t.dict.Start(polytopes_[p]);
      for (int r = 0; r < polytopes_[p].rows; ++r) t.key.Set(t.dict.basis[r]);
      visited_[p].Insert(t.key);
      queue_.push_back(std::move(t));
    }
#pragma omp parallel num_threads(threads_)
    Worker(omp_get_thread_num());
    if (error_) std::rethrow_exception(error_);
  }

  StopReason stopped() const { return reason_; }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  size_t bases(int p) const { return visited_[p].Size(); }

  // The label sets of the distinct vertices of polytope p, in a canonical
  // order (sorted), whichever thread found them; moved out of the search.
  std::vector<Key<W>> TakeVertices(int p) {
    std::vector<Key<W>> all;
    size_t total = 0;
    for (const auto& per_thread : found_) total += per_thread.vertices[p].size();
    all.reserve(total);
    for (auto& per_thread : found_) {
      all.insert(all.end(), per_thread.vertices[p].begin(), per_thread.vertices[p].end());
      std::vector<Key<W>>().swap(per_thread.vertices[p]);
    }
    std::sort(all.begin(), all.end());
    return all;
  }
  // Label set -> basis of the degenerate vertices of polytope p.
  std::unordered_map<Key<W>, Key<W>, KeyHash<W>> TakeDegenerate(int p) {
    std::unordered_map<Key<W>, Key<W>, KeyHash<W>> out;
    for (auto& per_thread : found_) {
      for (const auto& v : per_thread.degenerate[p]) out.emplace(v.labels, v.basis);
      std::vector<DegenerateVertex<W>>().swap(per_thread.degenerate[p]);
    }
    return out;
  }

 private:
  // A search to do: from a basis, already marked visited, with its
  // dictionary (or none yet: rows == 0); either a new basis to arrive at,
  // or one already recorded whose claimed neighbours (`children`, by
  // basis: their pivots depend on the dictionary's row order) are handed
  // over.
  struct Task {
    int polytope = 0;
    Key<W> key;
    Dictionary dict;
    std::vector<Key<W>> children;
  };
  // A pivot from a basis on the path: row, column.
  struct Move {
    uint16_t row, col;
  };
  // A basis on the path: the pivot from its parent that reached it (the
  // same pivot returns), where its unexplored neighbours begin in
  // `pending`, and the basis (for handing them over).
  struct Frame {
    size_t begin;
    Move via;
    Key<W> key;
  };
  // A claimed neighbour: the pivot to it and its basis. kGiven in the
  // move's row: handed over to another thread.
  static constexpr uint16_t kGiven = 0xFFFF;
  struct Pending {
    Move move;
    Key<W> key;
  };
  struct Neighbour {
    Move move;
    Key<W> key;
    uint64_t hash;
  };
  struct alignas(64) ThreadFound {
    std::vector<Key<W>> vertices[2];
    std::vector<DegenerateVertex<W>> degenerate[2];
    std::vector<Frame> path;
    std::vector<Pending> pending;
    std::vector<Neighbour> neighbours;
  };

  void Worker(int thread) {
    for (;;) {
      Task task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        waiting_.fetch_add(1, std::memory_order_relaxed);
        ready_.wait(lock, [&] { return !queue_.empty() || active_ == 0 || stop_.load(); });
        waiting_.fetch_sub(1, std::memory_order_relaxed);
        if (stop_.load() || queue_.empty()) {
          ready_.notify_all();
          return;
        }
        task = std::move(queue_.front());
        queue_.pop_front();
        queued_.store(static_cast<int>(queue_.size()), std::memory_order_relaxed);
        ++active_;
      }
      try {
        Explore(task, thread);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
        reason_ = StopReason::kError;
        stop_.store(true);
      }
      std::lock_guard<std::mutex> lock(mutex_);
      --active_;
      ready_.notify_all();
    }
  }

  void Stop(StopReason reason) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stop_.load()) reason_ = reason;
    stop_.store(true);
    ready_.notify_all();
  }

  // Every 256 pivots: the other threads' stop, the clock and the memory.
  bool ShouldStop() {
    if (stop_.load(std::memory_order_relaxed)) return true;
    if (bytes_.load(std::memory_order_relaxed) > kMaxEnumMixedBytes) {
      Stop(StopReason::kMemory);
      return true;
    }
    if (max_seconds_ > 0 && seconds() >= max_seconds_) {
      Stop(StopReason::kTime);
      return true;
    }
    return false;
  }

  void Record(const Polytope& poly, const Dictionary& d, const Key<W>& key, int p, int thread) {
    Key<W> labels;
    for (int l : d.nonbasic) labels.Set(l);
    bool degenerate = false;
    for (int r = 0; r < poly.rows; ++r) {
      if (d.RhsZero(r)) {
        labels.Set(d.basis[r]);
        degenerate = true;
      }
    }
    // A nondegenerate basis is its vertex's only basis; a degenerate vertex
    // is reached through several and recorded once, by its label set.
    if (degenerate) {
      if (!degenerate_[p].Insert(labels)) return;
      PushCounted(found_[thread].degenerate[p], DegenerateVertex<W>{labels, key}, &bytes_);
    }
    PushCounted(found_[thread].vertices[p], labels, &bytes_);
  }

  // Depth-first from the task's basis. On arriving at a basis the search
  // claims all its unvisited neighbours at once (marks them visited and
  // keeps their pivots in `pending`): so each basis's ratio tests are done
  // once, and each claimed neighbour is explored from it, later, with the
  // dictionary it was claimed from. When another thread is idle it is
  // handed the claimed neighbours of the lowest basis on the path that has
  // some: the oldest, where the search has the most work left and the
  // other thread is least in its way; it rebuilds that basis's dictionary
  // (about `rows` pivots) and explores them.
  void Explore(Task& task, int thread) {
    const int p = task.polytope;
    const Polytope& poly = polytopes_[p];
    Dictionary& d = task.dict;
    if (d.rows == 0) d.StartAt(poly, [&](int label) { return task.key.Has(label); });
    Key<W> key = task.key;
    std::vector<Frame>& path = found_[thread].path;
    std::vector<Pending>& pending = found_[thread].pending;
    path.clear();
    pending.clear();
    size_t lowest = 0;  // no frame below this has neighbours left to hand over
    std::vector<Neighbour>& neighbours = found_[thread].neighbours;
    auto arrive = [&](Move via, bool root) {
      Record(poly, d, key, p, thread);
      PushCounted(path, Frame{pending.size(), via, key}, &bytes_);
      neighbours.clear();
      for (int s = 0; s < poly.dim; ++s) {
        if (!root && s == via.col) continue;  // back to the parent, visited
        const int r = d.Leaving(s);
        if (r < 0) continue;
        Neighbour n{Move{static_cast<uint16_t>(r), static_cast<uint16_t>(s)}, key, 0};
        n.key.Flip(d.basis[r]);
        n.key.Flip(d.nonbasic[s]);
        n.hash = n.key.Hash();
        visited_[p].Prefetch(n.hash);
        neighbours.push_back(n);
      }
      for (const Neighbour& n : neighbours) {
        if (visited_[p].Insert(n.key, n.hash)) PushCounted(pending, Pending{n.move, n.key}, &bytes_);
      }
    };
    if (task.children.empty()) {
      arrive(Move{0, 0}, true);
    } else {
      PushCounted(path, Frame{0, Move{0, 0}, key}, &bytes_);
      for (const Key<W>& child : task.children) {
        const auto [row, col] = d.PivotTo(key, child);
        Pending c{Move{static_cast<uint16_t>(row), static_cast<uint16_t>(col)}, child};
        PushCounted(pending, c, &bytes_);
      }
    }
    for (unsigned pivots = 1;; ++pivots) {
      if (waiting_.load(std::memory_order_relaxed) > 0 &&
          queued_.load(std::memory_order_relaxed) == 0) {
        Share(path, pending, lowest, p);
      }
      if (pending.size() > path.back().begin) {
        const Move m = pending.back().move;
        pending.pop_back();
        if (m.row == kGiven) continue;
        key.Flip(d.basis[m.row]);
        key.Flip(d.nonbasic[m.col]);
        d.Descend(m.row, m.col);
        arrive(m, false);
      } else {
        const Move via = path.back().via;
        path.pop_back();
        lowest = std::min(lowest, path.size());
        if (path.empty()) return;
        key.Flip(d.basis[via.row]);
        key.Flip(d.nonbasic[via.col]);
        d.Ascend(via.row, via.col);
      }
      if ((pivots & 255) == 0 && ShouldStop()) return;
    }
  }

  // Hands the live pending moves of the lowest frame that has any (not the
  // current one: those are next) to an idle thread.
  void Share(const std::vector<Frame>& path, std::vector<Pending>& pending, size_t& lowest, int p) {
    for (; lowest + 1 < path.size(); ++lowest) {
      const size_t end = path[lowest + 1].begin;
      Task t;
      for (size_t k = path[lowest].begin; k < end; ++k) {
        if (pending[k].move.row == kGiven) continue;
        t.children.push_back(pending[k].key);
        pending[k].move.row = kGiven;
      }
      if (t.children.empty()) continue;
      t.polytope = p;
      t.key = path[lowest].key;
      ++lowest;
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(t));
      queued_.store(static_cast<int>(queue_.size()), std::memory_order_relaxed);
      ready_.notify_one();
      return;
    }
  }

  const Polytope* polytopes_;
  const int threads_;
  const double max_seconds_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<int64_t> bytes_{0};
  KeySet<W> visited_[2];
  KeySet<W> degenerate_[2];
  std::vector<ThreadFound> found_;

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> queue_;
  int active_ = 0;
  std::atomic<int> waiting_{0}, queued_{0};
  std::atomic<bool> stop_{false};
  StopReason reason_ = StopReason::kNone;
  std::exception_ptr error_;
};

// ---------------------------------------------------------------------------
// The exact point of a vertex from one of its bases: the basic coordinates
// solve the k x k system of the rows whose slack is nonbasic (tight), by
// fraction-free Gauss-Jordan elimination; normalised to sum 1.
template <int W>
std::vector<Rational> VertexPoint(const Polytope& poly, const Key<W>& basis) {
  std::vector<int> coords, tight;
  for (int c = 0; c < poly.dim; ++c) {
    if (basis.Has(poly.col_label[c])) coords.push_back(c);
  }
  for (int r = 0; r < poly.rows; ++r) {
    if (!basis.Has(poly.row_label[r])) tight.push_back(r);
  }
  const int k = static_cast<int>(coords.size());  // == tight.size() for a basis
  std::vector<std::vector<BigInt>> a(k, std::vector<BigInt>(k + 1));
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) a[i][j] = poly.matrix[tight[i]][coords[j]];
    a[i][k] = 1;
  }
  BigInt det = 1, t;
  std::vector<int> row_of(k, -1);
  std::vector<bool> used(k, false);
  for (int j = 0; j < k; ++j) {
    int r = 0;
    while (r < k && (used[r] || a[r][j] == 0)) ++r;
    if (r == k) throw std::logic_error("enummixed: a recorded basis is singular");
    used[r] = true;
    row_of[j] = r;
    for (int i = 0; i < k; ++i) {
      if (i == r) continue;
      for (int c = 0; c <= k; ++c) {
        if (c == j) continue;
        mpz_mul(t.backend().data(), a[i][c].backend().data(), a[r][j].backend().data());
        mpz_submul(t.backend().data(), a[i][j].backend().data(), a[r][c].backend().data());
        mpz_divexact(a[i][c].backend().data(), t.backend().data(), det.backend().data());
      }
      a[i][j] = 0;
    }
    det = a[r][j];
  }
  // Each basic coordinate is rhs / det in its row; the common factor det
  // (of either sign) cancels in the normalisation.
  std::vector<BigInt> point(poly.dim, BigInt(0));
  BigInt sum = 0;
  for (int j = 0; j < k; ++j) {
    point[coords[j]] = a[row_of[j]][k];
    sum += point[coords[j]];
  }
  std::vector<Rational> out;
  out.reserve(poly.dim);
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

std::string Bytes(double b) {
  char buf[32];
  if (b >= 1 << 30) {
    std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1 << 30));
  } else {
    std::snprintf(buf, sizeof buf, "%.0f MiB", b / (1 << 20));
  }
  return buf;
}

// Decreasing lexicographic order of exact probability vectors.
bool Before(const std::vector<Rational>& a, const std::vector<Rational>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return false;
}

// The most vertices a simple d-polytope with k facets can have (McMullen's
// upper bound theorem): C(k - ceil(d/2), floor(d/2)) + C(k - floor(d/2) - 1,
// ceil(d/2) - 1). The perturbed P and Q are simple, so this bounds the
// bases the search visits.
double Choose(int a, int b) {
  if (b < 0 || a < b) return 0.0;
  double c = 1;
  for (int i = 1; i <= b; ++i) c = c * (a - b + i) / i;
  return c;
}

double UpperBoundVertices(int d, int k) {
  const int down = d / 2, up = d - down;
  return Choose(k - up, down) + Choose(k - down - 1, up - 1);
}

template <int W>
SolveResult Solve(const NormalForm& game, const EnumMixedOptions& options, const Polytope* poly) {
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  int threads = std::max(1, options.threads > 0 ? options.threads : omp_get_max_threads());
  // A game this small is done in less time than waking a thread takes.
  if (UpperBoundVertices(m, m + n) + UpperBoundVertices(n, m + n) < 2000) threads = 1;
  VertexSearch<W> search(poly, threads, options.max_seconds);
  search.Run();
  if (search.stopped() == StopReason::kMemory) {
    char buf[600];
    std::snprintf(buf, sizeof buf,
                  "enummixed: enumerating the vertices of this game's best-response polytopes "
                  "needs more than %s of memory (after %zu bases of P and %zu of Q; the limit "
                  "keeps the search within the memory of a laptop); a random game past about "
                  "22x22, or a degenerate one (many equal payoffs) somewhat smaller, has that "
                  "many; use lcp or enumpure",
                  Bytes(static_cast<double>(kMaxEnumMixedBytes)).c_str(), search.bases(0),
                  search.bases(1));
    throw NotApplicable(buf);
  }
  const bool timed_out = search.stopped() == StopReason::kTime;
  const double seconds = search.seconds();
  const std::vector<Key<W>> xs = search.TakeVertices(0), ys = search.TakeVertices(1);

  Key<W> all, x_coords, y_coords;
  for (int k = 0; k < m + n; ++k) all.Set(k);
  for (int i = 0; i < m; ++i) x_coords.Set(i);
  for (int j = 0; j < n; ++j) y_coords.Set(m + j);

  // x = (x_1..x_m) lacking the labels C (|C| = n - e, where e >= 0 is the
  // number of labels x has beyond m) matches the y's whose labels contain C.
  // A nondegenerate y has exactly n labels, so its label set is C plus e of
  // x's own labels: the C(m + e, e) such sets (one when x is nondegenerate)
  // are looked up by binary search in Q's sorted label sets. The
  // degenerate y's (more than n labels: few in most games) are checked
  // directly, from the list of the rarest label of C. (An index of all y's
  // by label would cost n integers a vertex: 300 MB for a 20x20 game.)
  std::vector<std::vector<int>> degenerate_by_label(m + n);
  std::vector<int> degenerate_y;
  for (size_t j = 0; j < ys.size(); ++j) {
    if (ys[j].Count() == n) continue;  // nondegenerate, or y = 0
    degenerate_y.push_back(static_cast<int>(j));
    for (int l = 0; l < m + n; ++l) {
      if (ys[j].Has(l)) degenerate_by_label[l].push_back(static_cast<int>(j));
    }
  }
  std::vector<std::pair<int, int>> pairs;
  std::vector<int> matches, own, pick;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (xs[i].Contains(x_coords)) continue;  // x = 0
    Key<W> complement;
    for (int w = 0; w < W; ++w) complement.w[w] = all.w[w] & ~xs[i].w[w];
    matches.clear();
    auto lookup = [&](const Key<W>& labels) {
      const auto it = std::lower_bound(ys.begin(), ys.end(), labels);
      if (it != ys.end() && *it == labels && !labels.Contains(y_coords)) {
        matches.push_back(static_cast<int>(it - ys.begin()));
      }
    };
    own.clear();
    for (int l = 0; l < m + n; ++l) {
      if (xs[i].Has(l)) own.push_back(l);
    }
    const int extra = static_cast<int>(own.size()) - m;
    if (extra == 0) {
      lookup(complement);
    } else if (Choose(static_cast<int>(own.size()), extra) <= 1e5) {
      // Every e-subset of x's labels, in lexicographic order of positions.
      pick.resize(extra);
      for (int k = 0; k < extra; ++k) pick[k] = k;
      for (;;) {
        Key<W> labels = complement;
        for (int k : pick) labels.Set(own[k]);
        lookup(labels);
        int k = extra - 1;
        while (k >= 0 && pick[k] == static_cast<int>(own.size()) - extra + k) --k;
        if (k < 0) break;
        ++pick[k];
        for (int q = k + 1; q < extra; ++q) pick[q] = pick[q - 1] + 1;
      }
    } else {
      // Too many subsets (a hugely degenerate x): scan Q's vertices.
      for (size_t j = 0; j < ys.size(); ++j) {
        if (ys[j].Count() == n && !ys[j].Contains(y_coords) && ys[j].Contains(complement)) {
          matches.push_back(static_cast<int>(j));
        }
      }
    }
    if (!degenerate_y.empty()) {
      const std::vector<int>* shortest = &degenerate_y;
      for (int l = 0; l < m + n; ++l) {
        if (complement.Has(l) && degenerate_by_label[l].size() < shortest->size()) {
          shortest = &degenerate_by_label[l];
        }
      }
      for (int j : *shortest) {
        if (ys[j].Contains(complement)) matches.push_back(j);
      }
    }
    for (int j : matches) pairs.emplace_back(static_cast<int>(i), j);
  }

  // The equilibria are listed, and their x's and y's form a graph whose
  // maximal bicliques are computed: both must stay of a listable size.
  std::map<int, std::vector<Rational>> x_point, y_point;
  for (const auto& [i, j] : pairs) {
    x_point.emplace(i, std::vector<Rational>());
    y_point.emplace(j, std::vector<Rational>());
  }
  if (static_cast<double>(pairs.size()) * (m + n) > static_cast<double>(kMaxListedProbabilities) ||
      static_cast<double>(x_point.size()) * static_cast<double>(y_point.size()) >
          kMaxEnumMixedGraph) {
    throw NotApplicable("enummixed: this game has " + std::to_string(pairs.size()) +
                        " extreme equilibria (between " + std::to_string(x_point.size()) + " and " +
                        std::to_string(y_point.size()) +
                        " distinct strategies of the two players), too many to list with their "
                        "cliques; use enumpure or lcp");
  }
  // A basis of each vertex: the complement of a nondegenerate one's labels.
  const auto degenerate_x = search.TakeDegenerate(0), degenerate_y_basis = search.TakeDegenerate(1);
  auto basis_of = [&](const Key<W>& labels, int dim, const auto& degenerate) {
    if (labels.Count() != dim) return degenerate.at(labels);
    Key<W> basis;
    for (int w = 0; w < W; ++w) basis.w[w] = all.w[w] & ~labels.w[w];
    return basis;
  };
  for (auto& [i, point] : x_point) point = VertexPoint(poly[0], basis_of(xs[i], m, degenerate_x));
  for (auto& [j, point] : y_point) {
    point = VertexPoint(poly[1], basis_of(ys[j], n, degenerate_y_basis));
  }
  // The canonical order: by x, then by y (each vertex is one point, so no
  // two pairs tie).
  std::sort(pairs.begin(), pairs.end(), [&](const auto& a, const auto& b) {
    const std::vector<Rational>& xa = x_point[a.first];
    const std::vector<Rational>& xb = x_point[b.first];
    if (a.first != b.first) return Before(xa, xb);
    return Before(y_point[a.second], y_point[b.second]);
  });

  SolveResult result;
  result.method = "enummixed";
  result.complete = !timed_out;
  if (options.max_seconds > 0) result.parameters["max_seconds"] = options.max_seconds;
  std::map<int, int> x_node, y_node;  // vertex index -> clique-graph node, in listed order
  for (const auto& [i, j] : pairs) {
    x_node.emplace(i, static_cast<int>(x_node.size()));
    y_node.emplace(j, static_cast<int>(y_node.size()));
  }
  std::vector<std::vector<int>> pair_index(x_node.size(), std::vector<int>(y_node.size(), -1));
  std::vector<std::vector<bool>> adj(x_node.size(), std::vector<bool>(y_node.size(), false));
  for (const auto& [i, j] : pairs) {
    const std::vector<Rational>& x = x_point[i];
    const std::vector<Rational>& y = y_point[j];
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
  if (timed_out) {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "the time limit (%g s) stopped the vertex enumeration after %.3g s, with %zu "
                  "vertices of P and %zu of Q found; the %zu equilibria found among them are "
                  "listed, not necessarily all (lcp or gnm find some equilibria of larger games "
                  "quickly)",
                  options.max_seconds, seconds, xs.size(), ys.size(), result.equilibria.size());
    result.warning = buf;
    result.note += std::string("; ") + buf;
  }
  return result;
}

}  // namespace

SolveResult EnumMixed(const NormalForm& game, const EnumMixedOptions& options) {
  RequireTwoPlayers(game, "enummixed");
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  // Up front: one dense tableau of each polytope (n x (m + n + 1) and m x
  // (m + n + 1) integers) must fit in the limit before anything is converted.
  const double cells = static_cast<double>(std::max(m, n)) * (m + n + 1);
  if (cells > kMaxEnumMixedCells) {
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  "enummixed: the tableau of a best-response polytope of this game would hold "
                  "%.0f integers; the limit is %.3g in all; use lcp or enumpure",
                  cells, kMaxEnumMixedCells);
    throw NotApplicable(buf);
  }
  if (m + n > kMaxEnumMixedStrategies) {
    throw NotApplicable("enummixed: this game has " + std::to_string(m + n) +
                        " strategies in all (" + std::to_string(m) + " + " + std::to_string(n) +
                        "); the limit is " + std::to_string(kMaxEnumMixedStrategies) +
                        ", beyond which the vertices of its best-response polytopes are too many "
                        "to enumerate unless one player has very few strategies; use lcp or "
                        "enumpure");
  }
  if (options.max_seconds < 0 || !(options.max_seconds == options.max_seconds)) {
    throw std::invalid_argument("enummixed: max_seconds must be 0 (no limit) or positive");
  }
  const IntegerBimatrix g = PositiveIntegerPayoffs(ExactPayoffMatrices(game));

  Polytope poly[2];
  // P: x in R^m, constraints B^T x <= 1 (n rows). x_i has label i, the slack
  // of column j has label m + j.
  poly[0].rows = n;
  poly[0].dim = m;
  poly[0].matrix.assign(n, std::vector<BigInt>(m));
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) poly[0].matrix[c][r] = g.b[r][c];
  }
  for (int i = 0; i < m; ++i) poly[0].col_label.push_back(i);
  for (int j = 0; j < n; ++j) poly[0].row_label.push_back(m + j);
  // Q: y in R^n, constraints A y <= 1 (m rows). y_j has label m + j, the
  // slack of row i has label i.
  poly[1].rows = m;
  poly[1].dim = n;
  poly[1].matrix = g.a;
  for (int j = 0; j < n; ++j) poly[1].col_label.push_back(m + j);
  for (int i = 0; i < m; ++i) poly[1].row_label.push_back(i);

  if (m + n <= 64) return Solve<1>(game, options, poly);
  if (m + n <= 128) return Solve<2>(game, options, poly);
  return Solve<4>(game, options, poly);
}

}  // namespace geostrat
