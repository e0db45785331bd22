#include "support/ipp_printer_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace madoguchi::tests {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr char kJamFlag[] = "jam-next-job";
constexpr char kJamHeldFlag[] = "jam-next-job-held";
constexpr char kJamClearedFlag[] = "jam-cleared";
constexpr char kEmptyMidJobFlag[] = "empty-mid-next-job";
constexpr char kPaperLoadedFlag[] = "paper-loaded";
constexpr char kPrintSecondsFile[] = "print-seconds";
constexpr char kPrintedLog[] = "printed.log";
constexpr char kTestPageName[] = "clerk-test-page";

// Run by ippeveprinter for each job as `print-command <spool file>`. Lines on stderr set printer
// state ("STATE: +media-jam") and the job message ("ERROR: ..."); a non-zero exit aborts the job.
// A job that exits 0 "came out of the printer": its spool file name goes to printed.log.
//
// Like a real printer, a job canceled while it waits (ippeveprinter then reports
// processing-to-stop-point) stops there: it never comes out, and ippeveprinter marks it canceled.
constexpr char kPrintCommand[] = R"SH(#!/bin/sh
dir=$(dirname "$0")
job=$(basename "$1" | cut -d- -f1)
canceled() {
  ipptool -q -T 2 -d job="$job" "$(cat "$dir/uri")" "$dir/job-canceled.test"
}
wait_for() {
  while [ ! -f "$dir/$1" ]; do
    if canceled; then echo "INFO: Canceled while waiting" >&2; exit 0; fi
    sleep 0.1
  done
}
if [ -f "$dir/jam-next-job" ]; then
  rm -f "$dir/jam-next-job"
  echo "STATE: +media-jam" >&2
  echo "ERROR: Paper jam" >&2
  exit 1
fi
if [ -f "$dir/jam-next-job-held" ]; then
  rm -f "$dir/jam-next-job-held"
  echo "STATE: +media-jam" >&2
  echo "INFO: Paper jam, waiting for it to be cleared" >&2
  wait_for jam-cleared
  rm -f "$dir/jam-cleared"
fi
if [ -f "$dir/empty-mid-next-job" ]; then
  rm -f "$dir/empty-mid-next-job"
  echo "STATE: +media-empty,media-needed" >&2
  echo "INFO: Out of paper, waiting for paper" >&2
  wait_for paper-loaded
  rm -f "$dir/paper-loaded"
  echo "STATE: -media-empty,media-needed" >&2
fi
if [ -f "$dir/next-job-reason" ]; then
  reason=$(cat "$dir/next-job-reason")
  rm -f "$dir/next-job-reason"
  echo "STATE: +$reason" >&2
  if [ -f "$dir/hold-on-reason" ]; then
    rm -f "$dir/hold-on-reason"
    wait_for reason-cleared
    rm -f "$dir/reason-cleared"
    echo "STATE: -$reason" >&2
  fi
fi
if [ -f "$dir/print-seconds" ]; then
  sleep "$(cat "$dir/print-seconds")"
fi
echo "STATE: -media-jam" >&2
if canceled; then echo "INFO: Canceled before printing" >&2; exit 0; fi
basename "$1" >> "$dir/printed.log"
exit 0
)SH";

// The print command's question: has this job been canceled (ippeveprinter keeps a canceled
// processing job going until it ends, saying processing-to-stop-point)? Exit 0: yes.
constexpr char kJobCanceledTest[] = R"({
  NAME "job canceled"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR language attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id $job
  ATTR name requesting-user-name print-command
  STATUS successful-ok
  EXPECT job-state-reasons WITH-VALUE processing-to-stop-point
}
)";

// The clerk's test page (Print-Job through ipptool): printing it clears a jam that aborted a job.
constexpr char kTestPageTest[] = R"({
  NAME "clerk test page"
  OPERATION Print-Job
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR language attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name clerk
  ATTR name job-name clerk-test-page
  ATTR mimeMediaType document-format application/pdf
  FILE $filename
  STATUS successful-ok
}
)";

constexpr char kTestPagePdf[] = "%PDF-1.4\n% clerk test page\n%%EOF\n";

