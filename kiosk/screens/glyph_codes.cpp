#include "glyph_codes.hpp"

#include <sys/mman.h>

#include "madoguchi/text/utf8.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk::ui {

namespace {

constexpr std::size_t kKeys = 0x10000;
constexpr std::size_t kTableBytes = kKeys * sizeof(ImWchar);

}  // namespace

GlyphCodes::GlyphCodes(bool compact) : compact_(compact) {
  if (!compact_) return;
  void* table = ::mmap(nullptr, kTableBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (table == MAP_FAILED) {
    compact_ = false;  // the characters' own code points, as the staff's programs use
    return;
  }
  by_key_ = static_cast<ImWchar*>(table);
}

GlyphCodes::~GlyphCodes() {
  if (by_key_ != nullptr) ::munmap(by_key_, kTableBytes);
}

ImWchar GlyphCodes::give(std::uint32_t key) {
  if (!compact_ || key < 0x80) return key < kKeys ? static_cast<ImWchar>(key) : kNone;
  if (key >= kKeys) return kNone;
  if (by_key_[key] != 0) return by_key_[key];
  // Below U+FFFD, which Dear ImGui decodes a broken UTF-8 sequence as.
  if (kFirstCode + keys_.size() >= 0xFFFD) return kNone;
  const auto code = static_cast<ImWchar>(kFirstCode + keys_.size());
  keys_.push_back(static_cast<std::uint16_t>(key));
  by_key_[key] = code;
  return code;
}

ImWchar GlyphCodes::code(std::uint32_t key) const {
  if (!compact_ || key < 0x80) return key < kKeys ? static_cast<ImWchar>(key) : kNone;
  if (key >= kKeys || by_key_[key] == 0) return kNone;
  return by_key_[key];
}

std::uint32_t GlyphCodes::key(ImWchar code) const {
  if (!compact_ || code < 0x80) return code;
  if (code < kFirstCode || code - kFirstCode >= keys_.size()) return 0;
  return keys_[code - kFirstCode];
}

std::string GlyphCodes::encode(std::string_view text) const {
  if (!compact_) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (const std::uint32_t cp : text::decode_utf8(text)) text::append_utf8(out, code(cp));
  return out;
}

void GlyphCodes::keep_first(std::size_t count) {
  if (count >= keys_.size()) return;
  for (std::size_t i = count; i < keys_.size(); ++i) by_key_[keys_[i]] = 0;
  // Wiped, not only forgotten (a plain store before pop_back is one the compiler may drop): in
  // the order they were met, a visit's characters spell its name.
  wiping::wipe_bytes(keys_.data() + count, (keys_.size() - count) * sizeof(std::uint16_t));
  keys_.resize(count);
}

}  // namespace madoguchi::kiosk::ui
