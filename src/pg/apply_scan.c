/*-------------------------------------------------------------------------
 *
 * apply_scan.c
 *	  apply_rules in FROM as a custom scan node that streams its rows.
 *
 * PostgreSQL runs a set-returning function in FROM to its end before the
 * query sees its first row, keeping the rows in a tuplestore that spills to
 * a temporary file beyond work_mem: for a million rows, about as much work
 * again as reading them.  So when the planner meets FROM apply_rules(...)
 * (either overload), a set_rel_pathlist hook replaces the function scan
 * with the custom scan ApplyRules, which runs the rules one batch at a time
 * and hands each kept row straight to its parent node: no tuple is formed,
 * no result set is kept, and memory stays that of one batch.
 *
 * The hook is installed when the library is loaded, and the planner loads
 * it before it builds the paths of such a query: it asks apply_rules'
 * support function for the row estimate first (apply_rules_support, which
 * answers with the source's size).
 *
 * The scan reads with the calling statement's snapshot, so it never sees
 * rows its own statement writes (INSERT INTO t SELECT * FROM
 * apply_rules(..., 't', ...)).  A caller that stops early (LIMIT, a cursor
 * closed before its end) or rescans ends the run there: the log and the run
 * record hold the rows read so far, in whole batches.  The planner keeps
 * the function scan where the custom scan cannot serve: WITH ORDINALITY,
 * ROWS FROM with several functions, and a whole-row reference to the
 * function's result (SELECT t FROM apply_rules(...) t).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "executor/executor.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/restrictinfo.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "apply.h"
#include "apply_scan.h"

PG_FUNCTION_INFO_V1(apply_rules_support);

/* The state of an ApplyRules scan node. */
typedef struct ApplyScanState
{
	CustomScanState css;
	bool		by_name;		/* which apply_rules overload */
	Oid			target_type;
	List	   *arguments;		/* ExprState of each argument of the call */
	AttrNumber *columns;		/* for each scan column, its attribute number in the target */
	int			column_count;

	/* The run under way, if any, and the kept rows of its current batch */
	RuleRun    *run;
	bool		finished;		/* the run has ended: no more rows until a rescan */
	RowSink		sink;
	Datum	   *row_values;		/* row_capacity x column_count */
	bool	   *row_nulls;
	int			row_capacity;	/* rows the arrays hold: the run's batch size */
	int			row_count;
	int			next_row;		/* the next one to hand out */
} ApplyScanState;

static set_rel_pathlist_hook_type previous_set_rel_pathlist_hook = NULL;

static bool is_apply_rules_function(Oid funcid, bool *by_name);
static void add_apply_scan_path(PlannerInfo *root, RelOptInfo *rel, Index rti,
								RangeTblEntry *rte);
static bool needs_whole_row(RelOptInfo *rel);
static Plan *plan_apply_scan(PlannerInfo *root, RelOptInfo *rel, CustomPath *best_path,
							 List *tlist, List *clauses, List *custom_plans);
static Node *create_apply_scan_state(CustomScan *cscan);
static void begin_apply_scan(CustomScanState *node, EState *estate, int eflags);
static TupleTableSlot *exec_apply_scan(CustomScanState *node);
static TupleTableSlot *next_apply_row(ScanState *node);
static bool recheck_apply_row(ScanState *node, TupleTableSlot *slot);
static void start_run(ApplyScanState *state);
static void keep_row(RuleRun *run, int row, Datum *values, bool *nulls, bool changed);
static void end_run(ApplyScanState *state);
static void end_apply_scan(CustomScanState *node);
static void rescan_apply_scan(CustomScanState *node);

static const CustomPathMethods apply_path_methods = {
	.CustomName = "ApplyRules",
	.PlanCustomPath = plan_apply_scan,
};

static const CustomScanMethods apply_scan_methods = {
	.CustomName = "ApplyRules",
	.CreateCustomScanState = create_apply_scan_state,
};

static const CustomExecMethods apply_exec_methods = {
	.CustomName = "ApplyRules",
	.BeginCustomScan = begin_apply_scan,
	.ExecCustomScan = exec_apply_scan,
	.EndCustomScan = end_apply_scan,
	.ReScanCustomScan = rescan_apply_scan,
};

