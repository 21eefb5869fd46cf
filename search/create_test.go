package search

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A process killed while Open creates a new index leaves a part cut
// short: its folder without index_meta.json, an empty index_meta.json, or
// a store without the mapping. Open must start the index afresh (it holds
// no documents yet), not fail at every later start.
func TestOpenAfterCreateCutShort(t *testing.T) {
	cases := map[string]func(t *testing.T, part string){
		"folder only": func(t *testing.T, part string) {
			if err := os.MkdirAll(part, 0o755); err != nil {
				t.Fatal(err)
			}
		},
		"empty meta": func(t *testing.T, part string) {
			if err := os.MkdirAll(part, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(part, "index_meta.json"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"meta without store": func(t *testing.T, part string) {
			if err := os.MkdirAll(part, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(part, "index_meta.json"), []byte(`{"storage":"boltdb","index_type":"scorch"}`), 0o644); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, leave := range cases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			for _, i := range []string{"0", "1"} {
				leave(t, filepath.Join(dir, i))
			}
			ix, err := Open(dir)
			if err != nil {
				t.Fatalf("Open after a creation cut short: %v", err)
			}
			defer ix.Close()
			if _, ok := ix.Position(); ok {
				t.Fatal("a fresh index has a position")
			}
			if err := ix.ApplyAt(context.Background(), 7, []Doc{{ID: "Article:1", Type: "Article", Title: "Hà Nội"}}, nil); err != nil {
				t.Fatal(err)
			}
			if n, err := ix.DocCount(); err != nil || n != 1 {
				t.Fatalf("DocCount = %d, %v; want 1", n, err)
			}
		})
	}
}
