-------------------------------------------------------------------------------
-- Tenancy
-------------------------------------------------------------------------------

-- The GUC smart_rules.tenant is defined by the module (USERSET); unset and empty both mean none.
CREATE FUNCTION current_tenant() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(pg_catalog.current_setting('smart_rules.tenant', true), '') $$;

COMMENT ON FUNCTION current_tenant() IS
    'the tenant selected with SET [LOCAL] smart_rules.tenant, or null when none is set';

-- Raises "no tenant selected" unless smart_rules.tenant is set; returns the tenant.
CREATE FUNCTION require_tenant() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    tenant text := smart_rules.current_tenant();
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'no tenant selected'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'SET smart_rules.tenant = ''...'' (or SET LOCAL in the transaction) first';
    END IF;
    RETURN tenant;
END
$$;

COMMENT ON FUNCTION require_tenant() IS
    'the current tenant; raises "no tenant selected" (42501) when smart_rules.tenant is not set';

