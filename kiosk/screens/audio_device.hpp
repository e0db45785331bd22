// The kiosk's sound goes out as 16-bit mono at a rate of its own (the chime at 48 kHz, the
// voice at espeak-ng's 22,050 Hz): one SDL audio device each, opened the same way.
#pragma once

#include <SDL.h>

namespace madoguchi::kiosk::ui {

// A device for 16-bit mono sound at `rate`, samples queued with SDL_QueueAudio (`buffer`:
// SDL's callback size in samples); 0 when there is none (SDL_GetError says why). SDL's audio
// starts with the first one opened.
inline SDL_AudioDeviceID open_mono_audio(int rate, Uint16 buffer) {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return 0;
  SDL_AudioSpec want{};
  want.freq = rate;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = buffer;
  return SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
}

}  // namespace madoguchi::kiosk::ui
