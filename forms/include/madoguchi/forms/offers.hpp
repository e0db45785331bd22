// Related procedures offered within a visit: after 転入, the kiosk offers 国民健康保険 加入,
// 児童手当 住所変更, 後期高齢者医療 …, chosen by each procedure's "offered_after" rule
// (procedure.hpp, OfferRule) from what it knows: the resident's age from the card's birth date,
// and the answers shared in the visit (share_as names: "children_under_18").
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {

// True when `rule` offers its procedure after the procedure `done_id`, for a resident of `age`
// (nullopt: unknown; a rule with an age limit then does not offer) with these shared answers
// (a rule's answer that was never given does not hold).
bool offers_after(const OfferRule& rule, std::string_view done_id, std::optional<int> age,
                  const SharedAnswers& shared);

// The procedures of `catalogue` offered after `done_id`, in welcome-screen order (group, then
// order); `skip` lists ids already done or chosen in this visit.
std::vector<const Procedure*> related_procedures(const std::vector<Procedure>& catalogue,
                                                 std::string_view done_id, std::optional<int> age,
                                                 const SharedAnswers& shared,
                                                 const std::vector<std::string>& skip);

// Offers that can never be made, for staff: a procedure id that is not in the catalogue, a
// shared answer name that none of the procedures it follows asks (share_as), an answer that
// question would not accept. One line each, on the offering file. Empty when all can be made.
std::vector<LoadError> lint_offers(const std::vector<Procedure>& procedures);

}  // namespace madoguchi::forms
