package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// unitStops end a unit's name: function words, and the first word of
// verbs that follow a subject ("cho biết", "nêu rõ").
var (
	unitStops = map[string]bool{"đã": true, "được": true, "có": true, "là": true, "sẽ": true, "đang": true, "vừa": true, "cũng": true,
		"với": true, "tại": true, "của": true, "thuộc": true, "trong": true, "theo": true, "để": true, "nhằm": true, "vào": true,
		"từ": true, "đến": true, "khi": true, "này": true, "đó": true, "ngày": true, "sáng": true, "chiều": true, "tối": true,
		"hôm": true, "lúc": true, "cùng": true, "gồm": true, "ở": true, "do": true, "bị": true, "các": true, "những": true,
		"một": true, "chưa": true, "thì": true, "mà": true, "nếu": true, "sau": true, "trước": true, "qua": true,
		"trên": true, "dưới": true, "giữa": true, "hiện": true, "nay": true, "hoặc": true, "hay": true, "như": true, "về": true,
		"cho": true, "nêu": true, "chủ": true, "yêu": true, "đề": true, "triển": true, "thực": true, "ban": true, "kiểm": true,
		"quyết": true, "báo": true, "nhấn": true, "khẳng": true, "làm": true, "phối": true, "hướng": true, "chỉ": true,
		"tham": true, "nghiên": true, "phát": true, "trao": true, "ký": true, "họp": true, "thăm": true, "tiếp": true, "giao": true,
		"trả": true, "gửi": true, "tổ": true, "công": true, "thông": true, "xác": true, "đánh": true, "lập": true, "nhận": true,
		"ra": true, "đưa": true, "xử": true, "xem": true, "hỗ": true, "mở": true, "tạm": true, "đình": true, "cấp": true, "thu": true}
	// steeringFirst start the names of steering committees in lower case.
	steeringFirst = map[string]bool{"phòng": true, "chống": true, "công": true, "an": true, "xây": true, "cải": true, "quốc": true,
		"về": true, "thi": true, "chương": true, "tổng": true, "điều": true}
)

// placePrepositions put a place after them, never a name's word.
var placePrepositions = map[string]bool{"tại": true, "ở": true, "của": true, "thuộc": true, "trên": true, "cho": true}

