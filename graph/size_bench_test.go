package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"tracuu/graph"
	"tracuu/internal/cpu"
	"tracuu/models/modelstest"
	"tracuu/search"
	"tracuu/search/relevance"
)

// BenchmarkIngestLongArticle sends ingestArticle with bodies of growing
// size through the handler on SQLite: the time per MB must not grow with
// the size (go test ./graph/ -run - -bench IngestLongArticle).
func BenchmarkIngestLongArticle(b *testing.B) {
	arts, _, err := relevance.Load("../../shared/corpus")
	if err != nil {
		b.Skipf("no corpus: %v", err)
	}
	for _, size := range []int{256 << 10, 512 << 10, 1 << 20} {
		var sb strings.Builder
		for i := 0; sb.Len() < size; i++ {
			sb.WriteString(arts[i%len(arts)].Body + "\n\n")
		}
		body := strings.ToValidUTF8(sb.String()[:size], "")
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			s := modelstest.Open(b, "sqlite")
			ix, err := search.Open(b.TempDir() + "/index")
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			srv := httptest.NewServer(graph.NewHandler(s, ix, graph.Config{Tokens: []string{token}, PublicRead: true}))
			defer srv.Close()
			b.SetBytes(int64(size))
			cpu0 := cpu.Used()
			for i := range b.N {
				in := map[string]any{"fields": map[string]any{"title": fmt.Sprintf("Bài dài %d", i), "body": body}}
				req, _ := json.Marshal(map[string]any{"query": `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { status userErrors { message } } }`, "variables": map[string]any{"in": in}})
				hr, _ := http.NewRequest("POST", srv.URL, bytes.NewReader(req))
				hr.Header.Set("Content-Type", "application/json")
				hr.Header.Set("Authorization", "Bearer "+token)
				resp, err := http.DefaultClient.Do(hr)
				if err != nil {
					b.Fatal(err)
				}
				var r response
				json.NewDecoder(resp.Body).Decode(&r)
				resp.Body.Close()
				if len(r.Errors) > 0 {
					b.Fatal(r.Errors)
				}
			}
			b.ReportMetric((cpu.Used()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
