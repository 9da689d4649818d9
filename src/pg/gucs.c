/*-------------------------------------------------------------------------
 *
 * gucs.c
 *	  Definition of the extension's settings (see gucs.h).
 *
 * smart_rules.batch_size trades memory for per-batch overhead: each batch
 * holds that many source rows, their values and their events at once.
 * smart_rules.tenant names the tenant whose data a session works on
 * (SQL-API.md, Tenancy); smart_rules.current_tenant() reads it in SQL.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/guc.h"

#include "gucs.h"

int			smart_rules_batch_size = 5000;
char	   *smart_rules_tenant = NULL;

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

	MarkGUCPrefixReserved("smart_rules");
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
