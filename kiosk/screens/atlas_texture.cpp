#include "atlas_texture.hpp"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace madoguchi::kiosk::ui {

namespace {

// Rows converted at a time: 64 rows of the 1024-wide atlas are 256 KiB of 32-bit pixels.
constexpr int kBandRows = 64;

}  // namespace

bool AtlasTexture::upload(ImFontAtlas& fonts) {
  drop();
  const int width = fonts.TexWidth;
  const int height = fonts.TexHeight;
  if (width <= 0 || height <= 0 ||
      (fonts.TexPixelsAlpha8 == nullptr && fonts.TexPixelsRGBA32 == nullptr)) {
    return false;
  }
  texture_ =
      SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, width, height);
  if (texture_ == nullptr) return false;
  SDL_SetTextureBlendMode(texture_, SDL_BLENDMODE_BLEND);
  width_ = width;
  height_ = height;
  const bool filled =
      fonts.TexPixelsAlpha8 == nullptr
          ? SDL_UpdateTexture(texture_, nullptr, fonts.TexPixelsRGBA32, 4 * width) == 0
          : update(fonts, 0, height);
  if (!filled) {
    drop();
    return false;
  }
  fonts_ = &fonts;
  fonts.SetTexID(static_cast<ImTextureID>(texture_));
  return true;
}

bool AtlasTexture::update(const ImFontAtlas& fonts, int first_row, int rows) {
  if (texture_ == nullptr || fonts.TexPixelsAlpha8 == nullptr || fonts.TexWidth != width_ ||
      fonts.TexHeight != height_ || first_row < 0 || rows < 0 || first_row + rows > height_) {
    return false;
  }
  // White with the coverage as alpha, as Dear ImGui's own GetTexDataAsRGBA32 makes it
  // (SDL_PIXELFORMAT_RGBA32 is R, G, B, A in memory).
  const auto row = static_cast<std::size_t>(width_);
  std::vector<std::uint8_t> band(row * static_cast<std::size_t>(std::min(kBandRows, rows)) * 4);
  for (int top = first_row; top < first_row + rows; top += kBandRows) {
    const int count = std::min(kBandRows, first_row + rows - top);
    const unsigned char* coverage = fonts.TexPixelsAlpha8 + static_cast<std::size_t>(top) * row;
    for (std::size_t i = 0; i < row * static_cast<std::size_t>(count); ++i) {
      band[4 * i] = band[4 * i + 1] = band[4 * i + 2] = 0xFF;
      band[4 * i + 3] = coverage[i];
    }
    const SDL_Rect rect{0, top, width_, count};
    if (SDL_UpdateTexture(texture_, &rect, band.data(), 4 * width_) != 0) return false;
  }
  return true;
}

void AtlasTexture::drop() {
  if (fonts_ != nullptr) fonts_->SetTexID(nullptr);
  fonts_ = nullptr;
  if (texture_ != nullptr) SDL_DestroyTexture(texture_);
  texture_ = nullptr;
}

}  // namespace madoguchi::kiosk::ui
