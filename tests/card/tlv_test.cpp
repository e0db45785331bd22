// EF 0002 (基本4情報) parsing: the layout of shared/reference/mynumber-card.md §2.3.
#include "madoguchi/card/tlv.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace madoguchi::card {
namespace {

using Bytes = std::vector<std::uint8_t>;

void append(Bytes& out, std::initializer_list<int> bytes) {
  for (const int b : bytes) out.push_back(static_cast<std::uint8_t>(b));
}
void append(Bytes& out, const std::string& text) {
  out.insert(out.end(), text.begin(), text.end());
}

const std::string kName = "山田　太郎";                               // 15 bytes
const std::string kAddress = "東京都千代田区霞が関１－２－３　中央";  // 54 bytes

// The structure of the reference's worked example, written out byte by byte:
// FF 20 65 | DF 21 08 00 0E 00 20 00 59 00 64 | DF 22 0F … | DF 23 36 … |
// DF 24 08 "19800217" | DF 25 01 "1"  — 104 bytes, fields at 14, 32, 89, 100.
Bytes worked_example() {
  Bytes file;
  append(file, {0xFF, 0x20, 0x65});
  append(file, {0xDF, 0x21, 0x08, 0x00, 0x0E, 0x00, 0x20, 0x00, 0x59, 0x00, 0x64});
  append(file, {0xDF, 0x22, 0x0F});
  append(file, kName);
  append(file, {0xDF, 0x23, 0x36});
  append(file, kAddress);
  append(file, {0xDF, 0x24, 0x08});
  append(file, "19800217");
  append(file, {0xDF, 0x25, 0x01});
  append(file, "1");
  return file;
}

const BasicInfo kWorkedExample{kName, kAddress, "19800217", "1"};

std::string malformed_message(const Bytes& file) {
  const auto parsed = parse_basic_info(file);
  EXPECT_FALSE(parsed.has_value());
  if (parsed) return "";
  EXPECT_EQ(parsed.error().kind, CardErrorKind::MalformedData);
  return parsed.error().message;
}

TEST(ParseBasicInfo, ReadsTheWorkedExample) {
  const Bytes file = worked_example();
  ASSERT_EQ(file.size(), 104u);
  const auto parsed = parse_basic_info(file);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, kWorkedExample);
}

TEST(ParseBasicInfo, IgnoresTrailingFfFiller) {
  Bytes file = worked_example();
  file.resize(256, 0xFF);
  const auto parsed = parse_basic_info(file);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, kWorkedExample);
}

TEST(ParseBasicInfo, RejectsOtherBytesAfterTheObject) {
  Bytes file = worked_example();
  append(file, {0xFF, 0x00, 0xFF});
  EXPECT_NE(malformed_message(file).find("byte 105"), std::string::npos);
}

TEST(ParseBasicInfo, EncoderWritesTheWorkedExampleByteForByte) {
  EXPECT_EQ(encode_basic_info(kWorkedExample), worked_example());
}

TEST(ParseBasicInfo, ReadsOneByteLongFormLengths) {
  // A 201-byte address needs DF 23 81 C9; the outer value (249 bytes) FF 20 81 F9.
  std::string address;
  for (int i = 0; i < 67; ++i) address += "あ";
  ASSERT_EQ(address.size(), 201u);
  const std::string name = "髙橋　花子";  // 15 bytes

  const int value_size = 11 + (3 + 15) + (4 + 201) + 11 + 4;
  ASSERT_EQ(value_size, 249);
  const int name_at = 4 + 11, address_at = name_at + 18, birth_at = address_at + 205,
            sex_at = birth_at + 11;
  Bytes file;
  append(file, {0xFF, 0x20, 0x81, value_size});
  append(file, {0xDF, 0x21, 0x08, name_at >> 8, name_at & 0xFF, address_at >> 8, address_at & 0xFF,
                birth_at >> 8, birth_at & 0xFF, sex_at >> 8, sex_at & 0xFF});
  append(file, {0xDF, 0x22, 0x0F});
  append(file, name);
  append(file, {0xDF, 0x23, 0x81, 0xC9});
  append(file, address);
  append(file, {0xDF, 0x24, 0x08});
  append(file, "19380101");
  append(file, {0xDF, 0x25, 0x01});
  append(file, "2");
  const auto parsed = parse_basic_info(file);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, (BasicInfo{name, address, "19380101", "2"}));
  EXPECT_EQ(encode_basic_info(*parsed), file);
}

