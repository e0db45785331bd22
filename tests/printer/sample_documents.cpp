#include "sample_documents.hpp"

#include <utility>

namespace madoguchi::tests {

using printer::Align;
using printer::CheckBox;
using printer::Document;
using printer::Line;
using printer::Page;
using printer::QrCode;
using printer::Rect;
using printer::TextBox;

namespace {

constexpr double kLeft = 15;
constexpr double kWidth = 180;
constexpr double kLabelWidth = 36;

// A table row: a shaded label cell and a value cell.
void row(Page& page, double y, double h, const std::string& label, std::string value,
         const std::string& field, double size = 14) {
  page.items.emplace_back(Rect{kLeft, y, kLabelWidth, h, 0.5, 0.92});
  page.items.emplace_back(Rect{kLeft + kLabelWidth, y, kWidth - kLabelWidth, h, 0.5});
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = y,
                                  .w_mm = kLabelWidth,
                                  .h_mm = h,
                                  .text = label,
                                  .size_pt = 11,
                                  .min_size_pt = 9,
                                  .align = Align::Center});
  page.items.emplace_back(TextBox{.x_mm = kLeft + kLabelWidth,
                                  .y_mm = y,
                                  .w_mm = kWidth - kLabelWidth,
                                  .h_mm = h,
                                  .text = std::move(value),
                                  .size_pt = size,
                                  .min_size_pt = 9,
                                  .field = field,
                                  .padding_mm = 2});
}

void section(Page& page, double y, const std::string& title) {
  page.items.emplace_back(Rect{kLeft, y, kWidth, 7, 0, 0.8});
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = y,
                                  .w_mm = kWidth,
                                  .h_mm = 7,
                                  .text = title,
                                  .size_pt = 11,
                                  .min_size_pt = 9,
                                  .bold = true});
}

void check(Page& page, double x, double y, bool checked, const std::string& label) {
  page.items.emplace_back(CheckBox{x, y + 1.5, 4.5, checked});
  page.items.emplace_back(TextBox{.x_mm = x + 5.5,
                                  .y_mm = y,
                                  .w_mm = 38,
                                  .h_mm = 7.5,
                                  .text = label,
                                  .size_pt = 12,
                                  .min_size_pt = 9,
                                  .padding_mm = 0.5});
}

}  // namespace

SampleResident beyond_bmp_resident() {
  return {.name = "𠮷田　邉子",
          .kana = "ヨシダ　ナベコ",
          .address = "群馬県髙﨑市𠮷井町１－２　渡邉ハイツ３０１号室",
          .birth_date = "昭和18年11月3日",
          .phone = "027-123-4567"};
}

Document sample_application_form(const SampleResident& resident) {
  Page page;
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = 14,
                                  .w_mm = kWidth,
                                  .h_mm = 12,
                                  .text = "住民票の写し等交付請求書",
                                  .size_pt = 20,
                                  .min_size_pt = 14,
                                  .align = Align::Center,
                                  .bold = true});
  page.items.emplace_back(TextBox{
      .x_mm = kLeft, .y_mm = 30, .w_mm = 80, .h_mm = 8, .text = "みどり町長　様", .size_pt = 13});
  page.items.emplace_back(TextBox{.x_mm = kLeft + kWidth - 80,
                                  .y_mm = 30,
                                  .w_mm = 80,
                                  .h_mm = 8,
                                  .text = "請求日　令和7年4月1日",
                                  .size_pt = 12,
                                  .align = Align::Right,
                                  .field = "request_date"});

  section(page, 42, "請求する方（窓口に来た方）");
  double y = 49;
  row(page, y, 16, "住所", resident.address, "applicant.address");
  y += 16;
  row(page, y, 8, "フリガナ", resident.kana, "applicant.kana", 10);
  y += 8;
  row(page, y, 14, "氏名", resident.name, "applicant.name", 18);
  y += 14;
  row(page, y, 10, "生年月日", resident.birth_date, "applicant.birth_date");
  y += 10;
  row(page, y, 10, "電話番号", resident.phone, "applicant.phone");
  y += 10;

  section(page, y + 6, "必要なもの");
  y += 15;
  check(page, kLeft + 2, y, true, "住民票の写し");
  check(page, kLeft + 47, y, true, "世帯全員");
  check(page, kLeft + 92, y, false, "本籍・筆頭者");
  check(page, kLeft + 137, y, true, "続柄");
  y += 10;
  page.items.emplace_back(TextBox{
      .x_mm = kLeft + 2, .y_mm = y, .w_mm = 60, .h_mm = 8, .text = "通数　1通", .field = "copies"});
  y += 12;

  section(page, y, "使いみち");
  y += 7;
  page.items.emplace_back(Rect{kLeft, y, kWidth, 12, 0.5});
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = y,
                                  .w_mm = kWidth,
                                  .h_mm = 12,
                                  .text = "年金の手続き（日本年金機構へ提出）",
                                  .size_pt = 13,
                                  .field = "purpose",
                                  .padding_mm = 2});
  y += 18;

  section(page, y, "ご本人の署名（ご自分でお書きください）");
  y += 7;
  page.items.emplace_back(Rect{kLeft, y, kWidth, 22, 0.8});
  y += 30;

  page.items.emplace_back(Line{kLeft, y, kLeft + kWidth, y, 0.3});
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = y + 2,
                                  .w_mm = 60,
                                  .h_mm = 7,
                                  .text = "職員記入欄",
                                  .size_pt = 10,
                                  .bold = true});
  page.items.emplace_back(Rect{kLeft, y + 10, 120, 30, 0.5, 0.96});
  page.items.emplace_back(QrCode{kLeft + kWidth - 32, y + 8, 32, "madoguchi:reception:A-0123"});
  page.items.emplace_back(TextBox{.x_mm = kLeft + kWidth - 56,
                                  .y_mm = y + 40,
                                  .w_mm = 56,
                                  .h_mm = 7,
                                  .text = "受付番号 A-0123",
                                  .size_pt = 11,
                                  .align = Align::Right});
  return Document{.title = "住民票の写し等交付請求書", .pages = {std::move(page)}};
}

