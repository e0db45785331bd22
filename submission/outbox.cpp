#include "madoguchi/submission/outbox.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "madoguchi/storage/durable_file.hpp"
#include "madoguchi/storage/sqlite_statement.hpp"
#include "madoguchi/storage/sqlite_transaction.hpp"
#include "madoguchi/submission/outbox_key.hpp"
#include "madoguchi/wiping/wipe.hpp"
#include "outbox_schema.hpp"
#include "sealed_columns.hpp"

namespace madoguchi::submission {
namespace {

using Kind = SubmissionError::Kind;
using SystemClock = std::chrono::system_clock;
using storage::Statement;

// Everything the outbox keeps of a resident is sealed with the OutboxKey: the one list is
// kSealedColumns (sealed_columns.hpp), for sealing, unsealing, the migration of clear rows and a
// key rotation. NULL in a key id column means a row from before version 3 still in clear (or a
// 個人番号 erased after delivery).
constexpr const SealedColumn& kFormColumn = kSealedColumns[1];
constexpr const SealedColumn& kPdfColumn = kSealedColumns[2];
constexpr const SealedColumn& kSignatureColumn = kSealedColumns[3];

std::int64_t unix_ms(SystemClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Form data, PDFs and sealed numbers are personal: wiped before they are freed.
using wiping::wipe;

}  // namespace

struct Outbox::State {
  std::mutex mutex;
  sqlite3* db = nullptr;
  std::filesystem::path file;
  std::optional<OutboxKey> key;
  std::string key_problem;
  std::filesystem::path key_file;

  ~State() {
    if (db != nullptr) sqlite3_close(db);
  }

  SubmissionError error(const std::string& what) const {
    const int code = db != nullptr ? sqlite3_errcode(db) : SQLITE_ERROR;
    const Kind kind = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? Kind::Corrupt : Kind::Io;
    return SubmissionError{kind, "outbox " + file.string() + ": " + what + ": " +
                                     (db != nullptr ? sqlite3_errmsg(db) : "not open")};
  }

