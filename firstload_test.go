package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// firstLoadFile writes n articles in a JSON Lines file, with authors, and
// with the article of line 6 again at the end, changed (same URL): a
// record the load stores again.
func firstLoadFile(t *testing.T, from, n int) string {
	t.Helper()
	var b bytes.Buffer
	for k := from; k < from+n; k++ {
		a := clusterArticle(t, k)
		a["authors"] = []string{fmt.Sprintf("Nguyễn Văn Tác %d", k%4)}
		line, _ := json.Marshal(a)
		b.Write(append(line, '\n'))
	}
	a := clusterArticle(t, from+5)
	a["body"] = a["body"].(string) + " Bản sửa: Ông Trần Văn Sửa, Bí thư Tỉnh ủy Bến Tre, phát biểu."
	line, _ := json.Marshal(a)
	b.Write(append(line, '\n'))
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// dumpRows is every row of every table of the database (the FTS5 tables'
// text by rowid, not their shadow tables), ordered, times left out, and
// its schema (schemaRows).
func dumpRows(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var tables []string
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_trgm_%' ORDER BY name"
	if db.Dialector.Name() == "postgres" {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
	}
	if err := db.Raw(q).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	out := schemaRows(t, db)
	for _, tab := range tables {
		var cols []string
		q := "SELECT name FROM pragma_table_info(?) WHERE name NOT IN ('created_at', 'updated_at', 'applied_at', 'started_at', 'seen_at') ORDER BY cid"
		if db.Dialector.Name() == "postgres" {
			q = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name NOT IN ('created_at', 'updated_at', 'applied_at', 'started_at', 'seen_at') ORDER BY ordinal_position"
		}
		if err := db.Raw(q, tab).Scan(&cols).Error; err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(tab, "_trgm") {
			cols = []string{"rowid", "t"}
		}
		list := strings.Join(cols, ", ")
		rows, err := db.Raw("SELECT " + list + " FROM " + tab + " ORDER BY " + list).Rows()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, "== "+tab)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return out
}

// schemaRows is the schema's indexes and triggers (sqlite_master, pg_indexes).
func schemaRows(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	q := "SELECT type || '|' || name || '|' || tbl_name || '|' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name"
	if db.Dialector.Name() == "postgres" {
		q = "SELECT tablename || '|' || indexname || '|' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
	}
	var rows []string
	if err := db.Raw(q).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// importInto runs `tracuu import file` into a fresh database of dialect
// (or into the one of dbURL and dir when given) and returns its stderr,
// the database and its URL and data dir.
func importInto(t *testing.T, dialect, dbURL, dir, file string) (string, *gorm.DB, string, string) {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
		if dialect == "postgres" {
			dbURL = modelstest.FreshPostgres(t)
		}
	}
	t.Setenv("DATABASE_URL", dbURL)
	t.Setenv("DATA_DIR", dir)
	t.Setenv("LOAD_SAMPLE", "false")
	var out, errb bytes.Buffer
	if rc := run(context.Background(), []string{"import", file}, &out, &errb); rc != 0 {
		t.Fatalf("import: exit %d: %s %s", rc, out.String(), errb.String())
	}
	dialector := sqlite.Open(models.SQLiteDSN(dir))
	if dbURL != "" {
		dialector = postgres.Open(dbURL)
	}
	db, err := gorm.Open(dialector, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return errb.String(), db, dbURL, dir
}

// TestImportFirstLoad: an import into a database without articles builds
// the deferred indexes after its rows, and leaves the same schema and the
// same rows as an import that keeps them row by row; an import into a
// database with articles does not (the same as before).
func TestImportFirstLoad(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			file := firstLoadFile(t, 0, 40)
			more := firstLoadFile(t, 100, 20)
			old := firstLoadRecords
			t.Cleanup(func() { firstLoadRecords = old })

			firstLoadRecords = 1 << 30 // never: each row through every index, as before
			errPlain, plain, plainURL, plainDir := importInto(t, dialect, "", "", file)
			if strings.Contains(errPlain, "a first load") {
				t.Fatalf("a first load below the threshold:\n%s", errPlain)
			}
			firstLoadRecords = 10
			errLoad, load, loadURL, loadDir := importInto(t, dialect, "", "", file)
			wants := []string{"import: a first load: ", "indexes: built articles_published_at (", "indexes: done: "}
			for _, want := range wants {
				if !strings.Contains(errLoad, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errLoad)
				}
			}
			if dialect == "sqlite" {
				// The load's pages are checkpointed before the build
				// reads the tables, the build's after it.
				at := 0
				for _, want := range []string{"indexes: the load's WAL checkpointed, ", "indexes: built ", "indexes: the WAL checkpointed, "} {
					i := strings.Index(errLoad[at:], want)
					if i < 0 {
						t.Errorf("stderr lacks %q after byte %d:\n%s", want, at, errLoad)
						break
					}
					at += i
				}
			}
			if p, l := dumpRows(t, plain), dumpRows(t, load); !slices.Equal(p, l) {
				t.Errorf("a first load's database differs from an import's:\n%s", firstDiff(p, l))
			}
			// Into a database with articles: no first load, the same rows.
			errPlain, _, _, _ = importInto(t, dialect, plainURL, plainDir, more)
			errLoad, _, _, _ = importInto(t, dialect, loadURL, loadDir, more)
			if strings.Contains(errLoad, "a first load") {
				t.Errorf("a first load into a database with articles:\n%s", errLoad)
			}
			if p, l := dumpRows(t, plain), dumpRows(t, load); !slices.Equal(p, l) {
				t.Errorf("after a second import the databases differ:\n%s", firstDiff(p, l))
			}
		})
	}
}

// firstDiff shows where two dumps part.
func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("line %d:\n %s\n %s", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(a), len(b))
}

// TestServeRepairsKilledFirstLoad: a server started before a first load
// that is then killed builds the indexes the load left recorded, without
// a restart (repairDeferredWhileServing).
func TestServeRepairsKilledFirstLoad(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DATA_DIR", dir)
	t.Setenv("LOAD_SAMPLE", "false")
	old := deferredRepairInterval
	t.Cleanup(func() { deferredRepairInterval = old })
	deferredRepairInterval = 20 * time.Millisecond
	startServer(t)

	ctx := context.Background()
	s, err := models.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, err := s.BeginBulkLoad(ctx)
	if err != nil || b == nil {
		t.Fatalf("BeginBulkLoad: %v, %v", b, err)
	}
	db, err := gorm.Open(sqlite.Open(models.SQLiteDSN(dir)), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	recorded := func() bool {
		var n int
		if err := db.Raw("SELECT count(*) FROM sqlite_master WHERE name = 'deferred_indexes'").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	time.Sleep(100 * time.Millisecond) // a few of the server's looks while the load runs
	if !recorded() {
		t.Fatal("the server built the indexes of a first load that was still running")
	}
	b.Release() // the import dies: its lock goes, its indexes are not built
	for deadline := time.Now().Add(30 * time.Second); recorded(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not build the indexes a killed first load left in 30 s")
		}
	}
	var n int
	if err := db.Raw("SELECT count(*) FROM sqlite_master WHERE name = 'mentions_entity_published'").Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("mentions_entity_published after the repair: %d, %v", n, err)
	}
}
