package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits rejects operations that are too deep or too costly before they
// run, with extensions.code QUERY_TOO_COMPLEX. A field's cost is 1 plus the
// cost of its selection, multiplied by `first` (default 20) on list fields
// that take it, so a page of 100 articles with 100 mentions each costs about
// 10,000 times the mention's own fields.
type Limits struct {
	MaxDepth      int
	MaxComplexity int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Limits{}

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "Limits" }

// Validate implements graphql.HandlerExtension.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (l Limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Doc.Operations.ForName(oc.OperationName)
	if op == nil {
		return nil
	}
	depth, cost := measure(op.SelectionSet, oc.Variables, map[string]bool{})
	if depth > l.MaxDepth {
		return tooComplex("query is %d levels deep, more than the limit of %d", depth, l.MaxDepth)
	}
	if cost > l.MaxComplexity {
		return tooComplex("query costs %d, more than the limit of %d; ask for smaller pages (first) or fewer nested lists", cost, l.MaxComplexity)
	}
	return nil
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": CodeTooComplex}
	return e
}

// measure returns the depth of a selection set and its cost: each field
// costs one, times the page size (first, else 20) when it is a list.
func measure(set ast.SelectionSet, vars map[string]any, seen map[string]bool) (depth, cost int) {
	const capCost = 1 << 30
	for _, sel := range set {
		var d, c int
		switch s := sel.(type) {
		case *ast.Field:
			d, c = measure(s.SelectionSet, vars, seen)
			mult := 1
			if arg := s.Arguments.ForName("first"); arg != nil {
				if v, err := arg.Value.Value(vars); err == nil {
					if n := toInt(v); n > 0 {
						mult = n
					}
				}
			} else if s.Definition != nil && s.Definition.Arguments.ForName("first") != nil {
				mult = 20
			}
			c = (1 + c) * mult
			d++
		case *ast.InlineFragment:
			d, c = measure(s.SelectionSet, vars, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] || s.Definition == nil {
				continue
			}
			seen[s.Name] = true
			d, c = measure(s.Definition.SelectionSet, vars, seen)
			delete(seen, s.Name)
		}
		depth = max(depth, d)
		cost = min(cost+c, capCost)
	}
	return depth, cost
}

// fieldSelected reports whether the current field selects a child named name.
func fieldSelected(ctx context.Context, name string) bool {
	fc := graphql.GetFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil {
		return true
	}
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

func toInt(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case int:
		return n
	case float64:
		return int(n)
	case interface{ Int64() (int64, error) }:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}
