#include "madoguchi/fonts/truetype_bytes.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace madoguchi::fonts {
namespace {

std::uint32_t be32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) |
         u[3];
}
unsigned be16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (unsigned{u[0]} << 8) | u[1];
}

// A composite glyph's component flags (the OpenType spec, glyf).
constexpr unsigned kArgsAreWords = 0x0001;
constexpr unsigned kHaveScale = 0x0008;
constexpr unsigned kMoreComponents = 0x0020;
constexpr unsigned kHaveXYScale = 0x0040;
constexpr unsigned kHaveTwoByTwo = 0x0080;

void put16(char* p, unsigned value) {
  p[0] = static_cast<char>(value >> 8);
  p[1] = static_cast<char>(value);
}

using Tag = std::array<char, 4>;
constexpr Tag tag(const char (&name)[5]) { return {name[0], name[1], name[2], name[3]}; }

// What every reader needs to know the font by: its header, glyph count and outlines.
constexpr Tag kAlwaysRead[] = {tag("head"), tag("maxp"), tag("glyf"), tag("loca")};

}  // namespace

// Besides kAlwaysRead:
TrueTypeBytes::Use TrueTypeBytes::Use::drawing() {
  // The metrics, the characters, and the hinting FreeType runs.
  return {
      {tag("hhea"), tag("hmtx"), tag("OS/2"), tag("name"), tag("post"), tag("cmap"), tag("cvt "),
       tag("fpgm"), tag("prep"), tag("gasp"), tag("hdmx"), tag("LTSH"), tag("VDMX"), tag("kern")},
      true};
}

TrueTypeBytes::Use TrueTypeBytes::Use::subsetting() {
  // What the PDF embeds without hinting (printer/font_file.cpp, kEmbeddedTables) and cmap.
  return {{tag("hhea"), tag("hmtx"), tag("OS/2"), tag("name"), tag("post"), tag("cmap")}, true};
}

std::unique_ptr<TrueTypeBytes> TrueTypeBytes::read(const std::filesystem::path& file) {
  return read(file, Use{});
}

std::unique_ptr<TrueTypeBytes> TrueTypeBytes::read(const std::filesystem::path& file,
                                                   const Use& use) {
  std::unique_ptr<TrueTypeBytes> font(new TrueTypeBytes);
  font->fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (font->fd_ < 0 || ::fstat(font->fd_, &st) != 0 || st.st_size < 12) return nullptr;
  font->size_ = static_cast<std::size_t>(st.st_size);
  void* bytes = ::mmap(nullptr, font->size_, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (bytes == MAP_FAILED) return nullptr;
  font->bytes_ = static_cast<char*>(bytes);
  if (!font->read_range(0, 12) || be32(font->bytes_) != 0x00010000U) return nullptr;
  const unsigned tables = be16(font->bytes_ + 4);
  if (!font->read_range(12, 16U * tables)) return nullptr;
  std::size_t head_at = 0, maxp_at = 0;
  bool loca = false;
  std::vector<std::array<char, 16>> kept;
  for (unsigned i = 0; i < tables; ++i) {
    const char* record = font->bytes_ + 12 + 16 * i;
    const std::size_t at = be32(record + 8), size = be32(record + 12);
    if (at > font->size_ || size > font->size_ - at) return nullptr;
    const auto named = [record](const Tag& t) { return std::memcmp(record, t.data(), 4) == 0; };
    if (!use.tables.empty() && std::none_of(use.tables.begin(), use.tables.end(), named) &&
        std::none_of(std::begin(kAlwaysRead), std::end(kAlwaysRead), named)) {
      continue;  // left out, unread
    }
    std::copy_n(record, 16, kept.emplace_back().begin());
    if (std::memcmp(record, "glyf", 4) == 0) {
      font->glyf_at_ = at;
      font->glyf_size_ = size;
      continue;  // its glyphs as they are asked for
    }
    if (std::memcmp(record, "loca", 4) == 0) {
      // Made here, not read: every glyph empty until it is loaded (load).
      font->loca_at_ = at;
      font->loca_size_ = size;
      loca = true;
      continue;
    }
    const bool cmap = std::memcmp(record, "cmap", 4) == 0;
    if (!(cmap && use.unicode_cmap_only ? font->read_unicode_cmap(at, size)
                                        : font->read_range(at, size))) {
      return nullptr;
    }
    if (std::memcmp(record, "head", 4) == 0 && size >= 54) head_at = at;
    if (std::memcmp(record, "maxp", 4) == 0 && size >= 6) maxp_at = at;
  }
  if (font->glyf_size_ == 0 || !loca || head_at == 0 || maxp_at == 0) return nullptr;
  if (kept.size() < tables) font->list_tables(kept, tables);
  font->long_offsets_ = be16(font->bytes_ + head_at + 50) != 0;  // indexToLocFormat
  font->glyphs_ = be16(font->bytes_ + maxp_at + 4);
  if (font->loca_size_ < (font->glyphs_ + std::size_t{1}) * (font->long_offsets_ ? 4 : 2)) {
    return nullptr;
  }
  font->loaded_.assign(font->glyphs_, false);
  return font;
}

TrueTypeBytes::~TrueTypeBytes() {
  if (bytes_ != nullptr) ::munmap(bytes_, size_);
  if (fd_ >= 0) ::close(fd_);
}

bool TrueTypeBytes::read_range(std::size_t at, std::size_t size) {
  return at <= size_ && size <= size_ - at && read_into(bytes_ + at, at, size);
}

bool TrueTypeBytes::read_unicode_cmap(std::size_t at, std::size_t size) {
  if (size < 4 || !read_range(at, 4)) return false;
  const unsigned subtables = be16(bytes_ + at + 2);
  if (size < 4 + 8 * std::size_t{subtables} || !read_range(at + 4, 8 * std::size_t{subtables})) {
    return false;
  }
  for (unsigned i = 0; i < subtables; ++i) {
    char* record = bytes_ + at + 4 + 8 * i;
    const std::size_t offset = be32(record + 4);
    if (be16(record) != 3 || be16(record + 2) != 10 || offset + 16 > size) continue;
    if (!read_range(at + offset, 16) || be16(bytes_ + at + offset) != 12) continue;
    const std::size_t length = be32(bytes_ + at + offset + 4);
    if (length < 16 || length > size - offset || !read_range(at + offset, length)) continue;
    // The one subtable listed: first, and the other records cleared.
    std::memmove(bytes_ + at + 4, record, 8);
    std::memset(bytes_ + at + 12, 0, 8 * (std::size_t{subtables} - 1));
    put16(bytes_ + at + 2, 1);
    return true;
  }
  return read_range(at + 4 + 8 * std::size_t{subtables}, size - 4 - 8 * std::size_t{subtables});
}

void TrueTypeBytes::list_tables(const std::vector<std::array<char, 16>>& kept, unsigned tables) {
  // In the order they were listed (by tag), with the binary search's fields to match.
  unsigned power = 1, log2 = 0;
  while (power * 2 <= kept.size()) {
    power *= 2;
    ++log2;
  }
  const auto count = static_cast<unsigned>(kept.size());
  put16(bytes_ + 4, count);
  put16(bytes_ + 6, 16 * power);
  put16(bytes_ + 8, log2);
  put16(bytes_ + 10, 16 * count - 16 * power);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    std::memcpy(bytes_ + 12 + 16 * i, kept[i].data(), 16);
  }
  std::memset(bytes_ + 12 + 16 * kept.size(), 0, 16 * (tables - kept.size()));
}

