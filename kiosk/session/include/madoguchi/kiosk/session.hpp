// The resident's session at the kiosk as a plain state machine: no UI, no
// devices. Screens call the resident actions; the device worker reports what
// the card, the payment terminal and the printer did; the session answers
// with commands for the device worker. Everything about the resident is
// erased when the session ends.
#pragma once

#include <chrono>
#include <deque>
#include <expected>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "madoguchi/card/pin.hpp"
#include "madoguchi/card/sign_password.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/resident.hpp"
#include "madoguchi/kiosk/code_lockout.hpp"
#include "madoguchi/kiosk/device_commands.hpp"
#include "madoguchi/kiosk/device_events.hpp"
#include "madoguchi/kiosk/idle_timer.hpp"
#include "madoguchi/kiosk/roster.hpp"
#include "madoguchi/kiosk/sign_in.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "madoguchi/kiosk/view_preferences.hpp"
#include "madoguchi/kiosk/visit.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk {

enum class Screen {
  Welcome,          // procedures as big buttons
  PlaceCard,        // カードを置いてください
  CheckingCard,     // reading the card (tries left)
  EnterPin,         // numeric keypad
  ReadingCard,      // verifying the PIN and reading the 基本4情報
  ConfirmIdentity,  // name, address, birth date, sex from the card
  MyNumberConsent,  // the 個人番号 on the form: read from the card, or written at the counter
  Question,         // one question per screen
  CheckAnswers,     // check your answers, Change per answer, the fee and the pay button
  Related,          // the procedures that usually follow this one, to tick
  HandIn,           // paper or signed with the card (a procedure that allows either)
  SignPassword,     // the 署名用パスワード on a large letter-and-digit keyboard
  Signing,          // the card checked, then the application signed through OpenSC
  Paying,           // follow the terminal
  PaymentProblem,   // declined / cancelled / terminal unavailable
  Printing,         // printing the application and the slip
  PrintProblem,     // printer fault after payment
  Refunding,        // the payment is being given back (the resident chose it after a fault)
  TakeCard,         // カードとお控えをお取りください
  Counter,          // please go to the counter (with the reason)
};
std::string_view screen_id(Screen screen);

// How a session ended, for the summary.
enum class Outcome {
  InProgress,
  Printed,
  Cancelled,
  SentToCounter,
  TimedOut,
  CardTakenAway,
  Refunded  // paid, not printed, and the money given back
};
std::string_view outcome_name(Outcome outcome);

class Session {
 public:
  explicit Session(std::vector<forms::Procedure> catalogue);

  // Where a procedure chosen from a catalogue of listings (forms::listing_of) is read whole: the
  // kiosk reads its file then; the message names the cause, for staff. Not needed when the
  // catalogue holds whole procedures.
  using ProcedureLoader =
      std::function<std::expected<forms::Procedure, std::string>(const forms::Procedure& listing)>;
  void set_procedure_loader(ProcedureLoader loader) { loader_ = std::move(loader); }

  // ---- what the screens show ----
  Screen screen() const { return screen_; }
  const std::vector<forms::Procedure>& catalogue() const { return catalogue_; }
  const forms::Procedure* procedure() const { return procedure_; }
  const ResidentIdentity& identity() const { return visit_.identity; }
  std::size_t pin_length() const { return pin_.size(); }
  static constexpr std::size_t kPinDigits = card::Pin::kDigits;
  int tries_left() const { return tries_left_; }
  // The message on the current screen, in the resident's language.
  std::string notice() const;

