// Delivery to a real PostgreSQL server (tests/support/postgres_fixture.hpp), and staff lookup.
#include "madoguchi/submission/postgres_inbox.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/submission/courier.hpp"
#include "madoguchi/submission/outbox.hpp"
#include "madoguchi/submission/signature_check.hpp"
#include "support/postgres_fixture.hpp"
#include "test_applications.hpp"
#include "test_signatures.hpp"

namespace madoguchi::submission {
namespace {

using namespace std::chrono_literals;
using tests::kTestMyNumberDigits;
using tests::TempDir;
using Kind = SubmissionError::Kind;
using Clock = std::chrono::steady_clock;

// One server for the whole test program (initdb takes a second or two); each test has its own
// database.
tests::TestPostgres& shared_server() { return tests::shared_test_postgres(); }

std::string fresh_database() {
  static std::atomic<int> counter = 0;
  const std::string name = "inbox_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  auto conninfo = shared_server().create_database(name);
  EXPECT_TRUE(conninfo) << conninfo.error();
  return conninfo.value_or("");
}

std::string scalar(const std::string& conninfo, const std::string& sql) {
  auto rows = tests::sql_query(conninfo, sql);
  EXPECT_TRUE(rows) << rows.error();
  if (!rows || rows->empty() || rows->front().empty() || !rows->front().front()) return "<null>";
  return *rows->front().front();
}

class PostgresInboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conninfo_ = fresh_database();
    PostgresInbox setup(conninfo_);
    auto created = setup.create_schema();
    ASSERT_TRUE(created) << created.error().message;
    OutboxOptions options;
    options.key_file = dir_ / "outbox.key";
    auto outbox = Outbox::open(dir_ / "outbox.db", options);
    ASSERT_TRUE(outbox) << outbox.error().message;
    outbox_.emplace(std::move(*outbox));
  }

  std::string commit(int n, bool with_number = false) {
    const std::string id = new_application_id();
    const card::MyNumber number = tests::test_my_number();
    auto committed =
        outbox_->commit(tests::test_application(id, n, with_number ? &number : nullptr));
    EXPECT_TRUE(committed) << committed.error().message;
    return id;
  }

  // Application n signed with the test CA's certificate for 山田　太郎; `over_other_bytes`: the
  // signature is over another PDF (as if the PDF had changed after the signing).
  std::string commit_signed(int n, bool over_other_bytes = false) {
    const std::string id = new_application_id();
    auto application = tests::test_application(id, n);
    application.signature = tests::sign_document(
        signer_, over_other_bytes ? tests::test_pdf(id, n + 1000) : application.pdf);
    auto committed = outbox_->commit(application);
    EXPECT_TRUE(committed) << committed.error().message;
    return id;
  }

  tests::TestSigner signer_ = tests::test_signer();
  TempDir dir_;
  std::string conninfo_;
  std::optional<Outbox> outbox_;
};

TEST_F(PostgresInboxTest, DeliversTheApplicationAsOneRowWithThePdfAsBytea) {
  const std::string id = commit(1, true);
  PostgresInbox inbox(conninfo_);
  Courier courier(*outbox_, inbox);
  const DeliveryReport report = courier.deliver_pending();
  ASSERT_EQ(report.delivered, 1) << report.last_error;

  const auto rows = tests::sql_query(
      conninfo_,
      "SELECT application_id, kiosk_id, reception_number, procedure_id, form_data->>'氏名', "
      "encode(sha256(application_pdf), 'hex'), pdf_sha256, my_number, "
      "received_at >= created_at FROM madoguchi_inbox");
  ASSERT_TRUE(rows) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  const auto& row = rows->front();
  EXPECT_EQ(row[0], id);
  EXPECT_EQ(row[1], "test-kiosk-1");
  EXPECT_EQ(row[2], "1201-1");
  EXPECT_EQ(row[3], "juminhyo");
  EXPECT_EQ(row[4], "山田　太郎");
  EXPECT_EQ(row[5], sha256_hex(tests::test_pdf(id, 1))) << "the PDF arrived byte for byte";
  EXPECT_EQ(row[6], row[5]);
  EXPECT_EQ(row[7], kTestMyNumberDigits);
  EXPECT_EQ(row[8], "t");
  EXPECT_EQ(inbox.name(), "postgresql://127.0.0.1:" + std::to_string(shared_server().port()) + "/" +
                              scalar(conninfo_, "SELECT current_database()"));
  const auto found = outbox_->find(id);
  EXPECT_EQ((*found)->status, "delivered");
  EXPECT_EQ((*found)->delivered_to, inbox.name());
}

