// The baked atlas kept between starts. Baking it (FreeType rasterising some 1,700 glyphs at
// three sizes from five faces) is most of a start's time; reading it back is a few
// milliseconds. The file holds only the base atlas: the screens' and the catalogue's
// characters, never a resident's.
//
// The file:
//   "MDGATLS1"        8 bytes
//   key               u64: what decides the pixels besides the characters (cache_key)
//   payload size      u64
//   payload hash      u64 (word_hash.hpp): a file cut short or damaged is refused
//   payload           the characters at each size, the slots beyond the BMP, the shaped
//                     glyphs' signature; the coverage's height and shelves (glyph_sheet.hpp);
//                     each font's metrics, its glyphs as Dear ImGui holds them and their
//                     places in the coverage; the 8-bit coverage.
// Native byte order and layout: the key holds the build of the program, and another build
// never reads a file this one wrote.
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <type_traits>

#include "glyph_atlas.hpp"
#include "mapped_file.hpp"
#include "word_hash.hpp"

namespace madoguchi::kiosk::ui {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'M', 'D', 'G', 'A', 'T', 'L', 'S', '2'};
constexpr std::size_t kHeaderBytes = 32;

// The GNU build ID of the loaded object that holds `address`; 0 when it has none.
std::uint64_t build_id_of(const void* address) {
  struct Search {
    std::uintptr_t address;
    std::uint64_t id = 0;
  } search{reinterpret_cast<std::uintptr_t>(address)};
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) -> int {
        auto& s = *static_cast<Search*>(data);
        bool inside = false;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          const std::uintptr_t start = info->dlpi_addr + segment.p_vaddr;
          if (segment.p_type == PT_LOAD && s.address >= start &&
              s.address < start + segment.p_memsz) {
            inside = true;
          }
        }
        if (!inside) return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          if (segment.p_type != PT_NOTE) continue;
          const auto* at =
              reinterpret_cast<const unsigned char*>(info->dlpi_addr + segment.p_vaddr);
          const unsigned char* end = at + segment.p_memsz;
          while (at + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) note{};
            std::memcpy(&note, at, sizeof note);
            const unsigned char* name = at + sizeof note;
            const unsigned char* desc = name + ((note.n_namesz + 3U) & ~3U);
            if (desc + note.n_descsz > end) break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0) {
              s.id = mix_bytes(1, desc, note.n_descsz);
              return 1;
            }
            at = desc + ((note.n_descsz + 3U) & ~3U);
          }
        }
        return 1;
      },
      &search);
  return search.id;
}

// A font file as the file system knows it: a package update changes size, time or inode.
std::uint64_t mix_file(std::uint64_t hash, const fs::path& file) {
  hash = mix_bytes(hash, file.c_str(), file.native().size());
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return mix(hash, 0xDEADu);
  hash = mix(hash, static_cast<std::uint64_t>(st.st_size));
  hash = mix(hash, static_cast<std::uint64_t>(st.st_ino));
  hash = mix(hash, static_cast<std::uint64_t>(st.st_dev));
  hash = mix(hash, static_cast<std::uint64_t>(st.st_mtim.tv_sec));
  return mix(hash, static_cast<std::uint64_t>(st.st_mtim.tv_nsec));
}

template <typename T>
std::uint64_t bits_of(T value) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>);
  std::uint64_t word = 0;
  std::memcpy(&word, &value, sizeof value);
  return word;
}

class CacheWriter {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes(&value, sizeof value);
  }
  void bytes(const void* data, std::size_t size) {
    const auto* from = static_cast<const unsigned char*>(data);
    out_.insert(out_.end(), from, from + size);
  }
  std::vector<unsigned char>& data() { return out_; }

 private:
  std::vector<unsigned char> out_;
};

class CacheReader {
 public:
  CacheReader(const unsigned char* data, std::size_t size) : at_(data), end_(data + size) {}
  template <typename T>
  bool get(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    return bytes(&value, sizeof value);
  }
  bool bytes(void* into, std::size_t size) {
    if (static_cast<std::size_t>(end_ - at_) < size) return false;
    std::memcpy(into, at_, size);
    at_ += size;
    return true;
  }
  bool done() const { return at_ == end_; }

