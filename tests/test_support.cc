#include "tests/test_support.h"

#include <sys/wait.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"

namespace geostrat::testing {

namespace fs = std::filesystem;

std::string SourcePath(const std::string& relative) {
  return (fs::path(GEOSTRAT_SOURCE_DIR) / relative).string();
}

std::string TempDir(const std::string& tag) {
  static std::atomic<int> counter{0};
  const fs::path dir = fs::temp_directory_path() /
                       ("geostrat-test-" + std::to_string(getpid()) + "-" + tag + "-" +
                        std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = (fs::path(dir) / name).string();
  std::ofstream(path) << text;
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ConfigErrorOf(const std::string& path) {
  try {
    LoadExperiment(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

CommandResult RunGeostrat(const std::string& args) {
  const std::string cmd = std::string(GEOSTRAT_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  CommandResult result{-1, ""};
  if (!pipe) return result;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) result.out.append(buf.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace geostrat::testing
