package ingest

import (
	"slices"
	"sort"
	"strings"
	"time"

	"tracuu/vntext"
)

// Fields an extracted mention can come from.
const (
	FieldTitle       = "title"
	FieldLead        = "lead"
	FieldBody        = "body"
	FieldCaption     = "caption" // Article.Captions[Mention.Index]
	FieldAttribution = "attribution"
)

// Kinds of mentioned entity.
const (
	MentionResolution   = "resolution"
	MentionOrganisation = "organisation"
	MentionPerson       = "person"
	MentionFigure       = "figure"
)

// Mention is one place an entity is named: the field, the rune offsets of
// the words in that field, and the sentence around them.
type Mention struct {
	Kind          string `json:"kind"`
	Key           string `json:"key"` // the entity's Key
	Text          string `json:"text"`
	Field         string `json:"field"`
	Index         int    `json:"index,omitempty"` // which caption, for FieldCaption
	Start         int    `json:"start"`           // rune offsets in the field: Text == field[Start:End]
	End           int    `json:"end"`
	Sentence      string `json:"sentence"`
	SentenceStart int    `json:"sentenceStart"` // rune offset of Sentence in the field
}

// Resolution is a document cited by the article: a Party resolution,
// directive or conclusion, or a state decree, decision or circular.
type Resolution struct {
	// Key identifies the document across articles: the canonical code
	// ("05-CT/TW", "30/2020/NĐ-CP") when there is one; "NQTW4-XI" for a
	// plenum resolution; "NQ-2020/<issuer key>" for an unnumbered annual
	// resolution; "NQĐH-XI/<issuer key>" for a congress resolution.
	Key      string    `json:"key"`
	Code     string    `json:"code,omitempty"`
	Kind     string    `json:"kind"` // nghi_quyet, chi_thi, ket_luan, quy_dinh, quyet_dinh, huong_dan, ke_hoach, nghi_dinh, thong_tu, other
	Number   string    `json:"number,omitempty"`
	Issuer   string    `json:"issuer,omitempty"` // organisation name, "Bộ Chính trị", "Tỉnh ủy Bến Tre"
	Level    string    `json:"level,omitempty"`  // central, province, district, commune, other
	Year     int       `json:"year,omitempty"`
	Plenum   int       `json:"plenum,omitempty"` // Hội nghị Trung ương N
	Term     string    `json:"term,omitempty"`   // khóa, in Roman numerals
	Title    string    `json:"title,omitempty"`  // "về ..." when the text gives it
	Mentions []Mention `json:"mentions"`
}

// Organisation is a Party, state, front or mass organisation named in the
// article.
type Organisation struct {
	Key      string    `json:"key"` // key(Name)
	Name     string    `json:"name"`
	Kind     string    `json:"kind"`  // party_committee, standing_committee, party_organisation, government, peoples_council, front, mass_organisation, press, other
	Level    string    `json:"level"` // central, province, district, commune, other
	Parent   string    `json:"parent,omitempty"`
	Province string    `json:"province,omitempty"`
	Term     string    `json:"term,omitempty"`
	Aliases  []string  `json:"aliases,omitempty"`
	Generic  bool      `json:"generic,omitempty"` // a kind of body at every place ("UBND huyện", "Ủy ban Kiểm tra các cấp"), not one organisation
	Mentions []Mention `json:"mentions"`

	parentGiven bool // the text names the parent; an inferred one gives way to it
}

// Person is someone named in the article or its byline.
type Person struct {
	Key      string    `json:"key"` // key(Name)
	Name     string    `json:"name"`
	Author   bool      `json:"author,omitempty"` // credited in the byline
	Mentions []Mention `json:"mentions,omitempty"`
}

// Position is a title a person holds in an organisation, as of the
// article's date.
type Position struct {
	Person          string    `json:"person"`
	PersonKey       string    `json:"personKey"`
	Title           string    `json:"title"`                  // canonical capitalisation: "Phó Bí thư Thường trực"
	Qualifier       string    `json:"qualifier,omitempty"`    // QualifierFormer ("nguyên", "cựu"), QualifierActing ("quyền"); empty for a current holding
	Organisation    string    `json:"organisation,omitempty"` // empty when the text names none
	OrganisationKey string    `json:"organisationKey,omitempty"`
	AsOf            time.Time `json:"asOf"`
	Mention         Mention   `json:"mention"`
}

