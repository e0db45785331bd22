// madoguchi-studio: the town's staff's program for procedures and their paper (issue 18).
//   madoguchi-studio [--catalog DIR] [--samples DIR] [--golden DIR] [--office FILE]
//                    [--procedure ID] [--language ja|en]
//       the window (studio_app.hpp): the catalogue's procedures, the paper, the boxes
// Headless modes, for tests and for a town's own scripts:
//   madoguchi-studio --catalog DIR --check [--procedure ID] [--out DIR] [--screens-language CODE]
//   [--views LIST]
//       lints every procedure of the catalogue and audits its screens (every language and view
//       unless given); exit 0 only when all pass, else 1 with one finding per line (the failing
//       screens' PNGs in --out DIR)
//   madoguchi-studio --catalog DIR --preview PROCEDURE_ID --persona FILE --out PAGE.png
//       [--answers FILE]: the page printed with those answers (a golden case's), not the samples'.
//       [--page N]
//       writes page N (1 by default) of the form filled for that sample resident with the
//       procedure's default answers, as it will print, box outlines on; exit 0, or non-zero
//       saying why
//   madoguchi-studio --catalog DIR --new-procedure ID --from ID --title-ja TEXT --title-en TEXT
//       a new procedure made from an existing one, last in its group
//   madoguchi-studio --catalog DIR --retire ID
//       moves the procedure aside (DIR/retired/); the kiosk no longer offers it
//   madoguchi-studio --catalog DIR --record-golden ID --sample FILE [--answers FILE] [--golden DIR]
//       [--name CASE]: the case's name (a case of that name is replaced);
//       [--today DAY]
//       records what the kiosk prints for that sample (and those answers; the sample answers
//       when none are given) as a golden case of the procedure
//   madoguchi-studio --catalog DIR --screens ID --out DIR [--samples DIR] [--golden DIR]
//       [--office FILE] [--answers FILE] [--screens-language CODE] [--views LIST]
//       the procedure's screens drawn by the kiosk's own code and audited (screen_audit.hpp):
//       DIR/audit.json and the PNGs; exit 0 when every frame passes, 1 when one does not,
//       2 when the walk cannot start
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "catalog_check.hpp"
#include "catalog_edit.hpp"
#include "golden_record.hpp"
#include "madoguchi/kiosk/data_paths.hpp"
#include "page_preview.hpp"
#include "sample_resident.hpp"
#include "screen_audit.hpp"
#include "screens/png_file.hpp"
#include "studio_app.hpp"

