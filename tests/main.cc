// The test binary's entry point (Catch2 2.x), with the registration that makes
// every TEST_CASE a ctest test of its own under its exact name.
//
// Catch2's own CMake discovery passes names through CMake lists and through
// Catch's test-spec syntax, so a name with ';' was split into filters that
// matched nothing, and ctest counted "No test cases matched" as a pass. Here
// the binary writes the ctest script itself, and each ctest test runs
// `geostrat_tests --exact NAME`, which fails unless exactly that test case ran.
// Any filter that matches nothing fails too (Catch's NoTests warning is on).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

// Names of the test cases that started in this process, in order.
std::vector<std::string>& StartedTests() {
  static std::vector<std::string> started;
  return started;
}

struct StartedTestsListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseStarting(Catch::TestCaseInfo const& info) override {
    StartedTests().push_back(info.name);
  }
};

// Catch's test-spec syntax for exactly `name`: quoted, with the characters
// the parser treats specially escaped. Wildcards need a leading or trailing
// '*', and case-insensitive matches are caught by the exact check afterwards.
std::string QuotedSpec(const std::string& name) {
  std::string spec = "\"";
  for (char c : name) {
    if (c == '\\' || c == '"' || c == ',') spec += '\\';
    spec += c;
  }
  return spec + "\"";
}

// A CMake bracket argument holding `text` verbatim (no list splitting, no
// variable references, no escapes).
std::string Bracket(const std::string& text) { return "[==[" + text + "]==]"; }

// Writes one add_test per visible test case. Returns non-zero, with the
// reason, for a test that could never run under its own name.
int WriteCtestScript(const char* script_path, const char* executable, const char* workdir) {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  std::string script =
      "# Written by geostrat_tests --write-ctest after each build: one ctest test per\n"
      "# TEST_CASE, run by its exact name.\n";
  int count = 0;
  for (const auto& test : tests) {
    const std::string& name = test.name;
    if (test.isHidden()) {
      std::fprintf(stderr, "geostrat_tests: test case '%s' is hidden, so it would never run\n",
                   name.c_str());
      return 1;
    }
    if (name.find("]==]") != std::string::npos || name.find('\n') != std::string::npos ||
        name.empty() || name.front() == ' ' || name.back() == ' ' || name.front() == '*' ||
        name.back() == '*' || name.front() == '#') {
      std::fprintf(stderr,
                   "geostrat_tests: test case name '%s' cannot be registered exactly "
                   "(leading or trailing space, '*' or '#', a newline or ']==]')\n",
                   name.c_str());
      return 1;
    }
    script += "add_test(" + Bracket(name) + " " + Bracket(executable) + " --exact " +
              Bracket(name) + ")\n";
    script += "set_tests_properties(" + Bracket(name) + " PROPERTIES WORKING_DIRECTORY " +
              Bracket(workdir) + ")\n";
    ++count;
  }
  std::ofstream out(script_path, std::ios::trunc);
  out << script;
  out.close();
  if (!out) {
    std::fprintf(stderr, "geostrat_tests: cannot write %s\n", script_path);
    return 1;
  }
  std::printf("geostrat_tests: %d test cases registered with ctest\n", count);
  return 0;
}

}  // namespace

CATCH_REGISTER_LISTENER(StartedTestsListener)

int main(int argc, char** argv) {
  if (argc == 5 && std::strcmp(argv[1], "--write-ctest") == 0) {
    return WriteCtestScript(argv[2], argv[3], argv[4]);
  }
  // --exact NAME: run the test case named exactly NAME, and nothing else.
  std::vector<std::string> args(argv, argv + argc);
  std::string exact;
  bool exact_mode = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--exact") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "geostrat_tests: --exact needs a test case name\n");
        return 64;
      }
      exact_mode = true;
      exact = args[i + 1];
      args[i + 1] = QuotedSpec(exact);
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());

  Catch::Session session;
  if (const int rc = session.applyCommandLine(static_cast<int>(cargs.size()), cargs.data())) {
    return rc;
  }
  // A filter that matches nothing is a failure, never an empty pass.
  session.configData().warnings = static_cast<Catch::WarnAbout::What>(
      session.configData().warnings | Catch::WarnAbout::NoTests);
  const int rc = session.run();
  if (exact_mode && !session.configData().listTestNamesOnly && !session.configData().listTests) {
    const auto& started = StartedTests();
    if (started.size() != 1 || started.front() != exact) {
      std::fprintf(stderr, "geostrat_tests: --exact '%s' ran %zu test cases, not exactly that one\n",
                   exact.c_str(), started.size());
      return rc != 0 ? rc : 3;
    }
  }
  return rc;
}
