package graph_test

import (
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestSearchFacetAliases: facets selected twice under aliases, each with
// other buckets, are all counted (not only those of the first selection).
func TestSearchFacetAliases(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(`{ search(query: "tỉnh ủy") { a: facets { years { value count } } b: facets { sources { value count } } } }`, nil)
		for _, f := range []struct{ alias, facet string }{{"a", "years"}, {"b", "sources"}} {
			if buckets, _ := get(d, "search", f.alias, f.facet).([]any); len(buckets) == 0 {
				t.Errorf("%s: no %s buckets: %v", f.alias, f.facet, get(d, "search"))
			}
		}
	})
}