// Figure is a number the article reports.
type Figure struct {
	Label     string   `json:"label"` // abbreviations expanded: "đảng viên dự học"
	Value     float64  `json:"value"`
	Unit      string   `json:"unit,omitempty"`
	Total     *float64 `json:"total,omitempty"`     // 621/638: 638
	Percent   *float64 `json:"percent,omitempty"`   // "chiếm 97,73%": 97.73
	Qualifier string   `json:"qualifier,omitempty"` // "hơn", "gần", "khoảng"...
	Mention   Mention  `json:"mention"`
}

// Report is an article that reviews how resolutions are carried out over a
// period.
type Report struct {
	Title           string    `json:"title"`
	Resolutions     []string  `json:"resolutions"` // Resolution keys
	Organisation    string    `json:"organisation,omitempty"`
	OrganisationKey string    `json:"organisationKey,omitempty"`
	Period          string    `json:"period"` // as written: "6 tháng đầu năm 2020"
	PeriodStart     time.Time `json:"periodStart"`
	PeriodEnd       time.Time `json:"periodEnd"`
	Figures         []int     `json:"figures"` // indexes into Extraction.Figures
}

// Extraction is everything Extract finds in one article, each entity once
// with all its mentions, in order of first mention.
type Extraction struct {
	Resolutions   []Resolution   `json:"resolutions"`
	Organisations []Organisation `json:"organisations"`
	People        []Person       `json:"people"`
	Positions     []Position     `json:"positions"`
	Figures       []Figure       `json:"figures"`
	Reports       []Report       `json:"reports"`
	Mentions      []Mention      `json:"mentions"` // every mention above, by field and offset

	contentHash string // ContentHash's; "" for none
}

// extractor holds the state of one Extract call.
type extractor struct {
	a        Article
	province string // the paper's province, or the last one the text named
	district string // the district the text last named
	commune  string // the commune the text last named
	school   string // the school, university or academy the text last named
	country  string // the foreign country the text last named
	// sentences counts the sentences read; schoolAt is the count when the
	// school was last named.
	sentences, schoolAt int
	// districtAdmin is the kind of unit the district is ("huyện", "quận").
	districtAdmin string
	// named holds the districts ("d") and communes ("c") the text names,
	// by level and name: a unit the text leaves unnamed is one of them
	// only when there is one.
	named    map[string]map[string]bool
	titleCtx bool // reading the organisation of a title: a name after it is a person
	// nameFollows: the title being read comes before its holder's name, so
	// a name right after "huyện", "xã" is the holder's, not the place's
	// ("Chủ tịch HĐND huyện Lê Thị Kim Ngọc").
	nameFollows bool
	// inTail: the chain being read follows its holder's name, so a title
	// that is also a plain noun ("Ủy viên", "Thư ký") is a title there.
	inTail bool
	// sameOffice: the title being read repeats the one before it after a
	// semicolon ("Thẩm phán Trung cấp; Thẩm phán Tòa hình sự"), so a weak
	// title is one there.
	sameOffice bool
	// unclaimed are the spans of a chain passed over, not read as titles
	// or bodies (skipUnreadBody, skipDutyItem): left to the organisation
	// rules.
	unclaimed [][2]int
	// board is the board whose list of members is being read ("Hội đồng
	// quản trị"): a member's qualified office alone is the board's.
	board string
	// heading is the chain of a list's heading that ended its sentence
	// with a colon, for the lines after it; rowName is where the name that
	// opens the current line starts under such a heading, -1 for none.
	heading []titleSeg
	rowName int
	// lastColon, lastLa and lastGom are the last ":", "là" and "gồm" of the
	// sentence the people rules read, -1 for none.
	lastColon, lastLa, lastGom int
	// lastTitle is the last token of the sentence the people rules read
	// that may start a title (titles.bit), -1 for none: a rule whose
	// person needs a title after the token it starts at is not tried past
	// it (ruleCues).
	lastTitle int
	ranks     ranksMemo // ranksAt's
	year      int
	// subject is the one person the sentence being read names ("" when it
	// names none or several), prevSubject the previous sentence's: the
	// person a sentence opening "Ông từng ..." speaks of.
	subject, prevSubject string
	subjects             int
	// topic is the one person the last sentence to name people named,
	// kept over sentences that name none: whom a profile's lines without
	// a subject ("Chức vụ: ...") speak of.
	topic string
	// opener is the name a sentence opens with when it names no one with
	// a title or a form of address ("Tố Hữu là nhà thơ ..."),
	// prevOpener the previous sentence's: a pronoun after it is that
	// person.
	opener, prevOpener string
	// titled are the people the sentence being read names with an office,
	// prevTitled the previous sentence's: "những người này" speaks of them.
	titled, prevTitled []string

	res     []*Resolution
	resIdx  map[string]int
	orgs    []*Organisation
	orgIdx  map[string]int
	persons []*Person
	orgCode map[string]string // organisation key → suffix of the Party documents it issues
	perIdx  map[string]int
	pos     []Position
	posSeen map[string]int // person key|title key → index in pos
	figs    []Figure
	pending []pendingRes // references resolved once the whole article is read
	issued  []issuedRef

	// per field
	field string
	index int
	text  string
	toks  []token  // the current field's
	paras []int    // paras[i]: line breaks before toks[i] (see paragraph)
	sc    *scratch // memory reused from field to field and article to article
	// hashOK: the content hash's words so far are in sc.hb (hashTok).
	hashOK bool
}

