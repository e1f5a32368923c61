// Exact rational payoffs for the exact two-player solvers (enummixed,
// enumsupport, lcp), and helpers they share.
//
// Payoffs are taken from the .nfg text when the game came from a file ("3/2",
// "0.1", "1e-3" are read as the rationals they denote, not as the nearest
// double), and otherwise from the stored double, which is itself an exact
// dyadic rational m * 2^e. Everything downstream is then exact arithmetic with
// GMP through Boost.Multiprecision (mpq_rational, mpz_int).
#pragma once

#include <boost/multiprecision/gmp.hpp>
#include <string>
#include <vector>

#include "games/normal_form.h"

namespace geostrat {

using Rational = boost::multiprecision::mpq_rational;
using BigInt = boost::multiprecision::mpz_int;
// Row-major dense matrix: matrix[row][col].
using RationalMatrix = std::vector<std::vector<Rational>>;
using IntegerMatrix = std::vector<std::vector<BigInt>>;

// The rational a number literal denotes: integers, decimals ("0.25" = 1/4),
// exponents ("1.5e-3"), fractions "a/b" whose parts are any of these.
// Throws std::invalid_argument when `text` is none of them.
Rational ParseExactNumber(const std::string& text);
// The exact value of a finite double (throws std::invalid_argument on inf/NaN).
Rational ExactFromDouble(double value);
// The exact payoff of `player` at a profile: the file's text when there is
// one, else the double.
Rational ExactPayoff(const NormalForm& game, size_t profile_index, int player);

// A two-player game as exact matrices: a[r][c] to the row player, b[r][c] to
// the column player. Throws NotApplicable unless the game has two players.
struct ExactBimatrix {
  RationalMatrix a;
  RationalMatrix b;
};
ExactBimatrix ExactPayoffMatrices(const NormalForm& game);

// The bimatrix shifted so every entry is at least 1 and scaled by the common
// denominator, so both matrices are positive integers. Equilibria are
// unchanged by adding a constant to one player's payoffs and by scaling them
// by a positive constant, and the best-response polytopes of the shifted game
// are bounded, which the vertex and pivoting methods need.
// PositiveIntegerPayoffs (enummixed, lcp) throws NotApplicable when the
// common denominator of a player's payoffs would need more than
// kMaxExactDenominatorBits bits (payoffs written as decimals need at most
// 10^k for k decimal places; many unrelated fractions can need far more).
inline constexpr unsigned kMaxExactDenominatorBits = 2048;
struct IntegerBimatrix {
  IntegerMatrix a;
  IntegerMatrix b;
};
IntegerBimatrix PositiveIntegerPayoffs(const ExactBimatrix& game);

// "p/q" in lowest terms, or "p" when the denominator is 1.
std::string FractionString(const Rational& value);

// A simplex tableau over the integers with Bareiss's fraction-free pivoting
// (Bareiss 1968; as in lrslib and von Stengel's LH code): every entry is the
// true tableau entry times the current determinant `det()`, and each pivot's
// division by the previous determinant is exact, so entries stay integers of
// size polynomial in the input instead of growing like fractions would.
// Columns 0..vars-1 are variables and column `vars` is the right-hand side;
// the initial basis must be an identity (slack) column per row with det 1.
class IntegerTableau {
 public:
  IntegerTableau(int rows, int vars);
  int rows() const { return rows_; }
  int vars() const { return vars_; }
  BigInt& At(int row, int col) { return cells_[static_cast<size_t>(row) * (vars_ + 1) + col]; }
  const BigInt& At(int row, int col) const {
    return cells_[static_cast<size_t>(row) * (vars_ + 1) + col];
  }
  const BigInt& Rhs(int row) const { return At(row, vars_); }
  const BigInt& det() const { return det_; }
  // Declares the starting basis (basis[row] = variable); det becomes 1.
  void SetBasis(const std::vector<int>& basis);
  const std::vector<int>& basis() const { return basis_; }
  int BasicIn(int row) const { return basis_[row]; }
  int RowOf(int var) const { return row_of_[var]; }  // -1 when nonbasic
  // Brings `col` into the basis in place of the variable basic in `row`.
  // The entry at (row, col) must be nonzero (positive in simplex pivots).
  void Pivot(int row, int col);

 private:
  int rows_, vars_;
  std::vector<BigInt> cells_;
  std::vector<int> basis_;
  std::vector<int> row_of_;
  BigInt det_ = 1;
};

// Throws NotApplicable("<method> needs a two-player game; this one has N
// players") unless the game has two players.
void RequireTwoPlayers(const NormalForm& game, const std::string& method);

}  // namespace geostrat
