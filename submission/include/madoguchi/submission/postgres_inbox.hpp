// The back office's PostgreSQL inbox (libpq): one table, madoguchi_inbox, shared by every kiosk
// of the town. Each delivery is one transaction: INSERT ... ON CONFLICT (application_id) DO
// NOTHING with the PDF (and the resident's signature, when signed) as bytea, then, when the row
// was already there, a check that it is the same application (pdf_sha256). The schema:
// schema_sql(), docs/back-office.md.
#pragma once

#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/submission/inbox.hpp"

namespace madoguchi::submission {

struct PostgresOptions {
  std::chrono::seconds connect_timeout{5};
  std::chrono::seconds statement_timeout{15};
};

class PostgresInbox final : public Inbox {
 public:
  // conninfo: a libpq connection string or URI ("host=db.town dbname=intake user=kiosk
  // sslmode=verify-full"). Connects on first use, and again after the connection breaks.
  explicit PostgresInbox(std::string conninfo, PostgresOptions options = {});
  ~PostgresInbox() override;
  PostgresInbox(const PostgresInbox&) = delete;
  PostgresInbox& operator=(const PostgresInbox&) = delete;

  std::expected<void, SubmissionError> deliver(const OutgoingApplication& application) override;
  std::expected<void, SubmissionError> record_payment_state(const std::string& application_id,
                                                            PaymentState state,
                                                            const std::string& changed_at) override;
  std::string name() const override;

  // For staff: the inbox's applications with this reception number, newest first. The
  // 個人番号 is masked by the server (only its last four digits leave it).
  std::expected<std::vector<ApplicationRecord>, SubmissionError> find_by_reception_number(
      const std::string& reception_number, bool with_pdf = false);
  std::expected<std::optional<ApplicationRecord>, SubmissionError> find(
      const std::string& application_id, bool with_pdf = false);

  // For `kiosk --check`: connects, and checks that madoguchi_inbox is there and that this role
  // may deliver to it (INSERT, and SELECT of pdf_sha256: docs/back-office.md's grants).
  // Unreachable when it cannot connect (a wrong host, password or database), Rejected when the
  // table is missing or a right is not granted.
  std::expected<void, SubmissionError> check_access();

  // The CREATE TABLE the back office runs (docs/back-office.md quotes it). It may run again on
  // an existing inbox: it adds what an older one lacks (application_signature).
  static std::string_view schema_sql();
  // Runs schema_sql() (for tests and first set-up; needs the right to create tables).
  std::expected<void, SubmissionError> create_schema();

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
};

}  // namespace madoguchi::submission
