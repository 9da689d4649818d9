/*-------------------------------------------------------------------------
 *
 * field_binding.h
 *	  Binding a program's fields to the columns of a source relation and of
 *	  a target row type, before any row is read.
 *
 * Every field of the program must be a column of the source or of the
 * target (else 42703).  The binding says which source columns the query
 * reads (in the order of the query's select list), which executor field
 * each source column feeds, and where each target column takes its value
 * from.  It is built once per call, in the run's memory context.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_FIELD_BINDING_H
#define SMART_RULES_FIELD_BINDING_H

#include "access/attnum.h"
#include "access/tupdesc.h"
#include "fmgr.h"

#include "coercion.h"
#include "smart_rules_capi.h"

/* A column of the source that the query reads; its position in the select list is its index + 1. */
typedef struct SourceColumn
{
	char	   *name;			/* database encoding */
	Oid			typid;
	int32		typmod;
	bool		is_text;		/* text, varchar or char: handed to the core as is */
	FmgrInfo	output;			/* otherwise: the type's output function */
} SourceColumn;

/* A column of the target row, and where its value comes from. */
typedef struct TargetColumn
{
	char	   *name;			/* database encoding */
	int			position;		/* 0-based attribute number in the target row type */
	int			field;			/* executor field, or -1 */
	int			source;			/* source column, or -1 */
	bool		reuse_source;	/* same type as the source column: an unchanged value reuses its Datum */
	ColumnInput input;
} TargetColumn;

typedef struct FieldBinding
{
	int			field_count;	/* the executor's fields */
	char	  **field_names;	/* database encoding */
	int		   *field_source;	/* per field: its source column, or -1 */
	int			source_count;
	SourceColumn *sources;
	int			target_count;
	TargetColumn *targets;
	int			key_count;		/* the source's key columns (primary key) */
	int		   *key_sources;	/* per key column: its source column */
} FieldBinding;

/* What is bound: the two row shapes and their names for messages. */
typedef struct BindingRequest
{
	const sr_program *program;
	const sr_executor *executor;
	TupleDesc	source_desc;
	const char *source_name;
	TupleDesc	target_desc;
	const char *target_name;	/* NULL: the target is the source's own row type */
	bool		only_written_fields;	/* shape only the target columns rules write */
	int			key_count;
	const AttrNumber *key_attnums;	/* in source_desc */
} BindingRequest;

extern void bind_fields(FieldBinding *binding, const BindingRequest *request);

#endif							/* SMART_RULES_FIELD_BINDING_H */
