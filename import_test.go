package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"tracuu/importer"
	"tracuu/search"
)

// TestImportProgress: import reports how far each phase is on stderr: the
// import's phases (read, extracted, stored) with the indexing that runs
// beside them, and the indexing of the rest that follows, from its start
// to its end; after the store phase, where each phase spent its time.
func TestImportProgress(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DATA_DIR", dir)
	t.Setenv("LOAD_SAMPLE", "false")
	jsonl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jsonl, []byte(`{"title": "Tỉnh ủy Bến Tre triển khai Chỉ thị 05-CT/TW", "body": "Ban Thường vụ Tỉnh ủy Bến Tre triển khai Chỉ thị số 05-CT/TW của Bộ Chính trị.", "publishedAt": "2020-06-29"}
{"title": "Hội nghị tổng kết năm", "body": "Ông Nguyễn Văn A, Bí thư Huyện ủy Châu Thành, phát biểu tại hội nghị.", "publishedAt": "2021-01-05"}
`), 0o644)
	var out, errb bytes.Buffer
	if rc := run(context.Background(), []string{"import", jsonl}, &out, &errb); rc != 0 {
		t.Fatalf("import: exit %d: %s %s", rc, out.String(), errb.String())
	}
	for _, want := range []string{
		`(?m)^import: read 2 of 2 \(\d+/s\); extracted 2 of 2 \(\d+/s\); stored 2 of 2 \(\d+/s\): 2 inserted, 0 updated, 0 unchanged, 0 failed; indexed through change \d+$`,
		`(?m)^index: bringing the index in .* up to the change log$`,
		`(?m)^index: done: (\d+) of (\d+) changes applied \(\d+/s, [0-9.]+m?s\)$`,
		// Where the store phase's time went, and the follower's beside it.
		`(?m)^import: store phase [0-9.]+s: the writer [0-9.]+s in its transactions, [0-9.]+s waiting for records; extraction [0-9.]+s on \d+ workers; reading [0-9.]+s waiting for the writer$`,
		`(?m)^index: beside the store phase: [0-9.]+s reading documents, [0-9.]+s applying them, [0-9.]+s waiting for a batch of changes; articles [0-9]+ from the import's memory, [0-9]+ read back$`,
	} {
		if !regexp.MustCompile(want).MatchString(errb.String()) {
			t.Errorf("stderr lacks %s:\n%s", want, errb.String())
		}
	}
	m := regexp.MustCompile(`index: done: .*?(\d+) of (\d+)`).FindStringSubmatch(errb.String())
	if m != nil && m[1] != m[2] {
		t.Errorf("indexing ended short of the log: %s of %s", m[1], m[2])
	}
}

// cancelAt is a writer that cancels when what was written contains word.
type cancelAt struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	word   string
	cancel func()
}

func (c *cancelAt) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.buf.Write(p)
	if strings.Contains(c.buf.String(), c.word) {
		c.cancel()
	}
	return n, err
}

