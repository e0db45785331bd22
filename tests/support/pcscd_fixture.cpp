#include "support/pcscd_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <winscard.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace madoguchi::tests {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr char kPcscdSocket[] = "/run/pcscd/pcscd.comm";
constexpr char kVpcdDriver[] = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
constexpr char kTempPrefix[] = "madoguchi-pcscd-";
constexpr char kOwnerFile[] = "owner.pid";

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string tail(const std::filesystem::path& file, std::size_t lines) {
  const std::string text = read_text(file);
  std::size_t start = text.size();
  for (std::size_t n = 0; n <= lines && start > 0;) {
    --start;
    if (text[start] == '\n') ++n;
  }
  return text.substr(start);
}

bool process_alive(pid_t pid) {
  if (pid <= 0) return false;
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

// The argv of a process, NUL-separated in /proc.
std::vector<std::string> command_line(pid_t pid) {
  const std::string raw = read_text("/proc/" + std::to_string(pid) + "/cmdline");
  std::vector<std::string> args;
  std::size_t start = 0;
  while (start < raw.size()) {
    const auto end = raw.find('\0', start);
    args.push_back(raw.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return args;
}

// The temporary directory of a pcscd started by this fixture whose owning test process
// has died (a crashed test), or nullopt.
std::optional<std::filesystem::path> stale_test_pcscd_dir(pid_t pid) {
  const auto args = command_line(pid);
  const auto c = std::find(args.begin(), args.end(), "-c");
  if (c == args.end() || c + 1 == args.end()) return std::nullopt;
  const std::filesystem::path config_dir = *(c + 1);
  const auto temp_dir = config_dir.parent_path();
  if (!temp_dir.filename().string().starts_with(kTempPrefix)) return std::nullopt;
  const std::string owner = read_text(temp_dir / kOwnerFile);
  if (!owner.empty() && process_alive(static_cast<pid_t>(std::atoi(owner.c_str())))) {
    return std::nullopt;
  }
  return temp_dir;
}

bool socket_accepts(const char* path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

bool port_free_on_all_interfaces(int port) {
  if (port <= 0 || port > 65535) return false;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::vector<std::string> listed_readers() {
  SCARDCONTEXT context = 0;
  if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS) {
    return {};
  }
  std::vector<std::string> readers;
  DWORD size = 0;
  if (SCardListReaders(context, nullptr, nullptr, &size) == SCARD_S_SUCCESS) {
    std::vector<char> names(size);
    if (SCardListReaders(context, nullptr, names.data(), &size) == SCARD_S_SUCCESS) {
      for (const char* name = names.data(); name < names.data() + size && *name != '\0';
           name += std::strlen(name) + 1) {
        readers.emplace_back(name);
      }
    }
  }
  SCardReleaseContext(context);
  return readers;
}

}  // namespace

std::optional<std::string> other_pcscd_running() {
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc", ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto& entry = *it;
    const std::string name = entry.path().filename();
    if (name.empty() ||
        !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::atoi(name.c_str()));
    const std::string comm = read_text(entry.path() / "comm");
    if (comm != "pcscd\n" || !process_alive(pid)) continue;
    if (const auto stale_dir = stale_test_pcscd_dir(pid)) {
      ::kill(pid, SIGTERM);  // left behind by a crashed test of ours
      for (int i = 0; i < 100 && process_alive(pid); ++i) std::this_thread::sleep_for(20ms);
      if (!process_alive(pid)) {
        std::error_code ignored;
        std::filesystem::remove_all(*stale_dir, ignored);
        continue;
      }
    }
    return "another pcscd is running (pid " + std::to_string(pid) +
           "); only one pcscd can run at a time because its socket " + kPcscdSocket +
           " is fixed. Stop it first (systemctl stop pcscd.socket pcscd) and run the tests "
           "that need pcscd one at a time (ctest RESOURCE_LOCK pcscd)";
  }
  if (socket_accepts(kPcscdSocket)) {
    return std::string("something already listens on ") + kPcscdSocket +
           " (systemd's pcscd.socket?); stop it first (systemctl stop pcscd.socket pcscd)";
  }
  return std::nullopt;
}

std::expected<void, std::string> write_vpcd_reader_conf(const std::filesystem::path& config_dir,
                                                        const std::string& friendly_name,
                                                        int port) {
  std::error_code ec;
  std::filesystem::create_directories(config_dir, ec);
  if (ec) return std::unexpected("cannot create " + config_dir.string() + ": " + ec.message());
  std::ofstream conf(config_dir / "vpcd");
  conf << "FRIENDLYNAME \"" << friendly_name << "\"\n"
       << "DEVICENAME   /dev/null:" << port << "\n"
       << "LIBPATH      " << kVpcdDriver << "\n"
       << "CHANNELID    " << port << "\n";
  if (!conf) return std::unexpected("cannot write " + (config_dir / "vpcd").string());
  return {};
}

std::expected<kiosk::ChildProcess, std::string> start_pcscd(const std::filesystem::path& config_dir,
                                                            const std::filesystem::path& log_file,
                                                            const std::vector<std::string>& readers,
                                                            std::chrono::milliseconds timeout,
                                                            const kiosk::MachineLock* lock) {
  std::error_code ec;
  const std::string program =
      std::filesystem::exists("/usr/sbin/pcscd", ec) ? "/usr/sbin/pcscd" : "pcscd";
  // -f: foreground, logs to stdout. No -a: APDUs (and so PINs) must never reach a log.
  std::vector<int> inherited;
  if (lock != nullptr && lock->held()) inherited.push_back(lock->fd());
  auto pcscd = kiosk::ChildProcess::start({program, "-f", "-d", "-c", config_dir.string()},
                                          log_file, {}, inherited);
  if (!pcscd) return std::unexpected(pcscd.error());
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto listed = listed_readers();
    const bool all_there = std::all_of(readers.begin(), readers.end(), [&](const auto& r) {
      return std::find(listed.begin(), listed.end(), r) != listed.end();
    });
    if (all_there) return std::move(*pcscd);
    if (!pcscd->running()) {
      return std::unexpected("pcscd exited while starting; its log ends with:\n" +
                             tail(log_file, 15));
    }
    if (Clock::now() > deadline) {
      return std::unexpected("pcscd did not list its readers within " +
                             std::to_string(timeout.count()) + " ms; its log ends with:\n" +
                             tail(log_file, 15));
    }
    std::this_thread::sleep_for(20ms);
  }
}

bool wait_for_card_state(const std::string& reader, bool present,
                         std::chrono::milliseconds timeout) {
  SCARDCONTEXT context = 0;
  if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS) {
    return false;
  }
  const auto deadline = Clock::now() + timeout;
  bool reached = false;
  while (!reached && Clock::now() < deadline) {
    SCARD_READERSTATE state{};
    state.szReader = reader.c_str();
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    if (SCardGetStatusChange(context, 0, &state, 1) == SCARD_S_SUCCESS) {
      reached = ((state.dwEventState & SCARD_STATE_PRESENT) != 0) == present;
    }
    if (!reached) std::this_thread::sleep_for(20ms);
  }
  SCardReleaseContext(context);
  return reached;
}