TEST_F(PostgresInboxTest, DeliveringTwiceLeavesOneRow) {
  const std::string id = commit(2, true);
  PostgresInbox inbox(conninfo_);
  // The kiosk delivered, then died before it marked the application delivered...
  auto due = outbox_->due(10, std::chrono::system_clock::now());
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  ASSERT_TRUE(inbox.deliver(due->front()));
  // ...so after the restart it delivers it again.
  Courier courier(*outbox_, inbox);
  EXPECT_EQ(courier.deliver_pending().delivered, 1);
  ASSERT_TRUE(inbox.deliver(due->front()));
  EXPECT_EQ(scalar(conninfo_, "SELECT count(*) FROM madoguchi_inbox"), "1");
  EXPECT_EQ(outbox_->pending_count().value(), 0u);
}

TEST_F(PostgresInboxTest, AnotherApplicationUnderTheSameIdIsAConflictAndStaysInTheOutbox) {
  const std::string id = commit(3);
  PostgresInbox inbox(conninfo_);
  auto due = outbox_->due(10, std::chrono::system_clock::now());
  ASSERT_TRUE(due);
  OutgoingApplication impostor = std::move(due->front());
  impostor.pdf = tests::test_pdf(id, 99);
  impostor.pdf_sha256 = sha256_hex(impostor.pdf);
  ASSERT_TRUE(inbox.deliver(impostor));

  Courier courier(*outbox_, inbox);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_EQ(report.delivered, 0);
  EXPECT_EQ(report.failed, 1);
  EXPECT_NE(report.last_error.find("another application"), std::string::npos) << report.last_error;
  EXPECT_EQ(outbox_->pending_count().value(), 1u);
  EXPECT_EQ(scalar(conninfo_, "SELECT count(*) FROM madoguchi_inbox"), "1");
}

TEST_F(PostgresInboxTest, DeliversManyAndErasesEveryMyNumberFromTheKiosk) {
  std::vector<std::string> ids;
  for (int n = 0; n < 30; ++n) ids.push_back(commit(n, n % 2 == 0));
  PostgresInbox inbox(conninfo_);
  Courier courier(*outbox_, inbox);
  EXPECT_EQ(courier.deliver_pending().delivered, 30);
  EXPECT_EQ(scalar(conninfo_, "SELECT count(*) FROM madoguchi_inbox"), "30");
  EXPECT_EQ(scalar(conninfo_, "SELECT count(*) FROM madoguchi_inbox WHERE my_number IS NOT NULL"),
            "15");
  const std::string raw =
      tests::file_bytes(dir_ / "outbox.db") + tests::file_bytes(dir_ / "outbox.db-wal");
  EXPECT_EQ(raw.find(kTestMyNumberDigits), std::string::npos);
  for (const auto& id : ids) {
    const auto found = outbox_->find(id);
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((*found)->my_number_masked, "");
  }
}

TEST_F(PostgresInboxTest, AMissingTableIsRejectedNotUnreachable) {
  commit(4);
  auto dropped = tests::sql_query(conninfo_, "DROP TABLE madoguchi_inbox");
  ASSERT_TRUE(dropped) << dropped.error();
  PostgresInbox inbox(conninfo_);
  Courier courier(*outbox_, inbox);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_FALSE(report.unreachable);
  EXPECT_EQ(report.failed, 1);
  EXPECT_NE(report.last_error.find("42P01"), std::string::npos) << report.last_error;
}

