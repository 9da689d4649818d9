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

