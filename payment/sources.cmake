# The sources of madoguchi_payment, in lists: payment/CMakeLists.txt builds the library from
# them and tests/fuzz/CMakeLists.txt compiles the message part into the nexo-response fuzzer,
# so a new file cannot be missing from one of them.
#   MADOGUCHI_PAYMENT_MESSAGE_SOURCES: nexo messages built and read, pure (nlohmann/json only).
set(MADOGUCHI_PAYMENT_MESSAGE_SOURCES
  nexo_messages.cpp
  payment_terminal.cpp
)
set(MADOGUCHI_PAYMENT_SOURCES
  ${MADOGUCHI_PAYMENT_MESSAGE_SOURCES}
  journal.cpp
  json_lines.cpp
  nexo_terminal.cpp
  payment_desk.cpp
  payment_notice.cpp
)
