// The translation table of `map` and `lookup`: keys (trimmed, and case-folded when the action
// ignores case) to a text or null. A value is looked up after the same trimming and folding.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace smart_rules::runtime {

class ValueTable {
 public:
  struct Entry {
    bool is_null = false;
    std::string_view value;  // owned by the table
  };

  explicit ValueTable(bool ignore_case) : ignore_case_(ignore_case) {}
  ValueTable(const ValueTable &) = delete;
  ValueTable &operator=(const ValueTable &) = delete;

  // Adds a pair; a key already present keeps its first value (later duplicates lose).
  void add(std::string_view key, std::optional<std::string_view> value);
  // The entry for `value` (trimmed and folded here, using `buffer`), or nullptr.
  const Entry *find(std::string_view value, std::string &buffer) const;
  bool ignore_case() const noexcept { return ignore_case_; }

 private:
  // The key as stored: trimmed, and folded when ignoring case (in `buffer`, or a view of `key`).
  std::string_view normalized(std::string_view key, std::string &buffer) const;

  bool ignore_case_;
  std::deque<std::string> storage_;  // stable addresses for the views below
  std::unordered_map<std::string_view, Entry> entries_;
};

}  // namespace smart_rules::runtime
