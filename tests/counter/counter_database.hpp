// A database of its own for each test of counter/, on the test program's one PostgreSQL, with
// the counter's tables and the roles docs/counter.md describes: kiosk_1 and kiosk_2 (kiosks),
// clerk_sato and clerk_ito (staff).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "madoguchi/counter/counter_schema.hpp"
#include "support/postgres_fixture.hpp"

namespace madoguchi::counter {

inline tests::TestPostgres& shared_server() { return tests::shared_test_postgres(); }

// A conninfo for another role of the same database.
inline std::string as_role(std::string conninfo, const std::string& role) {
  conninfo.replace(conninfo.find("user=madoguchi"), 14, "user=" + role);
  return conninfo;
}

class CounterDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter = 0;
    const std::string name =
        "counter_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    auto made = shared_server().create_database(name);
    ASSERT_TRUE(made) << made.error();
    owner_ = *made;
    const auto created = create_counter_schema(owner_);
    ASSERT_TRUE(created) << created.error().message;
    // Roles are the cluster's: made once, kept for the other tests' databases.
    for (const char* sql : {"CREATE ROLE kiosk_1 LOGIN IN ROLE madoguchi_kiosks",
                            "CREATE ROLE kiosk_2 LOGIN IN ROLE madoguchi_kiosks",
                            "CREATE ROLE clerk_sato LOGIN IN ROLE madoguchi_staff",
                            "CREATE ROLE clerk_ito LOGIN IN ROLE madoguchi_staff"}) {
      auto done = tests::sql_query(owner_, sql);
      if (!done && done.error().find("already exists") != std::string::npos) continue;
      ASSERT_TRUE(done) << done.error();
    }
  }
  std::string owner_;
};

}  // namespace madoguchi::counter
