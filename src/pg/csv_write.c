/*-------------------------------------------------------------------------
 *
 * csv_write.c
 *	  The to_csv(marketplace, row) and to_csv_bytes(marketplace, row
 *	  [, encoding]) aggregates: the rows as a file in the marketplace's
 *	  format, ready to upload.  A row is a smart_rules.product or any other
 *	  composite: each profile field is taken from the column of the same name
 *	  (text as it is, other types in their text form; a missing column is
 *	  empty), and a jsonb column named extra gives the extra columns.
 *
 * The file is the profile's preamble (if any), then a header line (the
 * profile's headers in column order, then every key of extra, in the order
 * first seen), then one line per row: its fields, then its extra values
 * (empty where a row has no such key). Lines are formatted by the core
 * (RFC 4180 quoting, CRLF) in UTF-8; to_csv returns them as text,
 * to_csv_bytes in the profile's encoding or the one given. Rows are kept
 * until the end, since extra's keys make the header.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
#include "utils/memutils.h"

#include "core_handles.h"
#include "error_report.h"
#include "marketplace_profile.h"
#include "server_encoding.h"
#include "smart_rules_capi.h"

PG_FUNCTION_INFO_V1(to_csv_step);
PG_FUNCTION_INFO_V1(to_csv_final_text);
PG_FUNCTION_INFO_V1(to_csv_final_bytes);

/* Where the file's columns come from in the rows' type. */
typedef struct RowSource
{
	TupleDesc	desc;			/* the rows' type */
	int		   *field_attnum;	/* per profile field: 1-based attribute, 0: none */
	FmgrInfo   *output;			/* per attribute: the output function */
	bool	   *is_text;		/* per attribute */
	int			extra_attnum;	/* the jsonb column "extra", or 0 */
} RowSource;

typedef struct CsvWriteState
{
	MemoryContext context;		/* the aggregate's: everything below lives there */
	MarketplaceProfile *profile;
	sr_csv_encoding encoding;	/* of to_csv_bytes */
	RowSource	source;
	List	   *rows;			/* HeapTupleHeader copies of the rows */
	List	   *extra_keys;		/* char *, in the order first seen */
} CsvWriteState;

static CsvWriteState *start_state(FunctionCallInfo fcinfo, MemoryContext context,
								  HeapTupleHeader first_row);
static void bind_row_source(RowSource *source, const MarketplaceProfile *profile,
							HeapTupleHeader row);
static char *column_text(const RowSource *source, const Datum *values, const bool *nulls,
						 int attnum);
static void note_extra_keys(CsvWriteState *state, Jsonb *extra);
static char *extra_value(Jsonb *extra, const char *key);
static void append_record(StringInfo out, char **fields, int count, char delimiter,
						  CoreHandles *handles);
static void build_file(CsvWriteState *state, StringInfo out);

/*
 * to_csv_step(state, marketplace, row [, encoding]): keeps the row; the
 * first call loads the profile. A null row is skipped.
 */
Datum
to_csv_step(PG_FUNCTION_ARGS)
{
	MemoryContext context;
	CsvWriteState *state;
	MemoryContext outer;
	HeapTupleHeader row;
	bool		isnull;
	Datum		extra;
	HeapTupleData tuple;

	if (!AggCheckCallContext(fcinfo, &context))
		elog(ERROR, "to_csv_step called in a non-aggregate context");
	if (!type_is_rowtype(get_fn_expr_argtype(fcinfo->flinfo, 2)))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("to_csv takes rows: a smart_rules.product or another composite value")));
	if (PG_ARGISNULL(0) && PG_ARGISNULL(2))
		PG_RETURN_NULL();		/* only null rows so far */
	/* A row datum may come packed (a short varlena header): detoasted, it has the full one. */
	row = PG_ARGISNULL(2) ? NULL : PG_GETARG_HEAPTUPLEHEADER(2);
	state = PG_ARGISNULL(0) ? start_state(fcinfo, context, row)
		: (CsvWriteState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) ||
		strcmp(text_to_cstring(PG_GETARG_TEXT_PP(1)), state->profile->marketplace) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("to_csv writes one marketplace's file per call"),
				 errhint("Pass the same marketplace for every row (it was \"%s\").",
						 state->profile->marketplace)));
	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);

	outer = MemoryContextSwitchTo(state->context);
	row = (HeapTupleHeader) DatumGetPointer(datumCopy(PointerGetDatum(row), false, -1));
	state->rows = lappend(state->rows, row);
	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	tuple.t_data = row;
	if (state->source.extra_attnum > 0)
	{
		extra = heap_getattr(&tuple, state->source.extra_attnum, state->source.desc, &isnull);
		if (!isnull)
			note_extra_keys(state, DatumGetJsonbP(extra));
	}
	MemoryContextSwitchTo(outer);
	PG_RETURN_POINTER(state);
}

/*
 * The state of a new call: the profile (by tenant), the encoding of
 * to_csv_bytes, and where the columns come from in the type of the rows.
 */
