package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"tracuu/explore"
)

// Limits rejects operations that are too long, too deep or too costly
// before they run, with extensions.code QUERY_TOO_COMPLEX and the figures
// (cost and maxCost, depth and maxDepth...). Length and the number of
// selections are checked before parsing (MutateOperationParameters); depth
// and cost after.
//
// A field's cost is 1 plus the cost of its selection, multiplied by
// `first` (default 20) on list fields that take it, so a page of 100
// articles with 100 mentions each costs about 10,000 times the mention's
// own fields. The fields that do work of their own whatever they select
// (search, network, path...) add their price (see price), once per alias:
// a hundred aliases of search cost a hundred searches.
type Limits struct {
	MaxDepth      int
	MaxComplexity int
	MaxQueryBytes int
	MaxSelections int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = Limits{}

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "Limits" }

// Validate implements graphql.HandlerExtension.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// costKey is the operation's cost in its stats, for the slots.
const costKey = "tracuu.cost"

// MutateOperationContext implements graphql.OperationContextMutator.
func (l Limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Doc.Operations.ForName(oc.OperationName)
	if op == nil {
		return nil
	}
	depth, cost := measure(op.SelectionSet, oc.Variables, map[string]bool{})
	if depth > l.MaxDepth {
		return tooComplexWith(map[string]any{"depth": depth, "maxDepth": l.MaxDepth}, "query is %d levels deep, more than the limit of %d", depth, l.MaxDepth)
	}
	if cost > l.MaxComplexity {
		return tooComplexWith(map[string]any{"cost": cost, "maxCost": l.MaxComplexity},
			"query costs %d, more than the limit of %d; ask for smaller pages (first), fewer nested lists or fewer searches and explorations (a search costs %d, a network up to %d)",
			cost, l.MaxComplexity, searchPrice, networkPrice*explore.MaxNetworkLimit*3)
	}
	oc.Stats.SetExtension(costKey, cost)
	return nil
}

// Prices of the fields that work for themselves, measured on the
// development corpus (docs/reliability.md): a search takes about as long
// as loading 5,000 fields, a network about 10 per node per hop.
const (
	searchPrice  = 5000
	networkPrice = 10 // per node of limit, per hop of depth
	pathPrice    = 1000
	explorePrice = 500  // related, timeline
	ingestPrice  = 2000 // extraction and the write
	suggestPrice = 100
)

// price is what a field costs by itself, before its selection.
func price(f *ast.Field, vars map[string]any) int {
	switch f.Name {
	case "search":
		return searchPrice
	case "network":
		return networkPrice * intArg(f, "limit", vars, 100) * intArg(f, "depth", vars, 1)
	case "path":
		return pathPrice * intArg(f, "maxHops", vars, 4) * intArg(f, "alternatives", vars, 3)
	case "related", "timeline":
		return explorePrice
	case "ingestArticle":
		return ingestPrice
	case "suggest":
		return suggestPrice
	}
	return 0
}

// intArg is the positive value of the argument name of f, its default
// when not given, or def.
func intArg(f *ast.Field, name string, vars map[string]any, def int) int {
	if arg := f.Arguments.ForName(name); arg != nil {
		if v, err := arg.Value.Value(vars); err == nil {
			if n := toInt(v); n > 0 {
				return n
			}
		}
		return def
	}
	if f.Definition != nil {
		if d := f.Definition.Arguments.ForName(name); d != nil && d.DefaultValue != nil {
			if v, err := d.DefaultValue.Value(vars); err == nil {
				if n := toInt(v); n > 0 {
					return n
				}
			}
		}
	}
	return def
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
			c = min((1+c)*mult+price(s, vars), capCost)
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