TEST_F(PostgresInboxTest, AKioskRoleWithOnlyTheDocumentedGrantsDelivers) {
  // docs/back-office.md: the kiosks' role may insert, and read two columns (for the check that
  // a row already there is the same application).
  for (const char* sql :
       {"CREATE ROLE madoguchi_kiosk LOGIN", "GRANT INSERT ON madoguchi_inbox TO madoguchi_kiosk",
        "GRANT SELECT (application_id, pdf_sha256, payment_state_at) ON madoguchi_inbox TO "
        "madoguchi_kiosk",
        "GRANT UPDATE (payment_state, payment_state_at) ON madoguchi_inbox TO madoguchi_kiosk"}) {
    auto done = tests::sql_query(conninfo_, sql);
    if (!done && done.error().find("already exists") != std::string::npos) continue;
    ASSERT_TRUE(done) << done.error();
  }
  std::string kiosk_conninfo = conninfo_;
  kiosk_conninfo.replace(kiosk_conninfo.find("user=madoguchi"), 14, "user=madoguchi_kiosk");
  const std::string id = commit(5, true);
  commit_signed(6);  // the signature is inserted with the rest: the table's INSERT covers it
  PostgresInbox inbox(kiosk_conninfo);
  Courier courier(*outbox_, inbox);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_EQ(report.delivered, 2) << report.last_error;
  auto due = tests::sql_query(kiosk_conninfo, "SELECT my_number FROM madoguchi_inbox");
  EXPECT_FALSE(due) << "the kiosk role cannot read the numbers back";
  EXPECT_EQ(scalar(conninfo_, "SELECT string_agg(payment_state, ',') FROM madoguchi_inbox"),
            "paid,paid");
  EXPECT_EQ(scalar(conninfo_,
                   "SELECT count(*) FROM madoguchi_inbox WHERE application_signature IS NOT NULL"),
            "1");

  // The resident takes the money back after the delivery: the same role records it.
  ASSERT_TRUE(outbox_->set_payment_state(id, PaymentState::Refunded));
  const DeliveryReport again = courier.deliver_pending();
  EXPECT_EQ(again.payment_states_sent, 1) << again.last_error;
  const std::string row = "FROM madoguchi_inbox WHERE application_id = '" + id + "'";
  EXPECT_EQ(scalar(conninfo_, "SELECT payment_state " + row), "refunded");
  EXPECT_EQ(scalar(conninfo_, "SELECT payment_state_at > created_at " + row), "t");
}

// An inbox made before signatures gains application_signature when schema_sql() runs again
// (CREATE ... IF NOT EXISTS, then ALTER TABLE ... ADD COLUMN IF NOT EXISTS).
TEST_F(PostgresInboxTest, TheSchemaRunAgainGivesAnOlderInboxTheSignatureColumn) {
  const std::string id = commit(8);
  PostgresInbox inbox(conninfo_);
  Courier courier(*outbox_, inbox);
  ASSERT_EQ(courier.deliver_pending().delivered, 1);
  ASSERT_TRUE(
      tests::sql_query(conninfo_, "ALTER TABLE madoguchi_inbox DROP COLUMN application_signature"));
  ASSERT_TRUE(inbox.create_schema()) << "the schema again, over the inbox as it is";
  EXPECT_EQ(scalar(conninfo_,
                   "SELECT count(*) FROM information_schema.columns WHERE table_name = "
                   "'madoguchi_inbox' AND column_name = 'application_signature'"),
            "1");
  EXPECT_EQ(scalar(conninfo_, "SELECT application_id FROM madoguchi_inbox"), id) << "kept";
  commit_signed(9);
  EXPECT_EQ(courier.deliver_pending().delivered, 1);
  const auto found = inbox.find_by_reception_number("1201-9", true);
  ASSERT_TRUE(found && found->size() == 1);
  EXPECT_TRUE(found->front().has_signature);
  EXPECT_EQ(found->front().signature.size(), found->front().signature_size);
  EXPECT_EQ(found->front().signature.front(), '\x30');
}

