/*
 * smart_rules_capi.h: the C ABI between the C++ core and the PostgreSQL glue.
 *
 * Pure C (compiles as C99 and as C++). Every function is noexcept on the C++ side and catches
 * everything: no exception ever crosses this boundary. Objects are opaque handles created and
 * freed by the core (never by the caller's allocator); strings and buffers returned by the core
 * stay valid until the object that owns them is freed, so the caller copies what it keeps.
 *
 * Status: SR_OK on success. SR_ERROR means the input was bad and the diagnostics object (always
 * returned, even on SR_ERROR, when the function takes a diagnostics out-parameter) says why.
 * SR_OUT_OF_MEMORY and SR_INTERNAL carry a message in sr_last_failure() (valid until the next
 * call into the core); the core holds no threads, so "last" is well defined.
 */
#ifndef SMART_RULES_CAPI_H
#define SMART_RULES_CAPI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#define SR_NOEXCEPT noexcept
#else
#define SR_NOEXCEPT
#endif

typedef enum sr_status
{
	SR_OK = 0,
	SR_ERROR = 1,
	SR_OUT_OF_MEMORY = 2,
	SR_INTERNAL = 3
} sr_status;

/* A verified, compiled rule set (the IR). */
typedef struct sr_program sr_program;

/* An ordered list of problems (errors and warnings), sorted by YAML position. */
typedef struct sr_diagnostics sr_diagnostics;

/* Bytes owned by the core; free with sr_buffer_free. */
typedef struct sr_buffer
{
	char	   *data;
	size_t		len;
} sr_buffer;

/* A read-only view of one diagnostic; strings are never NULL (empty when unknown). */
typedef struct sr_diagnostic_view
{
	const char *sqlstate;		/* five characters, e.g. "42601" */
	const char *severity;		/* "error" or "warning" */
	const char *message;
	const char *detail;			/* "line 3, column 7, rule \"x\"" or "" */
	const char *hint;
	const char *rule_id;
	int			line;			/* 1-based; 0 when unknown */
	int			column;
} sr_diagnostic_view;

/* Compiling */
sr_status	sr_compile(const char *source, size_t len, sr_program **program,
					   sr_diagnostics **diagnostics) SR_NOEXCEPT;

/* Diagnostics */
size_t		sr_diagnostics_count(const sr_diagnostics *diagnostics) SR_NOEXCEPT;
sr_diagnostic_view sr_diagnostics_get(const sr_diagnostics *diagnostics, size_t index) SR_NOEXCEPT;
/* Index of the first error by position, or -1 when there are only warnings. */
long		sr_diagnostics_first_error(const sr_diagnostics *diagnostics) SR_NOEXCEPT;
void		sr_diagnostics_free(sr_diagnostics *diagnostics) SR_NOEXCEPT;

/* The IR: binary form (what a rule_ir value stores), JSON form (its text), explain */
sr_status	sr_program_to_binary(const sr_program *program, sr_buffer *out) SR_NOEXCEPT;
sr_status	sr_program_from_binary(const char *data, size_t len, sr_program **program,
								   sr_diagnostics **diagnostics) SR_NOEXCEPT;
sr_status	sr_program_to_json(const sr_program *program, sr_buffer *out) SR_NOEXCEPT;
sr_status	sr_program_from_json(const char *text, size_t len, sr_program **program,
								 sr_diagnostics **diagnostics) SR_NOEXCEPT;
sr_status	sr_program_explain(const sr_program *program, sr_buffer *out) SR_NOEXCEPT;
void		sr_program_free(sr_program *program) SR_NOEXCEPT;

void		sr_buffer_free(sr_buffer *buffer) SR_NOEXCEPT;
const char *sr_last_failure(void) SR_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif							/* SMART_RULES_CAPI_H */
