/*-------------------------------------------------------------------------
 *
 * batch_reader.c
 *	  The source of a run, read in batches (see batch_reader.h).
 *
 * The query names the columns the binding needs, plus ctid (and tableoid
 * when rows may come from several tables) for a table: row keys and
 * in-place writes use them.  A batch is fetched from the cursor's portal
 * into our own DestReceiver, which copies each row's values straight into
 * flat arrays (by-reference values into a bump arena of the batch's
 * memory): no tuple is formed, kept in a tuple table and deformed again,
 * as SPI_cursor_fetch would.  The core then receives, for every program
 * field the source has, the value's text form: text, varchar and char values as the detoasted
 * bytes themselves (no copy), other types through their output function,
 * converted to UTF-8 when the database is not.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "tcop/pquery.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "batch_reader.h"
#include "server_encoding.h"

static void read_primary_key(SourceReader *reader, Relation relation);
static char *build_query(const SourceReader *reader);
static bool next_given_row(SourceReader *reader);
static bool receive_row(TupleTableSlot *slot, DestReceiver *self);
static void receive_nothing_on_startup(DestReceiver *self, int operation, TupleDesc desc);
static void receive_nothing(DestReceiver *self);
static Datum copy_value(SourceReader *reader, Form_pg_attribute attribute, Datum value);
static void *arena_copy(SourceReader *reader, const void *data, Size size);

/* Bytes of each block of a batch's value arena (larger values get their own block). */
#define VALUE_ARENA_BLOCK_SIZE (256 * 1024)

/* The DestReceiver a batch is fetched into (see receive_row). */
typedef struct BatchReceiver
{
	DestReceiver pub;
	SourceReader *reader;
} BatchReceiver;

/*
 * Learn what the run needs of "relation" (a table, partitioned table,
 * materialized view, foreign table or view): its name, how its rows are
 * keyed in the logs, and whether the query reads ctid and tableoid.
 * Everything is allocated in CurrentMemoryContext, which must live as long
 * as the reader.
 */
void
source_reader_describe(SourceReader *reader, Relation relation)
{
	char		relkind = relation->rd_rel->relkind;
	bool		is_table = relkind == RELKIND_RELATION ||
		relkind == RELKIND_PARTITIONED_TABLE || relkind == RELKIND_MATVIEW;

	memset(reader, 0, sizeof(SourceReader));
	reader->context = CurrentMemoryContext;
	reader->relid = RelationGetRelid(relation);
	reader->relkind = relkind;
	reader->qualified_name =
		quote_qualified_identifier(get_namespace_name(RelationGetNamespace(relation)),
								   RelationGetRelationName(relation));
	reader->reads_ctid = is_table;
	reader->reads_tableoid = relkind == RELKIND_PARTITIONED_TABLE ||
		(is_table && relation->rd_rel->relhassubclass);
	reader->ctid_column = -1;
	reader->tableoid_column = -1;

	if (is_table)
		read_primary_key(reader, relation);
	if (reader->key_count > 0)
		reader->key_kind = ROW_KEY_PRIMARY_KEY;
	else if (reader->reads_tableoid)
		reader->key_kind = ROW_KEY_TABLE_CTID;
	else if (reader->reads_ctid)
		reader->key_kind = ROW_KEY_CTID;
	else
		reader->key_kind = ROW_KEY_ORDINAL;
}

/* The key columns of the relation's primary key, if it has one. */
static void
read_primary_key(SourceReader *reader, Relation relation)
{
	Oid			index = RelationGetPrimaryKeyIndex(relation);
	HeapTuple	tuple;
	Form_pg_index form;

	if (!OidIsValid(index))
		return;
	tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for index %u", index);
	form = (Form_pg_index) GETSTRUCT(tuple);

	reader->key_count = form->indnkeyatts;
	reader->key_attnums = palloc(sizeof(AttrNumber) * reader->key_count);
	for (int k = 0; k < reader->key_count; k++)
		reader->key_attnums[k] = form->indkey.values[k];
	ReleaseSysCache(tuple);
}

/*
 * Open the cursor that reads the columns of "binding" (then ctid and
 * tableoid) from the relation, at most "max_rows" rows (0: all).  The
 * caller's privileges are checked here, before any row is read.
 */
