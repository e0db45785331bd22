#include "madoguchi/payment/json_lines.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace madoguchi::payment {

void LineBuffer::append(std::string_view bytes) { buffer_.append(bytes); }

std::optional<std::string> LineBuffer::next_line() {
  const auto newline = buffer_.find('\n', scanned_);
  if (newline == std::string::npos) {
    scanned_ = buffer_.size();
    return std::nullopt;
  }
  std::string line = buffer_.substr(0, newline);
  buffer_.erase(0, newline + 1);
  scanned_ = 0;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool LineBuffer::overflowed() const {
  return buffer_.find('\n') == std::string::npos && buffer_.size() > kMaxMessageBytes;
}

namespace {

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// Connects one resolved address without blocking longer than the deadline.
int connect_one(const addrinfo& address, std::chrono::steady_clock::time_point deadline,
                std::string& error) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                          address.ai_protocol);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      error = std::strerror(errno);
      ::close(fd);
      return -1;
    }
    pollfd pfd{fd, POLLOUT, 0};
    const int ready = ::poll(&pfd, 1, remaining_ms(deadline));
    int so_error = 0;
    socklen_t len = sizeof so_error;
    if (ready <= 0) {
      error = ready == 0 ? "connection timed out" : std::strerror(errno);
      ::close(fd);
      return -1;
    }
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0 || so_error != 0) {
      error = std::strerror(so_error != 0 ? so_error : errno);
      ::close(fd);
      return -1;
    }
  }
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

std::expected<LineSocket, std::string> LineSocket::connect(const std::string& host, int port,
                                                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses); rc != 0) {
    return std::unexpected("cannot resolve " + host + ": " + ::gai_strerror(rc));
  }
  std::string error = "no address";
  int fd = -1;
  for (const addrinfo* a = addresses; a != nullptr && fd < 0; a = a->ai_next) {
    fd = connect_one(*a, deadline, error);
  }
  ::freeaddrinfo(addresses);
  if (fd < 0) return std::unexpected("cannot connect to " + host + ":" + service + ": " + error);
  return LineSocket(fd);
}

LineSocket::~LineSocket() { close(); }

LineSocket::LineSocket(LineSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

LineSocket& LineSocket::operator=(LineSocket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

bool LineSocket::send_line(std::string_view line) {
  if (fd_ < 0) return false;
  std::string framed(line);
  framed.push_back('\n');
  std::size_t sent = 0;
  while (sent < framed.size()) {
    const ssize_t n = ::send(fd_, framed.data() + sent, framed.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

LineSocket::ReadStatus LineSocket::read_line(std::string& line,
                                             std::optional<std::chrono::milliseconds> timeout) {
  if (fd_ < 0) return ReadStatus::Error;
  const auto deadline =
      std::chrono::steady_clock::now() + timeout.value_or(std::chrono::milliseconds(0));
  char chunk[16 * 1024];
  while (true) {
    if (auto next = buffer_.next_line()) {
      line = std::move(*next);
      return ReadStatus::Line;
    }
    if (buffer_.overflowed()) return ReadStatus::Error;
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, timeout ? remaining_ms(deadline) : -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return ReadStatus::Error;
    if (ready == 0) return ReadStatus::Timeout;
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return buffer_.has_partial_line() ? ReadStatus::Truncated : ReadStatus::Closed;
    if (n < 0) return ReadStatus::Error;
    buffer_.append(std::string_view(chunk, static_cast<std::size_t>(n)));
  }
}

void LineSocket::shutdown() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

void LineSocket::close() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

}  // namespace madoguchi::payment
