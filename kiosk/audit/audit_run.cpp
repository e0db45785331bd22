#include "audit/audit_run.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "audit/audit_totals.hpp"
#include "madoguchi/kiosk/access_code.hpp"
#include "madoguchi/text/japanese_date.hpp"
#include "persona.hpp"
#include "screens/png_file.hpp"
#include "screens/screens.hpp"
#include "screens/widgets.hpp"

namespace madoguchi::kiosk::ui::audit {

namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;
using nlohmann::json;

namespace {

struct Persona {
  std::string name;  // the file's stem: "long-address"
  ResidentIdentity identity;
};

std::optional<Persona> load_persona(const fs::path& file) {
  auto persona = card::load_persona(file);
  if (!persona) return std::nullopt;
  card::BasicInfo& card = persona->basic_info;
  return Persona{file.stem().string(),
                 forms::ResidentFacts{std::move(card.name), std::move(card.address),
                                      std::move(card.birth_date), std::move(card.sex)}};
}

// Noon in Japan on `iso` (YYYY-MM-DD), or now.
Clock::time_point noon_in_japan(const std::string& iso) {
  const auto day = text::parse_iso_date(iso);
  return day ? text::time_in_japan(*day, 12) : Clock::now();
}

std::string kind_name(forms::QuestionKind kind) {
  switch (kind) {
    case forms::QuestionKind::Number:
      return "number";
    case forms::QuestionKind::Choice:
      return "choice";
    case forms::QuestionKind::YesNo:
      return "yes_no";
    case forms::QuestionKind::Date:
      return "date";
    case forms::QuestionKind::PostalCode:
      return "postal_code";
    case forms::QuestionKind::Phone:
      return "phone";
    case forms::QuestionKind::KanaText:
      return "kana_text";
    case forms::QuestionKind::Text:
      return "text";
  }
  return "question";
}

class Walker {
 public:
  Walker(KioskApp& app, Session& session, const AuditOptions& options)
      : app_(app), session_(session), o_(options) {
    session_.set_clock([this] { return now_; });
    app_.on_command([this](Command command) {
      if (const auto* check = std::get_if<CheckPrintable>(&command)) check_id_ = check->check_id;
    });
    app_.ui().record_text(true);
    for (const auto& file : o_.residents) {
      if (auto p = load_persona(file)) {
        personas_.push_back(std::move(*p));
      } else {
        errors_.push_back("cannot read the persona " + file.string());
      }
    }
  }

  AuditResult run() {
    const auto started = std::chrono::steady_clock::now();
    std::vector<const forms::Procedure*> procedures;
    for (const auto& p : session_.catalogue()) {
      if (o_.procedure.empty() || p.id == o_.procedure) procedures.push_back(&p);
    }
    if (procedures.empty()) errors_.push_back("no procedure " + o_.procedure + " in the catalogue");
    // As the welcome screen lists them: by group, then order.
    std::stable_sort(procedures.begin(), procedures.end(),
                     [](const forms::Procedure* a, const forms::Procedure* b) {
                       return a->group != b->group ? a->group < b->group : a->order < b->order;
                     });
    const auto& languages = session_.view().translations().languages();
    json walked_languages = json::array();
    for (std::size_t l = 0; l < languages.size(); ++l) {
      if (!o_.language.empty() && languages[l].code != o_.language) continue;
      walked_languages.push_back({{"code", languages[l].code},
                                  {"name", languages[l].name},
                                  {"checked", languages[l].checked}});
      for (const View view : o_.views) {
        language_ = l;
        view_ = view;
        seen_questions_.clear();
        common_screens();
        bool first = true;
        for (const forms::Procedure* p : procedures) {
          walk(*p, first);
          first = false;
        }
      }
    }
    if (walked_languages.empty()) errors_.push_back("no language " + o_.language);
    json walked_views = json::array();
    for (const View view : o_.views) walked_views.push_back(std::string(view_name(view)));
    if (writing_.valid() && !writing_.get()) errors_.push_back("cannot write " + writing_path_);
    AuditResult result;
    result.frames = worst_.frames;
    result.failing_frames = worst_.failing;
    result.walk_errors = errors_;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    json by_view = json::object();
    for (const auto& [name, w] : worst_by_view_) by_view[name] = w.to_json();
    result.report = json{
        {"thresholds", to_json(o_.thresholds)},
        {"screen", {{"width", app_.ui().whole_screen().x}, {"height", app_.ui().whole_screen().y}}},
        {"languages", walked_languages},  // each with whether a native speaker checked it
        {"views", walked_views},
        {"frames_audited", result.frames},
        {"frames_failing", result.failing_frames},
        {"seconds", std::round(result.seconds * 10.0) / 10.0},
        {"atlas_rebuilds", app_.atlas_rebuild_count()},
        {"atlas", app_.atlas_size()},
        {"worst", worst_.to_json()},
        {"worst_by_view", by_view},
        {"walk_errors", errors_},
        {"frames", frames_},
    };
    return result;
  }

