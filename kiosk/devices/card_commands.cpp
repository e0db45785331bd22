#include <iostream>
#include <optional>
#include <thread>

#include "devices/worker_devices.hpp"
#include "madoguchi/card/reader.hpp"
#include "madoguchi/kiosk/device_worker.hpp"

namespace madoguchi::kiosk {

namespace {

CardProblemKind problem_kind(card::CardErrorKind kind) {
  using K = card::CardErrorKind;
  switch (kind) {
    case K::NoReaderService:
    case K::NoReader:
      return CardProblemKind::NoReader;
    case K::NoCard:
    case K::CardRemoved:
      return CardProblemKind::Removed;
    case K::NotMyNumberCard:
      return CardProblemKind::NotMyNumberCard;
    case K::PinWrong:
      return CardProblemKind::WrongPin;
    case K::PinBlocked:
      return CardProblemKind::Blocked;
    case K::PinLastTry:
      return CardProblemKind::LastTry;
    default:
      return CardProblemKind::Unreadable;
  }
}

CardProblem problem(const card::CardError& error) {
  return CardProblem{problem_kind(error.kind), error.tries_left};
}

}  // namespace

std::string card_fingerprint(card::MyNumberCard& card) {
  const auto certificate = card.read_user_auth_certificate();
  if (!certificate || certificate->serial_hex.empty()) return {};
  return certificate->issuer + "#" + certificate->serial_hex;
}

// ConnectCard: waits for a My Number card on the reader (a rejected card must leave first), then
// reads the PIN tries left and, before any VERIFY, the card's fingerprint.
void DeviceWorker::connect_card() {
  auto& d = *devices_;
  d.watch_removal = false;
  if (d.card) {
    d.card->end_session();
    d.card.reset();
  }
  if (!d.readers) {
    auto readers = card::CardReaders::open();
    if (!readers) {
      post(problem(readers.error()));
      return;
    }
    d.readers.emplace(std::move(*readers));
  }
  // A rejected card must leave the reader before we look again.
  std::optional<WaitingForResident> waiting(std::in_place, waiting_for_resident_);
  while (!d.rejected_reader.empty() && !stop_waiting_ && !shutdown_) {
    const auto removed =
        d.readers->wait_for_removal(d.rejected_reader, std::chrono::milliseconds(300));
    if (!removed || *removed) d.rejected_reader.clear();
  }
  std::string reader;
  while (!stop_waiting_ && !shutdown_) {
    auto found = d.readers->wait_for_card(std::chrono::milliseconds(300), settings_.reader);
    if (found) {
      reader = *found;
      break;
    }
    const auto kind = found.error().kind;
    if (kind == card::CardErrorKind::NoCard || kind == card::CardErrorKind::Timeout) continue;
    post(problem(found.error()));
    return;
  }
  waiting.reset();
  if (reader.empty()) return;  // stopped waiting
  d.reader_name = reader;
  auto connected = d.readers->connect(reader);
  if (!connected) {
    if (connected.error().kind == card::CardErrorKind::NotMyNumberCard) {
      d.rejected_reader = reader;
    }
    post(problem(connected.error()));
    return;
  }
  d.card.emplace(std::move(*connected));
  // Before the VERIFY: selecting the JPKI-AP afterwards could drop the verified state.
  d.card_fingerprint = card_fingerprint(*d.card);
  const auto tries = d.card->pin_tries_left();
  if (!tries) {
    post(problem(tries.error()));
    return;
  }
  post(CardReady{*tries});
  return;
}

// VerifyPinAndRead: the PIN is wiped as soon as the card has answered.
void DeviceWorker::verify_pin_and_read(VerifyPinAndRead& verify) {
  auto& d = *devices_;
  if (!d.card) {
    verify.pin.wipe();
    post(CardProblem{CardProblemKind::Removed, -1});
    return;
  }
  const auto verified = d.card->verify_pin(verify.pin);
  verify.pin.wipe();
  if (!verified) {
    post(problem(verified.error()));
    return;
  }
  auto info = d.card->read_basic_info();
  if (!info) {
    post(problem(info.error()));
    return;
  }
  IdentityRead read;
  read.identity = ResidentIdentity{std::move(info->name), std::move(info->address),
                                   std::move(info->birth_date), std::move(info->sex)};
  post(std::move(read));
  return;
}

// ReadMyNumber: the 個人番号 (EF 0001) in the card session whose PIN was verified; a card taken
// off, put back (a new session: no PIN) or refusing it answers with why, never the digits.
void DeviceWorker::read_my_number() {
  auto& d = *devices_;
  if (!d.card) {
    post(MyNumberRead{{}, CardProblemKind::Removed});
    return;
  }
  auto number = d.card->read_my_number();
  if (!number) {
    post(MyNumberRead{{}, problem_kind(number.error().kind)});
    return;
  }
  post(MyNumberRead{CarriedMyNumber(std::move(*number)), CardProblemKind::Unreadable});
}

// A card is put back: the same one goes on (its details are already read, so no PIN); any
// other My Number card ends the session. A card that is no My Number card must be taken off.
void DeviceWorker::wait_for_card_back() {
  auto& d = *devices_;
  d.watch_removal = false;
  if (d.card) {
    d.card->end_session();
    d.card.reset();
  }
  const WaitingForResident waiting(waiting_for_resident_);
  while (!stop_waiting_ && !shutdown_) {
    if (!d.readers) {
      auto readers = card::CardReaders::open();
      if (!readers) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // pcscd coming back
        continue;
      }
      d.readers.emplace(std::move(*readers));
    }
    if (!d.rejected_reader.empty()) {
      const auto removed =
          d.readers->wait_for_removal(d.rejected_reader, std::chrono::milliseconds(300));
      if (!removed || *removed) d.rejected_reader.clear();
      continue;
    }
    auto found = d.readers->wait_for_card(std::chrono::milliseconds(300), settings_.reader);
    if (!found) {
      const auto kind = found.error().kind;
      if (kind == card::CardErrorKind::NoReaderService) d.readers.reset();
      continue;
    }
    auto connected = d.readers->connect(*found);
    if (!connected) {
      if (connected.error().kind == card::CardErrorKind::NotMyNumberCard) {
        d.rejected_reader = *found;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // half-placed: try again
      }
      continue;
    }
    d.reader_name = *found;
    const std::string seen = card_fingerprint(*connected);
    const bool same = !seen.empty() && seen == d.card_fingerprint;
    if (same) {
      d.card.emplace(std::move(*connected));
    } else {
      connected->end_session();
      d.card_fingerprint.clear();
      d.watch_removal = true;  // the other card's removal is reported like any other
    }
    post(CardBack{same});
    return;
  }
}

// EndCard: the card unpowered (no VERIFY outlives the resident), then its removal watched.
void DeviceWorker::end_card() {
  auto& d = *devices_;
  d.signed_applications.clear();
  if (d.card) {
    d.card->end_session();
    d.card.reset();
  }
  d.watch_removal = true;
  return;
}

}  // namespace madoguchi::kiosk
