#include "madoguchi/payment/nexo_terminal.hpp"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

namespace madoguchi::payment {

namespace {

using Clock = std::chrono::steady_clock;
using nexo::Json;
using nexo::MessageCategory;

// The handle the journal keeps for a Payment: "ServiceID@SaleID@POIID", so that a restarted
// kiosk asks about it under the identities it was sent with, whatever is configured then.
// A handle from before issue 17 is the ServiceID alone.
std::string handle_of(const std::string& service_id, const std::string& sale_id,
                      const std::string& poi_id) {
  return service_id + "@" + sale_id + "@" + poi_id;
}
struct SentAs {
  std::string service_id;
  std::string sale_id;  // empty: not known (an old handle)
  std::string poi_id;
};
SentAs sent_as(const std::string& handle) {
  const auto first = handle.find('@');
  const auto second = first == std::string::npos ? first : handle.find('@', first + 1);
  if (second == std::string::npos) return {handle, {}, {}};
  return {handle.substr(0, first), handle.substr(first + 1, second - first - 1),
          handle.substr(second + 1)};
}

constexpr std::size_t kMaxSaleTransactionIdLength = 64;

// A pay() in progress: the ServiceID of its Payment once sent, and whether the kiosk asked to
// abort before that.
struct ActivePayment {
  std::string service_id;
  bool abort_requested = false;
};

// Why a request got no answer to trust.
struct Trouble {
  enum class Kind {
    NotSent,    // it surely never reached the terminal (no connection; TLS refused)
    Lost,       // it may have: the connection ended, or no answer in time
    Untrusted,  // an answer came that does not open with the shared key
    Malformed,  // it opened, but is not the response to this request
  };
  Kind kind = Kind::NotSent;
  bool no_answer_in_time = false;
  std::string detail;
};

// The reason a plain (unsecured) answer gives, if it gives one: a terminal with another key
// says so in an EventNotification. Only for the message; it is never believed.
std::string plain_reason(std::string_view answer) {
  const auto message = Json::parse(answer, nullptr, false);
  const Json* details =
      message.is_discarded()
          ? nullptr
          : nexo::at_path(message, {"SaleToPOIRequest", "EventNotification", "EventDetails"});
  if (details == nullptr || !details->is_string()) return {};
  const auto fields = nexo::parse_additional_response(details->get<std::string>());
  const auto it = fields.find("message");
  return it == fields.end() ? std::string() : " (it says: " + it->second.substr(0, 120) + ")";
}

std::string milliseconds_text(std::chrono::milliseconds ms) {
  return std::to_string(ms.count()) + " ms";
}

PaymentResult result_of(PaymentOutcome outcome, std::string message) {
  PaymentResult result;
  result.outcome = outcome;
  result.message = std::move(message);
  return result;
}

}  // namespace

// The terminal's local API: one HTTPS POST per request, no connection kept between them, every
// message sealed and every answer opened with the shared key.
class NexoTerminal::Link {
 public:
  Link(TerminalAddress address, const nexo::NexoCipher& cipher, std::string sale_id,
       std::string poi_id, NexoOptions options)
      : address_(std::move(address)),
        cipher_(cipher),
        sale_id_(std::move(sale_id)),
        poi_id_(std::move(poi_id)),
        options_(std::move(options)),
        random_(std::random_device{}()) {}

  ~Link() { stopping_ = true; }

  PaymentResult pay(const PaymentRequest& request, std::chrono::milliseconds timeout,
                    const BeforeSend& before_send);
  bool abort(const std::string& sale_transaction_id);
  PaymentResult status(const std::string& sale_transaction_id);
  ReversalResult reverse(const ReversalRequest& request);
  TerminalTotals totals(MessageCategory category, std::string_view reconciliation_type,
                        const std::optional<std::string>& period_id);
  TerminalHealth health();
  bool logout();

  std::optional<std::string> service_id_of(const std::string& sale_transaction_id) const {
    std::lock_guard lock(mutex_);
    const auto it = service_ids_.find(sale_transaction_id);
    if (it == service_ids_.end()) return std::nullopt;
    return it->second;
  }

  void remember_service_id(const std::string& sale_transaction_id, const std::string& service_id) {
    std::lock_guard lock(mutex_);
    service_ids_[sale_transaction_id] = service_id;
  }

