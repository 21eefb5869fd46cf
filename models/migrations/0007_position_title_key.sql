-- position title key: the title folded in Go, for lookups whatever its case (SQLite's LOWER folds ASCII only)
ALTER TABLE positions ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
DROP INDEX positions_person_title;
CREATE INDEX positions_person_title ON positions (person_id, organisation_id, title_key, qualifier);