Document sample_two_page_form(const SampleResident& resident) {
  Document document = sample_application_form(resident);
  document.title = "住民票の写し等交付請求書（委任状つき）";
  Page page;
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = 14,
                                  .w_mm = kWidth,
                                  .h_mm = 12,
                                  .text = "委任状",
                                  .size_pt = 20,
                                  .min_size_pt = 14,
                                  .align = Align::Center,
                                  .bold = true});
  page.items.emplace_back(TextBox{
      .x_mm = kLeft, .y_mm = 30, .w_mm = 80, .h_mm = 8, .text = "みどり町長　様", .size_pt = 13});
  section(page, 42, "代理人（窓口に来た方）");
  double y = 49;
  row(page, y, 16, "住所", "東京都八王子市元本郷町三丁目２４番１号　コーポ元本郷２０５",
      "agent.address");
  y += 16;
  row(page, y, 8, "フリガナ", "ワタナベ　ケンイチ", "agent.kana", 10);
  y += 8;
  row(page, y, 14, "氏名", "渡辺　健一", "agent.name", 18);
  y += 14;
  row(page, y, 10, "電話番号", "090-9876-5432", "agent.phone");
  y += 16;
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = y,
                                  .w_mm = kWidth,
                                  .h_mm = 18,
                                  .text = "私は、上記の者を代理人と定め、次の事項を委任します。"
                                          "住民票の写しの請求及び受領に関すること。"
                                          "委任する内容は本人が自ら記入し、代理人は記入しません。",
                                  .size_pt = 12,
                                  .min_size_pt = 10,
                                  .field = "delegation"});
  y += 22;
  section(page, y, "委任者（ご本人）");
  y += 7;
  row(page, y, 16, "住所", resident.address, "delegator.address");
  y += 16;
  row(page, y, 14, "氏名", resident.name, "delegator.name", 18);
  y += 14;
  row(page, y, 10, "生年月日", resident.birth_date, "delegator.birth_date");
  y += 16;
  section(page, y, "ご本人の署名（ご自分でお書きください）");
  y += 7;
  page.items.emplace_back(Rect{kLeft, y, kWidth, 22, 0.8});
  y += 28;
  check(page, kLeft + 2, y, true, "本人確認書類あり");
  check(page, kLeft + 47, y, false, "郵送で受け取る");
  page.items.emplace_back(TextBox{.x_mm = kLeft,
                                  .y_mm = 280,
                                  .w_mm = kWidth,
                                  .h_mm = 7,
                                  .text = "2 / 2",
                                  .size_pt = 10,
                                  .align = Align::Center,
                                  .field = "page_number"});
  document.pages.push_back(std::move(page));
  return document;
}

printer::ReceptionSlip sample_reception_slip() {
  return {.reception_number = "A-0123",
          .procedure_title = "住民票の写しの交付",
          .also = {},
          .to_hand_in = {},
          .fee_paid_yen = 300,
          .payment_method = "クレジットカード",
          .issued_at = "令和7年4月1日 10:32",
          .town_name = "みどり町役場",
          .guidance = ""};
}

}  // namespace madoguchi::tests
