// Servers that refuse to run as root (PostgreSQL's initdb, cage) are started by a test run as
// root through setpriv, as an unprivileged user.
#pragma once

#include <sys/types.h>

#include <expected>
#include <initializer_list>
#include <string>
#include <vector>

namespace madoguchi::tests {

struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  // "setpriv --reuid=U --regid=G --clear-groups --pdeathsig=TERM --" when this test runs as
  // root, else empty (the test's own user). A change of user clears PR_SET_PDEATHSIG
  // (ChildProcess::start): setpriv sets it again, so a test killed outright takes the server
  // with it.
  std::vector<std::string> prefix;
};

// The first of `users` that exists when running as root; this process's own user otherwise.
std::expected<RunAs, std::string> unprivileged_user(std::initializer_list<const char*> users);

}  // namespace madoguchi::tests