TEST(PostgresInbox, RetriesWhileTheServerIsDownAndDeliversWhenItIsBack) {
  auto started = tests::TestPostgres::start();
  ASSERT_TRUE(started) << started.error();
  tests::TestPostgres& server = **started;
  PostgresInbox setup(server.conninfo());
  ASSERT_TRUE(setup.create_schema());

  TempDir dir;
  OutboxOptions options;
  options.key_file = dir / "outbox.key";
  auto outbox = Outbox::open(dir / "outbox.db", options);
  ASSERT_TRUE(outbox);
  PostgresInbox inbox(server.conninfo(), {.connect_timeout = std::chrono::seconds(1)});
  RetryPolicy policy;
  policy.first_delay = 50ms;
  policy.max_delay = 400ms;
  Courier courier(*outbox, inbox, policy);
  courier.start();

  ASSERT_TRUE(server.stop());
  const card::MyNumber number = tests::test_my_number();
  std::vector<std::string> ids;
  for (int n = 0; n < 5; ++n) {
    ids.push_back(new_application_id());
    ASSERT_TRUE(outbox->commit(tests::test_application(ids.back(), n, &number)));
    courier.wake();
  }
  const auto deadline = Clock::now() + 20s;
  while (courier.consecutive_failures() < 3 && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GE(courier.consecutive_failures(), 3) << "it keeps trying, backing off";
  const auto waiting = outbox->find(ids.front());
  ASSERT_TRUE(waiting && waiting->has_value());
  EXPECT_EQ((*waiting)->status, "pending");
  EXPECT_GE((*waiting)->attempts, 3);
  EXPECT_TRUE((*waiting)->last_error.starts_with("Unreachable: ")) << (*waiting)->last_error;

  ASSERT_TRUE(server.restart()) << server.logs();
  while (outbox->pending_count().value() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  courier.stop();
  EXPECT_EQ(outbox->pending_count().value(), 0u);
  EXPECT_EQ(scalar(server.conninfo(), "SELECT count(DISTINCT application_id) FROM madoguchi_inbox"),
            "5");
  EXPECT_EQ(scalar(server.conninfo(), "SELECT count(*) FROM madoguchi_inbox"), "5");
}

TEST(PostgresInbox, TheSchemaInTheDocsIsTheSchemaTheKioskUses) {
  const std::string doc =
      tests::file_bytes(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "docs" / "back-office.md");
  ASSERT_FALSE(doc.empty());
  EXPECT_NE(doc.find(std::string(PostgresInbox::schema_sql())), std::string::npos)
      << "docs/back-office.md must quote PostgresInbox::schema_sql() exactly";
}

TEST(PostgresInbox, NobodyListeningIsUnreachable) {
  PostgresInbox inbox("host=127.0.0.1 port=" + std::to_string(kiosk::free_loopback_port()) +
                      " user=madoguchi dbname=x");
  tests::TempDir dir;
  auto outbox = Outbox::open(dir / "outbox.db", {.key_file = dir / "outbox.key"});
  ASSERT_TRUE(outbox->commit(tests::test_application(new_application_id(), 1)));
  auto due = outbox->due(1, std::chrono::system_clock::now());
  const auto delivered = inbox.deliver(due->front());
  ASSERT_FALSE(delivered);
  EXPECT_EQ(delivered.error().kind, Kind::Unreachable);
}

// A password in the connection string is refused before any connection (it is on a command line),
// and the refusal does not repeat it.
TEST(PostgresInbox, APasswordInTheConnectionStringIsRefused) {
  PostgresInbox inbox("host=127.0.0.1 port=" + std::to_string(kiosk::free_loopback_port()) +
                      " user=madoguchi dbname=x password=secret");
  EXPECT_EQ(inbox.name().find("secret"), std::string::npos);
  tests::TempDir dir;
  auto outbox = Outbox::open(dir / "outbox.db", {.key_file = dir / "outbox.key"});
  ASSERT_TRUE(outbox->commit(tests::test_application(new_application_id(), 1)));
  auto due = outbox->due(1, std::chrono::system_clock::now());
  const auto delivered = inbox.deliver(due->front());
  ASSERT_FALSE(delivered);
  EXPECT_EQ(delivered.error().kind, Kind::Rejected);
  EXPECT_NE(delivered.error().message.find("password= is refused"), std::string::npos)
      << delivered.error().message;
  EXPECT_EQ(delivered.error().message.find("secret"), std::string::npos);
}

// madoguchi_lookup, the staff tool, against the outbox and against the inbox.
class LookupTest : public PostgresInboxTest {
 protected:
  // Runs madoguchi_lookup; its exit status and output.
  std::pair<int, std::string> lookup(const std::vector<std::string>& args) {
    std::vector<std::string> argv{MADOGUCHI_LOOKUP_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto log = dir_ / ("lookup-" + std::to_string(++runs_) + ".txt");
    auto child = kiosk::ChildProcess::start(argv, log);
    EXPECT_TRUE(child) << child.error();
    const int status = child->wait(20s);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, tests::file_bytes(log)};
  }
  int runs_ = 0;
};

TEST_F(LookupTest, FromTheOutboxShowsTheApplicationWithTheMyNumberMasked) {
  const std::string id = commit(42, true);
  const auto [status, out] =
      lookup({"madoguchi:reception:1201-42", "--outbox", (dir_ / "outbox.db").string(), "--key",
              (dir_ / "outbox.key").string()});
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("受付番号: 1201-42"), std::string::npos) << out;
  EXPECT_NE(out.find("申請ID: " + id), std::string::npos);
  EXPECT_NE(out.find("状態: 未送信"), std::string::npos);
  EXPECT_NE(out.find("個人番号: ●●●●●●●●1098"), std::string::npos) << out;
  EXPECT_NE(out.find("山田　太郎"), std::string::npos);
  EXPECT_EQ(out.find(kTestMyNumberDigits), std::string::npos) << "the number itself is printed";

  const auto [wrong_status, wrong_out] =
      lookup({"1201-42", "--outbox", (dir_ / "outbox.db").string()});
  EXPECT_EQ(wrong_status, 0);
  EXPECT_NE(wrong_out.find("鍵がないため表示できません"), std::string::npos) << wrong_out;
  // The names and the address are sealed too: without the key the tool says why, shows none.
  EXPECT_EQ(wrong_out.find("山田　太郎"), std::string::npos) << wrong_out;
  EXPECT_NE(wrong_out.find("入力内容:\n（表示できません: its form_json is sealed"),
            std::string::npos)
      << wrong_out;

  const auto [none_status, none_out] =
      lookup({"1201-777", "--outbox", (dir_ / "outbox.db").string()});
  EXPECT_EQ(none_status, 1);
  EXPECT_NE(none_out.find("申請はありません"), std::string::npos);
  EXPECT_EQ(lookup({"1201-42"}).first, 2) << "no source given";
}

TEST_F(LookupTest, FromTheBackOfficeInboxWithThePdf) {
  const std::string id = commit(43, true);
  PostgresInbox inbox(conninfo_);
  Courier courier(*outbox_, inbox);
  ASSERT_EQ(courier.deliver_pending().delivered, 1);
  const auto pdf = dir_ / "out.pdf";
  const auto [status, out] = lookup({"1201-43", "--postgres", conninfo_, "--pdf", pdf.string()});
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("状態: 受信済み"), std::string::npos) << out;
  EXPECT_NE(out.find("個人番号: ●●●●●●●●1098"), std::string::npos) << out;
  EXPECT_EQ(out.find(kTestMyNumberDigits), std::string::npos);
  EXPECT_EQ(tests::file_bytes(pdf), tests::test_pdf(id, 43));

  // And the kiosk's own copy says it is gone from the kiosk.
  const auto [kiosk_status, kiosk_out] =
      lookup({"1201-43", "--outbox", (dir_ / "outbox.db").string(), "--key",
              (dir_ / "outbox.key").string()});
  EXPECT_EQ(kiosk_status, 0);
  EXPECT_NE(kiosk_out.find("状態: 送信済み"), std::string::npos) << kiosk_out;
  EXPECT_NE(kiosk_out.find("この端末からは消去しました"), std::string::npos) << kiosk_out;
}

