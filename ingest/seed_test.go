package ingest

import (
	"strings"
	"testing"
	"time"
)

// TestSeedArticle asserts, field by field, what the seed article
// (../shared/seeds/000_d95fb2c70d4e2a6e.txt, copied to testdata) must give.
func TestSeedArticle(t *testing.T) {
	a := readFixture(t, "testdata/seed_bdk.txt")

	t.Run("Article", func(t *testing.T) {
		if want := "Chủ động tổ chức triển khai thực hiện Nghị quyết Tỉnh ủy năm 2020"; a.Title != want {
			t.Errorf("Title = %q, want %q", a.Title, want)
		}
		if got := a.PublishedAt.Format(time.RFC3339); got != "2020-06-29T06:52:00+07:00" {
			t.Errorf("PublishedAt = %s", got)
		}
		if a.Source != "Báo Đồng Khởi" || a.SourceCode != "BDK" || a.Province != "Bến Tre" {
			t.Errorf("Source = %q %q %q", a.Source, a.SourceCode, a.Province)
		}
		if !strings.HasPrefix(a.Lead, "Trong 6 tháng đầu năm 2020, việc triển khai") || !strings.HasSuffix(a.Lead, "nhất là trong công tác xây dựng Đảng.") {
			t.Errorf("Lead = %q", a.Lead)
		}
		if !strings.Contains(a.Lead, "“Bứt phá về đích”") {
			t.Errorf("Lead quotes not paired: %q", a.Lead)
		}
		if len(a.Authors) != 1 || a.Authors[0] != "Hương Thu" {
			t.Errorf("Authors = %q", a.Authors)
		}
		if a.Attribution != "Phó bí thư Thường trực Tỉnh ủy Trần Ngọc Tam" {
			t.Errorf("Attribution = %q", a.Attribution)
		}
		if len(a.Captions) != 1 || a.Captions[0] != "Đại hội đại biểu Đảng bộ xã Tân Thạch, huyện Châu Thành, nhiệm kỳ 2020 - 2025." {
			t.Errorf("Captions = %q", a.Captions)
		}
		for _, bad := range []string{"Ảnh: CTV", "Chia sẻ bài viết", "BÌNH LUẬN", "Bài, ảnh", "Hương Thu", "(Phó bí thư", "  "} {
			if strings.Contains(a.Body, bad) {
				t.Errorf("Body contains %q", bad)
			}
		}
		if !strings.HasPrefix(a.Body, "Về đại hội đảng các cấp\n\nCác cấp ủy, tổ chức đảng (TCĐ)") {
			t.Errorf("Body starts %q", a.Body[:80])
		}
		if !strings.HasSuffix(a.Body, "nâng cao chất lượng sinh hoạt Đảng.") {
			t.Errorf("Body ends %q", a.Body[len(a.Body)-80:])
		}
		if !strings.Contains(a.Body, "\n\nKiện toàn tổ chức bộ máy\n\n") {
			t.Error("section heading lost")
		}
		if a.ContentKey() != a.ContentHash || !strings.HasPrefix(a.ContentHash, "sha256:") {
			t.Errorf("ContentKey = %q", a.ContentKey())
		}
	})

	x := Extract(a)

	t.Run("Resolutions", func(t *testing.T) {
		want := []struct{ key, code, kind, issuer, level string }{
			{"NQ-2020/tinh uy ben tre", "", KindNghiQuyet, "Tỉnh ủy Bến Tre", "province"},
			{"05-CT/TW", "05-CT/TW", KindChiThi, "Bộ Chính trị", "central"},
			{"16-CT/TU", "16-CT/TU", KindChiThi, "Ban Thường vụ Tỉnh ủy Bến Tre", "province"},
			{"18-NQ/TW", "18-NQ/TW", KindNghiQuyet, "Ban Chấp hành Trung ương Đảng", "central"},
			{"19-NQ/TW", "19-NQ/TW", KindNghiQuyet, "Ban Chấp hành Trung ương Đảng", "central"},
			{"02-NQ/TU", "02-NQ/TU", KindNghiQuyet, "Tỉnh ủy Bến Tre", "province"},
			{"NQTW4-XI", "", KindNghiQuyet, "Ban Chấp hành Trung ương Đảng", "central"},
			{"NQTW4-XII", "", KindNghiQuyet, "Ban Chấp hành Trung ương Đảng", "central"},
			{"NQĐH-XI/dang bo tinh ben tre", "", KindNghiQuyet, "Đảng bộ tỉnh Bến Tre", "province"},
		}
		if len(x.Resolutions) != len(want) {
			for _, r := range x.Resolutions {
				t.Logf("got %s", r.Key)
			}
			t.Fatalf("%d resolutions, want %d", len(x.Resolutions), len(want))
		}
		for i, w := range want {
			r := x.Resolutions[i]
			if r.Key != w.key || r.Code != w.code || r.Kind != w.kind || r.Issuer != w.issuer || r.Level != w.level {
				t.Errorf("resolution %d = %s %q %s %q %s, want %+v", i, r.Key, r.Code, r.Kind, r.Issuer, r.Level, w)
			}
		}
		byKey := map[string]Resolution{}
		for _, r := range x.Resolutions {
			byKey[r.Key] = r
		}
		// "Nghị quyết số 02-NQ/TU" and "Nghị quyết số 02 của Tỉnh ủy" are one document.
		if n := len(byKey["02-NQ/TU"].Mentions); n != 2 {
			t.Errorf("02-NQ/TU has %d mentions, want 2", n)
		}
		// Title, lead, body (twice more, one as "Nghị quyết Tỉnh ủy 6 tháng cuối năm", one as "Nghị quyết năm 2020").
		if n := len(byKey["NQ-2020/tinh uy ben tre"].Mentions); n != 5 {
			t.Errorf("annual resolution has %d mentions, want 5", n)
		}
		if r := byKey["NQ-2020/tinh uy ben tre"]; r.Year != 2020 {
			t.Errorf("annual resolution year = %d", r.Year)
		}
		if r := byKey["NQTW4-XII"]; r.Plenum != 4 || r.Term != "XII" {
			t.Errorf("plenum resolution = %+v", r)
		}
		if r := byKey["16-CT/TU"]; r.Title != "về thi đua “Đồng khởi mới”" {
			t.Errorf("16-CT/TU title = %q", r.Title)
		}
	})

	t.Run("Organisations", func(t *testing.T) {
		want := map[string]struct{ kind, level, parent string }{
			"Tỉnh ủy Bến Tre":                    {"party_committee", "province", ""},
			"Đảng Cộng sản Việt Nam":             {"party_organisation", "central", ""}, // "công tác xây dựng Đảng"
			"Đảng bộ xã Tân Thạch":               {"party_organisation", "commune", "Đảng bộ huyện Châu Thành"},
			"Bộ Chính trị":                       {"standing_committee", "central", "Ban Chấp hành Trung ương Đảng"},
			"Ban Thường vụ Tỉnh ủy Bến Tre":      {"standing_committee", "province", "Tỉnh ủy Bến Tre"},
			"Đảng bộ huyện Mỏ Cày Bắc":           {"party_organisation", "district", "Đảng bộ tỉnh Bến Tre"},
			"Ban Chấp hành Đảng bộ tỉnh Bến Tre": {"party_committee", "province", "Đảng bộ tỉnh Bến Tre"},
			"Ban Chấp hành Trung ương Đảng":      {"party_committee", "central", "Đảng Cộng sản Việt Nam"},
			"Ủy ban nhân dân huyện":              {"government", "district", ""},
			"Mặt trận Tổ quốc Việt Nam":          {"front", "central", ""},
			"Ủy ban Kiểm tra":                    {"party_organisation", "other", ""},
			"Đảng bộ tỉnh Bến Tre":               {"party_organisation", "province", ""},
		}
		if len(x.Organisations) != len(want) {
			for _, o := range x.Organisations {
				t.Logf("got %s", o.Name)
			}
			t.Errorf("%d organisations, want %d", len(x.Organisations), len(want))
		}
		for _, o := range x.Organisations {
			w, ok := want[o.Name]
			if !ok {
				t.Errorf("unexpected organisation %q", o.Name)
				continue
			}
			if o.Kind != w.kind || o.Level != w.level || o.Parent != w.parent {
				t.Errorf("%s = %s %s parent %q, want %+v", o.Name, o.Kind, o.Level, o.Parent, w)
			}
		}
	})

	t.Run("People", func(t *testing.T) {
		var names []string
		for _, p := range x.People {
			names = append(names, p.Name)
		}
		if got := strings.Join(names, ", "); got != "Hồ Chí Minh, Trần Ngọc Tam, Hương Thu" {
			t.Errorf("people = %s", got)
		}
		if !x.People[2].Author || x.People[0].Author {
			t.Error("Hương Thu is the author, Hồ Chí Minh is not")
		}
		if len(x.Positions) != 1 {
			t.Fatalf("positions = %+v", x.Positions)
		}
		p := x.Positions[0]
		if p.Person != "Trần Ngọc Tam" || p.Title != "Phó Bí thư Thường trực" || p.Organisation != "Tỉnh ủy Bến Tre" || !p.AsOf.Equal(a.PublishedAt) {
			t.Errorf("position = %+v", p)
		}
	})

	t.Run("Figures", func(t *testing.T) {
		find := func(text string) Figure {
			for _, f := range x.Figures {
				if strings.HasPrefix(f.Mention.Text, text) {
					return f
				}
			}
			t.Fatalf("no figure %q", text)
			return Figure{}
		}
		f := find("49.356 ĐV")
		if f.Value != 49356 || f.Unit != "đảng viên" || f.Label != "đảng viên dự học" || f.Percent == nil || *f.Percent != 97.73 {
			t.Errorf("49.356 ĐV = %+v", f)
		}
		f = find("621/638")
		if f.Value != 621 || f.Total == nil || *f.Total != 638 || f.Percent == nil || *f.Percent != 97.34 || f.Label != "tổ chức đảng cơ sở đã tiến hành đại hội" {
			t.Errorf("621/638 = %+v", f)
		}
		f = find("119 trường hợp")
		if f.Value != 119 || f.Unit != "trường hợp" || f.Label != "trường hợp giảm biên chế" {
			t.Errorf("119 = %+v", f)
		}
		for _, f := range x.Figures {
			if f.Value == 2020 || f.Value == 2025 || f.Value == 130 {
				t.Errorf("a year or an anniversary read as a figure: %+v", f.Mention.Text)
			}
		}
	})

	t.Run("Report", func(t *testing.T) {
		if len(x.Reports) != 1 {
			t.Fatalf("reports = %+v", x.Reports)
		}
		r := x.Reports[0]
		if r.Title != a.Title || len(r.Resolutions) != 1 || r.Resolutions[0] != "NQ-2020/tinh uy ben tre" || r.Organisation != "Tỉnh ủy Bến Tre" {
			t.Errorf("report = %+v", r)
		}
		if r.PeriodStart.Format("2006-01-02") != "2020-01-01" || r.PeriodEnd.Format("2006-01-02") != "2020-06-30" || r.Period != "6 tháng đầu năm 2020" {
			t.Errorf("period = %s %s %s", r.Period, r.PeriodStart, r.PeriodEnd)
		}
		if len(r.Figures) != len(x.Figures) {
			t.Errorf("report has %d figures of %d", len(r.Figures), len(x.Figures))
		}
	})
}
