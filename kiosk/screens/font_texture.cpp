#include "font_texture.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace madoguchi::kiosk::ui {

bool FontTexture::make() {
  destroy();
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* coverage = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsAlpha8(&coverage, &width, &height);
  if (coverage == nullptr || width <= 0 || height <= 0) return false;
  texture_ =
      SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, width, height);
  if (texture_ == nullptr) return false;
  // 64 rows at a time: 512 KB for a 2048-wide atlas, not the whole RGBA copy.
  constexpr int kRows = 64;
  std::vector<std::uint32_t> band(static_cast<std::size_t>(width) * kRows);
  for (int top = 0; top < height; top += kRows) {
    const int rows = std::min(kRows, height - top);
    const unsigned char* from = coverage + static_cast<std::size_t>(top) * width;
    std::uint8_t* to = reinterpret_cast<std::uint8_t*>(band.data());
    for (std::size_t i = 0; i < static_cast<std::size_t>(width) * rows; ++i) {
      to[4 * i] = 255;  // SDL_PIXELFORMAT_RGBA32: R, G, B, A in memory
      to[4 * i + 1] = 255;
      to[4 * i + 2] = 255;
      to[4 * i + 3] = from[i];
    }
    const SDL_Rect rect{0, top, width, rows};
    if (SDL_UpdateTexture(texture_, &rect, band.data(), 4 * width) != 0) {
      destroy();
      return false;
    }
  }
  SDL_SetTextureBlendMode(texture_, SDL_BLENDMODE_BLEND);
  io.Fonts->SetTexID(static_cast<ImTextureID>(texture_));
  return true;
}

void FontTexture::destroy() {
  if (texture_ == nullptr) return;
  ImGui::GetIO().Fonts->SetTexID(nullptr);
  SDL_DestroyTexture(texture_);
  texture_ = nullptr;
}

}  // namespace madoguchi::kiosk::ui