// A signed application: the lookup checks its signature against the trusted root (--trust) and
// the CRLs (--crl), from the kiosk's outbox and from the back office's inbox.
TEST_F(LookupTest, ASignedApplicationIsCheckedAgainstTheTrustedRoot) {
  const std::string id = commit_signed(44);
  commit_signed(45, true);  // signed over other bytes: the PDF "changed" after the signing
  commit(46);
  const auto ca = tests::write_test_ca(dir_ / "test-ca.pem");
  const std::vector<std::string> outbox{"--outbox", (dir_ / "outbox.db").string(), "--key",
                                        (dir_ / "outbox.key").string()};
  const auto run = [&](std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return lookup(args);
  };
  const std::string valid =
      "電子署名: 有効（署名者 山田　太郎、署名日時 2026-12-01T01:32:05Z、証明書 5151）";

  const auto [unchecked_status, unchecked] = run({"1201-44"}, outbox);
  EXPECT_EQ(unchecked_status, 0) << unchecked;
  EXPECT_NE(unchecked.find("電子署名: あり（--trust で検証できます）"), std::string::npos)
      << unchecked;
  const auto [status, out] = run({"1201-44", "--trust", ca.string()}, outbox);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find(valid), std::string::npos) << out;
  const auto [tampered_status, tampered] = run({"1201-45", "--trust", ca.string()}, outbox);
  EXPECT_EQ(tampered_status, 0) << tampered;
  EXPECT_NE(tampered.find("電子署名: 無効 — 申請書PDFが署名のあとで変わっています"),
            std::string::npos)
      << tampered;
  const auto [paper_status, paper] = run({"1201-46", "--trust", ca.string()}, outbox);
  EXPECT_NE(paper.find("電子署名: なし（紙で提出）"), std::string::npos) << paper;
  auto crl = card::make_test_crl(
      std::vector<long>{0x5151},
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  ASSERT_TRUE(crl) << crl.error();
  std::ofstream(dir_ / "jpki.crl") << *crl;
  const auto [revoked_status, revoked] =
      run({"1201-44", "--trust", ca.string(), "--crl", (dir_ / "jpki.crl").string()}, outbox);
  EXPECT_EQ(revoked_status, 0) << revoked;
  EXPECT_NE(revoked.find("電子署名: 無効 — 署名用電子証明書は失効しています（CRL jpki.crl"),
            std::string::npos)
      << revoked;
  EXPECT_EQ(run({"1201-44", "--trust", (dir_ / "missing.pem").string()}, outbox).first, 2);

  // Delivered to the back office: the signature arrives with the application, and is checked
  // there the same way; --pdf writes it beside the PDF.
  PostgresInbox inbox(conninfo_);
  Courier courier(*outbox_, inbox);
  ASSERT_EQ(courier.deliver_pending().delivered, 3);
  const auto pdf = dir_ / "out.pdf";
  const auto [inbox_status, inbox_out] =
      lookup({"1201-44", "--postgres", conninfo_, "--trust", ca.string(), "--pdf", pdf.string()});
  EXPECT_EQ(inbox_status, 0) << inbox_out;
  EXPECT_NE(inbox_out.find("状態: 受信済み"), std::string::npos) << inbox_out;
  EXPECT_NE(inbox_out.find(valid), std::string::npos) << inbox_out;
  EXPECT_EQ(tests::file_bytes(pdf), tests::test_pdf(id, 44));
  const std::string p7s = tests::file_bytes(dir_ / "out.pdf.p7s");
  const auto check = check_signature(tests::file_bytes(pdf), p7s, {{ca}, {}});
  EXPECT_EQ(check.verdict, SignatureCheck::Verdict::Valid) << check.reason;
  const auto [bad_status, bad_out] =
      lookup({"1201-45", "--postgres", conninfo_, "--trust", ca.string()});
  EXPECT_NE(bad_out.find("電子署名: 無効 — 申請書PDFが署名のあとで変わっています"),
            std::string::npos)
      << bad_out;
  const auto [plain_status, plain_out] = lookup({"1201-44", "--postgres", conninfo_});
  EXPECT_NE(plain_out.find("電子署名: あり（--trust で検証できます）"), std::string::npos)
      << plain_out;
}

