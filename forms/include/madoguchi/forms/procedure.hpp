// Procedures (手続き): what a resident applies for, the questions the kiosk asks, the fee,
// and the paper form it prints. Procedures are read from JSON files that staff edit; the
// format is described in docs/procedure-format.md.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/layout.hpp"
#include "madoguchi/forms/resident.hpp"
#include "madoguchi/text/japanese_date.hpp"

namespace madoguchi::forms {

// The procedure file formats this build reads: 1 (Japanese only, three kinds of question),
// 2 (languages, conditions, dates, postal codes, phones, kana and text, prefill) and 3
// (welcome-screen groups, answers shared within a visit, fees by choice, several pages,
// character grids).
inline constexpr int kProcedureFormatVersion = 3;
inline constexpr int kOldestProcedureFormatVersion = 1;

// The languages a procedure file may carry text in, in the order the kiosk offers them.
// Japanese is always there; the others fall back to Japanese where a file does not give them.
// The printed form stays Japanese whatever the screens speak.
enum class Language {
  Ja,      // "ja"
  JaEasy,  // "ja-easy": やさしい日本語, may carry furigana markup (kept as written)
  En,      // "en"
  ZhHans,  // "zh-Hans": simplified Chinese
  ZhHant,  // "zh-Hant": traditional Chinese
  Ko,      // "ko"
  Vi,      // "vi"
  PtBr,    // "pt-BR": Portuguese (Brazil)
  Tl,      // "tl": Tagalog
  Ne,      // "ne": Nepali
};
inline constexpr std::size_t kLanguageCount = 10;
inline constexpr std::array<Language, kLanguageCount> kLanguages{
    Language::Ja, Language::JaEasy, Language::En,   Language::ZhHans, Language::ZhHant,
    Language::Ko, Language::Vi,     Language::PtBr, Language::Tl,     Language::Ne};
std::string_view language_code(Language language);  // "ja", "ja-easy", "zh-Hans", …
// The language of a code as language_code() spells it; nullopt for any other.
std::optional<Language> language_of(std::string_view code);
// Japanese as the screens write it (ja, ja-easy): numbers carry their counters ("1通") and
// dates their era; in the other languages a number stands bare and a date is 1980-02-17.
bool is_japanese(Language language);

// One text in the languages of the file. In a file: "住民票の写し" (Japanese only) or, from
// format version 2, { "ja": "住民票の写し", "ja-easy": "…", "en": "Certificate of residence",
// "zh-Hans": "…", … } with any of the languages above besides "ja".
struct Texts {
  std::string ja;  // the source text, always there (and what a printed form shows)
  // The text in `language`, or the Japanese one if the file does not give that language.
  std::string_view in(Language language) const;
  bool has(Language language) const;
  // Sets the text in `language` (Language::Ja sets `ja`); empty removes a translation.
  void set(Language language, std::string_view text);

 private:
  // The translations one after the other in one string, in the languages' order (Japanese is
  // `ja`): a catalogue holds thousands of texts, and ten strings of their own each took 320
  // bytes before a character and an allocation for every translation.
  std::string translated_;
  std::array<std::uint32_t, kLanguageCount> ends_{};  // where each language's text ends
};

// Why a procedure file could not be used, written for the staff member who edits it.
struct LoadError {
  std::string file;     // as given to the loader: "forms/catalog/juminhyo.json"
  std::string pointer;  // JSON pointer to the culprit, "/questions/2/max"; "" = whole file
  std::string message;  // what is wrong, in plain words
  int line = 0;         // for broken JSON: where the reader gave up (1-based; 0 = unknown)
  int column = 0;       // counted in characters, not bytes