void
source_reader_open(SourceReader *reader, const FieldBinding *binding, uint64 max_rows)
{
	SPIPlanPtr	plan;
	int			column = binding->source_count;

	reader->binding = binding;
	reader->max_rows = max_rows;
	if (reader->reads_ctid)
		reader->ctid_column = column++;
	if (reader->reads_tableoid)
		reader->tableoid_column = column++;

	plan = SPI_prepare(build_query(reader), 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for the source query: %s",
			 SPI_result_code_string(SPI_result));
	/*
	 * Read-only: the cursor reads with the calling statement's snapshot, so
	 * that it never sees what that statement writes while the run streams
	 * its rows (INSERT INTO t SELECT * FROM apply_rules(..., 't', ...)), nor
	 * what the run itself writes (apply_rules_in_place).
	 */
	reader->portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	if (reader->portal == NULL)
		elog(ERROR, "SPI_cursor_open failed for the source query: %s",
			 SPI_result_code_string(SPI_result));
}

/*
 * Instead of a query, read one given row of the relation (a row trigger's
 * NEW, in "desc"): the only batch is that row.  Without a primary key its
 * row key is the ctid of its old version when "old_ctid" is given (an
 * UPDATE), else its ordinal, 1 (an INSERT: the row has no ctid yet).
 */
void
source_reader_give_row(SourceReader *reader, const FieldBinding *binding, HeapTuple row,
					   TupleDesc desc, ItemPointer old_ctid)
{
	reader->binding = binding;
	reader->given_row = row;
	reader->given_desc = desc;
	reader->reads_tableoid = false;
	reader->reads_ctid = old_ctid != NULL;
	ItemPointerSetInvalid(&reader->given_ctid);
	if (old_ctid != NULL)
	{
		reader->given_ctid = *old_ctid;
		reader->ctid_column = binding->source_count;
	}
	if (reader->key_kind != ROW_KEY_PRIMARY_KEY)
		reader->key_kind = old_ctid != NULL ? ROW_KEY_CTID : ROW_KEY_ORDINAL;
}

/* The given row as the only batch: its source columns, then the old ctid. */
static bool
next_given_row(SourceReader *reader)
{
	const FieldBinding *binding = reader->binding;
	int			natts = reader->given_desc->natts;
	Datum	   *row_values;
	bool	   *row_nulls;

	if (reader->rows_read > 0)
		return false;
	row_values = palloc(sizeof(Datum) * Max(natts, 1));
	row_nulls = palloc(sizeof(bool) * Max(natts, 1));
	heap_deform_tuple(reader->given_row, reader->given_desc, row_values, row_nulls);

	reader->rows = 1;
	reader->width = binding->source_count + (reader->reads_ctid ? 1 : 0);
	reader->values = palloc(sizeof(Datum) * Max(reader->width, 1));
	reader->nulls = palloc(sizeof(bool) * Max(reader->width, 1));
	for (int c = 0; c < binding->source_count; c++)
	{
		int			attnum = SPI_fnumber(reader->given_desc, binding->sources[c].name);

		if (attnum <= 0)
			elog(ERROR, "column \"%s\" of the given row does not exist",
				 binding->sources[c].name);
		reader->values[c] = row_values[attnum - 1];
		reader->nulls[c] = row_nulls[attnum - 1];
	}
	if (reader->reads_ctid)
	{
		reader->values[reader->ctid_column] = PointerGetDatum(&reader->given_ctid);
		reader->nulls[reader->ctid_column] = false;
	}
	reader->row_keys = palloc0(sizeof(char *));
	return true;
}

/* SELECT <source columns>[, ctid][, tableoid] FROM <relation> AS s */
static char *
build_query(const SourceReader *reader)
{
	const FieldBinding *binding = reader->binding;
	StringInfoData sql;
	const char *separator = " ";

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT");
	for (int c = 0; c < binding->source_count; c++)
	{
		appendStringInfo(&sql, "%ss.%s", separator,
						 quote_identifier(binding->sources[c].name));
		separator = ", ";
	}
	if (reader->reads_ctid)
	{
		appendStringInfo(&sql, "%ss.ctid", separator);
		separator = ", ";
	}
	if (reader->reads_tableoid)
		appendStringInfo(&sql, "%ss.tableoid", separator);
	appendStringInfo(&sql, " FROM %s AS s", reader->qualified_name);
	return sql.data;
}

/*
 * Fetch and deform the next batch of at most "batch_size" rows (or the
 * given row), in CurrentMemoryContext.  Returns false when the source (or
 * max_rows) is exhausted.
 */
