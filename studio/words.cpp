#include "words.hpp"

namespace madoguchi::studio {

namespace {

const Words kJapanese{
    "手続き",
    {"証明書", "引っ越し・住所", "子育て・妊娠", "介護・お年寄り", "災害"},
    "用紙",
    "ページ",
    "見本の住民",
    "方眼",
    "枠と名前",
    "倍率",
    "選んだ枠",
    "用紙の枠をクリックすると選べます",
    "左から (mm)",
    "上から (mm)",
    "幅 (mm)",
    "高さ (mm)",
    "文字の大きさ (pt)",
    "印刷する文字",
    "元に戻す",
    "やり直す",
    "保存…",
    "保存する前に、変わる所を確かめてください",
    "保存する",
    "やめる",
    "保存しました",
    "保存できません。次の点を直してください",
    "変更はありません",
    "削除",
    "追加",
    "確認: 問題はありません",
    "確認で見つかったこと",
    "印刷の注意",
    "保存していない変更があります",
    "変更を捨てる",
    "枠はドラッグで移動、右下の角で大きさを変えます。矢印キーで 0.5 mm (Shift で 5 mm) "
    "動かします。Ctrl+Z 元に戻す、Ctrl+Y やり直す、Ctrl+S 保存",
    "この変更はできません",
};

const Words kEnglish{
    "Procedures",
    {"Certificates", "Moving and address", "Children and pregnancy", "Care and older people",
     "Disasters"},
    "Paper",
    "Page",
    "Sample resident",
    "Grid",
    "Outlines and names",
    "Zoom",
    "Selected box",
    "Click a box on the paper to select it",
    "From the left (mm)",
    "From the top (mm)",
    "Width (mm)",
    "Height (mm)",
    "Text size (pt)",
    "Printed text",
    "Undo",
    "Redo",
    "Save…",
    "Before saving, check what changes",
    "Save",
    "Cancel",
    "Saved",
    "Cannot save. Please fix the following",
    "No changes",
    "removed",
    "added",
    "Check: no problems",
    "What the check found",
    "Printing notes",
    "There are unsaved changes",
    "Discard the changes",
    "Drag a box to move it, its lower-right corner to resize it. Arrow keys move it 0.5 mm "
    "(5 mm with Shift). Ctrl+Z undo, Ctrl+Y redo, Ctrl+S save",
    "This change cannot be made",
};

}  // namespace

const Words& words_for(std::string_view language) {
  return language == "en" ? kEnglish : kJapanese;
}

}  // namespace madoguchi::studio
