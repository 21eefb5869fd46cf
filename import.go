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
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
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
	// The store's progress, the follower's, the index's and the build's
	// lines come from goroutines of their own.
	terminal := isTerminal(stderr)
	stderr = importer.Locked(stderr)
	// The records are counted beside the import, for the progress
	// line's estimate of the time left: counting first was a whole read
	// of the files before the import read them, from the disk when they
	// had left the page cache (6-55 s for 432 MB here; docs/scaling.md,
	// "The merged import of 3 December, round two"). Now the count's read
	// runs ahead of the reader's, which finds the pages cached. Whether
	// this is a first load needs only firstLoadRecords of them.
	counted, records := make(chan struct{}), 0
	go func() { records = countRecords(paths, 0); close(counted) }()
	count := func(wait bool) int {
		if !wait {
			select {
			case <-counted:
			default:
				return 0
			}
		}
		<-counted
		return records
	}
	opt := importer.Options{Progress: stderr, Count: count, Terminal: terminal}
	if opt.Terminal {
		opt.Interval = time.Second // a line redrawn in place
	}
	// A first load (no article stored, a file of many) builds the
	// secondary indexes of the tables it fills after storing
	// (models.BeginBulkLoad).
	var bulk *models.BulkLoad
	if countRecords(paths, firstLoadRecords) >= firstLoadRecords {
		if bulk, err = s.BeginBulkLoad(ctx); err != nil {
			fmt.Fprintf(stderr, "tracuu import: %v\n", err)
			return 1
		}
		if bulk != nil {
			fmt.Fprintf(stderr, "import: a first load: %d indexes and triggers are built after the rows (%s)\n", len(bulk.Dropped), strings.Join(bulk.Dropped, ", "))
		}
	}
	// Index while storing: when this import keeps the index in DATA_DIR
	// (no server has it open), a follower applies the change log to it
	// on the other core as the writer commits, instead of a second pass
	// over the database after the store phase.
	var ix *search.Index
	// Bleve's goroutines of the index (its merger, persister) start here
	// and keep this profiler label.
	pprof.Do(ctx, pprof.Labels("role", "bleve"), func(ctx context.Context) { ix, err = importIndex(ctx, cfg, s, stderr) })
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: index not updated (the servers catch up from the change log): %v\n", err)
	}
	var f *follower
	if ix != nil {
		defer ix.Close()
		batch := cfg.ImportIndexBatch
		if batch <= 0 {
			batch = defaultImportIndexBatch
		}
		f = follow(ctx, s, ix, batch)
		opt.Status = f.status
		// The articles the import commits go to the follower from
		// memory, by their changes (indexer.Feed), instead of being read
		// back from the database.
		feed := f.w.Feed
		opt.Committed = func(cs []importer.Committed) {
			for _, c := range cs {
				feed.Add(c.Change, c.Article, c.Authors, c.Mentions)
			}
		}
	}
	imported := m.phase("import", "import")
	var timing importer.Timing
	opt.Timing = &timing
	stats, failures, err := importer.Import(ctx, s, paths, opt)
	imported()
	// The first load's indexes build from here, on the database's writer,
	// while the follower indexes its last batches and the index compacts
	// (Bleve's work): the two beside each other, not one after the other.
	built := buildDeferred(ctx, bulk, m, stderr)
	followErr := f.stop()
	printTiming(stderr, timing, f)
	for _, fl := range failures {
		fmt.Fprintf(stderr, "failed: %s\n", fl)
	}
	if stats.Retried > 0 {
		fmt.Fprintf(stderr, "import: another writer undid %d runs of a batch or record (deadlock, or an entity's key taken meanwhile); each ran again\n", stats.Retried)
	}
	elapsed := time.Since(start)
	total := stats.Inserted + stats.Updated + stats.Unchanged + stats.Failed
	fmt.Fprintf(stdout, "inserted %d, updated %d, unchanged %d, failed %d (%d records in %.1fs, %.0f/s)\n",
		stats.Inserted, stats.Updated, stats.Unchanged, stats.Failed, total, elapsed.Seconds(), float64(total)/elapsed.Seconds())
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: %v\n", err)
		built()
		return 1
	}
	// Index what was imported and not yet indexed, so a search finds it
	// right away.
	indexed := m.phase("import", "index")
	err = followErr
	if followErr != nil && ctx.Err() == nil {
		// The follower stopped on an error of its own (the database or the
		// index): the catch-up below tries again from the index's position.
		fmt.Fprintf(stderr, "tracuu import: indexing while storing stopped: %v; indexing the rest now\n", followErr)
		err = nil
	}
	if err == nil && ix != nil {
		err = indexRest(ctx, s, ix, f, indexDir(cfg), stderr, opt.Terminal)
	}
	indexed()
	builtErr := built()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(stderr, "tracuu import: interrupted while indexing: the articles are stored; the index catches up at the next import, reindex or server start")
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "tracuu import: index not updated (the servers catch up from the change log): %v\n", err)
	}
	if stats.Failed > 0 || builtErr != nil {
		return 1
	}
	return 0
}

