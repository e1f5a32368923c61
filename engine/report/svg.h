// A small SVG chart library for the offline reports: fan charts, bar charts
// with error bars, heat maps and line charts, drawn as self-contained SVG
// text (no scripts, no external resources). Every string a chart shows is
// escaped here, so callers pass plain text. Colours come from palettes that
// stay distinguishable under the common colour-vision deficiencies
// (Okabe-Ito for categories, viridis for continuous scales).
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/format.h"

namespace geostrat::svg {

// "No value" for optional numbers (whiskers, reference lines).
inline constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// Escapes & < > " ' for HTML and XML text and attribute values.
std::string Escape(std::string_view text);

// The one number format of the reports (engine/core/format.h), for the
// charts' callers.
using geostrat::FormatP;
using geostrat::FormatValue;

// Charts are scaled by CSS to the width of the page's column: 1056 px at a
// 1280 px window for a full-width chart, 514 px for one of two in a row.
// Text sizes are chosen in the chart's own units so that every text renders
// at 14 px or more at that window; `compact` charts are the ones drawn two
// to a row.

// Okabe-Ito colour k (cycled).
const char* CategoryColour(size_t k);
// Viridis at t in [0, 1], as "#rrggbb".
std::string Viridis(double t);

// Median line with 50% and 90% bands over x positions 0..n-1.
struct FanChart {  // always compact: fan charts sit two to a row
  std::string id;
  std::string y_label;
  std::vector<std::string> x_labels;  // one per point; a subset is shown as ticks
  std::vector<double> q05, q25, q50, q75, q95;
};
std::string DrawFan(const FanChart& chart);

// Horizontal bars with optional error whiskers (low/high NaN: none).
struct Bar {
  std::string label;
  double value = 0;
  double low = kNone, high = kNone;
  std::string text = "";  // printed beside the bar instead of its value (e.g. the value
                          // of an estimate drawn cut at the axis)
};
struct BarChart {
  std::string id;
  std::string x_label;
  std::vector<Bar> bars;
  bool probability = false;  // axis fixed to [0, 1] and values printed with FormatP
};
std::string DrawBars(const BarChart& chart);

// The segments of the contour line at `level` through the cell centres of
// z[iy][ix] (marching squares; squares with a missing corner draw nothing),
// in grid units: x = ix, y = iy.
struct Segment {
  double x1, y1, x2, y2;
};
std::vector<Segment> ContourSegments(const std::vector<std::vector<double>>& z, double level);

// Cells z[iy][ix] over the grid xs x ys, coloured on [lo, hi]. With names
// (one per x or y value) the rows and columns are labelled by them and read
// top-down like a payoff matrix; otherwise the first y value is at the bottom.
// Every row and column is labelled (column labels slant when they do not fit
// their cells). With `contour` a line is drawn where z crosses it. With
// `classes` the map is categorical: z holds an index into classes, each
// drawn in its category colour, with a legend of the classes it shows.
struct HeatMap {
  std::string id;
  std::string x_label, y_label, z_label;
  std::vector<double> xs, ys;
  std::vector<std::string> x_names, y_names;
  std::vector<std::vector<double>> z;
  double lo = 0, hi = 1;
  double contour = kNone;
  std::vector<std::string> classes;
};
std::string DrawHeatMap(const HeatMap& map);

// Lines over shared x values, each with an optional interval band (low/high
// empty: none); `shaded` marks x ranges (e.g. the bracket of a crossing) and
// `level` draws a horizontal reference line when it is not NaN, labelled
// `level_label`. With x_names (one per x value) the x ticks are those names
// (quarter labels on a time axis) at a subset of the x values.
struct Line {
  std::string name;  // empty: not in the legend
  std::vector<double> y, low, high;
  std::string colour;  // empty: the line's category colour
};
struct LineChart {
  std::string id;
  std::string x_label, y_label;
  std::vector<double> x;
  std::vector<std::string> x_names;
  std::vector<Line> lines;
  std::vector<std::pair<double, double>> shaded;
  double level = kNone;
  std::string level_label;
  bool probability = false;  // y axis fixed to [0, 1]
  bool markers = false;      // a dot at every point
  bool compact = false;      // drawn two to a row
};
std::string DrawLines(const LineChart& chart);

}  // namespace geostrat::svg
