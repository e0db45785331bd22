// Several procedures, one payment: after a procedure's answers are checked, the kiosk offers the
// procedures that usually follow it (転入 → 国民健康保険 加入, 児童手当 住所変更 …) by the
// catalogue's rules; the ticked ones are answered next, each answer of the visit asked once, and
// the last check pays for them all. A chosen procedure is read whole from its file only then.
#include <algorithm>
#include <iostream>
#include <utility>

#include "madoguchi/forms/offers.hpp"
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {

const forms::Procedure* Session::load_chosen(const forms::Procedure& listing) {
  if (!listing.listing_only) return &listing;
  auto whole = loader_ ? loader_(listing)
                       : std::expected<forms::Procedure, std::string>(
                             std::unexpected("no procedure loader: the catalogue holds listings"));
  if (!whole) {
    // For staff: the file changed or broke after the kiosk started (no resident's data here).
    std::cerr << "kiosk: " << listing.file << ": cannot be read for \"" << listing.id
              << "\": " << whole.error() << "\n";
    return nullptr;
  }
  return &loaded_.emplace_back(std::move(*whole));
}

std::vector<const forms::Procedure*> Session::related_offers() const {
  if (procedure_ == nullptr || offers_decided_) return {};
  // What this procedure's answers will share, with what the visit shares already.
  forms::SharedAnswers shared = visit_.shared;
  forms::share_answers(*procedure_, visit_.answers, shared);
  std::vector<std::string> skip(visit_.seen.begin(), visit_.seen.end());
  skip.insert(skip.end(), visit_.queued.begin(), visit_.queued.end());
  auto offers = forms::related_procedures(
      catalogue_, procedure_->id,
      forms::age_from_card(visit_.facts(), text::civil_date_in_japan(clock_())), shared, skip);
  // Paid and printed together on paper: one that only goes signed is chosen on its own.
  std::erase_if(offers,
                [](const forms::Procedure* p) { return p->hand_in == forms::HandIn::Signed; });
  for (auto& [name, value] : shared) wiping::wipe(value);
  return offers;
}

void Session::tick_related(std::string_view procedure_id) {
  if (screen_ != Screen::Related) return;
  if (const auto found = ticked_.find(procedure_id); found != ticked_.end()) {
    ticked_.erase(found);
  } else {
    ticked_.emplace(procedure_id);
  }
}

bool Session::related_ticked(std::string_view procedure_id) const {
  return ticked_.contains(procedure_id);
}

void Session::take_related() {
  if (screen_ != Screen::Related) return;
  for (const forms::Procedure* offer : related_offers()) {
    visit_.seen.insert(offer->id);
    if (ticked_.contains(offer->id)) visit_.queued.push_back(offer->id);
  }
  ticked_.clear();
  offers_decided_ = true;
  go(Screen::CheckAnswers);
  pay();  // on to the next ticked procedure, or to the payment
}

bool Session::more_after_check() const {
  return !visit_.queued.empty() || !related_offers().empty();
}

int Session::visit_fee_yen() const {
  int total = fee().total_yen;
  for (const ReadyApplication& ready : visit_.ready) {
    total += forms::quote_fee(*ready.procedure, ready.answers).total_yen;
  }
  return total;
}

std::vector<std::string> Session::reception_numbers() const {
  std::vector<std::string> numbers;
  for (const ReadyApplication& ready : visit_.ready) {
    if (!ready.reception_number.empty()) numbers.push_back(ready.reception_number);
  }
  if (!visit_.reception_number.empty()) numbers.push_back(visit_.reception_number);
  return numbers;
}

std::vector<Session::Paper> Session::papers() {
  std::vector<Paper> out;
  for (ReadyApplication& ready : visit_.ready) {
    out.push_back({ready.procedure, &ready.answers, &ready.my_number, &ready.reception_number});
  }
  if (procedure_ != nullptr) {
    out.push_back({procedure_, &visit_.answers, &visit_.my_number, &visit_.reception_number});
  }
  return out;
}

void Session::next_in_bundle() {
  const std::string next_id = visit_.queued.front();
  const auto listing = std::find_if(catalogue_.begin(), catalogue_.end(),
                                    [&](const forms::Procedure& p) { return p.id == next_id; });
  const forms::Procedure* next = listing == catalogue_.end() ? nullptr : load_chosen(*listing);
  if (next == nullptr) {
    go_to_counter(
        say("続けての手続きを読み込めませんでした。お金はかかっていません。"
            "係員にお声がけください。"));
    return;
  }
  visit_.queued.erase(visit_.queued.begin());
  forms::share_answers(*procedure_, visit_.answers, visit_.shared);
  visit_.ready.push_back(ReadyApplication{procedure_, std::move(visit_.answers),
                                          std::move(visit_.reception_number),
                                          std::move(visit_.my_number), procedure_started_});
  visit_.answers.clear();
  visit_.reception_number.clear();
  visit_.carried.clear();
  visit_.seen.insert(next->id);
  procedure_ = next;
  procedure_started_ = clock_();
  visit_.answers = forms::default_answers(*procedure_);
  my_number_choice_ = MyNumberChoice::NotAsked;
  my_number_failed_ = false;
  delivery_ = Delivery::Paper;
  delivery_chosen_ = false;
  offers_decided_ = false;
  print_check_ = PrintCheckState::NotChecked;
  // The card's details were confirmed for the first procedure: its prefill and the answers
  // carried from the bundle's earlier procedures, then the questions.
  go(Screen::ConfirmIdentity);
  confirm_identity();
}

void Session::back_in_bundle() {
  if (visit_.ready.empty()) return;
  visit_.queued.insert(visit_.queued.begin(), procedure_->id);
  visit_.seen.erase(procedure_->id);
  for (auto& [id, value] : visit_.answers) wiping::wipe(value);
  visit_.my_number.wipe();
  ReadyApplication previous = std::move(visit_.ready.back());
  visit_.ready.pop_back();
  procedure_ = previous.procedure;
  procedure_started_ = previous.started;
  visit_.answers = std::move(previous.answers);
  visit_.my_number = std::move(previous.my_number);
  visit_.carried.clear();
  my_number_choice_ =
      visit_.my_number.get() != nullptr ? MyNumberChoice::FromCard : MyNumberChoice::AtCounter;
  if (!procedure_->needs_my_number) my_number_choice_ = MyNumberChoice::NotAsked;
  offers_decided_ = true;
  print_check_ = PrintCheckState::NotChecked;
  go(Screen::CheckAnswers);
}

}  // namespace madoguchi::kiosk
