package explore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"tracuu/explore/exploretest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// dump is a graph written out by entity ids rather than node numbers: two
// graphs of the same database are equal as dumps whatever way they were
// built.
type dump struct {
	Nodes    []string            // every node in node order, with its date for an article
	Mentions map[string][]string // article → the entities it mentions, in node order
	Edges    map[string][]string // node → its structural edges, in order
	Hubs     []string
	HubPairs []int32
	Newest   []string
}

func dumpGraph(g *graph) dump {
	d := dump{Mentions: map[string][]string{}, Edges: map[string][]string{}}
	name := func(n int32) string { return g.ref(n).String() }
	for n := range int32(len(g.typ)) {
		s := name(n)
		if n < g.nArt {
			s += fmt.Sprintf("@%d", g.at[n])
		}
		if m, ok := g.node(g.ref(n)); !ok || m != n {
			s += "!index"
		}
		d.Nodes = append(d.Nodes, s)
		var l []string
		if n < g.nArt {
			for _, e := range g.artEnt.of(n) {
				l = append(l, name(e))
			}
			if len(l) > 0 {
				d.Mentions[name(n)] = l
			}
		}
		l = nil
		for _, a := range g.entArt.of(n) {
			l = append(l, "in "+name(a))
		}
		for _, h := range g.edges(n) {
			l = append(l, fmt.Sprintf("%d %v %s %d", h.kind, h.out, name(h.to), h.rec))
		}
		if len(l) > 0 {
			d.Edges[name(n)] = l
		}
	}
	if len(g.artNode) != int(g.nArt) {
		d.Nodes = append(d.Nodes, fmt.Sprintf("!%d articles indexed", len(g.artNode)))
	}
	for t := range numTypes {
		d.Nodes = append(d.Nodes, fmt.Sprintf("type %d from %d", t, g.start[t]))
	}
	for _, h := range g.hubs {
		d.Hubs = append(d.Hubs, name(h))
	}
	d.HubPairs = g.hubPairs
	for i, a := range g.hubNewest {
		if g.hubPairs[i] > 0 {
			d.Newest = append(d.Newest, name(a))
		}
	}
	for _, x := range g.hubOf {
		if x >= int32(len(g.hubs)) || x >= 0 && g.hubOf[g.hubs[x]] != x {
			d.Hubs = append(d.Hubs, "!hubOf")
		}
	}
	return d
}

// diffDumps names the first few differences between two dumps.
func diffDumps(a, b dump) string {
	var out []string
	if !slices.Equal(a.Nodes, b.Nodes) {
		out = append(out, fmt.Sprintf("nodes: %d vs %d; first difference %s", len(a.Nodes), len(b.Nodes), firstDiff(a.Nodes, b.Nodes)))
	}
	for _, m := range []struct {
		what string
		a, b map[string][]string
	}{{"mentions", a.Mentions, b.Mentions}, {"edges", a.Edges, b.Edges}} {
		for k, v := range m.a {
			if !slices.Equal(v, m.b[k]) {
				out = append(out, fmt.Sprintf("%s of %s: %v vs %v", m.what, k, v, m.b[k]))
			}
		}
		for k, v := range m.b {
			if _, ok := m.a[k]; !ok {
				out = append(out, fmt.Sprintf("%s of %s: none vs %v", m.what, k, v))
			}
		}
	}
	if !slices.Equal(a.Hubs, b.Hubs) || !slices.Equal(a.HubPairs, b.HubPairs) || !slices.Equal(a.Newest, b.Newest) {
		out = append(out, fmt.Sprintf("hubs: %v vs %v", a.Hubs, b.Hubs))
	}
	slices.Sort(out)
	return strings.Join(out[:min(len(out), 8)], "\n")
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("at %d: %s vs %s", i, a[i], b[i])
		}
	}
	return "one is longer"
}

// writer makes random writes through the store, as the application does:
// articles with mentions and authors inserted, redated, re-mentioned and
// deleted; people, organisations, resolutions and reports created,
// re-linked, merged and deleted; positions created, moved and deleted.
type writer struct {
	t   *testing.T
	s   *models.Store
	db  *gorm.DB
	r   *rand.Rand
	n   int
	log []string
}