  void restore_handle(const std::string& sale_transaction_id, const std::string& handle) {
    const SentAs sent = sent_as(handle);
    std::lock_guard lock(mutex_);
    service_ids_[sale_transaction_id] = sent.service_id;
    sent_elsewhere_.erase(sale_transaction_id);
    if (!sent.sale_id.empty() && (sent.sale_id != sale_id_ || sent.poi_id != poi_id_)) {
      sent_elsewhere_[sale_transaction_id] = sent;
    }
  }

  // Why this kiosk cannot ask about a payment it sent as another SaleID or to another
  // terminal (its settings changed since), or nothing. The terminal asked now would answer
  // NotFound, which must not be read as "not charged".
  std::optional<std::string> sent_elsewhere(const std::string& sale_transaction_id) const {
    std::lock_guard lock(mutex_);
    const auto it = sent_elsewhere_.find(sale_transaction_id);
    if (it == sent_elsewhere_.end()) return std::nullopt;
    return "sent as SaleID " + it->second.sale_id + " to POIID " + it->second.poi_id +
           "; this kiosk is SaleID " + sale_id_ + " on POIID " + poi_id_ +
           ": ask that terminal under that SaleID (in doubt until then)";
  }

  bool logged_in() const {
    std::lock_guard lock(mutex_);
    return logged_in_;
  }

 private:
  nexo::MessageHeader header(MessageCategory category) {
    nexo::MessageHeader header;
    header.category = category;
    header.service_id = new_service_id();
    header.sale_id = sale_id_;
    header.poi_id = poi_id_;
    return header;
  }

