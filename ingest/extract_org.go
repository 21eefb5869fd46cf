package ingest

import (
	"strings"
)

// orgMatch is an organisation recognised at some tokens.
type orgMatch struct {
	Name, Kind, Level, Parent, Province, Term string
	Alias                                     string // the abbreviated spelling the text used, when it is one
	Generic                                   bool
	product                                   bool   // a brand's product ("Viettel eKYC"): no body at all
	parentGiven                               bool   // the text names the parent ("xã Tân Thạch, huyện Châu Thành")
	partyCode                                 string // TW, TU, HU, ĐU: the suffix of the documents it issues
}

type adminInfo struct{ Canon, Level string }

// partyWords follow "Đảng" when it does not name the Party itself.
var partyWords = map[string]bool{"bo": true, "uy": true, "vien": true, "cong": true, "doan": true, "phi": true}

// partyBefore precede "Đảng" in phrases that name a Party body, not the
// Party: "Ban cán sự Đảng", "tổ chức Đảng".
var partyBefore = map[string]bool{"sự": true, "chức": true, "đoàn": true}

// partyLevel maps a committee's level to the suffix of its documents.
var partyCodeOf = map[string]string{"central": "TW", "province": "TU", "district": "HU", "commune": "ĐU"}

// partyCentralCommittee is the key of the Party's Central Committee, whose
// short forms (BCH Trung ương) other organisations' committees share.
var partyCentralCommittee = key("Ban Chấp hành Trung ương Đảng")

// parseOrg recognises an organisation starting at toks[i] and returns it
// with the index after it.
func (x *extractor) parseOrg(toks []token, i int) (orgMatch, int, bool) {
	if i >= len(toks) || toks[i].kind != tokWord {
		return orgMatch{}, 0, false
	}
	if !toks[i].upper {
		return x.lowerHeaded(toks, i)
	}
	var best orgMatch
	bestEnd := 0
	if end, v, ok := fixedOrgs.match(toks, i); ok {
		info := v.(orgInfo)
		best = orgMatch{Name: info.Name, Kind: info.Kind, Level: info.Level, Parent: info.Parent, Generic: info.Level == "international"}
		if info.Level == "central" && (info.Kind == "party_committee" || info.Kind == "standing_committee") {
			best.partyCode = "TW"
		}
		if hasAcronym(toks[i:end]) {
			best.Alias = words(x.text, toks[i:end])
		}
		bestEnd = end
		if b, be, ok := x.brandBranch(toks, i, end, info); ok {
			best, bestEnd = b, be
		}
		if end < len(toks) && demonstratives[toks[end].text] && end-i <= 2 {
			// "Mặt trận này không phải của riêng ai": a front, a common
			// noun pointed at, not the Fatherland Front.
			return orgMatch{}, 0, false
		}
		if clubBefore(toks, i) {
			best.Generic = true // "CLB Viettel", "đội bóng Viettel": a team, not the company
		}
		if end < len(toks) && toks[end].upper && toks[end-1].key != "dang" && key(info.Name) == partyCentralCommittee {
			// "BCH Trung ương Hội Khuyến học Việt Nam": the central
			// committee of the organisation named after it, not the
			// Party's; the organisation is the one named.
			// A committee the body heads name ("Ban Chấp hành Trung ương
			// Đoàn ...") is read below as that body.
			if m, e, ok := x.parseOrg(toks, end); ok && m.Kind != "party_committee" && m.Kind != "standing_committee" && !strings.HasPrefix(m.Name, "Ban Chấp hành") {
				if he, hv, hok := heads.match(toks, i); !hok || hv.(headInfo).Follows == "unit" {
					return m, e, true
				} else if hm, hee, ok := x.parseHeaded(toks, i, he, hv.(headInfo)); !ok || hee < e || hm.Name == "" {
					return m, e, true
				}
			}
		}
		if productAfter(toks, i, end, info) {
			best.Generic, best.product = true, true // "Viettel eKYC", "VNPT Money": a product of the brand
			bestEnd = end + 1
		}
	}
	if end, v, ok := heads.match(toks, i); ok {
		h := v.(headInfo)
		if h.Follows == "unit" {
			if bestEnd == 0 {
				if m, e, ok := x.parseUnit(toks, i, end, h); ok {
					best, bestEnd = m, e
				}
			}
		} else if m, e, ok := x.parseHeaded(toks, i, end, h); ok && e > bestEnd {
			best, bestEnd = m, e
		}
	}
	if bestEnd == 0 {
		if m, e, ok := x.missionBody(toks, i); ok {
			best, bestEnd = m, e
		}
	}
	// "Đảng" alone is the Communist Party of Vietnam ("của Đảng", "Đảng và
	// Nhà nước"), unless it starts "Đảng bộ", "Đảng ủy", "Đảng viên"...
	if bestEnd == 0 && toks[i].text == "Đảng" && (i+1 >= len(toks) || !partyWords[toks[i+1].key]) && (i == 0 || !partyBefore[lowerVN(toks[i-1].text)]) && !foreignPartyAt(toks, i) {
		best, bestEnd = orgMatch{Name: "Đảng Cộng sản Việt Nam", Kind: "party_organisation", Level: "central"}, i+1
	}
	if bestEnd == 0 {
		return orgMatch{}, 0, false
	}
	// ", khóa XI" after a committee.
	if best.Kind == "party_committee" || best.Kind == "standing_committee" {
		j := bestEnd
		if j < len(toks) && toks[j].text == "," {
			j++
		}
		if j+1 < len(toks) && toks[j].key == "khoa" && isRoman(toks[j+1].text) {
			best.Term = toks[j+1].text
			bestEnd = j + 2
		}
	}
	return best, bestEnd, true
}

// everyProvince: ", thành phố trực thuộc trung ương" (or ", thành phố")
// after an unnamed "tỉnh" at toks[e]: the provinces and the cities alike.
func everyProvince(toks []token, e int) bool {
	if e+2 >= len(toks) || toks[e].text != "," {
		return false
	}
	k := e + 1
	if toks[k].key == "thanh" && toks[k+1].key == "pho" {
		k += 2
	} else if toks[k].key == "tp" {
		k++
	} else {
		return false
	}
	return k >= len(toks) || toks[k].key == "truc" || !toks[k].upper
}

// regionalUnit: "khu vực" and the region's number or names at toks[j]
// ("khu vực IV", "khu vực Thanh Xuân - Hoàng Mai", "khu vực 2"): a unit that
// serves several provinces or districts. It returns the region's end.
func regionalUnit(toks []token, j int) (int, bool) {
	if j+2 >= len(toks) || toks[j].key != "khu" || toks[j+1].key != "vuc" || toks[j].upper && j > 0 {
		return 0, false
	}
	k := j + 2
	switch t := &toks[k]; {
	case isRoman(t.text) || t.kind == tokNumber && !strings.ContainsAny(t.text, "/.,"):
		return k + 1, true
	case t.kind == tokWord && t.upper:
	default:
		return 0, false
	}
	for k < len(toks) && k-j < 10 && !toks[k].nl {
		switch t := &toks[k]; {
		case t.kind == tokWord && t.upper:
			k++
		case (t.text == "-" || t.text == "–") && k+1 < len(toks) && toks[k+1].upper && toks[k+1].kind == tokWord:
			k++
		default:
			return k, true
		}
	}
	return k, true
}

// productAfter: a state enterprise's brand (one word, not its name) before
// a Latin word that is no Vietnamese syllable ("Viettel eKYC", "Viettel
// Pay", "VNPT Money"): the name of a product, not the company.
func productAfter(toks []token, i, end int, info orgInfo) bool {
	if end != i+1 || end >= len(toks) || toks[end].kind != tokWord || toks[end].nl || key(toks[i].text) == key(info.Name) {
		return false
	}
	if !strings.HasPrefix(info.Name, "Tập đoàn ") && !strings.HasPrefix(info.Name, "Tổng công ty ") {
		return false
	}
	t := &toks[end]
	if !t.upper && t.text != lowerVN(t.text) {
		return true // "eKYC", "iPhone": capitals after a lower-case first letter
	}
	return t.upper && len(t.text) == len(t.key) && !t.syllable() && !t.acronym
}

