// Offline HTML reports of run folders: one self-contained report.html (inline
// CSS and SVG drawn by engine/report/svg.h, one small inline script for the
// presentation mode: one chart per screen; no network) built from the files
// of a folder alone, so any folder can be reported on later. The kind of
// folder is told by its files:
//   run          manifest.json, summary.json, series.csv (+ representative.json)
//   tournament   summary.json, ranking.csv (+ ecological.csv, moran.csv)
//   equilibrium  equilibria.json (+ manifest.json)
//   sweep        manifest.json with "kind": "sweep", points.csv
//                (+ phase.csv, tipping.json, sensitivity.json); a sweep of
//                tipping-point searches alone has no points.csv
//   replay       manifest.json, replay.csv, indicators.csv (+ timeline.json)
//   backtest     backtest.json (+ manifest.json)
// Every number shown that also stands in a JSON file carries that file and
// JSON pointer in a data-key attribute ("summary.json#/outcomes/reintegration/p"),
// printed with the one format of svg::FormatP / svg::FormatValue.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace geostrat {

enum class FolderKind { kRun, kTournament, kEquilibrium, kSweep, kReplay, kBacktest };

// Tells the kind from the files; a UsageError naming the folder and the files
// each kind needs when it is none of them.
FolderKind DetectFolderKind(const std::filesystem::path& folder);
const char* FolderKindName(FolderKind kind);

// The report page of `folder`. A file that is present but malformed is a
// ConfigError naming the file, the JSON pointer (or CSV column) and what was
// expected.
std::string ReportHtml(const std::filesystem::path& folder);

// A probability over a two-lever grid, z[iy][ix] over xs x ys (a phase
// diagram), and `what` it is ("P(symbiotic_bifurcation)").
struct PhaseGrid {
  std::string what;
  std::string x_name;
  std::vector<double> xs;
  std::string y_name;
  std::vector<double> ys;
  std::vector<std::vector<double>> z;
};
// One sentence on what a phase diagram shows, computed from its grid: that
// it changes by less than 0.01 across the levers, or where it crosses
// `level` ("crosses 0.500 rising between fee 0.2 and 0.3 at red_line 1"), or
// that it stays on one side, with the lever that moves it most.
std::string PhaseVerdict(const PhaseGrid& grid, double level);
// "The most likely end state is A in 14 of 20 cells, B in 6." from a grid
// of indices into `classes` (NaN: no cell).
std::string MostLikelyVerdict(const std::vector<std::string>& classes,
                              const std::vector<std::vector<double>>& index);

// Writes ReportHtml(folder) to `out`.
void WriteReport(const std::filesystem::path& folder, const std::filesystem::path& out);

}  // namespace geostrat
