// Hostile configs: every limit of docs/limits.md ("Configs (JSON) and
// `extends`") is enforced before any work, with a message naming the file,
// the JSON pointer, what was expected and what was found; the reader never
// crashes, hangs or reads without bound.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/run/experiment.h"
#include "engine/analysis/tournament.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::EndsWith;
using Catch::Equals;
using Catch::StartsWith;
using testing::ConfigErrorOf;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

const std::string& BaselinePath() {
  static const std::string path = SourcePath("experiments/status-quo.json");
  return path;
}

// A child of the baseline (by absolute path) with `members` added.
std::string Child(const std::string& dir, const std::string& members) {
  return WriteFile(dir, "child.json",
                   "{\"extends\": \"" + BaselinePath() + "\", " + members + "}");
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// "/0/0/.../0", `n` levels.
std::string ZeroPointer(size_t n) { return Repeat("/0", n); }

const std::string kRegular = "a regular file of at most 1 MiB";

TEST_CASE("A 100 KB file of nested arrays stops at the nesting limit", "[config][limits]") {
  // The tester's input: 50,000 '[' then 50,000 ']' overflowed the stack.
  const std::string path =
      WriteFile(TempDir("limits"), "deep.json", Repeat("[", 50000) + Repeat("]", 50000));
  CHECK_THAT(ConfigErrorOf(path),
             Equals(path + ": at " + ZeroPointer(64) +
                    ": expected arrays and objects nested at most 64 deep, found deeper "
                    "nesting"));
}

TEST_CASE("A 60 KB file of nested arrays is refused as it is read", "[config][limits]") {
  // It took 2 GB (a pointer string per level, each as long as its depth).
  const std::string path =
      WriteFile(TempDir("limits"), "deep.json", Repeat("[", 30000) + Repeat("]", 30000));
  CHECK_THAT(ConfigErrorOf(path), Contains("nested at most 64 deep"));
}

TEST_CASE("Nesting to exactly the limit is read and one level more is not", "[config][limits]") {
  const std::string dir = TempDir("limits");
  // The top-level object is level 1, so "x" may open 63 more.
  const std::string ok = Child(dir, "\"x\": " + Repeat("[", 63) + Repeat("]", 63));
  CHECK_THAT(ConfigErrorOf(ok), StartsWith(ok + ": at /x: expected a known key name"));
  const std::string deep = Child(dir, "\"x\": " + Repeat("[", 64) + Repeat("]", 64));
  CHECK_THAT(ConfigErrorOf(deep),
             Equals(deep + ": at /x" + ZeroPointer(63) +
                    ": expected arrays and objects nested at most 64 deep, found deeper "
                    "nesting"));
}

TEST_CASE("The nesting limit names the pointer inside objects", "[config][limits]") {
  std::string text;
  for (int i = 0; i < 70; ++i) text += "{\"a/b\": ";
  text += "1" + Repeat("}", 70);
  const std::string path = WriteFile(TempDir("limits"), "objects.json", text);
  CHECK_THAT(ConfigErrorOf(path), Equals(path + ": at " + Repeat("/a~1b", 64) +
                                         ": expected arrays and objects nested at most 64 "
                                         "deep, found deeper nesting"));
}

TEST_CASE("An extends chain 20000 deep stops at the chain limit", "[config][limits]") {
  const std::string dir = TempDir("limits");
  for (int i = 1; i <= 20000; ++i) {
    WriteFile(dir, "c" + std::to_string(i) + ".json",
              "{\"extends\": \"c" + std::to_string(i + 1) + ".json\"}");
  }
  CHECK_THAT(ConfigErrorOf(dir + "/c1.json"),
             Equals(dir + "/c8.json: at /extends: expected a chain of at most 8 configs through "
                          "\"extends\", found a longer one (" +
                    dir + "/c9.json would be config 9)"));
}

TEST_CASE("An extends chain of exactly 8 configs loads", "[config][limits]") {
  const std::string dir = TempDir("limits");
  // c1 ... c7, then the baseline: 8 files.
  for (int i = 1; i <= 6; ++i) {
    WriteFile(dir, "c" + std::to_string(i) + ".json",
              "{\"extends\": \"c" + std::to_string(i + 1) + ".json\"}");
  }
  WriteFile(dir, "c7.json", "{\"extends\": \"" + BaselinePath() + "\", \"name\": \"c7\"}");
  CHECK(ConfigErrorOf(dir + "/c1.json") == "");
  CHECK(LoadExperiment(dir + "/c1.json").name == "c7");
}

TEST_CASE("extends naming a FIFO is refused without blocking", "[config][limits]") {
  const std::string dir = TempDir("limits");
  REQUIRE(mkfifo((dir + "/pipe").c_str(), 0600) == 0);
  const std::string child = WriteFile(dir, "child.json", R"({"extends": "pipe"})");
  CHECK_THAT(ConfigErrorOf(child),
             Equals(child + ": at /extends: expected the path of a config (" + kRegular +
                    "), relative to this file, found \"pipe\" (" + dir +
                    "/pipe: a named pipe)"));
  // Named on the command line.
  CHECK_THAT(ConfigErrorOf(dir + "/pipe"),
             Equals(dir + "/pipe: at /: expected a readable JSON file (" + kRegular +
                    "), found a named pipe"));
}

TEST_CASE("extends naming /dev/zero or a folder is refused before reading", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string zero = WriteFile(dir, "zero.json", R"({"extends": "/dev/zero"})");
  CHECK_THAT(ConfigErrorOf(zero),
             Equals(zero + ": at /extends: expected the path of a config (" + kRegular +
                    "), relative to this file, found \"/dev/zero\" (/dev/zero: a device)"));
  fs::create_directory(dir + "/sub");
  const std::string folder = WriteFile(dir, "folder.json", R"({"extends": "sub"})");
  CHECK_THAT(ConfigErrorOf(folder), EndsWith("found \"sub\" (" + dir + "/sub: a folder)"));
}

TEST_CASE("A config file over the size limit is refused before reading", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string big = WriteFile(dir, "big.json", "{\"name\": \"" +
                                                         std::string(kMaxConfigBytes, 'a') + "\"}");
  CHECK_THAT(ConfigErrorOf(big), Equals(big + ": at /: expected a readable JSON file (" +
                                        kRegular + "), found a file of 1048588 bytes"));
  const std::string child = WriteFile(dir, "child.json", R"({"extends": "big.json"})");
  CHECK_THAT(ConfigErrorOf(child),
             EndsWith("found \"big.json\" (" + big + ": a file of 1048588 bytes)"));
}

TEST_CASE("extends with a NUL or a control character is refused", "[config][limits]") {
  const std::string dir = TempDir("limits");
  WriteFile(dir, "baseline.json", testing::ReadFile(BaselinePath()));
  // The tester's input: the NUL cut the name and baseline.json was read.
  const std::string nul =
      WriteFile(dir, "nul.json", R"({"extends": "baseline.json\u0000junk", "name": "x"})");
  CHECK_THAT(ConfigErrorOf(nul),
             Equals(nul + ": at /extends: expected a path without control characters, found "
                          "the string \"baseline.json\\x00junk\""));
  const std::string tab = WriteFile(dir, "tab.json", R"({"extends": "base\tline.json"})");
  CHECK_THAT(ConfigErrorOf(tab), Contains("found the string \"base\\x09line.json\""));
  const std::string empty = WriteFile(dir, "empty.json", R"({"extends": ""})");
  CHECK_THAT(ConfigErrorOf(empty), Equals(empty + ": at /extends: expected a path to the parent "
                                                  "config (a string), found an empty string"));
}

TEST_CASE("An extends name over 255 bytes is a clear error", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string child =
      WriteFile(dir, "long.json", "{\"extends\": \"" + std::string(300, 'a') + ".json\"}");
  CHECK_THAT(ConfigErrorOf(child), Equals(child + ": at /extends: expected a path whose file "
                                                  "names are at most 255 bytes, found a file "
                                                  "name of 305 bytes"));
  const std::string path =
      WriteFile(dir, "path.json", "{\"extends\": \"" + Repeat("a/", 2100) + "x.json\"}");
  CHECK_THAT(ConfigErrorOf(path), Equals(path + ": at /extends: expected a path of at most 4095 "
                                                "bytes, found one of 4206 bytes"));
}

TEST_CASE("A symbolic link loop is a clear error", "[config][limits]") {
  const std::string dir = TempDir("limits");
  fs::create_symlink("loop2", dir + "/loop1");
  fs::create_symlink("loop1", dir + "/loop2");
  const std::string child = WriteFile(dir, "child.json", R"({"extends": "loop1"})");
  CHECK_THAT(ConfigErrorOf(child),
             Equals(child + ": at /extends: expected the path of a config (" + kRegular +
                    "), relative to this file, found \"loop1\" (" + dir +
                    "/loop1: a file that cannot be read (Too many levels of symbolic links))"));
  CHECK_THAT(ConfigErrorOf(dir + "/loop1"),
             Equals(dir + "/loop1: at /: expected a readable JSON file (" + kRegular +
                    "), found a file that cannot be read (Too many levels of "
                    "symbolic links)"));
}

TEST_CASE("An extends cycle through a symbolic link is found", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string a = WriteFile(dir, "a.json", R"({"extends": "alias.json"})");
  fs::create_symlink("a.json", dir + "/alias.json");
  CHECK_THAT(ConfigErrorOf(a), Equals(a + ": at /extends: expected a chain of \"extends\" "
                                          "without cycles, found a cycle back to " +
                                      dir + "/alias.json"));
}

TEST_CASE("Numbers beyond a double are config errors with their pointer", "[config][limits]") {
  const std::string dir = TempDir("limits");
  SECTION("1e400") {
    const std::string child = Child(dir, R"("seed": 1e400)");
    CHECK_THAT(ConfigErrorOf(child),
               Equals(child + ": at /seed: expected a number of magnitude below 1.8e308, found "
                              "1e400 at line 1, column " +
                      std::to_string(BaselinePath().size() + 29)));
  }
  SECTION("a 1000-digit number") {
    const std::string child = Child(dir, "\"replicates\": " + std::string(1000, '9'));
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(child + ": at /replicates: expected a number of magnitude below "
                                  "1.8e308, found " +
                          std::string(30, '9') + "... (1000 characters) at line 1"));
  }
  SECTION("inside an array") {
    const std::string child =
        Child(dir, R"("scenario": {"parameters": {"pue": {"uniform": [1, -2e999]}}})");
    CHECK_THAT(ConfigErrorOf(child),
               StartsWith(child + ": at /scenario/parameters/pue/uniform/1: expected a number "
                                  "of magnitude below 1.8e308, found -2e999 at line 1"));
  }
}

