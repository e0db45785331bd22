# The sources of madoguchi_payment, in lists: payment/CMakeLists.txt builds the library from
# them and tests/fuzz/CMakeLists.txt compiles the message part into the nexo-response fuzzer,
# so a new file cannot be missing from one of them.
#   MADOGUCHI_PAYMENT_MESSAGE_SOURCES: nexo messages built and read, pure (nlohmann/json only).
#   MADOGUCHI_PAYMENT_SECURITY_SOURCES: nexo message security (OpenSSL, wiping).
set(MADOGUCHI_PAYMENT_MESSAGE_SOURCES
  base64.cpp
  nexo_messages.cpp
  payment_terminal.cpp
)
set(MADOGUCHI_PAYMENT_SECURITY_SOURCES
  nexo_security.cpp
)
set(MADOGUCHI_PAYMENT_SOURCES
  ${MADOGUCHI_PAYMENT_MESSAGE_SOURCES}
  ${MADOGUCHI_PAYMENT_SECURITY_SOURCES}
  journal.cpp
  nexo_key_file.cpp
  nexo_terminal.cpp
  payment_desk.cpp
  payment_notice.cpp
  terminal_post.cpp
)
