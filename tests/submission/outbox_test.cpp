// The outbox on its own: durability, the sealed 個人番号, its removal, the print journal.
#include "madoguchi/submission/outbox.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "madoguchi/submission/courier.hpp"
#include "madoguchi/submission/directory_inbox.hpp"
#include "madoguchi/submission/outbox_key.hpp"
#include "madoguchi/submission/outbox_key_rotation.hpp"
#include "test_applications.hpp"
#include "test_signatures.hpp"

namespace madoguchi::submission {
namespace {

using tests::kTestMyNumberDigits;
using tests::TempDir;
using tests::test_application;
using Kind = SubmissionError::Kind;
using SystemClock = std::chrono::system_clock;

Outbox open_outbox(const TempDir& dir, const std::string& key = "outbox.key") {
  OutboxOptions options;
  if (!key.empty()) options.key_file = dir / key;
  auto outbox = Outbox::open(dir / "outbox.db", options);
  EXPECT_TRUE(outbox) << outbox.error().message;
  return std::move(*outbox);
}

// Everything SQLite has on disk for the outbox: the database and its log.
std::string raw_files(const TempDir& dir) {
  return tests::file_bytes(dir / "outbox.db") + tests::file_bytes(dir / "outbox.db-wal");
}

std::string sealed_column(const TempDir& dir, const std::string& id) {
  sqlite3* db = nullptr;
  sqlite3_open_v2((dir / "outbox.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT my_number_sealed FROM applications WHERE application_id = ?1", -1,
                     &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  std::string out;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
    out.assign(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
               static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(Outbox, IsAWriteAheadLogFsyncedOnEveryCommitWithSecureDelete) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  const OutboxDurability d = outbox.durability();
  EXPECT_EQ(d.journal_mode, "wal");
  EXPECT_EQ(d.synchronous, 2) << "synchronous=FULL";
  EXPECT_TRUE(d.secure_delete);
  EXPECT_EQ(outbox.key_problem(), "");
  ASSERT_TRUE(outbox.commit(test_application(new_application_id(), 1)));
  for (const char* file : {"outbox.db", "outbox.db-wal", "outbox.db-shm"}) {
    struct stat st {};
    ASSERT_EQ(::stat((dir / file).c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << file << ": personal data, for the kiosk's user only";
  }
}

TEST(Outbox, ACommittedApplicationSurvivesTheKioskKilledRightAfterCommit) {
  TempDir dir;
  const std::string id = new_application_id();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The kiosk: commit, then die at once (no destructor, no close, no checkpoint).
    OutboxOptions options;
    options.key_file = dir / "outbox.key";
    auto outbox = Outbox::open(dir / "outbox.db", options);
    const card::MyNumber number = tests::test_my_number();
    if (!outbox || !outbox->commit(test_application(id, 7, &number))) ::_exit(3);
    ::kill(::getpid(), SIGKILL);
    ::_exit(4);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;

  Outbox outbox = open_outbox(dir);
  const auto found = outbox.find(id, true);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->pdf, tests::test_pdf(id, 7));
  EXPECT_EQ((*found)->form_json, tests::test_form_json(id, 7));
  EXPECT_EQ((*found)->status, "pending");
  EXPECT_EQ((*found)->my_number_masked, "●●●●●●●●1098");
  const auto due = outbox.due(10, SystemClock::now());
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  ASSERT_TRUE(due->front().my_number);
  EXPECT_TRUE(due->front().my_number->reveal(
      [](std::string_view digits) { return digits == kTestMyNumberDigits; }));
}

TEST(Outbox, CommittingTwiceIsHarmlessAndAnotherApplicationUnderTheIdIsAConflict) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  const std::string id = new_application_id();
  ASSERT_TRUE(outbox.commit(test_application(id, 1)));
  ASSERT_TRUE(outbox.commit(test_application(id, 1)));
  EXPECT_EQ(outbox.pending_count().value(), 1u);
  const auto other = outbox.commit(test_application(id, 2));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, Kind::Conflict);
  EXPECT_NE(other.error().message.find(id), std::string::npos);
}

TEST(Outbox, RefusesIncompleteApplications) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  auto a = test_application("bad id/..", 1);
  EXPECT_EQ(outbox.commit(a).error().kind, Kind::Invalid);
  a = test_application(new_application_id(), 1);
  a.form_json = "not json";
  EXPECT_EQ(outbox.commit(a).error().kind, Kind::Invalid);
  a.form_json = "[1, 2]";
  EXPECT_EQ(outbox.commit(a).error().kind, Kind::Invalid);
  a = test_application(new_application_id(), 1);
  a.pdf = "hello";
  EXPECT_EQ(outbox.commit(a).error().kind, Kind::Invalid);
  a = test_application(new_application_id(), 1);
  a.reception_number.clear();
  EXPECT_EQ(outbox.commit(a).error().kind, Kind::Invalid);

  // The 個人番号 belongs in its sealed column, never in the form data.
  const card::MyNumber number = tests::test_my_number();
  a = test_application(new_application_id(), 1, &number);
  a.form_json = std::string("{\"個人番号\":\"") + kTestMyNumberDigits + "\"}";
  const auto in_clear = outbox.commit(a);
  ASSERT_FALSE(in_clear);
  EXPECT_EQ(in_clear.error().kind, Kind::Invalid);
  EXPECT_EQ(in_clear.error().message.find(kTestMyNumberDigits), std::string::npos);
  EXPECT_EQ(outbox.pending_count().value(), 0u);
}

TEST(Outbox, TheMyNumberIsSealedAtRest) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  const card::MyNumber number = tests::test_my_number();
  const std::string id = new_application_id();
  ASSERT_TRUE(outbox.commit(test_application(id, 3, &number)));

  const std::string raw = raw_files(dir);
  EXPECT_NE(raw.find("juminhyo"), std::string::npos) << "the scan does see the stored text";
  EXPECT_EQ(raw.find("山田　太郎"), std::string::npos) << "the name is sealed too";
  EXPECT_EQ(raw.find(kTestMyNumberDigits), std::string::npos) << "the 個人番号 is in the file";
  const std::string sealed = sealed_column(dir, id);
  EXPECT_EQ(sealed.size(), 41u) << "version, nonce, 12 bytes, tag";
  EXPECT_EQ(sealed.find(kTestMyNumberDigits), std::string::npos);

  // A sealed number cannot be moved to another application: the id is authenticated.
  auto key = OutboxKey::load(dir / "outbox.key");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_TRUE(key->unseal(sealed, id));
  const auto moved = key->unseal(sealed, new_application_id());
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().kind, Kind::Key);
}

TEST(Outbox, WithoutAKeyItRefusesToStoreAMyNumber) {
  TempDir dir;
  Outbox outbox = open_outbox(dir, "");
  EXPECT_EQ(outbox.key_problem(), "no key file is configured");
  const card::MyNumber number = tests::test_my_number();
  const auto refused = outbox.commit(test_application(new_application_id(), 1, &number));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Kind::Key);
  EXPECT_EQ(outbox.pending_count().value(), 0u);
  // Every application carries the resident's name and address: none is stored without a key.
  const auto no_number = outbox.commit(test_application(new_application_id(), 2));
  ASSERT_FALSE(no_number) << "stored in clear without a key";
  EXPECT_EQ(no_number.error().kind, Kind::Key);
  EXPECT_NE(no_number.error().message.find("no key file is configured"), std::string::npos)
      << no_number.error().message;
  EXPECT_EQ(outbox.pending_count().value(), 0u);

