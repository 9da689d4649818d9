/*-------------------------------------------------------------------------
 *
 * run_log.h
 *	  The record of runs: smart_rules.rule_runs rows, run ids, the
 *	  session's last run, and the identity the log tables are written as.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_RUN_LOG_H
#define SMART_RULES_RUN_LOG_H

#include "datatype/timestamp.h"

#include "smart_rules_capi.h"

/*
 * Writes to the log tables run as the owner of smart_rules.correction_logs
 * (between log_owner_enter and log_owner_leave): a caller needs no privilege
 * on them, and cannot write them except through a run.
 */
typedef struct LogOwnerSwitch
{
	Oid			saved_user;
	int			saved_context;
} LogOwnerSwitch;

/* The figures of a finished run (run_summary). */
typedef struct RunSummary
{
	int64		run_id;			/* 0 when the run was not logged */
	uint64		rows_in;
	uint64		rows_out;
	uint64		rows_changed;
	uint64		corrections;
	uint64		violations;
	uint64		rejected;
	double		elapsed_ms;
} RunSummary;

/* One rule_runs row; strings in the database encoding, NULL for null. */
typedef struct RunRecord
{
	RunSummary	figures;		/* run_id and the totals */
	const char *tenant_id;
	const char *rule_set;
	const char *version;
	const char *source;
	TimestampTz started_at;
	TimestampTz finished_at;
	const char *per_rule;		/* JSON array, one object per rule */
} RunRecord;

extern void log_owner_enter(LogOwnerSwitch *save);
extern void log_owner_leave(const LogOwnerSwitch *save);
extern int64 run_log_new_id(void);
extern char *run_log_per_rule_json(const sr_executor *executor);
extern void run_log_insert(const RunRecord *record);
extern void run_log_set_last(int64 run_id, bool logged);

#endif							/* SMART_RULES_RUN_LOG_H */
