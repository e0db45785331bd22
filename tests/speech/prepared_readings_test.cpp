// The readings prepared ahead for the kiosk's own sentences (PreparedReadings): the file, its
// faults, and JapaneseReader taking words from it instead of MeCab; the build's file checked
// against MeCab itself on every sentence it was made from.
#include "madoguchi/speech/prepared_readings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "madoguchi/speech/japanese_reading.hpp"
#include "support/own_mappings.hpp"
#include "support/test_folder.hpp"
#include "support/text_file.hpp"

namespace madoguchi::speech {
namespace {

namespace fs = std::filesystem;

std::string stamp() { return *PreparedReadings::dictionary_stamp(kIpadicFolder); }

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

class PreparedReadingsTest : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = tests::make_test_folder("readings"); }
  void TearDown() override { tests::remove_test_folder(folder_); }
  fs::path folder_;
};

TEST_F(PreparedReadingsTest, WrittenSortedAndReadBack) {
  PreparedReadings made;
  made.add("写し", "ウツシ");
  made.add("住民票の", "ジューミンヒョーノ");
  made.add("です", "デス");
  ASSERT_TRUE(made.write(folder_ / "r.tsv", stamp()));
  const auto read = PreparedReadings::read(folder_ / "r.tsv", stamp());
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->size(), 3U);
  EXPECT_EQ(read->find("住民票の"), "ジューミンヒョーノ");
  EXPECT_EQ(read->find("です"), "デス");
  EXPECT_FALSE(read->find("住民票"));
  EXPECT_FALSE(read->find(""));
}

TEST_F(PreparedReadingsTest, AFileMadeWithAnotherDictionaryIsRefused) {
  PreparedReadings made;
  made.add("です", "デス");
  ASSERT_TRUE(made.write(folder_ / "r.tsv", "ipadic sys.dic=1 head=0"));
  const auto read = PreparedReadings::read(folder_ / "r.tsv", stamp());
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, SpeechError::Kind::kFile);
  EXPECT_NE(read.error().message.find("another MeCab dictionary"), std::string::npos)
      << read.error().message;
  EXPECT_NE(read.error().message.find("madoguchi-prepare-readings"), std::string::npos);
}

TEST_F(PreparedReadingsTest, ABrokenFileIsNamedWithItsLine) {
  const std::string head = "# madoguchi prepared readings 1\n# dictionary " + stamp() + "\n";
  const struct {
    std::string text, says;
  } cases[] = {
      {"", "empty"},
      {"hello\n", "line 1: not a prepared readings file"},
      {"# madoguchi prepared readings 1\nです\tデス\n", "line 2: no \"# dictionary\" line"},
      {head + "です\tデス\nまで\n", "line 4: not \"words<TAB>reading\""},
      {head + "です\tデス\n\tデス\n", "line 4: not \"words<TAB>reading\""},
      {head + "まで\tマデ\nです\tデス\n", "line 4: not sorted"},
      {head + "です\tデス\nです\tデス\n", "line 4: not sorted, or a repeated entry"},
  };
  for (const auto& c : cases) {
    write_text(folder_ / "r.tsv", c.text);
    const auto read = PreparedReadings::read(folder_ / "r.tsv", stamp());
    ASSERT_FALSE(read) << c.text;
    EXPECT_NE(read.error().message.find(c.says), std::string::npos) << read.error().message;
    EXPECT_NE(read.error().message.find((folder_ / "r.tsv").string()), std::string::npos);
  }
  EXPECT_FALSE(PreparedReadings::read(folder_ / "missing.tsv", stamp()));
  EXPECT_FALSE(PreparedReadings::dictionary_stamp("/nonexistent/ipadic"));
}

