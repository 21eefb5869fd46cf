package ingest

import (
	"strings"
)

// titleSeg is one title of a chain ("Ủy viên Trung ương Đảng, Bí thư Tỉnh
// ủy") with the organisation it is held in, when given.
type titleSeg struct {
	title      titleInfo
	org        orgMatch
	orgI, orgJ int // token span of the organisation; 0,0 when implied or absent
}

// people finds people and the positions they hold: a title chain before a
// name ("Phó bí thư Thường trực Tỉnh ủy Trần Ngọc Tam"), a name before one
// ("ông Nguyễn Văn A, Chủ tịch UBND xã"), honorifics ("Chủ tịch Hồ Chí
// Minh") and forms of address ("đồng chí Nguyễn Văn B").
func (x *extractor) people(s sentence, used []bool) {
	toks := s.toks
	starts := ranks.bit | titles.bit | honorTrie.bit
	for i := 0; i < len(toks); i++ {
		if used[i] || !toks[i].upper && firstWords[toks[i].id]&starts == 0 {
			continue // nothing below starts with a lower-case word outside the tries
		}
		if e, v, ok := honorTrie.match(toks, i); ok && toks[i].upper {
			p := x.person(v.(string))
			p.Mentions = append(p.Mentions, x.mention(MentionPerson, p.Key, s, i, e))
			markUsed(used, i, e)
			i = e - 1
			continue
		}
		if e, ok := x.titled(s, i, used); ok {
			i = e - 1
			continue
		}
		if e, ok := x.named(s, i, used); ok {
			i = e - 1
			continue
		}
		if e, ok := x.titledList(s, i, used); ok {
			i = e - 1
		}
	}
}

// skipRanks passes forms of address and ranks ("ông", "Thiếu tướng",
// "PGS.TS") at toks[k].
func skipRanks(toks []token, k int) (int, bool) {
	found := false
	for k < len(toks) {
		e, _, ok := ranks.match(toks, k)
		if !ok {
			break
		}
		k, found = e, true
	}
	return k, found
}

// titleChain reads titles and their organisations from toks[k]:
// "Tổng Bí thư, Chủ tịch nước", "Bí thư Tỉnh ủy kiêm Chủ tịch HĐND tỉnh".
// lower allows a lower-case first title (after a name and a comma).
func (x *extractor) titleChain(toks []token, k int, lower bool) ([]titleSeg, int) {
	var segs []titleSeg
	for k < len(toks) {
		e, v, ok := titles.match(toks, k)
		if !ok || !toks[k].upper && !lower && len(segs) == 0 {
			break
		}
		seg := titleSeg{title: v.(titleInfo)}
		k = e
		x.titleCtx = true
		o, oi, oe, ok := x.titleOrg(toks, e)
		x.titleCtx = false
		if ok {
			seg.org, seg.orgI, seg.orgJ = o, oi, oe
			if seg.title.ImpliedOrg != "" && key(o.Name) == key(seg.title.ImpliedOrg) {
				// "Thủ tướng Chính phủ": the organisation is part of the title.
				seg.orgI, seg.orgJ = 0, 0
			}
			k = oe
		} else if seg.title.ImpliedOrg != "" {
			seg.org = orgMatch{Name: seg.title.ImpliedOrg}
		}
		segs = append(segs, seg)
		if k+1 < len(toks) && (toks[k].text == "," || toks[k].key == "kiem") {
			if _, _, ok := titles.match(toks, k+1); ok {
				k++
				lower = true
				continue
			}
		}
		break
	}
	return segs, k
}

