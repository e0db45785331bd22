// PDF output where no printer is configured: a file a clerk prints or the back office collects.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer {

// Writes <dir>/<file_stem>.pdf atomically: a temporary file in dir, fsync, rename over any
// existing file, fsync of dir. Readers never see a partial file; a crash leaves either the old
// file or the new one (and possibly a stray ".<stem>.pdf.XXXXXX" temporary). The file is created
// 0600 since forms carry personal data. dir is created if missing. file_stem must be a plain
// name (no '/', not "." or "..", no leading '.').
std::expected<std::filesystem::path, PrintError> write_pdf_file(const std::filesystem::path& dir,
                                                                const std::string& file_stem,
                                                                std::string_view pdf);

}  // namespace madoguchi::printer
