#include "madoguchi/card/tlv.hpp"

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/text/utf8.hpp"

namespace madoguchi::card {
namespace {

std::string hex_byte(std::uint8_t b) {
  char text[4];
  std::snprintf(text, sizeof text, "%02X", b);
  return text;
}

std::string tag_text(std::uint16_t tag) {
  return hex_byte(static_cast<std::uint8_t>(tag >> 8)) + " " +
         hex_byte(static_cast<std::uint8_t>(tag & 0xFF));
}

std::string field_text(std::uint16_t tag) {
  switch (tag) {
    case kOffsetTableTag:
      return "offset table (DF 21)";
    case kNameTag:
      return "name (DF 22)";
    case kAddressTag:
      return "address (DF 23)";
    case kBirthDateTag:
      return "birth date (DF 24)";
    case kSexTag:
      return "sex (DF 25)";
    default:
      return "tag " + tag_text(tag);
  }
}

std::unexpected<CardError> malformed(std::string message) {
  return std::unexpected(CardError{CardErrorKind::MalformedData, std::move(message)});
}

std::unexpected<CardError> malformed_basic_info(const std::string& message) {
  return malformed("EF 0002 (基本4情報): " + message);
}

// The field's bytes as the text they should be (UTF-8, read by the project's one codec).
std::string_view as_chars(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Checks a UTF-8 text field: well-formed, no control characters.
std::optional<std::string> text_problem(std::span<const std::uint8_t> text) {
  const std::string_view chars = as_chars(text);
  std::size_t i = 0;
  while (i < chars.size()) {
    const std::size_t at = i;
    const auto cp = text::next_code_point(chars, i);
    if (!cp) return "invalid UTF-8 at byte " + std::to_string(at) + " of the field";
    if (*cp < 0x20 || (*cp >= 0x7F && *cp <= 0x9F)) {  // C0, DEL and C1 controls
      return "control character U+" + hex_byte(static_cast<std::uint8_t>(*cp >> 8)) +
             hex_byte(static_cast<std::uint8_t>(*cp)) + " at byte " + std::to_string(at) +
             " of the field";
    }
  }
  return std::nullopt;
}

void append_length(std::vector<std::uint8_t>& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
  } else if (length <= 0xFF) {
    out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(length));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(length >> 8));
    out.push_back(static_cast<std::uint8_t>(length & 0xFF));
  }
}

void append_tag(std::vector<std::uint8_t>& out, std::uint16_t tag) {
  out.push_back(static_cast<std::uint8_t>(tag >> 8));
  out.push_back(static_cast<std::uint8_t>(tag & 0xFF));
}

std::vector<std::uint8_t> encode_field(std::uint16_t tag, const std::string& value) {
  std::vector<std::uint8_t> out;
  append_tag(out, tag);
  append_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

}  // namespace

bool is_valid_utf8(std::span<const std::uint8_t> text) {
  return text::decode_utf8_strict(as_chars(text)).has_value();
}

std::expected<TlvHeader, CardError> parse_tlv_header(std::span<const std::uint8_t> bytes,
                                                     std::size_t offset) {
  const std::string at = "byte " + std::to_string(offset);
  if (offset + 2 > bytes.size()) {
    return malformed("data ends inside the tag at " + at);
  }
  const std::uint8_t first = bytes[offset];
  const std::uint8_t second = bytes[offset + 1];
  if ((first & 0xDF) != 0xDF) {
    return malformed(at + ": expected a two-byte private-class tag (DF xx or FF xx), found " +
                     hex_byte(first));
  }
  if (second & 0x80 || second < 0x1F) {
    return malformed(at + ": tag " + hex_byte(first) + " " + hex_byte(second) +
                     " is not a two-byte tag");
  }
  TlvHeader header;
  header.tag = static_cast<std::uint16_t>(first << 8 | second);
  const std::size_t length_at = offset + 2;
  if (length_at >= bytes.size()) {
    return malformed("data ends before the length of tag " + tag_text(header.tag) + " at " + at);
  }
  const std::uint8_t length_byte = bytes[length_at];
  std::size_t length_size = 1;
  if (length_byte < 0x80) {
    header.value_size = length_byte;
  } else if (length_byte == 0x81 || length_byte == 0x82) {
    length_size = 1 + (length_byte & 0x0F);
    if (length_at + length_size > bytes.size()) {
      return malformed("data ends inside the length of tag " + tag_text(header.tag) + " at " + at);
    }
    header.value_size = bytes[length_at + 1];
    if (length_byte == 0x82) header.value_size = header.value_size << 8 | bytes[length_at + 2];
  } else if (length_byte == 0x80) {
    return malformed(at + ": tag " + tag_text(header.tag) +
                     " has an indefinite length (80), which this card never uses");
  } else {
    return malformed(at + ": tag " + tag_text(header.tag) + " has length form " +
                     hex_byte(length_byte) + "; only short, 81 xx and 82 xx xx are expected");
  }
  header.header_size = 2 + length_size;
  return header;
}

