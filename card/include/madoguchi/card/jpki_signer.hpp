// Signing a document with the card's 署名用電子証明書 through OpenSC's PKCS#11 module
// (opensc-pkcs11.so, loaded with p11-kit): OpenSC's jpki driver talks to the card; this file
// sends no APDU of its own. One JpkiSigner per signature: while it lives, OpenSC holds the
// reader (shared), so the kiosk's own connection must be closed first, and it is finalised as
// soon as the signature is made.
//
//   auto signer = JpkiSigner::load();                       // C_Initialize
//   auto state = signer->password_state(reader);            // tries, from the token's flags
//   auto signed_pdf = signer->sign({pdf, reader, now}, password);
//
// The password's last try is never spent: sign() refuses before C_Login when OpenSC says the
// next wrong password would lock it (CKF_USER_PIN_FINAL_TRY), as MyNumberCard::verify_pin does
// for the PIN.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "madoguchi/card/certificate.hpp"
#include "madoguchi/card/sign_password.hpp"

namespace madoguchi::card {

// p11-kit finds a bare file name in its module directory (/usr/lib/<arch>/pkcs11/).
inline constexpr char kOpenScModule[] = "opensc-pkcs11.so";

struct SigningError {
  enum class Kind {
    NoModule,         // the PKCS#11 module cannot be loaded or initialised
    NoCard,           // no JPKI signature token on the reader (no card, or no signature cert)
    PasswordWrong,    // C_Login refused it; one try is spent
    PasswordLastTry,  // one try left: refused before anything was sent
    PasswordBlocked,  // no try left
    CardRemoved,      // the card left mid-way
    Failed,           // anything else, with the reason
  };
  Kind kind = Kind::Failed;
  std::string message;  // for the log: never the password, never the holder's details
};

// What OpenSC says of the password (C_GetTokenInfo): exact counts only at the ends.
enum class PasswordState { Unused, Lowered, FinalTry, Blocked };

struct SigningRequest {
  std::span<const std::uint8_t> document;
  std::string reader;  // the PC/SC reader's name ("" = the first signature token found)
  std::chrono::sys_seconds signing_time;
};

struct SignedDocument {
  std::vector<std::uint8_t> cms;  // detached CAdES-BES (document_signature.hpp), DER
  CertificateInfo certificate;  // the 署名用電子証明書 that signed (holder: personal data)
};

class JpkiSigner {
 public:
  static std::expected<JpkiSigner, SigningError> load(const std::string& module = kOpenScModule);
  ~JpkiSigner();
  JpkiSigner(JpkiSigner&&) noexcept;
  JpkiSigner& operator=(JpkiSigner&&) noexcept;
  JpkiSigner(const JpkiSigner&) = delete;
  JpkiSigner& operator=(const JpkiSigner&) = delete;

  std::expected<PasswordState, SigningError> password_state(const std::string& reader);

  // C_Login with the password, the signature certificate read, the CMS built and its
  // signature made by the card (C_Login for the key's own context, C_Sign with
  // CKM_SHA256_RSA_PKCS), then C_Logout. Wrong password: PasswordWrong (one try spent).
  std::expected<SignedDocument, SigningError> sign(const SigningRequest& request,
                                                   const SignPassword& password);

  struct Module;

 private:
  explicit JpkiSigner(std::unique_ptr<Module> module);
  std::unique_ptr<Module> module_;
};

}  // namespace madoguchi::card
