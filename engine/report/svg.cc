#include "engine/report/svg.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace geostrat::svg {
namespace {

// Every chart is drawn in its own coordinate system and scaled by CSS to the
// width of the page's column (engine/report/report_html.cc): 1056 px at a 1280 px
// window for a full-width chart (x 1.39), 514 px for a compact one drawn two
// to a row (x 1.07). The text sizes below are in the chart's units and give
// at least 14 px on screen at that window.
struct Geometry {
  double width;
  double small;  // ticks, legends, values, labels
  double big;    // axis titles
};
constexpr Geometry kWide{760, 12.5, 13.5};
constexpr Geometry kCompact{480, 14.5, 15};
constexpr double kWidth = kWide.width;
constexpr double kRight = 20, kTop = 30;
constexpr const char* kAxisColour = "#555";
constexpr const char* kGridColour = "#e3e3e3";

// Text boxes as a browser measures them, in ems: the advance of an average
// character of the sans-serif fonts the page asks for (DejaVu Sans is the
// widest, digits 0.64 em), and the ascent and descent of the line box.
constexpr double kCharEm = 0.64, kAscentEm = 0.95, kDescentEm = 0.25;

// The estimated width of `text` at font size `size` (UTF-8 aware).
double TextWidth(const std::string& text, double size) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return kCharEm * size * static_cast<double>(chars);
}

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

// A text element; the size is written on it (not in the page's style sheet)
// because the layout above is computed from it.
std::string Text(double x, double y, const std::string& text, const char* anchor, double size,
                 const char* cls, const std::string& transform = "") {
  std::ostringstream s;
  s << "<text";
  if (transform.empty()) {
    s << " x=\"" << N(x) << "\" y=\"" << N(y) << "\"";
  } else {
    s << " transform=\"" << transform << "\"";
  }
  s << " text-anchor=\"" << anchor << "\" font-size=\"" << N(size) << "\"";
  if (*cls) s << " class=\"" << cls << "\"";
  s << ">" << Escape(text) << "</text>";
  return s.str();
}

// A vertical axis title, read bottom to top, its line box inside x >= 0.
std::string VerticalTitle(double mid, const std::string& label, double size) {
  const double x = size * kAscentEm + 3;
  return Text(0, 0, label, "middle", size, "axis",
              "translate(" + N(x) + " " + N(mid) + ") rotate(-90)");
}
double VerticalTitleRoom(double size) { return size * (kAscentEm + kDescentEm) + 10; }