 private:
  KioskApp& app_;
  Session& session_;
  const AuditOptions& o_;
  Clock::time_point now_ = Clock::now();
  std::size_t language_ = 0;
  View view_ = View::Normal;
  std::string procedure_ = "_";
  int index_ = 0;
  unsigned check_id_ = 0;
  std::vector<Persona> personas_;
  std::set<std::string> seen_questions_;
  json frames_ = json::array();
  Worst worst_;
  std::map<std::string, Worst> worst_by_view_;
  std::vector<std::string> errors_;
  std::size_t printed_ = 0;
  std::map<std::string, std::string> pictures_;     // fingerprint -> the first frame like it
  std::map<std::string, std::string> screenshots_;  // frame -> its PNG
  std::future<bool> writing_;                       // the PNG being written
  static constexpr std::size_t kFailurePictures = 100;
  std::size_t failure_pictures_ = 0;
  std::string writing_path_;

  // What the frame shows below the header: its lines of text, where, and its buttons.
  static std::string fingerprint(const Ui& ui) {
    std::string out;
    const float top = header_height();
    for (const TextRun& run : ui.text_runs()) {
      if (run.laid_max.y <= top) continue;
      out += run.text + "@" + std::to_string(std::lround(run.laid_min.x)) + "," +
             std::to_string(std::lround(run.laid_min.y)) + ";";
    }
    for (const ButtonRecord& b : ui.buttons()) {
      if (b.max.y <= top) continue;
      out += b.id + "#" + std::to_string(static_cast<int>(b.style)) + "@" +
             std::to_string(std::lround(b.min.x)) + "," + std::to_string(std::lround(b.min.y)) +
             ";";
    }
    return std::to_string(std::hash<std::string>{}(out));
  }

  ScreenState& state() { return app_.screen_state(); }

