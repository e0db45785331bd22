// The 公的個人認証AP (JPKI-AP) of the My Number card: its AID and files (reference
// mynumber-card.md §5.1) and the limits of its two secrets (§3.2).
#pragma once

#include <array>
#include <cstdint>

namespace madoguchi::card {

inline constexpr std::array<std::uint8_t, 10> kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26,
                                                          0x01, 0x00, 0x00, 0x00, 0x01};
inline constexpr std::uint16_t kJpkiSignatureCertificateFile = 0x0001;  // after 001B
inline constexpr std::uint16_t kJpkiSignatureCaFile = 0x0002;
inline constexpr std::uint16_t kJpkiUserAuthCertificateFile = 0x000A;
inline constexpr std::uint16_t kJpkiUserAuthCaFile = 0x000B;
inline constexpr std::uint16_t kJpkiUserAuthKeyFile = 0x0017;
inline constexpr std::uint16_t kJpkiUserAuthPinFile = 0x0018;  // 4 digits, 3 tries
inline constexpr std::uint16_t kJpkiSignatureKeyFile = 0x001A;
inline constexpr std::uint16_t kJpkiSignaturePasswordFile = 0x001B;  // 6–16, 5 tries

// The 署名用パスワード: 6 to 16 upper-case letters A–Z and digits, at least one of each.
inline constexpr int kMinSignPasswordLength = 6;
inline constexpr int kMaxSignPasswordLength = 16;
inline constexpr int kMaxSignPasswordTries = 5;

}  // namespace madoguchi::card
