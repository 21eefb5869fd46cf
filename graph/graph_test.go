package graph_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"tracuu/graph"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/sample"
	"tracuu/search"
)

const token = "test-token"

type env struct {
	t     *testing.T
	store *models.Store
	index *search.Index
	srv   *httptest.Server
}

// newEnv serves the GraphQL API over a fresh store holding the sample, with
// its search index up to date.
func newEnv(t *testing.T, s *models.Store) *env {
	t.Helper()
	ctx := context.Background()
	if _, err := sample.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	e := &env{t: t, store: s, index: ix}
	e.drain()
	e.srv = httptest.NewServer(graph.NewHandler(s, ix, graph.Config{Tokens: []string{"other", token}, PublicRead: true}))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) drain() {
	e.t.Helper()
	if _, err := (&indexer.Worker{Store: e.store, Index: e.index}).CatchUp(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

type gqlError struct {
	Message    string
	Extensions struct{ Code string }
}

type response struct {
	Data   map[string]any
	Errors []gqlError
}

func (e *env) do(tok, query string, vars map[string]any) response {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", e.srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var r response
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		e.t.Fatalf("decode: %v", err)
	}
	return r
}

// query runs a query that must succeed.
func (e *env) query(q string, vars map[string]any) map[string]any {
	e.t.Helper()
	r := e.do(token, q, vars)
	if len(r.Errors) > 0 {
		e.t.Fatalf("errors: %+v", r.Errors)
	}
	return r.Data
}

func (e *env) errCode(q string, vars map[string]any, tok string) string {
	e.t.Helper()
	r := e.do(tok, q, vars)
	if len(r.Errors) == 0 {
		e.t.Fatalf("expected an error, got %v", r.Data)
	}
	return r.Errors[0].Extensions.Code
}

// get walks a decoded JSON value: get(v, "a", "b", 0, "c").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func TestSeedArticle(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(`query($url: String) { article(url: $url) { id title source sourceCode publishedAt authors { name } } }`, map[string]any{"url": sample.URL})
		a := get(d, "article")
		if get(a, "title") != "Chủ động tổ chức triển khai thực hiện Nghị quyết Tỉnh ủy năm 2020" ||
			get(a, "source") != "Báo Đồng Khởi" || get(a, "sourceCode") != "BDK" ||
			get(a, "publishedAt") != "2020-06-29T06:52:00+07:00" || get(a, "authors", 0, "name") != "Hương Thu" {
			t.Fatalf("seed article: %v", a)
		}
		counts := e.query(`{ articles { totalCount } organisations { totalCount } people { totalCount } resolutions { totalCount } reports { totalCount nodes { figures { value total percent } } } }`, nil)
		for _, k := range []string{"articles", "organisations", "people", "resolutions", "reports"} {
			if n, _ := get(counts, k, "totalCount").(float64); n < 1 {
				t.Errorf("%s: none listed", k)
			}
		}
		if get(counts, "reports", "nodes", 0, "figures", 1, "total") != 638.0 {
			t.Errorf("figure 621/638: %v", get(counts, "reports", "nodes", 0, "figures", 1))
		}
		r := e.query(`{ resolution(code: "Chỉ thị số 05 CT/TW") { code kind issuer { name } mentions(first: 1) { totalCount nodes { sentence article { title } } } } }`, nil)
		if get(r, "resolution", "code") != "05-CT/TW" || get(r, "resolution", "issuer", "name") != "Bộ Chính trị" || get(r, "resolution", "kind") != "CHI_THI" {
			t.Errorf("resolution: %v", r)
		}
		if s, _ := get(r, "resolution", "mentions", "nodes", 0, "sentence").(string); !strings.Contains(s, "05-CT/TW") {
			t.Errorf("mention sentence %q", s)
		}
	})
}

