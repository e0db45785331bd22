#include "widgets.hpp"

#include <algorithm>

namespace madoguchi::kiosk::ui {

namespace {

bool no_line_start(std::uint32_t cp) {
  static constexpr std::u32string_view kForbidden =
      U"、。，．・：；？！ー）」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…‥"
      U",.:;?!)]}";
  return kForbidden.find(static_cast<char32_t>(cp)) != std::u32string_view::npos;
}

bool no_line_end(std::uint32_t cp) {
  static constexpr std::u32string_view kForbidden = U"（「『【〔〈《‘“([{";
  return kForbidden.find(static_cast<char32_t>(cp)) != std::u32string_view::npos;
}

float glyph_width(ImFont* font, std::uint32_t cp) {
  if (cp > 0xFFFF) cp = 0xFFFD;
  return font->GetCharAdvance(static_cast<ImWchar>(cp));
}

// A text with furigana markup {漢字|かんじ} (やさしい日本語): the text to wrap and measure,
// and where the readings go.
struct RubyText {
  struct Ruby {
    std::size_t begin = 0, end = 0;  // bytes of the base in `plain`
    std::string reading;
  };
  std::string plain;
  std::vector<Ruby> rubies;
};

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

// Readings are half the size of their text, drawn in the gap above each line.
constexpr float kRubyScale = 0.5F;

}  // namespace

namespace {

// One line of text at `pos`, with the readings of the bases on it drawn above (the caller
// leaves ruby_px of room above `pos.y`). `line_start` is where the line begins in ruby.plain.
void draw_ruby_line(ImDrawList* list, ImFont* font, float px, ImVec2 pos, ImU32 color,
                    const std::string& line, std::size_t line_start, const RubyText& ruby) {
  list->AddText(font, px, pos, color, line.c_str());
  const std::size_t line_end = line_start + line.size();
  const float ruby_px = px * kRubyScale;
  for (const auto& r : ruby.rubies) {
    if (r.begin < line_start || r.begin >= line_end) continue;
    const std::string before = ruby.plain.substr(line_start, r.begin - line_start);
    const std::string base = ruby.plain.substr(r.begin, std::min(r.end, line_end) - r.begin);
    const float x0 = pos.x + font->CalcTextSizeA(px, FLT_MAX, 0.0F, before.c_str()).x;
    const float w = font->CalcTextSizeA(px, FLT_MAX, 0.0F, base.c_str()).x;
    const float rw = font->CalcTextSizeA(ruby_px, FLT_MAX, 0.0F, r.reading.c_str()).x;
    list->AddText(font, ruby_px, ImVec2(x0 + (w - rw) * 0.5F, pos.y - ruby_px * 1.05F), color,
                  r.reading.c_str());
  }
}

}  // namespace

std::vector<std::string> wrap_japanese(ImFont* font, std::string_view text, float width) {
  std::vector<std::string> lines;
  std::vector<std::uint32_t> line;
  float line_width = 0.0F;
  auto flush = [&](std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) append_utf8(out, line[i]);
    lines.push_back(std::move(out));
    line.erase(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(count));
    line_width = 0.0F;
    for (const auto cp : line) line_width += glyph_width(font, cp);
  };
  for (const auto cp : decode_utf8(text)) {
    if (cp == '\n') {
      flush(line.size());
      continue;
    }
    const float w = glyph_width(font, cp);
    if (width > 0.0F && line_width + w > width && !line.empty()) {
      // Break before this character, moving characters that may not end a
      // line (or that this one may not follow) onto the next line.
      std::size_t cut = line.size();
      if (no_line_start(cp) && cut > 1) --cut;  // carry the previous char over
      while (cut > 1 && no_line_end(line[cut - 1])) --cut;
      // Prefer breaking at a space for Latin text.
      if (cp != ' ') {
        for (std::size_t k = cut; k > cut / 2 && k > 0; --k) {
          if (line[k - 1] == ' ') {
            cut = k;
            break;
          }
        }
      }
      flush(cut);
      while (!line.empty() && line.front() == ' ') {
        line.erase(line.begin());
      }
      line_width = 0.0F;
      for (const auto c : line) line_width += glyph_width(font, c);
    }
    if (line.empty() && cp == ' ' && !lines.empty()) continue;
    line.push_back(cp);
    line_width += w;
  }
  if (!line.empty()) flush(line.size());
  return lines;
}

