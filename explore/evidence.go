package explore

import (
	"context"
	"slices"
	"strings"

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
	posArticle, err := s.SourceArticles(ctx, models.TypePosition, posIDs)
	if err != nil {
		return err
	}
	repArticle, err := s.SourceArticles(ctx, models.TypeReport, repIDs)
	if err != nil {
		return err
	}
	// The sentences of each (entity, article) asked for.
	var keys []models.MentionKey
	seen := map[models.MentionKey]bool{}
	for i := range ev.reqs {
		r := &ev.reqs[i]
		switch r.kind {
		case kPosition:
			r.article = posArticle[r.rec]
		case kReportsOn:
			r.article = repArticle[r.rec]
		}
		if r.article == 0 {
			continue
		}
		r.out.ArticleID = ptr(r.article)
		for _, e := range []models.Ref{r.a, r.b} {
			if k := (models.MentionKey{Entity: e, ArticleID: r.article}); e.ID != 0 && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sentences, err := s.MentionSentences(ctx, keys)
	if err != nil {
		return err
	}
	for _, r := range ev.reqs {
		if r.article == 0 {
			continue
		}
		r.out.Sentence = pickSentence(sentences[models.MentionKey{Entity: r.a, ArticleID: r.article}], sentences[models.MentionKey{Entity: r.b, ArticleID: r.article}])
	}
	return nil
}

// pickSentence prefers a sentence that names both entities; else the first
// sentence naming each, joined by an ellipsis.
func pickSentence(a, b []string) string {
	for _, s := range a {
		if slices.Contains(b, s) {
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
