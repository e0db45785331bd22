// The scenario most kiosk tests start from (docs/scenario-format.md): 住民票の写し 1通 with the
// default answers, the PIN, 申し込んで支払う, 紙に印刷して出す, then waiting up to 60 s for
// `final_screen` (take_card when all goes well; payment_problem, print_problem, printing, ... for
// faults).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace madoguchi::tests {

inline nlohmann::json pay_scenario(const std::string& persona, const std::string& final_screen,
                                   const std::string& name = "pay") {
  return {{"name", name},
          {"persona", persona},
          {"steps",
           {{{"tap", "procedure:juminhyo"}},
            {{"card", "place"}, {"wait_for", "enter_pin"}},
            {{"keypad", "$PIN"}},
            {{"tap", "submit_pin"}, {"wait_for", "confirm_identity"}},
            {{"tap", "confirm"}},
            {{"tap", "next"}},
            {{"tap", "next"}},
            {{"tap", "next"}},
            {{"tap", "next"}, {"wait_for", "check_answers"}},
            {{"tap", "next"}, {"wait_for", "hand_in"}},
            {{"tap", "hand_in:paper"}, {"wait_for", final_screen}, {"timeout_ms", 60000}}}}};
}

}  // namespace madoguchi::tests