  // A configured key file that may not be created.
  OutboxOptions options;
  options.key_file = dir / "missing.key";
  options.create_key = false;
  auto no_file = Outbox::open(dir / "outbox.db", options);
  ASSERT_TRUE(no_file);
  EXPECT_NE(no_file->key_problem().find("missing.key"), std::string::npos);
  EXPECT_EQ(no_file->commit(test_application(new_application_id(), 3, &number)).error().kind,
            Kind::Key);
}

TEST(OutboxKey, IsCreated0600AndAKeyOthersMayReadIsRefused) {
  TempDir dir;
  const auto file = dir / "keys" / "outbox.key";
  auto key = OutboxKey::load_or_create(file);
  ASSERT_TRUE(key) << key.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  EXPECT_EQ(key->id().size(), 16u);
  auto again = OutboxKey::load_or_create(file);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id(), key->id()) << "an existing key is kept";

  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  const auto open_key = OutboxKey::load(file);
  ASSERT_FALSE(open_key);
  EXPECT_EQ(open_key.error().kind, Kind::Key);
  EXPECT_NE(open_key.error().message.find("0644"), std::string::npos) << open_key.error().message;

  std::ofstream(dir / "short.key") << "too short";
  ::chmod((dir / "short.key").c_str(), 0600);
  EXPECT_NE(OutboxKey::load(dir / "short.key").error().message.find("not 32"), std::string::npos);
}