// parseUnit reads a unit named by free text after its head at toks[i:j].
func (x *extractor) parseUnit(toks []token, i, j int, h headInfo) (orgMatch, int, bool) {
	canon, kind := h.Canon, h.Kind
	if !toks[i].upper || j >= len(toks) {
		return orgMatch{}, 0, false
	}
	// A head too common to name a body by itself ("Trung tâm") names one
	// only with a place or a body after its name.
	placed := h.Level == "placed"
	if canon == "Thanh tra" || canon == "Ban Cán sự Đảng" {
		return x.parseUnitOf(toks, j, canon)
	}
	if de, dv, ok := domains.match(toks, j); ok && (canon == "Phòng" || canon == "Chi cục") && (de >= len(toks) || !toks[de].upper && toks[de].text != "-" && toks[de].text != "&" || placeWordAt(toks, de)) {
		// "Phòng nội vụ", "Phòng GD&ĐT huyện X": a portfolio, spelt out,
		// whatever its case.
		m := orgMatch{Name: canon + " " + dv.(string), Kind: "government", Level: "central"}
		return x.unitPlace(toks, de, m, false)
	}
	steering := canon == "Ban Chỉ đạo"
	if !steering && toks[j].kind == tokWord && !toks[j].upper {
		// "Cục thi hành án dân sự tỉnh Thanh Hóa", "Vụ pháp luật, Văn
		// phòng Quốc hội": the press writes the name in lower case; it is
		// one only when a place or the body it belongs to ends it.
		if e, ok := x.lowerUnitRun(toks, i, j); ok {
			m := orgMatch{Name: canon + " " + upperFirst(words(x.text, toks[j:e])), Kind: "government", Level: "central"}
			if strings.HasPrefix(kind, "party_") || placed {
				m.Kind = kind
			}
			if placed {
				return x.placedUnit(toks, e, m)
			}
			return x.unitPlace(toks, e, m, false)
		}
		if !placed {
			return orgMatch{}, 0, false
		}
	}
	if toks[j].kind != tokWord && !(steering && toks[j].kind == tokNumber) || !toks[j].upper && !(steering && steeringFirst[lowerVN(toks[j].text)]) && !placed {
		// A steering committee's name may start in lower case, but only
		// with what such names start with ("phòng, chống dịch",
		// "công tác ..."), not a verb ("Ban Chỉ đạo yêu cầu").
		if !(steering && toks[j].kind == tokNumber) {
			return orgMatch{}, 0, false
		}
	}
	e := j
	for e < len(toks) && e-j < 10 && !toks[e].nl {
		t := &toks[e]
		lw := lowerVN(t.text)
		if e > j {
			if adminAt(toks, e) {
				break
			}
			if t.upper {
				if _, _, ok := places.match(toks, e); ok {
					break // "Ban Chỉ đạo phòng chống dịch Covid-19 TPHCM"
				}
				if _, _, ok := heads.matchSpelt(toks, e); ok {
					break
				}
				if _, _, ok := titles.matchSpelt(toks, e); ok {
					break
				}
			}
			if placed && e-2 > j && regionAt(toks, e-2) {
				break // "... phía Bắc triển khai": the region ends the name
			}
			if placed && t.upper {
				if _, v, ok := fixedOrgs.match(toks, e); ok && v.(orgInfo).Level != "international" {
					break // "Trung tâm Không gian mạng Viettel": the body it belongs to
				}
			}
			if t.upper {
				if _, _, ok := docTriggers.match(toks, e); ok {
					break // "Ban Chỉ đạo Quốc gia và Quyết định số 936"
				}
			}
			if x.titleCtx && isSurname(*t) && nameAt(toks, e, licTitled) > 0 {
				break // "Vụ trưởng Vụ Giáo dục đại học Nguyễn Thu Thủy"
			}
			if isSurname(*t) && surnameRank(*t) < 30 {
				if ne := nameAt(toks, e, licTitled); ne >= e+3 && (ne >= len(toks) || !toks[ne].upper) {
					break // "cán bộ Đội Cảnh sát Hình sự Trần Việt Anh": a person after the unit
				}
			}
		}
		switch {
		case t.kind == tokWord && lw == "và":
			if e+1 < len(toks) && !toks[e+1].upper && !steering && !placed {
				// "Cục Cạnh tranh và bảo vệ người tiêu dùng": the rest of
				// the name in lower case, up to a place or a body.
				if le, ok := x.lowerUnitRun(toks, i, e+1); ok {
					e = le
					goto done
				}
			}
			if e+1 >= len(toks) || !toks[e+1].upper {
				goto done
			}
			if _, _, ok := heads.match(toks, e+1); ok {
				goto done
			}
		case e > j && compoundTail(toks, e):
		case t.kind == tokWord && lw == "về" && steering:
		case t.kind == tokNumber && steering: // "Ban Chỉ đạo 389 Quốc gia"
		case placed && t.kind == tokWord && e > j && !t.upper && compounds[spelling(toks[e-1].text)+" "+spelling(t.text)]:
			// "lưu ký": the second syllable of a word, not a verb
		case placed && t.kind == tokWord && e > j && !t.upper && e+1 < len(toks) && !placePrepositions[lw] && (compounds[spelling(t.text)+" "+spelling(toks[e+1].text)] || adminAt(toks, e+1)):
			// "Trung tâm Đáp ứng sự kiện y tế công cộng": a word, not a
			// verb; "hành chính công tỉnh X": the name's last word.
		case steering && t.kind == tokWord && e > j && !t.upper && e+1 < len(toks) && compounds[spelling(t.text)+" "+spelling(toks[e+1].text)] && (toks[e-1].text == "," || toks[e-1].key == "chong"):
			// "phòng, chống tham nhũng, tiêu cực": what is fought, a noun
		case steering && t.kind == tokWord && e > j && !t.upper && compounds[spelling(toks[e-1].text)+" "+spelling(t.text)] && e >= 2 && toks[e-2].text == ",":
		case t.kind == tokWord && e > j && !t.upper && unitStops[lw] && !unitWordAt(toks, e):
			goto done
		case t.kind == tokWord:
		case t.text == "," && steering && e+1 < len(toks) && toks[e+1].kind == tokWord && !toks[e+1].upper && (!unitStops[lowerVN(toks[e+1].text)] || e+2 < len(toks) && compounds[spelling(toks[e+1].text)+" "+spelling(toks[e+2].text)]):
			// "phòng, chống tham nhũng, tiêu cực": a word, not a verb
		case t.text == "-" || t.text == "&":
		case t.text == "," && e > j && toks[e-1].key == "phong" && e+1 < len(toks) && toks[e+1].key == "chong":
			// "Phòng, chống tệ nạn xã hội": one phrase, prevent and combat
		default:
			goto done
		}
		e++
	}
done:
	for e > j && (toks[e-1].key == "va" || toks[e-1].key == "ve" || toks[e-1].kind == tokPunct) {
		e--
	}
	if e == j || e == j+1 && hasAcronym(toks[j:e]) {
		return orgMatch{}, 0, false // "Cục ĐSVN": an abbreviation, not a name
	}
	name := words(x.text, toks[j:e])
	if placed && !toks[j].upper {
		r, n := utf8.DecodeRuneInString(name)
		name = string(unicode.ToUpper(r)) + name[n:] // "Trung tâm lưu ký ...", as a name is spelt
	}
	m := orgMatch{Name: canon + " " + name, Kind: "government", Level: "central"}
	if steering || strings.HasPrefix(kind, "party_") || placed {
		m.Kind = kind // "Ban Chỉ đạo ...", "Đảng ủy Khối ..."
	}
	if placed {
		return x.placedUnit(toks, e, m)
	}
	return x.unitPlace(toks, e, m, steering)
}

