#include "persona.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/card/jpki_ap.hpp"
#include "madoguchi/card/tlv.hpp"
#include "madoguchi/text/japanese_date.hpp"

namespace madoguchi::card {
namespace {

using nlohmann::json;

constexpr std::string_view kRequiredKeys[] = {"name",      "address", "birth_date",    "sex",
                                              "my_number", "pin",     "pin_tries_left"};
constexpr std::string_view kOptionalKeys[] = {"atr", "note", "faults", "sign_password",
                                              "sign_tries_left"};
constexpr std::string_view kFaultKeys[] = {"remove_at_apdu", "delay_ms", "corrupt_length",
                                           "status_word", "at_apdu"};
constexpr long long kMaxApduPosition = 1000000;
constexpr long long kMaxDelayMs = 60000;

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
  });
}

std::string type_name(const json& value) {
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_array() || value.is_object()) return std::string("an ") + value.type_name();
  return std::string("a ") + value.type_name();
}

class Validator {
 public:
  Validator(const json& root, const std::string& source) : root_(root), source_(source) {}

  std::unexpected<std::string> fail(std::string_view key, const std::string& problem) const {
    return std::unexpected(source_ + ": key \"" + std::string(key) + "\": " + problem);
  }

  // The string at `key`, or an error that says why there is none.
  std::expected<std::string, std::string> text(std::string_view key) const {
    const auto it = root_.find(std::string(key));
    if (it == root_.end()) return fail(key, "is missing");
    if (!it->is_string()) return fail(key, "must be a string, found " + type_name(*it));
    return it->get<std::string>();
  }

 private:
  const json& root_;
  const std::string& source_;
};

std::string line_of(std::string_view text, std::size_t byte) {
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(byte, text.size()));
  return std::to_string(1 + std::count(text.begin(), end, '\n'));
}

}  // namespace

std::expected<std::vector<std::uint8_t>, std::string> parse_atr_hex(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c == ' ' || c == ':') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return std::unexpected(std::string("ATR: '") + c + "' is not a hex digit");
    }
    digits += c;
  }
  if (digits.size() % 2 != 0) return std::unexpected("ATR: odd number of hex digits");
  std::vector<std::uint8_t> atr;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    atr.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  if (atr.size() < 2 || atr.size() > 33) {
    return std::unexpected("ATR: must have 2 to 33 bytes, has " + std::to_string(atr.size()));
  }
  if (atr[0] != 0x3B && atr[0] != 0x3F) return std::unexpected("ATR: must start with 3B or 3F");
  return atr;
}

std::expected<std::uint16_t, std::string> parse_status_word_hex(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c == ' ' || c == ':') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return std::unexpected(std::string("'") + c + "' is not a hex digit");
    }
    digits += c;
  }
  if (digits.size() != 4) {
    return std::unexpected("must be 4 hex digits SW1 SW2, e.g. \"6F00\"");
  }
  const auto sw = static_cast<std::uint16_t>(std::stoi(digits, nullptr, 16));
  const int sw1 = sw >> 8;
  if (!((sw1 >= 0x61 && sw1 <= 0x6F) || (sw1 >= 0x90 && sw1 <= 0x9F))) {
    return std::unexpected("SW1 must be 61..6F or 90..9F (ISO 7816-4)");
  }
  return sw;
}

