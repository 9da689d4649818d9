/*-------------------------------------------------------------------------
 *
 * row_shaping.h
 *	  Building a kept row in the target's row type from the executor's
 *	  final values and the source row.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_ROW_SHAPING_H
#define SMART_RULES_ROW_SHAPING_H

#include "batch_reader.h"
#include "correction_log.h"
#include "field_binding.h"
#include "smart_rules_capi.h"

extern bool shape_row(const FieldBinding *binding, const sr_executor *executor,
					  const sr_field_flags *field_flags, SourceReader *reader,
					  EventLog *events, int row, bool find_changed,
					  Datum *values, bool *nulls);

#endif							/* SMART_RULES_ROW_SHAPING_H */
