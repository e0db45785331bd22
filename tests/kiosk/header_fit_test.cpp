// office.json's town_name limit (kTownNameLongest) is what fits the header: the title
// "{town}　かかない窓口", in every language file at the normal text size, measured with the real
// font as the header draws it, shows whole on one line. (At 文字を大きく, body text × 1.25, the
// English title of a name this long is cut with "…": no limit that lets
// 「北海道虻田郡ニセコ町」 in could avoid that.)
#include <gtest/gtest.h>
#include <imgui.h>

#include <iostream>
#include <string>

#include "madoguchi/kiosk/office_settings.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "screens/glyph_atlas.hpp"
#include "screens/screens.hpp"
#include "screens/widgets.hpp"

namespace madoguchi::kiosk::ui {
namespace {

const ImVec2 kScreen(1920.0F, 1080.0F);

std::string town_of(std::size_t characters, const std::string& character) {
  std::string town;
  for (std::size_t i = 0; i < characters; ++i) town += character;
  return town;
}

// The widest title a town name of `characters` characters makes, in any language and view,
// against the room the header gives it.
float widest_title(const std::string& town) {
  auto translations =
      Translations::load(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "assets/lang");
  EXPECT_TRUE(translations.has_value()) << translations.error();
  ImGuiContext* context = ImGui::CreateContext();
  ImGui::GetIO().DisplaySize = kScreen;
  GlyphAtlas atlas(MADOGUCHI_FONT);
  for (std::size_t language = 0; language < translations->languages().size(); ++language) {
    atlas.note(translations->text(language, "{town}　かかない窓口", {{"town", town}}),
               TextSize::Body);
  }
  EXPECT_TRUE(atlas.rebuild());
  Ui ui(atlas, kScreen);
  float widest = 0.0F;
  for (std::size_t language = 0; language < translations->languages().size(); ++language) {
    ui.use_view(false, false);
    ui.use_language(*translations, language);
    const std::string title = ui.tr("{town}　かかない窓口", {{"town", town}});
    // The header draws a title too wide for heading size at body size, and cuts one wider.
    const float width = ui.measure(title, TextSize::Body).x;
    std::cout << "  " << title << ": " << width << " px\n";
    widest = std::max(widest, width);
  }
  ImGui::DestroyContext(context);
  return widest;
}

TEST(HeaderFit, TheLongestTownNameAllowedShowsWholeInEveryLanguage) {
  const float room = header_title_room(kScreen.x);
  // Full-width characters are the widest a Japanese town name has.
  EXPECT_LE(widest_title(town_of(kTownNameLongest, "町")), room);
  // And the limit is not needlessly short: a few more characters would be cut.
  EXPECT_GT(widest_title(town_of(kTownNameLongest + 4, "町")), room);
}

TEST(HeaderFit, ARealTownNameWithItsPrefectureAndCountyFits) {
  EXPECT_LE(widest_title("北海道虻田郡ニセコ町"), header_title_room(kScreen.x));
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
