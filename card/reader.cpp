#include "madoguchi/card/reader.hpp"

#include <winscard.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <utility>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/card/status_word.hpp"
#include "madoguchi/card/tlv.hpp"
#include "madoguchi/wiping/wipe.hpp"
#include "reader_names.hpp"

namespace madoguchi::card {

struct CardReaders::Context {
  SCARDCONTEXT handle = 0;
  explicit Context(SCARDCONTEXT h) : handle(h) {}
  ~Context() { SCardReleaseContext(handle); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
};

namespace {

using Clock = std::chrono::steady_clock;

using detail::kReaderListChanges;

// A short READ BINARY answer: up to 256 data bytes + SW1 SW2.
constexpr std::size_t kShortAnswerSize = 256 + 2;

std::string pcsc_text(LONG rv) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%08lX", static_cast<unsigned long>(rv));
  return std::string(pcsc_stringify_error(rv)) + " (" + code + ")";
}

// What a PC/SC failure means for the kiosk. `doing` says what we were doing.
CardError pcsc_error(LONG rv, std::string_view doing) {
  const std::string context = std::string(doing) + ": " + pcsc_text(rv);
  switch (rv) {
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
      return {CardErrorKind::NoReaderService,
              "the card reader service (pcscd) is not running; " + context};
    case SCARD_E_NO_READERS_AVAILABLE:
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
      return {CardErrorKind::NoReader, context};
    case SCARD_E_NO_SMARTCARD:
    case SCARD_W_REMOVED_CARD:
    case SCARD_W_RESET_CARD:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_E_NOT_TRANSACTED:  // vpcd and contactless readers: the card left mid-exchange
      return {CardErrorKind::CardRemoved, "the card was removed; " + context};
    case SCARD_E_TIMEOUT:
      return {CardErrorKind::Timeout, context};
    case SCARD_E_CANCELLED:
      return {CardErrorKind::Timeout, "cancelled; " + context};
    default:
      return {CardErrorKind::Transport, context};
  }
}

DWORD to_pcsc_timeout(std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) return 0;
  constexpr long long kMax = 0x7FFFFFFF;  // well below INFINITE
  return static_cast<DWORD>(std::min<long long>(timeout.count(), kMax));
}

std::chrono::milliseconds remaining_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

std::unexpected<CardError> no_context() {
  return std::unexpected(
      CardError{CardErrorKind::Transport, "this CardReaders was moved from; open() a new one"});
}

// Overwrites bytes that held card data (and frees them).
void wipe_bytes(std::vector<std::uint8_t>& bytes) { wiping::wipe(bytes); }

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
  std::string text;
  for (const std::uint8_t b : bytes) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%s%02X", text.empty() ? "" : " ", b);
    text += hex;
  }
  return text;
}

