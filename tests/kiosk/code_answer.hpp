// Types a code on one of the session's code pads and waits for the answer, as the screen does
// frame by frame (the Argon2id check runs off the UI thread). For the session and code tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::tests {

inline kiosk::Session::CodeAnswer answer(kiosk::Session& session, kiosk::Session::CodePad pad,
                                         std::string code) {
  session.check_code(pad, std::move(code));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    session.tick();
    if (auto answered = session.take_code_answer()) return *answered;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "no answer to the code within 10 s";
  return kiosk::Session::CodeAnswer::NoRoster;
}

}  // namespace madoguchi::tests
