// What saving will change, as staff read it before they say yes: the lines of the file that go
// and the lines that come, with a few unchanged lines around each change for orientation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::studio {

struct DiffLine {
  enum class Kind { Same, Removed, Added, Skipped };
  Kind kind = Kind::Same;
  int line = 0;      // line number in the old file (Same, Removed) or the new one (Added)
  std::string text;  // Skipped: empty (a run of unchanged lines left out)
};

// Line by line (longest common subsequence), `context` unchanged lines around each change.
// Empty when the texts are the same.
std::vector<DiffLine> line_diff(std::string_view before, std::string_view after, int context = 2);

}  // namespace madoguchi::studio
