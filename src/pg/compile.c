/*-------------------------------------------------------------------------
 *
 * compile.c
 *	  SQL functions of the compiling area: compile_rules, validate_rules,
 *	  explain_rules.
 *
 * All three are pure functions of their argument (IMMUTABLE, STRICT,
 * PARALLEL SAFE).  The source text is handed to the core as UTF-8; every core
 * object is held in a CoreHandles set owned by the current memory context
 * until the results are copied out.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "error_report.h"
#include "rule_ir.h"
#include "server_encoding.h"

PG_FUNCTION_INFO_V1(compile_rules);
PG_FUNCTION_INFO_V1(validate_rules);
PG_FUNCTION_INFO_V1(explain_rules);

/* Columns of validate_rules' result, in order. */
enum
{
	VALIDATE_LINE,
	VALIDATE_COL,
	VALIDATE_RULE_ID,
	VALIDATE_SEVERITY,
	VALIDATE_MESSAGE,
	VALIDATE_SQLSTATE,
	VALIDATE_HINT,
	VALIDATE_COLUMNS
};

static sr_status compile_source(text *source, CoreHandles *handles);

/*
 * compile_rules(source text) returns rule_ir
 *
 * Raises the first error (by YAML position) with its SQLSTATE, DETAIL and
 * HINT.  When the rule set compiles, its warnings are reported as WARNING
 * (see report_warnings) and the program is returned.
 */
Datum
compile_rules(PG_FUNCTION_ARGS)
{
	text	   *source = PG_GETARG_TEXT_PP(0);
	CoreHandles *handles = core_handles_create(CurrentMemoryContext);
	sr_status	status;
	DiagnosticCopy *warnings;
	size_t		warning_count;
	struct varlena *result;

	status = compile_source(source, handles);
	if (status != SR_OK)
		raise_core_failure(status, handles);

	warnings = copy_diagnostics(handles->diagnostics, &warning_count);
	result = rule_ir_from_program(handles);
	core_handles_release(handles);

	report_warnings(warnings, warning_count);
	PG_RETURN_POINTER(result);
}

/*
 * validate_rules(source text)
 *	  returns table(line int, col int, rule_id text, severity text, message text,
 *					sqlstate text, hint text)
 *
 * Every diagnostic of the compilation, ordered by YAML position; no rows
 * means the rule set is valid.  Bad rules are rows, never an error; only
 * a failure of the core itself (out of memory, a bug) raises.  line and col
 * are null when unknown, rule_id when the problem is outside any rule,
 * sqlstate for warnings (compile_rules would not raise them), hint when
 * there is no advice.
 */
Datum
validate_rules(PG_FUNCTION_ARGS)
{
	text	   *source = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CoreHandles *handles;
	sr_status	status;
	DiagnosticCopy *diagnostics;
	size_t		count;

	InitMaterializedSRF(fcinfo, 0);

	handles = core_handles_create(CurrentMemoryContext);
	status = compile_source(source, handles);
	if (status != SR_OK &&
		(status != SR_ERROR || handles->diagnostics == NULL ||
		 sr_diagnostics_first_error(handles->diagnostics) < 0))
		raise_core_failure(status, handles);

	diagnostics = copy_diagnostics(handles->diagnostics, &count);
	core_handles_release(handles);

	for (size_t i = 0; i < count; i++)
	{
		const DiagnosticCopy *d = &diagnostics[i];
		Datum		values[VALIDATE_COLUMNS];
		bool		nulls[VALIDATE_COLUMNS];

		values[VALIDATE_LINE] = Int32GetDatum(d->line);
		nulls[VALIDATE_LINE] = d->line <= 0;
		values[VALIDATE_COL] = Int32GetDatum(d->column);
		nulls[VALIDATE_COL] = d->column <= 0;
		values[VALIDATE_RULE_ID] = CStringGetTextDatum(d->rule_id);
		nulls[VALIDATE_RULE_ID] = d->rule_id[0] == '\0';
		values[VALIDATE_SEVERITY] = CStringGetTextDatum(d->severity);
		nulls[VALIDATE_SEVERITY] = false;
		values[VALIDATE_MESSAGE] = CStringGetTextDatum(d->message);
		nulls[VALIDATE_MESSAGE] = false;
		values[VALIDATE_SQLSTATE] = CStringGetTextDatum(unpack_sql_state(d->sqlerrcode));
		nulls[VALIDATE_SQLSTATE] = !d->is_error;
		values[VALIDATE_HINT] = CStringGetTextDatum(d->hint);
		nulls[VALIDATE_HINT] = d->hint[0] == '\0';

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * explain_rules(rules rule_ir) returns text
 *
 * The compiled plan in readable form (rules, fields read and written,
 * kernels chosen), as the core renders it.
 */
Datum
explain_rules(PG_FUNCTION_ARGS)
{
	struct varlena *rules = PG_GETARG_RULE_IR_PP(0);

	PG_RETURN_TEXT_P(cstring_to_text(rule_ir_render(rules, sr_program_explain)));
}

/*
 * Compile a source text given in the database encoding; the program and
 * diagnostics land in "handles".
 */
static sr_status
compile_source(text *source, CoreHandles *handles)
{
	size_t		utf8_len;
	const char *utf8 = utf8_from_server(VARDATA_ANY(source),
										VARSIZE_ANY_EXHDR(source), &utf8_len);

	return sr_compile(utf8, utf8_len, &handles->program, &handles->diagnostics);
}
