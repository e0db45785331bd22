// Where applications go: the back office's inbox. PostgresInbox (a PostgreSQL table shared by
// every kiosk of the town) or DirectoryInbox (a directory drop for an isolated network).
#pragma once

#include <expected>
#include <string>

#include "madoguchi/submission/application.hpp"
#include "madoguchi/submission/submission_error.hpp"

namespace madoguchi::submission {

class Inbox {
 public:
  virtual ~Inbox() = default;
  // Hands one application over, all of it or nothing. Idempotent by application id: an
  // application the inbox already has (same PDF) is a success, so a kiosk killed between the
  // delivery and marking it delivered delivers it again harmlessly. Unreachable: try again
  // later; Conflict: the inbox holds another application under this id.
  virtual std::expected<void, SubmissionError> deliver(const OutgoingApplication& application) = 0;
  // The application's fee changed after it was delivered (given back, handed to the counter):
  // records the new state on the application the inbox holds. Idempotent; an older change
  // never overwrites a newer one.
  virtual std::expected<void, SubmissionError> record_payment_state(
      const std::string& application_id, PaymentState state, const std::string& changed_at) = 0;
  // Names the inbox for logs and the outbox's delivered_to, e.g. "postgresql://db.town/intake"
  // (never a password).
  virtual std::string name() const = 0;
};

}  // namespace madoguchi::submission
