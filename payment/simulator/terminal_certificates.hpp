// The simulator's TLS identity, made like an Adyen terminal's: a test root (in place of Adyen's
// terminal fleet root) and a terminal certificate it issues, whose name is
// [POIID].test.terminal.adyen.com ([POIID] = [model]-[serial]). Made once into a folder:
//   root.pem       the root certificate: what the kiosk is given to trust (--terminal-root)
//   terminal.pem   the terminal's certificate (issued by the root)
//   terminal.key   its private key (mode 0600)
// The root's own key is thrown away: nothing else is ever issued from it. Never a real
// certificate, and no real terminal trusts it.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace madoguchi::payment::simulator {

struct TerminalCertificates {
  std::filesystem::path root;
  std::filesystem::path certificate;
  std::filesystem::path private_key;
};

// The files in `folder`, made first when the folder has none (for `poi_id`). An error names
// the file or the step that failed.
std::expected<TerminalCertificates, std::string> terminal_certificates(
    const std::filesystem::path& folder, const std::string& poi_id);

}  // namespace madoguchi::payment::simulator
