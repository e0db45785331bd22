#include "madoguchi/printer/ipp_printer.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

namespace madoguchi::printer {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = PrintError::Kind;
using IppMessage = std::unique_ptr<ipp_t, decltype(&ippDelete)>;

constexpr int kJobCompleted = IPP_JSTATE_COMPLETED;
constexpr int kJobCanceled = IPP_JSTATE_CANCELED;
constexpr int kJobAborted = IPP_JSTATE_ABORTED;
constexpr std::size_t kWriteChunk = 64 * 1024;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out.empty() ? "none" : out;
}

const char* printer_state_name(int state) {
  switch (state) {
    case IPP_PSTATE_IDLE:
      return "idle";
    case IPP_PSTATE_PROCESSING:
      return "processing";
    case IPP_PSTATE_STOPPED:
      return "stopped";
    default:
      return "unknown";
  }
}

std::string describe(const PrinterStatus& s) {
  std::string out =
      std::string("printer ") + printer_state_name(s.state) + ", reasons " + join(s.reasons);
  if (!s.message.empty()) out += ", \"" + s.message + "\"";
  return out;
}

// The open connection to the printer and the destination it was made for.
class Connection {
 public:
  static std::expected<Connection, PrintError> open(const std::string& uri,
                                                    std::chrono::milliseconds timeout) {
    Connection c;
    c.dest_ = cupsGetDestWithURI(nullptr, uri.c_str());
    if (c.dest_ == nullptr) {
      return std::unexpected(
          PrintError{Kind::PrinterUnreachable, "invalid printer URI \"" + uri + "\""});
    }
    // CUPS_DEST_FLAGS_DEVICE: talk to the printer itself. Without it libcups asks cupsd to make
    // a temporary queue, and there is no cupsd on the kiosk.
    std::array<char, 1024> resource{};
    c.http_ = cupsConnectDest(c.dest_, CUPS_DEST_FLAGS_DEVICE, static_cast<int>(timeout.count()),
                              nullptr, resource.data(), resource.size(), nullptr, nullptr);
    if (c.http_ == nullptr) {
      return std::unexpected(PrintError{Kind::PrinterUnreachable,
                                        "cannot connect to " + uri + ": " + cupsLastErrorString()});
    }
    c.resource_ = resource.data();
    // Bound every request: a printer that accepts the connection and then hangs must not hang
    // the kiosk. With no callback, a timeout fails the request.
    httpSetTimeout(c.http_, static_cast<double>(timeout.count()) / 1000.0, nullptr, nullptr);
    return c;
  }

  Connection() = default;
  Connection(Connection&& o) noexcept
      : dest_(std::exchange(o.dest_, nullptr)),
        http_(std::exchange(o.http_, nullptr)),
        info_(std::exchange(o.info_, nullptr)),
        resource_(std::move(o.resource_)) {}
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (info_ != nullptr) cupsFreeDestInfo(info_);
    if (http_ != nullptr) httpClose(http_);
    if (dest_ != nullptr) cupsFreeDests(1, dest_);
  }

  http_t* http() const { return http_; }
  cups_dest_t* dest() const { return dest_; }

  cups_dinfo_t* info() {
    if (info_ == nullptr) info_ = cupsCopyDestInfo(http_, dest_);
    return info_;
  }

  // Sends a request; the response, or nullptr with cupsLastError() set.
  IppMessage request(ipp_t* request) const {
    IppMessage response(cupsDoRequest(http_, request, resource_.c_str()), &ippDelete);
    if (response && ippGetStatusCode(response.get()) > IPP_STATUS_OK_EVENTS_COMPLETE) {
      return IppMessage(nullptr, &ippDelete);
    }
    return response;
  }

 private:
  cups_dest_t* dest_ = nullptr;
  http_t* http_ = nullptr;
  cups_dinfo_t* info_ = nullptr;
  std::string resource_;
};

// An error from the last libcups call, classified: transport failures mean the printer is not
// reachable, anything the printer answered with means it rejected the request.
PrintError last_cups_error(const Connection& connection, const std::string& what) {
  const ipp_status_t status = cupsLastError();
  const int socket_error = connection.http() != nullptr ? httpError(connection.http()) : 0;
  if (socket_error != 0) {
    return PrintError{Kind::PrinterUnreachable, what + ": " + std::strerror(socket_error)};
  }
  const bool transport =
      status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || status == IPP_STATUS_ERROR_INTERNAL;
  return PrintError{transport ? Kind::PrinterUnreachable : Kind::PrinterRejected,
                    what + ": " + ippErrorString(status) + " (" + cupsLastErrorString() + ")"};
}

ipp_t* new_request(ipp_op_t operation, const std::string& uri) {
  ipp_t* request = ippNewRequest(operation);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.c_str());
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
               cupsUser());
  return request;
}

void add_requested(ipp_t* request, const std::vector<const char*>& names) {
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                static_cast<int>(names.size()), nullptr, names.data());
}

