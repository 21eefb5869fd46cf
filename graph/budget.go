package graph

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"tracuu/models"
)

// Default budgets of a request (Config overrides them).
const (
	// DefaultMaxQueryBytes bounds a query document: it is refused before
	// it is parsed.
	DefaultMaxQueryBytes = 64 << 10
	// DefaultMaxSelections bounds the fields (and fragment spreads) a
	// document selects, counted by a lexer before parsing: validating
	// thousands of fields takes time that grows with their square.
	DefaultMaxSelections = 1000
	// DefaultRequestTimeout is the time a request may take.
	DefaultRequestTimeout = 10 * time.Second
	// DefaultSearchTimeout is the time one search may take.
	DefaultSearchTimeout = 2 * time.Second
	// ExpensiveCost is the cost (see Limits) from which an operation
	// needs one of the server's slots for expensive work.
	ExpensiveCost = 1000
)

// MutateOperationParameters implements graphql.OperationParameterMutator:
// a document too long or with too many selections is refused before it is
// parsed and validated.
func (l Limits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if n := len(p.Query); n > l.MaxQueryBytes {
		return tooComplexWith(map[string]any{"queryBytes": n, "maxQueryBytes": l.MaxQueryBytes},
			"the query document is %d bytes, more than the limit of %d", n, l.MaxQueryBytes)
	}
	if n := countSelections(p.Query, l.MaxSelections); n > l.MaxSelections {
		return tooComplexWith(map[string]any{"selections": n, "maxSelections": l.MaxSelections},
			"the query selects more than %d fields; ask for fewer (fragments and variables help)", l.MaxSelections)
	}
	return nil
}

// countSelections counts the fields and fragment spreads of a document
// with the lexer alone, stopping past limit: names inside a selection set,
// not in arguments, not aliases, directives or type conditions. A document
// the lexer refuses counts what it read; the parser reports the error.
func countSelections(doc string, limit int) int {
	lx := lexer.New(&ast.Source{Input: doc})
	n, braces, parens := 0, 0, 0
	prev := lexer.EOF
	skipNames := 0 // "on Type" after a spread
	for n <= limit {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		switch tok.Kind {
		case lexer.BraceL:
			if parens == 0 {
				braces++
			}
		case lexer.BraceR:
			if parens == 0 && braces > 0 {
				braces--
			}
		case lexer.ParenL:
			parens++
		case lexer.ParenR:
			if parens > 0 {
				parens--
			}
		case lexer.Colon:
			if parens == 0 && braces > 0 && prev == lexer.Name {
				n-- // the name was an alias: the field follows
			}
		case lexer.Name:
			switch {
			case parens > 0 || braces == 0 || prev == lexer.At || prev == lexer.Dollar:
			case skipNames > 0:
				skipNames--
			case prev == lexer.Spread && tok.Value == "on":
				skipNames = 1
				n++ // the inline fragment
			default:
				n++
			}
		}
		prev = tok.Kind
	}
	return n
}

func tooComplexWith(figures map[string]any, format string, args ...any) *gqlerror.Error {
	e := tooComplex(format, args...)
	for k, v := range figures {
		e.Extensions[k] = v
	}
	return e
}

// Slots bounds the expensive operations a server runs at once, so that
// one client cannot take every core; the others wait for a slot as long
// as their context lets them.
type Slots struct{ c chan struct{} }

// NewSlots returns n slots; n <= 0 means one per core.
func NewSlots(n int) *Slots {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return &Slots{c: make(chan struct{}, n)}
}

// Acquire takes a slot, or returns ctx's error when it ends first.
func (s *Slots) Acquire(ctx context.Context) error {
	select {
	case s.c <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release gives a slot back.
func (s *Slots) Release() { <-s.c }

// budgetKey holds the request's time budget in its context.
type budgetKey struct{}

// timeoutError is work stopped at the end of a time budget.
type timeoutError struct {
	what   string // "request", "search"
	budget time.Duration
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("the %s took more than its time budget of %s and was stopped: ask for less (smaller pages, fewer aliases, a narrower search)", e.what, e.budget)
}

// deadlineError turns err, when the request's deadline ended it, into a
// timeoutError naming the request's budget. A driver may report the end
// of its context in words of its own (SQLite: "interrupted"), so an error
// once the deadline has passed counts too.
func deadlineError(ctx context.Context, err error) *timeoutError {
	var te *timeoutError
	if errors.As(err, &te) {
		return te
	}
	ended := errors.Is(ctx.Err(), context.DeadlineExceeded) && models.ErrorCode(err) == models.EINTERNAL
	if !errors.Is(err, context.DeadlineExceeded) && !ended {
		return nil
	}
	budget, _ := ctx.Value(budgetKey{}).(time.Duration)
	return &timeoutError{what: "request", budget: budget}
}

// withSearchBudget bounds one search; its error names the search budget
// when that, not the request's, ran out.
func (r *Resolver) withSearchBudget(ctx context.Context, fn func(ctx context.Context) error) error {
	if r.SearchTimeout <= 0 {
		return fn(ctx)
	}
	sctx, cancel := context.WithTimeout(ctx, r.SearchTimeout)
	defer cancel()
	err := fn(sctx)
	if err != nil && ctx.Err() == nil && errors.Is(sctx.Err(), context.DeadlineExceeded) {
		return &timeoutError{what: "search", budget: r.SearchTimeout}
	}
	return err
}
