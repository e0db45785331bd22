#include "simulated_terminal.hpp"

#include "answers.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <functional>
#include <utility>

namespace madoguchi::payment::simulator {

namespace {

using nexo::Json;
using nexo::MessageCategory;
using nexo::MessageHeader;

constexpr std::array<std::pair<Fault, std::string_view>, 13> kFaultNames{{
    {Fault::None, "none"},
    {Fault::Decline, "decline"},
    {Fault::Insufficient, "insufficient"},
    {Fault::Cancel, "cancel"},
    {Fault::Timeout, "timeout"},
    {Fault::DropBeforeResponse, "drop-before-response"},
    {Fault::DropAfterResponse, "drop-after-response"},
    {Fault::Unknown, "unknown"},
    {Fault::UnknownNotCharged, "unknown-not-charged"},
    {Fault::Offline, "offline"},
    {Fault::Hang, "hang"},
    {Fault::Reboot, "reboot"},
    {Fault::RebootBeforeCharge, "reboot-before-charge"},
}};

std::string brand_for(std::string_view instrument_type) {
  if (instrument_type == "StoredValue") return "TransitIC";
  if (instrument_type == "Mobile") return "QR";
  return "VISA";
}

// Six digits, stable for a given transaction.
std::string approval_code_for(const std::string& poi_transaction_id) {
  char code[8];
  std::snprintf(code, sizeof code, "%06zu", std::hash<std::string>{}(poi_transaction_id) % 1000000);
  return code;
}

Json payment_response(const MessageHeader& request_header, const LedgerEntry& entry,
                      const std::string& sale_timestamp, const nexo::ResponseStatus& status,
                      const std::string& poi_id) {
  Json body;
  body["Response"] = nexo::to_json(status);
  body["SaleData"]["SaleTransactionID"] = {{"TransactionID", entry.sale_transaction_id},
                                           {"TimeStamp", sale_timestamp}};
  body["POIData"]["POITransactionID"] = {{"TransactionID", entry.poi_transaction_id},
                                         {"TimeStamp", nexo::timestamp_now()}};
  if (status.success()) {
    body["PaymentResult"] = {
        {"PaymentType", "Normal"},
        {"PaymentInstrumentData",
         {{"PaymentInstrumentType", entry.method},
          {"CardData", {{"PaymentBrand", brand_for(entry.method)}, {"EntryMode", {"Tapped"}}}}}},
        {"AmountsResp", {{"Currency", nexo::kCurrency}, {"AuthorizedAmount", entry.amount_yen}}},
        {"PaymentAcquirerData",
         {{"AcquirerPOIID", poi_id},
          {"MerchantID", "MADOGUCHI-TOWN-HALL"},
          {"ApprovalCode", approval_code_for(entry.poi_transaction_id)}}},
    };
  }
  return nexo::envelope(response_header(request_header), std::move(body));
}

Json ledger_json(const Ledger& ledger) {
  Json entries = Json::array();
  for (const auto& entry : ledger.all()) {
    const auto reversal = entry.state == std::string(kApproved)
                              ? ledger.reversal_of(entry.poi_transaction_id)
                              : std::nullopt;
    entries.push_back({{"sale_id", entry.sale_id},
                       {"sale_transaction_id", entry.sale_transaction_id},
                       {"service_id", entry.service_id},
                       {"poi_transaction_id", entry.poi_transaction_id},
                       {"amount_yen", entry.amount_yen},
                       {"method", entry.method},
                       {"state", entry.state},
                       {"error_condition", entry.error_condition},
                       {"period", entry.period},
                       {"reversed", reversal.has_value()},
                       {"created_at", entry.created_at}});
  }
  return entries;
}

Json reversals_json(const Ledger& ledger) {
  Json entries = Json::array();
  for (const auto& reversal : ledger.reversals()) {
    entries.push_back({{"sale_id", reversal.sale_id},
                       {"reversal_id", reversal.reversal_id},
                       {"service_id", reversal.service_id},
                       {"original_poi_transaction_id", reversal.original_poi_transaction_id},
                       {"poi_transaction_id", reversal.poi_transaction_id},
                       {"amount_yen", reversal.amount_yen},
                       {"method", reversal.method},
                       {"reason", reversal.reason},
                       {"period", reversal.period},
                       {"created_at", reversal.created_at}});
  }
  return entries;
}

bool is_reboot(Fault fault) { return fault == Fault::Reboot || fault == Fault::RebootBeforeCharge; }

}  // namespace

std::optional<Fault> fault_from_string(std::string_view name) {
  for (const auto& [fault, known] : kFaultNames) {
    if (known == name) return fault;
  }
  return std::nullopt;
}

std::string_view to_string(Fault fault) {
  for (const auto& [value, name] : kFaultNames) {
    if (value == fault) return name;
  }
  return "none";
}

SimulatedTerminal::SimulatedTerminal(Ledger ledger, TerminalSettings settings)
    : ledger_(std::move(ledger)), settings_(std::move(settings)) {
  // Whatever was in progress when the terminal went down was never completed.
  for (const auto& entry : ledger_.in_progress()) {
    MessageHeader header;
    header.category = MessageCategory::Payment;
    header.service_id = entry.service_id;
    header.sale_id = entry.sale_id;
    header.poi_id = settings_.poi_id;
    const auto response =
        payment_response(header, entry, entry.created_at,
                         failure("Aborted", {{"message", "terminal restarted"}}), settings_.poi_id);
    ledger_.finish(entry.sale_id, entry.sale_transaction_id, kAborted, "Aborted",
                   nexo::serialize(response));
    log("restart: " + entry.sale_transaction_id + " was in progress, now Aborted");
  }
}

void SimulatedTerminal::received(ConnectionId connection, std::string_view line,
                                 Clock::time_point now) {
  const auto message = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded() || !message.is_object()) {
    log("ignored a line that is not a JSON object");
    return;
  }
  if (const Json* control = nexo::at_path(message, {"SimulatorControl"})) {
    on_control(connection, *control);
    return;
  }
  const auto header = nexo::header_of(message);
  const Json* body = nexo::body_of(message);
  if (!header || body == nullptr || header->message_type != "Request") {
    log("ignored a message: " + (header ? std::string("no body") : header.error()));
    return;
  }
  if (settings_.fault == Fault::Hang) {
    log("fault hang: " + std::string(nexo::to_string(header->category)) + " request (service " +
        header->service_id + ") read, never answered");
    return;
  }
  switch (header->category) {
    case MessageCategory::Login:
      on_login(connection, *header);
      break;
    case MessageCategory::Payment:
      on_payment(connection, *header, *body, now);
      break;
    case MessageCategory::Abort:
      on_abort(connection, *header, *body);
      break;
    case MessageCategory::TransactionStatus:
      on_transaction_status(connection, *header, *body);
      break;
    case MessageCategory::Reversal:
      on_reversal(connection, *header, *body);
      break;
    case MessageCategory::Reconciliation:
      on_reconciliation(connection, *header, *body);
      break;
    case MessageCategory::GetTotals:
      on_get_totals(connection, *header, *body);
      break;
    case MessageCategory::Logout:
      log("Logout from " + header->sale_id);
      sessions_[header->sale_id].logged_in = false;
      send(connection, nexo::envelope(response_header(*header),
                                      {{"Response", nexo::to_json({"Success", "", ""})}}));
      break;
    default:
      on_unsupported(connection, *header);
      break;
  }
}