TEST(Outbox, AWrongKeyFailsClearlyAndNothingIsDelivered) {
  TempDir dir;
  const card::MyNumber number = tests::test_my_number();
  const std::string id = new_application_id();
  {
    Outbox outbox = open_outbox(dir, "right.key");
    ASSERT_TRUE(outbox.commit(test_application(id, 4, &number)));
  }
  Outbox outbox = open_outbox(dir, "wrong.key");
  const auto due = outbox.due(10, SystemClock::now());
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_FALSE(due->front().my_number);
  EXPECT_NE(due->front().problem.find("sealed with outbox key"), std::string::npos)
      << due->front().problem;
  EXPECT_NE(due->front().problem.find("wrong.key"), std::string::npos);

  const auto found = outbox.find(id);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->my_number_masked, "");
  EXPECT_NE((*found)->my_number_note.find("鍵が違う"), std::string::npos);

  DirectoryInbox inbox(dir / "drop");
  Courier courier(outbox, inbox);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_EQ(report.delivered, 0);
  EXPECT_EQ(report.failed, 1);
  EXPECT_FALSE(report.unreachable);
  EXPECT_FALSE(std::filesystem::exists(dir / "drop" / (id + ".json")));
  const auto after = outbox.find(id);
  EXPECT_EQ((*after)->attempts, 1);
  EXPECT_NE((*after)->last_error.find("Key: "), std::string::npos) << (*after)->last_error;
  EXPECT_EQ(outbox.pending_count().value(), 1u) << "kept for the right key";
}

TEST(Outbox, TheMyNumberIsErasedFromTheKioskOnceDelivered) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  const card::MyNumber number = tests::test_my_number();
  const std::string id = new_application_id();
  ASSERT_TRUE(outbox.commit(test_application(id, 5, &number)));
  const std::string sealed = sealed_column(dir, id);
  ASSERT_EQ(sealed.size(), 41u);
  ASSERT_NE(raw_files(dir).find(sealed), std::string::npos);

  DirectoryInbox inbox(dir / "drop");
  Courier courier(outbox, inbox);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_EQ(report.delivered, 1) << report.last_error;

  EXPECT_EQ(sealed_column(dir, id), "");
  EXPECT_EQ(raw_files(dir).find(sealed), std::string::npos)
      << "the sealed bytes are still in the database or its log";
  const auto found = outbox.find(id);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->status, "delivered");
  EXPECT_TRUE((*found)->has_my_number);
  EXPECT_EQ((*found)->my_number_masked, "");
  EXPECT_EQ((*found)->my_number_note, "送信済みのため、この端末からは消去しました");
  EXPECT_EQ(outbox.pending_count().value(), 0u);
}

