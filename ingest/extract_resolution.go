package ingest

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tracuu/vntext"
)

// Document kinds.
const (
	KindNghiQuyet = "nghi_quyet"
	KindChiThi    = "chi_thi"
	KindKetLuan   = "ket_luan"
	KindQuyDinh   = "quy_dinh"
	KindQuyetDinh = "quyet_dinh"
	KindHuongDan  = "huong_dan"
	KindKeHoach   = "ke_hoach"
	KindNghiDinh  = "nghi_dinh"
	KindThongTu   = "thong_tu"
	KindOther     = "other"
)

var docTriggers = newTrie()

// partyTypes are the document types of Party codes (05-CT/TW) with their
// kind; stateTypes those of state codes (30/2020/NĐ-CP).
var (
	partyTypes = map[string]string{"NQ": KindNghiQuyet, "CT": KindChiThi, "KL": KindKetLuan, "QĐ": KindQuyDinh, "HD": KindHuongDan,
		"KH": KindKeHoach, "TB": KindOther, "QC": KindOther, "CTR": KindOther, "BC": KindOther, "NQLT": KindNghiQuyet, "CV": KindOther,
		"QĐNS": KindQuyetDinh, "QĐI": KindQuyDinh, "TT": KindOther, "ĐA": KindOther, "TTR": KindOther, "HDLT": KindHuongDan, "KLLT": KindKetLuan, "QYĐ": KindQuyDinh}
	// partySuffixes are the issuers of Party documents: a code written the
	// state's way with one of them ("68/QĐ-TW") is a Party document
	// (68-QĐ/TW).
	partySuffixes = map[string]bool{"TW": true, "TU": true, "HU": true, "ĐU": true, "QU": true, "TXU": true, "TPU": true, "ĐUK": true,
		"BTCTW": true, "BTGTW": true, "BDVTW": true, "UBKTTW": true, "VPTW": true, "BNCTW": true, "BKTTW": true, "BĐNTW": true, "QUTW": true, "ĐUQSTW": true, "ĐUCA": true}
	stateTypes = map[string]string{"NĐ": KindNghiDinh, "QĐ": KindQuyetDinh, "TT": KindThongTu, "TTLT": KindThongTu, "NQ": KindNghiQuyet,
		"CT": KindChiThi, "KH": KindKeHoach, "HD": KindHuongDan, "CĐ": KindOther, "TB": KindOther, "NQLT": KindNghiQuyet, "L": KindOther, "CV": KindOther, "TTR": KindOther, "BC": KindOther}
	// kindAbbrev is the type part of the code a Party document of a kind gets.
	kindAbbrev = map[string]string{KindNghiQuyet: "NQ", KindChiThi: "CT", KindKetLuan: "KL", KindQuyDinh: "QĐ", KindHuongDan: "HD", KindKeHoach: "KH", KindQuyetDinh: "QĐ"}
	// keyAbbrev names a kind in the key of a document known only by its
	// number ("NĐ-86/?").
	keyAbbrev = map[string]string{KindNghiQuyet: "NQ", KindChiThi: "CT", KindKetLuan: "KL", KindQuyDinh: "QĐ", KindHuongDan: "HD", KindKeHoach: "KH",
		KindQuyetDinh: "QĐ", KindNghiDinh: "NĐ", KindThongTu: "TT", KindOther: "VB"}
	// partyIssuers names the central Party bodies whose documents carry
	// their own suffix.
	partyIssuers = map[string]string{"BTCTW": "Ban Tổ chức Trung ương", "BTGTW": "Ban Tuyên giáo Trung ương", "BDVTW": "Ban Dân vận Trung ương",
		"UBKTTW": "Ủy ban Kiểm tra Trung ương", "VPTW": "Văn phòng Trung ương Đảng", "BNCTW": "Ban Nội chính Trung ương", "BKTTW": "Ban Kinh tế Trung ương",
		"BĐNTW": "Ban Đối ngoại Trung ương", "QUTW": "Quân ủy Trung ương"}
	// stateIssuers names the issuer of a state code's suffix.
	stateIssuers = map[string]struct{ name, level string }{
		"CP": {"Chính phủ", "central"}, "TTG": {"Thủ tướng Chính phủ", "central"}, "CTN": {"Chủ tịch nước", "central"},
		"BTC": {"Bộ Tài chính", "central"}, "BYT": {"Bộ Y tế", "central"}, "BGDĐT": {"Bộ Giáo dục và Đào tạo", "central"},
		"BCA": {"Bộ Công an", "central"}, "BQP": {"Bộ Quốc phòng", "central"}, "BNV": {"Bộ Nội vụ", "central"},
		"BTP": {"Bộ Tư pháp", "central"}, "BKHĐT": {"Bộ Kế hoạch và Đầu tư", "central"}, "BCT": {"Bộ Công Thương", "central"},
		"BNNPTNT": {"Bộ Nông nghiệp và Phát triển nông thôn", "central"}, "BGTVT": {"Bộ Giao thông vận tải", "central"},
		"BXD": {"Bộ Xây dựng", "central"}, "BTNMT": {"Bộ Tài nguyên và Môi trường", "central"}, "BTTTT": {"Bộ Thông tin và Truyền thông", "central"},
		"BLĐTBXH": {"Bộ Lao động - Thương binh và Xã hội", "central"}, "BVHTTDL": {"Bộ Văn hóa, Thể thao và Du lịch", "central"},
		"BKHCN": {"Bộ Khoa học và Công nghệ", "central"}, "BNG": {"Bộ Ngoại giao", "central"}, "NHNN": {"Ngân hàng Nhà nước Việt Nam", "central"},
		"UBND": {"Ủy ban nhân dân", "province"}, "HĐND": {"Hội đồng nhân dân", "province"},
		"HĐBCQG": {"Hội đồng bầu cử quốc gia", "central"}, "VPCP": {"Văn phòng Chính phủ", "central"},
	}
	// partySuffixOf is partyIssuers the other way round: key of a central
	// Party body → the suffix of its documents (Ban Tổ chức Trung ương →
	// BTCTW).
	partySuffixOf = func() map[string]string {
		out := map[string]string{}
		for suffix, name := range partyIssuers {
			out[key(name)] = suffix
		}
		return out
	}()
	// stateSuffixOf is stateIssuers the other way round, for the central
	// bodies other than the Government and the Prime Minister (whose
	// conventions codeFor knows): key of the issuer → suffix.
	stateSuffixOf = func() map[string]string {
		out := map[string]string{}
		for suffix, is := range stateIssuers {
			if is.level == "central" && suffix != "CP" && suffix != "TTG" && suffix != "CTN" {
				out[key(is.name)] = fixCase(suffix)
			}
		}
		return out
	}()
)

// init reads the document words (data/documents.tsv). A word whose
// documents get a code type of their own beyond the kind (a công điện: CĐ;
// a Party thông báo kết luận: TB) carries it after a bar in the trie's value
// ("other|CĐ"): baseKind and docType split it.
func init() {
	for _, c := range lines("documents.tsv") {
		v := col(c, 1)
		if t := col(c, 2); t != "" {
			v += "|" + t
		}
		docTriggers.add(c[0], v)
	}
}

