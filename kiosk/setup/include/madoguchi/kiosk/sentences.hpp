// One language's sentences: each Japanese sentence of the kiosk's code with its translation,
// read once from the language file and kept all day. Both sides are packed into one string each,
// sorted by the Japanese: nine languages of some 250 sentences were 2,000 map nodes and 4,000
// strings of their own (0.5 MB), the Japanese copied into every language.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::kiosk {

class Sentences {
 public:
  struct Entry {
    std::string_view first;   // the Japanese sentence
    std::string_view second;  // its translation
  };

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Entry;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Entry;
    struct Arrow {
      Entry entry;
      const Entry* operator->() const { return &entry; }
    };
    const_iterator() = default;
    const_iterator(const Sentences* of, std::size_t at) : of_(of), at_(at) {}
    Entry operator*() const { return of_->entry(at_); }
    Arrow operator->() const { return {of_->entry(at_)}; }
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++at_;
      return before;
    }
    bool operator==(const const_iterator& other) const { return at_ == other.at_; }

   private:
    const Sentences* of_ = nullptr;
    std::size_t at_ = 0;
  };

  Sentences() = default;
  // Packs `sentences` (Japanese → translation).
  explicit Sentences(const std::map<std::string, std::string, std::less<>>& sentences);

  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  std::size_t size() const { return japanese_ends_.size(); }
  bool empty() const { return size() == 0; }
  const_iterator find(std::string_view japanese) const;

 private:
  Entry entry(std::size_t at) const;
  std::string japanese_, translated_;
  std::vector<std::uint32_t> japanese_ends_, translated_ends_;
};

}  // namespace madoguchi::kiosk