func TestNode(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(`{ articles(first: 1) { nodes { id } } organisations(first: 1) { nodes { id } } people(first: 1) { nodes { id } }
			resolutions(first: 1) { nodes { id } } reports(first: 1) { nodes { id } } }`, nil)
		for _, k := range []string{"articles", "organisations", "people", "resolutions", "reports"} {
			id := get(d, k, "nodes", 0, "id").(string)
			n := e.query(`query($id: ID!) { node(id: $id) { id __typename } }`, map[string]any{"id": id})
			if get(n, "node", "id") != id {
				t.Errorf("%s: node(%s) = %v", k, id, n)
			}
		}
		t.Run("IDsAndTimes", func(t *testing.T) {
			d := e.query(`{ articles(first: 1) { nodes { id url createdAt updatedAt mentions(first: 1) { nodes { id } } } } }`, nil)
			art := get(d, "articles", "nodes", 0).(map[string]any)
			raw, _ := base64.StdEncoding.DecodeString(art["id"].(string))
			if !strings.HasPrefix(string(raw), "Article:") {
				t.Errorf("article id %v decodes to %q", art["id"], raw)
			}
			raw, _ = base64.StdEncoding.DecodeString(get(art, "mentions", "nodes", 0, "id").(string))
			if !strings.HasPrefix(string(raw), "Mention:") {
				t.Errorf("mention id decodes to %q", raw)
			}
			for _, f := range []string{"createdAt", "updatedAt"} {
				v, _ := art[f].(string)
				if at, err := time.Parse(time.RFC3339, v); err != nil || !strings.HasSuffix(v, "+07:00") || time.Since(at) > time.Hour {
					t.Errorf("%s = %q (%v)", f, v, err)
				}
			}
			if !strings.HasPrefix(fmt.Sprint(art["url"]), "https://") {
				t.Errorf("url = %v", art["url"])
			}
		})
		t.Run("ErrNotAnID", func(t *testing.T) {
			if c := e.errCode(`{ node(id: "not-an-id") { id } }`, nil, ""); c != graph.CodeBadUserInput {
				t.Errorf("code %s", c)
			}
		})
		t.Run("ErrMissing", func(t *testing.T) {
			id := graph.GlobalID(models.TypeArticle, 99999)
			if c := e.errCode(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, ""); c != graph.CodeNotFound {
				t.Errorf("code %s", c)
			}
		})
		t.Run("ErrForeignType", func(t *testing.T) {
			id := get(d, "articles", "nodes", 0, "id").(string)
			if c := e.errCode(`query($id: ID!) { organisation(id: $id) { name } }`, map[string]any{"id": id}, ""); c != graph.CodeBadUserInput {
				t.Errorf("code %s", c)
			}
		})
	})
}

