#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer {

const char* to_string(PrintError::Kind kind) {
  using Kind = PrintError::Kind;
  switch (kind) {
    case Kind::Font:
      return "Font";
    case Kind::Layout:
      return "Layout";
    case Kind::Pdf:
      return "Pdf";
    case Kind::PrinterUnreachable:
      return "PrinterUnreachable";
    case Kind::PrinterRejected:
      return "PrinterRejected";
    case Kind::MediaEmpty:
      return "MediaEmpty";
    case Kind::MediaJam:
      return "MediaJam";
    case Kind::PrinterStopped:
      return "PrinterStopped";
    case Kind::Timeout:
      return "Timeout";
    case Kind::Io:
      return "Io";
    case Kind::Stopped:
      return "Stopped";
  }
  return "Unknown";
}

}  // namespace madoguchi::printer
