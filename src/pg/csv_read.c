/*-------------------------------------------------------------------------
 *
 * csv_read.c
 *	  read_csv(data bytea | text, marketplace text, options jsonb) returns
 *	  setof smart_rules.product.
 *
 * The marketplace's profile gives each product field its header names; the
 * core parses the whole file (sr_csv_parse: encoding, delimiter and header
 * row detected, quoting, line numbers in errors) and matches the headers;
 * here each row becomes a product: a matched column's cell goes to its
 * field (an empty cell is null), the other columns to extra as
 * {"header": "value"} (null when the file has no such column).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "core_handles.h"
#include "error_report.h"
#include "marketplace_profile.h"
#include "server_encoding.h"
#include "smart_rules_capi.h"

PG_FUNCTION_INFO_V1(read_csv_bytes);
PG_FUNCTION_INFO_V1(read_csv_text);

/* What the options argument can set. */
typedef struct ReadOptions
{
	char		delimiter;		/* 0: detect */
	sr_csv_encoding encoding;
	size_t		header_line;	/* 0: detect */
} ReadOptions;

static void read_options(Jsonb *options, bool already_decoded, ReadOptions *read);
static sr_csv *parse_file(const char *data, size_t len, const MarketplaceProfile *profile,
						  const ReadOptions *read, CoreHandles *handles);
static void check_required_fields(const sr_csv *csv, const MarketplaceProfile *profile);
static void emit_products(FunctionCallInfo fcinfo, const sr_csv *csv,
						  const MarketplaceProfile *profile);
static void read_csv(FunctionCallInfo fcinfo, const char *data, size_t len,
					 bool already_decoded);

Datum
read_csv_bytes(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);

	read_csv(fcinfo, VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data), false);
	return (Datum) 0;
}

Datum
read_csv_text(PG_FUNCTION_ARGS)
{
	text	   *data = PG_GETARG_TEXT_PP(0);
	size_t		utf8_len;
	const char *utf8 = utf8_from_server(VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data), &utf8_len);

	read_csv(fcinfo, utf8, utf8_len, true);
	return (Datum) 0;
}

/* The shared body: arguments 1 and 2 are the marketplace and the options. */
static void
read_csv(FunctionCallInfo fcinfo, const char *data, size_t len, bool already_decoded)
{
	char	   *marketplace = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ReadOptions read;
	MarketplaceProfile *profile;
	CoreHandles *handles;
	sr_csv	   *csv;

	read_options(PG_GETARG_JSONB_P(2), already_decoded, &read);
	profile = load_marketplace_profile(marketplace);
	handles = core_handles_create(CurrentMemoryContext);
	csv = parse_file(data, len, profile, &read, handles);
	check_required_fields(csv, profile);
	emit_products(fcinfo, csv, profile);
	core_handles_release(handles);
}

/* The options object: {"delimiter": ";", "encoding": "windows-1252", "header_line": 3}. */
static void
read_options(Jsonb *options, bool already_decoded, ReadOptions *read)
{
	JsonbIterator *it;
	JsonbValue	value;
	JsonbIteratorToken token;

	read->delimiter = 0;
	read->encoding = already_decoded ? SR_CSV_UTF8 : SR_CSV_DETECT;
	read->header_line = 0;
	if (!JB_ROOT_IS_OBJECT(options) || JB_ROOT_IS_SCALAR(options))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("read_csv options must be a JSON object")));

	it = JsonbIteratorInit(&options->root);
	while ((token = JsonbIteratorNext(&it, &value, true)) != WJB_DONE)
	{
		char	   *key;

		if (token != WJB_KEY)
			continue;
		key = pnstrdup(value.val.string.val, value.val.string.len);
		token = JsonbIteratorNext(&it, &value, true);
		if (strcmp(key, "delimiter") == 0 && value.type == jbvString)
		{
			char	   *delimiter = pnstrdup(value.val.string.val, value.val.string.len);

			if (strcmp(delimiter, ",") == 0 || strcmp(delimiter, ";") == 0 ||
				strcmp(delimiter, "\t") == 0)
				read->delimiter = delimiter[0];
			else if (pg_strcasecmp(delimiter, "tab") == 0)
				read->delimiter = '\t';
			else if (pg_strcasecmp(delimiter, "detect") != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("unknown delimiter \"%s\" in read_csv options", delimiter),
						 errhint("Use \",\", \";\", \"tab\" or \"detect\".")));
		}
		else if (strcmp(key, "encoding") == 0 && value.type == jbvString)
		{
			char	   *name = pnstrdup(value.val.string.val, value.val.string.len);

			if (already_decoded)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("read_csv of text takes no encoding option"),
						 errdetail("A text value is already decoded."),
						 errhint("Pass the file as bytea to have it decoded.")));
			read->encoding = csv_encoding_from_name(name, true, "read_csv");
		}
		else if (strcmp(key, "header_line") == 0 && value.type == jbvNumeric)
		{
			int64		line = DatumGetInt64(DirectFunctionCall1(numeric_int8,
																NumericGetDatum(value.val.numeric)));

			if (line < 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("header_line must be 1 or more")));
			read->header_line = (size_t) line;
		}
		else if (strcmp(key, "delimiter") == 0 || strcmp(key, "encoding") == 0 ||
				 strcmp(key, "header_line") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("read_csv option \"%s\" has the wrong type", key),
					 errhint("delimiter and encoding are strings, header_line a number.")));
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown read_csv option \"%s\"", key),
					 errhint("The options are delimiter, encoding and header_line.")));
	}
}

