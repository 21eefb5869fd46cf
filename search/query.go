package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"tracuu/vntext"
)

// A query as users type it: words, "quoted phrases", -excluded words or
// phrases, and OR between two words or phrases. Nothing else is syntax:
// any other character is searched as text or ignored, never an error.

// alt is one way to match a group: a sequence of words.
type alt struct {
	words []word
	// abbrev alternatives came from the abbreviation list, not the user.
	abbrev bool
	// loose alternatives match their words anywhere, in any order: the
	// words of an expansion the user typed, which need not be a phrase.
	loose bool
}

// group is a unit of the query that a document must match: what the user
// typed, and the equivalent phrases (abbreviations, OR).
type group struct {
	alts   []alt
	n      int // query words it stands for, its weight in the proximity score
	quoted bool
}

type parsedQuery struct {
	groups   []group
	exclude  []alt
	accented bool            // the user typed diacritics: they mean them
	foldSet  map[string]bool // the folded words of every alternative, set by parseQuery
}

type item struct {
	text    string
	quoted  bool
	negated bool
	or      bool // "OR" came before it
}

func lex(s string) []item {
	var items []item
	or := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		negated := false
		if r == '-' && i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])) {
			negated = true
			i++
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r == '"' || r == '“' || r == '”' {
			i += size
			end := strings.IndexAny(s[i:], "\"“”")
			text := s[i:]
			if end >= 0 {
				text = s[i : i+end]
				_, qs := utf8.DecodeRuneInString(s[i+end:])
				i += end + qs
			} else {
				i = len(s)
			}
			items = append(items, item{text: text, quoted: true, negated: negated, or: or})
			or = false
			continue
		}
		end := strings.IndexFunc(s[i:], func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '“' || r == '”' })
		text := s[i:]
		if end >= 0 {
			text = s[i : i+end]
			i += end
		} else {
			i = len(s)
		}
		if text == "OR" && !negated && len(items) > 0 && !items[len(items)-1].negated {
			or = true
			continue
		}
		items = append(items, item{text: text, negated: negated, or: or})
		or = false
	}
	return items
}

// Bounds on what a query can ask for, so that any text typed or pasted
// costs about what a normal query costs. Past them the rest of the query
// is ignored, and the result says how many words were (Result.IgnoredWords).
const (
	// MaxQueryBytes is the longest query text read; the rest is ignored.
	MaxQueryBytes = 2000
	// MaxQueryWords is how many distinct words a query searches for.
	MaxQueryWords = 32
	// maxQuerySequence is how many words in all (repeats included) a
	// query's phrase follows.
	maxQuerySequence = 64
)

// parseQuery turns what the user typed into groups, within the bounds
// above, and returns how many words it ignored.
func parseQuery(q string) (parsedQuery, int) {
	ignored := 0
	if len(q) > MaxQueryBytes {
		// Cut before the word that straddles the limit.
		cut := MaxQueryBytes
		for cut > 0 && !unicode.IsSpace(rune(q[cut-1])) {
			cut--
		}
		ignored = len(appendSpans(nil, []byte(q[cut:])))
		q = q[:cut]
	}
	q = vntext.Clean(q)
	var pq parsedQuery
	pq.accented = q != vntext.Fold(q)
	var plain []word // run of single unquoted words, for abbreviation matching
	var plainStart int
	flushPlain := func() {
		pq.groups = append(pq.groups[:plainStart], expandAbbreviations(plain, pq.accented)...)
		plain = nil
	}
	b := newBudget()
	for _, it := range lex(q) {
		ws := words(it.text)
		if kept := b.take(ws); len(kept) < len(ws) {
			ignored += len(ws) - len(kept)
			ws = kept
		}
		if len(ws) == 0 {
			continue
		}
		if it.negated {
			pq.exclude = append(pq.exclude, alt{words: ws})
			continue
		}
		if it.or && len(pq.groups)+len(plain) > 0 {
			if len(plain) > 0 {
				flushPlain()
			}
			g := &pq.groups[len(pq.groups)-1]
			g.alts = append(g.alts, alt{words: ws})
			plainStart = len(pq.groups)
			continue
		}
		if !it.quoted && len(ws) == 1 {
			if len(plain) == 0 {
				plainStart = len(pq.groups)
			}
			plain = append(plain, ws[0])
			continue
		}
		if len(plain) > 0 {
			flushPlain()
		}
		pq.groups = append(pq.groups, group{alts: []alt{{words: ws}}, n: len(ws), quoted: it.quoted})
		plainStart = len(pq.groups)
	}
	if len(plain) > 0 {
		flushPlain()
	}
	pq.foldSet = pq.folds()
	return pq, ignored
}

