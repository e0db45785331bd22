#include "madoguchi/speech/japanese_reading.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "japanese_numbers.hpp"
#include "madoguchi/text/kana.hpp"
#include "madoguchi/text/ruby.hpp"
#include "mecab_library.hpp"

namespace madoguchi::speech {
namespace {

// ipadic's feature: 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音 — field 8 is how
// the word is said (手数料 テスーリョー, は ワ); an unknown word has 7 fields.
constexpr std::size_t kPronunciation = 8;

std::vector<std::string_view> fields(std::string_view feature) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0;;) {
    const std::size_t comma = feature.find(',', at);
    out.push_back(feature.substr(at, comma - at));
    if (comma == std::string_view::npos) return out;
    at = comma + 1;
  }
}

bool is_utf8_name(std::string_view charset) {
  std::string folded;
  for (const char c : charset) {
    if (c != '-' && c != '_') folded += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return folded == "utf8";
}

// Punctuation as espeak-ng hears a pause: 。 ends a sentence, 、 a clause; any other sign
// (brackets, quotes, ※) is a space. After normalize_width, so ！ is "!" and ， is ",".
constexpr std::array<std::string_view, 5> kSentenceEnds{"。", ".", "!", "?", "｡"};
constexpr std::array<std::string_view, 8> kClauseEnds{"、", ",", "・", ";", ":", "…", "､", "-"};
constexpr std::array<std::string_view, 26> kSpaces{
    "「", "」", "『", "』", "(",  ")",  "[", "]", "【", "】", "〔", "〕", "{",
    "}",  "<",  ">",  "〈", "〉", "\"", "'", "“", "”",  "‘",  "’",  "※",  "/"};

template <std::size_t N>
std::size_t starts_with_any(std::string_view text, const std::array<std::string_view, N>& list) {
  for (const std::string_view sign : list) {
    if (text.starts_with(sign)) return sign.size();
  }
  return 0;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_latin(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// One space at most, none at the ends or beside a pause.
std::string tidy(const std::string& reading) {
  std::string out;
  bool space = false;
  for (std::size_t at = 0; at < reading.size(); ++at) {
    if (reading[at] == ' ') {
      space = true;
      continue;
    }
    const bool pause = reading.compare(at, 3, "。") == 0 || reading.compare(at, 3, "、") == 0;
    const bool after_pause = out.ends_with("。") || out.ends_with("、");
    if (space && !out.empty() && !pause && !after_pause) out += ' ';
    space = false;
    out += reading[at];
  }
  return out;
}

}  // namespace

struct JapaneseReader::Tagger {
  const detail::MecabLibrary* library = nullptr;
  mecab_t* mecab = nullptr;
};

void JapaneseReader::TaggerDeleter::operator()(Tagger* tagger) const {
  if (tagger->mecab != nullptr) tagger->library->destroy(tagger->mecab);
  delete tagger;
}

JapaneseReader::JapaneseReader(std::unique_ptr<Tagger, TaggerDeleter> tagger,
                               std::filesystem::path folder,
                               std::shared_ptr<const PreparedReadings> prepared)
    : tagger_(std::move(tagger)), folder_(std::move(folder)), prepared_(std::move(prepared)) {}
JapaneseReader::JapaneseReader(JapaneseReader&&) noexcept = default;
JapaneseReader& JapaneseReader::operator=(JapaneseReader&&) noexcept = default;
JapaneseReader::~JapaneseReader() = default;

std::expected<std::unique_ptr<JapaneseReader::Tagger, JapaneseReader::TaggerDeleter>, SpeechError>
JapaneseReader::open_mecab(const std::filesystem::path& ipadic_folder) {
  const auto missing = [&](const std::string& cause) {
    return std::unexpected(SpeechError{SpeechError::Kind::kDictionaryMissing,
                                       "MeCab cannot read Japanese with the dictionary in " +
                                           ipadic_folder.string() + ": " + cause});
  };
  const auto library = detail::mecab_library();
  if (!library) return missing(library.error());
  // The folder named and an empty rcfile: what the machine's mecabrc says does not matter.
  std::array<std::string, 3> args{"madoguchi-speech", "--dicdir=" + ipadic_folder.string(),
                                  "--rcfile=/dev/null"};
  std::array<char*, 3> argv{args[0].data(), args[1].data(), args[2].data()};
  std::unique_ptr<Tagger, TaggerDeleter> tagger(new Tagger{*library, nullptr});
  tagger->mecab = (*library)->create(static_cast<int>(argv.size()), argv.data());
  if (tagger->mecab == nullptr) {
    const char* cause = (*library)->error(nullptr);
    return missing(cause != nullptr && *cause != '\0' ? cause : "no reason given");
  }
  const mecab_dictionary_info_t* info = (*library)->dictionary_info(tagger->mecab);
  if (info == nullptr || info->charset == nullptr || !is_utf8_name(info->charset)) {
    return missing(std::string("the dictionary is not in UTF-8 (") +
                   (info != nullptr && info->charset != nullptr ? info->charset : "unknown") +
                   "): use mecab-ipadic-utf8");
  }
  return tagger;
}

std::expected<JapaneseReader, SpeechError> JapaneseReader::open(
    const std::filesystem::path& ipadic_folder, std::shared_ptr<const PreparedReadings> prepared) {
  // With prepared readings (made with this dictionary: PreparedReadings::read checked its
  // stamp), MeCab is not opened until a word needs it; a visit that says only the kiosk's own
  // sentences never touches it, nor its library's code.
  if (prepared) return JapaneseReader(nullptr, ipadic_folder, std::move(prepared));
  auto tagger = open_mecab(ipadic_folder);
  if (!tagger) return std::unexpected(tagger.error());
  JapaneseReader reader(std::move(*tagger), ipadic_folder, nullptr);
  reader.mecab_opens_ = 1;
  return reader;
}

void JapaneseReader::rest() { tagger_.reset(); }

// A run of words: from the prepared readings when they have it, else from MeCab (opened again
// if it rests).
void JapaneseReader::read_words(std::string_view text, std::string& out) {
  if (text.empty()) return;
  if (prepared_ != nullptr && collect_ == nullptr) {
    if (const auto reading = prepared_->find(text)) {
      out += *reading;
      return;
    }
  }
  if (!tagger_) {
    auto tagger = open_mecab(folder_);
    if (!tagger) {
      problem_ = tagger.error();
      out += text::to_katakana(text);  // said as written rather than not at all
      return;
    }
    tagger_ = std::move(*tagger);
    ++mecab_opens_;
    problem_.reset();
  }
  ++words_from_mecab_;
  if (collect_ == nullptr) {
    read_with_mecab(text, out);
    return;
  }
  std::string reading;
  read_with_mecab(text, reading);
  collect_->add(text, reading);
  out += reading;
}

// Words through MeCab: kana, no digits, no Latin letters, no spaces or pauses (katakana()
// took those out).
void JapaneseReader::read_with_mecab(std::string_view text, std::string& out) {
  const mecab_node_t* node = tagger_->library->parse(tagger_->mecab, text.data(), text.size());
  for (; node != nullptr; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
    const std::string_view surface(node->surface, node->length);
    const std::vector<std::string_view> feature = fields(node->feature);
    if (node->stat == MECAB_UNK_NODE) {
      out += text::to_katakana(surface);  // a name ipadic does not know (its "記号" too: 𠮷)
    } else if (feature.front() == "記号") {
      out += ' ';  // 〒, ○, →: nothing to say, but words stay apart
    } else if (feature.size() > kPronunciation && feature[kPronunciation] != "*") {
      out += feature[kPronunciation];
    } else {
      out += text::to_katakana(surface);
    }
  }
}

std::string JapaneseReader::katakana(std::string_view marked_up) {
  const text::RubyText ruby = text::parse_ruby(marked_up);
  std::string out;
  const auto read_plain = [&](std::string_view plain) {
    const std::string text = text::normalize_width(plain);
    std::size_t words_from = 0;
    std::size_t at = 0;
    const auto words_end = [&](std::size_t skip, std::string_view said) {
      read_words(std::string_view(text).substr(words_from, at - words_from), out);
      out += said;
      at += skip;
      words_from = at;
    };
    while (at < text.size()) {
      const std::string_view rest = std::string_view(text).substr(at);
      std::size_t sign = 0;
      if (const auto number = read_number(rest)) {
        words_end(number->length, number->kana);
      } else if (is_latin(rest[0])) {
        const auto run =
            static_cast<std::size_t>(std::ranges::find_if_not(rest, is_latin) - rest.begin());
        words_end(run, " " + std::string(rest.substr(0, run)) + " ");
      } else if (is_space(rest[0])) {
        words_end(1, " ");
      } else if ((sign = starts_with_any(rest, kSentenceEnds)) != 0) {
        words_end(sign, "。");
      } else if ((sign = starts_with_any(rest, kClauseEnds)) != 0) {
        words_end(sign, "、");
      } else if ((sign = starts_with_any(rest, kSpaces)) != 0) {
        words_end(sign, " ");
      } else if (rest.starts_with("〜") || rest.starts_with("~")) {
        words_end(rest[0] == '~' ? 1 : 3, "カラ");  // 9時〜17時: クジカラジューシチジ
      } else {
        ++at;  // inside a word; every sign above starts with a byte no UTF-8 sequence continues
      }
    }
    words_end(0, "");
  };
  std::size_t at = 0;
  for (const text::Reading& reading : ruby.rubies) {
    read_plain(std::string_view(ruby.plain).substr(at, reading.begin - at));
    out += text::to_katakana(text::normalize_width(reading.reading));
    at = reading.end;
  }
  read_plain(std::string_view(ruby.plain).substr(at));
  return tidy(out);
}

}  // namespace madoguchi::speech
