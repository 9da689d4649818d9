/*-------------------------------------------------------------------------
 *
 * smart_rules.c
 *	  Module identity of the smart_rules extension.
 *
 * The glue is split by concern: core_handles.c (core objects owned by
 * memory contexts), error_report.c (diagnostics as ereport), server_encoding.c
 * (UTF-8 <-> database encoding), rule_ir.c (the rule_ir type) and one file
 * per area of SQL functions (compile.c).  The module needs no start-up work
 * yet, so it defines no _PG_init; GUCs will be defined there when the first
 * one arrives.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