static CsvWriteState *
start_state(FunctionCallInfo fcinfo, MemoryContext context, HeapTupleHeader first_row)
{
	MemoryContext outer = MemoryContextSwitchTo(context);
	CsvWriteState *state = palloc0(sizeof(CsvWriteState));
	const char *encoding_name;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the marketplace of to_csv must not be null")));
	state->context = context;
	state->profile = load_marketplace_profile(text_to_cstring(PG_GETARG_TEXT_PP(1)));
	encoding_name = state->profile->encoding;
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		encoding_name = text_to_cstring(PG_GETARG_TEXT_PP(3));
	state->encoding = csv_encoding_from_name(encoding_name, false, "to_csv_bytes");
	if (state->encoding != SR_CSV_UTF8 && state->encoding != SR_CSV_WINDOWS_1252)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("to_csv_bytes writes utf-8 or windows-1252, not \"%s\"", encoding_name)));
	bind_row_source(&state->source, state->profile, first_row);
	MemoryContextSwitchTo(outer);
	return state;
}

/* Binds the profile's fields to the columns of the row's type, by name. */
static void
bind_row_source(RowSource *source, const MarketplaceProfile *profile, HeapTupleHeader row)
{
	TupleDesc	desc = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(row),
												   HeapTupleHeaderGetTypMod(row));

	source->desc = desc;
	source->field_attnum = palloc0(sizeof(int) * Max(profile->field_count, 1));
	source->output = palloc0(sizeof(FmgrInfo) * Max(desc->natts, 1));
	source->is_text = palloc0(sizeof(bool) * Max(desc->natts, 1));
	source->extra_attnum = 0;
	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute attribute = TupleDescAttr(desc, a);
		Oid			output;
		bool		varlena;

		if (attribute->attisdropped)
			continue;
		source->is_text[a] = attribute->atttypid == TEXTOID;
		getTypeOutputInfo(attribute->atttypid, &output, &varlena);
		fmgr_info(output, &source->output[a]);
		if (strcmp(NameStr(attribute->attname), "extra") == 0 && attribute->atttypid == JSONBOID)
			source->extra_attnum = a + 1;
		for (int f = 0; f < profile->field_count; f++)
			if (strcmp(NameStr(attribute->attname), profile->fields[f].field) == 0)
				source->field_attnum[f] = a + 1;
	}
}

/* A column's value (of a deformed row) as text in the database encoding, or NULL. */
static char *
column_text(const RowSource *source, const Datum *values, const bool *nulls, int attnum)
{
	if (attnum == 0 || nulls[attnum - 1])
		return NULL;
	if (source->is_text[attnum - 1])
		return TextDatumGetCString(values[attnum - 1]);
	return OutputFunctionCall(&source->output[attnum - 1], values[attnum - 1]);
}

/* Adds the keys of extra not seen yet, in the object's order. */
static void
note_extra_keys(CsvWriteState *state, Jsonb *extra)
{
	JsonbIterator *it;
	JsonbValue	value;
	JsonbIteratorToken token;

	if (!JB_ROOT_IS_OBJECT(extra) || JB_ROOT_IS_SCALAR(extra))
		return;
	it = JsonbIteratorInit(&extra->root);
	while ((token = JsonbIteratorNext(&it, &value, true)) != WJB_DONE)
	{
		char	   *key;
		ListCell   *cell;
		bool		seen = false;

		if (token != WJB_KEY)
			continue;
		key = pnstrdup(value.val.string.val, value.val.string.len);
		foreach(cell, state->extra_keys)
			seen = seen || strcmp((char *) lfirst(cell), key) == 0;
		if (!seen)
			state->extra_keys = lappend(state->extra_keys, key);
	}
}

/* The text of extra's value under "key": a string as it is, other JSON as JSON; NULL when absent or null. */
static char *
extra_value(Jsonb *extra, const char *key)
{
	JsonbValue *value;

	if (!JB_ROOT_IS_OBJECT(extra) || JB_ROOT_IS_SCALAR(extra))
		return NULL;
	value = getKeyJsonValueFromContainer(&extra->root, key, strlen(key), NULL);
	if (value == NULL || value->type == jbvNull)
		return NULL;
	switch (value->type)
	{
		case jbvString:
			return pnstrdup(value->val.string.val, value->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out,
													   NumericGetDatum(value->val.numeric)));
		case jbvBool:
			return pstrdup(value->val.boolean ? "true" : "false");
		case jbvBinary:
			return JsonbToCString(NULL, value->val.binary.data, value->val.binary.len);
		default:
			return NULL;
	}
}

