package ingest

import (
	"strings"

	"tracuu/vntext"
)

// The lexicons the grammar combines, each loaded from one data file:
//
//	titles.tsv      title heads by domain (titleInfo)
//	qualifiers.tsv  nguyên, cựu, quyền, thường trực... (qualInfo)
//	bodies.tsv      body heads and what follows them (headInfo)
//	orgs.tsv        bodies known by a fixed name (orgInfo)
//	domains.tsv     portfolios of ministries and departments
//	places.tsv      provinces, former provinces and towns
//	countries.tsv   foreign countries
//	functions.txt   fields of work after a director's title (Giám đốc Đào tạo)
//	placewords.txt  words that make the name after them a place
//	abbreviations.tsv, surnames.txt, ranks.txt, honorifics.tsv
//
// Adding a row is enough for the grammar to use it; lexicon_test.go checks
// every file and reads a sentence with an entry of each kind.

// titleInfo is one title head of titles.tsv, merged over its domains.
type titleInfo struct {
	Title      string   // canonical spelling
	Domains    []string // party, state, assembly, court, procuracy, army, police, mass, enterprise, education, health, media, foreign
	ImpliedOrg string   // the body the title names by itself: Tổng Bí thư → Ban Chấp hành Trung ương Đảng
	PlaceBody  string   // the body a bare place after the title stands for: Chủ tịch tỉnh X → Ủy ban nhân dân tỉnh X
	Foreign    bool     // held in foreign states too: a country or a Latin name may follow
	Domestic   bool     // held in Vietnamese bodies
	Portfolio  bool     // a ministry's domain may follow without "Bộ"
	Weak       bool     // before a name only when addressed or with its body
	Capital    bool     // a title only when capitalised: "đội trưởng Văn Quyết" is a team's captain
	Given      bool     // a foreign office whose holder is often named by one name: Tổng thống Putin
	Function   bool     // a field of work may follow, kept in the title: Giám đốc Đào tạo (functions.txt)
	Words      int      // number of words
}

// qualInfo is a row of qualifiers.tsv.
type qualInfo struct {
	Qualifier string          // QualifierFormer, QualifierActing, a title word ("Thường trực"), or ""
	After     bool            // stands after the title's head
	Lower     bool            // only in lower case: "Ban Chuyên trách Quốc gia" is a body's name
	NotAfter  map[string]bool // words before it that make it another word: chính quyền
}

// Position qualifiers.
const (
	QualifierFormer = "former"
	QualifierActing = "acting"
)

// headInfo is a row of bodies.tsv.
type headInfo struct {
	Canon   string
	Kind    string
	Follows string // place, org, domain, committee, unit, name, number
	Level   string // for committee and domain heads: the level without a place
	Host    bool   // a body inside another named body: Chi bộ Trường X, Công đoàn Bệnh viện Y
}

// placeInfo is a row of places.tsv.
type placeInfo struct {
	Name, Type, Province string
	Admin                string // for districts: thành phố, thị xã, quận, huyện
}

var (
	titles     = newExactTrie()
	titleQuals = newExactTrie()
	heads      = newExactTrie()
	places     = newTrie()      // provinces (value: the province's name)
	admins     = newExactTrie() // kinds of administrative unit (value: adminInfo)
	towns      = newExactTrie() // district-level towns named without their type (value: placeInfo); spelt, so that "xã Hương Hóa" is no "Hướng Hóa"
	foreign    = newExactTrie() // countries (value: canonical name)
	credits    = newExactTrie() // photo credits and bylines before a colon
	functions  = newExactTrie() // fields of work after a director's title (functions.txt)
	placeWords = map[string]bool{}
	// placeWordKeys are the keys of the place words' first words: a quick
	// no before their spelling is computed.
	placeWordKeys = map[string]bool{}
	// titleHeads[i] is, for a title ending in a body head ("Trưởng ban",
	// "Trưởng Công an"), the number of its words before the head: its body
	// starts inside it.
	titleHeadAt = map[string]int{}
	// boards are the boards of titles.tsv's "Thành viên <board>" rows
	// (value: the board's canonical name), titleNamed the titles by their
	// canonical spelling.
	boards     = newExactTrie()
	titleNamed = map[string]titleInfo{}
)

// loadLexicons is called first by data.go's init, so that every table is
// loaded before the tables built from them.
func loadLexicons() {
	loadAbbreviations()
	loadPlaces()
	loadHeads()
	loadTitles()
	loadQualifiers()
	loadNamed()
	for _, c := range lines("countries.tsv") {
		names := strings.Split(c[0], "|")
		for _, n := range names {
			foreign.add(n, names[0])
		}
	}
	for _, c := range lines("credits.txt") {
		credits.add(c[0], true)
	}
	for _, c := range lines("functions.txt") {
		functions.add(c[0], true)
	}
	for _, c := range lines("placewords.txt") {
		placeWords[spelling(c[0])] = true
		first, _, _ := strings.Cut(key(c[0]), " ")
		placeWordKeys[first] = true
	}
}

func loadAbbreviations() {
	for _, c := range lines("abbreviations.tsv") {
		if _, ok := abbrevs[c[0]]; !ok {
			abbrevs[c[0]] = col(c, 1)
		}
	}
}

