package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// Each lexicon file is checked row by row: the columns hold what the
// grammar expects, and every spelling is found again by the trie built
// from it. A row that breaks a rule fails here, not as a silent miss.

func oneOfSet(v string, set ...string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

func TestLexiconTitles(t *testing.T) {
	for _, c := range lines("titles.tsv") {
		names := strings.Split(c[0], "|")
		if !oneOfSet(col(c, 1), "party", "state", "assembly", "court", "procuracy", "army", "police", "mass", "enterprise", "education", "health", "media", "foreign") {
			t.Errorf("%s: unknown domain %q", c[0], col(c, 1))
		}
		if o := col(c, 2); o != "" && o != "Nhà nước" {
			if _, ok := lookupFixedOrg(o); !ok {
				t.Errorf("%s: implied organisation %q is not in orgs.tsv", c[0], o)
			}
		}
		if b := col(c, 3); b != "" {
			if _, _, ok := heads.match(capitalised(tokenize(b)), 0); !ok {
				t.Errorf("%s: body %q is not a head of bodies.tsv", c[0], b)
			}
		}
		for _, f := range strings.Fields(col(c, 4)) {
			if !oneOfSet(f, "foreign", "portfolio", "weak", "given", "capital", "function") {
				t.Errorf("%s: unknown flag %q", c[0], f)
			}
		}
		for _, n := range names {
			toks := tokenize(n)
			e, v, ok := titles.match(toks, 0)
			if !ok || e != len(toks) || key(v.(titleInfo).Title) != key(names[0]) {
				t.Errorf("%s: spelling %q does not read as the title", c[0], n)
			}
		}
	}
	// Abbreviations add spellings: PCT is Phó Chủ tịch, Chủ tịch HĐQT is
	// Chủ tịch Hội đồng quản trị.
	for spelt, want := range map[string]string{"PCT": "Phó Chủ tịch", "Chủ tịch HĐQT": "Chủ tịch Hội đồng quản trị", "PGĐ": "Phó Giám đốc"} {
		toks := tokenize(spelt)
		if _, v, ok := titles.match(toks, 0); !ok || v.(titleInfo).Title != want {
			t.Errorf("%s: want title %s", spelt, want)
		}
	}
}

func TestLexiconBodies(t *testing.T) {
	kinds := []string{"party_committee", "standing_committee", "party_organisation", "government", "peoples_council", "front", "mass_organisation", "press", "other", "company", "enterprise"}
	for _, c := range lines("bodies.tsv") {
		if !oneOfSet(col(c, 1), kinds...) {
			t.Errorf("%s: unknown kind %q", c[0], col(c, 1))
		}
		if !oneOfSet(col(c, 2), "place", "org", "domain", "committee", "unit", "name", "number") {
			t.Errorf("%s: unknown follows %q", c[0], col(c, 2))
		}
		if !oneOfSet(col(c, 4), "", "host") {
			t.Errorf("%s: fifth column %q, want host or nothing", c[0], col(c, 4))
		}
		for _, n := range strings.Split(c[0], "|") {
			toks := capitalised(tokenize(n))
			e, v, ok := heads.match(toks, 0)
			if !ok || e != len(toks) {
				t.Errorf("%s: spelling %q does not read as a head", c[0], n)
				continue
			}
			if got := v.(headInfo).Canon; key(got) != key(strings.Split(c[0], "|")[0]) {
				t.Errorf("%s: spelling %q reads as %q", c[0], n, got)
			}
		}
	}
	for _, c := range lines("orgs.tsv") {
		if !oneOfSet(col(c, 1), kinds...) || !oneOfSet(col(c, 2), "central", "province", "district", "commune", "other", "international") {
			t.Errorf("%s: kind %q, level %q", c[0], col(c, 1), col(c, 2))
		}
	}
}

func TestLexiconQualifiers(t *testing.T) {
	for _, c := range lines("qualifiers.tsv") {
		if !oneOfSet(col(c, 1), QualifierFormer, QualifierActing, "", "Thường trực", "chuyên trách", "độc lập", "Thứ nhất") || !oneOfSet(col(c, 2), "before", "after", "after-lower") {
			t.Errorf("%s: qualifier %q where %q", c[0], col(c, 1), col(c, 2))
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"Ông Lê Văn A, nguyên Chủ tịch UBND tỉnh Hà Nam.", "former"},
		{"Ông Lê Văn A, cựu Chủ tịch UBND tỉnh Hà Nam.", "former"},
		{"Ông Lê Văn A, Quyền Chủ tịch UBND tỉnh Hà Nam.", "acting"},
		{"Chính quyền Chủ tịch UBND tỉnh Lê Văn A.", ""},
		{"Ông Lê Văn A, Phó Trưởng đoàn chuyên trách Đoàn ĐBQH tỉnh Hà Nam.", ""},
		{"Ông Lê Văn A, thành viên độc lập HĐQT Vinamilk.", ""},
	} {
		x := Extract(Article{Title: "T", Body: tt.in})
		if len(x.Positions) != 1 || x.Positions[0].Qualifier != tt.want {
			t.Errorf("%q: positions %+v, want qualifier %q", tt.in, x.Positions, tt.want)
		}
	}
}

func TestLexiconPlaces(t *testing.T) {
	for _, c := range lines("places.tsv") {
		switch col(c, 1) {
		case "province", "city", "former":
		case "district":
			if _, ok := provinces[key(col(c, 2))]; !ok && col(c, 2) != "" {
				t.Errorf("%s: province %q unknown", c[0], col(c, 2))
			}
			if !oneOfSet(col(c, 3), "thành phố", "thị xã", "quận", "huyện") {
				t.Errorf("%s: kind %q", c[0], col(c, 3))
			}
		case "admin":
			if !oneOfSet(col(c, 2), "province", "city", "district", "commune") {
				t.Errorf("%s: level %q", c[0], col(c, 2))
			}
		default:
			t.Errorf("%s: unknown type %q", c[0], col(c, 1))
		}
	}
	if n := len(lines("places.tsv")); n < 63 {
		t.Errorf("%d places", n)
	}
	for _, c := range lines("countries.tsv") {
		for _, n := range strings.Split(c[0], "|") {
			toks := tokenize(n)
			for i := range toks {
				toks[i].upper = true
			}
			if e, ok := isForeignAt(toks, 0); !ok || e != len(toks) {
				if _, _, prov := places.match(toks, 0); !prov {
					t.Errorf("country %q not read", n)
				}
			}
		}
	}
}

func TestLexiconWords(t *testing.T) {
	for _, file := range []string{"placewords.txt", "credits.txt", "namewords.tsv", "private.tsv", "surnames.txt", "ranks.txt", "eponyms.txt", "productwords.txt", "functions.txt"} {
		if len(lines(file)) == 0 {
			t.Errorf("%s is empty", file)
		}
	}
	for _, c := range lines("surnames.txt") {
		if toks := tokenize(c[0] + " Văn Minh"); nameAt(toks, 0, licBare) != 3 {
			t.Errorf("family name %q does not start a name", c[0])
		}
	}
	// unitwords.txt: two syllables, the first one that ends a unit's name
	// alone (unitStops), which the pair keeps in it.
	for _, c := range lines("unitwords.txt") {
		w := strings.Fields(c[0])
		if len(w) != 2 || !unitStops[w[0]] {
			t.Errorf("unitwords.txt: %q is not two syllables whose first ends a unit's name", c[0])
			continue
		}
		x := extractBody("", "Theo Cục Quản lý "+c[0]+" tỉnh Hà Nam, số liệu đã có.")
		if len(x.Organisations) != 1 || x.Organisations[0].Name != "Cục Quản lý "+c[0]+" tỉnh Hà Nam" {
			var got []string
			for _, o := range x.Organisations {
				got = append(got, o.Name)
			}
			t.Errorf("unitwords.txt: %q not read inside a unit's name: %q", c[0], got)
		}
	}
	for _, c := range lines("eponyms.txt") {
		if toks := tokenize("phường " + c[0] + " cho biết"); nameAt(toks, 1, licAddressed) != 0 {
			t.Errorf("eponym %q after a place word read as a name", c[0])
		}
	}
}

// TestProductWords: productwords.txt lists no Vietnamese syllable (the name
// model would lose Vietnamese names) and no family name.
func TestProductWords(t *testing.T) {
	for _, c := range lines("productwords.txt") {
		if isSyllable(key(c[0])) || surnameKeys[key(c[0])] {
			t.Errorf("%q is a Vietnamese syllable or a family name", c[0])
		}
	}
}

// TestFixedOrgMemo: the extraction's remembered answers of lookupFixedOrg
// are lookupFixedOrg's, for every body of orgs.tsv and names it does not
// know, asked twice each, more of them than the memory keeps (so that it
// is emptied on the way). It fails when the memory gives one name
// another's answer (a memory keyed by the head alone, say).
func TestFixedOrgMemo(t *testing.T) {
	x := &extractor{sc: &scratch{}}
	var names []string
	for _, c := range lines("orgs.tsv") {
		names = append(names, c[0], c[0]+" tỉnh Bến Tre", strings.ToUpper(c[0]))
	}
	for len(names) < 3*maxFixedMemo {
		names = append(names, fmt.Sprintf("Ngân hàng số %d", len(names)))
	}
	for round := range 2 {
		for i := range 2 * len(names) {
			n := names[i/2] // twice in a row: the second from the memory
			if round == 1 {
				n = names[(i*7919)%len(names)]
			}
			gi, gok := x.lookupFixedOrg(n)
			wi, wok := lookupFixedOrg(n)
			if gi != wi || gok != wok {
				t.Fatalf("round %d, %q: remembered %+v %v, lookupFixedOrg %+v %v", round, n, gi, gok, wi, wok)
			}
		}
	}
}
