package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"tracuu/importer"
	"tracuu/indexer"
	"tracuu/search"
)

// runImport imports articles and prints the counts; the exit status is 1
// when any record failed.
func runImport(ctx context.Context, cfg config, m *metrics, paths []string, stdout, stderr io.Writer) int {
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "usage: tracuu import PATH... (.txt and .jsonl files, or folders)")
		return 2
	}
	s, err := open(ctx, cfg, m, "import")
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: %v\n", err)
		return 1
	}
	defer s.Close()
	start := time.Now()
	opt := importer.Options{Progress: stderr}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			opt.Terminal, opt.Every = true, 200 // a progress bar redrawn in place
		}
	}
	imported := m.phase("import", "import")
	stats, failures, err := importer.Import(ctx, s, paths, opt)
	imported()
	for _, f := range failures {
		fmt.Fprintf(stderr, "failed: %s\n", f)
	}
	elapsed := time.Since(start)
	total := stats.Inserted + stats.Updated + stats.Unchanged + stats.Failed
	fmt.Fprintf(stdout, "inserted %d, updated %d, unchanged %d, failed %d (%d records in %.1fs, %.0f/s)\n",
		stats.Inserted, stats.Updated, stats.Unchanged, stats.Failed, total, elapsed.Seconds(), float64(total)/elapsed.Seconds())
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: %v\n", err)
		return 1
	}
	// Index what was imported, so a search finds it right away.
	ix, err := search.Open(indexDir(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: index not updated (the server will catch up): %v\n", err)
	} else {
		indexed := m.phase("import", "index")
		n, err := (&indexer.Worker{Store: s, Index: ix, Batch: 1000}).DrainAll(ctx)
		indexed()
		ix.Close()
		if err != nil {
			fmt.Fprintf(stderr, "tracuu import: indexing stopped after %d jobs (the server will catch up): %v\n", n, err)
		}
	}
	if stats.Failed > 0 {
		return 1
	}
	return 0
}
