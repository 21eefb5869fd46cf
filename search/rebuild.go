package search

import (
	"context"
	"fmt"
	"os"
)

// completeMarker is written into a freshly built index once every document
// is in it, so that Open can finish a swap a crash interrupted.
const completeMarker = "REBUILD_COMPLETE"

// rebuildBatch is how many documents go into one Bleve batch, and
// rebuildWorkers how many batches are applied at once.
const (
	rebuildBatch   = 1000
	rebuildWorkers = 2
)

// Rebuild builds a fresh index beside dir (in dir+".new") from the
// documents each yields, then swaps it in for dir. No *Index may be open on
// dir; use (*Index).Rebuild for that.
func Rebuild(ctx context.Context, dir string, each func(yield func(Doc) error) error) error {
	bi, err := build(ctx, dir+".new", each)
	if err != nil {
		return err
	}
	if err := bi.Close(); err != nil {
		return fmt.Errorf("search: unable to close new index: %w", err)
	}
	return swapDirs(dir)
}

// Rebuild builds a fresh index beside the open one and swaps it in. The
// open index keeps serving searches, and writes made through Apply during
// the build are applied to the new index too, after the build and before
// the swap, so none is lost.
//
// pos is the position in the change log up to which the documents each
// yields are complete (the head of the log before the first was read).
// The new index takes the highest of pos, the open index's position and
// the positions given to ApplyAt during the build: every change up to it
// is in the new index, read by the build or replayed.
func (ix *Index) Rebuild(ctx context.Context, pos int64, each func(yield func(Doc) error) error) error {
	ix.rebuildMu.Lock()
	if ix.pending != nil {
		ix.rebuildMu.Unlock()
		return fmt.Errorf("search: a rebuild is already running")
	}
	ix.pending = make(map[string]*Doc)
	if p, ok := ix.Position(); ok {
		pos = max(pos, p)
	}
	ix.pendingPos = pos
	ix.rebuildMu.Unlock()
	defer func() {
		ix.rebuildMu.Lock()
		ix.pending = nil
		ix.rebuildMu.Unlock()
	}()

	bi, err := build(ctx, ix.dir+".new", each)
	if err != nil {
		return err
	}
	// Block writers while the last ones are replayed and the index swapped.
	ix.rebuildMu.Lock()
	defer ix.rebuildMu.Unlock()
	var ups []Doc
	var dels []string
	for id, d := range ix.pending {
		if d == nil {
			dels = append(dels, id)
		} else {
			ups = append(ups, *d)
		}
	}
	pos = ix.pendingPos
	if err := bi.apply(ups, dels, positionOps(&pos)); err != nil {
		bi.Close()
		return err
	}
	if err := bi.Close(); err != nil {
		return fmt.Errorf("search: unable to close new index: %w", err)
	}

	// The warming of the index in use holds ix.mu for reading until it
	// is done: told to stop, it does not hold up the swap, nor the
	// searches that would queue behind it.
	ix.swapping.Add(1)
	ix.mu.Lock()
	ix.swapping.Add(-1)
	defer ix.mu.Unlock()
	if ix.bi != nil {
		ix.forgetFacets()
		if err := ix.bi.Close(); err != nil {
			return fmt.Errorf("search: unable to close old index: %w", err)
		}
		ix.bi = nil
	}
	if err := swapDirs(ix.dir); err != nil {
		return err
	}
	nb, err := openBleve(ix.dir, ix.merges)
	if err != nil {
		return err
	}
	ix.bi = nb
	ix.setPosition(pos)
	ix.gen.Add(1)
	ix.lengths.reset()
	ix.warm()
	if ix.serving {
		ix.prefetch()
	}
	return nil
}

func build(ctx context.Context, dir string, each func(yield func(Doc) error) error) (*shards, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("search: unable to clear %s: %w", dir, err)
	}
	bi, err := createShards(dir, servingMerges)
	if err != nil {
		return nil, err
	}
	// Two batches in flight: while Bleve builds the segments of one, it
	// analyses the next.
	batches := make(chan []Doc)
	errs := make(chan error, rebuildWorkers)
	for range rebuildWorkers {
		go func() {
			var err error
			for b := range batches {
				if err == nil {
					err = bi.apply(b, nil, nil)
				}
			}
			errs <- err
		}()
	}
	batch := make([]Doc, 0, rebuildBatch)
	err = each(func(d Doc) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch = append(batch, d)
		if len(batch) == rebuildBatch {
			batches <- batch
			batch = make([]Doc, 0, rebuildBatch)
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	for range rebuildWorkers {
		if werr := <-errs; err == nil {
			err = werr
		}
	}
	if err == nil {
		err = bi.compact(ctx)
	}
	if err == nil {
		err = os.WriteFile(dir+"/"+completeMarker, nil, 0o644)
	}
	if err != nil {
		bi.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("search: rebuild failed: %w", err)
	}
	return bi, nil
}

// swapDirs moves dir+".new" into dir's place and removes the old index.
func swapDirs(dir string) error {
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("search: unable to clear %s: %w", old, err)
	}
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("search: unable to move old index: %w", err)
		}
	}
	if err := os.Rename(dir+".new", dir); err != nil {
		return fmt.Errorf("search: unable to move new index in: %w", err)
	}
	return os.RemoveAll(old)
}

// Compact merges the index into a single segment: smaller and faster to
// search after a bulk load. Searches go on meanwhile. The merged files
// are written behind, not kept in the page cache (the import compacts
// and exits): the first searches read them from the disk.
func (ix *Index) Compact(ctx context.Context) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return errClosed
	}
	return ix.bi.compactBehind(ctx)
}

// MergeTimes returns each part's times of the last Compact or
// MergeAsServing.
func (ix *Index) MergeTimes() []MergeTimes {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil
	}
	return ix.bi.mergeTimes
}

// MergeAsServing merges the index once as a server's merges would: what
// an import that kept the index with OpenImport, into an index it did not
// build, leaves to merge. Searches go on meanwhile.
func (ix *Index) MergeAsServing(ctx context.Context) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return errClosed
	}
	return ix.bi.mergeAsServing(ctx)
}
