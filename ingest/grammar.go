package ingest

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The grammar of people and their titles. It combines the lexicons
// (titles, qualifiers, bodies, places, countries, forms of address) and the
// name model (name.go) in every position the press puts them:
//
//	title    = [qualifier] TITLE [internal qualifier] [body | country | portfolio | place]
//	chain    = title {("," | "kiêm" | "-" | "đồng thời là") title}
//	before   = [address] chain [sep] [address] NAME [tail]           Bí thư Tỉnh ủy Nguyễn Văn A
//	plural   = "các" chain NAME {("," | "và") NAME}                   các Phó Thủ tướng A, B và C
//	after    = [address] NAME tail                                  ông A, Chủ tịch UBND xã
//	tail     = ("," | "-" | "–" | "(" | "là" | "hiện là") chain [")"]
//	list     = [các|N] [address] [chain] ":" item {(";" | "," | "và") item}
//	item     = [address] NAME [tail]                                 các đồng chí Phó Bí thư: A – Chủ tịch UBND tỉnh; B, C
//	is       = chain "là" address NAME {("và" | ",") address NAME}   2 Phó Chánh thanh tra là ông A và ông B
//	career   = "với các vị trí" | "trải qua các vị trí như" | "từng là" ... chain   far from the name: careerAfar
//	pronoun  = [opener ","] ("ông" | "bà") (career | "là" chain)     the person of the sentence before: pronounCareer
//	those    = "những người này" ... "được <body> chọn làm" chain    each person the sentence before titled: pluralCareer
//	profile  = HEADING ":" chain {("," | ";") chain}                 the person last named alone: bioCareer
//
// A list's chain applies to every item, an item's tail to that item only.
// A name preceded by a photo credit ("Ảnh: ...") is not a person.

// titleSeg is one title of a chain with the body it is held in, when
// given, and its qualifier.
type titleSeg struct {
	title      titleInfo
	name       string // the title as held: the canonical title, with its internal qualifiers ("Phó Giám đốc Thường trực")
	qualifier  string // QualifierFormer, QualifierActing or ""
	org        orgMatch
	orgI, orgJ int  // token span of the body; 0,0 when implied or absent
	foreign    bool // held in a foreign state: no Vietnamese body
	end        int  // the token after the title and its body
}

// people finds people and the positions they hold in a sentence.
func (x *extractor) people(s sentence, used []bool) {
	toks := s.toks
	// The rules for lists and "<title> là <name>" need a colon or a "là"
	// after their start: where the sentence has none, they are not tried.
	x.lastColon, x.lastLa, x.lastGom, x.lastTitle = -1, -1, -1, -1
	for k := range toks {
		t := &toks[k]
		if t.starts&titles.bit != 0 || t.starts == allTries && t.startBits()&titles.bit != 0 {
			x.lastTitle = k
		}
		if t.facts&fKnown != 0 {
			// The word cache's facts: no string compared.
			if f := t.facts; f&(fColon|fLa|fGom) != 0 {
				switch {
				case f&fColon != 0:
					x.lastColon = k
				case f&fLa != 0:
					x.lastLa = k
				default:
					x.lastGom = k
				}
			}
			continue
		}
		switch {
		case t.text == ":":
			x.lastColon = k
		case t.key == "la":
			x.lastLa = k
		case t.key == "gom":
			x.lastGom = k
		}
	}
	starts := ranks.bit | titles.bit | honorTrie.bit | titleQuals.bit
	for i := 0; i < len(toks); i++ {
		if used[i] || !toks[i].upper && toks[i].startBits()&starts == 0 && !toks[i].listWord() {
			continue // nothing below starts with a lower-case word outside the tries
		}
		if toks[i].upper {
			if e, v, ok := honorTrie.match(toks, i); ok {
				p := x.person(v.(string))
				p.Mentions = append(p.Mentions, x.mention(MentionPerson, p.Key, s, i, e))
				markUsed(used, i, e)
				i = e - 1
				continue
			}
		}
		if x.lastColon > i { // a credit ends at a colon ("Ảnh: ...")
			if e, ok := x.credit(s, i, used); ok {
				i = e - 1
				continue
			}
		}
		// The rules in turn: listed, titledFirst, namedFirst, titledIs
		// (called directly; listed and titledIs return at once, with no
		// effect, without a colon, a "là" or a "gồm" after i).
		for rule := range 4 {
			if rule == 0 && x.lastColon < i || rule == 3 && x.lastLa < i && x.lastGom < i {
				continue
			}
			if rule == 1 && ruleCues && x.lastTitle < i {
				continue // titledFirst reads a title at i or after it (readChain)
			}
			// A rule that fails must not leave the places it read as the
			// article's context.
			province, district, commune := x.province, x.district, x.commune
			x.unclaimed = x.unclaimed[:0]
			var e int
			var ok bool
			switch rule {
			case 0:
				e, ok = x.listed(s, i, used)
			case 1:
				e, ok = x.titledFirst(s, i, used)
			case 2:
				e, ok = x.namedFirst(s, i, used)
			default:
				e, ok = x.titledIs(s, i, used)
			}
			if ok {
				for _, sp := range x.unclaimed {
					// A body or a duty passed between two titles is left
					// to the organisation rules.
					clear(used[sp[0]:sp[1]])
				}
				i = e - 1
				break
			}
			x.province, x.district, x.commune = province, district, commune
		}
	}
}

// ruleCues lets the people rules skip, per sentence, the tokens where a
// rule needs a cue the sentence does not have after them (x.lastTitle):
// the same people, positions and mentions as without
// (TestRuleCuesAgree turns it off).
var ruleCues = true

// listWords start lists of people: "các đồng chí", "gồm các ông", "hai
// Phó Chủ tịch".
var listWords = map[string]bool{"cac": true, "gom": true, "hai": true, "ba": true, "bon": true, "nam": true, "nhung": true}

// isListWord is listWords[k] without hashing k: people asks it of most
// tokens. TestListWords holds the two equal.
func isListWord(k string) bool {
	switch k {
	case "cac", "gom", "hai", "ba", "bon", "nam", "nhung":
		return true
	}
	return false
}

// credit skips a photo credit or byline with its name ("Ảnh: Hương Thu",
// "Bài và ảnh: Nguyễn Văn A"), which may run into the next sentence
// without a full stop: the name is not a person of the text, nor a body
// credited a body of the text ("Ảnh: Báo Chính phủ").
//
// people asks it only before the sentence's last colon (x.lastColon).
func (x *extractor) credit(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	e, _, ok := credits.match(toks, i)
	if !ok || e >= len(toks) || toks[e].text != ":" {
		return 0, false
	}
	k := e + 1
	province, district, commune := x.province, x.district, x.commune
	if _, oe, ok := x.parseOrg(toks, k); ok {
		// "Ảnh: Báo Chính phủ", "(Ảnh: Bộ Y tế)": the body credited is no
		// mention of the text (annotation rules: credits are not marked).
		x.province, x.district, x.commune = province, district, commune
		markUsed(used, i, oe)
		return oe, true
	}
	x.province, x.district, x.commune = province, district, commune
	n := k
	for n < len(toks) && n-k < 4 && isNameWord(toks[n]) && !startsNonName(toks, n) {
		n++
	}
	if n == k {
		return 0, false
	}
	markUsed(used, i, n)
	return n, true
}

// skipRanks passes forms of address and ranks ("ông", "Thiếu tướng",
// "PGS.TS") at toks[k].
func skipRanks(toks []token, k int) (int, bool) {
	found := false
	for k < len(toks) {
		e, _, ok := ranks.match(toks, k)
		if !ok {
			break
		}
		k, found = e, true
		if k < len(toks) && toks[k].text == "." && toks[k].start == toks[k-1].end {
			k++ // "GS. Lê Anh Tuấn", "TS. Nguyễn Quân"
		}
	}
	return k, found
}

// ranksAt is skipRanks(toks, k), remembered for the last toks and k it
// was asked: titledFirst and namedFirst, tried in turn at the same token,
// both ask it. The memory is forgotten at every sentence (the token
// buffer is reused from field to field).
func (x *extractor) ranksAt(toks []token, k int) (int, bool) {
	if m := &x.ranks; m.ok && len(toks) > 0 && m.toks == &toks[0] && m.n == len(toks) && m.k == k {
		return m.end, m.found
	}
	end, found := skipRanks(toks, k)
	if len(toks) > 0 {
		x.ranks = ranksMemo{toks: &toks[0], n: len(toks), k: k, end: end, found: found, ok: true}
	}
	return end, found
}

// ranksMemo is ranksAt's memory.
type ranksMemo struct {
	toks      *token
	n, k, end int
	found, ok bool
}

// mayTitle: a title may start at toks[k], a qualifier or a title's first
// word: readTitle fails, with no effect, where neither starts. Asked
// before calling it, it saves building and copying an empty titleSeg at
// most tokens.
func mayTitle(toks []token, k int) bool {
	return k < len(toks) && toks[k].startBits()&(titleQuals.bit|titles.bit) != 0
}

// readTitle reads one title at toks[k]: a qualifier before it ("nguyên",
// "quyền"), the title, qualifiers after its head ("thường trực"), and what
// it is held in: a body ("Sở Y tế tỉnh X"), a country (a foreign office),
// a portfolio ("Bộ trưởng Y tế") or a place ("Chủ tịch tỉnh X").
//
// Its callers ask mayTitle first: a title that could start without a
// qualifier or a title word would have to be added there too.
//
// It reads the title into *seg, which it sets whole only once a title is
// found (most calls find none): what seg holds when it fails is not to
// be read. Written in place, a titleSeg (some 300 bytes) is not copied
// out and in again at every call.
func (x *extractor) readTitle(toks []token, k int, seg *titleSeg) (int, bool) {
	qualifier := ""
	// The words before the title (electionBefore, heldBefore) are asked
	// once a title is found: most calls find none.
	at := k
	for k < len(toks) {
		e, v, ok := titleQuals.match(toks, k)
		if !ok || v.(qualInfo).After || k > 0 && v.(qualInfo).NotAfter[spelling(toks[k-1].text)] {
			break
		}
		if _, _, isTitle := titles.match(toks, k); isTitle {
			break // "Cố vấn" is a title, not "cố" + "vấn"
		}
		if q := v.(qualInfo).Qualifier; q != "" && qualifier != QualifierFormer {
			qualifier = q // "nguyên Quyền Giám đốc": held before, whether acting or not
		}
		k = e
	}
	e, v, ok := titles.match(toks, k)
	split := ""
	if !ok {
		e, v, split, ok = x.splitTitle(toks, k)
	}
	if !ok {
		return 0, false
	}
	if electionBefore(toks, at) {
		return 0, false // "trong đợt bầu cử đại biểu Quốc hội khóa XV, Tổng Bí thư A": a seat run for
	}
	*seg = titleSeg{qualifier: qualifier}
	if heldBefore(toks, at) {
		seg.qualifier = QualifierFormer // "từng là Bộ trưởng", "từng giữ chức Phó Chủ tịch", whatever the qualifiers say
	}
	seg.title = v.(titleInfo)
	if seg.title.Capital && !toks[k].upper {
		return 0, false // "đội trưởng Văn Quyết": a team's captain
	}
	seg.name = seg.title.Title
	if split != "" {
		seg.name += " " + split
		if t, ok := titleNamed[spelling(seg.name)]; ok {
			seg.title, seg.name = t, t.Title
		}
	}
	head := k
	k = e
	for k < len(toks) {
		qe, qv, ok := titleQuals.match(toks, k)
		if !ok || !qv.(qualInfo).After || qv.(qualInfo).Lower && toks[k].upper {
			break
		}
		if q := qv.(qualInfo).Qualifier; q != "" && !strings.HasSuffix(seg.name, " "+q) {
			seg.name += " " + q
		}
		k = qe
	}
	k = x.titleFunction(toks, head, k, seg)
	k = x.titleBody(toks, head, e, k, seg)
	if t := skipTerm(toks, k); t > k {
		if seg.qualifier == "" && x.termEnded(toks, k) {
			seg.qualifier = QualifierFormer // "Phó Bí thư Đảng ủy nhiệm kỳ 2015-2020 và hiện là Hiệu trưởng", in 2021
		}
		k = t
	}
	seg.end = k
	if seg.title.Weak && seg.orgJ == 0 && !seg.foreign && !x.sameOffice && !unitNamed(toks, head, e, k) && !(x.inTail && endsItem(toks, k) && spelt(toks, head, e)) && !(toks[head].upper && fullNameAt(toks, k)) {
		// "ủy viên", "đại sứ" as plain nouns; capitalised right before a
		// full name ("Đại sứ Phạm Sanh Châu") or after a name and a comma
		// as an item of its own ("ông A, Đảng ủy viên, Phó Hiệu trưởng")
		// they are titles.
		return 0, false
	}
	return k, true
}

// titleFunction reads, at toks[k] after a director's title that takes one
// (titles.tsv flag function), the field of work that makes a function of
// it: "Giám đốc Đào tạo - Hợp tác quốc tế", "Phó Giám đốc Kinh doanh",
// "Giám đốc Nghiên cứu và Phát triển" (functions.txt; fields joined by
// "-", "–", "&", "/" or "và"), added to the title as written. A field in
// lower case after a capitalised title is left ("Giám đốc kinh doanh bất
// động sản" may describe the business), and so is a body's head. It
// returns the end.
func (x *extractor) titleFunction(toks []token, head, k int, seg *titleSeg) int {
	if !seg.title.Function || k >= len(toks) || toks[k].kind != tokWord || toks[head].upper && !toks[k].upper {
		return k
	}
	end, _, ok := functions.match(toks, k)
	if !ok {
		return k
	}
	if _, _, isHead := heads.match(toks, k); isHead {
		return k
	}
	for end+1 < len(toks) {
		j := end
		switch toks[j].text {
		case "-", "–", "&", "/", "và":
			j++
		default:
			j = -1
		}
		if j < 0 {
			break
		}
		fe, _, ok := functions.match(toks, j)
		if !ok {
			break
		}
		end = fe
	}
	seg.name += " " + upperFirst(words(x.text, toks[k:end]))
	return end
}

// electionBefore: the words before toks[k] name an election or a
// candidacy for the office after them ("bầu cử", "ứng cử", "tự ứng cử",
// "tái cử", "tranh cử", "ứng viên", "ứng cử viên"): the office is the seat
// run for, held by no one the sentence names (annotation rules: "tái cử
// đại biểu HĐND" marks no office). "trúng cử", "đắc cử" (won) are read by
// appointedTo.
func electionBefore(toks []token, k int) bool {
	if k < 2 || toks[k-1].key != "cu" && toks[k-1].key != "vien" || toks[k-2].kind != tokWord {
		return false // most titles: the keys first, no spelling
	}
	switch spelling(toks[k-2].text) + " " + spelling(toks[k-1].text) {
	case "bầu cử", "ứng cử", "tái cử", "tranh cử", "ứng viên", "cử viên":
		return true
	}
	return false
}

