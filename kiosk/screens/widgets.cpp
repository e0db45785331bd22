#include "widgets.hpp"

#include <algorithm>
#include <utility>

#include "madoguchi/text/utf8.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk::ui {

std::string_view text_role_name(TextRole role) {
  switch (role) {
    case TextRole::Body:
      return "body";
    case TextRole::Heading:
      return "heading";
    case TextRole::Huge:
      return "huge";
    case TextRole::Label:
      return "label";
    case TextRole::Sublabel:
      return "sublabel";
    case TextRole::Ruby:
      return "ruby";
  }
  return "body";
}

namespace {

// A choice button's mark: a radio mark (a choice of one), or a box ticked when chosen where
// several may be (Ui::SeveralChoices).
void choice_mark(ImDrawList* list, ImVec2 centre, ImU32 colour, bool several, bool selected) {
  if (!several) {
    list->AddCircle(centre, 22.0F, colour, 32, 4.0F);
    if (selected) list->AddCircleFilled(centre, 12.0F, colour, 32);
    return;
  }
  list->AddRect(ImVec2(centre.x - 22.0F, centre.y - 22.0F),
                ImVec2(centre.x + 22.0F, centre.y + 22.0F), colour, 4.0F, 0, 4.0F);
  if (!selected) return;
  const ImVec2 tick[] = {ImVec2(centre.x - 12.0F, centre.y),
                         ImVec2(centre.x - 3.0F, centre.y + 10.0F),
                         ImVec2(centre.x + 13.0F, centre.y - 11.0F)};
  list->AddPolyline(tick, 3, colour, 0, 6.0F);
}

float glyph_width(ImFont* font, std::uint32_t cp) {
  if (cp > 0xFFFF) cp = 0xFFFD;
  return font->GetCharAdvance(static_cast<ImWchar>(cp));
}

// The screens' text reaches Dear ImGui in the atlas's glyph codes (glyph_codes.hpp); lines are
// broken on the characters themselves.
ImVec2 text_size(const GlyphAtlas& atlas, ImFont* font, float px, std::string_view text) {
  const std::string codes = atlas.glyph_codes(text);
  return font->CalcTextSizeA(px, FLT_MAX, 0.0F, codes.data(), codes.data() + codes.size());
}

float text_width(const GlyphAtlas& atlas, ImFont* font, float px, std::string_view text) {
  return text_size(atlas, font, px, text).x;
}

std::vector<std::string> wrap_on(const GlyphAtlas& atlas, ImFont* font, std::string_view text,
                                 float width) {
  return wrap_japanese(text, width, [&atlas, font](char32_t c) { return atlas.advance(font, c); });
}

// Readings are half the size of their text, drawn in the gap above each line.
constexpr float kRubyScale = 0.5F;

TextRole text_role(TextSize size) {
  switch (size) {
    case TextSize::Body:
      return TextRole::Body;
    case TextSize::Heading:
      return TextRole::Heading;
    case TextSize::Huge:
      return TextRole::Huge;
  }
  return TextRole::Body;
}

}  // namespace