// budget counts the words a query has used against the bounds.
type budget struct {
	distinct map[string]bool
	total    int
}

func newBudget() *budget { return &budget{distinct: map[string]bool{}} }

// take returns the words of ws the bounds still allow.
func (b *budget) take(ws []word) []word {
	for i, w := range ws {
		if b.total == maxQuerySequence || !b.distinct[w.fold] && len(b.distinct) == MaxQueryWords {
			return ws[:i]
		}
		b.distinct[w.fold] = true
		b.total++
	}
	return ws
}

// expandAbbreviations turns a run of plain words into groups, one per word
// except where an abbreviation or an expansion spans several words: that
// becomes one group whose alternatives are the words and their equivalents.
func expandAbbreviations(ws []word, accented bool) []group {
	var out []group
	for i := 0; i < len(ws); {
		alts, n := abbreviations.equivalents(ws[i:], accented)
		if n == 0 {
			out = append(out, group{alts: []alt{{words: ws[i : i+1]}}, n: 1})
			i++
			continue
		}
		g := group{alts: []alt{{words: ws[i : i+n]}, {words: ws[i : i+n], loose: true}}, n: n}
		for _, a := range alts {
			g.alts = append(g.alts, alt{words: a, abbrev: true})
		}
		out = append(out, g)
		i += n
	}
	return out
}

// empty reports whether the query has nothing to search for.
func (pq parsedQuery) empty() bool { return len(pq.groups) == 0 }

// plan is how the engine answers a query: the condition every match
// meets, and tiers of matches in the order they rank.
type plan struct {
	words   expr // every group matches; nil: everything (an empty query)
	exclude expr // nil: nothing excluded
	// tiers are conditions on matches, best first; a match is in the
	// first tier it meets, or after all of them.
	tiers []expr
	// terms score the matches of each tier (len(tiers)+1 lists).
	terms [][]scoreTerm
	// pairTerms are the adjacent pairs of the query's words, in the whole
	// text (firstStage).
	pairTerms []scoreTerm
	// breakTiers: tiers 2 and 3, the phrase as written across punctuation
	// (head, anywhere), follow tiers 0 and 1, the phrase as written.
	breakTiers bool
}

// scaleOf is the tier whose best score scales the scores of tier t in
// the re-rank: the phrase as written across punctuation shares the
// scale of the phrase as written, so that splitting them moved no
// document above another within what was one tier.
func (p *plan) scaleOf(t int) int {
	if p.breakTiers && (t == 2 || t == 3) {
		return t - 2
	}
	return t
}

// Boosts of the head fields (title, lead, names) over the whole text.
const headBoost = 2

// buildPlan turns a parsed query into tiers: the whole query as a phrase
// written as typed (for a query with diacritics), in the head, then
// anywhere, then the same across punctuation, in the head, then anywhere;
// the phrase in any form, in the head, then anywhere; every word in the
// head; every word anywhere.
func buildPlan(pq parsedQuery) *plan {
	p := &plan{}
	if pq.empty() {
		p.terms = [][]scoreTerm{nil}
	} else {
		var words, head andX
		for _, g := range pq.groups {
			var any, hany orX
			for _, a := range g.alts {
				any = append(any, altExpr(a, fWords, fPairs))
				hany = append(hany, altExpr(a, fHeadWords, fHeadPairs))
			}
			words, head = append(words, any), append(head, hany)
		}
		p.words = memo(words)
		phraseTerms, wordTerms := p.phraseTiers(pq)
		p.tiers = append(p.tiers, memo(head))
		p.terms = append(p.terms, wordTerms, wordTerms)
		for i := range p.terms[:len(p.terms)-2] {
			p.terms[i] = phraseTerms
		}
	}
	var ex orX
	for _, a := range pq.exclude {
		ex = append(ex, altExpr(a, fWords, fPairs))
	}
	if len(ex) > 0 {
		p.exclude = memo(ex)
	}
	return p
}

