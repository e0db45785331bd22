# The sources of madoguchi_forms, in one list: forms/CMakeLists.txt builds the library
# from it and tests/fuzz/CMakeLists.txt compiles the same files into the fuzzer, so a new
# file cannot be missing from one of them.
set(MADOGUCHI_FORMS_SOURCES
  answers.cpp
  bindings.cpp
  catalog_lint.cpp
  built_in_messages.cpp
  fee_reader.cpp
  fill_form.cpp
  json_reader.cpp
  languages.cpp
  layout_loader.cpp
  listing.cpp
  offer_reader.cpp
  offers.cpp
  office_fit.cpp
  procedure_loader.cpp
  question_reader.cpp
  resident.cpp
  staff_files.cpp
  text_fit.cpp
  values.cpp
  visit.cpp
)
