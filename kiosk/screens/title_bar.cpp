// The bar over every screen: the town or the procedure, the step counter, 言語・見やすさ and
// 係員を呼ぶ; and the volunteer's hidden way in, its top-left corner.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "madoguchi/kiosk/typing.hpp"
#include "screens.hpp"

namespace madoguchi::kiosk::ui::screens {

namespace {

// What 係員を呼ぶ says of the call: the resident sees that it went, and then that someone is
// coming — or that this kiosk cannot call, so they ask at the counter.
const char* call_staff_label(Session::StaffCall call) {
  switch (call) {
    case Session::StaffCall::None:
      return say("係員を呼ぶ");
    case Session::StaffCall::Calling:
    case Session::StaffCall::Called:
      return say("係員を呼びました");
    case Session::StaffCall::Coming:
      return say("係員が向かいます");
    case Session::StaffCall::Unreachable:
      return say("窓口へどうぞ");
  }
  return say("係員を呼ぶ");
}

}  // namespace

void title_bar(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  // The header is the same on every screen: the voice says the screen, not the town's name and
  // the step each time (its buttons are targets all the same).
  const Ui::Unspoken quiet(ui);
  ui.rect(ImVec2(0, 0), ImVec2(ui.screen().x, kHeaderHeight), t.header);
  // The volunteer's way in, out of a resident's way: three taps on the top-left corner within
  // three seconds open the code pad (only where the town has a volunteer roster).
  if (!session.sign_in().assisting() &&
      session.sign_in().pad_available(Session::CodePad::Volunteer) &&
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
    for (const std::string_view end : {"申請", "届", "届出", "請求", "申出", "申込"}) {
      if (base.ends_with(end) && session.view().language() == 0) return name;
    }
    return ui.tr("{procedure}の申請", {{"procedure", name}});
  };
  if (session.procedure() != nullptr) {
    title = procedure_title(
        std::string(session.procedure()->titles.in(session.view().procedure_language())));
  }
  const int step = session.step_number();
  float right = ui.screen().x - 60.0F;
  // Room left of the language button, the step counter and 係員を呼ぶ: a long title loses
  // its （説明）.
  const float room = header_title_room(ui.screen().x);
  if (ui.measure(title, TextSize::Heading).x > room && session.procedure() != nullptr) {
    const std::string full(session.procedure()->titles.in(session.view().procedure_language()));
    const auto paren = full.find("（");
    if (paren != std::string::npos) title = procedure_title(full.substr(0, paren));
  }
  // While a volunteer assists, the title's place holds their menu: the steps, and the way out.
  if (session.sign_in().assisting()) {
    if (ui.button("assist_menu",
                  ui.tr("サポート中：{name}", {{"name", session.sign_in().volunteer().name}}),
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
    if (ui.button("call_staff", ui.tr(call_staff_label(session.staff_call())),
                  ImVec2(right - call_w, 17.0F), ImVec2(call_w, 96.0F), ButtonStyle::Secondary)) {
      session.call_staff();
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

}  // namespace madoguchi::kiosk::ui::screens

namespace madoguchi::kiosk::ui {

float header_height() { return screens::kHeaderHeight; }

float header_title_room(float screen_width) {
  return screen_width - 60.0F - 380.0F - 40.0F - 340.0F - 30.0F - 200.0F - 60.0F;
}

}  // namespace madoguchi::kiosk::ui
