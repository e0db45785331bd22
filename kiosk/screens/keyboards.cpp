#include "keyboards.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include "digit_pad.hpp"
#include "madoguchi/text/japanese_date.hpp"
#include "madoguchi/text/utf8.hpp"

namespace madoguchi::kiosk::ui {

namespace {

constexpr float kMargin = 120.0F;
constexpr float kKeyGap = 14.0F;
constexpr float kSmallestKey = 88.0F;  // DESIGN.md: touch targets ≥ 88 px at 1080p

// A box showing what has been typed, on one line with a caret after it: an answer longer than
// the box shows its end, where the typing is, after "…" (a long address used to wrap onto a
// second line hidden behind the keys). `reserve` keeps room on the right (the count).
void answer_box(Ui& ui, const std::string& typed, ImVec2 min, ImVec2 size, bool focused = true,
                float reserve = 0.0F) {
  const auto& t = ui.theme();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ui.panel(min, max, t.panel, 12.0F);
  ui.frame(min, max, focused ? t.primary : t.border, focused ? 6.0F : 3.0F, 12.0F);
  const float room = size.x - 60.0F - reserve;
  std::string shown = typed;
  if (!shown.empty() && ui.measure(shown, TextSize::Heading).x > room) {
    auto tail = text::decode_utf8(typed);
    do {
      tail.erase(tail.begin());
      shown = "…";
      shown += text::encode_utf8(tail);
    } while (!tail.empty() && ui.measure(shown, TextSize::Heading).x > room);
  }
  const auto text_size = ui.measure(shown.empty() ? "あ" : shown, TextSize::Heading);
  const float text_y = min.y + (size.y - text_size.y) * 0.5F;
  float caret_x = min.x + 24.0F;
  if (!shown.empty()) {
    ui.text(shown, TextSize::Heading, ImVec2(min.x + 24.0F, text_y), t.text);
    caret_x += ui.measure(shown, TextSize::Heading).x;
  }
  if (focused) {
    ui.rect(ImVec2(caret_x + 4.0F, text_y), ImVec2(caret_x + 10.0F, text_y + text_size.y),
            t.primary);
  }
}

// The digit pad, as high as there is room for down to `bottom`, with 訂正 ("erase") and one key
// of the answer's own right of 0; returns the id of the key pressed this frame ("key:4",
// "erase", `action_id`), or "".
std::string keypad(Ui& ui, ImVec2 origin, float bottom, std::string action_label,
                   std::string action_id) {
  const float key_h = std::clamp((bottom - origin.y - 3 * kKeyGap) / 4.0F, kSmallestKey, 130.0F);
  const DigitPadTap tap = digit_pad(ui, {origin, ImVec2(180.0F, key_h), kKeyGap},
                                    {"key:", "erase", action_id, std::move(action_label)});
  switch (tap.key) {
    case DigitPadTap::Key::None:
      return "";
    case DigitPadTap::Key::Digit:
      return "key:" + std::string(1, tap.digit);
    case DigitPadTap::Key::Erase:
      return "erase";
    case DigitPadTap::Key::Action:
      return action_id;
  }
  return "";
}

float keypad_left(const Ui& ui) { return ui.screen().x - kMargin - 3 * 180.0F - 2 * kKeyGap; }

// The words beside the keypad: left of it, or with 車いすの方 (the keys in the band) the width.
float words_width(const Ui& ui) {
  return ui.reach() ? ui.screen().x - 2 * kMargin : keypad_left(ui) - kMargin - 60.0F;
}

// 郵便番号: seven boxes, 〒□□□-□□□□.
void postal_code(Session& session, Ui& ui, float top, float bottom) {
  const auto& t = ui.theme();
  std::string digits;
  for (const char c : session.current_answer()) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  const float box = 100.0F;
  float x = kMargin;
  ui.text("〒", TextSize::Huge, ImVec2(x, top + 10.0F), t.text);
  x += 90.0F;
  for (std::size_t i = 0; i < 7; ++i) {
    const ImVec2 min(x, top);
    const ImVec2 max(x + box * 0.8F, top + box * 1.2F);
    const bool next = i == digits.size();
    ui.rect(min, max, t.panel, 10.0F);
    ui.frame(min, max, next ? t.primary : t.border, next ? 6.0F : 3.0F, 10.0F);
    if (i < digits.size()) {
      const std::string d(1, digits[i]);
      const auto size = ui.measure(d, TextSize::Huge);
      ui.text(d, TextSize::Huge,
              ImVec2(min.x + (box * 0.8F - size.x) * 0.5F, min.y + (box * 1.2F - size.y) * 0.5F),
              t.text);
    }
    x += box * 0.8F + 12.0F;
    if (i == 2) {
      ui.text("－", TextSize::Huge, ImVec2(x, top + 10.0F), t.text);
      x += 70.0F;
    }
  }
  ui.text(ui.tr("わからないときは、係員にお聞きください。"), TextSize::Body,
          ImVec2(kMargin, top + box * 1.2F + 40.0F), t.muted_text,
          ui.reach() ? words_width(ui) : keypad_left(ui) - kMargin - 40.0F);
  const std::string key =
      keypad(ui, ImVec2(keypad_left(ui), top), bottom, ui.tr("全部消す"), "clear");
  if (key == "erase") {
    session.set_answer(typing::erase_last(digits));
  } else if (key == "clear") {
    session.set_answer("");
  } else if (key.starts_with("key:") && digits.size() < 7) {
    session.set_answer(digits + key.substr(4));
  }
}

// 電話番号: digits and hyphens as typed.
void phone(Session& session, Ui& ui, float top, float bottom) {
  const auto& t = ui.theme();
  const std::string typed = session.current_answer();
  const float width = keypad_left(ui) - kMargin - 60.0F;
  answer_box(ui, typed, ImVec2(kMargin, top), ImVec2(width, 120.0F));
  ui.text(ui.tr("市外局番から入れてください。携帯電話の番号でもかまいません。"), TextSize::Body,
          ImVec2(kMargin, top + 160.0F), t.muted_text, words_width(ui));
  const std::string key = keypad(ui, ImVec2(keypad_left(ui), top), bottom, "－", "key:-");
  if (key == "erase") {
    session.set_answer(typing::erase_last(typed));
  } else if (key.starts_with("key:")) {
    session.set_answer(typing::append(typed, key.substr(4), 13));
  }
}

// The era buttons say the era in the resident's language.
[[maybe_unused]] constexpr const char* kEraWords[] = {say("令和"), say("平成"), say("昭和"),
                                                      say("大正"), say("明治"), say("西暦")};

// The eras the question's limits allow, newest first, then 西暦 where it may be typed.
std::vector<std::string> date_eras(const forms::Question& question) {
  const text::CivilDate today = text::civil_date_in_japan(std::chrono::system_clock::now());
  const text::CivilDate earliest =
      question.min_date ? question.min_date->on(today) : text::CivilDate{1873, 1, 1};
  const text::CivilDate latest = question.max_date ? question.max_date->on(today) : today;
  std::vector<std::string> names;
  if (question.entry != forms::DateEntry::Seireki) {
    const auto eras = text::eras();
    for (std::size_t i = eras.size(); i-- > 0;) {
      const text::CivilDate starts = eras[i].first_day;
      const text::CivilDate ends = i + 1 < eras.size() ? text::previous_day(eras[i + 1].first_day)
                                                       : text::CivilDate{9999, 12, 31};
      if (ends < earliest || starts > latest) continue;
      names.emplace_back(eras[i].name);
    }
  }
  if (question.entry != forms::DateEntry::Wareki) names.emplace_back("西暦");
  return names;
}

void date(Session& session, Ui& ui, TypingState& state, const forms::Question& question, float top,
          float bottom) {
  const auto& t = ui.theme();
  const std::vector<std::string> eras = date_eras(question);
  if (state.date.era.empty() && !eras.empty()) state.date.era = eras.front();
  // The era (or 西暦), as many as fit left of the keypad (six did not).
  const float era_room = keypad_left(ui) - 40.0F - kMargin;
  const auto era_count = static_cast<float>(std::max<std::size_t>(1, eras.size()));
  const float era_w = std::min(180.0F, (era_room - kKeyGap * (era_count - 1.0F)) / era_count);
  float x = kMargin;
  for (const std::string& era : eras) {
    if (ui.button("era:" + era, ui.tr(era), ImVec2(x, top), ImVec2(era_w, 100.0F),
                  state.date.era == era ? ButtonStyle::Primary : ButtonStyle::Secondary)) {
      state.date.era = era;
      session.set_answer(typing::date_text(state.date));
    }
    x += era_w + kKeyGap;
  }
  // 年 月 日: tap a box to type into it.
  // (With 車いすの方 the era buttons are in the band, and the fields take their row.)
  const float fields_y = top + (ui.reach() ? 0.0F : 140.0F);
  x = kMargin;
  const auto field = [&](typing::DatePart part, const std::string& value, std::string_view unit,
                         float w) {
    // The box is the button; in the band (車いすの方) it is named by its unit.
    if (ui.button(std::string("date:") + std::string(unit), ui.reach() ? ui.tr(unit) : "",
                  ImVec2(x, fields_y), ImVec2(w, 120.0F), ButtonStyle::Secondary)) {
      state.part = part;
    }
    answer_box(ui, value, ImVec2(x, fields_y), ImVec2(w, 120.0F), state.part == part);
    x += w + 12.0F;
    // As wide as the unit is in the resident's language (年 is one character, "tháng" five).
    const std::string word = ui.tr(unit);
    ui.text(word, TextSize::Heading, ImVec2(x, fields_y + 30.0F), t.text);
    x += std::max(68.0F, ui.measure(word, TextSize::Heading).x) + 16.0F;
  };
  field(typing::DatePart::Year, state.date.year, say("年"),
        state.date.era == "西暦" ? 220.0F : 160.0F);
  field(typing::DatePart::Month, state.date.month, say("月"), 140.0F);
  field(typing::DatePart::Day, state.date.day, say("日"), 140.0F);
  // 今日: one tap for the most common answer (引っ越した日, 被害にあった日), where allowed.
  const text::CivilDate today = text::civil_date_in_japan(std::chrono::system_clock::now());
  const bool today_allowed = (!question.min_date || !(today < question.min_date->on(today))) &&
                             (!question.max_date || !(question.max_date->on(today) < today));
  if (today_allowed && x + 220.0F < keypad_left(ui) - 20.0F) {
    if (ui.button("date:today", ui.tr("今日"), ImVec2(x, fields_y), ImVec2(200.0F, 120.0F),
                  ButtonStyle::Secondary)) {
      char iso[16];
      std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", today.year, today.month, today.day);
      if (auto parts = typing::date_parts(iso, state.date.era == "西暦")) {
        state.date = *parts;
        state.part = typing::DatePart::Day;
        session.set_answer(typing::date_text(state.date));
      }
    }
  }
  // What the date is in the other calendar, so the resident can check it.
  if (auto stored = forms::normalize_answer(question, typing::date_text(state.date))) {
    if (const auto parsed = text::parse_yyyymmdd(stored->substr(0, 4) + stored->substr(5, 2) +
                                                 stored->substr(8, 2))) {
      // 1980-02-17 outside Japanese, as the date messages write it.
      const bool japanese = forms::is_japanese(session.view().procedure_language());
      const std::string other = state.date.era == "西暦"
                                    ? text::to_wareki(*parsed).value_or(std::string())
                                : japanese ? text::to_seireki(*parsed)
                                           : stored->substr(0, 10);
      if (!other.empty()) {
        ui.text("（" + other + "）", TextSize::Body, ImVec2(kMargin, fields_y + 150.0F),
                t.muted_text);
      }
    }
  }
  std::string* part = &state.date.year;
  if (state.part == typing::DatePart::Month) part = &state.date.month;
  if (state.part == typing::DatePart::Day) part = &state.date.day;
  const std::string key = keypad(ui, ImVec2(keypad_left(ui), top), bottom, "元", "key:元");
  if (key.empty()) return;
  if (key == "erase") {
    if (part->empty() && state.part != typing::DatePart::Year) {
      state.part =
          state.part == typing::DatePart::Day ? typing::DatePart::Month : typing::DatePart::Year;
    } else {
      *part = typing::erase_last(*part);
    }
  } else if (key == "key:元") {
    if (state.part == typing::DatePart::Year && state.date.era != "西暦") {
      state.date.year = "元";
      state.part = typing::DatePart::Month;
    }
  } else {
    if (typing::part_complete(state.date, state.part) || *part == "元") *part = "";
    *part += key.substr(4);
    if (typing::part_complete(state.date, state.part) && state.part != typing::DatePart::Day) {
      state.part =
          state.part == typing::DatePart::Year ? typing::DatePart::Month : typing::DatePart::Day;
    }
  }
  session.set_answer(typing::date_text(state.date));
}

// 50音, right to left as on paper: ア カ サ タ ナ ハ マ ヤ ラ ワ, rows ア イ ウ エ オ.
constexpr std::array<std::array<std::string_view, 5>, 10> kKana{{
    {"ア", "イ", "ウ", "エ", "オ"},
    {"カ", "キ", "ク", "ケ", "コ"},
    {"サ", "シ", "ス", "セ", "ソ"},
    {"タ", "チ", "ツ", "テ", "ト"},
    {"ナ", "ニ", "ヌ", "ネ", "ノ"},
    {"ハ", "ヒ", "フ", "ヘ", "ホ"},
    {"マ", "ミ", "ム", "メ", "モ"},
    {"ヤ", "", "ユ", "", "ヨ"},
    {"ラ", "リ", "ル", "レ", "ロ"},
    {"ワ", "ヲ", "ン", "ー", ""},
}};
constexpr std::array<std::string_view, 4> kAlphabet{"1234567890", "QWERTYUIOP", "ASDFGHJKL-",
                                                    "ZXCVBNM.,'"};

void keyboard(Session& session, Ui& ui, TypingState& state, const forms::Question& question,
              float top, float bottom, float box_width) {
  const auto& t = ui.theme();
  const std::string typed = session.current_answer();
  const auto max = static_cast<std::size_t>(std::max(0, question.max_length));
  const float width = ui.screen().x - 2 * kMargin;
  const float box_h = 96.0F;
  // How much may still be typed, in the box's corner, with room kept for it.
  const std::string count =
      max > 0 ? std::to_string(typing::length(typed)) + "/" + std::to_string(max) : std::string();
  const ImVec2 count_size = max > 0 ? ui.measure(count, TextSize::Body) : ImVec2(0, 0);
  {
    // What is typed is the resident's (a name): said as a count, not read out.
    const Ui::Unspoken quiet(ui);
    answer_box(ui, typed, ImVec2(kMargin, top), ImVec2(box_width, box_h), true,
               max > 0 ? count_size.x + 16.0F : 0.0F);
  }
  if (!typed.empty()) {
    ui.say(ui.tr("{n}文字入力しました", {{"n", std::to_string(typing::length(typed))}}));
  }
  if (max > 0) {
    ui.text(count, TextSize::Body,
            ImVec2(kMargin + box_width - count_size.x - 16.0F, top + (box_h - count_size.y) * 0.5F),
            t.muted_text);
  }
  const bool alphabet = question.kind == forms::QuestionKind::Text && state.alphabet;
  const float keys_top = top + box_h + 16.0F;
  const std::size_t rows = alphabet ? 4 : 5;
  const float key_gap = 12.0F;
  const float key_h = std::clamp(
      (bottom - keys_top - key_gap * static_cast<float>(rows - 1)) / static_cast<float>(rows),
      kSmallestKey, 120.0F);
  // The first column (marks, 空白, 訂正: words, not letters) half as wide again as the
  // letters, so that スペース and Delete fit their keys.
  const float key_w = (width - 10 * 10.0F) / 11.5F;
  const float first_w = key_w * 1.5F;
  std::string next = typed;
  const auto key_at = [&](std::size_t column, std::size_t row, std::string_view id,
                          std::string_view label) {
    const float x =
        column == 0 ? kMargin
                    : kMargin + first_w + 10.0F + static_cast<float>(column - 1) * (key_w + 10.0F);
    const ImVec2 pos(x, keys_top + static_cast<float>(row) * (key_h + key_gap));
    return ui.button(id, label, pos, ImVec2(column == 0 ? first_w : key_w, key_h),
                     ButtonStyle::Key);
  };
  // Column 0: the marks and editing keys.
  if (!alphabet) {
    if (key_at(0, 0, "mark:dakuten", "゛")) next = typing::apply_mark(next, typing::Mark::Dakuten);
    if (key_at(0, 1, "mark:handakuten", "゜")) {
      next = typing::apply_mark(next, typing::Mark::Handakuten);
    }
    if (key_at(0, 2, "mark:small", "小")) next = typing::apply_mark(next, typing::Mark::Small);
  }
  if (question.kind == forms::QuestionKind::Text) {
    // Foreign residents' names and notes in letters; kanji are written at the counter.
    if (alphabet ? key_at(0, 0, "keyboard_mode", ui.tr("カナ"))
                 : key_at(1, 4, "keyboard_mode", "ABC")) {
      state.alphabet = !state.alphabet;
    }
  }
  if (key_at(0, rows - 2, "key:space", ui.tr("空白"))) next = typing::append(next, "　", max);
  if (key_at(0, rows - 1, "erase", ui.tr("訂正"))) next = typing::erase_last(next);
  if (alphabet) {
    for (std::size_t row = 0; row < kAlphabet.size(); ++row) {
      for (std::size_t col = 0; col < kAlphabet[row].size(); ++col) {
        const std::string letter(1, kAlphabet[row][col]);
        if (key_at(col + 1, row, "key:" + letter, letter)) next = typing::append(next, letter, max);
      }
    }
  } else {
    for (std::size_t col = 0; col < kKana.size(); ++col) {
      for (std::size_t row = 0; row < 5; ++row) {
        const std::string_view kana = kKana[col][row];
        if (kana.empty()) continue;
        // ア on the right, ワ next to the editing keys.
        if (key_at(kKana.size() - col, row, "key:" + std::string(kana), kana)) {
          next = typing::append(next, kana, max);
        }
      }
    }
  }
  if (next != typed) session.set_answer(next);
}

}  // namespace

float keypad_least_height() { return 4 * kSmallestKey + 3 * kKeyGap; }

void typed_answer(Session& session, Ui& ui, TypingState& state, const forms::Question& question,
                  float top, float bottom, float box_width) {
  if (state.question_id != question.id) {
    state = TypingState{};
    state.question_id = question.id;
    if (question.kind == forms::QuestionKind::Date) {
      const auto parts =
          typing::date_parts(session.current_answer(), question.entry == forms::DateEntry::Seireki);
      if (parts) {
        state.date = *parts;
        state.part = typing::DatePart::Day;
      }
    }
  }
  switch (question.kind) {
    case forms::QuestionKind::PostalCode:
      postal_code(session, ui, top, bottom);
      return;
    case forms::QuestionKind::Phone:
      phone(session, ui, top, bottom);
      return;
    case forms::QuestionKind::Date:
      date(session, ui, state, question, top, bottom);
      return;
    case forms::QuestionKind::KanaText:
    case forms::QuestionKind::Text:
      keyboard(session, ui, state, question, top, bottom, box_width);
      return;
    case forms::QuestionKind::Number:
    case forms::QuestionKind::Choice:
    case forms::QuestionKind::YesNo:
      return;
  }
}

}  // namespace madoguchi::kiosk::ui
