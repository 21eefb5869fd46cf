package graph

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"tracuu/models"
)

// Loaders batch the lookups of one request, so that a page of 100 articles
// with their authors and mentions costs a few queries, not one per row.
type Loaders struct {
	Article      *dataloadgen.Loader[int64, *models.Article]
	Organisation *dataloadgen.Loader[int64, *models.Organisation]
	Person       *dataloadgen.Loader[int64, *models.Person]
	Resolution   *dataloadgen.Loader[int64, *models.Resolution]
	Report       *dataloadgen.Loader[int64, *models.Report]
	Authors      *dataloadgen.Loader[int64, []*models.Person]
	Mentions     *dataloadgen.Loader[int64, []*models.Mention]
	Figures      *dataloadgen.Loader[int64, []*models.Figure]
	ReportRes    *dataloadgen.Loader[int64, []int64]
}

// batchWindow is how long a loader waits for more keys before it reads
// the ones it has. The lookups whose keys a resolver holds all at once are
// read without it (entities, the prefetches).
var batchWindow = 2 * time.Millisecond

func entityLoader[T any, PT interface {
	*T
	models.Identified
}](s *models.Store) *dataloadgen.Loader[int64, *T] {
	return dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]*T, error) {
		return models.ByIDs[T, PT](ctx, s, ids)
	}, dataloadgen.WithWait(batchWindow), dataloadgen.WithBatchCapacity(500))
}

func listLoader[V any](fetch func(context.Context, []int64) (map[int64][]V, error)) *dataloadgen.Loader[int64, []V] {
	return dataloadgen.NewLoader(func(ctx context.Context, ids []int64) ([][]V, []error) {
		m, err := fetch(ctx, ids)
		out := make([][]V, len(ids))
		errs := make([]error, len(ids))
		for i, id := range ids {
			out[i], errs[i] = m[id], err
		}
		return out, errs
	}, dataloadgen.WithWait(batchWindow), dataloadgen.WithBatchCapacity(500))
}

// NewLoaders returns fresh loaders for one request.
func NewLoaders(s *models.Store) *Loaders {
	return &Loaders{
		Article:      entityLoader[models.Article](s),
		Organisation: entityLoader[models.Organisation](s),
		Person:       entityLoader[models.Person](s),
		Resolution:   entityLoader[models.Resolution](s),
		Report:       entityLoader[models.Report](s),
		Authors:      listLoader(s.AuthorsOf),
		Mentions:     listLoader(s.MentionsInArticles),
		Figures:      listLoader(s.FiguresOf),
		ReportRes:    listLoader(s.ResolutionIDsOf),
	}
}

type loadersKey struct{}

// LoaderMiddleware gives every request its own loaders.
func LoaderMiddleware(s *models.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(s))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Store)
}

// load returns the entity or nil when it does not exist.
func load[T any](ctx context.Context, l *dataloadgen.Loader[int64, *T], id *int64) (*T, error) {
	if id == nil {
		return nil, nil
	}
	return loadThunk(ctx, l, *id)()
}

// loadThunk starts loading an entity; the function it returns waits for it
// and gives nil when it does not exist.
func loadThunk[T any](ctx context.Context, l *dataloadgen.Loader[int64, *T], id int64) func() (*T, error) {
	wait := l.LoadThunk(ctx, id)
	return func() (*T, error) {
		v, err := wait()
		if errors.Is(err, dataloadgen.ErrNotFound) {
			return nil, nil
		}
		return v, err
	}
}

// entity loads any mentionable or searchable entity; nil when there is
// none.
func (r *Resolver) entity(ctx context.Context, ref models.Ref) (models.Identified, error) {
	return r.loaders(ctx).entity(ctx, ref)()
}

// rootEntity is entity for a root field: read at once when the operation
// has no other root field to batch with (the loaders' batch window would
// add its 2 ms for nothing), else through the loaders, so that aliases of
// node make one query.
func (r *Resolver) rootEntity(ctx context.Context, ref models.Ref) (models.Identified, error) {
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && len(op.SelectionSet) == 1 {
			vs, err := r.entities(ctx, []models.Ref{ref})
			if err != nil {
				return nil, err
			}
			return vs[0], nil
		}
	}
	return r.entity(ctx, ref)
}