// foreignPartyAt: "Đảng" (or "đảng") at toks[k] starts a foreign party's name, its
// country within five words ("Đảng Cộng sản Cuba", "Đảng Nhân dân Cách
// mạng Lào").
func foreignPartyAt(toks []token, k int) bool {
	if toks[k].key != "dang" || toks[k].text != "Đảng" && toks[k].text != "đảng" {
		return false
	}
	for c := k + 1; c < len(toks) && c <= k+5 && toks[c].kind == tokWord; c++ {
		if toks[c].key == "viet" {
			break
		}
		if _, ok := isForeignAt(toks, c); ok {
			return true
		}
	}
	return false
}

// demonstratives after a one- or two-word name make it a common noun.
var demonstratives = map[string]bool{"này": true, "đó": true, "ấy": true, "kia": true}

// clubBefore: a sports club or team is named before toks[i] ("CLB", "câu
// lạc bộ", "đội", "đội bóng"): what follows names the team.
func clubBefore(toks []token, i int) bool {
	switch {
	case i >= 1 && (toks[i-1].key == "clb" || toks[i-1].key == "doi"):
		return true
	case i >= 2 && toks[i-2].key == "doi" && toks[i-1].key == "bong":
		return true
	case i >= 3 && toks[i-3].key == "cau" && toks[i-2].key == "lac" && toks[i-1].key == "bo":
		return true
	}
	return false
}

// brandBranch: a state enterprise named by its brand, then a province
// ("Viettel Hậu Giang", "VNPT Hà Nam", "Agribank Bến Tre"): its branch in
// that province, named as written; a central state body, "chi nhánh" and
// a place: its branch there.
func (x *extractor) brandBranch(toks []token, i, end int, info orgInfo) (orgMatch, int, bool) {
	if re, ok := regionalUnit(toks, end); ok && info.Level == "central" && info.Kind == "government" {
		// "Kiểm toán Nhà nước khu vực IV": a state body's regional unit.
		return orgMatch{Name: info.Name + " " + words(x.text, toks[end:re]), Kind: info.Kind, Level: "other", Parent: info.Name}, re, true
	}
	if end+2 < len(toks) && toks[end].key == "chi" && toks[end+1].key == "nhanh" && info.Level == "central" {
		// "Ngân hàng Nhà nước chi nhánh tỉnh Hòa Bình", "Ngân hàng Chính
		// sách xã hội chi nhánh tỉnh X": a state body's branch in a place.
		if p, prov, pe, ok := x.parsePlaceAfter(toks, end+2, ""); ok && p.name != "" && (p.admin != "" || p.level == "province") {
			return orgMatch{Name: info.Name + " chi nhánh " + placeName(p), Kind: info.Kind, Level: p.level, Parent: info.Name, Province: prov}, pe, true
		}
	}
	if end != i+1 || end >= len(toks) || !toks[end].upper || toks[end].kind != tokWord || info.Level != "central" || key(toks[i].text) == key(info.Name) {
		return orgMatch{}, 0, false
	}
	if !strings.HasPrefix(info.Name, "Tập đoàn ") && !strings.HasPrefix(info.Name, "Tổng công ty ") && !strings.HasPrefix(info.Name, "Ngân hàng ") {
		return orgMatch{}, 0, false
	}
	pe, v, ok := places.match(toks, end)
	if !ok || pe < len(toks) && toks[pe].upper && toks[pe].kind == tokWord {
		return orgMatch{}, 0, false // "Viettel Hà Nội FC"? a longer name: not a branch
	}
	prov := v.(string)
	return orgMatch{Name: words(x.text, toks[i:pe]), Kind: info.Kind, Level: "province", Parent: info.Name, Province: prov}, pe, true
}

// missionHeads name Vietnam's missions abroad, by their words' keys.
var missionHeads = []struct {
	words []string
	canon string
}{{[]string{"dai", "su", "quan"}, "Đại sứ quán"}, {[]string{"tong", "lanh", "su", "quan"}, "Tổng Lãnh sự quán"}, {[]string{"lanh", "su", "quan"}, "Lãnh sự quán"}}

// missionFirst reports whether k is the first word of one of
// missionHeads (TestMissionFirst).
func missionFirst(k string) bool {
	switch k {
	case "dai", "tong", "lanh":
		return true
	}
	return false
}

// missionBody: Vietnam's embassy or consulate in a country or a city
// ("Đại sứ quán Việt Nam tại Ấn Độ", "Tổng Lãnh sự quán Việt Nam tại
// Thượng Hải"; without "tại", in the country the article last named).
func (x *extractor) missionBody(toks []token, i int) (orgMatch, int, bool) {
	if i >= len(toks) || !missionFirst(toks[i].key) {
		return orgMatch{}, 0, false // asked at most capitalised words: one switch, not three loops
	}
	for _, h := range missionHeads {
		k := i
		for _, w := range h.words {
			if k >= len(toks) || toks[k].key != w {
				k = -1
				break
			}
			k++
		}
		if k < 0 || k+1 >= len(toks) || toks[k].key != "viet" || toks[k+1].key != "nam" {
			continue
		}
		m := orgMatch{Name: h.canon + " Việt Nam", Kind: "government", Level: "central", Parent: "Bộ Ngoại giao"}
		e := k + 2
		if e+1 < len(toks) && toks[e].key == "tai" && toks[e+1].upper {
			pe := x.placeRunEnd(toks, e+1)
			if ce, _, ok := foreign.match(toks, e+1); ok && ce > pe {
				pe = ce
			}
			if pe > e+1 {
				m.Name += " tại " + words(x.text, toks[e+1:pe])
				return m, pe, true
			}
		}
		if x.country != "" {
			m.Name += " tại " + x.country
			return m, e, true
		}
		m.Generic = true
		return m, e, true
	}
	return orgMatch{}, 0, false
}

// lowerHeaded: a body with a proper name whose head the press writes in
// lower case ("trường THPT Chu Văn An", "bệnh viện Bạch Mai", "học viện
// Múa Việt Nam"): a head of two words or more, a capital after it.
func (x *extractor) lowerHeaded(toks []token, i int) (orgMatch, int, bool) {
	end, v, ok := heads.match(toks, i)
	if !ok || end-i < 2 || end >= len(toks) || !toks[end].upper && !adminAt(toks, end) {
		return orgMatch{}, 0, false
	}
	h := v.(headInfo)
	switch {
	case (h.Follows == "place" || h.Follows == "committee") && adminAt(toks, end):
		// "trung tâm y tế huyện Lý Nhân", "đảng ủy xã Tân Thạch"
	case h.Follows != "name":
		return orgMatch{}, 0, false
	}
	return x.parseHeaded(toks, i, end, h)
}

// lowerBody: a body whose head the press writes in lower case in running
// text: a head of two words or more with a proper name or a place after it
// (lowerHeaded), or "sở" before a portfolio spelt with capitals ("sở Nội
// vụ TP Hà Nội"; "cơ sở", "trụ sở" are words, not the head).
func (x *extractor) lowerBody(toks []token, i int) (orgMatch, int, bool) {
	// organisations asks the heads bit before calling: keep the two alike.
	if toks[i].startBits()&heads.bit == 0 {
		return orgMatch{}, 0, false
	}
	if he, v, ok := heads.matchSpelt(toks, i); ok && he-i >= 2 {
		// Spelt as the head is ("học viên", a student, is no "Học viện";
		// "công đoạn" no "Công đoàn"), a public body's kind (a "tập đoàn"
		// in lower case is any group), and named: a place, or a proper
		// name of two capitalised syllables or more that is no country
		// ("bệnh viện Trung ương", "đại học Mỹ" name no body).
		h := v.(headInfo)
		if h.Kind == "enterprise" || h.Kind == "company" {
			return orgMatch{}, 0, false
		}
		if _, _, inner := heads.match(toks, he); inner {
			return orgMatch{}, 0, false // "bệnh viện Trung tâm Y tế huyện X": the body after
		}
		if m, e, ok := x.lowerHeaded(toks, i); ok && !m.Generic && e > he && (toks[e-1].upper || toks[e-1].kind == tokNumber || !titleBefore(toks, i)) && (m.Province != "" || m.Level != "other" || lowerBodyName(toks[he:e])) {
			// the place or the name written, or the article's place
			// when no title comes before ("cùng trung tâm y tế huyện";
			// "chức danh trưởng công an xã" names an office in every
			// commune, not the one the article named)
			return m, e, true
		}
		return orgMatch{}, 0, false
	}
	if toks[i].text == "phòng" && i+1 < len(toks) && toks[i+1].upper && !(i > 0 && compounds[spelling(toks[i-1].text)+" phòng"]) {
		// "phòng Văn hóa - Thông tin huyện Lý Sơn": a district's
		// department, its portfolio capitalised and its district named.
		if de, dv, ok := domains.match(toks, i+1); ok && adminAt(toks, de) {
			if p, _, _, ok := x.parsePlaceAfter(toks, de, ""); ok && p.name != "" && p.level == "district" {
				m := orgMatch{Name: "Phòng " + dv.(string), Kind: "government", Level: "central"}
				return x.unitPlace(toks, de, m, false)
			}
		}
		return orgMatch{}, 0, false
	}
	if toks[i].text != "sở" || i+1 >= len(toks) || !toks[i+1].upper || i > 0 && compounds[spelling(toks[i-1].text)+" sở"] {
		return orgMatch{}, 0, false
	}
	end, v, ok := heads.match(toks, i)
	if !ok || end != i+1 || v.(headInfo).Follows != "domain" {
		return orgMatch{}, 0, false
	}
	m, e, ok := x.parseHeaded(toks, i, end, v.(headInfo))
	if !ok || m.Generic || m.Province == "" {
		return orgMatch{}, 0, false
	}
	return m, e, true
}

