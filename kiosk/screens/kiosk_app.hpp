// The kiosk's window: SDL2 + Dear ImGui 1.86 with the SDL software renderer,
// the session, the device worker and the glyph atlas, drawn frame by frame.
// Interactive mode sleeps in SDL_WaitEventTimeout and draws only when
// something changed; headless mode is driven step by step by a scenario.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk_window.hpp"
#include "madoguchi/kiosk/device_worker.hpp"
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk::ui {

class Ui;
struct ScreenState;

// What the redraw check found: frames compared, frames that differed from a whole repaint,
// and the first of them ("question (120 pixels)").
struct RedrawCheck {
  bool on = false;
  std::size_t frames = 0;
  std::size_t differing = 0;
  // Atlases (after a rebuild) with a glyph whose texture coordinates SDL would not turn back into
  // its own rows and columns: drawn a row off, stretched, in the partial and the whole frame alike.
  std::size_t inexact_atlases = 0;
  std::string first;
};
struct KeypadPress;
class Voice;

// Why the interactive loop ended.
enum class Ending {
  StoppedByStaff,   // 終了 on the staff menu (Session::stopped_by_staff names who)
  StoppedBySignal,  // SIGTERM, SIGINT, SIGHUP: the supervisor (stop_signal.hpp)
  QuitKey,          // Ctrl+Esc in a window (--windowed), a developer's way out
  Unasked,          // SDL_QUIT nobody asked for: the window closed, the compositor gone
};
// The kiosk's exit code for it: 0 when someone asked for the end, else 1, so that systemd's
// Restart= brings the kiosk back.
int exit_code(Ending ending);

class KioskApp {
 public:
  // Without `devices` (the accessibility audit) no device worker runs: nothing touches a
  // card reader, a terminal or a printer, and the session's commands go to on_command.
  static std::expected<std::unique_ptr<KioskApp>, std::string> create(
      const WindowOptions& window, Session& session, std::optional<DeviceSettings> devices);
  // The same in a window already open (KioskWindow::open with the same options).
  static std::expected<std::unique_ptr<KioskApp>, std::string> create(
      const WindowOptions& window, KioskWindow opened, Session& session,
      std::optional<DeviceSettings> devices);
  // The device worker, for a kiosk created without devices because they were still starting
  // (the demo's services): call once, before run().
  void start_devices(DeviceSettings devices);
  ~KioskApp();
  KioskApp(const KioskApp&) = delete;
  KioskApp& operator=(const KioskApp&) = delete;

  // The interactive loop, until staff stop the kiosk, a signal, Ctrl+Esc in a window, or an
  // SDL_QUIT nobody asked for.
  Ending run();
  // Whether the keyboard is grabbed (full screen): other programs get no key while it shows.
  bool keyboard_grabbed() const;

  // Called after each frame with the screen shown (the demo places the
  // virtual card when the flow asks for it).
  void on_screen(std::function<void(Screen)> hook) { screen_hook_ = std::move(hook); }
  // Called once, after the first frame drawn with every glyph it needs (the frame
  // the resident sees; the first one may still lack glyphs the screen noted).
  void on_first_frame(std::function<void()> hook) { first_frame_hook_ = std::move(hook); }
  // Without devices: receives the session's commands (the audit answers them with events).
  void on_command(std::function<void(Command)> sink) { command_sink_ = std::move(sink); }

  // ---- headless driving ----
  void frame();
  // Draws frames until the devices are idle, no glyph is missing and the
  // screen is stable, or the timeout passes. Returns true when settled.
  bool settle(std::chrono::milliseconds timeout);
  // Waits (drawing frames) until the session shows `screen`.
  bool wait_for(Screen screen, std::chrono::milliseconds timeout);
  // Taps the button whose id or label is `target`; false if not on screen.
  bool tap(const std::string& target);
  // Holds a finger on `target` for `how_long`, drawing frames meanwhile (the staff's corner).
  bool hold(const std::string& target, std::chrono::milliseconds how_long);
  // A key of the keypad (keypad_focus.hpp), then the frames it takes to show, as tap() does.
  void key(const KeypadPress& press);
  // The keypad's way to `target`: → until the focus is on it (each focus spoken), then 5 —
  // what a resident who cannot see does on hearing the target they want. False if no key
  // brings the focus to it.
  bool key_to(const std::string& target);
  int keys_pressed() const;  // keys handled so far
  // What the screen says now in full (what 0 repeats), and its sound, whole, not played (the
  // demo's --voice); nothing while 音声案内 is off.
  std::vector<std::string> spoken_now() const;
  // The voice, once 音声案内 has been on (nullptr before).
  Voice* voice();
  bool save_screenshot(const std::filesystem::path& png) const;
  // The last frame drawn, as RGB rows (what save_screenshot writes), to be written later
  // with write_png (the audit writes them on a thread of its own).
  struct Pixels {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;
  };
  std::optional<Pixels> read_screen() const;
  std::vector<std::string> visible_buttons() const;

  Session& session() { return session_; }
  DeviceWorker& devices() { return *worker_; }  // only when created with devices
  bool has_devices() const { return worker_ != nullptr; }

  // ---- the accessibility audit ----
  // The frame's Ui (its buttons and, with record_text, its lines of text) and the screens'
  // own state (the welcome screen's group, the check screen's page, the open menu).
  Ui& ui();
  ScreenState& screen_state();
  // False while the last frame lacked a glyph (it was laid out, and the atlas is rebuilt
  // before the next one).
  bool last_frame_complete() const;
  // Whether frame() draws with the renderer (a screenshot needs it; the draw data the audit
  // measures does not).
  void set_rendering(bool on);
  // The tests' redraw check: every frame painted (only where it changed, frame_painter.hpp) is
  // compared with the same frame painted whole, and every frame is painted.
  void check_redraws();
  const RedrawCheck& redraw_check() const;
  // Frames painted only in part (neither whole nor unchanged).
  std::size_t frames_painted_in_part() const;
  // Makes the glyphs baked so far part of the atlas every resident starts from, so that the
  // audit's many returns to the welcome screen do not rebuild the atlas each time.
  void keep_glyphs();
  std::size_t glyph_count() const;
  // Characters beyond the BMP drawn from glyphs of their own (𠮷 …).
  std::size_t supplementary_glyph_count() const;
  std::size_t chimes_played() const;  // sound cues handed to the audio device
  std::string atlas_size() const;
  // The font texture as the renderer holds it: width × height × 4 (RGBA).
  std::size_t atlas_bytes() const;
  // Glyphs in the atlas over the three text sizes (each size has its own).
  std::size_t baked_glyph_count() const;
  // Times every noted character was baked afresh, and times new characters were added beside
  // the glyphs already in the atlas.
  std::size_t atlas_rebuild_count() const;
  std::size_t atlas_addition_count() const;
  // Times the kept atlas was read back (at the start, after each visit) instead of baked.
  std::size_t atlas_read_back_count() const;
  // Where the start's atlas came from: "kept" (WindowOptions::atlas_cache) or "baked", and
  // when the kept one could not be used or kept, why ("baked (…: cut short (baked anew))").
  std::string atlas_origin() const;
  // How long each frame drawn so far took, in milliseconds (headless statistics).
  const std::vector<double>& frame_times_ms() const;

 private:
  explicit KioskApp(Session& session);
  // One Dear ImGui frame of the current screen, laid out (NewFrame … End), not drawn.
  void lay_out(double seconds);
  // After a frame is laid out: where the keypad's focus is, and what the voice says of what
  // changed (spoken_screen.hpp).
  void follow_focus_and_speak();
  // 音声案内 on for the next resident while headphones are plugged in (headset.hpp).
  void follow_headset();
  void handle_key(const KeypadPress& press);
  void speak(std::vector<std::string> sentences);
  struct Impl;
  Session& session_;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<DeviceWorker> worker_;
  std::function<void(Screen)> screen_hook_;
  std::function<void()> first_frame_hook_;
  std::function<void(Command)> command_sink_;
};

}  // namespace madoguchi::kiosk::ui
