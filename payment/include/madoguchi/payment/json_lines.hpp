// Framing of nexo messages on TCP: one JSON object per line, terminated by '\n' (JSON text never
// contains a raw newline once serialised compactly). Shared by the adapter and the simulator.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::payment {

// Longest message either side accepts; a peer sending more without a newline is cut off.
inline constexpr std::size_t kMaxMessageBytes = 1024 * 1024;

// Splits a byte stream into lines.
class LineBuffer {
 public:
  void append(std::string_view bytes);
  // The next complete line, without its "\n" (and without a trailing "\r").
  std::optional<std::string> next_line();
  // True when an unfinished line has grown beyond kMaxMessageBytes.
  bool overflowed() const;
  // True when bytes of an unfinished line are waiting (a message cut short if the peer closes).
  bool has_partial_line() const { return !buffer_.empty(); }

 private:
  std::string buffer_;
  std::size_t scanned_ = 0;  // bytes of buffer_ known to hold no '\n'
};

// A connected TCP socket that sends and receives lines. Sending and receiving may happen on
// different threads; shutdown() wakes a thread blocked in read_line().
class LineSocket {
 public:
  enum class ReadStatus { Line, Closed, Truncated, Timeout, Error };

  static std::expected<LineSocket, std::string> connect(const std::string& host, int port,
                                                        std::chrono::milliseconds timeout);
  explicit LineSocket(int fd) : fd_(fd) {}
  LineSocket() = default;
  ~LineSocket();
  LineSocket(const LineSocket&) = delete;
  LineSocket& operator=(const LineSocket&) = delete;
  LineSocket(LineSocket&& other) noexcept;
  LineSocket& operator=(LineSocket&& other) noexcept;

  bool is_open() const { return fd_ >= 0; }
  // Writes `line` and a '\n'. False when the connection is gone.
  bool send_line(std::string_view line);
  // Waits for the next line; no timeout means wait until a line, the end or shutdown().
  // Closed: the peer closed cleanly; Truncated: it closed in the middle of a message.
  ReadStatus read_line(std::string& line,
                       std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  void shutdown();
  void close();

 private:
  int fd_ = -1;
  LineBuffer buffer_;
};

}  // namespace madoguchi::payment
