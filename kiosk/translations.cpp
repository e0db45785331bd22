#include "madoguchi/kiosk/translations.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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

Translations::Translations() {
  languages_.push_back(Language{"ja", "日本語", forms::Language::Ja, {}});
}

std::expected<Translations, std::string> Translations::load(const fs::path& folder) {
  Translations translations;
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (error) return std::unexpected(folder.string() + ": " + error.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const auto json = nlohmann::json::parse(bytes.str(), nullptr, false);
    const auto fail = [&](const std::string& why) {
      return std::unexpected(file.string() + ": " + why);
    };
    if (json.is_discarded() || !json.is_object()) return fail("not a JSON object");
    if (!json.contains("language") || !json["language"].is_object()) {
      return fail("/language: give { \"code\": …, \"name\": …, \"procedures\": … }");
    }
    const auto& about = json["language"];
    Language language;
    if (!about.contains("code") || !about["code"].is_string() || !about.contains("name") ||
        !about["name"].is_string()) {
      return fail("/language: \"code\" and \"name\" must be text");
    }
    language.code = about["code"].get<std::string>();
    language.name = about["name"].get<std::string>();
    const std::string procedures = about.value("procedures", std::string("ja"));
    if (procedures == "ja") {
      language.procedures = forms::Language::Ja;
    } else if (procedures == "ja-easy") {
      language.procedures = forms::Language::JaEasy;
    } else if (procedures == "en") {
      language.procedures = forms::Language::En;
    } else {
      return fail("/language/procedures: must be \"ja\", \"ja-easy\" or \"en\"");
    }
    if (json.contains("texts")) {
      if (!json["texts"].is_object()) return fail("/texts: must be an object");
      for (const auto& [japanese, translated] : json["texts"].items()) {
        if (!translated.is_string() || translated.get<std::string>().empty()) {
          return fail("/texts/" + japanese + ": must be non-empty text");
        }
        language.texts.emplace(japanese, translated.get<std::string>());
      }
    }
    if (language.code == "ja") {
      translations.languages_.front() = std::move(language);  // Japanese stays first
    } else {
      translations.languages_.push_back(std::move(language));
    }
  }
  // やさしい日本語 right after 日本語, then the others in file-name order.
  std::stable_sort(translations.languages_.begin() + 1, translations.languages_.end(),
                   [](const Language& a, const Language& b) {
                     return (a.code == "ja-easy") > (b.code == "ja-easy");
                   });
  return translations;
}

std::string Translations::text(std::size_t index, std::string_view japanese,
                               const Placeholders& placeholders) const {
  std::string chosen(japanese);
  if (index < languages_.size()) {
    const auto& texts = languages_[index].texts;
    if (const auto found = texts.find(japanese); found != texts.end()) chosen = found->second;
  }
  return fill_placeholders(std::move(chosen), placeholders);
}

}  // namespace madoguchi::kiosk
