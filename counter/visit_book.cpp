#include "madoguchi/counter/visit_book.hpp"

#include <algorithm>
#include <cstdlib>

namespace madoguchi::counter {

namespace {

// A PostgreSQL array literal of plain words ({a,b}); the table's CHECKs refuse anything else.
std::string array_of(const std::vector<std::string>& words) {
  std::string out = "{";
  for (const auto& w : words) out += (out.size() > 1 ? "," : "") + w;
  return out + "}";
}

std::string epoch_seconds(std::chrono::system_clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  return std::to_string(ms / 1000) + "." + std::to_string(1000 + ms % 1000).substr(1);
}

int int_at(const PGresult* r, int row, int column) { return std::atoi(PQgetvalue(r, row, column)); }
std::string text_at(const PGresult* r, int row, int column) { return PQgetvalue(r, row, column); }

// The median of visits counted by their time in whole seconds: the middle one, or the mean of
// the two middle ones.
double median_of(const std::map<long long, long long>& seconds) {
  long long total = 0;
  for (const auto& [s, n] : seconds) total += n;
  if (total == 0) return 0;
  const auto nth = [&](long long k) {  // the k-th smallest (from 0)
    for (const auto& [s, n] : seconds) {
      if (k < n) return static_cast<double>(s);
      k -= n;
    }
    return 0.0;
  };
  return total % 2 == 1 ? nth(total / 2) : (nth(total / 2 - 1) + nth(total / 2)) / 2;
}

}  // namespace

long long VisitReport::fees_yen() const {
  long long yen = 0;
  for (const auto& [method, p] : payments) yen += p.yen;
  return yen;
}

long long VisitReport::cashless_yen() const {
  long long yen = 0;
  for (const auto& [method, p] : payments) {
    if (method != "cash_at_counter" && method != "none") yen += p.yen;
  }
  return yen;
}

double VisitReport::cashless_share() const {
  const long long all = fees_yen();
  return all > 0 ? static_cast<double>(cashless_yen()) / static_cast<double>(all) : 0.0;
}

double VisitReport::assisted_share() const {
  return visits > 0 ? static_cast<double>(assisted) / visits : 0.0;
}

struct VisitBook::Impl {
  Impl(std::string conninfo, std::string application_name)
      : link(std::move(conninfo),
             {std::move(application_name), std::chrono::seconds(3), std::chrono::seconds(30)}) {}
  storage::PostgresConnection link;
};

VisitBook::VisitBook(std::string conninfo, std::string application_name)
    : impl_(std::make_unique<Impl>(std::move(conninfo), std::move(application_name))) {}
VisitBook::~VisitBook() = default;

const std::string& VisitBook::name() const { return impl_->link.name(); }

std::expected<void, Failure> VisitBook::record(const Visit& v) {
  std::lock_guard lock(impl_->link.mutex());
  auto r = impl_->link.run(
      "INSERT INTO madoguchi_visits (visit_key, started_at, ended_at, procedures, outcome, "
      "ended_screen, ended_step, language, view_options, assisted, fee_yen, payment) VALUES "
      "($1, to_timestamp($2), to_timestamp($3), $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "ON CONFLICT (visit_key) DO NOTHING",
      {v.key, epoch_seconds(v.started), epoch_seconds(v.ended), array_of(v.procedures), v.outcome,
       v.ended_screen, std::to_string(v.ended_step), v.language, array_of(v.view_options),
       v.assisted ? "true" : "false", std::to_string(v.fee_yen), v.payment},
      "recording a visit");
  if (!r) return std::unexpected(r.error());
  return {};
}

std::expected<VisitReport, Failure> VisitBook::recent(int days) {
  std::string from, to;
  {
    std::lock_guard lock(impl_->link.mutex());
    auto r = impl_->link.run(
        "SELECT to_char((now() AT TIME ZONE time_zone)::date - $1::int, 'YYYY-MM-DD'), "
        "to_char((now() AT TIME ZONE time_zone)::date, 'YYYY-MM-DD') FROM madoguchi_counter_town",
        {std::to_string(days > 0 ? days - 1 : 0)}, "reading the town's date");
    if (!r) return std::unexpected(r.error());
    if (PQntuples(r->get()) != 1) {
      return std::unexpected(Failure{false, impl_->link.name() + ": the town has no time zone"});
    }
    from = text_at(r->get(), 0, 0);
    to = text_at(r->get(), 0, 1);
  }
  return report(from, to);
}

std::expected<VisitReport, Failure> VisitBook::report(const std::string& from,
                                                      const std::string& to) {
  std::lock_guard lock(impl_->link.mutex());
  storage::PostgresConnection& link = impl_->link;
  VisitReport report;
  report.from = from;
  report.to = to;
  auto zone = link.run("SELECT time_zone FROM madoguchi_counter_town", {}, "reading the town");
  if (!zone) return std::unexpected(zone.error());
  if (PQntuples(zone->get()) == 1) report.time_zone = text_at(zone->get(), 0, 0);
  // Every figure but the applications, summed over the period.
  auto sums = link.run(
      "SELECT figure, item, sum(visits), sum(yen) FROM madoguchi_visit_tally WHERE day BETWEEN "
      "$1::date AND $2::date AND figure <> 'applications' GROUP BY 1, 2",
      {from, to}, "reading the numbers");
  if (!sums) return std::unexpected(sums.error());
  std::map<long long, long long> seconds;  // a visit's time in whole seconds → visits
  std::map<std::string, int> drop_off;
  const PGresult* r = sums->get();
  for (int i = 0; i < PQntuples(r); ++i) {
    const std::string figure = text_at(r, i, 0), item = text_at(r, i, 1);
    const int n = int_at(r, i, 2);
    if (figure == "visits")
      report.visits += n;
    else if (figure == "assisted")
      report.assisted += n;
    else if (figure == "outcome")
      report.outcomes[item] += n;
    else if (figure == "language")
      report.languages[item] += n;
    else if (figure == "view_option")
      report.view_options[item] += n;
    else if (figure == "payment")
      report.payments[item] = {n, std::atoll(PQgetvalue(r, i, 3))};
    else if (figure == "drop_off")
      drop_off[item] += n;
    else if (figure == "seconds")
      seconds[std::atoll(item.c_str())] += n;
  }
  report.median_seconds = median_of(seconds);
  for (const auto& [where, n] : drop_off) {
    const auto colon = where.rfind(':');
    report.drop_off.push_back({where.substr(0, colon), std::atoi(where.c_str() + colon + 1), n});
  }
  std::stable_sort(report.drop_off.begin(), report.drop_off.end(),
                   [](const auto& a, const auto& b) { return a.visits > b.visits; });
  // The applications day by day, with each day's ISO week and month.
  auto days = link.run(
      "SELECT item, to_char(day, 'YYYY-MM-DD'), to_char(day, 'IYYY-\"W\"IW'), "
      "to_char(day, 'YYYY-MM'), visits FROM madoguchi_visit_tally WHERE day BETWEEN $1::date "
      "AND $2::date AND figure = 'applications'",
      {from, to}, "reading the applications");
  if (!days) return std::unexpected(days.error());
  r = days->get();
  for (int i = 0; i < PQntuples(r); ++i) {
    auto& a = report.procedures[text_at(r, i, 0)];
    const int n = int_at(r, i, 4);
    a.total += n;
    a.by_day[text_at(r, i, 1)] += n;
    a.by_week[text_at(r, i, 2)] += n;
    a.by_month[text_at(r, i, 3)] += n;
  }
  return report;
}

}  // namespace madoguchi::counter
