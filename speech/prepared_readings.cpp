#include "madoguchi/speech/prepared_readings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace madoguchi::speech {
namespace {

constexpr std::string_view kHeader = "# madoguchi prepared readings 1";
constexpr std::string_view kDictionaryLine = "# dictionary ";
// The files MeCab reads from an ipadic folder, and how much of sys.dic's head is hashed (its
// header: version, sizes and charset, and the start of the double array).
constexpr std::array<const char*, 4> kDictionaryFiles = {"sys.dic", "matrix.bin", "char.bin",
                                                         "unk.dic"};
constexpr std::size_t kHeadBytes = 4096;

SpeechError readings_error(const std::filesystem::path& file, const std::string& why) {
  return {SpeechError::Kind::kFile, "prepared readings " + file.string() + ": " + why};
}

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::expected<std::string, SpeechError> PreparedReadings::dictionary_stamp(
    const std::filesystem::path& ipadic_folder) {
  std::ostringstream stamp;
  stamp << "ipadic";
  for (const char* name : kDictionaryFiles) {
    std::error_code error;
    const auto size = std::filesystem::file_size(ipadic_folder / name, error);
    if (error) {
      return std::unexpected(
          SpeechError{SpeechError::Kind::kDictionaryMissing,
                      "cannot read " + (ipadic_folder / name).string() + ": " + error.message()});
    }
    stamp << ' ' << name << '=' << size;
  }
  std::ifstream in(ipadic_folder / "sys.dic", std::ios::binary);
  std::string head(kHeadBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  stamp << " head=" << std::hex << fnv1a(head);
  return stamp.str();
}

std::expected<PreparedReadings, SpeechError> PreparedReadings::read(
    const std::filesystem::path& file, std::string_view stamp) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return std::unexpected(readings_error(file, "cannot be read"));
  PreparedReadings readings;
  readings.text_.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
  in.seekg(0);
  if (!in.read(readings.text_.data(), static_cast<std::streamsize>(readings.text_.size()))) {
    return std::unexpected(readings_error(file, "cannot be read"));
  }
  const std::string_view text = readings.text_;
  std::size_t at = 0;
  std::size_t line_number = 0;
  std::string_view previous;
  while (at < text.size()) {
    ++line_number;
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    const auto broken = [&](const std::string& why) {
      return std::unexpected(
          readings_error(file, "line " + std::to_string(line_number) + ": " + why));
    };
    if (line_number == 1 && line != kHeader) {
      return broken("not a prepared readings file (it must start \"" + std::string(kHeader) +
                    "\")");
    }
    if (line_number == 2) {
      if (!line.starts_with(kDictionaryLine)) return broken("no \"# dictionary\" line");
      if (line.substr(kDictionaryLine.size()) != stamp) {
        return broken("made with another MeCab dictionary (" +
                      std::string(line.substr(kDictionaryLine.size())) + "; this one is " +
                      std::string(stamp) + "): run madoguchi-prepare-readings again");
      }
    }
    if (line_number > 2) {
      const std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos || tab == 0 || tab + 1 == line.size() ||
          line.find('\t', tab + 1) != std::string_view::npos) {
        return broken("not \"words<TAB>reading\"");
      }
      const std::string_view words = line.substr(0, tab);
      if (!previous.empty() && words <= previous) return broken("not sorted, or a repeated entry");
      previous = words;
      readings.entries_.push_back({at, tab, at + tab + 1, line.size() - tab - 1});
    }
    at = end + 1;
  }
  if (line_number < 2) return std::unexpected(readings_error(file, "empty or cut short"));
  return readings;
}

void PreparedReadings::add(std::string_view words, std::string_view reading) {
  collected_.emplace(std::string(words), std::string(reading));
}

std::expected<void, SpeechError> PreparedReadings::write(const std::filesystem::path& file,
                                                         std::string_view stamp) const {
  std::map<std::string, std::string, std::less<>> all = collected_;
  for (const Entry& e : entries_) {
    all.emplace(std::string(words(e)), text_.substr(e.reading_at, e.reading_size));
  }
  std::string out =
      std::string(kHeader) + "\n" + std::string(kDictionaryLine) + std::string(stamp) + "\n";
  for (const auto& [w, reading] : all) {
    if (w.find_first_of("\t\n") != std::string::npos ||
        reading.find_first_of("\t\n") != std::string::npos) {
      continue;  // JapaneseReader never gives MeCab a tab or a line break
    }
    out += w + "\t" + reading + "\n";
  }
  const std::filesystem::path part = file.string() + ".part";
  {
    std::ofstream stream(part, std::ios::binary | std::ios::trunc);
    stream << out;
    if (!stream.flush()) return std::unexpected(readings_error(part, "cannot be written"));
  }
  std::error_code error;
  std::filesystem::rename(part, file, error);
  if (error) return std::unexpected(readings_error(file, "cannot be written: " + error.message()));
  return {};
}

std::optional<std::string_view> PreparedReadings::find(std::string_view words_wanted) const {
  const auto it =
      std::lower_bound(entries_.begin(), entries_.end(), words_wanted,
                       [&](const Entry& e, std::string_view w) { return words(e) < w; });
  if (it != entries_.end() && words(*it) == words_wanted) {
    return std::string_view(text_).substr(it->reading_at, it->reading_size);
  }
  if (const auto c = collected_.find(words_wanted); c != collected_.end()) return c->second;
  return std::nullopt;
}

}  // namespace madoguchi::speech