// phraseTiers adds the phrase tiers and returns the terms that score
// phrase matches and word matches.
func (p *plan) phraseTiers(pq parsedQuery) (phraseTerms, wordTerms []scoreTerm) {
	var phrase, head, exact, exactHead, exactBreak, exactBreakHead orX
	seen := map[scoreTerm]bool{}
	add := func(dst *[]scoreTerm, t scoreTerm) {
		if !seen[t] {
			seen[t] = true
			*dst = append(*dst, t)
		}
	}
	for _, v := range phraseVariants(pq.groups) {
		ph, hd := memo(rankSeqExpr(v, fWords, fPairs)), memo(rankSeqExpr(v, fHeadWords, fHeadPairs))
		phrase, head = append(phrase, ph), append(head, hd)
		if pq.accented && hasDiacritics(v) {
			// Only a phrase the index holds every pair of is known to be
			// adjacent and without punctuation; one with a pair of rarer
			// syllables, matched by its words anywhere, goes with the
			// phrase across punctuation ("tỷ đồng ĐH cổ": the words "đh"
			// and "cổ" anywhere in 1,002 of 102,653 articles would have
			// kept "tỷ đồng. Đại hội cổ" out of the re-rank's window).
			if len(v) == 1 || allPairsIndexed(v) {
				exact = append(exact, andX{ph, exactExpr(v, fPairs, false)})
				exactHead = append(exactHead, andX{hd, exactExpr(v, fHeadPairs, false)})
			}
			exactBreak = append(exactBreak, andX{ph, exactExpr(v, fPairs, true)})
			exactBreakHead = append(exactBreakHead, andX{hd, exactExpr(v, fHeadPairs, true)})
		}
		for _, t := range seqTerms(v) {
			add(&phraseTerms, t)
		}
	}
	if len(exactBreak) > 0 {
		p.tiers = append(p.tiers, memo(exactHead), memo(exact), memo(exactBreakHead), memo(exactBreak))
		p.terms = append(p.terms, nil, nil, nil, nil)
		p.breakTiers = true
	}
	p.tiers = append(p.tiers, memo(head), memo(phrase))
	p.terms = append(p.terms, nil, nil)
	clear(seen)
	for _, g := range pq.groups {
		for _, a := range g.alts {
			for _, w := range a.words {
				add(&wordTerms, scoreTerm{field: fWords, term: w.fold, boost: 1})
				add(&wordTerms, scoreTerm{field: fHeadWords, term: w.fold, boost: headBoost})
			}
		}
	}
	for _, t := range phraseTerms {
		if t.field == fPairs { // adjacent words earn credit among word matches too
			add(&wordTerms, t)
			p.pairTerms = append(p.pairTerms, t)
		}
	}
	return phraseTerms, wordTerms
}

// altExpr matches one alternative: a word, a phrase (its pairs), or, for
// a loose alternative, its words anywhere.
func altExpr(a alt, wordField, pairField string) expr {
	if !a.loose {
		return seqExpr(a.words, wordField, pairField)
	}
	var all andX
	for _, w := range a.words {
		all = append(all, termX{wordField, w.fold})
	}
	return all
}

// seqExpr matches words in sequence: a word alone, or every pair of
// adjacent words, checked in the stored text where a pair is not in the
// index or the words are more than two.
func seqExpr(ws []word, wordField, pairField string) expr {
	return seqX(ws, wordField, pairField, true)
}

// rankSeqExpr is seqExpr for a tier, which only orders the matches: a
// phrase of three or more words is not checked in the stored text there
// (every pair of adjacent words present stands for it), since the
// re-rank reads the text of the hits it orders and puts the documents
// with the whole phrase first.
func rankSeqExpr(ws []word, wordField, pairField string) expr {
	return seqX(ws, wordField, pairField, false)
}

func seqX(ws []word, wordField, pairField string, verify bool) expr {
	if len(ws) == 1 {
		return termX{wordField, ws[0].fold}
	}
	pairs, exact := pairsExpr(ws, wordField, pairField)
	if len(ws) == 2 && exact {
		return pairs
	}
	key := fmt.Sprintf("seq\x00%v\x00%s", verify, pairField)
	for _, w := range ws {
		key += "\x00" + w.fold
	}
	return phraseX{pairs: pairs, words: ws, head: pairField == fHeadPairs, key: key, verify: verify, exact: exact}
}

