// Command clusterbench measures how soon a change is searchable on every
// server of a cluster. It starts servers of the tracuu binary on one
// database, each with its own index, sends a stream of ingestArticle to
// them in turn (any server takes writes), and searches every server for
// each article, by a word only that article has, until it finds it. The
// latency of an article on a server runs from the moment its mutation
// answered (the change is committed) to the first search of that server
// that finds it.
//
//	go build -o /tmp/tracuu . && go run ./cmd/clusterbench -bin /tmp/tracuu \
//	  -database-url postgres://postgres@127.0.0.1:5432/clusterbench?sslmode=disable \
//	  -servers 3 -preload 2653 -articles 600 -rate 10
//
// With -import N, N articles are imported meanwhile (the preload took the
// first ones of the corpus; these follow, or are the corpus's again with new
// URLs when it is exhausted).
//
// The database should be empty (a fresh one); the servers' folders under
// -dir are wiped first.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(0)
	bin := flag.String("bin", "/tmp/tracuu", "the tracuu binary (go build -o /tmp/tracuu .)")
	dbURL := flag.String("database-url", "", "PostgreSQL database shared by the servers (empty: SQLite, one server)")
	dir := flag.String("dir", "/work/bench/clusterbench", "folder for the servers' DATA_DIRs (wiped)")
	n := flag.Int("servers", 3, "servers to start")
	articles := flag.Int("articles", 600, "articles to send")
	rate := flag.Float64("rate", 10, "articles per second")
	writers := flag.Int("writers", 2, "mutations in flight at most")
	corpus := flag.String("corpus", "../shared/corpus/dantri-2019-2021.jsonl", "JSON Lines articles to send")
	preload := flag.Int("preload", 0, "articles of the corpus to import before the servers start")
	poll := flag.Duration("poll", 10*time.Millisecond, "pause between a server's searches")
	imports := flag.Int("import", 0, "articles of the corpus (after the preloaded ones) to import with `tracuu import` while the stream runs")
	flag.Parse()
	if *dbURL == "" && *n > 1 {
		log.Fatal("clusterbench: several servers need a PostgreSQL -database-url")
	}
	arts, err := readCorpus(*corpus)
	if err != nil {
		log.Fatalf("clusterbench: %v", err)
	}
	if err := os.RemoveAll(*dir); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("load average at start: %s\n", loadavg())
	if *preload > 0 {
		start := time.Now()
		if err := importArticles(*bin, *dbURL, filepath.Join(*dir, "preload"), arts[:min(*preload, len(arts))]); err != nil {
			log.Fatalf("clusterbench: preload: %v", err)
		}
		fmt.Printf("preloaded %d articles in %.1fs\n", min(*preload, len(arts)), time.Since(start).Seconds())
	}
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for i := range *n {
		s, err := startServer(*bin, *dbURL, filepath.Join(*dir, fmt.Sprint("server", i)), fmt.Sprint("bench", i))
		if err != nil {
			log.Fatalf("clusterbench: %v", err)
		}
		servers = append(servers, s)
	}
	start := time.Now()
	for _, s := range servers {
		if err := s.waitReady(5 * time.Minute); err != nil {
			log.Fatalf("clusterbench: %v", err)
		}
	}
	fmt.Printf("%d server(s) ready in %.1fs\n", len(servers), time.Since(start).Seconds())

	b := &bench{servers: servers, sent: map[string]time.Time{}}
	for _, s := range servers {
		s.pending = map[string]time.Time{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func() { defer wg.Done(); b.watch(ctx, s, *poll) }()
	}
	if *imports > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := make([]map[string]any, *imports)
			for i := range batch {
				batch[i] = arts[(*preload+i)%len(arts)]
			}
			start := time.Now()
			err := importArticles(*bin, *dbURL, filepath.Join(*dir, "import-during"), batch)
			fmt.Printf("import during the stream: %d articles in %.1fs (error: %v)\n", len(batch), time.Since(start).Seconds(), err)
		}()
	}
	prefix := nonceBase()
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	slots := make(chan struct{}, *writers)
	var sends sync.WaitGroup
	offset := *preload
	for k := range *articles {
		<-tick.C
		slots <- struct{}{}
		sends.Add(1)
		go func() {
			defer func() { <-slots; sends.Done() }()
			a := clone(arts[(offset+k)%len(arts)])
			word := prefix + letters(k)
			a["title"] = fmt.Sprint(a["title"], " ", word)
			a["url"] = fmt.Sprintf("https://example.invalid/clusterbench/%s", word)
			if err := b.send(servers[k%len(servers)], word, a); err != nil {
				log.Printf("ingest %d: %v", k, err)
			}
		}()
	}
	tick.Stop()
	sends.Wait()
	sentAll := time.Now()
	for time.Since(sentAll) < time.Minute && b.waiting() > 0 {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	b.report(*rate)
	fmt.Printf("load average at end: %s\n", loadavg())
}

