-- change log followed by every server
ALTER TABLE index_jobs RENAME TO changes;
CREATE TABLE change_log_state (
	id INTEGER PRIMARY KEY,
	pruned_through BIGINT NOT NULL DEFAULT 0,
	reindex_request BIGINT NOT NULL DEFAULT 0,
	reindex_requested_at {{time}}
);
INSERT INTO change_log_state (id) VALUES (1);
CREATE TABLE index_servers (
	id TEXT PRIMARY KEY,
	instance TEXT NOT NULL,
	home TEXT NOT NULL DEFAULT '',
	addr TEXT NOT NULL DEFAULT '',
	position BIGINT NOT NULL DEFAULT 0,
	state TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	built BIGINT NOT NULL DEFAULT 0,
	total BIGINT NOT NULL DEFAULT 0,
	reindex_done BIGINT NOT NULL DEFAULT 0,
	started_at {{time}} NOT NULL,
	seen_at {{time}} NOT NULL
);