bool SimulatedTerminal::set_fault(Fault fault, Json& answer) {
  if (is_reboot(fault) && !settings_.durable_ledger) {
    answer["error"] = "reboot faults need --ledger FILE (an in-memory ledger would not survive)";
    return false;
  }
  settings_.fault = fault;
  log("control: fault " + std::string(to_string(fault)));
  return true;
}

void SimulatedTerminal::on_control(ConnectionId connection, const Json& control) {
  Json answer;
  if (const Json* fault = nexo::at_path(control, {"fault"})) {
    const auto parsed =
        fault->is_string() ? fault_from_string(fault->get<std::string>()) : std::nullopt;
    if (parsed) {
      set_fault(*parsed, answer);
    } else {
      answer["error"] = "unknown fault";
    }
  }
  if (const auto delay = nexo::whole_number_at(control, {"approve_delay_ms"})) {
    settings_.approve_delay = std::chrono::milliseconds(std::max(0LL, *delay));
  }
  if (const auto time = nexo::whole_number_at(control, {"reboot_ms"})) {
    settings_.reboot_time = std::chrono::milliseconds(std::max(0LL, *time));
  }
  if (const auto time = nexo::whole_number_at(control, {"card_timeout_ms"})) {
    settings_.card_timeout = std::chrono::milliseconds(std::max(0LL, *time));
  }
  if (const Json* ledger = nexo::at_path(control, {"ledger"}); ledger && *ledger == true) {
    answer["ledger"] = ledger_json(ledger_);
    answer["reversals"] = reversals_json(ledger_);
  }
  bool reboot = false;
  if (const Json* now = nexo::at_path(control, {"reboot"}); now && *now == true) {
    if (settings_.durable_ledger) {
      reboot = true;
    } else {
      answer["error"] = "reboot needs --ledger FILE (an in-memory ledger would not survive)";
    }
  }
  answer["fault"] = to_string(settings_.fault);
  answer["approve_delay_ms"] = settings_.approve_delay.count();
  answer["reboot_ms"] = settings_.reboot_time.count();
  answer["card_timeout_ms"] = settings_.card_timeout.count();
  send(connection, {{"SimulatorControlResponse", std::move(answer)}});
  if (reboot) {
    log("control: reboot now");
    actions_.push_back({Action::Kind::Reboot, 0, {}});
  }
}

