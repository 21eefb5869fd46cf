package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestMain lets the test binary stand in for the tracuu binary: the
// cluster tests start it as separate processes (TRACUU_TEST_MAIN=1), so
// that a server can be killed with SIGKILL.
func TestMain(m *testing.M) {
	if os.Getenv("TRACUU_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// proc is a tracuu process started by a test.
type proc struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	base string // http://host:port of a server
	mu   sync.Mutex
	log  bytes.Buffer // stdout (but a server's) and stderr
	done chan struct{}
}

// output returns what the process has printed so far.
func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// startProc runs tracuu with args and env; for serve it waits for the
// address the server prints. The process is stopped when the test ends.
func startProc(t *testing.T, name string, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "TRACUU_TEST_MAIN=1"), env...)
	p := &proc{t: t, name: name, cmd: cmd, done: make(chan struct{})}
	cmd.Stderr = lockedWriter{&p.mu, &p.log}
	var out io.Reader
	if args[0] == "serve" {
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		out = pipe
	} else {
		cmd.Stdout = lockedWriter{&p.mu, &p.log}
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("%s log (last 3000 bytes):\n%s", name, tail(p.output(), 3000))
		}
	})
	if args[0] != "serve" {
		return p
	}
	addr := regexp.MustCompile(`GraphiQL at (http://\S+)/`)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := addr.FindStringSubmatch(sc.Text()); m != nil {
			p.base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, out)
	if p.base == "" {
		<-p.done
		t.Fatalf("%s did not start: %s", name, p.output())
	}
	return p
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// kill stops the process with SIGKILL: no shutdown, as in a crash.
func (p *proc) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

// stop stops the process with SIGTERM, and SIGKILL after 20 seconds.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		p.kill()
	}
}

// exitCode waits for the process and returns its exit status.
func (p *proc) exitCode() int {
	<-p.done
	return p.cmd.ProcessState.ExitCode()
}

// gql posts a GraphQL request to the server and decodes the response.
func (p *proc) gql(token, query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", p.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, fmt.Errorf("%s: %d, %w", p.name, resp.StatusCode, err)
	}
	if errs, ok := v["errors"]; ok {
		return v, fmt.Errorf("%s: %v", p.name, errs)
	}
	return v, nil
}

// readyz returns the server's /readyz status and body.
func (p *proc) readyz() (int, map[string]any, error) {
	resp, err := http.Get(p.base + "/readyz")
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var v map[string]any
	err = json.NewDecoder(resp.Body).Decode(&v)
	return resp.StatusCode, v, err
}

// waitCaughtUp waits until the server is ready with its index at the head
// of the change log.
func (p *proc) waitCaughtUp(s *models.Store) {
	p.t.Helper()
	var last map[string]any
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ls, err := s.LogState(context.Background())
		if err != nil {
			p.t.Fatal(err)
		}
		code, body, err := p.readyz()
		if err != nil {
			continue
		}
		last = body
		index, _ := body["index"].(map[string]any)
		if pos, _ := index["position"].(float64); code == 200 && int64(pos) >= ls.Head {
			return
		}
	}
	p.t.Fatalf("%s did not catch up: %v", p.name, last)
}

// searchPage is the total and the ids of the first page of a search.
type searchPage struct {
	Total int
	IDs   []string
}

const searchQuery = `query($q: String!, $after: String) { search(query: $q, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { ... on Article { id } ... on Organisation { id } ... on Person { id } ... on Resolution { id } ... on Report { id } } } } }`

// search returns the first page of q, or every page with all.
func (p *proc) search(q string, all bool) (searchPage, error) {
	var page searchPage
	var after any
	for {
		v, err := p.gql("", searchQuery, map[string]any{"q": q, "after": after})
		if err != nil {
			return page, err
		}
		conn := v["data"].(map[string]any)["search"].(map[string]any)
		page.Total = int(conn["totalCount"].(float64))
		for _, e := range conn["edges"].([]any) {
			node := e.(map[string]any)["node"].(map[string]any)
			page.IDs = append(page.IDs, fmt.Sprint(node["id"]))
		}
		info := conn["pageInfo"].(map[string]any)
		if !all || info["hasNextPage"] != true {
			return page, nil
		}
		after = info["endCursor"]
	}
}

// clusterArticle is article k of the test stream: text from the search
// fixtures, mixed so that each query finds a different set, and a phrase
// every article of the stream shares.
func clusterArticle(t *testing.T, k int) map[string]any {
	t.Helper()
	type fixture struct{ Title, Body string }
	var fx []fixture
	f, err := os.Open("search/testdata/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var a fixture
		if json.Unmarshal(sc.Bytes(), &a) == nil && a.Body != "" {
			fx = append(fx, a)
		}
	}
	a, b := fx[k%len(fx)], fx[(k*7+3)%len(fx)]
	return map[string]any{
		"title":       fmt.Sprintf("%s (bản tin cụm máy chủ %d)", a.Title, k),
		"body":        a.Body + " " + b.Body + " Bản tin thuộc luồng kiểm thử cụm máy chủ.",
		"source":      []string{"Báo Đồng Khởi", "Dân trí", "Nhân Dân"}[k%3],
		"publishedAt": fmt.Sprintf("20%02d-%02d-%02d", 10+k%15, 1+k%12, 1+k%28),
		"url":         fmt.Sprintf("https://example.vn/cum-may-chu/%d", k),
	}
}

