package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/search"
)

// dialectEnv returns the environment of tracuu processes on a fresh
// database of the dialect, with dir as DATA_DIR, and a store on it.
func dialectEnv(t *testing.T, dialect, dir string) ([]string, *models.Store) {
	t.Helper()
	url := ""
	if dialect == "postgres" {
		url = modelstest.FreshPostgres(t)
	}
	s, err := models.Open(context.Background(), url, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return []string{"DATABASE_URL=" + url, "DATA_DIR=" + dir, "ADDR=127.0.0.1:0", "API_TOKENS=reindex-test", "LOAD_SAMPLE=false", "SERVER_ID="}, s
}

// importArticles imports n articles of the cluster stream through the CLI.
func importArticles(t *testing.T, env []string, n int) {
	t.Helper()
	var jsonl bytes.Buffer
	for k := range n {
		b, _ := json.Marshal(clusterArticle(t, k))
		jsonl.Write(append(b, '\n'))
	}
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	if err := os.WriteFile(file, jsonl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startProc(t, "import", env, "import", file)
	if rc := p.exitCode(); rc != 0 || !strings.Contains(p.output(), fmt.Sprintf("inserted %d,", n)) {
		t.Fatalf("import exit %d: %s", rc, p.output())
	}
}

// TestReindexWhileServing: `reindex` run beside a serving server asks it,
// through the database, to rebuild beside its live index; searches sent
// all along get answers, whole, and reindex returns once the server has
// swapped its new index in.
func TestReindexWhileServing(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env, s := dialectEnv(t, dialect, t.TempDir())
			const n = 300
			importArticles(t, env, n)
			srv := startProc(t, "server", env, "serve")
			srv.waitCaughtUp(s)

			var searches, failures atomic.Int64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						page, err := srv.search("cụm máy chủ", false)
						searches.Add(1)
						if err != nil || page.Total != n {
							failures.Add(1)
							t.Errorf("search during reindex: %d found, %v", page.Total, err)
						}
					}
				}()
			}
			cli := startProc(t, "reindex", env, "reindex")
			rc := cli.exitCode()
			close(stop)
			wg.Wait()
			out := cli.output()
			if rc != 0 || !strings.Contains(out, "rebuilt and swapped in") || !strings.Contains(out, "asked 1 running server") {
				t.Fatalf("reindex exit %d:\n%s", rc, out)
			}
			if failures.Load() > 0 {
				t.Fatalf("%d of %d searches failed during reindex", failures.Load(), searches.Load())
			}
			t.Logf("%d searches during reindex, none failed", searches.Load())
		})
	}
}

// runFor runs the command in this process, failing the test if it has not
// returned within a minute: reindex must never hang.
func runFor(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, &out, &errb) }()
	select {
	case rc := <-done:
		return rc, out.String(), errb.String()
	case <-time.After(time.Minute):
		t.Fatalf("%v hangs", args)
		return 0, "", ""
	}
}

// TestReindexFailureModes: reindex fails at once, saying why, when it
// cannot go on, gives up on a server that stops reporting, and stops at a
// signal; it never hangs.
func TestReindexFailureModes(t *testing.T) {
	ctx := context.Background()
	t.Run("IndexHeldByAnotherProcess", func(t *testing.T) {
		dir := t.TempDir()
		env, _ := dialectEnv(t, "sqlite", dir)
		setEnv(t, env)
		ix, err := search.Open(filepath.Join(dir, "index")) // as an import indexing would
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		rc, _, errs := runFor(t, ctx, "reindex")
		if rc != 1 || !strings.Contains(errs, "open in another process that is not a running server") {
			t.Fatalf("exit %d: %s", rc, errs)
		}
	})
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect+"/ServerStopsReporting", func(t *testing.T) {
			env, s := dialectEnv(t, dialect, t.TempDir())
			setEnv(t, env)
			silent(t, s)
			rc, out, errs := runFor(t, ctx, "reindex")
			if rc != 1 || !strings.Contains(out, "ghost: stopped reporting") || !strings.Contains(errs, "1 of 1 server(s) did not finish: ghost") {
				t.Fatalf("exit %d:\n%s%s", rc, out, errs)
			}
		})
	}
	t.Run("SIGTERM", func(t *testing.T) {
		env, s := dialectEnv(t, "sqlite", t.TempDir())
		silent(t, s)
		cli := startProc(t, "reindex", env, "reindex")
		for deadline := time.Now().Add(time.Minute); !strings.Contains(cli.output(), "asked 1 running server"); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("reindex did not ask the server: %s", cli.output())
			}
		}
		cli.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-cli.done:
		case <-time.After(5 * time.Second):
			t.Fatalf("reindex still runs after SIGTERM: %s", cli.output())
		}
		if rc := cli.exitCode(); rc != 1 || !strings.Contains(cli.output(), "interrupted: the servers go on rebuilding") {
			t.Fatalf("exit %d: %s", rc, cli.output())
		}
	})
}

// silent registers a server that looks alive and will never report again.
func silent(t *testing.T, s *models.Store) {
	t.Helper()
	if _, err := s.RegisterServer(context.Background(), &models.IndexServer{ID: "ghost", Instance: "x", Home: "elsewhere", Addr: "10.0.0.9:8080", State: models.ServerReady}, indexer.LiveWindow); err != nil {
		t.Fatal(err)
	}
}

// setEnv sets KEY=VALUE pairs for the rest of the test.
func setEnv(t *testing.T, env []string) {
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// TestImportWhileServing: on the embedded default, `import` into the DATA_DIR
// of a running server stores the articles, leaves the index to the server
// (which holds it), and the server finds them from the change log.
func TestImportWhileServing(t *testing.T) {
	env, s := dialectEnv(t, "sqlite", t.TempDir())
	srv := startProc(t, "server", env, "serve")
	srv.waitCaughtUp(s)
	importArticles(t, env, 30)
	srv.waitCaughtUp(s)
	page, err := srv.search("cụm máy chủ", false)
	if err != nil || page.Total != 30 {
		t.Fatalf("after the import: %d found, %v", page.Total, err)
	}
}
