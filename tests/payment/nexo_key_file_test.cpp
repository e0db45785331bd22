// The terminal's key file as the town writes it (payment/nexo_key_file.hpp): each mistake named
// with its file and line, a file others may read refused, and the passphrase never in a message.
#include "madoguchi/payment/nexo_key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace madoguchi::payment::nexo {
namespace {

namespace fs = std::filesystem;

TEST(NexoKeyFile, ReadsTheThreeValues) {
  const auto key = parse_key_file(
      "# from the Customer Area\n\nkey_identifier = TOWN-1\r\nkey_version=3\n"
      "passphrase = correct horse battery staple\n",
      "terminal-key");
  ASSERT_TRUE(key.has_value()) << key.error();
  EXPECT_EQ(key->identifier, "TOWN-1");
  EXPECT_EQ(key->version, 3);
  EXPECT_EQ(std::string(key->passphrase), "correct horse battery staple");
}

TEST(NexoKeyFile, EachMistakeIsNamedWithItsLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"key_identifier = A\nkey_version = one\npassphrase = p\n",
       "terminal-key: line 2: key_version must be a whole number"},
      {"key_identifier = A\nkey_version = -1\npassphrase = p\n",
       "terminal-key: line 2: key_version must be a whole number"},
      {"key_identifier = A\nversion = 1\npassphrase = p\n",
       "terminal-key: line 2: unknown setting 'version'"},
      {"key_identifier = A\nkey_version 1\n", "terminal-key: line 2: expected NAME = VALUE"},
      {"key_identifier = \n", "terminal-key: line 1: key_identifier is empty"},
      {"key_identifier = A\nkey_version = 1\npassphrase =\n",
       "terminal-key: line 3: passphrase is empty"},
      {"key_version = 1\npassphrase = secret\n", "terminal-key: key_identifier is missing"},
      {"key_identifier = A\npassphrase = secret\n", "terminal-key: key_version is missing"},
      {"key_identifier = A\nkey_version = 1\n", "terminal-key: passphrase is missing"},
  };
  for (const auto& [text, expected] : cases) {
    const auto key = parse_key_file(text, "terminal-key");
    ASSERT_FALSE(key.has_value()) << text;
    EXPECT_EQ(key.error().rfind(expected, 0), 0u) << key.error();
    EXPECT_EQ(key.error().find("secret"), std::string::npos) << key.error();
  }
}

TEST(NexoKeyFile, AFileOthersMayReadIsRefusedAndANewOneIsPrivate) {
  const fs::path dir = fs::temp_directory_path() / ("madoguchi-key-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto file = dir / "terminal-key";
  ASSERT_TRUE(write_new_key_file(file, "TOWN-1", 2).has_value());
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto key = read_key_file(file);
  ASSERT_TRUE(key.has_value()) << key.error();
  EXPECT_EQ(key->identifier, "TOWN-1");
  EXPECT_EQ(key->version, 2);
  EXPECT_GE(key->passphrase.size(), 24u);
  EXPECT_FALSE(write_new_key_file(file, "TOWN-1", 2).has_value());  // never over an old one

  fs::permissions(file, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  const auto refused = read_key_file(file);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), "the terminal key: " + file.string() +
                                 " may be read by others (mode 0644); chmod 600 it");
  const auto missing = read_key_file(dir / "nothing");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("nothing: No such file or directory"), std::string::npos)
      << missing.error();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace madoguchi::payment::nexo
