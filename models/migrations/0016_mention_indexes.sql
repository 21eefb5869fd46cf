-- mention indexes: the mentions keep two indexes instead of three. mentions_entity (entity_type, entity_id, article_id) went: an entity's mentions are found through mentions_entity_published, which begins with the same two columns, and the one look-up by all three (MentionSentences) finds them through the article's index, now (article_id, entity_type, entity_id) instead of (article_id) alone. An import inserts mentions in article order, so the article's index grows at its end, while mentions_entity took each mention at a random place: a sixth of the pages an import's SQLite commit wrote at 100,000 articles
CREATE INDEX mentions_article_entity ON mentions (article_id, entity_type, entity_id);
DROP INDEX mentions_entity;
DROP INDEX mentions_article;
