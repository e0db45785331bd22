#include "madoguchi/counter/call_board.hpp"

#include <poll.h>

#include <array>
#include <cstdlib>

namespace madoguchi::counter {

namespace {

using Result = storage::PostgresConnection::Result;

constexpr const char* kColumns =
    "call_id, kiosk_id, screen, step, steps, language, assisted, "
    "to_char(called_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce(taken_by, ''), "
    "coalesce(to_char(taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')";

Call call_of(const PGresult* r, int row) {
  const auto text = [&](int column) { return std::string(PQgetvalue(r, row, column)); };
  Call call;
  call.id = std::strtoll(PQgetvalue(r, row, 0), nullptr, 10);
  call.kiosk = text(1);
  call.request.screen = text(2);
  call.request.step = std::atoi(PQgetvalue(r, row, 3));
  call.request.steps = std::atoi(PQgetvalue(r, row, 4));
  call.request.language = text(5);
  call.request.assisted = text(6) == "t";
  call.called_at = text(7);
  call.taken_by = text(8);
  call.taken_at = text(9);
  return call;
}

}  // namespace

struct CallBoard::Impl {
  explicit Impl(std::string conninfo, std::string application_name)
      : link(std::move(conninfo),
             {std::move(application_name), std::chrono::seconds(3), std::chrono::seconds(10)}) {}
  storage::PostgresConnection link;
  bool listening = false;

  // One statement; a broken connection also ends listening (the next wait listens again).
  std::expected<Result, Failure> run(const std::string& sql, const std::vector<std::string>& params,
                                     const std::string& what) {
    auto r = link.run(sql, params, what);
    if (link.get() == nullptr) listening = false;
    return r;
  }
};

CallBoard::CallBoard(std::string conninfo, std::string application_name)
    : impl_(std::make_unique<Impl>(std::move(conninfo), std::move(application_name))) {}
CallBoard::~CallBoard() = default;

const std::string& CallBoard::name() const { return impl_->link.name(); }

std::expected<Call, Failure> CallBoard::call(const CallRequest& request) {
  std::lock_guard lock(impl_->link.mutex());
  auto r = impl_->run(std::string("INSERT INTO madoguchi_calls (screen, step, steps, language, "
                                  "assisted) VALUES ($1, $2, $3, $4, $5) RETURNING ") +
                          kColumns,
                      {request.screen, std::to_string(request.step), std::to_string(request.steps),
                       request.language, request.assisted ? "true" : "false"},
                      "recording a call");
  if (!r) return std::unexpected(r.error());
  return call_of(r->get(), 0);
}

std::expected<std::optional<Call>, Failure> CallBoard::find(std::int64_t id) {
  std::lock_guard lock(impl_->link.mutex());
  auto r =
      impl_->run(std::string("SELECT ") + kColumns + " FROM madoguchi_calls WHERE call_id = $1",
                 {std::to_string(id)}, "reading call " + std::to_string(id));
  if (!r) return std::unexpected(r.error());
  if (PQntuples(r->get()) == 0) return std::optional<Call>{};
  return std::optional<Call>{call_of(r->get(), 0)};
}

std::expected<std::vector<Call>, Failure> CallBoard::open_calls() {
  std::lock_guard lock(impl_->link.mutex());
  auto r = impl_->run(std::string("SELECT ") + kColumns +
                          " FROM madoguchi_calls WHERE taken_by IS NULL ORDER BY call_id",
                      {}, "reading the open calls");
  if (!r) return std::unexpected(r.error());
  std::vector<Call> calls;
  for (int row = 0; row < PQntuples(r->get()); ++row) calls.push_back(call_of(r->get(), row));
  return calls;
}

std::expected<std::optional<Call>, Failure> CallBoard::take(std::int64_t id) {
  std::lock_guard lock(impl_->link.mutex());
  auto r = impl_->run(std::string("UPDATE madoguchi_calls SET taken_by = session_user, taken_at = "
                                  "now() WHERE call_id = $1 AND taken_by IS NULL RETURNING ") +
                          kColumns,
                      {std::to_string(id)}, "taking call " + std::to_string(id));
  if (!r) return std::unexpected(r.error());
  if (PQntuples(r->get()) == 0) return std::optional<Call>{};
  return std::optional<Call>{call_of(r->get(), 0)};
}

std::expected<std::vector<std::int64_t>, Failure> CallBoard::wait(
    std::chrono::milliseconds timeout) {
  std::lock_guard lock(impl_->link.mutex());
  Impl& impl = *impl_;
  if (!impl.listening) {
    auto r = impl.run("LISTEN madoguchi_calls", {}, "listening for calls");
    if (!r) return std::unexpected(r.error());
    impl.listening = true;
  }
  std::vector<std::int64_t> ids;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  PGconn* conn = impl.link.get();
  for (;;) {
    if (PQconsumeInput(conn) == 0) {
      impl.listening = false;
      return std::unexpected(impl.link.failure(nullptr, "listening for calls"));
    }
    while (PGnotify* n = PQnotifies(conn)) {
      ids.push_back(std::strtoll(n->extra, nullptr, 10));
      PQfreemem(n);
    }
    if (!ids.empty()) return ids;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return ids;
    pollfd fd{PQsocket(conn), POLLIN, 0};
    ::poll(&fd, 1, static_cast<int>(left.count()));
  }
}

}  // namespace madoguchi::counter