// pairsExpr matches documents with every pair of adjacent words of ws:
// the pair's term where the index has it, both words where it does not.
// exact is false when some pair is matched by its words.
func pairsExpr(ws []word, wordField, pairField string) (all andX, exact bool) {
	exact = true
	seen := map[termX]bool{}
	add := func(t termX) {
		if !seen[t] {
			seen[t] = true
			all = append(all, t)
		}
	}
	for i := 1; i < len(ws); i++ {
		a, b := ws[i-1].fold, ws[i].fold
		if pairIndexed(a, b) {
			add(termX{pairField, string(pairTerm([]byte(a), []byte(b)))})
			continue
		}
		exact = false
		add(termX{wordField, a})
		add(termX{wordField, b})
	}
	return all, exact
}

// allPairsIndexed reports whether the index holds every pair of adjacent
// words of ws.
func allPairsIndexed(ws []word) bool {
	for i := 1; i < len(ws); i++ {
		if !pairIndexed(ws[i-1].fold, ws[i].fold) {
			return false
		}
	}
	return true
}

// hasDiacritics reports whether a word of ws carries diacritics.
func hasDiacritics(ws []word) bool {
	for _, w := range ws {
		if w.exact != w.fold {
			return true
		}
	}
	return false
}

// exactExpr matches ws as written, diacritics or their absence included,
// with the phrase's pairs (rankSeqExpr) to be matched beside it: each
// pair of adjacent words the index holds as its variant as written
// (appendPairVariant), with no punctuation between them unless brk (then
// with or without); a word of a pair the index does not hold by its form
// as written anywhere in the document, when it carries diacritics (field
// x). A query word typed without diacritics ("ngay trước") is one the
// user meant so: "ngày trước" is not its exact form.
func exactExpr(ws []word, pairField string, brk bool) expr {
	all := andX{}
	seen := map[string]bool{}
	exactWord := func(w word) {
		if !seen[w.exact] && w.exact != w.fold {
			seen[w.exact] = true
			all = append(all, termX{fExact, w.exact})
		}
	}
	if len(ws) == 1 {
		exactWord(ws[0])
	}
	for i := 1; i < len(ws); i++ {
		a, b := ws[i-1], ws[i]
		if !pairIndexed(a.fold, b.fold) {
			exactWord(a)
			exactWord(b)
			continue
		}
		t := pairVariantTerm(a, b, false)
		if seen[t] {
			continue
		}
		seen[t] = true
		if brk {
			all = append(all, orX{termX{pairField, t}, termX{pairField, pairVariantTerm(a, b, true)}})
		} else {
			all = append(all, termX{pairField, t})
		}
	}
	return all
}

// seqTerms are the terms that score a phrase: its pairs, or its words
// where a pair is not in the index.
func seqTerms(ws []word) []scoreTerm {
	words := func(ws ...word) []scoreTerm {
		var out []scoreTerm
		for _, w := range ws {
			out = append(out, scoreTerm{field: fWords, term: w.fold, boost: 1}, scoreTerm{field: fHeadWords, term: w.fold, boost: headBoost})
		}
		return out
	}
	if len(ws) == 1 {
		return words(ws[0])
	}
	var out []scoreTerm
	for i := 1; i < len(ws); i++ {
		a, b := ws[i-1].fold, ws[i].fold
		if !pairIndexed(a, b) {
			out = append(out, words(ws[i-1], ws[i])...)
			continue
		}
		t := string(pairTerm([]byte(a), []byte(b)))
		out = append(out, scoreTerm{field: fPairs, term: t, boost: 1}, scoreTerm{field: fHeadPairs, term: t, boost: headBoost})
	}
	return out
}

// maxPhraseVariants caps the phrases a query with abbreviations or OR
// expands into.
const maxPhraseVariants = 8

// phraseVariants lists the word sequences of the whole query, one for
// each combination of the groups' alternatives, at most
// maxPhraseVariants of them, what the user typed first.
func phraseVariants(groups []group) [][]word {
	variants := [][]word{nil}
	for _, g := range groups {
		var next [][]word
		for _, a := range g.alts {
			if a.loose {
				continue
			}
			for _, v := range variants {
				if len(next) == maxPhraseVariants {
					break
				}
				next = append(next, append(append([]word(nil), v...), a.words...))
			}
		}
		variants = next
	}
	return variants
}
