// The card side of a virtual My Number card: its files, its PIN counter and its answers
// to APDUs. No I/O; the vpcd link in main.cpp feeds it.
//
// Implemented (shared/reference/mynumber-card.md §1–3, §8.4):
//   SELECT by DF name (04 0C, or 04 00 with an FCI) of the 券面事項入力補助AP;
//   SELECT EF (02 0C) 0001, 0002, 0011;
//   VERIFY (P2 80 on the selected key EF, or 91 by SFI): empty -> 63 Cx, right PIN ->
//   90 00 and tries back to 3, wrong -> 63 Cx counting down, blocked -> 69 84;
//   READ BINARY by offset or by SFI (P1 8x): 69 82 before VERIFY, what is left when Le
//   asks for more, 6B 00 at or past the end.
//   Unknown AID/FID 6A 82, unknown INS 6D 00, CLA other than 00 6E 00.
//   JPKI-AP (reference §5, as OpenSC's jpki driver uses it): SELECT by DF name; EFs 000A
//   (利用者証明用電子証明書) and 0001 (署名用電子証明書), both issued on first use by the test CA
//   (test_certificate.hpp) with the card's own RSA-2048 keys, 000B and 0002 (the CA's
//   certificate), key EFs 0017 / 001A and PIN EFs 0018 (the 4-digit PIN, 3 tries) and 001B (the
//   署名用パスワード, 5 tries); READ BINARY of 0001 only after 001B is verified; VERIFY (P2 80 on
//   the selected PIN EF) as for the 入力補助AP; COMPUTE DIGITAL SIGNATURE (80 2A 00 80, the
//   DigestInfo as data, P1 00 only) with the selected key EF once its PIN is verified. A DF
//   change drops every verified PIN, as on real cards.
//
// Faults (Persona::faults) it handles itself: corrupt_length (the FF 20 header of EF 0002
// declares one byte fewer than the object has) and status_word at_apdu (that APDU is
// answered with the bare status word and changes nothing). Removal and delay are the
// vpcd link's business (main.cpp); it asks apdus_received() and removal_due().
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/card/jpki_ap.hpp"
#include "persona.hpp"
#include "test_certificate.hpp"

namespace madoguchi::card {

// 3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F: a contactless, PC/SC-synthesised ATR seen on
// real My Number cards (T=0 and T=1 offered; pcscd picks T=1).
inline constexpr std::uint8_t kDefaultMyNumberAtr[] = {0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05,
                                                       0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x7F};

class VirtualMyNumberCard {
 public:
  struct Behaviour {
    bool not_my_number = false;  // answer 6A 82 to the 券面事項入力補助AP: "some other card"
  };

  VirtualMyNumberCard(Persona persona, Behaviour behaviour);

  const std::vector<std::uint8_t>& atr() const { return atr_; }

  // Power off, power on and reset all clear the volatile state: the selected DF and EF
  // and the verified PIN. The tries counter is persistent.
  void power_off() { clear_volatile_state(); }
  void power_on() { clear_volatile_state(); }
  void reset() { clear_volatile_state(); }

  // C-APDU in, R-APDU (data + SW1 SW2) out. Counts the APDU.
  std::vector<std::uint8_t> respond(std::span<const std::uint8_t> command);

  // APDUs received so far (answered or not), counted from 1 for the life of the object.
  int apdus_received() const { return apdus_received_; }
  // True when the next APDU is the one at which the card leaves the reader (it is
  // counted, and not answered). Call once per incoming APDU, before respond().
  bool removal_due();

  int pin_tries_left() const { return tries_left_; }
  bool pin_verified() const { return verified_; }
  int sign_password_tries_left() const { return sign_tries_left_; }
  int signatures_made() const { return signatures_made_; }

  // Physical contents of the EFs, filler included (for tests).
  const std::vector<std::uint8_t>& my_number_file() const { return my_number_file_; }
  const std::vector<std::uint8_t>& basic_info_file() const { return basic_info_file_; }
  const std::vector<std::uint8_t>& jpki_auth_certificate() const;
  const std::vector<std::uint8_t>& jpki_signature_certificate() const;

 private:
  struct Command;

  std::vector<std::uint8_t> select(const Command& command);
  std::vector<std::uint8_t> verify(const Command& command);
  std::vector<std::uint8_t> read_binary(const Command& command);
  std::vector<std::uint8_t> verify_jpki(const Command& command);
  std::vector<std::uint8_t> compute_signature(const Command& command);
  const IssuedCertificate& jpki_certificate(CertificateUse use) const;
  const std::vector<std::uint8_t>* file_contents(std::uint16_t file) const;
  void clear_volatile_state();
  void corrupt_basic_info_length();

  Persona persona_;
  Behaviour behaviour_;
  std::vector<std::uint8_t> atr_;
  std::vector<std::uint8_t> my_number_file_;
  std::vector<std::uint8_t> basic_info_file_;
  int tries_left_;
  int apdus_received_ = 0;

  bool ap_selected_ = false;    // the 券面事項入力補助AP is the current DF
  bool jpki_selected_ = false;  // the JPKI-AP is the current DF
  // Made on first use (RSA key generation takes a while).
  mutable IssuedCertificate jpki_auth_;
  mutable IssuedCertificate jpki_signature_;
  std::vector<std::uint8_t> ca_certificate_;
  int auth_pin_tries_left_ = kMaxPinTries;
  int sign_tries_left_ = kMaxSignPasswordTries;
  bool auth_pin_verified_ = false;
  bool sign_password_verified_ = false;
  int signatures_made_ = 0;
  std::optional<std::uint16_t> current_file_;
  bool verified_ = false;
};

}  // namespace madoguchi::card
