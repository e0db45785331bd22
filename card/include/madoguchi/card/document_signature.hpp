// A detached CMS signature in the CAdES-BES form (ETSI EN 319 122-1) over a document (the
// application's PDF): SignedData with the signer's certificate and the signed attributes
// contentType, signingTime, messageDigest (SHA-256) and signingCertificateV2. The RSA
// signature itself comes from the caller (the card, through OpenSC): this file only builds and
// checks the CMS, so it knows nothing of PKCS#11.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace madoguchi::card {

// Given the DER SET OF the signed attributes, returns the RSA PKCS#1 v1.5 signature over its
// SHA-256 digest (CKM_SHA256_RSA_PKCS), or why not.
using AttributeSigner = std::function<std::expected<std::vector<std::uint8_t>, std::string>(
    std::span<const std::uint8_t> signed_attributes)>;

// The CMS (DER) of a detached signature over `document`, checked against the certificate's
// public key before it is returned (a card that signed with another key is caught here).
std::expected<std::vector<std::uint8_t>, std::string> make_document_signature(
    std::span<const std::uint8_t> document, std::span<const std::uint8_t> certificate_der,
    std::chrono::sys_seconds signing_time, const AttributeSigner& sign);

}  // namespace madoguchi::card