func TestMutations(t *testing.T) {
	const create = `mutation($in: OrganisationInput!) { createOrganisation(input: $in) { organisation { id name parent { name } } userErrors { field message code } } }`
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		before := get(e.query(`{ organisations { totalCount } }`, nil), "organisations", "totalCount")
		t.Run("ErrEmptyName", func(t *testing.T) {
			d := e.query(create, map[string]any{"in": map[string]any{"name": " \u00a0 "}})
			ue := get(d, "createOrganisation", "userErrors", 0)
			if get(ue, "field", 1) != "name" || get(ue, "code") != "INVALID" || get(d, "createOrganisation", "organisation") != nil {
				t.Errorf("got %v", d)
			}
		})
		t.Run("ErrMissingParent", func(t *testing.T) {
			d := e.query(create, map[string]any{"in": map[string]any{"name": "Đảng bộ xã Tân Phú", "parent": graph.GlobalID(models.TypeOrganisation, 424242)}})
			if get(d, "createOrganisation", "userErrors", 0, "field", 1) != "parent" {
				t.Errorf("got %v", d)
			}
		})
		t.Run("ErrBadParentID", func(t *testing.T) {
			d := e.query(create, map[string]any{"in": map[string]any{"name": "Đảng bộ xã Tân Phú", "parent": "zzz"}})
			if get(d, "createOrganisation", "userErrors", 0, "field", 1) != "parent" {
				t.Errorf("got %v", d)
			}
		})
		if after := get(e.query(`{ organisations { totalCount } }`, nil), "organisations", "totalCount"); after != before {
			t.Fatalf("invalid input wrote organisations: %v -> %v", before, after)
		}
		t.Run("ErrUnauthenticated", func(t *testing.T) {
			for _, tok := range []string{"", "wrong", token + "x"} {
				if c := e.errCode(create, map[string]any{"in": map[string]any{"name": "Huyện ủy Châu Thành"}}, tok); c != graph.CodeUnauthenticated {
					t.Errorf("token %q: code %s", tok, c)
				}
			}
		})
		t.Run("CreateUpdateDelete", func(t *testing.T) {
			var parent any
			for _, n := range get(e.query(`{ organisations(filter: {name: "tinh uy ben tre"}) { nodes { id name } } }`, nil), "organisations", "nodes").([]any) {
				if get(n, "name") == "Tỉnh ủy Bến Tre" {
					parent = get(n, "id")
				}
			}
			d := e.query(create, map[string]any{"in": map[string]any{"name": "Huyện ủy Châu Thành", "kind": "PARTY_COMMITTEE", "level": "DISTRICT", "parent": parent}})
			org := get(d, "createOrganisation", "organisation")
			if get(org, "parent", "name") != "Tỉnh ủy Bến Tre" {
				t.Fatalf("created %v", d)
			}
			id := get(org, "id")
			u := e.query(`mutation($id: ID!) { updateOrganisation(id: $id, input: {aliases: ["HU Châu Thành"]}) { organisation { name aliases } userErrors { message } } }`, map[string]any{"id": id})
			if get(u, "updateOrganisation", "organisation", "aliases", 0) != "HU Châu Thành" || get(u, "updateOrganisation", "organisation", "name") != "Huyện ủy Châu Thành" {
				t.Errorf("updated %v", u)
			}
			del := e.query(`mutation($id: ID!) { deleteOrganisation(id: $id) { deletedId userErrors { message } } }`, map[string]any{"id": id})
			if get(del, "deleteOrganisation", "deletedId") != id {
				t.Errorf("deleted %v", del)
			}
			again := e.query(`mutation($id: ID!) { deleteOrganisation(id: $id) { deletedId userErrors { code } } }`, map[string]any{"id": id})
			if get(again, "deleteOrganisation", "userErrors", 0, "code") != "NOT_FOUND" {
				t.Errorf("second delete %v", again)
			}
		})
	})
}

func TestLimits(t *testing.T) {
	e := newEnv(t, modelstest.Open(t, "sqlite"))
	deep := "{ organisations { nodes { " + strings.Repeat("parent { ", 14) + "name" + strings.Repeat(" }", 14) + " } } }"
	if c := e.errCode(deep, nil, ""); c != graph.CodeTooComplex {
		t.Errorf("deep: %s", c)
	}
	wide := `{ articles(first: 100) { nodes { mentions(first: 100) { nodes { article { mentions(first: 100) { nodes { sentence } } } } } } } }`
	if c := e.errCode(wide, nil, ""); c != graph.CodeTooComplex {
		t.Errorf("wide: %s", c)
	}
	if c := e.errCode(`{ articles(first: 101) { totalCount } }`, nil, ""); c != graph.CodeBadUserInput {
		t.Errorf("first 101: %s", c)
	}
}

