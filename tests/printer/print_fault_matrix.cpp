// The printer fault matrix (docs/benchmarks.md, "printer/ — faults at submit and mid-job"):
//
//   print_fault_matrix [--rounds N] [--seed S]
//
// One ippeveprinter on loopback (tests/support/ipp_printer_fixture.hpp). Each round prints one
// document with IppPrinter::print while one fault happens, and the clerk (this program) fixes it
// after a random delay; the rounds go through the faults in turn:
//   none; out of paper at submit; out of paper mid-job; a jam that aborts the job; a jam the
//   printer holds; the printer stops answering mid-job; the printer frozen at submit; a
//   Create-Job lost in a frozen printer (it makes an empty job later); the kiosk SIGKILLed
//   mid-print and restarted with its journal; the hold limit reached, then the kiosk tries again.
// After each round the kiosk calls print() once more (a retry). The printer's print command
// records every job that came out, so the program counts, per document, how often it was
// printed: lost (0 times) and duplicated (more than once) must both be 0. Exit 1 otherwise.
#include <cups/cups.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "sample_documents.hpp"
#include "support/ipp_printer_fixture.hpp"
#include "support/tool_options.hpp"

namespace {

using namespace madoguchi;
using namespace std::chrono_literals;
using printer::PrintProgress;
using Phase = PrintProgress::Phase;
using Clock = std::chrono::steady_clock;

constexpr std::array<const char*, 10> kFaults = {
    "none",
    "out of paper at submit",
    "out of paper mid-job",
    "jam mid-job, job aborted",
    "jam mid-job, job held",
    "printer stops answering mid-job",
    "printer frozen at submit",
    "Create-Job lost in a frozen printer",
    "kiosk killed mid-print, restarted",
    "hold limit reached, kiosk tries again",
};

// What print() reported, for the clerk to act on.
class Watch {
 public:
  std::function<void(const PrintProgress&)> sink() {
    return [this](const PrintProgress& p) {
      std::lock_guard lock(mutex_);
      seen_.emplace_back(p.phase, p.reason);
      changed_.notify_all();
    };
  }
  bool wait_for(Phase phase, const std::string& reason, std::chrono::milliseconds timeout = 15s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
      for (const auto& [ph, r] : seen_) {
        if (ph == phase && (reason.empty() || r == reason)) return true;
      }
      return false;
    });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<Phase, std::string>> seen_;
};