bool
source_reader_next_batch(SourceReader *reader, int batch_size)
{
	long		wanted = batch_size;
	BatchReceiver receiver = {{0}};

	if (reader->given_row != NULL)
		return next_given_row(reader);
	if (reader->max_rows > 0)
	{
		if (reader->rows_read >= reader->max_rows)
			return false;
		wanted = (long) Min((uint64) wanted, reader->max_rows - reader->rows_read);
	}

	reader->batch_context = CurrentMemoryContext;
	reader->rows = 0;
	reader->width = reader->binding->source_count + (reader->reads_ctid ? 1 : 0) +
		(reader->reads_tableoid ? 1 : 0);
	reader->values = palloc(sizeof(Datum) * wanted * Max(reader->width, 1));
	reader->nulls = palloc(sizeof(bool) * wanted * Max(reader->width, 1));
	reader->arena_free = NULL;
	reader->arena_left = 0;

	receiver.pub.receiveSlot = receive_row;
	receiver.pub.rStartup = receive_nothing_on_startup;
	receiver.pub.rShutdown = receive_nothing;
	receiver.pub.rDestroy = receive_nothing;
	receiver.pub.mydest = DestNone;
	receiver.reader = reader;
	PortalRunFetch(reader->portal, FETCH_FORWARD, wanted, &receiver.pub);
	MemoryContextSwitchTo(reader->batch_context);
	if (reader->rows == 0)
		return false;
	reader->row_keys = palloc0(sizeof(char *) * reader->rows);
	return true;
}

/*
 * A row of the fetch: its values into the batch's arrays, by-reference
 * ones copied into the arena (the slot's point into a buffer page, or into
 * memory of the executor's, that will not stay); an expanded object (a
 * view may compute one) is flattened into the batch's memory, as forming a
 * tuple would.
 */
static bool
receive_row(TupleTableSlot *slot, DestReceiver *self)
{
	SourceReader *reader = ((BatchReceiver *) self)->reader;
	TupleDesc	desc = slot->tts_tupleDescriptor;
	Datum	   *values = &reader->values[reader->rows * reader->width];
	bool	   *nulls = &reader->nulls[reader->rows * reader->width];

	slot_getallattrs(slot);
	for (int c = 0; c < reader->width; c++)
	{
		Form_pg_attribute attribute = TupleDescAttr(desc, c);

		nulls[c] = slot->tts_isnull[c];
		if (nulls[c] || attribute->attbyval)
			values[c] = slot->tts_values[c];
		else
			values[c] = copy_value(reader, attribute, slot->tts_values[c]);
	}
	reader->rows++;
	return true;
}

/* A by-reference value of a fetched row, copied into the batch's memory. */
static Datum
copy_value(SourceReader *reader, Form_pg_attribute attribute, Datum value)
{
	Pointer		data = DatumGetPointer(value);
	MemoryContext caller_context;
	Datum		flat;

	if (attribute->attlen == -1 && VARATT_IS_EXTERNAL_EXPANDED(data))
	{
		caller_context = MemoryContextSwitchTo(reader->batch_context);
		flat = datumCopy(value, false, -1);
		MemoryContextSwitchTo(caller_context);
		return flat;
	}
	return PointerGetDatum(arena_copy(reader, data,
									  attribute->attlen == -1 ? VARSIZE_ANY(data) :
									  attribute->attlen == -2 ? strlen(data) + 1 :
									  (Size) attribute->attlen));
}

/* The receiver needs no setup and no cleanup. */
static void
receive_nothing_on_startup(DestReceiver *self, int operation, TupleDesc desc)
{
}

static void
receive_nothing(DestReceiver *self)
{
}

/*
 * A copy of "size" bytes in the batch's arena, MAXALIGN'ed: blocks of
 * VALUE_ARENA_BLOCK_SIZE bytes of the batch's memory filled one after the
 * other, a larger value in a chunk of its own.
 */
static void *
arena_copy(SourceReader *reader, const void *data, Size size)
{
	Size		aligned = MAXALIGN(size);
	char	   *copy;

	if (aligned > VALUE_ARENA_BLOCK_SIZE / 4)
		copy = MemoryContextAlloc(reader->batch_context, size);
	else
	{
		if (aligned > reader->arena_left)
		{
			reader->arena_free = MemoryContextAlloc(reader->batch_context,
													VALUE_ARENA_BLOCK_SIZE);
			reader->arena_left = VALUE_ARENA_BLOCK_SIZE;
		}
		copy = reader->arena_free;
		reader->arena_free += aligned;
		reader->arena_left -= aligned;
	}
	memcpy(copy, data, size);
	return copy;
}

