// The console window's three views (one file each) and what they share: the text as the glyph
// atlas can draw it, and the time as a clerk reads it.
#pragma once

#include <imgui.h>

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "counter_feed.hpp"
#include "screens/glyph_atlas.hpp"

namespace madoguchi::console {

// Every string drawn goes through here: its characters are baked into the atlas.
class ConsoleText {
 public:
  explicit ConsoleText(kiosk::ui::GlyphAtlas& atlas) : atlas_(atlas) {}
  std::string operator()(std::string_view text) const;
  // Large: the view's headline figures; draw between push_large() and ImGui::PopFont().
  std::string large(std::string_view text) const;
  void push_large() const;

 private:
  kiosk::ui::GlyphAtlas& atlas_;
};

// "10:04:31" in the console's local time, from the server's ISO 8601 UTC; "" when unreadable.
std::string local_time(const std::string& iso_utc);
// Seconds since that time.
long long seconds_since(const std::string& iso_utc);
// "1分20秒", "45秒", "2時間3分".
std::string duration_words(long long seconds);

inline const ImVec4 kGood{0.05F, 0.45F, 0.15F, 1.0F};
inline const ImVec4 kTrouble{0.75F, 0.05F, 0.05F, 1.0F};
inline const ImVec4 kQuiet{0.35F, 0.35F, 0.35F, 1.0F};

void calls_view(const CounterView& view, CounterFeed& feed, const ConsoleText& t);
void kiosks_view(const CounterView& view, const ConsoleText& t);
// `titles`: procedure id → title, for the procedures the console knows ("" ids shown as they are).
void numbers_view(const CounterView& view, CounterFeed& feed, const ConsoleText& t,
                  const std::map<std::string, std::string>& titles);

}  // namespace madoguchi::console
