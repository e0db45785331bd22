// Whether a window manager looks after the kiosk's window. On a bare X server (a kiosk's usual
// X setup: Xorg and the kiosk, nothing else) nobody answers a full-screen request: SDL 2.26
// waits for an answer up to 100 ms, twice, and the server may send the window new Expose
// events, so that the first screen is painted twice. The borderless window that covers the
// display is then already all that full screen would give.
#pragma once

#include <SDL.h>

namespace madoguchi::kiosk::ui {

// True when `window` is on an X server with a window manager (one that sets
// _NET_SUPPORTING_WM_CHECK on the root window, as every EWMH window manager does), or not on
// X at all (Wayland's compositor, cage, always manages it).
bool window_is_managed(SDL_Window* window);

}  // namespace madoguchi::kiosk::ui
