// The real kiosk binary refusing bad settings and options at once (exit 2, "kiosk: FILE: /KEY:
// reason", under a second), reporting a broken procedure file at start-up, and `kiosk --check`
// against real components: ippeveprinter, the terminal simulator, PostgreSQL, pcscd.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"
#include "support/ipp_printer_fixture.hpp"
#include "support/pcscd_fixture.hpp"
#include "support/postgres_fixture.hpp"
#include "support/terminal_fixture.hpp"
#include "support/test_folder.hpp"
#include "support/text_file.hpp"

namespace madoguchi {
namespace {

namespace fs = std::filesystem;
using kiosk::ChildProcess;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSource = MADOGUCHI_SOURCE_DIR;

using madoguchi::tests::slurp;

class KioskStart : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = madoguchi::tests::make_test_folder("start"); }
  void TearDown() override { madoguchi::tests::remove_test_folder(dir_); }

  struct Run {
    int exit_code = -1;
    std::string output;  // stdout and stderr
    std::chrono::milliseconds elapsed{0};
  };

  Run run_kiosk(const std::vector<std::string>& args,
                std::chrono::seconds timeout = std::chrono::seconds(30)) {
    // Headless runs are the test driver's (tests/kiosk/driver); the rest the kiosk's own.
    const bool headless = std::ranges::find(args, std::string("--headless")) != args.end();
    std::vector<std::string> argv = {headless ? KIOSK_DRIVER : KIOSK_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    const fs::path log = dir_ / ("kiosk-" + std::to_string(++runs_) + ".log");
    Run run;
    const auto started = std::chrono::steady_clock::now();
    // A test's state folder lies in the temporary directory (the rule itself: doors_test).
    auto child =
        ChildProcess::start(argv, log, {"SDL_AUDIODRIVER=dummy", "MADOGUCHI_TEMPORARY_STATE=1"});
    EXPECT_TRUE(child.has_value());
    if (!child) return run;
    const int status = child->wait(timeout);
    run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    run.exit_code = (status >= 0 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    run.output = slurp(log);
    return run;
  }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = dir_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  // A copy of the catalogue with juminhyo.json broken: its "title" misspelt.
  fs::path broken_catalog() {
    const fs::path catalog = dir_ / "catalog";
    fs::create_directories(catalog);
    for (const auto& entry : fs::directory_iterator(kSource / "forms" / "catalog")) {
      fs::copy_file(entry.path(), catalog / entry.path().filename());
    }
    std::string text = slurp(catalog / "juminhyo.json");
    const auto title = text.find("\"title\"");
    EXPECT_NE(title, std::string::npos);
    text.replace(title, 7, "\"titel\"");
    std::ofstream(catalog / "juminhyo.json", std::ios::binary | std::ios::trunc) << text;
    return catalog;
  }

  fs::path dir_;
  int runs_ = 0;
};

std::string repeat(const std::string& text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

TEST_F(KioskStart, BadSettingsAndOptionsStopTheKioskAtOnceWithExitTwoNamingTheCause) {
  const fs::path office_dir = dir_ / "office-dir";
  fs::create_directories(office_dir);
  const auto wrap = write("wrap.json", R"({"idle": {"quiet_seconds": 4294967306}})");
  const auto huge = write("huge.json", "{\"town_name\": \"" + repeat("町", 100000) + "\"}");
  const auto giant = write("giant.json", "{\"town_name\": \"" + repeat("x", 10'000'000) + "\"}");
  const auto idle = write("idle.json", R"({"idle": 90})");
  const auto typo = write("typo.json", R"({"idle": {"quiet_second": 90}})");
  const auto roster = write("roster.json", R"({"volunteer": []})");
  write("lang/xx.json", R"({"language": {"code": "xx", "name": "X"}, "text": {}})");
  // A catalogue whose 住民票 form has a narrow addressee box, and an addressee too long for it.
  const fs::path narrow = dir_ / "narrow";
  fs::create_directories(narrow);
  std::string juminhyo = slurp(kSource / "forms/catalog/juminhyo.json");
  const std::string box =
      R"("bind": "office.addressee", "format": "（あて先）{}", "x": 12, "y": 28, "w": 90)";
  ASSERT_NE(juminhyo.find(box), std::string::npos);
  juminhyo.replace(juminhyo.find(box) + box.size() - 2, 2, "40");
  std::ofstream(narrow / "juminhyo.json") << juminhyo;
  const auto niseko = write("niseko.json", R"({"addressee": "北海道虻田郡ニセコ町長"})");
  write("old-state/outbox.key", std::string(32, 'k'));  // left by an older kiosk
  // The terminal's key file left readable by everyone (docs/payment.md wants 0600).
  const auto loose_key =
      write("terminal-key", "key_identifier = TOWN\nkey_version = 1\npassphrase = x\n");
  fs::permissions(loose_key, fs::perms::owner_read | fs::perms::owner_write |
                                 fs::perms::group_read | fs::perms::others_read);
  const auto terminal_root = write("terminal-root.pem", "-----BEGIN CERTIFICATE-----\n");

  struct Row {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Row> rows = {
      {{"--terminal", "127.0.0.1"}, "kiosk: --terminal: \"127.0.0.1\" has no port"},
      {{"--terminal", "host:abc"}, "kiosk: --terminal: \"host:abc\": the port \"abc\" is not"},
      {{"--terminal", "host:99999"},
       "kiosk: --terminal: \"host:99999\": the port \"99999\" is out"},
      {{"--terminal", "127.0.0.1:8443"}, "kiosk: --terminal needs --terminal-poi-id"},
      {{"--terminal-poi-id", "V400m 324688179"},
       "kiosk: --terminal-poi-id: takes the terminal's POIID, [model]-[serial] such as "
       "V400m-324688179, not \"V400m 324688179\""},
      {{"--terminal-environment", "production"},
       "kiosk: --terminal-environment: takes test or live, not \"production\""},
      {{"--terminal", "127.0.0.1:8443", "--terminal-poi-id", "V400m-324688179", "--terminal-root",
        terminal_root.string(), "--terminal-key", loose_key.string()},
       "kiosk: payment terminal 127.0.0.1:8443: the terminal key: " + loose_key.string() +
           " may be read by others (mode 0644); chmod 600 it"},
      {{"--terminal", "127.0.0.1:8443", "--terminal-poi-id", "V400m-324688179", "--terminal-root",
        (dir_ / "no-root.pem").string(), "--terminal-key", loose_key.string()},
       "kiosk: payment terminal 127.0.0.1:8443: the terminal root " +
           (dir_ / "no-root.pem").string() + " is not there"},
      {{"--idle", "4294967306,30"}, "kiosk: --idle: \"4294967306\" is out of range"},
      {{"--printer", "ipp://127.0.0.1:99999/ipp/print"}, "kiosk: --printer: "},
      {{"--slip-printer", "lpd://127.0.0.1/queue"}, "kiosk: --slip-printer: "},
      {{"--back-office", "postgresql://db/intake"}, "kiosk: --back-office: "},
      // The back office over verified TLS only, the password from a passfile (back-office.md).
      {{"--back-office", "postgres:host=db dbname=intake sslmode=require"},
       "kiosk: --back-office: sslmode=require is refused"},
      {{"--back-office", "postgres:host=db dbname=intake password=hunter2"},
       "kiosk: --back-office: password= is refused"},
      {{"--kiosk-id", "a-kiosk-name-far-too-long"}, "kiosk: --kiosk-id: takes 1 to 16"},
      {{"--ofice", "x.json"}, "kiosk: unknown option --ofice (did you mean --office?)"},
      {{"--catalog", (dir_ / "nowhere").string()}, "kiosk: --catalog: "},
      {{"--office", office_dir.string()}, "is a directory, not a file"},
      {{"--office", wrap.string()},
       "kiosk: " + wrap.string() +
           ": /idle/quiet_seconds: must be a whole number of seconds "
           "from 10 to 3600, not 4294967306"},
      {{"--office", huge.string()},
       "kiosk: " + huge.string() + ": /town_name: is 100000 characters long"},
      {{"--office", giant.string()}, "kiosk: " + giant.string() + ": is 10000017 bytes"},
      {{"--office", idle.string()},
       "kiosk: " + idle.string() + ": /idle: must be the idle time-out"},
      {{"--office", typo.string()},
       "kiosk: " + typo.string() +
           ": /idle/quiet_second: unknown key \"quiet_second\" (did you mean \"quiet_seconds\"?)"},
      {{"--volunteers", roster.string()},
       "kiosk: " + roster.string() + ": /volunteer: unknown key \"volunteer\""},
      {{"--catalog", narrow.string(), "--office", niseko.string()},
       "kiosk: " + niseko.string() + ": /addressee: is printed in " +
           (narrow / "juminhyo.json").string()},
      {{"--languages", (dir_ / "lang").string()},
       "kiosk: " + (dir_ / "lang" / "xx.json").string() + ": /text: unknown key \"text\""},
      // The outbox key beside the outbox it seals (docs/submission.md, "The outbox key").
      {{"--state", (dir_ / "state").string(), "--outbox-key",
        (dir_ / "state" / "keys" / "outbox.key").string()},
       "kiosk: the outbox key " + (dir_ / "state" / "keys" / "outbox.key").string() +
           " (--outbox-key) lies in the state folder " + (dir_ / "state").string()},
      {{"--state", (dir_ / "old-state").string()},
       "kiosk: the outbox key " + (dir_ / "old-state" / "outbox.key").string() +
           " lies in the state folder"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.args.front() + " " + row.args.back());
    const Run run = run_kiosk(row.args, std::chrono::seconds(10));
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_THAT(run.output, HasSubstr(row.message));
    EXPECT_LT(run.elapsed, std::chrono::milliseconds(1000)) << run.output;
  }
}

TEST_F(KioskStart, ABrokenProcedureFileIsNamedInTheStartUpReport) {
  const fs::path catalog = broken_catalog();
  const fs::path state = dir_ / "state";
  const auto scenario =
      write("welcome.json", R"({"name": "welcome", "steps": [{"note": "welcome"}]})");
  const Run run =
      run_kiosk({"--headless", "--scenario", scenario.string(), "--out", (dir_ / "out").string(),
                 "--state", state.string(), "--catalog", catalog.string()},
                std::chrono::seconds(120));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::string file = (catalog / "juminhyo.json").string();
  EXPECT_THAT(run.output, HasSubstr("kiosk: start-up: 1 problem(s) in the procedure files"));
  EXPECT_THAT(run.output, HasSubstr(file + ": /titel: unknown key \"titel\""));

  const auto report = nlohmann::json::parse(slurp(state / "startup-report.json"), nullptr, false);
  ASSERT_TRUE(report.is_object()) << slurp(state / "startup-report.json");
  EXPECT_EQ(report["ok"], false);
  ASSERT_EQ(report["problems"].size(), 1U) << report.dump(2);
  EXPECT_EQ(report["problems"][0]["file"], file);
  EXPECT_EQ(report["problems"][0]["pointer"], "/titel");
  EXPECT_THAT(report["problems"][0]["message"].get<std::string>(),
              HasSubstr("did you mean \"title\"?"));
  const auto offered = report["procedures_offered"].get<std::vector<std::string>>();
  EXPECT_THAT(offered, Not(::testing::Contains("juminhyo")));
  EXPECT_THAT(offered, ::testing::Contains("inkan_shomei"));
}

// main runs inside a try: an exception that escapes anyway (here the working directory is
// gone, so std::filesystem::current_path throws) is named on stderr and exits 1, not an abort.
TEST_F(KioskStart, AnUnexpectedErrorIsNamedRatherThanAborting) {
  const auto scenario = write("welcome.json", R"({"name": "welcome", "steps": []})");
  const fs::path gone = dir_ / "gone";
  const fs::path log = dir_ / "gone.log";
  const std::string script =
      "mkdir '" + gone.string() + "' && cd '" + gone.string() + "' && rmdir '" + gone.string() +
      "' && exec '" KIOSK_DRIVER "' --headless --scenario '" + scenario.string() + "'";
  auto child = ChildProcess::start({"/bin/sh", "-c", script}, log, {"SDL_AUDIODRIVER=dummy"});
  ASSERT_TRUE(child.has_value()) << child.error();
  const int status = child->wait(std::chrono::seconds(30));
  ASSERT_TRUE(status >= 0 && WIFEXITED(status)) << "status " << status << ": " << slurp(log);
  EXPECT_EQ(WEXITSTATUS(status), 1) << slurp(log);
  EXPECT_THAT(slurp(log), HasSubstr("kiosk: stopped by an unexpected error: "));
}

// The line of one check in `kiosk --check`'s output.
std::string line_of(const std::string& output, const std::string& name) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find("  " + name + ": ") != std::string::npos) return line;
  }
  return "(no line for " + name + ")";
}

TEST_F(KioskStart, CheckNamesEveryFaultAndExitsNonZeroWithinFifteenSeconds) {
  auto postgres = tests::TestPostgres::start();
  ASSERT_TRUE(postgres.has_value()) << postgres.error();
  // A database without the inbox table: the kiosk could connect but not deliver.
  auto empty_db = (*postgres)->create_database("no_inbox");
  ASSERT_TRUE(empty_db.has_value()) << empty_db.error();
  const int nothing_listens = kiosk::free_loopback_port();
  const fs::path catalog = broken_catalog();

  const Run run = run_kiosk(
      {"--check", "--catalog", catalog.string(), "--reader", "No Such Reader 00 00", "--terminal",
       "127.0.0.1:" + std::to_string(nothing_listens), "--terminal-poi-id", "V400m-324688179",
       "--printer", "ipp://127.0.0.1:" + std::to_string(nothing_listens) + "/ipp/print",
       "--back-office", "postgres:" + *empty_db},
      std::chrono::seconds(30));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_LT(run.elapsed, std::chrono::seconds(15)) << run.output;
  EXPECT_THAT(line_of(run.output, "procedures"), HasSubstr("FAULT")) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr((catalog / "juminhyo.json").string() + ": /titel: unknown key"));
  EXPECT_THAT(line_of(run.output, "reader"), HasSubstr("FAULT")) << run.output;
  EXPECT_THAT(line_of(run.output, "terminal"), HasSubstr("FAULT")) << run.output;
  EXPECT_THAT(line_of(run.output, "printer"), HasSubstr("FAULT")) << run.output;
  EXPECT_THAT(line_of(run.output, "back office"), HasSubstr("FAULT")) << run.output;
  EXPECT_THAT(line_of(run.output, "back office"), HasSubstr("madoguchi_inbox")) << run.output;
  EXPECT_THAT(line_of(run.output, "office.json"), HasSubstr("ok")) << run.output;
  EXPECT_THAT(line_of(run.output, "fonts"), HasSubstr("ok")) << run.output;