// TestBatchedLoading proves that a page of 100 articles with their authors
// and mentions costs one SQL query per kind of lookup.
func TestBatchedLoading(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		for i := 0; i < 120; i++ {
			p := &models.Person{Name: fmt.Sprintf("Nguyễn Văn %c%d", 'A'+i%26, i)}
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			a := &models.Article{Title: fmt.Sprintf("Bài %d về Nghị quyết", i), Body: fmt.Sprintf("Nội dung %d nói về Bộ Chính trị.", i)}
			if _, err := s.SaveArticle(ctx, a, []int64{p.ID}); err != nil {
				t.Fatal(err)
			}
			if err := s.ReplaceMentions(ctx, a.ID, []models.Mention{{EntityType: models.TypePerson, EntityID: p.ID, Sentence: a.Body, StartOffset: 0, EndOffset: 3}}); err != nil {
				t.Fatal(err)
			}
		}
		var d map[string]any
		q := countQueries(s, func() {
			d = e.query(`{ articles(first: 100, orderBy: TITLE) { totalCount nodes { title authors { name } mentions(first: 5) { nodes { sentence entity { ... on Person { name } } } } } } }`, nil)
		})
		if l, _ := get(d, "articles", "nodes").([]any); len(l) != 100 {
			t.Fatalf("got %d articles", len(l))
		}
		if get(d, "articles", "nodes", 0, "authors", 0, "name") == nil || get(d, "articles", "nodes", 0, "mentions", "nodes", 0, "entity", "name") == nil {
			t.Fatalf("authors or mentions missing: %v", get(d, "articles", "nodes", 0))
		}
		// The count, the page, the authors, the mentions and the people
		// mentioned: one query each, however the resolvers are scheduled.
		if q != 5 {
			t.Errorf("100 articles with authors and mentions cost %d queries, want 5 (one per kind of lookup)", q)
		}
	})
}

// countQueries returns how many SQL statements fn made through s.
func countQueries(s *models.Store, fn func()) int64 {
	n := s.Statements()
	fn()
	return s.Statements() - n
}

// TestSearchLoading: the hits of a search and the entities of its facets
// are loaded in one query per entity type, not one per hit or bucket.
func TestSearchLoading(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		var d map[string]any
		q := countQueries(s, func() {
			d = e.query(`{ search(query: "tỉnh ủy", first: 20) { edges { node { __typename ... on Organisation { name } ... on Article { title } } }
				facets { people { value label count } organisations { value label count } resolutions { label count } } } }`, nil)
		})
		if edges, _ := get(d, "search", "edges").([]any); len(edges) < 3 {
			t.Fatalf("search: %v", d)
		}
		// Each bucket's label is the name of the entity its value names.
		var labels []string
		for _, facet := range []string{"people", "organisations"} {
			buckets, _ := get(d, "search", "facets", facet).([]any)
			if len(buckets) == 0 {
				t.Errorf("no %s facet: %v", facet, get(d, "search", "facets"))
			}
			for _, b := range buckets {
				b := b.(map[string]any)
				labels = append(labels, b["label"].(string))
				n := e.query(`query($id: ID!) { node(id: $id) { ... on Person { name } ... on Organisation { name } } }`, map[string]any{"id": b["value"]})
				if name := get(n, "node", "name"); name != b["label"] {
					t.Errorf("%s bucket %v names %v", facet, b, name)
				}
			}
		}
		if !slices.Contains(labels, "Tỉnh ủy Bến Tre") {
			t.Errorf("facets: %v", get(d, "search", "facets"))
		}
		if q > 5 {
			t.Errorf("a search with entity facets cost %d queries, want at most 5 (one per entity type)", q)
		}
	})
}

