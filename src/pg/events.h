/*-------------------------------------------------------------------------
 *
 * events.h
 *	  The CloudEvents 1.0 outbox: smart_rules.events rows, each also sent
 *	  with pg_notify('smart_rules_events', <the event as JSON>), which
 *	  PostgreSQL delivers at commit (and drops on rollback, with the row).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_EVENTS_H
#define SMART_RULES_EVENTS_H

#include "run_log.h"

/* CloudEvents types */
#define EVENT_VERSION_PUBLISHED		"io.smartrules.ruleset.version.published"
#define EVENT_VERSION_DEPRECATED	"io.smartrules.ruleset.version.deprecated"
#define EVENT_RULES_APPLIED			"io.smartrules.rules.applied"

/*
 * Write one event of the tenant (and notify it); data is a JSON object.
 * Must be called connected to SPI.
 */
extern void emit_event(const char *tenant_id, const char *type, const char *subject,
					   const char *data);

/* The io.smartrules.rules.applied event of a logged run (data: its summary). */
extern void emit_rules_applied(const RunRecord *record);

#endif							/* SMART_RULES_EVENTS_H */
