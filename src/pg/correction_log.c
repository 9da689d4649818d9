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
 * Writing to correction_logs: the rows of a batch are formed directly and
 * written with table_multi_insert into the partition they belong to, their
 * index entries added, in the caller's transaction, as the table's owner,
 * the way COPY FROM writes (what INSERT ... SELECT FROM unnest(...) did,
 * without building arrays, unnesting them and inserting row by row).
 * What an INSERT would check holds by construction or is checked here:
 * the rows carry the run's tenant, the current one (the row level security
 * policy's WITH CHECK); NOT NULL and CHECK constraints are checked; columns
 * the run does not fill take their defaults (created_at: now()); the
 * partition is found by PostgreSQL's tuple routing, once per batch when the
 * partition key can only depend on values the whole batch shares, else per
 * row.  Row triggers (none are defined; a foreign key would add one) are
 * refused rather than skipped.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/hashfn.h"
#include "common/sha2.h"
#include "executor/execPartition.h"
#include "executor/executor.h"
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "rewrite/rewriteHandler.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"
#include "utils/rel.h"

#include "coercion.h"
#include "correction_log.h"
#include "run_log.h"
#include "server_encoding.h"

/* The columns of correction_logs a run fills: its constants, then the event's. */
enum
{
	RUN_TENANT_ID,
	RUN_RUN_ID,
	RUN_RULE_SET,
	RUN_VERSION,
	RUN_COLUMNS
};
static const char *const run_column_names[RUN_COLUMNS] = {
	"tenant_id", "run_id", "rule_set", "version"
};
static const char *const event_column_names[EVENT_COLUMNS] = {
	"row_key", "rule_id", "field", "old_value", "new_value", "action", "severity", "message"
};

/* Rows per table_multi_insert call (as COPY FROM buffers them). */
#define LOG_ROWS_PER_INSERT 1000
/* The first block of the context of those rows' tuples. */
#define LOG_TUPLE_BLOCK_SIZE (1024 * 1024)

/* Where a column of correction_logs takes its value from. */
typedef enum LogColumnSource
{
	FROM_RUN,					/* one of the run's constants */
	FROM_EVENT,					/* one of the event's columns */
	FROM_BATCH_DEFAULT,			/* its default, evaluated once per batch */
	FROM_ROW_DEFAULT,			/* its default, volatile: evaluated per row */
	FROM_NOTHING				/* dropped, or no default: null */
} LogColumnSource;

typedef struct LogColumn
{
	LogColumnSource source;
	int			index;			/* FROM_RUN, FROM_EVENT: which */
	ExprState  *default_value;	/* FROM_*_DEFAULT */
} LogColumn;

/* The state of writing a run's events to correction_logs, made on its first event. */
typedef struct LogTableWriter
{
	Relation	parent;			/* smart_rules.correction_logs */
	EState	   *estate;
	ModifyTableState *mtstate;	/* what tuple routing expects of its caller */
	ResultRelInfo *parent_info;
	PartitionTupleRouting *routing;
	LogColumn  *columns;		/* by attribute number - 1 of the parent */
	Datum		run_values[RUN_COLUMNS];
	bool		route_each_row;
	CommandId	command_id;		/* the current batch's */
	BulkInsertState bulk_state;

	/* One row in the parent's layout, for routing */
	Datum	   *values;
	bool	   *nulls;
	TupleTableSlot *parent_slot;

	/*
	 * The same row in "slots_desc" (its partition's layout), checked; the
	 * rows waiting for table_multi_insert, their tuples in tuple_context
	 */
	TupleDesc	slots_desc;
	TupleTableSlot *check_slot;
	TupleTableSlot **slots;
	MemoryContext tuple_context;
} LogTableWriter;

static bool is_pii(const EventLog *log, const char *field);
static Datum logged_value(bool masked, const char *data, size_t len);
static Datum sha256_digest_text(const char *data, size_t len);
static void add_event(EventLog *log, Datum *values, bool *nulls);
static const ProgramText *program_text(EventLog *log, const char *utf8);
static ProgramText *find_program_text(ProgramText *table, int slots, const char *key);
static void grow_program_texts(EventLog *log);
static LogTableWriter *log_table_writer_open(EventLog *log);
static void describe_column(LogTableWriter *writer, int index);
static bool partition_key_shared_by_batch(const LogTableWriter *writer);
static void write_events(LogTableWriter *writer, EventLog *log);
static Datum evaluate_default(LogTableWriter *writer, const LogColumn *column, bool *isnull);
static ResultRelInfo *route_row(LogTableWriter *writer);
static void store_row(LogTableWriter *writer, ResultRelInfo *target, int index);
static void insert_rows(LogTableWriter *writer, ResultRelInfo *target, int count);

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
	log->context = CurrentMemoryContext;
	grow_program_texts(log);
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
 * live as long as the log).
 */
