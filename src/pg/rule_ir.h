/*-------------------------------------------------------------------------
 *
 * rule_ir.h
 *	  The rule_ir type: a compiled rule set, stored as the core's binary form.
 *
 * A rule_ir value is a plain varlena whose payload is exactly the bytes of
 * sr_program_to_binary() (magic, format version, program).  Every value was
 * verified by the core when it was made (compile_rules, text or binary
 * input), and is verified again whenever it is loaded back into a program.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_RULE_IR_H
#define SMART_RULES_RULE_IR_H

#include "fmgr.h"

#include "core_handles.h"
#include "smart_rules_capi.h"

#define DatumGetRuleIrPP(X)			((struct varlena *) PG_DETOAST_DATUM_PACKED(X))
#define PG_GETARG_RULE_IR_PP(n)		DatumGetRuleIrPP(PG_GETARG_DATUM(n))

/* A core function that renders a program as text (JSON, explain). */
typedef sr_status (*ProgramRenderer) (const sr_program *program, sr_buffer *out);

extern struct varlena *rule_ir_from_program(CoreHandles *handles);
extern void rule_ir_load_program(const struct varlena *value, CoreHandles *handles);
extern char *rule_ir_render(const struct varlena *value, ProgramRenderer render);

#endif							/* SMART_RULES_RULE_IR_H */
