#include "scenario.hpp"

#include "persona.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include <unistd.h>

#include "madoguchi/kiosk/stop_signal.hpp"
#include "madoguchi/speech/wav.hpp"
#include "madoguchi/wiping/wipe.hpp"
#include "screens/keypad_focus.hpp"
#include "screens/spoken_screen.hpp"
#include "screens/voice.hpp"

namespace madoguchi::kiosk::ui {

namespace {

std::optional<Screen> screen_from_id(const std::string& id) {
  for (int i = 0; i <= static_cast<int>(Screen::Counter); ++i) {
    const auto screen = static_cast<Screen>(i);
    if (screen_id(screen) == id) return screen;
  }
  return std::nullopt;
}

std::string read_persona_pin(const std::filesystem::path& persona) {
  std::ifstream in(persona);
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.contains("pin") || !json["pin"].is_string()) return {};
  return json["pin"].get<std::string>();
}

// The persona's 署名用パスワード, as the virtual card has it (its default when the file has none).
std::string read_persona_sign_password(const std::filesystem::path& persona) {
  const auto loaded = card::load_persona(persona);
  return loaded ? loaded->sign_password : std::string();
}

}  // namespace

std::expected<nlohmann::json, std::string> load_scenario(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::unexpected("cannot read the scenario " + file.string());
  auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) return std::unexpected(file.string() + ": not valid JSON");
  if (!json.is_object() || !json.contains("steps") || !json["steps"].is_array()) {
    return std::unexpected(file.string() + ": needs a \"steps\" array");
  }
  return json;
}

nlohmann::json demo_scenario(const std::filesystem::path& persona, bool submit_signed) {
  auto hand_in =
      submit_signed
          ? nlohmann::json::array(
                {{{"tap", "hand_in:signed"}, {"wait_for", "sign_password"}},
                 {{"password", "$SIGN_PASSWORD"}},
                 {{"tap", "submit_password"}, {"wait_for", "take_card"}, {"timeout_ms", 60000}}})
          : nlohmann::json::array(
                {{{"tap", "hand_in:paper"}, {"wait_for", "take_card"}, {"timeout_ms", 60000}}});
  auto scenario =
      nlohmann::json{{"name", submit_signed ? "住民票の写し 1通 本人のみ、電子署名して送る（デモ）"
                                            : "住民票の写し 1通 本人のみ（デモ）"},
                     {"persona", persona.string()},
                     {"expect_outcome", "printed"},
                     {"steps", nlohmann::json::array({
                                   {{"note", "welcome"}},
                                   {{"tap", "procedure:juminhyo"}},
                                   {{"card", "place"}, {"wait_for", "enter_pin"}},
                                   {{"keypad", "$PIN"}},
                                   {{"tap", "submit_pin"}, {"wait_for", "confirm_identity"}},
                                   {{"tap", "confirm"}, {"wait_for", "question"}},
                                   {{"tap", "next"}},
                                   {{"tap", "next"}},
                                   {{"tap", "next"}},
                                   {{"tap", "next"}, {"wait_for", "check_answers"}},
                                   {{"tap", "next"}, {"wait_for", "hand_in"}},
                               })}};
  for (auto& step : hand_in) scenario["steps"].push_back(std::move(step));
  scenario["steps"].push_back({{"card", "remove"}, {"wait_for", "welcome"}});
  return scenario;
}

