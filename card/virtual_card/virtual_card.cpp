#include "virtual_card.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>

#include "madoguchi/card/certificate.hpp"
#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/card/jpki_ap.hpp"
#include "madoguchi/card/tlv.hpp"
#include "test_certificate.hpp"

namespace madoguchi::card {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes status(std::uint16_t sw) {
  return {static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw & 0xFF)};
}

constexpr std::uint16_t kOk = 0x9000;
constexpr std::uint16_t kWrongLength = 0x6700;
constexpr std::uint16_t kIncompatibleFile = 0x6981;
constexpr std::uint16_t kSecurityNotSatisfied = 0x6982;
constexpr std::uint16_t kPinBlocked = 0x6984;
constexpr std::uint16_t kNoCurrentEf = 0x6986;
constexpr std::uint16_t kNotFound = 0x6A82;
constexpr std::uint16_t kWrongP1P2 = 0x6A86;
constexpr std::uint16_t kReferenceNotFound = 0x6A88;
constexpr std::uint16_t kOffsetOutside = 0x6B00;
constexpr std::uint16_t kInsNotSupported = 0x6D00;
constexpr std::uint16_t kClaNotSupported = 0x6E00;

// Files are padded with FF to a multiple of this many bytes (at least 2 bytes of
// filler), like the card's fixed-size EFs.
constexpr std::size_t kFileGranule = 128;

std::uint16_t tries_status(int tries) {
  return static_cast<std::uint16_t>(0x63C0 | (tries & 0x0F));
}

}  // namespace

// An ISO 7816-4 command, short or extended.
struct VirtualMyNumberCard::Command {
  std::uint8_t cla = 0, ins = 0, p1 = 0, p2 = 0;
  std::span<const std::uint8_t> data;
  std::size_t ne = 0;  // expected answer length; 0 when the command has no Le

  static std::optional<Command> parse(std::span<const std::uint8_t> apdu) {
    if (apdu.size() < 4) return std::nullopt;
    Command c{apdu[0], apdu[1], apdu[2], apdu[3], {}, 0};
    const auto body = apdu.subspan(4);
    if (body.empty()) return c;  // case 1
    if (body[0] != 0 || body.size() == 1) {
      // Short form.
      if (body.size() == 1) {  // case 2S
        c.ne = body[0] == 0 ? 256 : body[0];
        return c;
      }
      const std::size_t lc = body[0];
      if (body.size() == 1 + lc) {  // case 3S
        c.data = body.subspan(1, lc);
        return c;
      }
      if (body.size() == 2 + lc) {  // case 4S
        c.data = body.subspan(1, lc);
        c.ne = body.back() == 0 ? 256 : body.back();
        return c;
      }
      return std::nullopt;
    }
    // Extended form: 00 then two length bytes.
    if (body.size() < 3) return std::nullopt;
    const std::size_t first = static_cast<std::size_t>(body[1] << 8 | body[2]);
    if (body.size() == 3) {  // case 2E
      c.ne = first == 0 ? 65536 : first;
      return c;
    }
    if (first == 0) return std::nullopt;
    if (body.size() == 3 + first) {  // case 3E
      c.data = body.subspan(3, first);
      return c;
    }
    if (body.size() == 5 + first) {  // case 4E
      c.data = body.subspan(3, first);
      const std::size_t le = static_cast<std::size_t>(body[3 + first] << 8 | body[4 + first]);
      c.ne = le == 0 ? 65536 : le;
      return c;
    }
    return std::nullopt;
  }
};

