// office.json in the studio (studio/town_settings.cpp): the dialog's values checked as the kiosk
// checks them — a town name too long for the header, an addressee that does not fit a form's
// box — and, once they pass, written with only the changed lines, the town's note kept, and read
// back by the kiosk's own loader.
#include <gtest/gtest.h>

#include <cstdio>

#include "madoguchi/kiosk/office_settings.hpp"
#include "pdf_tools.hpp"
#include "studio_state.hpp"
#include "support/test_folder.hpp"

namespace madoguchi::studio {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

TEST(TownSettings, CheckedAsTheKioskChecksThemAndSavedLineByLine) {
  const auto folder = tests::make_test_folder("town-settings");
  const auto file = folder / "office.json";
  tests::write_file(file,
                    "{\n  \"note\": \"窓口: 市民課 内線 123\",\n  \"town_name\": \"まどぐち市\",\n"
                    "  \"addressee\": \"まどぐち市長\"\n}\n");
  // A town whose 住民票 form has a narrower addressee box than the shipped one.
  fs::copy(kSource / "forms/catalog", folder / "catalog");
  auto form = tests::read_file(folder / "catalog/juminhyo.json");
  const std::string wide = R"("format": "（あて先）{}", "x": 12, "y": 28, "w": 90)";
  ASSERT_NE(form.find(wide), std::string::npos);
  form.replace(form.find(wide), wide.size(),
               R"("format": "（あて先）{}", "x": 12, "y": 28, "w": 50)");
  tests::write_file(folder / "catalog/juminhyo.json", form);
  StudioState state;
  state.catalog = folder / "catalog";
  read_town_settings(state, file);
  EXPECT_EQ(std::string(state.town.town_name.data()), "まどぐち市");
  EXPECT_EQ(state.town.quiet, 90);  // the kiosk's default, the file not saying
  EXPECT_TRUE(state.town.problem.empty()) << state.town.problem;

  // 13 characters: the header would not show it whole.
  std::snprintf(state.town.town_name.data(), state.town.town_name.size(), "%s",
                "北海道虻田郡ニセコ町役場前");
  check_town_settings(state);
  EXPECT_NE(state.town.problem.find("town_name"), std::string::npos) << state.town.problem;
  EXPECT_FALSE(save_town_settings(state));
  EXPECT_EQ(tests::read_file(file).find("ニセコ"), std::string::npos);

  // An addressee within the length the file allows, too wide for that box.
  std::snprintf(state.town.town_name.data(), state.town.town_name.size(), "%s", "ニセコ町");
  std::snprintf(state.town.addressee.data(), state.town.addressee.size(), "%s",
                "ＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷＷ");
  check_town_settings(state);
  EXPECT_NE(state.town.problem.find("addressee"), std::string::npos) << state.town.problem;

  // A good one: saved, the note kept, and the kiosk reads what was set.
  std::snprintf(state.town.addressee.data(), state.town.addressee.size(), "%s", "ニセコ町長");
  state.town.countdown = 45;
  check_town_settings(state);
  EXPECT_TRUE(state.town.problem.empty()) << state.town.problem;
  ASSERT_TRUE(save_town_settings(state)) << state.town.problem;
  const auto saved = tests::read_file(file);
  EXPECT_NE(saved.find("\"note\": \"窓口: 市民課 内線 123\""), std::string::npos) << saved;
  const auto read = kiosk::load_office_settings(file);
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  EXPECT_EQ(read->office.town_name, "ニセコ町");
  EXPECT_EQ(read->office.addressee, "ニセコ町長");
  EXPECT_EQ(read->idle.countdown.count(), 45);
  EXPECT_EQ(state.office.addressee, "ニセコ町長");  // the pages show it
  tests::remove_test_folder(folder);
}

}  // namespace
}  // namespace madoguchi::studio