// "00 20 00 80 Lc=04": the header and the lengths of a command, never its data.
std::string command_outline(std::span<const std::uint8_t> command) {
  std::string text = hex_bytes(command.first(std::min<std::size_t>(4, command.size())));
  if (command.size() == 5) {
    text += " Le=" + hex_bytes(command.subspan(4, 1));
  } else if (command.size() > 5) {
    text += " Lc=" + hex_bytes(command.subspan(4, 1));
    if (command.size() == 6u + command[4]) text += " Le=" + hex_bytes(command.last(1));
  }
  return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// MyNumberCard::Session: the card handle and what we know of the card's state.

struct MyNumberCard::Session {
  std::shared_ptr<CardReaders::Context> context;
  SCARDHANDLE handle = 0;
  DWORD protocol = 0;
  std::string reader;
  bool connected = false;
  std::optional<std::uint16_t> selected_file;  // EF selected under the AP, when known
  std::vector<std::string> trace;
  int apdu_count = 0;

  struct Answer {
    std::vector<std::uint8_t> data;
    StatusWord sw;
  };

  Session(std::shared_ptr<CardReaders::Context> c, SCARDHANDLE h, DWORD p, std::string r)
      : context(std::move(c)), handle(h), protocol(p), reader(std::move(r)), connected(true) {}
  ~Session() { disconnect(SCARD_UNPOWER_CARD); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void disconnect(DWORD disposition) {
    if (!connected) return;
    connected = false;
    selected_file.reset();
    SCardDisconnect(handle, disposition);
  }

  std::unexpected<CardError> session_ended() const {
    return std::unexpected(CardError{CardErrorKind::Transport,
                                     "the session with the card on " + reader + " has ended"});
  }

  // Sends one command. `label` names it in the trace and in error messages.
  std::expected<Answer, CardError> transmit(std::span<const std::uint8_t> command,
                                            std::string_view label) {
    if (!connected) return session_ended();
    std::array<std::uint8_t, kShortAnswerSize> buffer{};
    DWORD length = buffer.size();
    const SCARD_IO_REQUEST* pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    ++apdu_count;
    const LONG rv = SCardTransmit(handle, pci, command.data(), static_cast<DWORD>(command.size()),
                                  nullptr, buffer.data(), &length);
    const std::string outline = std::string(label) + ": " + command_outline(command);
    if (rv != SCARD_S_SUCCESS) {
      selected_file.reset();
      trace.push_back(outline + " -> " + pcsc_text(rv));
      return std::unexpected(pcsc_error(rv, label));
    }
    const auto sw = status_word_of(std::span(buffer).first(length));
    if (!sw) {
      wiping::wipe_bytes(buffer.data(), buffer.size());
      selected_file.reset();
      if (length == 0) {
        // Nothing at all came back: the card left the field after the command went out
        // (vpcd and contactless readers report a successful transmit of 0 bytes).
        trace.push_back(outline + " -> no answer (card gone)");
        return std::unexpected(CardError{
            CardErrorKind::CardRemoved,
            "the card was removed; " + std::string(label) + ": the card answered nothing"});
      }
      trace.push_back(outline + " -> answer without status word");
      return std::unexpected(CardError{
          CardErrorKind::Transport, std::string(label) + ": the card's answer has no status word"});
    }
    Answer answer{std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + (length - 2)), *sw};
    wiping::wipe_bytes(buffer.data(), buffer.size());
    trace.push_back(outline + " -> " + hex_bytes(std::array{sw->sw1, sw->sw2}) + ", " +
                    std::to_string(answer.data.size()) + " data bytes");
    return answer;
  }

  std::expected<void, CardError> select_file(std::uint16_t file, std::string_view label) {
    if (selected_file == file) return {};
    const auto high = static_cast<std::uint8_t>(file >> 8);
    const auto low = static_cast<std::uint8_t>(file & 0xFF);
    const std::array<std::uint8_t, 7> command = {0x00, 0xA4, 0x02, 0x0C, 0x02, high, low};
    auto answer = transmit(command, label);
    if (!answer) return std::unexpected(answer.error());
    if (!answer->sw.ok()) {
      selected_file.reset();
      return std::unexpected(CardError{CardErrorKind::UnexpectedStatus,
                                       std::string(label) + " answered " + describe(answer->sw)});
    }
    selected_file = file;
    return {};
  }

  // SELECT by DF name. Forgets the selected EF (it belonged to the previous AP).
  std::expected<StatusWord, CardError> select_application(std::span<const std::uint8_t> aid,
                                                          std::string_view label) {
    std::vector<std::uint8_t> command = {0x00, 0xA4, 0x04, 0x0C,
                                         static_cast<std::uint8_t>(aid.size())};
    command.insert(command.end(), aid.begin(), aid.end());
    selected_file.reset();
    auto answer = transmit(command, label);
    if (!answer) return std::unexpected(answer.error());
    return answer->sw;
  }

  std::expected<Answer, CardError> read_binary(std::size_t offset, std::size_t length) {
    const std::array<std::uint8_t, 5> command = {0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                                                 static_cast<std::uint8_t>(offset & 0xFF),
                                                 static_cast<std::uint8_t>(length & 0xFF)};
    return transmit(command, "READ BINARY");
  }
};

// ---------------------------------------------------------------------------------------
// CardReaders

CardReaders::CardReaders(std::shared_ptr<Context> context) : context_(std::move(context)) {}
CardReaders::~CardReaders() = default;
CardReaders::CardReaders(CardReaders&&) noexcept = default;
CardReaders& CardReaders::operator=(CardReaders&&) noexcept = default;

std::expected<CardReaders, CardError> CardReaders::open() {
  SCARDCONTEXT handle = 0;
  const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &handle);
  if (rv != SCARD_S_SUCCESS) {
    return std::unexpected(pcsc_error(rv, "connecting to the card reader service"));
  }
  return CardReaders(std::make_shared<Context>(handle));
}

