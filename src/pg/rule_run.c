/*-------------------------------------------------------------------------
 *
 * rule_run.c
 *	  The run of a program over a source, batch by batch (see rule_run.h).
 *
 * Before any row is read, in this order: the program of the rule_ir value
 * is taken from the program cache (loaded on a miss) and its executor
 * prepared; the source is checked (kind, SELECT privilege) and the fields
 * bound to its columns and the target's (42703); the cursor is opened
 * with the caller's privileges; the lookup tables are read; a logged run
 * draws its run id.
 *
 * Then for each batch: fetch and deform it, hand it to the executor, run
 * every rule (a cancel or statement_timeout interrupts the core, which
 * returns; CHECK_FOR_INTERRUPTS then raises it), record the events, shape
 * each kept row for the sink, flush the batch's events, and reset the
 * batch's memory.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <signal.h>

#include "access/relation.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "analytics.h"
#include "error_report.h"
#include "events.h"
#include "gucs.h"
#include "lookup_tables.h"
#include "program_cache.h"
#include "row_shaping.h"
#include "rule_ir.h"
#include "rule_run.h"
#include "run_log.h"
#include "server_encoding.h"

/* Memory a batch keeps for each of its rows between batches (see rule_run_begin). */
#define BATCH_BYTES_PER_ROW 1024
#define BATCH_BYTES_KEPT_MAX (64 * 1024 * 1024)

/* The core polls InterruptPending through an int pointer. */
StaticAssertDecl(sizeof(sig_atomic_t) == sizeof(int),
				 "InterruptPending must be readable as an int");

static void connect_spi(RuleRun *run);
static void finish_spi(RuleRun *run);
static void free_executor(void *arg);
static TupleDesc open_source(RuleRun *run, Oid source, bool check_select);
static void run_batch(RuleRun *run);
static char *program_string(const char *utf8);

/*
 * Prepare a run of "rules" as "options" say, up to the point where the
 * first batch can be read.  Connects to SPI.
 */
RuleRun *
rule_run_begin(const struct varlena *rules, const RunOptions *options)
{
	MemoryContext context = AllocSetContextCreate(CurrentMemoryContext, "smart_rules run",
												  ALLOCSET_DEFAULT_SIZES);
	RuleRun    *run = MemoryContextAllocZero(context, sizeof(RuleRun));
	const sr_program *program;
	TupleDesc	source_desc;
	BindingRequest request;
	sr_status	status;
	int			natts;
	Size		kept_bytes;

	run->context = context;
	run->is_apply = options->is_apply;
	run->batch_size = options->given_row != NULL ? 1 : smart_rules_batch_size;

	/*
	 * A batch's memory is kept from one batch to the next (its first block
	 * survives every reset): allocated anew each time, it would be faulted
	 * in anew by the kernel, page by page.
	 */
	kept_bytes = Min((Size) run->batch_size * BATCH_BYTES_PER_ROW, BATCH_BYTES_KEPT_MAX);
	run->batch_context = AllocSetContextCreate(run->context, "smart_rules batch",
											   kept_bytes, ALLOCSET_DEFAULT_INITSIZE,
											   Max(kept_bytes, ALLOCSET_DEFAULT_MAXSIZE));
	MemoryContextSwitchTo(run->context);

	/* Logs and runs are a tenant's rows: refuse before anything is read. */
	if (options->events == EVENTS_TO_LOG_TABLE && current_tenant() == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("no tenant selected"),
				 errdetail("A logged run writes its corrections and its run record as rows of the current tenant."),
				 errhint("SET smart_rules.tenant = '...' (or SET LOCAL in the transaction) first, or apply with log => false.")));

	/*
	 * The program (cached, pinned for the run), then its executor: the
	 * callbacks free the executor, then unpin the program.
	 */
	program = program_cache_acquire(rules, run->context);
	run->failure_handles = core_handles_create(run->context);
	status = sr_executor_create(program, &run->executor, &run->failure_handles->diagnostics);
	if (status != SR_OK)
		raise_core_failure(status, run->failure_handles);
	if (options->events == EVENTS_DISCARDED)
		sr_executor_record_events(run->executor, 0);
	run->executor_callback.func = free_executor;
	run->executor_callback.arg = run;
	MemoryContextRegisterResetCallback(run->context, &run->executor_callback);

	/* The source and the target, bound to the program's fields. */
	source_desc = open_source(run, options->source, options->given_row == NULL);
	run->target_desc = options->target_desc != NULL ? options->target_desc : source_desc;
	request.program = program;
	request.executor = run->executor;
	request.source_desc = source_desc;
	request.source_name = run->reader.qualified_name;
	request.target_desc = run->target_desc;
	request.target_name = options->target_desc != NULL ? options->target_name : NULL;
	request.only_written_fields = options->only_written_fields;
	request.key_count = run->reader.key_count;
	request.key_attnums = run->reader.key_attnums;
	bind_fields(&run->binding, &request);

	connect_spi(run);
	if (options->given_row != NULL)
		source_reader_give_row(&run->reader, &run->binding, options->given_row, source_desc,
							   options->given_row_ctid);
	else
		source_reader_open(&run->reader, &run->binding, options->max_rows);
	MemoryContextSwitchTo(run->context);

	status = load_lookup_tables(run->executor);
	MemoryContextSwitchTo(run->context);
	if (status != SR_OK)
		raise_core_failure(status, run->failure_handles);

	/* Where the events go. */
	event_log_init(&run->events, options->events, program);
	if (options->events == EVENTS_TO_LOG_TABLE)
	{
		run->identity.run_id = run_log_new_id();
		run->identity.tenant_id = pstrdup(current_tenant());
		run->identity.rule_set = program_string(sr_program_ruleset(program));
		run->identity.version = program_string(sr_program_version(program));
		event_log_to_table(&run->events, &run->identity);
	}
	else if (options->events == EVENTS_TO_TUPLESTORE)
		event_log_to_tuplestore(&run->events, options->event_store, options->event_desc);

	/* A shaped row; columns the binding does not shape (dropped ones, others in place) stay null. */
	natts = Max(run->target_desc->natts, 1);
	run->values = palloc0(sizeof(Datum) * natts);
	run->nulls = palloc(sizeof(bool) * natts);
	memset(run->nulls, true, sizeof(bool) * natts);
	run->field_flags = palloc(sizeof(sr_field_flags) * Max(run->binding.field_count, 1));

	/* A streamed run is connected to SPI only while it begins and ends. */
	run->streaming = options->streaming;
	if (run->streaming)
		finish_spi(run);

	run->started_at = GetCurrentTimestamp();
	INSTR_TIME_SET_CURRENT(run->started);
	return run;
}

