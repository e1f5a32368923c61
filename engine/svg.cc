#include "engine/svg.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace geostrat::svg {
namespace {

// Every chart is drawn in its own coordinate system and scaled by CSS to the
// page width; text sizes are chosen for a projector at that scale.
constexpr double kWidth = 760;
// Fan charts sit two to a row, so they are drawn narrower to keep their text
// as large as the full-width charts'.
constexpr double kFanWidth = 540;
constexpr double kLeft = 64, kRight = 20, kTop = 30, kBottom = 46;
constexpr const char* kAxisColour = "#555";
constexpr const char* kGridColour = "#e3e3e3";

std::string N(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// "Nice" tick values (1, 2 or 5 times a power of ten) covering [lo, hi].
std::vector<double> Ticks(double lo, double hi, int target = 5) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (raw <= step) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

// The value range a chart shows: the data's range widened to nice ticks, or a
// unit-wide range around a constant.
std::pair<double, double> Range(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi - lo < 1e-12) {
    const double pad = std::max(0.5, std::abs(lo) * 0.1);
    return {lo - pad, hi + pad};
  }
  const auto t = Ticks(lo, hi);
  const double step = t.size() > 1 ? t[1] - t[0] : hi - lo;
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

struct Scale {
  double d0, d1, p0, p1;
  double operator()(double v) const { return p0 + (v - d0) / (d1 - d0) * (p1 - p0); }
};

std::string Open(const std::string& id, double height, const std::string& title,
                 double width = kWidth) {
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" << Escape(id) << "\" class=\"chart\" "
    << "viewBox=\"0 0 " << N(width) << " " << N(height) << "\" role=\"img\" aria-label=\""
    << Escape(title) << "\"><title>" << Escape(title) << "</title>";
  return s.str();
}

std::string Text(double x, double y, const std::string& text, const char* anchor = "middle",
                 const char* cls = "") {
  std::ostringstream s;
  s << "<text x=\"" << N(x) << "\" y=\"" << N(y) << "\" text-anchor=\"" << anchor << "\"";
  if (*cls) s << " class=\"" << cls << "\"";
  s << ">" << Escape(text) << "</text>";
  return s.str();
}

std::string LineEl(double x1, double y1, double x2, double y2, const char* colour, double width = 1,
                   const char* dash = "") {
  std::ostringstream s;
  s << "<line x1=\"" << N(x1) << "\" y1=\"" << N(y1) << "\" x2=\"" << N(x2) << "\" y2=\"" << N(y2)
    << "\" stroke=\"" << colour << "\" stroke-width=\"" << N(width) << "\"";
  if (*dash) s << " stroke-dasharray=\"" << dash << "\"";
  s << "/>";
  return s.str();
}

// Horizontal grid lines with value labels on the left, and the y axis title.
std::string YAxis(const Scale& y, const std::vector<double>& ticks, double x0, double x1,
                  const std::string& label, bool probability) {
  std::ostringstream s;
  for (double t : ticks) {
    s << LineEl(x0, y(t), x1, y(t), kGridColour)
      << Text(x0 - 6, y(t) + 4, probability ? FormatP(t) : FormatValue(t), "end", "tick");
  }
  const double mid = (y.p0 + y.p1) / 2;
  s << "<text transform=\"translate(14 " << N(mid) << ") rotate(-90)\" text-anchor=\"middle\" "
    << "class=\"axis\">" << Escape(label) << "</text>";
  return s.str();
}

using LegendEntries = std::vector<std::pair<std::string, std::string>>;  // name, colour

double LegendWidth(const std::string& name) { return 26 + 7.2 * static_cast<double>(name.size()); }

// Legend entries in rows that fit between `left` and `right`, first to last.
std::vector<std::vector<size_t>> LegendRows(const LegendEntries& entries, double left,
                                            double right) {
  std::vector<std::vector<size_t>> rows(1);
  double used = 0;
  for (size_t k = 0; k < entries.size(); ++k) {
    const double w = LegendWidth(entries[k].first) + 10;
    if (!rows.back().empty() && used + w > right - left) {
      rows.emplace_back();
      used = 0;
    }
    rows.back().push_back(k);
    used += w;
  }
  return rows;
}

// The legend's rows from y down, each ending at `right` so it hugs the
// right edge.
std::string Legend(const LegendEntries& entries, double right, double y, double left = kLeft) {
  std::ostringstream s;
  for (const auto& row : LegendRows(entries, left, right)) {
    double x = right;
    for (size_t i = row.size(); i-- > 0;) {
      const auto& [name, colour] = entries[row[i]];
      x -= LegendWidth(name);
      s << "<rect x=\"" << N(x) << "\" y=\"" << N(y - 10) << "\" width=\"14\" height=\"12\" fill=\""
        << colour << "\"/>" << Text(x + 19, y, name, "start", "legend");
      x -= 10;
    }
    y += 18;
  }
  return s.str();
}

std::string Path(const std::vector<std::pair<double, double>>& points, bool close) {
  std::ostringstream s;
  for (size_t i = 0; i < points.size(); ++i) {
    s << (i == 0 ? "M" : " L") << N(points[i].first) << " " << N(points[i].second);
  }
  if (close) s << " Z";
  return s.str();
}

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatP(double p) {
  if (std::isnan(p)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", p);
  return buf;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, std::abs(v) >= 1000 ? "%.0f" : "%.4g", v);
  return buf;
}

const char* CategoryColour(size_t k) {
  static constexpr std::array<const char*, 7> kOkabeIto = {
      "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"};
  return kOkabeIto[k % kOkabeIto.size()];
}

std::string Viridis(double t) {
  static constexpr std::array<std::array<int, 3>, 9> kAnchors = {{{68, 1, 84},
                                                                  {71, 45, 123},
                                                                  {59, 82, 139},
                                                                  {44, 114, 142},
                                                                  {33, 145, 140},
                                                                  {40, 174, 128},
                                                                  {94, 201, 98},
                                                                  {173, 220, 48},
                                                                  {253, 231, 37}}};
  t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
  const double x = t * (kAnchors.size() - 1);
  const size_t i = std::min(static_cast<size_t>(x), kAnchors.size() - 2);
  const double f = x - static_cast<double>(i);
  char buf[8];
  std::snprintf(
      buf, sizeof buf, "#%02x%02x%02x",
      static_cast<int>(std::lround(kAnchors[i][0] + f * (kAnchors[i + 1][0] - kAnchors[i][0]))),
      static_cast<int>(std::lround(kAnchors[i][1] + f * (kAnchors[i + 1][1] - kAnchors[i][1]))),
      static_cast<int>(std::lround(kAnchors[i][2] + f * (kAnchors[i + 1][2] - kAnchors[i][2]))));
  return buf;
}

std::string DrawFan(const FanChart& c) {
  const double height = 300;
  const size_t n = c.q50.size();
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n; ++i) {
    lo = std::min({lo, c.q05[i], c.q50[i]});
    hi = std::max({hi, c.q95[i], c.q50[i]});
  }
  // A near-constant indicator still gets an axis a tenth of a unit wide, so
  // histogram resolution does not read as movement.
  if (std::isfinite(lo) && hi - lo < 0.1) {
    const double mid = (lo + hi) / 2;
    lo = lo >= 0 ? std::max(0.0, mid - 0.05) : mid - 0.05;
    hi = lo + 0.1;
  }
  const auto [y0, y1] = Range(lo, hi);
  const Scale x{0, n > 1 ? static_cast<double>(n - 1) : 1.0, kLeft, kFanWidth - kRight};
  const Scale y{y0, y1, height - kBottom, kTop};
  std::ostringstream s;
  s << Open(c.id, height, "Fan chart of " + c.y_label, kFanWidth);
  s << YAxis(y, Ticks(y0, y1), kLeft, kFanWidth - kRight, c.y_label, false);
  // Quarter ticks: about six labels whatever the horizon.
  const size_t every = std::max<size_t>(1, (n + 5) / 6);
  for (size_t i = 0; i < n; i += every) {
    s << LineEl(x(i), height - kBottom, x(i), height - kBottom + 5, kAxisColour)
      << Text(x(i), height - kBottom + 19, i < c.x_labels.size() ? c.x_labels[i] : "", "middle",
              "tick");
  }
  s << LineEl(kLeft, height - kBottom, kFanWidth - kRight, height - kBottom, kAxisColour);
  auto band = [&](const std::vector<double>& low, const std::vector<double>& high,
                  const char* colour, const char* cls) {
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < n; ++i) pts.emplace_back(x(i), y(high[i]));
    for (size_t i = n; i-- > 0;) pts.emplace_back(x(i), y(low[i]));
    s << "<path class=\"" << cls << "\" d=\"" << Path(pts, true) << "\" fill=\"" << colour
      << "\" stroke=\"none\"/>";
  };
  if (n > 0) {
    band(c.q05, c.q95, "#c6dbef", "band90");
    band(c.q25, c.q75, "#6baed6", "band50");
    std::vector<std::pair<double, double>> med;
    for (size_t i = 0; i < n; ++i) med.emplace_back(x(i), y(c.q50[i]));
    s << "<path class=\"median\" d=\"" << Path(med, false)
      << "\" fill=\"none\" stroke=\"#08306b\" stroke-width=\"2.5\"/>";
  }
  s << Legend({{"median", "#08306b"}, {"50% band", "#6baed6"}, {"90% band", "#c6dbef"}},
              kFanWidth - kRight, 16);
  s << Text((kLeft + kFanWidth - kRight) / 2, height - 6, "quarter", "middle", "axis");
  s << "</svg>";
  return s.str();
}