namespace {

// One pass of text::break_lines. The screens' layouts count the lines: empty text takes no
// room, and a final '\n' adds no empty line.
std::vector<std::string> wrap_greedy(std::string_view text, float width,
                                     const text::MeasureFunction& advance) {
  auto lines = text::break_lines(text, width, advance);
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace

std::vector<std::string> wrap_japanese(std::string_view text, float width,
                                       const text::MeasureFunction& advance) {
  auto lines = wrap_greedy(text, width, advance);
  // No paragraph ends with a stub (「す。」 or 「さい。」 alone under a full line): narrower
  // lines, as many as before, carry more characters down until the last line holds at least
  // a quarter of the one above it (and three characters).
  const auto chars = [](const std::string& line) { return text::count_characters(line); };
  const auto enough = [&](const std::vector<std::string>& wrapped) {
    const std::size_t above = chars(wrapped[wrapped.size() - 2]);
    return chars(wrapped.back()) >= std::max<std::size_t>(3, above / 4);
  };
  if (width <= 0.0F || lines.size() < 2 || enough(lines)) return lines;
  for (float f = 0.97F; f >= 0.6F; f -= 0.03F) {
    auto narrower = wrap_greedy(text, width * f, advance);
    if (narrower.size() != lines.size()) break;
    if (enough(narrower)) return narrower;
  }
  return lines;
}

std::vector<std::string> wrap_japanese(ImFont* font, std::string_view text, float width) {
  return wrap_japanese(text, width, [font](char32_t c) { return glyph_width(font, c); });
}
void Ui::add_text(ImFont* font, float px, ImVec2 pos, ImU32 color, const std::string& line,
                  TextRole role, ImVec2 box_min, ImVec2 box_max) {
  ImDrawList* list = draw_list();
  const std::string codes = atlas_.glyph_codes(line);
  const char* begin = codes.data();
  const char* end = codes.data() + codes.size();
  if (!record_text_) {
    list->AddText(font, px, pos, color, begin, end);
    return;
  }
  TextRun run;
  run.text = line;
  run.role = role;
  run.list = list;
  run.index_begin = list->IdxBuffer.Size;
  run.px = px;
  run.button = current_button_;
  run.box_min = box_min;
  run.box_max = box_max;
  const ImVec2 size = font->CalcTextSizeA(px, FLT_MAX, 0.0F, begin, end);
  run.laid_min = pos;
  run.laid_max = ImVec2(pos.x + size.x, pos.y + size.y);
  list->AddText(font, px, pos, color, begin, end);
  run.index_end = list->IdxBuffer.Size;
  text_runs_.push_back(std::move(run));
}

// One line of text at `pos`, with the readings of the bases on it drawn above (the caller
// leaves ruby_px of room above `pos.y`). `line_start` is where the line begins in ruby.plain.
void Ui::ruby_line(ImFont* font, float px, ImVec2 pos, ImU32 color, const std::string& line,
                   std::size_t line_start, const RubyText& ruby, TextRole role, ImVec2 box_min,
                   ImVec2 box_max) {
  add_text(font, px, pos, color, line, role, box_min, box_max);
  const std::size_t line_end = line_start + line.size();
  const float ruby_px = px * kRubyScale;
  const float line_right = pos.x + text_width(atlas_, font, px, line);
  float taken = -FLT_MAX;  // where the previous reading ends
  for (const auto& r : ruby.rubies) {
    if (r.begin < line_start || r.begin >= line_end) continue;
    const std::string before = ruby.plain.substr(line_start, r.begin - line_start);
    const std::string base = ruby.plain.substr(r.begin, std::min(r.end, line_end) - r.begin);
    const float x0 = pos.x + text_width(atlas_, font, px, before);
    const float w = text_width(atlas_, font, px, base);
    const float rw = text_width(atlas_, font, ruby_px, r.reading);
    // Centred over its base; a reading longer than its base overhangs the characters
    // beside it, never the ends of the line (JIS X 4051) nor the reading before it (which
    // wins over the end of the line).
    float x = x0 + (w - rw) * 0.5F;
    x = rw <= line_right - pos.x ? std::clamp(x, pos.x, line_right - rw) : std::max(x, pos.x);
    x = std::max(x, taken);
    taken = x + rw;
    // Just above the line: the caller left ruby_px of room above pos.y.
    add_text(font, ruby_px, ImVec2(x, pos.y - ruby_px), color, r.reading, TextRole::Ruby, box_min,
             box_max);
  }
}

void Ui::begin_frame() {
  atlas_.begin_frame();
  buttons_.clear();
  for (auto& sentence : spoken_) wiping::wipe(sentence);  // it may have said the name, on request
  spoken_.clear();
  reach_targets_.clear();
  unspoken_ = false;
  several_ = false;
  text_runs_.clear();
  panels_.clear();
}

ImDrawList* Ui::draw_list() const { return ImGui::GetWindowDrawList(); }

ImVec2 Ui::measure(std::string_view original, TextSize size) const {
  ImFont* font = atlas_.font(size);
  const RubyText ruby = text::parse_ruby(original);
  const std::string shown = atlas_.displayable(ruby.plain);
  const float px = font->FontSize * (size == TextSize::Body ? body_scale_ : 1.0F);
  ImVec2 measured = text_size(atlas_, font, px, shown);
  if (!ruby.rubies.empty()) measured.y += px * kRubyScale;
  return measured;
}

namespace {

// Wrapped lines of `ruby.plain`, each with where it starts in it (wrapping drops the spaces
// it breaks at).
std::vector<std::pair<std::string, std::size_t>> wrapped_lines(const GlyphAtlas& atlas,
                                                               ImFont* font, const RubyText& ruby,
                                                               float width) {
  std::vector<std::pair<std::string, std::size_t>> lines;
  std::size_t offset = 0;
  for (auto& line : wrap_on(atlas, font, ruby.plain, width)) {
    const auto start = ruby.plain.find(line, offset);
    const std::size_t at = start == std::string::npos ? offset : start;
    offset = at + line.size();
    lines.emplace_back(std::move(line), at);
  }
  return lines;
}

}  // namespace

Ui::TextLayout Ui::layout_to_draw(std::string_view original, TextSize size, float wrap_width) {
  RubyText ruby = text::parse_ruby(original);
  atlas_.note(ruby.plain);
  for (const auto& r : ruby.rubies) atlas_.note(r.reading);
  return layout_text(std::move(ruby), size, wrap_width);
}

Ui::TextLayout Ui::layout_text(RubyText ruby, TextSize size, float wrap_width) const {
  TextLayout layout{.ruby = std::move(ruby), .font = atlas_.font(size)};
  const float scale = size == TextSize::Body ? body_scale_ : 1.0F;
  layout.px = layout.font->FontSize * scale;
  layout.wrap = wrap_width > 0.0F ? wrap_width / scale : wrap_width;
  layout.ruby_px = layout.ruby.rubies.empty() ? 0.0F : layout.px * kRubyScale;
  layout.line_height = layout.px * 1.35F + layout.ruby_px;
  return layout;
}

float Ui::text(std::string_view original, TextSize size, ImVec2 pos, ImU32 color,
               float wrap_width) {
  const auto [ruby, font, px, wrap, ruby_px, line_height] =
      layout_to_draw(original, size, wrap_width);
  if (!unspoken_ && !ruby.plain.empty()) spoken_.emplace_back(original);
  const TextRole role = text_role(size);
  const ImVec2 box_min = pos;
  const ImVec2 box_max(wrap_width > 0.0F ? pos.x + wrap_width : screen_.x, screen_.y);
  float y = pos.y;
  if (ruby.rubies.empty()) {
    const std::string text = atlas_.displayable(original);
    for (const auto& line : wrap_on(atlas_, font, text, wrap)) {
      add_text(font, px, ImVec2(pos.x, y), color, line, role, box_min, box_max);
      y += line_height;
    }
    return y - pos.y;
  }
  for (const auto& [line, start] : wrapped_lines(atlas_, font, ruby, wrap)) {
    ruby_line(font, px, ImVec2(pos.x, y + ruby_px), color, line, start, ruby, role, box_min,
              box_max);
    y += line_height;
  }
  return y - pos.y;
}

float Ui::text_centered(std::string_view original, TextSize size, float y, ImU32 color,
                        float wrap_width) {
  const auto [ruby, font, px, wrap, ruby_px, line_height] =
      layout_to_draw(original, size, wrap_width);
  if (!unspoken_ && !ruby.plain.empty()) spoken_.emplace_back(original);
  const TextRole role = text_role(size);
  const float box_w = wrap_width > 0.0F ? wrap_width : screen_.x;
  const ImVec2 box_min((screen_.x - box_w) * 0.5F, y);
  const ImVec2 box_max((screen_.x + box_w) * 0.5F, screen_.y);
  float cursor = y;
  for (const auto& [line, start] : wrapped_lines(atlas_, font, ruby, wrap)) {
    const std::string shown = atlas_.displayable(line);
    const float w = text_width(atlas_, font, px, shown);
    if (ruby.rubies.empty()) {
      add_text(font, px, ImVec2((screen_.x - w) * 0.5F, cursor), color, shown, role, box_min,
               box_max);
    } else {
      ruby_line(font, px, ImVec2((screen_.x - w) * 0.5F, cursor + ruby_px), color, line, start,
                ruby, role, box_min, box_max);
    }
    cursor += line_height;
  }
  return cursor - y;
}

void Ui::rect(ImVec2 min, ImVec2 max, ImU32 fill, float rounding) {
  draw_list()->AddRectFilled(min, max, fill, rounding);
}

void Ui::panel(ImVec2 min, ImVec2 max, ImU32 fill, float rounding) {
  rect(min, max, fill, rounding);
  if (record_text_) panels_.push_back(PanelRecord{min, max});
}

float Ui::text_height(std::string_view original, TextSize size, float wrap_width) const {
  const auto [ruby, font, px, wrap, ruby_px, line_height] =
      layout_text(text::parse_ruby(original), size, wrap_width);
  const std::size_t lines = ruby.rubies.empty()
                                ? wrap_on(atlas_, font, atlas_.displayable(original), wrap).size()
                                : wrapped_lines(atlas_, font, ruby, wrap).size();
  return static_cast<float>(lines) * line_height;
}

std::string Ui::cut_to_lines(std::string_view original, TextSize size, float wrap_width,
                             std::size_t max_lines) const {
  if (max_lines == 0) return {};
  const RubyText ruby = text::parse_ruby(original);
  if (!ruby.rubies.empty()) return std::string(original);
  ImFont* font = atlas_.font(size);
  const float scale = size == TextSize::Body ? body_scale_ : 1.0F;
  const float wrap = wrap_width / scale;
  const auto lines = wrapped_lines(atlas_, font, ruby, wrap);
  if (lines.size() <= max_lines) return std::string(original);
  const auto& [last_line, start] = lines[max_lines - 1];
  auto last = text::decode_utf8(last_line);
  const auto width = [&](std::u32string_view cps) {
    float w = atlas_.advance(font, 0x2026);
    for (const auto cp : cps) w += atlas_.advance(font, cp);
    return w;
  };
  while (!last.empty() && width(last) > wrap) last.pop_back();
  std::string out = ruby.plain.substr(0, start);
  return out + text::encode_utf8(last) + "…";
}

void Ui::frame(ImVec2 min, ImVec2 max, ImU32 color, float thickness, float rounding) {
  draw_list()->AddRect(min, max, color, rounding, 0, thickness);
}

bool Ui::hidden_held(std::string_view id, ImVec2 pos, ImVec2 size) {
  hidden_target(id, pos, size);
  return ImGui::IsItemActive();
}

bool Ui::hidden_target(std::string_view id, ImVec2 pos, ImVec2 size) {
  ButtonRecord record;
  record.id = std::string(id);
  record.min = pos;
  record.max = ImVec2(pos.x + size.x, pos.y + size.y);
  record.hidden = true;
  buttons_.push_back(std::move(record));
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(static_cast<int>(std::hash<std::string_view>{}(id)));
  const bool clicked = ImGui::InvisibleButton("##h", size);
  ImGui::PopID();
  return clicked;
}

// Where a button's label goes: centred between 24 px margins (12 px on keyboard keys), or
// right of a choice's radio mark; 8 px above and below.
struct LabelArea {
  float left = 0.0F;
  float width = 0.0F;
  float height = 0.0F;
};

namespace {

LabelArea label_area(ImVec2 min, ImVec2 size, ButtonStyle style) {
  if (style == ButtonStyle::Choice || style == ButtonStyle::ChoiceSelected) {
    return {min.x + 110.0F, size.x - 134.0F, size.y - 16.0F};
  }
  if (style == ButtonStyle::Key) return {min.x + 12.0F, size.x - 24.0F, size.y - 16.0F};
  return {min.x + 24.0F, size.x - 48.0F, size.y - 16.0F};
}

}  // namespace

// The label and sublabel wrapped at the largest sizes that fit the button's label area (the
// label from its own size down to body text, the sublabel never below 32 px).
struct Ui::LabelFit {
  float px = 0.0F;
  float sub_px = 0.0F;
  std::vector<std::string> lines;
  std::vector<std::string> sub_lines;
  float block = 0.0F;  // the height of both, with the furigana above their lines
  bool fits = false;
};

namespace {

// Where ruby_line puts the readings of `line` (starting at `line_start` in ruby.plain) drawn
// at `px`: how wide the line is with them (a reading longer than its base can make it wider).
float width_with_readings(const GlyphAtlas& atlas, ImFont* font, float px, const std::string& line,
                          std::size_t line_start, const RubyText& ruby) {
  const float line_w = text_width(atlas, font, px, line);
  const float ruby_px = px * kRubyScale;
  const std::size_t line_end = line_start + line.size();
  float taken = -FLT_MAX;
  float right = line_w;
  for (const auto& r : ruby.rubies) {
    if (r.begin < line_start || r.begin >= line_end) continue;
    const std::string before = ruby.plain.substr(line_start, r.begin - line_start);
    const std::string base = ruby.plain.substr(r.begin, std::min(r.end, line_end) - r.begin);
    const float x0 = text_width(atlas, font, px, before);
    const float w = text_width(atlas, font, px, base);
    const float rw = text_width(atlas, font, ruby_px, r.reading);
    float x = x0 + (w - rw) * 0.5F;
    x = rw <= line_w ? std::clamp(x, 0.0F, line_w - rw) : std::max(x, 0.0F);
    x = std::max(x, taken);
    taken = x + rw;
    right = std::max(right, taken);
  }
  return right;
}

// True when every line, with its readings, is no wider than `width`.
bool lines_fit(const GlyphAtlas& atlas, ImFont* font, float px,
               const std::vector<std::string>& lines, const RubyText& ruby, float width) {
  if (ruby.rubies.empty()) return true;  // wrap_japanese kept them within the width
  std::size_t consumed = 0;
  for (const auto& line : lines) {
    const auto start = ruby.plain.find(line, consumed);
    const std::size_t at = start == std::string::npos ? consumed : start;
    consumed = at + line.size();
    if (width_with_readings(atlas, font, px, line, at, ruby) > width + 0.5F) return false;
  }
  return true;
}

}  // namespace

Ui::LabelFit Ui::fit_label(const std::string& label, const RubyText& label_ruby_text,
                           const std::string& sublabel, const RubyText& sub_ruby_text,
                           const LabelArea& area, ButtonStyle style) const {
  const bool label_ruby = !label_ruby_text.rubies.empty();
  const bool sub_ruby = !sub_ruby_text.rubies.empty();
  const TextSize label_size = style == ButtonStyle::Key ? TextSize::Huge : TextSize::Heading;
  ImFont* font = atlas_.font(label_size);
  ImFont* sub_font = atlas_.font(TextSize::Body);
  // Shrink-to-fit: the label keeps its size when it fits the button on as few
  // lines as possible; otherwise it steps down (never below body text size)
  // rather than spill over the edge of the button.
  const float min_px = std::min(GlyphAtlas::kBodyPx, font->FontSize);
  // The sublabel is body text: 文字を大きく makes it larger, as it does the body text.
  const float sub_px_max = sub_font->FontSize * body_scale_;
  LabelFit fit;
  fit.px = font->FontSize;
  // Furigana take half the text's size above each line that has them.
  const float label_ruby_scale = label_ruby ? kRubyScale : 0.0F;
  const float sub_ruby_scale = sub_ruby ? kRubyScale : 0.0F;
  const auto block_height = [&] {
    float h = static_cast<float>(fit.lines.size()) * fit.px * (1.2F + label_ruby_scale);
    if (!fit.sub_lines.empty()) {
      h += static_cast<float>(fit.sub_lines.size()) * fit.sub_px * (1.25F + sub_ruby_scale) + 8.0F;
    }
    return h;
  };
  for (;;) {
    const float scale = fit.px / font->FontSize;
    fit.lines = wrap_on(atlas_, font, label, area.width / scale);
    // Never below 32 px, the smallest text DESIGN.md allows at 1080p.
    fit.sub_px = std::min(sub_px_max, std::max(fit.px * 0.7F * body_scale_, 32.0F));
    fit.sub_lines = sublabel.empty() ? std::vector<std::string>{}
                                     : wrap_on(atlas_, sub_font, sublabel,
                                               area.width * sub_font->FontSize / fit.sub_px);
    // A short label (a word or two) should stay on one line while a smaller size allows,
    // and no label or sublabel should end with a line of one or two characters (「な／ど」,
    // 「〜750／円」).
    const bool split_short_label = fit.lines.size() > 1 && text::count_characters(label) <= 12;
    const bool orphan =
        (fit.lines.size() > 1 && text::count_characters(fit.lines.back()) <= 2) ||
        (fit.sub_lines.size() > 1 && text::count_characters(fit.sub_lines.back()) <= 2);
    fit.block = block_height();
    // Readings longer than their words widen a line: it must still fit the width.
    fit.fits = fit.block <= area.height &&
               lines_fit(atlas_, font, fit.px, fit.lines, label_ruby_text, area.width) &&
               lines_fit(atlas_, sub_font, fit.sub_px, fit.sub_lines, sub_ruby_text, area.width);
    if ((fit.fits && !split_short_label && !orphan) || fit.px <= min_px) break;
    fit.px = std::max(min_px, fit.px - 2.0F);
  }
  return fit;
}

float Ui::button_height(std::string_view original_label, float width, ButtonStyle style,
                        std::string_view original_sublabel) {
  const RubyText label_ruby = text::parse_ruby(original_label);
  const RubyText sub_ruby = text::parse_ruby(original_sublabel);
  atlas_.note(label_ruby.plain);
  atlas_.note(sub_ruby.plain);
  const std::string label = atlas_.displayable(label_ruby.plain);
  const std::string sublabel = atlas_.displayable(sub_ruby.plain);
  // At the smallest sizes the label may take (fit_label with no room to spare).
  const LabelArea area = label_area(ImVec2(0, 0), ImVec2(width, 0.0F), style);
  const LabelFit fit = fit_label(label, label_ruby, sublabel, sub_ruby, area, style);
  return fit.block + 16.0F;
}

bool Ui::button(std::string_view id, std::string_view original_label, ImVec2 pos, ImVec2 size,
                ButtonStyle style, std::string_view original_sublabel) {
  const RubyText label_ruby = text::parse_ruby(original_label);
  const RubyText sub_ruby = text::parse_ruby(original_sublabel);
  atlas_.note(label_ruby.plain);
  atlas_.note(sub_ruby.plain);
  for (const auto& r : label_ruby.rubies) atlas_.note(r.reading);
  for (const auto& r : sub_ruby.rubies) atlas_.note(r.reading);
  if (reach_) {
    // 車いすの方: drawn in the band (draw_reach_band), tapped there.
    reach_targets_.push_back({std::string(id), std::string(original_label),
                              std::string(original_sublabel), style, pos.y + size.y, unspoken_});
    if (reach_tapped_ != id) return false;
    reach_tapped_.clear();
    return true;
  }
  const std::string label = atlas_.displayable(label_ruby.plain);
  const std::string sublabel = atlas_.displayable(sub_ruby.plain);
  buttons_.push_back(ButtonRecord{std::string(id), std::string(original_label), pos,
                                  ImVec2(pos.x + size.x, pos.y + size.y), style, false,
                                  std::string(original_sublabel), unspoken_});
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
  const bool left_aligned = style == ButtonStyle::Choice || style == ButtonStyle::ChoiceSelected;
  if (left_aligned) {
    // A radio mark on the left: the choice reads as a choice, not an action; a box with a tick
    // where several may be chosen.
    choice_mark(draw_list(), ImVec2(min_o.x + 60.0F, min_o.y + size.y * 0.5F), theme_.border,
                several_, style == ButtonStyle::ChoiceSelected);
  }
  const LabelArea area = label_area(min_o, size, style);
  const LabelFit fit = fit_label(label, label_ruby, sublabel, sub_ruby, area, style);
  // The box the label must stay in (the audit holds it to it): the label area.
  const ImVec2 box_min(area.left, min_o.y + 8.0F);
  const ImVec2 box_max(area.left + area.width, max_o.y - 8.0F);
  float y = min_o.y + (size.y - fit.block) * 0.5F;
  current_button_ = static_cast<int>(buttons_.size()) - 1;
  const auto draw_lines = [&](ImFont* line_font, float line_px, float step,
                              const std::vector<std::string>& wrapped, const RubyText& ruby,
                              TextRole role) {
    const float ruby_px = ruby.rubies.empty() ? 0.0F : line_px * kRubyScale;
    std::size_t consumed = 0;
    for (const auto& line : wrapped) {
      if (ruby.rubies.empty()) {
        const float w = text_width(atlas_, line_font, line_px, line);
        const float x = left_aligned ? area.left : min_o.x + (size.x - w) * 0.5F;
        add_text(line_font, line_px, ImVec2(x, y), text_color, line, role, box_min, box_max);
      } else {
        const auto start = ruby.plain.find(line, consumed);
        const std::size_t at = start == std::string::npos ? consumed : start;
        consumed = at + line.size();
        // Centred with its readings (one longer than its word widens the line).
        const float w = width_with_readings(atlas_, line_font, line_px, line, at, ruby);
        const float x = left_aligned ? area.left : min_o.x + (size.x - w) * 0.5F;
        ruby_line(line_font, line_px, ImVec2(x, y + ruby_px), text_color, line, at, ruby, role,
                  box_min, box_max);
      }
      y += step + ruby_px;
    }
  };
  draw_lines(font, fit.px, fit.px * 1.2F, fit.lines, label_ruby, TextRole::Label);
  y += 8.0F;
  draw_lines(sub_font, fit.sub_px, fit.sub_px * 1.25F, fit.sub_lines, sub_ruby, TextRole::Sublabel);
  current_button_ = -1;
  if (!focus_.empty() && id == focus_) {
    // The keypad's focus: a thick ring a little outside the button, in a colour no button has.
    const float away = 12.0F;
    frame(ImVec2(min_o.x - away, min_o.y - away), ImVec2(max_o.x + away, max_o.y + away + 6.0F),
          theme_.focus, 8.0F, rounding + away);
  }
  return clicked;
}

}  // namespace madoguchi::kiosk::ui