void
event_log_to_table(EventLog *log, const RunIdentity *identity)
{
	Assert(log->destination == EVENTS_TO_LOG_TABLE);
	log->identity = *identity;
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
		const ProgramText *field = program_text(log, event.field);
		const ProgramText *action = program_text(log, event.action);

		if (action->kind == EVENT_CORRECT)
		{
			log->corrections++;
			if (!log->row_corrected[event.row])
			{
				log->row_corrected[event.row] = true;
				log->rows_changed++;
			}
		}
		else if (action->kind == EVENT_FLAG)
			log->violations++;

		values[EVENT_ROW_KEY] = CStringGetTextDatum(source_reader_row_key(reader, (int) event.row));
		values[EVENT_RULE_ID] = program_text(log, event.rule_id)->datum;
		values[EVENT_FIELD] = field->datum;
		nulls[EVENT_OLD_VALUE] = event.old_is_null;
		if (!event.old_is_null)
			values[EVENT_OLD_VALUE] = logged_value(field->is_pii, event.old_value, event.old_len);
		nulls[EVENT_NEW_VALUE] = event.new_is_null;
		if (!event.new_is_null)
			values[EVENT_NEW_VALUE] = logged_value(field->is_pii, event.new_value, event.new_len);
		values[EVENT_ACTION] = action->datum;
		values[EVENT_SEVERITY] = program_text(log, event.severity)->datum;
		nulls[EVENT_MESSAGE] = event.message_len == 0;
		if (event.message_len > 0)
			values[EVENT_MESSAGE] = text_datum_from_utf8(event.message, event.message_len);
		add_event(log, values, nulls);
	}
}

/*
 * The text Datum (and facts) of a string the executor's program owns (a
 * rule id, field name, event action or severity), made once per run: such
 * strings keep their address while the executor lives, so they are looked
 * up by address in an open-addressing table (at most half full) in the
 * log's memory context.
 */
static const ProgramText *
program_text(EventLog *log, const char *utf8)
{
	ProgramText *entry = find_program_text(log->program_texts, log->program_text_slots, utf8);
	char	   *text;
	MemoryContext caller_context;

	if (entry->key != NULL)
		return entry;
	caller_context = MemoryContextSwitchTo(log->context);
	if (2 * (log->program_text_count + 1) > log->program_text_slots)
	{
		grow_program_texts(log);
		entry = find_program_text(log->program_texts, log->program_text_slots, utf8);
	}
	text = server_string_from_utf8(utf8, strlen(utf8));
	entry->key = utf8;
	entry->datum = CStringGetTextDatum(text);
	entry->is_pii = is_pii(log, text);
	entry->kind = strcmp(utf8, "correct") == 0 ? EVENT_CORRECT :
		strcmp(utf8, "flag") == 0 ? EVENT_FLAG : EVENT_OTHER;
	log->program_text_count++;
	MemoryContextSwitchTo(caller_context);
	return entry;
}

/* The slot of "key" in a table of "slots" entries (a power of two): its entry or a free one. */
static ProgramText *
find_program_text(ProgramText *table, int slots, const char *key)
{
	uint32		slot = hash_bytes((const unsigned char *) &key, sizeof(key)) & (slots - 1);

	while (table[slot].key != NULL && table[slot].key != key)
		slot = (slot + 1) & (slots - 1);
	return &table[slot];
}

