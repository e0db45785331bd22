#include "madoguchi/kiosk/payments.hpp"

namespace madoguchi::kiosk {

std::string sale_id_of_kiosk(const std::string& kiosk_id) { return "MADOGUCHI-" + kiosk_id; }

Settlement settle_after_restart(payment::PaymentDesk& desk, const KeptApplication& kept_application,
                                const RecordPaymentState& record_state) {
  Settlement out;
  const auto report = desk.settle();
  out.resolved = static_cast<int>(report.resolved.size());
  out.still_in_doubt = static_cast<int>(report.still_in_doubt.size());
  for (const auto& entry : report.approved_without_document) {
    if (kept_application) {
      if (auto reception = kept_application(entry.sale_transaction_id)) {
        if (desk.hand_to_counter(entry.sale_transaction_id)) {
          if (record_state) {
            record_state(entry.sale_transaction_id, submission::PaymentState::HandedToCounter);
          }
          out.counter_reception_numbers.push_back(*reception);
          continue;
        }
      }
    }
    const auto reversed =
        desk.reverse(entry.sale_transaction_id, payment::ReversalReason::Malfunction);
    if (reversed.reversed()) {
      ++out.given_back;
    } else {
      ++out.not_given_back;
    }
  }
  // The desk's own sentences for what is still open; the approved ones were dealt with here,
  // and say what became of them instead.
  auto rest = report;
  rest.approved_without_document.clear();
  std::string message = rest.clean() && rest.resolved.empty() ? "" : rest.clerk_message();
  if (out.handed_to_counter() > 0) {
    std::string numbers;
    for (const auto& n : out.counter_reception_numbers) {
      numbers += (numbers.empty() ? "" : "、") + n;
    }
    message += "支払い済みで印刷できなかった申請 " + std::to_string(out.handed_to_counter()) +
               "件（受付番号 " + numbers + "）は保存済みです。窓口で印刷してお渡しください。";
  }
  if (out.given_back > 0) {
    message +=
        "書類を渡せなかった支払い " + std::to_string(out.given_back) + "件を取り消しました。";
  }
  if (out.not_given_back > 0) {
    message += "取り消せなかった支払い " + std::to_string(out.not_given_back) +
               "件があります（窓口で返金してください）。";
  }
  out.clerk_message = message.empty() ? "確認が必要なお支払いはありません" : message;
  return out;
}

KeptApplication kept_in(submission::Outbox& outbox) {
  return [&outbox](const std::string& payment_id) -> std::optional<std::string> {
    auto found = outbox.find_by_payment(payment_id);
    if (found && *found) return (**found).reception_number;
    return std::nullopt;
  };
}

RecordPaymentState recorded_in(submission::Outbox& outbox) {
  return [&outbox](const std::string& payment_id, submission::PaymentState state) {
    auto found = outbox.find_by_payment(payment_id);
    if (found && *found) (void)outbox.set_payment_state((**found).application_id, state);
  };
}

nlohmann::json to_json(const Settlement& s) {
  return {{"resolved", s.resolved},
          {"handed_to_counter", s.handed_to_counter()},
          {"counter_reception_numbers", s.counter_reception_numbers},
          {"given_back", s.given_back},
          {"not_given_back", s.not_given_back},
          {"still_in_doubt", s.still_in_doubt},
          {"clean", s.clean()},
          {"clerk_message", s.clerk_message}};
}

nlohmann::json to_json(const payment::DeskTotals& totals) {
  const auto methods = [](const std::vector<payment::MethodTotals>& list) {
    auto array = nlohmann::json::array();
    for (const auto& m : list) {
      array.push_back({{"method", std::string(payment::method_label(m.method))},
                       {"payments", m.payments},
                       {"payment_yen", m.payment_yen},
                       {"reversals", m.reversals},
                       {"reversal_yen", m.reversal_yen},
                       {"net_yen", m.net_yen()}});
    }
    return array;
  };
  return {{"period", totals.period_id},
          {"closed", totals.closed},
          {"journal", methods(totals.journal)},
          {"terminal", methods(totals.terminal.methods)},
          {"cash_pending", totals.cash.pending},
          {"cash_pending_yen", totals.cash.pending_yen},
          {"cash_received", totals.cash.received},
          {"cash_received_yen", totals.cash.received_yen},
          {"in_doubt", totals.in_doubt},
          {"matches", totals.matches},
          {"differences", totals.differences},
          {"message", totals.message}};
}

}  // namespace madoguchi::kiosk