TEST(ParseBasicInfo, ReadsTwoByteAndNonMinimalLengths) {
  // Outer FF 20 82 01 2C (300 bytes); the name in a non-minimal 81 0F form and the
  // address in 82 00 FA: BER allows both.
  const std::string address(250, 'a');
  const int name_at = 5 + 11, address_at = name_at + 19, birth_at = address_at + 5 + 250,
            sex_at = birth_at + 11;
  Bytes file;
  append(file, {0xFF, 0x20, 0x82, 0x01, 0x2C});
  append(file, {0xDF, 0x21, 0x08, name_at >> 8, name_at & 0xFF, address_at >> 8, address_at & 0xFF,
                birth_at >> 8, birth_at & 0xFF, sex_at >> 8, sex_at & 0xFF});
  append(file, {0xDF, 0x22, 0x81, 0x0F});
  append(file, kName);
  append(file, {0xDF, 0x23, 0x82, 0x00, 0xFA});
  append(file, address);
  append(file, {0xDF, 0x24, 0x08});
  append(file, "20000229");
  append(file, {0xDF, 0x25, 0x01});
  append(file, "9");
  ASSERT_EQ(file.size(), 305u);
  const auto parsed = parse_basic_info(file);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, (BasicInfo{kName, address, "20000229", "9"}));
}

TEST(EncodeBasicInfo, ChoosesTheShortestLengthForms) {
  BasicInfo info{"山田　太郎", std::string(130, 'a'), "19500415", "1"};
  Bytes file = encode_basic_info(info);
  // Address of 130 bytes: DF 23 81 82. Outer value 11+18+134+11+4 = 178: FF 20 81 B2.
  EXPECT_EQ(file[2], 0x81);
  EXPECT_EQ(file[3], 0xB2);
  EXPECT_EQ(file[4 + 11 + 18 + 2], 0x81);
  EXPECT_EQ(file[4 + 11 + 18 + 3], 130);
  const auto parsed = parse_basic_info(file);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, info);

  info.address = std::string(400, 'b');
  file = encode_basic_info(info);
  EXPECT_EQ(file[2], 0x82);
  const auto parsed_long = parse_basic_info(file);
  ASSERT_TRUE(parsed_long) << parsed_long.error().message;
  EXPECT_EQ(*parsed_long, info);
}

TEST(ParseBasicInfo, ChecksTheOffsetTable) {
  Bytes file = worked_example();
  file[3 + 2 + 1 + 3] = 0x21;  // address listed at byte 33 instead of 32
  const std::string message = malformed_message(file);
  EXPECT_NE(message.find("offset table"), std::string::npos) << message;
  EXPECT_NE(message.find("address (DF 23)"), std::string::npos) << message;
  EXPECT_NE(message.find("byte 33"), std::string::npos) << message;
  EXPECT_NE(message.find("byte 32"), std::string::npos) << message;
}

TEST(ParseBasicInfo, RejectsAnOffsetTableOfTheWrongSize) {
  BasicInfo info = kWorkedExample;
  Bytes file;
  append(file, {0xFF, 0x20, 0x63, 0xDF, 0x21, 0x06, 0x00, 0x0C, 0x00, 0x1E, 0x00, 0x57});
  append(file, {0xDF, 0x22, 0x0F});
  append(file, info.name);
  append(file, {0xDF, 0x23, 0x36});
  append(file, info.address);
  append(file, {0xDF, 0x24, 0x08});
  append(file, info.birth_date);
  append(file, {0xDF, 0x25, 0x01});
  append(file, info.sex);
  EXPECT_NE(malformed_message(file).find("has 6 bytes, expected 8"), std::string::npos);
}