// placedUnit: a unit of a head too common to name a body alone, which
// names one only when a place, a ministry or "Việt Nam" ends its name
// ("Trung tâm Công tác xã hội tỉnh Phú Yên", "Trung tâm Đáp ứng sự kiện y
// tế công cộng Bộ Y tế", "Trung tâm Lưu ký Chứng khoán Việt Nam").
func (x *extractor) placedUnit(toks []token, e int, m orgMatch) (orgMatch, int, bool) {
	k := key(m.Name)
	if strings.HasPrefix(k, "quy ") {
		// A fund is the state's with a province or a district after it
		// ("Quỹ Bảo vệ và Phát triển rừng tỉnh Lâm Đồng"); a fund "Việt
		// Nam" is as often a charity's.
		if adminAt(toks, e) {
			if p, province, pe, ok := x.parsePlaceAfter(toks, e, ""); ok && p.name != "" {
				m.Name += " " + placeName(p)
				m.Level, m.Province = p.level, province
				return m, pe, true
			}
		}
		return orgMatch{}, 0, false
	}
	if (strings.HasSuffix(k, " viet nam") || strings.HasSuffix(k, " quoc gia") || strings.HasSuffix(k, " trung uong")) && len(strings.Fields(k)) > 4 {
		return m, e, true // "Trung tâm Dự báo khí tượng thủy văn Quốc gia", not "Trung tâm Quốc gia"
	}
	if e >= 2 && regionAt(toks, e-2) && len(strings.Fields(k)) > 4 {
		return m, e, true // "Trung tâm Xúc tiến đầu tư phía Bắc", "Cảng vụ Hàng không miền Bắc"
	}
	if e+1 < len(toks) && toks[e].upper && toks[e].key == "viet" && toks[e+1].key == "nam" {
		m.Name += " Việt Nam"
		return m, e + 2, true
	}
	if e < len(toks) && toks[e].upper && toks[e].key != "bo" {
		if fe, v, ok := fixedOrgs.match(toks, e); ok && v.(orgInfo).Level != "international" && (fe >= len(toks) || !toks[fe].upper) {
			// "Trung tâm Không gian mạng Viettel", "Trung tâm Dữ liệu Tổng
			// cục Thống kê": a centre of a state body known by name.
			m.Name += " " + words(x.text, toks[e:fe])
			m.Parent = v.(orgInfo).Name
			return m, fe, true
		}
	}
	if e < len(toks) && toks[e].upper && toks[e].key == "bo" {
		if sub, se, ok := x.parseOrg(toks, e); ok && !sub.Generic && strings.HasPrefix(sub.Name, "Bộ ") {
			m.Name += " " + sub.Name
			m.Parent = sub.Name
			return m, se, true
		}
	}
	if adminAt(toks, e) || e < len(toks) && toks[e].upper {
		if p, province, pe, ok := x.parsePlaceAfter(toks, e, ""); ok && p.name != "" && (adminAt(toks, e) || p.level == "province") {
			m.Name += " " + placeName(p)
			m.Level, m.Province = p.level, province
			return m, pe, true
		}
	}
	if p, province, pe, ok := x.unnamedPlace(toks, e); ok {
		m.Name += " " + placeName(p)
		m.Level, m.Province = p.level, province
		return m, pe, true
	}
	return orgMatch{}, 0, false
}