/*
 * Start a batch in the executor and set every value the source has of the
 * program's fields.  The values stay valid until source_reader_end_batch.
 * May be called again for the same batch (after an interrupted run).
 */
sr_status
source_reader_feed(SourceReader *reader, sr_executor *executor)
{
	const FieldBinding *binding = reader->binding;
	bool		convert = GetDatabaseEncoding() != PG_UTF8;
	sr_status	status = sr_executor_begin_batch(executor, (size_t) reader->rows);

	if (status != SR_OK)
		return status;

	for (int field = 0; field < binding->field_count; field++)
	{
		int			column = binding->field_source[field];
		const SourceColumn *source;

		if (column < 0)
			continue;
		source = &binding->sources[column];
		for (int row = 0; row < reader->rows; row++)
		{
			int			cell = row * reader->width + column;
			const char *data;
			size_t		len;

			if (reader->nulls[cell])
				continue;
			if (source->is_text)
			{
				struct varlena *value = (struct varlena *) DatumGetPointer(reader->values[cell]);

				if (VARATT_IS_EXTERNAL(value) || VARATT_IS_COMPRESSED(value))
					value = pg_detoast_datum_packed(value);

				data = VARDATA_ANY(value);
				len = VARSIZE_ANY_EXHDR(value);
			}
			else
			{
				data = OutputFunctionCall((FmgrInfo *) &source->output, reader->values[cell]);
				len = strlen(data);
			}
			if (convert)
				data = utf8_from_server(data, len, &len);
			sr_executor_set_value(executor, (size_t) field, (size_t) row, data, len);
		}
	}
	return SR_OK;
}

/*
 * The text form (database encoding, palloc'd) of a non-null source column
 * value in a row of the current batch.
 */
char *
source_reader_text(const SourceReader *reader, int row, int source_column)
{
	const SourceColumn *source = &reader->binding->sources[source_column];
	Datum		value = reader->values[row * reader->width + source_column];

	if (source->is_text)
		return TextDatumGetCString(value);
	return OutputFunctionCall((FmgrInfo *) &source->output, value);
}

/*
 * The row key of a row of the current batch (computed once, in the batch's
 * memory): the primary key's text, the ctid, relname:ctid, or the ordinal.
 */
const char *
source_reader_row_key(SourceReader *reader, int row)
{
	const FieldBinding *binding = reader->binding;
	int			base = row * reader->width;
	StringInfoData key;
	Oid			table;

	if (reader->row_keys[row] != NULL)
		return reader->row_keys[row];

	switch (reader->key_kind)
	{
		case ROW_KEY_PRIMARY_KEY:
			initStringInfo(&key);
			for (int k = 0; k < binding->key_count; k++)
			{
				int			column = binding->key_sources[k];

				if (k > 0)
					appendStringInfoChar(&key, ',');
				if (!reader->nulls[base + column])
					appendStringInfoString(&key, source_reader_text(reader, row, column));
			}
			reader->row_keys[row] = key.data;
			break;
		case ROW_KEY_CTID:
			reader->row_keys[row] =
				DatumGetCString(DirectFunctionCall1(tidout,
													reader->values[base + reader->ctid_column]));
			break;
		case ROW_KEY_TABLE_CTID:
			table = DatumGetObjectId(reader->values[base + reader->tableoid_column]);
			if (table != reader->named_table)
			{
				char	   *name = get_rel_name(table);

				if (reader->table_name != NULL)
					pfree(reader->table_name);
				reader->table_name = MemoryContextStrdup(reader->context,
														 name != NULL ? name : "?");
				reader->named_table = table;
			}
			reader->row_keys[row] =
				psprintf("%s:%s", reader->table_name,
						 DatumGetCString(DirectFunctionCall1(tidout,
															 reader->values[base + reader->ctid_column])));
			break;
		case ROW_KEY_ORDINAL:
			reader->row_keys[row] = psprintf(UINT64_FORMAT, reader->rows_read + row + 1);
			break;
	}
	return reader->row_keys[row];
}

/* Done with the current batch (the caller resets the batch's memory context). */
void
source_reader_end_batch(SourceReader *reader)
{
	reader->rows_read += reader->rows;
	reader->rows = 0;
}

void
source_reader_close(SourceReader *reader)
{
	if (reader->portal != NULL)
		SPI_cursor_close(reader->portal);
	reader->portal = NULL;
}
