// The 画面 tab's work: the open procedure's screens drawn by the kiosk's own code and audited,
// in a child (madoguchi-studio --screens, screen_audit.hpp) so that the studio's window stays
// responsive and the kiosk's screens get an SDL of their own. The child is given a private
// copy of the catalogue with the procedure's edited text (the saved file is not touched); when
// it ends, its audit.json is read and the frames' PNGs are made into thumbnails on a thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "screens/png_file.hpp"

namespace madoguchi::kiosk {
class ChildProcess;
}

namespace madoguchi::studio {

struct ScreensRequest {
  std::filesystem::path catalog;  // the catalogue the procedure is in
  std::string procedure;          // its id
  std::string text;               // its text as staff have edited it
  forms::Answers answers;         // the answers staff chose for the page
  std::filesystem::path samples;
  std::filesystem::path golden;
  std::filesystem::path office;
  std::string language;  // "" = every language
  std::string views;     // "normal,large_text,high_contrast"
};

// A threshold a frame breaks, as audit.json says it.
struct ScreenFinding {
  std::string metric;  // text_size, target_size, contrast, overflow, …
  std::string detail;
  double value = 0;
  double threshold = 0;
  std::string text;             // the words on the screen that break it
  float box[4] = {0, 0, 0, 0};  // where, in the frame's pixels
};

struct ScreenFrame {
  std::string id;  // "ja/normal/juminhyo/08-question-copies-number"
  std::string screen;
  std::string variant;
  std::string language;
  std::string view;
  std::string persona;        // the sample resident's file name without .json, when it matters
  std::filesystem::path png;  // "" when the audit kept none (same as an earlier frame)
  std::vector<ScreenFinding> findings;
  kiosk::ui::RgbaImage thumbnail;  // a quarter of the size; empty once the window took it
  bool failing() const { return !findings.empty(); }
};

struct ScreensReport {
  std::size_t frames = 0;  // measured, with or without a picture
  std::size_t failing = 0;
  std::vector<std::string> walk_errors;
  double seconds = 0;
  std::vector<ScreenFrame> shown;  // the frames with a picture of their own, in walk order
};

// audit.json of the audit's folder `out`; the error says what is wrong with the file.
std::expected<ScreensReport, std::string> read_screens_report(const std::filesystem::path& out);

class ScreensRun {
 public:
  enum class State { Idle, Running, Done, Failed };

  // `program`: madoguchi-studio itself (the child runs it with --screens).
  explicit ScreensRun(std::filesystem::path program);
  ~ScreensRun();  // stops a child still running and removes the working folder
  ScreensRun(const ScreensRun&) = delete;
  ScreensRun& operator=(const ScreensRun&) = delete;

  // Starts a run (stopping one still running). False, with problem(), when it cannot start.
  bool start(const ScreensRequest& request);
  // Looks at the child without waiting; Done once its report is read and the thumbnails made.
  State poll();
  State state() const { return state_; }
  // Why the last run failed: what the child said, or what is wrong with its report.
  const std::string& problem() const { return problem_; }
  // The last report (kept while the next run goes on).
  ScreensReport& report() { return report_; }
  // What the last finished run was given (to tell whether the screens are out of date).
  const ScreensRequest& drawn() const { return drawn_; }
  const ScreensRequest& running() const { return running_; }
  double seconds_running() const;
  const std::filesystem::path& out() const { return out_; }

 private:
  void stop_child();
  std::filesystem::path program_;
  std::filesystem::path folder_;  // private: catalog/ and out/
  std::filesystem::path out_;
  std::unique_ptr<kiosk::ChildProcess> child_;
  std::future<std::expected<ScreensReport, std::string>> reading_;
  State state_ = State::Idle;
  std::string problem_;
  ScreensReport report_;
  ScreensRequest drawn_;
  ScreensRequest running_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace madoguchi::studio
