/*-------------------------------------------------------------------------
 *
 * in_place.c
 *	  A run's results written back where the rows stand (see in_place.h).
 *
 * Per batch, at most two statements, prepared once per call:
 *
 *	 UPDATE t SET c1 = u.v1, ... FROM unnest($1, $2, ...) AS u(row_ctid, v1, ...)
 *	 WHERE t.ctid = u.row_ctid
 *	 DELETE FROM t USING unnest($1) AS u(row_ctid) WHERE t.ctid = u.row_ctid
 *
 * with (tableoid, ctid) instead of ctid when the rows may live in several
 * tables (partitions, inheritance children).  The set columns are the
 * columns rules write; only rows with a changed value are updated.  Both run
 * with the caller's privileges and row level security.
 *
 * The cursor reading the table saw it as it was when the run started: rows
 * this run updates are new versions it does not see, so no row is corrected
 * twice.  A row that another transaction changed meanwhile has a new ctid
 * and is left alone (READ COMMITTED re-checks the join condition).  For a
 * partitioned table each row is looked up by ctid in every partition; the
 * tableoid condition keeps the right one.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/objectaddress.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "in_place.h"

static void check_update_privilege(const SourceReader *reader, const FieldBinding *binding);
static char *update_sql(const InPlaceWriter *writer);
static char *delete_sql(const InPlaceWriter *writer);
static void append_row_identity(StringInfo sql, const InPlaceWriter *writer, bool in_alias);
static void execute(SPIPlanPtr plan, Datum *args, int expected);
static Datum tid_array(Datum *ctids, int count);
static Datum oid_array(Datum *oids, int count);

/*
 * Prepare the statements of the writer, for the table "reader" reads and
 * the target columns of "binding" (the columns rules write).
 */
void
in_place_prepare(InPlaceWriter *writer, const SourceReader *reader, const FieldBinding *binding)
{
	int			identity_args;
	int			nargs;
	Oid		   *types;
	MemoryContext caller_context = CurrentMemoryContext;

	check_update_privilege(reader, binding);

	memset(writer, 0, sizeof(InPlaceWriter));
	writer->reader = reader;
	writer->binding = binding;
	writer->by_table = reader->reads_tableoid;
	identity_args = writer->by_table ? 2 : 1;
	nargs = identity_args + binding->target_count;

	types = palloc(sizeof(Oid) * nargs);
	if (writer->by_table)
		types[0] = OIDARRAYOID;
	types[identity_args - 1] = TIDARRAYOID;
	writer->typlen = palloc(sizeof(int16) * Max(binding->target_count, 1));
	writer->typbyval = palloc(sizeof(bool) * Max(binding->target_count, 1));
	writer->typalign = palloc(sizeof(char) * Max(binding->target_count, 1));
	for (int i = 0; i < binding->target_count; i++)
	{
		Oid			typid = binding->targets[i].input.typid;
		Oid			array_type = get_array_type(typid);

		if (!OidIsValid(array_type))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("column \"%s\" cannot be corrected in place: type %s has no array type",
							binding->targets[i].name, format_type_be(typid))));
		types[identity_args + i] = array_type;
		get_typlenbyvalalign(typid, &writer->typlen[i], &writer->typbyval[i],
							 &writer->typalign[i]);
	}

	if (binding->target_count > 0)
		writer->update_plan = SPI_prepare(update_sql(writer), nargs, types);
	writer->delete_plan = SPI_prepare(delete_sql(writer), identity_args, types);
	MemoryContextSwitchTo(caller_context);
	if ((binding->target_count > 0 && writer->update_plan == NULL) ||
		writer->delete_plan == NULL)
		elog(ERROR, "SPI_prepare failed for an in-place write: %s",
			 SPI_result_code_string(SPI_result));
}

/*
 * UPDATE on the table or on every column written, checked before any row is
 * read so that a caller without it fails at once (the statements would
 * check it again, at the first batch with a change).  DELETE is left to the
 * statement: it is needed only when a row is rejected.
 */
static void
check_update_privilege(const SourceReader *reader, const FieldBinding *binding)
{
	Oid			user = GetUserId();

	if (pg_class_aclcheck(reader->relid, user, ACL_UPDATE) == ACLCHECK_OK)
		return;
	for (int i = 0; i < binding->target_count; i++)
	{
		AttrNumber	attnum = get_attnum(reader->relid, binding->targets[i].name);

		if (pg_attribute_aclcheck(reader->relid, attnum, user, ACL_UPDATE) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, get_relkind_objtype(reader->relkind),
						   get_rel_name(reader->relid));
	}
}

static char *
update_sql(const InPlaceWriter *writer)
{
	const FieldBinding *binding = writer->binding;
	int			first_value = writer->by_table ? 3 : 2;
	StringInfoData sql;

	initStringInfo(&sql);
	appendStringInfo(&sql, "UPDATE %s AS t SET ", writer->reader->qualified_name);
	for (int i = 0; i < binding->target_count; i++)
		appendStringInfo(&sql, "%s%s = u.v%d", i > 0 ? ", " : "",
						 quote_identifier(binding->targets[i].name), i + 1);
	appendStringInfoString(&sql, " FROM unnest(");
	for (int arg = 1; arg < first_value + binding->target_count; arg++)
		appendStringInfo(&sql, "%s$%d", arg > 1 ? ", " : "", arg);
	appendStringInfoString(&sql, ") AS u(");
	append_row_identity(&sql, writer, true);
	for (int i = 0; i < binding->target_count; i++)
		appendStringInfo(&sql, ", v%d", i + 1);
	appendStringInfoString(&sql, ") WHERE ");
	append_row_identity(&sql, writer, false);
	return sql.data;
}

