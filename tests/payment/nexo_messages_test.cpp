// The nexo messages the kiosk sends, field by field, and how the terminal's answers map to
// PaymentResult.
#include "madoguchi/payment/nexo_messages.hpp"

#include "madoguchi/payment/base64.hpp"

#include <gtest/gtest.h>

namespace madoguchi::payment::nexo {
namespace {

MessageHeader header(MessageCategory category, std::string service_id = "SVC0000001") {
  MessageHeader header;
  header.category = category;
  header.service_id = std::move(service_id);
  header.sale_id = "MADOGUCHI-KIOSK-1";
  header.poi_id = "POI-1";
  return header;
}

Json expected_header(std::string_view category, std::string_view type, std::string_view service) {
  return {{"ProtocolVersion", "3.0"}, {"MessageClass", "Service"}, {"MessageCategory", category},
          {"MessageType", type},      {"ServiceID", service},      {"SaleID", "MADOGUCHI-KIOSK-1"},
          {"POIID", "POI-1"}};
}

TEST(NexoRequests, PaymentRequestHasExactlyTheNexoFields) {
  const PaymentRequest request{"20250401-0001-1", 300, PaymentMethod::Any, ""};
  const auto message =
      payment_request(header(MessageCategory::Payment), request, "2025-04-01T00:15:30.250Z");
  const Json expected = {
      {"SaleToPOIRequest",
       {{"MessageHeader", expected_header("Payment", "Request", "SVC0000001")},
        {"PaymentRequest",
         {{"SaleData",
           {{"SaleTransactionID",
             {{"TransactionID", "20250401-0001-1"}, {"TimeStamp", "2025-04-01T00:15:30.250Z"}}}}},
          {"PaymentTransaction", {{"AmountsReq", {{"Currency", "JPY"}, {"RequestedAmount", 300}}}}},
          {"PaymentData", {{"PaymentType", "Normal"}}}}}}}};
  EXPECT_EQ(message, expected) << message.dump(2);
}

TEST(NexoRequests, PaymentRequestNamesTheMethodAndTheFee) {
  const PaymentRequest request{"T-2", 450, PaymentMethod::EMoney, "戸籍証明書 1通"};
  const auto message = payment_request(header(MessageCategory::Payment), request, "ts");
  const auto& body = message["SaleToPOIRequest"]["PaymentRequest"];
  EXPECT_EQ(body["PaymentData"]["PaymentInstrumentData"]["PaymentInstrumentType"], "StoredValue");
  ASSERT_EQ(body["PaymentTransaction"]["SaleItem"].size(), 1u);
  EXPECT_EQ(body["PaymentTransaction"]["SaleItem"][0]["ProductLabel"], "戸籍証明書 1通");
  EXPECT_EQ(body["PaymentTransaction"]["SaleItem"][0]["ItemAmount"], 450);
  EXPECT_EQ(instrument_type_for(PaymentMethod::CreditCard), "Card");
  EXPECT_EQ(instrument_type_for(PaymentMethod::QrCode), "Mobile");
  EXPECT_EQ(instrument_type_for(PaymentMethod::Any), "");
}

TEST(NexoRequests, LoginRequestDescribesAnUnattendedKiosk) {
  const auto message = login_request(header(MessageCategory::Login), SaleSoftware{}, "now");
  EXPECT_EQ(message["SaleToPOIRequest"]["MessageHeader"],
            expected_header("Login", "Request", "SVC0000001"));
  const auto& body = message["SaleToPOIRequest"]["LoginRequest"];
  EXPECT_EQ(body["DateTime"], "now");
  EXPECT_EQ(body["SaleSoftware"]["ManufacturerID"], "Madoguchi");
  EXPECT_EQ(body["SaleSoftware"]["ApplicationName"], "Madoguchi kiosk");
  EXPECT_TRUE(body["SaleSoftware"].contains("SoftwareVersion"));
  EXPECT_TRUE(body["SaleSoftware"].contains("CertificationCode"));
  EXPECT_EQ(body["SaleTerminalData"]["TerminalEnvironment"], "Unattended");
  EXPECT_EQ(body["OperatorLanguage"], "ja");
}

TEST(NexoRequests, AbortRefersToThePaymentsServiceId) {
  const MessageReference reference{MessageCategory::Payment, "PAYSERVICE", "MADOGUCHI-KIOSK-1",
                                   "POI-1"};
  const auto message = abort_request(header(MessageCategory::Abort, "ABORT00001"), reference,
                                     "cancelled at the kiosk");
  const Json expected = {{"SaleToPOIRequest",
                          {{"MessageHeader", expected_header("Abort", "Request", "ABORT00001")},
                           {"AbortRequest",
                            {{"MessageReference",
                              {{"MessageCategory", "Payment"},
                               {"ServiceID", "PAYSERVICE"},
                               {"SaleID", "MADOGUCHI-KIOSK-1"},
                               {"POIID", "POI-1"}}},
                             {"AbortReason", "cancelled at the kiosk"}}}}}};
  EXPECT_EQ(message, expected) << message.dump(2);
}

TEST(NexoRequests, TransactionStatusWithAndWithoutReference) {
  const MessageReference reference{MessageCategory::Payment, "PAYSERVICE", "MADOGUCHI-KIOSK-1", ""};
  const auto referenced =
      transaction_status_request(header(MessageCategory::TransactionStatus), reference);
  EXPECT_EQ(referenced["SaleToPOIRequest"]["TransactionStatusRequest"],
            (Json{{"MessageReference",
                   {{"MessageCategory", "Payment"},
                    {"ServiceID", "PAYSERVICE"},
                    {"SaleID", "MADOGUCHI-KIOSK-1"}}}}));
  const auto last =
      transaction_status_request(header(MessageCategory::TransactionStatus), std::nullopt);
  EXPECT_EQ(last["SaleToPOIRequest"]["TransactionStatusRequest"], Json::object());
  EXPECT_EQ(last["SaleToPOIRequest"]["MessageHeader"]["MessageCategory"], "TransactionStatus");
}

TEST(NexoRequests, ReversalNamesTheOriginalPoiTransactionAndItsOwnId) {
  ReversalRequest request;
  request.sale_transaction_id = "MDG-20250401-091530-7K2Q9D";
  request.poi_transaction_id = "SIM-00000007";
  request.poi_timestamp = "2025-04-01T00:15:31.000Z";
  request.reversal_id = "MDG-20250401-091530-7K2Q9D-R1";
  request.amount_yen = 300;
  request.reason = ReversalReason::CustomerCancel;
  const auto message = reversal_request(header(MessageCategory::Reversal, "REV0000001"), request,
                                        "2025-04-01T00:20:00.000Z");
  const Json expected = {
      {"SaleToPOIRequest",
       {{"MessageHeader", expected_header("Reversal", "Request", "REV0000001")},
        {"ReversalRequest",
         {{"OriginalPOITransaction",
           {{"SaleID", "MADOGUCHI-KIOSK-1"},
            {"POIID", "POI-1"},
            {"POITransactionID",
             {{"TransactionID", "SIM-00000007"}, {"TimeStamp", "2025-04-01T00:15:31.000Z"}}}}},
          {"ReversalReason", "CustCancel"},
          {"ReversedAmount", 300},
          {"SaleData",
           {{"SaleTransactionID",
             {{"TransactionID", "MDG-20250401-091530-7K2Q9D-R1"},
              {"TimeStamp", "2025-04-01T00:20:00.000Z"}}},
            {"SaleReferenceID", "MDG-20250401-091530-7K2Q9D"}}}}}}}};
  EXPECT_EQ(message, expected) << message.dump(2);
  EXPECT_EQ(reversal_reason_code(ReversalReason::MerchantCancel), "MerchantCancel");
  EXPECT_EQ(reversal_reason_code(ReversalReason::Malfunction), "Malfunction");
}

TEST(NexoRequests, LogoutReconciliationAndGetTotals) {
  const auto logout = logout_request(header(MessageCategory::Logout));
  EXPECT_EQ(logout["SaleToPOIRequest"]["LogoutRequest"], (Json{{"MaintenanceAllowed", true}}));
  EXPECT_EQ(logout["SaleToPOIRequest"]["MessageHeader"]["MessageCategory"], "Logout");

  const auto close =
      reconciliation_request(header(MessageCategory::Reconciliation), "SaleReconciliation", {});
  EXPECT_EQ(close["SaleToPOIRequest"]["ReconciliationRequest"],
            (Json{{"ReconciliationType", "SaleReconciliation"}}));
  const auto again = reconciliation_request(header(MessageCategory::Reconciliation),
                                            "PreviousReconciliation", std::string("1007"));
  EXPECT_EQ(
      again["SaleToPOIRequest"]["ReconciliationRequest"],
      (Json{{"ReconciliationType", "PreviousReconciliation"}, {"POIReconciliationID", "1007"}}));

  const auto totals = get_totals_request(header(MessageCategory::GetTotals));
  EXPECT_EQ(
      totals["SaleToPOIRequest"]["GetTotalsRequest"],
      (Json{{"TotalDetails", {"SaleID"}}, {"TotalFilter", {{"SaleID", "MADOGUCHI-KIOSK-1"}}}}));
  EXPECT_EQ(totals["SaleToPOIRequest"]["MessageHeader"]["MessageCategory"], "GetTotals");
}

Json reversal_failure(std::string_view condition, std::string_view additional) {
  return {
      {"Response",
       {{"Result", "Failure"}, {"ErrorCondition", condition}, {"AdditionalResponse", additional}}}};
}

TEST(NexoResults, ReversalAnswersMapToOutcomes) {
  const auto reversed = reversal_result_from(Json::parse(R"({
    "Response": {"Result": "Success"},
    "POIData": {"POITransactionID": {"TransactionID": "SIM-R-00000001", "TimeStamp": "t"}},
    "ReversedAmount": 300})"));
  EXPECT_EQ(reversed.outcome, ReversalOutcome::Reversed);
  EXPECT_EQ(reversed.amount_yen, 300);
  EXPECT_EQ(reversed.reversal_poi_transaction_id, "SIM-R-00000001");

  const auto twice = reversal_result_from(
      reversal_failure("NotAllowed", "message=already&refusalReason=AlreadyReversed"));
  EXPECT_EQ(twice.outcome, ReversalOutcome::AlreadyReversed);
  EXPECT_EQ(twice.reason, "AlreadyReversed");
  const auto closed =
      reversal_result_from(reversal_failure("NotAllowed", "refusalReason=PeriodClosed"));
  EXPECT_EQ(closed.outcome, ReversalOutcome::NotAllowed);
  EXPECT_EQ(closed.reason, "PeriodClosed");
  EXPECT_EQ(reversal_result_from(reversal_failure("NotFound", "message=no")).outcome,
            ReversalOutcome::NotFound);
  EXPECT_EQ(reversal_result_from(reversal_failure("Refusal", "")).outcome,
            ReversalOutcome::NotAllowed);
  EXPECT_EQ(reversal_result_from(reversal_failure("UnreachableHost", "")).outcome,
            ReversalOutcome::TerminalUnavailable);
  EXPECT_EQ(reversal_result_from(reversal_failure("Busy", "")).outcome,
            ReversalOutcome::TerminalUnavailable);
  EXPECT_EQ(reversal_result_from(reversal_failure("InProgress", "")).outcome,
            ReversalOutcome::Unknown);
  EXPECT_EQ(reversal_result_from(reversal_failure("MessageFormat", "")).outcome,
            ReversalOutcome::Error);
  // Answers that prove nothing leave the reversal in doubt.
  EXPECT_EQ(reversal_result_from(Json::object()).outcome, ReversalOutcome::Unknown);
  EXPECT_EQ(reversal_result_from(Json{{"Response", {{"Result", "Success"}}}}).outcome,
            ReversalOutcome::Unknown);
}

TEST(NexoResults, TotalsAreSummedPerMethodForThisSaleOnly) {
  const auto totals = totals_from(Json::parse(R"({
    "Response": {"Result": "Success"},
    "POIReconciliationID": "1007",
    "TransactionTotals": [
      {"PaymentInstrumentType": "Card", "SaleID": "MADOGUCHI-KIOSK-1", "PaymentCurrency": "JPY",
       "PaymentTotals": [{"TransactionType": "Debit", "TransactionCount": 2, "TransactionAmount": 600},
                         {"TransactionType": "ReverseDebit", "TransactionCount": 1, "TransactionAmount": 300}]},
      {"PaymentInstrumentType": "StoredValue", "PaymentCurrency": "JPY",
       "PaymentTotals": [{"TransactionType": "Debit", "TransactionCount": 1, "TransactionAmount": 200}]},
      {"PaymentInstrumentType": "Card", "SaleID": "OTHER-KIOSK", "PaymentCurrency": "JPY",
       "PaymentTotals": [{"TransactionType": "Debit", "TransactionCount": 5, "TransactionAmount": 1500}]}
    ]})"),
                                  "MADOGUCHI-KIOSK-1");
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals.period_id, "1007");
  ASSERT_EQ(totals.methods.size(), 2u);
  EXPECT_EQ(totals.methods[0].method, PaymentMethod::CreditCard);
  EXPECT_EQ(totals.methods[0].payments, 2);
  EXPECT_EQ(totals.methods[0].payment_yen, 600);
  EXPECT_EQ(totals.methods[0].reversals, 1);
  EXPECT_EQ(totals.methods[0].reversal_yen, 300);
  EXPECT_EQ(totals.methods[0].net_yen(), 300);
  EXPECT_EQ(totals.methods[1].method, PaymentMethod::EMoney);
  EXPECT_EQ(totals.methods[1].payment_yen, 200);

