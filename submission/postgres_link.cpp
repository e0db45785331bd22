#include "madoguchi/submission/postgres_link.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "madoguchi/storage/private_file.hpp"

namespace madoguchi::submission {

std::expected<void, std::string> check_postgres_conninfo(const std::string& conninfo) {
  if (const char* password = std::getenv("PGPASSWORD"); password != nullptr && *password != '\0') {
    return std::unexpected(
        "PGPASSWORD is set: a password in the environment is refused (others may read it); "
        "put it in a passfile (passfile=FILE, PGPASSFILE or the systemd credential pgpass)");
  }
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
  if (parsed == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    if (error != nullptr) PQfreemem(error);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    return std::unexpected("the connection string does not parse: " + message);
  }
  std::string problem;
  for (PQconninfoOption* o = parsed; o->keyword != nullptr && problem.empty(); ++o) {
    if (o->val == nullptr) continue;
    const std::string_view key = o->keyword;
    const std::string_view value = o->val;
    if (key == "password") {
      problem =
          "password= is refused: a connection string is on a command line, which every user "
          "sees in the process list; put the password in a passfile (passfile=FILE, PGPASSFILE "
          "or the systemd credential pgpass)";
    } else if (key == "sslmode" && value != "verify-full") {
      problem = "sslmode=" + std::string(value) +
                " is refused: the back office is reached over TLS with its certificate checked "
                "against the town's CA (sslrootcert=FILE) and the host name: sslmode=verify-full";
    } else if (key == "gssencmode" && value != "disable") {
      problem = "gssencmode=" + std::string(value) +
                " is refused: the link is TLS with sslmode=verify-full, not GSSAPI encryption";
    }
  }
  PQconninfoFree(parsed);
  if (!problem.empty()) return std::unexpected(problem);
  return {};
}

std::vector<std::pair<std::string, std::string>> postgres_link_defaults() {
  std::vector<std::pair<std::string, std::string>> defaults = {{"sslmode", "verify-full"},
                                                               {"gssencmode", "disable"}};
  if (const auto passfile =
          storage::systemd_credential(std::getenv("CREDENTIALS_DIRECTORY"), "pgpass")) {
    defaults.emplace_back("passfile", passfile->string());
  }
  return defaults;
}

}  // namespace madoguchi::submission