// firstLoadRecords is the fewest records of an import that makes a first
// load of an empty database (models.BeginBulkLoad): building an index
// costs a pass over its table, worth it for a load of thousands.
var firstLoadRecords = 5000

// buildDeferred builds, beside the follower's last batches and the
// index's catch-up and compaction (the database's work on one core,
// Bleve's on the other), the indexes and triggers a first load dropped
// (bulk nil: none), printing each, and checkpoints the WAL they wrote;
// the returned function waits for the end and returns its error. An
// import interrupted builds nothing: the next start of tracuu does.
func buildDeferred(ctx context.Context, bulk *models.BulkLoad, m *metrics, stderr io.Writer) (wait func() error) {
	if bulk == nil {
		return func() error { return nil }
	}
	if ctx.Err() != nil {
		bulk.Release()
		fmt.Fprintf(stderr, "import: interrupted: the %d indexes and triggers of the first load are built at the next start of tracuu\n", len(bulk.Dropped))
		return func() error { return nil }
	}
	done := make(chan error, 1)
	go pprof.Do(ctx, pprof.Labels("role", "indexes"), func(ctx context.Context) {
		phase := m.phase("import", "indexes")
		defer phase()
		start := time.Now()
		fmt.Fprintf(stderr, "indexes: building the %d indexes and triggers of the first load\n", len(bulk.Dropped))
		// A line every few seconds while one builds: the titles' trigram
		// index takes about 10 s at 100,000 articles.
		var mu sync.Mutex
		built, since := 0, start // how many are built; when the next began
		stop := make(chan struct{})
		ticking := make(chan struct{})
		go func() {
			defer close(ticking)
			t := time.NewTicker(buildProgressInterval)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					mu.Lock()
					if built < len(bulk.Dropped) {
						fmt.Fprintf(stderr, "indexes: building %s (%d of %d built; this one for %s)\n",
							bulk.Dropped[built], built, len(bulk.Dropped), time.Since(since).Round(time.Second))
					}
					mu.Unlock()
				case <-stop:
					return
				}
			}
		}()
		// The load's pages still in the WAL are copied to the database
		// first: the build reads whole tables (the articles six times),
		// through the memory map from the database file but a read system
		// call a page from the WAL; the checkpoint after the build copies
		// the build's pages only (docs/scaling.md, "The SQLite side of a
		// first load").
		checkpoint(ctx, bulk, "the load's WAL", stderr)
		err := bulk.Finish(ctx, func(name string, n, total int, took time.Duration) {
			mu.Lock()
			built, since = n, time.Now()
			mu.Unlock()
			fmt.Fprintf(stderr, "indexes: built %s (%d of %d, %s)\n", name, n, total, took.Round(100*time.Millisecond))
		})
		close(stop)
		<-ticking
		if err != nil {
			fmt.Fprintf(stderr, "tracuu import: %v\n", err)
			done <- err
			return
		}
		fmt.Fprintf(stderr, "indexes: done: %d indexes and triggers built in %s\n", len(bulk.Dropped), time.Since(start).Round(100*time.Millisecond))
		// The build's pages are in the WAL: copied to the database here,
		// beside the index's compaction, rather than when the import
		// closes the database, after it.
		checkpoint(ctx, bulk, "the WAL", stderr)
		done <- nil
	})
	return func() error { return <-done }
}

