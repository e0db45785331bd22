#include "madoguchi/submission/postgres_inbox.hpp"

#include <libpq-fe.h>

#include <array>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "madoguchi/storage/postgres_link.hpp"

namespace madoguchi::submission {
namespace {

using Kind = SubmissionError::Kind;

constexpr std::string_view kInboxSchema = R"SQL(CREATE TABLE IF NOT EXISTS madoguchi_inbox (
  application_id   text        PRIMARY KEY,
  kiosk_id         text        NOT NULL,
  reception_number text        NOT NULL,
  procedure_id     text        NOT NULL,
  form_data        jsonb       NOT NULL,
  application_pdf  bytea       NOT NULL,
  pdf_sha256       text        NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  my_number        text        CHECK (my_number ~ '^[0-9]{12}$'),
  created_at       timestamptz NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  payment_state    text        NOT NULL CHECK (payment_state IN
                     ('free', 'paid', 'cash_at_counter', 'handed_to_counter', 'refunded')),
  payment_state_at timestamptz NOT NULL,
  application_signature bytea
);
CREATE INDEX IF NOT EXISTS madoguchi_inbox_by_reception ON madoguchi_inbox (reception_number);
ALTER TABLE madoguchi_inbox ADD COLUMN IF NOT EXISTS application_signature bytea;
)SQL";

using Result = storage::PostgresConnection::Result;

SubmissionError error_of(const storage::PostgresFailure& failure) {
  return SubmissionError{failure.unreachable ? Kind::Unreachable : Kind::Rejected, failure.message};
}

}  // namespace

// The link (storage/postgres_link.hpp), its failures as the inbox's errors.
struct PostgresInbox::Connection {
  explicit Connection(std::string conninfo, PostgresOptions options)
      : link(std::move(conninfo),
             {"madoguchi-kiosk", options.connect_timeout, options.statement_timeout}),
        mutex(link.mutex()),
        name(link.name()) {}
  storage::PostgresConnection link;
  std::mutex& mutex;
  const std::string& name;
  PGconn* conn = nullptr;  // link.get(), after ensure_connected()

  std::expected<void, SubmissionError> ensure_connected() {
    auto connected = link.ensure_connected();
    conn = link.get();
    if (!connected) return std::unexpected(error_of(connected.error()));
    return {};
  }
  SubmissionError failure(const PGresult* result, const std::string& what) {
    auto e = error_of(link.failure(result, what));
    conn = link.get();
    return e;
  }
  SubmissionError unreachable(const std::string& what) const {
    return error_of(link.unreachable(what));
  }
  Result exec(const char* sql) { return link.exec(sql); }
};

PostgresInbox::PostgresInbox(std::string conninfo, PostgresOptions options)
    : connection_(std::make_unique<Connection>(std::move(conninfo), options)) {}
PostgresInbox::~PostgresInbox() = default;

std::string PostgresInbox::name() const { return connection_->name; }

std::string_view PostgresInbox::schema_sql() { return kInboxSchema; }

std::expected<void, SubmissionError> PostgresInbox::create_schema() {
  Connection& c = *connection_;
  std::lock_guard lock(c.mutex);
  if (auto connected = c.ensure_connected(); !connected) return connected;
  const std::string sql(kInboxSchema);
  Result r = c.exec(sql.c_str());
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    return std::unexpected(c.failure(r.get(), "creating madoguchi_inbox"));
  }
  return {};
}