namespace {

namespace fs = std::filesystem;
using namespace madoguchi;

struct Options {
  fs::path catalog;
  bool check = false;
  std::string preview;
  fs::path persona;
  fs::path out;
  int page = 1;
  fs::path samples;
  std::string procedure;
  std::string language = "ja";
  studio::NewProcedure new_procedure;
  std::string retire;
  bool help = false;
  std::string record_golden;
  fs::path sample;
  fs::path golden;
  std::string today;
  fs::path office;
  std::string screens;
  fs::path answers;
  std::string case_name;  // --name: the golden case recorded
  std::string screens_language;
  std::vector<kiosk::ui::audit::View> views;  // "": normal for --screens, every view for --check
};

void usage(std::ostream& out = std::cerr) {
  out << "usage: madoguchi-studio [--catalog DIR] [--samples DIR] [--procedure ID] "
         "[--language ja|en]\n"
         "       madoguchi-studio --catalog DIR --check [--procedure ID]\n"
         "       madoguchi-studio --catalog DIR --new-procedure ID --from ID --title-ja TEXT "
         "--title-en TEXT\n"
         "       madoguchi-studio --catalog DIR --retire ID\n"
         "       madoguchi-studio --catalog DIR --record-golden ID --sample FILE [--answers FILE] "
         "[--golden DIR] [--today YYYY-MM-DD] [--name CASE]\n"
         "       madoguchi-studio --catalog DIR --preview PROCEDURE_ID --persona FILE "
         "--out PAGE.png [--page N] [--answers FILE]\n"
         "       madoguchi-studio --catalog DIR --screens PROCEDURE_ID --out DIR [--samples DIR] "
         "[--golden DIR] [--office FILE] [--answers FILE] [--screens-language CODE] "
         "[--views normal,large_text,high_contrast]\n";
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  o.catalog = kiosk::data_folders().catalog;
  o.samples = kiosk::data_folders().samples;
  o.golden = kiosk::data_folders().golden;
  o.office = kiosk::data_folders().settings / "office.json";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--check") {
      o.check = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "madoguchi-studio: " << arg << " needs a value\n";
      return std::nullopt;
    }
    const std::string value = argv[++i];
    if (arg == "--catalog") {
      o.catalog = value;
    } else if (arg == "--preview") {
      o.preview = value;
    } else if (arg == "--persona") {
      o.persona = value;
    } else if (arg == "--out") {
      o.out = value;
    } else if (arg == "--new-procedure") {
      o.new_procedure.id = value;
    } else if (arg == "--from") {
      o.new_procedure.from = value;
    } else if (arg == "--title-ja") {
      o.new_procedure.title_ja = value;
    } else if (arg == "--title-en") {
      o.new_procedure.title_en = value;
    } else if (arg == "--retire") {
      o.retire = value;
    } else if (arg == "--record-golden") {
      o.record_golden = value;
    } else if (arg == "--sample") {
      o.sample = value;
    } else if (arg == "--name") {
      o.case_name = value;
    } else if (arg == "--golden") {
      o.golden = value;
    } else if (arg == "--today") {
      o.today = value;
    } else if (arg == "--office") {
      o.office = value;
    } else if (arg == "--samples") {
      o.samples = value;
    } else if (arg == "--screens") {
      o.screens = value;
    } else if (arg == "--answers") {
      o.answers = value;
    } else if (arg == "--screens-language") {
      o.screens_language = value;
    } else if (arg == "--views") {
      auto views = kiosk::ui::audit::parse_views(value);
      if (!views) {
        std::cerr << "madoguchi-studio: --views: " << views.error() << "\n";
        return std::nullopt;
      }
      o.views = std::move(*views);
    } else if (arg == "--procedure") {
      o.procedure = value;
    } else if (arg == "--language") {
      if (value != "ja" && value != "en") {
        std::cerr << "madoguchi-studio: --language takes ja or en, not \"" << value << "\"\n";
        return std::nullopt;
      }
      o.language = value;
    } else if (arg == "--page") {
      o.page = std::atoi(value.c_str());
      if (o.page < 1) {
        std::cerr << "madoguchi-studio: --page takes 1 or more, not \"" << value << "\"\n";
        return std::nullopt;
      }
    } else {
      std::cerr << "madoguchi-studio: unknown option " << arg << "\n";
      return std::nullopt;
    }
  }
  return o;
}

studio::ScreenAuditRequest screens_request(const Options& o, forms::Answers answers) {
  studio::ScreenAuditRequest request;
  request.catalog = o.catalog;
  request.procedure = o.screens;
  request.samples = o.samples;
  request.golden = o.golden;
  request.office = o.office;
  request.languages = kiosk::data_folders().languages;
  request.font = MADOGUCHI_FONT;
  request.answers = std::move(answers);
  request.language = o.screens_language;
  using kiosk::ui::audit::View;
  request.views = o.views.empty() ? std::vector<View>{View::Normal} : o.views;
  request.out = o.out;
  return request;
}