// unitPlace reads the place after a unit's name at toks[e] ("Phòng Y tế
// huyện Đông Anh"; a steering committee without one is the paper's
// province's) and what it belongs to ("thuộc Cục Quản lý chất lượng",
// "(Bộ GD&ĐT)"), which becomes its parent.
func (x *extractor) unitPlace(toks []token, e int, m orgMatch, steering bool) (orgMatch, int, bool) {
	end := e
	if p, province, pe, ok := x.parsePlaceAfter(toks, e, ""); ok && p.name != "" && (placeWordAt(toks, e) || p.level == "province") {
		// "Phòng Y tế huyện Đông Anh", "Chi cục Kiểm lâm TPHCM"
		m.Name += " " + placeName(p)
		m.Level, m.Province = p.level, province
		end = pe
	} else if p, province, pe, ok := x.unnamedPlace(toks, e); ok {
		// "Chi cục Kiểm lâm tỉnh", "Phòng Nội vụ huyện": the province or
		// district the article is about.
		m.Name += " " + placeName(p)
		m.Level, m.Province = p.level, province
		end = pe
	} else if steering && x.province != "" && !nationalName(m.Name) {
		m.Name += " " + placeName(place{level: "province", name: x.province})
		m.Level, m.Province = "province", x.province
	}
	if end == e && end < len(toks) && toks[end].upper && !steering {
		// "Cục Chính trị Quân khu 9", "Phòng Tham mưu Bộ Chỉ huy Quân sự
		// tỉnh": a department named with the command it belongs to.
		if sub, se, ok := x.parseOrg(toks, end); ok && !sub.Generic && armyUnit(sub.Name) {
			m.Name += " " + sub.Name
			m.Parent, m.Kind, m.Level, m.Province = sub.Name, "other", sub.Level, sub.Province
			return m, se, true
		}
	}
	if ae := skipAcronymAside(toks, end); (strings.HasPrefix(m.Name, "Phòng ") || strings.HasPrefix(m.Name, "Đội ")) && end == e && ae < len(toks) && toks[ae].upper {
		// "Phòng Cảnh sát kinh tế (PC03) Công an tỉnh X": a department
		// named with the body it belongs to.
		if sub, se, ok := x.parseOrg(toks, ae); ok && !sub.Generic && sub.Kind == "government" && sub.Province != "" {
			m.Name += " " + sub.Name
			m.Parent, m.Level, m.Province = sub.Name, sub.Level, sub.Province
			return m, se, true
		}
	}
	k := end
	if k < len(toks) && (toks[k].key == "thuoc" || toks[k].text == "(" || toks[k].text == ",") {
		k++
	}
	if sub, _, ok := x.parseOrg(toks, k); ok && !sub.Generic && k > end && (toks[k-1].text != "," || strings.HasPrefix(sub.Name, "Bộ ") || strings.HasPrefix(sub.Name, "Sở ")) {
		m.Parent = sub.Name // "thuộc Cục Quản lý chất lượng", "Vụ Tổ chức cán bộ, Bộ GDĐT", "Phòng Quản lý giá, Sở Tài chính tỉnh X"
	}
	return m, end, true
}

func nationalName(name string) bool {
	k := key(name)
	return strings.Contains(k, "quoc gia") || strings.Contains(k, "trung uong") || strings.Contains(k, "nha nuoc")
}

