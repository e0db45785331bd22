// The voice lets its audio device go when the visit ends, once it has played what it holds (an
// open device's thread wakes the machine even in silence), and speaks again after (SDL's dummy
// audio driver, which takes the samples in real time; English, which needs no dictionary).
#include <SDL.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <thread>

#include "screens/voice.hpp"

namespace madoguchi::kiosk::ui {
namespace {

using namespace std::chrono_literals;

bool within(std::chrono::milliseconds limit, const std::function<bool()>& done) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

TEST(VoiceRest, TheDeviceGoesOnceItHasPlayedAndTheVoiceSpeaksAgainAfter) {
  ::setenv("SDL_AUDIODRIVER", "dummy", 1);
  ASSERT_EQ(SDL_InitSubSystem(SDL_INIT_AUDIO), 0) << SDL_GetError();
  {
    Voice voice("/nonexistent/voices");
    voice.say({"Thank you for waiting."}, "en", {});
    ASSERT_TRUE(within(10s, [&] { return voice.device_open(); })) << voice.problem();
    voice.rest();
    EXPECT_TRUE(within(15s, [&] { return !voice.device_open(); }))
        << "the device stays open after the visit";
    const auto before = voice.samples_played();
    voice.say({"Welcome."}, "en", {});
    EXPECT_TRUE(within(10s, [&] { return voice.device_open() && voice.samples_played() > before; }))
        << "no sound after the rest";
  }
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
