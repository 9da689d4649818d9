-------------------------------------------------------------------------------
-- Program cache (backend-local; src/pg/program_cache.c)
-------------------------------------------------------------------------------

CREATE FUNCTION program_cache_stats(OUT entries integer, OUT hits bigint, OUT misses bigint)
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL RESTRICTED;

COMMENT ON FUNCTION program_cache_stats() IS
    'this backend''s cache of loaded programs: programs held, lookups served from it (hits) or loaded (misses)';

CREATE FUNCTION program_cache_reset() RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL RESTRICTED;

COMMENT ON FUNCTION program_cache_reset() IS
    'empty this backend''s program cache (programs in use stay) and zero its counters';

