// Counter-based random streams (Random123 Philox-4x32-10).
//
// A stream is addressed by (seed, replicate, stream, substream); the n-th block
// of four 32-bit words is Philox(key = seed, counter = {replicate, stream,
// substream, n}). Nothing depends on thread ids or on how many numbers other
// streams drew, which is what makes results identical for any thread count and
// lets every policy profile see the same chance events (common random numbers).
//
// Stream numbering (see ARCHITECTURE "Determinism rules"):
//   stream 0          chance; substream = quarter for the world step, and
//                     kParameterSubstream + parameter index for prior draws;
//   stream 1 + k      agent k; substream = the seat index of the decision.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

namespace geostrat {

class Rng {
 public:
  static constexpr uint32_t kChanceStream = 0;
  static constexpr uint32_t kParameterSubstream = 0x80000000u;
  // Sampled futures of a look-ahead (PayoffOracle::Lookahead): stream
  // kLookaheadStream + sample, substream the quarter; apart from the run's
  // chance stream (0) and the agents' policy streams (1 + agent).
  static constexpr uint32_t kLookaheadStream = 0x40000000u;
  // The policies a look-ahead anticipates: stream kLookaheadPolicyStream +
  // seat, substream quarter x 65536 + sample (the quarter the look-ahead
  // starts from), so each sampled future has its own answers and every
  // action compared meets the same ones.
  static constexpr uint32_t kLookaheadPolicyStream = 0x50000000u;

  Rng(uint64_t seed, uint32_t replicate, uint32_t stream, uint32_t substream)
      : key_{{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)}},
        counter_{{replicate, stream, substream, 0}} {}

  // 32 uniformly distributed bits.
  uint32_t Bits() {
    if (used_ == 4) Refill();
    return block_.v[used_++];
  }

  // Uniform on [0, 1) with 53 random bits.
  double Uniform() {
    const uint64_t hi = Bits() >> 5;  // 27 bits
    const uint64_t lo = Bits() >> 6;  // 26 bits
    return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
  }

  // Uniform on (0, 1): never exactly 0, for logarithms.
  double OpenUniform() { return (static_cast<double>(Bits() >> 8) + 0.5) * 0x1.0p-24; }

  bool Bernoulli(double p) { return Uniform() < p; }

  // Standard normal by Box-Muller (own code: std::*_distribution is
  // implementation-defined and would break cross-platform reproducibility).
  double Normal() {
    const double u1 = OpenUniform();
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // Poisson by inversion (small means only: the model uses rates << 1).
  int Poisson(double mean) {
    double u = Uniform();
    double p = std::exp(-mean);
    int k = 0;
    double cdf = p;
    while (u >= cdf && k < 1000) {
      ++k;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  // Uniform integer in [0, n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Uniform() * n); }

  // How many 4-word blocks this stream has generated (tests use it to check
  // that deterministic policies draw nothing).
  uint32_t blocks_drawn() const { return counter_.v[3]; }

 private:
  using Philox = r123::Philox4x32;
  void Refill() {
    block_ = Philox()(counter_, key_);
    counter_.v[3] += 1;
    used_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  int used_ = 4;
};

}  // namespace geostrat