LONG detail::list_reader_names(SCARDCONTEXT context, std::vector<std::string>& names) {
  names.clear();
  for (int attempt = 0; attempt < 3; ++attempt) {
    DWORD size = 0;
    LONG rv = SCardListReaders(context, nullptr, nullptr, &size);
    if (rv == SCARD_E_NO_READERS_AVAILABLE) return SCARD_S_SUCCESS;
    if (rv != SCARD_S_SUCCESS) return rv;
    std::vector<char> buffer(size);
    rv = SCardListReaders(context, nullptr, buffer.data(), &size);
    if (rv == SCARD_E_INSUFFICIENT_BUFFER) continue;  // a reader arrived in between
    if (rv == SCARD_E_NO_READERS_AVAILABLE) return SCARD_S_SUCCESS;
    if (rv != SCARD_S_SUCCESS) return rv;
    for (const char* name = buffer.data(); name < buffer.data() + size && *name != '\0';
         name += std::strlen(name) + 1) {
      names.emplace_back(name);
    }
    return SCARD_S_SUCCESS;
  }
  return SCARD_E_INSUFFICIENT_BUFFER;
}

std::expected<std::vector<std::string>, CardError> CardReaders::list() {
  if (!context_) return no_context();
  std::vector<std::string> readers;
  const LONG rv = detail::list_reader_names(context_->handle, readers);
  if (rv == SCARD_E_INSUFFICIENT_BUFFER) {
    return std::unexpected(CardError{CardErrorKind::Transport, "the reader list kept changing"});
  }
  if (rv != SCARD_S_SUCCESS) return std::unexpected(pcsc_error(rv, "listing card readers"));
  if (readers.empty()) {
    return std::unexpected(CardError{CardErrorKind::NoReader, "no card reader is connected"});
  }
  return readers;
}

std::expected<std::string, CardError> CardReaders::wait_for_card(std::chrono::milliseconds timeout,
                                                                 const std::string& preferred) {
  if (!context_) return no_context();
  const auto deadline = Clock::now() + timeout;
  while (true) {
    std::vector<std::string> watched;
    if (auto readers = list()) {
      for (auto& name : *readers) {
        if (preferred.empty() || name == preferred) watched.push_back(std::move(name));
      }
    } else if (readers.error().kind != CardErrorKind::NoReader) {
      return std::unexpected(readers.error());
    }

    // Current state of every watched reader, plus the reader-list pseudo-reader.
    std::vector<SCARD_READERSTATE> states(watched.size() + 1);
    for (std::size_t i = 0; i < watched.size(); ++i) {
      states[i].szReader = watched[i].c_str();
      states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    states.back().szReader = kReaderListChanges;
    states.back().dwCurrentState = SCARD_STATE_UNAWARE;
    LONG rv =
        SCardGetStatusChange(context_->handle, 0, states.data(), static_cast<DWORD>(states.size()));
    if (rv == SCARD_E_UNKNOWN_READER) continue;  // a reader left between list and wait
    if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
      return std::unexpected(pcsc_error(rv, "reading the card readers' state"));
    }
    for (std::size_t i = 0; i < watched.size(); ++i) {
      if (states[i].dwEventState & SCARD_STATE_PRESENT) return watched[i];
    }

    const auto left = remaining_until(deadline);
    if (left.count() == 0) {
      return std::unexpected(CardError{CardErrorKind::Timeout, "no card was placed in time"});
    }
    for (auto& state : states) state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    rv = SCardGetStatusChange(context_->handle, to_pcsc_timeout(left), states.data(),
                              static_cast<DWORD>(states.size()));
    if (rv == SCARD_E_TIMEOUT) {
      return std::unexpected(CardError{CardErrorKind::Timeout, "no card was placed in time"});
    }
    if (rv == SCARD_E_CANCELLED) {
      return std::unexpected(
          CardError{CardErrorKind::Timeout, "the wait for a card was cancelled"});
    }
    if (rv != SCARD_S_SUCCESS && rv != SCARD_E_UNKNOWN_READER) {
      return std::unexpected(pcsc_error(rv, "waiting for a card"));
    }
    // Something changed: look again (new readers included).
  }
}

