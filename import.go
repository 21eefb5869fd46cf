package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"tracuu/importer"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/search"
)

// runImport imports articles and prints the counts; the exit status is 1
// when any record failed.
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
	opt := importer.Options{Progress: stderr}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			opt.Terminal, opt.Every = true, 200 // a progress bar redrawn in place
		}
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
		return 1
	}
	// Index what was imported, so a search finds it right away.
	if err := indexImported(ctx, cfg, s, stderr); err != nil {
		fmt.Fprintf(stderr, "tracuu import: index not updated (the servers catch up from the change log): %v\n", err)
	}
	if stats.Failed > 0 {
		return 1
	}
	return 0
}

// indexImported brings the index in DATA_DIR up to the change log, unless
// a running server has it open (it follows the log itself) or there is
// none while servers run elsewhere (they index the import themselves).
func indexImported(ctx context.Context, cfg config, s *models.Store, stderr io.Writer) error {
	dir := indexDir(cfg)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if live, err := liveServers(ctx, s); err != nil || len(live) > 0 {
			return err
		}
	}
	ix, err := search.Open(dir)
	if errors.Is(err, search.ErrLocked) {
		fmt.Fprintf(stderr, "the index in %s is open in a running server, which indexes the import from the change log\n", dir)
		return nil
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	_, err = (&indexer.Worker{Store: s, Index: ix, Batch: 1000}).CatchUp(ctx)
	return err
}
