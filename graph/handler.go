package graph

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"tracuu/explore"
	"tracuu/graph/generated"
	"tracuu/models"
	"tracuu/search"
)

// Config is what the GraphQL endpoint needs besides the data.
type Config struct {
	// Tokens allowed to call mutations (and to read when PublicRead is false).
	Tokens []string
	// PublicRead lets anyone run queries.
	PublicRead              bool
	MaxDepth, MaxComplexity int
	// MaxQueryBytes and MaxSelections bound a query document before it is
	// parsed (0: DefaultMaxQueryBytes, DefaultMaxSelections).
	MaxQueryBytes, MaxSelections int
	// RequestTimeout is the time budget of a request, SearchTimeout of
	// one search in it (0: the defaults; negative: none).
	RequestTimeout, SearchTimeout time.Duration
	// Slots bounds the expensive operations run at once (nil: one slot
	// per core).
	Slots *Slots
	// Admission queues every request (first in, first out) and runs a
	// few at once (nil: DefaultAdmit, DefaultQueuePerSlot waiting each).
	Admission *Admission
	// Explore is the process's relationship explorer (nil: one is made).
	Explore *explore.Explorer
	// Observe, when set, is told the latency of every operation: each root
	// field of a query or mutation (search, related, ingestArticle...), its
	// whole selection included.
	Observe func(typ, operation string, d time.Duration)
	// IndexNotice, when set and returning non-nil, is added to every
	// response as extensions.searchIndex: the search index is not complete
	// (being built), and searches answer from what is built so far.
	IndexNotice func() any
}

// NewHandler returns the GraphQL endpoint (POST and GET).
func NewHandler(s *models.Store, ix *search.Index, cfg Config) http.Handler {
	cfg = cfg.withDefaults(s)
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{Store: s, Index: ix, Explore: cfg.Explore, SearchTimeout: cfg.SearchTimeout}}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(Limits{MaxDepth: cfg.MaxDepth, MaxComplexity: cfg.MaxComplexity, MaxQueryBytes: cfg.MaxQueryBytes, MaxSelections: cfg.MaxSelections})
	srv.SetErrorPresenter(ErrorPresenter)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		return models.Errorf(models.EINTERNAL, "panic: %v", v)
	})
	observe(srv, cfg)
	bound(srv, cfg)
	keys := requireTokens(srv, cfg)
	return admit(cfg.Admission, cfg.RequestTimeout, LoaderMiddleware(s, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), authKey{}, validToken(keys, r.Header.Get("Authorization")))
		srv.ServeHTTP(w, r.WithContext(ctx))
	})))
}

// withDefaults fills the settings left at zero.
func (cfg Config) withDefaults(s *models.Store) Config {
	if cfg.MaxDepth == 0 {
		cfg.MaxDepth = 15
	}
	if cfg.Explore == nil {
		cfg.Explore = explore.New(s)
	}
	if cfg.MaxComplexity == 0 {
		cfg.MaxComplexity = 200_000
	}
	if cfg.MaxQueryBytes == 0 {
		cfg.MaxQueryBytes = DefaultMaxQueryBytes
	}
	if cfg.MaxSelections == 0 {
		cfg.MaxSelections = DefaultMaxSelections
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.SearchTimeout == 0 {
		cfg.SearchTimeout = DefaultSearchTimeout
	}
	if cfg.Slots == nil {
		cfg.Slots = NewSlots(0)
	}
	if cfg.Admission == nil {
		cfg.Admission = NewAdmission(0, 0)
	}
	return cfg
}

// observe reports each root field's time (cfg.Observe) and adds the
// search index's notice to responses (cfg.IndexNotice).
func observe(srv *handler.Server, cfg Config) {
	if cfg.Observe != nil {
		srv.AroundRootFields(func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
			start := time.Now()
			m := next(ctx)
			typ := "query"
			if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
				typ = string(oc.Operation.Operation)
			}
			cfg.Observe(typ, graphql.GetRootFieldContext(ctx).Field.Name, time.Since(start))
			return m
		})
	}
	if cfg.IndexNotice != nil {
		srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
			resp := next(ctx)
			if n := cfg.IndexNotice(); n != nil && resp != nil {
				if resp.Extensions == nil {
					resp.Extensions = map[string]any{}
				}
				resp.Extensions["searchIndex"] = n
			}
			return resp
		})
	}
}

// bound gives every request its time budget and makes expensive
// operations wait for a slot.
func bound(srv *handler.Server, cfg Config) {
	// The time budget covers the wait for admission (it starts when the
	// request arrived), the wait for a slot and the execution (the
	// document was bounded before parsing). It is set here, around the
	// response (the first of these middlewares is the outermost), because
	// gqlgen answers nothing at all to a request whose context has ended
	// before its response is made.
	if cfg.RequestTimeout > 0 {
		srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
			arrived, ok := ctx.Value(arrivalKey{}).(time.Time)
			if !ok {
				arrived = time.Now()
			}
			ctx, cancel := context.WithDeadline(context.WithValue(ctx, budgetKey{}, cfg.RequestTimeout), arrived.Add(cfg.RequestTimeout))
			defer cancel()
			return next(ctx)
		})
	}
	// Expensive operations wait for a slot, as long as their budget lets
	// them; cheap ones never wait.
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		oc := graphql.GetOperationContext(ctx)
		if cost, _ := oc.Stats.GetExtension(costKey).(int); cost < ExpensiveCost {
			return next(ctx)
		}
		if err := cfg.Slots.Acquire(ctx); err != nil {
			budget, _ := ctx.Value(budgetKey{}).(time.Duration)
			return &graphql.Response{Errors: gqlerror.List{{
				Message:    fmt.Sprintf("the server is busy with other expensive requests and none finished within this request's time budget of %s: try again, or ask for less", budget),
				Extensions: map[string]any{"code": CodeTimeout},
			}}}
		}
		defer cfg.Slots.Release()
		return next(ctx)
	})
}

// requireTokens refuses mutations, and reads unless they are public, to
// requests without a valid token; it returns the tokens' hashes.
func requireTokens(srv *handler.Server, cfg Config) [][32]byte {
	keys := hashTokens(cfg.Tokens)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		authed, _ := ctx.Value(authKey{}).(bool)
		needs := oc.Operation != nil && (oc.Operation.Operation == ast.Mutation || !cfg.PublicRead)
		if needs && !authed {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
				Message:    "this operation needs an API token: send Authorization: Bearer <token>",
				Extensions: map[string]any{"code": CodeUnauthenticated},
			}}})
		}
		return next(ctx)
	})
	return keys
}

// RequireToken lets through only requests that carry one of tokens, for
// endpoints outside GraphQL (exports) when reads are not public.
func RequireToken(tokens []string, next http.Handler) http.Handler {
	keys := hashTokens(tokens)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !validToken(keys, r.Header.Get("Authorization")) {
			http.Error(w, "this endpoint needs an API token: send Authorization: Bearer <token>", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

type authKey struct{}

func hashTokens(tokens []string) [][32]byte {
	var out [][32]byte
	for _, t := range tokens {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, sha256.Sum256([]byte(t)))
		}
	}
	return out
}

// validToken compares the bearer token with every allowed one in constant
// time (hashes of equal length, no early exit). The scheme's case does not
// matter (RFC 9110: "bearer" is "Bearer").
func validToken(keys [][32]byte, header string) bool {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return false
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	match := 0
	for _, k := range keys {
		match |= subtle.ConstantTimeCompare(h[:], k[:])
	}
	return match == 1
}
