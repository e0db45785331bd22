// Rotating the outbox key with the staff tool madoguchi_outbox_key: every sealed value moves to
// the new key in one transaction, nothing sealed with the old key is left on disk, a rotation
// killed half-way leaves all old or all new, and what cannot be rotated is refused, unchanged.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/submission/outbox.hpp"
#include "madoguchi/submission/outbox_key.hpp"
#include "test_applications.hpp"

namespace madoguchi::submission {
namespace {

using tests::TempDir;
using tests::test_application;

struct ToolRun {
  int status = -1;  // exit status, or 128 + signal
  std::string output;
};

// Runs madoguchi_outbox_key with `args`; kill_after > 0: SIGKILL it that long after it started.
ToolRun run_tool(const std::vector<std::string>& args,
                 std::chrono::microseconds kill_after = std::chrono::microseconds(0)) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::close(out[0]);
    std::vector<char*> argv;
    std::string binary = MADOGUCHI_OUTBOX_KEY_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  if (kill_after.count() > 0) {
    std::this_thread::sleep_for(kill_after);
    ::kill(pid, SIGKILL);
  }
  ToolRun run;
  char buf[4096];
  ssize_t n = 0;
  while ((n = ::read(out[0], buf, sizeof buf)) > 0)
    run.output.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

// application id -> (sealed bytes, key id) of every row with a sealed 個人番号.
std::map<std::string, std::pair<std::string, std::string>> sealed_rows(
    const std::filesystem::path& db_file) {
  std::map<std::string, std::pair<std::string, std::string>> rows;
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT application_id, my_number_sealed, my_number_key_id FROM applications "
                     "WHERE my_number_sealed IS NOT NULL",
                     -1, &stmt, nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto text = [&](int i) {
      const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)))
               : std::string();
    };
    rows[text(0)] = {text(1), text(2)};
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

// An outbox of `count` applications with a 個人番号 (and one without), sealed with old.key.
void fill_outbox(const TempDir& dir, int count) {
  OutboxOptions options;
  options.key_file = dir / "old.key";
  auto outbox = Outbox::open(dir / "outbox.db", options);
  ASSERT_TRUE(outbox) << outbox.error().message;
  const card::MyNumber number = tests::test_my_number();
  ASSERT_TRUE(outbox->commit(test_application(new_application_id(), 0)));
  for (int i = 1; i <= count; ++i) {
    ASSERT_TRUE(outbox->commit(test_application(new_application_id(), i, &number)));
  }
}

std::string on_disk(const TempDir& dir) {
  return tests::file_bytes(dir / "outbox.db") + tests::file_bytes(dir / "outbox.db-wal");
}