// The lint of every file, then the accessibility audit of every procedure that loads, in every
// language and view (or those given), with the sample residents; the failing frames' PNGs in
// --out DIR when given.
int check_mode(const Options& o) {
  const auto check = studio::check_catalog(o.catalog);
  for (const auto& finding : check.findings) std::cout << finding << "\n";
  std::cout << "madoguchi-studio: " << check.files << " procedure file(s) in " << o.catalog.string()
            << ": "
            << (check.findings.empty() ? "all pass"
                                       : std::to_string(check.findings.size()) + " finding(s)")
            << "\n";
  auto request = screens_request(o, {});
  request.procedure = o.procedure;  // --procedure: that one's screens only ("" every one's)
  request.screenshots = kiosk::ui::audit::Screenshots::Failures;
  if (o.views.empty()) request.views = {};  // the audit's own: every view
  std::error_code ec;
  const fs::path scratch =
      o.out.empty()
          ? fs::temp_directory_path(ec) / ("madoguchi-studio-check-" + std::to_string(::getpid()))
          : fs::path{};
  if (o.out.empty()) request.out = scratch;
  const auto audit = studio::run_screen_audit(request);
  if (!scratch.empty()) fs::remove_all(scratch, ec);
  if (!audit) {
    std::cerr << "madoguchi-studio: the screens cannot be audited: " << audit.error() << "\n";
    return 1;
  }
  for (const auto& e : audit->walk_errors) std::cout << "screens: walk: " << e << "\n";
  std::cout << "madoguchi-studio: the screens: " << audit->frames << " frames, "
            << audit->failing_frames << " break a threshold"
            << (o.out.empty() ? "" : "; " + (o.out / "audit.json").string()) << "\n";
  return check.findings.empty() && audit->passed() ? 0 : 1;
}

// The answers file: a JSON object of question id → answer, as the studio writes it.
std::expected<forms::Answers, std::string> read_answers(const fs::path& file) {
  forms::Answers answers;
  if (file.empty()) return answers;
  std::ifstream in(file, std::ios::binary);
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (!in.is_open() || json.is_discarded() || !json.is_object()) {
    return std::unexpected(file.string() + ": not a JSON object of answers");
  }
  for (const auto& [id, value] : json.items()) {
    const auto* text = value.get_ptr<const std::string*>();
    if (text == nullptr) return std::unexpected(file.string() + ": /" + id + ": not a text");
    answers[id] = *text;
  }
  return answers;
}

int preview_mode(const Options& o) {
  if (o.persona.empty() || o.out.empty()) {
    usage();
    return 2;
  }
  const auto file = o.catalog / (o.preview + ".json");
  const auto procedure = forms::load_procedure(file);
  if (!procedure) {
    std::cerr << "madoguchi-studio: " << procedure.error().to_string() << "\n";
    return 1;
  }
  auto resident = studio::read_sample_resident(o.persona);
  if (!resident) {
    std::cerr << "madoguchi-studio: " << o.persona.string() << ": " << resident.error() << "\n";
    return 1;
  }
  auto renderer = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  if (!renderer) {
    std::cerr << "madoguchi-studio: cannot load the fonts: " << renderer.error().message << "\n";
    return 1;
  }
  // The answers to print (a golden case's, the other side of a condition); none: the samples'.
  auto answers = read_answers(o.answers);
  if (!answers) {
    std::cerr << "madoguchi-studio: " << answers.error() << "\n";
    return 2;
  }
  studio::PreviewRequest request;
  request.procedure = &*procedure;
  request.resident = std::move(*resident);
  request.answers = std::move(*answers);
  request.page = o.page - 1;
  auto preview = studio::preview_page(*renderer, request);
  request.resident.wipe();
  if (!preview) {
    std::cerr << "madoguchi-studio: " << o.preview << ": " << preview.error() << "\n";
    return 1;
  }
  studio::draw_outlines(*preview);
  for (const auto& warning : preview->warnings) {
    std::cout << "madoguchi-studio: warning: " << warning << "\n";
  }
  if (!kiosk::ui::write_png(o.out, preview->image.width, preview->image.height,
                            studio::rgb_of(preview->image))) {
    std::cerr << "madoguchi-studio: cannot write " << o.out.string() << "\n";
    return 1;
  }
  std::cout << "madoguchi-studio: " << o.out.string() << " (page " << o.page << " of "
            << preview->pages << ", " << preview->boxes.size() << " boxes)\n";
  return 0;
}

