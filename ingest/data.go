package ingest

import (
	"embed"
	"strings"

	"tracuu/vntext"
)

// The tables the readers and the extractor work from, kept as data so that
// adding a title, a publication or a family name needs no code change.
//
//go:embed data/*
var dataFS embed.FS

// lines returns the non-comment, non-empty lines of a data file, each split
// on tabs and cleaned the way article text is (vntext.Clean).
func lines(name string) [][]string {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic("ingest: missing data file " + name) // embedded: cannot happen in a built binary
	}
	var out [][]string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cols := strings.Split(l, "\t")
		for i, c := range cols {
			cols[i] = strings.TrimSpace(vntext.Clean(c))
		}
		out = append(out, cols)
	}
	return out
}

func col(cols []string, i int) string {
	if i < len(cols) {
		return cols[i]
	}
	return ""
}

// Publication is one row of the publication-code table.
type Publication struct {
	Code     string // as printed in leads: "BDK"
	Name     string // "Báo Đồng Khởi"
	Province string // "Bến Tre"; empty for national papers
}

var (
	publications = map[string]Publication{} // by vntext.Key(code)
	provinces    = map[string]string{}      // vntext.Key(name) → name
	bigCities    = map[string]bool{}        // provinces that are cities: Thành ủy at province level
	surnameKeys  = map[string]bool{}        // the family names' keys: a quick no for most words
	surnames     = map[string]int{}         // spelling (lower case, diacritics kept: "Thái" is a family name, "Thai" is not) → rank, most frequent first
	middleNames  = map[string]bool{}        // spelling → a middle name misspelt in lower case may be read (middlenames.txt)
	productWords = map[string]bool{}        // key → a word of product and company names, no personal name (productwords.txt)
	abbrevs      = map[string]string{}      // exact abbreviation → expansion
	honorifics   = map[string]string{}      // Key(phrase) → person
	units        = newTrie()
	ranks        = newExactTrie()
	chrome       = map[string]bool{} // Key(line) → ends the article
	fixedOrgs    = newTrie()
	domains      = newTrie()
	honorTrie    = newTrie()
	eponyms      = newTrie() // historic figures places are named after (eponyms.txt)
)

// orgInfo is an organisation known by a fixed name.
type orgInfo struct {
	Name, Kind, Level, Parent string
}

func init() {
	loadLexicons()
	for _, c := range lines("publications.tsv") {
		publications[vntext.Key(c[0])] = Publication{Code: c[0], Name: col(c, 1), Province: col(c, 2)}
	}
	for i, c := range lines("surnames.txt") {
		if _, ok := surnames[spelling(c[0])]; !ok {
			surnames[spelling(c[0])] = i
			surnameKeys[key(c[0])] = true
		}
	}
	for _, c := range lines("middlenames.txt") {
		middleNames[spelling(c[0])] = true
	}
	for _, c := range lines("productwords.txt") {
		productWords[key(c[0])] = true
	}
	for _, c := range lines("units.txt") {
		units.add(c[0], c[0])
	}
	for _, c := range lines("ranks.txt") {
		ranks.add(c[0], c[0])
	}
	for _, c := range lines("honorifics.tsv") {
		honorifics[vntext.Key(c[0])] = c[1]
		honorTrie.add(c[0], c[1])
	}
	for _, c := range lines("eponyms.txt") {
		eponyms.add(c[0], c[0])
	}
	for _, c := range lines("chrome.txt") {
		ends := strings.HasPrefix(c[0], ">")
		chrome[vntext.Key(strings.TrimPrefix(c[0], ">"))] = ends
	}
	for _, c := range lines("orgs.tsv") {
		names := strings.Split(c[0], "|")
		info := orgInfo{Name: names[0], Kind: col(c, 1), Level: col(c, 2), Parent: col(c, 3)}
		addSpellings(fixedOrgs, names, info)
	}
	for _, c := range lines("domains.tsv") {
		names := strings.Split(c[0], "|")
		for _, n := range names {
			domains.add(n, names[0])
		}
	}
}

// LookupPublication returns the publication a lead code stands for
// ("BDK" → Báo Đồng Khởi, Bến Tre), matching without case or diacritics.
func LookupPublication(code string) (Publication, bool) {
	p, ok := publications[vntext.Key(code)]
	return p, ok
}