// bench is one run: what was sent, and each server's findings.
type bench struct {
	servers []*server
	mu      sync.Mutex
	sent    map[string]time.Time
	ingest  []time.Duration
	failed  int
}

func (b *bench) send(via *server, word string, a map[string]any) error {
	start := time.Now()
	v, err := via.gql(`mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { article { id } userErrors { message } } }`,
		map[string]any{"in": map[string]any{"fields": a}})
	done := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil {
		if p, _ := v["data"].(map[string]any)["ingestArticle"].(map[string]any); p == nil || p["article"] == nil {
			err = fmt.Errorf("no article: %v", v)
		}
	}
	if err != nil {
		b.failed++
		return err
	}
	b.ingest = append(b.ingest, done.Sub(start))
	b.sent[word] = done
	for _, s := range b.servers {
		s.mu.Lock()
		s.pending[word] = done
		s.mu.Unlock()
	}
	return nil
}

func (b *bench) waiting() int {
	n := 0
	for _, s := range b.servers {
		s.mu.Lock()
		n += len(s.pending)
		s.mu.Unlock()
	}
	return n
}

// watch searches the server for the pending words, 25 in one request
// (aliases), and records when each is found.
func (b *bench) watch(ctx context.Context, s *server, poll time.Duration) {
	for ctx.Err() == nil {
		s.mu.Lock()
		var words []string
		for w := range s.pending {
			words = append(words, w)
			if len(words) == 25 {
				break
			}
		}
		s.mu.Unlock()
		if len(words) == 0 {
			time.Sleep(poll)
			continue
		}
		var q strings.Builder
		q.WriteString("{")
		for i, w := range words {
			fmt.Fprintf(&q, " q%d: search(query: %q, first: 1) { totalCount }", i, w)
		}
		q.WriteString(" }")
		v, err := s.gql(q.String(), nil)
		now := time.Now()
		if err != nil {
			s.errors++
			time.Sleep(poll)
			continue
		}
		data, _ := v["data"].(map[string]any)
		s.mu.Lock()
		for i, w := range words {
			if r, _ := data[fmt.Sprint("q", i)].(map[string]any); r != nil && r["totalCount"].(float64) > 0 {
				s.latency = append(s.latency, now.Sub(s.pending[w]))
				delete(s.pending, w)
			}
		}
		s.mu.Unlock()
		time.Sleep(poll)
	}
}