ScenarioResult run_scenario(KioskApp& app, nlohmann::json& scenario, CardHand& hand,
                            const std::filesystem::path& base_dir,
                            const std::filesystem::path& out) {
  ScenarioResult result;
  std::filesystem::create_directories(out);
  auto& summary = result.summary;
  summary["scenario"] = scenario.value("name", "");
  summary["steps"] = nlohmann::json::array();
  // Touches the resident made: taps and typed keys, not the PIN digits (issue 5 counts them
  // from the welcome screen to the printed form: 住民票の写し 1通 should take ≤ 8).
  int touches = 0;
  std::filesystem::path persona;
  if (scenario.contains("persona")) {
    persona = scenario["persona"].get<std::string>();
    if (persona.is_relative()) persona = base_dir / persona;
  }
  std::string procedure_id;
  std::string reception_number;
  int fee_total = 0;
  bool ok = true;
  // "voice": 音声案内 on for the whole run (as a headset would have it), each step's words in
  // "spoken" and its sound in NN-<screen>.wav. "input": "keypad": taps made with the keypad.
  const bool voice = scenario.value("voice", false);
  const bool keypad = scenario.value("input", "touch") == "keypad";
  const bool screenshots = scenario.value("screenshots", true);
  const std::string atlas_at_start = app.atlas_size();
  // "check_redraw": every frame painted in part is compared with it painted whole.
  if (scenario.value("check_redraw", false)) app.check_redraws();
  if (voice || keypad) {
    app.session().view().set_voice_by_default(true);
    app.session().view().set_voice(true);
  }
  int keys = 0;
  const auto tap = [&](const std::string& target) {
    if (!keypad) return app.tap(target);
    const int before = app.keys_pressed();
    const bool done = app.key_to(target);
    keys += app.keys_pressed() - before;
    return done;
  };
  app.settle(std::chrono::milliseconds(5000));
  int index = 0;
  for (auto& step : scenario["steps"]) {
    if (stop_requested()) break;
    ++index;
    nlohmann::json record;
    record["index"] = index;
    std::string action;
    std::string error;
    const auto timeout = std::chrono::milliseconds(step.value("timeout_ms", 20000));

    if (step.contains("tap") && step.value("while_on_screen", false)) {
      // As often as the button is there (none is fine): the check screen's 次のページ, whose
      // pages depend on the answers' lengths.
      const auto target = step["tap"].get<std::string>();
      action = "tap " + target + " while on screen";
      for (int i = 0; i < 10; ++i) {
        app.settle(std::chrono::milliseconds(5000));
        if (!tap(target)) break;
        ++touches;
      }
    } else if (step.contains("tap")) {
      const auto target = step["tap"].get<std::string>();
      // "times": N taps in a row, a frame or two apart (the volunteer's corner gesture).
      const int times = std::clamp(step.value("times", 1), 1, 10);
      action = "tap " + target + (times > 1 ? " ×" + std::to_string(times) : "");
      app.settle(std::chrono::milliseconds(5000));
      for (int i = 0; i < times && error.empty(); ++i) {
        ++touches;
        if (!tap(target)) {
          error = "no button \"" + target + "\" on screen " +
                  std::string(screen_id(app.session().screen()));
        }
      }
    } else if (step.contains("hold")) {
      // A finger held on a target (the staff's corner: three seconds).
      const auto target = step["hold"].get<std::string>();
      const int ms = std::clamp(step.value("hold_ms", 3500), 0, 60000);
      action = "hold " + target + " " + std::to_string(ms) + " ms";
      app.settle(std::chrono::milliseconds(5000));
      ++touches;
      if (!app.hold(target, std::chrono::milliseconds(ms))) {
        error = "no button \"" + target + "\" on screen " +
                std::string(screen_id(app.session().screen()));
      }
    } else if (step.contains("keypad")) {
      std::string digits = step["keypad"].get<std::string>();
      if (digits == "$PIN") digits = read_persona_pin(persona);
      action = "keypad (" + std::to_string(digits.size()) + " digits)";  // never the digits
      for (const char d : digits) {
        if (keypad) {
          // The keypad's own digit: typed on a screen of digits, never moving the focus.
          app.key({KeypadKey::Digit, d});
          ++keys;
        } else if (!app.tap(std::string("key:") + d)) {
          error = "the keypad is not on screen";
          break;
        }
      }
      std::fill(digits.begin(), digits.end(), '\0');
    } else if (step.contains("password")) {
      // The 署名用パスワード on the letter-and-digit keyboard: like the PIN, never recorded and
      // not counted as touches.
      std::string password = step["password"].get<std::string>();
      if (password == "$SIGN_PASSWORD") password = read_persona_sign_password(persona);
      action = "password (" + std::to_string(password.size()) + " characters)";
      for (const char c : password) {
        if (!app.tap(std::string("key:") + c)) {
          error = "the password keyboard is not on screen";
          break;
        }
      }
      wiping::wipe(password);
    } else if (step.contains("type")) {
      // One key per character: "ヤマタ゛　タロウ" (濁点 and 半濁点 as their own keys).
      // What the resident types is theirs: wiped from the scenario once typed (the kiosk's memory
      // holds no trace of them at the next welcome screen, kiosk_memory_trace_test).
      auto& typed = step["type"].get_ref<std::string&>();
      std::string text = typed;
      wiping::wipe(typed);
      action = "type " + std::to_string(text.size()) + " bytes";  // answers stay out of logs
      for (std::size_t at = 0; at < text.size();) {
        std::size_t next = at + 1;
        while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
          ++next;
        }
        const std::string key = text.substr(at, next - at);
        at = next;
        ++touches;
        std::string id = "key:" + key;
        if (key == "゛") id = "mark:dakuten";
        if (key == "゜") id = "mark:handakuten";
        if (key == "小") id = "mark:small";
        if (key == " " || key == "　") id = "key:space";
        if (!app.tap(id)) {
          error =
              "no key \"" + key + "\" on screen " + std::string(screen_id(app.session().screen()));
          break;
        }
      }
      wiping::wipe(text);
    } else if (step.contains("card")) {
      const auto what = step["card"].get<std::string>();
      action = "card " + what;
      if (what == "place" || what == "insert") {
        auto file = persona;
        if (step.contains("persona")) {
          file = step["persona"].get<std::string>();
          if (file.is_relative()) file = base_dir / file;
        }
        if (!hand.place) {
          error = "no virtual card in this mode";
        } else if (auto placed = hand.place(file); !placed) {
          error = placed.error();
        }
      } else if (what == "remove") {
        if (hand.remove) hand.remove();
      } else {
        error = "unknown card action " + what;
      }
    } else if (step.contains("note")) {
      action = "show " + step["note"].get<std::string>();
    } else if (!step.contains("wait_for") && !step.contains("wait_ms") &&
               !step.contains("hold_ms")) {
      error = "unknown step " + step.dump();
    }
    // "wait_ms" alone, or after an action (a card taken off: let the kiosk notice).
    if (error.empty() && step.contains("wait_ms")) {
      const int ms = step["wait_ms"].get<int>();
      if (action.empty()) action = "wait " + std::to_string(ms) + " ms";
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
      while (std::chrono::steady_clock::now() < until && !stop_requested()) {
        app.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }

    if (error.empty() && step.contains("wait_for")) {
      const auto target = step["wait_for"].get<std::string>();
      if (action.empty()) action = "wait for " + target;
      const auto screen = screen_from_id(target);
      if (!screen) {
        error = "unknown screen " + target;
      } else if (!app.wait_for(*screen, timeout)) {
        error = "expected screen " + target + ", still on " +
                std::string(screen_id(app.session().screen()));
      }
    }
    // "hold_ms": the kiosk stays at the screen it is on, as it would between residents, and
    // says so on stderr so that a test can look at it from outside (its memory, its files).
    // With "hold" it is how long the finger stays, not this.
    if (error.empty() && step.contains("hold_ms") && !step.contains("hold")) {
      const int ms = step["hold_ms"].get<int>();
      const std::string screen(screen_id(app.session().screen()));
      if (action.empty()) action = "hold at " + screen + " for " + std::to_string(ms) + " ms";
      app.settle(std::chrono::milliseconds(10000));
      std::fprintf(stderr, "scenario: holding at the %s screen for %d ms (pid %d)\n",
                   screen.c_str(), ms, static_cast<int>(::getpid()));
      std::fflush(stderr);
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
      while (std::chrono::steady_clock::now() < until && !stop_requested()) {
        app.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    if (stop_requested()) {
      // SIGTERM / SIGINT: the scenario ends here, without this step's screenshot.
      record["action"] = action;
      record["ok"] = false;
      record["error"] = "stopped by signal " + std::to_string(stop_signal_number());
      summary["steps"].push_back(record);
      break;
    }
    app.settle(std::chrono::milliseconds(10000));
    if (app.session().procedure() != nullptr) {
      procedure_id = app.session().procedure()->id;
      fee_total = app.session().visit_fee_yen();  // every application of the payment
    }
    if (!app.session().reception_number().empty()) {
      reception_number = app.session().reception_number();
    }

    const std::string screen(screen_id(app.session().screen()));
    char name[64];
    std::snprintf(name, sizeof name, "%02d-%s.png", index, screen.c_str());
    record["action"] = action;
    record["screen"] = screen;
    if (!app.session().notice().empty()) record["notice"] = app.session().notice();
    if (screenshots && app.save_screenshot(out / name)) record["screenshot"] = name;
    if (voice || keypad) {
      const auto sentences = app.spoken_now();
      record["spoken"] = joined(sentences);
      if (voice && app.voice() != nullptr && !sentences.empty()) {
        const auto& view = app.session().view();
        const auto sound = app.voice()->render(
            sentences, view.translations().languages().at(view.language()).code);
        char wav[64];
        std::snprintf(wav, sizeof wav, "%02d-%s.wav", index, screen.c_str());
        if (!sound) {
          record["speech_error"] = sound.error();
        } else if (speech::write_wav(out / wav, *sound)) {
          record["speech"] = wav;
          record["speech_seconds"] = std::round(sound->seconds() * 10.0) / 10.0;
        }
      }
    }
    // The resident's view of the kiosk, when it is not the usual one.
    if (const auto& session = app.session(); session.view().language() != 0) {
      record["language"] =
          session.view().translations().languages().at(session.view().language()).code;
    }
    if (app.session().view().large_text()) record["large_text"] = true;
    if (app.session().view().high_contrast()) record["high_contrast"] = true;
    if (app.session().idle_warning()) {
      record["idle_countdown_seconds"] = app.session().idle_seconds_left();
    }
    if (app.session().waiting_for_card_back()) {
      record["card_back_seconds"] = app.session().card_back_seconds_left();
    }
    if (app.session().sign_in().assisting())
      record["assisted_by"] = app.session().sign_in().volunteer().id;
    if (app.session().sign_in().staff_menu_open()) record["staff_menu"] = true;
    {
      auto buttons = nlohmann::json::array();  // what the resident could tap after the step
      for (const auto& b : app.visible_buttons()) buttons.push_back(b);
      record["buttons"] = std::move(buttons);
    }
    record["ok"] = error.empty();
    if (!error.empty()) {
      record["error"] = error;
      record["buttons_on_screen"] = record["buttons"];
      ok = false;
    }
    summary["steps"].push_back(record);
    if (!error.empty()) break;
    // 終了 on the staff menu: the kiosk stops here, as the interactive loop does.
    if (!app.session().sign_in().stopped_by().empty()) {
      summary["stopped_by_staff"] = app.session().sign_in().stopped_by();
      break;
    }
  }
  if (stop_requested()) {
    summary["stopped_by_signal"] = stop_signal_number();
    ok = false;
  }
  summary["touches_without_pin"] = touches;
  if (keypad) summary["keypad_keys"] = keys;
  if (const Voice* said = app.voice(); said != nullptr) {
    auto latencies = said->latencies_ms();
    std::sort(latencies.begin(), latencies.end());
    const auto at = [&](double q) {
      if (latencies.empty()) return 0.0;
      return std::round(latencies[static_cast<std::size_t>(
                            q * static_cast<double>(latencies.size() - 1))] *
                        10.0) /
             10.0;
    };
    summary["speech"] = {
        {"sentences_said", said->sentences_said()},
        {"samples_played", said->samples_played()},
        {"words_from_mecab", said->words_from_mecab()},
        {"latency_ms", {{"count", latencies.size()}, {"median", at(0.5)}, {"p99", at(0.99)}}},
        {"problem", said->problem()}};
  }
  summary["procedure"] = procedure_id;
  summary["fee_total_yen"] = fee_total;
  summary["reception_number"] = reception_number;
  summary["outcome"] = std::string(outcome_name(app.session().outcome()));
  auto outputs = nlohmann::json::array();
  for (const auto& file : app.devices().outputs()) {
    outputs.push_back(file.filename().string());
  }
  summary["outputs"] = outputs;
  summary["glyphs_in_atlas"] = app.glyph_count();
  summary["supplementary_glyphs"] = app.supplementary_glyph_count();
  summary["atlas_baked"] = app.atlas_rebuild_count();
  summary["atlas_added"] = app.atlas_addition_count();
  summary["atlas_read_back"] = app.atlas_read_back_count();
  summary["chimes"] = app.chimes_played();
  {
    auto times = app.frame_times_ms();
    std::sort(times.begin(), times.end());
    const auto at = [&](double q) {
      if (times.empty()) return 0.0;
      const auto i = static_cast<std::size_t>(q * static_cast<double>(times.size() - 1));
      return std::round(times[i] * 10.0) / 10.0;
    };
    summary["frames"] = times.size();
    summary["frame_ms"] = {{"median", at(0.5)}, {"p99", at(0.99)}, {"max", at(1.0)}};
  }
  summary["atlas"] = app.atlas_size();
  summary["atlas_at_start"] = atlas_at_start;
  if (const RedrawCheck& check = app.redraw_check(); check.on) {
    summary["redraw_check"] = {{"frames", check.frames},
                               {"differing", check.differing},
                               {"inexact_atlases", check.inexact_atlases},
                               {"first", check.first},
                               {"painted_in_part", app.frames_painted_in_part()}};
    if (check.differing != 0 || check.inexact_atlases != 0 || app.frames_painted_in_part() == 0) {
      ok = false;
    }
  }
  {
    // The kiosk's own peak memory over the run (VmHWM), not its services'.
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("VmHWM:")) summary["peak_rss_kb"] = std::atol(line.c_str() + 6);
    }
  }
  if (scenario.contains("expect_outcome") &&
      scenario["expect_outcome"].get<std::string>() != summary["outcome"].get<std::string>()) {
    ok = false;
  }
  summary["steps_ok"] = ok;
  result.steps_ok = ok;
  std::ofstream(out / "session.json") << summary.dump(2) << "\n";
  return result;
}

}  // namespace madoguchi::kiosk::ui
