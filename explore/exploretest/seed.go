// Package exploretest builds relationship graphs for tests and benchmarks:
// the graph of the seed article (SeedGraph), written through the models
// store as the import would, and large synthetic graphs with a skewed degree
// distribution (Generate).
package exploretest

import (
	"context"
	_ "embed"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tracuu/models"
	"tracuu/vntext"
)

//go:embed testdata/seed.txt
var seedText string

// Seed holds the ids of the seed article's graph.
type Seed struct {
	Article     int64 // Chủ động tổ chức triển khai thực hiện Nghị quyết Tỉnh ủy năm 2020
	PublishedAt time.Time

	BoChinhTri  int64 // Bộ Chính trị
	TinhUy      int64 // Tỉnh ủy Bến Tre
	BanThuongVu int64 // Ban Thường vụ Tỉnh ủy, under Tỉnh ủy Bến Tre
	ChauThanh   int64 // Đảng bộ huyện Châu Thành, under Tỉnh ủy Bến Tre
	TanThach    int64 // Đảng bộ xã Tân Thạch, under Đảng bộ huyện Châu Thành

	TranNgocTam int64 // Trần Ngọc Tam
	HuongThu    int64 // Hương Thu, the author
	Position    int64 // Trần Ngọc Tam, Phó Bí thư Thường trực at Tỉnh ủy Bến Tre

	CT05 int64 // Chỉ thị 05-CT/TW, issued by Bộ Chính trị
	NQ02 int64 // Nghị quyết 02-NQ/TU, issued by Tỉnh ủy Bến Tre
	CT16 int64 // Chỉ thị 16-CT/TU, issued by Ban Thường vụ Tỉnh ủy

	Report int64 // the article's report on 05-CT/TW and 02-NQ/TU

	Mentions []models.Mention // as stored, in text order
}

