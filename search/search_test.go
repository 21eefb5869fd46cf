package search

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"tracuu/vntext"

	"golang.org/x/text/unicode/norm"
)

const seedID = "Article:1"

type fixture struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Title       string   `json:"title"`
	Lead        string   `json:"lead"`
	Body        string   `json:"body"`
	Names       []string `json:"names"`
	Source      string   `json:"source"`
	Section     string   `json:"section"`
	Authors     []string `json:"authors"`
	PublishedAt string   `json:"publishedAt"`
	Mentions    []string `json:"mentions"`
}

// fixtureDocs returns the seed article and the fixtures of
// testdata/articles.jsonl.
func fixtureDocs(t testing.TB) []Doc {
	t.Helper()
	docs := []Doc{seedDoc(t)}
	f, err := os.Open("testdata/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var x fixture
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatal(err)
		}
		d := Doc{ID: x.ID, Type: x.Type, Title: x.Title, Lead: x.Lead, Body: x.Body, Names: x.Names,
			Source: x.Source, Section: x.Section, Authors: x.Authors, Mentions: x.Mentions}
		if d.Type == "" {
			d.Type = "Article"
		}
		if x.PublishedAt != "" {
			if d.PublishedAt, err = time.Parse(time.RFC3339, x.PublishedAt); err != nil {
				t.Fatal(err)
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// seedDoc reads testdata/seed.txt: title, date, then paragraphs.
func seedDoc(t testing.TB) Doc {
	b, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(b), "\n\n", 4)
	published, err := time.ParseInLocation("02/01/2006 - 15:04", strings.TrimSpace(parts[1]), vntext.Vietnam)
	if err != nil {
		t.Fatal(err)
	}
	return Doc{ID: seedID, Type: "Article", Title: strings.TrimSpace(parts[0]), Lead: parts[2], Body: parts[3],
		Source: "Báo Đồng Khởi", Section: "Chính trị", PublishedAt: published,
		Mentions: []string{"Organisation:1", "Resolution:1"}}
}

// mustOpen returns an index in a temporary folder with the fixtures in it.
func mustOpen(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), fixtureDocs(t), nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func mustSearch(t testing.TB, ix *Index, r Request) *Result {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("search %+v: %v", r, err)
	}
	return res
}

func ids(res *Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func idsFor(t testing.TB, ix *Index, q string) []string {
	t.Helper()
	return ids(mustSearch(t, ix, Request{Query: q, First: 20}))
}

func TestSearchFindsSeedHoweverTyped(t *testing.T) {
	ix := mustOpen(t)
	for _, q := range []string{"nghị quyết tỉnh ủy", "nghi quyet tinh uy", "Nghi quyết tinh ủy", "NGHỊ QUYẾT TỈNH ỦY", "nghị quyết tỉnh uỷ"} {
		t.Run(q, func(t *testing.T) {
			got := idsFor(t, ix, q)
			if len(got) == 0 || got[0] != seedID {
				t.Errorf("%q: got %v, want %s first", q, got, seedID)
			}
		})
	}
}

func TestSearchSameResultsForEveryForm(t *testing.T) {
	ix := mustOpen(t)
	for _, tt := range []struct{ clean, variant string }{
		{"nghị quyết tỉnh ủy", norm.NFD.String("nghị quyết tỉnh ủy")},
		{"nghị quyết tỉnh ủy", "nghị\u00a0quyết\u00a0tỉnh\u00a0ủy"},
		{"nghị quyết tỉnh ủy", "Nghị Quyết TỈNH ỦY"},
		{"nghị quyết tỉnh ủy", "nghị quyết tỉnh uỷ"},
		{"hòa bình", "hoà bình"},
		{"bà thủy", "bà thuỷ"},
		{"sức khỏe", "sức khoẻ"},
		{"ủy ban", "uỷ ban"},
		{"sức khỏe", norm.NFD.String("sức khoẻ")},
	} {
		t.Run(tt.variant, func(t *testing.T) {
			want := idsFor(t, ix, tt.clean)
			if len(want) == 0 {
				t.Fatalf("%q finds nothing", tt.clean)
			}
			if got := idsFor(t, ix, tt.variant); !slices.Equal(got, want) {
				t.Errorf("%q: got %v, want %v as for %q", tt.variant, got, want, tt.clean)
			}
		})
	}
}

func TestSearchDiacriticsMeanThem(t *testing.T) {
	ix := mustOpen(t)
	t.Run("AccentedFirst", func(t *testing.T) {
		got := idsFor(t, ix, "mùa mưa")
		if len(got) < 2 || got[0] != "Article:101" || !slices.Contains(got, "Article:102") {
			t.Errorf("mùa mưa: got %v, want Article:101 first, Article:102 (mua múa) after", got)
		}
	})
	t.Run("UnaccentedMatchesEveryForm", func(t *testing.T) {
		got := idsFor(t, ix, "mua mua")
		if !slices.Contains(got, "Article:101") || !slices.Contains(got, "Article:102") {
			t.Errorf("mua mua: got %v, want both Article:101 and Article:102", got)
		}
	})
	t.Run("OtherFormFirstWhenTyped", func(t *testing.T) {
		got := idsFor(t, ix, "mua múa")
		if len(got) == 0 || got[0] != "Article:102" {
			t.Errorf("mua múa: got %v, want Article:102 first", got)
		}
	})
}

func TestSearchAbbreviations(t *testing.T) {
	ix := mustOpen(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"ĐV", []string{"Article:103", "Article:104"}},
		{"đảng viên", []string{"Article:103", "Article:104"}},
		{"CB", []string{"Article:105", "Article:106"}},
		{"cán bộ", []string{"Article:105", "Article:106"}},
		{"UBND", []string{"Article:105", "Organisation:2"}},
		{"ủy ban nhân dân", []string{"Article:105", "Organisation:2"}},
		{"HĐND", []string{"Article:105"}},
		{"hội đồng nhân dân", []string{"Article:105"}},
		{"MTTQ", []string{"Article:105", "Article:106"}},
		{"mặt trận tổ quốc", []string{"Article:105", "Article:106"}},
		{"BCH", []string{"Article:105", "Article:106"}},
		{"ban chấp hành", []string{"Article:105", "Article:106"}},
		{"BTV", []string{"Article:105", "Article:106"}},
		{"ban thường vụ", []string{seedID, "Article:105", "Article:106"}},
		{"TCĐ", []string{seedID, "Article:110"}},
		{"tổ chức đảng", []string{seedID, "Article:110"}},
		{"ĐH", []string{seedID, "Article:106"}},
		{"TW", []string{seedID, "Article:106"}},
		{"trung ương", []string{seedID, "Article:106"}},
		{"TƯ", []string{"Article:106"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := idsFor(t, ix, tt.query)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: got %v, want %s among them", tt.query, got, w)
				}
			}
		})
	}
	t.Run("DiacriticsTellAbbreviationsApart", func(t *testing.T) {
		// ĐV (đảng viên) is not DV (dịch vụ): typed with Đ, it ranks the
		// party members first.
		got := idsFor(t, ix, "ĐV")
		if i := slices.Index(got, "Article:107"); i >= 0 && i < 2 {
			t.Errorf("ĐV: got %v, want Article:107 (DV) after the ĐV articles", got)
		}
	})
	t.Run("SyllableAbbreviationNeedsCapitals", func(t *testing.T) {
		pq := parseQuery("tư nhân")
		if len(pq.groups[0].alts) != 1 {
			t.Errorf("tư nhân: %+v, want tư not expanded", pq.groups[0])
		}
	})
}

