// What the speech tests measure in a sound, and the real espeak-ng program as their oracle.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "madoguchi/speech/audio.hpp"
#include "madoguchi/speech/wav.hpp"
#include "support/run_program.hpp"

namespace madoguchi::speech::tests {

inline double rms(std::span<const std::int16_t> samples) {
  if (samples.empty()) return 0;
  double sum = 0;
  for (const std::int16_t s : samples) sum += static_cast<double>(s) * s;
  return std::sqrt(sum / static_cast<double>(samples.size()));
}

// The share of 20 ms frames louder than `floor` (RMS): speech, not a click and silence.
inline double voiced_fraction(const Audio& audio, double floor = 300) {
  const std::size_t frame = static_cast<std::size_t>(audio.sample_rate) / 50;
  std::size_t frames = 0;
  std::size_t voiced = 0;
  for (std::size_t at = 0; frame > 0 && at + frame <= audio.samples.size(); at += frame) {
    ++frames;
    if (rms(std::span(audio.samples).subspan(at, frame)) > floor) ++voiced;
  }
  return frames == 0 ? 0 : static_cast<double>(voiced) / static_cast<double>(frames);
}

// How alike two utterances of one sentence sound, 0–1: the correlation of their loudness in
// 20 ms frames, the better of a shift by up to 60 ms either way; 0 when their lengths differ by
// more than 5 %. Not sample equality: espeak-ng carries state from one utterance to the next
// (its noise from rand(), its pitch flutter), so only the first utterance of a process equals
// the program's to the sample. The same voice on the same sentence stays above 0.95, another
// voice falls below 0.6. (Over several sentences the pauses between them drift by tens of
// milliseconds and the frames no longer line up: compare one sentence.)
inline double likeness(const Audio& a, const Audio& b) {
  const auto envelope = [](const Audio& audio) {
    std::vector<double> frames;
    const std::size_t frame = static_cast<std::size_t>(audio.sample_rate) / 50;
    for (std::size_t at = 0; frame > 0 && at + frame <= audio.samples.size(); at += frame) {
      frames.push_back(rms(std::span(audio.samples).subspan(at, frame)));
    }
    return frames;
  };
  const double longer = static_cast<double>(std::max(a.samples.size(), b.samples.size()));
  const double shorter = static_cast<double>(std::min(a.samples.size(), b.samples.size()));
  if (shorter == 0 || shorter < 0.95 * longer || a.sample_rate != b.sample_rate) return 0;
  const std::vector<double> x = envelope(a);
  const std::vector<double> y = envelope(b);
  const auto correlation = [&](long shift) {
    std::vector<std::pair<double, double>> pairs;
    for (long i = 0; i < static_cast<long>(x.size()); ++i) {
      const long j = i + shift;
      if (j >= 0 && j < static_cast<long>(y.size())) pairs.emplace_back(x[i], y[j]);
    }
    double mean_x = 0;
    double mean_y = 0;
    for (const auto& [p, q] : pairs) {
      mean_x += p / static_cast<double>(pairs.size());
      mean_y += q / static_cast<double>(pairs.size());
    }
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (const auto& [p, q] : pairs) {
      xy += (p - mean_x) * (q - mean_y);
      xx += (p - mean_x) * (p - mean_x);
      yy += (q - mean_y) * (q - mean_y);
    }
    return xx > 0 && yy > 0 ? xy / std::sqrt(xx * yy) : 0.0;
  };
  double best = 0;
  for (long shift = -3; shift <= 3; ++shift) best = std::max(best, correlation(shift));
  return best;
}

// The espeak-ng program's sound for `text` (espeak-ng -v VOICE -s WPM -a VOLUME -w FILE).
inline Audio espeak_program(const std::string& voice, int words_per_minute, int volume,
                            const std::string& text) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("madoguchi-speech-oracle-" + std::to_string(::getpid()) + ".wav");
  madoguchi::tests::run_program({"espeak-ng", "-v", voice, "-s", std::to_string(words_per_minute),
                                 "-a", std::to_string(volume), "-w", file.string(), text});
  auto audio = read_wav(file);
  std::filesystem::remove(file);
  return audio ? *audio : Audio{};
}

}  // namespace madoguchi::speech::tests