/* At library load: install the planner hook. */
void
apply_scan_init(void)
{
	RegisterCustomScanMethods(&apply_scan_methods);
	previous_set_rel_pathlist_hook = set_rel_pathlist_hook;
	set_rel_pathlist_hook = add_apply_scan_path;
}

/*
 * apply_rules_support(internal) returns internal: the planner support
 * function of both apply_rules.  Estimates the rows of a call whose source
 * is a constant as the source's (the planner's own estimate otherwise is
 * the functions' ROWS 1000).
 */
Datum
apply_rules_support(PG_FUNCTION_ARGS)
{
	Node	   *request = (Node *) PG_GETARG_POINTER(0);
	SupportRequestRows *rows_request;
	FuncExpr   *call;
	Node	   *source;
	HeapTuple	class_tuple;
	float4		reltuples;

	if (!IsA(request, SupportRequestRows))
		PG_RETURN_POINTER(NULL);
	rows_request = (SupportRequestRows *) request;
	if (!IsA(rows_request->node, FuncExpr))
		PG_RETURN_POINTER(NULL);
	call = (FuncExpr *) rows_request->node;
	if (list_length(call->args) < 2)
		PG_RETURN_POINTER(NULL);
	source = estimate_expression_value(rows_request->root, lsecond(call->args));
	if (!IsA(source, Const) || ((Const *) source)->constisnull)
		PG_RETURN_POINTER(NULL);

	class_tuple = SearchSysCache1(RELOID, ((Const *) source)->constvalue);
	if (!HeapTupleIsValid(class_tuple))
		PG_RETURN_POINTER(NULL);
	reltuples = ((Form_pg_class) GETSTRUCT(class_tuple))->reltuples;
	ReleaseSysCache(class_tuple);
	if (reltuples < 0)			/* never vacuumed or analyzed */
		PG_RETURN_POINTER(NULL);

	rows_request->rows = Max(reltuples, 1);
	PG_RETURN_POINTER(rows_request);
}

/*
 * Whether funcid is one of the two apply_rules functions, and which: known
 * by their support function, then by the C function they call, whatever
 * their names or schema.
 */
static bool
is_apply_rules_function(Oid funcid, bool *by_name)
{
	RegProcedure support = get_func_support(funcid);
	FmgrInfo	function;

	if (!OidIsValid(support))
		return false;
	fmgr_info(support, &function);
	if (function.fn_addr != apply_rules_support)
		return false;
	fmgr_info(funcid, &function);
	*by_name = function.fn_addr == apply_rules_by_name;
	return function.fn_addr == apply_rules || *by_name;
}

/*
 * set_rel_pathlist hook: a call of apply_rules alone in a FROM item is
 * scanned by ApplyRules instead of a function scan.
 */
static void
add_apply_scan_path(PlannerInfo *root, RelOptInfo *rel, Index rti, RangeTblEntry *rte)
{
	RangeTblFunction *function;
	CustomPath *path;
	bool		by_name;
	Cost		function_scan_cost = 0;
	ListCell   *lc;

	if (previous_set_rel_pathlist_hook != NULL)
		previous_set_rel_pathlist_hook(root, rel, rti, rte);

	if (rte->rtekind != RTE_FUNCTION || rte->funcordinality ||
		list_length(rte->functions) != 1 || rel->reloptkind != RELOPT_BASEREL)
		return;
	function = linitial_node(RangeTblFunction, rte->functions);
	if (!IsA(function->funcexpr, FuncExpr) ||
		!is_apply_rules_function(((FuncExpr *) function->funcexpr)->funcid, &by_name) ||
		!type_is_rowtype(((FuncExpr *) function->funcexpr)->funcresulttype) ||
		needs_whole_row(rel))
		return;

	foreach(lc, rel->pathlist)
		function_scan_cost = Max(function_scan_cost, ((Path *) lfirst(lc))->total_cost);

	path = makeNode(CustomPath);
	path->path.pathtype = T_CustomScan;
	path->path.parent = rel;
	path->path.pathtarget = rel->reltarget;
	path->path.param_info = get_baserel_parampathinfo(root, rel, rel->lateral_relids);
	path->path.rows = path->path.param_info != NULL ? path->path.param_info->ppi_rows : rel->rows;
	/* The same work as the function scan, without keeping the rows first. */
	path->path.startup_cost = 0;
	path->path.total_cost = function_scan_cost;
	path->methods = &apply_path_methods;

	/* Streaming is always the better plan: the function scan is not kept. */
	rel->pathlist = NIL;
	rel->partial_pathlist = NIL;
	add_path(rel, &path->path);
}