  const auto numeric_id = totals_from(
      Json::parse(R"({"Response": {"Result": "Success"}, "POIReconciliationID": 12})"), "K");
  EXPECT_EQ(numeric_id.period_id, "12");
  EXPECT_TRUE(numeric_id.methods.empty());
  EXPECT_EQ(totals_from(reversal_failure("Busy", ""), "K").outcome,
            TotalsOutcome::TerminalUnavailable);
  EXPECT_EQ(totals_from(reversal_failure("NotFound", ""), "K").outcome, TotalsOutcome::Error);
  EXPECT_EQ(totals_from(Json::object(), "K").outcome, TotalsOutcome::Unknown);
}

// Issue 15: a hostile terminal's totals overflowed an int (UBSan in totals_from). Counts and
// amounts out of range, and sums that would overflow, are refused with the field named.
TEST(NexoResults, HostileTotalsAreRefusedNamingTheFieldNeverWrapped) {
  const auto totals_with = [](const std::string& payment_totals) {
    return totals_from(
        Json::parse(R"({"Response": {"Result": "Success"}, "POIReconciliationID": "9",
      "TransactionTotals": [{"PaymentInstrumentType": "Card", "PaymentTotals": )" +
                    payment_totals + "}]}"),
        "K");
  };
  // Each count fits an int; their sum does not.
  const auto counts = totals_with(
      R"([{"TransactionType": "Debit", "TransactionCount": 2147483647, "TransactionAmount": 300},
          {"TransactionType": "Debit", "TransactionCount": 1, "TransactionAmount": 300}])");
  EXPECT_EQ(counts.outcome, TotalsOutcome::Error);
  EXPECT_TRUE(counts.methods.empty());
  EXPECT_NE(counts.message.find("TransactionTotals[0].PaymentTotals[1].TransactionCount"),
            std::string::npos)
      << counts.message;
  EXPECT_NE(counts.message.find("overflows"), std::string::npos) << counts.message;

  const auto huge_count =
      totals_with(R"([{"TransactionType": "ReverseDebit", "TransactionCount": 3000000000}])");
  EXPECT_EQ(huge_count.outcome, TotalsOutcome::Error);
  EXPECT_NE(huge_count.message.find("PaymentTotals[0].TransactionCount: 3000000000 is not a whole "
                                    "number from 0 to 2147483647"),
            std::string::npos)
      << huge_count.message;

  const auto huge_amount = totals_with(
      R"([{"TransactionType": "Debit", "TransactionCount": 1, "TransactionAmount": 1e30}])");
  EXPECT_EQ(huge_amount.outcome, TotalsOutcome::Error);
  EXPECT_NE(huge_amount.message.find("PaymentTotals[0].TransactionAmount"), std::string::npos)
      << huge_amount.message;

  // Each line is within the limit of a period's total (10^15 yen); their sum is not.
  const auto sum = totals_with(
      R"([{"TransactionType": "Debit", "TransactionCount": 1, "TransactionAmount": 600000000000000},
          {"TransactionType": "Debit", "TransactionCount": 1, "TransactionAmount": 600000000000000}])");
  EXPECT_EQ(sum.outcome, TotalsOutcome::Error);
  EXPECT_NE(sum.message.find("TransactionAmount: the Debit total of Card exceeds"),
            std::string::npos)
      << sum.message;

  const auto negative = totals_with(
      R"([{"TransactionType": "Debit", "TransactionCount": -5, "TransactionAmount": 300}])");
  EXPECT_EQ(negative.outcome, TotalsOutcome::Error);
  EXPECT_NE(negative.message.find("TransactionCount: -5"), std::string::npos) << negative.message;

  // An approval for an amount beyond any fee is not an approval of a known amount.
  const auto approved = payment_result_from(Json::parse(R"({
    "Response": {"Result": "Success"},
    "PaymentResult": {"AmountsResp": {"AuthorizedAmount": 4294967596}}})"));
  EXPECT_EQ(approved.outcome, PaymentOutcome::Unknown);
  EXPECT_NE(approved.message.find("AuthorizedAmount: 4294967596"), std::string::npos)
      << approved.message;
}