// Extract finds the documents, organisations, people, positions, figures
// and reports in an article. It reads the title, lead, body, captions and
// attribution; offsets are in runes of the field named by each mention.
func Extract(a Article) Extraction {
	vocabOnce.Do(buildVocabTable)
	sc := takeScratch()
	x := &extractor{sc: sc, figs: sc.figs[:0], paras: sc.paras[:0], a: a, province: a.Province, resIdx: map[string]int{}, orgIdx: map[string]int{}, perIdx: map[string]int{}, orgCode: map[string]string{}, posSeen: map[string]int{}}
	if !a.PublishedAt.IsZero() {
		x.year = a.PublishedAt.In(vntext.Vietnam).Year()
	}
	x.sc.hb, x.hashOK = x.sc.hb[:0], true
	x.scan(FieldTitle, 0, a.Title)
	x.scan(FieldLead, 0, a.Lead)
	for i, c := range a.Captions {
		x.scan(FieldCaption, i, c)
	}
	if x.hashOK {
		x.sc.hb = append(x.sc.hb, '\n') // between the title's words and the body's, as models.ContentHash
	}
	x.scan(FieldBody, 0, a.Body)
	x.scan(FieldAttribution, 0, a.Attribution)
	x.resolvePending()
	hash := x.sumHash()
	x.toks = nil
	for _, au := range a.Authors {
		p := x.person(au)
		p.Author = true
	}
	out := x.result()
	out.contentHash = hash
	// The figures and paragraph counts, copied out by result, are scratch
	// memory for the next article.
	clear(x.figs)
	if cap(x.figs) <= maxKeptFigures {
		sc.figs = x.figs[:0]
	}
	sc.paras = x.paras[:0]
	x.sc = nil
	giveScratch(sc)
	return out
}

// maxKeptFigures bounds the figures' memory a kept scratch holds on to.
const maxKeptFigures = 1 << 10

func (x *extractor) scan(field string, index int, text string) {
	if text == "" {
		return
	}
	x.field, x.index = field, index
	x.text = text
	x.heading = x.heading[:0]
	x.subject, x.prevSubject, x.subjects, x.topic = "", "", 0, ""
	x.opener, x.prevOpener = "", ""
	x.titled, x.prevTitled = x.titled[:0], x.prevTitled[:0]
	hashing := x.hashOK && (field == FieldTitle || field == FieldBody)
	x.sc.hashing = hashing
	x.toks = tokenizeInto(x.sc, text)
	if hashing {
		x.hashOK = x.sc.hashing // the words in sc.hb, or a rune AppendWords does not take
	}
	x.sc.hashing = false
	x.paras = x.paras[:0]
	x.sc.sents = joinTableRows(sentencesInto(x.sc.sents, x.toks))
	for _, s := range x.sc.sents {
		x.sentence(s)
	}
}

// sentence runs the recognisers over one sentence. Documents come first so
// that their numbers are not read as figures; people before figures for
// the same reason ("Chủ tịch UBND xã 5" is rare, "5 đồng chí" is not).
func (x *extractor) sentence(s sentence) {
	x.sentences++
	x.ranks.ok = false
	x.context(s)
	x.headingRow(s)
	// The tokens rules have claimed, in the scratch memory: no rule keeps
	// the slice past the sentence.
	if cap(x.sc.used) < len(s.toks) {
		x.sc.used = make([]bool, len(s.toks), 2*len(s.toks))
	}
	used := x.sc.used[:len(s.toks)]
	clear(used)
	x.resolutions(s, used)
	x.prevSubject = ""
	if x.subjects == 1 {
		x.prevSubject = x.subject
		x.topic = x.subject
	} else if x.subjects > 1 {
		x.topic = ""
	}
	x.prevOpener, x.opener = x.opener, ""
	x.subject, x.subjects = "", 0
	x.prevTitled, x.titled = append(x.prevTitled[:0], x.titled...), x.titled[:0]
	x.pronounCareer(s, used)
	x.pluralCareer(s, used)
	x.bioCareer(s, used)
	x.people(s, used)
	x.openerName(s)
	x.organisations(s, used)
	x.figures(s, used)
}