// TestImportInterruptedWhileIndexing: an import stopped (SIGTERM) after
// storing its records, while indexing them, exits non-zero and says so.
func TestImportInterruptedWhileIndexing(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DATA_DIR", dir)
	jsonl := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(jsonl, []byte(`{"title": "Tỉnh ủy Bến Tre họp", "body": "Ban Thường vụ Tỉnh ủy Bến Tre họp."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The counts are printed once the records are stored, before indexing.
	stdout := &cancelAt{word: "inserted 1", cancel: cancel}
	var stderr bytes.Buffer
	if rc := run(ctx, []string{"import", jsonl}, stdout, &stderr); rc == 0 {
		t.Errorf("import interrupted while indexing exited 0: %q %q", stdout.buf.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q does not say the import was interrupted", stderr.String())
	}
}

// TestImportIndexesWhileStoring: the import's follower applies the change
// log to the index while the articles are being stored, a batch at a time,
// without waiting for the store phase to end (before, the index was built
// by a second pass over the database afterwards); once stopped, the rest
// of the log is applied and the index holds every entity of the database.
func TestImportIndexesWhileStoring(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			_, s := dialectEnv(t, dialect, dir)
			ix, err := search.Open(filepath.Join(dir, "index"))
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			const batch = 5
			f := follow(ctx, s, ix, batch)
			var jsonl bytes.Buffer
			for k := range 30 {
				b, _ := json.Marshal(clusterArticle(t, k))
				jsonl.Write(append(b, '\n'))
			}
			file := filepath.Join(t.TempDir(), "articles.jsonl")
			if err := os.WriteFile(file, jsonl.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			stats, _, err := importer.Import(ctx, s, []string{file}, importer.Options{Batch: 3})
			if err != nil || stats.Inserted != 30 {
				t.Fatalf("import: %+v, %v", stats, err)
			}
			ls, err := s.LogState(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// The follower takes whole batches: all but fewer than batch
			// changes are indexed without stopping it (a wait, not a
			// timing: a minute is far more than it needs).
			for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
				if pos, ok := ix.Position(); ok && pos > ls.Head-batch {
					break
				}
				if time.Now().After(deadline) {
					pos, _ := ix.Position()
					t.Fatalf("the follower indexed through change %d of %d while running", pos, ls.Head)
				}
			}
			if err := f.stop(); err != nil {
				t.Fatal(err)
			}
			if err := indexRest(ctx, s, ix, f, dir, io.Discard, false); err != nil {
				t.Fatal(err)
			}
			if pos, _ := ix.Position(); pos != ls.Head {
				t.Errorf("index at change %d, log head %d", pos, ls.Head)
			}
			n, err := ix.DocCount()
			want, err2 := s.EntityCount(ctx)
			if err != nil || err2 != nil || int64(n) != want {
				t.Errorf("index holds %d documents, the database %d entities (%v, %v)", n, want, err, err2)
			}
			res, err := ix.Search(ctx, search.Request{Query: "cụm máy chủ", SkipFacets: true})
			if err != nil || res.Total != 30 {
				t.Errorf("search of the imported articles: %v, %v", res, err)
			}
		})
	}
}

// While the import stores, the follower writes whole batches only: what
// is left after the last whole batch waits for the next round or for
// indexRest, so that every segment written while storing holds a batch
// (CatchUp's last batch of every round held the rest, a small segment).
func TestFollowerTakesWholeBatches(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	_, s := dialectEnv(t, "sqlite", dir)
	var jsonl bytes.Buffer
	for k := range 23 {
		b, _ := json.Marshal(clusterArticle(t, k))
		jsonl.Write(append(b, '\n'))
	}
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	if err := os.WriteFile(file, jsonl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// One transaction: the log has no gap, every batch is whole.
	if stats, _, err := importer.Import(ctx, s, []string{file}, importer.Options{Batch: 100}); err != nil || stats.Inserted != 23 {
		t.Fatalf("import: %+v, %v", stats, err)
	}
	ls, err := s.LogState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	batch := int64(4)
	for ls.Head%batch == 0 {
		batch++
	}
	ix, err := search.OpenImport(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.ApplyAt(ctx, 0, nil, nil); err != nil { // a position: the follower applies the log from its start
		t.Fatal(err)
	}
	f := follow(ctx, s, ix, int(batch))
	// A wait, not a timing: a minute is far more than it needs.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if pos, ok := ix.Position(); ok && pos > ls.Head-batch {
			break
		}
		if time.Now().After(deadline) {
			pos, _ := ix.Position()
			t.Fatalf("the follower indexed through change %d of %d", pos, ls.Head)
		}
	}
	if err := f.stop(); err != nil {
		t.Fatal(err)
	}
	if pos, _ := ix.Position(); pos != ls.Head/batch*batch {
		t.Fatalf("the follower indexed through change %d of %d, want %d (whole batches of %d)", pos, ls.Head, ls.Head/batch*batch, batch)
	}
	if err := indexRest(ctx, s, ix, f, dir, io.Discard, false); err != nil {
		t.Fatal(err)
	}
	if pos, _ := ix.Position(); pos != ls.Head {
		t.Errorf("index at change %d after indexRest, log head %d", pos, ls.Head)
	}
}
