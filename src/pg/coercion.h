/*-------------------------------------------------------------------------
 *
 * coercion.h
 *	  Text into a column's type, where a value that does not convert is a
 *	  finding (logged, the value becomes null) rather than an error.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_COERCION_H
#define SMART_RULES_COERCION_H

#include "fmgr.h"

/* How a column's input is done; chosen once per column (see coercion.c). */
typedef enum InputKind
{
	INPUT_TEXT,					/* text, varchar, bpchar without a length: never fails */
	INPUT_INTEGER,				/* int2, int4, int8: parsed here */
	INPUT_BOOLEAN,				/* bool: parsed here */
	INPUT_FLOAT,				/* float4, float8: checked, then the input function */
	INPUT_NUMERIC,				/* numeric: checked against its typmod, then the input function */
	INPUT_BOUNDED_TEXT,			/* varchar(n), char(n): length checked, then the input function */
	INPUT_GUARDED				/* anything else: the input function in a subtransaction */
} InputKind;

typedef struct ColumnInput
{
	Oid			typid;
	int32		typmod;
	InputKind	kind;
	Oid			typioparam;
	int16		typlen;
	bool		typbyval;
	FmgrInfo	function;		/* the type's input function */
	char	   *type_name;		/* as format_type_with_typemod, for messages */
} ColumnInput;

extern Datum text_datum_from_utf8(const char *data, size_t len);
extern void column_input_init(ColumnInput *input, Oid typid, int32 typmod);
extern bool column_input_from_text(const ColumnInput *input, char *text, Datum *result);
extern bool column_input_from_utf8(const ColumnInput *input, const char *data, size_t len,
								   Datum *result, char **text);

#endif							/* SMART_RULES_COERCION_H */
