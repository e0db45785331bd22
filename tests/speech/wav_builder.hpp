// WAV files as other programs write them, good and broken, for the tests of the reader.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::speech::tests {

struct WavShape {
  std::uint16_t format = 1;  // 1 PCM, 3 float, 0xFFFE extensible
  std::uint16_t channels = 1;
  std::uint32_t sample_rate = 16000;
  std::uint16_t bits = 16;
  std::uint16_t sub_format = 1;         // for 0xFFFE
  std::string chunks_before_data = {};  // e.g. a LIST chunk
  std::int64_t data_size_delta = 0;     // the data chunk's stated size minus its real one
};

inline void add16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}

inline void add32(std::string& out, std::uint32_t v) {
  add16(out, v & 0xFFFF);
  add16(out, v >> 16);
}

// A chunk: its tag, its size and its body, padded to an even length.
inline std::string chunk(std::string_view tag, const std::string& body) {
  std::string out(tag);
  add32(out, static_cast<std::uint32_t>(body.size()));
  out += body;
  if (body.size() % 2 == 1) out += '\0';
  return out;
}

inline std::string wav_file(const WavShape& shape, const std::vector<std::int16_t>& interleaved) {
  std::string fmt;
  add16(fmt, shape.format);
  add16(fmt, shape.channels);
  add32(fmt, shape.sample_rate);
  add32(fmt, shape.sample_rate * shape.channels * shape.bits / 8);
  add16(fmt, static_cast<std::uint16_t>(shape.channels * shape.bits / 8));
  add16(fmt, shape.bits);
  if (shape.format == 0xFFFE) {
    add16(fmt, 22);                           // extension size
    add16(fmt, shape.bits);                   // valid bits
    add32(fmt, shape.channels == 1 ? 4 : 3);  // channel mask
    add16(fmt, shape.sub_format);  // the GUID's first two bytes, then the rest of KSDATAFORMAT
    fmt += std::string("\x00\x00\x00\x00\x10\x00\x80\x00\x00\xAA\x00\x38\x9B\x71", 14);
  }
  std::string data;
  for (const std::int16_t s : interleaved) add16(data, static_cast<std::uint16_t>(s));
  std::string data_chunk = "data";
  add32(data_chunk,
        static_cast<std::uint32_t>(static_cast<std::int64_t>(data.size()) + shape.data_size_delta));
  data_chunk += data;
  const std::string body = "WAVE" + chunk("fmt ", fmt) + shape.chunks_before_data + data_chunk;
  std::string out = "RIFF";
  add32(out, static_cast<std::uint32_t>(body.size()));
  return out + body;
}

inline void write_file(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

}  // namespace madoguchi::speech::tests
