/*-------------------------------------------------------------------------
 *
 * coercion.c
 *	  Text into a column's type without aborting the run on a bad value.
 *
 * The rules produce text; a target column of another type takes it through
 * the type's input function.  A value that does not convert becomes null and
 * is logged (SQL-API.md, Applying), so the conversion must report failure
 * instead of raising.  PostgreSQL 15 input functions can only raise, so:
 *
 * - text, varchar and char without a length never fail: the text becomes the
 *	 Datum directly;
 * - int2/int4/int8 and bool are parsed here, exactly as their input functions
 *	 do (the Datum is built here too);
 * - float4/float8, numeric (with its typmod's precision and scale) and
 *	 varchar(n)/char(n) are checked here first; a value the check accepts
 *	 cannot make the input function fail, a value it rejects would, and the
 *	 rare forms the check does not settle (exponents, NaN and infinities,
 *	 values at the edges of the range, over-long text that may end in
 *	 spaces) go the guarded way;
 * - every other type (date, timestamp, uuid, json, domains, ...) runs its
 *	 input function inside an internal subtransaction, the pattern of a
 *	 PL/pgSQL exception block.
 *
 * Cost of the guarded way: a subtransaction start and release per value,
 * a few microseconds (a resource owner, a transaction state entry, no XID
 * since nothing is written), against well under a microsecond for the
 * checked types.  Only values that must be converted pay it: a value no
 * rule changed, read from a column of the target's own type, reuses the
 * source Datum and is not converted at all (row_shaping.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "coercion.h"
#include "server_encoding.h"

/* What a check concluded about a value. */
typedef enum InputCheck
{
	CHECK_VALID,				/* the input function will accept it */
	CHECK_INVALID,				/* the input function would raise */
	CHECK_UNSURE				/* let the input function decide, guarded */
} InputCheck;

/* Leading and trailing digits of numeric beyond which the check defers. */
#define NUMERIC_CHECKED_DIGITS 1000

static InputCheck check_integer(const char *text, int64 min, int64 max, int64 *value);
static InputCheck check_boolean(const char *text, bool *value);
static InputCheck check_float(const char *text, bool is_float4);
static InputCheck check_numeric(const char *text, int32 typmod);
static InputCheck check_bounded_text(const char *text, int32 typmod);
static bool input_guarded(const ColumnInput *input, char *text, Datum *result);
static bool is_conversion_error(int sqlerrcode);

/*
 * Prepare the input of a column of type "typid" with "typmod"; the function
 * lookup lives in CurrentMemoryContext.
 */
void
column_input_init(ColumnInput *input, Oid typid, int32 typmod)
{
	Oid			function;

	input->typid = typid;
	input->typmod = typmod;
	getTypeInputInfo(typid, &function, &input->typioparam);
	fmgr_info(function, &input->function);
	get_typlenbyval(typid, &input->typlen, &input->typbyval);
	input->type_name = format_type_with_typemod(typid, typmod);

	switch (typid)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
			input->kind = INPUT_INTEGER;
			break;
		case BOOLOID:
			input->kind = INPUT_BOOLEAN;
			break;
		case FLOAT4OID:
		case FLOAT8OID:
			input->kind = INPUT_FLOAT;
			break;
		case NUMERICOID:
			input->kind = INPUT_NUMERIC;
			break;
		case TEXTOID:
			input->kind = INPUT_TEXT;
			break;
		case VARCHAROID:
		case BPCHAROID:
			input->kind = typmod < (int32) VARHDRSZ ? INPUT_TEXT : INPUT_BOUNDED_TEXT;
			break;
		default:
			input->kind = INPUT_GUARDED;
			break;
	}
}

/*
 * Convert "text" (NUL-terminated, database encoding) into a Datum of the
 * column's type, allocated in CurrentMemoryContext.  Returns false, leaving
 * *result unset, when the value does not convert; any other error (out of
 * memory, a cancel) is raised.
 */