VirtualMyNumberCard::VirtualMyNumberCard(Persona persona, Behaviour behaviour)
    : persona_(std::move(persona)),
      behaviour_(behaviour),
      tries_left_(persona_.pin_tries_left),
      ca_certificate_(test_ca_certificate_der()),
      sign_tries_left_(persona_.sign_tries_left) {
  atr_ = persona_.atr.empty()
             ? Bytes(std::begin(kDefaultMyNumberAtr), std::end(kDefaultMyNumberAtr))
             : persona_.atr;

  // EF 0001: FF 10 0C + 12 ASCII digits, then FF FF (17 bytes, as on the card).
  my_number_file_ = {0xFF, 0x10, 0x0C};
  my_number_file_.insert(my_number_file_.end(), persona_.my_number.begin(),
                         persona_.my_number.end());
  my_number_file_.insert(my_number_file_.end(), {0xFF, 0xFF});

  // EF 0002: the FF 20 object, then FF filler.
  basic_info_file_ = encode_basic_info(persona_.basic_info);
  const std::size_t padded =
      (basic_info_file_.size() + 2 + kFileGranule - 1) / kFileGranule * kFileGranule;
  basic_info_file_.resize(padded, 0xFF);
  if (persona_.faults.corrupt_length) corrupt_basic_info_length();
}

// The FF 20 header's length, in whatever form it has (short, 81 xx, 82 xx xx), made one
// smaller in place: DF 25 then runs past the end of the object and the byte after the
// object is the sex digit, not FF, so a strict parser must refuse the file.
void VirtualMyNumberCard::corrupt_basic_info_length() {
  auto& file = basic_info_file_;
  std::size_t first = 2;
  std::size_t count = 1;
  if (file[2] == 0x81) {
    first = 3;
  } else if (file[2] == 0x82) {
    first = 3;
    count = 2;
  }
  std::size_t length = 0;
  for (std::size_t i = 0; i < count; ++i) length = length << 8 | file[first + i];
  --length;
  for (std::size_t i = count; i-- > 0;) {
    file[first + i] = static_cast<std::uint8_t>(length & 0xFF);
    length >>= 8;
  }
}

bool VirtualMyNumberCard::removal_due() {
  if (persona_.faults.remove_at_apdu > 0 && apdus_received_ + 1 == persona_.faults.remove_at_apdu) {
    ++apdus_received_;
    return true;
  }
  return false;
}

void VirtualMyNumberCard::clear_volatile_state() {
  ap_selected_ = false;
  jpki_selected_ = false;
  current_file_.reset();
  verified_ = false;
  auth_pin_verified_ = sign_password_verified_ = false;
}

const IssuedCertificate& VirtualMyNumberCard::jpki_certificate(CertificateUse use) const {
  const bool signature = use == CertificateUse::signature;
  IssuedCertificate& issued = signature ? jpki_signature_ : jpki_auth_;
  if (issued.der.empty()) {
    using namespace std::chrono;
    TestCertificateRequest request;
    request.use = use;
    request.subject_cn = signature ? "Madoguchi Test Digital Signature" : request.subject_cn;
    request.not_before = sys_days{2025y / January / 1};
    request.not_after = sys_days{2030y / January / 1};
    request.serial = test_certificate_serial(persona_.my_number, use);
    if (signature) request.holder = persona_.basic_info;
    if (auto made = issue_test_certificate(request)) issued = std::move(*made);
  }
  return issued;
}

const std::vector<std::uint8_t>& VirtualMyNumberCard::jpki_auth_certificate() const {
  return jpki_certificate(CertificateUse::user_authentication).der;
}

const std::vector<std::uint8_t>& VirtualMyNumberCard::jpki_signature_certificate() const {
  return jpki_certificate(CertificateUse::signature).der;
}

const std::vector<std::uint8_t>* VirtualMyNumberCard::file_contents(std::uint16_t file) const {
  if (jpki_selected_) {
    switch (file) {
      case kJpkiUserAuthCertificateFile:
        return &jpki_auth_certificate();
      case kJpkiSignatureCertificateFile:
        return &jpki_signature_certificate();
      case kJpkiUserAuthCaFile:
      case kJpkiSignatureCaFile:
        return &ca_certificate_;
      default:
        return nullptr;  // key and PIN files
    }
  }
  if (file == kMyNumberFile) return &my_number_file_;
  if (file == kBasicInfoFile) return &basic_info_file_;
  return nullptr;
}

