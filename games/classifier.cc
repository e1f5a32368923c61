#include "games/classifier.h"

#include <algorithm>

namespace geostrat {

const std::vector<std::string>& OutcomeClassNames() {
  static const std::vector<std::string> names = {
      "full_decoupling",    "reintegration",         "china_catch_up",
      "us_led_unipolar",    "symbiotic_bifurcation", "contested_transition"};
  return names;
}

Indicators TrailingMean(const std::vector<Indicators>& history, int t, int window) {
  Indicators m;
  const int from = std::max(0, t - window + 1);
  const double n = static_cast<double>(t - from + 1);
  for (int q = from; q <= t; ++q) {
    const Indicators& h = history[q];
    m.f += h.f;
    m.x_chip += h.x_chip;
    m.s_cn += h.s_cn;
    m.x_min += h.x_min;
    m.r_us += h.r_us;
    m.c_cn += h.c_cn;
    m.p_cn += h.p_cn;
    m.g_us += h.g_us;
    m.gap += h.gap;
    m.us_compute_share += h.us_compute_share;
    m.le_us += h.le_us;
    m.mineral_self += h.mineral_self;
    m.mineral_ban += h.mineral_ban;
    m.buy_ban += h.buy_ban;
    m.export_ban += h.export_ban;
  }
  for (double* v : {&m.f, &m.x_chip, &m.s_cn, &m.x_min, &m.r_us, &m.c_cn, &m.p_cn, &m.g_us,
                    &m.gap, &m.us_compute_share, &m.le_us, &m.mineral_self, &m.mineral_ban,
                    &m.buy_ban, &m.export_ban}) {
    *v /= n;
  }
  return m;
}

double GapSlope(const std::vector<Indicators>& history, int t, int window) {
  const int from = std::max(0, t - window + 1);
  const double n = static_cast<double>(t - from + 1);
  if (n < 2) return 0.0;
  const double mean_q = 0.5 * (from + t);
  double mean_gap = 0;
  for (int q = from; q <= t; ++q) mean_gap += history[q].gap / n;
  double sxy = 0, sxx = 0;
  for (int q = from; q <= t; ++q) {
    sxy += (q - mean_q) * (history[q].gap - mean_gap);
    sxx += (q - mean_q) * (q - mean_q);
  }
  return sxy / sxx;
}

WindowVerdict ClassifyAt(const std::vector<Indicators>& history, int t, const ModelParams& p) {
  WindowVerdict verdict;
  if (t + 1 < kClassWindow) return verdict;
  const Indicators m = TrailingMean(history, t);
  // "Gap not shrinking over the window": the least-squares slope of the
  // frontier gap over the window's quarters is not negative. A trend reads
  // all eight quarters; two end points would let one quarter's technology
  // noise decide.
  const bool gap_not_shrinking = GapSlope(history, t) >= -1e-9;

  // Trailing means are sums of eight values divided by 8, so a quantity
  // sitting exactly on a threshold can land a rounding error away from it:
  // every comparison allows kTol.
  constexpr double kTol = 1e-9;
  auto ge = [](double x, double t) { return x >= t - kTol; };
  auto le = [](double x, double t) { return x <= t + kTol; };
  auto lt = [](double x, double t) { return x < t - kTol; };
  auto gt = [](double x, double t) { return x > t + kTol; };

  // "The US bloc's share of Ga/Ge/REE refining supplied from inside the
  // bloc": of the supply the bloc gets, the share from outside China. It
  // gets mineral_self (non-China capacity, in units of its 2026 needs) from
  // elsewhere and (1 - mineral_self) X_min from China. Like S_CN for China,
  // this is a share of what is used, not of what was once needed.
  const double from_china = (1.0 - m.mineral_self) * m.x_min;
  const double supplied_self =
      m.mineral_self + from_china > 0 ? m.mineral_self / (m.mineral_self + from_china) : 0.0;
  const bool full_decoupling =
      le(m.x_chip, p.decoupling_x_chip_max) && le(m.x_min, p.decoupling_x_min_max) &&
      le(m.f, p.decoupling_f_max) && ge(m.s_cn, p.decoupling_s_cn_min) &&
      ge(supplied_self, p.decoupling_mineral_self_min);
  const bool reintegration = ge(m.f, p.reintegration_f_min) && ge(m.x_chip, p.reintegration_x_chip_min) &&
                             ge(m.x_min, p.reintegration_x_min_min) && le(m.mineral_ban, 0) &&
                             le(m.buy_ban, 0);
  const bool catch_up = (ge(1.0 - m.r_us, p.catch_up_cn_rent_min) || le(m.gap, p.catch_up_gap_max)) &&
                        ge(m.c_cn, p.catch_up_c_cn_min) && lt(m.g_us, p.catch_up_g_us_max);
  const bool unipolar = ge(m.r_us, p.unipolar_r_us_min) && ge(m.us_compute_share, p.unipolar_us_compute_min) &&
                        lt(m.s_cn, p.unipolar_s_cn_max) && gap_not_shrinking &&
                        ge(m.g_us, p.unipolar_g_us_min);
  // "The two ecosystems still trade": chips inside the band, or licensed
  // IP/EDA flows persisting. Those licences are withdrawn with a full export
  // ban (the May 2025 EDA licence letters came with the escalation and went
  // with the truce), so they persist while no quarter of the window was a ban.
  const bool chips_trade = gt(m.x_chip, p.symbiotic_x_chip_min) && lt(m.x_chip, p.symbiotic_x_chip_max);
  const bool ip_flows = le(m.export_ban, 0);
  const bool symbiotic =
      ge(m.r_us, p.symbiotic_r_us_min) && ge(m.le_us, p.symbiotic_le_us_min) &&
      ge(m.s_cn, p.symbiotic_s_cn_min) && (chips_trade || ip_flows) && ge(m.x_min, p.symbiotic_x_min_min) &&
      (ge(m.c_cn, p.symbiotic_c_cn_min) || ge(m.p_cn, p.symbiotic_p_cn_min)) &&
      ge(m.g_us, p.symbiotic_g_us_min) && le(m.g_us, p.symbiotic_g_us_max);

  const bool holds[] = {full_decoupling, reintegration, catch_up, unipolar, symbiotic};
  for (int c = 0; c < 5; ++c) {
    if (holds[c]) {
      verdict.mask |= 1u << c;
      if (verdict.first == kContestedTransition) verdict.first = static_cast<OutcomeClass>(c);
    }
  }
  return verdict;
}

OutcomeClass DeclareClass(const std::vector<int8_t>& class_history) {
  const int n = static_cast<int>(class_history.size());
  if (n < kClassWindow) return kContestedTransition;
  const int last = class_history[n - 1];
  if (last == kContestedTransition) return kContestedTransition;
  for (int q = n - kClassWindow; q < n; ++q) {
    if (class_history[q] != last) return kContestedTransition;
  }
  return static_cast<OutcomeClass>(last);
}

}  // namespace geostrat