  bool exec(const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

  // Runs `body` in a write transaction (BEGIN IMMEDIATE ... COMMIT); rolls back on failure.
  template <typename Body>
  std::expected<void, SubmissionError> transaction(const std::string& what, Body&& body) {
    storage::WriteTransaction transaction(db);
    if (!transaction.began()) return std::unexpected(error(what + " (begin)"));
    std::expected<void, SubmissionError> result = body();
    if (!result) return result;
    if (!transaction.commit()) return std::unexpected(error(what + " (commit)"));
    return {};
  }

  // The key that seals the outbox's personal data; without one the outbox still opens (and says
  // why it has none).
  void load_key(const OutboxOptions& options) {
    if (options.key_file.empty()) {
      key_problem = "no key file is configured";
      return;
    }
    auto loaded = options.create_key ? OutboxKey::load_or_create(options.key_file)
                                     : OutboxKey::load(options.key_file);
    if (loaded) {
      key.emplace(std::move(*loaded));
    } else {
      key_problem = loaded.error().message;
    }
  }

  // A sealed column's value as stored -> the clear bytes (the caller wipes them). `key_id` empty:
  // a row from before schema version 3, still in clear because no key was usable since.
  std::expected<std::string, SubmissionError> open_column(std::string stored,
                                                          const SealedColumn& column,
                                                          const std::string& key_id,
                                                          const std::string& application_id) const {
    if (key_id.empty()) return stored;
    const wiping::WipeAtScopeEnd wiped(stored);
    if (!key) {
      return std::unexpected(SubmissionError{
          Kind::Key, "its " + std::string(column.value) + " is sealed and the outbox has no key (" +
                         key_problem + ")"});
    }
    if (key_id != key->id()) {
      return std::unexpected(SubmissionError{
          Kind::Key, "its " + std::string(column.value) + " was sealed with outbox key " + key_id +
                         ", but " + key_file.string() + " holds key " + key->id()});
    }
    return key->unseal_bytes(stored, column.purpose, application_id);
  }

  // Seals the clear rows an outbox from before version 3 holds (form_json and pdf), then
  // checkpoints the log so that no page of them remains there; secure_delete has overwritten
  // the old cells in the file. Without a usable key they stay as they are (and are delivered so).
  std::expected<std::size_t, SubmissionError> seal_clear_rows() {
    if (!key) return 0;
    std::size_t sealed = 0;
    auto done = transaction("sealing the form data", [&]() -> std::expected<void, SubmissionError> {
      Statement q(db,
                  "SELECT application_id, form_json, pdf FROM applications "
                  "WHERE sealed_key_id IS NULL");
      int rc = SQLITE_ROW;
      while ((rc = q.step()) == SQLITE_ROW) {
        const std::string id = q.column_text(0);
        std::string form = q.column_blob(1);
        std::string pdf = q.column_blob(2);
        auto sealed_form = key->seal_bytes(form, kFormColumn.purpose, id);
        auto sealed_pdf = key->seal_bytes(pdf, kPdfColumn.purpose, id);
        wipe(form);
        wipe(pdf);
        if (!sealed_form) return std::unexpected(sealed_form.error());
        if (!sealed_pdf) return std::unexpected(sealed_pdf.error());
        Statement update(db,
                         "UPDATE applications SET form_json = ?2, pdf = ?3, sealed_key_id = ?4 "
                         "WHERE application_id = ?1");
        update.text(1, id).blob(2, *sealed_form).blob(3, *sealed_pdf).text(4, key->id());
        if (update.step() != SQLITE_DONE) return std::unexpected(error("sealing " + id));
        ++sealed;
      }
      if (rc != SQLITE_DONE) return std::unexpected(error("reading clear rows"));
      return {};
    });
    if (!done) return std::unexpected(done.error());
    if (sealed > 0) {
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    }
    return sealed;
  }

  // The 個人番号 column of a row, for staff: masked, or why not.
  void describe_number(ApplicationRecord& r, bool had, bool sealed_null, const std::string& sealed,
                       const std::string& key_id) const {
    r.has_my_number = had;
    if (!had) return;
    if (sealed_null) {
      r.my_number_note = "送信済みのため、この端末からは消去しました";
      return;
    }
    if (!key) {
      r.my_number_note = "鍵がないため表示できません（" + key_problem + "）";
      return;
    }
    if (key_id != key->id()) {
      r.my_number_note = "鍵が違うため表示できません（鍵 " + key_id + " で封印、鍵ファイル " +
                         key_file.string() + " は鍵 " + key->id() + "）";
      return;
    }
    auto number = key->unseal(sealed, r.application_id);
    if (!number) {
      r.my_number_note = "開けません: " + number.error().message;
      return;
    }
    r.my_number_masked = number->masked();
  }
};

Outbox::Outbox(std::unique_ptr<State> state) : state_(std::move(state)) {}
Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

std::expected<Outbox, SubmissionError> Outbox::open(const std::filesystem::path& db_file,
                                                    const OutboxOptions& options) {
  auto state = std::make_unique<State>();
  state->file = db_file;
  state->key_file = options.key_file;
  std::error_code ec;
  const bool existed = std::filesystem::exists(db_file, ec);
  if (!existed && !options.create) {
    return std::unexpected(SubmissionError{Kind::Io, "no outbox at " + db_file.string()});
  }
  const auto dir = db_file.has_parent_path() ? db_file.parent_path() : std::filesystem::path(".");
  if (!existed) {
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return std::unexpected(SubmissionError{
          Kind::Io, "cannot create the outbox directory " + dir.string() + ": " + ec.message()});
    }
  }
  if (!existed) {
    // The outbox holds personal data: only the kiosk's user may read it. SQLite gives its log
    // (-wal) and index (-shm) the database file's permissions.
    const int fd = ::open(db_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) {
      const int err = errno;
      return std::unexpected(SubmissionError{
          Kind::Io, "cannot create the outbox " + db_file.string() + ": " + std::strerror(err)});
    }
    if (fd >= 0) ::close(fd);
  }
  const int flags = SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(db_file.c_str(), &state->db, flags, nullptr) != SQLITE_OK) {
    return std::unexpected(state->error("cannot open"));
  }
  sqlite3_busy_timeout(state->db, 5000);
  sqlite3_extended_result_codes(state->db, 0);
  {
    // Durability: write-ahead log, and every commit fsyncs it (synchronous=FULL). Deleted content
    // (a 個人番号 once delivered) is overwritten with zeros (secure_delete).
    Statement wal(state->db, "PRAGMA journal_mode=WAL");
    if (!wal.prepared() || wal.step() != SQLITE_ROW || wal.column_text(0) != "wal") {
      return std::unexpected(state->error("cannot switch to WAL"));
    }
  }
  if (!state->exec("PRAGMA synchronous=FULL") || !state->exec("PRAGMA secure_delete=ON")) {
    return std::unexpected(state->error("cannot set the durability pragmas"));
  }
  auto schema =
      state->transaction("creating the tables", [&]() -> std::expected<void, SubmissionError> {
        auto problem = create_outbox_schema(state->db);
        if (!problem) return {};
        if (problem->newer_version) {
          return std::unexpected(
              SubmissionError{Kind::Corrupt, "outbox " + db_file.string() + " " + problem->what});
        }
        return std::unexpected(state->error(problem->what));
      });
  if (!schema) return std::unexpected(schema.error());
  if (!existed && storage::fsync_directory(dir)) {
    return std::unexpected(
        SubmissionError{Kind::Io, "cannot fsync the outbox directory " + dir.string()});
  }