// checkpoint checkpoints the WAL of a first load's database (what names
// it in the line it prints); on PostgreSQL it does nothing.
func checkpoint(ctx context.Context, bulk *models.BulkLoad, what string, stderr io.Writer) {
	t := time.Now()
	if wal, copied, err := bulk.Checkpoint(ctx); err != nil {
		fmt.Fprintf(stderr, "tracuu import: %v\n", err)
	} else if wal >= 0 {
		fmt.Fprintf(stderr, "indexes: %s checkpointed, %d of its %d pages copied (%s)\n", what, copied, wal, time.Since(t).Round(100*time.Millisecond))
	}
}

// buildProgressInterval is how often the build of a first load's indexes
// says which it is building.
var buildProgressInterval = 2 * time.Second

// importIndex opens the index in DATA_DIR for the import to keep, or
// returns nil when a running server has it open (it follows the log
// itself) or there is none while servers run elsewhere (they index the
// import themselves).
func importIndex(ctx context.Context, cfg config, s *models.Store, stderr io.Writer) (*search.Index, error) {
	dir := indexDir(cfg)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if live, err := liveServers(ctx, s); err != nil || len(live) > 0 {
			return nil, err
		}
	}
	ix, err := search.OpenImport(dir)
	if errors.Is(err, search.ErrLocked) {
		fmt.Fprintf(stderr, "the index in %s is open in a running server, which indexes the import from the change log\n", dir)
		return nil, nil
	}
	return ix, err
}

// defaultImportIndexBatch is how many changes of the log the follower
// takes at a time while the import stores (IMPORT_INDEX_BATCH): one Bleve
// batch, split between the index's parts. Bigger segments cost less to
// build and to merge per document (docs/scaling.md, "Import, 1 December
// evening"); 6,000 took 2-4 s less CPU of the index role at 100,000
// articles but about 0.6 GB more peak memory and was not faster end to
// end (docs/scaling.md, "The index role's lists and batches"), so 3,000
// stays.
const defaultImportIndexBatch = 3000

// feedBatches bounds the follower's Feed, in batches of changes.
const feedBatches = 4

// follower applies the change log to an index while an import stores.
type follower struct {
	w      *indexer.Worker
	batch  int
	ix     *search.Index
	store  *models.Store
	built  bool  // the index had no position: it was built in this import
	from   int64 // its position when the import began
	done   chan struct{}
	finish chan struct{}
	err    error
	// waiting is the follower's time waiting for a whole batch of
	// changes in the log (or for the first).
	waiting time.Duration
}

// follow starts a follower on ix. It takes the changes as soon as a whole
// batch of them is in the log, so that it builds segments of batch
// documents whatever the writer's transactions, and stops at stop. Each
// batch is written with its position in the log (ApplyAt), so an import
// killed at any point leaves an index that the next import, reindex or
// server start takes up from where it is.
func follow(ctx context.Context, s *models.Store, ix *search.Index, batch int) *follower {
	pos, ok := ix.Position()
	// The feed holds the articles committed and not yet indexed: about a
	// batch of changes' worth while the follower keeps up; at four
	// batches' worth the writer waits for the follower (Feed.Waits)
	// instead of leaving it articles to read back from the database.
	feed := indexer.NewFeed(feedBatches * batch)
	f := &follower{w: &indexer.Worker{Store: s, Index: ix, Batch: batch, Feed: feed}, batch: batch, ix: ix, store: s,
		built: !ok || pos < 0, from: max(pos, 0), done: make(chan struct{}), finish: make(chan struct{})}
	go f.run(ctx)
	return f
}

