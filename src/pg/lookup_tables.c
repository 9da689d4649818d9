/*-------------------------------------------------------------------------
 *
 * lookup_tables.c
 *	  Lookup tables read into the executor (see lookup_tables.h).
 *
 * Each lookup action names a table and two columns; its pairs are read
 * with the caller's privileges and row level security (RULES.md: "read
 * from a table once per run with the caller's privileges"), both columns
 * as text, through a cursor so that a large table is not held twice in
 * memory.  Rows with a null key are skipped: no value can equal them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/regproc.h"

#include "lookup_tables.h"
#include "server_encoding.h"

#define LOOKUP_FETCH_ROWS 10000

static char *lookup_query(const sr_lookup_view *lookup);
static sr_status load_pairs(sr_executor *executor, size_t index, Portal portal,
							MemoryContext scratch);

/*
 * Add the pairs of every lookup of the executor's program (inside SPI).
 * Returns the first failing status of the core, after which the caller
 * raises sr_last_failure().
 */
sr_status
load_lookup_tables(sr_executor *executor)
{
	size_t		count = sr_executor_lookup_count(executor);
	MemoryContext caller_context = CurrentMemoryContext;
	MemoryContext scratch;
	sr_status	status = SR_OK;

	if (count == 0)
		return SR_OK;
	scratch = AllocSetContextCreate(caller_context, "smart_rules lookup",
									ALLOCSET_DEFAULT_SIZES);
	for (size_t i = 0; i < count && status == SR_OK; i++)
	{
		sr_lookup_view lookup = sr_executor_lookup(executor, i);
		SPIPlanPtr	plan = SPI_prepare(lookup_query(&lookup), 0, NULL);
		Portal		portal;

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed for a lookup table: %s",
				 SPI_result_code_string(SPI_result));
		portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
		status = load_pairs(executor, i, portal, scratch);
		SPI_cursor_close(portal);
		SPI_freeplan(plan);
	}
	MemoryContextSwitchTo(caller_context);
	MemoryContextDelete(scratch);
	return status;
}

/* SELECT key::text, value::text FROM table, with every name quoted. */
static char *
lookup_query(const sr_lookup_view *lookup)
{
	char	   *table = server_string_from_utf8(lookup->table, strlen(lookup->table));
	char	   *key = server_string_from_utf8(lookup->key_column, strlen(lookup->key_column));
	char	   *value = server_string_from_utf8(lookup->value_column,
												strlen(lookup->value_column));

	return psprintf("SELECT %s::text, %s::text FROM %s",
					quote_identifier(key), quote_identifier(value),
					NameListToQuotedString(stringToQualifiedNameList(table)));
}

static sr_status
load_pairs(sr_executor *executor, size_t index, Portal portal, MemoryContext scratch)
{
	bool		convert = GetDatabaseEncoding() != PG_UTF8;
	MemoryContext caller_context = CurrentMemoryContext;
	sr_status	status = SR_OK;

	while (status == SR_OK)
	{
		SPI_cursor_fetch(portal, true, LOOKUP_FETCH_ROWS);
		MemoryContextSwitchTo(caller_context);	/* SPI leaves its own current */
		if (SPI_processed == 0)
		{
			SPI_freetuptable(SPI_tuptable);
			break;
		}
		MemoryContextSwitchTo(scratch);
		for (uint64 row = 0; row < SPI_processed; row++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[row];
			bool		key_null;
			bool		value_null;
			Datum		key = SPI_getbinval(tuple, SPI_tuptable->tupdesc, 1, &key_null);
			Datum		value = SPI_getbinval(tuple, SPI_tuptable->tupdesc, 2, &value_null);
			text	   *key_text;
			text	   *value_text;
			const char *key_data;
			const char *value_data = "";
			size_t		key_len;
			size_t		value_len = 0;

			if (key_null)
				continue;
			key_text = DatumGetTextPP(key);
			key_data = VARDATA_ANY(key_text);
			key_len = VARSIZE_ANY_EXHDR(key_text);
			if (!value_null)
			{
				value_text = DatumGetTextPP(value);
				value_data = VARDATA_ANY(value_text);
				value_len = VARSIZE_ANY_EXHDR(value_text);
			}
			if (convert)
			{
				key_data = utf8_from_server(key_data, key_len, &key_len);
				if (!value_null)
					value_data = utf8_from_server(value_data, value_len, &value_len);
			}
			status = sr_executor_add_lookup_pair(executor, index, key_data, key_len,
												 value_data, value_len, value_null);
			if (status != SR_OK)
				break;
		}
		SPI_freetuptable(SPI_tuptable);
		MemoryContextSwitchTo(caller_context);
		MemoryContextReset(scratch);
	}
	return status;
}
