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

struct Persona {
  BasicInfo basic_info;
  std::string my_number;          // 12 ASCII digits. Never print it.
  std::string pin;                // 4 ASCII digits. Never print it.
  int pin_tries_left = 3;         // 0 (blocked) .. 3
  std::vector<std::uint8_t> atr;  // empty: the default ATR
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