// unitNamed: the title at toks[head:e] is followed at toks[k] by the
// capitalised name of the unit it heads, which repeats its unit word: "Tổ
// trưởng Tổ bầu cử thôn Yên Vực", "Trưởng đoàn Đoàn công tác", "Đội
// trưởng Đội Quản lý thị trường số 3". A weak title is one there.
func unitNamed(toks []token, head, e, k int) bool {
	if k+1 >= len(toks) || !toks[k].upper || toks[k].kind != tokWord || toks[k+1].kind != tokWord {
		return false
	}
	return toks[k].key == toks[head].key && toks[head].key != "truong" || toks[k].key == toks[e-1].key && toks[e-1].key != "truong"
}

// splitTitle reads a title whose words an internal qualifier splits:
// "Thành viên thường trực HĐQT", "thành viên độc lập HĐQT" are "Thành viên
// Hội đồng quản trị" held "Thường trực", "độc lập"; in a board's list
// (x.board) the qualified member alone is the board's ("bà Dương Hoài Liên
// - thành viên độc lập"). It returns the end, the title and the qualifier.
func (x *extractor) splitTitle(toks []token, k int) (int, any, string, bool) {
	if k >= len(toks) || toks[k].startBits()&titles.bit == 0 || k+1 < len(toks) && toks[k+1].kind != tokWord {
		return 0, nil, "", false // no title starts here: most calls end here
	}
	for m := k + 1; m < len(toks) && m <= k+3; m++ {
		qe, qv, ok := titleQuals.match(toks, m)
		if !ok || !qv.(qualInfo).After || qv.(qualInfo).Lower && toks[m].upper || strings.TrimSpace(qv.(qualInfo).Qualifier) == "" {
			continue
		}
		if !titles.prefixOf(toks[:m], k) {
			return 0, nil, "", false
		}
		q := qv.(qualInfo).Qualifier
		joined := make([]token, 0, m-k+8)
		joined = append(joined, toks[k:m]...)
		joined = append(joined, toks[qe:min(qe+8, len(toks))]...)
		if te, tv, ok := titles.match(joined, 0); ok && te > m-k {
			return qe + te - (m - k), tv, q, true
		}
		if x.board != "" && endsItem(toks, qe) {
			if t, ok := titleNamed[spelling(words(x.text, toks[k:m])+" "+x.board)]; ok {
				return qe, t, q, true
			}
		}
	}
	return 0, nil, "", false
}

// titleBody reads what the title ending at toks[e] (qualifiers read up to
// k) is held in, fills seg and returns the end.
func (x *extractor) titleBody(toks []token, head, e, k int, seg *titleSeg) int {
	t := seg.title
	if ce, ok := isForeignAt(toks, k); ok && t.Foreign {
		seg.foreign = true
		if me, ok := x.mission(toks, k); ok {
			return me // "Đại sứ Nhật Bản tại Việt Nam Yamada Takio"
		}
		return ce
	}
	x.titleCtx = true
	o, oi, oe, ok := x.titleOrg(toks, head, e, k)
	x.titleCtx = false
	if !ok && t.Portfolio && k < len(toks) && toks[k].upper {
		// "Bộ trưởng Y tế", "Bộ trưởng GTVT": the ministry of the domain.
		if de, dv, dok := domains.match(toks, k); dok {
			o, oi, oe, ok = orgMatch{Name: "Bộ " + dv.(string), Kind: "government", Level: "central", Parent: "Chính phủ"}, k, de, true
		}
	}
	if !ok && t.PlaceBody != "" {
		// "Chủ tịch tỉnh Quảng Nam", "Bí thư xã", "Phó Chủ tịch Bạc Liêu":
		// the body of the place.
		if p, province, pe, pok := x.parsePlaceAfter(toks, k, ""); pok && p.name != "" && (p.admin != "" || p.level == "province") {
			o = orgMatch{Name: t.PlaceBody + " " + placeName(p), Kind: headKind(t.PlaceBody), Level: p.level, Province: province}
			oi, oe, ok = k, pe, true
		}
	}
	if !ok && k+1 < len(toks) && toks[k].text == "," && toks[k+1].upper {
		// "Phó Tổng cục trưởng, Tổng cục Tiêu chuẩn Đo lường Chất lượng
		// Nguyễn Hoàng Linh": the body after a comma, when it is not a
		// title of its own.
		if _, _, isTitle := titles.match(toks, k+1); !isTitle {
			x.titleCtx = true
			bo, be, bok := x.parseOrg(toks, k+1)
			x.titleCtx = false
			if bok && !bo.Generic && t.ImpliedOrg == "" {
				o, oi, oe, ok = bo, k+1, be, true
			}
		}
	}
	if ok {
		if ce, cok := isForeignAt(toks, oe); cok {
			// "Bộ Ngoại giao Trung Quốc": a foreign body.
			seg.foreign = true
			return ce
		}
		if o.Generic && countryIn(toks, oi, oe) {
			// "Viện Hàng hải Quốc gia Indonesia": the body read with its
			// country, a foreign one.
			seg.foreign = true
			return oe
		}
		seg.org, seg.orgI, seg.orgJ = o, oi, oe
		if t.ImpliedOrg != "" && key(o.Name) == key(t.ImpliedOrg) {
			seg.orgI, seg.orgJ = 0, 0 // "Thủ tướng Chính phủ": the body is part of the title
		}
		return oe
	}
	if ce, ok := x.mission(toks, k); ok {
		// "Đại sứ Việt Nam tại Nam Phi", "Đại sứ Hàn Quốc tại Việt Nam".
		seg.foreign = toks[k].key != "viet"
		seg.orgJ = -1
		return ce
	}
	if t.ImpliedOrg != "" {
		seg.org = orgMatch{Name: t.ImpliedOrg}
	}
	return k
}

// mission reads "<country> tại <country or place>" after a diplomatic
// title; Việt Nam counts as a country.
func (x *extractor) mission(toks []token, k int) (int, bool) {
	e, ok := isForeignAt(toks, k)
	if !ok && k+1 < len(toks) && toks[k].upper && toks[k].key == "viet" && toks[k+1].key == "nam" {
		e, ok = k+2, true
	}
	if !ok || e+1 >= len(toks) || toks[e].key != "tai" {
		return 0, false
	}
	if ce, ok := isForeignAt(toks, e+1); ok {
		return ce, true
	}
	if e+2 < len(toks) && toks[e+1].upper && toks[e+1].key == "viet" && toks[e+2].key == "nam" {
		return e + 3, true
	}
	if pe, _, ok := places.match(toks, e+1); ok {
		return pe, true
	}
	return 0, false
}

// skipTerm passes the term after a title or its body: "khóa XIV",
// ", khóa XIII", "nhiệm kỳ 2020 - 2025".
func skipTerm(toks []token, k int) int {
	j := k
	if j < len(toks) && toks[j].text == "," {
		j++
	}
	if j+1 < len(toks) && toks[j].key == "khoa" && isRoman(toks[j+1].text) {
		return j + 2
	}
	if y, e := termYears(toks, j); y != "" {
		return e
	}
	return k
}

// termEnded: the term at toks[k] (", nhiệm kỳ 2015 - 2020") ended in a
// year before the article's: the office is held no more.
func (x *extractor) termEnded(toks []token, k int) bool {
	if x.a.PublishedAt.IsZero() {
		return false
	}
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	y, _ := termYears(toks, k)
	_, last, ok := strings.Cut(y, "-")
	if !ok {
		return false
	}
	end, err := strconv.Atoi(last)
	return err == nil && end < x.a.PublishedAt.Year()
}

// headKind is the kind of body a head names.
func headKind(canon string) string {
	toks := tokenize(canon)
	if _, v, ok := heads.match(capitalised(toks), 0); ok {
		return v.(headInfo).Kind
	}
	return "other"
}

// spelt: the title at toks[head:e] is spelt as in the lexicon in every
// word, not only its first ("Thư Kỳ", a name, is not "Thư ký").
func spelt(toks []token, head, e int) bool {
	se, _, ok := titles.matchSpelt(toks, head)
	return ok && se == e
}

// countryIn: a country is named inside toks[i:j].
func countryIn(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if ce, ok := isForeignAt(toks, k); ok && ce <= j {
			return true
		}
	}
	return false
}

// endsItem: toks[k] ends an item of a list of offices (punctuation, a
// line break, the end), not a word that makes a plain noun of the title
// before it ("Thư ký viên", "làm Trưởng đoàn sang thăm").
func endsItem(toks []token, k int) bool {
	return k >= len(toks) || toks[k].nl || toks[k].kind == tokPunct && toks[k].text != "(" || toks[k].key == "kiem"
}

// fullNameAt: a name of two words or more starting with a family name at
// toks[k].
func fullNameAt(toks []token, k int) bool {
	return k < len(toks) && isSurname(toks[k]) && nameAt(toks, k, licTitled) > k+1
}

// chainSep: what joins two titles of one person: a comma, a dash, "kiêm",
// "đồng thời là", "và hiện là", "(và) nay là", a table cell's next line.
func chainSep(toks []token, k int) (int, bool) {
	if k >= len(toks) {
		return 0, false
	}
	switch {
	case toks[k].nl:
		return k, true // the next line of a table's cell
	case toks[k].text == "," || toks[k].text == "-" || toks[k].text == "–" || toks[k].key == "kiem":
		k++
		if k < len(toks) && toks[k].key == "va" {
			k++
		}
		if n := nowIs(toks, k); n > k {
			return n, true
		}
		return k, true
	case toks[k].key == "va" && nowIs(toks, k+1) > k+1:
		return nowIs(toks, k+1), true
	case k+2 < len(toks) && toks[k].key == "dong" && toks[k+1].key == "thoi" && toks[k+2].key == "la":
		return k + 3, true
	}
	return 0, false
}

// skipDescriptor passes, at toks[k], the lower-case words that end the
// name of a title's body where the lexicons stop ("Bí thư Đảng ủy cơ
// quan, Chủ tịch ...", "Bí thư Đảng ủy Bộ tham mưu, Đại tá, ..."): up to
// three, then a comma or a dash. It returns k when there are none.
func skipDescriptor(toks []token, k int) int {
	j := k
	for j < len(toks) && j < k+3 && toks[j].kind == tokWord && !toks[j].upper && !toks[j].nl && !clauseWords[toks[j].key] {
		j++
	}
	if j == k || j >= len(toks) || toks[j].nl || toks[j].text != "," && toks[j].text != "-" && toks[j].text != "–" {
		return k
	}
	return j
}

// clauseWords start a clause after a person's titles, not the rest of a
// body's name: "(ông A, Bí thư Tỉnh ủy) cho biết, ...".
var clauseWords = map[string]bool{"cho": true, "da": true, "dang": true, "se": true, "duoc": true, "bi": true, "va": true, "la": true,
	"noi": true, "phat": true, "khang": true, "nhan": true, "yeu": true, "chu": true, "tham": true, "du": true, "de": true, "khi": true, "thi": true, "neu": true, "cung": true, "vua": true, "tung": true, "hien": true, "nay": true}

// clauseSpellings are clauseWords as spelt: "đá" (bóng đá) is no "đã".
var clauseSpellings = map[string]bool{"cho": true, "đã": true, "đang": true, "sẽ": true, "được": true, "bị": true, "và": true, "là": true,
	"nói": true, "phát": true, "khẳng": true, "nhấn": true, "yêu": true, "chủ": true, "tham": true, "dự": true, "để": true, "khi": true, "thì": true, "nếu": true, "cũng": true, "vừa": true, "từng": true, "hiện": true, "nay": true}

// isClauseWord: t is one of clauseWords, spelt as it.
func isClauseWord(t token) bool {
	return clauseWords[t.key] && clauseSpellings[spelling(t.text)]
}

// nowIs passes "hiện là", "nay là", "đồng thời là", "hiện đang là" at
// toks[k]; it returns k when there is none.
func nowIs(toks []token, k int) int {
	j := k
	if j < len(toks) && (toks[j].key == "hien" || toks[j].key == "nay" || toks[j].key == "dong" && j+1 < len(toks) && toks[j+1].key == "thoi") {
		if toks[j].key == "dong" {
			j++
		}
		j++
		if j < len(toks) && toks[j].key == "dang" {
			j++
		}
		if j < len(toks) && toks[j].key == "la" {
			return j + 1
		}
	}
	return k
}

// readChain reads titles joined by commas, dashes and "kiêm" at toks[k].
// A rank or a profession may stand between two titles ("Ủy viên Bộ Chính
// trị, Đại tướng, Chủ nhiệm Tổng cục Chính trị", "Bác sĩ y khoa, Phó Giám
// đốc Bệnh viện").
func (x *extractor) readChain(toks []token, k int) ([]titleSeg, int) {
	var segs []titleSeg
	var seg titleSeg // readTitle's, set whole where it finds a title
	same := false
	for k < len(toks) {
		if !mayTitle(toks, k) {
			x.sameOffice = false // as readTitle's failure leaves it
			break
		}
		x.sameOffice = same
		e, ok := x.readTitle(toks, k, &seg)
		x.sameOffice = false
		if !ok {
			break
		}
		segs = append(segs, seg) // a copy where a title is found only
		k = e
		n, ok := chainSep(toks, k)
		if !ok {
			n, ok = chainSep(toks, skipDescriptor(toks, k))
		}
		if !ok && seg.orgJ == 0 {
			n, ok = chainSep(toks, x.skipUnreadBody(toks, k))
		}
		same = false
		if !ok {
			n, ok = x.sameTitleAfter(toks, k, &seg)
			same = ok
		}
		if !ok {
			break
		}
		n = skipHeldWords(toks, skipRankItem(toks, x.skipDutyItem(toks, n)))
		if !mayTitle(toks, n) {
			x.sameOffice = false
			break
		}
		x.sameOffice = same
		var next titleSeg
		_, ok = x.readTitle(toks, n, &next)
		x.sameOffice = false
		if !ok {
			break
		}
		k = n
	}
	return foreignChain(segs, k)
}

