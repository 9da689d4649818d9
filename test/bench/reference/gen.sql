-- Copied unchanged (below this header) from the workplace's benchmark baseline,
-- bench-reference/gen.sql (PostgreSQL 15 baselines measured 2026-11-24): the hand-written
-- reference that test/bench/equivalence.sh and test/bench/run.sh compare smart_rules against.
-- gen.sql — deterministic synthetic marketplace catalog.
-- Usage: psql -X -v ON_ERROR_STOP=1 [-v N=1000000] [-v tbl=products] -f gen.sql
-- Determinism: every value is a pure function of (row number g, salt) via
-- hashint8extended(), so the data are identical on every run, independent of plan,
-- parallelism or evaluation order; rows 1..K are the same for any N >= K.
-- setseed() is also called for anything that might use random() later.
\if :{?N}
\else
\set N 1000000
\endif
\if :{?tbl}
\else
\set tbl products
\endif
SELECT setseed(0.4242);

-- u(g, salt) in [0,1): deterministic uniform
CREATE OR REPLACE FUNCTION bench_u(g bigint, salt int) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (hashint8extended(g, salt) & 2147483647)::float8 / 2147483648.0 $$;

-- EAN-13 check digit of a 12-digit string (generator helper)
CREATE OR REPLACE FUNCTION bench_ean13_cd(b text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (10 - ((ascii(substr(b,1,1)) + ascii(substr(b,3,1)) + ascii(substr(b,5,1))
                    + ascii(substr(b,7,1)) + ascii(substr(b,9,1)) + ascii(substr(b,11,1)) - 288)
               + 3 * (ascii(substr(b,2,1)) + ascii(substr(b,4,1)) + ascii(substr(b,6,1))
                    + ascii(substr(b,8,1)) + ascii(substr(b,10,1)) + ascii(substr(b,12,1)) - 288)) % 10) % 10 $$;

DROP TABLE IF EXISTS :tbl;
CREATE TABLE :tbl (
  id          bigserial PRIMARY KEY,
  tenant_id   int,
  sku         text,
  title       text,
  description text,
  brand       text,
  price_raw   text,
  currency    text,
  stock       text,
  gtin        text,
  condition   text,
  category    text,
  image_url   text
);

INSERT INTO :tbl (id, tenant_id, sku, title, description, brand, price_raw, currency,
                  stock, gtin, condition, category, image_url)
SELECT
  g,
  1 + (hashint8extended(g, 1) & 1023) % 20,
  -- sku
  CASE WHEN u_sku < 0.60 THEN 'SKU-' || lpad(g::text, 7, '0')
       WHEN u_sku < 0.80 THEN ' sku-' || lpad(g::text, 7, '0') || ' '
       WHEN u_sku < 0.95 THEN 'ab ' || (g % 97) || ' cd ' || (g % 1013)
       ELSE '' END,
  -- title: 20..120 chars, whitespace noise, some ALL CAPS
  CASE WHEN u_t2 < 0.12 THEN '   ' ELSE '' END
  || CASE WHEN u_t3 < 0.08 THEN upper(t1) ELSE t1 END
  || CASE WHEN u_t4 < 0.12 THEN '  ' ELSE '' END,
  -- description: ~35% with HTML tags / entities
  CASE WHEN u_d < 0.35 THEN '<p>' || left(d_words, 60) || '</p><ul><li><b>' || substr(d_words, 61, 40)
                            || '</b></li><li>' || substr(d_words, 101, 80) || '&nbsp;&amp; mais</li></ul><br/>'
                            || substr(d_words, 181, d_len)
       WHEN u_d < 0.45 THEN '  ' || left(d_words, d_len) || E'\n\n' || 'Garantia de 12 meses.'
       ELSE left(d_words, d_len) END,
  -- brand (messy case/space)
  (ARRAY['samsung','SAMSUNG','Samsung ',' apple','Apple','xiaomi','XIAOMI','LG','lg ','motorola',
         'Motorola','multilaser','Positivo','brastemp','Electrolux','tramontina','nike','ADIDAS',
         'mondial','Philco','arno','oster','Intelbras','são paulo alpargatas','',
         'ÓTICA VISÃO','coração de mãe','Genérico','sem marca','Lenovo'])[1 + (hashint8extended(g, 5) & 1023) % 30],
  -- price_raw: Brazilian and other formats
  CASE WHEN u_p < 0.40 THEN br
       WHEN u_p < 0.65 THEN 'R$ ' || br
       WHEN u_p < 0.80 THEN to_char(pv, 'FM9999990.0')
       WHEN u_p < 0.88 THEN round(pv)::text
       WHEN u_p < 0.93 THEN 'R$' || br
       WHEN u_p < 0.96 THEN ' ' || br || ' '
       WHEN u_p < 0.98 THEN ''
       ELSE 'consulte' END,
  -- currency
  CASE WHEN u_c < 0.70 THEN 'BRL' WHEN u_c < 0.88 THEN '' WHEN u_c < 0.94 THEN 'brl'
       WHEN u_c < 0.97 THEN ' BRL ' ELSE NULL END,
  -- stock
  CASE WHEN u_s < 0.70 THEN ((hashint8extended(g, 9) & 1023) % 500)::text
       WHEN u_s < 0.80 THEN '-' || (1 + (hashint8extended(g, 9) & 1023) % 20)
       WHEN u_s < 0.88 THEN ''
       WHEN u_s < 0.95 THEN ' ' || ((hashint8extended(g, 9) & 1023) % 50) || ' '
       WHEN u_s < 0.98 THEN '0'
       ELSE 'sob consulta' END,
  -- gtin
  CASE WHEN u_g < 0.50 THEN ean
       WHEN u_g < 0.65 THEN b12 || ((bench_ean13_cd(b12) + 1 + (g % 9)::int) % 10)
       WHEN u_g < 0.75 THEN substr(ean,1,3) || ' ' || substr(ean,4,4) || ' ' || substr(ean,8,5) || ' ' || substr(ean,13,1)
       WHEN u_g < 0.82 THEN substr(ean,1,1) || '-' || substr(ean,2,6) || '-' || substr(ean,8,6)
       WHEN u_g < 0.95 THEN ''
       WHEN u_g < 0.98 THEN left(ean, 5)
       ELSE 'SEM GTIN' END,
  -- condition
  CASE WHEN u_k < 0.35 THEN 'Novo' WHEN u_k < 0.50 THEN 'novo ' WHEN u_k < 0.62 THEN 'usado'
       WHEN u_k < 0.70 THEN 'Recondicionado' WHEN u_k < 0.80 THEN 'new' WHEN u_k < 0.88 THEN ''
       WHEN u_k < 0.92 THEN 'NOVO' WHEN u_k < 0.96 THEN ' Usado' WHEN u_k < 0.98 THEN 'used'
       ELSE 'seminovo' END,
  -- category (inconsistent separators)
  (ARRAY['Eletrônicos>Celulares e Smartphones','Eletrônicos > Celulares e Smartphones',
         'Casa > Cozinha > Eletroportáteis','Casa>Cozinha>Eletroportáteis',' Moda >Calçados',
         'Moda > Roupas Femininas','Informática > Notebooks','informática>periféricos',
         'Esporte e Lazer > Ciclismo','Beleza & Saúde > Perfumaria','Brinquedos',
         'Eletrodomésticos >  Geladeiras','Automotivo > Acessórios','Livros > Didáticos',
         'Papelaria > Escritório','Pet Shop > Cães'])[1 + (hashint8extended(g, 12) & 1023) % 16],
  -- image_url
  CASE WHEN u_i < 0.40 THEN 'https://cdn.lojaexemplo.com.br/img/' || g || '.jpg'
       WHEN u_i < 0.70 THEN 'http://cdn.lojaexemplo.com.br/img/' || g || '.jpg'
       WHEN u_i < 0.80 THEN 'HTTP://CDN.lojaexemplo.com.br/img/' || g || '.JPG'
       WHEN u_i < 0.85 THEN 'Https://cdn.lojaexemplo.com.br/img/' || g || '.png'
       WHEN u_i < 0.92 THEN '//cdn.lojaexemplo.com.br/img/' || g || '.webp'
       WHEN u_i < 0.97 THEN ' cdn.lojaexemplo.com.br/img/' || g || '.jpg '
       ELSE '' END
FROM (
  SELECT g,
         bench_u(g, 2) AS u_sku, bench_u(g, 3) AS u_t2, bench_u(g, 4) AS u_t3, bench_u(g, 6) AS u_t4,
         bench_u(g, 7) AS u_d, bench_u(g, 8) AS u_p, bench_u(g, 10) AS u_c, bench_u(g, 11) AS u_s,
         bench_u(g, 13) AS u_g, bench_u(g, 14) AS u_k, bench_u(g, 15) AS u_i,
         -- title: up to 20 words, cut to 20..120 chars, occasional inner double space
         regexp_replace(rtrim(left(tw, 20 + ((hashint8extended(g, 16) & 1023) % 101)::int)),
                        ' ', CASE WHEN bench_u(g, 17) < 0.15 THEN '   ' ELSE ' ' END) AS t1,
         dw AS d_words,
         80 + ((hashint8extended(g, 18) & 4095) % 520)::int AS d_len,
         pv,
         translate(to_char(pv, 'FM999,999,990.00'), ',.', '.,') AS br,
         b12,
         b12 || bench_ean13_cd(b12) AS ean
  FROM (
    SELECT g,
           (SELECT string_agg(w.a[1 + ((hashint8extended(g * 128 + i, 19) & 65535) % w.n)::int], ' ' ORDER BY i)
              FROM generate_series(1, 20) i) AS tw,
           (SELECT string_agg(w.a[1 + ((hashint8extended(g * 128 + i, 20) & 65535) % w.n)::int], ' ' ORDER BY i)
              FROM generate_series(1, 70) i) AS dw,
           round(exp(bench_u(g, 21) * ln(8000.0))::numeric, 2) AS pv,
           '789' || lpad(((hashint8extended(g, 22) & 2147483647) % 1000000000)::text, 9, '0') AS b12
    FROM generate_series(1, :N) g
    CROSS JOIN LATERAL (SELECT array_length(a, 1) AS n, a FROM (SELECT ARRAY[
      'Smartphone','Celular','Tênis','Camiseta','Calça','Jaqueta','Notebook','Fone','de','Ouvido',
      'Sem','Fio','Bluetooth','Preto','Branco','Azul','Vermelho','Algodão','Couro','Masculino',
      'Feminino','Infantil','Edição','Promoção','Máquina','Café','Cafeteira','Elétrica','Geladeira',
      'Fogão','Micro-ondas','Aspirador','Pó','Câmera','Lâmpada','Mesa','Cadeira','Escritório',
      'Ergonômica','Mochila','Bolsa','Relógio','Óculos','Sol','Proteção','UV','Kit','com','para',
      'Peças','Original','Garantia','Nacional','Importado','Tamanho','Único','Grande','Médio',
      'Pequeno','Coleção','Verão','Inverno','Ação','Pão','Coração','Ímã','Açúcar','Orgânico',
      'Natural','Vegano','Capacidade','Litros','Polegadas','Resistente','Água','Portátil',
      'Recarregável','Bateria','Carregador','Cabo','USB-C','Tela','Full','HD','4K','Memória',
      '128GB','256GB','8GB','RAM','Processador','Octa-Core','Dual','Chip','Tripla','Acessório',
      'Capinha','Película','Vidro','Temperado','Alta','Qualidade','Entrega','Rápida','Frete',
      'Grátis','Lançamento','Exclusivo','Top','Premium','e','o','a','Voltagem','110V','220V',
      'Bivolt','Inox','Antiaderente','Panela','Jogo','Conjunto','Peça','Unidades','Pacote'
    ]::text[] AS a) s0) w
    OFFSET 0
  ) s1
  OFFSET 0
) s2;

SELECT setval(pg_get_serial_sequence(:'tbl', 'id'), :N);
VACUUM (ANALYZE) :tbl;
SELECT :'tbl' AS tbl, count(*) AS rows, pg_size_pretty(pg_total_relation_size(:'tbl')) AS size FROM :tbl;
