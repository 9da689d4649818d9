/*-------------------------------------------------------------------------
 *
 * events.c
 *	  The CloudEvents outbox (see events.h) and the trigger that emits the
 *	  version events, version_status_event().
 *
 * The event is built as the caller (id: gen_random_uuid(), time: now(),
 * source: /smart_rules/<database>, traceparent: smart_rules.traceparent
 * when set) and notified as the caller; the row is written as the owner of
 * the log tables (log_owner_enter), so that no role needs, or has, a
 * privilege to write events itself.  Events are emitted by this code only:
 * by a run (rule_run.c) and by the trigger on rule_versions, which a role
 * cannot call as a function.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/rel.h"

#include "events.h"
#include "gucs.h"

PG_FUNCTION_INFO_V1(version_status_event);

/* Parameters: type, subject, data, traceparent (or null); returns the event as jsonb. */
#define BUILD_AND_NOTIFY_SQL \
	"WITH e AS (SELECT jsonb_build_object('specversion', '1.0', 'id', gen_random_uuid()::text," \
	" 'source', '/smart_rules/' || current_database(), 'type', $1, 'subject', $2," \
	" 'time', now(), 'datacontenttype', 'application/json', 'data', $3::jsonb)" \
	" || CASE WHEN $4 IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('traceparent', $4) END" \
	" AS event)" \
	" SELECT event, pg_notify('smart_rules_events', event::text) FROM e"

#define INSERT_EVENT_SQL \
	"INSERT INTO smart_rules.events (tenant_id, specversion, event_id, source, type, subject," \
	" time, datacontenttype, data, traceparent)" \
	" SELECT $1, e->>'specversion', e->>'id', e->>'source', e->>'type', e->>'subject'," \
	" (e->>'time')::timestamptz, e->>'datacontenttype', e->'data', e->>'traceparent'" \
	" FROM (SELECT $2::jsonb AS e) s"

void
emit_event(const char *tenant_id, const char *type, const char *subject, const char *data)
{
	const char *traceparent = smart_rules_traceparent;
	Oid			build_types[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		build_args[4];
	char		build_nulls[4] = {' ', ' ', ' ', ' '};
	Oid			insert_types[2] = {TEXTOID, JSONBOID};
	Datum		insert_args[2];
	bool		isnull;
	LogOwnerSwitch owner;
	int			result;

	build_args[0] = CStringGetTextDatum(type);
	build_args[1] = CStringGetTextDatum(subject);
	build_args[2] = CStringGetTextDatum(data);
	if (traceparent != NULL && traceparent[0] != '\0')
		build_args[3] = CStringGetTextDatum(traceparent);
	else
		build_nulls[3] = 'n';
	result = SPI_execute_with_args(BUILD_AND_NOTIFY_SQL, 4, build_types, build_args, build_nulls,
								   false, 1);
	if (result != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not build event: %s", SPI_result_code_string(result));
	insert_args[0] = CStringGetTextDatum(tenant_id);
	insert_args[1] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

	log_owner_enter(&owner);
	result = SPI_execute_with_args(INSERT_EVENT_SQL, 2, insert_types, insert_args, NULL, false, 0);
	log_owner_leave(&owner);
	if (result != SPI_OK_INSERT)
		elog(ERROR, "could not write event: %s", SPI_result_code_string(result));
}

/* Append "key": value (a JSON string, or null) to a JSON object being built. */
static void
append_string_member(StringInfo json, const char *key, const char *value)
{
	if (json->len > 1)
		appendStringInfoChar(json, ',');
	escape_json(json, key);
	appendStringInfoChar(json, ':');
	if (value != NULL)
		escape_json(json, value);
	else
		appendStringInfoString(json, "null");
}

void
emit_rules_applied(const RunRecord *record)
{
	StringInfoData data;
	char	   *subject = psprintf("%s@%s", record->rule_set, record->version);

	initStringInfo(&data);
	appendStringInfoChar(&data, '{');
	append_string_member(&data, "rule_set", record->rule_set);
	append_string_member(&data, "version", record->version);
	append_string_member(&data, "source", record->source);
	appendStringInfo(&data, ",\"run_id\":" INT64_FORMAT ",\"rows_in\":" UINT64_FORMAT
					 ",\"rows_out\":" UINT64_FORMAT ",\"rows_changed\":" UINT64_FORMAT
					 ",\"corrections\":" UINT64_FORMAT ",\"violations\":" UINT64_FORMAT
					 ",\"rejected\":" UINT64_FORMAT ",\"elapsed_ms\":%.3f}",
					 record->figures.run_id, record->figures.rows_in, record->figures.rows_out, record->figures.rows_changed,
					 record->figures.corrections, record->figures.violations, record->figures.rejected,
					 record->figures.elapsed_ms);
	emit_event(record->tenant_id, EVENT_RULES_APPLIED, subject, data.data);
}

/*
 * version_status_event() returns trigger: AFTER UPDATE OF status ON
 * rule_versions FOR EACH ROW, when a version becomes published or
 * deprecated.  Data: {"rule_set", "version", "status", "checksum"}.
 */
Datum
version_status_event(PG_FUNCTION_ARGS)
{
	TriggerData *trigger_data = (TriggerData *) fcinfo->context;
	HeapTuple	row;
	TupleDesc	desc;
	char	   *status;
	char	   *version;
	char	   *tenant_id;
	char	   *rule_set_id;
	char	   *rule_set = NULL;
	StringInfoData data;
	Oid			name_types[1] = {INT8OID};
	Datum		name_args[1];

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BY_UPDATE(trigger_data->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigger_data->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("version_status_event() must be an AFTER UPDATE ... FOR EACH ROW trigger")));
	row = trigger_data->tg_newtuple;
	desc = RelationGetDescr(trigger_data->tg_relation);
	status = SPI_getvalue(row, desc, SPI_fnumber(desc, "status"));
	version = SPI_getvalue(row, desc, SPI_fnumber(desc, "version"));
	tenant_id = SPI_getvalue(row, desc, SPI_fnumber(desc, "tenant_id"));
	rule_set_id = SPI_getvalue(row, desc, SPI_fnumber(desc, "rule_set_id"));
	if (status == NULL || (strcmp(status, "published") != 0 && strcmp(status, "deprecated") != 0))
		return PointerGetDatum(NULL);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	name_args[0] = DirectFunctionCall1(int8in, CStringGetDatum(rule_set_id));
	if (SPI_execute_with_args("SELECT name FROM smart_rules.rule_sets WHERE id = $1",
							  1, name_types, name_args, NULL, true, 1) == SPI_OK_SELECT &&
		SPI_processed == 1)
		rule_set = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

	initStringInfo(&data);
	appendStringInfoChar(&data, '{');
	append_string_member(&data, "rule_set", rule_set);
	append_string_member(&data, "version", version);
	append_string_member(&data, "status", status);
	append_string_member(&data, "checksum",
						 SPI_getvalue(row, desc, SPI_fnumber(desc, "checksum")));
	appendStringInfoChar(&data, '}');
	emit_event(tenant_id,
			   strcmp(status, "published") == 0 ? EVENT_VERSION_PUBLISHED : EVENT_VERSION_DEPRECATED,
			   psprintf("%s@%s", rule_set != NULL ? rule_set : rule_set_id, version),
			   data.data);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return PointerGetDatum(NULL);
}
