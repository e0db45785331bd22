#include "madoguchi/payment/nexo_terminal.hpp"

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include "madoguchi/payment/json_lines.hpp"

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

enum class SendStatus { Sent, NotConnected, Failed };
enum class WaitFailure { ConnectionLost, Timeout };

// A pay() in progress: the ServiceID of its Payment once sent, and whether the kiosk asked to
// abort before that.
struct ActivePayment {
  std::string service_id;
  bool abort_requested = false;
};

// A request waiting for the response with its ServiceID.
struct Waiter {
  std::optional<Json> response;
  bool connection_lost = false;
};

std::string milliseconds_text(std::chrono::milliseconds ms) {
  return std::to_string(ms.count()) + " ms";
}

PaymentResult result_of(PaymentOutcome outcome, std::string message) {
  PaymentResult result;
  result.outcome = outcome;
  result.message = std::move(message);
  return result;
}

// The body of `response` when it is a response of `category`, else nullptr.
const Json* response_body(const Json& response, MessageCategory category) {
  const auto header = nexo::header_of(response);
  if (!header || header->category != category || header->message_type != "Response") {
    return nullptr;
  }
  return nexo::body_of(response);
}

}  // namespace

// The connection to the terminal: one TCP connection, one reader thread that hands each
// response to the request waiting for its ServiceID, writes serialised by a mutex.
class NexoTerminal::Link {
 public:
  Link(std::string host, int port, std::string sale_id, std::string poi_id, NexoOptions options)
      : host_(std::move(host)),
        port_(port),
        sale_id_(std::move(sale_id)),
        poi_id_(std::move(poi_id)),
        options_(std::move(options)),
        random_(std::random_device{}()) {}

  ~Link() {
    {
      std::lock_guard write_lock(write_mutex_);
      socket_.shutdown();
    }
    if (reader_.joinable()) reader_.join();
  }

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