func TestSearch(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		for _, q := range []string{"nghị quyết tỉnh ủy", "nghi quyet tinh uy", "Nghi quyết tinh ủy", "NGHỊ QUYẾT TỈNH UỶ", "05-CT/TW", "ĐV"} {
			d := e.query(`query($q: String!) { search(query: $q, filter: {types: [ARTICLE]}) { totalCount edges { score highlights { field fragments } node { __typename ... on Article { title } } } facets { sources { value count } years { value count } } } }`, map[string]any{"q": q})
			if get(d, "search", "edges", 0, "node", "title") != "Chủ động tổ chức triển khai thực hiện Nghị quyết Tỉnh ủy năm 2020" {
				t.Errorf("%q: %v", q, d)
				continue
			}
			var hl strings.Builder
			enc := json.NewEncoder(&hl)
			enc.SetEscapeHTML(false)
			enc.Encode(get(d, "search", "edges", 0, "highlights"))
			if !strings.Contains(hl.String(), "<mark>") {
				t.Errorf("%q: no highlight: %s", q, hl.String())
			}
			if get(d, "search", "facets", "sources", 0, "value") != "Báo Đồng Khởi" {
				t.Errorf("%q: facets %v", q, get(d, "search", "facets"))
			}
		}
		d := e.query(`{ search(query: "trần ngọc tam", filter: {types: [PERSON]}) { edges { node { ... on Person { name positions { nodes { title } } } } } } }`, nil)
		if get(d, "search", "edges", 0, "node", "name") != "Trần Ngọc Tam" {
			t.Errorf("person search: %v", d)
		}
	})
}

func TestSuggest(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		for _, prefix := range []string{"tran ngo", "Trần Ngọ", "TRAN NGOC"} {
			d := e.query(`query($p: String!) { suggest(prefix: $p, types: [PERSON]) { label type node { ... on Person { name } } } }`, map[string]any{"p": prefix})
			if get(d, "suggest", 0, "label") != "Trần Ngọc Tam" || get(d, "suggest", 0, "type") != "PERSON" {
				t.Errorf("%q: %v", prefix, d)
			}
		}
		d := e.query(`{ suggest(prefix: "bo chinh") { label type } }`, nil)
		if get(d, "suggest", 0, "label") != "Bộ Chính trị" {
			t.Errorf("bo chinh: %v", d)
		}
	})
}

// TestTotalCountOnlyWhenAsked: a list is counted only when totalCount is
// asked for, since counting costs every row the filter selects (a million
// for the whole archive) where a page costs only the rows before it; the
// next page is then told by one row more.
func TestTotalCountOnlyWhenAsked(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		for i := 0; i < 5; i++ {
			a := &models.Article{Title: fmt.Sprintf("Bài %d", i), Body: fmt.Sprintf("Nội dung %d.", i)}
			if _, err := s.SaveArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.Articles(ctx, models.ArticleFilter{}, "", models.Page{})
		if err != nil {
			t.Fatal(err)
		}
		total := int(all.Total) // the environment's own articles besides
		for _, c := range []struct {
			query   string
			queries int64
			next    bool
			n       int
		}{
			{`{ articles(first: 2) { nodes { id } pageInfo { hasNextPage } } }`, 1, true, 2},
			{fmt.Sprintf(`{ articles(first: 2, after: %q) { nodes { id } pageInfo { hasNextPage } } }`,
				base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("offset:%d", total-2)))), 1, false, 2},
			{fmt.Sprintf(`{ articles(first: %d) { nodes { id } pageInfo { hasNextPage } } }`, total), 1, false, total},
			{`{ articles(first: 2) { ... on ArticleConnection { totalCount } nodes { id } pageInfo { hasNextPage } } }`, 2, true, 2},
			{`{ articles(first: 2) { totalCount nodes { id } pageInfo { hasNextPage } } }`, 2, true, 2},
		} {
			var d map[string]any
			q := countQueries(s, func() { d = e.query(c.query, nil) })
			if q != c.queries {
				t.Errorf("%s: %d queries, want %d", c.query, q, c.queries)
			}
			if got := get(d, "articles", "pageInfo", "hasNextPage"); got != c.next {
				t.Errorf("%s: hasNextPage %v, want %v", c.query, got, c.next)
			}
			if l, _ := get(d, "articles", "nodes").([]any); len(l) != c.n {
				t.Errorf("%s: %d nodes, want %d", c.query, len(l), c.n)
			}
			if c.queries == 2 && get(d, "articles", "totalCount") != float64(total) {
				t.Errorf("%s: totalCount %v, want %d", c.query, get(d, "articles", "totalCount"), total)
			}
		}
	})
}
