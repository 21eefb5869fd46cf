package search

import (
	"sort"

	"tracuu/models"
)

// The re-rank orders the engine's best hits by what their text shows:
// the longest in-order run of query words in one field, how many of them
// carry the query's diacritics, how much punctuation the run crosses, and
// the engine's score.

// candidate is a hit with its stored text and the features of the re-rank.
type candidate struct {
	h      hit
	text   storedDoc
	cover  int // query words matched in one in-order run of adjacent words
	marked int // of those, words whose diacritics are as in the query
	punct  int // punctuation marks inside that run
	// partEntity: an entity whose name (and every alias) holds words
	// the query lacks. "nghi quyet tinh uy" names no one resolution:
	// the articles about it come first; "Tỉnh ủy Bến Tre" names one.
	partEntity bool
	final      float64
}

// Weights of the re-rank score. The run of adjacent query words dominates:
// BM25 sums alone under-reward proximity. Diacritics come next, then
// the engine's score, scaled to [0,1] within its tier.
const (
	coverWeight  = 4
	markedWeight = 3
	punctWeight  = 1
	// exactWeight puts a document whose text shows the query exactly as
	// typed (every word, as written, across no punctuation) above every
	// document that does not: more than the engine's score and the
	// punctuation can move. Without it, among many documents with "đó,
	// người", the best scored of them passed the ones with "đó người".
	exactWeight = 1 + punctWeight
	// partEntityWeight puts an entity whose name the query only partly
	// names below the articles of the window: more than the other
	// features can add.
	partEntityWeight = 1 + coverWeight + markedWeight + punctWeight + exactWeight
)

// rerank orders cands by the longest in-order run of query words in one
// field, the diacritics in that run, then the engine's score.
//
// The phrase tiers hold the documents with every pair of the phrase's
// adjacent words (rankSeqExpr); demote, if not nil, returns the tier of
// a candidate whose text shows no whole phrase, so that the engine's
// scores are compared within the tiers the documents truly belong to.
// scale names the tier whose best score scales a tier's
// scores: the phrase as written across punctuation is scaled with the
// phrase as written (plan.scaleOf), as when they were one tier.
func rerank(pq parsedQuery, cands []candidate, demote func(c *candidate) int, scale func(tier int) int) {
	total := 0
	for _, g := range pq.groups {
		total += g.n
	}
	for i := range cands {
		c := &cands[i]
		c.features(pq, total)
		if demote != nil && c.cover < total {
			c.h.tier = demote(c)
		}
	}
	best := map[int]float64{} // best engine score of each tier
	for _, c := range cands {
		k := scale(c.h.tier)
		best[k] = max(best[k], c.h.score)
	}
	for i := range cands {
		c := &cands[i]
		c.final = c.rank(pq, total, best[scale(c.h.tier)])
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].final > cands[j].final })
}

func (c *candidate) rank(pq parsedQuery, total int, maxScore float64) float64 {
	s := 0.0
	if maxScore > 0 {
		s = c.h.score / maxScore
	}
	if total > 0 {
		s += coverWeight * float64(c.cover) / float64(total)
		if pq.accented {
			s += markedWeight * float64(c.marked) / float64(total)
		}
		s -= punctWeight * float64(c.punct) / float64(total)
		if c.cover >= total && c.marked >= total && c.punct == 0 {
			s += exactWeight
		}
	}
	if c.partEntity {
		s -= partEntityWeight
	}
	return s
}

// rankFields are the stored fields in the order the re-rank reads them:
// the short head fields first, so that a perfect run there spares the
// body.
var rankFields = []string{fTitle, fLead, fNames, fBody, fCaptions}

// perfect is the best run possible in a text: every query word, as
// written, across no punctuation. When an alternative has more words than
// the query words it stands for (an abbreviation's expansion, OR), a run
// can mark more words than the query has, and ok is false.
func perfect(pq parsedQuery, total int) (r run, ok bool) {
	for _, g := range pq.groups {
		for _, a := range g.alts {
			if len(a.words) > g.n {
				return r, false
			}
		}
	}
	return run{cover: total, marked: total}, true
}

// features finds the best run of query words in any field of the text.
func (c *candidate) features(pq parsedQuery, total int) {
	var best run
	top, capped := perfect(pq, total)
fields:
	for _, f := range rankFields {
		for i := range c.text.fields[f] {
			if r := bestRun(pq, c.text.tokens(f, i, pq)); r.better(best) {
				best = r
			}
			if capped && !top.better(best) { // no text can do better
				break fields
			}
		}
	}
	c.cover, c.marked, c.punct = best.cover, best.marked, best.punct
	c.h.loadID()
	if docType(c.h.id) != models.TypeArticle {
		c.partEntity = !c.named(pq)
	}
}

// named reports whether the query holds every word of the entity's name
// or of one of its aliases.
func (c *candidate) named(pq parsedQuery) bool {
	for _, f := range []string{fTitle, fNames} {
		for i := range c.text.fields[f] {
			toks := c.text.tokens(f, i, pq)
			whole := len(toks) > 0
			for _, t := range toks {
				if len(t.fold) == 0 {
					whole = false
					break
				}
			}
			if whole {
				return true
			}
		}
	}
	return false
}
