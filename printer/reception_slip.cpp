#include "madoguchi/printer/reception_slip.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace madoguchi::printer {
namespace {

// The page for each paper the town's printer takes. Heights, text sizes and the QR code are the
// A6 layout's times `scale`; widths follow the page.
struct SlipGeometry {
  double width_mm;
  double height_mm;
  double margin_mm;
  double scale;
};

SlipGeometry geometry(SlipPaper paper) {
  switch (paper) {
    case SlipPaper::Receipt80mm:  // 80 mm roll, 72 mm printable; cut at 150 mm
      return {80, 150, 4, 1.0};
    case SlipPaper::A4:  // the top of an A4 sheet, larger
      return {210, 297, 20, 1.4};
    case SlipPaper::A6:
      break;
  }
  return {105, 148, 8, 1.0};
}

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

namespace {

// Characters (code points) of UTF-8 text.
std::size_t characters(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The slip's page as it is filled: text boxes centred or in rows, and rules, in A6 millimetres
// times the paper's scale.
class SlipWriter {
 public:
  explicit SlipWriter(SlipPaper paper)
      : g_(geometry(paper)),
        page_{.width_mm = g_.width_mm, .height_mm = g_.height_mm, .items = {}} {}

  void centered(double y, double h, std::string text, double size, double min_size,
                std::string field, int max_lines = 1) {
    box(g_.margin_mm, y, content_width(), h, std::move(text), size, min_size, Align::Center,
        std::move(field), max_lines);
  }
  void rule(double y) {
    page_.items.emplace_back(
        Line{g_.margin_mm, y * g_.scale, g_.width_mm - g_.margin_mm, y * g_.scale, 0.8});
  }
  // A label on the left and its value on the right, 7.5 mm further down each.
  void row(double& y, std::string label, std::string value, const std::string& field) {
    const double label_width = 26 * g_.scale;
    box(g_.margin_mm, y, label_width, 7, std::move(label), 11, 9, Align::Left, field + "_label",
        TextBox{}.max_lines);
    box(g_.margin_mm + label_width, y, content_width() - label_width, 7, std::move(value), 12, 9,
        Align::Right, field, 1);
    y += 7.5;
  }
  // x and w in millimetres of the paper; y, h and the sizes in A6 millimetres and points.
  void box(double x_mm, double y, double w_mm, double h, std::string text, double size,
           double min_size, Align align, std::string field, int max_lines) {
    const double k = g_.scale;
    page_.items.emplace_back(TextBox{.x_mm = x_mm,
                                     .y_mm = y * k,
                                     .w_mm = w_mm,
                                     .h_mm = h * k,
                                     .text = std::move(text),
                                     .size_pt = size * k,
                                     .min_size_pt = min_size,
                                     .align = align,
                                     .bold = kBold,
                                     .field = std::move(field),
                                     .max_lines = max_lines});
  }
  void qr(double y, double size_mm, std::string data) {
    const double size = size_mm * g_.scale;
    page_.items.emplace_back(QrCode{(g_.width_mm - size) / 2, y * g_.scale, size, std::move(data)});
  }
  double content_width() const { return g_.width_mm - 2 * g_.margin_mm; }
  // Full-width characters of `size_pt` (A6 points, before the scale) a line holds.
  std::size_t chars_per_line(double size_pt) const {
    return static_cast<std::size_t>(content_width() / (size_pt * g_.scale * 0.3528));
  }
  std::size_t lines_of(const std::string& text, double size_pt) const {
    return (characters(text) + chars_per_line(size_pt) - 1) / chars_per_line(size_pt);
  }
  double margin() const { return g_.margin_mm; }
  double scale() const { return g_.scale; }
  // The page's height in A6 millimetres (before the scale).
  double height() const { return g_.height_mm / g_.scale; }
  Page take() { return std::move(page_); }

 private:
  SlipGeometry g_;
  Page page_;
};

// 「窓口にお出しください：領収書、工事費内訳書、…」 with as many documents as `lines` lines of
// `per_line` characters hold, the others counted: 「ほか3点」.
std::string documents_line(const std::vector<std::string>& documents, std::size_t per_line,
                           std::size_t lines) {
  std::string line = "窓口にお出しください：";
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const std::string rest = "ほか" + std::to_string(documents.size() - i) + "点";
    std::string longer = line + (i == 0 ? "" : "、") + documents[i];
    const bool last = i + 1 == documents.size();
    if (characters(longer) + (last ? 0 : characters(rest) + 1) > per_line * lines) {
      return line + (i == 0 ? "" : "、") + rest;
    }
    line = std::move(longer);
  }
  return line;
}

void fee_rows(SlipWriter& w, double& y, const ReceptionSlip& slip) {
  w.row(y, "手数料", slip.fee_paid_yen == 0 ? "なし" : format_yen(slip.fee_paid_yen), "slip.fee");
  if (slip.fee_paid_yen != 0 && !slip.payment_method.empty()) {
    w.row(y, "お支払い", slip.payment_method, "slip.payment_method");
  }
  if (!slip.issued_at.empty()) w.row(y, "受付日時", slip.issued_at, "slip.issued_at");
}

// One application, nothing to hand in: the number very large, the procedure under it.
void single_application(SlipWriter& w, const ReceptionSlip& slip) {
  w.centered(28, 6, "受付番号", 11, 9, "slip.number_label");
  w.centered(34, 22, slip.reception_number, 54, 24, "slip.reception_number");
  w.rule(58);
  w.centered(60, 14, slip.procedure_title, 14, 9, "slip.procedure_title", 2);
  double y = 76;
  fee_rows(w, y, slip);
  w.qr(99, 30, reception_qr_data(slip));
  w.centered(130, 12, slip.guidance.empty() ? std::string(kDefaultGuidance) : slip.guidance, 12, 9,
             "slip.guidance", 2);
}

// Several applications, or documents to hand in: one line each number and its procedure, the
// fee, the documents, a smaller QR code of every number, the guidance.
void application_list(SlipWriter& w, const ReceptionSlip& slip) {
  w.centered(28, 6, "受付番号", 11, 9, "slip.number_label");
  std::vector<ReceptionLine> lines{{slip.reception_number, slip.procedure_title}};
  lines.insert(lines.end(), slip.also.begin(), slip.also.end());
  const double number_width = 36;
  // Three lines of 10 mm leave the QR code 25 mm or more on every paper; more lines are lower.
  const double line_height = lines.size() <= 3 ? 10 : lines.size() == 4 ? 8 : 6.5;
  const double number_size = lines.size() <= 3 ? 18 : lines.size() == 4 ? 15 : 12;
  double y = 35;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string n = i == 0 ? std::string{} : "_" + std::to_string(i + 1);
    const double number_mm = number_width * w.scale();
    w.box(w.margin(), y, number_mm, line_height - 0.5, lines[i].reception_number, number_size, 9,
          Align::Left, "slip.reception_number" + n, 1);
    w.box(w.margin() + number_mm, y, w.content_width() - number_mm, line_height - 0.5,
          lines[i].procedure_title, 10, 8, Align::Left, "slip.procedure_title" + n, 2);
    y += line_height;
  }
  w.rule(y);
  y += 2;
  fee_rows(w, y, slip);
  const double guidance_top = w.height() - 20;
  if (!slip.to_hand_in.empty()) {
    // As many of the documents as fit above a QR code of 25 mm at 9 pt; the rest counted.
    const double room = guidance_top - y - 27;  // and a mm between them
    const auto most = static_cast<std::size_t>(std::max(1.0, std::floor(room / 4.6)));
    const std::string documents = documents_line(slip.to_hand_in, w.chars_per_line(9), most);
    const double height = static_cast<double>(std::min(most, w.lines_of(documents, 9))) * 4.6;
    w.box(w.margin(), y, w.content_width(), height, documents, 9, 8, Align::Left, "slip.to_hand_in",
          0);
    y += height + 1;
  }
  const double qr_size = std::min(26.0, guidance_top - y - 1);
  if (qr_size >= 14) w.qr(y, qr_size, reception_qr_data(slip));
  w.centered(guidance_top, 12,
             slip.guidance.empty() ? std::string(kDefaultGuidance) : slip.guidance, 12, 9,
             "slip.guidance", 2);
}

}  // namespace

std::string reception_qr_data(const ReceptionSlip& slip) {
  std::string data = reception_qr_data(slip.reception_number);
  for (const ReceptionLine& line : slip.also) data += "," + line.reception_number;
  return data;
}

Document make_reception_slip(const ReceptionSlip& slip) {
  SlipWriter w(slip.paper);
  if (!slip.town_name.empty()) w.centered(7, 7, slip.town_name, 11, 8, "slip.town_name");
  w.centered(14, 10, "受付票", 18, 14, "slip.heading");
  w.rule(26);
  if (slip.also.empty() && slip.to_hand_in.empty()) {
    single_application(w, slip);
  } else {
    application_list(w, slip);
  }
  return Document{.title = "受付票 " + slip.reception_number, .pages = {w.take()}};
}

}  // namespace madoguchi::printer
