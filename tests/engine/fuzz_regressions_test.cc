// Every input a fuzz target found crashing is kept in
// tests/fuzz_regressions/TARGET/ and read again here, in the normal build, by
// the same function the target calls (fuzz/harness.h): each must be read, or
// rejected with a ConfigError or UsageError (NfgError for .nfg text).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz/harness.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
#define GEOSTRAT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GEOSTRAT_ASAN 1
#endif
#endif

// Some inputs hold length fields of gigabytes. While a reader trusts one, the
// allocation here fails (bad_alloc) instead of taking gigabytes of a shared
// machine's memory. Not under ASan, which reserves terabytes of address space
// and reports such an allocation itself.
class AddressSpaceCap {
 public:
  AddressSpaceCap() {
#ifndef GEOSTRAT_ASAN
    // 512 MiB above what the process maps now (/proc/self/statm: pages).
    std::ifstream statm("/proc/self/statm");
    rlim_t pages = 0;
    if (statm >> pages && getrlimit(RLIMIT_AS, &old_) == 0) {
      rlimit cap = old_;
      cap.rlim_cur = std::min<rlim_t>(old_.rlim_cur, pages * sysconf(_SC_PAGESIZE) + (rlim_t{512} << 20));
      set_ = setrlimit(RLIMIT_AS, &cap) == 0;
    }
#endif
  }
  ~AddressSpaceCap() {
    if (set_) setrlimit(RLIMIT_AS, &old_);
  }
  AddressSpaceCap(const AddressSpaceCap&) = delete;
  AddressSpaceCap& operator=(const AddressSpaceCap&) = delete;

 private:
  rlimit old_{};
  bool set_ = false;
};

void CheckRegressions(const std::string& target, void (*read)(const std::string&)) {
  fuzz::Prepare(target);
  const fs::path dir = fuzz::SourcePath("tests/fuzz_regressions/" + target);
  std::vector<fs::path> files;
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  INFO("folder: " << dir.string());
  // A missing or empty folder would let this test pass while checking nothing.
  REQUIRE_FALSE(files.empty());
  const AddressSpaceCap cap;
  for (const fs::path& file : files) {
    INFO("input: " << file.filename().string());
    CHECK_NOTHROW(fuzz::Accepts(read, fuzz::ReadBytes(file.string())));
  }
}

TEST_CASE("Fuzz regressions: configs are read or rejected cleanly", "[fuzz]") {
  CheckRegressions("config", fuzz::Config);
}

TEST_CASE("Fuzz regressions: .nfg files are read or rejected cleanly", "[fuzz]") {
  CheckRegressions("nfg", fuzz::Nfg);
}

TEST_CASE("Fuzz regressions: observed files are read or rejected cleanly", "[fuzz]") {
  CheckRegressions("observed", fuzz::Observed);
}

TEST_CASE("Fuzz regressions: sweep checkpoints are read or rejected cleanly", "[fuzz]") {
  CheckRegressions("checkpoint", fuzz::Checkpoint);
}

TEST_CASE("Fuzz regressions: snapshots are read or rejected cleanly", "[fuzz]") {
  CheckRegressions("snapshot", fuzz::Snapshot);
}

TEST_CASE("Fuzz regressions: seminar saves are read or rejected cleanly", "[fuzz]") {
  CheckRegressions("save", fuzz::Save);
}

TEST_CASE("Fuzz regressions: seminar commands are answered", "[fuzz]") {
  CheckRegressions("seminar_command", fuzz::SeminarCommand);
}

}  // namespace
}  // namespace geostrat
