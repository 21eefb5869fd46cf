package importer_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/models"
)

// corpusLines returns the first n lines of the development corpus
// (../shared/corpus, TRACUU_CORPUS overrides), skipping the test when it is
// absent (failing instead under CI=true).
func corpusLines(t *testing.T, n int) []string {
	t.Helper()
	path := os.Getenv("TRACUU_CORPUS")
	if path == "" {
		path = filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl")
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("dev corpus %s missing in CI", path)
		}
		t.Skipf("dev corpus %s not present", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	var out []string
	for len(out) < n && sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// entitySummary is what a store holds that does not hang on the order in
// which writers created its entities: the keys of its people's names
// (created with no alias), sorted; the keys of its organisations' names and
// all their keys (an organisation created with an alias takes that key,
// and a name with it then links to it: which names are entities and which
// aliases hangs on the order); the number of authorships and mentions of
// each article, by content key; the number of articles and resolutions.
type entitySummary struct {
	People            []string
	OrgNames, OrgKeys map[string]bool
	Links             map[string][2]int
	Articles, Res     int
	PositionsTwice    int
}

func summarise(t *testing.T, db *sql.DB) entitySummary {
	t.Helper()
	s := entitySummary{OrgNames: map[string]bool{}, OrgKeys: map[string]bool{}, Links: map[string][2]int{}}
	query := func(q string, row func(*sql.Rows) error) {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	query("SELECT name FROM people", func(r *sql.Rows) error {
		var n string
		err := r.Scan(&n)
		s.People = append(s.People, models.MatchKey(models.TypePerson, n))
		return err
	})
	slices.Sort(s.People)
	query("SELECT name FROM organisations", func(r *sql.Rows) error {
		var n string
		err := r.Scan(&n)
		s.OrgNames[models.MatchKey(models.TypeOrganisation, n)] = true
		return err
	})
	query("SELECT key FROM entity_keys WHERE entity_type = 'Organisation'", func(r *sql.Rows) error {
		var k string
		err := r.Scan(&k)
		s.OrgKeys[k] = true
		return err
	})
	query(`SELECT a.content_key, (SELECT count(*) FROM article_authors x WHERE x.article_id = a.id), (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) FROM articles a`, func(r *sql.Rows) error {
		var k string
		var n [2]int
		err := r.Scan(&k, &n[0], &n[1])
		s.Links[k] = n
		return err
	})
	for q, dst := range map[string]*int{
		"SELECT count(*) FROM articles":    &s.Articles,
		"SELECT count(*) FROM resolutions": &s.Res,
		"SELECT count(*) FROM (SELECT 1 FROM positions GROUP BY person_id, organisation_id, title_key, qualifier HAVING count(*) > 1) d": &s.PositionsTwice,
	} {
		if err := db.QueryRow(q).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestImportWithConcurrentIngest (PostgreSQL, the development corpus): an
// import of 300 articles in batches of 25 while four API writers (a
// serve's ingestArticle: StoreArticle) store the same articles, each a
// quarter of them from the last back, so that they meet the import's
// batches creating the same people and organisations. Afterwards: no
// failed record or request, no person or organisation without its key,
// none twice, no position twice, every article once with as many
// authorships and mentions as the import alone into an empty database
// gives it, and the same people, resolutions and organisations' names
// (each a name or a key of the other's).
func TestImportWithConcurrentIngest(t *testing.T) {
	ctx := context.Background()
	lines := corpusLines(t, 300)
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	text := ""
	for _, l := range lines {
		text += l + "\n"
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var arts []ingest.Article
	if err := ingest.Walk([]string{path}, func(r ingest.Record) error {
		if r.Err == nil {
			arts = append(arts, r.Article)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// The import alone.
	alone, aloneDB, _ := keyRace(t)
	st, failures, err := importer.Import(ctx, alone, []string{path}, importer.Options{Batch: 25})
	if err != nil || st.Failed != 0 {
		t.Fatalf("import alone: %+v, %v, %v", st, failures, err)
	}
	want := summarise(t, aloneDB)

	s, db, url := keyRace(t)
	api, err := models.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	const writers = 4
	var wg sync.WaitGroup
	errs := make(chan error, len(arts))
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := len(arts) - 1 - w; i >= 0; i -= writers {
				if _, _, err := importer.StoreArticle(ctx, api, arts[i]); err != nil {
					errs <- err
				}
			}
		}()
	}
	// Progress lines every millisecond beside the writer's notes of
	// batches written again: both write to one buffer (go test -race).
	var progress bytes.Buffer
	st, failures, err = importer.Import(ctx, s, []string{path}, importer.Options{Batch: 25, Progress: &progress, Interval: time.Millisecond})
	wg.Wait()
	if st.Retried > 0 && !strings.Contains(progress.String(), "rolled back by another writer") {
		t.Errorf("%d runs again, none noted in the progress:\n%s", st.Retried, progress.String())
	}
	close(errs)
	if err != nil || st.Failed != 0 || len(failures) != 0 {
		t.Errorf("import beside the API: %+v, %v, %v", st, failures, err)
	}
	for err := range errs {
		t.Errorf("StoreArticle: %v", err)
	}
	t.Logf("import beside the API: %+v", st)
	checkEntityKeys(t, db)
	got := summarise(t, db)
	if got.Articles != len(arts) || got.Res != want.Res || got.PositionsTwice != 0 {
		t.Errorf("%d articles, want %d; %d resolutions, the import alone %d; %d positions twice", got.Articles, len(arts), got.Res, want.Res, got.PositionsTwice)
	}
	if !slices.Equal(got.People, want.People) {
		t.Errorf("%d people, the import alone %d", len(got.People), len(want.People))
	}
	for k := range got.OrgNames {
		if !want.OrgKeys[k] {
			t.Errorf("organisation %q here, not a key of the import alone", k)
		}
	}
	for k := range want.OrgNames {
		if !got.OrgKeys[k] {
			t.Errorf("organisation %q of the import alone is not a key here", k)
		}
	}
	if !reflect.DeepEqual(got.Links, want.Links) {
		for k, n := range want.Links {
			if got.Links[k] != n {
				t.Errorf("article %s: %v authorships and mentions, the import alone %v", k, got.Links[k], n)
			}
		}
	}
}
