// What the screens and dialogs share: the margins and the footer, the heading, a notice, the
// waiting spinner, the fee in yen; and the drawing function of each screen and dialog (one
// file each), which draw_screen (screens.cpp) picks from the session's state.
#pragma once

#include <string>
#include <string_view>

#include "madoguchi/kiosk/session.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace madoguchi::kiosk::ui::screens {

inline constexpr float kMargin = 120.0F;
inline constexpr float kHeaderHeight = 130.0F;
inline constexpr float kFooterButtonHeight = 120.0F;

// "1,200円" — in English "¥1,200" (the sentence {amount}円 in the language's file).
std::string yen(const Ui& ui, int amount);

// "2通" in Japanese; in a language whose unit is a word ("copies"), the number alone, since the
// question and the check screen's label already say what is counted.
std::string with_unit(const Ui& ui, int n, const std::string& unit);

// The top of the footer's buttons (戻る on the left, the screen's next step on the right).
float footer_y(const Ui& ui);
// How far down the words of a screen with only buttons in its footer may go: above the footer,
// or with 車いすの方 (its buttons in the band) down to the band.
float words_bottom(const Ui& ui);
bool back_button(Ui& ui, std::string_view label = say("戻る"));
bool primary_button(Ui& ui, std::string_view id, std::string_view label, float width = 560.0F);

// The screen's question or title, wrapped at `width` (0: between the margins).
float heading(Ui& ui, std::string_view text, float y = kHeaderHeight + 60.0F, float width = 0.0F);

// A message in a panel as high as its text (larger text and furigana included), `width` wide
// (0: between the margins).
float notice(Ui& ui, std::string_view text, float y, float width = 0.0F);

void spinner(Ui& ui, ImVec2 centre, float radius, double time_seconds);

// A title, a line under it and a spinner, each below the one before however long they are;
// returns the spinner's foot (without the spinner: the line's).
float busy(Ui& ui, std::string_view title, std::string_view detail, double time_seconds,
           bool with_spinner = true);

// The screen under a dialog, darkened below the header (it takes no taps meanwhile).
void dim_behind_dialog(Ui& ui);

// A dialog's card: the background with rounded corners and a border, `size` from `min`. It is
// recorded as a panel, so the audit measures the dialog's text against it.
void dialog_card(Ui& ui, ImVec2 min, ImVec2 size);

// The code pads open with nothing typed and no message; what was typed is wiped on close.
void open_code_pad(ScreenState& state, Session::CodePad pad);
void close_code_pad(ScreenState& state);

// The bar over every screen (title_bar.cpp).
void title_bar(Session& session, Ui& ui, ScreenState& state);

// The screens, in the order of a visit.
void welcome(Session& session, Ui& ui, ScreenState& state);
void place_card(Session& session, Ui& ui, double time_seconds);
void checking_card(Ui& ui, double time_seconds);  // waiting.cpp
void pin_entry(Session& session, Ui& ui, ScreenState& state);
void reading_card(Ui& ui, double time_seconds);  // waiting.cpp
void confirm_identity(Session& session, Ui& ui, ScreenState& state);
void my_number_consent(Session& session, Ui& ui, double time_seconds);
void question(Session& session, Ui& ui, ScreenState& state);
void check_answers(Session& session, Ui& ui, ScreenState& state);
void related_procedures(Session& session, Ui& ui);
void hand_in(Session& session, Ui& ui);
void sign_password(Session& session, Ui& ui);
void signing(Ui& ui, double time_seconds);  // waiting.cpp
void paying(Session& session, Ui& ui, double time_seconds);
void payment_problem(Session& session, Ui& ui);
void printing(Session& session, Ui& ui, double time_seconds);  // waiting.cpp
void print_problem(Session& session, Ui& ui);
void refunding(Ui& ui, double time_seconds);  // waiting.cpp
void take_card(Session& session, Ui& ui);
void counter(Session& session, Ui& ui);

// The dialogs over a screen.
void card_back_dialog(Session& session, Ui& ui, double time_seconds);
void idle_dialog(Session& session, Ui& ui);
void code_pad_dialog(Session& session, Ui& ui, ScreenState& state);
void staff_menu_dialog(Session& session, Ui& ui);
void assist_menu_dialog(Session& session, Ui& ui, ScreenState& state);
void view_options_dialog(Session& session, Ui& ui, ScreenState& state);

}  // namespace madoguchi::kiosk::ui::screens