TEST(ParseBasicInfo, RejectsEveryTruncation) {
  const Bytes file = worked_example();
  for (std::size_t size = 0; size < file.size(); ++size) {
    const Bytes cut(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(size));
    const auto parsed = parse_basic_info(cut);
    ASSERT_FALSE(parsed) << "accepted a file cut to " << size << " bytes";
    EXPECT_EQ(parsed.error().kind, CardErrorKind::MalformedData);
  }
  const Bytes cut(file.begin(), file.end() - 1);
  EXPECT_NE(malformed_message(cut).find("truncated"), std::string::npos);
}

TEST(ParseBasicInfo, RejectsAFieldThatRunsPastTheObject) {
  Bytes file = worked_example();
  file[100 + 2] = 0x02;  // sex declares 2 bytes; the object ends after 1
  EXPECT_NE(malformed_message(file).find("past the end"), std::string::npos);
}

TEST(ParseBasicInfo, RejectsInvalidUtf8) {
  struct Case {
    const char* what;
    Bytes bad;
  };
  const std::vector<Case> cases = {
      {"stray continuation", {0x80, 0x80, 0x80}}, {"overlong slash", {0xC0, 0xAF, 0x41}},
      {"surrogate", {0xED, 0xA0, 0x80}},          {"beyond U+10FFFF", {0xF4, 0x90, 0x80}},
      {"invalid byte", {0xFF, 0x41, 0x41}},
  };
  for (const auto& c : cases) {
    Bytes file = worked_example();
    std::copy(c.bad.begin(), c.bad.end(), file.begin() + 17);  // inside the name
    const std::string message = malformed_message(file);
    EXPECT_NE(message.find("name (DF 22) has invalid UTF-8"), std::string::npos)
        << c.what << ": " << message;
  }
  Bytes truncated_sequence = worked_example();
  truncated_sequence[32 + 3 + 53] = 0xE3;  // last address byte starts a 3-byte sequence
  EXPECT_NE(malformed_message(truncated_sequence).find("address (DF 23) has invalid UTF-8"),
            std::string::npos);
}

TEST(ParseBasicInfo, RejectsControlCharacters) {
  Bytes file = worked_example();
  file[17] = '\n';
  EXPECT_NE(malformed_message(file).find("control character"), std::string::npos);

  // A C1 control (U+0085 NEL, C2 85) in place of a whole 3-byte character.
  Bytes c1 = worked_example();
  ASSERT_EQ(c1[17] & 0xF0, 0xE0) << "byte 17 starts a 3-byte character";
  c1[17] = 0xC2;
  c1[18] = 0x85;
  c1[19] = 'A';
  EXPECT_NE(malformed_message(c1).find("control character U+0085"), std::string::npos)
      << malformed_message(c1);
}

TEST(ParseBasicInfo, RejectsABadBirthDate) {
  Bytes letters = worked_example();
  letters[89 + 3 + 7] = 'X';
  EXPECT_NE(malformed_message(letters).find("birth date (DF 24)"), std::string::npos);

  // Wareki text instead of digits, 8 bytes: "H01.01.0".
  Bytes wareki = worked_example();
  const std::string text = "H01.01.0";
  std::copy(text.begin(), text.end(), wareki.begin() + 92);
  EXPECT_NE(malformed_message(wareki).find("ASCII digits"), std::string::npos);

  // 7 digits: re-encode with a short date so that lengths and offsets stay right.
  const Bytes short_date = encode_basic_info({kName, kAddress, "1980021", "1"});
  EXPECT_NE(malformed_message(short_date).find("has 7 bytes"), std::string::npos);
}

TEST(ParseBasicInfo, RejectsABadSex) {
  EXPECT_NE(
      malformed_message(encode_basic_info({kName, kAddress, "19800217", "M"})).find("sex (DF 25)"),
      std::string::npos);
  EXPECT_NE(
      malformed_message(encode_basic_info({kName, kAddress, "19800217", "12"})).find("sex (DF 25)"),
      std::string::npos);
}