// parseUnitOf: a unit named by what it belongs to: "Thanh tra tỉnh",
// "Thanh tra Bộ GDĐT", "Ban Cán sự Đảng Bộ Y tế".
func (x *extractor) parseUnitOf(toks []token, j int, canon string) (orgMatch, int, bool) {
	// Named by what they belong to: "Thanh tra tỉnh", "Thanh tra Bộ GDĐT".
	if p, province, e, ok := x.parsePlaceAfter(toks, j, ""); ok && (p.admin != "" || p.level == "province" && adminAt(toks, j)) {
		if p.name == "" && p.level == "province" && x.province != "" {
			p = place{level: "province", name: x.province}
			province = x.province
		}
		if p.name == "" {
			return orgMatch{}, 0, false
		}
		return orgMatch{Name: canon + " " + placeName(p), Kind: "government", Level: p.level, Province: province}, e, true
	}
	if sub, e, ok := x.parseOrg(toks, j); ok && !sub.Generic && (sub.Kind == "government" || sub.Kind == "party_committee") {
		kind := "government"
		if canon == "Ban Cán sự Đảng" {
			kind = "party_organisation"
		}
		return orgMatch{Name: canon + " " + sub.Name, Kind: kind, Level: sub.Level, Parent: sub.Name, Province: sub.Province}, e, true
	}
	if canon == "Ban Cán sự Đảng" {
		return orgMatch{Name: canon, Kind: "party_organisation", Level: "other", Generic: true}, j, true
	}
	return orgMatch{}, 0, false
}

// unnamedPlace reads an administrative word the text leaves unnamed at
// toks[e] ("tỉnh", "huyện") and names it after the article: the paper's
// province, the district or commune it last named. It fails when the
// article names none, or when a name follows the word.
func (x *extractor) unnamedPlace(toks []token, e int) (place, string, int, bool) {
	if !adminAt(toks, e) {
		return place{}, "", 0, false
	}
	ae, v, _ := admins.match(toks, e)
	if ae < len(toks) && (toks[ae].upper || toks[ae].kind == tokNumber) {
		return place{}, "", 0, false
	}
	ai := v.(adminInfo)
	p := place{admin: ai.Canon, level: ai.Level}
	if p.level == "city" {
		p.level = "district"
		if x.province != "" && bigCities[key(x.province)] {
			p.level = "province"
		}
	}
	switch {
	case p.level == "province" && x.province != "":
		return place{level: "province", name: x.province}, x.province, ae, true
	case p.level == "district" && x.district != "" && p.admin != "thành phố" && x.onlyOne("d"):
		p.name = x.district
		return p, x.province, ae, true
	case p.level == "commune" && x.commune != "" && x.onlyOne("c"):
		p.name = x.commune
		return p, x.province, ae, true
	}
	return place{}, "", 0, false
}

// placeWordAt: an administrative word before a place at toks[e], as adminAt
// reads it or capitalised before a capitalised name ("Quận Cầu Giấy").
func placeWordAt(toks []token, e int) bool {
	if adminAt(toks, e) {
		return true
	}
	ae, _, ok := admins.match(toks, e)
	return ok && ae < len(toks) && toks[ae].upper && toks[ae].kind == tokWord
}

