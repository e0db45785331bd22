// The chime lets its audio device go once it has played (an open device's thread wakes the
// machine even in silence), and plays the same sound again after (SDL's dummy audio driver,
// which takes the samples in real time).
#include "screens/chime.hpp"

#include <SDL.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace madoguchi::kiosk::ui {
namespace {

using namespace std::chrono_literals;

// How long the chime kept its device after play(), resting it every 20 ms.
std::chrono::milliseconds until_rested(Chime& chime) {
  const auto played = std::chrono::steady_clock::now();
  while (chime.open_now() && std::chrono::steady_clock::now() - played < 5s) {
    chime.rest();
    std::this_thread::sleep_for(20ms);
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               played);
}

TEST(Chime, LetsItsAudioDeviceGoOnceItHasPlayedAndPlaysTheSameAgain) {
  ::setenv("SDL_AUDIODRIVER", "dummy", 1);
  ASSERT_EQ(SDL_InitSubSystem(SDL_INIT_AUDIO), 0) << SDL_GetError();
  {
    Chime chime;
    chime.play();
    ASSERT_EQ(chime.played(), 1u);
    ASSERT_TRUE(chime.open_now());
    chime.rest();
    EXPECT_TRUE(chime.open_now()) << "let go while still sounding";
    const auto first = until_rested(chime);
    EXPECT_FALSE(chime.open_now()) << "still open " << first.count() << " ms after playing";
    EXPECT_GE(first, 500ms) << "the pin-pon lasts about 0.67 s";

    chime.play();
    EXPECT_EQ(chime.played(), 2u);
    EXPECT_TRUE(chime.open_now());
    const auto second = until_rested(chime);
    EXPECT_FALSE(chime.open_now());
    EXPECT_LT(second, first + 300ms) << "the same sound, not twice as long";
  }
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