std::vector<std::uint8_t> VirtualMyNumberCard::respond(std::span<const std::uint8_t> apdu) {
  ++apdus_received_;
  if (persona_.faults.at_apdu == apdus_received_) return status(persona_.faults.status_word);
  const auto command = Command::parse(apdu);
  if (!command) return status(kWrongLength);
  if (command->cla == 0x80 && command->ins == 0x2A && jpki_selected_) {
    return compute_signature(*command);
  }
  if (command->cla != 0x00) return status(kClaNotSupported);
  switch (command->ins) {
    case 0xA4:
      return select(*command);
    case 0x20:
      return jpki_selected_ ? verify_jpki(*command) : verify(*command);
    case 0xB0:
      return read_binary(*command);
    default:
      return status(kInsNotSupported);
  }
}

std::vector<std::uint8_t> VirtualMyNumberCard::select(const Command& command) {
  if (command.p1 == 0x04) {  // by DF name
    if (command.p2 != 0x0C && command.p2 != 0x00) return status(kWrongP1P2);
    if (!behaviour_.not_my_number && std::ranges::equal(command.data, kJpkiAid)) {
      ap_selected_ = false;
      jpki_selected_ = true;
      verified_ = false;
      auth_pin_verified_ = sign_password_verified_ = false;
      current_file_.reset();
      return command.p2 == 0x0C ? status(kOk) : status(kWrongP1P2);
    }
    const bool ours =
        !behaviour_.not_my_number && std::ranges::equal(command.data, kInputSupportAid);
    if (!ours) return status(kNotFound);
    if (jpki_selected_) verified_ = false;  // back from the JPKI-AP: a new DF, a new VERIFY
    auth_pin_verified_ = sign_password_verified_ = false;
    jpki_selected_ = false;
    ap_selected_ = true;
    current_file_.reset();
    if (command.p2 == 0x0C) return status(kOk);
    // FCI: 6F { 84 <DF name> }
    Bytes answer = {0x6F, static_cast<std::uint8_t>(2 + kInputSupportAid.size()), 0x84,
                    static_cast<std::uint8_t>(kInputSupportAid.size())};
    answer.insert(answer.end(), kInputSupportAid.begin(), kInputSupportAid.end());
    if (command.ne != 0 && answer.size() > command.ne) answer.resize(command.ne);
    const auto ok = status(kOk);
    answer.insert(answer.end(), ok.begin(), ok.end());
    return answer;
  }
  if (command.p1 == 0x02) {  // EF under the current DF
    if (command.p2 != 0x0C) return status(kWrongP1P2);
    if (command.data.size() != 2) return status(kWrongLength);
    const auto file = static_cast<std::uint16_t>(command.data[0] << 8 | command.data[1]);
    if (jpki_selected_) {
      constexpr std::uint16_t kJpkiFiles[] = {
          kJpkiSignatureCertificateFile, kJpkiSignatureCaFile,      kJpkiUserAuthCertificateFile,
          kJpkiUserAuthCaFile,           kJpkiUserAuthKeyFile,      kJpkiUserAuthPinFile,
          kJpkiSignatureKeyFile,         kJpkiSignaturePasswordFile};
      if (std::ranges::find(kJpkiFiles, file) == std::end(kJpkiFiles)) return status(kNotFound);
      current_file_ = file;
      return status(kOk);
    }
    if (!ap_selected_) return status(kNotFound);
    if (file != kMyNumberFile && file != kBasicInfoFile && file != kPinFile) {
      return status(kNotFound);
    }
    current_file_ = file;
    return status(kOk);
  }
  return status(kWrongP1P2);  // SELECT MF and other forms are not usable on this card
}

std::vector<std::uint8_t> VirtualMyNumberCard::verify(const Command& command) {
  if (command.p1 != 0x00) return status(kWrongP1P2);
  const bool pin_named =
      (command.p2 == 0x80 && current_file_ == kPinFile) || command.p2 == (0x80 | kPinFile);
  if (!ap_selected_ || !pin_named) return status(kReferenceNotFound);
  if (tries_left_ == 0) return status(kPinBlocked);
  if (command.data.empty()) return status(tries_status(tries_left_));  // no try spent
  if (command.data.size() > 16) return status(kWrongLength);

  if (std::ranges::equal(command.data, persona_.pin)) {
    tries_left_ = kMaxPinTries;
    verified_ = true;
    return status(kOk);
  }
  --tries_left_;
  verified_ = false;
  return status(tries_status(tries_left_));
}