void Ui::begin_frame() { buttons_.clear(); }

ImDrawList* Ui::draw_list() const { return ImGui::GetWindowDrawList(); }

ImVec2 Ui::measure(std::string_view original, TextSize size) const {
  ImFont* font = atlas_.font(size);
  const RubyText ruby = parse_ruby(original);
  const std::string shown = atlas_.displayable(ruby.plain);
  const float px = font->FontSize * (size == TextSize::Body ? body_scale_ : 1.0F);
  ImVec2 measured =
      font->CalcTextSizeA(px, FLT_MAX, 0.0F, shown.data(), shown.data() + shown.size());
  if (!ruby.rubies.empty()) measured.y += px * kRubyScale;
  return measured;
}

namespace {

// Wrapped lines of `ruby.plain`, each with where it starts in it (wrapping drops the spaces
// it breaks at).
std::vector<std::pair<std::string, std::size_t>> wrapped_lines(ImFont* font, const RubyText& ruby,
                                                               float width) {
  std::vector<std::pair<std::string, std::size_t>> lines;
  std::size_t offset = 0;
  for (auto& line : wrap_japanese(font, ruby.plain, width)) {
    const auto start = ruby.plain.find(line, offset);
    const std::size_t at = start == std::string::npos ? offset : start;
    offset = at + line.size();
    lines.emplace_back(std::move(line), at);
  }
  return lines;
}

}  // namespace

float Ui::text(std::string_view original, TextSize size, ImVec2 pos, ImU32 color,
               float wrap_width) {
  const RubyText ruby = parse_ruby(original);
  atlas_.note(ruby.plain);
  for (const auto& r : ruby.rubies) atlas_.note(r.reading);
  ImFont* font = atlas_.font(size);
  const float scale = size == TextSize::Body ? body_scale_ : 1.0F;
  const float px = font->FontSize * scale;
  const float wrap = wrap_width > 0.0F ? wrap_width / scale : wrap_width;
  const float ruby_px = ruby.rubies.empty() ? 0.0F : px * kRubyScale;
  const float line_height = px * 1.35F + ruby_px;
  float y = pos.y;
  if (ruby.rubies.empty()) {
    const std::string text = atlas_.displayable(original);
    for (const auto& line : wrap_japanese(font, text, wrap)) {
      draw_list()->AddText(font, px, ImVec2(pos.x, y), color, line.c_str());
      y += line_height;
    }
    return y - pos.y;
  }
  for (const auto& [line, start] : wrapped_lines(font, ruby, wrap)) {
    draw_ruby_line(draw_list(), font, px, ImVec2(pos.x, y + ruby_px), color, line, start, ruby);
    y += line_height;
  }
  return y - pos.y;
}

float Ui::text_centered(std::string_view original, TextSize size, float y, ImU32 color,
                        float wrap_width) {
  const RubyText ruby = parse_ruby(original);
  atlas_.note(ruby.plain);
  for (const auto& r : ruby.rubies) atlas_.note(r.reading);
  ImFont* font = atlas_.font(size);
  const float scale = size == TextSize::Body ? body_scale_ : 1.0F;
  const float px = font->FontSize * scale;
  const float wrap = wrap_width > 0.0F ? wrap_width / scale : wrap_width;
  const float ruby_px = ruby.rubies.empty() ? 0.0F : px * kRubyScale;
  const float line_height = px * 1.35F + ruby_px;
  float cursor = y;
  for (const auto& [line, start] : wrapped_lines(font, ruby, wrap)) {
    const std::string shown = atlas_.displayable(line);
    const float w = font->CalcTextSizeA(px, FLT_MAX, 0.0F, shown.c_str()).x;
    if (ruby.rubies.empty()) {
      draw_list()->AddText(font, px, ImVec2((screen_.x - w) * 0.5F, cursor), color, shown.c_str());
    } else {
      draw_ruby_line(draw_list(), font, px, ImVec2((screen_.x - w) * 0.5F, cursor + ruby_px), color,
                     line, start, ruby);
    }
    cursor += line_height;
  }
  return cursor - y;
}