void SimulatedTerminal::on_login(ConnectionId connection, const MessageHeader& header) {
  sessions_[header.sale_id].logged_in = true;
  Json body = {
      {"Response", nexo::to_json({"Success", "", ""})},
      {"POISystemData",
       {{"DateTime", nexo::timestamp_now()},
        {"POITerminalData",
         {{"TerminalEnvironment", "Unattended"},
          {"POICapabilities",
           {"CashierDisplay", "CustomerDisplay", "PrinterReceipt", "ICC", "EMVContactless"}},
          {"POISerialNumber", "SIM-0001"}}},
        {"POIStatus",
         {{"GlobalStatus", "OK"}, {"CommunicationOKFlag", settings_.fault != Fault::Offline}}}}},
  };
  log("Login from " + header.sale_id);
  send(connection, nexo::envelope(response_header(header), std::move(body)));
}

void SimulatedTerminal::on_payment(ConnectionId connection, const MessageHeader& header,
                                   const Json& body, Clock::time_point now) {
  if (!sessions_[header.sale_id].logged_in) {
    reject(connection, header, "LoggedOut", "Login first");
    return;
  }
  LedgerEntry entry;
  entry.sale_id = header.sale_id;
  entry.service_id = header.service_id;
  entry.sale_transaction_id =
      nexo::text_at(body, {"SaleData", "SaleTransactionID", "TransactionID"});
  const auto sale_timestamp = nexo::text_at(body, {"SaleData", "SaleTransactionID", "TimeStamp"});
  const auto amount =
      nexo::whole_number_at(body, {"PaymentTransaction", "AmountsReq", "RequestedAmount"});
  const auto currency = nexo::text_at(body, {"PaymentTransaction", "AmountsReq", "Currency"});
  entry.method =
      nexo::text_at(body, {"PaymentData", "PaymentInstrumentData", "PaymentInstrumentType"});
  if (entry.method.empty()) entry.method = "Card";
  if (header.service_id.empty() || header.sale_id.empty() || entry.sale_transaction_id.empty() ||
      !amount || *amount <= 0 || *amount > 10'000'000 || currency != nexo::kCurrency) {
    reject(connection, header, "MessageFormat", "bad PaymentRequest");
    return;
  }
  entry.amount_yen = static_cast<int>(*amount);
  const std::string what = "Payment " + entry.sale_transaction_id + " (service " +
                           header.service_id + ", " + std::to_string(entry.amount_yen) + " yen)";

  if (settings_.fault == Fault::DropBeforeResponse) {
    log(what + ": fault drop-before-response, closing the connection unprocessed");
    actions_.push_back({Action::Kind::Close, connection, {}});
    return;
  }
  if (auto earlier = ledger_.find(entry.sale_id, entry.sale_transaction_id)) {
    ledger_.add_service(entry.sale_id, header.service_id, entry.sale_transaction_id);
    if (earlier->state == kInProgress) {
      log(what + ": repeat of a payment still in progress");
      reject(connection, header, "InProgress", "this transaction is in progress");
      return;
    }
    auto replay = Json::parse(earlier->response, nullptr, /*allow_exceptions=*/false);
    const Json* replay_header = nexo::at_path(replay, {"SaleToPOIResponse", "MessageHeader"});
    if (replay_header != nullptr && replay_header->is_object()) {
      replay["SaleToPOIResponse"]["MessageHeader"]["ServiceID"] = header.service_id;
      log(what + ": repeat, answered with the earlier result (" + earlier->state +
          "), not charged again");
      send(connection, replay);
      return;
    }
    reject(connection, header, "UnavailableService", "ledger record unreadable");
    return;
  }
  if (!pending_.empty()) {
    // One payment at a time: the terminal's screen is taken by another that waits for a card.
    log(what + ": busy with " + pending_.front().entry.sale_transaction_id);
    reject(connection, header, "Busy", "another payment is in progress on the terminal");
    return;
  }
  entry.poi_transaction_id = ledger_.next_poi_transaction_id();
  if (auto begun = ledger_.begin(entry); !begun) {
    log(what + ": " + begun.error());
    reject(connection, header, "UnavailableService", "ledger unavailable");
    return;
  }
  Pending payment{connection, header, entry, sale_timestamp, settings_.fault, std::nullopt};
  if (settings_.fault == Fault::Offline) {
    log(what + ": fault offline");
    const auto response = payment_response(
        header, entry, sale_timestamp,
        failure("UnreachableHost", {{"message", "no connection to the payment networks"}}),
        settings_.poi_id);
    finish(payment, kFailed, response);
    send(connection, response);
    return;
  }
  if (settings_.fault == Fault::RebootBeforeCharge) {
    log(what + ": fault reboot-before-charge, restarting before the card is read");
    actions_.push_back({Action::Kind::Reboot, 0, {}});
    return;
  }
  if (settings_.fault != Fault::Timeout) {
    payment.due = now + settings_.approve_delay;
  } else if (settings_.card_timeout.count() > 0) {
    payment.due = now + settings_.card_timeout;
  }
  log(what + ": waiting for the card" +
      (settings_.fault == Fault::None ? ""
                                      : " (fault " + std::string(to_string(payment.fault)) + ")"));
  pending_.push_back(std::move(payment));
}

