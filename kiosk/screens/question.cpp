// One question of the procedure: a number, a choice, or a typed answer on the kana keyboard.
#include "screen_parts.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "keyboards.hpp"
#include "madoguchi/kiosk/typing.hpp"

namespace madoguchi::kiosk::ui::screens {

namespace {

// Words the procedure files take from the kiosk: a yes/no question's buttons by default, and
// the units of number questions.
[[maybe_unused]] constexpr const char* kProcedureWords[] = {say("はい"), say("いいえ"), say("通"),
                                                            say("人"), say("週")};

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

// Which help texts a question shows. Choices keep their room: the question's help text goes
// first when they need it, then the choices' own help (in やさしい日本語 with furigana, or with
// 文字を大きく, a long list did not fit even in three columns); the question's help comes back
// if that leaves it room.
struct HelpShown {
  bool question = false;
  bool choices = true;
};

HelpShown help_that_fits(const Session& session, Ui& ui, const forms::Question& q, float y) {
  const forms::Language language = session.view().procedure_language();
  const std::string_view help = q.helps.in(language);
  bool show_help = !help.empty();
  bool choice_helps = true;
  if (q.kind != forms::QuestionKind::Choice && q.kind != forms::QuestionKind::YesNo) {
    return {show_help, choice_helps};
  }
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
  if (choice_layout(ui, q, language, top + help_h + 30.0F, true).fits) {
  } else if (choice_layout(ui, q, language, top + 30.0F, true).fits) {
    show_help = false;
  } else if (choice_layout(ui, q, language, top + help_h + 30.0F, false).fits) {
    choice_helps = false;
  } else {
    show_help = false;
    choice_helps = false;
  }
  return {show_help, choice_helps};
}

// A number (copies): － and ＋ beside the number with its unit, and the range under them.
void number_answer(Session& session, Ui& ui, const forms::Question& q, const std::string& answer,
                   float y) {
  const auto& t = ui.theme();
  int value = answer.empty() ? q.min : std::atoi(answer.c_str());
  const float key = 170.0F;
  const float cy = ui.reach() ? y : std::max(y, 440.0F);  // 車いすの方: above the band
  if (ui.button("minus", ui.tr("－"), ImVec2(kMargin, cy), ImVec2(key, key), ButtonStyle::Key) &&
      value > q.min) {
    session.set_answer(std::to_string(value - 1));
  }
  // With 車いすの方 － and ＋ are in the band: the number at the margin, the range beside it.
  const ImVec2 box_min(ui.reach() ? kMargin : kMargin + key + 40.0F, cy);
  const ImVec2 box_max(box_min.x + 360.0F, cy + key);
  ui.rect(box_min, box_max, t.panel, 12.0F);
  ui.frame(box_min, box_max, t.border, 4.0F, 12.0F);
  const std::string shown = with_unit(ui, value, q.unit);
  const auto size = ui.measure(shown, TextSize::Huge);
  ui.text(shown, TextSize::Huge,
          ImVec2(box_min.x + (360.0F - size.x) * 0.5F, cy + (key - size.y) * 0.5F), t.text);
  if (ui.button("plus", ui.tr("＋"), ImVec2(box_max.x + 40.0F, cy), ImVec2(key, key),
                ButtonStyle::Key) &&
      value < q.max) {
    session.set_answer(std::to_string(value + 1));
  }
  const std::string range = ui.tr(
      "{min}〜{max}{unit}まで選べます",
      {{"min", std::to_string(q.min)}, {"max", std::to_string(q.max)}, {"unit", ui.tr(q.unit)}});
  if (ui.reach()) {
    ui.text(range, TextSize::Body, ImVec2(box_max.x + 40.0F, cy + 40.0F), t.muted_text,
            ui.screen().x - kMargin - box_max.x - 40.0F);
  } else {
    ui.text(range, TextSize::Body, ImVec2(kMargin, cy + key + 30.0F), t.muted_text);
  }
}

// The choices as buttons, in the columns choice_layout finds; the answer's is selected.
void choice_answers(Session& session, Ui& ui, const forms::Question& q, const std::string& answer,
                    float y, bool choice_helps) {
  const forms::Language language = session.view().procedure_language();
  const std::size_t n = q.choices.size();
  const ChoiceLayout layout = choice_layout(ui, q, language, y, choice_helps);
  const std::size_t columns = layout.columns;
  const float col_w = layout.width;
  const float h = layout.height;
  const float gap = layout.gap;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& choice = q.choices[i];
    const std::size_t row = i / columns;
    const std::size_t col = i % columns;
    const ImVec2 pos(kMargin + static_cast<float>(col) * (col_w + 40.0F),
                     y + static_cast<float>(row) * (h + gap));
    const bool selected = answer == choice.id;
    if (ui.button("choice:" + choice.id, ui.tr(choice.labels.in(language)), pos, ImVec2(col_w, h),
                  selected ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
                  choice_helps ? choice.helps.in(language) : "")) {
      session.set_answer(choice.id);
    }
  }
}

// Above the digit keypad (date, postal code, phone) the help text takes the lines the keys
// leave: in larger text, in a language with tall lines, its end is cut ("…") rather than the
// keys pushed into the footer.
std::string help_above_keypad(Ui& ui, const forms::Question& q, std::string_view help, float y) {
  const bool keypad = q.kind == forms::QuestionKind::Date ||
                      q.kind == forms::QuestionKind::PostalCode ||
                      q.kind == forms::QuestionKind::Phone;
  const float width = ui.screen().x - 2 * kMargin;
  const float room = footer_y(ui) - 16.0F - keypad_least_height() - 30.0F - y;
  if (!keypad || ui.text_height(help, TextSize::Body, width) <= room) return std::string(help);
  const float line = ui.text_height("あ", TextSize::Body, width);
  const auto lines = static_cast<std::size_t>(std::max(0.0F, room / line));
  return lines == 0 ? std::string() : ui.cut_to_lines(help, TextSize::Body, width, lines);
}

}  // namespace

void question(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  const auto* q = session.current_question();
  if (q == nullptr) return;
  const forms::Language language = session.view().procedure_language();
  const std::string_view help = q->helps.in(language);
  float y = heading(ui, q->titles.in(language));
  // The kana keyboard needs the height of the screen: there, a help text longer than a
  // line is left out (the title asks the question), and problems show beside the answer.
  const bool keyboard = full_keyboard(*q) && forms::may_change_answer(*q);
  const HelpShown helps = help_that_fits(session, ui, *q, y);
  const bool show_help = helps.question;
  const bool choice_helps = helps.choices;
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
      y += ui.text(help_above_keypad(ui, *q, help, y), TextSize::Body, ImVec2(kMargin, y),
                   t.muted_text, ui.screen().x - 2 * kMargin);
    }
    y += 30.0F;
  }
  const std::string answer = session.current_answer();
  const float width = ui.screen().x - 2 * kMargin;
  switch (q->kind) {
    case forms::QuestionKind::Number:
      number_answer(session, ui, *q, answer, y);
      break;
    case forms::QuestionKind::Choice:
    case forms::QuestionKind::YesNo:
      choice_answers(session, ui, *q, answer, y, choice_helps);
      break;
    case forms::QuestionKind::Date:
    case forms::QuestionKind::PostalCode:
    case forms::QuestionKind::Phone:
    case forms::QuestionKind::KanaText:
    case forms::QuestionKind::Text:
      if (!forms::may_change_answer(*q)) {
        // Prefilled from the card and not to be changed here: shown, with no keyboard, not said.
        const Ui::Unspoken quiet(ui);
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

}  // namespace madoguchi::kiosk::ui::screens
