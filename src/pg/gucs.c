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
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "utils/guc.h"

#include "gucs.h"

int			smart_rules_batch_size = 5000;
char	   *smart_rules_tenant = NULL;
char	   *smart_rules_traceparent = NULL;

static bool check_traceparent(char **newval, void **extra, GucSource source);

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
 * The current tenant, or NULL when none is set (unset or empty).
 */
const char *
current_tenant(void)
{
	if (smart_rules_tenant == NULL || smart_rules_tenant[0] == '\0')
		return NULL;
	return smart_rules_tenant;
}
