# The sources of madoguchi_text, in one list: text/CMakeLists.txt builds the library from it
# and tests/fuzz/CMakeLists.txt compiles the same files into the fuzzers whose code reads
# text (the card's fields, the procedure files), so a new file cannot be missing from one.
set(MADOGUCHI_TEXT_SOURCES
  japanese_date.cpp
  kana.cpp
  line_break.cpp
  ruby.cpp
  utf8.cpp
)