struct Totals {
  int documents = 0;
  int printed_once = 0;
  int lost = 0;
  int duplicated = 0;
  int print_errors = 0;  // print() calls that ended in an error the round did not expect
  int retries_already_printed = 0;
  std::map<std::string, std::pair<int, int>> per_fault;  // fault -> (rounds, printed once)
  std::vector<std::string> failures;
};

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The kiosk as its own process, for the round that kills it: print() with the journal's job.
int run_print_child(const std::string& uri, const std::string& key, const std::string& pdf_file,
                    const std::string& journal) {
  const std::string pdf = read_all(pdf_file);
  int previous = 0;
  {
    std::istringstream lines(read_all(journal));
    for (std::string word; lines >> word;) {
      if (word == "job" && lines >> previous) continue;
    }
  }
  const int fd = ::open(journal.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  printer::IppPrinter p(uri, {.connect_timeout = 1000ms, .poll_interval = 50ms});
  printer::PrintRequest request;
  request.document_key = key;
  request.pdf = pdf;
  request.previous_job_id = previous;
  request.on_job_created = [&](int id) {
    const std::string line = "job " + std::to_string(id) + "\n";
    [[maybe_unused]] const auto n = ::write(fd, line.data(), line.size());
    ::fsync(fd);
  };
  const auto result = p.print(request);
  ::close(fd);
  return result ? 0 : 1;
}

class Matrix {
 public:
  Matrix(tests::TestIppPrinter& printer, std::string pdf, std::filesystem::path work,
         std::uint64_t seed)
      : printer_(printer), pdf_(std::move(pdf)), work_(std::move(work)), random_(seed) {}

  void round(int index, Totals& totals) {
    const std::size_t fault = static_cast<std::size_t>(index) % kFaults.size();
    const std::string key = "matrix-" + std::to_string(index) + "-application";
    bool ok = true;
    const auto fail = [&](const std::string& why) {
      ok = false;
      totals.failures.push_back(std::string(kFaults[fault]) + " (" + key + "): " + why);
    };
    Watch watch;
    printer::PrintRequest request;
    request.document_key = key;
    request.pdf = pdf_;
    request.on_progress = watch.sink();
    printer::PrintPolicy policy;
    policy.unreachable_limit = 10s;
    policy.hold_limit = 20s;
    auto kiosk = client(fault == 5 || fault == 6 || fault == 7 ? 300ms : 2000ms);

    const auto print_async = [&] {
      return std::async(std::launch::async,
                        [&, kiosk]() mutable { return kiosk.print(request, policy); });
    };
    const auto expect_done = [&](std::expected<printer::PrintOutcome, printer::PrintError> r) {
      if (!r) {
        ++totals.print_errors;
        fail("print() failed: " + r.error().message);
        return;
      }
    };

    switch (fault) {
      case 0:
        expect_done(kiosk.print(request, policy));
        break;
      case 1: {
        (void)printer_.set_media_empty(true);
        auto job = print_async();
        if (!watch.wait_for(Phase::Held, "media-empty")) fail("never held for paper");
        clerk_pause();
        (void)printer_.set_media_empty(false);
        expect_done(job.get());
        break;
      }
      case 2: {
        printer_.run_out_of_paper_mid_next_job();
        auto job = print_async();
        if (!watch.wait_for(Phase::Held, "media-empty")) fail("never held for paper");
        clerk_pause();
        printer_.load_paper_mid_job();
        expect_done(job.get());
        break;
      }
      case 3: {
        printer_.jam_next_job();
        auto job = print_async();
        if (!watch.wait_for(Phase::WaitingToResubmit, "media-jam")) fail("no jam reported");
        clerk_pause();
        if (auto page = printer_.print_test_page(); !page) fail(page.error());
        expect_done(job.get());
        break;
      }
      case 4: {
        printer_.jam_next_job_until_cleared();
        auto job = print_async();
        if (!watch.wait_for(Phase::Held, "media-jam")) fail("never held for the jam");
        clerk_pause();
        printer_.clear_held_jam();
        expect_done(job.get());
        break;
      }
      case 5: {
        printer_.set_print_seconds(0.3);
        auto job = print_async();
        if (!watch.wait_for(Phase::Printing, "")) fail("never printing");
        printer_.freeze();
        if (!watch.wait_for(Phase::WaitingForPrinter, "offline")) fail("silence not reported");
        clerk_pause();
        printer_.thaw();
        expect_done(job.get());
        printer_.set_print_seconds(0);
        break;
      }
      case 6: {
        printer_.freeze();
        auto job = print_async();
        if (!watch.wait_for(Phase::WaitingForPrinter, "offline")) fail("silence not reported");
        clerk_pause();
        printer_.thaw();
        expect_done(job.get());
        break;
      }
      case 7: {
        lose_a_create_job(key);
        expect_done(client(2000ms).print(request, policy));
        break;
      }
      case 8: {
        kill_a_kiosk_mid_print(key, fail);
        break;
      }
      case 9: {
        (void)printer_.set_media_empty(true);
        printer::PrintPolicy short_hold = policy;
        short_hold.hold_limit = 300ms;
        const auto first = kiosk.print(request, short_hold);
        if (first || !first.error().job_still_queued) fail("the hold limit did not end the wait");
        clerk_pause();
        (void)printer_.set_media_empty(false);
        expect_done(kiosk.print(request, policy));
        break;
      }
      default:
        break;
    }

    // A retry after success: nothing more may come out.
    const auto retry = client(2000ms).print(request, policy);
    if (retry && retry->already_printed) ++totals.retries_already_printed;

    const int times = printer_.times_printed(key);
    ++totals.documents;
    auto& per = totals.per_fault[kFaults[fault]];
    ++per.first;
    if (times == 0) ++totals.lost;
    if (times > 1) totals.duplicated += times - 1;
    if (times == 1) {
      ++totals.printed_once;
      ++per.second;
    } else {
      fail("printed " + std::to_string(times) + " times");
    }
    (void)ok;
  }

 private:
  printer::IppPrinter client(std::chrono::milliseconds connect_timeout) const {
    return printer::IppPrinter(printer_.uri(),
                               {.connect_timeout = connect_timeout, .poll_interval = 50ms});
  }

  void clerk_pause() {
    std::uniform_int_distribution<int> ms(50, 500);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms(random_)));
  }

  // A Create-Job sent just as the printer froze: the kiosk gets no answer, and the printer makes
  // the (empty) job when it runs again.
  void lose_a_create_job(const std::string& key) {
    cups_dest_t* dest = cupsGetDestWithURI(nullptr, printer_.uri().c_str());
    http_t* http =
        cupsConnectDest(dest, CUPS_DEST_FLAGS_DEVICE, 2000, nullptr, nullptr, 0, nullptr, nullptr);
    cups_dinfo_t* info = http != nullptr ? cupsCopyDestInfo(http, dest) : nullptr;
    if (info != nullptr) {
      httpSetTimeout(http, 0.3, nullptr, nullptr);
      printer_.freeze();
      int job_id = 0;
      cupsCreateDestJob(http, dest, info, &job_id, key.c_str(), 0, nullptr);
      printer_.thaw();
      cupsFreeDestInfo(info);
    }
    if (http != nullptr) httpClose(http);
    cupsFreeDests(1, dest);
  }

  template <typename Fail>
  void kill_a_kiosk_mid_print(const std::string& key, Fail& fail) {
    printer_.set_print_seconds(0.3);
    const auto journal = work_ / (key + ".journal");
    const auto pdf_file = work_ / "document.pdf";
    std::error_code ec;
    if (!std::filesystem::exists(pdf_file, ec)) std::ofstream(pdf_file, std::ios::binary) << pdf_;
    std::error_code self_ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", self_ec).string();
    const std::vector<std::string> argv{self, "--print-child",   printer_.uri(),
                                        key,  pdf_file.string(), journal.string()};
    std::uniform_int_distribution<int> ms(0, 500);
    auto first = kiosk::ChildProcess::start(argv, work_ / "children.log");
    if (!first) {
      fail(first.error());
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(ms(random_)));
    first->kill_now();
    auto second = kiosk::ChildProcess::start(argv, work_ / "children.log");
    if (!second || second->wait(30s) != 0) fail("the restarted kiosk did not print");
    printer_.set_print_seconds(0);
  }

  tests::TestIppPrinter& printer_;
  std::string pdf_;
  std::filesystem::path work_;
  std::mt19937_64 random_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 6 && std::string(argv[1]) == "--print-child") {
    return run_print_child(argv[2], argv[3], argv[4], argv[5]);
  }
  int rounds = 50;
  std::uint64_t seed = std::random_device{}();
  tests::start_tool(tests::ToolOptions("print_fault_matrix",
                                       "One ippeveprinter, a fault per round; counts documents "
                                       "lost and printed twice (docs/benchmarks.md).")
                        .number("--rounds", "N", rounds, 1, 100000, "rounds (default 50)")
                        .number("--seed", "S", seed, "random seed (default: random)"),
                    argc, argv);
  const auto t0 = Clock::now();
  auto renderer = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  if (!renderer) {
    std::cerr << renderer.error().message << "\n";
    return 2;
  }
  auto pdf = renderer->render(tests::sample_application_form());
  if (!pdf) {
    std::cerr << pdf.error().message << "\n";
    return 2;
  }
  auto started = tests::TestIppPrinter::start();
  if (!started) {
    std::cerr << started.error() << "\n";
    return 2;
  }
  tests::TestIppPrinter& printer = **started;
  Matrix matrix(printer, *pdf, printer.spool_dir().parent_path(), seed);
  Totals totals;
  for (int i = 0; i < rounds; ++i) matrix.round(i, totals);
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  std::cout << "print fault matrix: " << rounds << " rounds, seed " << seed << "\n"
            << "  documents:                 " << totals.documents << "\n"
            << "  printed exactly once:      " << totals.printed_once << "\n"
            << "  lost (never printed):      " << totals.lost << "\n"
            << "  duplicate prints:          " << totals.duplicated << "\n"
            << "  print() errors:            " << totals.print_errors << "\n"
            << "  documents the printer received (spool files, test pages aside): "
            << std::ranges::count_if(
                   printer.received_files(),
                   [](const std::filesystem::path& f) {
                     return !f.filename().string().ends_with("-clerk-test-page.pdf");
                   })
            << "\n"
            << "  retries answered 'already printed': " << totals.retries_already_printed << "\n"
            << "  per fault (rounds, printed once):\n";
  for (const char* fault : kFaults) {
    const auto it = totals.per_fault.find(fault);
    if (it == totals.per_fault.end()) continue;
    std::cout << "    " << it->second.first << " / " << it->second.second << "  " << fault << "\n";
  }
  for (const auto& f : totals.failures) std::cout << "  FAILED: " << f << "\n";
  std::cout << "  time: " << static_cast<int>(seconds + 0.5) << " s\n";
  const bool ok = totals.lost == 0 && totals.duplicated == 0 && totals.failures.empty();
  std::cout << (ok ? "PASS" : "FAIL") << "\n";
  if (!ok) std::cerr << "ippeveprinter log:\n" << printer.logs();
  return ok ? 0 : 1;
}
