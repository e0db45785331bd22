#include "support/postgres_fixture.hpp"

#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/run_as.hpp"

namespace madoguchi::tests {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string tail(const std::string& text, std::size_t lines) {
  std::size_t start = text.size();
  for (std::size_t n = 0; n <= lines && start > 0;) {
    --start;
    if (text[start] == '\n') ++n;
  }
  return text.substr(start);
}

// Whether every directory from / down to `dir` lets other users through (o+x).
bool traversable_by_others(const std::filesystem::path& dir) {
  std::filesystem::path walked;
  for (const auto& part : std::filesystem::absolute(dir)) {
    walked /= part;
    struct stat st {};
    if (::stat(walked.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0) return false;
  }
  return true;
}

// Test servers of runs that were killed outright leave their directory behind: each holds the
// pid of the process that made it (owner.pid); a directory whose owner is gone is removed, with
// its server key.
void remove_abandoned(const std::filesystem::path& base) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(base, ec)) {
    if (!entry.path().filename().string().starts_with("madoguchi-pg-")) continue;
    const std::string owner = read_text(entry.path() / "owner.pid");
    const int pid = std::atoi(owner.c_str());
    if (pid <= 0 || (::kill(pid, 0) == 0 || errno != ESRCH)) continue;
    std::filesystem::remove_all(entry.path(), ec);
  }
}

// as_other_user: the server runs as another user, who must reach the directory; a $TMPDIR it
// cannot get through (say /root/tmp) gives way to /tmp.
std::expected<std::filesystem::path, std::string> make_temp_dir(bool as_other_user) {
  const char* tmp = std::getenv("TMPDIR");
  std::filesystem::path base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  if (as_other_user && !traversable_by_others(base)) base = "/tmp";
  remove_abandoned(base);
  std::string pattern = (base / "madoguchi-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return std::unexpected("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  std::ofstream(std::filesystem::path(pattern) / "owner.pid") << ::getpid() << "\n";
  return std::filesystem::path(pattern);
}

// Runs openssl with `args` in `dir`; its output goes to dir/openssl.log.
std::expected<void, std::string> openssl(const std::filesystem::path& dir,
                                         std::vector<std::string> args) {
  args.insert(args.begin(), "openssl");
  auto child = kiosk::ChildProcess::start(args, dir / "openssl.log");
  if (!child) return std::unexpected(child.error());
  if (const int status = child->wait(30s); status != 0) {
    return std::unexpected("openssl " + args[1] + " failed (status " + std::to_string(status) +
                           "):\n" + tail(read_text(dir / "openssl.log"), 10));
  }
  return {};
}

// A scratch CA (its key deleted once it has signed) and a server certificate for localhost and
// 127.0.0.1 signed by it: tls/ca.crt, tls/server.crt, tls/server.key (0600).
std::expected<void, std::string> make_certificates(const std::filesystem::path& tls) {
  std::filesystem::create_directories(tls);
  const auto path = [&](const char* name) { return (tls / name).string(); };
  std::ofstream(tls / "server.ext") << "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                    << "extendedKeyUsage=serverAuth\n";
  const std::vector<std::vector<std::string>> steps = {
      {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
       "-keyout", path("ca.key"), "-out", path("ca.crt"), "-days", "2", "-subj",
       "/CN=madoguchi test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
       "keyUsage=critical,keyCertSign,cRLSign"},
      {"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
       path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"},
      {"x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
       "-CAcreateserial", "-out", path("server.crt"), "-days", "2", "-extfile",
       path("server.ext")}};
  for (const auto& step : steps) {
    if (auto done = openssl(tls, step); !done) return done;
  }
  std::error_code ec;
  std::filesystem::remove(tls / "ca.key", ec);
  ::chmod((tls / "server.key").c_str(), 0600);
  return {};
}

// Version directories compare by their number ("15" > "9").
int version_of(const std::filesystem::path& dir) { return std::atoi(dir.filename().c_str()); }

}  // namespace

std::expected<std::filesystem::path, std::string> postgres_bin_dir() {
  if (const char* configured = std::getenv("MADOGUCHI_PG_BINDIR")) {
    if (::access((std::filesystem::path(configured) / "postgres").c_str(), X_OK) == 0) {
      return std::filesystem::path(configured);
    }
    return std::unexpected(std::string("MADOGUCHI_PG_BINDIR=") + configured +
                           " holds no postgres program");
  }
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto bin = entry.path() / "bin";
    if (::access((bin / "postgres").c_str(), X_OK) == 0 &&
        ::access((bin / "initdb").c_str(), X_OK) == 0) {
      found.push_back(bin.parent_path());
    }
  }
  if (found.empty()) {
    return std::unexpected(
        "no PostgreSQL server programs in /usr/lib/postgresql/*/bin (Debian package postgresql; "
        "scripts/install-deps.sh installs it)");
  }
  std::ranges::sort(found, {}, version_of);
  return found.back() / "bin";
}

