#include "kiosk_app.hpp"

#include "atlas_texture.hpp"
#include "chime.hpp"
#include "frame_painter.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <string_view>
#include <thread>

#include "glyph_atlas.hpp"
#include "keypad_focus.hpp"
#include "madoguchi/kiosk/headset.hpp"
#include "madoguchi/kiosk/stop_signal.hpp"
#include "madoguchi/wiping/wipe.hpp"
#include "png_file.hpp"
#include "screens.hpp"
#include "spoken_screen.hpp"
#include "touch_input.hpp"
#include "voice.hpp"
#include "widgets.hpp"
#include "window_manager.hpp"

namespace madoguchi::kiosk::ui {

namespace {

bool needs_repaint(Uint8 window_event) {
  switch (window_event) {
    case SDL_WINDOWEVENT_SHOWN:
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_RESIZED:
    case SDL_WINDOWEVENT_SIZE_CHANGED:
    case SDL_WINDOWEVENT_RESTORED:
    case SDL_WINDOWEVENT_MAXIMIZED:
      return true;
    default:
      return false;  // the pointer entering, the focus: the pixels stay
  }
}

// What the voice says when it is turned on, and for + (help).
constexpr const char* kVoiceHelp = say(
    "音声案内をはじめます。テンキーの矢印で選び、5で決めます。0でもう一度聞けます。プラスで説明を"
    "聞けます。");

}  // namespace

struct KioskApp::Impl {
  Chime chime;                   // closed before SDL_Quit
  std::unique_ptr<Voice> voice;  // the same, made when 音声案内 is first turned on
  // The keypad: whether it was used this visit (the focus ring shows from then on), the
  // target in focus, the screen the focus and the voice were last on, and what it said.
  bool keypad_used = false;
  std::string focus;
  std::string spoken_identity;
  std::vector<std::string> spoken_parts;
  bool voice_on = false;
  int echo_focus_frames = 0;  // after 5: say the focus again if the screen stays
  int keys = 0;
  std::chrono::steady_clock::time_point asked_at;  // the last key or tap; {} once timed
  bool cue_idle = false, cue_card = false;
  KioskWindow opened;  // the window and its renderer
  ImGuiContext* imgui = nullptr;
  std::unique_ptr<GlyphAtlas> atlas;
  std::string atlas_note;  // why the kept atlas was not used or not kept; empty: all went well
  std::unique_ptr<AtlasTexture> texture;  // the atlas's, but with --naive-atlas
  std::unique_ptr<FramePainter> painter;
  RedrawCheck redraw_check;
  std::unique_ptr<Ui> ui;
  TouchInput touch;
  ScreenState state;
  WindowOptions options;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_frame = started;
  Screen last_screen = Screen::Welcome;
  int frames_since_change = 0;
  bool first_frame_seen = false;
  bool fullscreen_after_first_frame = false;
  int frames_not_shown = 0;  // in a row, waiting for glyphs
  bool last_complete = false;
  bool rendering = true;
  std::vector<double> frame_ms;

  ~Impl() {
    voice.reset();
    texture.reset();
    if (imgui != nullptr) {
      ImGui_ImplSDLRenderer_Shutdown();
      ImGui::DestroyContext(imgui);
    }
    chime.close();
    opened.close();  // the renderer, the window, SDL
  }

