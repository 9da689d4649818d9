-- Copied unchanged (below this header) from the workplace's benchmark baseline,
-- bench-reference/rules_sql.sql (PostgreSQL 15 baselines measured 2026-11-24): the hand-written
-- reference that test/bench/equivalence.sh and test/bench/run.sh compare smart_rules against.
-- rules_sql.sql — the 16 cleanup rules as ONE hand-written SQL statement.
-- psql -f rules_sql.sql    (needs funcs.sql; superuser for COPY TO file)
-- Measured as COPY ... TO '/dev/null': every output column is computed and run
-- through its output function (count(*) would let the planner drop them: see README).
-- The nested "OFFSET 0" subqueries are optimisation fences so that each intermediate
-- (collapsed title, stripped price, gtin digits...) is computed once per row; without
-- them PostgreSQL pulls the subqueries up and re-evaluates the expression at every use
-- (no common-subexpression elimination) — see rules_sql_naive.sql.
COPY (
SELECT id, tenant_id, sku,
       -- R4 truncate title to 60 chars at a word boundary
       CASE WHEN length(t1) <= 60 THEN t1
            ELSE left(regexp_replace(left(t1, 61), '\s+\S*$', ''), 60) END         AS title,
       description, brand,
       -- R9 Brazilian / plain decimal price -> numeric(12,2)
       CASE WHEN ps ~ '^\d{1,3}(\.\d{3})*,\d{1,2}$|^\d+,\d{1,2}$'
              THEN replace(replace(ps, '.', ''), ',', '.')::numeric(12,2)
            WHEN ps ~ '^\d+(\.\d+)?$' THEN ps::numeric(12,2) END                    AS price,
       currency,
       -- R11 stock -> int, negatives -> 0
       CASE WHEN st ~ '^-?\d{1,9}$' THEN greatest(st::int, 0) END                   AS stock,
       -- R13 EAN-13 check digit (ean13_ok is inlined: its argument is a plain column here)
       CASE WHEN ean13_ok(gd) THEN gd END                                          AS gtin,
       condition, category,
       -- R16 force https
       CASE WHEN u <> '' THEN 'https://' || regexp_replace(u, '^([A-Za-z][A-Za-z0-9+.-]*:)?//', '') END AS image_url
FROM (
  SELECT l1.*,
         -- R3 ALL CAPS title -> Title Case
         CASE WHEN t0 = upper(t0) AND t0 <> lower(t0) THEN initcap(t0) ELSE t0 END AS t1
  FROM (
    SELECT p.id, p.tenant_id,
           nullif(upper(regexp_replace(p.sku, '\s+', '', 'g')), '')                  AS sku,      -- R1
           regexp_replace(btrim(p.title), '\s+', ' ', 'g')                          AS t0,       -- R2
           btrim(regexp_replace(                                                                  -- R7
             replace(replace(replace(                                                             -- R6
               regexp_replace(p.description, '<[^>]*>', ' ', 'g'),                               -- R5
               '&nbsp;', ' '), '&amp;', '&'), '&quot;', '"'),
             '\s+', ' ', 'g'))                                                      AS description,
           nullif(initcap(btrim(p.brand)), '')                                      AS brand,    -- R8
           replace(replace(btrim(p.price_raw), 'R$', ''), ' ', '')                  AS ps,
           coalesce(nullif(upper(btrim(p.currency)), ''), 'BRL')                    AS currency, -- R10
           btrim(p.stock)                                                           AS st,
           regexp_replace(p.gtin, '\D', '', 'g')                                    AS gd,       -- R12
           CASE lower(btrim(p.condition))                                                         -- R14
             WHEN 'novo' THEN 'new' WHEN 'new' THEN 'new'
             WHEN 'usado' THEN 'used' WHEN 'used' THEN 'used'
             WHEN 'recondicionado' THEN 'refurbished' WHEN 'refurbished' THEN 'refurbished'
           END                                                                      AS condition,
           nullif(regexp_replace(btrim(p.category), '\s*>\s*', ' > ', 'g'), '')     AS category, -- R15
           btrim(p.image_url)                                                       AS u
    FROM products p
    OFFSET 0
  ) l1
  OFFSET 0
) l2
) TO '/dev/null';
