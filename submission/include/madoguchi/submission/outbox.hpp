// The kiosk's durable outbox: completed applications wait here, in SQLite, until the back office
// has them. commit() returns only once the application is on disk (WAL, synchronous=FULL: the
// commit fsyncs the log), so the kiosk may tell the resident 受け付けました right after it.
//
// The 個人番号 of a procedure that needs it is sealed with the OutboxKey (AES-256-GCM, the key
// in a file outside the database) and erased once delivered (secure_delete, then a checkpoint
// that truncates the log). The outbox also keeps the print journal: which print job each
// document became, so a restarted kiosk never prints a document twice.
//
// Thread-safe: the device worker commits while the courier thread delivers.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/submission/application.hpp"
#include "madoguchi/submission/submission_error.hpp"

namespace madoguchi::submission {

struct OutboxOptions {
  // The key file for 個人番号 (outside the database, e.g. /etc/madoguchi/outbox.key). Empty, or a
  // file that cannot be used: the outbox works, but refuses applications that carry a 個人番号.
  std::filesystem::path key_file;
  bool create_key = true;  // create key_file (0600) when it is missing
  bool create = true;      // create the database when it is missing (false: staff tools)
};

// How the outbox is set up on disk, read back from SQLite.
struct OutboxDurability {
  std::string journal_mode;  // "wal"
  int synchronous = 0;       // 2: FULL
  bool secure_delete = false;
};

// A payment state the back office does not have yet.
struct PaymentStateChange {
  std::string application_id;
  PaymentState state = PaymentState::Paid;
  std::string changed_at;  // ISO 8601 UTC
};

// What waits to be delivered: for the counter's view of the kiosk.
struct OutboxBacklog {
  std::size_t applications = 0;
  std::string oldest_committed_at;  // ISO 8601 UTC; "" when nothing waits
};

struct PrintJobRecord {
  std::string document_key;  // the print job's name, e.g. "<application id>-application"
  std::string printer_uri;
  int job_id = 0;
  bool printed = false;  // the printer said completed
};

class Outbox {
 public:
  static std::expected<Outbox, SubmissionError> open(const std::filesystem::path& db_file,
                                                     const OutboxOptions& options = {});
  Outbox(Outbox&&) noexcept;
  Outbox& operator=(Outbox&&) noexcept;
  ~Outbox();

  // Stores the application; returns once it is durable. Committing the same application again
  // (same id, same content) succeeds and changes nothing; the same id with other content is a
  // Conflict. Refused (Key) when it carries a 個人番号 and the outbox has no usable key, and
  // (Invalid) when form_json is not a JSON object or contains the 個人番号 in clear.
  std::expected<void, SubmissionError> commit(const NewApplication& application);

  // Up to `limit` undelivered applications whose next attempt is due at `now`, oldest first,
  // each with its 個人番号 unsealed (or `problem` set).
  std::expected<std::vector<OutgoingApplication>, SubmissionError> due(
      std::size_t limit, std::chrono::system_clock::time_point now);

  // The back office has it: records where and when, erases the sealed 個人番号 (secure_delete
  // overwrites it in the file) and checkpoints the log so no page of the old row remains there.
  // delivered_state: the payment state the delivery carried; when it has changed since, the
  // change is still to be sent (unsent_payment_states). nullopt: whatever is recorded now.
  std::expected<void, SubmissionError> mark_delivered(
      const std::string& application_id, const std::string& delivered_to,
      std::optional<PaymentState> delivered_state = std::nullopt);

  // The fee's state changed after the commit (given back, handed to the counter). Recorded at
  // once; the back office learns it with the delivery, or afterwards through
  // unsent_payment_states() for an application delivered already. Kept until it is sent.
  std::expected<void, SubmissionError> set_payment_state(const std::string& application_id,
                                                         PaymentState state);
  std::expected<std::vector<PaymentStateChange>, SubmissionError> unsent_payment_states(
      std::size_t limit);
  std::expected<void, SubmissionError> mark_payment_state_sent(const PaymentStateChange& sent);

  // A delivery failed: counts the attempt, keeps the error for staff, and sets when to try again.
  std::expected<void, SubmissionError> record_failure(
      const std::string& application_id, const SubmissionError& error,
      std::chrono::system_clock::time_point next_attempt);

  std::expected<std::size_t, SubmissionError> pending_count();
  std::expected<OutboxBacklog, SubmissionError> backlog();
  // When the earliest undelivered application is due (nullopt: none is waiting).
  std::expected<std::optional<std::chrono::system_clock::time_point>, SubmissionError> next_due();

  // For staff (the slip's QR code carries the reception number). Newest first: reception
  // numbers repeat from year to year. with_pdf: include the PDF bytes.
  std::expected<std::vector<ApplicationRecord>, SubmissionError> find_by_reception_number(
      const std::string& reception_number, bool with_pdf = false);
  std::expected<std::optional<ApplicationRecord>, SubmissionError> find(
      const std::string& application_id, bool with_pdf = false);

  // The application whose form_json says "payment_id": payment_id (the payment journal's
  // SaleTransactionID), newest first: how a kiosk restarting after a crash learns that a paid
  // application was kept although its paper never came out.
  std::expected<std::optional<ApplicationRecord>, SubmissionError> find_by_payment(
      const std::string& payment_id);

  // Deletes delivered applications committed before `before` (the kiosk's retention period).
  std::expected<std::size_t, SubmissionError> purge_delivered(
      std::chrono::system_clock::time_point before);

  // The print journal.
  std::expected<std::optional<PrintJobRecord>, SubmissionError> print_job(
      const std::string& document_key);
  std::expected<void, SubmissionError> record_print_job(const PrintJobRecord& record);

  OutboxDurability durability();
  // "" when the key is usable, else why not (for the kiosk's status screen).
  std::string key_problem() const;
  const std::filesystem::path& file() const;

 private:
  struct State;
  explicit Outbox(std::unique_ptr<State> state);
  std::expected<std::vector<ApplicationRecord>, SubmissionError> select_records(
      std::string_view condition, const std::string& value, bool with_pdf);
  std::unique_ptr<State> state_;
};

}  // namespace madoguchi::submission
