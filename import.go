package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tracuu/importer"
	"tracuu/indexer"
	"tracuu/models"
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
	opt := importer.Options{Progress: stderr, Total: countRecords(paths)}
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
	indexed := m.phase("import", "index")
	err = indexImported(ctx, cfg, s, stderr)
	indexed()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(stderr, "tracuu import: interrupted while indexing: the articles are stored; the index catches up at the next import, reindex or server start")
		return 1
	}
	if err != nil {
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

// countRecords estimates how many records paths hold, as the importer
// walks them (.txt: one; .jsonl: one a line), for the estimate of the
// time left; 0 when it cannot tell.
func countRecords(paths []string) int {
	n := 0
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".txt":
				n++
			case ".jsonl":
				n += countLines(path)
			}
			return nil
		})
		if err != nil {
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
	n, last := 0, byte('\n')
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
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
