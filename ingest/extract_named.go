package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bodies with a proper name: hospitals, schools, universities, institutes,
// commands ("Bệnh viện Bạch Mai", "Trường THPT Chu Văn An", "Học viện Báo
// chí và Tuyên truyền", "Bộ Tư lệnh Thủ đô Hà Nội"), and numbered units
// ("Quân khu 7", "Sư đoàn 312").

var (
	nameWords     = newExactTrie() // namewords.tsv
	private       = map[string]string{}
	compounds     = map[string]bool{} // compounds.txt: "vật lý", spelt
	unitNameWords = map[string]bool{} // unitwords.txt: "giao thông", spelt
)

func loadNamed() {
	for _, c := range lines("namewords.tsv") {
		nameWords.add(c[0], true)
	}
	for _, c := range lines("compounds.txt") {
		compounds[spelling(c[0])] = true
	}
	for _, c := range lines("unitwords.txt") {
		unitNameWords[spelling(c[0])] = true
	}
	for _, c := range lines("private.tsv") {
		private[key(c[0])] = col(c, 1)
	}
}

// parseNamed reads the proper name after a head at toks[j], then a place
// ("Bệnh viện Đa khoa tỉnh Thái Bình"). A private or foreign body is read
// but marked Generic: its words are no person, and it is no public body.
func (x *extractor) parseNamed(toks []token, j int, h headInfo) (orgMatch, int, bool) {
	if j >= len(toks) || toks[j].key == "dang" || isRoman(toks[j].text) {
		return orgMatch{}, 0, false // "ĐH Đảng", "ĐH XI": a congress (đại hội), not a university
	}
	e := x.properName(toks, j)
	if e == j && adminAt(toks, j) {
		// "Trường Tiểu học xã Yên Hồ", "Trường Mầm non xã Quang Hưng": a
		// school named by its commune.
		if p, province, pe, ok := x.parsePlaceAfter(toks, j, ""); ok && p.name != "" && (p.admin != "" || p.level == "province") {
			// A company's kind named by its place ("Đoàn Luật sư thành
			// phố Hồ Chí Minh") is read, not a public body.
			return orgMatch{Name: h.Canon + " " + placeName(p), Kind: h.Kind, Level: p.level, Province: province, Generic: h.Kind == "company"}, pe, true
		}
		if p, province, pe, ok := x.unnamedPlace(toks, j); ok && (p.level != "province" || x.a.Province != "") {
			// "Trường Chính trị tỉnh", "Trung tâm Y tế huyện" in an article
			// about one (in a national paper, "bệnh viện tỉnh" is a kind).
			return orgMatch{Name: h.Canon + " " + placeName(p), Kind: h.Kind, Level: p.level, Province: province, Generic: h.Kind == "company"}, pe, true
		}
	}
	if e == j || allNumbers(toks[j:e]) {
		return orgMatch{}, 0, false // "THPT 2021": a year, not a school
	}
	if e == j+2 && toks[j].key == "viet" && toks[j+1].key == "nam" && strings.HasPrefix(h.Canon, "Trường ") {
		return orgMatch{}, 0, false // "chương trình THCS Việt Nam": the country's, not a school
	}
	if h.Level == "province" {
		if pe, v, ok := places.match(toks, j); ok && pe == e {
			// "Trường Chính trị Bến Tre": the province's school.
			p := place{level: "province", name: v.(string)}
			return orgMatch{Name: h.Canon + " " + placeName(p), Kind: h.Kind, Level: "province", Province: p.name}, e, true
		}
	}
	name := words(x.text, toks[j:e])
	if !toks[j].upper {
		r, n := utf8.DecodeRuneInString(name)
		name = string(unicode.ToUpper(r)) + name[n:] // "đa khoa" → "Đa khoa", as the name is spelt
	}
	m := orgMatch{Name: h.Canon + " " + name, Kind: h.Kind, Level: "other"}
	if h.Kind == "enterprise" {
		m.Kind = "other"
	}
	if !adminAt(toks, e) {
		// only "tỉnh X", "huyện Y": a bare place name is part of the name
	} else if p, province, pe, ok := x.parsePlaceAfter(toks, e, ""); ok && p.name != "" {
		m.Name += " " + placeName(p)
		m.Level, m.Province = p.level, province
		e = pe
	} else if p, province, pe, ok := x.unnamedPlace(toks, e); ok {
		// "Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế huyện": the article's.
		m.Name += " " + placeName(p)
		m.Level, m.Province = p.level, province
		e = pe
	}
	if m.Level == "other" && h.Canon == "Bệnh viện" && e+2 < len(toks) && toks[e].text == "," && allNameWords(toks[j:e]) {
		// "Bệnh viện Da Liễu, TPHCM": a hospital named by its specialty
		// alone is the specialty hospital of the province after it.
		if pe, v, ok := places.match(toks, e+1); ok && toks[e+1].upper && (pe >= len(toks) || !toks[pe].upper) {
			p := place{level: "province", name: v.(string)}
			m.Name += " " + placeName(p)
			m.Level, m.Province = "province", p.name
			e = pe
		}
	}
	if info, ok := x.lookupFixedOrg(h.Canon + " " + name); ok && info.Level != "international" && m.Name != info.Name {
		// "Ngân hàng Chính sách xã hội huyện Ba Tri": a state body known by
		// its whole name, here with a place.
		m.Kind = info.Kind
	} else if head, ok := private[key(name)]; ok && (head == "" || head == h.Canon) || !vietnameseName(twinnedFirst(toks[j:e])) || h.Kind == "company" || h.Canon == "Tập đoàn" {
		// private, foreign, a company: read, not a public body
		m.Generic = true
	}
	if ce, ok := isForeignAt(toks, e); ok {
		m.Generic = true // "Đại học Harvard (Mỹ)", "Bệnh viện Mount Sinai Mỹ"
		e = ce
	}
	if h.Kind == "enterprise" && !m.Generic {
		if pe, ok := privateAhead(toks, e); ok {
			// "Tổng Công ty Gang thép Hòa Phát": a private group's company,
			// its name's words in lower case before the group's name.
			m.Name, m.Generic = h.Canon+" "+upperFirst(words(x.text, toks[j:pe])), true
			e = pe
		}
	}
	return m, e, true
}

