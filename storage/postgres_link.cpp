#include "madoguchi/storage/postgres_link.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "madoguchi/storage/private_file.hpp"

namespace madoguchi::storage {

std::expected<void, std::string> check_postgres_conninfo(const std::string& conninfo) {
  if (const char* password = std::getenv("PGPASSWORD"); password != nullptr && *password != '\0') {
    return std::unexpected(
        "PGPASSWORD is set: a password in the environment is refused (others may read it); "
        "put it in a passfile (passfile=FILE, PGPASSFILE or the systemd credential pgpass)");
  }
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
  if (parsed == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    if (error != nullptr) PQfreemem(error);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    return std::unexpected("the connection string does not parse: " + message);
  }
  std::string problem;
  for (PQconninfoOption* o = parsed; o->keyword != nullptr && problem.empty(); ++o) {
    if (o->val == nullptr) continue;
    const std::string_view key = o->keyword;
    const std::string_view value = o->val;
    if (key == "password") {
      problem =
          "password= is refused: a connection string is on a command line, which every user "
          "sees in the process list; put the password in a passfile (passfile=FILE, PGPASSFILE "
          "or the systemd credential pgpass)";
    } else if (key == "sslmode" && value != "verify-full") {
      problem = "sslmode=" + std::string(value) +
                " is refused: the back office is reached over TLS with its certificate checked "
                "against the town's CA (sslrootcert=FILE) and the host name: sslmode=verify-full";
    } else if (key == "gssencmode" && value != "disable") {
      problem = "gssencmode=" + std::string(value) +
                " is refused: the link is TLS with sslmode=verify-full, not GSSAPI encryption";
    }
  }
  PQconninfoFree(parsed);
  if (!problem.empty()) return std::unexpected(problem);
  return {};
}

std::vector<std::pair<std::string, std::string>> postgres_link_defaults() {
  std::vector<std::pair<std::string, std::string>> defaults = {{"sslmode", "verify-full"},
                                                               {"gssencmode", "disable"}};
  if (const auto passfile = systemd_credential(std::getenv("CREDENTIALS_DIRECTORY"), "pgpass")) {
    defaults.emplace_back("passfile", passfile->string());
  }
  return defaults;
}

namespace {

// SQLSTATEs that say "try again later": connection trouble (class 08), the server shutting down
// or starting (57P01-57P03), too many connections or out of resources (53), and transaction
// conflicts (40001, 40P01).
bool transient_sqlstate(std::string_view state) {
  return state.starts_with("08") || state.starts_with("53") || state == "57P01" ||
         state == "57P02" || state == "57P03" || state == "40001" || state == "40P01";
}

std::string trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

}  // namespace

PostgresConnection::PostgresConnection(std::string conninfo, Settings settings)
    : conninfo_(std::move(conninfo)), settings_(std::move(settings)) {
  // A name for logs: host, port and database, never the password.
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo_.c_str(), &error);
  std::string host = "localhost";
  std::string port;
  std::string dbname;
  if (parsed != nullptr) {
    for (PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
      if (o->val == nullptr || *o->val == '\0') continue;
      const std::string_view k = o->keyword;
      if (k == "host" || k == "hostaddr") host = o->val;
      if (k == "port") port = o->val;
      if (k == "dbname") dbname = o->val;
    }
    PQconninfoFree(parsed);
  }
  if (error != nullptr) PQfreemem(error);
  name_ = "postgresql://" + host + (port.empty() ? "" : ":" + port) + "/" + dbname;
  if (auto allowed = check_postgres_conninfo(conninfo_); !allowed) refused_ = allowed.error();
}

PostgresConnection::~PostgresConnection() { close(); }

void PostgresConnection::close() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
}

PostgresFailure PostgresConnection::unreachable(const std::string& what) const {
  const std::string message = conn_ != nullptr ? trimmed(PQerrorMessage(conn_)) : "";
  return PostgresFailure{true, name_ + ": " + what + ": " + message};
}

std::expected<void, PostgresFailure> PostgresConnection::ensure_connected() {
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return {};
  close();
  if (!refused_.empty()) return std::unexpected(PostgresFailure{false, name_ + ": " + refused_});
  const std::string timeout = std::to_string(settings_.connect_timeout.count());
  const std::string server_options =
      "-c statement_timeout=" + std::to_string(settings_.statement_timeout.count() * 1000) +
      " -c TimeZone=UTC";
  // Defaults first: the caller's conninfo (expanded from dbname) overrides them, and
  // check_postgres_conninfo has made sure it weakens none of the link's.
  std::vector<std::pair<std::string, std::string>> settings = {
      {"connect_timeout", timeout},
      {"application_name", settings_.application_name},
      {"options", server_options},
      {"client_encoding", "UTF8"}};
  for (auto& setting : postgres_link_defaults()) settings.push_back(std::move(setting));
  settings.emplace_back("dbname", conninfo_);
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [key, value] : settings) {
    keywords.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    auto e = unreachable("cannot connect");
    close();
    return std::unexpected(e);
  }
  return {};
}

PostgresFailure PostgresConnection::failure(const PGresult* result, const std::string& what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string message = trimmed(primary != nullptr ? primary : PQerrorMessage(conn_));
  const bool broken = PQstatus(conn_) != CONNECTION_OK || state == nullptr ||
                      transient_sqlstate(state != nullptr ? state : "");
  PostgresFailure e{broken, name_ + ": " + what + ": " +
                                (state != nullptr ? std::string(state) + " " : "") + message};
  if (broken) close();
  return e;
}

PostgresConnection::Result PostgresConnection::exec(const char* sql) {
  return Result(PQexec(conn_, sql), &PQclear);
}

std::expected<PostgresConnection::Result, PostgresFailure> PostgresConnection::run(
    const std::string& sql, const std::vector<std::string>& params, const std::string& what) {
  if (auto connected = ensure_connected(); !connected) return std::unexpected(connected.error());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  Result r = values.empty()
                 ? exec(sql.c_str())
                 : Result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                       values.data(), nullptr, nullptr, 0),
                          &PQclear);
  const auto status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return std::unexpected(failure(r.get(), what));
  }
  return r;
}

}  // namespace madoguchi::storage
