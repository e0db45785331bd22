#include "madoguchi/kiosk/translations.hpp"

#include <algorithm>

#include "madoguchi/kiosk/settings_file.hpp"

namespace madoguchi::kiosk {

namespace fs = std::filesystem;

std::string fill_placeholders(std::string text, const Placeholders& placeholders) {
  for (const auto& [name, value] : placeholders) {
    const std::string slot = "{" + std::string(name) + "}";
    for (auto at = text.find(slot); at != std::string::npos;
         at = text.find(slot, at + value.size())) {
      text.replace(at, slot.size(), value);
    }
  }
  return text;
}

namespace {

std::size_t language_rank(std::string_view code) {
  const auto language = forms::language_of(code);
  return language ? static_cast<std::size_t>(*language) : forms::kLanguageCount;
}

// "status": "draft" (written by the town or its supplier, no native speaker has checked it
// yet) or "checked" with "checked_by" naming who checked it. Japanese, the source, is checked.
bool read_status(const settings::Object& about) {
  const std::string status = about.has("status") ? about.text("status", 16, "") : "draft";
  if (status != "draft" && status != "checked") {
    about.refuse_at("status", "must be \"draft\" or \"checked\", not \"" + status + "\"");
  }
  // "checked_by": "" is how a draft says nobody has checked it yet.
  const bool named = about.has("checked_by") && about.at("checked_by") != nlohmann::json("");
  const std::string by = named ? about.text("checked_by", 80, "") : std::string();
  if (status == "checked" && by.empty()) {
    about.refuse_at("checked_by",
                    "must name who checked the translation when \"status\" is "
                    "\"checked\"");
  }
  return status == "checked";
}

}  // namespace

Translations::Translations() {
  languages_.push_back(Language{"ja", "日本語", forms::Language::Ja, true, {}});
}

std::expected<Translations, std::string> Translations::load(const fs::path& folder) {
  Translations translations;
  std::vector<fs::path> files;
  std::error_code error;
  fs::directory_iterator entry(folder, error);
  for (; !error && entry != fs::directory_iterator(); entry.increment(error)) {
    if (entry->path().extension() == ".json") files.push_back(entry->path());
  }
  if (error) return std::unexpected(folder.string() + ": " + error.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const std::string name = file.string();
    auto language = settings::checked(name, [&] {
      const nlohmann::json json = settings::read_json(file, kLanguageFileLargest);
      const settings::Object root(json, name, "", "a language file");
      root.allow_only({"language", "texts"});
      const settings::Object about = root.object("language", "the language");
      about.allow_only({"code", "name", "procedures", "status", "checked_by"});
      Language read;
      read.code = about.text("code", 16, "(a language tag such as \"en\" or \"pt-BR\")");
      read.name = about.text("name", 24, "fit the language button");
      const std::string procedures =
          about.has("procedures") ? about.text("procedures", 16, "") : std::string("ja");
      if (const auto shown = forms::language_of(procedures)) {
        read.procedures = *shown;
      } else {
        std::string known;
        for (const forms::Language l : forms::kLanguages) {
          known += (known.empty() ? "\"" : ", \"") + std::string(forms::language_code(l)) + "\"";
        }
        about.refuse_at("procedures", "must be one of " + known + ", not \"" + procedures + "\"");
      }
      read.checked = read_status(about);
      if (root.has("texts")) {
        const settings::Object texts = root.object("texts", "the sentences");
        std::map<std::string, std::string, std::less<>> sentences;
        for (const auto& [japanese, translated] : root.at("texts").items()) {
          if (!translated.is_string() || translated.get<std::string>().empty()) {
            texts.refuse_at(japanese,
                            "must be non-empty text, not " + settings::describe(translated));
          }
          sentences.emplace(japanese, translated.get<std::string>());
        }
        read.texts = Sentences(sentences);
      }
      return read;
    });
    if (!language) return std::unexpected(language.error().to_string());
    if (language->code == "ja") {
      language->checked = true;  // the source the kiosk's code is written in
      translations.languages_.front() = std::move(*language);  // Japanese stays first
    } else {
      translations.languages_.push_back(std::move(*language));
    }
  }
  // In the order the procedure files know the languages (日本語, やさしい日本語, English,
  // 简体中文 …), then any other in file-name order.
  std::stable_sort(translations.languages_.begin() + 1, translations.languages_.end(),
                   [](const Language& a, const Language& b) {
                     return language_rank(a.code) < language_rank(b.code);
                   });
  return translations;
}

std::string Translations::text(std::size_t index, std::string_view japanese,
                               const Placeholders& placeholders) const {
  std::string chosen(japanese);
  if (index < languages_.size()) {
    const auto& texts = languages_[index].texts;
    if (const auto found = texts.find(japanese); found != texts.end()) {
      chosen = std::string(found->second);
    }
  }
  return fill_placeholders(std::move(chosen), placeholders);
}

}  // namespace madoguchi::kiosk