TEST_CASE("Integers are range-checked in their own type before narrowing", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string range = "expected an integer in [0, 9007199254740991], found the number ";
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("seed": 9223372036854775808)")),
             EndsWith(range + "9223372036854775808"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("seed": 18446744073709551615)")),
             EndsWith(range + "18446744073709551615"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("seed": 1e19)")), EndsWith(range + "1e+19"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("seed": -9223372036854775808)")),
             EndsWith(range + "-9223372036854775808"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("seed": 9007199254740992)")),
             EndsWith(range + "9007199254740992"));
  CHECK(ConfigErrorOf(Child(dir, R"("seed": 9007199254740991)")) == "");
  CHECK(LoadExperiment(Child(dir, R"("seed": 7.0)")).seed == 7);
}

TEST_CASE("A key given twice in one object is refused", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string child = Child(dir, R"("name": "a", "name": "b")");
  CHECK_THAT(ConfigErrorOf(child), Equals(child + ": at /name: expected each key once in an "
                                                  "object, found \"name\" a second time"));
  const std::string nested =
      Child(dir, R"("scenario": {"parameters": {"pue": 1.2, "pue": 1.3}})");
  CHECK_THAT(ConfigErrorOf(nested),
             Equals(nested + ": at /scenario/parameters/pue: expected each key once in an "
                             "object, found \"pue\" a second time"));
}

