#include "line_diff.hpp"

#include <algorithm>
#include <cstddef>

namespace madoguchi::studio {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = text.find('\n', at);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(at));
      break;
    }
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

}  // namespace

std::vector<DiffLine> line_diff(std::string_view before, std::string_view after, int context) {
  if (before == after) return {};
  auto a = lines_of(before);
  auto b = lines_of(after);
  // The common head and tail first: an edit of the studio changes a line or two of hundreds.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  const std::size_t n = a.size() - head - tail;
  const std::size_t m = b.size() - head - tail;
  // lcs[i][j]: the longest common run of a[head+i..] and b[head+j..] (middle part only).
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[head + i] == b[head + j] ? lcs[i + 1][j + 1] + 1
                                             : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<DiffLine> all;
  for (std::size_t i = 0; i < head; ++i) {
    all.push_back({DiffLine::Kind::Same, static_cast<int>(i + 1), std::string(a[i])});
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] == b[head + j]) {
      all.push_back(
          {DiffLine::Kind::Same, static_cast<int>(head + i + 1), std::string(a[head + i])});
      ++i;
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // The line that goes before the line that replaces it, as people read a change.
      all.push_back(
          {DiffLine::Kind::Removed, static_cast<int>(head + i + 1), std::string(a[head + i])});
      ++i;
    } else {
      all.push_back(
          {DiffLine::Kind::Added, static_cast<int>(head + j + 1), std::string(b[head + j])});
      ++j;
    }
  }
  for (std::size_t k = a.size() - tail; k < a.size(); ++k) {
    all.push_back({DiffLine::Kind::Same, static_cast<int>(k + 1), std::string(a[k])});
  }
  // Only the context around the changes.
  std::vector<bool> keep(all.size(), false);
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (all[k].kind == DiffLine::Kind::Same) continue;
    const std::size_t from = k >= static_cast<std::size_t>(context) ? k - context : 0;
    const std::size_t to = std::min(all.size(), k + static_cast<std::size_t>(context) + 1);
    for (std::size_t c = from; c < to; ++c) keep[c] = true;
  }
  std::vector<DiffLine> shown;
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (keep[k]) {
      shown.push_back(std::move(all[k]));
    } else if (shown.empty() || shown.back().kind != DiffLine::Kind::Skipped) {
      shown.push_back({DiffLine::Kind::Skipped, 0, {}});
    }
  }
  return shown;
}

}  // namespace madoguchi::studio
