// libFuzzer target for what staff scan from a slip's QR code, or type, to find an application
// (submission/application.cpp, reception_number_from_scan, used by madoguchi_lookup).
//
// Every input is what a barcode scanner could type. The invariants below (checked against the
// input, not against the function's own helpers) stop the run with __builtin_trap(), which
// libFuzzer reports as a crash with the input saved. Built and run by scripts/fuzz.sh; the
// seeds are the QR codes the reception slips carry.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "madoguchi/submission/application.hpp"

namespace {

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "qr_scan_fuzzer: invariant violated: %s\n", what);
  __builtin_trap();
}

void check(bool ok, const char* what) {
  if (!ok) violated(what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view scanned(reinterpret_cast<const char*>(data), size);
  const std::string number = madoguchi::submission::reception_number_from_scan(scanned);
  check(number.size() <= scanned.size(), "the number is never longer than the scan");
  check(scanned.find(number) != std::string_view::npos, "the number is part of the scan");
  constexpr std::string_view kBlank = " \t\r\n";
  check(number.empty() || (kBlank.find(number.front()) == std::string_view::npos &&
                           kBlank.find(number.back()) == std::string_view::npos),
        "the scanner's spaces and line ends are taken off, around the code and the number");
  const std::string prefixed = "madoguchi:reception: " + number;
  if (!number.empty() && !number.starts_with("madoguchi:reception:")) {
    check(madoguchi::submission::reception_number_from_scan(prefixed + "\r\n") == number,
          "the slip's QR code gives back the number it carries");
  }
  return 0;
}
