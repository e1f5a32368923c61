// The bad-input catalogue: every case of tests/catalogue/*.json is run through
// the real binary and must exit with its exact status and its exact message.
// A signal, a time-out, another status or another message fails the case
// (tests/catalogue/README.md describes the format).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kTimeLimitSeconds = 60;

struct Finished {
  int status = -1;       // exit status, or 128 + signal
  bool signalled = false;
  bool timed_out = false;
  std::string err;
};

std::string Substitute(std::string text, const std::string& dir) {
  const std::map<std::string, std::string> vars = {{"{dir}", dir},
                                                   {"{src}", GEOSTRAT_SOURCE_DIR}};
  for (const auto& [key, value] : vars) {
    for (std::size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

// Runs the geostrat binary in `cwd` with `args`, standard input from
// `stdin_path` (or /dev/null), standard error captured; killed after the limit.
Finished RunBinary(const std::vector<std::string>& args, const std::string& cwd,
                   const std::string& stdin_path, const std::string& scratch) {
  const std::string out_path = scratch + "/stdout";
  const std::string err_path = scratch + "/stderr";
  std::vector<std::string> argv_text = {GEOSTRAT_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {
    const int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || chdir(cwd.c_str()) != 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  Finished f;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeLimitSeconds);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &wstatus, 0);
      f.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(wstatus)) {
    f.status = WEXITSTATUS(wstatus);
  } else if (WIFSIGNALED(wstatus)) {
    f.signalled = true;
    f.status = 128 + WTERMSIG(wstatus);
  }
  f.err = testing::ReadFile(err_path);
  return f;
}

std::string FirstLines(const std::string& text, std::size_t lines) {
  std::size_t end = 0;
  for (std::size_t i = 0; i < lines; ++i) {
    end = text.find('\n', end);
    if (end == std::string::npos) return text;
    if (i + 1 < lines) ++end;
  }
  return text.substr(0, end);
}

std::size_t LineCount(const std::string& text) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string HexToBytes(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void ApplyMutation(const json& op, const fs::path& dir) {
  if (op.contains("truncate")) {
    fs::resize_file(dir / op["truncate"].get<std::string>(), op["size"].get<std::uintmax_t>());
  } else if (op.contains("flip")) {
    const fs::path p = dir / op["flip"].get<std::string>();
    std::string bytes = testing::ReadFile(p.string());
    const auto offset = op["offset"].get<std::size_t>();
    REQUIRE(offset < bytes.size());
    bytes[offset] = static_cast<char>(bytes[offset] ^ 0xFF);
    WriteBytes(p, bytes);
  } else if (op.contains("append")) {
    std::ofstream(dir / op["append"].get<std::string>(), std::ios::app | std::ios::binary)
        << Substitute(op["text"].get<std::string>(), dir.string());
  } else if (op.contains("mkfifo")) {
    REQUIRE(mkfifo((dir / op["mkfifo"].get<std::string>()).c_str(), 0644) == 0);
  } else if (op.contains("symlink")) {
    fs::create_symlink(Substitute(op["to"].get<std::string>(), dir.string()),
                       dir / op["symlink"].get<std::string>());
  } else if (op.contains("mkdir")) {
    fs::create_directories(dir / op["mkdir"].get<std::string>());
  } else {
    FAIL("unknown mutation " << op.dump());
  }
}

struct Case {
  std::string file;
  json spec;
};

std::vector<Case> LoadCatalogue() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(testing::SourcePath("tests/catalogue"))) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const auto& file : files) {
    const json doc = json::parse(testing::ReadFile(file.string()));
    for (const auto& spec : doc.at("cases")) cases.push_back({file.filename().string(), spec});
  }
  return cases;
}

std::vector<std::string> Args(const json& list, const std::string& dir) {
  std::vector<std::string> args;
  for (const auto& a : list) args.push_back(Substitute(a.get<std::string>(), dir));
  return args;
}

void RunCase(const Case& c) {
  const json& spec = c.spec;
  const std::string name = spec.at("name").get<std::string>();
  INFO(c.file << ": " << name);
  const std::string dir = testing::TempDir("catalogue");
  const std::string scratch = testing::TempDir("catalogue-io");
  const json files_map = spec.value("files", json::object());
  for (const auto& [path, text] : files_map.items()) {
    WriteBytes(fs::path(dir) / path, Substitute(text.get<std::string>(), dir));
  }
  const json hex_map = spec.value("hex", json::object());
  for (const auto& [path, hex] : hex_map.items()) {
    WriteBytes(fs::path(dir) / path, HexToBytes(hex.get<std::string>()));
  }
  const json copy_map = spec.value("copy", json::object());
  for (const auto& [path, source] : copy_map.items()) {
    WriteBytes(fs::path(dir) / path, testing::ReadFile(testing::SourcePath(source.get<std::string>())));
  }
  const json setups = spec.value("setup", json::array());
  for (const auto& setup : setups) {
    const Finished f = RunBinary(Args(setup, dir), dir, "", scratch);
    INFO("setup " << setup.dump() << " printed: " << f.err);
    REQUIRE(f.status == 0);
  }
  const json mutations = spec.value("mutate", json::array());
  for (const auto& op : mutations) ApplyMutation(op, dir);
  std::string stdin_path;
  if (spec.contains("stdin")) {
    stdin_path = scratch + "/stdin";
    WriteBytes(stdin_path, Substitute(spec["stdin"].get<std::string>(), dir));
  }

  const Finished f = RunBinary(Args(spec.at("args"), dir), dir, stdin_path, scratch);
  INFO("stderr was:\n" << f.err);
  CHECK_FALSE(f.timed_out);
  CHECK_FALSE(f.signalled);
  CHECK(f.status == spec.at("exit").get<int>());
  const std::string message = Substitute(spec.at("message").get<std::string>(), dir);
  CHECK(FirstLines(f.err, LineCount(message)) == message);
  const json absent = spec.value("absent", json::array());
  for (const auto& path : absent) {
    INFO("must not exist: " << path.get<std::string>());
    CHECK_FALSE(fs::exists(fs::path(dir) / path.get<std::string>()));
  }
  fs::remove_all(dir);
  fs::remove_all(scratch);
}

TEST_CASE("The bad-input catalogue: at least 100 cases with unique names and known fields",
          "[catalogue]") {
  const auto cases = LoadCatalogue();
  CHECK(cases.size() >= 100);
  const std::set<std::string> known = {"name",  "files", "hex",  "copy",    "setup", "mutate",
                                       "args",  "stdin", "exit", "message", "absent"};
  std::set<std::string> names;
  for (const auto& c : cases) {
    INFO(c.file << ": " << c.spec.dump());
    REQUIRE(c.spec.contains("name"));
    CHECK(names.insert(c.spec["name"].get<std::string>()).second);
    for (const auto& [key, value] : c.spec.items()) CHECK(known.count(key) == 1);
    CHECK(c.spec.contains("args"));
    CHECK(c.spec.contains("exit"));
    CHECK(c.spec.contains("message"));
    CHECK(c.spec.value("exit", 0) != 0);
  }
}

TEST_CASE("The bad-input catalogue: every case exits with its status and exact message",
          "[catalogue]") {
  const auto cases = LoadCatalogue();
  REQUIRE_FALSE(cases.empty());
  for (const auto& c : cases) RunCase(c);
}

}  // namespace
}  // namespace geostrat
