// For staff: the application behind a reception number (typed, or scanned from the slip's QR
// code "madoguchi:reception:<number>"), from a kiosk's outbox or the back office's inbox.
// Prints its data; the 個人番号 only masked (●●●●●●●●1234). An application signed with the
// My Number card is checked with --trust (the JPKI root, PEM; repeatable) and --crl (repeatable):
// 電子署名: 有効（署名者 …）or 無効 — why; --pdf OUT also writes the signature to OUT.p7s.
//
//   madoguchi_lookup RECEPTION_NUMBER --outbox FILE [--key FILE] [--pdf OUT.pdf]
//       [--trust CA.pem]... [--crl FILE]...
//   madoguchi_lookup RECEPTION_NUMBER --postgres CONNINFO [--pdf OUT.pdf] [--trust CA.pem]...
//       [--crl FILE]...
//
// CONNINFO: TLS with sslmode=verify-full (the default; anything less is refused), the password
// from a passfile (passfile=, PGPASSFILE, or the systemd credential pgpass), never password=.
//
// Exit status: 0 found, 1 not found, 2 usage or error.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "madoguchi/storage/postgres_link.hpp"
#include "madoguchi/submission/outbox.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"
#include "madoguchi/submission/signature_check.hpp"

namespace {

using madoguchi::submission::ApplicationRecord;
using madoguchi::submission::SignatureCheck;
using madoguchi::submission::TrustSettings;

int usage() {
  std::cerr << "usage: madoguchi_lookup RECEPTION_NUMBER (--outbox FILE [--key FILE] | "
               "--postgres CONNINFO) [--pdf OUT.pdf] [--trust CA.pem]... [--crl FILE]...\n";
  return 2;
}

// The electronic signature: none (paper), there but not checked (no --trust), or checked.
std::string signature_line(const ApplicationRecord& r, const TrustSettings& trust) {
  if (!r.has_signature) return "なし（紙で提出）";
  if (trust.trusted_roots.empty()) return "あり（--trust で検証できます）";
  if (r.signature.empty() || r.pdf.empty()) {
    return "確かめられません（" + (r.form_note.empty() ? "署名を読めません" : r.form_note) + "）";
  }
  const SignatureCheck check = madoguchi::submission::check_signature(r.pdf, r.signature, trust);
  if (check.verdict != SignatureCheck::Verdict::Valid) return "無効 — " + check.reason;
  return "有効（署名者 " +
         (check.signer_name.empty() ? "（証明書に氏名なし）" : check.signer_name) + "、署名日時 " +
         check.signing_time + "、証明書 " + check.certificate_serial + "）";
}

std::string status_line(const ApplicationRecord& r) {
  if (r.status == "pending") {
    std::string s = "未送信（送信の試み " + std::to_string(r.attempts) + " 回";
    if (!r.last_error.empty()) s += "、最後のエラー: " + r.last_error;
    return s + "）";
  }
  if (r.status == "delivered") return "送信済み（" + r.delivered_at + "、" + r.delivered_to + "）";
  if (r.status == "received") return "受信済み（" + r.delivered_at + "、" + r.delivered_to + "）";
  return r.status;
}

std::string my_number_line(const ApplicationRecord& r) {
  if (!r.has_my_number) return "なし";
  if (!r.my_number_masked.empty()) return r.my_number_masked;
  return r.my_number_note.empty() ? "（表示できません）" : "（" + r.my_number_note + "）";
}

void print(const ApplicationRecord& r, const TrustSettings& trust) {
  std::cout << "受付番号: " << r.reception_number << "\n"
            << "申請ID: " << r.application_id << "\n"
            << "手続き: " << r.procedure_id << "\n"
            << "端末: " << r.kiosk_id << "\n"
            << "受付日時: " << r.created_at << "\n"
            << "状態: " << status_line(r) << "\n"
            << "個人番号: " << my_number_line(r) << "\n"
            << "申請書PDF: " << r.pdf_size << " バイト, SHA-256 " << r.pdf_sha256 << "\n"
            << "電子署名: " << signature_line(r, trust) << "\n"
            << "入力内容:\n";
  if (!r.form_note.empty()) {  // sealed, and the key given cannot open it
    std::cout << "（表示できません: " << r.form_note << "）\n";
    return;
  }
  const auto form = nlohmann::json::parse(r.form_json, nullptr, false);
  std::cout << (form.is_discarded() ? r.form_json : form.dump(2)) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string reception;
  std::string outbox_file;
  std::string key_file;
  std::string conninfo;
  std::string pdf_out;
  TrustSettings trust;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (arg == "--outbox") {
      outbox_file = value();
    } else if (arg == "--key") {
      key_file = value();
    } else if (arg == "--postgres") {
      conninfo = value();
    } else if (arg == "--pdf") {
      pdf_out = value();
    } else if (arg == "--trust" || arg == "--crl") {
      const std::string file = value();
      if (file.empty()) return usage();
      if (!std::ifstream(file, std::ios::binary)) {
        std::cerr << "madoguchi_lookup: " << arg << ": cannot read " << file << "\n";
        return 2;
      }
      (arg == "--trust" ? trust.trusted_roots : trust.crls).emplace_back(file);
    } else if (arg == "-h" || arg == "--help") {
      usage();
      return 0;
    } else if (!arg.starts_with("--") && reception.empty()) {
      reception = madoguchi::submission::reception_number_from_scan(arg);
    } else {
      return usage();
    }
  }
  if (reception.empty() || outbox_file.empty() == conninfo.empty()) return usage();
  if (!conninfo.empty()) {
    // TLS with verify-full, the password from a passfile (docs/back-office.md, "The link").
    if (auto allowed = madoguchi::storage::check_postgres_conninfo(conninfo); !allowed) {
      std::cerr << "madoguchi_lookup: --postgres: " << allowed.error() << "\n";
      return 2;
    }
  }