std::expected<bool, CardError> CardReaders::card_present(const std::string& reader) {
  if (!context_) return no_context();
  SCARD_READERSTATE state{};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  const LONG rv = SCardGetStatusChange(context_->handle, 0, &state, 1);
  if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
    return std::unexpected(pcsc_error(rv, "reading the state of " + reader));
  }
  if (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) {
    return std::unexpected(CardError{CardErrorKind::NoReader, "no reader named " + reader});
  }
  return (state.dwEventState & SCARD_STATE_PRESENT) != 0;
}

std::expected<bool, CardError> CardReaders::wait_for_removal(const std::string& reader,
                                                             std::chrono::milliseconds timeout) {
  if (!context_) return no_context();
  const auto deadline = Clock::now() + timeout;
  SCARD_READERSTATE state{};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  while (true) {
    const LONG rv = SCardGetStatusChange(context_->handle,
                                         to_pcsc_timeout(remaining_until(deadline)), &state, 1);
    if (rv == SCARD_E_UNKNOWN_READER) return true;  // the reader itself is gone
    if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED) return false;
    if (rv != SCARD_S_SUCCESS) {
      return std::unexpected(pcsc_error(rv, "waiting for the card to leave " + reader));
    }
    if (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) return true;
    if (!(state.dwEventState & SCARD_STATE_PRESENT)) return true;
    if (remaining_until(deadline).count() == 0) return false;
    state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
  }
}

std::expected<MyNumberCard, CardError> CardReaders::connect(const std::string& reader) {
  if (!context_) return no_context();
  SCARDHANDLE handle = 0;
  DWORD protocol = 0;
  const LONG rv = SCardConnect(context_->handle, reader.c_str(), SCARD_SHARE_EXCLUSIVE,
                               SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &handle, &protocol);
  if (rv != SCARD_S_SUCCESS) {
    const std::string doing = "connecting to the card on " + reader;
    switch (rv) {
      case SCARD_E_NO_SMARTCARD:
      case SCARD_W_REMOVED_CARD:
        return std::unexpected(CardError{CardErrorKind::NoCard, "no card on " + reader});
      case SCARD_W_UNRESPONSIVE_CARD:
      case SCARD_W_UNPOWERED_CARD:
      case SCARD_W_UNSUPPORTED_CARD:
        return std::unexpected(CardError{
            CardErrorKind::NoCard, "the card does not answer; " + doing + ": " + pcsc_text(rv)});
      case SCARD_E_SHARING_VIOLATION:
        return std::unexpected(
            CardError{CardErrorKind::Transport, "another program is using the card; " + doing});
      default:
        return std::unexpected(pcsc_error(rv, doing));
    }
  }
  auto session = std::make_unique<MyNumberCard::Session>(context_, handle, protocol, reader);

  std::array<std::uint8_t, 5 + kInputSupportAid.size()> select = {
      0x00, 0xA4, 0x04, 0x0C, static_cast<std::uint8_t>(kInputSupportAid.size())};
  std::copy(kInputSupportAid.begin(), kInputSupportAid.end(), select.begin() + 5);
  const auto answer = session->transmit(select, "SELECT 券面事項入力補助AP");
  if (!answer) {
    session->disconnect(SCARD_LEAVE_CARD);
    return std::unexpected(answer.error());
  }
  if (!answer->sw.ok()) {
    // Not ours to touch: leave the card as it is (no reset, no power-down).
    session->disconnect(SCARD_LEAVE_CARD);
    return std::unexpected(CardError{
        CardErrorKind::NotMyNumberCard,
        "the card on " + reader + " is not a My Number card (SELECT 券面事項入力補助AP answered " +
            describe(answer->sw) + ")"});
  }
  return MyNumberCard(std::move(session));
}

void CardReaders::cancel() {
  if (context_) SCardCancel(context_->handle);
}

// ---------------------------------------------------------------------------------------
// MyNumberCard

