// The kana reading of the kiosk's Japanese (JapaneseReader): MeCab's pronunciation, furigana
// markup, pauses; cross-checked against the mecab program on the kiosk's own sentences.
#include "madoguchi/speech/japanese_reading.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_program.hpp"
#include "support/text_file.hpp"

namespace madoguchi::speech {
namespace {

namespace fs = std::filesystem;

JapaneseReader& reader() {
  static JapaneseReader opened = *JapaneseReader::open();
  return opened;
}

TEST(JapaneseReading, KioskSentencesSayTheirWords) {
  EXPECT_EQ(reader().katakana("住民票の写し"), "ジューミンヒョーノウツシ");
  EXPECT_EQ(reader().katakana("手数料は300円です"), "テスーリョーワサンビャクエンデス");
  EXPECT_EQ(reader().katakana("暗証番号を入力してください"),
            "アンショーバンゴーヲニューリョクシテクダサイ");
  EXPECT_EQ(reader().katakana("暗証番号の残り回数が1回です。"),
            "アンショーバンゴーノノコリカイスーガイッカイデス。");
  EXPECT_EQ(reader().katakana("4けたの数字を押してください"), "ヨンケタノスージヲオシテクダサイ");
}

TEST(JapaneseReading, FuriganaMarkupGivesTheReading) {
  // The markup's reading, not MeCab's: 漢字 marked かな is read カナ.
  EXPECT_EQ(reader().katakana("{漢字|かな}"), "カナ");
  EXPECT_EQ(reader().katakana("{住民票|じゅうみんひょう}の{写|うつ}し"),
            "ジュウミンヒョウノウツシ");
  // やさしい日本語 as the language file writes it, spaces between the words kept.
  EXPECT_EQ(reader().katakana("{番号|ばんごう}が {呼|よ}ばれるまで {待|ま}って ください"),
            "バンゴウガ ヨバレルマデ マッテ クダサイ");
  EXPECT_EQ(reader().katakana("{手数料|てすうりょう}は 300えんです"),
            "テスウリョウワ サンビャクエンデス");
}

TEST(JapaneseReading, KanaStaysAndUnknownWordsKeepTheirSurface) {
  EXPECT_EQ(reader().katakana("マイナンバーカード"), "マイナンバーカード");
  EXPECT_EQ(reader().katakana("ズンドコベロンチョ"), "ズンドコベロンチョ");
  EXPECT_EQ(reader().katakana("𠮷"), "𠮷");  // a kanji ipadic does not know: its surface
}

TEST(JapaneseReading, PunctuationBecomesPauses) {
  EXPECT_EQ(reader().katakana("はい、いいえ。"), "ハイ、イーエ。");  // MeCab: いいえ is said イーエ
  EXPECT_EQ(reader().katakana("本当ですか？はい！"), "ホントーデスカ。ハイ。");
  EXPECT_EQ(reader().katakana("「住民票」（写し）"), "ジューミンヒョー ウツシ");
  EXPECT_EQ(reader().katakana("ジョン・スミス"), "ジョン、スミス");
  EXPECT_EQ(reader().katakana("9時〜17時"), "クジカラジューシチジ");
}

TEST(JapaneseReading, LatinLettersStandApartForEspeak) {
  // espeak-ng's Japanese voice garbles kana glued to Latin letters; apart, it reads them.
  EXPECT_EQ(reader().katakana("ICカード"), "IC カード");
  EXPECT_EQ(reader().katakana("ＱＲコードで"), "QR コードデ");
}

TEST(JapaneseReading, TheSameAsTheMecabProgramOnTheKiosksSentences) {
  // Every sentence of the kiosk's language files that is plain Japanese (no digits, Latin
  // letters or signs other than 。、, where the library reads on its own), through the mecab
  // program with the same dictionary: the pronunciation field of each word, one after another.
  constexpr std::array<std::string_view, 18> kSigns{"「", "」", "『", "』", "【", "】",
                                                    "〔", "〕", "〈", "〉", "・", "〜",
                                                    "…",  "“",  "”",  "※",  "　", "｡"};
  std::ifstream in(MADOGUCHI_SOURCE_DIR "/assets/lang/ja-easy.json");
  const nlohmann::json language = nlohmann::json::parse(in);
  std::vector<std::string> sentences;
  for (const auto& [key, value] : language.at("texts").items()) {
    const bool plain = std::ranges::none_of(key, [](char c) {
      return (c >= 0 && c < 0x7F) || c == static_cast<char>(0xEF);  // ASCII, full-width forms
    });
    const bool signs = std::ranges::any_of(
        kSigns, [&](std::string_view sign) { return key.find(sign) != std::string::npos; });
    if (plain && !signs) sentences.push_back(key);
  }
  ASSERT_GE(sentences.size(), 20u);
  const fs::path input =
      fs::temp_directory_path() / ("madoguchi-speech-mecab-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(input);
    for (const std::string& sentence : sentences) out << sentence << '\n';
  }
  const auto mecab = madoguchi::tests::run_program(
      {"mecab", "-r", "/dev/null", "-d", std::string(kIpadicFolder), input.string()});
  fs::remove(input);
  ASSERT_EQ(mecab.exit_code, 0);
  std::vector<std::string> readings(1);
  std::istringstream lines(mecab.output);
  for (std::string line; std::getline(lines, line);) {
    if (line == "EOS") {
      readings.emplace_back();
      continue;
    }
    const std::string surface = line.substr(0, line.find('\t'));
    std::vector<std::string> fields;
    std::istringstream feature(line.substr(line.find('\t') + 1));
    for (std::string field; std::getline(feature, field, ',');) fields.push_back(field);
    readings.back() += fields.size() > 8 ? fields[8] : surface;
  }
  readings.pop_back();
  ASSERT_EQ(readings.size(), sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    EXPECT_EQ(reader().katakana(sentences[i]), readings[i]) << sentences[i];
  }
}

TEST(JapaneseReading, AMissingDictionaryIsNamed) {
  const auto opened = JapaneseReader::open("/nonexistent/ipadic");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, SpeechError::Kind::kDictionaryMissing);
  EXPECT_NE(opened.error().message.find("/nonexistent/ipadic"), std::string::npos)
      << opened.error().message;
}

TEST(JapaneseReading, ADictionaryNotInUtf8IsRefused) {
  // Debian's mecab-ipadic (EUC-JP) beside mecab-ipadic-utf8: its readings would not be UTF-8.
  const fs::path euc_jp = "/var/lib/mecab/dic/ipadic";
  if (!fs::exists(euc_jp / "sys.dic")) GTEST_SKIP() << "mecab-ipadic is not installed";
  const auto opened = JapaneseReader::open(euc_jp);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, SpeechError::Kind::kDictionaryMissing);
  EXPECT_NE(opened.error().message.find("UTF-8"), std::string::npos) << opened.error().message;
}

}  // namespace
}  // namespace madoguchi::speech
