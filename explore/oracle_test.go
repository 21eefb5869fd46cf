package explore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"

	"tracuu/explore/exploretest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// oracle is the synthetic graph read back with plain SQL into maps: the
// slow, obvious model the explorer must agree with.
type oracle struct {
	adj    map[models.Ref]map[models.Ref]map[string]bool // neighbour → kinds, both directions
	shared map[[2]models.Ref]int                         // co-mention weights
}

func newOracle(t *testing.T, s *models.Store) *oracle {
	t.Helper()
	db := modelstest.DB(t, s)
	o := &oracle{adj: map[models.Ref]map[models.Ref]map[string]bool{}, shared: map[[2]models.Ref]int{}}
	link := func(a, b models.Ref, kind string) {
		for _, p := range [][2]models.Ref{{a, b}, {b, a}} {
			if o.adj[p[0]] == nil {
				o.adj[p[0]] = map[models.Ref]map[string]bool{}
			}
			if o.adj[p[0]][p[1]] == nil {
				o.adj[p[0]][p[1]] = map[string]bool{}
			}
			o.adj[p[0]][p[1]][kind] = true
		}
	}
	var ms []struct {
		ArticleID  int64
		EntityType string
		EntityID   int64
	}
	if err := db.Raw("SELECT DISTINCT article_id, entity_type, entity_id FROM mentions").Scan(&ms).Error; err != nil {
		t.Fatal(err)
	}
	byArticle := map[int64][]models.Ref{}
	for _, m := range ms {
		e := models.Ref{Type: m.EntityType, ID: m.EntityID}
		link(models.Ref{Type: models.TypeArticle, ID: m.ArticleID}, e, KindMentions)
		byArticle[m.ArticleID] = append(byArticle[m.ArticleID], e)
	}
	for _, es := range byArticle {
		for i, a := range es {
			for _, b := range es[i+1:] {
				link(a, b, KindMentionedTogether)
				o.shared[[2]models.Ref{a, b}]++
				o.shared[[2]models.Ref{b, a}]++
			}
		}
	}
	for _, q := range []struct {
		sql      string
		from, to string
		kind     string
	}{
		{"SELECT person_id, organisation_id FROM positions", models.TypePerson, models.TypeOrganisation, KindPosition},
		{"SELECT id, parent_id FROM organisations WHERE parent_id IS NOT NULL", models.TypeOrganisation, models.TypeOrganisation, KindParent},
		{"SELECT id, issuer_id FROM resolutions WHERE issuer_id IS NOT NULL", models.TypeResolution, models.TypeOrganisation, KindIssuedBy},
		{"SELECT id, organisation_id FROM reports WHERE organisation_id IS NOT NULL", models.TypeReport, models.TypeOrganisation, KindReportsOn},
		{"SELECT id, article_id FROM reports WHERE article_id IS NOT NULL", models.TypeReport, models.TypeArticle, KindReportsOn},
		{"SELECT report_id, resolution_id FROM report_resolutions", models.TypeReport, models.TypeResolution, KindReportsOn},
		{"SELECT article_id, person_id FROM article_authors", models.TypeArticle, models.TypePerson, KindAuthored},
	} {
		rows, err := db.Raw(q.sql).Rows()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b int64
			if err := rows.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			link(models.Ref{Type: q.from, ID: a}, models.Ref{Type: q.to, ID: b}, q.kind)
		}
		rows.Close()
	}
	return o
}

// dist is the number of hops from a to b, or -1 beyond max.
func (o *oracle) dist(a, b models.Ref, max int) int {
	seen := map[models.Ref]bool{a: true}
	front := []models.Ref{a}
	for d := 0; d <= max; d++ {
		var next []models.Ref
		for _, u := range front {
			if u == b {
				return d
			}
			for v := range o.adj[u] {
				if !seen[v] {
					seen[v] = true
					next = append(next, v)
				}
			}
		}
		front = next
	}
	return -1
}

func syntheticExplorer(t *testing.T) (*models.Store, *exploretest.Synthetic) {
	t.Helper()
	if testing.Short() && os.Getenv("CI") != "true" { // CI runs it even with -short
		t.Skip("builds a synthetic archive")
	}
	ctx := context.Background()
	s := modelstest.Open(t, "sqlite")
	cfg := exploretest.Small
	cfg.Articles, cfg.Mentions = 4000, 30000
	syn := exploretest.Generate(cfg)
	if err := syn.Insert(ctx, modelstest.DB(t, s)); err != nil {
		t.Fatal(err)
	}
	return s, syn
}

