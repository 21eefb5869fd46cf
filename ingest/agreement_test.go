package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The agreement check (README.md, "Agreement"): 20 of the annotated
// articles, drawn with seed 7, annotated a second time, blind, in
// testdata/agreement/second.json; every disagreement with the first
// annotation adjudicated against the rules in
// testdata/agreement/adjudication.json. Nothing here runs the extractor.

// secondAnnotation is testdata/agreement/second.json: annotated articles
// that also say which file holds their first annotation.
type secondAnnotation struct {
	Articles []struct {
		annotatedArticle
		First string `json:"first"`
	}
}

// verdict is one adjudicated disagreement. Only says which annotation had
// the item before adjudication ("first" or "second"); Right says which one
// the rules bear out. A first annotation found wrong (Right "second") was
// corrected in its file, so the item no longer disagrees; one found right
// (Right "first") still disagrees with the second annotation, which is
// kept as annotated, blind.
type verdict struct {
	URL  string `json:"url"`
	Kind string `json:"kind"` // documents, people, organisations, qualifier
	Item string `json:"item"`
	Only string `json:"only"`
	// Right: "first" or "second"; Rule names the rule text that decides it
	// when it was made precise in adjudication.
	Right string `json:"right"`
	Rule  string `json:"rule,omitempty"`
	Note  string `json:"note"`
}

// agreementKinds are the kinds of verdict, the three scored kinds and
// the qualifier of a person both annotators list.
var agreementKinds = [nKinds + 1]string{"documents", "people", "organisations", "qualifier"}

const kindQualifier = nKinds

// agreementKind is the index of a kind of verdict, or -1.
func agreementKind(name string) int {
	for k, n := range agreementKinds {
		if n == name {
			return k
		}
	}
	return -1
}

// disagreement is an item one annotator lists and the other does not, or
// a person both list with different qualifiers.
type disagreement struct {
	url, only, item string
	kind            int
}

func (d disagreement) String() string {
	return fmt.Sprintf("%s %s: only %s: %s", path(d.url), agreementKinds[d.kind], d.only, d.item)
}