void touch(const std::filesystem::path& file) { std::ofstream(file) << "1\n"; }

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool unix_socket_accepts(const std::string& path) {
  sockaddr_un addr{};
  if (path.empty() || path.size() >= sizeof addr.sun_path) return false;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// "unix:path=/run/dbus/system_bus_socket,guid=..." -> the path; empty for other transports.
std::string unix_path_of(const std::string& address) {
  const std::string key = "unix:path=";
  if (!address.starts_with(key)) return {};
  const auto end = address.find(',');
  return address.substr(key.size(), end == std::string::npos ? end : end - key.size());
}

std::filesystem::path find_program(const std::string& name) {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return kiosk::find_sibling_program(name);  // PATH
}

std::expected<std::filesystem::path, std::string> make_temp_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = (std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                         "madoguchi-ipp-XXXXXX")
                            .string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return std::unexpected("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  return std::filesystem::path(pattern);
}

std::string tail(const std::string& text, std::size_t lines) {
  std::size_t start = text.size();
  for (std::size_t n = 0; n <= lines && start > 0;) {
    --start;
    if (text[start] == '\n') ++n;
  }
  return text.substr(start);
}

}  // namespace

std::expected<std::string, std::string> ensure_system_bus(const std::filesystem::path& dir,
                                                          kiosk::ChildProcess& bus_daemon) {
  if (const char* address = std::getenv("DBUS_SYSTEM_BUS_ADDRESS")) {
    if (unix_socket_accepts(unix_path_of(address))) return std::string();
  } else if (unix_socket_accepts("/run/dbus/system_bus_socket")) {
    return std::string();
  }
  const auto socket_path = dir / "bus";
  if (socket_path.string().size() >= sizeof(sockaddr_un{}.sun_path)) {
    return std::unexpected("D-Bus socket path too long: " + socket_path.string());
  }
  auto daemon =
      kiosk::ChildProcess::start({find_program("dbus-daemon").string(), "--session", "--nofork",
                                  "--nosyslog", "--address=unix:path=" + socket_path.string()},
                                 dir / "dbus-daemon.log");
  if (!daemon) return std::unexpected(daemon.error());
  const auto deadline = Clock::now() + 5s;
  while (!unix_socket_accepts(socket_path.string())) {
    if (!daemon->running() || Clock::now() > deadline) {
      return std::unexpected("dbus-daemon did not start: " + read_text(dir / "dbus-daemon.log"));
    }
    std::this_thread::sleep_for(10ms);
  }
  bus_daemon = std::move(*daemon);
  return "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + socket_path.string();
}

std::expected<std::string, std::string> http_get(int port, const std::string& target,
                                                 std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::unexpected(std::string("socket: ") + std::strerror(errno));
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    ::close(fd);
    return std::unexpected("connect to port " + std::to_string(port) + ": " + std::strerror(err));
  }
  const std::string request = "GET " + target +
                              " HTTP/1.1\r\nHost: localhost:" + std::to_string(port) +
                              "\r\nConnection: close\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return std::unexpected("sending the HTTP request failed");
  }
  // ippeveprinter answers chunked and keeps the connection open: read up to the last chunk.
  // The web form applies its change after the headers, so the whole body must be awaited.
  std::string response;
  char buf[8192];
  while (!response.ends_with("\r\n0\r\n\r\n")) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    response.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (response.empty()) return std::unexpected("no HTTP response for " + target);
  return response.substr(0, response.find("\r\n"));
}

