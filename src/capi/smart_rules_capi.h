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
	SR_INTERNAL = 3,
	SR_INTERRUPTED = 4			/* the caller's interrupt flag was raised */
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

/*
 * Program facts (capi_program_info.cpp): UTF-8 strings owned by the program, valid while it
 * lives. sr_program_pii returns NULL for an index out of range; sr_program_field_first_rule
 * returns the id of the first rule (in document order) that writes or reads the field "len"
 * bytes long, or NULL when no rule does.
 */
const char *sr_program_ruleset(const sr_program *program) SR_NOEXCEPT;
const char *sr_program_version(const sr_program *program) SR_NOEXCEPT;
size_t		sr_program_pii_count(const sr_program *program) SR_NOEXCEPT;
const char *sr_program_pii(const sr_program *program, size_t index) SR_NOEXCEPT;
const char *sr_program_field_first_rule(const sr_program *program, const char *field,
										size_t len) SR_NOEXCEPT;
/*
 * Whether some rule can change the field ("len" bytes): it is the rule's `field` and the rule
 * has an action other than flag, reject or stop.
 */
int			sr_program_field_written(const sr_program *program, const char *field,
									 size_t len) SR_NOEXCEPT;

/*
 * Running: an executor applies a program to batches of rows. Fields are the program's
 * (sr_executor_field_name); values are UTF-8 bytes. Input values are NOT copied: they must stay
 * valid until the next sr_executor_begin_batch. Views returned are valid until then too.
 */
typedef struct sr_executor sr_executor;

/* A lookup action whose (key, value) pairs the caller reads from a table and adds. */
typedef struct sr_lookup_view
{
	const char *rule_id;
	const char *table;			/* as written: name or schema.name */
	const char *key_column;
	const char *value_column;
} sr_lookup_view;

typedef struct sr_value_view
{
	const char *data;
	size_t		len;
	int			is_null;
	int			changed;		/* differs from the input value */
} sr_value_view;

/*
 * An event of the last run. Its rule_id, field, action, action_name and severity are strings
 * the executor owns: each keeps its address while the executor lives (the glue caches what it
 * makes of them by address).
 */
typedef struct sr_event_view
{
	size_t		row;
	const char *rule_id;
	const char *field;
	const char *action;			/* "correct", "flag" or "reject" */
	const char *action_name;	/* the rule language action that caused it, e.g. "truncate" */
	const char *severity;		/* "info", "warning" or "error" */
	const char *message;		/* rendered message, "" when the rule has none */
	size_t		message_len;
	const char *old_value;
	size_t		old_len;
	int			old_is_null;
	const char *new_value;
	size_t		new_len;
	int			new_is_null;
} sr_event_view;

typedef struct sr_rule_stats_view
{
	const char *rule_id;
	unsigned long long fired;
	unsigned long long changed;
	unsigned long long violations;
	unsigned long long rejected;
	unsigned long long elapsed_ns;
} sr_rule_stats_view;

sr_status	sr_executor_create(const sr_program *program, sr_executor **executor,
							   sr_diagnostics **diagnostics) SR_NOEXCEPT;
void		sr_executor_free(sr_executor *executor) SR_NOEXCEPT;
size_t		sr_executor_field_count(const sr_executor *executor) SR_NOEXCEPT;
const char *sr_executor_field_name(const sr_executor *executor, size_t field) SR_NOEXCEPT;
size_t		sr_executor_lookup_count(const sr_executor *executor) SR_NOEXCEPT;
sr_lookup_view sr_executor_lookup(const sr_executor *executor, size_t index) SR_NOEXCEPT;
sr_status	sr_executor_add_lookup_pair(sr_executor *executor, size_t index, const char *key,
										size_t key_len, const char *value, size_t value_len,
										int value_is_null) SR_NOEXCEPT;
/* Starts a batch of "rows" rows, every value null. */
sr_status	sr_executor_begin_batch(sr_executor *executor, size_t rows) SR_NOEXCEPT;
void		sr_executor_set_value(sr_executor *executor, size_t field, size_t row,
								  const char *data, size_t len) SR_NOEXCEPT;
/*
 * Whether runs record events (1, the default). With 0, sr_executor_event_count is 0 after a run
 * and no event is built; the per-rule figures are counted all the same.
 */
void		sr_executor_record_events(sr_executor *executor, int record) SR_NOEXCEPT;
/* Runs every rule over the batch; polls *interrupt (may be NULL). */
sr_status	sr_executor_run(sr_executor *executor, const volatile int *interrupt) SR_NOEXCEPT;
int			sr_executor_row_kept(const sr_executor *executor, size_t row) SR_NOEXCEPT;
sr_value_view sr_executor_value(const sr_executor *executor, size_t field, size_t row) SR_NOEXCEPT;
/*
 * A field's per-row flags after a run, as arrays of the batch's rows (valid until the next
 * sr_executor_begin_batch): nulls[row] and changed[row] are 1 or 0, as is_null and changed of
 * sr_executor_value. For a caller that looks at every row: only the values it needs (changed,
 * not null) then cost a call each.
 */
