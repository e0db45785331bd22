// The readings of the kiosk's own Japanese sentences, prepared ahead for the voice
// (speech/prepared_readings.hpp): every sentence the kiosk may say in Japanese or やさしい日本語 is
// read once with MeCab, and each run of words it read is written with its reading. The build
// runs it over the language files and the catalogue (kiosk/CMakeLists.txt); a town that edits a
// procedure can run it again:
//   madoguchi_prepare_readings OUT.tsv LANG_FOLDER CATALOG_FOLDER
// The sentences: the language files' keys (the kiosk's Japanese), the values of ja and ja-easy,
// and the catalogue's "ja" and "ja-easy" texts and its untranslated strings. A placeholder
// ({n}, {fee}) is read as a number would be, since the kiosk says one there.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "madoguchi/speech/japanese_reading.hpp"
#include "madoguchi/speech/prepared_readings.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> json_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool has_non_ascii(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
}

// Every string of a catalogue file a Japanese screen may show: under "ja" or "ja-easy", or
// not under a language at all.
void catalogue_texts(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_string()) {
    if (has_non_ascii(value.get<std::string>())) out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const auto& item : value) catalogue_texts(item, out);
  } else if (value.is_object()) {
    const bool languages = value.contains("ja") && value.contains("en");
    for (const auto& [key, item] : value.items()) {
      if (!languages || key == "ja" || key == "ja-easy") catalogue_texts(item, out);
    }
  }
}

std::optional<nlohmann::json> read_json(const fs::path& file) {
  std::ifstream in(file);
  auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) {
    std::cerr << "madoguchi_prepare_readings: " << file.string() << ": not JSON\n";
    return std::nullopt;
  }
  return json;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: madoguchi_prepare_readings OUT.tsv LANG_FOLDER CATALOG_FOLDER\n";
    return 2;
  }
  const fs::path out = argv[1];
  std::vector<std::string> sentences;
  try {
    for (const fs::path& file : json_files(argv[2])) {
      const auto json = read_json(file);
      if (!json) return 1;
      const std::string code = json->value("/language/code"_json_pointer, std::string());
      if (!json->contains("texts") || !(*json)["texts"].is_object()) continue;
      for (const auto& [key, value] : (*json)["texts"].items()) {
        sentences.push_back(key);
        if ((code == "ja" || code == "ja-easy") && value.is_string()) {
          sentences.push_back(value.get<std::string>());
        }
      }
    }
    for (const fs::path& file : json_files(argv[3])) {
      const auto json = read_json(file);
      if (!json) return 1;
      catalogue_texts(*json, sentences);
    }
  } catch (const std::exception& e) {
    std::cerr << "madoguchi_prepare_readings: " << e.what() << "\n";
    return 1;
  }

  auto stamp =
      madoguchi::speech::PreparedReadings::dictionary_stamp(madoguchi::speech::kIpadicFolder);
  auto reader = madoguchi::speech::JapaneseReader::open();
  if (!stamp || !reader) {
    std::cerr << "madoguchi_prepare_readings: "
              << (stamp ? reader.error().message : stamp.error().message) << "\n";
    return 1;
  }
  madoguchi::speech::PreparedReadings readings;
  reader->collect_into(&readings);
  const std::regex placeholder(R"(\{[A-Za-z_]+\})");
  for (const std::string& sentence : sentences) {
    reader->katakana(std::regex_replace(sentence, placeholder, "2"));
  }
  if (auto written = readings.write(out, *stamp); !written) {
    std::cerr << "madoguchi_prepare_readings: " << written.error().message << "\n";
    return 1;
  }
  std::cout << "madoguchi_prepare_readings: " << readings.size() << " runs of words from "
            << sentences.size() << " sentences in " << out.string() << "\n";
  return 0;
}
