-------------------------------------------------------------------------------
-- Marketplaces: the canonical product model, marketplace profiles, read_csv / to_csv
-- (src/pg/csv_read.c, src/pg/csv_write.c; the CSV parser and writer are in the core)
-------------------------------------------------------------------------------

-- One product as a seller's file describes it: every field is text as written (rules parse and
-- correct it); columns no profile field names are kept in extra, header -> value.
CREATE TYPE product AS (
    sku text,
    title text,
    description text,
    brand text,
    model text,
    gtin text,
    gtin_exemption_reason text,
    price text,
    currency text,
    stock text,
    condition text,
    category text,
    image_urls text,
    ncm text,
    extra jsonb
);

COMMENT ON TYPE product IS
    'the canonical product of a marketplace file: text fields as written, unknown columns in extra (header -> value)';

-- A profile says how a marketplace's files look; its fields say which header means which
-- product field. Built-in profiles have tenant_id '*' (read by all, changed by none); a tenant's
-- own profile of the same name wins over the built-in one.
CREATE TABLE marketplace_profiles (
    tenant_id text NOT NULL DEFAULT current_tenant(),
    marketplace text NOT NULL CHECK (marketplace ~ '^[a-z][a-z0-9_]*$'),
    description text,
    delimiter text NOT NULL DEFAULT ',' CHECK (delimiter IN (',', ';', E'\t')),
    encoding text NOT NULL DEFAULT 'utf-8' CHECK (encoding IN ('utf-8', 'windows-1252')),
    preamble text,
    PRIMARY KEY (tenant_id, marketplace)
);

COMMENT ON TABLE marketplace_profiles IS
    'how each marketplace''s files look (tenant_id ''*'': built-in); header names per field in marketplace_fields';
COMMENT ON COLUMN marketplace_profiles.delimiter IS 'the delimiter to_csv writes (read_csv detects the one a file uses)';
COMMENT ON COLUMN marketplace_profiles.encoding IS 'the encoding to_csv_bytes writes';
COMMENT ON COLUMN marketplace_profiles.preamble IS
    'lines to_csv writes before the header (e.g. a marketplace template''s first rows), or null';

CREATE TABLE marketplace_fields (
    tenant_id text NOT NULL DEFAULT current_tenant(),
    marketplace text NOT NULL,
    field text NOT NULL,
    header text NOT NULL,
    aliases text[] NOT NULL DEFAULT '{}',
    position int NOT NULL,
    required boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, marketplace, field),
    UNIQUE (tenant_id, marketplace, position),
    FOREIGN KEY (tenant_id, marketplace) REFERENCES marketplace_profiles (tenant_id, marketplace)
        ON UPDATE CASCADE ON DELETE CASCADE
);

COMMENT ON TABLE marketplace_fields IS
    'for each marketplace profile, the header of each product field and the other names read_csv accepts';
COMMENT ON COLUMN marketplace_fields.field IS 'a text field of smart_rules.product';
COMMENT ON COLUMN marketplace_fields.header IS 'the marketplace''s own column name: to_csv writes it, read_csv accepts it';
COMMENT ON COLUMN marketplace_fields.aliases IS
    'other column names read_csv accepts; matching ignores case, accents, and spaces vs _ vs -';
COMMENT ON COLUMN marketplace_fields.position IS 'column order in to_csv';
COMMENT ON COLUMN marketplace_fields.required IS 'read_csv fails on a file without a column for it';

-- A field must be one of product's text fields.
CREATE FUNCTION marketplace_fields_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    valid text[] := ARRAY(SELECT a.attname::text FROM pg_attribute a
                           WHERE a.attrelid = 'smart_rules.product'::regclass
                             AND a.attnum > 0 AND NOT a.attisdropped
                             AND a.atttypid = 'text'::regtype
                           ORDER BY a.attnum);
BEGIN
    IF NOT NEW.field = ANY (valid) THEN
        RAISE EXCEPTION '"%" is not a field of smart_rules.product', NEW.field
            USING ERRCODE = 'undefined_column',
                  HINT = 'the fields are ' || array_to_string(valid, ', ');
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION marketplace_fields_check() IS
    'trigger of marketplace_fields: a field must be a text field of smart_rules.product';

CREATE TRIGGER marketplace_fields_check BEFORE INSERT OR UPDATE OF field ON marketplace_fields
    FOR EACH ROW EXECUTE FUNCTION marketplace_fields_check();

-- As for rule sets: read the tenant's own and the built-ins, write the tenant's own only.
SELECT secure_tenant_table('marketplace_profiles');
SELECT secure_tenant_table('marketplace_fields');
-- Its last use (see 03_tenancy.sql).
DROP FUNCTION secure_tenant_table(regclass);

