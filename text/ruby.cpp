#include "madoguchi/text/ruby.hpp"

namespace madoguchi::text {

RubyText parse_ruby(std::string_view text) {
  RubyText out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('{', at);
    const auto bar = open == std::string_view::npos ? open : text.find('|', open);
    const auto close = bar == std::string_view::npos ? bar : text.find('}', bar);
    const bool ruby = close != std::string_view::npos &&
                      text.substr(open + 1, bar - open - 1).find('}') == std::string_view::npos;
    if (!ruby || bar == open + 1 || close == bar + 1) {
      out.plain.append(text.substr(at));
      break;
    }
    out.plain.append(text.substr(at, open - at));
    const std::size_t begin = out.plain.size();
    out.plain.append(text.substr(open + 1, bar - open - 1));
    out.rubies.push_back(
        {begin, out.plain.size(), std::string(text.substr(bar + 1, close - bar - 1))});
    at = close + 1;
  }
  return out;
}

std::string strip_ruby(std::string_view text) { return parse_ruby(text).plain; }

}  // namespace madoguchi::text
