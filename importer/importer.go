// Package importer is the import pipeline: it reads articles with ingest,
// stores them with their authors, and links what extraction finds in them
// (organisations, people, positions, resolutions, reports, mentions) to the
// entities already known, one entity per real thing.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"tracuu/ingest"
	"tracuu/models"
)

// Stats counts what an import did.
type Stats struct {
	Inserted, Updated, Unchanged, Failed int
	// Retried counts the runs of a batch, or of one of its records, that
	// another writer's transaction undid (a deadlock, a serialization
	// failure, an entity's key taken meanwhile) and that ran again.
	Retried int
}

// Failure names one record that was not imported and why.
type Failure struct {
	File   string
	Line   int
	Reason string
}

func (f Failure) String() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Reason)
	}
	return fmt.Sprintf("%s: %s", f.File, f.Reason)
}

// Options tune an import.
type Options struct {
	// Batch is how many records share one transaction (default 200 on
	// SQLite, 1000 on PostgreSQL: see defaultBatch). A batch with a
	// failed record is written again with a savepoint per record, so that
	// the failed one is rolled back alone.
	Batch int
	// Progress, when set, receives a line every Interval (default 2s)
	// with how far each phase is (read and extracted, on every core;
	// stored, by the one writer): on a Terminal one line redrawn in place,
	// else plain lines for logs.
	Progress io.Writer
	Interval time.Duration
	Terminal bool
	// Total, when known, is how many records the paths hold: the progress
	// line then estimates the time left of each phase.
	Total int
	// Count, when set and Total is 0, gives Total: records counted
	// beside the import. With wait it waits for the count (the last
	// line); without, it returns 0 until the count is done.
	Count func(wait bool) int
	// Status, when set, adds to the progress line (what runs beside the
	// import, such as indexing).
	Status func() string
	// Timing, when set, receives where the phases spent their time.
	Timing *Timing
	// Committed, when set, receives after each transaction has committed
	// the articles it inserted as they stand in the database (Committed):
	// the import's index follower takes their documents from there
	// instead of reading them back (indexer.Feed). It runs on the writer:
	// it must be quick.
	Committed func([]Committed)
}

// Committed is an article an import's transaction inserted, as the
// database holds it once the transaction has committed: its row, its
// authors, the entities it mentions, and the change the transaction wrote
// to the log for it. Only articles inserted in the batch's one statement
// (not those a later record of the same batch wrote again) are handed
// over.
type Committed struct {
	Change   int64           // its change's id (position in the log)
	Article  *models.Article // its row, with its id
	Authors  []int64         // the people of its authors, in order (article_authors.ordinal)
	Mentions []models.Ref    // the entities it mentions, as its mentions' rows hold them (duplicates possible)
}

// Timing is where an import's phases spent their wall time: which one
// held the others up. The reader hands records to the writer through a
// queue of a few batches, the extraction workers fill them, and the one
// writer stores them in file order; the phase that is never kept waiting
// sets the pace (docs/scaling.md, "The import's phases overlapped").
type Timing struct {
	// Store is the whole of Import.
	Store time.Duration
	// Writing is the writer's time in its transactions (flush); Waiting,
	// its time waiting for the next record to be read and extracted.
	Writing, Waiting time.Duration
	// Extracting is the extraction workers' time on records, summed over
	// the workers (Workers of them).
	Extracting time.Duration
	Workers    int
	// ReaderBlocked is the reader's time waiting for room in the queue:
	// the writer behind.
	ReaderBlocked time.Duration
}