  // The staff menu opens only after a right staff code: the audit's session gets a staff member
  // of its own, with a code made for the audit (one Argon2id hash, once).
  void open_staff_menu() {
    if (!staff_roster_set_) {
      staff_roster_set_ = true;
      const std::string code = "135790";
      if (auto phc = hash_access_code(code)) {
        session_.set_roster(Session::CodePad::Staff,
                            Roster({RosterEntry{"S001", "田中", std::move(*phc)}}));
      }
    }
    session_.check_code(Session::CodePad::Staff, "135790");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (session_.sign_in().checking() && std::chrono::steady_clock::now() < deadline) {
      session_.tick();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    session_.tick();
    session_.take_code_answer();
    if (!session_.sign_in().staff_menu_open()) error("the staff menu did not open");
  }
  bool staff_roster_set_ = false;
  std::string language_code() const {
    return session_.view().translations().languages().at(language_).code;
  }

  void apply_view() {
    session_.view().set_language(language_);
    const bool large = view_ == View::LargeText;
    const bool contrast = view_ == View::HighContrast;
    if (session_.view().large_text() != large) session_.view().toggle_large_text();
    if (session_.view().high_contrast() != contrast) session_.view().toggle_high_contrast();
    const bool reach = view_ == View::LowReach;
    if (session_.view().low_reach() != reach) session_.view().toggle_low_reach();
  }

  void error(const std::string& what) {
    errors_.push_back(language_code() + "/" + std::string(view_name(view_)) + "/" + procedure_ +
                      ": " + what + " (on " + std::string(screen_id(session_.screen())) + ")");
  }

  bool expect(Screen screen, const std::string& step) {
    if (session_.screen() == screen) return true;
    error("expected " + std::string(screen_id(screen)) + " after " + step);
    return false;
  }

  // A frame laid out (not drawn) so that the screens' state follows the session.
  void quiet_frame() {
    app_.set_rendering(false);
    apply_view();
    app_.frame();
  }

  // Back to the welcome screen, the resident erased, in this language and view.
  void to_welcome() {
    if (session_.waiting_for_card_back()) session_.give_up_waiting_for_card();
    if (session_.idle_warning()) session_.keep_going();
    if (session_.screen() != Screen::Welcome) {
      session_.go_to_counter(std::string{});
      session_.finish();
    }
    if (session_.in_visit()) session_.end_visit();
    quiet_frame();
    quiet_frame();
  }

  // Measures the frame on screen now (drawn again until no glyph is missing).
  void shoot(const std::string& screen, const std::string& variant = {},
             const std::string& persona = {}) {
    apply_view();
    // Drawn with the renderer only when a PNG is sure to be wanted; otherwise laid out, and
    // drawn again below if it turns out to need one.
    const bool render_all = o_.screenshots == Screenshots::All;
    app_.set_rendering(render_all);
    for (int i = 0; i < 6; ++i) {
      app_.frame();
      if (app_.last_frame_complete()) break;
    }
    if (!app_.last_frame_complete()) error("glyphs still missing on " + screen);
    app_.keep_glyphs();
    const ImDrawData* draw = ImGui::GetDrawData();
    if (draw == nullptr) {
      error("no draw data for " + screen);
      return;
    }
    Ui& ui = app_.ui();
    FrameMetrics m = measure(*draw, *ImGui::GetIO().Fonts, ui.buttons(), ui.text_runs(),
                             ui.panels(), ui.whole_screen(), o_.thresholds);
    const std::size_t sentences =
        find_speech_and_reach(ui, screen, view_ == View::LowReach, o_.thresholds, m);
    char number[16];
    std::snprintf(number, sizeof number, "%02d", ++index_);
    std::string name = std::string(number) + "-" + screen + (variant.empty() ? "" : "-" + variant);
    std::replace(name.begin(), name.end(), '/', '_');
    const std::string view(view_name(view_));
    const std::string id = language_code() + "/" + view + "/" + procedure_ + "/" + name;
    json record{{"frame", id},
                {"screen", screen},
                {"variant", variant},
                {"procedure", procedure_},
                {"language", language_code()},
                {"view", view}};
    if (!persona.empty()) record["persona"] = persona;
    record["sentences"] = sentences;
    const bool failing = !m.findings.empty();
    // Failing frames each get a PNG, up to a limit (when a change breaks every screen, the
    // first hundred tell as much as all of them, and the run stays short).
    bool picture = render_all || (failing && o_.screenshots != Screenshots::None &&
                                  failure_pictures_++ < kFailurePictures);
    if (o_.screenshots == Screenshots::Distinct && !failing) {
      // The high-contrast view lays the screens out as the normal view does, in other
      // colours: one PNG for each kind of screen (and of question) is enough to look at.
      std::string kind = variant;
      if (screen == "question")
        kind = variant.substr(std::min(variant.size(), variant.find('-') + 1));
      const std::string key = view_ == View::HighContrast ? screen + "/" + kind : fingerprint(ui);
      const auto [earlier, added] = pictures_.emplace(language_code() + "/" + view + "/" + key, id);
      picture = added;
      if (!added) {
        record[view_ == View::HighContrast ? "same_kind_as" : "same_below_header_as"] =
            earlier->second;
        if (const auto shot = screenshots_.find(earlier->second); shot != screenshots_.end()) {
          record["screenshot"] = shot->second;
        }
      }
    }
    if (picture) {
      if (!render_all) {  // the same screen again, drawn this time
        app_.set_rendering(true);
        app_.frame();
      }
      const fs::path relative =
          fs::path("screens") / language_code() / view / procedure_ / (name + ".png");
      fs::create_directories((o_.out / relative).parent_path());
      if (auto pixels = app_.read_screen()) {
        // Written on a thread of its own while the walk goes on (one PNG at a time).
        if (writing_.valid() && !writing_.get()) error("cannot write " + writing_path_);
        writing_path_ = (o_.out / relative).string();
        writing_ =
            std::async(std::launch::async, [path = o_.out / relative, p = std::move(*pixels)] {
              return write_png(path, p.width, p.height, p.rgb);
            });
        record["screenshot"] = relative.string();
        screenshots_[id] = relative.string();
      }
    }
    record["glyphs"] = m.glyphs;
    record["targets"] = m.targets;
    record["smallest_text_px"] = number_or_null(m.text_px);
    record["smallest_text"] = m.text_px_text;
    record["smallest_heading_px"] = number_or_null(m.heading_px);
    record["smallest_ruby_px"] = number_or_null(m.ruby_px);
    if (std::isfinite(m.ruby_px)) record["smallest_ruby"] = m.ruby_px_text;
    record["smallest_target_px"] = number_or_null(m.target_px);
    record["smallest_target"] = m.target_text;
    record["smallest_target_gap_px"] = number_or_null(m.target_gap_px);
    record["closest_targets"] = m.target_gap_text;
    record["lowest_contrast"] = number_or_null(m.contrast);
    record["lowest_contrast_text"] = m.contrast_text;
    record["lowest_contrast_colours"] =
        hex(m.contrast_text_colour) + " on " + hex(m.contrast_background);
    record["overflows"] = m.overflows;
    if (m.glyphs_without_line > 0) record["glyphs_without_line"] = m.glyphs_without_line;
    auto findings = json::array();
    for (const Finding& f : m.findings) {
      findings.push_back(json{{"metric", f.metric},
                              {"detail", f.detail},
                              {"value", number_or_null(f.value)},
                              {"threshold", number_or_null(f.threshold)},
                              {"text", f.text},
                              {"box", {f.min.x, f.min.y, f.max.x, f.max.y}}});
      if (printed_ < 80) {
        ++printed_;
        std::cerr << "audit: FAIL " << id << ": " << f.metric << " (" << f.detail << ")";
        if (f.threshold > 0.0) std::cerr << " " << f.value << " < " << f.threshold;
        std::cerr << ": \"" << f.text.substr(0, 120) << "\"\n";
      }
    }
    record["findings"] = findings;
    frames_.push_back(std::move(record));
    worst_.add(m, id);
    worst_by_view_[view].add(m, id);
  }

  void common_screens() {
    procedure_ = "_";
    index_ = 0;
    now_ = Clock::now();
    to_welcome();
    for (const forms::ProcedureGroup group :
         {forms::ProcedureGroup::Certificates, forms::ProcedureGroup::Moving,
          forms::ProcedureGroup::Children, forms::ProcedureGroup::Care,
          forms::ProcedureGroup::Disaster}) {
      state().group = group;
      state().welcome_page = 0;
      shoot("welcome", std::string(forms::group_name(group)));
      while (state().welcome_page + 1 < state().welcome_pages) {  // a group of several pages
        ++state().welcome_page;
        shoot("welcome", std::string(forms::group_name(group)) + "-page" +
                             std::to_string(state().welcome_page + 1));
      }
    }
    state().group = forms::ProcedureGroup::Certificates;  // the disaster group's one page: page 0
    state().choosing_language = true;
    shoot("language_menu");
    state().choosing_language = false;
    // The code pads and the staff menu (the welcome screen's hidden gestures open them).
    for (const auto pad : {Session::CodePad::Volunteer, Session::CodePad::Staff}) {
      state().code_pad = pad;
      state().pad_code = "123";
      state().pad_message = "番号が違います。もう一度押してください。";
      shoot("code_pad", pad == Session::CodePad::Staff ? "staff" : "volunteer");
    }
    state().code_pad.reset();
    state().pad_code.clear();
    state().pad_message.clear();
    open_staff_menu();
    shoot("staff_menu");
    session_.close_staff_menu();
    // 係員を呼ぶ once the call is made, once a member of staff has taken it, and where no call
    // can be made (each a new resident's visit).
    for (const auto news : {StaffCallNews::State::Sent, StaffCallNews::State::Taken,
                            StaffCallNews::State::Unreachable}) {
      session_.call_staff();
      session_.on(StaffCallNews{news});
      shoot("welcome", news == StaffCallNews::State::Sent    ? "staff_called"
                       : news == StaffCallNews::State::Taken ? "staff_coming"
                                                             : "staff_unreachable");
      session_.choose_procedure(session_.catalogue().front().id);
      to_welcome();
    }
    // After a crash: a paid application kept for the counter, said on the welcome screen.
    session_.on(KeptForCounter{{"1202-003", "1202-004"}});
    shoot("welcome", "kept_for_counter");
    session_.choose_procedure(session_.catalogue().front().id);  // the next resident clears it
    to_welcome();
  }

  std::string fallback_answer(const forms::Question& q) const {
    const auto today = text::civil_date_in_japan(now_);
    char iso[16];
    switch (q.kind) {
      case forms::QuestionKind::Choice:
        return q.choices.empty() ? std::string{} : q.choices.front().id;
      case forms::QuestionKind::YesNo:
        return "yes";
      case forms::QuestionKind::Number:
        return std::to_string(q.min);
      case forms::QuestionKind::Date: {
        text::CivilDate day = today;
        if (q.max_date && q.max_date->on(today) < day) day = q.max_date->on(today);
        if (q.min_date && day < q.min_date->on(today)) day = q.min_date->on(today);
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", day.year, day.month, day.day);
        return iso;
      }
      case forms::QuestionKind::PostalCode:
        return "1000001";
      case forms::QuestionKind::Phone:
        return "0312345678";
      case forms::QuestionKind::KanaText:
        return "ヤマダ";
      case forms::QuestionKind::Text:
        return "テスト";
    }
    return {};
  }

  bool on_question(const forms::Question& q) {
    return session_.screen() == Screen::Question && session_.current_question() == &q;
  }

  // The question's screen: with the problem an empty answer gets, with an answer typed or
  // chosen, and (text questions) with the alphabet keyboard.
  void question_frames(const forms::Question& q, const WalkAnswers& answers) {
    seen_questions_.insert(procedure_ + "/" + q.id);
    const std::string kind = kind_name(q.kind);
    const bool refuses_empty =
        q.required || q.kind == forms::QuestionKind::Choice || q.kind == forms::QuestionKind::YesNo;
    if (forms::may_change_answer(q) && session_.current_answer().empty() && refuses_empty) {
      session_.next();
      if (on_question(q) && !session_.notice().empty()) {
        shoot("question", q.id + "-" + kind + "-problem");
      } else if (!on_question(q)) {
        session_.back();  // it was taken: back to it
        if (!on_question(q)) error("could not come back to " + q.id);
      }
    }
    if (forms::may_change_answer(q)) {
      const auto it = answers.answers.find(q.id);
      session_.set_answer(it != answers.answers.end() ? it->second : fallback_answer(q));
      state().typing.question_id.clear();  // the keyboard shows the answer afresh
    }
    shoot("question", q.id + "-" + kind);
    if (q.kind == forms::QuestionKind::Text && forms::may_change_answer(q)) {
      state().typing.alphabet = true;
      shoot("question", q.id + "-" + kind + "-alphabet");
      state().typing.alphabet = false;
    }
  }

  // Answers the question on screen and goes on; false when no answer passes.
  bool answer_and_next(const forms::Question& q, const WalkAnswers& answers) {
    if (forms::may_change_answer(q)) {
      const auto it = answers.answers.find(q.id);
      session_.set_answer(it != answers.answers.end() ? it->second : fallback_answer(q));
    }
    session_.next();
    if (!on_question(q)) return true;
    if (forms::may_change_answer(q)) {
      session_.set_answer(fallback_answer(q));
      session_.next();
    }
    return !on_question(q);
  }

  // From the welcome screen to the card's details, with the PIN screens measured or not.
  bool to_confirm_identity(const forms::Procedure& p, const Persona& persona, bool measure_all) {
    state().group = p.group;
    session_.choose_procedure(p.id);
    if (!expect(Screen::PlaceCard, "choosing " + p.id)) return false;
    if (measure_all) shoot("place_card");
    session_.on(CardReady{3});
    if (!expect(Screen::EnterPin, "the card")) return false;
    if (measure_all) shoot("enter_pin");
    for (const char d : {'1', '2', '3', '4'}) session_.press_digit(d);
    session_.submit_pin();
    if (!expect(Screen::ReadingCard, "the PIN")) return false;
    if (measure_all) {
      shoot("reading_card");
      session_.on(CardProblem{CardProblemKind::WrongPin, 2});
      if (!expect(Screen::EnterPin, "a wrong PIN")) return false;
      session_.press_digit('1');
      session_.press_digit('2');
      shoot("enter_pin", "wrong_pin");
      session_.press_digit('3');
      session_.press_digit('4');
      session_.submit_pin();
      if (!expect(Screen::ReadingCard, "the PIN again")) return false;
    }
    session_.on(IdentityRead{persona.identity});
    return expect(Screen::ConfirmIdentity, "reading the card");
  }

  // The 個人番号's choice, where the procedure asks it: measured once (the choice, the card being
  // read, a card that did not give it, which leaves 窓口で書く only), then read from the card.
  bool through_my_number(bool measure) {
    if (session_.screen() != Screen::MyNumberConsent) return true;
    if (measure) {
      shoot("my_number_consent");
      session_.read_my_number();
      shoot("my_number_consent", "reading");
      session_.on(MyNumberRead{{}, CardProblemKind::Unreadable});
      if (!expect(Screen::MyNumberConsent, "a card that did not give the 個人番号")) return false;
      shoot("my_number_consent", "read_failed");
      session_.back();
      if (!expect(Screen::ConfirmIdentity, "戻る on the 個人番号")) return false;
      session_.confirm_identity();
      session_.write_my_number_at_counter();
    } else {
      session_.read_my_number();
      auto number = card::MyNumber::from_digits("000000000001");
      if (number) {
        session_.on(MyNumberRead{CarriedMyNumber(std::move(*number)), CardProblemKind::Unreadable});
      }
    }
    if (session_.screen() != Screen::MyNumberConsent) return true;
    error("still on the 個人番号's choice after choosing");
    return false;
  }

  void dialogs() {
    const std::string under(screen_id(session_.screen()));
    session_.on(CardRemoved{});
    if (session_.waiting_for_card_back()) {
      shoot("card_back", "over-" + under);
      session_.on(CardBack{true});
    } else {
      error("no card-back dialog");
    }
    now_ += session_.idle().quiet + std::chrono::seconds(1);
    shoot("idle", "over-" + under);
    if (!session_.idle_warning()) error("no idle countdown");
    session_.keep_going();
  }

  void check_pages(const std::string& variant = {}) {
    for (std::size_t page = 0; page < 20; ++page) {
      state().check_page = page;
      shoot("check_answers",
            (variant.empty() ? "" : variant + "-") + "page-" + std::to_string(page + 1));
      const auto& buttons = app_.ui().buttons();
      const bool more = std::any_of(buttons.begin(), buttons.end(), [](const ButtonRecord& b) {
        return b.id == "check_page_next";
      });
      if (!more) break;
    }
  }

  // Answers every question without measuring, except those this view has not seen yet.
  bool through_questions(const WalkAnswers& answers, bool measure_new) {
    for (int guard = 0; guard < 100 && session_.screen() == Screen::Question; ++guard) {
      const forms::Question* q = session_.current_question();
      if (q == nullptr) break;
      if (measure_new && !seen_questions_.contains(procedure_ + "/" + q->id)) {
        question_frames(*q, answers);
      }
      if (!answer_and_next(*q, answers)) {
        error("no answer passes " + q->id + ": " + session_.notice());
        return false;
      }
    }
    return expect(Screen::CheckAnswers, "the questions");
  }

  void walk(const forms::Procedure& p, bool first) {
    procedure_ = p.id;
    index_ = 0;
    auto cases = o_.walks ? o_.walks(p) : std::vector<WalkAnswers>{};
    std::stable_sort(cases.begin(), cases.end(),
                     [](const WalkAnswers& a, const WalkAnswers& b) { return a.asked > b.asked; });
    if (cases.empty()) cases.emplace_back();
    now_ = noon_in_japan(cases.front().today);
    if (personas_.empty()) return;
    const Persona& persona = personas_.front();
    to_welcome();
    if (!to_confirm_identity(p, persona, true)) return;
    shoot("confirm_identity", persona.name, persona.name);
    session_.confirm_identity();
    if (!through_my_number(true)) return;
    bool dialogs_shown = false;
    for (int guard = 0; guard < 100 && session_.screen() == Screen::Question; ++guard) {
      const forms::Question* q = session_.current_question();
      if (q == nullptr) break;
      if (!dialogs_shown) {
        dialogs();
        dialogs_shown = true;
      }
      question_frames(*q, cases.front());
      if (!answer_and_next(*q, cases.front())) {
        error("no answer passes " + q->id + ": " + session_.notice());
        return;
      }
    }
    if (!expect(Screen::CheckAnswers, "the questions")) return;
    if (!dialogs_shown) dialogs();
    check_pages();
    state().check_page = 99;  // the last page: the button that applies
    quiet_frame();
    pay_and_print(p, first);

    // The other golden cases ask questions the first one does not (conditions).
    for (std::size_t c = 1; c < cases.size(); ++c) {
      now_ = noon_in_japan(cases[c].today);
      to_welcome();
      if (!to_confirm_identity(p, persona, false)) return;
      session_.confirm_identity();
      if (!through_my_number(false)) return;
      if (!through_questions(cases[c], true)) return;
    }
    if (first) {
      // The card's details, short and as long as the card can hold them.
      now_ = noon_in_japan(cases.front().today);
      for (std::size_t i = 1; i < personas_.size(); ++i) {
        to_welcome();
        if (!to_confirm_identity(p, personas_[i], false)) return;
        shoot("confirm_identity", personas_[i].name, personas_[i].name);
        session_.confirm_identity();
        if (!through_my_number(false)) return;
        if (!through_questions(cases.front(), false)) return;
        state().check_page = 0;
        shoot("check_answers", personas_[i].name + "-page-1", personas_[i].name);
      }
    }
    to_welcome();
  }

  // Submitting signed, up to the card's answer: the wait, the password keyboard (empty, typed,
  // refused as too short, after a wrong password), then back to the choice.
  void signing_screens() {
    session_.choose_delivery(Session::Delivery::Signed);
    if (!expect(Screen::Signing, "choosing to sign")) return;
    shoot("signing");
    session_.on(SigningNews{SigningOutcome::Ready, 5});
    if (!expect(Screen::SignPassword, "a card that can sign")) return;
    shoot("sign_password");
    for (const char c : std::string("ABC12")) session_.press_password_key(c);
    session_.submit_password();
    shoot("sign_password", "too_short");
    session_.press_password_key('3');
    session_.submit_password();
    if (!expect(Screen::Signing, "a password sent")) return;
    session_.on(SigningNews{SigningOutcome::WrongPassword, 3});
    if (!expect(Screen::SignPassword, "a wrong password")) return;
    shoot("sign_password", "wrong");
    session_.back();
    if (!expect(Screen::CheckAnswers, "やめる on the password")) return;
    session_.next();
    if (!expect(Screen::HandIn, "applying again")) return;
  }

  void pay_and_print(const forms::Procedure& p, bool first) {
    const int fee = session_.fee().total_yen;
    session_.next();
    if (session_.screen() == Screen::Related) {  // the procedures that usually follow: all ticked
      shoot("related_procedures");
      const auto offers = session_.related_offers();
      for (const forms::Procedure* offer : offers) session_.tick_related(offer->id);
      shoot("related_procedures", "ticked");
      for (const forms::Procedure* offer : offers) session_.tick_related(offer->id);
      session_.take_related();  // none: this procedure alone
    }
    if (session_.screen() == Screen::HandIn) {
      shoot("hand_in");
      if (first) signing_screens();
      session_.choose_delivery(Session::Delivery::Paper);
    }
    if (!expect(Screen::Paying, "applying")) return;
    shoot("paying", fee > 0 ? "fee" : "no-fee");  // delivers the print check
    session_.on(PrintCheck{check_id_, true, {}});
    if (fee > 0) {
      if (!expect(Screen::Paying, "the print check")) return;
      session_.on(PaymentDone{PaymentStatus::Declined,
                              "カードが使えませんでした。別のお支払い方法をお選びください", "", "",
                              ""});
      if (!expect(Screen::PaymentProblem, "a declined payment")) return;
      shoot("payment_problem");
      session_.retry();
      session_.on(PaymentDone{PaymentStatus::Approved, "お支払いが完了しました", "クレジットカード",
                              "T-0001", "K1-AUDIT"});
    }
    if (!expect(Screen::Printing, "the payment")) return;
    shoot("printing");
    // The printer holds the job (out of paper) while the resident waits.
    session_.on(PrintProgressNote{"プリンターの用紙がありません。係員をお呼びください。", true});
    shoot("printing", "held");
    session_.on(PrintDone{false, "プリンターの用紙がありません。係員をお呼びください。", {}, true});
    if (!expect(Screen::PrintProblem, "a printer fault")) return;
    shoot("print_problem");
    // ... and when the printer could not confirm the job canceled: no refund, and why.
    session_.retry();
    session_.on(
        PrintDone{false, "プリンターの用紙がありません。係員をお呼びください。", {}, false});
    if (!expect(Screen::PrintProblem, "a job that may still print")) return;
    shoot("print_problem", "may_still_print");
    session_.retry();
    session_.on(PrintDone{true, {}, {}});
    if (!expect(Screen::TakeCard, "printing " + p.id)) return;
    shoot("take_card");
    if (first) {
      session_.another_procedure();
      if (!expect(Screen::Welcome, "続けてほかの手続きをする")) return;
      shoot("welcome", "in_visit");
      session_.end_visit();
    } else {
      session_.go_to_counter(
          "暗証番号を忘れた場合は、窓口で本人確認のうえ、再設定できます。"
          "マイナンバーカードをお持ちになって窓口へお越しください。");
      if (!expect(Screen::Counter, "going to the counter")) return;
      shoot("counter");
      session_.finish();
    }
  }
};

}  // namespace

AuditResult run_audit(KioskApp& app, Session& session, const AuditOptions& options) {
  fs::create_directories(options.out);
  Walker walker(app, session, options);
  AuditResult result = walker.run();
  std::ofstream(options.out / "audit.json") << result.report.dump(1) << "\n";
  return result;
}

}  // namespace madoguchi::kiosk::ui::audit