TEST(ParseBasicInfo, RejectsAnEmptyName) {
  EXPECT_NE(malformed_message(encode_basic_info({"", kAddress, "19800217", "1"}))
                .find("name (DF 22) is empty"),
            std::string::npos);
}

TEST(ParseBasicInfo, RejectsTheWrongOuterTag) {
  Bytes file = worked_example();
  file[1] = 0x40;  // FF 40: the AP basic-information file's tag
  EXPECT_NE(malformed_message(file).find("expected FF 20"), std::string::npos);
}

TEST(ParseBasicInfo, RejectsFieldsOutOfOrder) {
  Bytes file = worked_example();
  file[14 + 1] = 0x23;  // the name carries the address tag
  const std::string message = malformed_message(file);
  EXPECT_NE(message.find("expected the name (DF 22), found tag DF 23"), std::string::npos)
      << message;
}

TEST(ParseBasicInfo, RejectsUnsupportedLengthForms) {
  Bytes indefinite = worked_example();
  indefinite[2] = 0x80;
  EXPECT_NE(malformed_message(indefinite).find("indefinite"), std::string::npos);
  Bytes three_bytes = worked_example();
  three_bytes[2] = 0x83;
  EXPECT_NE(malformed_message(three_bytes).find("length form 83"), std::string::npos);
}

TEST(ParseBasicInfo, RejectsExtraBytesInsideTheObject) {
  Bytes file = worked_example();
  file[2] = 0x67;  // outer value claims 2 more bytes
  append(file, {0x00, 0x00});
  EXPECT_NE(malformed_message(file).find("unexpected bytes"), std::string::npos);
}

TEST(ParseTlvHeader, ReadsShortAndLongLengths) {
  const Bytes short_form = {0xDF, 0x22, 0x0F};
  auto h = parse_tlv_header(short_form);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->tag, 0xDF22);
  EXPECT_EQ(h->header_size, 3u);
  EXPECT_EQ(h->value_size, 15u);

  const Bytes one_byte = {0xFF, 0x20, 0x81, 0xF0};
  h = parse_tlv_header(one_byte);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_size, 4u);
  EXPECT_EQ(h->value_size, 240u);

  const Bytes two_bytes = {0x00, 0xFF, 0x20, 0x82, 0x01, 0x2C};
  h = parse_tlv_header(two_bytes, 1);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_size, 5u);
  EXPECT_EQ(h->value_size, 300u);
  EXPECT_EQ(h->total_size(), 305u);
}

TEST(ParseTlvHeader, RejectsOneByteAndMultiByteTags) {
  EXPECT_FALSE(parse_tlv_header(Bytes{0x04, 0x02, 0x00}));        // universal class, one byte
  EXPECT_FALSE(parse_tlv_header(Bytes{0xDF, 0x81, 0x01}));        // tag number continues
  EXPECT_FALSE(parse_tlv_header(Bytes{0xDF, 0x05, 0x01}));        // number < 31 in two bytes
  EXPECT_FALSE(parse_tlv_header(Bytes{0xFF, 0x20, 0x82, 0x01}));  // cut inside length
}

TEST(Utf8, ValidatesWellFormedText) {
  const std::string good =
      "髙橋　花子 宮﨑 ＡＢＣ abc \xF0\x9F\x98\x80 \xEE\x80\x80";  // emoji, PUA
  EXPECT_TRUE(
      is_valid_utf8(std::span(reinterpret_cast<const std::uint8_t*>(good.data()), good.size())));
  EXPECT_FALSE(is_valid_utf8(Bytes{0xE9, 0xAB}));        // cut
  EXPECT_FALSE(is_valid_utf8(Bytes{0xE0, 0x80, 0x80}));  // overlong
  EXPECT_TRUE(is_valid_utf8(Bytes{}));
}

}  // namespace
}  // namespace madoguchi::card
