package exploretest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"tracuu/models"
)

// Config sizes a synthetic archive.
type Config struct {
	Organisations, People, Resolutions, Reports int
	Articles                                    int
	Mentions                                    int     // mention rows, about 1.2 per (article, entity) pair
	Positions                                   int     // people holding titles in organisations
	Zipf                                        float64 // exponent of entity popularity, > 1; ~1.05 gives hubs in tens of thousands of articles at a million mentions
	Seed                                        uint64
}

// Small is a graph for Go benchmarks and quick runs.
var Small = Config{Organisations: 2000, People: 5000, Resolutions: 800, Reports: 400, Articles: 10000, Mentions: 80000, Positions: 4000, Zipf: 1.05, Seed: 1}

// Large is the graph of the explore benchmark: over 100,000 entities
// besides the articles, and 1.2 million mentions.
var Large = Config{Organisations: 30000, People: 55000, Resolutions: 12000, Reports: 5000, Articles: 150000, Mentions: 1200000, Positions: 60000, Zipf: 1.05, Seed: 1}

// Mentionable entity types, as the mentions table spells them.
const (
	mOrg = iota
	mPerson
	mResolution
)

var typeNames = [...]string{models.TypeOrganisation, models.TypePerson, models.TypeResolution}

// Entity is one mentionable entity of a synthetic archive.
type Entity struct {
	Type string
	ID   int64
}

// Synthetic is a generated archive, as rows ready to load: ids are dense
// from 1 in every table. Popularity follows a Zipf law over a shuffled
// ranking of organisations, people and resolutions, so a few entities of
// each type are hubs mentioned in tens of thousands of articles; parents,
// issuers and positions pile onto a few organisations the same way.
type Synthetic struct {
	Config
	Ranked []Entity // mentionable entities, most popular first

	published  []time.Time // per article
	orgParent  []int64     // per organisation, 0 for a root
	resIssuer  []int64
	repOrg     []int64
	repArticle []int64
	repRes     [][2]int64
	positions  [][3]int64 // person, organisation, article
	authors    [][2]int64 // article, person
	mentions   []mention
}

type mention struct {
	article int64
	typ     uint8
	id      int64
	n       uint8 // which mention of the entity in the article
}

// Generate builds a synthetic archive deterministically from c.Seed.
func Generate(c Config) *Synthetic {
	r := rand.New(rand.NewPCG(c.Seed, 0x7261636575))
	g := &Synthetic{Config: c}
	for i := 1; i <= c.Organisations; i++ {
		g.Ranked = append(g.Ranked, Entity{typeNames[mOrg], int64(i)})
	}
	for i := 1; i <= c.People; i++ {
		g.Ranked = append(g.Ranked, Entity{typeNames[mPerson], int64(i)})
	}
	for i := 1; i <= c.Resolutions; i++ {
		g.Ranked = append(g.Ranked, Entity{typeNames[mResolution], int64(i)})
	}
	r.Shuffle(len(g.Ranked), func(i, j int) { g.Ranked[i], g.Ranked[j] = g.Ranked[j], g.Ranked[i] })
	zipf := func(n int) *rand.Zipf { return rand.NewZipf(r, c.Zipf, 4, uint64(n-1)) }

	start := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	span := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start)
	g.published = make([]time.Time, c.Articles)
	for i := range g.published {
		g.published[i] = start.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Minute)
	}
	orgZ := zipf(c.Organisations)
	g.orgParent = make([]int64, c.Organisations)
	for i := 10; i < c.Organisations; i++ {
		g.orgParent[i] = 1 + int64(orgZ.Uint64())%int64(i)
	}
	g.resIssuer = make([]int64, c.Resolutions)
	for i := range g.resIssuer {
		g.resIssuer[i] = 1 + int64(orgZ.Uint64())
	}
	g.repOrg, g.repArticle = make([]int64, c.Reports), make([]int64, c.Reports)
	resZ := zipf(c.Resolutions)
	for i := range g.repOrg {
		g.repOrg[i] = 1 + int64(orgZ.Uint64())
		g.repArticle[i] = 1 + r.Int64N(int64(c.Articles))
		seen := map[int64]bool{}
		for k := 0; k < 1+r.IntN(3); k++ {
			if res := 1 + int64(resZ.Uint64()); !seen[res] {
				seen[res] = true
				g.repRes = append(g.repRes, [2]int64{int64(i + 1), res})
			}
		}
	}
	for i := 0; i < c.Positions; i++ {
		g.positions = append(g.positions, [3]int64{1 + r.Int64N(int64(c.People)), 1 + int64(orgZ.Uint64()), 1 + r.Int64N(int64(c.Articles))})
	}
	journalists := max(1, c.People/25)
	for a := 1; a <= c.Articles; a++ {
		if r.IntN(10) < 3 {
			g.authors = append(g.authors, [2]int64{int64(a), 1 + r.Int64N(int64(journalists))})
		}
	}

	// Mentions: k distinct entities per article, k uniform around the mean;
	// a fifth of them named twice.
	entZ := zipf(len(g.Ranked))
	mean := float64(c.Mentions) / 1.2 / float64(c.Articles)
	var picked []int
	for a := 1; a <= c.Articles; a++ {
		k := 1 + int(r.Float64()*2*(mean-1)+0.5)
		picked = picked[:0]
		for tries := 0; len(picked) < k && tries < 4*k; tries++ {
			if rank := int(entZ.Uint64()); !slices.Contains(picked, rank) {
				picked = append(picked, rank)
			}
		}
		for _, rank := range picked {
			e := g.Ranked[rank]
			t := uint8(mOrg)
			for i, n := range typeNames {
				if n == e.Type {
					t = uint8(i)
				}
			}
			g.mentions = append(g.mentions, mention{int64(a), t, e.ID, 0})
			if r.IntN(5) == 0 {
				g.mentions = append(g.mentions, mention{int64(a), t, e.ID, 1})
			}
		}
	}
	return g
}