bool TrueTypeBytes::read_into(char* into, std::size_t from, std::size_t size) const {
  for (std::size_t done = 0; done < size;) {
    const ssize_t got = ::pread(fd_, into + done, size - done, static_cast<off_t>(from + done));
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

bool TrueTypeBytes::file_glyph(unsigned glyph, std::size_t& start, std::size_t& end) const {
  std::array<char, 8> entries{};
  const std::size_t entry = long_offsets_ ? 4 : 2;
  if (!read_into(entries.data(), loca_at_ + entry * glyph, 2 * entry)) return false;
  start = long_offsets_ ? be32(entries.data()) : 2 * std::size_t{be16(entries.data())};
  end = long_offsets_ ? be32(entries.data() + 4) : 2 * std::size_t{be16(entries.data() + 2)};
  return start < end && end <= glyf_size_;
}

std::size_t TrueTypeBytes::glyph_offset(unsigned glyph) const {
  const char* loca = bytes_ + loca_at_;
  return long_offsets_ ? be32(loca + 4 * glyph) : 2 * std::size_t{be16(loca + 2 * glyph)};
}

void TrueTypeBytes::move_glyphs_after(unsigned glyph, std::size_t by) {
  char* loca = bytes_ + loca_at_;
  for (unsigned g = glyph + 1; g <= glyphs_; ++g) {
    const std::size_t offset = glyph_offset(g) + by;
    if (long_offsets_) {
      const auto value = static_cast<std::uint32_t>(offset);
      put16(loca + 4 * g, value >> 16);
      put16(loca + 4 * g + 2, value & 0xFFFFU);
    } else {
      put16(loca + 2 * g, static_cast<unsigned>(offset / 2));
    }
  }
}

void TrueTypeBytes::load(unsigned glyph) {
  if (glyph >= glyphs_ || loaded_[glyph]) return;
  loaded_[glyph] = true;
  std::size_t start = 0, end = 0;
  if (!file_glyph(glyph, start, end)) return;  // an empty glyph (the space), or a broken loca
  const std::size_t size = end - start;
  if (size > glyf_size_ - used_) return;
  // In glyph order, packed: the glyphs after this one move along by its size.
  char* glyf = bytes_ + glyf_at_;
  const std::size_t at = glyph_offset(glyph);
  std::memmove(glyf + at + size, glyf + at, used_ - at);
  if (!read_into(glyf + at, glyf_at_ + start, size)) {
    std::memmove(glyf + at, glyf + at + size, used_ - at);
    return;
  }
  used_ += size;
  move_glyphs_after(glyph, size);
  const char* data = glyf + at;
  if (size < 10 || static_cast<std::int16_t>(be16(data)) >= 0) return;  // a simple glyph
  // A composite: each component's flags and glyph, then its arguments and transform. The
  // components are loaded after the list is read (loading moves the bytes).
  std::vector<unsigned> components;
  for (std::size_t offset = 10; offset + 4 <= size;) {
    const unsigned flags = be16(data + offset);
    components.push_back(be16(data + offset + 2));
    offset += 4 + ((flags & kArgsAreWords) != 0 ? 4 : 2);
    if ((flags & kHaveScale) != 0) offset += 2;
    if ((flags & kHaveXYScale) != 0) offset += 4;
    if ((flags & kHaveTwoByTwo) != 0) offset += 8;
    if ((flags & kMoreComponents) == 0) break;
  }
  for (const unsigned component : components) load(component);
}

}  // namespace madoguchi::fonts
