// Numbers read aloud in Japanese (speech/japanese_numbers.cpp through JapaneseReader): espeak-ng
// reads "300" as "sanhyaku" and "３００" not at all, so the library reads them itself.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "madoguchi/speech/japanese_reading.hpp"

namespace madoguchi::speech {
namespace {

std::string read(std::string_view text) {
  static JapaneseReader reader = *JapaneseReader::open();
  return reader.katakana(text);
}

using Cases = std::vector<std::pair<std::string, std::string>>;

void expect_readings(const Cases& cases) {
  for (const auto& [text, kana] : cases) EXPECT_EQ(read(text), kana) << text;
}

TEST(JapaneseNumbers, HundredsAndThousandsChangeTheirSound) {
  expect_readings({{"0", "ゼロ"},
                   {"7", "ナナ"},
                   {"10", "ジュー"},
                   {"19", "ジューキュー"},
                   {"300", "サンビャク"},
                   {"600", "ロッピャク"},
                   {"800", "ハッピャク"},
                   {"450", "ヨンヒャクゴジュー"},
                   {"750", "ナナヒャクゴジュー"},
                   {"1000", "セン"},
                   {"3000", "サンゼン"},
                   {"8000", "ハッセン"},
                   {"2027", "ニセンニジューナナ"}});
}

TEST(JapaneseNumbers, LargeNumbersByTenThousands) {
  expect_readings({{"10000", "イチマン"},
                   {"10000000", "イッセンマン"},
                   {"12345678", "センニヒャクサンジューヨンマンゴセンロッピャクナナジューハチ"},
                   {"100000000", "イチオク"},
                   {"1000000000000", "イッチョー"},
                   {"20003", "ニマンサン"}});
}

TEST(JapaneseNumbers, SeparatorsAndFullWidthDigits) {
  expect_readings({{"1,200", "センニヒャク"},
                   {"1,200円", "センニヒャクエン"},
                   {"３００", "サンビャク"},
                   {"３００円", "サンビャクエン"},
                   {"１，２００", "センニヒャク"},
                   {"12,345,678", "センニヒャクサンジューヨンマンゴセンロッピャクナナジューハチ"},
                   // Not separators: a comma before two or four digits, or after four, is a
                   // pause.
                   {"1,20", "イチ、ニジュー"},
                   {"1000,200", "セン、ニヒャク"},
                   {"1,2345", "イチ、ニセンサンビャクヨンジューゴ"}});
}

TEST(JapaneseNumbers, LeadingZeroAndLongNumbersDigitByDigit) {
  expect_readings(
      {{"0120", "ゼロイチニゼロ"},
       {"03-1234", "ゼロサン、センニヒャクサンジューヨン"},
       {"12345678901234567", "イチニサンヨンゴロクナナハチキューゼロイチニサンヨンゴロクナナ"}});
}

TEST(JapaneseNumbers, DecimalPoint) {
  expect_readings({{"1.5", "イッテンゴ"}, {"0.25", "レイテンニゴ"}, {"2.0", "ニテンゼロ"}});
}

TEST(JapaneseNumbers, YenAfterNumbers) {
  expect_readings({{"300円", "サンビャクエン"},
                   {"4円", "ヨエン"},
                   {"14円", "ジューヨエン"},
                   {"104円", "ヒャクヨエン"},
                   {"0円", "ゼロエン"},
                   {"300えん", "サンビャクエン"}});
}

TEST(JapaneseNumbers, CountersThatChangeTheNumbersSound) {
  expect_readings({{"1回", "イッカイ"},
                   {"6回", "ロッカイ"},
                   {"10回", "ジュッカイ"},
                   {"3回", "サンカイ"},
                   {"3階", "サンガイ"},
                   {"1通", "イッツー"},
                   {"1つう", "イッツー"},
                   {"2通", "ニツー"},
                   {"8歳", "ハッサイ"},
                   {"6歳", "ロクサイ"},
                   {"20歳", "ハタチ"},
                   {"60歳", "ロクジュッサイ"},
                   {"65さい", "ロクジューゴサイ"},
                   {"1分", "イップン"},
                   {"3分", "サンプン"},
                   {"4分", "ヨンプン"},
                   {"5分", "ゴフン"},
                   {"30分", "サンジュップン"},
                   {"3本", "サンボン"},
                   {"1本", "イッポン"},
                   {"2本", "ニホン"},
                   {"6か月", "ロッカゲツ"},
                   {"1ヶ月", "イッカゲツ"},
                   {"3分の1", "サンブンノイチ"},
                   {"50%", "ゴジュッパーセント"},
                   {"1件", "イッケン"},
                   {"1冊", "イッサツ"}});
}

TEST(JapaneseNumbers, DaysMonthsHoursPeopleAndThings) {
  expect_readings({{"1日", "ツイタチ"},
                   {"2日", "フツカ"},
                   {"10日", "トーカ"},
                   {"14日", "ジューヨッカ"},
                   {"17日", "ジューシチニチ"},
                   {"20日", "ハツカ"},
                   {"24日", "ニジューヨッカ"},
                   {"31日", "サンジューイチニチ"},
                   {"4月", "シガツ"},
                   {"7月", "シチガツ"},
                   {"9月", "クガツ"},
                   {"12月", "ジューニガツ"},
                   {"4時", "ヨジ"},
                   {"9時", "クジ"},
                   {"14時", "ジューヨジ"},
                   {"4年", "ヨネン"},
                   {"2024年", "ニセンニジューヨネン"},
                   {"1人", "ヒトリ"},
                   {"2人", "フタリ"},
                   {"3人", "サンニン"},
                   {"4人", "ヨニン"},
                   {"1つ", "ヒトツ"},
                   {"4つ", "ヨッツ"},
                   {"9つ", "ココノツ"}});
}

TEST(JapaneseNumbers, OtherCountersAreLeftToMeCab) {
  // 枚, けた, 号 change nothing: the number, then MeCab's reading of the word.
  expect_readings({{"2枚", "ニマイ"}, {"4けた", "ヨンケタ"}, {"2号", "ニゴー"}});
}

}  // namespace
}  // namespace madoguchi::speech