int catalog_mode(const Options& o) {
  if (!o.new_procedure.id.empty()) {
    const auto added = studio::add_procedure(o.catalog, o.new_procedure);
    if (!added) {
      std::cerr << "madoguchi-studio: " << added.error() << "\n";
      return 1;
    }
    std::cout << "madoguchi-studio: " << added->string() << "\n";
    return 0;
  }
  if (!o.retire.empty()) {
    const auto retired = studio::retire_procedure(o.catalog, o.retire);
    if (!retired) {
      std::cerr << "madoguchi-studio: " << retired.error() << "\n";
      return 1;
    }
    std::cout << "madoguchi-studio: retired: " << retired->string() << "\n";
    return 0;
  }
  const auto procedure = forms::load_procedure(o.catalog / (o.record_golden + ".json"));
  if (!procedure) {
    std::cerr << "madoguchi-studio: " << procedure.error().to_string() << "\n";
    return 1;
  }
  if (o.sample.empty()) {
    usage();
    return 2;
  }
  studio::GoldenRecord record;
  record.sample = o.sample;
  record.sample_label = o.sample.stem().string();
  for (const auto& sample : studio::read_samples(o.sample.parent_path())) {
    if (sample.file.filename() == o.sample.filename()) record.sample_label = sample.label;
  }
  record.today = o.today.empty() ? studio::today_in_japan() : o.today;
  // The answers to record (the other side of a condition); none given: the sample answers.
  auto answers = read_answers(o.answers);
  if (!answers) {
    std::cerr << "madoguchi-studio: " << answers.error() << "\n";
    return 2;
  }
  record.answers = std::move(*answers);
  record.name = o.case_name;
  const auto cases = studio::record_golden_case(o.golden, *procedure, record);
  if (!cases) {
    std::cerr << "madoguchi-studio: " << cases.error() << "\n";
    return 1;
  }
  std::cout << "madoguchi-studio: " << (o.golden / (o.record_golden + ".json")).string() << ": "
            << *cases << " golden case(s)\n";
  return 0;
}

int screens_mode(const Options& o) {
  if (o.out.empty()) {
    usage();
    return 2;
  }
  auto answers = read_answers(o.answers);
  if (!answers) {
    std::cerr << "madoguchi-studio: " << answers.error() << "\n";
    return 2;
  }
  const auto result = studio::run_screen_audit(screens_request(o, std::move(*answers)));
  if (!result) {
    std::cerr << "madoguchi-studio: " << result.error() << "\n";
    return 2;
  }
  for (const auto& e : result->walk_errors) std::cerr << "madoguchi-studio: walk: " << e << "\n";
  std::cout << "madoguchi-studio: " << o.screens << ": " << result->frames << " screens in "
            << result->seconds << " s, " << result->failing_frames << " break a threshold; "
            << (o.out / "audit.json").string() << "\n";
  return result->passed() ? 0 : 1;
}

int window_mode(const Options& o) {
  studio::StudioOptions options;
  options.catalog = o.catalog;
  options.samples = o.samples;
  options.golden = o.golden;
  options.office = o.office;
  options.font = MADOGUCHI_FONT;
  options.font_bold = MADOGUCHI_FONT_BOLD;
  options.language = o.language;
  options.procedure = o.procedure;
  std::error_code ec;
  options.program = fs::read_symlink("/proc/self/exe", ec);
  auto app = studio::StudioApp::create(options);
  if (!app) {
    std::cerr << "madoguchi-studio: " << app.error() << "\n";
    return 1;
  }
  return (*app)->run();
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse(argc, argv);
  if (!options) {
    usage();
    return 2;
  }
  if (options->help) {
    usage(std::cout);
    return 0;
  }
  if (options->check) return check_mode(*options);
  if (!options->preview.empty()) return preview_mode(*options);
  if (!options->screens.empty()) return screens_mode(*options);
  if (!options->new_procedure.id.empty() || !options->retire.empty() ||
      !options->record_golden.empty()) {
    return catalog_mode(*options);
  }
  return window_mode(*options);
}