std::expected<std::unique_ptr<TestIppPrinter>, std::string> TestIppPrinter::start(
    const std::string& name) {
  std::unique_ptr<TestIppPrinter> p(new TestIppPrinter);
  auto dir = make_temp_dir();
  if (!dir) return std::unexpected(dir.error());
  p->dir_ = *dir;
  std::filesystem::create_directories(p->spool_dir());

  const auto command = p->dir_ / "print-command.sh";
  {
    std::ofstream out(command, std::ios::binary);
    out << kPrintCommand;
    if (!out) return std::unexpected("cannot write " + command.string());
  }
  std::filesystem::permissions(command, std::filesystem::perms::owner_all);
  std::ofstream(p->dir_ / "job-canceled.test") << kJobCanceledTest;

  auto bus_env = ensure_system_bus(p->dir_, p->bus_);
  if (!bus_env) return std::unexpected(bus_env.error());
  if (!bus_env->empty()) p->env_.push_back(*bus_env);
  // ipps://: ippeveprinter makes a self-signed certificate for "localhost" on first use, in the
  // keychain folder given by -K (here, this directory's "keys").
  std::filesystem::create_directories(p->dir_ / "keys");
  p->argv_ = {find_program("ippeveprinter").string(),
              "-p",
              "",
              "-n",
              "localhost",
              "-r",
              "off",
              "-f",
              "application/pdf",
              "-k",
              "-K",
              (p->dir_ / "keys").string(),
              "-d",
              p->spool_dir().string(),
              "-c",
              command.string(),
              name};

  std::string last_error;
  // A free port can be taken between the probe and the bind: try a few.
  for (int attempt = 0; attempt < 3; ++attempt) {
    p->port_ = kiosk::free_loopback_port();
    std::ofstream(p->dir_ / "uri") << p->uri();
    auto launched = p->launch();
    if (launched) return p;
    last_error = launched.error();
  }
  return std::unexpected(last_error);
}

// -n localhost, not 127.0.0.1: ippeveprinter opens an IPv4 and an IPv6 listener for the name,
// and an IPv4 literal has no IPv6 address ("Unable to create IPv6 listener").
std::expected<void, std::string> TestIppPrinter::launch() {
  argv_[2] = std::to_string(port_);
  auto child = kiosk::ChildProcess::start(argv_, dir_ / "ippeveprinter.log", env_);
  if (!child) return std::unexpected(child.error());
  const auto deadline = Clock::now() + 10s;
  while (child->running() && Clock::now() < deadline) {
    if (kiosk::wait_for_port(port_, 100ms)) {
      printer_ = std::move(*child);
      return {};
    }
  }
  child->stop();
  return std::unexpected("ippeveprinter did not start on port " + std::to_string(port_) + ":\n" +
                         logs());
}

std::expected<void, std::string> TestIppPrinter::renew_certificate() {
  thaw();
  printer_.stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_ / "keys", ec);
  std::filesystem::create_directories(dir_ / "keys", ec);
  // The port was just let go; another program taking it meanwhile is not expected on loopback.
  std::string last_error;
  for (int attempt = 0; attempt < 20; ++attempt) {
    auto launched = launch();
    if (launched) return {};
    last_error = launched.error();
    std::this_thread::sleep_for(100ms);
  }
  return std::unexpected(last_error);
}

