package indexer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"tracuu/models"
	"tracuu/search"
)

// Worker keeps one search index in step with the database's change log:
// it applies, in log order, the changes after the index's position, and
// writes the new position with the documents (search.Index.ApplyAt), so a
// crash at any point leaves the index where the next start takes it up.
// Several workers, each with its own index, follow the same log.
type Worker struct {
	Store *models.Store
	Index *search.Index
	// Batch is how many changes one round takes (default 500).
	Batch int
	// Feed, when set, hands over the documents of articles this process
	// has just committed (Feed): an import's follower.
	Feed *Feed

	built, total atomic.Int64 // documents of the running build
	gap          int64        // the first missing id seen after the position last round

	reading, applying atomic.Int64 // Drain's time reading documents and applying them
	fed, readBack     atomic.Int64 // articles Drain took from the feed, and read from the database
}

// Articles returns how many articles' documents Drain took from the
// Feed and how many it read from the database.
func (w *Worker) Articles() (fed, read int64) {
	return w.fed.Load(), w.readBack.Load()
}

// Times returns how long Drain has spent reading the documents of
// changes from the database and applying them to the index.
func (w *Worker) Times() (reading, applying time.Duration) {
	return time.Duration(w.reading.Load()), time.Duration(w.applying.Load())
}

// ErrBehind is returned when the change log has been pruned past the
// index's position: changes the index never had are gone from the log, and
// only a rebuild from the database can bring it back.
var ErrBehind = errors.New("indexer: the change log has been pruned past the index's position; the index must be rebuilt")

// errNoPosition: the index has no position to follow the log from.
var errNoPosition = errors.New("indexer: the index has no position in the change log")

// incomplete is the position of an index whose first build has started
// and not finished.
const incomplete = -1

// Drain applies one batch of changes after the index's position and
// returns how many it applied.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	pos, ok := w.Index.Position()
	if !ok || pos == incomplete {
		return 0, errNoPosition
	}
	batch := w.Batch
	if batch <= 0 {
		batch = 500
	}
	changes, err := w.Store.Changes(ctx, pos, batch)
	if err != nil {
		return 0, err
	}
	if len(changes) == 0 || changes[0].ID != pos+1 {
		// A gap after the position: an aborted transaction's ids, or
		// changes pruned before this index read them.
		ls, err := w.Store.LogState(ctx)
		if err != nil {
			return 0, err
		}
		if ls.PrunedThrough > pos {
			return 0, ErrBehind
		}
	}
	// The changes that follow the position without a gap are final: every
	// id up to them is visible. A gap is a transaction still committing,
	// which usually fills it by the next round, or a rolled-back one's ids:
	// a gap seen twice is settled (models: the change log, ordering).
	n := 0
	for n < len(changes) && changes[n].ID == pos+1+int64(n) {
		n++
	}
	if n < len(changes) {
		gap := pos + 1 + int64(n)
		if w.gap != gap {
			w.gap = gap
		} else if head, err := w.Store.SettledHead(ctx); err == nil {
			// Read again: the transaction in the gap may have committed
			// while the log was being settled.
			if changes, err = w.Store.Changes(ctx, pos, batch); err != nil {
				return 0, err
			}
			n = 0
			for n < len(changes) && changes[n].ID <= head {
				n++
			}
		} else if !errors.Is(err, models.ErrLogBusy) {
			return 0, err
		}
	}
	changes = changes[:n]
	if len(changes) == 0 {
		return 0, nil
	}
	t := time.Now()
	upserts, deletes, err := w.docs(ctx, changes)
	if err != nil {
		return 0, err
	}
	w.reading.Add(int64(time.Since(t)))
	t = time.Now()
	if err := w.Index.ApplyAt(ctx, changes[len(changes)-1].ID, upserts, deletes); err != nil {
		return 0, fmt.Errorf("indexer: unable to apply changes: %w", err)
	}
	w.applying.Add(int64(time.Since(t)))
	if w.Feed != nil {
		w.Feed.drop(changes[len(changes)-1].ID)
	}
	return len(changes), nil
}

