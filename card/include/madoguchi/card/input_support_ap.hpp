// Constants of the 券面事項入力補助AP (card-info input support application) of the
// My Number card, shared by the reader code and the virtual card.
// Facts: shared/reference/mynumber-card.md §0, §2, §3.
#pragma once

#include <array>
#include <cstdint>

namespace madoguchi::card {

// DF name (AID) of the 券面事項入力補助AP. Always select with all 10 bytes.
inline constexpr std::array<std::uint8_t, 10> kInputSupportAid = {0xD3, 0x92, 0x10, 0x00, 0x31,
                                                                  0x00, 0x01, 0x01, 0x04, 0x08};

// File identifiers under the AP.
inline constexpr std::uint16_t kMyNumberFile = 0x0001;  // 個人番号: FF 10 0C + 12 digits + FF FF
inline constexpr std::uint16_t kBasicInfoFile = 0x0002;  // 基本4情報: FF 20 { DF 21 … DF 25 }
inline constexpr std::uint16_t kPinFile = 0x0011;        // key file of the 4-digit PIN

inline constexpr int kPinLength = 4;
inline constexpr int kMaxPinTries = 3;

// BER tags (two bytes, private class) of EF 0002.
inline constexpr std::uint16_t kBasicInfoTag = 0xFF20;    // constructed outer template
inline constexpr std::uint16_t kOffsetTableTag = 0xDF21;  // 4 big-endian u16 offsets
inline constexpr std::uint16_t kNameTag = 0xDF22;         // UTF-8
inline constexpr std::uint16_t kAddressTag = 0xDF23;      // UTF-8
inline constexpr std::uint16_t kBirthDateTag = 0xDF24;    // 8 ASCII digits
inline constexpr std::uint16_t kSexTag = 0xDF25;          // 1 ASCII digit
inline constexpr std::uint16_t kMyNumberTag = 0xFF10;     // 12 ASCII digits

// The 16-bit offset field of READ BINARY (P1 bit 8 clear) reaches at most this offset.
inline constexpr std::size_t kMaxReadOffset = 0x7FFF;

}  // namespace madoguchi::card