// lowerOfOrg: a head of a body of another body, in lower case, before
// that body ("thường trực Tỉnh ủy", "ban thường vụ Huyện ủy Châu Thành").
func (x *extractor) lowerOfOrg(toks []token, i int) (orgMatch, int, bool) {
	// organisations asks the heads bit before calling: keep the two alike.
	if toks[i].startBits()&heads.bit == 0 || !orgHeadAt(toks[i].id) {
		return orgMatch{}, 0, false
	}
	end, v, ok := heads.match(toks, i)
	if !ok || end >= len(toks) || !toks[end].upper || v.(headInfo).Follows != "org" {
		return orgMatch{}, 0, false
	}
	if _, _, isTitle := titles.match(toks, end); isTitle {
		return orgMatch{}, 0, false
	}
	m, e, ok := x.parseHeaded(toks, i, end, v.(headInfo))
	if !ok || m.Generic || e <= end {
		return orgMatch{}, 0, false
	}
	return m, e, true
}

// lastKey is the index of the last token of toks whose key is k, -1 for
// none.
func lastKey(toks []token, k string) int {
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i].key == k {
			return i
		}
	}
	return -1
}

// orgHeadFirst[id] is set when a head that a body follows (bodies.tsv:
// org, "thường trực Tỉnh ủy") starts with the word numbered id; built with
// the vocab table. Most heads a lower-case word starts are followed by
// something else ("sở", "bệnh viện", "trường"): lowerOfOrg does not walk
// the heads for them.
var orgHeadFirst []bool

// orgHeadAt reports whether a head that a body follows may start with the
// word numbered id.
func orgHeadAt(id int32) bool { return int(id) < len(orgHeadFirst) && orgHeadFirst[id] }

// buildOrgHeadFirst sets orgHeadFirst from every phrase of heads: the
// first word of each whose value, or one of whose spellings' values,
// follows an organisation.
func buildOrgHeadFirst() {
	var follows func(n *tnode) bool
	follows = func(n *tnode) bool {
		if h, ok := n.val.(headInfo); ok && n.has && h.Follows == "org" {
			return true
		}
		for _, v := range n.vals {
			if h, ok := v.(headInfo); ok && h.Follows == "org" {
				return true
			}
		}
		for _, c := range n.kids {
			if c.n != nil && follows(c.n) {
				return true
			}
		}
		return false
	}
	for _, c := range heads.root.kids {
		if c.n == nil || !follows(c.n) {
			continue
		}
		for int(c.id) >= len(orgHeadFirst) {
			orgHeadFirst = append(orgHeadFirst, false)
		}
		orgHeadFirst[c.id] = true
	}
}

func hasAcronym(toks []token) bool {
	for _, t := range toks {
		if t.acronym {
			return true
		}
	}
	return false
}

func isRoman(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("IVXLC", r) {
			return false
		}
	}
	return true
}

// parseHeaded reads what follows a body's head at toks[i:j], as its row
// in bodies.tsv says.
func (x *extractor) parseHeaded(toks []token, i, j int, h headInfo) (orgMatch, int, bool) {
	if h.Host {
		if m, e, ok := x.parseHosted(toks, i, j, h); ok {
			return m, e, true
		}
	}
	var m orgMatch
	end, ok, named := 0, false, true
	abbreviated := hasAcronym(toks[i:j])
	switch h.Follows {
	case "committee":
		m, end, ok = x.parseCommittee(toks, j, h)
	case "org":
		m, end, ok = x.parseOfOrg(toks, j, h)
	case "domain":
		m, end, ok = x.parseDomain(toks, j, h)
	case "place":
		// "UBND tỉnh" is every province's: no alias.
		m, end, named, ok = x.parsePlaced(toks, j, h, abbreviated)
	case "name":
		m, end, ok = x.parseNamed(toks, j, h)
	case "number":
		m, end, ok = x.parseNumbered(toks, j, h)
	}
	if !ok || m.Name == "" {
		return orgMatch{}, 0, false
	}
	if abbreviated && named && !m.Generic {
		m.Alias = words(x.text, toks[i:end])
	}
	return m, end, true
}

// parseHosted: a body inside another named public body, after its head at
// toks[i:j] ("Chi bộ Trường THCS Phú Lễ", "Đảng bộ Công an tỉnh", "Công
// đoàn Trường Đại học Bách khoa Hà Nội", "Hội đồng trường của Trường ĐH
// X"); "trường" alone after it ("Đảng ủy trường", "Công đoàn Trường") is
// the school the article last named.
func (x *extractor) parseHosted(toks []token, i, j int, h headInfo) (orgMatch, int, bool) {
	k := j
	if k+1 < len(toks) && toks[k].key == "cua" && toks[k+1].upper {
		k++
	}
	if k < len(toks) && toks[k].upper && toks[k].kind == tokWord {
		if sub, e, ok := x.parseOrg(toks, k); ok && !sub.Generic && hostKinds[sub.Kind] && !strings.HasPrefix(sub.Name, h.Canon) {
			if strings.HasPrefix(sub.Name, "Đại học ") && toks[k-1].key == "truong" {
				sub.Name = "Trường " + sub.Name // "Hội đồng trường ĐH X": the school, as "trường ĐH" reads
			}
			if isSchool(sub.Name) {
				x.school, x.schoolAt = sub.Name, x.sentences
			}
			return x.hosted(h, sub.Name, sub.Level, sub.Province), e, true
		}
	}
	if x.school != "" && j < len(toks) && toks[j].key == "truong" && (j+1 >= len(toks) || !toks[j+1].upper || toks[j+1].nl) {
		// "Đảng ủy trường", "Công đoàn Trường": the school the article is about.
		school := x.school
		if strings.HasPrefix(school, "Đại học ") {
			school = "Trường " + school
		}
		return x.hosted(h, school, "other", ""), j + 1, true
	}
	return orgMatch{}, 0, false
}

// hosted is the body of head h inside the body named host. A Party body's
// parent is in the Party, not its host: it is left to the text.
func (x *extractor) hosted(h headInfo, host, level, province string) orgMatch {
	m := orgMatch{Name: h.Canon + " " + host, Kind: h.Kind, Level: level, Parent: host, Province: province}
	switch h.Kind {
	case "party_committee":
		m.Parent, m.partyCode = "", "ĐU"
	case "party_organisation":
		m.Parent = ""
	}
	return m
}

// isSchool: the name of a school, a university or an academy.
func isSchool(name string) bool {
	return strings.HasPrefix(name, "Trường ") || strings.HasPrefix(name, "Đại học ") || strings.HasPrefix(name, "Học viện ")
}

// hostKinds are the kinds of the bodies a hosted body sits in.
var hostKinds = map[string]bool{"other": true, "government": true, "press": true, "enterprise": true, "peoples_council": true}

