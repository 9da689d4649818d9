/*-------------------------------------------------------------------------
 *
 * correction_log.c
 *	  Events of a run as rows of correction_logs or of a preview (see
 *	  correction_log.h).
 *
 * Memory: a batch's buffered event columns live in the batch's memory
 * context (current while events are added) and are written, then dropped
 * with it, at the end of each batch; nothing grows with the row count.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "coercion.h"
#include "correction_log.h"
#include "run_log.h"
#include "server_encoding.h"

/* One statement per batch: the run's constants, then one array per event column. */
#define INSERT_EVENTS_SQL \
	"INSERT INTO smart_rules.correction_logs" \
	" (tenant_id, run_id, rule_set, version, row_key, rule_id, field," \
	"  old_value, new_value, action, severity, message)" \
	" SELECT $1, $2, $3, $4, e.row_key, e.rule_id, e.field," \
	"  e.old_value, e.new_value, e.action, e.severity, e.message" \
	" FROM unnest($5, $6, $7, $8, $9, $10, $11, $12)" \
	"  AS e(row_key, rule_id, field, old_value, new_value, action, severity, message)"
#define INSERT_EVENTS_CONSTANTS 4

static bool is_pii(const EventLog *log, const char *field);
static Datum logged_value(bool masked, const char *data, size_t len);
static Datum sha256_digest_text(const char *data, size_t len);
static void add_event(EventLog *log, Datum *values, bool *nulls);

/*
 * Start an event log going to "destination", for "program" (its pii
 * fields).  Allocations in CurrentMemoryContext, which must live as long as
 * the log.
 */
void
event_log_init(EventLog *log, EventDestination destination, const sr_program *program)
{
	memset(log, 0, sizeof(EventLog));
	log->destination = destination;
	log->pii_count = (int) sr_program_pii_count(program);
	log->pii_fields = palloc(sizeof(char *) * Max(log->pii_count, 1));
	for (int i = 0; i < log->pii_count; i++)
	{
		const char *field = sr_program_pii(program, (size_t) i);

		log->pii_fields[i] = server_string_from_utf8(field, strlen(field));
	}
}

/*
 * Events go to correction_logs, stamped with "identity" (whose strings must
 * live as long as the log); the INSERT is prepared now, inside SPI.
 */
void
event_log_to_table(EventLog *log, const RunIdentity *identity)
{
	Oid			types[INSERT_EVENTS_CONSTANTS + EVENT_COLUMNS] = {TEXTOID, INT8OID, TEXTOID, TEXTOID};
	MemoryContext caller_context = CurrentMemoryContext;
	LogOwnerSwitch owner;

	Assert(log->destination == EVENTS_TO_LOG_TABLE);
	for (int c = 0; c < EVENT_COLUMNS; c++)
		types[INSERT_EVENTS_CONSTANTS + c] = TEXTARRAYOID;
	log->identity = *identity;

	log_owner_enter(&owner);
	log->insert_plan = SPI_prepare(INSERT_EVENTS_SQL, lengthof(types), types);
	log_owner_leave(&owner);
	MemoryContextSwitchTo(caller_context);
	if (log->insert_plan == NULL)
		elog(ERROR, "SPI_prepare failed for the correction log insert: %s",
			 SPI_result_code_string(SPI_result));
}

/* Events go to a preview's result. */
void
event_log_to_tuplestore(EventLog *log, Tuplestorestate *store, TupleDesc desc)
{
	Assert(log->destination == EVENTS_TO_TUPLESTORE);
	log->store = store;
	log->store_desc = desc;
}

/* A batch of "rows" rows starts; its buffers live in CurrentMemoryContext. */
void
event_log_begin_batch(EventLog *log, int rows)
{
	log->rows = rows;
	log->row_corrected = palloc0(sizeof(bool) * Max(rows, 1));
	log->count = 0;
	log->capacity = 0;
}

/*
 * Record every event of the executor's last run: corrections, flags and
 * rejections, rule by rule.
 */
void
event_log_add_core_events(EventLog *log, const sr_executor *executor, SourceReader *reader)
{
	size_t		count;

	if (log->destination == EVENTS_DISCARDED)
		return;

	count = sr_executor_event_count(executor);
	for (size_t i = 0; i < count; i++)
	{
		sr_event_view event = sr_executor_event(executor, i);
		Datum		values[EVENT_COLUMNS];
		bool		nulls[EVENT_COLUMNS] = {0};
		char	   *field = server_string_from_utf8(event.field, strlen(event.field));
		bool		masked = is_pii(log, field);

		if (strcmp(event.action, "correct") == 0)
		{
			log->corrections++;
			if (!log->row_corrected[event.row])
			{
				log->row_corrected[event.row] = true;
				log->rows_changed++;
			}
		}
		else if (strcmp(event.action, "flag") == 0)
			log->violations++;

		values[EVENT_ROW_KEY] = CStringGetTextDatum(source_reader_row_key(reader, (int) event.row));
		values[EVENT_RULE_ID] = text_datum_from_utf8(event.rule_id, strlen(event.rule_id));
		values[EVENT_FIELD] = CStringGetTextDatum(field);
		nulls[EVENT_OLD_VALUE] = event.old_is_null;
		if (!event.old_is_null)
			values[EVENT_OLD_VALUE] = logged_value(masked, event.old_value, event.old_len);
		nulls[EVENT_NEW_VALUE] = event.new_is_null;
		if (!event.new_is_null)
			values[EVENT_NEW_VALUE] = logged_value(masked, event.new_value, event.new_len);
		values[EVENT_ACTION] = text_datum_from_utf8(event.action, strlen(event.action));
		values[EVENT_SEVERITY] = text_datum_from_utf8(event.severity, strlen(event.severity));
		nulls[EVENT_MESSAGE] = event.message_len == 0;
		if (event.message_len > 0)
			values[EVENT_MESSAGE] = text_datum_from_utf8(event.message, event.message_len);
		add_event(log, values, nulls);
	}
}

