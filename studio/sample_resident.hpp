// A sample resident for the studio's pages: a persona file (docs/persona-format.md) read as the
// kiosk reads a card, its four facts only (never the PIN or the 個人番号).
#pragma once

#include <expected>
#include <filesystem>
#include <string>

#include "madoguchi/forms/resident.hpp"

namespace madoguchi::studio {

std::expected<forms::ResidentFacts, std::string> read_sample_resident(
    const std::filesystem::path& persona);

}  // namespace madoguchi::studio
