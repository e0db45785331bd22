// SimulatedTerminal's reversals: a ReversalRequest carried out once whatever is resent, and the
// status request that confirms it with the amount given back (as Adyen confirms a reversal).
#include <string>

#include "answers.hpp"
#include "simulated_terminal.hpp"

namespace madoguchi::payment::simulator {

using nexo::Json;
using nexo::MessageCategory;
using nexo::MessageHeader;

void SimulatedTerminal::on_reversal_status(ConnectionId connection, const MessageHeader& header,
                                           const std::string& sale_id,
                                           const std::string& service_id) {
  auto reversal = ledger_.find_reversal_by_service(sale_id, service_id);
  if (!reversal) {
    const auto repeated = repeated_reversals_.find(sale_id + "@" + service_id);
    if (repeated != repeated_reversals_.end()) {
      reversal = ledger_.find_reversal(sale_id, repeated->second);
    }
  }
  Json answer;
  const auto recorded =
      reversal ? Json::parse(reversal->response, nullptr, /*allow_exceptions=*/false) : Json();
  const Json* recorded_header = nexo::at_path(recorded, {"SaleToPOIResponse", "MessageHeader"});
  const Json* recorded_body = reversal ? nexo::body_of(recorded) : nullptr;
  if (recorded_header == nullptr || recorded_body == nullptr) {
    answer["Response"] = nexo::to_json(failure("NotFound", {{"message", "no such reversal"}}));
  } else {
    answer["Response"] = nexo::to_json({"Success", "", ""});
    answer["MessageReference"] = nexo::to_json(
        nexo::MessageReference{MessageCategory::Reversal, service_id, sale_id, settings_.poi_id});
    answer["RepeatedMessageResponse"] = {
        {"MessageHeader", *recorded_header},
        {"RepeatedResponseMessageBody", {{"ReversalResponse", *recorded_body}}}};
  }
  log("TransactionStatus of reversal service " + service_id + ": " +
      (reversal ? reversal->reversal_id : "not found"));
  send(connection, nexo::envelope(response_header(header), std::move(answer)));
}

void SimulatedTerminal::on_reversal(ConnectionId connection, const MessageHeader& header,
                                    const Json& body) {
  if (!sessions_[header.sale_id].logged_in) {
    reject(connection, header, "LoggedOut", "Login first");
    return;
  }
  const auto reversal_id = nexo::text_at(body, {"SaleData", "SaleTransactionID", "TransactionID"});
  const auto original_id =
      nexo::text_at(body, {"OriginalPOITransaction", "POITransactionID", "TransactionID"});
  const auto reason = nexo::text_at(body, {"ReversalReason"});
  const auto amount = nexo::whole_number_at(body, {"ReversedAmount"});
  const std::string what =
      "Reversal " + reversal_id + " of " + original_id + " (service " + header.service_id + ")";
  if (header.service_id.empty() || header.sale_id.empty() || reversal_id.empty() ||
      original_id.empty() ||
      (reason != "CustCancel" && reason != "MerchantCancel" && reason != "Malfunction" &&
       reason != "Unable2Compl")) {
    log(what + ": bad ReversalRequest");
    reject(connection, header, "MessageFormat", "bad ReversalRequest");
    return;
  }
  if (settings_.fault == Fault::DropBeforeResponse) {
    log(what + ": fault drop-before-response, closing the connection unprocessed");
    actions_.push_back({Action::Kind::Close, connection, {}});
    return;
  }
  if (auto earlier = ledger_.find_reversal(header.sale_id, reversal_id)) {
    auto replay = Json::parse(earlier->response, nullptr, /*allow_exceptions=*/false);
    if (nexo::at_path(replay, {"SaleToPOIResponse", "MessageHeader"}) != nullptr) {
      replay["SaleToPOIResponse"]["MessageHeader"]["ServiceID"] = header.service_id;
      auto& answer = replay["SaleToPOIResponse"]["ReversalResponse"];
      if (answer.is_object()) answer.erase("ReversedAmount");  // the amount comes with the status
      repeated_reversals_[header.sale_id + "@" + header.service_id] = reversal_id;
      log(what + ": repeat, answered with the earlier result, not reversed again");
      send(connection, replay);
      return;
    }
  }
  const auto refuse = [&](const std::string& condition, const std::string& refusal,
                          const std::string& message, std::optional<int> reversed_amount) {
    std::vector<std::pair<std::string, std::string>> additional{{"message", message}};
    if (!refusal.empty()) additional.emplace_back("refusalReason", refusal);
    Json answer = {{"Response", nexo::to_json(failure(condition, additional))},
                   {"OriginalPOITransaction", body.at("OriginalPOITransaction")}};
    if (reversed_amount) answer["ReversedAmount"] = *reversed_amount;
    log(what + ": refused, " + condition + (refusal.empty() ? "" : " / " + refusal));
    send(connection, nexo::envelope(response_header(header), std::move(answer)));
  };
  if (settings_.fault == Fault::Offline) {
    refuse("UnreachableHost", "", "no connection to the payment networks", std::nullopt);
    return;
  }
  const auto original = ledger_.find_by_poi(header.sale_id, original_id);
  if (!original) {
    refuse("NotFound", "", "no such transaction", std::nullopt);
    return;
  }
  if (original->state != std::string(kApproved)) {
    refuse("NotAllowed", "NotApproved", "only an approved payment can be reversed", std::nullopt);
    return;
  }
  if (const auto done = ledger_.reversal_of(original_id)) {
    refuse("NotAllowed", "AlreadyReversed", "already reversed by " + done->reversal_id,
           done->amount_yen);
    return;
  }
  if (ledger_.period_closed(original->period)) {
    refuse("NotAllowed", "PeriodClosed",
           "the day of this payment is closed (日計); refund it instead", std::nullopt);
    return;
  }
  if (amount && *amount != original->amount_yen) {
    refuse("NotAllowed", "PartialReversal", "only the whole amount can be reversed", std::nullopt);
    return;
  }
  ReversalEntry reversal;
  reversal.sale_id = header.sale_id;
  reversal.reversal_id = reversal_id;
  reversal.service_id = header.service_id;
  reversal.original_poi_transaction_id = original_id;
  reversal.poi_transaction_id = ledger_.next_reversal_poi_transaction_id();
  reversal.amount_yen = original->amount_yen;
  reversal.method = original->method;
  reversal.reason = reason;
  Json answer;
  answer["Response"] = nexo::to_json({"Success", "", ""});
  answer["POIData"]["POITransactionID"] = {{"TransactionID", reversal.poi_transaction_id},
                                           {"TimeStamp", nexo::timestamp_now()}};
  answer["OriginalPOITransaction"] = body.at("OriginalPOITransaction");
  // What the status request about this reversal repeats: with the amount given back. The
  // answer now, as Adyen's, says only that it was accepted (the amount is confirmed by a
  // TransactionStatusRequest with MessageCategory Reversal).
  Json confirmed = answer;
  confirmed["ReversedAmount"] = reversal.amount_yen;
  reversal.response =
      nexo::serialize(nexo::envelope(response_header(header), std::move(confirmed)));
  const auto response = nexo::envelope(response_header(header), std::move(answer));
  if (auto added = ledger_.add_reversal(reversal); !added) {
    log(what + ": " + added.error());
    reject(connection, header, "UnavailableService", "ledger unavailable");
    return;
  }
  log(what + ": reversed " + std::to_string(reversal.amount_yen) + " yen as " +
      reversal.poi_transaction_id);
  if (settings_.fault == Fault::DropAfterResponse) {
    log("  fault drop-after-response: reversed, answer cut off");
    actions_.push_back(
        {Action::Kind::SendTruncatedAndClose, connection, nexo::serialize(response)});
    return;
  }
  send(connection, response);
}

}  // namespace madoguchi::payment::simulator