  // "forms/catalog/juminhyo.json: /questions/2/max: must be ≥ min (1)"
  // "forms/catalog/juminhyo.json: line 3, column 14: ..."
  std::string to_string() const;
};

struct Choice {
  std::string id;     // stored as the answer: "self"
  std::string label;  // shown on the button and printed: "本人のみ" (= labels.ja)
  std::string help;   // a short explanation under the label; may be empty (= helps.ja)
  Texts labels;       // the label in every language of the file
  Texts helps;
};

enum class QuestionKind {
  Number,      // a count in a range
  Choice,      // one of a list
  YesNo,       // はい / いいえ
  Date,        // 和暦 or 西暦; stored as "YYYY-MM-DD"                    (format 2)
  PostalCode,  // 7 digits; stored as "1234567", shown as "123-4567"     (format 2)
  Phone,       // a Japanese number, 10 or 11 digits; stored as typed, in ASCII (format 2)
  KanaText,    // kana (カナ keyboard); stored in katakana                (format 2)
  Text,        // free text, kept rare; stored as typed                  (format 2)
};

// Question id -> answer value (a choice id, "yes"/"no", a number in decimal digits, a date
// "YYYY-MM-DD", digits of a postal code or phone number, or text).
using Answers = std::map<std::string, std::string, std::less<>>;

// "Show this step only if an earlier answer says so." Conditions compare stored answers
// (choice ids, "yes"/"no", numbers in digits); a question that is not asked has no answer,
// so `equals` and `in` about it are false (and `not` of them true).
struct Condition {
  enum class Op {
    Equals,  // { "question": "purpose", "equals": "pension" }
    In,      // { "question": "purpose", "in": ["pension", "car"] }
    Not,     // { "not": <condition> }
    All,     // { "all": [<condition>, …] }
    Any,     // { "any": [<condition>, …] }
  };
  Op op = Op::All;
  std::string question;             // Equals, In
  std::vector<std::string> values;  // Equals: one value; In: one or more
  std::vector<Condition> parts;     // Not: one; All, Any: one or more

  bool holds(const Answers& answers) const;
};

// How a date question is typed.
enum class DateEntry {
  Wareki,   // 和暦: "昭和55年2月17日", "S55.2.17"
  Seireki,  // 西暦: "1980年2月17日", "1980-02-17", "1980/2/17"
  Either,   // both
};

// A limit on a date answer: a fixed day, or a day counted from the day of the application.
// In a file: "1900-01-01", "today", "today-120y", "today+30d", "today-6m", "today-1y-6m".
struct DateLimit {
  bool relative = false;
  text::CivilDate date;                 // when not relative
  int years = 0, months = 0, days = 0;  // when relative: added to the day of application
  std::string spelling;                 // as written in the file
  text::CivilDate on(text::CivilDate today) const;  // the limit for an application made `today`
};

// Where a prefilled answer comes from.
struct Prefill {
  enum class Source {
    CardName,       // "card.name"        (text questions)
    CardAddress,    // "card.address"     (text questions)
    CardBirthDate,  // "card.birth_date"  (date questions)
    Answer,         // "answer.<id>"      (an earlier question of the same kind)
  };
  Source source = Source::CardName;
  std::string question_id;  // Answer
  bool editable = true;     // false: the resident sees the value but may not change it
  // false ("asked": false): never asked on a screen of its own; the answer is the visit's
  // shared answer of the question's share_as name when an earlier procedure of the visit gave
  // one (転入's new address for 国民健康保険 加入), else the prefilled value. Shown on the check
  // screen.
  bool asked = true;
  std::string to_string() const;
};

// What can be wrong with an answer; the keys of a question's "messages" in a file.
//   "required"  nothing was entered
//   "invalid"   not a date / postal code / phone number / kana / one line of text
//   "too_early", "too_late"  a date outside min/max
//   "too_long"  more characters than max_length
using ValidationMessages = std::map<std::string, Texts, std::less<>>;

// One question, asked on one screen. The plain strings are the Japanese text (what the
// screens show today); the Texts next to them carry every language of the file.
struct Question {
  std::string id;
  QuestionKind kind = QuestionKind::Choice;
  std::string title;            // the one question asked on the screen (= titles.ja)
  std::string help;             // explanation shown under it (= helps.ja)
  std::string unit;             // Number: "通"
  int min = 0, max = 0;         // Number: the allowed range, inclusive
  std::string default_value;    // choice id / number / "yes"|"no"; may be empty
  std::vector<Choice> choices;  // Choice; YesNo gets {"yes", …}, {"no", …} (labels from file)
  std::string summary_label;    // short label on the check-your-answers screen: "必要な通数"
  Texts titles, helps, summary_labels;

  // Format version 2.
  std::optional<Condition> show_if;     // asked only when this holds for the earlier answers
  DateEntry entry = DateEntry::Either;  // Date
  std::optional<DateLimit> min_date, max_date;  // Date, inclusive
  int max_length = 0;                           // KanaText, Text: in characters (0 = no limit)
  bool required = true;            // Date … Text: false lets the resident leave it empty
  ValidationMessages messages;     // the file's own wording for problems, by key above
  std::optional<Prefill> prefill;  // an answer already known, from the card or earlier

