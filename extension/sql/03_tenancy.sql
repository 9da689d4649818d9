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

-- Row level security for a table of tenant data that also holds shared built-in rows
-- (tenant_id '*'): a role reads its current tenant's rows and the built-ins, and writes its
-- current tenant's rows only (with no tenant set, current_tenant() is null and no row
-- qualifies); the table's owner is held to it too (FORCE). Used by the install script for the
-- catalog and the marketplace profiles, and dropped after its last use (11_marketplaces.sql).
CREATE FUNCTION secure_tenant_table(target regclass) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    name text := (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = target);
    own text := 'tenant_id = smart_rules.current_tenant()';
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY %I ON %s FOR SELECT USING (%s OR tenant_id = %L)',
                   name || '_read', target, own, '*');
    EXECUTE format('CREATE POLICY %I ON %s FOR INSERT WITH CHECK (%s)', name || '_insert', target, own);
    EXECUTE format('CREATE POLICY %I ON %s FOR UPDATE USING (%s) WITH CHECK (%s)',
                   name || '_update', target, own, own);
    EXECUTE format('CREATE POLICY %I ON %s FOR DELETE USING (%s)', name || '_delete', target, own);
END
$$;
