-- article list indexes: the filters and orders of the articles list (source, source code, section) each walk an index in list order instead of the whole table
CREATE INDEX IF NOT EXISTS articles_source_published ON articles (source, published_at, id);
DROP INDEX IF EXISTS articles_source;
CREATE INDEX IF NOT EXISTS articles_source_code_published ON articles (source_code, published_at, id);
CREATE INDEX IF NOT EXISTS articles_section_published ON articles (section, published_at, id);
