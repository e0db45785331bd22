#include "screens_run.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/storage/durable_file.hpp"

namespace madoguchi::studio {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A quarter of 1920 × 1080: 480 × 270, enough to tell the screens apart.
constexpr int kThumbnailShrink = 4;

std::string text_at(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end()) return {};
  const auto* text = found->get_ptr<const std::string*>();
  return text != nullptr ? *text : std::string{};
}

double number_at(const json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_number() ? found->get<double>() : 0.0;
}

ScreenFinding finding_of(const json& f) {
  ScreenFinding finding;
  finding.metric = text_at(f, "metric");
  finding.detail = text_at(f, "detail");
  finding.value = number_at(f, "value");
  finding.threshold = number_at(f, "threshold");
  finding.text = text_at(f, "text");
  const auto box = f.find("box");
  if (box != f.end() && box->is_array() && box->size() == 4) {
    for (std::size_t i = 0; i < 4; ++i) {
      if ((*box)[i].is_number()) finding.box[i] = (*box)[i].get<float>();
    }
  }
  return finding;
}

// The folder the runs work in: private to this user (mode 0700), under $TMPDIR.
std::expected<fs::path, std::string> make_folder() {
  std::error_code ec;
  const fs::path base = fs::temp_directory_path(ec);
  if (ec) return std::unexpected("no folder for temporary files: " + ec.message());
  std::string name = (base / "madoguchi-studio-screens-XXXXXX").string();
  if (mkdtemp(name.data()) == nullptr) {
    return std::unexpected("cannot make a folder in " + base.string());
  }
  return fs::path(name);
}

// The catalogue as the child reads it: every procedure file of `request.catalog` linked, the
// one being edited written with its edited text.
std::expected<void, std::string> write_catalog(const ScreensRequest& request,
                                               const fs::path& folder) {
  std::error_code ec;
  fs::remove_all(folder, ec);
  fs::create_directories(folder, ec);
  if (ec) return std::unexpected("cannot make " + folder.string() + ": " + ec.message());
  for (const auto& entry : fs::directory_iterator(request.catalog, ec)) {
    if (entry.path().extension() != ".json") continue;
    if (entry.path().stem() == request.procedure) continue;
    fs::create_symlink(fs::absolute(entry.path()), folder / entry.path().filename(), ec);
    if (ec) return std::unexpected("cannot link " + entry.path().string() + ": " + ec.message());
  }
  if (auto written =
          storage::write_file_atomically(folder, request.procedure + ".json", request.text);
      !written) {
    return std::unexpected(written.error());
  }
  json answers = json::object();
  for (const auto& [id, value] : request.answers) answers[id] = value;
  std::ofstream(folder.parent_path() / "answers.json", std::ios::binary | std::ios::trunc)
      << answers.dump() << "\n";
  return {};
}

std::expected<ScreensReport, std::string> read_with_thumbnails(fs::path out) {
  auto report = read_screens_report(out);
  if (!report) return report;
  for (auto& frame : report->shown) {
    auto picture = kiosk::ui::read_png(out / frame.png, kThumbnailShrink);
    if (!picture) return std::unexpected(picture.error());
    frame.thumbnail = std::move(*picture);
  }
  return report;
}

std::string last_lines(const fs::path& log, std::size_t lines) {
  std::ifstream in(log);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    if (!out.empty()) out += "\n";
    out += all[i];
  }
  return out;
}

}  // namespace