static void
finish_spi(RuleRun *run)
{
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	MemoryContextSwitchTo(run->context);
}

/* Connect to SPI, back in the run's context. */
static void
connect_spi(RuleRun *run)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(run->context);
}

/* Reset callback of the run's context: the executor goes before the program. */
static void
free_executor(void *arg)
{
	RuleRun    *run = (RuleRun *) arg;

	if (run->executor != NULL)
		sr_executor_free(run->executor);
	run->executor = NULL;
}

/*
 * Check the source (a table, partitioned table, materialized view, foreign
 * table or view the caller may read), describe it for the reader, and
 * return a copy of its row type.  The SELECT privilege is checked here only
 * to fail early with a clear message (any column is enough: column
 * privileges are enforced by the query itself); not for a given row, which
 * no query reads (a trigger's row is the writer's own).
 */
static TupleDesc
open_source(RuleRun *run, Oid source, bool check_select)
{
	Oid			user = GetUserId();
	char		relkind = get_rel_relkind(source);
	Relation	relation;
	TupleDesc	desc;

	if (relkind == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", source)));
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_VIEW && relkind != RELKIND_MATVIEW &&
		relkind != RELKIND_FOREIGN_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a table or view", get_rel_name(source))));
	if (check_select &&
		pg_class_aclcheck(source, user, ACL_SELECT) != ACLCHECK_OK &&
		pg_attribute_aclcheck_all(source, user, ACL_SELECT, ACLMASK_ANY) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, get_relkind_objtype(relkind), get_rel_name(source));

	relation = relation_open(source, AccessShareLock);
	source_reader_describe(&run->reader, relation);
	desc = CreateTupleDescCopy(RelationGetDescr(relation));
	relation_close(relation, NoLock);
	return desc;
}

/*
 * Run every batch of the source through the program, handing the rows to
 * "sink".
 */
void
rule_run_all(RuleRun *run, const RowSink *sink)
{
	while (rule_run_next_batch(run, sink))
		;
}

/*
 * Read the next batch of the source and run it through the program,
 * handing its rows to "sink"; false, with nothing done, when the source
 * has no more rows.  The values handed to the sink stay valid until the
 * next call.  Returns in the run's context.
 */
bool
rule_run_next_batch(RuleRun *run, const RowSink *sink)
{
	sr_field_flags *field_flags = run->field_flags;
	int			rows;

	/* The previous batch's memory is free only now: a streamed run's rows point into it. */
	MemoryContextReset(run->batch_context);
	run->sink_state = sink->state;
	MemoryContextSwitchTo(run->batch_context);
	if (!source_reader_next_batch(&run->reader, run->batch_size))
	{
		MemoryContextSwitchTo(run->context);
		return false;
	}
	rows = run->reader.rows;

	run_batch(run);
	for (int field = 0; field < run->binding.field_count; field++)
		field_flags[field] = sr_executor_field_flags(run->executor, (size_t) field);
	event_log_begin_batch(&run->events, rows);
	event_log_add_core_events(&run->events, run->executor, &run->reader);
	if (sink->begin_batch != NULL)
		sink->begin_batch(run, rows);

	for (int row = 0; row < rows; row++)
	{
		CHECK_FOR_INTERRUPTS();
		if (sr_executor_row_kept(run->executor, (size_t) row))
		{
			bool		changed = shape_row(&run->binding, run->executor, field_flags,
											&run->reader, &run->events, row,
											!sink->ignores_changed, run->values, run->nulls);

			run->rows_out++;
			if (sink->kept_row != NULL)
				sink->kept_row(run, row, run->values, run->nulls, changed);
		}
		else
		{
			run->rejected++;
			if (sink->rejected_row != NULL)
				sink->rejected_row(run, row);
		}
	}
	run->rows_in += rows;

	if (sink->end_batch != NULL)
		sink->end_batch(run);
	MemoryContextSwitchTo(run->batch_context);
	event_log_end_batch(&run->events);
	source_reader_end_batch(&run->reader);
	MemoryContextSwitchTo(run->context);
	return true;
}

/*
 * Hand the current batch to the executor and run it.  An interrupt stops
 * the core, which returns SR_INTERRUPTED; CHECK_FOR_INTERRUPTS() then
 * raises the cancel (or timeout, or termination).  If it returns instead
 * (the interrupt needed no error), the batch, partly processed, is fed
 * again and rerun.  When interrupts cannot be processed here, the core is
 * not asked to poll, so that this cannot loop.
 */
static void
run_batch(RuleRun *run)
{
	for (;;)
	{
		sr_status	status = source_reader_feed(&run->reader, run->executor);

		if (status == SR_OK)
			status = sr_executor_run(run->executor,
									 INTERRUPTS_CAN_BE_PROCESSED() ?
									 (const volatile int *) &InterruptPending : NULL);
		if (status == SR_OK)
			return;
		if (status != SR_INTERRUPTED)
			raise_core_failure(status, run->failure_handles);
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Finish the run: close the cursor, write the run's rule_runs row when it
 * is logged (and, for an apply call, its rules-applied event,
 * events.c), disconnect from SPI and free everything, "run" included.  The
 * figures go to *summary (may be NULL).
 */
void
rule_run_end(RuleRun *run, RunSummary *summary)
{
	instr_time	elapsed;
	RunSummary	figures;
	bool		logged = run->events.destination == EVENTS_TO_LOG_TABLE;
	bool		pushed_snapshot = false;

	MemoryContextSwitchTo(run->context);
	if (run->streaming)
	{
		/*
		 * A streamed run whose caller stopped early ends in the executor's
		 * shutdown, where its statement's snapshot is no longer active.
		 */
		if (!ActiveSnapshotSet())
		{
			PushActiveSnapshot(GetTransactionSnapshot());
			pushed_snapshot = true;
		}
		connect_spi(run);
	}
	source_reader_close(&run->reader);
	INSTR_TIME_SET_CURRENT(elapsed);
	INSTR_TIME_SUBTRACT(elapsed, run->started);

	figures.run_id = logged ? run->identity.run_id : 0;
	figures.rows_in = run->rows_in;
	figures.rows_out = run->rows_out;
	figures.rows_changed = run->events.rows_changed;
	figures.corrections = run->events.corrections;
	figures.violations = run->events.violations;
	figures.rejected = run->rejected;
	figures.elapsed_ms = INSTR_TIME_GET_MILLISEC(elapsed);

	if (logged)
	{
		RunRecord	record;

		event_log_finish(&run->events);

		record.figures = figures;
		record.tenant_id = run->identity.tenant_id;
		record.rule_set = run->identity.rule_set;
		record.version = run->identity.version;
		record.source = run->reader.qualified_name;
		record.started_at = run->started_at;
		record.finished_at = GetCurrentTimestamp();
		record.per_rule = run_log_per_rule_json(run->executor);
		run_log_insert(&record);
		/* An apply call (not a trigger's one-row run) is announced and may refresh analytics. */
		if (run->is_apply)
		{
			emit_rules_applied(&record);
			analytics_after_run();
		}
	}
	if (run->is_apply)
		run_log_set_last(figures.run_id, logged);

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	if (pushed_snapshot)
		PopActiveSnapshot();
	MemoryContextSwitchTo(MemoryContextGetParent(run->context));
	MemoryContextDelete(run->context);
	if (summary != NULL)
		*summary = figures;
}

/* A string of the program (UTF-8) in the database encoding, palloc'd. */
static char *
program_string(const char *utf8)
{
	return server_string_from_utf8(utf8, strlen(utf8));
}
