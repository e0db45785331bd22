// Numbers read aloud in Japanese, for JapaneseReader: espeak-ng's Japanese voice reads "300" as
// "sanhyaku" and full-width digits not at all, and MeCab gives a number no reading.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::speech {

struct NumberReading {
  std::string kana;        // "サンビャクエン"
  std::size_t length = 0;  // the bytes of the text it reads: "300円" is 6
};

// The number that starts `text` (ASCII digits: the caller has folded full-width ones) and the
// counter after it, if the counter changes how the number sounds; nullopt if `text` does not
// start with a digit.
//  * 1,200 (groups of three after a comma) is one number; 1.5 is イッテンゴ;
//  * up to 16 digits are read as a number (…マン, …オク, …チョー), with the sound changes of
//    百 and 千 (サンビャク, ロッピャク, ハッセン); a longer one, or one that starts with 0
//    (a telephone number, 0120), digit by digit;
//  * a counter that changes the number's sound is read with it (1回 イッカイ, 10分 ジュップン,
//    3本 サンボン, 4円 ヨエン, 4月 シガツ, 1日 ツイタチ, 14日 ジューヨッカ, 20歳 ハタチ,
//    1つ ヒトツ, 2人 フタリ), in kanji or in hiragana (1つう, 300えん, 65さい); any other
//    counter is left to the caller.
std::optional<NumberReading> read_number(std::string_view text);

}  // namespace madoguchi::speech
