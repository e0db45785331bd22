// The studio's page (studio/page_preview.hpp): the kiosk's own form code and PDF renderer,
// rasterised by poppler. What staff see is what prints: the resident's name is dark pixels inside
// the card.name box, and moving the box in the layout moves the name on the page.
#include "page_preview.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sample_resident.hpp"

namespace madoguchi::studio {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

// Dark pixels (any channel below 128) inside a rectangle given in millimetres.
int dark_pixels(const PageImage& image, double x_mm, double y_mm, double w_mm, double h_mm) {
  const double k = image.pixels_per_mm;
  int dark = 0;
  for (int y = static_cast<int>(y_mm * k) + 2; y < static_cast<int>((y_mm + h_mm) * k) - 2; ++y) {
    for (int x = static_cast<int>(x_mm * k) + 2; x < static_cast<int>((x_mm + w_mm) * k) - 2; ++x) {
      if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
      const auto* p = &image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4];
      if (p[0] < 128 && p[1] < 128 && p[2] < 128) ++dark;
    }
  }
  return dark;
}

// The mean row of the dark pixels inside a rectangle, in millimetres from the top.
double ink_centre_y_mm(const PageImage& image, double x_mm, double y_mm, double w_mm, double h_mm) {
  const double k = image.pixels_per_mm;
  double sum = 0;
  int dark = 0;
  for (int y = static_cast<int>(y_mm * k); y < static_cast<int>((y_mm + h_mm) * k); ++y) {
    for (int x = static_cast<int>(x_mm * k); x < static_cast<int>((x_mm + w_mm) * k); ++x) {
      const auto* p = &image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4];
      if (p[0] < 128 && p[1] < 128 && p[2] < 128) {
        sum += y;
        ++dark;
      }
    }
  }
  return dark == 0 ? -1 : sum / dark / k;
}

const PageBox* box_named(const PagePreview& preview, const std::string& id) {
  for (const auto& box : preview.boxes) {
    if (box.id == id) return &box;
  }
  return nullptr;
}

class PagePreviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
    ASSERT_TRUE(created.has_value()) << created.error().message;
    renderer_.emplace(std::move(*created));
  }

  std::expected<PagePreview, std::string> preview(const forms::Procedure& procedure,
                                                  const std::string& persona) {
    auto resident = read_sample_resident(kSource / "tests/personas" / persona);
    EXPECT_TRUE(resident.has_value()) << resident.error();
    PreviewRequest request;
    request.procedure = &procedure;
    request.resident = std::move(*resident);
    return preview_page(*renderer_, request);
  }

  std::optional<printer::PdfRenderer> renderer_;
};