// baseKind is the document kind of a trigger's value ("other|CĐ" → "other").
func baseKind(kind string) string {
	if i := strings.IndexByte(kind, '|'); i >= 0 {
		return kind[:i]
	}
	return kind
}

// docType is the code type a trigger's value fixes ("other|CĐ" → "CĐ"), or "".
func docType(kind string) string {
	if i := strings.IndexByte(kind, '|'); i >= 0 {
		return kind[i+1:]
	}
	return ""
}

// docCode is a parsed document code.
type docCode struct {
	Code, Number, Type, Suffix, Kind string
	Year                             int
	Party                            bool
}

// ParseCode reads a document code in any common spelling ("05-CT/TW",
// "05 CT/TW", "Chỉ thị số 05-CT/TW", "30/2020/NĐ-CP", "123/QĐ-TTg") and
// returns it in canonical form ("05-CT/TW"). ok is false when s holds no
// code.
func ParseCode(s string) (code string, ok bool) {
	vocabOnce.Do(buildVocabTable)
	toks := tokenize(vntext.Clean(s))
	for i, t := range toks {
		if c, ok := parseCode(t.text); ok {
			return c.Code, true
		}
		// "05 CT/TW": a number, then the type and suffix.
		if t.kind == tokNumber && i+1 < len(toks) && isDigits(t.text) {
			if c, ok := parseCode(t.text + "-" + toks[i+1].text); ok && c.Party {
				return c.Code, true
			}
		}
	}
	// "8/ĐT-W": an office's own numbering, which the extractor reads after
	// the name of a document ("Quyết định 8/ĐT-W"), and so must read back.
	for i, t := range toks {
		if t.kind == tokNumber {
			if c, _, ok := officeCode(toks, i, ""); ok {
				return c.Code, true
			}
		}
	}
	return "", false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func parseCode(s string) (docCode, bool) {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n == len(s) || n > 6 {
		return docCode{}, false
	}
	if n+1 < len(s) && s[n] >= 'a' && s[n] <= 'z' {
		n++ // "30a/2008/NQ-CP"
	}
	c := docCode{Number: s[:n]}
	rest := canonicalIssuer(s[n:])
	sep := rest[0]
	if sep != '/' && sep != '-' {
		return docCode{}, false
	}
	if sep == '/' && len(rest) >= 6 && isDigits(rest[1:5]) && rest[5] == '/' {
		c.Year, _ = strconv.Atoi(rest[1:5])
		rest = rest[5:]
	}
	tail := strings.ToUpper(rest[1:])
	if tail == "" || !isLetterStart(tail) {
		return docCode{}, false
	}
	for _, r := range tail {
		if !(r == '-' || r == '/' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == 'Đ') {
			return docCode{}, false
		}
	}
	if sep == '-' && c.Year == 0 {
		parts := strings.Split(tail, "/")
		if len(parts) != 2 || parts[1] == "" {
			return docCode{}, false
		}
		kind, ok := partyTypes[parts[0]]
		if !ok || !isLetters(parts[1]) {
			return docCode{}, false
		}
		c.Party, c.Type, c.Suffix, c.Kind = true, parts[0], parts[1], kind
		c.Code = c.Number + "-" + fixCase(parts[0]) + "/" + fixCase(parts[1])
		return c, true
	}
	if sep != '/' {
		return docCode{}, false
	}
	typ, suffix, found := strings.Cut(tail, "-")
	if found && c.Year == 0 && partySuffixes[suffix] && partyTypes[typ] != "" {
		// "68/QĐ-TW": a Party document written the state's way.
		c.Party, c.Type, c.Suffix, c.Kind = true, typ, suffix, partyTypes[typ]
		c.Code = c.Number + "-" + fixCase(typ) + "/" + fixCase(suffix)
		return c, true
	}
	switch {
	case !found && (strings.HasPrefix(tail, "QH") || strings.HasPrefix(tail, "UBTVQH")) && c.Year > 0:
		c.Suffix, c.Kind = tail, KindOther
	case found && suffix != "":
		kind, ok := stateTypes[typ]
		if !ok {
			return docCode{}, false
		}
		c.Type, c.Suffix, c.Kind = typ, suffix, kind
	default:
		return docCode{}, false
	}
	c.Code = c.Number + "/"
	if c.Year > 0 {
		c.Code += strconv.Itoa(c.Year) + "/"
	}
	if c.Type != "" {
		c.Code += fixCase(c.Type) + "-"
	}
	c.Code += fixCase(c.Suffix)
	return c, true
}

// canonicalIssuer spells the issuer of a code one way: "TƯ", "T.Ư" and
// "T.W" are TW.
func canonicalIssuer(rest string) string {
	if !strings.ContainsAny(rest, ".Ưư") {
		return rest
	}
	return issuerReplacer.Replace(rest)
}

// issuerReplacer is canonicalIssuer's, built once (a Replacer is safe for
// concurrent use).
var issuerReplacer = strings.NewReplacer("T.Ư", "TW", "T.ư", "TW", "T.W", "TW", "TƯ", "TW", "Tư", "TW")

func isLetterStart(s string) bool { return s[0] >= 'A' && s[0] <= 'Z' || strings.HasPrefix(s, "Đ") }

func isLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r == 'Đ') {
			return false
		}
	}
	return s != ""
}

// fixCase restores the mixed case a few code parts are written in.
func fixCase(s string) string {
	switch s {
	case "TTG":
		return "TTg"
	case "CTR":
		return "CTr"
	case "TTR":
		return "TTr" // tờ trình
	case "QĐI":
		return "QĐi"
	}
	return strings.ReplaceAll(s, "TTG", "TTg")
}

// codeAt reads a document code at toks[k] and returns it with the index
// after it. After a document word (triggered) it also accepts what only
// that context makes a code: "Nghị định số 131/2018" (decrees are the
// Government's: 131/2018/NĐ-CP), office codes such as 2502/UBND-THKH, and a
// code broken by a stray space ("6386/BNV- CCVC").
func codeAt(toks []token, k int, kind string, triggered bool) (docCode, int, bool) {
	if k >= len(toks) || toks[k].kind != tokNumber {
		return docCode{}, 0, false
	}
	text, end := codeText(toks, k)
	if c, ok := parseCode(text); ok {
		return c, end, true
	}
	if !triggered {
		return docCode{}, 0, false
	}
	return officeCode(toks, k, kind)
}

