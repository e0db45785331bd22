#include "bindings.hpp"

#include <array>
#include <utility>

namespace madoguchi::forms {

namespace {

constexpr std::string_view kAnswerPrefix = "answer.";
constexpr std::string_view kValueSuffix = ".value";

constexpr std::array<std::pair<FieldSource, std::string_view>, 15> kFixedSpellings{{
    {FieldSource::CardName, "card.name"},
    {FieldSource::CardAddress, "card.address"},
    {FieldSource::CardBirthDateWareki, "card.birth_date_wareki"},
    {FieldSource::CardBirthDateSeireki, "card.birth_date_seireki"},
    {FieldSource::CardSex, "card.sex"},
    {FieldSource::FeeTotal, "fee.total"},
    {FieldSource::FeePerCopy, "fee.per_copy"},
    {FieldSource::ReceptionNumber, "reception.number"},
    {FieldSource::ReceptionDateWareki, "reception.date_wareki"},
    {FieldSource::ReceptionDateSeireki, "reception.date_seireki"},
    {FieldSource::OfficeTownName, "office.town_name"},
    {FieldSource::OfficeAddressee, "office.addressee"},
    {FieldSource::ComputedAge, "computed.age"},
    {FieldSource::PageNumber, "page.number"},
    {FieldSource::CardMyNumber, "card.my_number"},
}};

}  // namespace

std::string Binding::to_string() const {
  switch (source) {
    case FieldSource::AnswerLabel:
      return std::string(kAnswerPrefix) + question_id;
    case FieldSource::AnswerValue:
      return std::string(kAnswerPrefix) + question_id + std::string(kValueSuffix);
    default:
      for (const auto& [fixed_source, spelling] : kFixedSpellings) {
        if (fixed_source == source) return std::string(spelling);
      }
  }
  return {};
}

namespace detail {

std::optional<Binding> parse_binding(std::string_view text) {
  for (const auto& [source, spelling] : kFixedSpellings) {
    if (text == spelling) return Binding{source, {}};
  }
  if (!text.starts_with(kAnswerPrefix)) return std::nullopt;
  std::string_view question_id = text.substr(kAnswerPrefix.size());
  FieldSource source = FieldSource::AnswerLabel;
  if (question_id.ends_with(kValueSuffix)) {
    question_id.remove_suffix(kValueSuffix.size());
    source = FieldSource::AnswerValue;
  }
  if (question_id.empty() || question_id.find('.') != std::string_view::npos) {
    return std::nullopt;
  }
  return Binding{source, std::string(question_id)};
}

std::vector<std::string> binding_spellings() {
  std::vector<std::string> spellings;
  for (const auto& [source, spelling] : kFixedSpellings) spellings.emplace_back(spelling);
  spellings.emplace_back("answer.<question id>");
  spellings.emplace_back("answer.<question id>.value");
  return spellings;
}

}  // namespace detail
}  // namespace madoguchi::forms
