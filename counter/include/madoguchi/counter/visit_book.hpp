// The town's numbers, from anonymous visit events (madoguchi_visits, docs/counter.md): each
// procedure a resident begins at a kiosk ends in one row — which procedure, how it ended and on
// which screen, how long it took, the language and view options, whether a volunteer assisted,
// the fee and how it was paid. Never a name, an address, a birth date or a number from the card:
// the table has no column for them. A kiosk writes rows (its own role, never reads any); staff
// read the report: applications per procedure per day, week and month, the cashless share of
// fees, the median time, where residents give up, the share assisted, languages and views used.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/storage/postgres_link.hpp"

namespace madoguchi::counter {

using Failure = storage::PostgresFailure;

struct Visit {
  std::string key;  // a UUID the kiosk makes: the same visit sent twice counts once
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point ended;
  std::vector<std::string> procedures;  // procedure ids
  // printed, sent_to_counter, cancelled, timed_out, card_taken_away, refunded
  std::string outcome;
  std::string ended_screen;               // the screen's id where it ended: "question", "enter_pin"
  int ended_step = 0;                     // the step counter there, 0 when it shows none
  std::string language;                   // "ja", "ja-easy", "en"
  std::vector<std::string> view_options;  // "large_text", "high_contrast"
  bool assisted = false;
  int fee_yen = 0;      // what was paid (0 when nothing was)
  std::string payment;  // none, card, emoney, qr, cash_at_counter
};

// The numbers for a period (dates in the town's time zone, both ends included). The visits' times
// are tallied in whole seconds, so the median is exact to the second.
struct VisitReport {
  std::string from, to, time_zone;
  int visits = 0;
  int assisted = 0;
  double median_seconds = 0;  // of every visit in the period
  std::map<std::string, int> outcomes;
  std::map<std::string, int> languages;
  std::map<std::string, int> view_options;  // visits with each option on
  struct Payments {
    int count = 0;
    long long yen = 0;
  };
  std::map<std::string, Payments> payments;  // by method: card, emoney, qr, cash_at_counter
  long long cashless_yen() const;
  long long fees_yen() const;
  double cashless_share() const;  // of the yen paid; 0 when nothing was
  double assisted_share() const;
  // Applications (visits that printed) per procedure: per day (YYYY-MM-DD), ISO week
  // (YYYY-Www) and month (YYYY-MM).
  struct Applications {
    int total = 0;
    std::map<std::string, int> by_day, by_week, by_month;
  };
  std::map<std::string, Applications> procedures;
  // Where residents gave up (cancelled, timed out, card taken away): the screen and step, with
  // how many, most first.
  struct DropOff {
    std::string screen;
    int step = 0;
    int visits = 0;
  };
  std::vector<DropOff> drop_off;
};

class VisitBook {
 public:
  VisitBook(std::string conninfo, std::string application_name);
  ~VisitBook();
  VisitBook(const VisitBook&) = delete;
  VisitBook& operator=(const VisitBook&) = delete;

  const std::string& name() const;
  // The kiosk: one visit (again with the same key: nothing more).
  std::expected<void, Failure> record(const Visit& visit);
  // Staff: the numbers from `from` to `to` (YYYY-MM-DD, both included: days in the town's time
  // zone), read from the tally the server keeps as visits arrive (counter_schema.hpp).
  std::expected<VisitReport, Failure> report(const std::string& from, const std::string& to);
  // The last `days` days up to today, as the town counts days (its time zone, not this
  // computer's).
  std::expected<VisitReport, Failure> recent(int days);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::counter