  // Ten characters from 36, as nexo allows, random: a ServiceID stays unique per POIID for far
  // longer than the 48 hours asked (36^10 values), also across restarts of the kiosk.
  std::string new_service_id() {
    static constexpr char kIdCharacters[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::lock_guard lock(mutex_);
    std::uniform_int_distribution<std::size_t> pick(0, sizeof kIdCharacters - 2);
    std::string id(10, '0');
    for (auto& c : id) c = kIdCharacters[pick(random_)];
    return id;
  }

  std::expected<void, std::string> ensure_session(Clock::time_point deadline);
  std::expected<void, std::string> login(Clock::time_point deadline);

  // Seals `message`, posts it, and opens the answer. With `expect_answer` false (an Abort) an
  // empty answer is the terminal's acknowledgement. On success: the whole answer, a response
  // of `request.category` with the request's ServiceID.
  std::expected<Json, Trouble> exchange(const nexo::MessageHeader& request, const Json& message,
                                        std::chrono::milliseconds timeout,
                                        std::function<void()> on_sent = {},
                                        bool expect_answer = true);
  bool send_abort(const std::string& service_id, const std::string& reason);

  PaymentResult pay_once(const PaymentRequest& request, std::chrono::milliseconds timeout,
                         const BeforeSend& before_send, bool& logged_out);

  // The answer to a request other than Payment: its body, or why there is none.
  struct Answer {
    enum class Kind { Body, NoSession, NotSent, Lost, Malformed };
    Kind kind = Kind::Malformed;
    Json body;
    std::string detail;
    std::string service_id;  // of the request that got this answer
  };
  // Logs in if needed, sends the request `build` makes, waits up to request_timeout; a
  // LoggedOut answer logs in again and sends once more.
  Answer request(MessageCategory category,
                 const std::function<Json(const nexo::MessageHeader&)>& build);
  // Asks the terminal what became of the ReversalRequest sent with `service_id`.
  ReversalResult confirm_reversal(const std::string& service_id);

  const TerminalAddress address_;
  const nexo::NexoCipher cipher_;
  const std::string sale_id_;
  const std::string poi_id_;
  const NexoOptions options_;
  std::atomic<bool> stopping_{false};  // ends every wait when the adapter goes

  std::mutex session_mutex_;  // one login at a time
  mutable std::mutex mutex_;  // guards everything below
  bool logged_in_ = false;
  bool networks_online_ = false;                          // CommunicationOKFlag of the last Login
  std::map<std::string, ActivePayment> active_payments_;  // by SaleTransactionID
  std::map<std::string, std::string> service_ids_;        // SaleTransactionID -> ServiceID
  std::map<std::string, SentAs> sent_elsewhere_;          // restored payments sent under other IDs
  std::mt19937_64 random_;
};

std::expected<void, std::string> NexoTerminal::Link::ensure_session(Clock::time_point deadline) {
  std::lock_guard session_lock(session_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (logged_in_) return {};
  }
  return login(deadline);
}

std::expected<void, std::string> NexoTerminal::Link::login(Clock::time_point deadline) {
  const auto login_header = header(MessageCategory::Login);
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  const auto response = exchange(
      login_header, nexo::login_request(login_header, options_.software, nexo::timestamp_now()),
      std::max(std::chrono::milliseconds(1), std::min(left, options_.request_timeout)));
  if (!response) return std::unexpected("login: " + response.error().detail);
  const Json* body = nexo::body_of(*response);
  const auto status = body != nullptr ? nexo::response_status(*body) : std::nullopt;
  if (!status) return std::unexpected("login: malformed LoginResponse");
  if (!status->success()) return std::unexpected("login refused: " + status->error_condition);
  const Json* online = nexo::at_path(*body, {"POISystemData", "POIStatus", "CommunicationOKFlag"});
  std::lock_guard lock(mutex_);
  logged_in_ = true;
  networks_online_ = online == nullptr || (online->is_boolean() && online->get<bool>());
  return {};
}

std::expected<Json, Trouble> NexoTerminal::Link::exchange(const nexo::MessageHeader& request,
                                                          const Json& message,
                                                          std::chrono::milliseconds timeout,
                                                          std::function<void()> on_sent,
                                                          bool expect_answer) {
  auto sealed = cipher_.seal(nexo::serialize(message));
  if (!sealed) return std::unexpected(Trouble{Trouble::Kind::NotSent, false, sealed.error()});
  PostControl control;
  control.stop = &stopping_;
  control.on_sent = std::move(on_sent);
  auto answer =
      post_to_terminal(address_, "/nexo/", *sealed, options_.connect_timeout, timeout, control);
  if (!answer) {
    const auto& failure = answer.error();
    const auto kind = failure.may_have_arrived ? Trouble::Kind::Lost : Trouble::Kind::NotSent;
    return std::unexpected(Trouble{kind, failure.kind == PostFailure::Kind::NoAnswer,
                                   std::string(to_string(failure.kind)) + ": " + failure.detail});
  }
  if (!expect_answer && answer->empty()) return Json::object();
  auto plain = cipher_.open(*answer);
  if (!plain) {
    const auto& error = plain.error();
    std::string detail = "the terminal's answer does not open with the shared key (" +
                         std::string(nexo::to_string(error.problem)) + ": " + error.detail + ")";
    if (error.problem == nexo::OpenProblem::NotSecured) detail += plain_reason(*answer);
    return std::unexpected(Trouble{Trouble::Kind::Untrusted, false, std::move(detail)});
  }
  auto response = Json::parse(*plain, nullptr, false);
  const auto header = nexo::header_of(response);
  if (!header || header->message_type != "Response" || header->category != request.category ||
      header->service_id != request.service_id || nexo::body_of(response) == nullptr) {
    if (!expect_answer) return Json::object();  // e.g. a Reject event: the Abort came too late
    return std::unexpected(Trouble{Trouble::Kind::Malformed, false,
                                   "the answer is not the " +
                                       nexo::body_name(request.category, "Response") +
                                       " to ServiceID " + request.service_id});
  }
  return response;
}

bool NexoTerminal::Link::send_abort(const std::string& service_id, const std::string& reason) {
  const auto abort_header = header(MessageCategory::Abort);
  const nexo::MessageReference reference{MessageCategory::Payment, service_id, sale_id_, poi_id_};
  return exchange(abort_header, nexo::abort_request(abort_header, reference, reason),
                  options_.request_timeout, {}, /*expect_answer=*/false)
      .has_value();
}

PaymentResult NexoTerminal::Link::pay(const PaymentRequest& request,
                                      std::chrono::milliseconds timeout,
                                      const BeforeSend& before_send) {
  if (request.sale_transaction_id.empty() ||
      request.sale_transaction_id.size() > kMaxSaleTransactionIdLength) {
    return result_of(PaymentOutcome::Error, "invalid SaleTransactionID");
  }
  if (request.amount_yen <= 0) return result_of(PaymentOutcome::Error, "invalid amount");
  {
    std::lock_guard lock(mutex_);
    if (active_payments_.contains(request.sale_transaction_id)) {
      return result_of(PaymentOutcome::Error, "this transaction is already being paid");
    }
    active_payments_[request.sale_transaction_id] = ActivePayment{};
  }
  bool logged_out = false;
  auto result = pay_once(request, timeout, before_send, logged_out);
  if (logged_out) {
    // The terminal refused before doing anything: log in again and send it once more.
    {
      std::lock_guard lock(mutex_);
      logged_in_ = false;
    }
    result = pay_once(request, timeout, before_send, logged_out);
  }
  std::lock_guard lock(mutex_);
  active_payments_.erase(request.sale_transaction_id);
  return result;
}

PaymentResult NexoTerminal::Link::pay_once(const PaymentRequest& request,
                                           std::chrono::milliseconds timeout,
                                           const BeforeSend& before_send, bool& logged_out) {
  logged_out = false;
  if (auto session = ensure_session(Clock::now() + options_.request_timeout); !session) {
    return result_of(PaymentOutcome::TerminalUnavailable, session.error());
  }
  const auto payment_header = header(MessageCategory::Payment);
  const auto& service_id = payment_header.service_id;
  if (options_.before_payment_sent) {
    options_.before_payment_sent(request.sale_transaction_id, service_id);
  }
  if (before_send &&
      !before_send(request.sale_transaction_id, handle_of(service_id, sale_id_, poi_id_))) {
    return result_of(PaymentOutcome::Error, "not sent: the kiosk could not record it first");
  }
  {
    std::lock_guard lock(mutex_);
    auto& active = active_payments_[request.sale_transaction_id];
    if (active.abort_requested) {
      return result_of(PaymentOutcome::Cancelled, "cancelled at the kiosk before sending");
    }
    active.service_id = service_id;
    service_ids_[request.sale_transaction_id] = service_id;
  }

  // At the time-out, ask the terminal to stop (so that nobody can still pay at it) while the
  // Payment's own request waits abort_grace longer for the terminal's last word on it.
  std::mutex timer_mutex;
  std::condition_variable timer_changed;
  bool answered = false;
  bool abort_sent = false;
  const auto deadline = Clock::now() + timeout;
  std::thread timer([&] {
    std::unique_lock lock(timer_mutex);
    if (timer_changed.wait_until(lock, deadline, [&] { return answered; })) return;
    lock.unlock();
    send_abort(service_id, "kiosk time-out");
    lock.lock();
    abort_sent = true;
  });
  std::function<void()> on_sent;
  if (options_.after_payment_sent) {
    on_sent = [&] { options_.after_payment_sent(request.sale_transaction_id, service_id); };
  }
  auto response = exchange(payment_header,
                           nexo::payment_request(payment_header, request, nexo::timestamp_now()),
                           timeout + options_.abort_grace, std::move(on_sent));
  {
    std::lock_guard lock(timer_mutex);
    answered = true;
  }
  timer_changed.notify_all();
  timer.join();
  const bool timed_out = abort_sent || Clock::now() >= deadline;

  if (!response) {
    const auto& trouble = response.error();
    if (trouble.kind == Trouble::Kind::NotSent) {
      return result_of(PaymentOutcome::TerminalUnavailable, "not sent: " + trouble.detail);
    }
    if (timed_out && trouble.kind == Trouble::Kind::Lost) {
      return result_of(PaymentOutcome::Timeout,
                       "no answer within " + milliseconds_text(timeout) +
                           " and no confirmation of the abort; ask the terminal's status");
    }
    // The terminal may have charged: only a trusted status answer can tell.
    return result_of(PaymentOutcome::Unknown, trouble.detail + "; ask the terminal's status");
  }
  auto result = nexo::payment_result_from(*nexo::body_of(*response));
  logged_out = result.error_condition == "LoggedOut";
  if (timed_out && result.outcome == PaymentOutcome::Cancelled) {
    result.outcome = PaymentOutcome::Timeout;
    result.message =
        "no answer within " + milliseconds_text(timeout) + "; the terminal aborted the payment";
  }
  return result;  // e.g. Approved just before the abort: the truth wins
}

bool NexoTerminal::Link::abort(const std::string& sale_transaction_id) {
  if (sent_elsewhere(sale_transaction_id)) return false;  // not this terminal's to stop
  std::string service_id;
  {
    std::lock_guard lock(mutex_);
    const auto it = active_payments_.find(sale_transaction_id);
    if (it != active_payments_.end()) {
      if (it->second.service_id.empty()) {
        // Still logging in: the payment will not be sent at all.
        it->second.abort_requested = true;
        return true;
      }
      service_id = it->second.service_id;
    } else if (const auto known = service_ids_.find(sale_transaction_id);
               known != service_ids_.end()) {
      // A payment an earlier run of the kiosk sent (its ServiceID came back from the journal):
      // the terminal may still be waiting for a card that nobody will bring.
      service_id = known->second;
    } else {
      return false;
    }
  }
  return send_abort(service_id, "cancelled at the kiosk");
}

PaymentResult NexoTerminal::Link::status(const std::string& sale_transaction_id) {
  if (const auto elsewhere = sent_elsewhere(sale_transaction_id)) {
    return result_of(PaymentOutcome::Unknown, *elsewhere);
  }
  const auto answer =
      request(MessageCategory::TransactionStatus, [&](const nexo::MessageHeader& h) {
        std::optional<nexo::MessageReference> reference;
        if (auto service_id = service_id_of(sale_transaction_id)) {
          reference = nexo::MessageReference{MessageCategory::Payment, *service_id, sale_id_, {}};
        }
        return nexo::transaction_status_request(h, reference);
      });
  if (answer.kind != Answer::Kind::Body) {
    return result_of(PaymentOutcome::Unknown, "cannot ask the terminal: " + answer.detail);
  }
  // A LoggedOut that survived one new Login maps to Unknown ("status not available").
  return nexo::status_result_from(answer.body, sale_transaction_id);
}

NexoTerminal::Link::Answer NexoTerminal::Link::request(
    MessageCategory category, const std::function<Json(const nexo::MessageHeader&)>& build) {
  Answer answer;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto session = ensure_session(Clock::now() + options_.request_timeout); !session) {
      answer.kind = Answer::Kind::NoSession;
      answer.detail = session.error();
      return answer;
    }
    const auto request_header = header(category);
    answer.service_id = request_header.service_id;
    auto response = exchange(request_header, build(request_header), options_.request_timeout);
    if (!response) {
      const auto& trouble = response.error();
      answer.detail = trouble.detail;
      switch (trouble.kind) {
        case Trouble::Kind::NotSent:
          answer.kind = Answer::Kind::NotSent;
          break;
        case Trouble::Kind::Lost:
          answer.kind = Answer::Kind::Lost;
          break;
        case Trouble::Kind::Untrusted:
        case Trouble::Kind::Malformed:
          answer.kind = Answer::Kind::Malformed;
          break;
      }
      return answer;
    }
    const Json* body = nexo::body_of(*response);
    const auto status = nexo::response_status(*body);
    if (status && status->error_condition == "LoggedOut" && attempt == 0) {
      std::lock_guard lock(mutex_);
      logged_in_ = false;
      continue;
    }
    answer.kind = Answer::Kind::Body;
    answer.body = *body;
    return answer;
  }
  answer.kind = Answer::Kind::NoSession;
  answer.detail = "the terminal keeps refusing the login";
  return answer;
}