std::expected<SqlRows, std::string> sql_query(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return std::unexpected("cannot connect (" + conninfo + "): " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    return std::unexpected(sql + ": " + message);
  }
  SqlRows rows;
  for (int r = 0; r < PQntuples(result); ++r) {
    auto& row = rows.emplace_back();
    for (int c = 0; c < PQnfields(result); ++c) {
      if (PQgetisnull(result, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result, r, c),
                                     static_cast<std::size_t>(PQgetlength(result, r, c))));
      }
    }
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

std::expected<std::unique_ptr<TestPostgres>, std::string> TestPostgres::start() {
  return start(Size{});
}

std::expected<std::unique_ptr<TestPostgres>, std::string> TestPostgres::start(Size size) {
  auto bin = postgres_bin_dir();
  if (!bin) return std::unexpected(bin.error());
  std::unique_ptr<TestPostgres> pg(new TestPostgres);
  pg->size_ = std::move(size);
  pg->bin_ = *bin;
  const bool root = ::geteuid() == 0;
  auto dir = make_temp_dir(root);
  if (!dir) return std::unexpected(dir.error());
  pg->dir_ = *dir;

  if (root) {
    // initdb: "cannot be run as root". Run both programs as an unprivileged user.
    auto user = unprivileged_user({"postgres", "nobody"});
    if (!user) return std::unexpected(user.error());
    if (::chown(pg->dir_.c_str(), user->uid, user->gid) != 0) {
      return std::unexpected("chown " + pg->dir_.string() + ": " + std::strerror(errno));
    }
    pg->run_as_ = user->prefix;
  }

  std::vector<std::string> initdb = pg->run_as_;
  for (const std::string& arg :
       {(pg->bin_ / "initdb").string(), std::string("-D"), (pg->dir_ / "data").string(),
        std::string("-U"), std::string("madoguchi"), std::string("--auth=trust"), std::string("-E"),
        std::string("UTF8"), std::string("--locale=C"), std::string("--no-sync")}) {
    initdb.push_back(arg);
  }
  auto init = kiosk::ChildProcess::start(initdb, pg->dir_ / "initdb.log");
  if (!init) return std::unexpected(init.error());
  const int status = init->wait(60s);
  if (status != 0) {
    return std::unexpected("initdb failed (status " + std::to_string(status) + "):\n" +
                           tail(read_text(pg->dir_ / "initdb.log"), 20));
  }

  // TLS: the server's certificate from a scratch CA; every connection verifies it (conninfo()).
  if (auto made = make_certificates(pg->dir_ / "tls"); !made) return std::unexpected(made.error());
  if (root) {
    auto user = unprivileged_user({"postgres", "nobody"});
    if (!user) return std::unexpected(user.error());
    // The server reads its key as its own user; the rest stays readable by root's tests.
    if (::chown((pg->dir_ / "tls" / "server.key").c_str(), user->uid, user->gid) != 0 ||
        ::chmod((pg->dir_ / "tls").c_str(), 0755) != 0) {
      return std::unexpected("cannot give the server its key: " +
                             std::string(std::strerror(errno)));
    }
  }
  // Over TCP only with TLS (no hostnossl line: refused); a role with a password for the tests of
  // the passfile (kPasswordRole), every other role trusted.
  std::ofstream(pg->dir_ / "data" / "pg_hba.conf", std::ios::trunc)
      << "local all all trust\n"
      << "hostssl all " << kPasswordRole << " 127.0.0.1/32 scram-sha-256\n"
      << "hostssl all all 127.0.0.1/32 trust\n";

  std::string last_error;
  // A free port can be taken between the probe and the bind: try a few.
  for (int attempt = 0; attempt < 3; ++attempt) {
    pg->port_ = kiosk::free_loopback_port();
    auto launched = pg->launch();
    if (launched) return pg;
    last_error = launched.error();
  }
  return std::unexpected(last_error);
}