TEST(NexoEnvelope, ReadsHeadersAndBodiesAndRejectsJunk) {
  const auto message = envelope(
      [] {
        auto h = header(MessageCategory::Payment);
        h.message_type = "Response";
        return h;
      }(),
      {{"Response", {{"Result", "Success"}}}});
  ASSERT_TRUE(message.contains("SaleToPOIResponse"));
  const auto parsed = header_of(message);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->category, MessageCategory::Payment);
  EXPECT_EQ(parsed->message_type, "Response");
  EXPECT_EQ(parsed->service_id, "SVC0000001");
  ASSERT_NE(body_of(message), nullptr);
  EXPECT_EQ((*body_of(message))["Response"]["Result"], "Success");

  EXPECT_FALSE(header_of(Json::parse(R"({"Hello": 1})")).has_value());
  EXPECT_FALSE(header_of(Json::parse(R"([1, 2])")).has_value());
  EXPECT_FALSE(header_of(Json::parse(R"({"SaleToPOIResponse": {"MessageHeader": 3}})")));
  EXPECT_EQ(body_of(Json::parse(R"({"SaleToPOIResponse": 7})")), nullptr);
}

TEST(NexoEnvelope, CategoriesRoundTrip) {
  for (const auto category :
       {MessageCategory::Login, MessageCategory::Logout, MessageCategory::Payment,
        MessageCategory::Abort, MessageCategory::TransactionStatus, MessageCategory::Reversal,
        MessageCategory::Reconciliation, MessageCategory::GetTotals}) {
    EXPECT_EQ(category_from_string(to_string(category)), category);
  }
  EXPECT_EQ(category_from_string("Banana"), MessageCategory::Other);
  EXPECT_EQ(body_name(MessageCategory::Reversal, "Request"), "ReversalRequest");
  EXPECT_EQ(body_name(MessageCategory::Event, "Notification"), "EventNotification");
}

