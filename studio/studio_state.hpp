// What the studio's window shows and edits, apart from how it is drawn: the catalogue's
// procedures, the one open, the sample resident, the page as it will print, the selected box
// and the drag in progress. The panels (studio_panels.hpp) read and change it; the app
// (studio_app.hpp) owns it.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "line_diff.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "open_procedure.hpp"
#include "page_preview.hpp"
#include "screens_run.hpp"
#include "words.hpp"

namespace madoguchi::studio {

struct CatalogEntry {
  std::string id;
  std::string title;
  forms::ProcedureGroup group = forms::ProcedureGroup::Certificates;
  int order = 100;
  std::filesystem::path file;
};

struct Sample {
  std::string label;  // the persona's note: "長い氏名と住所"
  std::filesystem::path file;
};

// The town's office.json as the settings dialog edits it.
struct TownForm {
  std::filesystem::path file;
  std::string saved;  // the file's text ("" when there is none yet)
  std::string text;   // with the edits
  std::array<char, 64> town_name{};
  std::array<char, 64> addressee{};
  int slip_paper = 0;  // a6, receipt-80mm, a4
  int quiet = 90, countdown = 30, card_back = 60;
  std::string problem;  // what the check says of `text`, "" when it passes
};

// What the new-procedure dialog holds while staff fill it in.
struct NewProcedureForm {
  std::array<char, 41> id{};
  std::array<char, 256> title_ja{};
  std::array<char, 256> title_en{};
  int from = 0;  // index into the entries
  std::string problem;
};

struct Drag {
  enum class Kind { None, Move, Resize };
  Kind kind = Kind::None;
  PageBox box;        // the box as it was when the drag began
  float start_x = 0;  // the pointer then, in screen pixels
  float start_y = 0;
  double dx_mm = 0;  // so far, snapped
  double dy_mm = 0;
};

// The キオスクの画面 tab: the run of the kiosk's screens and how they are shown.
struct ScreensTab {
  std::unique_ptr<ScreensRun> run;  // made by the app (it knows the studio's own program)
  std::filesystem::path samples;
  std::filesystem::path office;
  int language = 1;                      // 0: every language; else 1 + index of kLanguageCodes
  bool views[3] = {true, false, false};  // normal, large text, high contrast
  bool redraw_on_edit = true;
  bool visible = false;         // the tab is showing (the redraw on edit waits for it)
  int selected = -1;            // the frame shown large (index into the report's shown frames)
  bool bring_forward = false;   // the tab to be opened at the next frame
  std::string wanted_question;  // a question whose screen is to be chosen once drawn
  // The pictures the app made of the report's thumbnails and of the selected frame.
  std::vector<void*> thumbnails;
  void* large = nullptr;
  int large_width = 0, large_height = 0;
  int large_of = -1;  // the frame it shows
};

struct StudioState {
  const Words* words = nullptr;
  std::filesystem::path catalog;
  std::filesystem::path golden;       // where golden cases are recorded
  int golden_cases = 0;               // … and how many the open procedure has
  std::vector<CatalogEntry> entries;  // in welcome-screen order: group, then order
  std::vector<Sample> samples;
  int sample = 0;
  std::optional<forms::ResidentFacts> resident;  // the sample's facts, wiped when it changes

  std::optional<OpenProcedure> open;
  forms::Answers chosen_answers;  // answers staff chose for the page over the sample answers
  std::string wanted;  // a procedure to open once the unsaved-changes question is answered
  int page = 0;
  std::optional<PagePreview> preview;
  std::string preview_problem;
  bool preview_stale = true;
  double pixels_per_mm = 0;  // of the page on screen (the preview is rasterised at it)
  float zoom = 1.0F;         // over the size that fits the window
  bool show_grid = true;
  bool show_outlines = true;

  std::string selected;                    // PageBox::pointer of the selected box, "" for none
  std::vector<std::string> also_selected;  // more boxes, added with Shift+click
  std::string typing_in;                   // the fixed text whose words are being typed
  std::array<char, 512> typing{};          // … and what is typed so far
  Drag drag;
  std::string status;  // the last thing that happened, in the status bar
  bool status_is_problem = false;

  NewProcedureForm new_procedure;
  TownForm town;
  forms::Office office;  // from office.json, for the pages

  ScreensTab screens;

  bool save_dialog = false;
  std::vector<DiffLine> diff;
  std::vector<std::string> save_findings;
};

// The catalogue folder's procedures, as the welcome screen orders them, and the samples.
std::vector<CatalogEntry> read_catalog_entries(const std::filesystem::path& folder);
std::vector<Sample> read_samples(const std::filesystem::path& folder);

// Opens a procedure of the catalogue (its id), page 1, nothing selected.
bool open_procedure(StudioState& state, const std::string& id);
// Takes an edited text from layout_edit; a refusal goes to the status bar.
void apply_edit(StudioState& state, const std::expected<std::string, std::string>& text);
// The check's findings on the open text, each as staff read it (finding_words.hpp).
std::vector<std::string> findings_in_words(const StudioState& state);
void undo(StudioState& state);
void redo(StudioState& state);
// Opens the save dialog with the diff, or saves at once from it (`confirmed`).
void ask_to_save(StudioState& state);
void save_now(StudioState& state);
// The catalogue's procedures read again (after one was added, retired or moved).
void reload_entries(StudioState& state);
// Records the current sample's printout of the open (saved) procedure as a golden case.
void record_sample(StudioState& state);
// Reads office.json into the settings dialog's form (and the office the pages show).
void read_town_settings(StudioState& state, const std::filesystem::path& file);
// The dialog's fields written into its text, and checked as the kiosk checks office.json.
void check_town_settings(StudioState& state);
bool save_town_settings(StudioState& state);
// The answers the page is filled with: the sample answers, with those staff chose.
forms::Answers page_answers(const StudioState& state);
// What the キオスクの画面 tab would ask the run for now: the open procedure's text, the answers
// chosen, the language and views ticked.
ScreensRequest screens_request(const StudioState& state);
// Starts a run of the screens for screens_request (its problem goes to the tab).
void draw_screens(StudioState& state);
// Opens the キオスクの画面 tab on the question's screen: chosen at once when the screens drawn
// are those of the current text, else once they are drawn again.
void show_question_screen(StudioState& state, const std::string& question_id);
// The frame of the question's screen (its first, unanswered-problem frames aside) in the last
// report, or -1.
int question_frame(const StudioState& state, const std::string& question_id);

// Nothing selected any more.
void clear_selection(StudioState& state);
// The selected box and those also selected, on the current preview.
std::vector<PageBox> selected_boxes(const StudioState& state);
// The selected box on the current preview, or nullptr.
const PageBox* selected_box(const StudioState& state);

}  // namespace madoguchi::studio