  bool connected() const {
    std::lock_guard lock(mutex_);
    return connected_;
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

  // Ten characters, as nexo allows; random so that a restarted kiosk does not reuse one.
  std::string new_service_id() {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::lock_guard lock(mutex_);
    std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
    std::string id(10, '0');
    for (auto& c : id) c = kAlphabet[pick(random_)];
    return id;
  }

  std::expected<void, std::string> ensure_session(Clock::time_point deadline);
  std::expected<void, std::string> connect(Clock::time_point deadline);
  std::expected<void, std::string> login(Clock::time_point deadline);
  void read_responses();
  // Ends a connection that can no longer be trusted; the next call connects afresh.
  void drop_connection() {
    std::lock_guard write_lock(write_mutex_);
    socket_.shutdown();
    std::lock_guard lock(mutex_);
    connected_ = false;
    logged_in_ = false;
  }

  void expect_response(const std::string& service_id) {
    std::lock_guard lock(mutex_);
    waiters_[service_id] = Waiter{};
  }
  void forget_response(const std::string& service_id) {
    std::lock_guard lock(mutex_);
    waiters_.erase(service_id);
  }
  SendStatus send(const Json& message);
  std::expected<Json, WaitFailure> wait_response(const std::string& service_id,
                                                 Clock::time_point deadline);
  // Sends a request and waits for its response (Login, TransactionStatus).
  std::expected<Json, std::string> exchange(const nexo::MessageHeader& header, const Json& message,
                                            Clock::time_point deadline);

  PaymentResult pay_once(const PaymentRequest& request, Clock::time_point deadline,
                         std::chrono::milliseconds timeout, const BeforeSend& before_send,
                         bool& logged_out);

  // The answer to a request other than Payment: its body, or why there is none.
  struct Answer {
    enum class Kind { Body, NoSession, NotSent, Lost, NoAnswer, Malformed };
    Kind kind = Kind::Malformed;
    Json body;
    std::string detail;
  };
  // Connects and logs in if needed, sends the request `build` makes, waits up to
  // request_timeout; a LoggedOut answer logs in again and sends once more. A request that gets
  // no answer in time ends the connection (a terminal that hangs is not trusted again).
  Answer request(MessageCategory category,
                 const std::function<Json(const nexo::MessageHeader&)>& build);

  const std::string host_;
  const int port_;
  const std::string sale_id_;
  const std::string poi_id_;
  const NexoOptions options_;

  std::mutex session_mutex_;  // one connect + login at a time
  std::mutex write_mutex_;    // guards writes to socket_ and replacing it; taken before mutex_
  LineSocket socket_;
  std::thread reader_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable response_arrived_;
  bool connected_ = false;  // set by connect(), cleared by the reader when the connection ends
  bool logged_in_ = false;
  bool networks_online_ = false;           // CommunicationOKFlag of the last LoginResponse
  std::map<std::string, Waiter> waiters_;  // by ServiceID
  std::map<std::string, ActivePayment> active_payments_;  // by SaleTransactionID
  std::map<std::string, std::string> service_ids_;        // SaleTransactionID -> ServiceID
  std::map<std::string, SentAs> sent_elsewhere_;          // restored payments sent under other IDs
  std::mt19937_64 random_;
};

std::expected<void, std::string> NexoTerminal::Link::ensure_session(Clock::time_point deadline) {
  std::lock_guard session_lock(session_mutex_);
  bool is_connected = false;
  bool is_logged_in = false;
  {
    std::lock_guard lock(mutex_);
    is_connected = connected_;
    is_logged_in = logged_in_;
  }
  if (!is_connected) {
    if (auto connected = connect(deadline); !connected) return connected;
  }
  if (!is_logged_in || !is_connected) return login(deadline);
  return {};
}

std::expected<void, std::string> NexoTerminal::Link::connect(Clock::time_point deadline) {
  // The previous reader has seen the end of its connection (it cleared connected_).
  if (reader_.joinable()) reader_.join();
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  auto socket = LineSocket::connect(host_, port_, std::min(options_.connect_timeout, left));
  if (!socket) return std::unexpected(socket.error());
  {
    std::lock_guard write_lock(write_mutex_);
    socket_ = std::move(*socket);
    std::lock_guard lock(mutex_);
    connected_ = true;
    logged_in_ = false;
  }
  reader_ = std::thread([this] { read_responses(); });
  return {};
}

std::expected<void, std::string> NexoTerminal::Link::login(Clock::time_point deadline) {
  const auto login_header = header(MessageCategory::Login);
  const auto response = exchange(
      login_header, nexo::login_request(login_header, options_.software, nexo::timestamp_now()),
      std::min(deadline, Clock::now() + options_.request_timeout));
  if (!response) {
    // A terminal that does not answer its Login is not trusted with this connection.
    drop_connection();
    return std::unexpected("login: " + response.error());
  }
  const Json* body = response_body(*response, MessageCategory::Login);
  const auto status = body != nullptr ? nexo::response_status(*body) : std::nullopt;
  if (!status) return std::unexpected("login: malformed LoginResponse");
  if (!status->success()) return std::unexpected("login refused: " + status->error_condition);
  const Json* online = nexo::at_path(*body, {"POISystemData", "POIStatus", "CommunicationOKFlag"});
  std::lock_guard lock(mutex_);
  logged_in_ = true;
  networks_online_ = online == nullptr || (online->is_boolean() && online->get<bool>());
  return {};
}

void NexoTerminal::Link::read_responses() {
  std::string line;
  while (socket_.read_line(line) == LineSocket::ReadStatus::Line) {
    auto message = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded()) continue;  // not JSON: nothing to correlate it with
    const auto header = nexo::header_of(message);
    // Requests and notifications from the POI (Display, Event) are not used yet.
    if (!header || header->message_type != "Response") continue;
    std::lock_guard lock(mutex_);
    const auto waiter = waiters_.find(header->service_id);
    if (waiter != waiters_.end() && !waiter->second.response) {
      waiter->second.response = std::move(message);
      response_arrived_.notify_all();
    }
  }
  std::lock_guard lock(mutex_);
  connected_ = false;
  logged_in_ = false;
  for (auto& [service_id, waiter] : waiters_) waiter.connection_lost = true;
  response_arrived_.notify_all();
}

SendStatus NexoTerminal::Link::send(const Json& message) {
  std::lock_guard write_lock(write_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (!connected_) return SendStatus::NotConnected;
  }
  return socket_.send_line(nexo::serialize(message)) ? SendStatus::Sent : SendStatus::Failed;
}