std::string DrawBars(const BarChart& c) {
  constexpr double kLabelWidth = 210, kRow = 30, kBar = 20;
  const double height = kTop + kRow * static_cast<double>(c.bars.size()) + kBottom - 10;
  double lo = 0, hi = c.probability ? 1.0 : 0.0;
  if (!c.probability) {
    for (const Bar& b : c.bars) {
      for (double v : {b.value, b.low, b.high}) {
        if (std::isfinite(v)) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
      }
    }
  }
  const auto [x0, x1] = c.probability ? std::pair<double, double>{0, 1} : Range(lo, hi);
  const Scale x{x0, x1, kLabelWidth, kWidth - kRight - 50};
  const double axis_y = height - kBottom + 10;
  std::ostringstream s;
  s << Open(c.id, height, c.x_label);
  for (double t : Ticks(x0, x1)) {
    s << LineEl(x(t), kTop - 8, x(t), axis_y, kGridColour)
      << Text(x(t), axis_y + 17, c.probability ? FormatP(t) : FormatValue(t), "middle", "tick");
  }
  for (size_t k = 0; k < c.bars.size(); ++k) {
    const Bar& b = c.bars[k];
    const double top = kTop + kRow * static_cast<double>(k);
    const double mid = top + kBar / 2;
    const double a = x(std::max(x0, std::min(0.0, b.value))), e = x(std::max(0.0, b.value));
    const std::string shown =
        !b.text.empty() ? b.text : c.probability ? FormatP(b.value) : FormatValue(b.value);
    s << "<g class=\"bar\" data-label=\"" << Escape(b.label) << "\">"
      << Text(kLabelWidth - 8, mid + 5, b.label, "end", "label") << "<rect x=\""
      << N(std::min(a, e)) << "\" y=\"" << N(top) << "\" width=\""
      << N(std::max(0.0, std::abs(e - a))) << "\" height=\"" << N(kBar) << "\" fill=\""
      << CategoryColour(0) << "\"><title>" << Escape(b.label) << ": " << Escape(shown)
      << "</title></rect>";
    double end = std::max(a, e);
    if (std::isfinite(b.low) && std::isfinite(b.high)) {
      s << LineEl(x(b.low), mid, x(b.high), mid, "#000", 1.5)
        << LineEl(x(b.low), mid - 6, x(b.low), mid + 6, "#000", 1.5)
        << LineEl(x(b.high), mid - 6, x(b.high), mid + 6, "#000", 1.5);
      end = std::max(end, x(b.high));
    }
    s << Text(end + 6, mid + 5, shown, "start", "value")
      << "</g>";
  }
  s << LineEl(kLabelWidth, axis_y, kWidth - kRight - 50, axis_y, kAxisColour);
  s << Text((kLabelWidth + kWidth - kRight - 50) / 2, height - 4, c.x_label, "middle", "axis");
  s << "</svg>";
  return s.str();
}