// skipUnreadBody passes, at toks[k] after a title whose body the lexicons
// could not read, a body's name up to a comma or a dash: a head of a body,
// then up to five words with no title, no clause word and no line break
// ("Bí thư Đảng ủy Bộ tham mưu, Đại tá, Phó Tham mưu trưởng Quân khu 4").
// It returns k when there is none.
func (x *extractor) skipUnreadBody(toks []token, k int) int {
	if k >= len(toks) || !toks[k].upper {
		return k
	}
	he, _, ok := heads.matchSpelt(toks, k)
	if !ok {
		return k
	}
	for j := he; j < len(toks) && j < he+6; j++ {
		t := &toks[j]
		switch {
		case t.text == "," || t.text == "-" || t.text == "–":
			if j == he {
				return k
			}
			x.unclaimed = append(x.unclaimed, [2]int{k, j})
			return j
		case t.nl || t.kind != tokWord:
			return k
		case isClauseWord(*t) && !(j+1 < len(toks) && compounds[spelling(t.text)+" "+spelling(toks[j+1].text)]):
			return k // "cho biết", not "Bộ tham mưu"
		}
		if _, _, isTitle := titles.matchSpelt(toks, j); isTitle && t.upper {
			return k
		}
	}
	return k
}

// sameTitleAfter passes a semicolon when the same office follows it, made
// more precise by a grade or a body: "Thẩm phán Trung cấp; Thẩm phán Tòa
// hình sự, TAND TP Hà Nội". Another office after a semicolon is often an
// unnamed person's (a list of those present), so only the same one goes on.
func (x *extractor) sameTitleAfter(toks []token, k int, seg *titleSeg) (int, bool) {
	if k+1 >= len(toks) || toks[k].text != ";" {
		return 0, false
	}
	if !mayTitle(toks, k+1) {
		return 0, false
	}
	x.sameOffice = true
	var next titleSeg
	_, ok := x.readTitle(toks, k+1, &next)
	x.sameOffice = false
	if !ok {
		return 0, false
	}
	a, b := key(seg.title.Title), key(next.title.Title)
	if a == b || strings.HasPrefix(a, b+" ") || strings.HasPrefix(b, a+" ") {
		return k + 1, true
	}
	return 0, false
}

// skipDutyItem passes, at toks[n], an item of a chain that is a duty or a
// role, not an office, and the comma after it, when a title follows: a
// leader's secretary or assistant ("Thư ký nguyên Phó Chủ tịch Thường trực
// Quốc hội", "Trợ lý Phó Thủ tướng"), an area of work ("phụ trách Ban
// Tuyên huấn Trung ương Cục"). It returns n otherwise.
func (x *extractor) skipDutyItem(toks []token, n int) int {
	if n+1 >= len(toks) {
		return n
	}
	k := n
	switch w := toks[n].key + " " + toks[n+1].key; w {
	case "thu ky", "tro ly":
		k = n + 2
		if k < len(toks) && toks[k].key == "cua" {
			k++
		}
		q := k
		for q < len(toks) && (toks[q].key == "nguyen" || toks[q].key == "cuu") && !toks[q].upper {
			q++
		}
		if _, _, ok := titles.match(toks, q); !ok {
			return n
		}
	case "phu trach":
		if toks[n].upper {
			return n
		}
		k = n + 2
	default:
		return n
	}
	for j := k; j < len(toks) && j < k+14; j++ {
		t := &toks[j]
		if t.nl || t.text == ";" || t.text == "." || t.text == "(" || t.text == ")" {
			return n
		}
		if t.text == "," {
			if _, _, ok := titles.match(toks, j+1); ok {
				x.unclaimed = append(x.unclaimed, [2]int{n, j})
				return j + 1
			}
			if toks[n].key == "thu" || toks[n].key == "tro" {
				continue // "Thư ký nguyên Phó Chủ tịch Thường trực Quốc hội , Phó Chủ tịch ...": the item goes on to its comma
			}
			return n
		}
	}
	return n
}

// skipHeldWords passes "từng" and the words that give an office after it
// ("từng là", "từng giữ chức") at toks[n], an item of a chain held before
// ("Thượng tướng, từng là Bộ trưởng Công an"): heldBefore marks the title.
func skipHeldWords(toks []token, n int) int {
	if n >= len(toks) || toks[n].text != "từng" {
		return n
	}
	k := n + 1
	for k < len(toks) && k < n+4 && !toks[k].upper {
		switch toks[k].key {
		case "la", "lam", "giu", "chuc", "vu", "danh":
			k++
			continue
		}
		break
	}
	if _, _, ok := titles.match(toks, k); !ok {
		return n
	}
	return k
}

// heldBefore: the title at toks[k] follows "từng" and the words that give
// an office ("từng là", "từng giữ chức", "cũng từng làm", "từng đảm nhiệm
// cương vị"): a past holding.
func heldBefore(toks []token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		t := &toks[j]
		if t.upper || t.kind != tokWord {
			return false
		}
		switch t.key {
		case "tung":
			return t.text == "từng"
		case "la", "lam", "giu", "chuc", "vu", "danh", "dam", "nhiem", "cuong", "vi":
		default:
			return false
		}
	}
	return false
}

// foreignChain checks the titles only foreign states have: they need a
// country somewhere in the chain ("Ủy viên Quốc vụ, Bộ trưởng Quốc phòng
// Trung Quốc"), or a holder named by one name (Tổng thống Putin). A chain
// with a country is foreign throughout; without one it ends before its
// first such title.
func foreignChain(segs []titleSeg, k int) ([]titleSeg, int) {
	foreign := false
	for _, s := range segs {
		foreign = foreign || s.foreign
	}
	for i, s := range segs {
		switch {
		case foreign:
			segs[i].foreign = true
		case !s.title.Domestic && !s.title.Given:
			if i == 0 {
				return nil, k
			}
			return segs[:i], segs[i-1].end
		}
	}
	return segs, k
}

// skipRankItem passes, at toks[n], an item of a list of offices that is a
// rank or a profession ("Đại tướng", "Bác sĩ y khoa") and the comma after
// it, when a title follows.
func skipRankItem(toks []token, n int) int {
	r, ok := skipRanks(toks, n)
	if !ok {
		return n
	}
	for k := r; k < len(toks) && k < r+4; k++ {
		if toks[k].text == "," {
			h := skipHeldWords(toks, k+1)
			if _, _, ok := titles.match(toks, h); ok {
				return h
			}
			return n
		}
		if toks[k].kind != tokWord || toks[k].upper && (fullNameAt(toks, k) || titleAt(toks, k)) {
			return n // a capitalised word may name the profession's field: "tu sĩ Phật giáo"
		}
	}
	return n
}

// licenceOf is what a chain lets follow: a foreign office lets a foreign
// name follow.
func licenceOf(segs []titleSeg, addressed bool) licence {
	if len(segs) > 0 {
		last := segs[len(segs)-1]
		if last.title.Given && (last.foreign || last.orgJ == 0) {
			return licGiven // "Tổng thống Putin", "Nữ hoàng Elizabeth"
		}
	}
	for _, s := range segs {
		if s.foreign {
			return licForeign
		}
	}
	if len(segs) > 0 && segs[len(segs)-1].title.Foreign {
		return licLatin // "Thủ tướng Boris Johnson", "Tổng giám đốc WHO Tedros Ghebreyesus": an office foreign states have too
	}
	if addressed {
		return licAddressed
	}
	return licTitled
}

// personAt reads [address] NAME at toks[k] with the licence lic (raised
// when a form of address comes first). It returns the name's span, or ok
// false.
func (x *extractor) personAt(toks []token, k int, lic licence) (int, int, bool) {
	r, addr := skipRanks(toks, k)
	if addr && lic < licAddressed {
		lic = licAddressed
	}
	if e := nameAt(toks, r, lic); e > 0 {
		if lic >= licLatin && !addr {
			r = foreignTail(toks, r, e)
		}
		return r, e, true
	}
	if addr || lic >= licTitled {
		// "Bộ trưởng Sơn", "ông Thắng": a given name standing for a person
		// named in full before.
		if e := x.shortName(toks, r); e > 0 {
			return r, e, true
		}
	}
	return 0, 0, false
}

// foreignTail is where a foreign name starts in toks[i:e] when a body's
// name in Vietnamese words runs into it ("Phát ngôn viên Lầu Năm Góc John
// Kirby", "Điện Kremlin Dmitry Peskov"): the shortest run of two words or
// more at the end, without Vietnamese letters, that starts with a word that
// is no syllable. Names that start without Vietnamese letters (Heng Swee
// Keat, Moon Jae-in) or are all syllables (Tập Cận Bình) are kept whole.
func foreignTail(toks []token, i, e int) int {
	if e-i < 3 || !vietnameseLetters(toks[i].text) {
		return i
	}
	for m := e - 2; m > i; m-- {
		if toks[m].kind != tokWord || toks[m-1].text == "-" || toks[m].syllable() {
			continue
		}
		latin := true
		for _, t := range toks[m:e] {
			latin = latin && !vietnameseLetters(t.text)
		}
		if latin && nameAt(toks[:e], m, licLatin) == e {
			return m
		}
	}
	return i
}

// shortName: one capitalised word that is the last word of exactly one
// person's full name already read in the article.
func (x *extractor) shortName(toks []token, k int) int {
	if k >= len(toks) || !isNameWord(toks[k]) || k+1 < len(toks) && isNameWord(toks[k+1]) {
		return 0
	}
	if x.fullName(toks[k].text) == "" {
		return 0
	}
	return k + 1
}

// foreignFirst: name is a foreign one (a word that is no Vietnamese
// syllable) whose first word is given: "Thủ tướng Prayut" after "Prayut
// Chan-o-cha", "ông Biden" after "Joe Biden" reads the last word.
func foreignFirst(name, given string) bool {
	first, rest, ok := strings.Cut(name, " ")
	if !ok || first != given {
		return false
	}
	for _, w := range append(strings.Fields(rest), first) {
		if !isSyllable(key(w)) {
			return true
		}
	}
	return false
}

// fullName is the one person of the article whose name ends in given;
// of several, the one that holds an office ("Thủ tướng Modi" is Narendra
// Modi, not his aunt Narmadaben Modi, named without one).
func (x *extractor) fullName(given string) string {
	found, titled, many, manyTitled := "", "", false, false
	for _, p := range x.persons {
		if p.Author {
			continue
		}
		if i := strings.LastIndexByte(p.Name, ' '); i >= 0 && (p.Name[i+1:] == given || foreignFirst(p.Name, given)) {
			many = many || found != "" && found != p.Name
			found = p.Name
			if x.holdsOffice(p.Key) {
				manyTitled = manyTitled || titled != "" && titled != p.Name
				titled = p.Name
			}
		}
	}
	switch {
	case !many:
		return found
	case titled != "" && !manyTitled:
		return titled
	}
	return ""
}

// holdsOffice: the person keyed k holds a position read so far.
func (x *extractor) holdsOffice(k string) bool {
	for _, p := range x.pos {
		if p.PersonKey == k {
			return true
		}
	}
	return false
}

// tail reads the titles after a name at toks[e]: ", Chủ tịch UBND xã",
// " - Bí thư Đảng ủy", "(Phó Giám đốc Sở Y tế)", "là Chánh Thanh tra";
// directly ("Bí thư Tỉnh ủy") only after an addressed name.
func (x *extractor) tail(toks []token, e int, addressed bool) ([]titleSeg, int) {
	e = skipAside(toks, e)
	if e >= len(toks) {
		return nil, e
	}
	k := e
	switch {
	case toks[k].text == "(":
		k = skipAsideWords(toks, skipRankItem(toks, skipBirth(toks, k+1)))
	case toks[k].text == "," || toks[k].text == "-" || toks[k].text == "–":
		if b := skipBirth(toks, k+1); b > k+1 {
			if a := appointedTo(toks, b); a > b {
				k = a // "bầu ông Miguel Diaz-Canel, 60 tuổi, làm Bí thư Thứ nhất ..."
				break
			}
		}
		k = skipRankItem(toks, k+1)
		if _, _, qual := titleQuals.match(toks, k); k < len(toks) && toks[k].kind == tokWord && !toks[k].upper && !qual && !titleAt(toks, k) {
			// "Ông A (sinh năm 1976), còn được biết đến là "bầu" Thụy,
			// từng là Chủ tịch HĐQT ...": an aside, then a career.
			if c := x.careerAfar(toks, k); c > k {
				return x.career(toks, c)
			}
		}
	case toks[k].key == "la":
		k++
	case k+1 < len(toks) && (toks[k].key == "hien" || toks[k].key == "nguyen" || toks[k].key == "dang") && toks[k+1].key == "la":
		k += 2
	case k+2 < len(toks) && toks[k].key == "dong" && toks[k+1].key == "thoi" && toks[k+2].key == "la" && !toks[k].upper:
		k += 3 // "Ông Dương đồng thời là Chủ tịch kiêm Tổng Giám đốc ..."
	case k+1 < len(toks) && toks[k].key == "tung":
		return x.career(toks, k+1)
	default:
		// Each scan read once, in this order.
		if c := x.careerAfar(toks, k); c > k {
			return x.career(toks, c)
		}
		if a := appointedTo(toks, k); a > k {
			k = a
		} else if a := appointedAfar(toks, k); a > k && toks[k].key == "duoc" {
			x.unclaimed = append(x.unclaimed, [2]int{k, a}) // the body that decides is the organisation rules'
			k = a                                           // "được Bộ Chính trị phân công giữ chức Bí thư Tỉnh ủy"
		} else if r := removedFrom(toks, k); r > k {
			k = r
		} else if !((addressed || toks[k].nl) && toks[k].upper) {
			// Else "Bí thư Tỉnh ủy" right after an addressed name, or on
			// the next line of a table of names and offices.
			return nil, e
		}
	}
	// A weak title is one only as an item after punctuation: "ông A,
	// Thư ký", not "làm Trưởng đoàn".
	x.inTail = toks[e].kind == tokPunct || toks[e].nl
	segs, end := x.tailChain(toks, k)
	if len(segs) > 0 {
		// ", Phó Giám đốc Sở Tư pháp giữ chức Giám đốc Sở Nội vụ", ",
		// Chủ tịch UBND tỉnh làm Trưởng ban": the office given next.
		if n := appointedAfar(toks, end); n > end && !(n == end+1 && (toks[end].text == "," || toks[end].text == "-" || toks[end].text == "–")) {
			x.inTail = false // "làm Trưởng đoàn" of a visit is no office
			if more, me := x.tailChain(toks, n); len(more) > 0 {
				segs, end = append(segs, more...), me
			}
		} else if n := removedAfar(toks, end); n > end {
			// "Ông Raul làm Bí thư Thứ nhất ... từ năm 2011, nhưng đã thôi
			// chức Chủ tịch nước Cuba": an office left, later in the clause.
			x.inTail = false
			if more, me := x.tailChain(toks, n); len(more) > 0 {
				for i := range more {
					more[i].qualifier = QualifierFormer
				}
				segs, end = append(segs, more...), me
			}
		} else if n, former := removal(toks, skipCloseComma(toks, end)); n > skipCloseComma(toks, end) {
			// "(nguyên Hiệu trưởng ...) bị Ủy ban Kiểm tra Thành ủy
			// đình chỉ chức vụ Bí thư Đảng ủy": the office taken away or
			// suspended.
			x.inTail = false
			x.unclaimed = append(x.unclaimed, [2]int{skipCloseComma(toks, end), n}) // the body that decides is the organisation rules'
			if more, me := x.tailChain(toks, n); len(more) > 0 {
				for i := range more {
					if former {
						more[i].qualifier = QualifierFormer
					}
				}
				segs, end = append(segs, more...), me
			}
		}
	}
	x.inTail = false
	if len(segs) == 0 {
		return nil, e
	}
	if removedFrom(toks, e) > e {
		for i := range segs {
			segs[i].qualifier = QualifierFormer // "bị cách chức Bí thư Chi bộ", "thôi giữ chức Chủ tịch HĐND xã"
		}
	}
	if toks[e].text == "(" && end < len(toks) && toks[end].text == ")" {
		end++
	}
	if toks[e].key == "nguyen" && toks[e+1].key == "la" {
		for i := range segs {
			segs[i].qualifier = QualifierFormer
		}
	}
	return segs, end
}