namespace {

// The optional "faults" object: every key known, every value in range.
std::expected<Faults, std::string> parse_faults(const json& object, const std::string& source) {
  const auto fail = [&source](std::string_view key, const std::string& problem) {
    return std::unexpected(source + ": key \"faults." + std::string(key) + "\": " + problem);
  };
  if (!object.is_object()) {
    return std::unexpected(source + ": key \"faults\": must be an object, found " +
                           type_name(object));
  }
  for (const auto& [key, value] : object.items()) {
    if (std::none_of(std::begin(kFaultKeys), std::end(kFaultKeys),
                     [&key](std::string_view k) { return k == key; })) {
      return std::unexpected(source + ": unknown key \"faults." + key +
                             "\" (expected remove_at_apdu, delay_ms, corrupt_length, "
                             "status_word, at_apdu)");
    }
  }
  Faults faults;
  const auto integer = [&](std::string_view key, long long low,
                           long long high) -> std::expected<int, std::string> {
    const auto& value = object[std::string(key)];
    if (!value.is_number_integer()) {
      return fail(key, "must be an integer " + std::to_string(low) + ".." + std::to_string(high) +
                           ", found " + type_name(value));
    }
    const auto n = value.get<long long>();
    if (n < low || n > high) {
      return fail(key, "must be " + std::to_string(low) + ".." + std::to_string(high) + ", found " +
                           std::to_string(n));
    }
    return static_cast<int>(n);
  };
  if (object.contains("remove_at_apdu")) {
    auto n = integer("remove_at_apdu", 1, kMaxApduPosition);
    if (!n) return std::unexpected(n.error());
    faults.remove_at_apdu = *n;
  }
  if (object.contains("delay_ms")) {
    auto n = integer("delay_ms", 0, kMaxDelayMs);
    if (!n) return std::unexpected(n.error());
    faults.delay_ms = *n;
  }
  if (object.contains("corrupt_length")) {
    const auto& value = object["corrupt_length"];
    if (!value.is_boolean()) {
      return fail("corrupt_length", "must be true or false, found " + type_name(value));
    }
    faults.corrupt_length = value.get<bool>();
  }
  if (object.contains("at_apdu")) {
    auto n = integer("at_apdu", 1, kMaxApduPosition);
    if (!n) return std::unexpected(n.error());
    faults.at_apdu = *n;
  }
  if (object.contains("status_word")) {
    const auto& value = object["status_word"];
    if (!value.is_string()) {
      return fail("status_word", "must be a string of 4 hex digits, found " + type_name(value));
    }
    auto sw = parse_status_word_hex(value.get<std::string>());
    if (!sw) return fail("status_word", sw.error());
    faults.status_word = *sw;
  }
  if (object.contains("status_word") != object.contains("at_apdu")) {
    return fail(object.contains("status_word") ? "at_apdu" : "status_word",
                "status_word and at_apdu go together");
  }
  if (faults.at_apdu > 0 && faults.at_apdu == faults.remove_at_apdu) {
    return fail("at_apdu",
                "the card cannot both answer and leave at APDU " + std::to_string(faults.at_apdu));
  }
  return faults;
}

// The optional "sign_password" and "sign_tries_left" (the JPKI-AP's 署名用パスワード).
std::expected<void, std::string> parse_signing(const json& root, const Validator& check,
                                               Persona& persona) {
  if (root.contains("sign_password")) {
    auto password = check.text("sign_password");
    if (!password) return std::unexpected(password.error());
    const bool allowed = std::all_of(password->begin(), password->end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
    const bool letter = std::any_of(password->begin(), password->end(),
                                    [](char c) { return c >= 'A' && c <= 'Z'; });
    const bool digit = std::any_of(password->begin(), password->end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
    if (password->size() < static_cast<std::size_t>(kMinSignPasswordLength) ||
        password->size() > static_cast<std::size_t>(kMaxSignPasswordLength) || !allowed ||
        !letter || !digit) {
      return check.fail("sign_password",
                        "must be 6 to 16 upper-case letters A-Z and digits, at least one of each");
    }
    persona.sign_password = std::move(*password);
  }
  if (root.contains("sign_tries_left")) {
    const auto& value = root["sign_tries_left"];
    if (!value.is_number_integer() || value.get<long long>() < 0 ||
        value.get<long long>() > kMaxSignPasswordTries) {
      return check.fail("sign_tries_left", "must be an integer 0..5 (0 = blocked)");
    }
    persona.sign_tries_left = value.get<int>();
  }

  return {};
}

}  // namespace

std::expected<Persona, std::string> parse_persona(std::string_view json_text,
                                                  const std::string& source) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // Only the position: the parser's own message may quote the text (a PIN, say).
    return std::unexpected(source + ": not valid JSON (UTF-8) near byte " + std::to_string(e.byte) +
                           ", line " + line_of(json_text, e.byte));
  }
  if (!root.is_object()) {
    return std::unexpected(source + ": must be a JSON object, found " + type_name(root));
  }
  for (const auto& [key, value] : root.items()) {
    const auto known = [&key](std::string_view k) { return k == key; };
    if (std::none_of(std::begin(kRequiredKeys), std::end(kRequiredKeys), known) &&
        std::none_of(std::begin(kOptionalKeys), std::end(kOptionalKeys), known)) {
      return std::unexpected(
          source + ": unknown key \"" + key +
          "\" (expected name, address, birth_date, sex, my_number, pin, "
          "pin_tries_left and optionally sign_password, sign_tries_left, atr, note, "
          "faults)");
    }
  }

