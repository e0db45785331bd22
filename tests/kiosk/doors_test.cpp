// The kiosk's doors, with the real kiosk binary (headless, no devices, no pcscd): the staff menu
// behind its gesture and a staff code (exit 0 naming who stopped it), a wrong code that opens
// nothing, the code pad's lock-out surviving a restart, one kiosk per state folder, no state
// folder in the temporary directory outside tests and demos, old SHA-256 rosters refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/kiosk/machine_lock.hpp"
#include "support/test_folder.hpp"
#include "support/text_file.hpp"

namespace madoguchi {
namespace {

namespace fs = std::filesystem;
using kiosk::ChildProcess;
using madoguchi::tests::slurp;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSource = MADOGUCHI_SOURCE_DIR;
const fs::path kStaff = kSource / "tests" / "rosters" / "staff.json";
const std::string kStaffCode = "135790";  // tests/rosters/staff.json's note

class KioskDoors : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = madoguchi::tests::make_test_folder("doors"); }
  void TearDown() override { madoguchi::tests::remove_test_folder(dir_); }

  struct Run {
    int exit_code = -1;
    std::string output;  // stdout and stderr
    std::chrono::milliseconds elapsed{0};
    nlohmann::json session;
  };

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = dir_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  // A scenario of the staff's corner held, a code typed and, if `then` is given, a tap.
  fs::path staff_scenario(const std::string& name, const std::string& code,
                          const std::string& then) {
    nlohmann::json steps = nlohmann::json::array();
    steps.push_back({{"note", "welcome"}});
    steps.push_back({{"hold", "staff_corner"}, {"hold_ms", 3300}});
    for (const char digit : code) steps.push_back({{"tap", std::string("staff_key:") + digit}});
    steps.push_back({{"tap", "staff_submit"}});
    if (!then.empty()) steps.push_back({{"tap", then}});
    steps.push_back({{"note", "after"}});
    const nlohmann::json scenario = {{"name", name}, {"steps", steps}};
    return write(name + ".json", scenario.dump(2));
  }

