package explore

import (
	"context"
	"os"
	"testing"

	"tracuu/models"
)

// BenchmarkApplyOn times apply alone (one article touched) on the SQLite
// database in TRACUU_FOLLOW_DIR (a DATA_DIR), for profiles:
//
//	TRACUU_FOLLOW_DIR=DIR go test -run '^$' -bench ApplyOn -cpuprofile apply.prof ./explore/
func BenchmarkApplyOn(b *testing.B) {
	dir := os.Getenv("TRACUU_FOLLOW_DIR")
	if dir == "" {
		if os.Getenv("CI") == "true" {
			b.Fatal("TRACUU_FOLLOW_DIR is not set")
		}
		b.Skip("TRACUU_FOLLOW_DIR is not set")
	}
	ctx := context.Background()
	s, err := models.Open(ctx, "", dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	g, err := load(ctx, s, defaultHubMin)
	if err != nil {
		b.Fatal(err)
	}
	touched := []models.Ref{{Type: models.TypeArticle, ID: g.id[g.nArt-1]}}
	d, err := s.ReadGraphDelta(ctx, touched)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		g.apply(touched, d, g.version, defaultHubMin)
	}
}