  state->load_key(options);
  if (auto sealed = state->seal_clear_rows(); !sealed) return std::unexpected(sealed.error());
  return Outbox(std::move(state));
}

namespace {

// What an application must have before the outbox looks at it: an id, its kiosk, number and
// procedure, a PDF, a signature that is at least a DER SEQUENCE, and form data that is a JSON
// object. The reason why not, or nothing.
std::optional<SubmissionError> missing_from(const NewApplication& a) {
  const auto invalid = [&](const std::string& what) {
    return SubmissionError{Kind::Invalid,
                           "application " + a.application_id + " not stored: " + what};
  };
  if (!valid_application_id(a.application_id)) {
    return SubmissionError{Kind::Invalid, "an application id is 1-64 letters, digits or '-' (got " +
                                              std::to_string(a.application_id.size()) +
                                              " characters)"};
  }
  if (a.kiosk_id.empty()) return invalid("no kiosk id");
  if (a.reception_number.empty()) return invalid("no reception number");
  if (a.procedure_id.empty()) return invalid("no procedure id");
  if (!a.pdf.starts_with("%PDF-")) return invalid("the PDF does not start with %PDF-");
  // A signature is a DER CMS ContentInfo: a SEQUENCE. Whether it verifies is the back office's
  // check (signature_check.hpp); this only keeps other bytes out of the column.
  if (!a.signature.empty() && static_cast<unsigned char>(a.signature.front()) != 0x30) {
    return invalid(
        "the electronic signature is not a DER CMS (it does not start with 0x30, a "
        "SEQUENCE)");
  }
  const auto parsed = nlohmann::json::parse(a.form_json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return invalid("the form data is not a JSON object");
  }
  return std::nullopt;
}

}  // namespace

std::expected<void, SubmissionError> Outbox::commit(const NewApplication& a) {
  const auto invalid = [&](const std::string& what) {
    return std::unexpected(
        SubmissionError{Kind::Invalid, "application " + a.application_id + " not stored: " + what});
  };
  if (auto problem = missing_from(a)) return std::unexpected(std::move(*problem));
  // Every application carries the resident's name and address: without a usable key nothing is
  // stored (never in clear). The kiosk's print check finds this before any money is taken.
  if (!state_->key) {
    return std::unexpected(
        SubmissionError{Kind::Key, "application " + a.application_id +
                                       " not stored: the outbox has no key to seal it with (" +
                                       state_->key_problem + ")"});
  }
  std::string payment_id;
  {
    const auto parsed = nlohmann::json::parse(a.form_json, nullptr, false);
    if (parsed.contains("payment_id") && parsed["payment_id"].is_string()) {
      payment_id = parsed["payment_id"].get<std::string>();
    }
  }
  std::string sealed;
  if (a.my_number != nullptr) {
    if (a.my_number->empty()) return invalid("the 個人番号 given is empty");
    const bool in_clear = a.my_number->reveal(
        [&](std::string_view digits) { return a.form_json.find(digits) != std::string::npos; });
    if (in_clear) return invalid("the form data holds the 個人番号 in clear");
    auto s = state_->key->seal(*a.my_number, a.application_id);
    if (!s) return std::unexpected(s.error());
    sealed = std::move(*s);
  }
  const std::string pdf_sha = sha256_hex(a.pdf);
  auto sealed_form = state_->key->seal_bytes(a.form_json, kFormColumn.purpose, a.application_id);
  if (!sealed_form) return std::unexpected(sealed_form.error());
  auto sealed_pdf = state_->key->seal_bytes(a.pdf, kPdfColumn.purpose, a.application_id);
  if (!sealed_pdf) return std::unexpected(sealed_pdf.error());
  std::string sealed_signature;
  if (!a.signature.empty()) {
    auto s = state_->key->seal_bytes(a.signature, kSignatureColumn.purpose, a.application_id);
    if (!s) return std::unexpected(s.error());
    sealed_signature = std::move(*s);
  }
  const auto created =
      a.created_at == SystemClock::time_point{} ? SystemClock::now() : a.created_at;

  std::lock_guard lock(state_->mutex);
  return state_->transaction(
      "storing application " + a.application_id, [&]() -> std::expected<void, SubmissionError> {
        Statement insert(state_->db,
                         "INSERT INTO applications (application_id, kiosk_id, reception_number, "
                         "procedure_id, form_json, pdf, pdf_sha256, created_at, committed_at, "
                         "had_my_number, my_number_sealed, my_number_key_id, payment_state, "
                         "payment_state_at, payment_id, sealed_key_id, signature) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?9, "
                         "?14, ?15, ?16) "
                         "ON CONFLICT (application_id) DO NOTHING");
        insert.text(1, a.application_id)
            .text(2, a.kiosk_id)
            .text(3, a.reception_number)
            .text(4, a.procedure_id)
            .blob(5, *sealed_form)
            .blob(6, *sealed_pdf)
            .text(7, pdf_sha)
            .text(8, iso8601_utc(created))
            .text(9, iso8601_utc(SystemClock::now()))
            .integer(10, a.my_number != nullptr ? 1 : 0);
        if (a.my_number != nullptr) {
          insert.blob(11, sealed).text(12, state_->key->id());
        } else {
          insert.null(11).null(12);
        }
        insert.text(13, std::string(to_string(a.payment_state)));
        if (payment_id.empty()) {
          insert.null(14);
        } else {
          insert.text(14, payment_id);
        }
        insert.text(15, state_->key->id());
        if (a.signature.empty()) {
          insert.null(16);
        } else {
          insert.blob(16, sealed_signature);
        }
        if (insert.step() != SQLITE_DONE) return std::unexpected(state_->error("insert"));
        if (sqlite3_changes(state_->db) == 1) return {};
        // Already there: the same application committed twice is fine, another one is not.
        Statement existing(state_->db,
                           "SELECT pdf_sha256, form_json, reception_number, procedure_id, "
                           "sealed_key_id, signature FROM applications WHERE application_id = ?1");
        existing.text(1, a.application_id);
        if (existing.step() != SQLITE_ROW) return std::unexpected(state_->error("re-reading"));
        auto form = state_->open_column(existing.column_blob(1), kFormColumn,
                                        existing.column_text(4), a.application_id);
        const bool same_form = form && *form == a.form_json;
        if (form) wipe(*form);
        // The same PDF signed again (another signing time) is another application too.
        bool same_signature = existing.is_null(5) && a.signature.empty();
        if (!existing.is_null(5) && !a.signature.empty()) {
          auto signature = state_->open_column(existing.column_blob(5), kSignatureColumn,
                                               existing.column_text(4), a.application_id);
          same_signature = signature && *signature == a.signature;
          if (signature) wipe(*signature);
        }
        if (existing.column_text(0) != pdf_sha || !same_form || !same_signature ||
            existing.column_text(2) != a.reception_number ||
            existing.column_text(3) != a.procedure_id) {
          return std::unexpected(SubmissionError{
              Kind::Conflict,
              "the outbox already holds another application with id " + a.application_id});
        }
        return {};
      });
}

std::expected<std::vector<OutgoingApplication>, SubmissionError> Outbox::due(
    std::size_t limit, SystemClock::time_point now) {
  std::lock_guard lock(state_->mutex);
  Statement q(state_->db,
              "SELECT application_id, kiosk_id, reception_number, procedure_id, form_json, pdf, "
              "pdf_sha256, created_at, my_number_sealed, my_number_key_id, attempts, "
              "had_my_number, payment_state, payment_state_at, sealed_key_id, signature "
              "FROM applications WHERE delivered_at IS NULL AND next_attempt_ms <= ?1 ORDER BY "
              "rowid LIMIT ?2");
  q.integer(1, unix_ms(now)).integer(2, static_cast<std::int64_t>(limit));
  std::vector<OutgoingApplication> out;
  int rc = SQLITE_ROW;
  while ((rc = q.step()) == SQLITE_ROW) {
    OutgoingApplication a;
    a.application_id = q.column_text(0);
    a.kiosk_id = q.column_text(1);
    a.reception_number = q.column_text(2);
    a.procedure_id = q.column_text(3);
    const std::string sealed_key_id = q.column_text(14);
    auto form = state_->open_column(q.column_blob(4), kFormColumn, sealed_key_id, a.application_id);
    auto pdf = state_->open_column(q.column_blob(5), kPdfColumn, sealed_key_id, a.application_id);
    if (form) a.form_json = std::move(*form);
    if (pdf) a.pdf = std::move(*pdf);
    std::expected<std::string, SubmissionError> signature;  // "" for a paper application
    if (!q.is_null(15)) {
      signature =
          state_->open_column(q.column_blob(15), kSignatureColumn, sealed_key_id, a.application_id);
      if (signature) a.signature = std::move(*signature);
    }
    a.pdf_sha256 = q.column_text(6);
    a.created_at = q.column_text(7);
    a.attempts = static_cast<int>(q.column_int64(10));
    a.payment_state = payment_state_from(q.column_text(12)).value_or(PaymentState::Paid);
    a.payment_state_at = q.column_text(13);
    if (!form || !pdf || !signature) {
      a.problem = !form  ? form.error().message
                  : !pdf ? pdf.error().message
                         : signature.error().message;
    } else if (sha256_hex(a.pdf) != a.pdf_sha256) {
      a.problem = "the PDF in the outbox does not match its SHA-256 (damaged file)";
    } else if (q.column_int64(11) != 0) {
      const bool sealed_null = q.is_null(8);
      std::string sealed = q.column_blob(8);
      const std::string key_id = q.column_text(9);
      if (sealed_null) {
        a.problem = "its 個人番号 is missing from the outbox";
      } else if (!state_->key) {
        a.problem = "its 個人番号 cannot be unsealed: " + state_->key_problem;
      } else if (key_id != state_->key->id()) {
        a.problem = "its 個人番号 was sealed with outbox key " + key_id + ", but " +
                    state_->key_file.string() + " holds key " + state_->key->id();
      } else if (auto number = state_->key->unseal(sealed, a.application_id)) {
        a.my_number.emplace(std::move(*number));
      } else {
        a.problem = number.error().message;
      }
      wipe(sealed);
    }
    out.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return std::unexpected(state_->error("reading pending applications"));
  return out;
}

std::expected<void, SubmissionError> Outbox::mark_delivered(
    const std::string& application_id, const std::string& delivered_to,
    std::optional<PaymentState> delivered_state) {
  std::lock_guard lock(state_->mutex);
  bool erased_number = false;
  auto marked = state_->transaction(
      "marking " + application_id + " delivered", [&]() -> std::expected<void, SubmissionError> {
        Statement check(state_->db,
                        "SELECT my_number_sealed IS NOT NULL FROM applications "
                        "WHERE application_id = ?1 AND delivered_at IS NULL");
        check.text(1, application_id);
        const int rc = check.step();
        if (rc == SQLITE_DONE) return {};  // delivered already, or unknown
        if (rc != SQLITE_ROW) return std::unexpected(state_->error("reading"));
        erased_number = check.column_int64(0) != 0;
        Statement update(state_->db,
                         "UPDATE applications SET delivered_at = ?2, delivered_to = ?3, "
                         "my_number_sealed = NULL, my_number_key_id = NULL, next_attempt_ms = 0, "
                         "last_error = NULL, payment_state_sent = "
                         "(?4 IS NULL OR payment_state = ?4) WHERE application_id = ?1");
        update.text(1, application_id)
            .text(2, iso8601_utc(SystemClock::now()))
            .text(3, delivered_to);
        if (delivered_state) {
          update.text(4, std::string(to_string(*delivered_state)));
        } else {
          update.null(4);
        }
        if (update.step() != SQLITE_DONE) return std::unexpected(state_->error("update"));
        return {};
      });
  if (!marked) return marked;
  if (erased_number) {
    // secure_delete zeroed the old cell in the page; the log still holds the page as it was.
    // A TRUNCATE checkpoint writes the pages back and empties the log. A reader holding an old
    // snapshot can make it partial (SQLITE_BUSY): the next one finishes it.
    sqlite3_wal_checkpoint_v2(state_->db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  return {};
}

std::expected<void, SubmissionError> Outbox::record_failure(const std::string& application_id,
                                                            const SubmissionError& error,
                                                            SystemClock::time_point next_attempt) {
  std::lock_guard lock(state_->mutex);
  Statement update(state_->db,
                   "UPDATE applications SET attempts = attempts + 1, last_error = ?2, "
                   "next_attempt_ms = ?3 WHERE application_id = ?1 AND delivered_at IS NULL");
  update.text(1, application_id)
      .text(2, std::string(to_string(error.kind)) + ": " + error.message)
      .integer(3, unix_ms(next_attempt));
  if (update.step() != SQLITE_DONE) return std::unexpected(state_->error("recording a failure"));
  return {};
}

std::expected<void, SubmissionError> Outbox::set_payment_state(const std::string& application_id,
                                                               PaymentState state) {
  std::lock_guard lock(state_->mutex);
  Statement update(state_->db,
                   "UPDATE applications SET payment_state = ?2, payment_state_at = ?3, "
                   "payment_state_sent = 0 WHERE application_id = ?1 AND payment_state <> ?2");
  update.text(1, application_id)
      .text(2, std::string(to_string(state)))
      .text(3, iso8601_utc(SystemClock::now()));
  if (update.step() != SQLITE_DONE) {
    return std::unexpected(state_->error("recording the payment state"));
  }
  return {};
}

std::expected<std::vector<PaymentStateChange>, SubmissionError> Outbox::unsent_payment_states(
    std::size_t limit) {
  std::lock_guard lock(state_->mutex);
  Statement q(state_->db,
              "SELECT application_id, payment_state, payment_state_at FROM applications "
              "WHERE payment_state_sent = 0 AND delivered_at IS NOT NULL ORDER BY rowid LIMIT ?1");
  q.integer(1, static_cast<std::int64_t>(limit));
  std::vector<PaymentStateChange> out;
  int rc = SQLITE_ROW;
  while ((rc = q.step()) == SQLITE_ROW) {
    out.push_back({q.column_text(0),
                   payment_state_from(q.column_text(1)).value_or(PaymentState::Paid),
                   q.column_text(2)});
  }
  if (rc != SQLITE_DONE) return std::unexpected(state_->error("reading payment states"));
  return out;
}

std::expected<void, SubmissionError> Outbox::mark_payment_state_sent(
    const PaymentStateChange& sent) {
  std::lock_guard lock(state_->mutex);
  Statement update(state_->db,
                   "UPDATE applications SET payment_state_sent = 1 "
                   "WHERE application_id = ?1 AND payment_state = ?2");
  update.text(1, sent.application_id).text(2, std::string(to_string(sent.state)));
  if (update.step() != SQLITE_DONE) {
    return std::unexpected(state_->error("marking the payment state sent"));
  }
  return {};
}

std::expected<std::size_t, SubmissionError> Outbox::pending_count() {
  std::lock_guard lock(state_->mutex);
  Statement q(state_->db, "SELECT count(*) FROM applications WHERE delivered_at IS NULL");
  if (q.step() != SQLITE_ROW) return std::unexpected(state_->error("counting"));
  return static_cast<std::size_t>(q.column_int64(0));
}

std::expected<OutboxBacklog, SubmissionError> Outbox::backlog() {
  std::lock_guard lock(state_->mutex);
  Statement q(state_->db,
              "SELECT count(*), min(committed_at) FROM applications WHERE delivered_at IS NULL");
  if (q.step() != SQLITE_ROW) return std::unexpected(state_->error("counting"));
  OutboxBacklog b;
  b.applications = static_cast<std::size_t>(q.column_int64(0));
  if (!q.is_null(1)) b.oldest_committed_at = q.column_text(1);
  return b;
}

std::expected<std::optional<SystemClock::time_point>, SubmissionError> Outbox::next_due() {
  std::lock_guard lock(state_->mutex);
  Statement q(state_->db,
              "SELECT min(next_attempt_ms) FROM applications WHERE delivered_at IS NULL");
  if (q.step() != SQLITE_ROW) return std::unexpected(state_->error("reading the next attempt"));
  if (q.is_null(0)) return std::optional<SystemClock::time_point>();
  return std::optional(SystemClock::time_point(std::chrono::milliseconds(q.column_int64(0))));
}

namespace {

constexpr const char* kRecordColumns =
    "application_id, kiosk_id, reception_number, procedure_id, form_json, created_at, "
    "length(pdf) - CASE WHEN sealed_key_id IS NULL THEN 0 ELSE ?3 END, pdf_sha256, delivered_at, "
    "delivered_to, attempts, last_error, had_my_number, "
    "my_number_sealed, my_number_key_id, CASE WHEN ?2 THEN pdf END, payment_state, "
    "payment_state_at, sealed_key_id, signature IS NOT NULL, "
    "length(signature) - CASE WHEN sealed_key_id IS NULL THEN 0 ELSE ?3 END, "
    "CASE WHEN ?2 THEN signature END";

}  // namespace

// The applications where `condition` (SQL on ?1 = value) holds, newest first.
std::expected<std::vector<ApplicationRecord>, SubmissionError> Outbox::select_records(
    std::string_view condition, const std::string& value, bool with_pdf) {
  std::lock_guard lock(state_->mutex);
  const std::string sql = std::string("SELECT ") + kRecordColumns + " FROM applications WHERE " +
                          std::string(condition) + " ORDER BY created_at DESC, rowid DESC";
  Statement q(state_->db, sql.c_str());
  q.text(1, value)
      .integer(2, with_pdf ? 1 : 0)
      .integer(3, static_cast<std::int64_t>(OutboxKey::kSealedOverhead));
  std::vector<ApplicationRecord> out;
  int rc = SQLITE_ROW;
  while ((rc = q.step()) == SQLITE_ROW) {
    ApplicationRecord r;
    r.application_id = q.column_text(0);
    r.kiosk_id = q.column_text(1);
    r.reception_number = q.column_text(2);
    r.procedure_id = q.column_text(3);
    const std::string sealed_key_id = q.column_text(18);
    if (auto form =
            state_->open_column(q.column_blob(4), kFormColumn, sealed_key_id, r.application_id)) {
      r.form_json = std::move(*form);
    } else {
      r.form_note = form.error().message;
    }
    r.created_at = q.column_text(5);
    r.pdf_size = static_cast<std::size_t>(q.column_int64(6));
    r.pdf_sha256 = q.column_text(7);
    r.status = q.is_null(8) ? "pending" : "delivered";
    r.delivered_at = q.column_text(8);
    r.delivered_to = q.column_text(9);
    r.attempts = static_cast<int>(q.column_int64(10));
    r.last_error = q.column_text(11);
    const bool sealed_null = q.is_null(13);
    std::string sealed = q.column_blob(13);
    state_->describe_number(r, q.column_int64(12) != 0, sealed_null, sealed, q.column_text(14));
    wipe(sealed);
    if (with_pdf) {
      if (auto pdf =
              state_->open_column(q.column_blob(15), kPdfColumn, sealed_key_id, r.application_id)) {
        r.pdf = std::move(*pdf);
      } else if (r.form_note.empty()) {
        r.form_note = pdf.error().message;
      }
    }
    r.has_signature = q.column_int64(19) != 0;
    if (r.has_signature) {
      r.signature_size = static_cast<std::size_t>(q.column_int64(20));
      if (with_pdf) {
        if (auto signature = state_->open_column(q.column_blob(21), kSignatureColumn, sealed_key_id,
                                                 r.application_id)) {
          r.signature = std::move(*signature);
        } else if (r.form_note.empty()) {
          r.form_note = signature.error().message;
        }
      }
    }
    r.payment_state = q.column_text(16);
    r.payment_state_at = q.column_text(17);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return std::unexpected(state_->error("looking up"));
  return out;
}

std::expected<std::vector<ApplicationRecord>, SubmissionError> Outbox::find_by_reception_number(
    const std::string& reception_number, bool with_pdf) {
  return select_records("reception_number = ?1", reception_number, with_pdf);
}

namespace {

// The newest of `found`, if any.
std::expected<std::optional<ApplicationRecord>, SubmissionError> newest(
    std::expected<std::vector<ApplicationRecord>, SubmissionError> found) {
  if (!found) return std::unexpected(found.error());
  if (found->empty()) return std::optional<ApplicationRecord>();
  return std::optional(std::move(found->front()));
}

}  // namespace

std::expected<std::optional<ApplicationRecord>, SubmissionError> Outbox::find(
    const std::string& application_id, bool with_pdf) {
  return newest(select_records("application_id = ?1", application_id, with_pdf));
}

std::expected<std::optional<ApplicationRecord>, SubmissionError> Outbox::find_by_payment(
    const std::string& payment_id) {
  if (payment_id.empty()) return std::optional<ApplicationRecord>();  // free, or cash
  return newest(select_records("payment_id = ?1", payment_id, false));
}

std::expected<std::size_t, SubmissionError> Outbox::purge_delivered(
    SystemClock::time_point before) {
  std::lock_guard lock(state_->mutex);
  std::size_t purged = 0, deleted_jobs = 0;
  auto done = state_->transaction("purging", [&]() -> std::expected<void, SubmissionError> {
    Statement del(state_->db,
                  "DELETE FROM applications WHERE delivered_at IS NOT NULL AND committed_at < ?1 "
                  "AND payment_state_sent = 1");
    del.text(1, iso8601_utc(before));
    if (del.step() != SQLITE_DONE) return std::unexpected(state_->error("delete"));
    purged = static_cast<std::size_t>(sqlite3_changes(state_->db));
    Statement jobs(state_->db, "DELETE FROM print_jobs WHERE updated_at < ?1");
    jobs.text(1, iso8601_utc(before));
    if (jobs.step() != SQLITE_DONE) return std::unexpected(state_->error("delete print jobs"));
    deleted_jobs = static_cast<std::size_t>(sqlite3_changes(state_->db));
    return {};
  });
  if (!done) return std::unexpected(done.error());
  // Wipes what was deleted from the log too; the kiosk purges after every print, mostly
  // deleting nothing, and then there is nothing to wipe.
  if (purged + deleted_jobs > 0) {
    sqlite3_wal_checkpoint_v2(state_->db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  return purged;
}

std::expected<std::optional<PrintJobRecord>, SubmissionError> Outbox::print_job(
    const std::string& document_key) {
  std::lock_guard lock(state_->mutex);
  Statement q(state_->db,
              "SELECT printer_uri, job_id, printed FROM print_jobs WHERE document_key = ?1");
  q.text(1, document_key);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<PrintJobRecord>();
  if (rc != SQLITE_ROW) return std::unexpected(state_->error("reading the print journal"));
  return std::optional(PrintJobRecord{document_key, q.column_text(0),
                                      static_cast<int>(q.column_int64(1)), q.column_int64(2) != 0});
}

std::expected<void, SubmissionError> Outbox::record_print_job(const PrintJobRecord& record) {
  std::lock_guard lock(state_->mutex);
  Statement q(state_->db,
              "INSERT INTO print_jobs (document_key, printer_uri, job_id, printed, updated_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (document_key) DO UPDATE SET "
              "printer_uri = excluded.printer_uri, job_id = excluded.job_id, "
              "printed = excluded.printed, updated_at = excluded.updated_at");
  q.text(1, record.document_key)
      .text(2, record.printer_uri)
      .integer(3, record.job_id)
      .integer(4, record.printed ? 1 : 0)
      .text(5, iso8601_utc(SystemClock::now()));
  if (q.step() != SQLITE_DONE) return std::unexpected(state_->error("writing the print journal"));
  return {};
}

OutboxDurability Outbox::durability() {
  std::lock_guard lock(state_->mutex);
  OutboxDurability d;
  Statement mode(state_->db, "PRAGMA journal_mode");
  if (mode.step() == SQLITE_ROW) d.journal_mode = mode.column_text(0);
  Statement sync(state_->db, "PRAGMA synchronous");
  if (sync.step() == SQLITE_ROW) d.synchronous = static_cast<int>(sync.column_int64(0));
  Statement secure(state_->db, "PRAGMA secure_delete");
  if (secure.step() == SQLITE_ROW) d.secure_delete = secure.column_int64(0) != 0;
  return d;
}

std::string Outbox::key_problem() const { return state_->key_problem; }

const std::filesystem::path& Outbox::file() const { return state_->file; }

}  // namespace madoguchi::submission
