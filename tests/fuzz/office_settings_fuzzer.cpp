// libFuzzer target for office.json (kiosk/office_settings.cpp through kiosk/settings_file.cpp).
//
// Every input is an office.json as the town's staff could write it. It is loaded as the kiosk
// loads it at start-up, and one that loads is checked against the real catalogue's layouts
// (office_misfit), as the kiosk does before it opens. The invariants below stop the run with
// __builtin_trap(), which libFuzzer reports as a crash with the input saved. Built and run by
// scripts/fuzz.sh; the seeds are the repository's assets/office.json and variations of it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/office_settings.hpp"
#include "staff_file_input.hpp"

namespace {

namespace kiosk = madoguchi::kiosk;
namespace forms = madoguchi::forms;

void check(bool ok, const char* what) {
  if (!ok) madoguchi_fuzz::violated("office_settings_fuzzer", what);
}

const std::vector<forms::Procedure>& catalogue() {
  static const auto loaded =
      forms::load_catalog(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "forms" / "catalog");
  return loaded.procedures;
}

std::size_t characters(const std::string& utf8) {
  std::size_t n = 0;
  for (const unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const madoguchi_fuzz::InputFolder folder;
  const auto file = folder.write("office.json", data, size);
  const auto loaded = kiosk::load_office_settings(file);
  if (!loaded) {
    check(madoguchi_fuzz::names_the_file(loaded.error().to_string(), file),
          "a refusal names office.json and says why");
    check(loaded.error().pointer.empty() || loaded.error().pointer.starts_with("/"),
          "a refusal points into the file with a JSON pointer");
    return 0;
  }
  check(characters(loaded->office.town_name) <= kiosk::kTownNameLongest,
        "the town name is within its limit");
  check(characters(loaded->office.addressee) <= kiosk::kAddresseeLongest,
        "the addressee is within its limit");
  check(loaded->idle.countdown >= std::chrono::seconds(20), "the idle countdown is at least 20 s");
  if (const auto misfit = kiosk::office_misfit(*loaded, file, catalogue())) {
    check(madoguchi_fuzz::names_the_file(misfit->to_string(), file), "a misfit names office.json");
  }
  return 0;
}
