package ingest

import (
	"strconv"
	"strings"
)

var (
	// figureSkipAfter: a number after these words is a date, an ordinal or
	// a reference, not a figure.
	figureSkipAfter = map[string]bool{"năm": true, "tháng": true, "ngày": true, "quý": true, "lần": true, "thứ": true, "số": true,
		"khóa": true, "khoá": true, "bước": true, "giờ": true, "phút": true, "tuần": true, "điều": true, "khoản": true, "chương": true,
		"mục": true, "phường": true, "quận": true, "kỳ": true, "covid": true, "tw": true, "ương": true, "hạng": true, "top": true,
		"lớp": true, "khu": true, "tổ": true, "đội": true, "ấp": true, "khóm": true, "xóm": true, "đoạn": true, "tuyến": true}
	qualifiers = map[string]bool{"hon": true, "tren": true, "gan": true, "khoang": true, "duoi": true, "toi": true, "gan nhu": true, "xap xi": true, "chung": true, "ngot": true, "it nhat": true, "toi da": true}
	scales     = map[string]float64{"ty": 1e9, "trieu": 1e6, "nghin": 1e3, "ngan": 1e3}
	// labelStops end the words that qualify a figure's unit.
	// labelStops end the words that qualify a figure's unit. They are
	// compared as written (lower case), not folded: "giảm" stops, "giám sát"
	// does not.
	labelStops = map[string]bool{"và": true, "với": true, "trong": true, "tại": true, "cho": true, "của": true, "chiếm": true, "đạt": true,
		"bằng": true, "tăng": true, "giảm": true, "là": true, "so": true, "từ": true, "đến": true, "như": true, "những": true, "theo": true,
		"ở": true, "trên": true, "vào": true, "về": true, "đối": true, "nhằm": true, "để": true, "khi": true, "nhưng": true, "mà": true,
		"thì": true, "do": true, "hoặc": true, "hay": true, "các": true, "mỗi": true, "này": true, "đó": true}
	changeVerbs = map[string]bool{"tăng": true, "giảm": true}
	// measures are units of amount (money, area, weight): their label is
	// what is measured ("thu ngân sách"), not the unit.
	measures = map[string]bool{"đồng": true, "tỷ đồng": true, "triệu đồng": true, "nghìn đồng": true, "ngàn đồng": true, "USD": true,
		"tỷ USD": true, "triệu USD": true, "ha": true, "héc-ta": true, "tấn": true, "kg": true, "km": true, "m": true, "m2": true, "m3": true}
	// leadVerbs stand between what is measured and the number: "thu ngân
	// sách đạt 112,5 tỷ đồng".
	leadVerbs = map[string]bool{"đạt": true, "là": true, "có": true, "gồm": true, "được": true, "khoảng": true, "lên": true, "tới": true,
		"với": true, "chỉ": true, "còn": true, "trên": true, "hơn": true, "gần": true, "đến": true}
	percentVerbs = map[string]bool{"chiem": true, "dat": true, "bang": true, "len": true}
	labelTrims   = map[string]bool{"đã": true, "có": true, "được": true, "gồm": true, "sẽ": true, "đang": true}
)