  // ---- the resident's language, kept for the session (日本語 again for the next one) ----
  void set_translations(std::shared_ptr<const Translations> translations);
  // The language, 文字を大きく and 画面を見やすく (high contrast), and which texts of the
  // procedure files to show (view_preferences.hpp): one tap each, kept for the session.
  ViewPreferences& view() { return view_; }
  const ViewPreferences& view() const { return view_; }
  // A sentence of the kiosk (written in Japanese) in the resident's language.
  std::string tr(std::string_view japanese, const Placeholders& placeholders = {}) const {
    return view_.tr(japanese, placeholders);
  }
  const forms::Question* current_question() const;
  std::string current_answer() const;
  const forms::Answers& answers() const { return visit_.answers; }
  // The questions asked one per screen: those to ask, less those whose answer was carried
  // from an earlier procedure of this visit (until the resident changes one).
  std::vector<const forms::Question*> questions() const;
  // Every question to ask, carried ones included: the check-your-answers screen.
  std::vector<const forms::Question*> summary_questions() const;
  bool carried_from_earlier(std::string_view question_id) const;
  // True after a first procedure of this visit: the card has been read, and shared answers
  // (電話番号, フリガナ…) are not asked again. Ends when the card is taken or on time-out.
  bool in_visit() const { return visit_.in_visit; }
  std::size_t procedures_done() const { return visit_.procedures_done; }
  forms::FeeQuote fee() const;
  // "3 / 7": confirm identity, the questions, check answers, fee.
  int step_number() const;
  int step_count() const;

  // 係員を呼ぶ, on every screen: a call to the counter's staff with where the resident is (the
  // screen's id and the step), the language and whether a volunteer is assisting; a second
  // press while a call is open does nothing. What became of it: None (not called in this visit),
  // Calling, Called (recorded), Coming (a member of staff took it), Unreachable (ask at the
  // counter).
  enum class StaffCall { None, Calling, Called, Coming, Unreachable };
  void call_staff();
  StaffCall staff_call() const { return staff_call_; }
  const std::string& reception_number() const { return visit_.reception_number; }
  // Every application of this payment's reception number, the bundle's first ones first.
  std::vector<std::string> reception_numbers() const;

  // ---- related procedures, one payment for them all (session_bundle.cpp) ----
  // On the Related screen: the procedures that usually follow this one, by the catalogue's
  // rules (forms/offers.hpp) from the card's birth date and the visit's answers; the ones the
  // resident ticks are answered next, and paid and printed with this one.
  std::vector<const forms::Procedure*> related_offers() const;
  void tick_related(std::string_view procedure_id);  // a second tap takes the tick away
  bool related_ticked(std::string_view procedure_id) const;
  void take_related();  // 続ける: the ticked ones next (none ticked: this one alone)
  // The applications answered before this one in the bundle, to pay with it.
  const std::vector<ReadyApplication>& bundle() const { return visit_.ready; }
  // Procedures ticked and still to answer.
  const std::vector<std::string>& queued() const { return visit_.queued; }
  // True when the check screen's button goes on to more (offers, the next procedure) rather
  // than to the payment.
  bool more_after_check() const;
  // The fee of every application of the payment: the bundle's and this one's.
  int visit_fee_yen() const;
  // What to do with the printed form (the take-card screen), in Japanese to translate: sign its
  // 自署 box first only where the procedure asks for a signature on paper.
  std::string hand_in_instruction() const;
  // ---- submitting without paper (session_signature.cpp) ----
  // How this procedure's application reaches the office: the procedure's own way, or what the
  // resident chose where it allows either (Paper until then).
  enum class Delivery { Paper, Signed };
  Delivery delivery() const { return delivery_; }
  bool signed_application() const { return application_signed_; }
  // On the HandIn screen: 紙に印刷する / 電子署名して送る.
  void choose_delivery(Delivery delivery);
  // The password keyboard: letters (a-z taken as A-Z) and digits; the characters never leave
  // the SignPassword (the screen sees only how many there are).
  void press_password_key(char key);
  void erase_password_key();
  void submit_password();  // 署名する
  std::size_t password_length() const { return password_.size(); }
  int sign_tries_left() const { return sign_tries_left_; }

  // ---- the 個人番号 on a form that needs it (session_my_number.cpp) ----
  // Asked once per procedure with needs_my_number, after the card's details are confirmed:
  // NotAsked until the resident chooses, Reading while the card is read, FromCard once read,
  // AtCounter when the cells are to stay empty (the resident's choice, or the card refused).
  enum class MyNumberChoice { NotAsked, Reading, FromCard, AtCounter };
  MyNumberChoice my_number_choice() const { return my_number_choice_; }
  // On the MyNumberConsent screen: カードから読み取る / 窓口で書く.
  void read_my_number();
  void write_my_number_at_counter();
  // The card did not give the number (taken off, refused): the consent screen says why and
  // offers only 窓口で書く.
  bool my_number_read_failed() const { return my_number_failed_; }
  // "●●●●●●●●2613" once read, else "": all a screen may show of it.
  std::string my_number_masked() const { return visit_.my_number.masked(); }

