-------------------------------------------------------------------------------
-- Tenancy
-------------------------------------------------------------------------------

-- The GUC smart_rules.tenant is defined by the module (USERSET); unset and empty both mean none.
CREATE FUNCTION current_tenant() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(pg_catalog.current_setting('smart_rules.tenant', true), '') $$;

COMMENT ON FUNCTION current_tenant() IS
    'the tenant selected with SET [LOCAL] smart_rules.tenant, or null when none is set';