void Ui::rect(ImVec2 min, ImVec2 max, ImU32 fill, float rounding) {
  draw_list()->AddRectFilled(min, max, fill, rounding);
}

void Ui::frame(ImVec2 min, ImVec2 max, ImU32 color, float thickness, float rounding) {
  draw_list()->AddRect(min, max, color, rounding, 0, thickness);
}

bool Ui::hidden_target(std::string_view id, ImVec2 pos, ImVec2 size) {
  ButtonRecord record{std::string(id), {}, pos, ImVec2(pos.x + size.x, pos.y + size.y)};
  record.hidden = true;
  buttons_.push_back(std::move(record));
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(static_cast<int>(std::hash<std::string_view>{}(id)));
  const bool clicked = ImGui::InvisibleButton("##h", size);
  ImGui::PopID();
  return clicked;
}

bool Ui::button(std::string_view id, std::string_view original_label, ImVec2 pos, ImVec2 size,
                ButtonStyle style, std::string_view original_sublabel) {
  const RubyText label_ruby = parse_ruby(original_label);
  const RubyText sub_ruby = parse_ruby(original_sublabel);
  atlas_.note(label_ruby.plain);
  atlas_.note(sub_ruby.plain);
  for (const auto& r : label_ruby.rubies) atlas_.note(r.reading);
  for (const auto& r : sub_ruby.rubies) atlas_.note(r.reading);
  const std::string label = atlas_.displayable(label_ruby.plain);
  const std::string sublabel = atlas_.displayable(sub_ruby.plain);
  buttons_.push_back(ButtonRecord{std::string(id), std::string(original_label), pos,
                                  ImVec2(pos.x + size.x, pos.y + size.y)});
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(static_cast<int>(std::hash<std::string_view>{}(id)));
  const bool clicked = ImGui::InvisibleButton("##b", size);
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();

  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  ImU32 fill = theme_.secondary;
  ImU32 text_color = theme_.secondary_text;
  float border = 3.0F;
  switch (style) {
    case ButtonStyle::Primary:
      fill = held ? theme_.primary_pressed : theme_.primary;
      text_color = theme_.primary_text;
      border = 0.0F;
      break;
    case ButtonStyle::Secondary:
    case ButtonStyle::Key:
      fill = held ? theme_.secondary_pressed : theme_.secondary;
      break;
    case ButtonStyle::Choice:
      fill = held ? theme_.secondary_pressed : theme_.secondary;
      break;
    case ButtonStyle::ChoiceSelected:
      fill = held ? theme_.secondary_pressed : theme_.selected;
      border = 6.0F;
      break;
  }
  const float rounding = 14.0F;
  // A shadow line under raised buttons makes them read as pressable.
  if (!held && style != ButtonStyle::ChoiceSelected) {
    rect(ImVec2(pos.x, pos.y + 6.0F), ImVec2(max.x, max.y + 6.0F), IM_COL32(0, 0, 0, 60), rounding);
  }
  const ImVec2 offset = held ? ImVec2(0.0F, 4.0F) : ImVec2(0.0F, 0.0F);
  const ImVec2 min_o(pos.x + offset.x, pos.y + offset.y);
  const ImVec2 max_o(max.x + offset.x, max.y + offset.y);
  rect(min_o, max_o, fill, rounding);
  if (border > 0.0F) frame(min_o, max_o, theme_.border, border, rounding);

  const TextSize label_size = style == ButtonStyle::Key ? TextSize::Huge : TextSize::Heading;
  ImFont* font = atlas_.font(label_size);
  ImFont* sub_font = atlas_.font(TextSize::Body);
  float inner_left = min_o.x + 24.0F;
  float inner_width = size.x - 48.0F;
  if (style == ButtonStyle::Choice || style == ButtonStyle::ChoiceSelected) {
    // A radio mark on the left: the choice reads as a choice, not an action.
    const ImVec2 centre(min_o.x + 60.0F, min_o.y + size.y * 0.5F);
    draw_list()->AddCircle(centre, 22.0F, theme_.border, 32, 4.0F);
    if (style == ButtonStyle::ChoiceSelected) {
      draw_list()->AddCircleFilled(centre, 12.0F, theme_.border, 32);
    }
    inner_left = min_o.x + 110.0F;
    inner_width = size.x - 134.0F;
  }
  // Shrink-to-fit: the label keeps its size when it fits the button on as few
  // lines as possible; otherwise it steps down (never below body text size)
  // rather than spill over the edge of the button.
  const float inner_height = size.y - 16.0F;
  const float min_px = std::min(GlyphAtlas::kBodyPx, font->FontSize);
  const float sub_px_max = sub_font->FontSize;
  float px = font->FontSize;
  float sub_px = sub_px_max;
  std::vector<std::string> lines;
  std::vector<std::string> sub_lines;
  // Furigana take half the text's size above each line that has them.
  const float label_ruby_scale = label_ruby.rubies.empty() ? 0.0F : kRubyScale;
  const float sub_ruby_scale = sub_ruby.rubies.empty() ? 0.0F : kRubyScale;
  const auto block_height = [&] {
    float h = static_cast<float>(lines.size()) * px * (1.2F + label_ruby_scale);
    if (!sub_lines.empty()) {
      h += static_cast<float>(sub_lines.size()) * sub_px * (1.25F + sub_ruby_scale) + 8.0F;
    }
    return h;
  };
  for (;;) {
    const float scale = px / font->FontSize;
    lines = wrap_japanese(font, label, inner_width / scale);
    // Never below 32 px, the smallest text DESIGN.md allows at 1080p.
    sub_px = std::min(sub_px_max, std::max(px * 0.7F, 32.0F));
    sub_lines = sublabel.empty()
                    ? std::vector<std::string>{}
                    : wrap_japanese(sub_font, sublabel, inner_width * sub_font->FontSize / sub_px);
    // A short label (a word or two) should stay on one line while a smaller size allows,
    // and no label should end with a line of one or two characters (「な／ど」).
    const bool split_short_label = lines.size() > 1 && decode_utf8(label).size() <= 12;
    const bool orphan = lines.size() > 1 && decode_utf8(lines.back()).size() <= 2;
    if ((block_height() <= inner_height && !split_short_label && !orphan) || px <= min_px) break;
    px = std::max(min_px, px - 2.0F);
  }
  const float line_height = px * 1.2F;
  const float block = block_height();
  float y = min_o.y + (size.y - block) * 0.5F;
  const bool left_aligned = style == ButtonStyle::Choice || style == ButtonStyle::ChoiceSelected;
  const auto draw_lines = [&](ImFont* line_font, float line_px, float step,
                              const std::vector<std::string>& wrapped, const RubyText& ruby) {
    const float ruby_px = ruby.rubies.empty() ? 0.0F : line_px * kRubyScale;
    std::size_t consumed = 0;
    for (const auto& line : wrapped) {
      const float w = line_font->CalcTextSizeA(line_px, FLT_MAX, 0.0F, line.c_str()).x;
      const float x = left_aligned ? inner_left : min_o.x + (size.x - w) * 0.5F;
      if (ruby.rubies.empty()) {
        draw_list()->AddText(line_font, line_px, ImVec2(x, y), text_color, line.c_str());
      } else {
        const auto start = ruby.plain.find(line, consumed);
        const std::size_t at = start == std::string::npos ? consumed : start;
        consumed = at + line.size();
        draw_ruby_line(draw_list(), line_font, line_px, ImVec2(x, y + ruby_px), text_color, line,
                       at, ruby);
      }
      y += step + ruby_px;
    }
  };
  draw_lines(font, px, line_height, lines, label_ruby);
  y += 8.0F;
  draw_lines(sub_font, sub_px, sub_px * 1.25F, sub_lines, sub_ruby);
  return clicked;
}

}  // namespace madoguchi::kiosk::ui
