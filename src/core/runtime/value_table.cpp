// The map/lookup translation table (see value_table.hpp).
#include "runtime/value_table.hpp"

#include "text/transforms.hpp"

namespace smart_rules::runtime {

std::string_view ValueTable::normalized(std::string_view key, std::string &buffer) const {
  key = text::trimmed(key);
  if (!ignore_case_) return key;
  buffer.clear();
  text::append_case_folded(key, buffer);
  return buffer;
}

void ValueTable::add(std::string_view key, std::optional<std::string_view> value) {
  std::string folded;
  const std::string_view normal = normalized(key, folded);
  if (entries_.find(normal) != entries_.end()) return;
  const std::string &stored_key = storage_.emplace_back(normal);
  Entry entry;
  entry.is_null = !value.has_value();
  if (value) entry.value = storage_.emplace_back(*value);
  entries_.emplace(stored_key, entry);
}

const ValueTable::Entry *ValueTable::find(std::string_view value, std::string &buffer) const {
  const auto found = entries_.find(normalized(value, buffer));
  return found == entries_.end() ? nullptr : &found->second;
}

}  // namespace smart_rules::runtime