std::string DrawHeatMap(const HeatMap& m) {
  constexpr double kLegend = 90;
  const size_t nx = m.xs.size(), ny = m.ys.size();
  const bool named = !m.x_names.empty() || !m.y_names.empty();
  const auto x_tick = [&](size_t i) {
    return i < m.x_names.size() ? m.x_names[i] : FormatValue(m.xs[i]);
  };
  const auto y_tick = [&](size_t i) {
    return i < m.y_names.size() ? m.y_names[i] : FormatValue(m.ys[i]);
  };
  // Named rows and columns get room for their names: rows on the left,
  // columns written at a slant below.
  size_t longest_y = 0, longest_x = 0;
  for (size_t i = 0; i < ny; ++i) longest_y = std::max(longest_y, y_tick(i).size());
  for (size_t i = 0; i < nx; ++i) longest_x = std::max(longest_x, x_tick(i).size());
  const double left = std::clamp(30 + 7.0 * static_cast<double>(longest_y), kLeft, 230.0);
  const double below =
      m.x_names.empty() ? 46 : std::clamp(24 + 5.5 * static_cast<double>(longest_x), 46.0, 150.0);
  const double plot_w = kWidth - left - kRight - kLegend;
  const double cell_w = nx ? plot_w / static_cast<double>(nx) : plot_w;
  const double cell_h = std::clamp(cell_w, 22.0, 56.0);
  const double plot_h = cell_h * static_cast<double>(ny);
  const double height = kTop + plot_h + below + 8;
  const double span = m.hi > m.lo ? m.hi - m.lo : 1.0;
  const bool print = nx <= 14 && ny <= 20;
  std::ostringstream s;
  s << Open(m.id, height, m.z_label + " over " + m.x_label + " and " + m.y_label);
  const size_t xevery = named ? 1 : std::max<size_t>(1, (nx + 9) / 10);
  const size_t yevery = named ? 1 : std::max<size_t>(1, (ny + 9) / 10);
  for (size_t iy = 0; iy < ny; ++iy) {
    // Numeric grids put the first y value at the bottom, as on a chart;
    // named tables read top-down, as a payoff matrix does.
    const double row = named ? static_cast<double>(iy) : static_cast<double>(ny - 1 - iy);
    const double top = kTop + cell_h * row;
    if (iy % yevery == 0) s << Text(left - 6, top + cell_h / 2 + 4, y_tick(iy), "end", "tick");
    for (size_t ix = 0; ix < nx; ++ix) {
      const double v = iy < m.z.size() && ix < m.z[iy].size() ? m.z[iy][ix] : kNone;
      const double t = (v - m.lo) / span;
      const double x = left + cell_w * static_cast<double>(ix);
      s << "<rect class=\"cell\" x=\"" << N(x) << "\" y=\"" << N(top) << "\" width=\""
        << N(cell_w + 0.3) << "\" height=\"" << N(cell_h + 0.3) << "\" fill=\""
        << (std::isfinite(v) ? Viridis(t) : std::string("#ffffff")) << "\"><title>"
        << Escape(m.x_label) << " = " << Escape(x_tick(ix)) << ", " << Escape(m.y_label) << " = "
        << Escape(y_tick(iy)) << ": " << FormatP(v) << "</title></rect>";
      if (print && std::isfinite(v)) {
        s << "<text x=\"" << N(x + cell_w / 2) << "\" y=\"" << N(top + cell_h / 2 + 4)
          << "\" text-anchor=\"middle\" class=\"cellvalue\" fill=\"" << (t < 0.6 ? "#fff" : "#000")
          << "\">" << FormatP(v) << "</text>";
      }
    }
  }
  for (size_t ix = 0; ix < nx; ix += xevery) {
    const double cx = left + cell_w * (static_cast<double>(ix) + 0.5);
    if (m.x_names.empty()) {
      s << Text(cx, kTop + plot_h + 17, x_tick(ix), "middle", "tick");
    } else {
      s << "<text transform=\"translate(" << N(cx + 4) << " " << N(kTop + plot_h + 12)
        << ") rotate(-35)\" text-anchor=\"end\" class=\"tick\">" << Escape(x_tick(ix)) << "</text>";
    }
  }
  s << Text(left + plot_w / 2, kTop + plot_h + below - 8, m.x_label, "middle", "axis");
  s << "<text transform=\"translate(14 " << N(kTop + plot_h / 2) << ") rotate(-90)\" "
    << "text-anchor=\"middle\" class=\"axis\">" << Escape(m.y_label) << "</text>";
  // Colour legend: a vertical ramp from lo (bottom) to hi (top).
  const double lx = kWidth - kRight - kLegend + 24;
  constexpr int kSteps = 20;
  for (int k = 0; k < kSteps; ++k) {
    const double h = plot_h / kSteps;
    s << "<rect x=\"" << N(lx) << "\" y=\"" << N(kTop + plot_h - h * (k + 1))
      << "\" width=\"16\" height=\"" << N(h + 0.3) << "\" fill=\"" << Viridis((k + 0.5) / kSteps)
      << "\"/>";
  }
  s << Text(lx + 22, kTop + 10, FormatP(m.hi), "start", "tick")
    << Text(lx + 22, kTop + plot_h, FormatP(m.lo), "start", "tick")
    << Text(lx + 8, kTop - 10, m.z_label, "middle", "legend");
  s << "</svg>";
  return s.str();
}

