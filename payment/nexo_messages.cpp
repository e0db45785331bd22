#include "madoguchi/payment/nexo_messages.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>

#include "enum_names.hpp"
#include "madoguchi/payment/base64.hpp"

namespace madoguchi::payment::nexo {

namespace {

// nexo's PaymentInstrumentType for each way of paying the kiosk offers (Any has none).
constexpr EnumNames<PaymentMethod, 3> kInstrumentTypes{{{PaymentMethod::CreditCard, "Card"},
                                                        {PaymentMethod::EMoney, "StoredValue"},
                                                        {PaymentMethod::QrCode, "Mobile"}}};

constexpr EnumNames<MessageCategory, 9> kCategoryNames{{
    {MessageCategory::Login, "Login"},
    {MessageCategory::Logout, "Logout"},
    {MessageCategory::Payment, "Payment"},
    {MessageCategory::Abort, "Abort"},
    {MessageCategory::TransactionStatus, "TransactionStatus"},
    {MessageCategory::Reversal, "Reversal"},
    {MessageCategory::Reconciliation, "Reconciliation"},
    {MessageCategory::GetTotals, "GetTotals"},
    {MessageCategory::Event, "Event"},
}};

// The largest amount one payment may have (an int, as the fee rules' amounts are), and the
// largest total of one method in one period the kiosk accepts from a terminal (a year of a
// busy counter is far below it; net_yen() cannot overflow under it).
constexpr long long kMaxAmountYen = std::numeric_limits<int>::max();
constexpr long long kMaxTotalYen = 1'000'000'000'000'000LL;

const Json* child(const Json& parent, std::string_view key) {
  if (!parent.is_object()) return nullptr;
  const auto it = parent.find(std::string(key));
  return it == parent.end() ? nullptr : &*it;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i] == '+' ? ' ' : text[i]);
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
        (byte >= 'A' && byte <= 'Z') || byte == '-' || byte == '_' || byte == '.' || byte == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string lower_without_spaces(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '_') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

DeclineReason decline_reason_for(std::string_view error_condition,
                                 const std::map<std::string, std::string>& additional) {
  if (outcome_for(error_condition) != PaymentOutcome::Declined) return DeclineReason::None;
  if (const auto it = additional.find("refusalReason"); it != additional.end()) {
    const auto reason = lower_without_spaces(it->second);
    if (reason.find("notenoughbalance") != std::string::npos ||
        reason.find("insufficient") != std::string::npos) {
      return DeclineReason::InsufficientBalance;
    }
  }
  return DeclineReason::Refused;
}

}  // namespace