// Table is the rows of one table, for a bulk loader.
type Table struct {
	Name    string
	Columns []string
	Len     int
	Row     func(i int) []any
}

// Tables lists the tables to load, parents before children.
func (g *Synthetic) Tables() []Table {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	nullable := func(id int64) any {
		if id == 0 {
			return nil
		}
		return id
	}
	return []Table{
		{"articles", []string{"id", "content_key", "content_hash", "title", "body", "source", "published_at", "created_at", "updated_at"}, g.Articles, func(i int) []any {
			id := int64(i + 1)
			return []any{id, fmt.Sprintf("bench:%d", id), fmt.Sprintf("%x", id), fmt.Sprintf("Bài viết số %d", id), "Nội dung.", "Báo Thử", g.published[i], now, now}
		}},
		{"organisations", []string{"id", "name", "name_key", "kind", "level", "parent_id", "created_at", "updated_at"}, g.Organisations, func(i int) []any {
			id := int64(i + 1)
			name := fmt.Sprintf("Tổ chức %d", id)
			return []any{id, name, fmt.Sprintf("to chuc %d", id), "other", "other", nullable(g.orgParent[i]), now, now}
		}},
		{"people", []string{"id", "name", "name_key", "created_at", "updated_at"}, g.People, func(i int) []any {
			id := int64(i + 1)
			return []any{id, fmt.Sprintf("Người %d", id), fmt.Sprintf("nguoi %d", id), now, now}
		}},
		{"resolutions", []string{"id", "code", "code_key", "kind", "number", "issuer_id", "title", "created_at", "updated_at"}, g.Resolutions, func(i int) []any {
			id := int64(i + 1)
			return []any{id, fmt.Sprintf("%d-NQ/TW", id), fmt.Sprintf("%d nq/tw", id), "nghi_quyet", fmt.Sprint(id), g.resIssuer[i], fmt.Sprintf("Nghị quyết %d", id), now, now}
		}},
		{"reports", []string{"id", "title", "organisation_id", "article_id", "created_at", "updated_at"}, g.Reports, func(i int) []any {
			id := int64(i + 1)
			return []any{id, fmt.Sprintf("Báo cáo %d", id), g.repOrg[i], g.repArticle[i], now, now}
		}},
		{"report_resolutions", []string{"report_id", "resolution_id"}, len(g.repRes), func(i int) []any {
			return []any{g.repRes[i][0], g.repRes[i][1]}
		}},
		{"positions", []string{"id", "person_id", "organisation_id", "title", "article_id", "created_at", "updated_at"}, len(g.positions), func(i int) []any {
			p := g.positions[i]
			return []any{int64(i + 1), p[0], p[1], "Ủy viên", p[2], now, now}
		}},
		{"article_authors", []string{"article_id", "person_id", "ordinal"}, len(g.authors), func(i int) []any {
			return []any{g.authors[i][0], g.authors[i][1], 0}
		}},
		{"mentions", []string{"id", "article_id", "entity_type", "entity_id", "field", "sentence", "start_offset", "end_offset"}, len(g.mentions), func(i int) []any {
			m := g.mentions[i]
			name := typeNames[m.typ]
			return []any{int64(i + 1), m.article, name, m.id, "body", fmt.Sprintf("Câu %d của bài %d nhắc đến %s %d.", m.n+1, m.article, strings.ToLower(name), m.id), 0, 10}
		}},
	}
}

// Insert loads g into an empty migrated database with multi-row INSERTs,
// on PostgreSQL or SQLite, and moves PostgreSQL's id sequences past the
// loaded ids. For millions of rows on PostgreSQL, COPY is faster (see
// cmd/explorebench).
func (g *Synthetic) Insert(ctx context.Context, db *gorm.DB) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, t := range g.Tables() {
			batch := 4000 / len(t.Columns) // the SQLite driver binds long parameter lists slowly
			for lo := 0; lo < t.Len; lo += batch {
				hi := min(lo+batch, t.Len)
				var sb strings.Builder
				sb.WriteString("INSERT INTO " + t.Name + " (" + strings.Join(t.Columns, ", ") + ") VALUES ")
				args := make([]any, 0, (hi-lo)*len(t.Columns))
				ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ") + ")"
				for i := lo; i < hi; i++ {
					if i > lo {
						sb.WriteString(", ")
					}
					sb.WriteString(ph)
					args = append(args, t.Row(i)...)
				}
				if err := tx.Exec(sb.String(), args...).Error; err != nil {
					return fmt.Errorf("insert %s: %w", t.Name, err)
				}
			}
		}
		if tx.Dialector.Name() != "postgres" {
			return nil
		}
		for _, q := range ResetSequences {
			if err := tx.Exec(q).Error; err != nil {
				return fmt.Errorf("reset sequences: %w", err)
			}
		}
		return nil
	})
}

// ResetSequences are the statements that move PostgreSQL's id sequences
// past the ids loaded.
var ResetSequences = func() []string {
	var q []string
	for _, t := range []string{"articles", "organisations", "people", "resolutions", "reports", "positions", "mentions"} {
		q = append(q, "SELECT setval(pg_get_serial_sequence('"+t+"', 'id'), COALESCE((SELECT MAX(id) FROM "+t+"), 0) + 1, false)")
	}
	return q
}()
