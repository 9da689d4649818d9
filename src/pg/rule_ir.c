/*-------------------------------------------------------------------------
 *
 * rule_ir.c
 *	  I/O functions of the rule_ir type and the cast to jsonb.
 *
 * Text form: the core's JSON form of the program (input accepts it back).
 * Binary form (send/receive): the stored bytes, i.e. the core's binary form.
 * Both inputs go through the core's verifier, so a value that exists is a
 * valid program.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "error_report.h"
#include "rule_ir.h"
#include "server_encoding.h"

PG_FUNCTION_INFO_V1(rule_ir_in);
PG_FUNCTION_INFO_V1(rule_ir_out);
PG_FUNCTION_INFO_V1(rule_ir_recv);
PG_FUNCTION_INFO_V1(rule_ir_send);
PG_FUNCTION_INFO_V1(rule_ir_to_jsonb);

/*
 * A new rule_ir value (palloc'd) holding the binary form of
 * handles->program.  The serialized bytes stay in handles->buffer until the
 * caller releases the handles.
 */
struct varlena *
rule_ir_from_program(CoreHandles *handles)
{
	sr_status	status;
	struct varlena *result;

	Assert(handles->program != NULL && handles->buffer.data == NULL);
	status = sr_program_to_binary(handles->program, &handles->buffer);
	if (status != SR_OK)
		raise_core_failure(status, handles);

	if (handles->buffer.len > MaxAllocSize - VARHDRSZ)
	{
		core_handles_release(handles);
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("compiled rule set is too large")));
	}

	result = palloc(VARHDRSZ + handles->buffer.len);
	SET_VARSIZE(result, VARHDRSZ + handles->buffer.len);
	memcpy(VARDATA(result), handles->buffer.data, handles->buffer.len);
	return result;
}

/*
 * Load a rule_ir value into handles->program (verified by the core), or
 * raise the core's error (22P03 for bytes that are not a valid program).
 */
void
rule_ir_load_program(const struct varlena *value, CoreHandles *handles)
{
	sr_status	status;

	Assert(handles->program == NULL && handles->diagnostics == NULL);
	status = sr_program_from_binary(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value),
									&handles->program, &handles->diagnostics);
	if (status != SR_OK)
		raise_core_failure(status, handles);
}

/*
 * Render a rule_ir value as text with one of the core's renderers; the
 * result is palloc'd, in the database encoding.
 */
char *
rule_ir_render(const struct varlena *value, ProgramRenderer render)
{
	CoreHandles *handles = core_handles_create(CurrentMemoryContext);
	sr_status	status;
	char	   *text;

	rule_ir_load_program(value, handles);
	status = render(handles->program, &handles->buffer);
	if (status != SR_OK)
		raise_core_failure(status, handles);

	text = server_string_from_utf8(handles->buffer.data, handles->buffer.len);
	core_handles_release(handles);
	return text;
}

/*
 * rule_ir_in(cstring): the JSON form back into a value; JSON that is not a
 * valid program is an error (22P02).
 */
Datum
rule_ir_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	size_t		json_len;
	const char *json = utf8_from_server(input, strlen(input), &json_len);
	CoreHandles *handles = core_handles_create(CurrentMemoryContext);
	sr_status	status;
	struct varlena *result;

	status = sr_program_from_json(json, json_len,
								  &handles->program, &handles->diagnostics);
	if (status != SR_OK)
		raise_core_failure(status, handles);

	result = rule_ir_from_program(handles);
	core_handles_release(handles);
	PG_RETURN_POINTER(result);
}

/*
 * rule_ir_out(rule_ir): the JSON form of the program.
 */
Datum
rule_ir_out(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_RULE_IR_PP(0);

	PG_RETURN_CSTRING(rule_ir_render(value, sr_program_to_json));
}

/*
 * rule_ir_recv(internal): the rest of the message is the binary form.  It is
 * verified by loading it, and stored re-serialized, so that a value received
 * in an older format version is stored in the current one.
 */
Datum
rule_ir_recv(PG_FUNCTION_ARGS)
{
	StringInfo	message = (StringInfo) PG_GETARG_POINTER(0);
	CoreHandles *handles = core_handles_create(CurrentMemoryContext);
	sr_status	status;
	struct varlena *result;

	status = sr_program_from_binary(message->data + message->cursor,
									message->len - message->cursor,
									&handles->program, &handles->diagnostics);
	if (status != SR_OK)
		raise_core_failure(status, handles);
	message->cursor = message->len;

	result = rule_ir_from_program(handles);
	core_handles_release(handles);
	PG_RETURN_POINTER(result);
}

/*
 * rule_ir_send(rule_ir): the stored bytes, unchanged.
 */
Datum
rule_ir_send(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_RULE_IR_PP(0);
	StringInfoData message;

	pq_begintypsend(&message);
	pq_sendbytes(&message, VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
	PG_RETURN_BYTEA_P(pq_endtypsend(&message));
}

/*
 * rule_ir_to_jsonb(rule_ir): the cast to jsonb, i.e. the text form parsed as
 * jsonb.
 */
Datum
rule_ir_to_jsonb(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_RULE_IR_PP(0);
	char	   *json = rule_ir_render(value, sr_program_to_json);

	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(json)));
}