 private:
  const unsigned char* at_;
  const unsigned char* end_;
};

// One font's metrics and glyphs, as Dear ImGui holds them once built, and where each glyph is.
template <typename Metrics, typename Placed>
struct SavedFont {
  Metrics metrics;
  std::vector<ImFontGlyph> glyphs;
  std::vector<Placed> placed;
};

void put_set(CacheWriter& w, const std::set<std::uint32_t>& set) {
  w.put(static_cast<std::uint32_t>(set.size()));
  for (const std::uint32_t cp : set) w.put(cp);
}

bool get_set(CacheReader& r, std::set<std::uint32_t>& set) {
  std::uint32_t count = 0;
  if (!r.get(count) || count > 0x110000) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t cp = 0;
    if (!r.get(cp)) return false;
    set.insert(set.end(), cp);
  }
  return true;
}

// The kept atlas is a few megabytes; a file this large is not one.
constexpr std::size_t kLargestCache = std::size_t{1} << 28;

}  // namespace

std::expected<std::uint64_t, std::string> GlyphAtlas::cache_key() const {
  // The program (this code, the texture's settings), Dear ImGui and FreeType, by build ID.
  const std::uint64_t builds[] = {build_id_of(reinterpret_cast<const void*>(&build_id_of)),
                                  build_id_of(reinterpret_cast<const void*>(&ImGui::GetVersion)),
                                  build_id_of(reinterpret_cast<const void*>(&FT_Init_FreeType))};
  std::uint64_t key = mix(0, IMGUI_VERSION_NUM);
  for (const std::uint64_t id : builds) {
    if (id == 0) return std::unexpected("a library has no build ID to key the atlas by");
    key = mix(key, id);
  }
  for (const float size : sizes_) key = mix(key, bits_of(size));
  for (const fs::path& file :
       {font_file_, fs::path(kFallbackFont), fs::path(kNotoDevanagariFile), line_face_.file}) {
    key = mix_file(key, file);
  }
  key = mix(mix(key, bits_of(line_face_.index)), bits_of(line_face_.leading));
  for (const FontFace& face : faces_) {
    key = mix_file(key, face.file);
    key = mix(mix(key, bits_of(face.index)), bits_of(face.leading));
    key = mix(mix(key, face.script_first), face.script_last);
  }
  return key;
}

std::uint64_t GlyphAtlas::shaping_signature() const {
  if (!shaper_) return 0;
  std::uint64_t hash = 0;
  for (const auto& set : codepoints_) {
    for (auto it = set.lower_bound(kFirstShapedSlot); it != set.end() && *it <= kLastShapedSlot;
         ++it) {
      const PlacedGlyph* placed = shaper_->glyph_at(*it);
      if (placed == nullptr) continue;
      hash = mix(mix(hash, *it), placed->glyph);
      hash = mix(mix(hash, bits_of(placed->x_advance)), bits_of(placed->x_offset));
      hash = mix(hash, bits_of(placed->y_offset));
    }
  }
  return hash;
}

