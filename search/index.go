// Package search is Tracuu's full-text search: Vietnamese analysis for
// Bleve, the index mapping, query parsing with abbreviations, ranking with
// a proximity and diacritics re-rank, highlights of the original text,
// facets and cursor pagination.
package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Index is a Bleve index of articles and entities. It is safe for
// concurrent use; Rebuild swaps the underlying index while searches go on.
type Index struct {
	dir    string
	merges map[string]any // the parts' merge plan (servingMerges, importMerges)

	mu sync.RWMutex
	bi *shards

	// While a rebuild runs, writes are remembered and replayed onto the
	// new index before it is swapped in, with the last position given.
	rebuildMu  sync.Mutex
	pending    map[string]*Doc // nil value: deleted
	pendingPos int64

	posMu  sync.Mutex
	pos    int64 // position in the change log (see position.go)
	hasPos bool

	lengths lengthStats
	// gen moves on with every write: cached results of an older
	// generation are never served.
	gen   atomic.Uint64
	cache resultCache
	// warmed is closed when the facet cache has been filled for the
	// index as opened (warmFacets).
	warmed chan struct{}
	// serving is set for a server's index (Open): its segment files are
	// read ahead into the page cache (prefetch), which closes prefetched.
	serving    bool
	prefetched chan struct{}
	closing    atomic.Bool  // Close is waiting: warm stops
	swapping   atomic.Int32 // a rebuild waits to swap its index in: warm stops
}

// NewMapping returns the index mapping. Documents come analysed (see
// Doc.document), so the mapping declares no field: it only names the
// analyzers, which Suggest's queries do not need either.
func NewMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	dm := bleve.NewDocumentStaticMapping()
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = dm
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m
}

// Open opens the index in dir, creating it if it does not exist. A rebuild
// interrupted after its new index was complete is finished here. An index
// that another process has open is not waited for: Open returns ErrLocked
// after a second.
func Open(dir string) (*Index, error) {
	ix, err := open(dir, servingMerges)
	if err != nil {
		return nil, err
	}
	ix.serving = true
	ix.prefetch()
	return ix, nil
}

// OpenImport opens the index in dir as Open does, for an import to keep:
// its parts merge less as the import writes (importMerges), and Compact
// or MergeAsServing at the end merges what is left. A server opens the
// index with Open.
func OpenImport(dir string) (*Index, error) {
	return open(dir, importMerges)
}

func open(dir string, merges map[string]any) (*Index, error) {
	bi, err := openBleve(dir, merges)
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dir, merges: merges, bi: bi}
	if ix.pos, ix.hasPos, err = bi.position(); err != nil {
		bi.Close()
		return nil, err
	}
	ix.warm()
	return ix, nil
}

func openBleve(dir string, merges map[string]any) (*shards, error) {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(dir + ".new/" + completeMarker); err == nil {
			if err := os.Rename(dir+".new", dir); err != nil {
				return nil, fmt.Errorf("search: unable to finish rebuild: %w", err)
			}
		}
	}
	return openShards(dir, merges)
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.closing.Store(true)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
	ix.forgetFacets()
	err := ix.bi.Close()
	ix.bi = nil
	return err
}

// DocCount returns the number of documents in the index.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return 0, errClosed
	}
	return ix.bi.DocCount()
}

var errClosed = errors.New("search: index is closed")

// Apply writes upserts and deletes in one Bleve batch.
func (ix *Index) Apply(ctx context.Context, upserts []Doc, deletes []string) error {
	return ix.apply(ctx, upserts, deletes, nil)
}

func (ix *Index) apply(ctx context.Context, upserts []Doc, deletes []string, pos *int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ix.rebuildMu.Lock()
	if ix.pending != nil {
		for i := range upserts {
			d := upserts[i]
			ix.pending[d.ID] = &d
		}
		for _, id := range deletes {
			ix.pending[id] = nil
		}
		if pos != nil {
			ix.pendingPos = max(ix.pendingPos, *pos)
		}
	}
	ix.rebuildMu.Unlock()

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return errClosed
	}
	defer ix.gen.Add(1)
	if err := ix.bi.apply(upserts, deletes, positionOps(pos)); err != nil {
		return err
	}
	if pos != nil {
		ix.setPosition(*pos)
	}
	return nil
}

func applyBatch(bi bleve.Index, coded bool, upserts []Doc, deletes []string, internal map[string][]byte) error {
	b := bi.NewBatch()
	for k, v := range internal {
		b.SetInternal([]byte(k), v)
	}
	// The documents' term lists come from lists, free again once Batch
	// has returned: Bleve has then built the batch's segment from them,
	// and neither it nor b is kept.
	lists := getTermLists()
	defer putTermLists(lists)
	for i := range upserts {
		doc, err := upserts[i].document(coded, lists)
		if err != nil {
			return err
		}
		if err := b.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("search: unable to index %s: %w", upserts[i].ID, err)
		}
	}
	for _, id := range deletes {
		b.Delete(id)
	}
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("search: unable to apply batch: %w", err)
	}
	return nil
}
