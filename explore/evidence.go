package explore

import (
	"context"
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
	rec     int64 // position or report id
	article int64 // 0 when the article comes from the record
	a, b    Ref   // the entities whose sentences to look for (b may be zero)
	out     *Evidence
}

// add asks for the evidence of an edge of kind between a and b into out.
// For mentions and co-mentions article is the article; for positions and
// reports rec is the record.
func (ev *evidence) add(kind uint8, rec, article int64, a, b Ref, out *Evidence) {
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
		a, b = b, Ref{}
	} else if b.Type == models.TypeArticle {
		b = Ref{}
	}
	ev.reqs = append(ev.reqs, evReq{kind: kind, rec: rec, article: article, a: a, b: b, out: out})
}

func ptr[T any](v T) *T { return &v }

// fill runs the queries and writes every requested Evidence.
func (ev *evidence) fill(ctx context.Context, db *gorm.DB) error {
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
		var rows []struct{ ID, ArticleID int64 }
		if err := db.WithContext(ctx).Table(q.table).Select("id, article_id").Where("id IN ? AND article_id IS NOT NULL", uniq(q.ids)).Scan(&rows).Error; err != nil {
			return errorf("unable to read %s: %w", q.table, err)
		}
		for _, r := range rows {
			recArticle[[2]int64{int64(q.kind), r.ID}] = r.ArticleID
		}
	}
	var artIDs, entIDs []int64
	for i := range ev.reqs {
		r := &ev.reqs[i]
		if r.kind == kPosition || r.kind == kReportsOn {
			r.article = recArticle[[2]int64{int64(r.kind), r.rec}]
		}
		if r.article == 0 {
			continue
		}
		r.out.ArticleID = ptr(r.article)
		artIDs = append(artIDs, r.article)
		for _, e := range []Ref{r.a, r.b} {
			if e.ID != 0 {
				entIDs = append(entIDs, e.ID)
			}
		}
	}
	if len(artIDs) == 0 || len(entIDs) == 0 {
		return nil
	}
	type key struct {
		article int64
		ref     Ref
	}
	sentences := map[key][]string{}
	var rows []struct {
		ArticleID  int64
		EntityType string
		EntityID   int64
		Sentence   string
	}
	err := db.WithContext(ctx).Table("mentions").Select("article_id, entity_type, entity_id, sentence").
		Where("article_id IN ? AND entity_id IN ?", uniq(artIDs), uniq(entIDs)).Order("id").Scan(&rows).Error
	if err != nil {
		return errorf("unable to read mention sentences: %w", err)
	}
	for _, m := range rows {
		k := key{m.ArticleID, Ref{m.EntityType, m.EntityID}}
		if m.Sentence != "" && !contains(sentences[k], m.Sentence) {
			sentences[k] = append(sentences[k], m.Sentence)
		}
	}
	for _, r := range ev.reqs {
		if r.article == 0 {
			continue
		}
		r.out.Sentence = pickSentence(sentences[key{r.article, r.a}], sentences[key{r.article, r.b}])
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
func labels(ctx context.Context, db *gorm.DB, refs []Ref) (map[Ref]string, error) {
	byType := map[string][]int64{}
	for _, r := range refs {
		byType[r.Type] = append(byType[r.Type], r.ID)
	}
	out := make(map[Ref]string, len(refs))
	for _, t := range Types {
		ids := byType[t]
		if len(ids) == 0 {
			continue
		}
		table, col := labelColumns[t][0], labelColumns[t][1]
		ids = uniq(ids)
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), 1000)]
			ids = ids[len(chunk):]
			var rows []struct {
				ID    int64
				Label string
			}
			if err := db.WithContext(ctx).Table(table).Select("id, "+col+" AS label").Where("id IN ?", chunk).Scan(&rows).Error; err != nil {
				return nil, errorf("unable to read %s labels: %w", table, err)
			}
			for _, r := range rows {
				out[Ref{t, r.ID}] = r.Label
			}
		}
	}
	return out, nil
}