// parseCommittee: a Party committee and its place ("Tỉnh ủy Bến Tre",
// "Huyện ủy Châu Thành", "Đảng ủy xã Tân Thạch", "Đảng ủy Bộ Y tế").
func (x *extractor) parseCommittee(toks []token, j int, h headInfo) (orgMatch, int, bool) {
	end := j
	m := orgMatch{Kind: h.Kind}
	level := h.Level
	if h.Canon == "Đảng ủy" {
		// "Đảng ủy Bộ Lao động - Thương binh và Xã hội", "Đảng ủy Công an tỉnh"
		if sub, e, ok := x.parseOrg(toks, j); ok && !sub.Generic && sub.Kind != "party_committee" && sub.Kind != "party_organisation" {
			return orgMatch{Name: h.Canon + " " + sub.Name, Kind: h.Kind, Level: sub.Level, Province: sub.Province, partyCode: "ĐU"}, e, true
		}
	}
	name, province, e, ok := x.parsePlaceAfter(toks, j, level)
	switch {
	case ok && h.Canon == "Đảng ủy" && name.admin != "":
		if name.name == "" && (name.level == "commune" && x.onlyOne("c") || name.level == "district" && x.onlyOne("d")) {
			name = x.contextPlace(name) // "Đảng ủy xã" in an article about one commune
		}
		if name.name == "" {
			return orgMatch{Name: h.Canon + " " + name.admin, Kind: h.Kind, Level: name.level, Generic: true}, e, true
		}
		m.Name = h.Canon + " " + name.admin + " " + name.name
		m.Level = name.level
		end = e
	case ok && name.admin == "":
		if h.Level == "city" {
			level = "district"
			if bigCities[key(name.name)] {
				level = "province"
			}
		}
		if h.Canon == "Đảng ủy" {
			return orgMatch{}, 0, false // "Đảng ủy Khối ...", "Đảng ủy Công an ...": not a place
		}
		m.Name = h.Canon + " " + name.name
		if h.Canon == "Thành ủy" && key(name.name) == "ho chi minh" {
			m.Name = "Thành ủy Thành phố Hồ Chí Minh"
		}
		m.Level = level
		if level == "district" {
			x.setDistrict(districtAdmins[h.Canon], name.name)
		}
		end = e
	case !ok && h.Canon == "Đảng ủy":
		if sub, e, ok := x.parseOrg(toks, j); ok && sub.Kind != "party_committee" {
			m.Name, m.Level, m.Parent, end = h.Canon+" "+sub.Name, sub.Level, "", e
			break
		}
		m.Name, m.Level, m.Generic = h.Canon, "commune", true
	default:
		// No place named: the paper's own province, for a provincial
		// committee (an unqualified "Tỉnh ủy" in Báo Đồng Khởi is Bến Tre's).
		if (level == "province" || level == "city" && bigCities[key(x.province)]) && x.province != "" {
			m.Name = h.Canon + " " + x.province
			if h.Canon == "Thành ủy" && key(x.province) == "ho chi minh" {
				m.Name = "Thành ủy Thành phố Hồ Chí Minh"
			}
			m.Level = "province"
			province = x.province
		} else if level == "district" && x.district != "" && h.Canon != "Thành ủy" {
			// "Huyện ủy" in an article about one district.
			m.Name, m.Level = h.Canon+" "+x.district, "district"
		} else {
			m.Name, m.Generic = h.Canon, true
			m.Level = level
			if level == "city" {
				m.Level = "district"
			}
		}
	}
	m.Province = province
	if m.Level == "district" && m.Province != "" {
		m.Parent = "Tỉnh ủy " + m.Province
	}
	m.partyCode = partyCodeOf[m.Level]
	if m.Level == "province" {
		m.partyCode = "TU"
	}
	return m, end, true
}

// parseOfOrg: a body of another body ("Ban Thường vụ Tỉnh ủy", "Văn
// phòng UBND tỉnh", "Ban Chấp hành Đảng bộ tỉnh").
func (x *extractor) parseOfOrg(toks []token, j int, h headInfo) (orgMatch, int, bool) {
	var m orgMatch
	sub, e, ok := x.parseOrg(toks, j)
	if !ok && h.Level == "alone" {
		// "Bí thư Chi bộ": a body the text leaves unnamed.
		return orgMatch{Name: h.Canon, Kind: h.Kind, Level: "other", Generic: true}, j, true
	}
	if !ok {
		// "Ủy ban Kiểm tra các cấp": the kind of body, everywhere.
		if h.Canon == "Ủy ban Kiểm tra" && j+1 < len(toks) && toks[j].key == "cac" && toks[j+1].key == "cap" {
			return orgMatch{Name: h.Canon, Kind: h.Kind, Level: "other", Generic: true}, j, true
		}
		return orgMatch{}, 0, false
	}
	if strings.HasPrefix(sub.Name, h.Canon+" ") || sub.Name == h.Canon {
		return orgMatch{}, 0, false // "Ban Chấp hành" + "Ban Chấp hành Trung ương Đảng": the fixed name covers it
	}
	if h.Canon == "Ban Chấp hành" && sub.Kind == "party_organisation" && strings.HasPrefix(sub.Name, "Đảng bộ") {
		m = orgMatch{Name: h.Canon + " " + sub.Name, Kind: "party_committee", Level: sub.Level, Parent: sub.Name, Province: sub.Province, Generic: sub.Generic, partyCode: partyCodeOf[sub.Level]}
	} else if sub.Kind == "party_committee" || sub.Kind == "peoples_council" || sub.Kind == "government" || sub.Kind == "front" || sub.Kind == "mass_organisation" || h.Canon == "Văn phòng" && !sub.Generic {
		kind := h.Kind
		if h.Canon == "Văn phòng" {
			kind = sub.Kind
		}
		m = orgMatch{Name: h.Canon + " " + sub.Name, Kind: kind, Level: sub.Level, Parent: sub.Name, Province: sub.Province, Generic: sub.Generic}
		if kind == "standing_committee" {
			m.partyCode = sub.partyCode
		}
	} else {
		return orgMatch{}, 0, false
	}
	return m, e, true
}

// parseDomain: a ministry or a department by its portfolio ("Bộ Y tế",
// "Sở GD&ĐT TP Cần Thơ").
func (x *extractor) parseDomain(toks []token, j int, h headInfo) (orgMatch, int, bool) {
	de, dv, ok := domains.match(toks, j)
	if !ok || !toks[j].upper {
		return orgMatch{}, 0, false
	}
	m := orgMatch{Name: h.Canon + " " + dv.(string), Kind: h.Kind, Level: h.Level}
	end := de
	if h.Canon == "Bộ" {
		m.Parent = "Chính phủ"
		return m, end, true
	}
	if de+2 < len(toks) && toks[de].text == "(" {
		// "Sở Tài nguyên và Môi trường (TN-MT) tỉnh Thanh Hóa"
		for c := de + 1; c < len(toks) && c <= de+4; c++ {
			if toks[c].text == ")" {
				de = c + 1
				break
			}
		}
	}
	name, province, e, ok := x.parsePlaceAfter(toks, de, "province")
	switch {
	case ok && name.name != "":
		m.Name += " " + placeName(name)
		m.Level = levelOf(name)
		m.Province = province
		end = e
	case x.province != "":
		m.Name += " " + placeName(place{level: "province", name: x.province})
		m.Province = x.province
		if ok {
			end = e // "Sở Y tế tỉnh" in an article about one province
		}
	default:
		m.Generic = true
	}
	if !m.Generic {
		m.Parent = "Ủy ban nhân dân " + strings.TrimPrefix(m.Name, h.Canon+" "+dv.(string)+" ")
	}
	return m, end, true
}

