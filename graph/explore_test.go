package graph_test

import (
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// idByName finds the global ID of an organisation or person by exact name.
func (e *env) idByName(list, name string) string {
	e.t.Helper()
	d := e.query(`query($n: String) { organisations(filter: {name: $n}) { nodes { id name } } people(filter: {name: $n}) { nodes { id name } } }`, map[string]any{"n": name})
	for _, n := range get(d, list, "nodes").([]any) {
		if get(n, "name") == name {
			return get(n, "id").(string)
		}
	}
	e.t.Fatalf("no %s named %s", list, name)
	return ""
}

func TestExplore(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		tam := e.idByName("people", "Trần Ngọc Tam")
		tu := e.idByName("organisations", "Tỉnh ủy Bến Tre")
		tanThach := e.idByName("organisations", "Đảng bộ xã Tân Thạch")

		t.Run("RelatedThroughPosition", func(t *testing.T) {
			d := e.query(`query($id: ID!) { related(id: $id, first: 20) { totalCount nodes { label weight kinds node { id } evidence { position { title } } articles { totalCount } } } }`, map[string]any{"id": tam})
			ok := false
			for _, n := range get(d, "related", "nodes").([]any) {
				if get(n, "node", "id") == tu {
					for _, k := range get(n, "kinds").([]any) {
						ok = ok || k == "position"
					}
					if get(n, "evidence", 0, "position", "title") != "Phó Bí thư Thường trực" {
						t.Errorf("evidence: %v", get(n, "evidence"))
					}
				}
			}
			if !ok {
				t.Errorf("Trần Ngọc Tam is not related to Tỉnh ủy Bến Tre through a position: %v", d)
			}
		})
		t.Run("ResolutionIssuerAndArticle", func(t *testing.T) {
			res := get(e.query(`{ resolution(code: "05-CT/TW") { id } }`, nil), "resolution", "id")
			d := e.query(`query($id: ID!) { related(id: $id, types: [ORGANISATION, ARTICLE], first: 50) { nodes { label kinds node { __typename } } } }`, map[string]any{"id": res})
			issuer, article := false, false
			for _, n := range get(d, "related", "nodes").([]any) {
				if get(n, "label") == "Bộ Chính trị" {
					for _, k := range get(n, "kinds").([]any) {
						issuer = issuer || k == "issued_by"
					}
				}
				article = article || get(n, "node", "__typename") == "Article"
			}
			if !issuer || !article {
				t.Errorf("05-CT/TW related: issuer %v, article %v: %v", issuer, article, d)
			}
		})
		t.Run("Path", func(t *testing.T) {
			d := e.query(`query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 4) { length hops { kind from { id } to { id } evidence { sentence position { title } article { title } } } } }`, map[string]any{"a": tam, "b": tanThach})
			paths := get(d, "path").([]any)
			if len(paths) == 0 {
				t.Fatalf("no path from Trần Ngọc Tam to Đảng bộ xã Tân Thạch")
			}
			hops := get(paths[0], "hops").([]any)
			if get(hops, 0, "from", "id") != tam || get(hops, len(hops)-1, "to", "id") != tanThach {
				t.Errorf("path ends: %v", paths[0])
			}
			for _, h := range hops {
				if get(h, "evidence", "sentence") == nil && get(h, "evidence", "position") == nil && get(h, "kind") != "parent" {
					t.Errorf("hop without evidence: %v", h)
				}
			}
		})
		t.Run("Timeline", func(t *testing.T) {
			d := e.query(`query($id: ID!) { timeline(id: $id, first: 50) { totalCount nodes { at kind article { title } } } }`, map[string]any{"id": tu})
			found := false
			for _, n := range get(d, "timeline", "nodes").([]any) {
				if get(n, "at") == "2020-06-29T06:52:00+07:00" && get(n, "article", "title") != nil {
					found = true
				}
			}
			if !found {
				t.Errorf("timeline of Tỉnh ủy Bến Tre lacks the seed article on 29/06/2020: %v", d)
			}
		})
		t.Run("Network", func(t *testing.T) {
			d := e.query(`query($ids: [ID!]!) { network(ids: $ids, depth: 2, limit: 20) { nodes { id type label degree } edges { from to kind weight } } }`, map[string]any{"ids": []string{tam}})
			nodes := get(d, "network", "nodes").([]any)
			if len(nodes) < 2 || len(nodes) > 20 || len(get(d, "network", "edges").([]any)) == 0 {
				t.Errorf("network: %v", d)
			}
		})
		t.Run("NetworkReadsWhatItIsAsked", func(t *testing.T) {
			// Labels and evidence are read from the database only when the
			// query asks for them (under any alias or fragment); the nodes
			// and edges are the same either way. Before, every network read
			// both whatever was asked.
			vars := map[string]any{"ids": []string{tam}}
			full := `query($ids: [ID!]!) { network(ids: $ids, depth: 2, limit: 20) { nodes { id label } edges { from to kind evidence { sentence } } } }`
			lean := `query($ids: [ID!]!) { network(ids: $ids, depth: 2, limit: 20) { nodes { id } edges { from to kind } } }`
			frag := `query($ids: [ID!]!) { n: network(ids: $ids, depth: 2, limit: 20) { ...F } } fragment F on Network { nodes { id l: label } edges { from to kind ev: evidence { sentence } } }`
			e.query(full, vars) // the graph loaded
			n0 := s.Statements()
			dFull := e.query(full, vars)
			n1 := s.Statements()
			dLean := e.query(lean, vars)
			n2 := s.Statements()
			dFrag := e.query(frag, vars)
			n3 := s.Statements()
			if n2-n1 >= n1-n0 || n3-n2 != n1-n0 {
				t.Errorf("statements: %d with labels and evidence, %d without, %d through a fragment", n1-n0, n2-n1, n3-n2)
			}
			nodes, edges := get(dFull, "network", "nodes").([]any), get(dFull, "network", "edges").([]any)
			if len(nodes) < 2 || len(edges) == 0 {
				t.Fatalf("network: %v", dFull)
			}
			for i, n := range nodes {
				if get(n, "label") == "" || get(dFrag, "n", "nodes", i, "l") != get(n, "label") || get(dLean, "network", "nodes", i, "id") != get(n, "id") {
					t.Errorf("node %d: %v, lean %v, fragment %v", i, n, get(dLean, "network", "nodes", i), get(dFrag, "n", "nodes", i))
				}
			}
			for i, ed := range edges {
				for _, k := range []string{"from", "to", "kind"} {
					if get(dLean, "network", "edges", i, k) != get(ed, k) {
						t.Errorf("edge %d: %v, lean %v", i, ed, get(dLean, "network", "edges", i))
					}
				}
				if len(get(ed, "evidence").([]any)) != len(get(dFrag, "n", "edges", i, "ev").([]any)) {
					t.Errorf("edge %d: evidence %v, through a fragment %v", i, get(ed, "evidence"), get(dFrag, "n", "edges", i, "ev"))
				}
			}
		})
		t.Run("ErrBadID", func(t *testing.T) {
			if c := e.errCode(`{ related(id: "nope") { totalCount } }`, nil, ""); c != "BAD_USER_INPUT" {
				t.Errorf("code %s", c)
			}
		})
	})
}