  const PaymentDone& payment() const { return payment_; }
  Outcome outcome() const { return outcome_; }
  bool returning_to_check() const { return return_to_check_; }

  // ---- resident actions ----
  void choose_procedure(std::string_view procedure_id);
  void press_digit(char digit);
  void erase_digit();
  void submit_pin();
  void confirm_identity();
  void set_answer(std::string value);  // current question's answer (validated on next());
                                       // ignored where the procedure's prefill is not editable
  void next();
  void back();
  void change(std::string_view question_id);
  void pay();
  void retry();
  // On the Paying screen: stop the terminal (the outcome still comes through PaymentDone).
  void cancel_payment();
  bool cancelling_payment() const { return cancelling_; }
  bool cash_requested() const { return cash_requested_; }
  // On the payment problem screen: pay the fee in cash at the counter instead.
  void pay_at_counter();
  bool paying_at_counter() const { return payment_.status == PaymentStatus::CashAtCounter; }
  // On the print problem screen, after a payment: the document at the counter, or the money back.
  void collect_at_counter();
  void refund();
  bool may_refund() const;
  void go_to_counter(std::string reason, Placeholders placeholders = {});
  // ---- idle time-out ----
  void set_idle(IdleSettings settings) { timer_.set_settings(settings); }
  const IdleSettings& idle() const { return timer_.settings(); }
  void touched();  // any touch on the screen: the resident is still here (not the dialog's)
  // Called by the loop at least once a second: opens the countdown when the resident has been
  // quiet too long, ends the session when it runs out. True when the screen should be redrawn.
  bool tick();
  bool idle_warning() const { return timer_.warning(); }
  int idle_seconds_left() const;
  void keep_going();  // 続ける on the countdown dialog
  // ---- the card taken off mid-way: a dialog asks for it back ----
  bool waiting_for_card_back() const { return timer_.card_away(); }
  int card_back_seconds_left() const;
  void give_up_waiting_for_card();  // やめる on that dialog: the session ends

  // ---- the code pads: the volunteer's (assist mode) and the staff's (the staff menu) ----
  // A hidden gesture opens a pad; the code is checked against the pad's roster (Argon2id,
  // roster.hpp) on a thread of its own, so the screen goes on drawing meanwhile. Three wrong
  // codes in a row lock that pad for five minutes, kept across restarts (code_lockout.hpp).
  using CodePad = SignIn::CodePad;
  using CodeAnswer = SignIn::CodeAnswer;
  void set_roster(CodePad pad, Roster roster, CodeLockout lockout = {});
  // Who is signed in, a check under way, whose roster has someone (sign_in.hpp); what changes
  // them goes through the session, which queues and times it.
  const SignIn& sign_in() const { return sign_in_; }
  // Starts the check of `code` (moved in, wiped once checked). The answer comes from
  // take_code_answer() once tick() has seen the check end. A staff code is taken only on the
  // welcome screen, between visits (no resident's data anywhere on the screen).
  void check_code(CodePad pad, std::string code);
  std::optional<CodeAnswer> take_code_answer() { return sign_in_.take_answer(); }
  int code_lock_seconds_left(CodePad pad) const;
  // Assist mode: starting it turns on 文字を大きく; it ends with the session.
  void end_assist();
  // The staff menu, open after a right staff code: 終了 stops the kiosk, 戻る closes it. Left
  // alone for kStaffMenuTimeout it closes by itself (tick), so the next resident never finds
  // 終了 on the welcome screen.
  static constexpr std::chrono::seconds kStaffMenuTimeout{60};
  void close_staff_menu() { sign_in_.close_staff_menu(); }
  void stop_kiosk() {
    sign_in_.stop_kiosk();
  }  // 終了: the loop ends and the kiosk exits 0, naming the staff member (sign_in().stopped_by())
  // Free navigation between the steps, while assisting and once the card has been read (never
  // on the PIN screen, never while the devices work): the details, any question, the check.
  bool may_jump() const;
  bool may_jump_to_check() const;  // every question asked has a well-formed answer
  void jump_to_identity();
  void jump_to_question(std::size_t index);  // index into questions()
  void jump_to_check();