void SimulatedTerminal::advance(Clock::time_point now) {
  if (settings_.fault == Fault::Hang) return;  // frozen: nothing moves on
  std::vector<Pending> due;
  std::erase_if(pending_, [&](Pending& payment) {
    if (!payment.due || *payment.due > now) return false;
    due.push_back(std::move(payment));
    return true;
  });
  for (const auto& payment : due) complete(payment);
}

std::optional<Clock::time_point> SimulatedTerminal::next_deadline() const {
  if (settings_.fault == Fault::Hang) return std::nullopt;
  std::optional<Clock::time_point> next;
  for (const auto& payment : pending_) {
    if (payment.due && (!next || *payment.due < *next)) next = payment.due;
  }
  return next;
}

void SimulatedTerminal::complete(const Pending& payment) {
  const auto respond = [&](const char* state, const nexo::ResponseStatus& status) {
    const auto response = payment_response(payment.request_header, payment.entry,
                                           payment.sale_timestamp, status, settings_.poi_id);
    finish(payment, state, response);
    return response;
  };
  const nexo::ResponseStatus approved{"Success", "", ""};
  switch (payment.fault) {
    case Fault::Decline:
      send(payment.connection,
           respond(kDeclined, failure("Refusal", {{"message", "declined by the issuer"},
                                                  {"refusalReason", "Declined"}})));
      return;
    case Fault::Insufficient:
      send(payment.connection,
           respond(kDeclined, failure("Refusal", {{"message", "not enough balance"},
                                                  {"refusalReason", "NotEnoughBalance"}})));
      return;
    case Fault::Cancel:
      send(payment.connection,
           respond(kCancelled, failure("Cancel", {{"message", "cancelled by the customer"}})));
      return;
    case Fault::DropAfterResponse: {
      const auto response = respond(kApproved, approved);
      log("  fault drop-after-response: charged, answer cut off");
      actions_.push_back(
          {Action::Kind::SendTruncatedAndClose, payment.connection, nexo::serialize(response)});
      return;
    }
    case Fault::Unknown: {
      respond(kApproved, approved);
      log("  fault unknown: charged, answering InProgress (処理未了)");
      send(payment.connection,
           payment_response(payment.request_header, payment.entry, payment.sale_timestamp,
                            failure("InProgress", {{"message", "処理未了"}}), settings_.poi_id));
      return;
    }
    case Fault::UnknownNotCharged: {
      respond(kCancelled,
              failure("Cancel", {{"message", "処理未了: the card left before it was charged"}}));
      log("  fault unknown-not-charged: not charged, answering InProgress (処理未了)");
      send(payment.connection,
           payment_response(payment.request_header, payment.entry, payment.sale_timestamp,
                            failure("InProgress", {{"message", "処理未了"}}), settings_.poi_id));
      return;
    }
    case Fault::Timeout:
      // Only with a card time-out: the terminal stops waiting by itself.
      send(payment.connection,
           respond(kCancelled, failure("Cancel", {{"message", "no card presented in time"}})));
      return;
    case Fault::Reboot:
      respond(kApproved, approved);
      log("  fault reboot: charged, restarting before the answer is sent");
      actions_.push_back({Action::Kind::Reboot, 0, {}});
      return;
    default:
      send(payment.connection, respond(kApproved, approved));
      return;
  }
}

