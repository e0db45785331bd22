// ipps:// printers: the certificate a printer presents is pinned on first use, as CUPS does
// (~/.cups/ssl), in a folder of the caller's (the kiosk: <state>/printer-certificates): one file
// per printer address, "<host>-<port>.sha256", holding the SHA-256 of its certificate. A printer
// that later presents another certificate is refused: someone else may be answering at its
// address. Printers that make their own certificate (most IPP Everywhere printers, ippeveprinter)
// have no CA to check against, which is why the pin, not a chain, is what is verified.
#pragma once

#include <cups/cups.h>

#include <expected>
#include <filesystem>
#include <string>

#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer {

// `http` is a connection to `uri` with TLS up. An empty `pins` folder: nothing is pinned (the
// link is encrypted, the printer not verified).
std::expected<void, PrintError> check_printer_certificate(http_t* http, const std::string& uri,
                                                          const std::filesystem::path& pins);

}  // namespace madoguchi::printer