func (w *writer) ids(table string) []int64 {
	var ids []int64
	if err := w.db.Raw("SELECT id FROM " + table + " ORDER BY id").Scan(&ids).Error; err != nil {
		w.t.Fatal(err)
	}
	return ids
}

func (w *writer) pick(table string) int64 {
	ids := w.ids(table)
	if len(ids) == 0 {
		return 0
	}
	// Half the time one of the first entities, which the synthetic
	// archive's hubs are among.
	if w.r.IntN(2) == 0 {
		return ids[w.r.IntN(min(len(ids), 20))]
	}
	return ids[w.r.IntN(len(ids))]
}

func (w *writer) ptr(table string) *int64 {
	if w.r.IntN(4) == 0 {
		return nil
	}
	id := w.pick(table)
	return &id
}

func (w *writer) date() *time.Time {
	if w.r.IntN(8) == 0 {
		return nil
	}
	d := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(w.r.IntN(5*365*24)) * time.Hour)
	return &d
}

func (w *writer) mentions() []models.Mention {
	var ms []models.Mention
	for range w.r.IntN(6) {
		typ, table := models.TypePerson, "people"
		switch w.r.IntN(3) {
		case 0:
			typ, table = models.TypeOrganisation, "organisations"
		case 1:
			typ, table = models.TypeResolution, "resolutions"
		}
		ms = append(ms, models.Mention{EntityType: typ, EntityID: w.pick(table), Sentence: "câu"})
	}
	return ms
}

func (w *writer) authors() []int64 {
	var ids []int64
	for range w.r.IntN(3) {
		ids = append(ids, w.pick("people"))
	}
	return ids
}

