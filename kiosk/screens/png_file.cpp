#include "png_file.hpp"

#include <png.h>

#include <algorithm>
#include <cstddef>

namespace madoguchi::kiosk::ui {

bool write_png(const std::filesystem::path& png, int width, int height,
               const std::vector<unsigned char>& rgb) {
  // Screens are flat colours: libpng's fast setting writes a 1080p screen in ~20 ms (stb's
  // encoder took ~280 ms), and the file is smaller than stb's.
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGB;
  image.flags = PNG_IMAGE_FLAG_FAST;
  const bool written =
      png_image_write_to_file(&image, png.c_str(), 0, rgb.data(), width * 3, nullptr) != 0;
  png_image_free(&image);
  return written;
}

namespace {

// Every `shrink` × `shrink` square of `full` as one pixel, the average of its pixels (the
// squares cut off at the right and bottom edges count only their own pixels).
RgbaImage shrunk(const RgbaImage& full, int shrink) {
  RgbaImage out;
  out.width = std::max(1, (full.width + shrink - 1) / shrink);
  out.height = std::max(1, (full.height + shrink - 1) / shrink);
  out.rgba.assign(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 4,
                  0);
  std::vector<unsigned> sums(static_cast<std::size_t>(out.width) * 4);
  for (int oy = 0; oy < out.height; ++oy) {
    std::fill(sums.begin(), sums.end(), 0U);
    const int y_end = std::min(full.height, (oy + 1) * shrink);
    for (int y = oy * shrink; y < y_end; ++y) {
      const unsigned char* row =
          full.rgba.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(full.width) * 4;
      for (int x = 0; x < full.width; ++x) {
        unsigned* sum = sums.data() + static_cast<std::size_t>(x / shrink) * 4;
        for (int c = 0; c < 4; ++c)
          sum[c] += row[static_cast<std::size_t>(x) * 4 + static_cast<std::size_t>(c)];
      }
    }
    const int rows = y_end - oy * shrink;
    for (int ox = 0; ox < out.width; ++ox) {
      const int columns = std::min(full.width, (ox + 1) * shrink) - ox * shrink;
      const auto count = static_cast<unsigned>(std::max(1, rows * columns));
      unsigned char* pixel =
          out.rgba.data() + (static_cast<std::size_t>(oy) * static_cast<std::size_t>(out.width) +
                             static_cast<std::size_t>(ox)) *
                                4;
      for (int c = 0; c < 4; ++c) {
        pixel[c] = static_cast<unsigned char>(
            (sums[static_cast<std::size_t>(ox) * 4 + static_cast<std::size_t>(c)] + count / 2) /
            count);
      }
    }
  }
  return out;
}

}  // namespace

std::expected<RgbaImage, std::string> read_png(const std::filesystem::path& png, int shrink) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&image, png.c_str()) == 0) {
    std::string why = image.message;
    png_image_free(&image);
    return std::unexpected(png.string() + ": not a PNG that can be read (" + why + ")");
  }
  // A screen is at most a few thousand pixels a side; a header claiming more is refused
  // before anything is allocated for it.
  constexpr png_uint_32 kLargest = 16384;
  if (image.width == 0 || image.height == 0 || image.width > kLargest || image.height > kLargest) {
    png_image_free(&image);
    return std::unexpected(png.string() + ": a PNG of " + std::to_string(image.width) + " × " +
                           std::to_string(image.height) + " pixels is not a screen");
  }
  image.format = PNG_FORMAT_RGBA;
  RgbaImage full;
  full.width = static_cast<int>(image.width);
  full.height = static_cast<int>(image.height);
  full.rgba.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, full.rgba.data(), 0, nullptr) == 0) {
    std::string why = image.message;
    png_image_free(&image);
    return std::unexpected(png.string() + ": the PNG is damaged (" + why + ")");
  }
  png_image_free(&image);
  if (shrink <= 1) return full;
  return shrunk(full, shrink);
}

}  // namespace madoguchi::kiosk::ui