  // Format version 3: the visit-level name of this answer ("contact_phone"). A later
  // procedure of the same visit with a question of the same name does not ask it again.
  std::string share_as;
};

// The fee is per_copy_yen × the answer to copies_question (× 1 without such a question),
// or nothing when one of the free cases holds (the first one that holds gives the reason).
struct FreeCase {
  Condition when;
  Texts reason;  // "年金の手続きに使うときは無料です"
};

struct FeeRule {
  int per_copy_yen = 300;
  std::string copies_question;  // id of a Number question; may be empty
  std::vector<FreeCase> free_cases;
  // Format version 3: the fee per copy set by the answer to a choice question (戸籍謄本 450円,
  // 除籍 750円). Every choice is listed; per_copy_yen applies when it is not asked.
  std::string per_copy_question;
  std::map<std::string, int, std::less<>> per_copy_by_choice;
};

struct FeeQuote {
  int per_copy_yen = 0;
  int copies = 0;
  int total_yen = 0;
  const FreeCase* free_case = nullptr;  // the free case that applies, or nullptr
};

// Who may apply (申請できる人).
enum class Applicant {
  Self,           // "本人"
  SameHousehold,  // "同一世帯"
  Agent,          // "代理人"
};

// Where the welcome screen puts a procedure: the groups residents think in.
enum class ProcedureGroup {
  Certificates,  // "certificates": 証明書がほしい
  Moving,        // "moving":       引っ越し・住所
  Children,      // "children":     子育て・妊娠
  Care,          // "care":         介護・お年寄り
  Disaster,      // "disaster":     災害
};
inline constexpr int kProcedureGroupCount = 5;
std::string_view group_name(ProcedureGroup group);  // "certificates", …

// How an application ends: printed and handed in at the counter (signed in its 自署 box where
// the form has one), signed with the card's 署名用電子証明書 and sent without paper, or either,
// as the resident chooses.
enum class HandIn { Paper, Signed, Either };

// When the kiosk offers this procedure to a resident who has just done another one (format 3,
// "offered_after"): after one of `after` (転入 → 国民健康保険 加入), if the resident's age from
// the card and the visit's shared answers (share_as names) say it applies. offers.hpp reads it.
struct OfferRule {
  std::vector<std::string> after;   // procedure ids: "tennyu", "tenkyo"
  std::optional<int> age_at_least;  // the card's birth date: this old or older on the day
  std::optional<int> age_below;     // younger than this
  // Shared answer name → the answers that let it be offered (each name must hold).
  std::map<std::string, std::vector<std::string>, std::less<>> answers;
};

struct Procedure {
  int format_version = kProcedureFormatVersion;
  std::string file;  // the file it was read from, as given to the loader (for messages)
  // Format version 3; files of versions 1 and 2 are certificates.
  ProcedureGroup group = ProcedureGroup::Certificates;
  int order = 100;          // place within its group on the welcome screen: lower first (format 3)
  std::string id;           // "juminhyo"
  std::string title;        // what residents ask for: "住民票の写し"
  std::string form_title;   // the printed form's heading: "住民票の写し等交付請求書"
  std::string department;   // "市民課"
  std::string description;  // one or two sentences for the list of procedures
  std::string who_may_apply;     // shown before the first question (= who_may_apply_texts.ja)
  bool needs_my_number = false;  // true only if the form needs the 個人番号
  Texts titles, descriptions, who_may_apply_texts;

  // Format version 2.
  bool needs_signature = false;      // the printed form must be signed on paper (自署)
  HandIn hand_in = HandIn::Paper;    // "hand_in": how the application reaches the office
  std::set<Applicant> applicants;    // empty in version-1 files (not stated)
  std::vector<Texts> what_to_bring;  // shown before the first question: "印鑑", "通帳"

  FeeRule fee;
  std::vector<Question> questions;
  FormLayout layout;
  std::optional<OfferRule> offered_after;  // format 3: offered after related procedures

  // A listing (listing_of): what the welcome screen and the offers need, without questions and
  // paper. The kiosk holds every procedure's listing all day and reads the whole file only when
  // a resident chooses it (a catalogue of 40 procedures with their layouts is 2.5 MB).
  bool listing_only = false;

