package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"tracuu/graph"
	"tracuu/models"
	"tracuu/search/relevance"
)

// probes sends the hostile inputs of issue 11 to a handler over SQLite
// holding n articles of the corpus, and prints what each got (its error
// code, or ok), how long it took and how much memory it allocated.
func probes(arts []relevance.Article, n int) error {
	ctx := context.Background()
	c, err := newCorpusServer(ctx, "", "tracuu-probes-", arts, n)
	if err != nil {
		return err
	}
	defer c.close()
	s, srv := c.s, c.srv

	var org string
	if l, err := s.Organisations(ctx, models.OrganisationFilter{}, models.Page{First: 1}); err == nil && len(l.Items) > 0 {
		org = graph.GlobalID(models.TypeOrganisation, l.Items[0].ID)
	}
	aliases := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{ ")
		for i := range n {
			fmt.Fprintf(&b, "a%d: %s ", i, field)
		}
		return b.String() + "}"
	}
	const searchText = `query($q: String!) { search(query: $q) { totalCount ignoredWords edges { node { __typename } } } }`
	text := func(q string) map[string]any { return map[string]any{"q": q} }
	body := func(n int) string {
		var sb strings.Builder
		for i := 0; sb.Len() < n; i++ {
			sb.WriteString(arts[i%len(arts)].Body + "\n\n")
		}
		return strings.ToValidUTF8(sb.String()[:n], "")
	}
	ingestArticle := func(n int) (string, map[string]any) {
		return `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { status userErrors { field message } } }`,
			map[string]any{"in": map[string]any{"fields": map[string]any{"title": fmt.Sprintf("Bài dài %d", n), "body": body(n)}}}
	}
	type probe struct {
		name  string
		query string
		vars  map[string]any
	}
	ps := []probe{
		{"search: 'tỉnh ' x 500 (3 KB)", searchText, text(strings.Repeat("tỉnh ", 500))},
		{"search: 'tỉnh ủy bến tre ' x 50", searchText, text(strings.Repeat("tỉnh ủy bến tre ", 50))},
		{"search: 100,000 characters", searchText, text(strings.Repeat("nghị quyết ", 9091))},
		{"2,000 fields", aliases(2000, "__typename"), nil},
		{"8,000 fields (88 KB)", aliases(8000, "__typename"), nil},
		{"1,000 aliases of search", aliases(1000, `search(query: "tỉnh ủy") { totalCount }`), nil},
		{"100 aliases of network (depth 3, limit 500)", aliases(100, fmt.Sprintf(`network(ids: [%q], depth: 3, limit: 500) { nodes { id } }`, org)), nil},
		{"30 aliases of search (within the budget)", aliases(30, `search(query: "tỉnh ủy") { totalCount }`), nil},
	}
	for _, size := range []int{256 << 10, 512 << 10, 1 << 20, 1300 << 10} {
		q, v := ingestArticle(size)
		ps = append(ps, probe{fmt.Sprintf("ingestArticle, body of %d KiB", size>>10), q, v})
	}
	for _, p := range ps {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		outcome := send(srv.URL, p.query, p.vars)
		d := time.Since(start)
		runtime.ReadMemStats(&after)
		// Allocated while the probe ran, client and server: the heap cannot
		// have grown by more.
		alloc := float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
		fmt.Printf("probe %-48s %8.0f ms %8.1f MiB allocated  %s\n", p.name, float64(d.Microseconds())/1000, alloc, outcome)
	}
	return nil
}

// send posts a query and sums up the answer: the error codes, the
// userErrors' fields, or ok.
func send(url, query string, vars map[string]any) string {
	return sendWith(http.DefaultClient, url, query, vars)
}

// sendWith is send through the client hc.
func sendWith(hc *http.Client, url, query string, vars map[string]any) string {
	return sendTagged(hc, url, query, vars, "")
}

// answers are the buffers sendTagged reads answers into.
var answers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// sendTagged is sendWith with a diagnostic tag (diagHeader; "": none).
func sendTagged(hc *http.Client, url, query string, vars map[string]any, tag string) string {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if tag != "" {
		req.Header.Set(diagHeader, tag)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	// The answer is read whole and decoded only when it may hold errors:
	// checking that it is JSON scans it once, where decoding its data
	// scanned and copied it (the clients share the process's CPU with the
	// server, docs/reliability.md).
	buf := answers.Get().(*bytes.Buffer)
	defer answers.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return fmt.Sprintf("HTTP %d: %v", resp.StatusCode, err)
	}
	b := buf.Bytes()
	var out struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if bytes.Contains(b, []byte(`"errors"`)) || bytes.Contains(b, []byte(`"userErrors":[{`)) {
		if err := json.Unmarshal(b, &out); err != nil {
			return fmt.Sprintf("HTTP %d: %v", resp.StatusCode, err)
		}
	} else if !json.Valid(b) {
		return fmt.Sprintf("HTTP %d: not JSON: %.90q", resp.StatusCode, b)
	}
	if len(out.Errors) > 0 {
		e := out.Errors[0]
		msg := e.Message
		if len(msg) > 90 {
			msg = msg[:90] + "..."
		}
		return fmt.Sprintf("%v: %s", e.Extensions["code"], msg)
	}
	if bytes.Contains(out.Data, []byte(`"userErrors":[{`)) {
		var d struct {
			IngestArticle struct{ UserErrors []struct{ Message string } }
		}
		json.Unmarshal(out.Data, &d)
		return "userError: " + d.IngestArticle.UserErrors[0].Message
	}
	return "ok"
}