  // The atlas's new characters baked, and the renderer's texture brought up to date.
  void update_atlas() {
    if (atlas->needs_rebuild()) {
      // Back to the characters every resident starts from after another language's faces: the
      // atlas the start kept, read back where it still holds exactly them, instead of baked again.
      const bool read_back = atlas->at_base() && !options.atlas_cache.empty() &&
                             atlas->restore(options.atlas_cache).has_value() &&
                             atlas->confirm_restored();
      if (!read_back) atlas->rebuild();
      if (redraw_check.on && !atlas->exact_coordinates()) {
        if (redraw_check.inexact_atlases++ == 0 && redraw_check.first.empty()) {
          redraw_check.first = "an atlas of " + std::to_string(atlas->texture_height()) +
                               " rows whose texture coordinates are inexact";
        }
      }
    }
    // New glyphs go into the texture as they are added; a new size or a new atlas makes it again.
    const GlyphAtlas::TextureChange change = atlas->take_texture_change();
    if (change.whole) painter->repaint_all();  // glyphs may be elsewhere in the texture
    if (!texture) {
      if (change.whole || change.rows > 0) ImGui_ImplSDLRenderer_DestroyFontsTexture();
      ImGui_ImplSDLRenderer_NewFrame();  // Dear ImGui's way: the backend uploads 32-bit pixels
    } else if (change.whole || !texture->ready()) {
      texture->upload(*ImGui::GetIO().Fonts);  // refused (no memory): the next frame tries
    } else if (change.rows > 0 &&
               !texture->update(*ImGui::GetIO().Fonts, change.first_row, change.rows)) {
      texture->drop();  // made again whole by the next frame
    }
  }

  // The frame laid out last, painted where it changed (and compared with it painted whole,
  // under the redraw check).
  void paint(std::string_view screen) {
    const ImVec2 touched = touch.last_touch();
    const bool painted = painter->paint(*ImGui::GetDrawData(), touched.x, touched.y);
    if (!redraw_check.on || !painted) return;  // unchanged: the last comparison stands
    const long differ = painter->differences_from_whole(*ImGui::GetDrawData());
    ++redraw_check.frames;
    if (differ == 0 || redraw_check.differing++ != 0) return;
    const PixelRect& at = painter->last_difference();
    redraw_check.first = std::string(screen) + " (" + std::to_string(differ) + " pixels in " +
                         std::to_string(at.x0) + "," + std::to_string(at.y0) + "–" +
                         std::to_string(at.x1) + "," + std::to_string(at.y1) + ")";
  }
};

std::expected<std::unique_ptr<KioskApp>, std::string> KioskApp::create(
    const WindowOptions& window, Session& session, std::optional<DeviceSettings> devices) {
  auto opened = KioskWindow::open(window);
  if (!opened) return std::unexpected(opened.error());
  return create(window, std::move(*opened), session, std::move(devices));
}

std::expected<std::unique_ptr<KioskApp>, std::string> KioskApp::create(
    const WindowOptions& window, KioskWindow opened, Session& session,
    std::optional<DeviceSettings> devices) {
  std::unique_ptr<KioskApp> app(new KioskApp(session));
  app->impl_ = std::make_unique<Impl>();
  auto& impl = *app->impl_;
  impl.options = window;
  impl.fullscreen_after_first_frame = opened.fullscreen_after_first_frame();
  impl.opened = std::move(opened);
  impl.painter = std::make_unique<FramePainter>(impl.opened.window(), impl.opened.renderer(),
                                                window.width, window.height);

  IMGUI_CHECKVERSION();
  impl.imgui = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;
  io.DisplaySize = ImVec2(static_cast<float>(window.width), static_cast<float>(window.height));
  ImGui::StyleColorsLight();
  ImGui::GetStyle().WindowPadding = ImVec2(0, 0);
  ImGui::GetStyle().WindowBorderSize = 0.0F;
  ImGui_ImplSDLRenderer_Init(impl.opened.renderer());
  impl.touch.set_window_size(window.width, window.height);

  impl.atlas = std::make_unique<GlyphAtlas>(window.font, window.naive_atlas);
  if (!window.naive_atlas) impl.texture = std::make_unique<AtlasTexture>(impl.opened.renderer());
  impl.ui = std::make_unique<Ui>(*impl.atlas, io.DisplaySize);
  // The atlas the last start baked, when it was baked from the same fonts by the same build.
  if (!window.naive_atlas && !window.atlas_cache.empty()) {
    auto restored = impl.atlas->restore(window.atlas_cache);
    if (!restored) impl.atlas_note = restored.error();
  }
  // The first screen's own strings are known only once it is laid out: lay it out once,
  // undrawn, with the few characters of the base set, so that the start-up builds the
  // full atlas once instead of building it, finding it short and building it again.
  if (!window.naive_atlas) {
    if (!impl.atlas->restored() && !impl.atlas->rebuild()) {
      return std::unexpected("cannot load the font " + window.font.string());
    }
    // The welcome screen as it opens (証明書がほしい). Another group's titles are added when it
    // is chosen, a few glyphs at a time (no rebuild): baked here for every group, the titles of
    // a 40-procedure catalogue took the atlas from 576 to 1088 rows (+2.5 MB) and made a
    // visit bake it whole once more.
    impl.state.group = forms::ProcedureGroup::Certificates;
    app->lay_out(0.0);
    ImGui::EndFrame();
  }
  // The restored atlas is kept only when it holds exactly what the screens noted.
  if (!impl.atlas->confirm_restored()) {
    if (!impl.atlas->rebuild()) {
      return std::unexpected("cannot load the font " + window.font.string());
    }
    if (!window.naive_atlas && !window.atlas_cache.empty()) {
      if (auto saved = impl.atlas->save(window.atlas_cache); !saved) {
        impl.atlas_note = saved.error();
      }
    }
  }
  impl.atlas->keep_as_base();

  if (devices) app->start_devices(std::move(*devices));
  return app;
}

void KioskApp::start_devices(DeviceSettings devices) {
  if (worker_) return;
  follow_headset();
  worker_ = std::make_unique<DeviceWorker>(std::move(devices), [] {
    SDL_Event event{};
    event.type = KioskWindow::wake_event();
    SDL_PushEvent(&event);
  });
}

KioskApp::KioskApp(Session& session) : session_(session) {}

KioskApp::~KioskApp() {
  worker_.reset();
  impl_.reset();
}

const std::vector<double>& KioskApp::frame_times_ms() const { return impl_->frame_ms; }

Ui& KioskApp::ui() { return *impl_->ui; }
ScreenState& KioskApp::screen_state() { return impl_->state; }
bool KioskApp::last_frame_complete() const { return impl_->last_complete; }
void KioskApp::check_redraws() { impl_->redraw_check.on = true; }
const RedrawCheck& KioskApp::redraw_check() const { return impl_->redraw_check; }
std::size_t KioskApp::frames_painted_in_part() const {
  const auto& counts = impl_->painter->counts();
  return counts.frames - counts.whole - counts.unchanged;
}
void KioskApp::set_rendering(bool on) { impl_->rendering = on; }
void KioskApp::keep_glyphs() {
  if (!impl_->atlas->needs_rebuild()) impl_->atlas->keep_as_base();
}

void KioskApp::lay_out(double seconds) {
  auto& impl = *impl_;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse |
                   // draw_screen paints the background: not a second full-screen
                   // blend for the software renderer.
                   ImGuiWindowFlags_NoBackground);
  impl.ui->begin_frame();
  draw_screen(session_, *impl.ui, impl.state, seconds);
  impl.ui->draw_reach_band(header_height());  // 車いすの方
  ImGui::End();
}

