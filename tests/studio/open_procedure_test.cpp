// The procedure open in the studio (studio/open_procedure.hpp): edits, undo and redo as whole
// texts (undo gives the file back byte for byte), an edit the kiosk could not read refused, the
// check's findings kept with the text; what saving shows (studio/line_diff.hpp); and the sample
// residents shipped with the studio (assets/samples), each of which fills every procedure.
#include "open_procedure.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "catalog_edit.hpp"
#include "golden_record.hpp"
#include "layout_edit.hpp"
#include "line_diff.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "page_preview.hpp"
#include "pdf_tools.hpp"
#include "sample_answers.hpp"
#include "sample_resident.hpp"
#include "studio_state.hpp"
#include "support/test_folder.hpp"

namespace madoguchi::studio {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

class OpenProcedureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = tests::make_test_folder("open-procedure");
    fs::copy_file(kSource / "forms/catalog/juminhyo.json", folder_ / "juminhyo.json");
  }
  void TearDown() override { tests::remove_test_folder(folder_); }
  fs::path folder_;
};

const PageBox* name_box(const OpenProcedure& open, printer::PdfRenderer& renderer) {
  static PagePreview preview;
  PreviewRequest request;
  request.procedure = &open.procedure();
  auto made = preview_page(renderer, request);
  if (!made) return nullptr;
  preview = std::move(*made);
  for (const auto& box : preview.boxes) {
    if (box.id == "card.name") return &box;
  }
  return nullptr;
}

TEST_F(OpenProcedureTest, UndoAndRedoWalkTheEditsAndUndoGivesTheFileBack) {
  auto open = OpenProcedure::open(folder_ / "juminhyo.json");
  ASSERT_TRUE(open.has_value()) << open.error();
  auto renderer = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  ASSERT_TRUE(renderer.has_value());
  const auto* box = name_box(*open, *renderer);
  ASSERT_NE(box, nullptr);
  const std::string pointer = box->pointer;
  const std::string original = open->text();
  EXPECT_FALSE(open->changed());
  EXPECT_FALSE(open->can_undo());

  ASSERT_TRUE(open->edit(*move_item(open->text(), pointer, 0, 0.5)).has_value());
  ASSERT_TRUE(open->edit(*move_item(open->text(), pointer, 0, 0.5)).has_value());
  EXPECT_TRUE(open->changed());
  EXPECT_DOUBLE_EQ(name_box(*open, *renderer)->y_mm, 61.0);
  ASSERT_TRUE(open->undo());
  EXPECT_DOUBLE_EQ(name_box(*open, *renderer)->y_mm, 60.5);
  ASSERT_TRUE(open->redo());
  EXPECT_DOUBLE_EQ(name_box(*open, *renderer)->y_mm, 61.0);
  EXPECT_FALSE(open->can_redo());
  ASSERT_TRUE(open->undo());
  ASSERT_TRUE(open->undo());
  EXPECT_FALSE(open->can_undo());
  EXPECT_EQ(open->text(), original);
  EXPECT_FALSE(open->changed());
  // An edit after an undo drops what could have been redone.
  ASSERT_TRUE(open->edit(*move_item(open->text(), pointer, 1, 0)).has_value());
  EXPECT_FALSE(open->can_redo());
}

TEST_F(OpenProcedureTest, AnUnreadableEditIsRefusedAndAFaultyOneIsKeptWithItsFindings) {
  auto open = OpenProcedure::open(folder_ / "juminhyo.json");
  ASSERT_TRUE(open.has_value());
  const std::string before = open->text();
  auto refused = open->edit("{\"id\": ");
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().to_string().find("juminhyo.json"), std::string::npos)
      << refused.error().to_string();
  EXPECT_EQ(open->text(), before);
  EXPECT_TRUE(open->findings().empty());

  // The name box pushed onto the birth-date box (half-way through swapping them): taken and
  // drawn, the check naming it, and saving refused, leaving the file as it was.
  auto renderer = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  ASSERT_TRUE(renderer.has_value());
  const std::string pointer = name_box(*open, *renderer)->pointer;
  ASSERT_TRUE(open->edit(*move_item(open->text(), pointer, 0, 12)).has_value());
  EXPECT_DOUBLE_EQ(name_box(*open, *renderer)->y_mm, 72.0);
  ASSERT_FALSE(open->findings().empty());
  EXPECT_NE(open->findings().front().message.find("overlaps"), std::string::npos)
      << open->findings().front().to_string();
  auto saved = open->save();
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(tests::read_file(folder_ / "juminhyo.json"), before);
}