// parsePlaced: a body and its place ("UBND tỉnh Hà Nam", "Đảng bộ xã Tân
// Thạch, huyện Châu Thành", "Công an huyện"). named is false when the place
// is taken from the article, not the text.
func (x *extractor) parsePlaced(toks []token, j int, h headInfo, abbreviated bool) (m orgMatch, end int, named, ok bool) {
	if j < len(toks) && toks[j].key == "cac" && j+1 < len(toks) && toks[j+1].key == "cap" {
		return m, 0, false, false // "Đảng bộ các cấp"
	}
	pj := j
	if ae := skipAcronymAside(toks, j); ae > j && (adminAt(toks, ae) || ae < len(toks) && toks[ae].upper) {
		// "Trung tâm Kiểm soát bệnh tật (CDC) Hà Nam"
		pj = ae
	}
	name, province, e, ok := x.parsePlaceAfter(toks, pj, "")
	m = orgMatch{Kind: h.Kind}
	end = j
	if !ok {
		// "HĐND, UBND tỉnh", "Thành ủy - HĐND - UBND thành phố": bodies
		// listed before the place they share.
		if sp, found := sharedPlace(toks, j); found {
			if p, prov, _, pok := x.parsePlaceAfter(toks, sp, ""); pok {
				name, province, e, ok = p, prov, j, true
			}
		} else if sp, found := peoplePlace(toks, j); found && h.Kind == "party_organisation" {
			// "Đảng bộ, chính quyền và nhân dân TPHCM": the Party
			// organisation of the place its people live in.
			if p, prov, _, pok := x.parsePlaceAfter(toks, sp, ""); pok && p.name != "" && (p.admin != "" || p.level == "province") {
				name, province, e, ok = p, prov, j, true
			}
		}
	}
	if re, rok := regionalUnit(toks, j); !ok && rok && h.Kind == "government" {
		// "Chi cục Thuế khu vực Thanh Xuân - Hoàng Mai", "Cục Hải quan
		// khu vực II": a unit of several places, named as written.
		return orgMatch{Name: h.Canon + " " + words(x.text, toks[j:re]), Kind: h.Kind, Level: "other"}, re, true, true
	}
	if !ok && j+1 < len(toks) && toks[j].upper && toks[j].key == "viet" && toks[j+1].key == "nam" {
		// "Hội Khuyến học Việt Nam": the national body.
		return orgMatch{Name: h.Canon + " Việt Nam", Kind: h.Kind, Level: "central"}, j + 2, true, true
	}
	if !ok && h.Level == "province" && x.a.Province != "" {
		// "Đảng ủy Khối Doanh nghiệp" in a provincial paper: its province's.
		name, province, e, ok = place{level: "province", name: x.a.Province, inferred: true}, x.a.Province, j, true
	}
	if !ok {
		if h.Canon == "Ủy ban Mặt trận Tổ quốc Việt Nam" || !abbreviated {
			return m, 0, false, false // bare "Công an", "MTTQ" (a fixed name)
		}
		m.Name, m.Level, m.Generic = h.Canon, "other", true
		return m, end, false, true
	}
	named = name.name != "" && !name.inferred
	if name.name == "" && everyProvince(toks, e) {
		// "HĐND tỉnh, thành phố trực thuộc trung ương": every province's.
		m.Name, m.Level, m.Generic = h.Canon+" "+name.admin, name.level, true
		return m, e, false, true
	}
	if name.name == "" {
		// "UBND tỉnh", "Đảng bộ tỉnh": the paper's province; "Đảng bộ
		// huyện": the district the article is about; "UBND huyện":
		// generic.
		switch {
		case (name.level == "province" || name.admin == "thành phố" && bigCities[key(x.province)]) && x.province != "":
			name = place{level: "province", name: x.province}
			province = x.province
		case h.Kind == "party_organisation" || x.titleCtx || name.level == "commune" && x.onlyOne("c") || name.level == "district" && name.admin != "thành phố" && x.onlyOne("d"):
			// "Trung tâm Y tế huyện", "Trạm Y tế xã" in an article about
			// one district, one commune (the annotation rules); with two
			// named, "UBND huyện" stays a kind of body.
			name = x.contextPlace(name)
		}
		if name.name == "" {
			m.Name, m.Level, m.Generic = h.Canon+" "+name.admin, name.level, true
			return m, e, false, true
		}
	}
	m.Name = h.Canon + " " + placeName(name)
	if strings.HasPrefix(h.Canon, "Công ty ") && named && !placeWordAt(toks, pj) {
		m.Name = h.Canon + " " + name.name // "Công ty Điện lực Hà Tĩnh": a company's name, as registered
	}
	m.Level = levelOf(name)
	m.Province = province
	end = e
	// ", huyện Châu Thành": the place above, which gives the parent.
	if e+2 < len(toks) && toks[e].text == "," {
		if up, _, e2, ok := x.parsePlaceAfter(toks, e+1, ""); ok && up.admin != "" && up.name != "" && rank(levelOf(up)) < rank(m.Level) {
			m.Parent = h.Canon + " " + placeName(up)
			m.parentGiven = true
			end = e2
		}
	}
	if m.Parent == "" && m.Level != "province" && m.Level != "central" && province != "" && h.Canon != "Công an" {
		m.Parent = h.Canon + " " + placeName(place{level: "province", name: province})
	}
	if m.Parent == m.Name {
		m.Parent = ""
	}
	if m.Kind == "party_organisation" {
		m.partyCode = partyCodeOf[m.Level]
	}
	return m, end, named, true
}

// skipAcronymAside returns the index after an acronym in parentheses at
// toks[j] ("(CDC)", "(TN-MT)"), or j.
func skipAcronymAside(toks []token, j int) int {
	if j+2 < len(toks) && toks[j].text == "(" && (toks[j+1].acronym || codeLike(toks[j+1].text)) {
		for c := j + 2; c < len(toks) && c <= j+4; c++ {
			if toks[c].text == ")" {
				return c + 1
			}
		}
	}
	return j
}

// codeLike: capitals and digits, a unit's code ("PC02", "C03").
func codeLike(s string) bool {
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	letters := false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z' || r == 'Đ':
			letters = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return letters
}

// sharedPlace: after a body with no place at toks[j], a list of bodies of
// the same sort ("," "-" "và" between them) that ends with a place. It
// returns the index where that place starts.
func sharedPlace(toks []token, j int) (int, bool) {
	k := j
	for n := 0; n < 6; n++ {
		if k+1 >= len(toks) || !(toks[k].text == "," || toks[k].text == "-" || toks[k].text == "–" || toks[k].key == "va") || toks[k].nl {
			return 0, false
		}
		k++
		e, v, ok := heads.match(toks, k)
		if !ok || !toks[k].upper || v.(headInfo).Follows != "place" {
			return 0, false
		}
		if adminAt(toks, e) {
			return e, true
		}
		k = e
	}
	return 0, false
}

// peopleWords name, after a Party organisation, the others of a place
// that share its name: "Đảng bộ, chính quyền và nhân dân tỉnh X", "Đảng
// bộ, chính quyền, quân và dân các dân tộc tỉnh Y".
var peopleWords = map[string]bool{"chinh quyen": true, "nhan dan": true, "quan va dan": true, "cac dan toc": true, "cac tang lop nhan dan": true}

// peoplePlace: after a body with no place at toks[j], the other powers
// and the people of a place, then the place. It returns where the place
// starts.
func peoplePlace(toks []token, j int) (int, bool) {
	k, n := j, 0
	for k < len(toks) && n < 8 && !toks[k].nl {
		switch t := &toks[k]; {
		case t.text == "," || t.key == "va" && !t.upper:
			k++
		case k+3 < len(toks) && peopleWords[t.key+" "+toks[k+1].key+" "+toks[k+2].key+" "+toks[k+3].key]:
			k += 4
		case k+2 < len(toks) && peopleWords[t.key+" "+toks[k+1].key+" "+toks[k+2].key]:
			k += 3
		case k+1 < len(toks) && peopleWords[t.key+" "+toks[k+1].key]:
			k += 2
		default:
			return k, n > 0 && toks[k-1].text != ","
		}
		n++
	}
	return 0, false
}

func rank(level string) int {
	switch level {
	case "central":
		return 0
	case "province":
		return 1
	case "district":
		return 2
	case "commune":
		return 3
	}
	return 4
}

// place is a place name after an organisation's head: "tỉnh Bến Tre",
// "huyện Châu Thành", "Hà Nội".
type place struct {
	admin, level, name string
	town               string // the kind of a town named without it ("Biên Hòa": thành phố)
	inferred           bool   // name taken from the article's context, not the text here
}

func placeName(p place) string {
	if p.admin == "" && p.town != "" {
		return p.town + " " + p.name
	}
	if p.admin == "" {
		if p.level == "province" && bigCities[key(p.name)] {
			return "thành phố " + p.name
		}
		if p.level == "province" {
			return "tỉnh " + p.name
		}
		return p.name
	}
	return p.admin + " " + p.name
}

func levelOf(p place) string { return p.level }