// officeCode reads at toks[k] (a number token) a code in an office's own
// numbering ("N/ISSUER-UNIT", "N/YYYY/ISSUER-UNIT"), or a decree's number
// and year alone when kind is KindNghiDinh; it returns the code and the
// index after it.
func officeCode(toks []token, k int, kind string) (docCode, int, bool) {
	text := toks[k].text
	num, rest, ok := strings.Cut(text, "/")
	if !ok || !isDigits(num) {
		return docCode{}, 0, false
	}
	if kind == KindNghiDinh && isYear(rest) {
		c, ok := parseCode(text + "/NĐ-CP")
		return c, k + 1, ok
	}
	end := k + 1
	if k+2 < len(toks) && toks[k+1].text == "-" && toks[k+1].start == toks[k].end && toks[k+2].kind == tokWord && isLetters(strings.ToUpper(toks[k+2].text)) {
		rest += "-" + toks[k+2].text
		end = k + 3
	}
	// "N/ISSUER-UNIT", "N/YYYY/ISSUER-UNIT": an office's own numbering.
	tail := rest
	year := 0
	if len(tail) > 5 && isYear(tail[:4]) && tail[4] == '/' {
		year, _ = strconv.Atoi(tail[:4])
		tail = tail[5:]
	}
	typ, suffix, found := strings.Cut(strings.ToUpper(tail), "-")
	if !found || len([]rune(typ)) < 2 || suffix == "" || !isLetters(typ) {
		return docCode{}, 0, false
	}
	for _, part := range strings.Split(suffix, "-") {
		if !isLetters(part) {
			return docCode{}, 0, false
		}
	}
	c := docCode{Number: num, Type: typ, Suffix: suffix, Kind: kind, Year: year}
	c.Code = num + "/"
	if year > 0 {
		c.Code += strconv.Itoa(year) + "/"
	}
	c.Code += fixCase(typ) + "-" + fixCase(suffix)
	return c, end, true
}

// codeText joins the tokens of a code written with stray spaces or dots
// at toks[k]: "05- CT/TW", "439 – QĐNS/TW", "05-CT/T.Ư". It returns the
// code's text and the index after it.
func codeText(toks []token, k int) (string, int) {
	text, end := toks[k].text, k+1
	// "05 - CT/TW", "05- CT/TW", "439 – QĐNS/TW": a dash, then type/issuer.
	if end+1 < len(toks) && (toks[end].text == "-" || toks[end].text == "–") && isDigits(text) &&
		toks[end+1].kind == tokWord && strings.Contains(toks[end+1].text, "/") && toks[end+1].start-toks[k].end <= 3 {
		text, end = text+"-"+toks[end+1].text, end+2
	}
	// "116/2020/NĐ - CP", "02/2021/TT - BYT": a state code's type, a
	// dash, then its issuer.
	if end+1 < len(toks) && (toks[end].text == "-" || toks[end].text == "–") && strings.Contains(text, "/") && endsInLetter(text) &&
		toks[end+1].kind == tokWord && toks[end+1].upper && !strings.Contains(toks[end+1].text, "/") && toks[end+1].start-toks[end-1].end <= 3 {
		text, end = text+"-"+toks[end+1].text, end+2
	}
	// "05-CT/T.Ư", "05-CT/T.W": a dotted issuer.
	for end+1 < len(toks) && toks[end].text == "." && toks[end].start == toks[end-1].end && toks[end+1].start == toks[end].end &&
		toks[end+1].kind == tokWord && toks[end+1].acronym == false && len([]rune(toks[end+1].text)) == 1 {
		text, end = text+"."+toks[end+1].text, end+2
	}
	return text, end
}

// endsInLetter: s ends with a letter ("116/2020/NĐ").
func endsInLetter(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r)
}

// issuerOfCode names who issues a code with this suffix, when the suffix
// says it.
func (x *extractor) issuerOfCode(c docCode) (string, string) {
	if c.Party {
		switch c.Suffix {
		case "TW":
			return "Ban Chấp hành Trung ương Đảng", "central"
		case "TU":
			if x.province != "" {
				return "Tỉnh ủy " + x.province, "province"
			}
			return "", "province"
		case "HU", "QU", "TXU", "TPU":
			if x.district != "" {
				return "Huyện ủy " + x.district, "district"
			}
			return "", "district"
		case "ĐU":
			return "", "commune"
		}
		if is, ok := partyIssuers[c.Suffix]; ok {
			return is, "central"
		}
		return "", "other"
	}
	s := c.Suffix
	if strings.HasPrefix(s, "UBTVQH") {
		return "Ủy ban Thường vụ Quốc hội", "central"
	}
	if strings.HasPrefix(s, "QH") {
		return "Quốc hội", "central"
	}
	first, _, _ := strings.Cut(s, "-")
	if is, ok := stateIssuers[first]; ok {
		if is.level == "province" {
			return "", "" // a province's or a district's: the suffix does not say
		}
		return is.name, is.level
	}
	return "", "other"
}

// pendingRes is a reference that names no code: resolved against the
// documents of the whole article once it has been read.
type pendingRes struct {
	kind, number string
	issuerKey    string
	year         int
	annual       bool
	m            Mention
	para         int
}

func (x *extractor) addRes(r Resolution, m Mention) *Resolution {
	if i, ok := x.resIdx[key(r.Key)]; ok {
		e := x.res[i]
		if e.Issuer == "" {
			e.Issuer, e.Level = r.Issuer, r.Level
		}
		if e.Title == "" {
			e.Title = r.Title
		}
		if e.Kind == KindOther && r.Kind != KindOther {
			e.Kind = r.Kind
		}
		m.Key = e.Key
		e.Mentions = append(e.Mentions, m)
		return e
	}
	m.Key = r.Key
	r.Mentions = append(r.Mentions, m)
	e := &r
	x.resIdx[key(r.Key)] = len(x.res)
	x.res = append(x.res, e)
	return e
}

// resolutions finds the documents a sentence cites.
func (x *extractor) resolutions(s sentence, used []bool) {
	toks := s.toks
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		if e, v, ok := docTriggers.match(toks, i); ok {
			if end := x.afterTrigger(s, i, e, v.(string), used); end > 0 {
				i = end - 1
			}
			continue
		}
		if toks[i].kind == tokNumber {
			if c, _, ok := codeAt(toks, i, "", false); ok {
				end := x.codeList(s, i, i, c.Kind, false, used)
				i = end - 1
			}
		}
	}
}

func markUsed(used []bool, i, j int) {
	for k := i; k < j && k < len(used); k++ {
		used[k] = true
	}
}

