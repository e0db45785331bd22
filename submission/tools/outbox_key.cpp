// For the town's IT staff: the outbox key (docs/submission.md, "The outbox key").
//
//   madoguchi_outbox_key new FILE
//       a new key: 32 bytes from getrandom(2), in a new file of mode 0600 (never overwritten)
//   madoguchi_outbox_key id FILE
//       the key's id, as the outbox stores it beside each value the key sealed
//   madoguchi_outbox_key rotate --outbox DB --old FILE --new FILE
//       every value sealed with the old key sealed again with the new one, in one transaction
//
// Exit status: 0 done, 1 refused (nothing changed), 2 usage.
#include <iostream>
#include <string>
#include <string_view>

#include "madoguchi/submission/outbox_key.hpp"
#include "madoguchi/submission/outbox_key_rotation.hpp"

namespace {

namespace submission = madoguchi::submission;

constexpr std::string_view kUsage =
    "usage: madoguchi_outbox_key new FILE\n"
    "       madoguchi_outbox_key id FILE\n"
    "       madoguchi_outbox_key rotate --outbox DB --old FILE --new FILE\n";

int usage(std::string_view problem) {
  std::cerr << "madoguchi_outbox_key: " << problem << "\n" << kUsage;
  return 2;
}

int refused(const std::string& message) {
  std::cerr << "madoguchi_outbox_key: " << message << "\n";
  return 1;
}

int rotate(int argc, char** argv) {
  std::string outbox;
  std::string old_file;
  std::string new_file;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    std::string* target = arg == "--outbox" ? &outbox
                          : arg == "--old"  ? &old_file
                          : arg == "--new"  ? &new_file
                                            : nullptr;
    if (target == nullptr) return usage("unknown option " + std::string(arg));
    if (i + 1 >= argc) return usage(std::string(arg) + " needs a value");
    *target = argv[++i];
  }
  if (outbox.empty() || old_file.empty() || new_file.empty()) {
    return usage("rotate needs --outbox, --old and --new");
  }
  auto old_key = submission::OutboxKey::load(old_file);
  if (!old_key) return refused(old_key.error().message);
  auto new_key = submission::OutboxKey::load(new_file);
  if (!new_key) return refused(new_key.error().message);
  auto done = submission::rotate_outbox_key(outbox, *old_key, *new_key);
  if (!done) return refused(done.error().message);
  std::cout << "madoguchi_outbox_key: " << done->resealed << " sealed values in " << outbox
            << " now sealed with key " << new_key->id() << " (" << new_file << "), was key "
            << old_key->id();
  if (done->already_new > 0) std::cout << "; " << done->already_new << " already were";
  std::cout << "\nGive the kiosk " << new_file << ", then destroy " << old_file << ".\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage("no command");
  const std::string_view command = argv[1];
  if (command == "-h" || command == "--help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "rotate") return rotate(argc, argv);
  if (command != "new" && command != "id") return usage("unknown command " + std::string(command));
  if (argc != 3) return usage(std::string(command) + " needs one FILE");
  const std::string file = argv[2];
  auto key =
      command == "new" ? submission::OutboxKey::create(file) : submission::OutboxKey::load(file);
  if (!key) return refused(key.error().message);
  std::cout << (command == "new" ? "madoguchi_outbox_key: new key " + key->id() + " in " + file
                                 : key->id())
            << "\n";
  return 0;
}
