-- core entities
CREATE TABLE articles (
	id {{id}},
	content_key TEXT NOT NULL UNIQUE,
	content_hash TEXT NOT NULL,
	url TEXT UNIQUE,
	title TEXT NOT NULL,
	lead TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	source_code TEXT NOT NULL DEFAULT '',
	section TEXT NOT NULL DEFAULT '',
	published_at {{time}},
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX articles_published_at ON articles (published_at, id);
CREATE INDEX articles_source ON articles (source);
CREATE TABLE organisations (
	id {{id}},
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	aliases TEXT NOT NULL DEFAULT '[]',
	kind TEXT NOT NULL DEFAULT 'other',
	level TEXT NOT NULL DEFAULT 'other',
	parent_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX organisations_name_key ON organisations (name_key);
CREATE INDEX organisations_parent ON organisations (parent_id);
CREATE TABLE people (
	id {{id}},
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	aliases TEXT NOT NULL DEFAULT '[]',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX people_name_key ON people (name_key);
CREATE TABLE article_authors (
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	ordinal INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, person_id)
);
CREATE INDEX article_authors_person ON article_authors (person_id);
CREATE TABLE positions (
	id {{id}},
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	term TEXT NOT NULL DEFAULT '',
	started_on {{date}},
	ended_on {{date}},
	article_id BIGINT REFERENCES articles (id) ON DELETE SET NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX positions_person ON positions (person_id);
CREATE INDEX positions_organisation ON positions (organisation_id);
CREATE TABLE resolutions (
	id {{id}},
	code TEXT,
	code_key TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL DEFAULT 'other',
	number TEXT NOT NULL DEFAULT '',
	issuer_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
	issued_on {{date}},
	title TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX resolutions_issuer ON resolutions (issuer_id);
CREATE TABLE resolution_links (
	id {{id}},
	from_id BIGINT NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
	to_id BIGINT NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
	relation TEXT NOT NULL,
	UNIQUE (from_id, to_id, relation)
);
CREATE TABLE reports (
	id {{id}},
	title TEXT NOT NULL,
	period_start {{date}},
	period_end {{date}},
	organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
	article_id BIGINT REFERENCES articles (id) ON DELETE CASCADE,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX reports_article ON reports (article_id);
CREATE INDEX reports_organisation ON reports (organisation_id);
CREATE TABLE report_resolutions (
	report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	resolution_id BIGINT NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
	PRIMARY KEY (report_id, resolution_id)
);
CREATE INDEX report_resolutions_resolution ON report_resolutions (resolution_id);
CREATE TABLE figures (
	id {{id}},
	report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	ordinal INTEGER NOT NULL DEFAULT 0,
	label TEXT NOT NULL,
	value {{float}} NOT NULL,
	unit TEXT NOT NULL DEFAULT '',
	total {{float}},
	percent {{float}},
	sentence TEXT NOT NULL DEFAULT ''
);
CREATE INDEX figures_report ON figures (report_id);
CREATE TABLE mentions (
	id {{id}},
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	entity_type TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	sentence TEXT NOT NULL DEFAULT '',
	start_offset INTEGER NOT NULL DEFAULT 0,
	end_offset INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mentions_entity ON mentions (entity_type, entity_id, article_id);
CREATE INDEX mentions_article ON mentions (article_id);