func TestAgainstOracle(t *testing.T) {
	ctx := context.Background()
	s, syn := syntheticExplorer(t)
	o := newOracle(t, s)
	e := &Explorer{store: s}
	noHubs := &Explorer{store: s, hubMin: 1 << 30}
	r := rand.New(rand.NewPCG(3, 4))
	pick := func() models.Ref {
		x := syn.Ranked[r.IntN(len(syn.Ranked))]
		if r.IntN(3) == 0 {
			x = syn.Ranked[r.IntN(30)]
		}
		return models.Ref{Type: x.Type, ID: x.ID}
	}
	if g, err := e.graph(ctx); err != nil || len(g.hubs) < 30 {
		t.Fatalf("want hubs in the synthetic graph: %v", err)
	}

	t.Run("RelatedWeights", func(t *testing.T) {
		for i := 0; i < 40; i++ {
			of := pick()
			p, err := e.Related(ctx, of, RelatedOptions{First: 100})
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for v := range o.adj[of] {
				if v.Type != models.TypeArticle || !o.adj[of][v][KindMentions] {
					want++
				}
			}
			if p.Total != want {
				t.Errorf("%v: total %d, oracle %d", of, p.Total, want)
			}
			for k, it := range p.Items {
				if it.Weight != o.shared[[2]models.Ref{of, it.Entity}] {
					t.Errorf("%v–%v: weight %d, oracle %d", of, it.Entity, it.Weight, o.shared[[2]models.Ref{of, it.Entity}])
				}
				if k > 0 && it.Weight > p.Items[k-1].Weight {
					t.Errorf("%v: not heaviest first at %d", of, k)
				}
			}
		}
	})

	t.Run("NetworkHubMatrixMatchesScan", func(t *testing.T) {
		for i := 0; i < 20; i++ {
			opt := NetworkOptions{IDs: []models.Ref{pick()}, Depth: 1 + i%2, Limit: 150}
			a, err := e.Network(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			b, err := noHubs.Network(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%v: networks differ with and without the hub matrix", opt.IDs)
			}
			for _, x := range a.Edges {
				kinds := o.adj[x.From][x.To]
				if !kinds[x.Kind] {
					t.Errorf("edge %v %s %v is not in the oracle", x.From, x.Kind, x.To)
				}
				if x.Kind == KindMentionedTogether {
					if x.Weight != o.shared[[2]models.Ref{x.From, x.To}] {
						t.Errorf("%v–%v: weight %d, oracle %d", x.From, x.To, x.Weight, o.shared[[2]models.Ref{x.From, x.To}])
					}
					art := models.Ref{Type: models.TypeArticle, ID: *x.Evidence[0].ArticleID}
					if !o.adj[art][x.From][KindMentions] || !o.adj[art][x.To][KindMentions] {
						t.Errorf("%v–%v: evidence %v does not mention both", x.From, x.To, art)
					}
				}
			}
		}
	})

	t.Run("PathsAreShortest", func(t *testing.T) {
		found := 0
		for i := 0; i < 60; i++ {
			from, to := pick(), pick()
			if i%10 == 0 {
				to = models.Ref{Type: models.TypeArticle, ID: 1 + r.Int64N(int64(syn.Articles))}
			}
			paths, err := e.Path(ctx, from, to, 4, 3)
			if err != nil {
				t.Fatal(err)
			}
			want := o.dist(from, to, 4)
			if want < 0 {
				if len(paths) != 0 {
					t.Errorf("%v→%v: found %d paths, the oracle has none within 4 hops", from, to, len(paths))
				}
				continue
			}
			found++
			if len(paths) == 0 {
				t.Errorf("%v→%v: no path, oracle distance %d", from, to, want)
				continue
			}
			seen := map[string]bool{}
			for _, p := range paths {
				if len(p.Hops) != want {
					t.Errorf("%v→%v: %d hops, oracle distance %d", from, to, len(p.Hops), want)
				}
				at := from
				for _, h := range p.Hops {
					if h.From != at || !o.adj[h.From][h.To][h.Kind] {
						t.Errorf("%v→%v: hop %v %s %v is not an edge from %v", from, to, h.From, h.Kind, h.To, at)
					}
					at = h.To
				}
				if at != to && want > 0 {
					t.Errorf("%v→%v: path ends at %v", from, to, at)
				}
				key := fmt.Sprint(p.Hops)
				if seen[key] {
					t.Errorf("%v→%v: the same path twice", from, to)
				}
				seen[key] = true
			}
		}
		if found < 20 {
			t.Errorf("only %d of 60 pairs connected; the test says little", found)
		}
	})
}

// TestConcurrent runs every query from several goroutines while the graph
// is reloaded underneath them; run with -race.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	s, syn := syntheticExplorer(t)
	e := New(s)
	if err := e.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for w := 0; w < 4; w++ {
		go func() {
			r := rand.New(rand.NewPCG(uint64(w), 9))
			ref := func() models.Ref { x := syn.Ranked[r.IntN(200)]; return models.Ref{Type: x.Type, ID: x.ID} }
			for i := 0; i < 30; i++ {
				var err error
				switch i % 4 {
				case 0:
					_, err = e.Related(ctx, ref(), RelatedOptions{})
				case 1:
					_, err = e.Network(ctx, NetworkOptions{IDs: []models.Ref{ref()}, Depth: 2, Limit: 50})
				case 2:
					_, err = e.Path(ctx, ref(), ref(), 4, 2)
				case 3:
					_, err = e.Timeline(ctx, ref(), TimelineOptions{})
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	go func() {
		for i := 0; i < 3; i++ {
			p := &models.Person{Name: fmt.Sprintf("Người mới %d", i)}
			if err := s.CreatePerson(ctx, p); err != nil {
				errs <- err
				return
			}
			if err := e.Refresh(ctx); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
	for i := 0; i < 5; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestLargest(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, size := range []int{0, 1, 2, 7, 100, 5000} {
		for _, n := range []int{0, 1, 3, 50, 800, 6000} {
			l := make([]uint64, size)
			for i := range l {
				l[i] = uint64(r.IntN(40))<<32 | uint64(i) // many equal weights, distinct values
			}
			want := slices.Clone(l)
			slices.Sort(want)
			slices.Reverse(want)
			want = want[:min(n, size)]
			if got := largest(l, n); !slices.Equal(got, want) {
				t.Fatalf("largest(%d of %d) = %v…, want %v…", n, size, got[:min(5, len(got))], want[:min(5, len(want))])
			}
		}
	}
}