// A terminal set to answer in JSON sends AdditionalResponse as Base64 of a JSON object.
TEST(NexoAdditionalResponse, ReadsBase64Json) {
  const std::string json =
      R"({"message":"残高 不足","additionalData":{"refusalReason":"A&B=C","message":"inner"},)"
      R"("store":"St1","count":3})";
  const auto fields = parse_additional_response(base64_encode(json));
  EXPECT_EQ(fields.at("message"), "残高 不足");  // the object's own member wins
  EXPECT_EQ(fields.at("refusalReason"), "A&B=C");
  EXPECT_EQ(fields.at("store"), "St1");
  EXPECT_FALSE(fields.contains("count"));  // not a string
  // Base64 of something that is not a JSON object is read as key=value text.
  EXPECT_FALSE(parse_additional_response("bWVzc2FnZT1oaQ==").contains("message"));
  EXPECT_EQ(parse_additional_response("message=hi").at("message"), "hi");
}

TEST(NexoAdditionalResponse, EncodesAndDecodes) {
  const auto text = additional_response({{"message", "残高 不足"}, {"refusalReason", "A&B=C"}});
  EXPECT_EQ(text.find(' '), std::string::npos);
  const auto fields = parse_additional_response(text);
  EXPECT_EQ(fields.at("message"), "残高 不足");
  EXPECT_EQ(fields.at("refusalReason"), "A&B=C");
  EXPECT_EQ(parse_additional_response("message=Uncompleted%20transaction").at("message"),
            "Uncompleted transaction");
  EXPECT_TRUE(parse_additional_response("").empty());
  EXPECT_EQ(parse_additional_response("bad%zz=1%").at("bad%zz"), "1%");
}

