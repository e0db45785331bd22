#include "studio_app.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <chrono>

#include "madoguchi/printer/pdf_renderer.hpp"
#include "sample_resident.hpp"
#include "screens/glyph_atlas.hpp"
#include "screens/staff_window.hpp"
#include "studio_panels.hpp"

namespace madoguchi::studio {

namespace {

// At arm's length on an office monitor: body text 20 px, headings 26 px; the third size is
// the box names on the paper (15 px).
constexpr kiosk::ui::GlyphAtlas::Sizes kSizes{20.0F, 26.0F, 15.0F};
constexpr float kListWidth = 380.0F;
constexpr float kInspectorWidth = 380.0F;

using Clock = std::chrono::steady_clock;

}  // namespace

std::string Glyphs::operator()(std::string_view text) const {
  atlas_.note(text, kiosk::ui::TextSize::Body);
  atlas_.note(text, kiosk::ui::TextSize::Huge);  // the box names on the paper
  return atlas_.displayable(text);
}

std::string Glyphs::heading(std::string_view text) const {
  // A button's "…" (it opens a dialog) is not part of the dialog's heading.
  constexpr std::string_view kEllipsis = "…";
  if (text.ends_with(kEllipsis)) text.remove_suffix(kEllipsis.size());
  atlas_.note(text, kiosk::ui::TextSize::Heading);
  return atlas_.displayable(text);
}

ImFont* Glyphs::label_font() const { return atlas_.font(kiosk::ui::TextSize::Huge); }

void Glyphs::push_heading() const { ImGui::PushFont(atlas_.font(kiosk::ui::TextSize::Heading)); }

struct StudioApp::Impl {
  std::unique_ptr<kiosk::ui::StaffWindow> desk;  // first: it goes last, after every texture
  SDL_Renderer* renderer = nullptr;              // the desk's
  std::unique_ptr<kiosk::ui::GlyphAtlas> atlas;
  std::unique_ptr<Glyphs> say;
  std::unique_ptr<printer::PdfRenderer> pdf;
  SDL_Texture* page = nullptr;
  int page_w = 0, page_h = 0;
  StudioState state;
  double refresh_ms = 0;
  ImVec2 pointer;
  bool pointer_known = false;

  ~Impl() {
    if (state.resident) state.resident->wipe();
    drop_screen_pictures();
    if (page != nullptr) SDL_DestroyTexture(page);
  }

  // The page at the size it is shown, for the sample resident: fill, PDF, poppler, texture.
  void refresh_page() {
    state.preview_stale = false;
    if (!state.open || state.pixels_per_mm <= 0) return;
    const auto started = Clock::now();
    if (!state.resident && !state.samples.empty()) {
      auto facts = read_sample_resident(state.samples[static_cast<std::size_t>(state.sample)].file);
      if (facts) state.resident = std::move(*facts);
    }
    PreviewRequest request;
    request.procedure = &state.open->procedure();
    if (state.resident) request.resident = *state.resident;
    const int pages = static_cast<int>(state.open->procedure().layout.pages.size());
    state.page = std::clamp(state.page, 0, std::max(0, pages - 1));
    request.page = state.page;
    request.pixels_per_mm = state.pixels_per_mm;
    request.office = state.office;
    request.answers = page_answers(state);
    auto preview = preview_page(*pdf, request);
    request.resident.wipe();
    if (!preview) {
      state.preview.reset();
      state.preview_problem = preview.error();
      return;
    }
    state.preview_problem.clear();
    state.preview = std::move(*preview);
    const auto& image = state.preview->image;
    if (page == nullptr || page_w != image.width || page_h != image.height) {
      if (page != nullptr) SDL_DestroyTexture(page);
      // RGBA bytes in memory order, whatever the machine's byte order.
      page = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                               image.width, image.height);
      page_w = image.width;
      page_h = image.height;
    }
    if (page != nullptr) SDL_UpdateTexture(page, nullptr, image.rgba.data(), image.width * 4);
    refresh_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  }

