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

// A4 住民票の写し等交付請求書, filled in: title, addressee and date, the applicant table,
// check boxes, purpose, a signature box, a small QR code and a staff-only area.
printer::Document sample_application_form(const SampleResident& resident = {});

printer::ReceptionSlip sample_reception_slip();

}  // namespace madoguchi::tests