std::vector<std::string> keywords(ipp_t* response, const char* name, bool strip) {
  std::vector<std::string> out;
  ipp_attribute_t* attr = ippFindAttribute(response, name, IPP_TAG_KEYWORD);
  for (int i = 0; attr != nullptr && i < ippGetCount(attr); ++i) {
    const char* value = ippGetString(attr, i, nullptr);
    if (value == nullptr || std::string_view(value) == "none") continue;
    out.push_back(strip ? strip_reason_suffix(value) : std::string(value));
  }
  return out;
}

std::string text(ipp_t* response, const char* name) {
  const char* value = ippGetString(ippFindAttribute(response, name, IPP_TAG_TEXT), 0, nullptr);
  std::string_view v = value != nullptr ? value : "";
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

std::expected<PrinterStatus, PrintError> query_printer(const Connection& connection,
                                                       const std::string& uri) {
  ipp_t* request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, uri);
  add_requested(request, {"printer-state", "printer-state-reasons", "printer-state-message",
                          "printer-is-accepting-jobs"});
  const IppMessage response = connection.request(request);
  if (!response) return std::unexpected(last_cups_error(connection, "printer status of " + uri));
  PrinterStatus status;
  status.state = ippGetInteger(ippFindAttribute(response.get(), "printer-state", IPP_TAG_ENUM), 0);
  status.reasons = keywords(response.get(), "printer-state-reasons", true);
  status.message = text(response.get(), "printer-state-message");
  status.accepting =
      ippGetBoolean(ippFindAttribute(response.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN),
                    0) != 0;
  return status;
}

struct JobStatus {
  int state = 0;  // 3 pending .. 9 completed
  std::vector<std::string> reasons;
  std::string message;
};

std::expected<JobStatus, PrintError> query_job(const Connection& connection, const std::string& uri,
                                               int job_id) {
  ipp_t* request = new_request(IPP_OP_GET_JOB_ATTRIBUTES, uri);
  ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  add_requested(request, {"job-state", "job-state-reasons", "job-state-message"});
  const IppMessage response = connection.request(request);
  if (!response) {
    return std::unexpected(
        last_cups_error(connection, "status of job " + std::to_string(job_id) + " at " + uri));
  }
  JobStatus job;
  job.state = ippGetInteger(ippFindAttribute(response.get(), "job-state", IPP_TAG_ENUM), 0);
  job.reasons = keywords(response.get(), "job-state-reasons", false);
  job.message = text(response.get(), "job-state-message");
  return job;
}

// What stops the printer, from its state and reasons; nullopt when nothing does.
std::optional<Kind> blocking_condition(const PrinterStatus& s) {
  if (s.has_reason("media-jam")) return Kind::MediaJam;
  if (s.has_reason("media-empty") || s.has_reason("media-needed")) return Kind::MediaEmpty;
  static constexpr std::array<std::string_view, 13> kStopping = {"cover-open",
                                                                 "door-open",
                                                                 "interlock-open",
                                                                 "input-tray-missing",
                                                                 "output-area-full",
                                                                 "toner-empty",
                                                                 "marker-supply-empty",
                                                                 "marker-waste-full",
                                                                 "paused",
                                                                 "offline",
                                                                 "shutdown",
                                                                 "spool-area-full",
                                                                 "moving-to-paused"};
  if (std::ranges::any_of(kStopping, [&](std::string_view r) { return s.has_reason(r); })) {
    return Kind::PrinterStopped;
  }
  if (s.state == IPP_PSTATE_STOPPED) return Kind::PrinterStopped;
  return std::nullopt;
}

bool rejected_document(const JobStatus& job) {
  static constexpr std::array<std::string_view, 5> kDocumentReasons = {
      "document-format-error", "document-unprintable-error", "unsupported-document-format",
      "document-access-error", "unsupported-compression"};
  return std::ranges::any_of(job.reasons, [](const std::string& r) {
    return std::ranges::find(kDocumentReasons, r) != kDocumentReasons.end();
  });
}

std::string describe(const JobStatus& job, int job_id) {
  std::string out = "job " + std::to_string(job_id) + " " + ippEnumString("job-state", job.state) +
                    " (" + join(job.reasons);
  if (!job.message.empty()) out += ", \"" + job.message + "\"";
  return out + ")";
}

}  // namespace

bool PrinterStatus::has_reason(std::string_view reason) const {
  return std::ranges::find(reasons, reason) != reasons.end();
}

std::string strip_reason_suffix(std::string_view reason) {
  for (const std::string_view suffix : {"-report", "-warning", "-error"}) {
    if (reason.size() > suffix.size() && reason.ends_with(suffix)) {
      reason.remove_suffix(suffix.size());
      break;
    }
  }
  return std::string(reason);
}

IppPrinter::IppPrinter(std::string uri, IppOptions options)
    : uri_(std::move(uri)), options_(options) {
  options_.poll_interval = std::max(options_.poll_interval, std::chrono::milliseconds(10));
  options_.connect_timeout = std::max(options_.connect_timeout, std::chrono::milliseconds(100));
}

