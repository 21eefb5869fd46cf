package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountRecordsLimit: with a limit the count stops reading once it
// has counted that many records (a megabyte's lines at most past it), so
// that the first load's decision does not read the whole file; without,
// it counts every record of every file, a last line without its newline
// and each .txt file included.
func TestCountRecordsLimit(t *testing.T) {
	dir := t.TempDir()
	line := `{"title": "Hội nghị", "body": "Ban Thường vụ Tỉnh ủy Bến Tre họp."}` + "\n"
	big := filepath.Join(dir, "a.jsonl")
	if err := os.WriteFile(big, []byte(strings.Repeat(line, 100_000)+strings.TrimSuffix(line, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Tỉnh ủy Bến Tre\r\nHội nghị"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := countRecords([]string{dir}, 0); n != 100_002 {
		t.Errorf("countRecords(no limit) = %d, want 100002", n)
	}
	perMB := (1 << 20) / len(line)
	n := countRecords([]string{dir}, 5000)
	if n < 5000 || n > 5000+perMB+1 {
		t.Errorf("countRecords(limit 5000) = %d, want 5000 to %d (it read past what it needed)", n, 5000+perMB+1)
	}
	if n := countRecords([]string{big, filepath.Join(dir, "b.txt")}, 100_002); n != 100_002 {
		t.Errorf("countRecords(limit = all) = %d, want 100002", n)
	}
}