// write makes one random write; writes the store refuses (a merge of an
// entity into itself, say) are logged and skipped.
func (w *writer) write(ctx context.Context) {
	w.n++
	s, r := w.s, w.r
	var err error
	var what string
	switch op := r.IntN(19); op {
	case 0, 1:
		what = "insert article"
		u := fmt.Sprintf("https://example.vn/moi/%d-%d", w.n, r.Int())
		a := &models.Article{URL: &u, Title: fmt.Sprintf("Bài mới %d", w.n), Body: "Nội dung.", PublishedAt: w.date()}
		if _, err = s.SaveArticle(ctx, a, w.authors()); err == nil {
			err = s.ReplaceMentions(ctx, a.ID, w.mentions())
		}
	case 2:
		what = "redate article"
		var a models.Article
		if err = w.db.Take(&a, w.pick("articles")).Error; err == nil {
			a.PublishedAt = w.date()
			var authors []int64
			if r.IntN(2) == 0 {
				authors = w.authors()
			}
			err = s.UpdateArticle(ctx, &a, authors)
		}
	case 3:
		what = "replace mentions"
		err = s.ReplaceMentions(ctx, w.pick("articles"), w.mentions())
	case 4:
		what = "delete article"
		err = s.DeleteArticle(ctx, w.pick("articles"))
	case 5:
		what = "create person"
		err = s.CreatePerson(ctx, &models.Person{Name: fmt.Sprintf("Nguyễn Văn Mới %d", w.n)})
	case 6:
		what = "delete person"
		err = s.DeletePerson(ctx, w.pick("people"))
	case 7:
		what = "create organisation"
		err = s.CreateOrganisation(ctx, &models.Organisation{Name: fmt.Sprintf("Sở Mới %d", w.n), ParentID: w.ptr("organisations")})
	case 8:
		what = "move organisation"
		var o models.Organisation
		if err = w.db.Take(&o, w.pick("organisations")).Error; err == nil {
			o.ParentID = w.ptr("organisations")
			err = s.UpdateOrganisation(ctx, &o)
		}
	case 9:
		what = "delete organisation"
		err = s.DeleteOrganisation(ctx, w.pick("organisations"))
	case 10, 11:
		what = "create position"
		err = s.CreatePosition(ctx, &models.Position{PersonID: w.pick("people"), OrganisationID: w.pick("organisations"), Title: "Phó Giám đốc", ArticleID: w.ptr("articles")})
	case 12:
		what = "move position"
		var p models.Position
		if err = w.db.Take(&p, w.pick("positions")).Error; err == nil {
			if r.IntN(2) == 0 {
				p.PersonID = w.pick("people")
			} else {
				p.OrganisationID = w.pick("organisations")
			}
			err = s.UpdatePosition(ctx, &p)
		}
	case 13:
		what = "delete position"
		err = s.DeletePosition(ctx, w.pick("positions"))
	case 14:
		what = "resolution"
		if r.IntN(2) == 0 {
			err = s.CreateResolution(ctx, &models.Resolution{Title: fmt.Sprintf("Nghị quyết mới %d", w.n), IssuerID: w.ptr("organisations"), IssuedOn: w.date()})
		} else {
			var x models.Resolution
			if err = w.db.Take(&x, w.pick("resolutions")).Error; err == nil {
				x.IssuerID = w.ptr("organisations")
				err = s.UpdateResolution(ctx, &x)
			}
		}
	case 15:
		what = "delete resolution"
		err = s.DeleteResolution(ctx, w.pick("resolutions"))
	case 16:
		what = "report"
		rep := &models.Report{Title: fmt.Sprintf("Báo cáo %d", w.n), OrganisationID: w.ptr("organisations"), ArticleID: w.ptr("articles")}
		if r.IntN(2) == 0 {
			rep.ID = w.pick("reports")
		}
		var res []int64
		for range r.IntN(3) {
			res = append(res, w.pick("resolutions"))
		}
		if err = s.SaveReport(ctx, rep, res, nil); err == nil && r.IntN(3) == 0 {
			err = s.DeleteReport(ctx, w.pick("reports"))
		}
	default:
		typ, table := []string{models.TypeOrganisation, models.TypePerson, models.TypeResolution}[r.IntN(3)], ""
		table = map[string]string{models.TypeOrganisation: "organisations", models.TypePerson: "people", models.TypeResolution: "resolutions"}[typ]
		keep, drop := w.pick(table), w.pick(table)
		what = fmt.Sprintf("merge %s %d into %d", typ, drop, keep)
		err = s.Merge(ctx, typ, keep, drop)
	}
	switch models.ErrorCode(err) {
	case "":
		w.log = append(w.log, what)
	case models.EINVALID, models.ECONFLICT, models.ENOTFOUND:
		w.log = append(w.log, what+" (refused: "+err.Error()+")")
	default:
		w.t.Fatalf("%s: %v", what, err)
	}
}

// TestFollowMatchesLoad: after random writes of every kind, the graph
// brought up to date from the change log is the graph loaded afresh from
// the database, node for node, and answers the same.
func TestFollowMatchesLoad(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		cfg := exploretest.Config{Organisations: 60, People: 150, Resolutions: 40, Reports: 30, Articles: 400, Mentions: 3000, Positions: 120, Zipf: 1.05, Seed: 7}
		syn := exploretest.Generate(cfg)
		db := modelstest.DB(t, s)
		if err := syn.Insert(ctx, db); err != nil {
			t.Fatal(err)
		}
		const hubMin = 8 // hubs come and go as the writes move mentions
		if s.Dialect() == "sqlite" {
			// Fewer hubs than entities in hubMin articles: the last
			// ones change places as counts move.
			defer func(m int) { maxHubs = m }(maxHubs)
			maxHubs = 25
		}
		e := &Explorer{store: s, hubMin: hubMin}
		fresh := &Explorer{store: s, hubMin: hubMin, noFollow: true}
		if err := e.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if e.MaxAge = time.Nanosecond; e.maxAge() != time.Nanosecond {
			t.Errorf("after the first load the next check is in %v, want MaxAge: the next refresh follows the log", e.maxAge())
		}
		e.MaxAge = 0
		w := &writer{t: t, s: s, db: db, r: rand.New(rand.NewPCG(11, uint64(len(s.Dialect()))))}
		for round := range 25 {
			k := 1 + w.r.IntN(12)
			if round%8 == 7 {
				k = 0 // nothing changed: the graph stays
			}
			before := len(w.log)
			for range k {
				w.write(ctx)
			}
			follows := e.follows.Load()
			if err := e.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			if k > 0 && e.follows.Load() != follows+1 {
				t.Fatalf("round %d: the graph was loaded whole, not brought up to date", round)
			}
			fresh.cur.Store(nil)
			if err := fresh.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			g, want := e.cur.Load(), fresh.cur.Load()
			if g.version != want.version {
				t.Errorf("round %d: version %s, loaded %s", round, g.version, want.version)
			}
			if a, b := dumpGraph(g), dumpGraph(want); !reflect.DeepEqual(a, b) {
				t.Fatalf("round %d, after %v:\nthe graph that followed the log differs from the one loaded (followed vs loaded):\n%s", round, w.log[before:], diffDumps(a, b))
			}
			compareAnswers(t, ctx, e, fresh, w.r)
		}
		if len(g0(e).hubs) == 0 {
			t.Error("no hubs: the hub matrix went untested")
		}
		t.Logf("%d writes: %v", len(w.log), w.log)
	})
}

