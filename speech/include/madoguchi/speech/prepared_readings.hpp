// The readings MeCab gives the words of the kiosk's own sentences, prepared ahead (at build
// time, by madoguchi-prepare-readings over the language files and the catalogue), so that a
// visit with 音声案内 need not open MeCab: the pages of its dictionary a sentence touches
// (4–5 MB) are the largest thing the voice adds to a visit's memory. JapaneseReader asks MeCab
// only for words the file lacks (a town's new procedure, a resident's name read on request).
//
// The file is text, one entry per line, sorted by the words: "words<TAB>reading". Its second
// line names the dictionary it was made with (dictionary_stamp); a file made with another
// dictionary is refused, since the readings could differ from what MeCab now says.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/speech/speech_error.hpp"

namespace madoguchi::speech {

class PreparedReadings {
 public:
  // What identifies the ipadic in `folder`: its files' sizes and the head of sys.dic.
  // kDictionaryMissing, naming the file, when one cannot be read.
  static std::expected<std::string, SpeechError> dictionary_stamp(
      const std::filesystem::path& ipadic_folder);

  // Reads `file`, made for the dictionary `stamp` names. kFile, naming the file and the line,
  // when it cannot be read, is broken, or was made for another dictionary.
  static std::expected<PreparedReadings, SpeechError> read(const std::filesystem::path& file,
                                                           std::string_view stamp);

  // Kept while the readings are collected (madoguchi-prepare-readings), then written sorted.
  void add(std::string_view words, std::string_view reading);
  std::expected<void, SpeechError> write(const std::filesystem::path& file,
                                         std::string_view stamp) const;

  // The reading of a run of words as JapaneseReader gives it to MeCab; nullopt when not here.
  std::optional<std::string_view> find(std::string_view words) const;
  std::size_t size() const { return entries_.size() + collected_.size(); }

 private:
  struct Entry {  // where an entry's words and reading are in text_
    std::size_t words_at, words_size, reading_at, reading_size;
  };
  std::string_view words(const Entry& e) const { return {text_.data() + e.words_at, e.words_size}; }
  std::string text_;  // the file as read
  std::vector<Entry> entries_;
  std::map<std::string, std::string, std::less<>> collected_;
};

}  // namespace madoguchi::speech
