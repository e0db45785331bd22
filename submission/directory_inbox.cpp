#include "madoguchi/submission/directory_inbox.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "madoguchi/storage/durable_file.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::submission {
namespace {

using Kind = SubmissionError::Kind;

// Writes dir/name atomically (storage::write_file_atomically).
std::expected<void, SubmissionError> write_atomically(const std::filesystem::path& dir,
                                                      const std::string& name,
                                                      std::string_view bytes) {
  auto written = storage::write_file_atomically(dir, name, bytes);
  if (!written) return std::unexpected(SubmissionError{Kind::Io, written.error()});
  return {};
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

DirectoryInbox::DirectoryInbox(std::filesystem::path directory)
    : directory_(std::move(directory)) {}

std::string DirectoryInbox::name() const { return "dir:" + directory_.string(); }

std::expected<void, SubmissionError> DirectoryInbox::check_access() {
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) {
    return std::unexpected(SubmissionError{
        Kind::Io, "cannot create the drop directory " + directory_.string() + ": " + ec.message()});
  }
  const auto probe = directory_ / (".madoguchi-check-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return std::unexpected(SubmissionError{
        Kind::Io, "cannot write in the drop directory " + directory_.string() + ": " +
                      std::error_code(errno, std::generic_category()).message()});
  }
  ::close(fd);
  std::filesystem::remove(probe, ec);
  return {};
}

std::expected<void, SubmissionError> DirectoryInbox::deliver(const OutgoingApplication& a) {
  if (!valid_application_id(a.application_id)) {
    return std::unexpected(
        SubmissionError{Kind::Invalid, "an application id unfit for a file name"});
  }
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) {
    return std::unexpected(SubmissionError{
        Kind::Io, "cannot create the drop directory " + directory_.string() + ": " + ec.message()});
  }
  const std::string pdf_name = a.application_id + ".pdf";
  const std::string json_name = a.application_id + ".json";
  // The resident's electronic signature over the PDF, beside it (a detached CMS, DER).
  const std::string signature_name = pdf_name + ".p7s";
  const std::string signature_sha = a.signature.empty() ? "" : sha256_hex(a.signature);

  // Delivered before? The JSON is written last, so its presence means complete.
  if (const auto existing = read_file(directory_ / json_name)) {
    const auto parsed = nlohmann::json::parse(*existing, nullptr, false);
    const bool same = !parsed.is_discarded() && parsed.is_object() &&
                      parsed.value("pdf_sha256", std::string()) == a.pdf_sha256 &&
                      parsed.value("signature_sha256", std::string()) == signature_sha;
    std::string wipeable = *existing;
    wiping::wipe_bytes(wipeable.data(), wipeable.size());
    if (same) return {};
    return std::unexpected(SubmissionError{
        Kind::Conflict, name() + " already holds another application named " + json_name});
  }

  auto form = nlohmann::json::parse(a.form_json, nullptr, false);
  if (form.is_discarded()) {
    return std::unexpected(
        SubmissionError{Kind::Invalid, "the form data of " + a.application_id + " is not JSON"});
  }
  nlohmann::ordered_json doc;
  doc["format"] = "madoguchi-application/1";
  doc["application_id"] = a.application_id;
  doc["kiosk_id"] = a.kiosk_id;
  doc["reception_number"] = a.reception_number;
  doc["procedure_id"] = a.procedure_id;
  doc["created_at"] = a.created_at;
  doc["pdf_file"] = pdf_name;
  doc["pdf_sha256"] = a.pdf_sha256;
  if (!a.signature.empty()) {
    doc["signature_file"] = signature_name;
    doc["signature_sha256"] = signature_sha;
  }
  doc["payment_state"] = std::string(to_string(a.payment_state));
  doc["payment_state_at"] = a.payment_state_at;
  doc["form_data"] = std::move(form);
  std::string text = doc.dump(2);
  if (a.my_number) {
    // Spliced in by hand, so the digits live only in this buffer, which is wiped below.
    text.reserve(text.size() + 64);  // no reallocation may leave a copy of the digits behind
    text.pop_back();                 // '}'
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    text += ",\n  \"my_number\": \"";
    a.my_number->reveal([&](std::string_view digits) { text.append(digits); });
    text += "\"\n}";
  }
  text += "\n";

  auto pdf_written = write_atomically(directory_, pdf_name, a.pdf);
  if (!pdf_written) {
    wiping::wipe_bytes(text.data(), text.size());
    return pdf_written;
  }
  if (!a.signature.empty()) {
    auto signature_written = write_atomically(directory_, signature_name, a.signature);
    if (!signature_written) {
      wiping::wipe_bytes(text.data(), text.size());
      return signature_written;
    }
  }
  auto json_written = write_atomically(directory_, json_name, text);
  wiping::wipe_bytes(text.data(), text.size());
  return json_written;
}

// <application_id>.payment.json, replaced whole at each change: the back office reads the
// application's current payment state there once it differs from the one delivered with it.
std::expected<void, SubmissionError> DirectoryInbox::record_payment_state(
    const std::string& application_id, PaymentState state, const std::string& changed_at) {
  if (!valid_application_id(application_id)) {
    return std::unexpected(
        SubmissionError{Kind::Invalid, "an application id unfit for a file name"});
  }
  const std::string file = application_id + ".payment.json";
  if (const auto existing = read_file(directory_ / file)) {
    const auto parsed = nlohmann::json::parse(*existing, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object() &&
        parsed.value("changed_at", std::string()) > changed_at) {
      return {};  // a newer change is there already
    }
  }
  nlohmann::ordered_json doc;
  doc["format"] = "madoguchi-payment-state/1";
  doc["application_id"] = application_id;
  doc["payment_state"] = std::string(to_string(state));
  doc["changed_at"] = changed_at;
  return write_atomically(directory_, file, doc.dump(2) + "\n");
}

}  // namespace madoguchi::submission
