package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tracuu/models/modelstest"
)

func TestCommands(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dbURL := ""
			if dialect == "postgres" {
				dbURL = modelstest.FreshPostgres(t)
			}
			dir := t.TempDir()
			t.Setenv("DATABASE_URL", dbURL)
			t.Setenv("DATA_DIR", dir)
			t.Setenv("API_TOKENS", "")
			ctx := context.Background()
			var out, errb bytes.Buffer
			if rc := run(ctx, []string{"migrate"}, &out, &errb); rc != 0 || !strings.Contains(out.String(), "schema version") {
				t.Fatalf("migrate: %d %q %q", rc, out.String(), errb.String())
			}
			jsonl := filepath.Join(dir, "in.jsonl")
			os.WriteFile(jsonl, []byte(`{"title": "Tỉnh ủy Bến Tre triển khai Chỉ thị 05-CT/TW", "body": "Ban Thường vụ Tỉnh ủy Bến Tre triển khai Chỉ thị số 05-CT/TW của Bộ Chính trị.", "publishedAt": "2020-06-29"}
{"title": "thiếu nội dung"}
`), 0o644)
			out.Reset()
			errb.Reset()
			metricsFile := filepath.Join(dir, "import.prom")
			t.Setenv("METRICS_FILE", metricsFile)
			if rc := run(ctx, []string{"import", jsonl}, &out, &errb); rc != 1 {
				t.Errorf("import with a bad line: exit %d", rc)
			}
			t.Setenv("METRICS_FILE", "")
			prom, err := os.ReadFile(metricsFile)
			for _, phase := range []string{"migrate", "import", "index"} {
				if want := `tracuu_command_phase_duration_seconds_count{command="import",phase="` + phase + `"} 1`; !strings.Contains(string(prom), want) {
					t.Errorf("import metrics lack %s (%v): %s", want, err, prom)
				}
			}
			if !strings.Contains(out.String(), "inserted 1, updated 0, unchanged 0, failed 1") || !strings.Contains(errb.String(), "in.jsonl:2: ") || !strings.Contains(errb.String(), "body") {
				t.Errorf("import output %q / %q", out.String(), errb.String())
			}
			out.Reset()
			if rc := run(ctx, []string{"reindex"}, &out, &errb); rc != 0 || !strings.Contains(out.String(), "reindexed") {
				t.Errorf("reindex: %d %q %q", rc, out.String(), errb.String())
			}
			serveAndQuery(t)
		})
	}
}

// serveAndQuery starts the server as `go run .` does, queries it, and
// stops it with a cancel, as SIGTERM does.
func serveAndQuery(t *testing.T) {
	base, token, stop := startServer(t)
	if token == "" {
		t.Fatal("server did not print its token")
	}
	for _, path := range []string{"/healthz", "/readyz", "/", "/graphiql", "/search?q=x"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Errorf("GET %s: %v", path, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
	}
	post := func(tok, q string) map[string]any { return postQuery(t, base, tok, q) }
	r := post("", `{ articles(orderBy: OLDEST) { totalCount nodes { title source publishedAt } } }`)
	b, _ := json.Marshal(r)
	if !strings.Contains(string(b), `"publishedAt":"2020-06-29T06:52:00+07:00"`) || !strings.Contains(string(b), "Báo Đồng Khởi") {
		t.Errorf("the sample is not served: %s", b)
	}
	// The server's own token opens mutations; none does not.
	if r := post("", `mutation { createPerson(input: {name: "Lê Văn A"}) { person { name } } }`); !strings.Contains(mustJSON(r), "UNAUTHENTICATED") {
		t.Errorf("mutation without token: %v", r)
	}
	if r := post(token, `mutation { createPerson(input: {name: "Lê Văn A"}) { person { name } } }`); !strings.Contains(mustJSON(r), "Lê Văn A") {
		t.Errorf("mutation with token: %v", r)
	}
	// The export of a subgraph parses as GraphML and as CSV.
	org := post("", `{ organisations(filter: {name: "Tỉnh ủy Bến Tre"}) { nodes { id } } }`)
	orgID, _ := json.Marshal(org)
	idm := regexp.MustCompile(`"id":"([^"]+)"`).FindStringSubmatch(string(orgID))
	if idm == nil {
		t.Fatalf("no organisation id in %s", orgID)
	}
	for _, format := range []string{"graphml", "nodes.csv", "edges.csv"} {
		resp, err := http.Get(base + "/export/network?depth=2&limit=50&format=" + format + "&ids=" + url.QueryEscape(idm[1]))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("export %s: %d %s", format, resp.StatusCode, b)
			continue
		}
		if format == "graphml" {
			var doc struct {
				Graph struct {
					Nodes []struct {
						ID string `xml:"id,attr"`
					} `xml:"node"`
					Edges []struct {
						Source string `xml:"source,attr"`
					} `xml:"edge"`
				} `xml:"graph"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil || len(doc.Graph.Nodes) < 2 || len(doc.Graph.Edges) == 0 {
				t.Errorf("graphml: %v, %d nodes, %d edges", err, len(doc.Graph.Nodes), len(doc.Graph.Edges))
			}
		} else if recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll(); err != nil || len(recs) < 2 {
			t.Errorf("%s: %v, %d rows", format, err, len(recs))
		}
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Errorf("GET /metrics: %v", err)
	} else {
		m, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range []string{
			`tracuu_http_requests_total{path="/graphql",status="200"}`,
			`tracuu_http_request_duration_seconds_bucket{path="/graphql",le="0.005"}`,
			`tracuu_graphql_operation_duration_seconds_count{operation="articles",type="query"} 1`,
			`tracuu_graphql_operation_duration_seconds_count{operation="createPerson",type="mutation"} 1`,
			`tracuu_command_phase_duration_seconds_count{command="serve",phase="migrate"} 1`,
			`tracuu_index_documents `,
			`tracuu_index_lag_jobs `,
			`tracuu_db_statements_total `,
			`tracuu_facet_cache_bytes `,
			`tracuu_facet_cache_hits_total `,
			`tracuu_explore_graph_loads_total `,
			`tracuu_explore_graph_follows_total `,
			`tracuu_explore_graph_refresh_seconds_total `,
		} {
			if !strings.Contains(string(m), want) {
				t.Errorf("metrics lack %s: %s", want, m)
			}
		}
	}
	if rc := stop(); rc != 0 {
		t.Errorf("serve exit %d", rc)
	}
}

// postQuery sends a GraphQL query to the server at base, with a token
// when tok is not empty, and returns the decoded response.
func postQuery(t *testing.T, base, tok, q string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/graphql", strings.NewReader(`{"query": `+jsonString(q)+`}`))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	return v
}

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }
