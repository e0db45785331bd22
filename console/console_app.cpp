#include "console_app.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <chrono>
#include <iostream>

#include "console_panels.hpp"
#include "screens/chime.hpp"
#include "screens/png_file.hpp"
#include "screens/staff_window.hpp"

namespace madoguchi::console {

namespace {

// At arm's length on a counter's monitor: body 22 px, the headline figures 40 px.
constexpr kiosk::ui::GlyphAtlas::Sizes kSizes{22.0F, 40.0F, 16.0F};

}  // namespace

struct ConsoleApp::Impl {
  std::unique_ptr<kiosk::ui::StaffWindow> desk;  // first: it goes last
  SDL_Renderer* renderer = nullptr;              // the desk's
  ConsoleOptions options;
  Uint32 wake_event = 0;
  std::unique_ptr<kiosk::ui::GlyphAtlas> atlas;
  std::unique_ptr<ConsoleText> text;
  std::unique_ptr<CounterFeed> feed;
  kiosk::ui::Chime chime;
  std::uint64_t calls_heard = 0;
  bool tab_chosen = false;

  ~Impl() {
    feed.reset();  // its thread wakes the window: it ends first
    chime.close();
  }

  void lay_out(const CounterView& view) {
    ImGui_ImplSDLRenderer_NewFrame();
    atlas->release_pixels();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    ImGui::PushFont(atlas->font(kiosk::ui::TextSize::Body));
    const ConsoleText& t = *text;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin(
        "console", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const auto tab = [&](const char* id, const std::string& label) {
      const bool select = !tab_chosen && options.tab == id;
      return ImGui::BeginTabItem((t(label) + "###" + id).c_str(), nullptr,
                                 select ? ImGuiTabItemFlags_SetSelected : 0);
    };
    if (ImGui::BeginTabBar("views")) {
      const std::string calls_label =
          view.calls.empty() ? "呼び出し" : "呼び出し（" + std::to_string(view.calls.size()) + "）";
      if (tab("calls", calls_label)) {
        calls_view(view, *feed, t);
        ImGui::EndTabItem();
      }
      if (tab("kiosks", "キオスク")) {
        kiosks_view(view, t);
        ImGui::EndTabItem();
      }
      if (tab("numbers", "数字")) {
        numbers_view(view, *feed, t, options.titles);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
      tab_chosen = true;
    }
    if (!view.problem.empty()) {
      ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 2.2F * ImGui::GetFrameHeightWithSpacing());
      ImGui::TextColored(kTrouble, "%s",
                         t("事務所のデータベースに届きません：" + view.problem).c_str());
    }
    ImGui::End();
    ImGui::PopFont();
    ImGui::Render();
  }

  void frame() {
    const CounterView view = feed->view();
    if (view.calls_heard > calls_heard) chime.play();  // a new resident waits
    calls_heard = view.calls_heard;
    for (int pass = 0; pass < 2; ++pass) {  // a glyph the atlas lacked: baked, laid out again
      if (atlas->needs_rebuild()) {
        ImGui_ImplSDLRenderer_DestroyFontsTexture();
        atlas->rebuild();
      }
      lay_out(view);
      if (!atlas->needs_rebuild()) break;
    }
    SDL_SetRenderDrawColor(renderer, 245, 245, 245, 255);
    SDL_RenderClear(renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  }

  bool save(const std::filesystem::path& png) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(options.width) *
                                   static_cast<std::size_t>(options.height) * 3);
    return SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGB24, rgb.data(),
                                options.width * 3) == 0 &&
           kiosk::ui::write_png(png, options.width, options.height, rgb);
  }
};

ConsoleApp::ConsoleApp() : impl_(std::make_unique<Impl>()) {}
ConsoleApp::~ConsoleApp() = default;

std::expected<std::unique_ptr<ConsoleApp>, std::string> ConsoleApp::create(
    const ConsoleOptions& options) {
  std::unique_ptr<ConsoleApp> app(new ConsoleApp());
  auto& impl = *app->impl_;
  impl.options = options;
  auto desk =
      kiosk::ui::StaffWindow::open("Madoguchi 窓口コンソール", options.width, options.height);
  if (!desk) return std::unexpected(desk.error());
  impl.desk = std::move(*desk);
  impl.renderer = impl.desk->renderer();
  impl.wake_event = SDL_RegisterEvents(1);
  ImGui::GetStyle().CellPadding = {10.0F, 6.0F};
  ImGui::GetStyle().FramePadding = {16.0F, 7.0F};  // tabs a clerk hits without aiming
  impl.atlas = std::make_unique<kiosk::ui::GlyphAtlas>(options.font, kSizes);
  impl.text = std::make_unique<ConsoleText>(*impl.atlas);
  if (!impl.atlas->rebuild())
    return std::unexpected("cannot load the font " + options.font.string());
  const Uint32 wake = impl.wake_event;
  impl.feed = std::make_unique<CounterFeed>(options.conninfo, options.days, [wake] {
    SDL_Event event{};
    event.type = wake;
    SDL_PushEvent(&event);
  });
  return app;
}

int ConsoleApp::run() {
  auto& impl = *impl_;
  const auto started = std::chrono::steady_clock::now();
  int quiet_frames = 0;
  for (;;) {
    SDL_Event event;
    // Asleep until the feed or the member of staff has something; once a second for the
    // waiting times.
    if (SDL_WaitEventTimeout(&event, quiet_frames < 3 ? 16 : 1000) != 0) {
      quiet_frames = 0;
      do {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_QUIT) return 0;
      } while (SDL_PollEvent(&event) != 0);
    } else {
      ++quiet_frames;
    }
    impl.frame();
    if (!impl.options.screenshot.empty() && impl.feed->view().loaded && impl.tab_chosen &&
        quiet_frames >= 2) {
      if (!impl.save(impl.options.screenshot)) {
        std::cerr << "madoguchi-console: cannot write " << impl.options.screenshot << "\n";
        return 1;
      }
      return 0;
    }
    if (!impl.options.screenshot.empty() &&
        std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) {
      std::cerr << "madoguchi-console: the back office did not answer in 30 s\n";
      return 1;
    }
    SDL_RenderPresent(impl.renderer);
  }
}

}  // namespace madoguchi::console
