/*-------------------------------------------------------------------------
 *
 * core_handles.c
 *	  Core objects owned by a memory context (see core_handles.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "core_handles.h"

static void core_handles_reset_callback(void *arg);

/*
 * Create an empty set of core handles owned by "owner": when that context is
 * reset or deleted (including during error cleanup), every object still in
 * the set is freed.
 */
CoreHandles *
core_handles_create(MemoryContext owner)
{
	CoreHandles *handles = MemoryContextAllocZero(owner, sizeof(CoreHandles));

	handles->callback.func = core_handles_reset_callback;
	handles->callback.arg = handles;
	MemoryContextRegisterResetCallback(owner, &handles->callback);
	return handles;
}

/*
 * Free every core object still in the set, now.  The set stays usable (it
 * is empty afterwards), and the reset callback becomes a no-op.  The core's
 * free functions never fail.
 */
void
core_handles_release(CoreHandles *handles)
{
	if (handles->program != NULL)
		sr_program_free(handles->program);
	handles->program = NULL;
	if (handles->diagnostics != NULL)
		sr_diagnostics_free(handles->diagnostics);
	handles->diagnostics = NULL;
	if (handles->buffer.data != NULL)
		sr_buffer_free(&handles->buffer);
	handles->buffer.data = NULL;
	handles->buffer.len = 0;
	if (handles->csv != NULL)
		sr_csv_free(handles->csv);
	handles->csv = NULL;
}

static void
core_handles_reset_callback(void *arg)
{
	core_handles_release((CoreHandles *) arg);
}