// mention builds a Mention of toks[i:j] of sentence s.
func (x *extractor) mention(kind, key string, s sentence, i, j int) Mention {
	start, end := s.toks[i].start, s.toks[j-1].end
	return Mention{
		Kind: kind, Key: key, Text: x.text[s.toks[i].bs:s.toks[j-1].be],
		Field: x.field, Index: x.index, Start: start, End: end,
		Sentence: x.text[s.bs:s.be], SentenceStart: s.start,
	}
}

// org returns the organisation with o's name, adding it on first sight.
func (x *extractor) org(o orgMatch) *Organisation { return x.orgKeyed(o, key(o.Name)) }

// orgKeyed is org for o whose name's key is k.
func (x *extractor) orgKeyed(o orgMatch, k string) *Organisation {
	if i, ok := x.orgIdx[k]; ok {
		e := x.orgs[i]
		if e.Parent == "" || o.parentGiven && !e.parentGiven {
			e.Parent, e.parentGiven = o.Parent, o.parentGiven
		}
		if e.Term == "" {
			e.Term = o.Term
		}
		return e
	}
	e := &Organisation{Key: k, Name: o.Name, Kind: o.Kind, Level: o.Level, Parent: o.Parent, Province: o.Province, Term: o.Term, Generic: o.Generic, parentGiven: o.parentGiven}
	x.orgIdx[k] = len(x.orgs)
	x.orgs = append(x.orgs, e)
	return e
}

func (x *extractor) addOrgMention(o orgMatch, s sentence, i, j int) *Organisation {
	if x.internalUnit(s.toks, i, j, &o) {
		// "Phòng Đào tạo", "Viện Cơ khí Động lực" of the university the
		// article is about, read alone or after a title: a department,
		// not a public body.
		o.Generic = true
	}
	k := key(o.Name) // once the unit's name is final
	if !o.Generic && partyCentral[k] && foreignPartyIn(s.toks) {
		// "Đảng Cộng sản Cuba ... bầu ông A làm Bí thư Thứ nhất Ban chấp
		// hành Trung ương Đảng": the Central Committee of the foreign party
		// the sentence names, not one Vietnamese body.
		o.Generic = true
	}
	e := x.orgKeyed(o, k)
	x.setOrgCode(e, o.partyCode)
	m := x.mention(MentionOrganisation, e.Key, s, i, j)
	for _, old := range e.Mentions {
		if old.Field == m.Field && old.Index == m.Index && old.Start == m.Start && old.End == m.End {
			return e
		}
	}
	e.Mentions = append(e.Mentions, m)
	if !o.Generic && isSchool(e.Name) {
		x.school, x.schoolAt = e.Name, x.sentences
	}
	if o.Alias != "" && key(o.Alias) != e.Key && !containsKey(e.Aliases, o.Alias) {
		e.Aliases = append(e.Aliases, o.Alias)
	}
	return e
}

func containsKey(list []string, s string) bool {
	k := key(s)
	for _, l := range list {
		if key(l) == k {
			return true
		}
	}
	return false
}

func (x *extractor) person(name string) *Person {
	k := key(name)
	if i, ok := x.perIdx[k]; ok {
		return x.persons[i]
	}
	p := &Person{Key: k, Name: name}
	x.perIdx[k] = len(x.persons)
	x.persons = append(x.persons, p)
	return p
}

