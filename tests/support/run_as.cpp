#include "support/run_as.hpp"

#include <pwd.h>
#include <unistd.h>

namespace madoguchi::tests {

std::expected<RunAs, std::string> unprivileged_user(std::initializer_list<const char*> users) {
  if (::geteuid() != 0) return RunAs{::geteuid(), ::getegid(), {}};
  std::string tried;
  for (const char* name : users) {
    if (const passwd* user = ::getpwnam(name)) {
      return RunAs{
          user->pw_uid,
          user->pw_gid,
          {"setpriv", "--reuid=" + std::to_string(user->pw_uid),
           "--regid=" + std::to_string(user->pw_gid), "--clear-groups", "--pdeathsig=TERM", "--"}};
    }
    tried += (tried.empty() ? "" : " or ") + std::string(name);
  }
  return std::unexpected("running as root, and no " + tried + " user");
}

}  // namespace madoguchi::tests