// skipBirth passes, at toks[k] after a parenthesis, the year of birth or
// the age that court and discipline reports give before the offices:
// "(SN 1970, nguyên Chủ tịch UBND xã)", "(sinh năm 1965, Giám đốc ...)",
// "(52 tuổi, Phó Chủ tịch ...)". It returns k when there is none.
func skipBirth(toks []token, k int) int {
	j := k
	switch {
	case j < len(toks) && toks[j].key == "sn":
		j++
	case j+1 < len(toks) && toks[j].key == "sinh" && toks[j+1].key == "nam":
		j += 2
	case j < len(toks) && toks[j].key == "sinh":
		j++
	}
	if j >= len(toks) || toks[j].kind != tokNumber {
		return k
	}
	j++
	if j < len(toks) && toks[j].key == "tuoi" {
		j++
	} else if j == k+1 {
		return k // a bare number is no year of birth: "(2 Phó Chủ tịch)"
	}
	if j < len(toks) && toks[j].text == "," {
		return j + 1
	}
	return k
}

// skipAsideWords passes, at toks[k] inside the parentheses after a name,
// a short description before a comma and the offices ("GS Trần Thanh Vân
// (Việt kiều Pháp, Chủ tịch Hội khoa học Gặp gỡ Việt Nam)", "(quê Nghệ
// An, nguyên Phó Chủ tịch UBND tỉnh)", "(người dân tộc Thái, Bí thư Chi
// bộ bản)"): up to six words, no name, form of address or title among
// them, an office right after the comma and the parentheses closed after
// it, so that the offices are the name's. It returns k otherwise ("(vợ
// ông A, Giám đốc ...)" describes someone else: no rule).
func skipAsideWords(toks []token, k int) int {
	if k >= len(toks) || titleAt(toks, k) {
		return k
	}
	for j := k; j < len(toks) && j <= k+6; j++ {
		t := &toks[j]
		if t.text == "," {
			h := j + 1
			if h < len(toks) {
				if qe, _, ok := titleQuals.match(toks, h); ok {
					h = qe // "nguyên", "quyền"
				}
			}
			if j == k || !titleAt(toks, h) {
				return k
			}
			for c := h; c < len(toks) && c < h+30 && !toks[c].nl; c++ {
				switch toks[c].text {
				case ")":
					return j + 1
				case "(", ".", ";", ":":
					return k
				}
			}
			return k
		}
		if t.nl || t.kind != tokWord || t.upper && (fullNameAt(toks, j) || titleAt(toks, j)) {
			return k
		}
		if _, ok := skipRanks(toks, j); ok {
			return k // "(vợ ông A, ...)", "(con trai bà B, ...)"
		}
	}
	return k
}

// appointedTo passes the words between a name and the title it is given:
// "giữ chức", "giữ chức vụ", "làm", "được bầu làm", "được bổ nhiệm giữ
// chức", "được chỉ định làm". It returns k when there are none.
func appointedTo(toks []token, k int) int {
	j := k
	// "vừa được bổ nhiệm", "đã được bầu", "chính thức được bổ nhiệm",
	// "tiếp tục được bầu giữ chức".
	for a := 0; a < 2 && j+1 < len(toks) && !toks[j].upper; a++ {
		switch w := toks[j].key; {
		case w == "vua" || w == "da" && toks[j].text == "đã" || w == "moi" || w == "van" || w == "lai":
			j++
			continue
		case (w == "chinh" && toks[j+1].key == "thuc" || w == "tiep" && toks[j+1].key == "tuc") && j+2 < len(toks):
			j += 2
			continue
		}
		break
	}
	if j == k || j < len(toks) && toks[j].key != "duoc" && toks[j].key != "giu" && toks[j].text != "làm" {
		j = k
	}
	if j < len(toks) && toks[j].key == "duoc" {
		j++
		switch {
		case j+1 < len(toks) && (toks[j].key == "bo" && toks[j+1].key == "nhiem" || toks[j].key == "chi" && toks[j+1].key == "dinh" ||
			toks[j].key == "phan" && toks[j+1].key == "cong" || toks[j].key == "dieu" && toks[j+1].key == "dong"):
			j += 2 // "được bổ nhiệm", "được chỉ định", "được phân công", "được điều động"
		case j < len(toks) && (toks[j].key == "bau" || toks[j].key == "giao" || toks[j].key == "cu" && toks[j].text == "cử"):
			j++
		}
	}
	switch {
	case j+1 < len(toks) && toks[j].key == "giu" && toks[j+1].key == "chuc":
		j += 2
		if j < len(toks) && (toks[j].key == "vu" || toks[j].key == "danh") {
			j++
		}
	case j < len(toks) && toks[j].key == "lam" && toks[j].text == "làm":
		j++
	case j+2 < len(toks) && toks[j].key == "tai" && toks[j+1].key == "dac" && toks[j+2].key == "cu":
		j += 3 // "tái đắc cử Bí thư Huyện ủy"
	case j+1 < len(toks) && (toks[j].key == "dac" || toks[j].key == "trung") && toks[j+1].key == "cu" && !toks[j].upper:
		j += 2 // "đắc cử", "trúng cử"
	default:
		return k
	}
	return j
}

// appointedAfar passes, after a person's titles at toks[k], the words that
// give the next office: "giữ chức", "làm", or "được <a body> chỉ định (bổ
// nhiệm, bầu, phân công, điều động) giữ chức": "đồng chí A, Phó Bí thư
// Thường trực Huyện ủy, được Ban Thường vụ Tỉnh ủy chỉ định giữ chức Bí thư
// Huyện ủy". It returns k when there are none.
func appointedAfar(toks []token, k int) int {
	if k < len(toks) && (toks[k].text == "," || toks[k].text == "-" || toks[k].text == "–") {
		k++ // "ông A - Thành viên HĐQT, Phó Tổng Giám đốc - giữ chức vụ Tổng Giám đốc"
	}
	if k < len(toks) && (toks[k].key == "giu" || toks[k].key == "lam") {
		return appointedTo(toks, k)
	}
	if k >= len(toks) || toks[k].key != "duoc" || toks[k].upper {
		return k
	}
	for j := k + 1; j < len(toks) && j < k+10 && toks[j].kind == tokWord && !toks[j].nl; j++ {
		switch toks[j].key {
		case "chi", "bo", "bau", "phan", "dieu":
			if j+1 < len(toks) && (toks[j].key+" "+toks[j+1].key == "chi dinh" || toks[j].key+" "+toks[j+1].key == "bo nhiem" ||
				toks[j].key+" "+toks[j+1].key == "phan cong" || toks[j].key+" "+toks[j+1].key == "dieu dong") {
				j++
			} else if toks[j].key != "bau" {
				continue
			}
			if n := appointedTo(toks, j+1); n > j+1 && (toks[j+1].key == "giu" || toks[j+1].key == "lam") {
				return n
			}
			if j+2 < len(toks) && (toks[j+1].text == "," || toks[j+1].key == "va") && !toks[j+2].upper {
				j++ // "điều động, chỉ định giữ chức", "điều động và bổ nhiệm giữ chức"
				continue
			}
			return k
		}
	}
	return k
}

// removedFrom passes the words that say an office is no longer held: "bị
// cách chức", "thôi giữ chức (vụ)", "thôi chức", "bị <a body> cách chức".
// It returns k when there are none.
func removedFrom(toks []token, k int) int {
	if j, former := removal(toks, k); former {
		return j
	}
	return k
}

// removedAfar finds, in the clause after a person's titles at toks[k],
// "thôi chức" or "thôi giữ chức" after "nhưng" or "đã" and returns where
// the office left starts, or k: "..., nhưng đã thôi chức Chủ tịch nước".
// No other full name may come between.
func removedAfar(toks []token, k int) int {
	for j := k; j < len(toks) && j < k+15; j++ {
		t := &toks[j]
		if t.text == "." || t.text == ";" || t.nl || t.upper && fullNameAt(toks, j) {
			return k
		}
		if t.key != "thoi" || t.upper || j == 0 || toks[j-1].text != "đã" && toks[j-1].key != "nhung" {
			continue
		}
		if e, former := removalVerb(toks, j); e > j && former && titleAt(toks, e) {
			return e
		}
	}
	return k
}

// skipCloseComma passes a closing parenthesis and a comma at toks[k].
func skipCloseComma(toks []token, k int) int {
	if k < len(toks) && toks[k].text == ")" {
		k++
	}
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	return k
}

// removal passes the words that take an office away or suspend it, with
// the body that does it after "bị" ("bị Ủy ban Kiểm tra Thành ủy TP.HCM
// đình chỉ chức vụ Bí thư Đảng ủy"): former is set when the office is
// held no more (cách chức, thôi giữ chức), not when it is suspended
// (đình chỉ chức vụ). It returns k when there are none.
func removal(toks []token, k int) (int, bool) {
	j := k
	if j+1 < len(toks) && (toks[j].text == "đã" || toks[j].text == "vừa") && (toks[j+1].key == "bi" || toks[j+1].key == "thoi" || toks[j+1].key == "cach") {
		j++ // "ông A đã thôi chức Chủ tịch xã", "vừa bị cách chức"
	}
	if j < len(toks) && toks[j].key == "bi" && !toks[j].upper {
		j++
		// The body that decides, up to ten words before its verb.
		for a := j; a < len(toks) && a < j+10; a++ {
			if toks[a].nl || toks[a].kind != tokWord && toks[a].kind != tokNumber && !(toks[a].text == "." && a > j && toks[a].start == toks[a-1].end) {
				break // "Thành ủy TP.HCM" goes on
			}
			if a > j && !toks[a].upper && (toks[a].key == "cach" || toks[a].key == "dinh" || toks[a].key == "thoi") {
				if e, _ := removalVerb(toks, a); e > a {
					j = a
				}
				break
			}
		}
	}
	e, former := removalVerb(toks, j)
	if e == j {
		return k, false
	}
	return e, former
}

// removalVerb passes "cách chức", "thôi giữ chức (vụ)", "thôi chức"
// (former) and "đình chỉ chức vụ" (suspended) at toks[j].
func removalVerb(toks []token, j int) (int, bool) {
	k := j
	switch {
	case j+1 < len(toks) && toks[j].key == "cach" && toks[j+1].key == "chuc":
		j += 2
	case j+2 < len(toks) && toks[j].key == "thoi" && toks[j+1].key == "giu" && toks[j+2].key == "chuc":
		j += 3
		if j < len(toks) && toks[j].key == "vu" {
			j++
		}
	case j+1 < len(toks) && toks[j].key == "thoi" && toks[j+1].key == "chuc":
		j += 2
	case j+3 < len(toks) && toks[j].key == "dinh" && toks[j+1].key == "chi" && toks[j+2].key == "chuc" && toks[j+3].key == "vu":
		return j + 4, false
	default:
		return k, false
	}
	if j < len(toks) && toks[j].key == "vu" {
		j++
	}
	return j, true
}

// career reads the offices a person held before, after "từng" at toks[k]:
// "(ông Đạo) từng kinh qua các nhiệm vụ: giảng viên ...; Phó trưởng phòng
// Đào tạo; Trưởng phòng ...", "từng giữ chức Thứ trưởng": titles marked
// former, items that are no title (a profession) passed.
func (x *extractor) career(toks []token, k int) ([]titleSeg, int) {
	for start := k; k < len(toks) && k < start+12 && !toks[k].upper && toks[k].text != ":"; {
		if _, _, ok := titles.match(toks, k); ok {
			break
		}
		switch toks[k].key {
		case "cua", "voi", "cho", "cung":
			// "bà từng phục vụ trong chính quyền của Tổng thống George H.":
			// the title is someone else's.
			return nil, k
		}
		k++ // "kinh qua các nhiệm vụ", "giữ chức", "đảm nhiệm các cương vị như"
	}
	if k < len(toks) && toks[k].text == ":" {
		k++
	}
	var segs []titleSeg
	end := k
	for k < len(toks) {
		more, e := x.readChain(toks, k)
		if len(more) > 0 {
			segs = append(segs, more...)
			end, k = e, e
		}
		for k < len(toks) && toks[k].text != ";" && toks[k].text != "," && toks[k].text != "rồi" {
			k++ // to the next item ("..., Giám đốc Công ty ... rồi Phó Chủ tịch HĐQT")
		}
		if k >= len(toks) {
			break
		}
		k++
	}
	for i := range segs {
		segs[i].qualifier = QualifierFormer
	}
	return segs, end
}

