// Several procedures in one visit, one payment (session_bundle.cpp): the related procedures the
// catalogue's rules offer after 転居届 (by the card's birth date and the visit's answers), the
// ticked ones answered next with every shared answer asked once, one print check, one payment,
// one print with every application and its reception number; and a catalogue of listings read
// whole only when a procedure is chosen.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {
namespace {

using namespace std::chrono_literals;

forms::Procedure catalogue_file(const std::string& id) {
  auto procedure = forms::load_procedure(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "forms" /
                                         "catalog" / (id + ".json"));
  if (!procedure) ADD_FAILURE() << procedure.error().to_string();
  return procedure.value_or(forms::Procedure{});
}

forms::OfferRule after_tenkyo(
    std::optional<int> age_at_least, std::optional<int> age_below,
    std::map<std::string, std::vector<std::string>, std::less<>> answers) {
  forms::OfferRule rule;
  rule.after = {"tenkyo"};
  rule.age_at_least = age_at_least;
  rule.age_below = age_below;
  rule.answers = std::move(answers);
  return rule;
}

// 転居届 (its 移る人 shared as "movers"), and the procedures offered after it: 住民票の写し when
// the whole household moves, 介護保険 被保険者証 and 児童手当 at 65 or over (for the test), 妊娠の
// 届出 below 50 — never to 山田太郎, 76 on the day.
std::vector<forms::Procedure> catalogue() {
  std::vector<forms::Procedure> list;
  list.push_back(catalogue_file("tenkyo"));
  for (forms::Question& q : list.back().questions) {
    if (q.id == "movers") q.share_as = "movers";
  }
  list.push_back(catalogue_file("juminhyo"));
  list.back().offered_after = after_tenkyo(std::nullopt, std::nullopt, {{"movers", {"all"}}});
  list.push_back(catalogue_file("kaigo_hihokenshasho"));
  list.back().offered_after = after_tenkyo(65, std::nullopt, {});
  list.push_back(catalogue_file("jido_teate"));
  list.back().offered_after = after_tenkyo(65, std::nullopt, {});
  list.push_back(catalogue_file("ninshin"));
  list.back().offered_after = after_tenkyo(std::nullopt, 50, {});
  for (forms::Procedure& p : list) p.hand_in = forms::HandIn::Paper;
  list[2].hand_in = forms::HandIn::Either;  // a bundle is paper all the same
  return list;
}

template <typename T>
std::vector<T> commands_of(const std::vector<Command>& commands) {
  std::vector<T> found;
  for (const auto& c : commands) {
    if (const auto* t = std::get_if<T>(&c)) found.push_back(*t);
  }
  return found;
}

// An answer of the right form for any question the tests meet.
std::string an_answer(const forms::Question& q) {
  using K = forms::QuestionKind;
  switch (q.kind) {
    case K::Date:
      return "2026-12-01";
    case K::Text:
      return "神奈川県川崎市宮前区宮前平１－１";
    case K::KanaText:
      return "ヤマダ　タロウ";
    case K::Phone:
      return "044-123-4567";
    case K::PostalCode:
      return "2160006";
    case K::Number:
      return q.default_value.empty() ? std::to_string(q.min) : q.default_value;
    case K::YesNo:
      return "no";
    case K::Choice:
      return q.default_value.empty() ? q.choices.front().id : q.default_value;
  }
  return {};
}

class SessionBundle : public ::testing::Test {
 protected:
  explicit SessionBundle(std::vector<forms::Procedure> list = catalogue())
      : session(std::move(list)) {
    session.set_reception_number_source([this] {
      const std::string n = std::to_string(++numbers_given);
      return "1207-" + std::string(3 - std::min<std::size_t>(3, n.size()), '0') + n;
    });
    // 2026-12-07 10:00 in Japan.
    session.set_clock([] { return std::chrono::sys_days{std::chrono::December / 7 / 2026} + 1h; });
  }

  void start(std::string_view procedure_id) {
    session.choose_procedure(procedure_id);
    ASSERT_EQ(session.screen(), Screen::PlaceCard);
    session.on(CardReady{3});
    for (const char d : std::string("1234")) session.press_digit(d);
    session.submit_pin();
    session.on(IdentityRead{
        ResidentIdentity{"山田　太郎", "東京都千代田区霞が関１－２－３", "19500415", "1"}});
    session.confirm_identity();
    session.take_commands();
  }

  // Answers every question asked, `chosen` first where it names one; returns the ids asked.
  std::vector<std::string> answer_all(const std::map<std::string, std::string>& chosen = {}) {
    std::vector<std::string> asked;
    // A form with 個人番号 cells asks first (児童手当): written at the counter here.
    if (session.screen() == Screen::MyNumberConsent) session.write_my_number_at_counter();
    while (session.screen() == Screen::Question) {
      const forms::Question* q = session.current_question();
      asked.push_back(q->id);
      const auto given = chosen.find(q->id);
      session.set_answer(given != chosen.end() ? given->second : an_answer(*q));
      session.next();
      EXPECT_TRUE(session.notice().empty()) << q->id << ": " << session.notice();
    }
    return asked;
  }