func TestAbbreviationListIsLong(t *testing.T) {
	if n := len(abbreviations.entries); n < 40 {
		t.Errorf("%d abbreviations, want at least 40", n)
	}
}

func TestSearchCodesAndNumbers(t *testing.T) {
	ix := mustOpen(t)
	tests := []struct {
		query   string
		want    string
		without string
	}{
		{"05-CT/TW", seedID, "Article:108"},
		{"05 CT/TW", seedID, "Article:108"},
		{"Chỉ thị số 05-CT/TW", seedID, "Article:108"},
		{"05-CT/TU", "Article:108", seedID},
		{"16-CT/TU", seedID, "Article:108"},
		{"02-NQ/TU", "Article:108", "Article:105"},
		{"30/2020/NĐ-CP", "Article:108", seedID},
		{"49.356", seedID, "Article:108"},
		{"97,73%", seedID, "Article:108"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := idsFor(t, ix, tt.query)
			if !slices.Contains(got, tt.want) || slices.Contains(got, tt.without) {
				t.Errorf("%q: got %v, want %s and not %s", tt.query, got, tt.want, tt.without)
			}
		})
	}
	t.Run("PartOfNumberIsNotTheNumber", func(t *testing.T) {
		if got := idsFor(t, ix, "356"); slices.Contains(got, seedID) {
			t.Errorf("356: got %v, want no seed (it has 49.356)", got)
		}
	})
}

