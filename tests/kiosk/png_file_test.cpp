// The PNG files of screens: what write_png writes, read_png reads back, whole or shrunk (each
// pixel the average of its square), and a file that is not a PNG is named with the reason.
#include "screens/png_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using madoguchi::kiosk::ui::read_png;
using madoguchi::kiosk::ui::write_png;

class PngFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("madoguchi-png-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(PngFile, ReadsBackWhatWasWrittenWholeAndShrunk) {
  // 5 × 3 pixels: red and blue columns in turn, one grey row at the bottom.
  const int width = 5, height = 3;
  std::vector<unsigned char> rgb;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (y == 2) {
        rgb.insert(rgb.end(), {100, 100, 100});
      } else if (x % 2 == 0) {
        rgb.insert(rgb.end(), {255, 0, 0});
      } else {
        rgb.insert(rgb.end(), {0, 0, 255});
      }
    }
  }
  const fs::path file = dir_ / "screen.png";
  ASSERT_TRUE(write_png(file, width, height, rgb));

  const auto whole = read_png(file);
  ASSERT_TRUE(whole.has_value()) << whole.error();
  EXPECT_EQ(whole->width, 5);
  EXPECT_EQ(whole->height, 3);
  ASSERT_EQ(whole->rgba.size(), 5u * 3u * 4u);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::size_t at = static_cast<std::size_t>(y * width + x);
      for (int c = 0; c < 3; ++c) {
        EXPECT_EQ(whole->rgba[at * 4 + static_cast<std::size_t>(c)],
                  rgb[at * 3 + static_cast<std::size_t>(c)])
            << x << "," << y;
      }
      EXPECT_EQ(whole->rgba[at * 4 + 3], 255);
    }
  }

  // Halved: 3 × 2. The top-left pixel averages two red and two blue: (128, 0, 128); the right
  // column has only the red fifth column; the bottom row only the grey row.
  const auto half = read_png(file, 2);
  ASSERT_TRUE(half.has_value()) << half.error();
  EXPECT_EQ(half->width, 3);
  EXPECT_EQ(half->height, 2);
  const auto pixel = [&](int x, int y, int c) {
    return static_cast<int>(half->rgba[static_cast<std::size_t>((y * 3 + x) * 4 + c)]);
  };
  EXPECT_EQ(pixel(0, 0, 0), 128);
  EXPECT_EQ(pixel(0, 0, 1), 0);
  EXPECT_EQ(pixel(0, 0, 2), 128);
  EXPECT_EQ(pixel(2, 0, 0), 255);
  EXPECT_EQ(pixel(2, 0, 2), 0);
  EXPECT_EQ(pixel(1, 1, 0), 100);
  EXPECT_EQ(pixel(1, 1, 2), 100);
}

TEST_F(PngFile, ANonPngOrMissingFileIsNamedWithTheReason) {
  const fs::path text = dir_ / "not-a-picture.png";
  std::ofstream(text) << "this is text, not a PNG\n";
  const auto bad = read_png(text);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().find("not-a-picture.png"), std::string::npos) << bad.error();

  const auto missing = read_png(dir_ / "nowhere.png");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("nowhere.png"), std::string::npos) << missing.error();

  // A real PNG cut short: the header reads, the pixels do not.
  std::vector<unsigned char> rgb(64 * 64 * 3, 0);
  for (std::size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<unsigned char>(i * 7);
  const fs::path cut = dir_ / "cut.png";
  ASSERT_TRUE(write_png(cut, 64, 64, rgb));
  fs::resize_file(cut, fs::file_size(cut) / 2);
  const auto damaged = read_png(cut);
  ASSERT_FALSE(damaged.has_value());
  EXPECT_NE(damaged.error().find("cut.png"), std::string::npos) << damaged.error();
}

}  // namespace
