/*-------------------------------------------------------------------------
 *
 * row_shaping.c
 *	  A kept row in the target's row type (see row_shaping.h).
 *
 * Each target column takes the final value of the field of its name: the
 * executor's value for a program field, the source's value for a source
 * column no rule knows, null otherwise (SQL-API.md, Applying).  A value
 * that is unchanged and comes from a source column of the same type reuses
 * the source Datum; any other value goes through the column's input
 * function (coercion.c), and one that does not convert becomes null and is
 * logged.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/datum.h"

#include "row_shaping.h"

static bool input_final_value(const TargetColumn *target, const sr_executor *executor,
							  int row, Datum *value, char **text);
static bool same_datum(const ColumnInput *input, Datum value, bool isnull, Datum other,
					   bool other_isnull);
static bool shape_from_text(const TargetColumn *target, SourceReader *reader,
							EventLog *events, int row, char *text, Datum *value);

/*
 * "field_flags" are the executor's flags of every field for the batch
 * (sr_executor_field_flags), so that only the values that must be converted
 * are fetched from it.
 *
 * Fill values[] and nulls[] (indexed by attribute number - 1 in the target
 * row type) for the target columns of the binding, for "row" of the current
 * batch, in CurrentMemoryContext; other entries are left alone.  Returns
 * whether any value differs from the row as read: for a column of the
 * source's type, whether the final Datum differs from the source's (a rule
 * may change the text, "20.00" to "20.0", without changing the value); for
 * another column, whether a rule changed it or it did not convert.  Without
 * find_changed the comparison is not made and true is returned.
 */
bool
shape_row(const FieldBinding *binding, const sr_executor *executor,
		  const sr_field_flags *field_flags, SourceReader *reader, EventLog *events, int row,
		  bool find_changed, Datum *values, bool *nulls)
{
	bool		changed = !find_changed;

	for (int i = 0; i < binding->target_count; i++)
	{
		const TargetColumn *target = &binding->targets[i];
		int			p = target->position;
		bool		source_null = true;
		Datum		source_value = (Datum) 0;
		bool		column_changed;

		if (target->source >= 0)
			source_value = source_reader_value(reader, row, target->source, &source_null);

		if (target->field >= 0)
		{
			const sr_field_flags *flags = &field_flags[target->field];
			bool		is_null = flags->nulls[row] != 0;
			char	   *text;

			column_changed = flags->changed[row] != 0;
			nulls[p] = is_null;
			if (!is_null && !column_changed && target->reuse_source && !source_null)
				values[p] = source_value;
			else if (!is_null &&
					 !input_final_value(target, executor, row, &values[p], &text))
			{
				event_log_add_failed_conversion(events, reader, row, target->name, text,
												target->input.type_name);
				nulls[p] = true;
				column_changed = true;
			}
			if (column_changed && target->reuse_source && find_changed)
				column_changed = !same_datum(&target->input, values[p], nulls[p],
											 source_value, source_null);
		}
		else
		{
			column_changed = false;
			nulls[p] = source_null;
			if (!source_null && target->reuse_source)
				values[p] = source_value;
			else if (!source_null &&
					 !shape_from_text(target, reader, events, row,
									  source_reader_text(reader, row, target->source),
									  &values[p]))
			{
				nulls[p] = true;
				column_changed = true;
			}
		}
		changed |= column_changed;
	}
	return changed;
}

/* The executor's final (non-null) value of the target's field in "row", converted. */
static bool
input_final_value(const TargetColumn *target, const sr_executor *executor, int row,
				  Datum *value, char **text)
{
	sr_value_view view = sr_executor_value(executor, (size_t) target->field, (size_t) row);

	return column_input_from_utf8(&target->input, view.data, view.len, value, text);
}

/* Whether two values of a column's type are the same (equal images, or both null). */
static bool
same_datum(const ColumnInput *input, Datum value, bool isnull, Datum other, bool other_isnull)
{
	if (isnull || other_isnull)
		return isnull && other_isnull;
	return datum_image_eq(value, other, input->typbyval, input->typlen);
}

/* A source value of another type, through its text form; false when it does not convert. */
static bool
shape_from_text(const TargetColumn *target, SourceReader *reader, EventLog *events,
				int row, char *text, Datum *value)
{
	if (column_input_from_text(&target->input, text, value))
		return true;
	event_log_add_failed_conversion(events, reader, row, target->name, text,
									target->input.type_name);
	return false;
}
