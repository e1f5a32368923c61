// Offline HTML reports of run folders: one self-contained report.html (inline
// CSS and SVG drawn by engine/svg.h; no script, no network) built from the
// files of a folder alone, so any folder can be reported on later. The kind
// of folder is told by its files:
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

// Writes ReportHtml(folder) to `out`.
void WriteReport(const std::filesystem::path& folder, const std::filesystem::path& out);

}  // namespace geostrat