  std::vector<std::string> offered() const {
    std::vector<std::string> ids;
    for (const forms::Procedure* p : session.related_offers()) ids.push_back(p->id);
    return ids;
  }

  int numbers_given = 0;
  Session session;
};

TEST_F(SessionBundle, TheTickedRelatedProceduresFollowAndArePaidAndPrintedTogether) {
  start("tenkyo");
  answer_all({{"movers", "all"}});
  ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  // By the rules: the whole household moved (住民票), 76 years old (介護, 児童手当 in this test),
  // not below 50 (妊娠の届出); in welcome-screen order.
  EXPECT_EQ(offered(), (std::vector<std::string>{"juminhyo", "jido_teate", "kaigo_hihokenshasho"}));
  EXPECT_TRUE(session.more_after_check());
  session.next();
  ASSERT_EQ(session.screen(), Screen::Related);
  session.tick_related("juminhyo");
  session.tick_related("kaigo_hihokenshasho");
  session.tick_related("jido_teate");
  session.tick_related("jido_teate");  // a second tap takes it back
  EXPECT_FALSE(session.related_ticked("jido_teate"));
  session.take_related();

  // 住民票の写し next, without the card again: its questions, its check.
  ASSERT_NE(session.procedure(), nullptr);
  EXPECT_EQ(session.procedure()->id, "juminhyo");
  EXPECT_TRUE(commands_of<ConnectCard>(session.take_commands()).empty());
  answer_all({{"copies", "2"}});
  ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  EXPECT_EQ(session.bundle().size(), 1U);
  EXPECT_TRUE(session.related_offers().empty()) << "what was offered once is not offered again";
  EXPECT_TRUE(session.more_after_check()) << "介護 is still to come";
  session.next();
  EXPECT_EQ(session.procedure()->id, "kaigo_hihokenshasho");
  answer_all();
  ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  EXPECT_FALSE(session.more_after_check());
  EXPECT_EQ(session.visit_fee_yen(), 600) << "転居 0 + 住民票 2通 600 + 介護 0";

  // One print check for the three forms, one payment, one print.
  session.next();
  ASSERT_EQ(session.screen(), Screen::Paying) << "a bundle is paper: no choice of hand-in";
  auto commands = session.take_commands();
  const auto checks = commands_of<CheckPrintable>(commands);
  ASSERT_EQ(checks.size(), 1U);
  EXPECT_EQ(checks[0].forms.size(), 3U);
  EXPECT_EQ(checks[0].procedure_titles,
            (std::vector<std::string>{"転居届（同じ市区町村の中で引っ越した）", "住民票の写し",
                                      "介護保険証の再交付"}));
  session.on(PrintCheck{checks[0].check_id, true, {}});
  commands = session.take_commands();
  const auto payments = commands_of<TakePayment>(commands);
  ASSERT_EQ(payments.size(), 1U);
  EXPECT_EQ(payments[0].amount_yen, 600);
  EXPECT_EQ(payments[0].description, "転居届（同じ市区町村の中で引っ越した） ほか2件");
  EXPECT_EQ(numbers_given, 3) << "a number for each application, before the money";

  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "POI-1", "K1-PAID"});
  const auto prints = commands_of<PrintDocuments>(session.take_commands());
  ASSERT_EQ(prints.size(), 1U);
  ASSERT_EQ(prints[0].applications.size(), 3U);
  EXPECT_EQ(prints[0].fee_paid_yen, 600);
  const std::vector<std::pair<std::string, int>> expected{
      {"tenkyo", 0}, {"juminhyo", 600}, {"kaigo_hihokenshasho", 0}};
  for (std::size_t i = 0; i < 3; ++i) {
    const ApplicationToPrint& a = prints[0].applications[i];
    EXPECT_EQ(a.procedure_id, expected[i].first);
    EXPECT_EQ(a.fee_yen, expected[i].second);
    EXPECT_EQ(a.reception_number, "1207-00" + std::to_string(i + 1));
    EXPECT_FALSE(a.form.pages.empty());
  }
  session.on(PrintDone{true, "", {}});
  ASSERT_EQ(session.screen(), Screen::TakeCard);
  EXPECT_EQ(session.reception_numbers(),
            (std::vector<std::string>{"1207-001", "1207-002", "1207-003"}));
  session.take_commands();
  session.on(CardRemoved{});
  const auto records = commands_of<RecordVisit>(session.take_commands());
  ASSERT_EQ(records.size(), 3U) << "the town's numbers count each application";
  EXPECT_EQ(records[1].procedure_id, "juminhyo");
  EXPECT_EQ(records[1].fee_yen, 600);
  EXPECT_EQ(records[0].fee_yen, 0);
  EXPECT_TRUE(session.bundle().empty());
}

