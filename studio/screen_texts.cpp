// What the resident reads, question by question: each question's title, help and name on the
// check screen, and its choices, in every language of the file (やさしい日本語 with its furigana
// written {漢字|かんじ}), each editable in place; and when the question is asked, in words.
// A text the file writes as plain Japanese (format version 1) is shown, not edited here.
#include <nlohmann/json.hpp>

#include "layout_edit.hpp"
#include "studio_panels.hpp"
#include "text_field.hpp"

namespace madoguchi::studio {

namespace {

// "「household」が「all」のとき", "… かつ …", "… ではないとき".
std::string in_words(const forms::Condition& condition, const forms::Procedure& procedure) {
  using Op = forms::Condition::Op;
  auto named = [&](const std::string& id) {
    const auto* question = procedure.find_question(id);
    return "「" + (question != nullptr ? question->title : id) + "」";
  };
  auto choice = [&](const std::string& question_id, const std::string& value) {
    if (const auto* question = procedure.find_question(question_id)) {
      for (const auto& option : question->choices) {
        if (option.id == value) return "「" + option.label + "」";
      }
    }
    return "「" + value + "」";
  };
  switch (condition.op) {
    case Op::Equals:
      return named(condition.question) + "が" + choice(condition.question, condition.values.at(0));
    case Op::In: {
      std::string any;
      for (const auto& value : condition.values) {
        any += (any.empty() ? "" : "か") + choice(condition.question, value);
      }
      return named(condition.question) + "が" + any;
    }
    case Op::Not:
      return "（" + in_words(condition.parts.at(0), procedure) + "）ではない";
    case Op::All:
    case Op::Any: {
      std::string joined;
      for (const auto& part : condition.parts) {
        joined += (joined.empty()            ? ""
                   : condition.op == Op::All ? "、かつ"
                                             : "、または") +
                  in_words(part, procedure);
      }
      return joined;
    }
  }
  return {};
}

std::string_view text_in(const forms::Texts& texts, int language) {
  return texts.in(forms::kLanguages.at(static_cast<std::size_t>(language)));
}

// One text of the file in its three languages, at `pointer` ("/questions/0/title").
void texts_rows(StudioState& state, const Glyphs& say, const char* what, const std::string& pointer,
                const forms::Texts& texts, const nlohmann::json& in_file) {
  const Words& w = *state.words;
  ImGui::TextDisabled("%s", say(what).c_str());
  const bool per_language = in_file.is_object();
  for (int language = 0; language < 3; ++language) {
    ImGui::PushID(language);
    const std::string key = pointer + "/" + kLanguageCodes[language];
    if (per_language) {
      if (auto words = text_field(state, say, say(w.languages[language]).c_str(), key,
                                  std::string(text_in(texts, language)),
                                  ImGui::GetContentRegionAvail().x * 0.7F)) {
        apply_edit(state, set_member(state.open->text(), pointer, kLanguageCodes[language],
                                     nlohmann::json(*words).dump()));
      }
    } else if (language == 0) {
      ImGui::TextWrapped("%s", say(texts.ja).c_str());
    }
    ImGui::PopID();
  }
}

}  // namespace

void screen_texts(StudioState& state, const Glyphs& say) {
  if (!state.open) return;
  const Words& w = *state.words;
  const auto& procedure = state.open->procedure();
  const auto file = nlohmann::json::parse(state.open->text(), nullptr, false);
  if (!file.is_object() || !file.contains("questions")) return;
  const auto& questions = file["questions"];
  ImGui::TextDisabled("%s", say(w.furigana_hint).c_str());
  for (std::size_t i = 0; i < procedure.questions.size() && i < questions.size(); ++i) {
    const auto& question = procedure.questions[i];
    const auto& in_file = questions[i];
    const std::string at = "/questions/" + std::to_string(i);
    ImGui::PushID(static_cast<int>(i));
    const std::string heading =
        std::to_string(i + 1) + ". " + question.title + "  (" + question.id + ")";
    if (ImGui::CollapsingHeader(say(heading).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      ImGui::TextDisabled("%s",
                          say(std::string(w.asked_when) + ": " +
                              (question.show_if ? in_words(*question.show_if, procedure) + "とき"
                                                : std::string(w.always_asked)))
                              .c_str());
      if (state.screens.run && ImGui::SmallButton(say(w.screens.see_on_kiosk).c_str())) {
        show_question_screen(state, question.id);
      }
      texts_rows(state, say, w.question_title, at + "/title", question.titles,
                 in_file.value("title", nlohmann::json()));
      if (in_file.contains("help")) {
        texts_rows(state, say, w.question_help, at + "/help", question.helps, in_file["help"]);
      }
      if (in_file.contains("summary_label")) {
        texts_rows(state, say, w.question_short, at + "/summary_label", question.summary_labels,
                   in_file["summary_label"]);
      }
      for (std::size_t c = 0; c < question.choices.size(); ++c) {
        const auto& choice = question.choices[c];
        const auto& choice_in_file = in_file.value("choices", nlohmann::json::array());
        if (c >= choice_in_file.size() || !choice_in_file[c].contains("label")) continue;
        ImGui::PushID(static_cast<int>(c));
        texts_rows(state, say, (std::string(w.choice_label) + " " + choice.id).c_str(),
                   at + "/choices/" + std::to_string(c) + "/label", choice.labels,
                   choice_in_file[c]["label"]);
        ImGui::PopID();
      }
    }
    ImGui::PopID();
  }
}

}  // namespace madoguchi::studio