  // A back office that refuses the kiosk's credentials is named at once.
  const Run refused =
      run_kiosk({"--check-json", "--reader", "No Such Reader 00 00", "--back-office",
                 "postgres:host=127.0.0.1 port=" + std::to_string((*postgres)->port()) +
                     " user=no_such_role dbname=postgres connect_timeout=2 sslrootcert=" +
                     (*postgres)->ca_file().string()},
                std::chrono::seconds(30));
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_LT(refused.elapsed, std::chrono::seconds(15));
  const auto json = nlohmann::json::parse(refused.output, nullptr, false);
  ASSERT_TRUE(json.is_object()) << refused.output;
  EXPECT_EQ(json["ok"], false);
  bool named = false;
  for (const auto& check : json["checks"]) {
    if (check["name"] == "back office") {
      EXPECT_EQ(check["verdict"], "fault");
      EXPECT_THAT(check["detail"].get<std::string>(), HasSubstr("no_such_role"));
      named = true;
    }
    if (check["name"] == "procedures") {
      EXPECT_EQ(check["verdict"], "ok") << check.dump();
    }
  }
  EXPECT_TRUE(named) << refused.output;

  // A directory drop: writable is ok; under a plain file it cannot be made.
  const auto plain_file = write("plain-file", "x");
  const Run drop = run_kiosk({"--check", "--reader", "No Such Reader 00 00", "--back-office",
                              "dir:" + (dir_ / "drop").string()});
  EXPECT_THAT(line_of(drop.output, "back office"), ::testing::StartsWith("ok")) << drop.output;
  const Run no_drop = run_kiosk({"--check", "--reader", "No Such Reader 00 00", "--back-office",
                                 "dir:" + (plain_file / "drop").string()});
  EXPECT_EQ(no_drop.exit_code, 1) << no_drop.output;
  EXPECT_THAT(line_of(no_drop.output, "back office"), HasSubstr("FAULT")) << no_drop.output;
  EXPECT_THAT(line_of(no_drop.output, "back office"),
              HasSubstr("cannot create the drop directory"));
}

