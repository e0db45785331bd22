// A persona: the resident a virtual My Number card pretends to belong to, loaded from a
// JSON file (format: docs/persona-format.md).
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/card/basic_info.hpp"

namespace madoguchi::card {

// Faults the virtual card injects on demand (docs/persona-format.md, "faults"). APDUs
// are counted from 1 for the life of the program, across power cycles and reconnects;
// control codes (power, reset, ATR) do not count.
struct Faults {
  int remove_at_apdu = 0;         // > 0: when this APDU arrives, leave the reader without answering
  int delay_ms = 0;               // delay every R-APDU (not the ATR) by this many milliseconds
  bool corrupt_length = false;    // EF 0002: the FF 20 header declares one byte fewer
  std::uint16_t status_word = 0;  // with at_apdu: answer that APDU with only this SW
  int at_apdu = 0;

  bool any() const { return remove_at_apdu > 0 || delay_ms > 0 || corrupt_length || at_apdu > 0; }
};

// "6F00", "6F 00" or "6f:00" -> 0x6F00. SW1 must be 61..6F or 90..9F (ISO 7816-4).
std::expected<std::uint16_t, std::string> parse_status_word_hex(std::string_view text);

// A persona's 署名用パスワード when its file gives none (docs/persona-format.md).
inline constexpr std::string_view kDefaultSignPassword = "MADOGUCHI2026";

struct Persona {
  BasicInfo basic_info;
  std::string my_number;   // 12 ASCII digits. Never print it.
  std::string pin;         // 4 ASCII digits. Never print it.
  int pin_tries_left = 3;  // 0 (blocked) .. 3
  // The JPKI 署名用パスワード (6–16 of A–Z and 0–9, at least one of each) and its tries.
  // Never print it.
  std::string sign_password = std::string(kDefaultSignPassword);
  int sign_tries_left = 5;        // 0 (blocked) .. 5
  std::vector<std::uint8_t> atr;  // empty: the default ATR
  Faults faults;                  // none unless the file has a "faults" object
};

// Loads and validates a persona file. The error names the file, the key and what is
// wrong, and never quotes the PIN or the 個人番号.
std::expected<Persona, std::string> load_persona(const std::filesystem::path& file);

// Same, from JSON text; `source` names it in error messages.
std::expected<Persona, std::string> parse_persona(std::string_view json_text,
                                                  const std::string& source);

// "3B 88 80 01 …" or "3B888001…" (spaces and colons allowed) -> bytes. An ATR has
// 2..33 bytes and starts with 3B or 3F.
std::expected<std::vector<std::uint8_t>, std::string> parse_atr_hex(std::string_view text);

}  // namespace madoguchi::card
