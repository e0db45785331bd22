#include "madoguchi/kiosk/embedded_services.hpp"

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#include <fstream>

#include <sstream>
#include <thread>
#include "madoguchi/payment/nexo_key_file.hpp"

namespace madoguchi::kiosk {

namespace {

constexpr int kDebianVpcdPort = 0x8C7B;  // 35963: Debian's /etc/reader.conf.d/vpcd

}  // namespace

std::expected<std::vector<std::string>, std::string> list_pcsc_readers() {
  SCARDCONTEXT context = 0;
  LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
  if (rv != SCARD_S_SUCCESS) return std::unexpected(pcsc_stringify_error(rv));
  DWORD size = 0;
  std::vector<std::string> readers;
  rv = SCardListReaders(context, nullptr, nullptr, &size);
  if (rv == SCARD_S_SUCCESS && size > 0) {
    std::string buffer(size, '\0');
    rv = SCardListReaders(context, nullptr, buffer.data(), &size);
    if (rv == SCARD_S_SUCCESS) {
      for (std::size_t i = 0; i < buffer.size() && buffer[i] != '\0';) {
        const std::string name(buffer.c_str() + i);
        readers.push_back(name);
        i += name.size() + 1;
      }
    }
  }
  SCardReleaseContext(context);
  return readers;
}

std::expected<std::unique_ptr<EmbeddedServices>, std::string> EmbeddedServices::start(
    const Options& options) {
  std::unique_ptr<EmbeddedServices> services(new EmbeddedServices);
  services->options_ = options;
  std::error_code ec;
  std::filesystem::create_directories(options.work_dir, ec);
  if (ec) return std::unexpected("cannot create " + options.work_dir.string());
  if (options.card_reader) {
    if (auto started = services->start_card_reader(); !started) {
      return std::unexpected(started.error());
    }
  }
  if (options.payment_terminal) {
    if (auto started = services->start_terminal(); !started) {
      return std::unexpected(started.error());
    }
  }
  return services;
}

EmbeddedServices::~EmbeddedServices() {
  card_.stop();
  terminal_process_.stop();
  pcscd_.stop(std::chrono::milliseconds(3000));
}

std::expected<void, std::string> EmbeddedServices::start_card_reader() {
  // Only one pcscd per machine: wait while a test run or another demo kiosk has one.
  auto lock = lock_pcscd("kiosk --demo");
  if (!lock) return std::unexpected(lock.error());
  pcscd_lock_ = std::move(*lock);
  // pcscd already running (a real kiosk, or Debian's service): use its
  // virtual reader if it has one.
  if (auto readers = list_pcsc_readers(); readers) {
    for (std::size_t i = 0; i < readers->size(); ++i) {
      const auto& name = (*readers)[i];
      if (name.starts_with("Virtual PCD 00 ")) {
        pcscd_lock_.release();  // not ours: nothing to guard
        reader_ = name;
        vpcd_port_ = kDebianVpcdPort + std::stoi(name.substr(name.size() - 2));
        return {};
      }
    }
    return std::unexpected(
        "pcscd is already running but has no virtual reader; stop it (the demo starts its "
        "own) or install vsmartcard-vpcd");
  }
  // The virtual reader listens on a free loopback port. A port found free can still be
  // refused a moment later ("Address already in use": taken meanwhile, or held by an earlier
  // connection); then pcscd shows no reader, and another port is tried.
  const auto log = options_.work_dir / "pcscd.log";
  const auto log_says_port_taken = [&log] {
    std::ifstream in(log);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str().find("Address already in use") != std::string::npos;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (attempt > 0) {  // keep the refused attempt's log beside the new one
      std::error_code ignored;
      std::filesystem::rename(log, log.string() + "." + std::to_string(attempt), ignored);
    }
    vpcd_port_ = free_loopback_port();
    const auto conf_dir = options_.work_dir / "reader.conf.d";
    std::filesystem::create_directories(conf_dir);
    {
      std::ofstream conf(conf_dir / "madoguchi-vpcd");
      conf << "FRIENDLYNAME \"Madoguchi Demo PCD\"\n"
           << "DEVICENAME /dev/null:" << vpcd_port_ << "\n"
           << "LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\n"
           << "CHANNELID " << vpcd_port_ << "\n";
    }
    auto pcscd = ChildProcess::start({"pcscd", "--foreground", "-c", conf_dir.string()}, log, {},
                                     {pcscd_lock_.fd()});
    if (!pcscd) return std::unexpected("cannot start pcscd: " + pcscd.error());
    pcscd_ = std::move(*pcscd);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!pcscd_.running()) {
        return std::unexpected("pcscd stopped at start-up; see " + log.string());
      }
      if (auto readers = list_pcsc_readers(); readers) {
        for (const auto& name : *readers) {
          if (name.starts_with("Madoguchi Demo PCD")) {
            reader_ = name;
            return {};
          }
        }
      }
      if (log_says_port_taken()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    pcscd_.stop(std::chrono::milliseconds(3000));
    if (!log_says_port_taken()) break;
  }
  return std::unexpected("pcscd did not show the virtual reader within 15 s; see " + log.string());
}

std::expected<void, std::string> EmbeddedServices::start_terminal() {
  const auto folder = options_.work_dir / "terminal";
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  terminal_.host = "127.0.0.1";
  terminal_.port = free_loopback_port();
  terminal_.poi_id = "V400m-324688179";
  terminal_.root = folder / "certificates" / "root.pem";
  terminal_.key_file = folder / "terminal-key";
  if (!std::filesystem::exists(terminal_.key_file, ec)) {
    if (auto made = payment::nexo::write_new_key_file(terminal_.key_file, "MADOGUCHI-DEMO", 1);
        !made) {
      return std::unexpected(made.error());
    }
  }
  auto terminal = ChildProcess::start(
      {find_sibling_program("terminal-simulator").string(), "--port",
       std::to_string(terminal_.port), "--ledger", (options_.work_dir / "ledger.sqlite").string(),
       "--poi-id", terminal_.poi_id, "--key", terminal_.key_file.string(), "--certificates",
       (folder / "certificates").string()},
      options_.work_dir / "terminal-simulator.log");
  if (!terminal) return std::unexpected("cannot start the terminal simulator: " + terminal.error());
  terminal_process_ = std::move(*terminal);
  if (!wait_for_port(terminal_.port, std::chrono::seconds(10))) {
    return std::unexpected("the terminal simulator did not open port " +
                           std::to_string(terminal_.port));
  }
  return {};
}

std::expected<void, std::string> EmbeddedServices::place_card(
    const std::filesystem::path& persona) {
  if (reader_.empty()) return std::unexpected("no card reader was started");
  remove_card();
  auto card =
      ChildProcess::start({find_sibling_program("virtual-mynumber-card").string(), "--persona",
                           persona.string(), "--port", std::to_string(vpcd_port_)},
                          options_.work_dir / "virtual-card.log");
  if (!card) return std::unexpected("cannot place the virtual card: " + card.error());
  card_ = std::move(*card);
  return {};
}

void EmbeddedServices::remove_card() { card_.stop(); }

}  // namespace madoguchi::kiosk