/* Double the ProgramText table (at least 64 slots), in CurrentMemoryContext. */
static void
grow_program_texts(EventLog *log)
{
	int			slots = Max(64, 2 * log->program_text_slots);
	ProgramText *table = palloc0(sizeof(ProgramText) * slots);

	for (int i = 0; i < log->program_text_slots; i++)
	{
		if (log->program_texts[i].key != NULL)
			*find_program_text(table, slots, log->program_texts[i].key) = log->program_texts[i];
	}
	if (log->program_texts != NULL)
		pfree(log->program_texts);
	log->program_texts = table;
	log->program_text_slots = slots;
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
 * The batch is done: write its events to correction_logs, in bulk.
 */
void
event_log_end_batch(EventLog *log)
{
	LogOwnerSwitch owner;

	if (log->destination != EVENTS_TO_LOG_TABLE || log->count == 0)
		return;
	if (log->writer == NULL)
		log->writer = log_table_writer_open(log);
	log_owner_enter(&owner);
	write_events(log->writer, log);
	log_owner_leave(&owner);
}

/* The run is done: release what writing its events to correction_logs held. */
void
event_log_finish(EventLog *log)
{
	LogTableWriter *writer = log->writer;

	if (writer == NULL)
		return;
	FreeBulkInsertState(writer->bulk_state);
	for (int i = 0; i < LOG_ROWS_PER_INSERT; i++)
	{
		if (writer->slots[i] != NULL)
			ExecDropSingleTupleTableSlot(writer->slots[i]);
	}
	if (writer->check_slot != NULL)
		ExecDropSingleTupleTableSlot(writer->check_slot);
	ExecDropSingleTupleTableSlot(writer->parent_slot);
	if (writer->routing != NULL)
		ExecCleanupTupleRouting(writer->mtstate, writer->routing);
	ExecCloseResultRelations(writer->estate);
	ExecCloseRangeTableRelations(writer->estate);
	FreeExecutorState(writer->estate);
	table_close(writer->parent, NoLock);
	log->writer = NULL;
}

/*
 * Open correction_logs for writing the run's events (in the log's memory
 * context): the executor state tuple routing and index insertion need, and
 * where each column's value comes from.
 */
static LogTableWriter *
log_table_writer_open(EventLog *log)
{
	MemoryContext caller_context = MemoryContextSwitchTo(log->context);
	LogTableWriter *writer = palloc0(sizeof(LogTableWriter));
	Oid			relid = get_relname_relid("correction_logs",
										  get_namespace_oid("smart_rules", false));
	RangeTblEntry *entry = makeNode(RangeTblEntry);
	TupleDesc	desc;
	int			natts;

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table smart_rules.correction_logs does not exist")));
	writer->parent = table_open(relid, RowExclusiveLock);
	desc = RelationGetDescr(writer->parent);
	natts = desc->natts;

	writer->estate = CreateExecutorState();
	entry->rtekind = RTE_RELATION;
	entry->relid = relid;
	entry->relkind = writer->parent->rd_rel->relkind;
	entry->rellockmode = RowExclusiveLock;
	ExecInitRangeTable(writer->estate, list_make1(entry));
	writer->parent_info = makeNode(ResultRelInfo);
	ExecInitResultRelation(writer->estate, writer->parent_info, 1);
	writer->mtstate = makeNode(ModifyTableState);
	writer->mtstate->ps.state = writer->estate;
	writer->mtstate->operation = CMD_INSERT;
	writer->mtstate->mt_nrels = 1;
	writer->mtstate->resultRelInfo = writer->parent_info;
	writer->mtstate->rootResultRelInfo = writer->parent_info;
	if (writer->parent->rd_rel->relkind == RELKIND_PARTITIONED_TABLE)
		writer->routing = ExecSetupPartitionTupleRouting(writer->estate, writer->parent);

	writer->run_values[RUN_TENANT_ID] = CStringGetTextDatum(log->identity.tenant_id);
	writer->run_values[RUN_RUN_ID] = Int64GetDatum(log->identity.run_id);
	writer->run_values[RUN_RULE_SET] = CStringGetTextDatum(log->identity.rule_set);
	writer->run_values[RUN_VERSION] = CStringGetTextDatum(log->identity.version);
	writer->columns = palloc0(sizeof(LogColumn) * natts);
	for (int i = 0; i < natts; i++)
		describe_column(writer, i);
	writer->route_each_row = !partition_key_shared_by_batch(writer);

	writer->bulk_state = GetBulkInsertState();
	writer->values = palloc(sizeof(Datum) * natts);
	writer->nulls = palloc(sizeof(bool) * natts);
	writer->parent_slot = MakeSingleTupleTableSlot(desc, &TTSOpsVirtual);
	writer->slots = palloc0(sizeof(TupleTableSlot *) * LOG_ROWS_PER_INSERT);
	/* One block holds the tuples of a typical insert: kept across resets, no page faults. */
	writer->tuple_context = AllocSetContextCreate(CurrentMemoryContext, "correction log rows",
												  LOG_TUPLE_BLOCK_SIZE, LOG_TUPLE_BLOCK_SIZE,
												  ALLOCSET_DEFAULT_MAXSIZE);
	MemoryContextSwitchTo(caller_context);
	return writer;
}

/* Where column "index" (attribute number - 1) of correction_logs takes its value from. */
static void
describe_column(LogTableWriter *writer, int index)
{
	Form_pg_attribute attribute = TupleDescAttr(RelationGetDescr(writer->parent), index);
	LogColumn  *column = &writer->columns[index];
	const char *name = NameStr(attribute->attname);
	Node	   *expression;

	column->source = FROM_NOTHING;
	if (attribute->attisdropped)
		return;
	for (int c = 0; c < RUN_COLUMNS; c++)
	{
		if (strcmp(name, run_column_names[c]) == 0)
		{
			column->source = FROM_RUN;
			column->index = c;
			return;
		}
	}
	for (int c = 0; c < EVENT_COLUMNS; c++)
	{
		if (strcmp(name, event_column_names[c]) == 0)
		{
			column->source = FROM_EVENT;
			column->index = c;
			return;
		}
	}
	expression = build_column_default(writer->parent, index + 1);
	if (expression == NULL)
		return;
	column->source = contain_volatile_functions(expression) ? FROM_ROW_DEFAULT : FROM_BATCH_DEFAULT;
	column->default_value = ExecPrepareExpr((Expr *) expression, writer->estate);
}

/*
 * Whether every row of a batch goes to the same partition: the partition
 * key is made of columns whose value the batch shares (the run's constants,
 * non-volatile defaults).  Sub-partitioning is checked when a row is routed.
 */
static bool
partition_key_shared_by_batch(const LogTableWriter *writer)
{
	PartitionKey key;

	if (writer->routing == NULL)
		return true;
	key = RelationGetPartitionKey(writer->parent);
	for (int k = 0; k < get_partition_natts(key); k++)
	{
		AttrNumber	attnum = get_partition_col_attnum(key, k);
		LogColumnSource source;

		if (attnum == 0)
			return false;		/* an expression */
		source = writer->columns[attnum - 1].source;
		if (source != FROM_RUN && source != FROM_BATCH_DEFAULT && source != FROM_NOTHING)
			return false;
	}
	return true;
}

/*
 * Write the batch's events: rows formed in the layout of their partition,
 * LOG_ROWS_PER_INSERT at a time.  Allocations in CurrentMemoryContext (the
 * batch's).
 */
static void
write_events(LogTableWriter *writer, EventLog *log)
{
	TupleDesc	desc = RelationGetDescr(writer->parent);
	ResultRelInfo *target = NULL;
	int			pending = 0;

	writer->command_id = GetCurrentCommandId(true);

	for (int i = 0; i < desc->natts; i++)
	{
		LogColumn  *column = &writer->columns[i];

		writer->nulls[i] = true;
		if (column->source == FROM_RUN)
		{
			writer->values[i] = writer->run_values[column->index];
			writer->nulls[i] = false;
		}
		else if (column->source == FROM_BATCH_DEFAULT)
			writer->values[i] = evaluate_default(writer, column, &writer->nulls[i]);
	}

	for (int event = 0; event < log->count; event++)
	{
		for (int i = 0; i < desc->natts; i++)
		{
			LogColumn  *column = &writer->columns[i];

			if (column->source == FROM_EVENT)
			{
				writer->values[i] = log->columns[column->index][event];
				writer->nulls[i] = log->nulls[column->index][event];
			}
			else if (column->source == FROM_ROW_DEFAULT)
				writer->values[i] = evaluate_default(writer, column, &writer->nulls[i]);
		}
		if (target == NULL || writer->route_each_row)
		{
			ResultRelInfo *routed = route_row(writer);

			if (routed != target)
			{
				insert_rows(writer, target, pending);
				pending = 0;
				target = routed;
			}
		}
		store_row(writer, target, pending);
		if (++pending == LOG_ROWS_PER_INSERT)
		{
			insert_rows(writer, target, pending);
			pending = 0;
		}
	}
	insert_rows(writer, target, pending);
}

static Datum
evaluate_default(LogTableWriter *writer, const LogColumn *column, bool *isnull)
{
	return ExecEvalExpr(column->default_value, GetPerTupleExprContext(writer->estate), isnull);
}

/*
 * The partition (a ResultRelInfo) of the row in writer->values, and the
 * slots ready for rows of its layout.  A partition that is not a direct
 * child of correction_logs (sub-partitioning) makes every row routed.
 */
static ResultRelInfo *
route_row(LogTableWriter *writer)
{
	ResultRelInfo *target = writer->parent_info;
	TupleDesc	desc;

	if (writer->routing != NULL)
	{
		TupleTableSlot *slot = writer->parent_slot;

		ExecClearTuple(slot);
		memcpy(slot->tts_values, writer->values, sizeof(Datum) * slot->tts_tupleDescriptor->natts);
		memcpy(slot->tts_isnull, writer->nulls, sizeof(bool) * slot->tts_tupleDescriptor->natts);
		ExecStoreVirtualTuple(slot);
		target = ExecFindPartition(writer->mtstate, writer->parent_info, writer->routing, slot,
								   writer->estate);
		if (get_partition_parent(RelationGetRelid(target->ri_RelationDesc), false) !=
			RelationGetRelid(writer->parent))
			writer->route_each_row = true;
	}
	if (target->ri_TrigDesc != NULL &&
		(target->ri_TrigDesc->trig_insert_before_row ||
		 target->ri_TrigDesc->trig_insert_after_row ||
		 target->ri_TrigDesc->trig_insert_instead_row))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot write the correction log to \"%s\", which has row triggers",
						RelationGetRelationName(target->ri_RelationDesc))));

	desc = RelationGetDescr(target->ri_RelationDesc);
	if (desc != writer->slots_desc)
	{
		MemoryContext caller_context = MemoryContextSwitchTo(writer->estate->es_query_cxt);

		for (int i = 0; i < LOG_ROWS_PER_INSERT; i++)
		{
			if (writer->slots[i] != NULL)
				ExecDropSingleTupleTableSlot(writer->slots[i]);
			writer->slots[i] = MakeSingleTupleTableSlot(desc, &TTSOpsHeapTuple);
		}
		if (writer->check_slot != NULL)
			ExecDropSingleTupleTableSlot(writer->check_slot);
		writer->check_slot = MakeSingleTupleTableSlot(desc, &TTSOpsVirtual);
		writer->slots_desc = desc;
		MemoryContextSwitchTo(caller_context);
	}
	return target;
}

