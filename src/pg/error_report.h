/*-------------------------------------------------------------------------
 *
 * error_report.h
 *	  Turning the core's diagnostics and failures into PostgreSQL reports.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_ERROR_REPORT_H
#define SMART_RULES_ERROR_REPORT_H

#include "core_handles.h"
#include "smart_rules_capi.h"

/*
 * One diagnostic, copied out of the core into palloc'd memory (strings in
 * the database encoding, never NULL, empty when unknown), so that it can be
 * reported after the core object it came from has been freed.
 */
typedef struct DiagnosticCopy
{
	bool		is_error;		/* false: a warning */
	int			sqlerrcode;		/* ERRCODE_WARNING for a warning */
	char	   *severity;		/* "error" or "warning" */
	char	   *message;
	char	   *detail;			/* "line 3, column 7, rule \"x\"" */
	char	   *hint;
	char	   *rule_id;
	int			line;			/* 1-based; 0 when unknown */
	int			column;
} DiagnosticCopy;

extern DiagnosticCopy *copy_diagnostics(const sr_diagnostics *diagnostics,
										size_t *count);
extern void report_diagnostic(const DiagnosticCopy *diagnostic, int elevel);
extern void report_warnings(const DiagnosticCopy *diagnostics, size_t count);
extern void raise_core_failure(sr_status status, CoreHandles *handles) pg_attribute_noreturn();

#endif							/* SMART_RULES_ERROR_REPORT_H */
