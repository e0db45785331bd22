// Internal to card/: what CardReaders and ReaderWatch share about pcsc-lite's reader list.
#pragma once

#include <winscard.h>

#include <string>
#include <vector>

namespace madoguchi::card::detail {

// pcsc-lite's pseudo-reader that changes state when readers come or go.
inline constexpr char kReaderListChanges[] = "\\\\?PnP?\\Notification";

// The connected readers' names into `names` (cleared first). No reader at all is
// SCARD_S_SUCCESS with `names` empty; a list that grew between SCardListReaders' two
// calls is read again (three tries). Any other failure is returned as it came.
LONG list_reader_names(SCARDCONTEXT context, std::vector<std::string>& names);

}  // namespace madoguchi::card::detail