void SimulatedTerminal::finish(const Pending& payment, const char* state, const Json& response) {
  const auto status = nexo::response_status(*nexo::body_of(response));
  const auto error_condition = status ? status->error_condition : std::string();
  if (auto finished = ledger_.finish(payment.entry.sale_id, payment.entry.sale_transaction_id,
                                     state, error_condition, nexo::serialize(response));
      !finished) {
    log("  " + finished.error());
  }
  log("  " + payment.entry.sale_transaction_id + " -> " + state +
      (error_condition.empty() ? "" : " (" + error_condition + ")"));
}

void SimulatedTerminal::on_abort(ConnectionId connection, const MessageHeader& header,
                                 const Json& body) {
  const auto reference = nexo::reference_of(body);
  const auto sale_id =
      reference && !reference->sale_id.empty() ? reference->sale_id : header.sale_id;
  const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& payment) {
    return reference && payment.entry.sale_id == sale_id &&
           payment.request_header.service_id == reference->service_id;
  });
  if (it == pending_.end()) {
    // nexo: an Abort has no response; the POI tells the Sale System it was rejected.
    log("Abort for unknown or finished service " + (reference ? reference->service_id : ""));
    MessageHeader event_header = header;
    event_header.message_class = "Event";
    event_header.category = MessageCategory::Event;
    event_header.message_type = "Notification";
    send(connection,
         nexo::envelope(event_header,
                        {{"TimeStamp", nexo::timestamp_now()},
                         {"EventToNotify", "Reject"},
                         {"EventDetails",
                          nexo::additional_response({{"message", "no transaction to abort"}})}}));
    return;
  }
  const Pending payment = std::move(*it);
  pending_.erase(it);
  log("Abort of " + payment.entry.sale_transaction_id);
  const auto response = payment_response(
      payment.request_header, payment.entry, payment.sale_timestamp,
      failure("Aborted", {{"message", "aborted by the sale system"}}), settings_.poi_id);
  finish(payment, kAborted, response);
  send(payment.connection, response);
}

