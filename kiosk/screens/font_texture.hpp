// The glyph atlas's texture, made from its one-byte coverage (Alpha8) a band of rows at a time.
// Dear ImGui's SDL renderer backend makes it from an RGBA32 copy of the whole atlas: 4 bytes a
// pixel (10 MB for a 2048 × 1250 atlas) held beside the texture's own 10 MB at every rebuild,
// the kiosk's largest peak of memory. The texture is the same, white with the coverage as alpha.
#pragma once

#include <SDL.h>

namespace madoguchi::kiosk::ui {

class FontTexture {
 public:
  explicit FontTexture(SDL_Renderer* renderer) : renderer_(renderer) {}
  ~FontTexture() { destroy(); }
  FontTexture(const FontTexture&) = delete;
  FontTexture& operator=(const FontTexture&) = delete;

  // Makes the texture from ImGui's font atlas (built) and gives ImGui its id; false when SDL
  // cannot (a message on SDL_GetError).
  bool make();
  // Before the atlas is rebuilt: the old texture goes first, so the two are never held at once.
  void destroy();
  bool made() const { return texture_ != nullptr; }

 private:
  SDL_Renderer* renderer_;
  SDL_Texture* texture_ = nullptr;
};

}  // namespace madoguchi::kiosk::ui
