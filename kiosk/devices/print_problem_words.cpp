#include "madoguchi/kiosk/print_problem_words.hpp"

#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk {

std::string print_problem_words(const printer::PrintError& error) {
  using Kind = printer::PrintError::Kind;
  switch (error.kind) {
    case Kind::MediaEmpty:
      return say("プリンターの用紙がありません。係員をお呼びください。");
    case Kind::MediaJam:
      return say("プリンターに紙がつまりました。係員をお呼びください。");
    case Kind::PrinterStopped:
      return say("プリンターが止まっています。係員をお呼びください。");
    case Kind::PrinterUnreachable:
      return say("プリンターにつながりません。係員をお呼びください。");
    case Kind::PrinterRejected:
      return say("プリンターが印刷を受け付けませんでした。係員をお呼びください。");
    case Kind::Timeout:
      return say("印刷に時間がかかっています。係員をお呼びください。");
    case Kind::Layout:
      return say("申請書に印刷できない文字や、入りきらない内容があります。係員をお呼びください。");
    case Kind::Font:
    case Kind::Pdf:
      return say("申請書を作ることができませんでした。係員をお呼びください。");
    case Kind::Io:
      return say("申請書を保存できませんでした。係員をお呼びください。");
    case Kind::Stopped:
      return say("印刷を止めました。係員をお呼びください。");
  }
  return say("印刷できませんでした。係員をお呼びください。");
}

}  // namespace madoguchi::kiosk