void KioskApp::frame() {
  auto& impl = *impl_;
  const auto frame_start = std::chrono::steady_clock::now();
  if (worker_) {
    for (auto& event : worker_->take_events()) session_.on(event);
  }
  session_.tick();  // the idle countdown
  // The visit is over: its glyphs go before the welcome screen is laid out (forget_session).
  if (session_.screen() == Screen::Welcome && impl.last_screen != Screen::Welcome) {
    impl.atlas->forget_session();
  }

  // The language's own faces first (font_faces.hpp): a change of language rebuilds the atlas.
  const auto& languages = session_.view().translations().languages();
  if (session_.view().language() < languages.size()) {
    impl.atlas->set_language(languages[session_.view().language()].code);
  }
  impl.update_atlas();
  impl.atlas->release_pixels();  // the renderer holds its own copy now
  ImGuiIO& io = ImGui::GetIO();
  const auto now = std::chrono::steady_clock::now();
  io.DeltaTime =
      std::clamp(std::chrono::duration<float>(now - impl.last_frame).count(), 1.0F / 1000.0F, 0.1F);
  impl.last_frame = now;
  impl.touch.apply(io);

  lay_out(std::chrono::duration<double>(now - impl.started).count());
  ImGui::Render();
  follow_focus_and_speak();

  // A frame that asked for a glyph the atlas lacks is not shown: the next frame, at once,
  // bakes it and draws the screen again, so no one sees a "?" in place of a character
  // (and the start-up does not draw its first screen twice).
  const bool complete = !impl.atlas->needs_rebuild() && !impl.ui->reach_moved() &&
                        (!impl.texture || impl.texture->ready());
  impl.last_complete = complete;
  const bool drawn =
      (impl.rendering || impl.redraw_check.on) && (complete || impl.frames_not_shown >= 2);
  if (drawn) {
    impl.paint(screen_id(session_.screen()));
    impl.frames_not_shown = 0;
  } else if (!complete) {
    ++impl.frames_not_shown;
  }

  // With neither a worker nor a sink yet (the demo's devices still starting), the commands
  // wait in the session for the worker.
  if (worker_ || command_sink_) {
    for (auto& command : session_.take_commands()) {
      if (worker_) {
        worker_->submit(std::move(command));
      } else {
        command_sink_(std::move(command));
      }
    }
  }
  if (session_.screen() == Screen::Welcome && impl.last_screen != Screen::Welcome) {
    impl.state = ScreenState{};  // the next resident starts afresh
    impl.keypad_used = false;
    if (impl.voice) impl.voice->rest();  // its audio device goes once the goodbye has played
    follow_headset();
  }
  // Sound cues: the last screen (take the card and the receipt), and the two dialogs that ask
  // the resident to act (the card put back, まだ続けますか？).
  if (session_.screen() == Screen::TakeCard && impl.last_screen != Screen::TakeCard) {
    impl.chime.play();
  }
  if (session_.waiting_for_card_back() != impl.cue_card) {
    impl.cue_card = session_.waiting_for_card_back();
    if (impl.cue_card) impl.chime.play();
  }
  if (session_.idle_warning() != impl.cue_idle) {
    impl.cue_idle = session_.idle_warning();
    if (impl.cue_idle) impl.chime.play();
  }
  if (session_.screen() != impl.last_screen) {
    impl.last_screen = session_.screen();
    impl.frames_since_change = 0;
  } else {
    ++impl.frames_since_change;
  }
  if (screen_hook_) screen_hook_(session_.screen());
  if (!impl.first_frame_seen && drawn && complete) {
    impl.first_frame_seen = true;  // shown, and no glyph was missing from it
    if (first_frame_hook_) first_frame_hook_();
    if (impl.fullscreen_after_first_frame) {
      impl.fullscreen_after_first_frame = false;
      // Without a window manager the borderless window is all full screen would be
      // (window_manager.hpp); asking would stall the loop and repaint the first screen.
      if (window_is_managed(impl.opened.window())) {
        SDL_SetWindowFullscreen(impl.opened.window(), SDL_WINDOW_FULLSCREEN_DESKTOP);
      }
      SDL_SetWindowKeyboardGrab(impl.opened.window(), SDL_TRUE);
      // No repaint of its own: where the change loses pixels (a new size, a new surface),
      // the window says so with an event (needs_repaint), and on a bare X server it keeps them.
    }
  }
  if (drawn) {
    impl.frame_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start)
            .count());
  }
}

