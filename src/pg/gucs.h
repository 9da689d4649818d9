/*-------------------------------------------------------------------------
 *
 * gucs.h
 *	  The extension's settings (GUCs, prefix "smart_rules.").
 *
 * Every setting is USERSET (a session or a transaction, with SET LOCAL,
 * chooses its own) but smart_rules.analytics_refresh, which is SUSET.  The
 * variables are read directly by the code that uses them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_GUCS_H
#define SMART_RULES_GUCS_H

/* smart_rules.batch_size: rows read from the source per batch */
extern int	smart_rules_batch_size;

/* smart_rules.tenant: the current tenant, NULL or "" when unset */
extern char *smart_rules_tenant;

/* smart_rules.traceparent: W3C traceparent for emitted events, "" when unset */
extern char *smart_rules_traceparent;

/*
 * smart_rules.analytics_refresh, parsed: ANALYTICS_REFRESH_OFF,
 * ANALYTICS_REFRESH_AFTER_RUN, or the least number of seconds between two
 * refreshes made after runs
 */
#define ANALYTICS_REFRESH_OFF (-1)
#define ANALYTICS_REFRESH_AFTER_RUN 0
extern int	smart_rules_analytics_refresh;

extern void define_gucs(void);
extern const char *current_tenant(void);

#endif							/* SMART_RULES_GUCS_H */
