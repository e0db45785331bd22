// How every program of the project reaches the back office's PostgreSQL (docs/back-office.md,
// "The link"): TLS with the server's certificate checked against the town's CA and the host name
// (sslmode=verify-full); the password from a libpq passfile (passfile=FILE, PGPASSFILE, or the
// systemd credential pgpass), never in the connection string (it is on a command line, in the
// process list) and never from PGPASSWORD (in the process's environment).
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace madoguchi::submission {

// Why this connection string may not be used, naming the key and what to do instead: one that
// cannot be parsed, an sslmode other than verify-full, a password; or PGPASSWORD set.
std::expected<void, std::string> check_postgres_conninfo(const std::string& conninfo);

// The connection's defaults, which the connection string may not weaken: sslmode=verify-full,
// gssencmode=disable (no GSSAPI encryption in place of TLS), and passfile=
// $CREDENTIALS_DIRECTORY/pgpass when that credential exists.
std::vector<std::pair<std::string, std::string>> postgres_link_defaults();

}  // namespace madoguchi::submission