std::expected<Json, WaitFailure> NexoTerminal::Link::wait_response(const std::string& service_id,
                                                                   Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  const auto done = [&] {
    const auto& waiter = waiters_[service_id];
    return waiter.response.has_value() || waiter.connection_lost;
  };
  if (!response_arrived_.wait_until(lock, deadline, done)) {
    return std::unexpected(WaitFailure::Timeout);
  }
  auto& waiter = waiters_[service_id];
  if (waiter.response) return *std::exchange(waiter.response, std::nullopt);
  return std::unexpected(WaitFailure::ConnectionLost);
}

std::expected<Json, std::string> NexoTerminal::Link::exchange(const nexo::MessageHeader& header,
                                                              const Json& message,
                                                              Clock::time_point deadline) {
  expect_response(header.service_id);
  const auto sent = send(message);
  auto response = sent == SendStatus::Sent ? wait_response(header.service_id, deadline)
                                           : std::unexpected(WaitFailure::ConnectionLost);
  forget_response(header.service_id);
  if (response) return std::move(*response);
  if (sent != SendStatus::Sent) return std::unexpected("could not send the request");
  return std::unexpected(response.error() == WaitFailure::Timeout ? "no response in time"
                                                                  : "connection lost");
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
  const auto deadline = Clock::now() + timeout;
  bool logged_out = false;
  auto result = pay_once(request, deadline, timeout, before_send, logged_out);
  if (logged_out) {
    // The terminal refused before doing anything: log in again and send it once more.
    {
      std::lock_guard lock(mutex_);
      logged_in_ = false;
    }
    result = pay_once(request, deadline, timeout, before_send, logged_out);
  }
  std::lock_guard lock(mutex_);
  active_payments_.erase(request.sale_transaction_id);
  return result;
}

PaymentResult NexoTerminal::Link::pay_once(const PaymentRequest& request,
                                           Clock::time_point deadline,
                                           std::chrono::milliseconds timeout,
                                           const BeforeSend& before_send, bool& logged_out) {
  logged_out = false;
  if (auto session = ensure_session(deadline); !session) {
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
    waiters_[service_id] = Waiter{};
  }
  struct Forget {
    Link& link;
    const std::string& service_id;
    ~Forget() { link.forget_response(service_id); }
  } forget{*this, service_id};

  const auto sent = send(nexo::payment_request(payment_header, request, nexo::timestamp_now()));
  if (sent == SendStatus::NotConnected) {
    return result_of(PaymentOutcome::TerminalUnavailable, "connection lost before sending");
  }
  if (sent == SendStatus::Failed) {
    return result_of(PaymentOutcome::Unknown,
                     "connection lost while sending the payment; ask the terminal's status");
  }
  if (options_.after_payment_sent) {
    options_.after_payment_sent(request.sale_transaction_id, service_id);
  }
  auto response = wait_response(service_id, deadline);
  if (!response && response.error() == WaitFailure::ConnectionLost) {
    return result_of(PaymentOutcome::Unknown,
                     "connection lost before the terminal's answer; ask the terminal's status");
  }
  if (response) {
    const Json* body = response_body(*response, MessageCategory::Payment);
    if (body == nullptr) {
      return result_of(PaymentOutcome::Unknown, "malformed answer to the payment request");
    }
    auto result = nexo::payment_result_from(*body);
    logged_out = result.error_condition == "LoggedOut";
    return result;
  }

  // No answer in time: ask the terminal to stop, so that nobody can still pay at it, and listen
  // for its last word on this payment.
  const auto abort_header = header(MessageCategory::Abort);
  const nexo::MessageReference reference{MessageCategory::Payment, service_id, sale_id_, poi_id_};
  send(nexo::abort_request(abort_header, reference, "kiosk time-out"));
  auto late = wait_response(service_id, Clock::now() + options_.abort_grace);
  const Json* body = late ? response_body(*late, MessageCategory::Payment) : nullptr;
  if (body == nullptr) {
    // The terminal is silent: do not trust this connection any more.
    if (!late) drop_connection();
    return result_of(PaymentOutcome::Timeout,
                     "no answer within " + milliseconds_text(timeout) +
                         " and no confirmation of the abort; ask the terminal's status");
  }
  auto result = nexo::payment_result_from(*body);
  if (result.outcome == PaymentOutcome::Cancelled) {
    result.outcome = PaymentOutcome::Timeout;
    result.message =
        "no answer within " + milliseconds_text(timeout) + "; the terminal aborted the payment";
  }
  return result;  // e.g. Approved just before the abort: the truth wins
}