// pronounCareer reads a sentence that opens with a pronoun and the offices
// held before ("Ông từng giữ nhiều vị trí như: A, B", "Ông cũng từng giữ
// chức Phó Chủ tịch ...", "Trước đây, ông là Chủ tịch HĐQT ...") or held
// now ("Ông là Phó Bí thư Tỉnh ủy", "Hiện nay, bà giữ chức ..."), when the
// sentence before it named one person: the offices are that person's.
func (x *extractor) pronounCareer(s sentence, used []bool) {
	toks := s.toks
	if x.prevSubject == "" && x.prevOpener == "" || len(toks) < 3 || !toks[0].upper {
		return
	}
	pi, before := pronounOpener(toks)
	if pi+2 >= len(toks) || toks[pi].key != "ong" && toks[pi].key != "ba" || pi > 0 && toks[pi].upper {
		return
	}
	k := pi + 1
	for k < len(toks) && k < pi+3 && (toks[k].key == "cung" || toks[k].key == "da" || toks[k].key == "con" || toks[k].key == "dang") {
		k++
	}
	var segs []titleSeg
	end := 0
	if toks[k].text == "từng" {
		segs, end = x.career(toks, k+1)
	} else if c := x.careerAfar(toks, k); c > k && !toks[k].upper {
		segs, end = x.career(toks, c) // "Từ năm 2013 đến nay, ông trải qua các vị trí như ..."
	} else if n := isOrHolds(toks, k); n > k {
		segs, end = x.readChain(toks, n)
		if before {
			for i := range segs {
				segs[i].qualifier = QualifierFormer
			}
		}
	}
	if len(segs) == 0 {
		if x.prevSubject != "" && !toks[pi+1].upper {
			// "Đến năm 1987, ông tham gia ...": the pronoun is still the
			// person of the sentence before, for the next one.
			x.subject, x.subjects = x.prevSubject, 1
		}
		return
	}
	var p *Person
	if x.prevSubject != "" {
		p = x.persons[x.perIdx[x.prevSubject]]
	} else {
		p = x.person(x.prevOpener) // "Tố Hữu là nhà thơ ... Ông cũng từng giữ chức ..."
	}
	// A foreign holder's offices are held in a foreign state: "Ông (Ong
	// Ye Kung) từng ... Bộ trưởng Bộ Giáo dục" is not Vietnam's ministry.
	foreign := false
	for i, w := range strings.Fields(p.Name) {
		if _, ok := surnames[spelling(w)]; i == 0 && !ok || !isSyllable(key(w)) {
			foreign = true
		}
	}
	hi := 1
	for _, sg := range segs {
		hi = max(hi, sg.orgJ)
	}
	for _, sg := range segs {
		sg.foreign = sg.foreign || foreign
		x.holds(p, s, pi, pi+1, pi, max(hi, pi+1), sg, used)
	}
	markUsed(used, pi, end)
	x.subject, x.subjects = p.Key, 1
}

// pluralCareer reads a sentence that speaks of the people the sentence
// before it named with their offices ("những người này", "các ông này",
// "những cán bộ này") and gives them an office: "Hiện những người này
// đang chờ xử lý, thế nhưng vẫn được Ủy ban bầu cử xã lựa chọn làm Tổ
// trưởng Tổ bầu cử thôn ...": each of them holds it.
func (x *extractor) pluralCareer(s sentence, used []bool) {
	if len(x.prevTitled) < 2 {
		return
	}
	toks := s.toks
	for i := 0; i+2 < len(toks) && i < 12; i++ {
		if toks[i].upper && i > 0 || toks[i].key != "nhung" && toks[i].key != "cac" {
			continue
		}
		j := i + 1
		for j < len(toks) && j < i+3 && toks[j].kind == tokWord && !toks[j].upper && toks[j].key != "nay" {
			j++ // "người", "ông", "cán bộ"
		}
		if j == i+1 || j >= len(toks) || toks[j].text != "này" {
			continue
		}
		// The office given in the same clause: "(vẫn) được <a body>
		// (lựa) chọn (bổ nhiệm, bầu, cử) làm", "giữ chức", "làm".
		for k := j + 1; k < len(toks) && k < j+30; k++ {
			t := &toks[k]
			if t.text == "." || t.text == ";" || t.upper && fullNameAt(toks, k) {
				return
			}
			if t.upper || t.key != "duoc" && t.key != "giu" && t.text != "làm" {
				continue
			}
			n := appointedAfar(toks, k)
			if n == k {
				n = chosenAs(toks, k)
			}
			if n == k {
				continue
			}
			segs, end := x.readChain(toks, n)
			if len(segs) == 0 {
				return
			}
			for _, pk := range x.prevTitled {
				p := x.persons[x.perIdx[pk]]
				for _, sg := range segs {
					x.holds(p, s, i, j+1, i, j+1, sg, used)
				}
			}
			markUsed(used, n, end)
			return
		}
	}
}

// bioCareer reads a line of a profile that has no subject: a heading of
// offices and a colon, then the offices ("Các vị trí quản lý đã từng phụ
// trách: phó trưởng bộ môn, trưởng bộ môn, ...", "Chức vụ trước khi bổ
// nhiệm Chủ tịch Hội đồng trường: ủy viên thường vụ Đảng ủy Trường, Bí thư
// Đảng ủy Viện, ...", "Quá trình công tác: ..."). They are the offices of
// the person the text last named alone (topic); former when the heading
// says so ("đã từng", "trước đây").
func (x *extractor) bioCareer(s sentence, used []bool) {
	toks := s.toks
	if x.topic == "" || len(toks) < 4 || !toks[0].upper {
		return
	}
	colon, heading, former := -1, false, false
	for j := 0; j < len(toks) && j < 14; j++ {
		t := &toks[j]
		if t.text == ":" {
			colon = j
			break
		}
		if t.kind != tokWord || j > 0 && t.upper && fullNameAt(toks, j) {
			return
		}
		if j+1 < len(toks) {
			// The pair of keys, compared without joining them (keys have
			// no space).
			switch next := toks[j+1].key; t.key {
			case "vi":
				heading = heading || next == "tri"
			case "chuc":
				heading = heading || next == "vu"
			case "cuong":
				heading = heading || next == "vi"
			case "cong":
				heading = heading || next == "tac"
			case "tung":
				former = former || next == "phu" || next == "giu" || next == "dam"
			case "truoc":
				former = former || next == "day"
			}
		}
		if t.text == "từng" {
			former = true
		}
	}
	if colon < 0 || !heading || used[colon] {
		return
	}
	segs, end := x.career(toks, colon)
	if len(segs) == 0 {
		return
	}
	p := x.persons[x.perIdx[x.topic]]
	for _, sg := range segs {
		if !former {
			sg.qualifier = ""
		}
		x.holds(p, s, 0, colon, 0, colon, sg, used)
	}
	markUsed(used, colon, end)
}

// chosenAs passes "được <a body> (lựa) chọn (cử) làm" at toks[k], the
// words that give an office after a choice; it returns k when there are
// none.
func chosenAs(toks []token, k int) int {
	if toks[k].key != "duoc" {
		return k
	}
	for j := k + 1; j+1 < len(toks) && j < k+12 && !toks[j].nl; j++ {
		if toks[j].upper {
			continue
		}
		if (toks[j].key == "chon" || toks[j].key == "cu") && toks[j+1].text == "làm" {
			return j + 2
		}
		if toks[j].kind != tokWord {
			return k
		}
	}
	return k
}

// openerName notes the name a sentence opens with, a person's name of two
// words or more followed by "là" or a word in lower case, when the
// sentence named no one else: "Tố Hữu là nhà thơ nổi tiếng", "Nguyễn Văn
// Linh sinh năm 1915".
func (x *extractor) openerName(s sentence) {
	toks := s.toks
	if x.subjects != 0 || len(toks) < 3 || !toks[0].upper || !isSurname(toks[0]) {
		return
	}
	e := nameAt(toks, 0, licBare)
	if e < 2 || e >= len(toks) || toks[e].upper || toks[e].kind != tokWord {
		return
	}
	x.opener = words(x.text, toks[:e])
}

// pronounOpener passes the words that may open a sentence before its
// pronoun: "Trước đây," and "Trước đó," (offices held before: before is
// set), "Hiện," "Hiện nay," "Hiện tại,". It returns 0 when there are none.
func pronounOpener(toks []token) (int, bool) {
	k, before := 0, false
	switch {
	case len(toks) > 2 && toks[0].key == "truoc" && (toks[1].key == "day" || toks[1].key == "do"):
		k, before = 2, true
	case len(toks) > 2 && toks[0].key == "hien" && (toks[1].key == "nay" || toks[1].key == "tai"):
		k = 2
	case len(toks) > 1 && toks[0].key == "hien":
		k = 1
	default:
		// A time or a circumstance before a comma: "Từ năm 2013 đến nay,",
		// "Năm 2015,", "Sau đó,": up to ten words, no name among them.
		for j := 1; j < len(toks) && j <= 10; j++ {
			t := &toks[j]
			if t.text == "," {
				if j+1 < len(toks) && (toks[j+1].key == "ong" || toks[j+1].key == "ba") && !toks[j+1].upper {
					return j + 1, false
				}
				break
			}
			if t.upper || t.nl || t.kind == tokPunct && t.text != "/" {
				break
			}
		}
		return 0, false
	}
	if toks[k].text == "," {
		k++
	}
	return k, before
}

// isOrHolds passes, after a pronoun, the words that give the offices it
// holds: "là", "hiện là", "giữ chức", "giữ chức vụ". It returns k when
// there are none.
func isOrHolds(toks []token, k int) int {
	switch {
	case k < len(toks) && toks[k].key == "la":
		return k + 1
	case k+1 < len(toks) && toks[k].key == "hien" && toks[k+1].key == "la":
		return k + 2
	}
	if n := appointedTo(toks, k); n > k && (toks[k].key == "giu" || toks[k].key == "duoc") {
		return n // "giữ chức", "được bổ nhiệm làm", "được bầu giữ chức"
	}
	return k
}

// careerAfar finds, in the clause after a name at toks[e], a list of the
// offices the person held given far from the name: "(PGS.TS Vũ Hải Quân)
// trở về nước tiếp tục công tác ..., đồng thời giữ nhiều chức vụ quan
// trọng tại Trường ĐH ... như: Trưởng phòng ..., Giám đốc ...", "Ông Khu
// gắn bó với VietBank từ năm 2011 với các vị trí Phó Chủ tịch HĐQT, ...",
// "tham gia Ban Điều hành từ tháng 1/2013 với vị trí Phó Tổng giám đốc",
// "trải qua các vị trí như ...", "sinh ra tại Tân Định, Sài Gòn, là
// Thượng tướng, từng là Bộ trưởng Công an". It returns where the list
// starts (career reads it: a colon, "như", the words of "từng"), or e when
// there is none: the list must be introduced by "giữ", "đảm nhiệm", "kinh
// qua" or "trải qua" with "nhiều" or "các" offices ("chức vụ", "cương
// vị", "vị trí", "nhiệm vụ"), or by "với" and one or more offices, a title
// following them or their colon; or by "từng" and the words of an office
// held before; not after "hiện" or "đang" (offices held now), and no other
// full name may come between.
func (x *extractor) careerAfar(toks []token, e int) int {
	for j := e; j < len(toks) && j < e+40; j++ {
		t := &toks[j]
		if t.text == ":" || t.text == ";" || t.nl || t.upper && j > e && fullNameAt(toks, j) {
			return e
		}
		if t.upper || j == 0 {
			continue
		}
		if t.key == "nhu" && j+2 < len(toks) && toks[j+1].text == "làm" && titleAt(toks, j+2) {
			return j + 2 // "có nhiều năm kinh nghiệm ... như làm Tổng giám đốc ..."
		}
		if t.text == "từng" && j > e {
			if h := skipHeldWords(toks, j); h > j {
				return j + 1
			}
			continue
		}
		if !(t.key == "giu" || t.key == "dam" || t.key == "kinh" || t.key == "trai" || t.key == "voi") {
			continue
		}
		if p := toks[j-1].key; p == "hien" || p == "dang" {
			return e
		}
		k := j + 1
		switch t.key {
		case "dam", "kinh", "trai":
			if k >= len(toks) || toks[k].key != "nhiem" && toks[k].key != "qua" {
				continue
			}
			k++
		}
		if k+1 < len(toks) && (toks[k].key == "nhieu" || toks[k].key == "cac") {
			k++
		} else if t.key != "voi" {
			continue
		}
		if k+1 >= len(toks) {
			return e
		}
		switch toks[k].key + " " + toks[k+1].key {
		case "chuc vu", "cuong vi", "vi tri", "nhiem vu":
		default:
			continue
		}
		k += 2
		for a := k; a < len(toks) && a < k+3 && toks[a].kind == tokWord && !toks[a].upper && !isClauseWord(toks[a]); a++ {
			if toks[a].key == "nhu" {
				k = a // "trải qua nhiều vị trí quan trọng như ..."
				break
			}
		}
		if k < len(toks) && toks[k].key == "nhu" {
			k++
		}
		if k < len(toks) && toks[k].text == ":" {
			return k
		}
		if _, _, _, split := x.splitTitle(toks, k); (split || titleAt(toks, k)) && t.key != "giu" {
			return k // "với các vị trí Phó Chủ tịch HĐQT, ...", "trải qua các vị trí như Phó Tổng giám đốc"
		}
		for c := k; c < len(toks) && c < k+30; c++ {
			if toks[c].text == ":" {
				return c
			}
			if toks[c].upper && fullNameAt(toks, c) {
				return e
			}
		}
		return e
	}
	return e
}

// titleAt: a title starts at toks[k].
func titleAt(toks []token, k int) bool {
	_, _, ok := titles.match(toks, k)
	return ok
}

// skipAside passes an aside in parentheses after a name that holds no
// title ("Ông Bùi Mạnh Khoa (Sinh năm 1972), Bí thư Đảng ủy", "ông Đặng
// Minh Châu (tức hòa thượng Thích Bảo Nghiêm) - tu sĩ"), so that the
// titles after it are the name's.
func skipAside(toks []token, e int) int {
	if e >= len(toks) || toks[e].text != "(" {
		return e
	}
	for k := e + 1; k < len(toks) && k < e+16; k++ {
		switch {
		case toks[k].text == ")":
			if k+1 < len(toks) && (toks[k+1].text == "," || toks[k+1].text == "-" || toks[k+1].text == "–") {
				return k + 1
			}
			return e
		case toks[k].text == "(":
			return e
		}
		if _, _, ok := titles.match(toks, k); ok {
			return e // "(Phó Giám đốc Sở Y tế)": the titles themselves
		}
	}
	return e
}

// tailChain reads the chain of a tail at toks[k]. Its last title is the
// next person's when a name follows it ("Bí thư Huyện ủy Nguyễn Văn Sáu,
// Chủ tịch UBND huyện Trần Văn Bảy": Trần Văn Bảy is no place), so the
// chain is read first as if a name followed, and kept so only when one
// does.
func (x *extractor) tailChain(toks []token, k int) ([]titleSeg, int) {
	province, district, commune := x.province, x.district, x.commune
	x.nameFollows = true
	segs, end := x.readChain(toks, k)
	x.nameFollows = false
	if len(segs) > 0 && end < len(toks) && toks[end].upper {
		if _, _, ok := x.personAt(toks, end, licTitled); ok {
			if segs = segs[:len(segs)-1]; len(segs) > 0 {
				end = segs[len(segs)-1].end
			}
			return segs, end
		}
	}
	x.province, x.district, x.commune = province, district, commune
	return x.readChain(toks, k)
}

