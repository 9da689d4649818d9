/*-------------------------------------------------------------------------
 *
 * marketplace_profile.c
 *	  Load a marketplace profile (see marketplace_profile.h) through
 *	  smart_rules.marketplace_profile(), which resolves the name by tenant,
 *	  and bind its fields to smart_rules.product's attributes.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "marketplace_profile.h"

#define PROFILE_SQL \
	"SELECT field, header, aliases, required, delimiter, encoding, preamble" \
	" FROM smart_rules.marketplace_profile($1)"

static char **text_array_strings(Datum array, int *count);
static int	product_attnum(TupleDesc desc, const char *name);

MarketplaceProfile *
load_marketplace_profile(const char *marketplace)
{
	MemoryContext caller_context = CurrentMemoryContext;
	MarketplaceProfile *profile = palloc0(sizeof(MarketplaceProfile));
	Oid			product_type;
	Oid			arg_types[1] = {TEXTOID};
	Datum		args[1];
	int			result;

	product_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								   CStringGetDatum("product"),
								   ObjectIdGetDatum(get_namespace_oid("smart_rules", false)));
	profile->product_desc = lookup_rowtype_tupdesc_copy(product_type, -1);
	profile->extra_attnum = product_attnum(profile->product_desc, "extra");
	profile->marketplace = pstrdup(marketplace);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	args[0] = CStringGetTextDatum(marketplace);
	result = SPI_execute_with_args(PROFILE_SQL, 1, arg_types, args, NULL, true, 0);
	if (result != SPI_OK_SELECT)
		elog(ERROR, "could not read marketplace profile \"%s\": %s", marketplace,
			 SPI_result_code_string(result));

	MemoryContextSwitchTo(caller_context);
	profile->field_count = (int) SPI_processed;
	profile->fields = palloc0(sizeof(ProfileField) * Max(profile->field_count, 1));
	profile->delimiter = ',';
	profile->encoding = pstrdup("utf-8");
	for (int i = 0; i < profile->field_count; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		ProfileField *field = &profile->fields[i];
		bool		isnull;
		char	   *delimiter;

		field->field = SPI_getvalue(row, desc, 1);
		field->header = SPI_getvalue(row, desc, 2);
		field->aliases = text_array_strings(SPI_getbinval(row, desc, 3, &isnull),
											&field->alias_count);
		field->required = DatumGetBool(SPI_getbinval(row, desc, 4, &isnull));
		field->attnum = product_attnum(profile->product_desc, field->field);
		delimiter = SPI_getvalue(row, desc, 5);
		profile->delimiter = delimiter[0];
		profile->encoding = SPI_getvalue(row, desc, 6);
		profile->preamble = SPI_getvalue(row, desc, 7);
	}
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	if (profile->field_count == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("marketplace profile \"%s\" has no fields", marketplace),
				 errhint("Add its fields to smart_rules.marketplace_fields.")));
	return profile;
}

/* The elements of a text[] as palloc'd strings (nulls skipped). */
static char **
text_array_strings(Datum array, int *count)
{
	Datum	   *elements;
	bool	   *nulls;
	int			n;
	char	  **strings;
	int			kept = 0;

	deconstruct_array(DatumGetArrayTypeP(array), TEXTOID, -1, false, TYPALIGN_INT,
					  &elements, &nulls, &n);
	strings = palloc(sizeof(char *) * Max(n, 1));
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			strings[kept++] = TextDatumGetCString(elements[i]);
	*count = kept;
	return strings;
}

/* The 1-based attribute number of a product field; the profile's trigger vouches for it. */
static int
product_attnum(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute attribute = TupleDescAttr(desc, i);

		if (!attribute->attisdropped && strcmp(NameStr(attribute->attname), name) == 0)
			return i + 1;
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("\"%s\" is not a field of smart_rules.product", name)));
	pg_unreachable();
}

sr_csv_encoding
csv_encoding_from_name(const char *name, bool allow_detect, const char *what)
{
	static const struct
	{
		const char *name;
		sr_csv_encoding encoding;
	}			names[] = {
		{"detect", SR_CSV_DETECT},
		{"utf-8", SR_CSV_UTF8}, {"utf8", SR_CSV_UTF8},
		{"windows-1252", SR_CSV_WINDOWS_1252}, {"cp1252", SR_CSV_WINDOWS_1252},
		{"win1252", SR_CSV_WINDOWS_1252}, {"latin1", SR_CSV_WINDOWS_1252},
		{"iso-8859-1", SR_CSV_WINDOWS_1252},
		{"utf-16le", SR_CSV_UTF16LE}, {"utf-16be", SR_CSV_UTF16BE},
	};

	for (int i = 0; i < lengthof(names); i++)
		if (pg_strcasecmp(name, names[i].name) == 0 &&
			(allow_detect || names[i].encoding != SR_CSV_DETECT))
			return names[i].encoding;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown encoding \"%s\" for %s", name, what),
			 errhint("%s", allow_detect
					 ? "Use \"detect\", \"utf-8\", \"windows-1252\", \"utf-16le\" or \"utf-16be\"."
					 : "Use \"utf-8\" or \"windows-1252\".")));
	pg_unreachable();
}