Json approved_response() {
  return Json::parse(R"({
    "Response": {"Result": "Success"},
    "SaleData": {"SaleTransactionID": {"TransactionID": "T-1", "TimeStamp": "t"}},
    "POIData": {"POITransactionID": {"TransactionID": "SIM-00000007", "TimeStamp": "t"}},
    "PaymentResult": {
      "PaymentType": "Normal",
      "PaymentInstrumentData": {"PaymentInstrumentType": "Card",
                                "CardData": {"PaymentBrand": "VISA"}},
      "AmountsResp": {"Currency": "JPY", "AuthorizedAmount": 300},
      "PaymentAcquirerData": {"AcquirerPOIID": "POI-1", "MerchantID": "M",
                              "ApprovalCode": "123456"}}})");
}

Json failure_response(std::string_view error_condition, std::string_view additional = "") {
  Json body = {{"Response", {{"Result", "Failure"}, {"ErrorCondition", error_condition}}},
               {"SaleData", {{"SaleTransactionID", {{"TransactionID", "T-1"}}}}},
               {"POIData", {{"POITransactionID", {{"TransactionID", "SIM-00000008"}}}}}};
  if (!additional.empty()) body["Response"]["AdditionalResponse"] = additional;
  return body;
}

TEST(NexoResults, ApprovedPaymentCarriesTheTerminalsReferences) {
  const auto result = payment_result_from(approved_response());
  EXPECT_EQ(result.outcome, PaymentOutcome::Approved);
  EXPECT_EQ(result.poi_transaction_id, "SIM-00000007");
  EXPECT_EQ(result.approval_code, "123456");
  EXPECT_EQ(result.amount_yen, 300);
  EXPECT_EQ(result.method_used, "クレジットカード");
  EXPECT_EQ(result.error_condition, "");
  EXPECT_EQ(result.decline_reason, DeclineReason::None);
  EXPECT_EQ(result.method, PaymentMethod::CreditCard);
  EXPECT_EQ(result.poi_timestamp, "t");
  EXPECT_EQ(method_for_instrument("StoredValue"), PaymentMethod::EMoney);
  EXPECT_EQ(method_for_instrument("Mobile"), PaymentMethod::QrCode);
  EXPECT_EQ(method_for_instrument("Cheque"), PaymentMethod::Any);
}