// parsePlaceAfter reads an optional administrative word and a place name at
// toks[j]. It returns the place, its province when known, and the index
// after it. want is the level assumed when there is no administrative word.
func (x *extractor) parsePlaceAfter(toks []token, j int, want string) (place, string, int, bool) {
	var p place
	if j >= len(toks) {
		return p, "", 0, false
	}
	if e, v, ok := admins.match(toks, j); ok {
		ai := v.(adminInfo)
		p.admin, p.level = ai.Canon, ai.Level
		j = e
		if j < len(toks) && toks[j].text == "." && p.admin == "thành phố" {
			j++
		}
	}
	if j < len(toks) && (toks[j].kind == tokWord && toks[j].upper || toks[j].kind == tokNumber && p.admin != "" && !strings.ContainsAny(toks[j].text, "/-.,")) {
		if e, v, ok := places.match(toks, j); ok && (p.admin == "" || p.admin == "tỉnh" || p.admin == "thành phố") {
			p.name = v.(string)
			if p.level == "" || p.level == "city" {
				p.level = "province"
				if p.admin == "thành phố" && !bigCities[key(p.name)] {
					p.level = "district"
				}
			}
			if p.level == "province" {
				p.admin = ""
				x.sawProvince(p.name)
				return p, p.name, e, true
			}
			return p, x.province, e, true
		}
		if e, v, ok := towns.match(toks, j); ok && p.admin != "tỉnh" && p.level != "commune" {
			// A commune named like a district ("xã Đắk Ha") is not it.
			p, province := x.town(p, v.(placeInfo))
			return p, province, e, true
		}
		if toks[j].kind == tokNumber {
			p.name = toks[j].text
			return p, x.province, j + 1, true
		}
		if x.titleCtx && x.nameFollows && p.admin != "" && isSurname(toks[j]) && nameAt(toks, j, licTitled) > 0 {
			// "Chủ tịch HĐND huyện Lê Thị Kim Ngọc": after a title, a run that
			// is a person's name is the person, and the place is the one
			// the article is about.
			return x.contextPlace(p), x.province, j, true
		}
		if p.admin == "" && want != "" && want != "province" && want != "city" || p.admin != "" {
			e := x.placeRun(toks, j)
			if e > j {
				p.name = words(x.text, toks[j:e])
				if p.level == "" || p.level == "city" {
					p.level = "district"
				}
				if want == "commune" && p.admin == "" {
					p.level = "commune"
				}
				x.sawPlace(p)
				return p, x.province, e, true
			}
		}
		if p.admin == "" {
			return p, "", 0, false
		}
	}
	if p.admin == "" {
		return p, "", 0, false
	}
	if p.level == "city" {
		p.level = "district"
	}
	if x.titleCtx {
		p = x.contextPlace(p)
	}
	return p, x.province, j, true
}

// town fills p with a town the lexicon knows ("TP Buôn Ma Thuột", "thị xã
// Điện Bàn", "Biên Hòa") and returns it with its province.
func (x *extractor) town(p place, t placeInfo) (place, string) {
	p.name = t.Name
	if p.level == "" || p.level == "city" {
		p.level = "district"
	}
	if p.admin == "thành phố" {
		p.admin = t.Admin
	} else if p.admin == "" {
		p.town = t.Admin
	}
	x.sawPlace(p)
	if t.Province == "" {
		return p, x.province
	}
	return p, t.Province
}

// contextPlace names an administrative unit the text leaves unnamed
// ("huyện", "xã") after the district or commune the article last named.
func (x *extractor) contextPlace(p place) place {
	p.inferred = true
	switch {
	case p.level == "district" && x.district != "" && (p.admin == "huyện" || p.admin == "quận" || p.admin == "thị xã"):
		p.name = x.district
	case p.level == "commune" && x.commune != "" && (p.admin == "xã" || p.admin == "phường" || p.admin == "thị trấn"):
		p.name = x.commune
	case (p.level == "province" || p.admin == "thành phố") && x.province != "":
		p.name, p.admin, p.level = x.province, "", "province"
		if p.admin == "thành phố" && !bigCities[key(x.province)] {
			p.name, p.admin, p.level = "", "thành phố", "district"
		}
	}
	return p
}

// sawPlace notes the district or commune the text names, for later
// unnamed references ("Huyện ủy", "Chủ tịch UBND xã").
func (x *extractor) sawPlace(p place) {
	switch {
	case p.name == "":
	case p.admin == "huyện" || p.admin == "quận" || p.admin == "thị xã":
		x.setDistrict(p.admin, p.name)
	case p.admin == "xã" || p.admin == "phường" || p.admin == "thị trấn":
		x.commune = p.name
		x.countNamed("c", p.name)
	}
}

// districtAdmins: the kind of district a committee's head names.
var districtAdmins = map[string]string{"Huyện ủy": "huyện", "Quận ủy": "quận", "Thị ủy": "thị xã", "Thành ủy": "thành phố"}

func (x *extractor) setDistrict(admin, name string) {
	x.district, x.districtAdmin = name, admin
	x.countNamed("d", name)
}

func (x *extractor) countNamed(level, name string) {
	if x.named == nil {
		x.named = map[string]map[string]bool{}
	}
	if x.named[level] == nil {
		x.named[level] = map[string]bool{}
	}
	x.named[level][key(name)] = true
}

// onlyOne: the text has named one unit of the level ("d", "c") so far.
func (x *extractor) onlyOne(level string) bool {
	return len(x.named[level]) == 1
}

// sawProvince notes a province the text names: in a national paper it is
// the one an unqualified "Tỉnh ủy" refers to from then on.
func (x *extractor) sawProvince(name string) {
	if x.a.Province == "" {
		x.province = name
	}
}

// placeRun is the end of a run of capitalised words naming a place: at most
// four, stopping before a title, an organisation head, or a person's name
// (a family name followed by one to three capitalised words that end the
// run: "huyện Châu Thành Nguyễn Văn A").
func (x *extractor) placeRun(toks []token, j int) int {
	if x.nameFollows && isSurname(toks[j]) {
		// Three words at least: two-word district names look like names
		// (Quan Sơn, Châu Thành).
		if ne := nameAt(toks, j, licTitled); ne >= j+3 && (ne >= len(toks) || !isNameWord(toks[ne])) {
			return j // "Bí thư Huyện ủy Nguyễn Văn Sáu": the holder, not a place
		}
	}
	return x.placeRunEnd(toks, j)
}

// placeRunEnd is placeRun without the check that the whole run is the
// holder's name.
func (x *extractor) placeRunEnd(toks []token, j int) int {
	e := j
	for e < len(toks) && e-j < 4 && isNameWord(toks[e]) && !toks[e].nl {
		if e > j {
			if _, _, ok := titles.matchSpelt(toks, e); ok {
				break
			}
			if _, _, ok := heads.matchSpelt(toks, e); ok {
				break
			}
			if isSurname(toks[e]) && x.nameFollows {
				n := e
				for n < len(toks) && isNameWord(toks[n]) {
					n++
				}
				if n-e >= 2 && n-e <= 4 {
					// "xã Tân Thạch Nguyễn Văn Hùng": the name starts at the
					// most frequent family name of the run (splitName).
					if sp := splitName(toks, j, n); sp > e && sp < n {
						e = sp
					}
					break
				}
			}
		}
		e++
	}
	return e
}