bool
column_input_from_text(const ColumnInput *input, char *text, Datum *result)
{
	InputCheck	check;
	int64		integer;
	bool		boolean;

	switch (input->kind)
	{
		case INPUT_TEXT:
			*result = PointerGetDatum(cstring_to_text(text));
			return true;

		case INPUT_INTEGER:
			if (input->typid == INT2OID)
				check = check_integer(text, PG_INT16_MIN, PG_INT16_MAX, &integer);
			else if (input->typid == INT4OID)
				check = check_integer(text, PG_INT32_MIN, PG_INT32_MAX, &integer);
			else
				check = check_integer(text, PG_INT64_MIN, PG_INT64_MAX, &integer);
			if (check != CHECK_VALID)
				return false;
			if (input->typid == INT2OID)
				*result = Int16GetDatum((int16) integer);
			else if (input->typid == INT4OID)
				*result = Int32GetDatum((int32) integer);
			else
				*result = Int64GetDatum(integer);
			return true;

		case INPUT_BOOLEAN:
			if (check_boolean(text, &boolean) != CHECK_VALID)
				return false;
			*result = BoolGetDatum(boolean);
			return true;

		case INPUT_FLOAT:
			check = check_float(text, input->typid == FLOAT4OID);
			break;
		case INPUT_NUMERIC:
			check = check_numeric(text, input->typmod);
			break;
		case INPUT_BOUNDED_TEXT:
			check = check_bounded_text(text, input->typmod);
			break;
		default:
			check = CHECK_UNSURE;
			break;
	}

	if (check == CHECK_INVALID)
		return false;
	if (check == CHECK_UNSURE)
		return input_guarded(input, text, result);
	*result = InputFunctionCall((FmgrInfo *) &input->function, text,
								input->typioparam, input->typmod);
	return true;
}

/*
 * A text Datum (palloc'd) of "len" bytes of UTF-8 produced by the core: in a
 * UTF-8 database the bytes are validated and copied once; otherwise they are
 * converted.  Invalid UTF-8 (an embedded NUL included) is an error.
 */
Datum
text_datum_from_utf8(const char *data, size_t len)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		return CStringGetTextDatum(server_string_from_utf8(data, len));
	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text produced by smart_rules is too long")));
	pg_verify_mbstr(PG_UTF8, data, (int) len, false);
	return PointerGetDatum(cstring_to_text_with_len(data, (int) len));
}

/*
 * Convert "len" bytes of UTF-8 produced by the core.  The text form in the
 * database encoding goes to *text (a failed conversion is logged with it);
 * text columns, which cannot fail, skip it and set *text to NULL.
 */
bool
column_input_from_utf8(const ColumnInput *input, const char *data, size_t len,
					   Datum *result, char **text)
{
	if (input->kind == INPUT_TEXT)
	{
		*result = text_datum_from_utf8(data, len);
		*text = NULL;
		return true;
	}

	*text = server_string_from_utf8(data, len);
	return column_input_from_text(input, *text, result);
}

/*
 * int2in/int4in/int8in of PostgreSQL 15 (pg_strtoint16/32/64): optional
 * whitespace, an optional sign, at least one decimal digit, optional
 * whitespace, and a value within [min, max].  Out of range is invalid, as
 * it is an error there.
 */
static InputCheck
check_integer(const char *text, int64 min, int64 max, int64 *value)
{
	const char *p = text;
	bool		negative = false;
	uint64		limit;
	uint64		magnitude = 0;

	while (isspace((unsigned char) *p))
		p++;
	if (*p == '-' || *p == '+')
		negative = (*p++ == '-');
	if (!isdigit((unsigned char) *p))
		return CHECK_INVALID;

	limit = negative ? (uint64) (-(min + 1)) + 1 : (uint64) max;
	while (isdigit((unsigned char) *p))
	{
		unsigned	digit = (unsigned) (*p++ - '0');

		if (magnitude > (limit - digit) / 10)
			return CHECK_INVALID;
		magnitude = magnitude * 10 + digit;
	}
	while (isspace((unsigned char) *p))
		p++;
	if (*p != '\0')
		return CHECK_INVALID;

	*value = negative ? (int64) (0 - magnitude) : (int64) magnitude;
	return CHECK_VALID;
}

/*
 * boolin: the value without surrounding whitespace, as parse_bool_with_len
 * reads it (true/false/yes/no/on/off/1/0 and their unique prefixes).
 */
static InputCheck
check_boolean(const char *text, bool *value)
{
	size_t		len;

	while (isspace((unsigned char) *text))
		text++;
	len = strlen(text);
	while (len > 0 && isspace((unsigned char) text[len - 1]))
		len--;
	return parse_bool_with_len(text, len, value) ? CHECK_VALID : CHECK_INVALID;
}

/*
 * float4in/float8in: optional whitespace, what strtof/strtod reads (they
 * call it too; it also reads NaN and the infinities), optional whitespace.
 * A value out of range sets errno: float4in/float8in accept some of those
 * (denormals) and reject others, so they decide.
 */
static InputCheck
check_float(const char *text, bool is_float4)
{
	const char *number = text;
	char	   *end;

	while (isspace((unsigned char) *number))
		number++;
	if (*number == '\0')
		return CHECK_INVALID;

	errno = 0;
	if (is_float4)
		(void) strtof(number, &end);
	else
		(void) strtod(number, &end);
	if (end == number)
		return CHECK_INVALID;
	if (errno != 0)
		return CHECK_UNSURE;
	while (isspace((unsigned char) *end))
		end++;
	return *end == '\0' ? CHECK_VALID : CHECK_INVALID;
}

