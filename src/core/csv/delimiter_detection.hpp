// Detecting the delimiter of a CSV document among ',', ';' and tab.
#pragma once

#include <cstddef>
#include <string_view>

#include "csv/header_matching.hpp"

namespace smart_rules::csv {

// How many records (from the header on, when the header line is given) are sampled.
constexpr std::size_t kDelimiterSampleRecords = 20;

// The delimiter that splits the first records of `text` most consistently. Each candidate
// parses a sample of records (respecting its quotes; a malformed record ends the sample) and
// takes a reference field count: the header row's (the record at `header_line` when given, else
// the record detect_header_record picks if some cell names a field), otherwise the most frequent
// count. Its score is the number of sampled records with the reference count, 0 when that count
// is below 2. The best score wins; ties go to the candidate whose header names more fields, then
// to the first of ',', ';', tab. With no score above 0 (a one-column file) the answer is ','.
char detect_delimiter(std::string_view text, std::size_t header_line, const AliasTable &aliases);

}  // namespace smart_rules::csv