/* Whether a whole-row reference to the rel is used above it or in its quals. */
static bool
needs_whole_row(RelOptInfo *rel)
{
	Bitmapset  *attributes = NULL;
	ListCell   *lc;

	pull_varattnos((Node *) rel->reltarget->exprs, rel->relid, &attributes);
	foreach(lc, rel->baserestrictinfo)
		pull_varattnos((Node *) lfirst_node(RestrictInfo, lc)->clause, rel->relid, &attributes);
	foreach(lc, rel->joininfo)
		pull_varattnos((Node *) lfirst_node(RestrictInfo, lc)->clause, rel->relid, &attributes);
	return bms_is_member(0 - FirstLowInvalidHeapAttributeNumber, attributes);
}

/*
 * The plan: the call itself is kept in custom_exprs (the planner replaces
 * its outer references with parameters); the scan's own tuple is one
 * column per attribute of the target row type (custom_scan_tlist), which
 * the target list and quals then refer to.
 */
static Plan *
plan_apply_scan(PlannerInfo *root, RelOptInfo *rel, CustomPath *best_path, List *tlist,
				List *clauses, List *custom_plans)
{
	CustomScan *scan = makeNode(CustomScan);
	RangeTblEntry *rte = planner_rt_fetch(rel->relid, root);
	FuncExpr   *call = (FuncExpr *) linitial_node(RangeTblFunction, rte->functions)->funcexpr;
	TupleDesc	desc = lookup_rowtype_tupdesc(call->funcresulttype, -1);
	List	   *scan_tlist = NIL;

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute attribute = TupleDescAttr(desc, i);

		if (attribute->attisdropped)
			continue;
		scan_tlist = lappend(scan_tlist,
							 makeTargetEntry((Expr *) makeVar(rel->relid, attribute->attnum,
															  attribute->atttypid,
															  attribute->atttypmod,
															  attribute->attcollation, 0),
											 list_length(scan_tlist) + 1,
											 pstrdup(NameStr(attribute->attname)), false));
	}
	ReleaseTupleDesc(desc);

	scan->scan.plan.targetlist = tlist;
	scan->scan.plan.qual = extract_actual_clauses(clauses, false);
	scan->scan.scanrelid = 0;
	scan->flags = best_path->flags;
	scan->custom_exprs = list_make1(copyObject(call));
	scan->custom_scan_tlist = scan_tlist;
	scan->methods = &apply_scan_methods;
	return &scan->scan.plan;
}

static Node *
create_apply_scan_state(CustomScan *cscan)
{
	ApplyScanState *state = (ApplyScanState *) newNode(sizeof(ApplyScanState),
													   T_CustomScanState);

	state->css.methods = &apply_exec_methods;
	return (Node *) state;
}

static void
begin_apply_scan(CustomScanState *node, EState *estate, int eflags)
{
	ApplyScanState *state = (ApplyScanState *) node;
	CustomScan *cscan = (CustomScan *) node->ss.ps.plan;
	FuncExpr   *call = linitial_node(FuncExpr, cscan->custom_exprs);
	ListCell   *lc;
	bool		by_name;

	if (!is_apply_rules_function(call->funcid, &by_name))
		elog(ERROR, "ApplyRules scan of function %u", call->funcid);
	state->by_name = by_name;
	state->target_type = call->funcresulttype;
	state->arguments = ExecInitExprList(call->args, &node->ss.ps);
	state->column_count = list_length(cscan->custom_scan_tlist);
	state->columns = palloc(sizeof(AttrNumber) * Max(state->column_count, 1));
	foreach(lc, cscan->custom_scan_tlist)
		state->columns[foreach_current_index(lc)] =
			castNode(Var, lfirst_node(TargetEntry, lc)->expr)->varattno;
	state->sink.kept_row = keep_row;
	state->sink.ignores_changed = true;
	state->sink.state = state;
}

