package indexer

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"tracuu/models"
	"tracuu/search"
)

// Feed hands a Worker the articles a writer of this process has just
// committed (an import's), keyed by the change that recorded each, so that
// the worker builds their documents from memory instead of reading the
// articles, their authors and their mentions back from the database.
//
// The change log stays what the worker follows: an article is taken from
// the feed only for the very change it was handed with, when that change
// is the article's last in the worker's batch; any other change (another
// writer's, a later one of the same article, a delete) reads the database
// as before. What the feed holds is what the database held at that
// change's commit, so the index is the same as one read back at that
// point; every later write of the article writes a later change, read
// from the database. One thing is kept between batches: the names of the
// people who are authors, by id, as the worker last read them (their
// Person documents, or the database); a Person change in the log reads
// the person again. A rename of a person writes no change for the articles
// they wrote (models.UpdatePerson): their documents keep the name they
// were built with, read back or from here, until the article changes.
type Feed struct {
	mu   sync.Mutex
	arts map[int64]fedArticle // by change id
	max  int
	// waits: a full feed makes Add wait for room (Waits); room is
	// signalled whenever articles leave the feed.
	waits bool
	room  *sync.Cond

	// names are people's names by id, for the authors of fed articles;
	// the worker's goroutine only.
	names map[int64]string
}

type fedArticle struct {
	article  *models.Article
	authors  []int64
	mentions []models.Ref
}

// NewFeed returns a feed that holds at most max articles (a worker far
// behind the writer reads the rest back from the database).
func NewFeed(max int) *Feed {
	f := &Feed{arts: map[int64]fedArticle{}, max: max, names: map[int64]string{}}
	f.room = sync.NewCond(&f.mu)
	return f
}

// Waits sets whether a full feed makes Add wait for the worker to take or
// drop articles (on) or return false at once (off, the default), and wakes
// the writers waiting. A worker that follows the log with every change it
// takes turns it on: a writer far ahead of it then waits for it instead of
// leaving it articles to read back from the database, which on a machine
// whose cores are all busy cost more CPU than waiting (docs/scaling.md,
// "The merged import of 3 December, round two"). Whoever turns it on turns
// it off before it stops taking articles (an error, a rebuild, the end),
// so that no writer waits for a worker that is not coming.
func (f *Feed) Waits(on bool) {
	f.mu.Lock()
	f.waits = on
	f.mu.Unlock()
	f.room.Broadcast()
}

// Add hands over article a, committed with change (its id in the log),
// with its authors' person ids in order and the entities it mentions. The
// feed keeps a, authors and mentions as they are: the caller must not
// change them. It returns false when the feed is full, unless the feed
// waits (Waits): then it waits for room.
func (f *Feed) Add(change int64, a *models.Article, authors []int64, mentions []models.Ref) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.arts) >= f.max {
		if !f.waits {
			return false
		}
		f.room.Wait()
	}
	f.arts[change] = fedArticle{article: a, authors: authors, mentions: mentions}
	return true
}

// Len returns how many articles the feed holds.
func (f *Feed) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.arts)
}

// take returns and forgets the article handed over with change c, when it
// is article id.
func (f *Feed) take(c, id int64) (fedArticle, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.arts[c]
	if !ok || a.article.ID != id {
		return fedArticle{}, false
	}
	delete(f.arts, c)
	f.room.Broadcast()
	return a, true
}

// drop forgets the articles of the changes up to through: the worker has
// passed them (taken, superseded by a later change in the same batch, or
// built from the database).
func (f *Feed) drop(through int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.arts {
		if c <= through {
			delete(f.arts, c)
		}
	}
	f.room.Broadcast()
}

// forget drops what the feed remembers of people: after a build from the
// database, whose Person documents did not pass through it.
func (f *Feed) forget() { clear(f.names) }

// people notes the Person documents (and deletions) the worker read.
func (f *Feed) people(docs []search.Doc, gone []int64) {
	for _, d := range docs {
		if r, err := models.ParseRef(d.ID); err == nil {
			f.names[r.ID] = d.Title
		}
	}
	for _, id := range gone {
		delete(f.names, id)
	}
}

// docs builds the documents of fed articles as articleDocs would read
// them: the authors' names from what the feed knows, the rest of them in
// one query.
func (f *Feed) docs(ctx context.Context, s *models.Store, arts []fedArticle) ([]search.Doc, error) {
	var missing []int64
	for _, a := range arts {
		for _, id := range a.authors {
			if _, ok := f.names[id]; !ok {
				missing = append(missing, id)
			}
		}
	}
	if len(missing) > 0 {
		people, err := models.ByIDs[models.Person](ctx, s, missing)
		if err != nil {
			return nil, err
		}
		for id, p := range people {
			f.names[id] = p.Name
		}
	}
	docs := make([]search.Doc, 0, len(arts))
	for _, fa := range arts {
		a := fa.article
		d := articleDoc(a)
		for _, id := range fa.authors {
			// An author deleted since is left out, as the join of
			// AuthorsOf leaves them out.
			if n, ok := f.names[id]; ok {
				d.Authors = append(d.Authors, n)
			}
		}
		ms := slices.Clone(fa.mentions)
		slices.SortFunc(ms, func(x, y models.Ref) int {
			return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.ID, y.ID))
		})
		ms = slices.Compact(ms)
		for _, m := range ms {
			d.Mentions = append(d.Mentions, m.String())
		}
		docs = append(docs, d)
	}
	return docs, nil
}
