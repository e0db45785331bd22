// The resident's words for each printer condition are the kiosk's (kiosk/print_problem_words.hpp).
#include "madoguchi/kiosk/print_problem_words.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace madoguchi::kiosk