std::expected<ScreensReport, std::string> read_screens_report(const fs::path& out) {
  const fs::path file = out / "audit.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(file.string() + ": not written");
  const json audit = json::parse(in, nullptr, false);
  if (audit.is_discarded() || !audit.is_object()) {
    return std::unexpected(file.string() + ": not JSON");
  }
  const auto frames = audit.find("frames");
  if (frames == audit.end() || !frames->is_array()) {
    return std::unexpected(file.string() + ": /frames: missing");
  }
  ScreensReport report;
  report.seconds = number_at(audit, "seconds");
  if (const auto errors = audit.find("walk_errors"); errors != audit.end() && errors->is_array()) {
    for (const auto& e : *errors) {
      if (const auto* text = e.get_ptr<const std::string*>()) report.walk_errors.push_back(*text);
    }
  }
  for (const auto& f : *frames) {
    if (!f.is_object()) continue;
    ++report.frames;
    ScreenFrame frame;
    frame.id = text_at(f, "frame");
    frame.screen = text_at(f, "screen");
    frame.variant = text_at(f, "variant");
    frame.language = text_at(f, "language");
    frame.view = text_at(f, "view");
    frame.persona = text_at(f, "persona");
    if (const auto findings = f.find("findings"); findings != f.end() && findings->is_array()) {
      for (const auto& one : *findings) {
        if (one.is_object()) frame.findings.push_back(finding_of(one));
      }
    }
    if (frame.failing()) ++report.failing;
    // A frame like an earlier one points to that one's picture: shown once.
    const bool own_picture = !f.contains("same_below_header_as") && !f.contains("same_kind_as");
    const std::string png = text_at(f, "screenshot");
    if (png.empty() || !own_picture) continue;
    if (fs::path(png).is_absolute() || png.find("..") != std::string::npos) {
      return std::unexpected(file.string() + ": " + frame.id + ": a picture outside the folder");
    }
    frame.png = png;
    report.shown.push_back(std::move(frame));
  }
  return report;
}

ScreensRun::ScreensRun(fs::path program) : program_(std::move(program)) {}

ScreensRun::~ScreensRun() {
  stop_child();
  if (reading_.valid()) reading_.wait();
  std::error_code ec;
  if (!folder_.empty()) fs::remove_all(folder_, ec);
}

void ScreensRun::stop_child() {
  if (child_) child_->stop(std::chrono::milliseconds(500));
  child_.reset();
}

bool ScreensRun::start(const ScreensRequest& request) {
  stop_child();
  if (reading_.valid()) reading_.wait();
  reading_ = {};
  problem_.clear();
  if (folder_.empty()) {
    auto folder = make_folder();
    if (!folder) {
      problem_ = folder.error();
      state_ = State::Failed;
      return false;
    }
    folder_ = *folder;
  }
  out_ = folder_ / "out";
  std::error_code ec;
  fs::remove_all(out_, ec);
  if (auto written = write_catalog(request, folder_ / "catalog"); !written) {
    problem_ = written.error();
    state_ = State::Failed;
    return false;
  }
  std::vector<std::string> argv{program_.string(),
                                "--catalog",
                                (folder_ / "catalog").string(),
                                "--screens",
                                request.procedure,
                                "--out",
                                out_.string(),
                                "--answers",
                                (folder_ / "answers.json").string(),
                                "--samples",
                                request.samples.string(),
                                "--golden",
                                request.golden.string(),
                                "--office",
                                request.office.string(),
                                "--views",
                                request.views.empty() ? std::string("normal") : request.views};
  if (!request.language.empty()) {
    argv.push_back("--screens-language");
    argv.push_back(request.language);
  }
  // The kiosk's screens drawn off screen, without sound.
  auto child = kiosk::ChildProcess::start(argv, folder_ / "screens.log",
                                          {"SDL_VIDEODRIVER=offscreen", "SDL_AUDIODRIVER=dummy"});
  if (!child) {
    problem_ = child.error();
    state_ = State::Failed;
    return false;
  }
  child_ = std::make_unique<kiosk::ChildProcess>(std::move(*child));
  running_ = request;
  started_ = std::chrono::steady_clock::now();
  state_ = State::Running;
  return true;
}

ScreensRun::State ScreensRun::poll() {
  if (state_ != State::Running) return state_;
  if (child_) {
    if (child_->running()) return state_;
    const int status = child_->wait(std::chrono::milliseconds(0));
    child_.reset();
    // 0: every frame passes; 1: some do not (the report says which); else it could not run.
    const bool walked = WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1);
    if (!walked) {
      problem_ = last_lines(folder_ / "screens.log", 4);
      if (problem_.empty())
        problem_ = "the screens could not be drawn (status " + std::to_string(status) + ")";
      state_ = State::Failed;
      return state_;
    }
    reading_ = std::async(std::launch::async, read_with_thumbnails, out_);
  }
  if (reading_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return state_;
  auto report = reading_.get();
  reading_ = {};
  if (!report) {
    problem_ = report.error();
    state_ = State::Failed;
    return state_;
  }
  report_ = std::move(*report);
  drawn_ = running_;
  state_ = State::Done;
  return state_;
}

double ScreensRun::seconds_running() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

}  // namespace madoguchi::studio
