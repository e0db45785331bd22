// The screens' words in the resident's language. Japanese is the source: the kiosk's code
// writes every sentence in Japanese, and a translation file maps each sentence to another
// language, so adding a language is adding a file (assets/lang/<code>.json):
//
//   { "language": { "code": "en", "name": "English", "procedures": "en", "status": "draft",
//                   "checked_by": "" },
//     "texts": { "ご用件をお選びください": "What would you like to do?", … } }
//
// "procedures" says which language of the procedure files to show (forms::Language: ja,
// ja-easy, en, zh-Hans, zh-Hant, ko, vi, pt-BR, tl, ne; ja when a file lacks it). "status"
// tells the town whether a native speaker has checked the file ("checked", with "checked_by")
// or not yet ("draft"); docs/languages.md. A sentence may hold {placeholders} ("あと{n}回"), filled
// in after translation, and, in やさしい日本語, furigana markup {漢字|かんじ} that the screens draw
// as ruby.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/sentences.hpp"

namespace madoguchi::kiosk {

struct Language {
  std::string code;  // "ja", "ja-easy", "en", "zh-Hans", …
  std::string name;  // what the language button says, in that language: "English"
  forms::Language procedures = forms::Language::Ja;
  bool checked = false;  // a native speaker has checked it ("status": "checked")
  Sentences texts;       // Japanese sentence -> this language
};

// A language file holds a few hundred sentences: a few hundred kilobytes at most.
inline constexpr std::uintmax_t kLanguageFileLargest = 2 * 1024 * 1024;

using Placeholders = std::vector<std::pair<std::string_view, std::string>>;

class Translations {
 public:
  // Japanese only (no files): every sentence as written in the code.
  Translations();

  // Every *.json in `folder`; Japanese comes first whatever the files say. A broken file is
  // an error naming the file, the JSON pointer and what is wrong (settings_file.hpp: unknown
  // keys, wrong types and texts too long are refused).
  static std::expected<Translations, std::string> load(const std::filesystem::path& folder);

  const std::vector<Language>& languages() const { return languages_; }
  // The sentence in language `index` (the Japanese source if that language lacks it), with
  // its placeholders filled in.
  std::string text(std::size_t index, std::string_view japanese,
                   const Placeholders& placeholders = {}) const;

 private:
  std::vector<Language> languages_;
};

// Marks a Japanese sentence for translation where it is written down before it is shown (a
// table, a message the session keeps): the translation check (tests/kiosk) finds every say()
// and tr() in the kiosk's code and requires each language file to have the sentence.
constexpr const char* say(const char* japanese) { return japanese; }

// "あと{n}回" with {"n", "2"} -> "あと2回".
std::string fill_placeholders(std::string text, const Placeholders& placeholders);

}  // namespace madoguchi::kiosk
