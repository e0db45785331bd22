#include "madoguchi/kiosk/printer_words.hpp"

#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk {

std::string printer_condition_words(const printer::PrinterCondition& condition) {
  using Kind = printer::PrinterCondition::Kind;
  // The Blocking kinds stop printing until staff come, so their sentence calls them.
  switch (condition.kind) {
    case Kind::OutOfPaper:
      return say("プリンターの用紙がありません。係員をお呼びください。");
    case Kind::PaperJam:
      return say("プリンターに紙がつまりました。係員をお呼びください。");
    case Kind::TrayOut:
      return say("プリンターの用紙トレイが外れています。係員をお呼びください。");
    case Kind::CoverOpen:
      return say("プリンターのふたが開いています。係員をお呼びください。");
    case Kind::OutOfToner:
      return say("プリンターのトナーがなくなりました。係員をお呼びください。");
    case Kind::OutOfInk:
      return say("プリンターのインクがなくなりました。係員をお呼びください。");
    case Kind::NeedsService:
      return say("プリンターの点検が必要です。係員をお呼びください。");
    case Kind::OutputTrayFull:
      return say("印刷した紙の受け口がいっぱいです。係員をお呼びください。");
    case Kind::OffOrDisconnected:
      return say("プリンターの電源が切れているか、つながっていません。係員をお呼びください。");
    case Kind::SwitchedOff:
      return say("プリンターの電源が切れています。係員をお呼びください。");
    case Kind::Unreachable:
      return say("プリンターにつながりません。係員をお呼びください。");
    case Kind::Paused:
      return say("プリンターが一時停止しています。係員をお呼びください。");
    case Kind::Stopped:
      return say("プリンターが止まっています。係員をお呼びください。");
    case Kind::Busy:
      return say("プリンターが混みあっていて、印刷を受け付けられません。係員をお呼びください。");
    case Kind::WarmingUp:
      return say("プリンターが温まるのを待っています。");
    case Kind::PaperLow:
      return say("用紙が少なくなっています。");
    case Kind::TonerLow:
      return say("トナーが少なくなっています。");
    case Kind::InkLow:
      return say("インクが少なくなっています。");
    case Kind::WasteNearlyFull:
      return say("廃インク（廃トナー）の入れ物がいっぱいに近づいています。");
    case Kind::OutputTrayNearlyFull:
      return say("印刷した紙の受け口がいっぱいに近づいています。");
    case Kind::DeveloperLow:
      return say("現像剤が少なくなっています。");
    case Kind::DrumNearEnd:
      return say("感光体の交換時期が近づいています。");
    case Kind::Notice:
      return say("プリンターから知らせがあります。");
  }
  return say("プリンターから知らせがあります。");
}

std::string job_condition_words(printer::JobCondition condition) {
  using Job = printer::JobCondition;
  switch (condition) {
    case Job::Unknown:
      return {};
    case Job::Preparing:
      return say("印刷の準備をしています。");
    case Job::Queued:
      return say("印刷の順番を待っています。");
    case Job::Printing:
      return say("印刷しています。");
    case Job::Done:
      return say("印刷が終わりました。");
    case Job::Unfinished:
      return say("印刷が最後まで終わりませんでした。係員をお呼びください。");
    case Job::OnHold:
      return say("印刷が保留されています。係員をお呼びください。");
    case Job::JobStopped:
      return say("印刷が止まっています。係員をお呼びください。");
    case Job::PrinterStopped:
      return say("プリンターが止まっています。係員をお呼びください。");
    case Job::Cancelling:
      return say("印刷を取り消しています。");
    case Job::Aborted:
      return say("プリンターが印刷を中止しました。係員をお呼びください。");
    case Job::Cancelled:
      return say("印刷が取り消されました。係員をお呼びください。");
    case Job::Unreadable:
      return say("プリンターが申請書を読めませんでした。係員をお呼びください。");
  }
  return {};
}

std::string print_progress_words(const printer::PrintProgress& progress) {
  if (const auto* blocking = printer::first_blocking(progress.conditions)) {
    return printer_condition_words(*blocking);
  }
  if (progress.phase == printer::PrintProgress::Phase::WaitingForPrinter) {
    return say("プリンターにつながりません。係員をお呼びください。");
  }
  std::string words = job_condition_words(printer::describe_job_reason(progress.reason));
  return words.empty() ? say("印刷しています。") : words;
}

}  // namespace madoguchi::kiosk
