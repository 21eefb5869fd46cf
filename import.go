package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"tracuu/importer"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/search"
)

// runImport imports articles and prints the counts; the exit status is 1
// when any record failed. The search index is brought up to date while
// the import runs (indexing follows the records as they are stored) and
// after it, with progress and an estimate of the time left in both phases.
func runImport(ctx context.Context, cfg config, paths []string, stdout, stderr io.Writer) int {
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "usage: tracuu import PATH... (.txt and .jsonl files, or folders)")
		return 2
	}
	s, err := open(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: %v\n", err)
		return 1
	}
	defer s.Close()
	start := time.Now()
	opt := importer.Options{Progress: stderr, Total: countRecords(paths)}
	terminal := false
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			terminal = true
			opt.Terminal, opt.Every = true, 200 // a progress bar redrawn in place
		}
	}
	ix, err := search.Open(indexDir(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: index not updated (the server will catch up): %v\n", err)
	}
	var idx *importIndexer
	if ix != nil {
		defer ix.Close()
		idx = startIndexing(ctx, s, ix)
		opt.Status = idx.status
	}
	stats, failures, err := importer.Import(ctx, s, paths, opt)
	for _, f := range failures {
		fmt.Fprintf(stderr, "failed: %s\n", f)
	}
	elapsed := time.Since(start)
	total := stats.Inserted + stats.Updated + stats.Unchanged + stats.Failed
	fmt.Fprintf(stdout, "inserted %d, updated %d, unchanged %d, failed %d (%d records in %.1fs, %.0f/s)\n",
		stats.Inserted, stats.Updated, stats.Unchanged, stats.Failed, total, elapsed.Seconds(), float64(total)/elapsed.Seconds())
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: %v\n", err)
	}
	if idx != nil {
		if n, ierr := idx.finish(ctx, stderr, terminal); ierr != nil {
			fmt.Fprintf(stderr, "tracuu import: indexing stopped after %d jobs (the server will catch up): %v\n", n, ierr)
		} else {
			all := time.Since(start)
			fmt.Fprintf(stdout, "indexed %d documents; import and indexing took %.1fs (%.0f records/s)\n", n, all.Seconds(), float64(total)/all.Seconds())
		}
	}
	if err != nil || stats.Failed > 0 {
		return 1
	}
	return 0
}

// importIndexer applies index jobs while an import writes them.
type importIndexer struct {
	f       *indexer.Follower
	applied atomic.Int64
	stop    chan struct{}
	done    chan error
	start   time.Time
}

func startIndexing(ctx context.Context, s *models.Store, ix *search.Index) *importIndexer {
	ii := &importIndexer{f: &indexer.Follower{Store: s, Index: ix}, stop: make(chan struct{}), done: make(chan error, 1), start: time.Now()}
	go func() {
		for {
			n, err := ii.f.Step(ctx)
			ii.applied.Store(int64(ii.f.Applied))
			if err != nil {
				ii.done <- err
				return
			}
			if n > 0 {
				continue
			}
			select {
			case <-ii.stop:
				ii.done <- nil
				return
			case <-ctx.Done():
				ii.done <- ctx.Err()
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return ii
}

// status is the indexing part of the import's progress line.
func (ii *importIndexer) status() string {
	return fmt.Sprintf("indexed %d", ii.applied.Load())
}

// finish waits for the indexing of what the import stored, printing
// progress with the time left, then deletes the jobs it applied and
// applies any left behind.
func (ii *importIndexer) finish(ctx context.Context, progress io.Writer, terminal bool) (int, error) {
	left, _, err := ii.f.Store.IndexLag(ctx)
	if err != nil {
		return 0, err
	}
	todo := int(left) - int(ii.applied.Load())
	from, began := ii.applied.Load(), time.Now()
	close(ii.stop)
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		select {
		case err := <-ii.done:
			if n := int(ii.applied.Load() - from); todo > 0 && n > 0 {
				printIndexing(progress, terminal, n, todo, time.Since(began))
				if terminal {
					fmt.Fprintln(progress)
				}
			}
			if err != nil {
				return ii.f.Applied, err
			}
			if err := ii.f.Complete(ctx); err != nil {
				return ii.f.Applied, err
			}
			n, err := (&indexer.Worker{Store: ii.f.Store, Index: ii.f.Index, Batch: 1000}).DrainAll(ctx)
			return ii.f.Applied + n, err
		case <-tick.C:
			printIndexing(progress, terminal, int(ii.applied.Load()-from), todo, time.Since(began))
		}
	}
}

func printIndexing(w io.Writer, terminal bool, n, todo int, d time.Duration) {
	rate := float64(n) / d.Seconds()
	line := fmt.Sprintf("indexing: %d of %d documents left when the import ended (%.0f/s)", n, todo, rate)
	if rate > 0 && todo > n {
		line += fmt.Sprintf(", about %s left", time.Duration(float64(todo-n)/rate*float64(time.Second)).Round(time.Second))
	}
	if terminal {
		fmt.Fprintf(w, "\r\033[K%s", line)
	} else {
		fmt.Fprintln(w, line)
	}
}

// countRecords estimates how many records paths hold, as the importer
// walks them (.txt: one; .jsonl: one a line), for the estimate
// of the time left; 0 when it cannot tell.
func countRecords(paths []string) int {
	n := 0
	count := func(path string) {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".txt":
			n++
		case ".jsonl":
			n += countLines(path)
		}
	}
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				count(path)
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0
		}
	}
	return n
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	r := bufio.NewReaderSize(f, 1<<20)
	buf := make([]byte, 1<<20)
	last := byte('\n')
	for {
		k, err := r.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if k > 0 {
			last = buf[k-1]
		}
		if err != nil {
			break
		}
	}
	if last != '\n' {
		n++
	}
	return n
}
