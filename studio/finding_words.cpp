#include "finding_words.hpp"

#include <cstdlib>
#include <optional>

#include "page_preview.hpp"

namespace madoguchi::studio {

namespace {

struct LanguageName {
  const char* code;
  const char* ja;
  const char* en;
};
constexpr LanguageName kLanguages[] = {{"ja", "日本語", "Japanese"},
                                       {"ja-easy", "やさしい日本語", "Easy Japanese"},
                                       {"en", "英語", "English"}};

std::string language_name(std::string_view code, bool japanese) {
  for (const auto& l : kLanguages) {
    if (code == l.code) return japanese ? l.ja : l.en;
  }
  return std::string(code);
}

// "/questions/2/help/en" → {2, "help/en"}.
std::optional<std::pair<std::size_t, std::string>> question_part(const std::string& pointer) {
  constexpr std::string_view kQuestions = "/questions/";
  if (!pointer.starts_with(kQuestions)) return std::nullopt;
  const std::string rest = pointer.substr(kQuestions.size());
  char* end = nullptr;
  const unsigned long index = std::strtoul(rest.c_str(), &end, 10);
  if (end == rest.c_str()) return std::nullopt;
  std::string part(end);
  if (part.starts_with("/")) part.erase(0, 1);
  return std::pair{static_cast<std::size_t>(index), part};
}

// "help/en" → "の説明（英語）"; "choices/1/label" → "の選択肢「世帯全員」".
std::string question_text_words(const forms::Question& question, std::string part, bool japanese) {
  std::string language;
  for (const auto& l : kLanguages) {
    const std::string suffix = "/" + std::string(l.code);
    if (part.ends_with(suffix)) {
      language = language_name(l.code, japanese);
      part.erase(part.size() - suffix.size());
    }
  }
  std::string words;
  if (part == "title") {
    words = japanese ? "の問いの文" : " title";
  } else if (part == "help") {
    words = japanese ? "の説明" : " help";
  } else if (part == "summary_label") {
    words = japanese ? "の確認画面での名前" : " name on the check screen";
  } else if (part.starts_with("choices/")) {
    const std::size_t c = std::strtoul(part.c_str() + 8, nullptr, 10);
    const std::string label =
        c < question.choices.size() ? question.choices[c].label : std::to_string(c + 1);
    words = japanese ? "の選択肢「" + label + "」" : " choice \"" + label + "\"";
    if (part.ends_with("/help")) words += japanese ? "の説明" : " help";
  } else if (!part.empty()) {
    words = " (" + part + ")";
  }
  if (!language.empty()) words += japanese ? "（" + language + "）" : " (" + language + ")";
  return words;
}

std::optional<std::string> box_words(const std::string& pointer, const forms::Procedure& procedure,
                                     bool japanese) {
  const auto& pages = procedure.layout.pages;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for (const PageBox& box : boxes_of(pages[p])) {
      if (pointer != box.pointer && !pointer.starts_with(box.pointer + "/")) continue;
      std::string name;
      if (!box.text.empty()) {
        name = japanese ? "枠「" + box.text + "」" : "box \"" + box.text + "\"";
      } else {
        name = japanese ? "枠 " + box.id : "box " + box.id;
      }
      if (pages.size() > 1) {
        name += japanese ? "（" + std::to_string(p + 1) + "ページ）"
                         : " (page " + std::to_string(p + 1) + ")";
      }
      return name;
    }
  }
  return std::nullopt;
}

// The other place a message names: "… at /layout/items/12 …" → "/layout/items/12".
std::string pointer_after(const std::string& message, std::string_view marker) {
  const auto at = message.find(marker);
  if (at == std::string::npos) return {};
  const auto begin = at + marker.size();
  const auto end = message.find_first_of(" ,:;)", begin);
  return message.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// The findings staff's edits can cause, in Japanese; nullopt for the others.
std::optional<std::string> japanese_message(const forms::LoadError& f,
                                            const forms::Procedure& procedure) {
  const std::string& m = f.message;
  if (m.starts_with("this box overlaps")) {
    const std::string other = pointer_after(m, " at /");
    return (other.empty() ? std::string("ほかの枠")
                          : place_in_words("/" + other, procedure, true)) +
           "と重なっています。どちらかを動かしてください";
  }
  for (const auto& [side, words] : {std::pair{"right", "右"}, std::pair{"bottom", "下"}}) {
    if (m.find(std::string("past the ") + side + " margin") != std::string::npos) {
      return std::string("用紙の") + words +
             "の余白にはみ出しています。枠を小さくするか動かしてください";
    }
  }
  if (m.find("outside the printable area") != std::string::npos) {
    return std::string("印刷できる範囲の外にあります。用紙の内側に動かしてください");
  }
  if (m.find("does not fit in this box even at") != std::string::npos ||
      m.find("does not fit this box even at") != std::string::npos) {
    return std::string(
        "文字を最も小さくしても枠に収まりません。枠を広げるか、文字を短くしてください");
  }
  if (m.starts_with("has no \"")) {
    const std::string code = m.substr(8, m.find('"', 8) - 8);
    return language_name(code, true) + "の文がありません（ほかの文にはあります）。入れてください";
  }
  return std::nullopt;
}

}  // namespace

std::string place_in_words(const std::string& pointer, const forms::Procedure& procedure,
                           bool japanese) {
  if (auto box = box_words(pointer, procedure, japanese)) return *box;
  if (const auto question = question_part(pointer)) {
    const auto& [index, part] = *question;
    if (index < procedure.questions.size()) {
      const auto& q = procedure.questions[index];
      return (japanese ? "問い「" + q.title + "」" : "question \"" + q.title + "\"") +
             question_text_words(q, part, japanese);
    }
  }
  if (pointer.starts_with("/fee")) return japanese ? "手数料" : "fee";
  if (pointer.starts_with("/title")) return japanese ? "手続きの名前" : "procedure title";
  if (pointer.starts_with("/description")) return japanese ? "手続きの説明" : "description";
  if (pointer.empty()) return japanese ? "ファイル全体" : "the whole file";
  return pointer;
}

std::string finding_in_words(const forms::LoadError& finding, const forms::Procedure& procedure,
                             bool japanese) {
  const std::string place = place_in_words(finding.pointer, procedure, japanese);
  if (japanese) {
    if (auto said = japanese_message(finding, procedure)) return place + ": " + *said;
  }
  return place + ": " + finding.message;
}

}  // namespace madoguchi::studio