// titledFirst: [address] chain [sep] [address] NAME [tail]; after "các",
// several names: "các Phó Thủ tướng Vũ Đức Đam, Trương Hòa Bình".
func (x *extractor) titledFirst(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	k, _ := x.ranksAt(toks, i)
	x.nameFollows = true
	segs, k := x.readChain(toks, k)
	x.nameFollows = false
	if len(segs) == 0 {
		return 0, false
	}
	if e, ok := x.fromOffice(s, i, k, segs, used); ok {
		return e, true
	}
	if former, ok := decidedBefore(toks, i); ok && k+2 < len(toks) && toks[k].key == "doi" && toks[k+1].key == "voi" && !toks[k].upper {
		// "quyết định cách chức Chủ tịch UBND xã đối với ông Đỗ Văn Tâm",
		// "bổ nhiệm Phó Giám đốc Sở Y tế đối với bà A".
		if _, addressed := skipRanks(toks, k+2); addressed {
			if ni, ne, ok := x.personAt(toks, k+2, licAddressed); ok && ne > ni+1 {
				if former {
					for j := range segs {
						segs[j].qualifier = QualifierFormer
					}
				}
				x.recordPerson(s, i, ni, ne, segs, used)
				for ne+1 < len(toks) && (toks[ne].key == "va" || toks[ne].text == ",") {
					// "... đối với ông A và bà B"
					if _, addressed := skipRanks(toks, ne+1); !addressed {
						break
					}
					mi, me, ok := x.personAt(toks, ne+1, licAddressed)
					if !ok || me < mi+2 {
						break
					}
					x.recordPerson(s, i, mi, me, segs, used)
					ne = me
				}
				markUsed(used, i, ne)
				return ne, true
			}
		}
	}
	if k < len(toks) && (toks[k].text == "," || toks[k].text == "-" || toks[k].text == "–" || toks[k].text == ":") {
		// "Chủ tịch UBND tỉnh, ông Nguyễn Văn A", "Chủ tịch UBND tỉnh - Đỗ
		// Quốc Văn": a body or a form of address says the name is the
		// title's ("An Tư Công Chúa, Lưu Đình Lễ" is a list of streets).
		_, addressed := skipRanks(toks, k+1)
		if _, ne, ok := x.personAt(toks, k+1, licenceOf(segs, false)); ok && (addressed || segs[len(segs)-1].orgJ > 0) && !ownTitleAfter(toks, ne) {
			k++
		}
	}
	k = skipAlias(toks, k)
	if n := unitNumber(toks, k, segs[len(segs)-1]); n > k && fullNameAt(toks, n) {
		// "Tổ trưởng tổ dân phố số 5 Nguyễn Văn Tư", "Trưởng ấp 3 Lê Văn
		// Bảy": the number of the unit the title heads, then the holder.
		k = n
	}
	if k+2 < len(toks) && adminWords[toks[k].key] && !toks[k].upper && segs[len(segs)-1].orgJ > 0 && fullNameAt(toks, k+1) {
		// "Trưởng phòng Giáo dục và Đào tạo huyện Nguyễn Văn Sáng": the
		// article's unit, then the holder.
		k++
	}
	ni, ne, ok := x.personAt(toks, k, licenceOf(segs, false))
	if a := skipAliasOf(toks, k); !ok && a > k {
		// "Giám đốc Tổ chức Y tế Thế giới (WHO) Tedros Adhanom Ghebreyesus"
		if ni, ne, ok = x.personAt(toks, a, licenceOf(segs, false)); ok && ne < ni+2 {
			ok = false
		}
	}
	if !ok {
		// "Chủ tịch HĐQT VPBank Ngô Chí Dũng": a body the lexicons do not
		// know, between the title and the name.
		if ok = segs[len(segs)-1].orgJ == 0; ok {
			ni, ne, ok = x.afterOpaqueBody(toks, k, licenceOf(segs, false))
			if !ok {
				// "Chủ tịch Juventus, Andrea Agnelli:", "Giám đốc điều
				// hành của bệnh viện trên, Aashish Chaudhry, cho biết".
				ni, ne, ok = x.appositive(toks, k, licenceOf(segs, false), segs[len(segs)-1].title.Domestic)
			}
		}
		if !ok {
			return 0, false
		}
	}
	var more []titleSeg
	end := ne
	if ne > ni+1 || ni > k {
		// A given name alone takes a tail only after a form of address
		// ("..., ông Đạo từng kinh qua ...").
		more, end = x.tail(toks, ne, ni > k)
		heldThen(toks, ni, ne, more)
	}
	x.recordPerson(s, i, ni, ne, append(segs, more...), used)
	if end < ne {
		end = ne
	}
	if i > 0 && (toks[i-1].key == "cac" || pluralCount(toks[i-1])) {
		end = x.moreNames(s, i, end, segs, used) // "các Phó Thủ tướng A, B", "Hai Phó Chủ tịch UBND tỉnh A và B"
	}
	markUsed(used, i, end)
	return end, true
}

// unitNumber passes, at toks[k] after a title that ends in the word of a
// residential unit ("Trưởng ấp", "Trưởng thôn", "Tổ trưởng tổ dân phố",
// "Trưởng khu phố": a place word of placewords.txt), the unit's number:
// "số 5", "5", "3A". It returns k when there is none.
func unitNumber(toks []token, k int, sg titleSeg) int {
	if k >= len(toks) || sg.orgJ != 0 || sg.end != k {
		return k
	}
	j := k
	if toks[j].key == "so" && !toks[j].upper {
		j++
	}
	if j >= len(toks) || toks[j].kind != tokNumber {
		return k // most titles: the tokens first
	}
	words := strings.Fields(sg.title.Title)
	if !placeWords[spelling(words[len(words)-1])] && !(len(words) > 2 && placeWords[spelling(strings.Join(words[len(words)-3:], " "))]) {
		return k
	}
	return j + 1
}

// pluralCount: t counts the holders of the title after it: "hai", "ba",
// "bốn", or a number from 2 to 9 ("2 Phó Chủ tịch").
func pluralCount(t token) bool {
	switch spelling(t.text) {
	case "hai", "ba", "bốn", "2", "3", "4", "5", "6", "7", "8", "9":
		return true
	}
	return false
}

// fromOffice reads a clause that opens with an office and names its
// holder after a comma (officeOpener gives the openers): "Từ một Cửa hàng
// trưởng tại Công ty ... từ đầu những năm 1990, ông Trần Tuấn Dương trải
// qua nhiều vị trí ...", "Khi còn là Chủ tịch UBND tỉnh, ông A đã ký ...",
// "Trong thời gian giữ chức vụ Phó Chủ tịch UBND huyện (từ 7/2014 -
// 10/2017), sau đó là Chủ tịch UBND huyện Krông Nô từ năm 2017 đến nay,
// ông Ngô Xuân Đông đã vi phạm ...". Times and periods may follow each
// office; an office given after "sau đó", "rồi" or "tiếp đó" makes those
// before it former, and "từ" or "khi còn" makes them all former. The
// holder is addressed, and named in full or by the given name of one
// person named in full before ("..., ông Ánh cũng ký"); the rest of the
// clause is read as the holder's tail.
func (x *extractor) fromOffice(s sentence, i, k int, segs []titleSeg, used []bool) (int, bool) {
	toks := s.toks
	former, ok := officeOpener(toks, i)
	if !ok {
		return 0, false
	}
	held := slices.Clone(segs)
	for c := k; c < len(toks) && c < k+24; c++ {
		t := &toks[c]
		if t.text == "." || t.text == ";" || t.text == ":" || t.nl || t.upper && fullNameAt(toks, c) {
			return 0, false
		}
		if t.text != "," {
			continue
		}
		if n := thenHeld(toks, c+1); n > c+1 {
			more, e := x.readChain(toks, n)
			if len(more) == 0 {
				return 0, false
			}
			for j := range held {
				held[j].qualifier = QualifierFormer // "..., sau đó là Chủ tịch ...": held before it
			}
			held = append(held, more...)
			c = e - 1
			continue
		}
		_, addressed := skipRanks(toks, c+1)
		ni, ne, ok := x.personAt(toks, c+1, licAddressed)
		if !ok || !addressed || ne < ni+2 && x.fullName(words(x.text, toks[ni:ne])) == "" {
			return 0, false
		}
		if former {
			for j := range held {
				held[j].qualifier = QualifierFormer
			}
		}
		more, end := x.tail(toks, ne, true)
		x.recordPerson(s, i, ni, ne, append(held, more...), used)
		end = max(end, ne)
		markUsed(used, i, end)
		return end, true
	}
	return 0, false
}

// officeOpener reports whether the words before an office at toks[i], from
// the start of the sentence or of a clause after a comma, open a clause
// whose holder follows: "Từ (một)" (an office a career started from:
// former), "Khi (còn)", "Lúc (còn)", "Thời (còn)", "Trong thời gian",
// "Thời gian", "Trong (quá trình | thời kỳ | giai đoạn | nhiệm kỳ)" with
// the verb of an office held ("là", "làm", "giữ chức (vụ)", "giữ cương
// vị", "đảm nhiệm (chức vụ | cương vị)"), or "Trên/Với/Ở cương vị (là)",
// "Với tư cách (là)". "còn" makes the office former ("khi còn là": when
// still).
func officeOpener(toks []token, i int) (former, ok bool) {
	b := 0
	for j := i - 1; j > 0 && j >= i-8; j-- {
		if toks[j].text == "," {
			b = j + 1
			break
		}
	}
	if b >= i || toks[b].kind != tokWord {
		return false, false
	}
	switch toks[b].key {
	case "tu", "trong", "thoi", "khi", "luc", "tren", "voi", "o":
	default:
		return false, false // most titles: no opener
	}
	if toks[b].key == "tu" && (i == b+1 || i == b+2 && toks[b+1].key == "mot") && toks[b].text != "tư" && toks[b].text != "Tư" && toks[b].text != "tù" {
		return true, b == 0 && toks[0].upper || b > 0 // "Từ một Cửa hàng trưởng", "Từ Chủ tịch xã"
	}
	k := b
	at := func(ws ...string) bool {
		if k+len(ws) > i {
			return false
		}
		for n, w := range ws {
			if spelling(toks[k+n].text) != w {
				return false
			}
		}
		k += len(ws)
		return true
	}
	position := false // "cương vị", "tư cách": the verb may be left out
	switch {
	case at("trong", "thời", "gian"), at("thời", "gian"), at("trong", "quá", "trình"), at("trong", "thời", "kỳ"),
		at("trong", "giai", "đoạn"), at("trong", "nhiệm", "kỳ"), at("khi"), at("lúc"), at("thời"):
		former = at("còn")
	case at("trên", "cương", "vị"), at("với", "cương", "vị"), at("ở", "cương", "vị"), at("với", "tư", "cách"), at("trên", "tư", "cách"):
		position = true
	default:
		return false, false
	}
	switch {
	case at("là"), at("làm"), at("giữ", "chức", "vụ"), at("giữ", "chức"), at("giữ", "cương", "vị"),
		at("đảm", "nhiệm", "chức", "vụ"), at("đảm", "nhiệm", "cương", "vị"), at("đảm", "nhiệm"):
	case !position:
		return false, false
	}
	return former, k == i
}

// thenHeld passes, at toks[k] after a comma, the words that give a later
// office in a clause that opened with one: "sau đó là", "sau đó giữ
// chức", "rồi làm", "tiếp đó được bầu làm". It returns where the office
// starts, or k.
func thenHeld(toks []token, k int) int {
	j := k
	switch {
	case j+1 < len(toks) && toks[j].text == "sau" && toks[j+1].text == "đó", j+1 < len(toks) && toks[j].text == "tiếp" && toks[j+1].text == "đó":
		j += 2
	case j < len(toks) && toks[j].text == "rồi":
		j++
	default:
		return k
	}
	if j < len(toks) && toks[j].text == "," {
		j++
	}
	if j < len(toks) && toks[j].text == "là" {
		j++
	} else {
		j = appointedTo(toks, j)
	}
	if !titleAt(toks, j) {
		return k
	}
	return j
}

// decidedBefore: the words right before toks[i] decide an office, which
// "đối với" and its holder may follow: removal ("cách chức", "thôi giữ
// chức", "miễn nhiệm": former) or appointment ("bổ nhiệm", "bổ nhiệm
// lại", "chỉ định", "giao quyền").
func decidedBefore(toks []token, i int) (former, ok bool) {
	if i >= 2 && toks[i-2].key == "chuc" && toks[i-1].key == "vu" && !toks[i-2].upper {
		i -= 2 // "miễn nhiệm chức vụ Phó Chủ tịch"
	}
	for j := max(0, i-4); j < i; j++ {
		if removedFrom(toks, j) == i {
			return true, true
		}
	}
	if i >= 2 && toks[i-2].kind == tokWord && !toks[i-2].upper {
		switch toks[i-2].key + " " + toks[i-1].key {
		case "mien nhiem":
			return true, true
		case "bo nhiem", "chi dinh", "giao quyen", "nhiem lai":
			return false, true
		}
	}
	return false, false
}

// skipAlias passes, at toks[k], a body's short name in parentheses
// between a title and its holder ("Phó Tổng Giám đốc Công ty Cổ phần
// Viễn thông Hà Nội (Hanoi Telecom) Nguyễn Hiền Phương"): capitalised
// words or acronyms, a person's name after them. It returns k otherwise.
func skipAlias(toks []token, k int) int {
	if k >= len(toks) || toks[k].text != "(" {
		return k
	}
	for j := k + 1; j < len(toks) && j < k+6; j++ {
		switch {
		case toks[j].text == ")":
			if j > k+1 && fullNameAt(toks, j+1) {
				return j + 1
			}
			return k
		case toks[j].kind == tokPunct && toks[j].text != "-" && toks[j].text != "&" || toks[j].kind == tokWord && !toks[j].upper:
			return k
		}
	}
	return k
}

// appositive reads a name set off by commas after a title and a body the
// lexicons do not know, or a description of one after "của": "Chủ tịch
// Juventus, Andrea Agnelli:", "Phó Chủ tịch Man Utd, Ed Woodward, ...",
// "Giám đốc điều hành của bệnh viện trên, Aashish Chaudhry, cho biết".
// The body is up to six words with no title and no verb of a clause; the
// name, of two words or more (Latin ones too), ends at punctuation.
func (x *extractor) appositive(toks []token, k int, lic licence, domestic bool) (int, int, bool) {
	j := k
	if j < len(toks) && toks[j].key == "cua" && !toks[j].upper {
		j++
	}
	start := j
	for j < len(toks) && j < start+6 && toks[j].kind == tokWord && !toks[j].nl && !isClauseWord(toks[j]) && !(listWords[toks[j].key] && !toks[j].upper) {
		if _, _, isTitle := titles.match(toks, j); isTitle {
			return 0, 0, false
		}
		if _, addressed := skipRanks(toks, j); addressed || fullNameAt(toks, j) {
			return 0, 0, false // "thành viên HĐQT gồm ông A, bà B": a list, not a body
		}
		j++
	}
	if j == start || j+1 >= len(toks) || toks[j].text != "," && (toks[j].text != "-" && toks[j].text != "–" || !domestic) {
		// "Tổng thư ký VFF - Lê Hoài Anh": a dash too, after an office
		// Vietnamese bodies have ("Quốc vương Nữ Nhi Quốc - Châu Lâm" is
		// a role in a film and its actor).
		return 0, 0, false
	}
	ni, ne, ok := x.personAt(toks, j+1, max(lic, licLatin))
	if !ok || ne < ni+2 {
		return 0, 0, false
	}
	if ne < len(toks) && (toks[ne].kind != tokPunct || !strings.Contains(",:;.)-–", toks[ne].text)) && !(clauseWords[toks[ne].key] && isSurname(toks[ni])) {
		return 0, 0, false // "Phó Chủ tịch thành phố đảo Phú Quốc, Phạm Văn Nghiệp cho biết" ends at a verb
	}
	if ownTitleAfter(toks, ne) {
		return 0, 0, false // "Tiếp lời CEO TPBank, ông A, Phó Chủ tịch HĐQT": the name has its own title
	}
	return ni, ne, true
}

