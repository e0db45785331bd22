// The screens where the resident waits on a device: the card checked and read, the form
// printed, the payment taken back. The card stays on the reader meanwhile.
#include "screen_parts.hpp"

namespace madoguchi::kiosk::ui::screens {

void checking_card(Ui& ui, double time_seconds) {
  busy(ui, ui.tr("カードを確認しています"), ui.tr("カードを置いたままお待ちください"),
       time_seconds);
}

void reading_card(Ui& ui, double time_seconds) {
  busy(ui, ui.tr("カードを読み取っています"), ui.tr("カードを置いたままお待ちください"),
       time_seconds);
}

void printing(Session& session, Ui& ui, double time_seconds) {
  // Out of paper, a jam: the printer holds the job, and it goes on once staff fix it. (With
  // 車いすの方 the screen above the band has room for the notice or the spinner, not both.)
  const bool held = !session.notice().empty();
  const float foot = busy(ui, ui.tr("申請書を印刷しています"), ui.tr("しばらくお待ちください"),
                          time_seconds, !(held && ui.reach()));
  if (held) {
    notice(ui, session.notice() + ui.tr("係員が直すと、続きが自動で印刷されます。"),
           ui.reach() ? foot + 30.0F : 820.0F);
  }
}

void signing(Ui& ui, double time_seconds) {
  busy(ui, ui.tr("カードで電子署名をしています"), ui.tr("カードを置いたままお待ちください"),
       time_seconds);
}

void refunding(Ui& ui, double time_seconds) {
  busy(ui, ui.tr("お支払いを取り消しています"), ui.tr("しばらくお待ちください"), time_seconds);
}

}  // namespace madoguchi::kiosk::ui::screens