MyNumberCard::MyNumberCard(std::unique_ptr<Session> session) : session_(std::move(session)) {}
MyNumberCard::~MyNumberCard() = default;  // Session's destructor unpowers the card
MyNumberCard::MyNumberCard(MyNumberCard&&) noexcept = default;
MyNumberCard& MyNumberCard::operator=(MyNumberCard&&) noexcept = default;

namespace {

// The JPKI-AP selected for as long as this lives, then the 券面事項入力補助AP again (whatever
// happened meanwhile), so that the card's other calls work.
class InsideJpki {
 public:
  explicit InsideJpki(MyNumberCard::Session& session) : session_(session) {}
  ~InsideJpki() {
    (void)session_.select_application(kInputSupportAid, "SELECT 券面事項入力補助AP");
  }
  InsideJpki(const InsideJpki&) = delete;
  InsideJpki& operator=(const InsideJpki&) = delete;

  // SELECT JPKI-AP; UnexpectedStatus when the card has none.
  std::expected<void, CardError> enter() {
    const auto jpki = session_.select_application(kJpkiAid, "SELECT JPKI-AP");
    if (!jpki) return std::unexpected(jpki.error());
    if (!jpki->ok()) {
      return std::unexpected(
          CardError{CardErrorKind::UnexpectedStatus,
                    "the card has no JPKI-AP (SELECT answered " + describe(*jpki) + ")"});
    }
    return {};
  }

 private:
  MyNumberCard::Session& session_;
};

// The tries left of the key EF just selected, spending none (the empty VERIFY). `max_tries` is
// what a card that is already verified in this power cycle has (90 00 instead of 63 Cx).
std::expected<int, CardError> query_tries(MyNumberCard::Session& session, int max_tries,
                                          const std::string& secret) {
  constexpr std::array<std::uint8_t, 4> kTriesQuery = {0x00, 0x20, 0x00, 0x80};
  const auto answer = session.transmit(kTriesQuery, "VERIFY (tries left)");
  if (!answer) return std::unexpected(answer.error());
  const StatusWord sw = answer->sw;
  if (const auto tries = tries_left(sw)) {
    if (*tries == 0) {
      return std::unexpected(
          CardError{CardErrorKind::PinBlocked, "the " + secret + " is blocked", 0});
    }
    return *tries;
  }
  switch (classify(sw)) {
    case StatusClass::Success:
      return max_tries;
    case StatusClass::AuthenticationBlocked:
      return std::unexpected(CardError{CardErrorKind::PinBlocked,
                                       "the " + secret + " is blocked (" + describe(sw) + ")", 0});
    default:
      return std::unexpected(
          CardError{CardErrorKind::UnexpectedStatus,
                    "asking for the " + secret + " tries left answered " + describe(sw)});
  }
}

}  // namespace

std::expected<int, CardError> MyNumberCard::pin_tries_left() {
  if (!session_) return std::unexpected(CardError{CardErrorKind::Transport, "no session"});
  if (auto selected = session_->select_file(kPinFile, "SELECT EF 0011 (PIN)"); !selected) {
    return std::unexpected(selected.error());
  }
  return query_tries(*session_, kMaxPinTries, "PIN");
}

std::expected<int, CardError> MyNumberCard::sign_password_tries_left() {
  if (!session_) return std::unexpected(CardError{CardErrorKind::Transport, "no session"});
  InsideJpki jpki(*session_);
  if (auto entered = jpki.enter(); !entered) return std::unexpected(entered.error());
  if (auto selected =
          session_->select_file(kJpkiSignaturePasswordFile, "SELECT EF 001B (署名用パスワード)");
      !selected) {
    return std::unexpected(selected.error());
  }
  return query_tries(*session_, kMaxSignPasswordTries, "signature password");
}

