-- Marketplace files: read_csv (encodings, delimiters, quoting, header rows and aliases, extra
-- columns, errors naming the line), to_csv / to_csv_bytes (headers, quoting, extra columns,
-- encodings), and marketplace profiles (built-in, a tenant's own, checks).
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET search_path = public, smart_rules;
\set VERBOSITY default

-- The built-in profiles.
SELECT tenant_id, marketplace, delimiter = E'\t' AS tab, encoding
  FROM marketplace_profiles ORDER BY marketplace;
SELECT field, header, required FROM marketplace_profile('mercado_livre');

-- The generic profile: canonical names, or common Portuguese and English ones, any case and
-- accents; an empty cell is null; unknown columns go to extra.
SELECT sku, title, price, stock, extra
  FROM read_csv(E'SKU,Título,PREÇO,quantidade,cor\nA1,Caneca,"12,50",3,azul\nB2,Copo,,,\n');

-- Quoting: delimiters, quotes and line breaks inside quotes; a quote inside an unquoted field.
SELECT sku, title, description
  FROM read_csv(E'sku,title,description\r\nA1,"Mesa, 4 lugares","linha 1\r\nlinha ""2"""\r\nB2,TV 50" 4K,ok\r\n');

-- Delimiters are detected: ';' (Excel in Portuguese) and tab; or given.
SELECT sku, price FROM read_csv(E'sku;price\nA1;12,50\n');
SELECT sku, price FROM read_csv(E'sku\tprice\nA1\t12.50\n');
SELECT sku, title FROM read_csv(E'sku;title\nA1;a,b\n', options => '{"delimiter": ";"}');

-- Encodings (bytea): UTF-8 with and without BOM, Windows-1252 (what Excel writes), detected.
SELECT title FROM read_csv(convert_to(E'sku,title\nA1,Pão de açúcar\n', 'UTF8'));
SELECT title FROM read_csv('\xefbbbf'::bytea || convert_to(E'sku,title\nA1,Pão\n', 'UTF8'));
SELECT title FROM read_csv(convert_to(E'sku;title\nA1;Pão € 5\n', 'WIN1252'));
SELECT title FROM read_csv(convert_to(E'sku;title\nA1;Pão\n', 'LATIN1'), options => '{"encoding": "latin1"}');

-- Mercado Livre: the spreadsheet's Portuguese headers; columns it does not know go to extra.
SELECT sku, title, gtin, gtin_exemption_reason, price, stock, condition, extra
  FROM read_csv(convert_to(E'SKU;Título;Código universal de produto;Motivo de GTIN vazio;Preço;Estoque;Condição;Garantia\r\n'
                           'MS-01;Mouse;7891000315507;;R$ 89,90;12;Novo;90 dias\r\n'
                           'KB-02;Teclado;;O produto não tem código cadastrado;"1.234,56";;usado;\r\n', 'WIN1252'),
                'mercado_livre')
 ORDER BY sku;

-- Amazon: the template's first rows (metadata, labels) are skipped; the field-names row is the header.
SELECT sku, title, price, stock, condition, extra
  FROM read_csv(E'TemplateType=fptcustom\tVersion=2022.0920\tTemplateSignature=QUJD\n'
                 'Seller SKU\tProduct Name\tStandard Price\tQuantity\tCondition Type\tProduct Type\n'
                 'item_sku\titem_name\tstandard_price\tquantity\tcondition_type\tfeed_product_type\n'
                 'AMZ-1\tBlue Mug\t12.50\t4\tNew\tkitchen\n', 'amazon');
-- header_line names the header row when detection would pick another one.
SELECT sku, title FROM read_csv(E'report of 2026-11-24\nsku,title\nA1,Mug\n', options => '{"header_line": 2}');

-- read_csv returns the rows in file order; WITH ORDINALITY numbers them.
SELECT n, sku FROM read_csv(E'sku\nC\nA\nB\n') WITH ORDINALITY AS p(sku, title, description, brand,
    model, gtin, gtin_exemption_reason, price, currency, stock, condition, category, image_urls,
    ncm, extra, n);

-- Errors name the line.
SELECT * FROM read_csv(E'sku,title\nA1,"unterminated\nB2,x\n');
SELECT * FROM read_csv(E'sku,title\nA1,x\nB2,"quoted"tail\n');
SELECT * FROM read_csv(E'sku,title\nA1,x\nB2,x,surplus\n');
SELECT * FROM read_csv(E'sku,codigo\nA1,A2\n');
SELECT * FROM read_csv(E'Título;Preço\nMouse;10\n', 'mercado_livre');
SELECT * FROM read_csv(E'sku\nA1\n', 'shopee');
SELECT * FROM read_csv(E'sku\nA1\n', options => '{"delimiter": "|"}');
SELECT * FROM read_csv(E'sku\nA1\n', options => '{"header": true}');
SELECT * FROM read_csv(E'sku\nA1\n', options => '{"encoding": "utf-8"}');
SELECT * FROM read_csv('\x736b750a41ff0a'::bytea, options => '{"encoding": "utf-8"}');

-- to_csv: the profile's headers in order, then extra's keys; quoting where needed; CRLF.
CREATE TABLE upload AS
SELECT * FROM read_csv(E'sku,title,price,cor\nB2,"Copo, vidro",3.50,azul\nA1, Caneca ,12.50,\n');
SELECT replace(to_csv('generic', u ORDER BY u.sku), E'\r\n', E'|\n') FROM upload u;
SELECT replace(to_csv('mercado_livre', u ORDER BY u.sku), E'\r\n', E'|\n') FROM upload u;
-- to_csv_bytes: the profile's encoding (Windows-1252 for Mercado Livre) or the one given.
SELECT to_csv_bytes('mercado_livre', ROW('A1', 'Pão', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL, NULL)::product)
       = convert_to(E'SKU;Título;Descrição;Marca;Modelo;Código universal de produto;Motivo de GTIN vazio;Preço;Moeda;Estoque;Condição;Categoria;Fotos;NCM\r\nA1;Pão;;;;;;;;;;;;\r\n', 'WIN1252')
       AS windows_1252;
SELECT encode(to_csv_bytes('generic', ROW('A1', 'Pão', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                          NULL, NULL, NULL, NULL, NULL, NULL)::product, 'utf-8'), 'escape');
SELECT to_csv_bytes('mercado_livre', ROW('A1', 'Caneca 日本', NULL, NULL, NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL, NULL, NULL)::product);
SELECT to_csv_bytes('generic', u, 'utf-16le') FROM upload u;
SELECT to_csv('generic', 42);
SELECT to_csv(m, u) FROM upload u, (VALUES ('generic'), ('amazon')) v(m);
-- Any row type whose columns are named like product's fields: typed values in their text form.
CREATE TABLE typed (sku text, price numeric(12,2), stock int, listed date);
INSERT INTO typed VALUES ('A1', 12.5, 3, '2026-11-24');
SELECT replace(to_csv('amazon', t), E'\r\n', E'|\n') FROM typed t;
-- Round trip: what to_csv writes, read_csv reads back.
SELECT (SELECT array_agg(p::text ORDER BY p.sku) FROM read_csv((SELECT to_csv('generic', u) FROM upload u)) p)
     = (SELECT array_agg(u::text ORDER BY u.sku) FROM upload u) AS round_trip;

-- A tenant's own profile of a name wins over the built-in one, for that tenant only.
SET smart_rules.tenant = 'acme';
INSERT INTO marketplace_profiles (marketplace, description, delimiter) VALUES ('generic', 'ours', ';');
INSERT INTO marketplace_fields (marketplace, position, field, header, aliases, required)
VALUES ('generic', 1, 'sku', 'Código', '{}', true), ('generic', 2, 'title', 'Nome', '{}', false);
SELECT field, header FROM marketplace_profile('generic');
SELECT sku, title FROM read_csv(E'Código,Nome\nA1,Mug\n');
INSERT INTO marketplace_fields (marketplace, position, field, header) VALUES ('generic', 3, 'colour', 'Cor');
RESET smart_rules.tenant;
SELECT count(*) AS builtin_fields FROM marketplace_profile('generic');

DROP TABLE upload, typed;
DROP EXTENSION smart_rules;
DROP EXTENSION pg_partman;
DROP SCHEMA partman;