func TestSearchSyntax(t *testing.T) {
	ix := mustOpen(t)
	t.Run("QuotedPhrase", func(t *testing.T) {
		got := idsFor(t, ix, `"tổ chức đảng"`)
		if slices.Contains(got, "Article:109") || !slices.Contains(got, "Article:110") {
			t.Errorf("got %v, want Article:110 and not Article:109 (words apart)", got)
		}
	})
	t.Run("Exclusion", func(t *testing.T) {
		got := idsFor(t, ix, "đảng viên -kết")
		if slices.Contains(got, "Article:103") || !slices.Contains(got, "Article:104") {
			t.Errorf("got %v, want Article:104 and not Article:103", got)
		}
	})
	t.Run("ExcludedPhrase", func(t *testing.T) {
		got := idsFor(t, ix, `mùa mưa -"miền Trung"`)
		if slices.Contains(got, "Article:101") {
			t.Errorf("got %v, want no Article:101", got)
		}
	})
	t.Run("OR", func(t *testing.T) {
		got := idsFor(t, ix, "múa OR sức")
		if !slices.Contains(got, "Article:102") || !slices.Contains(got, "Article:107") {
			t.Errorf("got %v, want Article:102 and Article:107", got)
		}
	})
	t.Run("LowercaseOrIsAWord", func(t *testing.T) {
		if pq := parseQuery("múa or sức"); len(pq.groups) != 3 {
			t.Errorf("got %d groups, want 3", len(pq.groups))
		}
	})
	for _, q := range []string{`"unclosed`, `-`, `OR`, `OR OR`, `a OR`, `((`, `title:x AND y*`, `~^!{}[]`, `""`, `-"`, `---`, `\`, "\x00", "đảng~2 +viên"} {
		t.Run("NoSyntaxError"+q, func(t *testing.T) {
			if _, err := ix.Search(context.Background(), Request{Query: q}); err != nil {
				t.Errorf("%q: %v", q, err)
			}
		})
	}
}

func TestSearchProximity(t *testing.T) {
	ix := mustOpen(t)
	got := idsFor(t, ix, "tổ chức đảng ở")
	i110, i109 := slices.Index(got, "Article:110"), slices.Index(got, "Article:109")
	if i110 < 0 || i109 < 0 || i110 > i109 {
		t.Errorf("got %v, want Article:110 (in order) above Article:109 (apart)", got)
	}
}

func highlightOf(res *Result, id, field string) []string {
	for _, h := range res.Hits {
		if h.ID != id {
			continue
		}
		for _, hl := range h.Highlights {
			if hl.Field == field {
				return hl.Fragments
			}
		}
	}
	return nil
}

func TestSearchHighlights(t *testing.T) {
	ix := mustOpen(t)
	tests := []struct {
		name, query, id, field string
		contains               []string
	}{
		{"Unaccented", "nghi quyet", seedID, "title", []string{"<mark>Nghị quyết</mark> Tỉnh ủy"}},
		{"AbbreviationMarksExpansion", "ĐV", "Article:103", "lead", []string{"kết nạp 5 <mark>đảng viên</mark>."}},
		{"AbbreviationMarksItself", "ĐV", "Article:104", "lead", []string{"dành cho <mark>ĐV</mark> mới."}},
		{"ExpansionMarksAbbreviation", "đảng viên", "Article:104", "body", []string{"Có 120 <mark>ĐV</mark> tham dự"}},
		{"Escaped", "giá sản phẩm", "Article:110", "body", []string{"<mark>Giá</mark> <mark>sản</mark> <mark>phẩm</mark> &lt;b&gt;tăng&lt;/b&gt; &amp; ổn định."}},
		{"Code", "05-CT/TW", seedID, "body", []string{"Chỉ thị số <mark>05-CT/TW</mark> của"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Query: tt.query, First: 20})
			frags := strings.Join(highlightOf(res, tt.id, tt.field), "\n")
			for _, c := range tt.contains {
				if !strings.Contains(frags, c) {
					t.Errorf("%q in %s.%s: got %q, want it to contain %q", tt.query, tt.id, tt.field, frags, c)
				}
			}
		})
	}
}

func bucket(bs []Bucket, value string) int {
	for _, b := range bs {
		if b.Value == value {
			return b.Count
		}
	}
	return 0
}

func TestSearchFiltersAndFacets(t *testing.T) {
	ix := mustOpen(t)
	t.Run("FacetsOfAllResults", func(t *testing.T) {
		res := mustSearch(t, ix, Request{Query: "tỉnh"})
		if bucket(res.Facets.Types, "Article") == 0 || bucket(res.Facets.Types, "Organisation") == 0 {
			t.Errorf("types facet %v", res.Facets.Types)
		}
		if bucket(res.Facets.Sources, "Báo Đồng Khởi") == 0 || bucket(res.Facets.Years, "2020") == 0 {
			t.Errorf("facets %+v", res.Facets)
		}
	})
	t.Run("OwnSelectionIgnored", func(t *testing.T) {
		all := mustSearch(t, ix, Request{Query: "tỉnh", Filter: Filter{Types: []string{"Article"}}})
		res := mustSearch(t, ix, Request{Query: "tỉnh", Filter: Filter{Types: []string{"Article"}, Sources: []string{"Báo Bến Tre"}}})
		for _, h := range res.Hits {
			if h.Type != "Article" {
				t.Errorf("hit %s with a types filter", h.ID)
			}
		}
		// The sources facet counts every source under the other filters.
		if got, want := bucket(res.Facets.Sources, "Báo Đồng Khởi"), bucket(all.Facets.Sources, "Báo Đồng Khởi"); got == 0 || got != want {
			t.Errorf("sources facet with a sources filter: Báo Đồng Khởi %d, want %d", got, want)
		}
		// Other facets count within the selection.
		if got := bucket(res.Facets.Types, "Article"); uint64(got) != res.Total {
			t.Errorf("types facet %v, total %d", res.Facets.Types, res.Total)
		}
	})
	t.Run("DateRange", func(t *testing.T) {
		from := time.Date(2021, 1, 1, 0, 0, 0, 0, vntext.Vietnam)
		res := mustSearch(t, ix, Request{Query: "tỉnh", Filter: Filter{From: &from}})
		if res.Total == 0 {
			t.Fatal("no results")
		}
		for _, h := range res.Hits {
			if !slices.Contains([]string{"Article:105", "Article:106"}, h.ID) {
				t.Errorf("hit %s before %v", h.ID, from)
			}
		}
		if bucket(res.Facets.Years, "2020") == 0 {
			t.Errorf("years facet %v ignores the date filter, want 2020 counted", res.Facets.Years)
		}
	})
	t.Run("Mentions", func(t *testing.T) {
		res := mustSearch(t, ix, Request{Filter: Filter{Organisations: []string{"Organisation:1"}}})
		got := ids(res)
		slices.Sort(got)
		if want := []string{seedID, "Article:103", "Article:104"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		if bucket(res.Facets.People, "Person:1") != 1 {
			t.Errorf("people facet %v", res.Facets.People)
		}
	})
}

func TestSearchPagination(t *testing.T) {
	ix := mustOpen(t)
	for _, order := range []Sort{Relevance, Newest, Oldest} {
		all := mustSearch(t, ix, Request{Query: "tỉnh", Sort: order, First: 100, SkipFacets: true})
		var paged []string
		after := ""
		for page := 0; ; page++ {
			res := mustSearch(t, ix, Request{Query: "tỉnh", Sort: order, First: 3, After: after, SkipFacets: true})
			paged = append(paged, ids(res)...)
			if !res.HasNext {
				break
			}
			if page > 20 || res.EndCursor == "" {
				t.Fatal("pagination does not end")
			}
			after = res.EndCursor
		}
		if got := ids(all); !slices.Equal(paged, got) {
			t.Errorf("sort %d: pages %v, want %v", order, paged, got)
		}
		if uint64(len(paged)) != all.Total {
			t.Errorf("sort %d: %d hits, total %d", order, len(paged), all.Total)
		}
	}
	t.Run("Newest", func(t *testing.T) {
		got := ids(mustSearch(t, ix, Request{Query: "đảng viên", Sort: Newest}))
		if len(got) < 2 || got[0] != "Article:104" || got[1] != "Article:103" {
			t.Errorf("got %v, want Article:104 (Aug 2020) then Article:103 (Jul 2020)", got)
		}
	})
	t.Run("BadCursor", func(t *testing.T) {
		if _, err := ix.Search(context.Background(), Request{Query: "x", After: "!!"}); err != ErrBadCursor {
			t.Errorf("got %v, want ErrBadCursor", err)
		}
	})
}

func TestSuggest(t *testing.T) {
	ix := mustOpen(t)
	tests := []struct {
		prefix string
		types  []string
		want   string
	}{
		{"tinh u", nil, "Organisation:1"},
		{"Tỉnh ủy Bến", nil, "Organisation:1"},
		{"nguyen van h", nil, "Person:1"},
		{"ong hoa", nil, "Person:1"},
		{"05-CT", []string{"Resolution"}, "Resolution:1"},
		{"ubnd", nil, "Organisation:2"},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got, err := ix.Suggest(context.Background(), tt.prefix, tt.types, 5)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, s := range got {
				if s.Type == "Article" {
					t.Errorf("suggested an article %s", s.ID)
				}
				found = found || s.ID == tt.want
			}
			if !found {
				t.Errorf("%q: got %+v, want %s", tt.prefix, got, tt.want)
			}
		})
	}
}

func TestApplyDeletes(t *testing.T) {
	ix := mustOpen(t)
	ctx := context.Background()
	if err := ix.Apply(ctx, nil, []string{"Article:101"}); err != nil {
		t.Fatal(err)
	}
	if got := idsFor(t, ix, "mùa mưa"); slices.Contains(got, "Article:101") {
		t.Errorf("deleted article found: %v", got)
	}
	n, err := ix.DocCount()
	if err != nil || n != uint64(len(fixtureDocs(t))-1) {
		t.Errorf("DocCount %d, %v", n, err)
	}
}

func TestRebuildSwapsWhileServing(t *testing.T) {
	ix := mustOpen(t)
	ctx := context.Background()
	docs := fixtureDocs(t)
	started := make(chan struct{})
	proceed := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- ix.Rebuild(ctx, 0, func(yield func(Doc) error) error {
			close(started)
			<-proceed
			for _, d := range docs {
				if d.ID == "Article:102" {
					continue // gone from the database
				}
				if err := yield(d); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	<-started
	// The old index serves during the build, and a write made now survives.
	if got := idsFor(t, ix, "múa rối"); !slices.Contains(got, "Article:102") {
		t.Errorf("during rebuild: got %v", got)
	}
	if err := ix.Apply(ctx, []Doc{{ID: "Article:200", Type: "Article", Title: "Khánh thành cầu Rạch Miễu 2"}}, nil); err != nil {
		t.Fatal(err)
	}
	close(proceed)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := idsFor(t, ix, "múa rối"); slices.Contains(got, "Article:102") {
		t.Errorf("after rebuild: got %v, want no Article:102", got)
	}
	if got := idsFor(t, ix, "rach mieu"); !slices.Contains(got, "Article:200") {
		t.Errorf("write during rebuild lost: got %v", got)
	}
	if _, err := os.Stat(ix.dir + ".new"); !os.IsNotExist(err) {
		t.Errorf("%s.new left behind", ix.dir)
	}
}

func TestRebuildClosedIndexDir(t *testing.T) {
	dir := t.TempDir() + "/index"
	ctx := context.Background()
	if err := Rebuild(ctx, dir, func(yield func(Doc) error) error {
		for _, d := range fixtureDocs(t) {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := idsFor(t, ix, "nghi quyet tinh uy"); len(got) == 0 || got[0] != seedID {
		t.Errorf("got %v", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	ix := mustOpen(t)
	ctx := context.Background()
	errs := make(chan error, 5)
	for g := range 4 {
		go func() {
			for i := range 20 {
				q := []string{"nghị quyết", "ĐV", "mua mua", "tổ chức đảng"}[(g+i)%4]
				if _, err := ix.Search(ctx, Request{Query: q}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	go func() {
		for i := range 20 {
			d := Doc{ID: "Article:" + strings.Repeat("9", i+3), Type: "Article", Title: "Đại hội đảng viên"}
			if err := ix.Apply(ctx, []Doc{d}, nil); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
	for range 5 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := idsFor(t, ix, "dai hoi dang vien"); !slices.Contains(got, "Article:999") {
		t.Errorf("got %v, want the articles written meanwhile", got)
	}
}

func TestSearchPunctuationBreaksAdjacency(t *testing.T) {
	ix := mustOpen(t)
	err := ix.Apply(context.Background(), []Doc{
		{ID: "Article:301", Type: "Article", Title: "Tin địa phương", Body: "Sau đó, người dân được hỗ trợ gạo."},
		{ID: "Article:302", Type: "Article", Title: "Tin địa phương", Body: "Trong đó người dân được hỗ trợ gạo."},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := idsFor(t, ix, "đó người")
	if len(got) < 2 || got[0] != "Article:302" {
		t.Errorf("got %v, want Article:302 (đó người) before Article:301 (đó, người)", got)
	}
}
