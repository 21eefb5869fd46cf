package graph_test

import (
	"strings"
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestCaptions: an article shows its photo captions, and a search for
// words only a caption holds finds the article with the caption
// highlighted.
func TestCaptions(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(`{ search(query: "Tân Thạch", filter: {types: [ARTICLE]}) { edges { highlights { field fragments } node { ... on Article { title captions } } } } }`, nil)
		edge := get(d, "search", "edges", 0)
		caps, _ := get(edge, "node", "captions").([]any)
		if len(caps) != 1 || !strings.Contains(caps[0].(string), "Tân Thạch") {
			t.Fatalf("captions %v", get(edge, "node"))
		}
		found := false
		for _, h := range get(edge, "highlights").([]any) {
			if get(h, "field") == "captions" && strings.Contains(get(h, "fragments", 0).(string), "<mark>Tân</mark> <mark>Thạch</mark>") {
				found = true
			}
		}
		if !found {
			t.Errorf("no caption highlight: %v", get(edge, "highlights"))
		}
	})
}
