// What the device worker reports back to the session: what the card, the payment terminal and the
// printer did, one event each. The worker posts them; Session::on hands each to the phase it
// concerns (the card and the PIN, the money, the paper).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "madoguchi/kiosk/carried_my_number.hpp"
#include "madoguchi/kiosk/visit.hpp"

namespace madoguchi::kiosk {

enum class CardProblemKind {
  NoReader,         // no reader / card service
  NotMyNumberCard,  // some other card
  Removed,          // taken off the reader mid-way
  WrongPin,         // tries_left tells how many remain
  LastTry,          // one try left: the kiosk will not spend it
  Blocked,          // PIN blocked
  Unreadable,       // the card answered oddly
};
struct CardReady {
  int tries_left = 0;
};
struct CardProblem {
  CardProblemKind kind = CardProblemKind::Unreadable;
  int tries_left = -1;
};
struct IdentityRead {
  ResidentIdentity identity;
};
// Unknown: nobody knows whether money was taken (the desk's status checks did not settle it):
// nothing is printed and no new payment is offered; staff settle it from the journal.
// CashAtCounter: the resident pays in cash at the counter; a slip was journaled.
enum class PaymentStatus {
  Approved,
  Declined,
  Cancelled,
  Timeout,
  Unknown,
  Unavailable,
  Error,
  CashAtCounter
};
struct PaymentDone {
  PaymentStatus status = PaymentStatus::Error;
  std::string message;      // plain Japanese for the resident
  std::string method_used;  // e.g. クレジットカード
  std::string reference;    // terminal's transaction id
  std::string payment_id;   // the journal's id (SaleTransactionID), for staff and the slip
  std::string method{};     // for the town's numbers: card, emoney, qr ("" when not known)
};
// While printing: what the printer is doing, in plain words (out of paper, jammed: the job is
// held until staff fix it, then goes on by itself).
struct PrintProgressNote {
  std::string message;
  bool waiting_for_staff = false;  // a Blocking condition holds the job
};
struct RefundDone {
  bool refunded = false;
  std::string message;  // plain Japanese for the resident
};
struct PrintDone {
  bool ok = false;
  std::string message;  // plain Japanese when not ok
  std::vector<std::string> outputs;
  // When not ok: the printer confirmed that the application cannot come out any more (its jobs
  // canceled, or none was sent). Only then may the money be given back.
  bool refundable = false;
};
struct PrintCheck {
  unsigned check_id = 0;
  bool ok = false;
  std::string message;  // plain Japanese when not ok
};
struct CardRemoved {};
// A card was put back after WaitForCardBack: the same card (go on), or another one (the
// resident who was here is erased: the card of someone else must not see their answers).
struct CardBack {
  bool same_card = false;
};
// The kiosk restarted after a crash: these paid applications were kept in the outbox and go to
// the counter (their paper never came out). The welcome screen says so, by reception number
// only, for the resident who may still be standing there.
struct KeptForCounter {
  std::vector<std::string> reception_numbers;
};
// What became of 係員を呼ぶ's call: recorded in the back office, taken by a member of staff
// (係員が向かっています), or not possible from this kiosk (no back office, or unreachable).
struct StaffCallNews {
  enum class State { Sent, Taken, Unreachable };
  State state = State::Sent;
};
// What came of ReadMyNumber: the number, or why the card did not give it (removed, refused).
struct MyNumberRead {
  CarriedMyNumber number;                                 // empty when the card did not give it
  CardProblemKind problem = CardProblemKind::Unreadable;  // when empty
};
// What came of CheckSignature and SignApplication.
enum class SigningOutcome {
  Ready,          // CheckSignature: the card can sign; tries_left says how many tries are left
  Signed,         // SignApplication: the signed application waits with the worker
  WrongPassword,  // one try spent; tries_left after it
  LastTry,        // one try left (or none): the kiosk will not use the password
  NotThisCard,    // another card, or a certificate that names someone else
  NoSignature,    // the card has no usable 署名用電子証明書 (no JPKI signature token on it)
  Unavailable,    // the kiosk cannot sign now (its PKCS#11 module will not load): staff's business
  Failed,         // anything else: the resident goes to the counter
};
struct SigningNews {
  SigningOutcome outcome = SigningOutcome::Failed;
  int tries_left = -1;
};
using DeviceEvent = std::variant<CardReady, CardProblem, IdentityRead, PaymentDone, PrintDone,
                                 PrintCheck, CardRemoved, CardBack, RefundDone, PrintProgressNote,
                                 KeptForCounter, StaffCallNews, SigningNews, MyNumberRead>;

}  // namespace madoguchi::kiosk
