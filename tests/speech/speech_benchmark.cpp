// speech_benchmark: how soon the kiosk's voice starts after "speak this", and the memory the
// engine adds to the process.
//
//   speech_benchmark [--sentences N] [--rounds R]   (defaults 50 and 3; docs/benchmarks.md,
//   "Speech")
//
// (a) Latency to the first piece of sound: Speaker::speak on each of N sentences of the kiosk
//     (the Japanese source sentences of assets/lang/en.json, through MeCab; and their English),
//     R rounds, the sink stopping at the first piece; median, p90, p99 and the largest. The first
//     sentence after open (the voice loaded then) is reported apart.
// (b) The whole synthesis: the time to make each sentence's whole utterance against its length
//     (the real-time factor: below 1 is faster than speech).
// (c) Memory from /proc/self/status: VmRSS, and its parts RssAnon (the process's own) and
//     RssFile (pages of mapped files: MeCab's 49 MB dictionary and espeak-ng's data, shared and
//     given back under pressure), before Speaker::open, after it, after speaking every sentence,
//     and after one sentence in each of the other languages (their voices loaded); VmHWM, the
//     peak.
// Exit 0, or 1 if any sentence could not be spoken.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "madoguchi/speech/speaker.hpp"
#include "support/tool_options.hpp"

namespace {

using madoguchi::speech::Flow;
using madoguchi::speech::Speaker;
using Clock = std::chrono::steady_clock;

long status_kb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  std::ranges::sort(values);
  if (values.empty()) return 0;
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

struct Memory {
  long rss = status_kb("VmRSS");
  long anon = status_kb("RssAnon");
  long file = status_kb("RssFile");
};

void print_memory(const char* when, const Memory& now, const Memory& before) {
  std::printf("| %s | %.1f (%+.1f) | %.1f (%+.1f) | %.1f (%+.1f) |\n", when, now.rss / 1024.0,
              (now.rss - before.rss) / 1024.0, now.anon / 1024.0, (now.anon - before.anon) / 1024.0,
              now.file / 1024.0, (now.file - before.file) / 1024.0);
}

struct Sentences {
  std::vector<std::string> japanese;
  std::vector<std::string> english;
};

// The kiosk's sentences without a {placeholder}, in the file's (sorted) order.
Sentences kiosk_sentences(int count) {
  std::ifstream in(MADOGUCHI_SOURCE_DIR "/assets/lang/en.json");
  const nlohmann::json language = nlohmann::json::parse(in);
  Sentences out;
  for (const auto& [key, value] : language.at("texts").items()) {
    const std::string english = value.get<std::string>();
    if (key.find('{') != std::string::npos || english.find('{') != std::string::npos) continue;
    if (static_cast<int>(out.japanese.size()) == count) break;
    out.japanese.push_back(key);
    out.english.push_back(english);
  }
  return out;
}

// ms to the first piece of sound; -1 if the sentence could not be spoken.
double first_piece_ms(Speaker& speaker, const std::string& text, const std::string& language) {
  double first = -1;
  const auto start = Clock::now();
  const auto spoken = speaker.speak(text, language, [&](std::span<const std::int16_t>, int) {
    first = ms_since(start);
    return Flow::kStop;
  });
  return spoken ? first : -1;
}

void print_latencies(const char* what, const std::vector<double>& ms) {
  std::printf("| %s | %zu | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n", what, ms.size(),
              percentile(ms, 0.5), percentile(ms, 0.9), percentile(ms, 0.99),
              ms.empty() ? 0.0 : *std::ranges::max_element(ms));
}

}  // namespace

int main(int argc, char** argv) {
  int count = 50;
  int rounds = 3;
  madoguchi::tests::ToolOptions options("speech_benchmark",
                                        "Latency to the first sound and the memory of speech.");
  options.number("--sentences", "N", count, 1, 1000, "kiosk sentences per language (50)");
  options.number("--rounds", "R", rounds, 1, 100, "times each sentence is spoken (3)");
  options.parse(argc, argv);
  const Sentences sentences = kiosk_sentences(count);

  const Memory before;
  const auto open_start = Clock::now();
  auto speaker = Speaker::open();
  const double open_ms = ms_since(open_start);
  if (!speaker) {
    std::fprintf(stderr, "speech_benchmark: %s\n", speaker.error().message.c_str());
    return 1;
  }
  const Memory opened;
  const double cold_ja = first_piece_ms(*speaker, sentences.japanese.front(), "ja");
  const double cold_en = first_piece_ms(*speaker, sentences.english.front(), "en");

  bool failed = cold_ja < 0 || cold_en < 0;
  std::vector<double> ja;
  std::vector<double> en;
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < sentences.japanese.size(); ++i) {
      ja.push_back(first_piece_ms(*speaker, sentences.japanese[i], "ja"));
      en.push_back(first_piece_ms(*speaker, sentences.english[i], "en"));
      failed = failed || ja.back() < 0 || en.back() < 0;
    }
  }
  double made_ms = 0;
  double spoken_s = 0;
  for (const auto& [texts, language] :
       {std::pair{&sentences.japanese, "ja"}, std::pair{&sentences.english, "en"}}) {
    for (const std::string& text : *texts) {
      const auto start = Clock::now();
      const auto audio = speaker->utterance(text, language);
      made_ms += ms_since(start);
      failed = failed || !audio;
      if (audio) spoken_s += audio->seconds();
    }
  }
  const Memory spoken;
  for (const char* language : {"zh-Hans", "ko", "vi", "pt-BR", "tl", "ne"}) {
    failed = failed || !speaker->utterance("1 2 3", language);
  }
  const Memory all_voices;

  std::printf(
      "Speaker::open: %.1f ms; first piece of the first sentence: ja %.1f ms, en %.1f ms\n\n",
      open_ms, cold_ja, cold_en);
  std::printf("| first piece of sound | sentences | median | p90 | p99 | largest |\n");
  std::printf("|---|---|---|---|---|---|\n");
  print_latencies("ja (MeCab + espeak-ng)", ja);
  print_latencies("en (espeak-ng)", en);
  std::printf("\nwhole utterances: %.1f s of speech made in %.1f ms (real-time factor %.3f)\n\n",
              spoken_s, made_ms, made_ms / 1000 / std::max(spoken_s, 1e-9));
  std::printf("| MiB (change since before open) | VmRSS | RssAnon | RssFile |\n");
  std::printf("|---|---|---|---|\n");
  print_memory("before Speaker::open", before, before);
  print_memory("after Speaker::open", opened, before);
  print_memory("after speaking the ja and en sentences", spoken, before);
  print_memory("after the 6 other voices", all_voices, before);
  std::printf("\npeak (VmHWM): %.1f MiB\n", status_kb("VmHWM") / 1024.0);
  if (failed) std::fprintf(stderr, "speech_benchmark: a sentence could not be spoken\n");
  return failed ? 1 : 0;
}
