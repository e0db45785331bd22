// Applications for the submission tests: deterministic content from an id and a number, so a
// test (or the kill matrix) can check what arrived byte for byte.
#pragma once

#include <filesystem>
#include <string>

#include "madoguchi/card/my_number.hpp"
#include "madoguchi/submission/application.hpp"

namespace madoguchi::tests {

// The 個人番号 used by the tests. Its digits appear nowhere else in the test data, so finding
// them in a file means they leaked.
inline constexpr const char* kTestMyNumberDigits = "987654321098";
card::MyNumber test_my_number();

// The PDF of application n: "%PDF-1.4", a comment with the id, about 8 KB of filler, "%%EOF".
std::string test_pdf(const std::string& application_id, int n);
// {"氏名": "山田　太郎", "住所": ..., "通数": n, "id": ...}.
std::string test_form_json(const std::string& application_id, int n);

// Application n: kiosk "test-kiosk-1", reception number "1201-<n>", procedure "juminhyo", the
// PDF and form above. my_number may be null.
submission::NewApplication test_application(const std::string& application_id, int n,
                                            const card::MyNumber* my_number = nullptr);

// A file's bytes ("" when missing).
std::string file_bytes(const std::filesystem::path& file);

// A fresh temporary directory under $TMPDIR, deleted by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace madoguchi::tests
