// Related procedures offered in a visit (forms/offers.hpp): a procedure's "offered_after" as read
// from its file, the rules applied to a resident's age and the visit's shared answers, and the
// check that tells staff of an offer that could never be made.
#include "madoguchi/forms/offers.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

nlohmann::ordered_json catalogue_json(const std::string& id) {
  auto procedure = load_procedure(MADOGUCHI_SOURCE_DIR "/forms/catalog/" + id + ".json");
  EXPECT_TRUE(procedure.has_value());
  std::ifstream in(MADOGUCHI_SOURCE_DIR "/forms/catalog/" + id + ".json");
  return nlohmann::ordered_json::parse(in);
}

// 介護保険証の再交付, offered after 転居届 with `offer`.
std::expected<Procedure, LoadError> with_offer(const nlohmann::ordered_json& offer) {
  auto json = catalogue_json("kaigo_hihokenshasho");
  json["offered_after"] = offer;
  return parse_procedure(json.dump(), "kaigo_hihokenshasho.json");
}

TEST(OfferedAfter, IsReadFromTheFile) {
  const auto procedure = with_offer({{"procedures", {"tenkyo", "tenshutsu"}},
                                     {"age_at_least", 65},
                                     {"answers", {{"movers", {"all", "some"}}}}});
  ASSERT_TRUE(procedure.has_value()) << procedure.error().to_string();
  ASSERT_TRUE(procedure->offered_after.has_value());
  EXPECT_EQ(procedure->offered_after->after, (std::vector<std::string>{"tenkyo", "tenshutsu"}));
  EXPECT_EQ(procedure->offered_after->age_at_least, 65);
  EXPECT_FALSE(procedure->offered_after->age_below.has_value());
  EXPECT_EQ(procedure->offered_after->answers.at("movers"),
            (std::vector<std::string>{"all", "some"}));
}

TEST(OfferedAfter, AMistakeIsNamedWhereItIs) {
  const struct {
    nlohmann::ordered_json offer;
    std::string pointer;
    std::string words;
  } cases[] = {
      {{{"procedures", nlohmann::ordered_json::array()}},
       "/offered_after/procedures",
       "at least one"},
      {{{"procedures", {"Tenkyo"}}}, "/offered_after/procedures/0", "not a procedure id"},
      {{{"procedures", {"kaigo_hihokenshasho"}}}, "/offered_after/procedures/0", "itself"},
      {{{"procedures", {"tenkyo"}}, {"age_at_least", 200}},
       "/offered_after/age_at_least",
       "0 to 150"},
      {{{"procedures", {"tenkyo"}}, {"age_at_least", 75}, {"age_below", 65}},
       "/offered_after/age_below",
       "no resident would ever"},
      {{{"procedures", {"tenkyo"}}, {"when", 1}}, "/offered_after/when", ""},
      {{{"procedures", {"tenkyo"}}, {"answers", {{"movers", nlohmann::ordered_json::array()}}}},
       "/offered_after/answers/movers",
       "at least one"},
  };
  for (const auto& c : cases) {
    const auto procedure = with_offer(c.offer);
    ASSERT_FALSE(procedure.has_value()) << c.offer.dump();
    EXPECT_EQ(procedure.error().pointer, c.pointer) << c.offer.dump();
    EXPECT_NE(procedure.error().message.find(c.words), std::string::npos)
        << procedure.error().message;
  }
}

TEST(OffersAfter, FollowsTheProcedureTheAgeAndTheSharedAnswers) {
  OfferRule rule;
  rule.after = {"tennyu", "tenkyo"};
  rule.age_at_least = 65;
  rule.age_below = 75;
  rule.answers["health_insurance"] = {"kokuho", "other"};
  const SharedAnswers kokuho{{"health_insurance", "kokuho"}};
  EXPECT_TRUE(offers_after(rule, "tennyu", 65, kokuho));
  EXPECT_TRUE(offers_after(rule, "tenkyo", 74, kokuho));
  EXPECT_FALSE(offers_after(rule, "tenshutsu", 70, kokuho)) << "not after this procedure";
  EXPECT_FALSE(offers_after(rule, "tennyu", 64, kokuho)) << "younger than age_at_least";
  EXPECT_FALSE(offers_after(rule, "tennyu", 75, kokuho)) << "age_below is not reached";
  EXPECT_FALSE(offers_after(rule, "tennyu", std::nullopt, kokuho))
      << "an unreadable birth date offers nothing an age rule decides";
  EXPECT_FALSE(offers_after(rule, "tennyu", 70, {{"health_insurance", "employer"}}));
  EXPECT_FALSE(offers_after(rule, "tennyu", 70, {})) << "an answer never given does not hold";
  OfferRule any_age;
  any_age.after = {"tennyu"};
  EXPECT_TRUE(offers_after(any_age, "tennyu", std::nullopt, {}));
}

