/*-------------------------------------------------------------------------
 *
 * enforce.c
 *	  The enforce_rules() trigger function:
 *
 *	  CREATE TRIGGER ... BEFORE INSERT OR UPDATE ON t FOR EACH ROW
 *		  EXECUTE FUNCTION smart_rules.enforce_rules('rule_set'[, 'version']);
 *
 * NEW goes through the rule set (its current version, or the one named) as
 * a run of one given row (rule_run.c): the columns rules write are
 * corrected in NEW, a rejected row is skipped (NULL is returned), and the
 * events are logged like apply_rules' (row_key from the primary key), with
 * one rule_runs row per row.
 *
 * Cost: every row is a run of its own; the rule set's resolution and its
 * loaded program come from this backend's caches (program_cache.c), but
 * a bulk load through the trigger is still slower than apply_rules over
 * the same rows.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "fmgr.h"
#include "utils/rel.h"

#include "program_cache.h"
#include "rule_run.h"

PG_FUNCTION_INFO_V1(enforce_rules);

/* What the sink leaves for the trigger: the row to return. */
typedef struct EnforceResult
{
	MemoryContext context;		/* where the corrected row is built */
	HeapTuple	row;			/* NEW as given */
	TupleDesc	desc;
	HeapTuple	result;			/* NEW corrected; NULL when rejected */
} EnforceResult;

static void keep_row(RuleRun *run, int row, Datum *values, bool *nulls, bool changed);

Datum
enforce_rules(PG_FUNCTION_ARGS)
{
	TriggerData *trigger_data = (TriggerData *) fcinfo->context;
	Trigger    *trigger;
	bool		is_update;
	RunOptions	options = {0};
	RowSink		sink = {0};
	EnforceResult result = {0};
	RuleRun    *run;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("enforce_rules() must be called as a trigger")));
	if (!TRIGGER_FIRED_BEFORE(trigger_data->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigger_data->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(trigger_data->tg_event) ||
		  TRIGGER_FIRED_BY_UPDATE(trigger_data->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("enforce_rules() must be a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger")));
	trigger = trigger_data->tg_trigger;
	if (trigger->tgnargs < 1 || trigger->tgnargs > 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("enforce_rules() takes a rule set's name and optionally a version"),
				 errhint("EXECUTE FUNCTION smart_rules.enforce_rules('my_rule_set')")));

	is_update = TRIGGER_FIRED_BY_UPDATE(trigger_data->tg_event);
	result.context = CurrentMemoryContext;
	result.row = is_update ? trigger_data->tg_newtuple : trigger_data->tg_trigtuple;
	result.desc = RelationGetDescr(trigger_data->tg_relation);
	result.result = NULL;

	options.source = RelationGetRelid(trigger_data->tg_relation);
	options.only_written_fields = true;
	options.events = EVENTS_TO_LOG_TABLE;
	options.given_row = result.row;
	options.given_row_ctid = is_update ? &trigger_data->tg_trigtuple->t_self : NULL;
	sink.kept_row = keep_row;
	sink.state = &result;

	run = rule_run_begin(resolve_rules_cached(trigger->tgargs[0],
											  trigger->tgnargs > 1 ? trigger->tgargs[1] : NULL),
						 &options);
	rule_run_all(run, &sink);
	rule_run_end(run, NULL);
	return PointerGetDatum(result.result);
}

/*
 * The sink: a kept row is NEW with the columns the rules wrote replaced
 * (NEW itself when nothing changed).  A rejected row leaves the result NULL.
 */
static void
keep_row(RuleRun *run, int row, Datum *values, bool *nulls, bool changed)
{
	EnforceResult *result = (EnforceResult *) run->sink_state;
	const FieldBinding *binding = &run->binding;
	int			natts = result->desc->natts;
	bool	   *replace;
	MemoryContext previous;

	if (!changed)
	{
		result->result = result->row;
		return;
	}
	replace = palloc0(sizeof(bool) * Max(natts, 1));
	for (int i = 0; i < binding->target_count; i++)
		replace[binding->targets[i].position] = true;
	previous = MemoryContextSwitchTo(result->context);
	result->result = heap_modify_tuple(result->row, result->desc, values, nulls, replace);
	MemoryContextSwitchTo(previous);
}
