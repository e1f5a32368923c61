// Durable output: output folder paths checked before the work starts, files
// and folders that a crash leaves either absent or complete, partial folders
// of killed writers cleaned up, and readers of binary files that check every
// length before allocating.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cereal/archives/binary.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/core/checked_archive.h"
#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/run/results.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::StartsWith;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

std::string UsageErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

std::string ConfigErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("Output folder paths are normalised: a trailing slash or dot names the same folder", "[durable]") {
  CHECK(NormalFolderPath("D/").string() == "D");
  CHECK(NormalFolderPath("D//").string() == "D");
  CHECK(NormalFolderPath("./D/.").string() == "D");
  CHECK(NormalFolderPath("a/../D/").string() == "D");
  CHECK(NormalFolderPath("/tmp/x/").string() == "/tmp/x");
  CHECK(NormalFolderPath("/").string() == "/");
}

TEST_CASE("An output folder that cannot be created is refused before any work", "[durable]") {
  const std::string dir = TempDir("outcheck");
  CHECK(CheckOutputFolder("run", dir + "/D/") == dir + "/D");
  CHECK(UsageErrorOf([] { CheckOutputFolder("run", ""); }) ==
        "run: --out needs the path of a folder to create, found an empty string");
  fs::create_directory(dir + "/E");
  CHECK(UsageErrorOf([&] { CheckOutputFolder("run", dir + "/E/"); }) ==
        "run: output folder " + dir + "/E/ already exists; choose another --out");
  CHECK(UsageErrorOf([&] { CheckOutputFolder("sweep", dir + "/E"); }) ==
        "sweep: output folder " + dir +
            "/E already exists; choose another --out, or add --resume to continue the sweep "
            "written there");
  CHECK(UsageErrorOf([&] { CheckOutputFolder("run", "."); }) ==
        "run: output folder . already exists; choose another --out");
  CHECK(UsageErrorOf([&] { CheckOutputFolder("sweep", "/", false, true); }) ==
        "sweep: output folder / already exists; choose another --out");
  // A dangling symbolic link is something already there too.
  fs::create_symlink(dir + "/nowhere", dir + "/link");
  CHECK(UsageErrorOf([&] { CheckOutputFolder("run", dir + "/link"); }) ==
        "run: output folder " + dir + "/link already exists; choose another --out");
  CHECK(UsageErrorOf([&] { CheckOutputFolder("run", dir + "/no/D"); }) ==
        "run: cannot create output folder " + dir + "/no/D: its parent folder " + dir + "/no does not exist");
  // The default results/<experiment>/ folders are created as needed.
  CHECK(CheckOutputFolder("run", dir + "/no/D", true) == dir + "/no/D");
  WriteFile(dir, "file", "x");
  CHECK(UsageErrorOf([&] { CheckOutputFolder("run", dir + "/file/D"); }) ==
        "run: cannot create output folder " + dir + "/file/D: " + dir + "/file is not a folder");
  const std::string long_name(240, 'a');
  CHECK(UsageErrorOf([&] { CheckOutputFolder("run", dir + "/" + long_name); }) ==
        "run: cannot create output folder " + dir + "/" + long_name +
            ": its name is 240 bytes; at most 239 leave room for the 16-byte suffix of the folder written first "
            "(255 is the file system's limit)");
  CHECK(CheckOutputFolder("run", dir + "/" + std::string(239, 'a')) == dir + "/" + std::string(239, 'a'));
  const std::string huge(300, 'b');
  CHECK(UsageErrorOf([&] { CheckOutputFolder("run", dir + "/" + huge + "/D", true); }) ==
        "run: cannot create output folder " + dir + "/" + huge + "/D: the name " + std::string(24, 'b') +
            "... is 300 bytes, more than the 255 the file system allows");
  if (geteuid() != 0) {  // root writes anywhere
    fs::create_directory(dir + "/ro");
    fs::permissions(dir + "/ro", fs::perms::owner_read | fs::perms::owner_exec);
    CHECK(UsageErrorOf([&] { CheckOutputFolder("run", dir + "/ro/D"); }) ==
          "run: cannot create output folder " + dir + "/ro/D: the folder " + dir + "/ro is not writable");
  }
}

