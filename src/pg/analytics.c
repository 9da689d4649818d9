/*-------------------------------------------------------------------------
 *
 * analytics.c
 *	  refresh_analytics(), the refresh after a run (see analytics.h), and
 *	  run_maintenance(): REFRESH MATERIALIZED VIEW of correction_stats_daily
 *	  and rule_run_stats_daily, one transaction at a time, and pg_partman's
 *	  maintenance of correction_logs.
 *
 * One refresh at a time per database: a refresh first takes a
 * transaction-level advisory lock without waiting, and is skipped when
 * another transaction holds it.  The lock is held until the transaction
 * ends, like REFRESH's own lock on the views, so that a second refresh
 * never queues behind the first.
 *
 * Both run as the owner of the views (the extension's owner): the caller
 * needs no privilege on other tenants' logs, nor on pg_partman.  Not as a
 * security-restricted operation, because REFRESH ... CONCURRENTLY creates a
 * temporary table; instead search_path is pg_catalog, pg_temp meanwhile, the
 * statements run here are fully qualified, and REFRESH runs the views'
 * queries as a restricted operation itself.  Every setting changed in
 * between is rolled back on the way out: pg_partman's maintenance sets
 * search_path for the session and puts back, still for the session, the
 * value it found.
 *
 * The refresh runs in the caller's transaction: after a run it sees the
 * rows the run just wrote, and rolls back with it.  Its time is added to
 * the caller's statement.  The time of the last refresh is kept in
 * smart_rules.analytics_refresh_state, where every backend sees it, for the
 * interval setting.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "storage/lock.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "analytics.h"
#include "gucs.h"

PG_FUNCTION_INFO_V1(refresh_analytics);
PG_FUNCTION_INFO_V1(run_maintenance);

/* The views, refreshed in this order. */
static const char *const analytics_views[] = {
	"correction_stats_daily",
	"rule_run_stats_daily",
};

#define READ_LAST_REFRESH_SQL \
	"SELECT refreshed_at FROM smart_rules.analytics_refresh_state"

/* The state table has one row; it is put back should it have been deleted. */
#define RECORD_REFRESH_SQL \
	"INSERT INTO smart_rules.analytics_refresh_state AS s (refreshed_at, duration_ms, refreshes)" \
	" VALUES ($1, $2, 1)" \
	" ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at," \
	" duration_ms = excluded.duration_ms, refreshes = s.refreshes + 1"

/* Builds the call of pg_partman's maintenance, wherever pg_partman is installed. */
#define MAINTENANCE_CALL_SQL \
	"SELECT format('SELECT %I.run_maintenance(p_parent_table := %L)'," \
	" smart_rules.partman_schema(), 'smart_rules.correction_logs')"

/* The caller's identity and settings, while the views' owner acts. */
typedef struct OwnerScope
{
	Oid			saved_user;
	int			saved_context;
	int			nest_level;
} OwnerScope;

/* What a refresh needs to know of a view. */
typedef struct ViewFacts
{
	Oid			owner;
	bool		populated;		/* false until a first plain REFRESH */
} ViewFacts;

/*
 * The time of the last refresh this backend made or read from
 * analytics_refresh_state; 0 when none.  Until the interval has passed
 * since then, a run does not even read the table.  (Should that refresh
 * roll back, the next one comes at most one interval late.)
 */
static TimestampTz last_seen_refresh = 0;

static void owner_scope_enter(OwnerScope *scope);
static void owner_scope_leave(const OwnerScope *scope);
static bool refresh_unless_busy(int interval_seconds);
static bool refresh_due(int interval_seconds);
static bool interval_passed(TimestampTz since, int interval_seconds);
static bool take_refresh_lock(void);
static void refresh_views(void);
static ViewFacts describe_view(const char *name);

/*
 * refresh_analytics() returns boolean
 *
 * Refresh both views now; false when another transaction is refreshing
 * them (this call then does nothing).
 */
Datum
refresh_analytics(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(refresh_unless_busy(0));
}

void
analytics_after_run(void)
{
	int			interval_seconds = smart_rules_analytics_refresh;

	if (interval_seconds == ANALYTICS_REFRESH_OFF)
		return;

	/*
	 * A transaction that keeps one snapshot (repeatable read, serializable)
	 * cannot see a refresh committed after it began, and its own would then
	 * fail with a serialization error: its run waits for the next refresh.
	 */
	if (IsolationUsesXactSnapshot())
		return;
	if (interval_seconds > 0 && last_seen_refresh != 0 &&
		!interval_passed(last_seen_refresh, interval_seconds))
		return;
	(void) refresh_unless_busy(interval_seconds);
}

/*
 * run_maintenance(refresh boolean default true) returns boolean
 *
 * pg_partman's maintenance of correction_logs (premade partitions,
 * retention), then, unless refresh is false, refresh_analytics(); returns
 * whether the views were refreshed.
 */
