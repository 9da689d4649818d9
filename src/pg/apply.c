/*-------------------------------------------------------------------------
 *
 * apply.c
 *	  SQL functions of the applying area with a compiled rule set:
 *	  apply_rules, preview_rules, apply_rules_in_place.
 *
 * All three are one run (rule_run.c) each; they differ in what they do
 * with the shaped rows and where the events go:
 *
 *	 apply_rules			kept rows to the result, events to correction_logs
 *							(none with log => false), one rule_runs row
 *	 preview_rules			rows dropped, events to the result; nothing written
 *	 apply_rules_in_place	changed rows updated, rejected rows deleted; logged
 *
 * They are VOLATILE (they read a relation, write logs, may run
 * subtransactions) and PARALLEL UNSAFE.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "apply.h"
#include "in_place.h"
#include "program_cache.h"
#include "rule_ir.h"
#include "rule_run.h"

PG_FUNCTION_INFO_V1(apply_rules);
PG_FUNCTION_INFO_V1(apply_rules_by_name);
PG_FUNCTION_INFO_V1(preview_rules);
PG_FUNCTION_INFO_V1(apply_rules_in_place);

/* Columns of run_summary, in order. */
enum
{
	SUMMARY_RUN_ID,
	SUMMARY_ROWS_IN,
	SUMMARY_ROWS_OUT,
	SUMMARY_ROWS_CHANGED,
	SUMMARY_CORRECTIONS,
	SUMMARY_VIOLATIONS,
	SUMMARY_REJECTED,
	SUMMARY_ELAPSED_MS,
	SUMMARY_COLUMNS
};

static Datum apply_materialized(FunctionCallInfo fcinfo, bool by_name);
static void require_argument(bool isnull, const char *name);
static void require_row_type(Oid type, const char *argument);
static void put_kept_row(RuleRun *run, int row, Datum *values, bool *nulls, bool changed);
static void queue_update(RuleRun *run, int row, Datum *values, bool *nulls, bool changed);
static void queue_delete(RuleRun *run, int row);
static void begin_in_place_batch(RuleRun *run, int rows);
static void end_in_place_batch(RuleRun *run);

/*
 * apply_rules(rules rule_ir, source regclass, target anyelement,
 *			   log boolean default true) returns setof anyelement
 * apply_rules(rule_set text, source regclass, target anyelement,
 *			   version text default null, log boolean default true)
 *	  returns setof anyelement
 *
 * Every row of the source through the rules; the kept rows shaped as the
 * target's row type (called with NULL::some_table).  With log, every event
 * goes to correction_logs and the run to rule_runs (last_run_id() names
 * it).  Called in FROM, the planner gives the call to the custom scan of
 * apply_scan.c, which streams the rows; these functions serve every other
 * place (a target list, ROWS FROM with several functions, WITH ORDINALITY),
 * where PostgreSQL asks for the whole set at once.
 */
Datum
apply_rules(PG_FUNCTION_ARGS)
{
	return apply_materialized(fcinfo, false);
}

Datum
apply_rules_by_name(PG_FUNCTION_ARGS)
{
	return apply_materialized(fcinfo, true);
}

static Datum
apply_materialized(FunctionCallInfo fcinfo, bool by_name)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		args[APPLY_MAX_ARGS];
	bool		nulls[APPLY_MAX_ARGS];
	RowSink		sink = {0};
	RuleRun    *run;

	for (int i = 0; i < PG_NARGS(); i++)
	{
		args[i] = PG_GETARG_DATUM(i);
		nulls[i] = PG_ARGISNULL(i);
	}
	/* The target's type is checked first: the tuplestore is made for it (see apply_begin). */
	require_row_type(get_fn_expr_argtype(fcinfo->flinfo, 2), "target");
	InitMaterializedSRF(fcinfo, 0);
	sink.kept_row = put_kept_row;
	sink.ignores_changed = true;
	sink.state = rsinfo;

	run = apply_begin(by_name, args, nulls, get_fn_expr_argtype(fcinfo->flinfo, 2),
					  rsinfo->setDesc, false);
	rule_run_all(run, &sink);
	rule_run_end(run, NULL);
	return (Datum) 0;
}

/*
 * Begin the run of an apply_rules call (of the overload by name or not)
 * whose arguments are args[] and nulls[], its target row type being
 * target_type, described by target_desc.  The caller has checked that the
 * target is of a row type: the materialized function before it made its
 * tuplestore, the planner before it chose the streaming scan.
 */
RuleRun *
apply_begin(bool by_name, const Datum *args, const bool *nulls, Oid target_type,
			TupleDesc target_desc, bool streaming)
{
	int			log_argument = by_name ? 4 : 3;
	RunOptions	options = {0};
	struct varlena *rules;

	require_argument(nulls[0], by_name ? "rule_set" : "rules");
	require_argument(nulls[1], "source");
	require_argument(nulls[log_argument], "log");
	if (by_name)
		rules = resolve_rules_cached(TextDatumGetCString(args[0]),
									 nulls[3] ? NULL : TextDatumGetCString(args[3]));
	else
		rules = DatumGetRuleIrPP(args[0]);

	options.source = DatumGetObjectId(args[1]);
	options.target_desc = target_desc;
	options.target_name = format_type_be(target_type);
	options.events = DatumGetBool(args[log_argument]) ? EVENTS_TO_LOG_TABLE : EVENTS_DISCARDED;
	options.is_apply = true;
	options.streaming = streaming;
	return rule_run_begin(rules, &options);
}