TEST_F(SessionBundle, AnAnswerSharedInTheVisitIsAskedOnce) {
  start("tenkyo");
  answer_all({{"movers", "self"}});
  session.next();
  ASSERT_EQ(session.screen(), Screen::Related);
  session.tick_related("kaigo_hihokenshasho");
  session.tick_related("jido_teate");
  session.take_related();
  ASSERT_EQ(session.procedure()->id, "jido_teate") << "in welcome-screen order";
  const auto asked_first = answer_all({{"spouse", "no"}});
  EXPECT_NE(std::find(asked_first.begin(), asked_first.end(), "phone"), asked_first.end());
  session.next();
  ASSERT_EQ(session.procedure()->id, "kaigo_hihokenshasho");
  const auto asked_then = answer_all();
  EXPECT_EQ(std::find(asked_then.begin(), asked_then.end(), "phone"), asked_then.end())
      << "the phone number given for 児童手当 is not asked again";
  EXPECT_TRUE(session.carried_from_earlier("phone"));
  EXPECT_EQ(session.answers().at("phone"), "044-123-4567");
}

TEST_F(SessionBundle, BackFromABundledProcedureReturnsToTheOneBeforeWithItsAnswers) {
  start("tenkyo");
  answer_all({{"movers", "all"}});
  session.next();
  session.tick_related("juminhyo");
  session.take_related();
  ASSERT_EQ(session.procedure()->id, "juminhyo");
  ASSERT_EQ(session.screen(), Screen::Question);
  session.back();
  ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  ASSERT_EQ(session.procedure()->id, "tenkyo");
  EXPECT_EQ(session.answers().at("movers"), "all");
  EXPECT_TRUE(session.bundle().empty());
  EXPECT_EQ(session.queued(), std::vector<std::string>{"juminhyo"});
  session.next();  // on to 住民票 again, not to the offers
  EXPECT_EQ(session.procedure()->id, "juminhyo");
}

TEST_F(SessionBundle, NoOfferAfterAProcedureNoRuleFollowsNorForAnUnreadableBirthDate) {
  start("juminhyo");
  answer_all();
  EXPECT_TRUE(session.related_offers().empty());
  EXPECT_FALSE(session.more_after_check());
  session.next();
  EXPECT_EQ(session.screen(), Screen::Paying);
}

// The kiosk's catalogue holds listings: a chosen procedure is read whole then, once.
class ListedCatalogue : public SessionBundle {
 protected:
  static std::vector<forms::Procedure> listings() {
    std::vector<forms::Procedure> list;
    for (forms::Procedure& p : catalogue()) list.push_back(forms::listing_of(std::move(p)));
    return list;
  }
  ListedCatalogue() : SessionBundle(listings()) {}
};

TEST_F(ListedCatalogue, AChosenProcedureIsReadWholeFromItsFileWhenChosen) {
  for (const forms::Procedure& p : session.catalogue()) {
    EXPECT_TRUE(p.questions.empty() && p.layout.pages.empty()) << p.id << " is a listing";
    EXPECT_FALSE(p.titles.ja.empty());
  }
  std::vector<std::string> read;
  session.set_procedure_loader([&](const forms::Procedure& listing) {
    read.push_back(listing.id);
    auto whole = catalogue();
    for (forms::Procedure& p : whole) {
      if (p.id == listing.id) return std::expected<forms::Procedure, std::string>(std::move(p));
    }
    return std::expected<forms::Procedure, std::string>(std::unexpected("gone"));
  });
  start("tenkyo");
  EXPECT_EQ(read, std::vector<std::string>{"tenkyo"});
  EXPECT_FALSE(session.procedure()->questions.empty());
  answer_all({{"movers", "all"}});
  session.next();
  session.tick_related("juminhyo");
  session.take_related();
  EXPECT_EQ(read, (std::vector<std::string>{"tenkyo", "juminhyo"}));
  EXPECT_EQ(session.screen(), Screen::Question);
}

TEST_F(ListedCatalogue, AProcedureThatCannotBeReadNowIsRefusedOnTheWelcomeScreen) {
  session.set_procedure_loader([](const forms::Procedure&) {
    return std::expected<forms::Procedure, std::string>(std::unexpected("the file is gone"));
  });
  session.choose_procedure("tenkyo");
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.procedure(), nullptr);
  EXPECT_NE(session.notice().find("機械ではお受けできません"), std::string::npos)
      << session.notice();
  EXPECT_TRUE(session.take_commands().empty()) << "no card is asked for";
}

}  // namespace
}  // namespace madoguchi::kiosk
