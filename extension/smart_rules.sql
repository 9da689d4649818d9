-- smart_rules install script (current version; the Makefile copies it to smart_rules--<version>.sql).
-- Objects are created in the extension's schema, smart_rules (see smart_rules.control).

\echo Use "CREATE EXTENSION smart_rules" to load this file. \quit

-------------------------------------------------------------------------------
-- The rule_ir type: a compiled rule set
-------------------------------------------------------------------------------

CREATE TYPE rule_ir;

CREATE FUNCTION rule_ir_in(cstring) RETURNS rule_ir
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rule_ir_out(rule_ir) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rule_ir_recv(internal) RETURNS rule_ir
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rule_ir_send(rule_ir) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Variable length; EXTENDED storage lets large programs be compressed and moved out of line.
CREATE TYPE rule_ir (
    INPUT = rule_ir_in,
    OUTPUT = rule_ir_out,
    RECEIVE = rule_ir_recv,
    SEND = rule_ir_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);

COMMENT ON TYPE rule_ir IS
    'a compiled rule set (from compile_rules); text form is JSON, input accepts it back';
COMMENT ON FUNCTION rule_ir_in(cstring) IS
    'input function of rule_ir: the JSON form of a compiled rule set';
COMMENT ON FUNCTION rule_ir_out(rule_ir) IS
    'output function of rule_ir: the JSON form of a compiled rule set';
COMMENT ON FUNCTION rule_ir_recv(internal) IS
    'binary input function of rule_ir: the compact binary form, verified before it is accepted';
COMMENT ON FUNCTION rule_ir_send(rule_ir) IS
    'binary output function of rule_ir: the compact binary form';

CREATE FUNCTION rule_ir_to_jsonb(rule_ir) RETURNS jsonb
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_ir_to_jsonb(rule_ir) IS
    'the JSON form of a compiled rule set as jsonb (the cast rule_ir::jsonb)';

-- AS ASSIGNMENT: a rule_ir can be stored into a jsonb column directly, as it can into a text one.
CREATE CAST (rule_ir AS jsonb) WITH FUNCTION rule_ir_to_jsonb(rule_ir) AS ASSIGNMENT;

-------------------------------------------------------------------------------
-- Compiling
-------------------------------------------------------------------------------

CREATE FUNCTION compile_rules(source text) RETURNS rule_ir
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION compile_rules(text) IS
    'compile a YAML rule set into rule_ir; raises the first error (SQLSTATE, location in DETAIL, advice in HINT)';

CREATE FUNCTION validate_rules(source text)
    RETURNS TABLE (line int, col int, rule_id text, severity text, message text,
                   sqlstate text, hint text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION validate_rules(text) IS
    'every problem of a YAML rule set (position, rule, severity, message, SQLSTATE, hint), ordered by position; no rows means the rule set is valid';

CREATE FUNCTION explain_rules(rules rule_ir) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION explain_rules(rule_ir) IS
    'the compiled plan of a rule set, readable: rules, fields read and written, kernels chosen';
