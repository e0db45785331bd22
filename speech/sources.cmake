# The sources of madoguchi_speech, in one list (as text/sources.cmake): speech/CMakeLists.txt
# builds the library from it.
set(MADOGUCHI_SPEECH_SOURCES
  japanese_numbers.cpp
  japanese_reading.cpp
  prepared_readings.cpp
  languages.cpp
  mecab_library.cpp
  recordings.cpp
  speaker.cpp
  spoken_guidance.cpp
  wav.cpp
)