func g0(e *Explorer) *graph { return e.cur.Load() }

// compareAnswers asks both explorers the same queries, over entities of
// their graph, and fails on any difference.
func compareAnswers(t *testing.T, ctx context.Context, a, b *Explorer, r *rand.Rand) {
	t.Helper()
	g := a.cur.Load()
	pick := func() models.Ref {
		if r.IntN(3) == 0 && len(g.hubs) > 0 {
			return g.ref(g.hubs[r.IntN(len(g.hubs))])
		}
		return g.ref(int32(r.IntN(len(g.typ))))
	}
	for range 6 {
		from, to := pick(), pick()
		type answer struct {
			v   any
			err error
		}
		ask := func(e *Explorer) []answer {
			rel, err1 := e.Related(ctx, from, RelatedOptions{First: 30})
			net, err2 := e.Network(ctx, NetworkOptions{IDs: []models.Ref{from}, Depth: 2, Limit: 60})
			paths, err3 := e.Path(ctx, from, to, 4, 3)
			tl, err4 := e.Timeline(ctx, from, TimelineOptions{})
			return []answer{{rel, err1}, {net, err2}, {paths, err3}, {tl, err4}}
		}
		x, y := ask(a), ask(b)
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("%v, %v: the answers differ:\n%+v\n%+v", from, to, x, y)
		}
	}
}

// TestFollowFallsBackToLoad: a graph whose changes were pruned from the
// log, or that has more changes waiting than are worth applying, is
// loaded whole, and is then the graph loaded afresh.
func TestFollowFallsBackToLoad(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "sqlite")
	db := modelstest.DB(t, s)
	syn := exploretest.Generate(exploretest.Config{Organisations: 20, People: 40, Resolutions: 10, Reports: 10, Articles: 100, Mentions: 600, Positions: 30, Zipf: 1.05, Seed: 3})
	if err := syn.Insert(ctx, db); err != nil {
		t.Fatal(err)
	}
	e := &Explorer{store: s}
	if err := e.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	w := &writer{t: t, s: s, db: db, r: rand.New(rand.NewPCG(5, 6))}
	check := func(what string) {
		t.Helper()
		loads, follows := e.loads.Load(), e.follows.Load()
		if err := e.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if e.loads.Load() != loads+1 || e.follows.Load() != follows {
			t.Fatalf("%s: the graph was not loaded whole", what)
		}
		if e.loadCost.Load() == 0 {
			t.Errorf("%s: a load that replaced a graph counts for nothing in the time to the next check", what)
		}
		want, err := load(ctx, s, defaultHubMin)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := dumpGraph(e.cur.Load()), dumpGraph(want); !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: the graph differs from the one loaded:\n%s", what, diffDumps(a, b))
		}
	}

	// Pruned: a server whose index is at the head lets the log go.
	for range 5 {
		w.write(ctx)
	}
	head, err := s.SettledHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RegisterServer(ctx, &models.IndexServer{ID: "a", Instance: "a", Home: "a", Position: head, State: models.ServerReady}, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, through, err := s.PruneChanges(ctx, time.Now().Add(-time.Hour)); err != nil || through != head {
		t.Fatalf("pruned through %d (%v), want %d", through, err, head)
	}
	check("pruned")

	// Too many: more changes than maxFollow of a graph this size.
	ids := make([]int64, maxFollow(len(e.cur.Load().typ))+1)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	if err := s.Enqueue(ctx, models.TypeArticle, models.OpUpsert, ids...); err != nil {
		t.Fatal(err)
	}
	check("too many changes")

	// Too many after a gap (a rolled-back change): the changes up to the
	// settled head are more than maxFollow.
	if err := s.Enqueue(ctx, models.TypeArticle, models.OpUpsert, 1, 2); err != nil {
		t.Fatal(err)
	}
	var first int64
	if err := db.Raw("SELECT MAX(id) - 1 FROM changes").Scan(&first).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("DELETE FROM changes WHERE id = ?", first).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.Enqueue(ctx, models.TypeArticle, models.OpUpsert, ids...); err != nil {
		t.Fatal(err)
	}
	check("too many changes after a gap")
}

