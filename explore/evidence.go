package explore

import (
	"context"
	"database/sql"
	"strings"

	"gorm.io/gorm"

	"tracuu/models"
)

// Evidence is the provenance of one edge: the article (and the sentence in
// it) or the position record that asserts it. Parent and issuer edges come
// from the organisation and resolution records themselves and carry no
// article.
type Evidence struct {
	ArticleID  *int64
	Sentence   string
	PositionID *int64
}

// evidence collects the evidence to fill for a set of edges and reads it
// from the database in a few batched queries.
type evidence struct {
	reqs []evReq
}

type evReq struct {
	kind    uint8
	rec     int64      // position or report id
	article int64      // 0 when the article comes from the record
	a, b    models.Ref // the entities whose sentences to look for (b may be zero)
	out     *Evidence
}

// add asks for the evidence of an edge of kind between a and b into out.
// For mentions and co-mentions article is the article; for positions and
// reports rec is the record.
func (ev *evidence) add(kind uint8, rec, article int64, a, b models.Ref, out *Evidence) {
	switch kind {
	case kParent, kIssuedBy:
		return
	case kAuthored:
		out.ArticleID = ptr(rec)
		return
	case kPosition:
		out.PositionID = ptr(rec)
	}
	if a.Type == models.TypeArticle {
		a, b = b, models.Ref{}
	} else if b.Type == models.TypeArticle {
		b = models.Ref{}
	}
	ev.reqs = append(ev.reqs, evReq{kind: kind, rec: rec, article: article, a: a, b: b, out: out})
}

func ptr[T any](v T) *T { return &v }

// fill runs the queries and writes every requested Evidence.
func (ev *evidence) fill(ctx context.Context, s *models.Store) error {
	db := s.DB(ctx)
	if len(ev.reqs) == 0 {
		return nil
	}
	var posIDs, repIDs []int64
	for _, r := range ev.reqs {
		switch r.kind {
		case kPosition:
			posIDs = append(posIDs, r.rec)
		case kReportsOn:
			repIDs = append(repIDs, r.rec)
		}
	}
	recArticle := map[[2]int64]int64{}
	for _, q := range []struct {
		kind  uint8
		table string
		ids   []int64
	}{{kPosition, "positions", posIDs}, {kReportsOn, "reports", repIDs}} {
		if len(q.ids) == 0 {
			continue
		}
		err := scan(ctx, db, "SELECT id, article_id FROM "+q.table+" WHERE id IN ? AND article_id IS NOT NULL", []any{uniq(q.ids)}, func(r *sql.Rows) error {
			var id, article int64
			if err := r.Scan(&id, &article); err != nil {
				return err
			}
			recArticle[[2]int64{int64(q.kind), id}] = article
			return nil
		})
		if err != nil {
			return err
		}
	}
	// The sentences of each (entity, article) asked for, by index probes on
	// mentions_entity: a join with a VALUES list, in chunks.
	type key struct {
		ref     models.Ref
		article int64
	}
	var keys []key
	seen := map[key]bool{}
	for i := range ev.reqs {
		r := &ev.reqs[i]
		if r.kind == kPosition || r.kind == kReportsOn {
			r.article = recArticle[[2]int64{int64(r.kind), r.rec}]
		}
		if r.article == 0 {
			continue
		}
		r.out.ArticleID = ptr(r.article)
		for _, e := range []models.Ref{r.a, r.b} {
			if k := (key{e, r.article}); e.ID != 0 && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	chunk := 3000
	if s.Dialect() == "sqlite" {
		chunk = 300 // the SQLite driver binds long parameter lists slowly
	}
	sentences := map[key][]string{}
	for len(keys) > 0 {
		part := keys[:min(len(keys), chunk)]
		keys = keys[len(part):]
		var q strings.Builder
		args := make([]any, 0, 3*len(part))
		// CROSS JOIN makes SQLite loop over the list and probe the index;
		// PostgreSQL plans it as any inner join.
		q.WriteString("SELECT m.article_id, m.entity_type, m.entity_id, m.sentence FROM (VALUES ")
		for i, k := range part {
			if i == 0 {
				q.WriteString("(CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))")
			} else {
				q.WriteString(", (?, ?, ?)")
			}
			args = append(args, k.ref.Type, k.ref.ID, k.article)
		}
		q.WriteString(") AS v CROSS JOIN mentions m WHERE m.entity_type = v.column1 AND m.entity_id = v.column2 AND m.article_id = v.column3 ORDER BY m.id")
		err := scan(ctx, db, q.String(), args, func(r *sql.Rows) error {
			var k key
			var sentence string
			if err := r.Scan(&k.article, &k.ref.Type, &k.ref.ID, &sentence); err != nil {
				return err
			}
			if sentence != "" && !contains(sentences[k], sentence) {
				sentences[k] = append(sentences[k], sentence)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, r := range ev.reqs {
		if r.article == 0 {
			continue
		}
		r.out.Sentence = pickSentence(sentences[key{r.a, r.article}], sentences[key{r.b, r.article}])
	}
	return nil
}

// pickSentence prefers a sentence that names both entities; else the first
// sentence naming each, joined by an ellipsis.
func pickSentence(a, b []string) string {
	for _, s := range a {
		if contains(b, s) {
			return s
		}
	}
	var parts []string
	if len(a) > 0 {
		parts = append(parts, a[0])
	}
	if len(b) > 0 {
		parts = append(parts, b[0])
	}
	return strings.Join(parts, " … ")
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func uniq(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

var labelColumns = map[string][2]string{
	models.TypeArticle:      {"articles", "title"},
	models.TypeOrganisation: {"organisations", "name"},
	models.TypePerson:       {"people", "name"},
	models.TypeResolution:   {"resolutions", "COALESCE(code, title)"},
	models.TypeReport:       {"reports", "title"},
}

// labels reads the display name of each entity: the name of an organisation
// or person, the code (else title) of a resolution, the title of an article
// or report.
func labels(ctx context.Context, db *gorm.DB, refs []models.Ref) (map[models.Ref]string, error) {
	byType := map[string][]int64{}
	for _, r := range refs {
		byType[r.Type] = append(byType[r.Type], r.ID)
	}
	out := make(map[models.Ref]string, len(refs))
	for _, t := range models.EntityTypes {
		ids := byType[t]
		if len(ids) == 0 {
			continue
		}
		table, col := labelColumns[t][0], labelColumns[t][1]
		ids = uniq(ids)
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), 1000)]
			ids = ids[len(chunk):]
			err := scan(ctx, db, "SELECT id, "+col+" FROM "+table+" WHERE id IN ?", []any{chunk}, func(r *sql.Rows) error {
				var id int64
				var label string
				if err := r.Scan(&id, &label); err != nil {
					return err
				}
				out[models.Ref{Type: t, ID: id}] = label
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