/*
 * The row in writer->values as a tuple of the partition "target", checked
 * against its constraints, into slot "index".  The tuple lives in the
 * writer's tuple context until the rows are inserted.
 */
static void
store_row(LogTableWriter *writer, ResultRelInfo *target, int index)
{
	TupleConversionMap *map = target->ri_RootToPartitionMap;
	TupleTableSlot *checked = writer->check_slot;
	MemoryContext caller_context;
	HeapTuple	tuple;

	ExecClearTuple(checked);
	if (map == NULL)
	{
		memcpy(checked->tts_values, writer->values, sizeof(Datum) * writer->slots_desc->natts);
		memcpy(checked->tts_isnull, writer->nulls, sizeof(bool) * writer->slots_desc->natts);
	}
	else
	{
		for (int i = 0; i < writer->slots_desc->natts; i++)
		{
			AttrNumber	parent_attnum = map->attrMap->attnums[i];

			checked->tts_isnull[i] = parent_attnum == 0 || writer->nulls[parent_attnum - 1];
			checked->tts_values[i] = parent_attnum == 0 ? (Datum) 0 :
				writer->values[parent_attnum - 1];
		}
	}
	ExecStoreVirtualTuple(checked);
	if (writer->slots_desc->constr != NULL)
		ExecConstraints(target, checked, writer->estate);

	caller_context = MemoryContextSwitchTo(writer->tuple_context);
	tuple = heap_form_tuple(writer->slots_desc, checked->tts_values, checked->tts_isnull);
	MemoryContextSwitchTo(caller_context);
	ExecStoreHeapTuple(tuple, writer->slots[index], false);
}

/* Insert the first "count" waiting rows into "target", with their index entries. */
static void
insert_rows(LogTableWriter *writer, ResultRelInfo *target, int count)
{
	if (count == 0)
		return;
	table_multi_insert(target->ri_RelationDesc, writer->slots, count, writer->command_id, 0,
					   writer->bulk_state);
	for (int i = 0; i < count; i++)
	{
		if (target->ri_NumIndices > 0)
			ExecInsertIndexTuples(target, writer->slots[i], writer->estate, false, false, NULL,
								  NIL);
		ExecClearTuple(writer->slots[i]);
	}
	ResetPerTupleExprContext(writer->estate);
	MemoryContextReset(writer->tuple_context);
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