// afterTrigger reads what follows a document word ("Nghị quyết") at
// toks[i:j]: codes, numbers, a plenum, a congress, or an issuer and a year.
// It returns the index after what it consumed, or 0.
func (x *extractor) afterTrigger(s sentence, i, j int, kind string, used []bool) int {
	toks := s.toks
	upper := toks[i].upper
	k := j
	numbered := false
	// "văn bản khẩn số", "công điện hỏa tốc số": how urgent, before the number.
	for n := 0; n < 2 && k+1 < len(toks) && urgency[toks[k].key] && !toks[k].upper; n++ {
		k++
	}
	if k < len(toks) && toks[k].key == "so" {
		k++
		numbered = true
		if k < len(toks) && toks[k].text == ":" {
			k++
		}
	}
	if k >= len(toks) {
		return 0
	}
	t := &toks[k]
	if t.kind == tokNumber {
		if _, _, ok := codeAt(toks, k, kind, true); ok {
			return x.codeList(s, i, k, kind, true, used)
		}
		if isDigits(t.text) && (numbered || upper) {
			return x.numberList(s, i, k, kind, numbered, used)
		}
		return 0
	}
	if !upper || kind != KindNghiQuyet {
		// Only a capitalised "Nghị quyết" names a plenum, congress or annual resolution.
		if upper && (t.key == "nam") {
			return x.annualRef(s, i, k, kind, "", used)
		}
		return 0
	}
	// Nghị quyết Trung ương 4 / Hội nghị Trung ương 4 / TW4
	if end, ok := x.plenum(s, i, k, used); ok {
		return end
	}
	if end, ok := x.congress(s, i, k, used); ok {
		return end
	}
	if t.key == "nam" {
		return x.annualRef(s, i, k, kind, "", used)
	}
	if o, e, ok := x.parseOrg(toks, k); ok && (o.Kind == "party_committee" || o.Kind == "peoples_council" || o.Kind == "standing_committee") {
		x.addOrgMention(o, s, k, e)
		markUsed(used, k, e)
		if e < len(toks) && toks[e].key == "so" {
			if e+1 < len(toks) {
				if _, ok := parseCode(toks[e+1].text); ok {
					return x.codeList(s, i, e+1, kind, true, used)
				}
			}
			return e
		}
		return x.annualRef(s, i, e, kind, o.Name, used)
	}
	return 0
}

// annualRef: "Nghị quyết Tỉnh ủy năm 2020", "Nghị quyết năm 2020",
// "Nghị quyết Tỉnh ủy 6 tháng cuối năm". With issuer and year it is a
// document; otherwise a reference to the one annual resolution the article
// names.
func (x *extractor) annualRef(s sentence, i, k int, kind, issuer string, used []bool) int {
	toks := s.toks
	year := 0
	end := k
	if k+1 < len(toks) && toks[k].key == "nam" && isYear(toks[k+1].text) {
		year, _ = strconv.Atoi(toks[k+1].text)
		end = k + 2
	}
	if issuer == "" && year == 0 {
		return 0
	}
	m := x.mention(MentionResolution, "", s, i, end)
	markUsed(used, i, end)
	if issuer != "" && year > 0 {
		x.addRes(Resolution{Key: "NQ-" + strconv.Itoa(year) + "/" + key(issuer), Kind: baseKind(kind), Issuer: issuer,
			Level: x.orgLevel(issuer), Year: year}, m)
		return end
	}
	x.pending = append(x.pending, pendingRes{kind: kind, issuerKey: key(issuer), year: year, annual: true, m: m})
	return end
}

func isYear(s string) bool {
	if len(s) != 4 || !isDigits(s) {
		return false
	}
	y, _ := strconv.Atoi(s)
	return y >= 1930 && y <= 2100
}

func (x *extractor) orgLevel(name string) string {
	if i, ok := x.orgIdx[key(name)]; ok {
		return x.orgs[i].Level
	}
	return ""
}

// plenum: "Nghị quyết Trung ương 4, khóa XI, XII", "Nghị quyết Hội nghị
// Trung ương 4 (khóa XII)", "Nghị quyết TW4".
func (x *extractor) plenum(s sentence, i, k int, used []bool) (int, bool) {
	toks := s.toks
	if k+1 < len(toks) && toks[k].key == "hoi" && toks[k+1].key == "nghi" {
		k += 2
	}
	n := 0
	switch {
	case k+1 < len(toks) && toks[k].key == "trung" && toks[k+1].key == "uong":
		k += 2
	case k < len(toks) && (toks[k].key == "tw" || toks[k].key == "tu") && toks[k].text != "tư":
		k++
	case k < len(toks) && (strings.HasPrefix(toks[k].key, "tw") && isDigits(toks[k].key[2:])):
		n, _ = strconv.Atoi(toks[k].key[2:])
		k++
	default:
		return 0, false
	}
	if n == 0 {
		if k+1 < len(toks) && toks[k].key == "lan" && toks[k+1].key == "thu" {
			k += 2
		}
		if k >= len(toks) || !isDigits(toks[k].text) {
			return 0, false
		}
		n, _ = strconv.Atoi(toks[k].text)
		k++
	}
	if n <= 0 || n > 20 {
		return 0, false
	}
	end := k
	var terms []string
	j := k
	for j < len(toks) && (toks[j].text == "," || toks[j].text == "(") {
		j++
	}
	if j+1 < len(toks) && toks[j].key == "khoa" && isRoman(toks[j+1].text) {
		terms = append(terms, toks[j+1].text)
		j += 2
		for j+1 < len(toks) && (toks[j].text == "," || toks[j].key == "va") && isRoman(toks[j+1].text) {
			terms = append(terms, toks[j+1].text)
			j += 2
		}
		if j < len(toks) && toks[j].text == ")" {
			j++
		}
		end = j
	}
	m := x.mention(MentionResolution, "", s, i, end)
	markUsed(used, i, end)
	issuer := "Ban Chấp hành Trung ương Đảng"
	if len(terms) == 0 {
		x.addRes(Resolution{Key: "NQTW" + strconv.Itoa(n), Kind: KindNghiQuyet, Issuer: issuer, Level: "central", Plenum: n}, m)
	}
	for _, t := range terms {
		x.addRes(Resolution{Key: "NQTW" + strconv.Itoa(n) + "-" + t, Kind: KindNghiQuyet, Issuer: issuer, Level: "central", Plenum: n, Term: t}, m)
	}
	return end, true
}

// congress: "Nghị quyết ĐH XI Đảng bộ tỉnh", "Nghị quyết Đại hội Đảng bộ
// tỉnh lần thứ XI", "Nghị quyết Đại hội XIII của Đảng".
func (x *extractor) congress(s sentence, i, k int, used []bool) (int, bool) {
	toks := s.toks
	switch {
	case k < len(toks) && toks[k].key == "đh", k < len(toks) && toks[k].key == "dh":
		k++
	case k+1 < len(toks) && toks[k].key == "dai" && toks[k+1].key == "hoi":
		k += 2
	default:
		return 0, false
	}
	if k+1 < len(toks) && toks[k].key == "dai" && toks[k+1].key == "bieu" {
		k += 2
	}
	term := ""
	readTerm := func() {
		if k+2 < len(toks) && toks[k].key == "lan" && toks[k+1].key == "thu" && isRoman(toks[k+2].text) {
			term, k = toks[k+2].text, k+3
		} else if k < len(toks) && isRoman(toks[k].text) {
			term, k = toks[k].text, k+1
		}
	}
	readTerm()
	if k+2 < len(toks) && toks[k].key == "toan" && toks[k+1].key == "quoc" {
		k += 2
		readTerm()
	}
	issuer := ""
	oStart, oEnd := 0, 0
	var om orgMatch
	if k < len(toks) && toks[k].key == "cua" {
		k++
	}
	if o, e, ok := x.parseOrg(toks, k); ok && o.Kind == "party_organisation" {
		issuer, om, oStart, oEnd = o.Name, o, k, e
		k = e
	} else if k < len(toks) && toks[k].key == "dang" && toks[k].upper {
		issuer, k = "Đảng Cộng sản Việt Nam", k+1
	}
	if term == "" {
		readTerm()
	}
	if term == "" && issuer != "" {
		term, k = termYears(toks, k)
	}
	if term == "" || issuer == "" && term == "" {
		return 0, false
	}
	if issuer == "" {
		issuer = "Đảng Cộng sản Việt Nam"
	}
	if oEnd > 0 {
		x.addOrgMention(om, s, oStart, oEnd)
	}
	m := x.mention(MentionResolution, "", s, i, k)
	markUsed(used, i, k)
	x.addRes(Resolution{Key: "NQĐH-" + term + "/" + key(issuer), Kind: KindNghiQuyet, Issuer: issuer, Level: levelOrCentral(om.Level), Term: term}, m)
	return k, true
}

