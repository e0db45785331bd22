#include <ctime>

#include "console_panels.hpp"

namespace madoguchi::console {

std::string ConsoleText::operator()(std::string_view text) const {
  atlas_.note(text, kiosk::ui::TextSize::Body);
  return atlas_.displayable(text);
}

std::string ConsoleText::large(std::string_view text) const {
  atlas_.note(text, kiosk::ui::TextSize::Heading);
  return atlas_.displayable(text);
}

void ConsoleText::push_large() const { ImGui::PushFont(atlas_.font(kiosk::ui::TextSize::Heading)); }

namespace {
std::time_t parse_utc(const std::string& iso) {
  std::tm tm{};
  if (::strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return -1;
  return ::timegm(&tm);
}
}  // namespace

std::string local_time(const std::string& iso_utc) {
  const std::time_t t = parse_utc(iso_utc);
  if (t < 0) return "";
  std::tm local{};
  ::localtime_r(&t, &local);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return text;
}

long long seconds_since(const std::string& iso_utc) {
  const std::time_t t = parse_utc(iso_utc);
  return t < 0 ? 0 : static_cast<long long>(std::time(nullptr) - t);
}

std::string duration_words(long long seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 60) return std::to_string(seconds) + "秒";
  if (seconds < 3600) {
    return std::to_string(seconds / 60) + "分" + std::to_string(seconds % 60) + "秒";
  }
  return std::to_string(seconds / 3600) + "時間" + std::to_string(seconds % 3600 / 60) + "分";
}

}  // namespace madoguchi::console