// armyUnit: the name of a command or unit of the army.
func armyUnit(name string) bool {
	for _, p := range []string{"Quân khu ", "Quân đoàn ", "Quân chủng ", "Binh chủng ", "Sư đoàn ", "Bộ Tư lệnh ", "Bộ Chỉ huy ", "Ban Chỉ huy ", "Bộ đội Biên phòng "} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// regionWords end a unit's name with the part of the country it serves
// ("Cảng vụ Hàng không miền Bắc", "Trung tâm Xúc tiến đầu tư phía Nam").
var regionWords = map[string]bool{"mien": true, "phia": true}

// regionAt: "miền Bắc", "phía Nam", "miền Trung" at toks[e].
func regionAt(toks []token, e int) bool {
	if e+1 >= len(toks) || !regionWords[toks[e].key] || toks[e].upper && e > 0 {
		return false
	}
	switch toks[e+1].key {
	case "bac", "nam", "trung", "tay":
		return toks[e+1].upper
	}
	return false
}

// lowerUnitRun reads a unit's name the press writes in lower case after
// its head at toks[i:j] ("Cục thi hành án dân sự", "Trung tâm quản lý và
// hỗ trợ khách du lịch", "Đảng ủy khối đại học, cao đẳng"): lower-case
// words, no function word or verb (unitStops), "và", "-" or a comma only
// before another such word. It is a name only when what ends it makes it
// one: a place ("tỉnh Thanh Hóa", "TP Vũng Tàu", a province), a region
// ("miền Bắc"), or, after a comma, the body it belongs to (", Văn phòng
// Quốc hội"). A head that opens its sentence or line is no evidence: "Vụ
// tai nạn ..." is an accident. It returns the end of the words.
func (x *extractor) lowerUnitRun(toks []token, i, j int) (int, bool) {
	if i == 0 || toks[i].nl || j >= len(toks) {
		return 0, false
	}
	e := j
	for e < len(toks) && e-j < 10 && !toks[e].nl {
		t := &toks[e]
		if t.kind != tokWord || t.upper {
			if (t.text == "," || t.text == "-" || t.text == "–") && e > j && e+1 < len(toks) && toks[e+1].kind == tokWord && !toks[e+1].upper && !toks[e+1].nl && !unitStops[lowerVN(toks[e+1].text)] && !adminAt(toks, e+1) {
				e++
				continue
			}
			break
		}
		lw := lowerVN(t.text)
		if e > j && (adminAt(toks, e) || regionAt(toks, e)) {
			break
		}
		if lw == "về" && e > j && e+1 < len(toks) && toks[e+1].kind == tokWord && !toks[e+1].upper {
			e++ // "tội phạm về ma túy": what the unit deals with
			continue
		}
		if unitStops[lw] && !unitWordAt(toks, e) && !(e > j && compounds[spelling(toks[e-1].text)+" "+spelling(t.text)]) &&
			!(e > j && toks[e-1].key == "va" && e+1 < len(toks) && compounds[spelling(t.text)+" "+spelling(toks[e+1].text)]) {
			// a verb ends it, but for a word after "và" ("quản lý và hỗ trợ")
			return 0, false
		}
		if lw == "và" && (e == j || e+1 >= len(toks) || toks[e+1].upper || toks[e+1].kind != tokWord) {
			return 0, false
		}
		e++
	}
	if e == j || e-j < 2 && !(e < len(toks) && regionAt(toks, e)) {
		return 0, false // one lower-case word is too little to be a name
	}
	if toks[e-1].key == "va" || toks[e-1].kind != tokWord {
		return 0, false
	}
	switch {
	case e >= len(toks):
		return 0, false
	case regionAt(toks, e):
		return e + 2, true
	case adminAt(toks, e):
		if p, _, _, ok := x.parsePlaceAfter(toks, e, ""); ok && p.name != "" {
			return e, true
		}
	case toks[e].upper && toks[e].kind == tokWord:
		if _, _, ok := places.match(toks, e); ok {
			return e, true // "... TP.HCM", "... Hà Nội"
		}
		if sub, _, ok := x.parseOrg(toks, e); ok && !sub.Generic && sub.Province != "" && strings.HasPrefix(sub.Name, "Công an ") {
			return e, true // "Đội cảnh sát giao thông, trật tự Công an huyện X"
		}
	case toks[e].text == "," && e+1 < len(toks) && toks[e+1].upper:
		if sub, _, ok := x.parseOrg(toks, e+1); ok && !sub.Generic && sub.Level == "central" && sub.Kind != "company" && sub.Kind != "enterprise" {
			// "Vụ pháp luật, Văn phòng Quốc hội": a central body's
			// department before it (a province's bodies are listed
			// without their place: "Ban Quản lý khu kinh tế, Sở TN&MT
			// Hà Tĩnh" leaves the first unnamed)
			return e, true
		}
	}
	return 0, false
}

// upperFirst capitalises a name's first letter, as a body's name is spelt.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// unitWordAt: toks[e] starts a word of unitwords.txt ("giao thông"), not
// the verb its first syllable also is.
func unitWordAt(toks []token, e int) bool {
	if e > 0 && toks[e-1].kind == tokWord && unitNameWords[spelling(toks[e-1].text)+" "+spelling(toks[e].text)] {
		return true // "thông" in "giao thông"
	}
	return e+1 < len(toks) && toks[e+1].kind == tokWord && !toks[e+1].nl && unitNameWords[spelling(toks[e].text)+" "+spelling(toks[e+1].text)]
}