  ChildProcess start(const std::vector<std::string>& args, const std::string& log_name,
                     const std::vector<std::string>& env = {}) {
    // Headless runs are the test driver's (tests/kiosk/driver); the rest the kiosk's own.
    const bool headless = std::ranges::find(args, std::string("--headless")) != args.end();
    std::vector<std::string> argv = {headless ? KIOSK_DRIVER : KIOSK_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> extra = {"SDL_AUDIODRIVER=dummy",
                                      "PCSCLITE_CSOCK_NAME=/nonexistent/doors-test/pcscd.comm"};
    extra.insert(extra.end(), env.begin(), env.end());
    auto child = ChildProcess::start(argv, dir_ / log_name, extra);
    EXPECT_TRUE(child.has_value()) << child.error();
    return std::move(*child);
  }

  Run finish(ChildProcess& child, const std::string& log_name, const fs::path& out = {},
             std::chrono::seconds timeout = std::chrono::seconds(90)) {
    Run run;
    const auto started = std::chrono::steady_clock::now();
    const int status = child.wait(timeout);
    run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    run.exit_code = (status >= 0 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    run.output = slurp(dir_ / log_name);
    if (!out.empty() && fs::exists(out / "session.json")) {
      run.session = nlohmann::json::parse(slurp(out / "session.json"));
    }
    return run;
  }

  Run run_kiosk(const std::vector<std::string>& args, const fs::path& out = {},
                const std::vector<std::string>& env = {}) {
    const std::string log = "kiosk-" + std::to_string(++runs_) + ".log";
    auto child = start(args, log, env);
    return finish(child, log, out);
  }

  // The headless kiosk on `state` with the staff roster, running `scenario`.
  std::vector<std::string> headless(const fs::path& scenario, const fs::path& out,
                                    const fs::path& state) {
    return {"--headless", "--scenario",   scenario.string(), "--out",        out.string(),
            "--state",    state.string(), "--staff",         kStaff.string()};
  }

  fs::path dir_;
  int runs_ = 0;
};

TEST_F(KioskDoors, TheStaffGestureAndTheRightCodeStopTheKioskWithExitZero) {
  const auto scenario = staff_scenario("stop", kStaffCode, "staff_stop");
  const Run run = run_kiosk(headless(scenario, dir_ / "out", dir_ / "state"), dir_ / "out");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("kiosk: stopped by staff S001\n"));
  EXPECT_EQ(run.session.value("stopped_by_staff", ""), "S001") << run.session.dump(2);
  const auto& steps = run.session["steps"];
  ASSERT_GE(steps.size(), 2U);
  EXPECT_TRUE(steps[steps.size() - 2].value("staff_menu", false)) << "the menu after the code";
  EXPECT_NE(steps.back()["action"], "show after") << "the kiosk stopped at 終了";
}

TEST_F(KioskDoors, AWrongStaffCodeOpensNothingAndStopsNothing) {
  const auto scenario = staff_scenario("wrong", "135791", "");
  const Run run = run_kiosk(headless(scenario, dir_ / "out", dir_ / "state"), dir_ / "out");
  EXPECT_EQ(run.exit_code, 0) << "the scenario ran to its end: " << run.output;
  EXPECT_THAT(run.output, Not(HasSubstr("stopped by staff")));
  EXPECT_FALSE(run.session.contains("stopped_by_staff"));
  const auto& last = run.session["steps"].back();
  EXPECT_EQ(last["action"], "show after") << run.session.dump(2);
  EXPECT_FALSE(last.value("staff_menu", false));
  const std::string buttons = last["buttons"].dump();
  EXPECT_THAT(buttons, HasSubstr("staff_submit")) << "the pad is still there";
  EXPECT_THAT(buttons, Not(HasSubstr("staff_stop")));
}

TEST_F(KioskDoors, TheLockOutOfTheStaffPadSurvivesARestart) {
  const fs::path state = dir_ / "state";
  // Three wrong codes, one per run: the count and then the lock-out are kept on disk.
  for (int i = 0; i < 3; ++i) {
    const auto scenario =
        staff_scenario("wrong-" + std::to_string(i), "11111" + std::to_string(i), "");
    const Run run = run_kiosk(headless(scenario, dir_ / ("out" + std::to_string(i)), state),
                              dir_ / ("out" + std::to_string(i)));
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  ASSERT_TRUE(fs::exists(state / "staff-code-lockout.json")) << "the lock-out is kept on disk";
  const auto lockout = nlohmann::json::parse(slurp(state / "staff-code-lockout.json"));
  EXPECT_GT(lockout.value("locked_until", 0LL), 0LL) << lockout.dump();
  // The next start: the right code is refused, the menu does not open.
  const auto scenario = staff_scenario("right", kStaffCode, "staff_stop");
  const Run run = run_kiosk(headless(scenario, dir_ / "out", state), dir_ / "out");
  EXPECT_NE(run.exit_code, 0) << "no 終了 to tap: " << run.output;
  EXPECT_THAT(run.output, Not(HasSubstr("stopped by staff")));
  EXPECT_THAT(run.session["steps"].dump(), HasSubstr("no button \\\"staff_stop\\\""));
}

TEST_F(KioskDoors, ASecondKioskOnTheSameStateFolderIsRefusedAtOnce) {
  const fs::path state = dir_ / "state";
  const auto wait = write("wait.json", R"({"name": "wait", "steps": [{"wait_ms": 60000}]})");
  auto first = start(headless(wait, dir_ / "out1", state), "first.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!kiosk::lock_holder(state / "kiosk.lock") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(kiosk::lock_holder(state / "kiosk.lock")) << slurp(dir_ / "first.log");

  const Run second = run_kiosk(headless(wait, dir_ / "out2", state));
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_LT(second.elapsed, std::chrono::milliseconds(1500));
  EXPECT_THAT(second.output, HasSubstr("kiosk: --state: " + state.string() +
                                       ": another kiosk uses this state folder (pid " +
                                       std::to_string(first.pid())));
  // The clerk's settling would race the running kiosk's own: refused too, before any terminal.
  const Run settle = run_kiosk({"--payments", "settle", "--state", state.string(), "--terminal",
                                "127.0.0.1:9", "--terminal-poi-id", "V400m-324688179"});
  EXPECT_EQ(settle.exit_code, 2) << settle.output;
  EXPECT_THAT(settle.output, HasSubstr("a kiosk is running on " + state.string()));

  first.kill_now();  // the kernel lets the lock go with the process, kill -9 included
  first.wait(std::chrono::seconds(5));
  const auto quick = write("quick.json", R"({"name": "quick", "steps": [{"note": "up"}]})");
  const Run third = run_kiosk(headless(quick, dir_ / "out3", state));
  EXPECT_EQ(third.exit_code, 0) << third.output;
}

TEST_F(KioskDoors, AStateFolderInTheTemporaryDirectoryIsRefusedOutsideTestsAndDemos) {
  // The kiosk as a town runs it (no --demo, no --headless): refused before any window opens.
  const fs::path state =
      fs::temp_directory_path() / ("madoguchi-doors-state-" + std::to_string(::getpid()));
  const Run run = run_kiosk({"--state", state.string(), "--staff", kStaff.string()}, {},
                            {"MADOGUCHI_TEMPORARY_STATE=", "SDL_VIDEODRIVER=offscreen"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("kiosk: --state: " + state.string() +
                                    ": is in the temporary directory, which is emptied at boot"));
  EXPECT_LT(run.elapsed, std::chrono::milliseconds(1500));
  EXPECT_FALSE(fs::exists(state)) << "nothing made there";
  // $TMPDIR counts as the temporary directory too.
  const fs::path elsewhere = dir_ / "tmpdir";
  fs::create_directories(elsewhere);
  const Run tmpdir = run_kiosk({"--state", (elsewhere / "state").string()}, {},
                               {"MADOGUCHI_TEMPORARY_STATE=", "TMPDIR=" + elsewhere.string()});
  EXPECT_EQ(tmpdir.exit_code, 2) << tmpdir.output;
  EXPECT_THAT(tmpdir.output, HasSubstr("is in the temporary directory"));
}

TEST_F(KioskDoors, AnOldSha256RosterStopsTheKioskWithTheFileTheEntryAndTheCommand) {
  const auto roster = write("volunteers.json", R"({"volunteers": [{"id": "V001", "name": "佐藤",
      "salt": "5672824dd10105d27d63a33010cafd23",
      "code_sha256": "23bf23c57fb4c0f5a76d7d8dec262b89b434ffeb1f3b0277e15d23df3c008959"}]})");
  const auto quick = write("quick.json", R"({"name": "quick", "steps": [{"note": "up"}]})");
  const Run run = run_kiosk({"--headless", "--scenario", quick.string(), "--out",
                             (dir_ / "out").string(), "--volunteers", roster.string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("kiosk: " + roster.string() +
                                    ": /volunteers/0/code_sha256: \"V001\" is an old salted "
                                    "SHA-256 entry"));
  EXPECT_THAT(run.output, HasSubstr("printf '%s' CODE | madoguchi_volunteer_code ID NAME"));
}

}  // namespace
}  // namespace madoguchi
