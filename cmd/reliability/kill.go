package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"tracuu/models"
	"tracuu/search/relevance"
)

// killResult is what a kill -9 run found.
type killResult struct {
	kills             int
	urls, stored      int // urls that must be stored, and how many are
	missing, twice    int
	indexed, entities int64 // documents in the index after a restart, entities in the database
	writes, retries   int   // serve: answered writes, and requests that failed and were sent again
}

func (r killResult) ok() bool {
	return r.missing == 0 && r.twice == 0 && r.indexed == r.entities
}

// buildTracuu builds the tracuu binary of the folder root (the
// repository's root) into dir.
func buildTracuu(dir, root string) (string, error) {
	bin := filepath.Join(dir, "tracuu")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	return bin, nil
}

// importFile writes the first n lines of the corpus's JSON Lines file
// to dir and returns its path and the urls in it.
func importFile(corpus, dir string, n int) (string, []string, error) {
	matches, err := filepath.Glob(filepath.Join(corpus, "*.jsonl"))
	if err != nil || len(matches) == 0 {
		return "", nil, fmt.Errorf("no .jsonl file in %s", corpus)
	}
	in, err := os.Open(matches[0])
	if err != nil {
		return "", nil, err
	}
	defer in.Close()
	path := filepath.Join(dir, "import.jsonl")
	out, err := os.Create(path)
	if err != nil {
		return "", nil, err
	}
	defer out.Close()
	var urls []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4<<20), 4<<20)
	for len(urls) < n && sc.Scan() {
		var rec struct{ URL string }
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.URL == "" || seen[rec.URL] {
			continue
		}
		seen[rec.URL] = true
		urls = append(urls, rec.URL)
		out.Write(append(sc.Bytes(), '\n'))
	}
	return path, urls, sc.Err()
}

// tracuuEnv is the environment of a tracuu process over dataDir and the
// database at url (SQLite in dataDir when empty).
func tracuuEnv(url, dataDir, addr string) []string {
	env := append(os.Environ(), "DATA_DIR="+dataDir, "DATABASE_URL="+url, "LOAD_SAMPLE=false",
		"API_TOKENS="+token, "ADDR="+addr, "SERVER_ID=reliability")
	return env
}

// killImport runs `tracuu import FILE` over a fresh DATA_DIR and kills it
// with SIGKILL after a random part of maxDelay, until it has killed it n
// times (at most 3n runs), then imports to the end, and checks that every record is stored once and that the
// index, after a server start, holds what the database holds.
func killImport(bin, url, file string, urls []string, n int, maxDelay time.Duration, rng *rand.Rand) (killResult, error) {
	res := killResult{}
	dataDir, err := os.MkdirTemp("", "tracuu-kill-import-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dataDir)
	// Batches of 50 changes: the import indexes while it stores (its
	// default, 3,000, is more than these records make), so that the kills
	// land in that indexing too.
	env := append(tracuuEnv(url, dataDir, ""), "IMPORT_INDEX_BATCH=50")
	// An import that ends before its moment finds the records stored by
	// the next time, and is faster: later moments are drawn within its time.
	for attempt := 0; res.kills < n && attempt < 3*n; attempt++ {
		cmd := exec.Command(bin, "import", file)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, io.Discard, io.Discard
		started := time.Now()
		if err := cmd.Start(); err != nil {
			return res, err
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
			maxDelay = max(time.Since(started), time.Millisecond)
		case <-time.After(time.Duration(rng.Int64N(int64(maxDelay)))):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			res.kills++
		}
	}
	cmd := exec.Command(bin, "import", file)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return res, fmt.Errorf("import after the kills: %v: %s", err, out)
	}
	return res, check(&res, bin, url, dataDir, urls)
}

