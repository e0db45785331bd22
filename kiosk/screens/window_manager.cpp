#include "window_manager.hpp"

#include <SDL_syswm.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>

namespace madoguchi::kiosk::ui {

bool window_is_managed(SDL_Window* window) {
  SDL_SysWMinfo info;
  SDL_VERSION(&info.version);
  if (SDL_GetWindowWMInfo(window, &info) != SDL_TRUE || info.subsystem != SDL_SYSWM_X11) {
    return true;
  }
  Display* display = info.info.x11.display;
  const Atom check = XInternAtom(display, "_NET_SUPPORTING_WM_CHECK", True);
  if (check == None) return false;  // no client ever named it: no EWMH window manager
  Atom type = None;
  int format = 0;
  unsigned long items = 0, after = 0;
  unsigned char* data = nullptr;
  const int got = XGetWindowProperty(display, DefaultRootWindow(display), check, 0, 1, False,
                                     XA_WINDOW, &type, &format, &items, &after, &data);
  const bool managed = got == Success && type == XA_WINDOW && items == 1;
  if (data != nullptr) XFree(data);
  return managed;
}

}  // namespace madoguchi::kiosk::ui