void SimulatedTerminal::on_transaction_status(ConnectionId connection, const MessageHeader& header,
                                              const Json& body) {
  const auto reference = nexo::reference_of(body);
  const auto sale_id =
      reference && !reference->sale_id.empty() ? reference->sale_id : header.sale_id;
  if (reference && reference->category == MessageCategory::Reversal) {
    on_reversal_status(connection, header, sale_id, reference->service_id);
    return;
  }
  const auto entry =
      reference ? ledger_.find_by_service(sale_id, reference->service_id) : ledger_.last(sale_id);
  Json answer;
  if (!entry) {
    answer["Response"] = nexo::to_json(failure("NotFound", {{"message", "no such transaction"}}));
  } else if (entry->state == kInProgress) {
    answer["Response"] =
        nexo::to_json(failure("InProgress", {{"message", "uncompleted transaction"}}));
  } else {
    const auto original = Json::parse(entry->response, nullptr, /*allow_exceptions=*/false);
    const auto original_header = nexo::at_path(original, {"SaleToPOIResponse", "MessageHeader"});
    const auto original_body = nexo::body_of(original);
    if (original_header == nullptr || original_body == nullptr) {
      answer["Response"] =
          nexo::to_json(failure("UnavailableService", {{"message", "ledger record unreadable"}}));
    } else {
      answer["Response"] = nexo::to_json({"Success", "", ""});
      answer["MessageReference"] = nexo::to_json(nexo::MessageReference{
          MessageCategory::Payment, entry->service_id, entry->sale_id, settings_.poi_id});
      answer["RepeatedMessageResponse"] = {
          {"MessageHeader", *original_header},
          {"RepeatedResponseMessageBody", {{"PaymentResponse", *original_body}}}};
    }
  }
  log("TransactionStatus " + (reference ? "of service " + reference->service_id : "of the last") +
      ": " + (entry ? entry->sale_transaction_id + " " + entry->state : "not found"));
  send(connection, nexo::envelope(response_header(header), std::move(answer)));
}

Json SimulatedTerminal::transaction_totals(long long period, const std::string& sale_id) const {
  Json groups = Json::array();
  for (const auto& row : ledger_.totals(period, sale_id)) {
    Json totals = Json::array();
    if (row.payments != 0) {
      totals.push_back({{"TransactionType", "Debit"},
                        {"TransactionCount", row.payments},
                        {"TransactionAmount", row.payment_yen}});
    }
    if (row.reversals != 0) {
      totals.push_back({{"TransactionType", "ReverseDebit"},
                        {"TransactionCount", row.reversals},
                        {"TransactionAmount", row.reversal_yen}});
    }
    groups.push_back({{"PaymentInstrumentType", row.method},
                      {"SaleID", row.sale_id},
                      {"PaymentCurrency", nexo::kCurrency},
                      {"PaymentTotals", std::move(totals)}});
  }
  return groups;
}

