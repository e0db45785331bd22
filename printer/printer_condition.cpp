#include "madoguchi/printer/printer_condition.hpp"

#include <algorithm>
#include <array>

#include "madoguchi/printer/ipp_printer.hpp"

namespace madoguchi::printer {
namespace {

using Severity = PrinterCondition::Severity;

struct KnownReason {
  std::string_view reason;
  Severity severity;
  std::string_view plain_japanese;
};

constexpr std::string_view kCallStaff = "係員をお呼びください。";

// RFC 8011 §5.4.12 and PWG 5100.9 keywords a kiosk printer reports. Blocking: nothing prints
// until someone fixes it. The sentence is what the resident reads (Blocking) or what staff see on
// the status screen (Report). "stopped" is no IPP keyword: it stands for printer-state stopped
// with no reason given.
constexpr std::array<KnownReason, 30> kKnownReasons{{
    {"media-empty", Severity::Blocking, "プリンターの用紙がありません。"},
    {"media-needed", Severity::Blocking, "プリンターの用紙がありません。"},
    {"media-jam", Severity::Blocking, "プリンターに紙がつまりました。"},
    {"media-path-jam", Severity::Blocking, "プリンターに紙がつまりました。"},
    {"input-tray-missing", Severity::Blocking, "プリンターの用紙トレイが外れています。"},
    {"cover-open", Severity::Blocking, "プリンターのふたが開いています。"},
    {"door-open", Severity::Blocking, "プリンターのふたが開いています。"},
    {"interlock-open", Severity::Blocking, "プリンターのふたが開いています。"},
    {"toner-empty", Severity::Blocking, "プリンターのトナーがなくなりました。"},
    {"marker-supply-empty", Severity::Blocking, "プリンターのインクがなくなりました。"},
    {"marker-waste-full", Severity::Blocking, "プリンターの点検が必要です。"},
    {"output-area-full", Severity::Blocking, "印刷した紙の受け口がいっぱいです。"},
    {"offline", Severity::Blocking, "プリンターの電源が切れているか、つながっていません。"},
    {"shutdown", Severity::Blocking, "プリンターの電源が切れています。"},
    {"timed-out", Severity::Blocking, "プリンターにつながりません。"},
    {"connecting-to-device", Severity::Blocking, "プリンターにつながりません。"},
    {"paused", Severity::Blocking, "プリンターが一時停止しています。"},
    {"moving-to-paused", Severity::Blocking, "プリンターが一時停止しています。"},
    {"stopped", Severity::Blocking, "プリンターが止まっています。"},
    {"spool-area-full", Severity::Blocking,
     "プリンターが混みあっていて、印刷を受け付けられません。"},
    {"fuser-over-temp", Severity::Blocking, "プリンターの点検が必要です。"},
    {"fuser-under-temp", Severity::Report, "プリンターが温まるのを待っています。"},
    {"media-low", Severity::Report, "用紙が少なくなっています。"},
    {"toner-low", Severity::Report, "トナーが少なくなっています。"},
    {"marker-supply-low", Severity::Report, "インクが少なくなっています。"},
    {"marker-waste-almost-full", Severity::Report,
     "廃インク（廃トナー）の入れ物がいっぱいに近づいています。"},
    {"output-area-almost-full", Severity::Report, "印刷した紙の受け口がいっぱいに近づいています。"},
    {"developer-low", Severity::Report, "現像剤が少なくなっています。"},
    {"opc-near-eol", Severity::Report, "感光体の交換時期が近づいています。"},
    {"other", Severity::Report, "プリンターから知らせがあります。"},
}};

struct KnownJobReason {
  std::string_view reason;
  std::string_view plain_japanese;
};

constexpr std::array<KnownJobReason, 24> kKnownJobReasons{{
    {"job-incoming", "印刷の準備をしています。"},
    {"job-data-insufficient", "印刷の準備をしています。"},
    {"job-queued", "印刷の順番を待っています。"},
    {"job-queued-for-marker", "印刷の順番を待っています。"},
    {"job-transforming", "印刷の準備をしています。"},
    {"job-printing", "印刷しています。"},
    {"job-interpreting", "印刷しています。"},
    {"job-completed-successfully", "印刷が終わりました。"},
    {"job-completed-with-warnings", "印刷が終わりました。"},
    {"job-completed-with-errors", "印刷が最後まで終わりませんでした。係員をお呼びください。"},
    {"job-hold-until-specified", "印刷が保留されています。係員をお呼びください。"},
    {"job-held-by-operator", "印刷が保留されています。係員をお呼びください。"},
    {"job-stopped", "印刷が止まっています。係員をお呼びください。"},
    {"printer-stopped", "プリンターが止まっています。係員をお呼びください。"},
    {"printer-stopped-partly", "プリンターが止まっています。係員をお呼びください。"},
    {"processing-to-stop-point", "印刷を取り消しています。"},
    {"aborted-by-system", "プリンターが印刷を中止しました。係員をお呼びください。"},
    {"job-canceled-by-user", "印刷が取り消されました。係員をお呼びください。"},
    {"job-canceled-by-operator", "印刷が取り消されました。係員をお呼びください。"},
    {"job-canceled-at-device", "印刷が取り消されました。係員をお呼びください。"},
    {"document-format-error", "プリンターが申請書を読めませんでした。係員をお呼びください。"},
    {"document-unprintable-error", "プリンターが申請書を読めませんでした。係員をお呼びください。"},
    {"unsupported-document-format", "プリンターが申請書を読めませんでした。係員をお呼びください。"},
    {"document-access-error", "プリンターが申請書を読めませんでした。係員をお呼びください。"},
}};

}  // namespace

PrinterCondition describe_printer_reason(std::string_view keyword) {
  const bool error_suffix = keyword.ends_with("-error") && keyword != "-error";
  const std::string reason = strip_reason_suffix(keyword);
  const auto known =
      std::ranges::find(kKnownReasons, std::string_view(reason), &KnownReason::reason);
  PrinterCondition condition;
  condition.reason = reason;
  if (known != kKnownReasons.end()) {
    condition.severity = known->severity;
    condition.plain_japanese = std::string(known->plain_japanese);
  } else {
    condition.severity = error_suffix ? Severity::Blocking : Severity::Report;
    condition.plain_japanese =
        error_suffix ? "プリンターが止まっています。" : "プリンターから知らせがあります。";
  }
  if (condition.blocking()) condition.plain_japanese += kCallStaff;
  return condition;
}

std::vector<PrinterCondition> describe_printer_reasons(const std::vector<std::string>& keywords) {
  std::vector<PrinterCondition> blocking;
  std::vector<PrinterCondition> reports;
  for (const auto& keyword : keywords) {
    if (keyword.empty() || keyword == "none") continue;
    PrinterCondition condition = describe_printer_reason(keyword);
    const auto same = [&](const PrinterCondition& c) { return c.reason == condition.reason; };
    if (std::ranges::any_of(blocking, same) || std::ranges::any_of(reports, same)) continue;
    (condition.blocking() ? blocking : reports).push_back(std::move(condition));
  }
  blocking.insert(blocking.end(), std::make_move_iterator(reports.begin()),
                  std::make_move_iterator(reports.end()));
  return blocking;
}

const PrinterCondition* first_blocking(const std::vector<PrinterCondition>& conditions) {
  const auto it = std::ranges::find_if(conditions, &PrinterCondition::blocking);
  return it == conditions.end() ? nullptr : &*it;
}

std::string plain_japanese_job_reason(std::string_view keyword) {
  const auto known = std::ranges::find(kKnownJobReasons, keyword, &KnownJobReason::reason);
  return known == kKnownJobReasons.end() ? std::string() : std::string(known->plain_japanese);
}

}  // namespace madoguchi::printer