// Everything there and working: exit 0. pcscd with the virtual reader (RESOURCE_LOCK pcscd).
TEST_F(KioskStart, CheckPassesWhenEveryDeviceAnswers) {
  auto pcscd = tests::PcscdWithVirtualReader::start();
  ASSERT_TRUE(pcscd.has_value()) << pcscd.error();
  auto printer = tests::TestIppPrinter::start();
  ASSERT_TRUE(printer.has_value()) << printer.error();
  tests::TestTerminal terminal;
  ASSERT_TRUE(terminal.running());
  auto postgres = tests::TestPostgres::start();
  ASSERT_TRUE(postgres.has_value()) << postgres.error();
  auto intake = (*postgres)->create_database("intake");
  ASSERT_TRUE(intake.has_value()) << intake.error();
  submission::PostgresInbox inbox(*intake);
  ASSERT_TRUE(inbox.create_schema().has_value());

  const fs::path rosters = kSource / "tests" / "rosters";
  std::vector<std::string> args = {"--check",
                                   "--volunteers",
                                   (rosters / "volunteers.json").string(),
                                   "--staff",
                                   (rosters / "staff.json").string(),
                                   "--reader",
                                   (*pcscd)->reader_name(),
                                   "--printer",
                                   (*printer)->uri(),
                                   "--back-office",
                                   "postgres:" + *intake};
  const auto to_terminal = terminal.kiosk_options();
  args.insert(args.end(), to_terminal.begin(), to_terminal.end());
  const Run run = run_kiosk(args, std::chrono::seconds(30));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_LT(run.elapsed, std::chrono::seconds(15));
  for (const char* name : {"procedures", "office.json", "volunteers", "staff", "languages", "fonts",
                           "reader", "terminal", "printer", "back office"}) {
    EXPECT_THAT(line_of(run.output, name), ::testing::StartsWith("ok")) << run.output;
  }

  // The printer out of paper is a fault, with its reason.
  ASSERT_TRUE((*printer)->set_media_empty(true).has_value());
  const Run no_paper = run_kiosk(args, std::chrono::seconds(30));
  EXPECT_EQ(no_paper.exit_code, 1) << no_paper.output;
  EXPECT_THAT(line_of(no_paper.output, "printer"), HasSubstr("media-empty")) << no_paper.output;

  // A printer that takes the connection and answers nothing: the check still ends in time.
  ASSERT_TRUE((*printer)->set_media_empty(false).has_value());
  ASSERT_TRUE((*printer)->freeze());
  const Run frozen = run_kiosk(args, std::chrono::seconds(30));
  (*printer)->thaw();
  EXPECT_EQ(frozen.exit_code, 1) << frozen.output;
  EXPECT_LT(frozen.elapsed, std::chrono::seconds(15)) << frozen.output;
  EXPECT_THAT(line_of(frozen.output, "printer"), HasSubstr("FAULT")) << frozen.output;
  EXPECT_THAT(line_of(frozen.output, "terminal"), ::testing::StartsWith("ok")) << frozen.output;
}

}  // namespace
}  // namespace madoguchi
