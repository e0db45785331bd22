# Source lists of the kiosk's libraries that tests/fuzz/CMakeLists.txt also compiles, so a new
# file cannot be missing from one of them:
#   MADOGUCHI_KIOSK_STAFF_FILE_SOURCES: reading the files the town's staff edit — the strict
#     settings reader, the volunteers' and staff's rosters and their codes' hashes, the language files (part of madoguchi_session);
#   MADOGUCHI_KIOSK_OFFICE_SOURCES: office.json (part of madoguchi_devices: it knows the
#     printer's slip papers).
set(MADOGUCHI_KIOSK_STAFF_FILE_SOURCES
  setup/settings_file.cpp
  setup/translations.cpp setup/sentences.cpp
  setup/roster.cpp
  setup/access_code.cpp
)
set(MADOGUCHI_KIOSK_OFFICE_SOURCES
  setup/office_settings.cpp
)