static char *
delete_sql(const InPlaceWriter *writer)
{
	StringInfoData sql;

	initStringInfo(&sql);
	appendStringInfo(&sql, "DELETE FROM %s AS t USING unnest(%s) AS u(",
					 writer->reader->qualified_name, writer->by_table ? "$1, $2" : "$1");
	append_row_identity(&sql, writer, true);
	appendStringInfoString(&sql, ") WHERE ");
	append_row_identity(&sql, writer, false);
	return sql.data;
}

/* "row_table, row_ctid" (the alias list) or the join condition on them. */
static void
append_row_identity(StringInfo sql, const InPlaceWriter *writer, bool in_alias)
{
	if (in_alias)
		appendStringInfoString(sql, writer->by_table ? "row_table, row_ctid" : "row_ctid");
	else if (writer->by_table)
		appendStringInfoString(sql, "t.tableoid = u.row_table AND t.ctid = u.row_ctid");
	else
		appendStringInfoString(sql, "t.ctid = u.row_ctid");
}

/* A batch of "rows" rows starts; its arrays live in CurrentMemoryContext. */
void
in_place_begin_batch(InPlaceWriter *writer, int rows)
{
	int			columns = Max(writer->binding->target_count, 1);

	writer->updates = 0;
	writer->deletes = 0;
	writer->update_tables = palloc(sizeof(Datum) * rows);
	writer->update_ctids = palloc(sizeof(Datum) * rows);
	writer->update_values = palloc(sizeof(Datum *) * columns);
	writer->update_nulls = palloc(sizeof(bool *) * columns);
	for (int i = 0; i < writer->binding->target_count; i++)
	{
		writer->update_values[i] = palloc(sizeof(Datum) * rows);
		writer->update_nulls[i] = palloc(sizeof(bool) * rows);
	}
	writer->delete_tables = palloc(sizeof(Datum) * rows);
	writer->delete_ctids = palloc(sizeof(Datum) * rows);
}

/*
 * Queue the update of "row" with its shaped values (indexed by target
 * attribute number - 1); the values must live until in_place_end_batch.
 */
void
in_place_update(InPlaceWriter *writer, int row, const Datum *values, const bool *nulls)
{
	const SourceReader *reader = writer->reader;
	int			base = row * reader->width;
	int			n = writer->updates++;

	if (writer->by_table)
		writer->update_tables[n] = reader->values[base + reader->tableoid_column];
	writer->update_ctids[n] = reader->values[base + reader->ctid_column];
	for (int i = 0; i < writer->binding->target_count; i++)
	{
		int			position = writer->binding->targets[i].position;

		writer->update_values[i][n] = values[position];
		writer->update_nulls[i][n] = nulls[position];
	}
}

/* Queue the deletion of "row" (rejected). */
void
in_place_delete(InPlaceWriter *writer, int row)
{
	const SourceReader *reader = writer->reader;
	int			base = row * reader->width;
	int			n = writer->deletes++;

	if (writer->by_table)
		writer->delete_tables[n] = reader->values[base + reader->tableoid_column];
	writer->delete_ctids[n] = reader->values[base + reader->ctid_column];
}

/* Write the batch: its UPDATE, then its DELETE, each only when it has rows. */
void
in_place_end_batch(InPlaceWriter *writer)
{
	const FieldBinding *binding = writer->binding;
	int			identity_args = writer->by_table ? 2 : 1;
	Datum	   *args = palloc(sizeof(Datum) * (identity_args + binding->target_count));
	int			lower_bound = 1;

	if (writer->updates > 0 && binding->target_count > 0)
	{
		if (writer->by_table)
			args[0] = oid_array(writer->update_tables, writer->updates);
		args[identity_args - 1] = tid_array(writer->update_ctids, writer->updates);
		for (int i = 0; i < binding->target_count; i++)
			args[identity_args + i] =
				PointerGetDatum(construct_md_array(writer->update_values[i],
												   writer->update_nulls[i], 1,
												   &writer->updates, &lower_bound,
												   binding->targets[i].input.typid,
												   writer->typlen[i], writer->typbyval[i],
												   writer->typalign[i]));
		execute(writer->update_plan, args, SPI_OK_UPDATE);
	}
	if (writer->deletes > 0)
	{
		if (writer->by_table)
			args[0] = oid_array(writer->delete_tables, writer->deletes);
		args[identity_args - 1] = tid_array(writer->delete_ctids, writer->deletes);
		execute(writer->delete_plan, args, SPI_OK_DELETE);
	}
}

static void
execute(SPIPlanPtr plan, Datum *args, int expected)
{
	MemoryContext caller_context = CurrentMemoryContext;
	int			result = SPI_execute_plan(plan, args, NULL, false, 0);

	MemoryContextSwitchTo(caller_context);
	if (result != expected)
		elog(ERROR, "in-place write failed: %s", SPI_result_code_string(result));
}

static Datum
tid_array(Datum *ctids, int count)
{
	return PointerGetDatum(construct_array(ctids, count, TIDOID, sizeof(ItemPointerData),
										   false, TYPALIGN_SHORT));
}

static Datum
oid_array(Datum *oids, int count)
{
	return PointerGetDatum(construct_array(oids, count, OIDOID, sizeof(Oid), true,
										   TYPALIGN_INT));
}