std::expected<void, CardError> MyNumberCard::verify_pin(const Pin& pin) {
  if (!session_) return std::unexpected(CardError{CardErrorKind::Transport, "no session"});
  static_assert(Pin::kDigits == static_cast<std::size_t>(kPinLength));
  if (!pin.full()) {
    return std::unexpected(CardError{CardErrorKind::PinWrong,
                                     "the PIN must be 4 digits; nothing was sent to the card"});
  }
  const auto tries = pin_tries_left();
  if (!tries) return std::unexpected(tries.error());
  if (*tries <= 1) {
    return std::unexpected(CardError{
        CardErrorKind::PinLastTry,
        "only one PIN try is left; the kiosk does not spend it (nothing was sent)", *tries});
  }

  std::array<std::uint8_t, 5 + kPinLength> command = {0x00, 0x20, 0x00, 0x80, kPinLength};
  pin.reveal([&](std::string_view digits) {
    std::copy(digits.begin(), digits.end(), command.begin() + 5);
  });
  const auto answer = session_->transmit(command, "VERIFY PIN");
  wiping::wipe_bytes(command.data(), command.size());
  if (!answer) return std::unexpected(answer.error());

  const StatusWord sw = answer->sw;
  if (sw.ok()) return {};
  if (const auto left = tries_left(sw)) {
    if (*left == 0) {
      return std::unexpected(
          CardError{CardErrorKind::PinBlocked, "wrong PIN; the PIN is now blocked", 0});
    }
    return std::unexpected(CardError{CardErrorKind::PinWrong, "wrong PIN", *left});
  }
  if (classify(sw) == StatusClass::AuthenticationBlocked) {
    return std::unexpected(
        CardError{CardErrorKind::PinBlocked, "the PIN is blocked (" + describe(sw) + ")", 0});
  }
  return std::unexpected(
      CardError{CardErrorKind::UnexpectedStatus, "VERIFY answered " + describe(sw)});
}

std::expected<BasicInfo, CardError> MyNumberCard::read_basic_info() {
  if (!session_) return std::unexpected(CardError{CardErrorKind::Transport, "no session"});
  if (auto selected = session_->select_file(kBasicInfoFile, "SELECT EF 0002 (基本4情報)");
      !selected) {
    return std::unexpected(selected.error());
  }
  std::vector<std::uint8_t> file;
  const auto wipe_file = [&file] { wipe_bytes(file); };

  // One READ of up to 256 bytes usually holds the whole object; read on only if the
  // BER header says it is longer.
  auto first = session_->read_binary(0, 256);
  if (!first) return std::unexpected(first.error());
  if (classify(first->sw) == StatusClass::SecurityNotSatisfied) {
    return std::unexpected(CardError{
        CardErrorKind::AccessDenied,
        "the card refused to read the 基本4情報: the PIN has not been verified in this session (" +
            describe(first->sw) + ")"});
  }
  if (!first->sw.ok() && classify(first->sw) != StatusClass::EndOfFileWarning) {
    return std::unexpected(CardError{CardErrorKind::UnexpectedStatus,
                                     "READ BINARY of EF 0002 answered " + describe(first->sw)});
  }
  file = std::move(first->data);
  const auto header = parse_tlv_header(file);
  if (!header) {
    wipe_file();
    return std::unexpected(
        CardError{CardErrorKind::MalformedData, "EF 0002 (基本4情報): " + header.error().message});
  }
  while (file.size() < header->total_size()) {
    const std::size_t offset = file.size();
    if (offset > kMaxReadOffset) {
      wipe_file();
      return std::unexpected(CardError{CardErrorKind::MalformedData,
                                       "EF 0002 (基本4情報): the FF 20 object is longer than "
                                       "READ BINARY can reach"});
    }
    auto more =
        session_->read_binary(offset, std::min<std::size_t>(256, header->total_size() - offset));
    if (!more) {
      wipe_file();
      return std::unexpected(more.error());
    }
    const auto cls = classify(more->sw);
    const bool read_ok = cls == StatusClass::Success || cls == StatusClass::EndOfFileWarning;
    if (more->data.empty() || !read_ok) {
      wipe_file();
      if (cls == StatusClass::WrongParameters || (read_ok && more->data.empty())) {
        return std::unexpected(
            CardError{CardErrorKind::MalformedData,
                      "EF 0002 (基本4情報): the file ends at byte " + std::to_string(offset) +
                          " but its FF 20 object declares " + std::to_string(header->total_size()) +
                          " bytes (" + describe(more->sw) + ")"});
      }
      return std::unexpected(CardError{CardErrorKind::UnexpectedStatus,
                                       "READ BINARY of EF 0002 answered " + describe(more->sw)});
    }
    file.insert(file.end(), more->data.begin(), more->data.end());
    wipe_bytes(more->data);
  }
  auto info = parse_basic_info(file);
  wipe_file();
  return info;
}