int free_vpcd_port() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const int port = kiosk::free_loopback_port();
    if (port_free_on_all_interfaces(port) && port_free_on_all_interfaces(port + 1)) return port;
  }
  return -1;
}

std::filesystem::path virtual_card_program() {
  if (const char* program = std::getenv("MADOGUCHI_VIRTUAL_CARD"); program && *program) {
    return program;
  }
  const std::filesystem::path built =
      std::filesystem::path(MADOGUCHI_BINARY_DIR) / "card" / "virtual-mynumber-card";
  std::error_code ec;
  if (std::filesystem::exists(built, ec)) return built;
  return kiosk::find_sibling_program("virtual-mynumber-card");
}

std::filesystem::path persona_path(const std::string& file_name) {
  return std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "tests" / "personas" / file_name;
}

// ---------------------------------------------------------------------------------------

std::expected<std::unique_ptr<PcscdWithVirtualReader>, std::string>
PcscdWithVirtualReader::start() {
  // A pcscd that a crashed test of ours left behind holds the lock it inherited: stop it
  // first (other_pcscd_running does; what it reports now is waited for below).
  (void)other_pcscd_running();
  // Another test run (or a demo kiosk) on this machine may be using pcscd: wait for it.
  auto lock = kiosk::lock_pcscd("pcscd test fixture");
  if (!lock) return std::unexpected(lock.error());
  if (auto other = other_pcscd_running()) return std::unexpected(*other);

  std::string pattern = (std::filesystem::temp_directory_path() / kTempPrefix).string() + "XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return std::unexpected("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  std::unique_ptr<PcscdWithVirtualReader> stack(new PcscdWithVirtualReader());
  stack->lock_ = std::move(*lock);
  stack->dir_ = pattern;
  std::ofstream(stack->dir_ / kOwnerFile) << ::getpid() << "\n";

  stack->port_ = free_vpcd_port();
  if (stack->port_ < 0) return std::unexpected("no free TCP port pair for vpcd");
  const auto config_dir = stack->dir_ / "reader.conf.d";
  if (auto written = write_vpcd_reader_conf(config_dir, kTestReaderName, stack->port_); !written) {
    return std::unexpected(written.error());
  }
  auto pcscd = start_pcscd(config_dir, stack->dir_ / "pcscd.log",
                           {stack->reader_name(0), stack->reader_name(1)}, 10s, &stack->lock_);
  if (!pcscd) return std::unexpected(pcscd.error());
  stack->pcscd_ = std::move(*pcscd);
  return stack;
}