TEST(Outbox, FindsApplicationsByReceptionNumberNewestFirst) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  auto old_one = test_application(new_application_id(), 9);
  old_one.created_at = SystemClock::now() - std::chrono::hours(24 * 365);
  auto new_one = test_application(new_application_id(), 9);
  ASSERT_TRUE(outbox.commit(old_one));
  ASSERT_TRUE(outbox.commit(new_one));
  ASSERT_TRUE(outbox.commit(test_application(new_application_id(), 10)));
  const auto found = outbox.find_by_reception_number("1201-9");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].application_id, new_one.application_id);
  EXPECT_EQ((*found)[1].application_id, old_one.application_id);
  EXPECT_FALSE((*found)[0].has_my_number);
  EXPECT_EQ((*found)[0].pdf, "") << "no PDF unless asked";
  EXPECT_EQ((*found)[0].pdf_size, new_one.pdf.size());
  EXPECT_TRUE(outbox.find_by_reception_number("9999-999")->empty());

  EXPECT_EQ(reception_number_from_scan("madoguchi:reception:1201-9\n"), "1201-9");
  EXPECT_EQ(reception_number_from_scan(" 1201-9 "), "1201-9");
  // Found by tests/fuzz/qr_scan_fuzzer.cpp: blanks inside the code, after its prefix.
  EXPECT_EQ(reception_number_from_scan("madoguchi:reception: 1202-003\t\r\n"), "1202-003");
}

TEST(Outbox, FindsTheApplicationKeptForAPayment) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  auto paid = test_application(new_application_id(), 11);
  paid.form_json = R"({"procedure_id":"juminhyo","payment_id":"K1-20261201-0007","fee_yen":300})";
  auto free_one = test_application(new_application_id(), 12);
  free_one.form_json = R"({"procedure_id":"tenkyo","payment_id":""})";
  ASSERT_TRUE(outbox.commit(test_application(new_application_id(), 10)));  // form without one
  ASSERT_TRUE(outbox.commit(paid));
  ASSERT_TRUE(outbox.commit(free_one));
  const auto found = outbox.find_by_payment("K1-20261201-0007");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->application_id, paid.application_id);
  EXPECT_EQ((*found)->reception_number, "1201-11");
  EXPECT_FALSE(outbox.find_by_payment("K1-20261201-0008")->has_value());
  EXPECT_FALSE(outbox.find_by_payment("")->has_value()) << "an empty id is no payment";
}

TEST(Outbox, PurgesOnlyDeliveredApplicationsOlderThanTheRetention) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  const std::string delivered = new_application_id();
  const std::string pending = new_application_id();
  ASSERT_TRUE(outbox.commit(test_application(delivered, 1)));
  ASSERT_TRUE(outbox.commit(test_application(pending, 2)));
  ASSERT_TRUE(outbox.mark_delivered(delivered, "test"));
  EXPECT_EQ(outbox.purge_delivered(SystemClock::now() - std::chrono::hours(1)).value(), 0u);
  EXPECT_EQ(outbox.purge_delivered(SystemClock::now() + std::chrono::seconds(1)).value(), 1u);
  EXPECT_FALSE(outbox.find(delivered)->has_value());
  EXPECT_TRUE(outbox.find(pending)->has_value());
}

TEST(Outbox, KeepsThePrintJournal) {
  TempDir dir;
  {
    Outbox outbox = open_outbox(dir);
    EXPECT_FALSE(outbox.print_job("x-application")->has_value());
    ASSERT_TRUE(outbox.record_print_job({"x-application", "ipp://printer/ipp/print", 12, false}));
    ASSERT_TRUE(outbox.record_print_job({"x-application", "ipp://printer/ipp/print", 12, true}));
  }
  Outbox outbox = open_outbox(dir);
  const auto job = outbox.print_job("x-application");
  ASSERT_TRUE(job && job->has_value());
  EXPECT_EQ((*job)->job_id, 12);
  EXPECT_TRUE((*job)->printed);
  EXPECT_EQ((*job)->printer_uri, "ipp://printer/ipp/print");
}