// mergeBoardChairs drops a company's bare chair when the same person
// holds the chair of its board in the article: "Ông Huỳnh Ngọc Huy, Chủ
// tịch LienVietPostBank" and "HĐQT ... gồm: Chủ tịch Huỳnh Ngọc Huy" are one
// office, Chủ tịch Hội đồng quản trị. A chair held in a named state body
// (Chủ tịch UBND) stays.
func (x *extractor) mergeBoardChairs() {
	var board map[string]bool
	for _, p := range x.pos {
		for _, suffix := range []string{" Hội đồng quản trị", " Hội đồng thành viên"} {
			if t, ok := strings.CutSuffix(p.Title, suffix); ok {
				if board == nil {
					board = map[string]bool{}
				}
				board[p.PersonKey+"|"+t+"|"+p.Qualifier] = true
				break
			}
		}
	}
	if board == nil {
		return
	}
	kept := x.pos[:0]
	for _, p := range x.pos {
		if p.OrganisationKey == "" && board[p.PersonKey+"|"+p.Title+"|"+p.Qualifier] {
			continue
		}
		kept = append(kept, p)
	}
	x.pos = kept
}

func (x *extractor) result() Extraction {
	var out Extraction
	out.Resolutions = []Resolution{}
	out.Organisations = []Organisation{}
	out.People = []Person{}
	out.Positions = []Position{}
	out.Figures = []Figure{}
	out.Reports = []Report{}
	for _, r := range x.res {
		if len(r.Mentions) == 0 {
			continue
		}
		out.Resolutions = append(out.Resolutions, *r)
		out.Mentions = append(out.Mentions, r.Mentions...)
	}
	x.mergeSchools()
	x.mergeNumbered()
	// Every mention below goes to out.Mentions: room for them at once.
	more := len(x.figs)
	for _, o := range x.orgs {
		more += len(o.Mentions)
	}
	for _, p := range x.persons {
		more += len(p.Mentions)
	}
	out.Mentions = slices.Grow(out.Mentions, more)
	for _, o := range x.orgs {
		if len(o.Mentions) == 0 && o.Key == "" {
			continue // merged into another
		}
		out.Organisations = append(out.Organisations, *o)
		out.Mentions = append(out.Mentions, o.Mentions...)
	}
	for _, p := range x.persons {
		out.People = append(out.People, *p)
		out.Mentions = append(out.Mentions, p.Mentions...)
	}
	x.mergeBoardChairs()
	out.Positions = append(out.Positions, x.pos...)
	out.Figures = append(out.Figures, x.figs...)
	for _, f := range x.figs {
		out.Mentions = append(out.Mentions, f.Mention)
	}
	if r, ok := x.report(out); ok {
		out.Reports = append(out.Reports, r)
	}
	sort.SliceStable(out.Mentions, func(i, j int) bool {
		a, b := &out.Mentions[i], &out.Mentions[j]
		if a.Field != b.Field {
			return fieldOrder(a.Field) < fieldOrder(b.Field)
		}
		if a.Index != b.Index {
			return a.Index < b.Index
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	if out.Mentions == nil {
		out.Mentions = []Mention{}
	}
	return out
}

// fieldOrder is the order of the fields in Extraction.Mentions: title,
// lead, captions, body, attribution (0 for any other, as a map gave).
func fieldOrder(f string) int {
	switch f {
	case FieldLead:
		return 1
	case FieldCaption:
		return 2
	case FieldBody:
		return 3
	case FieldAttribution:
		return 4
	}
	return 0
}

// mergeSchools makes "Đại học X" the "Trường Đại học X" the article also
// names: one university, written with and without its "Trường".
func (x *extractor) mergeSchools() {
	for _, o := range x.orgs {
		if !strings.HasPrefix(o.Name, "Đại học ") {
			continue
		}
		i, ok := x.orgIdx[key("Trường "+o.Name)]
		if !ok {
			continue
		}
		x.mergeOrg(o, x.orgs[i])
	}
}

// mergeOrg moves from's mentions and positions to into, keeps from's name
// as an alias of into, and empties from.
func (x *extractor) mergeOrg(from, into *Organisation) {
	for _, m := range from.Mentions {
		m.Key = into.Key
		into.Mentions = append(into.Mentions, m)
	}
	if !containsKey(into.Aliases, from.Name) {
		into.Aliases = append(into.Aliases, from.Name)
	}
	for p := range x.pos {
		if x.pos[p].OrganisationKey == from.Key {
			x.pos[p].Organisation, x.pos[p].OrganisationKey = into.Name, into.Key
		}
	}
	from.Mentions, from.Key = nil, ""
}

// mergeNumbered merges a body named without its number into the same body
// named with it in the article: "Đồn Biên phòng 700 Hòn Khoai" ... "Đồn
// Biên phòng Hòn Khoai" is one post, under the fuller name (annotation
// rules: one body in two forms is one entry).
func (x *extractor) mergeNumbered() {
	for _, o := range x.orgs {
		if o.Key == "" {
			continue
		}
		ws := strings.Fields(o.Name)
		for n := 1; n+1 < len(ws); n++ {
			if !isDigits(ws[n]) {
				continue
			}
			short := strings.Join(append(append([]string{}, ws[:n]...), ws[n+1:]...), " ")
			i, ok := x.orgIdx[key(short)]
			if !ok || x.orgs[i] == o || x.orgs[i].Key == "" {
				continue
			}
			x.mergeOrg(x.orgs[i], o)
		}
	}
}

// words is the text of toks joined by single spaces, with punctuation
// attached the way it was written.
func words(text string, toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	s := text[toks[0].bs:toks[len(toks)-1].be]
	for i := 1; i < len(toks); i++ {
		if toks[i].bs == toks[i-1].be && toks[i].kind == tokWord && toks[i-1].kind == tokWord {
			s = unglue(text, toks) // "Nguyễn DanhNguyên": words the source glued, split by the tokenizer
			break
		}
	}
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// unglue is the text of toks with a space between two words the source
// glued together.
func unglue(text string, toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			if t.bs == toks[i-1].be && t.kind == tokWord && toks[i-1].kind == tokWord {
				b.WriteByte(' ')
			} else {
				b.WriteString(text[toks[i-1].be:t.bs])
			}
		}
		b.WriteString(text[t.bs:t.be])
	}
	return b.String()
}

func (x *extractor) setOrgCode(o *Organisation, code string) {
	if code != "" && x.orgCode[o.Key] == "" {
		x.orgCode[o.Key] = code
	}
}

// context notes, before the recognisers run, the places a sentence names:
// a province (in a national paper) and a district ("Huyện Giồng Trôm",
// "huyện Châu Thành"), which unqualified references in it and after it
// mean.
func (x *extractor) context(s sentence) {
	toks := s.toks
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if (t.text == "xã" || t.text == "phường") && i+1 < len(toks) && isNameWord(toks[i+1]) {
			// "xã Việt Hùng, Đông Anh, Hà Nội": a town the lexicon knows
			// after a commune and a comma is its district, named without
			// its kind.
			if ce := x.placeRun(toks, i+1); ce > i+1 && ce+1 < len(toks) && toks[ce].text == "," {
				if te, v, ok := towns.match(toks, ce+1); ok && (te >= len(toks) || toks[te].kind == tokPunct) {
					if info := v.(placeInfo); info.Admin != "" && info.Admin != "thành phố" {
						x.setDistrict(info.Admin, info.Name)
					}
				}
			}
			continue
		}
		if !t.upper && t.key != "huyen" {
			continue
		}
		if t.upper {
			if e, v, ok := foreign.match(toks, i); ok {
				if _, ok := isForeignAt(toks, i); ok && !nameSyllableAt(toks, i, e) {
					x.country = v.(string) // the country the article last named
				}
			}
			if e, v, ok := places.match(toks, i); ok {
				x.sawProvince(v.(string))
				i = e - 1
				continue
			}
		}
		if t.key == "huyen" && (t.text == "huyện" || t.text == "Huyện") && i+1 < len(toks) && isNameWord(toks[i+1]) &&
			!(isSurname(toks[i+1]) && nameAt(toks, i+1, licTitled) > 0) {
			if e := x.placeRun(toks, i+1); e > i+1 {
				x.setDistrict("huyện", words(x.text, toks[i+1:e]))
				i = e - 1
			}
		}
	}
}

// partyCentral are the central bodies of a communist party that the press
// names with the same words for Vietnam's and for a foreign party.
var partyCentral = map[string]bool{key("Ban Chấp hành Trung ương Đảng"): true, key("Bộ Chính trị"): true, key("Ban Bí thư"): true}

// foreignPartyIn: the sentence names a foreign party ("Đảng Cộng sản
// Cuba", "đảng Cộng sản Trung Quốc", "Đảng Nhân dân Cách mạng Lào": a party
// and a country within five words, foreignPartyAt) and not Vietnam's
// ("Việt Nam", "Đảng ta" in it too).
func foreignPartyIn(toks []token) bool {
	for k := range toks {
		if toks[k].key == "viet" && k+1 < len(toks) && toks[k+1].key == "nam" || toks[k].key == "dang" && k+1 < len(toks) && toks[k+1].text == "ta" {
			return false
		}
	}
	for k := range toks {
		if foreignPartyAt(toks, k) {
			return true
		}
	}
	return false
}
