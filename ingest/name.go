package ingest

import (
	"strings"
	"unicode"
)

// The name model, used by every rule that reads a person: a Vietnamese
// name is two to four capitalised words, each shaped like a Vietnamese
// syllable, the first a family name (surnames.txt) unless what stands
// before it (a form of address, a title) already says a person follows; a
// foreign name after a foreign title or a form of address may be written in
// Latin script ("Tổng thống Mỹ Joe Biden", "ông Park Hang-seo").

// licence is what precedes a name, and so how much the model asks of it.
type licence uint8

const (
	licBare      licence = iota // nothing: a family name must start it
	licTitled                   // a title: a family name must start it, a place may not be it
	licLatin                    // a title foreign states have too: as titled, or Latin words
	licAddressed                // ông, bà, đồng chí, a rank: Vietnamese syllables, or Latin words
	licForeign                  // a foreign title with its country: Latin or Vietnamese words
	licGiven                    // a foreign head of state or minister: also one Latin name (Tổng thống Putin)
)

// nameAt reads a person's name at toks[k] and returns its end, or 0.
func nameAt(toks []token, k int, lic licence) int {
	lower := -1
	if lic >= licTitled {
		lower = misCased(toks, k)
	}
	if k >= len(toks) || !toks[k].upper && lower != k || toks[k].kind != tokWord {
		return 0
	}
	if toks[k].isPrivate() && lic < licForeign {
		return 0 // "CEO Apple Tim Cook": a company before the name
	}
	// surnameRank(toks[k]), asked up to four times below: computed once.
	rankK, ranked := 0, false
	surnameK := func() int {
		if !ranked {
			rankK, ranked = surnameRank(toks[k]), true
		}
		return rankK
	}
	if lic == licBare && (surnameK() < 0 || afterPlaceWord(toks, k)) {
		return 0 // no family name; "quận Hai Bà Trưng", "đường Lê Lợi": a place
	}
	latin := lic >= licLatin
	maxWords := 4
	if toks[k].text == "Y" || toks[k].text == "H" {
		// "Y Thanh Hà Niê Kđăm", "H Hen Niê": Ê Đê names, five words, not all syllables
		latin, maxWords = true, 5
	}
	e := k
	vietnamese := true
	for e < len(toks) && e-k < maxWords {
		t := &toks[e]
		if !isNameWord(*t) && !(latin && isLatinWord(*t)) && e != lower {
			break
		}
		if e > k && (t.nl || startsNonName(toks, e)) {
			break // a name ends at a line break and before a title or a body
		}
		if !t.syllable() && !(e == k && surnameK() >= 0) {
			vietnamese = false // a family name of the list need not be a syllable: Ksor, Êban
			if productWords[t.key] {
				return 0 // "Giám đốc Samsung Galaxy Tab": a product, no person (productwords.txt)
			}
		}
		e++
		// "George W. Bush": an initial.
		if latin && e+1 < len(toks) && toks[e-1].end-toks[e-1].start == 1 && toks[e].text == "." && isLatinWord(toks[e+1]) {
			e++
			vietnamese = false
			continue
		}
		// "Kim Jong-un", "Park Hang-seo", "Prayut Chan-o-cha": a
		// hyphenated Latin word, of two parts or more.
		for latin && e+1 < len(toks) && (toks[e].text == "-") && toks[e].start == toks[e-1].end && toks[e+1].start == toks[e].end && toks[e+1].kind == tokWord && toks[e+1].letters {
			e += 2
			vietnamese = false
		}
	}
	words := e - k
	switch {
	case words == 0:
		return 0
	case words == 1 && !(lic == licGiven && !vietnamese):
		return 0 // a given name alone: shortName reads it
	case lic == licGiven && vietnamese && surnameK() < 0:
		return 0 // after "Công chúa", "Vua" with no country: a role in a film, a nickname
	case !vietnamese && !latin:
		return 0
	}
	if e < len(toks) && toks[e].kind == tokWord && toks[e].upper && !toks[e].acronym && lic != licForeign && !startsNonName(toks, e) {
		// "Nguyễn Phú TrọngTV" is glued to the next word; a fifth
		// capitalised word means a longer proper noun, not a name.
		if !isNameWord(toks[e]) && !(latin && isLatinWord(toks[e])) && toks[e].start == toks[e-1].end+1 || words >= maxWords {
			return 0
		}
	}
	if (lic == licBare || lic == licTitled || lic == licLatin && vietnamese) && surnameK() < 0 {
		return 0
	}
	if (lic == licTitled || lic == licLatin) && words == 2 && surnameK() >= 30 && afterPlaceWord(toks, k) {
		return 0 // "Trưởng thôn Yên Cảnh": a title ending in a place word, then the place's name
	}
	if !vietnamese && lic != licForeign {
		for p := k + 1; p+1 < e; p++ {
			if isSurname(toks[p]) && nameAt(toks[:e], p, licTitled) == e {
				return 0 // "Bkav Nguyễn Tử Quảng": a body's name, then a Vietnamese name
			}
		}
	}
	for p := k; p < e; p++ {
		// One-word countries (Anh, Đức, Mỹ, Nga) are given names too.
		if ce, ok := isForeignAt(toks, p); ok && ce > p+1 || toks[p].key == "viet" && p+1 < e && toks[p+1].key == "nam" {
			return 0 // "Facebook Việt Nam", "Samsung Hàn Quốc": a body
		}
	}
	if _, _, ok := heads.matchSpelt(toks, k); ok {
		return 0
	}
	if _, _, ok := titles.matchSpelt(toks, k); ok {
		return 0
	}
	if pe, _, ok := places.match(toks, k); ok && pe >= e-1 {
		return 0 // "Hà Nội", "Hồ Chí Minh" after a title is a place
	}
	if toks[k].key == "y" && k+1 < e {
		if pe, _, ok := places.match(toks, k+1); ok && pe >= e {
			return 0 // "Bệnh viện Đại học Y Hà Nội": medicine (y) and a province, no Ede name
		}
	}
	if te, _, ok := towns.match(toks, k); ok && te == e && lic != licAddressed {
		return 0 // "Châu Thành", "Trần Văn Thời": towns named like people
	}
	if pe, _, ok := eponyms.match(toks, k); ok && pe == e && afterAdminWord(toks, k) {
		return 0 // "phường Lê Hồng Phong", "xã Phan Bội Châu": a unit named after a historic figure
	}
	if ce, ok := isForeignAt(toks, k); ok && ce >= e {
		return 0 // "Hàn Quốc", "Trung Quốc"
	}
	return e
}

