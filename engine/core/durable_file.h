// Files that survive a crash, and files read back from disk with a size cap.
//
// Every file geostrat writes for later (run folders, sweep checkpoints and
// their rows, snapshots, seminar saves) goes through these functions, so that
// a kill -9 or a power loss at any moment leaves either the previous content
// or the new one, never a torn file; and every file read back is a regular
// file no larger than what its reader can hold, checked before anything is
// allocated.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace geostrat {

// Writes `bytes` to `path` atomically and durably: into a temporary file
// beside it ("<path>.partial-<pid>"), fsync'd, renamed over `path`, and the
// folder fsync'd. Throws std::runtime_error naming the file and the system's
// reason; the temporary file is removed on failure.
void WriteFileDurably(const std::filesystem::path& path, std::string_view bytes);

// fsync of a file's content, of a folder's entries, and of every file and
// folder under `dir` (`dir` included). Throw std::runtime_error on failure.
void SyncFile(const std::filesystem::path& path);
void SyncFolder(const std::filesystem::path& dir);
void SyncTree(const std::filesystem::path& dir);

// An append-only file written through one descriptor: Append buffers,
// Sync writes the buffer and fsyncs, so that every byte before the last
// Sync is on disk. Throws std::runtime_error naming the file.
class DurableAppender {
 public:
  DurableAppender() = default;
  explicit DurableAppender(const std::filesystem::path& path);
  ~DurableAppender();
  DurableAppender(const DurableAppender&) = delete;
  DurableAppender& operator=(const DurableAppender&) = delete;

  bool is_open() const { return fd_ >= 0; }
  void Append(std::string_view bytes);
  void Sync();
  void Close();  // Sync, then close

 private:
  void Flush();
  std::filesystem::path path_;
  int fd_ = -1;
  std::string buffer_;
};

// Reads the regular file `path` of at most `max_bytes` bytes. A missing or
// unreadable file, a folder, a pipe or device, or a larger file is a
// ConfigError naming the file: "expected <what> (a regular file of at most N
// bytes), found ...". Pipes are never opened for reading (that would block).
std::string ReadFileCapped(const std::filesystem::path& path, uint64_t max_bytes,
                           const std::string& what);

// Reads `length` bytes at `offset` of the regular file `path`, which must
// hold them (ConfigError otherwise, as ReadFileCapped): a part of a large
// file, such as one quarter's records of snapshots.bin.
std::string ReadFileRange(const std::filesystem::path& path, uint64_t offset, uint64_t length,
                          const std::string& what);

// Text read from a file, for a message: control characters and bytes that
// are not UTF-8 written as \xNN (an escape sequence would act on the
// terminal showing the message), at most `max` bytes (rounded up to a whole
// character) followed by "..." when longer.
std::string Printable(const std::string& text, size_t max = 200);

// "16 MiB", "4 GiB", "812 bytes": sizes in messages and docs.
std::string DescribeBytes(uint64_t bytes);

}  // namespace geostrat
