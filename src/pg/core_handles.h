/*-------------------------------------------------------------------------
 *
 * core_handles.h
 *	  Ownership of core objects (programs, diagnostics, buffers) by a
 *	  PostgreSQL memory context.
 *
 * The core allocates with its own allocator, so a core object is not freed
 * when a PostgreSQL error unwinds the stack with longjmp.  Every core object
 * the glue holds while it calls something that can raise an error (palloc,
 * encoding conversion, tuplestore, SPI) lives in a CoreHandles set: the set
 * is allocated in a memory context whose reset callback frees whatever the
 * set still holds, so an error abort frees it too (DESIGN.md, rule 5).
 * On the normal path the caller releases the set explicitly as soon as it
 * has copied what it needs; the callback then finds nothing left to free.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_CORE_HANDLES_H
#define SMART_RULES_CORE_HANDLES_H

#include "smart_rules_capi.h"

typedef struct CoreHandles
{
	sr_program *program;		/* NULL when not (or no longer) held */
	sr_diagnostics *diagnostics;	/* NULL when not (or no longer) held */
	sr_buffer	buffer;			/* data NULL when not (or no longer) held */
	sr_csv	   *csv;			/* NULL when not (or no longer) held */
	MemoryContextCallback callback; /* frees the above on context reset */
} CoreHandles;

extern CoreHandles *core_handles_create(MemoryContext owner);
extern void core_handles_release(CoreHandles *handles);

#endif							/* SMART_RULES_CORE_HANDLES_H */
