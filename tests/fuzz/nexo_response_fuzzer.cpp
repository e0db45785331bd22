// libFuzzer target for what a payment terminal answers (payment/nexo_messages.cpp).
//
// Every input is a SaleToPOIResponse as a terminal — or something posing as one on the LAN —
// could send: its header and body are read, and the body is mapped as a payment, a transaction
// status, a reversal and a set of totals, as NexoTerminal would; and its first 32 bytes as the
// numbers of a totals answer. Built with UBSan, so an
// overflow in the totals (issue 15: payment/nexo_messages.cpp:531) stops the run; the
// invariants below stop it with __builtin_trap(), which libFuzzer reports as a crash with the
// input saved. Built and run by scripts/fuzz.sh.
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "madoguchi/payment/nexo_messages.hpp"

namespace {

namespace nexo = madoguchi::payment::nexo;
using madoguchi::payment::PaymentOutcome;
using madoguchi::payment::ReversalOutcome;

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "nexo_response_fuzzer: invariant violated: %s\n", what);
  __builtin_trap();
}

void check(bool ok, const char* what) {
  if (!ok) violated(what);
}

void read_body(const nexo::Json& body) {
  const auto payment = nexo::payment_result_from(body);
  if (payment.outcome == PaymentOutcome::Approved) {
    check(payment.amount_yen >= 0, "an approved payment has an amount of 0 or more yen");
  }
  const auto status = nexo::status_result_from(body, "K1-0001");
  if (status.outcome == PaymentOutcome::Approved) {
    check(status.amount_yen >= 0, "an approved status has an amount of 0 or more yen");
  }
  const auto reversal = nexo::reversal_result_from(body);
  if (reversal.outcome == ReversalOutcome::Reversed) {
    check(reversal.amount_yen >= 0, "a reversal gives back 0 or more yen");
  }
  if (nexo::reversal_needs_confirmation(body)) {
    check(reversal.outcome == ReversalOutcome::Unknown,
          "a reversal accepted without an amount is not taken as given back");
  }
  const auto confirmed = nexo::reversal_status_result_from(body);
  if (confirmed.outcome == ReversalOutcome::Reversed) {
    check(confirmed.amount_yen > 0, "a confirmed reversal names the yen given back");
  }
  const auto totals = nexo::totals_from(body, "MADOGUCHI-KIOSK-1");
  if (totals.ok()) {
    for (const auto& line : totals.methods) {
      check(line.payments >= 0 && line.reversals >= 0, "counts are not negative");
      check(line.payment_yen >= 0 && line.reversal_yen >= 0, "totals are not negative");
      check(line.payment_yen <= 1'000'000'000'000'000LL &&
                line.reversal_yen <= 1'000'000'000'000'000LL,
            "totals stay within the limit");
      (void)line.net_yen();  // UBSan: never overflows within the limit
    }
  } else {
    check(totals.methods.empty() || totals.outcome != madoguchi::payment::TotalsOutcome::Error ||
              totals.message.find("refused") == std::string::npos,
          "refused totals carry no lines");
  }
  if (const auto response = nexo::response_status(body)) {
    (void)nexo::parse_additional_response(response->additional_response);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Structure-aware: the first 32 bytes as the counts and amounts of two Debit lines of one
  // method in a well-formed totals answer, so that the edges (negative, beyond an int,
  // overflowing sums) are reached at once rather than by editing digits of the seeds.
  if (size >= 32) {
    long long v[4];
    std::memcpy(v, data, sizeof v);
    const auto line = [](long long count, long long amount) {
      return nexo::Json{
          {"TransactionType", "Debit"}, {"TransactionCount", count}, {"TransactionAmount", amount}};
    };
    const nexo::Json totals = {
        {"Response", {{"Result", "Success"}}},
        {"TransactionTotals",
         nexo::Json::array(
             {{{"PaymentInstrumentType", "Card"},
               {"PaymentTotals", nexo::Json::array({line(v[0], v[1]), line(v[2], v[3])})}}})}};
    read_body(totals);
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)nexo::parse_additional_response(text);
  const auto message = nexo::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return 0;
  (void)nexo::header_of(message);
  (void)nexo::serialize(message);
  if (const nexo::Json* body = nexo::body_of(message)) {
    (void)nexo::reference_of(*body);
    read_body(*body);
  }
  // A body on its own, as the mapping functions are given it.
  read_body(message);
  return 0;
}