func (f *follower) run(ctx context.Context) {
	defer close(f.done)
	// A writer waiting for room in the feed must not wait for a follower
	// that has stopped.
	defer f.w.Feed.Waits(false)
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("role", "index")))
	for {
		if err := f.catchUp(ctx); err != nil {
			f.err = err
			return
		}
		t := time.Now()
		select {
		case <-f.finish:
			return
		case <-ctx.Done():
			f.err = ctx.Err()
			return
		case <-time.After(100 * time.Millisecond):
		}
		f.waiting += time.Since(t)
	}
}

// catchUp applies the log's changes one whole batch at a time while the
// log holds a whole batch after the index's position; the rest waits for
// the next round or indexRest. CatchUp's last batch of every round held
// what was left, a few hundred changes: at 100,000 articles many of the
// segments written while storing were small ones, which Bleve merged
// again and again. An index without a position is built (CatchUp).
func (f *follower) catchUp(ctx context.Context) error {
	for {
		pos, ok := f.ix.Position()
		// The writer waits for the follower while it follows the log
		// batch by batch, not while it builds the index from the
		// database (CatchUp), which takes no article from the feed.
		following := ok && pos >= 0
		f.w.Feed.Waits(following)
		if !following {
			_, err := f.w.CatchUp(ctx)
			return err
		}
		ls, err := f.store.LogState(ctx)
		if err != nil || ls.Head-pos < int64(f.batch) {
			return err
		}
		n, err := f.w.Drain(ctx)
		if err != nil {
			// The log pruned past the index, or the database failing:
			// CatchUp rebuilds the index or reports the error.
			f.w.Feed.Waits(false)
			_, err = f.w.CatchUp(ctx)
			return err
		}
		if n == 0 {
			return nil
		}
	}
}

// stop stops the follower (nil: none) and returns its error.
func (f *follower) stop() error {
	if f == nil {
		return nil
	}
	close(f.finish)
	<-f.done
	return f.err
}

// printTiming prints where the store phase's time went (importer.Timing)
// and the follower's beside it (f nil: none): the phase that never waited
// set the pace; docs/scaling.md, "The import's phases overlapped, 2
// December", reads these lines.
func printTiming(w io.Writer, t importer.Timing, f *follower) {
	sec := func(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }
	fmt.Fprintf(w, "import: store phase %s: the writer %s in its transactions, %s waiting for records; extraction %s on %d workers; reading %s waiting for the writer\n",
		sec(t.Store), sec(t.Writing), sec(t.Waiting), sec(t.Extracting), t.Workers, sec(t.ReaderBlocked))
	if f != nil {
		reading, applying := f.w.Times()
		fed, read := f.w.Articles()
		fmt.Fprintf(w, "index: beside the store phase: %s reading documents, %s applying them, %s waiting for a batch of changes; articles %d from the import's memory, %d read back\n",
			sec(reading), sec(applying), sec(f.waiting), fed, read)
	}
}

// status is the follower's part of the import's progress line.
func (f *follower) status() string {
	if built, n := f.w.Progress(); n > 0 {
		return fmt.Sprintf("indexed %d of %d documents of the database", built, n)
	}
	pos, _ := f.ix.Position()
	return fmt.Sprintf("indexed through change %d", max(pos, 0))
}

// indexRest brings ix up to the change log once the import has stored
// everything, printing how far it is, and compacts an index that was built
// in this import into one segment a part; an index it added to is merged
// as a server would have merged it meanwhile (the import's merge plan,
// search.OpenImport, left that to the end).
func indexRest(ctx context.Context, s *models.Store, ix *search.Index, f *follower, dir string, stderr io.Writer, terminal bool) error {
	if pos, _ := ix.Position(); pos > f.from {
		fmt.Fprintf(stderr, "index: changes %d to %d of the log indexed while storing\n", f.from+1, pos)
	}
	w := &indexer.Worker{Store: s, Index: ix, Batch: f.batch, Feed: f.w.Feed}
	interval := 2 * time.Second
	if terminal {
		interval = time.Second
	}
	stop := reportIndexing(ctx, s, w, ix, dir, stderr, interval, terminal)
	_, err := w.CatchUp(ctx)
	stop()
	start, cpu := time.Now(), processCPU()
	switch {
	case err != nil:
	case f.built:
		if err = ix.Compact(ctx); err == nil {
			fmt.Fprintf(stderr, "index: compacted (%s)\n", mergeTiming(ix, time.Since(start), processCPU()-cpu))
		}
	default:
		if err = ix.MergeAsServing(ctx); err == nil {
			fmt.Fprintf(stderr, "index: merged (%s)\n", mergeTiming(ix, time.Since(start), processCPU()-cpu))
		}
	}
	return err
}