// docs turns changes into the documents to write and the ids to delete.
// The last change of an entity wins, and an upsert reads the entity as it
// is now: an upsert after a delete re-adds it, and an entity gone since
// its change was written is deleted.
func (w *Worker) docs(ctx context.Context, changes []models.Change) ([]search.Doc, []string, error) {
	last := map[string]models.Change{}
	var order []string
	for _, c := range changes {
		k := models.Ref{Type: c.EntityType, ID: c.EntityID}.String()
		if _, seen := last[k]; !seen {
			order = append(order, k)
		}
		last[k] = c
	}
	byType := map[string][]int64{}
	var deletes []string
	var fed []fedArticle
	var gonePeople []int64
	for _, k := range order {
		c := last[k]
		switch {
		case c.Op == models.OpDelete:
			deletes = append(deletes, k)
			if c.EntityType == models.TypePerson {
				gonePeople = append(gonePeople, c.EntityID)
			}
		case c.EntityType == models.TypeArticle && w.Feed != nil:
			// The article as this process committed it with this very
			// change, when it was handed over (Feed).
			if a, ok := w.Feed.take(c.ID, c.EntityID); ok {
				fed = append(fed, a)
				break
			}
			fallthrough
		default:
			byType[c.EntityType] = append(byType[c.EntityType], c.EntityID)
		}
	}
	var upserts []search.Doc
	// In the order of the types: the people before the fed articles,
	// whose authors' names they bring up to date.
	for _, typ := range slices.Sorted(maps.Keys(byType)) {
		ids := byType[typ]
		docs, err := Docs(ctx, w.Store, typ, ids)
		if err != nil {
			return nil, nil, err
		}
		found := map[string]bool{}
		for _, d := range docs {
			found[d.ID] = true
		}
		var gone []int64
		for _, id := range ids {
			if k := (models.Ref{Type: typ, ID: id}).String(); !found[k] {
				deletes = append(deletes, k)
				gone = append(gone, id)
			}
		}
		upserts = append(upserts, docs...)
		if typ == models.TypeArticle {
			w.readBack.Add(int64(len(ids)))
		}
		if typ == models.TypePerson && w.Feed != nil {
			w.Feed.people(docs, gone)
		}
	}
	if w.Feed != nil {
		w.Feed.people(nil, gonePeople)
	}
	if len(fed) > 0 {
		docs, err := w.Feed.docs(ctx, w.Store, fed)
		if err != nil {
			return nil, nil, err
		}
		upserts = append(upserts, docs...)
		w.fed.Add(int64(len(fed)))
	}
	return upserts, deletes, nil
}

// CatchUp brings the index to the head of the change log and returns how
// many changes it applied: it builds the index from the database when it
// has no position (new, wiped, made by an older version, or a first build
// cut short) or has fallen behind the pruned log, then applies the
// changes after its position until none is left.
func (w *Worker) CatchUp(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := w.Drain(ctx)
		total += n
		switch {
		case errors.Is(err, errNoPosition), errors.Is(err, ErrBehind):
			if err := w.Build(ctx); err != nil {
				return total, err
			}
		case err != nil || n == 0:
			return total, err
		}
	}
}

// Build builds the index from the database. An empty index is filled in
// place, so that searches answer from what is built so far; an index with
// documents is rebuilt beside (Rebuild). Progress reports how far it is.
func (w *Worker) Build(ctx context.Context) error {
	if n, err := w.Index.DocCount(); err != nil || n > 0 {
		if err != nil {
			return err
		}
		return w.Rebuild(ctx)
	}
	head, docs, err := w.start(ctx)
	if err != nil {
		return err
	}
	defer w.total.Store(0)
	// Marked incomplete until the last batch, so that a crash half-way is
	// built again at the next start.
	if err := w.Index.ApplyAt(ctx, incomplete, nil, nil); err != nil {
		return err
	}
	const batch = 1000
	buf := make([]search.Doc, 0, batch)
	err = docs(func(d search.Doc) error {
		buf = append(buf, d)
		if len(buf) < batch {
			return nil
		}
		err := w.Index.Apply(ctx, buf, nil)
		buf = buf[:0]
		return err
	})
	if err != nil {
		return err
	}
	if err := w.Index.ApplyAt(ctx, head, buf, nil); err != nil {
		return err
	}
	w.builtTo(head)
	return nil
}

// builtTo tells the feed that the index was built from the database up to
// head: the articles handed over up to there are passed, and the people's
// names it knows may be older than the build's.
func (w *Worker) builtTo(head int64) {
	if w.Feed != nil {
		w.Feed.drop(head)
		w.Feed.forget()
	}
}

// Rebuild builds a new index from the database beside the live one, which
// goes on answering and taking changes, and swaps it in.
func (w *Worker) Rebuild(ctx context.Context) error {
	head, docs, err := w.start(ctx)
	if err != nil {
		return err
	}
	defer w.total.Store(0)
	if err := w.Index.Rebuild(ctx, head, docs); err != nil {
		return err
	}
	w.builtTo(head)
	return nil
}

// start begins a build: the head of the log, read before any document so
// that the documents hold every change up to it, and the documents,
// counted into Progress.
func (w *Worker) start(ctx context.Context) (int64, func(yield func(search.Doc) error) error, error) {
	head, err := settledHead(ctx, w.Store)
	if err != nil {
		return 0, nil, err
	}
	total, err := w.Store.EntityCount(ctx)
	if err != nil {
		return 0, nil, err
	}
	w.built.Store(0)
	w.total.Store(total)
	docs := allDocs(ctx, w.Store, nil)
	return head, func(yield func(search.Doc) error) error {
		return docs(func(d search.Doc) error {
			w.built.Add(1)
			return yield(d)
		})
	}, nil
}

// settledHead is Store.SettledHead, tried again while writers hold the log
// (for at most about ten seconds).
func settledHead(ctx context.Context, s *models.Store) (int64, error) {
	for i := 0; ; i++ {
		head, err := s.SettledHead(ctx)
		if !errors.Is(err, models.ErrLogBusy) || i == 100 {
			return head, err
		}
	}
}

// Progress returns the documents built so far and the number to build
// while Build runs, and zeros otherwise.
func (w *Worker) Progress() (built, total int64) {
	return w.built.Load(), w.total.Load()
}
