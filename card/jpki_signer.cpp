#include "madoguchi/card/jpki_signer.hpp"

#include <p11-kit/p11-kit.h>
#include <p11-kit/pkcs11.h>

#include <algorithm>
#include <string_view>

#include "madoguchi/card/document_signature.hpp"

namespace madoguchi::card {

struct JpkiSigner::Module {
  CK_FUNCTION_LIST* functions = nullptr;

  ~Module() {
    if (functions != nullptr) {
      p11_kit_module_finalize(functions);
      p11_kit_module_release(functions);
    }
  }
};

namespace {

using Kind = SigningError::Kind;

SigningError failure(Kind kind, std::string message) {
  return SigningError{kind, std::move(message)};
}

std::string code(CK_RV rv) {
  char text[32];
  std::snprintf(text, sizeof text, "CKR 0x%lX", static_cast<unsigned long>(rv));
  return text;
}

// A PKCS#11 answer as the kiosk needs it: what the resident did, the card gone, or a fault.
SigningError error_of(CK_RV rv, const std::string& what) {
  switch (rv) {
    case CKR_PIN_INCORRECT:
      return failure(Kind::PasswordWrong, what + ": the password was wrong");
    case CKR_PIN_LOCKED:
      return failure(Kind::PasswordBlocked, what + ": the password is locked");
    case CKR_DEVICE_REMOVED:
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_SESSION_HANDLE_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_DEVICE_ERROR:
      return failure(Kind::CardRemoved, what + ": the card left the reader (" + code(rv) + ")");
    default:
      return failure(Kind::Failed, what + " failed (" + code(rv) + ")");
  }
}

std::string padded_text(const CK_UTF8CHAR* text, std::size_t size) {
  std::string s(reinterpret_cast<const char*>(text), size);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

struct SignatureSlot {
  CK_SLOT_ID id = 0;
  CK_FLAGS token_flags = 0;
};

// OpenSC makes one token per PIN of the JPKI-AP; the signature one's label names its PIN.
std::expected<SignatureSlot, SigningError> find_signature_slot(CK_FUNCTION_LIST* f,
                                                               const std::string& reader) {
  CK_ULONG count = 0;
  if (const CK_RV rv = f->C_GetSlotList(CK_TRUE, nullptr, &count); rv != CKR_OK) {
    return std::unexpected(error_of(rv, "C_GetSlotList"));
  }
  std::vector<CK_SLOT_ID> slots(count);
  if (const CK_RV rv = f->C_GetSlotList(CK_TRUE, slots.data(), &count); rv != CKR_OK) {
    return std::unexpected(error_of(rv, "C_GetSlotList"));
  }
  slots.resize(count);
  for (const CK_SLOT_ID slot : slots) {
    CK_SLOT_INFO slot_info{};
    CK_TOKEN_INFO token{};
    if (f->C_GetSlotInfo(slot, &slot_info) != CKR_OK) continue;
    if (f->C_GetTokenInfo(slot, &token) != CKR_OK) continue;
    const std::string description =
        padded_text(slot_info.slotDescription, sizeof slot_info.slotDescription);
    const std::string label = padded_text(token.label, sizeof token.label);
    // The description is the reader's name, cut at 64 bytes.
    const bool on_reader =
        reader.empty() || reader.starts_with(description) || description.starts_with(reader);
    if (on_reader && label.starts_with("JPKI") &&
        label.find("Digital Signature") != std::string::npos) {
      return SignatureSlot{slot, token.flags};
    }
  }
  return std::unexpected(
      failure(Kind::NoCard, "no JPKI signature token" + (reader.empty() ? "" : " on " + reader)));
}

PasswordState state_of(CK_FLAGS flags) {
  if (flags & CKF_USER_PIN_LOCKED) return PasswordState::Blocked;
  if (flags & CKF_USER_PIN_FINAL_TRY) return PasswordState::FinalTry;
  if (flags & CKF_USER_PIN_COUNT_LOW) return PasswordState::Lowered;
  return PasswordState::Unused;
}

// The first object of `object_class` whose attributes include `extra` (may be empty).
std::expected<CK_OBJECT_HANDLE, CK_RV> find_object(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE session,
                                                   CK_OBJECT_CLASS object_class,
                                                   const std::vector<std::uint8_t>& id) {
  std::vector<CK_ATTRIBUTE> wanted = {{CKA_CLASS, &object_class, sizeof object_class}};
  if (!id.empty()) {
    wanted.push_back({CKA_ID, const_cast<std::uint8_t*>(id.data()), id.size()});
  }
  if (const CK_RV rv = f->C_FindObjectsInit(session, wanted.data(), wanted.size()); rv != CKR_OK) {
    return std::unexpected(rv);
  }
  CK_OBJECT_HANDLE found = 0;
  CK_ULONG count = 0;
  const CK_RV rv = f->C_FindObjects(session, &found, 1, &count);
  f->C_FindObjectsFinal(session);
  if (rv != CKR_OK) return std::unexpected(rv);
  if (count == 0) return std::unexpected(CKR_OBJECT_HANDLE_INVALID);
  return found;
}

std::expected<std::vector<std::uint8_t>, CK_RV> attribute_bytes(CK_FUNCTION_LIST* f,
                                                                CK_SESSION_HANDLE session,
                                                                CK_OBJECT_HANDLE object,
                                                                CK_ATTRIBUTE_TYPE type) {
  CK_ATTRIBUTE attribute{type, nullptr, 0};
  if (const CK_RV rv = f->C_GetAttributeValue(session, object, &attribute, 1); rv != CKR_OK) {
    return std::unexpected(rv);
  }
  std::vector<std::uint8_t> value(attribute.ulValueLen);
  attribute.pValue = value.data();
  if (const CK_RV rv = f->C_GetAttributeValue(session, object, &attribute, 1); rv != CKR_OK) {
    return std::unexpected(rv);
  }
  value.resize(attribute.ulValueLen);
  return value;
}

CK_RV log_in(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE session, CK_USER_TYPE user,
             const SignPassword& password) {
  return password.reveal([&](std::string_view text) {
    return f->C_Login(session, user,
                      reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(text.data())),
                      text.size());
  });
}

// A session that logs out and closes itself.
class LoggedSession {
 public:
  LoggedSession(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE session) : f_(f), session_(session) {}
  ~LoggedSession() {
    if (logged_in_) f_->C_Logout(session_);
    f_->C_CloseSession(session_);
  }
  LoggedSession(const LoggedSession&) = delete;
  LoggedSession& operator=(const LoggedSession&) = delete;
  void logged_in() { logged_in_ = true; }
  CK_SESSION_HANDLE handle() const { return session_; }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE session_;
  bool logged_in_ = false;
};

}  // namespace

JpkiSigner::JpkiSigner(std::unique_ptr<Module> module) : module_(std::move(module)) {}
JpkiSigner::~JpkiSigner() = default;
JpkiSigner::JpkiSigner(JpkiSigner&&) noexcept = default;
JpkiSigner& JpkiSigner::operator=(JpkiSigner&&) noexcept = default;

std::expected<JpkiSigner, SigningError> JpkiSigner::load(const std::string& module_name) {
  auto module = std::make_unique<Module>();
  CK_FUNCTION_LIST* functions = p11_kit_module_load(module_name.c_str(), 0);
  if (functions == nullptr) {
    const char* why = p11_kit_message();
    return std::unexpected(
        failure(Kind::NoModule, "the PKCS#11 module " + module_name + " cannot be loaded" +
                                    (why != nullptr ? std::string(": ") + why : std::string())));
  }
  if (const CK_RV rv = p11_kit_module_initialize(functions); rv != CKR_OK) {
    p11_kit_module_release(functions);
    return std::unexpected(failure(
        Kind::NoModule, "the PKCS#11 module " + module_name + " did not start (" + code(rv) + ")"));
  }
  module->functions = functions;
  return JpkiSigner(std::move(module));
}

std::expected<PasswordState, SigningError> JpkiSigner::password_state(const std::string& reader) {
  auto slot = find_signature_slot(module_->functions, reader);
  if (!slot) return std::unexpected(slot.error());
  return state_of(slot->token_flags);
}

std::expected<SignedDocument, SigningError> JpkiSigner::sign(const SigningRequest& request,
                                                             const SignPassword& password) {
  CK_FUNCTION_LIST* f = module_->functions;
  if (!password.well_formed()) {
    return std::unexpected(failure(Kind::Failed, "the password is not 6-16 letters and digits"));
  }
  auto slot = find_signature_slot(f, request.reader);
  if (!slot) return std::unexpected(slot.error());
  switch (state_of(slot->token_flags)) {
    case PasswordState::Blocked:
      return std::unexpected(failure(Kind::PasswordBlocked, "the signature password is locked"));
    case PasswordState::FinalTry:
      return std::unexpected(
          failure(Kind::PasswordLastTry, "one try of the signature password is left"));
    default:
      break;
  }
  CK_SESSION_HANDLE handle = 0;
  if (const CK_RV rv = f->C_OpenSession(slot->id, CKF_SERIAL_SESSION, nullptr, nullptr, &handle);
      rv != CKR_OK) {
    return std::unexpected(error_of(rv, "C_OpenSession"));
  }
  LoggedSession session(f, handle);
  if (const CK_RV rv = log_in(f, handle, CKU_USER, password); rv != CKR_OK) {
    return std::unexpected(error_of(rv, "C_Login"));
  }
  session.logged_in();

  auto key = find_object(f, handle, CKO_PRIVATE_KEY, {});
  if (!key) return std::unexpected(error_of(key.error(), "finding the signature key"));
  auto key_id = attribute_bytes(f, handle, *key, CKA_ID);
  if (!key_id) return std::unexpected(error_of(key_id.error(), "reading the key's id"));
  auto certificate = find_object(f, handle, CKO_CERTIFICATE, *key_id);
  if (!certificate) {
    return std::unexpected(error_of(certificate.error(), "finding the signature certificate"));
  }
  auto der = attribute_bytes(f, handle, *certificate, CKA_VALUE);
  if (!der) return std::unexpected(error_of(der.error(), "reading the signature certificate"));
  auto info = parse_certificate(*der);
  if (!info) return std::unexpected(failure(Kind::Failed, info.error().message));
  if (!info->for_signing) {
    return std::unexpected(failure(Kind::Failed, "the certificate is not for signatures"));
  }
  CK_BBOOL always_authenticate = CK_FALSE;
  CK_ATTRIBUTE always{CKA_ALWAYS_AUTHENTICATE, &always_authenticate, sizeof always_authenticate};
  f->C_GetAttributeValue(handle, *key, &always, 1);

  CK_RV card_answer = CKR_OK;
  auto cms = make_document_signature(
      request.document, *der, request.signing_time,
      [&](std::span<const std::uint8_t> attributes)
          -> std::expected<std::vector<std::uint8_t>, std::string> {
        CK_MECHANISM mechanism{CKM_SHA256_RSA_PKCS, nullptr, 0};
        if ((card_answer = f->C_SignInit(handle, &mechanism, *key)) != CKR_OK) {
          return std::unexpected("C_SignInit failed (" + code(card_answer) + ")");
        }
        if (always_authenticate == CK_TRUE &&
            (card_answer = log_in(f, handle, CKU_CONTEXT_SPECIFIC, password)) != CKR_OK) {
          return std::unexpected("C_Login for the key failed (" + code(card_answer) + ")");
        }
        std::vector<std::uint8_t> signature(512);
        CK_ULONG size = signature.size();
        if ((card_answer = f->C_Sign(handle, const_cast<std::uint8_t*>(attributes.data()),
                                     attributes.size(), signature.data(), &size)) != CKR_OK) {
          return std::unexpected("C_Sign failed (" + code(card_answer) + ")");
        }
        signature.resize(size);
        return signature;
      });
  if (!cms) {
    if (card_answer != CKR_OK) return std::unexpected(error_of(card_answer, cms.error()));
    return std::unexpected(failure(Kind::Failed, cms.error()));
  }
  return SignedDocument{std::move(*cms), std::move(*info)};
}

}  // namespace madoguchi::card
