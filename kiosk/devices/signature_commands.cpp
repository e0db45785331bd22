// Submitting without paper, on the device worker: the card checked and its 署名用パスワード's
// tries read through the kiosk's own reader (an empty VERIFY spends none), then the application
// drawn and signed through OpenSC's PKCS#11 module (card/jpki_signer.hpp). While OpenSC signs,
// the kiosk's own connection to the card is closed (OpenSC needs the reader); it is opened
// again afterwards and must find the same card.
#include <iostream>

#include "devices/worker_devices.hpp"
#include "madoguchi/card/jpki_signer.hpp"
#include "madoguchi/kiosk/device_worker.hpp"
#include "madoguchi/paper/form_document.hpp"

namespace madoguchi::kiosk {

namespace {

SigningOutcome outcome_of(card::SigningError::Kind kind) {
  using K = card::SigningError::Kind;
  switch (kind) {
    case K::PasswordWrong:
      return SigningOutcome::WrongPassword;
    case K::PasswordLastTry:
    case K::PasswordBlocked:
      return SigningOutcome::LastTry;
    case K::NoCard:
      return SigningOutcome::NoSignature;
    case K::NoModule:
      return SigningOutcome::Unavailable;
    case K::CardRemoved:
    case K::Failed:
      return SigningOutcome::Failed;
  }
  return SigningOutcome::Failed;
}

}  // namespace

void DeviceWorker::check_signature() {
  auto& d = *devices_;
  if (!d.card || d.card_fingerprint.empty() || card_fingerprint(*d.card) != d.card_fingerprint) {
    post(SigningNews{SigningOutcome::NotThisCard, -1});
    return;
  }
  const auto tries = d.card->sign_password_tries_left();
  if (!tries) {
    const auto kind = tries.error().kind;
    post(SigningNews{kind == card::CardErrorKind::PinBlocked ? SigningOutcome::LastTry
                                                             : SigningOutcome::NoSignature,
                     tries.error().tries_left});
    return;
  }
  post(SigningNews{SigningOutcome::Ready, *tries});
}

void DeviceWorker::sign_application(SignApplication& sign) {
  auto& d = *devices_;
  const auto finish = [&](SigningOutcome outcome, int tries_left) {
    sign.password.wipe();
    post(SigningNews{outcome, tries_left});
  };
  if (!d.card || !d.readers) return finish(SigningOutcome::NotThisCard, -1);
  auto pdf = draw_document(paper::to_document(sign.form));
  if (!pdf) return finish(SigningOutcome::Failed, -1);

  // OpenSC needs the reader: the kiosk's connection closes (the card forgets every VERIFY).
  const std::string reader = d.reader_name;
  d.card->end_session();
  d.card.reset();
  std::expected<card::SignedDocument, card::SigningError> signed_pdf =
      std::unexpected(card::SigningError{});
  {
    auto signer = card::JpkiSigner::load(settings_.signing_module);
    if (!signer) {
      std::cerr << "kiosk: signing: " << signer.error().message << "\n";
      signed_pdf = std::unexpected(signer.error());
    } else {
      const auto when = std::chrono::floor<std::chrono::seconds>(sign.signing_time);
      const std::span<const std::uint8_t> document(
          reinterpret_cast<const std::uint8_t*>(pdf->data()), pdf->size());
      signed_pdf = signer->sign({document, reader, when}, sign.password);
    }
    sign.password.wipe();
  }  // OpenSC lets go of the reader here

  // The kiosk's own connection again, to the same card.
  auto again = d.readers->connect(reader);
  const bool same = again && card_fingerprint(*again) == d.card_fingerprint;
  if (again && same) d.card.emplace(std::move(*again));
  if (!signed_pdf) {
    if (signed_pdf.error().kind == card::SigningError::Kind::PasswordWrong && same) {
      const auto tries = d.card->sign_password_tries_left();
      return finish(SigningOutcome::WrongPassword, tries ? *tries : 0);
    }
    // The reason for staff (never the password, never the holder's details).
    std::cerr << "kiosk: signing: " << signed_pdf.error().message << "\n";
    return finish(same ? outcome_of(signed_pdf.error().kind) : SigningOutcome::NotThisCard, -1);
  }
  // The certificate must name the resident whose card was read at the start.
  const auto& holder = signed_pdf->certificate.holder;
  const bool theirs = holder && holder->name == sign.holder.name &&
                      holder->birth_date == sign.holder.birth_date &&
                      holder->sex == sign.holder.sex && holder->address == sign.holder.address;
  if (!same || !theirs) return finish(SigningOutcome::NotThisCard, -1);
  auto& kept = d.signed_applications[sign.reception_number];
  kept.pdf = std::move(*pdf);
  kept.signature.assign(signed_pdf->cms.begin(), signed_pdf->cms.end());
  finish(SigningOutcome::Signed, -1);
}

}  // namespace madoguchi::kiosk