std::expected<void, std::string> TestPostgres::launch() {
  std::vector<std::string> argv = run_as_;
  argv.push_back((bin_ / "postgres").string());
  // The Unix socket lives in the test's directory, when its path fits sun_path.
  const std::string socket_dir =
      (dir_.string().size() + 20 < sizeof(sockaddr_un{}.sun_path)) ? dir_.string() : "";
  for (const std::string& arg :
       {std::string("-D"), (dir_ / "data").string(),
        std::string("-p"), std::to_string(port_),
        std::string("-h"), std::string("127.0.0.1"),
        std::string("-k"), socket_dir,
        std::string("-c"), std::string("fsync=off"),
        std::string("-c"), std::string("full_page_writes=off"),
        std::string("-c"), "max_connections=" + std::to_string(size_.max_connections),
        std::string("-c"), "shared_buffers=" + size_.shared_buffers,
        std::string("-c"), std::string("ssl=on"),
        std::string("-c"), "ssl_cert_file=" + (dir_ / "tls" / "server.crt").string(),
        std::string("-c"), "ssl_key_file=" + (dir_ / "tls" / "server.key").string()}) {
    argv.push_back(arg);
  }
  auto child = kiosk::ChildProcess::start(argv, dir_ / "postgres.log");
  if (!child) return std::unexpected(child.error());
  const std::string info = conninfo("postgres");
  const auto deadline = Clock::now() + 30s;
  while (Clock::now() < deadline) {
    if (!child->running()) break;
    if (PQping(info.c_str()) == PQPING_OK) {
      server_ = std::move(*child);
      return {};
    }
    std::this_thread::sleep_for(20ms);
  }
  child->kill_now();
  return std::unexpected("postgres did not start on port " + std::to_string(port_) + ":\n" +
                         logs());
}

TestPostgres::~TestPostgres() {
  (void)stop();
  if (!dir_.empty() && std::getenv("MADOGUCHI_KEEP_TEST_LOGS") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string TestPostgres::conninfo(const std::string& database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=madoguchi dbname=" + database +
         " connect_timeout=2 sslmode=verify-full sslrootcert=" + ca_file().string();
}

std::expected<std::string, std::string> TestPostgres::create_database(const std::string& name) {
  auto created = sql_query(conninfo("postgres"), "CREATE DATABASE \"" + name + "\"");
  if (!created) return std::unexpected(created.error());
  return conninfo(name);
}

std::expected<void, std::string> TestPostgres::stop() {
  if (!server_.running()) return {};
  // SIGINT: fast shutdown (SIGTERM, smart shutdown, would wait for every client to leave).
  ::kill(server_.pid(), SIGINT);
  if (server_.wait(15s) >= 0) return {};
  server_.kill_now();
  return std::unexpected("postgres did not stop within 15 s:\n" + logs());
}

std::expected<void, std::string> TestPostgres::restart() {
  if (server_.running()) return {};
  return launch();
}

bool TestPostgres::running() { return server_.running(); }

std::string TestPostgres::logs() const { return tail(read_text(dir_ / "postgres.log"), 30); }

TestPostgres& shared_test_postgres() {
  static std::unique_ptr<TestPostgres> server = [] {
    auto started = TestPostgres::start();
    if (!started) {
      ADD_FAILURE() << "PostgreSQL did not start: " << started.error();
      return std::unique_ptr<TestPostgres>();
    }
    return std::move(*started);
  }();
  if (!server) std::abort();
  return *server;
}

}  // namespace madoguchi::tests