SELECT pg_catalog.pg_extension_config_dump('marketplace_profiles', 'WHERE tenant_id <> ''*''');
SELECT pg_catalog.pg_extension_config_dump('marketplace_fields', 'WHERE tenant_id <> ''*''');

-- The profile a name means for the current tenant: its own, else the built-in one; 42704 when
-- there is none. One row per field, in column order.
CREATE FUNCTION marketplace_profile(marketplace text)
    RETURNS TABLE (field text, header text, aliases text[], required boolean,
                   delimiter text, encoding text, preamble text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    owner text;
BEGIN
    SELECT p.tenant_id INTO owner
      FROM smart_rules.marketplace_profiles p
     WHERE p.marketplace = marketplace_profile.marketplace
       AND (p.tenant_id = smart_rules.current_tenant() OR p.tenant_id = '*')
     ORDER BY p.tenant_id = '*'
     LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'marketplace profile "%" does not exist', marketplace
            USING ERRCODE = 'undefined_object',
                  HINT = 'the profiles are ' || coalesce(
                      (SELECT string_agg(DISTINCT p.marketplace, ', ')
                         FROM smart_rules.marketplace_profiles p), 'none');
    END IF;
    RETURN QUERY
        SELECT f.field, f.header, f.aliases, f.required, p.delimiter, p.encoding, p.preamble
          FROM smart_rules.marketplace_profiles p
          JOIN smart_rules.marketplace_fields f USING (tenant_id, marketplace)
         WHERE p.tenant_id = owner AND p.marketplace = marketplace_profile.marketplace
         ORDER BY f.position;
END
$$;

COMMENT ON FUNCTION marketplace_profile(text) IS
    'the fields of a marketplace profile (the tenant''s own, else the built-in one), in column order';

CREATE FUNCTION read_csv(data bytea, marketplace text DEFAULT 'generic', options jsonb DEFAULT '{}')
    RETURNS SETOF product
    AS 'MODULE_PATHNAME', 'read_csv_bytes' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION read_csv(bytea, text, jsonb) IS
    'the products of a CSV file (bytes: UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252, detected); options: delimiter, encoding, header_line';

CREATE FUNCTION read_csv(data text, marketplace text DEFAULT 'generic', options jsonb DEFAULT '{}')
    RETURNS SETOF product
    AS 'MODULE_PATHNAME', 'read_csv_text' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION read_csv(text, text, jsonb) IS
    'the products of a CSV file already decoded as text; options: delimiter, header_line';

-- to_csv(marketplace, row) and to_csv_bytes(marketplace, row [, encoding]) aggregate rows into
-- one file: the profile's preamble, its headers then extra's keys, one line per row. A row is a
-- product or any composite whose columns are named like product's fields (a table read with
-- read_csv, or a typed one: values are written in their text form).
CREATE FUNCTION to_csv_step(state internal, marketplace text, "row" anyelement)
    RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION to_csv_step(state internal, marketplace text, "row" anyelement, encoding text)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'to_csv_step' LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION to_csv_final_text(state internal) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION to_csv_final_bytes(state internal) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;

COMMENT ON FUNCTION to_csv_step(internal, text, anyelement) IS
    'transition function of to_csv and to_csv_bytes: keeps the row (the first call loads the profile)';
COMMENT ON FUNCTION to_csv_step(internal, text, anyelement, text) IS
    'transition function of to_csv_bytes with an encoding';
COMMENT ON FUNCTION to_csv_final_text(internal) IS 'final function of to_csv: the file as text';
COMMENT ON FUNCTION to_csv_final_bytes(internal) IS 'final function of to_csv_bytes: the file encoded';

CREATE AGGREGATE to_csv(marketplace text, "row" anyelement) (
    SFUNC = to_csv_step,
    STYPE = internal,
    FINALFUNC = to_csv_final_text
);

COMMENT ON AGGREGATE to_csv(text, anyelement) IS
    'the rows as a CSV file of the marketplace (its headers, delimiter and quoting; CRLF line ends); order with ORDER BY inside the call';

CREATE AGGREGATE to_csv_bytes(marketplace text, "row" anyelement) (
    SFUNC = to_csv_step,
    STYPE = internal,
    FINALFUNC = to_csv_final_bytes
);

COMMENT ON AGGREGATE to_csv_bytes(text, anyelement) IS
    'to_csv as bytes in the profile''s encoding (utf-8 or windows-1252), ready to upload';

CREATE AGGREGATE to_csv_bytes(marketplace text, "row" anyelement, encoding text) (
    SFUNC = to_csv_step,
    STYPE = internal,
    FINALFUNC = to_csv_final_bytes
);

COMMENT ON AGGREGATE to_csv_bytes(text, anyelement, text) IS
    'to_csv as bytes in the encoding given (utf-8 or windows-1252)';
