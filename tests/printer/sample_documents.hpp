// Documents shaped like what the kiosk prints, for tests, the benchmark and visual review.
#pragma once

#include <string>

#include "madoguchi/printer/document.hpp"
#include "madoguchi/printer/reception_slip.hpp"

namespace madoguchi::tests {

// The fictional resident on the sample form (nothing here is a real person).
struct SampleResident {
  std::string name = "髙﨑　太郎";
  std::string kana = "タカサキ　タロウ";
  std::string address = "東京都千代田区千代田１－１－１　ＡＢＣマンション１０１号室";
  std::string birth_date = "昭和25年3月15日";
  std::string phone = "03-1234-5678";
};

// A resident whose name and address need the fallback font and name kanji: 𠮷 (U+20BB7, beyond
// the BMP, not in BIZ UD Gothic), 髙 (U+9AD9), 﨑 (U+FA11) and 邉 (U+9089).
SampleResident beyond_bmp_resident();

// A4 住民票の写し等交付請求書, filled in: title, addressee and date, the applicant table,
// check boxes, purpose, a signature box, a small QR code and a staff-only area.
printer::Document sample_application_form(const SampleResident& resident = {});

// Two A4 pages: the application above, then a 委任状 (letter of attorney) with the agent's and
// the resident's details, a free-text purpose of several lines and a signature box.
printer::Document sample_two_page_form(const SampleResident& resident = {});

printer::ReceptionSlip sample_reception_slip();

}  // namespace madoguchi::tests
