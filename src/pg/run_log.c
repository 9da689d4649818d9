/*-------------------------------------------------------------------------
 *
 * run_log.c
 *	  rule_runs rows, run ids, the session's last run, and the identity the
 *	  log tables are written as (see run_log.h).
 *
 * A run id is drawn from rule_runs' identity sequence when a logged run
 * starts (its events carry it), and its rule_runs row is written once, when
 * the run ends, in the caller's transaction.  last_run_id() is
 * backend-local: it survives the transaction but not the session.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "run_log.h"
#include "server_encoding.h"

PG_FUNCTION_INFO_V1(last_run_id);

#define NEW_RUN_ID_SQL \
	"SELECT nextval(pg_get_serial_sequence('smart_rules.rule_runs', 'run_id'))"

#define INSERT_RUN_SQL \
	"INSERT INTO smart_rules.rule_runs" \
	" (run_id, tenant_id, rule_set, version, source, started_at, finished_at," \
	"  rows_in, rows_out, rows_changed, corrections, violations, rejected," \
	"  elapsed_ms, per_rule)" \
	" OVERRIDING SYSTEM VALUE" \
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb)"

/* The run id of this session's most recent apply call, when it logged. */
static int64 last_run = 0;
static bool last_run_logged = false;

static Oid	log_owner(void);

/*
 * Act as the owner of smart_rules.correction_logs until log_owner_leave.
 * An error in between needs no cleanup: aborting the (sub)transaction
 * restores the user id.
 */
void
log_owner_enter(LogOwnerSwitch *save)
{
	Oid			owner = log_owner();

	GetUserIdAndSecContext(&save->saved_user, &save->saved_context);
	SetUserIdAndSecContext(owner, save->saved_context |
						   SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
}

void
log_owner_leave(const LogOwnerSwitch *save)
{
	SetUserIdAndSecContext(save->saved_user, save->saved_context);
}

static Oid
log_owner(void)
{
	Oid			relid = get_relname_relid("correction_logs",
										  get_namespace_oid("smart_rules", false));
	HeapTuple	tuple;
	Oid			owner;

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table smart_rules.correction_logs does not exist")));
	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

/* A new run id, from rule_runs' identity sequence (inside SPI). */
int64
run_log_new_id(void)
{
	MemoryContext caller_context = CurrentMemoryContext;
	LogOwnerSwitch owner;
	int			result;
	bool		isnull;
	int64		run_id;

	log_owner_enter(&owner);
	result = SPI_execute(NEW_RUN_ID_SQL, false, 1);
	log_owner_leave(&owner);
	MemoryContextSwitchTo(caller_context);
	if (result != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not draw a run id: %s", SPI_result_code_string(result));
	run_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
										 &isnull));
	SPI_freetuptable(SPI_tuptable);
	return run_id;
}

/*
 * rule_runs.per_rule: [{"rule_id": ..., "fired": n, "changed": n,
 * "violations": n, "rejected": n, "ms": x}, ...] in rule order, palloc'd.
 */
char *
run_log_per_rule_json(const sr_executor *executor)
{
	size_t		count = sr_executor_rule_count(executor);
	StringInfoData json;

	initStringInfo(&json);
	appendStringInfoChar(&json, '[');
	for (size_t i = 0; i < count; i++)
	{
		sr_rule_stats_view stats = sr_executor_rule_stats(executor, i);

		if (i > 0)
			appendStringInfoString(&json, ", ");
		appendStringInfoString(&json, "{\"rule_id\": ");
		escape_json(&json, server_string_from_utf8(stats.rule_id, strlen(stats.rule_id)));
		appendStringInfo(&json,
						 ", \"fired\": %llu, \"changed\": %llu, \"violations\": %llu"
						 ", \"rejected\": %llu, \"ms\": %.3f}",
						 stats.fired, stats.changed, stats.violations, stats.rejected,
						 (double) stats.elapsed_ns / 1000000.0);
	}
	appendStringInfoChar(&json, ']');
	return json.data;
}

/* Write the rule_runs row of a run (inside SPI). */
void
run_log_insert(const RunRecord *record)
{
	Oid			types[15] = {INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,
		TIMESTAMPTZOID, TIMESTAMPTZOID, INT8OID, INT8OID, INT8OID, INT8OID, INT8OID, INT8OID,
	FLOAT8OID, TEXTOID};
	Datum		args[15];
	char		nulls[15];
	MemoryContext caller_context = CurrentMemoryContext;
	LogOwnerSwitch owner;
	int			result;

	memset(nulls, ' ', sizeof(nulls));
	args[0] = Int64GetDatum(record->figures.run_id);
	args[1] = CStringGetTextDatum(record->tenant_id);
	args[2] = CStringGetTextDatum(record->rule_set);
	args[3] = CStringGetTextDatum(record->version);
	args[4] = CStringGetTextDatum(record->source);
	args[5] = TimestampTzGetDatum(record->started_at);
	args[6] = TimestampTzGetDatum(record->finished_at);
	args[7] = Int64GetDatum((int64) record->figures.rows_in);
	args[8] = Int64GetDatum((int64) record->figures.rows_out);
	args[9] = Int64GetDatum((int64) record->figures.rows_changed);
	args[10] = Int64GetDatum((int64) record->figures.corrections);
	args[11] = Int64GetDatum((int64) record->figures.violations);
	args[12] = Int64GetDatum((int64) record->figures.rejected);
	args[13] = Float8GetDatum(record->figures.elapsed_ms);
	args[14] = CStringGetTextDatum(record->per_rule);

	log_owner_enter(&owner);
	result = SPI_execute_with_args(INSERT_RUN_SQL, lengthof(args), types, args, nulls,
								   false, 0);
	log_owner_leave(&owner);
	MemoryContextSwitchTo(caller_context);
	if (result != SPI_OK_INSERT)
		elog(ERROR, "could not write the run record: %s", SPI_result_code_string(result));
}

/*
 * Remember this session's most recent apply call: its run id when it was
 * logged, or that it was not (log => false).
 */
void
run_log_set_last(int64 run_id, bool logged)
{
	last_run = run_id;
	last_run_logged = logged;
}

/*
 * last_run_id() returns bigint
 *
 * The run id of this session's most recent apply_rules or
 * apply_rules_in_place call; null when there was none, or when it ran with
 * log => false (it has no run).
 */
Datum
last_run_id(PG_FUNCTION_ARGS)
{
	if (!last_run_logged)
		PG_RETURN_NULL();
	PG_RETURN_INT64(last_run);
}
