package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestImportProgress: import reports how far each phase is on stderr: the
// import's phases (read, extracted, stored) and the indexing that follows,
// from its start to its end.
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
		`(?m)^import: read 2 of 2 \(\d+/s\); extracted 2 of 2 \(\d+/s\); stored 2 of 2 \(\d+/s\): 2 inserted, 0 updated, 0 unchanged, 0 failed$`,
		`(?m)^index: bringing the index in .* up to the change log$`,
		`(?m)^index: done: [1-9]\d* documents built from the database; ([1-9]\d*) of ([1-9]\d*) changes applied \(\d+/s, [0-9.]+m?s\)$`,
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
