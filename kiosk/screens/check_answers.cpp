// Check your answers (GOV.UK): the applicant and every answer with 変更, a page at a time, and
// the fee in the footer.
#include "screen_parts.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::kiosk::ui::screens {

namespace {

// The fee between 戻る and the pay button: 手数料 over "300円", "900円（300円 × 3通）" or
// "かかりません", and the reason it is free where the files give one and it fits.
void fee_in_footer(const Session& session, Ui& ui, float left, float right) {
  const auto& t = ui.theme();
  const auto quote = session.fee();
  const float width = right - left;
  // The amount under its label, however tall the label is (文字を大きく, furigana).
  const float y = footer_y(ui) - 6.0F;
  if (!session.bundle().empty()) {  // several applications, one payment: the whole of it
    const std::string label =
        ui.tr("手数料（{n}件の合計）", {{"n", std::to_string(session.bundle().size() + 1)}});
    const float under = y + ui.text(label, TextSize::Body, ImVec2(left, y), t.muted_text, width);
    const int total = session.visit_fee_yen();
    ui.text(total > 0 ? yen(ui, total) : ui.tr("かかりません"), TextSize::Heading,
            ImVec2(left, under + 3.0F), t.text, width);
    return;
  }
  const float below =
      y + ui.text(ui.tr("手数料"), TextSize::Body, ImVec2(left, y), t.muted_text, width);
  std::string amount;
  if (quote.total_yen <= 0) {
    amount = ui.tr("かかりません");
    if (quote.free_case != nullptr) {
      const std::string with_reason =
          ui.tr("かかりません（{reason}）",
                {{"reason",
                  std::string(quote.free_case->reason.in(session.view().procedure_language()))}});
      if (ui.measure(with_reason, TextSize::Body).x <= width) {
        ui.text(with_reason, TextSize::Body, ImVec2(left, below + 13.0F), t.text);
        return;
      }
    }
  } else {
    amount = yen(ui, quote.total_yen);
    if (quote.copies > 1) {
      const std::string breakdown =
          ui.tr("（{yen} × {n}通）",
                {{"yen", yen(ui, quote.per_copy_yen)}, {"n", std::to_string(quote.copies)}});
      if (ui.measure(amount + breakdown, TextSize::Heading).x <= width) amount += breakdown;
    }
  }
  ui.text(amount, TextSize::Heading, ImVec2(left, below + 3.0F), t.text, width);
}

// The applicant first, then every answer. A value that does not fit one line is written in
// body text, on up to three lines (then cut, ending in "…"); its row grows to hold it and
// its label (a long address used to run into the next row).
struct Row {
  std::string label;
  std::string value;
  TextSize size = TextSize::Heading;
  const forms::Question* question = nullptr;
  float height = 0.0F;
  float value_top = 0.0F;
  float label_top = 0.0F;
  bool may_be_left_out = false;  // 窓口に出すもの: said on the slip too
};

std::vector<Row> answer_rows(const Session& session, const Ui& ui) {
  std::vector<Row> rows;
  rows.push_back({ui.tr("申請する人"), session.identity().name});
  const forms::Language language = session.view().procedure_language();
  for (const forms::Question* q : session.summary_questions()) {
    const auto it = session.answers().find(q->id);
    const std::string value = it == session.answers().end() ? std::string{} : it->second;
    std::string shown = forms::answer_label(*q, value);
    if (q->kind == forms::QuestionKind::Number && !value.empty()) {
      shown = with_unit(ui, std::atoi(value.c_str()), q->unit);
    }
    for (const auto& choice : q->choices) {
      if (choice.id == value) shown = ui.tr(choice.labels.in(language));
    }
    if (shown.empty()) shown = ui.tr("（なし）");
    rows.push_back({std::string(q->summary_labels.in(language)), shown, TextSize::Heading, q});
  }
  // What the kiosk cannot take (領収書, 印鑑登録証): to hand in at the counter, as the slip says.
  if (const forms::Procedure* p = session.procedure(); p != nullptr && !p->what_to_bring.empty()) {
    std::string documents;
    for (const std::string& document : forms::documents_to_hand_in(*p, language)) {
      documents += (documents.empty() ? "" : "、") + document;
    }
    rows.push_back(
        {ui.tr("窓口に出すもの"), documents, TextSize::Body, nullptr, 0.0F, 0.0F, 0.0F, true});
  }
  return rows;
}

// Under the heading, in a bundle: which of the visit's applications this is, 「国民健康保険
// 加入の届（2件目）」. Returns where it ends.
float which_application(const Session& session, Ui& ui, float y) {
  if (session.procedure() == nullptr || session.bundle().empty()) return y;
  const std::string title(session.procedure()->titles.in(session.view().procedure_language()));
  return y + 8.0F +
         ui.text(ui.tr("{title}（{n}件目）",
                       {{"title", title}, {"n", std::to_string(session.bundle().size() + 1)}}),
                 TextSize::Body, ImVec2(kMargin, y + 8.0F), ui.theme().muted_text,
                 ui.screen().x - 2 * kMargin);
}

// The applicant's name (no question) and what they typed are shown, not said (a choice or a
// number is).
bool personal(const forms::Question* q) {
  return q == nullptr || q->kind == forms::QuestionKind::KanaText ||
         q->kind == forms::QuestionKind::Text;
}

}  // namespace

