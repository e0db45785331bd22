#include "madoguchi/speech/wav.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace madoguchi::speech {
namespace {

constexpr std::uint16_t kFormatPcm = 1;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;
// A recording larger than this is not a spoken sentence (10 minutes of 48 kHz stereo is 110 MB).
constexpr std::uintmax_t kLargestFile = 64u << 20;

void put16(std::vector<std::uint8_t>& out, std::uint32_t value) {
  out.push_back(static_cast<std::uint8_t>(value & 0xFF));
  out.push_back(static_cast<std::uint8_t>((value >> 8) & 0xFF));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  put16(out, value & 0xFFFF);
  put16(out, value >> 16);
}

std::uint32_t get16(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint32_t>(bytes[at] | (bytes[at + 1] << 8));
}

std::uint32_t get32(std::span<const std::uint8_t> bytes, std::size_t at) {
  return get16(bytes, at) | (get16(bytes, at + 2) << 16);
}

bool tag_is(std::span<const std::uint8_t> bytes, std::size_t at, std::string_view tag) {
  return std::memcmp(bytes.data() + at, tag.data(), 4) == 0;
}

struct Format {
  std::uint32_t channels = 0;
  std::uint32_t sample_rate = 0;
  std::uint32_t bits = 0;
};

std::expected<Format, std::string> read_format(std::span<const std::uint8_t> chunk) {
  if (chunk.size() < 16) return std::unexpected("the fmt chunk is too short");
  std::uint32_t tag = get16(chunk, 0);
  // EXTENSIBLE names its real format in the first two bytes of its sub-format GUID.
  if (tag == kFormatExtensible && chunk.size() >= 26) tag = get16(chunk, 24);
  const Format format{get16(chunk, 2), get32(chunk, 4), get16(chunk, 14)};
  if (tag != kFormatPcm) {
    return std::unexpected("format " + std::to_string(tag) + ": only PCM (1) is read");
  }
  if (format.bits != 16) {
    return std::unexpected(std::to_string(format.bits) + "-bit samples: only 16-bit PCM is read");
  }
  if (format.channels != 1 && format.channels != 2) {
    return std::unexpected(std::to_string(format.channels) +
                           " channels: only mono or stereo is read");
  }
  if (format.sample_rate < 1000 || format.sample_rate > 384000) {
    return std::unexpected("sample rate " + std::to_string(format.sample_rate) +
                           " Hz is not a rate for sound");
  }
  return format;
}

Audio to_mono(std::span<const std::uint8_t> data, const Format& format) {
  Audio audio{{}, static_cast<int>(format.sample_rate)};
  const std::size_t frame = 2 * format.channels;
  audio.samples.reserve(data.size() / frame);
  for (std::size_t at = 0; at + frame <= data.size(); at += frame) {
    const auto sample = [&](std::size_t channel) {
      return static_cast<std::int16_t>(get16(data, at + 2 * channel));
    };
    // Stereo: the mean of both channels (no clipping: it lies between them).
    audio.samples.push_back(
        format.channels == 1 ? sample(0) : static_cast<std::int16_t>((sample(0) + sample(1)) / 2));
  }
  return audio;
}

SpeechError file_error(const std::filesystem::path& file, const std::string& cause) {
  return SpeechError{SpeechError::Kind::kFile, file.string() + ": " + cause};
}

}  // namespace

std::vector<std::uint8_t> encode_wav(const Audio& audio) {
  const auto data_bytes = static_cast<std::uint32_t>(audio.samples.size() * 2);
  const auto rate = static_cast<std::uint32_t>(audio.sample_rate);
  std::vector<std::uint8_t> out;
  out.reserve(44 + data_bytes);
  for (const char c : std::string_view("RIFF")) out.push_back(static_cast<std::uint8_t>(c));
  put32(out, 36 + data_bytes);
  for (const char c : std::string_view("WAVEfmt ")) out.push_back(static_cast<std::uint8_t>(c));
  put32(out, 16);
  put16(out, kFormatPcm);
  put16(out, 1);  // mono
  put32(out, rate);
  put32(out, rate * 2);  // bytes per second
  put16(out, 2);         // bytes per frame
  put16(out, 16);        // bits per sample
  for (const char c : std::string_view("data")) out.push_back(static_cast<std::uint8_t>(c));
  put32(out, data_bytes);
  for (const std::int16_t sample : audio.samples) put16(out, static_cast<std::uint16_t>(sample));
  return out;
}

std::expected<Audio, std::string> decode_wav(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 12 || !tag_is(bytes, 0, "RIFF") || !tag_is(bytes, 8, "WAVE")) {
    return std::unexpected("not a WAV file (no RIFF/WAVE header)");
  }
  std::optional<Format> format;
  for (std::size_t at = 12; at + 8 <= bytes.size();) {
    const std::uint32_t size = get32(bytes, at + 4);
    const std::size_t body = at + 8;
    const std::size_t there = bytes.size() - body;
    if (tag_is(bytes, at, "fmt ")) {
      if (size > there) return std::unexpected("the fmt chunk is cut short");
      auto read = read_format(bytes.subspan(body, size));
      if (!read) return std::unexpected(read.error());
      format = *read;
    } else if (tag_is(bytes, at, "data")) {
      if (!format) return std::unexpected("the data chunk comes before the fmt chunk");
      if (size > there) {
        return std::unexpected("the data chunk says " + std::to_string(size) + " bytes, " +
                               std::to_string(there) + " are there");
      }
      if (size < 2 * format->channels) return std::unexpected("no samples in the data chunk");
      return to_mono(bytes.subspan(body, size), *format);
    }
    at = body + size + (size & 1);  // chunks are padded to an even length
    if (at < body) break;           // a size that wraps around
  }
  return std::unexpected(format ? "no data chunk" : "no fmt chunk");
}

std::expected<Audio, SpeechError> read_wav(const std::filesystem::path& file) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec) return std::unexpected(file_error(file, ec.message()));
  if (size > kLargestFile) {
    return std::unexpected(
        file_error(file, "larger than " + std::to_string(kLargestFile >> 20) + " MiB"));
  }
  std::ifstream in(file, std::ios::binary);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return std::unexpected(file_error(file, "cannot be read"));
  }
  auto audio = decode_wav(bytes);
  if (!audio) return std::unexpected(file_error(file, audio.error()));
  return std::move(*audio);
}

std::expected<void, SpeechError> write_wav(const std::filesystem::path& file, const Audio& audio) {
  if (audio.sample_rate <= 0) return std::unexpected(file_error(file, "no sample rate"));
  const std::vector<std::uint8_t> bytes = encode_wav(audio);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return std::unexpected(file_error(file, std::strerror(errno)));
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return std::unexpected(file_error(file, "could not be written in full"));
  return {};
}

}  // namespace madoguchi::speech