// organisations records every organisation in a sentence not already
// consumed by a document or a position.
func (x *extractor) organisations(s sentence, used []bool) {
	elected := -1 // the end of the last body an election named
	lastCac := lastKey(s.toks, "cac")
	for i := 0; i < len(s.toks); i++ {
		if used[i] {
			continue
		}
		// schoolList starts at "trường", placeList at a capitalised head
		// with "các" after it: they are not called elsewhere, where they
		// fail at once.
		head := s.toks[i].startBits()&heads.bit != 0
		if s.toks[i].key == "truong" {
			if e, ok := x.schoolList(s, i, used); ok {
				i = e - 1
				continue
			}
		}
		if head && s.toks[i].upper && lastCac > i {
			if e, ok := x.placeList(s, i, used); ok {
				i = e - 1
				continue
			}
		}
		if !s.toks[i].upper {
			// Every organisation starts with a capital, but for a body of
			// another written in lower case: "thường trực Tỉnh ủy".
			if !head {
				continue // lowerOfOrg and lowerBody start with a head: most words end here
			}
			if m, e, ok := x.lowerOfOrg(s.toks, i); ok {
				x.addOrgMention(m, s, i, e)
				markUsed(used, i, e)
				i = e - 1
			} else if m, e, ok := x.lowerBody(s.toks, i); ok {
				// "bệnh viện Bạch Mai", "trung tâm y tế huyện Đông Anh",
				// "sở Nội vụ TP Hà Nội": a head the press writes in lower case.
				if _, inTitle := x.insideTitle(s.toks, i, m); !inTitle && !(i > 0 && pluralWords[s.toks[i-1].text]) {
					x.addOrgMention(m, s, i, e)
					markUsed(used, i, e)
					i = e - 1
				}
			}
			continue
		}
		m, e, ok := x.parseOrg(s.toks, i)
		if !ok {
			if s.toks[i].upper {
				if pe, v, ok := places.match(s.toks, i); ok {
					x.sawProvince(v.(string))
					i = pe - 1
				}
			}
			continue
		}
		if te, ok := x.insideTitle(s.toks, i, m); ok {
			// "Thủ tướng Chính phủ", "Ủy viên Bộ Chính trị": a title; after
			// "Ủy viên Ban Thường vụ", "Tỉnh ủy" is read again on its own.
			if te > i {
				i = te - 1
			} else {
				i = e - 1
			}
			continue
		}
		if ce, ok := isForeignAt(s.toks, e); ok {
			i = ce - 1 // "Bộ Ngoại giao Mỹ", "Quốc hội Hàn Quốc": a foreign body
			continue
		}
		if ce, ok := foreignAfter(s.toks, e); ok {
			// "Ủy ban Đối ngoại của Hàn Quốc", "Đảng, Chính phủ và nhân dân
			// Trung Quốc": the country the body or the list belongs to.
			markUsed(used, i, ce)
			i = ce - 1
			continue
		}
		if m.product {
			markUsed(used, i, e)
			i = e - 1
			continue
		}
		if m.Kind == "press" && x.a.Source != "" && strings.HasSuffix(key(m.Name), key(x.a.Source)) {
			markUsed(used, i, e)
			i = e - 1
			continue // the paper naming itself ("Báo Dân trí" in Dân trí)
		}
		if i == 0 && e == len(s.toks) && e == 1 && s.toks[0].acronym {
			continue // "TTXVN" alone on a line: a source line, no mention
		}
		if electedAt(s.toks, i, elected) {
			// "bầu cử Quốc hội khóa XV và Hội đồng nhân dân các cấp": an
			// election names the body it fills, not the body (the
			// annotation rules); its seats and the next body of the list too.
			markUsed(used, i, e)
			i, elected = e-1, e
			continue
		}
		if i > 0 && pluralWords[s.toks[i-1].text] && !placeWithin(s.toks, i, e) && !strings.HasPrefix(m.Name, "Bộ ") {
			// "các Phòng Giáo dục", "các Sở Y tế": a kind of body, many of
			// them ("các Bộ Ngoại giao, Công an" names ministries).
			m.Generic = true
		}
		if i > 0 && strings.HasPrefix(m.Name, "Đại học ") && s.toks[i-1].text == "trường" && !used[i-1] {
			// "trường ĐH Tôn Đức Thắng": the school, as "Trường ĐH" reads.
			m.Name = "Trường " + m.Name
			i--
		}
		x.addOrgMention(m, s, i, e)
		for k := i; k < e; k++ {
			used[k] = true
		}
		if strings.HasPrefix(m.Name, "Bộ ") && m.Parent == "Chính phủ" {
			// "các Bộ Ngoại giao, Công an, Y tế": the other ministries of
			// the list, by their portfolios.
			e = x.portfolioList(s, e, used)
		}
		i = e - 1
	}
}

// portfolioList reads the portfolios listed after a ministry at toks[k]
// (", Công an, Y tế và Quốc phòng"), each the ministry of its own, and
// returns the end of the list.
func (x *extractor) portfolioList(s sentence, k int, used []bool) int {
	toks := s.toks
	for k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "va" && !toks[k].upper) && !used[k+1] && toks[k+1].upper {
		de, dv, ok := domains.match(toks, k+1)
		if !ok {
			break
		}
		if _, se, ok := x.parseOrg(toks, k+1); ok && se >= de {
			break // "Bộ Y tế, Công an tỉnh": a body of its own
		}
		if de < len(toks) && toks[de].upper && toks[de].kind == tokWord && toks[de].key != "va" {
			break // the portfolio is the start of some other name
		}
		m := orgMatch{Name: "Bộ " + dv.(string), Kind: "government", Level: "central", Parent: "Chính phủ"}
		x.addOrgMention(m, s, k+1, de)
		markUsed(used, k+1, de)
		k = de
	}
	return k
}

// nationWords may stand between a body and the country it belongs to:
// "của", the other bodies of a list ("Đảng, Chính phủ và nhân dân").
var nationWords = map[string]bool{"cua": true, "va": true, "nhan dan": true, "dang": true, "chinh phu": true, "nha nuoc": true, "quoc hoi": true, "quan doi": true}

// foreignAfter: after a body at toks[e], "của <country>" or a list of the
// nation's bodies ending with a country. It returns the country's end.
func foreignAfter(toks []token, e int) (int, bool) {
	k := e
	for n := 0; n < 8 && k < len(toks); n++ {
		t := &toks[k]
		switch {
		case t.text == ",":
			k++
			continue
		case k+1 < len(toks) && nationWords[t.key+" "+toks[k+1].key]:
			k += 2
			continue
		case nationWords[t.key] && (t.key != "dang" || t.upper):
			k++
			continue
		}
		break
	}
	if k == e {
		return 0, false
	}
	return isForeignAt(toks, k)
}

// internalUnit: the unit m at toks[i:e] is a department of another body,
// not a public body: a Phòng with no place (the state's are the
// districts': Phòng Nội vụ huyện X), or a Phòng or a Viện of the
// university the article is about. A Phòng right before the body it
// belongs to is named with it ("Phòng Cảnh sát kinh tế Công an tỉnh X").
func (x *extractor) internalUnit(toks []token, i, e int, m *orgMatch) bool {
	if !strings.HasPrefix(m.Name, "Phòng ") && !strings.HasPrefix(m.Name, "Viện ") && !strings.HasPrefix(m.Name, "Đội ") {
		return false // the cheap test first: most organisations are neither
	}
	if m.Generic || m.Province != "" || placeWithin(toks, i, e) || nationalName(m.Name) {
		return false
	}
	switch {
	case strings.HasPrefix(m.Name, "Đội "):
		return m.Parent == "" // a police team named without its police
	case strings.HasPrefix(m.Name, "Phòng "):
		if m.Parent != "" || districtIn(toks, i, e) {
			return false
		}
		if de, _, ok := domains.match(toks, i+1); ok && de == e && x.district != "" && x.districtAdmin != "" && x.onlyOne("d") {
			// "Phòng Nội vụ" in an article about one district: its own.
			m.Name += " " + x.districtAdmin + " " + x.district
			m.Level, m.Province = "district", x.province
			return false
		}
		return true
	case strings.HasPrefix(m.Name, "Viện "):
		// Near the university the text names (a few sentences), or after
		// a comma before it ("Viện Báo chí, Học viện Báo chí và Tuyên
		// truyền").
		if m.Parent != "" || m.Level == "central" {
			return false
		}
		if e+1 < len(toks) && toks[e].text == "," {
			if sub, _, ok := x.parseOrg(toks, e+1); ok && isSchool(sub.Name) {
				return true
			}
		}
		return x.school != "" && x.sentences-x.schoolAt <= schoolWindow
	}
	return false
}

// schoolWindow is how many sentences after a university is named a Viện
// with no place is taken for one of its institutes.
const schoolWindow = 8

// districtIn: toks[i:e] end with a district named without its kind
// ("Phòng GD&ĐT Yên Mô", "Phòng Giáo dục Cầu Giấy") or with it
// capitalised ("Quận Cầu Giấy").
func districtIn(toks []token, i, e int) bool {
	for k := i + 1; k < e; k++ {
		if te, _, ok := towns.match(toks, k); ok && te == e {
			return true
		}
		if ae, _, ok := admins.match(toks, k); ok && ae < e && toks[ae].upper {
			return true
		}
	}
	return false
}

// pluralWords before a body's head make it many bodies of a kind.
var pluralWords = map[string]bool{"các": true, "những": true, "mọi": true}