// clusterQueries are searched on every server at the end.
var clusterQueries = []string{
	"mùa mưa", "du khach", "làng nghề", "đảng viên", "bồi dưỡng lý luận chính trị", "ủy ban nhân dân",
	"chỉ thị", "sức khỏe người cao tuổi", "05-CT/TU", "hội thi", "tổ chức đảng cơ sở", "nghị quyết",
	"Bến Tre", "tinh uy", "mặt trận tổ quốc", "hoi thao", "cụm máy chủ", "múa rối", "miền Trung", "đoàn thanh niên",
}

const ingestMutation = `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { article { id } userErrors { field message } } }`

// TestCluster runs three servers on one PostgreSQL database, each with its
// own index: a stream of ingestArticle goes through the first while an
// import runs, the second is killed with SIGKILL mid-stream and started
// again; at the end the three answer 20 queries with the same totals and
// the same first page, and no article of the stream is missing on any.
func TestCluster(t *testing.T) {
	url := modelstest.FreshPostgres(t)
	ctx := context.Background()
	s, err := models.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	root := t.TempDir()
	const token = "cluster-test-token"
	serverEnv := func(i int) []string {
		return []string{"DATABASE_URL=" + url, "DATA_DIR=" + filepath.Join(root, fmt.Sprint("server", i)), "ADDR=127.0.0.1:0",
			"API_TOKENS=" + token, "SERVER_ID=" + fmt.Sprint("server", i), "LOAD_SAMPLE=true"}
	}
	var servers [3]*proc
	for i := range servers {
		servers[i] = startProc(t, fmt.Sprint("server", i), serverEnv(i), "serve")
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	// The import, of articles of the stream's kind, goes on meanwhile.
	var jsonl bytes.Buffer
	const imported = 40
	for k := 1000; k < 1000+imported; k++ {
		b, _ := json.Marshal(clusterArticle(t, k))
		jsonl.Write(append(b, '\n'))
	}
	importFile := filepath.Join(root, "import.jsonl")
	if err := os.WriteFile(importFile, jsonl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// The stream: four clients at once, so that transactions commit out
	// of the order of their ids in the change log.
	const n, clients = 160, 4
	want := map[string]bool{}
	var mu sync.Mutex
	var imp *proc
	for k := 0; k < n; k += clients {
		switch k {
		case n / 5:
			imp = startProc(t, "import", []string{"DATABASE_URL=" + url, "DATA_DIR=" + filepath.Join(root, "import")}, "import", importFile)
		case n / 3:
			servers[1].kill()
		case 2 * n / 3:
			servers[1] = startProc(t, "server1 again", serverEnv(1), "serve")
		}
		var wg sync.WaitGroup
		for i := k; i < min(k+clients, n); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := servers[0].gql(token, ingestMutation, map[string]any{"in": map[string]any{"fields": clusterArticle(t, i)}})
				if err != nil {
					t.Errorf("ingest %d: %v", i, err)
					return
				}
				p := v["data"].(map[string]any)["ingestArticle"].(map[string]any)
				if ue := p["userErrors"].([]any); len(ue) > 0 {
					t.Errorf("ingest %d: %v", i, ue)
					return
				}
				mu.Lock()
				want[p["article"].(map[string]any)["id"].(string)] = true
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	if t.Failed() {
		return
	}
	if rc := imp.exitCode(); rc != 0 {
		t.Fatalf("import exit %d: %s", rc, imp.output())
	}
	for _, p := range servers {
		p.waitCaughtUp(s)
	}

	t.Run("NothingMissing", func(t *testing.T) {
		for _, p := range servers {
			got, err := p.search(`"luồng kiểm thử cụm máy chủ"`, true)
			if err != nil {
				t.Fatal(err)
			}
			var missing []string
			for id := range want {
				if !slices.Contains(got.IDs, id) {
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 || got.Total != n+imported {
				t.Errorf("%s: %d found, want %d; missing from the stream: %v", p.name, got.Total, n+imported, missing)
			}
		}
	})
	t.Run("SameAnswers", func(t *testing.T) {
		for _, q := range clusterQueries {
			var pages []searchPage
			for _, p := range servers {
				page, err := p.search(q, false)
				if err != nil {
					t.Fatal(err)
				}
				pages = append(pages, page)
			}
			if pages[0].Total == 0 {
				t.Errorf("%q finds nothing", q)
			}
			for i := 1; i < len(pages); i++ {
				if pages[i].Total != pages[0].Total || !slices.Equal(pages[i].IDs, pages[0].IDs) {
					t.Errorf("%q: server%d answers %d %v, server0 %d %v", q, i, pages[i].Total, pages[i].IDs, pages[0].Total, pages[0].IDs)
				}
			}
		}
	})
	t.Run("RegistryShowsEveryServer", func(t *testing.T) {
		rows, err := s.IndexServers(ctx)
		if err != nil || len(rows) != 3 {
			t.Fatalf("registry: %+v, %v", rows, err)
		}
		ls, _ := s.LogState(ctx)
		for _, r := range rows {
			if r.State != models.ServerReady || r.Position > ls.Head {
				t.Errorf("%s: %s at %d, head %d", r.ID, r.State, r.Position, ls.Head)
			}
		}
	})
}
