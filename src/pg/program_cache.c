/*-------------------------------------------------------------------------
 *
 * program_cache.c
 *	  The backend-local program and resolution caches (see program_cache.h)
 *	  and their SQL functions: resolve_rules_cached(), catalog_changed()
 *	  (trigger), program_cache_stats() and program_cache_reset().
 *
 * The programs are a dynahash in its own context under TopMemoryContext; each
 * entry holds a copy of the rule_ir bytes (for the exact comparison) and
 * the core program, which the cache owns: it is freed with sr_program_free
 * when the entry is evicted.  At most PROGRAM_CACHE_CAPACITY entries: when
 * the table is full, the unpinned entries are all evicted (rule sets in use
 * by one backend are few; an LRU would buy little).  The resolutions are a
 * second dynahash in the same context, emptied on every invalidation of
 * rule_sets or rule_versions (or of every relation).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "core_handles.h"
#include "error_report.h"
#include "gucs.h"
#include "program_cache.h"
#include "rule_ir.h"

#define PROGRAM_CACHE_CAPACITY 64
#define RESOLUTION_CACHE_CAPACITY 256
/* Longest (role, tenant, rule set, version) key cached; longer ones always go to SQL. */
#define RESOLUTION_KEY_SIZE 256

PG_FUNCTION_INFO_V1(resolve_rules_cached_sql);
PG_FUNCTION_INFO_V1(catalog_changed);
PG_FUNCTION_INFO_V1(program_cache_stats);
PG_FUNCTION_INFO_V1(program_cache_reset);

typedef struct ProgramKey
{
	uint32		hash;			/* hash_bytes of the rule_ir payload */
	uint32		length;			/* its length */
} ProgramKey;

typedef struct ProgramEntry
{
	ProgramKey	key;
	char	   *bytes;			/* the payload, in cache_context */
	sr_program *program;		/* owned by the cache */
	int			pins;			/* runs using the program now */
} ProgramEntry;

/* A pin of an entry by a run, released by its owner context's reset. */
typedef struct ProgramPin
{
	ProgramEntry *entry;
	MemoryContextCallback callback;
} ProgramPin;

typedef struct ResolutionEntry
{
	char		key[RESOLUTION_KEY_SIZE];	/* role, tenant, rule set, version */
	struct varlena *rules;		/* a copy of the rule_ir, in cache_context */
} ResolutionEntry;

static MemoryContext cache_context = NULL;
static HTAB *program_table = NULL;
static HTAB *resolution_table = NULL;
static Oid	catalog_relids[2] = {InvalidOid, InvalidOid};	/* rule_sets, rule_versions */
static uint64 catalog_invalidations = 0;	/* seen by catalog_invalidated */
static int64 cache_hits = 0;
static int64 cache_misses = 0;

static void ensure_tables(void);
static struct varlena *resolve_in_catalog(const char *rule_set, const char *version);
static void forget_resolutions(void);
static void catalog_invalidated(Datum arg, Oid relid);
static void remember_catalog_relids(void);
static ProgramEntry *load_entry(const char *bytes, ProgramKey key);
static void evict_unpinned(void);
static void release_pin(void *arg);

const sr_program *
program_cache_acquire(const struct varlena *rules, MemoryContext owner)
{
	const char *bytes = VARDATA_ANY(rules);
	ProgramKey	key;
	ProgramEntry *entry;
	ProgramPin *pin;

	ensure_tables();
	key.length = (uint32) VARSIZE_ANY_EXHDR(rules);
	key.hash = hash_bytes((const unsigned char *) bytes, (int) key.length);

	entry = hash_search(program_table, &key, HASH_FIND, NULL);
	if (entry != NULL && memcmp(entry->bytes, bytes, key.length) == 0)
		cache_hits++;
	else
	{
		/*
		 * A miss, or another program with the same hash and length: replace
		 * it, unless a run uses it; then this run gets a program of its own,
		 * freed with the owner context.
		 */
		if (entry != NULL && entry->pins > 0)
		{
			CoreHandles *handles = core_handles_create(owner);

			rule_ir_load_program(rules, handles);
			cache_misses++;
			return handles->program;
		}
		entry = load_entry(bytes, key);
		cache_misses++;
	}

	pin = MemoryContextAllocZero(owner, sizeof(ProgramPin));
	entry->pins++;
	pin->entry = entry;
	pin->callback.func = release_pin;
	pin->callback.arg = pin;
	MemoryContextRegisterResetCallback(owner, &pin->callback);
	return entry->program;
}

