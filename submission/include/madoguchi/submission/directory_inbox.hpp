// A directory drop for an isolated network: each application becomes <id>.pdf, for a signed one
// <id>.pdf.p7s (the detached CMS, DER), and then <id>.json (the JSON last: its presence means
// the application is complete). Each file is written to a temporary ".madoguchi-*" file,
// fsync'd, renamed into place, and the directory fsync'd. Idempotent by file name: an
// application whose JSON is there with the same pdf_sha256 and signature_sha256 (absent for a
// paper application) is delivered already. Files are created 0600.
#pragma once

#include <filesystem>

#include "madoguchi/submission/inbox.hpp"

namespace madoguchi::submission {

class DirectoryInbox final : public Inbox {
 public:
  explicit DirectoryInbox(std::filesystem::path directory);

  std::expected<void, SubmissionError> deliver(const OutgoingApplication& application) override;
  std::expected<void, SubmissionError> record_payment_state(const std::string& application_id,
                                                            PaymentState state,
                                                            const std::string& changed_at) override;
  std::string name() const override;

  // For `kiosk --check`: the directory exists (or can be made) and a file can be written in it
  // (a ".madoguchi-check-*" file, removed again). Io otherwise.
  std::expected<void, SubmissionError> check_access();

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
};

}  // namespace madoguchi::submission
