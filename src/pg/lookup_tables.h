/*-------------------------------------------------------------------------
 *
 * lookup_tables.h
 *	  The (key, value) pairs of a program's lookup actions, read from their
 *	  tables into the executor once per run.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_LOOKUP_TABLES_H
#define SMART_RULES_LOOKUP_TABLES_H

#include "smart_rules_capi.h"

extern sr_status load_lookup_tables(sr_executor *executor);

#endif							/* SMART_RULES_LOOKUP_TABLES_H */