func (b *bench) report(rate float64) {
	fmt.Printf("\n%d articles sent at %.0f/s through the %d server(s) in turn (%d failed); ingestArticle p50 %s, p99 %s\n",
		len(b.sent), rate, len(b.servers), b.failed, pct(b.ingest, 50), pct(b.ingest, 99))
	fmt.Println("\nchange-to-searchable latency, from the mutation's answer to the first search that finds the article:")
	fmt.Println("\n| server | found | p50 | p90 | p99 | max | search errors |\n| --- | --- | --- | --- | --- | --- | --- |")
	var all []time.Duration
	var missing []string
	for _, s := range b.servers {
		fmt.Printf("| %s | %d/%d | %s | %s | %s | %s | %d |\n", s.id, len(s.latency), len(b.sent), pct(s.latency, 50), pct(s.latency, 90), pct(s.latency, 99), pct(s.latency, 100), s.errors)
		all = append(all, s.latency...)
		for w := range s.pending {
			missing = append(missing, s.id+": "+w)
		}
	}
	fmt.Printf("| all | %d/%d | %s | %s | %s | %s | |\n", len(all), len(b.sent)*len(b.servers), pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100))
	if len(missing) > 0 {
		slices.Sort(missing)
		fmt.Printf("\nnot found a minute after the last mutation: %s\n", strings.Join(missing, ", "))
	}
}

func pct(ds []time.Duration, p float64) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	i = max(0, min(i, len(s)-1))
	return fmt.Sprintf("%.0f ms", float64(s[i])/float64(time.Millisecond))
}

// server is a tracuu serve process.
type server struct {
	id   string
	cmd  *exec.Cmd
	base string
	log  *os.File

	mu      sync.Mutex
	pending map[string]time.Time // word -> when its mutation answered
	latency []time.Duration
	errors  int
}

func startServer(bin, dbURL, dir, id string) (*server, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	logf, err := os.Create(dir + ".log")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "DATA_DIR="+dir, "ADDR=127.0.0.1:0", "API_TOKENS=clusterbench", "SERVER_ID="+id)
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{id: id, cmd: cmd, log: logf}
	addr := regexp.MustCompile(`GraphiQL at (http://\S+)/`)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := addr.FindStringSubmatch(sc.Text()); m != nil {
			s.base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, out)
	if s.base == "" {
		cmd.Wait()
		return nil, fmt.Errorf("server %s did not start (see %s)", id, logf.Name())
	}
	return s, nil
}

func (s *server) waitReady(limit time.Duration) error {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
	}
	return fmt.Errorf("server %s not ready after %s", s.id, limit)
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	s.cmd.Wait()
	s.log.Close()
}

var client = &http.Client{Timeout: 30 * time.Second}

func (s *server) gql(query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", s.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer clusterbench")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, err
	}
	if errs, ok := v["errors"]; ok {
		return v, fmt.Errorf("%v", errs)
	}
	return v, nil
}

// readCorpus reads the articles to send, as JSON objects with the fields
// of the import format.
func readCorpus(path string) ([]map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var arts []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	keep := []string{"title", "lead", "body", "publishedAt", "source", "section", "authors"}
	for sc.Scan() {
		var a map[string]any
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, err
		}
		m := map[string]any{}
		for _, k := range keep {
			if v, ok := a[k]; ok && v != nil {
				m[k] = v
			}
		}
		arts = append(arts, m)
	}
	return arts, sc.Err()
}

func importArticles(bin, dbURL, dir string, arts []map[string]any) error {
	path := filepath.Join(dir, "articles.jsonl")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	for i, a := range arts {
		a = clone(a)
		a["url"] = fmt.Sprintf("https://example.invalid/clusterbench/%s/%d", filepath.Base(dir), i)
		b, _ := json.Marshal(a)
		buf.Write(append(b, '\n'))
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(bin, "import", path)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "DATA_DIR="+filepath.Join(dir, "import"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

func clone(a map[string]any) map[string]any {
	m := make(map[string]any, len(a)+1)
	for k, v := range a {
		m[k] = v
	}
	return m
}

// nonceBase starts the words of this run, so that a second run on the same
// database does not find the first one's articles.
func nonceBase() string { return "zq" + letters(rand.IntN(26*26*26)) }

// letters writes k in base 26 with the letters a to z.
func letters(k int) string {
	var b []byte
	for {
		b = append(b, byte('a'+k%26))
		k /= 26
		if k == 0 {
			break
		}
	}
	return string(b)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}
