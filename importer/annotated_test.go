package importer_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"tracuu/importer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/vntext"
)

// homonyms are annotated names that stand for different people in
// different articles: they do not recur, so one entity each is not asked.
var homonyms = map[string]string{
	"nguyễn đức cường": "Giám đốc Sở Y tế Quảng Bình (annotations_heldout.json) and Chánh Thanh tra Bộ Giáo dục và Đào tạo (annotations.json)",
}

// recurring maps the key of each person and document code annotated in two
// articles or more to those articles' URLs; urls lists every annotated one.
type recurring struct {
	people, codes map[string][]string
	homonyms      map[string][]string // the articles of each name in homonyms
	urls          map[string]bool
}

// loadRecurring reads ingest's annotation files (README "Annotation
// rules"). Documents written #<number> are not identified, so they do not
// recur.
func loadRecurring(t *testing.T) recurring {
	files, err := filepath.Glob(filepath.Join("..", "ingest", "testdata", "annotations*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no annotation files in ../ingest/testdata (%v)", err)
	}
	people, codes := map[string][]string{}, map[string][]string{}
	r := recurring{people: map[string][]string{}, codes: map[string][]string{}, homonyms: map[string][]string{}, urls: map[string]bool{}}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Articles []struct {
				URL       string
				Documents []string
				People    []struct{ Name string }
			}
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, a := range f.Articles {
			r.urls[a.URL] = true
			for _, p := range a.People {
				if k := models.MatchKey(models.TypePerson, p.Name); !slices.Contains(people[k], a.URL) {
					people[k] = append(people[k], a.URL)
				}
			}
			for _, d := range a.Documents {
				if k := vntext.Key(d); !strings.HasPrefix(d, "#") && !slices.Contains(codes[k], a.URL) {
					codes[k] = append(codes[k], a.URL)
				}
			}
		}
	}
	for k, urls := range people {
		switch {
		case homonyms[k] != "":
			r.homonyms[k] = urls
		case len(urls) > 1:
			r.people[k] = urls
		}
	}
	for k, urls := range codes {
		if len(urls) > 1 {
			r.codes[k] = urls
		}
	}
	return r
}