// agreement is the F1 of one annotator against the other: both sets
// play the same role, so F1 = 2·agreed / (2·agreed + only first + only
// second).
func agreement(s score) float64 {
	if s.tp+s.fp+s.fn == 0 {
		return 1
	}
	return 2 * float64(s.tp) / float64(2*s.tp+s.fp+s.fn)
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// compareAnnotations lists where two annotations of one article differ,
// and scores the second against the first per kind.
func compareAnnotations(first, second annotatedArticle) (scores [nKinds]score, ds []disagreement) {
	fk, sk := first.keys(), second.keys()
	for k := range nKinds {
		var onlySecond, onlyFirst []string
		scores[k], onlySecond, onlyFirst = compare(sk[k], fk[k])
		for _, item := range onlyFirst {
			ds = append(ds, disagreement{first.URL, "first", item, k})
		}
		for _, item := range onlySecond {
			ds = append(ds, disagreement{first.URL, "second", item, k})
		}
	}
	qualifiers := func(a annotatedArticle) map[string]string {
		q := map[string]string{}
		for _, p := range a.People {
			q[annotatedPersonKey(p.Name, p.Title)] = p.Qualifier
		}
		return q
	}
	fq, sq := qualifiers(first), qualifiers(second)
	var qs []disagreement
	for key, q := range fq {
		if s, both := sq[key]; both && s != q {
			item := fmt.Sprintf("%s: first %q, second %q", fk[kindPeople][key], q, s)
			qs = append(qs, disagreement{first.URL, "both", item, kindQualifier})
		}
	}
	sort.Slice(qs, func(i, j int) bool { return qs[i].item < qs[j].item })
	return scores, append(ds, qs...)
}

// TestAnnotatorAgreement compares the second annotation with the first,
// per kind as the scorer compares (vntext.Key and the abbreviations of
// data/abbreviations.tsv), prints the agreement before and after
// adjudication, and checks the adjudication against the files: every
// remaining disagreement is one adjudicated for the first annotation, and
// every correction of the first annotation is in its file.
func TestAnnotatorAgreement(t *testing.T) {
	var second secondAnnotation
	readJSON(t, filepath.Join("testdata", "agreement", "second.json"), &second)
	var adjudication struct{ Disagreements []verdict }
	readJSON(t, filepath.Join("testdata", "agreement", "adjudication.json"), &adjudication)
	if len(second.Articles) != 20 {
		t.Errorf("second.json holds %d articles, want the 20 drawn", len(second.Articles))
	}

	firstByURL := map[string]annotatedArticle{}
	for _, a := range loadAnnotations(t) {
		firstByURL[a.URL] = a
	}
	verdicts := map[string]*verdict{}
	for i, v := range adjudication.Disagreements {
		switch {
		case agreementKind(v.Kind) < 0:
			t.Errorf("adjudication %d (%s): kind %q, want one of %v", i, v.Item, v.Kind, agreementKinds)
		case v.Right != "first" && v.Right != "second":
			t.Errorf("adjudication %d (%s): right %q, want first or second", i, v.Item, v.Right)
		case v.Note == "":
			t.Errorf("adjudication %d (%s): no note", i, v.Item)
		}
		key := path(v.URL) + " " + v.Kind + ": only " + v.Only + ": " + v.Item
		if _, dup := verdicts[key]; dup {
			t.Errorf("adjudicated twice: %s", key)
		}
		verdicts[key] = &adjudication.Disagreements[i]
	}

	var after, before [nKinds]score
	qualifierDisagreements := 0
	seen := map[string]bool{}
	for _, s := range second.Articles {
		first, ok := firstByURL[s.URL]
		if !ok {
			t.Errorf("%s: in second.json but in no testdata/annotations*.json", s.URL)
			continue
		}
		if filepath.Base(first.file) != s.First {
			t.Errorf("%s: second.json says its first annotation is in %s; it is in %s", path(s.URL), s.First, filepath.Base(first.file))
		}
		scores, ds := compareAnnotations(first, s.annotatedArticle)
		for k := range nKinds {
			after[k] = after[k].add(scores[k])
		}
		for _, d := range ds {
			key := d.String()
			seen[key] = true
			v := verdicts[key]
			switch {
			case v == nil:
				t.Errorf("not adjudicated: %s", key)
			case v.Right == "second":
				t.Errorf("adjudicated against the first annotation but not corrected in %s: %s", first.file, key)
			}
			if d.kind == kindQualifier {
				qualifierDisagreements++
			}
		}
	}
	before = after
	corrected := map[string]int{}
	for key, v := range verdicts {
		if seen[key] {
			continue
		}
		if v.Right == "first" {
			t.Errorf("adjudicated for the first annotation, but the annotations no longer disagree: %s", key)
			continue
		}
		// A corrected disagreement: put it back to reckon the agreement
		// before adjudication.
		corrected[v.Kind]++
		k := agreementKind(v.Kind)
		if k == kindQualifier {
			continue
		}
		if v.Only == "first" {
			before[k].fn++ // the first had it and dropped it
		} else {
			before[k].tp-- // the first lacked it and took it
			before[k].fp++
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "agreement of two annotators on %d articles (F1; agreed / only first / only second)\n", len(second.Articles))
	fmt.Fprintf(&b, "%-20s %-28s %-28s %s\n", "kind", "before adjudication", "after", "first corrected")
	for k := range nKinds {
		fmt.Fprintf(&b, "%-20s %.3f (%3d / %2d / %2d)       %.3f (%3d / %2d / %2d)       %d\n", kindNames[k],
			agreement(before[k]), before[k].tp, before[k].fn, before[k].fp,
			agreement(after[k]), after[k].tp, after[k].fn, after[k].fp, corrected[agreementKinds[k]])
	}
	fmt.Fprintf(&b, "%-20s %d remaining, %d corrected in the first annotation\n", "qualifiers", qualifierDisagreements, corrected["qualifier"])
	t.Log("\n" + b.String())
	var remaining []string
	for key := range seen {
		remaining = append(remaining, key)
	}
	sort.Strings(remaining)
	for _, key := range remaining {
		if v := verdicts[key]; v != nil {
			t.Logf("%s\n    first right: %s", key, v.Note)
		}
	}
}
