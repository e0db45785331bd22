#include "https_front.hpp"

#include <httplib.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace madoguchi::payment::simulator {

namespace {

using nexo::Json;

// How long a request may wait for the terminal's answer (a hung terminal, a card that never
// comes without an Abort): the kiosk gives up long before.
constexpr auto kLongestWait = std::chrono::minutes(10);

// What an Adyen terminal answers to a message it cannot open: an unsecured Reject event.
std::string security_reject(const std::string& why) {
  nexo::MessageHeader header;
  header.message_class = "Event";
  header.category = nexo::MessageCategory::Event;
  header.message_type = "Notification";
  header.service_id = "0";
  header.sale_id = "unknown";
  header.poi_id = "unknown";
  return nexo::serialize(nexo::envelope(
      header,
      {{"TimeStamp", nexo::timestamp_now()},
       {"EventToNotify", "Reject"},
       {"EventDetails", nexo::additional_response({{"message", "message security: " + why}})}}));
}

}  // namespace

class HttpsFront::State {
 public:
  State(SimulatedTerminal& terminal, const nexo::NexoCipher& cipher,
        const TerminalCertificates* certificates, std::function<void(const std::string&)> log)
      : terminal_(terminal), cipher_(cipher), log_(std::move(log)) {
    if (certificates != nullptr) {
      server_ = std::make_unique<httplib::SSLServer>(certificates->certificate.c_str(),
                                                     certificates->private_key.c_str());
    } else {
      server_ = std::make_unique<httplib::Server>();
    }
    server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
    server_->set_keep_alive_timeout(30);
    server_->set_tcp_nodelay(true);  // headers and body go out at once (no 40 ms Nagle wait)
    server_->set_read_timeout(std::chrono::seconds(10));
    server_->Post("/nexo/", [this](const httplib::Request& request, httplib::Response& response) {
      on_nexo(request, response);
    });
    server_->Post("/control", [this](const httplib::Request& request, httplib::Response& response) {
      on_control(request, response);
    });
  }

  std::string problem() const {
    return server_->is_valid() ? std::string()
                               : "cannot load the terminal's certificate and key for TLS";
  }

  bool serve(const std::string& host, int port, bool& bind_failed) {
    bind_failed = !server_->bind_to_port(host, port);
    if (bind_failed) return false;
    std::thread pump([this] { pump_deadlines(); });
    server_->listen_after_bind();
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    pump.join();
    std::lock_guard lock(mutex_);
    return reboot_;
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    server_->stop();
  }

 private:
  // Hands `line` to the terminal as a new connection's message and waits for what it does
  // with that connection. Nothing: the request needs no answer (an Abort) or the wait ended.
  std::optional<Action> ask_terminal(const std::string& line, bool may_need_no_answer) {
    std::unique_lock lock(mutex_);
    const ConnectionId id = next_id_++;
    answers_[id] = std::nullopt;
    terminal_.received(id, line, Clock::now());
    carry_out(terminal_.take_actions());
    const bool answered = answers_[id].has_value();
    if (!answered && may_need_no_answer) {
      answers_.erase(id);
      return std::nullopt;
    }
    changed_.notify_all();  // the pump's next deadline may be sooner now
    changed_.wait_for(lock, kLongestWait, [&] { return stopping_ || answers_[id].has_value(); });
    auto action = std::move(answers_[id]);
    answers_.erase(id);
    // Stopping, or waited too long: the connection ends without an answer.
    if (!action) action = Action{Action::Kind::Close, id, {}};
    return action;
  }

  void on_nexo(const httplib::Request& request, httplib::Response& response) {
    auto plain = cipher_.open(request.body);
    if (!plain) {
      const std::string why =
          std::string(nexo::to_string(plain.error().problem)) + ": " + plain.error().detail;
      log_("refused a request: " + why);
      response.set_content(security_reject(why), "application/json");
      return;
    }
    const auto message = Json::parse(*plain, nullptr, false);
    const auto header = nexo::header_of(message);
    const bool abort = header && header->category == nexo::MessageCategory::Abort;
    const auto action = ask_terminal(*plain, abort);
    if (!action) return;  // 200 with no body: what an Abort gets
    answer(*action, /*secure=*/true, response);
  }