TEST(LineDiff, ShowsTheLineThatGoesThenTheOneThatComesWithContext) {
  const std::string before = "a\nb\nc\nd\ne\nf\ng\nh\n";
  const std::string after = "a\nb\nc\nd\nE\nf\ng\nh\n";
  const auto diff = line_diff(before, after, 1);
  ASSERT_EQ(diff.size(), 6U);
  EXPECT_EQ(diff[0].kind, DiffLine::Kind::Skipped);
  EXPECT_EQ(diff[1].text, "d");
  EXPECT_EQ(diff[2].kind, DiffLine::Kind::Removed);
  EXPECT_EQ(diff[2].text, "e");
  EXPECT_EQ(diff[2].line, 5);
  EXPECT_EQ(diff[3].kind, DiffLine::Kind::Added);
  EXPECT_EQ(diff[3].text, "E");
  EXPECT_EQ(diff[4].text, "f");
  EXPECT_EQ(diff[5].kind, DiffLine::Kind::Skipped);
  EXPECT_TRUE(line_diff(before, before).empty());
  // Lines added and removed elsewhere keep their numbers in their own file.
  const auto grown = line_diff("x\ny\n", "w\nx\ny\nz\n", 0);
  ASSERT_EQ(grown.size(), 3U);
  EXPECT_EQ(grown[0].kind, DiffLine::Kind::Added);
  EXPECT_EQ(grown[0].line, 1);
  EXPECT_EQ(grown[2].kind, DiffLine::Kind::Added);
  EXPECT_EQ(grown[2].text, "z");
  EXPECT_EQ(grown[2].line, 4);
}

// The samples shipped with the studio: four, in order, named by their note, and each fills
// every page of every procedure of the catalogue.
TEST(Samples, EachShippedSampleFillsEveryProcedure) {
  const auto samples = read_samples(kSource / "assets/samples");
  ASSERT_EQ(samples.size(), 4U);
  EXPECT_EQ(samples[0].label, "長い氏名と住所");
  EXPECT_EQ(samples[3].label, "昭和64年生まれ");
  auto renderer = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  ASSERT_TRUE(renderer.has_value());
  const auto catalog = forms::load_catalog(kSource / "forms/catalog");
  ASSERT_TRUE(catalog.errors.empty());
  for (const auto& sample : samples) {
    auto resident = read_sample_resident(sample.file);
    ASSERT_TRUE(resident.has_value()) << sample.file << ": " << resident.error();
    for (const auto& procedure : catalog.procedures) {
      for (int page = 0; page < static_cast<int>(procedure.layout.pages.size()); ++page) {
        PreviewRequest request;
        request.procedure = &procedure;
        request.resident = *resident;
        request.page = page;
        request.pixels_per_mm = 1;
        const auto preview = preview_page(*renderer, request);
        ASSERT_TRUE(preview.has_value()) << sample.label << ", " << procedure.id;
        for (const auto& box : preview->boxes) {
          EXPECT_FALSE(box.does_not_fit) << sample.label << ", " << procedure.id << ": " << box.id;
        }
      }
    }
    resident->wipe();
  }
}

}  // namespace
}  // namespace madoguchi::studio

