#include "terminal_certificates.hpp"

#include "madoguchi/payment/terminal_post.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <memory>

namespace madoguchi::payment::simulator {

namespace {

namespace fs = std::filesystem;

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

constexpr long kValidSeconds = 10L * 366 * 24 * 3600;

bool set_name(X509_NAME* name, const std::string& common_name) {
  const auto add = [name](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0) == 1;
  };
  return add("C", "JP") && add("O", "Madoguchi Test Terminal (not real)") && add("CN", common_name);
}

bool add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) return false;
  const bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// A certificate for `key` named `common_name`, signed by `issuer_key` (issued by `issuer`, or
// self-signed when `issuer` is null).
std::expected<Certificate, std::string> make_certificate(EVP_PKEY* key,
                                                         const std::string& common_name,
                                                         X509* issuer, EVP_PKEY* issuer_key,
                                                         long serial) {
  Certificate certificate(X509_new(), X509_free);
  if (!certificate) return std::unexpected("X509_new failed");
  X509* c = certificate.get();
  X509_set_version(c, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
  X509_gmtime_adj(X509_getm_notBefore(c), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c), kValidSeconds);
  X509_set_pubkey(c, key);
  if (!set_name(X509_get_subject_name(c), common_name)) {
    return std::unexpected("cannot name the certificate");
  }
  X509_set_issuer_name(
      c, issuer != nullptr ? X509_get_subject_name(issuer) : X509_get_subject_name(c));
  X509* signer = issuer != nullptr ? issuer : c;
  bool extended = true;
  if (issuer == nullptr) {
    extended = add_extension(c, signer, NID_basic_constraints, "critical,CA:TRUE") &&
               add_extension(c, signer, NID_key_usage, "critical,keyCertSign,cRLSign") &&
               add_extension(c, signer, NID_subject_key_identifier, "hash");
  } else {
    const std::string names = "DNS:" + common_name;
    extended = add_extension(c, signer, NID_basic_constraints, "critical,CA:FALSE") &&
               add_extension(c, signer, NID_key_usage, "critical,digitalSignature") &&
               add_extension(c, signer, NID_ext_key_usage, "serverAuth") &&
               add_extension(c, signer, NID_subject_alt_name, names.c_str()) &&
               add_extension(c, signer, NID_authority_key_identifier, "keyid:always");
  }
  if (!extended) return std::unexpected("cannot add the certificate's extensions");
  if (X509_sign(c, issuer_key, EVP_sha256()) == 0) {
    return std::unexpected("signing the certificate failed");
  }
  return certificate;
}

std::expected<void, std::string> write_pem(const fs::path& file, mode_t mode,
                                           const std::function<int(FILE*)>& write) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return std::unexpected("cannot create " + file.string());
  FILE* out = ::fdopen(fd, "w");
  if (out == nullptr) {
    ::close(fd);
    return std::unexpected("cannot write " + file.string());
  }
  const bool written = write(out) == 1;
  const bool closed = std::fclose(out) == 0;
  if (!written || !closed) return std::unexpected("cannot write " + file.string());
  return {};
}

}  // namespace

std::expected<TerminalCertificates, std::string> terminal_certificates(const fs::path& folder,
                                                                       const std::string& poi_id) {
  TerminalCertificates files{folder / "root.pem", folder / "terminal.pem", folder / "terminal.key"};
  std::error_code ec;
  if (fs::exists(files.certificate, ec) && fs::exists(files.private_key, ec) &&
      fs::exists(files.root, ec)) {
    return files;
  }
  fs::create_directories(folder, ec);
  if (ec) return std::unexpected("cannot create " + folder.string() + ": " + ec.message());
  for (const auto& file : {files.root, files.certificate, files.private_key}) {
    fs::remove(file, ec);
  }
  Key root_key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  Key terminal_key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!root_key || !terminal_key) return std::unexpected("key generation failed");
  auto root = make_certificate(root_key.get(), "Madoguchi Test Terminal Root (not real)", nullptr,
                               root_key.get(), 1);
  if (!root) return std::unexpected(root.error());
  auto terminal =
      make_certificate(terminal_key.get(), terminal_certificate_name(poi_id, /*live=*/false),
                       root->get(), root_key.get(), 2);
  if (!terminal) return std::unexpected(terminal.error());
  if (auto written = write_pem(files.private_key, 0600,
                               [&](FILE* out) {
                                 return PEM_write_PrivateKey(out, terminal_key.get(), nullptr,
                                                             nullptr, 0, nullptr, nullptr);
                               });
      !written) {
    return std::unexpected(written.error());
  }
  if (auto written = write_pem(files.certificate, 0644,
                               [&](FILE* out) { return PEM_write_X509(out, terminal->get()); });
      !written) {
    return std::unexpected(written.error());
  }
  if (auto written =
          write_pem(files.root, 0644, [&](FILE* out) { return PEM_write_X509(out, root->get()); });
      !written) {
    return std::unexpected(written.error());
  }
  return files;
}

}  // namespace madoguchi::payment::simulator