TEST_F(PagePreviewTest, TheNameIsInsideItsBoxAndMovesWithIt) {
  const auto procedure = forms::load_procedure(kSource / "forms/catalog/juminhyo.json");
  ASSERT_TRUE(procedure.has_value()) << procedure.error().to_string();
  const auto page = preview(*procedure, "yamada-taro.json");
  ASSERT_TRUE(page.has_value()) << page.error();
  EXPECT_EQ(page->image.width, static_cast<int>(210 * 4));
  EXPECT_EQ(page->image.height, static_cast<int>(297 * 4));
  const PageBox* name = box_named(*page, "card.name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->bound);
  EXPECT_GT(dark_pixels(page->image, name->x_mm, name->y_mm, name->w_mm, name->h_mm), 200);

  // The same layout with the name's box 5 mm lower: the name's ink moves 5 mm down.
  std::ifstream in(kSource / "forms/catalog/juminhyo.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  const auto at = json.find(R"("bind": "card.name")");
  ASSERT_NE(at, std::string::npos);
  const auto y_at = json.find("\"y\": ", at);
  const auto y_end = json.find_first_of(",}", y_at);
  const double y = std::stod(json.substr(y_at + 5, y_end - y_at - 5));
  json.replace(y_at + 5, y_end - y_at - 5, std::to_string(y + 5));
  const auto moved_procedure = forms::parse_procedure(json, "juminhyo.json");
  ASSERT_TRUE(moved_procedure.has_value()) << moved_procedure.error().to_string();
  const auto moved = preview(*moved_procedure, "yamada-taro.json");
  ASSERT_TRUE(moved.has_value()) << moved.error();
  const PageBox* moved_name = box_named(*moved, "card.name");
  ASSERT_NE(moved_name, nullptr);
  EXPECT_NEAR(moved_name->y_mm, name->y_mm + 5, 0.01);
  // Where the ink is, over the band both boxes cover (the rules around are left out).
  const auto ink_row = [&](const PageImage& image) {
    return ink_centre_y_mm(image, name->x_mm + 1, name->y_mm + 1, name->w_mm - 2,
                           name->h_mm + 5 - 2);
  };
  EXPECT_NEAR(ink_row(moved->image) - ink_row(page->image), 5.0, 0.5);
}

// Each box knows where it is in the file: what an edit in the studio will change.
TEST_F(PagePreviewTest, EveryBoxPointsAtItsItemInTheFile) {
  const auto file = kSource / "forms/catalog/juminhyo.json";
  const auto procedure = forms::load_procedure(file);
  ASSERT_TRUE(procedure.has_value());
  const auto page = preview(*procedure, "yamada-taro.json");
  ASSERT_TRUE(page.has_value()) << page.error();
  std::ifstream in(file);
  const auto json = nlohmann::json::parse(in);
  ASSERT_FALSE(page->boxes.empty());
  for (const auto& box : page->boxes) {
    SCOPED_TRACE(box.id + " at " + box.pointer);
    const auto& item = json.at(nlohmann::json::json_pointer(box.pointer));
    if (box.bound) {
      EXPECT_TRUE(item.contains("bind"));
      if (box.id == "card.name") {
        EXPECT_EQ(item.at("bind"), "card.name");
      }
    }
    if (item.contains("x")) {
      EXPECT_DOUBLE_EQ(item.at("x").get<double>(), box.x_mm);
    }
  }
}

TEST_F(PagePreviewTest, OutlinesAreDrawnAroundEveryBox) {
  const auto procedure = forms::load_procedure(kSource / "forms/catalog/juminhyo.json");
  ASSERT_TRUE(procedure.has_value());
  auto page = preview(*procedure, "yamada-taro.json");
  ASSERT_TRUE(page.has_value()) << page.error();
  const PageBox* name = box_named(*page, "card.name");
  ASSERT_NE(name, nullptr);
  draw_outlines(*page);
  const auto& image = page->image;
  const int x = static_cast<int>(std::lround((name->x_mm + name->w_mm / 2) * 4));
  const int y = static_cast<int>(std::lround(name->y_mm * 4));
  const auto* p = &image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4];
  EXPECT_EQ(p[0], 0x1E);
  EXPECT_EQ(p[2], 0xD6);  // the bound field's blue
}

// Staff open any procedure of the catalogue and see each of its pages filled: the sample
// answers cover the questions without a default (a reason, a date, a phone number).
TEST_F(PagePreviewTest, EveryPageOfEveryProcedureShowsFilledForASample) {
  const auto catalog = forms::load_catalog(kSource / "forms/catalog");
  ASSERT_TRUE(catalog.errors.empty());
  ASSERT_GE(catalog.procedures.size(), 13u);
  for (const auto& procedure : catalog.procedures) {
    for (std::size_t p = 0; p < procedure.layout.pages.size(); ++p) {
      SCOPED_TRACE(procedure.id + " page " + std::to_string(p + 1));
      auto resident = read_sample_resident(kSource / "tests/personas/takahashi-hanako.json");
      ASSERT_TRUE(resident.has_value());
      PreviewRequest request;
      request.procedure = &procedure;
      request.resident = std::move(*resident);
      request.page = static_cast<int>(p);
      const auto page = preview_page(*renderer_, request);
      ASSERT_TRUE(page.has_value()) << page.error();
      EXPECT_EQ(page->pages, static_cast<int>(procedure.layout.pages.size()));
      EXPECT_FALSE(page->boxes.empty());
    }
  }
}

// A sample whose address does not fit even at the smallest size: the page is still drawn, the
// address box is marked, and the warning says which box and why.
TEST_F(PagePreviewTest, ATextThatDoesNotFitIsMarkedAndThePageStillShows) {
  const auto procedure = forms::load_procedure(kSource / "forms/catalog/juminhyo.json");
  ASSERT_TRUE(procedure.has_value());
  auto page = preview(*procedure, "longest-name-address.json");
  ASSERT_TRUE(page.has_value()) << page.error();
  const PageBox* address = box_named(*page, "card.address");
  ASSERT_NE(address, nullptr);
  EXPECT_TRUE(address->does_not_fit);
  EXPECT_FALSE(box_named(*page, "office.addressee")->does_not_fit);
  const bool named = std::any_of(page->warnings.begin(), page->warnings.end(), [](const auto& w) {
    return w.find("\"card.address\"") != std::string::npos &&
           w.find("does not fit even at") != std::string::npos;
  });
  EXPECT_TRUE(named) << testing::PrintToString(page->warnings);
  // The rest of the page is there: the heading's ink.
  EXPECT_GT(dark_pixels(page->image, 10, 12, 190, 12), 500);
  draw_outlines(*page);
  const int x = static_cast<int>(std::lround((address->x_mm + address->w_mm / 2) * 4));
  const int y = static_cast<int>(std::lround(address->y_mm * 4));
  EXPECT_EQ(page->image.rgba[(static_cast<std::size_t>(y) * page->image.width + x) * 4], 0xD0);
}

// A long address is set smaller than its box asks, and the page says so (the studio warns the
// moment a text must shrink); a short one is set at its size.
TEST_F(PagePreviewTest, ATextSetSmallerThanItsBoxAsksIsNoted) {
  const auto procedure = forms::load_procedure(kSource / "forms/catalog/juminhyo.json");
  ASSERT_TRUE(procedure.has_value());
  const auto long_one = preview(*procedure, "long-address.json");
  ASSERT_TRUE(long_one.has_value()) << long_one.error();
  const PageBox* address = box_named(*long_one, "card.address");
  ASSERT_NE(address, nullptr);
  EXPECT_FALSE(address->does_not_fit);
  EXPECT_GT(address->shrunk_to_pt, 0.0);
  EXPECT_LT(address->shrunk_to_pt, address->size_pt);
  EXPECT_GT(address->size_pt, 0.0);

  const auto short_one = preview(*procedure, "yamada-taro.json");
  ASSERT_TRUE(short_one.has_value()) << short_one.error();
  EXPECT_EQ(box_named(*short_one, "card.address")->shrunk_to_pt, 0.0);
  EXPECT_EQ(box_named(*short_one, "card.name")->shrunk_to_pt, 0.0);
}

TEST_F(PagePreviewTest, APageTheFormDoesNotHaveIsNamed) {
  const auto procedure = forms::load_procedure(kSource / "forms/catalog/juminhyo.json");
  ASSERT_TRUE(procedure.has_value());
  auto resident = read_sample_resident(kSource / "tests/personas/yamada-taro.json");
  ASSERT_TRUE(resident.has_value());
  PreviewRequest request;
  request.procedure = &*procedure;
  request.resident = std::move(*resident);
  request.page = 3;
  const auto page = preview_page(*renderer_, request);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error(), "the form has 1 page(s); there is no page 4");
}

}  // namespace
}  // namespace madoguchi::studio
