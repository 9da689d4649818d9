/*-------------------------------------------------------------------------
 *
 * in_place.h
 *	  Writing a run's results back into the table it read: one UPDATE for
 *	  the changed rows and one DELETE for the rejected rows of each batch.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_IN_PLACE_H
#define SMART_RULES_IN_PLACE_H

#include "executor/spi.h"

#include "batch_reader.h"
#include "field_binding.h"

typedef struct InPlaceWriter
{
	const SourceReader *reader;
	const FieldBinding *binding;
	bool		by_table;		/* rows are identified by (tableoid, ctid), else ctid */
	SPIPlanPtr	update_plan;
	SPIPlanPtr	delete_plan;
	int16	   *typlen;			/* per target column, for its array */
	bool	   *typbyval;
	char	   *typalign;

	/* The current batch (its memory) */
	int			updates;
	int			deletes;
	Datum	   *update_tables;
	Datum	   *update_ctids;
	Datum	  **update_values;	/* per target column, per updated row */
	bool	  **update_nulls;
	Datum	   *delete_tables;
	Datum	   *delete_ctids;
} InPlaceWriter;

extern void in_place_prepare(InPlaceWriter *writer, const SourceReader *reader,
							 const FieldBinding *binding);
extern void in_place_begin_batch(InPlaceWriter *writer, int rows);
extern void in_place_update(InPlaceWriter *writer, int row, const Datum *values,
							const bool *nulls);
extern void in_place_delete(InPlaceWriter *writer, int row);
extern void in_place_end_batch(InPlaceWriter *writer);

#endif							/* SMART_RULES_IN_PLACE_H */
