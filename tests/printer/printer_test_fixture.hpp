// The base of the tests that print to a real IPP printer: a fresh ippeveprinter for each test
// (its log shown when the test fails) and the sample application form as a PDF, drawn once for
// the suite.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "sample_documents.hpp"
#include "support/ipp_printer_fixture.hpp"

namespace madoguchi::printer {

class WithTestPrinter : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto renderer = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
    ASSERT_TRUE(renderer) << renderer.error().message;
    auto pdf = renderer->render(tests::sample_application_form());
    ASSERT_TRUE(pdf) << pdf.error().message;
    pdf_ = std::make_unique<std::string>(std::move(*pdf));
  }
  static void TearDownTestSuite() { pdf_.reset(); }

  void SetUp() override {
    auto started = tests::TestIppPrinter::start();
    ASSERT_TRUE(started) << started.error();
    printer_ = std::move(*started);
  }

  void TearDown() override {
    if (HasFailure() && printer_) std::cerr << "ippeveprinter log:\n" << printer_->logs();
  }

  IppPrinter client(std::chrono::milliseconds connect_timeout,
                    std::chrono::milliseconds poll_interval) const {
    return IppPrinter(printer_->uri(),
                      {.connect_timeout = connect_timeout, .poll_interval = poll_interval});
  }

  // The sample application form, as the kiosk would print it.
  static const std::string& form_pdf() { return *pdf_; }

  std::unique_ptr<tests::TestIppPrinter> printer_;

 private:
  static inline std::unique_ptr<std::string> pdf_;
};

}  // namespace madoguchi::printer