ReversalResult NexoTerminal::Link::reverse(const ReversalRequest& reversal) {
  ReversalResult result;
  if (reversal.reversal_id.empty() || reversal.reversal_id.size() > kMaxSaleTransactionIdLength ||
      reversal.poi_transaction_id.empty() || reversal.amount_yen <= 0) {
    result.outcome = ReversalOutcome::Error;
    result.message = "invalid reversal request";
    return result;
  }
  const auto answer = request(MessageCategory::Reversal, [&](const nexo::MessageHeader& h) {
    return nexo::reversal_request(h, reversal, nexo::timestamp_now());
  });
  switch (answer.kind) {
    case Answer::Kind::Body:
      if (nexo::reversal_needs_confirmation(answer.body))
        return confirm_reversal(answer.service_id);
      return nexo::reversal_result_from(answer.body);
    case Answer::Kind::NoSession:
    case Answer::Kind::NotSent:
      result.outcome = ReversalOutcome::TerminalUnavailable;
      break;
    case Answer::Kind::Lost:
    case Answer::Kind::Malformed:
      // It may have been done: the same reversal_id sent again tells.
      result.outcome = ReversalOutcome::Unknown;
      break;
  }
  result.message = "reversal: " + answer.detail;
  return result;
}

ReversalResult NexoTerminal::Link::confirm_reversal(const std::string& service_id) {
  // Adyen confirms a reversal asynchronously: a moment may pass before the status tells.
  constexpr int kTries = 3;
  constexpr auto kBetweenTries = std::chrono::milliseconds(300);
  ReversalResult result;
  for (int attempt = 0; attempt < kTries; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(kBetweenTries);
    const auto answer =
        request(MessageCategory::TransactionStatus, [&](const nexo::MessageHeader& h) {
          return nexo::transaction_status_request(
              h, nexo::MessageReference{MessageCategory::Reversal, service_id, sale_id_, {}});
        });
    if (answer.kind != Answer::Kind::Body) {
      result.outcome = ReversalOutcome::Unknown;
      result.message = "reversal accepted, not confirmed: " + answer.detail;
      return result;
    }
    result = nexo::reversal_status_result_from(answer.body);
    if (result.outcome != ReversalOutcome::Unknown || result.error_condition != "InProgress") break;
  }
  if (result.outcome == ReversalOutcome::Unknown) {
    result.message = "reversal accepted, not confirmed (" + result.message +
                     "); the same reversal sent again tells";
  }
  return result;
}