TEST(OutboxKeyTool, NewMakesA0600KeyAndNeverOverwritesOne) {
  TempDir dir;
  const auto made = run_tool({"new", (dir / "a.key").string()});
  ASSERT_EQ(made.status, 0) << made.output;
  struct stat st {};
  ASSERT_EQ(::stat((dir / "a.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  const std::string before = tests::file_bytes(dir / "a.key");
  const auto again = run_tool({"new", (dir / "a.key").string()});
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.output.find("File exists"), std::string::npos) << again.output;
  EXPECT_EQ(tests::file_bytes(dir / "a.key"), before);
  ASSERT_EQ(run_tool({"new", (dir / "b.key").string()}).status, 0);
  EXPECT_NE(tests::file_bytes(dir / "b.key"), before) << "two new keys are different";
}

TEST(OutboxKeyRotation, EveryValueIsResealedWithTheNewKeyAndNothingUnderTheOldOneIsLeft) {
  TempDir dir;
  fill_outbox(dir, 5);
  ASSERT_EQ(run_tool({"new", (dir / "new.key").string()}).status, 0);
  auto old_key = OutboxKey::load(dir / "old.key");
  auto new_key = OutboxKey::load(dir / "new.key");
  ASSERT_TRUE(old_key && new_key);
  const auto before = sealed_rows(dir / "outbox.db");
  ASSERT_EQ(before.size(), 5u);

  const auto run = run_tool({"rotate", "--outbox", (dir / "outbox.db").string(), "--old",
                             (dir / "old.key").string(), "--new", (dir / "new.key").string()});
  ASSERT_EQ(run.status, 0) << run.output;
  // Each application's form data and PDF (6 applications), and the five 個人番号.
  EXPECT_NE(run.output.find("17 sealed values"), std::string::npos) << run.output;

  const auto after = sealed_rows(dir / "outbox.db");
  ASSERT_EQ(after.size(), 5u);
  const std::string disk = on_disk(dir);
  for (const auto& [id, row] : after) {
    EXPECT_EQ(row.second, new_key->id()) << id;
    auto number = new_key->unseal(row.first, id);
    ASSERT_TRUE(number) << number.error().message;
    EXPECT_EQ(number->masked(), tests::test_my_number().masked());
    EXPECT_FALSE(old_key->unseal(row.first, id)) << "the old key still opens " << id;
    EXPECT_EQ(disk.find(before.at(id).first), std::string::npos)
        << "the value sealed with the old key is still in the database or its log: " << id;
  }

  // The kiosk, given the new key, reads them; given the old key, it says it is the wrong key.
  OutboxOptions options;
  options.key_file = dir / "new.key";
  options.create_key = false;
  auto outbox = Outbox::open(dir / "outbox.db", options);
  ASSERT_TRUE(outbox);
  const auto due = outbox->due(10, std::chrono::system_clock::now());
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 6u);
  for (const auto& a : *due) EXPECT_EQ(a.problem, "") << a.application_id;
}

TEST(OutboxKeyRotation, WhatCannotBeRotatedIsRefusedAndNothingChanges) {
  TempDir dir;
  fill_outbox(dir, 2);
  const std::string db = (dir / "outbox.db").string();
  ASSERT_EQ(run_tool({"new", (dir / "new.key").string()}).status, 0);
  ASSERT_EQ(run_tool({"new", (dir / "third.key").string()}).status, 0);
  const auto before = sealed_rows(dir / "outbox.db");

  const auto same = run_tool({"rotate", "--outbox", db, "--old", (dir / "old.key").string(),
                              "--new", (dir / "old.key").string()});
  EXPECT_EQ(same.status, 1);
  EXPECT_NE(same.output.find("the new key is the old key"), std::string::npos) << same.output;

  // A third key is not the outbox's: its values are named, and none is changed.
  {
    OutboxOptions options;
    options.key_file = dir / "third.key";
    auto outbox = Outbox::open(dir / "outbox.db", options);
    const card::MyNumber number = tests::test_my_number();
    ASSERT_TRUE(outbox->commit(test_application("third-key-application", 9, &number)));
  }
  const auto third = sealed_rows(dir / "outbox.db");
  const auto mixed = run_tool({"rotate", "--outbox", db, "--old", (dir / "old.key").string(),
                               "--new", (dir / "new.key").string()});
  EXPECT_EQ(mixed.status, 1);
  EXPECT_NE(mixed.output.find("application third-key-application is sealed with key " +
                              OutboxKey::load(dir / "third.key")->id()),
            std::string::npos)
      << mixed.output;
  EXPECT_NE(mixed.output.find("nothing was changed"), std::string::npos) << mixed.output;
  EXPECT_EQ(sealed_rows(dir / "outbox.db"), third);

  const auto usage = run_tool({"rotate", "--outbox", db, "--old"});
  EXPECT_EQ(usage.status, 2);
  EXPECT_NE(usage.output.find("--old needs a value"), std::string::npos) << usage.output;
  const auto no_outbox =
      run_tool({"rotate", "--outbox", (dir / "none.db").string(), "--old",
                (dir / "old.key").string(), "--new", (dir / "new.key").string()});
  EXPECT_EQ(no_outbox.status, 1);
  EXPECT_NE(no_outbox.output.find("none.db: cannot open"), std::string::npos) << no_outbox.output;
  EXPECT_EQ(sealed_rows(dir / "outbox.db").size(), before.size() + 1);
}

TEST(OutboxKeyRotation, ARotationKilledHalfWayLeavesAllOldOrAllNew) {
  TempDir dir;
  constexpr int kCount = 300;
  fill_outbox(dir, kCount);
  ASSERT_EQ(run_tool({"new", (dir / "new.key").string()}).status, 0);
  auto old_key = OutboxKey::load(dir / "old.key");
  auto new_key = OutboxKey::load(dir / "new.key");
  const std::string pristine = tests::file_bytes(dir / "outbox.db");
  ASSERT_EQ(tests::file_bytes(dir / "outbox.db-wal"), "") << "closed outboxes are checkpointed";
  const std::vector<std::string> rotate = {"rotate",
                                           "--outbox",
                                           (dir / "outbox.db").string(),
                                           "--old",
                                           (dir / "old.key").string(),
                                           "--new",
                                           (dir / "new.key").string()};

  // How long a whole rotation takes here; then kill it at points through that time.
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(run_tool(rotate).status, 0);
  const auto whole = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  std::set<std::string> outcomes;
  for (int step = 1; step <= 12; ++step) {
    std::filesystem::remove(dir / "outbox.db-wal");
    std::filesystem::remove(dir / "outbox.db-shm");
    { std::ofstream(dir / "outbox.db", std::ios::binary | std::ios::trunc) << pristine; }
    const auto at = whole * step / 12;
    const auto killed = run_tool(rotate, at);
    const auto rows = sealed_rows(dir / "outbox.db");
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(kCount))
        << "killed after " << at.count() << " µs";
    std::set<std::string> keys;
    for (const auto& [id, row] : rows) {
      keys.insert(row.second);
      const OutboxKey& key = row.second == new_key->id() ? *new_key : *old_key;
      EXPECT_TRUE(key.unseal(row.first, id)) << id << " does not open with the key it names";
    }
    ASSERT_EQ(keys.size(), 1u) << "killed after " << at.count() << " µs (status " << killed.status
                               << "): the outbox has values under both keys";
    outcomes.insert(*keys.begin() == new_key->id() ? "new" : "old");
    // Whatever the kill left, rotating again finishes the job.
    ASSERT_EQ(run_tool(rotate).status, 0);
    for (const auto& [id, row] : sealed_rows(dir / "outbox.db")) {
      ASSERT_EQ(row.second, new_key->id()) << id;
    }
  }
  std::cout << "a whole rotation of " << kCount << " values took " << whole.count()
            << " µs; killed runs left the outbox all " << (outcomes.count("old") ? "old" : "")
            << (outcomes.size() == 2 ? " or all " : "") << (outcomes.count("new") ? "new" : "")
            << "\n";
}

}  // namespace
}  // namespace madoguchi::submission
