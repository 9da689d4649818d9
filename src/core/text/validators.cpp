// Brazilian and GS1 identifier validators (RULES.md, functions valid_*): format checks with the
// punctuation allowed only in the canonical positions, and the GS1 mod-10 / Receita Federal
// mod-11 check digits. Pure functions over the bytes, no allocation.
#include "text/validators.hpp"

#include <array>
#include <cstddef>

namespace smart_rules::text {
namespace {

constexpr std::size_t kMaxSignificant = 14;  // the longest identifier (GTIN-14, CNPJ)

bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }

// The significant characters of an identifier, its punctuation removed.
struct Significant {
  std::array<char, kMaxSignificant> chars{};
  std::size_t size = 0;
};

// Accepts `value` either bare (only significant characters, as many as '#' in `layout`) or
// written exactly as `layout`, where '#' stands for a significant character and anything else
// is punctuation that must appear literally at that position. Copies the significant characters
// into `out`; only the shape is checked here, not which characters are significant.
bool strip_canonical_punctuation(std::string_view value, std::string_view layout,
                                 Significant &out) noexcept {
  std::size_t significant_count = 0;
  for (char c : layout) significant_count += c == '#';

  out.size = 0;
  if (value.size() == significant_count) {
    for (char c : value) out.chars[out.size++] = c;
    return true;
  }
  if (value.size() != layout.size()) return false;
  for (std::size_t i = 0; i < layout.size(); ++i) {
    if (layout[i] == '#') {
      out.chars[out.size++] = value[i];
    } else if (value[i] != layout[i]) {
      return false;
    }
  }
  return true;
}

bool all_digits(const char *chars, std::size_t count) noexcept {
  for (std::size_t i = 0; i < count; ++i) {
    if (!is_ascii_digit(chars[i])) return false;
  }
  return true;
}

bool all_equal(const Significant &identifier) noexcept {
  for (std::size_t i = 1; i < identifier.size; ++i) {
    if (identifier.chars[i] != identifier.chars[0]) return false;
  }
  return true;
}

// The Receita Federal mod-11 check digit of `chars[0..count)` (value of a character = ASCII - 48):
// weights 2, 3, ... from the rightmost character, going back to 2 after `max_weight`; with r the
// weighted sum mod 11, the digit is 0 when r < 2, else 11 - r.
int mod11_check_digit(const char *chars, std::size_t count, int max_weight) noexcept {
  int sum = 0;
  int weight = 2;
  for (std::size_t i = count; i-- > 0;) {
    sum += (chars[i] - '0') * weight;
    weight = weight == max_weight ? 2 : weight + 1;
  }
  const int remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

// True when the last two characters of `identifier` are the mod-11 check digits of the others.
bool has_mod11_check_digits(const Significant &identifier, int max_weight) noexcept {
  const char *chars = identifier.chars.data();
  const std::size_t body = identifier.size - 2;
  return mod11_check_digit(chars, body, max_weight) == chars[body] - '0' &&
         mod11_check_digit(chars, body + 1, max_weight) == chars[body + 1] - '0';
}

// Formats with only digits as significant characters (CEP, NCM).
bool is_digit_layout(std::string_view value, std::string_view layout) noexcept {
  Significant identifier;
  return strip_canonical_punctuation(value, layout, identifier) &&
         all_digits(identifier.chars.data(), identifier.size);
}

}  // namespace

bool valid_gtin(std::string_view value) noexcept {
  const std::size_t length = value.size();
  if (length != 8 && length != 12 && length != 13 && length != 14) return false;
  if (!all_digits(value.data(), length)) return false;

  // Weights 3, 1, 3, ... from the rightmost digit before the check digit.
  int sum = 0;
  int weight = 3;
  for (std::size_t i = length - 1; i-- > 0;) {
    sum += (value[i] - '0') * weight;
    weight = 4 - weight;
  }
  return (10 - sum % 10) % 10 == value[length - 1] - '0';
}

bool valid_cpf(std::string_view value) noexcept {
  Significant cpf;
  // Weights 10..2 and 11..2 never wrap: any maximum of at least 11 gives them.
  constexpr int kCpfMaxWeight = 11;
  return strip_canonical_punctuation(value, "###.###.###-##", cpf) &&
         all_digits(cpf.chars.data(), cpf.size) && !all_equal(cpf) &&
         has_mod11_check_digits(cpf, kCpfMaxWeight);
}

bool valid_cnpj(std::string_view value) noexcept {
  Significant cnpj;
  if (!strip_canonical_punctuation(value, "##.###.###/####-##", cnpj)) return false;
  for (std::size_t i = 0; i < 12; ++i) {
    if (!is_ascii_digit(cnpj.chars[i]) && !is_ascii_upper(cnpj.chars[i])) return false;
  }
  constexpr int kCnpjMaxWeight = 9;  // 5,4,3,2,9,8,...,2: from the right 2..9 then 2 again
  return all_digits(cnpj.chars.data() + 12, 2) && !all_equal(cnpj) &&
         has_mod11_check_digits(cnpj, kCnpjMaxWeight);
}

bool valid_cep(std::string_view value) noexcept { return is_digit_layout(value, "#####-###"); }

bool valid_ncm(std::string_view value) noexcept { return is_digit_layout(value, "####.##.##"); }

}  // namespace smart_rules::text