  const Validator check(root, source);
  Persona persona;

  auto name = check.text("name");
  if (!name) return std::unexpected(name.error());
  if (name->empty()) return check.fail("name", "must not be empty");
  if (has_control_character(*name))
    return check.fail("name", "must not contain control characters");
  persona.basic_info.name = std::move(*name);

  auto address = check.text("address");
  if (!address) return std::unexpected(address.error());
  if (address->empty()) return check.fail("address", "must not be empty");
  if (has_control_character(*address)) {
    return check.fail("address", "must not contain control characters");
  }
  persona.basic_info.address = std::move(*address);

  auto birth_date = check.text("birth_date");
  if (!birth_date) return std::unexpected(birth_date.error());
  if (birth_date->size() != 8 || !all_digits(*birth_date)) {
    return check.fail("birth_date",
                      "must be 8 ASCII digits YYYYMMDD (Gregorian), e.g. \"19500415\"");
  }
  if (!text::parse_yyyymmdd(*birth_date)) {
    return check.fail("birth_date", "\"" + *birth_date + "\" is not a date in the calendar");
  }
  persona.basic_info.birth_date = std::move(*birth_date);

  auto sex = check.text("sex");
  if (!sex) return std::unexpected(sex.error());
  if (*sex != "0" && *sex != "1" && *sex != "2" && *sex != "9") {
    return check.fail("sex",
                      "must be \"1\" (male), \"2\" (female), \"9\" (not applicable) or "
                      "\"0\" (unknown)");
  }
  persona.basic_info.sex = std::move(*sex);

  // The PIN and the 個人番号 are never quoted back, not even when wrong.
  auto my_number = check.text("my_number");
  if (!my_number) return std::unexpected(my_number.error());
  if (my_number->size() != 12 || !all_digits(*my_number)) {
    return check.fail("my_number", "must be a string of 12 ASCII digits");
  }
  persona.my_number = std::move(*my_number);

  auto pin = check.text("pin");
  if (!pin) return std::unexpected(pin.error());
  if (pin->size() != static_cast<std::size_t>(kPinLength) || !all_digits(*pin)) {
    return check.fail("pin", "must be a string of 4 ASCII digits");
  }
  persona.pin = std::move(*pin);

  const auto tries = root.find("pin_tries_left");
  if (tries == root.end()) return check.fail("pin_tries_left", "is missing");
  if (!tries->is_number_integer()) {
    return check.fail("pin_tries_left", "must be an integer 0..3, found " + type_name(*tries));
  }
  const auto tries_value = tries->get<long long>();
  if (tries_value < 0 || tries_value > kMaxPinTries) {
    return check.fail("pin_tries_left",
                      "must be 0..3 (0 = blocked), found " + std::to_string(tries_value));
  }
  persona.pin_tries_left = static_cast<int>(tries_value);

  if (auto signing = parse_signing(root, check, persona); !signing) {
    return std::unexpected(signing.error());
  }

  if (root.contains("atr")) {
    auto atr_text = check.text("atr");
    if (!atr_text) return std::unexpected(atr_text.error());
    auto atr = parse_atr_hex(*atr_text);
    if (!atr) return check.fail("atr", atr.error());
    persona.atr = std::move(*atr);
  }
  if (root.contains("note") && !root["note"].is_string()) {
    return check.fail("note", "must be a string, found " + type_name(root["note"]));
  }

  if (root.contains("faults")) {
    auto faults = parse_faults(root["faults"], source);
    if (!faults) return std::unexpected(faults.error());
    persona.faults = *faults;
  }

  if (encode_basic_info(persona.basic_info).size() > kMaxReadOffset) {
    return check.fail("address", "name and address are too long to fit EF 0002");
  }
  return persona;
}

std::expected<Persona, std::string> load_persona(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(file.string() + ": cannot open the persona file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_persona(text.str(), file.string());
}

}  // namespace madoguchi::card
