/*-------------------------------------------------------------------------
 *
 * apply.h
 *	  What the custom scan of apply_rules (apply_scan.c) shares with the SQL
 *	  functions of apply.c: knowing an apply_rules call and beginning its run.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_APPLY_H
#define SMART_RULES_APPLY_H

#include "fmgr.h"

#include "rule_run.h"

/* Arguments of the longer overload: rule_set, source, target, version, log. */
#define APPLY_MAX_ARGS 5

extern Datum apply_rules(PG_FUNCTION_ARGS);
extern Datum apply_rules_by_name(PG_FUNCTION_ARGS);

extern RuleRun *apply_begin(bool by_name, const Datum *args, const bool *nulls,
							Oid target_type, TupleDesc target_desc, bool streaming);

#endif							/* SMART_RULES_APPLY_H */
