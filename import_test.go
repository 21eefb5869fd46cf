package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

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
