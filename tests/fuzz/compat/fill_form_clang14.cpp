// forms/fill_form.cpp for clang 14 (fuzz build only).
//
// fill_form.cpp builds its std::visit visitor as `Overloaded{lambda, lambda, …}`, which relies
// on class template argument deduction for aggregates (P1816, C++20). Clang implements that
// only from version 17, so clang 14 says "no viable constructor or deduction guide for
// deduction of template arguments of 'Overloaded'". tests/fuzz/CMakeLists.txt compiles this
// file instead of forms/fill_form.cpp when a probe shows the compiler lacks it: it declares
// the class template and the deduction guide C++17 code would write, in the same (unnamed)
// namespace, and then includes the real source unchanged, whose definition completes the
// declaration. With a newer clang the real file is compiled directly and this one is unused.
namespace madoguchi::forms {
namespace {
template <typename... Visitors>
struct Overloaded;
template <typename... Visitors>
Overloaded(Visitors...) -> Overloaded<Visitors...>;
}  // namespace
}  // namespace madoguchi::forms

#include "../../../forms/fill_form.cpp"  // NOLINT(bugprone-suspicious-include)