// annotatedCorpus writes the corpus lines of the annotated articles to a
// JSON Lines file for the importer, skipping the test when the corpus is
// absent (failing under CI=true).
func annotatedCorpus(t *testing.T, urls map[string]bool) string {
	corpus := os.Getenv("TRACUU_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl")
	}
	in, err := os.Open(corpus)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("dev corpus %s missing in CI", corpus)
		}
		t.Skipf("dev corpus %s not present", corpus)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out []string
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var a struct{ URL string }
		if json.Unmarshal(sc.Bytes(), &a) == nil && urls[a.URL] {
			out = append(out, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) != len(urls) {
		t.Fatalf("%d annotated articles, %d of them in %s", len(urls), len(out), corpus)
	}
	path := filepath.Join(t.TempDir(), "annotated.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAnnotatedEntitiesLinked imports every annotated article of the dev
// corpus and checks issue 10's linking target: every person and document
// code annotated in several articles is one entity, mentioned in each of
// them. It prints how many recur and how many are linked so, and fails when
// one is split over several entities; one missing from an article (the
// extractor did not find it there) is logged, and counts as not linked.
func TestAnnotatedEntitiesLinked(t *testing.T) {
	rec := loadRecurring(t)
	file := annotatedCorpus(t, rec.urls)
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		stats, failures, err := importer.Import(ctx, s, []string{file}, importer.Options{})
		if err != nil || len(failures) > 0 || stats.Inserted != len(rec.urls) {
			t.Fatalf("import: %+v, failures %v, %v", stats, failures, err)
		}
		articleIDs := map[string]int64{}
		var ids []int64
		for u := range rec.urls {
			a, err := s.ArticleByURL(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			articleIDs[u] = a.ID
			ids = append(ids, a.ID)
		}
		mentioned, err := s.MentionedIn(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		var personIDs, resolutionIDs []int64
		for _, byType := range mentioned {
			personIDs = append(personIDs, byType[models.TypePerson]...)
			resolutionIDs = append(resolutionIDs, byType[models.TypeResolution]...)
		}
		people, err := models.ByIDs[models.Person](ctx, s, personIDs)
		if err != nil {
			t.Fatal(err)
		}
		resolutions, err := models.ByIDs[models.Resolution](ctx, s, resolutionIDs)
		if err != nil {
			t.Fatal(err)
		}
		// The keys an entity answers to: a person's name and aliases, a
		// document's code (or the extraction's key for one without a code).
		keys := map[int64][]string{}
		for id, p := range people {
			for _, n := range append([]string{p.Name}, p.Aliases...) {
				keys[id] = append(keys[id], models.MatchKey(models.TypePerson, n))
			}
		}
		for id, r := range resolutions {
			if r.Code != nil {
				keys[id] = append(keys[id], vntext.Key(*r.Code))
			} else {
				keys[id] = append(keys[id], vntext.Key(strings.TrimPrefix(r.CodeKey, "key:")))
			}
		}
		check := func(kind, typ string, items map[string][]string) (linked int) {
			names := make([]string, 0, len(items))
			for k := range items {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				entities, missing := linkStatus(k, typ, items[k], articleIDs, mentioned, keys)
				switch {
				case len(entities) > 1:
					t.Errorf("%s %q annotated in %d articles is split over %d entities %v", kind, k, len(items[k]), len(entities), entities)
				case len(entities) == 1 && len(missing) == 0:
					linked++
				default:
					t.Logf("%s %q (%d articles) not linked in %d of them: %q", kind, k, len(items[k]), len(missing), missing)
				}
			}
			return linked
		}
		p := check("person", models.TypePerson, rec.people)
		c := check("code", models.TypeResolution, rec.codes)
		// Homonyms are not asserted: the linker keys people by name, so
		// two people of one name become one entity. Counted for the record.
		merged := 0
		for k := range homonyms {
			if entities, _ := linkStatus(k, models.TypePerson, rec.homonyms[k], articleIDs, mentioned, keys); len(entities) == 1 {
				merged++
			}
		}
		fmt.Printf("%s: %d annotated articles; recurring people %d, linked to one entity in each article %d; recurring codes %d, linked %d; homonyms %d, merged into one entity %d\n",
			filepath.Base(t.Name()), len(rec.urls), len(rec.people), p, len(rec.codes), c, len(homonyms), merged)
	})
}

// linkStatus returns the entities of type typ, mentioned in the articles
// at urls, that answer to key k, and the articles where none does.
func linkStatus(k, typ string, urls []string, articleIDs map[string]int64, mentioned map[int64]map[string][]int64, keys map[int64][]string) (entities []int64, missing []string) {
	for _, u := range urls {
		found := false
		for _, id := range mentioned[articleIDs[u]][typ] {
			if slices.Contains(keys[id], k) {
				found = true
				if !slices.Contains(entities, id) {
					entities = append(entities, id)
				}
			}
		}
		if !found {
			missing = append(missing, u)
		}
	}
	slices.Sort(entities)
	return entities, missing
}

func TestLinkStatus(t *testing.T) {
	articleIDs := map[string]int64{"a": 1, "b": 2, "c": 3}
	mentioned := map[int64]map[string][]int64{
		1: {models.TypePerson: {10, 11}},
		2: {models.TypePerson: {12}},
		3: {models.TypeResolution: {10}},
	}
	keys := map[int64][]string{10: {"vu duc dam"}, 11: {"nguyen kim son"}, 12: {"vu duc dam", "pho thu tuong vu duc dam"}}
	entities, missing := linkStatus("vu duc dam", models.TypePerson, []string{"a", "b", "c"}, articleIDs, mentioned, keys)
	if !slices.Equal(entities, []int64{10, 12}) || !slices.Equal(missing, []string{"c"}) {
		t.Errorf("split person: entities %v, missing %v; want [10 12] and [c]", entities, missing)
	}
	entities, missing = linkStatus("nguyen kim son", models.TypePerson, []string{"a"}, articleIDs, mentioned, keys)
	if !slices.Equal(entities, []int64{11}) || len(missing) != 0 {
		t.Errorf("linked person: entities %v, missing %v", entities, missing)
	}
}
