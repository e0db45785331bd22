// The POI side of nexo Sale-to-POI as the terminal simulator plays it: logins, payments that wait
// for a (pretend) card, aborts, status inquiries, injected faults, and a ledger that makes a
// repeated SaleTransactionID answer with the earlier result instead of charging again.
// Pure logic: the server loop feeds it lines and carries out the actions it asks for.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger.hpp"
#include "madoguchi/payment/nexo_messages.hpp"

namespace madoguchi::payment::simulator {

using Clock = std::chrono::steady_clock;
using ConnectionId = int;

enum class Fault {
  None,
  Decline,             // the issuer refuses
  Insufficient,        // e-money balance too low
  Cancel,              // the resident presses cancel on the terminal
  Timeout,             // no card ever comes: no answer until an Abort
  DropBeforeResponse,  // the connection breaks before the terminal processes the payment
  DropAfterResponse,   // charged, but the connection breaks in the middle of the answer
  Unknown,             // 処理未了: charged, but the terminal answers "in progress"
  UnknownNotCharged,   // 処理未了 where the card was lifted before it was charged
  Offline,             // the terminal cannot reach the card networks
  Hang,                // the terminal's application freezes: reads requests, answers none
  Reboot,              // charges, then restarts before answering (the ledger survives)
  RebootBeforeCharge,  // restarts as the payment arrives, before the card is read
};
std::optional<Fault> fault_from_string(std::string_view name);
std::string_view to_string(Fault fault);

// What the server loop must do on a connection.
struct Action {
  // Reboot: close everything and start the terminal again (the ledger file survives).
  enum class Kind { Send, SendTruncatedAndClose, Close, Reboot };
  Kind kind = Kind::Send;
  ConnectionId connection = 0;
  std::string line;
};

struct TerminalSettings {
  std::string poi_id = "POI-1";
  Fault fault = Fault::None;
  std::chrono::milliseconds approve_delay{0};   // how long the pretend resident takes
  std::function<void(const std::string&)> log;  // one line per event; never card data
  // Whether the ledger is a file that survives a reboot (reboot faults need it).
  bool durable_ledger = false;
  std::chrono::milliseconds reboot_time{1000};  // how long a reboot keeps the port closed
  // The terminal gives up waiting for a card by itself after this long (0: never; it waits for
  // an Abort), answering Cancel.
  std::chrono::milliseconds card_timeout{0};
};

class SimulatedTerminal {
 public:
  SimulatedTerminal(Ledger ledger, TerminalSettings settings);

  void received(ConnectionId connection, std::string_view line, Clock::time_point now);
  // Completes the payments whose pretend card has arrived by `now`.
  void advance(Clock::time_point now);
  std::optional<Clock::time_point> next_deadline() const;
  std::vector<Action> take_actions();

  const TerminalSettings& settings() const { return settings_; }
  const Ledger& ledger() const { return ledger_; }

 private:
  struct Session {
    bool logged_in = false;
  };
  // A payment waiting for the card.
  struct Pending {
    ConnectionId connection = 0;
    nexo::MessageHeader request_header;
    LedgerEntry entry;
    std::string sale_timestamp;
    Fault fault = Fault::None;
    std::optional<Clock::time_point> due;
  };

  void on_control(ConnectionId connection, const nexo::Json& control);
  void on_login(ConnectionId connection, const nexo::MessageHeader& header);
  void on_payment(ConnectionId connection, const nexo::MessageHeader& header,
                  const nexo::Json& body, Clock::time_point now);
  void on_abort(ConnectionId connection, const nexo::MessageHeader& header, const nexo::Json& body);
  void on_transaction_status(ConnectionId connection, const nexo::MessageHeader& header,
                             const nexo::Json& body);
  void on_reversal(ConnectionId connection, const nexo::MessageHeader& header,
                   const nexo::Json& body);
  // A TransactionStatusRequest about a ReversalRequest: its result, with the amount given back.
  void on_reversal_status(ConnectionId connection, const nexo::MessageHeader& header,
                          const std::string& sale_id, const std::string& service_id);
  void on_reconciliation(ConnectionId connection, const nexo::MessageHeader& header,
                         const nexo::Json& body);
  void on_get_totals(ConnectionId connection, const nexo::MessageHeader& header,
                     const nexo::Json& body);
  nexo::Json transaction_totals(long long period, const std::string& sale_id) const;
  bool set_fault(Fault fault, nexo::Json& answer);
  void on_unsupported(ConnectionId connection, const nexo::MessageHeader& header);

  void complete(const Pending& payment);
  void finish(const Pending& payment, const char* state, const nexo::Json& response);
  void reject(ConnectionId connection, const nexo::MessageHeader& header,
              const std::string& error_condition, const std::string& message);
  void send(ConnectionId connection, const nexo::Json& message);
  void log(const std::string& line) const;

  Ledger ledger_;
  TerminalSettings settings_;
  std::map<std::string, Session> sessions_;  // by SaleID: each kiosk logs in once
  std::vector<Pending> pending_;
  std::vector<Action> actions_;
  // "SaleID@ServiceID" of a repeated ReversalRequest -> the reversal it repeated.
  std::map<std::string, std::string> repeated_reversals_;
};

}  // namespace madoguchi::payment::simulator
