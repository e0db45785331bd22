#include "screens.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include "madoguchi/forms/japanese_date.hpp"
#include "madoguchi/kiosk/access_code.hpp"

namespace madoguchi::kiosk::ui {

namespace {

constexpr float kMargin = 120.0F;
constexpr float kHeaderHeight = 130.0F;
constexpr float kFooterButtonHeight = 120.0F;
constexpr double kStaffHoldSeconds = 3.0;
constexpr float kMinTarget = 88.0F;  // DESIGN.md: touch targets of at least 15 mm

// "1,200円" — in English "¥1,200" (the sentence {amount}円 in the language's file).
std::string yen(const Ui& ui, int amount) {
  std::string digits = std::to_string(amount);
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out.push_back(digits[static_cast<std::size_t>(i)]);
    if ((n - i - 1) % 3 == 0 && i != n - 1) out.push_back(',');
  }
  return ui.tr("{amount}円", {{"amount", out}});
}

std::string birth_date_text(const std::string& yyyymmdd) {
  const auto date = forms::parse_yyyymmdd(yyyymmdd);
  if (!date) return yyyymmdd;
  const auto wareki = forms::to_wareki(*date);
  const auto seireki = forms::to_seireki(*date);
  if (!wareki) return seireki;
  return *wareki + "（" + seireki + "）";
}

float footer_y(const Ui& ui) { return ui.screen().y - kFooterButtonHeight - 50.0F; }

bool back_button(Ui& ui, std::string_view label = say("戻る")) {
  return ui.button("back", ui.tr(label), ImVec2(kMargin, footer_y(ui)),
                   ImVec2(320.0F, kFooterButtonHeight), ButtonStyle::Secondary);
}

bool primary_button(Ui& ui, std::string_view id, std::string_view label, float width = 560.0F) {
  return ui.button(id, label, ImVec2(ui.screen().x - kMargin - width, footer_y(ui)),
                   ImVec2(width, kFooterButtonHeight), ButtonStyle::Primary);
}

void open_code_pad(ScreenState& state, Session::CodePad pad) {
  state.code_pad = pad;
  wiping::wipe(state.pad_code);
  state.pad_message.clear();
}

void close_code_pad(ScreenState& state) {
  wiping::wipe(state.pad_code);
  state.code_pad.reset();
  state.pad_message.clear();
}

void header(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  ui.rect(ImVec2(0, 0), ImVec2(ui.screen().x, kHeaderHeight), t.header);
  // The volunteer's way in, out of a resident's way: three taps on the top-left corner within
  // three seconds open the code pad (only where the town has a volunteer roster).
  if (!session.assisting() && session.pad_available(Session::CodePad::Volunteer) &&
      ui.hidden_target("assist_corner", ImVec2(0, 0), ImVec2(110.0F, kHeaderHeight))) {
    auto& taps = state.corner_taps;
    std::erase_if(taps, [&](double at) { return state.now - at > 3.0; });
    taps.push_back(state.now);
    if (taps.size() >= 3) {
      taps.clear();
      open_code_pad(state, Session::CodePad::Volunteer);
    }
  }
  std::string title = ui.tr("{town}　かかない窓口", {{"town", session.office().town_name}});
  const auto procedure_title = [&](const std::string& name) {
    // "転居届" and "要介護認定の申請" are already what is being done: no "…の申請の申請".
    const std::string base = name.substr(0, name.find("（"));
    for (const std::string_view end : {"申請", "届", "届出"}) {
      if (base.ends_with(end) && session.language() == 0) return name;
    }
    return ui.tr("{procedure}の申請", {{"procedure", name}});
  };
  if (session.procedure() != nullptr) {
    title = procedure_title(session.procedure()->titles.in(session.procedure_language()));
  }
  const int step = session.step_number();
  float right = ui.screen().x - 60.0F;
  // Room left of the language button, the step counter and 係員を呼ぶ: a long title loses
  // its （説明）.
  const float room = header_title_room(ui.screen().x);
  if (ui.measure(title, TextSize::Heading).x > room && session.procedure() != nullptr) {
    const std::string& full = session.procedure()->titles.in(session.procedure_language());
    const auto paren = full.find("（");
    if (paren != std::string::npos) title = procedure_title(full.substr(0, paren));
  }
  // While a volunteer assists, the title's place holds their menu: the steps, and the way out.
  if (session.assisting()) {
    if (ui.button("assist_menu", ui.tr("サポート中：{name}", {{"name", session.volunteer_name()}}),
                  ImVec2(30.0F, 17.0F), ImVec2(std::min(room, 620.0F), 96.0F),
                  ButtonStyle::Secondary)) {
      state.assist_menu = !state.assist_menu;
    }
  } else if (ui.measure(title, TextSize::Heading).x <= room) {
    // A title still too long for one line is written smaller rather than on two lines.
    ui.text(title, TextSize::Heading, ImVec2(60.0F, 34.0F), t.header_text, room);
  } else {
    std::string shown = title;
    while (!shown.empty() && ui.measure(shown + "…", TextSize::Body).x > room) {
      // A word with furigana ({漢字|かんじ}) goes whole: half of it broke the markup.
      const auto open = shown.rfind('{');
      shown = !shown.empty() && shown.back() == '}' && open != std::string::npos
                  ? shown.substr(0, open)
                  : typing::erase_last(shown);
    }
    if (shown != title) shown += "…";
    ui.text(shown, TextSize::Body, ImVec2(60.0F, 44.0F), t.header_text);
  }
  const float call_w = 380.0F;
  if (session.screen() != Screen::Counter) {
    const std::string label =
        ui.tr(state.staff_called ? say("係員を呼びました") : say("係員を呼ぶ"));
    if (ui.button("call_staff", label, ImVec2(right - call_w, 17.0F), ImVec2(call_w, 96.0F),
                  ButtonStyle::Secondary)) {
      state.staff_called = true;
    }
    right -= call_w + 40.0F;
  }
  // 言語・見やすさ: the language, 文字を大きく and the high-contrast screen, on every screen,
  // kept for the rest of the session. One line in the words a resident looks for whatever
  // language the screen is in (the current language and a second line no longer fit the
  // header's 96 px: both were squeezed to the smallest text, into the button's padding).
  if (session.screen() != Screen::Counter) {
    const float w = 340.0F;
    if (ui.button("view_options", "Language・言語", ImVec2(right - w, 17.0F), ImVec2(w, 96.0F),
                  ButtonStyle::Secondary)) {
      state.choosing_language = !state.choosing_language;
    }
    right -= w + 30.0F;
  }
  if (step > 0) {
    const std::string counter = std::to_string(step) + " / " + std::to_string(session.step_count());
    const auto size = ui.measure(counter, TextSize::Heading);
    ui.text(counter, TextSize::Heading, ImVec2(right - size.x, 34.0F), t.header_text);
  }
}

// The screen's question or title, wrapped at `width` (0: between the margins).
float heading(Ui& ui, std::string_view text, float y = kHeaderHeight + 60.0F, float width = 0.0F) {
  return y + ui.text(text, TextSize::Heading, ImVec2(kMargin, y), ui.theme().text,
                     width > 0.0F ? width : ui.screen().x - 2 * kMargin);
}

// A message in a panel as high as its text (larger text and furigana included), `width` wide
// (0: between the margins).
float notice(Ui& ui, std::string_view text, float y, float width = 0.0F) {
  if (text.empty()) return y;
  const auto& t = ui.theme();
  if (width <= 0.0F) width = ui.screen().x - 2 * kMargin;
  const float h = ui.text_height(text, TextSize::Body, width - 60.0F) + 40.0F;
  ui.panel(ImVec2(kMargin, y), ImVec2(kMargin + width, y + h), t.notice_panel, 10.0F);
  ui.rect(ImVec2(kMargin, y), ImVec2(kMargin + 12.0F, y + h), t.notice);
  ui.text(text, TextSize::Body, ImVec2(kMargin + 40.0F, y + 20.0F), t.notice, width - 60.0F);
  return y + h + 30.0F;
}

void spinner(Ui& ui, ImVec2 centre, float radius, double time_seconds) {
  const auto& t = ui.theme();
  ui.draw_list()->AddCircle(centre, radius, IM_COL32(0xD0, 0xD8, 0xE4, 0xFF), 64, 12.0F);
  const float start = static_cast<float>(std::fmod(time_seconds * 4.0, 2.0 * M_PI));
  ui.draw_list()->PathArcTo(centre, radius, start, start + 1.8F, 32);
  ui.draw_list()->PathStroke(t.primary, 0, 12.0F);
}

// Words the procedure files take from the kiosk: a yes/no question's buttons by default, and
// the units of number questions.
[[maybe_unused]] constexpr const char* kProcedureWords[] = {say("はい"), say("いいえ"), say("通"),
                                                            say("人"), say("週")};

// "2通" in Japanese; in a language whose unit is a word ("copies"), the number alone, since the
// question and the check screen's label already say what is counted.
std::string with_unit(const Ui& ui, int n, const std::string& unit) {
  const std::string word = ui.tr(unit);
  const bool is_word = !word.empty() && std::isalpha(static_cast<unsigned char>(word[0])) != 0;
  return is_word ? std::to_string(n) : std::to_string(n) + word;
}

// The groups of the welcome screen, in the words residents use.
struct GroupLabel {
  forms::ProcedureGroup group;
  std::string_view title;
  std::string_view examples;
};
constexpr std::array<GroupLabel, forms::kProcedureGroupCount> kGroups{{
    {forms::ProcedureGroup::Certificates, say("証明書がほしい"), say("住民票・印鑑証明・戸籍・税")},
    {forms::ProcedureGroup::Moving, say("引っ越し・住所"), say("転出・転居")},
    {forms::ProcedureGroup::Children, say("子育て・妊娠"), say("児童手当・妊娠の届出")},
    {forms::ProcedureGroup::Care, say("介護・お年寄り"), say("介護保険・予防接種")},
    {forms::ProcedureGroup::Disaster, say("災害"), say("罹災証明書")},
}};

std::string fee_line(const Ui& ui, const forms::Procedure& procedure) {
  const auto& fee = procedure.fee;
  int lowest = fee.per_copy_yen;
  int highest = fee.per_copy_yen;
  for (const auto& [choice, yen_per_copy] : fee.per_copy_by_choice) {
    lowest = std::min(lowest, yen_per_copy);
    highest = std::max(highest, yen_per_copy);
  }
  if (highest == 0) return ui.tr("手数料はかかりません");
  const std::string amount =
      lowest == highest ? yen(ui, lowest) : yen(ui, lowest) + "〜" + yen(ui, highest);
  return fee.copies_question.empty() ? ui.tr("手数料 {yen}", {{"yen", amount}})
                                     : ui.tr("手数料 1通{yen}", {{"yen", amount}});
}

// Group buttons down the left; the procedures of the chosen group as big buttons on the right.
// 証明書がほしい is chosen when the screen opens, so 住民票 is one tap away.
void welcome(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  // What happened to the last session, when the next resident should know (another card was
  // put on the reader), in place of the heading.
  const std::string told = session.notice();
  const float top =
      told.empty()
          ? heading(ui, ui.tr(session.in_visit() ? say("続けて、ほかの手続きを選んでください")
                                                 : say("ご用件をお選びください"))) +
                40.0F
          : notice(ui, told, kHeaderHeight + 30.0F) + 10.0F;
  if (session.in_visit()) {
    // The card has been read: say so, and offer the way out.
    const float w = 480.0F;
    if (ui.button("end_visit", ui.tr("手続きを終わる"),
                  ImVec2(ui.screen().x - kMargin - w, kHeaderHeight + 30.0F), ImVec2(w, 100.0F),
                  ButtonStyle::Secondary)) {
      session.end_visit();
    }
  }
  const float bottom = ui.screen().y - 50.0F;
  // Left: the five groups and, last, the way to a person.
  const float group_w = 520.0F;
  float gap = 24.0F;
  const auto groups = static_cast<float>(kGroups.size());
  const float avail = bottom - top;
  // The way to a person as high as its words need (two lines with furigana in やさしい日本語),
  // the groups sharing what is left, never below the 88 px a finger needs (DESIGN.md). When a
  // notice takes the heading's place (two or three lines) the header's 係員を呼ぶ is the way to a
  // person, and the groups have the column to themselves.
  const bool with_help = told.empty();
  const std::string help_label = ui.tr("わからない時は係員を呼ぶ");
  const float help_h = with_help
                           ? std::max(std::min(140.0F, (avail - gap * groups) / (groups + 1.0F)),
                                      ui.button_height(help_label, group_w, ButtonStyle::Secondary))
                           : 0.0F;
  const auto share = [&] {
    return (avail - (with_help ? help_h + gap : 0.0F) - gap * (groups - 1.0F)) / groups;
  };
  float group_h = std::min(140.0F, share());
  if (group_h < 96.0F) {
    gap = 10.0F;
    group_h = std::max(kMinTarget, std::min(140.0F, share()));
  }
  for (std::size_t i = 0; i < kGroups.size(); ++i) {
    const GroupLabel& group = kGroups[i];
    const float gy = top + static_cast<float>(i) * (group_h + gap);
    if (ui.button(std::string("group:") + std::string(forms::group_name(group.group)),
                  ui.tr(group.title), ImVec2(kMargin, gy), ImVec2(group_w, group_h),
                  state.group == group.group ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
      state.group = group.group;
    }
  }
  if (with_help && ui.button("help", help_label, ImVec2(kMargin, bottom - help_h),
                             ImVec2(group_w, help_h), ButtonStyle::Secondary)) {
    state.staff_called = true;
  }
  // Right: the chosen group's procedures, in two columns.
  const float left = kMargin + group_w + 60.0F;
  const float right = ui.screen().x - kMargin;
  const float column_gap = 40.0F;
  const float w = (right - left - column_gap) / 2.0F;
  std::vector<const forms::Procedure*> shown;
  for (const auto& procedure : session.catalogue()) {
    if (procedure.group == state.group) shown.push_back(&procedure);
  }
  std::stable_sort(
      shown.begin(), shown.end(),
      [](const forms::Procedure* a, const forms::Procedure* b) { return a->order < b->order; });
  const std::size_t procedure_rows = (shown.size() + 1) / 2;
  const auto row_count = static_cast<float>(std::max<std::size_t>(3, procedure_rows));
  float h = std::min(230.0F, (bottom - top - gap * (row_count - 1)) / row_count);
  // Taller when a title and its fee need it (long titles in やさしい日本語 with furigana), as
  // far as the rows there are allow.
  for (const forms::Procedure* procedure : shown) {
    h = std::max(h, ui.button_height(procedure->titles.in(session.procedure_language()), w,
                                     ButtonStyle::Primary, fee_line(ui, *procedure)));
  }
  if (procedure_rows > 0) {
    const auto n = static_cast<float>(procedure_rows);
    h = std::min(h, (bottom - top - gap * (n - 1)) / n);
  }
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const forms::Procedure& procedure = *shown[i];
    const float x = left + static_cast<float>(i % 2) * (w + column_gap);
    const float py = top + static_cast<float>(i / 2) * (h + gap);
    if (ui.button("procedure:" + procedure.id, procedure.titles.in(session.procedure_language()),
                  ImVec2(x, py), ImVec2(w, h), ButtonStyle::Primary, fee_line(ui, procedure))) {
      state.staff_called = false;
      session.choose_procedure(procedure.id);
    }
  }
  if (shown.empty()) {
    ui.text(ui.tr("この手続きは、窓口でお受けします。係員にお声がけください。"), TextSize::Body,
            ImVec2(left, top), t.text, right - left);
  }
  // The staff's way in, where no resident's data is on screen (between visits): the bottom-right
  // corner, right of the procedures, held for three seconds, opens the staff's code pad.
  if (!session.in_visit() && session.pad_available(Session::CodePad::Staff)) {
    const ImVec2 corner(110.0F, 130.0F);
    const bool held = ui.hidden_held(
        "staff_corner", ImVec2(ui.screen().x - corner.x, ui.screen().y - corner.y), corner);
    if (!held) {
      state.staff_hold_since = -1.0;
      state.staff_hold_used = false;
    } else if (state.staff_hold_since < 0.0) {
      state.staff_hold_since = state.now;
    } else if (!state.staff_hold_used && state.now - state.staff_hold_since >= kStaffHoldSeconds) {
      state.staff_hold_used = true;
      open_code_pad(state, Session::CodePad::Staff);
    }
  }
}

void place_card(Session& session, Ui& ui, double time_seconds) {
  const auto& t = ui.theme();
  float y = heading(ui, ui.tr("マイナンバーカードを読み取り機に置いてください"));
  y = notice(ui, session.notice(), y + 20.0F);
  y += 10.0F + ui.text(ui.tr("カードは、読み取りが終わるまで置いたままにしてください。"),
                       TextSize::Body, ImVec2(kMargin, y + 10.0F), t.muted_text,
                       ui.screen().x - 2 * kMargin);
  // The reader with the card coming down onto it, on a slow loop, under the words (lower, and
  // the card's drop shorter, when they are long).
  const float cx = ui.screen().x * 0.5F;
  const float reader_top = std::clamp(y + 20.0F + 370.0F, 720.0F, footer_y(ui) - 140.0F);
  const float drop = std::clamp(reader_top - 270.0F - (y + 20.0F), 0.0F, 100.0F);
  auto* dl = ui.draw_list();
  dl->AddRectFilled(ImVec2(cx - 260.0F, reader_top), ImVec2(cx + 260.0F, reader_top + 110.0F),
                    IM_COL32(0x33, 0x3A, 0x44, 0xFF), 18.0F);
  dl->AddRectFilled(ImVec2(cx - 200.0F, reader_top - 18.0F), ImVec2(cx + 200.0F, reader_top),
                    IM_COL32(0x55, 0x5E, 0x6A, 0xFF), 8.0F);
  ui.text_centered(ui.tr("読み取り機"), TextSize::Body, reader_top + 30.0F,
                   IM_COL32(0xFF, 0xFF, 0xFF, 0xFF), 480.0F);
  const float phase = static_cast<float>(std::fmod(time_seconds, 2.4) / 2.4);
  const float lift = drop * (1.0F - std::min(phase * 1.6F, 1.0F));
  const ImVec2 card_min(cx - 215.0F, reader_top - 270.0F - lift);
  const ImVec2 card_max(cx + 215.0F, reader_top - 20.0F - lift);
  ui.panel(card_min, card_max, IM_COL32(0xE9, 0xF1, 0xFB, 0xFF), 16.0F);
  dl->AddRect(card_min, card_max, t.border, 16.0F, 0, 4.0F);
  dl->AddRectFilled(ImVec2(card_min.x + 24.0F, card_min.y + 40.0F),
                    ImVec2(card_min.x + 120.0F, card_min.y + 170.0F),
                    IM_COL32(0xB8, 0xC7, 0xDA, 0xFF), 6.0F);
  // The card is light in both themes: its words are dark (the theme's text is white on black
  // in the high-contrast screen, 1.1:1 on the card).
  ui.text(ui.tr("個人番号カード"), TextSize::Body, ImVec2(card_min.x + 140.0F, card_min.y + 36.0F),
          Theme{}.text, card_max.x - 20.0F - (card_min.x + 140.0F));
  if (back_button(ui, say("やめる"))) session.back();
}

// A title, a line under it and a spinner, each below the one before however long they are.
void busy(Ui& ui, std::string_view title, std::string_view detail, double time_seconds) {
  const auto& t = ui.theme();
  const float width = ui.screen().x - 2 * kMargin;
  float y = 330.0F;
  y += ui.text_centered(title, TextSize::Heading, y, t.text, width);
  y = std::max(y + 27.0F, 430.0F);
  y += ui.text_centered(detail, TextSize::Body, y, t.muted_text, width);
  spinner(ui, ImVec2(ui.screen().x * 0.5F, std::max(680.0F, y + 110.0F)), 80.0F, time_seconds);
}

void enter_pin(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  // The keypad: 3 × 4 keys of 190 × 140 px on the right; the words stay in the column left of
  // it (a long heading or notice used to run on under the keys).
  const float key_w = 190.0F;
  const float key_h = 140.0F;
  const float gap = 24.0F;
  const float pad_x = ui.screen().x - kMargin - 3 * key_w - 2 * gap;
  const float pad_y = kHeaderHeight + 50.0F;
  const float column = pad_x - 60.0F - kMargin;
  float y =
      heading(ui, ui.tr("暗証番号（数字4けた）を押してください"), kHeaderHeight + 60.0F, column);
  // What the PIN is, or what was wrong with the last one: the column has room for one of them
  // (the wrong-PIN notice says how many tries are left).
  if (session.notice().empty()) {
    y += ui.text(ui.tr("カードを受け取ったときに決めた「券面事項入力補助用」の暗証番号です。"),
                 TextSize::Body, ImVec2(kMargin, y + 10.0F), t.muted_text, column) +
         10.0F;
  }
  if (session.assisting()) {  // the volunteer looks away: the PIN is the resident's alone
    y += 20.0F + ui.text(ui.tr("暗証番号は、ご本人が押してください。サポーターの方は、画面から"
                               "目を離してください。"),
                         TextSize::Body, ImVec2(kMargin, y + 20.0F), t.notice, column);
  }
  y = notice(ui, session.notice(), y + 30.0F, column);

  // The entered digits, masked.
  const float box = 120.0F;
  const float boxes_y = std::max(y + 10.0F, 470.0F);
  for (std::size_t i = 0; i < Session::kPinDigits; ++i) {
    const ImVec2 min(kMargin + static_cast<float>(i) * (box + 30.0F), boxes_y);
    const ImVec2 max(min.x + box, min.y + box);
    ui.rect(min, max, t.panel, 12.0F);
    ui.frame(min, max, t.border, 4.0F, 12.0F);
    if (i < session.pin_length()) {
      ui.draw_list()->AddCircleFilled(ImVec2(min.x + box * 0.5F, min.y + box * 0.5F), 22.0F, t.text,
                                      32);
    }
  }
  if (session.tries_left() >= 0) {
    // Under the boxes, or beside them when the column is too short for that.
    const std::string tries =
        ui.tr("まちがえられる回数：あと{n}回", {{"n", std::to_string(session.tries_left())}});
    const float below = boxes_y + box + 30.0F;
    if (below + ui.text_height(tries, TextSize::Body, column) <= footer_y(ui) - 20.0F) {
      ui.text(tries, TextSize::Body, ImVec2(kMargin, below), t.text, column);
    } else {
      const float beside = kMargin + Session::kPinDigits * (box + 30.0F) + 10.0F;
      ui.text(tries, TextSize::Body, ImVec2(beside, boxes_y), t.text, kMargin + column - beside);
    }
  }
  // In the footer, beside やめる: the column above keeps its room for the notice.
  if (ui.button("forgot_pin", ui.tr("暗証番号を忘れた"),
                ImVec2(kMargin + 320.0F + 40.0F, footer_y(ui)),
                ImVec2(pad_x - 40.0F - 480.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.go_to_counter(
        say("暗証番号を忘れた場合は、窓口で本人確認のうえ、再設定できます。"
            "マイナンバーカードをお持ちになって窓口へお越しください。"));
    state.staff_called = false;
  }

  const char* keys[12] = {"1", "2", "3", "4",         "5", "6",
                          "7", "8", "9", say("訂正"), "0", say("確定")};
  for (int i = 0; i < 12; ++i) {
    const ImVec2 pos(pad_x + static_cast<float>(i % 3) * (key_w + gap),
                     pad_y + static_cast<float>(i / 3) * (key_h + gap));
    const std::string label = keys[i];
    std::string id = "key:" + label;
    ButtonStyle style = ButtonStyle::Key;
    if (i == 9) id = "erase";
    if (i == 11) {
      id = "submit_pin";
      style = ButtonStyle::Primary;
    }
    if (ui.button(id, i == 9 || i == 11 ? ui.tr(label) : label, pos, ImVec2(key_w, key_h), style)) {
      if (i == 9) {
        session.erase_digit();
      } else if (i == 11) {
        session.submit_pin();
      } else {
        session.press_digit(label[0]);
      }
    }
  }
  if (back_button(ui, say("やめる"))) session.back();
}

void confirm_identity(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  float y = heading(ui, ui.tr("カードから読み取った内容です。正しいですか？"));
  y += 30.0F;
  const auto& id = session.identity();
  const std::pair<std::string_view, std::string> rows[] = {
      {say("氏名"), id.name},
      {say("住所"), id.address},
      {say("生年月日"), birth_date_text(id.birth_date)},
      {say("性別"), forms::sex_label(id.sex)},
  };
  const float label_w = 260.0F;
  const float value_w = ui.screen().x - 2 * kMargin - label_w - 40.0F;
  struct Row {
    std::string label;
    std::string value;
    TextSize size = TextSize::Heading;
  };
  std::vector<Row> shown;
  for (const auto& [label, value] : rows) shown.push_back({ui.tr(label), value});
  // A label wraps in its column (English, 文字を大きく); a row is as high as its longer side.
  const auto row_height = [&](const Row& r) {
    return std::max({ui.text_height(r.value, r.size, value_w),
                     ui.text_height(r.label, TextSize::Body, label_w - 30.0F) + 14.0F, 70.0F}) +
           24.0F;
  };
  const auto total = [&] {
    float h = 0.0F;
    for (const Row& r : shown) h += row_height(r);
    return h;
  };
  // Rows too long for the screen above the footer (an address of a hundred characters, a name
  // as long as the card can hold): the address, then the name, in body text, then both cut
  // to the lines there is room for, ending in "…".
  const float available = footer_y(ui) - 30.0F - y;
  if (total() > available) shown[1].size = TextSize::Body;
  if (total() > available) shown[0].size = TextSize::Body;
  if (total() > available) {
    const float each = (available - row_height(shown[2]) - row_height(shown[3])) / 2.0F - 24.0F;
    const float line = ui.text_height("あ", TextSize::Body, value_w);
    const auto lines = static_cast<std::size_t>(std::max(1.0F, std::floor(each / line)));
    for (Row* r : {&shown[0], &shown[1]}) {
      r->value = ui.cut_to_lines(r->value, TextSize::Body, value_w, lines);
    }
  }
  for (const Row& r : shown) {
    const float h = row_height(r);
    ui.text(r.label, TextSize::Body, ImVec2(kMargin + 20.0F, y + 14.0F), t.muted_text,
            label_w - 30.0F);
    ui.text(r.value, r.size, ImVec2(kMargin + label_w, y), t.text, value_w);
    y += h;
    ui.rect(ImVec2(kMargin, y - 12.0F), ImVec2(ui.screen().x - kMargin, y - 10.0F),
            IM_COL32(0xB0, 0xB8, 0xC4, 0xFF));
  }
  if (ui.button("wrong_identity", ui.tr("ちがう（係員に相談）"),
                ImVec2(kMargin + 360.0F, footer_y(ui)), ImVec2(600.0F, kFooterButtonHeight),
                ButtonStyle::Secondary)) {
    session.go_to_counter(
        say("カードの内容と違う場合は、窓口で確認します。係員にお声がけください。"));
  }
  if (back_button(ui, say("やめる"))) session.back();
  if (primary_button(ui, "confirm", ui.tr("はい、正しいです"))) session.confirm_identity();
}

// How the choices of a question are laid out from `top` to above the footer: one column for
// a short list, else two; three when two do not fit. Each button is as high as its label and
// help need at their smallest (a label with two lines of help used to spill out of a 96 px
// button), and the gap narrows before a column is added.
struct ChoiceLayout {
  std::size_t columns = 1;
  float width = 0.0F;
  float height = 96.0F;
  float gap = 24.0F;
  bool fits = false;
};

ChoiceLayout choice_layout(Ui& ui, const forms::Question& q, forms::Language language, float top,
                           bool with_helps) {
  const std::size_t n = q.choices.size();
  const float width = ui.screen().x - 2 * kMargin;
  const float available = footer_y(ui) - 40.0F - top;
  ChoiceLayout layout;
  for (const std::size_t c : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
    if (c == 1 && n > 4) continue;
    layout.columns = c;
    layout.width = c == 1 ? width * 0.75F
                          : (width - 40.0F * static_cast<float>(c - 1)) / static_cast<float>(c);
    const auto rows = static_cast<float>((n + c - 1) / c);
    float need = 96.0F;
    for (const auto& choice : q.choices) {
      need = std::max(
          need, ui.button_height(ui.tr(choice.labels.in(language)), layout.width,
                                 ButtonStyle::Choice, with_helps ? choice.helps.in(language) : ""));
    }
    layout.gap = 24.0F;
    if (rows * need + layout.gap * (rows - 1.0F) > available) layout.gap = 12.0F;
    layout.height =
        std::clamp((available - layout.gap * (rows - 1.0F)) / rows, need, std::max(need, 150.0F));
    layout.fits = rows * need + layout.gap * (rows - 1.0F) <= available;
    if (layout.fits) break;
  }
  return layout;
}

bool full_keyboard(const forms::Question& q) {
  return q.kind == forms::QuestionKind::KanaText || q.kind == forms::QuestionKind::Text;
}

void question(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  const auto* q = session.current_question();
  if (q == nullptr) return;
  const forms::Language language = session.procedure_language();
  const std::string& help = q->helps.in(language);
  float y = heading(ui, q->titles.in(language));
  // The kana keyboard needs the height of the screen: there, a help text longer than a
  // line is left out (the title asks the question), and problems show beside the answer.
  const bool keyboard = full_keyboard(*q) && forms::may_change_answer(*q);
  // Choices keep their room: the question's help text goes first when they need it, then the
  // choices' own help (in やさしい日本語 with furigana, or with 文字を大きく, a long list did not
  // fit even in three columns); the question's help comes back if that leaves it room.
  const bool choices =
      q->kind == forms::QuestionKind::Choice || q->kind == forms::QuestionKind::YesNo;
  bool show_help = !help.empty();
  bool choice_helps = true;
  if (choices) {
    const float top = session.notice().empty()
                          ? y
                          : y +
                                ui.text_height(session.notice(), TextSize::Body,
                                               ui.screen().x - 2 * kMargin - 60.0F) +
                                40.0F + 30.0F;
    const float help_h =
        show_help && session.notice().empty()
            ? 10.0F + ui.text_height(help, TextSize::Body, ui.screen().x - 2 * kMargin)
            : 0.0F;
    if (choice_layout(ui, *q, language, top + help_h + 30.0F, true).fits) {
    } else if (choice_layout(ui, *q, language, top + 30.0F, true).fits) {
      show_help = false;
    } else if (choice_layout(ui, *q, language, top + help_h + 30.0F, false).fits) {
      choice_helps = false;
    } else {
      show_help = false;
      choice_helps = false;
    }
  }
  if (keyboard) {
    // One line under the question: what is wrong with the answer, or else the help text
    // when it is short enough; the keys need the rest of the screen.
    y += 10.0F;
    if (!session.notice().empty()) {
      y += ui.text(session.notice(), TextSize::Body, ImVec2(kMargin, y), t.notice,
                   ui.screen().x - 2 * kMargin);
    } else if (!help.empty() && typing::length(help) <= 44) {
      y += ui.text(help, TextSize::Body, ImVec2(kMargin, y), t.muted_text,
                   ui.screen().x - 2 * kMargin);
    }
    y += 20.0F;
  } else if (!session.notice().empty()) {
    // What is wrong with the answer, in place of the help text (read already): the choices,
    // the keypad and the footer keep their room.
    y = notice(ui, session.notice(), y + 30.0F);
  } else {
    if (show_help) {
      y += 10.0F;
      y += ui.text(help, TextSize::Body, ImVec2(kMargin, y), t.muted_text,
                   ui.screen().x - 2 * kMargin);
    }
    y += 30.0F;
  }
  const std::string answer = session.current_answer();
  const float width = ui.screen().x - 2 * kMargin;
  switch (q->kind) {
    case forms::QuestionKind::Number: {
      int value = answer.empty() ? q->min : std::atoi(answer.c_str());
      const float key = 170.0F;
      const float cy = std::max(y, 440.0F);
      if (ui.button("minus", ui.tr("－"), ImVec2(kMargin, cy), ImVec2(key, key),
                    ButtonStyle::Key) &&
          value > q->min) {
        session.set_answer(std::to_string(value - 1));
      }
      const ImVec2 box_min(kMargin + key + 40.0F, cy);
      const ImVec2 box_max(box_min.x + 360.0F, cy + key);
      ui.rect(box_min, box_max, t.panel, 12.0F);
      ui.frame(box_min, box_max, t.border, 4.0F, 12.0F);
      const std::string shown = with_unit(ui, value, q->unit);
      const auto size = ui.measure(shown, TextSize::Huge);
      ui.text(shown, TextSize::Huge,
              ImVec2(box_min.x + (360.0F - size.x) * 0.5F, cy + (key - size.y) * 0.5F), t.text);
      if (ui.button("plus", ui.tr("＋"), ImVec2(box_max.x + 40.0F, cy), ImVec2(key, key),
                    ButtonStyle::Key) &&
          value < q->max) {
        session.set_answer(std::to_string(value + 1));
      }
      ui.text(ui.tr("{min}〜{max}{unit}まで選べます", {{"min", std::to_string(q->min)},
                                                       {"max", std::to_string(q->max)},
                                                       {"unit", ui.tr(q->unit)}}),
              TextSize::Body, ImVec2(kMargin, cy + key + 30.0F), t.muted_text);
      break;
    }
    case forms::QuestionKind::Choice:
    case forms::QuestionKind::YesNo: {
      const std::size_t n = q->choices.size();
      const ChoiceLayout layout = choice_layout(ui, *q, language, y, choice_helps);
      const std::size_t columns = layout.columns;
      const float col_w = layout.width;
      const float h = layout.height;
      const float gap = layout.gap;
      for (std::size_t i = 0; i < n; ++i) {
        const auto& choice = q->choices[i];
        const std::size_t row = i / columns;
        const std::size_t col = i % columns;
        const ImVec2 pos(kMargin + static_cast<float>(col) * (col_w + 40.0F),
                         y + static_cast<float>(row) * (h + gap));
        const bool selected = answer == choice.id;
        if (ui.button("choice:" + choice.id, ui.tr(choice.labels.in(language)), pos,
                      ImVec2(col_w, h),
                      selected ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
                      choice_helps ? choice.helps.in(language) : "")) {
          session.set_answer(choice.id);
        }
      }
      break;
    }
    case forms::QuestionKind::Date:
    case forms::QuestionKind::PostalCode:
    case forms::QuestionKind::Phone:
    case forms::QuestionKind::KanaText:
    case forms::QuestionKind::Text:
      if (!forms::may_change_answer(*q)) {
        // Prefilled from the card and not to be changed here: shown, with no keyboard.
        ui.text(forms::answer_label(*q, answer), TextSize::Heading, ImVec2(kMargin, y), t.text,
                width);
        break;
      }
      if (keyboard) {
        // The keys take the screen down to its foot; 戻る and 次へ sit beside the answer.
        const float next_w = 300.0F, back_w = 200.0F, row_h = 96.0F;
        const float right = ui.screen().x - kMargin;
        if (ui.button("back", ui.tr("戻る"), ImVec2(right - next_w - 24.0F - back_w, y),
                      ImVec2(back_w, row_h), ButtonStyle::Secondary)) {
          session.back();
        }
        if (ui.button("next", ui.tr(session.returning_to_check() ? say("確認へ") : say("次へ")),
                      ImVec2(right - next_w, y), ImVec2(next_w, row_h), ButtonStyle::Primary)) {
          session.next();
        }
        typed_answer(session, ui, state.typing, *q, y, ui.screen().y - 40.0F,
                     right - next_w - back_w - 60.0F - kMargin);
        return;
      }
      typed_answer(session, ui, state.typing, *q, y, footer_y(ui) - 16.0F,
                   ui.screen().x - 2 * kMargin);
      break;
  }
  if (back_button(ui)) session.back();
  if (primary_button(ui, "next",
                     ui.tr(session.returning_to_check() ? say("確認画面に戻る") : say("次へ")),
                     440.0F)) {
    session.next();
  }
}

// Check your answers: a row per answer with 変更. When the answers do not fit one screen they
// are shown a page at a time (big page buttons, no scrolling), and 申し込む appears once the
// resident has seen the last page.
// The fee between 戻る and the pay button: 手数料 over "300円", "900円（300円 × 3通）" or
// "かかりません", and the reason it is free where the files give one and it fits.
void fee_in_footer(const Session& session, Ui& ui, float left, float right) {
  const auto& t = ui.theme();
  const auto quote = session.fee();
  const float width = right - left;
  // The amount under its label, however tall the label is (文字を大きく, furigana).
  const float y = footer_y(ui) - 6.0F;
  const float below =
      y + ui.text(ui.tr("手数料"), TextSize::Body, ImVec2(left, y), t.muted_text, width);
  std::string amount;
  if (quote.total_yen <= 0) {
    amount = ui.tr("かかりません");
    if (quote.free_case != nullptr) {
      const std::string with_reason =
          ui.tr("かかりません（{reason}）",
                {{"reason", quote.free_case->reason.in(session.procedure_language())}});
      if (ui.measure(with_reason, TextSize::Body).x <= width) {
        ui.text(with_reason, TextSize::Body, ImVec2(left, below + 13.0F), t.text);
        return;
      }
    }
  } else {
    amount = yen(ui, quote.total_yen);
    if (quote.copies > 1) {
      const std::string breakdown =
          ui.tr("（{yen} × {n}通）",
                {{"yen", yen(ui, quote.per_copy_yen)}, {"n", std::to_string(quote.copies)}});
      if (ui.measure(amount + breakdown, TextSize::Heading).x <= width) amount += breakdown;
    }
  }
  ui.text(amount, TextSize::Heading, ImVec2(left, below + 3.0F), t.text, width);
}

// Check your answers (GOV.UK): the applicant, every answer with 変更, then the fee; the button
// applies and, when there is a fee, starts the payment on the terminal.
void check_answers(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  // The heading leaves room on its right for the page number ("1 / 2").
  float y = heading(ui, ui.tr("入力した内容を確かめてください"), kHeaderHeight + 60.0F,
                    ui.screen().x - 2 * kMargin - 200.0F);
  y += 30.0F;
  const float label_w = 480.0F;
  const float change_w = 220.0F;
  const float min_row_h = 112.0F;
  const float value_w = ui.screen().x - 2 * kMargin - label_w - change_w - 40.0F;
  auto row_line = [&](float at) {
    ui.rect(ImVec2(kMargin, at), ImVec2(ui.screen().x - kMargin, at + 2.0F),
            IM_COL32(0xB0, 0xB8, 0xC4, 0xFF));
  };
  // The applicant first, then every answer. A value that does not fit one line is written in
  // body text, on up to three lines (then cut, ending in "…"); its row grows to hold it and
  // its label (a long address used to run into the next row).
  struct Row {
    std::string label;
    std::string value;
    TextSize size = TextSize::Heading;
    const forms::Question* question = nullptr;
    float height = 0.0F;
    float value_top = 0.0F;
    float label_top = 0.0F;
  };
  std::vector<Row> rows;
  rows.push_back({ui.tr("申請する人"), session.identity().name});
  const forms::Language language = session.procedure_language();
  for (const forms::Question* q : session.summary_questions()) {
    const auto it = session.answers().find(q->id);
    const std::string value = it == session.answers().end() ? std::string{} : it->second;
    std::string shown = forms::answer_label(*q, value);
    if (q->kind == forms::QuestionKind::Number && !value.empty()) {
      shown = with_unit(ui, std::atoi(value.c_str()), q->unit);
    }
    for (const auto& choice : q->choices) {
      if (choice.id == value) shown = ui.tr(choice.labels.in(language));
    }
    if (shown.empty()) shown = ui.tr("（なし）");
    rows.push_back({q->summary_labels.in(language), shown, TextSize::Heading, q});
  }
  for (Row& row : rows) {
    if (ui.measure(row.value, TextSize::Heading).x > value_w) {
      row.size = TextSize::Body;
      row.value = ui.cut_to_lines(row.value, TextSize::Body, value_w, 3);
    }
    // A one-line answer in heading size sits on the label's baseline.
    row.value_top = row.size == TextSize::Heading ? 26.0F : 20.0F;
    row.label_top = row.size == TextSize::Heading ? 34.0F : 20.0F;
    row.height = std::max(
        {min_row_h, row.value_top + ui.text_height(row.value, row.size, value_w) + 14.0F,
         row.label_top + ui.text_height(row.label, TextSize::Body, label_w - 20.0F) + 14.0F});
  }
  // Pages: as many rows as fit above the footer.
  const float room = footer_y(ui) - 30.0F - y;
  std::vector<std::size_t> page_starts{0};
  float used = 0.0F;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (used + rows[i].height > room && used > 0.0F) {
      page_starts.push_back(i);
      used = 0.0F;
    }
    used += rows[i].height;
  }
  const std::size_t pages = page_starts.size();
  if (state.check_page >= pages) state.check_page = pages - 1;
  const std::size_t first = page_starts[state.check_page];
  const std::size_t last =
      state.check_page + 1 < pages ? page_starts[state.check_page + 1] : rows.size();
  row_line(y);
  for (std::size_t i = first; i < last; ++i) {
    const Row& row = rows[i];
    ui.text(row.label, TextSize::Body, ImVec2(kMargin + 10.0F, y + row.label_top), t.muted_text,
            label_w - 20.0F);
    ui.text(row.value, row.size, ImVec2(kMargin + label_w, y + row.value_top), t.text, value_w);
    if (row.question != nullptr &&
        ui.button("change:" + row.question->id, ui.tr("変更"),
                  ImVec2(ui.screen().x - kMargin - change_w, y + (row.height - 96.0F) * 0.5F),
                  ImVec2(change_w, 96.0F), ButtonStyle::Secondary)) {
      session.change(row.question->id);
    }
    y += row.height;
    row_line(y);
  }
  const bool last_page = state.check_page + 1 >= pages;
  const float left_w = state.check_page > 0 ? 360.0F : 320.0F;
  if (state.check_page > 0) {
    if (ui.button("check_page_back", ui.tr("前のページ"), ImVec2(kMargin, footer_y(ui)),
                  ImVec2(left_w, kFooterButtonHeight), ButtonStyle::Secondary)) {
      --state.check_page;
    }
  } else if (back_button(ui)) {
    session.back();
  }
  if (pages > 1) {  // "ページ 1 / 2" beside the heading, so the footer keeps the fee
    const std::string page = std::to_string(state.check_page + 1) + " / " + std::to_string(pages);
    const auto size = ui.measure(page, TextSize::Heading);
    ui.text(page, TextSize::Heading,
            ImVec2(ui.screen().x - kMargin - size.x, kHeaderHeight + 60.0F), t.text);
  }
  const float primary_w = 620.0F;
  fee_in_footer(session, ui, kMargin + left_w + 50.0F, ui.screen().x - kMargin - primary_w - 40.0F);
  const int total = session.fee().total_yen;
  if (!last_page) {
    if (primary_button(ui, "check_page_next", ui.tr("次のページ"), primary_w)) ++state.check_page;
  } else if (primary_button(ui, "next",
                            total > 0 ? ui.tr("申し込んで支払う") : ui.tr("この内容で申し込む"),
                            primary_w)) {
    session.next();
  }
}

// While the terminal takes the fee: what it accepts and what to do on it.
void paying(Session& session, Ui& ui, double time_seconds) {
  const auto& t = ui.theme();
  const int total = session.fee().total_yen;
  if (total <= 0 || session.cash_requested()) {
    busy(ui, ui.tr("申請書を準備しています"), ui.tr("しばらくお待ちください"), time_seconds);
    return;
  }
  if (session.cancelling_payment()) {
    busy(ui, ui.tr("お支払いを取りやめています"),
         ui.tr("支払い端末の表示が消えるまでお待ちください"), time_seconds);
    return;
  }
  const float width = ui.screen().x - 2 * kMargin;
  float y = 260.0F;
  y += ui.text_centered(
      ui.tr("右の支払い端末で、{yen}をお支払いください", {{"yen", yen(ui, total)}}),
      TextSize::Heading, y, t.text, width);
  y = std::max(y + 27.0F, 360.0F);
  y += ui.text_centered(ui.tr("カードやスマートフォンを端末にかざすか、差し込んでください"),
                        TextSize::Body, y, t.text, width);
  y = std::max(y + 21.0F, 430.0F);
  y += ui.text_centered(
      ui.tr("使えるもの：クレジットカード、電子マネー（交通系IC・iD・QUICPay）、QRコード決済"),
      TextSize::Body, y, t.muted_text, width);
  spinner(ui, ImVec2(ui.screen().x * 0.5F, std::max(680.0F, y + 110.0F)), 80.0F, time_seconds);
  // Changed one's mind, or no card at hand: the terminal is asked to stop; then 窓口で現金で払う
  // is offered.
  if (back_button(ui, say("やめる"))) session.cancel_payment();
}

void payment_problem(Session& session, Ui& ui) {
  float y = heading(ui, ui.tr("お支払いができませんでした"));
  y = notice(ui, session.notice(), y + 40.0F);
  ui.text(ui.tr("お金は引き落とされていません。別の方法でお支払いいただくか、窓口で現金でお支払い"
                "ください。"),
          TextSize::Body, ImVec2(kMargin, y), ui.theme().text, ui.screen().x - 2 * kMargin);
  // The fallback: the application is printed with a slip the counter settles in cash.
  if (ui.button("pay_at_counter", ui.tr("窓口で現金で払う"), ImVec2(kMargin + 360.0F, footer_y(ui)),
                ImVec2(560.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.pay_at_counter();
  }
  if (back_button(ui)) session.back();
  if (primary_button(ui, "retry", ui.tr("もう一度支払う"))) session.retry();
}

void print_problem(Session& session, Ui& ui) {
  float y = heading(ui, ui.tr("印刷できませんでした"));
  y = notice(ui, session.notice(), y + 40.0F);
  if (session.paying_at_counter()) {
    ui.text(ui.tr("受付番号：") + session.reception_number(), TextSize::Heading,
            ImVec2(kMargin, y + 20.0F), ui.theme().text);
  } else {
    y += ui.text(ui.tr("お支払いは済んでいます。受付番号：") + session.reception_number(),
                 TextSize::Heading, ImVec2(kMargin, y + 20.0F), ui.theme().text,
                 ui.screen().x - 2 * kMargin);
    if (session.may_refund()) {
      ui.text(ui.tr("窓口で申請書を受け取るか、お支払いを取り消すことができます。"), TextSize::Body,
              ImVec2(kMargin, y + 50.0F), ui.theme().text, ui.screen().x - 2 * kMargin);
    } else {
      // The printer did not confirm that the form cannot come out any more: no refund here.
      ui.text(
          ui.tr("申請書がプリンターから出てくることがあるため、ここではお支払いを取り消せません。"
                "窓口で受け取ってください。"),
          TextSize::Body, ImVec2(kMargin, y + 50.0F), ui.theme().text, ui.screen().x - 2 * kMargin);
    }
  }
  if (ui.button("counter", ui.tr("窓口で受け取る"), ImVec2(kMargin, footer_y(ui)),
                ImVec2(480.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.collect_at_counter();
  }
  if (session.may_refund() &&
      ui.button("refund", ui.tr("お支払いを取り消す"), ImVec2(kMargin + 520.0F, footer_y(ui)),
                ImVec2(520.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.refund();
  }
  if (primary_button(ui, "retry", ui.tr("もう一度印刷する"))) session.retry();
}

void take_card(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  float y = 220.0F;
  y += ui.text_centered(ui.tr("カードとお控えをお取りください"), TextSize::Huge, y, t.success,
                        ui.screen().x - 2 * kMargin);
  y = std::max(y + 20.0F, 400.0F);
  y += ui.text_centered(ui.tr("受付番号"), TextSize::Heading, y, t.text, ui.screen().x);
  y = std::max(y + 7.0F, 480.0F);
  y += ui.text_centered(session.reception_number(), TextSize::Huge, y, t.text, ui.screen().x);
  y = std::max(y + 52.0F, 640.0F);
  y += ui.text_centered(
      ui.tr("印刷された申請書の「自署」の欄にお名前を書いて、お控えと一緒に窓口へお出しください。"),
      TextSize::Body, y, t.text, ui.screen().x - 2 * kMargin - 200.0F);
  if (session.paying_at_counter()) {
    ui.text_centered(ui.tr("手数料 {yen} は、窓口で現金でお支払いください。",
                           {{"yen", yen(ui, session.fee().total_yen)}}),
                     TextSize::Heading, y + 20.0F, t.notice, ui.screen().x - 2 * kMargin);
  }
  if (primary_button(ui, "finish", ui.tr("終わる"), 440.0F)) session.finish();
  // Another procedure for the same resident, without reading the card again.
  if (ui.button("another", ui.tr("続けてほかの手続きをする"), ImVec2(kMargin, footer_y(ui)),
                ImVec2(720.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.another_procedure();
  }
}

void counter(Session& session, Ui& ui) {
  float y = heading(ui, session.outcome() == Outcome::Refunded ? ui.tr("お支払いを取り消しました")
                                                               : ui.tr("窓口へお越しください"));
  y = notice(ui, session.notice(), y + 40.0F);
  ui.text(session.outcome() == Outcome::Refunded
              ? ui.tr("カードをお取りください。")
              : ui.tr("カードをお取りになり、番号札をお取りください。"),
          TextSize::Body, ImVec2(kMargin, y), ui.theme().text, ui.screen().x - 2 * kMargin);
  if (primary_button(ui, "finish", ui.tr("最初の画面に戻る"), 600.0F)) session.finish();
}

}  // namespace

float header_height() { return kHeaderHeight; }

float header_title_room(float screen_width) {
  return screen_width - 60.0F - 380.0F - 40.0F - 340.0F - 30.0F - 200.0F - 60.0F;
}

bool screen_animates(const Session& session) {
  if (session.waiting_for_card_back() || session.checking_code()) return true;
  switch (session.screen()) {
    case Screen::PlaceCard:
    case Screen::CheckingCard:
    case Screen::ReadingCard:
    case Screen::Paying:
    case Screen::Printing:
    case Screen::Refunding:
      return true;
    default:
      return false;
  }
}

// まだ続けますか: over the screen (which takes no taps meanwhile), with the seconds left. The
// dialog is as high as what it says (文字を大きく and furigana make the sentence longer).
void idle_dialog(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  ui.rect(ImVec2(0, kHeaderHeight), ui.screen(), IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
  const float w = 1200.0F;
  const float text_w = w - 120.0F;
  const std::string title = ui.tr("まだ続けますか？");
  const std::string left = std::to_string(session.idle_seconds_left());
  const std::string body =
      ui.tr("あと {n} 秒で、入力した内容を消して、最初の画面に戻ります。", {{"n", left}});
  const float title_h = ui.text_height(title, TextSize::Huge, text_w);
  const float body_h = ui.text_height(body, TextSize::Body, text_w);
  const float number_h = ui.text_height(left, TextSize::Huge, text_w);
  const float button_h = 140.0F;
  const float h = 60.0F + title_h + 32.0F + body_h + 40.0F + number_h + 32.0F + button_h + 50.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F,
                   std::max(kHeaderHeight + 20.0F, (ui.screen().y - h) * 0.5F + 40.0F));
  ui.panel(min, ImVec2(min.x + w, min.y + h), t.background, 24.0F);
  ui.frame(min, ImVec2(min.x + w, min.y + h), t.border, 6.0F, 24.0F);
  float y = min.y + 60.0F;
  ui.text_centered(title, TextSize::Huge, y, t.text, text_w);
  y += title_h + 32.0F;
  ui.text_centered(body, TextSize::Body, y, t.text, text_w);
  y += body_h + 40.0F;
  ui.text_centered(left, TextSize::Huge, y, t.notice, text_w);
  y += number_h + 32.0F;
  const float button_w = 640.0F;
  if (ui.button("keep_going", ui.tr("続ける"), ImVec2((ui.screen().x - button_w) * 0.5F, y),
                ImVec2(button_w, button_h), ButtonStyle::Primary)) {
    session.keep_going();
  }
}

// カードを置いてください: the card came off mid-way; the screen stays, waiting for it. The
// dialog grows with its sentences; the picture of the card shrinks when they need its room.
void card_back_dialog(Session& session, Ui& ui, double time_seconds) {
  const auto& t = ui.theme();
  ui.rect(ImVec2(0, kHeaderHeight), ui.screen(), IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
  const float w = 1400.0F;
  const float text_w = w - 120.0F;
  const std::string title = ui.tr("カードが読み取り機から外れました");
  const std::string body = ui.tr("続けるには、同じマイナンバーカードをもう一度置いてください。");
  const std::string left = std::to_string(session.card_back_seconds_left());
  const std::string countdown =
      ui.tr("あと {n} 秒で、入力した内容を消して、最初の画面に戻ります。", {{"n", left}});
  const float title_h = ui.text_height(title, TextSize::Heading, text_w);
  const float body_h = ui.text_height(body, TextSize::Body, text_w);
  const float countdown_h = ui.text_height(countdown, TextSize::Body, text_w);
  const float button_h = 120.0F;
  const float words =
      50.0F + title_h + 17.0F + body_h + 30.0F + 30.0F + countdown_h + 30.0F + button_h + 40.0F;
  const float room = ui.screen().y - kHeaderHeight - 40.0F;
  const float picture_h = std::clamp(room - words, 160.0F, 320.0F);
  const float h = words + picture_h;
  const ImVec2 min((ui.screen().x - w) * 0.5F,
                   kHeaderHeight + std::max(20.0F, std::min(50.0F, (room - h) * 0.5F + 20.0F)));
  ui.panel(min, ImVec2(min.x + w, min.y + h), t.background, 24.0F);
  ui.frame(min, ImVec2(min.x + w, min.y + h), t.border, 6.0F, 24.0F);
  float y = min.y + 50.0F;
  ui.text_centered(title, TextSize::Heading, y, t.text, text_w);
  y += title_h + 17.0F;
  ui.text_centered(body, TextSize::Body, y, t.text, text_w);
  y += body_h + 30.0F;
  // The card going down onto the reader, as on the first screen.
  const float k = picture_h / 320.0F;
  const float cx = ui.screen().x * 0.5F;
  const float reader_top = y + 250.0F * k;
  auto* dl = ui.draw_list();
  dl->AddRectFilled(ImVec2(cx - 200.0F * k, reader_top),
                    ImVec2(cx + 200.0F * k, reader_top + 70.0F * k),
                    IM_COL32(0x33, 0x3A, 0x44, 0xFF), 14.0F * k);
  const float phase = static_cast<float>(std::fmod(time_seconds, 2.4) / 2.4);
  const float lift = 60.0F * k * (1.0F - std::min(phase * 1.6F, 1.0F));
  const ImVec2 card_min(cx - 150.0F * k, reader_top - 190.0F * k - lift);
  const ImVec2 card_max(cx + 150.0F * k, reader_top - 14.0F * k - lift);
  dl->AddRectFilled(card_min, card_max, IM_COL32(0xE9, 0xF1, 0xFB, 0xFF), 12.0F * k);
  dl->AddRect(card_min, card_max, t.border, 12.0F * k, 0, 4.0F);
  y += picture_h + 30.0F;
  ui.text_centered(countdown, TextSize::Body, y, t.text, text_w);
  y += countdown_h + 30.0F;
  // Wide enough for the label on one line (in やさしい日本語 it has furigana).
  const float button_w = 800.0F;
  if (ui.button("give_up_card", ui.tr("やめる（最初の画面に戻る）"),
                ImVec2((ui.screen().x - button_w) * 0.5F, y), ImVec2(button_w, button_h),
                ButtonStyle::Secondary)) {
    session.give_up_waiting_for_card();
  }
}

// The volunteer's code: a keypad like the PIN's, the digits masked; 3 wrong codes lock it.
void code_pad_dialog(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  const Session::CodePad pad = *state.code_pad;
  const bool staff = pad == Session::CodePad::Staff;
  // A staff code is for the welcome screen between visits only.
  if (staff && (session.screen() != Screen::Welcome || session.in_visit())) {
    close_code_pad(state);
    return;
  }
  if (const auto answer = session.take_code_answer()) {
    switch (*answer) {
      case Session::CodeAnswer::Accepted:
        close_code_pad(state);
        return;
      case Session::CodeAnswer::WrongCode:
        state.pad_message = say("番号が違います。もう一度押してください。");
        break;
      case Session::CodeAnswer::Locked:
      case Session::CodeAnswer::NoRoster:
        state.pad_message = say("続けてまちがえたため、しばらく使えません");
        break;
    }
  }
  ui.rect(ImVec2(0, kHeaderHeight), ui.screen(), IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
  const float w = 1600.0F, h = 860.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 30.0F);
  ui.rect(min, ImVec2(min.x + w, min.y + h), t.background, 24.0F);
  ui.frame(min, ImVec2(min.x + w, min.y + h), t.border, 6.0F, 24.0F);
  float y = min.y + 40.0F;
  y += ui.text(
      ui.tr(staff ? say("職員番号を押してください") : say("サポーター番号を押してください")),
      TextSize::Heading, ImVec2(min.x + 60.0F, y), t.text, 860.0F);
  y += 10.0F +
       ui.text(ui.tr(staff ? say("市役所の職員が、キオスクを止めるときに使います。")
                           : say("デジタル活用支援員の方が、手続きをお手伝いするときに使います。")),
               TextSize::Body, ImVec2(min.x + 60.0F, y + 10.0F), t.muted_text, 860.0F);
  const bool checking = session.checking_code();
  if (checking || !state.pad_message.empty()) {
    std::string message = ui.tr(checking ? say("番号を確かめています") : state.pad_message);
    if (!checking && session.code_lock_seconds_left(pad) > 0) {
      message = ui.tr("続けてまちがえたため、しばらく使えません（あと{n}分）",
                      {{"n", std::to_string((session.code_lock_seconds_left(pad) + 59) / 60)}});
    }
    y += 20.0F +
         ui.text(message, TextSize::Body, ImVec2(min.x + 60.0F, y + 20.0F), t.notice, 860.0F);
  }
  // The digits typed, as ●.
  const float box = 80.0F;
  const float boxes_y = std::max(y + 30.0F, min.y + 330.0F);
  for (std::size_t i = 0; i < kCodeLongest; ++i) {
    const ImVec2 bmin(min.x + 60.0F + static_cast<float>(i) * (box + 14.0F), boxes_y);
    const ImVec2 bmax(bmin.x + box, bmin.y + box);
    ui.frame(bmin, bmax, t.border, 3.0F, 8.0F);
    if (i < state.pad_code.size()) {
      ui.draw_list()->AddCircleFilled(ImVec2(bmin.x + box * 0.5F, bmin.y + box * 0.5F), 16.0F,
                                      t.text, 24);
    }
  }
  const float key_w = 180.0F, key_h = 120.0F, gap = 20.0F;
  const float pad_x = min.x + w - 60.0F - 3 * key_w - 2 * gap;
  const char* keys[12] = {"1", "2", "3", "4",         "5", "6",
                          "7", "8", "9", say("訂正"), "0", say("確定")};
  const std::string prefix = staff ? "staff_" : "assist_";
  for (int i = 0; i < 12; ++i) {
    const ImVec2 pos(pad_x + static_cast<float>(i % 3) * (key_w + gap),
                     min.y + 40.0F + static_cast<float>(i / 3) * (key_h + gap));
    const std::string label = keys[i];
    const std::string id = i == 9    ? prefix + "erase"
                           : i == 11 ? prefix + "submit"
                                     : prefix + "key:" + label;
    if (!ui.button(id, i == 9 || i == 11 ? ui.tr(label) : label, pos, ImVec2(key_w, key_h),
                   i == 11 ? ButtonStyle::Primary : ButtonStyle::Key) ||
        checking) {
      continue;  // while a code is checked, the keys wait
    }
    if (i == 9) {
      if (!state.pad_code.empty()) state.pad_code.pop_back();
    } else if (i == 11) {
      state.pad_message.clear();
      session.check_code(pad, std::exchange(state.pad_code, {}));
    } else if (state.pad_code.size() < kCodeLongest) {
      state.pad_code.push_back(label[0]);
    }
  }
  if (ui.button(prefix + "cancel", ui.tr("やめる"), ImVec2(min.x + 60.0F, min.y + h - 160.0F),
                ImVec2(360.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    close_code_pad(state);
  }
}

// The staff menu, after a right staff code on the welcome screen: stop the kiosk, or go back.
void staff_menu_dialog(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  ui.rect(ImVec2(0, kHeaderHeight), ui.screen(), IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
  const float w = 1200.0F;
  const float text_w = w - 120.0F;
  const std::string title = ui.tr("職員メニュー（{name}）", {{"name", session.staff_name()}});
  const std::string detail = ui.tr("終了すると、キオスクが止まります。画面は元に戻りません。");
  const float h = 40.0F + ui.text_height(title, TextSize::Heading, text_w) + 20.0F +
                  ui.text_height(detail, TextSize::Body, text_w) + 60.0F + kFooterButtonHeight +
                  50.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 60.0F);
  ui.rect(min, ImVec2(min.x + w, min.y + h), t.background, 24.0F);
  ui.frame(min, ImVec2(min.x + w, min.y + h), t.border, 6.0F, 24.0F);
  float y = min.y + 40.0F;
  y += ui.text(title, TextSize::Heading, ImVec2(min.x + 60.0F, y), t.text, text_w);
  y += 20.0F;
  y += ui.text(detail, TextSize::Body, ImVec2(min.x + 60.0F, y), t.muted_text, text_w);
  const float footer = min.y + h - 50.0F - kFooterButtonHeight;
  if (ui.button("staff_back", ui.tr("戻る"), ImVec2(min.x + 60.0F, footer),
                ImVec2(360.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.close_staff_menu();
  }
  if (ui.button("staff_stop", ui.tr("終了"), ImVec2(min.x + w - 60.0F - 360.0F, footer),
                ImVec2(360.0F, kFooterButtonHeight), ButtonStyle::Primary)) {
    session.stop_kiosk();
  }
}

// The volunteer's menu: any step of the procedure at one tap (once the resident has confirmed
// the card's details), and the end of assist mode. The PIN is never among the steps.
void assist_menu_dialog(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  ui.rect(ImVec2(0, kHeaderHeight), ui.screen(), IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
  const float w = 1700.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 20.0F);
  const float h = ui.screen().y - min.y - 20.0F;
  ui.rect(min, ImVec2(min.x + w, min.y + h), t.background, 24.0F);
  ui.frame(min, ImVec2(min.x + w, min.y + h), t.border, 6.0F, 24.0F);
  ui.text(ui.tr("サポート中：{name}", {{"name", session.volunteer_name()}}), TextSize::Heading,
          ImVec2(min.x + 60.0F, min.y + 30.0F), t.text, w - 120.0F);
  const float column_w = (w - 180.0F) * 0.5F;
  const float button_h = 96.0F, gap = 16.0F;
  const float top = min.y + 120.0F;
  if (session.may_jump()) {
    struct Step {
      std::string id;
      std::string label;
      bool current;
    };
    std::vector<Step> steps;
    steps.push_back({"jump:identity", ui.tr("カードの内容の確認"),
                     session.screen() == Screen::ConfirmIdentity});
    const auto questions = session.questions();
    const forms::Question* current = session.current_question();
    for (std::size_t i = 0; i < questions.size(); ++i) {
      steps.push_back({"jump:" + questions[i]->id,
                       std::to_string(i + 1) + ". " +
                           questions[i]->summary_labels.in(session.procedure_language()),
                       questions[i] == current});
    }
    steps.push_back(
        {"jump:check", ui.tr("入力内容の確認と支払い"), session.screen() == Screen::CheckAnswers});
    const std::size_t rows = (steps.size() + 1) / 2;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::size_t column = i / rows;
      const std::size_t row = i % rows;
      const ImVec2 pos(min.x + 60.0F + static_cast<float>(column) * (column_w + 60.0F),
                       top + static_cast<float>(row) * (button_h + gap));
      const bool is_check = i + 1 == steps.size();
      if (is_check && !session.may_jump_to_check()) {
        ui.text(ui.tr("まだ答えていない質問があります"), TextSize::Body,
                ImVec2(pos.x, pos.y + 26.0F), t.muted_text, column_w);
        continue;
      }
      if (ui.button(steps[i].id, steps[i].label, pos, ImVec2(column_w, button_h),
                    steps[i].current ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
        if (i == 0) {
          session.jump_to_identity();
        } else if (is_check) {
          session.jump_to_check();
          state.check_page = 0;
        } else {
          session.jump_to_question(i - 1);
          state.typing = TypingState{};
        }
        state.assist_menu = false;
      }
    }
  } else {
    ui.text(ui.tr("カードの内容をご本人が確かめたあと、ここから好きな手順へ移れます。"
                  "暗証番号は、ご本人が押してください。"),
            TextSize::Body, ImVec2(min.x + 60.0F, top), t.text, w - 120.0F);
  }
  const float footer = min.y + h - kFooterButtonHeight - 30.0F;
  if (ui.button("assist_end", ui.tr("サポートを終える"), ImVec2(min.x + 60.0F, footer),
                ImVec2(560.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.end_assist();
    state.assist_menu = false;
  }
  if (ui.button("assist_close", ui.tr("閉じる"), ImVec2(min.x + w - 60.0F - 440.0F, footer),
                ImVec2(440.0F, kFooterButtonHeight), ButtonStyle::Primary)) {
    state.assist_menu = false;
  }
}

// The languages as big buttons, each in its own language, over the screen.
void language_chooser(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  ui.rect(ImVec2(0, kHeaderHeight), ui.screen(), IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
  const auto& languages = session.translations().languages();
  const float w = 1500.0F, gap = 26.0F;
  const float column_w = (w - 180.0F) * 0.5F;
  // As high as the longest option needs (in やさしい日本語 they have furigana).
  float button_h = 120.0F;
  for (const std::string& option :
       {ui.tr("文字を大きくする"), ui.tr("画面を見やすくする（白黒）")}) {
    button_h = std::max(button_h, ui.button_height(option, column_w, ButtonStyle::Choice));
  }
  const float rows = static_cast<float>(std::max<std::size_t>(languages.size(), 3));
  const float h = 130.0F + rows * (button_h + gap) + 170.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 40.0F);
  ui.panel(min, ImVec2(min.x + w, min.y + h), t.background, 24.0F);
  ui.frame(min, ImVec2(min.x + w, min.y + h), t.border, 6.0F, 24.0F);
  ui.text_centered("Language・言語・見やすさ", TextSize::Heading, min.y + 36.0F, t.text,
                   ui.screen().x);
  // Left: the languages, each in its own language.
  for (std::size_t i = 0; i < languages.size(); ++i) {
    const ImVec2 pos(min.x + 60.0F, min.y + 130.0F + static_cast<float>(i) * (button_h + gap));
    if (ui.button("language:" + languages[i].code, languages[i].name, pos,
                  ImVec2(column_w, button_h),
                  i == session.language() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
      session.set_language(i);
    }
  }
  // Right: bigger text and the high-contrast screen, each one tap to turn on or off.
  const float right_x = min.x + 120.0F + column_w;
  if (ui.button("large_text", ui.tr("文字を大きくする"), ImVec2(right_x, min.y + 130.0F),
                ImVec2(column_w, button_h),
                session.large_text() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
    session.toggle_large_text();
  }
  if (ui.button("high_contrast", ui.tr("画面を見やすくする（白黒）"),
                ImVec2(right_x, min.y + 130.0F + button_h + gap), ImVec2(column_w, button_h),
                session.high_contrast() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
    session.toggle_high_contrast();
  }
  const float close_w = 520.0F;
  if (ui.button("close_options", ui.tr("閉じる"),
                ImVec2((ui.screen().x - close_w) * 0.5F, min.y + h - 150.0F),
                ImVec2(close_w, 120.0F), ButtonStyle::Primary)) {
    state.choosing_language = false;
  }
}

void draw_screen(Session& session, Ui& ui, ScreenState& state, double time_seconds) {
  const auto& t = ui.theme();
  ui.use_language(session.translations(), session.language());
  ui.use_view(session.high_contrast(), session.large_text());
  ui.rect(ImVec2(0, 0), ui.screen(), t.background);
  state.now = time_seconds;
  if (!session.assisting()) state.assist_menu = false;
  header(session, ui, state);
  if (session.waiting_for_card_back()) {
    card_back_dialog(session, ui, time_seconds);
    return;
  }
  if (session.idle_warning()) {
    idle_dialog(session, ui);
    return;
  }
  if (state.code_pad) {
    code_pad_dialog(session, ui, state);
    return;
  }
  if (session.staff_menu_open()) {
    staff_menu_dialog(session, ui);
    return;
  }
  if (state.assist_menu) {
    assist_menu_dialog(session, ui, state);
    return;
  }
  if (state.choosing_language) {
    language_chooser(session, ui, state);
    return;
  }
  switch (session.screen()) {
    case Screen::Welcome:
      welcome(session, ui, state);
      break;
    case Screen::PlaceCard:
      place_card(session, ui, time_seconds);
      break;
    case Screen::CheckingCard:
      busy(ui, ui.tr("カードを確認しています"), ui.tr("カードを置いたままお待ちください"),
           time_seconds);
      break;
    case Screen::EnterPin:
      enter_pin(session, ui, state);
      break;
    case Screen::ReadingCard:
      busy(ui, ui.tr("カードを読み取っています"), ui.tr("カードを置いたままお待ちください"),
           time_seconds);
      break;
    case Screen::ConfirmIdentity:
      confirm_identity(session, ui);
      break;
    case Screen::Question:
      question(session, ui, state);
      break;
    case Screen::CheckAnswers:
      check_answers(session, ui, state);
      break;
    case Screen::Paying:
      paying(session, ui, time_seconds);
      break;
    case Screen::PaymentProblem:
      payment_problem(session, ui);
      break;
    case Screen::Printing:
      busy(ui, ui.tr("申請書を印刷しています"), ui.tr("しばらくお待ちください"), time_seconds);
      // Out of paper, a jam: the printer holds the job, and it goes on once staff fix it.
      if (!session.notice().empty()) {
        notice(ui, session.notice() + ui.tr("係員が直すと、続きが自動で印刷されます。"), 820.0F);
      }
      break;
    case Screen::PrintProblem:
      print_problem(session, ui);
      break;
    case Screen::Refunding:
      busy(ui, ui.tr("お支払いを取り消しています"), ui.tr("しばらくお待ちください"), time_seconds);
      break;
    case Screen::TakeCard:
      take_card(session, ui);
      break;
    case Screen::Counter:
      counter(session, ui);
      break;
  }
}

}  // namespace madoguchi::kiosk::ui
