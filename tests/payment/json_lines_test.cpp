// Framing: one JSON message per line.
#include "madoguchi/payment/json_lines.hpp"

#include <gtest/gtest.h>

namespace madoguchi::payment {
namespace {

TEST(LineBuffer, SplitsLinesAcrossChunks) {
  LineBuffer buffer;
  buffer.append("{\"a\":");
  EXPECT_FALSE(buffer.next_line().has_value());
  EXPECT_TRUE(buffer.has_partial_line());
  buffer.append("1}\n{\"b\":2}\r\n{\"c\"");
  EXPECT_EQ(buffer.next_line(), "{\"a\":1}");
  EXPECT_EQ(buffer.next_line(), "{\"b\":2}");
  EXPECT_FALSE(buffer.next_line().has_value());
  buffer.append(":3}\n");
  EXPECT_EQ(buffer.next_line(), "{\"c\":3}");
  EXPECT_FALSE(buffer.has_partial_line());
}

TEST(LineBuffer, NoticesAMessageThatNeverEnds) {
  LineBuffer buffer;
  buffer.append(std::string(kMaxMessageBytes, 'x'));
  EXPECT_FALSE(buffer.overflowed());
  buffer.append("xx");
  EXPECT_TRUE(buffer.overflowed());
}

TEST(LineSocket, RefusedConnectionIsAnErrorValue) {
  // Port 1 on loopback: nothing listens there in a test environment.
  const auto socket = LineSocket::connect("127.0.0.1", 1, std::chrono::milliseconds(500));
  ASSERT_FALSE(socket.has_value());
  EXPECT_NE(socket.error().find("127.0.0.1:1"), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::payment