// Import reads every path (files or folders) and stores what it finds.
// Reading and extraction run on every core, ahead of the one writer, which
// stores records in file order.
func Import(ctx context.Context, s *models.Store, paths []string, opt Options) (Stats, []Failure, error) {
	if opt.Batch <= 0 {
		opt.Batch = defaultBatch(s)
	}
	if opt.Interval <= 0 {
		opt.Interval = 2 * time.Second
	}
	if opt.Progress != nil {
		// The progress goroutine and the writer (its notes of batches
		// written again) both write to Progress.
		opt.Progress = Locked(opt.Progress)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	im := &importer{store: s, opt: opt, started: time.Now(), cache: newCache()}
	// Each record gets a slot that a worker fills with its extraction; the
	// queue keeps file order.
	queue := make(chan *prepared, 4*opt.Batch)
	work := make(chan *prepared, 4*opt.Batch)
	var walkErr error
	var readerBlocked, extracting atomic.Int64
	// Each phase runs under a profiler label (role), so that a CPU
	// profile (TRACUU_CPUPROFILE) tells the phases' CPU apart.
	go pprof.Do(ctx, pprof.Labels("role", "read"), func(ctx context.Context) {
		defer close(queue)
		defer close(work)
		walkErr = ingest.Walk(paths, func(r ingest.Record) error {
			im.read.Add(1)
			p := &prepared{Record: r, done: make(chan struct{})}
			select {
			case queue <- p:
			default:
				t := time.Now()
				select {
				case queue <- p:
				case <-ctx.Done():
					return ctx.Err()
				}
				readerBlocked.Add(int64(time.Since(t)))
			}
			if r.Err != nil {
				close(p.done)
				return nil
			}
			select {
			case work <- p:
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
	})
	workers := max(1, runtime.GOMAXPROCS(0))
	for range workers {
		go pprof.Do(ctx, pprof.Labels("role", "extract"), func(context.Context) {
			for p := range work {
				t := time.Now()
				x := ingest.Extract(p.Article)
				p.extraction = &x
				p.model = ToModelExtracted(p.Article, &x)
				im.extracted.Add(1)
				close(p.done)
				extracting.Add(int64(time.Since(t)))
			}
		})
	}
	stopReport := im.report()
	var err error
	var writing, waiting time.Duration
	flush := func() error {
		t := time.Now()
		err := im.flush(ctx)
		writing += time.Since(t)
		return err
	}
	pprof.Do(ctx, pprof.Labels("role", "write"), func(ctx context.Context) {
		for {
			t := time.Now()
			p, ok := <-queue
			if ok {
				<-p.done
			}
			waiting += time.Since(t)
			if !ok {
				break
			}
			if p.Err != nil {
				im.fail(p.File, p.Line, p.Err.Error())
				continue
			}
			im.pending = append(im.pending, p)
			if len(im.pending) >= opt.Batch {
				if err = flush(); err != nil {
					break
				}
			}
		}
		if err == nil {
			err = flush()
		}
	})
	cancel()
	for range queue {
		// drain so the walker can stop
	}
	if err == nil && walkErr != nil && walkErr != context.Canceled {
		err = walkErr
	}
	stopReport()
	if opt.Timing != nil {
		*opt.Timing = Timing{Store: time.Since(im.started), Writing: writing, Waiting: waiting,
			Extracting: time.Duration(extracting.Load()), Workers: workers, ReaderBlocked: time.Duration(readerBlocked.Load())}
	}
	return im.stats, im.failures, err
}

// defaultBatch is how many records share a transaction unless Options
// says: 200 on SQLite, whose one writer the import's transaction holds
// from the servers' writes; 1000 on PostgreSQL, where a batch's writing
// is a score of round trips to the server whatever its size (its
// look-ups, the ids it takes, a COPY a table, the change log's lock, the
// commit), each a wait of the writer on the server and of the server on
// the writer, and writers beside the import wait on it only for a key
// both create (docs/scaling.md, "The PostgreSQL import's writer").
func defaultBatch(s *models.Store) int {
	if s.Dialect() == "postgres" {
		return 1000
	}
	return 200
}

var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// prepared is a record read and extracted, waiting for the writer.
type prepared struct {
	ingest.Record
	extraction *ingest.Extraction
	model      *models.Article
	done       chan struct{}
}

type importer struct {
	store    *models.Store
	opt      Options
	pending  []*prepared
	stats    Stats
	failures []Failure
	started  time.Time
	cache    *cache

	// Progress: records read, extracted and stored so far, and the
	// stats as of the last batch stored.
	read, extracted, stored atomic.Int64
	mu                      sync.Mutex
	shown                   Stats
}

func (im *importer) fail(file string, line int, reason string) {
	im.stats.Failed++
	im.failures = append(im.failures, Failure{File: file, Line: line, Reason: reason})
}

// raceTries bounds the runs of a batch that another writer's transaction
// undoes (models.Raced); recordRaceTries those of one of its records then.
// A record runs again inside its batch's transaction, which keeps the
// locks of the records before it: beside four writers storing the same
// articles one record deadlocked four runs in a row (CI, 3 December:
// TestImportWithConcurrentIngest failed it), so a record gets more runs,
// each after a longer wait (backoff).
const (
	raceTries       = 4
	recordRaceTries = 10
)

// backoff waits before run try+1 of what another writer undid: a few tens
// of milliseconds, more at each try, at random so that two writers that
// deadlocked do not meet again in step.
func backoff(ctx context.Context, try int) error {
	d := time.Duration(try)*20*time.Millisecond + time.Duration(rand.Int64N(int64(20*time.Millisecond)))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Locked returns w with its writes serialised, for several goroutines to
// write lines to (w itself when it is already).
func Locked(w io.Writer) io.Writer {
	if _, ok := w.(*lockedWriter); ok {
		return w
	}
	return &lockedWriter{w: w}
}

// lockedWriter serialises writes to w from several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// note prints a line about the import's course on Progress (else logs it).
func (im *importer) note(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	switch {
	case im.opt.Progress == nil:
		slog.Warn(line)
	case im.opt.Terminal:
		fmt.Fprintf(im.opt.Progress, "\r\033[K%s\n", line)
	default:
		fmt.Fprintln(im.opt.Progress, line)
	}
}

// errRetry rolls back a batch in which a record failed, to write it again
// with a savepoint per record.
var errRetry = errors.New("import: a record failed")

// flush stores the pending records in one transaction. Most batches hold
// no bad record, so the first try runs without savepoints; when a record
// fails, the batch is rolled back and written again with a savepoint per
// record, so that only the bad ones are left out.
func (im *importer) flush(ctx context.Context) error {
	if len(im.pending) == 0 {
		return nil
	}
	recs := im.pending
	im.pending = im.pending[:0:0]
	// A batch that another writer's transaction undid (a deadlock, a
	// serialization failure: models.Raced) runs again, up to raceTries
	// times, and then one record at a time, as a batch with a bad record.
	var results []models.SaveResult
	var fails []Failure
	var err error
	for try, savepoints := 1, false; ; try++ {
		// Only the batch's last run one record at a time keeps a record
		// that another writer undid in place (patient); earlier runs
		// give the whole batch up (write).
		results, fails, err = im.write(ctx, recs, savepoints, savepoints && try == raceTries)
		if errors.Is(err, errRetry) && !savepoints {
			savepoints, try = true, 0
			continue
		}
		if !models.Raced(err) || ctx.Err() != nil || savepoints && try == raceTries {
			break
		}
		if try == raceTries {
			savepoints, try = true, 0
		}
		im.stats.Retried++
		how := "again"
		if savepoints && try == 0 {
			how = "one record at a time"
		}
		im.note("import: the batch of %s:%d to %s:%d was rolled back by another writer (%v): writing it %s",
			recs[0].File, recs[0].Line, recs[len(recs)-1].File, recs[len(recs)-1].Line, err, how)
		if err := backoff(ctx, try); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, res := range results {
		switch res {
		case models.Inserted:
			im.stats.Inserted++
		case models.Updated:
			im.stats.Updated++
		case models.Unchanged:
			im.stats.Unchanged++
		}
	}
	for _, f := range fails {
		im.fail(f.File, f.Line, f.Reason)
	}
	im.stored.Add(int64(len(recs)))
	im.mu.Lock()
	im.shown = im.stats
	im.mu.Unlock()
	return nil
}

// write stores recs in one transaction and returns what it did with each
// good record and why each bad one failed. Without savepoints, the first
// bad record rolls everything back with errRetry. With savepoints, a
// record that another writer's transaction undid (models.Raced) runs
// again in place once; then, unless patient, the batch is given up with
// that error. The batch's transaction keeps the locks of the records
// before it, and the other writer may be waiting for one of them while it
// holds what the record needs: retried in place, the record deadlocked
// every run (TestImportWithConcurrentIngest failed so 2 runs in 15 on 3
// December), while the batch given up lets the other writer finish.
func (im *importer) write(ctx context.Context, recs []*prepared, savepoints, patient bool) (results []models.SaveResult, fails []Failure, err error) {
	err = im.store.BatchTx(ctx, func(tx *models.Store) error {
		l := &linker{tx: tx, cache: im.cache, keepFresh: im.opt.Committed != nil && !savepoints}
		if err := l.prefetch(ctx, recs); err != nil {
			return err
		}
		if !savepoints {
			// The new articles of the batch in one statement, and their
			// authors and mentions in a few at the end: the rows and ids
			// of the one-by-one writes (see models.Bulk). A bad record
			// makes the batch go again one by one, with savepoints.
			if err := l.insertArticles(ctx, recs); err != nil {
				if models.ErrorCode(err) == models.EINTERNAL {
					return err
				}
				return errRetry
			}
			// Then the entities the batch creates are written with its
			// authors and mentions (see models.Pending).
			if err := l.prefetchLinks(ctx, recs); err != nil {
				return err
			}
		}
		for i, r := range recs {
			conflicted := false // the record ran once more after an ECONFLICT
			for try := 1; ; try++ {
				var sp string
				if savepoints {
					sp = fmt.Sprintf("rec%d", i)
					if err := tx.SavePoint(ctx, sp); err != nil {
						return err
					}
				}
				art := *r.model // a try that is rolled back must not leave its ids behind
				res, err := l.store(ctx, r.Article, r.extraction, &art)
				if err == nil {
					results = append(results, res)
					break
				}
				// A race rolls the whole batch back, but with savepoints:
				// the record runs again below.
				raced := models.Raced(err)
				if raced && !savepoints || !raced && models.ErrorCode(err) == models.EINTERNAL {
					return err
				}
				if !savepoints {
					return errRetry
				}
				if err := tx.RollbackTo(ctx, sp); err != nil {
					return err
				}
				// What the record created is gone: forget it.
				im.cache.reset()
				// Another writer's doing (a deadlock, or an entity's key it
				// took since the look-up): the record again. A unique key
				// (ECONFLICT: the same article, stored meanwhile by an
				// ingestArticle) may be too on PostgreSQL: the record once
				// more, whichever its run (the first may have lost a key's
				// race), which then finds what the other committed. (On
				// SQLite the transaction holds the write lock: no other
				// writer commits meanwhile.)
				conflict := !raced && !conflicted && models.ErrorCode(err) == models.ECONFLICT && im.store.Dialect() == "postgres"
				conflicted = conflicted || conflict
				if raced && !patient && try >= 2 {
					return err
				}
				if (raced && try < recordRaceTries || conflict) && ctx.Err() == nil {
					im.stats.Retried++
					im.note("import: %s:%d was rolled back by another writer's write (%v): writing it again", r.File, r.Line, err)
					if raced {
						if err := backoff(ctx, try); err != nil {
							return err
						}
					}
					continue
				}
				fails = append(fails, Failure{File: r.File, Line: r.Line, Reason: err.Error()})
				break
			}
		}
		if err := l.writeBulk(ctx); err != nil {
			if models.ErrorCode(err) == models.EINTERNAL || savepoints {
				return err
			}
			return errRetry
		}
		if im.opt.Committed != nil && len(l.fresh) > 0 {
			fresh := l.fresh
			tx.AfterCommit(func(cs []models.Change) { im.opt.Committed(committed(fresh, cs)) })
		}
		return nil
	})
	if err != nil {
		im.cache.reset()
	}
	return results, fails, err
}

// report prints a progress line every Interval until the returned
// function is called, which prints the last one.
func (im *importer) report() (stop func()) {
	if im.opt.Progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(im.opt.Interval)
		defer t.Stop()
		for n := 0; ; n++ {
			select {
			case <-t.C:
				im.printProgress(n, false)
			case <-done:
				im.printProgress(n, true)
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// printProgress prints how far each phase is: reading and extraction run
// on every core ahead of the writer, so each gets its own count, rate and
// estimate of the time left.
func (im *importer) printProgress(n int, last bool) {
	elapsed := time.Since(im.started)
	phase := func(name string, done int64) string {
		rate := float64(done) / elapsed.Seconds()
		s := fmt.Sprintf("%s %d", name, done)
		total := int64(im.opt.Total)
		if total == 0 && im.opt.Count != nil {
			total = int64(im.opt.Count(last))
		}
		if total > 0 {
			s += fmt.Sprintf(" of %d", total)
			if left := total - done; left > 0 && rate > 0 && !last {
				s += fmt.Sprintf(" (%.0f/s, about %s left)", rate, time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
				return s
			}
		}
		return s + fmt.Sprintf(" (%.0f/s)", rate)
	}
	im.mu.Lock()
	st := im.shown
	im.mu.Unlock()
	line := fmt.Sprintf("import: %s; %s; %s: %d inserted, %d updated, %d unchanged, %d failed",
		phase("read", im.read.Load()), phase("extracted", im.extracted.Load()), phase("stored", im.stored.Load()),
		st.Inserted, st.Updated, st.Unchanged, st.Failed)
	if im.opt.Status != nil {
		line += "; " + im.opt.Status()
	}
	switch {
	case !im.opt.Terminal:
		fmt.Fprintln(im.opt.Progress, line)
	case last:
		fmt.Fprintf(im.opt.Progress, "\r\033[K%s\n", line)
	default:
		fmt.Fprintf(im.opt.Progress, "\r\033[K%s %s", spinner[n%len(spinner)], line)
	}
}

// committed pairs the articles the batch inserted (fresh) with the
// changes its transaction wrote for them.
func committed(fresh map[int64]*Committed, cs []models.Change) []Committed {
	out := make([]Committed, 0, len(fresh))
	for _, c := range cs {
		if c.EntityType != models.TypeArticle || c.Op != models.OpUpsert {
			continue
		}
		if a := fresh[c.EntityID]; a != nil {
			a.Change = c.ID
			out = append(out, *a)
		}
	}
	return out
}
