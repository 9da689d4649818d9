/*-------------------------------------------------------------------------
 *
 * field_binding.c
 *	  Fields of a program against source columns and target columns (see
 *	  field_binding.h).
 *
 * Names match exactly (a field "Title" is the column "Title", as a quoted
 * identifier would be).  The source columns read are, in this order: the
 * program's fields found in the source, the other target columns found in
 * the source, then the key columns; each at most once.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/lsyscache.h"
#include "utils/varlena.h"

#include "field_binding.h"
#include "server_encoding.h"

static AttrNumber attnum_by_name(TupleDesc desc, const char *name);
static int	source_column_of(FieldBinding *binding, int *source_by_attnum,
							 TupleDesc source_desc, AttrNumber attnum);
static int	field_by_name(const FieldBinding *binding, const char *name);
static bool field_is_written(const BindingRequest *request, int field);
static void raise_unknown_field(const BindingRequest *request, size_t field,
								const char *name) pg_attribute_noreturn();
static const char *nearest_column(const BindingRequest *request, const char *name);

/*
 * Bind the program's fields (by the executor's field order) to the source
 * and target of "request"; raises 42703 for a field that is neither.
 */
void
bind_fields(FieldBinding *binding, const BindingRequest *request)
{
	TupleDesc	source_desc = request->source_desc;
	TupleDesc	target_desc = request->target_desc;
	int		   *source_by_attnum = palloc(sizeof(int) * Max(source_desc->natts, 1));

	for (int i = 0; i < source_desc->natts; i++)
		source_by_attnum[i] = -1;
	binding->source_count = 0;
	binding->sources = palloc(sizeof(SourceColumn) * Max(source_desc->natts, 1));

	/* The program's fields: each is a source column, a target column or both. */
	binding->field_count = (int) sr_executor_field_count(request->executor);
	binding->field_names = palloc(sizeof(char *) * Max(binding->field_count, 1));
	binding->field_source = palloc(sizeof(int) * Max(binding->field_count, 1));
	for (int f = 0; f < binding->field_count; f++)
	{
		const char *utf8 = sr_executor_field_name(request->executor, (size_t) f);
		char	   *name = server_string_from_utf8(utf8, strlen(utf8));
		AttrNumber	attnum = attnum_by_name(source_desc, name);

		binding->field_names[f] = name;
		binding->field_source[f] = source_column_of(binding, source_by_attnum,
													source_desc, attnum);
		if (attnum == InvalidAttrNumber && attnum_by_name(target_desc, name) == InvalidAttrNumber)
			raise_unknown_field(request, (size_t) f, name);
	}

	/* The target's columns, with the source column or field each takes. */
	binding->target_count = 0;
	binding->targets = palloc(sizeof(TargetColumn) * Max(target_desc->natts, 1));
	for (int i = 0; i < target_desc->natts; i++)
	{
		Form_pg_attribute attr = TupleDescAttr(target_desc, i);
		TargetColumn *target = &binding->targets[binding->target_count];
		int			field;
		int			source;

		if (attr->attisdropped)
			continue;
		field = field_by_name(binding, NameStr(attr->attname));
		if (request->only_written_fields && !field_is_written(request, field))
			continue;
		source = source_column_of(binding, source_by_attnum, source_desc,
								  attnum_by_name(source_desc, NameStr(attr->attname)));

		target->name = pstrdup(NameStr(attr->attname));
		target->position = i;
		target->field = field;
		target->source = source;
		target->reuse_source = source >= 0 &&
			binding->sources[source].typid == attr->atttypid &&
			(attr->atttypmod < 0 || binding->sources[source].typmod == attr->atttypmod);
		column_input_init(&target->input, attr->atttypid, attr->atttypmod);
		binding->target_count++;
	}

	/* The key columns, for row keys. */
	binding->key_count = request->key_count;
	binding->key_sources = palloc(sizeof(int) * Max(request->key_count, 1));
	for (int k = 0; k < request->key_count; k++)
		binding->key_sources[k] = source_column_of(binding, source_by_attnum, source_desc,
												   request->key_attnums[k]);
}

