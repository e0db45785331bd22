// The small slip a resident takes away: reception number, procedure, fee, QR code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/printer/document.hpp"

namespace madoguchi::printer {

// The paper the slip is printed on (office.json "slip_paper"): a separate A6 slip, the roll of a
// receipt printer (80 mm), or an A4 sheet from the same printer as the application.
enum class SlipPaper { A6, Receipt80mm, A4 };
// "a6", "receipt-80mm", "a4"; nullopt for anything else.
std::optional<SlipPaper> slip_paper_from_name(std::string_view name);

// Another application paid with the same payment (a move: 転入届, 国民健康保険 加入 …).
struct ReceptionLine {
  std::string reception_number;
  std::string procedure_title;
};

struct ReceptionSlip {
  std::string reception_number;     // e.g. "A-0123"
  std::string procedure_title;      // e.g. "住民票の写しの交付"
  std::vector<ReceptionLine> also;  // the visit's other applications of this payment, in order
  // Documents the kiosk could not take, to hand in at the counter: "領収書", "印鑑登録証".
  std::vector<std::string> to_hand_in;
  int fee_paid_yen = 0;        // 0: the procedure is free (no payment line is printed)
  std::string payment_method;  // e.g. "クレジットカード"; may be empty
  std::string issued_at;       // display text, e.g. "2025年4月1日 10:32"
  std::string town_name;       // e.g. "みどり町役場"
  std::string guidance;        // empty: "番号が呼ばれるまでお待ちください"
  SlipPaper paper = SlipPaper::A6;
};

// QR payload for a reception number: "madoguchi:reception:<number>"; for several, the numbers
// joined by commas.
std::string reception_qr_data(const std::string& reception_number);
std::string reception_qr_data(const ReceptionSlip& slip);

// One page — A6 (105 x 148 mm), 80 x 150 mm for a receipt printer, or A4 with everything 1.4
// times larger: town, 受付票, the reception number very large, the procedure, fee and payment,
// the time, a QR code of reception_qr_data(), and the guidance. With several applications (or
// documents to hand in) the numbers are listed one a line, each with its procedure, the QR code
// holds them all, and the documents are listed above the guidance.
Document make_reception_slip(const ReceptionSlip& slip);

// "1,200円".
std::string format_yen(int yen);

}  // namespace madoguchi::printer
