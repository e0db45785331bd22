// Whether headphones are plugged into the kiosk, where the platform says so: Linux reports a
// jack's state as the switch SW_HEADPHONE_INSERT (or SW_LINEOUT_INSERT) of an input device,
// /dev/input/event* ("HDA Intel PCH Headphone", a USB headset's own). 音声案内 is then on for the
// next resident (view_preferences.hpp). A platform that says nothing (no such device, no right
// to read it) means no headset: the resident turns the voice on themselves.
#pragma once

#include <filesystem>

namespace madoguchi::kiosk {

// True when an input device in `folder` has a headphone or line-out switch that is on.
bool headset_plugged(const std::filesystem::path& folder = "/dev/input");

}  // namespace madoguchi::kiosk