/* The attribute number of the live column "name" of "desc", or InvalidAttrNumber. */
static AttrNumber
attnum_by_name(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute attr = TupleDescAttr(desc, i);

		if (!attr->attisdropped && strcmp(NameStr(attr->attname), name) == 0)
			return attr->attnum;
	}
	return InvalidAttrNumber;
}

/*
 * The source column read for attribute "attnum" of the source (added to the
 * select list on first use), or -1 for InvalidAttrNumber.
 */
static int
source_column_of(FieldBinding *binding, int *source_by_attnum, TupleDesc source_desc,
				 AttrNumber attnum)
{
	Form_pg_attribute attr;
	SourceColumn *column;
	Oid			output;
	bool		is_varlena;

	if (attnum == InvalidAttrNumber)
		return -1;
	if (source_by_attnum[attnum - 1] >= 0)
		return source_by_attnum[attnum - 1];

	attr = TupleDescAttr(source_desc, attnum - 1);
	column = &binding->sources[binding->source_count];
	column->name = pstrdup(NameStr(attr->attname));
	column->typid = attr->atttypid;
	column->typmod = attr->atttypmod;
	switch (getBaseType(attr->atttypid))
	{
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			column->is_text = true;
			break;
		default:
			column->is_text = false;
			getTypeOutputInfo(attr->atttypid, &output, &is_varlena);
			fmgr_info(output, &column->output);
			break;
	}
	source_by_attnum[attnum - 1] = binding->source_count;
	return binding->source_count++;
}

static int
field_by_name(const FieldBinding *binding, const char *name)
{
	for (int f = 0; f < binding->field_count; f++)
	{
		if (strcmp(binding->field_names[f], name) == 0)
			return f;
	}
	return -1;
}

/* Whether executor field "field" (-1: none) is the field of some rule. */
static bool
field_is_written(const BindingRequest *request, int field)
{
	const char *name;

	if (field < 0)
		return false;
	name = sr_executor_field_name(request->executor, (size_t) field);
	return sr_program_field_written(request->program, name, strlen(name)) != 0;
}

/*
 * 42703 for a field that is neither a source nor a target column: the
 * message names the field and where it was looked for, DETAIL the first
 * rule that uses it, HINT the nearest column name when one is close.
 */
static void
raise_unknown_field(const BindingRequest *request, size_t field, const char *name)
{
	const char *utf8 = sr_executor_field_name(request->executor, field);
	const char *rule = sr_program_field_first_rule(request->program, utf8, strlen(utf8));
	char	   *rule_id = rule != NULL ? server_string_from_utf8(rule, strlen(rule)) : NULL;
	const char *nearest = nearest_column(request, name);

	if (request->target_name != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("field \"%s\" is neither a column of %s nor of type %s",
						name, request->source_name, request->target_name),
				 rule_id != NULL ? errdetail("rule \"%s\"", rule_id) : 0,
				 nearest != NULL ? errhint("did you mean \"%s\"?", nearest) : 0));
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("field \"%s\" is not a column of %s", name, request->source_name),
			 rule_id != NULL ? errdetail("rule \"%s\"", rule_id) : 0,
			 nearest != NULL ? errhint("did you mean \"%s\"?", nearest) : 0));
	pg_unreachable();
}

/*
 * The source or target column whose name is closest to "name" by edit
 * distance, if it is close enough to be a likely typo; else NULL.
 */
static const char *
nearest_column(const BindingRequest *request, const char *name)
{
	TupleDesc	descs[2] = {request->source_desc, request->target_desc};
	int			name_len = (int) strlen(name);
	int			best_distance = Max(2, name_len / 3) + 1;
	const char *best = NULL;

	for (int d = 0; d < 2; d++)
	{
		for (int i = 0; i < descs[d]->natts; i++)
		{
			Form_pg_attribute attr = TupleDescAttr(descs[d], i);
			const char *column = NameStr(attr->attname);
			int			distance;

			if (attr->attisdropped)
				continue;
			distance = varstr_levenshtein_less_equal(name, name_len, column,
													 (int) strlen(column),
													 1, 1, 1, best_distance, true);
			if (distance < best_distance)
			{
				best_distance = distance;
				best = column;
			}
		}
	}
	return best;
}
