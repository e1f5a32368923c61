#include "games/solvers/exact.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "games/solvers/equilibrium.h"

namespace geostrat {

namespace {

// 10^k as an exact integer.
BigInt PowerOfTen(unsigned k) {
  BigInt out = 1;
  for (unsigned i = 0; i < k; ++i) out *= 10;
  return out;
}

// [+-]digits[.digits][(e|E)[+-]digits], or [+-].digits...; no fractions.
Rational ParseDecimal(const std::string& text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int fraction_digits = 0;
  bool any_digit = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    digits += text[i++];
    any_digit = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      digits += text[i++];
      ++fraction_digits;
      any_digit = true;
    }
  }
  if (!any_digit) throw std::invalid_argument("not a number: \"" + text + "\"");
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i >= text.size()) throw std::invalid_argument("not a number: \"" + text + "\"");
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      exponent = exponent * 10 + (text[i++] - '0');
      // A payoff needing more than 10^4 digits is not a payoff; refuse
      // rather than build a huge integer.
      if (exponent > 10000) throw std::invalid_argument("exponent too large: \"" + text + "\"");
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) throw std::invalid_argument("not a number: \"" + text + "\"");
  // Leading zeros would make the string constructor read octal.
  const size_t nonzero = digits.find_first_not_of('0');
  const BigInt mantissa(nonzero == std::string::npos ? std::string("0") : digits.substr(nonzero));
  const long scale = exponent - fraction_digits;
  Rational value = scale >= 0 ? Rational(mantissa * PowerOfTen(static_cast<unsigned>(scale)))
                              : Rational(mantissa, PowerOfTen(static_cast<unsigned>(-scale)));
  return negative ? Rational(-value) : value;
}

}  // namespace

Rational ParseExactNumber(const std::string& text) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return ParseDecimal(text);
  const Rational num = ParseDecimal(text.substr(0, slash));
  const Rational den = ParseDecimal(text.substr(slash + 1));
  if (den == 0) throw std::invalid_argument("zero denominator: \"" + text + "\"");
  return num / den;
}

Rational ExactFromDouble(double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("payoff is not finite");
  if (value == 0) return Rational(0);
  // value = mantissa * 2^exponent with |mantissa| in [0.5, 1); 53 bits of
  // mantissa make it an integer after scaling by 2^53.
  int exponent = 0;
  const double mantissa = std::frexp(value, &exponent);
  const long long integer = static_cast<long long>(std::ldexp(mantissa, 53));
  exponent -= 53;
  Rational out{BigInt(integer)};
  BigInt power = 1;
  power <<= static_cast<unsigned>(exponent >= 0 ? exponent : -exponent);
  if (exponent >= 0) return out * Rational(power);
  return out / Rational(power);
}

Rational ExactPayoff(const NormalForm& game, size_t profile_index, int player) {
  const std::string& text = game.PayoffText(profile_index, player);
  if (!text.empty()) {
    try {
      return ParseExactNumber(text);
    } catch (const std::invalid_argument&) {
      // Forms the .nfg reader accepts through strtod but this grammar does
      // not (hexadecimal floats): those are exact as doubles anyway.
    }
  }
  return ExactFromDouble(game.Payoff(profile_index, player));
}

void RequireTwoPlayers(const NormalForm& game, const std::string& method) {
  if (game.num_players() != 2) {
    throw NotApplicable(method + " needs a two-player game; this one has " +
                        std::to_string(game.num_players()) + (game.num_players() == 1 ? " player" : " players"));
  }
}

ExactBimatrix ExactPayoffMatrices(const NormalForm& game) {
  RequireTwoPlayers(game, "exact payoff matrices");
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  ExactBimatrix out;
  out.a.assign(m, std::vector<Rational>(n));
  out.b.assign(m, std::vector<Rational>(n));
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) {
      const size_t index = game.ProfileIndex({r, c});
      out.a[r][c] = ExactPayoff(game, index, 0);
      out.b[r][c] = ExactPayoff(game, index, 1);
    }
  }
  return out;
}