  void on_control(const httplib::Request& request, httplib::Response& response) {
    const auto control = Json::parse(request.body, nullptr, false);
    if (control.is_discarded()) {
      response.status = 400;
      return;
    }
    const auto action = ask_terminal(Json{{"SimulatorControl", control}}.dump(), false);
    if (action) answer(*action, /*secure=*/false, response);
  }

  void answer(const Action& action, bool secure, httplib::Response& response) {
    std::string body = action.line;
    if (secure && !body.empty()) {
      auto sealed = cipher_.seal(body);
      if (!sealed) {
        log_("cannot seal an answer: " + sealed.error());
        response.status = 500;
        return;
      }
      body = std::move(*sealed);
    }
    switch (action.kind) {
      case Action::Kind::Send:
        response.set_content(body, "application/json");
        return;
      case Action::Kind::SendTruncatedAndClose: {
        // The headers promise the whole answer; half of it comes, then the connection ends.
        const std::string half = body.substr(0, body.size() / 2);
        response.set_content_provider(body.size(), "application/json",
                                      [half](std::size_t, std::size_t, httplib::DataSink& sink) {
                                        sink.write(half.data(), half.size());
                                        return false;
                                      });
        return;
      }
      case Action::Kind::Close:
      case Action::Kind::Reboot:
        // The connection ends before a byte of the answer's body.
        response.set_content_provider(
            1, "application/json",
            [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
        return;
    }
  }

  // Called with mutex_ held.
  void carry_out(const std::vector<Action>& actions) {
    for (const auto& action : actions) {
      if (reboot_) return;  // nothing more leaves a terminal that is going down
      if (action.kind == Action::Kind::Reboot) {
        reboot_ = true;
        stopping_ = true;  // the pump stops the server
        changed_.notify_all();
        return;
      }
      const auto waiting = answers_.find(action.connection);
      if (waiting == answers_.end()) continue;  // the Sale System has gone; the ledger remembers
      waiting->second = action;
      changed_.notify_all();
    }
  }

  // Completes the payments whose pretend card has come, at the terminal's own deadlines.
  void pump_deadlines() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      const auto next = terminal_.next_deadline();
      if (next) {
        changed_.wait_until(lock, *next);
      } else {
        changed_.wait(lock);
      }
      if (stopping_) break;
      terminal_.advance(Clock::now());
      carry_out(terminal_.take_actions());
    }
    if (reboot_) {
      lock.unlock();
      // The answer that asked for the reboot is written before the server stops.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      server_->stop();
    }
  }

  SimulatedTerminal& terminal_;
  const nexo::NexoCipher& cipher_;
  std::function<void(const std::string&)> log_;
  std::unique_ptr<httplib::Server> server_;

  std::mutex mutex_;  // guards terminal_ and everything below
  std::condition_variable changed_;
  std::map<ConnectionId, std::optional<Action>> answers_;  // requests waiting for an answer
  ConnectionId next_id_ = 1;
  bool stopping_ = false;
  bool reboot_ = false;
};

HttpsFront::HttpsFront(SimulatedTerminal& terminal, const nexo::NexoCipher& cipher,
                       const TerminalCertificates* certificates,
                       std::function<void(const std::string&)> log)
    : state_(std::make_unique<State>(terminal, cipher, certificates, std::move(log))) {}

HttpsFront::~HttpsFront() = default;

std::string HttpsFront::problem() const { return state_->problem(); }

bool HttpsFront::serve(const std::string& host, int port, bool& bind_failed) {
  return state_->serve(host, port, bind_failed);
}

void HttpsFront::stop() { state_->stop(); }

}  // namespace madoguchi::payment::simulator
