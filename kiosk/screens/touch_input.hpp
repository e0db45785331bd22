// The kiosk's own touch layer over SDL: finger events (and a mouse, for
// development) become ImGui's single pointer. A tap shorter than a frame still
// registers (press and release are queued, one state per frame), and the
// pointer leaves the screen after lift-off so no button stays "hovered".
// Dear ImGui 1.86's SDL backend is not used for input: it calls
// SDL_CaptureMouse, which swallows later touches on X11.
#pragma once

#include <deque>

#include <SDL.h>
#include <imgui.h>

namespace madoguchi::kiosk::ui {

class TouchInput {
 public:
  void set_window_size(int width, int height) {
    width_ = width;
    height_ = height;
  }
  // Returns true when the event was pointer input.
  bool handle(const SDL_Event& event);
  // Scripted input (headless driver) goes through the same queue.
  void press(ImVec2 pos) { queue_.push_back({pos, true}); }
  void release(ImVec2 pos) { queue_.push_back({pos, false}); }
  bool pending() const { return !queue_.empty(); }
  // Writes this frame's pointer state into ImGui's IO.
  void apply(ImGuiIO& io);
  bool down() const { return current_.down; }
  // Where the last press or lift-off was (the painter shows what changed there first).
  ImVec2 last_touch() const { return last_touch_; }

 private:
  struct State {
    ImVec2 pos;
    bool down;
  };
  std::deque<State> queue_;
  State current_{ImVec2(-FLT_MAX, -FLT_MAX), false};
  bool lifted_last_frame_ = false;
  ImVec2 last_touch_{-FLT_MAX, -FLT_MAX};
  int width_ = 1920;
  int height_ = 1080;
};

}  // namespace madoguchi::kiosk::ui