const Json* at_path(const Json& root, std::initializer_list<std::string_view> keys) {
  const Json* node = &root;
  for (const auto key : keys) {
    node = child(*node, key);
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::string text_at(const Json& root, std::initializer_list<std::string_view> keys) {
  const Json* node = at_path(root, keys);
  return node != nullptr && node->is_string() ? node->get<std::string>() : std::string();
}

std::optional<long long> whole_number_at(const Json& root,
                                         std::initializer_list<std::string_view> keys) {
  const Json* node = at_path(root, keys);
  if (node == nullptr || !node->is_number()) return std::nullopt;
  if (node->is_number_integer()) {
    if (node->is_number_unsigned() &&
        node->get<unsigned long long>() >
            static_cast<unsigned long long>(std::numeric_limits<long long>::max())) {
      return std::nullopt;
    }
    return node->get<long long>();
  }
  // llround of a value beyond long long is unspecified: such a number is no whole number.
  const double value = node->get<double>();
  if (!std::isfinite(value) || std::fabs(value) >= 9.2e18) return std::nullopt;
  return std::llround(value);
}

std::expected<std::optional<long long>, std::string> count_or_amount_at(
    const Json& root, std::initializer_list<std::string_view> keys, long long max,
    std::string_view field) {
  const Json* node = at_path(root, keys);
  if (node == nullptr) return std::nullopt;
  const auto value = whole_number_at(root, keys);
  if (!value || *value < 0 || *value > max) {
    return std::unexpected(std::string(field) + ": " + serialize(*node) +
                           " is not a whole number from 0 to " + std::to_string(max));
  }
  return *value;
}

std::string_view to_string(MessageCategory category) {
  return name_of(kCategoryNames, category).value_or("Other");
}

MessageCategory category_from_string(std::string_view name) {
  return value_of(kCategoryNames, name).value_or(MessageCategory::Other);
}

Json to_json(const MessageHeader& header) {
  Json json = {
      {"ProtocolVersion", kProtocolVersion},
      {"MessageClass", header.message_class},
      {"MessageCategory", to_string(header.category)},
      {"MessageType", header.message_type},
      {"ServiceID", header.service_id},
      {"SaleID", header.sale_id},
      {"POIID", header.poi_id},
  };
  return json;
}

Json to_json(const MessageReference& reference) {
  Json json = {{"MessageCategory", to_string(reference.category)},
               {"ServiceID", reference.service_id},
               {"SaleID", reference.sale_id}};
  if (!reference.poi_id.empty()) json["POIID"] = reference.poi_id;
  return json;
}

Json to_json(const ResponseStatus& status) {
  Json json = {{"Result", status.result}};
  if (!status.error_condition.empty()) json["ErrorCondition"] = status.error_condition;
  if (!status.additional_response.empty()) {
    json["AdditionalResponse"] = status.additional_response;
  }
  return json;
}

std::string body_name(MessageCategory category, std::string_view message_type) {
  if (category == MessageCategory::Event) return "EventNotification";
  return std::string(to_string(category)) + std::string(message_type);
}

Json envelope(const MessageHeader& header, Json body) {
  const char* side = header.message_type == "Response" ? "SaleToPOIResponse" : "SaleToPOIRequest";
  Json message;
  message[side]["MessageHeader"] = to_json(header);
  message[side][body_name(header.category, header.message_type)] = std::move(body);
  return message;
}

namespace {

const Json* inner_of(const Json& message) {
  if (const Json* request = child(message, "SaleToPOIRequest")) return request;
  return child(message, "SaleToPOIResponse");
}

}  // namespace

std::expected<MessageHeader, std::string> header_of(const Json& message) {
  const Json* inner = inner_of(message);
  if (inner == nullptr || !inner->is_object()) {
    return std::unexpected("neither SaleToPOIRequest nor SaleToPOIResponse");
  }
  const Json* json = child(*inner, "MessageHeader");
  if (json == nullptr || !json->is_object()) return std::unexpected("no MessageHeader");
  MessageHeader header;
  header.message_class = text_at(*json, {"MessageClass"});
  header.category = category_from_string(text_at(*json, {"MessageCategory"}));
  header.message_type = text_at(*json, {"MessageType"});
  header.service_id = text_at(*json, {"ServiceID"});
  header.sale_id = text_at(*json, {"SaleID"});
  header.poi_id = text_at(*json, {"POIID"});
  if (header.message_type.empty()) return std::unexpected("MessageHeader has no MessageType");
  return header;
}

const Json* body_of(const Json& message) {
  const auto header = header_of(message);
  if (!header) return nullptr;
  return child(*inner_of(message), body_name(header->category, header->message_type));
}

std::optional<MessageReference> reference_of(const Json& body) {
  const Json* json = child(body, "MessageReference");
  if (json == nullptr || !json->is_object()) return std::nullopt;
  MessageReference reference;
  reference.category = category_from_string(text_at(*json, {"MessageCategory"}));
  reference.service_id = text_at(*json, {"ServiceID"});
  reference.sale_id = text_at(*json, {"SaleID"});
  reference.poi_id = text_at(*json, {"POIID"});
  return reference;
}

Json login_request(const MessageHeader& header, const SaleSoftware& software,
                   std::string_view date_time) {
  Json body = {
      {"DateTime", date_time},
      {"SaleSoftware",
       {{"ManufacturerID", software.manufacturer_id},
        {"ApplicationName", software.application_name},
        {"SoftwareVersion", software.software_version},
        {"CertificationCode", software.certification_code}}},
      {"SaleTerminalData",
       {{"TerminalEnvironment", "Unattended"},
        {"SaleCapabilities", {"CustomerDisplay", "CustomerInput", "PrinterReceipt"}}}},
      {"OperatorLanguage", "ja"},
  };
  return envelope(header, std::move(body));
}

Json payment_request(const MessageHeader& header, const PaymentRequest& request,
                     std::string_view timestamp) {
  Json body;
  body["SaleData"]["SaleTransactionID"] = {{"TransactionID", request.sale_transaction_id},
                                           {"TimeStamp", timestamp}};
  body["PaymentTransaction"]["AmountsReq"] = {{"Currency", kCurrency},
                                              {"RequestedAmount", request.amount_yen}};
  if (!request.description.empty()) {
    body["PaymentTransaction"]["SaleItem"] = Json::array({{{"ItemID", 1},
                                                           {"ProductCode", "FEE"},
                                                           {"ProductLabel", request.description},
                                                           {"ItemAmount", request.amount_yen}}});
  }
  body["PaymentData"]["PaymentType"] = "Normal";
  if (const auto type = instrument_type_for(request.method); !type.empty()) {
    body["PaymentData"]["PaymentInstrumentData"]["PaymentInstrumentType"] = type;
  }
  return envelope(header, std::move(body));
}

Json abort_request(const MessageHeader& header, const MessageReference& reference,
                   std::string_view reason) {
  return envelope(header, {{"MessageReference", to_json(reference)}, {"AbortReason", reason}});
}

Json transaction_status_request(const MessageHeader& header,
                                const std::optional<MessageReference>& reference) {
  Json body = Json::object();
  if (reference) body["MessageReference"] = to_json(*reference);
  return envelope(header, std::move(body));
}

Json logout_request(const MessageHeader& header) {
  return envelope(header, {{"MaintenanceAllowed", true}});
}

Json reversal_request(const MessageHeader& header, const ReversalRequest& request,
                      std::string_view timestamp) {
  Json body;
  body["OriginalPOITransaction"] = {
      {"SaleID", header.sale_id},
      {"POIID", header.poi_id},
      {"POITransactionID",
       {{"TransactionID", request.poi_transaction_id}, {"TimeStamp", request.poi_timestamp}}}};
  body["ReversalReason"] = reversal_reason_code(request.reason);
  body["ReversedAmount"] = request.amount_yen;
  body["SaleData"] = {
      {"SaleTransactionID", {{"TransactionID", request.reversal_id}, {"TimeStamp", timestamp}}},
      {"SaleReferenceID", request.sale_transaction_id}};
  return envelope(header, std::move(body));
}

Json reconciliation_request(const MessageHeader& header, std::string_view reconciliation_type,
                            const std::optional<std::string>& poi_reconciliation_id) {
  Json body = {{"ReconciliationType", reconciliation_type}};
  if (poi_reconciliation_id) body["POIReconciliationID"] = *poi_reconciliation_id;
  return envelope(header, std::move(body));
}

Json get_totals_request(const MessageHeader& header) {
  return envelope(header, {{"TotalDetails", Json::array({"SaleID"})},
                           {"TotalFilter", {{"SaleID", header.sale_id}}}});
}

std::optional<ResponseStatus> response_status(const Json& body) {
  const Json* json = child(body, "Response");
  if (json == nullptr || !json->is_object()) return std::nullopt;
  ResponseStatus status{text_at(*json, {"Result"}), text_at(*json, {"ErrorCondition"}),
                        text_at(*json, {"AdditionalResponse"})};
  if (status.result != "Success" && status.result != "Partial" && status.result != "Failure") {
    return std::nullopt;
  }
  return status;
}

std::map<std::string, std::string> parse_additional_response(std::string_view text) {
  std::map<std::string, std::string> fields;
  // Base64 JSON: no '&', and any '=' only as padding at the end.
  const auto first_equals = text.find('=');
  if (!text.empty() && text.find('&') == std::string_view::npos &&
      (first_equals == std::string_view::npos || first_equals >= text.size() - 2)) {
    if (const auto decoded = base64_decode(text)) {
      const Json object = Json::parse(*decoded, nullptr, false);
      if (object.is_object()) {
        const auto take_strings = [&fields](const Json& from) {
          for (const auto& [key, value] : from.items()) {
            if (value.is_string()) fields.emplace(key, value.get<std::string>());
          }
        };
        take_strings(object);
        if (const auto data = object.find("additionalData");
            data != object.end() && data->is_object()) {
          take_strings(*data);
        }
        return fields;
      }
    }
  }
  while (!text.empty()) {
    const auto end = text.find('&');
    const auto pair = text.substr(0, end);
    if (const auto equals = pair.find('='); equals != std::string_view::npos) {
      fields[percent_decode(pair.substr(0, equals))] = percent_decode(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return fields;
}

std::string additional_response(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string text;
  for (const auto& [key, value] : fields) {
    if (!text.empty()) text.push_back('&');
    text += percent_encode(key) + "=" + percent_encode(value);
  }
  return text;
}

PaymentOutcome outcome_for(std::string_view error_condition) {
  if (error_condition == "Refusal" || error_condition == "InvalidCard" ||
      error_condition == "WrongPIN" || error_condition == "PaymentRestriction") {
    return PaymentOutcome::Declined;
  }
  if (error_condition == "Cancel" || error_condition == "Aborted") {
    return PaymentOutcome::Cancelled;
  }
  if (error_condition == "InProgress") return PaymentOutcome::Unknown;
  if (error_condition == "Busy" || error_condition == "DeviceOut" ||
      error_condition == "UnavailableDevice" || error_condition == "UnavailableService" ||
      error_condition == "UnreachableHost" || error_condition == "LoggedOut") {
    return PaymentOutcome::TerminalUnavailable;
  }
  // NotFound, MessageFormat, NotAllowed, InsertedCard and anything unknown: nothing was done.
  return PaymentOutcome::Error;
}

PaymentResult payment_result_from(const Json& payment_response) {
  PaymentResult result;
  const auto status = response_status(payment_response);
  if (!status) {
    // We cannot tell whether the terminal charged: treat as in doubt.
    result.outcome = PaymentOutcome::Unknown;
    result.message = "PaymentResponse without a valid Response.Result";
    return result;
  }
  const auto additional = parse_additional_response(status->additional_response);
  result.poi_transaction_id =
      text_at(payment_response, {"POIData", "POITransactionID", "TransactionID"});
  const auto instrument = text_at(
      payment_response, {"PaymentResult", "PaymentInstrumentData", "PaymentInstrumentType"});
  result.method_used = method_name(instrument);
  result.method = method_for_instrument(instrument);
  result.poi_timestamp = text_at(payment_response, {"POIData", "POITransactionID", "TimeStamp"});
  result.error_condition = status->error_condition;
  if (const auto it = additional.find("message"); it != additional.end()) {
    result.message = it->second;
  } else if (!status->additional_response.empty() &&
             status->additional_response.find('=') == std::string::npos) {
    result.message = status->additional_response;
  }
  if (status->success()) {
    const auto authorized =
        count_or_amount_at(payment_response, {"PaymentResult", "AmountsResp", "AuthorizedAmount"},
                           kMaxAmountYen, "PaymentResult.AmountsResp.AuthorizedAmount");
    if (!authorized || !*authorized) {
      // Approved, but for what amount? Settled by asking the terminal, never by guessing.
      result.outcome = PaymentOutcome::Unknown;
      result.message = authorized ? "approved PaymentResponse without AuthorizedAmount"
                                  : "approved PaymentResponse: " + authorized.error();
      return result;
    }
    result.outcome = PaymentOutcome::Approved;
    result.amount_yen = static_cast<int>(**authorized);
    result.approval_code =
        text_at(payment_response, {"PaymentResult", "PaymentAcquirerData", "ApprovalCode"});
    if (status->result == "Partial") result.message = "partial approval: " + result.message;
    return result;
  }
  result.outcome = outcome_for(status->error_condition);
  result.decline_reason = decline_reason_for(status->error_condition, additional);
  if (result.message.empty()) result.message = "terminal: " + status->error_condition;
  return result;
}

PaymentResult status_result_from(const Json& transaction_status_response,
                                 std::string_view sale_transaction_id) {
  PaymentResult result;
  const auto status = response_status(transaction_status_response);
  if (!status) {
    result.outcome = PaymentOutcome::Unknown;
    result.message = "TransactionStatusResponse without a valid Response.Result";
    return result;
  }
  if (!status->success()) {
    result.error_condition = status->error_condition;
    const auto additional = parse_additional_response(status->additional_response);
    const auto message = additional.find("message");
    if (status->error_condition == "InProgress") {
      result.outcome = PaymentOutcome::Unknown;
      result.message = "the terminal is still processing this transaction";
    } else if (status->error_condition == "NotFound") {
      result.outcome = PaymentOutcome::Error;
      result.message = "the terminal has no record of this transaction: nothing was charged";
    } else {
      // The status itself could not be obtained (busy, logged out, ...): still in doubt.
      result.outcome = PaymentOutcome::Unknown;
      result.message = "status not available: " + status->error_condition;
    }
    if (message != additional.end()) result.message += " (" + message->second + ")";
    return result;
  }
  const Json* payment =
      at_path(transaction_status_response,
              {"RepeatedMessageResponse", "RepeatedResponseMessageBody", "PaymentResponse"});
  if (payment == nullptr) {
    result.outcome = PaymentOutcome::Unknown;
    result.message = "TransactionStatusResponse without a repeated PaymentResponse";
    return result;
  }
  const auto reported = text_at(*payment, {"SaleData", "SaleTransactionID", "TransactionID"});
  if (reported != sale_transaction_id) {
    result.outcome = PaymentOutcome::Unknown;
    result.message = "the terminal reported on another transaction";
    return result;
  }
  return payment_result_from(*payment);
}

bool reversal_needs_confirmation(const Json& reversal_response) {
  const auto status = response_status(reversal_response);
  return status && status->success() && at_path(reversal_response, {"ReversedAmount"}) == nullptr;
}

ReversalResult reversal_status_result_from(const Json& transaction_status_response) {
  ReversalResult result;
  result.outcome = ReversalOutcome::Unknown;
  const auto status = response_status(transaction_status_response);
  if (!status) {
    result.message = "TransactionStatusResponse without a valid Response.Result";
    return result;
  }
  if (!status->success()) {
    result.error_condition = status->error_condition;
    result.message = "the reversal's status: " + status->error_condition;
    return result;
  }
  const Json* repeated =
      at_path(transaction_status_response,
              {"RepeatedMessageResponse", "RepeatedResponseMessageBody", "ReversalResponse"});
  if (repeated == nullptr || !repeated->is_object()) {
    result.message = "the reversal's status repeats no ReversalResponse";
    return result;
  }
  return reversal_result_from(*repeated);
}

ReversalResult reversal_result_from(const Json& reversal_response) {
  ReversalResult result;
  const auto status = response_status(reversal_response);
  if (!status) {
    result.outcome = ReversalOutcome::Unknown;
    result.message = "ReversalResponse without a valid Response.Result";
    return result;
  }
  const auto additional = parse_additional_response(status->additional_response);
  if (const auto it = additional.find("message"); it != additional.end()) {
    result.message = it->second;
  }
  if (const auto it = additional.find("refusalReason"); it != additional.end()) {
    result.reason = it->second;
  }
  result.error_condition = status->error_condition;
  result.reversal_poi_transaction_id =
      text_at(reversal_response, {"POIData", "POITransactionID", "TransactionID"});
  const auto amount =
      count_or_amount_at(reversal_response, {"ReversedAmount"}, kMaxAmountYen, "ReversedAmount");
  const auto& condition = status->error_condition;
  const bool already_reversed = condition == "NotAllowed" && result.reason == "AlreadyReversed";
  if (!amount && (status->success() || already_reversed)) {
    // Given back, but how much? An amount nobody can read leaves the reversal in doubt.
    result.outcome = ReversalOutcome::Unknown;
    result.message = "ReversalResponse: " + amount.error();
    return result;
  }
  if (status->success()) {
    if (!*amount) {
      result.outcome = ReversalOutcome::Unknown;
      result.message = "ReversalResponse without ReversedAmount";
      return result;
    }
    result.outcome = ReversalOutcome::Reversed;
    result.amount_yen = static_cast<int>(**amount);
    return result;
  }
  if (already_reversed) {
    result.outcome = ReversalOutcome::AlreadyReversed;
    result.amount_yen = static_cast<int>(amount->value_or(0));
  } else if (condition == "NotAllowed" || condition == "Refusal") {
    result.outcome = ReversalOutcome::NotAllowed;
  } else if (condition == "NotFound") {
    result.outcome = ReversalOutcome::NotFound;
  } else if (condition == "InProgress") {
    result.outcome = ReversalOutcome::Unknown;
  } else if (outcome_for(condition) == PaymentOutcome::TerminalUnavailable) {
    result.outcome = ReversalOutcome::TerminalUnavailable;
  } else {
    result.outcome = ReversalOutcome::Error;
  }
  if (result.message.empty()) result.message = "terminal: " + condition;
  return result;
}

TerminalTotals totals_from(const Json& totals_response, std::string_view sale_id) {
  TerminalTotals totals;
  const auto status = response_status(totals_response);
  if (!status) {
    totals.outcome = TotalsOutcome::Unknown;
    totals.message = "totals response without a valid Response.Result";
    return totals;
  }
  totals.error_condition = status->error_condition;
  if (const Json* id = at_path(totals_response, {"POIReconciliationID"})) {
    if (id->is_string()) {
      totals.period_id = id->get<std::string>();
    } else if (id->is_number_integer()) {
      totals.period_id = std::to_string(id->get<long long>());
    }
  }
  if (!status->success()) {
    const auto outcome = outcome_for(status->error_condition);
    totals.outcome = outcome == PaymentOutcome::TerminalUnavailable
                         ? TotalsOutcome::TerminalUnavailable
                         : TotalsOutcome::Error;
    const auto additional = parse_additional_response(status->additional_response);
    const auto message = additional.find("message");
    totals.message = "terminal: " + status->error_condition +
                     (message != additional.end() ? " (" + message->second + ")" : "");
    return totals;
  }
  // A hostile or broken terminal's counts and amounts are checked before they are added up:
  // each a whole number in range, each sum without overflow; otherwise the totals are refused
  // with the field named, and the desk says it could not get them.
  const auto instrument_name = [](PaymentMethod method) {
    const auto name = instrument_type_for(method);
    return name.empty() ? std::string("other instruments") : std::string(name);
  };
  const auto refuse = [&totals](std::string reason) {
    totals.outcome = TotalsOutcome::Error;
    totals.methods.clear();
    totals.message = "terminal totals refused: " + std::move(reason);
    return totals;
  };
  std::map<PaymentMethod, MethodTotals> by_method;
  const Json* groups = at_path(totals_response, {"TransactionTotals"});
  if (groups != nullptr && groups->is_array()) {
    for (std::size_t g = 0; g < groups->size(); ++g) {
      const Json& group = (*groups)[g];
      const auto group_sale = text_at(group, {"SaleID"});
      if (!group_sale.empty() && group_sale != sale_id) continue;
      const auto method = method_for_instrument(text_at(group, {"PaymentInstrumentType"}));
      auto& line = by_method[method];
      line.method = method;
      const Json* payments = at_path(group, {"PaymentTotals"});
      if (payments == nullptr || !payments->is_array()) continue;
      for (std::size_t p = 0; p < payments->size(); ++p) {
        const Json& payment = (*payments)[p];
        const std::string where = "TransactionTotals[" + std::to_string(g) + "].PaymentTotals[" +
                                  std::to_string(p) + "].";
        const auto type = text_at(payment, {"TransactionType"});
        if (type != "Debit" && type != "ReverseDebit") continue;
        const auto count =
            count_or_amount_at(payment, {"TransactionCount"}, std::numeric_limits<int>::max(),
                               where + "TransactionCount");
        if (!count) return refuse(count.error());
        const auto amount = count_or_amount_at(payment, {"TransactionAmount"}, kMaxTotalYen,
                                               where + "TransactionAmount");
        if (!amount) return refuse(amount.error());
        const bool debit = type == "Debit";
        int& count_sum = debit ? line.payments : line.reversals;
        long long& yen_sum = debit ? line.payment_yen : line.reversal_yen;
        if (__builtin_add_overflow(count_sum, static_cast<int>(count->value_or(0)), &count_sum)) {
          return refuse(where + "TransactionCount: the " + type + " count of " +
                        instrument_name(method) + " overflows");
        }
        if (__builtin_add_overflow(yen_sum, amount->value_or(0), &yen_sum) ||
            yen_sum > kMaxTotalYen) {
          return refuse(where + "TransactionAmount: the " + type + " total of " +
                        instrument_name(method) + " exceeds " + std::to_string(kMaxTotalYen) +
                        " yen");
        }
      }
    }
  }
  for (auto& [method, line] : by_method) {
    if (line.payments != 0 || line.reversals != 0) totals.methods.push_back(line);
  }
  totals.outcome = TotalsOutcome::Ok;
  return totals;
}

std::string_view reversal_reason_code(ReversalReason reason) {
  switch (reason) {
    case ReversalReason::MerchantCancel:
      return "MerchantCancel";
    case ReversalReason::Malfunction:
      return "Malfunction";
    case ReversalReason::CustomerCancel:
      break;
  }
  return "CustCancel";
}

std::string_view instrument_type_for(PaymentMethod method) {
  return name_of(kInstrumentTypes, method).value_or(std::string_view());
}

std::string method_name(std::string_view payment_instrument_type) {
  if (const auto method = value_of(kInstrumentTypes, payment_instrument_type)) {
    return std::string(method_label(*method));
  }
  return std::string(payment_instrument_type);
}

PaymentMethod method_for_instrument(std::string_view payment_instrument_type) {
  return value_of(kInstrumentTypes, payment_instrument_type).value_or(PaymentMethod::Any);
}

std::string serialize(const Json& message) {
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string timestamp_now() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis.count()));
  return text;
}

}  // namespace madoguchi::payment::nexo