// TestFollowWaitsForGaps: on PostgreSQL change ids are taken before
// commit, so a later change can be visible while an earlier one is still
// in flight. The graph follows the log only as far as the ids follow on
// without a gap, takes the rest once the earlier transaction commits, and
// passes over the ids of one that rolled back.
func TestFollowWaitsForGaps(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	db := modelstest.DB(t, s)
	e := &Explorer{store: s}
	if err := e.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	person := func(name string) int64 {
		p := &models.Person{Name: name}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	has := func(id int64) bool {
		_, ok := e.cur.Load().node(models.Ref{Type: models.TypePerson, ID: id})
		return ok
	}
	a := person("Nguyễn Văn A")

	// A transaction that logs a change and rolls back leaves a gap.
	tx := db.Begin()
	if err := tx.Create(&models.Change{EntityType: models.TypePerson, EntityID: a, Op: models.OpUpsert}).Error; err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	b := person("Trần Thị B")
	if err := e.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if !has(a) || !has(b) || e.loads.Load() != 1 {
		t.Fatalf("after a rolled-back change: A %v, B %v, %d loads; want both, followed", has(a), has(b), e.loads.Load())
	}

	// A writer in flight, holding the log as the store's writers do, with
	// a change that commits after a later one.
	tx = db.Begin()
	defer tx.Rollback()
	c := person("Lê Văn C")
	if err := tx.Exec("SELECT pg_advisory_xact_lock_shared(?)", models.ChangeLogLock).Error; err != nil {
		t.Fatal(err)
	}
	if err := tx.Exec("INSERT INTO people (name, name_key, aliases, created_at, updated_at) VALUES ('Phạm Văn D', 'pham van d', '[]', now(), now())").Error; err != nil {
		t.Fatal(err)
	}
	var dID int64
	if err := tx.Raw("SELECT id FROM people WHERE name = 'Phạm Văn D'").Scan(&dID).Error; err != nil {
		t.Fatal(err)
	}
	if err := tx.Create(&models.Change{EntityType: models.TypePerson, EntityID: dID, Op: models.OpUpsert}).Error; err != nil {
		t.Fatal(err)
	}
	f := person("Hoàng Thị F") // logged after D's change, committed before it
	if err := e.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if !has(c) || has(f) {
		t.Fatalf("with a change in flight: C %v, F %v; want C only (F's change is past the gap)", has(c), has(f))
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := e.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if !has(dID) || !has(f) || e.loads.Load() != 1 {
		t.Fatalf("after the commit: D %v, F %v, %d loads; want both, followed", has(dID), has(f), e.loads.Load())
	}
	want, err := load(ctx, s, defaultHubMin)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := dumpGraph(e.cur.Load()), dumpGraph(want); !reflect.DeepEqual(a, b) || e.cur.Load().version != want.version {
		t.Fatalf("the graph differs from the one loaded:\n%s", diffDumps(a, b))
	}
}