// ownTitleAfter: the name ending at toks[e] is followed by a comma and a
// title of its own, so a title before it and a comma is someone else's
// ("chỉ đạo của Thủ tướng Chính phủ, GS.TS Nguyễn Thanh Long, Bộ trưởng
// Bộ Y tế").
func ownTitleAfter(toks []token, e int) bool {
	if e+1 >= len(toks) || toks[e].text != "," {
		return false
	}
	_, _, isTitle := titles.match(toks, skipRankItem(toks, e+1))
	return isTitle
}

// afterOpaqueBody reads a person's name after one to three words that
// name a body the lexicons do not know: acronyms, Latin or capitalised
// words ("VPBank", "EVN", "Masan Group"), not a person's name themselves.
func (x *extractor) afterOpaqueBody(toks []token, k int, lic licence) (int, int, bool) {
	if k < len(toks) && toks[k].key == "cua" && !toks[k].upper {
		// "Tổng giám đốc điều hành của Alibaba Trương Dũng": a Vietnamese
		// name only, or a foreign one after a country ("chủ tịch của
		// European Super League" names no one).
		k++
		lic = min(lic, licTitled)
	}
	// "Chủ tịch Hiệp hội Lồng ngực Thái Lan Nithiphat Chiarakun": a body
	// named with its country, then a foreign name.
	for n := k; n < len(toks) && n < k+6 && toks[n].kind == tokWord && (toks[n].upper || n > k) && !toks[n].nl; n++ {
		if ce, ok := isForeignAt(toks, n); ok && n > k {
			if ni, ne, ok := x.personAt(toks, skipAliasOf(toks, ce), licForeign); ok && ne > ni+1 {
				return ni, ne, true
			}
			break
		}
	}
	for n := k; n < len(toks) && n < k+3; n++ {
		t := &toks[n]
		if t.kind != tokWord || !t.upper || isSurname(*t) && nameAt(toks, n, licTitled) > 0 {
			break
		}
		// The name may follow the body's parent in parentheses ("Tổng
		// Giám đốc VinHMS (Tập đoàn Vingroup) Nguyễn Văn Hoàng") or the
		// article's place ("Phó trưởng Ban thường trực BCĐ PCD tỉnh Trần
		// Xuân Dưỡng").
		next := skipAliasOf(toks, n+1)
		if next == n+1 && next+1 < len(toks) && adminWords[toks[next].key] && !toks[next].upper {
			next++
		}
		ni, ne, ok := x.personAt(toks, next, lic)
		if ok && ne > ni+1 {
			if s := splitName(toks, ni, ne); s < ne && surnameRank(toks[s]) < surnameRank(toks[ni]) {
				// "Trưởng thôn Đông Lý Nguyễn Văn Thành": the run's most
				// frequent family name starts the person's name, as
				// splitName reads a body's name and then a person.
				ni = s
			}
			return ni, ne, true
		}
	}
	return 0, 0, false
}

// adminWords are the kinds of administrative unit that may stand, without
// a name, for the article's place: "tỉnh", "huyện", "xã".
var adminWords = map[string]bool{"tinh": true, "huyen": true, "xa": true, "quan": true, "phuong": true}

// skipAliasOf passes, at toks[k], a body's other name or its parent in
// parentheses ("(WHO)", "(Tập đoàn Vingroup)"): up to eight words, when a
// person's name follows. It returns k otherwise.
func skipAliasOf(toks []token, k int) int {
	if k >= len(toks) || toks[k].text != "(" {
		return k
	}
	for j := k + 1; j < len(toks) && j < k+10; j++ {
		switch {
		case toks[j].text == ")":
			if j > k+1 && j+1 < len(toks) && toks[j+1].upper {
				return j + 1
			}
			return k
		case toks[j].nl || toks[j].kind == tokPunct && toks[j].text != "-" && toks[j].text != "&" && toks[j].text != "." && toks[j].text != ",":
			return k
		}
	}
	return k
}

// moreNames reads ", NAME" and "và NAME" after the first name under a
// plural title, giving each the titles segs.
func (x *extractor) moreNames(s sentence, i, k int, segs []titleSeg, used []bool) int {
	toks := s.toks
	for k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "va") {
		ni, ne, ok := x.personAt(toks, k+1, licenceOf(segs, false))
		if !ok {
			break
		}
		x.recordPerson(s, i, ni, ne, segs, used)
		k = ne
	}
	return k
}

// namedFirst: [address] NAME tail, or an addressed name alone (a person
// without a title).
func (x *extractor) namedFirst(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	k, addressed := x.ranksAt(toks, i)
	if !addressed && !toks[i].upper {
		return 0, false
	}
	if ruleCues && !addressed && x.lastTitle < i && x.rowName < i {
		// Neither a form of address, nor a title after the name, nor the
		// row's name under a heading: no person here (below).
		return 0, false
	}
	lic := licBare
	if addressed {
		lic = licAddressed
	}
	ni, ne, ok := x.personAt(toks, k, lic)
	latin := false
	if !ok && !addressed && clauseStart(toks, i) {
		// "Ashish Jha, hiệu trưởng Trường Y tế Công cộng thuộc Đại học
		// Brown (Mỹ), cảnh báo": a foreign name opening a clause, its
		// office and the office's body after a comma.
		if ni, ne, ok = x.personAt(toks, k, licLatin); ok && (ne < ni+2 || !foreignName(toks, ni, ne) || ne >= len(toks) || toks[ne].text != ",") {
			ok = false
		}
		latin = ok
	}
	if !ok {
		return 0, false
	}
	segs, end := x.tail(toks, ne, addressed)
	heldThen(toks, ni, ne, segs)
	if latin && (len(segs) == 0 || x.nameAfterTitle(toks, segs[0].end)) {
		return 0, false // "Real Madrid, chủ tịch Florentino Perez": the office is the next name's
	}
	if len(segs) == 0 && !addressed && ni != x.rowName {
		return 0, false
	}
	x.recordPerson(s, i, ni, ne, segs, used)
	markUsed(used, i, end)
	return end, true
}

// heldThen marks former the offices of a tail whose holder, named at
// toks[ni] after a form of address or none, opens the clause after
// "Trước khi ...," "Trước đây," or "Trước đó,":
// "Trước khi được bổ nhiệm, bà Nguyễn Thị Hà là Phó Vụ trưởng Vụ Giáo dục
// Tiểu học" (the annotation rules: "trước khi" marks an office held
// before), when "là", "giữ chức" or "làm" gives the offices right after
// the name; "hiện là", "nay là" in the tail say otherwise.
func heldThen(toks []token, ni, ne int, segs []titleSeg) {
	if ne >= len(toks) || toks[ne].text != "là" && appointedTo(toks, ne) == ne {
		return // "Trước đó, ông A, Phó Cục trưởng ..., cho biết": the time of what he said
	}
	a := ni
	for a > ni-3 && a > 0 && toks[a-1].text != "," {
		a--
	}
	if len(segs) == 0 || a < 3 || toks[a-1].text != "," || toks[0].key != "truoc" || !toks[0].upper {
		return
	}
	if r, _ := skipRanks(toks, a); r != ni {
		return
	}
	switch toks[1].key {
	case "day", "do":
		if a != 3 {
			return
		}
	case "khi":
		for j := 2; j < a-1; j++ {
			if toks[j].kind == tokPunct || toks[j].nl || toks[j].upper && fullNameAt(toks, j) {
				return
			}
		}
	default:
		return
	}
	for j := a; j < segs[0].end && j < len(toks); j++ {
		if nowIs(toks, j) > j {
			return
		}
	}
	for i := range segs {
		if segs[i].qualifier == "" {
			segs[i].qualifier = QualifierFormer
		}
	}
}

// nameAfterTitle: a name follows a title ending at toks[k], maybe after a
// body the lexicons do not know ("chủ tịch CLB Joel Glazer").
func (x *extractor) nameAfterTitle(toks []token, k int) bool {
	province, district, commune := x.province, x.district, x.commune
	defer func() { x.province, x.district, x.commune = province, district, commune }()
	if _, _, ok := x.personAt(toks, k, licLatin); ok {
		return true
	}
	_, _, ok := x.afterOpaqueBody(toks, k, licLatin)
	return ok
}

// clauseStart: toks[i] opens a sentence or a clause after a quotation
// ("...", Krishna Udayakumar, giám đốc ...).
func clauseStart(toks []token, i int) bool {
	return i == 0 || i >= 2 && toks[i-1].text == "," && strings.ContainsAny(toks[i-2].text, "\"”»")
}

// titledIs: chain "là" [address] NAME {("và" | ",") [address] NAME}: "2 Phó
// Chánh thanh tra là ông Ngô Minh Hưng và ông Đỗ Anh Dũng".
func (x *extractor) titledIs(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	if x.lastLa < i && x.lastGom < i { // people asks this before calling: keep the two alike
		return 0, false
	}
	segs, k := x.readChain(toks, i)
	k = skipTerm(toks, k)
	if len(segs) == 0 {
		return 0, false
	}
	// "đại biểu Quốc hội đương nhiệm tái cử tại đơn vị này là bà A": a
	// few lower-case words may stand between the title and "là".
	for j := k; j < len(toks) && j < k+10 && (toks[j].kind == tokWord && !toks[j].upper || toks[j].text == ","); j++ {
		if toks[j].key == "la" || toks[j].key == "gom" {
			k = j
			break
		}
	}
	if k >= len(toks) || toks[k].key != "la" && toks[k].key != "gom" {
		return 0, false
	}
	k++
	plural := k < len(toks) && toks[k].key == "cac" // "là các ông A, B và C"
	if plural {
		k++
	}
	end := 0
	for k < len(toks) {
		r, addressed := skipRanks(toks, k)
		var own []titleSeg
		if !addressed && end == 0 && !plural {
			// "1 Ủy viên Bộ Chính trị khác được giới thiệu ứng cử là Bí
			// thư Thành ủy Đinh Tiến Dũng": the name after "là" comes with
			// an office of its own, and holds both.
			x.nameFollows = true
			chain, ce := x.readChain(toks, k)
			x.nameFollows = false
			if len(chain) == 0 {
				break
			}
			ni, ne, ok := x.personAt(toks, ce, licenceOf(chain, false))
			if !ok || ne < ni+2 {
				break
			}
			own, r = chain, ce
		} else if !addressed && !(plural && end > 0) {
			break
		}
		ni, ne, ok := x.personAt(toks, r, licAddressed)
		if !ok {
			break
		}
		more, te := x.tail(toks, ne, addressed)
		more = append(own, more...)
		x.recordPerson(s, i, ni, ne, append(segs[:len(segs):len(segs)], more...), used)
		end, k = max(ne, te), max(ne, te)
		if k < len(toks) && (toks[k].key == "va" || toks[k].text == ",") {
			k++
			continue
		}
		break
	}
	return claim(used, i, end)
}

// claim marks toks[i:end] as read by a rule that found people there; end
// 0 is a rule that found none.
func claim(used []bool, i, end int) (int, bool) {
	if end == 0 {
		return 0, false
	}
	markUsed(used, i, end)
	return end, true
}

// listed: [các | a number | gồm | có] [address] [chain] ":" item {sep item}.
// "các đồng chí Phó Bí thư Tỉnh ủy: A – Chủ tịch UBND tỉnh; B, C",
// "gồm các ông: A, B, C", "các đồng chí: A, Ủy viên ..., Bí thư ...; B, ...".
func (x *extractor) listed(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	if x.lastColon < i { // people asks this before calling: keep the two alike
		return 0, false
	}
	k := i
	intro := false
	for k < len(toks) && (listWords[toks[k].key] && !toks[k].upper || toks[k].kind == tokNumber) {
		k++
		intro = true
	}
	k, addressed := skipRanks(toks, k)
	segs, k := x.readChain(toks, k)
	if !intro && !addressed && len(segs) == 0 {
		return 0, false
	}
	if k < len(toks) && toks[k].text != ":" {
		// "các đồng chí lãnh đạo tỉnh:", "gồm các ông bà sau:", "thành
		// viên Hội đồng trường như sau:": a few words of no title before
		// the colon.
		for j := k; j < len(toks) && j < k+6 && toks[j].kind == tokWord && !toks[j].upper; j++ {
			if j+1 < len(toks) && toks[j+1].text == ":" {
				k = j + 1
			}
		}
	}
	if k >= len(toks) || toks[k].text != ":" {
		return 0, false
	}
	k++
	if k == len(toks) && len(segs) > 0 {
		// "Danh sách thành viên Hội đồng trường X như sau:" ends its
		// sentence: the items are the lines after it.
		x.setHeading(s, segs, used)
		return 0, false
	}
	lic := licenceOf(segs, true)
	board := boardBefore(toks, i)
	var prev []titleSeg
	end := 0
	for k < len(toks) {
		var own []titleSeg
		if board != "" {
			// "HĐQT ... gồm: Chủ tịch A, Phó Chủ tịch B và 4 thành
			// viên khác (ông C, bà D)": each item's office is the board's.
			if n := membersAside(toks, k); n > k {
				e, ok := x.asideMembers(s, i, n, board, used)
				if !ok {
					break
				}
				end, k = e, e
				if k < len(toks) && (toks[k].text == ";" || toks[k].text == "," || toks[k].key == "va") {
					k++
					continue
				}
				break
			}
			var n int
			if own, n = x.readChain(toks, k); len(own) == 0 && k+1 < len(toks) && toks[k].key == "thanh" && toks[k+1].key == "vien" {
				if t, ok := titleNamed[spelling("Thành viên "+board)]; ok {
					own, n = []titleSeg{{title: t, name: t.Title}}, k+2 // "thành viên A và B"
				}
			}
			if len(own) == 0 {
				own = prev // "Phó Chủ tịch A, B": the item before's office
			}
			prev, k = own, n
		}
		ilic := lic
		if len(own) > 0 {
			ilic = max(lic, licenceOf(own, false))
		}
		ni, ne, ok := x.personAt(toks, k, ilic)
		if !ok {
			break
		}
		more, te := x.tail(toks, ne, false)
		all := append(append(append([]titleSeg(nil), segs...), own...), more...)
		if board != "" {
			for j := len(segs); j < len(all); j++ {
				all[j] = boardSeg(all[j], board)
			}
		}
		x.recordPerson(s, i, ni, ne, all, used)
		end = max(ne, te)
		k = end
		if k < len(toks) && (toks[k].text == ";" || toks[k].text == "," || toks[k].key == "va") {
			k++
			continue
		}
		break
	}
	return claim(used, i, end)
}

