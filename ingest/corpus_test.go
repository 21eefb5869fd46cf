package ingest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"tracuu/vntext"
)

// corpusPath is the development corpus, in ../shared next to the
// repository (as in CI); TRACUU_CORPUS overrides it.
func corpusPath() string {
	if p := os.Getenv("TRACUU_CORPUS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl")
}

// openCorpus opens the dev corpus, or skips the test when it is absent
// (failing instead when CI=true: CI must measure).
func openCorpus(t testing.TB) *os.File {
	f, err := os.Open(corpusPath())
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("dev corpus %s missing in CI", corpusPath())
		}
		t.Skipf("dev corpus %s not present", corpusPath())
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// corpusArticles reads every article of the dev corpus (failing on a
// record it cannot read).
func corpusArticles(t testing.TB) []Article {
	t.Helper()
	f := openCorpus(t)
	defer f.Close()
	var arts []Article
	r := NewJSONLReader(f)
	for {
		a, _, err := r.Next()
		if err == io.EOF {
			return arts
		}
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
}

// The annotated sets, by file (README.md, "Annotation rules"). Every
// testdata/annotations*.json file belongs to one; each article's "draw"
// says the same.
const (
	setRandom  = "random draw"
	setCases   = "cases"
	setDev     = "dev"
	setHeldOut = "held-out"
	// setHeldOut2 is a second held-out set, chosen by regular expressions
	// over the raw corpus for density of titles and state bodies and
	// annotated blind (README.md, "How the test set was drawn").
	setHeldOut2 = "held-out 2"
	// setHeldOut3 is a third, chosen the same way with a seeded draw among
	// the dense articles, annotated blind and kept out of the repository
	// until it was measured (README.md, "Held-out 2 and 3 at the end").
	setHeldOut3 = "held-out 3"
	setWhole    = "whole"
)

// annotationSet names the set a file holds and the draw its articles carry.
func annotationSet(file string) (set, draw string, ok bool) {
	switch base := filepath.Base(file); {
	case base == "annotations.json":
		return setDev, "dev", true
	case base == "annotations_heldout.json":
		return setHeldOut, "held-out", true
	case base == "annotations_heldout2.json":
		return setHeldOut2, "held-out", true
	case base == "annotations_heldout3.json":
		return setHeldOut3, "held-out", true
	case base == "annotations_cases.json":
		return setCases, "cases", true
	case strings.HasPrefix(base, "annotations_random_"):
		return setRandom, "random", true
	}
	return "", "", false
}

type annotatedArticle struct {
	URL       string   `json:"url"`
	Draw      string   `json:"draw"`
	Documents []string `json:"documents"`
	People    []struct {
		Name      string `json:"name"`
		Title     string `json:"title"`
		Qualifier string `json:"qualifier"`
	} `json:"people"`
	Organisations []string `json:"organisations"`

	set, file string
}

// loadAnnotations reads every annotation file in testdata, checking that
// each belongs to a known set, that its articles carry that set's draw,
// and that no article is annotated twice.
func loadAnnotations(t *testing.T) []annotatedArticle {
	files, err := filepath.Glob(filepath.Join("testdata", "annotations*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no annotation files in testdata (%v)", err)
	}
	var all []annotatedArticle
	seen := map[string]string{}
	for _, file := range files {
		set, draw, ok := annotationSet(file)
		if !ok {
			t.Fatalf("%s: not an annotation set this test knows (annotations.json, annotations_heldout.json, annotations_heldout2.json, annotations_heldout3.json, annotations_cases.json, annotations_random_*.json)", file)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var f struct{ Articles []annotatedArticle }
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, a := range f.Articles {
			if a.Draw != draw {
				t.Errorf("%s: %s has draw %q, want %q", file, path(a.URL), a.Draw, draw)
			}
			for _, p := range a.People {
				if p.Qualifier != "" && p.Qualifier != "former" && p.Qualifier != "acting" {
					t.Errorf("%s: %s: %s has qualifier %q, want former or acting", file, path(a.URL), p.Name, p.Qualifier)
				}
			}
			if other, dup := seen[a.URL]; dup {
				t.Errorf("%s annotated twice, in %s and %s", a.URL, other, file)
			}
			seen[a.URL] = file
			a.set, a.file = set, file
			all = append(all, a)
		}
	}
	return all
}

// score counts matches of one entity kind.
type score struct{ tp, fp, fn int }

func (s score) add(o score) score { return score{s.tp + o.tp, s.fp + o.fp, s.fn + o.fn} }

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

// compare scores got against want, both keyed sets whose values are the
// names as written, and returns the extras and the misses, for the log.
func compare(got, want map[string]string) (s score, extras, misses []string) {
	for k, v := range got {
		if _, ok := want[k]; ok {
			s.tp++
		} else {
			s.fp++
			extras = append(extras, v)
		}
	}
	for k, v := range want {
		if _, ok := got[k]; !ok {
			s.fn++
			misses = append(misses, v)
		}
	}
	sort.Strings(extras)
	sort.Strings(misses)
	return s, extras, misses
}

// Kinds of entity the test scores.
const (
	kindDocuments = iota
	kindPeople
	kindOrganisations
	nKinds
)

var kindNames = [nKinds]string{"document codes", "people with titles", "organisations"}

// articleScore is what one article contributes: a score per kind, and the
// former/acting check: positions the annotation qualifies, how many of them
// the extractor qualifies the same way, and how many matched positions the
// extractor qualifies where the annotation does not.
type articleScore struct {
	kinds                            [nKinds]score
	qualified, qualMarked, qualWrong int
}

// docKey is how a document is compared: its code, or "#<number>" for a
// number nothing identifies, or its key (plenum, congress, annual).
func docKey(r Resolution) string {
	switch {
	case r.Code != "":
		return vntext.Key(r.Code)
	case strings.HasSuffix(r.Key, "/?"):
		return "#" + strings.TrimLeft(r.Number, "0")
	}
	return vntext.Key(r.Key)
}

func annotatedDocKey(s string) string {
	if strings.HasPrefix(s, "#") {
		return "#" + strings.TrimLeft(s[1:], "0")
	}
	return vntext.Key(s)
}

// expansion is one row of data/abbreviations.tsv as words of keys: the
// abbreviation and what it stands for.
type expansion struct{ from, to []string }

var (
	expansionsOnce sync.Once
	expansions     map[string][]expansion // by the abbreviation's first word, longest first
)

// loadExpansions reads data/abbreviations.tsv, the table the extractor
// expands abbreviations with, into key words.
func loadExpansions() map[string][]expansion {
	expansionsOnce.Do(func() {
		expansions = map[string][]expansion{}
		f, err := os.Open(filepath.Join("data", "abbreviations.tsv"))
		if err != nil {
			panic(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			abbr, full, ok := strings.Cut(sc.Text(), "\t")
			if !ok || strings.HasPrefix(abbr, "#") {
				continue
			}
			from, to := strings.Fields(vntext.Key(abbr)), strings.Fields(vntext.Key(full))
			if len(from) > 0 && !slices.Equal(from, to) {
				expansions[from[0]] = append(expansions[from[0]], expansion{from, to})
			}
		}
		for _, xs := range expansions {
			sort.SliceStable(xs, func(i, j int) bool { return len(xs[i].from) > len(xs[j].from) })
		}
	})
	return expansions
}

// nameKey is how organisations and titles are compared: vntext.Key (case,
// diacritics, tone placement and punctuation folded, as the extractor keys
// names), with every abbreviation of data/abbreviations.tsv spelled out,
// longest first, so that "Sở GD&ĐT TP Cần Thơ" and "Sở Giáo dục và Đào tạo
// thành phố Cần Thơ" are one name.
func nameKey(s string) string {
	// A second pass spells out what the first one made (Ủy viên BCH Trung
	// ương Đảng → Ủy viên Ban Chấp hành Trung ương Đảng → Ủy viên Ban Chấp
	// hành Trung ương); no row's expansion holds its own abbreviation.
	k := vntext.Key(s)
	for range 3 {
		e := expandKey(k)
		if e == k {
			break
		}
		k = e
	}
	return k
}

func expandKey(key string) string {
	xs := loadExpansions()
	words := strings.Fields(key)
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		n := 0
		for _, x := range xs[words[i]] {
			if len(x.from) <= len(words)-i && slices.Equal(words[i:i+len(x.from)], x.from) {
				out = append(out, x.to...)
				n = len(x.from)
				break
			}
		}
		if n == 0 {
			out = append(out, words[i])
			n = 1
		}
		i += n
	}
	return strings.Join(out, " ")
}

// positionQualifier is "former" or "acting" when the extractor marks the
// position so: by a Qualifier field on Position (the extractor is getting
// one: issue 10), else by the title's own first word (nguyên, cựu, quyền),
// which is then dropped from the title.
func positionQualifier(p Position) (title, qualifier string) {
	title = p.Title
	if f := reflect.ValueOf(p).FieldByName("Qualifier"); f.IsValid() && f.Kind() == reflect.String {
		qualifier = f.String()
	}
	if qualifier == "" {
		first, rest, _ := strings.Cut(title, " ")
		if q := qualifierWord(first); q != "" && rest != "" {
			title, qualifier = rest, q
		}
	}
	if q := qualifierWord(qualifier); q != "" {
		qualifier = q
	}
	return title, qualifier
}

func qualifierWord(w string) string {
	switch vntext.Key(w) {
	case "former", "nguyen", "cuu":
		return "former"
	case "acting", "quyen":
		return "acting"
	}
	return ""
}

// keys is the annotation as the scorer compares it: per kind, each item's
// key (annotatedDocKey, annotatedPersonKey, nameKey) and the item as written.
func (a annotatedArticle) keys() [nKinds]map[string]string {
	var want [nKinds]map[string]string
	for k := range want {
		want[k] = map[string]string{}
	}
	for _, d := range a.Documents {
		want[kindDocuments][annotatedDocKey(d)] = d
	}
	for _, p := range a.People {
		want[kindPeople][annotatedPersonKey(p.Name, p.Title)] = p.Name + ", " + p.Title
	}
	for _, o := range a.Organisations {
		want[kindOrganisations][nameKey(o)] = o
	}
	return want
}

// annotatedPersonKey is how a person with a title is compared: the name
// folded by vntext.Key (as the extractor's PersonKey), the title by nameKey.
func annotatedPersonKey(name, title string) string {
	return vntext.Key(name) + " | " + nameKey(title)
}

// scoreArticle compares what Extract finds in a with its annotation, and
// logs every extra and miss (go test -v).
func scoreArticle(t *testing.T, a Article, ann annotatedArticle) articleScore {
	x := Extract(a)
	var got [nKinds]map[string]string
	for k := range got {
		got[k] = map[string]string{}
	}
	want := ann.keys()
	for _, r := range x.Resolutions {
		got[kindDocuments][docKey(r)] = codeOrKey(r)
	}
	qualifiers := map[string]string{} // person | title → the extractor's qualifier
	for _, p := range x.Positions {
		title, q := positionQualifier(p)
		k := p.PersonKey + " | " + nameKey(title)
		got[kindPeople][k] = p.Person + ", " + title
		if q != "" {
			qualifiers[k] += q + " "
		}
	}
	var s articleScore
	annotatedQualified := map[string]bool{}
	for _, p := range ann.People {
		k := annotatedPersonKey(p.Name, p.Title)
		if p.Qualifier == "" {
			continue
		}
		annotatedQualified[k] = true
		s.qualified++
		if strings.Contains(qualifiers[k], p.Qualifier) {
			s.qualMarked++
		} else {
			t.Logf("%s %s: %s, %s is %s; the extractor marks %q", ann.set, path(ann.URL), p.Name, p.Title, p.Qualifier, strings.TrimSpace(qualifiers[k]))
		}
	}
	for k, q := range qualifiers {
		// A position the annotation has, unqualified, that the extractor
		// marks former or acting.
		if _, annotated := want[kindPeople][k]; annotated && !annotatedQualified[k] {
			s.qualWrong++
			t.Logf("%s %s: %s marked %s, annotated without a qualifier", ann.set, path(ann.URL), got[kindPeople][k], strings.TrimSpace(q))
		}
	}
	for _, o := range x.Organisations {
		// Named in the text: not generic, and mentioned (an organisation
		// only implied by a title, Tổng Bí thư, is not named).
		if !o.Generic && len(o.Mentions) > 0 {
			got[kindOrganisations][nameKey(o.Name)] = o.Name
		}
	}
	for k := range nKinds {
		sc, extras, misses := compare(got[k], want[k])
		s.kinds[k] = sc
		if len(extras)+len(misses) > 0 {
			t.Logf("%s %s %s\n   extra:  %q\n   missed: %q", ann.set, path(ann.URL), kindNames[k], extras, misses)
		}
	}
	return s
}

func codeOrKey(r Resolution) string {
	if r.Code != "" {
		return r.Code
	}
	return r.Key
}

// Bootstrap intervals: articles resampled with replacement, 2,000 times,
// from a fixed seed, so a run prints the same intervals for the same scores.
const (
	bootstrapRuns = 2000
	bootstrapSeed = 20261130
)

// interval is a 95% bootstrap interval of precision and recall of one kind
// over a set of articles.
type interval struct{ pLow, pHigh, rLow, rHigh float64 }

func bootstrap(articles []articleScore, kind int) interval {
	if len(articles) == 0 {
		return interval{1, 1, 1, 1}
	}
	rng := rand.New(rand.NewPCG(bootstrapSeed, uint64(kind)))
	ps, rs := make([]float64, bootstrapRuns), make([]float64, bootstrapRuns)
	for b := range bootstrapRuns {
		var s score
		for range articles {
			s = s.add(articles[rng.IntN(len(articles))].kinds[kind])
		}
		ps[b], rs[b] = s.precision(), s.recall()
	}
	slices.Sort(ps)
	slices.Sort(rs)
	lo, hi := bootstrapRuns*25/1000, bootstrapRuns*975/1000-1
	return interval{ps[lo], ps[hi], rs[lo], rs[hi]}
}

// setScore sums a set's articles.
type setScore struct {
	name                             string
	articles                         []articleScore
	kinds                            [nKinds]score
	ci                               [nKinds]interval
	qualified, qualMarked, qualWrong int
}

func sumSet(name string, articles []articleScore) setScore {
	s := setScore{name: name, articles: articles}
	for _, a := range articles {
		for k := range nKinds {
			s.kinds[k] = s.kinds[k].add(a.kinds[k])
		}
		s.qualified += a.qualified
		s.qualMarked += a.qualMarked
		s.qualWrong += a.qualWrong
	}
	for k := range nKinds {
		s.ci[k] = bootstrap(articles, k)
	}
	return s
}

func scoreTable(sets []setScore) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s %8s  %-19s %-21s %-21s %5s %5s %5s\n", "set", "articles", "kind", "precision [95% CI]", "recall [95% CI]", "tp", "fp", "fn")
	for _, s := range sets {
		for k := range nKinds {
			sc, ci := s.kinds[k], s.ci[k]
			fmt.Fprintf(&b, "%-12s %8d  %-19s %.3f [%.3f-%.3f]   %.3f [%.3f-%.3f]   %5d %5d %5d\n",
				s.name, len(s.articles), kindNames[k], sc.precision(), ci.pLow, ci.pHigh, sc.recall(), ci.rLow, ci.rHigh, sc.tp, sc.fp, sc.fn)
		}
		fmt.Fprintf(&b, "%-12s %8d  %-19s %d of %d annotated marked the same; %d marked where the annotation has none\n",
			s.name, len(s.articles), "former/acting", s.qualMarked, s.qualified, s.qualWrong)
	}
	return b.String()
}

// Targets of issue 10 (precision and recall both, on the random draw and
// on the whole). They are reported, not asserted: the extractor does not
// reach them yet, and the test asserts the floors below instead.
var targets = [nKinds]float64{kindDocuments: 0.99, kindPeople: 0.95, kindOrganisations: 0.93}

// floors are the scores the extractor has reached, per set and kind, as
// {precision, recall}, rounded down a little so that a bootstrap-sized
// wobble of one entity does not fail the build. A change that lowers a
// score below its floor fails the test; a change that raises one raises
// its floor in the same commit.
//
// Lowered on 1 December with random draw d (12 articles, annotated blind
// and measured before any rule saw them): the fresh draw brought random
// documents from 1.000/1.000 to 0.667/0.667 (tp 2, fp 1, fn 1: the Prime
// Minister's công điện số 541 read as an unidentified number), random
// people from 1.000/0.962 to 0.953/0.813 and random organisations'
// precision from 0.964 to 0.922, and whole documents from 1.000 to
// 0.989/0.989. The floors follow the new figures; the annotations and the
// extractor were not changed to meet them (README, "Fresh blind sets").
//
// Raised in the draw d round (branch fresh): the Prime Minister's công
// điện read as 541/CĐ-TTg brought random documents to 1.000/1.000 and whole
// documents to 1.000/1.000; with main merged (people3, orgs3) random
// people 1.000/0.960, random organisations 0.969/0.990, whole people
// 1.000/0.979 and whole organisations 0.975/0.960 (README, "Draw d round").
//
// Lowered for the whole on 1 December, end of the session: held-out 2 and 3
// (22 articles annotated blind and kept out of the repository while the
// rules were worked on) joined it: whole people 1.000/0.984 -> 0.993/0.964,
// organisations 0.975/0.960 -> 0.955/0.951 (README, "Held-out 2 and 3 at
// the end").
//
// Raised in the people4 round (random draw e, 14 articles, measured blind
// first: README, "Random draw e, blind"): with draw e and this round's
// rules, random people 1.000/0.976, organisations 0.971/0.990; whole
// (182 articles) people 1.000/0.983, organisations 0.958/0.951.
var floors = map[string][nKinds][2]float64{
	setRandom: {
		kindDocuments:     {0.99, 0.99},
		kindPeople:        {0.99, 0.97},
		kindOrganisations: {0.96, 0.98},
	},
	setWhole: {
		kindDocuments:     {0.99, 0.99},
		kindPeople:        {0.99, 0.98},
		kindOrganisations: {0.95, 0.95},
	},
}

func TestCorpusPrecisionRecall(t *testing.T) {
	byURL := corpusByURL(t)
	annotated := loadAnnotations(t)
	bySet := map[string][]articleScore{}
	var whole []articleScore
	for _, ann := range annotated {
		a, ok := byURL[ann.URL]
		if !ok {
			t.Fatalf("%s: annotated article %s not in the corpus", ann.file, ann.URL)
		}
		s := scoreArticle(t, a, ann)
		bySet[ann.set] = append(bySet[ann.set], s)
		whole = append(whole, s)
	}
	var sets []setScore
	for _, name := range []string{setRandom, setCases, setDev, setHeldOut, setHeldOut2, setHeldOut3} {
		if len(bySet[name]) > 0 {
			sets = append(sets, sumSet(name, bySet[name]))
		}
	}
	sets = append(sets, sumSet(setWhole, whole))
	fmt.Print(scoreTable(sets))

	random := len(bySet[setRandom])
	if random == 0 {
		t.Logf("no random draw annotated yet (testdata/annotations_random_*.json): targets not asserted")
		return
	}
	if os.Getenv("CI") == "true" && (len(whole) < 100 || random < 60) {
		t.Errorf("%d articles annotated, %d of them random; issue 10 wants at least 100 and 60", len(whole), random)
	}
	for _, s := range sets {
		floor, ok := floors[s.name]
		if !ok {
			continue
		}
		for k := range nKinds {
			sc := s.kinds[k]
			p, r := sc.precision(), sc.recall()
			if p < floor[k][0] || r < floor[k][1] {
				t.Errorf("%s, %s: precision %.3f, recall %.3f; below the floor %.2f, %.2f", s.name, kindNames[k], p, r, floor[k][0], floor[k][1])
			}
			if p < targets[k] || r < targets[k] {
				t.Logf("%s, %s: precision %.3f, recall %.3f; issue 10's target %.2f both is not met", s.name, kindNames[k], p, r, targets[k])
			}
		}
	}
}

func corpusByURL(t *testing.T) map[string]Article {
	byURL := map[string]Article{}
	for _, a := range corpusArticles(t) {
		byURL[a.URL] = a
	}
	return byURL
}

func path(url string) string {
	if i := strings.LastIndexByte(url, '/'); i >= 0 {
		return url[i+1:]
	}
	return url
}

func TestNameKey(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Sở GD&ĐT TP Cần Thơ", "Sở Giáo dục và Đào tạo thành phố Cần Thơ", true},
		{"UBND TP.HCM", "Ủy ban nhân dân thành phố Hồ Chí Minh", true},
		{"Ủy ban nhân dân TPHCM", "UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", true},
		{"Trường ĐH Tôn Đức Thắng", "Trường Đại học Tôn Đức Thắng", true},
		{"Trường THPT Phúc Lợi", "Trường Trung học phổ thông Phúc Lợi", true},
		{"Sở LĐ-TB&XH tỉnh Thanh Hóa", "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa", true},
		{"Chủ tịch HĐQT", "Chủ tịch Hội đồng quản trị", true},
		{"PCT", "Phó Chủ tịch", true},
		{"Phó phòng", "Phó Trưởng phòng", true},
		{"Ủy viên Thường vụ", "Ủy viên Ban Thường vụ", true},
		{"Ủy viên Trung ương", "Ủy viên Ban Chấp hành Trung ương", true},
		{"Ủy viên BCH Trung ương Đảng", "Ủy viên Trung ương Đảng", true},
		{"VKSND tối cao", "Viện kiểm sát nhân dân Tối cao", true},
		{"Sở Y tế", "Sở Tư pháp", false},
		{"Phó Chủ tịch", "Chủ tịch", false},
		{"Tỉnh ủy Thanh Hóa", "Thường trực Tỉnh ủy Thanh Hóa", false},
	} {
		if got := nameKey(c.a) == nameKey(c.b); got != c.same {
			t.Errorf("nameKey(%q) = %q, nameKey(%q) = %q; same %v, want %v", c.a, nameKey(c.a), c.b, nameKey(c.b), got, c.same)
		}
	}
}