// killServe starts `tracuu serve` and has writers send new articles
// through ingestArticle, each again until it is answered, while the
// server is killed with SIGKILL n times at random moments (up to
// maxDelay apart) and started again; then it checks that every answered
// article is stored once and that the index holds what the database holds.
func killServe(bin, url string, arts []relevance.Article, writers, n int, maxDelay time.Duration, rng *rand.Rand) (killResult, error) {
	res := killResult{}
	dataDir, err := os.MkdirTemp("", "tracuu-kill-serve-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dataDir)
	addr, err := freeAddr()
	if err != nil {
		return res, err
	}
	env := tracuuEnv(url, dataDir, addr)
	start := func() (*exec.Cmd, error) {
		cmd := exec.Command(bin, "serve")
		cmd.Env, cmd.Stdout, cmd.Stderr = env, io.Discard, io.Discard
		return cmd, cmd.Start()
	}
	srv, err := start()
	if err != nil {
		return res, err
	}
	if err := waitReady(addr, 2*time.Minute); err != nil {
		srv.Process.Kill()
		return res, err
	}
	prefix := fmt.Sprintf("https://reliability.invalid/kill/%d/", time.Now().UnixNano())
	var (
		mu       sync.Mutex
		answered []string
		wg       sync.WaitGroup
	)
	stop := make(chan struct{})
	for c := range writers {
		wg.Go(func() {
			hc := &http.Client{Timeout: 30 * time.Second}
			for i := 0; ; i++ {
				a := arts[(c*7919+i)%len(arts)]
				a.URL = fmt.Sprintf("%s%d/%d", prefix, c, i)
				for sendArticle(hc, "http://"+addr+"/graphql", a) != "" {
					mu.Lock()
					res.retries++
					mu.Unlock()
					select {
					case <-stop:
						return // this one was never answered
					case <-time.After(100 * time.Millisecond):
					}
				}
				mu.Lock()
				answered = append(answered, a.URL)
				mu.Unlock()
				select {
				case <-stop:
					return
				default:
				}
			}
		})
	}
	for range n {
		time.Sleep(maxDelay/10 + time.Duration(rng.Int64N(int64(maxDelay))))
		srv.Process.Signal(syscall.SIGKILL)
		srv.Wait()
		res.kills++
		if srv, err = start(); err != nil {
			close(stop)
			wg.Wait()
			return res, err
		}
	}
	// Let the writers get answers from the last server before stopping.
	if err := waitReady(addr, 2*time.Minute); err != nil {
		srv.Process.Kill()
		return res, err
	}
	time.Sleep(maxDelay / 2)
	close(stop)
	wg.Wait()
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	res.writes = len(answered)
	return res, check(&res, bin, url, dataDir, answered)
}

// check counts the stored articles of urls, then starts a server over the
// data and compares the documents of its index, once it is ready and has
// caught up with the change log, with the entities of the database.
func check(res *killResult, bin, url, dataDir string, urls []string) error {
	counts, err := urlCountsOf(url, dataDir, urls)
	if err != nil {
		return err
	}
	res.urls = len(urls)
	for _, u := range urls {
		switch n := counts[u]; {
		case n == 0:
			res.missing++
		case n > 1:
			res.twice++
		}
		if counts[u] > 0 {
			res.stored++
		}
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "serve")
	var log strings.Builder
	cmd.Env, cmd.Stdout, cmd.Stderr = tracuuEnv(url, dataDir, addr), io.Discard, &log
	if err := cmd.Start(); err != nil {
		return err
	}
	indexed, err := caughtUp(addr, 2*time.Minute)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if err != nil {
		out := log.String()
		return fmt.Errorf("%w; the server's log ends: %s", err, out[max(0, len(out)-2000):])
	}
	res.indexed = indexed
	ctx := context.Background()
	s, err := models.Open(ctx, url, dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	res.entities, err = s.EntityCount(ctx)
	return err
}

// urlCountsOf counts the stored articles of each of urls.
func urlCountsOf(url, dir string, urls []string) (map[string]int, error) {
	out := map[string]int{}
	for len(urls) > 0 {
		batch := urls[:min(500, len(urls))]
		urls = urls[len(batch):]
		counts, err := urlCountsIn(url, dir, batch)
		if err != nil {
			return nil, err
		}
		for u, n := range counts {
			out[u] = n
		}
	}
	return out, nil
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// readyz fetches /readyz: its status code and body.
func readyz(addr string) (int, map[string]any) {
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// waitReady waits until /readyz answers 200.
func waitReady(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if code, _ := readyz(addr); code == http.StatusOK {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s/readyz not ready after %s", addr, limit)
}

// caughtUp waits until /readyz answers 200 with the index at the head of
// the change log, and returns the documents the index holds.
func caughtUp(addr string, limit time.Duration) (int64, error) {
	deadline := time.Now().Add(limit)
	var (
		code int
		body map[string]any
	)
	for time.Now().Before(deadline) {
		code, body = readyz(addr)
		if lag, ok := body["indexLag"].(map[string]any); code == http.StatusOK && ok && lag["jobs"] == 0.0 {
			if n, ok := body["indexedDocuments"].(float64); ok {
				return int64(n), nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return 0, fmt.Errorf("%s/readyz: the index did not catch up within %s: last answer %d %v", addr, limit, code, body)
}

func (r killResult) String() string {
	verdict := "ok"
	if !r.ok() {
		verdict = "FAILED"
	}
	return fmt.Sprintf("%d kills; %d of %d articles stored, %d missing, %d twice; index %d documents, database %d entities: %s",
		r.kills, r.stored, r.urls, r.missing, r.twice, r.indexed, r.entities, verdict)
}

// killSetup is what the kill runs share: the binary, the file to import,
// its urls, and how long one import of it takes from scratch on SQLite.
type killSetup struct {
	dir, bin, file string
	urls           []string
	importTime     time.Duration
}

// newKillSetup builds tracuu from the folder root into a temporary folder,
// writes the first n records of the corpus beside it and times their import.
func newKillSetup(corpus, root string, n int) (*killSetup, error) {
	dir, err := os.MkdirTemp("", "tracuu-kill-")
	if err != nil {
		return nil, err
	}
	k := &killSetup{dir: dir}
	if k.bin, err = buildTracuu(dir, root); err != nil {
		return k, err
	}
	if k.file, k.urls, err = importFile(corpus, dir, n); err != nil {
		return k, err
	}
	dataDir := filepath.Join(dir, "timed")
	cmd := exec.Command(k.bin, "import", k.file)
	cmd.Env = tracuuEnv("", dataDir, "")
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return k, fmt.Errorf("import: %v: %s", err, out)
	}
	k.importTime = time.Since(start)
	return k, os.RemoveAll(dataDir)
}
