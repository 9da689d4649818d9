-------------------------------------------------------------------------------
-- Built-in marketplace profiles (tenant '*'): generic, mercado_livre, amazon
-------------------------------------------------------------------------------

INSERT INTO marketplace_profiles (tenant_id, marketplace, description, delimiter, encoding) VALUES
    ('*', 'generic', 'our canonical field names as headers, with common Portuguese and English names accepted', ',', 'utf-8'),
    ('*', 'mercado_livre', 'Mercado Livre (Brazil): Portuguese headers as in the seller spreadsheet; Excel''s ";" and Windows-1252', ';', 'windows-1252'),
    ('*', 'amazon', 'Amazon inventory flat file (fptcustom template): field-name headers, tab-delimited', E'\t', 'utf-8');

-- generic: the canonical names, and what sellers' own spreadsheets usually call them.
INSERT INTO marketplace_fields (tenant_id, marketplace, position, field, header, aliases, required) VALUES
    ('*', 'generic', 1, 'sku', 'sku', '{codigo,cod,referencia,ref,seller sku,item sku,sku do vendedor}', false),
    ('*', 'generic', 2, 'title', 'title', '{titulo,nome,nome do produto,product name,name,item name}', false),
    ('*', 'generic', 3, 'description', 'description', '{descricao,product description}', false),
    ('*', 'generic', 4, 'brand', 'brand', '{marca,brand name}', false),
    ('*', 'generic', 5, 'model', 'model', '{modelo,model number}', false),
    ('*', 'generic', 6, 'gtin', 'gtin', '{ean,ean13,upc,codigo de barras,barcode,codigo universal de produto}', false),
    ('*', 'generic', 7, 'gtin_exemption_reason', 'gtin_exemption_reason', '{motivo de gtin vazio,empty gtin reason}', false),
    ('*', 'generic', 8, 'price', 'price', '{preco,valor,preco de venda}', false),
    ('*', 'generic', 9, 'currency', 'currency', '{moeda,currency id}', false),
    ('*', 'generic', 10, 'stock', 'stock', '{estoque,quantidade,quantity,qtd,available quantity}', false),
    ('*', 'generic', 11, 'condition', 'condition', '{condicao,estado,condition type,item condition}', false),
    ('*', 'generic', 12, 'category', 'category', '{categoria,category id}', false),
    ('*', 'generic', 13, 'image_urls', 'image_urls', '{imagens,fotos,images,pictures,image url}', false),
    ('*', 'generic', 14, 'ncm', 'ncm', '{codigo ncm}', false);

-- mercado_livre: the spreadsheet's Portuguese labels; the item API's names as aliases.
INSERT INTO marketplace_fields (tenant_id, marketplace, position, field, header, aliases, required) VALUES
    ('*', 'mercado_livre', 1, 'sku', 'SKU', '{seller_custom_field,seller sku,codigo,sku do vendedor}', true),
    ('*', 'mercado_livre', 2, 'title', 'Título', '{title,titulo do anuncio,nome do produto}', true),
    ('*', 'mercado_livre', 3, 'description', 'Descrição', '{description,plain_text}', false),
    ('*', 'mercado_livre', 4, 'brand', 'Marca', '{BRAND}', false),
    ('*', 'mercado_livre', 5, 'model', 'Modelo', '{MODEL}', false),
    ('*', 'mercado_livre', 6, 'gtin', 'Código universal de produto', '{GTIN,EAN,codigo de barras}', false),
    ('*', 'mercado_livre', 7, 'gtin_exemption_reason', 'Motivo de GTIN vazio', '{EMPTY_GTIN_REASON}', false),
    ('*', 'mercado_livre', 8, 'price', 'Preço', '{price,preco de venda}', false),
    ('*', 'mercado_livre', 9, 'currency', 'Moeda', '{currency_id}', false),
    ('*', 'mercado_livre', 10, 'stock', 'Estoque', '{available_quantity,quantidade,quantidade disponivel}', false),
    ('*', 'mercado_livre', 11, 'condition', 'Condição', '{condition,ITEM_CONDITION}', false),
    ('*', 'mercado_livre', 12, 'category', 'Categoria', '{category_id}', false),
    ('*', 'mercado_livre', 13, 'image_urls', 'Fotos', '{pictures,imagens}', false),
    ('*', 'mercado_livre', 14, 'ncm', 'NCM', '{codigo ncm}', false);

-- amazon: the template's field names (its third row) as headers, its labels (second row) as
-- aliases; the header row is the last of the first rows that names the most fields.
INSERT INTO marketplace_fields (tenant_id, marketplace, position, field, header, aliases, required) VALUES
    ('*', 'amazon', 1, 'sku', 'item_sku', '{Seller SKU}', true),
    ('*', 'amazon', 2, 'title', 'item_name', '{Product Name,Title}', false),
    ('*', 'amazon', 3, 'description', 'product_description', '{Product Description}', false),
    ('*', 'amazon', 4, 'brand', 'brand_name', '{Brand Name,Brand}', false),
    ('*', 'amazon', 5, 'model', 'model', '{Model Number,model_number}', false),
    ('*', 'amazon', 6, 'gtin', 'external_product_id', '{Product ID}', false),
    ('*', 'amazon', 7, 'gtin_exemption_reason', 'gtin_exemption_reason', '{GTIN Exemption Reason}', false),
    ('*', 'amazon', 8, 'price', 'standard_price', '{Standard Price,Price}', false),
    ('*', 'amazon', 9, 'currency', 'currency', '{Currency}', false),
    ('*', 'amazon', 10, 'stock', 'quantity', '{Quantity}', false),
    ('*', 'amazon', 11, 'condition', 'condition_type', '{Condition Type,item-condition}', false),
    ('*', 'amazon', 12, 'category', 'recommended_browse_nodes', '{Recommended Browse Nodes}', false),
    ('*', 'amazon', 13, 'image_urls', 'main_image_url', '{Main Image URL}', false);
