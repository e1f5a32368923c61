// geostrat report of a seminar transcript (geostrat play --transcript): one
// offline HTML page with the moves of every quarter, the indicators over the
// quarters and what happened, and why, as the class saw it. The page reads
// the transcript's pair of files, BASE.csv (moves and indicators, needed)
// and BASE.md (the header and the explanations, used when present).
#pragma once

#include <filesystem>
#include <string>

namespace geostrat {

// Whether `path` names a play transcript rather than a results folder: a
// regular file ending in .csv or .md.
bool IsPlayTranscript(const std::filesystem::path& path);

// Where the page goes by default: BASE.html beside the transcript.
std::filesystem::path TranscriptReportPath(const std::filesystem::path& transcript);

// The page of the transcript named by `transcript` (BASE.csv or BASE.md). A
// CSV that is not a transcript's is a ConfigError naming the file and what
// its columns should be.
std::string TranscriptReportHtml(const std::filesystem::path& transcript);
void WriteTranscriptReport(const std::filesystem::path& transcript, const std::filesystem::path& out);

}  // namespace geostrat
