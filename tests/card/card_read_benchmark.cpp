// card_read_benchmark: what reading the 基本4情報 costs through the real stack (pcscd +
// vpcd + virtual-mynumber-card), and whether every fault ends cleanly.
//
//   card_read_benchmark [--iterations N]      (default 50; docs/benchmarks.md, "## card/")
//
// (a) APDUs and bytes from "card placed" to "基本4情報 in hand" (connect + verify_pin +
//     read_basic_info), against the minimal sequence of the fact sheet (§0: 5 APDUs plus
//     the tries check = 6);
// (b) wall time of that read, median of N reads (each a new session: connect ... end_session);
// (c) fault matrix: the card leaves at every APDU position of the read, and answers 6F 00 at
//     every position, and a corrupt FF 20 length; a case is clean when the read returns a
//     typed CardError, with no data and no crash, within 10 s; the table also counts the
//     cases whose kind is the expected one.
// Needs root and no other pcscd (like the card integration tests). Exit 0 only when every
// fault case was clean and of the expected kind (see docs/benchmarks.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/card/reader.hpp"
#include "support/pcscd_fixture.hpp"
#include "support/tool_options.hpp"

namespace {

using namespace std::chrono_literals;
using madoguchi::card::BasicInfo;
using madoguchi::card::CardError;
using madoguchi::card::CardErrorKind;
using madoguchi::card::CardReaders;
using madoguchi::tests::PcscdWithVirtualReader;
using madoguchi::tests::persona_path;
using Clock = std::chrono::steady_clock;

struct Read {
  std::expected<BasicInfo, CardError> info =
      std::unexpected(CardError{CardErrorKind::Transport, ""});
  int apdus = -1;
  std::vector<std::string> trace;
  double ms = 0;
};

Read read_once(CardReaders& readers, const std::string& reader, const std::string& pin) {
  Read read;
  const auto start = Clock::now();
  auto card = readers.connect(reader);
  if (!card) {
    read.info = std::unexpected(card.error());
  } else {
    if (auto verified = card->verify_pin(madoguchi::card::Pin(pin)); !verified) {
      read.info = std::unexpected(verified.error());
    } else {
      read.info = card->read_basic_info();
    }
    read.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    read.apdus = card->apdu_count();
    read.trace = card->trace();
    card->end_session();
  }
  if (read.ms == 0)
    read.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return read;
}

// Bytes on the APDU level from a trace line ("… 00 A4 04 0C Lc=0A -> 90 00, 0 data bytes"):
// command = 4 header bytes + Lc byte + Lc data bytes + Le byte; answer = data + SW1 SW2.
struct Bytes {
  long command = 0;
  long answer = 0;
};

Bytes bytes_of(const std::vector<std::string>& trace) {
  Bytes total;
  for (const auto& line : trace) {
    long command = 4;
    if (const auto lc = line.find("Lc="); lc != std::string::npos) {
      command += 1 + std::strtol(line.substr(lc + 3, 2).c_str(), nullptr, 16);
    }
    if (line.find("Le=") != std::string::npos) command += 1;
    long answer = 2;
    if (const auto comma = line.rfind(", "); comma != std::string::npos) {
      answer += std::strtol(line.c_str() + comma + 2, nullptr, 10);
    }
    total.command += command;
    total.answer += answer;
  }
  return total;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

std::string pin_of(const std::string& persona) {
  std::ifstream in(persona_path(persona));
  return nlohmann::json::parse(in)["pin"].get<std::string>();
}

class Bench {
 public:
  bool start() {
    auto stack = PcscdWithVirtualReader::start();
    if (!stack) {
      std::fprintf(stderr, "card_read_benchmark: %s\n", stack.error().c_str());
      return false;
    }
    stack_ = std::move(*stack);
    auto readers = CardReaders::open();
    if (!readers) {
      std::fprintf(stderr, "card_read_benchmark: %s\n", describe(readers.error()).c_str());
      return false;
    }
    readers_.emplace(std::move(*readers));
    return true;
  }

  bool insert(const std::string& persona, const std::vector<std::string>& args = {}) {
    const auto inserted = stack_->insert_card(persona_path(persona), args);
    if (!inserted) std::fprintf(stderr, "card_read_benchmark: %s\n", inserted.error().c_str());
    return inserted.has_value();
  }

  // read_once with a 10 s deadline; nullopt (and the card pulled) when it ran out.
  std::optional<Read> bounded_read(const std::string& pin) {
    auto reading = std::async(std::launch::async, [this, pin] {
      return read_once(*readers_, stack_->reader_name(0), pin);
    });
    if (reading.wait_for(10s) == std::future_status::ready) return reading.get();
    stack_->remove_card(false);
    if (reading.wait_for(10s) != std::future_status::ready) {
      std::fprintf(stderr, "card_read_benchmark: a read hangs even after the card was pulled\n");
      std::abort();
    }
    reading.get();
    return std::nullopt;
  }

  // vpcd accepts the next card only in pcscd's presence poll (400 ms): wait for the
  // reader to be empty, then two polls, before the next card.
  void take_off() {
    stack_->remove_card();
    (void)readers_->wait_for_removal(stack_->reader_name(0), 5s);
    std::this_thread::sleep_for(900ms);
  }

  ~Bench() { readers_.reset(); }

  std::unique_ptr<PcscdWithVirtualReader> stack_;
  std::optional<CardReaders> readers_;
};

struct FaultRow {
  explicit FaultRow(std::string n) : name(std::move(n)) {}
  std::string name;
  int cases = 0;
  int clean = 0;       // a typed CardError, no data, within 10 s
  int right_kind = 0;  // ... and of the expected kind
  std::string failures;
  std::string wrong_kinds;
};

}  // namespace

int main(int argc, char** argv) {
  int iterations = 50;
  madoguchi::tests::start_tool(
      madoguchi::tests::ToolOptions("card_read_benchmark",
                                    "Reads of the virtual card through pcscd + vpcd "
                                    "(docs/benchmarks.md).")
          .number("--iterations", "N", iterations, 1, 100000, "reads per persona (default 50)"),
      argc, argv);

  Bench bench;
  if (!bench.start()) return 1;

  // (a) APDUs and bytes, (b) wall time.
  std::printf("card_read_benchmark: %d reads per persona through pcscd + vpcd\n\n", iterations);
  std::printf("(a)+(b) connect + verify_pin + read_basic_info (minimal per §0: 6 APDUs)\n");
  std::printf("%-27s %6s %8s %8s %7s %9s %9s %9s %9s\n", "persona", "APDUs", "cmd B", "resp B",
              "vs min", "median ms", "p90 ms", "min ms", "ms/APDU");
  bool all_ok = true;
  for (const std::string persona :
       {"yamada-taro.json", "long-address.json", "longest-name-address.json"}) {
    if (!bench.insert(persona)) return 1;
    const std::string pin = pin_of(persona);
    std::vector<double> times;
    Read first;
    for (int i = 0; i < iterations; ++i) {
      auto read = bench.bounded_read(pin);
      if (!read || !read->info) {
        std::fprintf(stderr, "card_read_benchmark: %s: read %d failed: %s\n", persona.c_str(), i,
                     read ? describe(read->info.error()).c_str() : "timeout");
        return 1;
      }
      if (i == 0) first = *read;
      times.push_back(read->ms);
    }
    const Bytes bytes = bytes_of(first.trace);
    const double median = percentile(times, 0.5);
    std::printf("%-27s %6d %8ld %8ld %+7d %9.2f %9.2f %9.2f %9.3f\n", persona.c_str(), first.apdus,
                bytes.command, bytes.answer, first.apdus - 6, median, percentile(times, 0.9),
                percentile(times, 0.0), median / first.apdus);
    bench.take_off();
  }

  // (c) Fault matrix.
  std::vector<FaultRow> rows;
  const auto run_case = [&](FaultRow& row, const std::string& persona,
                            const std::vector<std::string>& args, CardErrorKind expected) {
    ++row.cases;
    if (!bench.insert(persona, args)) {
      row.failures += " [insert failed]";
      return;
    }
    const auto read = bench.bounded_read(pin_of(persona));
    std::string args_text;
    for (const auto& a : args) args_text += " " + a;
    if (!read) {
      row.failures += " [" + args_text + ": hang]";
    } else if (read->info) {
      row.failures += " [" + args_text + ": data returned]";
    } else {
      ++row.clean;
      if (read->info.error().kind == expected) {
        ++row.right_kind;
      } else if (row.wrong_kinds.find(std::string(to_string(read->info.error().kind))) ==
                 std::string::npos) {
        row.wrong_kinds += std::string(row.wrong_kinds.empty() ? " got " : ", ") +
                           std::string(to_string(read->info.error().kind));
      }
    }
    bench.take_off();
  };
  for (const auto& [persona, apdus] : std::vector<std::pair<std::string, int>>{
           {"yamada-taro.json", 6}, {"long-address.json", 7}}) {
    FaultRow removal{"removed at APDU 1.." + std::to_string(apdus) + ", " + persona};
    for (int n = 1; n <= apdus; ++n) {
      run_case(removal, persona, {"--remove-at-apdu", std::to_string(n)},
               CardErrorKind::CardRemoved);
    }
    rows.push_back(removal);
  }
  FaultRow status{"6F 00 at APDU 1..6, yamada-taro.json"};
  for (int n = 1; n <= 6; ++n) {
    run_case(status, "yamada-taro.json", {"--status-word", "6F00", "--at-apdu", std::to_string(n)},
             n == 1 ? CardErrorKind::NotMyNumberCard : CardErrorKind::UnexpectedStatus);
  }
  rows.push_back(status);
  FaultRow corrupt{"corrupt FF 20 length (3 length forms)"};
  for (const std::string persona :
       {"yamada-taro.json", "long-address.json", "longest-name-address.json"}) {
    run_case(corrupt, persona, {"--corrupt-length"}, CardErrorKind::MalformedData);
  }
  rows.push_back(corrupt);

  std::printf(
      "\n(c) fault matrix (clean = typed CardError, no data, no crash, returned < 10 s;\n"
      "    right kind = CardRemoved / NotMyNumberCard or UnexpectedStatus / MalformedData)\n");
  std::printf("%-45s %6s %6s %7s %10s\n", "fault", "cases", "clean", "clean %", "right kind");
  int cases = 0;
  int clean = 0;
  int right = 0;
  for (const auto& row : rows) {
    std::printf("%-45s %6d %6d %6.0f%% %10d%s%s\n", row.name.c_str(), row.cases, row.clean,
                100.0 * row.clean / std::max(1, row.cases), row.right_kind, row.wrong_kinds.c_str(),
                row.failures.c_str());
    cases += row.cases;
    clean += row.clean;
    right += row.right_kind;
  }
  std::printf("%-45s %6d %6d %6.0f%% %10d\n", "total", cases, clean,
              100.0 * clean / std::max(1, cases), right);
  all_ok = all_ok && clean == cases && right == cases;
  return all_ok ? 0 : 1;
}
