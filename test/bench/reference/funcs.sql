-- Copied unchanged (below this header) from the workplace's benchmark baseline,
-- bench-reference/funcs.sql (PostgreSQL 15 baselines measured 2026-11-24): the hand-written
-- reference that test/bench/equivalence.sh and test/bench/run.sh compare smart_rules against.
-- funcs.sql — helpers used by rules_sql.sql / rules_plpgsql.sql (idempotent).
-- psql -X -v ON_ERROR_STOP=1 -f funcs.sql

-- EAN-13 check: LANGUAGE sql, IMMUTABLE, *not* STRICT (a STRICT sql function whose
-- body contains AND/OR is never inlined). It is inlined into the calling query; note
-- that inlining substitutes the argument expression into all 14 references to d, and
-- the planner treats regexp_replace (procost 1) as "cheap", so
-- ean13_ok(regexp_replace(gtin,...)) evaluates the regexp up to 14x per row.
-- rules_sql.sql therefore passes it a precomputed column (see its OFFSET 0 fences).
CREATE OR REPLACE FUNCTION ean13_ok(d text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT d ~ '^\d{13}$'
   AND ((ascii(substr(d,1,1)) + ascii(substr(d,3,1)) + ascii(substr(d,5,1))
       + ascii(substr(d,7,1)) + ascii(substr(d,9,1)) + ascii(substr(d,11,1)) - 288)
   + 3 * (ascii(substr(d,2,1)) + ascii(substr(d,4,1)) + ascii(substr(d,6,1))
       + ascii(substr(d,8,1)) + ascii(substr(d,10,1)) + ascii(substr(d,12,1)) - 288)
   + (ascii(substr(d,13,1)) - 48)) % 10 = 0
$$;

DROP TYPE IF EXISTS clean_product_t CASCADE;
CREATE TYPE clean_product_t AS (
  id bigint, tenant_id int, sku text, title text, description text, brand text,
  price numeric(12,2), currency text, stock int, gtin text, condition text,
  category text, image_url text);

-- The same 16 rules as rules_sql.sql, written the way users typically write them:
-- one PL/pgSQL call per row, step-by-step variables, a FOR loop for the check digit.
CREATE OR REPLACE FUNCTION clean_product_plpgsql(p products) RETURNS clean_product_t
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  r  clean_product_t;
  t  text; d text; ps text; st text; gd text; u text;
  s  int; i int;
BEGIN
  r.id := p.id;
  r.tenant_id := p.tenant_id;
  -- R1 sku: remove whitespace, upper-case, '' -> NULL
  r.sku := nullif(upper(regexp_replace(p.sku, '\s+', '', 'g')), '');
  -- R2 title: trim + collapse internal whitespace
  t := regexp_replace(btrim(p.title), '\s+', ' ', 'g');
  -- R3 title: ALL CAPS -> Title Case
  IF t = upper(t) AND t <> lower(t) THEN t := initcap(t); END IF;
  -- R4 title: truncate to 60 chars at a word boundary
  IF length(t) > 60 THEN t := left(regexp_replace(left(t, 61), '\s+\S*$', ''), 60); END IF;
  r.title := t;
  -- R5 description: strip HTML tags; R6 decode basic entities; R7 collapse whitespace
  d := regexp_replace(p.description, '<[^>]*>', ' ', 'g');
  d := replace(replace(replace(d, '&nbsp;', ' '), '&amp;', '&'), '&quot;', '"');
  r.description := btrim(regexp_replace(d, '\s+', ' ', 'g'));
  -- R8 brand: trim + title case, '' -> NULL
  r.brand := nullif(initcap(btrim(p.brand)), '');
  -- R9 price: 'R$ 1.234,56' / '1.234,56' / '12.5' / '150' -> numeric(12,2), junk -> NULL
  ps := replace(replace(btrim(p.price_raw), 'R$', ''), ' ', '');
  IF ps ~ '^\d{1,3}(\.\d{3})*,\d{1,2}$|^\d+,\d{1,2}$' THEN
    r.price := replace(replace(ps, '.', ''), ',', '.')::numeric(12,2);
  ELSIF ps ~ '^\d+(\.\d+)?$' THEN
    r.price := ps::numeric(12,2);
  END IF;
  -- R10 currency: upper/trim, default 'BRL'
  r.currency := coalesce(nullif(upper(btrim(p.currency)), ''), 'BRL');
  -- R11 stock: integer, negatives -> 0, junk -> NULL
  st := btrim(p.stock);
  IF st ~ '^-?\d{1,9}$' THEN r.stock := greatest(st::int, 0); END IF;
  -- R12 gtin: keep digits only; R13 NULL unless valid EAN-13 check digit
  gd := regexp_replace(p.gtin, '\D', '', 'g');
  IF length(gd) = 13 THEN
    s := 0;
    FOR i IN 1..12 LOOP
      s := s + substr(gd, i, 1)::int * CASE WHEN i % 2 = 0 THEN 3 ELSE 1 END;
    END LOOP;
    IF (10 - s % 10) % 10 = substr(gd, 13, 1)::int THEN r.gtin := gd; END IF;
  END IF;
  -- R14 condition: map to new/used/refurbished, unknown -> NULL
  r.condition := CASE lower(btrim(p.condition))
                   WHEN 'novo' THEN 'new' WHEN 'new' THEN 'new'
                   WHEN 'usado' THEN 'used' WHEN 'used' THEN 'used'
                   WHEN 'recondicionado' THEN 'refurbished' WHEN 'refurbished' THEN 'refurbished'
                 END;
  -- R15 category: normalise ' > ' separators
  r.category := nullif(regexp_replace(btrim(p.category), '\s*>\s*', ' > ', 'g'), '');
  -- R16 image_url: trim, drop any scheme / protocol-relative '//', force https
  u := btrim(p.image_url);
  IF u <> '' THEN
    r.image_url := 'https://' || regexp_replace(u, '^([A-Za-z][A-Za-z0-9+.-]*:)?//', '');
  END IF;
  RETURN r;
END
$$;