std::expected<MyNumber, CardError> MyNumberCard::read_my_number() {
  if (!session_) return std::unexpected(CardError{CardErrorKind::Transport, "no session"});
  if (auto selected = session_->select_file(kMyNumberFile, "SELECT EF 0001 (個人番号)");
      !selected) {
    return std::unexpected(selected.error());
  }
  // The file is 17 bytes (15-byte object + FF FF); ask for exactly that, as the
  // reference tools do.
  auto read = session_->read_binary(0, 17);
  if (!read) return std::unexpected(read.error());
  const auto wipe = [&read] { wipe_bytes(read->data); };
  if (classify(read->sw) == StatusClass::SecurityNotSatisfied) {
    wipe();
    return std::unexpected(CardError{
        CardErrorKind::AccessDenied,
        "the card refused to read the 個人番号: the PIN has not been verified in this session (" +
            describe(read->sw) + ")"});
  }
  if (!read->sw.ok() && classify(read->sw) != StatusClass::EndOfFileWarning) {
    wipe();
    return std::unexpected(CardError{CardErrorKind::UnexpectedStatus,
                                     "READ BINARY of EF 0001 answered " + describe(read->sw)});
  }
  auto number = parse_my_number(read->data);
  wipe();
  return number;
}

std::expected<CertificateInfo, CardError> MyNumberCard::read_user_auth_certificate() {
  if (!session_) return std::unexpected(CardError{CardErrorKind::Transport, "no session"});
  InsideJpki jpki(*session_);
  if (auto entered = jpki.enter(); !entered) return std::unexpected(entered.error());
  if (auto selected = session_->select_file(kJpkiUserAuthCertificateFile,
                                            "SELECT EF 000A (利用者証明用証明書)");
      !selected) {
    return std::unexpected(selected.error());
  }
  // READ 4 bytes (30 82 HH LL), then the rest, 256 bytes at a time (short Le).
  auto head = session_->read_binary(0, 4);
  if (!head) return std::unexpected(head.error());
  if (!head->sw.ok()) {
    return std::unexpected(CardError{CardErrorKind::UnexpectedStatus,
                                     "READ BINARY of EF 000A answered " + describe(head->sw)});
  }
  const auto size = der_size_from_prefix(head->data);
  if (!size) return std::unexpected(size.error());
  std::vector<std::uint8_t> der = std::move(head->data);
  while (der.size() < *size) {
    const std::size_t offset = der.size();
    if (offset > kMaxReadOffset) {
      return std::unexpected(
          CardError{CardErrorKind::MalformedData,
                    "EF 000A: the certificate is longer than READ BINARY reaches"});
    }
    auto more = session_->read_binary(offset, std::min<std::size_t>(256, *size - offset));
    if (!more) return std::unexpected(more.error());
    if (more->data.empty() ||
        (!more->sw.ok() && classify(more->sw) != StatusClass::EndOfFileWarning)) {
      return std::unexpected(CardError{
          CardErrorKind::MalformedData,
          "EF 000A ends at byte " + std::to_string(offset) + " but the certificate declares " +
              std::to_string(*size) + " bytes (" + describe(more->sw) + ")"});
    }
    der.insert(der.end(), more->data.begin(), more->data.end());
  }
  return parse_certificate(der);
}

void MyNumberCard::end_session() {
  if (session_) session_->disconnect(SCARD_UNPOWER_CARD);
}

bool MyNumberCard::in_session() const { return session_ && session_->connected; }

const std::string& MyNumberCard::reader_name() const {
  static const std::string kNone;
  return session_ ? session_->reader : kNone;
}

std::string_view MyNumberCard::protocol() const {
  if (!session_) return "";
  return session_->protocol == SCARD_PROTOCOL_T0 ? "T=0" : "T=1";
}

const std::vector<std::string>& MyNumberCard::trace() const {
  static const std::vector<std::string> kEmpty;
  return session_ ? session_->trace : kEmpty;
}

int MyNumberCard::apdu_count() const { return session_ ? session_->apdu_count : 0; }

}  // namespace madoguchi::card