std::expected<void, SubmissionError> PostgresInbox::deliver(const OutgoingApplication& a) {
  Connection& c = *connection_;
  std::lock_guard lock(c.mutex);
  if (auto connected = c.ensure_connected(); !connected) return connected;
  const std::string what = "delivering " + a.application_id;

  Result begin = c.exec("BEGIN");
  if (PQresultStatus(begin.get()) != PGRES_COMMAND_OK) {
    return std::unexpected(c.failure(begin.get(), what));
  }
  const auto rollback = [&](SubmissionError e) {
    if (c.conn != nullptr) Result(PQexec(c.conn, "ROLLBACK"), &PQclear);
    return std::unexpected(std::move(e));
  };

  // The 個人番号 goes as a binary text parameter straight from MyNumber's buffer: no copy of the
  // digits is made in this process.
  auto insert = [&](const char* number, int number_length) {
    const std::string state(to_string(a.payment_state));
    const std::string& state_at = a.payment_state_at.empty() ? a.created_at : a.payment_state_at;
    // The signature (a detached CMS, DER) as binary bytea; NULL for a paper application.
    const char* signature = a.signature.empty() ? nullptr : a.signature.data();
    const std::array<const char*, 12> values{a.application_id.c_str(),   a.kiosk_id.c_str(),
                                             a.reception_number.c_str(), a.procedure_id.c_str(),
                                             a.form_json.c_str(),        a.pdf.data(),
                                             a.pdf_sha256.c_str(),       number,
                                             a.created_at.c_str(),       state.c_str(),
                                             state_at.c_str(),           signature};
    const std::array<int, 12> lengths{0, 0,
                                      0, 0,
                                      0, static_cast<int>(a.pdf.size()),
                                      0, number_length,
                                      0, 0,
                                      0, static_cast<int>(a.signature.size())};
    const std::array<int, 12> formats{0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1};
    return Result(
        PQexecParams(c.conn,
                     "INSERT INTO madoguchi_inbox (application_id, kiosk_id, reception_number, "
                     "procedure_id, form_data, application_pdf, pdf_sha256, my_number, "
                     "created_at, payment_state, payment_state_at, application_signature) "
                     "VALUES ($1, $2, $3, $4, $5::jsonb, $6::bytea, $7, $8::text, "
                     "$9::timestamptz, $10, $11::timestamptz, $12::bytea) "
                     "ON CONFLICT (application_id) DO NOTHING",
                     12, nullptr, values.data(), lengths.data(), formats.data(), 0),
        &PQclear);
  };
  Result inserted = a.my_number ? a.my_number->reveal([&](std::string_view digits) {
    return insert(digits.data(), static_cast<int>(digits.size()));
  })
                                : insert(nullptr, 0);
  if (PQresultStatus(inserted.get()) != PGRES_COMMAND_OK) {
    return rollback(c.failure(inserted.get(), what));
  }
  if (std::string_view(PQcmdTuples(inserted.get())) == "0") {
    // Delivered before (a kiosk killed before it marked it delivered): the same application?
    const std::array<const char*, 1> id{a.application_id.c_str()};
    Result existing(
        PQexecParams(c.conn, "SELECT pdf_sha256 FROM madoguchi_inbox WHERE application_id = $1", 1,
                     nullptr, id.data(), nullptr, nullptr, 0),
        &PQclear);
    if (PQresultStatus(existing.get()) != PGRES_TUPLES_OK || PQntuples(existing.get()) != 1) {
      return rollback(c.failure(existing.get(), what + " (checking the row already there)"));
    }
    if (std::string_view(PQgetvalue(existing.get(), 0, 0)) != a.pdf_sha256) {
      return rollback(
          SubmissionError{Kind::Conflict, c.name + " already holds another application with id " +
                                              a.application_id + " (another PDF)"});
    }
  }
  Result commit = c.exec("COMMIT");
  if (PQresultStatus(commit.get()) != PGRES_COMMAND_OK) {
    return std::unexpected(c.failure(commit.get(), what + " (commit)"));
  }
  return {};
}

std::expected<void, SubmissionError> PostgresInbox::record_payment_state(
    const std::string& application_id, PaymentState state, const std::string& changed_at) {
  Connection& c = *connection_;
  std::lock_guard lock(c.mutex);
  if (auto connected = c.ensure_connected(); !connected) return connected;
  const std::string name(to_string(state));
  const std::array<const char*, 3> values{application_id.c_str(), name.c_str(), changed_at.c_str()};
  // An older change arriving late (a retry) never overwrites a newer one.
  Result r(PQexecParams(c.conn,
                        "UPDATE madoguchi_inbox SET payment_state = $2, "
                        "payment_state_at = $3::timestamptz WHERE application_id = $1 AND "
                        "payment_state_at <= $3::timestamptz",
                        3, nullptr, values.data(), nullptr, nullptr, 0),
           &PQclear);
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    return std::unexpected(c.failure(r.get(), "recording the payment state of " + application_id));
  }
  return {};
}

namespace {

constexpr const char* kRecordSelect =
    "SELECT application_id, kiosk_id, reception_number, procedure_id, form_data::text, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "octet_length(application_pdf), pdf_sha256, "
    "to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "my_number IS NOT NULL, "
    "CASE WHEN my_number IS NOT NULL THEN repeat('●', 8) || right(my_number, 4) END, "
    "CASE WHEN $2::boolean THEN application_pdf END, payment_state, "
    "to_char(payment_state_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "application_signature IS NOT NULL, octet_length(application_signature), "
    "CASE WHEN $2::boolean THEN application_signature END "
    "FROM madoguchi_inbox ";

}  // namespace