/*
 * Record that "value" (database encoding) of a row's "column" does not
 * convert to "type_name": a violation with action 'coerce', severity
 * 'error' and no rule.
 */
void
event_log_add_failed_conversion(EventLog *log, SourceReader *reader, int row,
								const char *column, const char *value, const char *type_name)
{
	Datum		values[EVENT_COLUMNS];
	bool		nulls[EVENT_COLUMNS] = {0};
	size_t		utf8_len;
	const char *utf8;

	if (log->destination == EVENTS_DISCARDED)
		return;
	log->violations++;

	utf8 = utf8_from_server(value, strlen(value), &utf8_len);
	values[EVENT_ROW_KEY] = CStringGetTextDatum(source_reader_row_key(reader, row));
	nulls[EVENT_RULE_ID] = true;
	values[EVENT_FIELD] = CStringGetTextDatum(column);
	values[EVENT_OLD_VALUE] = logged_value(is_pii(log, column), utf8, utf8_len);
	nulls[EVENT_NEW_VALUE] = true;
	values[EVENT_ACTION] = CStringGetTextDatum("coerce");
	values[EVENT_SEVERITY] = CStringGetTextDatum("error");
	values[EVENT_MESSAGE] = CStringGetTextDatum(psprintf("value is not a valid %s", type_name));
	add_event(log, values, nulls);
}

/*
 * The batch is done: write its events to correction_logs in one statement.
 */
void
event_log_end_batch(EventLog *log)
{
	Datum		args[INSERT_EVENTS_CONSTANTS + EVENT_COLUMNS];
	char		arg_nulls[INSERT_EVENTS_CONSTANTS + EVENT_COLUMNS];
	int			lower_bound = 1;
	MemoryContext caller_context = CurrentMemoryContext;
	LogOwnerSwitch owner;
	int			result;

	if (log->destination != EVENTS_TO_LOG_TABLE || log->count == 0)
		return;

	memset(arg_nulls, ' ', sizeof(arg_nulls));
	args[0] = CStringGetTextDatum(log->identity.tenant_id);
	args[1] = Int64GetDatum(log->identity.run_id);
	args[2] = CStringGetTextDatum(log->identity.rule_set);
	args[3] = CStringGetTextDatum(log->identity.version);
	for (int c = 0; c < EVENT_COLUMNS; c++)
		args[INSERT_EVENTS_CONSTANTS + c] =
			PointerGetDatum(construct_md_array(log->columns[c], log->nulls[c], 1,
											   &log->count, &lower_bound,
											   TEXTOID, -1, false, TYPALIGN_INT));

	log_owner_enter(&owner);
	result = SPI_execute_plan(log->insert_plan, args, arg_nulls, false, 0);
	log_owner_leave(&owner);
	MemoryContextSwitchTo(caller_context);
	if (result != SPI_OK_INSERT)
		elog(ERROR, "could not write the correction log: %s",
			 SPI_result_code_string(result));
}

static bool
is_pii(const EventLog *log, const char *field)
{
	for (int i = 0; i < log->pii_count; i++)
	{
		if (strcmp(log->pii_fields[i], field) == 0)
			return true;
	}
	return false;
}

/* A value as logged: its text, or its digest for a pii field. */
static Datum
logged_value(bool masked, const char *data, size_t len)
{
	return masked ? sha256_digest_text(data, len) : text_datum_from_utf8(data, len);
}

/* 'sha256:' and the lower-case hex SHA-256 digest of "len" bytes. */
static Datum
sha256_digest_text(const char *data, size_t len)
{
	static const char prefix[] = "sha256:";
	pg_cryptohash_ctx *context = pg_cryptohash_create(PG_SHA256);
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char		text[sizeof(prefix) - 1 + PG_SHA256_DIGEST_STRING_LENGTH];

	if (pg_cryptohash_init(context) < 0 ||
		pg_cryptohash_update(context, (const uint8 *) data, len) < 0 ||
		pg_cryptohash_final(context, digest, sizeof(digest)) < 0)
		elog(ERROR, "could not compute a SHA-256 digest: %s",
			 pg_cryptohash_error(context));
	pg_cryptohash_free(context);

	memcpy(text, prefix, sizeof(prefix) - 1);
	hex_encode((const char *) digest, sizeof(digest), text + sizeof(prefix) - 1);
	text[sizeof(text) - 1] = '\0';
	return CStringGetTextDatum(text);
}

/* Append one event row to the batch's columns, or to the preview's result. */
static void
add_event(EventLog *log, Datum *values, bool *nulls)
{
	if (log->destination == EVENTS_TO_TUPLESTORE)
	{
		tuplestore_putvalues(log->store, log->store_desc, values, nulls);
		return;
	}

	if (log->count == log->capacity)
	{
		int			capacity = log->capacity == 0 ? Max(log->rows, 64) : log->capacity * 2;

		for (int c = 0; c < EVENT_COLUMNS; c++)
		{
			if (log->capacity == 0)
			{
				log->columns[c] = palloc(sizeof(Datum) * capacity);
				log->nulls[c] = palloc(sizeof(bool) * capacity);
			}
			else
			{
				log->columns[c] = repalloc(log->columns[c], sizeof(Datum) * capacity);
				log->nulls[c] = repalloc(log->nulls[c], sizeof(bool) * capacity);
			}
		}
		log->capacity = capacity;
	}
	for (int c = 0; c < EVENT_COLUMNS; c++)
	{
		log->columns[c][log->count] = values[c];
		log->nulls[c][log->count] = nulls[c];
	}
	log->count++;
}