TEST(RelatedProcedures, InWelcomeScreenOrderLeavingOutThoseSkipped) {
  std::vector<Procedure> catalogue(4);
  const char* ids[] = {"b_care", "a_children", "c_moving", "d_children"};
  const ProcedureGroup groups[] = {ProcedureGroup::Care, ProcedureGroup::Children,
                                   ProcedureGroup::Moving, ProcedureGroup::Children};
  const int orders[] = {100, 200, 300, 100};
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    catalogue[i].id = ids[i];
    catalogue[i].group = groups[i];
    catalogue[i].order = orders[i];
    catalogue[i].offered_after = OfferRule{};
    catalogue[i].offered_after->after = {"tennyu"};
  }
  std::vector<std::string> listed;
  for (const Procedure* p : related_procedures(catalogue, "tennyu", 40, {}, {"c_moving"})) {
    listed.push_back(p->id);
  }
  EXPECT_EQ(listed, (std::vector<std::string>{"d_children", "a_children", "b_care"}));
  EXPECT_TRUE(related_procedures(catalogue, "tenkyo", 40, {}, {}).empty());
}

TEST(LintOffers, NamesAnOfferThatCouldNeverBeMade) {
  auto tenkyo = load_procedure(MADOGUCHI_SOURCE_DIR "/forms/catalog/tenkyo.json");
  ASSERT_TRUE(tenkyo.has_value());
  auto offered = with_offer({{"procedures", {"tenkyo", "tenkyou"}},
                             {"answers", {{"new_postal_code", {"12"}}, {"children", {"yes"}}}}});
  ASSERT_TRUE(offered.has_value()) << offered.error().to_string();
  const auto problems = lint_offers({*tenkyo, *offered});
  ASSERT_EQ(problems.size(), 3U);
  EXPECT_EQ(problems[0].pointer, "/offered_after/procedures");
  EXPECT_NE(problems[0].message.find("did you mean \"tenkyo\""), std::string::npos)
      << problems[0].message;
  EXPECT_EQ(problems[1].pointer, "/offered_after/answers/children");
  EXPECT_NE(problems[1].message.find("never be offered"), std::string::npos);
  EXPECT_EQ(problems[2].pointer, "/offered_after/answers/new_postal_code");
  EXPECT_NE(problems[2].message.find("\"12\" is not an answer"), std::string::npos);
  offered->offered_after->after = {"tenkyo"};
  offered->offered_after->answers = {{"new_postal_code", {"2160006"}}};
  EXPECT_TRUE(lint_offers({*tenkyo, *offered}).empty());
}

TEST(ListingOf, KeepsWhatTheWelcomeScreenNeedsAndDropsTheRest) {
  auto juminhyo = load_procedure(MADOGUCHI_SOURCE_DIR "/forms/catalog/juminhyo.json");
  ASSERT_TRUE(juminhyo.has_value());
  const Procedure listing = listing_of(*juminhyo);
  EXPECT_TRUE(listing.listing_only);
  EXPECT_TRUE(listing.questions.empty());
  EXPECT_TRUE(listing.layout.pages.empty());
  EXPECT_EQ(listing.id, "juminhyo");
  EXPECT_EQ(listing.titles.in(Language::En), juminhyo->titles.in(Language::En));
  EXPECT_EQ(listing.fee.per_copy_yen, 300);
  EXPECT_EQ(listing.file, juminhyo->file) << "where it is read whole from";
  EXPECT_EQ(listing.group, juminhyo->group);
}

// What the slip and the check screen list: each document's name, without its explanation.
TEST(DocumentsToHandIn, NameEachDocumentWithoutWhatTheScreensExplain) {
  Procedure procedure;
  for (const char* ja :
       {"領収書（原本。ご本人あてのもの）", "登録する印鑑", "（このあと面談があります）"}) {
    Texts text;
    text.set(Language::Ja, ja);
    text.set(Language::En, std::string("The ") + (ja[0] == '\xE9' ? "receipt (original)" : "seal"));
    procedure.what_to_bring.push_back(text);
  }
  EXPECT_EQ(documents_to_hand_in(procedure, Language::Ja),
            (std::vector<std::string>{"領収書", "登録する印鑑", "（このあと面談があります）"}))
      << "a text that is all explanation stays whole";
  EXPECT_EQ(documents_to_hand_in(procedure, Language::En).front(), "The receipt");
  EXPECT_EQ(documents_to_hand_in(procedure, Language::Vi).at(1), "登録する印鑑")
      << "a language the file lacks: the Japanese";
}

}  // namespace
}  // namespace madoguchi::forms
