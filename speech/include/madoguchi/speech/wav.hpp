// WAV files: the town's recordings read (PCM 16-bit, mono or stereo, any rate) and the headless
// demo's utterances written (PCM 16-bit mono).
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "madoguchi/speech/audio.hpp"
#include "madoguchi/speech/speech_error.hpp"

namespace madoguchi::speech {

// A RIFF/WAVE file of 16-bit PCM mono at audio.sample_rate (44-byte header, then the samples).
std::vector<std::uint8_t> encode_wav(const Audio& audio);

// A RIFF/WAVE file's sound: 16-bit PCM (WAVE_FORMAT_PCM or EXTENSIBLE with the PCM
// sub-format), mono, or stereo mixed down to mono; chunks other than fmt and data are skipped.
// The cause, in a few words, when it is not such a file ("8-bit samples: only 16-bit PCM is
// read", "the data chunk says 88200 bytes, 1000 are there", …).
std::expected<Audio, std::string> decode_wav(std::span<const std::uint8_t> bytes);

// decode_wav of a file; kFile naming the file and the cause.
std::expected<Audio, SpeechError> read_wav(const std::filesystem::path& file);

// encode_wav into a file (replaced if it exists); kFile naming the file and the cause.
std::expected<void, SpeechError> write_wav(const std::filesystem::path& file, const Audio& audio);

}  // namespace madoguchi::speech
