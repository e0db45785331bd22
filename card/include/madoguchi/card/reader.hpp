// Card readers (a PC/SC context on pcscd) and a session with one My Number card.
//
// Typical kiosk flow, on a worker thread:
//   auto readers = CardReaders::open();
//   auto reader = readers->wait_for_card(30s);
//   auto card = readers->connect(*reader);          // SELECT 券面事項入力補助AP
//   auto tries = card->pin_tries_left();            // warn at 1, send to counter at 0
//   card->verify_pin(pin);                          // never spends the last try
//   auto info = card->read_basic_info();
//   card->end_session();                            // unpowers: the VERIFY is forgotten
//
// Threading: use one CardReaders (and the cards it connected) from one thread at a
// time. cancel() is the exception: it may be called from any thread to wake a
// wait_for_card()/wait_for_removal() blocked in another.
#pragma once

#include <chrono>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/card/basic_info.hpp"
#include "madoguchi/card/card_error.hpp"
#include "madoguchi/card/certificate.hpp"
#include "madoguchi/card/my_number.hpp"
#include "madoguchi/card/pin.hpp"

namespace madoguchi::card {

class MyNumberCard;

class CardReaders {
 public:
  // SCardEstablishContext. NoReaderService when pcscd is not running.
  static std::expected<CardReaders, CardError> open();

  ~CardReaders();
  CardReaders(CardReaders&&) noexcept;
  CardReaders& operator=(CardReaders&&) noexcept;
  CardReaders(const CardReaders&) = delete;
  CardReaders& operator=(const CardReaders&) = delete;

  // Names of the connected readers. NoReader when there are none.
  std::expected<std::vector<std::string>, CardError> list();

  // Blocks until a card is present in `preferred` (any reader when empty) and returns
  // that reader's name. Readers plugged in during the wait are watched too.
  // Timeout when `timeout` passes or cancel() is called.
  std::expected<std::string, CardError> wait_for_card(std::chrono::milliseconds timeout,
                                                      const std::string& preferred = "");

  std::expected<bool, CardError> card_present(const std::string& reader);

  // Blocks until the card leaves `reader` (true) or `timeout` passes or cancel() is
  // called (false). A reader that disappears counts as the card leaving.
  std::expected<bool, CardError> wait_for_removal(const std::string& reader,
                                                  std::chrono::milliseconds timeout);

  // Connects exclusively (T=0 or T=1) and selects the 券面事項入力補助AP. A card that
  // refuses the SELECT is left untouched (SCARD_LEAVE_CARD) and gives NotMyNumberCard.
  std::expected<MyNumberCard, CardError> connect(const std::string& reader);

  // SCardCancel: wakes a wait blocked in another thread.
  void cancel();

  struct Context;  // the PC/SC context, shared with the cards connected through it

 private:
  explicit CardReaders(std::shared_ptr<Context> context);
  std::shared_ptr<Context> context_;
};

// One resident's session with one card. Move-only; the destructor ends the session.
class MyNumberCard {
 public:
  ~MyNumberCard();
  MyNumberCard(MyNumberCard&&) noexcept;
  MyNumberCard& operator=(MyNumberCard&&) noexcept;
  MyNumberCard(const MyNumberCard&) = delete;
  MyNumberCard& operator=(const MyNumberCard&) = delete;

  // PIN tries left, spending none (SELECT EF 0011 if needed + empty VERIFY).
  // PinBlocked (tries_left 0) when no try is left.
  std::expected<int, CardError> pin_tries_left();

  // Checks the tries first: at one try left it returns PinLastTry and sends no VERIFY.
  // `pin` must be 4 ASCII digits (Pin::full), else PinWrong (tries_left -1) and nothing is sent.
  // Wrong PIN: PinWrong with tries_left. Blocked: PinBlocked.
  std::expected<void, CardError> verify_pin(const Pin& pin);

  // SELECT EF 0002 + READ BINARY (more READs only if the object is longer than 256
  // bytes), then parse_basic_info. AccessDenied when the PIN was not verified.
  std::expected<BasicInfo, CardError> read_basic_info();

  // SELECT EF 0001 + READ BINARY (17 bytes), then parse_my_number. Call it only for a
  // procedure that needs the 個人番号; AccessDenied when the PIN was not verified.
  std::expected<MyNumber, CardError> read_my_number();

  // The JPKI 利用者証明用電子証明書 (no PIN needed): SELECT JPKI-AP, SELECT EF 000A,
  // READ 4 bytes for the size, READ the rest; then back to the 券面事項入力補助AP.
  // Read it before verify_pin: on a real card, selecting another AP may drop the
  // verified state of the 入力補助AP.
  std::expected<CertificateInfo, CardError> read_user_auth_certificate();
  // The JPKI 署名用パスワード's tries left (1..5), spending none: SELECT JPKI-AP, SELECT EF 001B,
  // the empty VERIFY, then back to the 券面事項入力補助AP. PinBlocked at 0. Like
  // read_user_auth_certificate, call it before verify_pin. The signature itself goes through
  // OpenSC (jpki_signer.hpp), never through this class.
  std::expected<int, CardError> sign_password_tries_left();

  // SCardDisconnect(SCARD_UNPOWER_CARD): the card forgets the VERIFY. Idempotent.
  void end_session();
  bool in_session() const;

  const std::string& reader_name() const;
  std::string_view protocol() const;  // "T=0" or "T=1"

  // One line per APDU: our label, the command header, Lc/Le, the status word and the
  // answer's length. Command and answer data (PIN, 個人番号, 基本4情報) never appear.
  const std::vector<std::string>& trace() const;
  int apdu_count() const;

  struct Session;  // the PC/SC card handle and what we know of the card's state

 private:
  friend class CardReaders;
  explicit MyNumberCard(std::unique_ptr<Session> session);
  std::unique_ptr<Session> session_;
};

}  // namespace madoguchi::card
