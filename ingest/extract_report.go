package ingest

import (
	"strconv"
	"strings"
	"time"

	"tracuu/vntext"
)

// period is a reporting period named in the text.
type period struct {
	text       string
	start, end time.Time
}

var quarters = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

// findPeriod looks for a reporting period in text: "6 tháng đầu năm
// 2020", "9 tháng", "6 tháng cuối năm", "quý I/2020", "quý II năm 2020".
// Years default to defYear.
func findPeriod(text string, defYear int) (period, bool) {
	toks := tokenize(text)
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		// N tháng [đầu|cuối] [năm] [YYYY]
		if t.kind == tokNumber && isDigits(t.text) && i+1 < len(toks) && toks[i+1].key == "thang" {
			n, _ := strconv.Atoi(t.text)
			if n != 3 && n != 6 && n != 9 && n != 11 && n != 12 && n != 10 && n != 8 {
				continue
			}
			j := i + 2
			last := false
			if j < len(toks) && (toks[j].key == "dau" || toks[j].key == "cuoi") {
				last = toks[j].key == "cuoi"
				j++
			}
			year := defYear
			if j < len(toks) && toks[j].key == "nam" {
				j++
				if j < len(toks) && isYear(toks[j].text) {
					year, _ = strconv.Atoi(toks[j].text)
					j++
				}
			} else if j < len(toks) && isYear(toks[j].text) {
				year, _ = strconv.Atoi(toks[j].text)
				j++
			}
			if year == 0 {
				continue
			}
			p := period{text: words(text, toks[i:j])}
			if last {
				p.start = time.Date(year, time.Month(13-n), 1, 0, 0, 0, 0, vntext.Vietnam)
				p.end = time.Date(year, 12, 31, 0, 0, 0, 0, vntext.Vietnam)
			} else {
				p.start = time.Date(year, 1, 1, 0, 0, 0, 0, vntext.Vietnam)
				p.end = time.Date(year, time.Month(n)+1, 0, 0, 0, 0, 0, vntext.Vietnam)
			}
			return p, true
		}
		// quý I/2020, quý II năm 2020
		if t.key == "quy" && i+1 < len(toks) {
			q, rest, _ := strings.Cut(toks[i+1].key, "/")
			n, ok := quarters[q]
			if !ok {
				continue
			}
			j := i + 2
			year := defYear
			if isYear(rest) {
				year, _ = strconv.Atoi(rest)
			} else if j+1 < len(toks) && toks[j].key == "nam" && isYear(toks[j+1].text) {
				year, _ = strconv.Atoi(toks[j+1].text)
				j += 2
			}
			if year == 0 {
				continue
			}
			return period{text: words(text, toks[i:j]),
				start: time.Date(year, time.Month(3*n-2), 1, 0, 0, 0, 0, vntext.Vietnam),
				end:   time.Date(year, time.Month(3*n)+1, 0, 0, 0, 0, 0, vntext.Vietnam)}, true
		}
	}
	return period{}, false
}

// yearPeriod finds "năm 2020" outside any document's name ("Nghị quyết
// Tỉnh ủy năm 2020" names a document, "kết quả năm 2020" a period).
func yearPeriod(text string, skip [][2]int) (period, bool) {
	toks := tokenize(text)
outer:
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].key != "nam" || !isYear(toks[i+1].text) {
			continue
		}
		for _, sp := range skip {
			if toks[i].start >= sp[0] && toks[i].start < sp[1] {
				continue outer
			}
		}
		y, _ := strconv.Atoi(toks[i+1].text)
		return period{text: words(text, toks[i:i+2]), start: time.Date(y, 1, 1, 0, 0, 0, 0, vntext.Vietnam), end: time.Date(y, 12, 31, 0, 0, 0, 0, vntext.Vietnam)}, true
	}
	return period{}, false
}

// report makes a Report of an article whose title or lead cites a
// resolution and names a period: it reviews how that resolution is carried
// out. The reporting organisation is the one the closing attribution
// speaks for, else the resolution's issuer.
func (x *extractor) report(out Extraction) (Report, bool) {
	var keys []string
	skip := map[string][][2]int{}
	for _, r := range out.Resolutions {
		inHead := false
		for _, m := range r.Mentions {
			if m.Field == FieldTitle || m.Field == FieldLead {
				inHead = true
				skip[m.Field] = append(skip[m.Field], [2]int{m.Start, m.End})
			}
		}
		if inHead {
			keys = append(keys, r.Key)
		}
	}
	if len(keys) == 0 {
		return Report{}, false
	}
	var p period
	found := false
	for _, f := range []struct{ name, text string }{{FieldTitle, x.a.Title}, {FieldLead, x.a.Lead}} {
		if p, found = findPeriod(f.text, x.year); found {
			break
		}
	}
	if !found {
		for _, f := range []struct{ name, text string }{{FieldTitle, x.a.Title}, {FieldLead, x.a.Lead}} {
			if p, found = yearPeriod(f.text, skip[f.name]); found {
				break
			}
		}
	}
	if !found {
		return Report{}, false
	}
	r := Report{Title: x.a.Title, Resolutions: keys, Period: p.text, PeriodStart: p.start, PeriodEnd: p.end, Figures: []int{}}
	// "Theo báo cáo của Ban Dân vận Tỉnh ủy": who reports.
	for _, o := range out.Organisations {
		for _, m := range o.Mentions {
			if r.Organisation != "" || o.Generic || m.Field != FieldTitle && m.Field != FieldLead && m.Field != FieldBody {
				continue
			}
			before := []rune(m.Sentence)[:m.Start-m.SentenceStart]
			if strings.HasSuffix(strings.ToLower(strings.TrimSpace(string(before))), "báo cáo của") {
				r.Organisation, r.OrganisationKey = o.Name, o.Key
			}
		}
	}
	for _, pos := range out.Positions {
		if r.Organisation == "" && pos.Mention.Field == FieldAttribution && pos.OrganisationKey != "" {
			r.Organisation, r.OrganisationKey = pos.Organisation, pos.OrganisationKey
			break
		}
	}
	if r.Organisation == "" {
		for _, res := range out.Resolutions {
			if res.Key == keys[0] && res.Issuer != "" && r.Organisation == "" {
				r.Organisation = res.Issuer
				for _, o := range out.Organisations {
					if o.Name == res.Issuer {
						r.OrganisationKey = o.Key
					}
				}
			}
		}
	}
	for i := range out.Figures {
		r.Figures = append(r.Figures, i)
	}
	return r, true
}
