// End to end, the 個人番号 on a form that needs it: the real kiosk, headless (--demo: pcscd, the
// virtual card, the directory-drop back office), a resident who lets the kiosk read the number
// for 児童手当. Then every file the kiosk wrote — screenshots, session.json, its log, the state
// folder's SQLite files (the outbox among them), the slip — is searched for the number's twelve
// digits, with and without separators: they are printed in the application's cells, sealed in
// the outbox, and delivered to the back office, and found nowhere else.
#include <gtest/gtest.h>

#include <unistd.h>

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
using madoguchi::tests::slurp;

namespace {

const fs::path kSource = MADOGUCHI_SOURCE_DIR;
const fs::path kPersona = kSource / "tests/personas/kimura-my-number.json";
constexpr std::string_view kDigits = "739154082617";  // the persona's 個人番号

// The ways the twelve digits could be written out: whole, in fours with spaces or hyphens, with
// a space after each digit (a grid's text run), full-width.
std::vector<std::string> spellings() {
  const std::string d(kDigits);
  std::string spaced;
  std::string wide;
  for (const char c : d) {
    spaced += std::string(1, c) + " ";
    wide += "\xEF\xBC" + std::string(1, static_cast<char>(0x90 + (c - '0')));  // ０..９
  }
  spaced.pop_back();
  return {d, d.substr(0, 4) + " " + d.substr(4, 4) + " " + d.substr(8),
          d.substr(0, 4) + "-" + d.substr(4, 4) + "-" + d.substr(8), spaced, wide};
}

bool holds_number(const std::string& bytes) {
  for (const auto& s : spellings()) {
    if (bytes.find(s) != std::string::npos) return true;
  }
  return false;
}

// What pdftotext finds, with every kind of white space taken out: the cells put one digit each,
// so the text may have spaces between the digits.
std::string pdf_digits_text(const fs::path& pdf, const fs::path& scratch) {
  const auto txt = scratch / (pdf.filename().string() + ".txt");
  const std::string command = "pdftotext -layout '" + pdf.string() + "' '" + txt.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::string text = slurp(txt);
  fs::remove(txt);
  std::string squeezed;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') continue;
    if (text.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    squeezed += c;
  }
  return squeezed;
}

nlohmann::json scenario() {
  return {{"name", "児童手当の認定請求、個人番号はカードから読み取る"},
          {"persona", kPersona.string()},
          {"expect_outcome", "printed"},
          {"steps",
           {{{"tap", "group:children"}},
            {{"tap", "procedure:jido_teate"}},
            {{"card", "place"}, {"wait_for", "enter_pin"}},
            {{"keypad", "$PIN"}},
            {{"tap", "submit_pin"}, {"wait_for", "confirm_identity"}},
            {{"tap", "confirm"}, {"wait_for", "my_number_consent"}},
            {{"tap", "my_number:read"}, {"wait_for", "question"}},
            {{"tap", "next"}},
            {{"tap", "choice:birth"}},
            {{"tap", "next"}},
            {{"tap", "date:today"}},
            {{"tap", "next"}},
            {{"tap", "choice:no"}},
            {{"tap", "next"}},
            {{"type", "キムラ"}},
            {{"tap", "next"}},
            {{"type", "09012345678"}},
            {{"tap", "next"}, {"wait_for", "check_answers"}},
            {{"tap", "check_page_next"}},
            {{"tap", "next"}, {"wait_for", "hand_in"}},
            {{"tap", "hand_in:paper"}, {"wait_for", "take_card"}, {"timeout_ms", 60000}},
            {{"card", "remove"}, {"wait_for", "welcome"}}}}};
}

using madoguchi::tests::KioskRun;

KioskRun run_kiosk(const fs::path& dir) {
  return madoguchi::tests::run_kiosk_scenario(KIOSK_DRIVER, dir, scenario());
}

TEST(MyNumberEndToEnd, PrintedInTheCellsSealedInTheOutboxAndNowhereElse) {
  const auto dir =
      fs::temp_directory_path() / ("madoguchi-e2e-my-number-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const KioskRun run = run_kiosk(dir);
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_TRUE(run.session.is_object()) << run.log;
  ASSERT_TRUE(run.session["steps_ok"].get<bool>()) << run.session.dump(2);
  EXPECT_EQ(run.session["procedure"], "jido_teate");
  EXPECT_EQ(run.session["outcome"], "printed");

  // The application as printed: the twelve digits in its cells, in order.
  fs::path application;
  for (const auto& entry : fs::directory_iterator(run.out)) {
    if (entry.path().string().ends_with("-application.pdf")) application = entry.path();
  }
  ASSERT_FALSE(application.empty()) << "no application printed";
  EXPECT_NE(pdf_digits_text(application, dir).find(kDigits), std::string::npos)
      << "the 個人番号 is printed in the application's cells";

  // The outbox holds it sealed: its row says it had one, and the file has no digit of it in clear.
  const auto outbox = run.out / "state" / "outbox.sqlite";
  ASSERT_TRUE(fs::exists(outbox));
  EXPECT_EQ(madoguchi::tests::sqlite_text(
                outbox, "SELECT count(*) FROM applications WHERE had_my_number = 1"),
            "1");

  // The back office's directory drop (the demo's, in the state folder) is where the town receives
  // it: the delivered JSON's "my_number", and the very PDF that was printed. Not in form_data.
  const auto drop = run.out / "state" / "back-office";
  std::vector<fs::path> delivered_json;
  std::vector<fs::path> delivered_pdf;
  for (const auto& entry : fs::directory_iterator(drop)) {
    if (entry.path().extension() == ".json") delivered_json.push_back(entry.path());
    if (entry.path().extension() == ".pdf") delivered_pdf.push_back(entry.path());
  }
  ASSERT_EQ(delivered_json.size(), 1U);
  const auto delivered = nlohmann::json::parse(slurp(delivered_json[0]), nullptr, false);
  ASSERT_TRUE(delivered.is_object());
  EXPECT_EQ(delivered.value("my_number", ""), kDigits) << "delivered to the town";
  EXPECT_FALSE(holds_number(delivered["form_data"].dump())) << "form_data never holds it";
  ASSERT_EQ(delivered_pdf.size(), 1U);
  EXPECT_EQ(slurp(delivered_pdf[0]), slurp(application));

  // Everything else the kiosk wrote: no spelling of the number in its bytes, nor in the text of
  // any other PDF (the slip), nor in its log.
  std::size_t searched = 0;
  for (const auto& entry : fs::recursive_directory_iterator(run.out)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& file = entry.path();
    if (file == application || file == delivered_json[0] || file == delivered_pdf[0]) continue;
    ++searched;
    EXPECT_FALSE(holds_number(slurp(file))) << file << " holds the 個人番号";
    if (file.extension() == ".pdf") {
      EXPECT_EQ(pdf_digits_text(file, dir).find(kDigits), std::string::npos) << file;
    }
  }
  EXPECT_GE(searched, 20U) << "screenshots, session.json, the state folder's files";
  EXPECT_FALSE(holds_number(run.log)) << "the kiosk's log holds the 個人番号";
  // The consent screen was shown, and the screens carried no more than the last four digits.
  bool consent_shown = false;
  for (const auto& step : run.session["steps"]) {
    if (step.value("screen", "") == "my_number_consent") consent_shown = true;
  }
  EXPECT_TRUE(consent_shown);

  if (!HasFailure() && std::getenv("MADOGUCHI_KEEP_TEST_LOGS") == nullptr) fs::remove_all(dir);
}

}  // namespace
