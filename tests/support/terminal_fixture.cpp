#include "support/terminal_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "madoguchi/payment/nexo_key_file.hpp"

namespace madoguchi::tests {

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(5);
constexpr auto kControlTimeout = std::chrono::seconds(3);

std::filesystem::path make_temporary_directory() {
  auto pattern = (std::filesystem::temp_directory_path() / "madoguchi-terminal-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

std::string text(const nlohmann::json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::filesystem::path TestTerminal::program() {
  if (const char* path = std::getenv("MADOGUCHI_TERMINAL_SIMULATOR")) return path;
  const std::filesystem::path built =
      std::filesystem::path(MADOGUCHI_BINARY_DIR) / "payment" / "terminal-simulator";
  std::error_code error;
  if (std::filesystem::exists(built, error)) return built;
  return kiosk::find_sibling_program("terminal-simulator");
}

TestTerminal::TestTerminal(TestTerminalOptions options) : options_(std::move(options)) {
  directory_ = make_temporary_directory();
  log_file_ = directory_ / "terminal-simulator.log";
  if (options_.ledger_file) ledger_path_ = directory_ / "ledger.sqlite";
  certificates_ =
      !options_.certificates.empty() ? options_.certificates : directory_ / "certificates";
  key_file_ = options_.key_file;
  if (key_file_.empty()) {
    key_file_ = directory_ / "terminal-key";
    if (auto made = payment::nexo::write_new_key_file(key_file_, "MADOGUCHI-TEST", 1); !made) {
      ADD_FAILURE() << made.error();
    }
  }
  if (auto key = payment::nexo::read_key_file(key_file_)) {
    if (auto cipher = payment::nexo::NexoCipher::from_key(*key)) cipher_ = std::move(*cipher);
  }
  if (!cipher_) ADD_FAILURE() << "no terminal key in " << key_file_;
  // Another process may take the free port before the simulator binds it: try a few.
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = kiosk::free_loopback_port();
    if (start()) return;
  }
  ADD_FAILURE() << "terminal-simulator did not start; see " << log_file_;
}

TestTerminal::~TestTerminal() {
  process_.stop();
  if (::testing::Test::HasFailure()) {
    std::ifstream log(log_file_);
    std::cerr << "--- terminal-simulator log ---\n" << log.rdbuf() << "------\n";
  }
  std::error_code error;
  if (!directory_.empty()) std::filesystem::remove_all(directory_, error);
}

bool TestTerminal::start() {
  std::vector<std::string> argv{program().string(),
                                "--host",
                                host(),
                                "--port",
                                std::to_string(port_),
                                "--fault",
                                options_.fault,
                                "--approve-delay-ms",
                                std::to_string(options_.approve_delay_ms),
                                "--poi-id",
                                options_.poi_id,
                                "--reboot-ms",
                                std::to_string(options_.reboot_ms),
                                "--key",
                                key_file_.string()};
  if (options_.plain_http_for_tests) {
    argv.push_back("--plain-http-for-tests");
  } else {
    argv.push_back("--certificates");
    argv.push_back(certificates_.string());
  }
  if (!ledger_path_.empty()) {
    argv.push_back("--ledger");
    argv.push_back(ledger_path_.string());
  }
  auto started = kiosk::ChildProcess::start(argv, log_file_);
  if (!started) {
    ADD_FAILURE() << started.error();
    return false;
  }
  process_ = std::move(*started);
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_.running()) return false;  // e.g. the port was taken
    if (kiosk::wait_for_port(port_, std::chrono::milliseconds(100)) &&
        control(nlohmann::json::object())) {
      return true;
    }
  }
  process_.stop();
  return false;
}

payment::TerminalAddress TestTerminal::address() const {
  payment::TerminalAddress address;
  address.host = host();
  address.port = port_;
  address.certificate_name = payment::terminal_certificate_name(options_.poi_id, false);
  address.root_certificate = root_certificate();
  address.plain_http_for_tests = options_.plain_http_for_tests;
  return address;
}

std::vector<std::string> TestTerminal::kiosk_options() const {
  return {"--terminal",        host() + ":" + std::to_string(port_),
          "--terminal-poi-id", options_.poi_id,
          "--terminal-root",   root_certificate().string(),
          "--terminal-key",    key_file_.string()};
}

std::optional<nlohmann::json> TestTerminal::control(const nlohmann::json& request) {
  const auto answer = payment::post_to_terminal(address(), "/control", request.dump(),
                                                kControlTimeout, kControlTimeout);
  if (!answer) return std::nullopt;
  auto parsed = nlohmann::json::parse(*answer, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("SimulatorControlResponse")) return std::nullopt;
  return parsed["SimulatorControlResponse"];
}

bool TestTerminal::set_fault(const std::string& fault) {
  const auto answer = control({{"fault", fault}});
  return answer && !answer->contains("error") && text(*answer, "fault") == fault;
}

bool TestTerminal::set_approve_delay(std::chrono::milliseconds delay) {
  return control({{"approve_delay_ms", delay.count()}}).has_value();
}

std::vector<TerminalCharge> TestTerminal::ledger() {
  std::vector<TerminalCharge> charges;
  const auto answer = control({{"ledger", true}});
  if (!answer || !answer->contains("ledger") || !(*answer)["ledger"].is_array()) {
    ADD_FAILURE() << "cannot read the simulator's ledger";
    return charges;
  }
  for (const auto& row : (*answer)["ledger"]) {
    TerminalCharge charge;
    charge.sale_id = text(row, "sale_id");
    charge.sale_transaction_id = text(row, "sale_transaction_id");
    charge.service_id = text(row, "service_id");
    charge.poi_transaction_id = text(row, "poi_transaction_id");
    const auto amount = row.find("amount_yen");
    charge.amount_yen = amount != row.end() && amount->is_number_integer() ? amount->get<int>() : 0;
    charge.method = text(row, "method");
    charge.state = text(row, "state");
    charge.error_condition = text(row, "error_condition");
    const auto reversed = row.find("reversed");
    charge.reversed = reversed != row.end() && reversed->is_boolean() && reversed->get<bool>();
    const auto period = row.find("period");
    charge.period =
        period != row.end() && period->is_number_integer() ? period->get<long long>() : 0;
    charges.push_back(std::move(charge));
  }
  return charges;
}

std::vector<TerminalCharge> TestTerminal::charged() {
  auto charges = approved();
  std::erase_if(charges, [](const TerminalCharge& charge) { return charge.reversed; });
  return charges;
}

std::vector<TerminalReversal> TestTerminal::reversals() {
  std::vector<TerminalReversal> reversals;
  const auto answer = control({{"ledger", true}});
  if (!answer || !answer->contains("reversals") || !(*answer)["reversals"].is_array()) {
    ADD_FAILURE() << "cannot read the simulator's reversals";
    return reversals;
  }
  for (const auto& row : (*answer)["reversals"]) {
    TerminalReversal reversal;
    reversal.sale_id = text(row, "sale_id");
    reversal.reversal_id = text(row, "reversal_id");
    reversal.original_poi_transaction_id = text(row, "original_poi_transaction_id");
    reversal.poi_transaction_id = text(row, "poi_transaction_id");
    const auto amount = row.find("amount_yen");
    reversal.amount_yen =
        amount != row.end() && amount->is_number_integer() ? amount->get<int>() : 0;
    reversal.method = text(row, "method");
    reversal.reason = text(row, "reason");
    const auto period = row.find("period");
    reversal.period =
        period != row.end() && period->is_number_integer() ? period->get<long long>() : 0;
    reversals.push_back(std::move(reversal));
  }
  return reversals;
}

bool TestTerminal::reboot(bool wait) {
  const auto answer = control({{"reboot", true}});
  if (!answer || answer->contains("error")) return false;
  if (!wait) return true;
  // The port closes at once and opens again after reboot_ms.
  std::this_thread::sleep_for(std::chrono::milliseconds(options_.reboot_ms / 2));
  return wait_until_up();
}

bool TestTerminal::wait_until_up(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_.running()) return false;
    if (control(nlohmann::json::object())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::vector<TerminalCharge> TestTerminal::approved() {
  auto charges = ledger();
  std::erase_if(charges, [](const TerminalCharge& charge) { return charge.state != "Approved"; });
  return charges;
}

void TestTerminal::kill() { process_.kill_now(); }

int TestTerminal::stop() { return process_.stop(); }

bool TestTerminal::restart() {
  process_.stop();
  return start();
}

}  // namespace madoguchi::tests
