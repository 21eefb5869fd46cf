-- index jobs, entity keys and mention fields
CREATE TABLE index_jobs (
	id {{id}},
	entity_type TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	op TEXT NOT NULL,
	created_at {{time}} NOT NULL
);
CREATE TABLE entity_keys (
	entity_type TEXT NOT NULL,
	key TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	PRIMARY KEY (entity_type, key)
);
CREATE INDEX entity_keys_entity ON entity_keys (entity_type, entity_id);
ALTER TABLE mentions ADD COLUMN field TEXT NOT NULL DEFAULT 'body';
INSERT INTO entity_keys (entity_type, key, entity_id) SELECT 'Organisation', name_key, MIN(id) FROM organisations GROUP BY name_key;
INSERT INTO entity_keys (entity_type, key, entity_id) SELECT 'Person', name_key, MIN(id) FROM people GROUP BY name_key;
INSERT INTO index_jobs (entity_type, entity_id, op, created_at) SELECT 'Article', id, 'upsert', CURRENT_TIMESTAMP FROM articles;
