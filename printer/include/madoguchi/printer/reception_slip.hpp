// The small slip a resident takes away: reception number, procedure, fee, QR code.
#pragma once

#include <string>

#include "madoguchi/printer/document.hpp"

namespace madoguchi::printer {

struct ReceptionSlip {
  std::string reception_number;  // e.g. "A-0123"
  std::string procedure_title;   // e.g. "住民票の写しの交付"
  int fee_paid_yen = 0;          // 0: the procedure is free (no payment line is printed)
  std::string payment_method;    // e.g. "クレジットカード"; may be empty
  std::string issued_at;         // display text, e.g. "2025年4月1日 10:32"
  std::string town_name;         // e.g. "みどり町役場"
  std::string guidance;          // empty: "番号が呼ばれるまでお待ちください"
};

// QR payload for a reception number: "madoguchi:reception:<number>".
std::string reception_qr_data(const std::string& reception_number);

// One A6 page (105 x 148 mm): town, 受付票, the reception number very large, the procedure,
// fee and payment, the time, a QR code of reception_qr_data(), and the guidance.
Document make_reception_slip(const ReceptionSlip& slip);

// "1,200円".
std::string format_yen(int yen);

}  // namespace madoguchi::printer
