// The README's pictures of madoguchi-console (docs/counter.md): a back office of its own with a
// morning at a town hall in it — three kiosks (one out of paper, one with an application
// waiting), two residents waiting for staff, and 30 days of visits — and the console's three
// views drawn into OUT_DIR (SDL's offscreen driver unless a display is set).
//   console_screenshots OUT_DIR
#include <cstdio>
#include <filesystem>
#include <string>

#include "madoguchi/counter/call_board.hpp"
#include "madoguchi/counter/counter_schema.hpp"
#include "madoguchi/counter/kiosk_health.hpp"
#include "support/postgres_fixture.hpp"
#include "support/run_program.hpp"

using namespace madoguchi;

namespace {

std::string as_role(std::string conninfo, const std::string& role) {
  conninfo.replace(conninfo.find("user=madoguchi"), 14, "user=" + role);
  return conninfo;
}

bool fill(const std::string& owner) {
  const char* roles =
      "CREATE ROLE lobby_1 LOGIN IN ROLE madoguchi_kiosks;"
      "CREATE ROLE lobby_2 LOGIN IN ROLE madoguchi_kiosks;"
      "CREATE ROLE branch_1 LOGIN IN ROLE madoguchi_kiosks;"
      "CREATE ROLE clerk_sato LOGIN IN ROLE madoguchi_staff;"
      // 30 days of visits on weekdays, 40 to 80 a day: most printed, some given up, most of the
      // fees paid cashless.
      "INSERT INTO madoguchi_visits (visit_key, kiosk_id, started_at, ended_at, procedures, "
      "outcome, ended_screen, ended_step, language, view_options, assisted, fee_yen, payment) "
      "SELECT gen_random_uuid(), (ARRAY['lobby_1','lobby_2','branch_1'])[i % 3 + 1], "
      "t - (120 + (i * 37) % 300) * interval '1 second', t, "
      "ARRAY[(ARRAY['juminhyo','juminhyo','inkan_shomei','koseki_shomei','zei_shomei'])[i % 5 + "
      "1]], (ARRAY['printed','printed','printed','printed','printed','printed','cancelled',"
      "'timed_out','sent_to_counter','card_taken_away'])[1 + (random() * 9)::int], "
      "(ARRAY['enter_pin','question','question','check_answers'])[1 + (random() * 3)::int], "
      "(random() * 5)::int, "
      "(ARRAY['ja','ja','ja','ja','ja-easy','en'])[i % 6 + 1], "
      "CASE WHEN i % 8 = 0 THEN ARRAY['large_text'] ELSE ARRAY[]::text[] END, i % 7 = 0, "
      "CASE WHEN i % 10 < 6 THEN 300 ELSE 0 END, CASE WHEN i % 10 >= 6 THEN 'none' WHEN i % 3 = 0 "
      "THEN 'card' WHEN i % 3 = 1 THEN 'qr' ELSE 'cash_at_counter' END "
      "FROM generate_series(1, 1800) AS i, "
      "LATERAL (SELECT now() - i * interval '24 minutes' * (0.6 + random()) AS t) AS at "
      "WHERE extract(isodow FROM t) < 6";
  if (auto done = tests::sql_query(owner, roles); !done) {
    std::fprintf(stderr, "%s\n", done.error().c_str());
    return false;
  }
  counter::KioskHealth h;
  h.version = "0.1.0";
  h.terminal = "logged_in";
  h.reader = "present";
  h.disk_free_mb = 41000;
  h.printer = {"ipps://printer-lobby-1.local/ipp/print", "idle", {}, ""};
  bool ok = counter::HealthBoard(as_role(owner, "lobby_1"), "kiosk").report(h).has_value();
  h.printer = {"ipps://printer-lobby-2.local/ipp/print", "stopped", {"media-empty"}, ""};
  ok = ok && counter::HealthBoard(as_role(owner, "lobby_2"), "kiosk").report(h).has_value();
  h.printer = {"ipps://printer-branch.local/ipp/print", "idle", {"toner-low"}, ""};
  h.outbox_backlog = 1;
  h.outbox_oldest = "2026-12-05T23:40:00Z";
  ok = ok && counter::HealthBoard(as_role(owner, "branch_1"), "kiosk").report(h).has_value();
  ok = ok && counter::CallBoard(as_role(owner, "lobby_2"), "kiosk")
                 .call({"question", 3, 6, "ja", false})
                 .has_value();
  ok = ok && counter::CallBoard(as_role(owner, "branch_1"), "kiosk")
                 .call({"enter_pin", 0, 0, "en", true})
                 .has_value();
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return std::fprintf(stderr, "usage: console_screenshots OUT_DIR\n"), 2;
  const std::filesystem::path out = argv[1];
  std::filesystem::create_directories(out);
  auto server = tests::TestPostgres::start();
  if (!server) return std::fprintf(stderr, "%s\n", server.error().c_str()), 1;
  const auto owner = (*server)->create_database("town");
  if (!owner || !counter::create_counter_schema(*owner) || !fill(*owner)) return 1;
  for (const char* tab : {"calls", "kiosks", "numbers"}) {
    const auto png = (out / (std::string("console-") + tab + ".png")).string();
    std::vector<std::string> args = {CONSOLE_BINARY,
                                     "--back-office",
                                     "postgres:" + as_role(*owner, "clerk_sato"),
                                     "--catalog",
                                     MADOGUCHI_SOURCE_DIR "/forms/catalog",
                                     "--tab",
                                     tab,
                                     "--days",
                                     "30",
                                     "--screenshot",
                                     png};
    if (std::getenv("DISPLAY") == nullptr)
      args.insert(args.begin(), {"env", "SDL_VIDEODRIVER=offscreen"});
    const auto drawn = tests::run_program(args);
    if (drawn.exit_code != 0) return std::fprintf(stderr, "%s\n", drawn.output.c_str()), 1;
    std::printf("%s\n", png.c_str());
  }
  return 0;
}