// mergeTiming tells how long the final merge took (wall), the process's
// CPU meanwhile, and each part's waits for its persister and its merge.
func mergeTiming(ix *search.Index, wall, cpu time.Duration) string {
	r := func(d time.Duration) time.Duration { return d.Round(100 * time.Millisecond) }
	l := fmt.Sprintf("%s, %s of CPU", r(wall), r(cpu))
	for i, t := range ix.MergeTimes() {
		l += fmt.Sprintf("; part %d: %s writing the last segments, %s merging, %s removing the merged-away files",
			i, r(t.Persisting), r(t.Merging), r(t.Removing))
	}
	return l
}

// processCPU is the CPU time (user and system) the process has used.
func processCPU() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// isTerminal tells whether w is a terminal, where progress is one line
// redrawn in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// reportIndexing prints how far the indexing of an import is, at once,
// every interval, and once more when the returned function is called: the
// documents built so far when the index is built from the database (a new
// index), else the changes of the log applied so far, each with its rate
// and an estimate of the time left.
func reportIndexing(ctx context.Context, s *models.Store, w *indexer.Worker, ix *search.Index, dir string, out io.Writer, interval time.Duration, terminal bool) (stop func()) {
	start := time.Now()
	from, _ := ix.Position()
	from = max(from, 0)
	head := from
	if ls, err := s.LogState(ctx); err == nil {
		head = ls.Head
	}
	line := func(last bool) string {
		elapsed := time.Since(start)
		what, done, total := "changes applied", int64(0), head-from
		built, n := w.Progress()
		if n > 0 {
			what, done, total = "documents built from the database", built, n
		} else if pos, ok := ix.Position(); ok && pos > from {
			done = pos - from
		}
		rate := float64(done) / elapsed.Seconds()
		l := fmt.Sprintf("index: %d of %d %s (%.0f/s", done, total, what, rate)
		if last && n == 0 && built > 0 {
			// The progress lines counted documents: the last one says how
			// many were built as well as how far the log was applied.
			l = fmt.Sprintf("index: %d documents built from the database; %d of %d %s (%.0f/s", built, done, total, what, float64(built)/elapsed.Seconds())
		}
		if left := total - done; left > 0 && rate > 0 && !last {
			l += fmt.Sprintf(", about %s left", time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
		}
		return l + fmt.Sprintf(", %s)", elapsed.Round(100*time.Millisecond))
	}
	print := func(l string, n int, last bool) {
		switch {
		case !terminal:
			fmt.Fprintln(out, l)
		case last:
			fmt.Fprintf(out, "\r\033[K%s\n", l)
		default:
			fmt.Fprintf(out, "\r\033[K%c %s", `|/-\`[n%4], l)
		}
	}
	fmt.Fprintf(out, "index: bringing the index in %s up to the change log\n", dir)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for n := 0; ; n++ {
			select {
			case <-t.C:
				print(line(false), n, false)
			case <-done:
				print("index: done: "+strings.TrimPrefix(line(true), "index: "), n, true)
				return
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// countRecords estimates how many records paths hold, as the importer
// walks them (.txt: one; .jsonl: one a line), for the estimate of the
// time left; 0 when it cannot tell. With limit > 0 it stops reading once
// it has counted limit (it may return more: a megabyte's lines).
func countRecords(paths []string, limit int) int {
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
				n += countLines(path, limit-n)
			}
			if limit > 0 && n >= limit {
				return filepath.SkipAll
			}
			return nil
		})
		if err != nil {
			return 0
		}
	}
	return n
}

func countLines(path string, limit int) int {
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
		if err != nil || limit > 0 && n >= limit {
			break
		}
	}
	if last != '\n' {
		n++
	}
	return n
}
