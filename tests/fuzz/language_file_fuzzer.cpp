// libFuzzer target for the language files (kiosk/translations.cpp, Translations::load).
//
// Every input is a language file (assets/lang/*.json) as a translator could write it, loaded
// from a folder as the kiosk loads assets/lang/. Every sentence of a file that loads is then
// looked up and its {placeholders} filled, as the screens do. The invariants below stop the run
// with __builtin_trap(), which libFuzzer reports as a crash with the input saved. Built and run
// by scripts/fuzz.sh; the seeds are the repository's assets/lang/*.json.
#include <cstddef>
#include <cstdint>
#include <string>

#include "madoguchi/kiosk/translations.hpp"
#include "staff_file_input.hpp"

namespace {

namespace kiosk = madoguchi::kiosk;

void check(bool ok, const char* what) {
  if (!ok) madoguchi_fuzz::violated("language_file_fuzzer", what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const madoguchi_fuzz::InputFolder folder;
  const auto file = folder.write("xx.json", data, size);
  const auto loaded = kiosk::Translations::load(folder.path());
  if (!loaded) {
    check(madoguchi_fuzz::names_the_file(loaded.error(), file),
          "a refusal names the language file and says why");
    return 0;
  }
  const auto& languages = loaded->languages();
  check(!languages.empty(), "there is always a language");
  check(languages.front().code == "ja" || languages.size() >= 1, "Japanese stays first");
  const kiosk::Placeholders values = {{"number", "1202-003"}, {"n", "2"}, {"name", "{name}"}};
  for (std::size_t i = 0; i < languages.size(); ++i) {
    for (const auto& [japanese, translated] : languages[i].texts) {
      const std::string shown = loaded->text(i, japanese, values);
      check(!shown.empty() || translated.empty(), "a translated sentence is shown");
    }
    (void)loaded->text(i, "まだ訳されていない文 {number}", values);
  }
  return 0;
}