TEST_CASE("Empty files and trailing garbage and bad bytes are syntax errors", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string empty = WriteFile(dir, "empty.json", "");
  CHECK_THAT(ConfigErrorOf(empty),
             Equals(empty + ": at /: expected valid JSON (an object), found an empty file"));
  const std::string blank = WriteFile(dir, "blank.json", " \n\t\n");
  CHECK_THAT(ConfigErrorOf(blank), EndsWith("found an empty file"));
  const std::string trailing = Child(dir, R"("name": "x"} {)");
  CHECK_THAT(ConfigErrorOf(trailing),
             StartsWith(trailing + ": at /: expected valid JSON, found a syntax error at line 1"));
  CHECK_THAT(ConfigErrorOf(trailing), Contains("expected end of input)"));
  // Raw bytes of the file are escaped in the message, never printed as is.
  const std::string bytes = WriteFile(dir, "bytes.json", "{\"name\": \"\xff\x01\"}");
  CHECK_THAT(ConfigErrorOf(bytes), Contains("ill-formed UTF-8 byte; last read: '\"\\xff'"));
  // nlohmann's own prefix ("[json.exception.parse_error.101] ...") is dropped.
  CHECK_THAT(ConfigErrorOf(trailing), !Contains("json.exception"));
}

TEST_CASE("A UTF-8 byte order mark is allowed", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string bom = WriteFile(
      dir, "bom.json", "\xef\xbb\xbf{\"extends\": \"" + BaselinePath() + "\", \"name\": \"bom\"}");
  CHECK(ConfigErrorOf(bom) == "");
}