TEST(Outbox, NamesAddressesAndThePdfAreSealedOnDisk) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  const auto id = new_application_id();
  auto application = test_application(id, 4);
  application.form_json = R"({"payment_id":"TX-77","card.name":"髙橋　花子",)"
                          R"("card.address":"神奈川県川崎市宮前区宮﨑２－１０－５"})";
  application.pdf = "%PDF-1.4\n(Takahashi Hanako, Kawasaki) Tj\n%%EOF\n";
  ASSERT_TRUE(outbox.commit(application));
  ASSERT_TRUE(outbox.commit(application)) << "the same application again is no conflict";

  const std::string disk = raw_files(dir);
  for (const std::string clear : {"髙橋　花子", "宮前区宮﨑", "Takahashi Hanako"}) {
    EXPECT_EQ(disk.find(clear), std::string::npos) << clear << " is in the outbox in clear";
  }
  // Unsealed for staff and for the courier.
  const auto found = outbox.find(id, true);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->form_json, application.form_json);
  EXPECT_EQ((*found)->pdf, application.pdf);
  EXPECT_EQ((*found)->pdf_size, application.pdf.size());
  const auto due = outbox.due(10, SystemClock::now());
  ASSERT_TRUE(due && due->size() == 1);
  EXPECT_EQ(due->front().form_json, application.form_json);
  EXPECT_EQ(due->front().pdf, application.pdf);
  EXPECT_TRUE(due->front().problem.empty()) << due->front().problem;
  // The payment is still found (its id has a column of its own).
  const auto paid = outbox.find_by_payment("TX-77");
  ASSERT_TRUE(paid && paid->has_value());
  EXPECT_EQ((*paid)->application_id, id);
}

TEST(Outbox, SealedFormDataDoesNotOpenWithAnotherKey) {
  TempDir dir;
  const auto id = new_application_id();
  {
    Outbox outbox = open_outbox(dir, "right.key");
    ASSERT_TRUE(outbox.commit(test_application(id, 1)));
  }
  Outbox outbox = open_outbox(dir, "wrong.key");
  const auto found = outbox.find(id);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_TRUE((*found)->form_json.empty());
  EXPECT_NE((*found)->form_note.find("wrong.key holds key"), std::string::npos)
      << (*found)->form_note;
  const auto due = outbox.due(10, SystemClock::now());
  ASSERT_TRUE(due && due->size() == 1);
  EXPECT_NE(due->front().problem.find("sealed with outbox key"), std::string::npos)
      << due->front().problem;
}

// An outbox written by a kiosk before schema version 3 (form data and PDF in clear) is sealed
// when it is opened with a key, and nothing of the clear rows stays in the file or its log.
TEST(Outbox, AVersion2OutboxIsSealedWhenOpened) {
  TempDir dir;
  const auto id = new_application_id();
  const std::string form = R"({"payment_id":"TX-9","card.name":"髙橋　花子"})";
  const std::string pdf = "%PDF-1.4\n(Takahashi Hanako) Tj\n%%EOF\n";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "outbox.db").c_str(), &db), SQLITE_OK);
    const std::string sql =
        "PRAGMA journal_mode=WAL; PRAGMA secure_delete=ON;"
        "CREATE TABLE outbox_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO outbox_meta VALUES ('schema_version', '2');"
        "CREATE TABLE applications (application_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,"
        " reception_number TEXT NOT NULL, procedure_id TEXT NOT NULL, form_json TEXT NOT NULL,"
        " pdf BLOB NOT NULL, pdf_sha256 TEXT NOT NULL, created_at TEXT NOT NULL,"
        " committed_at TEXT NOT NULL, had_my_number INTEGER NOT NULL DEFAULT 0,"
        " my_number_sealed BLOB, my_number_key_id TEXT, delivered_at TEXT, delivered_to TEXT,"
        " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT, payment_state TEXT NOT NULL DEFAULT 'paid', payment_state_at TEXT,"
        " payment_state_sent INTEGER NOT NULL DEFAULT 0);"
        "INSERT INTO applications (application_id, kiosk_id, reception_number, procedure_id,"
        " form_json, pdf, pdf_sha256, created_at, committed_at) VALUES ('" +
        id + "', 'k1', '1201-1', 'juminhyo', '" + form + "', CAST('" + pdf + "' AS BLOB), '" +
        sha256_hex(pdf) + "', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z');";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  ASSERT_NE(raw_files(dir).find("Takahashi Hanako"), std::string::npos) << "the clear row";

  Outbox outbox = open_outbox(dir);
  const std::string disk = raw_files(dir);
  EXPECT_EQ(disk.find("髙橋　花子"), std::string::npos) << "the name stayed in clear";
  EXPECT_EQ(disk.find("Takahashi Hanako"), std::string::npos) << "the PDF stayed in clear";
  const auto found = outbox.find(id, true);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->form_json, form);
  EXPECT_EQ((*found)->pdf, pdf);
  const auto paid = outbox.find_by_payment("TX-9");
  ASSERT_TRUE(paid && paid->has_value()) << "the payment id was carried over";
  const auto due = outbox.due(10, SystemClock::now());
  ASSERT_TRUE(due && due->size() == 1);
  EXPECT_EQ(due->front().form_json, form);
  EXPECT_TRUE(due->front().problem.empty()) << due->front().problem;
}

