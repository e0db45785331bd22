// Integration: the card's 署名用電子証明書 through OpenSC — pcscd, vpcd, the virtual card, and
// Debian's opensc-pkcs11.so — checked by OpenSC's own pkcs11-tool and by `openssl cms -verify`.
#include "madoguchi/card/jpki_signer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>

#include "card_stack_test.hpp"
#include "madoguchi/card/reader.hpp"
#include "persona.hpp"
#include "support/run_program.hpp"
#include "support/test_folder.hpp"
#include "support/text_file.hpp"

namespace madoguchi::card {
namespace {

using tests::run_program;

constexpr char kModulePath[] = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

class JpkiSigningTest : public card_tests::CardStackTest {
 protected:
  void SetUp() override {
    CardStackTest::SetUp();
    folder_ = tests::make_test_folder("jpki");
  }
  void TearDown() override { tests::remove_test_folder(folder_); }

  std::string pkcs11_tool(std::vector<std::string> args) {
    args.insert(args.begin(), {"pkcs11-tool", "--module", kModulePath});
    return run_program(args).output;
  }

  // The kiosk's own reader, for the tries (an empty VERIFY spends none).
  int sign_tries_left() {
    auto card = readers_->connect(reader());
    if (!card) return -100;
    auto tries = card->sign_password_tries_left();
    card->end_session();
    if (!tries) return tries.error().kind == CardErrorKind::PinBlocked ? 0 : -1;
    return *tries;
  }

  std::filesystem::path write(const std::string& name, std::span<const std::uint8_t> bytes) {
    const auto path = folder_ / name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
  }

  std::filesystem::path folder_;
};

std::vector<std::uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

const std::string kPdf = "%PDF-1.7\n% 住民票の写し等交付請求書 (test)\n%%EOF\n";

TEST_F(JpkiSigningTest, OpenScsOwnToolListsTheTokenAndBothCertificates) {
  insert("takahashi-hanako.json");
  const std::string slots = pkcs11_tool({"--list-slots"});
  EXPECT_NE(slots.find("JPKI (User Authentication PIN)"), std::string::npos) << slots;
  EXPECT_NE(slots.find("JPKI (Digital Signature PIN)"), std::string::npos) << slots;
  EXPECT_NE(slots.find("Madoguchi Test PCD 00 00"), std::string::npos) << slots;

  const std::string public_objects =
      pkcs11_tool({"--token-label", "JPKI (User Authentication PIN)", "--list-objects"});
  EXPECT_NE(public_objects.find("User Authentication Certificate"), std::string::npos)
      << public_objects;
  // The signature certificate is private: listed after the 署名用パスワード.
  const std::string signature_objects =
      pkcs11_tool({"--token-label", "JPKI (Digital Signature PIN)", "--login", "--pin",
                   std::string(kDefaultSignPassword), "--list-objects", "--type", "cert"});
  EXPECT_NE(signature_objects.find("Digital Signature Certificate"), std::string::npos)
      << signature_objects << "\n"
      << stack_->logs();
}

TEST_F(JpkiSigningTest, SignsAPdfThatOpensslVerifiesWithTheTestCaAndRefusesOnceTampered) {
  insert("takahashi-hanako.json");
  auto signer = JpkiSigner::load();
  ASSERT_TRUE(signer) << signer.error().message;
  const auto pdf = bytes_of(kPdf);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto signed_pdf = signer->sign({pdf, reader(), now}, SignPassword(kDefaultSignPassword));
  ASSERT_TRUE(signed_pdf) << signed_pdf.error().message << "\n" << stack_->logs();
  ASSERT_TRUE(signed_pdf->certificate.holder);
  EXPECT_EQ(signed_pdf->certificate.holder->name, "髙橋　花子");
  EXPECT_EQ(signed_pdf->certificate.holder->birth_date, "19380101");
  signer = std::unexpected(SigningError{});  // OpenSC lets go of the reader

  const auto pdf_file = write("application.pdf", pdf);
  const auto p7s_file = write("application.pdf.p7s", signed_pdf->cms);
  const auto ca_file = folder_ / "ca.pem";
  ASSERT_EQ(std::system(("'" + tests::virtual_card_program().string() + "' --print-ca > '" +
                         ca_file.string() + "'")
                            .c_str()),
            0);
  const auto verify = [&](const std::filesystem::path& content) {
    return run_program(std::vector<std::string>{"openssl", "cms", "-verify", "-binary", "-inform",
                                                "DER", "-in", p7s_file.string(), "-content",
                                                content.string(), "-CAfile", ca_file.string(),
                                                "-purpose", "any", "-out", "/dev/null"})
        .exit_code;
  };
  EXPECT_EQ(verify(pdf_file), 0) << "openssl cms -verify refused the kiosk's signature";
  // CAdES-BES: the signing certificate is bound by signingCertificateV2.
  const std::string printed =
      run_program(std::vector<std::string>{"openssl", "cms", "-cmsout", "-print", "-inform", "DER",
                                           "-in", p7s_file.string()})
          .output;
  EXPECT_NE(printed.find("id-smime-aa-signingCertificateV2"), std::string::npos);
  EXPECT_NE(printed.find("signingTime"), std::string::npos);

  auto tampered = pdf;
  tampered[20] ^= 0x01;
  EXPECT_NE(verify(write("tampered.pdf", tampered)), 0) << "one changed byte must not verify";
}

TEST_F(JpkiSigningTest, AWrongPasswordSpendsOneTryAndTheLastTryIsNeverSpent) {
  insert("watanabe-sign-2tries.json");
  ASSERT_EQ(sign_tries_left(), 2);
  const auto pdf = bytes_of(kPdf);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  {
    auto signer = JpkiSigner::load();
    ASSERT_TRUE(signer) << signer.error().message;
    EXPECT_EQ(signer->password_state(reader()).value_or(PasswordState::Unused),
              PasswordState::Lowered);
    auto wrong = signer->sign({pdf, reader(), now}, SignPassword("MISAKI1976"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind, SigningError::Kind::PasswordWrong) << wrong.error().message;
    EXPECT_EQ(wrong.error().message.find("MISAKI"), std::string::npos);
  }
  ASSERT_EQ(sign_tries_left(), 1);
  {
    auto signer = JpkiSigner::load();
    ASSERT_TRUE(signer);
    EXPECT_EQ(signer->password_state(reader()).value_or(PasswordState::Unused),
              PasswordState::FinalTry);
    // Even the right password is not sent: the kiosk never spends the last try.
    auto refused = signer->sign({pdf, reader(), now}, SignPassword("MISAKI1975"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, SigningError::Kind::PasswordLastTry);
  }
  EXPECT_EQ(sign_tries_left(), 1) << "no try was spent";
}

}  // namespace
}  // namespace madoguchi::card
