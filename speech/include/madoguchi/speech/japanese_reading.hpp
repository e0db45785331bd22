// The kana reading of Japanese text, which is what espeak-ng's Japanese voice can say (it names
// a kanji "Chinese letter"). A word's pronunciation comes from MeCab with the IPA dictionary
// (住民票 → ジューミンヒョー, は → ワ); furigana markup {漢字|かんじ} gives its own reading;
// numbers are read by the library (300円 → サンビャクエン, ３００ and 1,200 too), since
// espeak-ng reads 300 as "sanhyaku" and full-width digits not at all.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "madoguchi/speech/prepared_readings.hpp"
#include "madoguchi/speech/speech_error.hpp"

namespace madoguchi::speech {

// Debian's mecab-ipadic-utf8. Not /var/lib/mecab/dic/debian: the alternatives system may point
// that at jumandic, whose entries have other fields.
inline constexpr std::string_view kIpadicFolder = "/var/lib/mecab/dic/ipadic-utf8";

class JapaneseReader {
 public:
  // Opens MeCab on an ipadic folder in UTF-8 (its own settings only: no mecabrc is read).
  // kDictionaryMissing, naming the folder and MeCab's cause, when it cannot. With `prepared`
  // readings (read with this dictionary's stamp), MeCab is opened only for a word they lack,
  // and a dictionary that cannot be opened then is problem().
  static std::expected<JapaneseReader, SpeechError> open(
      const std::filesystem::path& ipadic_folder = kIpadicFolder,
      std::shared_ptr<const PreparedReadings> prepared = nullptr);

  JapaneseReader(JapaneseReader&&) noexcept;
  JapaneseReader& operator=(JapaneseReader&&) noexcept;
  ~JapaneseReader();

  // The reading in katakana, as espeak-ng should say it:
  //  * a word MeCab knows becomes its pronunciation (発音: 手数料 → テスーリョー, は → ワ);
  //    a word it does not know keeps its surface (hiragana as katakana);
  //  * {base|reading} markup gives the reading, in katakana, without asking MeCab;
  //  * numbers (ASCII or full-width digits, 1,200 with separators, 1.5) are read in Japanese,
  //    with the sound changes of the counter after them (1回 イッカイ, 4円 ヨエン, 14日
  //    ジューヨッカ, 1つ ヒトツ, 2人 フタリ); a number that starts with 0 is read digit by digit;
  //  * 。！？. become 。, 、，・;:…- become 、 (pauses), 〜 カラ; brackets and other signs a space;
  //  * Latin letters stay, with a space either side (espeak-ng reads them in English);
  //  * a space in the text stays one space (やさしい日本語's 分かち書き).
  // Not thread-safe: one thread at a time per reader.
  std::string katakana(std::string_view text);

  // Lets go of MeCab (its dictionary's pages): the next word the prepared readings lack opens
  // it again. Why it could not be opened again, if so (those words kept their surface).
  void rest();
  const std::optional<SpeechError>& problem() const { return problem_; }
  // Every run of words MeCab reads from now on is also added to `into`
  // (madoguchi-prepare-readings); nullptr stops it.
  void collect_into(PreparedReadings* into) { collect_ = into; }
  // Runs of words read by MeCab, and times MeCab was opened, since open().
  std::size_t words_from_mecab() const { return words_from_mecab_; }
  std::size_t mecab_opens() const { return mecab_opens_; }

 private:
  struct Tagger;
  struct TaggerDeleter {
    void operator()(Tagger* tagger) const;
  };
  JapaneseReader(std::unique_ptr<Tagger, TaggerDeleter> tagger, std::filesystem::path folder,
                 std::shared_ptr<const PreparedReadings> prepared);
  static std::expected<std::unique_ptr<Tagger, TaggerDeleter>, SpeechError> open_mecab(
      const std::filesystem::path& ipadic_folder);
  void read_words(std::string_view text, std::string& out);
  void read_with_mecab(std::string_view text, std::string& out);

  std::unique_ptr<Tagger, TaggerDeleter> tagger_;  // null while resting
  std::filesystem::path folder_;
  std::shared_ptr<const PreparedReadings> prepared_;
  std::optional<SpeechError> problem_;
  PreparedReadings* collect_ = nullptr;
  std::size_t words_from_mecab_ = 0;
  std::size_t mecab_opens_ = 0;
};

}  // namespace madoguchi::speech
