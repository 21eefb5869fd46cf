package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"tracuu/graph"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestLookupsWithoutBatchWindow: the lookups whose keys a resolver holds
// all at once (a lone node, its authors, mentions and their entities, a
// person's positions' organisations, the hits and facets of a search,
// suggestions, a page of articles) are read at once, not after the
// loaders' batch window: with the window made two minutes, the pages of the
// mixed clients (cmd/reliability) still answer. Before, each waited out
// the window (2 ms) one or two times while holding its admission turn.
func TestLookupsWithoutBatchWindow(t *testing.T) {
	defer graph.SetBatchWindow(2 * time.Minute)()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(`{ articles(first: 1) { nodes { id } } people(first: 50) { nodes { id positions { totalCount } } } }`, nil)
		art := get(d, "articles", "nodes", 0, "id")
		var person any
		for _, p := range get(d, "people", "nodes").([]any) {
			if n, _ := get(p, "positions", "totalCount").(float64); n > 0 {
				person = get(p, "id")
			}
		}
		if art == nil || person == nil {
			t.Fatalf("the sample has no article or no person with a position: %v", d)
		}
		hc := &http.Client{Timeout: time.Minute}
		for _, c := range []struct {
			name, query string
			vars        map[string]any
			want        []any // a path that must name a value
		}{
			{"article", `query($id: ID!) { node(id: $id) { ... on Article { title lead body source publishedAt
				authors { id name } mentions(first: 50) { totalCount nodes { entity { __typename ... on Person { name } ... on Organisation { name } } } } } } }`,
				map[string]any{"id": art}, []any{"node", "mentions", "nodes", 0, "entity", "__typename"}},
			{"person", `query($id: ID!) { node(id: $id) { ... on Person { name aliases
				positions(first: 20) { nodes { title organisation { name } } } articles(first: 10) { totalCount } } } }`,
				map[string]any{"id": person}, []any{"node", "positions", "nodes", 0, "organisation", "name"}},
			{"search", `{ search(query: "tỉnh ủy", first: 10) { totalCount edges { highlights { field fragments } node { __typename } }
				facets { people { value label count } organisations { value label count } } } }`,
				nil, []any{"search", "edges", 0, "node", "__typename"}},
			{"suggest", `{ suggest(prefix: "Tỉn", first: 10) { label type node { __typename } } }`, nil, []any{"suggest", 0, "node", "__typename"}},
			{"page", `{ articles(first: 10) { nodes { title authors { name } mentions(first: 5) { nodes { entity { __typename } } } } } }`,
				nil, []any{"articles", "nodes", 0, "mentions", "nodes", 0, "entity", "__typename"}},
			{"nodes", `query($id: ID!) { nodes(ids: [$id]) { ... on Article { title } } }`, map[string]any{"id": art}, []any{"nodes", 0, "title"}},
		} {
			body, _ := json.Marshal(map[string]any{"query": c.query, "variables": c.vars})
			resp, err := hc.Post(e.srv.URL, "application/json", bytes.NewReader(body))
			if err != nil {
				t.Errorf("%s: no answer within a minute while the loaders' batch window is two minutes (it waited for the window): %v", c.name, err)
				continue
			}
			var r response
			err = json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
			if err != nil || len(r.Errors) > 0 {
				t.Errorf("%s: %v %+v", c.name, err, r.Errors)
				continue
			}
			if v := get(r.Data, c.want...); v == nil || v == "" {
				t.Errorf("%s: nothing at %v: %.300v", c.name, c.want, r.Data)
			}
		}
	})
}