std::expected<std::vector<ApplicationRecord>, SubmissionError>
PostgresInbox::find_by_reception_number(const std::string& reception_number, bool with_pdf) {
  Connection& c = *connection_;
  std::lock_guard lock(c.mutex);
  if (auto connected = c.ensure_connected(); !connected) return std::unexpected(connected.error());
  const std::string sql = std::string(kRecordSelect) +
                          "WHERE reception_number = $1 ORDER BY created_at DESC, application_id";
  const std::array<const char*, 2> values{reception_number.c_str(), with_pdf ? "true" : "false"};
  const std::array<int, 2> formats{0, 0};
  Result r(PQexecParams(c.conn, sql.c_str(), 2, nullptr, values.data(), nullptr, formats.data(), 0),
           &PQclear);
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    return std::unexpected(c.failure(r.get(), "looking up " + reception_number));
  }
  std::vector<ApplicationRecord> out;
  for (int row = 0; row < PQntuples(r.get()); ++row) {
    const auto text = [&](int column) {
      return std::string(PQgetvalue(r.get(), row, column),
                         static_cast<std::size_t>(PQgetlength(r.get(), row, column)));
    };
    ApplicationRecord a;
    a.application_id = text(0);
    a.kiosk_id = text(1);
    a.reception_number = text(2);
    a.procedure_id = text(3);
    a.form_json = text(4);
    a.created_at = text(5);
    a.pdf_size = static_cast<std::size_t>(std::stoull(text(6)));
    a.pdf_sha256 = text(7);
    a.status = "received";
    a.delivered_at = text(8);
    a.delivered_to = c.name;
    a.has_my_number = text(9) == "t";
    a.my_number_masked = text(10);
    a.payment_state = text(12);
    a.payment_state_at = text(13);
    // bytea in the text result format: "\\x" and hex digits.
    const auto bytea = [&](int column, std::string& into) {
      if (PQgetisnull(r.get(), row, column)) return;
      std::size_t length = 0;
      unsigned char* bytes = PQunescapeBytea(
          reinterpret_cast<const unsigned char*>(PQgetvalue(r.get(), row, column)), &length);
      if (bytes != nullptr) {
        into.assign(reinterpret_cast<const char*>(bytes), length);
        PQfreemem(bytes);
      }
    };
    a.has_signature = text(14) == "t";
    if (a.has_signature) a.signature_size = static_cast<std::size_t>(std::stoull(text(15)));
    if (with_pdf) {
      bytea(11, a.pdf);
      bytea(16, a.signature);
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::expected<std::optional<ApplicationRecord>, SubmissionError> PostgresInbox::find(
    const std::string& application_id, bool with_pdf) {
  std::string reception;
  {
    Connection& c = *connection_;
    std::lock_guard lock(c.mutex);
    if (auto connected = c.ensure_connected(); !connected) {
      return std::unexpected(connected.error());
    }
    const std::array<const char*, 1> id{application_id.c_str()};
    Result r(PQexecParams(c.conn,
                          "SELECT reception_number FROM madoguchi_inbox WHERE application_id = $1",
                          1, nullptr, id.data(), nullptr, nullptr, 0),
             &PQclear);
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
      return std::unexpected(c.failure(r.get(), "looking up " + application_id));
    }
    if (PQntuples(r.get()) == 0) return std::optional<ApplicationRecord>();
    reception = PQgetvalue(r.get(), 0, 0);
  }
  auto all = find_by_reception_number(reception, with_pdf);
  if (!all) return std::unexpected(all.error());
  for (auto& a : *all) {
    if (a.application_id == application_id) return std::optional(std::move(a));
  }
  return std::optional<ApplicationRecord>();
}

std::expected<void, SubmissionError> PostgresInbox::check_access() {
  Connection& c = *connection_;
  std::lock_guard lock(c.mutex);
  if (auto connected = c.ensure_connected(); !connected) return connected;
  Result r = c.exec(
      "SELECT has_table_privilege('madoguchi_inbox', 'INSERT'), "
      "has_column_privilege('madoguchi_inbox', 'pdf_sha256', 'SELECT'), "
      "has_column_privilege('madoguchi_inbox', 'payment_state', 'UPDATE') AND "
      "has_column_privilege('madoguchi_inbox', 'payment_state_at', 'UPDATE') AND "
      "has_column_privilege('madoguchi_inbox', 'payment_state_at', 'SELECT')");
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) {
    return std::unexpected(c.failure(r.get(), "checking madoguchi_inbox"));
  }
  const bool may_insert = std::string_view(PQgetvalue(r.get(), 0, 0)) == "t";
  const bool may_compare = std::string_view(PQgetvalue(r.get(), 0, 1)) == "t";
  const bool may_update_payment = std::string_view(PQgetvalue(r.get(), 0, 2)) == "t";
  if (!may_insert || !may_compare || !may_update_payment) {
    return std::unexpected(SubmissionError{
        Kind::Rejected,
        c.name + ": this role may not " +
            std::string(!may_insert    ? "INSERT into madoguchi_inbox"
                        : !may_compare ? "SELECT pdf_sha256 of madoguchi_inbox"
                                       : "UPDATE payment_state of madoguchi_inbox") +
            " (docs/back-office.md lists the grants)"});
  }
  return {};
}

}  // namespace madoguchi::submission
