// The resident's words for each printer condition are the kiosk's (kiosk/print_problem_words.hpp,
// kiosk/printer_words.hpp): the printer reports typed conditions.
#include "madoguchi/kiosk/print_problem_words.hpp"

#include <gtest/gtest.h>

#include "madoguchi/kiosk/printer_words.hpp"

namespace madoguchi::kiosk {
namespace {

TEST(PrintProblemWords, TellTheResidentWhatHappenedAndToCallStaff) {
  EXPECT_EQ(print_problem_words({printer::PrintError::Kind::MediaEmpty, "x"}),
            "プリンターの用紙がありません。係員をお呼びください。");
  EXPECT_EQ(print_problem_words({printer::PrintError::Kind::MediaJam, "x"}),
            "プリンターに紙がつまりました。係員をお呼びください。");
  using Kind = printer::PrintError::Kind;
  for (const Kind kind :
       {Kind::Font, Kind::Layout, Kind::Pdf, Kind::PrinterUnreachable, Kind::PrinterRejected,
        Kind::MediaEmpty, Kind::MediaJam, Kind::PrinterStopped, Kind::Timeout, Kind::Io}) {
    const std::string message = print_problem_words({kind, "staff detail must not show"});
    EXPECT_TRUE(message.ends_with("係員をお呼びください。")) << printer::to_string(kind);
    EXPECT_EQ(message.find("staff detail"), std::string::npos);
  }
}

TEST(PrinterWords, ABlockingConditionTellsTheResidentToCallStaff) {
  using printer::describe_printer_reason;
  EXPECT_EQ(printer_condition_words(describe_printer_reason("media-empty-warning")),
            "プリンターの用紙がありません。係員をお呼びください。");
  EXPECT_EQ(printer_condition_words(describe_printer_reason("media-jam-error")),
            "プリンターに紙がつまりました。係員をお呼びください。");
  EXPECT_EQ(printer_condition_words(describe_printer_reason("cover-open-report")),
            "プリンターのふたが開いています。係員をお呼びください。");
  EXPECT_EQ(printer_condition_words(describe_printer_reason("offline-report")),
            "プリンターの電源が切れているか、つながっていません。係員をお呼びください。");
  EXPECT_EQ(printer_condition_words(describe_printer_reason("toner-low-report")),
            "トナーが少なくなっています。");
  EXPECT_EQ(printer_condition_words(describe_printer_reason("vendor-thing-error")),
            "プリンターが止まっています。係員をお呼びください。");
  EXPECT_EQ(printer_condition_words(describe_printer_reason("vendor-thing-warning")),
            "プリンターから知らせがあります。");
  printer::PrinterStatus stopped;
  stopped.state = 5;
  EXPECT_EQ(printer_condition_words(stopped.conditions().at(0)),
            "プリンターが止まっています。係員をお呼びください。");
  // Every Blocking kind calls staff, every Report does not.
  for (int k = 0; k <= static_cast<int>(printer::PrinterCondition::Kind::Notice); ++k) {
    printer::PrinterCondition condition;
    condition.kind = static_cast<printer::PrinterCondition::Kind>(k);
    const bool blocking = condition.kind <= printer::PrinterCondition::Kind::Busy;
    EXPECT_EQ(printer_condition_words(condition).ends_with("係員をお呼びください。"), blocking)
        << k;
  }
}

TEST(PrinterWords, AJobReasonInPlainWords) {
  EXPECT_EQ(job_condition_words(printer::describe_job_reason("job-printing")), "印刷しています。");
  EXPECT_EQ(job_condition_words(printer::describe_job_reason("document-format-error")),
            "プリンターが申請書を読めませんでした。係員をお呼びください。");
  EXPECT_EQ(job_condition_words(printer::describe_job_reason("no-such-reason")), "");
}

TEST(PrinterWords, WhatPrintingIsDoingNow) {
  using Phase = printer::PrintProgress::Phase;
  printer::PrintProgress progress;
  progress.phase = Phase::Completed;
  progress.reason = "job-completed-successfully";
  EXPECT_EQ(print_progress_words(progress), "印刷が終わりました。");
  progress.phase = Phase::Printing;
  progress.reason = "vendor-busy-printing";
  EXPECT_EQ(print_progress_words(progress), "印刷しています。");
  progress.phase = Phase::WaitingForPrinter;
  progress.reason = "offline";
  EXPECT_EQ(print_progress_words(progress), "プリンターにつながりません。係員をお呼びください。");
  progress.phase = Phase::Held;
  progress.conditions = printer::describe_printer_reasons({"toner-low", "media-empty"});
  progress.reason = "media-empty";
  EXPECT_EQ(print_progress_words(progress), "プリンターの用紙がありません。係員をお呼びください。");
  progress.phase = Phase::WaitingToResubmit;
  progress.conditions = printer::describe_printer_reasons({"media-jam"});
  progress.reason = "media-jam";
  EXPECT_EQ(print_progress_words(progress), "プリンターに紙がつまりました。係員をお呼びください。");
}

}  // namespace
}  // namespace madoguchi::kiosk
