/*-------------------------------------------------------------------------
 *
 * error_report.c
 *	  The core's diagnostics and failures as ereport() calls.
 *
 * A diagnostic becomes a report with the SQLSTATE the core chose, its
 * message as the primary message, the YAML location and rule id as DETAIL
 * and the core's advice as HINT.  Before any ereport(ERROR), every string is
 * copied into palloc'd memory and every core object is freed: the longjmp
 * must not carry a core object away.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "error_report.h"
#include "server_encoding.h"

static DiagnosticCopy copy_diagnostic(const sr_diagnostic_view *view);
static int	sqlerrcode_from_string(const char *sqlstate);
static char *copy_core_string(const char *text);

/*
 * Copy every diagnostic of "diagnostics" (in the core's order: by YAML
 * position; none when it is NULL) into a palloc'd array; the count goes to
 * *count.
 */
DiagnosticCopy *
copy_diagnostics(const sr_diagnostics *diagnostics, size_t *count)
{
	size_t		n = diagnostics != NULL ? sr_diagnostics_count(diagnostics) : 0;
	DiagnosticCopy *copies = palloc(sizeof(DiagnosticCopy) * Max(n, 1));

	for (size_t i = 0; i < n; i++)
	{
		sr_diagnostic_view view = sr_diagnostics_get(diagnostics, i);

		copies[i] = copy_diagnostic(&view);
	}
	*count = n;
	return copies;
}

/*
 * Report one diagnostic at "elevel".  With ERROR this does not return.
 */
void
report_diagnostic(const DiagnosticCopy *diagnostic, int elevel)
{
	ereport(elevel,
			(errcode(diagnostic->sqlerrcode),
			 errmsg("%s", diagnostic->message),
			 diagnostic->detail[0] != '\0' ? errdetail("%s", diagnostic->detail) : 0,
			 diagnostic->hint[0] != '\0' ? errhint("%s", diagnostic->hint) : 0));
}

/*
 * Report the warnings among "diagnostics" as WARNING messages.  A warning
 * points at something that is most likely a mistake in the rule set (the
 * rule set still compiles), so it is a WARNING rather than a NOTICE: it
 * reaches the client and the server log with the default settings.
 */
void
report_warnings(const DiagnosticCopy *diagnostics, size_t count)
{
	for (size_t i = 0; i < count; i++)
	{
		if (!diagnostics[i].is_error)
			report_diagnostic(&diagnostics[i], WARNING);
	}
}

/*
 * Raise the error that a failed core call (status other than SR_OK) stands
 * for, releasing every core object in "handles" first.
 *
 * SR_ERROR is bad input: the first error of handles->diagnostics is raised
 * with its own SQLSTATE.  SR_OUT_OF_MEMORY and SR_INTERNAL carry their
 * message in sr_last_failure(), which must be copied before any other call
 * into the core (releasing the handles is one).
 */
void
raise_core_failure(sr_status status, CoreHandles *handles)
{
	char	   *failure;

	if (status == SR_ERROR && handles->diagnostics != NULL)
	{
		long		first = sr_diagnostics_first_error(handles->diagnostics);

		if (first >= 0)
		{
			sr_diagnostic_view view = sr_diagnostics_get(handles->diagnostics,
														 (size_t) first);
			DiagnosticCopy error = copy_diagnostic(&view);

			core_handles_release(handles);
			report_diagnostic(&error, ERROR);	/* does not return */
		}
	}

	/* Out of memory, a bug, or an error status without an error to show. */
	failure = copy_core_string(sr_last_failure());
	core_handles_release(handles);

	if (status == SR_OUT_OF_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 failure[0] != '\0' ? errdetail("%s", failure) : 0));

	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg_internal("smart_rules core failure (status %d): %s",
							 (int) status,
							 failure[0] != '\0' ? failure : "no message")));
	pg_unreachable();
}

static DiagnosticCopy
copy_diagnostic(const sr_diagnostic_view *view)
{
	DiagnosticCopy copy;

	copy.is_error = strcmp(view->severity, "error") == 0;
	copy.sqlerrcode = copy.is_error ? sqlerrcode_from_string(view->sqlstate)
		: ERRCODE_WARNING;
	copy.severity = copy_core_string(view->severity);
	copy.message = copy_core_string(view->message);
	copy.detail = copy_core_string(view->detail);
	copy.hint = copy_core_string(view->hint);
	copy.rule_id = copy_core_string(view->rule_id);
	copy.line = view->line;
	copy.column = view->column;
	return copy;
}

/*
 * The error code for a five-character SQLSTATE such as "42601"; anything
 * malformed is a bug in the core, reported as internal_error.
 */
static int
sqlerrcode_from_string(const char *sqlstate)
{
	if (sqlstate == NULL || strlen(sqlstate) != 5 ||
		strspn(sqlstate, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 5)
		return ERRCODE_INTERNAL_ERROR;
	return MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2],
						 sqlstate[3], sqlstate[4]);
}

/* A core string (UTF-8, possibly NULL) as palloc'd text in the database encoding. */
static char *
copy_core_string(const char *text)
{
	if (text == NULL)
		return pstrdup("");
	return server_string_from_utf8(text, strlen(text));
}
