-- analytics.sql: the data and the helpers of the analytics benchmark (run by analytics.sh, which
-- passes -v rows=N). Generates N correction_logs rows over the 12 monthly partitions that end
-- with the current month (pg_partman makes the older ones here), the rule_runs rows of their
-- runs, two roles as docs/operations.md grants them, and bench_ms(), the timer.
--
-- Shape of the data: runs of 1,000 events each (10,000 runs for 10M rows), spread evenly over
-- the 12 months; 50 tenants in turn; 3 rule sets; a version per two months; 16 rules on 8
-- fields; actions 80 % correct, 15 % flag, 4 % reject, 1 % coerce; 250,000 distinct row keys.
\set ON_ERROR_STOP on

CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;

-- The 12 months: pg_partman premade the current one and those around it; the older ones are
-- made here, as pg_partman would have made them then.
DO $older_months$
BEGIN
    PERFORM partman.create_partition_time('smart_rules.correction_logs',
                ARRAY(SELECT date_trunc('month', now()) - m * interval '1 month'
                        FROM generate_series(5, 11) m));
END
$older_months$;

CREATE TABLE bench_shape AS
SELECT :rows::bigint AS events,
       1000 AS events_per_run,
       :rows::bigint / 1000 AS runs,
       date_trunc('month', now()) - interval '11 months' AS first_day,
       now() - interval '1 hour' AS last_time;

-- Run r: its tenant, rule set, version and start time.
CREATE FUNCTION bench_run(r bigint, OUT tenant_id text, OUT rule_set text, OUT version text,
                          OUT started_at timestamptz)
    LANGUAGE sql STABLE AS $$
        SELECT format('tenant-%s', lpad((r % 50)::text, 2, '0')),
               format('shop-%s', (r / 50) % 3),
               format('1.%s.0', (r * 6) / s.runs),
               s.first_day + (s.last_time - s.first_day) * ((r + 0.5) / s.runs)
          FROM bench_shape s
    $$;

-- The log rows of runs [first_run, last_run).
CREATE PROCEDURE bench_load(first_run bigint, last_run bigint)
    LANGUAGE sql AS $$
INSERT INTO smart_rules.correction_logs
    (tenant_id, run_id, rule_set, version, rule_id, row_key, field, old_value, new_value,
     action, severity, message, created_at)
SELECT run.tenant_id, e.r + 1, run.rule_set, run.version,
       CASE WHEN a.action = 'coerce' THEN NULL ELSE format('rule-%s', lpad((k % 16 + 1)::text, 2, '0')) END,
       ((e.r * 1000 + k) * 7919 % 250000)::text,
       (ARRAY['title', 'brand', 'price', 'stock', 'gtin', 'color', 'size', 'seller_document'])[k % 8 + 1],
       format('old %s', k), format('new %s', k), a.action,
       CASE a.action WHEN 'correct' THEN 'info' WHEN 'flag' THEN 'warning' ELSE 'error' END,
       CASE a.action WHEN 'flag' THEN 'check this value' END,
       run.started_at + k * interval '1 millisecond'
  FROM generate_series(first_run, last_run - 1) AS e(r),
       LATERAL bench_run(e.r) AS run,
       generate_series(0, 999) AS k,
       LATERAL (SELECT CASE WHEN (e.r * 1000 + k) * 37 % 100 < 80 THEN 'correct'
                            WHEN (e.r * 1000 + k) * 37 % 100 < 95 THEN 'flag'
                            WHEN (e.r * 1000 + k) * 37 % 100 < 99 THEN 'reject'
                            ELSE 'coerce' END AS action) a;
$$;

-- One rule_runs row per run, with figures of its size.
CREATE PROCEDURE bench_load_runs()
    LANGUAGE sql AS $$
INSERT INTO smart_rules.rule_runs
    (run_id, tenant_id, rule_set, version, source, started_at, finished_at, rows_in, rows_out,
     rows_changed, corrections, violations, rejected, elapsed_ms, per_rule)
OVERRIDING SYSTEM VALUE
SELECT e.r + 1, run.tenant_id, run.rule_set, run.version, 'public.products', run.started_at,
       run.started_at + interval '1 second', 5000, 4960, 800, 800, 150, 40,
       200 + (e.r * 7 % 300), '[]'::jsonb
  FROM generate_series(0, (SELECT runs FROM bench_shape) - 1) AS e(r),
       LATERAL bench_run(e.r) AS run;
$$;

-- The roles of docs/operations.md: an application role (one tenant at a time) and a BI role.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'smart_rules_bench_app') THEN
        CREATE ROLE smart_rules_bench_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'smart_rules_bench_bi') THEN
        CREATE ROLE smart_rules_bench_bi NOLOGIN;
    END IF;
END
$roles$;
GRANT USAGE ON SCHEMA smart_rules TO smart_rules_bench_app, smart_rules_bench_bi;
GRANT SELECT ON smart_rules.my_correction_stats_daily, smart_rules.my_rule_run_stats_daily
    TO smart_rules_bench_app;
GRANT EXECUTE ON FUNCTION smart_rules.erase_subject(text) TO smart_rules_bench_app;
GRANT SELECT ON smart_rules.correction_stats_daily, smart_rules.rule_run_stats_daily
    TO smart_rules_bench_bi;

-- Runs query `repeats` times in this session (planning and execution, server side, rows read
-- and discarded) and returns the median, fastest and slowest time in milliseconds.
CREATE FUNCTION bench_ms(query text, repeats int DEFAULT 21,
                         OUT median_ms numeric, OUT min_ms numeric, OUT max_ms numeric)
    LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    times float8[] := '{}';
BEGIN
    FOR i IN 1 .. repeats LOOP
        started := clock_timestamp();
        EXECUTE query;
        times := times || extract(epoch FROM clock_timestamp() - started)::float8 * 1000;
    END LOOP;
    SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t)::numeric, 2),
           round(min(t)::numeric, 2), round(max(t)::numeric, 2)
      INTO median_ms, min_ms, max_ms
      FROM unnest(times) t;
END
$$;
GRANT EXECUTE ON FUNCTION bench_ms(text, int) TO PUBLIC;
