// PNG files of screens: the kiosk's screenshots and the audit's frames (written), the staff
// studio's view of the audit's frames (read). libpng's simplified API, from Debian.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace madoguchi::kiosk::ui {

// Writes RGB rows as a PNG (libpng's fast setting: a 1080p screen in ~20 ms).
bool write_png(const std::filesystem::path& png, int width, int height,
               const std::vector<unsigned char>& rgb);

// RGBA bytes in memory order, rows from the top.
struct RgbaImage {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgba;
};

// Reads a PNG as RGBA, `shrink` times smaller on each side (each pixel the average of a
// shrink × shrink square; 1 keeps the size). The error names the file and what is wrong.
std::expected<RgbaImage, std::string> read_png(const std::filesystem::path& png, int shrink = 1);

}  // namespace madoguchi::kiosk::ui
