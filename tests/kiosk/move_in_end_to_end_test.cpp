// Issue 23's move-in visits, through the real kiosk binary with the demo's real components
// (pcscd and the virtual card, the nexo terminal simulator, PDF output, the outbox and its
// courier): the procedures that usually follow 転入届 are offered by the catalogue's rules, the
// ticked ones answered in the same visit with every answer asked once, one fee screen and one
// payment for them all, every application printed and one slip with every reception number.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/kiosk_run.hpp"
#include "support/sqlite_rows.hpp"
#include "support/text_file.hpp"

namespace fs = std::filesystem;
using madoguchi::tests::files_ending;
using madoguchi::tests::KioskRun;
using madoguchi::tests::slurp;
using Steps = std::vector<nlohmann::json>;

namespace {

const fs::path kSource = MADOGUCHI_SOURCE_DIR;

// One visit of `persona`, from the welcome screen, in a folder of its own.
KioskRun run_kiosk(const std::string& name, const std::string& persona, const Steps& steps) {
  const auto dir = fs::temp_directory_path() /
                   ("madoguchi-e2e-move-in-" + name + "-" + std::to_string(::getpid()));
  return madoguchi::tests::run_kiosk_scenario(
      KIOSK_DRIVER, dir,
      {{"name", name},
       {"persona", (kSource / "tests/personas" / persona).string()},
       {"expect_outcome", "printed"},
       {"steps", steps}},
      std::chrono::seconds(280));
}

// What pdftotext finds, without spaces (a wrapped line or a grid's cells break words).
std::string pdf_text(const fs::path& pdf) {
  const auto txt = pdf.string() + ".txt";
  const std::string command = "pdftotext '" + pdf.string() + "' '" + txt + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::string text = slurp(txt);
  fs::remove(txt);
  std::string squeezed;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' || text[i] == '\n' || text[i] == '\f') continue;
    if (text.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    squeezed += text[i];
  }
  return squeezed;
}

// 転入届 up to its check screen: moved in today with a 転出証明書 (or by the card's 特例転入),
// the new address and postal code typed, the household, children, the insurance before.
Steps tennyu(const std::string& moving_out, const std::string& movers, const std::string& children,
             const std::string& insurance) {
  Steps steps{{{"tap", "group:moving"}},
              {{"tap", "procedure:tennyu"}},
              {{"card", "place"}, {"wait_for", "enter_pin"}},
              {{"keypad", "$PIN"}},
              {{"tap", "submit_pin"}, {"wait_for", "confirm_identity"}},
              {{"tap", "confirm"}, {"wait_for", "question"}},
              {{"tap", "date:today"}},
              {{"tap", "next"}},
              {{"note", "the address before: the card's, as it is"}},
              {{"tap", "next"}},
              {{"tap", "choice:" + moving_out}},
              {{"tap", "next"}},
              {{"type", "サクラマチ"}},
              {{"tap", "next"}},
              {{"type", "1000001"}},
              {{"tap", "next"}},
              {{"tap", "choice:" + movers}},
              {{"tap", "next"}}};
  if (movers != "self") steps.push_back({{"tap", "next"}});  // how many: the default
  steps.push_back({{"tap", "choice:" + children}});
  steps.push_back({{"tap", "next"}});
  steps.push_back({{"tap", "choice:" + insurance}});
  steps.push_back({{"tap", "next"}, {"wait_for", "check_answers"}});
  steps.push_back({{"tap", "check_page_next"}, {"while_on_screen", true}});
  steps.push_back({{"tap", "next"}, {"wait_for", "related_procedures"}});
  return steps;
}

// The buttons of the related-procedures screen, as the step that opened it saw them.
std::vector<std::string> offered(const KioskRun& run) {
  std::vector<std::string> ids;
  for (const auto& step : run.session["steps"]) {
    if (step.value("screen", "") != "related_procedures") continue;
    for (const auto& button : step["buttons"]) {
      const std::string b = button.get<std::string>();
      if (b.starts_with("related:")) ids.push_back(b.substr(8, b.find(' ') - 8));
    }
    break;
  }
  return ids;
}

// 40 years old, moving in with the household and a child of 8, on 国民健康保険 before:
// 転入届 + 国民健康保険 加入 + 児童手当 in one visit. (After a move from another town the
// allowance is claimed anew, 児童手当法 第7条: the 認定請求 is the procedure, the 住所変更届
// being for a move within the town, which 転居届 offers.)
TEST(MoveInEndToEnd, AFamilyMovingInGetsTheirInsuranceAndChildAllowanceInOneVisit) {
  Steps steps = tennyu("certificate", "all", "yes", "kokuho");
  for (const nlohmann::json& step :
       Steps{{{"tap", "related:kokuho_kanyu"}},
             {{"tap", "related:jido_teate"}},
             {{"tap", "next"}, {"wait_for", "my_number_consent"}},
             {{"tap", "my_number:counter"}, {"wait_for", "question"}},
             {{"tap", "choice:tennyu"}},
             {{"note", "moved when, the insurance before and the new address: not asked again"}},
             {{"tap", "next"}},
             {{"tap", "next"}},  // how many join: the default
             {{"tap", "choice:yes"}},
             {{"tap", "next"}},
             {{"type", "0312345678"}},
             {{"tap", "next"}, {"wait_for", "check_answers"}},
             {{"tap", "check_page_next"}, {"while_on_screen", true}},
             {{"tap", "next"}, {"wait_for", "my_number_consent"}},
             {{"tap", "my_number:counter"}, {"wait_for", "question"}},
             {{"tap", "next"}},  // one child: the default
             {{"tap", "choice:moved_in"}},
             {{"tap", "next"}},
             {{"tap", "date:today"}},
             {{"tap", "next"}},
             {{"tap", "choice:no"}},
             {{"tap", "next"}},
             {{"type", "サトウ　ケンタ"}},
             {{"note", "the phone number: given for 国民健康保険, not asked again"}},
             {{"tap", "next"}, {"wait_for", "check_answers"}},
             {{"tap", "check_page_next"}, {"while_on_screen", true}},
             {{"tap", "next"}, {"wait_for", "take_card"}, {"timeout_ms", 90000}}}) {
    steps.push_back(step);
  }
  const KioskRun run = run_kiosk("family", "sato-kenta.json", steps);
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_TRUE(run.session.is_object()) << run.log;
  ASSERT_TRUE(run.session["steps_ok"].get<bool>()) << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_EQ(offered(run),
            (std::vector<std::string>{"juminhyo", "inkan_toroku", "kokuho_kanyu", "jido_teate"}))
      << "40 years old, a child, on 国民健康保険 before";

  // Three applications printed, each with the new address typed once, in 転入届.
  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 3U);
  const std::string titles[] = {"転入", "国民健康保険", "児童手当"};
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string text = pdf_text(applications[i]);
    EXPECT_NE(text.find(titles[i]), std::string::npos) << text;
    EXPECT_NE(text.find("サクラマチ"), std::string::npos) << "the new address on " << titles[i];
  }
  EXPECT_NE(pdf_text(applications[2]).find("0312345678"), std::string::npos)
      << "the phone number carried to 児童手当";

  // One slip, every reception number on it; the back office has the three applications.
  const auto slips = files_ending(run.out, "-slip.pdf");
  ASSERT_EQ(slips.size(), 1U);
  const std::string slip = pdf_text(slips[0]);
  const auto outbox = run.out / "state" / "outbox.sqlite";
  EXPECT_EQ(madoguchi::tests::sqlite_text(outbox, "SELECT count(*) FROM applications"), "3");
  for (const auto& pdf : applications) {
    const std::string number = pdf.filename().string().substr(0, 8);  // "1207-001-application"
    EXPECT_NE(slip.find(number), std::string::npos) << number << " on the slip: " << slip;
  }
  // Free, all three: no payment at all, not one per procedure.
  EXPECT_EQ(madoguchi::tests::sqlite_text(run.out / "state" / "payments.sqlite",
                                          "SELECT count(*) FROM payments"),
            "0");
  EXPECT_EQ(run.session["fee_total_yen"], 0);
  if (!::testing::Test::HasFailure()) fs::remove_all(run.out.parent_path());
}