TerminalTotals NexoTerminal::Link::totals(MessageCategory category,
                                          std::string_view reconciliation_type,
                                          const std::optional<std::string>& period_id) {
  const auto answer = request(category, [&](const nexo::MessageHeader& h) {
    return category == MessageCategory::GetTotals
               ? nexo::get_totals_request(h)
               : nexo::reconciliation_request(h, reconciliation_type, period_id);
  });
  if (answer.kind == Answer::Kind::Body) return nexo::totals_from(answer.body, sale_id_);
  TerminalTotals totals;
  totals.outcome = answer.kind == Answer::Kind::NoSession || answer.kind == Answer::Kind::NotSent
                       ? TotalsOutcome::TerminalUnavailable
                       : TotalsOutcome::Unknown;
  totals.message = std::string(nexo::to_string(category)) + ": " + answer.detail;
  return totals;
}

TerminalHealth NexoTerminal::Link::health() {
  TerminalHealth health;
  {
    // Log in afresh: the LoginResponse is where the terminal reports its state.
    std::lock_guard lock(mutex_);
    logged_in_ = false;
  }
  if (auto session = ensure_session(Clock::now() + options_.request_timeout); !session) {
    health.message = session.error();
    return health;
  }
  std::lock_guard lock(mutex_);
  health.reachable = true;
  health.networks_online = networks_online_;
  health.message = networks_online_ ? "ok" : "the terminal cannot reach the card networks";
  return health;
}