// misCased is where, in a name after a title at toks[k], one word is
// misspelt in lower case: a frequent family name before two capitalised
// words ("Tổng thư ký VFF lê Hoài Anh"), or a middle name of
// middlenames.txt between a family name and a capitalised word ("Thứ
// trưởng Bộ Y tế Đỗ xuân Tuyên"); -1 when there is none.
func misCased(toks []token, k int) int {
	if k+2 >= len(toks) || toks[k].kind != tokWord || !isNameWord(toks[k+2]) || toks[k+1].nl || toks[k+2].nl {
		return -1
	}
	t := &toks[k+1]
	pair := func(a, b token) bool { return compounds[spelling(a.text)+" "+spelling(b.text)] }
	switch {
	case !toks[k].upper && toks[k].letters && isNameWord(*t) && uint(surnameRank(toks[k])) < 12: // a rank of 0 to 11
		if k > 0 && toks[k-1].kind == tokWord && pair(toks[k-1], toks[k]) {
			return -1 // "Trường Đại học Sư phạm Hà Nội": a word of two syllables
		}
		if pe, _, ok := places.match(toks, k+1); ok && pe >= k+3 {
			return -1 // "... phạm Hà Nội": a place after
		}
		return k
	case toks[k].upper && isSurname(toks[k]) && t.kind == tokWord && !t.upper && t.letters && middleNames[spelling(t.text)] && !pair(toks[k], *t):
		if k+3 < len(toks) && toks[k+3].kind == tokWord && !toks[k+3].upper && pair(toks[k+2], toks[k+3]) {
			return -1 // "Tư lệnh Đồng minh Tối cao"
		}
		return k + 1
	}
	return -1
}

