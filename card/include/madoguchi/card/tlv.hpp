// BER-TLV of the 券面事項入力補助AP's EF 0002 (基本4情報). Pure functions, no I/O.
//
//   FF 20 L { DF 21 08 <4 × u16 offsets> | DF 22 L name | DF 23 L address |
//             DF 24 08 YYYYMMDD | DF 25 01 sex }  FF FF … (filler)
//
// Tags are two bytes (private class). Lengths are BER definite: short (< 80),
// 81 xx or 82 xx xx. Offsets in DF 21 count from the first byte of the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <vector>

#include "madoguchi/card/basic_info.hpp"
#include "madoguchi/card/card_error.hpp"

namespace madoguchi::card {

struct TlvHeader {
  std::uint16_t tag = 0;
  std::size_t header_size = 0;  // tag + length bytes
  std::size_t value_size = 0;
  std::size_t total_size() const { return header_size + value_size; }
};

// Reads the tag and length at `offset`. Only two-byte tags (first byte DF/FF, tag
// number < 128) are accepted. Fails with MalformedData when `bytes` ends inside the
// header or the header is not one this card uses (indefinite or > 2-byte length).
std::expected<TlvHeader, CardError> parse_tlv_header(std::span<const std::uint8_t> bytes,
                                                     std::size_t offset = 0);

// Parses EF 0002 as read from the card (trailing FF filler allowed). Any deviation
// from the layout above gives MalformedData with a message naming the byte offset;
// no partial data is returned.
std::expected<BasicInfo, CardError> parse_basic_info(std::span<const std::uint8_t> file_bytes);

// Builds the FF 20 object for `info` (no filler), with a correct offset table and the
// shortest length forms. Used by the virtual card and by tests.
// Precondition: each field is shorter than 64 KiB.
std::vector<std::uint8_t> encode_basic_info(const BasicInfo& info);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points
// above U+10FFFF).
bool is_valid_utf8(std::span<const std::uint8_t> text);

}  // namespace madoguchi::card
