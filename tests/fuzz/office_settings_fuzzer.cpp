// libFuzzer target for office.json (kiosk/office_settings.cpp through kiosk/settings_file.cpp).
//
// Every input is an office.json as the town's staff could write it. It is loaded as the kiosk
// loads it at start-up, and one that loads is checked against the real catalogue's layouts
// (office_misfit), as the kiosk does before it opens; the staff studio's check of the same text
// (parse_office_settings) must agree with the kiosk's. The invariants below stop the run with
// __builtin_trap(), which libFuzzer reports as a crash with the input saved. Built and run by
// scripts/fuzz.sh; the seeds are the repository's assets/office.json and variations of it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
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
  // The staff studio checks the text before it writes it: the same verdict, the same values.
  const auto parsed = kiosk::parse_office_settings(
      std::string_view(reinterpret_cast<const char*>(data), size), file.string());
  check(parsed.has_value() == loaded.has_value(), "the studio's check agrees with the kiosk's");
  if (parsed && loaded) {
    check(parsed->office.town_name == loaded->office.town_name &&
              parsed->office.addressee == loaded->office.addressee &&
              parsed->idle.quiet == loaded->idle.quiet &&
              parsed->idle.countdown == loaded->idle.countdown &&
              parsed->slip_paper == loaded->slip_paper,
          "the studio reads the values the kiosk reads");
  }
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
