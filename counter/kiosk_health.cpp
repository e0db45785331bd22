#include "madoguchi/counter/kiosk_health.hpp"

#include <cmath>
#include <cstdlib>

namespace madoguchi::counter {

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ",") + w;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string clipped(std::string text) {
  if (text.size() > 200) text.resize(200);
  return text;
}

constexpr const char* kIso = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

}  // namespace

std::string KioskProblem::words() const {
  switch (kind) {
    case Kind::Silent:
      return "no report for " + std::to_string(count) + " s";
    case Kind::PrinterNotAnswering:
      return device + ": not answering";
    case Kind::PrinterReason:
      return device + ": " + detail;
    case Kind::PrinterStopped:
      return device + ": stopped";
    case Kind::Terminal:
      return "terminal: " + detail;
    case Kind::Reader:
      return "reader: " + detail;
    case Kind::PaymentsInDoubt:
      return "payments in doubt: " + std::to_string(count);
    case Kind::OutboxWaiting:
      return "outbox: " + std::to_string(count) + " waiting";
  }
  return detail;
}

std::vector<KioskProblem> KioskReport::trouble(std::chrono::seconds stale_after) const {
  using Kind = KioskProblem::Kind;
  std::vector<KioskProblem> out;
  if (age_seconds > static_cast<double>(stale_after.count())) {
    out.push_back({Kind::Silent, "", "", std::lround(age_seconds)});
  }
  const auto printer_trouble = [&](const char* which, const PrinterHealth& p) {
    if (p.state == "unreachable") out.push_back({Kind::PrinterNotAnswering, which, "", 0});
    for (const auto& reason : p.reasons) {
      if (reason != "none") out.push_back({Kind::PrinterReason, which, reason, 0});
    }
    if (p.state == "stopped" && p.reasons.empty()) {
      out.push_back({Kind::PrinterStopped, which, "", 0});
    }
  };
  printer_trouble("printer", health.printer);
  printer_trouble("slip printer", health.slip_printer);
  if (health.terminal == "unreachable" || health.terminal == "networks_offline") {
    out.push_back({Kind::Terminal, "", health.terminal, 0});
  }
  if (health.reader != "present") out.push_back({Kind::Reader, "", health.reader, 0});
  if (health.payments_in_doubt > 0) {
    out.push_back({Kind::PaymentsInDoubt, "", "", health.payments_in_doubt});
  }
  if (health.outbox_backlog > 0) {
    out.push_back({Kind::OutboxWaiting, "", "", health.outbox_backlog});
  }
  return out;
}

std::vector<std::string> KioskReport::problems(std::chrono::seconds stale_after) const {
  std::vector<std::string> out;
  for (const auto& t : trouble(stale_after)) out.push_back(t.words());
  return out;
}

struct HealthBoard::Impl {
  Impl(std::string conninfo, std::string application_name)
      : link(std::move(conninfo),
             {std::move(application_name), std::chrono::seconds(3), std::chrono::seconds(10)}) {}
  storage::PostgresConnection link;
};

HealthBoard::HealthBoard(std::string conninfo, std::string application_name)
    : impl_(std::make_unique<Impl>(std::move(conninfo), std::move(application_name))) {}
HealthBoard::~HealthBoard() = default;

const std::string& HealthBoard::name() const { return impl_->link.name(); }

std::expected<void, Failure> HealthBoard::report(const KioskHealth& h) {
  std::lock_guard lock(impl_->link.mutex());
  auto r = impl_->link.run(
      "INSERT INTO madoguchi_kiosk_health AS h (reported_at, version, printer_uri, printer_state, "
      "printer_reasons, printer_message, slip_printer_uri, slip_printer_state, "
      "slip_printer_reasons, terminal, terminal_detail, reader, outbox_backlog, outbox_oldest, "
      "payments_in_doubt, disk_free_mb) VALUES (now(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11, $12, nullif($13, '')::timestamptz, $14, $15) ON CONFLICT (kiosk_id) DO UPDATE SET "
      "reported_at = now(), version = $1, printer_uri = $2, printer_state = $3, "
      "printer_reasons = $4, printer_message = $5, slip_printer_uri = $6, "
      "slip_printer_state = $7, slip_printer_reasons = $8, terminal = $9, terminal_detail = $10, "
      "reader = $11, outbox_backlog = $12, outbox_oldest = nullif($13, '')::timestamptz, "
      "payments_in_doubt = $14, disk_free_mb = $15",
      {h.version, h.printer.uri, h.printer.state, joined(h.printer.reasons),
       clipped(h.printer.message), h.slip_printer.uri, h.slip_printer.state,
       joined(h.slip_printer.reasons), h.terminal, clipped(h.terminal_detail), h.reader,
       std::to_string(h.outbox_backlog), h.outbox_oldest, std::to_string(h.payments_in_doubt),
       std::to_string(h.disk_free_mb)},
      "reporting this kiosk's health");
  if (!r) return std::unexpected(r.error());
  return {};
}

std::expected<std::vector<KioskReport>, Failure> HealthBoard::kiosks() {
  std::lock_guard lock(impl_->link.mutex());
  auto r = impl_->link.run(
      std::string("SELECT kiosk_id, to_char(reported_at AT TIME ZONE 'UTC', ") + kIso +
          "), extract(epoch FROM now() - reported_at), version, printer_uri, printer_state, "
          "printer_reasons, printer_message, slip_printer_uri, slip_printer_state, "
          "slip_printer_reasons, terminal, terminal_detail, reader, outbox_backlog, "
          "coalesce(to_char(outbox_oldest AT TIME ZONE 'UTC', " +
          kIso +
          "), ''), payments_in_doubt, disk_free_mb FROM madoguchi_kiosk_health ORDER BY kiosk_id",
      {}, "reading the kiosks' health");
  if (!r) return std::unexpected(r.error());
  std::vector<KioskReport> out;
  const PGresult* res = r->get();
  for (int row = 0; row < PQntuples(res); ++row) {
    const auto text = [&](int column) { return std::string(PQgetvalue(res, row, column)); };
    KioskReport k;
    k.kiosk = text(0);
    k.reported_at = text(1);
    k.age_seconds = std::strtod(PQgetvalue(res, row, 2), nullptr);
    KioskHealth& h = k.health;
    h.version = text(3);
    h.printer = {text(4), text(5), split(text(6)), text(7)};
    h.slip_printer = {text(8), text(9), split(text(10)), ""};
    h.terminal = text(11);
    h.terminal_detail = text(12);
    h.reader = text(13);
    h.outbox_backlog = std::atoi(PQgetvalue(res, row, 14));
    h.outbox_oldest = text(15);
    h.payments_in_doubt = std::atoi(PQgetvalue(res, row, 16));
    h.disk_free_mb = std::atoll(PQgetvalue(res, row, 17));
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace madoguchi::counter
