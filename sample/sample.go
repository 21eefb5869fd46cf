// Package sample is the bundled sample: the seed article from Báo Đồng Khởi
// with the organisations, people, positions, resolutions and report it
// describes, curated by hand, loaded at a new installation's first start so
// that a newcomer has something to explore.
package sample

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tracuu/ingest"
	"tracuu/models"
	"tracuu/vntext"
)

//go:embed seed.txt
var seedText []byte

// URL is the identity of the sample article.
const URL = "https://baodongkhoi.vn/chu-dong-to-chuc-trien-khai-thuc-hien-nghi-quyet-tinh-uy-nam-2020-29062020-a72296.html"

type org struct {
	key, name, kind, level, parent string
	aliases                        []string
	forms                          []string // how the article writes it
}

var orgs = []org{
	{key: "tw", name: "Ban Chấp hành Trung ương Đảng", kind: "party_committee", level: "central", aliases: []string{"Trung ương", "BCH TW"}, forms: []string{"của Trung ương"}},
	{key: "bct", name: "Bộ Chính trị", kind: "party_committee", level: "central", parent: "tw", forms: []string{"Bộ Chính trị"}},
	{key: "tu", name: "Tỉnh ủy Bến Tre", kind: "party_committee", level: "province", aliases: []string{"Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh Bến Tre"}, forms: []string{"Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh", "Ban Châp hành Đảng bộ tỉnh"}},
	{key: "btv", name: "Ban Thường vụ Tỉnh ủy Bến Tre", kind: "standing_committee", level: "province", parent: "tu", aliases: []string{"Ban Thường vụ Tỉnh ủy", "BTV Tỉnh ủy"}, forms: []string{"Ban Thường vụ Tỉnh ủy"}},
	{key: "ubkt", name: "Ủy ban Kiểm tra Tỉnh ủy Bến Tre", kind: "party_committee", level: "province", parent: "tu", aliases: []string{"Ủy ban Kiểm tra"}, forms: []string{"Ủy ban Kiểm tra"}},
	{key: "ct", name: "Đảng bộ huyện Châu Thành", kind: "party_organisation", level: "district", parent: "tu", forms: []string{"huyện Châu Thành"}},
	{key: "tt", name: "Đảng bộ xã Tân Thạch", kind: "party_organisation", level: "commune", parent: "ct", forms: []string{"Đảng bộ xã Tân Thạch"}},
	{key: "mcb", name: "Đảng bộ huyện Mỏ Cày Bắc", kind: "party_organisation", level: "district", parent: "tu", forms: []string{"Đảng bộ huyện Mỏ Cày Bắc"}},
	{key: "mttq", name: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bến Tre", kind: "front", level: "province", aliases: []string{"MTTQ"}, forms: []string{"MTTQ"}},
	{key: "bdk", name: "Báo Đồng Khởi", kind: "press", level: "province", parent: "tu", aliases: []string{"BDK"}, forms: []string{"BDK"}},
}

type person struct {
	key, name string
	forms     []string
}

var people = []person{
	{key: "tam", name: "Trần Ngọc Tam", forms: []string{"Trần Ngọc Tam"}},
	{key: "thu", name: "Hương Thu", forms: []string{"Hương Thu"}},
	{key: "hcm", name: "Hồ Chí Minh", forms: []string{"Chủ tịch Hồ Chí Minh"}},
}

type resolution struct {
	key, code, kind, issuer, title string
	forms                          []string
}

var resolutions = []resolution{
	{key: "nq2020", kind: "nghi_quyet", issuer: "tu", title: "Nghị quyết Tỉnh ủy Bến Tre năm 2020", forms: []string{"Nghị quyết Tỉnh ủy năm 2020", "Nghị quyết Tỉnh ủy 6 tháng", "Nghị quyết năm 2020"}},
	{key: "05", code: "05-CT/TW", issuer: "bct", title: "Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", forms: []string{"Chỉ thị số 05-CT/TW", "Chỉ thị  số 05-CT/TW"}},
	{key: "16", code: "16-CT/TU", issuer: "btv", title: "Chỉ thị số 16-CT/TU của Ban Thường vụ Tỉnh ủy về thi đua “Đồng khởi mới”", forms: []string{"Chỉ thị số 16-CT/TU"}},
	{key: "02", code: "02-NQ/TU", issuer: "tu", title: "Nghị quyết số 02-NQ/TU của Tỉnh ủy Bến Tre", forms: []string{"Nghị quyết số 02-NQ/TU", "Nghị quyết số 02 của Tỉnh ủy"}},
	{key: "18", code: "18-NQ/TW", issuer: "tw", title: "Nghị quyết số 18-NQ/TW về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả", forms: []string{"Nghị quyết số 18"}},
	{key: "19", code: "19-NQ/TW", issuer: "tw", title: "Nghị quyết số 19-NQ/TW về tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt động của các đơn vị sự nghiệp công lập", forms: []string{"18, 19"}},
	{key: "tw4xi", kind: "nghi_quyet", issuer: "tw", title: "Nghị quyết Trung ương 4 khóa XI", forms: []string{"Nghị quyết Trung ương 4, khóa XI"}},
	{key: "tw4xii", kind: "nghi_quyet", issuer: "tw", title: "Nghị quyết Trung ương 4 khóa XII", forms: []string{"XII"}},
	{key: "dhxi", kind: "nghi_quyet", issuer: "tu", title: "Nghị quyết Đại hội XI Đảng bộ tỉnh Bến Tre", forms: []string{"Nghị quyết ĐH XI Đảng bộ tỉnh"}},
}

func f(v float64) *float64 { return &v }

var figures = []models.Figure{
	{Label: "đảng viên dự học chuyên đề", Value: 49356, Unit: "đảng viên", Percent: f(97.73)},
	{Label: "tổ chức đảng cơ sở đã tiến hành đại hội", Value: 621, Unit: "tổ chức đảng", Total: f(638), Percent: f(97.34)},
	{Label: "lãnh đạo cấp tỉnh giảm", Value: 7, Unit: "lãnh đạo"},
	{Label: "lãnh đạo, quản lý cấp phòng giảm", Value: 72, Unit: "lãnh đạo"},
	{Label: "đơn vị cấp phòng giảm", Value: 36, Unit: "đơn vị"},
	{Label: "giảm biên chế", Value: 119, Unit: "trường hợp"},
	{Label: "công an chính quy đảm nhiệm chức danh trưởng công an xã", Value: 184, Unit: "đồng chí"},
	{Label: "tổ chức đảng được kiểm tra", Value: 72, Unit: "tổ chức đảng"},
	{Label: "đảng viên được kiểm tra", Value: 526, Unit: "đảng viên"},
	{Label: "đảng viên bị kỷ luật", Value: 54, Unit: "đảng viên"},
}

var figureSentences = []string{"49.356 ĐV dự học", "621/638 TCĐ", "giảm 7 lãnh đạo cấp tỉnh", "72 lãnh đạo, quản lý", "giảm 36 đơn vị", "giảm biên chế 119", "184 đồng chí", "kiểm tra 72 TCĐ", "526 ĐV", "kỷ luật 54 ĐV"}

// Load stores the sample unless its article is already there. It returns
// false when it found the sample stored.
func Load(ctx context.Context, s *models.Store) (bool, error) {
	if _, err := s.ArticleByURL(ctx, URL); err == nil {
		return false, nil
	} else if models.ErrorCode(err) != models.ENOTFOUND {
		return false, err
	}
	art, err := ingest.ReadSeedText(bytes.NewReader(seedText))
	if err != nil {
		return false, fmt.Errorf("sample: unable to read the seed article: %w", err)
	}
	err = s.Tx(ctx, func(tx *models.Store) error { return load(ctx, tx, art) })
	if err != nil {
		// Servers starting together on one database: another may have
		// loaded it meanwhile, and this transaction lost the race.
		if _, again := s.ArticleByURL(ctx, URL); again == nil {
			return false, nil
		}
	}
	return err == nil, err
}

func load(ctx context.Context, s *models.Store, art ingest.Article) error {
	personID := map[string]int64{}
	var ms []models.Mention
	body := art.Body
	for _, p := range people {
		id, err := s.LookupKey(ctx, models.TypePerson, p.name)
		if err == nil && id == 0 {
			m := &models.Person{Name: p.name}
			err = s.CreatePerson(ctx, m)
			id = m.ID
		}
		if err != nil {
			return fmt.Errorf("sample: person %s: %w", p.name, err)
		}
		personID[p.key] = id
		ms = append(ms, mentions(body, models.TypePerson, id, p.forms)...)
	}
	url := URL
	pub := art.PublishedAt
	a := &models.Article{Title: art.Title, Lead: art.Lead, Body: body, Captions: art.Captions, URL: &url, Source: art.Source, SourceCode: art.SourceCode, Section: art.Section, PublishedAt: &pub}
	if _, err := s.SaveArticle(ctx, a, []int64{personID["thu"]}); err != nil {
		return fmt.Errorf("sample: article: %w", err)
	}
	orgID := map[string]int64{}
	for _, o := range orgs {
		id, err := s.LookupKey(ctx, models.TypeOrganisation, o.name)
		if err == nil && id == 0 {
			m := &models.Organisation{Name: o.name, Kind: o.kind, Level: o.level, Aliases: o.aliases}
			if o.parent != "" {
				pid := orgID[o.parent]
				m.ParentID = &pid
			}
			err = s.CreateOrganisation(ctx, m)
			id = m.ID
		}
		if err != nil {
			return fmt.Errorf("sample: organisation %s: %w", o.name, err)
		}
		orgID[o.key] = id
		ms = append(ms, mentions(body, models.TypeOrganisation, id, o.forms)...)
	}
	pos := &models.Position{PersonID: personID["tam"], OrganisationID: orgID["tu"], Title: "Phó Bí thư Thường trực", Term: "2015-2020", StartedOn: nil, ArticleID: &a.ID}
	if err := s.CreatePosition(ctx, pos); err != nil {
		return fmt.Errorf("sample: position: %w", err)
	}
	resID := map[string]int64{}
	for _, r := range resolutions {
		m := &models.Resolution{Kind: r.kind, Title: r.title}
		key := "title:" + vntext.Key(r.title)
		if r.code != "" {
			code := r.code
			m.Code = &code
			key = models.CodeKey(code)
		}
		issuer := orgID[r.issuer]
		m.IssuerID = &issuer
		id, err := s.ResolutionByKey(ctx, key)
		if err == nil && id == 0 {
			err = s.CreateResolution(ctx, m)
			id = m.ID
		}
		if err != nil {
			return fmt.Errorf("sample: resolution %s: %w", r.title, err)
		}
		resID[r.key] = id
		ms = append(ms, mentions(body, models.TypeResolution, id, r.forms)...)
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2020, 6, 30, 0, 0, 0, 0, time.UTC)
	figs := make([]models.Figure, len(figures))
	copy(figs, figures)
	for i := range figs {
		figs[i].Sentence = sentenceWith(body, figureSentences[i])
	}
	orgTU := orgID["tu"]
	rep := &models.Report{Title: "Kết quả 6 tháng đầu năm 2020 thực hiện Nghị quyết Tỉnh ủy năm 2020", PeriodStart: &start, PeriodEnd: &end, OrganisationID: &orgTU, ArticleID: &a.ID}
	if err := s.SaveReport(ctx, rep, []int64{resID["nq2020"], resID["05"], resID["02"]}, figs); err != nil {
		return fmt.Errorf("sample: report: %w", err)
	}
	return s.ReplaceMentions(ctx, a.ID, ms)
}

// mentions finds every occurrence of the forms in text, with its sentence
// and rune offsets.
func mentions(text, typ string, id int64, forms []string) []models.Mention {
	var out []models.Mention
	for _, form := range forms {
		form = vntext.Clean(form)
		for from := 0; ; {
			i := strings.Index(text[from:], form)
			if i < 0 {
				break
			}
			i += from
			start := utf8.RuneCountInString(text[:i])
			out = append(out, models.Mention{EntityType: typ, EntityID: id, Field: "body", Sentence: sentenceAt(text, i),
				StartOffset: start, EndOffset: start + utf8.RuneCountInString(form)})
			from = i + len(form)
		}
	}
	return out
}

func sentenceWith(text, part string) string {
	i := strings.Index(text, part)
	if i < 0 {
		return ""
	}
	return sentenceAt(text, i)
}

// sentenceAt returns the sentence around byte offset i: a full stop ends
// a sentence only before a space or a line break, so 49.356 stays whole.
func sentenceAt(text string, i int) string {
	start := 0
	for j := i - 1; j >= 0; j-- {
		if text[j] == '\n' || ((text[j] == '.' || text[j] == ';') && j+1 < len(text) && (text[j+1] == ' ' || text[j+1] == '\n')) {
			start = j + 1
			break
		}
	}
	end := len(text)
	for j := i; j < len(text); j++ {
		if text[j] == '\n' || ((text[j] == '.' || text[j] == ';') && (j+1 == len(text) || text[j+1] == ' ' || text[j+1] == '\n')) {
			end = j + 1
			break
		}
	}
	return strings.TrimSpace(text[start:end])
}
