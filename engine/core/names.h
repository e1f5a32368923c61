// Helpers for "did you mean": order candidate names by edit distance.
#pragma once

#include <string>
#include <vector>

namespace geostrat {

// Levenshtein distance between two ASCII strings.
int EditDistance(const std::string& a, const std::string& b);

// `valid` sorted by edit distance to `name` (ties keep their given order).
std::vector<std::string> NearestFirst(const std::string& name, std::vector<std::string> valid);

// NearestFirst, joined with ", ": all of a list of at most 8, else the
// nearest 5 and how many more there are.
std::string JoinNearestFirst(const std::string& name, const std::vector<std::string>& valid);

// `word` as one POSIX shell word: unchanged when it holds only characters the
// shell never interprets, else in single quotes (a ' inside becomes '\'').
std::string ShellQuote(const std::string& word);
// The words quoted and joined with spaces: a command to paste into a shell.
std::string ShellCommand(const std::vector<std::string>& words);

}  // namespace geostrat