  // The signature is checked over the PDF's bytes: both are read for --trust.
  const bool with_pdf = !pdf_out.empty() || !trust.trusted_roots.empty();
  std::vector<ApplicationRecord> found;
  if (!outbox_file.empty()) {
    madoguchi::submission::OutboxOptions options;
    options.key_file = key_file;
    options.create_key = false;
    options.create = false;
    auto outbox = madoguchi::submission::Outbox::open(outbox_file, options);
    if (!outbox) {
      std::cerr << "madoguchi_lookup: " << outbox.error().message << "\n";
      return 2;
    }
    auto records = outbox->find_by_reception_number(reception, with_pdf);
    if (!records) {
      std::cerr << "madoguchi_lookup: " << records.error().message << "\n";
      return 2;
    }
    found = std::move(*records);
  } else {
    madoguchi::submission::PostgresInbox inbox(conninfo);
    auto records = inbox.find_by_reception_number(reception, with_pdf);
    if (!records) {
      std::cerr << "madoguchi_lookup: " << records.error().message << "\n";
      return 2;
    }
    found = std::move(*records);
  }
  if (found.empty()) {
    std::cout << "受付番号 " << reception << " の申請はありません。\n";
    return 1;
  }
  if (found.size() > 1) {
    std::cout << "受付番号 " << reception << " の申請が " << found.size()
              << " 件あります（新しい順）。\n\n";
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0) std::cout << "\n";
    print(found[i], trust);
  }
  if (!pdf_out.empty()) {
    std::ofstream out(pdf_out, std::ios::binary);
    out << found.front().pdf;
    if (!out) {
      std::cerr << "madoguchi_lookup: cannot write " << pdf_out << "\n";
      return 2;
    }
    std::cout << "\n申請書PDFを " << pdf_out << " に書きました（" << found.front().application_id
              << "）。\n";
    if (!found.front().signature.empty()) {
      const std::string signature_out = pdf_out + ".p7s";
      std::ofstream p7s(signature_out, std::ios::binary);
      p7s << found.front().signature;
      if (!p7s) {
        std::cerr << "madoguchi_lookup: cannot write " << signature_out << "\n";
        return 2;
      }
      std::cout << "電子署名を " << signature_out << " に書きました（openssl cms -verify -binary "
                << "-inform DER -in " << signature_out << " -content " << pdf_out
                << " -CAfile ROOT.pem -purpose any で確かめられます）。\n";
    }
  }
  return 0;
}