bool NexoTerminal::Link::abort(const std::string& sale_transaction_id) {
  if (sent_elsewhere(sale_transaction_id)) return false;  // not this terminal's to stop
  std::string service_id;
  bool in_progress_here = false;
  {
    std::lock_guard lock(mutex_);
    const auto it = active_payments_.find(sale_transaction_id);
    if (it != active_payments_.end()) {
      if (it->second.service_id.empty()) {
        // Still connecting or logging in: the payment will not be sent at all.
        it->second.abort_requested = true;
        return true;
      }
      service_id = it->second.service_id;
      in_progress_here = true;
    } else if (const auto known = service_ids_.find(sale_transaction_id);
               known != service_ids_.end()) {
      // A payment an earlier run of the kiosk sent (its ServiceID came back from the journal):
      // the terminal may still be waiting for a card that nobody will bring.
      service_id = known->second;
    } else {
      return false;
    }
  }
  if (!in_progress_here) {
    if (auto session = ensure_session(Clock::now() + options_.request_timeout); !session) {
      return false;
    }
  }
  const nexo::MessageReference reference{MessageCategory::Payment, service_id, sale_id_, poi_id_};
  return send(nexo::abort_request(header(MessageCategory::Abort), reference,
                                  "cancelled at the kiosk")) == SendStatus::Sent;
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
    const auto deadline = Clock::now() + options_.request_timeout;
    if (auto session = ensure_session(deadline); !session) {
      answer.kind = Answer::Kind::NoSession;
      answer.detail = session.error();
      return answer;
    }
    const auto request_header = header(category);
    expect_response(request_header.service_id);
    const auto sent = send(build(request_header));
    auto response = sent == SendStatus::Sent ? wait_response(request_header.service_id, deadline)
                                             : std::unexpected(WaitFailure::ConnectionLost);
    forget_response(request_header.service_id);
    if (sent == SendStatus::NotConnected) {
      answer.kind = Answer::Kind::NotSent;
      answer.detail = "connection lost before sending";
      return answer;
    }
    if (!response) {
      if (response.error() == WaitFailure::Timeout) {
        drop_connection();
        answer.kind = Answer::Kind::NoAnswer;
        answer.detail = "no answer within " + milliseconds_text(options_.request_timeout);
      } else {
        answer.kind = Answer::Kind::Lost;
        answer.detail = "connection lost before the answer";
      }
      return answer;
    }
    const Json* body = response_body(*response, category);
    if (body == nullptr) {
      answer.kind = Answer::Kind::Malformed;
      answer.detail = "malformed " + nexo::body_name(category, "Response");
      return answer;
    }
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
      return nexo::reversal_result_from(answer.body);
    case Answer::Kind::NoSession:
    case Answer::Kind::NotSent:
      result.outcome = ReversalOutcome::TerminalUnavailable;
      break;
    case Answer::Kind::Lost:
    case Answer::Kind::NoAnswer:
    case Answer::Kind::Malformed:
      // It may have been done: the same reversal_id sent again tells.
      result.outcome = ReversalOutcome::Unknown;
      break;
  }
  result.message = "reversal: " + answer.detail;
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
    if (!connected_ || !logged_in_) return true;
  }
  const auto logout_header = header(MessageCategory::Logout);
  const auto response = exchange(logout_header, nexo::logout_request(logout_header),
                                 Clock::now() + options_.request_timeout);
  {
    std::lock_guard lock(mutex_);
    logged_in_ = false;
  }
  if (!response) return false;
  const Json* body = response_body(*response, MessageCategory::Logout);
  const auto status = body != nullptr ? nexo::response_status(*body) : std::nullopt;
  return status && status->success();
}

NexoTerminal::NexoTerminal(std::string host, int port, std::string sale_id, std::string poi_id,
                           NexoOptions options)
    : link_(std::make_unique<Link>(std::move(host), port, std::move(sale_id), std::move(poi_id),
                                   std::move(options))) {}

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

bool NexoTerminal::connected() const { return link_->connected(); }

bool NexoTerminal::logged_in() const { return link_->logged_in(); }

}  // namespace madoguchi::payment