// parseName reads a person's name at toks[k]: two to four capitalised
// words, the first a family name unless a form of address came before.
func parseName(toks []token, k int, needSurname bool) int {
	e := k
	for e < len(toks) && isNameWord(toks[e]) {
		e++
	}
	n := e - k
	if n < 2 || n > 4 {
		return 0
	}
	if e < len(toks) && toks[e].kind == tokWord && toks[e].upper && toks[e].start == toks[e-1].end+1 && !hasAcronym(toks[e:e+1]) {
		return 0 // "Nguyễn Phú Trọngmong": a name glued to the next word
	}
	if needSurname && !isSurname(toks[k]) {
		return 0
	}
	if _, _, ok := heads.match(toks, k); ok {
		return 0
	}
	if pe, _, ok := places.match(toks, k); ok && pe == e {
		return 0 // "Hà Nội", "Hồ Chí Minh" after a title is a place
	}
	if e-k == 2 && countries[toks[k].key+" "+toks[k+1].key] {
		return 0 // "Đại sứ Hàn Quốc"
	}
	return e
}

// countries are names that look like people's: a family name and a word.
var countries = map[string]bool{"han quoc": true, "trung quoc": true, "nhat ban": true, "hoa ky": true, "viet nam": true,
	"thai lan": true, "an do": true, "anh quoc": true, "ai cap": true, "trieu tien": true,
	"dai loan": true, "hong kong": true, "ma cao": true}

// isSurname: a Vietnamese family name, spelt with its diacritics.
func isSurname(t token) bool { return surnames[strings.ToLower(t.text)] }

// titled: a title chain, maybe a form of address, then a name.
func (x *extractor) titled(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	k, _ := skipRanks(toks, i)
	segs, k := x.titleChain(toks, k, false)
	if len(segs) == 0 {
		return 0, false
	}
	k2 := k
	if k2 < len(toks) && (toks[k2].text == "," || toks[k2].text == "-" || toks[k2].text == "–") {
		// "Chủ tịch UBND tỉnh, ông Nguyễn Văn A", "Chủ tịch UBND tỉnh - Đỗ Quốc Văn"
		r, _ := skipRanks(toks, k2+1)
		if parseName(toks, r, true) > 0 {
			k2 = r
		}
	} else {
		k2, _ = skipRanks(toks, k2)
	}
	e := parseName(toks, k2, true)
	if e == 0 {
		return 0, false
	}
	end := e
	// "Phó Thủ tướng Vũ Đức Đam, Trưởng Ban Chỉ đạo Nhà nước về Du lịch"
	if e+1 < len(toks) && toks[e].text == "," {
		if more, me := x.titleChain(toks, e+1, false); len(more) > 0 {
			segs = append(segs, more...)
			end = me
		}
	}
	x.recordPerson(s, i, k2, e, segs, used)
	markUsed(used, i, end)
	return end, true
}

// titledList: "<title> là ông A và ông B" ("2 Phó Chánh thanh tra là ông
// Ngô Minh Hưng và ông Đỗ Anh Dũng").
func (x *extractor) titledList(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	segs, k := x.titleChain(toks, i, true)
	if len(segs) == 0 || k >= len(toks) || toks[k].key != "la" {
		return 0, false
	}
	k++
	end := 0
	for k < len(toks) {
		r, addressed := skipRanks(toks, k)
		if !addressed {
			break
		}
		e := parseName(toks, r, false)
		if e == 0 {
			break
		}
		x.recordPerson(s, i, r, e, segs, used)
		end = e
		k = e
		if k < len(toks) && (toks[k].key == "va" || toks[k].text == ",") {
			k++
			continue
		}
		break
	}
	if end == 0 {
		return 0, false
	}
	markUsed(used, i, end)
	return end, true
}

// named: a name (after a form of address, or starting with a family name),
// then ", <title chain>", "- <title chain>" or "(<title chain>)".
func (x *extractor) named(s sentence, i int, used []bool) (int, bool) {
	toks := s.toks
	k, addressed := skipRanks(toks, i)
	if !addressed && !toks[i].upper {
		return 0, false
	}
	e := parseName(toks, k, !addressed)
	if e == 0 {
		return 0, false
	}
	end := e
	var segs []titleSeg
	if e+1 < len(toks) && (toks[e].text == "," || toks[e].text == "-" || toks[e].text == "(" || toks[e].text == "–" || toks[e].key == "la" && addressed) {
		var te int
		segs, te = x.titleChain(toks, e+1, true)
		if len(segs) > 0 {
			end = te
			if toks[e].text == "(" && end < len(toks) && toks[end].text == ")" {
				end++
			}
		}
	}
	if len(segs) == 0 && !addressed {
		return 0, false
	}
	x.recordPerson(s, i, k, e, segs, used)
	markUsed(used, i, end)
	return end, true
}

