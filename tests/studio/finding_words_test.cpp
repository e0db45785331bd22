// The check's findings as staff read them in the studio (studio/finding_words.hpp): the box by
// its name on the paper, the question by its title and which of its texts, and the findings
// that staff's own edits cause said in Japanese.
#include "finding_words.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "layout_edit.hpp"

namespace madoguchi::studio {
namespace {

const std::filesystem::path kSource = MADOGUCHI_SOURCE_DIR;

struct Checked {
  forms::ProcedureDraft draft;
  std::string first_ja;  // the first finding, in staff's Japanese
  std::string first_en;
};

Checked check(const std::string& text) {
  Checked c{forms::read_procedure_draft(text, "juminhyo.json"), {}, {}};
  if (c.draft.procedure && !c.draft.problems.empty()) {
    c.first_ja = finding_in_words(c.draft.problems.front(), *c.draft.procedure, true);
    c.first_en = finding_in_words(c.draft.problems.front(), *c.draft.procedure, false);
  }
  return c;
}

std::string juminhyo() {
  auto text = read_text_file(kSource / "forms/catalog/juminhyo.json");
  EXPECT_TRUE(text.has_value());
  return text.value_or("");
}

TEST(FindingWords, TwoBoxesOverlappingAreNamedAsOnThePaper) {
  // 氏名's box (card.name, /layout/items/22) moved 18 mm up, onto 住所's (card.address).
  const auto moved = move_item(juminhyo(), "/layout/items/22", 0, -18);
  ASSERT_TRUE(moved.has_value()) << moved.error();
  const Checked c = check(*moved);
  ASSERT_TRUE(c.draft.procedure.has_value());
  ASSERT_FALSE(c.draft.problems.empty());
  EXPECT_NE(c.first_ja.find("重なっています"), std::string::npos) << c.first_ja;
  EXPECT_NE(c.first_ja.find("card.name"), std::string::npos) << c.first_ja;
  EXPECT_NE(c.first_ja.find("card.address"), std::string::npos) << c.first_ja;
  EXPECT_EQ(c.first_ja.find("/layout/"), std::string::npos) << c.first_ja;
  // English keeps the check's own sentence after the place.
  EXPECT_EQ(c.first_en.find("重なって"), std::string::npos) << c.first_en;
  EXPECT_NE(c.first_en.find("overlaps"), std::string::npos) << c.first_en;
}

TEST(FindingWords, ABoxPastTheBottomMarginAndAFixedTextByItsWords) {
  // 「請求日」 (/layout/items/2) moved to the foot of the page.
  const auto moved = move_item(juminhyo(), "/layout/items/2", 0, 262);
  ASSERT_TRUE(moved.has_value()) << moved.error();
  const Checked c = check(*moved);
  ASSERT_FALSE(c.draft.problems.empty());
  bool said = false;
  for (const auto& problem : c.draft.problems) {
    const std::string words = finding_in_words(problem, *c.draft.procedure, true);
    said |= words.starts_with("枠「請求日」: 用紙の下の余白にはみ出しています");
  }
  EXPECT_TRUE(said) << c.first_ja;
}

TEST(FindingWords, AMissingTranslationNamesTheQuestionAndTheLanguage) {
  auto json = nlohmann::ordered_json::parse(juminhyo());
  json["questions"][0]["help"].erase("en");
  const Checked c = check(json.dump(2));
  ASSERT_FALSE(c.draft.problems.empty());
  EXPECT_EQ(c.first_ja,
            "問い「住民票は何通いりますか」の説明: "
            "英語の文がありません（ほかの文にはあります）。入れてください");
  EXPECT_TRUE(c.first_en.starts_with("question \"住民票は何通いりますか\" help: has no \"en\""))
      << c.first_en;
}

// A text the kiosk could not read at all (the studio refuses the edit): named against the
// procedure as it is, the check's own words after the place.
TEST(FindingWords, AFindingWithoutJapaneseWordsKeepsTheChecksOwnAfterThePlace) {
  const Checked as_it_is = check(juminhyo());
  ASSERT_TRUE(as_it_is.draft.procedure.has_value());
  const auto sized = set_item_number(juminhyo(), "/layout/items/22", "size", 80);
  ASSERT_TRUE(sized.has_value()) << sized.error();
  const Checked c = check(*sized);
  ASSERT_FALSE(c.draft.procedure.has_value());
  ASSERT_FALSE(c.draft.problems.empty());
  const std::string words =
      finding_in_words(c.draft.problems.back(), *as_it_is.draft.procedure, true);
  EXPECT_TRUE(words.starts_with("枠 card.name: ")) << words;
  EXPECT_NE(words.find("must be from 6 to 72 points"), std::string::npos) << words;
}

}  // namespace
}  // namespace madoguchi::studio
