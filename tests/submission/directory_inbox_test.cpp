// The directory drop, and the courier carrying the outbox into it.
#include "madoguchi/submission/directory_inbox.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "madoguchi/submission/courier.hpp"
#include "madoguchi/submission/outbox.hpp"
#include "test_applications.hpp"
#include "test_signatures.hpp"

namespace madoguchi::submission {
namespace {

using tests::TempDir;
using Kind = SubmissionError::Kind;
using SystemClock = std::chrono::system_clock;

OutgoingApplication outgoing(const std::string& id, int n, const card::MyNumber* number) {
  const NewApplication a = tests::test_application(id, n);
  OutgoingApplication o;
  o.application_id = a.application_id;
  o.kiosk_id = a.kiosk_id;
  o.reception_number = a.reception_number;
  o.procedure_id = a.procedure_id;
  o.form_json = a.form_json;
  o.pdf = a.pdf;
  o.pdf_sha256 = sha256_hex(a.pdf);
  o.created_at = iso8601_utc(a.created_at);
  if (number != nullptr) {
    o.my_number.emplace(std::move(*card::MyNumber::from_digits(tests::kTestMyNumberDigits)));
  }
  return o;
}

unsigned mode_of(const std::filesystem::path& file) {
  struct stat st {};
  ::stat(file.c_str(), &st);
  return st.st_mode & 0777;
}

std::vector<std::string> names_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    names.push_back(e.path().filename());
  std::ranges::sort(names);
  return names;
}

TEST(DirectoryInbox, WritesThePdfThenTheJsonBothPrivate) {
  TempDir dir;
  DirectoryInbox inbox(dir / "drop");
  const card::MyNumber number = tests::test_my_number();
  const std::string id = new_application_id();
  const OutgoingApplication a = outgoing(id, 1, &number);
  ASSERT_TRUE(inbox.deliver(a));

  EXPECT_EQ(names_in(dir / "drop"), (std::vector<std::string>{id + ".json", id + ".pdf"}))
      << "no temporary file is left";
  EXPECT_EQ(tests::file_bytes(dir / "drop" / (id + ".pdf")), a.pdf);
  EXPECT_EQ(mode_of(dir / "drop" / (id + ".pdf")), 0600u);
  EXPECT_EQ(mode_of(dir / "drop" / (id + ".json")), 0600u);
  const auto json = nlohmann::json::parse(tests::file_bytes(dir / "drop" / (id + ".json")));
  EXPECT_EQ(json["format"], "madoguchi-application/1");
  EXPECT_EQ(json["application_id"], id);
  EXPECT_EQ(json["reception_number"], "1201-1");
  EXPECT_EQ(json["procedure_id"], "juminhyo");
  EXPECT_EQ(json["pdf_file"], id + ".pdf");
  EXPECT_EQ(json["pdf_sha256"], sha256_hex(a.pdf));
  EXPECT_EQ(json["form_data"]["氏名"], "山田　太郎");
  EXPECT_EQ(json["my_number"], tests::kTestMyNumberDigits) << "the back office gets the number";
  EXPECT_EQ(inbox.name(), "dir:" + (dir / "drop").string());
}

TEST(DirectoryInbox, DeliveringTwiceChangesNothingAndAnotherApplicationIsAConflict) {
  TempDir dir;
  DirectoryInbox inbox(dir / "drop");
  const std::string id = new_application_id();
  ASSERT_TRUE(inbox.deliver(outgoing(id, 1, nullptr)));
  const std::string before = tests::file_bytes(dir / "drop" / (id + ".json"));
  ASSERT_TRUE(inbox.deliver(outgoing(id, 1, nullptr)));
  EXPECT_EQ(tests::file_bytes(dir / "drop" / (id + ".json")), before);
  EXPECT_EQ(names_in(dir / "drop").size(), 2u);
  EXPECT_FALSE(tests::file_bytes(dir / "drop" / (id + ".json")).contains("my_number"));

  const auto other = inbox.deliver(outgoing(id, 2, nullptr));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, Kind::Conflict);
}

TEST(DirectoryInbox, APdfWithoutItsJsonIsWrittenAgain) {
  // A kiosk killed between the two renames left only the PDF: the JSON is what counts.
  TempDir dir;
  DirectoryInbox inbox(dir / "drop");
  const std::string id = new_application_id();
  std::filesystem::create_directories(dir / "drop");
  std::ofstream(dir / "drop" / (id + ".pdf")) << "%PDF-1.4 half";
  ASSERT_TRUE(inbox.deliver(outgoing(id, 3, nullptr)));
  EXPECT_EQ(tests::file_bytes(dir / "drop" / (id + ".pdf")), tests::test_pdf(id, 3));
}