TEST(NexoResults, RefusalsAreDeclinedWithTheirReason) {
  auto refused = payment_result_from(failure_response("Refusal", "message=declined"));
  EXPECT_EQ(refused.outcome, PaymentOutcome::Declined);
  EXPECT_EQ(refused.decline_reason, DeclineReason::Refused);
  EXPECT_EQ(refused.message, "declined");
  EXPECT_EQ(refused.amount_yen, 0);
  EXPECT_EQ(refused.poi_transaction_id, "SIM-00000008");

  auto balance =
      payment_result_from(failure_response("Refusal", "message=x&refusalReason=NotEnoughBalance"));
  EXPECT_EQ(balance.decline_reason, DeclineReason::InsufficientBalance);
  auto adyen_style =
      payment_result_from(failure_response("Refusal", "refusalReason=Not%20enough%20balance"));
  EXPECT_EQ(adyen_style.decline_reason, DeclineReason::InsufficientBalance);
  EXPECT_EQ(payment_result_from(failure_response("WrongPIN")).outcome, PaymentOutcome::Declined);
}

TEST(NexoResults, EveryErrorConditionHasAnOutcome) {
  const std::vector<std::pair<std::string, PaymentOutcome>> table{
      {"Refusal", PaymentOutcome::Declined},
      {"InvalidCard", PaymentOutcome::Declined},
      {"PaymentRestriction", PaymentOutcome::Declined},
      {"Cancel", PaymentOutcome::Cancelled},
      {"Aborted", PaymentOutcome::Cancelled},
      {"InProgress", PaymentOutcome::Unknown},
      {"Busy", PaymentOutcome::TerminalUnavailable},
      {"DeviceOut", PaymentOutcome::TerminalUnavailable},
      {"UnavailableDevice", PaymentOutcome::TerminalUnavailable},
      {"UnavailableService", PaymentOutcome::TerminalUnavailable},
      {"UnreachableHost", PaymentOutcome::TerminalUnavailable},
      {"LoggedOut", PaymentOutcome::TerminalUnavailable},
      {"NotFound", PaymentOutcome::Error},
      {"MessageFormat", PaymentOutcome::Error},
      {"NotAllowed", PaymentOutcome::Error},
      {"SomethingNew", PaymentOutcome::Error},
  };
  for (const auto& [condition, outcome] : table) {
    EXPECT_EQ(outcome_for(condition), outcome) << condition;
    const auto result = payment_result_from(failure_response(condition));
    EXPECT_EQ(result.outcome, outcome) << condition;
    EXPECT_EQ(result.error_condition, condition);
  }
}

