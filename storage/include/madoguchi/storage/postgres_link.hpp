// How every program of the project reaches the back office's PostgreSQL (docs/back-office.md,
// "The link"): TLS with the server's certificate checked against the town's CA and the host name
// (sslmode=verify-full); the password from a libpq passfile (passfile=FILE, PGPASSFILE, or the
// systemd credential pgpass), never in the connection string (it is on a command line, in the
// process list) and never from PGPASSWORD (in the process's environment).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace madoguchi::storage {

// Why this connection string may not be used, naming the key and what to do instead: one that
// cannot be parsed, an sslmode other than verify-full, a password; or PGPASSWORD set.
std::expected<void, std::string> check_postgres_conninfo(const std::string& conninfo);

// The connection's defaults, which the connection string may not weaken: sslmode=verify-full,
// gssencmode=disable (no GSSAPI encryption in place of TLS), and passfile=
// $CREDENTIALS_DIRECTORY/pgpass when that credential exists.
std::vector<std::pair<std::string, std::string>> postgres_link_defaults();

// Why a command or the connection failed: `unreachable` when the connection broke, the server is
// going away or the conflict is one to try again (the caller keeps its work for later), else a
// refusal (a missing table, a right not granted, a constraint). The message names the server
// and what was being done, with the SQLSTATE and the primary message only: a DETAIL ("Failing
// row contains (...)") would carry the resident's answers into logs.
struct PostgresFailure {
  bool unreachable = false;
  std::string message;
};

// One connection to the back office, made as above and again after it breaks. Not thread-safe:
// callers hold mutex() around each use.
class PostgresConnection {
 public:
  struct Settings {
    std::string application_name = "madoguchi";
    std::chrono::seconds connect_timeout{5};
    std::chrono::seconds statement_timeout{15};
  };
  PostgresConnection(std::string conninfo, Settings settings);
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // "postgresql://host:port/dbname", for logs: never the password.
  const std::string& name() const { return name_; }
  std::mutex& mutex() { return mutex_; }

  std::expected<void, PostgresFailure> ensure_connected();
  PGconn* get() const { return conn_; }
  void close();

  using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;
  Result exec(const char* sql);
  // Connects if needed and runs one statement with text parameters (none: the simple protocol,
  // so `sql` may hold several commands); its rows, or the failure naming `what`.
  std::expected<Result, PostgresFailure> run(const std::string& sql,
                                             const std::vector<std::string>& params,
                                             const std::string& what);
  // The failure of a command (`result` may be null); closes the connection when it broke.
  PostgresFailure failure(const PGresult* result, const std::string& what);
  PostgresFailure unreachable(const std::string& what) const;

 private:
  std::mutex mutex_;
  std::string conninfo_;
  Settings settings_;
  std::string name_;
  std::string refused_;  // why the connection string may not be used
  PGconn* conn_ = nullptr;
};

}  // namespace madoguchi::storage