// recordPerson adds the person named at toks[ni:ne] and a position per
// title, mentioned by the span toks[i:...].
func (x *extractor) recordPerson(s sentence, i, ni, ne int, segs []titleSeg, used []bool) {
	toks := s.toks
	name := words(x.text, toks[ni:ne])
	p := x.person(name)
	p.Mentions = append(p.Mentions, x.mention(MentionPerson, p.Key, s, ni, ne))
	lo, hi := i, ne
	for _, sg := range segs {
		if sg.orgJ > hi {
			hi = sg.orgJ
		}
	}
	for _, sg := range segs {
		orgName, orgKey := sg.org.Name, ""
		if sg.orgJ > 0 && !sg.org.Generic {
			o := x.addOrgMention(sg.org, s, sg.orgI, sg.orgJ)
			orgName, orgKey = o.Name, o.Key
			markUsed(used, sg.orgI, sg.orgJ)
		} else if sg.org.Generic {
			orgName = ""
		} else if orgName != "" {
			orgKey = key(orgName)
			if j, ok := x.orgIdx[orgKey]; ok {
				orgName = x.orgs[j].Name
			} else if v, ok := lookupFixedOrg(orgName); ok {
				o := x.org(orgMatch{Name: v.Name, Kind: v.Kind, Level: v.Level, Parent: v.Parent})
				orgName, orgKey = o.Name, o.Key
			}
		}
		// One position per person and title: a later mention may name the
		// organisation an earlier one left out, never the reverse.
		k := p.Key + "|" + key(sg.title.Title)
		if at, ok := x.posSeen[k]; ok {
			if x.pos[at].OrganisationKey == "" && orgKey != "" {
				x.pos[at].Organisation, x.pos[at].OrganisationKey = orgName, orgKey
			}
			continue
		}
		x.posSeen[k] = len(x.pos)
		x.pos = append(x.pos, Position{
			Person: p.Name, PersonKey: p.Key, Title: sg.title.Title, Organisation: orgName, OrganisationKey: orgKey,
			AsOf: x.a.PublishedAt, Mention: x.mention(MentionPerson, p.Key, s, lo, hi),
		})
	}
}

func lookupFixedOrg(name string) (orgInfo, bool) {
	toks := tokenize(name)
	e, v, ok := fixedOrgs.match(toks, 0)
	if !ok || e != len(toks) {
		return orgInfo{}, false
	}
	return v.(orgInfo), true
}

// titleOrg reads the organisation of a title ending at toks[e] and
// returns it with its token span.
func (x *extractor) titleOrg(toks []token, e int) (orgMatch, int, int, bool) {
	if o, oe, ok := x.orgInTitle(toks, e); ok {
		return o, e - 1, oe, true
	}
	if o, oe, ok := x.parseOrg(toks, e); ok {
		return o, e, oe, true
	}
	return orgMatch{}, 0, 0, false
}

// orgInTitle tries the organisation that starts with the last word of a
// title ending at toks[e]: "Trưởng ban Tổ chức" is the head of "Ban Tổ
// chức", "Trưởng Phòng Kiểm định" of "Phòng Kiểm định".
func (x *extractor) orgInTitle(toks []token, e int) (orgMatch, int, bool) {
	last := toks[e-1].key
	if last != "ban" && last != "phong" || e >= len(toks) || !toks[e].upper {
		return orgMatch{}, 0, false
	}
	tmp := make([]token, min(len(toks), e+24))
	copy(tmp, toks)
	tmp[e-1].upper = true
	tmp[e-1].text = strings.ToUpper(tmp[e-1].text[:1]) + tmp[e-1].text[1:]
	o, oe, ok := x.parseOrg(tmp, e-1)
	if !ok || oe <= e || o.Generic {
		return orgMatch{}, 0, false
	}
	return o, oe, true
}