static void
ensure_tables(void)
{
	HASHCTL		control;

	if (program_table != NULL)
		return;
	cache_context = AllocSetContextCreate(TopMemoryContext, "smart_rules program cache",
										  ALLOCSET_SMALL_SIZES);
	control.keysize = sizeof(ProgramKey);
	control.entrysize = sizeof(ProgramEntry);
	control.hcxt = cache_context;
	program_table = hash_create("smart_rules programs", PROGRAM_CACHE_CAPACITY, &control,
								HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	control.keysize = RESOLUTION_KEY_SIZE;
	control.entrysize = sizeof(ResolutionEntry);
	resolution_table = hash_create("smart_rules resolutions", RESOLUTION_CACHE_CAPACITY,
								   &control, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	CacheRegisterRelcacheCallback(catalog_invalidated, (Datum) 0);
}

struct varlena *
resolve_rules_cached(const char *rule_set, const char *version)
{
	const char *tenant = current_tenant();
	char		key[RESOLUTION_KEY_SIZE];
	int			length;
	ResolutionEntry *entry;
	struct varlena *rules;
	struct varlena *copy;
	bool		found;
	uint64		invalidations_before;

	ensure_tables();
	remember_catalog_relids();
	/* The role and tenant are part of the key: grants and row level security decide. */
	length = snprintf(key, sizeof(key), "%u\x1f%s\x1f%s\x1f%s%s", GetUserId(),
					  tenant != NULL ? tenant : "", rule_set,
					  version != NULL ? "v" : "-", version != NULL ? version : "");
	if (length >= RESOLUTION_KEY_SIZE)
		return resolve_in_catalog(rule_set, version);

	entry = hash_search(resolution_table, key, HASH_FIND, NULL);
	if (entry != NULL)
	{
		rules = palloc(VARSIZE(entry->rules));
		memcpy(rules, entry->rules, VARSIZE(entry->rules));
		return rules;
	}

	/*
	 * Resolve with a snapshot taken now: every invalidation already seen is
	 * of a commit it sees (a commit is visible before its invalidation is
	 * sent).  One seen while resolving may postdate the answer, and a
	 * transaction snapshot (REPEATABLE READ, SERIALIZABLE) may predate
	 * invalidations already seen: such answers are not kept.
	 */
	invalidations_before = catalog_invalidations;
	PushActiveSnapshot(GetTransactionSnapshot());
	rules = resolve_in_catalog(rule_set, version);
	PopActiveSnapshot();
	if (catalog_invalidations != invalidations_before || IsolationUsesXactSnapshot())
		return rules;
	if (hash_get_num_entries(resolution_table) >= RESOLUTION_CACHE_CAPACITY)
		forget_resolutions();
	copy = MemoryContextAlloc(cache_context, VARSIZE(rules));
	memcpy(copy, rules, VARSIZE(rules));
	entry = hash_search(resolution_table, key, HASH_ENTER, &found);
	entry->rules = copy;
	return rules;
}

/*
 * smart_rules.resolve_rules(rule_set, version), called directly (either may
 * be NULL; resolve_rules raises the errors): the rule_ir, detoasted and
 * unpacked, in the current context.
 */
static struct varlena *
resolve_in_catalog(const char *rule_set, const char *version)
{
	Oid			argument_types[2] = {TEXTOID, TEXTOID};
	List	   *name = list_make2(makeString("smart_rules"), makeString("resolve_rules"));
	FmgrInfo	flinfo;
	LOCAL_FCINFO(fcinfo, 2);
	Datum		result;

	fmgr_info(LookupFuncName(name, 2, argument_types, false), &flinfo);
	InitFunctionCallInfoData(*fcinfo, &flinfo, 2, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = rule_set == NULL ? (Datum) 0 : CStringGetTextDatum(rule_set);
	fcinfo->args[0].isnull = rule_set == NULL;
	fcinfo->args[1].value = version == NULL ? (Datum) 0 : CStringGetTextDatum(version);
	fcinfo->args[1].isnull = version == NULL;
	result = FunctionCallInvoke(fcinfo);
	if (fcinfo->isnull)
		elog(ERROR, "rule set \"%s\" resolved to null", rule_set != NULL ? rule_set : "");
	return PG_DETOAST_DATUM(result);
}

static void
forget_resolutions(void)
{
	HASH_SEQ_STATUS status;
	ResolutionEntry *entry;

	hash_seq_init(&status, resolution_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		pfree(entry->rules);
		hash_search(resolution_table, entry->key, HASH_REMOVE, NULL);
	}
}

/*
 * Relcache callback: an invalidation of rule_sets or rule_versions (sent by
 * catalog_changed, or by DDL such as dropping them), or of every relation
 * (InvalidOid), drops every resolution.  No catalog access here: the OIDs
 * were noted by remember_catalog_relids.
 */
static void
catalog_invalidated(Datum arg, Oid relid)
{
	if (OidIsValid(relid) && relid != catalog_relids[0] && relid != catalog_relids[1])
		return;
	catalog_invalidations++;
	forget_resolutions();
	catalog_relids[0] = InvalidOid;
	catalog_relids[1] = InvalidOid;
}

/* Note the OIDs of rule_sets and rule_versions (again after an invalidation). */
static void
remember_catalog_relids(void)
{
	Oid			schema;

	if (OidIsValid(catalog_relids[0]))
		return;
	schema = get_namespace_oid("smart_rules", false);
	catalog_relids[0] = get_relname_relid("rule_sets", schema);
	catalog_relids[1] = get_relname_relid("rule_versions", schema);
}

/*
 * resolve_rules_cached(rule_set text, version text default null) returns rule_ir
 *
 * smart_rules.resolve_rules through this backend's resolution cache.
 */
Datum
resolve_rules_cached_sql(PG_FUNCTION_ARGS)
{
	const char *version = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));

	/* No rule set: resolve_rules raises the error. */
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(resolve_in_catalog(NULL, version));
	PG_RETURN_POINTER(resolve_rules_cached(text_to_cstring(PG_GETARG_TEXT_PP(0)), version));
}

/*
 * catalog_changed() returns trigger: statement-level AFTER trigger of
 * rule_sets and rule_versions.  Sends a relcache invalidation of the table
 * (to every backend at commit, to this one at the next command), which
 * empties the resolution caches (catalog_invalidated).
 */
Datum
catalog_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigger_data = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("catalog_changed() must be called as a trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigger_data->tg_relation));
	return PointerGetDatum(NULL);
}

/*
 * Load and verify the program of the bytes into a new (or replaced) entry.
 * Until the entry takes it, the program belongs to handles in the current
 * context, so an error on the way (bad bytes, out of memory) frees it.
 */
static ProgramEntry *
load_entry(const char *bytes, ProgramKey key)
{
	CoreHandles *handles = core_handles_create(CurrentMemoryContext);
	sr_status	status;
	char	   *copy;
	ProgramEntry *entry;
	bool		found;

	status = sr_program_from_binary(bytes, key.length, &handles->program, &handles->diagnostics);
	if (status != SR_OK)
		raise_core_failure(status, handles);
	if (hash_get_num_entries(program_table) >= PROGRAM_CACHE_CAPACITY)
		evict_unpinned();
	copy = MemoryContextAlloc(cache_context, Max(key.length, 1));
	memcpy(copy, bytes, key.length);

	entry = hash_search(program_table, &key, HASH_ENTER, &found);
	if (found)
	{
		/* The unpinned entry of a colliding program: free what it held. */
		sr_program_free(entry->program);
		pfree(entry->bytes);
	}
	entry->bytes = copy;
	entry->program = handles->program;
	entry->pins = 0;
	handles->program = NULL;
	core_handles_release(handles);
	return entry;
}

/* Free every entry no run is using. */
static void
evict_unpinned(void)
{
	HASH_SEQ_STATUS status;
	ProgramEntry *entry;

	hash_seq_init(&status, program_table);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		if (entry->pins > 0)
			continue;
		sr_program_free(entry->program);
		pfree(entry->bytes);
		hash_search(program_table, &entry->key, HASH_REMOVE, NULL);
	}
}

static void
release_pin(void *arg)
{
	ProgramPin *pin = (ProgramPin *) arg;

	Assert(pin->entry->pins > 0);
	pin->entry->pins--;
}

/*
 * program_cache_stats(OUT entries integer, OUT hits bigint, OUT misses bigint)
 *
 * This backend's cache: programs held, and lookups served from it or not.
 */
Datum
program_cache_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {0};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int32GetDatum(program_table != NULL ? (int32) hash_get_num_entries(program_table) : 0);
	values[1] = Int64GetDatum(cache_hits);
	values[2] = Int64GetDatum(cache_misses);
	desc = BlessTupleDesc(desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * program_cache_reset() returns void
 *
 * Evict every program no run is using, forget every resolution, and zero
 * the counters (used to measure cold lookups).
 */
Datum
program_cache_reset(PG_FUNCTION_ARGS)
{
	if (program_table != NULL)
	{
		evict_unpinned();
		forget_resolutions();
	}
	cache_hits = 0;
	cache_misses = 0;
	PG_RETURN_VOID();
}