/*
 * numeric_in: optional whitespace, an optional sign, digits with at most
 * one decimal point (at least one digit), optional whitespace; then the
 * typmod: rounded half away from zero to the scale, the value may have at
 * most precision - scale integer digits.  Exponents, NaN, the infinities,
 * very long values and the typmods PostgreSQL 15 added (negative scale,
 * scale above precision) are left to numeric_in.
 */
static InputCheck
check_numeric(const char *text, int32 typmod)
{
	const char *p = text;
	const char *integer_part;
	const char *fraction = "";
	size_t		integer_len;
	size_t		fraction_len = 0;
	int			precision;
	int			scale;
	size_t		significant;
	bool		carry;

	while (isspace((unsigned char) *p))
		p++;
	if (*p == '-' || *p == '+')
		p++;
	integer_part = p;
	while (isdigit((unsigned char) *p))
		p++;
	integer_len = p - integer_part;
	if (*p == '.')
	{
		fraction = ++p;
		while (isdigit((unsigned char) *p))
			p++;
		fraction_len = p - fraction;
	}
	if (integer_len + fraction_len == 0)
		return (pg_strncasecmp(p, "nan", 3) == 0 || pg_strncasecmp(p, "inf", 3) == 0)
			? CHECK_UNSURE : CHECK_INVALID;
	if (*p == 'e' || *p == 'E')
		return CHECK_UNSURE;
	while (isspace((unsigned char) *p))
		p++;
	if (*p != '\0')
		return CHECK_INVALID;
	if (integer_len > NUMERIC_CHECKED_DIGITS || fraction_len > NUMERIC_CHECKED_DIGITS)
		return CHECK_UNSURE;

	if (typmod < (int32) VARHDRSZ)
		return CHECK_VALID;
	precision = ((typmod - VARHDRSZ) >> 16) & 0xffff;
	scale = (((typmod - VARHDRSZ) & 0x7ff) ^ 1024) - 1024;
	if (scale < 0 || scale > precision)
		return CHECK_UNSURE;

	/* Integer digits after rounding: leading zeros do not count... */
	while (integer_len > 0 && *integer_part == '0')
	{
		integer_part++;
		integer_len--;
	}
	significant = integer_len;

	/* ...and rounding up a run of nines adds one (0.996 -> 1.00, 99.5 -> 100). */
	carry = (size_t) scale < fraction_len && fraction[scale] >= '5';
	for (size_t i = 0; carry && i < (size_t) scale; i++)
		carry = fraction[i] == '9';
	for (size_t i = 0; carry && i < integer_len; i++)
		carry = integer_part[i] == '9';
	if (carry)
		significant++;

	return significant <= (size_t) (precision - scale) ? CHECK_VALID : CHECK_INVALID;
}

/*
 * varchar(n) and char(n): at most n characters always fit.  Longer text fits
 * only when the excess is spaces (which are cut), so the input function
 * decides.
 */
static InputCheck
check_bounded_text(const char *text, int32 typmod)
{
	int			max_chars = typmod - VARHDRSZ;
	size_t		len = strlen(text);

	if (len <= (size_t) max_chars ||
		pg_mbstrlen_with_len(text, (int) Min(len, (size_t) PG_INT32_MAX)) <= max_chars)
		return CHECK_VALID;
	return CHECK_UNSURE;
}

/*
 * Run the input function inside an internal subtransaction, so that its
 * error can be caught and the transaction continued: data exceptions
 * (class 22) and integrity violations (class 23, a domain's CHECK or NOT
 * NULL) mean "does not convert"; anything else is raised again.
 */
static bool
input_guarded(const ColumnInput *input, char *text, Datum *result)
{
	MemoryContext caller_context = CurrentMemoryContext;
	ResourceOwner caller_owner = CurrentResourceOwner;
	volatile bool converted = false;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(caller_context);

	PG_TRY();
	{
		*result = InputFunctionCall((FmgrInfo *) &input->function, text,
									input->typioparam, input->typmod);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(caller_context);
		CurrentResourceOwner = caller_owner;
		converted = true;
	}
	PG_CATCH();
	{
		ErrorData  *error;

		MemoryContextSwitchTo(caller_context);
		error = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(caller_context);
		CurrentResourceOwner = caller_owner;

		if (!is_conversion_error(error->sqlerrcode))
			ReThrowError(error);
		FreeErrorData(error);
	}
	PG_END_TRY();

	return converted;
}

static bool
is_conversion_error(int sqlerrcode)
{
	int			category = ERRCODE_TO_CATEGORY(sqlerrcode);

	return category == ERRCODE_DATA_EXCEPTION ||
		category == ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION;
}