// An application signed with the card: the CMS carries the certificate, whose subjectAltName
// names the resident, so it is sealed like the PDF, and comes back whole for the courier, for
// staff (with the PDF) and after a key rotation.
TEST(Outbox, TheSignatureIsSealedLikeThePdfAndComesBackWhole) {
  TempDir dir;
  const auto id = new_application_id();
  auto application = test_application(id, 6);
  application.signature = tests::sign_document(tests::test_signer(), application.pdf);
  const auto paper_id = new_application_id();
  {
    Outbox outbox = open_outbox(dir);
    ASSERT_TRUE(outbox.commit(application));
    ASSERT_TRUE(outbox.commit(test_application(paper_id, 7)));
    const std::string disk = raw_files(dir);
    // The certificate's subjectAltName holds the name as UTF-8; the certificate's DER is in the
    // CMS whole.
    EXPECT_EQ(disk.find(tests::kTestSignerName), std::string::npos) << "the signer's name in clear";
    EXPECT_EQ(disk.find(application.signature.substr(application.signature.size() / 2, 64)),
              std::string::npos)
        << "the signature in clear";

    const auto due = outbox.due(10, SystemClock::now());
    ASSERT_TRUE(due && due->size() == 2);
    EXPECT_EQ(due->at(0).signature, application.signature);
    EXPECT_TRUE(due->at(0).problem.empty()) << due->at(0).problem;
    EXPECT_EQ(due->at(1).signature, "") << "a paper application";

    const auto listed = outbox.find(id);
    ASSERT_TRUE(listed && listed->has_value());
    EXPECT_TRUE((*listed)->has_signature);
    EXPECT_EQ((*listed)->signature_size, application.signature.size());
    EXPECT_EQ((*listed)->signature, "") << "the bytes only with the PDF";
    const auto paper = outbox.find(paper_id, true);
    ASSERT_TRUE(paper && paper->has_value());
    EXPECT_FALSE((*paper)->has_signature);
    EXPECT_EQ((*paper)->signature_size, 0u);
  }
  auto old_key = OutboxKey::load(dir / "outbox.key");
  auto new_key = OutboxKey::create(dir / "new.key");
  ASSERT_TRUE(old_key && new_key);
  const auto rotated = rotate_outbox_key(dir / "outbox.db", *old_key, *new_key);
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(rotated->resealed, 5) << "two forms, two PDFs, one signature";
  Outbox outbox = open_outbox(dir, "new.key");
  const auto found = outbox.find(id, true);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->signature, application.signature);
  EXPECT_EQ((*found)->pdf, application.pdf);
  EXPECT_EQ((*found)->form_note, "");
}

