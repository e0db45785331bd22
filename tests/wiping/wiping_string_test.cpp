// wiping::WipingString: a resident's name held in a short string (inside the object: SSO)
// leaves none of its bytes where it was, once moved from or destroyed; and wipe() overwrites the
// whole buffer, not only the characters still counted.
#include <gtest/gtest.h>

#include <cstring>
#include <new>
#include <string>
#include <string_view>

#include "madoguchi/wiping/wipe.hpp"

namespace {

using madoguchi::wiping::WipingString;

constexpr std::string_view kShortName = "花子";  // 6 bytes: inside the string object

// Whether the bytes hold `text` — or all of it but its first byte, which libstdc++ overwrites
// with the terminator when it empties a short string (the rest stays: "keeps 3 of 4 digits").
bool contains(const unsigned char* bytes, std::size_t size, std::string_view text) {
  return std::string_view(reinterpret_cast<const char*>(bytes), size).find(text.substr(1)) !=
         std::string_view::npos;
}

struct Storage {
  alignas(WipingString) unsigned char bytes[sizeof(WipingString)];
  WipingString* text = nullptr;
  explicit Storage(std::string_view value) {
    std::memset(bytes, 0, sizeof bytes);
    text = new (bytes) WipingString(value);
  }
};

TEST(WipingString, AMovedFromShortNameLeavesNoCharacters) {
  Storage from(kShortName);
  ASSERT_TRUE(contains(from.bytes, sizeof from.bytes, kShortName)) << "the name is inside";
  const WipingString to(std::move(*from.text));
  EXPECT_EQ(to, kShortName);
  EXPECT_FALSE(contains(from.bytes, sizeof from.bytes, kShortName));
  from.text->~WipingString();

  Storage assigned_from(kShortName);
  WipingString target = "太郎";
  target = std::move(*assigned_from.text);
  EXPECT_EQ(target, kShortName);
  EXPECT_FALSE(contains(assigned_from.bytes, sizeof assigned_from.bytes, kShortName));
  assigned_from.text->~WipingString();
}

TEST(WipingString, AStdStringMovedInIsWipedToo) {
  std::string plain(kShortName);
  const WipingString held(std::move(plain));
  EXPECT_EQ(held, kShortName);
  EXPECT_EQ(std::string_view(plain.data(), plain.capacity()).find(kShortName.substr(1)),
            std::string_view::npos);
}

TEST(WipingString, ADestroyedNameLeavesNoCharacters) {
  Storage storage(kShortName);
  storage.text->~WipingString();
  EXPECT_FALSE(contains(storage.bytes, sizeof storage.bytes, kShortName));
}

TEST(Wipe, OverwritesCharactersErasedBeforeAsWell) {
  std::string answer = "abcdef";
  answer.resize(2);  // "ab": "def" is still in the buffer past the terminator
  const char* buffer = answer.data();
  madoguchi::wiping::wipe(answer);
  EXPECT_TRUE(answer.empty());
  // A short string keeps its buffer inside the object: still ours to read.
  EXPECT_EQ(std::string_view(buffer, 6).find_first_of("abcdef"), std::string_view::npos);
}

}  // namespace