PcscdWithVirtualReader::~PcscdWithVirtualReader() {
  card_.stop();
  pcscd_.stop(std::chrono::milliseconds(3000));
  if (!dir_.empty() && std::getenv("MADOGUCHI_KEEP_TEST_LOGS") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string PcscdWithVirtualReader::reader_name(int slot) const {
  return std::string(kTestReaderName) + " 00 0" + std::to_string(slot);
}

std::expected<void, std::string> PcscdWithVirtualReader::insert_card(
    const std::filesystem::path& persona, const std::vector<std::string>& extra_args) {
  if (card_running()) remove_card();
  std::vector<std::string> argv = {virtual_card_program().string(), "--persona", persona.string(),
                                   "--port", std::to_string(port_)};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  const auto log = dir_ / ("virtual-card-" + std::to_string(++cards_inserted_) + ".log");
  auto card = kiosk::ChildProcess::start(argv, log);
  if (!card) return std::unexpected(card.error());
  card_ = std::move(*card);
  const auto deadline = Clock::now() + 5s;
  while (!wait_for_card_state(reader_name(0), true, 100ms)) {
    if (!card_.running() || Clock::now() > deadline) {
      return std::unexpected("the virtual card did not appear in " + reader_name(0) + "\n" +
                             logs());
    }
  }
  return {};
}

void PcscdWithVirtualReader::remove_card(bool wait_until_noticed) {
  card_.stop();
  if (wait_until_noticed) wait_for_card_state(reader_name(0), false, 5s);
}

bool PcscdWithVirtualReader::card_running() { return card_.running(); }

std::string PcscdWithVirtualReader::logs() const {
  std::string text =
      "--- pcscd log (" + (dir_ / "pcscd.log").string() + ") ---\n" + tail(dir_ / "pcscd.log", 20);
  if (cards_inserted_ > 0) {
    const auto card_log = dir_ / ("virtual-card-" + std::to_string(cards_inserted_) + ".log");
    text += "--- virtual card log ---\n" + tail(card_log, 20);
  }
  return text;
}

}  // namespace madoguchi::tests
