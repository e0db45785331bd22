// PDF files where no printer is configured, and the resident-facing messages.
#include "madoguchi/printer/pdf_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "madoguchi/printer/print_error.hpp"
#include "pdf_tools.hpp"

namespace madoguchi::printer {
namespace {

TEST(WritePdfFile, WritesTheBytesPrivatelyAndLeavesNoTemporaryFile) {
  tests::TempDir dir;
  const std::string pdf = "%PDF-1.3\n" + std::string(100000, 'x');
  const auto out = dir.path() / "outbox";  // created on demand
  const auto written = write_pdf_file(out, "A-0123-juminhyo", pdf);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(*written, out / "A-0123-juminhyo.pdf");
  EXPECT_EQ(tests::read_file(*written), pdf);
  struct stat st {};
  ASSERT_EQ(::stat(written->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(out)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(WritePdfFile, ReplacesAnExistingFileWhole) {
  tests::TempDir dir;
  ASSERT_TRUE(write_pdf_file(dir.path(), "form", "%PDF-old and longer"));
  ASSERT_TRUE(write_pdf_file(dir.path(), "form", "%PDF-new"));
  EXPECT_EQ(tests::read_file(dir.path() / "form.pdf"), "%PDF-new");
}

TEST(WritePdfFile, RejectsNamesThatAreNotPlainFileNames) {
  tests::TempDir dir;
  for (const std::string bad : {"", "../escape", "a/b", ".hidden", "."}) {
    const auto written = write_pdf_file(dir.path(), bad, "%PDF-");
    ASSERT_FALSE(written) << bad;
    EXPECT_EQ(written.error().kind, PrintError::Kind::Io);
  }
}

TEST(WritePdfFile, UnusableDirectoryIsAnIoError) {
  tests::TempDir dir;
  tests::write_file(dir.path() / "file", "not a directory");
  const auto written = write_pdf_file(dir.path() / "file" / "sub", "form", "%PDF-");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, PrintError::Kind::Io);
  EXPECT_NE(written.error().message.find("file/sub"), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::printer
