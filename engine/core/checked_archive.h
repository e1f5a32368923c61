// Reading cereal binary archives (checkpoints, snapshots, saves) from bytes
// that may be damaged or hostile.
//
// cereal's own input archives read a container's length and resize to it
// before reading a single element: one changed length byte in a 1 KB file asks
// for gigabytes. This archive reads the same bytes (cereal's BinaryOutputArchive
// and PortableBinaryOutputArchive write them; nothing about the files
// changes) but checks every length against the bytes that remain before
// anything is allocated, and keeps the total allocated within a fixed
// multiple of the input's size. Any violation, and any read past the end, is
// an ArchiveError saying where and what; readers turn it into a ConfigError
// naming their file.
#pragma once

#include <array>
#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace geostrat {

class ArchiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CheckedInputArchive
    : public cereal::InputArchive<CheckedInputArchive, cereal::AllowEmptyClassElision> {
 public:
  // kBinary reads what cereal::BinaryOutputArchive writes; kPortableBinary
  // what cereal::PortableBinaryOutputArchive writes (a leading byte says the
  // writer's byte order).
  enum class Format { kBinary, kPortableBinary };

  // Legitimate archives allocate at most about 4 bytes per byte read (an
  // empty vector<vector<double>> element: 24 bytes in memory, 8 on disk);
  // the budget leaves room for that and nothing like a length-byte blow-up.
  static constexpr uint64_t kBudgetPerByte = 16;
  static constexpr uint64_t kBudgetBase = 1 << 16;

  CheckedInputArchive(std::string_view bytes, Format format)
      : cereal::InputArchive<CheckedInputArchive, cereal::AllowEmptyClassElision>(this),
        bytes_(bytes),
        budget_(kBudgetBase + kBudgetPerByte * bytes.size()) {
    if (format == Format::kPortableBinary) {
      uint8_t little = 0;
      LoadBinary<1>(&little, 1);
      if (little > 1) throw ArchiveError("a byte-order mark of 0 or 1 at byte 0, found " + std::to_string(little));
      swap_ = (little == 1) != HostIsLittleEndian();
    }
  }

  size_t position() const { return pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }

  // Copies `size` bytes, reversing each DataSize-byte value when the
  // writer's byte order differs from this machine's.
  template <std::size_t DataSize>
  void LoadBinary(void* data, std::size_t size) {
    if (size > remaining()) {
      throw ArchiveError("the data ends at byte " + std::to_string(bytes_.size()) + ", " +
                         std::to_string(size) + " bytes were expected at byte " + std::to_string(pos_));
    }
    // An empty container may pass a null pointer, which memcpy must never see.
    if (size == 0) return;
    std::memcpy(data, bytes_.data() + pos_, size);
    pos_ += size;
    if (DataSize > 1 && swap_) {
      auto* p = static_cast<unsigned char*>(data);
      for (std::size_t i = 0; i + DataSize <= size; i += DataSize) {
        for (std::size_t k = 0; k < DataSize / 2; ++k) std::swap(p[i + k], p[i + DataSize - 1 - k]);
      }
    }
  }

  // Before `count` elements of `element_size` bytes in memory, each at least
  // `min_bytes` in the archive, are allocated.
  void Reserve(uint64_t count, std::size_t min_bytes, std::size_t element_size) {
    const size_t at = pos_ - sizeof(cereal::size_type);
    if (min_bytes > 0 && count > remaining() / min_bytes) {
      throw ArchiveError("a length of " + std::to_string(count) + " at byte " + std::to_string(at) +
                         ", more than the " + std::to_string(remaining()) + " bytes after it can hold");
    }
    if (element_size > 0 && count > budget_ / element_size) {
      throw ArchiveError("a length of " + std::to_string(count) + " at byte " + std::to_string(at) +
                         " that would need more memory than the whole input justifies");
    }
    budget_ -= count * element_size;
  }

  // Fails unless every byte has been read.
  void ExpectEnd() const {
    if (remaining() != 0) {
      throw ArchiveError(std::to_string(remaining()) + " unexpected bytes after the end, at byte " +
                         std::to_string(pos_));
    }
  }

 private:
  static bool HostIsLittleEndian() {
    const uint16_t one = 1;
    uint8_t first = 0;
    std::memcpy(&first, &one, 1);
    return first == 1;
  }

  std::string_view bytes_;
  size_t pos_ = 0;
  bool swap_ = false;
  uint64_t budget_;
};

namespace archive_detail {

template <class T>
struct IsSized : std::false_type {};
template <class T, class A>
struct IsSized<std::vector<T, A>> : std::true_type {};
template <class C, class Tr, class A>
struct IsSized<std::basic_string<C, Tr, A>> : std::true_type {};

// The fewest archive bytes one element of T can take: what makes a length
// that the remaining bytes cannot hold detectable before allocating.
template <class T>
constexpr std::size_t MinBytes() {
  if constexpr (std::is_arithmetic_v<T>) {
    return sizeof(T);
  } else if constexpr (IsSized<T>::value) {
    return sizeof(cereal::size_type);
  } else {
    return 1;
  }
}

}  // namespace archive_detail

template <class T>
std::enable_if_t<std::is_arithmetic_v<T>> CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, T& t) {
  if constexpr (std::is_same_v<T, bool>) {
    // A bool holding any byte but 0 or 1 is undefined behaviour the moment it
    // is read: take the byte, check it, then convert.
    uint8_t byte = 0;
    const size_t at = ar.position();
    ar.LoadBinary<1>(&byte, 1);
    if (byte > 1) throw ArchiveError("a bool (0 or 1) at byte " + std::to_string(at) + ", found " + std::to_string(byte));
    t = byte == 1;
  } else {
    ar.LoadBinary<sizeof(T)>(std::addressof(t), sizeof(t));
  }
}

template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(CheckedInputArchive& ar, cereal::NameValuePair<T>& t) {
  ar(t.value);
}

template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(CheckedInputArchive& ar, cereal::SizeTag<T>& t) {
  ar(t.size);
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, cereal::BinaryData<T>& bd) {
  using Element = std::remove_const_t<std::remove_pointer_t<T>>;
  static_assert(!std::is_same_v<Element, bool>, "bools are read one by one, each checked to be 0 or 1");
  ar.LoadBinary<sizeof(Element)>(bd.data, static_cast<std::size_t>(bd.size));
}

// More specialised than cereal's own std::vector and std::string loads, which
// resize to any length read.
template <class T, class A>
void CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, std::vector<T, A>& v) {
  static_assert(!std::is_same_v<T, bool>, "std::vector<bool> is not read by CheckedInputArchive");
  cereal::size_type n = 0;
  ar(cereal::make_size_tag(n));
  ar.Reserve(n, archive_detail::MinBytes<T>(), sizeof(T));
  v.clear();
  v.resize(static_cast<std::size_t>(n));
  if constexpr (std::is_arithmetic_v<T>) {
    ar.LoadBinary<sizeof(T)>(v.data(), static_cast<std::size_t>(n) * sizeof(T));
  } else {
    for (auto& element : v) ar(element);
  }
}

template <class C, class Tr, class A>
void CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, std::basic_string<C, Tr, A>& s) {
  cereal::size_type n = 0;
  ar(cereal::make_size_tag(n));
  ar.Reserve(n, sizeof(C), sizeof(C));
  s.resize(static_cast<std::size_t>(n));
  ar.LoadBinary<sizeof(C)>(s.data(), static_cast<std::size_t>(n) * sizeof(C));
}

}  // namespace geostrat
