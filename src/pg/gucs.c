/*-------------------------------------------------------------------------
 *
 * gucs.c
 *	  Definition of the extension's settings (see gucs.h).
 *
 * smart_rules.batch_size trades memory for per-batch overhead: each batch
 * holds that many source rows, their values and their events at once.
 * smart_rules.tenant names the tenant whose data a session works on
 * (SQL-API.md, Tenancy); smart_rules.current_tenant() reads it in SQL.
 * smart_rules.traceparent, a W3C Trace Context traceparent, is copied into
 * the events the session emits (events.c).
 * smart_rules.analytics_refresh says when a run refreshes the analytics
 * views (analytics.c); it is SUSET, a choice for the whole database that
 * the DBA makes (postgresql.conf, ALTER DATABASE/ROLE ... SET, or
 * GRANT SET ON PARAMETER), not each application.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>
#include <stdlib.h>

#include "utils/guc.h"

#include "gucs.h"

int			smart_rules_batch_size = 5000;
char	   *smart_rules_tenant = NULL;
char	   *smart_rules_traceparent = NULL;
int			smart_rules_analytics_refresh = ANALYTICS_REFRESH_OFF;

/* The text of smart_rules.analytics_refresh; the parsed value is above. */
static char *analytics_refresh_setting = NULL;

static bool check_traceparent(char **newval, void **extra, GucSource source);
static bool check_analytics_refresh(char **newval, void **extra, GucSource source);
static void assign_analytics_refresh(const char *newval, void *extra);

/*
 * Define every setting and reserve the prefix, so that a misspelled
 * "smart_rules.something" is reported instead of silently becoming a
 * placeholder.  Called once, from _PG_init.
 */
void
define_gucs(void)
{
	DefineCustomIntVariable("smart_rules.batch_size",
							"Rows read from the source per batch when rules are applied.",
							"Larger batches cost more memory per call and fewer round trips per row.",
							&smart_rules_batch_size,
							5000, 100, 1000000,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);

	DefineCustomStringVariable("smart_rules.tenant",
							   "The tenant whose data this session works on.",
							   "Usually set per transaction with SET LOCAL; empty means no tenant.",
							   &smart_rules_tenant,
							   "",
							   PGC_USERSET,
							   0,
							   NULL, NULL, NULL);

	DefineCustomStringVariable("smart_rules.traceparent",
							   "W3C traceparent copied into the events this session emits.",
							   "Format 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>; empty means none.",
							   &smart_rules_traceparent,
							   "",
							   PGC_USERSET,
							   0,
							   check_traceparent, NULL, NULL);

	DefineCustomStringVariable("smart_rules.analytics_refresh",
							   "When logged runs refresh the analytics materialized views.",
							   "off (never: refresh_analytics() or run_maintenance() do it), after_run (after every apply_rules or apply_rules_in_place that logs), or an interval such as '5 min' (after a run, at most once per interval).",
							   &analytics_refresh_setting,
							   "off",
							   PGC_SUSET,
							   0,
							   check_analytics_refresh, assign_analytics_refresh, NULL);

	MarkGUCPrefixReserved("smart_rules");
}

/*
 * Empty, or a version-00 traceparent: "00-" 32 lower-case hex digits (not
 * all zero) "-" 16 (not all zero) "-" 2 (W3C Trace Context).
 */
static bool
check_traceparent(char **newval, void **extra, GucSource source)
{
	static const int field_lengths[4] = {2, 32, 16, 2};
	const char *p = *newval;

	if (p == NULL || p[0] == '\0')
		return true;
	for (int field = 0; field < 4; field++)
	{
		bool		all_zero = true;

		for (int i = 0; i < field_lengths[field]; i++, p++)
		{
			if (!isxdigit((unsigned char) *p) || isupper((unsigned char) *p))
			{
				GUC_check_errdetail("smart_rules.traceparent must look like 00-<32 hex digits>-<16 hex digits>-<2 hex digits>, in lower case.");
				return false;
			}
			all_zero &= (*p == '0');
		}
		if (*p != (field < 3 ? '-' : '\0') || (all_zero && (field == 1 || field == 2)) ||
			(field == 0 && strncmp(*newval, "00", 2) != 0))
		{
			GUC_check_errdetail("smart_rules.traceparent must look like 00-<32 hex digits>-<16 hex digits>-<2 hex digits>, in lower case, with a trace id and a parent id that are not all zeros.");
			return false;
		}
		p++;
	}
	return true;
}

/*
 * off, after_run, or a positive interval in the units of a setting in
 * seconds ("300", "90s", "5 min", "1h", "1d"); parsed once, here, into an
 * int handed to the assign hook.
 */
static bool
check_analytics_refresh(char **newval, void **extra, GucSource source)
{
	int			seconds;
	const char *hint = NULL;
	int		   *parsed;

	if (pg_strcasecmp(*newval, "off") == 0)
		seconds = ANALYTICS_REFRESH_OFF;
	else if (pg_strcasecmp(*newval, "after_run") == 0)
		seconds = ANALYTICS_REFRESH_AFTER_RUN;
	else if (!parse_int(*newval, &seconds, GUC_UNIT_S, &hint) || seconds <= 0)
	{
		GUC_check_errdetail("smart_rules.analytics_refresh must be off, after_run, or a positive interval such as '5 min' (units ms, s, min, h, d; at least one second).");
		if (hint != NULL)
			GUC_check_errhint("%s", hint);
		return false;
	}
	/* The GUC machinery releases "extra" with free(). */
	parsed = malloc(sizeof(int));
	if (parsed == NULL)
		return false;
	*parsed = seconds;
	*extra = parsed;
	return true;
}

static void
assign_analytics_refresh(const char *newval, void *extra)
{
	smart_rules_analytics_refresh = *(int *) extra;
}

/*
 * The current tenant, or NULL when none is set (unset or empty).
 */
const char *
current_tenant(void)
{
	if (smart_rules_tenant == NULL || smart_rules_tenant[0] == '\0')
		return NULL;
	return smart_rules_tenant;
}