// 78 years old, alone, on 後期高齢者医療: offered 後期高齢者医療 and 介護保険 (and 住民票,
// 印鑑登録), not 国民健康保険 nor 児童手当; with 住民票 for the car (300円) the visit's four
// applications are paid once through the terminal.
TEST(MoveInEndToEnd, AnElderResidentIsOfferedCareAndLateElderInsuranceAndPaysOnce) {
  Steps steps = tennyu("online", "self", "no", "kouki");
  for (const nlohmann::json& step :
       Steps{{{"tap", "related:juminhyo"}},
             {{"tap", "related:kouki_jusho"}},
             {{"tap", "related:kaigo_tenkyo_nintei"}},
             {{"tap", "next"}, {"wait_for", "question"}},
             {{"note", "住民票: one copy, the resident only, no 本籍, for the car"}},
             {{"tap", "next"}},
             {{"tap", "next"}},
             {{"tap", "next"}},
             {{"tap", "choice:car"}},
             {{"tap", "next"}, {"wait_for", "check_answers"}},
             {{"tap", "check_page_next"}, {"while_on_screen", true}},
             {{"tap", "next"}, {"wait_for", "question"}},
             {{"tap", "choice:kengai"}},
             {{"note", "moved when, the new address and postal code: not asked again"}},
             {{"tap", "next"}},
             {{"tap", "next"}},  // sent to the new address: the default
             {{"type", "0451234567"}},
             {{"tap", "next"}, {"wait_for", "check_answers"}},
             {{"tap", "check_page_next"}, {"while_on_screen", true}},
             {{"tap", "next"}, {"wait_for", "my_number_consent"}},
             {{"tap", "my_number:counter"}, {"wait_for", "question"}},
             {{"type", "ヨコハマシ"}},
             {{"tap", "next"}},
             {{"tap", "choice:care1"}},
             {{"tap", "next"}},
             {{"tap", "choice:no"}},
             {{"tap", "next"}},
             {{"type", "イトウ　カス゛コ"}},
             {{"tap", "next"}, {"wait_for", "check_answers"}},
             {{"tap", "check_page_next"}, {"while_on_screen", true}},
             {{"note", "after the care certification, its care plan is offered: not now"}},
             {{"tap", "next"}, {"wait_for", "related_procedures"}},
             {{"tap", "next"}, {"wait_for", "take_card"}, {"timeout_ms", 90000}}}) {
    steps.push_back(step);
  }
  const KioskRun run = run_kiosk("elder", "ito-kazuko.json", steps);
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_TRUE(run.session.is_object()) << run.log;
  ASSERT_TRUE(run.session["steps_ok"].get<bool>()) << run.session.dump(2);
  EXPECT_EQ(offered(run), (std::vector<std::string>{"juminhyo", "inkan_toroku", "kouki_jusho",
                                                    "kaigo_tenkyo_nintei"}))
      << "78: 後期高齢者医療 and 介護保険, not 国民健康保険 (75 or over) nor 児童手当 (no child)";

  EXPECT_EQ(files_ending(run.out, "-application.pdf").size(), 4U);
  const auto slips = files_ending(run.out, "-slip.pdf");
  ASSERT_EQ(slips.size(), 1U);
  const auto journal = run.out / "state" / "payments.sqlite";
  EXPECT_EQ(madoguchi::tests::sqlite_text(journal, "SELECT count(*) FROM payments"), "1")
      << "one payment for the four applications";
  EXPECT_EQ(madoguchi::tests::sqlite_text(journal, "SELECT amount_yen FROM payments"), "300");
  EXPECT_NE(pdf_text(slips[0]).find("300円"), std::string::npos);
  EXPECT_EQ(run.session["fee_total_yen"], 300) << "the visit's fee, every application's";
  if (!::testing::Test::HasFailure()) fs::remove_all(run.out.parent_path());
}

}  // namespace
