#include "madoguchi/kiosk/terminal_settings.hpp"

#include "madoguchi/payment/nexo_key_file.hpp"

namespace madoguchi::kiosk {

std::expected<std::unique_ptr<payment::NexoTerminal>, std::string> open_terminal(
    const TerminalSettings& settings, const std::string& sale_id, payment::NexoOptions options) {
  payment::TerminalAddress address;
  address.host = settings.host;
  address.port = settings.port;
  address.certificate_name = payment::terminal_certificate_name(settings.poi_id, settings.live);
  address.root_certificate = settings.root;
  payment::nexo::NexoKey key;
  if (settings.configured()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(settings.root, ec)) {
      return std::unexpected("the terminal root " + settings.root.string() +
                             " is not there (give --terminal-root FILE, the PEM of the "
                             "terminal's root certificate)");
    }
    auto read = payment::nexo::read_key_file(settings.key_file);
    if (!read) return std::unexpected(read.error());
    key = std::move(*read);
  } else {
    key = payment::nexo::NexoKey{"NONE", 0, "no terminal configured"};
  }
  auto cipher = payment::nexo::NexoCipher::from_key(key);
  if (!cipher) return std::unexpected("the terminal key: " + cipher.error());
  return std::make_unique<payment::NexoTerminal>(std::move(address), *cipher, sale_id,
                                                 settings.poi_id, std::move(options));
}

}  // namespace madoguchi::kiosk
