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
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	index "github.com/blevesearch/bleve_index_api"

	"tracuu/models"
	"tracuu/vntext"
)

// Doc is one thing to index. ID is "Type:dbid", e.g. "Article:12".
type Doc struct {
	ID, Type          string   // Type: Article, Organisation, Person, Resolution, Report
	Title, Lead, Body string   // Title for entities is their name; Body their summary
	Captions          []string // an article's photo captions
	Names             []string
	Source, Section   string
	Authors           []string
	PublishedAt       time.Time
	Mentions          []string // ids of mentioned entities: "Person:3"
}

// Field names in the index.
const (
	fTitle    = "title"
	fLead     = "lead"
	fBody     = "body"
	fCaptions = "captions"
	fNames    = "names"
	fType     = "type"
	fSource   = "source"
	fSection  = "section"
	fAuthors  = "authors"
	fMentions = "mentions"
	fPeople   = "people"
	fOrgs     = "organisations"
	fRes      = "resolutions"
	fYear     = "year"
	fFacets   = "facets" // "field\x1fvalue" of every facet field: one doc value to read per hit
	fDate     = "published"
	fTS       = "ts"
)

// Index is a Bleve index of articles and entities. It is safe for
// concurrent use; Rebuild swaps the underlying index while searches go on.
type Index struct {
	dir string

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
}

// NewMapping returns the index mapping: BM25 scoring; title, lead, body
// and names analysed with the folded Vietnamese analyzer, with term vectors
// (positions for phrases, offsets for the re-rank and highlights) and
// stored; keyword fields for filters and facets.
func NewMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	for name, filters := range analyzerConfigs {
		if err := m.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          "custom",
			"tokenizer":     TokenizerName,
			"token_filters": toIfaces(filters),
		}); err != nil {
			panic(err)
		}
	}
	m.DefaultAnalyzer = FoldedAnalyzer
	dm := bleve.NewDocumentStaticMapping()

	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = FoldedAnalyzer
		f.Store = store
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	for _, name := range []string{fTitle, fLead, fBody, fCaptions, fNames} {
		dm.AddFieldMappingsAt(name, text(true))
	}

	keyword := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		f.SkipFreqNorm = true
		return f
	}
	for _, name := range []string{fType, fSource, fSection, fPeople, fOrgs, fRes, fYear, fAuthors, fMentions} {
		dm.AddFieldMappingsAt(name, keyword(false))
	}
	dm.AddFieldMappingsAt(fFacets, keyword(true))

	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = false
	dm.AddFieldMappingsAt(fDate, date)
	ts := bleve.NewNumericFieldMapping()
	ts.Store = false
	ts.IncludeInAll = false
	ts.DocValues = true
	dm.AddFieldMappingsAt(fTS, ts)

	// No _all field: queries name their fields.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = dm
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m
}

func toIfaces(ss []string) []interface{} {
	out := make([]interface{}, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Open opens the index in dir, creating it if it does not exist. A rebuild
// interrupted after its new index was complete is finished here. An index
// that another process has open is not waited for: Open returns ErrLocked
// after a second.
func Open(dir string) (*Index, error) {
	bi, err := openBleve(dir)
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dir, bi: bi}
	if ix.pos, ix.hasPos, err = bi.position(); err != nil {
		bi.Close()
		return nil, err
	}
	return ix, nil
}

func openBleve(dir string) (*shards, error) {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(dir + ".new/" + completeMarker); err == nil {
			if err := os.Rename(dir+".new", dir); err != nil {
				return nil, fmt.Errorf("search: unable to finish rebuild: %w", err)
			}
		}
	}
	return openShards(dir)
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
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
	if err := ix.bi.apply(upserts, deletes, positionOps(pos)); err != nil {
		return err
	}
	if pos != nil {
		ix.setPosition(*pos)
	}
	return nil
}

func applyBatch(bi bleve.Index, upserts []Doc, deletes []string, internal map[string][]byte) error {
	b := bi.NewBatch()
	for k, v := range internal {
		b.SetInternal([]byte(k), v)
	}
	for i := range upserts {
		if upserts[i].ID == "" {
			return fmt.Errorf("search: document without id")
		}
		if err := b.Index(upserts[i].ID, upserts[i].fields()); err != nil {
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

// docType returns the type of a document id ("Person:3" is a Person).
func docType(id string) string {
	ref, _ := models.ParseRef(id)
	return ref.Type
}

// fields is the document as the mapping sees it. Text is stored as given
// (the database keeps it clean); the analyzers normalise each word, so
// text in NFD or with old-style tone marks is found all the same.
func (d *Doc) fields() map[string]interface{} {
	typ := d.Type
	if typ == "" {
		typ = docType(d.ID)
	}
	title, lead, body, names := d.Title, d.Lead, d.Body, d.Names
	f := map[string]interface{}{
		fType:  typ,
		fTitle: title,
	}
	if lead != "" {
		f[fLead] = lead
	}
	if body != "" {
		f[fBody] = body
	}
	if len(names) > 0 {
		f[fNames] = names
	}
	if len(d.Captions) > 0 {
		f[fCaptions] = d.Captions
	}
	if d.Source != "" {
		f[fSource] = d.Source
	}
	if d.Section != "" {
		f[fSection] = d.Section
	}
	if len(d.Authors) > 0 {
		f[fAuthors] = d.Authors
	}
	if len(d.Mentions) > 0 {
		f[fMentions] = d.Mentions
		var people, orgs, res []string
		for _, m := range d.Mentions {
			switch docType(m) {
			case models.TypePerson:
				people = append(people, m)
			case models.TypeOrganisation:
				orgs = append(orgs, m)
			case models.TypeResolution:
				res = append(res, m)
			}
		}
		if len(people) > 0 {
			f[fPeople] = people
		}
		if len(orgs) > 0 {
			f[fOrgs] = orgs
		}
		if len(res) > 0 {
			f[fRes] = res
		}
	}
	ts := 0.0
	if !d.PublishedAt.IsZero() {
		f[fDate] = d.PublishedAt
		f[fYear] = strconv.Itoa(d.PublishedAt.In(vntext.Vietnam).Year())
		ts = float64(d.PublishedAt.Unix())
	}
	f[fTS] = ts
	var facets []string
	for _, name := range []string{fType, fSource, fSection, fPeople, fOrgs, fRes, fYear} {
		switch v := f[name].(type) {
		case string:
			facets = append(facets, name+facetSep+v)
		case []string:
			for _, x := range v {
				facets = append(facets, name+facetSep+x)
			}
		}
	}
	f[fFacets] = facets
	return f
}

// facetSep separates a facet's field from its value in the facets field.
const facetSep = "\x1f"
