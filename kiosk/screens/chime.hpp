// The kiosk's sound cues: a soft two-note chime when the resident must act without looking at
// the screen — カードとお控えをお取りください, the card taken off mid-way, まだ続けますか？.
// Synthesised (no sound file); silent where no audio device opens (headless CI uses SDL's
// dummy driver, which still takes the samples).
#pragma once

#include <SDL.h>

#include <cstddef>
#include <vector>

namespace madoguchi::kiosk::ui {

class Chime {
 public:
  Chime() = default;
  ~Chime();
  Chime(const Chime&) = delete;
  Chime& operator=(const Chime&) = delete;

  void play();
  // Lets the audio device go once the chime has played: an open device's thread runs (and
  // wakes the machine tens of times a second) even with nothing to play, and the welcome screen
  // should wake nobody (issue 22). The next play() opens it again.
  void rest();
  // Whether the device is open: a chime is playing, or has not been let go yet.
  bool open_now() const { return device_ != 0; }
  void close();  // before SDL_Quit
  // How many chimes were handed to an audio device (session.json "chimes").
  std::size_t played() const { return played_; }

 private:
  bool open();
  SDL_AudioDeviceID device_ = 0;
  bool tried_ = false;
  std::vector<Sint16> samples_;
  std::size_t played_ = 0;
};

}  // namespace madoguchi::kiosk::ui
