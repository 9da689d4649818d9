// Brazilian and GS1 identifier validators (RULES.md, functions valid_*): pure functions over
// the bytes of a value, no allocation, no regex. Test vectors: test/unit/validators_test.cpp.
//
// Punctuation is accepted only in the canonical positions: a value is either bare (the
// significant characters only) or written exactly in the official layout, so '529.982.247-25'
// and '52998224725' are valid CPFs but '5299.82247-25' and '529982247-25' are not. Nothing else
// is accepted: no spaces (the caller trims first if it wants to), no lower-case CNPJ letters.
#pragma once

#include <string_view>

namespace smart_rules::text {

// 8, 12, 13 or 14 ASCII digits with a correct GS1 mod-10 check digit (nothing else allowed).
bool valid_gtin(std::string_view value) noexcept;
// 11 digits, `.` and `-` allowed as punctuation; correct check digits; not all equal.
// Bare `ddddddddddd` or `ddd.ddd.ddd-dd`.
bool valid_cpf(std::string_view value) noexcept;
// 14 characters after dropping `.` `/` `-`: 12 digits or upper-case letters (value = ASCII-48)
// then 2 digits; correct mod-11 check digits; not all equal.
// Bare (14 characters) or `XX.XXX.XXX/XXXX-dd`.
bool valid_cnpj(std::string_view value) noexcept;
// `ddddd-ddd` or 8 digits.
bool valid_cep(std::string_view value) noexcept;
// 8 digits, or `dddd.dd.dd`.
bool valid_ncm(std::string_view value) noexcept;

}  // namespace smart_rules::text