std::expected<void, std::string> GlyphAtlas::save(const fs::path& file) const {
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  if (naive_ || dirty_ || atlas.TexPixelsAlpha8 == nullptr || fonts_[0] == nullptr ||
      atlas.TexWidth != GlyphSheet::kWidth || atlas.TexHeight <= 0) {
    return std::unexpected("no built atlas to keep");
  }
  const auto key = cache_key();
  if (!key) return std::unexpected(key.error());

  CacheWriter w;
  for (const auto& set : codepoints_) put_set(w, set);
  w.put(static_cast<std::uint32_t>(supplementary_.size()));
  for (const auto& [cp, slot] : supplementary_) {
    w.put(cp);
    w.put(slot);
  }
  w.put(shaping_signature());
  w.put(atlas.TexHeight);
  w.put(static_cast<std::uint32_t>(sheet_.shelves().size()));
  for (const GlyphSheet::Shelf& shelf : sheet_.shelves()) w.put(shelf);
  for (int i = 0; i < 3; ++i) {
    const ImFont* font = fonts_[i];
    w.put(font->FontSize);
    w.put(font->Ascent);
    w.put(font->Descent);
    // The glyphs beside their places (Dear ImGui's tab glyph is made again from the space).
    w.put(static_cast<std::uint32_t>(placed_[i].size()));
    // Each glyph under its key (its character, or its slot): the codes are this run's.
    std::vector<ImFontGlyph> glyphs(font->Glyphs.Data, font->Glyphs.Data + placed_[i].size());
    for (ImFontGlyph& glyph : glyphs) glyph.Codepoint = codes_.key(glyph.Codepoint);
    w.bytes(glyphs.data(), sizeof(ImFontGlyph) * glyphs.size());
    w.bytes(placed_[i].data(), sizeof(Placed) * placed_[i].size());
  }
  w.bytes(atlas.TexPixelsAlpha8,
          static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight));

  const std::vector<unsigned char>& payload = w.data();
  CacheWriter header;
  header.bytes(kMagic, sizeof kMagic);
  header.put(*key);
  header.put(static_cast<std::uint64_t>(payload.size()));
  header.put(mix_bytes(0, payload.data(), payload.size()));

  std::error_code error;
  fs::create_directories(file.parent_path(), error);
  // Written aside and renamed: a start that reads it meanwhile, or a power cut, finds the old
  // file or the new one, never half of one (and a half one would fail the payload's hash).
  const fs::path aside = file.string() + ".tmp";
  const int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(aside.string() + ": " + std::strerror(errno));
  bool written = true;
  const std::vector<unsigned char>* parts[] = {&header.data(), &payload};
  for (const auto* part : parts) {
    std::size_t put = 0;
    while (written && put < part->size()) {
      const ssize_t n = ::write(fd, part->data() + put, part->size() - put);
      if (n <= 0) written = false;
      if (n > 0) put += static_cast<std::size_t>(n);
    }
  }
  const int write_error = errno;
  if (::close(fd) != 0) written = false;
  if (!written || ::rename(aside.c_str(), file.c_str()) != 0) {
    const std::string why = std::strerror(written ? errno : write_error);
    ::unlink(aside.c_str());
    return std::unexpected(file.string() + ": " + why);
  }
  return {};
}

