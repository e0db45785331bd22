#include "madoguchi/kiosk/outbox_key_source.hpp"

#include <system_error>

#include "madoguchi/storage/private_file.hpp"

namespace madoguchi::kiosk {
namespace {

namespace fs = std::filesystem;

// Whether `file` lies in `folder` or below it (after resolving links and "..").
bool inside(const fs::path& file, const fs::path& folder) {
  std::error_code ec;
  const fs::path f = fs::weakly_canonical(fs::absolute(file), ec);
  const fs::path d = fs::weakly_canonical(fs::absolute(folder), ec);
  const fs::path relative = f.lexically_relative(d);
  return !relative.empty() && *relative.begin() != ".." && relative != ".";
}

}  // namespace

std::expected<OutboxKeySource, std::string> outbox_key_source(const fs::path& given,
                                                              const fs::path& state,
                                                              bool demo_or_test,
                                                              const char* credentials_directory) {
  OutboxKeySource source;
  std::error_code ec;
  if (!given.empty()) {
    source.file = given;
    source.from = "--outbox-key";
  } else if (const auto credential =
                 storage::systemd_credential(credentials_directory, "outbox-key")) {
    source.file = *credential;
    source.from = "credential outbox-key";
  } else if (demo_or_test) {
    source.file = state / "outbox.key";
    source.from = "the demo's state folder";
    source.create = true;
    return source;
  } else if (fs::exists(state / "outbox.key", ec)) {
    return std::unexpected(
        "the outbox key " + (state / "outbox.key").string() + " lies in the state folder " +
        state.string() +
        " beside the outbox it seals (a copy of the folder would carry both): move it out, e.g. "
        "to /etc/madoguchi/outbox.key (mode 0600), and give --outbox-key FILE or the systemd "
        "credential outbox-key");
  } else {
    return source;  // no key: applications with a 個人番号 are refused
  }
  if (!demo_or_test && inside(source.file, state)) {
    return std::unexpected("the outbox key " + source.file.string() + " (" + source.from +
                           ") lies in the state folder " + state.string() +
                           " beside the outbox it seals (a copy of the folder would carry "
                           "both): keep it outside, e.g. /etc/madoguchi/outbox.key");
  }
  return source;
}

}  // namespace madoguchi::kiosk
