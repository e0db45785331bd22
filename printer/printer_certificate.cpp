#include "printer_certificate.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace madoguchi::printer {
namespace {

using Kind = PrintError::Kind;

// The SHA-256 of the printer's own certificate (the first of the chain it sent), in hex.
std::expected<std::string, std::string> certificate_sha256(http_t* http) {
  cups_array_t* credentials = nullptr;
  if (httpCopyCredentials(http, &credentials) != 0 || credentials == nullptr) {
    return std::unexpected("presented no certificate");
  }
  const auto* leaf = static_cast<http_credential_t*>(cupsArrayFirst(credentials));
  std::array<unsigned char, 32> hash{};
  std::array<char, 65> hex{};
  const bool hashed = leaf != nullptr && leaf->datalen > 0 &&
                      cupsHashData("sha2-256", leaf->data, leaf->datalen, hash.data(),
                                   hash.size()) == static_cast<ssize_t>(hash.size()) &&
                      cupsHashString(hash.data(), hash.size(), hex.data(), hex.size()) != nullptr;
  httpFreeCredentials(credentials);
  if (!hashed) return std::unexpected("presented a certificate that could not be read");
  return std::string(hex.data());
}

// "<host>-<port>.sha256", the host's characters other than letters, digits, '.' and '-' as '_'.
std::string pin_name(const std::string& uri) {
  std::array<char, 32> scheme{};
  std::array<char, 256> user{};
  std::array<char, 256> host{};
  std::array<char, 1024> resource{};
  int port = 0;
  httpSeparateURI(HTTP_URI_CODING_ALL, uri.c_str(), scheme.data(), scheme.size(), user.data(),
                  user.size(), host.data(), host.size(), &port, resource.data(), resource.size());
  std::string name = host.data();
  for (char& c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-';
    if (!plain) c = '_';
  }
  return name + "-" + std::to_string(port) + ".sha256";
}

// Writes the pin: a new file, 0600, written whole and renamed into place.
std::expected<void, std::string> write_pin(const std::filesystem::path& file,
                                           const std::string& sha256) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec)
    return std::unexpected("cannot create " + file.parent_path().string() + ": " + ec.message());
  std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, ec);
  const auto temporary = file.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected("cannot write " + temporary + ": " + std::strerror(errno));
  const std::string line = sha256 + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), file.c_str()) != 0) {
    return std::unexpected("cannot write " + file.string() + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace

std::expected<void, PrintError> check_printer_certificate(http_t* http, const std::string& uri,
                                                          const std::filesystem::path& pins) {
  if (pins.empty()) return {};
  auto sha256 = certificate_sha256(http);
  if (!sha256) {
    return std::unexpected(PrintError{Kind::PrinterRejected,
                                      uri + ": the printer " + sha256.error(), false,
                                      "certificate-unreadable"});
  }
  const auto file = pins / pin_name(uri);
  std::ifstream in(file);
  if (!in) {
    // First use: this certificate is the printer's from now on.
    if (auto written = write_pin(file, *sha256); !written) {
      return std::unexpected(PrintError{Kind::Io, uri + ": " + written.error()});
    }
    return {};
  }
  std::string pinned;
  std::getline(in, pinned);
  if (pinned == *sha256) return {};
  return std::unexpected(PrintError{
      Kind::PrinterRejected,
      uri +
          ": the printer presented a certificate other than the one pinned on first use (SHA-256 " +
          *sha256 + ", pinned " + pinned + " in " + file.string() +
          "): another device may be answering at its address. If the printer was really given a "
          "new certificate, delete " +
          file.string(),
      false, "certificate-changed"});
}

}  // namespace madoguchi::printer
