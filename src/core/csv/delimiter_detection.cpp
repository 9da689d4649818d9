// Delimiter detection (see delimiter_detection.hpp).
#include "csv/delimiter_detection.hpp"

#include <utility>
#include <vector>

#include "csv/csv_reader.hpp"

namespace smart_rules::csv {

namespace {

constexpr char kCandidates[] = {',', ';', '\t'};

struct Score {
  std::size_t consistent = 0;      // sampled records with the reference field count
  std::size_t header_matches = 0;  // cells of the header row that name a field

  bool operator>(const Score &other) const noexcept {
    return consistent != other.consistent ? consistent > other.consistent
                                          : header_matches > other.header_matches;
  }
};

// The first records of `text` split by `delimiter`: kDelimiterSampleRecords of them, not
// counting those before `header_line` (when given).
RecordTable sample_records(std::string_view text, char delimiter, std::size_t header_line) {
  RecordTable sample;
  RecordParser parser(text, delimiter);
  Diagnostics ignored;  // a malformed record just ends the sample
  std::size_t wanted = kDelimiterSampleRecords;
  while (sample.record_count() < wanted && parser.next(sample, ignored) == ParseStep::kRecord) {
    const std::size_t last = sample.record_count() - 1;
    if (header_line > 0 && sample.line(last) <= header_line)
      wanted = last + kDelimiterSampleRecords;
  }
  return sample;
}

// The field count most records of `sample` have among counts above 1 (the earliest on a tie),
// or 0 when no record has more than one field.
std::size_t most_frequent_count(const RecordTable &sample) {
  std::vector<std::pair<std::size_t, std::size_t>> frequencies;  // (count, records)
  for (std::size_t record = 0; record < sample.record_count(); ++record) {
    const std::size_t count = sample.cell_count(record);
    if (count < 2) continue;
    bool seen = false;
    for (auto &[value, records] : frequencies) {
      if (value == count) {
        ++records;
        seen = true;
      }
    }
    if (!seen) frequencies.emplace_back(count, 1);
  }
  std::pair<std::size_t, std::size_t> best{0, 0};
  for (const auto &entry : frequencies) {
    if (entry.second > best.second) best = entry;
  }
  return best.first;
}

Score score_delimiter(std::string_view text, char delimiter, std::size_t header_line,
                      const AliasTable &aliases) {
  const RecordTable sample = sample_records(text, delimiter, header_line);
  if (sample.record_count() == 0) return {};
  Score score;
  std::size_t reference = 0;
  if (header_line > 0) {
    const std::size_t header = sample.record_at_line(header_line);
    if (header < sample.record_count()) reference = sample.cell_count(header);
  } else {
    const HeaderChoice choice = detect_header_record(sample, aliases);
    if (choice.matches > 0) {
      reference = sample.cell_count(choice.record);
      score.header_matches = choice.matches;
    }
  }
  if (reference == 0) reference = most_frequent_count(sample);
  if (reference < 2) return score;
  for (std::size_t record = 0; record < sample.record_count(); ++record) {
    if (sample.cell_count(record) == reference) ++score.consistent;
  }
  return score;
}

}  // namespace

char detect_delimiter(std::string_view text, std::size_t header_line, const AliasTable &aliases) {
  char best = kCandidates[0];
  Score best_score;
  for (char candidate : kCandidates) {
    const Score score = score_delimiter(text, candidate, header_line, aliases);
    if (score > best_score) {
      best = candidate;
      best_score = score;
    }
  }
  return best;
}

}  // namespace smart_rules::csv