// privateAhead: within a few lower-case words after toks[e], the name of
// a private body (private.tsv) ends a company's name. It returns its end.
func privateAhead(toks []token, e int) (int, bool) {
	for k := e; k < len(toks) && k-e <= 4 && toks[k].kind == tokWord && !toks[k].nl; k++ {
		if !toks[k].upper {
			continue
		}
		for n := 3; n >= 1; n-- {
			if k+n > len(toks) || toks[k+n-1].kind != tokWord {
				continue
			}
			if _, ok := private[key(words2(toks[k:k+n]))]; ok {
				return k + n, true
			}
		}
		return 0, false // another capitalised name: not a private group's
	}
	return 0, false
}

// properName returns the end of a body's proper name at toks[j]:
// capitalised words, acronyms, numbers and the lower-case words of
// namewords.tsv, joined by "và", "&" and "-"; it stops before an
// administrative unit, a title, another body, and a person's name
// ("Trường THPT Chu Văn An Nguyễn Văn B").
func (x *extractor) properName(toks []token, j int) int {
	e, lead := j, j
	for e < len(toks) && e-j < 11 && !toks[e].nl {
		t := &toks[e]
		if ne, _, ok := nameWords.match(toks, e); ok && (t.upper || e > j || ne < len(toks) && (toks[ne].upper || adminAt(toks, ne))) {
			// "Bệnh viện đa khoa tỉnh Quảng Nam": a name's first words in
			// lower case, when a capital or a place follows them; what
			// follows them is split as a name of its own ("Trường THPT
			// chuyên Nguyễn Tất Thành" is named after a person).
			if e == j && !t.upper {
				lead = ne
			}
			e = ne
			continue
		}
		if e > j && !t.upper && compoundTail(toks, e) {
			e++ // "Trung học Cơ sở": the word goes on, whatever else "sở" may start
			continue
		}
		if e > j && x.endsProperName(toks, e) {
			break
		}
		switch {
		case t.kind == tokWord && t.upper, t.kind == tokNumber && !strings.ContainsAny(t.text, "/,."):
			e++
		case e > j && compoundTail(toks, e):
			e++
		case e > j && t.text == "-" && e+2 < len(toks) && !toks[e-1].upper && !toks[e+1].upper && compounds[spelling(toks[e+1].text)+" "+spelling(toks[e+2].text)]:
			e += 3 // "Viện Nghiên cứu phát triển kinh tế - xã hội Hà Nội"
			continue
		case e > j && t.text == "," && fieldList(toks, e+1):
			e++ // "Trường Trung cấp Văn hóa, Nghệ thuật và Du lịch Quảng Nam"
		case e > j && (t.key == "va" || t.text == "&" || t.text == "-") && e+1 < len(toks) && toks[e+1].upper:
			if ne, _, ok := heads.matchSpelt(toks, e+1); ok && t.key == "va" {
				// "Học viện Quốc phòng và Trường Sĩ quan Chính trị": two
				// bodies; "PTDTBT THCS và THPT Bát Xát": one school of two
				// levels.
				if pe, _, ok := heads.matchSpelt(toks, e-1); !ok || pe != e || !toks[e-1].acronym {
					return x.splitProperName(toks, lead, e)
				}
				e = ne
				continue
			}
			if _, _, ok := fixedOrgs.match(toks, e+1); ok && t.key == "va" {
				return x.splitProperName(toks, lead, e)
			}
			e++
		default:
			return x.splitProperName(toks, lead, e)
		}
	}
	return x.splitProperName(toks, lead, e)
}