// A PostgreSQL server that refuses TLS: it answers 'N' to the SSLRequest, as a server without
// TLS (or someone in the middle) does, and records every byte it receives.
class ServerWithoutTls {
 public:
  ServerWithoutTls() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ServerWithoutTls() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  // Waits until the client has gone; what it sent, and over how many connections.
  std::string received() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return received_;
  }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) != 1) continue;
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      ++connections_;
      std::string got;
      bool answered = false;
      const auto deadline = Clock::now() + 5s;
      while (Clock::now() < deadline) {
        pollfd c{client, POLLIN, 0};
        if (::poll(&c, 1, 100) != 1) continue;
        char buffer[4096];
        const ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        got.append(buffer, static_cast<std::size_t>(n));
        // SSLRequest: length 8, code 80877103 (04 d2 16 2f).
        if (!answered && got.size() >= 8 && got.compare(4, 4, "\x04\xd2\x16\x2f") == 0) {
          answered = ::write(client, "N", 1) == 1;
        }
      }
      ::close(client);
      received_ += got;
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::string received_;
  std::thread thread_;
};

// A libpq passfile (mode 0600) with the password of `role`.
std::filesystem::path passfile(const TempDir& dir, const std::string& name, const std::string& role,
                               const std::string& password) {
  const auto file = dir / name;
  std::ofstream(file) << "*:*:*:" << role << ":" << password << "\n";
  ::chmod(file.c_str(), 0600);
  return file;
}

