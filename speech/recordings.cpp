#include "madoguchi/speech/recordings.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "madoguchi/speech/languages.hpp"
#include "madoguchi/speech/wav.hpp"

namespace madoguchi::speech {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kManifest = "recordings.json";
// A manifest is a list of sentences: a megabyte is thousands of them.
constexpr std::uintmax_t kLargestManifest = 1u << 20;

std::expected<std::string, std::string> read_text(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::unexpected("missing: each language folder needs one");
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return std::unexpected(ec.message());
  if (size > kLargestManifest) return std::unexpected("larger than 1 MiB");
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(size))) {
    return std::unexpected("cannot be read");
  }
  return text;
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 2, column 3: …" without its
// bracketed id, which tells staff nothing.
std::string json_cause(const std::exception& e) {
  std::string what = e.what();
  if (what.starts_with("[json.exception.")) {
    if (const auto end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
  }
  return "not JSON: " + what;
}

bool is_plain_file_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

}  // namespace

RecordedVoices RecordedVoices::load(const fs::path& folder) {
  RecordedVoices voices;
  std::error_code ec;
  if (!fs::exists(folder, ec)) return voices;
  if (!fs::is_directory(folder, ec)) {
    voices.problems_.push_back({folder, folder.string() + ": not a folder"});
    return voices;
  }
  std::vector<fs::path> languages;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_directory(ec)) languages.push_back(entry.path());  // a README may lie beside
  }
  if (ec) voices.problems_.push_back({folder, folder.string() + ": " + ec.message()});
  std::ranges::sort(languages);
  for (const fs::path& language_folder : languages) {
    const auto choice = voice_for(language_folder.filename().string());
    if (!choice) {
      voices.problems_.push_back(
          {language_folder,
           language_folder.string() + ": not a language of the kiosk: " + choice.error().message});
      continue;
    }
    const std::string language(choice->language);
    if (voices.files_.contains(language)) {
      voices.problems_.push_back({language_folder, language_folder.string() +
                                                       ": a second folder for language " +
                                                       language + " (left out)"});
      continue;
    }
    voices.load_language(language_folder, language);
  }
  return voices;
}

void RecordedVoices::load_language(const fs::path& folder, const std::string& language) {
  const fs::path manifest = folder / kManifest;
  const auto problem = [&](const fs::path& file, const std::string& cause) {
    problems_.push_back({file, file.string() + ": " + cause});
  };
  const auto text = read_text(manifest);
  if (!text) return problem(manifest, text.error());
  nlohmann::json entries;
  try {
    entries = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    return problem(manifest, json_cause(e));
  }
  if (!entries.is_object()) {
    return problem(manifest, "must be an object from a sentence to a WAV file name");
  }
  auto& files = files_[language];
  for (const auto& [key, value] : entries.items()) {
    const std::string entry = "\"" + key + "\"";
    if (key.empty()) {
      problem(manifest, "an empty sentence (left out)");
      continue;
    }
    if (!value.is_string() || !is_plain_file_name(value.get<std::string>())) {
      problem(manifest, entry + ": " + value.dump() + " is not the name of a file in " +
                            folder.string() + " (left out)");
      continue;
    }
    const fs::path wav = folder / value.get<std::string>();
    if (const auto sound = read_wav(wav); !sound) {
      problems_.push_back({wav, sound.error().message + " (for " + entry + ", left out)"});
      continue;
    }
    files.emplace(key, wav);
  }
}

const fs::path* RecordedVoices::file_for(std::string_view language, std::string_view key) const {
  const auto choice = voice_for(language);
  if (!choice) return nullptr;
  const auto in_language = files_.find(choice->language);
  if (in_language == files_.end()) return nullptr;
  const auto file = in_language->second.find(key);
  return file == in_language->second.end() ? nullptr : &file->second;
}

bool RecordedVoices::has(std::string_view language, std::string_view key) const {
  return file_for(language, key) != nullptr;
}

std::expected<Audio, SpeechError> RecordedVoices::audio(std::string_view language,
                                                        std::string_view key) const {
  const fs::path* file = file_for(language, key);
  if (file == nullptr) {
    return std::unexpected(
        SpeechError{SpeechError::Kind::kNoRecording,
                    "no recording in " + std::string(language) + " for this sentence"});
  }
  return read_wav(*file);
}

std::size_t RecordedVoices::size() const {
  std::size_t count = 0;
  for (const auto& [language, files] : files_) count += files.size();
  return count;
}

}  // namespace madoguchi::speech
