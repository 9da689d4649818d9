/*-------------------------------------------------------------------------
 *
 * batch_reader.h
 *	  Reading a source relation in batches through an SPI cursor, and
 *	  handing each batch to the core.
 *
 * The query runs with the caller's privileges and row level security.  A
 * batch lives in the memory context current when it is fetched (the run's
 * per-batch context) until it is reset after source_reader_end_batch; the
 * values handed to the core point into it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_BATCH_READER_H
#define SMART_RULES_BATCH_READER_H

#include "executor/spi.h"
#include "utils/rel.h"

#include "field_binding.h"
#include "smart_rules_capi.h"

/* What identifies a source row in the logs (SQL-API.md, Logs and runs). */
typedef enum RowKeyKind
{
	ROW_KEY_PRIMARY_KEY,		/* the primary key's columns as text, joined by ',' */
	ROW_KEY_CTID,				/* a plain table's ctid */
	ROW_KEY_TABLE_CTID,			/* relname:ctid, for a table with partitions or children */
	ROW_KEY_ORDINAL				/* the row's 1-based ordinal in the run (a view) */
} RowKeyKind;

typedef struct SourceReader
{
	/* The relation (set by source_reader_describe) */
	MemoryContext context;		/* the run's: what lives across batches */
	Oid			relid;
	char		relkind;
	char	   *qualified_name;	/* schema.name, quoted where needed */
	RowKeyKind	key_kind;
	int			key_count;		/* primary key columns */
	AttrNumber *key_attnums;
	bool		reads_ctid;		/* a table: the query also reads ctid... */
	bool		reads_tableoid; /* ...and tableoid, when rows may live in several tables */

	/* The query (set by source_reader_open) */
	const FieldBinding *binding;
	Portal		portal;
	int			ctid_column;	/* 0-based column of ctid in a result row, or -1 */
	int			tableoid_column;	/* likewise for tableoid */
	uint64		max_rows;		/* 0: every row */
	uint64		rows_read;		/* rows of the batches before the current one */

	/* A single given row instead of a query (a row trigger's NEW) */
	HeapTuple	given_row;
	TupleDesc	given_desc;
	ItemPointerData given_ctid;	/* its old version's ctid, when valid */

	/* The current batch */
	MemoryContext batch_context;
	char	   *arena_free;		/* where the next value copy goes (see arena_copy) */
	Size		arena_left;
	int			rows;
	int			width;			/* columns of a result row */
	Datum	   *values;			/* rows x width, deformed */
	bool	   *nulls;
	char	  **row_keys;		/* computed on first use */
	Oid			named_table;	/* one-entry cache of a table's name for row keys */
	char	   *table_name;
} SourceReader;

extern void source_reader_describe(SourceReader *reader, Relation relation);
extern void source_reader_open(SourceReader *reader, const FieldBinding *binding,
							   uint64 max_rows);
extern void source_reader_give_row(SourceReader *reader, const FieldBinding *binding,
								   HeapTuple row, TupleDesc desc, ItemPointer old_ctid);
extern bool source_reader_next_batch(SourceReader *reader, int batch_size);
extern sr_status source_reader_feed(SourceReader *reader, sr_executor *executor);
extern char *source_reader_text(const SourceReader *reader, int row, int source_column);
extern const char *source_reader_row_key(SourceReader *reader, int row);

/* The Datum of a source column in a row of the current batch. */
static inline Datum
source_reader_value(const SourceReader *reader, int row, int source_column, bool *isnull)
{
	int			cell = row * reader->width + source_column;

	*isnull = reader->nulls[cell];
	return reader->values[cell];
}
extern void source_reader_end_batch(SourceReader *reader);
extern void source_reader_close(SourceReader *reader);

#endif							/* SMART_RULES_BATCH_READER_H */
