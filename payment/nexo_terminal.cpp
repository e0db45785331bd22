#include "madoguchi/payment/nexo_terminal.hpp"

#include <condition_variable>
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

  PaymentResult pay(const PaymentRequest& request, std::chrono::milliseconds timeout);
  bool abort(const std::string& sale_transaction_id);
  PaymentResult status(const std::string& sale_transaction_id);

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
                         std::chrono::milliseconds timeout, bool& logged_out);

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
  std::map<std::string, Waiter> waiters_;                 // by ServiceID
  std::map<std::string, ActivePayment> active_payments_;  // by SaleTransactionID
  std::map<std::string, std::string> service_ids_;        // SaleTransactionID -> ServiceID
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
  if (!response) return std::unexpected("login: " + response.error());
  const Json* body = response_body(*response, MessageCategory::Login);
  const auto status = body != nullptr ? nexo::response_status(*body) : std::nullopt;
  if (!status) return std::unexpected("login: malformed LoginResponse");
  if (!status->success()) return std::unexpected("login refused: " + status->error_condition);
  std::lock_guard lock(mutex_);
  logged_in_ = true;
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
                                      std::chrono::milliseconds timeout) {
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
  auto result = pay_once(request, deadline, timeout, logged_out);
  if (logged_out) {
    // The terminal refused before doing anything: log in again and send it once more.
    {
      std::lock_guard lock(mutex_);
      logged_in_ = false;
    }
    result = pay_once(request, deadline, timeout, logged_out);
  }
  std::lock_guard lock(mutex_);
  active_payments_.erase(request.sale_transaction_id);
  return result;
}

PaymentResult NexoTerminal::Link::pay_once(const PaymentRequest& request,
                                           Clock::time_point deadline,
                                           std::chrono::milliseconds timeout, bool& logged_out) {
  logged_out = false;
  if (auto session = ensure_session(deadline); !session) {
    return result_of(PaymentOutcome::TerminalUnavailable, session.error());
  }
  const auto payment_header = header(MessageCategory::Payment);
  const auto& service_id = payment_header.service_id;
  if (options_.before_payment_sent) {
    options_.before_payment_sent(request.sale_transaction_id, service_id);
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
  std::string service_id;
  {
    std::lock_guard lock(mutex_);
    const auto it = active_payments_.find(sale_transaction_id);
    if (it == active_payments_.end()) return false;
    if (it->second.service_id.empty()) {
      // Still connecting or logging in: the payment will not be sent at all.
      it->second.abort_requested = true;
      return true;
    }
    service_id = it->second.service_id;
  }
  const nexo::MessageReference reference{MessageCategory::Payment, service_id, sale_id_, poi_id_};
  return send(nexo::abort_request(header(MessageCategory::Abort), reference,
                                  "cancelled at the kiosk")) == SendStatus::Sent;
}

PaymentResult NexoTerminal::Link::status(const std::string& sale_transaction_id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    const auto deadline = Clock::now() + options_.request_timeout;
    if (auto session = ensure_session(deadline); !session) {
      return result_of(PaymentOutcome::Unknown, "cannot ask the terminal: " + session.error());
    }
    std::optional<nexo::MessageReference> reference;
    if (auto service_id = service_id_of(sale_transaction_id)) {
      reference = nexo::MessageReference{MessageCategory::Payment, *service_id, sale_id_, {}};
    }
    const auto status_header = header(MessageCategory::TransactionStatus);
    const auto response = exchange(
        status_header, nexo::transaction_status_request(status_header, reference), deadline);
    if (!response) {
      return result_of(PaymentOutcome::Unknown, "cannot ask the terminal: " + response.error());
    }
    const Json* body = response_body(*response, MessageCategory::TransactionStatus);
    if (body == nullptr) {
      return result_of(PaymentOutcome::Unknown, "malformed TransactionStatusResponse");
    }
    auto result = nexo::status_result_from(*body, sale_transaction_id);
    if (result.error_condition != "LoggedOut") return result;
    std::lock_guard lock(mutex_);
    logged_in_ = false;
  }
  return result_of(PaymentOutcome::Unknown, "the terminal keeps refusing the login");
}

NexoTerminal::NexoTerminal(std::string host, int port, std::string sale_id, std::string poi_id,
                           NexoOptions options)
    : link_(std::make_unique<Link>(std::move(host), port, std::move(sale_id), std::move(poi_id),
                                   std::move(options))) {}

NexoTerminal::~NexoTerminal() = default;

PaymentResult NexoTerminal::pay(const PaymentRequest& request, std::chrono::milliseconds timeout) {
  return link_->pay(request, timeout);
}

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

void NexoTerminal::remember_service_id(const std::string& sale_transaction_id,
                                       const std::string& service_id) {
  link_->remember_service_id(sale_transaction_id, service_id);
}

bool NexoTerminal::connected() const { return link_->connected(); }

bool NexoTerminal::logged_in() const { return link_->logged_in(); }

}  // namespace madoguchi::payment