  void finish();  // from TakeCard/Counter: back to the welcome screen once the card is gone
  // From TakeCard, with the card still on the reader: another procedure in the same visit,
  // without reading the card again ("続けてほかの手続きをする").
  void another_procedure();
  // From the welcome screen of a visit: end it (everything about the resident is erased).
  void end_visit();
  void time_out();
  // The reception number of the application the last resident left behind (walked away while it
  // printed or could not be printed), shown on the welcome screen; "" when there is none.
  const std::string& left_for_counter() const { return left_for_counter_; }

  // ---- devices ----
  void on(const DeviceEvent& event);  // to the handler below of the event's kind

  // Commands produced since the last call, in order.
  std::vector<Command> take_commands();

  // Where the reception number comes from (the kiosk's local store). It is taken once the
  // print check has passed and before any money is asked for, and kept for the payment's
  // retries and the print. A source that fails (or none at all) sends the resident to the
  // counter before any payment: the session never makes a number up. The source says the
  // fault on stderr itself (no resident data); the session only gets the reason.
  using ReceptionNumberSource = std::function<std::expected<std::string, std::string>()>;
  void set_reception_number_source(ReceptionNumberSource source);
  // The clock is injectable for tests.
  void set_clock(std::function<std::chrono::system_clock::time_point()> clock);
  // The town hall this kiosk serves (header text, the forms' addressee).
  void set_office(forms::Office office) { office_ = std::move(office); }
  const forms::Office& office() const { return office_; }

 private:
  // What the devices report, one handler per event (session_card.cpp, session_money.cpp,
  // session_paper.cpp); each ignores an event that comes too late for the screen shown.
  void handle(const CardReady& ready);
  void handle(const CardProblem& problem);
  void handle(const IdentityRead& read);
  void handle(const CardRemoved& removed);
  void handle(const CardBack& back);
  void handle(const PrintCheck& check);
  void handle(const PaymentDone& paid);
  void handle(const RefundDone& refunded);
  void handle(const PrintProgressNote& progress);
  void handle(const PrintDone& printed);
  void handle(const KeptForCounter& kept);
  void handle(const StaffCallNews& news);
  void handle(const SigningNews& news);
  void handle(const MyNumberRead& read);
  // After the card's details (and the 個人番号's choice, where asked): the first question, or
  // the check when there is none.
  void to_first_question();
  // The screen before the first question: the 個人番号's choice where the procedure needs it.
  Screen before_questions() const;
  // 戻る from the first question: the 個人番号's choice, asked again (the number read is wiped
  // until the resident chooses once more), or the card's details.
  void back_before_questions();
  // 支払う on the check screen, once the way of handing in is settled (and signed, if signed).
  void proceed_to_payment();
  void start_signature();
  // The card cannot sign (tries, no certificate): paper where the procedure allows it, else the
  // counter; nothing has been paid yet.
  void signature_refused(std::string reason);
  // A new resident starts (a procedure chosen outside a visit): a call answered before them —
  // staff came, or were out of reach — is not theirs; one still awaited stays.
  void forget_answered_staff_call();

