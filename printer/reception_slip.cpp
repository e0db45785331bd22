#include "madoguchi/printer/reception_slip.hpp"

#include <string_view>

namespace madoguchi::printer {
namespace {

constexpr double kPageWidth = 105;  // A6
constexpr double kPageHeight = 148;
constexpr double kMargin = 8;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr std::string_view kDefaultGuidance = "番号が呼ばれるまでお待ちください";
// Everything in one weight (bold: legible at arm's length): each embedded font adds its own
// subset and font objects (a few KB and about a millisecond), and the slip prints every visit.
constexpr bool kBold = true;

}  // namespace

std::string reception_qr_data(const std::string& reception_number) {
  return "madoguchi:reception:" + reception_number;
}

std::string format_yen(int yen) {
  const long long value = yen;
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  if (value < 0) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  out.append("円");
  return out;
}

Document make_reception_slip(const ReceptionSlip& slip) {
  Page page{.width_mm = kPageWidth, .height_mm = kPageHeight, .items = {}};
  auto& items = page.items;
  const auto centered = [&](double y, double h, std::string text, double size, double min_size,
                            std::string field, int max_lines = 1) {
    items.emplace_back(TextBox{.x_mm = kMargin,
                               .y_mm = y,
                               .w_mm = kContentWidth,
                               .h_mm = h,
                               .text = std::move(text),
                               .size_pt = size,
                               .min_size_pt = min_size,
                               .align = Align::Center,
                               .bold = kBold,
                               .field = std::move(field),
                               .max_lines = max_lines});
  };

  if (!slip.town_name.empty()) centered(7, 7, slip.town_name, 11, 8, "slip.town_name");
  centered(14, 10, "受付票", 18, 14, "slip.heading");
  items.emplace_back(Line{kMargin, 26, kPageWidth - kMargin, 26, 0.8});
  centered(28, 6, "受付番号", 11, 9, "slip.number_label");
  centered(34, 22, slip.reception_number, 54, 24, "slip.reception_number");
  items.emplace_back(Line{kMargin, 58, kPageWidth - kMargin, 58, 0.8});
  centered(60, 14, slip.procedure_title, 14, 9, "slip.procedure_title", 2);

  double y = 76;
  const auto row = [&](std::string label, std::string value, std::string field) {
    items.emplace_back(TextBox{.x_mm = kMargin,
                               .y_mm = y,
                               .w_mm = 26,
                               .h_mm = 7,
                               .text = std::move(label),
                               .size_pt = 11,
                               .min_size_pt = 9,
                               .bold = kBold,
                               .field = field + "_label"});
    items.emplace_back(TextBox{.x_mm = kMargin + 26,
                               .y_mm = y,
                               .w_mm = kContentWidth - 26,
                               .h_mm = 7,
                               .text = std::move(value),
                               .size_pt = 12,
                               .min_size_pt = 9,
                               .align = Align::Right,
                               .bold = kBold,
                               .field = std::move(field),
                               .max_lines = 1});
    y += 7.5;
  };
  row("手数料", slip.fee_paid_yen == 0 ? "なし" : format_yen(slip.fee_paid_yen), "slip.fee");
  if (slip.fee_paid_yen != 0 && !slip.payment_method.empty()) {
    row("お支払い", slip.payment_method, "slip.payment_method");
  }
  if (!slip.issued_at.empty()) row("受付日時", slip.issued_at, "slip.issued_at");

  constexpr double kQrSize = 30;
  items.emplace_back(
      QrCode{(kPageWidth - kQrSize) / 2, 99, kQrSize, reception_qr_data(slip.reception_number)});
  centered(130, 12, slip.guidance.empty() ? std::string(kDefaultGuidance) : slip.guidance, 12, 9,
           "slip.guidance", 2);

  return Document{.title = "受付票 " + slip.reception_number, .pages = {std::move(page)}};
}

}  // namespace madoguchi::printer
