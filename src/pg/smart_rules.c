/*-------------------------------------------------------------------------
 *
 * smart_rules.c
 *	  Module identity and start-up of the smart_rules extension.
 *
 * The glue is split by concern: core_handles.c (core objects owned by
 * memory contexts), error_report.c (diagnostics as ereport), server_encoding.c
 * (UTF-8 <-> database encoding), rule_ir.c (the rule_ir type), gucs.c (the
 * settings) and one file per area of SQL functions (compile.c, apply.c) with
 * the pieces of a run beside them (rule_run.c and the files it names).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "apply_scan.h"
#include "gucs.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Module load: define the settings and install the planner hook of
 * apply_rules' streaming scan.  Nothing is shared between backends, so the
 * module needs no shared memory and works without shared_preload_libraries
 * (apply_scan.c says how the hook is in place before it is needed).
 */
void
_PG_init(void)
{
	define_gucs();
	apply_scan_init();
}
