#include "madoguchi/counter/visit_book.hpp"

#include <cstdlib>

namespace madoguchi::counter {

namespace {

using Result = storage::PostgresConnection::Result;

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

// The period's rows: $1 from, $2 to (dates, both included), $3 the time zone.
constexpr const char* kPeriod =
    " FROM madoguchi_visits WHERE ended_at >= ($1::date)::timestamp AT TIME ZONE $3"
    " AND ended_at < ($2::date + 1)::timestamp AT TIME ZONE $3";

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

  // Each row of one query over the period, handed to `row`.
  template <typename Row>
  std::expected<void, Failure> each(const std::string& select, const std::string& rest,
                                    const std::vector<std::string>& period, const std::string& what,
                                    Row row) {
    auto r = link.run("SELECT " + select + kPeriod + rest, period, what);
    if (!r) return std::unexpected(r.error());
    for (int i = 0; i < PQntuples(r->get()); ++i) row(r->get(), i);
    return {};
  }
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

std::expected<VisitReport, Failure> VisitBook::report(const std::string& from,
                                                      const std::string& to,
                                                      const std::string& time_zone) {
  std::lock_guard lock(impl_->link.mutex());
  Impl& impl = *impl_;
  VisitReport report;
  report.from = from;
  report.to = to;
  report.time_zone = time_zone;
  const std::vector<std::string> period = {from, to, time_zone};
  auto done = impl.each(
      "count(*), count(*) FILTER (WHERE assisted), coalesce(percentile_cont(0.5) WITHIN GROUP "
      "(ORDER BY extract(epoch FROM ended_at - started_at)), 0)",
      "", period, "counting the visits", [&](const PGresult* r, int i) {
        report.visits = int_at(r, i, 0);
        report.assisted = int_at(r, i, 1);
        report.median_seconds = std::strtod(PQgetvalue(r, i, 2), nullptr);
      });
  if (!done) return std::unexpected(done.error());
  const auto count_by = [&](const std::string& column, std::map<std::string, int>& into) {
    return impl.each(column + ", count(*)", " GROUP BY 1", period, "counting by " + column,
                     [&](const PGresult* r, int i) { into[text_at(r, i, 0)] = int_at(r, i, 1); });
  };
  for (auto* step : {&report.outcomes, &report.languages, &report.view_options}) {
    const std::string column = step == &report.outcomes    ? "outcome"
                               : step == &report.languages ? "language"
                                                           : "unnest(view_options)";
    if (auto counted = count_by(column, *step); !counted) return std::unexpected(counted.error());
  }
  done = impl.each(
      "payment, count(*), sum(fee_yen)", " AND payment <> 'none' GROUP BY 1", period,
      "adding up the fees", [&](const PGresult* r, int i) {
        report.payments[text_at(r, i, 0)] = {int_at(r, i, 1), std::atoll(PQgetvalue(r, i, 2))};
      });
  if (!done) return std::unexpected(done.error());
  done = impl.each(
      "p, to_char(d, 'YYYY-MM-DD'), to_char(d, 'IYYY-\"W\"IW'), to_char(d, 'YYYY-MM'), count(*) "
      "FROM (SELECT unnest(procedures) AS p, (ended_at AT TIME ZONE $3)::date AS d",
      " AND outcome = 'printed') AS printed GROUP BY 1, 2, 3, 4", period,
      "counting the applications", [&](const PGresult* r, int i) {
        auto& a = report.procedures[text_at(r, i, 0)];
        const int n = int_at(r, i, 4);
        a.total += n;
        a.by_day[text_at(r, i, 1)] += n;
        a.by_week[text_at(r, i, 2)] += n;
        a.by_month[text_at(r, i, 3)] += n;
      });
  if (!done) return std::unexpected(done.error());
  done =
      impl.each("ended_screen, ended_step, count(*)",
                " AND outcome IN ('cancelled', 'timed_out', 'card_taken_away') GROUP BY 1, 2 "
                "ORDER BY 3 DESC, 1, 2",
                period, "finding where residents give up", [&](const PGresult* r, int i) {
                  report.drop_off.push_back({text_at(r, i, 0), int_at(r, i, 1), int_at(r, i, 2)});
                });
  if (!done) return std::unexpected(done.error());
  return report;
}

}  // namespace madoguchi::counter