void SimulatedTerminal::on_reconciliation(ConnectionId connection, const MessageHeader& header,
                                          const Json& body) {
  if (!sessions_[header.sale_id].logged_in) {
    reject(connection, header, "LoggedOut", "Login first");
    return;
  }
  const auto type = nexo::text_at(body, {"ReconciliationType"});
  Json answer;
  answer["ReconciliationType"] = type;
  if (type == "SaleReconciliation") {
    if (!pending_.empty()) {
      reject(connection, header, "Busy", "a payment is in progress");
      return;
    }
    if (settings_.fault == Fault::Offline) {
      // 日計 goes to the card networks: without them the day cannot be closed.
      reject(connection, header, "UnreachableHost", "no connection to the payment networks");
      return;
    }
    const auto closed = ledger_.close_period(header.sale_id);
    if (!closed) {
      log("Reconciliation: " + closed.error());
      reject(connection, header, "UnavailableService", "ledger unavailable");
      return;
    }
    answer["Response"] = nexo::to_json({"Success", "", ""});
    answer["POIReconciliationID"] = std::to_string(*closed);
    answer["TransactionTotals"] = transaction_totals(*closed, header.sale_id);
    log("Reconciliation: period " + std::to_string(*closed) + " closed");
    if (settings_.fault == Fault::DropAfterResponse) {
      log("  fault drop-after-response: period closed, answer cut off");
      actions_.push_back({Action::Kind::SendTruncatedAndClose, connection,
                          nexo::serialize(nexo::envelope(response_header(header), answer))});
      return;
    }
  } else if (type == "PreviousReconciliation") {
    const auto id = nexo::text_at(body, {"POIReconciliationID"});
    long long period = 0;
    const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), period);
    if (error != std::errc() || end != id.data() + id.size() || !ledger_.period_closed(period)) {
      reject(connection, header, "NotFound", "no closed reconciliation period " + id);
      return;
    }
    answer["Response"] = nexo::to_json({"Success", "", ""});
    answer["POIReconciliationID"] = id;
    answer["TransactionTotals"] = transaction_totals(period, header.sale_id);
    log("Reconciliation: period " + id + " repeated");
  } else {
    reject(connection, header, "NotAllowed", "ReconciliationType " + type + " not simulated");
    return;
  }
  send(connection, nexo::envelope(response_header(header), std::move(answer)));
}

void SimulatedTerminal::on_get_totals(ConnectionId connection, const MessageHeader& header,
                                      const Json& body) {
  if (!sessions_[header.sale_id].logged_in) {
    reject(connection, header, "LoggedOut", "Login first");
    return;
  }
  const auto filter = nexo::text_at(body, {"TotalFilter", "SaleID"});
  const auto period = ledger_.open_period(filter.empty() ? header.sale_id : filter);
  Json answer;
  answer["Response"] = nexo::to_json({"Success", "", ""});
  answer["POIReconciliationID"] = std::to_string(period);
  answer["TransactionTotals"] = transaction_totals(period, filter);
  log("GetTotals of period " + std::to_string(period) + (filter.empty() ? "" : " for " + filter));
  send(connection, nexo::envelope(response_header(header), std::move(answer)));
}

void SimulatedTerminal::on_unsupported(ConnectionId connection, const MessageHeader& header) {
  if (header.category == MessageCategory::Other || header.category == MessageCategory::Event) {
    log("ignored a request of an unknown category");
    return;
  }
  reject(connection, header, "NotAllowed", "not simulated yet");
}

void SimulatedTerminal::reject(ConnectionId connection, const MessageHeader& header,
                               const std::string& error_condition, const std::string& message) {
  send(connection,
       nexo::envelope(
           response_header(header),
           {{"Response", nexo::to_json(failure(error_condition, {{"message", message}}))}}));
}

void SimulatedTerminal::send(ConnectionId connection, const Json& message) {
  actions_.push_back({Action::Kind::Send, connection, nexo::serialize(message)});
}

std::vector<Action> SimulatedTerminal::take_actions() { return std::exchange(actions_, {}); }

void SimulatedTerminal::log(const std::string& line) const {
  if (settings_.log) settings_.log(line);
}

}  // namespace madoguchi::payment::simulator
