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

