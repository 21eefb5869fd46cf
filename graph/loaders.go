package graph

import (
	"context"
	"errors"
	"net/http"
	"time"

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

func entityLoader[T any, PT interface {
	*T
	models.Identified
}](s *models.Store) *dataloadgen.Loader[int64, *T] {
	return dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]*T, error) {
		return models.ByIDs[T, PT](ctx, s, ids)
	}, dataloadgen.WithWait(2*time.Millisecond), dataloadgen.WithBatchCapacity(500))
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
	}, dataloadgen.WithWait(2*time.Millisecond), dataloadgen.WithBatchCapacity(500))
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

// entities loads many entities at once, one query per type rather than one
// wait of the loaders per entity; a missing one, or a zero ref, is nil.
func (r *Resolver) entities(ctx context.Context, refs []models.Ref) ([]models.Identified, error) {
	l := r.loaders(ctx)
	thunks := make([]func() (models.Identified, error), len(refs))
	for i, e := range refs {
		if e != (models.Ref{}) {
			thunks[i] = l.entity(ctx, e)
		}
	}
	out := make([]models.Identified, len(refs))
	for i, t := range thunks {
		if t == nil {
			continue
		}
		var err error
		if out[i], err = t(); err != nil {
			return nil, err
		}
	}
	return out, nil
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
