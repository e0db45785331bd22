#include "test_applications.hpp"

#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace madoguchi::tests {

card::MyNumber test_my_number() {
  return std::move(*card::MyNumber::from_digits(kTestMyNumberDigits));
}

std::string test_pdf(const std::string& application_id, int n) {
  std::string pdf = "%PDF-1.4\n% Madoguchi test application " + application_id + "\n";
  // Filler that differs per application (so no two PDFs are alike) and holds no digit runs.
  std::uint32_t x = 2166136261u;
  for (char c : application_id) x = (x ^ static_cast<unsigned char>(c)) * 16777619u;
  x ^= static_cast<std::uint32_t>(n);
  for (int line = 0; line < 128; ++line) {
    pdf += "% ";
    for (int i = 0; i < 60; ++i) {
      x = x * 1103515245u + 12345u;
      pdf += static_cast<char>('a' + (x >> 16) % 26);
    }
    pdf += "\n";
  }
  return pdf + "%%EOF\n";
}

std::string test_form_json(const std::string& application_id, int n) {
  return "{\"id\":\"" + application_id +
         "\",\"氏名\":\"山田　太郎\",\"住所\":\"みどり町本町一丁目\"," +
         "\"通数\":" + std::to_string(n % 5 + 1) + "}";
}

submission::NewApplication test_application(const std::string& application_id, int n,
                                            const card::MyNumber* my_number) {
  submission::NewApplication a;
  a.application_id = application_id;
  a.kiosk_id = "test-kiosk-1";
  a.reception_number = "1201-" + std::to_string(n);
  a.procedure_id = "juminhyo";
  a.form_json = test_form_json(application_id, n);
  a.pdf = test_pdf(application_id, n);
  a.created_at = std::chrono::system_clock::now();
  a.my_number = my_number;
  return a;
}

std::string file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = (std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                         "madoguchi-submission-XXXXXX")
                            .string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("MADOGUCHI_KEEP_TEST_LOGS") != nullptr) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace madoguchi::tests