std::expected<BasicInfo, CardError> parse_basic_info(std::span<const std::uint8_t> file_bytes) {
  const auto outer = parse_tlv_header(file_bytes, 0);
  if (!outer) return malformed_basic_info(outer.error().message);
  if (outer->tag != kBasicInfoTag) {
    return malformed_basic_info("starts with tag " + tag_text(outer->tag) + ", expected FF 20");
  }
  const std::size_t end = outer->total_size();
  if (end > file_bytes.size()) {
    return malformed_basic_info("the FF 20 object declares " + std::to_string(end) +
                                " bytes but only " + std::to_string(file_bytes.size()) +
                                " were read (truncated)");
  }
  for (std::size_t i = end; i < file_bytes.size(); ++i) {
    if (file_bytes[i] != 0xFF) {
      return malformed_basic_info("byte " + std::to_string(i) + " after the FF 20 object is " +
                                  hex_byte(file_bytes[i]) + ", expected FF filler");
    }
  }

  // The five fields, in this order, filling the outer value exactly.
  constexpr std::array<std::uint16_t, 5> kFieldTags = {kOffsetTableTag, kNameTag, kAddressTag,
                                                       kBirthDateTag, kSexTag};
  const auto object = file_bytes.first(end);
  std::array<std::size_t, 5> positions{};
  std::array<std::span<const std::uint8_t>, 5> values;
  std::size_t pos = outer->header_size;
  for (std::size_t f = 0; f < kFieldTags.size(); ++f) {
    const std::uint16_t expected_tag = kFieldTags[f];
    if (pos >= end) {
      return malformed_basic_info("the FF 20 object ends at byte " + std::to_string(end) +
                                  " before the " + field_text(expected_tag));
    }
    const auto field = parse_tlv_header(object, pos);
    if (!field) return malformed_basic_info(field.error().message);
    if (field->tag != expected_tag) {
      return malformed_basic_info("byte " + std::to_string(pos) + ": expected the " +
                                  field_text(expected_tag) + ", found tag " + tag_text(field->tag));
    }
    if (pos + field->total_size() > end) {
      return malformed_basic_info(
          "the " + field_text(expected_tag) + " at byte " + std::to_string(pos) + " declares " +
          std::to_string(field->value_size) + " bytes, past the end of the FF 20 object at byte " +
          std::to_string(end));
    }
    positions[f] = pos;
    values[f] = object.subspan(pos + field->header_size, field->value_size);
    pos += field->total_size();
  }
  if (pos != end) {
    return malformed_basic_info("unexpected bytes from byte " + std::to_string(pos) +
                                " to the end of the FF 20 object at byte " + std::to_string(end));
  }

  const auto table = values[0];
  if (table.size() != 8) {
    return malformed_basic_info("the offset table (DF 21) has " + std::to_string(table.size()) +
                                " bytes, expected 8");
  }
  for (std::size_t f = 1; f < kFieldTags.size(); ++f) {
    const std::size_t listed =
        static_cast<std::size_t>(table[2 * (f - 1)] << 8) | table[2 * (f - 1) + 1];
    if (listed != positions[f]) {
      return malformed_basic_info("the offset table (DF 21) gives byte " + std::to_string(listed) +
                                  " for the " + field_text(kFieldTags[f]) + ", but it is at byte " +
                                  std::to_string(positions[f]));
    }
  }

  const auto name = values[1];
  const auto address = values[2];
  const auto birth_date = values[3];
  const auto sex = values[4];
  if (name.empty()) return malformed_basic_info("the name (DF 22) is empty");
  if (const auto problem = text_problem(name)) {
    return malformed_basic_info("the name (DF 22) has " + *problem);
  }
  if (const auto problem = text_problem(address)) {
    return malformed_basic_info("the address (DF 23) has " + *problem);
  }
  const auto is_digit = [](std::uint8_t b) { return b >= '0' && b <= '9'; };
  if (birth_date.size() != 8) {
    return malformed_basic_info("the birth date (DF 24) has " + std::to_string(birth_date.size()) +
                                " bytes, expected 8 digits YYYYMMDD");
  }
  for (std::size_t i = 0; i < birth_date.size(); ++i) {
    if (!is_digit(birth_date[i])) {
      return malformed_basic_info("the birth date (DF 24) has byte " + hex_byte(birth_date[i]) +
                                  " at position " + std::to_string(i) +
                                  ", expected ASCII digits YYYYMMDD");
    }
  }
  if (sex.size() != 1 || !is_digit(sex[0])) {
    return malformed_basic_info("the sex (DF 25) must be one ASCII digit");
  }

  const auto as_string = [](std::span<const std::uint8_t> v) {
    return std::string(v.begin(), v.end());
  };
  return BasicInfo{as_string(name), as_string(address), as_string(birth_date), as_string(sex)};
}

std::vector<std::uint8_t> encode_basic_info(const BasicInfo& info) {
  const auto name = encode_field(kNameTag, info.name);
  const auto address = encode_field(kAddressTag, info.address);
  const auto birth_date = encode_field(kBirthDateTag, info.birth_date);
  const auto sex = encode_field(kSexTag, info.sex);
  constexpr std::size_t kOffsetTableSize = 2 + 1 + 8;
  const std::size_t value_size =
      kOffsetTableSize + name.size() + address.size() + birth_date.size() + sex.size();

  std::vector<std::uint8_t> out;
  append_tag(out, kBasicInfoTag);
  append_length(out, value_size);

  const std::size_t name_at = out.size() + kOffsetTableSize;
  const std::size_t address_at = name_at + name.size();
  const std::size_t birth_date_at = address_at + address.size();
  const std::size_t sex_at = birth_date_at + birth_date.size();
  append_tag(out, kOffsetTableTag);
  out.push_back(8);
  for (const std::size_t at : {name_at, address_at, birth_date_at, sex_at}) {
    out.push_back(static_cast<std::uint8_t>(at >> 8));
    out.push_back(static_cast<std::uint8_t>(at & 0xFF));
  }
  for (const auto* field : {&name, &address, &birth_date, &sex}) {
    out.insert(out.end(), field->begin(), field->end());
  }
  return out;
}

}  // namespace madoguchi::card