func levelOrCentral(l string) string {
	if l == "" {
		return "central"
	}
	return l
}

// codeList reads codes from toks[k] on, separated by commas and "và",
// then an optional date and issuer ("ngày 12/3/2020 của Thủ tướng Chính
// phủ") and title ("về ..."). toks[i] starts the mention (the trigger word,
// or the first code).
func (x *extractor) codeList(s sentence, i, k int, kind string, triggered bool, used []bool) int {
	toks := s.toks
	kind = baseKind(kind)
	var codes []docCode
	var spans [][2]int
	start := i
	for k < len(toks) {
		c, ce, ok := codeAt(toks, k, kind, triggered)
		if !ok {
			break
		}
		if triggered && kind != KindOther && !(c.Kind == KindOther && c.Type == "") {
			if !(kind == KindQuyDinh && c.Kind == KindQuyetDinh || kind == KindQuyetDinh && c.Kind == KindQuyDinh) {
				c.Kind = kind
			}
		} else if triggered && c.Kind == KindOther && kind != KindOther {
			c.Kind = kind
		}
		codes = append(codes, c)
		spans = append(spans, [2]int{start, ce})
		k = ce
		start = k
		if k+1 < len(toks) && (toks[k].text == "," || toks[k].text == ";" || toks[k].key == "va") {
			if _, _, ok := codeAt(toks, k+1, kind, triggered); ok {
				k++
				start = k
				continue
			}
			// "và Nghị quyết số ...": the next trigger takes over.
		}
		break
	}
	if len(codes) == 0 {
		return 0
	}
	end := k
	issuer, level, e := x.issuerAfter(s, end, used)
	if e > end {
		end = e
	}
	issuer, level = decreeIssuer(kind, issuer, level)
	title, e := x.titleAfter(s, end)
	if e > end {
		end = e
	}
	for n, c := range codes {
		is, lv := x.issuerOfCode(c)
		if issuer != "" && (c.Party || is == "") {
			is, lv = issuer, level
		}
		r := Resolution{Key: c.Code, Code: c.Code, Kind: c.Kind, Number: c.Number, Issuer: is, Level: lv, Year: c.Year}
		if n == len(codes)-1 {
			r.Title = title
		}
		m := x.mention(MentionResolution, "", s, spans[n][0], spans[n][1])
		markUsed(used, spans[n][0], spans[n][1])
		x.addRes(r, m)
	}
	return end
}

// numberList: "Nghị quyết số 18, 19 của Trung ương", "Nghị quyết số 02
// của Tỉnh ủy". With a Party issuer the code is rebuilt (18-NQ/TW);
// without one, the number is matched against the article's codes later.
func (x *extractor) numberList(s sentence, i, k int, kind string, numbered bool, used []bool) int {
	toks := s.toks
	var nums []string
	var spans [][2]int
	start := i
	for k < len(toks) && isDigits(toks[k].text) && len(toks[k].text) <= 4 {
		nums = append(nums, toks[k].text)
		spans = append(spans, [2]int{start, k + 1})
		k++
		start = k
		if k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "va") && isDigits(toks[k+1].text) {
			k++
			start = k
			continue
		}
		// "Quyết định số 217, số 218 của Bộ Chính trị"
		if k+2 < len(toks) && (toks[k].text == "," || toks[k].key == "va") && toks[k+1].key == "so" && isDigits(toks[k+2].text) {
			k += 2
			start = k
			continue
		}
		break
	}
	if len(nums) == 0 {
		return 0
	}
	if !numbered && k < len(toks) && (timeWords[toks[k].key] || isUnit(toks, k)) {
		return 0 // "Kế hoạch 5 năm", "Kết luận 3 điểm"
	}
	end := k
	issuer, level, e := x.issuerAfter(s, end, used)
	if e > end {
		end = e
	}
	issuer, level = decreeIssuer(kind, issuer, level)
	title, e := x.titleAfter(s, end)
	if e > end {
		end = e
	}
	year, yday := docDate(toks, k)
	later := 0
	if issuer == "" && k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "va") {
		// "Quyết định số 217 và 218-QĐ/TW": the numbers take the code that
		// ends the list, with their own number.
		if c, _, ok := codeAt(toks, k+1, kind, true); ok && strings.HasPrefix(c.Code, c.Number) && c.Number != "" {
			suffix := strings.TrimPrefix(c.Code, c.Number)
			is, lv := x.issuerOfCode(c)
			end := x.codeList(s, i, k+1, kind, true, used)
			if ri, ok := x.resIdx[key(c.Code)]; ok {
				is, lv = x.res[ri].Issuer, x.res[ri].Level // "... của Bộ Chính trị" after the list
			}
			for n, num := range nums {
				code := num + suffix
				m := x.mention(MentionResolution, "", s, spans[n][0], spans[n][1])
				markUsed(used, spans[n][0], spans[n][1])
				x.addRes(Resolution{Key: code, Code: code, Kind: c.Kind, Number: num, Issuer: is, Level: lv, Year: c.Year}, m)
			}
			return max(end, k+1)
		}
	}
	if issuer == "" && k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "va") {
		// "Nghị quyết 18 và Nghị quyết 19 của Trung ương": the issuer that
		// comes later, with the next number of the same kind, is this
		// one's too.
		if te, v, ok := docTriggers.match(toks, k+1); ok && v.(string) == kind && toks[k+1].upper {
			n := len(x.issued)
			if e2 := x.afterTrigger(s, k+1, te, kind, used); e2 > 0 {
				later = e2
				if len(x.issued) > n {
					issuer, level = x.issued[n].issuer, x.issued[n].level
				}
			}
		}
	}
	if issuer == "" && later == 0 {
		// "được Chính phủ phê duyệt tại Quyết định số 649": the issuer
		// named before, as the agent of the verb that cites it.
		issuer, level = x.issuerBefore(s, i)
	}
	for n, num := range nums {
		mEnd := spans[n][1]
		if n == len(nums)-1 && issuer != "" {
			mEnd = end
			if title != "" {
				mEnd = end - 0
			}
		}
		m := x.mention(MentionResolution, "", s, spans[n][0], spans[n][1])
		markUsed(used, spans[n][0], mEnd)
		para := x.paragraph(m.Start)
		c := x.codeFor(kind, num, issuer)
		if c == "" && kind == KindNghiDinh && key(issuer) == "chinh phu" && year > 0 && len(nums) == 1 {
			c = num + "/NĐ-CP" // dated below: the Government's decrees carry their year
		}
		if c != "" {
			c = datedCode(c, kind, num, issuer, year, yday, len(nums) == 1)
			r := Resolution{Key: c, Code: c, Kind: baseKind(kind), Number: num, Issuer: issuer, Level: level}
			if n == len(nums)-1 {
				r.Title = title
			}
			x.addRes(r, m)
			x.issued = append(x.issued, issuedRef{kind: kind, issuer: issuer, level: level, field: x.field, index: x.index, para: para})
			continue
		}
		x.pending = append(x.pending, pendingRes{kind: kind, number: num, issuerKey: key(issuer), m: m, para: para})
	}
	return max(end, later)
}

