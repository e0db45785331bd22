# The sources of madoguchi_submission, in lists: submission/CMakeLists.txt builds the library
# from them and tests/fuzz/CMakeLists.txt compiles the application part into the QR-scan
# fuzzer, so a new file cannot be missing from one of them.
#   MADOGUCHI_SUBMISSION_APPLICATION_SOURCES: the application record's pure helpers (ids, the
#     reception number in a scanned QR code); OpenSSL only.
set(MADOGUCHI_SUBMISSION_APPLICATION_SOURCES
  application.cpp
)
set(MADOGUCHI_SUBMISSION_SOURCES
  ${MADOGUCHI_SUBMISSION_APPLICATION_SOURCES}
  courier.cpp
  directory_inbox.cpp
  outbox.cpp
  outbox_key.cpp
  outbox_key_rotation.cpp
  outbox_schema.cpp
  postgres_inbox.cpp
  signature_check.cpp
)
