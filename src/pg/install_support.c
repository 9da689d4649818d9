/*-------------------------------------------------------------------------
 *
 * install_support.c
 *	  A helper the install script uses while CREATE EXTENSION runs, then
 *	  drops.
 *
 * pg_partman 4's create_parent sets search_path for its own work and then
 * puts back the value it found with a session-level set_config().  Inside
 * an extension script that value is the script's search_path, and a
 * session-level SET made there outlives CREATE EXTENSION: the caller would
 * be left with "smart_rules, partman, pg_temp".  Running the call inside a
 * GUC nesting level that is then rolled back (as index builds do for the
 * functions they call) keeps everything the statement did except its
 * setting changes.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

PG_FUNCTION_INFO_V1(execute_keeping_settings);

/*
 * execute_keeping_settings(statement text) returns void
 *
 * Execute one SQL statement, then undo every setting it changed.
 */
Datum
execute_keeping_settings(PG_FUNCTION_ARGS)
{
	char	   *statement = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			nest_level = NewGUCNestLevel();
	int			result;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	result = SPI_execute(statement, false, 0);
	if (result < 0)
		elog(ERROR, "could not execute \"%s\": %s", statement,
			 SPI_result_code_string(result));
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");

	/* Roll back the settings only; the statement's work stays. */
	AtEOXact_GUC(false, nest_level);
	PG_RETURN_VOID();
}