TEST_CASE("run --out D/ writes D and a rerun is refused without touching it", "[durable]") {
  const std::string dir = TempDir("trailing");
  const std::string smoke = SourcePath("experiments/smoke.json");
  const auto r = RunGeostrat("run " + smoke + " --replicates 12 --threads 1 -q --out " + dir + "/D/");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(fs::exists(dir + "/D/manifest.json"));
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);  // no partial folder, no owner record left
  CHECK_FALSE(fs::exists(dir + "/D/.geostrat-writer"));
  const auto again = RunGeostrat("run " + smoke + " --replicates 12 --threads 1 -q --out " + dir + "/D/");
  CHECK(again.status == 64);
  CHECK(again.out == "geostrat: run: output folder " + dir + "/D/ already exists; choose another --out\n");
  const auto empty = RunGeostrat("run " + smoke + " --replicates 12 -q --out ''");
  CHECK(empty.status == 64);
  CHECK(empty.out == "geostrat: run: --out needs the path of a folder to create, found an empty string\n");
}

TEST_CASE("sweep --out D/ finishes into D with its in-progress folder beside it", "[durable][sweep]") {
  const std::string dir = TempDir("sweep-trailing");
  const Json config = {{"extends", SourcePath("experiments/smoke.json")},
                       {"name", "sweep-test"},
                       {"sweep",
                        {{"levers", {{{"name", "fee"},
                                      {"pointer", "/scenario/games/license_fee/params/fee_mid"},
                                      {"values", {0.15, 0.25}}}}},
                         {"replicates", 20}}}};
  const std::string path = WriteFile(dir, "sweep.json", config.dump());
  const auto r = RunGeostrat("sweep " + path + " --threads 1 --out " + dir + "/D/");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("results: " + dir + "/D\n"));
  CHECK(fs::exists(dir + "/D/points.csv"));
  CHECK_FALSE(fs::exists(dir + "/D/.inprogress"));
  CHECK_FALSE(fs::exists(dir + "/D.inprogress"));
  // Resuming it is a finished sweep, spelled either way.
  const auto resumed = RunGeostrat("sweep " + path + " --threads 1 --resume --out " + dir + "/D/.");
  CHECK(resumed.status == 0);
  CHECK_THAT(resumed.out, Contains("sweep-test: already complete"));
}

