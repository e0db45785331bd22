// Headless scenarios: a JSON script of taps, keypad digits, card placement
// and waits, run against the real kiosk with a screenshot after every step
// and a session.json summary. The format is documented in docs/scenario-format.md.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "screens/kiosk_app.hpp"

namespace madoguchi::kiosk::ui {

// Places and removes the card: the virtual card in the demo and the tests;
// with a real reader a person does it and these are not used.
struct CardHand {
  std::function<std::expected<void, std::string>(const std::filesystem::path& persona)> place;
  std::function<void()> remove;
};

struct ScenarioResult {
  bool steps_ok = false;  // every step did what it said
  nlohmann::json summary;
};

std::expected<nlohmann::json, std::string> load_scenario(const std::filesystem::path& file);

// Runs `scenario` and writes NN-<screen>.png files and session.json into `out`. What `type`
// steps type is wiped from `scenario` once typed.
// `base_dir` resolves relative persona paths; `pin` substitutes "$PIN" in
// keypad steps (the demo reads it from the persona) and is never recorded.
ScenarioResult run_scenario(KioskApp& app, nlohmann::json& scenario, CardHand& hand,
                            const std::filesystem::path& base_dir,
                            const std::filesystem::path& out);

// The built-in demo: 住民票の写し, 1 copy, 本人のみ, default purpose.
// The built-in demo: 住民票の写し 1通, printed on paper, or signed with the card and sent
// (kiosk_driver --submit signed).
nlohmann::json demo_scenario(const std::filesystem::path& persona, bool submit_signed = false);

}  // namespace madoguchi::kiosk::ui
