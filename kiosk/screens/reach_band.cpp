// 車いすの方: the screen's targets in a band across its foot (docs/accessibility.md "Low reach").
//
// The numbers: a 23.8-inch 1920 × 1080 panel (527 × 296 mm, 0.274 mm a pixel) with its lower
// edge 1,000 mm above the floor, behind a counter 510 mm deep. A seated resident reaches
// forward over such a counter up to 1,120 mm (ADA 2010 §308.2.2, obstructed high forward
// reach; unobstructed it is 1,220 mm, §308.2.1, and never below 380 mm): the lowest 120 mm of
// the panel, 437 px. The band takes the screen from y = 640 down: every target ends at least
// 20 px above the foot and starts 16 px below 640, all within 1,000 + (1080 − 656) × 0.274 =
// 1,116 mm. Seated eye height (1,090–1,290 mm for most wheelchair users) sees the whole panel,
// so the words stay where they are above the band.
#include <algorithm>
#include <optional>
#include <string>

#include "widgets.hpp"

namespace madoguchi::kiosk::ui {

namespace {

constexpr float kBandTop = 640.0F;
constexpr float kInset = 16.0F;  // between the band's edge and its first row
constexpr float kFoot = 20.0F;   // left free at the screen's foot
constexpr float kSide = 60.0F;   // left and right
constexpr float kBandGap = 16.0F;
constexpr float kMinTarget = 96.0F;  // DESIGN.md's 88 px, and some

// The widest word of Latin letters in `label` (a word is not broken across lines: "Language"
// in a narrow key was); Japanese breaks between any characters.
float widest_latin_word(const Ui& ui, const std::string& label, TextSize size) {
  float widest = 0.0F;
  std::size_t start = 0;
  while (start <= label.size()) {
    const std::size_t end = std::min(label.find(' ', start), label.size());
    const std::string word = label.substr(start, end - start);
    if (std::all_of(word.begin(), word.end(), [](char c) { return (c & 0x80) == 0; })) {
      widest = std::max(widest, ui.measure(word, size).x);
    }
    start = end + 1;
  }
  return widest;
}

}  // namespace

float Ui::reach_top() { return kBandTop; }
float Ui::reach_band_top() const { return reach_band_top_; }

void Ui::draw_reach_band(float header_bottom) {
  if (!reach_) return;
  if (reach_targets_.empty()) {
    reach_moved_ = reach_band_top_ != screen_.y;
    reach_band_top_ = screen_.y;  // no band: the screen's words have it all
    return;
  }
  // The screen's own targets in the order drawn, then the header's.
  std::stable_partition(reach_targets_.begin(), reach_targets_.end(),
                        [&](const ReachTarget& t) { return t.bottom > header_bottom; });
  std::string of;
  for (const auto& t : reach_targets_) of += t.id + '\n';
  if (of != reach_page_of_) {
    reach_page_of_ = std::move(of);
    reach_page_ = 0;
  }
  // The grid: the fewest rows (up to 3) that hold them all, else 3 rows and pages; as few
  // columns as do that (the widest buttons); keys (a keyboard, one character each) up to 8
  // across, other targets up to 4. Every label whole, its Latin words unbroken.
  const float most_height = screen_.y - kFoot - kBandTop - kInset;
  const float width = screen_.x - 2 * kSide;
  const std::size_t n = reach_targets_.size();
  const auto key_count = std::count_if(reach_targets_.begin(), reach_targets_.end(),
                                       [](const auto& t) { return t.style == ButtonStyle::Key; });
  const bool keys = static_cast<std::size_t>(key_count) * 2 >= n;
  const std::string more_label = tr("ほかのボタン");
  std::size_t columns = 1, rows = 1;
  float row_h = most_height;
  bool found = false;
  // The widest Latin word of any label: measured once, whatever the columns.
  float widest_word = 0.0F;
  for (const auto& t : reach_targets_) {
    widest_word = std::max(
        widest_word,
        widest_latin_word(*this, t.label,
                          t.style == ButtonStyle::Key ? TextSize::Huge : TextSize::Heading));
  }
  for (std::size_t c = 1; c <= (keys ? 8U : 4U); ++c) {
    const float w = (width - kBandGap * static_cast<float>(c - 1)) / static_cast<float>(c);
    if (widest_word > w - 48.0F) break;  // narrower still breaks it too
    float need =
        std::max(kMinTarget + 24.0F, button_height(more_label, w, ButtonStyle::Secondary, "9 / 9"));
    for (const auto& t : reach_targets_) {
      need = std::max(need, button_height(t.label, w, t.style, t.sublabel));
    }
    // As many rows as they need, up to 3 and as many as the band holds at this height (then
    // pages); a page holds two at least (one of them ほかのボタン).
    std::size_t r = std::min<std::size_t>(3, (n + c - 1) / c);
    while (r > 1 &&
           static_cast<float>(r) * need + kBandGap * static_cast<float>(r - 1) > most_height) {
      --r;
    }
    if (need > most_height || (n > 1 && r * c < 2)) continue;
    const bool all = r * c >= n;
    const bool found_all = found && rows * columns >= n;
    // Better: holds them all where the best so far does not; or fewer rows; or, with pages,
    // more on a page.
    if (!found || (all && !found_all) || (all == found_all && all && r < rows) ||
        (!all && !found_all && r * c > rows * columns)) {
      found = true;
      columns = c;
      rows = r;
      row_h = need;
    }
  }
  // As high as its rows (the screen's words get what is left above it), never above the
  // reach line; rows a little taller than their labels need, up to 150 px.
  row_h = std::max(row_h, std::min(150.0F, (most_height - kBandGap * static_cast<float>(rows - 1)) /
                                               static_cast<float>(rows)));
  const float band_h = static_cast<float>(rows) * row_h + kBandGap * static_cast<float>(rows - 1);
  const float band_top = std::max(kBandTop, screen_.y - kFoot - band_h - kInset);
  reach_moved_ = band_top != reach_band_top_;
  reach_band_top_ = band_top;
  const float top = reach_band_top_ + kInset;
  rect(ImVec2(0, reach_band_top_), screen_, theme_.background);
  rect(ImVec2(0, reach_band_top_), ImVec2(screen_.x, reach_band_top_ + 4.0F), theme_.border);
  const std::size_t capacity = std::max<std::size_t>(rows * columns, 2);
  const bool paged = n > capacity;
  const std::size_t per_page = paged ? capacity - 1 : capacity;
  const std::size_t pages = (n + per_page - 1) / per_page;
  if (reach_page_ >= pages) reach_page_ = 0;
  const float h = row_h;
  const float w =
      (width - kBandGap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const auto cell = [&](std::size_t i) {
    return ImVec2(kSide + static_cast<float>(i % columns) * (w + kBandGap),
                  top + static_cast<float>(i / columns) * (h + kBandGap));
  };
  // Drawn as the screen would have drawn them (button() with reach off), and answered in the
  // next frame's button() of the same id.
  reach_ = false;
  const std::size_t first = reach_page_ * per_page;
  const std::size_t last = std::min(n, first + per_page);
  for (std::size_t i = first; i < last; ++i) {
    const ReachTarget& t = reach_targets_[i];
    std::optional<Unspoken> secret;
    if (t.secret) secret.emplace(*this);
    if (button(t.id, t.label, cell(i - first), ImVec2(w, h), t.style, t.sublabel)) {
      reach_tapped_ = t.id;
    }
  }
  if (paged &&
      button("reach:more", more_label, cell(last - first), ImVec2(w, h), ButtonStyle::Secondary,
             std::to_string(reach_page_ + 1) + " / " + std::to_string(pages))) {
    reach_page_ = (reach_page_ + 1) % pages;
  }
  reach_ = true;
}

}  // namespace madoguchi::kiosk::ui