TEST_F(PreparedReadingsTest, TheReaderTakesPreparedWordsAndAsksMecabOnlyForTheOthers) {
  // A reading MeCab would never give shows that the prepared one is used.
  PreparedReadings made;
  made.add("住民票の写しを", "テストテスト");
  ASSERT_TRUE(made.write(folder_ / "r.tsv", stamp()));
  auto prepared = PreparedReadings::read(folder_ / "r.tsv", stamp());
  ASSERT_TRUE(prepared);
  auto reader = JapaneseReader::open(
      kIpadicFolder, std::make_shared<const PreparedReadings>(std::move(*prepared)));
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->mecab_opens(), 0U) << "not opened before a word needs it";
  EXPECT_EQ(reader->katakana("住民票の写しを2通"), "テストテストニツー");
  EXPECT_EQ(reader->words_from_mecab(), 0U);
  EXPECT_EQ(reader->mecab_opens(), 0U);
  EXPECT_EQ(reader->katakana("手数料は300円です"), "テスーリョーワサンビャクエンデス");
  EXPECT_EQ(reader->words_from_mecab(), 2U);  // 手数料は, です
  EXPECT_EQ(reader->mecab_opens(), 1U);
  reader->rest();
  EXPECT_EQ(reader->katakana("住民票の写しを"), "テストテスト");
  EXPECT_EQ(reader->mecab_opens(), 1U);
  EXPECT_FALSE(reader->problem());
}

// A dictionary that cannot be opened when a word the prepared readings lack comes: the word is
// said as written, and problem() names the folder; the prepared words are read as before.
TEST_F(PreparedReadingsTest, ADictionaryGoneWhenAWordNeedsItIsTheReadersProblem) {
  PreparedReadings made;
  made.add("住民票の写しを", "ジューミンヒョーノウツシヲ");
  auto reader =
      JapaneseReader::open("/nonexistent/ipadic", std::make_shared<const PreparedReadings>(made));
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->katakana("住民票の写しを"), "ジューミンヒョーノウツシヲ");
  EXPECT_FALSE(reader->problem());
  EXPECT_EQ(reader->katakana("てすうりょう"), "テスウリョウ");
  ASSERT_TRUE(reader->problem());
  EXPECT_EQ(reader->problem()->kind, SpeechError::Kind::kDictionaryMissing);
  EXPECT_NE(reader->problem()->message.find("/nonexistent/ipadic"), std::string::npos);
}

// MeCab's library is not loaded with the program (0.8 MB at start): a reader with prepared
// readings says the kiosk's sentences without it; the first word they lack loads it.
TEST_F(PreparedReadingsTest, MecabsLibraryIsLoadedOnlyWhenAWordNeedsIt) {
  ASSERT_FALSE(madoguchi::tests::is_mapped("/libmecab.so")) << "loaded with the program";
  PreparedReadings made;
  made.add("住民票の写しを", "ジューミンヒョーノウツシヲ");
  auto reader = JapaneseReader::open(kIpadicFolder, std::make_shared<const PreparedReadings>(made));
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->katakana("住民票の写しを1通"), "ジューミンヒョーノウツシヲイッツー");
  EXPECT_FALSE(madoguchi::tests::is_mapped("/libmecab.so"));
  EXPECT_EQ(reader->katakana("手数料"), "テスーリョー");
  EXPECT_TRUE(madoguchi::tests::is_mapped("/libmecab.so"));
}

// The file the build made from the language files and the catalogue: every sentence of
// やさしい日本語 and every Japanese key reads the same with it as with MeCab alone, and none of
// them needs MeCab.
TEST_F(PreparedReadingsTest, TheBuildsFileReadsTheKiosksSentencesAsMecabDoes) {
  auto prepared = PreparedReadings::read(MADOGUCHI_PREPARED_READINGS, stamp());
  ASSERT_TRUE(prepared) << prepared.error().message;
  EXPECT_GE(prepared->size(), 1000U);
  auto with = JapaneseReader::open(kIpadicFolder,
                                   std::make_shared<const PreparedReadings>(std::move(*prepared)));
  auto without = JapaneseReader::open();
  ASSERT_TRUE(with && without);
  std::ifstream in(MADOGUCHI_SOURCE_DIR "/assets/lang/ja-easy.json");
  const nlohmann::json language = nlohmann::json::parse(in);
  const std::regex placeholder(R"(\{[A-Za-z_]+\})");
  std::size_t sentences = 0;
  for (const auto& [key, value] : language.at("texts").items()) {
    for (const std::string& text : {key, value.get<std::string>()}) {
      for (const char* number : {"1", "3", "12"}) {
        const std::string said = std::regex_replace(text, placeholder, number);
        EXPECT_EQ(with->katakana(said), without->katakana(said)) << said;
        ++sentences;
      }
    }
  }
  EXPECT_GE(sentences, 600U);
  EXPECT_EQ(with->words_from_mecab(), 0U);
  EXPECT_EQ(with->mecab_opens(), 0U) << "MeCab never opened";
}

}  // namespace
}  // namespace madoguchi::speech
