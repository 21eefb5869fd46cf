package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tracuu/models/modelstest"
	"tracuu/search/relevance"
)

// TestShortForm is the reliability suite's short form, run by the README's
// test command and so in CI: on SQLite and on PostgreSQL, ingestArticle from
// four clients at once, tracuu import and tracuu serve (under four writers)
// killed with SIGKILL three times each, and four mixed clients. It fails on
// any failed request, any article lost or stored twice, and any index that
// does not hold what its database holds. It asserts no time: the figures
// are logged (go test -v). The long form is go run ./cmd/reliability.
func TestShortForm(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, relevance.CorpusFile)); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("development corpus missing: %v", err)
		}
		t.Skipf("development corpus missing: %v", err)
	}
	if testing.Short() && os.Getenv("CI") != "true" { // CI runs it even with -short
		t.Skip("builds tracuu and kills it a dozen times")
	}
	arts, _, err := relevance.Load(corpus)
	if err != nil {
		t.Fatal(err)
	}
	k, err := newKillSetup(corpus, filepath.Join("..", ".."), 30)
	if k != nil {
		t.Cleanup(func() { os.RemoveAll(k.dir) })
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			// Each part gets a database of its own: the kill checks compare
			// a fresh index with every entity of the database.
			db := func() string {
				if dialect == "postgres" {
					return modelstest.FreshPostgres(t)
				}
				return ""
			}
			t.Run("ConcurrentWriters", func(t *testing.T) {
				r, err := ingestRun(db(), arts, 4, 3*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("ingestArticle from 4 clients: %d requests, %d errors, p50 %.1f ms, p99 %.1f ms; stored %d of %d, %d twice",
					r.requests, r.errors, ms(r.p50), ms(r.p99), r.stored, r.requests-r.errors, r.twice)
				if r.requests == 0 || r.errors > 0 || r.twice > 0 || r.stored != r.requests-r.errors {
					t.Errorf("%d requests, %d errors (%q), %d stored for %d answered, %d twice", r.requests, r.errors, r.samples, r.stored, r.requests-r.errors, r.twice)
				}
			})
			rng := rand.New(rand.NewPCG(1, 0))
			t.Run("KillImport", func(t *testing.T) {
				r, err := killImport(k.bin, db(), k.file, k.urls, 3, k.importTime, rng)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("kill -9 of import (%d records, kills within %s): %s", len(k.urls), k.importTime.Round(time.Millisecond), r)
				if !r.ok() || r.urls != len(k.urls) {
					t.Errorf("%s", r)
				}
			})
			t.Run("KillServe", func(t *testing.T) {
				r, err := killServe(k.bin, db(), arts, 4, 3, 2*time.Second, rng)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("kill -9 of serve under 4 writers (%d answered writes, %d sent again): %s", r.writes, r.retries, r)
				if !r.ok() {
					t.Errorf("%s", r)
				}
			})
			t.Run("MixedClients", func(t *testing.T) {
				r, err := mixedRun(db(), arts, 30, 4, 4*time.Second, 0)
				if err != nil {
					t.Fatal(err)
				}
				r.report(dialect, 4, 4*time.Second)
				if r.requests == 0 || r.errors > 0 || r.twice > 0 || r.stored != r.written {
					t.Errorf("%d requests, %d errors (%q), %d stored for %d written, %d twice", r.requests, r.errors, r.samples, r.stored, r.written, r.twice)
				}
			})
		})
	}
}
