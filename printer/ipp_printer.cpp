#include "madoguchi/printer/ipp_printer.hpp"

#include <cups/cups.h>

#include "ipp_answers.hpp"
#include "job_report.hpp"
#include "request_deadline.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "printer_certificate.hpp"

namespace madoguchi::printer {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = PrintError::Kind;
using IppMessage = std::unique_ptr<ipp_t, decltype(&ippDelete)>;
using detail::blocking_condition;
using detail::describe;
using detail::error_for;
using detail::kind_of;
using detail::rejected_document;

constexpr int kJobCompleted = IPP_JSTATE_COMPLETED;
constexpr int kJobCanceled = IPP_JSTATE_CANCELED;
constexpr int kJobAborted = IPP_JSTATE_ABORTED;
constexpr std::size_t kWriteChunk = 64 * 1024;

// The open connection to the printer and the destination it was made for.
class Connection {
 public:
  static std::expected<Connection, PrintError> open(const std::string& uri,
                                                    std::chrono::milliseconds timeout,
                                                    const std::filesystem::path& pins) {
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
    // ipps://: the printer is the one whose certificate was pinned on first use.
    if (uri.starts_with("ipps:")) {
      if (auto trusted = check_printer_certificate(c.http_, uri, pins); !trusted) {
        return std::unexpected(trusted.error());
      }
    }
    // Bound every wait for data: a printer that accepts the connection and then stays silent
    // must not hang the kiosk. With no callback, a timeout fails the request. A printer that
    // answers, but a byte at a time, is bounded by deadline() instead.
    httpSetTimeout(c.http_, static_cast<double>(timeout.count()) / 1000.0, nullptr, nullptr);
    c.limit_ = timeout;
    return c;
  }

  Connection() = default;
  Connection(Connection&& o) noexcept
      : dest_(std::exchange(o.dest_, nullptr)),
        http_(std::exchange(o.http_, nullptr)),
        info_(std::exchange(o.info_, nullptr)),
        resource_(std::move(o.resource_)),
        limit_(o.limit_),
        expired_(std::move(o.expired_)) {}
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
    if (info_ == nullptr) {
      const auto bound = deadline();
      info_ = cupsCopyDestInfo(http_, dest_);
    }
    return info_;
  }

  // Bounds one exchange with the printer (a request and its whole answer) by the connection's
  // limit, plus `extra` (for a document on its way); once it has passed, this connection is
  // shut and timed_out() says so.
  [[nodiscard]] detail::RequestDeadline deadline(
      std::chrono::milliseconds extra = std::chrono::milliseconds(0)) const {
    return detail::RequestDeadline(httpGetFd(http_), limit_ + extra, *expired_);
  }
  bool timed_out() const { return expired_ && *expired_; }
  std::chrono::milliseconds limit() const { return limit_; }

  // Sends a request; the response, or nullptr with cupsLastError() set.
  IppMessage request(ipp_t* request) const {
    const auto bound = deadline();
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
  std::chrono::milliseconds limit_{5000};
  // Set by a RequestDeadline that ran out; on the heap so that a Connection can move.
  std::unique_ptr<std::atomic<bool>> expired_ = std::make_unique<std::atomic<bool>>(false);
};

// An error from the last libcups call, classified: transport failures mean the printer is not
// reachable, anything the printer answered with means it rejected the request.
PrintError last_cups_error(const Connection& connection, const std::string& what) {
  if (connection.timed_out()) {
    // Whatever libcups made of its shut socket, the cause is the printer's slowness.
    return PrintError{Kind::PrinterUnreachable, what + ": no complete answer within " +
                                                    std::to_string(connection.limit().count()) +
                                                    " ms (the printer answers too slowly)"};
  }
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

std::expected<PrinterStatus, PrintError> query_printer(const Connection& connection,
                                                       const std::string& uri) {
  ipp_t* request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, uri);
  add_requested(request, {"printer-state", "printer-state-reasons", "printer-state-message",
                          "printer-is-accepting-jobs"});
  const IppMessage response = connection.request(request);
  if (!response) return std::unexpected(last_cups_error(connection, "printer status of " + uri));
  return detail::printer_status_from(response.get());
}

std::expected<JobStatus, PrintError> query_job(const Connection& connection, const std::string& uri,
                                               int job_id) {
  ipp_t* request = new_request(IPP_OP_GET_JOB_ATTRIBUTES, uri);
  ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  add_requested(request,
                {"job-id", "job-name", "job-state", "job-state-reasons", "job-state-message"});
  const IppMessage response = connection.request(request);
  if (!response) {
    return std::unexpected(
        last_cups_error(connection, "status of job " + std::to_string(job_id) + " at " + uri));
  }
  return detail::job_status_from(response.get(), job_id);
}

}  // namespace

