#include <iostream>

#include "devices/worker_devices.hpp"
#include "madoguchi/kiosk/device_worker.hpp"
#include "madoguchi/kiosk/payment_words.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "madoguchi/printer/ipp_printer.hpp"

namespace madoguchi::kiosk {

namespace {

PaymentStatus payment_status(payment::PaymentOutcome outcome) {
  using O = payment::PaymentOutcome;
  switch (outcome) {
    case O::Approved:
      return PaymentStatus::Approved;
    case O::Declined:
      return PaymentStatus::Declined;
    case O::Cancelled:
      return PaymentStatus::Cancelled;
    case O::Timeout:
      return PaymentStatus::Timeout;
    case O::Unknown:
      return PaymentStatus::Unknown;
    case O::TerminalUnavailable:
      return PaymentStatus::Unavailable;
    case O::Error:
      return PaymentStatus::Error;
  }
  return PaymentStatus::Error;
}

// How long a withdrawal waits for the printer to confirm a cancel (a printer confirms within a
// second or two; one holding a job for paper cannot until refilled: then the job "may still
// print", and no refund is offered).
constexpr std::chrono::seconds kWithdrawConfirm{5};

}  // namespace

// TakePayment: the fee at the terminal, through the payment desk's journal.
void DeviceWorker::take_payment(const TakePayment& pay) {
  auto& d = *devices_;
  if (!settings_.terminal.configured() || !open_payments()) {
    post(PaymentDone{PaymentStatus::Unavailable,
                     say("支払い端末が使えません。窓口でお支払いください。"), "", "", ""});
    return;
  }
  payment::Fee fee;
  fee.amount_yen = pay.amount_yen;
  fee.description = pay.description;
  const auto paid = d.desk->pay(fee, payment::PaymentMethod::Any, pay.reference);
  PaymentStatus status = PaymentStatus::Error;
  if (paid.paid()) {
    status = PaymentStatus::Approved;
  } else if (paid.in_doubt()) {
    status = PaymentStatus::Unknown;
  } else if (paid.nothing_charged()) {
    status = payment_status(paid.result.outcome);
    if (status == PaymentStatus::Approved || status == PaymentStatus::Unknown ||
        status == PaymentStatus::Timeout) {
      status = PaymentStatus::Error;  // e.g. a partial approval, given back at once
    }
  }
  if (status == PaymentStatus::Unavailable || status == PaymentStatus::Unknown) {
    // For the town's IT staff: why the terminal could not be used or left the payment in doubt
    // (TLS refused, an answer that does not open, no answer). Terminal details only.
    std::cerr << "kiosk: payment terminal " << settings_.terminal.where() << ": "
              << paid.result.message << " (transaction " << paid.id << ")\n";
  }
  // For the town's numbers: which kind of cashless payment it was.
  const auto method = paid.result.method;
  const char* kind = method == payment::PaymentMethod::CreditCard ? "card"
                     : method == payment::PaymentMethod::EMoney   ? "emoney"
                     : method == payment::PaymentMethod::QrCode   ? "qr"
                                                                  : "";
  post(PaymentDone{status, payment_words(paid.notice), paid.result.method_used,
                   paid.result.poi_transaction_id, paid.id, kind});
  return;
}

// PayAtCounter: a slip the counter settles in cash, kept in the journal.
void DeviceWorker::pay_at_counter(const PayAtCounter& cash) {
  auto& d = *devices_;
  payment::Fee fee;
  fee.amount_yen = cash.amount_yen;
  fee.description = cash.description;
  auto slip = open_payments() ? d.desk->pay_at_counter(fee, cash.reference)
                              : payment::JournalResult<payment::JournalEntry>(
                                    std::unexpected(payment::JournalError{"no payment journal"}));
  if (!slip) {
    std::cerr << "kiosk: cash slip: " << slip.error().message << "\n";
    post(PaymentDone{PaymentStatus::Error,
                     say("窓口でのお支払いの手続きができませんでした。係員をお呼びください。"), "",
                     "", ""});
    return;
  }
  post(PaymentDone{PaymentStatus::CashAtCounter, say("窓口で現金でお支払いください。"),
                   say("現金（窓口でお支払い）"), "", slip->sale_transaction_id});
  return;
}

// The applications go to the counter (the resident chose it, or left): what of them is still at
// the printer is withdrawn first, so that it cannot come out later for whoever stands there.
void DeviceWorker::hand_to_counter(const std::string& payment_id,
                                   const std::vector<std::string>& reception_numbers) {
  auto& d = *devices_;
  for (const std::string& reception_number : reception_numbers) {
    const auto withdrawn = withdraw_application(reception_number);
    if (withdrawn.application_printed) {
      std::cerr << "kiosk: the application of " << reception_number
                << " printed after all; it stays with the counter\n";
    }
  }
  if (payment_id.empty() || !open_payments()) return;
  const auto handed = d.desk->hand_to_counter(payment_id);
  if (!handed) {
    std::cerr << "kiosk: hand to counter: " << handed.error().message << "\n";
    return;
  }
  for (const std::string& reception_number : reception_numbers) {
    record_payment_state(reception_number, submission::PaymentState::HandedToCounter);
  }
}

// ResidentLeft: as HandToCounter; the print in progress has stopped (resident_left_).
void DeviceWorker::resident_left(const ResidentLeft& left) {
  hand_to_counter(left.payment_id, left.reception_numbers);
  for (const std::string& reception_number : left.reception_numbers) {
    std::cerr << "kiosk: the resident left; application " << reception_number
              << " is kept for the counter\n";
  }
  resident_left_ = false;
  return;
}

// RefundPayment: money and paper agree. A payment for several applications is given back only
// when none of them printed or can still print.
void DeviceWorker::refund_payment(const RefundPayment& refund) {
  auto& d = *devices_;
  Withdrawn withdrawn;
  for (const std::string& reception_number : refund.reception_numbers) {
    const auto one = withdraw_application(reception_number);
    withdrawn.application_printed = withdrawn.application_printed || one.application_printed;
    withdrawn.application_may_print = withdrawn.application_may_print || one.application_may_print;
  }
  if (withdrawn.application_printed || withdrawn.application_may_print) {
    post(RefundDone{false, withdrawn.application_printed
                               ? say("申請書は印刷されていました。お支払いは取り消していません。"
                                     "窓口でお受け取りください。")
                               : say("申請書がまだプリンターに残っているため、お支払いは取り消して"
                                     "いません。窓口でお受け取りください。")});
    return;
  }
  if (!open_payments()) {
    post(RefundDone{false, say("いまは取り消しができません。窓口で返金の手続きをします")});
    return;
  }
  const auto reversed = d.desk->reverse(refund.payment_id, payment::ReversalReason::CustomerCancel);
  if (reversed.reversed()) {
    for (const std::string& reception_number : refund.reception_numbers) {
      record_payment_state(reception_number, submission::PaymentState::Refunded);
    }
  }
  post(RefundDone{reversed.reversed(), refund_words(reversed.notice)});
  return;
}

DeviceWorker::Withdrawn DeviceWorker::withdraw_application(const std::string& reception_number) {
  auto& d = *devices_;
  Withdrawn out;
  if (settings_.printer_uri.empty()) return out;  // PDF files only: nothing at a printer
  const auto known = d.applications.find(reception_number);
  const std::string stem =
      known != d.applications.end() && !known->second.empty() ? known->second : reception_number;
  const std::string& slip_printer =
      settings_.slip_printer_uri.empty() ? settings_.printer_uri : settings_.slip_printer_uri;
  for (const auto& [suffix, uri] :
       {std::pair<std::string, const std::string*>{"-application", &settings_.printer_uri},
        {"-slip", &slip_printer}}) {
    const auto withdrawn = withdraw_document(stem + suffix, *uri);
    const bool printed = withdrawn.result == printer::Withdrawal::Result::Printed;
    const bool may_print = withdrawn.result == printer::Withdrawal::Result::MayStillPrint;
    if (suffix == "-application") {
      out.application_printed = printed;
      out.application_may_print = may_print;
    }
  }
  return out;
}

printer::Withdrawal DeviceWorker::withdraw_document(const std::string& key,
                                                    const std::string& printer_uri) {
  auto& d = *devices_;
  std::optional<submission::PrintJobRecord> earlier;
  if (d.outbox) {
    if (auto found = d.outbox->print_job(key); found && *found) earlier = **found;
  }
  if (earlier && earlier->printed) {
    return {printer::Withdrawal::Result::Printed, earlier->job_id, "printed before"};
  }
  // Never sent (no job in the journal, and no print() of this run could have left one): there
  // is nothing to withdraw, and a printer that does not answer need not confirm it.
  if (!earlier && !d.maybe_at_printer.contains(key)) {
    return {printer::Withdrawal::Result::NotPrinted, 0, "never sent to the printer"};
  }
  printer::IppPrinter ipp(printer_uri, {.certificate_pins = settings_.printer_certificates});
  auto withdrawn = ipp.withdraw(key, earlier ? earlier->job_id : 0, kWithdrawConfirm);
  if (withdrawn.result == printer::Withdrawal::Result::Printed && d.outbox) {
    d.outbox->record_print_job({key, printer_uri, withdrawn.job_id, true});
  }
  if (withdrawn.result == printer::Withdrawal::Result::MayStillPrint) {
    std::cerr << "kiosk: " << key << " may still print: " << withdrawn.detail << "\n";
  }
  return withdrawn;
}

void DeviceWorker::record_payment_state(const std::string& reception_number,
                                        submission::PaymentState state) {
  auto& d = *devices_;
  const auto known = d.applications.find(reception_number);
  if (!d.outbox || known == d.applications.end() || known->second.empty()) return;
  if (auto set = d.outbox->set_payment_state(known->second, state); !set) {
    std::cerr << "kiosk: payment state: " << set.error().message << "\n";
    return;
  }
  if (d.courier) d.courier->wake();
}

}  // namespace madoguchi::kiosk
