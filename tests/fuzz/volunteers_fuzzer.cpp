// libFuzzer target for the volunteers' roster (kiosk/roster.cpp, Roster::load).
//
// Every input is a volunteers.json as the town's IT staff could write it. Only the loader's
// interface is used (the hashing of codes is slow by design and not what a file can break).
// The invariants below stop the run with __builtin_trap(), which libFuzzer reports as a crash
// with the input saved. Built and run by scripts/fuzz.sh; the seeds are the repository's
// tests/rosters/volunteers.json and variations of it.
#include <cstddef>
#include <cstdint>

#include "madoguchi/kiosk/roster.hpp"
#include "staff_file_input.hpp"

namespace {

void check(bool ok, const char* what) {
  if (!ok) madoguchi_fuzz::violated("volunteers_fuzzer", what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const madoguchi_fuzz::InputFolder folder;
  const auto file = folder.write("volunteers.json", data, size);
  const auto roster =
      madoguchi::kiosk::Roster::load(file, madoguchi::kiosk::RosterKind::Volunteers);
  if (!roster) {
    check(madoguchi_fuzz::names_the_file(roster.error(), file),
          "a refusal names volunteers.json and says why");
    return 0;
  }
  check(roster->empty() == (roster->size() == 0), "an empty roster has no entries");
  return 0;
}