bool valid_document_key(std::string_view key) {
  return !key.empty() && key.size() <= 200 && std::ranges::all_of(key, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

IppPrinter::IppPrinter(std::string uri, IppOptions options)
    : uri_(std::move(uri)), options_(options) {
  options_.poll_interval = std::max(options_.poll_interval, std::chrono::milliseconds(10));
  options_.connect_timeout = std::max(options_.connect_timeout, std::chrono::milliseconds(100));
}

std::expected<PrinterStatus, PrintError> IppPrinter::status() {
  auto connection = Connection::open(uri_, options_.connect_timeout, options_.certificate_pins);
  if (!connection) return std::unexpected(connection.error());
  return query_printer(*connection, uri_);
}

std::expected<int, PrintError> IppPrinter::submit(std::string_view pdf,
                                                  const std::string& job_name) {
  return create_and_send(pdf, job_name, {}, options_.busy_retry);
}

std::expected<int, PrintError> IppPrinter::create_and_send(
    std::string_view pdf, const std::string& job_name, const std::function<void(int)>& on_created,
    std::chrono::milliseconds busy_retry) {
  if (!pdf.starts_with("%PDF-")) {
    return std::unexpected(PrintError{Kind::Pdf, "refusing to send something that is not a PDF"});
  }
  auto connection = Connection::open(uri_, options_.connect_timeout, options_.certificate_pins);
  if (!connection) return std::unexpected(connection.error());
  cups_dinfo_t* info = connection->info();
  if (info == nullptr) {
    return std::unexpected(last_cups_error(*connection, "capabilities of " + uri_));
  }

  // A printer handles one job at a time and answers server-error-busy meanwhile: retry.
  const auto busy_deadline = Clock::now() + busy_retry;
  int job_id = 0;
  while (true) {
    ipp_status_t created{};
    {
      const auto bound = connection->deadline();
      created = cupsCreateDestJob(connection->http(), connection->dest(), info, &job_id,
                                  job_name.c_str(), 0, nullptr);
    }
    if (created <= IPP_STATUS_OK_EVENTS_COMPLETE && job_id > 0) break;
    if (created == IPP_STATUS_ERROR_BUSY && Clock::now() < busy_deadline) {
      std::this_thread::sleep_for(options_.poll_interval);
      continue;
    }
    PrintError error = last_cups_error(*connection, "creating a job at " + uri_);
    if (created == IPP_STATUS_ERROR_BUSY) {
      // Busy with a job that is stuck? Then say what it is stuck on (no paper, a jam).
      error.message = "the printer at " + uri_ + " stayed busy for " +
                      std::to_string(busy_retry.count()) + " ms";
      error.reason = "server-error-busy";
      if (const auto printer = query_printer(*connection, uri_)) {
        error.message += "; " + describe(*printer);
        if (const auto condition = blocking_condition(*printer)) {
          error.kind = kind_of(*condition);
          error.reason = condition->reason;
        }
      }
    }
    return std::unexpected(error);
  }

  if (on_created) on_created(job_id);
  // Sends the document; the error, if any. The document as a whole is bounded by the
  // connection's limit and a second more per 100 kB.
  const auto send_document = [&]() -> std::optional<PrintError> {
    const auto bound =
        connection->deadline(std::chrono::milliseconds(static_cast<long long>(pdf.size() / 100)));
    if (cupsStartDestDocument(connection->http(), connection->dest(), info, job_id,
                              job_name.c_str(), CUPS_FORMAT_PDF, 0, nullptr,
                              1) != HTTP_STATUS_CONTINUE) {
      return last_cups_error(*connection, "sending the document to " + uri_);
    }
    for (std::size_t offset = 0; offset < pdf.size(); offset += kWriteChunk) {
      const std::size_t n = std::min(kWriteChunk, pdf.size() - offset);
      if (cupsWriteRequestData(connection->http(), pdf.data() + offset, n) !=
          HTTP_STATUS_CONTINUE) {
        PrintError error = last_cups_error(*connection, "sending the document to " + uri_);
        error.kind = Kind::PrinterUnreachable;
        return error;
      }
    }
    if (cupsFinishDestDocument(connection->http(), connection->dest(), info) >
        IPP_STATUS_OK_EVENTS_COMPLETE) {
      return last_cups_error(*connection, "finishing the document at " + uri_);
    }
    return std::nullopt;
  };
  if (auto error = send_document()) {
    // On the same connection, when it still works (a refused document); a printer that ran out
    // of time has a job without its document, which print() cancels once it answers again.
    if (!connection->timed_out()) {
      const auto bound = connection->deadline();
      cupsCancelDestJob(connection->http(), connection->dest(), job_id);
    }
    return std::unexpected(*error);
  }
  return job_id;
}

std::expected<void, PrintError> IppPrinter::wait_for_completion(int job_id,
                                                                std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto connection = Connection::open(
      uri_, std::min(options_.connect_timeout, std::max(std::chrono::milliseconds(1000), timeout)),
      options_.certificate_pins);
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
        return std::unexpected(PrintError{Kind::PrinterRejected,
                                          "canceled at the printer: " + detail, false,
                                          "job-canceled-at-device"});
      }
      if (const std::string rejected = rejected_document(*job); finished && !rejected.empty()) {
        return std::unexpected(
            PrintError{Kind::PrinterRejected, "document rejected: " + detail, false, rejected});
      }
      if (const auto condition = blocking_condition(*printer)) {
        return std::unexpected(error_for(*condition, detail, !finished));
      }
      if (finished) {
        return std::unexpected(
            PrintError{Kind::PrinterRejected, "aborted: " + detail, false, "aborted-by-system"});
      }
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

std::expected<JobStatus, PrintError> IppPrinter::job(int job_id) {
  auto connection = Connection::open(uri_, options_.connect_timeout, options_.certificate_pins);
  if (!connection) return std::unexpected(connection.error());
  return query_job(*connection, uri_, job_id);
}

std::expected<std::vector<JobStatus>, PrintError> IppPrinter::jobs_named(
    const std::string& job_name) {
  auto connection = Connection::open(uri_, options_.connect_timeout, options_.certificate_pins);
  if (!connection) return std::unexpected(connection.error());
  ipp_t* request = new_request(IPP_OP_GET_JOBS, uri_);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr, "all");
  add_requested(request,
                {"job-id", "job-name", "job-state", "job-state-reasons", "job-state-message"});
  const IppMessage response = connection->request(request);
  if (!response) return std::unexpected(last_cups_error(*connection, "jobs at " + uri_));

  return detail::jobs_named_from(response.get(), job_name);
}

std::expected<void, PrintError> IppPrinter::cancel(int job_id) {
  auto connection = Connection::open(uri_, options_.connect_timeout, options_.certificate_pins);
  if (!connection) return std::unexpected(connection.error());
  ipp_status_t canceled{};
  {
    const auto bound = connection->deadline();
    canceled = cupsCancelDestJob(connection->http(), connection->dest(), job_id);
  }
  if (canceled > IPP_STATUS_OK_EVENTS_COMPLETE) {
    return std::unexpected(
        last_cups_error(*connection, "canceling job " + std::to_string(job_id) + " at " + uri_));
  }
  return {};
}

const char* to_string(Withdrawal::Result result) {
  switch (result) {
    case Withdrawal::Result::NotPrinted:
      return "not-printed";
    case Withdrawal::Result::Printed:
      return "printed";
    case Withdrawal::Result::MayStillPrint:
      return "may-still-print";
  }
  return "unknown";
}

Withdrawal IppPrinter::withdraw(const std::string& document_key, int previous_job_id,
                                std::chrono::milliseconds confirm_within) {
  Withdrawal out;
  if (!valid_document_key(document_key)) {
    out.result = Withdrawal::Result::NotPrinted;  // print() never sends such a key
    out.detail = "not a document key";
    return out;
  }
  const auto deadline = Clock::now() + confirm_within;
  std::vector<int> asked;  // jobs Cancel-Job was sent for
  while (true) {
    auto found = jobs_named(document_key);
    if (found && previous_job_id > 0 &&
        std::ranges::none_of(*found, [&](const JobStatus& j) { return j.id == previous_job_id; })) {
      if (auto previous = job(previous_job_id); previous && previous->name == document_key) {
        found->push_back(*previous);
      }
    }
    if (found) {
      if (const auto printed = std::ranges::find_if(*found, &JobStatus::completed);
          printed != found->end()) {
        out.result = Withdrawal::Result::Printed;
        out.job_id = printed->id;
        out.detail = "job " + std::to_string(printed->id) + " had completed";
        return out;
      }
      const auto waiting =
          std::ranges::find_if(*found, [](const JobStatus& j) { return !j.finished(); });
      if (waiting == found->end()) {
        out.result = Withdrawal::Result::NotPrinted;
        out.job_id = 0;
        out.detail = found->empty() ? "the printer has no job of it"
                                    : std::to_string(found->size()) + " job(s), none printed";
        return out;
      }
      out.job_id = waiting->id;
      out.detail = "job " + std::to_string(waiting->id) + " state " +
                   std::to_string(waiting->state) + " not finished";
      for (const JobStatus& j : *found) {
        if (j.finished() || std::ranges::find(asked, j.id) != asked.end()) continue;
        if (auto canceled = cancel(j.id); canceled) {
          asked.push_back(j.id);
        } else {
          out.detail = canceled.error().message;
        }
      }
    } else {
      out.detail = found.error().message;
    }
    if (Clock::now() >= deadline) {
      out.result = Withdrawal::Result::MayStillPrint;
      return out;
    }
    std::this_thread::sleep_for(options_.poll_interval);
  }
}

}  // namespace madoguchi::printer
