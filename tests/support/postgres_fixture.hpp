// A real PostgreSQL server for integration tests: initdb into a temporary directory, then
// `postgres` on a free loopback port (and a Unix socket in that directory), fsync off. Over TCP
// it speaks TLS only, with a server certificate for localhost and 127.0.0.1 from a scratch CA
// made with openssl in that directory (the CA's key deleted once it has signed); every
// conninfo() verifies it (sslmode=verify-full sslrootcert=<ca_file()>). Roles are trusted, but
// kPasswordRole, which needs its password (SCRAM). A directory left by a test killed outright
// (its owner.pid gone) is removed by the next start. Nothing of the machine's own
// PostgreSQL (clusters, systemd units, /var/run/postgresql) is used or touched.
//
// PostgreSQL refuses to run as root: when the tests run as root (CI containers), initdb and
// postgres run as the "postgres" user the Debian package creates (else "nobody") through
// setpriv(1) from util-linux, and the directory is given to that user.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"

namespace madoguchi::tests {

// The newest /usr/lib/postgresql/<version>/bin holding initdb and postgres, or
// $MADOGUCHI_PG_BINDIR.
std::expected<std::filesystem::path, std::string> postgres_bin_dir();

// The role that must give a password (pg_hba: scram-sha-256); the tests create it.
inline constexpr const char* kPasswordRole = "madoguchi_clerk";

using SqlRows = std::vector<std::vector<std::optional<std::string>>>;

// Runs one SQL command (libpq, text results): the rows, NULL as nullopt.
std::expected<SqlRows, std::string> sql_query(const std::string& conninfo, const std::string& sql);

class TestPostgres {
 public:
  // Small by default (tests share a 2-core machine); a benchmark asks for PostgreSQL's own
  // defaults (100 connections, 128MB of shared buffers), as a town's server would have.
  struct Size {
    int max_connections = 40;
    std::string shared_buffers = "16MB";
  };
  // initdb (about 1.5 s) and start; waits until the server accepts connections.
  static std::expected<std::unique_ptr<TestPostgres>, std::string> start();
  static std::expected<std::unique_ptr<TestPostgres>, std::string> start(Size size);

  // Stops the server (fast shutdown) and deletes the directory (kept when
  // MADOGUCHI_KEEP_TEST_LOGS is set).
  ~TestPostgres();
  TestPostgres(const TestPostgres&) = delete;
  TestPostgres& operator=(const TestPostgres&) = delete;

  int port() const { return port_; }
  const std::filesystem::path& directory() const { return dir_; }
  // "host=127.0.0.1 port=<port> user=madoguchi dbname=<database> connect_timeout=2
  // sslmode=verify-full sslrootcert=<ca_file()>".
  std::string conninfo(const std::string& database = "postgres") const;
  // The scratch CA's certificate, which signed the server's.
  std::filesystem::path ca_file() const { return dir_ / "tls" / "ca.crt"; }

  // CREATE DATABASE; its conninfo.
  std::expected<std::string, std::string> create_database(const std::string& name);

  // Fast shutdown (SIGINT): connections are closed, the data stays.
  std::expected<void, std::string> stop();
  // Starts it again on the same port with the same data.
  std::expected<void, std::string> restart();
  bool running();

  // The last lines of the server's log.
  std::string logs() const;

 private:
  TestPostgres() = default;
  std::expected<void, std::string> launch();
  Size size_;

  std::filesystem::path dir_;
  std::filesystem::path bin_;
  std::vector<std::string> run_as_;  // "setpriv --reuid=... --" when root, else empty
  int port_ = -1;
  kiosk::ChildProcess server_;
};

// One server for a whole test program (initdb takes a second or two), started on first use and
// stopped at exit; each test makes its own database. Aborts the program when it cannot start
// (after a test failure saying why).
TestPostgres& shared_test_postgres();

}  // namespace madoguchi::tests
