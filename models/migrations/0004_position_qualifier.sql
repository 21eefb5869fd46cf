-- position qualifier: former (nguyên, cựu) or acting (quyền)
ALTER TABLE positions ADD COLUMN qualifier TEXT NOT NULL DEFAULT '';
CREATE INDEX positions_person_title ON positions (person_id, organisation_id, qualifier);