// decreeIssuers are the bodies that issue nghị định: the Government, and
// before 1992 the Council of Ministers.
var decreeIssuers = map[string]bool{"chinh phu": true, "hoi dong bo truong": true}

// decreeIssuer drops the issuer named after a decree when it cannot have
// issued one: in "hướng dẫn thực hiện Nghị định 116 của Bộ GD&ĐT" the
// ministry is the guidance's, and the number is matched against the
// article's decrees as if no issuer were named.
func decreeIssuer(kind, issuer, level string) (string, string) {
	if kind == KindNghiDinh && issuer != "" && !decreeIssuers[key(issuer)] {
		return "", ""
	}
	return issuer, level
}

// codeFor rebuilds the code of a document known by kind, number and
// issuer, where convention fixes it: Party documents take the issuer's
// suffix (Nghị quyết số 18 của Trung ương = 18-NQ/TW); the Government's
// resolutions are N/NQ-CP; the Prime Minister's directives and decisions
// N/CT-TTg and N/QĐ-TTg. It returns "" otherwise.
func (x *extractor) codeFor(kind, num, issuer string) string {
	if issuer == "" {
		return ""
	}
	typ := docType(kind)
	kind = baseKind(kind)
	suffix := x.orgCode[key(issuer)]
	if suffix == "" {
		suffix = partySuffixOf[key(issuer)] // Hướng dẫn số 05 của Ban Tổ chức Trung ương = 05-HD/BTCTW
	}
	if suffix != "" {
		if typ != "" {
			return num + "-" + typ + "/" + suffix // Thông báo kết luận số 12 của Ban Bí thư = 12-TB/TW
		}
		if ab, ok := kindAbbrev[kind]; ok {
			return num + "-" + ab + "/" + suffix
		}
		return ""
	}
	switch key(issuer) {
	case "chinh phu":
		switch kind {
		case KindNghiQuyet:
			return num + "/NQ-CP"
		case KindQuyetDinh:
			return num + "/QĐ-TTg" // the Government's decisions are the Prime Minister's
		}
	case "thu tuong chinh phu":
		if typ == "CĐ" {
			return num + "/CĐ-TTg" // the Prime Minister's công điện
		}
		switch kind {
		case KindChiThi:
			return num + "/CT-TTg"
		case KindQuyetDinh:
			return num + "/QĐ-TTg"
		}
	}
	// A central body with its own suffix: its resolutions, decisions and
	// directives are N/NQ-<suffix>, N/QĐ-<suffix>, N/CT-<suffix>
	// (Nghị quyết số 559 của Hội đồng bầu cử quốc gia = 559/NQ-HĐBCQG).
	if suffix, ok := stateSuffixOf[key(issuer)]; ok {
		if typ != "" {
			return num + "/" + typ + "-" + suffix // Thông báo số 10 của Văn phòng Chính phủ = 10/TB-VPCP
		}
		switch kind {
		case KindHuongDan:
			return num + "/HD-" + suffix
		case KindKeHoach:
			return num + "/KH-" + suffix
		case KindNghiQuyet:
			return num + "/NQ-" + suffix
		case KindQuyetDinh:
			return num + "/QĐ-" + suffix
		case KindChiThi:
			return num + "/CT-" + suffix
		}
	}
	return ""
}

// datedCode adds the year to a code the convention gives with one, when
// the text dates the document: a Government decree (Nghị định số 15 ngày
// 3/2/2020 = 15/2020/NĐ-CP), and a normative decision of the Prime
// Minister, which the text tells by its number: fewer such decisions than
// days have passed in the year, where the individual ones run to several a
// day (Quyết định số 09 ngày 19/1/2007 = 09/2007/QĐ-TTg, Quyết định số 1211
// ngày 5/7/2016 = 1211/QĐ-TTg). single: one number, whose date it is.
func datedCode(code, kind, num, issuer string, year, yday int, single bool) string {
	if year == 0 || !single || strings.Count(code, "/") != 1 {
		return code
	}
	n, _ := strconv.Atoi(num)
	switch {
	case kind == KindNghiDinh && strings.HasSuffix(code, "/NĐ-CP"):
	case kind == KindQuyetDinh && strings.HasSuffix(code, "/QĐ-TTg") && yday > 0 && n > 0 && n < yday:
	default:
		return code
	}
	numPart, rest, _ := strings.Cut(code, "/")
	return numPart + "/" + strconv.Itoa(year) + "/" + rest
}

// docDate reads the date of a document cited at toks[k] ("ngày 19/1/2007",
// "ngày 19 tháng 1 năm 2007", "năm 2014") and returns its year and its day
// of the year (0 when only the year is given).
func docDate(toks []token, k int) (year, yday int) {
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	if k+1 < len(toks) && toks[k].key == "nam" && isYear(toks[k+1].text) {
		y, _ := strconv.Atoi(toks[k+1].text)
		return y, 0
	}
	if k+1 >= len(toks) || toks[k].key != "ngay" || toks[k+1].kind != tokNumber {
		return 0, 0
	}
	parts := strings.FieldsFunc(toks[k+1].text, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) == 1 && k+5 < len(toks) && toks[k+2].key == "thang" && toks[k+4].key == "nam" {
		parts = []string{parts[0], toks[k+3].text, toks[k+5].text}
	}
	if len(parts) != 3 || !isYear(parts[2]) {
		return 0, 0
	}
	d, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	y, _ := strconv.Atoi(parts[2])
	if d < 1 || d > 31 || m < 1 || m > 12 {
		return y, 0
	}
	return y, time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).YearDay()
}

// citingVerbs cite a document after their agent: "Chính phủ phê duyệt tại
// Quyết định số 649", "UBND tỉnh ban hành Quyết định số 12".
var citingVerbs = [][]string{{"phe", "duyet"}, {"ban", "hanh"}, {"ky"}, {"co"}, {"ra"}, {"gui"}, {"phat", "di"}}