// boardBefore is the board a list starting at toks[i] with "gồm" lists
// the members of, named before it in the sentence with no title of its
// own ("HĐQT hiện tại của ngân hàng có 6 thành viên, gồm:"), or "".
func boardBefore(toks []token, i int) string {
	if i >= len(toks) || toks[i].key != "gom" {
		return ""
	}
	for j := 0; j < i; j++ {
		if _, _, ok := titles.match(toks, j); ok {
			return "" // "Thành viên HĐQT gồm": the list's own chain
		}
		if _, v, ok := boards.match(toks, j); ok {
			return v.(string)
		}
	}
	return ""
}

// boardSeg gives a bare office of a board's list the board: "Chủ tịch" →
// "Chủ tịch Hội đồng quản trị", "thành viên độc lập" → "Thành viên Hội
// đồng quản trị độc lập", "Trưởng ban" → "Trưởng Ban Kiểm soát", when
// titles.tsv has that title; other offices stay ("Tổng Giám đốc").
func boardSeg(sg titleSeg, board string) titleSeg {
	if sg.orgJ != 0 || sg.foreign {
		return sg
	}
	name := sg.name
	for _, cand := range []string{name + " " + board, strings.Replace(name, " độc lập", " "+board+" độc lập", 1),
		strings.Replace(name, "Trưởng ban", "Trưởng "+board, 1)} {
		if t, ok := titleNamed[spelling(cand)]; ok && cand != name {
			sg.title, sg.name = t, t.Title
			return sg
		}
	}
	return sg
}

// membersAside: at toks[k], "[N] thành viên [khác] (" before the names of
// a board's other members; it returns the token after "(", or k.
func membersAside(toks []token, k int) int {
	j := k
	if j < len(toks) && toks[j].kind == tokNumber {
		j++
	}
	if j+1 >= len(toks) || toks[j].key != "thanh" || toks[j+1].key != "vien" {
		return k
	}
	j += 2
	if j < len(toks) && toks[j].key == "khac" {
		j++
	}
	if j < len(toks) && toks[j].text == "(" {
		return j + 1
	}
	return k
}

// asideMembers reads the names in parentheses membersAside found, each
// "Thành viên <board>" with its own tail, and returns the token after
// ")".
func (x *extractor) asideMembers(s sentence, i, k int, board string, used []bool) (int, bool) {
	toks := s.toks
	t, ok := titleNamed[spelling("Thành viên "+board)]
	if !ok {
		return 0, false
	}
	member := titleSeg{title: t, name: t.Title}
	for k < len(toks) {
		ni, ne, ok := x.personAt(toks, k, licTitled)
		if !ok {
			return 0, false
		}
		x.board = board
		more, te := x.tail(toks, ne, false)
		x.board = ""
		all := []titleSeg{member}
		for _, sg := range more {
			if sg = boardSeg(sg, board); sg.name != member.name {
				all = append(all, sg)
			}
		}
		x.recordPerson(s, i, ni, ne, all, used)
		k = max(ne, te)
		if k < len(toks) && (toks[k].text == "," || toks[k].text == ";" || toks[k].key == "va") {
			k++
			continue
		}
		break
	}
	if k < len(toks) && toks[k].text == ")" {
		return k + 1, true
	}
	return 0, false
}

// capitalWords capitalises the first letter of each word of a name.
func capitalWords(name string) string {
	ws := strings.Fields(name)
	for i, w := range ws {
		r, n := utf8.DecodeRuneInString(w)
		ws[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(ws, " ")
}

// recordPerson adds the person named at toks[ni:ne] and a position per
// title, mentioned by the span toks[i:...].
func (x *extractor) recordPerson(s sentence, i, ni, ne int, segs []titleSeg, used []bool) {
	toks := s.toks
	name := words(x.text, toks[ni:ne])
	for _, t := range toks[ni:ne] {
		if t.kind == tokWord && !t.upper {
			name = capitalWords(name) // "lê Hoài Anh", "Đỗ xuân Tuyên": misspelt in case
			break
		}
	}
	if ne == ni+1 || !strings.Contains(name, " ") && foreignName(toks, ni, ne) {
		// "Sơn", "ông Diaz-Canel": a given name or a hyphenated foreign
		// surname standing for the person named in full before.
		if full := x.fullName(name); full != "" {
			name = full
		}
	}
	p := x.person(name)
	p.Mentions = append(p.Mentions, x.mention(MentionPerson, p.Key, s, ni, ne))
	if x.subjects == 0 || x.subject != p.Key {
		x.subject = p.Key
		x.subjects++
	}
	if len(segs) > 0 && !slices.Contains(x.titled, p.Key) {
		x.titled = append(x.titled, p.Key)
	}
	if ni == x.rowName {
		segs = append(segs[:len(segs):len(segs)], x.heading...)
	}
	lo, hi := min(i, ni), ne
	for _, sg := range segs {
		hi = max(hi, sg.orgJ)
	}
	for _, sg := range segs {
		x.holds(p, s, ni, ne, lo, hi, sg, used)
	}
}

// holds records that p holds the office sg: its organisation read from
// the sentence around the name at toks[ni:ne], its mention toks[lo:hi].
func (x *extractor) holds(p *Person, s sentence, ni, ne, lo, hi int, sg titleSeg, used []bool) {
	orgName, orgKey := x.positionOrg(s, s.toks, ni, ne, sg, used)
	x.addPosition(Position{Person: p.Name, PersonKey: p.Key, Title: sg.name, Qualifier: sg.qualifier,
		Organisation: orgName, OrganisationKey: orgKey, AsOf: x.a.PublishedAt,
		Mention: x.mention(MentionPerson, p.Key, s, lo, hi)})
}

// positionOrg records the body of a title and returns its name and key;
// an implied body is listed without a mention.
func (x *extractor) positionOrg(s sentence, toks []token, ni, ne int, sg titleSeg, used []bool) (string, string) {
	switch {
	case sg.foreign || sg.org.Generic || sg.orgJ < 0:
		return "", ""
	case sg.orgJ == 0 && !isSurname(toks[ni]) && !vietnameseName(toks[ni:ne]):
		return "", "" // "Thủ tướng Boris Johnson": the implied body is Vietnam's
	case sg.orgJ > 0 && foreignName(toks, ni, ne):
		// "ông Diaz-Canel được bầu làm Phó Chủ tịch Hội đồng Bộ trưởng": a
		// body a foreign person holds an office in is his country's, even
		// named with a Vietnamese body's words.
		markUsed(used, sg.orgI, sg.orgJ)
		return "", ""
	case sg.orgJ > 0:
		o := x.addOrgMention(sg.org, s, sg.orgI, sg.orgJ)
		markUsed(used, sg.orgI, sg.orgJ)
		return o.Name, o.Key
	case sg.org.Name == "":
		return "", ""
	}
	k := key(sg.org.Name)
	if j, ok := x.orgIdx[k]; ok {
		return x.orgs[j].Name, k
	}
	if v, ok := x.lookupFixedOrg(sg.org.Name); ok {
		o := x.org(orgMatch{Name: v.Name, Kind: v.Kind, Level: v.Level, Parent: v.Parent})
		return o.Name, o.Key
	}
	return sg.org.Name, k
}

// addPosition keeps one position per person, title and qualifier: a later
// mention may name the body an earlier one left out, never the reverse.
func (x *extractor) addPosition(p Position) {
	k := p.PersonKey + "|" + key(p.Title) + "|" + p.Qualifier
	if at, ok := x.posSeen[k]; ok {
		if x.pos[at].OrganisationKey == "" && p.OrganisationKey != "" {
			x.pos[at].Organisation, x.pos[at].OrganisationKey = p.Organisation, p.OrganisationKey
		}
		return
	}
	x.posSeen[k] = len(x.pos)
	x.pos = append(x.pos, p)
}

// fixedOrg is a remembered answer of lookupFixedOrg.
type fixedOrg struct {
	info orgInfo
	ok   bool
}

// maxFixedMemo bounds the answers of lookupFixedOrg a scratch memory
// remembers: emptied when full.
const maxFixedMemo = 4096

// lookupFixedOrg is lookupFixedOrg remembering its answers in the scratch
// memory (one extraction worker's): the same names ("Ngân hàng Chính sách
// xã hội", a position's body) are asked of article after article, and
// each asking tokenizes the name.
func (x *extractor) lookupFixedOrg(name string) (orgInfo, bool) {
	if x.sc == nil {
		return lookupFixedOrg(name)
	}
	if f, ok := x.sc.fixed[name]; ok {
		return f.info, f.ok
	}
	if x.sc.fixed == nil || len(x.sc.fixed) >= maxFixedMemo {
		x.sc.fixed = make(map[string]fixedOrg, 256)
	}
	info, ok := lookupFixedOrg(name)
	x.sc.fixed[strings.Clone(name)] = fixedOrg{info, ok}
	return info, ok
}

func lookupFixedOrg(name string) (orgInfo, bool) {
	toks := tokenize(name)
	e, v, ok := fixedOrgs.match(toks, 0)
	if !ok || e != len(toks) {
		return orgInfo{}, false
	}
	return v.(orgInfo), true
}

// titleOrg reads the body of the title whose head starts at toks[head]
// and ends at toks[e], qualifiers read up to k: the body may start inside
// the title ("Trưởng ban Tổ chức Tỉnh ủy" heads the Ban Tổ chức Tỉnh ủy,
// "Trưởng Công an xã" the Công an xã) or after it.
func (x *extractor) titleOrg(toks []token, head, e, k int) (orgMatch, int, int, bool) {
	if o, oe, ok := x.parseOrg(toks, k); ok {
		// "Chánh Văn phòng UBND tỉnh", "Chánh Văn phòng Tỉnh ủy": the title
		// heads an office of the body after it (a member's title is of the
		// body after it: "Ủy viên Ban Thường vụ Tỉnh ủy").
		if n, ok := titleHeadAt[key(x.textOf(toks, head, e))]; ok && head+n < e && headsOffice(toks, head, head+n) && !strings.HasPrefix(o.Name, "Sở ") {
			if io, ie, ok := x.orgFrom(toks, head+n); ok && ie >= oe && !io.Generic {
				return io, head + n, ie, true
			}
		}
		// "Ủy viên Ban Thường vụ Tỉnh ủy": the body after the title.
		return o, k, oe, true
	}
	if n, ok := titleHeadAt[key(x.textOf(toks, head, e))]; ok && head+n < e {
		if o, oe, ok := x.orgFrom(toks, head+n); ok && oe > e {
			return o, head + n, oe, true
		}
	}
	return orgMatch{}, 0, 0, false
}

// headsOffice: the title's words before its inner head at toks[i:j] make
// it the head of that office ("Chánh" Văn phòng, "Chánh" Thanh tra),
// not a seat in it. A department's office is no body of its own (the
// annotation rules): the caller keeps the Sở.
func headsOffice(toks []token, i, j int) bool {
	return j == i+1 && toks[i].key == "chanh"
}

// textOf is the text of toks[i:j].
func (x *extractor) textOf(toks []token, i, j int) string {
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].text)
	}
	return b.String()
}

// orgFrom parses a body at toks[i], whose first word may be in lower
// case inside a title ("Trưởng ban Tổ chức").
func (x *extractor) orgFrom(toks []token, i int) (orgMatch, int, bool) {
	if toks[i].upper {
		return x.parseOrg(toks, i)
	}
	tmp := make([]token, min(len(toks), i+24))
	copy(tmp, toks)
	tmp[i].upper = true
	r, n := utf8.DecodeRuneInString(tmp[i].text)
	tmp[i].text = string(unicode.ToUpper(r)) + tmp[i].text[n:]
	o, oe, ok := x.parseOrg(tmp, i)
	if !ok || o.Generic {
		return orgMatch{}, 0, false
	}
	return o, oe, true
}

// setHeading keeps the chain of a list's heading whose items are the lines
// after it ("Danh sách thành viên Hội đồng trường X như sau:", then a
// table or "- Ông A, ..." lines): its bodies are mentioned here, once, and
// every line that starts with a name gives that name the heading's titles.
func (x *extractor) setHeading(s sentence, segs []titleSeg, used []bool) {
	x.heading = x.heading[:0]
	for _, sg := range segs {
		if sg.foreign || sg.orgJ < 0 {
			continue
		}
		if sg.orgJ > 0 {
			if sg.org.Generic {
				continue
			}
			o := x.addOrgMention(sg.org, s, sg.orgI, sg.orgJ)
			markUsed(used, sg.orgI, sg.orgJ)
			sg.org = orgMatch{Name: o.Name}
			sg.orgI, sg.orgJ = 0, 0
		}
		x.heading = append(x.heading, sg)
	}
}

// headingRow sets x.rowName to the start of the name that opens the
// sentence when a list's heading is pending: "1. Ông A", "- Bà B, ...",
// "GS. Lê Anh Tuấn" (a table's row). The other lines of a table ("TT",
// "Họ tên", a cell of titles) keep the heading; a paragraph ends it.
func (x *extractor) headingRow(s sentence) {
	x.rowName = -1
	if len(x.heading) == 0 {
		return
	}
	toks := s.toks
	k := 0
	for k < len(toks) && k < 3 && (toks[k].kind == tokNumber || toks[k].kind == tokPunct && strings.ContainsAny(toks[k].text, "-–+•*.)")) {
		k++
	}
	r, addressed := skipRanks(toks, k)
	for r < len(toks) && toks[r].text == "." {
		r++ // "GS. Lê Anh Tuấn"
	}
	lic := licBare
	if addressed {
		lic = licAddressed
	}
	if nameAt(toks, r, lic) > r+1 {
		x.rowName = r
		return
	}
	if last := toks[len(toks)-1].text; len(toks) > 12 || len(toks) > 4 && (last == "." || last == "!" || last == "?") {
		x.heading = x.heading[:0] // a paragraph: the list is over
	}
}
