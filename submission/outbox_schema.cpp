#include "outbox_schema.hpp"

#include "madoguchi/storage/sqlite_statement.hpp"

namespace madoguchi::submission {
namespace {

using storage::Statement;

// 2: the fee's state (payment_state), delivered to the back office when it changes.
// 3: form_json and pdf sealed with the outbox key (sealed_key_id), payment_id in a column of its
//    own (it was read from the form data, which is sealed now).
// 4: the resident's electronic signature over the PDF (signature, a DER CMS sealed like the PDF;
//    NULL for a paper application).
constexpr int kSchemaVersion = 4;

constexpr const char* kOutboxSchema = R"SQL(
CREATE TABLE IF NOT EXISTS outbox_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS applications (
  application_id   TEXT PRIMARY KEY,
  kiosk_id         TEXT NOT NULL,
  reception_number TEXT NOT NULL,
  procedure_id     TEXT NOT NULL,
  form_json        BLOB NOT NULL,
  pdf              BLOB NOT NULL,
  pdf_sha256       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  committed_at     TEXT NOT NULL,
  had_my_number    INTEGER NOT NULL DEFAULT 0,
  my_number_sealed BLOB,
  my_number_key_id TEXT,
  delivered_at     TEXT,
  delivered_to     TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms  INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  payment_state      TEXT NOT NULL DEFAULT 'paid',
  payment_state_at   TEXT,
  payment_state_sent INTEGER NOT NULL DEFAULT 0,
  payment_id       TEXT,
  sealed_key_id    TEXT,
  signature        BLOB
);
CREATE INDEX IF NOT EXISTS applications_by_reception ON applications (reception_number);
CREATE INDEX IF NOT EXISTS applications_pending ON applications (next_attempt_ms)
  WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS applications_payment_unsent ON applications (application_id)
  WHERE payment_state_sent = 0 AND delivered_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS applications_by_payment ON applications (payment_id)
  WHERE payment_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS print_jobs (
  document_key TEXT PRIMARY KEY,
  printer_uri  TEXT NOT NULL,
  job_id       INTEGER NOT NULL,
  printed      INTEGER NOT NULL DEFAULT 0,
  updated_at   TEXT NOT NULL
);
)SQL";

bool exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Whether the table `applications` exists without `column` (an outbox of an older version); a
// new outbox lacks nothing, its tables are created by kOutboxSchema.
bool lacks_column(sqlite3* db, const char* column) {
  Statement columns(db, std::string("SELECT 1 FROM pragma_table_info('applications') "
                                    "WHERE name = '") +
                            column + "'");
  const bool has = columns.step() == SQLITE_ROW;
  Statement table(db, "SELECT 1 FROM sqlite_master WHERE name = 'applications'");
  if (table.step() != SQLITE_ROW) return false;  // a new outbox
  return !has;
}

// Version 1 outboxes lack the payment state: add it (what they hold was paid, and the back
// office has what was delivered).
bool add_payment_state(sqlite3* db) {
  if (!lacks_column(db, "payment_state")) return true;
  return exec(db,
              "ALTER TABLE applications ADD COLUMN payment_state TEXT NOT NULL "
              "DEFAULT 'paid'") &&
         exec(db, "ALTER TABLE applications ADD COLUMN payment_state_at TEXT") &&
         exec(db,
              "ALTER TABLE applications ADD COLUMN payment_state_sent INTEGER NOT "
              "NULL DEFAULT 0") &&
         exec(db,
              "UPDATE applications SET payment_state_sent = 1 "
              "WHERE delivered_at IS NOT NULL") &&
         exec(db, "UPDATE outbox_meta SET value = '2' WHERE name = 'schema_version'");
}

// Version 2 outboxes keep form_json and pdf in clear: add the key id of their seal (NULL: clear,
// sealed by the outbox once the key is loaded) and the payment id, read while the form data can
// still be read by SQL.
bool add_sealed_key_id(sqlite3* db) {
  if (!lacks_column(db, "sealed_key_id")) return true;
  return exec(db, "ALTER TABLE applications ADD COLUMN payment_id TEXT") &&
         exec(db, "ALTER TABLE applications ADD COLUMN sealed_key_id TEXT") &&
         exec(db,
              "UPDATE applications SET payment_id = "
              "json_extract(form_json, '$.payment_id') WHERE json_valid(form_json) "
              "AND json_type(form_json, '$.payment_id') = 'text' "
              "AND json_extract(form_json, '$.payment_id') <> ''") &&
         exec(db, "UPDATE outbox_meta SET value = '3' WHERE name = 'schema_version'");
}

// Version 3 outboxes hold paper applications only: add the signature's column (NULL: not
// signed). A signature is sealed under sealed_key_id with the form data and the PDF.
bool add_signature(sqlite3* db) {
  if (!lacks_column(db, "signature")) return true;
  return exec(db, "ALTER TABLE applications ADD COLUMN signature BLOB") &&
         exec(db, "UPDATE outbox_meta SET value = '4' WHERE name = 'schema_version'");
}

}  // namespace

std::optional<SchemaProblem> create_outbox_schema(sqlite3* db) {
  if (!add_payment_state(db)) return SchemaProblem{false, "adding the payment state"};
  if (!add_sealed_key_id(db)) return SchemaProblem{false, "adding the sealed form data"};
  if (!add_signature(db)) return SchemaProblem{false, "adding the electronic signature"};
  if (!exec(db, kOutboxSchema)) return SchemaProblem{false, "schema"};
  Statement version(db,
                    "INSERT INTO outbox_meta(name, value) VALUES('schema_version', ?1) "
                    "ON CONFLICT(name) DO UPDATE SET value = value RETURNING value");
  version.text(1, std::to_string(kSchemaVersion));
  if (version.step() != SQLITE_ROW) return SchemaProblem{false, "schema version"};
  if (version.column_text(0) != std::to_string(kSchemaVersion)) {
    return SchemaProblem{true, "has schema version " + version.column_text(0) +
                                   "; this kiosk knows " + std::to_string(kSchemaVersion)};
  }
  version.step();
  return std::nullopt;
}

}  // namespace madoguchi::submission
