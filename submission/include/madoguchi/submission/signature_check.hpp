// The back office's check of an application signed with the My Number card: the detached CMS
// (CAdES-BES, DER) the kiosk delivers beside the PDF (NewApplication::signature), verified
// against the PDF's exact bytes, its signer's certificate against the town's trusted roots (the
// JPKI root from J-LIS; the tests' fictitious test CA) at the signing time, and against the
// CRLs given. OpenSSL 3; no network (the CRLs are files the town fetches).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::submission {

struct SignatureCheck {
  enum class Verdict {
    Valid,                  // the PDF is as signed, by a certificate of a trusted CA, valid then
    Tampered,               // the PDF (or the signature) changed after the signing
    UntrustedChain,         // the certificate does not chain to a trusted root (or no CRL of it)
    NotValidAtSigningTime,  // the certificate had expired, or was not valid yet, when it signed
    Revoked,                // the certificate is on a CRL given
    Unreadable              // not a CMS signature this check can read
  };
  Verdict verdict = Verdict::Unreadable;
  std::string reason;  // Japanese, for staff: names the cause ("" when Valid)
  // The signer's name from the certificate's subjectAltName (JPKI's 氏名); staff may see it.
  // "" when the certificate could not be read.
  std::string signer_name;
  std::string signing_time;        // ISO 8601 UTC, "2026-12-01T01:32:05Z"; "" when unknown
  std::string certificate_serial;  // the signer certificate's serial, hex ("0A1B…")
};

// "valid", "tampered", "untrusted_chain", "not_valid_at_signing_time", "revoked", "unreadable".
std::string_view to_string(SignatureCheck::Verdict verdict);

struct TrustSettings {
  std::vector<std::filesystem::path> trusted_roots;  // PEM certificates (one or more a file)
  std::vector<std::filesystem::path> crls;           // PEM or DER CRLs; none: no revocation check
};

// Checks `cms_der` (a detached CMS SignedData with one signer) over `pdf`:
//   Unreadable            not a CMS SignedData, no signer certificate, no signingTime, or a trust
//                         file that cannot be read (the reason names it);
//   Tampered              the signature does not verify over these bytes;
//   UntrustedChain        the signer certificate does not chain to trusted_roots (or, with CRLs
//                         given, none of them is from its issuer);
//   NotValidAtSigningTime the certificate (or its CA) was not valid at the signing time;
//   Revoked               a CRL given revokes it (or its CA);
//   Valid                 otherwise.
// The chain is checked at the signing time the signature states (X509_VERIFY_PARAM_set_time);
// a CRL is used whatever its own dates (a CRL issued after the signing is the one to ask).
SignatureCheck check_signature(std::string_view pdf, std::string_view cms_der,
                               const TrustSettings& trust);

}  // namespace madoguchi::submission
