// Unit tests of the identifier validators (src/core/text/validators.hpp). The vectors come from
// /work/shared/reference/marketplaces-and-engines.md §3 and RULES.md; the "arithmetically valid
// but forbidden character" vectors were computed with the same check digit algorithms, value =
// ASCII - 48, to prove that the character class is checked and not only the arithmetic.
#include "text/validators.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smart_rules::text {
namespace {

// Every variant of `valid` with the character at `position` (a digit) replaced by another digit.
std::vector<std::string> other_digits_at(const std::string &valid, std::size_t position) {
  std::vector<std::string> variants;
  for (char digit = '0'; digit <= '9'; ++digit) {
    if (digit == valid[position]) continue;
    std::string variant = valid;
    variant[position] = digit;
    variants.push_back(variant);
  }
  return variants;
}

const std::vector<std::string> kValidGtins = {
    "4006381333931", "036000291452", "96385074",      "10012345000017", "5901234123457",
    "7891000315507", "78935761",     "3234567890126", "4242002824628"};

const std::vector<std::string> kValidCpfs = {"529.982.247-25", "111.444.777-35", "123.456.789-09",
                                             "52998224725", "11144477735"};

const std::vector<std::string> kValidCnpjs = {
    "11.222.333/0001-81", "00.000.000/0001-91", "11.444.777/0001-61", "33.000.167/0001-01",
    "59.952.259/0001-85", "12.ABC.345/01DE-35", "A1.B2C.3D4/0001-93", "11222333000181",
    "12ABC34501DE35",     "ZZZZZZZZZZZZ62",     "AAAAAAAAAAAA45",     "ABCDEFGHIJKL80"};

TEST(ValidGtin, AcceptsGs1Examples) {
  for (const std::string &gtin : kValidGtins) EXPECT_TRUE(valid_gtin(gtin)) << gtin;
}

TEST(ValidGtin, AcceptsAllZerosSinceGs1HasNoAllEqualRule) {
  EXPECT_TRUE(valid_gtin("00000000"));
  EXPECT_TRUE(valid_gtin("00000000000000"));
}

TEST(ValidGtin, RejectsAWrongCheckDigit) {
  EXPECT_FALSE(valid_gtin("4006381333932"));
  for (const std::string &gtin : kValidGtins) {
    for (const std::string &variant : other_digits_at(gtin, gtin.size() - 1)) {
      EXPECT_FALSE(valid_gtin(variant)) << variant;
    }
  }
}

TEST(ValidGtin, DetectsAnySingleDigitError) {
  for (const std::string &gtin : kValidGtins) {
    for (std::size_t position = 0; position < gtin.size(); ++position) {
      for (const std::string &variant : other_digits_at(gtin, position)) {
        EXPECT_FALSE(valid_gtin(variant)) << variant;
      }
    }
  }
}

TEST(ValidGtin, RejectsOtherLengths) {
  // 7, 9, 10, 11 and 15 digits, each with a correct mod-10 check digit for its length.
  for (const char *value : {"1234565", "123456784", "1234567895", "12345678905",
                            "123456789012343", "", "0"}) {
    EXPECT_FALSE(valid_gtin(value)) << value;
  }
  // A valid GTIN-13 left-padded to 14 is a valid GTIN-14, but not when padded to 15.
  EXPECT_TRUE(valid_gtin("04006381333931"));
  EXPECT_FALSE(valid_gtin("004006381333931"));
}

TEST(ValidGtin, RejectsAnythingButDigits) {
  for (const char *value :
       {"4006381333:30" /* ':' = 10 makes the arithmetic right */, "40063813339A9",
        "4006381333931 ", " 4006381333931", "400638 1333931", "4006-381333931", "2.09147E+12",
        "+4006381333931", "-400638133393", "036000 291452", "\xef\xbc\x94" "006381333931"}) {
    EXPECT_FALSE(valid_gtin(value)) << value;
  }
  EXPECT_FALSE(valid_gtin(std::string("400638\0" "333931", 13)));
}

TEST(ValidCpf, AcceptsKnownGoodNumbers) {
  for (const std::string &cpf : kValidCpfs) EXPECT_TRUE(valid_cpf(cpf)) << cpf;
}

TEST(ValidCpf, RejectsWrongCheckDigits) {
  EXPECT_FALSE(valid_cpf("529.982.247-24"));
  for (const std::string &cpf : kValidCpfs) {
    for (std::size_t position : {cpf.size() - 2, cpf.size() - 1}) {
      for (const std::string &variant : other_digits_at(cpf, position)) {
        EXPECT_FALSE(valid_cpf(variant)) << variant;
      }
    }
  }
}

TEST(ValidCpf, RejectsAllEqualDigits) {
  for (char digit = '0'; digit <= '9'; ++digit) {
    const std::string bare(11, digit);
    const std::string formatted = bare.substr(0, 3) + "." + bare.substr(3, 3) + "." +
                                  bare.substr(6, 3) + "-" + bare.substr(9, 2);
    EXPECT_FALSE(valid_cpf(bare)) << bare;
    EXPECT_FALSE(valid_cpf(formatted)) << formatted;
  }
}

TEST(ValidCpf, RejectsPunctuationOutsideCanonicalPositions) {
  for (const char *value :
       {"5299.82247-25", "529982247-25", "529.982.24725", "529.982247-25", "529.982.247.25",
        "529-982-247-25", "529/982/247-25", "529.982.247--25", ".529.982.247-25",
        "529.982.247-25.", "5.2.9.9.8.2.2.4.7.2.5", "529.982.2-4725"}) {
    EXPECT_FALSE(valid_cpf(value)) << value;
  }
}

TEST(ValidCpf, RejectsWrongLengths) {
  for (const char *value : {"", "5299822472", "529982247250", "529.982.247-2", "529.982.247-250",
                            "0529.982.247-25"}) {
    EXPECT_FALSE(valid_cpf(value)) << value;
  }
}

TEST(ValidCpf, RejectsLettersSpacesAndNonAscii) {
  for (const char *value :
       {"52998224A44" /* 'A' = 17 makes the arithmetic right */, "529.982.24A-44",
        "529 982 247 25", "529.982.247-25 ", " 529.982.247-25", "529.982.247 25",
        "529.982.247\xe2\x80\x91" "25" /* U+2011 non-breaking hyphen */,
        "529\xc2\xb7" "982.247-25" /* U+00B7 middle dot */}) {
    EXPECT_FALSE(valid_cpf(value)) << value;
  }
  EXPECT_FALSE(valid_cpf(std::string("529\0" "982.247-25", 14)));
}

TEST(ValidCnpj, AcceptsNumericAndAlphanumericNumbers) {
  for (const std::string &cnpj : kValidCnpjs) EXPECT_TRUE(valid_cnpj(cnpj)) << cnpj;
}

TEST(ValidCnpj, RejectsWrongCheckDigits) {
  for (const char *value : {"12.ABC.345/01DE-00", "11.222.333/0001-82"}) {
    EXPECT_FALSE(valid_cnpj(value)) << value;
  }
  for (const std::string &cnpj : kValidCnpjs) {
    for (std::size_t position : {cnpj.size() - 2, cnpj.size() - 1}) {
      for (const std::string &variant : other_digits_at(cnpj, position)) {
        EXPECT_FALSE(valid_cnpj(variant)) << variant;
      }
    }
  }
}

TEST(ValidCnpj, RejectsLettersInCheckDigits) {
  EXPECT_FALSE(valid_cnpj("12.ABC.345/01DE-3A"));
  EXPECT_FALSE(valid_cnpj("12ABC34501DEA5"));
}

TEST(ValidCnpj, RejectsLowerCaseLetters) {
  EXPECT_FALSE(valid_cnpj("12.abc.345/01de-35"));
  // With 'a' = 49 the check digits are 63: the arithmetic is right, the letter is not allowed.
  EXPECT_FALSE(valid_cnpj("12aBC34501DE63"));
}

TEST(ValidCnpj, RejectsSymbolsBetweenDigitsAndLetters) {
  // ':' and '@' sit between '9' and 'A' in ASCII; their check digits are computed to be right.
  EXPECT_FALSE(valid_cnpj("12:BC34501DE22"));
  EXPECT_FALSE(valid_cnpj("12@BC34501DE63"));
}

TEST(ValidCnpj, RejectsAllEqualCharacters) {
  for (char digit = '0'; digit <= '9'; ++digit) {
    EXPECT_FALSE(valid_cnpj(std::string(14, digit))) << digit;
  }
  EXPECT_FALSE(valid_cnpj("00.000.000/0000-00"));
}

TEST(ValidCnpj, RejectsPunctuationOutsideCanonicalPositions) {
  for (const char *value :
       {"11222333/0001-81", "11.222.333/000181", "11.222.3330001-81", "11.222.333.0001-81",
        "11.222.333/0001.81", "11-222-333/0001-81", "112.223.33/0001-81", "11.222.333//0001-81",
        "11.222.333/0001-81/", "/11.222.333/0001-81", "11.222.333-0001/81"}) {
    EXPECT_FALSE(valid_cnpj(value)) << value;
  }
}

TEST(ValidCnpj, RejectsWrongLengthsSpacesAndNonAscii) {
  for (const char *value :
       {"", "1122233300018", "112223330001810", "11.222.333/0001-8", "011.222.333/0001-81",
        "11 222 333 0001 81", "11.222.333/0001-81 ", " 11.222.333/0001-81",
        "11.222.333/0001 81", "\xc3\x81" "1.B2C.3D4/0001-93" /* U+00C1 A with acute */,
        "11.222.333\xe2\x88\x95" "0001-81" /* U+2215 division slash */}) {
    EXPECT_FALSE(valid_cnpj(value)) << value;
  }
}

TEST(ValidCep, AcceptsBareAndHyphenated) {
  for (const char *value : {"01310-100", "01310100", "99999-999", "00000000"}) {
    EXPECT_TRUE(valid_cep(value)) << value;
  }
}

TEST(ValidCep, RejectsOtherShapes) {
  for (const char *value :
       {"", "0131-0100", "013101-00", "01310 100", "01310.100", "1310-100", "013100-100",
        "0131010", "013101000", "01310-10a", "A1310-100", "01310-100 ", " 01310100", "01310--100",
        "9790", "01310\xe2\x80\x90" "100" /* U+2010 hyphen */}) {
    EXPECT_FALSE(valid_cep(value)) << value;
  }
}

TEST(ValidNcm, AcceptsBareAndDotted) {
  for (const char *value : {"39263000", "3926.30.00", "8471.30.12", "00000000"}) {
    EXPECT_TRUE(valid_ncm(value)) << value;
  }
}

TEST(ValidNcm, RejectsOtherShapes) {
  for (const char *value :
       {"", "3926300", "392630000", "39.26.30.00", "392.630.00", "3926.3000", "392630.00",
        "3926-30-00", "3926 30 00", "3926.30.0A", "3926.30.00 ", " 39263000", "3926..30.00",
        "39263O00" /* letter O */, "3926\xc2\xb7" "30.00" /* U+00B7 middle dot */}) {
    EXPECT_FALSE(valid_ncm(value)) << value;
  }
}

}  // namespace
}  // namespace smart_rules::text
