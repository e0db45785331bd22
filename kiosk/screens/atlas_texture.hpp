// The glyph atlas as the renderer's texture. Dear ImGui's SDL renderer backend asks the atlas
// for 32-bit pixels, a copy four times the size of the 8-bit coverage the font builder makes,
// and holds it beside the texture it fills from it (2 × 10 MB at every rebuild). This fills the
// texture from the coverage itself, a band of rows at a time, so that only the coverage and
// one band are held beside it (docs/benchmarks.md, "Memory of a visit").
#pragma once

struct ImFontAtlas;
struct SDL_Renderer;
struct SDL_Texture;

namespace madoguchi::kiosk::ui {

class AtlasTexture {
 public:
  explicit AtlasTexture(SDL_Renderer* renderer) : renderer_(renderer) {}
  AtlasTexture(const AtlasTexture&) = delete;
  AtlasTexture& operator=(const AtlasTexture&) = delete;
  ~AtlasTexture() { drop(); }

  // Makes the texture from the atlas's pixels (its 8-bit coverage, or its 32-bit pixels when
  // it has only those) and gives the atlas its id. False, with the atlas's id left null, when
  // the atlas has no pixels or the renderer refuses the texture.
  bool upload(ImFontAtlas& fonts);
  // Copies `rows` rows of the coverage from `first_row` on into the texture (glyphs added or
  // wiped there). False when the renderer refuses them: the texture is then made again.
  bool update(const ImFontAtlas& fonts, int first_row, int rows);
  // The texture goes (before a rebuild: the old texture and the new pixels are never held at
  // once), and the atlas's id with it.
  void drop();
  bool ready() const { return texture_ != nullptr; }

 private:
  SDL_Renderer* renderer_;
  SDL_Texture* texture_ = nullptr;
  ImFontAtlas* fonts_ = nullptr;
  int width_ = 0, height_ = 0;
};

}  // namespace madoguchi::kiosk::ui
