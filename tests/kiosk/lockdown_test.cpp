// The full-screen kiosk's interactive loop (KioskApp::run) locked down, driven with SDL events
// pushed onto its queue under SDL's offscreen driver: no key or key combination ends it; a window
// (--windowed) ends on Ctrl+Esc; an SDL_QUIT nobody asked for ends it with a non-zero exit code;
// 終了 on the staff menu ends it with 0.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include <SDL.h>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/access_code.hpp"
#include "madoguchi/kiosk/session.hpp"
#include "screens/kiosk_app.hpp"

namespace madoguchi::kiosk::ui {
namespace {

namespace fs = std::filesystem;

class Lockdown : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    ::setenv("SDL_AUDIODRIVER", "dummy", 1);
  }

  std::unique_ptr<KioskApp> open(Session& session, bool fullscreen) {
    WindowOptions window;
    window.fullscreen = fullscreen;
    window.font = MADOGUCHI_FONT;
    auto app = KioskApp::create(window, session, std::nullopt);
    EXPECT_TRUE(app.has_value()) << app.error();
    return app ? std::move(*app) : nullptr;
  }

  static Session session() {
    return Session(
        forms::load_catalog(fs::path(MADOGUCHI_SOURCE_DIR) / "forms" / "catalog").procedures);
  }

  static void push_key(SDL_Keycode key, Uint16 modifiers) {
    for (const Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
      SDL_Event event{};
      event.type = type;
      event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
      event.key.keysym.sym = key;
      event.key.keysym.scancode = SDL_GetScancodeFromKey(key);
      event.key.keysym.mod = modifiers;
      ASSERT_EQ(SDL_PushEvent(&event), 1) << SDL_GetError();
    }
  }

  static void push_quit() {
    SDL_Event event{};
    event.type = SDL_QUIT;
    SDL_PushEvent(&event);
  }
};

TEST_F(Lockdown, NoKeyEndsTheFullScreenKiosk) {
  Session s = session();
  auto app = open(s, true);
  ASSERT_TRUE(app);
  push_key(SDLK_ESCAPE, KMOD_LCTRL);  // the developer's quit key
  push_key(SDLK_F4, KMOD_LALT);       // a window manager's close
  push_key(SDLK_ESCAPE, KMOD_NONE);
  push_key(SDLK_TAB, KMOD_LALT);
  push_key(SDLK_q, KMOD_LCTRL);
  push_key(SDLK_w, KMOD_LCTRL);
  push_key(SDLK_F12, KMOD_NONE);
  // Only then something ends the loop: the window taken away, which nobody here asked for.
  push_quit();
  const Ending ending = app->run();
  EXPECT_EQ(ending, Ending::Unasked) << "a key ended the full-screen kiosk";
  EXPECT_EQ(s.screen(), Screen::Welcome);
}

TEST_F(Lockdown, AnSdlQuitNobodyAskedForExitsNonZero) {
  Session s = session();
  auto app = open(s, true);
  ASSERT_TRUE(app);
  push_quit();
  const Ending ending = app->run();
  ASSERT_EQ(ending, Ending::Unasked);
  EXPECT_NE(exit_code(ending), 0) << "systemd's Restart= must bring the kiosk back";
  EXPECT_EQ(exit_code(Ending::StoppedByStaff), 0);
  EXPECT_EQ(exit_code(Ending::StoppedBySignal), 0);
}

TEST_F(Lockdown, AWindowEndsOnCtrlEsc) {
  Session s = session();
  auto app = open(s, false);
  ASSERT_TRUE(app);
  push_key(SDLK_ESCAPE, KMOD_NONE);  // Esc alone is not the quit key
  push_key(SDLK_ESCAPE, KMOD_LCTRL);
  push_quit();  // not reached when Ctrl+Esc ends the loop first
  const Ending ending = app->run();
  EXPECT_EQ(ending, Ending::QuitKey);
  EXPECT_EQ(exit_code(ending), 0);
}

TEST_F(Lockdown, StaffStopTheFullScreenKioskFromTheStaffMenu) {
  Session s = session();
  s.set_roster(Session::CodePad::Staff,
               Roster({RosterEntry{"S001", "田中", hash_access_code("135790").value()}}));
  auto app = open(s, true);
  ASSERT_TRUE(app);
  app->settle(std::chrono::milliseconds(5000));
  ASSERT_TRUE(app->hold("staff_corner", std::chrono::milliseconds(3300)));
  for (const char digit : std::string("135790")) {
    ASSERT_TRUE(app->tap(std::string("staff_key:") + digit));
  }
  ASSERT_TRUE(app->tap("staff_submit"));
  app->settle(std::chrono::milliseconds(5000));
  ASSERT_TRUE(s.sign_in().staff_menu_open());
  ASSERT_TRUE(app->tap("staff_stop"));
  // The loop sees the stop at its first frame; an SDL_QUIT a few seconds on ends a loop that
  // missed it (and the test fails on it rather than hanging).
  auto guard = std::async(std::launch::async, [] {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    push_quit();
  });
  const Ending ending = app->run();
  EXPECT_EQ(ending, Ending::StoppedByStaff);
  EXPECT_EQ(s.sign_in().stopped_by(), "S001");
  EXPECT_EQ(exit_code(ending), 0);
  guard.wait();
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
