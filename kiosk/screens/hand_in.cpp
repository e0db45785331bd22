// 申請書の出し方: on paper (printed, signed in its 自署 box where there is one, handed in at the
// counter) or signed with the card and sent, for a procedure that allows either. Each choice says
// plainly what follows it.
#include "screen_parts.hpp"

namespace madoguchi::kiosk::ui::screens {

void hand_in(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  float y = heading(ui, ui.tr("申請書の出し方を選んでください"));
  y = notice(ui, session.notice(), y + 30.0F);
  const float width = ui.screen().x - 2 * kMargin;
  const bool paper_signature =
      session.procedure() != nullptr && session.procedure()->needs_signature;
  const std::string paper_detail =
      paper_signature ? ui.tr(
                            "申請書を印刷します。「自署」の欄にお名前を書いて、お控えと一緒に窓口へ"
                            "お出しください。")
                      : ui.tr("申請書を印刷します。お控えと一緒に窓口へお出しください。");
  const std::string signed_detail = ui.tr(
      "紙は出ません。マイナンバーカードの署名用パスワード（英字と数字で6〜16文字）で電子署名"
      "をして、申請書を窓口へ送ります。お控えだけ印刷します。");
  const float height =
      std::max(ui.button_height(ui.tr("紙に印刷して出す"), width, ButtonStyle::Choice), 200.0F);
  y += 30.0F;
  if (ui.button("hand_in:paper", ui.tr("紙に印刷して出す"), ImVec2(kMargin, y),
                ImVec2(width, height), ButtonStyle::Choice, paper_detail)) {
    session.choose_delivery(Session::Delivery::Paper);
  }
  y += height + 30.0F;
  if (ui.button("hand_in:signed", ui.tr("カードで電子署名して送る"), ImVec2(kMargin, y),
                ImVec2(width, height), ButtonStyle::Choice, signed_detail)) {
    session.choose_delivery(Session::Delivery::Signed);
  }
  (void)t;
  if (back_button(ui)) session.back();
}

}  // namespace madoguchi::kiosk::ui::screens
