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
	v, err := l.Load(ctx, *id)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// entity loads any mentionable or searchable entity by type and id.
func (r *Resolver) entity(ctx context.Context, typ string, id int64) (models.Identified, error) {
	l := r.loaders(ctx)
	var (
		v   models.Identified
		err error
	)
	switch typ {
	case models.TypeArticle:
		v, err = nilIfMissing(load(ctx, l.Article, &id))
	case models.TypeOrganisation:
		v, err = nilIfMissing(load(ctx, l.Organisation, &id))
	case models.TypePerson:
		v, err = nilIfMissing(load(ctx, l.Person, &id))
	case models.TypeResolution:
		v, err = nilIfMissing(load(ctx, l.Resolution, &id))
	case models.TypeReport:
		v, err = nilIfMissing(load(ctx, l.Report, &id))
	default:
		return nil, models.Errorf(models.EINVALID, "%s is not an entity type", typ)
	}
	return v, err
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