bool NexoTerminal::Link::logout() {
  {
    std::lock_guard lock(mutex_);
    if (!logged_in_) return true;
    logged_in_ = false;
  }
  const auto logout_header = header(MessageCategory::Logout);
  const auto response =
      exchange(logout_header, nexo::logout_request(logout_header), options_.request_timeout);
  if (!response) return false;
  const auto status = nexo::response_status(*nexo::body_of(*response));
  return status && status->success();
}

NexoTerminal::NexoTerminal(TerminalAddress address, const nexo::NexoCipher& cipher,
                           std::string sale_id, std::string poi_id, NexoOptions options)
    : link_(std::make_unique<Link>(std::move(address), cipher, std::move(sale_id),
                                   std::move(poi_id), std::move(options))) {}

NexoTerminal::~NexoTerminal() = default;

PaymentResult NexoTerminal::pay(const PaymentRequest& request, std::chrono::milliseconds timeout,
                                const BeforeSend& before_send) {
  return link_->pay(request, timeout, before_send);
}

ReversalResult NexoTerminal::reverse(const ReversalRequest& request) {
  return link_->reverse(request);
}

TerminalTotals NexoTerminal::totals() {
  return link_->totals(MessageCategory::GetTotals, {}, std::nullopt);
}

TerminalTotals NexoTerminal::reconcile() {
  return link_->totals(MessageCategory::Reconciliation, "SaleReconciliation", std::nullopt);
}

TerminalTotals NexoTerminal::previous_totals(const std::string& period_id) {
  return link_->totals(MessageCategory::Reconciliation, "PreviousReconciliation", period_id);
}

TerminalHealth NexoTerminal::health() { return link_->health(); }

bool NexoTerminal::logout() { return link_->logout(); }

bool NexoTerminal::abort(const std::string& sale_transaction_id) {
  return link_->abort(sale_transaction_id);
}

PaymentResult NexoTerminal::status(const std::string& sale_transaction_id) {
  return link_->status(sale_transaction_id);
}

std::optional<std::string> NexoTerminal::service_id_of(
    const std::string& sale_transaction_id) const {
  return link_->service_id_of(sale_transaction_id);
}

void NexoTerminal::restore_handle(const std::string& sale_transaction_id,
                                  const std::string& handle) {
  link_->restore_handle(sale_transaction_id, handle);
}

void NexoTerminal::remember_service_id(const std::string& sale_transaction_id,
                                       const std::string& service_id) {
  link_->remember_service_id(sale_transaction_id, service_id);
}

bool NexoTerminal::logged_in() const { return link_->logged_in(); }

}  // namespace madoguchi::payment
