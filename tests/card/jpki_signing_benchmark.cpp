// jpki_signing_benchmark: how long the resident waits after 署名する, through the real stack
// (pcscd + vpcd + virtual-mynumber-card + Debian's opensc-pkcs11 via p11-kit).
//
//   jpki_signing_benchmark [--iterations N] [--pdf FILE]   (default 20; docs/benchmarks.md)
//
// One signature is what the kiosk's device worker does after 署名する (kiosk/devices/
// signature_commands.cpp), less drawing the PDF: the kiosk's own connection closed, OpenSC's
// PKCS#11 module loaded and initialised (it finds the card and binds its jpki driver), C_Login
// with the 署名用パスワード, the signature certificate read, the CAdES-BES attributes signed by
// the card (C_Login for the key, C_Sign), the CMS checked, the module finalised, and the kiosk's
// connection opened again with the card named by its 利用者証明用電子証明書. Reported: the
// median, p90 and worst of N, and each stage's median. --pdf signs that file (default: a
// 34 KB stand-in, the size of a 住民票 application).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/card/jpki_signer.hpp"
#include "madoguchi/card/reader.hpp"
#include "support/pcscd_fixture.hpp"
#include "support/tool_options.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using madoguchi::card::CardReaders;
using madoguchi::card::JpkiSigner;
using madoguchi::card::SignPassword;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 20;
  std::string pdf_file;
  madoguchi::tests::start_tool(
      madoguchi::tests::ToolOptions("jpki_signing_benchmark",
                                    "Signatures with the virtual card through OpenSC "
                                    "(docs/benchmarks.md).")
          .number("--iterations", "N", iterations, 1, 10000, "signatures (default 20)")
          .text("--pdf", "FILE", pdf_file, "the document to sign (default: 34 KB stand-in)"),
      argc, argv);

  std::string pdf;
  if (!pdf_file.empty()) {
    std::ifstream in(pdf_file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    pdf = bytes.str();
  } else {
    pdf = "%PDF-1.7\n" + std::string(34 * 1024, 'x') + "\n%%EOF\n";
  }
  const std::span<const std::uint8_t> document(reinterpret_cast<const std::uint8_t*>(pdf.data()),
                                               pdf.size());

  auto stack = madoguchi::tests::PcscdWithVirtualReader::start();
  if (!stack) {
    std::fprintf(stderr, "jpki_signing_benchmark: %s\n", stack.error().c_str());
    return 1;
  }
  if (auto inserted = (*stack)->insert_card(madoguchi::tests::persona_path("yamada-taro.json"));
      !inserted) {
    std::fprintf(stderr, "jpki_signing_benchmark: %s\n", inserted.error().c_str());
    return 1;
  }
  const std::string reader = (*stack)->reader_name(0);
  auto readers = CardReaders::open();
  if (!readers) return 1;
  // The card as the kiosk holds it during the visit.
  auto card = readers->connect(reader);
  if (!card) return 1;
  const auto first_name = card->read_user_auth_certificate();
  if (!first_name) return 1;

  std::vector<double> total, load, sign, reconnect;
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    card->end_session();
    const auto loading = Clock::now();
    auto signer = JpkiSigner::load();
    if (!signer) {
      std::fprintf(stderr, "jpki_signing_benchmark: %s\n", signer.error().message.c_str());
      return 1;
    }
    load.push_back(ms_since(loading));
    const auto signing = Clock::now();
    const auto when = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto signed_pdf = signer->sign({document, reader, when}, SignPassword("MADOGUCHI2026"));
    if (!signed_pdf) {
      std::fprintf(stderr, "jpki_signing_benchmark: %s\n", signed_pdf.error().message.c_str());
      return 1;
    }
    signer = std::unexpected(madoguchi::card::SigningError{});  // C_Finalize
    sign.push_back(ms_since(signing));
    const auto connecting = Clock::now();
    card = readers->connect(reader);
    if (!card) return 1;
    const auto name = card->read_user_auth_certificate();
    if (!name || name->serial_hex != first_name->serial_hex) return 1;
    reconnect.push_back(ms_since(connecting));
    total.push_back(ms_since(start));
  }
  card->end_session();

  std::printf(
      "jpki_signing_benchmark: %d signatures of a %zu-byte document through pcscd + vpcd "
      "+ opensc-pkcs11\n\n",
      iterations, pdf.size());
  std::printf("%-44s %10s %10s %10s\n", "stage", "median ms", "p90 ms", "max ms");
  const auto row = [](const char* name, const std::vector<double>& v) {
    std::printf("%-44s %10.1f %10.1f %10.1f\n", name, percentile(v, 0.5), percentile(v, 0.9),
                *std::max_element(v.begin(), v.end()));
  };
  row("OpenSC loaded and initialised (C_Initialize)", load);
  row("login, certificate, C_Sign, CMS, C_Finalize", sign);
  row("the kiosk's connection again, card named", reconnect);
  row("署名する → signature (all of the above)", total);
  return 0;
}
