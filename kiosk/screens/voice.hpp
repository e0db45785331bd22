// The kiosk's voice (音声案内): sentences spoken on a thread of their own, through an SDL
// audio device, so that the screen never waits for speech. A new say() cuts what is being said
// (the resident moved on); the town's recordings come before synthesis (speech/). The engine
// starts on the first sentence, so a kiosk whose residents never turn the voice on never loads
// it. Nothing said is logged or kept: the text goes to the engine, the sound to the device.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/speech/audio.hpp"

namespace madoguchi::kiosk::ui {

class Voice {
 public:
  using Clock = std::chrono::steady_clock;

  // `recordings`: the town's recorded voices (speech/recordings.hpp); a folder that does not
  // exist means synthesis only. `prepared_readings`: the readings of the kiosk's own sentences
  // (speech/prepared_readings.hpp); a file that cannot be used is said on stderr, and MeCab
  // then reads every word.
  explicit Voice(std::filesystem::path recordings, std::filesystem::path prepared_readings = {});
  ~Voice();  // stops speaking and the thread; the audio device is closed
  Voice(const Voice&) = delete;
  Voice& operator=(const Voice&) = delete;

  // Says `sentences` one after another in `language` (a kiosk code: "ja", "vi" …), after
  // cutting whatever is being said. `asked_at`: the key or tap that made it so (the latency
  // from it to the first sound is kept for the benchmark); {} when nothing the resident did
  // (a card read, a payment) made it so, and it is not timed.
  void say(std::vector<std::string> sentences, std::string language, Clock::time_point asked_at);
  // Silence now (the resident turned the voice off, the visit ended).
  void stop();
  // Lets the audio device go once it has played what it holds (the visit ended): an open
  // device's thread wakes the machine even in silence. The next say() opens it again.
  void rest();
  bool device_open() const;

  // The sound of `sentences`, whole, with a short pause between them, not played (the demo's
  // `--voice` WAV of each step). Cuts what is being said, and waits for the thread.
  std::expected<speech::Audio, std::string> render(const std::vector<std::string>& sentences,
                                                   const std::string& language);

  // True when nothing is waiting to be said or being made (the sound may still be playing).
  bool idle() const;
  // Waits until idle(), at most `timeout`.
  bool wait_idle(std::chrono::milliseconds timeout) const;

  // For session.json and the benchmark: how long from the key or tap to the first sound
  // handed to the device (ms, one per say() that made sound), the sentences said, the samples
  // handed over, and why the engine could not speak (empty when it could).
  std::vector<double> latencies_ms() const;
  std::size_t sentences_said() const;
  std::size_t samples_played() const;
  std::string problem() const;
  // Runs of Japanese words MeCab had to read (the prepared readings lacked them).
  std::size_t words_from_mecab() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::kiosk::ui
