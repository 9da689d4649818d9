/*-------------------------------------------------------------------------
 *
 * correction_log.h
 *	  The events of a run (corrections, violations, rejections, failed
 *	  conversions) as rows of smart_rules.correction_logs, or of
 *	  preview_rules' result.
 *
 * Events are turned into text rows as they are found, batch by batch: for
 * the log table they are buffered column by column and written in bulk at
 * the end of each batch (table_multi_insert into the partition, see
 * correction_log.c); for a preview they go to the result's tuplestore.
 * Values of pii fields are replaced by 'sha256:' and the hex SHA-256
 * digest of their UTF-8 bytes in both.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_CORRECTION_LOG_H
#define SMART_RULES_CORRECTION_LOG_H

#include "executor/spi.h"
#include "utils/tuplestore.h"

#include "batch_reader.h"
#include "smart_rules_capi.h"

typedef enum EventDestination
{
	EVENTS_DISCARDED,			/* log => false: nothing is recorded */
	EVENTS_TO_LOG_TABLE,
	EVENTS_TO_TUPLESTORE
} EventDestination;

/* The columns of an event row, in the order of preview_rules' result. */
enum
{
	EVENT_ROW_KEY,
	EVENT_RULE_ID,
	EVENT_FIELD,
	EVENT_OLD_VALUE,
	EVENT_NEW_VALUE,
	EVENT_ACTION,
	EVENT_SEVERITY,
	EVENT_MESSAGE,
	EVENT_COLUMNS
};

/* What every logged event of a run shares (strings in the database encoding). */
typedef struct RunIdentity
{
	int64		run_id;
	const char *tenant_id;		/* a logged run always has one */
	const char *rule_set;
	const char *version;
} RunIdentity;

/* A string the executor's program owns, as logged (see program_text in correction_log.c). */
typedef enum EventKindOfText
{
	EVENT_OTHER,
	EVENT_CORRECT,				/* the action "correct" */
	EVENT_FLAG					/* the action "flag" */
} EventKindOfText;

typedef struct ProgramText
{
	const char *key;			/* the program's UTF-8 string; NULL: a free slot */
	Datum		datum;			/* its text Datum, database encoding */
	bool		is_pii;			/* as a field name: a pii field */
	EventKindOfText kind;		/* as an action */
} ProgramText;

typedef struct EventLog
{
	EventDestination destination;
	MemoryContext context;		/* the log's: lives as long as it */
	ProgramText *program_texts;	/* program_text_slots entries, a power of two */
	int			program_text_slots;
	int			program_text_count;
	int			pii_count;
	char	  **pii_fields;		/* database encoding */

	/* Totals over the run */
	uint64		corrections;
	uint64		violations;		/* flags and failed conversions */
	uint64		rows_changed;	/* rows with at least one correction */

	/* The current batch */
	int			rows;
	bool	   *row_corrected;
	int			count;
	int			capacity;
	Datum	   *columns[EVENT_COLUMNS];
	bool	   *nulls[EVENT_COLUMNS];

	/* EVENTS_TO_LOG_TABLE */
	RunIdentity identity;
	struct LogTableWriter *writer;	/* made when the first event is written */

	/* EVENTS_TO_TUPLESTORE */
	Tuplestorestate *store;
	TupleDesc	store_desc;
} EventLog;

extern void event_log_init(EventLog *log, EventDestination destination,
						   const sr_program *program);
extern void event_log_to_table(EventLog *log, const RunIdentity *identity);
extern void event_log_to_tuplestore(EventLog *log, Tuplestorestate *store, TupleDesc desc);
extern void event_log_begin_batch(EventLog *log, int rows);
extern void event_log_add_core_events(EventLog *log, const sr_executor *executor,
									  SourceReader *reader);
extern void event_log_add_failed_conversion(EventLog *log, SourceReader *reader, int row,
											const char *column, const char *value,
											const char *type_name);
extern void event_log_end_batch(EventLog *log);
extern void event_log_finish(EventLog *log);

#endif							/* SMART_RULES_CORRECTION_LOG_H */