// A tick label centred at x unless that would cross 0 or `width`; then it
// is anchored inward.
std::string XTick(double x, double y, const std::string& label, double size, double width) {
  const double half = TextWidth(label, size) / 2;
  if (x + half > width - 2) return Text(x, y, label, "end", size, "tick");
  if (x - half < 2) return Text(x, y, label, "start", size, "tick");
  return Text(x, y, label, "middle", size, "tick");
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

std::string TickText(double t, bool probability) {
  return probability ? FormatP(t) : FormatValue(t);
}

// The left margin that holds the y tick labels and the vertical title.
double YAxisRoom(const std::vector<double>& ticks, bool probability, const Geometry& g) {
  double widest = 0;
  for (double t : ticks) widest = std::max(widest, TextWidth(TickText(t, probability), g.small));
  return VerticalTitleRoom(g.big) + widest + 8;
}

// Horizontal grid lines with value labels on the left, and the y axis title.
std::string YAxis(const Scale& y, const std::vector<double>& ticks, double x0, double x1,
                  const std::string& label, bool probability, const Geometry& g) {
  std::ostringstream s;
  for (double t : ticks) {
    s << LineEl(x0, y(t), x1, y(t), kGridColour)
      << Text(x0 - 6, y(t) + g.small * 0.35, TickText(t, probability), "end", g.small, "tick");
  }
  s << VerticalTitle((y.p0 + y.p1) / 2, label, g.big);
  return s.str();
}

using LegendEntries = std::vector<std::pair<std::string, std::string>>;  // name, colour

double LegendWidth(const std::string& name, double size) {
  return size + 6 + TextWidth(name, size);
}

// Legend entries in rows that fit between `left` and `right`, first to last.
std::vector<std::vector<size_t>> LegendRows(const LegendEntries& entries, double left,
                                            double right, double size) {
  std::vector<std::vector<size_t>> rows(1);
  double used = 0;
  for (size_t k = 0; k < entries.size(); ++k) {
    const double w = LegendWidth(entries[k].first, size) + 12;
    if (!rows.back().empty() && used + w > right - left) {
      rows.emplace_back();
      used = 0;
    }
    rows.back().push_back(k);
    used += w;
  }
  return rows;
}

double LegendRowHeight(double size) { return size * 1.45; }

// The legend's rows from baseline y down, each ending at `right` so it hugs
// the right edge.
std::string Legend(const LegendEntries& entries, double left, double right, double y,
                   double size) {
  std::ostringstream s;
  for (const auto& row : LegendRows(entries, left, right, size)) {
    double x = right;
    for (size_t i = row.size(); i-- > 0;) {
      const auto& [name, colour] = entries[row[i]];
      x -= LegendWidth(name, size);
      s << "<rect x=\"" << N(x) << "\" y=\"" << N(y - size * 0.8) << "\" width=\"" << N(size)
        << "\" height=\"" << N(size * 0.85) << "\" fill=\"" << colour << "\"/>"
        << Text(x + size + 5, y, name, "start", size, "legend");
      x -= 12;
    }
    y += LegendRowHeight(size);
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

// Which of n labelled positions get a tick: as many as fit in `room` at
// `label_width` each. On a quarter axis (labels "2027Q3") the step is 1, 2 or
// a whole number of years and the ticks fall on the same quarter each year.
std::vector<size_t> TickIndices(const std::vector<std::string>& labels, double room,
                                double label_width) {
  const size_t n = labels.size();
  if (n == 0) return {};
  const size_t fit = std::max<size_t>(2, static_cast<size_t>(room / (label_width + 14)));
  size_t every = std::max<size_t>(1, (n + fit - 2) / (fit - 1));
  const bool quarters = labels[0].size() == 6 && labels[0][4] == 'Q';
  size_t first = 0;
  if (quarters && every > 2) {
    every = (every + 3) / 4 * 4;
    for (size_t i = 0; i < std::min<size_t>(n, 4); ++i) {
      if (labels[i].size() == 6 && labels[i][5] == '1') first = i;
    }
  }
  std::vector<size_t> out;
  for (size_t i = first; i < n; i += every) out.push_back(i);
  return out;
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
  const Geometry& g = kCompact;
  const double width = g.width;
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
  const std::vector<double> yticks = Ticks(y0, y1);
  const double left = YAxisRoom(yticks, false, g);
  const LegendEntries legend = {
      {"median", "#08306b"}, {"50% band", "#6baed6"}, {"90% band", "#c6dbef"}};
  const double legend_rows =
      static_cast<double>(LegendRows(legend, left, width - kRight, g.small).size());
  const double top = g.small * kAscentEm + 4 + LegendRowHeight(g.small) * legend_rows;
  const double bottom = g.small * 1.3 + g.big * 1.3 + 14;
  const double height = top + 220 + bottom;
  const Scale x{0, n > 1 ? static_cast<double>(n - 1) : 1.0, left, width - kRight};
  const Scale y{y0, y1, height - bottom, top};
  std::ostringstream s;
  s << Open(c.id, height, "Fan chart of " + c.y_label, width);
  s << YAxis(y, yticks, left, width - kRight, c.y_label, false, g);
  double label_width = 0;
  for (const auto& l : c.x_labels) label_width = std::max(label_width, TextWidth(l, g.small));
  for (size_t i : TickIndices(c.x_labels, width - kRight - left, label_width)) {
    s << LineEl(x(i), height - bottom, x(i), height - bottom + 5, kAxisColour)
      << XTick(x(i), height - bottom + 6 + g.small, c.x_labels[i], g.small, width);
  }
  s << LineEl(left, height - bottom, width - kRight, height - bottom, kAxisColour);
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
  s << Legend(legend, left, width - kRight, g.small * kAscentEm + 4, g.small);
  s << Text((left + width - kRight) / 2, height - g.big * kDescentEm - 4, "quarter", "middle",
            g.big, "axis");
  s << "</svg>";
  return s.str();
}

namespace {

// A bar label that fits in `room`: whole, else cut at a word and ended "…".
std::string Fit(const std::string& label, double size, double room) {
  if (TextWidth(label, size) <= room) return label;
  std::string cut = label;
  while (!cut.empty() && TextWidth(cut + "\u2026", size) > room) {
    cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
  }
  return cut + "\u2026";
}

}  // namespace

std::string DrawBars(const BarChart& c) {
  const Geometry& g = kWide;
  const double width = g.width;
  constexpr double kRow = 30, kBar = 20;
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
  // The label column is as wide as the longest label, up to two fifths of
  // the chart (longer labels are cut, whole in the bar's tooltip); the
  // right margin holds the longest value printed beside a bar.
  double label_room = 60, value_room = 0;
  for (const Bar& b : c.bars) {
    label_room = std::max(label_room, TextWidth(b.label, g.small));
    const std::string shown =
        !b.text.empty() ? b.text : c.probability ? FormatP(b.value) : FormatValue(b.value);
    value_room = std::max(value_room, TextWidth(shown, g.small));
  }
  label_room = std::min(label_room, width * 0.4);
  const double left = label_room + 14;
  const double right = width - std::max(kRight, value_room + 12);
  const double top = kTop;
  const double axis_y = top + kRow * static_cast<double>(c.bars.size()) - 2;
  const double height = axis_y + 8 + g.small * 1.3 + g.big * 1.3 + 4;
  const Scale x{x0, x1, left, right};
  std::ostringstream s;
  s << Open(c.id, height, c.x_label, width);
  for (double t : Ticks(x0, x1)) {
    s << LineEl(x(t), top - 8, x(t), axis_y, kGridColour)
      << XTick(x(t), axis_y + 6 + g.small, c.probability ? FormatP(t) : FormatValue(t), g.small,
               width);
  }
  for (size_t k = 0; k < c.bars.size(); ++k) {
    const Bar& b = c.bars[k];
    const double bar_top = top + kRow * static_cast<double>(k);
    const double mid = bar_top + kBar / 2;
    const double a = x(std::max(x0, std::min(0.0, b.value))), e = x(std::max(0.0, b.value));
    const std::string shown =
        !b.text.empty() ? b.text : c.probability ? FormatP(b.value) : FormatValue(b.value);
    s << "<g class=\"bar\" data-label=\"" << Escape(b.label) << "\">"
      << Text(left - 8, mid + g.small * 0.35, Fit(b.label, g.small, label_room), "end", g.small,
              "label")
      << "<rect x=\"" << N(std::min(a, e)) << "\" y=\"" << N(bar_top) << "\" width=\""
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
    s << Text(end + 6, mid + g.small * 0.35, shown, "start", g.small, "value") << "</g>";
  }
  s << LineEl(left, axis_y, right, axis_y, kAxisColour);
  s << Text((left + right) / 2, height - g.big * kDescentEm - 4, c.x_label, "middle", g.big,
            "axis");
  s << "</svg>";
  return s.str();
}

std::vector<Segment> ContourSegments(const std::vector<std::vector<double>>& z, double level) {
  std::vector<Segment> out;
  if (!std::isfinite(level)) return out;
  for (size_t iy = 0; iy + 1 < z.size(); ++iy) {
    const size_t nx = std::min(z[iy].size(), z[iy + 1].size());
    for (size_t ix = 0; ix + 1 < nx; ++ix) {
      // Corners counter-clockwise from (ix, iy); edge k joins corner k and k+1.
      const double X[4] = {0, 1, 1, 0}, Y[4] = {0, 0, 1, 1};
      const double v[4] = {z[iy][ix], z[iy][ix + 1], z[iy + 1][ix + 1], z[iy + 1][ix]};
      if (!std::all_of(v, v + 4, [](double a) { return std::isfinite(a); })) continue;
      std::vector<std::pair<double, double>> cut;  // crossings, in edge order
      for (int k = 0; k < 4; ++k) {
        const double a = v[k], b = v[(k + 1) % 4];
        if ((a >= level) == (b >= level)) continue;
        const double t = (level - a) / (b - a);
        cut.emplace_back(static_cast<double>(ix) + X[k] + t * (X[(k + 1) % 4] - X[k]),
                         static_cast<double>(iy) + Y[k] + t * (Y[(k + 1) % 4] - Y[k]));
      }
      if (cut.size() == 2) {
        out.push_back({cut[0].first, cut[0].second, cut[1].first, cut[1].second});
      } else if (cut.size() == 4) {
        // A saddle: the mean of the corners decides which pair of opposite
        // corners the region at or above the level joins.
        const bool centre = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        const bool first = v[0] >= level;
        const int a = centre == first ? 0 : 3, b = centre == first ? 1 : 0;
        const int c = centre == first ? 2 : 1, d = centre == first ? 3 : 2;
        out.push_back({cut[a].first, cut[a].second, cut[b].first, cut[b].second});
        out.push_back({cut[c].first, cut[c].second, cut[d].first, cut[d].second});
      }
    }
  }
  return out;
}

std::string DrawHeatMap(const HeatMap& m) {
  const Geometry& g = kWide;
  const double width = g.width;
  const size_t nx = m.xs.size(), ny = m.ys.size();
  const bool named = !m.x_names.empty() || !m.y_names.empty();
  const bool categorical = !m.classes.empty();
  const auto x_tick = [&](size_t i) {
    return i < m.x_names.size() ? m.x_names[i] : FormatValue(m.xs[i]);
  };
  const auto y_tick = [&](size_t i) {
    return i < m.y_names.size() ? m.y_names[i] : FormatValue(m.ys[i]);
  };
  double widest_y = 0, widest_x = 0;
  for (size_t i = 0; i < ny; ++i) widest_y = std::max(widest_y, TextWidth(y_tick(i), g.small));
  for (size_t i = 0; i < nx; ++i) widest_x = std::max(widest_x, TextWidth(x_tick(i), g.small));
  // The colour ramp and its end labels on the right (numeric maps only).
  // Probabilities print with three decimals, other values (payoffs) as any number.
  const bool unit = m.lo >= 0 && m.hi <= 1;
  const auto format = [&](double v) { return unit ? FormatP(v) : FormatValue(v); };
  const double ramp_labels = std::max(TextWidth(format(m.hi), g.small), TextWidth(format(m.lo), g.small));
  const double legend_room = categorical ? 0 : 16 + 8 + ramp_labels + 6;
  const double row_room = std::min(widest_y, width * 0.3);
  const double left =
      std::max(VerticalTitleRoom(g.big) + row_room + 8, widest_x * 0.77 + g.small);
  const double plot_w = width - left - kRight - legend_room;
  const double cell_w = nx ? plot_w / static_cast<double>(nx) : plot_w;
  // Cells at most 36 high keep a grid of ten rows short enough to fit a
  // projector's screen at large type in the page's presentation mode.
  const double cell_h = std::clamp(cell_w, g.small * 1.5, 36.0);
  const double plot_h = cell_h * static_cast<double>(ny);
  // Column labels lie flat when they fit their cells, else slant.
  const bool slant = widest_x + 6 > cell_w;
  const double labels_h =
      slant ? widest_x * 0.65 + g.small * 0.9 + 10 : g.small * (kAscentEm + kDescentEm) + 8;
  const double top = g.small * (kAscentEm + kDescentEm) + 14;
  const double axis_y = top + plot_h + labels_h + g.big * kAscentEm + 4;
  // The legend lists the classes the map shows; each keeps the colour of
  // its place in `classes`, so a class has one colour in every map.
  LegendEntries classes;
  for (size_t k = 0; k < m.classes.size(); ++k) {
    const bool shown = std::any_of(m.z.begin(), m.z.end(), [&](const std::vector<double>& row) {
      return std::find(row.begin(), row.end(), static_cast<double>(k)) != row.end();
    });
    if (shown) classes.emplace_back(m.classes[k], CategoryColour(k));
  }
  const double class_rows =
      categorical ? static_cast<double>(LegendRows(classes, 0, width - kRight, g.small).size())
                  : 0;
  const double legend_top = axis_y + g.big * kDescentEm + 8 + g.small * kAscentEm;
  const double height = categorical ? legend_top + LegendRowHeight(g.small) * (class_rows - 1) +
                                          g.small * kDescentEm + 6
                                    : axis_y + g.big * kDescentEm + 6;
  const double span = m.hi > m.lo ? m.hi - m.lo : 1.0;
  // Rows are all labelled when they are tall enough for their text.
  const size_t yevery = cell_h >= g.small * 1.1 ? 1 : static_cast<size_t>(
                                                          std::ceil(g.small * 1.2 / cell_h));
  const double value_size = g.small;
  double widest_value = 0;
  for (const auto& row : m.z) {
    for (double v : row) widest_value = std::max(widest_value, TextWidth(format(v), value_size));
  }
  const bool print = !categorical && widest_value + 6 <= cell_w &&
                     cell_h >= value_size * 1.3;
  // Numeric grids put the first y value at the bottom, as on a chart; named
  // tables read top-down, as a payoff matrix does.
  const auto row_top = [&](double iy) {
    return top + cell_h * (named ? iy : static_cast<double>(ny) - 1 - iy);
  };
  std::ostringstream s;
  s << Open(m.id, height, m.z_label + " over " + m.x_label + " and " + m.y_label, width);
  const std::vector<Segment> contour =
      categorical ? std::vector<Segment>{} : ContourSegments(m.z, m.contour);
  std::string title = m.z_label;
  if (!contour.empty()) title += "; black line where it is " + format(m.contour);
  s << Text(left, g.small * kAscentEm + 4, title, "start", g.small, "legend");
  for (size_t iy = 0; iy < ny; ++iy) {
    const double y = row_top(static_cast<double>(iy));
    if (iy % yevery == 0) {
      s << Text(left - 6, y + cell_h / 2 + g.small * 0.35, Fit(y_tick(iy), g.small, row_room),
                "end", g.small, "tick");
    }
    for (size_t ix = 0; ix < nx; ++ix) {
      const double v = iy < m.z.size() && ix < m.z[iy].size() ? m.z[iy][ix] : kNone;
      const double t = (v - m.lo) / span;
      const double x = left + cell_w * static_cast<double>(ix);
      const bool known = std::isfinite(v);
      const std::string fill =
          !known ? std::string("#ffffff")
          : categorical
              ? std::string(CategoryColour(static_cast<size_t>(std::max(0.0, v))))
              : Viridis(t);
      const std::string what =
          !known ? "n/a"
          : categorical
              ? (v >= 0 && v < static_cast<double>(m.classes.size())
                     ? m.classes[static_cast<size_t>(v)]
                     : "?")
              : format(v);
      s << "<rect class=\"cell\" x=\"" << N(x) << "\" y=\"" << N(y) << "\" width=\""
        << N(cell_w + 0.3) << "\" height=\"" << N(cell_h + 0.3) << "\" fill=\"" << fill
        << "\"><title>" << Escape(m.x_label) << " = " << Escape(x_tick(ix)) << ", "
        << Escape(m.y_label) << " = " << Escape(y_tick(iy)) << ": " << Escape(what)
        << "</title></rect>";
      if (print && known) {
        s << "<text x=\"" << N(x + cell_w / 2) << "\" y=\"" << N(y + cell_h / 2 + value_size * 0.35)
          << "\" text-anchor=\"middle\" font-size=\"" << N(value_size)
          << "\" class=\"cellvalue\" fill=\"" << (t < 0.6 ? "#fff" : "#000") << "\">" << format(v)
          << "</text>";
      }
    }
  }
  if (!contour.empty()) {
    std::ostringstream d;
    for (const Segment& seg : contour) {
      d << "M" << N(left + cell_w * (seg.x1 + 0.5)) << " " << N(row_top(seg.y1) + cell_h / 2)
        << " L" << N(left + cell_w * (seg.x2 + 0.5)) << " " << N(row_top(seg.y2) + cell_h / 2)
        << " ";
    }
    s << "<path class=\"contour-halo\" d=\"" << d.str()
      << "\" fill=\"none\" stroke=\"#fff\" stroke-width=\"5\" stroke-linecap=\"round\"/>"
      << "<path class=\"contour\" d=\"" << d.str()
      << "\" fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>";
  }
  for (size_t ix = 0; ix < nx; ++ix) {
    const double cx = left + cell_w * (static_cast<double>(ix) + 0.5);
    if (slant) {
      s << Text(0, 0, x_tick(ix), "end", g.small, "tick",
                "translate(" + N(cx + g.small * 0.3) + " " + N(top + plot_h + 10) +
                    ") rotate(-40)");
    } else {
      s << XTick(cx, top + plot_h + 6 + g.small * kAscentEm, x_tick(ix), g.small, width);
    }
  }
  s << Text(left + plot_w / 2, axis_y, m.x_label, "middle", g.big, "axis");
  s << VerticalTitle(top + plot_h / 2, m.y_label, g.big);
  if (categorical) {
    s << Legend(classes, 0, width - kRight, legend_top, g.small);
  } else {
    // Colour legend: a vertical ramp from lo (bottom) to hi (top).
    const double lx = width - kRight - legend_room + 6;
    constexpr int kSteps = 20;
    for (int k = 0; k < kSteps; ++k) {
      const double h = plot_h / kSteps;
      s << "<rect x=\"" << N(lx) << "\" y=\"" << N(top + plot_h - h * (k + 1))
        << "\" width=\"16\" height=\"" << N(h + 0.3) << "\" fill=\"" << Viridis((k + 0.5) / kSteps)
        << "\"/>";
    }
    s << Text(lx + 22, top + g.small * kAscentEm, format(m.hi), "start", g.small, "tick")
      << Text(lx + 22, top + plot_h - g.small * kDescentEm, format(m.lo), "start", g.small,
              "tick");
  }
  s << "</svg>";
  return s.str();
}

std::string DrawLines(const LineChart& c) {
  const Geometry& g = c.compact ? kCompact : kWide;
  const double width = g.width;
  LegendEntries legend;
  for (size_t k = 0; k < c.lines.size(); ++k) {
    if (!c.lines[k].name.empty()) {
      legend.emplace_back(c.lines[k].name,
                          c.lines[k].colour.empty() ? CategoryColour(k) : c.lines[k].colour);
    }
  }
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
  const std::vector<double> yticks = Ticks(y0, y1);
  const double left = YAxisRoom(yticks, c.probability, g);
  // A legend of several rows pushes the plot down.
  const double legend_rows =
      legend.empty() ? 0
                     : static_cast<double>(LegendRows(legend, left, width - kRight, g.small).size());
  const double top = g.small * kAscentEm + 4 + LegendRowHeight(g.small) * legend_rows + 4;
  const double bottom = g.small * 1.3 + g.big * 1.3 + 14;
  const double height = top + (c.compact ? 210 : 240) + bottom;
  const double x0 = std::isfinite(xlo) ? xlo : 0, x1 = xhi > xlo ? xhi : x0 + 1;
  const Scale x{x0, x1, left, width - kRight};
  const Scale y{y0, y1, height - bottom, top};
  std::ostringstream s;
  s << Open(c.id, height, c.y_label + " against " + c.x_label, width);
  s << YAxis(y, yticks, left, width - kRight, c.y_label, c.probability, g);
  for (const auto& [a, b] : c.shaded) {
    s << "<rect class=\"bracket\" x=\"" << N(x(a)) << "\" y=\"" << N(top) << "\" width=\""
      << N(std::max(1.0, x(b) - x(a))) << "\" height=\"" << N(height - top - bottom)
      << "\" fill=\"#999999\" fill-opacity=\"0.25\"/>";
  }
  if (std::isfinite(c.level)) {
    s << LineEl(left, y(c.level), width - kRight, y(c.level), "#333", 1.5, "6 4");
    if (!c.level_label.empty()) {
      // Above the line when there is room under the top, else below it.
      const bool above = y(c.level) - top > g.small * 1.4;
      s << Text(width - kRight - 4,
                above ? y(c.level) - 5 : y(c.level) + 4 + g.small * kAscentEm, c.level_label,
                "end", g.small, "level");
    }
  }
  const double tick_y = height - bottom + 6 + g.small;
  if (c.x_names.size() == c.x.size() && !c.x.empty()) {
    double label_width = 0;
    for (const auto& l : c.x_names) label_width = std::max(label_width, TextWidth(l, g.small));
    for (size_t i : TickIndices(c.x_names, width - kRight - left, label_width)) {
      s << LineEl(x(c.x[i]), height - bottom, x(c.x[i]), height - bottom + 5, kAxisColour)
        << XTick(x(c.x[i]), tick_y, c.x_names[i], g.small, width);
    }
  } else {
    for (double t : Ticks(x0, x1, c.compact ? 5 : 8)) {
      s << LineEl(x(t), height - bottom, x(t), height - bottom + 5, kAxisColour)
        << XTick(x(t), tick_y, FormatValue(t), g.small, width);
    }
  }
  s << LineEl(left, height - bottom, width - kRight, height - bottom, kAxisColour);
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
  s << Legend(legend, left, width - kRight, g.small * kAscentEm + 4, g.small);
  s << Text((left + width - kRight) / 2, height - g.big * kDescentEm - 4, c.x_label, "middle",
            g.big, "axis");
  s << "</svg>";
  return s.str();
}

}  // namespace geostrat::svg