namespace {

IntegerMatrix PositiveInteger(const RationalMatrix& matrix) {
  Rational low = matrix[0][0];
  BigInt denominator = 1;
  for (const auto& row : matrix) {
    for (const Rational& v : row) {
      if (v < low) low = v;
      denominator = boost::multiprecision::lcm(denominator, boost::multiprecision::denominator(v));
      // Payoffs with many unrelated denominators ("1/3", "1/7", "1/11", ...)
      // would make every integer of the exact methods enormous.
      if (boost::multiprecision::msb(denominator) >= kMaxExactDenominatorBits) {
        throw NotApplicable("the exact methods need the payoffs over one common denominator, and "
                            "this game's needs more than " +
                            std::to_string(kMaxExactDenominatorBits) +
                            " bits; use payoffs with fewer distinct denominators, or a method in "
                            "doubles (liap, gnm, logit)");
      }
    }
  }
  // Shift so the smallest entry becomes 1, then clear denominators.
  const Rational shift = Rational(1) - low;
  IntegerMatrix out(matrix.size(), std::vector<BigInt>(matrix[0].size()));
  for (size_t r = 0; r < matrix.size(); ++r) {
    for (size_t c = 0; c < matrix[r].size(); ++c) {
      const Rational scaled = (matrix[r][c] + shift) * Rational(denominator);
      out[r][c] = boost::multiprecision::numerator(scaled);
    }
  }
  return out;
}

}  // namespace

IntegerBimatrix PositiveIntegerPayoffs(const ExactBimatrix& game) {
  return {PositiveInteger(game.a), PositiveInteger(game.b)};
}

IntegerTableau::IntegerTableau(int rows, int vars)
    : rows_(rows),
      vars_(vars),
      cells_(static_cast<size_t>(rows) * (vars + 1)),
      basis_(rows, -1),
      row_of_(vars, -1) {}

void IntegerTableau::SetBasis(const std::vector<int>& basis) {
  basis_ = basis;
  std::fill(row_of_.begin(), row_of_.end(), -1);
  for (int r = 0; r < rows_; ++r) row_of_[basis_[r]] = r;
  det_ = 1;
}

void IntegerTableau::Pivot(int row, int col) {
  const int leaving = basis_[row];
  const BigInt pivot = At(row, col);
  mpz_srcptr p = pivot.backend().data();
  mpz_srcptr d = det_.backend().data();
  BigInt product;
  mpz_ptr t = product.backend().data();
  // Columns that are basic after the pivot need no arithmetic: they are a
  // unit column times the new determinant. Every other column (the leaving
  // variable's included) gets the Bareiss update
  //   T[i][k] = (T[i][k] * p - T[i][col] * T[row][k]) / det_old,
  // where the division is exact.
  std::vector<int> columns;
  columns.reserve(vars_ + 1);
  for (int k = 0; k <= vars_; ++k) {
    if (k == vars_ || (row_of_[k] < 0 && k != col) || k == leaving) columns.push_back(k);
  }
  for (int i = 0; i < rows_; ++i) {
    if (i == row) continue;
    mpz_srcptr factor = At(i, col).backend().data();
    const bool zero_factor = mpz_sgn(factor) == 0;
    for (int k : columns) {
      mpz_ptr cell = At(i, k).backend().data();
      mpz_mul(t, cell, p);
      if (!zero_factor) mpz_submul(t, factor, At(row, k).backend().data());
      mpz_divexact(cell, t, d);
    }
  }
  for (int i = 0; i < rows_; ++i) {
    if (i == row) continue;
    At(i, col) = 0;
    const int basic = basis_[i];
    At(i, basic) = pivot;
  }
  det_ = pivot;
  row_of_[leaving] = -1;
  row_of_[col] = row;
  basis_[row] = col;
}

std::string FractionString(const Rational& value) {
  if (boost::multiprecision::denominator(value) == 1) {
    return boost::multiprecision::numerator(value).str();
  }
  return boost::multiprecision::numerator(value).str() + "/" +
         boost::multiprecision::denominator(value).str();
}

}  // namespace geostrat
