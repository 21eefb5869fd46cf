package explore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"tracuu/explore"
	"tracuu/explore/exploretest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// benchGraph loads exploretest.Small into SQLite and returns an explorer
// over it with its graph loaded, and the synthetic archive.
func benchGraph(b *testing.B) (*explore.Explorer, *exploretest.Synthetic, *models.Store) {
	b.Helper()
	ctx := context.Background()
	s := modelstest.Open(b, "sqlite")
	syn := exploretest.Generate(exploretest.Small)
	if err := syn.Insert(ctx, modelstest.DB(b, s)); err != nil {
		b.Fatal(err)
	}
	e := explore.New(s)
	if err := e.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	return e, syn, s
}

// pick draws an entity: a tenth of the time one of the 20 biggest hubs.
func pick(r *rand.Rand, syn *exploretest.Synthetic) models.Ref {
	var x exploretest.Entity
	if r.IntN(10) == 0 {
		x = syn.Ranked[r.IntN(20)]
	} else {
		x = syn.Ranked[r.IntN(len(syn.Ranked))]
	}
	return models.Ref{Type: x.Type, ID: x.ID}
}

func BenchmarkRelated(b *testing.B) {
	e, syn, _ := benchGraph(b)
	ctx, r := context.Background(), rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		if _, err := e.Related(ctx, pick(r, syn), explore.RelatedOptions{First: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNetwork(b *testing.B) {
	e, syn, _ := benchGraph(b)
	ctx, r := context.Background(), rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		if _, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{pick(r, syn)}, Depth: 2, Limit: 200}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPath(b *testing.B) {
	e, syn, _ := benchGraph(b)
	ctx, r := context.Background(), rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		if _, err := e.Path(ctx, pick(r, syn), pick(r, syn), 4, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	_, _, s := benchGraph(b)
	ctx := context.Background()
	for b.Loop() {
		// A new explorer loads the whole graph.
		if err := explore.New(s).Refresh(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFollow: a refresh after ten articles were stored (with their
// mentions and an author), which applies the change log to the graph;
// BenchmarkLoad is what the same refresh cost when it loaded the graph
// whole.
func BenchmarkFollow(b *testing.B) {
	e, syn, s := benchGraph(b)
	ctx, r := context.Background(), rand.New(rand.NewPCG(1, 2))
	n := 0
	for b.Loop() {
		b.StopTimer()
		for range 10 {
			n++
			u := fmt.Sprintf("https://example.vn/bench/%d", n)
			now := time.Now()
			a := &models.Article{URL: &u, Title: "Bài " + u, Body: "Nội dung.", PublishedAt: &now}
			if _, err := s.SaveArticle(ctx, a, []int64{1 + r.Int64N(int64(syn.People))}); err != nil {
				b.Fatal(err)
			}
			var ms []models.Mention
			for range 5 {
				x := pick(r, syn)
				ms = append(ms, models.Mention{EntityType: x.Type, EntityID: x.ID})
			}
			if err := s.ReplaceMentions(ctx, a.ID, ms); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := e.Refresh(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