// ParseNumber reads a number written the Vietnamese way: "." groups
// thousands and "," marks decimals ("49.356", "1.234.567", "97,73",
// "1.234,5"). A "." not followed by groups of three digits is a decimal
// point ("2.5"), as English-style text writes it.
func ParseNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if strings.Count(s, ",") > 1 { // 1,234,567: English thousands
			intPart, frac = strings.ReplaceAll(s, ",", ""), ""
		}
	}
	if strings.Contains(intPart, ".") {
		groups := strings.Split(intPart, ".")
		thousands := true
		for _, g := range groups[1:] {
			if len(g) != 3 {
				thousands = false
			}
		}
		switch {
		case thousands:
			intPart = strings.Join(groups, "")
		case len(groups) == 2 && frac == "":
			intPart, frac = groups[0], groups[1]
		default:
			return 0, false
		}
	}
	if !isDigits(intPart) || frac != "" && !isDigits(frac) {
		return 0, false
	}
	v, err := strconv.ParseFloat(intPart+"."+frac+"0", 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// figures finds the numbers a sentence reports: a count with its unit
// ("49.356 ĐV dự học, chiếm 97,73%"), a ratio ("621/638 TCĐ cơ sở"), an
// amount ("12,5 tỷ đồng") or a percentage ("tăng 12,5%").
func (x *extractor) figures(s sentence, used []bool) {
	toks := s.toks
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if used[i] || t.kind != tokNumber {
			continue
		}
		if i > 0 && figureSkipAfter[lowerVN(toks[i-1].text)] {
			continue
		}
		var f Figure
		start := i
		if i > 0 && qualifiers[toks[i-1].key] {
			f.Qualifier = toks[i-1].text
			start = i - 1
		} else if i > 1 && qualifiers[toks[i-2].key+" "+toks[i-1].key] {
			f.Qualifier = toks[i-2].text + " " + toks[i-1].text
			start = i - 2
		}
		if a, b, ok := strings.Cut(t.text, "/"); ok {
			va, ok1 := ParseNumber(a)
			vb, ok2 := ParseNumber(b)
			if !ok1 || !ok2 || strings.Contains(b, "/") || va > vb || vb <= 31 && va <= 12 {
				continue // a date, or not a share
			}
			f.Value, f.Total = va, &vb
		} else {
			if strings.Contains(t.text, "-") || isYear(t.text) {
				continue
			}
			v, ok := ParseNumber(t.text)
			if !ok {
				continue
			}
			f.Value = v
		}
		k := i + 1
		scaleWord := ""
		if k < len(toks) {
			if m, ok := scales[toks[k].key]; ok && f.Total == nil {
				f.Value *= m
				scaleWord = toks[k].text
				k++
			}
		}
		end := k
		switch {
		case k < len(toks) && toks[k].text == "%" && f.Total == nil:
			p := f.Value
			f.Percent, f.Unit = &p, "%"
			end = k + 1
			f.Label = x.labelBefore(toks, start, used)
			if f.Label == "" {
				// "100% tổ chức cơ sở đảng đăng ký": what the share is of.
				var ws []string
				for c := end; c < len(toks) && c-end < 5 && toks[c].kind == tokWord && !labelStops[lowerVN(toks[c].text)]; c++ {
					if toks[c].upper && abbrevs[toks[c].text] == "" {
						break
					}
					ws = append(ws, expandWord(toks[c].text))
				}
				f.Label = lowerVN(strings.Join(ws, " "))
			}
		default:
			unit, ue := x.unitAt(toks, k)
			if unit == "" {
				if scaleWord == "" {
					continue
				}
				ue = k
			}
			f.Unit = unit
			labelEnd := ue
			var rest []string
			for labelEnd < len(toks) && labelEnd-ue < 6 {
				lt := &toks[labelEnd]
				lw := lowerVN(lt.text)
				if lt.kind != tokWord || used[labelEnd] || labelStops[lw] && !(percentVerbs[lt.key] && !(labelEnd+1 < len(toks) && toks[labelEnd+1].kind == tokNumber)) {
					break
				}
				if _, ok := abbrevs[lt.text]; !ok && lt.upper {
					break
				}
				rest = append(rest, expandWord(lt.text))
				labelEnd++
			}
			end = labelEnd
			ubase, _, _ := strings.Cut(unit, "/")
			measure := measures[unit] || measures[ubase]
			before := ""
			if len(rest) == 0 || measure {
				before = x.labelBefore(toks, start, used)
			}
			switch {
			case measure && len(rest) > 0:
				f.Label = strings.Join(rest, " ")
			case measure && before != "":
				f.Label = before
			case len(rest) > 0:
				f.Label = strings.TrimSpace(unit + " " + strings.Join(rest, " "))
			default:
				f.Label = strings.TrimSpace(unit + " " + before)
			}
			if f.Label == "" {
				f.Label = scaleWord
			}
			// ", chiếm 97,73%", also after the rest of the clause
			// ("37/39 chi bộ ... sinh hoạt chuyên đề, đạt 94,87%").
			c := end
			for c < len(toks) && c-end < 10 && toks[c].kind == tokWord && !used[c] && !percentVerbs[toks[c].key] {
				c++
			}
			if pe, p, ok := percentAfter(toks, c, used); ok {
				f.Percent = &p
				end = pe
			}
		}
		f.Mention = x.mention(MentionFigure, "", s, start, end)
		markUsed(used, start, end)
		x.figs = append(x.figs, f)
		i = end - 1
	}
}

