#include "engine/core/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "engine/core/error.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void Fail(const std::string& what, const fs::path& path) {
  throw std::runtime_error("cannot " + what + " " + path.string() + ": " + std::strerror(errno));
}

// write(2) until every byte is written.
void WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail("write", path);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void SyncDescriptor(int fd, const fs::path& path, bool folder) {
  // Some file systems cannot fsync a folder (EINVAL): their entries are as
  // durable as they get.
  if (::fsync(fd) != 0 && !(folder && errno == EINVAL)) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    Fail("sync", path);
  }
}

std::string FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "something that is not a regular file";
}

}  // namespace

void SyncFile(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail("open", path);
  SyncDescriptor(fd, path, false);
  ::close(fd);
}

void SyncFolder(const fs::path& dir) {
  const fs::path d = dir.empty() ? fs::path(".") : dir;
  const int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) Fail("open", d);
  SyncDescriptor(fd, d, true);
  ::close(fd);
}

void SyncTree(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_symlink()) continue;
    if (entry.is_regular_file()) SyncFile(entry.path());
    if (entry.is_directory()) SyncFolder(entry.path());
  }
  SyncFolder(dir);
}

void WriteFileDurably(const fs::path& path, std::string_view bytes) {
  const fs::path temporary = path.string() + ".partial-" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) Fail("write", path);
  try {
    WriteAll(fd, bytes, path);
    SyncDescriptor(fd, path, false);
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temporary.c_str());
    errno = saved;
    Fail("write", path);
  }
  SyncFolder(path.parent_path());
}

DurableAppender::DurableAppender(const fs::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) Fail("write", path);
}

DurableAppender::~DurableAppender() {
  if (fd_ >= 0) ::close(fd_);
}

void DurableAppender::Append(std::string_view bytes) {
  buffer_.append(bytes);
  // Large buffers go out early; durability still waits for Sync.
  if (buffer_.size() >= (1u << 20)) Flush();
}

void DurableAppender::Flush() {
  WriteAll(fd_, buffer_, path_);
  buffer_.clear();
}

void DurableAppender::Sync() {
  Flush();
  SyncDescriptor(fd_, path_, false);
}

void DurableAppender::Close() {
  if (fd_ < 0) return;
  Sync();
  ::close(fd_);
  fd_ = -1;
}

namespace {

// An open descriptor of a regular file, or a ConfigError saying what `path`
// is instead. O_NONBLOCK: opening a named pipe must not wait for a writer;
// the type is checked on the open descriptor, so nothing can be swapped in
// between.
struct RegularFile {
  RegularFile(const fs::path& path, const std::string& expected) {
    fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      const int saved = errno;
      std::error_code ec;
      if (fs::is_directory(path, ec)) throw ConfigError(path.string(), "", expected, "a folder");
      throw ConfigError(path.string(), "", expected,
                        saved == ENOENT ? std::string("no such file")
                                        : "a file that cannot be read (" + std::string(std::strerror(saved)) + ")");
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      ::close(fd);
      Fail("read", path);
    }
    if (!S_ISREG(st.st_mode)) {
      ::close(fd);
      throw ConfigError(path.string(), "", expected, FileKind(st.st_mode));
    }
    size = static_cast<uint64_t>(st.st_size);
  }
  ~RegularFile() { ::close(fd); }
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;

  // Up to `length` bytes from `offset` (fewer if the file shrank meanwhile).
  std::string Read(uint64_t offset, uint64_t length, const fs::path& path, const std::string& expected) const {
    std::string bytes(static_cast<size_t>(length), '\0');
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        throw ConfigError(path.string(), "", expected,
                          "a file that cannot be read (" + std::string(std::strerror(errno)) + ")");
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    bytes.resize(done);
    return bytes;
  }

  int fd = -1;
  uint64_t size = 0;
};

}  // namespace

std::string ReadFileCapped(const fs::path& path, uint64_t max_bytes, const std::string& what) {
  const std::string expected = what + " (a regular file of at most " + DescribeBytes(max_bytes) + ")";
  const RegularFile file(path, expected);
  if (file.size > max_bytes) {
    throw ConfigError(path.string(), "", expected, "a file of " + std::to_string(file.size) + " bytes");
  }
  return file.Read(0, file.size, path, expected);
}

std::string ReadFileRange(const fs::path& path, uint64_t offset, uint64_t length, const std::string& what) {
  const std::string expected =
      what + " (" + std::to_string(length) + " bytes at offset " + std::to_string(offset) + ")";
  const RegularFile file(path, expected);
  if (offset > file.size || length > file.size - offset) {
    throw ConfigError(path.string(), "", expected, "a file of " + std::to_string(file.size) + " bytes");
  }
  std::string bytes = file.Read(offset, length, path, expected);
  if (bytes.size() != length) {
    throw ConfigError(path.string(), "", expected,
                      "a file that ends after " + std::to_string(offset + bytes.size()) + " bytes");
  }
  return bytes;
}

namespace {

// Length of the valid UTF-8 sequence at text[i], 0 if there is none (a stray
// byte 0x80-0x9f would be a C1 control to some terminals).
size_t Utf8Length(const std::string& text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                                 : (c & 0xf8) == 0xf0 ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  return len;
}

}  // namespace

std::string Printable(const std::string& text, size_t max) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && i < max) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x20 || c == 0x7f ? 0 : Utf8Length(text, i);
    if (len == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
    } else {
      out.append(text, i, len);  // whole characters: never cut one in two
      i += len;
    }
  }
  return i < text.size() ? out + "..." : out;
}

std::string DescribeBytes(uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  uint64_t whole = bytes;
  while (unit < 4 && whole >= 1024 && whole % 1024 == 0) {
    whole /= 1024;
    ++unit;
  }
  if (unit > 0 || bytes < 1024) return std::to_string(whole) + " " + units[unit];
  return std::to_string(bytes) + " bytes";
}

}  // namespace geostrat