TEST_CASE("Control characters from a config are escaped in messages", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string child = Child(dir, R"("na\u0007me": 1)");
  CHECK_THAT(ConfigErrorOf(child),
             StartsWith(child + ": at /na\\x07me: expected a known key name, found "
                                "'na\\x07me'; valid: name, "));
  // Whole UTF-8 characters are kept; a stray byte is escaped like a control.
  CHECK(Printable("a\nb\x7f\xc3\xa9\xe9", std::string::npos) == "a\\x0ab\\x7f\xc3\xa9\\xe9");
  CHECK(Printable("\xc3\xa9\xc3\xa9", 1) == "\xc3\xa9...");
}

TEST_CASE("Wrong types at the top of each part of a config", "[config][limits]") {
  const std::string dir = TempDir("limits");
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("scenario": [])")),
             EndsWith(": at /scenario: expected an object, found an array of 0 element(s)"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("policies": 3)")),
             EndsWith(": at /policies: expected an object, found the number 3"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("description": {})")),
             EndsWith(": at /description: expected a string, found an empty object"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("scenario": {"agents": {"us": {"params": []}}})")),
             EndsWith(": at /scenario/agents/us/params: expected an object, found an array of 0 "
                      "element(s)"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("name": null)")),
             EndsWith(": at /: expected a member \"name\", found an object with keys "
                      "description, policies, replicates, scenario, seed without it"));
}

TEST_CASE("An object of many keys is described by its first keys", "[config][limits]") {
  Json many = Json::object();
  for (int i = 0; i < 1000; ++i) many["k" + std::to_string(1000 + i)] = i;
  CHECK(DescribeJson(many) ==
        "an object with keys k1000, k1001, k1002, k1003, k1004, k1005, k1006, k1007, k1008, "
        "k1009, k1010, k1011, ... (1000 keys)");
}

TEST_CASE("A name too long or not fit for a folder is refused at load", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string expected =
      "expected 1 to 64 lower-case letters, digits, '_' and '-', starting with a letter or "
      "digit (it names the results folder), found ";
  // The tester's input: 300 characters passed validate and failed only after
  // the whole run with "File name too long".
  const std::string child = Child(dir, "\"name\": \"" + std::string(300, 'a') + "\"");
  CHECK_THAT(ConfigErrorOf(child), Equals(child + ": at /name: " + expected +
                                          "a name of 300 characters"));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("name": "-rf")")),
             EndsWith(expected + "the string \"-rf\""));
  CHECK_THAT(ConfigErrorOf(Child(dir, R"("name": "a/b")")),
             EndsWith(expected + "the string \"a/b\""));
  CHECK(ConfigErrorOf(Child(dir, "\"name\": \"" + std::string(64, 'a') + "\"")) == "");
}

TEST_CASE("The same name rule holds for tournaments", "[config][limits]") {
  const std::string dir = TempDir("limits");
  const std::string child = WriteFile(
      dir, "t.json",
      "{\"extends\": \"" + SourcePath("experiments/tournaments/axelrod-classic.json") +
          "\", \"name\": \"" + std::string(65, 'a') + "\"}");
  try {
    LoadTournament(child);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), EndsWith("found a name of 65 characters"));
    CHECK_THAT(e.what(), StartsWith(child + ": at /name: "));
  }
}