TEST(Outbox, ASignatureThatIsNoDerSequenceIsRefused) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  auto a = test_application(new_application_id(), 1);
  a.signature = "-----BEGIN PKCS7-----\n";
  const auto refused = outbox.commit(a);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Kind::Invalid);
  EXPECT_NE(refused.error().message.find("not a DER CMS"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(outbox.pending_count().value(), 0u);
}

TEST(Outbox, TheSameIdWithAnotherSignatureIsAConflict) {
  TempDir dir;
  Outbox outbox = open_outbox(dir);
  const auto signer = tests::test_signer();
  const std::string id = new_application_id();
  auto signed_once = test_application(id, 1);
  signed_once.signature = tests::sign_document(signer, signed_once.pdf);
  ASSERT_TRUE(outbox.commit(signed_once));
  ASSERT_TRUE(outbox.commit(signed_once)) << "the same signed application again";

  auto signed_later = signed_once;  // the same PDF, signed a minute later
  signed_later.signature = tests::sign_document(
      signer, signed_once.pdf, tests::test_signing_time() + std::chrono::minutes(1));
  ASSERT_NE(signed_later.signature, signed_once.signature);
  auto unsigned_copy = signed_once;
  unsigned_copy.signature.clear();
  for (const NewApplication* other : {&signed_later, &unsigned_copy}) {
    const auto conflict = outbox.commit(*other);
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().kind, Kind::Conflict);
  }
  const std::string paper_id = new_application_id();
  ASSERT_TRUE(outbox.commit(test_application(paper_id, 2)));
  auto signed_paper = test_application(paper_id, 2);
  signed_paper.signature = signed_once.signature;
  EXPECT_EQ(outbox.commit(signed_paper).error().kind, Kind::Conflict);
}

// An outbox written by a kiosk of schema version 3 (no signatures) gains the column when opened,
// keeps its applications (as paper ones), and takes signed ones.
TEST(Outbox, AVersion3OutboxGainsTheSignatureColumn) {
  TempDir dir;
  const auto old_id = new_application_id();
  {
    Outbox outbox = open_outbox(dir);
    ASSERT_TRUE(outbox.commit(test_application(old_id, 1)));
  }
  {
    // Back to version 3, as a kiosk before signatures left it.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "outbox.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "ALTER TABLE applications DROP COLUMN signature;"
                           "UPDATE outbox_meta SET value = '3' WHERE name = 'schema_version';",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  const auto schema = [&] {
    sqlite3* db = nullptr;
    sqlite3_open_v2((dir / "outbox.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT (SELECT value FROM outbox_meta WHERE name = 'schema_version') || "
                       "'/' || (SELECT count(*) FROM pragma_table_info('applications') "
                       "WHERE name = 'signature')",
                       -1, &stmt, nullptr);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  };
  ASSERT_EQ(schema(), "3/0");

  Outbox outbox = open_outbox(dir);
  EXPECT_EQ(schema(), "4/1");
  const auto old = outbox.find(old_id, true);
  ASSERT_TRUE(old && old->has_value());
  EXPECT_FALSE((*old)->has_signature);
  EXPECT_EQ((*old)->pdf, tests::test_pdf(old_id, 1));
  auto signed_application = test_application(new_application_id(), 2);
  signed_application.signature = tests::sign_document(tests::test_signer(), signed_application.pdf);
  ASSERT_TRUE(outbox.commit(signed_application));
  const auto found = outbox.find(signed_application.application_id, true);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->signature, signed_application.signature);
}

TEST(Outbox, StaffToolsDoNotCreateAnOutbox) {
  TempDir dir;
  OutboxOptions options;
  options.create = false;
  const auto missing = Outbox::open(dir / "none.db", options);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, Kind::Io);
  EXPECT_FALSE(std::filesystem::exists(dir / "none.db"));
}

}  // namespace
}  // namespace madoguchi::submission
