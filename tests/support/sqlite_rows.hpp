// Reading a kiosk's SQLite files from a test (the payment journal, the outbox, the terminal
// simulator's ledger): one query on the file opened read-only, every cell as text.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace madoguchi::tests {

// The rows of `sql` ("" for NULL); none when the file is missing or the query fails.
std::vector<std::vector<std::string>> sqlite_rows(const std::filesystem::path& file,
                                                  const std::string& sql);

// The first cell of the first row, or "".
std::string sqlite_text(const std::filesystem::path& file, const std::string& sql);

}  // namespace madoguchi::tests
