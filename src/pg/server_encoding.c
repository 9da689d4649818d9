/*-------------------------------------------------------------------------
 *
 * server_encoding.c
 *	  Conversions between the database encoding and the UTF-8 of the core.
 *
 * In a UTF-8 database both directions cost one validation at most; in
 * another encoding the text is converted, and a character with no
 * equivalent on the other side is an error.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "server_encoding.h"

/*
 * Text in the database encoding ("len" bytes, not necessarily terminated) as
 * UTF-8 for the core.  Returns either "text" itself or a palloc'd
 * conversion; its length goes to *utf8_len.
 */
const char *
utf8_from_server(const char *text, size_t len, size_t *utf8_len)
{
	const char *utf8 = pg_server_to_any(text, (int) len, PG_UTF8);

	*utf8_len = (utf8 == text) ? len : strlen(utf8);
	return utf8;
}

/*
 * UTF-8 produced by the core ("len" bytes, not necessarily terminated) as a
 * palloc'd, NUL-terminated string in the database encoding.  Invalid UTF-8,
 * including an embedded NUL byte, is an error: nothing the core returns
 * becomes a Datum unchecked.
 */
char *
server_string_from_utf8(const char *data, size_t len)
{
	char	   *converted;

	if (len == 0)
		return pstrdup("");
	if (len > MaxAllocSize - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text produced by smart_rules is too long")));

	converted = pg_any_to_server(data, (int) len, PG_UTF8);
	if (converted == data)
		return pnstrdup(data, len);
	return converted;
}

/*
 * The same as a text value (palloc'd), without the intermediate C string in
 * a UTF-8 database.
 */
struct varlena *
server_text_from_utf8(const char *data, size_t len)
{
	char	   *converted;

	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text produced by smart_rules is too long")));
	if (len == 0)
		return (struct varlena *) cstring_to_text_with_len("", 0);
	converted = pg_any_to_server(data, (int) len, PG_UTF8);
	if (converted == data)
		return (struct varlena *) cstring_to_text_with_len(data, (int) len);
	return (struct varlena *) cstring_to_text(converted);
}
