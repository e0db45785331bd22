#include "madoguchi/payment/payment_desk.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <thread>

namespace madoguchi::payment {

namespace {

constexpr int kMaxFeeYen = 10'000'000;
constexpr std::size_t kMaxReferenceLength = 128;

std::string yen(long long amount) { return std::to_string(amount) + "円"; }

std::string totals_text(const MethodTotals& line) {
  return std::to_string(line.payments) + "件 " + yen(line.payment_yen) + "（取消 " +
         std::to_string(line.reversals) + "件 " + yen(line.reversal_yen) + "）";
}

// Asks the terminal what became of a payment; a payment still waiting on the terminal (its
// kiosk gave up or crashed) is aborted first, so that the answer is final.
PaymentResult ask_status(PaymentTerminal& terminal, const std::string& id,
                         const std::function<void(DeskStep, const std::string&)>& checkpoint) {
  auto status = terminal.status(id);
  if (status.outcome == PaymentOutcome::Unknown && status.error_condition == "InProgress" &&
      terminal.abort(id)) {
    status = terminal.status(id);
  }
  if (checkpoint) checkpoint(DeskStep::StatusReceived, id);
  return status;
}

ReversalRequest reversal_of(const JournalEntry& entry, const std::string& reversal_id,
                            ReversalReason reason) {
  ReversalRequest request;
  request.sale_transaction_id = entry.sale_transaction_id;
  request.poi_transaction_id = entry.poi_transaction_id;
  request.poi_timestamp = entry.poi_timestamp;
  request.reversal_id = reversal_id;
  request.amount_yen = entry.authorized_yen;
  request.reason = reason;
  return request;
}

// If a 日計 was begun and the terminal has closed that period since, but the journal never
// heard the answer: fetch the closed period's totals and finish the journal's side.
std::optional<DeskTotals> finish_pending_close(PaymentJournal& journal, PaymentTerminal& terminal,
                                               const TerminalTotals& open) {
  const auto pending = journal.closing();
  if (!pending || !open.ok() || pending->period_id == open.period_id) return std::nullopt;
  DeskTotals totals;
  totals.period_id = pending->period_id;
  totals.journal = journal.open_totals();
  totals.terminal = terminal.previous_totals(pending->period_id);
  if (!totals.terminal.ok()) {
    totals.message = "前回の締めの集計を支払い端末から取得できません";
    return totals;
  }
  totals.matches = totals.terminal.methods == totals.journal;
  if (journal.finish_close(pending->period_id, totals.terminal.methods, totals.journal,
                           totals.matches)) {
    totals.closed = true;
  }
  return totals;
}

}  // namespace

std::string_view to_string(DeskStep step) {
  switch (step) {
    case DeskStep::IntentWritten:
      return "intent-written";
    case DeskStep::SentWritten:
      return "sent-written";
    case DeskStep::AnswerReceived:
      return "answer-received";
    case DeskStep::AnswerWritten:
      return "answer-written";
    case DeskStep::StatusReceived:
      return "status-received";
    case DeskStep::DocumentDoneWritten:
      return "document-done-written";
    case DeskStep::ReversalIntentWritten:
      return "reversal-intent-written";
    case DeskStep::ReversalAnswerReceived:
      return "reversal-answer-received";
  }
  return "unknown";
}

std::string SettleReport::clerk_message() const {
  if (clean() && resolved.empty()) return "確認が必要なお支払いはありません";
  std::string message;
  if (!resolved.empty()) {
    message += "結果を確認したお支払い " + std::to_string(resolved.size()) + "件。";
  }
  if (!approved_without_document.empty()) {
    message += "支払い済みで書類を渡していないもの " +
               std::to_string(approved_without_document.size()) +
               "件（再印刷、窓口での交付、取り消しのいずれかをしてください）。";
  }
  if (!still_in_doubt.empty()) {
    message += "結果が確認できないもの " + std::to_string(still_in_doubt.size()) +
               "件（支払い端末の状態を確認してください。印刷はしません）。";
  }
  return message;
}

SettleReport settle_in_doubt(PaymentJournal& journal, PaymentTerminal& terminal,
                             const SettleOptions& options) {
  SettleReport report;
  for (const auto& entry : journal.unsettled_entries()) {
    const auto& id = entry.sale_transaction_id;
    std::optional<JournalEntry> now;
    switch (entry.state) {
      case JournalState::Intent: {
        // The handle is journaled before any byte of the request is written: no handle, no
        // request. Nothing to ask the terminal.
        if (auto recorded = journal.record_not_sent(id, "the kiosk stopped before sending")) {
          now = *recorded;
        }
        break;
      }
      case JournalState::Sent:
      case JournalState::InDoubt: {
        if (!entry.handle.empty()) terminal.restore_handle(id, entry.handle);
        const auto status = ask_status(terminal, id, options.checkpoint);
        if (settled(status) || entry.state == JournalState::Sent) {
          // Sent with no final answer becomes InDoubt; anything final is the truth.
          if (auto recorded = journal.record_answer(id, status)) now = *recorded;
        }
        break;
      }
      case JournalState::ReversalSent: {
        const auto result =
            terminal.reverse(reversal_of(entry, entry.reversal_id, entry.reversal_reason));
        if (options.checkpoint) options.checkpoint(DeskStep::ReversalAnswerReceived, id);
        if (auto recorded = journal.record_reversal_answer(id, result)) now = *recorded;
        break;
      }
      default:
        break;
    }
    const auto& latest = now ? *now : entry;
    if (unsettled(latest.state)) {
      report.still_in_doubt.push_back(latest);
    } else {
      report.resolved.push_back(latest);
    }
  }
  report.approved_without_document = journal.approved_without_document();
  return report;
}

PaymentDesk::PaymentDesk(PaymentJournal& journal, PaymentTerminal& terminal, DeskOptions options)
    : journal_(journal), terminal_(terminal), options_(std::move(options)) {}

void PaymentDesk::checkpoint(DeskStep step, const std::string& id) const {
  if (options_.checkpoint) options_.checkpoint(step, id);
}

SettleReport PaymentDesk::settle() {
  std::lock_guard lock(mutex_);
  SettleOptions settle_options;
  settle_options.checkpoint = options_.checkpoint;
  auto report = settle_in_doubt(journal_, terminal_, settle_options);
  if (journal_.closing()) finish_pending_close(journal_, terminal_, terminal_.totals());
  return report;
}

DeskPayment PaymentDesk::outcome(const JournalEntry& entry, const PaymentResult& result,
                                 int fee_yen) const {
  DeskPayment payment;
  payment.id = entry.sale_transaction_id;
  payment.state = entry.state;
  payment.result = result;
  payment.fee_yen = fee_yen;
  switch (entry.state) {
    case JournalState::InDoubt:
    case JournalState::Sent:
    case JournalState::Intent:
      payment.notice = PaymentNotice::NotKnown;
      break;
    case JournalState::NotCharged:
      payment.notice =
          result.error_condition == "NotFound" ? PaymentNotice::NeverTaken : notice_of(result);
      break;
    default:
      payment.notice = notice_of(result);
      break;
  }
  return payment;
}

DeskPayment PaymentDesk::pay(const Fee& fee, PaymentMethod method, const std::string& reference) {
  std::lock_guard lock(mutex_);
  DeskPayment refused;
  refused.fee_yen = fee.amount_yen;
  if (fee.amount_yen <= 0 || fee.amount_yen > kMaxFeeYen || reference.empty() ||
      reference.size() > kMaxReferenceLength) {
    refused.result.outcome = PaymentOutcome::Error;
    refused.result.message = "invalid fee or reference";
    refused.notice = notice_of(refused.result);
    return refused;
  }
  NewPayment attempt;
  attempt.reference = reference;
  attempt.description = fee.description;
  attempt.amount_yen = fee.amount_yen;
  attempt.method = method;
  const auto intent = journal_.begin_payment(attempt);
  if (!intent) {
    // Without a journal no payment is safe: send the resident to the counter, unpaid.
    refused.result.outcome = PaymentOutcome::TerminalUnavailable;
    refused.result.message = intent.error().message;
    refused.notice = notice_of(refused.result);
    return refused;
  }
  const auto id = intent->sale_transaction_id;
  checkpoint(DeskStep::IntentWritten, id);
  {
    std::lock_guard current(current_mutex_);
    current_id_ = id;
  }
  struct ClearCurrent {
    PaymentDesk& desk;
    ~ClearCurrent() {
      std::lock_guard current(desk.current_mutex_);
      desk.current_id_.clear();
    }
  } clear_current{*this};

  PaymentRequest request;
  request.sale_transaction_id = id;
  request.amount_yen = fee.amount_yen;
  request.method = method;
  request.description = fee.description;
  auto result =
      terminal_.pay(request, options_.payment_timeout,
                    [this](const std::string& sale_transaction_id, const std::string& handle) {
                      if (!journal_.record_sent(sale_transaction_id, handle)) {
                        return false;
                      }
                      checkpoint(DeskStep::SentWritten, sale_transaction_id);
                      return true;
                    });
  checkpoint(DeskStep::AnswerReceived, id);
  auto recorded = journal_.record_answer(id, result);
  if (!recorded) {
    // The answer could not be written; the terminal's ledger still has it, and settle() asks.
    JournalEntry unrecorded = *intent;
    unrecorded.state = settled(result) && result.outcome != PaymentOutcome::Approved
                           ? JournalState::NotCharged
                           : JournalState::InDoubt;
    return outcome(unrecorded, result, fee.amount_yen);
  }
  checkpoint(DeskStep::AnswerWritten, id);
  JournalEntry entry = *recorded;

  // In doubt: ask the terminal now, a few times (it may be rebooting), never pay again.
  for (int check = 0; entry.state == JournalState::InDoubt && check < options_.status_checks;
       ++check) {
    if (check > 0) std::this_thread::sleep_for(options_.status_interval);
    const auto status = ask_status(terminal_, id, options_.checkpoint);
    if (!settled(status)) continue;
    if (auto settled_entry = journal_.record_answer(id, status)) {
      entry = *settled_entry;
      result = status;
    }
  }

  auto payment = outcome(entry, result, fee.amount_yen);
  if (entry.state == JournalState::Approved && result.amount_yen != fee.amount_yen) {
    // One payment, the whole fee: a different amount is given back at once.
    const auto reversal = reverse_locked(id, ReversalReason::Malfunction);
    payment.state = reversal.state;
    payment.notice =
        reversal.reversed() ? PaymentNotice::WrongAmountGivenBack : PaymentNotice::WrongAmount;
  }
  return payment;
}

bool PaymentDesk::abort(const std::string& id) { return terminal_.abort(id); }

bool PaymentDesk::abort_current() {
  std::string id;
  {
    std::lock_guard current(current_mutex_);
    id = current_id_;
  }
  return !id.empty() && terminal_.abort(id);
}

JournalResult<JournalEntry> PaymentDesk::mark_document_done(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto done = journal_.record_document_done(id);
  if (done) checkpoint(DeskStep::DocumentDoneWritten, id);
  return done;
}

JournalResult<JournalEntry> PaymentDesk::hand_to_counter(const std::string& id) {
  std::lock_guard lock(mutex_);
  return journal_.record_handed_to_counter(id);
}

DeskReversal PaymentDesk::reverse(const std::string& id, ReversalReason reason) {
  std::lock_guard lock(mutex_);
  return reverse_locked(id, reason);
}

DeskReversal PaymentDesk::reverse_locked(const std::string& id, ReversalReason reason) {
  DeskReversal reversal;
  reversal.id = id;
  const auto entry = journal_.find(id);
  if (!entry) {
    reversal.result.outcome = ReversalOutcome::NotFound;
    reversal.result.message = "no such attempt in the journal";
    reversal.notice = notice_of(reversal.result);
    return reversal;
  }
  reversal.state = entry->state;
  if (entry->state == JournalState::Reversed) {
    reversal.result.outcome = ReversalOutcome::AlreadyReversed;
    reversal.result.amount_yen = entry->reversed_yen;
    reversal.result.reversal_poi_transaction_id = entry->reversal_poi_transaction_id;
    reversal.notice = notice_of(reversal.result);
    return reversal;
  }
  if (entry->state != JournalState::Approved && entry->state != JournalState::HandedToCounter &&
      entry->state != JournalState::ReversalSent) {
    reversal.result.outcome = ReversalOutcome::NotAllowed;
    reversal.result.reason = "NotCharged";
    reversal.result.message = "nothing was charged: " + std::string(to_string(entry->state));
    reversal.notice = RefundNotice::NothingCharged;
    return reversal;
  }
  // One id per reversal attempt; an attempt in doubt is resent with the same id.
  std::string reversal_id = entry->reversal_id;
  if (reversal_id.empty()) {
    const auto events = journal_.history(id);
    const auto attempts = std::count_if(events.begin(), events.end(), [](const JournalEvent& e) {
      return e.state == JournalState::ReversalSent && e.detail.starts_with("reversal ");
    });
    reversal_id = id + "-R" + std::to_string(attempts + 1);
  }
  auto sent = journal_.record_reversal_sent(id, reversal_id, reason);
  if (!sent) {
    reversal.result.outcome = ReversalOutcome::Error;
    reversal.result.message = sent.error().message;
    reversal.notice = notice_of(reversal.result);
    return reversal;
  }
  checkpoint(DeskStep::ReversalIntentWritten, id);
  reversal.result = terminal_.reverse(reversal_of(*sent, reversal_id, reason));
  checkpoint(DeskStep::ReversalAnswerReceived, id);
  if (auto recorded = journal_.record_reversal_answer(id, reversal.result)) {
    reversal.state = recorded->state;
  } else {
    reversal.state = JournalState::ReversalSent;
  }
  reversal.notice = notice_of(reversal.result);
  return reversal;
}

JournalResult<JournalEntry> PaymentDesk::pay_at_counter(const Fee& fee,
                                                        const std::string& reference) {
  if (fee.amount_yen <= 0 || fee.amount_yen > kMaxFeeYen || reference.empty() ||
      reference.size() > kMaxReferenceLength) {
    return std::unexpected(JournalError{"invalid fee or reference"});
  }
  std::lock_guard lock(mutex_);
  NewPayment slip;
  slip.reference = reference;
  slip.description = fee.description;
  slip.amount_yen = fee.amount_yen;
  return journal_.begin_cash_at_counter(slip);
}

JournalResult<JournalEntry> PaymentDesk::mark_cash_received(const std::string& id) {
  std::lock_guard lock(mutex_);
  return journal_.record_cash_received(id);
}

DeskTotals PaymentDesk::compare(const std::vector<MethodTotals>& journal,
                                TerminalTotals terminal) const {
  DeskTotals totals;
  totals.journal = journal;
  totals.terminal = std::move(terminal);
  totals.period_id = totals.terminal.period_id;
  totals.cash = journal_.open_cash();
  totals.in_doubt = static_cast<int>(journal_.unsettled_entries().size());
  if (!totals.terminal.ok()) {
    totals.message = "支払い端末から集計を取得できません";
    return totals;
  }
  std::map<PaymentMethod, std::pair<MethodTotals, MethodTotals>> lines;  // terminal, journal
  for (const auto& line : totals.terminal.methods) lines[line.method].first = line;
  for (const auto& line : journal) lines[line.method].second = line;
  for (auto& [method, pair] : lines) {
    pair.first.method = method;
    pair.second.method = method;
    if (pair.first == pair.second) continue;
    totals.differences.push_back(std::string(method_label(method)) + ": 端末 " +
                                 totals_text(pair.first) + " / 記録 " + totals_text(pair.second));
  }
  if (totals.in_doubt > 0) {
    totals.differences.push_back("結果を確認中のお支払いが " + std::to_string(totals.in_doubt) +
                                 "件あります");
  }
  totals.matches = totals.differences.empty();
  totals.message = totals.matches ? "支払い端末の集計と記録が一致しています"
                                  : "支払い端末の集計と記録が合いません。内容を確認してください";
  return totals;
}

DeskTotals PaymentDesk::totals() {
  std::lock_guard lock(mutex_);
  auto terminal = terminal_.totals();
  return compare(journal_.open_totals(), std::move(terminal));
}

DeskTotals PaymentDesk::close_day() {
  std::lock_guard lock(mutex_);
  SettleOptions settle_options;
  settle_options.checkpoint = options_.checkpoint;
  const auto report = settle_in_doubt(journal_, terminal_, settle_options);
  if (!report.still_in_doubt.empty()) {
    auto totals = compare(journal_.open_totals(), terminal_.totals());
    totals.message = "結果を確認中のお支払いがあるため、締めはできません";
    return totals;
  }
  auto open = terminal_.totals();
  if (auto finished = finish_pending_close(journal_, terminal_, open)) {
    // The previous 日計 had closed the terminal's period without the journal knowing; that is
    // the close the journal's open entries belong to.
    auto totals = compare(finished->journal, finished->terminal);
    totals.closed = finished->closed;
    totals.period_id = finished->period_id;
    if (totals.closed) totals.message = "締めました。" + totals.message;
    return totals;
  }
  if (!open.ok()) {
    auto totals = compare(journal_.open_totals(), std::move(open));
    totals.message = "支払い端末から集計を取得できないため、締めはできません";
    return totals;
  }
  const auto journal_totals = journal_.open_totals();
  if (auto begun = journal_.begin_close(open.period_id); !begun) {
    auto totals = compare(journal_totals, std::move(open));
    totals.message = plain_japanese(begun.error());
    return totals;
  }
  auto closed = terminal_.reconcile();
  if (!closed.ok() && closed.outcome == TotalsOutcome::Unknown) {
    // The answer was lost: if the period moved on, the terminal did close it.
    const auto after = terminal_.totals();
    if (after.ok() && after.period_id != open.period_id) {
      closed = terminal_.previous_totals(open.period_id);
    }
  }
  auto totals = compare(journal_totals, closed);
  if (!closed.ok()) {
    totals.message = "支払い端末の締めができませんでした。もう一度お試しください";
    return totals;
  }
  totals.period_id = closed.period_id;
  if (journal_.finish_close(closed.period_id, closed.methods, journal_totals, totals.matches)) {
    totals.closed = true;
    totals.message = "締めました。" + totals.message;
  }
  return totals;
}

}  // namespace madoguchi::payment