// fieldList: toks[k:] go on a name's list of fields after a comma: a
// capitalised two-syllable word, more such after commas, then "và" and one
// more ("Nghệ thuật và Du lịch"); the words of fields, not the proper
// names of a list of bodies ("Bạch Mai, Chợ Rẫy và Việt Đức").
func fieldList(toks []token, k int) bool {
	field := func(k int) bool {
		return k+1 < len(toks) && toks[k].upper && toks[k].kind == tokWord && !toks[k+1].upper && toks[k+1].kind == tokWord &&
			compounds[spelling(toks[k].text)+" "+spelling(toks[k+1].text)]
	}
	for n := 0; n < 4; n++ {
		if !field(k) {
			return false
		}
		k += 2
		if k < len(toks) && toks[k].text == "," {
			k++
			continue
		}
		return k+1 < len(toks) && toks[k].key == "va" && !toks[k].upper && field(k+1)
	}
	return false
}

// allNameWords: toks are the words of namewords.tsv only (a specialty,
// a field: "Da liễu", "Nhi", "Y học cổ truyền"), no proper name.
func allNameWords(toks []token) bool {
	for k := 0; k < len(toks); {
		ne, _, ok := nameWords.match(toks, k)
		if !ok {
			return false
		}
		k = ne
	}
	return len(toks) > 0
}

// compoundTail: toks[e] is in lower case and makes a word with the
// capitalised word before it ("Vật lý", "Thông tin").
func compoundTail(toks []token, e int) bool {
	t, p := &toks[e], &toks[e-1]
	return t.kind == tokWord && !t.upper && p.kind == tokWord && p.upper && p.start < t.start &&
		compounds[spelling(p.text)+" "+spelling(t.text)]
}

