/*-------------------------------------------------------------------------
 *
 * analytics.h
 *	  Refresh of the analytics materialized views (correction_stats_daily,
 *	  rule_run_stats_daily): on demand with refresh_analytics(), and after
 *	  logged runs as smart_rules.analytics_refresh says.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_ANALYTICS_H
#define SMART_RULES_ANALYTICS_H

/*
 * The advisory lock that lets one transaction at a time refresh the views
 * of a database: pg_locks shows it as locktype advisory, classid
 * 1397641812 ("SMRT"), objid 1, objsubid 2; in SQL it is
 * pg_try_advisory_xact_lock(1397641812, 1).
 */
#define ANALYTICS_LOCK_KEY1 1397641812
#define ANALYTICS_LOCK_KEY2 1

/*
 * Called when an apply_rules or apply_rules_in_place call has written its
 * run record: refresh the views if the setting asks for it now.
 */
extern void analytics_after_run(void);

#endif							/* SMART_RULES_ANALYTICS_H */