/* One line (CRLF) of UTF-8 fields, appended to "out"; NULL fields are written empty. */
static void
append_record(StringInfo out, char **fields, int count, char delimiter, CoreHandles *handles)
{
	sr_text_view *views = palloc(sizeof(sr_text_view) * Max(count, 1));
	sr_status	status;

	for (int i = 0; i < count; i++)
	{
		views[i].data = fields[i];
		views[i].len = fields[i] != NULL ? strlen(fields[i]) : 0;
	}
	status = sr_csv_format_record(views, (size_t) count, delimiter, &handles->buffer);
	if (status != SR_OK)
		raise_core_failure(status, handles);
	appendBinaryStringInfo(out, handles->buffer.data, (int) handles->buffer.len);
	sr_buffer_free(&handles->buffer);
	handles->buffer.data = NULL;
	pfree(views);
}

/* A field in the database encoding as UTF-8 for the core (NULL stays NULL). */
static char *
utf8_field(const char *text)
{
	size_t		len;

	return text != NULL ? (char *) utf8_from_server(text, strlen(text), &len) : NULL;
}

/* The whole file, UTF-8, into "out". */
static void
build_file(CsvWriteState *state, StringInfo out)
{
	MarketplaceProfile *profile = state->profile;
	int			width = profile->field_count + list_length(state->extra_keys);
	char	  **fields = palloc(sizeof(char *) * Max(width, 1));
	CoreHandles *handles = core_handles_create(CurrentMemoryContext);
	TupleDesc	desc = state->source.desc;
	Datum	   *values;
	bool	   *nulls;
	MemoryContext row_context;
	ListCell   *cell;
	int			i;

	if (profile->preamble != NULL)
	{
		char	   *preamble = utf8_field(profile->preamble);
		char	   *line = preamble;

		/* Each line ends with CRLF, whatever it ended with in the profile. */
		while (*line != '\0')
		{
			size_t		len = strcspn(line, "\r\n");

			appendBinaryStringInfo(out, line, (int) len);
			appendStringInfoString(out, "\r\n");
			line += len;
			if (*line == '\r')
				line++;
			if (*line == '\n')
				line++;
		}
	}

	for (i = 0; i < profile->field_count; i++)
		fields[i] = utf8_field(profile->fields[i].header);
	foreach(cell, state->extra_keys)
		fields[i++] = utf8_field((char *) lfirst(cell));
	append_record(out, fields, width, profile->delimiter, handles);

	values = palloc(sizeof(Datum) * Max(desc->natts, 1));
	nulls = palloc(sizeof(bool) * Max(desc->natts, 1));
	row_context = AllocSetContextCreate(CurrentMemoryContext, "to_csv row", ALLOCSET_DEFAULT_SIZES);
	foreach(cell, state->rows)
	{
		HeapTupleHeader row = (HeapTupleHeader) lfirst(cell);
		HeapTupleData tuple;
		Jsonb	   *extra = NULL;
		ListCell   *key;
		MemoryContext outer = MemoryContextSwitchTo(row_context);

		tuple.t_len = HeapTupleHeaderGetDatumLength(row);
		tuple.t_data = row;
		heap_deform_tuple(&tuple, desc, values, nulls);
		for (i = 0; i < profile->field_count; i++)
			fields[i] = utf8_field(column_text(&state->source, values, nulls,
											   state->source.field_attnum[i]));
		if (state->source.extra_attnum > 0 && !nulls[state->source.extra_attnum - 1])
			extra = DatumGetJsonbP(values[state->source.extra_attnum - 1]);
		foreach(key, state->extra_keys)
			fields[i++] = extra != NULL ? utf8_field(extra_value(extra, (char *) lfirst(key))) : NULL;
		MemoryContextSwitchTo(outer);
		append_record(out, fields, width, profile->delimiter, handles);
		MemoryContextReset(row_context);
	}
	MemoryContextDelete(row_context);
	core_handles_release(handles);
}

/* to_csv: the file as text. */
Datum
to_csv_final_text(PG_FUNCTION_ARGS)
{
	StringInfoData out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	initStringInfo(&out);
	build_file((CsvWriteState *) PG_GETARG_POINTER(0), &out);
	PG_RETURN_TEXT_P(server_text_from_utf8(out.data, out.len));
}

/* to_csv_bytes: the file in the chosen encoding. */
Datum
to_csv_final_bytes(PG_FUNCTION_ARGS)
{
	CsvWriteState *state;
	StringInfoData out;
	CoreHandles *handles;
	bytea	   *result;
	sr_status	status;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (CsvWriteState *) PG_GETARG_POINTER(0);
	initStringInfo(&out);
	build_file(state, &out);
	handles = core_handles_create(CurrentMemoryContext);
	status = sr_csv_encode(out.data, out.len, state->encoding, &handles->buffer,
						   &handles->diagnostics);
	if (status != SR_OK)
		raise_core_failure(status, handles);
	result = palloc(VARHDRSZ + handles->buffer.len);
	SET_VARSIZE(result, VARHDRSZ + handles->buffer.len);
	memcpy(VARDATA(result), handles->buffer.data, handles->buffer.len);
	core_handles_release(handles);
	PG_RETURN_BYTEA_P(result);
}
