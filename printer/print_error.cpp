#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer {

std::string plain_japanese(const PrintError& error) {
  using Kind = PrintError::Kind;
  switch (error.kind) {
    case Kind::MediaEmpty:
      return "プリンターの用紙がありません。係員をお呼びください。";
    case Kind::MediaJam:
      return "プリンターに紙がつまりました。係員をお呼びください。";
    case Kind::PrinterStopped:
      return "プリンターが止まっています。係員をお呼びください。";
    case Kind::PrinterUnreachable:
      return "プリンターにつながりません。係員をお呼びください。";
    case Kind::PrinterRejected:
      return "プリンターが印刷を受け付けませんでした。係員をお呼びください。";
    case Kind::Timeout:
      return "印刷に時間がかかっています。係員をお呼びください。";
    case Kind::Layout:
      return "申請書に印刷できない文字や、入りきらない内容があります。係員をお呼びください。";
    case Kind::Font:
    case Kind::Pdf:
      return "申請書を作ることができませんでした。係員をお呼びください。";
    case Kind::Io:
      return "申請書を保存できませんでした。係員をお呼びください。";
    case Kind::Stopped:
      return "印刷を止めました。係員をお呼びください。";
  }
  return "印刷できませんでした。係員をお呼びください。";
}

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