Datum
run_maintenance(PG_FUNCTION_ARGS)
{
	bool		refresh = PG_GETARG_BOOL(0);
	OwnerScope	scope;
	char	   *statement;
	bool		isnull;
	int			result;

	owner_scope_enter(&scope);
	result = SPI_execute(MAINTENANCE_CALL_SQL, false, 1);
	if (result != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not find pg_partman: %s", SPI_result_code_string(result));
	statement = TextDatumGetCString(SPI_getbinval(SPI_tuptable->vals[0],
												  SPI_tuptable->tupdesc, 1, &isnull));
	result = SPI_execute(statement, false, 0);
	if (result != SPI_OK_SELECT)
		elog(ERROR, "could not execute \"%s\": %s", statement, SPI_result_code_string(result));
	owner_scope_leave(&scope);

	PG_RETURN_BOOL(refresh && refresh_unless_busy(0));
}

/*
 * Act as the owner of the views with search_path pg_catalog, pg_temp, and
 * connect to SPI, until owner_scope_leave.  An error in between needs no
 * cleanup: the (sub)transaction's abort restores the user and settings.
 */
static void
owner_scope_enter(OwnerScope *scope)
{
	ViewFacts	facts = describe_view(analytics_views[0]);

	GetUserIdAndSecContext(&scope->saved_user, &scope->saved_context);
	SetUserIdAndSecContext(facts.owner, scope->saved_context | SECURITY_LOCAL_USERID_CHANGE);
	scope->nest_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

/* Disconnect from SPI, roll back every setting changed since, be the caller again. */
static void
owner_scope_leave(const OwnerScope *scope)
{
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	AtEOXact_GUC(false, scope->nest_level);
	SetUserIdAndSecContext(scope->saved_user, scope->saved_context);
}

/*
 * Refresh the views as their owner, unless another transaction holds the
 * refresh lock or, when interval_seconds > 0, the last refresh is more
 * recent than that.  Returns whether it refreshed.  The time is checked
 * before the lock, so that a refresh that is not due takes no lock (it
 * would be held to the end of the transaction), and again after it, since
 * another session may have refreshed and committed in between.
 */
static bool
refresh_unless_busy(int interval_seconds)
{
	OwnerScope	scope;
	bool		refreshed = false;

	owner_scope_enter(&scope);
	if ((interval_seconds == 0 || refresh_due(interval_seconds)) &&
		take_refresh_lock() &&
		(interval_seconds == 0 || refresh_due(interval_seconds)))
	{
		refresh_views();
		refreshed = true;
	}
	owner_scope_leave(&scope);
	return refreshed;
}

/*
 * Whether interval_seconds have passed since the last refresh (always when
 * none is recorded), read with a new snapshot (inside SPI).
 */
static bool
refresh_due(int interval_seconds)
{
	int			result = SPI_execute(READ_LAST_REFRESH_SQL, false, 1);
	bool		isnull = true;
	Datum		refreshed_at = (Datum) 0;

	if (result != SPI_OK_SELECT)
		elog(ERROR, "could not read smart_rules.analytics_refresh_state: %s",
			 SPI_result_code_string(result));
	if (SPI_processed == 1)
		refreshed_at = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	SPI_freetuptable(SPI_tuptable);
	if (isnull)
		return true;
	last_seen_refresh = DatumGetTimestampTz(refreshed_at);
	return interval_passed(last_seen_refresh, interval_seconds);
}

static bool
interval_passed(TimestampTz since, int interval_seconds)
{
	return GetCurrentTimestamp() >=
		TimestampTzPlusMilliseconds(since, (int64) interval_seconds * 1000);
}

/*
 * Take the refresh lock for the rest of the transaction, unless another
 * transaction has it: the lock of pg_try_advisory_xact_lock(key1, key2).
 */
static bool
take_refresh_lock(void)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, ANALYTICS_LOCK_KEY1, ANALYTICS_LOCK_KEY2, 2);
	return LockAcquire(&tag, ExclusiveLock, false, true) != LOCKACQUIRE_NOT_AVAIL;
}

/*
 * REFRESH every view (CONCURRENTLY, so that readers are never blocked, once
 * it has been populated) and record the refresh (inside SPI).
 */
static void
refresh_views(void)
{
	TimestampTz started_at = GetCurrentTimestamp();
	instr_time	started;
	instr_time	elapsed;
	Oid			types[2] = {TIMESTAMPTZOID, FLOAT8OID};
	Datum		args[2];
	int			result;

	INSTR_TIME_SET_CURRENT(started);
	for (int i = 0; i < lengthof(analytics_views); i++)
	{
		char	   *statement = psprintf("REFRESH MATERIALIZED VIEW %ssmart_rules.%s",
										 describe_view(analytics_views[i]).populated ?
										 "CONCURRENTLY " : "",
										 analytics_views[i]);

		result = SPI_execute(statement, false, 0);
		if (result != SPI_OK_UTILITY)
			elog(ERROR, "could not execute \"%s\": %s", statement,
				 SPI_result_code_string(result));
		pfree(statement);
	}
	INSTR_TIME_SET_CURRENT(elapsed);
	INSTR_TIME_SUBTRACT(elapsed, started);

	args[0] = TimestampTzGetDatum(started_at);
	args[1] = Float8GetDatum(INSTR_TIME_GET_MILLISEC(elapsed));
	result = SPI_execute_with_args(RECORD_REFRESH_SQL, lengthof(args), types, args, NULL,
								   false, 0);
	if (result != SPI_OK_INSERT)
		elog(ERROR, "could not record the refresh: %s", SPI_result_code_string(result));
	last_seen_refresh = started_at;
}

static ViewFacts
describe_view(const char *name)
{
	Oid			relid = get_relname_relid(name, get_namespace_oid("smart_rules", false));
	HeapTuple	tuple;
	ViewFacts	facts;

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("materialized view smart_rules.%s does not exist", name)));
	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	facts.owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	facts.populated = ((Form_pg_class) GETSTRUCT(tuple))->relispopulated;
	ReleaseSysCache(tuple);
	return facts;
}