TEST_F(LookupTest, AServerThatRefusesTlsGetsNoUserNameAndNoPassword) {
  const auto pgpass = passfile(dir_, "pgpass", "clerk_alice", "alice-s3cret");
  ServerWithoutTls server;
  const std::string where =
      "host=127.0.0.1 port=" + std::to_string(server.port()) + " user=clerk_alice dbname=intake";
  std::vector<std::string> argv{MADOGUCHI_LOOKUP_BINARY, "1201-1", "--postgres", where};
  const auto log = dir_ / "refused-tls.txt";
  auto child = kiosk::ChildProcess::start(argv, log, {"PGPASSFILE=" + pgpass.string()});
  ASSERT_TRUE(child) << child.error();
  const int status = child->wait(20s);
  const std::string out = tests::file_bytes(log);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << out;
  EXPECT_NE(out.find("server does not support SSL, but SSL was required"), std::string::npos)
      << out;
  const std::string got = server.received();
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(got, std::string("\0\0\0\x08\x04\xd2\x16\x2f", 8)) << "only the SSLRequest";
  EXPECT_EQ(got.find("clerk_alice"), std::string::npos) << "the user name was sent in clear";
  EXPECT_EQ(got.find("alice-s3cret"), std::string::npos) << "the password was sent in clear";
}

TEST_F(LookupTest, LessThanVerifyFullIsRefusedBeforeConnecting) {
  ServerWithoutTls server;
  const std::string base =
      "host=127.0.0.1 port=" + std::to_string(server.port()) + " user=clerk_alice dbname=intake";
  for (const std::string mode : {"disable", "prefer", "require", "verify-ca"}) {
    const auto [status, out] = lookup({"1201-1", "--postgres", base + " sslmode=" + mode});
    EXPECT_EQ(status, 2) << out;
    EXPECT_NE(out.find("madoguchi_lookup: --postgres: sslmode=" + mode + " is refused"),
              std::string::npos)
        << out;
  }
  const auto [status, out] = lookup({"1201-1", "--postgres", base + " password=alice-s3cret"});
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("password= is refused"), std::string::npos) << out;
  EXPECT_EQ(out.find("alice-s3cret"), std::string::npos) << out;
  EXPECT_EQ(server.connections(), 0);
}

