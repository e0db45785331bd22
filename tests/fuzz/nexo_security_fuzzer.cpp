// libFuzzer target for nexo message security (payment/nexo_security.cpp): what arrives from
// the terminal's address is opened with the kiosk's key, as NexoTerminal opens every answer.
//
// Invariants, each stopping the run with __builtin_trap() (libFuzzer saves the input):
//   - an input that opens is a message the key sealed: its HMAC is the key's over the plain
//     text, so without the key (which the fuzzer never puts in an input) nothing opens;
//   - whatever the input, open() answers (no crash, no exception; ASan and UBSan watch);
//   - the input read as a plain message, sealed with the key, opens to exactly itself.
// Built and run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "madoguchi/payment/nexo_security.hpp"

namespace {

namespace nexo = madoguchi::payment::nexo;

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "nexo_security_fuzzer: invariant violated: %s\n", what);
  __builtin_trap();
}

const nexo::NexoCipher& cipher() {
  static const nexo::NexoCipher the_cipher =
      *nexo::NexoCipher::from_key(nexo::NexoKey{"FuzzKey", 1, "fuzzing passphrase"});
  return the_cipher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (cipher().open(input)) violated("an input opened without the key");
  if (const auto sealed = cipher().seal(input)) {
    const auto opened = cipher().open(*sealed);
    if (!opened) violated("a message the key sealed did not open");
    if (*opened != input) violated("a sealed message opened to something else");
  }
  return 0;
}
