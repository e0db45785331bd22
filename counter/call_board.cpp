#include "madoguchi/counter/call_board.hpp"

#include <poll.h>

#include <array>
#include <cstdlib>

namespace madoguchi::counter {

namespace {

using Result = storage::PostgresConnection::Result;

constexpr std::string_view kSchema = R"SQL(DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_kiosks') THEN
    CREATE ROLE madoguchi_kiosks NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_staff') THEN
    CREATE ROLE madoguchi_staff NOLOGIN;
  END IF;
END $$;
CREATE TABLE madoguchi_calls (
  call_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kiosk_id  text        NOT NULL DEFAULT session_user,
  screen    text        NOT NULL CHECK (screen ~ '^[a-z_]{1,40}$'),
  step      integer     NOT NULL CHECK (step BETWEEN 0 AND 99),
  steps     integer     NOT NULL CHECK (steps BETWEEN 0 AND 99),
  language  text        NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[a-zA-Z]{2,8})?$'),
  assisted  boolean     NOT NULL,
  called_at timestamptz NOT NULL DEFAULT now(),
  taken_by  text,
  taken_at  timestamptz
);
ALTER TABLE madoguchi_calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY madoguchi_calls_kiosk ON madoguchi_calls TO madoguchi_kiosks
  USING (kiosk_id = session_user)
  WITH CHECK (kiosk_id = session_user AND taken_by IS NULL);
CREATE POLICY madoguchi_calls_staff ON madoguchi_calls TO madoguchi_staff
  USING (true) WITH CHECK (taken_by = session_user);
GRANT SELECT, INSERT (screen, step, steps, language, assisted) ON madoguchi_calls
  TO madoguchi_kiosks;
GRANT SELECT, UPDATE (taken_by, taken_at) ON madoguchi_calls TO madoguchi_staff;
CREATE FUNCTION madoguchi_calls_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('madoguchi_calls', NEW.call_id::text);
  RETURN NEW;
END $f$;
CREATE TRIGGER madoguchi_calls_changed AFTER INSERT OR UPDATE ON madoguchi_calls
  FOR EACH ROW EXECUTE FUNCTION madoguchi_calls_notify();
)SQL";

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

  // One statement with text parameters; its rows, or why not.
  std::expected<Result, Failure> run(const std::string& sql, const std::vector<std::string>& params,
                                     const std::string& what) {
    if (auto connected = link.ensure_connected(); !connected) {
      listening = false;
      return std::unexpected(connected.error());
    }
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    // Without parameters, the simple protocol: the schema is several commands in one text.
    Result r = values.empty()
                   ? link.exec(sql.c_str())
                   : Result(PQexecParams(link.get(), sql.c_str(), static_cast<int>(values.size()),
                                         nullptr, values.data(), nullptr, nullptr, 0),
                            &PQclear);
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      auto failure = link.failure(r.get(), what);
      if (link.get() == nullptr) listening = false;
      return std::unexpected(failure);
    }
    return r;
  }
};

CallBoard::CallBoard(std::string conninfo, std::string application_name)
    : impl_(std::make_unique<Impl>(std::move(conninfo), std::move(application_name))) {}
CallBoard::~CallBoard() = default;

const std::string& CallBoard::name() const { return impl_->link.name(); }

std::string_view CallBoard::schema_sql() { return kSchema; }

std::expected<void, Failure> CallBoard::create_schema() {
  std::lock_guard lock(impl_->link.mutex());
  auto r = impl_->run(std::string(kSchema), {}, "creating madoguchi_calls");
  if (!r) return std::unexpected(r.error());
  return {};
}

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