// citedBy: a citing verb at toks[k] ("ban hành", "thông qua", "phê duyệt", "ký").
func citedBy(toks []token, k int) bool {
	if k < len(toks) && toks[k].key == "ky" && !toks[k].upper {
		return true
	}
	if k+1 >= len(toks) || toks[k].upper {
		return false
	}
	switch toks[k].key + " " + toks[k+1].key {
	case "ban hanh", "thong qua", "phe duyet":
		return true
	}
	return false
}

// issuerBefore reads the agent of a citing verb before the document word
// at toks[i]: "[được] <body> [đã|vừa] <verb> [tại|theo] <document>". It
// records no mention (the organisations pass reads the body).
func (x *extractor) issuerBefore(s sentence, i int) (string, string) {
	toks := s.toks
	k := i
	if k > 0 && (toks[k-1].key == "tai" || toks[k-1].key == "theo") && !toks[k-1].upper {
		k--
	}
	verb := false
	for _, v := range citingVerbs {
		if k >= len(v) {
			ok := true
			for n, w := range v {
				if toks[k-len(v)+n].key != w || toks[k-len(v)+n].upper {
					ok = false
				}
			}
			if ok {
				k -= len(v)
				verb = true
				break
			}
		}
	}
	if !verb {
		return "", ""
	}
	if k > 0 && (toks[k-1].key == "da" || toks[k-1].key == "vua") && !toks[k-1].upper {
		k--
	}
	for j := max(0, k-8); j < k; j++ {
		if !toks[j].upper {
			continue
		}
		if j+2 <= k && toks[j].key == "thu" && toks[j+1].key == "tuong" && (j+2 == k || j+4 == k && toks[j+2].key == "chinh" && toks[j+3].key == "phu") {
			return "Thủ tướng Chính phủ", "central"
		}
		if j+2 < k && toks[j].key == "thu" && toks[j+1].key == "tuong" && !(j > 0 && toks[j-1].key == "pho") {
			// "Thủ tướng Chính phủ Phạm Minh Chính đã ký Công điện số 1099":
			// the Prime Minister named before the verb.
			n := j + 2
			if n+1 < k && toks[n].key == "chinh" && toks[n+1].key == "phu" {
				n += 2
			}
			if n < k && nameAt(toks, n, licTitled) == k {
				return "Thủ tướng Chính phủ", "central"
			}
		}
		if o, e, ok := x.parseOrg(toks, j); ok && e == k && !o.Generic {
			if o.partyCode != "" && x.orgCode[key(o.Name)] == "" {
				x.orgCode[key(o.Name)] = o.partyCode
			}
			return o.Name, o.Level
		}
	}
	return "", ""
}

// issuedRef is a document cited by number with its issuer: a later number
// of the same kind in the same paragraph, given without one ("Chỉ thị 16
// của Thủ tướng ... Chỉ thị 15"), has the same issuer.
type issuedRef struct {
	kind, issuer, level string
	field               string
	index, para         int
}

// paragraph is the number of line breaks before offset start of the
// current field. The counts are made once per field (x.paras): counting
// from the field's start at each call took time that grew with the square
// of the field's length.
func (x *extractor) paragraph(start int) int {
	if len(x.paras) != len(x.toks)+1 {
		x.paras = append(x.paras[:0], 0)
		for _, t := range x.toks {
			n := x.paras[len(x.paras)-1]
			if t.nl {
				n++
			}
			x.paras = append(x.paras, n)
		}
	}
	// The tokens before the first that starts at or after start.
	i := sort.Search(len(x.toks), func(i int) bool { return x.toks[i].start >= start })
	return x.paras[i]
}

// skipDate returns the index after "ngày D[ tháng M năm Y]" at toks[j],
// or j if none is there.
func skipDate(toks []token, j int) int {
	if j+1 < len(toks) && toks[j].key == "ngay" && toks[j+1].kind == tokNumber {
		j += 2
		for j+1 < len(toks) && (toks[j].key == "thang" || toks[j].key == "nam") && toks[j+1].kind == tokNumber {
			j += 2
		}
	}
	return j
}

// issuerAfter reads "của <organisation>" (maybe after "ngày <date>") at
// toks[k]. It records the organisation's mention.
func (x *extractor) issuerAfter(s sentence, k int, used []bool) (string, string, int) {
	toks := s.toks
	j := k
	if j+1 < len(toks) && toks[j].key == "nam" && isYear(toks[j+1].text) {
		j += 2
	}
	j = skipDate(toks, j)
	if j < len(toks) && toks[j].text == "," {
		// "Nghị quyết số 21, ngày 16/6/2022, Hội nghị Trung ương 5"
		j++
	}
	if k := skipDate(toks, j); k > j {
		j = k
		if j < len(toks) && toks[j].text == "," {
			j++
		}
	}
	if j < len(toks) && toks[j].key == "cua" {
		j++
	} else if j+1 < len(toks) && toks[j].key == "duoc" && !toks[j].upper && toks[j+1].upper {
		// "Nghị quyết số 21 được Ban Chấp hành Trung ương khóa XIII ban
		// hành": the agent of a citing verb after the document.
		if o, e, ok := x.parseOrg(toks, j+1); ok && !o.Generic && citedBy(toks, skipTerm(toks, e)) {
			org := x.addOrgMention(o, s, j+1, e)
			x.setOrgCode(org, o.partyCode)
			markUsed(used, j+1, e)
			return org.Name, org.Level, e
		}
		return "", "", k
	} else if e, ok := plenumIssuer(toks, j); ok {
		// A plenum issues without "của": "... ngày 16/6/2022 Hội nghị
		// Trung ương 5 khóa XIII".
		return x.plenumIssuer(used, j, e)
	} else {
		return "", "", k
	}
	if e, ok := plenumIssuer(toks, j); ok {
		return x.plenumIssuer(used, j, e)
	}
	o, e, ok := x.parseOrg(toks, j)
	if !ok {
		if j+1 < len(toks) && toks[j].key == "trung" && toks[j+1].key == "uong" && toks[j].upper {
			o, e, ok = orgMatch{Name: "Ban Chấp hành Trung ương Đảng", Kind: "party_committee", Level: "central", Parent: "Đảng Cộng sản Việt Nam", partyCode: "TW", Alias: "Trung ương"}, j+2, true
		} else if j+2 < len(toks) && toks[j].key == "thu" && toks[j+1].key == "tuong" {
			e = j + 2
			if e+1 < len(toks) && toks[e].key == "chinh" && toks[e+1].key == "phu" {
				e += 2
			}
			markUsed(used, j, e)
			return "Thủ tướng Chính phủ", "central", e
		}
	}
	if !ok || o.Generic {
		return "", "", k
	}
	if o.Alias == "Trung ương" {
		o.Alias = ""
	}
	org := x.addOrgMention(o, s, j, e)
	x.setOrgCode(org, o.partyCode)
	markUsed(used, j, e)
	return org.Name, org.Level, e
}