// A signed application: <id>.pdf.p7s (the detached CMS, DER) beside the PDF, written before the
// JSON, which names it.
TEST(DirectoryInbox, ASignedApplicationLeavesItsSignatureBesideThePdfBeforeTheJson) {
  TempDir dir;
  DirectoryInbox inbox(dir / "drop");
  const auto signer = tests::test_signer();
  const std::string id = new_application_id();
  OutgoingApplication a = outgoing(id, 1, nullptr);
  a.signature = tests::sign_document(signer, a.pdf);

  // The signature cannot be written (a directory holds its name): nothing is complete, the
  // JSON is not there.
  std::filesystem::create_directories(dir / "drop" / (id + ".pdf.p7s") / "in-the-way");
  ASSERT_FALSE(inbox.deliver(a));
  EXPECT_FALSE(std::filesystem::exists(dir / "drop" / (id + ".json")));
  std::filesystem::remove_all(dir / "drop" / (id + ".pdf.p7s"));

  ASSERT_TRUE(inbox.deliver(a));
  EXPECT_EQ(names_in(dir / "drop"),
            (std::vector<std::string>{id + ".json", id + ".pdf", id + ".pdf.p7s"}));
  EXPECT_EQ(tests::file_bytes(dir / "drop" / (id + ".pdf.p7s")), a.signature);
  EXPECT_EQ(mode_of(dir / "drop" / (id + ".pdf.p7s")), 0600u);
  const auto json = nlohmann::json::parse(tests::file_bytes(dir / "drop" / (id + ".json")));
  EXPECT_EQ(json["signature_file"], id + ".pdf.p7s");
  EXPECT_EQ(json["signature_sha256"], sha256_hex(a.signature));

  ASSERT_TRUE(inbox.deliver(a)) << "delivered again: the same";
  OutgoingApplication resigned = outgoing(id, 1, nullptr);
  resigned.signature =
      tests::sign_document(signer, a.pdf, tests::test_signing_time() + std::chrono::minutes(1));
  const auto other = inbox.deliver(resigned);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, Kind::Conflict);
  const OutgoingApplication paper = outgoing(id, 1, nullptr);
  EXPECT_EQ(inbox.deliver(paper).error().kind, Kind::Conflict);

  // A paper application names no signature.
  const std::string paper_id = new_application_id();
  ASSERT_TRUE(inbox.deliver(outgoing(paper_id, 2, nullptr)));
  const auto paper_json =
      nlohmann::json::parse(tests::file_bytes(dir / "drop" / (paper_id + ".json")));
  EXPECT_FALSE(paper_json.contains("signature_file"));
  EXPECT_FALSE(std::filesystem::exists(dir / "drop" / (paper_id + ".pdf.p7s")));
}

TEST(Courier, CarriesTheOutboxIntoTheDropAndMarksEachDelivered) {
  TempDir dir;
  OutboxOptions options;
  options.key_file = dir / "outbox.key";
  auto outbox = Outbox::open(dir / "outbox.db", options);
  ASSERT_TRUE(outbox);
  const card::MyNumber number = tests::test_my_number();
  std::vector<std::string> ids;
  for (int n = 0; n < 20; ++n) {
    ids.push_back(new_application_id());
    ASSERT_TRUE(
        outbox->commit(tests::test_application(ids.back(), n, n % 3 == 0 ? &number : nullptr)));
  }
  DirectoryInbox inbox(dir / "drop");
  RetryPolicy policy;
  policy.batch = 7;
  Courier courier(*outbox, inbox, policy);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_EQ(report.delivered, 20) << report.last_error;
  EXPECT_EQ(report.failed, 0);
  EXPECT_EQ(outbox->pending_count().value(), 0u);
  for (int n = 0; n < 20; ++n) {
    const auto json = nlohmann::json::parse(tests::file_bytes(dir / "drop" / (ids[n] + ".json")));
    EXPECT_EQ(json.contains("my_number"), n % 3 == 0) << n;
    EXPECT_EQ(tests::file_bytes(dir / "drop" / (ids[n] + ".pdf")), tests::test_pdf(ids[n], n));
  }
  EXPECT_EQ(courier.deliver_pending().delivered, 0) << "nothing is delivered twice";
}

}  // namespace
}  // namespace madoguchi::submission
