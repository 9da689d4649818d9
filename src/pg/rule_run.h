/*-------------------------------------------------------------------------
 *
 * rule_run.h
 *	  One call that applies a program to a source: apply_rules,
 *	  preview_rules and apply_rules_in_place share it and differ only in
 *	  what they do with each shaped row (a RowSink) and where the events go.
 *
 * Lifetimes: everything of a run, the RuleRun itself included, lives in its
 * own memory context, child of the context current at rule_run_begin (so
 * that an error abort, which frees that context, finds everything the reset
 * callbacks need there, not on a stack that is gone), with a per-batch child
 * reset before every batch.  The executor is a core object freed by that
 * context's reset callbacks, and the program (program_cache.c) is pinned
 * until then, so an error anywhere frees or unpins them too.  From
 * rule_run_begin to rule_run_end the run's context is current and the run
 * is connected to SPI; a materialized SRF must have set up its tuplestore
 * before rule_run_begin.
 *
 * A streamed run (apply_rules in FROM, a custom scan that hands out one row
 * per call: apply_scan.c) is driven batch by batch with
 * rule_run_next_batch, between which its caller's query goes on: it is
 * connected to SPI only within rule_run_begin and rule_run_end, and its
 * caller restores its own memory context after each of the three.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_RULE_RUN_H
#define SMART_RULES_RULE_RUN_H

#include "portability/instr_time.h"
#include "utils/tuplestore.h"

#include "batch_reader.h"
#include "core_handles.h"
#include "correction_log.h"
#include "field_binding.h"
#include "run_log.h"

typedef struct RunOptions
{
	Oid			source;
	TupleDesc	target_desc;	/* NULL: the source's own row type */
	const char *target_name;	/* for messages, with target_desc */
	bool		only_written_fields;	/* shape only the target columns rules write */
	uint64		max_rows;		/* 0: every row */
	EventDestination events;
	Tuplestorestate *event_store;	/* EVENTS_TO_TUPLESTORE */
	TupleDesc	event_desc;
	bool		is_apply;		/* an apply call: last_run_id() follows it */
	bool		streaming;		/* driven batch by batch across calls (see above) */
	HeapTuple	given_row;		/* a row trigger's NEW: the source is this row alone */
	ItemPointer given_row_ctid; /* the ctid of its old version (UPDATE), or NULL */
} RunOptions;

typedef struct RuleRun RuleRun;

/*
 * What a call does with the rows of each batch; any callback may be NULL.
 * During rule_run_all, run->sink_state is the sink's state.  With
 * ignores_changed, kept_row does not use its "changed" argument (always
 * true then), which spares comparing each value with the source's.
 */
typedef struct RowSink
{
	void		(*begin_batch) (RuleRun *run, int rows);
	void		(*kept_row) (RuleRun *run, int row, Datum *values, bool *nulls, bool changed);
	bool		ignores_changed;
	void		(*rejected_row) (RuleRun *run, int row);
	void		(*end_batch) (RuleRun *run);
	void	   *state;
} RowSink;

struct RuleRun
{
	MemoryContext context;
	MemoryContext batch_context;
	CoreHandles *failure_handles;	/* holds nothing but diagnostics of a failure */
	sr_executor *executor;
	MemoryContextCallback executor_callback;
	bool		is_apply;
	bool		streaming;
	int			batch_size;		/* smart_rules.batch_size when the run began (1 for a given row) */
	void	   *sink_state;
	TupleDesc	target_desc;
	FieldBinding binding;
	SourceReader reader;
	EventLog	events;
	RunIdentity identity;
	TimestampTz started_at;
	instr_time	started;
	uint64		rows_in;
	uint64		rows_out;
	uint64		rejected;
	/* The shaped row handed to the sink, and the executor's flags of a batch */
	Datum	   *values;
	bool	   *nulls;
	sr_field_flags *field_flags;
};

extern RuleRun *rule_run_begin(const struct varlena *rules, const RunOptions *options);
extern void rule_run_all(RuleRun *run, const RowSink *sink);
extern bool rule_run_next_batch(RuleRun *run, const RowSink *sink);
extern void rule_run_end(RuleRun *run, RunSummary *summary);

#endif							/* SMART_RULES_RULE_RUN_H */