std::expected<void, std::string> GlyphAtlas::restore(const fs::path& file) {
  if (naive_) return std::unexpected("the comparison build bakes its own atlas");
  // Mapped: only the coverage is copied (into the atlas's own buffer, which Dear ImGui frees).
  const MappedFile bytes(file, kLargestCache);
  if (bytes.error() == ENOENT) return std::unexpected(std::string());  // a first start
  const std::string where = file.string() + ": ";
  if (bytes.error() != 0) return std::unexpected(where + std::strerror(bytes.error()));
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.bytes(), kMagic, sizeof kMagic) != 0) {
    return std::unexpected(where + "not a glyph atlas (baked anew)");
  }
  CacheReader header(bytes.bytes() + sizeof kMagic, kHeaderBytes - sizeof kMagic);
  std::uint64_t key = 0, size = 0, hash = 0;
  header.get(key);
  header.get(size);
  header.get(hash);
  const auto expected_key = cache_key();
  if (!expected_key) return std::unexpected(where + expected_key.error());
  if (key != *expected_key) {
    return std::unexpected(where + "baked by another build or from other fonts (baked anew)");
  }
  const unsigned char* payload = bytes.bytes() + kHeaderBytes;
  if (size != bytes.size() - kHeaderBytes) {
    return std::unexpected(where + "cut short (baked anew)");
  }
  if (mix_bytes(0, payload, size) != hash) {
    return std::unexpected(where + "damaged: its content does not match its hash (baked anew)");
  }

  CacheReader r(payload, size);
  Restored restored;
  bool ok = true;
  for (auto& set : restored.codepoints) ok = ok && get_set(r, set);
  std::uint32_t supplementary = 0;
  ok = ok && r.get(supplementary) && supplementary <= 0x900;
  for (std::uint32_t i = 0; ok && i < supplementary; ++i) {
    std::uint32_t cp = 0;
    ImWchar slot = 0;
    ok = r.get(cp) && r.get(slot);
    restored.supplementary.emplace(cp, slot);
  }
  ok = ok && r.get(restored.shaping);
  int height = 0;
  std::uint32_t shelf_count = 0;
  ok = ok && r.get(height) && height > 0 && height <= 16384 && GlyphSheet::exact_rows(height) &&
       r.get(shelf_count) && shelf_count <= 16384;
  std::vector<GlyphSheet::Shelf> shelves(ok ? shelf_count : 0);
  for (GlyphSheet::Shelf& shelf : shelves) ok = ok && r.get(shelf);
  std::optional<GlyphSheet> sheet = GlyphSheet::from_shelves(std::move(shelves));
  ok = ok && sheet && sheet->used_rows() <= height;
  SavedFont<FontMetrics, Placed> fonts[3];
  for (auto& font : fonts) {
    std::uint32_t glyphs = 0;
    ok = ok && r.get(font.metrics.size) && r.get(font.metrics.ascent) &&
         r.get(font.metrics.descent) && r.get(glyphs) && glyphs <= 0x20000;
    if (!ok) break;
    font.glyphs.resize(glyphs);
    font.placed.resize(glyphs);
    ok = r.bytes(font.glyphs.data(), sizeof(ImFontGlyph) * glyphs) &&
         r.bytes(font.placed.data(), sizeof(Placed) * glyphs);
    for (const Placed& p : font.placed) {
      ok = ok && p.x >= 0 && p.y >= 0 && p.width >= 0 && p.height >= 0 &&
           p.x + p.width <= GlyphSheet::kWidth && p.y + p.height <= height;
    }
  }
  const std::size_t pixels = std::size_t{GlyphSheet::kWidth} * static_cast<std::size_t>(height);
  auto* coverage = ok ? static_cast<unsigned char*>(IM_ALLOC(pixels)) : nullptr;
  ok = ok && r.bytes(coverage, pixels) && r.done();
  if (!ok) {
    if (coverage != nullptr) IM_FREE(coverage);
    return std::unexpected(where + "its content does not read as an atlas (baked anew)");
  }

  // As rebuild() leaves it: the fonts built, no font configurations.
  FontMetrics metrics[3];
  for (int i = 0; i < 3; ++i) metrics[i] = fonts[i].metrics;
  start_fonts(metrics);
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.TexHeight = height;
  atlas.TexPixelsAlpha8 = coverage;
  for (int i = 0; i < 3; ++i) {
    auto& saved = fonts[i];
    ImFont* font = fonts_[i];
    font->Glyphs.resize(static_cast<int>(saved.glyphs.size()));
    std::memcpy(font->Glyphs.Data, saved.glyphs.data(), sizeof(ImFontGlyph) * saved.glyphs.size());
    for (ImFontGlyph& glyph : font->Glyphs) glyph.Codepoint = codes_.give(glyph.Codepoint);
    placed_[i] = std::move(saved.placed);
    in_atlas_[i] = restored.codepoints[i];
  }
  sheet_ = std::move(*sheet);
  set_texture_coordinates();  // and the fonts' lookup tables
  baked_faces_ = faces_;
  whole_ = false;
  change_ = {true, 0, 0};
  base_atlas_.reset();
  restored_ = std::move(restored);
  from_cache_ = true;
  dirty_ = false;
  return {};
}

bool GlyphAtlas::confirm_restored() {
  if (!restored_) return false;
  const bool same = supplementary_ == restored_->supplementary &&
                    std::equal(std::begin(codepoints_), std::end(codepoints_),
                               std::begin(restored_->codepoints)) &&
                    shaping_signature() == restored_->shaping;
  restored_.reset();
  dirty_ = !same;
  whole_ = !same;
  from_cache_ = same;
  if (same) ++read_backs_;
  return same;
}

}  // namespace madoguchi::kiosk::ui