TEST(NexoResults, AnswersThatProveNothingAreUnknown) {
  EXPECT_EQ(payment_result_from(Json::object()).outcome, PaymentOutcome::Unknown);
  EXPECT_EQ(payment_result_from(Json::parse(R"({"Response": {"Result": "Maybe"}})")).outcome,
            PaymentOutcome::Unknown);
  auto no_amount = approved_response();
  no_amount["PaymentResult"].erase("AmountsResp");
  EXPECT_EQ(payment_result_from(no_amount).outcome, PaymentOutcome::Unknown);
  EXPECT_EQ(payment_result_from(Json::parse("[]")).outcome, PaymentOutcome::Unknown);
}

TEST(NexoResults, TransactionStatusReportsTheOriginalOutcome) {
  const Json processed = {
      {"Response", {{"Result", "Success"}}},
      {"MessageReference", {{"MessageCategory", "Payment"}, {"ServiceID", "S"}, {"SaleID", "K"}}},
      {"RepeatedMessageResponse",
       {{"MessageHeader", expected_header("Payment", "Response", "S")},
        {"RepeatedResponseMessageBody", {{"PaymentResponse", approved_response()}}}}}};
  const auto approved = status_result_from(processed, "T-1");
  EXPECT_EQ(approved.outcome, PaymentOutcome::Approved);
  EXPECT_EQ(approved.poi_transaction_id, "SIM-00000007");
  // The terminal's last transaction is not the one asked about.
  EXPECT_EQ(status_result_from(processed, "T-9").outcome, PaymentOutcome::Unknown);

  const auto in_progress = status_result_from(
      Json{{"Response", {{"Result", "Failure"}, {"ErrorCondition", "InProgress"}}}}, "T-1");
  EXPECT_EQ(in_progress.outcome, PaymentOutcome::Unknown);
  const auto not_found = status_result_from(
      Json{{"Response", {{"Result", "Failure"}, {"ErrorCondition", "NotFound"}}}}, "T-1");
  EXPECT_EQ(not_found.outcome, PaymentOutcome::Error);
  EXPECT_EQ(not_found.error_condition, "NotFound");
  EXPECT_EQ(status_result_from(Json{{"Response", {{"Result", "Success"}}}}, "T-1").outcome,
            PaymentOutcome::Unknown);
}

TEST(NexoTime, TimestampIsIsoUtcWithMilliseconds) {
  const auto now = timestamp_now();
  ASSERT_EQ(now.size(), 24u) << now;
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now[19], '.');
  EXPECT_EQ(now.back(), 'Z');
}

TEST(NexoSerialize, OneLineEvenWithNewlinesAndBadUtf8) {
  const auto text = serialize(Json{{"a", "line1\nline2"}, {"b", std::string("\xff\xfe")}});
  EXPECT_EQ(text.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::payment::nexo
