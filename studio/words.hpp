// What the studio says, in Japanese first and in English (--language en): every label,
// button and message of the window, so that no screen mixes the two.
#pragma once

#include <string_view>

namespace madoguchi::studio {

// The codes of the kiosk's languages, in the order of Words::languages.
inline constexpr const char* kLanguageCodes[3] = {"ja", "ja-easy", "en"};

// The キオスクの画面 tab (screens_panel.cpp).
struct ScreenWords {
  const char* tab;               // キオスクの画面
  const char* draw;              // 画面を描いて点検する
  const char* every_language;    // すべての言語
  const char* views[3];          // 標準, 文字を大きく, 白黒
  const char* redraw_on_edit;    // 変更のたびに描き直す
  const char* drawing;           // 描いています…
  const char* checked;           // 画面を点検しました
  const char* failing;           // 基準に届かない画面
  const char* all_pass;          // すべての画面が基準を満たしています
  const char* out_of_date;       // 最後の変更の前の画面です
  const char* could_not_draw;    // 画面を描けませんでした
  const char* not_reached;       // たどれなかった画面
  const char* none_yet;          // 「画面を描いて点検する」を押すと…
  const char* click_to_enlarge;  // 小さな画面をクリックすると大きく表示します
  const char* seconds;           // 秒
  const char* at_least;          // 以上
  const char* at_most;           // 以下
  const char* see_on_kiosk;      // キオスクの画面で見る
  // The screens (audit.json's "screen"), as staff call them.
  const char* screen_names[18];
  // The findings (audit.json's "metric").
  const char* metric_names[8];
  // Where text runs over (audit.json's "detail" of an overflow): off the screen, outside its
  // button, box or panel, over another line; and buttons that overlap.
  const char* overflow_places[3];
  const char* overlapping;
};
inline constexpr const char* kScreenIds[18] = {
    "welcome",      "language_menu",    "code_pad",  "staff_menu",    "place_card", "enter_pin",
    "reading_card", "confirm_identity", "card_back", "idle",          "question",   "check_answers",
    "paying",       "payment_problem",  "printing",  "print_problem", "take_card",  "counter"};
inline constexpr const char* kMetricIds[8] = {"text_size",   "heading_size", "ruby_size",
                                              "target_size", "target_gap",   "contrast",
                                              "overflow",    "missing_glyph"};

struct Words {
  const char* procedures;      // 手続き
  const char* group_names[5];  // as the welcome screen's groups
  const char* paper;           // 用紙
  const char* page;            // ページ
  const char* sample;          // 見本の住民
  const char* grid;            // 方眼
  const char* outlines;        // 枠と名前
  const char* zoom;            // 倍率
  const char* selected;        // 選んだ枠
  const char* none_selected;   // 枠をクリックして選びます
  const char* x_mm;            // 左から (mm)
  const char* y_mm;            // 上から (mm)
  const char* w_mm;            // 幅 (mm)
  const char* h_mm;            // 高さ (mm)
  const char* size_pt;         // 文字の大きさ (pt)
  const char* fixed_text;      // 印刷する文字
  const char* undo;            // 元に戻す
  const char* redo;            // やり直す
  const char* save;            // 保存…
  const char* save_title;      // 保存する前に、変わる所を確かめてください
  const char* save_confirm;    // 保存する
  const char* cancel;          // やめる
  const char* saved;           // 保存しました
  const char* not_saved;       // 保存できません。次を直してください
  const char* no_changes;      // 変更はありません
  const char* removed_line;    // 削除
  const char* added_line;      // 追加
  const char* check_ok;        // 確認: 問題はありません
  const char* check_findings;  // 確認で見つかったこと
  const char* warnings;        // 印刷の注意
  const char* unsaved;         // 未保存の変更があります
  const char* discard;         // 変更を捨てる
  const char* keys_help;       // 矢印キー: 0.5 mm 動かす …
  const char* cannot_edit;     // この変更はできません
  const char* new_procedure;   // 新しい手続き…
  const char* based_on;        // もとにする手続き
  const char* id_label;        // 手続きの記号 (英小文字・数字・_)
  const char* title_ja;        // 名前 (日本語)
  const char* title_en;        // 名前 (英語)
  const char* create;          // 作る
  const char* retire;          // この手続きをやめる…
  const char* retire_confirm;  // 窓口の機械に出さなくなります。ファイルは retired に移します
  const char* drag_to_reorder;  // ドラッグで並べ替え
  const char* save_first;       // 先に保存してください
  const char* record;           // この見本の印刷を正しいとして記録
  const char* recorded;         // 記録しました
  const char* golden_count;     // 記録した見本
  const char* golden_more;      // 3 件以上にしてください
  const char* town;             // 町の設定…
  const char* town_name;        // 町の名前（画面の見出し）
  const char* addressee;        // 申請書のあて先
  const char* slip_paper;       // 受付票の用紙
  const char* quiet_seconds;    // 操作がないとき、声をかけるまで（秒）
  const char* countdown;        // 声をかけてから最初の画面に戻るまで（秒）
  const char* card_back;        // カードが抜かれたまま待つ時間（秒）
  const char* fee;              // 手数料
  const char* per_copy_yen;     // 1通 (円)
  const char* free_when;        // 無料になるとき
  const char* boxes_selected;  // 枠を選んでいます（Shift+クリックで足す・外す）
  const char* arrangements[6];  // 左をそろえる … 縦に等間隔
  const char* screens_tab;      // 画面の文
  const char* paper_tab;        // 用紙
  const char* languages[3];     // 日本語, やさしい日本語, 英語
  const char* furigana_hint;  // やさしい日本語のふりがなは {漢字|かんじ} と書きます
  const char* question_title;  // 問い
  const char* question_help;   // 説明
  const char* question_short;  // 確認画面での名前
  const char* choice_label;    // 選択肢
  const char* asked_when;      // 聞くとき
  const char* always_asked;    // いつも聞きます
  const char* answers;         // 見本の答え
  const char* not_asked;       // （聞かれません）
  const char* ticked_when;     // 印が付くとき
  ScreenWords screens;
  const char* text_left_out;  // 最も小さい文字でも収まらず、印刷されません
  const char* text_shrunk;    // 文字を {from} pt から {to} pt に縮めて印刷します
  bool japanese;              // the check's findings said in Japanese (finding_words.hpp)
};

const Words& words_for(std::string_view language);  // "ja" (default) or "en"

}  // namespace madoguchi::studio
