#include "madoguchi/forms/staff_files.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace madoguchi::forms {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t allowed = word.size() <= 4 ? 1 : 2;
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const std::string& candidate : candidates) {
    // The distance is at least the difference in length: a long word is not compared at all.
    const std::size_t longer = std::max(word.size(), candidate.size());
    const std::size_t shorter = std::min(word.size(), candidate.size());
    if (longer - shorter > allowed) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best_distance <= allowed ? best : std::string();
}

std::string unknown_key_message(std::string_view key, const std::vector<std::string>& allowed) {
  constexpr std::size_t kLongestShown = 80;
  std::string shown(key.substr(0, kLongestShown));
  if (key.size() > kLongestShown) {
    // Cut at a character boundary: drop continuation bytes left without their lead byte.
    while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) {
      shown.pop_back();
    }
    if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
    shown += "…";
  }
  std::string message = "unknown key \"" + shown + "\"";
  if (const std::string guess = closest_match(key, allowed); !guess.empty()) {
    message += " (did you mean \"" + guess + "\"?)";
  }
  message += "; the keys allowed here are: ";
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) message += ", ";
    message += allowed[i];
  }
  return message;
}

}  // namespace madoguchi::forms