// unitAt reads a figure's unit at toks[k]: an abbreviation (ĐV → đảng
// viên) or a count noun from units.txt.
func (x *extractor) unitAt(toks []token, k int) (string, int) {
	if k >= len(toks) || toks[k].kind != tokWord {
		return "", k
	}
	t := &toks[k]
	if exp, ok := abbrevs[t.text]; ok {
		return exp, k + 1
	}
	if a, _, ok := strings.Cut(t.text, "/"); ok {
		// "đồng/năm", "tấn/ha": a rate, named as written.
		if unitWords[lowerVN(a)] {
			return t.text, k + 1
		}
		return "", k
	}
	e, v, ok := units.match(toks, k)
	if !ok {
		return "", k
	}
	u := v.(string)
	first, _, _ := strings.Cut(u, " ")
	// Keys fold diacritics away ("cá nhân" and "ca"): the first word must
	// be the unit's as written.
	if lowerVN(t.text) != lowerVN(first) {
		return "", k
	}
	return u, e
}

// unitWords are the one-word units, as written.
var unitWords = map[string]bool{}

func init() {
	for _, c := range lines("units.txt") {
		if !strings.Contains(c[0], " ") {
			unitWords[lowerVN(c[0])] = true
		}
	}
}

// percentAfter reads ", chiếm 97,73%" / "đạt 97,34%" after a figure.
func percentAfter(toks []token, k int, used []bool) (int, float64, bool) {
	j := k
	if j < len(toks) && toks[j].text == "," {
		j++
	}
	if j >= len(toks) || !percentVerbs[toks[j].key] {
		return 0, 0, false
	}
	j++
	if j+1 < len(toks) && toks[j].key == "ty" && toks[j+1].key == "le" {
		j += 2
	}
	if j+1 >= len(toks) || toks[j].kind != tokNumber || toks[j+1].text != "%" || used[j] {
		return 0, 0, false
	}
	p, ok := ParseNumber(toks[j].text)
	if !ok {
		return 0, 0, false
	}
	return j + 2, p, true
}

// labelBefore is the phrase before a figure, back to the start of the
// clause and past a linking verb: "giảm biên chế" in "giảm biên chế 119
// trường hợp", "thu ngân sách" in "thu ngân sách đạt 112,5 tỷ đồng".
// Words of an organisation or a document already recognised are not
// part of it.
func (x *extractor) labelBefore(toks []token, start int, used []bool) string {
	e := start
	for e > 0 && start-e < 2 && toks[e-1].kind == tokWord && leadVerbs[lowerVN(toks[e-1].text)] {
		e--
	}
	b := e
	for b > 0 && e-b < 6 {
		t := &toks[b-1]
		lw := lowerVN(t.text)
		if t.kind != tokWord || used[b-1] || t.upper && abbrevs[t.text] == "" && b-1 > 0 || labelStops[lw] && !changeVerbs[lw] || labelTrims[lw] {
			break
		}
		b--
	}
	var ws []string
	for _, t := range toks[b:e] {
		ws = append(ws, expandWord(t.text))
	}
	return lowerVN(strings.Join(ws, " "))
}

// expandWord spells out an abbreviation (ĐH → đại hội).
func expandWord(w string) string {
	if e, ok := abbrevs[w]; ok {
		return e
	}
	return w
}