// entities loads many entities at once, one query per type, at once: the
// caller has every key, so the loaders' batch window (a wait for lookups
// from other goroutines) would add its 2 ms to the request for nothing.
// What it finds primes the loaders, for the fields resolved under it. A
// missing one, or a zero ref, is nil.
func (r *Resolver) entities(ctx context.Context, refs []models.Ref) ([]models.Identified, error) {
	l := r.loaders(ctx)
	byType := map[string][]int64{}
	for _, e := range refs {
		if e != (models.Ref{}) {
			byType[e.Type] = append(byType[e.Type], e.ID)
		}
	}
	found := make(map[models.Ref]models.Identified, len(refs))
	for typ, ids := range byType {
		var err error
		switch typ {
		case models.TypeArticle:
			err = fetchNow(ctx, r.Store, l.Article, typ, ids, found)
		case models.TypeOrganisation:
			err = fetchNow(ctx, r.Store, l.Organisation, typ, ids, found)
		case models.TypePerson:
			err = fetchNow(ctx, r.Store, l.Person, typ, ids, found)
		case models.TypeResolution:
			err = fetchNow(ctx, r.Store, l.Resolution, typ, ids, found)
		case models.TypeReport:
			err = fetchNow(ctx, r.Store, l.Report, typ, ids, found)
		default:
			err = models.Errorf(models.EINVALID, "%s is not an entity type", typ)
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]models.Identified, len(refs))
	for i, e := range refs {
		out[i] = found[e] // nil when missing
	}
	return out, nil
}

// fetchNow reads the entities of one type with the given ids into found
// and primes the loader with them.
func fetchNow[T any, PT interface {
	*T
	models.Identified
}](ctx context.Context, s *models.Store, l *dataloadgen.Loader[int64, *T], typ string, ids []int64, found map[models.Ref]models.Identified) error {
	m, err := models.ByIDs[T, PT](ctx, s, ids)
	if err != nil {
		return err
	}
	for id, v := range m {
		l.Prime(id, v)
		found[models.Ref{Type: typ, ID: id}] = PT(v)
	}
	return nil
}

// entitiesByDocID loads the entities of search documents ("Type:id"); an
// id that names none gives nil.
func (r *Resolver) entitiesByDocID(ctx context.Context, docIDs []string) ([]models.Identified, error) {
	refs := make([]models.Ref, len(docIDs))
	for i, d := range docIDs {
		refs[i], _ = models.ParseRef(d)
	}
	return r.entities(ctx, refs)
}

// entity starts loading an entity; the function it returns waits for it.
func (l *Loaders) entity(ctx context.Context, ref models.Ref) func() (models.Identified, error) {
	id := ref.ID
	switch ref.Type {
	case models.TypeArticle:
		return thunk(ctx, l.Article, id)
	case models.TypeOrganisation:
		return thunk(ctx, l.Organisation, id)
	case models.TypePerson:
		return thunk(ctx, l.Person, id)
	case models.TypeResolution:
		return thunk(ctx, l.Resolution, id)
	case models.TypeReport:
		return thunk(ctx, l.Report, id)
	}
	return func() (models.Identified, error) {
		return nil, models.Errorf(models.EINVALID, "%s is not an entity type", ref.Type)
	}
}

// thunk is loadThunk for any entity type, as models.Identified.
func thunk[T any, PT interface {
	*T
	models.Identified
}](ctx context.Context, l *dataloadgen.Loader[int64, *T], id int64) func() (models.Identified, error) {
	wait := loadThunk(ctx, l, id)
	return func() (models.Identified, error) {
		v, err := wait()
		return nilIfMissing(PT(v), err)
	}
}

// nilIfMissing returns a nil interface (not a typed nil) for a missing entity.
func nilIfMissing[T any, PT interface {
	*T
	models.Identified
}](v PT, err error) (models.Identified, error) {
	if v == nil || err != nil {
		return nil, err
	}
	return v, nil
}
