// A completed application as the kiosk hands it to the back office, and how it is identified.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "madoguchi/card/my_number.hpp"

namespace madoguchi::submission {

// The fee of an application as the back office must know it. It can change after the commit (the
// resident takes the money back, or the paper did not come out and the counter hands it over);
// each change reaches the back office too.
enum class PaymentState {
  Free,             // no fee
  Paid,             // the terminal approved the fee
  CashAtCounter,    // the resident pays in cash at the counter (the slip says so)
  HandedToCounter,  // paid, but the paper did not come out here: the counter prints it
  Refunded          // paid, then given back: the application is withdrawn
};
// "free", "paid", "cash_at_counter", "handed_to_counter", "refunded".
std::string_view to_string(PaymentState state);
std::optional<PaymentState> payment_state_from(std::string_view name);

// What the kiosk commits once the resident has finished (and paid).
struct NewApplication {
  // Unique across every kiosk of the town and every year: new_application_id(). Letters, digits
  // and '-' only (it names files in a directory drop and print jobs).
  std::string application_id;
  std::string kiosk_id;          // which kiosk, e.g. "midori-honcho-1"
  std::string reception_number;  // on the slip and in its QR code, e.g. "0401-012"
  std::string procedure_id;      // e.g. "juminhyo"
  std::string form_json;         // the answers and the card's details, a JSON object
  std::string pdf;               // the application as printed
  // The resident's electronic signature over `pdf`, exactly those bytes: a detached CMS
  // SignedData (CAdES-BES, DER) made with the My Number card's 署名用電子証明書, which it
  // carries (its subjectAltName holds the name, address and birth date: personal data, sealed
  // in the outbox like the PDF). Empty: a paper application, signed by hand at the counter.
  std::string signature;
  std::chrono::system_clock::time_point created_at{};
  PaymentState payment_state = PaymentState::Paid;
  // Only for a procedure that needs it (needs_my_number); sealed with the outbox key, never
  // stored in clear. It must not appear in form_json.
  const card::MyNumber* my_number = nullptr;
};

// An application on its way out of the outbox.
struct OutgoingApplication {
  std::string application_id;
  std::string kiosk_id;
  std::string reception_number;
  std::string procedure_id;
  std::string form_json;
  std::string pdf;
  std::string pdf_sha256;                   // lower-case hex
  std::string signature;                    // DER CMS over pdf; "" for a paper application
  std::string created_at;                   // ISO 8601 UTC, "2026-12-01T01:32:05.123Z"
  std::optional<card::MyNumber> my_number;  // unsealed for the delivery only
  int attempts = 0;                         // deliveries tried before
  PaymentState payment_state = PaymentState::Paid;
  std::string payment_state_at;  // when it last changed, ISO 8601 UTC
  // Set when the application cannot be delivered as it is (its 個人番号 cannot be unsealed):
  // the courier records it as a failure instead of delivering a form without its number.
  std::string problem;
};

// What staff see when they look an application up (madoguchi_lookup). Never the 個人番号 itself.
struct ApplicationRecord {
  std::string application_id;
  std::string kiosk_id;
  std::string reception_number;
  std::string procedure_id;
  std::string form_json;   // unsealed; "" when it cannot be (form_note says why)
  std::string form_note;   // why form_json (and the PDF) could not be unsealed: no key, another key
  std::string created_at;  // ISO 8601 UTC
  std::size_t pdf_size = 0;
  std::string pdf_sha256;
  std::string pdf;             // the bytes, when the lookup asked for them
  bool has_signature = false;  // signed with the My Number card (else a paper application)
  std::size_t signature_size = 0;
  std::string signature;         // the DER CMS, when the lookup asked for the PDF (with_pdf)
  std::string payment_state;     // to_string(PaymentState); "" where it was not recorded
  std::string payment_state_at;  // ISO 8601 UTC

  // Where it is: in the outbox, "pending" or "delivered"; in the back office's inbox, "received".
  std::string status;
  std::string delivered_at;  // or received_at in the inbox; ISO 8601 UTC
  std::string delivered_to;  // the inbox it went to (no password)
  int attempts = 0;
  std::string last_error;

  bool has_my_number = false;    // the procedure came with a 個人番号
  std::string my_number_masked;  // "●●●●●●●●9012", or "" (see my_number_note)
  std::string my_number_note;    // why it is not shown: removed after delivery, wrong key, ...
};

// A fresh random id (UUID version 4, lower case), e.g. "5f0c1b2a-9d7e-4c1e-8a51-1f1d2c3b4a59".
std::string new_application_id();

// 1..64 characters of [A-Za-z0-9-].
bool valid_application_id(std::string_view id);

// "2026-12-01T01:32:05.123Z".
std::string iso8601_utc(std::chrono::system_clock::time_point when);

// SHA-256 of the bytes, lower-case hex.
std::string sha256_hex(std::string_view bytes);

// The reception number in a scanned slip QR code ("madoguchi:reception:0401-012"), or the text
// itself when it is a typed number.
std::string reception_number_from_scan(std::string_view scanned);

}  // namespace madoguchi::submission
