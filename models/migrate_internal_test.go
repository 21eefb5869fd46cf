package models

import (
	"testing"
	"testing/fstest"
)

func TestReadMigrations(t *testing.T) {
	if len(migrations) < 2 || migrations[0].name != "core entities" || migrations[1].name != "index jobs, entity keys and mention fields" {
		t.Fatalf("embedded migrations: %+v", migrations[:min(2, len(migrations))])
	}
	for i, m := range migrations {
		// A migration is SQL, Go (goSteps) or both.
		if (i > 0 && m.version <= migrations[i-1].version) || (m.sql == "" && goSteps[m.version] == nil) || (m.sql != "" && m.sql[0] == '-') {
			t.Errorf("migration %d: version %d, sql starts %q", i, m.version, m.sql[:min(20, len(m.sql))])
		}
	}
	good := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("-- first one\nCREATE TABLE a (id INTEGER);\n")},
		"migrations/0002_b.sql": {Data: []byte("-- second, with a comma\nCREATE TABLE b (id INTEGER);\n")},
	}
	ms := mustReadMigrations(good)
	if len(ms) != 2 || ms[1].version != 2 || ms[1].name != "second, with a comma" || ms[1].sql != "CREATE TABLE b (id INTEGER);\n" {
		t.Errorf("read %+v", ms)
	}
	// A number reserved by another branch may come later.
	gap := mustReadMigrations(fstest.MapFS{"migrations/0001_a.sql": good["migrations/0001_a.sql"], "migrations/0003_c.sql": good["migrations/0002_b.sql"]})
	if len(gap) != 2 || gap[1].version != 3 {
		t.Errorf("with a gap: %+v", gap)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"same number": {"migrations/0001_a.sql": good["migrations/0001_a.sql"], "migrations/0001_b.sql": good["migrations/0002_b.sql"]},
		"no name":     {"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER);\n")}},
		"none":        {},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			mustReadMigrations(fsys)
		})
	}
}