// Forks a writer that dies (as kill -9 would) in the middle of writing
// `dir`; returns its process number, which is then no longer running.
pid_t WriterKilledWhileWriting(const std::string& dir) {
  const pid_t pid = fork();
  if (pid == 0) {
    try {
      WriteFolderAtomically(dir, [](const fs::path& partial) {
        WriteText(partial / "half.csv", "a,b\n");
        _exit(0);
      });
    } catch (...) {
    }
    _exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

TEST_CASE("Partial folders of killed writers are removed before a new folder is written", "[durable]") {
  const std::string dir = TempDir("stale");
  const pid_t dead = WriterKilledWhileWriting(dir + "/first");
  const std::string partial = dir + "/first.partial-" + std::to_string(dead);
  REQUIRE(fs::exists(partial + "/half.csv"));
  REQUIRE(fs::exists(partial + "/.geostrat-writer"));

  // A folder of someone else's that merely looks like one: not removed.
  fs::create_directories(dir + "/notes.partial-" + std::to_string(dead));
  WriteFile(dir + "/notes.partial-" + std::to_string(dead), "mine.txt", "keep me");
  // An empty one without a record: a writer killed right after creating it.
  fs::create_directories(dir + "/empty.partial-" + std::to_string(dead));
  // A record of this very process number, but of an earlier process.
  const std::string reused = dir + "/old.partial-" + std::to_string(getpid());
  fs::create_directories(reused);
  const std::string record = ReadFile(partial + "/.geostrat-writer");
  std::string earlier = record.substr(0, record.find("pid ")) + "pid " + std::to_string(getpid()) + "\nstart 1\n";
  WriteFile(reused, ".geostrat-writer", earlier);

  WriteFolderAtomically(dir + "/second", [&](const fs::path& mine) {
    // While this writer is at work its own partial folder is never stale.
    CHECK(RemoveStalePartialFolders(dir) == 0);
    CHECK(fs::exists(mine / ".geostrat-writer"));
    WriteText(mine / "done.csv", "x\n");
  });
  CHECK_FALSE(fs::exists(partial));
  CHECK_FALSE(fs::exists(dir + "/empty.partial-" + std::to_string(dead)));
  CHECK_FALSE(fs::exists(reused));
  CHECK(ReadFile(dir + "/notes.partial-" + std::to_string(dead) + "/mine.txt") == "keep me");
  CHECK(ReadFile(dir + "/second/done.csv") == "x\n");
  CHECK_FALSE(fs::exists(dir + "/second/.geostrat-writer"));
}

TEST_CASE("A killed run's partial folder is removed by the next run which says so", "[durable]") {
  const std::string dir = TempDir("stale-cli");
  const pid_t dead = WriterKilledWhileWriting(dir + "/killed");
  const std::string smoke = SourcePath("experiments/smoke.json");
  const auto r = RunGeostrat("run " + smoke + " --replicates 12 --threads 1 -q --out " + dir + "/next");
  CHECK(r.status == 0);
  CHECK(r.out == "geostrat: removed " + dir + "/killed.partial-" + std::to_string(dead) + ", left by process " +
                     std::to_string(dead) + ", which is no longer running\n");
  CHECK_FALSE(fs::exists(dir + "/killed.partial-" + std::to_string(dead)));
}

TEST_CASE("Files are replaced whole: a failed write keeps the old content", "[durable]") {
  const std::string dir = TempDir("durable-file");
  const std::string path = dir + "/f.txt";
  WriteFileDurably(path, "first");
  WriteFileDurably(path, "second");
  CHECK(ReadFile(path) == "second");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);
  fs::create_directory(dir + "/folder");
  CHECK_THROWS_WITH(WriteFileDurably(dir + "/folder", "x"),
                    StartsWith("cannot write " + dir + "/folder: "));
  CHECK(fs::is_directory(dir + "/folder"));

  const std::string rows = dir + "/rows.csv";
  {
    DurableAppender out(rows);
    out.Append("a\n");
    out.Sync();
    out.Append("b\n");
    out.Close();
  }
  CHECK(ReadFile(rows) == "a\nb\n");
}

TEST_CASE("Files read back are regular files within their size limit", "[durable]") {
  const std::string dir = TempDir("capped");
  const std::string small = WriteFile(dir, "small", "12345");
  CHECK(ReadFileCapped(small, 5, "a thing") == "12345");
  CHECK(ConfigErrorOf([&] { ReadFileCapped(small, 4, "a thing"); }) ==
        small + ": at /: expected a thing (a regular file of at most 4 bytes), found a file of 5 bytes");
  CHECK(ConfigErrorOf([&] { ReadFileCapped(dir, 16 << 20, "a save"); }) ==
        dir + ": at /: expected a save (a regular file of at most 16 MiB), found a folder");
  CHECK(ConfigErrorOf([&] { ReadFileCapped(dir + "/none", 1 << 10, "a save"); }) ==
        dir + "/none: at /: expected a save (a regular file of at most 1 KiB), found no such file");
  // A named pipe with no writer: refused at once, never waited on.
  REQUIRE(mkfifo((dir + "/pipe").c_str(), 0644) == 0);
  CHECK(ConfigErrorOf([&] { ReadFileCapped(dir + "/pipe", 1 << 10, "a save"); }) ==
        dir + "/pipe: at /: expected a save (a regular file of at most 1 KiB), found a named pipe");
  CHECK(ReadFileRange(small, 1, 3, "records") == "234");
  CHECK(ConfigErrorOf([&] { ReadFileRange(small, 3, 1ull << 40, "records"); }) ==
        small + ": at /: expected records (1099511627776 bytes at offset 3), found a file of 5 bytes");
  CHECK(DescribeBytes(8ull << 30) == "8 GiB");
  CHECK(DescribeBytes(1000) == "1000 bytes");
}

struct Record {
  std::string name;
  std::vector<std::vector<double>> rows;
  std::vector<int8_t> small;
  std::array<uint64_t, 3> fixed{};

  template <class Archive>
  void serialize(Archive& ar) {
    ar(name, rows, small, fixed);
  }
};

template <class Out>
std::string Archived(const Record& r) {
  std::ostringstream s;
  {
    Out ar(s);
    ar(r);
  }
  return s.str();
}

Record Read(const std::string& bytes, CheckedInputArchive::Format format) {
  Record r;
  CheckedInputArchive ar(bytes, format);
  ar(r);
  ar.ExpectEnd();
  return r;
}

// A vector of `count` 4 KB elements, each one byte in the archive: the bytes
// hold the count, the memory budget (64 KiB + 16 per byte) does not.
struct Big {
  std::array<double, 512> a{};
  template <class Archive>
  void serialize(Archive& ar) {
    uint8_t one = 0;
    ar(one);
  }
};

size_t ReadBigElements(uint64_t count) {
  std::string bytes(8, '\0');
  std::memcpy(bytes.data(), &count, 8);
  bytes += std::string(count, '\0');
  std::vector<Big> bigs;
  CheckedInputArchive ar(bytes, CheckedInputArchive::Format::kBinary);
  ar(bigs);
  return bigs.size();
}

TEST_CASE("The checked archive reads cereal's bytes and refuses lengths the bytes cannot hold", "[durable]") {
  const Record r{"name", {{1.5, 2.5}, {}, {3}}, {-1, 2}, {7, 8, 9}};
  for (const bool portable : {false, true}) {
    INFO("portable " << portable);
    const auto format = portable ? CheckedInputArchive::Format::kPortableBinary : CheckedInputArchive::Format::kBinary;
    const std::string bytes = portable ? Archived<cereal::PortableBinaryOutputArchive>(r)
                                       : Archived<cereal::BinaryOutputArchive>(r);
    const Record back = Read(bytes, format);
    CHECK(back.name == r.name);
    CHECK(back.rows == r.rows);
    CHECK(back.small == r.small);
    CHECK(back.fixed == r.fixed);
    const size_t start = portable ? 1 : 0;
    // The string's length (little-endian, 8 bytes) with one byte changed.
    std::string big = bytes;
    big[start + 4] = 0x7f;
    CHECK_THROWS_WITH(Read(big, format), "a length of 545460846596 at byte " + std::to_string(start) +
                                             ", more than the " + std::to_string(bytes.size() - start - 8) +
                                             " bytes after it can hold");
    CHECK_THROWS_WITH(Read(bytes.substr(0, bytes.size() - 3), format),
                      "the data ends at byte " + std::to_string(bytes.size() - 3) + ", 24 bytes were expected at byte " +
                          std::to_string(bytes.size() - 24));
    CHECK_THROWS_WITH(Read(bytes + "xy", format),
                      "2 unexpected bytes after the end, at byte " + std::to_string(bytes.size()));
  }
  // Many empty inner vectors fit the bytes (8 each) but not the memory
  // budget once each costs 24 bytes: no blow-up from a small file.
  std::string many(8, '\0');
  const uint64_t n = 1ull << 20;
  std::memcpy(many.data(), &n, 8);
  many += std::string(8 * n, '\0');
  std::vector<std::vector<double>> v;
  CheckedInputArchive budget(many, CheckedInputArchive::Format::kBinary);
  CHECK_NOTHROW(budget(v));
  CHECK(v.size() == n);
  CHECK_THROWS_WITH(ReadBigElements(1000),
                    "a length of 1000 at byte 0 that would need more memory than the whole input justifies");
  CHECK(ReadBigElements(10) == 10);
}

}  // namespace
}  // namespace geostrat
