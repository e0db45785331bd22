// The first screen: the groups of procedures in the words residents use, the chosen group's
// procedures with their fees, and the staff's hidden way in, its bottom-right corner.
#include "screen_parts.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::kiosk::ui::screens {

namespace {

constexpr double kStaffHoldSeconds = 3.0;
constexpr float kMinTarget = 88.0F;  // DESIGN.md: touch targets of at least 15 mm

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

// The heading, left of the 音声案内 button `beside` wide (0: none); returns where it ends.
float welcome_heading(const Session& session, Ui& ui, float beside) {
  const std::string text = ui.tr(session.in_visit() ? say("続けて、ほかの手続きを選んでください")
                                                    : say("ご用件をお選びください"));
  return heading(ui, text, kHeaderHeight + 60.0F,
                 beside > 0.0F ? ui.screen().x - 2 * kMargin - beside - 40.0F : 0.0F) +
         40.0F;
}

// 音声案内 on the right of the heading: one tap to turn it on or off.
void voice_choice(Session& session, Ui& ui, float width) {
  if (ui.button("voice", ui.tr("音声案内"),
                ImVec2(ui.screen().x - kMargin - width, kHeaderHeight + 30.0F),
                ImVec2(width, 100.0F),
                session.view().voice() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
    session.view().toggle_voice();
  }
}

// 前のページ, "2 / 3", 次のページ under the procedures of a group that takes several pages.
void page_bar(Ui& ui, ScreenState& state, float left, float right, float y, float h) {
  const float w = 320.0F;
  if (state.welcome_page > 0 && ui.button("welcome_page_back", ui.tr("前のページ"), ImVec2(left, y),
                                          ImVec2(w, h), ButtonStyle::Secondary)) {
    --state.welcome_page;
  }
  const std::string page =
      std::to_string(state.welcome_page + 1) + " / " + std::to_string(state.welcome_pages);
  const ImVec2 size = ui.measure(page, TextSize::Heading);
  ui.text(page, TextSize::Heading, ImVec2((left + right - size.x) / 2.0F, y + (h - size.y) / 2.0F),
          ui.theme().text);
  if (state.welcome_page + 1 < state.welcome_pages &&
      ui.button("welcome_page_next", ui.tr("次のページ"), ImVec2(right - w, y), ImVec2(w, h),
                ButtonStyle::Secondary)) {
    ++state.welcome_page;
  }
}

// The chosen group's procedures as big buttons with their fees, two columns from `left`
// between `top` and `bottom`. Up to six fit as they always have; a group with more shows as
// many rows as its tallest title allows (three at most) a page at a time, with a page bar.
void procedure_buttons(Session& session, Ui& ui, ScreenState& state, float left, float top,
                       float bottom, float gap) {
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
  if (shown.empty()) {
    ui.text(ui.tr("この手続きは、窓口でお受けします。係員にお声がけください。"), TextSize::Body,
            ImVec2(left, top), ui.theme().text, right - left);
  }
  const forms::Language language = session.view().procedure_language();
  // Taller when a title and its fee need it (long titles in やさしい日本語 with furigana).
  float needed = 0.0F;
  for (const forms::Procedure* procedure : shown) {
    needed = std::max(needed, ui.button_height(procedure->titles.in(language), w,
                                               ButtonStyle::Primary, fee_line(ui, *procedure)));
  }
  constexpr std::size_t kUnpaged = 6;
  const float bar_h = 100.0F;
  std::size_t rows_per_page = (shown.size() + 1) / 2;
  float area = bottom - top;
  if (shown.size() > kUnpaged) {
    area -= bar_h + gap;
    const auto fit = static_cast<std::size_t>((area + gap) / (std::max(needed, 150.0F) + gap));
    rows_per_page = std::clamp<std::size_t>(fit, 1, 3);
  }
  const std::size_t per_page = 2 * std::max<std::size_t>(rows_per_page, 1);
  state.welcome_pages = std::max<std::size_t>(1, (shown.size() + per_page - 1) / per_page);
  state.welcome_page = std::min(state.welcome_page, state.welcome_pages - 1);
  const auto row_count = static_cast<float>(std::max<std::size_t>(3, rows_per_page));
  float h = std::min(230.0F, (area - gap * (row_count - 1)) / row_count);
  h = std::max(h, needed);
  if (rows_per_page > 0) {
    const auto n = static_cast<float>(rows_per_page);
    h = std::min(h, (area - gap * (n - 1)) / n);
  }
  const std::size_t first = state.welcome_page * per_page;
  for (std::size_t i = first; i < std::min(shown.size(), first + per_page); ++i) {
    const forms::Procedure& procedure = *shown[i];
    const float x = left + static_cast<float>((i - first) % 2) * (w + column_gap);
    const float py = top + static_cast<float>((i - first) / 2) * (h + gap);
    if (ui.button("procedure:" + procedure.id, procedure.titles.in(language), ImVec2(x, py),
                  ImVec2(w, h), ButtonStyle::Primary, fee_line(ui, procedure))) {
      session.choose_procedure(procedure.id);
    }
  }
  if (state.welcome_pages > 1) page_bar(ui, state, left, right, bottom - bar_h, bar_h);
}

}  // namespace

// Group buttons down the left; the procedures of the chosen group as big buttons on the right.
// 証明書がほしい is chosen when the screen opens, so 住民票 is one tap away.
void welcome(Session& session, Ui& ui, ScreenState& state) {
  // What happened to the last session, when the next resident should know (another card was
  // put on the reader), in place of the heading.
  const std::string told = session.notice();
  // 音声案内 on the right of the heading, before a visit (then it is in 言語・見やすさ): one tap
  // for a resident who cannot read the screen, or any key of the keypad (keypad_focus.hpp).
  const float voice_w = 440.0F;
  const bool voice_button = told.empty() && !session.in_visit();
  const float top = told.empty() ? welcome_heading(session, ui, voice_button ? voice_w : 0.0F)
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
      if (state.group != group.group) state.welcome_page = 0;
      state.group = group.group;
    }
  }
  if (with_help && ui.button("help", help_label, ImVec2(kMargin, bottom - help_h),
                             ImVec2(group_w, help_h), ButtonStyle::Secondary)) {
    session.call_staff();
  }
  // Right: the chosen group's procedures, in two columns, a page at a time when they do not fit.
  procedure_buttons(session, ui, state, kMargin + group_w + 60.0F, top, bottom, gap);
  // Drawn after the procedures, so the keypad's focus comes to it after them (the resident
  // who needs it has turned it on already).
  if (voice_button) voice_choice(session, ui, voice_w);
  // The staff's way in, where no resident's data is on screen (between visits): the bottom-right
  // corner, right of the procedures, held for three seconds, opens the staff's code pad.
  if (!session.in_visit() && session.sign_in().pad_available(Session::CodePad::Staff)) {
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

}  // namespace madoguchi::kiosk::ui::screens