// Check your answers (GOV.UK): the applicant, every answer with 変更, then the fee; the button
// applies and, when there is a fee, starts the payment on the terminal. When the answers do
// not fit one screen they are shown a page at a time (big page buttons, no scrolling), and
// 申し込む appears once the resident has seen the last page.
void check_answers(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  // The heading leaves room on its right for the page number ("1 / 2").
  float y = heading(ui, ui.tr("入力した内容を確かめてください"), kHeaderHeight + 60.0F,
                    ui.screen().x - 2 * kMargin - 200.0F);
  y = which_application(session, ui, y) + 30.0F;
  const float label_w = 480.0F;
  const float change_w = 220.0F;
  const float min_row_h = 112.0F;
  const float value_w = ui.screen().x - 2 * kMargin - label_w - change_w - 40.0F;
  auto row_line = [&](float at) {
    ui.rect(ImVec2(kMargin, at), ImVec2(ui.screen().x - kMargin, at + 2.0F),
            IM_COL32(0xB0, 0xB8, 0xC4, 0xFF));
  };
  std::vector<Row> rows = answer_rows(session, ui);
  // Pages: as many rows as fit above the footer.
  const float room = footer_y(ui) - 30.0F - y;
  for (Row& row : rows) {
    // (With 車いすの方 two lines: the room above the reach line holds a row of three and no more;
    // a row still taller than a page, furigana and all, gets one.)
    for (const int lines : {ui.reach() ? 2 : 3, 1}) {
      if (ui.measure(row.value, TextSize::Heading).x > value_w) {
        row.size = TextSize::Body;
        row.value = ui.cut_to_lines(row.value, TextSize::Body, value_w, lines);
      }
      // A one-line answer in heading size sits on the label's baseline.
      row.value_top = row.size == TextSize::Heading ? 26.0F : 20.0F;
      row.label_top = row.size == TextSize::Heading ? 34.0F : 20.0F;
      row.height = std::max(
          {min_row_h, row.value_top + ui.text_height(row.value, row.size, value_w) + 14.0F,
           row.label_top + ui.text_height(row.label, TextSize::Body, label_w - 20.0F) + 14.0F});
      if (row.height <= room) break;
    }
  }
  // What to hand in, when a page cannot hold even one line of it (車いすの方 with furigana): on
  // the slip only.
  std::erase_if(rows, [&](const Row& row) { return row.may_be_left_out && row.height > room; });
  std::vector<std::size_t> page_starts{0};
  float used = 0.0F;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (used + rows[i].height > room && used > 0.0F) {
      page_starts.push_back(i);
      used = 0.0F;
    }
    used += rows[i].height;
  }
  const std::size_t pages = page_starts.size();
  if (state.check_page >= pages) state.check_page = pages - 1;
  const std::size_t first = page_starts[state.check_page];
  const std::size_t last =
      state.check_page + 1 < pages ? page_starts[state.check_page + 1] : rows.size();
  row_line(y);
  for (std::size_t i = first; i < last; ++i) {
    const Row& row = rows[i];
    ui.text(row.label, TextSize::Body, ImVec2(kMargin + 10.0F, y + row.label_top), t.muted_text,
            label_w - 20.0F);
    {
      std::optional<Ui::Unspoken> quiet;
      if (personal(row.question)) quiet.emplace(ui);
      ui.text(row.value, row.size, ImVec2(kMargin + label_w, y + row.value_top), t.text, value_w);
    }
    // No 変更 for an answer the resident cannot change (the card's, or never asked).
    if (row.question != nullptr && forms::may_change_answer(*row.question) &&
        ui.button("change:" + row.question->id, ui.tr("変更"),
                  ImVec2(ui.screen().x - kMargin - change_w, y + (row.height - 96.0F) * 0.5F),
                  ImVec2(change_w, 96.0F), ButtonStyle::Secondary)) {
      session.change(row.question->id);
    }
    y += row.height;
    row_line(y);
  }
  const bool last_page = state.check_page + 1 >= pages;
  const float left_w = state.check_page > 0 ? 360.0F : 320.0F;
  if (state.check_page > 0) {
    if (ui.button("check_page_back", ui.tr("前のページ"), ImVec2(kMargin, footer_y(ui)),
                  ImVec2(left_w, kFooterButtonHeight), ButtonStyle::Secondary)) {
      --state.check_page;
    }
  } else if (back_button(ui)) {
    session.back();
  }
  if (pages > 1) {  // "ページ 1 / 2" beside the heading, so the footer keeps the fee
    const std::string page = std::to_string(state.check_page + 1) + " / " + std::to_string(pages);
    const auto size = ui.measure(page, TextSize::Heading);
    ui.text(page, TextSize::Heading,
            ImVec2(ui.screen().x - kMargin - size.x, kHeaderHeight + 60.0F), t.text);
  }
  const float primary_w = 620.0F;
  fee_in_footer(session, ui, kMargin + left_w + 50.0F, ui.screen().x - kMargin - primary_w - 40.0F);
  const int total = session.visit_fee_yen();
  if (!last_page) {
    if (primary_button(ui, "check_page_next", ui.tr("次のページ"), primary_w)) ++state.check_page;
  } else if (primary_button(ui, "next",
                            session.more_after_check() ? ui.tr("次へ")
                            : total > 0                ? ui.tr("申し込んで支払う")
                                                       : ui.tr("この内容で申し込む"),
                            primary_w)) {
    session.next();
  }
}

}  // namespace madoguchi::kiosk::ui::screens
