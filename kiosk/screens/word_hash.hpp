// A fast 64-bit mix of machine words, for telling apart what changed (frame_damage.hpp) and
// for checking that a file read back is the one written (glyph_atlas_cache.cpp). Not a
// cryptographic hash: nothing here defends against someone who writes the file on purpose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace madoguchi::kiosk::ui {

inline std::uint64_t mix(std::uint64_t hash, std::uint64_t word) {
  hash ^= word + 0x9E3779B97F4A7C15ULL + (hash << 6) + (hash >> 2);
  return hash * 0xFF51AFD7ED558CCDULL;
}

// `size` bytes, eight at a time (the tail padded with zeros), and their count.
inline std::uint64_t mix_bytes(std::uint64_t hash, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes + i, 8);
    hash = mix(hash, word);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes + i, size - i);
  return mix(mix(hash, tail), size);
}

}  // namespace madoguchi::kiosk::ui
