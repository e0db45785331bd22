#include "golden_record.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "madoguchi/storage/durable_file.hpp"
#include "madoguchi/text/japanese_date.hpp"
#include "sample_answers.hpp"
#include "sample_resident.hpp"

namespace madoguchi::studio {

namespace {

using Json = nlohmann::ordered_json;

// The golden file of a procedure, as JSON: an empty one (no cases) when there is none yet;
// nullopt when the file is there but is not a golden file.
std::optional<Json> read_golden(const std::filesystem::path& file, const std::string& id) {
  Json golden = {{"procedure", id}, {"cases", Json::array()}};
  std::error_code ignored;
  if (!std::filesystem::exists(file, ignored)) return golden;
  std::ifstream in(file, std::ios::binary);
  golden = Json::parse(in, nullptr, false);
  if (golden.is_discarded() || !golden.contains("cases") || !golden["cases"].is_array()) {
    return std::nullopt;
  }
  return golden;
}

}  // namespace

int golden_case_count(const std::filesystem::path& golden_folder, const std::string& id) {
  const auto golden = read_golden(golden_folder / (id + ".json"), id);
  return golden ? static_cast<int>((*golden)["cases"].size()) : 0;
}

std::vector<RecordedCase> recorded_cases(const std::filesystem::path& golden_folder,
                                         const std::string& id) {
  std::vector<RecordedCase> cases;
  const auto golden = read_golden(golden_folder / (id + ".json"), id);
  if (!golden) return cases;
  for (const auto& one : (*golden)["cases"]) {
    if (!one.is_object()) continue;
    const auto given = one.find("answers");
    if (given == one.end() || !given->is_object()) continue;
    RecordedCase recorded;
    for (const auto& [question, value] : given->items()) {
      if (const auto* text = value.get_ptr<const std::string*>())
        recorded.answers[question] = *text;
    }
    if (const auto day = one.find("today"); day != one.end()) {
      if (const auto* text = day->get_ptr<const std::string*>()) recorded.today = *text;
    }
    cases.push_back(std::move(recorded));
  }
  return cases;
}

std::string today_in_japan() {
  return text::to_iso_date(text::civil_date_in_japan(std::chrono::system_clock::now()));
}

std::expected<int, std::string> record_golden_case(const std::filesystem::path& golden_folder,
                                                   const forms::Procedure& procedure,
                                                   const GoldenRecord& record) {
  const auto day = text::parse_iso_date(record.today);
  if (!day) return std::unexpected("\"" + record.today + "\" is not a day (YYYY-MM-DD)");
  const auto when = text::time_in_japan(*day, 10);  // as the golden tests fill forms
  auto resident = read_sample_resident(record.sample);
  if (!resident) return std::unexpected(record.sample.string() + ": " + resident.error());
  constexpr auto kReceptionNumber = "0042";
  const forms::Answers answers = sample_answers(procedure, record.answers);
  const forms::Answers with_prefill = forms::prefill_answers(procedure, *resident, answers);
  std::vector<std::string> asked;
  for (const auto* question : forms::questions_to_ask(procedure, with_prefill)) {
    if (forms::asked_on_a_screen(*question)) asked.push_back(question->id);
  }
  const auto fee = forms::quote_fee(procedure, with_prefill);
  const auto form =
      forms::fill_form(procedure, *resident, answers, kReceptionNumber, when, forms::Office{});
  resident->wipe();
  if (!form) return std::unexpected("the form cannot be filled: " + form.error());

  const std::string sample = record.sample.stem().string();
  Json one;
  one["name"] =
      record.name.empty() ? record.sample_label + "（見本、スタジオで記録）" : record.name;
  one["sample"] = sample;
  one["today"] = record.today;
  one["reception_number"] = kReceptionNumber;
  one["answers"] = Json::object();
  for (const auto& [id, value] : answers) one["answers"][id] = value;
  one["asked"] = asked;
  one["fee_yen"] = fee.total_yen;
  if (fee.free_case != nullptr) one["free_reason"] = fee.free_case->reason.ja;
  one["fields"] = Json::object();
  for (const auto& [id, value] : form->field_values) one["fields"][id] = value;
  if (!form->warnings.empty()) one["warnings"] = form->warnings.size();

  const auto file = golden_folder / (procedure.id + ".json");
  auto read = read_golden(file, procedure.id);
  if (!read) return std::unexpected(file.string() + " is not a golden file; it is left as it is");
  Json& golden = *read;
  std::error_code ignored;
  bool replaced = false;
  for (auto& existing : golden["cases"]) {
    const bool same_name = !record.name.empty() && existing.value("name", "") == record.name;
    if (same_name || (existing.value("sample", "") == sample &&
                      existing.value("answers", Json::object()) == one["answers"])) {
      existing = one;
      replaced = true;
    }
  }
  if (!replaced) golden["cases"].push_back(one);
  std::filesystem::create_directories(golden_folder, ignored);
  if (auto written = storage::write_file_atomically(golden_folder, file.filename().string(),
                                                    golden.dump(2) + "\n");
      !written) {
    return std::unexpected(written.error());
  }
  return static_cast<int>(golden["cases"].size());
}

}  // namespace madoguchi::studio