std::expected<PrinterStatus, PrintError> IppPrinter::status() {
  auto connection = Connection::open(uri_, options_.connect_timeout);
  if (!connection) return std::unexpected(connection.error());
  return query_printer(*connection, uri_);
}

std::expected<int, PrintError> IppPrinter::submit(std::string_view pdf,
                                                  const std::string& job_name) {
  if (!pdf.starts_with("%PDF-")) {
    return std::unexpected(PrintError{Kind::Pdf, "refusing to send something that is not a PDF"});
  }
  auto connection = Connection::open(uri_, options_.connect_timeout);
  if (!connection) return std::unexpected(connection.error());
  cups_dinfo_t* info = connection->info();
  if (info == nullptr) {
    return std::unexpected(last_cups_error(*connection, "capabilities of " + uri_));
  }

  // A printer handles one job at a time and answers server-error-busy meanwhile: retry.
  const auto busy_deadline = Clock::now() + options_.busy_retry;
  int job_id = 0;
  while (true) {
    const ipp_status_t created = cupsCreateDestJob(connection->http(), connection->dest(), info,
                                                   &job_id, job_name.c_str(), 0, nullptr);
    if (created <= IPP_STATUS_OK_EVENTS_COMPLETE && job_id > 0) break;
    if (created == IPP_STATUS_ERROR_BUSY && Clock::now() < busy_deadline) {
      std::this_thread::sleep_for(options_.poll_interval);
      continue;
    }
    PrintError error = last_cups_error(*connection, "creating a job at " + uri_);
    if (created == IPP_STATUS_ERROR_BUSY) {
      // Busy with a job that is stuck? Then say what it is stuck on (no paper, a jam).
      error.message = "the printer at " + uri_ + " stayed busy for " +
                      std::to_string(options_.busy_retry.count()) + " ms";
      if (const auto printer = query_printer(*connection, uri_)) {
        error.message += "; " + describe(*printer);
        if (const auto condition = blocking_condition(*printer)) error.kind = *condition;
      }
    }
    return std::unexpected(error);
  }

  const auto cancel_job = [&] {
    cupsCancelDestJob(connection->http(), connection->dest(), job_id);
  };
  if (cupsStartDestDocument(connection->http(), connection->dest(), info, job_id, job_name.c_str(),
                            CUPS_FORMAT_PDF, 0, nullptr, 1) != HTTP_STATUS_CONTINUE) {
    PrintError error = last_cups_error(*connection, "sending the document to " + uri_);
    cancel_job();
    return std::unexpected(error);
  }
  for (std::size_t offset = 0; offset < pdf.size(); offset += kWriteChunk) {
    const std::size_t n = std::min(kWriteChunk, pdf.size() - offset);
    if (cupsWriteRequestData(connection->http(), pdf.data() + offset, n) != HTTP_STATUS_CONTINUE) {
      PrintError error = last_cups_error(*connection, "sending the document to " + uri_);
      error.kind = Kind::PrinterUnreachable;
      cancel_job();
      return std::unexpected(error);
    }
  }
  if (cupsFinishDestDocument(connection->http(), connection->dest(), info) >
      IPP_STATUS_OK_EVENTS_COMPLETE) {
    PrintError error = last_cups_error(*connection, "finishing the document at " + uri_);
    cancel_job();
    return std::unexpected(error);
  }
  return job_id;
}

std::expected<void, PrintError> IppPrinter::wait_for_completion(int job_id,
                                                                std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto connection = Connection::open(
      uri_, std::min(options_.connect_timeout, std::max(std::chrono::milliseconds(1000), timeout)));
  if (!connection) return std::unexpected(connection.error());

  while (true) {
    auto job = query_job(*connection, uri_, job_id);
    if (!job) return std::unexpected(job.error());
    if (job->state == kJobCompleted) return {};

    const bool finished = job->state == kJobAborted || job->state == kJobCanceled;
    const bool timed_out = Clock::now() >= deadline;
    if (finished || timed_out) {
      auto printer = query_printer(*connection, uri_);
      if (!printer) return std::unexpected(printer.error());
      const std::string detail = describe(*job, job_id) + "; " + describe(*printer);
      if (job->state == kJobCanceled) {
        return std::unexpected(
            PrintError{Kind::PrinterRejected, "canceled at the printer: " + detail});
      }
      if (finished && rejected_document(*job)) {
        return std::unexpected(PrintError{Kind::PrinterRejected, "document rejected: " + detail});
      }
      if (const auto condition = blocking_condition(*printer)) {
        return std::unexpected(PrintError{*condition, detail, !finished});
      }
      if (finished) return std::unexpected(PrintError{Kind::PrinterRejected, "aborted: " + detail});
      return std::unexpected(PrintError{
          Kind::Timeout,
          "not completed after " + std::to_string(timeout.count()) + " ms: " + detail, true});
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    std::this_thread::sleep_for(
        std::clamp(left, std::chrono::milliseconds(1), options_.poll_interval));
  }
}

}  // namespace madoguchi::printer