std::vector<std::uint8_t> VirtualMyNumberCard::read_binary(const Command& command) {
  if (command.ne == 0) return status(kWrongLength);
  std::size_t offset = 0;
  std::optional<std::uint16_t> file = current_file_;
  if (command.p1 & 0x80) {  // short EF identifier in P1, 8-bit offset in P2
    if (!ap_selected_) return status(kNotFound);
    file = static_cast<std::uint16_t>(command.p1 & 0x1F);
    if (*file != kMyNumberFile && *file != kBasicInfoFile && *file != kPinFile) {
      return status(kNotFound);
    }
    current_file_ = file;
    offset = command.p2;
  } else {
    offset = static_cast<std::size_t>(command.p1 << 8 | command.p2);
  }
  if (!file) return status(kNoCurrentEf);
  const auto* contents = file_contents(*file);
  if (contents == nullptr) return status(kIncompatibleFile);  // the key file
  if (!verified_ && !jpki_selected_) return status(kSecurityNotSatisfied);
  if (jpki_selected_ && *file == kJpkiSignatureCertificateFile && !sign_password_verified_) {
    return status(kSecurityNotSatisfied);
  }
  if (offset >= contents->size()) return status(kOffsetOutside);

  const std::size_t count = std::min(command.ne, contents->size() - offset);
  Bytes answer(contents->begin() + static_cast<std::ptrdiff_t>(offset),
               contents->begin() + static_cast<std::ptrdiff_t>(offset + count));
  const auto ok = status(kOk);
  answer.insert(answer.end(), ok.begin(), ok.end());
  return answer;
}

// VERIFY under the JPKI-AP: the 4-digit PIN (0018) or the 署名用パスワード (001B), each with its
// own counter, answered as the 入力補助AP answers its PIN.
std::vector<std::uint8_t> VirtualMyNumberCard::verify_jpki(const Command& command) {
  if (command.p1 != 0x00 || command.p2 != 0x80) return status(kWrongP1P2);
  const bool sign = current_file_ == kJpkiSignaturePasswordFile;
  if (!sign && current_file_ != kJpkiUserAuthPinFile) return status(kReferenceNotFound);
  int& tries = sign ? sign_tries_left_ : auth_pin_tries_left_;
  bool& verified = sign ? sign_password_verified_ : auth_pin_verified_;
  if (tries == 0) return status(kPinBlocked);
  if (command.data.empty()) return status(tries_status(tries));  // no try spent
  if (command.data.size() > static_cast<std::size_t>(kMaxSignPasswordLength)) {
    return status(kWrongLength);
  }
  const std::string& secret = sign ? persona_.sign_password : persona_.pin;
  if (std::ranges::equal(command.data, secret)) {
    tries = sign ? kMaxSignPasswordTries : kMaxPinTries;
    verified = true;
    return status(kOk);
  }
  --tries;
  verified = false;
  return status(tries_status(tries));
}

// 80 2A 00 80 <DigestInfo>: an RSA PKCS#1 v1.5 signature with the selected key EF's key.
std::vector<std::uint8_t> VirtualMyNumberCard::compute_signature(const Command& command) {
  if (command.p1 != 0x00 || command.p2 != 0x80) return status(kWrongP1P2);
  if (!current_file_) return status(kNoCurrentEf);
  const bool sign = current_file_ == kJpkiSignatureKeyFile;
  if (!sign && current_file_ != kJpkiUserAuthKeyFile) return status(kIncompatibleFile);
  if (!(sign ? sign_password_verified_ : auth_pin_verified_)) {
    return status(kSecurityNotSatisfied);
  }
  if (command.data.empty() || command.data.size() > 245) return status(kWrongLength);
  const auto& issued =
      jpki_certificate(sign ? CertificateUse::signature : CertificateUse::user_authentication);
  auto signature = sign_pkcs1(issued.key.get(), command.data);
  if (!signature) return status(kIncompatibleFile);
  if (sign) ++signatures_made_;
  Bytes answer = std::move(*signature);
  const auto ok = status(kOk);
  answer.insert(answer.end(), ok.begin(), ok.end());
  return answer;
}

}  // namespace madoguchi::card
