// What the session asks of the device worker: one command per thing the card, the payment
// terminal or the printer is to do. The session only queues them (Session::take_commands); the
// worker runs them one at a time and reports what came of them as DeviceEvents
// (device_events.hpp).
#pragma once

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "madoguchi/card/pin.hpp"
#include "madoguchi/card/sign_password.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/carried_my_number.hpp"
#include "madoguchi/kiosk/visit.hpp"

namespace madoguchi::kiosk {

struct ConnectCard {};     // wait for a card, connect, read PIN tries left
struct VerifyPinAndRead {  // VERIFY (never the last try), then read 基本4情報
  card::Pin pin;           // wipes itself (moved, destroyed)
};
// The 個人番号, with the resident's consent, for a procedure that needs it: READ BINARY of EF
// 0001 of the 券面事項入力補助AP, in the card session whose PIN VerifyPinAndRead verified.
// Answered with MyNumberRead.
struct ReadMyNumber {};
// The fee through the terminal. The payment desk (journal + terminal) makes the transaction id
// and answers with PaymentDone; `attempt` only tells one tap of 支払う from the next.
struct TakePayment {
  unsigned attempt = 0;
  int amount_yen = 0;       // from the procedure's fee rules, never from the screen
  std::string description;  // "住民票の写し 1通": the terminal's receipt, the journal
  std::string reference;    // the procedure id: never personal data (the journal is a file)
};
// やめる on the Paying screen: the worker asks the terminal to stop at once (not queued).
struct AbortPayment {};
// 窓口で現金で払う: a slip the counter settles, journaled; no terminal call.
struct PayAtCounter {
  int amount_yen = 0;
  std::string description;
  std::string reference;
};
// After a print failure: the resident collects the document at the counter (slip with the
// transaction reference), or takes the money back.
// Both first withdraw what of the application is still at the printer (so it cannot come out
// later for whoever stands there); a refund goes ahead only once the printer confirms that the
// application can no longer print.
// A visit's applications paid together (転入届 with 国民健康保険 加入 …) go together: every
// reception number of the payment is listed.
struct HandToCounter {
  std::string payment_id;
  std::vector<std::string> reception_numbers;
};
struct RefundPayment {
  std::string payment_id;
  std::vector<std::string> reception_numbers;
};
// The resident left while the application was printing or could not be printed (the idle
// time-out, the card not put back): cancel its jobs at the printer, and hand a paid application
// to the counter as a crash does. Not queued behind a print in progress: it stops it.
struct ResidentLeft {
  std::vector<std::string> reception_numbers;
  std::string payment_id;       // the approved payment to hand to the counter; empty: none
  bool pay_at_counter = false;  // the fee is paid in cash at the counter anyway
};
// Submitting without paper, step 1: is the card the one read at the start, and how many tries
// of its 署名用パスワード are left (an empty VERIFY through the kiosk's reader: none spent)?
struct CheckSignature {};
// Step 2: the application drawn, and signed with the card's 署名用電子証明書 through OpenSC
// (card/jpki_signer.hpp). The signed PDF and its CMS stay with the worker for PrintDocuments.
struct SignApplication {
  card::SignPassword password;  // wipes itself
  forms::FilledForm form;       // with the visit's reception number
  std::string reception_number;
  ResidentIdentity holder;  // the certificate must name the resident read at the start
  std::chrono::system_clock::time_point signing_time;
};
// One application of a print: its form and what the slip and the outbox say of it.
struct ApplicationToPrint {
  forms::FilledForm form;  // the 個人番号 only in its grid's cells, never in field_values
  // Read from the card with the resident's consent (needs_my_number): sealed in the outbox with
  // the application. Empty: none (written at the counter, or not needed).
  CarriedMyNumber my_number;
  std::string reception_number;
  std::string procedure_id;
  std::string procedure_title;
  int fee_yen = 0;  // this application's share of the payment
  // Documents the kiosk cannot take, for the counter (the procedure's what_to_bring, in
  // Japanese): the slip lists them.
  std::vector<std::string> to_hand_in;
};
// The visit's applications paid with one payment: each committed and printed, then one slip
// listing every reception number. A signed application comes alone.
struct PrintDocuments {
  std::vector<ApplicationToPrint> applications;
  bool signed_application = false;  // submitted signed: the slip only is printed
  std::string payment_id;       // the desk's id of the approved payment: marked done once printed
  bool pay_at_counter = false;  // the fee is paid in cash at the counter (the slip says so)
  int fee_paid_yen = 0;         // the whole payment
  std::string payment_method;
  std::string issued_at;
};
// Draw the documents once, before any money is taken, and discard them: a form that
// cannot be printed (a character the font lacks, text that does not fit) must send the
// resident to the counter unpaid, never after the payment.
struct CheckPrintable {
  std::vector<forms::FilledForm> forms;       // filled with a placeholder reception number
  std::vector<std::string> procedure_titles;  // the slip's lines
  std::vector<std::string> to_hand_in;        // the forms' documents, as PrintDocuments has them
  int fee_yen = 0;
  unsigned check_id = 0;  // echoed in PrintCheck: a late answer to an older check is ignored
};
struct EndCard {};  // unpower the card, then watch for its removal
struct StopWaitingForCard {};
// The card was taken off after its details were read: wait for a card, and tell whether it is
// the same one (its 利用者証明用電子証明書, readable without a PIN, names it).
struct WaitForCardBack {};
// 係員を呼ぶ: a call to the counter's staff (counter/call_board.hpp), not queued behind the
// card, the payment or the printer. Where the resident is, never who.
struct CallStaff {
  std::string screen;  // the screen's id: "question"
  int step = 0;
  int steps = 0;
  std::string language;  // "ja", "ja-easy", "en"
  bool assisted = false;
};
// A procedure ended: an anonymous event for the town's numbers (counter/visit_book.hpp), sent to
// the back office on a thread of its own. How it went, never who.
struct RecordVisit {
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point ended;
  std::string procedure_id;
  std::string outcome;       // outcome_name(): printed, sent_to_counter, cancelled, ...
  std::string ended_screen;  // the screen's id where it ended
  int ended_step = 0;
  std::string language;
  std::vector<std::string> view_options;  // large_text, high_contrast
  bool assisted = false;
  int fee_yen = 0;      // what was paid and kept
  std::string payment;  // none, card, emoney, qr, cash_at_counter
};
using Command = std::variant<ConnectCard, VerifyPinAndRead, TakePayment, PrintDocuments,
                             CheckPrintable, EndCard, StopWaitingForCard, WaitForCardBack,
                             AbortPayment, PayAtCounter, HandToCounter, RefundPayment, ResidentLeft,
                             CallStaff, RecordVisit, CheckSignature, SignApplication, ReadMyNumber>;

}  // namespace madoguchi::kiosk