// plenumIssuer reads a plenum of the Central Committee as a document's
// issuer at toks[j]: "Hội nghị Trung ương 5 (khóa XIII)", "Hội nghị lần thứ
// sáu Ban Chấp hành Trung ương Đảng khóa XII", "Hội nghị Trung ương lần thứ
// 4". It returns the index after it.
func plenumIssuer(toks []token, j int) (int, bool) {
	if j+3 >= len(toks) || toks[j].key != "hoi" || toks[j+1].key != "nghi" || !toks[j].upper {
		return 0, false
	}
	k := j + 2
	ordinal := func() {
		if k+2 < len(toks) && toks[k].key == "lan" && toks[k+1].key == "thu" {
			k += 3
		} else if k < len(toks) && isDigits(toks[k].text) {
			k++
		}
	}
	ordinal()
	switch {
	case k+3 < len(toks) && toks[k].key == "ban" && toks[k+1].key == "chap" && toks[k+2].key == "hanh" && toks[k+3].key == "trung":
		k += 4
		if k < len(toks) && toks[k].key == "uong" {
			k++
		}
		if k < len(toks) && toks[k].key == "dang" {
			k++
		}
	case k+1 < len(toks) && toks[k].key == "trung" && toks[k+1].key == "uong":
		k += 2
		if k < len(toks) && toks[k].key == "dang" {
			k++
		}
	default:
		return 0, false
	}
	ordinal()
	t := k
	if t < len(toks) && (toks[t].text == "(" || toks[t].text == ",") {
		t++
	}
	if t+1 < len(toks) && toks[t].key == "khoa" && isRoman(toks[t+1].text) {
		k = t + 2
		if k < len(toks) && toks[k].text == ")" && toks[t-1].text == "(" {
			k++
		}
	}
	return k, true
}

// plenumIssuer makes the Central Committee the issuer read at toks[j:e]:
// its documents take the suffix TW. The plenum names no body of its own.
func (x *extractor) plenumIssuer(used []bool, j, e int) (string, string, int) {
	const bch = "Ban Chấp hành Trung ương Đảng"
	if x.orgCode[key(bch)] == "" {
		x.orgCode[key(bch)] = "TW"
	}
	markUsed(used, j, e)
	return bch, "central", e
}

// titleAfter reads "về <subject>" up to the end of the clause.
func (x *extractor) titleAfter(s sentence, k int) (string, int) {
	toks := s.toks
	if k >= len(toks) || toks[k].key != "ve" {
		return "", k
	}
	j := k + 1
	for j < len(toks) && j-k <= 25 {
		t := &toks[j]
		if t.kind == tokPunct && (t.text == "," || t.text == ";" || t.text == "." || t.text == ":" || t.text == "(" || t.text == ")") {
			break
		}
		if toks[j].upper {
			if _, _, ok := docTriggers.match(toks, j); ok {
				break
			}
		}
		j++
	}
	for j > k+1 && (toks[j-1].key == "va" || toks[j-1].kind == tokPunct && toks[j-1].text != "”" && toks[j-1].text != "\"") {
		j--
	}
	if j == k+1 {
		return "", k
	}
	return words(x.text, toks[k:j]), j
}

// resolvePending matches references without a code against the article's
// documents: "Nghị quyết số 02" is the 02-NQ/TU cited before;
// "Nghị quyết năm 2020" is the one annual resolution of 2020.
func (x *extractor) resolvePending() {
	for _, p := range x.pending {
		var match *Resolution
		count := 0
		for _, r := range x.res {
			if p.annual {
				if !strings.HasPrefix(r.Key, "NQ-") || r.Year == 0 {
					continue
				}
				if p.year != 0 && r.Year != p.year || p.year == 0 && x.year != 0 && r.Year != x.year {
					continue
				}
				if p.issuerKey != "" && key(r.Issuer) != p.issuerKey {
					continue
				}
			} else {
				if r.Number == "" || strings.TrimLeft(r.Number, "0") != strings.TrimLeft(p.number, "0") || r.Kind != baseKind(p.kind) {
					continue
				}
				if p.issuerKey != "" && key(r.Issuer) != p.issuerKey {
					continue
				}
			}
			match = r
			count++
		}
		if count == 1 {
			m := p.m
			m.Key = match.Key
			match.Mentions = append(match.Mentions, m)
			continue
		}
		if p.annual || count > 1 {
			continue
		}
		if r, ok := x.inherit(p); ok {
			m := p.m
			x.addRes(r, m)
			continue
		}
		// A number alone, named nowhere else: keep it under a key of its kind and number.
		ab := keyAbbrev[baseKind(p.kind)]
		x.addRes(Resolution{Key: ab + "-" + p.number + "/?", Kind: baseKind(p.kind), Number: p.number}, p.m)
	}
}

// inherit gives a number without an issuer the issuer of the last document
// of its kind cited with one earlier in the same paragraph.
func (x *extractor) inherit(p pendingRes) (Resolution, bool) {
	for i := len(x.issued) - 1; i >= 0; i-- {
		ref := x.issued[i]
		if ref.kind != p.kind || ref.field != p.m.Field || ref.index != p.m.Index || ref.para != p.para {
			continue
		}
		if c := x.codeFor(p.kind, p.number, ref.issuer); c != "" {
			return Resolution{Key: c, Code: c, Kind: baseKind(p.kind), Number: p.number, Issuer: ref.issuer, Level: ref.level}, true
		}
	}
	return Resolution{}, false
}

// termYears reads "nhiệm kỳ 2020 - 2025" (also glued, "nhiệm kỳ2020-2025")
// at toks[k] and returns "2020-2025".
func termYears(toks []token, k int) (string, int) {
	if k >= len(toks) || toks[k].key != "nhiem" || k+1 >= len(toks) {
		return "", k
	}
	j := k + 1
	key := toks[j].key
	var first string
	switch {
	case key == "ky" && j+1 < len(toks):
		j++
		first = toks[j].text
	case strings.HasPrefix(key, "ky") && len(key) > 2:
		first = toks[j].text[len(toks[j].text)-len(key)+2:]
	default:
		return "", k
	}
	if a, b, ok := strings.Cut(first, "-"); ok && isYear(a) && isYear(b) {
		return a + "-" + b, j + 1
	}
	if isYear(first) && j+2 < len(toks) && toks[j+1].text == "-" && isYear(toks[j+2].text) {
		return first + "-" + toks[j+2].text, j + 3
	}
	return "", k
}

// urgency are the words that may stand between a document word and its
// number.
var urgency = map[string]bool{"khan": true, "hoa": true, "toc": true, "mat": true, "thuong": true}

// timeWords after a number make it a duration or a date, not a document.
var timeWords = map[string]bool{"nam": true, "thang": true, "ngay": true, "quy": true, "tuan": true, "gio": true, "diem": true, "lan": true, "buoc": true, "noi": true}

func isUnit(toks []token, k int) bool {
	_, _, ok := units.match(toks, k)
	return ok
}
