// Every value of the outbox that is sealed with the OutboxKey: a column of `applications` (whose
// rows are named by application_id, the context each value is sealed for), the column that names
// the key it needs (form_json, pdf and signature share one), and what it is sealed as. The outbox
// seals and opens by this one list, and rotating the key goes over it.
#pragma once

#include <array>
#include <string_view>

#include "madoguchi/submission/outbox_key.hpp"

namespace madoguchi::submission {

struct SealedColumn {
  std::string_view value;    // the sealed bytes (NULL: nothing sealed in this row)
  std::string_view key_id;   // OutboxKey::id() of the key that sealed them
  std::string_view purpose;  // what they are sealed as (OutboxKey::reseal)
};

inline constexpr std::array kSealedColumns{
    SealedColumn{"my_number_sealed", "my_number_key_id", OutboxKey::kMyNumberPurpose},
    SealedColumn{"form_json", "sealed_key_id", "form_json"},
    SealedColumn{"pdf", "sealed_key_id", "pdf"},
    // The resident's electronic signature (schema version 4; NULL for a paper application): its
    // certificate names the resident and the address.
    SealedColumn{"signature", "sealed_key_id", "signature"},
};

}  // namespace madoguchi::submission