bool KioskApp::settle(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int quiet_frames = 0;
  while (std::chrono::steady_clock::now() < deadline && !stop_requested()) {
    frame();
    const bool busy = (worker_ && worker_->busy()) || session_.sign_in().checking();
    const bool quiet =
        !busy && impl_->last_complete && !impl_->touch.pending() && impl_->frames_since_change >= 1;
    quiet_frames = quiet ? quiet_frames + 1 : 0;
    if (quiet_frames >= 3) return true;
    if (busy) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool KioskApp::wait_for(Screen screen, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline && !stop_requested()) {
    frame();
    if (session_.screen() == screen) {
      settle(std::chrono::milliseconds(5000));
      return session_.screen() == screen;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool KioskApp::tap(const std::string& target) {
  const auto& buttons = impl_->ui->buttons();
  const ButtonRecord* found = nullptr;
  for (const auto& b : buttons) {
    if (b.id == target) {
      found = &b;
      break;
    }
  }
  if (found == nullptr) {
    for (const auto& b : buttons) {
      if (b.label == target) {
        found = &b;
        break;
      }
    }
  }
  if (found == nullptr) return false;
  session_.touched();
  impl_->asked_at = std::chrono::steady_clock::now();
  const ImVec2 centre = centre_of(*found);
  impl_->touch.press(centre);
  impl_->touch.release(centre);
  frame();
  frame();
  return true;
}

bool KioskApp::hold(const std::string& target, std::chrono::milliseconds how_long) {
  const ButtonRecord* found = nullptr;
  for (const auto& b : impl_->ui->buttons()) {
    if (b.id == target) found = &b;
  }
  if (found == nullptr) return false;
  session_.touched();
  const ImVec2 centre = centre_of(*found);
  impl_->touch.press(centre);
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (std::chrono::steady_clock::now() < until && !stop_requested()) {
    frame();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  frame();
  impl_->touch.release(centre);
  frame();
  frame();
  return true;
}

void KioskApp::speak(std::vector<std::string> sentences) {
  auto& impl = *impl_;
  if (sentences.empty()) return;
  if (!impl.voice)
    impl.voice = std::make_unique<Voice>(impl.options.recordings, impl.options.prepared_readings);
  const auto& languages = session_.view().translations().languages();
  const std::size_t language = session_.view().language();
  impl.voice->say(std::move(sentences),
                  language < languages.size() ? languages[language].code : "ja", impl.asked_at);
  impl.asked_at = {};  // what a key or tap asked for is timed once (voice.hpp)
}

void KioskApp::follow_headset() {
  // Headphones plugged in (where the platform says so): 音声案内 on for the next resident.
  const bool plugged = headset_plugged();
  session_.view().set_headset(plugged);
  if (plugged) session_.view().set_voice(true);
}

void KioskApp::follow_focus_and_speak() {
  auto& impl = *impl_;
  Ui& ui = *impl.ui;
  const float header = header_height();
  const auto& buttons = ui.buttons();
  const auto& parts = ui.spoken();
  // A screen is another when the session's screen or its first sentence (the heading, a
  // dialog's title, the next question) is.
  std::string identity(screen_id(session_.screen()));
  identity += '\n';
  if (!parts.empty()) identity += parts.front();
  const bool another = identity != impl.spoken_identity;
  if (another) {
    impl.spoken_identity = std::move(identity);
    impl.focus = first_focus(buttons, header);
    impl.echo_focus_frames = 0;
  } else if (find_target(buttons, impl.focus) == nullptr) {
    impl.focus = first_focus(buttons, header);
  }
  ui.set_focus(impl.keypad_used ? impl.focus : std::string());

  const bool voice = session_.view().voice();
  if (voice != impl.voice_on) {
    impl.voice_on = voice;
    if (voice) {
      auto sentences = screen_sentences(ui, header, impl.focus);
      sentences.insert(sentences.begin(), ui.tr(kVoiceHelp));
      speak(std::move(sentences));
    } else if (impl.voice) {
      speak({ui.tr("音声案内を終わります")});
    }
  } else if (voice && another) {
    speak(screen_sentences(ui, header, impl.focus));
  } else if (voice) {
    // The same screen: what it says now that it did not (a notice, 「2けた入力しました」).
    std::vector<std::string> news;
    for (const auto& part : parts) {
      if (std::find(impl.spoken_parts.begin(), impl.spoken_parts.end(), part) ==
          impl.spoken_parts.end()) {
        news.push_back(part);
      }
    }
    if (!news.empty()) {
      impl.echo_focus_frames = 0;
      speak(std::move(news));
    } else if (impl.echo_focus_frames > 0 && --impl.echo_focus_frames == 0) {
      speak(focus_sentences(ui, header, impl.focus));  // a choice now selected: 選んでいます
    }
  }
  for (auto& part : impl.spoken_parts) wiping::wipe(part);
  impl.spoken_parts = parts;
}

void KioskApp::handle_key(const KeypadPress& pressed) {
  auto& impl = *impl_;
  Ui& ui = *impl.ui;
  session_.touched();
  impl.asked_at = std::chrono::steady_clock::now();
  impl.keypad_used = true;
  ++impl.keys;
  // The first key turns the voice on (the next frame says how the keys work and the screen):
  // a resident who cannot see presses a key to begin, and it does nothing else.
  if (!session_.view().voice()) {
    session_.view().set_voice(true);
    return;
  }
  const float header = header_height();
  const auto& buttons = ui.buttons();
  const KeypadPress press = keypad_meaning(pressed, types_digits(buttons));
  const auto tap_at = [&](const ButtonRecord& b) {
    impl.touch.press(centre_of(b));
    impl.touch.release(centre_of(b));
  };
  switch (press.key) {
    case KeypadKey::Up:
    case KeypadKey::Down:
    case KeypadKey::Left:
    case KeypadKey::Right:
      impl.focus = moved_focus(buttons, header, impl.focus, press.key);
      ui.set_focus(impl.focus);
      speak(focus_sentences(ui, header, impl.focus));
      break;
    case KeypadKey::Activate:
      if (const ButtonRecord* b = find_target(buttons, impl.focus)) {
        tap_at(*b);
        impl.echo_focus_frames = 3;
      }
      break;
    case KeypadKey::Digit:
      if (const ButtonRecord* key = digit_key(buttons, press.digit)) tap_at(*key);
      break;
    case KeypadKey::Repeat:
      speak(screen_sentences(ui, header, impl.focus));
      break;
    case KeypadKey::Help: {
      auto sentences = focus_sentences(ui, header, impl.focus);
      sentences.insert(sentences.begin(), ui.tr(kVoiceHelp));
      speak(std::move(sentences));
      break;
    }
  }
}

void KioskApp::key(const KeypadPress& press) {
  handle_key(press);
  frame();
  frame();
}

bool KioskApp::key_to(const std::string& target) {
  auto& impl = *impl_;
  if (find_target(impl.ui->buttons(), target) == nullptr) return false;
  if (!session_.view().voice()) key({KeypadKey::Repeat});  // the first key turns the voice on
  const std::size_t most = impl.ui->buttons().size() + 1;
  for (std::size_t i = 0; i < most && impl.focus != target; ++i) key({KeypadKey::Right});
  if (impl.focus != target) return false;
  key({KeypadKey::Activate});
  return true;
}

std::vector<std::string> KioskApp::spoken_now() const {
  if (!session_.view().voice()) return {};
  return screen_sentences(*impl_->ui, header_height(), impl_->focus);
}

Voice* KioskApp::voice() { return impl_->voice.get(); }
int KioskApp::keys_pressed() const { return impl_->keys; }

std::vector<std::string> KioskApp::visible_buttons() const {
  std::vector<std::string> out;
  for (const auto& b : impl_->ui->buttons()) out.push_back(b.id + " (" + b.label + ")");
  return out;
}

std::optional<KioskApp::Pixels> KioskApp::read_screen() const {
  auto& impl = *impl_;
  Pixels pixels;
  pixels.width = impl.options.width;
  pixels.height = impl.options.height;
  pixels.rgb.resize(static_cast<std::size_t>(pixels.width) *
                    static_cast<std::size_t>(pixels.height) * 3);
  if (SDL_RenderReadPixels(impl.opened.renderer(), nullptr, SDL_PIXELFORMAT_RGB24,
                           pixels.rgb.data(), pixels.width * 3) != 0) {
    return std::nullopt;
  }
  return pixels;
}

bool KioskApp::save_screenshot(const std::filesystem::path& png) const {
  const auto pixels = read_screen();
  return pixels && write_png(png, pixels->width, pixels->height, pixels->rgb);
}

std::size_t KioskApp::atlas_bytes() const {
  return static_cast<std::size_t>(impl_->atlas->texture_width()) *
         static_cast<std::size_t>(impl_->atlas->texture_height()) * 4;
}
std::size_t KioskApp::baked_glyph_count() const { return impl_->atlas->baked_glyph_count(); }
std::size_t KioskApp::atlas_rebuild_count() const { return impl_->atlas->rebuild_count(); }
std::size_t KioskApp::atlas_addition_count() const { return impl_->atlas->addition_count(); }
std::size_t KioskApp::atlas_read_back_count() const { return impl_->atlas->read_back_count(); }
std::string KioskApp::atlas_origin() const {
  const std::string origin = impl_->atlas->restored() ? "kept" : "baked";
  return impl_->atlas_note.empty() ? origin : origin + " (" + impl_->atlas_note + ")";
}
std::size_t KioskApp::glyph_count() const { return impl_->atlas->glyph_count(); }
std::size_t KioskApp::chimes_played() const { return impl_->chime.played(); }

std::size_t KioskApp::supplementary_glyph_count() const {
  return impl_->atlas->supplementary_count();
}

std::string KioskApp::atlas_size() const {
  return std::to_string(impl_->atlas->texture_width()) + "x" +
         std::to_string(impl_->atlas->texture_height());
}

int exit_code(Ending ending) { return ending == Ending::Unasked ? 1 : 0; }

bool KioskApp::keyboard_grabbed() const {
  SDL_Window* window = impl_->opened.window();
  return window != nullptr && SDL_GetWindowKeyboardGrab(window) == SDL_TRUE;
}

Ending KioskApp::run() {
  auto& impl = *impl_;
  int extra_frames = 3;
  // Ctrl+Esc ends a developer's window; in full screen no key ends or leaves the kiosk.
  const bool quit_key = !impl.options.fullscreen;
  while (true) {
    const bool animate =
        screen_animates(session_) || impl.touch.down() || (worker_ && worker_->busy());
    // Nothing to count down on the welcome screen between residents: the loop sleeps until an
    // event (a touch, a key, the device worker, a signal) instead of waking every second.
    impl.chime.rest();  // its device goes once the chime has played
    const bool timed = session_.in_visit() || session_.screen() != Screen::Welcome ||
                       session_.idle_warning() || session_.waiting_for_card_back() ||
                       impl.chime.open_now();
    const int timeout_ms = extra_frames > 0 ? 0 : (animate ? 33 : (timed ? 1000 : -1));
    SDL_Event event;
    bool got =
        (timeout_ms < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout_ms)) != 0;
    bool quit = false;
    bool quit_by_key = false;
    while (got) {
      if (event.type == SDL_QUIT) quit = true;
      if (quit_key && event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_ESCAPE &&
          (event.key.keysym.mod & KMOD_CTRL) != 0) {
        quit_by_key = true;
      }
      if (event.type == SDL_FINGERDOWN || event.type == SDL_MOUSEBUTTONDOWN) {
        session_.touched();
        impl.asked_at = std::chrono::steady_clock::now();
      }
      if (event.type == SDL_KEYDOWN && event.key.repeat == 0 && !quit_by_key) {
        if (const auto press = keypad_press(event.key.keysym.scancode)) handle_key(*press);
      }
      if (event.type == SDL_WINDOWEVENT && needs_repaint(event.window.event)) {
        impl.painter->repaint_all();  // shown, resized, uncovered: the window's pixels are gone
      }
      impl.touch.handle(event);
      extra_frames = 3;
      got = SDL_PollEvent(&event) != 0;
    }
    if (stop_requested()) return Ending::StoppedBySignal;  // the last frame is finished
    if (quit_by_key) return Ending::QuitKey;
    if (quit) return Ending::Unasked;
    // The idle countdown: redraw when it opens, each second it counts, and when it ends.
    if (session_.tick()) extra_frames = std::max(extra_frames, 1);
    if (extra_frames > 0 || animate) {
      frame();
      if (impl.atlas->needs_rebuild() || impl.ui->reach_moved()) {
        extra_frames = std::max(extra_frames, 2);
      }
      if (extra_frames > 0) --extra_frames;
    }
    if (!session_.sign_in().stopped_by().empty()) return Ending::StoppedByStaff;
  }
}

}  // namespace madoguchi::kiosk::ui
