// libFuzzer target for the card-response parsers (card/tlv.cpp, card/status_word.cpp).
//
// Every input is treated as what a card could answer: the EF 0002 (基本4情報) file for
// parse_basic_info, a TLV header at the first bytes, and status words at the first and
// last two bytes; and, structure-aware, as four fields to encode and parse back. Each invariant
// below is checked against an independent reference (not the library's own helpers), and a
// violation stops the run with __builtin_trap(), which libFuzzer reports as a crash with the input
// saved. Built and run by scripts/fuzz.sh.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/card/status_word.hpp"
#include "madoguchi/card/tlv.hpp"

namespace {

using madoguchi::card::BasicInfo;
using madoguchi::card::CardErrorKind;
using Bytes = std::span<const std::uint8_t>;

// Prints which invariant broke (libFuzzer shows stderr with the crash) and traps.
[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "card_response_fuzzer: invariant violated: %s\n", what);
  __builtin_trap();
}

void check(bool ok, const char* what) {
  if (!ok) violated(what);
}

Bytes bytes_of(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Decodes `text` as UTF-8 following the table of well-formed byte sequences in the Unicode
// Standard (ch. 3, table 3-7). nullopt when any sequence is ill-formed.
std::optional<std::vector<char32_t>> reference_decode_utf8(Bytes text) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  const auto in = [&](std::size_t k, std::uint8_t lo, std::uint8_t hi) {
    return i + k < text.size() && text[i + k] >= lo && text[i + k] <= hi;
  };
  while (i < text.size()) {
    const std::uint8_t b = text[i];
    std::size_t n = 0;
    if (b <= 0x7F) {
      n = 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      n = in(1, 0x80, 0xBF) ? 2 : 0;
    } else if (b == 0xE0) {
      n = in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
      n = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    } else if (b == 0xED) {
      n = in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    } else if (b == 0xF0) {
      n = in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    } else if (b >= 0xF1 && b <= 0xF3) {
      n = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    } else if (b == 0xF4) {
      n = in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    if (n == 0) return std::nullopt;
    static constexpr std::uint8_t kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    char32_t cp = b & kLeadMask[n];
    for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (text[i + k] & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

// A name or address as the parser must deliver it: well-formed UTF-8, no C0 control
// character, no DEL and no C1 control.
bool is_clean_text(const std::string& text) {
  const auto code_points = reference_decode_utf8(bytes_of(text));
  if (!code_points) return false;
  for (const char32_t cp : *code_points) {
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  }
  return true;
}

bool is_ascii_digits(const std::string& text, std::size_t count) {
  if (text.size() != count) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The error carries no card data: after the fixed prefix the message is printable ASCII
// (offsets, hex bytes, field names), so no byte of a name or address can leak into logs.
void check_error_message(const std::string& message, std::string_view prefix) {
  check(message.starts_with(prefix), "error message has the documented prefix");
  check(message.size() > prefix.size() && message.size() < 512,
        "error message is non-empty and bounded");
  for (std::size_t i = prefix.size(); i < message.size(); ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    check(c >= 0x20 && c < 0x7F, "error message is printable ASCII (no card bytes)");
  }
}

void check_status_word(madoguchi::card::StatusWord sw) {
  using madoguchi::card::StatusClass;
  const auto cls = madoguchi::card::classify(sw);
  const auto tries = madoguchi::card::tries_left(sw);
  const bool is_63cx = sw.sw1 == 0x63 && (sw.sw2 & 0xF0) == 0xC0;
  check(sw.value() == (sw.sw1 << 8 | sw.sw2), "StatusWord::value is SW1 SW2");
  check(sw.ok() == (sw.sw1 == 0x90 && sw.sw2 == 0x00), "ok() only for 90 00");
  check((cls == StatusClass::Success) == sw.ok(), "Success only for 90 00");
  check(tries.has_value() == is_63cx, "tries_left only for 63 Cx");
  check((cls == StatusClass::VerifyFailed) == is_63cx, "VerifyFailed exactly for 63 Cx");
  if (tries) check(*tries == (sw.sw2 & 0x0F), "tries_left is the low nibble of 63 Cx");
  if (sw.sw1 == 0x6C) check(cls == StatusClass::WrongLength, "6C xx is WrongLength");

  const std::string text = madoguchi::card::describe(sw);
  char hex[8];
  std::snprintf(hex, sizeof hex, "%02X %02X", sw.sw1, sw.sw2);
  check(text.starts_with(hex), "describe starts with the status word in hex");
  check(cls == StatusClass::Other ? text.size() == 5 : text.size() > 8,
        "describe explains every status word it classifies");
  if (tries) {
    check(text.find(std::to_string(*tries) + " tries left") != std::string::npos,
          "describe of 63 Cx names the tries left");
  }
}

void check_status_words(Bytes input) {
  const auto last = madoguchi::card::status_word_of(input);
  check(last.has_value() == (input.size() >= 2), "status_word_of needs two bytes");
  if (!last) return;
  check(last->sw1 == input[input.size() - 2] && last->sw2 == input[input.size() - 1],
        "status_word_of is the last two bytes");
  check_status_word(*last);
  check_status_word({input[0], input[1]});
}

// Decodes the header at `offset` independently and compares with parse_tlv_header.
void check_tlv_header(Bytes input, std::size_t offset) {
  const auto header = madoguchi::card::parse_tlv_header(input, offset);
  std::optional<madoguchi::card::TlvHeader> expected;
  if (offset + 3 <= input.size()) {
    const std::uint8_t t0 = input[offset];
    const std::uint8_t t1 = input[offset + 1];
    const std::uint8_t l0 = input[offset + 2];
    const bool tag_ok = (t0 == 0xDF || t0 == 0xFF) && t1 >= 0x1F && t1 <= 0x7F;
    const std::size_t rest = input.size() - offset - 3;
    if (tag_ok && l0 < 0x80) {
      expected = madoguchi::card::TlvHeader{static_cast<std::uint16_t>(t0 << 8 | t1), 3, l0};
    } else if (tag_ok && l0 == 0x81 && rest >= 1) {
      expected = madoguchi::card::TlvHeader{static_cast<std::uint16_t>(t0 << 8 | t1), 4,
                                            input[offset + 3]};
    } else if (tag_ok && l0 == 0x82 && rest >= 2) {
      const std::size_t length =
          static_cast<std::size_t>(input[offset + 3]) << 8 | input[offset + 4];
      expected = madoguchi::card::TlvHeader{static_cast<std::uint16_t>(t0 << 8 | t1), 5, length};
    }
  }
  check(header.has_value() == expected.has_value(),
        "parse_tlv_header accepts exactly BER "
        "two-byte private tags with short/81/82 "
        "lengths");
  if (header) {
    check(header->tag == expected->tag, "parse_tlv_header tag");
    check(header->header_size == expected->header_size, "parse_tlv_header header_size");
    check(header->value_size == expected->value_size, "parse_tlv_header value_size");
    check(header->total_size() == header->header_size + header->value_size, "total_size");
    check(offset + header->header_size <= input.size(), "header lies inside the input");
  } else {
    check(header.error().kind == CardErrorKind::MalformedData, "header error is MalformedData");
    check_error_message(header.error().message, "");
  }
}

std::optional<BasicInfo> parse(Bytes file) {
  const auto parsed = madoguchi::card::parse_basic_info(file);
  if (parsed) return *parsed;
  // No partial data on error: only a MalformedData kind and a description.
  check(parsed.error().kind == CardErrorKind::MalformedData, "parse error is MalformedData");
  check(parsed.error().tries_left == -1, "parse error carries no tries count");
  check_error_message(parsed.error().message, "EF 0002 (基本4情報): ");
  check(madoguchi::card::describe(parsed.error()) == "MalformedData: " + parsed.error().message,
        "describe(CardError) is kind: message");
  return std::nullopt;
}

void check_basic_info(Bytes input) {
  const auto info = parse(input);

  // Filler: FF after a valid object changes nothing; anything else makes it invalid.
  std::vector<std::uint8_t> longer(input.begin(), input.end());
  longer.push_back(0xFF);
  const auto with_filler = parse(longer);
  if (info) check(with_filler == info, "one more FF filler byte gives the same fields");
  longer.back() = 0x00;
  if (info) check(!parse(longer), "a non-FF byte after the object is rejected");
  if (!info) return;

  check(!info->name.empty(), "name is not empty");
  check(is_clean_text(info->name), "name is well-formed UTF-8 without control characters");
  check(is_clean_text(info->address), "address is well-formed UTF-8 without control characters");
  check(is_ascii_digits(info->birth_date, 8), "birth_date is 8 ASCII digits");
  check(is_ascii_digits(info->sex, 1), "sex is one ASCII digit");
  check(madoguchi::card::is_valid_utf8(bytes_of(info->name)), "is_valid_utf8 accepts the name");

  // The object's first bytes: the outer tag, then DF 21 08 and four offsets that point at
  // the tags DF 22 … DF 25 of the input.
  check(input.size() >= 3 && input[0] == 0xFF && input[1] == 0x20, "starts with FF 20");
  const std::size_t table_at = input[2] < 0x80 ? 3 : input[2] == 0x81 ? 4 : 5;
  check(input.size() >= table_at + 11 && input[table_at] == 0xDF && input[table_at + 1] == 0x21 &&
            input[table_at + 2] == 0x08,
        "the object starts with the offset table DF 21 08");
  for (std::size_t f = 0; f < 4; ++f) {
    const std::size_t at =
        static_cast<std::size_t>(input[table_at + 3 + 2 * f]) << 8 | input[table_at + 4 + 2 * f];
    check(at + 1 < input.size() && input[at] == 0xDF && input[at + 1] == 0x22 + f,
          "each offset in DF 21 points at its field's tag");
  }

  // Round trip: the re-encoding (shortest lengths, no filler) is no longer than the input,
  // parses back to the same fields, and is a fixed point of encode ∘ parse.
  const auto encoded = madoguchi::card::encode_basic_info(*info);
  check(encoded.size() <= input.size(), "re-encoding is no longer than the input");
  const auto reparsed = parse(encoded);
  check(reparsed.has_value(), "re-encoding parses");
  check(*reparsed == *info, "re-encoding parses back to the same fields");
  check(madoguchi::card::encode_basic_info(*reparsed) == encoded, "encoding is deterministic");

  // The re-encoding padded with filler to the input's size, as the card stores it.
  std::vector<std::uint8_t> padded = encoded;
  padded.resize(input.size(), 0xFF);
  check(parse(padded) == info, "padded re-encoding parses back to the same fields");

  // Every proper prefix of the re-encoding is truncated and must be rejected. Checking all
  // of them is quadratic, so take a few cut points.
  for (const std::size_t cut :
       {std::size_t{0}, std::size_t{2}, encoded.size() / 2, encoded.size() - 1}) {
    if (cut < encoded.size()) {
      check(!parse(Bytes(encoded).first(cut)), "a truncated re-encoding is rejected");
    }
  }
}

// Structure-aware half: the input as the four fields of a BasicInfo. encode_basic_info and
// then parse_basic_info must accept exactly the fields the documented rules allow, and give
// them back unchanged. Byte 0 and bit 0 of byte 1: name length (0..511); bits 1-4: birth date
// length (0..15); bits 5-7: sex length (0..7); the address is what is left.
void check_encode_then_parse(Bytes input) {
  if (input.size() < 2) return;
  const std::size_t name_size = input[0] | static_cast<std::size_t>(input[1] & 0x01) << 8;
  const std::size_t birth_date_size = input[1] >> 1 & 0x0F;
  const std::size_t sex_size = input[1] >> 5;
  Bytes rest = input.subspan(2);
  const auto take = [&rest](std::size_t n) {
    const auto part = rest.first(std::min(n, rest.size()));
    rest = rest.subspan(part.size());
    return std::string(part.begin(), part.end());
  };
  BasicInfo info;
  info.name = take(name_size);
  info.birth_date = take(birth_date_size);
  info.sex = take(sex_size);
  info.address = take(rest.size());

  const bool valid = !info.name.empty() && is_clean_text(info.name) &&
                     is_clean_text(info.address) && is_ascii_digits(info.birth_date, 8) &&
                     is_ascii_digits(info.sex, 1);
  const auto encoded = madoguchi::card::encode_basic_info(info);
  const auto parsed = parse(encoded);
  check(parsed.has_value() == valid, "parse_basic_info accepts exactly the valid fields");
  if (parsed) check(*parsed == info, "encode then parse gives the same fields");
}

void check_utf8(Bytes input) {
  check(madoguchi::card::is_valid_utf8(input) == reference_decode_utf8(input).has_value(),
        "is_valid_utf8 agrees with the Unicode table of well-formed sequences");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes input(data, size);
  check_status_words(input);
  check_tlv_header(input, 0);
  if (size > 0) check_tlv_header(input, data[0] % (size + 4));  // also offsets past the end
  check_utf8(input);
  check_basic_info(input);
  check_encode_then_parse(input);
  return 0;
}
