// The screens' languages: every sentence the kiosk says (tr() and say() in kiosk/; the device
// libraries write none) must be in every language file of assets/lang,
// with the same {placeholders}; a translation no sentence uses any more is reported too.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has_japanese(const std::string& text) {
  // A lead byte of U+3000..U+9FFF (E3..E9) or of the full-width forms U+FF00.. (EF).
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 0xE3 && b <= 0xE9) || b == 0xEF) return true;  // CJK, kana, full-width forms
  }
  return false;
}

// The literal strings of tr("…") and say("…"), adjacent literals joined ("a" "b").
std::set<std::string> marked_sentences(const std::string& code) {
  std::set<std::string> found;
  static const std::regex call(R"re(\b(?:tr|say)\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+))re");
  static const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  for (auto it = std::sregex_iterator(code.begin(), code.end(), call); it != std::sregex_iterator();
       ++it) {
    const std::string literals = (*it)[1];
    std::string sentence;
    for (auto part = std::sregex_iterator(literals.begin(), literals.end(), literal);
         part != std::sregex_iterator(); ++part) {
      sentence += (*part)[1];
    }
    if (has_japanese(sentence)) found.insert(sentence);
  }
  return found;
}

// Every Japanese literal of a file of resident messages.
std::set<std::string> sentences_of_the_kiosk() {
  std::set<std::string> sentences;
  // Every room of the kiosk (devices/, session/, run/, the screens …).
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "kiosk")) {
    if (entry.path().extension() != ".cpp") continue;
    for (auto& s : marked_sentences(slurp(entry.path()))) sentences.insert(s);
  }
  return sentences;
}

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> names;
  static const std::regex slot(R"(\{([a-z_]+)\})");
  for (auto it = std::cregex_iterator(text.data(), text.data() + text.size(), slot);
       it != std::cregex_iterator(); ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

// One language's sentences packed: each found by its Japanese, in the Japanese order, and
// nothing found that is not there (a prefix, a longer sentence).
TEST(Translations, EachSentenceIsFoundByItsJapaneseAndNothingElse) {
  const std::map<std::string, std::string, std::less<>> file = {
      {"お待ちください", "Please wait"},
      {"お待ちください。", "Please wait."},
      {"カードを置いてください", "Place your card"},
      {"{n}通", "{n} copies"}};
  const Sentences sentences(file);
  ASSERT_EQ(sentences.size(), file.size());
  auto in_file = file.begin();
  for (const auto& [japanese, translated] : sentences) {
    EXPECT_EQ(japanese, in_file->first);
    EXPECT_EQ(translated, in_file->second);
    const auto found = sentences.find(japanese);
    ASSERT_NE(found, sentences.end()) << japanese;
    EXPECT_EQ(found->second, in_file->second);
    ++in_file;
  }
  for (const std::string_view absent : {"", "お待ち", "お待ちください。。", "ん", "{n}"}) {
    EXPECT_EQ(sentences.find(absent), sentences.end()) << absent;
  }
  EXPECT_EQ(Sentences().find("お待ちください"), Sentences().end());
}

TEST(Translations, TheFilesLoadWithJapaneseFirstAndEasyJapaneseNext) {
  const auto translations = Translations::load(kSource / "assets" / "lang");
  ASSERT_TRUE(translations) << translations.error();
  const auto& languages = translations->languages();
  ASSERT_GE(languages.size(), 3U);
  EXPECT_EQ(languages[0].code, "ja");
  EXPECT_EQ(languages[1].code, "ja-easy");
  EXPECT_EQ(languages[1].procedures, forms::Language::JaEasy);
}

TEST(Translations, EverySentenceIsInEveryLanguageWithItsPlaceholders) {
  const auto translations = Translations::load(kSource / "assets" / "lang");
  ASSERT_TRUE(translations) << translations.error();
  const std::set<std::string> sentences = sentences_of_the_kiosk();
  ASSERT_GT(sentences.size(), 80U) << "the scan of the kiosk's code found too few sentences";
  for (const Language& language : translations->languages()) {
    if (language.code == "ja") continue;
    for (const std::string& sentence : sentences) {
      const auto found = language.texts.find(sentence);
      if (found == language.texts.end()) {
        ADD_FAILURE() << "assets/lang/" << language.code << ".json has no \"" << sentence << "\"";
        continue;
      }
      EXPECT_EQ(placeholders(found->second), placeholders(sentence))
          << language.code << ": \"" << found->second << "\" must keep the {…} of \"" << sentence
          << "\"";
    }
    for (const auto& [japanese, translated] : language.texts) {
      EXPECT_TRUE(sentences.contains(std::string(japanese)))
          << "assets/lang/" << language.code << ".json translates \"" << japanese
          << "\", which the kiosk no longer says: remove it";
    }
  }
}

TEST(Translations, FuriganaMarkupIsWellFormed) {
  const auto translations = Translations::load(kSource / "assets" / "lang");
  ASSERT_TRUE(translations) << translations.error();
  static const std::regex ruby(R"(\{[^{}|]+\|[^{}|]+\})");
  for (const Language& language : translations->languages()) {
    for (const auto& [japanese, translated] : language.texts) {
      // What is left after taking out {漢字|かんじ} and {placeholders} has no braces or bars.
      const std::string rest = std::regex_replace(
          std::regex_replace(std::string(translated), ruby, ""), std::regex(R"(\{[a-z_]+\})"), "");
      EXPECT_EQ(rest.find_first_of("{}|"), std::string::npos)
          << language.code << ": \"" << translated << "\"";
    }
  }
}

TEST(Translations, MissingSentencesFallBackToJapaneseAndPlaceholdersAreFilled) {
  Translations japanese;
  EXPECT_EQ(japanese.text(0, "あと{n}回", {{"n", "2"}}), "あと2回");
  EXPECT_EQ(japanese.text(5, "戻る"), "戻る") << "an unknown language shows Japanese";
  const auto translations = Translations::load(kSource / "assets" / "lang");
  ASSERT_TRUE(translations);
  const auto& languages = translations->languages();
  for (std::size_t i = 0; i < languages.size(); ++i) {
    if (languages[i].code != "en") continue;
    EXPECT_EQ(translations->text(i, "a sentence nobody translated"),
              "a sentence nobody translated");
    EXPECT_NE(translations->text(i, "戻る"), "戻る");
  }
}

TEST(Translations, ABrokenFileNamesItself) {
  const fs::path dir = fs::temp_directory_path() / ("madoguchi-lang-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "xx.json")
      << R"({"language": {"code": "xx", "name": "X", "procedures": "fr"}})";
  const auto translations = Translations::load(dir);
  ASSERT_FALSE(translations);
  EXPECT_NE(translations.error().find("xx.json"), std::string::npos) << translations.error();
  EXPECT_NE(translations.error().find("/language/procedures"), std::string::npos);
  fs::remove_all(dir);
}

// Each file says whether a native speaker has checked it: "checked" must name who did, and
// the drafts of assets/lang say they are drafts (docs/languages.md).
TEST(Translations, AFileSaysWhoCheckedItOrThatItIsADraft) {
  const fs::path dir =
      fs::temp_directory_path() / ("madoguchi-lang-status-" + std::to_string(::getpid()));
  const auto load_one = [&](const std::string& about) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "vi.json") << R"({"language": {"code": "vi", "name": "Tiếng Việt", )"
                                   << R"("procedures": "vi", )" << about << R"(}, "texts": {}})";
    return Translations::load(dir);
  };
  const auto unnamed = load_one(R"("status": "checked", "checked_by": "")");
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().find("/language/checked_by"), std::string::npos) << unnamed.error();
  const auto unknown = load_one(R"("status": "verified", "checked_by": "")");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("/language/status"), std::string::npos) << unknown.error();
  const auto named = load_one(R"("status": "checked", "checked_by": "Nguyễn Thị Lan, 2027-01")");
  ASSERT_TRUE(named) << named.error();
  EXPECT_TRUE(named->languages().back().checked);
  EXPECT_EQ(named->languages().back().procedures, forms::Language::Vi);
  fs::remove_all(dir);

  const auto shipped = Translations::load(kSource / "assets" / "lang");
  ASSERT_TRUE(shipped) << shipped.error();
  ASSERT_EQ(shipped->languages().size(), forms::kLanguageCount);
  for (std::size_t i = 0; i < shipped->languages().size(); ++i) {
    // In the order the procedure files know them, each showing its own procedure texts.
    EXPECT_EQ(shipped->languages()[i].procedures, forms::kLanguages[i]);
    EXPECT_EQ(shipped->languages()[i].code, forms::language_code(forms::kLanguages[i]));
  }
}

}  // namespace
}  // namespace madoguchi::kiosk