// withAbbreviations returns the spellings of phrase with each expansion
// in abbreviations.tsv it contains replaced by its abbreviation:
// "Chủ tịch Hội đồng quản trị" gives "Chủ tịch HĐQT" too.
func withAbbreviations(phrase string) []string {
	out := []string{phrase}
	words := strings.Fields(phrase)
	keys := make([]string, len(words))
	for i, w := range words {
		keys[i] = key(w)
	}
	for abbr, exp := range abbrevs {
		ek := strings.Fields(key(exp))
		if len(ek) == 0 || len(ek) > len(words) || strings.ContainsAny(abbr, " ,") {
			continue
		}
		for i := 0; i+len(ek) <= len(words); i++ {
			if strings.Join(keys[i:i+len(ek)], " ") == strings.Join(ek, " ") {
				v := append(append(append([]string{}, words[:i]...), abbr), words[i+len(ek):]...)
				out = append(out, strings.Join(v, " "))
				break
			}
		}
	}
	return out
}

// addSpellings adds v to t under each name and each of its abbreviated
// spellings.
func addSpellings(t *trie, names []string, v any) {
	for _, n := range names {
		for _, sp := range withAbbreviations(n) {
			t.add(sp, v)
		}
	}
}

func loadPlaces() {
	for _, c := range lines("places.tsv") {
		names := strings.Split(c[0], "|")
		info := placeInfo{Name: names[0], Type: col(c, 1), Province: col(c, 2), Admin: col(c, 3)}
		for _, n := range names {
			switch info.Type {
			case "province", "city", "former":
				provinces[vntext.Key(n)] = info.Name
				places.add(n, info.Name)
				if info.Type == "city" {
					bigCities[vntext.Key(info.Name)] = true
				}
			case "district":
				towns.add(n, info)
			case "admin":
				admins.add(n, adminInfo{Canon: info.Name, Level: info.Province})
			}
		}
	}
}

func loadHeads() {
	for _, c := range lines("bodies.tsv") {
		names := strings.Split(c[0], "|")
		info := headInfo{Canon: names[0], Kind: col(c, 1), Follows: col(c, 2), Level: col(c, 3), Host: col(c, 4) == "host"}
		addSpellings(heads, names, info)
	}
}

func loadTitles() {
	byKey := map[string]*titleInfo{}
	var order []*titleInfo
	spellings := map[*titleInfo][]string{}
	for _, c := range lines("titles.tsv") {
		names := strings.Split(c[0], "|")
		k := spelling(names[0]) // rows spelt alike are one title; "Trưởng bản" is not "Trưởng ban"
		t := byKey[k]
		if t == nil {
			t = &titleInfo{Title: names[0], Words: len(strings.Fields(names[0]))}
			byKey[k] = t
			order = append(order, t)
		}
		domain := col(c, 1)
		t.Domains = append(t.Domains, domain)
		if t.ImpliedOrg == "" && domain != "foreign" {
			t.ImpliedOrg = col(c, 2)
		}
		if t.PlaceBody == "" {
			t.PlaceBody = col(c, 3)
		}
		for _, f := range strings.Fields(col(c, 4)) {
			switch f {
			case "foreign":
				t.Foreign = true
			case "portfolio":
				t.Portfolio = true
			case "weak":
				t.Weak = true
			case "capital":
				t.Capital = true
			case "given":
				t.Given = true
			case "function":
				t.Function = true
			}
		}
		if domain != "foreign" {
			t.Domestic = true
		}
		for _, n := range names {
			spellings[t] = append(spellings[t], withAbbreviations(n)...)
		}
	}
	for _, t := range order {
		for _, sp := range spellings[t] {
			titles.add(sp, *t)
			// "Thành viên HĐQT": a board whose offices a list under it
			// names bare ("HĐQT gồm: Chủ tịch A, ...").
			if rest, ok := strings.CutPrefix(sp, "Thành viên "); ok {
				boards.add(rest, strings.TrimPrefix(t.Title, "Thành viên "))
			}
		}
		titleNamed[spelling(t.Title)] = *t
		// "Trưởng ban", "Trưởng Công an": the body starts at the head inside.
		toks := capitalised(tokenize(t.Title))
		for i := 1; i < len(toks); i++ {
			if heads.prefixOf(toks, i) {
				titleHeadAt[key(t.Title)] = i
				break
			}
		}
	}
}

// capitalised returns toks with every word marked upper case, for
// matching lexicon phrases written in lower case against heads.
func capitalised(toks []token) []token {
	out := append([]token(nil), toks...)
	for i := range out {
		if out[i].kind == tokWord {
			out[i].upper = true
		}
	}
	return out
}

func loadQualifiers() {
	for _, c := range lines("qualifiers.tsv") {
		info := qualInfo{Qualifier: col(c, 1), After: strings.HasPrefix(col(c, 2), "after"), Lower: col(c, 2) == "after-lower", NotAfter: map[string]bool{}}
		for _, w := range strings.Split(col(c, 3), "|") {
			info.NotAfter[spelling(w)] = true
		}
		for _, n := range strings.Split(c[0], "|") {
			titleQuals.add(n, info)
		}
	}
}

// isForeignAt reports a country name at toks[i] and returns its end.
func isForeignAt(toks []token, i int) (int, bool) {
	if i >= len(toks) || !toks[i].upper {
		return 0, false
	}
	e, _, ok := foreign.match(toks, i)
	if !ok {
		return 0, false
	}
	// "Anh" is a country and a given name; "Lào Cai" is a province.
	if pe, _, ok := places.match(toks, i); ok && pe >= e {
		return 0, false
	}
	return e, true
}