// startsNonName: toks[e] starts a title, a body or a form of address, which
// end a name ("ông Phạm Đại Dương Bí thư Tỉnh ủy Phú Yên").
func startsNonName(toks []token, e int) bool {
	if _, _, ok := titles.matchSpelt(toks, e); ok {
		return true
	}
	if qe, v, ok := titleQuals.match(toks, e); ok && !v.(qualInfo).After {
		if _, _, ok := titles.match(toks, qe); ok && !toks[qe].nl {
			return true // "Nguyên Bộ trưởng": a qualified title; "Nguyễn Danh Nguyên", then a title on the next line, is a name
		}
	}
	if _, _, ok := heads.matchSpelt(toks, e); ok {
		return true
	}
	_, _, ok := fixedOrgs.match(toks, e)
	return ok
}

// afterAdminWord: toks[k] follows the word for an administrative unit
// ("xã", "phường", "thị trấn", "huyện"), not any place word: a school
// named after a person ("Trường THPT Chu Văn An") is read by the bodies.
func afterAdminWord(toks []token, k int) bool {
	if k >= 1 && toks[k-1].kind == tokWord && adminUnitWords[toks[k-1].key] {
		return true
	}
	if k >= 2 && toks[k-2].kind == tokWord {
		switch toks[k-2].key + " " + toks[k-1].key {
		case "thi tran", "thi xa", "thanh pho":
			return true
		}
	}
	return false
}

// adminUnitWords are the one-word kinds of administrative unit: those of
// adminWords, and the hamlet's (ấp, thôn).
var adminUnitWords = func() map[string]bool {
	m := map[string]bool{"ap": true, "thon": true}
	for w := range adminWords {
		m[w] = true
	}
	return m
}()

// afterPlaceWord: the word or two before toks[k] make a name a place or a
// thing named after a person (placewords.txt).
func afterPlaceWord(toks []token, k int) bool {
	if k >= 1 && placeWordKeys[toks[k-1].key] && placeWords[spelling(toks[k-1].text)] {
		return true
	}
	return k >= 2 && toks[k-2].kind == tokWord && placeWordKeys[toks[k-2].key] && placeWords[spelling(toks[k-2].text)+" "+spelling(toks[k-1].text)]
}

// isLatinWord: a capitalised word of Latin letters that is not Vietnamese
// (a foreign name): "Biden", "Blinken", "Pérez".
func isLatinWord(t token) bool {
	if t.kind != tokWord || !t.upper || !t.letters || t.acronym {
		return false
	}
	for _, r := range t.text {
		if !unicode.Is(unicode.Latin, r) || vietnameseOnly(r) {
			return false // "QuốcNgụy" is Vietnamese glued, not a foreign name
		}
	}
	return true
}

// vietnameseOnly: a letter only Vietnamese writes (đ, ă, ơ, ư and the
// tone-marked vowels of Latin Extended Additional), never a foreign name.
func vietnameseOnly(r rune) bool {
	switch unicode.ToLower(r) {
	case 'đ', 'ă', 'ơ', 'ư':
		return true
	}
	return r >= 0x1EA0 && r <= 0x1EF9
}

// isSyllable reports whether a folded word (key: lower case, no
// diacritics, đ as d) has the shape of a Vietnamese syllable: an onset,
// one to three vowels and a coda. It tells Vietnamese names from foreign
// words: "nguyen", "khuat", "quoc" are syllables; "park", "biden", "joe"
// are not.
func isSyllable(k string) bool {
	if k == "" || len(k) > 7 {
		return false
	}
	// Every onset k may start with, longest first ("gia" may be gi+a or
	// g+ia), then none.
	for _, o := range onsets {
		if strings.HasPrefix(k, o) && rhyme(k[len(o):]) {
			return true
		}
	}
	return rhyme(k)
}

