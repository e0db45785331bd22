// The base of the card integration tests: pcscd + vpcd started for each test, a
// CardReaders on it, and small helpers on persona files and APDU traces.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/card/reader.hpp"
#include "support/pcscd_fixture.hpp"

namespace madoguchi::card::card_tests {

// The persona file as plain JSON, read independently of the virtual card's loader.
inline nlohmann::json persona_json(const std::string& file) {
  std::ifstream in(tests::persona_path(file));
  return nlohmann::json::parse(in);
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

class CardStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stack = tests::PcscdWithVirtualReader::start();
    ASSERT_TRUE(stack) << stack.error();
    stack_ = std::move(*stack);
    auto readers = CardReaders::open();
    ASSERT_TRUE(readers) << describe(readers.error());
    readers_.emplace(std::move(*readers));
  }

  void insert(const std::string& persona, const std::vector<std::string>& extra_args = {}) {
    const auto inserted = stack_->insert_card(tests::persona_path(persona), extra_args);
    ASSERT_TRUE(inserted) << inserted.error();
  }

  std::string reader() const { return stack_->reader_name(0); }

  std::unique_ptr<tests::PcscdWithVirtualReader> stack_;
  std::optional<CardReaders> readers_;  // released before pcscd stops (declared after it)
};

}  // namespace madoguchi::card::card_tests