TestIppPrinter::~TestIppPrinter() {
  thaw();
  printer_.stop();
  bus_.stop();
  if (!dir_.empty() && std::getenv("MADOGUCHI_KEEP_TEST_LOGS") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string TestIppPrinter::uri() const {
  return "ipp://127.0.0.1:" + std::to_string(port_) + "/ipp/print";
}

std::string TestIppPrinter::secure_uri() const {
  return "ipps://localhost:" + std::to_string(port_) + "/ipp/print";
}

std::vector<std::filesystem::path> TestIppPrinter::received_files() const {
  std::vector<std::pair<long, std::filesystem::path>> jobs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(spool_dir(), ec)) {
    if (entry.path().extension() != ".pdf") continue;
    jobs.emplace_back(std::atol(entry.path().filename().c_str()), entry.path());
  }
  std::ranges::sort(jobs);
  std::vector<std::filesystem::path> files;
  for (auto& job : jobs) files.push_back(std::move(job.second));
  return files;
}

std::expected<void, std::string> TestIppPrinter::set_media_empty(bool empty) {
  // Trays 1 ("main") and 3 ("by-pass-tray") are the non-manual ones; every one must be given,
  // or ippeveprinter drops it from media-col-ready. Level 0 is empty.
  const std::string main_level = empty ? "0" : "250";
  const std::string bypass_level = empty ? "0" : "25";
  const std::string target = "/media?size1=iso_a4_210x297mm&type1=stationery&level1=" + main_level +
                             "&size3=iso_a4_210x297mm&type3=stationery&level3=" + bypass_level;
  auto status = http_get(port_, target, 5s);
  if (!status) return std::unexpected(status.error());
  if (status->find(" 200 ") == std::string::npos) {
    return std::unexpected("ippeveprinter answered \"" + *status + "\" to " + target);
  }
  return {};
}

void TestIppPrinter::jam_next_job() { touch(dir_ / kJamFlag); }

void TestIppPrinter::jam_next_job_until_cleared() { touch(dir_ / kJamHeldFlag); }

void TestIppPrinter::run_out_of_paper_mid_next_job() { touch(dir_ / kEmptyMidJobFlag); }

void TestIppPrinter::load_paper_mid_job() { touch(dir_ / kPaperLoadedFlag); }

void TestIppPrinter::clear_held_jam() { touch(dir_ / kJamClearedFlag); }

void TestIppPrinter::next_job_reports(const std::string& reason, bool hold_until_cleared) {
  if (hold_until_cleared) touch(dir_ / "hold-on-reason");
  std::ofstream(dir_ / "next-job-reason") << reason << "\n";
}

void TestIppPrinter::clear_reported_reason() { touch(dir_ / "reason-cleared"); }

void TestIppPrinter::set_print_seconds(double seconds) {
  if (seconds <= 0) {
    std::error_code ec;
    std::filesystem::remove(dir_ / kPrintSecondsFile, ec);
    return;
  }
  std::ofstream(dir_ / kPrintSecondsFile) << seconds << "\n";
}

std::expected<void, std::string> TestIppPrinter::print_test_page() {
  const auto test_file = dir_ / "clerk-test-page.test";
  const auto pdf_file = dir_ / "clerk-test-page.pdf";
  std::ofstream(test_file) << kTestPageTest;
  std::ofstream(pdf_file) << kTestPagePdf;
  const auto log = dir_ / "ipptool.log";
  // The printer takes one job at a time: retry while it is busy.
  const auto deadline = Clock::now() + 10s;
  while (true) {
    auto tool = kiosk::ChildProcess::start(
        {find_program("ipptool").string(), "-f", pdf_file.string(), uri(), test_file.string()},
        log);
    if (!tool) return std::unexpected(tool.error());
    const int status = tool->wait(10s);
    if (status == 0) return {};
    if (Clock::now() > deadline) {
      return std::unexpected("ipptool could not print the test page:\n" + tail(read_text(log), 20));
    }
    std::this_thread::sleep_for(100ms);
  }
}

std::vector<std::string> TestIppPrinter::printed_jobs() const {
  std::vector<std::string> out;
  std::istringstream lines(read_text(dir_ / kPrintedLog));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

int TestIppPrinter::times_printed(const std::string& job_name) const {
  // ippeveprinter names spool files "<job-id>-<job-name, lower case>.pdf".
  std::string lower = job_name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int n = 0;
  for (const auto& file : printed_jobs()) {
    const auto dash = file.find('-');
    if (dash != std::string::npos && file.substr(dash + 1) == lower + ".pdf") ++n;
  }
  return n;
}

int TestIppPrinter::documents_printed() const {
  int n = 0;
  for (const auto& file : printed_jobs()) {
    if (!file.ends_with(std::string("-") + kTestPageName + ".pdf")) ++n;
  }
  return n;
}

namespace {

// Every thread of `pid` is stopped (state T in /proc/<pid>/task/<tid>/stat).
bool all_threads_stopped(pid_t pid) {
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  int threads = 0;
  for (std::filesystem::directory_iterator it(tasks, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string stat = read_text(it->path() / "stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size()) continue;  // thread gone
    const char state = stat[close + 2];
    if (state != 'T' && state != 't') return false;
    ++threads;
  }
  return !ec && threads > 0;
}

}  // namespace

bool TestIppPrinter::freeze() {
  if (printer_.pid() <= 0 || ::kill(printer_.pid(), SIGSTOP) != 0) return false;
  // kill() only queues SIGSTOP: one of ippeveprinter's threads has yet to take it and stop the
  // others, and under load a client thread can still answer a request meanwhile (the Create-Job
  // sent "to a frozen printer" was answered). Frozen means every thread is stopped.
  const auto deadline = Clock::now() + 5s;
  while (!all_threads_stopped(printer_.pid())) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

bool TestIppPrinter::thaw() { return printer_.pid() > 0 && ::kill(printer_.pid(), SIGCONT) == 0; }

std::string TestIppPrinter::logs() const { return tail(read_text(dir_ / "ippeveprinter.log"), 30); }

}  // namespace madoguchi::tests
