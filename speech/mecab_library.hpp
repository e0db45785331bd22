// Private to the speech module: MeCab's library, loaded the first time a word needs MeCab
// (dlopen), not with the program. Linked, libmecab costs every process 0.8 MB at start (its
// relocations and static set-up), though with prepared readings a visit in Japanese never asks
// it for a word (prepared_readings.hpp). Its C interface (mecab.h), looked up by name.
#pragma once

#include <mecab.h>

#include <expected>
#include <string>

namespace madoguchi::speech::detail {

struct MecabLibrary {
  decltype(&mecab_new) create = nullptr;
  decltype(&mecab_destroy) destroy = nullptr;
  decltype(&mecab_sparse_tonode2) parse = nullptr;
  decltype(&mecab_dictionary_info) dictionary_info = nullptr;
  decltype(&mecab_strerror) error = nullptr;  // error(nullptr): why mecab_new failed
};

// Debian's libmecab2.
inline constexpr const char* kMecabLibrary = "libmecab.so.2";

// The library, loaded on the first call and kept; why it cannot be, naming it.
std::expected<const MecabLibrary*, std::string> mecab_library();

}  // namespace madoguchi::speech::detail
