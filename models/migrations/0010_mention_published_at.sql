-- mention published at: each mention carries its article's publication time, so an entity's mentions, newest first, are read in order from an index instead of sorting all of them for every page
ALTER TABLE mentions ADD COLUMN published_at {{time}};
UPDATE mentions SET published_at = (SELECT published_at FROM articles WHERE articles.id = mentions.article_id);
CREATE INDEX mentions_entity_published ON mentions (entity_type, entity_id, published_at DESC{{nullslast}}, article_id DESC, id);