/* apply_rules' sink when materialized: each kept row goes to the result. */
static void
put_kept_row(RuleRun *run, int row, Datum *values, bool *nulls, bool changed)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) run->sink_state;

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/*
 * preview_rules(rules rule_ir, source regclass, target regtype default null,
 *				 max_rows bigint default null)
 *	  returns table(row_key text, rule_id text, field text, old_value text,
 *					new_value text, action text, severity text, message text)
 *
 * A dry run: every event that apply_rules with the same arguments would log
 * (failed conversions to the target's column types included), from at most
 * max_rows source rows; nothing is written.  The target names the row type
 * whose columns count as fields (the source's own when null).
 */
Datum
preview_rules(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	struct varlena *rules;
	RunOptions	options = {0};
	RowSink		sink = {0};
	RuleRun    *run;

	require_argument(PG_ARGISNULL(0), "rules");
	require_argument(PG_ARGISNULL(1), "source");
	rules = PG_GETARG_RULE_IR_PP(0);
	options.source = PG_GETARG_OID(1);
	if (!PG_ARGISNULL(2))
	{
		Oid			target_type = PG_GETARG_OID(2);

		require_row_type(target_type, "target");
		options.target_desc = lookup_rowtype_tupdesc_copy(target_type, -1);
		options.target_name = format_type_be(target_type);
	}
	if (!PG_ARGISNULL(3))
	{
		int64		max_rows = PG_GETARG_INT64(3);

		if (max_rows < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("max_rows must be at least 1, or null for every row")));
		options.max_rows = (uint64) max_rows;
	}

	InitMaterializedSRF(fcinfo, 0);

	options.events = EVENTS_TO_TUPLESTORE;
	options.event_store = rsinfo->setResult;
	options.event_desc = rsinfo->setDesc;

	run = rule_run_begin(rules, &options);
	rule_run_all(run, &sink);
	rule_run_end(run, NULL);
	return (Datum) 0;
}

/*
 * apply_rules_in_place(rules rule_ir, target regclass) returns run_summary
 *
 * Correct a table's rows where they stand: one UPDATE of the changed rows
 * and one DELETE of the rejected rows per batch (in_place.c).  Logged like
 * apply_rules; returns the run's figures.
 */
Datum
apply_rules_in_place(PG_FUNCTION_ARGS)
{
	struct varlena *rules;
	Oid			target;
	char		relkind;
	RunOptions	options = {0};
	RowSink		sink = {0};
	RuleRun    *run;
	InPlaceWriter writer;
	RunSummary	summary;
	TupleDesc	result_desc;
	Datum		values[SUMMARY_COLUMNS];
	bool		nulls[SUMMARY_COLUMNS] = {0};

	require_argument(PG_ARGISNULL(0), "rules");
	require_argument(PG_ARGISNULL(1), "target");
	rules = PG_GETARG_RULE_IR_PP(0);
	target = PG_GETARG_OID(1);
	relkind = get_rel_relkind(target);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot apply rules in place to \"%s\"", get_rel_name(target)),
				 errdetail("only tables and partitioned tables can be corrected in place"),
				 errhint("use apply_rules to read it and write the rows elsewhere")));
	if (get_call_result_type(fcinfo, NULL, &result_desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	options.source = target;
	options.only_written_fields = true;
	options.events = EVENTS_TO_LOG_TABLE;
	options.is_apply = true;
	sink.begin_batch = begin_in_place_batch;
	sink.kept_row = queue_update;
	sink.rejected_row = queue_delete;
	sink.end_batch = end_in_place_batch;
	sink.state = &writer;

	run = rule_run_begin(rules, &options);
	in_place_prepare(&writer, &run->reader, &run->binding);
	rule_run_all(run, &sink);
	rule_run_end(run, &summary);

	values[SUMMARY_RUN_ID] = Int64GetDatum(summary.run_id);
	values[SUMMARY_ROWS_IN] = Int64GetDatum((int64) summary.rows_in);
	values[SUMMARY_ROWS_OUT] = Int64GetDatum((int64) summary.rows_out);
	values[SUMMARY_ROWS_CHANGED] = Int64GetDatum((int64) summary.rows_changed);
	values[SUMMARY_CORRECTIONS] = Int64GetDatum((int64) summary.corrections);
	values[SUMMARY_VIOLATIONS] = Int64GetDatum((int64) summary.violations);
	values[SUMMARY_REJECTED] = Int64GetDatum((int64) summary.rejected);
	values[SUMMARY_ELAPSED_MS] = Float8GetDatum(summary.elapsed_ms);
	result_desc = BlessTupleDesc(result_desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(result_desc, values, nulls)));
}

/* apply_rules_in_place's sink: changed rows updated, rejected rows deleted. */
static void
begin_in_place_batch(RuleRun *run, int rows)
{
	in_place_begin_batch((InPlaceWriter *) run->sink_state, rows);
}

static void
queue_update(RuleRun *run, int row, Datum *values, bool *nulls, bool changed)
{
	if (changed)
		in_place_update((InPlaceWriter *) run->sink_state, row, values, nulls);
}

static void
queue_delete(RuleRun *run, int row)
{
	in_place_delete((InPlaceWriter *) run->sink_state, row);
}

static void
end_in_place_batch(RuleRun *run)
{
	in_place_end_batch((InPlaceWriter *) run->sink_state);
}

/* These functions are not STRICT (a target is often NULL::type): check the others. */
static void
require_argument(bool isnull, const char *name)
{
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name)));
}

static void
require_row_type(Oid type, const char *argument)
{
	if (!type_is_rowtype(type))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s must be of a row type, not %s", argument, format_type_be(type)),
				 errhint("pass a null of the row type, such as NULL::my_table")));
}