TEST_CASE("Each reader names the verb for a config of another kind", "[config][limits]") {
  const std::string sweep = SourcePath("experiments/sweep-fee-redline.json");
  CHECK_THAT(ConfigErrorOf(sweep),
             Equals(sweep + ": at /: expected an experiment config, found a sweep config (it "
                            "has a \"sweep\"); use geostrat sweep " +
                    sweep));
  const std::string tournament = SourcePath("experiments/tournaments/axelrod-classic.json");
  CHECK_THAT(ConfigErrorOf(tournament),
             Equals(tournament + ": at /: expected an experiment config, found a tournament "
                                 "config (it has a \"game\" or \"strategies\" and no "
                                 "\"scenario\"); use geostrat tournament " +
                    tournament));
  try {
    LoadTournament(BaselinePath());
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), Equals(BaselinePath() + ": at /: expected a tournament config, found "
                                                 "an experiment config; use geostrat run " +
                                BaselinePath()));
  }
}

TEST_CASE("A config path with a space is quoted in the verb to use", "[config][limits]") {
  const std::string dir = TempDir("limits") + "/it's here";
  fs::create_directories(dir);
  WriteFile(dir, "status-quo.json", testing::ReadFile(BaselinePath()));
  const std::string path = WriteFile(dir, "my sweep.json", testing::ReadFile(SourcePath(
                                                               "experiments/sweep-fee-redline.json")));
  CHECK_THAT(ConfigErrorOf(path), EndsWith("; use geostrat sweep " + ShellQuote(path)));
  CHECK(ShellQuote(path).front() == '\'');
}

TEST_CASE("Merged configs record one source per subtree", "[config][limits]") {
  SourceMap sources;
  sources.Record("", "parent.json");
  sources.Record("/a/b", "child.json");
  sources.Record("/a/b/c", "grandchild.json");
  sources.Record("/ab", "other.json");
  CHECK(sources.FileOf("/a/b/c/d") == "grandchild.json");
  CHECK(sources.FileOf("/a/x") == "parent.json");
  // A later file replacing /a/b replaces everything recorded below it.
  sources.Record("/a/b", "last.json");
  CHECK(sources.FileOf("/a/b/c/d") == "last.json");
  CHECK(sources.FileOf("/ab") == "other.json");  // a sibling with the same prefix
}

TEST_CASE("Shell words are quoted only where needed", "[config][limits]") {
  CHECK(ShellQuote("experiments/status-quo.json") == "experiments/status-quo.json");
  CHECK(ShellQuote("my file.json") == "'my file.json'");
  CHECK(ShellQuote("it's") == "'it'\\''s'");
  CHECK(ShellQuote("") == "''");
  CHECK(ShellQuote("$(rm -rf x)") == "'$(rm -rf x)'");
  CHECK(ShellCommand({"geostrat", "run", "a b.json", "--seed", "1"}) ==
        "geostrat run 'a b.json' --seed 1");
}

}  // namespace
}  // namespace geostrat