static TupleTableSlot *
exec_apply_scan(CustomScanState *node)
{
	return ExecScan(&node->ss, next_apply_row, recheck_apply_row);
}

/* The next kept row, into the scan slot; an empty slot at the end. */
static TupleTableSlot *
next_apply_row(ScanState *node)
{
	ApplyScanState *state = (ApplyScanState *) node;
	TupleTableSlot *slot = node->ss_ScanTupleSlot;
	MemoryContext caller_context = CurrentMemoryContext;
	int			first;

	ExecClearTuple(slot);
	if (state->finished)
		return slot;
	if (state->run == NULL)
		start_run(state);
	while (state->next_row == state->row_count)
	{
		state->row_count = 0;
		state->next_row = 0;
		if (!rule_run_next_batch(state->run, &state->sink))
		{
			end_run(state);
			state->finished = true;
			MemoryContextSwitchTo(caller_context);
			return slot;
		}
		MemoryContextSwitchTo(caller_context);
	}

	first = state->next_row++ * state->column_count;
	memcpy(slot->tts_values, &state->row_values[first], sizeof(Datum) * state->column_count);
	memcpy(slot->tts_isnull, &state->row_nulls[first], sizeof(bool) * state->column_count);
	return ExecStoreVirtualTuple(slot);
}

/* Never called: the scan has no relation to recheck against. */
static bool
recheck_apply_row(ScanState *node, TupleTableSlot *slot)
{
	return true;
}

/* Evaluate the call's arguments and begin its run. */
static void
start_run(ApplyScanState *state)
{
	ExprContext *econtext = state->css.ss.ps.ps_ExprContext;
	MemoryContext caller_context = MemoryContextSwitchTo(econtext->ecxt_per_query_memory);
	Datum		args[APPLY_MAX_ARGS];
	bool		nulls[APPLY_MAX_ARGS];
	TupleDesc	target_desc = lookup_rowtype_tupdesc_copy(state->target_type, -1);
	ListCell   *lc;

	foreach(lc, state->arguments)
	{
		int			i = foreach_current_index(lc);

		args[i] = ExecEvalExpr(lfirst(lc), econtext, &nulls[i]);
	}
	state->run = apply_begin(state->by_name, args, nulls, state->target_type, target_desc,
							 true);
	MemoryContextSwitchTo(econtext->ecxt_per_query_memory);
	if (state->row_capacity < state->run->batch_size)
	{
		Size		cells = (Size) state->run->batch_size * Max(state->column_count, 1);

		if (state->row_values != NULL)
		{
			pfree(state->row_values);
			pfree(state->row_nulls);
		}
		state->row_values = palloc(sizeof(Datum) * cells);
		state->row_nulls = palloc(sizeof(bool) * cells);
		state->row_capacity = state->run->batch_size;
	}
	MemoryContextSwitchTo(caller_context);
}

/*
 * The run's sink: keep the row's scan columns (its values stay valid until
 * the next batch is read).
 */
static void
keep_row(RuleRun *run, int row, Datum *values, bool *nulls, bool changed)
{
	ApplyScanState *state = (ApplyScanState *) run->sink_state;
	int			first = state->row_count++ * state->column_count;

	for (int c = 0; c < state->column_count; c++)
	{
		state->row_values[first + c] = values[state->columns[c] - 1];
		state->row_nulls[first + c] = nulls[state->columns[c] - 1];
	}
}

static void
end_run(ApplyScanState *state)
{
	MemoryContext caller_context = CurrentMemoryContext;
	RuleRun    *run = state->run;

	state->run = NULL;
	state->row_count = 0;
	state->next_row = 0;
	rule_run_end(run, NULL);
	MemoryContextSwitchTo(caller_context);
}

/* The caller is done: a run still under way ends with the rows read so far. */
static void
end_apply_scan(CustomScanState *node)
{
	ApplyScanState *state = (ApplyScanState *) node;

	if (state->run != NULL)
		end_run(state);
}

/* Read again (new parameters, or the same): a new run, after ending one under way. */
static void
rescan_apply_scan(CustomScanState *node)
{
	ApplyScanState *state = (ApplyScanState *) node;

	if (state->run != NULL)
		end_run(state);
	state->finished = false;
	ExecScanReScan(&node->ss);
}