  void go(Screen screen);
  // The visit's reception number, from the source the first time; false (and the resident sent
  // to the counter) when the source cannot give one.
  bool take_reception_number();
  void end_session(Outcome outcome);
  // How the procedure ended, noted once with where and how the resident was (RecordVisit); sent
  // when the procedure is wiped, with the fee as it then stands.
  void conclude(Outcome outcome);
  void send_visit_record();
  void wipe();  // the whole visit
  // The resident has gone (time-out, card not back, another card): ends the session, erases it,
  // and shows the welcome screen; an application printing or unprinted is withdrawn from the
  // printer and handed to the counter, and the welcome screen names its reception number only.
  void resident_gone(Outcome outcome);
  void wipe_procedure();  // this procedure only; the visit's identity and shared answers stay
  void start_printing();
  void send_payment();                  // the form is known to print: ask the terminal for the fee
  std::string fee_description() const;  // "住民票の写し 1通"
  void check_printable();
  // The visit's applications as the print and the check need them: the bundle's, then this one.
  struct Paper {
    const forms::Procedure* procedure;
    const forms::Answers* answers;
    const CarriedMyNumber* my_number;
    std::string* reception_number;
  };
  std::vector<Paper> papers();
  // "1207-001、1207-002": reception numbers as the screens' sentences name them.
  static std::string number_list(const std::vector<std::string>& numbers);
  // An application's form with this resident's facts and its answers.
  std::expected<forms::FilledForm, std::string> fill_form(
      const Paper& paper, const std::string& reception_number,
      std::chrono::system_clock::time_point when) const;
  std::size_t question_index(std::string_view id) const;

  // The procedure read whole for a listing (or the catalogue's own when it is whole); nullptr
  // when it cannot be read (the reason on stderr).
  const forms::Procedure* load_chosen(const forms::Procedure& listing);
  // Into the next ticked procedure: this one's answers join the bundle.
  void next_in_bundle();
  // 戻る before the first question of a bundled procedure: back to the previous one's check.
  void back_in_bundle();

  std::vector<forms::Procedure> catalogue_;
  ProcedureLoader loader_;
  std::deque<forms::Procedure> loaded_;  // this visit's procedures read whole (pointers stay)
  bool offers_decided_ = false;          // the Related screen answered for this procedure
  std::set<std::string, std::less<>> ticked_;
  const forms::Procedure* procedure_ = nullptr;
  Screen screen_ = Screen::Welcome;
  Visit visit_;  // the resident: identity, answers, reception number (visit.hpp)
  card::Pin pin_;
  int tries_left_ = -1;
  Delivery delivery_ = Delivery::Paper;
  MyNumberChoice my_number_choice_ = MyNumberChoice::NotAsked;
  bool my_number_failed_ = false;
  bool delivery_chosen_ = false;
  bool application_signed_ = false;
  card::SignPassword password_;
  int sign_tries_left_ = -1;
  std::chrono::system_clock::time_point signed_at_{};  // the form's date is the signature's
  std::string notice_;          // in Japanese (translated when shown) or already translated
  Placeholders notice_values_;  // filled into notice_ after translation
  ViewPreferences view_;        // language, larger text, high contrast (view_preferences.hpp)
  std::size_t question_ = 0;
  bool return_to_check_ = false;
  bool card_connected_ = false;
  unsigned payment_attempt_ = 0;
  bool cancelling_ = false;
  bool cash_requested_ = false;  // 窓口で現金で払う tapped, the slip not journaled yet
  PaymentDone payment_;
  bool print_refundable_ = false;  // the last PrintDone said the application cannot print now
  std::string left_for_counter_;
  Outcome outcome_ = Outcome::InProgress;
  std::chrono::system_clock::time_point procedure_started_{};
  std::vector<RecordVisit> endings_;  // concluded, not yet sent: one per application
  std::vector<Command> commands_;
  ReceptionNumberSource reception_source_;
  std::function<std::chrono::system_clock::time_point()> clock_;
  forms::Office office_;
  enum class PrintCheckState { NotChecked, Pending, Ok };
  PrintCheckState print_check_ = PrintCheckState::NotChecked;
  bool pay_when_checked_ = false;
  StaffCall staff_call_ = StaffCall::None;  // 支払う was tapped while the check was running
  unsigned check_id_ = 0;
  IdleTimer timer_;  // the idle time-out and the card-back wait (idle_timer.hpp)
  bool idle_applies() const;
  void card_taken_away();
  SignIn sign_in_;         // the code pads: volunteers and staff (sign_in.hpp)
  bool take_code_check();  // the check's result, once it is done; true when it was
};

}  // namespace madoguchi::kiosk
