#include "touch_input.hpp"

namespace madoguchi::kiosk::ui {

bool TouchInput::handle(const SDL_Event& event) {
  switch (event.type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: {
      const ImVec2 pos(event.tfinger.x * static_cast<float>(width_),
                       event.tfinger.y * static_cast<float>(height_));
      if (event.type == SDL_FINGERDOWN) press(pos);
      if (event.type == SDL_FINGERUP) release(pos);
      if (event.type == SDL_FINGERMOTION && current_.down && queue_.empty()) current_.pos = pos;
      return true;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      // Touches also arrive as emulated mouse events; the finger events above
      // already carry them.
      if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) {
        return false;
      }
      if (event.type == SDL_MOUSEBUTTONDOWN) {
        press(ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y)));
      } else {
        release(ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y)));
      }
      return true;
    case SDL_MOUSEMOTION:
      if (event.motion.which == SDL_TOUCH_MOUSEID) return false;
      if (current_.down && queue_.empty()) {
        current_.pos =
            ImVec2(static_cast<float>(event.motion.x), static_cast<float>(event.motion.y));
      }
      return true;
    default:
      return false;
  }
}

void TouchInput::apply(ImGuiIO& io) {
  if (!queue_.empty()) {
    current_ = queue_.front();
    queue_.pop_front();
    last_touch_ = current_.pos;
    lifted_last_frame_ = !current_.down;
    io.MousePos = current_.pos;
    io.MouseDown[0] = current_.down;
    return;
  }
  if (!current_.down && lifted_last_frame_) {
    // One frame after lift-off the pointer leaves: no sticky hover.
    current_.pos = ImVec2(-FLT_MAX, -FLT_MAX);
    lifted_last_frame_ = false;
  }
  io.MousePos = current_.pos;
  io.MouseDown[0] = current_.down;
}

}  // namespace madoguchi::kiosk::ui
