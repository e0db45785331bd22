// nexo Retailer Sale-to-POI messages in their JSON encoding (the encoding Adyen's Terminal API
// also uses): building the Sale System's requests and reading the POI's responses. Pure
// functions, no I/O; shared by NexoTerminal, the terminal simulator and the tests.
#pragma once

#include <expected>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/payment/payment_terminal.hpp"

namespace madoguchi::payment::nexo {

using Json = nlohmann::json;

inline constexpr std::string_view kProtocolVersion = "3.0";  // as Adyen documents it
inline constexpr std::string_view kCurrency = "JPY";         // no minor unit: amounts are whole yen

// MessageHeader.MessageCategory values this adapter speaks now or is designed for.
enum class MessageCategory {
  Login,
  Logout,
  Payment,
  Abort,
  TransactionStatus,
  Reversal,
  Reconciliation,
  GetTotals,
  Event,
  Other,
};
std::string_view to_string(MessageCategory category);
MessageCategory category_from_string(std::string_view name);

struct MessageHeader {
  std::string message_class = "Service";  // Service | Device | Event
  MessageCategory category = MessageCategory::Other;
  std::string message_type = "Request";  // Request | Response | Notification
  std::string service_id;                // pairs a request with its response; max 10 characters
  std::string sale_id;
  std::string poi_id;
};

// Names the message an Abort or a TransactionStatus is about.
struct MessageReference {
  MessageCategory category = MessageCategory::Payment;
  std::string service_id;
  std::string sale_id;
  std::string poi_id;
};

// What the kiosk tells the terminal about itself when logging in.
struct SaleSoftware {
  std::string manufacturer_id = "Madoguchi";
  std::string application_name = "Madoguchi kiosk";
  std::string software_version = "0.1.0";
  std::string certification_code = "MADOGUCHI-UNCERTIFIED";
};

// --- Reading JSON without exceptions ---------------------------------------------------------

// The node at a path of object keys, or nullptr.
const Json* at_path(const Json& root, std::initializer_list<std::string_view> keys);
// The string at a path, or "" when absent or not a string.
std::string text_at(const Json& root, std::initializer_list<std::string_view> keys);
// The number at a path rounded to a whole number, or nothing when absent or not a number.
std::optional<long long> whole_number_at(const Json& root,
                                         std::initializer_list<std::string_view> keys);
// A count or an amount from the terminal: nothing when absent, else a whole number from 0 to
// `max`, or an error naming `field` and the value (a hostile terminal's 1e30 or -5).
std::expected<std::optional<long long>, std::string> count_or_amount_at(
    const Json& root, std::initializer_list<std::string_view> keys, long long max,
    std::string_view field);

// --- Envelope -------------------------------------------------------------------------------

Json to_json(const MessageHeader& header);
Json to_json(const MessageReference& reference);
// "PaymentRequest", "LoginResponse", ...: the name of a message's body beside its header.
std::string body_name(MessageCategory category, std::string_view message_type);
// {"SaleToPOIRequest"|"SaleToPOIResponse": {"MessageHeader": ..., "<Category><Type>": body}}
Json envelope(const MessageHeader& header, Json body);
// The header of a SaleToPOIRequest or SaleToPOIResponse, or what is wrong with the message.
std::expected<MessageHeader, std::string> header_of(const Json& message);
// The body beside the header (e.g. the "PaymentResponse" object), or nullptr.
const Json* body_of(const Json& message);
std::optional<MessageReference> reference_of(const Json& body);

// --- Requests from the Sale System (the kiosk) ----------------------------------------------

Json login_request(const MessageHeader& header, const SaleSoftware& software,
                   std::string_view date_time);
Json payment_request(const MessageHeader& header, const PaymentRequest& request,
                     std::string_view timestamp);
Json abort_request(const MessageHeader& header, const MessageReference& reference,
                   std::string_view reason);
// Without a reference the POI reports on the last transaction of this SaleID.
Json transaction_status_request(const MessageHeader& header,
                                const std::optional<MessageReference>& reference);
Json logout_request(const MessageHeader& header);
// Names the original payment by its POITransactionID (and time stamp); the reversal's own id
// travels as SaleData.SaleTransactionID, the original's as SaleData.SaleReferenceID.
Json reversal_request(const MessageHeader& header, const ReversalRequest& request,
                      std::string_view timestamp);
// ReconciliationType "SaleReconciliation" closes the open period; "PreviousReconciliation"
// with a POIReconciliationID repeats the totals of a closed one.
Json reconciliation_request(const MessageHeader& header, std::string_view reconciliation_type,
                            const std::optional<std::string>& poi_reconciliation_id);
// Totals of the open period of this SaleID, without closing it.
Json get_totals_request(const MessageHeader& header);

// --- Responses from the POI -----------------------------------------------------------------

// The "Response" object every response body carries.
struct ResponseStatus {
  std::string result;  // Success | Partial | Failure
  std::string error_condition;
  std::string additional_response;
  bool success() const { return result == "Success" || result == "Partial"; }
};
std::optional<ResponseStatus> response_status(const Json& body);
Json to_json(const ResponseStatus& status);

// AdditionalResponse is "key=value&key=value" with percent-encoded values, or (a terminal set
// to answer in JSON) Base64 of a JSON object: its string members and those of its
// "additionalData" object are the fields then (a member of the object itself wins).
std::map<std::string, std::string> parse_additional_response(std::string_view text);
std::string additional_response(const std::vector<std::pair<std::string, std::string>>& fields);

// Maps the body of a PaymentResponse (also found inside a TransactionStatusResponse).
PaymentResult payment_result_from(const Json& payment_response);
// Maps the body of a TransactionStatusResponse about `sale_transaction_id`.
PaymentResult status_result_from(const Json& transaction_status_response,
                                 std::string_view sale_transaction_id);
PaymentOutcome outcome_for(std::string_view error_condition);
// Maps the body of a ReversalResponse.
ReversalResult reversal_result_from(const Json& reversal_response);
// Whether a ReversalResponse accepted the reversal without saying how much was given back (as
// Adyen answers): the kiosk then asks with a TransactionStatusRequest (MessageCategory Reversal).
bool reversal_needs_confirmation(const Json& reversal_response);
// Maps the body of a TransactionStatusResponse about a ReversalRequest: the ReversalResponse it
// repeats. Anything else (NotFound, InProgress, no repeated response) leaves it Unknown.
ReversalResult reversal_status_result_from(const Json& transaction_status_response);
// Maps the body of a ReconciliationResponse or GetTotalsResponse; TransactionTotals that name
// another SaleID are left out.
TerminalTotals totals_from(const Json& totals_response, std::string_view sale_id);
// "CustCancel", "MerchantCancel", "Malfunction".
std::string_view reversal_reason_code(ReversalReason reason);

// PaymentInstrumentType asked for / reported: Card, StoredValue (e-money), Mobile (QR).
std::string_view instrument_type_for(PaymentMethod method);  // empty for Any
std::string method_name(std::string_view payment_instrument_type);
PaymentMethod method_for_instrument(std::string_view payment_instrument_type);

// Compact one-line JSON text; invalid UTF-8 is replaced rather than thrown about.
std::string serialize(const Json& message);

// ISO 8601 UTC with milliseconds, e.g. "2025-04-01T00:15:30.250Z".
std::string timestamp_now();

}  // namespace madoguchi::payment::nexo
