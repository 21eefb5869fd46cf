package ingest

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// survey writes, for every dev-corpus article outside the held-out draws,
// lists that show the extractor's systematic errors: every position with its
// sentence, every sentence with a title word and no position, every person
// whose name fails the name model, every phrase that starts like a body
// and gave no organisation, every code-like token that gave no document.
//
//	go test ./ingest -run TestSurvey -survey /tmp/survey
var surveyDir = flag.String("survey", "", "write the survey of the dev corpus to this folder")

// heldOutURLs are the articles drawn for the blind test set: the survey
// leaves them out so that what is learnt from it does not fit them.
// TRACUU_DRAWS names the draw files (JSON with an "articles" list of
// {"url"}), separated by the OS's list separator; by default the random
// draw's (every annotations_random_*.json) and the held-out sets'
// annotation files.
func heldOutURLs(t *testing.T) map[string]bool {
	paths := filepath.SplitList(os.Getenv("TRACUU_DRAWS"))
	if len(paths) == 0 {
		random, _ := filepath.Glob(filepath.Join("testdata", "annotations_random_*.json"))
		heldOut, _ := filepath.Glob(filepath.Join("testdata", "annotations_heldout*.json"))
		paths = append(random, heldOut...)
	}
	out := map[string]bool{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("held-out draw list: %v (set TRACUU_DRAWS)", err)
		}
		var d struct {
			Articles []struct{ URL string } `json:"articles"`
		}
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, a := range d.Articles {
			out[a.URL] = true
		}
	}
	return out
}

// TestSurvey runs the survey over the dev corpus; without -survey it
// writes to a temporary folder, so that it still runs (and can fail) in
// every test run.
func TestSurvey(t *testing.T) {
	dir := *surveyDir
	if dir == "" {
		dir = t.TempDir()
	}
	held := heldOutURLs(t)
	byURL := corpusByURL(t)
	urls := make([]string, 0, len(byURL))
	for u := range byURL {
		if !held[u] {
			urls = append(urls, u)
		}
	}
	sort.Strings(urls)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := map[string]*strings.Builder{}
	w := func(file, format string, args ...any) {
		b := out[file]
		if b == nil {
			b = &strings.Builder{}
			out[file] = b
		}
		fmt.Fprintf(b, format, args...)
	}
	for _, u := range urls {
		a := byURL[u]
		x := Extract(a)
		name := path(u)
		posSent := map[string]bool{}
		for _, p := range x.Positions {
			q := ""
			if p.Qualifier != "" {
				q = " [" + p.Qualifier + "]"
			}
			w("positions.txt", "%s | %s%s | %s\n    %s\n", p.Person, p.Title, q, p.Organisation, p.Mention.Sentence)
			posSent[p.Mention.Sentence] = true
			if !nameShaped(p.Person) {
				w("bad-names.txt", "%s\t%s\n    %s\n", p.Person, name, p.Mention.Sentence)
			}
		}
		for _, o := range x.Organisations {
			if len(o.Mentions) > 0 && !o.Generic {
				w("orgs.txt", "%s\t%s\n", o.Name, o.Mentions[0].Text)
			}
		}
		orgSent := map[string]bool{}
		for _, m := range x.Mentions {
			switch m.Kind {
			case MentionOrganisation:
				orgSent[m.Sentence] = true
			case MentionPerson:
				posSent[m.Sentence] = true
			}
		}
		for _, r := range x.Resolutions {
			w("docs.txt", "%s\t%s\n", r.Key, r.Mentions[0].Text)
		}
		for _, f := range []struct {
			field, text string
		}{{FieldTitle, a.Title}, {FieldLead, a.Lead}, {FieldBody, a.Body}} {
			toks := tokenize(f.text)
			for _, s := range sentences(toks) {
				text := f.text[s.bs:s.be]
				if !posSent[text] && hasTitleBeforeName(s.toks) {
					w("titles-without-position.txt", "%s\n    %s\n", name, text)
				}
				if !orgSent[text] && hasBodyWord(s.toks) {
					w("bodies-without-org.txt", "%s\n    %s\n", name, text)
				}
			}
		}
	}
	for file, b := range out {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d articles surveyed, %d held out", len(urls), len(held))
}

// hasTitleBeforeName: a title word followed, within six tokens, by a
// capitalised word that is a family name.
func hasTitleBeforeName(toks []token) bool {
	for i := range toks {
		if e, _, ok := titles.match(toks, i); ok {
			for j := e; j < len(toks) && j < e+8; j++ {
				if isSurname(toks[j]) && toks[j].upper {
					return true
				}
			}
		}
	}
	return false
}

var bodyWords = map[string]bool{"Sở": true, "Bộ": true, "UBND": true, "HĐND": true, "Bệnh": true, "Trường": true, "Công": true, "Tòa": true, "Viện": true, "Cục": true, "Tổng": true, "Ủy": true, "Hội": true, "Đại": true, "Tập": true}

func hasBodyWord(toks []token) bool {
	for _, t := range toks {
		if bodyWords[t.text] {
			return true
		}
	}
	return false
}

func nameShaped(name string) bool {
	toks := tokenize(name)
	return len(toks) >= 2 && len(toks) <= 5 && isSurname(toks[0])
}
