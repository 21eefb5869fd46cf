package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tracuu/graph"
	"tracuu/models/modelstest"
)

// budgetEnv is newEnv's sample served with cfg.
func budgetEnv(t *testing.T, cfg graph.Config) *env {
	t.Helper()
	e := newEnv(t, modelstest.Open(t, "sqlite"))
	cfg.Tokens, cfg.PublicRead = []string{token}, true
	e.srv = httptest.NewServer(graph.NewHandler(e.store, e.index, cfg))
	t.Cleanup(e.srv.Close)
	return e
}

type codedError struct {
	Message    string
	Extensions map[string]any
}

// post sends a query and returns its errors with their extensions.
func post(t *testing.T, e *env, query string) []codedError {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	resp, err := http.Post(e.srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Errors []codedError }
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return r.Errors
}

func firstCode(errs []codedError) any {
	if len(errs) == 0 {
		return nil
	}
	return errs[0].Extensions["code"]
}

// TestDocumentRefusedBeforeParsing: documents too long or selecting too
// many fields are refused with QUERY_TOO_COMPLEX and the figures, before
// the parser sees them (broken ones too).
func TestDocumentRefusedBeforeParsing(t *testing.T) {
	e := budgetEnv(t, graph.Config{})
	long := "{ articles { totalCount } }\n#" + strings.Repeat("x", graph.DefaultMaxQueryBytes)
	var aliases, broken strings.Builder
	aliases.WriteString("{ ")
	broken.WriteString("{ ")
	for i := range graph.DefaultMaxSelections + 1 {
		fmt.Fprintf(&aliases, "a%d: __typename ", i)
		fmt.Fprintf(&broken, "f%d(x: 1) @skip ", i)
	}
	aliases.WriteString("}")
	for name, c := range map[string]struct {
		query, figure string
	}{
		"long":         {long, "queryBytes"},
		"long, broken": {"{ ((" + long, "queryBytes"},
		"many fields":  {aliases.String(), "selections"},
		"many, broken": {broken.String(), "selections"},
	} {
		errs := post(t, e, c.query)
		if firstCode(errs) != graph.CodeTooComplex || errs[0].Extensions[c.figure] == nil {
			t.Errorf("%s: %+v", name, errs)
		}
	}
	var fine strings.Builder
	fine.WriteString("{ ")
	for i := range graph.DefaultMaxSelections - 10 {
		fmt.Fprintf(&fine, "a%d: __typename ", i)
	}
	fine.WriteString("}")
	if errs := post(t, e, fine.String()); len(errs) > 0 {
		t.Errorf("%d selections: %+v", graph.DefaultMaxSelections-10, errs)
	}
}

// TestAliasesPaidFor: each alias of a field that works by itself (search,
// network, path) pays its price; past the budget, QUERY_TOO_COMPLEX with
// the cost and the limit.
func TestAliasesPaidFor(t *testing.T) {
	e := budgetEnv(t, graph.Config{})
	org := get(e.query(`{ organisations(first: 1) { nodes { id } } }`, nil), "organisations", "nodes", 0, "id").(string)
	repeat := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{ ")
		for i := range n {
			fmt.Fprintf(&b, "a%d: %s ", i, field)
		}
		return b.String() + "}"
	}
	search := `search(query: "tỉnh ủy") { totalCount }`
	network := fmt.Sprintf(`network(ids: [%q], depth: 3, limit: 500) { nodes { id } }`, org)
	path := fmt.Sprintf(`path(from: %q, to: %q, maxHops: 6, alternatives: 5) { length }`, org, org)
	for name, q := range map[string]string{
		"100 searches": repeat(100, search),
		"20 networks":  repeat(20, network),
		"10 paths":     repeat(10, path),
	} {
		errs := post(t, e, q)
		if firstCode(errs) != graph.CodeTooComplex {
			t.Errorf("%s: %+v", name, errs)
			continue
		}
		cost, _ := errs[0].Extensions["cost"].(float64)
		limit, _ := errs[0].Extensions["maxCost"].(float64)
		if limit == 0 || cost <= limit {
			t.Errorf("%s: figures %v", name, errs[0].Extensions)
		}
	}
	for name, q := range map[string]string{"2 searches": repeat(2, search), "1 network": repeat(1, network)} {
		if errs := post(t, e, q); len(errs) > 0 {
			t.Errorf("%s: %+v", name, errs)
		}
	}
}

// TestTimeBudgets: work past the request's budget, or a search past its
// own, is stopped with TIMEOUT.
func TestTimeBudgets(t *testing.T) {
	t.Run("Request", func(t *testing.T) {
		e := budgetEnv(t, graph.Config{RequestTimeout: time.Nanosecond})
		if errs := post(t, e, `{ articles { totalCount } }`); firstCode(errs) != graph.CodeTimeout {
			t.Errorf("errors %+v", errs)
		}
	})
	t.Run("Search", func(t *testing.T) {
		e := budgetEnv(t, graph.Config{SearchTimeout: time.Nanosecond})
		errs := post(t, e, `{ search(query: "tỉnh ủy bến tre") { totalCount } }`)
		if firstCode(errs) != graph.CodeTimeout || !strings.Contains(errs[0].Message, "search") {
			t.Errorf("errors %+v", errs)
		}
		if errs := post(t, e, `{ articles { totalCount } }`); len(errs) > 0 {
			t.Errorf("a request without search: %+v", errs)
		}
	})
}

// TestSlots: while every slot is taken, an expensive request waits until
// its budget ends (TIMEOUT), a cheap one does not wait.
func TestSlots(t *testing.T) {
	slots := graph.NewSlots(1)
	e := budgetEnv(t, graph.Config{Slots: slots, RequestTimeout: 300 * time.Millisecond})
	const expensive = `{ search(query: "tỉnh ủy") { totalCount } }`
	if err := slots.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	errs := post(t, e, expensive)
	if firstCode(errs) != graph.CodeTimeout || !strings.Contains(errs[0].Message, "busy") {
		t.Errorf("expensive request with no slot free: %+v", errs)
	}
	// What must succeed goes through a handler on the same slots with a
	// budget no load on the machine can end.
	patient := *e
	patient.srv = httptest.NewServer(graph.NewHandler(e.store, e.index, graph.Config{
		Slots: slots, RequestTimeout: time.Minute, Tokens: []string{token}, PublicRead: true,
	}))
	t.Cleanup(patient.srv.Close)
	if errs := post(t, &patient, `{ articles(first: 1) { totalCount } }`); len(errs) > 0 {
		t.Errorf("cheap request: %+v", errs)
	}
	slots.Release()
	if errs := post(t, &patient, expensive); len(errs) > 0 {
		t.Errorf("expensive request with a slot free: %+v", errs)
	}
}