func TestPositionQualifier(t *testing.T) {
	for _, c := range []struct{ in, title, q string }{
		{"nguyên Phó chỉ huy trưởng", "Phó chỉ huy trưởng", "former"},
		{"Cựu Tổng thống", "Tổng thống", "former"},
		{"quyền Chủ tịch", "Chủ tịch", "acting"},
		{"Phó Chủ tịch", "Phó Chủ tịch", ""},
		{"Nguyên", "Nguyên", ""},
	} {
		if title, q := positionQualifier(Position{Title: c.in}); title != c.title || q != c.q {
			t.Errorf("positionQualifier(%q) = %q, %q; want %q, %q", c.in, title, q, c.title, c.q)
		}
	}
}

func TestBootstrap(t *testing.T) {
	// Every article alike: the interval is the point.
	same := make([]articleScore, 20)
	for i := range same {
		same[i].kinds[kindPeople] = score{tp: 3, fp: 1, fn: 1}
	}
	if ci := bootstrap(same, kindPeople); ci != (interval{0.75, 0.75, 0.75, 0.75}) {
		t.Errorf("identical articles: %+v, want 0.75 everywhere", ci)
	}
	// Half the articles perfect, half missing everything: recall 0.5, and
	// an interval that holds it, inside [0, 1], the same on every run.
	mixed := make([]articleScore, 40)
	for i := range mixed {
		if i%2 == 0 {
			mixed[i].kinds[kindOrganisations] = score{tp: 2}
		} else {
			mixed[i].kinds[kindOrganisations] = score{fn: 2}
		}
	}
	ci := bootstrap(mixed, kindOrganisations)
	if !(ci.rLow > 0.2 && ci.rLow < 0.5 && ci.rHigh > 0.5 && ci.rHigh < 0.8) || ci.pLow != 1 || ci != bootstrap(mixed, kindOrganisations) {
		t.Errorf("mixed articles: %+v, want recall around 0.5 and precision 1, reproducible", ci)
	}
}
