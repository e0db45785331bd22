#include "chime.hpp"

#include "audio_device.hpp"

#include <cmath>

namespace madoguchi::kiosk::ui {

namespace {

constexpr int kChimeRate = 48000;

// A note with a quick attack and a long decay, like a soft bell, at a quarter of full scale.
void append_note(std::vector<Sint16>& out, double hz, double seconds) {
  const int n = static_cast<int>(seconds * kChimeRate);
  for (int i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kChimeRate;
    const double attack = std::min(1.0, t / 0.01);
    const double decay = std::exp(-4.0 * t / seconds);
    const double wave = std::sin(2.0 * M_PI * hz * t) + 0.3 * std::sin(4.0 * M_PI * hz * t);
    out.push_back(static_cast<Sint16>(8000.0 * attack * decay * wave));
  }
}

}  // namespace

Chime::~Chime() { close(); }

void Chime::close() {
  if (device_ != 0) SDL_CloseAudioDevice(device_);
  device_ = 0;
}

bool Chime::open() {
  if (tried_) return device_ != 0;
  tried_ = true;
  device_ = open_mono_audio(kChimeRate, 1024);
  if (device_ == 0) return false;
  if (samples_.empty()) {
    append_note(samples_, 880.0, 0.22);  // A5, then E5: "pin-pon", the sound of a Japanese counter
    append_note(samples_, 659.3, 0.45);
  }
  return true;
}

void Chime::rest() {
  if (device_ == 0 || SDL_GetQueuedAudioSize(device_) != 0) return;  // still sounding
  close();
  tried_ = false;
}

void Chime::play() {
  if (!open()) return;
  SDL_ClearQueuedAudio(device_);
  if (SDL_QueueAudio(device_, samples_.data(),
                     static_cast<Uint32>(samples_.size() * sizeof(Sint16))) == 0) {
    SDL_PauseAudioDevice(device_, 0);
    ++played_;
  }
}

}  // namespace madoguchi::kiosk::ui
