# The sources of madoguchi_printer, in lists: printer/CMakeLists.txt builds the library from
# them and tests/fuzz/CMakeLists.txt compiles the answer-reading part into the IPP-answer
# fuzzer, so a new file cannot be missing from one of them.
#   MADOGUCHI_PRINTER_ANSWER_SOURCES: what a printer's IPP answers and state reasons mean (typed
#     conditions), the names of the printer's error kinds, and the slip paper's name — no I/O,
#     no libharu, HarfBuzz or qrencode (libcups' ipp_t only).
set(MADOGUCHI_PRINTER_ANSWER_SOURCES
  ipp_answers.cpp
  print_error.cpp
  printer_condition.cpp
  slip_paper.cpp
)
set(MADOGUCHI_PRINTER_SOURCES
  ${MADOGUCHI_PRINTER_ANSWER_SOURCES}
  font_file.cpp
  ipp_printer.cpp
  job_report.cpp
  pdf_file.cpp
  page_geometry.cpp
  pdf_renderer.cpp
  print_document.cpp
  printer_certificate.cpp
  reception_slip.cpp
  request_deadline.cpp
  text_layout.cpp
)
