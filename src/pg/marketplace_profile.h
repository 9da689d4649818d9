/*-------------------------------------------------------------------------
 *
 * marketplace_profile.h
 *	  A marketplace profile as read_csv and to_csv use it: for each product
 *	  field of the profile, its header, aliases and place in smart_rules.product.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_MARKETPLACE_PROFILE_H
#define SMART_RULES_MARKETPLACE_PROFILE_H

#include "access/tupdesc.h"

#include "smart_rules_capi.h"

typedef struct ProfileField
{
	char	   *field;			/* the product field (database encoding) */
	char	   *header;			/* the marketplace's own column name */
	char	  **aliases;		/* other accepted names */
	int			alias_count;
	bool		required;
	int			attnum;			/* 1-based attribute number in product */
} ProfileField;

typedef struct MarketplaceProfile
{
	char	   *marketplace;
	ProfileField *fields;		/* in column order */
	int			field_count;
	char		delimiter;
	char	   *encoding;		/* "utf-8" or "windows-1252" */
	char	   *preamble;		/* NULL when none */
	TupleDesc	product_desc;	/* smart_rules.product */
	int			extra_attnum;	/* 1-based attribute number of extra */
} MarketplaceProfile;

/*
 * The profile called "marketplace" for the current tenant (its own, else the
 * built-in one), allocated in the current memory context; errors when none.
 */
extern MarketplaceProfile *load_marketplace_profile(const char *marketplace);

/*
 * The encoding a name means ("utf-8", "windows-1252", ...; see docs/marketplaces.md);
 * "detect" only where allow_detect. "what" names the argument in the error.
 */
extern sr_csv_encoding csv_encoding_from_name(const char *name, bool allow_detect,
											  const char *what);

#endif							/* SMART_RULES_MARKETPLACE_PROFILE_H */