// adminAt: an administrative unit's word at toks[e] as it stands before a
// place: in lower case ("huyện", "tỉnh") or abbreviated ("TP"), not a
// capitalised word of a name ("Xã hội").
func adminAt(toks []token, e int) bool {
	end, _, ok := admins.match(toks, e)
	if !ok {
		return false
	}
	if end == e+1 && end < len(toks) && toks[end].kind == tokWord && !toks[end].upper && compounds[spelling(toks[e].text)+" "+spelling(toks[end].text)] {
		if _, _, ok := admins.match(toks, end); !ok {
			return false // "xã hội", "thị trường": a word, not a unit before a place
		}
	}
	return !toks[e].upper || toks[e].acronym || e == 0
}

// endsProperName: toks[e] starts what follows a body's name.
func (x *extractor) endsProperName(toks []token, e int) bool {
	if adminAt(toks, e) {
		return true
	}
	if ce, ok := isForeignAt(toks, e); ok && !nameSyllableAt(toks, e, ce) {
		return true
	}
	return startsNonName(toks, e)
}

// nameSyllableAt: the one-word country at toks[e:ce] is a syllable inside
// a name of syllables ("Trường ĐH Tôn Đức Thắng", "Nguyễn Đức Anh"), not
// a country after it ("Bộ Ngoại giao Đức", "Thủ tướng Anh Boris Johnson").
func nameSyllableAt(toks []token, e, ce int) bool {
	return ce == e+1 && e > 0 && ce < len(toks) && toks[e-1].kind == tokWord && toks[e-1].upper &&
		toks[e].syllable() && isNameWord(toks[ce]) && toks[ce].syllable() && !toks[ce].nl
}

// splitProperName ends a proper name toks[j:e] before a person's name at
// its end ("Bạch Mai Nguyễn Quang Tuấn"): the split the name model prefers.
func (x *extractor) splitProperName(toks []token, j, e int) int {
	for e > j && (toks[e-1].key == "va" || toks[e-1].kind == tokPunct) {
		e--
	}
	if e-j >= 3 && (e-j > 4 || nameAt(toks[:e], j, licTitled) != e) {
		// A run that is itself a name is a body named after a person
		// ("Trường THPT Chu Văn An"), not a body and a person.
		if s := splitName(toks, j, e); s < e {
			if s-2 >= j && !toks[s-2].upper && surnameRank(toks[s-1]) >= 0 && e-(s-1) <= 4 && nameAt(toks[:e], s-1, licTitled) == e {
				// "trường ĐH Kinh tế quốc dân Phạm Nguyễn Minh Ngọc": a
				// lone family name after the name's lower-case words
				// is the person's first (a name of two family names).
				return s - 1
			}
			return s
		}
	}
	return e
}

// vietnameseName: a body's name in Vietnamese, not a foreign one ("Bệnh
// viện Johns Hopkins"): every capitalised word is a syllable.
func vietnameseName(toks []token) bool {
	for _, t := range toks {
		if t.kind == tokWord && t.upper && !t.acronym && !t.syllable() {
			return false
		}
	}
	return true
}

// twinnedFirst: a name twinned with a foreign city or country after a
// dash ("Hà Nội - Amsterdam", a public school) is Vietnamese by its first
// part; the name as it is otherwise.
func twinnedFirst(toks []token) []token {
	for k := 1; k+1 < len(toks); k++ {
		if toks[k].text == "-" || toks[k].text == "–" {
			return toks[:k]
		}
	}
	return toks
}

// parseNumbered: "Quân khu 7", "Sư đoàn 312", "Quân đoàn 4".
func (x *extractor) parseNumbered(toks []token, j int, h headInfo) (orgMatch, int, bool) {
	if j >= len(toks) || toks[j].kind != tokNumber || !isDigits(toks[j].text) {
		return orgMatch{}, 0, false
	}
	return orgMatch{Name: h.Canon + " " + toks[j].text, Kind: h.Kind, Level: "other"}, j + 1, true
}

func allNumbers(toks []token) bool {
	for _, t := range toks {
		if t.kind != tokNumber {
			return false
		}
	}
	return true
}