  const Question* find_question(std::string_view question_id) const;
};

// Reads and checks a procedure file. Never throws.
std::expected<Procedure, LoadError> load_procedure(const std::filesystem::path& file);

// Checks a procedure held in memory; `file_name_for_errors` only labels the errors.
std::expected<Procedure, LoadError> parse_procedure(std::string_view json_text,
                                                    const std::string& file_name_for_errors);

// Every procedure file (*.json) in a folder, in file-name order. A broken file does not
// stop the others from loading: it is reported in `errors`, and the kiosk offers the rest.
struct Catalog {
  std::vector<Procedure> procedures;
  std::vector<LoadError> errors;
};
Catalog load_catalog(const std::filesystem::path& folder);
// The same files, read and checked the same way, each kept as its listing (listing_of) once
// `inspect` has seen it whole: no more than one whole procedure is held at a time (the kiosk).
Catalog load_listings(const std::filesystem::path& folder,
                      const std::function<void(const Procedure&)>& inspect);

// The procedure without its questions and layout (listing_only set).
Procedure listing_of(Procedure procedure);
// The documents the procedure's what_to_bring names, in `language`, each without what the
// screens explain of it in （…） (「領収書（原本）」 → 「領収書」): the slip's and the check
// screen's list of what to hand in at the counter.
std::vector<std::string> documents_to_hand_in(const Procedure& procedure, Language language);

// A listing's procedure read whole from its file again, or why not (the file's error, or an id
// that is no longer the listing's).
std::expected<Procedure, std::string> read_whole(const Procedure& listing);

// Reads and checks every file the way the kiosk would, and more, for staff (the `--lint`
// of madoguchi_check_procedure): every unknown key, every box off the page, every overlap
// and every text that does not fit is reported, not only the first; then missing
// translations (a language some texts of the file have and others lack) and text answers
// whose longest allowed value does not fit their field. Empty when the file is good.
std::vector<LoadError> lint_procedure(std::string_view json_text,
                                      const std::string& file_name_for_errors);
std::vector<LoadError> lint_procedure_file(const std::filesystem::path& file);

// What the lint reads: the procedure as far as it can be read despite its problems (boxes that
// overlap or leave the page, texts that do not fit, missing translations), for the studio to
// show while staff fix them; no procedure when the text cannot be read at all (not JSON, a
// missing section). `problems` is lint_procedure()'s list. The kiosk never uses a draft.
struct ProcedureDraft {
  std::optional<Procedure> procedure;
  std::vector<LoadError> problems;
};
ProcedureDraft read_procedure_draft(std::string_view json_text,
                                    const std::string& file_name_for_errors);

// Questions of different procedures that share a name (share_as) must ask the same thing
// the same way: the same kind, and the same choices, range or max_length. One line per
// question that disagrees with the first question of that name. Empty when all agree.
std::vector<LoadError> lint_shared_answers(const std::vector<Procedure>& procedures);

// A procedure whose description (in Japanese) is word for word another's: left from the
// procedure it was made from (the studio's "new procedure" copies one). One line per copy,
// on the later file. Empty when every description is its own.
std::vector<LoadError> lint_copied_descriptions(const std::vector<Procedure>& procedures);

// --- One visit, several procedures --------------------------------------------------------
// Answers given earlier in this resident's visit, by share_as name ("contact_phone").
using SharedAnswers = std::map<std::string, std::string, std::less<>>;

// True when the answer to this question is already known from an earlier procedure of the
// visit: the kiosk does not ask it again (it shows on the check-your-answers screen).
bool answered_earlier_in_visit(const Question& question, const SharedAnswers& shared);

// The answers with shared answers of the visit filled in, for questions the resident has not
// answered in this procedure. A carried answer of the wrong form for this question (see
// is_well_formed_answer) is not carried; date limits are checked when the form is filled.
Answers carry_shared_answers(const Procedure& procedure, const SharedAnswers& shared,
                             const Answers& answers);

// Remembers this procedure's answers to its shared questions (asked ones only) for the next
// procedures of the visit.
void share_answers(const Procedure& procedure, const Answers& answers, SharedAnswers& shared);

// The questions to ask, in order, given the answers so far: a question with `show_if` is
// asked only if its condition holds for the answers to the questions asked before it.
std::vector<const Question*> questions_to_ask(const Procedure& procedure, const Answers& answers);

// The answers to the questions that are asked; answers to hidden questions are dropped.
Answers answers_to_asked_questions(const Procedure& procedure, const Answers& answers);

// What validation needs besides the answer: the language of the messages and the day of
// the application (for date limits such as "today-120y").
struct AnswerContext {
  Language language = Language::Ja;
  text::CivilDate today = text::civil_date_in_japan(std::chrono::system_clock::now());
};

// std::nullopt if `value` is an acceptable (stored) answer; otherwise a message for the
// resident in plain words that says what to do ("1通から10通までの数にしてください").
std::optional<std::string> validate_answer(const Question& question, std::string_view value);
std::optional<std::string> validate_answer(const Question& question, std::string_view value,
                                           const AnswerContext& context);

// What the resident typed -> the answer to store: dates to "YYYY-MM-DD" (from 和暦 or 西暦
// as the question allows), postal codes to 7 digits, phone numbers to ASCII digits and
// hyphens, kana to katakana with single full-width spaces, text trimmed; full-width digits
// and letters are accepted everywhere. Number, Choice and YesNo answers are kept as they
// are. Fails with the message for the resident when the result is not acceptable.
std::expected<std::string, std::string> normalize_answer(const Question& question,
                                                         std::string_view typed,
                                                         const AnswerContext& context = {});

// True when `value` has the form of a stored answer to this question: validate_answer without
// the limits that depend on the day of the application (a date's min and max).
bool is_well_formed_answer(const Question& question, std::string_view value);

// How an answer reads on the check-your-answers screen and on paper: "2通", "本人のみ",
// "はい", "昭和55年2月17日" (西暦 for seireki questions), "123-4567". "" for an empty answer;
// an answer that is not valid is returned unchanged.
std::string answer_label(const Question& question, std::string_view value);

// The answers with every prefilled question filled in from the card or an earlier answer:
// a question the resident has not answered gets the prefilled value, and a question whose
// prefill is not editable always has it (whatever `answers` says). Hidden questions stay
// unanswered. An unreadable card birth date prefills nothing.
Answers prefill_answers(const Procedure& procedure, const ResidentFacts& resident,
                        const Answers& answers);

// False when the procedure does not let the resident change this (prefilled) answer.
bool may_change_answer(const Question& question);
// False for a question never asked on a screen of its own (prefill "asked": false): its answer
// is the visit's shared one or the prefill.
bool asked_on_a_screen(const Question& question);

// The resident's age on `on` from the card's birth date (nullopt if unreadable).
std::optional<int> age_from_card(const ResidentFacts& resident, text::CivilDate on);

// The file's default answers (questions without a default are left out).
Answers default_answers(const Procedure& procedure);

// The fee for these answers. The answers should have passed validate_answer; a missing or
// unusable number of copies counts as 1. Free cases are judged on the asked questions only.
FeeQuote quote_fee(const Procedure& procedure, const Answers& answers);

// The town hall the kiosk stands in: whom the forms are addressed to. Set per town in
// assets/office.json (read by the kiosk).
struct Office {
  std::string town_name = "まどぐち市";
  std::string addressee = "まどぐち市長";
};

// A box of a procedure's layout that the town's name or addressee does not fit, even at the
// box's smallest size (the layout loader checks these boxes against the default Office only).
struct OfficeMisfit {
  std::string office_key;  // "town_name" or "addressee"
  LoadError box;           // the procedure file, the layout item's pointer, and by how much
};
// Every such box in `procedures`, so that a long town name or addressee is refused when the
// kiosk starts rather than sending each resident to the counter before payment.
std::vector<OfficeMisfit> office_misfits(std::span<const Procedure> procedures,
                                         const Office& office);

// Lays out the completed form. Answers to questions that are not asked are dropped, and
// prefilled answers are filled in (prefill_answers). Fails, with a message for staff and
// the log (never containing the resident's data), if an asked question has no valid answer
// or an answer is given for a question the procedure does not have.
// `my_number`: the 個人番号's 12 digits (read from the card with the resident's consent), printed
// one a cell in a grid bound to "card.my_number" of a procedure that needs it, and nowhere else:
// not in field_values. nullptr (written at the counter): those cells print empty.
std::expected<FilledForm, std::string> fill_form(
    const Procedure& procedure, const ResidentFacts& resident, const Answers& answers,
    const std::string& reception_number, std::chrono::system_clock::time_point when,
    const Office& office = {}, const wiping::WipingString* my_number = nullptr);

}  // namespace madoguchi::forms
