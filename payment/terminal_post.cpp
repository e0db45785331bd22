#include "madoguchi/payment/terminal_post.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace madoguchi::payment {

namespace {

constexpr std::size_t kMaxAnswerBytes = 1 << 20;  // a nexo answer is a few kilobytes

void initialise_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  std::string answer;
  bool too_long = false;
  const PostControl* control = nullptr;
  bool sent = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer.answer.size() + bytes > kMaxAnswerBytes) {
    transfer.too_long = true;
    return 0;  // ends the transfer
  }
  transfer.answer.append(data, bytes);
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t upload_total, curl_off_t uploaded) {
  auto& transfer = *static_cast<Transfer*>(user);
  if (!transfer.sent && upload_total > 0 && uploaded == upload_total) {
    transfer.sent = true;
    if (transfer.control->on_sent) transfer.control->on_sent();
  }
  return transfer.control->stop != nullptr && transfer.control->stop->load() ? 1 : 0;
}

// Whether the connection (and TLS, where used) was set up: only then can a request have left.
bool connection_made(CURL* curl, bool tls) {
  curl_off_t micros = 0;
  curl_easy_getinfo(curl, tls ? CURLINFO_APPCONNECT_TIME_T : CURLINFO_CONNECT_TIME_T, &micros);
  return micros > 0;
}

PostFailure failure(PostFailure::Kind kind, bool may_have_arrived, std::string detail) {
  return PostFailure{kind, may_have_arrived, std::move(detail)};
}

bool is_tls_refusal(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string terminal_certificate_name(std::string_view poi_id, bool live) {
  return std::string(poi_id) + (live ? ".live" : ".test") + ".terminal.adyen.com";
}

std::string_view to_string(PostFailure::Kind kind) {
  switch (kind) {
    case PostFailure::Kind::NotConnected:
      return "not connected";
    case PostFailure::Kind::Refused:
      return "refused";
    case PostFailure::Kind::Lost:
      return "lost";
    case PostFailure::Kind::NoAnswer:
      return "no answer";
    case PostFailure::Kind::Stopped:
      return "stopped";
    case PostFailure::Kind::HttpError:
      return "HTTP error";
  }
  return "?";
}

std::expected<std::string, PostFailure> post_to_terminal(const TerminalAddress& address,
                                                         std::string_view path,
                                                         std::string_view body,
                                                         std::chrono::milliseconds connect_timeout,
                                                         std::chrono::milliseconds timeout,
                                                         const PostControl& control) {
  initialise_curl_once();
  const bool tls = !address.plain_http_for_tests;
  if (tls && (address.certificate_name.empty() || address.root_certificate.empty())) {
    return std::unexpected(failure(PostFailure::Kind::Refused, false,
                                   "no terminal root or certificate name configured"));
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return std::unexpected(failure(PostFailure::Kind::NotConnected, false, "no libcurl"));
  CURL* c = curl.get();
  const std::string port = std::to_string(address.port);
  // The URL names the terminal as its certificate does; CONNECT_TO sends the connection to
  // where it really is, so that curl checks the certificate against that name.
  const std::string url_host = tls ? address.certificate_name : address.host;
  const bool bracket = url_host.find(':') != std::string::npos;
  const std::string url = std::string(tls ? "https://" : "http://") + (bracket ? "[" : "") +
                          url_host + (bracket ? "]" : "") + ":" + port + std::string(path);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> connect_to(nullptr,
                                                                         curl_slist_free_all);
  if (tls) {
    const bool host_bracket = address.host.find(':') != std::string::npos;
    const std::string target = address.certificate_name + ":" + port + ":" +
                               (host_bracket ? "[" + address.host + "]" : address.host) + ":" +
                               port;
    connect_to.reset(curl_slist_append(nullptr, target.c_str()));
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, "Content-Type: application/json"), curl_slist_free_all);
  headers.reset(curl_slist_append(headers.release(), "Expect:"));

  Transfer transfer;
  transfer.control = &control;
  const std::string root = address.root_certificate.string();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, tls ? "https" : "http");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never through a proxy from the environment
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &transfer);
  if (tls) {
    curl_easy_setopt(c, CURLOPT_CONNECT_TO, connect_to.get());
    curl_easy_setopt(c, CURLOPT_CAINFO, root.c_str());
    curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);  // the terminal root alone, not the system's
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
  }
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);

  const CURLcode code = curl_easy_perform(c);
  const bool connected = connection_made(c, tls);
  const std::string detail = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
      return std::unexpected(failure(PostFailure::Kind::HttpError, true,
                                     "the terminal answered HTTP " + std::to_string(status)));
    }
    return std::move(transfer.answer);
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    return std::unexpected(failure(PostFailure::Kind::Stopped, connected, "stopped by the kiosk"));
  }
  if (is_tls_refusal(code)) {
    return std::unexpected(
        failure(PostFailure::Kind::Refused, false, "the terminal's TLS was refused: " + detail));
  }
  if (!connected) {
    return std::unexpected(failure(PostFailure::Kind::NotConnected, false, detail));
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return std::unexpected(failure(PostFailure::Kind::NoAnswer, true, detail));
  }
  if (transfer.too_long) {
    return std::unexpected(failure(PostFailure::Kind::Lost, true, "answer longer than 1 MB"));
  }
  return std::unexpected(failure(PostFailure::Kind::Lost, true, detail));
}

}  // namespace madoguchi::payment