typedef struct sr_field_flags
{
	const unsigned char *nulls;
	const unsigned char *changed;
} sr_field_flags;
sr_field_flags sr_executor_field_flags(const sr_executor *executor, size_t field) SR_NOEXCEPT;
size_t		sr_executor_event_count(const sr_executor *executor) SR_NOEXCEPT;
sr_event_view sr_executor_event(const sr_executor *executor, size_t index) SR_NOEXCEPT;
/* Per-rule figures summed over every batch since sr_executor_create. */
size_t		sr_executor_rule_count(const sr_executor *executor) SR_NOEXCEPT;
sr_rule_stats_view sr_executor_rule_stats(const sr_executor *executor, size_t rule) SR_NOEXCEPT;

/*
 * CSV (capi_csv.cpp): reading a seller's catalog file and writing a corrected one.
 *
 * A profile gives the canonical fields (indexes 0..field_count-1) and the header names that mean
 * each (aliases, the canonical name included if it should match). Header names match ignoring
 * case, accents and surrounding spaces, with runs of spaces, '_' and '-' alike ("Preço" ==
 * "preco", "item_sku" == "Item SKU").
 */
typedef enum sr_csv_encoding
{
	SR_CSV_DETECT = 0,			/* a BOM says; else UTF-8 when the bytes are valid UTF-8; else Windows-1252 */
	SR_CSV_UTF8 = 1,
	SR_CSV_WINDOWS_1252 = 2,
	SR_CSV_UTF16LE = 3,
	SR_CSV_UTF16BE = 4
} sr_csv_encoding;

typedef struct sr_csv_alias
{
	const char *name;			/* UTF-8, NUL-terminated */
	size_t		field;			/* index of the canonical field it means */
} sr_csv_alias;

typedef struct sr_csv_options
{
	char		delimiter;		/* ',', ';' or '\t'; 0 detects it */
	sr_csv_encoding encoding;	/* of the input bytes */
	size_t		header_line;	/* 1-based physical line of the header row; 0 detects it */
	size_t		field_count;
	const sr_csv_alias *aliases;
	size_t		alias_count;
} sr_csv_options;

/* Bytes of a cell or header (UTF-8); data is never NULL (empty string when empty). */
typedef struct sr_text_view
{
	const char *data;
	size_t		len;
} sr_text_view;

/* A parsed document: the header row matched to fields, then the data rows, all UTF-8. */
typedef struct sr_csv sr_csv;

/*
 * Parses a whole document. SR_ERROR: the diagnostics say why and where (line = the physical
 * line, 1-based): 22P04 for a malformed document (unterminated quote, text after a closing
 * quote, a row with more non-empty cells than the header, a duplicated or missing header name),
 * 22021 for bytes invalid in the encoding given.
 */
sr_status	sr_csv_parse(const char *data, size_t len, const sr_csv_options *options,
						 sr_csv **csv, sr_diagnostics **diagnostics) SR_NOEXCEPT;
void		sr_csv_free(sr_csv *csv) SR_NOEXCEPT;
char		sr_csv_delimiter(const sr_csv *csv) SR_NOEXCEPT;
sr_csv_encoding sr_csv_encoding_used(const sr_csv *csv) SR_NOEXCEPT;
size_t		sr_csv_header_line(const sr_csv *csv) SR_NOEXCEPT;
size_t		sr_csv_column_count(const sr_csv *csv) SR_NOEXCEPT;
/* The header as written (trimmed). */
sr_text_view sr_csv_column_name(const sr_csv *csv, size_t column) SR_NOEXCEPT;
/* The canonical field the column means, or -1 for a column no alias names. */
long		sr_csv_column_field(const sr_csv *csv, size_t column) SR_NOEXCEPT;
size_t		sr_csv_row_count(const sr_csv *csv) SR_NOEXCEPT;
/* The physical line (1-based) where the row starts. */
size_t		sr_csv_row_line(const sr_csv *csv, size_t row) SR_NOEXCEPT;
/* A cell; empty for a cell past the end of a short row. */
sr_text_view sr_csv_cell(const sr_csv *csv, size_t row, size_t column) SR_NOEXCEPT;

/*
 * One record as a CSV line ending in CRLF (RFC 4180): a field is quoted when it holds the
 * delimiter, a quote, CR or LF, or starts or ends with a space; quotes are doubled. A field
 * whose data is NULL is written empty. "out" is UTF-8.
 */
sr_status	sr_csv_format_record(const sr_text_view *fields, size_t count, char delimiter,
								 sr_buffer *out) SR_NOEXCEPT;
/*
 * UTF-8 text in another encoding (SR_CSV_UTF8 copies; SR_CSV_WINDOWS_1252 converts). SR_ERROR
 * with 22P05 when a character has no form in the target encoding, naming its line.
 */
sr_status	sr_csv_encode(const char *text, size_t len, sr_csv_encoding encoding,
						  sr_buffer *out, sr_diagnostics **diagnostics) SR_NOEXCEPT;

void		sr_buffer_free(sr_buffer *buffer) SR_NOEXCEPT;
const char *sr_last_failure(void) SR_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif							/* SMART_RULES_CAPI_H */