var onsets = []string{"ngh", "ng", "gh", "gi", "ch", "kh", "nh", "ph", "th", "tr", "qu", "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

var codas = []string{"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}

func rhyme(r string) bool {
	v := 0
	for v < len(r) && strings.IndexByte("aeiouy", r[v]) >= 0 {
		v++
	}
	if v == 0 || v > 3 {
		return false
	}
	rest := r[v:]
	for _, c := range codas {
		if rest == c {
			return true
		}
	}
	return false
}

// isSurname: a Vietnamese family name, spelt with its diacritics.
func isSurname(t token) bool { return surnameRank(t) >= 0 }

// surnameRank is the family name's place in surnames.txt (most frequent
// first), or -1.
func surnameRank(t token) int {
	if t.facts&fKnown != 0 {
		return int(t.surname) - 1
	}
	return surnameRankOf(&t)
}

// surnameRankOf is surnameRank worked out from the tables.
func surnameRankOf(t *token) int {
	if !surnameKeys[t.key] {
		return -1 // most words: no spelling to compute
	}
	if r, ok := surnames[spelling(t.text)]; ok {
		return r
	}
	return -1
}

// splitName finds, in a run of capitalised words toks[j:e] that may hold a
// name of a place or a body and then a person's name ("Châu Thành Nguyễn
// Văn A", "Chu Văn An Nguyễn Văn B", "Bạch Mai Nguyễn Quang Tuấn"), where
// the person's name starts: the split after at least one word whose rest is
// a name of two to four words, preferring the most frequent family name,
// then the earliest. It returns e when there is none.
func splitName(toks []token, j, e int) int {
	best, bestRank := e, 1<<30
	for s := j + 1; s+2 <= e; s++ {
		if e-s > 4 {
			continue
		}
		r := surnameRank(toks[s])
		if r < 0 || r >= bestRank {
			continue
		}
		if nameAt(toks[:e], s, licTitled) == e {
			best, bestRank = s, r
		}
	}
	return best
}

// isNameWord: a capitalised word of letters that is not an acronym and is
// no longer than a syllable.
func isNameWord(t token) bool {
	return t.kind == tokWord && t.upper && t.letters && !t.acronym && t.end-t.start <= 7
}

// foreignName is the model of a foreign name, used by every rule that asks
// whose a name is: the name toks[i:j] is foreign when every word is a Latin
// word without Vietnamese letters, one at least is no Vietnamese syllable,
// and the first is none (Ashish Jha, Apisamai Srirangsan, Miguel Diaz-Canel,
// Raul Castro, Dmitry Peskov; "Theo Michael Dunne" starts with a Vietnamese
// word). Hyphens join the parts of one word (Diaz-Canel, Chan-o-cha). Names
// of Vietnam's peoples (Y Thanh Hà Niê Kđăm, Ksor Phước Hà) have Vietnamese
// letters or start with a syllable, and Sino-Vietnamese transliterations
// (Tập Cận Bình) are all syllables: none is foreign by its shape.
func foreignName(toks []token, i, j int) bool {
	foreign := false
	for n, t := range toks[i:j] {
		if t.text == "-" && n > 0 && i+n+1 < j && t.start == toks[i+n-1].end && toks[i+n+1].start == t.end {
			continue
		}
		part := n > 0 && toks[i+n-1].text == "-" && toks[i+n-1].end == t.start // "Chan-o-cha": a part after a hyphen, in any case
		if !isLatinWord(t) && !(part && t.kind == tokWord && t.letters && !vietnameseLetters(t.text)) {
			return false
		}
		if !t.syllable() {
			foreign = true
		} else if n == 0 {
			return false // "Theo Michael Dunne": a Vietnamese word first
		}
	}
	return foreign
}
