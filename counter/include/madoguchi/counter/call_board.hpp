// 係員を呼ぶ reaching a member of staff: a call from a kiosk, recorded in the back office's
// PostgreSQL (madoguchi_calls, docs/counter.md) and announced at once to every console that
// listens (NOTIFY madoguchi_calls, the call's number as the payload). A call holds the kiosk, the
// screen and step, the language, whether a volunteer is assisting and the time — never a name,
// an address or a number from the card: the table has no column for them.
//
// Roles: each kiosk signs in with a role of its own in madoguchi_kiosks; row-level security lets
// it write calls and read back only its own (to learn that one was taken). Each member of staff
// signs in with a role of their own in madoguchi_staff, which reads every call and takes one.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/storage/postgres_link.hpp"

namespace madoguchi::counter {

using Failure = storage::PostgresFailure;

// What a kiosk says when it calls.
struct CallRequest {
  std::string screen;  // the screen's id: "question", "enter_pin" (a-z and _)
  int step = 0;        // the step counter on the screen, 0 when it shows none
  int steps = 0;
  std::string language;   // the screen's language code: "ja", "ja-easy", "en"
  bool assisted = false;  // a volunteer is signed in on the kiosk
};

struct Call {
  std::int64_t id = 0;
  std::string kiosk;  // the kiosk's role
  CallRequest request;
  std::string called_at;  // ISO 8601 in UTC, the server's clock
  std::string taken_by;   // the role of the member of staff who took it; "" while open
  std::string taken_at;
  bool taken() const { return !taken_by.empty(); }
};

class CallBoard {
 public:
  // conninfo: as the inbox's (storage/postgres_link.hpp). `application_name` tells the server
  // who is connected ("madoguchi-kiosk", "madoguchi-console").
  CallBoard(std::string conninfo, std::string application_name);
  ~CallBoard();
  CallBoard(const CallBoard&) = delete;
  CallBoard& operator=(const CallBoard&) = delete;

  const std::string& name() const;

  // ---- the kiosk ----
  std::expected<Call, Failure> call(const CallRequest& request);
  // The call with this number if this role may see it (a kiosk: only its own).
  std::expected<std::optional<Call>, Failure> find(std::int64_t id);

  // ---- staff ----
  // The calls not yet taken, oldest first.
  std::expected<std::vector<Call>, Failure> open_calls();
  // Takes an open call as this role; nullopt when someone else took it first.
  std::expected<std::optional<Call>, Failure> take(std::int64_t id);

  // ---- both ----
  // LISTEN madoguchi_calls (once), then waits up to `timeout` for calls made or taken: their
  // numbers, or none when the time ran out.
  std::expected<std::vector<std::int64_t>, Failure> wait(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::counter