namespace madoguchi::studio {
namespace {

// Dragging a procedure to another place in its group: the orders 10, 20, 30 … written into the
// files whose order changes, and only there (one line each).
TEST_F(OpenProcedureTest, ReorderingAGroupRewritesOnlyTheOrderLines) {
  fs::remove(folder_ / "juminhyo.json");
  fs::copy(kSource / "forms/catalog", folder_, fs::copy_options::recursive);
  auto group = [&] {
    std::vector<std::string> ids;
    for (const auto& entry : read_catalog_entries(folder_)) {
      if (entry.group == forms::ProcedureGroup::Certificates) ids.push_back(entry.id);
    }
    return ids;
  };
  auto ids = group();
  ASSERT_GE(ids.size(), 3U);
  std::rotate(ids.begin(), ids.begin() + 1, ids.end());  // the first goes last
  std::map<std::string, std::string> before;
  for (const auto& id : ids) before[id] = tests::read_file(folder_ / (id + ".json"));
  ASSERT_TRUE(reorder_procedures(folder_, ids).has_value());
  EXPECT_EQ(group(), ids);
  for (const auto& id : ids) {
    const auto after = tests::read_file(folder_ / (id + ".json"));
    const auto diff = line_diff(before[id], after, 0);
    int changed = 0;
    for (const auto& line : diff) changed += line.kind == DiffLine::Kind::Added;
    EXPECT_LE(changed, 1) << id;
    for (const auto& line : diff) {
      if (line.kind == DiffLine::Kind::Added) {
        EXPECT_NE(line.text.find("\"order\": "), std::string::npos) << id;
      }
    }
  }
  EXPECT_TRUE(forms::load_catalog(folder_).errors.empty());
}

}  // namespace
}  // namespace madoguchi::studio

namespace madoguchi::studio {
namespace {

// A question's words edited in one language (the screen texts): the procedure reads them, the
// other languages and the rest of the file stay, and undo takes them back.
TEST_F(OpenProcedureTest, AQuestionsWordsAreEditedInOneLanguage) {
  auto open = OpenProcedure::open(folder_ / "juminhyo.json");
  ASSERT_TRUE(open.has_value());
  const std::string before = open->text();
  auto edited = set_member(open->text(), "/questions/0/title", "en", "\"How many copies?\"");
  ASSERT_TRUE(edited.has_value()) << edited.error();
  ASSERT_TRUE(open->edit(*edited).has_value());
  EXPECT_EQ(open->procedure().questions[0].titles.in(forms::Language::En), "How many copies?");
  EXPECT_EQ(open->procedure().questions[0].titles.ja, "住民票は何通いりますか");
  EXPECT_TRUE(open->findings().empty());
  const auto diff = line_diff(before, open->text(), 0);  // … -"en": … +"en": … …
  ASSERT_EQ(diff.size(), 4U);
  EXPECT_EQ(diff[1].kind, DiffLine::Kind::Removed);
  EXPECT_EQ(diff[2].text, "        \"en\": \"How many copies?\",");  // the other languages follow
  ASSERT_TRUE(open->undo());
  EXPECT_EQ(open->text(), before);
}

}  // namespace
}  // namespace madoguchi::studio

namespace madoguchi::studio {
namespace {

// The answers staff chose are what is recorded: a second case for the same sample with other
// answers is added (both sides of a choice pinned), the same answers again replace their case.
TEST_F(OpenProcedureTest, GoldenCasesKeepTheAnswersStaffChose) {
  const auto procedure = forms::load_procedure(folder_ / "juminhyo.json");
  ASSERT_TRUE(procedure.has_value());
  const auto sample = kSource / "assets/samples/2-alphabetic-name.json";
  GoldenRecord record{sample, "ローマ字の氏名", "2026-12-05", sample_answers(*procedure), {}};
  ASSERT_EQ(record_golden_case(folder_ / "golden", *procedure, record), 1);
  record.answers["household"] = "all";
  ASSERT_EQ(record_golden_case(folder_ / "golden", *procedure, record), 2);
  ASSERT_EQ(record_golden_case(folder_ / "golden", *procedure, record), 2);
  const auto golden = nlohmann::json::parse(tests::read_file(folder_ / "golden/juminhyo.json"));
  EXPECT_EQ(golden["cases"][0]["fields"]["answer.household=self"], "✓");
  EXPECT_EQ(golden["cases"][1]["answers"]["household"], "all");
  EXPECT_EQ(golden["cases"][1]["fields"]["answer.household=all"], "✓");
  EXPECT_EQ(golden["cases"][1]["fields"]["card.name"], "WILLIAMS-GARCIA MARIA JOSE ANTONIA");
  EXPECT_EQ(golden["cases"][1]["fields"]["reception.date_wareki"], "令和8年12月5日");
}

}  // namespace
}  // namespace madoguchi::studio