TEST_F(LookupTest, AServerWhoseCertificateNamesAnotherHostIsRefused) {
  commit(44);
  // No sslmode in the connection string: the link's own default (verify-full) decides.
  std::string elsewhere = conninfo_;
  elsewhere.erase(elsewhere.find(" sslmode=verify-full"), 20);
  elsewhere.replace(elsewhere.find("host=127.0.0.1"), 14,
                    "host=kiosk-db.example.invalid hostaddr=127.0.0.1");
  const auto [status, out] = lookup({"1201-44", "--postgres", elsewhere});
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("does not match host name \"kiosk-db.example.invalid\""), std::string::npos)
      << out;
  // The same server, by the name its certificate gives, answers.
  const auto [ok_status, ok_out] = lookup({"1201-44", "--postgres", conninfo_});
  EXPECT_EQ(ok_status, 1) << ok_out << "(not delivered yet: not found, but connected)";
}

TEST_F(LookupTest, ThePasswordComesFromAPassfileOrTheCredentialNeverTheEnvironment) {
  const std::string id = commit(45);
  PostgresInbox inbox(conninfo_);
  Courier courier(*outbox_, inbox);
  ASSERT_EQ(courier.deliver_pending().delivered, 1);
  const std::string role = tests::kPasswordRole;
  auto made = tests::sql_query(
      conninfo_, "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role +
                     "') THEN CREATE ROLE " + role +
                     " LOGIN PASSWORD 'clerk-s3cret'; END IF; END$$; GRANT SELECT ON "
                     "madoguchi_inbox TO " +
                     role);
  ASSERT_TRUE(made) << made.error();
  std::string clerk = conninfo_;
  clerk.replace(clerk.find("user=madoguchi"), 14, "user=" + role);
  const auto run = [&](const std::string& where, const std::vector<std::string>& env) {
    const auto log = dir_ / ("clerk-" + std::to_string(++runs_) + ".txt");
    auto child = kiosk::ChildProcess::start(
        {MADOGUCHI_LOOKUP_BINARY, "1201-45", "--postgres", where}, log, env);
    EXPECT_TRUE(child) << child.error();
    const int status = child->wait(20s);
    return std::pair{WIFEXITED(status) ? WEXITSTATUS(status) : -1, tests::file_bytes(log)};
  };
  const auto file = passfile(dir_, "clerk.pgpass", role, "clerk-s3cret");
  {
    const auto [status, out] = run(clerk + " passfile=" + file.string(), {});
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("申請ID: " + id), std::string::npos) << out;
  }
  {
    const auto [status, out] = run(clerk, {"PGPASSFILE=" + file.string()});
    EXPECT_EQ(status, 0) << out;
  }
  {
    // systemd's LoadCredential=pgpass:/etc/madoguchi/pgpass
    const auto credentials = dir_ / "credentials";
    std::filesystem::create_directories(credentials);
    std::filesystem::copy_file(file, credentials / "pgpass");
    const auto [status, out] = run(clerk, {"CREDENTIALS_DIRECTORY=" + credentials.string()});
    EXPECT_EQ(status, 0) << out;
  }
  {
    const auto [status, out] = run(clerk, {"PGPASSFILE=" + (dir_ / "none").string()});
    EXPECT_EQ(status, 2) << out;
    EXPECT_NE(out.find("no password supplied"), std::string::npos) << out;
  }
  {
    const auto [status, out] = run(clerk, {"PGPASSWORD=clerk-s3cret"});
    EXPECT_EQ(status, 2) << out;
    EXPECT_NE(out.find("PGPASSWORD is set"), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace madoguchi::submission
