#include "mecab_library.hpp"

#include <dlfcn.h>

#include <type_traits>

namespace madoguchi::speech::detail {

std::expected<const MecabLibrary*, std::string> mecab_library() {
  static const std::expected<MecabLibrary, std::string> loaded =
      []() -> std::expected<MecabLibrary, std::string> {
    void* handle = ::dlopen(kMecabLibrary, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      return std::unexpected(std::string(kMecabLibrary) + " cannot be loaded (" +
                             (why != nullptr ? why : "no reason given") + ")");
    }
    MecabLibrary library;
    std::string missing;
    const auto look_up = [&](auto& function, const char* name) {
      function =
          reinterpret_cast<std::remove_reference_t<decltype(function)>>(::dlsym(handle, name));
      if (function == nullptr) missing += std::string(missing.empty() ? "" : ", ") + name;
    };
    look_up(library.create, "mecab_new");
    look_up(library.destroy, "mecab_destroy");
    look_up(library.parse, "mecab_sparse_tonode2");
    look_up(library.dictionary_info, "mecab_dictionary_info");
    look_up(library.error, "mecab_strerror");
    if (!missing.empty()) {
      return std::unexpected(std::string(kMecabLibrary) + " lacks " + missing);
    }
    return library;  // the handle stays open for the life of the process
  }();
  if (!loaded) return std::unexpected(loaded.error());
  return &*loaded;
}

}  // namespace madoguchi::speech::detail
