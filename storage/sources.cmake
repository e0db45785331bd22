# The sources of madoguchi_storage, in one list: storage/CMakeLists.txt builds the library from
# it (and a fuzzer that compiles a module's sources can take the same list).
set(MADOGUCHI_STORAGE_SOURCES
  durable_file.cpp
  private_file.cpp
  sqlite_statement.cpp
  sqlite_transaction.cpp
)
