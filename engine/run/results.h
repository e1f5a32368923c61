// Turning a run into files a user can open: manifest.json, summary.json,
// outcomes.csv, series.csv, written into a temporary folder that is renamed
// into place only when complete.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include "engine/core/config_node.h"
#include "engine/run/experiment.h"
#include "engine/run/runner.h"

namespace geostrat {

// summary.json's content: outcome probabilities with Wilson 95% intervals,
// moments and quantiles of end indicators and discounted utilities.
Json Summarise(const Experiment& experiment, const RunOutput& run);

// outcomes.csv (a row per replicate: its seed, end state, drawn parameters,
// end indicators, utilities and the quarter each class's conditions first
// held) and series.csv (per quarter and indicator, the quantiles over
// replicates), as written into a run folder.
void WriteOutcomesCsv(std::ostream& out, const Experiment& experiment, const RunOutput& run);
std::string SeriesCsv(const Experiment& experiment, const RunOutput& run);

// The plain-text outcome table printed on stdout.
std::string OutcomeTable(const Experiment& experiment, const Json& summary, const RunOutput& run);

// The current UTC time as used in run folder names: 20261123T110000Z.
std::string UtcStampForFolder();

// results/<experiment>/<UTC time>-<config hash>/ under `root`.
std::string DefaultRunDir(const std::string& root, const Experiment& experiment);

struct RunInfo {
  std::string command;  // the command line that produced the run
  std::string config_file;
};

// Locale-independent number formatting for CSV files (10 significant digits).
std::string CsvNumber(double v);
// Writes `text` to `path` atomically and durably (engine/core/durable_file.h),
// throwing if the file cannot be written.
void WriteText(const std::filesystem::path& path, const std::string& text);

// An output folder's path in one spelling: "D/", "D/." and "./D" are "D".
std::filesystem::path NormalFolderPath(const std::string& dir);

// Checks, before any work, that the output folder `dir` of `verb` can be
// created, and returns its normal path. A UsageError says why not: an empty
// path; a folder (or anything) already there (unless `may_exist`, for a
// sweep's --resume); a parent that does not exist (unless `create_parents`,
// for the default results/<experiment>/ folders), is not a folder or is not
// writable; a name longer than the file system allows once the
// ".partial-<pid>" or ".inprogress" suffix is added; a path longer than it
// allows with room for the files inside.
// "VERB: output folder DIR already exists; choose another --out" (and, when
// `resumable`, that --resume continues the sweep written there).
std::string AlreadyExists(const std::string& verb, const std::string& dir, bool resumable);
std::string CheckOutputFolder(const std::string& verb, const std::string& dir,
                              bool create_parents = false, bool may_exist = false);

// Creates `dir` (which must not exist) with the files `write` puts into the
// folder it is given: a sibling "<dir>.partial-<pid>" renamed to `dir` once
// `write` returns and every file in it is fsync'd, and removed if it throws.
// A crashed or interrupted run never leaves a folder that looks complete, and
// a renamed folder survives a power loss. Partial folders left in the same
// parent by processes that are gone (killed runs) are removed first, with a
// line on stderr.
void WriteFolderAtomically(const std::string& dir,
                           const std::function<void(const std::filesystem::path&)>& write);

// Removes the "<name>.partial-<pid>" folders in `parent` whose writer is gone
// (engine/run/results.cc says how that is told), each with a line on stderr;
// returns how many.
int RemoveStalePartialFolders(const std::filesystem::path& parent);

// Writes every file into `dir`, which must not exist: first into a sibling
// "<dir>.partial-<pid>" folder, renamed to `dir` once every file is written;
// the partial folder is removed if anything fails.
// Besides those four files it writes representative.json (engine/run/narrative.h);
// `finish`, if set, is called last with the partial folder, e.g. to add the
// report page before the folder is renamed into place.
void WriteRunFolder(const std::string& dir, const Experiment& experiment, const RunOutput& run,
                    const Json& summary, const RunInfo& info,
                    const std::function<void(const std::filesystem::path&)>& finish = {});

}  // namespace geostrat