/* The core's parse of the file, held by "handles"; raises the core's first error. */
static sr_csv *
parse_file(const char *data, size_t len, const MarketplaceProfile *profile,
		   const ReadOptions *read, CoreHandles *handles)
{
	sr_csv_alias *aliases;
	int			alias_count = 0;
	sr_csv_options options;
	sr_status	status;

	for (int f = 0; f < profile->field_count; f++)
		alias_count += 1 + profile->fields[f].alias_count;
	aliases = palloc(sizeof(sr_csv_alias) * alias_count);
	alias_count = 0;
	for (int f = 0; f < profile->field_count; f++)
	{
		const ProfileField *field = &profile->fields[f];
		size_t		ignored;

		aliases[alias_count].name = utf8_from_server(field->header, strlen(field->header), &ignored);
		aliases[alias_count++].field = (size_t) f;
		for (int a = 0; a < field->alias_count; a++)
		{
			aliases[alias_count].name = utf8_from_server(field->aliases[a],
														 strlen(field->aliases[a]), &ignored);
			aliases[alias_count++].field = (size_t) f;
		}
	}

	memset(&options, 0, sizeof(options));
	options.delimiter = read->delimiter;
	options.encoding = read->encoding;
	options.header_line = read->header_line;
	options.field_count = (size_t) profile->field_count;
	options.aliases = aliases;
	options.alias_count = (size_t) alias_count;
	status = sr_csv_parse(data, len, &options, &handles->csv, &handles->diagnostics);
	if (status != SR_OK)
		raise_core_failure(status, handles);
	return handles->csv;
}

/* A file without a column for a required field of the profile is refused. */
static void
check_required_fields(const sr_csv *csv, const MarketplaceProfile *profile)
{
	for (int f = 0; f < profile->field_count; f++)
	{
		const ProfileField *field = &profile->fields[f];
		bool		found = false;
		StringInfoData names;

		if (!field->required)
			continue;
		for (size_t c = 0; c < sr_csv_column_count(csv) && !found; c++)
			found = sr_csv_column_field(csv, c) == f;
		if (found)
			continue;

		initStringInfo(&names);
		appendStringInfo(&names, "\"%s\"", field->header);
		for (int a = 0; a < field->alias_count; a++)
			appendStringInfo(&names, ", \"%s\"", field->aliases[a]);
		ereport(ERROR,
				(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				 errmsg("the file has no column for the required field \"%s\"", field->field),
				 errdetail("line %zu, the header of marketplace \"%s\"",
						   sr_csv_header_line(csv), profile->marketplace),
				 errhint("Name a column %s.", names.data)));
	}
}

/* Every data row as a product, into the function's tuplestore. */
static void
emit_products(FunctionCallInfo fcinfo, const sr_csv *csv, const MarketplaceProfile *profile)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	size_t		columns = sr_csv_column_count(csv);
	int			natts;
	Datum	   *values;
	bool	   *nulls;
	int		   *column_attnum = palloc(sizeof(int) * Max(columns, 1));
	char	  **extra_keys = palloc(sizeof(char *) * Max(columns, 1));
	bool		has_extra = false;
	MemoryContext row_context;
	MemoryContext outer;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	natts = rsinfo->setDesc->natts;
	values = palloc(sizeof(Datum) * natts);
	nulls = palloc(sizeof(bool) * natts);

	/* Each column: its product attribute, or its JSON key in extra. */
	for (size_t c = 0; c < columns; c++)
	{
		long		field = sr_csv_column_field(csv, c);

		column_attnum[c] = field >= 0 ? profile->fields[field].attnum : 0;
		if (field < 0)
		{
			sr_text_view name = sr_csv_column_name(csv, c);
			StringInfoData key;

			initStringInfo(&key);
			escape_json(&key, server_string_from_utf8(name.data, name.len));
			extra_keys[c] = key.data;
			has_extra = true;
		}
	}

	row_context = AllocSetContextCreate(CurrentMemoryContext, "read_csv row",
										ALLOCSET_DEFAULT_SIZES);
	for (size_t r = 0; r < sr_csv_row_count(csv); r++)
	{
		StringInfoData extra;
		bool		first_extra = true;

		CHECK_FOR_INTERRUPTS();
		outer = MemoryContextSwitchTo(row_context);
		for (int a = 0; a < natts; a++)
			nulls[a] = true;
		if (has_extra)
		{
			initStringInfo(&extra);
			appendStringInfoChar(&extra, '{');
		}
		for (size_t c = 0; c < columns; c++)
		{
			sr_text_view cell = sr_csv_cell(csv, r, c);

			if (column_attnum[c] > 0)
			{
				if (cell.len == 0)
					continue;
				values[column_attnum[c] - 1] =
					PointerGetDatum(server_text_from_utf8(cell.data, cell.len));
				nulls[column_attnum[c] - 1] = false;
			}
			else
			{
				if (!first_extra)
					appendStringInfoChar(&extra, ',');
				first_extra = false;
				appendStringInfoString(&extra, extra_keys[c]);
				appendStringInfoChar(&extra, ':');
				escape_json(&extra, server_string_from_utf8(cell.data, cell.len));
			}
		}
		if (has_extra)
		{
			appendStringInfoChar(&extra, '}');
			values[profile->extra_attnum - 1] =
				DirectFunctionCall1(jsonb_in, CStringGetDatum(extra.data));
			nulls[profile->extra_attnum - 1] = false;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(outer);
		MemoryContextReset(row_context);
	}
	MemoryContextDelete(row_context);
}
