// The device worker's own state (kiosk/device_worker.hpp), shared by the files of the devices
// room that run its commands: device_worker.cpp (the thread, the queue), card_commands.cpp,
// money_commands.cpp and fulfilment.cpp. Not a public header.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "madoguchi/card/reader.hpp"
#include "madoguchi/card/reader_watch.hpp"
#include "madoguchi/kiosk/device_worker.hpp"
#include "madoguchi/payment/journal.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/payment/payment_desk.hpp"
#include "madoguchi/submission/courier.hpp"
#include "madoguchi/submission/outbox.hpp"

namespace madoguchi::kiosk {

struct DeviceWorker::Devices {
  std::optional<card::CardReaders> readers;
  std::optional<card::MyNumberCard> card;
  std::string reader_name;
  std::string rejected_reader;  // holds a card that is not a My Number card
  // Names the card whose details were read (the issuer and serial of its 利用者証明用電子証明書,
  // readable without a PIN), so that a card put back mid-way is known to be the same one.
  // Empty when the card has no readable certificate: then no card counts as the same.
  std::string card_fingerprint;
  bool watch_removal = false;
  std::unique_ptr<payment::NexoTerminal> terminal;
  std::optional<payment::PaymentJournal> journal;
  std::unique_ptr<payment::PaymentDesk> desk;
  // The outbox and its courier (destroyed first: it uses both): applications committed before
  // the resident is told 受け付けました, delivered to the back office in the background.
  std::optional<submission::Outbox> outbox;
  std::unique_ptr<submission::Inbox> inbox;
  std::unique_ptr<submission::Courier> courier;
  // Reception number → application id, so that a print retry neither commits nor prints twice.
  std::map<std::string, std::string> applications;
  // Document keys a print() of this run may have left at the printer (it sent a job, or could
  // not tell): only those need the printer to confirm a withdrawal.
  std::set<std::string> maybe_at_printer;
  // Applications signed with the card (SignApplication), by reception number, until
  // PrintDocuments commits them: the very PDF bytes the signature covers, and its CMS (DER).
  struct SignedApplication {
    wiping::WipingString pdf;
    std::string signature;
  };
  std::map<std::string, SignedApplication> signed_applications;
  // Reader and card events from pcscd, on the watch's own thread. Its callback only
  // raises reader_changed_ and wakes this worker, which does the card work itself.
  std::unique_ptr<card::ReaderWatch> watch;
};

// Names a card without its PIN: the issuer and serial of its 利用者証明用電子証明書 ("" when it has
// none readable). card_commands.cpp.
std::string card_fingerprint(card::MyNumberCard& card);

// Raises a flag while a command waits for the resident (a card to be placed or taken away):
// the worker is not busy then, the kiosk is simply waiting.
struct WaitingForResident {
  std::atomic<bool>& flag;
  explicit WaitingForResident(std::atomic<bool>& f) : flag(f) { flag = true; }
  ~WaitingForResident() { flag = false; }
  WaitingForResident(const WaitingForResident&) = delete;
  WaitingForResident& operator=(const WaitingForResident&) = delete;
};

}  // namespace madoguchi::kiosk