std::string DrawLines(const LineChart& c) {
  LegendEntries legend;
  for (size_t k = 0; k < c.lines.size(); ++k) {
    if (!c.lines[k].name.empty()) {
      legend.emplace_back(c.lines[k].name,
                          c.lines[k].colour.empty() ? CategoryColour(k) : c.lines[k].colour);
    }
  }
  // A legend of several rows pushes the plot down.
  const double extra =
      18.0 * static_cast<double>(LegendRows(legend, kLeft, kWidth - kRight).size() - 1);
  const double top = kTop + extra;
  const double height = 300 + extra;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (double v : c.x) {
    xlo = std::min(xlo, v);
    xhi = std::max(xhi, v);
  }
  for (const Line& l : c.lines) {
    for (const auto* v : {&l.y, &l.low, &l.high}) {
      for (double y : *v) {
        if (std::isfinite(y)) {
          ylo = std::min(ylo, y);
          yhi = std::max(yhi, y);
        }
      }
    }
  }
  if (std::isfinite(c.level)) {
    ylo = std::min(ylo, c.level);
    yhi = std::max(yhi, c.level);
  }
  const auto [y0, y1] = c.probability ? std::pair<double, double>{0, 1} : Range(ylo, yhi);
  const double x0 = std::isfinite(xlo) ? xlo : 0, x1 = xhi > xlo ? xhi : x0 + 1;
  const Scale x{x0, x1, kLeft, kWidth - kRight};
  const Scale y{y0, y1, height - kBottom, top};
  std::ostringstream s;
  s << Open(c.id, height, c.y_label + " against " + c.x_label);
  s << YAxis(y, Ticks(y0, y1), kLeft, kWidth - kRight, c.y_label, c.probability);
  for (const auto& [a, b] : c.shaded) {
    s << "<rect class=\"bracket\" x=\"" << N(x(a)) << "\" y=\"" << N(top) << "\" width=\""
      << N(std::max(1.0, x(b) - x(a))) << "\" height=\"" << N(height - top - kBottom)
      << "\" fill=\"#999999\" fill-opacity=\"0.25\"/>";
  }
  if (std::isfinite(c.level)) {
    s << LineEl(kLeft, y(c.level), kWidth - kRight, y(c.level), "#333", 1.2, "6 4");
  }
  for (double t : Ticks(x0, x1, 8)) {
    s << LineEl(x(t), height - kBottom, x(t), height - kBottom + 5, kAxisColour)
      << Text(x(t), height - kBottom + 19, FormatValue(t), "middle", "tick");
  }
  s << LineEl(kLeft, height - kBottom, kWidth - kRight, height - kBottom, kAxisColour);
  for (size_t k = 0; k < c.lines.size(); ++k) {
    const Line& l = c.lines[k];
    const std::string colour = l.colour.empty() ? CategoryColour(k) : l.colour;
    const size_t n = std::min(c.x.size(), l.y.size());
    if (l.low.size() >= n && l.high.size() >= n && n > 0) {
      std::vector<std::pair<double, double>> pts;
      for (size_t i = 0; i < n; ++i) pts.emplace_back(x(c.x[i]), y(l.high[i]));
      for (size_t i = n; i-- > 0;) pts.emplace_back(x(c.x[i]), y(l.low[i]));
      s << "<path class=\"ci\" d=\"" << Path(pts, true) << "\" fill=\"" << colour
        << "\" fill-opacity=\"0.18\" stroke=\"none\"/>";
    }
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < n; ++i) pts.emplace_back(x(c.x[i]), y(l.y[i]));
    s << "<path class=\"line\" d=\"" << Path(pts, false) << "\" fill=\"none\" stroke=\"" << colour
      << "\" stroke-width=\"2.2\"/>";
    if (c.markers) {
      for (const auto& [px, py] : pts) {
        s << "<circle cx=\"" << N(px) << "\" cy=\"" << N(py) << "\" r=\"3.2\" fill=\"" << colour
          << "\"/>";
      }
    }
  }
  s << Legend(legend, kWidth - kRight, 16);
  s << Text((kLeft + kWidth - kRight) / 2, height - 6, c.x_label, "middle", "axis");
  s << "</svg>";
  return s.str();
}

}  // namespace geostrat::svg