  SDL_Texture* texture_of(const kiosk::ui::RgbaImage& image) {
    // RGBA bytes in memory order, whatever the machine's byte order.
    SDL_Texture* texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32,
                                             SDL_TEXTUREACCESS_STATIC, image.width, image.height);
    if (texture != nullptr) SDL_UpdateTexture(texture, nullptr, image.rgba.data(), image.width * 4);
    return texture;
  }

  void drop_screen_pictures() {
    ScreensTab& tab = state.screens;
    for (void* picture : tab.thumbnails) SDL_DestroyTexture(static_cast<SDL_Texture*>(picture));
    tab.thumbnails.clear();
    if (tab.large != nullptr) SDL_DestroyTexture(static_cast<SDL_Texture*>(tab.large));
    tab.large = nullptr;
    tab.large_of = -1;
  }

  // The キオスクの画面 tab's run: its end turned into pictures, the frame chosen read at half
  // size, and a new run after a change while the tab shows (one run at a time).
  void update_screens() {
    ScreensTab& tab = state.screens;
    if (!tab.run) return;
    const auto before = tab.run->state();
    const auto now = tab.run->poll();
    if (before == ScreensRun::State::Running && now == ScreensRun::State::Done) {
      drop_screen_pictures();
      auto& shown = tab.run->report().shown;
      for (auto& frame : shown) {
        tab.thumbnails.push_back(texture_of(frame.thumbnail));
        frame.thumbnail = {};
      }
      // The first failing frame is shown large until staff choose another.
      const auto failing = std::find_if(shown.begin(), shown.end(),
                                        [](const ScreenFrame& f) { return f.failing(); });
      tab.selected = shown.empty()            ? -1
                     : failing != shown.end() ? static_cast<int>(failing - shown.begin())
                                              : 0;
      if (!tab.wanted_question.empty()) {
        if (const int frame = question_frame(state, tab.wanted_question); frame >= 0) {
          tab.selected = frame;
        }
        tab.wanted_question.clear();
      }
    }
    const auto& shown = tab.run->report().shown;
    if (tab.selected >= 0 && tab.selected < static_cast<int>(shown.size()) &&
        tab.large_of != tab.selected) {
      if (tab.large != nullptr) SDL_DestroyTexture(static_cast<SDL_Texture*>(tab.large));
      tab.large = nullptr;
      tab.large_of = tab.selected;
      auto picture = kiosk::ui::read_png(
          tab.run->out() / shown[static_cast<std::size_t>(tab.selected)].png, 2);
      if (picture) {
        tab.large = texture_of(*picture);
        tab.large_width = picture->width * 2;  // drawn at the frame's own size
        tab.large_height = picture->height * 2;
      }
    }
    if (tab.visible && tab.redraw_on_edit && now != ScreensRun::State::Running &&
        now != ScreensRun::State::Idle && state.open) {
      const ScreensRequest wanted = screens_request(state);
      const ScreensRequest& last = tab.run->running();
      if (wanted.text != last.text || wanted.answers != last.answers ||
          wanted.language != last.language || wanted.views != last.views) {
        draw_screens(state);
      }
    }
    tab.visible = false;  // until the tab is drawn again
  }

  // Across the top: undo, redo and save first (where staff look for them), then the page and
  // how the paper is shown.
  void toolbar() {
    const Words& w = *state.words;
    const Glyphs& t = *say;
    const int pages =
        state.open ? static_cast<int>(state.open->procedure().layout.pages.size()) : 0;
    ImGui::BeginDisabled(!state.open || !state.open->can_undo());
    if (ImGui::Button(t(w.undo).c_str())) undo(state);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.open || !state.open->can_redo());
    if (ImGui::Button(t(w.redo).c_str())) redo(state);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(t(w.save).c_str())) ask_to_save(state);
    ImGui::SameLine();
    if (ImGui::Button(t(w.town).c_str())) {
      read_town_settings(state, state.town.file);
      ImGui::OpenPopup("town");
    }
    town_settings_dialog(state, t);
    ImGui::SameLine(0, 40);
    if (ImGui::ArrowButton("previous", ImGuiDir_Left) && state.page > 0) {
      --state.page;
      clear_selection(state);
      state.preview_stale = true;
    }
    ImGui::SameLine();
    ImGui::Text("%s %d / %d", t(w.page).c_str(), state.page + 1, pages);
    ImGui::SameLine();
    if (ImGui::ArrowButton("next", ImGuiDir_Right) && state.page + 1 < pages) {
      ++state.page;
      clear_selection(state);
      state.preview_stale = true;
    }
    ImGui::SameLine(0, 40);
    ImGui::Checkbox(t(w.grid).c_str(), &state.show_grid);
    ImGui::SameLine();
    ImGui::Checkbox(t(w.outlines).c_str(), &state.show_outlines);
    ImGui::SameLine(0, 40);
    ImGui::SetNextItemWidth(200);
    ImGui::SliderFloat(t(w.zoom).c_str(), &state.zoom, 0.5F, 3.0F, "%.2f");
    if (state.open && state.open->changed()) {
      ImGui::SameLine(0, 40);
      ImGui::TextColored({0.75F, 0.35F, 0.0F, 1.0F}, "%s", t(w.unsaved).c_str());
    }
  }

  // One Dear ImGui frame of the whole window, laid out (NewFrame … Render).
  void lay_out() {
    ImGui_ImplSDLRenderer_NewFrame();
    atlas->release_pixels();
    ImGui_ImplSDL2_NewFrame();
    // The pointer where SDL's last motion event put it. The backend asks X for the global
    // pointer instead, which SDL 2.26 updates from XInput2 raw events; pointers that make none
    // (XTEST's, a remote desktop's) would leave a dragged box where it was picked up.
    if (pointer_known) ImGui::GetIO().MousePos = pointer;
    ImGui::NewFrame();
    ImGui::PushFont(atlas->font(kiosk::ui::TextSize::Body));
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(display);
    ImGui::Begin("studio", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    const float status_height = ImGui::GetFrameHeightWithSpacing() * 2.2F;
    toolbar();
    ImGui::BeginChild("procedures", {kListWidth, -status_height}, true);
    procedure_list(state, *say);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("middle", {display.x - kListWidth - kInspectorWidth - 32, -status_height});
    if (ImGui::BeginTabBar("middle")) {
      if (ImGui::BeginTabItem((*say)(state.words->paper_tab).c_str())) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(128, 128, 128, 255));
        ImGui::BeginChild("paper", {0, 0}, false, ImGuiWindowFlags_HorizontalScrollbar);
        paper_view(state, *say, {page, page_w, page_h});
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem((*say)(state.words->screens_tab).c_str())) {
        ImGui::BeginChild("screens");
        screen_texts(state, *say);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      const ImGuiTabItemFlags bring =
          state.screens.bring_forward ? ImGuiTabItemFlags_SetSelected : 0;
      state.screens.bring_forward = false;
      if (state.screens.run &&
          ImGui::BeginTabItem((*say)(state.words->screens.tab).c_str(), nullptr, bring)) {
        ImGui::BeginChild("kiosk screens");
        screens_panel(state, *say);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("inspector", {0, -status_height}, true);
    box_inspector(state, *say);
    ImGui::EndChild();
    ImGui::Separator();
    ImGui::TextWrapped("%s", (*say)(state.words->keys_help).c_str());
    if (!state.status.empty()) {
      const ImVec4 colour =
          state.status_is_problem ? ImVec4{0.75F, 0, 0, 1} : ImVec4{0, 0.4F, 0, 1};
      ImGui::TextColored(colour, "%s", (*say)(state.status).c_str());
    }
    save_dialog(state, *say);
    keyboard_shortcuts(state);
    ImGui::End();
    ImGui::PopFont();
    ImGui::Render();
  }
};

StudioApp::StudioApp() : impl_(std::make_unique<Impl>()) {}
StudioApp::~StudioApp() = default;

std::expected<std::unique_ptr<StudioApp>, std::string> StudioApp::create(
    const StudioOptions& options) {
  std::unique_ptr<StudioApp> app(new StudioApp());
  auto& impl = *app->impl_;
  impl.state.words = &words_for(options.language);
  impl.state.catalog = options.catalog;
  impl.state.golden = options.golden;
  read_town_settings(impl.state, options.office);
  impl.state.entries = read_catalog_entries(options.catalog);
  if (impl.state.entries.empty()) {
    return std::unexpected("no procedure can be read in " + options.catalog.string() +
                           " (madoguchi-studio --catalog DIR --check says why)");
  }
  impl.state.samples = read_samples(options.samples);
  impl.state.screens.samples = options.samples;
  if (!options.program.empty()) {
    impl.state.screens.run = std::make_unique<ScreensRun>(options.program);
  }
  auto pdf = printer::PdfRenderer::create(options.font, options.font_bold);
  if (!pdf) return std::unexpected("cannot load the fonts: " + pdf.error().message);
  impl.pdf = std::make_unique<printer::PdfRenderer>(std::move(*pdf));

  auto desk = kiosk::ui::StaffWindow::open("Madoguchi Studio", options.width, options.height);
  if (!desk) return std::unexpected(desk.error());
  impl.desk = std::move(*desk);
  impl.renderer = impl.desk->renderer();
  impl.atlas = std::make_unique<kiosk::ui::GlyphAtlas>(options.font, kSizes);
  impl.say = std::make_unique<Glyphs>(*impl.atlas);
  if (!impl.atlas->rebuild())
    return std::unexpected("cannot load the font " + options.font.string());

  const std::string first =
      options.procedure.empty() ? impl.state.entries.front().id : options.procedure;
  if (!open_procedure(impl.state, first)) return std::unexpected(impl.state.status);
  return app;
}

void StudioApp::frame() {
  auto& impl = *impl_;
  // Up to three passes: the first lays out; when it made an edit (a box let go, a key), the
  // page is rendered again and the window laid out once more, so that the frame shown has the
  // new page under the new outlines; a glyph the atlas lacked is baked and laid out again.
  for (int pass = 0; pass < 3; ++pass) {
    if (impl.atlas->needs_rebuild()) {
      ImGui_ImplSDLRenderer_DestroyFontsTexture();
      impl.atlas->rebuild();
    }
    if (impl.state.preview_stale) impl.refresh_page();
    impl.update_screens();
    impl.lay_out();
    // A frame chosen in this pass is read and shown in the next.
    const bool picture_wanted = impl.state.screens.selected >= 0 &&
                                impl.state.screens.large_of != impl.state.screens.selected;
    if (!impl.state.preview_stale && !impl.atlas->needs_rebuild() && !picture_wanted) break;
  }
  SDL_SetRenderDrawColor(impl.renderer, 240, 240, 240, 255);
  SDL_RenderClear(impl.renderer);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  SDL_RenderPresent(impl.renderer);
}

int StudioApp::run() {
  auto& impl = *impl_;
  int quiet_frames = 0;
  for (;;) {
    SDL_Event event;
    // Asleep until something happens; a few frames after each event let Dear ImGui settle
    // (hover, popups opening).
    // While the kiosk's screens are being drawn, a frame every 100 ms shows the time and
    // takes the result.
    const bool drawing_screens =
        impl.state.screens.run && impl.state.screens.run->state() == ScreensRun::State::Running;
    const bool got = SDL_WaitEventTimeout(&event, quiet_frames < 3  ? 16
                                                  : drawing_screens ? 100
                                                                    : 500) != 0;
    if (got) {
      quiet_frames = 0;
      // Dear ImGui 1.86 sees a key as down or up at each frame: a key pressed and released
      // between two frames (xdotool's Ctrl+Z, a fast typist) would be lost. A frame is drawn
      // after each key or button event, before the next event is taken.
      bool frame_now = false;
      do {
        ImGui_ImplSDL2_ProcessEvent(&event);
        frame_now = event.type == SDL_KEYDOWN || event.type == SDL_KEYUP ||
                    event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP;
        if (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP) {
          // The modifiers as they were with this key: the backend asks SDL_GetModState(), which
          // already knows of the Ctrl released after it when the events came together.
          ImGuiIO& io = ImGui::GetIO();
          io.KeyCtrl = (event.key.keysym.mod & KMOD_CTRL) != 0;
          io.KeyShift = (event.key.keysym.mod & KMOD_SHIFT) != 0;
          io.KeyAlt = (event.key.keysym.mod & KMOD_ALT) != 0;
        }
        if (event.type == SDL_MOUSEMOTION) {
          impl.pointer = {static_cast<float>(event.motion.x), static_cast<float>(event.motion.y)};
          impl.pointer_known = true;
        } else if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_LEAVE &&
                   !ImGui::IsAnyMouseDown()) {
          impl.pointer_known = false;
        }
        if (event.type == SDL_QUIT) {
          if (impl.state.open && impl.state.open->changed() && !impl.state.save_dialog) {
            ask_to_save(impl.state);  // closing with unsaved changes shows them first
          } else {
            return 0;
          }
        }
      } while (!frame_now && SDL_PollEvent(&event) != 0);
    } else if (quiet_frames >= 3 && !drawing_screens) {
      continue;
    }
    ++quiet_frames;
    frame();
  }
}

StudioState& StudioApp::state() { return impl_->state; }

double StudioApp::last_refresh_ms() const { return impl_->refresh_ms; }

}  // namespace madoguchi::studio