// placeWithin: toks[i:e] name a place (an administrative word, a province).
func placeWithin(toks []token, i, e int) bool {
	for k := i; k < e; k++ {
		if adminAt(toks, k) {
			return true
		}
		if toks[k].upper {
			if _, _, ok := places.match(toks, k); ok {
				return true
			}
		}
	}
	return false
}

// schoolList: schools of one kind listed by their names only, after the
// kind in the plural ("7 trường THCS ... gồm Chu Văn An, Cầu Giấy và
// Thanh Xuân", "các trường tiểu học: An Hiệp, Phú Túc"). Each name is the
// school of that kind. It returns the end of the list.
func (x *extractor) schoolList(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	// organisations calls it only at "trường": keep the two alike.
	if toks[i].key != "truong" || toks[i].upper || i == 0 || !(pluralWords[lowerVN(toks[i-1].text)] || toks[i-1].kind == tokNumber || toks[i-1].key == "nhieu") {
		return 0, false
	}
	he, v, ok := heads.match(toks, i)
	if !ok || he == i+1 || v.(headInfo).Follows != "name" || !strings.HasPrefix(v.(headInfo).Canon, "Trường ") {
		return 0, false
	}
	h := v.(headInfo)
	k := he
	for ; k < len(toks) && k-he < 40; k++ {
		if t := &toks[k]; t.key == "gom" && !t.upper || t.text == ":" {
			break
		}
		if toks[k].text == "." || toks[k].text == ";" || used[k] {
			return 0, false
		}
	}
	if k >= len(toks) || k-he >= 40 {
		return 0, false
	}
	k++
	var items [][2]int
	for k < len(toks) && !used[k] && toks[k].upper && toks[k].kind == tokWord {
		e := x.properName(toks, k)
		for c := k + 1; c < e; c++ {
			if toks[c].key == "va" && !toks[c].upper {
				e = c // "Phú Túc và Tân Thạch": two items
				break
			}
		}
		if e == k || e-k > 6 {
			break
		}
		items = append(items, [2]int{k, e})
		k = e
		if k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "va" && !toks[k].upper || toks[k].text == ";") {
			k++
			continue
		}
		break
	}
	if len(items) < 2 {
		return 0, false
	}
	for _, it := range items {
		m := orgMatch{Name: h.Canon + " " + words(x.text, toks[it[0]:it[1]]), Kind: h.Kind, Level: "other"}
		x.addOrgMention(m, s, it[0], it[1])
		markUsed(used, it[0], it[1])
	}
	return items[len(items)-1][1], true
}

// placeList: one kind of body of several places named in a list ("UBND
// các xã An Thủy, An Hiệp và Bảo Thạnh", "Đảng ủy các phường 7, 8"): each
// place's body. It returns the end of the list.
func (x *extractor) placeList(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	// organisations calls it only at a capitalised head with "các" after
	// it (the word after the head): keep the two alike.
	he, v, ok := heads.match(toks, i)
	if !ok || !toks[i].upper || he+2 >= len(toks) || toks[he].key != "cac" {
		return 0, false
	}
	h := v.(headInfo)
	if h.Follows != "place" && h.Canon != "Đảng ủy" {
		return 0, false
	}
	ae, av, ok := admins.match(toks, he+1)
	if !ok {
		return 0, false
	}
	ai := av.(adminInfo)
	if ai.Level != "commune" && ai.Level != "district" {
		return 0, false
	}
	var items [][2]int
	k := ae
	for k < len(toks) && !used[k] && (toks[k].upper && toks[k].kind == tokWord || toks[k].kind == tokNumber && isDigits(toks[k].text)) {
		e := x.placeRunEnd(toks, k)
		if te, _, ok := towns.match(toks, k); ok && te > e {
			e = te // a town the lexicon knows ("Bình Lục")
		}
		if toks[k].kind == tokNumber {
			e = k + 1
		}
		if e == k {
			break
		}
		items = append(items, [2]int{k, e})
		k = e
		if k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "va" && !toks[k].upper) {
			k++
			continue
		}
		break
	}
	if len(items) < 2 {
		return 0, false
	}
	for n, it := range items {
		p := place{admin: ai.Canon, level: ai.Level, name: words(x.text, toks[it[0]:it[1]])}
		m := orgMatch{Name: h.Canon + " " + placeName(p), Kind: h.Kind, Level: p.level, Province: x.province}
		start := it[0]
		if n == 0 {
			start = i // the head is the first item's mention
		}
		x.addOrgMention(m, s, start, it[1])
		markUsed(used, start, it[1])
	}
	return items[len(items)-1][1], true
}

// insideTitle: the body m at toks[i] is part of a title ("Thủ tướng Chính
// phủ", "Ủy viên Bộ Chính trị", "Đại biểu Quốc hội"), which names no body
// of its own (the annotation rules).
// It returns the title's end when the title runs into the body.
func (x *extractor) insideTitle(toks []token, i int, m orgMatch) (int, bool) {
	for j := max(0, i-4); j < i; j++ {
		e, v, ok := titles.match(toks, j)
		if !ok {
			continue
		}
		t := v.(titleInfo)
		if e > i {
			if n, ok := titleHeadAt[key(t.Title)]; ok && j+n == i && e < len(toks) {
				if headsOffice(toks, j, i) && !(e < len(toks) && toks[e].key == "so" && toks[e].upper) {
					return 0, false // "Chánh Văn phòng UBND tỉnh": the office of the body after it
				}
				if _, _, after := x.parseOrg(toks, e); !after {
					// "Trưởng Ban Tổ chức Tỉnh ủy X": the body starts
					// inside the title and is the one it is held in.
					return 0, false
				}
			}
			return e, true
		}
		if e == i && t.ImpliedOrg != "" && key(t.ImpliedOrg) == key(m.Name) {
			return 0, true
		}
	}
	return 0, false
}

// electedAt: the body at toks[i] follows "bầu cử", "ứng cử" or "tái cử"
// (maybe with "đại biểu"), or is an assembly after "bầu", or the previous such body ended at
// toks[prev] and only "và", a comma or its term stand between
// ("bầu cử Quốc hội khóa XV và Hội đồng nhân dân").
func electedAt(toks []token, i, prev int) bool {
	k := i
	if k >= 2 && toks[k-2].key == "dai" && toks[k-1].key == "bieu" {
		k -= 2
	}
	switch {
	case k >= 1 && toks[k-1].text == "bầu":
		// "bầu Quốc hội, HĐND các cấp"; "bầu Ban Chấp hành" elects a body
		return toks[i].key == "quoc" && i+1 < len(toks) && toks[i+1].key == "hoi" || toks[i].key == "hdnd" || toks[i].key == "hoi" && i+2 < len(toks) && toks[i+1].key == "dong" && toks[i+2].key == "nhan"
	case k >= 2 && toks[k-1].text == "cử" && (toks[k-2].text == "bầu" || toks[k-2].text == "ứng" || toks[k-2].text == "tái"):
		return true
	}
	if prev < 0 || i-prev > 4 {
		return false
	}
	for j := prev; j < i; j++ {
		if t := &toks[j]; t.key != "va" && t.text != "," && t.key != "khoa" && !isRoman(t.text) {
			return false
		}
	}
	return true
}

// titleBefore: a title ends at toks[i] or runs into it ("trưởng công an
// xã", "giám đốc trung tâm y tế huyện").
func titleBefore(toks []token, i int) bool {
	for j := max(0, i-3); j <= i; j++ {
		if e, _, ok := titles.match(toks, j); ok && e >= i {
			return true
		}
	}
	return false
}

// lowerBodyName: the proper name after a head written in lower case names
// one body: two capitalised syllables or more, no acronym, no country, no
// "Trung ương" ("bệnh viện tuyến Trung ương").
func lowerBodyName(toks []token) bool {
	n := 0
	for k, t := range toks {
		switch {
		case t.kind == tokNumber:
			continue // "Nhi Đồng 1"
		case t.kind != tokWord || !t.upper || t.acronym || !t.syllable():
			return false
		}
		if _, _, ok := foreign.match(toks, k); ok {
			return false
		}
		n++
	}
	k := key(words2(toks))
	return n >= 2 && k != "trung uong" && k != "viet nam"
}

func words2(toks []token) string {
	var b strings.Builder
	for k, t := range toks {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}
