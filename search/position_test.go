package search

import (
	"context"
	"errors"
	"testing"
)

// TestPosition: an index keeps its position in the change log with its
// documents, across a reopen and a rebuild, and a second process cannot
// open it while the first has it (ErrLocked, at once).
func TestPosition(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir() + "/index"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.Position(); ok {
		t.Fatal("a new index has a position")
	}
	docs := fixtureDocs(t)
	if err := ix.ApplyAt(ctx, 41, docs[:3], nil); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrLocked", func(t *testing.T) {
		if _, err := Open(dir); !errors.Is(err, ErrLocked) {
			t.Fatalf("second open: %v", err)
		}
	})
	reopen := func(want int64) {
		t.Helper()
		ix.Close()
		if ix, err = Open(dir); err != nil {
			t.Fatal(err)
		}
		if pos, ok := ix.Position(); !ok || pos != want {
			t.Fatalf("after a reopen: %d %v, want %d", pos, ok, want)
		}
	}
	reopen(41)
	defer func() { ix.Close() }()
	t.Run("RebuildTakesTheHighest", func(t *testing.T) {
		applied := false
		err := ix.Rebuild(ctx, 30, func(yield func(Doc) error) error {
			if !applied {
				// A change applied while the rebuild runs moves it further.
				applied = true
				if err := ix.ApplyAt(ctx, 45, docs[3:4], nil); err != nil {
					return err
				}
			}
			for _, d := range docs {
				if err := yield(d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if pos, ok := ix.Position(); !ok || pos != 45 {
			t.Fatalf("after the rebuild: %d %v", pos, ok)
		}
		if n, _ := ix.DocCount(); n != uint64(len(docs)) {
			t.Fatalf("documents after the rebuild: %d", n)
		}
		reopen(45)
	})
}

// TestOlderFormat: an index of an older format (every syllable pair,
// before formats were recorded) reports no position, so that the indexer
// rebuilds it; the rebuilt index is of this format, with its position.
func TestOlderFormat(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir() + "/index"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := fixtureDocs(t)
	if err := ix.ApplyAt(ctx, 7, docs, nil); err != nil {
		t.Fatal(err)
	}
	// Make it look like an index of version 1: no format recorded.
	for _, p := range ix.bi.parts {
		if err := p.DeleteInternal([]byte(formatKey)); err != nil {
			t.Fatal(err)
		}
	}
	ix.Close()
	if ix, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer func() { ix.Close() }()
	if pos, ok := ix.Position(); ok {
		t.Fatalf("an index of an older format has position %d", pos)
	}
	err = ix.Rebuild(ctx, 9, func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if ix, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	if pos, ok := ix.Position(); !ok || pos != 9 {
		t.Fatalf("after the rebuild: %d %v, want 9 true", pos, ok)
	}
}