// SeedGraph writes the seed article (../shared/seeds/000_d95fb2c70d4e2a6e.txt)
// and the entities it names through the store: organisations with their
// parents, people, the position, resolutions with their issuers, the report,
// and one mention per occurrence of each name in the body, with its sentence.
func SeedGraph(t testing.TB, s *models.Store) *Seed {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed graph: %v", err)
		}
	}
	var sd Seed
	org := func(name, kind, level string, parent *int64) int64 {
		o := &models.Organisation{Name: name, Kind: kind, Level: level, ParentID: parent}
		must(s.CreateOrganisation(ctx, o))
		return o.ID
	}
	sd.BoChinhTri = org("Bộ Chính trị", "party_committee", "central", nil)
	sd.TinhUy = org("Tỉnh ủy Bến Tre", "party_committee", "province", nil)
	sd.BanThuongVu = org("Ban Thường vụ Tỉnh ủy Bến Tre", "standing_committee", "province", &sd.TinhUy)
	sd.ChauThanh = org("Đảng bộ huyện Châu Thành", "party_organisation", "district", &sd.TinhUy)
	sd.TanThach = org("Đảng bộ xã Tân Thạch", "party_organisation", "commune", &sd.ChauThanh)
	person := func(name string) int64 {
		p := &models.Person{Name: name}
		must(s.CreatePerson(ctx, p))
		return p.ID
	}
	sd.TranNgocTam = person("Trần Ngọc Tam")
	sd.HuongThu = person("Hương Thu")

	lines := strings.Split(seedText, "\n")
	title := strings.TrimSpace(lines[0])
	published, err := time.ParseInLocation("02/01/2006 - 15:04", strings.TrimSpace(lines[2]), vntext.Vietnam)
	must(err)
	body := strings.TrimSpace(strings.Join(lines[3:], "\n"))
	a := &models.Article{Title: title, Body: body, Source: "Báo Đồng Khởi", SourceCode: "BDK", PublishedAt: &published}
	_, err = s.SaveArticle(ctx, a, []int64{sd.HuongThu})
	must(err)
	sd.Article, sd.PublishedAt = a.ID, published

	pos := &models.Position{PersonID: sd.TranNgocTam, OrganisationID: sd.TinhUy, Title: "Phó Bí thư Thường trực", ArticleID: &sd.Article}
	must(s.CreatePosition(ctx, pos))
	sd.Position = pos.ID

	res := func(code string, issuer int64) int64 {
		r := &models.Resolution{Code: &code, IssuerID: &issuer}
		must(s.CreateResolution(ctx, r))
		return r.ID
	}
	sd.CT05 = res("05-CT/TW", sd.BoChinhTri)
	sd.NQ02 = res("02-NQ/TU", sd.TinhUy)
	sd.CT16 = res("16-CT/TU", sd.BanThuongVu)

	start, end := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 6, 30, 0, 0, 0, 0, time.UTC)
	pct := func(v float64) *float64 { return &v }
	rep := &models.Report{Title: "Kết quả 6 tháng đầu năm 2020 thực hiện Nghị quyết Tỉnh ủy", PeriodStart: &start, PeriodEnd: &end, OrganisationID: &sd.TinhUy, ArticleID: &sd.Article}
	must(s.SaveReport(ctx, rep, []int64{sd.CT05, sd.NQ02}, []models.Figure{
		{Label: "đảng viên dự học", Value: 49356, Unit: "ĐV", Percent: pct(97.73)},
		{Label: "tổ chức cơ sở đảng đã tiến hành đại hội", Value: 621, Total: pct(638), Percent: pct(97.34)},
	}))
	sd.Report = rep.ID

	// Names as the body spells them; a longer name hides the shorter one
	// inside it ("Ban Thường vụ Tỉnh ủy" is not also "Tỉnh ủy").
	names := []struct {
		typ  string
		id   int64
		name string
	}{
		{models.TypeOrganisation, sd.BanThuongVu, "Ban Thường vụ Tỉnh ủy"},
		{models.TypeOrganisation, sd.TanThach, "Đảng bộ xã Tân Thạch"},
		{models.TypeOrganisation, sd.ChauThanh, "huyện Châu Thành"},
		{models.TypeOrganisation, sd.BoChinhTri, "Bộ Chính trị"},
		{models.TypeOrganisation, sd.TinhUy, "Tỉnh ủy"},
		{models.TypePerson, sd.TranNgocTam, "Trần Ngọc Tam"},
		{models.TypeResolution, sd.CT05, "05-CT/TW"},
		{models.TypeResolution, sd.NQ02, "02-NQ/TU"},
		{models.TypeResolution, sd.CT16, "16-CT/TU"},
	}
	text := a.Body // as stored: cleaned
	taken := make([]bool, len(text))
	var ms []models.Mention
	for _, n := range names {
		name := vntext.Clean(n.name)
		for from := 0; ; {
			i := strings.Index(text[from:], name)
			if i < 0 {
				break
			}
			i += from
			j := i + len(name)
			from = j
			if taken[i] || taken[j-1] {
				continue
			}
			for k := i; k < j; k++ {
				taken[k] = true
			}
			ms = append(ms, models.Mention{
				EntityType: n.typ, EntityID: n.id, Field: "body",
				Sentence:    sentenceAt(text, i),
				StartOffset: utf8.RuneCountInString(text[:i]), EndOffset: utf8.RuneCountInString(text[:j]),
			})
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].StartOffset < ms[j].StartOffset })
	must(s.ReplaceMentions(ctx, sd.Article, ms))
	sd.Mentions = ms
	return &sd
}

// sentenceAt returns the sentence of text around byte offset i: from the
// end of the previous sentence (a full stop, ! or ? before a space, or a line
// break) to the end of this one.
func sentenceAt(text string, i int) string {
	isEnd := func(k int) bool { // text[k] ends a sentence
		switch text[k] {
		case '\n':
			return true
		case '.', '!', '?':
			return k+1 == len(text) || text[k+1] == ' ' || text[k+1] == '\n'
		}
		return false
	}
	start := 0
	for k := i - 1; k >= 0; k-- {
		if isEnd(k) {
			start = k + 1
			break
		}
	}
	end := len(text)
	for k := i; k < len(text); k++ {
		if isEnd(k) {
			end = k + 1
			break
		}
	}
	return strings.TrimSpace(text[start:end])
}
